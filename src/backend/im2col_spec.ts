/** @file The reference semantics of the im2col routine (the window gather of a convolution, or its tap sum): plain loops, used by the js backend. */
import type { TypedArray } from "../core/dtype.js";
import type { Im2colParams } from "./backend.js";

/**
 * Output features the `dot` form takes: whole 16-byte vectors, at most 8 of them (32 float32 or 16
 * float64) — the accumulators of one row stay in registers.
 */
export const dotFits = (dtype: string, n: number): boolean => {
  const es = dtype === "float64" ? 8 : dtype === "float32" ? 4 : 0;
  return es > 0 && n > 0 && (n * es) % 16 === 0 && n * es <= 128;
};

/** Elements the im2col routine writes. */
export const im2colSize = (p: Im2colParams): number => p.outer.reduce((a, b) => a * b, 1) * (p.dot > 0 ? p.dot : (p.sum ? 1 : p.inner[0] * p.inner[1]) * p.run);

/** Fill `out` (im2colSize(p) elements) from `x` (and `w` with `dot`) as Im2colParams describes. */
export function im2colRef(x: TypedArray, out: TypedArray, p: Im2colParams, w?: TypedArray): void {
  const [G, P, UY, UX] = p.outer, [VY, VX] = p.inner, L = p.run, sum = p.sum, n = p.dot;
  const round = out instanceof Float32Array ? Math.fround : (v: number) => v;
  const [gs, ps, ys, xs, tys, txs, ls] = p.strides, [[suY, svY, loY], [suX, svX, loX]] = p.window, [H, W] = p.inSize;
  out.fill(0);
  let d = 0;
  for (let g = 0; g < G; g++)
    for (let q = 0; q < P; q++)
      for (let uy = 0; uy < UY; uy++)
        for (let ux = 0; ux < UX; ux++) {
          for (let vy = 0; vy < VY; vy++) {
            const y = uy * suY + vy * svY - loY;
            for (let vx = 0; vx < VX; vx++) {
              const xx = ux * suX + vx * svX - loX;
              if (y >= 0 && y < H && xx >= 0 && xx < W) {
                const s = g * gs + q * ps + y * ys + xx * xs + vy * tys + vx * txs;
                if (n > 0) {
                  for (let l = 0; l < L; l++) {
                    const xv = x[s + l * ls], wr = ((vy * VX + vx) * L + l) * n;
                    for (let j = 0; j < n; j++) out[d + j] += round(xv * (w as TypedArray)[wr + j]);
                  }
                } else if (sum) for (let l = 0; l < L; l++) out[d + l] += x[s + l * ls];
                else for (let l = 0; l < L; l++) out[d + l] = x[s + l * ls];
              }
              if (!sum && n === 0) d += L;
            }
          }
          if (n > 0) d += n;
          else if (sum) d += L;
        }
}
