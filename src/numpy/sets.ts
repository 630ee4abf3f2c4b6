/**
 * @file Data-dependent selections with JAX's static `size`/`fillValue`: flatnonzero, argwhere, extract,
 * compress, trimZeros, the Array API unique family and the sorted set operations (setdiff1d, union1d,
 * intersect1d, setxor1d). Without `size` the result's length is read from concrete data.
 */
import { ConcreteArray, NDArray } from "../core/array.js";
import { Tracer } from "../core/trace.js";
import { fmtShape, normAxis } from "../core/aval.js";
import { isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, resultDType } from "./core.js";
import { isnan } from "./math.js";
import { isin } from "./select_ops.js";
import { show } from "./signature.js";
import { unique } from "./sorting.js";

export interface SizeOpts {
  /** Static length of the result (required inside jit/vmap/grad): truncated, or padded with `fillValue`. */
  size?: number;
  /** The padding value (default: see each function). */
  fillValue?: number;
}

const isConcrete = (x: NDArray): boolean => !(x instanceof Tracer);
const iota = (n: number): NDArray => ConcreteArray.fromTyped(Int32Array.from({ length: n }, (_, i) => i), [n], "int32");

/** The static result length: `size`, or the count of a concrete mask (JAX's concretization error when traced). */
function staticSize(op: string, count: NDArray, opts: SizeOpts): number {
  const { size } = opts;
  if (size !== undefined) {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`${op}: size must be a non-negative integer, got ${show(size)}`);
    return size;
  }
  if (!isConcrete(count)) {
    throw new TypeError(
      `${op}: the length of the result depends on the data, but the input is traced inside a transformation; ` +
        `pass a static { size } (and optionally { fillValue }), as JAX requires for data-dependent shapes`,
    );
  }
  return Number(count.item());
}

/**
 * The positions of the true entries of the 1-D bool `mask`, `size` of them (padded with `fill`), in O(n):
 * the k-th true entry lands at slot k = cumsum − 1; the rest go to a dropped extra slot.
 */
function positions(mask: NDArray, size: number, fill: number | undefined): NDArray {
  const n = mask.shape[0];
  const m32 = L.convert(mask, "int32");
  const cs = L.cumsum(m32, 0);
  const slot = L.sub(cs, 1);
  const keep = L.and(mask, L.lt(slot, size));
  const idx = n === 0 ? L.full([size + 1], 0, "int32") : L.scatterAdd(L.select(keep, iota(n), L.zerosLike(slot)), L.select(keep, slot, L.fullLike(slot, size)), 0, [size + 1]);
  const out = L.slice(idx, [0], [size]);
  if (fill === undefined) return out;
  const count = n === 0 ? L.full([], 0, "int32") : L.reduceSum(m32, [0]);
  return L.select(L.lt(iota(size), L.broadcastInDim(count, [size], [])), out, L.full([size], fill, "int32"));
}

function boolMask(x: ArrayLike): NDArray {
  const a = asArray(x);
  return a.dtype === "bool" ? a : L.ne(a, 0);
}
function countOf(mask: NDArray): NDArray {
  return mask.size === 0 ? L.full([], 0, "int32") : L.reduceSum(L.convert(mask, "int32"), mask.shape.map((_, i) => i));
}
function checkFill(op: string, fill: unknown): number | undefined {
  if (fill !== undefined && typeof fill !== "number") throw new TypeError(`${op}: fillValue must be a number, got ${show(fill)}`);
  return fill as number | undefined;
}

/**
 * Indices of the non-zero entries of the flattened `x`, as `jnp.flatnonzero` (int32). With `size`,
 * exactly `size` of them, padded with `fillValue` (default 0): jit-able.
 * @example np.flatnonzero([0, 3, 0, 4]) // [1, 3]
 * @example np.flatnonzero([0, 3, 0, 4], { size: 3, fillValue: -1 }) // [1, 3, -1]
 */
export function flatnonzero(x: ArrayLike, opts: SizeOpts = {}): NDArray {
  const m = boolMask(x);
  const flat = L.reshape(m, [m.size]);
  return positions(flat, staticSize("flatnonzero", countOf(flat), opts), checkFill("flatnonzero", opts.fillValue));
}

/**
 * The indices of the non-zero entries, one row per entry: shape [count, ndim] (int32), as
 * `jnp.argwhere`. With `size`, `size` rows, padded with `fillValue` (default 0): jit-able.
 * @example np.argwhere([[0, 1], [2, 0]]) // [[0, 1], [1, 0]]
 */
export function argwhere(x: ArrayLike, opts: SizeOpts = {}): NDArray {
  const m = boolMask(x);
  const shape = m.shape;
  const flat = positions(L.reshape(m, [m.size]), staticSize("argwhere", countOf(m), opts), undefined);
  const k = flat.shape[0];
  const cols: NDArray[] = [];
  let stride = 1;
  for (let ax = shape.length - 1; ax >= 0; ax--) {
    cols[ax] = shape[ax] === 0 ? L.zerosLike(flat) : L.rem(L.div(flat, stride), shape[ax]);
    stride *= shape[ax];
  }
  let out = shape.length === 0 ? L.full([k, 0], 0, "int32") : L.concatenate(cols.map((c) => L.reshape(c, [k, 1])), 1);
  const fill = checkFill("argwhere", opts.fillValue);
  if (fill !== undefined && shape.length > 0) {
    const valid = L.lt(iota(k), L.broadcastInDim(countOf(m), [k], []));
    out = L.select(L.broadcastInDim(valid, out.shape, [0]), out, L.full(out.shape, fill, "int32"));
  }
  return out;
}

/** Gather the entries of 1-D `values` where `mask` holds, padded to `size` with `fill` (default 0). */
function compact(op: string, values: NDArray, mask: NDArray, opts: SizeOpts, defaultFill: "zero" | "min"): NDArray {
  const count = countOf(mask);
  const size = staticSize(op, count, opts);
  const fill = checkFill(op, opts.fillValue);
  const n = values.shape[0];
  if (n === 0) return L.full([size], fill ?? 0, values.dtype);
  const idx = positions(mask, size, undefined);
  const got = L.gather(values, idx, 0);
  const valid = L.lt(iota(size), L.broadcastInDim(count, [size], []));
  // default padding: 0, or (sorted set results, as JAX) the smallest value of the result
  const pad = fill !== undefined || defaultFill === "zero" || size === 0
    ? L.full([size], fill ?? 0, values.dtype)
    : L.broadcastInDim(L.reshape(L.slice(got, [0], [1]), []), [size], []);
  return L.select(valid, got, pad);
}

/**
 * The entries of the flattened `arr` where the flattened `condition` is non-zero, as `np.extract`
 * (condition and arr of equal size). With `size` (padded with `fillValue`, default 0): jit-able.
 * @example np.extract([true, false, true], [1, 2, 3]) // [1, 3]
 */
export function extract(condition: ArrayLike, arr: ArrayLike, opts: SizeOpts = {}): NDArray {
  const c = boolMask(condition), a = asArray(arr);
  if (c.size !== a.size) throw new RangeError(`extract: condition ${fmtShape(c.shape)} and arr ${fmtShape(a.shape)} must have the same number of elements`);
  return compact("extract", L.reshape(a, [a.size]), L.reshape(c, [c.size]), opts, "zero");
}

/**
 * The slices of `a` along `axis` (of the flattened array when null) where the 1-D `condition` holds,
 * as `np.compress`; a shorter condition counts as false beyond its end. With `size` (padded with
 * `fillValue`, default 0): jit-able, also with a traced condition. Differentiable in `a`.
 * @example np.compress([false, true, true], [[1, 2], [3, 4], [5, 6]], 0) // [[3, 4], [5, 6]]
 */
export function compress(condition: ArrayLike, a: ArrayLike, axis: number | null = null, opts: SizeOpts = {}): NDArray {
  let x = asArray(a);
  let c = boolMask(condition);
  if (c.ndim !== 1) throw new RangeError(`compress: condition must be 1-D, got shape ${fmtShape(c.shape)}`);
  if (axis === null) (x = L.reshape(x, [x.size])), (axis = 0);
  const ax = normAxis(axis, x.ndim, "compress");
  const n = x.shape[ax];
  if (c.shape[0] > n) throw new RangeError(`compress: condition of length ${c.shape[0]} is longer than axis ${ax} of ${fmtShape(x.shape)} (length ${n})`);
  if (c.shape[0] < n) c = L.concatenate([c, L.full([n - c.shape[0]], 0, "bool")], 0);
  const count = countOf(c);
  const size = staticSize("compress", count, opts);
  const fill = checkFill("compress", opts.fillValue) ?? 0;
  if (n === 0) return L.full(x.shape.map((d, i) => (i === ax ? size : d)), fill, x.dtype);
  const got = L.gather(x, positions(c, size, undefined), ax);
  const valid = L.broadcastInDim(L.lt(iota(size), L.broadcastInDim(count, [size], [])), got.shape, [ax]);
  return L.select(valid, got, L.fullLike(got, fill));
}

export interface TrimZerosOpts extends SizeOpts {}

/**
 * `filt` (1-D) without its leading ("f") and/or trailing ("b") zeros, as `np.trim_zeros`. With `size`
 * (padded with `fillValue`, default 0) the start and end may be traced: jit-able.
 * @example np.trimZeros([0, 0, 1, 2, 0]) // [1, 2]
 * @example np.trimZeros([0, 0, 1, 2, 0], "b") // [0, 0, 1, 2]
 */
export function trimZeros(filt: ArrayLike, trim: string = "fb", opts: TrimZerosOpts = {}): NDArray {
  const a = asArray(filt);
  if (a.ndim !== 1) throw new RangeError(`trimZeros: filt must be 1-D, got shape ${fmtShape(a.shape)}`);
  if (typeof trim !== "string" || !/^[fFbB]*$/.test(trim)) throw new TypeError(`trimZeros: trim must be a string of "f" (front) and "b" (back), got ${show(trim)}`);
  const n = a.shape[0];
  const front = /f/i.test(trim), back = /b/i.test(trim);
  if (n === 0) return L.full([opts.size ?? 0], opts.fillValue ?? 0, a.dtype);
  const nz = L.ne(a, 0);
  const any = L.reduceMax(L.convert(nz, "int32"), [0]);
  const first = L.select(L.gt(any, 0), L.convert(L.argmax(L.convert(nz, "int32"), 0), "int32"), L.full([], n, "int32"));
  const last = L.select(L.gt(any, 0), L.sub(n, L.convert(L.argmax(L.convert(L.rev(nz, [0]), "int32"), 0), "int32")), L.full([], 0, "int32"));
  const start = front ? first : L.full([], 0, "int32");
  const end = back ? last : L.full([], n, "int32");
  const len = L.max(L.sub(end, start), 0);
  const size = staticSize("trimZeros", len, opts);
  const fill = checkFill("trimZeros", opts.fillValue) ?? 0;
  const k = iota(size);
  const idx = L.min(L.add(k, L.broadcastInDim(start, [size], [])), n - 1);
  const valid = L.lt(k, L.broadcastInDim(len, [size], []));
  return L.select(valid, L.gather(a, idx, 0), L.full([size], fill, a.dtype));
}

// ---- the Array API unique family ----

/** `x`'s sorted unique values, as the Array API's `unique_values` (`jnp.unique_values`). @example np.uniqueValues([3, 1, 3]) // [1, 3] */
export function uniqueValues(x: ArrayLike, opts: SizeOpts = {}): NDArray {
  return unique(x, opts);
}
/** Sorted unique values and their counts, as `unique_counts`. @example np.uniqueCounts([3, 1, 3]).counts // [1, 2] */
export function uniqueCounts(x: ArrayLike, opts: SizeOpts = {}): { values: NDArray; counts: NDArray } {
  const [values, counts] = unique(x, { ...opts, returnCounts: true });
  return { values, counts };
}
/**
 * Sorted unique values and, for each element of `x` (x's shape), the index of its value among them,
 * as `unique_inverse`. @example np.uniqueInverse([3, 1, 3]).inverseIndices // [1, 0, 1]
 */
export function uniqueInverse(x: ArrayLike, opts: SizeOpts = {}): { values: NDArray; inverseIndices: NDArray } {
  const [values, inverseIndices] = unique(x, { ...opts, returnInverse: true });
  return { values, inverseIndices };
}
/**
 * Everything at once, as `unique_all`: values, the index of each value's first occurrence in the
 * flattened `x`, the inverse indices (x's shape) and the counts.
 * @example np.uniqueAll([3, 1, 3]).indices // [1, 0]
 */
export function uniqueAll(x: ArrayLike, opts: SizeOpts = {}): { values: NDArray; indices: NDArray; inverseIndices: NDArray; counts: NDArray } {
  const [values, indices, inverseIndices, counts] = unique(x, { ...opts, returnIndex: true, returnInverse: true, returnCounts: true });
  return { values, indices, inverseIndices, counts };
}

// ---- sorted set operations ----

export interface SetOpts extends SizeOpts {
  /** The inputs are already unique (skips nothing here but is accepted, as NumPy/JAX). */
  assumeUnique?: boolean;
}

/** Flatten and promote two operands to one dtype. */
function pair(op: string, a: ArrayLike, b: ArrayLike): [NDArray, NDArray] {
  const d = resultDType([a, b]);
  const x = L.convert(asArray(a, d), d), y = L.convert(asArray(b, d), d);
  return [L.reshape(x, [x.size]), L.reshape(y, [y.size])];
}
/** Sort a 1-D array; mark the first element of each run of equal values (NaNs equal each other). */
function runs(x: NDArray): { s: NDArray; perm: NDArray; first: NDArray } {
  const n = x.shape[0];
  const [s, perm] = L.sort(x);
  if (n === 0) return { s, perm, first: L.full([0], 0, "bool") };
  const prev = L.slice(s, [0], [n - 1]), cur = L.slice(s, [1], [n]);
  let diff = L.ne(cur, prev);
  if (isFloat(s.dtype)) diff = L.and(diff, L.not(L.and(isnan(cur), isnan(prev))));
  return { s, perm, first: L.concatenate([L.full([1], 1, "bool"), diff], 0) };
}

/**
 * The sorted unique values of `ar1` that are not in `ar2`, as `np.setdiff1d`; with `assumeUnique`,
 * `ar1`'s entries not in `ar2` in their original order (as NumPy). `size`/`fillValue` (default: the
 * smallest value of the result) make it jit-able.
 * @example np.setdiff1d([5, 1, 3, 1], [3]) // [1, 5]
 */
export function setdiff1d(ar1: ArrayLike, ar2: ArrayLike, opts: SetOpts = {}): NDArray {
  const [x, y] = pair("setdiff1d", ar1, ar2);
  if (opts.assumeUnique) return compact("setdiff1d", x, isin(x, y, { invert: true }), opts, "zero");
  const { s, first } = runs(x);
  return compact("setdiff1d", s, L.and(first, isin(s, y, { invert: true })), opts, "min");
}

/**
 * The sorted unique values found in either input, as `np.union1d` (inputs flattened). `size`/
 * `fillValue` (default: the smallest value) make it jit-able.
 * @example np.union1d([3, 1], [2, 1]) // [1, 2, 3]
 */
export function union1d(ar1: ArrayLike, ar2: ArrayLike, opts: SizeOpts = {}): NDArray {
  const [x, y] = pair("union1d", ar1, ar2);
  const { s, first } = runs(L.concatenate([x, y], 0));
  return compact("union1d", s, first, opts, "min");
}

/**
 * The sorted values found in exactly one of the inputs, as `np.setxor1d`. `size`/`fillValue`
 * (default: the smallest value) make it jit-able.
 * @example np.setxor1d([1, 2, 3], [2, 3, 4]) // [1, 4]
 */
export function setxor1d(ar1: ArrayLike, ar2: ArrayLike, opts: SetOpts = {}): NDArray {
  const [x, y] = pair("setxor1d", ar1, ar2);
  const { s, first } = runs(L.concatenate([x, y], 0));
  return compact("setxor1d", s, L.and(first, L.ne(isin(s, x), isin(s, y))), opts, "min");
}

export interface Intersect1dOpts extends SetOpts {
  /** Also return the index of each common value's first occurrence in the flattened ar1 and ar2. */
  returnIndices?: boolean;
}

/**
 * The sorted unique values found in both inputs, as `np.intersect1d`; with `returnIndices`,
 * `[values, indices1, indices2]` (first occurrences in the flattened inputs; padding slots get the
 * out-of-bound index len(ar1) / len(ar2), as JAX).
 * `size`/`fillValue` (default: the smallest value) make it jit-able.
 * @example np.intersect1d([1, 3, 4, 3], [3, 1, 2, 1]) // [1, 3]
 */
export function intersect1d(ar1: ArrayLike, ar2: ArrayLike, opts?: Intersect1dOpts & { returnIndices?: false }): NDArray;
export function intersect1d(ar1: ArrayLike, ar2: ArrayLike, opts: Intersect1dOpts & { returnIndices: true }): [NDArray, NDArray, NDArray];
export function intersect1d(ar1: ArrayLike, ar2: ArrayLike, opts: Intersect1dOpts = {}): NDArray | [NDArray, NDArray, NDArray] {
  const [x, y] = pair("intersect1d", ar1, ar2);
  const { s, perm, first } = runs(x);
  const mask = L.and(first, isin(s, y));
  const values = compact("intersect1d", s, mask, opts, "min");
  if (!opts.returnIndices) return values;
  const size = values.shape[0];
  const valid = L.lt(iota(size), L.broadcastInDim(countOf(mask), [size], []));
  // padding slots get an out-of-bound index (the input's length), as JAX
  const past1 = L.full([size], x.shape[0], "int32"), past2 = L.full([size], y.shape[0], "int32");
  // the stable sort puts each value's first occurrence at the start of its run
  const i1 = x.shape[0] === 0 ? past1 : L.select(valid, L.gather(perm, positions(mask, size, undefined), 0), past1);
  const m = y.shape[0];
  let i2 = past2;
  if (m > 0 && size > 0) {
    const eq = L.eq(L.broadcastInDim(values, [size, m], [0]), L.broadcastInDim(y, [size, m], [1]));
    i2 = L.select(valid, L.convert(L.argmax(L.convert(eq, "int32"), 1), "int32"), past2);
  }
  return [values, i1, i2];
}
