/**
 * @file Implicit differentiation of the linop solvers through `lax.customLinearSolve`: the solution of
 * A x = b is differentiated by one more solve (with A in forward mode, with Aᵀ in reverse mode), never
 * through the solver's iterations.
 */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { linearTranspose } from "../public/transforms.js";
import { customLinearSolve } from "../lax/custom_root.js";
import type { MatVec } from "./operator.js";

/** What a solver loop returns: x, converged (bool), iterations (int32), residual norm. */
export type LoopResult = [NDArray, NDArray, NDArray, NDArray];
/** A solver loop on plain functions: solve A x = b from x0 with preconditioner M. */
export type Loop = (A: MatVec, b: NDArray, x0: NDArray, M: MatVec) => LoopResult;

/**
 * Run `loop` on A x = b so that `jvp`/`grad` differentiate the solution implicitly, through
 * `lax.customLinearSolve` (as JAX's solvers): forward mode solves A·ẋ = ḃ − Ȧ·x with the same loop,
 * reverse mode b̄ = A⁻ᵀ x̄ with the loop on the transpose (`symmetric`: on A itself), and every array
 * A's function captured gets Ā = −(∂(A x)/∂A)ᵀ b̄ — the derivative of the exact solution, not of the
 * iterations. x0 and the preconditioner get no derivative (as JAX); converged, iterations and the
 * residual norm are the solver's aux outputs (no derivative).
 */
export function implicitSolve(A: MatVec, b: NDArray, x0: NDArray, M: MatVec, loop: Loop, symmetric: boolean): LoopResult {
  const transposeOf = (f: MatVec, at: NDArray): MatVec => {
    const t = linearTranspose(f, at) as (u: NDArray) => NDArray[];
    return (u) => t(u)[0];
  };
  const solve = (mv: MatVec, r: NDArray): [NDArray, NDArray[]] => {
    const [x, converged, iterations, residualNorm] = loop(mv, r, x0, M);
    return [x, [converged, iterations, residualNorm]];
  };
  const transposeSolve = symmetric ? null : (vm: MatVec, r: NDArray): NDArray => loop(vm, r, np.zerosLike(r), transposeOf(M, r))[0];
  const [x, info] = customLinearSolve(A, b, solve, transposeSolve, { symmetric, hasAux: true }) as [NDArray, NDArray[]];
  return [x, info[0], info[1], info[2]];
}
