/**
 * @file Making operators: from functions (`linearOperator`), from a dense matrix (`asLinearOperator`),
 * from a program's Jacobian (`jacobianOperator`: linearize once, transpose once) and Hessian
 * (`hessianOperator`, `hvp`: forward-over-reverse).
 */
import { NDArray } from "../core/array.js";
import { type DType, getDefaultFloat, promoteTypes } from "../core/dtype.js";
import * as np from "../numpy/index.js";
import { isPlainObject, show } from "../numpy/signature.js";
import { ravelPytree } from "../public/flatten_util.js";
import { grad, jvp, linearize, linearTranspose } from "../public/transforms.js";
import { type LinearOperator, type MatVec, fromDense, isOperator, makeOperator } from "./operator.js";

type Fn = (x: any) => any;

/** The function form of `linearOperator`. */
export interface LinearOperatorSpec {
  /** [m, n]: mv maps length-n vectors to length-m vectors. */
  shape: readonly [number, number] | number[];
  /** v ↦ A v on 1-D arrays. */
  mv: MatVec;
  /** u ↦ Aᵀ u; omitted: derived once by `linearTranspose` of `mv` (which must then be linear and traceable). */
  rmv?: MatVec;
  /** The dtype of the vectors (default: the default float). */
  dtype?: DType;
  /** Aᵀ = A (then rmv = mv). */
  symmetric?: boolean;
}

const SPEC_KEYS = new Set(["shape", "mv", "rmv", "dtype", "symmetric"]);

function checkFloat(where: string, dtype: unknown): DType {
  if (dtype !== "float32" && dtype !== "float64") throw new TypeError(`${where}: dtype must be "float32" or "float64", got ${show(dtype)}`);
  return dtype;
}

/**
 * A linear operator from its programs: `linearOperator({ shape: [m, n], mv, rmv?, dtype?, symmetric? })`,
 * or — the lecture's "Jacobian as a program" — `linearOperator(f, x)`, the same as `jacobianOperator(f, x)`.
 * Without `rmv`, the transpose is derived once from `mv` by `linearTranspose`.
 * @example
 * const D = linop.linearOperator({ shape: [3, 3], mv: (v) => v.mul(np.array([1, 2, 3])), symmetric: true });
 * D.mv(np.ones(3)) // [1, 2, 3]
 */
export function linearOperator(spec: LinearOperatorSpec): LinearOperator;
export function linearOperator(f: Fn, x: unknown): LinearOperator;
export function linearOperator(spec: LinearOperatorSpec | Fn, x?: unknown): LinearOperator {
  if (typeof spec === "function") return jacobianOperator(spec, x);
  if (!isPlainObject(spec)) throw new TypeError(`linop.linearOperator: expected { shape, mv, rmv?, dtype?, symmetric? } or (f, x), got ${show(spec)}`);
  if (x !== undefined) throw new TypeError("linop.linearOperator: with a spec object, no second argument is taken (the (f, x) form takes a function first)");
  for (const k of Object.keys(spec)) if (!SPEC_KEYS.has(k)) throw new TypeError(`linop.linearOperator: unknown key ${JSON.stringify(k)} (expected shape, mv, rmv, dtype, symmetric)`);
  const { shape, mv, rmv, symmetric } = spec;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new TypeError(`linop.linearOperator: shape must be [m, n] with non-negative integers, got ${show(shape)}`);
  }
  if (typeof mv !== "function") throw new TypeError(`linop.linearOperator: mv must be a function v ↦ A v, got ${show(mv)}`);
  if (rmv !== undefined && typeof rmv !== "function") throw new TypeError(`linop.linearOperator: rmv must be a function u ↦ Aᵀ u, got ${show(rmv)}`);
  if (symmetric !== undefined && typeof symmetric !== "boolean") throw new TypeError(`linop.linearOperator: symmetric must be a boolean, got ${show(symmetric)}`);
  const dtype = spec.dtype === undefined ? getDefaultFloat() : checkFloat("linop.linearOperator", spec.dtype);
  return makeOperator({ shape: [shape[0], shape[1]], dtype, mv, rmv, symmetric });
}

/**
 * A dense [m, n] matrix as an operator (scipy's `aslinearoperator`); an operator is returned as is.
 * `symmetric: true` declares Aᵀ = A (not checked). NB: named `asLinearOperator` (camelCase).
 * @example linop.asLinearOperator(np.array([[1, 2], [3, 4]])).rmv([1, 0]) // [1, 2]
 */
export function asLinearOperator(A: NDArray | number[][] | LinearOperator, opts: { symmetric?: boolean } = {}): LinearOperator {
  if (isOperator(A)) return A;
  const a = A instanceof NDArray ? A : Array.isArray(A) ? np.asArray(A) : null;
  if (a === null || a.ndim !== 2) throw new TypeError(`linop.asLinearOperator: expected a 2-D array (a matrix), got ${a === null ? show(A) : `shape [${a.shape.join(",")}]`}`);
  const sym = opts.symmetric ?? false;
  if (typeof sym !== "boolean") throw new TypeError(`linop.asLinearOperator: symmetric must be a boolean, got ${show(sym)}`);
  const m = a.dtype === "float32" || a.dtype === "float64" ? a : a.astype(getDefaultFloat());
  return fromDense(m, sym);
}

/**
 * The Jacobian of `f` at `x` as an operator, without forming it: `linearize` runs f once and keeps
 * the linear program (mv = the JVP: no re-trace per call), whose transpose (rmv = the VJP) is staged
 * once by `linearTranspose` on first use. Pytree inputs and outputs are raveled with
 * `flattenUtil.ravelPytree`, so the operator maps flat vectors: shape [size of f(x), size of x].
 * `toDense()` costs n JVPs (by columns) when n ≤ m, else m VJPs (by rows); see `denseCost`.
 * @example
 * const J = linop.jacobianOperator(([x, y]) => np.stack([x.mul(y), y.pow(3)]), np.array([2, 3]));
 * J.mv([1, 0]) // [3, 0] — column 0;  J.rmv([1, 0]) // [3, 2] — row 0
 */
export function jacobianOperator(f: Fn, x: unknown): LinearOperator {
  if (typeof f !== "function") throw new TypeError(`linop.jacobianOperator: f must be a function, got ${show(f)}`);
  if (x === undefined) throw new TypeError("linop.jacobianOperator: the point x is missing");
  const [x0, unravel] = ravelPytree(x);
  const fFlat = (xf: NDArray): NDArray => ravelPytree(f(unravel(xf)))[0];
  const [y0, lin] = linearize(fFlat, x0) as [NDArray, (t: NDArray) => NDArray];
  const dtype = promoteTypes(x0.dtype, y0.dtype);
  const n = x0.shape[0], m = y0.shape[0];
  const inDtype = x0.dtype;
  const mv = (v: NDArray) => lin(v.dtype === inDtype ? v : v.astype(inDtype));
  const t = linearTranspose(lin, x0) as (u: NDArray) => NDArray[];
  const rmv = (u: NDArray) => t(u.dtype === y0.dtype ? u : u.astype(y0.dtype))[0];
  return makeOperator({ shape: [m, n], dtype, mv, rmv });
}

/**
 * The Hessian of a scalar `f` at `x` as a symmetric operator (rmv = mv): the linearization of
 * `grad(f)` at x, computed once (forward-over-reverse), so each `mv` is one Hessian-vector product
 * costing a few gradients, and memory stays O(size of x). Pytree `x` is raveled (shape [n, n]).
 * @example
 * const H = linop.hessianOperator((x) => np.sum(x.pow(3)), np.array([1, 2]));
 * H.mv([1, 1]) // [6, 12]
 */
export function hessianOperator(f: Fn, x: unknown): LinearOperator {
  if (typeof f !== "function") throw new TypeError(`linop.hessianOperator: f must be a function, got ${show(f)}`);
  if (x === undefined) throw new TypeError("linop.hessianOperator: the point x is missing");
  const [x0, unravel] = ravelPytree(x);
  const g = grad((xf: NDArray) => f(unravel(xf)));
  const [, lin] = linearize(g as (xf: NDArray) => NDArray, x0) as [NDArray, (t: NDArray) => NDArray];
  const n = x0.shape[0];
  const mv = (v: NDArray) => lin(v.dtype === x0.dtype ? v : v.astype(x0.dtype));
  return makeOperator({ shape: [n, n], dtype: x0.dtype, mv, symmetric: true });
}

/**
 * The Hessian-vector product ∇²f(x)·v by forward-over-reverse (the JVP of `grad(f)`), without
 * forming the Hessian; `x` and `v` are pytrees of the same structure, and so is the result.
 * @example linop.hvp((x) => np.sum(x.pow(3)), np.array([1, 2]), np.array([1, 0])) // [6, 0]
 */
export function hvp<T>(f: (x: T) => unknown, x: T, v: T): T {
  if (typeof f !== "function") throw new TypeError(`linop.hvp: f must be a function, got ${show(f)}`);
  return (jvp(grad(f as Fn) as Fn, [x], [v]) as [unknown, T])[1];
}

/**
 * The diagonal operator diag(d) (symmetric): mv(v) = d ⊙ v. A Jacobi preconditioner is
 * `linop.diagonal(np.diagonal(A).pow(-1))`.
 * @example linop.diagonal(np.array([1, 2, 3])).mv([1, 1, 1]) // [1, 2, 3]
 */
export function diagonal(d: NDArray | number[]): LinearOperator {
  const a = d instanceof NDArray ? d : Array.isArray(d) ? np.asArray(d) : null;
  if (a === null || a.ndim !== 1) throw new TypeError(`linop.diagonal: expected a 1-D array of diagonal entries, got ${a === null ? show(d) : `shape [${a.shape.join(",")}]`}`);
  const v = a.dtype === "float32" || a.dtype === "float64" ? a : a.astype(getDefaultFloat());
  const n = v.shape[0];
  return makeOperator({ shape: [n, n], dtype: v.dtype, mv: (x) => x.mul(v), symmetric: true });
}

/**
 * The n×n identity operator (symmetric).
 * @example linop.identity(3).add(linop.diagonal(np.array([1, 2, 3]))).mv([1, 1, 1]) // [2, 3, 4]
 */
export function identity(n: number, dtype?: DType): LinearOperator {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new RangeError(`linop.identity: n must be an integer ≥ 0, got ${show(n)}`);
  const dt = dtype === undefined ? getDefaultFloat() : checkFloat("linop.identity", dtype);
  return makeOperator({ shape: [n, n], dtype: dt, mv: (x) => x, symmetric: true });
}
