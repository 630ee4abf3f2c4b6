/** @file Shape manipulation: reshape, ravel, transpose, moveaxis, swapaxes, expandDims, squeeze, broadcasting, joining. */
import { broadcastShapes, fmtShape, normAxes, normAxis, prod } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, resultDType, toShape } from "./core.js";
import { show } from "./signature.js";

/**
 * Give an array a new shape with the same size; one dimension may be -1 (inferred).
 * @example np.reshape(np.arange(6), [2, 3]).shape // [2, 3]
 */
export function reshape(x: ArrayLike, shape: number | number[]): NDArray {
  const a = asArray(x);
  if (typeof shape !== "number" && !Array.isArray(shape)) throw new TypeError(`reshape: shape must be an integer or a list of integers, got ${show(shape)}`);
  const s = typeof shape === "number" ? [shape] : [...shape];
  const neg = s.filter((d) => d === -1).length;
  if (neg > 1) throw new RangeError(`reshape: can only specify one unknown dimension (-1), got ${fmtShape(s)}`);
  if (neg === 1) {
    const known = prod(s.filter((d) => d !== -1));
    if (known === 0 || a.size % known !== 0) {
      throw new RangeError(`reshape: cannot reshape array of shape ${fmtShape(a.shape)} (size ${a.size}) into shape ${fmtShape(s)}`);
    }
    s[s.indexOf(-1)] = a.size / known;
  }
  if (s.some((d) => !Number.isInteger(d) || d < 0)) throw new RangeError(`reshape: invalid shape ${fmtShape(s)}`);
  if (prod(s) !== a.size) {
    throw new RangeError(`reshape: cannot reshape array of shape ${fmtShape(a.shape)} (size ${a.size}) into shape ${fmtShape(s)} (size ${prod(s)})`);
  }
  return L.reshape(a, s);
}
/** Flatten to 1-D. @example np.ravel([[1, 2], [3, 4]]) // [1, 2, 3, 4] */
export const ravel = (x: ArrayLike): NDArray => reshape(x, [-1]);

/** Permute axes (reverse them by default). @example np.transpose(np.ones([2, 3])).shape // [3, 2] */
export function transpose(x: ArrayLike, axes?: number[]): NDArray {
  const a = asArray(x);
  if (axes !== undefined && axes !== null && !Array.isArray(axes)) throw new TypeError(`transpose: axes must be a list of integers (a permutation), got ${show(axes)}`);
  const perm = axes ? axes.map((ax) => normAxis(ax, a.ndim, "transpose")) : [...Array(a.ndim).keys()].reverse();
  if (perm.length !== a.ndim || new Set(perm).size !== perm.length) {
    throw new RangeError(`transpose: axes ${fmtShape(axes ?? [])} are not a permutation of the ${a.ndim} axes of shape ${fmtShape(a.shape)}`);
  }
  return L.transpose(a, perm);
}
/** Move axis `source` to position `destination`. @example np.moveaxis(np.ones([2, 3, 4]), 0, -1).shape // [3, 4, 2] */
export function moveaxis(x: ArrayLike, source: number, destination: number): NDArray {
  const a = asArray(x);
  return L.moveaxis(a, normAxis(source, a.ndim, "moveaxis"), normAxis(destination, a.ndim, "moveaxis"));
}
/** Swap two axes. @example np.swapaxes(np.ones([2, 3]), 0, 1).shape // [3, 2] */
export function swapaxes(x: ArrayLike, axis1: number, axis2: number): NDArray {
  const a = asArray(x);
  const perm = [...Array(a.ndim).keys()];
  const i = normAxis(axis1, a.ndim, "swapaxes"), j = normAxis(axis2, a.ndim, "swapaxes");
  [perm[i], perm[j]] = [perm[j], perm[i]];
  return L.transpose(a, perm);
}
/** Insert size-1 axes. @example np.expandDims([1, 2], 0).shape // [1, 2] */
export function expandDims(x: ArrayLike, axis: number | number[]): NDArray {
  const a = asArray(x);
  if (typeof axis !== "number" && !Array.isArray(axis)) throw new TypeError(`expandDims: axis must be an integer or a list of integers, got ${show(axis)}`);
  const n = a.ndim + (typeof axis === "number" ? 1 : axis.length);
  const axes = normAxes(axis, n, "expandDims");
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < n; i++) shape.push(axes.includes(i) ? 1 : a.shape[k++]);
  return L.reshape(a, shape);
}
/** Remove size-1 axes (all, or those named). @example np.squeeze(np.ones([1, 3, 1])).shape // [3] */
export function squeeze(x: ArrayLike, axis?: number | number[] | null): NDArray {
  const a = asArray(x);
  const axes = axis === undefined || axis === null ? a.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0) : normAxes(axis, a.ndim, "squeeze");
  for (const i of axes) if (a.shape[i] !== 1) throw new RangeError(`squeeze: cannot select axis ${i} of shape ${fmtShape(a.shape)}: its size is not 1`);
  return L.reshape(a, a.shape.filter((_, i) => !axes.includes(i)));
}
/** Broadcast to a shape (NumPy rules). @example np.broadcastTo([1, 2], [3, 2]).shape // [3, 2] */
export function broadcastTo(x: ArrayLike, shape: number | number[]): NDArray {
  shape = toShape(shape, "broadcastTo");
  const a = asArray(x);
  const out = broadcastShapes("broadcastTo", a.shape, shape);
  if (out.length !== shape.length || out.some((d, i) => d !== shape[i])) {
    throw new RangeError(`broadcastTo: cannot broadcast shape ${fmtShape(a.shape)} to ${fmtShape(shape)}`);
  }
  return L.broadcastTo(a, shape);
}
/** Broadcast several arrays against each other. @example np.broadcastArrays([1, 2], [[1], [2]]) */
export function broadcastArrays(...xs: ArrayLike[]): NDArray[] {
  const arrs = xs.map((x) => asArray(x));
  const shape = broadcastShapes("broadcastArrays", ...arrs.map((a) => a.shape));
  return arrs.map((a) => L.broadcastTo(a, shape));
}

/** A list of arrays to join, checked (NB: NumPy also accepts one array, as the sequence of its rows; we ask for a list). */
export function arrayList(op: string, xs: unknown): ArrayLike[] {
  if (!Array.isArray(xs)) throw new TypeError(`${op}: expected a list of arrays, got ${show(xs)}`);
  if (xs.length === 0) throw new RangeError(`${op}: need at least one array`);
  return xs;
}
function joinable(op: string, xs: ArrayLike[]): NDArray[] {
  arrayList(op, xs);
  const d = resultDType(xs);
  return xs.map((x) => L.convert(asArray(x, d), d));
}
/** Join arrays along an existing axis. @example np.concatenate([[1, 2], [3]]) // [1, 2, 3] */
export function concatenate(xs: ArrayLike[], axis = 0): NDArray {
  const arrs = joinable("concatenate", xs);
  const nd = arrs[0].ndim;
  if (nd === 0) throw new RangeError("concatenate: zero-dimensional arrays cannot be concatenated");
  const ax = normAxis(axis, nd, "concatenate");
  for (const a of arrs) {
    if (a.ndim !== nd || a.shape.some((s, i) => i !== ax && s !== arrs[0].shape[i])) {
      throw new RangeError(`concatenate: shapes ${arrs.map((b) => fmtShape(b.shape)).join(", ")} differ outside axis ${ax}`);
    }
  }
  return L.concatenate(arrs, ax);
}
/** Join arrays along a new axis. @example np.stack([[1, 2], [3, 4]]).shape // [2, 2] */
export function stack(xs: ArrayLike[], axis = 0): NDArray {
  const arrs = joinable("stack", xs);
  const s = arrs[0].shape;
  for (const a of arrs) if (a.ndim !== s.length || a.shape.some((d, i) => d !== s[i])) throw new RangeError(`stack: all input arrays must have the same shape, got ${arrs.map((b) => fmtShape(b.shape)).join(", ")}`);
  const ax = normAxis(axis, s.length + 1, "stack");
  return L.concatenate(arrs.map((a) => expandDims(a, ax)), ax);
}

