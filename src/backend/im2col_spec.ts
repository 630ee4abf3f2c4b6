/** @file The reference semantics of the im2col routine (the window gather of a convolution, or its tap sum): plain loops, used by the js backend. */
import type { TypedArray } from "../core/dtype.js";
import type { Im2colParams } from "./backend.js";

/** Elements the im2col routine writes. */
export const im2colSize = (p: Im2colParams): number => p.outer.reduce((a, b) => a * b, 1) * (p.sum ? 1 : p.inner[0] * p.inner[1]) * p.run;

/** Fill `out` (im2colSize(p) elements) from `x` as Im2colParams describes. */
export function im2colRef(x: TypedArray, out: TypedArray, p: Im2colParams): void {
  const [G, P, UY, UX] = p.outer, [VY, VX] = p.inner, L = p.run, sum = p.sum;
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
                if (sum) for (let l = 0; l < L; l++) out[d + l] += x[s + l * ls];
                else for (let l = 0; l < L; l++) out[d + l] = x[s + l * ls];
              }
              if (!sum) d += L;
            }
          }
          if (sum) d += L;
        }
}
