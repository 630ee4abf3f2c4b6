/** @file Index arithmetic, membership and partial sorts: ravelMultiIndex, unravelIndex, isin, lexsort, partition, argpartition, applyAlongAxis, applyOverAxes. */
import { fmtShape, normAxis } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { isFloat } from "../core/dtype.js";
import { Tracer } from "../core/trace.js";
import * as L from "../lax/index.js";
import { vmap } from "../transforms/api.js";
import { ArrayLike, array, asArray, promoteAndBroadcast, resultDType } from "./core.js";
import { takeAlongAxis } from "./indexing.js";
import { argsort } from "./manipulation.js";
import { show } from "./signature.js";

function intIndices(op: string, x: ArrayLike, what: string): NDArray {
  if (Array.isArray(x) || typeof x === "number") {
    // JS numbers are indices here, not default-float data
    const bad = ([x] as unknown[]).flat(Infinity).find((v) => typeof v !== "number" || !Number.isInteger(v));
    if (bad !== undefined) throw new TypeError(`${op}: ${what} must be integers, got ${show(bad)}`);
    return array(x as number[], { dtype: "int32" });
  }
  const a = asArray(x);
  if (isFloat(a.dtype) || a.dtype === "bool") throw new TypeError(`${op}: ${what} must be integers, got ${a.dtype}`);
  return a.dtype === "int32" ? a : L.convert(a, "int32");
}
function dimsOf(op: string, dims: unknown): number[] {
  if (!Array.isArray(dims) || dims.some((d) => typeof d !== "number" || !Number.isInteger(d) || d < 0)) {
    throw new TypeError(`${op}: the shape must be a list of non-negative integers, got ${show(dims)}`);
  }
  return dims as number[];
}
/** Strides of a shape in C (row-major) or F (column-major) order. */
function strides(op: string, dims: number[], order: unknown): number[] {
  if (order !== "C" && order !== "F") throw new TypeError(`${op}: order must be "C" or "F", got ${show(order)}`);
  const st = new Array<number>(dims.length);
  let s = 1;
  const axes = dims.map((_, i) => i);
  for (const i of order === "C" ? axes.reverse() : axes) (st[i] = s), (s *= dims[i]);
  return st;
}

export type IndexMode = "raise" | "wrap" | "clip";
/**
 * The flat indices of multi-indices (one int array per dimension, broadcast together) into an array of
 * shape `dims`. `mode`: "raise" (default; checks concrete indices, refuses traced ones), "wrap" or "clip".
 * @example np.ravelMultiIndex([[3, 6, 6], [4, 5, 1]], [7, 6]) // [22, 41, 37]
 */
export function ravelMultiIndex(multiIndex: ArrayLike[] | NDArray, dims: number[], opts: { mode?: IndexMode; order?: "C" | "F" } = {}): NDArray {
  const shape = dimsOf("ravelMultiIndex", dims);
  const parts = multiIndex instanceof NDArray ? Array.from(multiIndex) : multiIndex;
  if (!Array.isArray(parts) || parts.length !== shape.length) {
    throw new RangeError(`ravelMultiIndex: expected ${shape.length} index arrays (one per dimension of ${fmtShape(shape)}), got ${Array.isArray(parts) ? parts.length : show(parts)}`);
  }
  const mode = opts.mode ?? "raise";
  if (mode !== "raise" && mode !== "wrap" && mode !== "clip") throw new TypeError(`ravelMultiIndex: mode must be "raise", "wrap" or "clip", got ${show(mode)}`);
  const st = strides("ravelMultiIndex", shape, opts.order ?? "C");
  const idx = promoteAndBroadcast("ravelMultiIndex", parts.map((p, i) => intIndices("ravelMultiIndex", p, `multiIndex[${i}]`)), "int32");
  let flat = L.full(idx[0]?.shape ?? [], 0, "int32");
  idx.forEach((ix, i) => {
    const d = shape[i];
    if (mode === "raise") {
      if (ix instanceof Tracer) throw new TypeError(`ravelMultiIndex: mode "raise" needs concrete indices, got a traced ${ix.aval.str()}; use mode "wrap" or "clip" under jit/vmap/grad`);
      const bad = Array.from(ix.data() as Int32Array).find((v) => v < 0 || v >= d);
      if (bad !== undefined) throw new RangeError(`ravelMultiIndex: index ${bad} is out of bounds for dimension ${i} of size ${d}`);
    } else if (d > 0) {
      // wrap: Python's modulo (non-negative); clip: into [0, d − 1]
      ix = mode === "wrap" ? L.rem(L.add(L.rem(ix, d), d), d) : L.max(L.min(ix, d - 1), 0);
    }
    flat = L.add(flat, L.mul(ix, st[i]));
  });
  return flat;
}

/**
 * The multi-indices (one int32 array per dimension of `shape`) of flat indices, in C order.
 * NB: as JAX, negative indices count from the end and out-of-bound ones are clipped (NumPy raises).
 * @example np.unravelIndex([1, 3, 5], [2, 3]) // [[0, 1, 1], [1, 0, 2]]
 */
export function unravelIndex(indices: ArrayLike, shape: number[]): NDArray[] {
  const dims = dimsOf("unravelIndex", shape);
  const size = dims.reduce((a, b) => a * b, 1);
  let ix = intIndices("unravelIndex", indices, "indices");
  if (size === 0) {
    if (ix.size > 0) throw new RangeError(`unravelIndex: cannot unravel into the empty shape ${fmtShape(dims)}`);
    return dims.map(() => ix);
  }
  ix = L.max(L.min(ix, size - 1), -size);
  ix = L.select(L.lt(ix, 0), L.add(ix, size), ix);
  const out: NDArray[] = new Array(dims.length);
  for (let i = dims.length - 1; i >= 0; i--) {
    out[i] = L.rem(ix, dims[i]);
    ix = L.div(ix, dims[i]); // non-negative: integer division truncates toward zero = floor
  }
  return out;
}

/**
 * Elementwise: is the element among `testElements` (any shape)? `invert` gives the complement.
 * @example np.isin([1, 2, 3], [2, 5]) // [false, true, false]
 */
export function isin(element: ArrayLike, testElements: ArrayLike, opts: { invert?: boolean } = {}): NDArray<"bool"> {
  const d = resultDType([element, testElements]);
  const e = L.convert(asArray(element, d), d), t = L.convert(asArray(testElements, d), d);
  const flat = L.reshape(t, [t.size]);
  const eq = L.eq(L.broadcastTo(L.reshape(e, [...e.shape, 1]), [...e.shape, t.size]), L.broadcastTo(flat, [...e.shape, t.size]));
  const found = L.reduceMax(L.convert(eq, "int32"), [e.ndim]);
  const hit = t.size === 0 ? L.full(e.shape, 0, "bool") : L.convert(found, "bool");
  return (opts.invert ? L.not(hit) : hit) as NDArray<"bool">;
}

/**
 * The permutation that sorts by several keys, the LAST key primary (as NumPy): `keys` is a list of
 * same-shape arrays, or an array whose first axis lists the keys. Returns int32 indices along `axis`.
 * @example np.lexsort([[1, 2, 1], [0, 0, 1]]) // [0, 1, 2] (by the second key, ties by the first)
 */
export function lexsort(keys: ArrayLike[] | NDArray, axis = -1): NDArray {
  const list = keys instanceof NDArray ? Array.from(keys) : keys;
  if (!Array.isArray(list) || list.length === 0) throw new RangeError(`lexsort: need a non-empty list of keys, got ${show(keys)}`);
  const ks = list.map((k) => asArray(k));
  const s = ks[0].shape;
  if (ks.some((k) => k.ndim !== s.length || k.shape.some((d, i) => d !== s[i]))) {
    throw new RangeError(`lexsort: all keys must have the same shape, got ${ks.map((k) => fmtShape(k.shape)).join(", ")}`);
  }
  if (s.length === 0) throw new RangeError("lexsort: keys must be at least 1-D");
  const ax = normAxis(axis, s.length, "lexsort");
  // stable sorts from the least significant key to the most significant one
  let perm = argsort(ks[0], ax);
  for (let i = 1; i < ks.length; i++) perm = takeAlongAxis(perm, argsort(takeAlongAxis(ks[i], perm, ax), ax), ax);
  return perm;
}

function kthOf(op: string, a: NDArray, kth: number, axis: number): [number, number] {
  if (a.ndim === 0) throw new RangeError(`${op}: expected an array of at least 1 dimension, got a 0-d array`);
  const ax = normAxis(axis, a.ndim, op);
  const n = a.shape[ax];
  if (typeof kth !== "number" || !Number.isInteger(kth)) throw new TypeError(`${op}: kth must be an integer, got ${show(kth)}`);
  const k = kth < 0 ? kth + n : kth;
  if (k < 0 || k >= n) throw new RangeError(`${op}: kth ${kth} is out of bounds for axis ${ax} of size ${n}`);
  return [ax, k];
}
/** x[..., lo:hi] along the last axis. */
const lastSlice = (x: NDArray, lo: number, hi: number): NDArray =>
  L.slice(x, x.shape.map((_, i) => (i === x.ndim - 1 ? lo : 0)), x.shape.map((d, i) => (i === x.ndim - 1 ? hi : d)));

/**
 * A partial sort along `axis`: element `kth` is where a full sort would put it, the `kth` smallest
 * precede it in ascending order, the rest follow in DESCENDING order (JAX's layout; NumPy leaves both
 * sides unordered). Differentiable in the values.
 * @example np.partition([3, 1, 4, 1, 5], 1) // [1, 1, 5, 4, 3]
 */
export function partition(x: ArrayLike, kth: number, axis = -1): NDArray {
  const a = asArray(x);
  const [ax, k] = kthOf("partition", a, kth, axis);
  const [s] = L.sort(L.moveaxis(a, ax, a.ndim - 1));
  const n = s.shape[s.ndim - 1];
  const out = L.concatenate([lastSlice(s, 0, k + 1), L.rev(lastSlice(s, k + 1, n), [s.ndim - 1])], s.ndim - 1);
  return L.moveaxis(out, a.ndim - 1, ax);
}

/**
 * The indices that partition `x` along `axis` (int32): first the `kth` + 1 smallest in ascending order
 * of value, then the remaining indices in ascending order of INDEX (as JAX's `argpartition`).
 * @example np.argpartition([3, 1, 4, 1, 5], 1) // [1, 3, 0, 2, 4]
 */
export function argpartition(x: ArrayLike, kth: number, axis = -1): NDArray {
  const a = asArray(x);
  const [ax, k] = kthOf("argpartition", a, kth, axis);
  const [, p] = L.sort(L.moveaxis(a, ax, a.ndim - 1));
  const n = p.shape[p.ndim - 1];
  const [rest] = L.sort(lastSlice(p, k + 1, n));
  return L.moveaxis(L.concatenate([lastSlice(p, 0, k + 1), rest], p.ndim - 1), a.ndim - 1, ax);
}

/**
 * `f` applied to each 1-D slice of `x` along `axis` (built with vmap, as JAX); the dimensions of `f`'s
 * result take the place of `axis`. Extra arguments are passed to `f` unchanged.
 * @example np.applyAlongAxis((r) => r.sum(), 1, [[1, 2], [3, 4]]) // [3, 7]
 */
export function applyAlongAxis(f: (slice: NDArray, ...args: any[]) => NDArray, axis: number, x: ArrayLike, ...args: unknown[]): NDArray {
  if (typeof f !== "function") throw new TypeError(`applyAlongAxis: f must be a function, got ${show(f)}`);
  const a = asArray(x);
  if (a.ndim === 0) throw new RangeError("applyAlongAxis: expected an array of at least 1 dimension, got a 0-d array");
  const ax = normAxis(axis, a.ndim, "applyAlongAxis");
  let g = (v: NDArray): NDArray => asArray(f(v, ...args));
  // axes after `axis` map to the end of the result, axes before it to the front
  for (let i = 1; i < a.ndim - ax; i++) g = vmap(g, { inAxes: i, outAxes: -1 }) as typeof g;
  for (let i = 0; i < ax; i++) g = vmap(g, { inAxes: 0, outAxes: 0 }) as typeof g;
  return g(a);
}

/**
 * `f(x, axis)` applied for each axis in turn; a result that lost the axis gets it back (size 1), so
 * reductions keep dimensions.
 * @example np.applyOverAxes((a, ax) => np.sum(a, ax), np.ones([2, 3]), [0, 1]) // [[6]]
 */
export function applyOverAxes(f: (x: NDArray, axis: number) => NDArray, x: ArrayLike, axes: number | number[]): NDArray {
  if (typeof f !== "function") throw new TypeError(`applyOverAxes: f must be a function, got ${show(f)}`);
  let a = asArray(x);
  for (const axis of typeof axes === "number" ? [axes] : axes) {
    const ax = normAxis(axis, a.ndim, "applyOverAxes");
    const b = asArray(f(a, ax));
    if (b.ndim === a.ndim) a = b;
    else if (b.ndim === a.ndim - 1) a = L.reshape(b, [...b.shape.slice(0, ax), 1, ...b.shape.slice(ax)]);
    else throw new RangeError(`applyOverAxes: f must keep the rank or remove one axis, got shape ${fmtShape(b.shape)} from ${fmtShape(a.shape)}`);
  }
  return a;
}
