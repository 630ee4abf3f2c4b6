/**
 * @file The blocked matmul driver (GotoBLAS loop order) over one part of the output — a range of
 * batches, rows and columns — so that the main thread and worker threads (worker.ts) can each run
 * one part with their own packing scratch. Runs the exports of a matmul module (matmul.ts).
 *
 * A product split across threads by columns reads all of lhs in every part, one split by rows all
 * of rhs: that operand is packed once, before the parts run (`prepack`), and the parts read the
 * shared panels instead of each packing its own copy — so the parts can be small (a late thread's
 * share is taken by the others) without repeating the packing.
 */
import type { MatmulExports } from "./matmul.js";

/** A gemm part as a flat list of integers (it travels to workers through an Int32Array). */
export type GemmArgs = number[];

/**
 * Names of the GemmArgs fields, in order (addresses and the element size in bytes, strides in
 * elements); `apre`/`bpre`: the address of lhs/rhs packed whole by `prepack` (batch 1), or 0.
 */
export const GEMM_FIELDS = [
  "t0", "t1", "i0", "i1", "j0", "j1", "m", "n", "k", "lb", "lm", "lk", "rb", "rk", "rn",
  "c0", "a0", "b0", "scratch", "es", "mr", "nr", "kc", "mc", "nc", "apre", "bpre",
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
  const [t0, t1, i0, i1, j0, j1, m, n, k, lb, lm, lk, rb, rk, rn, c0, a0, b0, scratch, es, mr, nr, kcB, mcB, ncB, apre, bpre] = a;
  const { packA, packB, macro } = ex;
  const mcMax = Math.min(mcB, roundUp(i1 - i0, mr)), kcMax = Math.min(kcB, k), ncMax = Math.min(ncB, roundUp(j1 - j0, nr));
  const ap = scratch, bp = ap + roundUp(mcMax, mr) * kcMax * es, tile = bp + kcMax * roundUp(ncMax, nr) * es;
  // pre-packed operands: depth block pc holds every row (column) panel; the panel of row i (column j) at i/mr (j/nr)
  const mAll = roundUp(m, mr), nAll = roundUp(n, nr);
  for (let t = t0; t < t1; t++) {
    const aB = a0 + t * lb * es, bB = b0 + t * rb * es, cB = c0 + t * m * n * es;
    for (let jc = j0; jc < j1; jc += ncB) {
      const nc = Math.min(ncB, j1 - jc);
      for (let pc = 0; pc < k; pc += kcB) {
        const kc = Math.min(kcB, k - pc);
        let b = bp;
        if (bpre) b = bpre + (pc * nAll + (jc / nr) * kc * nr) * es;
        else packB(bB + (pc * rk + jc * rn) * es, rk * es, rn * es, kc, nc, bp);
        for (let ic = i0; ic < i1; ic += mcB) {
          const mc = Math.min(mcB, i1 - ic);
          let A = ap;
          if (apre) A = apre + (pc * mAll + (ic / mr) * kc * mr) * es;
          else packA(aB + (ic * lm + pc * lk) * es, lm * es, lk * es, mc, kc, ap);
          macro(mc, nc, kc, A, b, cB + (ic * n + jc) * es, n * es, pc === 0 ? 1 : 0, tile);
        }
      }
    }
  }
}

/** Which axis `splitGemm` splits: batches, rows (then every part reads all of rhs) or columns (all of lhs). */
export function splitAxis(batch: number, m: number, n: number, mr: number, nr: number, parts: number): "batch" | "rows" | "cols" {
  return batch >= parts ? "batch" : n / nr >= m / mr ? "cols" : "rows";
}

/** Bytes `prepack` writes: all of lhs (`which` "a") or rhs ("b") in panels. */
export function prepackBytes(which: "a" | "b", m: number, n: number, k: number, es: number, mr: number, nr: number): number {
  return (which === "a" ? roundUp(m, mr) : roundUp(n, nr)) * k * es;
}

/**
 * Pack all of lhs (`which` "a") or rhs ("b") of a batch-1 product once, at `dst`, in the layout
 * `gemm` reads through `apre`/`bpre`: per depth block of kc, every panel of mr rows (nr columns).
 */
export function prepack(ex: MatmulExports, a: GemmArgs, which: "a" | "b", dst: number): void {
  const [, , , , , , m, n, k, , lm, lk, , rk, rn, , a0, b0, , es, mr, nr, kcB] = a;
  for (let pc = 0; pc < k; pc += kcB) {
    const kc = Math.min(kcB, k - pc);
    if (which === "a") ex.packA(a0 + pc * lk * es, lm * es, lk * es, m, kc, dst + pc * roundUp(m, mr) * es);
    else ex.packB(b0 + pc * rk * es, rk * es, rn * es, kc, n, dst + pc * roundUp(n, nr) * es);
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
  const axis = splitAxis(batch, m, n, mr, nr, parts);
  if (axis === "batch") {
    const c = even(batch, 1);
    for (let q = 0; q + 1 < c.length; q++) out.push([c[q], c[q + 1], 0, m, 0, n]);
  } else if (axis === "cols") {
    const c = even(n, nr);
    for (let q = 0; q + 1 < c.length; q++) out.push([0, batch, 0, m, c[q], c[q + 1]]);
  } else {
    const c = even(m, mr);
    for (let q = 0; q + 1 < c.length; q++) out.push([0, batch, c[q], c[q + 1], 0, n]);
  }
  return out;
}
