/** @file `minres`: MINRES (Paige & Saunders) for symmetric, possibly indefinite A, as a `lax.whileLoop`. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { whileLoop } from "../public/lax.js";
import type { Loop } from "./implicit.js";
import type { MatVec } from "./operator.js";
import { type OperatorLike, type SolveOptions, type SolveResult, finish, nanIfNotFinite, prepare } from "./solve_common.js";

type S = NDArray[];

/**
 * The MINRES recurrence: Lanczos on A (in the M-inner product) and a QR update by Givens rotations;
 * φ̄ (`phibar`) is the residual norm of the current iterate (‖r‖ without M, ‖r‖_M with it).
 */
export function minresLoop(tol: number, atol: number, maxiter: number): Loop {
  return (A: MatVec, b: NDArray, x0: NDArray, M: MatVec) => {
    const dt = b.dtype;
    const s0 = (v: number) => np.array(v, { dtype: dt });
    // the threshold in the norm φ̄ measures: max(tol·‖b‖_M, atol)
    const bnorm = np.sqrt(np.maximum(np.vdot(b, M(b)), 0));
    const thr = np.maximum(bnorm.mul(tol), atol).astype(dt);
    const r1 = b.sub(A(x0));
    const y = M(r1);
    const beta1 = np.sqrt(np.maximum(np.vdot(r1, y), 0));
    const zero = np.zerosLike(b);
    // carry: x, w, w2, r1, r2, y, beta, oldb, dbar, epsln, phibar, cs, sn, k
    const init: S = [x0, zero, zero, r1, r1, y, beta1, s0(0), s0(0), s0(0), beta1, s0(-1), s0(0), np.array(0, { dtype: "int32" })];
    const out = whileLoop(
      (c: S) => np.logicalAnd(np.logicalAnd(c[13].lt(maxiter), c[10].gt(thr)), c[6].gt(0)),
      (c: S): S => {
        const [x, w, w2, r1, r2, y, beta, oldb, dbar, epsln, phibar, cs, sn, k] = c;
        const v = y.div(beta);
        let yy = A(v);
        // y −= (β/β_old)·r1, from the second step on
        yy = yy.sub(r1.mul(np.where(k.gt(0), beta.div(np.where(k.gt(0), oldb, 1)), 0)));
        const alfa = np.vdot(v, yy);
        yy = yy.sub(r2.mul(alfa.div(beta)));
        const r2n = yy;
        const yn = M(r2n);
        const betan = np.sqrt(np.maximum(np.vdot(r2n, yn), 0));
        // apply the previous rotation, then make the next: [cs sn; sn −cs]·[dbar 0; alfa betan]
        const delta = cs.mul(dbar).add(sn.mul(alfa));
        const gbar = sn.mul(dbar).sub(cs.mul(alfa));
        const epslnN = sn.mul(betan);
        const dbarN = cs.neg().mul(betan);
        const gamma = np.maximum(np.hypot(gbar, betan), np.finfo(dt).tiny);
        const csN = gbar.div(gamma), snN = betan.div(gamma);
        const phi = csN.mul(phibar);
        const phibarN = snN.mul(phibar);
        // w_k = (v − ε·w_{k−2} − δ·w_{k−1}) / γ;  x += φ·w_k
        const wN = v.sub(w2.mul(epsln)).sub(w.mul(delta)).div(gamma);
        return [x.add(wN.mul(phi)), wN, w, r2, r2n, yn, betan, beta, dbarN, epslnN, phibarN, csN, snN, k.add(1)];
      },
      init,
    );
    const phibar = out[10];
    return [nanIfNotFinite(out[0], phibar), phibar.le(thr), out[13], phibar];
  };
}

/**
 * Solve A x = b for symmetric (possibly indefinite) A by MINRES, matrix-free: the iterate minimising
 * ‖b − Ax‖ over the growing Krylov space. Stops when that residual norm (from the recurrence) is
 * ≤ max(tol·‖b‖, atol), at `maxiter` (default 10·n) or when the Krylov space is exhausted; NaN in →
 * NaN out. The preconditioner M must be symmetric positive definite; with it the norms are M-norms
 * (‖r‖_M = √(rᵀMr)), as scipy's `minres`. Differentiated implicitly like `cg`.
 * @example
 * const { x } = linop.minres(np.array([[1, 2], [2, -1]]), np.array([3, 1])); // x ≈ [1, 1]
 */
export function minres(A: OperatorLike, b: NDArray | number[], opts?: SolveOptions): SolveResult {
  const p = prepare("linop.minres", A, b, opts);
  return finish(p, minresLoop(p.tol, p.atol, p.maxiter ?? 10 * p.n), true);
}
