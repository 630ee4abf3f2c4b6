/** @file HESSE: the covariance 2·errordef·H⁻¹ from the exact AD Hessian of fcn in internal coordinates, made positive definite if it is not (as Minuit's MnPosDef). */
import { type Mat, invSpd, dot, matVec } from "./dense.js";
import type { Compiled, Counters } from "./problem.js";

/** W = H⁻¹ at u, with a flag saying whether H had to be made positive definite. */
export function hesseMetric(f: Compiled, u: number[], c: number[], cnt: Counters): { W: Mat; posdef: boolean; finite: boolean; fval: number; grad: number[]; edm: number } {
  const [fval, grad] = f.valueGrad(u, c, cnt);
  const H = f.hessian(u, c, cnt);
  const finite = Number.isFinite(fval) && H.every((r) => r.every(Number.isFinite));
  if (!finite) return { W: u.map((_, i) => u.map((__, j) => (i === j ? 1 : 0))), posdef: false, finite, fval, grad, edm: NaN };
  const { W, posdef } = posdefInverse(H, f.inverse);
  return { W, posdef, finite, fval, grad, edm: 0.5 * dot(grad, matVec(W, grad)) };
}

/** H⁻¹ if H is positive definite; otherwise the inverse of H with its diagonal shifted until it is (Minuit's MnPosDef). */
export function posdefInverse(H: Mat, inv: (H: Mat) => Mat | null = invSpd): { W: Mat; posdef: boolean } {
  const W0 = inv(H);
  if (W0) return { W: W0, posdef: true };
  const scale = Math.max(...H.map((r, i) => Math.abs(r[i])), 1e-300);
  for (let k = 0; k < 60; k++) {
    const d = scale * 1e-3 * 2 ** k;
    const S = H.map((r, i) => r.map((v, j) => (i === j ? Math.max(v, 0) + d : v)));
    const W = inv(S);
    if (W) return { W, posdef: false };
  }
  return { W: H.map((r, i) => r.map((_, j) => (i === j ? 1 / scale : 0))), posdef: false };
}
