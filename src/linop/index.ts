/**
 * @file The `linop` namespace — linear operators ("Jacobians as programs"), matrix-free solvers
 * (as `jax.scipy.sparse.linalg`), Lanczos and randomised traces — each checked against its one-line
 * signature on every call (see src/numpy/signature.ts).
 */
import { checked } from "../numpy/signature.js";
import * as b from "./build.js";
import * as o from "./operator.js";
import * as cgm from "./cg.js";
import * as mr from "./minres.js";
import * as gm from "./gmres.js";
import * as lz from "./lanczos.js";
import * as tr from "./trace.js";

// errors from inside keep their text: these functions run user code (mv, f) and name themselves already
const c = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig, { renameErrors: false });

export type { LinearOperator, MatVec, DenseCost } from "./operator.js";
export type { LinearOperatorSpec } from "./build.js";
export type { OperatorLike, SolveOptions, SolveResult } from "./solve_common.js";
export type { GmresOptions } from "./gmres.js";
export type { LanczosOptions, LanczosResult, EigshOptions } from "./lanczos.js";
export type { TraceOptions, TraceEstimate } from "./trace.js";

export const linearOperator = c(b.linearOperator, "linop.linearOperator(spec|{shape,mv,rmv,dtype,symmetric}, x?*)");
export const asLinearOperator = c(b.asLinearOperator, "linop.asLinearOperator(a, opts?{symmetric})");
export const jacobianOperator = c(b.jacobianOperator, "linop.jacobianOperator(f, x*)");
export const hessianOperator = c(b.hessianOperator, "linop.hessianOperator(f, x*)");
export const hvp = c(b.hvp, "linop.hvp(f, x*, v*)");
export const diagonal = c(b.diagonal, "linop.diagonal(d)");
export const identity = c(b.identity, "linop.identity(n, dtype?)");
/**
 * The composition A·B of two operators (or dense matrices), as `A.matmul(B)`.
 * @example linop.compose(linop.asLinearOperator(np.eye(2)), np.array([[1, 2], [3, 4]])).toDense() // [[1, 2], [3, 4]]
 */
function composeApi(A: o.LinearOperator | import("../core/array.js").NDArray, B: o.LinearOperator | import("../core/array.js").NDArray): o.LinearOperator {
  return b.asLinearOperator(A).matmul(B);
}
export const compose = c(composeApi, "linop.compose(a, b)");
export const cg = c(cgm.cg, "linop.cg(a, b, opts?{x0,tol,atol,maxiter,M})");
export const minres = c(mr.minres, "linop.minres(a, b, opts?{x0,tol,atol,maxiter,M})");
export const gmres = c(gm.gmres, "linop.gmres(a, b, opts?{x0,tol,atol,maxiter,M,restart})");
export const lanczos = c(lz.lanczos, "linop.lanczos(a, k, opts?{key,v0})");
export const eigsh = c(lz.eigsh, "linop.eigsh(a, k, opts?{key,v0,which,ncv})");
export const hutchinson = c(tr.hutchinson, "linop.hutchinson(a, key, numProbes, opts?{distribution,size})");
export const hutchPlusPlus = c(tr.hutchPlusPlus, "linop.hutchPlusPlus(a, key, numMatvecs, opts?{distribution,size})");
/** Whether a value is a `LinearOperator`. @example linop.isLinearOperator(linop.asLinearOperator(np.eye(2))) // true */
export const isLinearOperator = c((x: unknown): x is o.LinearOperator => o.isOperator(x), "linop.isLinearOperator(x*)");
