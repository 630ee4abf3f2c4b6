/** @file Rearranging and combining arrays: append, rot90, unstack, hsplit/vsplit/dsplit, select, where(cond), matrixTranspose, matvec, vecmat, vecdot. */
import { broadcastShapes, fmtShape, normAxis } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, promoteAndBroadcast, resultDType } from "./core.js";
import { nonzero } from "./indexing.js";
import { matmul } from "./linalg.js";
import { split } from "./manipulation.js";
import { where as where3 } from "./math.js";
import { concatenate, swapaxes } from "./shape.js";
import { show } from "./signature.js";

/**
 * `values` appended to `x` along `axis`; without an axis both are flattened first (as NumPy).
 * @example np.append([1, 2], [[3], [4]]) // [1, 2, 3, 4] ; np.append([[1, 2]], [[3, 4]], 0) // [[1, 2], [3, 4]]
 */
export function append(x: ArrayLike, values: ArrayLike, axis: number | null = null): NDArray {
  if (axis === null || axis === undefined) {
    const a = asArray(x), b = asArray(values);
    return concatenate([L.reshape(a, [a.size]), L.reshape(b, [b.size])], 0);
  }
  return concatenate([x, values], axis);
}

/**
 * `x` rotated by 90° `k` times in the plane of `axes` (from the first axis towards the second).
 * @example np.rot90([[1, 2], [3, 4]]) // [[2, 4], [1, 3]]
 */
export function rot90(x: ArrayLike, k = 1, axes: [number, number] = [0, 1]): NDArray {
  const a = asArray(x);
  if (typeof k !== "number" || !Number.isInteger(k)) throw new TypeError(`rot90: k must be an integer, got ${show(k)}`);
  if (!Array.isArray(axes) || axes.length !== 2) throw new TypeError(`rot90: axes must be a list of 2 axes, got ${show(axes)}`);
  if (a.ndim < 2) throw new RangeError(`rot90: expected an array of at least 2 dimensions, got shape ${fmtShape(a.shape)}`);
  const a0 = normAxis(axes[0], a.ndim, "rot90"), a1 = normAxis(axes[1], a.ndim, "rot90");
  if (a0 === a1) throw new RangeError(`rot90: the axes must differ, got ${show(axes)}`);
  const turns = ((k % 4) + 4) % 4;
  if (turns === 0) return a;
  if (turns === 2) return L.rev(a, [a0, a1]);
  // one turn: reverse the second axis, then swap the two; three turns: swap, then reverse the second
  return turns === 1 ? swapaxes(L.rev(a, [a1]), a0, a1) : L.rev(swapaxes(a, a0, a1), [a1]);
}

/**
 * The slices of `x` along `axis`, that axis removed (the inverse of `np.stack`).
 * @example np.unstack([[1, 2], [3, 4]]) // [[1, 2], [3, 4]] ; np.unstack([[1, 2], [3, 4]], 1) // [[1, 3], [2, 4]]
 */
export function unstack(x: ArrayLike, axis = 0): NDArray[] {
  const a = asArray(x);
  if (a.ndim === 0) throw new RangeError("unstack: expected an array of at least 1 dimension, got a 0-d array");
  const ax = normAxis(axis, a.ndim, "unstack");
  const rest = a.shape.filter((_, i) => i !== ax);
  return Array.from({ length: a.shape[ax] }, (_, i) => {
    const start = a.shape.map(() => 0), stop = [...a.shape];
    [start[ax], stop[ax]] = [i, i + 1];
    return L.reshape(L.slice(a, start, stop), rest);
  });
}

function splitOn(op: string, x: ArrayLike, s: number | number[], axis: number, minDim: number): NDArray[] {
  const a = asArray(x);
  if (a.ndim < minDim) throw new RangeError(`${op}: expected an array of at least ${minDim} dimension${minDim > 1 ? "s" : ""}, got shape ${fmtShape(a.shape)}`);
  return split(a, s, axis);
}
/**
 * `np.split` along the columns (axis 1; axis 0 for 1-D arrays).
 * @example np.hsplit(np.ones([2, 4]), 2).map((p) => p.shape) // [[2, 2], [2, 2]]
 */
export const hsplit = (x: ArrayLike, indicesOrSections: number | number[]): NDArray[] =>
  splitOn("hsplit", x, indicesOrSections, asArray(x).ndim === 1 ? 0 : 1, 1);
/**
 * `np.split` along the rows (axis 0) of an array of at least 2 dimensions.
 * @example np.vsplit(np.ones([4, 2]), [1]).map((p) => p.shape) // [[1, 2], [3, 2]]
 */
export const vsplit = (x: ArrayLike, indicesOrSections: number | number[]): NDArray[] => splitOn("vsplit", x, indicesOrSections, 0, 2);
/**
 * `np.split` along the depth (axis 2) of an array of at least 3 dimensions.
 * @example np.dsplit(np.ones([1, 1, 4]), 2).map((p) => p.shape) // [[1, 1, 2], [1, 1, 2]]
 */
export const dsplit = (x: ArrayLike, indicesOrSections: number | number[]): NDArray[] => splitOn("dsplit", x, indicesOrSections, 2, 3);

/**
 * Elementwise, the choice of the first true condition (`default` where none is): conditions and
 * choices broadcast together and the choices promote to one dtype. Differentiable in the choices.
 * @example np.select([x.lt(0), x.gt(0)], [x.neg(), x], 0) // |x|
 */
export function select(condlist: ArrayLike[], choicelist: ArrayLike[], dflt: ArrayLike = 0): NDArray {
  if (!Array.isArray(condlist) || !Array.isArray(choicelist)) throw new TypeError(`select: condlist and choicelist must be lists, got ${show(condlist)} and ${show(choicelist)}`);
  if (condlist.length !== choicelist.length) throw new RangeError(`select: condlist and choicelist must have the same length, got ${condlist.length} and ${choicelist.length}`);
  const conds = condlist.map((c, i) => {
    const b = asArray(c);
    if (b.dtype !== "bool") throw new TypeError(`select: condlist[${i}] must be a bool array, got ${b.dtype}`);
    return b;
  });
  const d = resultDType([...choicelist, dflt]);
  const vals = promoteAndBroadcast("select", [...choicelist, dflt], d);
  const shape = broadcastShapes("select", vals[0].shape, ...conds.map((c) => c.shape));
  let out = L.broadcastTo(vals[vals.length - 1], shape);
  for (let i = conds.length - 1; i >= 0; i--) out = L.select(L.broadcastTo(conds[i], shape), L.broadcastTo(vals[i], shape), out);
  return out;
}

/**
 * With three arguments, elementwise `cond ? x : y`; with the condition alone, the indices of its true
 * (non-zero) elements, as `np.nonzero` (concrete arrays only).
 * @example np.where([true, false], 1, 2) // [1, 2] ; np.where([0, 3, 4]) // [[1, 2]]
 */
export function where(cond: ArrayLike): NDArray[];
export function where(cond: ArrayLike, x: ArrayLike, y: ArrayLike): NDArray;
export function where(cond: ArrayLike, x?: ArrayLike, y?: ArrayLike): NDArray | NDArray[] {
  if (x === undefined && y === undefined) return nonzero(cond);
  if (x === undefined || y === undefined) throw new TypeError(`where: argument ${x === undefined ? "x" : "y"} is missing (give the condition alone, or the condition, x and y)`);
  return where3(cond, x, y);
}

/**
 * The transpose of each matrix in a stack: the last two axes swapped (also `x.mT`).
 * @example np.matrixTranspose(np.ones([5, 2, 3])).shape // [5, 3, 2]
 */
export function matrixTranspose(x: ArrayLike): NDArray {
  const a = asArray(x);
  if (a.ndim < 2) throw new RangeError(`matrixTranspose: expected an array of at least 2 dimensions, got shape ${fmtShape(a.shape)}`);
  return swapaxes(a, -1, -2);
}

function vectorOf(op: string, v: NDArray, name: string): void {
  if (v.ndim < 1) throw new RangeError(`${op}: ${name} must be at least 1-D, got a 0-d array`);
}
/**
 * Matrix–vector products over stacks: x1 [..., m, n] · x2 [..., n] → [..., m] (batch dimensions broadcast).
 * @example np.matvec([[1, 2], [3, 4]], [1, 1]) // [3, 7]
 */
export function matvec(x1: ArrayLike, x2: ArrayLike): NDArray {
  const a = asArray(x1), v = asArray(x2);
  vectorOf("matvec", v, "x2");
  if (a.ndim < 2) throw new RangeError(`matvec: x1 must be at least 2-D, got shape ${fmtShape(a.shape)}`);
  const out = matmul(a, L.reshape(v, [...v.shape, 1]));
  return L.reshape(out, out.shape.slice(0, -1));
}
/**
 * Vector–matrix products over stacks: x1 [..., m] · x2 [..., m, n] → [..., n] (batch dimensions broadcast).
 * @example np.vecmat([1, 1], [[1, 2], [3, 4]]) // [4, 6]
 */
export function vecmat(x1: ArrayLike, x2: ArrayLike): NDArray {
  const v = asArray(x1), a = asArray(x2);
  vectorOf("vecmat", v, "x1");
  if (a.ndim < 2) throw new RangeError(`vecmat: x2 must be at least 2-D, got shape ${fmtShape(a.shape)}`);
  const out = matmul(L.reshape(v, [...v.shape.slice(0, -1), 1, v.shape[v.ndim - 1]]), a);
  return L.reshape(out, [...out.shape.slice(0, -2), out.shape[out.ndim - 1]]);
}
/**
 * Dot products of vectors along `axis` (default the last), the other axes broadcast.
 * @example np.vecdot([[1, 2], [3, 4]], [1, 1]) // [3, 7]
 */
export function vecdot(x1: ArrayLike, x2: ArrayLike, axis: number | { axis?: number } = -1): NDArray {
  const ax0 = typeof axis === "object" && axis !== null ? axis.axis ?? -1 : axis;
  const [a, b] = promoteAndBroadcast("vecdot", [x1, x2]);
  vectorOf("vecdot", a, "x1");
  const ax = normAxis(ax0, a.ndim, "vecdot");
  const prodAB = a.dtype === "bool" ? L.convert(L.and(a, b), "int32") : L.mul(a, b);
  return L.reduceSum(prodAB, [ax]);
}
