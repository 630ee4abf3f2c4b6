/** @file Statistics: average, ptp, countNonzero, quantiles (median, percentile, nan-aware), cov and corrcoef. */
import { fmtShape, normAxes } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, array, asArray, toFloat } from "./core.js";
import { takeAlongAxis } from "./indexing.js";
import { sort } from "./manipulation.js";
import { diagonal } from "./products.js";
import { max, min, sum } from "./reductions.js";
import { show } from "./signature.js";

type A = ArrayLike;
export type AxisArg = number | number[] | null | undefined;

/** Check keepdims and read `axis` as a list of normalized axes (all axes for null/undefined). */
export function axesOf(op: string, axis: unknown, ndim: number): number[] {
  if (axis !== undefined && axis !== null && typeof axis !== "number" && !(Array.isArray(axis) && axis.every((a) => typeof a === "number"))) {
    throw new TypeError(`${op}: axis must be an integer, a list of integers or null, got ${show(axis)}`);
  }
  return normAxes(axis as number | number[] | null | undefined, ndim, op);
}
export function checkBool(op: string, name: string, v: unknown): boolean {
  if (v !== undefined && typeof v !== "boolean") throw new TypeError(`${op}: ${name} must be a boolean, got ${show(v)}`);
  return v ?? false;
}
/** `r` (reduced over `axes` of a `shape`-shaped input) with the reduced axes kept as 1s when `keep`. */
export function keep(r: NDArray, shape: number[], axes: number[], keepdims: boolean): NDArray {
  return keepdims ? L.reshape(r, shape.map((d, i) => (axes.includes(i) ? 1 : d))) : r;
}
/** `r` (reduced over `axes`) broadcast back to `shape`. */
export function expandBack(r: NDArray, shape: number[], axes: number[]): NDArray {
  return L.broadcastInDim(r, shape, shape.map((_, i) => i).filter((i) => !axes.includes(i)));
}
/** Floats as they are; integers and bools to the default float (JAX's promote_dtypes_inexact). */
const inexact = toFloat;

// ---- average, ptp, countNonzero ----

export interface AverageOpts {
  axis?: number | number[] | null;
  /** Weights: the shape of `x`, or 1-D along a single `axis`. */
  weights?: A | null;
  /** Also return the sum of the weights (broadcast to the result's shape), as `[average, sumOfWeights]`. */
  returned?: boolean;
  keepdims?: boolean;
}

/**
 * Weighted average Σ wᵢxᵢ / Σ wᵢ over `axis` (all axes by default); without weights the mean.
 * Integer inputs give the default float. With `returned: true`, `[average, sumOfWeights]`.
 * The axis may also come first, as NumPy's positional `axis`: `np.average(x, 0, { weights })`.
 * @example np.average([1, 2, 3, 4], { weights: [4, 3, 2, 1] }) // 2
 */
export function average(x: A, axis?: AxisArg | (AverageOpts & { returned?: false }), opts?: AverageOpts & { returned?: false }): NDArray;
export function average(x: A, axis: AxisArg | (AverageOpts & { returned: true }), opts?: AverageOpts): [NDArray, NDArray];
export function average(x: A, axis: AxisArg | (AverageOpts & { returned: true }) | undefined, opts: AverageOpts & { returned: true }): [NDArray, NDArray];
export function average(x: A, axis?: AxisArg | AverageOpts, opts: AverageOpts = {}): NDArray | [NDArray, NDArray] {
  if (typeof axis === "object" && axis !== null && !Array.isArray(axis)) opts = { ...axis, ...opts };
  else if (axis !== undefined) opts = { ...opts, axis };
  const keepdims = checkBool("average", "keepdims", opts.keepdims), returned = checkBool("average", "returned", opts.returned);
  let a = inexact(x);
  const axes = axesOf("average", opts.axis, a.ndim);
  let avg: NDArray, wsum: NDArray;
  if (opts.weights === undefined || opts.weights === null) {
    const n = axes.reduce((p, i) => p * a.shape[i], 1);
    avg = L.div(L.reduceSum(a, axes), n);
    wsum = L.full(avg.shape, n, avg.dtype);
  } else {
    let w = asArray(opts.weights);
    const d = isFloat(w.dtype) && isFloat(a.dtype) ? (w.dtype === "float64" ? w.dtype : a.dtype) : isFloat(w.dtype) ? w.dtype : a.dtype;
    a = L.convert(a, d), w = L.convert(w, d);
    if (w.ndim !== a.ndim || w.shape.some((s, i) => s !== a.shape[i])) {
      if (opts.axis === undefined || opts.axis === null) throw new RangeError(`average: weights of shape ${fmtShape(w.shape)} differ from x's ${fmtShape(a.shape)}; pass an axis for 1-D weights`);
      if (w.ndim !== 1) throw new RangeError(`average: 1-D weights expected when shapes differ, got weights ${fmtShape(w.shape)} for x ${fmtShape(a.shape)}`);
      if (axes.length !== 1 || w.shape[0] !== a.shape[axes[0]]) throw new RangeError(`average: weights of length ${w.shape[0]} do not match x ${fmtShape(a.shape)} along axis ${show(opts.axis)}`);
      w = L.broadcastInDim(w, a.shape, [axes[0]]);
    }
    wsum = L.reduceSum(w, axes);
    avg = L.div(L.reduceSum(L.mul(a, w), axes), wsum);
  }
  avg = keep(avg, a.shape, axes, keepdims), wsum = keep(wsum, a.shape, axes, keepdims);
  return returned ? [avg, L.broadcastTo(wsum, avg.shape)] : avg;
}

/** Range max − min over `axis` ("peak to peak"). @example np.ptp([[1, 5], [2, 9]], { axis: 1 }) // [4, 7] */
export function ptp(x: A, axis?: AxisArg | { axis?: AxisArg; keepdims?: boolean }): NDArray {
  const o = typeof axis === "object" && axis !== null && !Array.isArray(axis) ? axis : { axis };
  const a = asArray(x);
  if (a.dtype === "bool") throw new TypeError("ptp: not defined for bool arrays (as NumPy); convert to an integer dtype first");
  axesOf("ptp", o.axis, a.ndim), checkBool("ptp", "keepdims", o.keepdims);
  return L.sub(max(a, o), min(a, o));
}

/**
 * The number of nonzero (truthy) elements over `axis` (all by default), as int32.
 * @example np.countNonzero([[0, 1, 2], [3, 0, 0]], { axis: 1 }) // [2, 1]
 */
export function countNonzero(x: A, axis?: AxisArg | { axis?: AxisArg; keepdims?: boolean }): NDArray {
  const o = typeof axis === "object" && axis !== null && !Array.isArray(axis) ? axis : { axis };
  const a = asArray(x);
  axesOf("countNonzero", o.axis, a.ndim), checkBool("countNonzero", "keepdims", o.keepdims);
  return sum(L.convert(a.dtype === "bool" ? a : L.ne(a, 0), "int32"), { axis: o.axis, keepdims: o.keepdims });
}

// ---- quantiles ----

export type QuantileMethod = "linear" | "lower" | "higher" | "nearest" | "midpoint";
export interface QuantileOpts {
  axis?: number | number[] | null;
  /** How to pick between the two nearest order statistics (default "linear", NumPy's default). */
  method?: QuantileMethod;
  keepdims?: boolean;
}
const METHODS = ["linear", "lower", "higher", "nearest", "midpoint"];

/**
 * The shared kernel: the `q`-quantiles (fractions in [0, 1]) of `x` over `axis`; shape `q.shape +
 * reduced shape`. With `skipNan` NaNs are ignored (all-NaN slices give NaN), otherwise a NaN in a
 * slice makes its result NaN.
 */
function quantileImpl(op: string, x: A, q: A, opts: QuantileOpts, skipNan: boolean, scale = 1): NDArray {
  if (typeof opts !== "object" || opts === null) throw new TypeError(`${op}: options must be an object { axis, method, keepdims }, got ${show(opts)}`);
  const method = opts.method ?? "linear";
  if (!METHODS.includes(method)) throw new TypeError(`${op}: method must be one of ${METHODS.map((m) => `"${m}"`).join(", ")}, got ${show(method)}`);
  const keepdims = checkBool(op, "keepdims", opts.keepdims);
  const a = inexact(x);
  const qv = [q].flat(Infinity as 1).filter((v) => typeof v === "number") as number[];
  if (qv.some((v) => !(v >= 0 && v <= scale))) throw new RangeError(`${op}: q must be in [0, ${scale}], got ${show(q)}`);
  let qa = q instanceof NDArray || typeof q === "number" || typeof q === "boolean" ? L.convert(asArray(q, a.dtype), a.dtype) : array(q, { dtype: a.dtype });
  if (scale !== 1) qa = L.div(qa, scale);
  const axes = axesOf(op, opts.axis, a.ndim);
  const rest = a.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const restShape = rest.map((i) => a.shape[i]);
  const n = axes.reduce((p, i) => p * a.shape[i], 1);
  if (n === 0) throw new RangeError(`${op}: cannot take a quantile over an empty axis (x of shape ${fmtShape(a.shape)})`);
  // bring the reduced axes last and flatten them: [...rest, n], sorted (NaNs last)
  const moved = L.reshape(L.transpose(a, [...rest, ...axes]), [...restShape, n]);
  const s = sort(moved, -1);
  const nanMask = L.ne(moved, moved);
  const nanCount = L.reduceSum(L.convert(nanMask, a.dtype), [rest.length]); // restShape
  const count = skipNan ? L.sub(L.full(restShape, n, a.dtype), nanCount) : L.full(restShape, n, a.dtype);
  // positions: [...rest, qsize]
  const qs = qa.shape, qsize = qs.reduce((p, d) => p * d, 1);
  const qflat = L.broadcastInDim(L.reshape(qa, [qsize]), [...restShape, qsize], [rest.length]);
  const last = L.sub(L.broadcastInDim(count, [...restShape, qsize], rest.map((_, i) => i)), 1);
  const pos = L.mul(qflat, L.max(last, L.zerosLike(last)));
  const lo = L.floor(pos), hi = L.ceil(pos);
  const idx = (v: NDArray) => L.convert(L.max(L.min(v, L.max(last, L.zerosLike(last))), L.zerosLike(v)), "int32");
  const at = (v: NDArray) => takeAlongAxis(s, idx(v), -1);
  let r: NDArray;
  if (method === "lower") r = at(lo);
  else if (method === "higher") r = at(hi);
  // NB: as JAX, a tie (pos exactly halfway) takes the lower neighbour; NumPy rounds pos half to even
  else if (method === "nearest") r = L.select(L.le(L.sub(pos, lo), 0.5), at(lo), at(hi));
  else if (method === "midpoint") r = L.mul(L.add(at(lo), at(hi)), 0.5);
  else {
    // linear: s[lo] + (pos − lo)·(s[hi] − s[lo])
    const w = L.sub(pos, L.stopGradient(lo));
    const vlo = at(lo), vhi = at(hi);
    r = L.add(vlo, L.mul(w, L.sub(vhi, vlo)));
  }
  // NaN slices: any NaN (plain) or only NaNs (nan-aware); q outside [0, 1] is an error when concrete
  const bad = skipNan ? L.le(count, 0) : L.gt(nanCount, 0);
  r = L.select(L.broadcastInDim(bad, r.shape, rest.map((_, i) => i)), L.full(r.shape, NaN, r.dtype), r);
  // [...rest, ...q] → [...q, ...rest]
  r = L.reshape(r, [...restShape, ...qs]);
  r = L.transpose(r, [...qs.map((_, i) => rest.length + i), ...rest.map((_, i) => i)]);
  if (keepdims) r = L.reshape(r, [...qs, ...a.shape.map((d, i) => (axes.includes(i) ? 1 : d))]);
  return r;
}

/**
 * The `q`-quantiles (q in [0, 1], a number or an array) of `x` over `axis` (all axes by default);
 * the result has shape `q.shape` + the reduced shape. A NaN in a slice gives NaN. Integer inputs
 * give the default float (as JAX). Differentiable almost everywhere (through the sort and the
 * interpolation weights). Methods as JAX's: "linear" (default), "lower", "higher", "midpoint",
 * "nearest" (NB: a tie takes the lower value, as JAX; NumPy rounds the position half to even).
 * @example np.quantile([1, 2, 3, 4], 0.5) // 2.5
 * @example np.quantile([1, 2, 3, 4], [0, 0.4], { method: "lower" }) // [1, 2]
 */
export const quantile = (x: A, q: A, opts: QuantileOpts = {}): NDArray => quantileImpl("quantile", x, q, opts, false);
/** Percentiles: `quantile` with q in [0, 100]. @example np.percentile([1, 2, 3, 4, 5], 25) // 2 */
export const percentile = (x: A, q: A, opts: QuantileOpts = {}): NDArray => quantileImpl("percentile", x, q, opts, false, 100);
/** The median: the middle value, or the mean of the two middle values (as JAX, the 0.5-quantile by "midpoint"). @example np.median([[1, 3], [2, 8]], { axis: 0 }) // [1.5, 5.5] */
export const median = (x: A, opts: Omit<QuantileOpts, "method"> = {}): NDArray => quantileImpl("median", x, 0.5, { ...opts, method: "midpoint" }, false);
/** `quantile` ignoring NaNs (an all-NaN slice gives NaN). @example np.nanquantile([1, NaN, 3], 0.5) // 2 */
export const nanquantile = (x: A, q: A, opts: QuantileOpts = {}): NDArray => quantileImpl("nanquantile", x, q, opts, true);
/** `percentile` ignoring NaNs. @example np.nanpercentile([1, NaN, 3], 50) // 2 */
export const nanpercentile = (x: A, q: A, opts: QuantileOpts = {}): NDArray => quantileImpl("nanpercentile", x, q, opts, true, 100);
/** `median` ignoring NaNs. @example np.nanmedian([1, NaN, 3, 4]) // 3 */
export const nanmedian = (x: A, opts: Omit<QuantileOpts, "method"> = {}): NDArray => quantileImpl("nanmedian", x, 0.5, { ...opts, method: "midpoint" }, true);

// ---- covariance and correlation ----

export interface CovOpts {
  /** Each row is a variable and each column an observation (default true); false: the transpose. */
  rowvar?: boolean;
  /** Normalize by N (true) instead of N − 1 (default false). */
  bias?: boolean;
  /** Normalize by N − ddof; overrides `bias`. */
  ddof?: number | null;
  /** Integer frequency weights, one per observation. */
  fweights?: A | null;
  /** Observation (reliability) weights, one per observation. */
  aweights?: A | null;
}

/** The variables of `m` as rows of a 2-D float array. */
function asRows(op: string, m: A, rowvar: boolean): NDArray {
  let a = inexact(m);
  if (a.ndim > 2) throw new RangeError(`${op}: m must be 1-D or 2-D, got shape ${fmtShape(a.shape)}`);
  if (a.ndim < 2) a = L.reshape(a, [1, a.size]);
  if (!rowvar && a.shape[0] !== 1) a = L.transpose(a, [1, 0]);
  return a;
}

/**
 * Covariance matrix of the variables in `m` (rows by default) and optionally `y` (more variables);
 * normalized by N − 1 (or N with `bias`, or N − `ddof`), with optional frequency and observation
 * weights. A single variable gives a 0-d array (as NumPy, the result is squeezed).
 * @example np.cov([[0, 1, 2], [2, 1, 0]]) // [[1, -1], [-1, 1]]
 */
export function cov(m: A, y?: A | null | CovOpts, opts: CovOpts = {}): NDArray {
  if (typeof y === "object" && y !== null && !Array.isArray(y) && !(y instanceof NDArray) && !ArrayBuffer.isView(y)) [y, opts] = [null, y as CovOpts];
  const rowvar = opts.rowvar ?? true;
  if (typeof rowvar !== "boolean") throw new TypeError(`cov: rowvar must be a boolean, got ${show(rowvar)}`);
  const bias = checkBool("cov", "bias", opts.bias);
  if (opts.ddof !== undefined && opts.ddof !== null && !Number.isInteger(opts.ddof)) throw new TypeError(`cov: ddof must be an integer, got ${show(opts.ddof)}`);
  const ddof = opts.ddof ?? (bias ? 0 : 1);
  let X = asRows("cov", m, rowvar);
  if (y !== undefined && y !== null) {
    let Y = asRows("cov", y as A, rowvar);
    const d = X.dtype === "float64" || Y.dtype === "float64" ? "float64" : X.dtype;
    X = L.convert(X, d), Y = L.convert(Y, d);
    if (X.shape[1] !== Y.shape[1]) throw new RangeError(`cov: m and y must have the same number of observations, got ${X.shape[1]} and ${Y.shape[1]}`);
    X = L.concatenate([X, Y], 0);
  }
  const nobs = X.shape[1];
  let w: NDArray | null = null;
  const weight = (v: A, name: string): NDArray => {
    const wa = L.convert(asArray(v), X.dtype);
    if (wa.ndim !== 1 || wa.shape[0] !== nobs) throw new RangeError(`cov: ${name} must be 1-D with one weight per observation (${nobs}), got shape ${fmtShape(wa.shape)}`);
    return wa;
  };
  const fw = opts.fweights === undefined || opts.fweights === null ? null : weight(opts.fweights, "fweights");
  const aw = opts.aweights === undefined || opts.aweights === null ? null : weight(opts.aweights, "aweights");
  if (fw) w = fw;
  if (aw) w = w ? L.mul(w, aw) : aw;
  let avg: NDArray, fact: NDArray | number;
  if (w === null) {
    avg = L.div(L.reduceSum(X, [1]), nobs);
    fact = nobs - ddof;
  } else {
    const wsum = L.reduceSum(w, [0]);
    avg = L.div(L.reduceSum(L.mul(X, L.broadcastInDim(w, X.shape, [1])), [1]), L.broadcastTo(wsum, [X.shape[0]]));
    fact = aw === null ? L.sub(wsum, ddof) : L.sub(wsum, L.div(L.mul(L.reduceSum(L.mul(w, aw), [0]), ddof), wsum));
  }
  const Xc = L.sub(X, L.broadcastInDim(avg, X.shape, [0]));
  const Xw = w === null ? Xc : L.mul(Xc, L.broadcastInDim(w, X.shape, [1]));
  const c = L.dotGeneral(Xw, Xc, { contract: [[1], [1]], batch: [[], []] });
  const r = L.div(c, typeof fact === "number" ? fact : L.broadcastTo(fact, c.shape));
  return r.shape[0] === 1 ? L.reshape(r, []) : r;
}

/**
 * Pearson correlation coefficients: `cov` normalized by the standard deviations, clipped to [−1, 1].
 * @example np.corrcoef([[0, 1, 2], [2, 1, 0]]) // [[1, -1], [-1, 1]]
 */
export function corrcoef(x: A, y?: A | null | { rowvar?: boolean }, opts: { rowvar?: boolean } = {}): NDArray {
  if (typeof y === "object" && y !== null && !Array.isArray(y) && !(y instanceof NDArray) && !ArrayBuffer.isView(y)) [y, opts] = [null, y as { rowvar?: boolean }];
  const c = cov(x, y as A | null | undefined, { rowvar: opts.rowvar });
  if (c.ndim === 0) return L.div(c, c);
  const d = L.sqrt(diagonal(c));
  const n = d.shape[0];
  const r = L.div(L.div(c, L.broadcastInDim(d, [n, n], [0])), L.broadcastInDim(d, [n, n], [1]));
  return L.max(L.min(r, L.fullLike(r, 1)), L.fullLike(r, -1));
}

