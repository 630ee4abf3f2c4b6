/**
 * @file The blocked matmul driver (GotoBLAS loop order) over one part of the output — a range of
 * batches, rows and columns — so that the main thread and worker threads (worker.ts) can each run
 * one part with their own packing scratch. Runs the exports of a matmul module (matmul.ts).
 */
import type { MatmulExports } from "./matmul.js";

/** A gemm part as a flat list of integers (it travels to workers through an Int32Array). */
export type GemmArgs = number[];

/** Names of the GemmArgs fields, in order (addresses and the element size in bytes, strides in elements). */
export const GEMM_FIELDS = [
  "t0", "t1", "i0", "i1", "j0", "j1", "m", "n", "k", "lb", "lm", "lk", "rb", "rk", "rn",
  "c0", "a0", "b0", "scratch", "es", "mr", "nr", "kc", "mc", "nc",
] as const;
type Field = (typeof GEMM_FIELDS)[number];

/** Pack the fields into GemmArgs. */
export function gemmArgs(f: Record<Field, number>): GemmArgs {
  return GEMM_FIELDS.map((k) => f[k]);
}

const roundUp = (x: number, to: number) => Math.ceil(x / to) * to;

/** Bytes of packing scratch one part needs: the A block, the B block and the edge tile. */
export function gemmScratchBytes(m: number, n: number, k: number, es: number, mr: number, nr: number, kc: number, mc: number, nc: number): number {
  const mcMax = Math.min(mc, roundUp(m, mr)), kcMax = Math.min(kc, k), ncMax = Math.min(nc, roundUp(n, nr));
  return roundUp(mcMax, mr) * kcMax * es + kcMax * roundUp(ncMax, nr) * es + mr * nr * es;
}

/**
 * out[t, i, j] = Σ_p lhs[t, i, p]·rhs[t, p, j] for t ∈ [t0, t1), i ∈ [i0, i1), j ∈ [j0, j1):
 * B blocks (kc × nc) are packed once per (column block, depth block), A blocks (mc × kc) once per row
 * block; `macro` stores on the first depth block and adds on the later ones.
 */
export function gemm(ex: MatmulExports, a: GemmArgs): void {
  const [t0, t1, i0, i1, j0, j1, m, n, k, lb, lm, lk, rb, rk, rn, c0, a0, b0, scratch, es, mr, nr, kcB, mcB, ncB] = a;
  const { packA, packB, macro } = ex;
  const mcMax = Math.min(mcB, roundUp(i1 - i0, mr)), kcMax = Math.min(kcB, k), ncMax = Math.min(ncB, roundUp(j1 - j0, nr));
  const ap = scratch, bp = ap + roundUp(mcMax, mr) * kcMax * es, tile = bp + kcMax * roundUp(ncMax, nr) * es;
  for (let t = t0; t < t1; t++) {
    const aB = a0 + t * lb * es, bB = b0 + t * rb * es, cB = c0 + t * m * n * es;
    for (let jc = j0; jc < j1; jc += ncB) {
      const nc = Math.min(ncB, j1 - jc);
      for (let pc = 0; pc < k; pc += kcB) {
        const kc = Math.min(kcB, k - pc);
        packB(bB + (pc * rk + jc * rn) * es, rk * es, rn * es, kc, nc, bp);
        for (let ic = i0; ic < i1; ic += mcB) {
          const mc = Math.min(mcB, i1 - ic);
          packA(aB + (ic * lm + pc * lk) * es, lm * es, lk * es, mc, kc, ap);
          macro(mc, nc, kc, ap, bp, cB + (ic * n + jc) * es, n * es, pc === 0 ? 1 : 0, tile);
        }
      }
    }
  }
}

/**
 * Split the product into at most `parts` parts of similar work, along batches when there are
 * enough, else along the larger of rows (in multiples of `mr`) and columns (multiples of `nr`).
 * Returns [t0, t1, i0, i1, j0, j1] per part.
 */
export function splitGemm(batch: number, m: number, n: number, mr: number, nr: number, parts: number): number[][] {
  const even = (len: number, unit: number): number[] => {
    const units = Math.ceil(len / unit), p = Math.max(1, Math.min(parts, units)), cuts = [0];
    for (let q = 1; q <= p; q++) cuts.push(Math.min(len, Math.round((units * q) / p) * unit));
    return cuts;
  };
  const out: number[][] = [];
  if (batch >= parts) {
    const c = even(batch, 1);
    for (let q = 0; q + 1 < c.length; q++) out.push([c[q], c[q + 1], 0, m, 0, n]);
  } else if (n / nr >= m / mr) {
    const c = even(n, nr);
    for (let q = 0; q + 1 < c.length; q++) out.push([0, batch, 0, m, c[q], c[q + 1]]);
  } else {
    const c = even(m, mr);
    for (let q = 0; q + 1 < c.length; q++) out.push([0, batch, c[q], c[q + 1], 0, n]);
  }
  return out;
}
