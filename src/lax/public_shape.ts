/**
 * @file The public `lax` shape functions (jax.lax): broadcasting, reshaping, slicing (static and
 * dynamic), padding, concatenation, iota/full and dot_general — each checked with lax's strictness
 * (no implicit broadcasting or promotion) and registered in src/public/lax.ts.
 */
import { fmtShape, prod } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { DType, checkDType, getDefaultFloat } from "../core/dtype.js";
import { show } from "../numpy/signature.js";
import * as L from "./index.js";
import { LaxOperand, intArg, intList, laxArray, laxAxes, laxAxis } from "./strict.js";

type X = LaxOperand;

/** A shape: a list of non-negative integers. */
function shapeArg(fn: string, what: string, v: unknown): number[] {
  const s = intList(fn, what, v);
  if (s.some((d) => d < 0)) throw new RangeError(`lax.${fn}: ${what} ${fmtShape(s)} has a negative size`);
  return s;
}

/**
 * `operand` broadcast to `shape`: its axis i becomes axis broadcastDimensions[i] of the result (and
 * must be 1 or of that size); the other axes are new.
 * @example lax.broadcastInDim(np.array([1, 2]), [3, 2], [1]) // three rows [1, 2]
 */
export function broadcastInDim(operand: X, shape: number[], broadcastDimensions: number[]): NDArray {
  const x = laxArray("broadcastInDim", "operand", operand);
  const s = shapeArg("broadcastInDim", "shape", shape);
  const dims = laxAxes("broadcastInDim", "broadcastDimensions", broadcastDimensions, s.length);
  if (dims.length !== x.ndim) {
    throw new RangeError(`lax.broadcastInDim: broadcastDimensions ${fmtShape(dims)} has ${dims.length} entries for an operand of rank ${x.ndim}`);
  }
  dims.forEach((d, i) => {
    if (i > 0 && d <= dims[i - 1]) throw new RangeError(`lax.broadcastInDim: broadcastDimensions ${fmtShape(dims)} must be strictly increasing`);
    if (x.shape[i] !== 1 && x.shape[i] !== s[d]) {
      throw new RangeError(`lax.broadcastInDim: operand axis ${i} of size ${x.shape[i]} cannot become axis ${d} of size ${s[d]} (operand ${fmtShape(x.shape)} → ${fmtShape(s)})`);
    }
  });
  return L.broadcastInDim(x, s, dims);
}
/** `operand` with new leading axes of `sizes`. @example lax.broadcast(np.array([1, 2]), [3]).shape // [3, 2] */
export function broadcast(operand: X, sizes: number[]): NDArray {
  const x = laxArray("broadcast", "operand", operand);
  const s = shapeArg("broadcast", "sizes", sizes);
  return L.broadcastInDim(x, [...s, ...x.shape], x.shape.map((_, i) => i + s.length));
}
/**
 * `operand` with shape `newSizes` (same number of elements), read in row-major order — after
 * transposing by `dimensions` when given.
 * @example lax.reshape(np.arange(6), [2, 3]) // [[0, 1, 2], [3, 4, 5]]
 */
export function reshape(operand: X, newSizes: number[], dimensions?: number[] | null): NDArray {
  let x = laxArray("reshape", "operand", operand);
  const s = shapeArg("reshape", "newSizes", newSizes);
  if (dimensions !== undefined && dimensions !== null) x = transpose(x, dimensions);
  if (prod(s) !== x.size) throw new RangeError(`lax.reshape: cannot reshape ${fmtShape(x.shape)} (${x.size} elements) to ${fmtShape(s)} (${prod(s)})`);
  return L.reshape(x, s);
}
/** `array` without the listed axes, each of size 1. @example lax.squeeze(np.ones([1, 3, 1]), [0, 2]).shape // [3] */
export function squeeze(array: X, dimensions: number[]): NDArray {
  const x = laxArray("squeeze", "array", array);
  const dims = laxAxes("squeeze", "dimensions", dimensions, x.ndim);
  for (const d of dims) if (x.shape[d] !== 1) throw new RangeError(`lax.squeeze: axis ${d} of ${fmtShape(x.shape)} has size ${x.shape[d]}, not 1`);
  return L.reshape(x, x.shape.filter((_, i) => !dims.includes(i)));
}
/**
 * `array` with size-1 axes inserted at `dimensions` (positions in the result; negative counts from its end).
 * @example lax.expandDims(np.ones([3]), [0, 2]).shape // [1, 3, 1]
 */
export function expandDims(array: X, dimensions: number[]): NDArray {
  const x = laxArray("expandDims", "array", array);
  const n = x.ndim + intList("expandDims", "dimensions", dimensions).length;
  const dims = dimensions.map((d) => (d < 0 ? d + n : d));
  laxAxes("expandDims", "dimensions", dims, n);
  const shape: number[] = [];
  for (let i = 0, j = 0; i < n; i++) shape.push(dims.includes(i) ? 1 : x.shape[j++]);
  return L.reshape(x, shape);
}
/** Axes permuted: result axis i is operand axis permutation[i]. @example lax.transpose(np.ones([2, 3]), [1, 0]).shape // [3, 2] */
export function transpose(operand: X, permutation: number[]): NDArray {
  const x = laxArray("transpose", "operand", operand);
  const perm = laxAxes("transpose", "permutation", permutation, x.ndim);
  if (perm.length !== x.ndim) throw new RangeError(`lax.transpose: permutation ${fmtShape(perm)} is not a permutation of the ${x.ndim} axes of ${fmtShape(x.shape)}`);
  return L.transpose(x, perm);
}
/**
 * Axes [startDimension, stopDimension) merged into one (row-major).
 * @example lax.collapse(np.ones([2, 3, 4]), 1, 3).shape // [2, 12]
 */
export function collapse(operand: X, startDimension: number, stopDimension?: number | null): NDArray {
  const x = laxArray("collapse", "operand", operand);
  const stop = stopDimension === undefined || stopDimension === null ? x.ndim : intArg("collapse", "stopDimension", stopDimension);
  const start = intArg("collapse", "startDimension", startDimension);
  if (start < 0 || stop > x.ndim || start > stop) throw new RangeError(`lax.collapse: need 0 ≤ startDimension ≤ stopDimension ≤ ${x.ndim}, got ${start}, ${stop} for ${fmtShape(x.shape)}`);
  return L.reshape(x, [...x.shape.slice(0, start), prod(x.shape.slice(start, stop)), ...x.shape.slice(stop)]);
}
/** `operand` reversed along `dimensions`. @example lax.rev(np.array([1, 2, 3]), [0]) // [3, 2, 1] */
export function rev(operand: X, dimensions: number[]): NDArray {
  const x = laxArray("rev", "operand", operand);
  return L.rev(x, laxAxes("rev", "dimensions", dimensions, x.ndim));
}
/**
 * `operand` padded by `paddingConfig`, one (low, high, interior) triple per axis: `low`/`high` values
 * before/after (negative crops), `interior` between neighbours. `paddingValue` is a JS number or a
 * 0-d array of the operand's dtype (it may be traced: its derivative is the sum over the padding).
 * @example lax.pad(np.array([1, 2]), 0, [[1, 2, 1]]) // [0, 1, 0, 2, 0, 0]
 */
export function pad(operand: X, paddingValue: X, paddingConfig: [number, number, number][]): NDArray {
  const x = laxArray("pad", "operand", operand);
  if (!Array.isArray(paddingConfig) || paddingConfig.length !== x.ndim || !paddingConfig.every((t) => Array.isArray(t) && t.length === 3 && t.every(Number.isInteger))) {
    throw new TypeError(`lax.pad: paddingConfig must be ${x.ndim} (low, high, interior) triples of integers for operand ${fmtShape(x.shape)}, got ${show(paddingConfig)}`);
  }
  const config = paddingConfig.map(([a, b, c]) => [a, b, c] as [number, number, number]);
  config.forEach(([lo, hi, int], i) => {
    if (int < 0) throw new RangeError(`lax.pad: interior padding ${int} of axis ${i} is negative`);
    if (lo + hi + x.shape[i] + Math.max(0, x.shape[i] - 1) * int < 0) throw new RangeError(`lax.pad: ${JSON.stringify(config[i])} crops axis ${i} of size ${x.shape[i]} below zero`);
  });
  if (typeof paddingValue === "number") return L.padConfig(x, config, paddingValue);
  const v = laxArray("pad", "paddingValue", paddingValue);
  if (v.ndim !== 0 || v.dtype !== x.dtype) throw new TypeError(`lax.pad: paddingValue must be a 0-d ${x.dtype} array or a JS number, got ${v.dtype}${fmtShape(v.shape)}`);
  if (v instanceof ConcreteArray) return L.padConfig(x, config, v.item() as number);
  // a traced value: pad with zeros, then put the value where a padded mask is set
  const padded = L.padConfig(x, config, 0);
  const mask = L.padConfig(L.fullLike(x, 0, "bool"), config, 1);
  return L.select(mask, L.broadcastInDim(v, [...padded.shape], []), padded);
}
/**
 * The elements from startIndices up to (not including) limitIndices, every strides-th.
 * @example lax.slice(np.arange(10), [1], [8], [3]) // [1, 4, 7]
 */
export function slice(operand: X, startIndices: number[], limitIndices: number[], strides?: number[] | null): NDArray {
  const x = laxArray("slice", "operand", operand);
  const start = intList("slice", "startIndices", startIndices), stop = intList("slice", "limitIndices", limitIndices);
  const step = strides === undefined || strides === null ? x.shape.map(() => 1) : intList("slice", "strides", strides);
  if (start.length !== x.ndim || stop.length !== x.ndim || step.length !== x.ndim) {
    throw new RangeError(`lax.slice: startIndices, limitIndices and strides need ${x.ndim} entries for operand ${fmtShape(x.shape)}, got ${start.length}, ${stop.length}, ${step.length}`);
  }
  x.shape.forEach((n, i) => {
    if (start[i] < 0 || stop[i] > n || start[i] > stop[i] || step[i] < 1) {
      throw new RangeError(`lax.slice: axis ${i} of size ${n}: need 0 ≤ start ≤ limit ≤ ${n} and stride ≥ 1, got start ${start[i]}, limit ${stop[i]}, stride ${step[i]}`);
    }
  });
  return L.slice(x, start, stop, step);
}
/**
 * `slice` along one axis; startIndex/limitIndex may be negative (from the end) or null (the ends).
 * @example lax.sliceInDim(np.arange(6).reshape([2, 3]), 1, null, 1, 1) // [[1, 2], [4, 5]]
 */
export function sliceInDim(operand: X, startIndex: number | null, limitIndex: number | null, stride = 1, axis = 0): NDArray {
  const x = laxArray("sliceInDim", "operand", operand);
  const a = laxAxis("sliceInDim", "axis", axis, x.ndim), n = x.shape[a];
  const norm = (v: number | null, dflt: number, what: string) => (v === null || v === undefined ? dflt : intArg("sliceInDim", what, v) < 0 ? v + n : v);
  const start = x.shape.map(() => 0), stop = [...x.shape], step = x.shape.map(() => 1);
  start[a] = norm(startIndex, 0, "startIndex");
  stop[a] = norm(limitIndex, n, "limitIndex");
  step[a] = intArg("sliceInDim", "stride", stride);
  return slice(x, start, stop, step);
}

/** A start index: a JS integer or a 0-d integer array (possibly traced), as int32. */
function startIndex(fn: string, v: unknown, i: number): NDArray {
  if (typeof v === "number") return L.full([], intArg(fn, `startIndices[${i}]`, v), "int32");
  if (!(v instanceof NDArray) || v.ndim !== 0 || (v.dtype !== "int32" && v.dtype !== "uint32")) {
    throw new TypeError(`lax.${fn}: startIndices[${i}] must be a JS integer or a 0-d int32 array, got ${show(v)}`);
  }
  return L.convert(v, "int32");
}
function startList(fn: string, startIndices: unknown, ndim: number): NDArray[] {
  if (!Array.isArray(startIndices) || startIndices.length !== ndim) {
    throw new TypeError(`lax.${fn}: startIndices must be a list of ${ndim} indices (one per axis), got ${show(startIndices)}`);
  }
  return startIndices.map((v, i) => startIndex(fn, v, i));
}
const iotaI32 = (n: number) => ConcreteArray.fromTyped(Int32Array.from({ length: n }, (_, i) => i), [n], "int32");
/** The start clamped to [0, n − size], as XLA (so the window stays in bounds). */
const clampStart = (s: NDArray, n: number, size: number) => L.max(L.min(s, L.full([], n - size, "int32")), L.full([], 0, "int32"));

/**
 * The window of `sliceSizes` starting at `startIndices` (JS integers or 0-d int32 arrays, possibly
 * traced); a start is clamped so that the window stays inside the operand, as XLA.
 * @example lax.dynamicSlice(np.arange(5), [np.array(3, { dtype: "int32" })], [2]) // [3, 4]
 */
export function dynamicSlice(operand: X, startIndices: (number | NDArray)[], sliceSizes: number[]): NDArray {
  let x = laxArray("dynamicSlice", "operand", operand);
  const starts = startList("dynamicSlice", startIndices, x.ndim);
  const sizes = shapeArg("dynamicSlice", "sliceSizes", sliceSizes);
  if (sizes.length !== x.ndim || sizes.some((s, i) => s > x.shape[i])) {
    throw new RangeError(`lax.dynamicSlice: sliceSizes ${fmtShape(sizes)} must have one size ≤ the operand's per axis, operand ${fmtShape(x.shape)}`);
  }
  for (let i = 0; i < x.ndim; i++) {
    if (sizes[i] === x.shape[i]) continue;
    x = L.gather(x, L.add(L.broadcastInDim(clampStart(starts[i], x.shape[i], sizes[i]), [sizes[i]], []), iotaI32(sizes[i])), i);
  }
  return x;
}
/**
 * `operand` with `update` written at `startIndices` (clamped so that it fits, as XLA).
 * @example lax.dynamicUpdateSlice(np.zeros(4), np.array([1, 2]), [1]) // [0, 1, 2, 0]
 */
export function dynamicUpdateSlice(operand: X, update: X, startIndices: (number | NDArray)[]): NDArray {
  const x = laxArray("dynamicUpdateSlice", "operand", operand), u = laxArray("dynamicUpdateSlice", "update", update);
  if (u.dtype !== x.dtype) throw new TypeError(`lax.dynamicUpdateSlice: update dtype ${u.dtype} differs from the operand's ${x.dtype}`);
  if (u.ndim !== x.ndim || u.shape.some((s, i) => s > x.shape[i])) {
    throw new RangeError(`lax.dynamicUpdateSlice: update ${fmtShape(u.shape)} must have the operand's rank and fit in it, operand ${fmtShape(x.shape)}`);
  }
  const starts = startList("dynamicUpdateSlice", startIndices, x.ndim);
  if (u.size === 0) return x;
  // read the update at (i − start) along every axis, clamped; keep it where 0 ≤ i − start < size
  let spread = u;
  let mask: NDArray | null = null;
  for (let i = 0; i < x.ndim; i++) {
    const n = x.shape[i], size = u.shape[i];
    const pos = L.sub(iotaI32(n), L.broadcastInDim(clampStart(starts[i], n, size), [n], []));
    spread = L.gather(spread, pos, i);
    const inside = L.broadcastInDim(L.and(L.ge(pos, 0), L.lt(pos, size)), [...x.shape], [i]);
    mask = mask === null ? inside : L.and(mask, inside);
  }
  return mask === null ? u : L.select(mask, spread, x);
}
/** `dynamicSlice` along one axis. @example lax.dynamicSliceInDim(np.arange(5), 1, 3) // [1, 2, 3] */
export function dynamicSliceInDim(operand: X, startIndex: number | NDArray, sliceSize: number, axis = 0): NDArray {
  const x = laxArray("dynamicSliceInDim", "operand", operand);
  const a = laxAxis("dynamicSliceInDim", "axis", axis, x.ndim);
  return dynamicSlice(x, x.shape.map((_, i) => (i === a ? startIndex : 0)), x.shape.map((n, i) => (i === a ? sliceSize : n)));
}
/**
 * The entry `index` of `axis` (a JS integer or 0-d int32 array; clamped), keeping that axis as size 1 unless keepdims is false.
 * @example lax.dynamicIndexInDim(np.arange(6).reshape([2, 3]), 1, 1, false) // [1, 4]
 */
export function dynamicIndexInDim(operand: X, index: number | NDArray, axis = 0, keepdims = true): NDArray {
  const x = laxArray("dynamicIndexInDim", "operand", operand);
  const a = laxAxis("dynamicIndexInDim", "axis", axis, x.ndim);
  const out = dynamicSliceInDim(x, index, 1, a);
  return keepdims ? out : L.reshape(out, x.shape.filter((_, i) => i !== a));
}
/** `dynamicUpdateSlice` along one axis. @example lax.dynamicUpdateSliceInDim(np.zeros(4), np.array([1, 2]), 2, 0) // [0, 0, 1, 2] */
export function dynamicUpdateSliceInDim(operand: X, update: X, startIndex: number | NDArray, axis: number): NDArray {
  const x = laxArray("dynamicUpdateSliceInDim", "operand", operand);
  const a = laxAxis("dynamicUpdateSliceInDim", "axis", axis, x.ndim);
  return dynamicUpdateSlice(x, update, x.shape.map((_, i) => (i === a ? startIndex : 0)));
}
/**
 * `operand` with its entry `index` along `axis` replaced by `update` (which has size 1 there, or lacks that axis).
 * @example lax.dynamicUpdateIndexInDim(np.zeros([2, 2]), np.array([7, 8]), 1, 0) // [[0, 0], [7, 8]]
 */
export function dynamicUpdateIndexInDim(operand: X, update: X, index: number | NDArray, axis: number): NDArray {
  const x = laxArray("dynamicUpdateIndexInDim", "operand", operand);
  let u = laxArray("dynamicUpdateIndexInDim", "update", update);
  const a = laxAxis("dynamicUpdateIndexInDim", "axis", axis, x.ndim);
  if (u.ndim === x.ndim - 1) u = L.reshape(u, [...u.shape.slice(0, a), 1, ...u.shape.slice(a)]);
  return dynamicUpdateSlice(x, u, x.shape.map((_, i) => (i === a ? index : 0)));
}
/**
 * `operands` joined along `dimension` (one dtype; equal sizes on the other axes).
 * @example lax.concatenate([np.array([1]), np.array([2, 3])], 0) // [1, 2, 3]
 */
export function concatenate(operands: X[], dimension: number): NDArray {
  if (!Array.isArray(operands) || operands.length === 0) throw new TypeError(`lax.concatenate: operands must be a non-empty list of arrays, got ${show(operands)}`);
  const xs = operands.map((o, i) => laxArray("concatenate", `operands[${i}]`, o));
  const d = laxAxis("concatenate", "dimension", dimension, xs[0].ndim);
  for (const x of xs) {
    if (x.dtype !== xs[0].dtype) throw new TypeError(`lax.concatenate: operand dtypes differ: ${xs.map((y) => y.dtype).join(" vs ")}`);
    if (x.ndim !== xs[0].ndim || x.shape.some((n, i) => i !== d && n !== xs[0].shape[i])) {
      throw new RangeError(`lax.concatenate: operand shapes ${xs.map((y) => fmtShape(y.shape)).join(", ")} differ off dimension ${d}`);
    }
  }
  return L.concatenate(xs, d);
}

// ---- creation ----
/** [0, 1, …, size − 1] of `dtype`. @example lax.iota("int32", 4) // [0, 1, 2, 3] */
export function iota(dtype: DType, size: number): NDArray {
  const d = checkDType(dtype, "lax.iota");
  const n = shapeArg("iota", "size", [size])[0];
  return L.convert(iotaI32(n), d);
}
/** An array of `shape` counting along `dimension`. @example lax.broadcastedIota("int32", [2, 3], 1) // [[0, 1, 2], [0, 1, 2]] */
export function broadcastedIota(dtype: DType, shape: number[], dimension: number): NDArray {
  const s = shapeArg("broadcastedIota", "shape", shape);
  const d = laxAxis("broadcastedIota", "dimension", dimension, s.length);
  return L.broadcastInDim(iota(dtype, s[d]), s, [d]);
}
/**
 * An array of `shape` filled with `fillValue` (a JS number, or a 0-d array, possibly traced) in
 * `dtype` (default: the value's dtype, or the default float for a JS number).
 * @example lax.full([2], 7, "int32") // [7, 7]
 */
export function full(shape: number[], fillValue: X, dtype?: DType | null): NDArray {
  const s = shapeArg("full", "shape", shape);
  const d = dtype === undefined || dtype === null ? null : checkDType(dtype, "lax.full");
  if (typeof fillValue === "number") return L.full(s, fillValue, d ?? getDefaultFloat(), "lax.full");
  const v = laxArray("full", "fillValue", fillValue);
  if (v.ndim !== 0) throw new TypeError(`lax.full: fillValue must be a scalar (a JS number or a 0-d array), got shape ${fmtShape(v.shape)}`);
  return L.broadcastInDim(L.convert(v, d ?? v.dtype), s, []);
}
/** `full` with x's shape and dtype unless given. @example lax.fullLike(np.zeros([2], "int32"), 3) // [3, 3] int32 */
export function fullLike(x: X, fillValue: X, dtype?: DType | null, shape?: number[] | null): NDArray {
  const a = laxArray("fullLike", "x", x);
  return full(shape ?? [...a.shape], fillValue, dtype ?? a.dtype);
}

// ---- contraction ----
/** jax.lax's dimension numbers: ((lhs contracting, rhs contracting), (lhs batch, rhs batch)). */
export type DotDimensionNumbers = [[number[], number[]], [number[], number[]]];
/** Options of dotGeneral / dot. `precision` is accepted and ignored (one precision per backend). */
export interface DotOpts {
  precision?: string | null | [string | null, string | null];
  preferredElementType?: DType | null;
}
/**
 * Contraction over paired axes with paired batch axes: the result holds the batch axes, then lhs's
 * free axes, then rhs's (as jax.lax.dot_general). NB: `precision` is ignored; `preferredElementType`
 * converts both operands first.
 * @example lax.dotGeneral(np.ones([2, 3]), np.ones([3, 4]), [[[1], [0]], [[], []]]).shape // [2, 4]
 * @example lax.dotGeneral(np.ones([5, 2, 3]), np.ones([5, 3, 4]), [[[2], [1]], [[0], [0]]]).shape // [5, 2, 4]
 */
export function dotGeneral(lhs: X, rhs: X, dimensionNumbers: DotDimensionNumbers, opts: DotOpts = {}): NDArray {
  let x = laxArray("dotGeneral", "lhs", lhs), y = laxArray("dotGeneral", "rhs", rhs);
  const dn = dimensionNumbers as unknown;
  const pairOk = (p: unknown) => Array.isArray(p) && p.length === 2 && p.every((l) => Array.isArray(l) && l.every(Number.isInteger));
  if (!Array.isArray(dn) || dn.length !== 2 || !pairOk(dn[0]) || !pairOk(dn[1])) {
    throw new TypeError(`lax.dotGeneral: dimensionNumbers must be ((lhsContract, rhsContract), (lhsBatch, rhsBatch)) lists of axes, got ${show(dn)}`);
  }
  const [[lc, rc], [lb, rb]] = dimensionNumbers;
  laxAxes("dotGeneral", "lhs contracting/batch dims", [...lc, ...lb], x.ndim);
  laxAxes("dotGeneral", "rhs contracting/batch dims", [...rc, ...rb], y.ndim);
  if (lc.length !== rc.length || lb.length !== rb.length) throw new RangeError(`lax.dotGeneral: lhs and rhs need as many contracting (${lc.length} vs ${rc.length}) and batch (${lb.length} vs ${rb.length}) dims`);
  const pref = opts.preferredElementType;
  if (pref !== undefined && pref !== null) {
    const d = checkDType(pref, "lax.dotGeneral");
    x = L.convert(x, d), y = L.convert(y, d);
  }
  if (x.dtype !== y.dtype) throw new TypeError(`lax.dotGeneral: operand dtypes differ: ${x.dtype} vs ${y.dtype} (lax does not promote)`);
  const check = (a: number[], b: number[], what: string) =>
    a.forEach((ax, i) => {
      if (x.shape[ax] !== y.shape[b[i]]) throw new RangeError(`lax.dotGeneral: ${what} axes differ in size: lhs ${fmtShape(x.shape)} axis ${ax} (${x.shape[ax]}) vs rhs ${fmtShape(y.shape)} axis ${b[i]} (${y.shape[b[i]]})`);
    });
  check(lc, rc, "contracting");
  check(lb, rb, "batch");
  return L.dotGeneral(x, y, { contract: [[...lc], [...rc]], batch: [[...lb], [...rb]] });
}
/**
 * Batched matrix product of [..., m, k] and [..., k, n] with equal batch dimensions.
 * @example lax.batchMatmul(np.ones([5, 2, 3]), np.ones([5, 3, 4])).shape // [5, 2, 4]
 */
export function batchMatmul(lhs: X, rhs: X, opts: DotOpts = {}): NDArray {
  const x = laxArray("batchMatmul", "lhs", lhs), y = laxArray("batchMatmul", "rhs", rhs);
  if (x.ndim < 2 || x.ndim !== y.ndim || x.shape.slice(0, -2).join() !== y.shape.slice(0, -2).join()) {
    throw new RangeError(`lax.batchMatmul: needs operands of equal rank ≥ 2 with equal batch dimensions, got lhs ${fmtShape(x.shape)} and rhs ${fmtShape(y.shape)}`);
  }
  const n = x.ndim, batch = [...Array(n - 2).keys()];
  return dotGeneral(x, y, [[[n - 1], [n - 2]], [batch, batch]], opts);
}
/**
 * Vector·vector, matrix·vector or matrix·matrix: lhs's last axis against rhs's first.
 * @example lax.dot(np.array([[1, 2], [3, 4]]), np.array([1, 1])) // [3, 7]
 */
export function dot(lhs: X, rhs: X, opts: DotOpts = {}): NDArray {
  const x = laxArray("dot", "lhs", lhs), y = laxArray("dot", "rhs", rhs);
  if (x.ndim < 1 || x.ndim > 2 || y.ndim < 1 || y.ndim > 2) {
    throw new RangeError(`lax.dot: takes vectors and matrices, got lhs ${fmtShape(x.shape)} and rhs ${fmtShape(y.shape)} (use lax.dotGeneral)`);
  }
  if (x.shape[x.ndim - 1] !== y.shape[0]) throw new RangeError(`lax.dot: inner dimensions differ: lhs ${fmtShape(x.shape)} · rhs ${fmtShape(y.shape)} (${x.shape[x.ndim - 1]} ≠ ${y.shape[0]})`);
  return dotGeneral(x, y, [[[x.ndim - 1], [0]], [[], []]], opts);
}
