/**
 * @file The public `lax` reductions, cumulative scans, sort and topK (jax.lax): axes are explicit
 * and non-negative (sort's `dimension` may count from the end, as JAX); registered in src/public/lax.ts.
 */
import { fmtShape } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { DType, isFloat } from "../core/dtype.js";
import { takeAlongLast } from "../primitives/indexing.js";
import { logaddexp } from "../numpy/math.js";
import { topK as npTopK } from "../numpy/sorting.js";
import { show } from "../numpy/signature.js";
import * as L from "./index.js";
import { LaxOperand, intArg, laxArray, laxAxes, laxAxis } from "./strict.js";

type X = LaxOperand;

function reduction(fn: string, f: (x: NDArray, axes: number[]) => NDArray, bool: "no" | "only" | "yes") {
  return (operand: X, axes: number[]): NDArray => {
    const x = laxArray(fn, "operand", operand);
    if (bool === "only" && x.dtype !== "bool") throw new TypeError(`lax.${fn}: expected a bool operand, got ${x.dtype}`);
    if (bool === "no" && x.dtype === "bool") throw new TypeError(`lax.${fn}: bool operand; convert it to an integer dtype first (lax.convertElementType)`);
    return f(x, laxAxes(fn, "axes", axes, x.ndim));
  };
}
/** Sum over `axes`. @example lax.reduceSum(np.array([[1, 2], [3, 4]]), [0]) // [4, 6] */
export const reduceSum = reduction("reduceSum", L.reduceSum, "no");
/** Product over `axes`. @example lax.reduceProd(np.array([[1, 2], [3, 4]]), [1]) // [2, 12] */
export const reduceProd = reduction("reduceProd", L.reduceProd, "no");
/** Maximum over `axes` (NaN propagates). @example lax.reduceMax(np.array([[1, 5], [3, 4]]), [0, 1]) // 5 */
export const reduceMax = reduction("reduceMax", L.reduceMax, "yes");
/** Minimum over `axes`. @example lax.reduceMin(np.array([[1, 5], [3, 4]]), [1]) // [1, 3] */
export const reduceMin = reduction("reduceMin", L.reduceMin, "yes");
/**
 * Logical and over `axes`. NB: bool operands only (JAX also takes integers, bitwise).
 * @example lax.reduceAnd(np.array([true, false]), [0]) // false
 */
export const reduceAnd = reduction("reduceAnd", L.reduceMin, "only");
/** Logical or over `axes` (bool operands). @example lax.reduceOr(np.array([true, false]), [0]) // true */
export const reduceOr = reduction("reduceOr", L.reduceMax, "only");

function argReduce(fn: string, f: (x: NDArray, axis: number) => NDArray) {
  return (operand: X, axis: number, indexDtype: DType = "int32"): NDArray => {
    const x = laxArray(fn, "operand", operand);
    const a = laxAxis(fn, "axis", axis, x.ndim);
    if (indexDtype !== "int32" && indexDtype !== "uint32") throw new TypeError(`lax.${fn}: indexDtype must be "int32" or "uint32", got ${show(indexDtype)}`);
    if (x.shape[a] === 0) throw new RangeError(`lax.${fn}: axis ${a} of ${fmtShape(x.shape)} is empty`);
    return L.convert(f(x, a), indexDtype);
  };
}
/**
 * Index of the largest entry along `axis` (the first of ties; a NaN counts as largest); `indexDtype`
 * defaults to int32 (NB: JAX requires it).
 * @example lax.argmax(np.array([[1, 5], [7, 2]]), 1) // [1, 0]
 */
export const argmax = argReduce("argmax", L.argmax);
/** Index of the smallest entry along `axis`. @example lax.argmin(np.array([[1, 5], [7, 2]]), 1) // [0, 1] */
export const argmin = argReduce("argmin", L.argmin);

/** The `axis` and `reverse` of a cumulative function: `(x, axis?|{axis,reverse}, opts?{reverse})`. */
export interface CumOpts {
  axis?: number;
  reverse?: boolean;
}
function cumArgs(fn: string, x: NDArray, axis: number | CumOpts | undefined, opts: CumOpts): [number, boolean] {
  const o = typeof axis === "object" && axis !== null ? axis : { ...opts, axis };
  if (x.ndim === 0) throw new RangeError(`lax.${fn}: needs an array of rank ≥ 1, got a 0-d array`);
  const a = laxAxis(fn, "axis", o.axis ?? 0, x.ndim);
  if (o.reverse !== undefined && typeof o.reverse !== "boolean") throw new TypeError(`lax.${fn}: reverse must be a boolean, got ${show(o.reverse)}`);
  return [a, o.reverse ?? false];
}
function extreme(d: DType, high: boolean): number {
  if (isFloat(d)) return high ? Infinity : -Infinity;
  if (d === "int32") return high ? 2147483647 : -2147483648;
  return high ? 4294967295 : 0;
}
type Cum = (operand: X, axis?: number | CumOpts, opts?: CumOpts) => NDArray;
function cumulative(fn: string, f: (x: NDArray, axis: number, reverse: boolean) => NDArray, float = false): Cum {
  return (operand, axis, opts = {}) => {
    const x = laxArray(fn, "operand", operand);
    if (x.dtype === "bool") throw new TypeError(`lax.${fn}: bool operand; convert it to an integer dtype first`);
    if (float && !isFloat(x.dtype)) throw new TypeError(`lax.${fn}: expected a float dtype, got ${x.dtype}`);
    const [a, reverse] = cumArgs(fn, x, axis, opts);
    return f(x, a, reverse);
  };
}
/**
 * Running sum along `axis` (default 0), from the end when `reverse`.
 * @example lax.cumsum(np.array([1, 2, 3])) // [1, 3, 6]
 * @example lax.cumsum(np.array([1, 2, 3]), { reverse: true }) // [6, 5, 3]
 */
export const cumsum = cumulative("cumsum", L.cumsum);
/** Running product. @example lax.cumprod(np.array([1, 2, 3])) // [1, 2, 6] */
export const cumprod = cumulative("cumprod", L.cumprod);
/** Running maximum (NaN propagates). @example lax.cummax(np.array([1, 3, 2])) // [1, 3, 3] */
export const cummax = cumulative("cummax", (x, a, r) => L.associativeScan(L.max, x, a, r, extreme(x.dtype, false)));
/** Running minimum. @example lax.cummin(np.array([3, 1, 2])) // [3, 1, 1] */
export const cummin = cumulative("cummin", (x, a, r) => L.associativeScan(L.min, x, a, r, extreme(x.dtype, true)));
/**
 * Running log-sum-exp, log Σ exp(x), without overflow.
 * @example lax.cumlogsumexp(np.array([0, 0])) // [0, ln 2]
 */
export const cumlogsumexp = cumulative("cumlogsumexp", (x, a, r) => L.associativeScan(logaddexp, x, a, r, -Infinity), true);

/** Options of lax.sort. `isStable` is accepted: the sort is always stable. */
export interface SortOpts {
  dimension?: number;
  isStable?: boolean;
  numKeys?: number;
}
/**
 * Sort along `dimension` (default −1, the last): one array, or a list of arrays of one shape ordered
 * by the first `numKeys` of them (lexicographically) and returned as a list. Stable; NaNs last.
 * @example lax.sort(np.array([3, 1, 2])) // [1, 2, 3]
 * @example lax.sort([np.array([2, 1, 2]), np.array([10, 20, 30])], { numKeys: 1 }) // [[1, 2, 2], [20, 10, 30]]
 */
export function sort(operand: X, dimension?: number | SortOpts, opts?: SortOpts): NDArray;
export function sort(operand: X[], dimension?: number | SortOpts, opts?: SortOpts): NDArray[];
export function sort(operand: X | X[], dimension?: number | SortOpts, opts: SortOpts = {}): NDArray | NDArray[] {
  const o = typeof dimension === "object" && dimension !== null ? dimension : { ...opts, dimension };
  const single = !Array.isArray(operand);
  const xs = (single ? [operand] : operand).map((v, i) => laxArray("sort", single ? "operand" : `operand[${i}]`, v));
  if (xs.length === 0) throw new TypeError("lax.sort: needs at least one operand");
  const x0 = xs[0];
  if (x0.ndim === 0) throw new RangeError("lax.sort: cannot sort a 0-d array");
  for (const x of xs) if (x.shape.join() !== x0.shape.join()) throw new RangeError(`lax.sort: operand shapes differ: ${xs.map((y) => fmtShape(y.shape)).join(" vs ")}`);
  const numKeys = intArg("sort", "numKeys", o.numKeys ?? 1);
  if (numKeys < 1 || numKeys > xs.length) throw new RangeError(`lax.sort: numKeys must be in [1, ${xs.length}], got ${numKeys}`);
  if (o.isStable !== undefined && typeof o.isStable !== "boolean") throw new TypeError(`lax.sort: isStable must be a boolean, got ${show(o.isStable)}`);
  const d0 = intArg("sort", "dimension", o.dimension ?? -1);
  const d = laxAxis("sort", "dimension", d0 < 0 ? d0 + x0.ndim : d0, x0.ndim);
  const last = x0.ndim - 1;
  const perm = x0.shape.map((_, i) => i).filter((i) => i !== d).concat(d);
  const inv = perm.map((_, i) => perm.indexOf(i));
  const toLast = (x: NDArray) => (d === last ? x : L.transpose(x, perm));
  const back = (x: NDArray) => (d === last ? x : L.transpose(x, inv));
  const ys = xs.map(toLast);
  if (ys.length === 1) return single ? back(L.sort(ys[0])[0]) : [back(L.sort(ys[0])[0])];
  // lexicographic order by stable sorts from the last key to the first
  let order: NDArray | null = null;
  for (let k = numKeys - 1; k >= 0; k--) {
    const key: NDArray = order === null ? ys[k] : takeAlongLast(ys[k], order);
    const p: NDArray = L.sort(key)[1];
    order = order === null ? p : takeAlongLast(order, p);
  }
  return ys.map((y) => back(takeAlongLast(y, order!)));
}
/**
 * `keys` sorted along `dimension` (default −1) and `values` permuted alike: [sortedKeys, values].
 * @example lax.sortKeyVal(np.array([3, 1, 2]), np.array([30, 10, 20])) // [[1, 2, 3], [10, 20, 30]]
 */
export function sortKeyVal(keys: X, values: X, dimension = -1, isStable = true): [NDArray, NDArray] {
  const [k, v] = sort([keys, values], { dimension, isStable, numKeys: 1 });
  return [k, v];
}
/**
 * The `k` largest entries along the last axis, largest first, and their int32 indices (ties: the
 * lower index first; NaN counts as largest), as jax.lax.top_k.
 * @example lax.topK(np.array([1, 5, 3]), 2) // [[5, 3], [1, 2]]
 */
export function topK(operand: X, k: number): [NDArray, NDArray] {
  const x = laxArray("topK", "operand", operand);
  return npTopK(x, intArg("topK", "k", k));
}
/** `x` with a zero derivative: its value passes, no gradient flows back. @example grad((x) => lax.stopGradient(x).mul(x))(3) // 3 */
export const stopGradient = (x: X): NDArray => L.stopGradient(laxArray("stopGradient", "x", x));
