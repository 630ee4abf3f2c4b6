/** @file Reductions with NumPy's `axis`/`keepdims`, and cumulative sums/products. */
import { fmtShape, normAxes, normAxis, prod as product } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { DType, checkDType, isComplex } from "../core/dtype.js";
import { show } from "./signature.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, toFloat } from "./core.js";

export interface ReduceOpts {
  axis?: number | number[] | null;
  keepdims?: boolean;
  dtype?: DType;
}
type Axis = ReduceOpts | number | number[] | null | undefined;
/** The options that may follow a positional axis (`np.sum(x, 1, { keepdims: true })`). */
export type ReduceMore = Omit<ReduceOpts, "axis">;
/**
 * The axis argument, given as an axis (number, list, null) or as options, and the options object
 * that may follow a positional axis, as NumPy's keywords (`np.sum(x, 1, { keepdims: true })`); checked.
 */
function opts(a: Axis, op: string, more?: ReduceMore & { ddof?: number }): ReduceOpts {
  let o: ReduceOpts & { ddof?: number };
  if (a === undefined) o = {};
  else if (a === null || typeof a === "number" || Array.isArray(a)) o = { axis: a };
  else if (typeof a !== "object") throw new TypeError(`${op}: axis must be an integer, a list of integers, null or an options object { axis, keepdims, dtype }, got ${show(a)}`);
  else o = a;
  if (more !== undefined) {
    if (typeof more !== "object" || more === null) throw new TypeError(`${op}: expected an options object after the axis, got ${show(more)}`);
    if (a !== null && typeof a === "object" && !Array.isArray(a)) throw new TypeError(`${op}: options given twice (an options object in place of the axis, and another after it)`);
    if ("axis" in more) throw new TypeError(`${op}: axis given twice (positionally and as an option)`);
    o = { ...o, ...more };
  }
  if (o.keepdims !== undefined && typeof o.keepdims !== "boolean") throw new TypeError(`${op}: keepdims must be a boolean, got ${show(o.keepdims)}`);
  if (o.dtype !== undefined) checkDType(o.dtype, op);
  return o;
}

function reduce(op: string, x: NDArray, o: ReduceOpts, f: (x: NDArray, axes: number[]) => NDArray): NDArray {
  const axes = normAxes(o.axis, x.ndim, op);
  const r = f(x, axes);
  if (!o.keepdims) return r;
  return L.reshape(r, x.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
}
const accDtype = (x: NDArray, o: ReduceOpts): DType => o.dtype ?? (x.dtype === "bool" ? "int32" : x.dtype);

/** Sum over `axis` (all axes by default). @example np.sum([[1, 2], [3, 4]], { axis: 0 }) // [4, 6] */
export function sum(x: ArrayLike, axis?: Axis, more?: ReduceMore): NDArray {
  const o = opts(axis, "sum", more), a = asArray(x);
  return reduce("sum", L.convert(a, accDtype(a, o)), o, L.reduceSum);
}
/** Product over `axis`. @example np.prod([1, 2, 3, 4]) // 24 */
export function prod(x: ArrayLike, axis?: Axis, more?: ReduceMore): NDArray {
  const o = opts(axis, "prod", more), a = asArray(x);
  return reduce("prod", L.convert(a, accDtype(a, o)), o, L.reduceProd);
}
/** Arithmetic mean. @example np.mean([1, 2, 3, 4]) // 2.5 */
export function mean(x: ArrayLike, axis?: Axis, more?: ReduceMore): NDArray {
  const o = opts(axis, "mean", more);
  const a = o.dtype ? L.convert(asArray(x), o.dtype) : toFloat(x);
  const n = product(normAxes(o.axis, a.ndim, "mean").map((i) => a.shape[i]));
  return L.div(reduce("mean", a, o, L.reduceSum), n);
}
/** Variance with `ddof` (0 by default, as NumPy). @example np.var_([1, 2, 3, 4]) // 1.25 */
export function var_(x: ArrayLike, axis?: Axis & { ddof?: number }, more?: ReduceMore & { ddof?: number }): NDArray {
  const o = opts(axis, "var", more) as ReduceOpts & { ddof?: number }, a = toFloat(x);
  const axes = normAxes(o.axis, a.ndim, "var");
  const n = product(axes.map((i) => a.shape[i]));
  const m = L.reduceSum(a, axes);
  const centered = L.sub(a, L.broadcastInDim(L.div(m, n), a.shape, a.shape.map((_, i) => i).filter((i) => !axes.includes(i))));
  // complex: the mean of |x − mean|², a real number (as NumPy)
  const sq = isComplex(a.dtype) ? L.add(L.square(L.real(centered)), L.square(L.imag(centered))) : L.mul(centered, centered);
  return L.div(reduce("var", sq, { ...o, axis: axes }, L.reduceSum), n - (o.ddof ?? 0));
}
/** Standard deviation. @example np.std([1, 3]) // 1 */
export function std(x: ArrayLike, axis?: Axis & { ddof?: number }, more?: ReduceMore & { ddof?: number }): NDArray {
  return L.sqrt(var_(x, axis, more));
}
function checkNonEmpty(op: string, x: NDArray, o: ReduceOpts) {
  const axes = normAxes(o.axis, x.ndim, op);
  if (axes.some((i) => x.shape[i] === 0)) throw new RangeError(`${op}: zero-size reduction over axis of shape ${fmtShape(x.shape)} has no identity`);
}
/** Maximum over `axis` (NaN propagates; gradient ties split equally). @example np.max([1, 5, 3]) // 5 */
export function max(x: ArrayLike, axis?: Axis, more?: ReduceMore): NDArray {
  const o = opts(axis, "max", more), a = asArray(x);
  checkNonEmpty("max", a, o);
  return reduce("max", a, o, L.reduceMax);
}
/** Minimum over `axis`. @example np.min([1, 5, 3]) // 1 */
export function min(x: ArrayLike, axis?: Axis, more?: ReduceMore): NDArray {
  const o = opts(axis, "min", more), a = asArray(x);
  checkNonEmpty("min", a, o);
  return reduce("min", a, o, L.reduceMin);
}
export const amax = max;
export const amin = min;
type ArgOpts = { axis?: number | null; keepdims?: boolean };
function argReduce(op: "argmax" | "argmin", x: ArrayLike, axis?: number | null | ArgOpts, keepdims = false): NDArray {
  if (typeof axis === "object" && axis !== null) [axis, keepdims] = [axis.axis, axis.keepdims ?? keepdims];
  if (axis !== undefined && axis !== null && typeof axis !== "number") throw new TypeError(`${op}: axis must be an integer or null, got ${show(axis)}`);
  if (typeof keepdims !== "boolean") throw new TypeError(`${op}: keepdims must be a boolean, got ${show(keepdims)}`);
  const orig = asArray(x);
  const flat = axis === null || axis === undefined;
  const a = flat ? L.reshape(orig, [orig.size]) : orig;
  const ax = flat ? 0 : normAxis(axis!, a.ndim, op);
  if (a.shape[ax] === 0) throw new RangeError(`${op}: attempt to get ${op} of an empty sequence (shape ${fmtShape(orig.shape)})`);
  const r = op === "argmax" ? L.argmax(a, ax) : L.argmin(a, ax);
  if (!keepdims) return r;
  return L.reshape(r, flat ? orig.shape.map(() => 1) : a.shape.map((d, i) => (i === ax ? 1 : d)));
}
/** Index of the (first) maximum; flattened when `axis` is omitted. @example np.argmax([1, 5, 3]) // 1 */
export const argmax = (x: ArrayLike, axis?: number | null | ArgOpts, keepdims = false): NDArray => argReduce("argmax", x, axis, keepdims);
/** Index of the (first) minimum. @example np.argmin([4, 1, 3]) // 1 */
export const argmin = (x: ArrayLike, axis?: number | null | ArgOpts, keepdims = false): NDArray => argReduce("argmin", x, axis, keepdims);
const truthy = (x: ArrayLike) => {
  const a = asArray(x);
  return a.dtype === "bool" ? a : L.ne(a, 0);
};
/** True if every element is truthy. @example np.all([true, false]) // false */
export function all(x: ArrayLike, axis?: Axis, more?: ReduceMore): NDArray<"bool"> {
  return reduce("all", truthy(x), opts(axis, "all", more), L.reduceMin) as NDArray<"bool">;
}
/** True if any element is truthy. @example np.any([true, false]) // true */
export function any(x: ArrayLike, axis?: Axis, more?: ReduceMore): NDArray<"bool"> {
  return reduce("any", truthy(x), opts(axis, "any", more), L.reduceMax) as NDArray<"bool">;
}

type CumOpts = { axis?: number | null; dtype?: DType };
function cumulative(op: string, x: ArrayLike, axisOrOpts: number | null | undefined | CumOpts, f: (a: NDArray, ax: number) => NDArray, opts: CumOpts): NDArray {
  const o = typeof axisOrOpts === "object" && axisOrOpts !== null ? { ...opts, ...axisOrOpts } : { ...opts, axis: axisOrOpts };
  let axis = o.axis;
  const dtype = o.dtype === undefined ? undefined : checkDType(o.dtype, op);
  let a = asArray(x);
  a = L.convert(a, dtype ?? (a.dtype === "bool" ? "int32" : a.dtype));
  if (a.ndim === 0) a = L.reshape(a, [1]); // as NumPy: a scalar is scanned as a 1-D array, whatever the axis
  if (axis === null || axis === undefined) {
    a = L.reshape(a, [a.size]);
    axis = 0;
  }
  return f(a, normAxis(axis, a.ndim, op));
}
/** Cumulative sum (flattened when `axis` is omitted). @example np.cumsum([1, 2, 3]) // [1, 3, 6] */
export const cumsum = (x: ArrayLike, axis?: number | null | CumOpts, opts: { dtype?: DType } = {}): NDArray => cumulative("cumsum", x, axis, (a, ax) => L.cumsum(a, ax), opts);
/** Cumulative product. @example np.cumprod([1, 2, 3]) // [1, 2, 6] */
export const cumprod = (x: ArrayLike, axis?: number | null | CumOpts, opts: { dtype?: DType } = {}): NDArray => cumulative("cumprod", x, axis, (a, ax) => L.cumprod(a, ax), opts);

