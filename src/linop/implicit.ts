/**
 * @file Implicit differentiation of a linear solve (as `jax.lax.custom_linear_solve`): the solution of
 * A x = b is differentiated by one more solve with Aᵀ, never through the solver's iterations.
 */
import { NDArray } from "../core/array.js";
import { evalJaxpr } from "../ir/jaxpr.js";
import * as np from "../numpy/index.js";
import { customVjp, linearTranspose, makeJaxpr, vjp } from "../public/transforms.js";
import type { MatVec } from "./operator.js";

/** A function of explicit constants: its captured arrays (maybe tracers of outer transformations) made arguments. */
interface Converted {
  consts: NDArray[];
  apply: (consts: NDArray[], v: NDArray) => NDArray;
}

/**
 * Closure conversion (as `jax.closure_convert`): stage `f` to a jaxpr at an example vector; the
 * arrays it captured — a matrix, a linearization's residuals, tracers of an enclosing `grad` — become
 * explicit inputs, so a custom derivative rule can see them and send them cotangents.
 */
function closureConvert(f: MatVec, example: NDArray): Converted {
  const closed = makeJaxpr((v: NDArray) => f(v))(example);
  return { consts: closed.consts, apply: (consts, v) => evalJaxpr(closed.jaxpr, [...consts, v])[0] };
}

const isFloat = (a: NDArray) => a.dtype === "float32" || a.dtype === "float64";

/** What a solver loop returns: x, converged (bool), iterations (int32), residual norm. */
export type LoopResult = [NDArray, NDArray, NDArray, NDArray];
/** A solver loop on plain functions: solve A x = b from x0 with preconditioner M. */
export type Loop = (A: MatVec, b: NDArray, x0: NDArray, M: MatVec) => LoopResult;

/**
 * Run `loop` on A x = b so that `grad`/`vjp` differentiate the solution implicitly:
 * b̄ = A⁻ᵀ x̄ (one solve with the transpose; `symmetric`: with A itself) and, for every array A's
 * function captured, Ā = −(∂(A x)/∂A)ᵀ b̄ — the gradient of the exact solution, not of the iterations.
 * x0 and the preconditioner get no gradient (as JAX).
 */
export function implicitSolve(A: MatVec, b: NDArray, x0: NDArray, M: MatVec, loop: Loop, symmetric: boolean): LoopResult {
  const a = closureConvert(A, b), p = closureConvert(M, b);
  const nA = a.consts.length, nP = p.consts.length;
  const split = (args: NDArray[]) => ({ cA: args.slice(0, nA), cP: args.slice(nA, nA + nP), x0: args[nA + nP], b: args[nA + nP + 1] });
  const run = (args: NDArray[]): LoopResult => {
    const s = split(args);
    return loop((v) => a.apply(s.cA, v), s.b, s.x0, (v) => p.apply(s.cP, v));
  };
  const transposeOf = (f: MatVec, at: NDArray): MatVec => {
    const t = linearTranspose(f, at) as (u: NDArray) => NDArray[];
    return (u) => t(u)[0];
  };
  const solve = customVjp(
    (...args: NDArray[]) => run(args),
    (...args: NDArray[]) => {
      const out = run(args);
      return [out, [...args, out[0]]];
    },
    (res: NDArray[], cts: NDArray[]) => {
      const s = split(res);
      const x = res[res.length - 1];
      const xbar = cts[0];
      const Av = (v: NDArray) => a.apply(s.cA, v);
      const Mv = (v: NDArray) => p.apply(s.cP, v);
      const At = symmetric ? Av : transposeOf(Av, x);
      const Mt = symmetric ? Mv : transposeOf(Mv, x);
      const lam = loop(At, xbar, np.zerosLike(xbar), Mt)[0];
      // Ā = −(∂(A(c) x)/∂c)ᵀ λ for the float constants of A; the others (and M's, x0) get zeros
      const fl = s.cA.map(isFloat);
      const diffConsts = s.cA.filter((_, i) => fl[i]);
      let grads: NDArray[] = [];
      if (diffConsts.length) {
        const [, pull] = vjp((...cs: NDArray[]) => {
          let k = 0;
          return a.apply(s.cA.map((c, i) => (fl[i] ? cs[k++] : c)), x);
        }, ...diffConsts) as [NDArray, (ct: NDArray) => NDArray[]];
        grads = pull(lam).map((g) => np.negative(g));
      }
      let k = 0;
      const cAbar = s.cA.map((c, i) => (fl[i] ? grads[k++] : np.zerosLike(c)));
      return [...cAbar, ...s.cP.map((c) => np.zerosLike(c)), np.zerosLike(s.x0), lam];
    },
  ) as (...args: NDArray[]) => LoopResult;
  return solve(...a.consts, ...p.consts, x0, b);
}
