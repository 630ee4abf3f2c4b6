/**
 * @file The reference semantics of the pool_scatter routine (the gradient of non-overlapping max/min
 * pooling: each window's cotangent at its first extremum, zeros elsewhere): plain loops, used by the
 * js backend and as the wasm module's test oracle.
 */
import type { TypedArray } from "../core/dtype.js";
import type { PoolScatterParams } from "./backend.js";

/** Most taps of a window pool_scatter takes (the wasm module unrolls them; larger windows take the generic kernels). */
export const POOL_SCATTER_MAX_TAPS = 16;

/** Elements pool_scatter writes (the operand's size, A·KY·B·KX·L). */
export const poolScatterSize = (p: PoolScatterParams): number => p.outer * p.window[0] * p.inner * p.window[1] * p.run;

/**
 * Fill `out` (x's layout [A, KY, B, KX, L]) from `x` and the window cotangents `s` ([A, B, L]): for each
 * window (a, b) and lane l, s[a, b, l] at the first tap (ky, kx) in row-major order whose value equals
 * the window's maximum (op "max") or minimum ("min"), 0 at the other taps — and 0 at every tap when
 * the window holds a NaN.
 */
export function poolScatterRef(x: TypedArray, s: TypedArray, out: TypedArray, p: PoolScatterParams): void {
  const A = p.outer, B = p.inner, L = p.run, [KY, KX] = p.window;
  const max = p.op === "max";
  const tys = B * KX * L, txs = L;
  for (let a = 0; a < A; a++)
    for (let b = 0; b < B; b++) {
      const base = (a * KY * B + b) * KX * L, sRow = (a * B + b) * L;
      for (let l = 0; l < L; l++) {
        let best = x[base + l] as number;
        for (let ky = 0; ky < KY; ky++)
          for (let kx = 0; kx < KX; kx++) {
            const v = x[base + ky * tys + kx * txs + l] as number;
            best = Number.isNaN(v) || Number.isNaN(best) ? NaN : max ? Math.max(best, v) : Math.min(best, v);
          }
        let taken = false;
        for (let ky = 0; ky < KY; ky++)
          for (let kx = 0; kx < KX; kx++) {
            const i = base + ky * tys + kx * txs + l;
            const hit: boolean = !taken && x[i] === best; // false for every tap when best is NaN
            taken ||= hit;
            out[i] = hit ? s[sRow + l] : 0;
          }
      }
    }
}
