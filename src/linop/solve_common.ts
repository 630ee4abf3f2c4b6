/**
 * @file What the matrix-free solvers share: the operator argument (an operator, a matrix or a function
 * v ↦ Av), the options (x0, tol, atol, maxiter, M) with their checks, the stopping threshold and the result.
 */
import { NDArray } from "../core/array.js";
import { type DType, type FloatDType, getDefaultFloat, promoteTypes } from "../core/dtype.js";
import * as np from "../numpy/index.js";
import { isPlainObject, show } from "../numpy/signature.js";
import { type LoopResult, type Loop, implicitSolve } from "./implicit.js";
import { type LinearOperator, type MatVec, isOperator } from "./operator.js";

/** The operator argument of the solvers: an operator, a dense [n, n] matrix or a function v ↦ Av. */
export type OperatorLike = LinearOperator | NDArray | number[][] | MatVec;

/** The options every solver takes (as `jax.scipy.sparse.linalg.cg`). */
export interface SolveOptions {
  /** The starting guess (default zeros); it gets no gradient. */
  x0?: NDArray | number[];
  /** Relative tolerance: stop when ‖r‖ ≤ max(tol·‖b‖, atol) (default 1e-5, as JAX and scipy). */
  tol?: number;
  /** Absolute tolerance (default 0). */
  atol?: number;
  /** The iteration cap (default 10·n; for gmres: restart cycles, default 10·n / restart rounded up). */
  maxiter?: number;
  /** A preconditioner: an operator, a matrix or a function approximating v ↦ A⁻¹v (default identity). No gradient flows through it. */
  M?: OperatorLike;
}

/**
 * The result of a solver. NB: JAX returns `(x, info)` with `info` always None; here the loop's state
 * is reported, as 0-d arrays so that the solvers work under `jit` and `vmap`.
 */
export interface SolveResult {
  /** The solution (NaN everywhere when the residual became NaN or infinite). */
  x: NDArray;
  /** bool: ‖b − A x‖ ≤ max(tol·‖b‖, atol) when the loop stopped. */
  converged: NDArray;
  /** int32: the iterations done (matrix–vector products with A after the initial residual). */
  iterations: NDArray;
  /** The final residual norm the stopping rule saw (see each solver). */
  residualNorm: NDArray;
}

/** A matvec on the working vectors, cast to the working dtype. */
function matvecOf(op: string, what: string, A: unknown, n: number): { mv: MatVec; dtype: DType | null } {
  if (isOperator(A)) {
    if (A.shape[0] !== n || A.shape[1] !== n) {
      throw new RangeError(`${op}: ${what} must be a square ${n}×${n} operator to match b of shape [${n}], got ${A.shape[0]}×${A.shape[1]}`);
    }
    return { mv: (v) => A.mv(v), dtype: A.dtype };
  }
  if (typeof A === "function") {
    return {
      mv: (v) => {
        const y = (A as MatVec)(v);
        if (!(y instanceof NDArray) || y.ndim !== 1 || y.shape[0] !== n) {
          throw new RangeError(`${op}: ${what} (a function) returned ${y instanceof NDArray ? `shape [${y.shape.join(",")}]` : show(y)}, expected a vector of shape [${n}] like b`);
        }
        return y;
      },
      dtype: null,
    };
  }
  const a = A instanceof NDArray ? A : Array.isArray(A) ? np.asArray(A as number[][]) : null;
  if (a === null) throw new TypeError(`${op}: ${what} must be a LinearOperator, a matrix or a function v ↦ Av, got ${show(A)}`);
  if (a.ndim !== 2 || a.shape[0] !== n || a.shape[1] !== n) {
    throw new RangeError(`${op}: ${what} must be a square ${n}×${n} matrix to match b of shape [${n}], got shape [${a.shape.join(",")}]`);
  }
  return { mv: (v) => np.matmul(a, v), dtype: a.dtype === "float32" || a.dtype === "float64" ? a.dtype : null };
}

const OPT_KEYS = ["x0", "tol", "atol", "maxiter", "M"];

/** Parsed, checked solver arguments. */
export interface Prepared {
  A: MatVec;
  M: MatVec;
  b: NDArray;
  x0: NDArray;
  n: number;
  dtype: FloatDType;
  tol: number;
  atol: number;
  maxiter: number | undefined;
}

function nonNegative(op: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${op}: ${name} must be a finite number ≥ 0, got ${show(v)}`);
  return v;
}

/** Check the solver's arguments; `extra` lists its own option keys. */
export function prepare(op: string, A: unknown, bIn: unknown, opts: unknown, extra: string[] = []): Prepared & { opts: Record<string, unknown> } {
  if (opts !== undefined && !isPlainObject(opts)) throw new TypeError(`${op}: options must be an object, got ${show(opts)}`);
  const o = (opts ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!OPT_KEYS.includes(k) && !extra.includes(k)) throw new TypeError(`${op}: unknown option ${JSON.stringify(k)} (expected ${[...OPT_KEYS, ...extra].join(", ")})`);
  const b0 = bIn instanceof NDArray ? bIn : Array.isArray(bIn) ? np.asArray(bIn as number[]) : null;
  if (b0 === null) throw new TypeError(`${op}: b must be a 1-D array, got ${show(bIn)}`);
  if (b0.ndim !== 1) throw new RangeError(`${op}: b must be a 1-D array (a vector), got shape [${b0.shape.join(",")}]`);
  const n = b0.shape[0];
  const a = matvecOf(op, "A", A, n);
  const m = o.M === undefined ? null : matvecOf(op, "the preconditioner M", o.M, n);
  const bF = b0.dtype === "float32" || b0.dtype === "float64" ? b0.dtype : getDefaultFloat();
  let dtype: DType = a.dtype ? promoteTypes(bF, a.dtype) : bF;
  if (m?.dtype) dtype = promoteTypes(dtype, m.dtype);
  if (dtype !== "float32" && dtype !== "float64") dtype = getDefaultFloat();
  const cast = (v: NDArray) => (v.dtype === dtype ? v : v.astype(dtype));
  const b = cast(b0);
  let x0 = np.zerosLike(b);
  if (o.x0 !== undefined) {
    const xa = o.x0 instanceof NDArray ? o.x0 : Array.isArray(o.x0) ? np.asArray(o.x0 as number[]) : null;
    if (xa === null || xa.ndim !== 1 || xa.shape[0] !== n) throw new RangeError(`${op}: x0 must be a vector of shape [${n}] like b, got ${xa === null ? show(o.x0) : `shape [${xa.shape.join(",")}]`}`);
    x0 = cast(np.stopGradient(xa));
  }
  const tol = nonNegative(op, "tol", o.tol, 1e-5);
  const atol = nonNegative(op, "atol", o.atol, 0);
  let maxiter: number | undefined;
  if (o.maxiter !== undefined) {
    if (typeof o.maxiter !== "number" || !Number.isInteger(o.maxiter) || o.maxiter < 0) throw new RangeError(`${op}: maxiter must be an integer ≥ 0, got ${show(o.maxiter)}`);
    maxiter = o.maxiter;
  }
  const Amv = a.mv, Mmv = m ? m.mv : (v: NDArray) => v;
  return { A: (v) => cast(Amv(v)), M: (v) => cast(Mmv(v)), b, x0, n, dtype: dtype as FloatDType, tol, atol, maxiter, opts: o };
}

/** The squared stopping threshold max(tol·‖b‖, atol)² as a 0-d array. */
export function threshold2(b: NDArray, tol: number, atol: number): NDArray {
  const bb = np.vdot(b, b);
  return np.maximum(bb.mul(tol * tol), atol * atol).astype(b.dtype);
}

/** Solve with implicit differentiation and package the result. */
export function finish(p: Prepared, loop: Loop, symmetric: boolean): SolveResult {
  const [x, converged, iterations, residualNorm]: LoopResult = implicitSolve(p.A, p.b, p.x0, p.M, loop, symmetric);
  return { x, converged, iterations, residualNorm };
}

/** x, or NaN everywhere when the residual norm is not finite (NaN in → NaN out). */
export function nanIfNotFinite(x: NDArray, rnorm: NDArray): NDArray {
  return np.where(np.isfinite(rnorm), x, np.full(x.shape, Number.NaN, x.dtype));
}
