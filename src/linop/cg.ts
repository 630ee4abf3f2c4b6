/** @file `cg`: preconditioned conjugate gradients for symmetric positive-definite A, as a `lax.whileLoop`. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { whileLoop } from "../public/lax.js";
import type { Loop } from "./implicit.js";
import type { MatVec } from "./operator.js";
import { type OperatorLike, type SolveOptions, type SolveResult, finish, nanIfNotFinite, prepare, threshold2 } from "./solve_common.js";

/** The CG iteration on plain functions; stops when ‖r‖² ≤ thr², at `maxiter`, or when ‖r‖ is not finite. */
export function cgLoop(tol: number, atol: number, maxiter: number): Loop {
  return (A: MatVec, b: NDArray, x0: NDArray, M: MatVec) => {
    const thr2 = threshold2(b, tol, atol);
    const r0 = b.sub(A(x0));
    const z0 = M(r0);
    const k0 = np.array(0, { dtype: "int32" });
    type S = [NDArray, NDArray, NDArray, NDArray, NDArray, NDArray]; // x, r, p, γ = r·z, k, ‖r‖²
    const init: S = [x0, r0, z0, np.vdot(r0, z0), k0, np.vdot(r0, r0)];
    const [x, , , , k, rs] = whileLoop(
      ([, , , , k, rs]: S) => np.logicalAnd(k.lt(maxiter), rs.gt(thr2)),
      ([x, r, p, gamma, k, _rs]: S): S => {
        // α = γ / pᵀAp;  x += αp;  r −= αAp;  z = M r;  β = γ'/γ;  p = z + βp
        const q = A(p);
        const alpha = gamma.div(np.vdot(p, q));
        const x1 = x.add(p.mul(alpha));
        const r1 = r.sub(q.mul(alpha));
        const z1 = M(r1);
        const gamma1 = np.vdot(r1, z1);
        const p1 = z1.add(p.mul(gamma1.div(gamma)));
        return [x1, r1, p1, gamma1, k.add(1), np.vdot(r1, r1)];
      },
      init,
    );
    return [nanIfNotFinite(x, rs), rs.le(thr2), k, np.sqrt(rs)];
  };
}

/**
 * Solve A x = b for symmetric positive-definite A by (preconditioned) conjugate gradients, matrix-free:
 * A is a `LinearOperator`, a dense matrix or a function v ↦ Av. Stops when ‖b − Ax‖ ≤ max(tol·‖b‖, atol)
 * (the recursively updated residual, as JAX and scipy) or after `maxiter` iterations (default 10·n);
 * a NaN or infinite residual stops it with x all NaN. Runs as one `lax.whileLoop`, so it works under
 * `jit` and `vmap`; `grad`/`vjp` differentiate the solution implicitly (one more CG solve, as JAX's
 * `custom_linear_solve`), including with respect to arrays A's function captures.
 * NB: returns `{ x, converged, iterations, residualNorm }` where JAX returns `(x, info)` with info None.
 * @example
 * const { x, converged } = linop.cg(np.array([[4, 1], [1, 3]]), np.array([1, 2])); // x ≈ [1/11, 7/11]
 */
export function cg(A: OperatorLike, b: NDArray | number[], opts?: SolveOptions): SolveResult {
  const p = prepare("linop.cg", A, b, opts);
  return finish(p, cgLoop(p.tol, p.atol, p.maxiter ?? 10 * p.n), true);
}
