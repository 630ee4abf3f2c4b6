/** @file NaN-ignoring reductions: nansum, nanprod, nanmean, nanvar, nanstd, nanmax, nanmin, nanargmax, nanargmin. */
import { fmtShape, normAxis } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { DType, checkDType, isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, toFloat } from "./core.js";
import { show } from "./signature.js";
import { axesOf, checkBool, expandBack, keep } from "./statistics.js";

type A = ArrayLike;
type Axis = number | number[] | null | undefined;
export interface NanOpts {
  axis?: Axis;
  keepdims?: boolean;
  dtype?: DType;
}
export type NanVarOpts = NanOpts & { ddof?: number };

function read(op: string, axis: Axis | NanVarOpts): NanVarOpts {
  if (axis === undefined || axis === null || typeof axis === "number" || Array.isArray(axis)) return { axis };
  if (typeof axis !== "object") throw new TypeError(`${op}: axis must be an integer, a list of integers, null or an options object, got ${show(axis)}`);
  checkBool(op, "keepdims", axis.keepdims);
  if (axis.dtype !== undefined) checkDType(axis.dtype, op);
  if (axis.ddof !== undefined && typeof axis.ddof !== "number") throw new TypeError(`${op}: ddof must be a number, got ${show(axis.ddof)}`);
  return axis;
}
const nanMask = (a: NDArray): NDArray => (isFloat(a.dtype) ? L.ne(a, a) : L.full(a.shape, 0, "bool"));
/** `a` with NaNs replaced by `v` (a no-op for integers and bools). */
const fill = (a: NDArray, v: number): NDArray => (isFloat(a.dtype) ? L.select(nanMask(a), L.full(a.shape, v, a.dtype), a) : a);
const accDtype = (a: NDArray, o: NanOpts): DType => o.dtype ?? (a.dtype === "bool" ? "int32" : a.dtype);

function sumLike(op: string, x: A, axis: Axis | NanOpts, identity: number, f: (a: NDArray, axes: number[]) => NDArray): NDArray {
  const o = read(op, axis), a0 = asArray(x);
  const a = L.convert(fill(a0, identity), accDtype(a0, o));
  const axes = axesOf(op, o.axis, a.ndim);
  return keep(f(a, axes), a.shape, axes, o.keepdims ?? false);
}
/** Sum treating NaNs as 0. @example np.nansum([1, NaN, 2]) // 3 */
export const nansum = (x: A, axis?: Axis | NanOpts): NDArray => sumLike("nansum", x, axis, 0, L.reduceSum);
/** Product treating NaNs as 1. @example np.nanprod([2, NaN, 3]) // 6 */
export const nanprod = (x: A, axis?: Axis | NanOpts): NDArray => sumLike("nanprod", x, axis, 1, L.reduceProd);

/** Sum and count of the non-NaN elements (float), over `axes`. */
function sumCount(a: NDArray, axes: number[]): [NDArray, NDArray] {
  const m = nanMask(a);
  return [L.reduceSum(L.select(m, L.zerosLike(a), a), axes), L.reduceSum(L.convert(L.not(m), a.dtype), axes)];
}
/** Mean of the non-NaN elements (NaN for an all-NaN slice). @example np.nanmean([1, NaN, 3]) // 2 */
export function nanmean(x: A, axis?: Axis | NanOpts): NDArray {
  const o = read("nanmean", axis);
  const a = o.dtype ? L.convert(asArray(x), o.dtype) : toFloat(x);
  const axes = axesOf("nanmean", o.axis, a.ndim);
  const [s, n] = sumCount(a, axes);
  return keep(L.div(s, n), a.shape, axes, o.keepdims ?? false);
}
/** Variance of the non-NaN elements, normalized by count − ddof. @example np.nanvar([1, NaN, 3]) // 1 */
export function nanvar(x: A, axis?: Axis | NanVarOpts): NDArray {
  const o = read("nanvar", axis);
  const a = o.dtype ? L.convert(asArray(x), o.dtype) : toFloat(x);
  const axes = axesOf("nanvar", o.axis, a.ndim);
  const [s, n] = sumCount(a, axes);
  const m = nanMask(a);
  const centered = L.select(m, L.zerosLike(a), L.sub(a, expandBack(L.div(s, n), a.shape, axes)));
  const ss = L.reduceSum(L.mul(centered, centered), axes);
  const denom = L.sub(n, o.ddof ?? 0);
  // as NumPy: a non-positive count − ddof gives NaN
  const r = L.select(L.le(denom, 0), L.full(ss.shape, NaN, ss.dtype), L.div(ss, denom));
  return keep(r, a.shape, axes, o.keepdims ?? false);
}
/** Standard deviation of the non-NaN elements. @example np.nanstd([1, NaN, 3]) // 1 */
export const nanstd = (x: A, axis?: Axis | NanVarOpts): NDArray => L.sqrt(nanvar(x, axis));

function extreme(op: string, x: A, axis: Axis | NanOpts, isMax: boolean): NDArray {
  const o = read(op, axis), a = asArray(x);
  const axes = axesOf(op, o.axis, a.ndim);
  if (axes.some((i) => a.shape[i] === 0)) throw new RangeError(`${op}: zero-size reduction over axis of shape ${fmtShape(a.shape)} has no identity`);
  let r = (isMax ? L.reduceMax : L.reduceMin)(fill(a, isMax ? -Infinity : Infinity), axes);
  if (isFloat(a.dtype)) {
    const allNan = L.reduceMin(nanMask(a), axes);
    r = L.select(allNan, L.full(r.shape, NaN, r.dtype), r);
  }
  return keep(r, a.shape, axes, o.keepdims ?? false);
}
/** Maximum ignoring NaNs (NaN for an all-NaN slice). @example np.nanmax([1, NaN, 3]) // 3 */
export const nanmax = (x: A, axis?: Axis | NanOpts): NDArray => extreme("nanmax", x, axis, true);
/** Minimum ignoring NaNs. @example np.nanmin([1, NaN, 3]) // 1 */
export const nanmin = (x: A, axis?: Axis | NanOpts): NDArray => extreme("nanmin", x, axis, false);

type ArgOpts = { axis?: number | null; keepdims?: boolean };
function argExtreme(op: string, x: A, axis: number | null | undefined | ArgOpts, keepdims: boolean, isMax: boolean): NDArray {
  if (typeof axis === "object" && axis !== null) [axis, keepdims] = [axis.axis, axis.keepdims ?? keepdims];
  if (axis !== undefined && axis !== null && typeof axis !== "number") throw new TypeError(`${op}: axis must be an integer or null, got ${show(axis)}`);
  checkBool(op, "keepdims", keepdims);
  const orig = asArray(x);
  const flat = axis === null || axis === undefined;
  const a = flat ? L.reshape(orig, [orig.size]) : orig;
  const ax = flat ? 0 : normAxis(axis!, a.ndim, op);
  if (a.shape[ax] === 0) throw new RangeError(`${op}: attempt to get ${op} of an empty sequence (shape ${fmtShape(orig.shape)})`);
  let r = (isMax ? L.argmax : L.argmin)(fill(a, isMax ? -Infinity : Infinity), ax);
  // NB: as JAX, an all-NaN slice gives −1 (NumPy raises)
  if (isFloat(a.dtype)) r = L.select(L.reduceMin(nanMask(a), [ax]), L.full(r.shape, -1, r.dtype), r);
  if (!keepdims) return r;
  return L.reshape(r, flat ? orig.shape.map(() => 1) : a.shape.map((d, i) => (i === ax ? 1 : d)));
}
/**
 * Index of the maximum ignoring NaNs (flattened when `axis` is omitted).
 * NB: an all-NaN slice gives −1, as JAX (NumPy raises).
 * @example np.nanargmax([1, NaN, 3]) // 2
 */
export const nanargmax = (x: A, axis?: number | null | ArgOpts, keepdims = false): NDArray => argExtreme("nanargmax", x, axis, keepdims, true);
/** Index of the minimum ignoring NaNs (−1 for an all-NaN slice, as JAX). @example np.nanargmin([4, NaN, 3]) // 2 */
export const nanargmin = (x: A, axis?: number | null | ArgOpts, keepdims = false): NDArray => argExtreme("nanargmin", x, axis, keepdims, false);

function nanCumulative(op: string, x: A, axis: number | null | undefined, identity: number, f: (a: NDArray, ax: number) => NDArray): NDArray {
  if (axis !== undefined && axis !== null && typeof axis !== "number") throw new TypeError(`${op}: axis must be an integer or null, got ${show(axis)}`);
  let a = asArray(x);
  a = L.convert(fill(a, identity), a.dtype === "bool" ? "int32" : a.dtype);
  if (axis === undefined || axis === null) return f(L.reshape(a, [a.size]), 0);
  return f(a, normAxis(axis, a.ndim, op));
}
/** Cumulative sum treating NaNs as 0 (flattened when `axis` is omitted). @example np.nancumsum([1, NaN, 2]) // [1, 1, 3] */
export const nancumsum = (x: A, axis?: number | null): NDArray => nanCumulative("nancumsum", x, axis, 0, (a, ax) => L.cumsum(a, ax));
/** Cumulative product treating NaNs as 1. @example np.nancumprod([2, NaN, 3]) // [2, 2, 6] */
export const nancumprod = (x: A, axis?: number | null): NDArray => nanCumulative("nancumprod", x, axis, 1, (a, ax) => L.cumprod(a, ax));
