/**
 * @file The array-API members of np.linalg (NumPy 2 / jnp.linalg): matmul, matrixTranspose, diagonal,
 * trace, outer, tensordot, vecdot, cross — thin forms of np functions acting on the last axes.
 */
import { normAxis } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, promoteAndBroadcast } from "../numpy/core.js";
import { matmul as npMatmul } from "../numpy/linalg.js";
import { diagonal as npDiagonal, outer as npOuter, tensordot as npTensordot, trace as npTrace } from "../numpy/products.js";
import { sum } from "../numpy/reductions.js";
import { moveaxis, stack } from "../numpy/shape.js";
import { show } from "../numpy/signature.js";

/** Matrix product of the last two axes, batch dimensions broadcast (= np.matmul). @example np.linalg.matmul([[1, 2]], [[3], [4]]) // [[11]] */
export function matmul(x1: ArrayLike, x2: ArrayLike): NDArray {
  return npMatmul(x1, x2);
}

/** Swap the last two axes. @example np.linalg.matrixTranspose(np.zeros([2, 3, 4])).shape // [2, 4, 3] */
export function matrixTranspose(x: ArrayLike): NDArray {
  const a = asArray(x);
  if (a.ndim < 2) throw new RangeError(`matrixTranspose: expected an array with at least 2 dimensions, got shape [${a.shape}]`);
  return L.transpose(a, [...Array(a.ndim - 2).keys(), a.ndim - 1, a.ndim - 2]);
}

/** The `offset` diagonal of each matrix (last two axes). @example np.linalg.diagonal([[1, 2], [3, 4]]) // [1, 4] */
export function diagonal(x: ArrayLike, opts: { offset?: number } = {}): NDArray {
  return npDiagonal(x, opts.offset ?? 0, -2, -1);
}

/** The sum of the `offset` diagonal of each matrix (last two axes). @example np.linalg.trace([[1, 2], [3, 4]]) // 5 */
export function trace(x: ArrayLike, opts: { offset?: number } = {}): NDArray {
  return npTrace(x, opts.offset ?? 0, -2, -1);
}

/** Outer product of two vectors (1-D only, as np.linalg.outer). @example np.linalg.outer([1, 2], [3, 4]) // [[3, 4], [6, 8]] */
export function outer(x1: ArrayLike, x2: ArrayLike): NDArray {
  const [a, b] = [asArray(x1), asArray(x2)];
  if (a.ndim !== 1 || b.ndim !== 1) throw new RangeError(`outer: expected two vectors, got shapes [${a.shape}] and [${b.shape}]`);
  return npOuter(a, b);
}

/** Contraction over `axes` (default 2: the last two of x1 with the first two of x2), as np.tensordot. @example np.linalg.tensordot(a, b, { axes: 1 }) */
export function tensordot(x1: ArrayLike, x2: ArrayLike, arg: number | [number | number[], number | number[]] | { axes?: number | [number | number[], number | number[]] } = 2): NDArray {
  const axes = typeof arg === "object" && !Array.isArray(arg) ? arg.axes ?? 2 : arg;
  return npTensordot(x1, x2, axes);
}

/** Σ x1·x2 along `axis` (default −1) after broadcasting. @example np.linalg.vecdot([[1, 2], [3, 4]], [1, 1]) // [3, 7] */
export function vecdot(x1: ArrayLike, x2: ArrayLike, opts: { axis?: number } = {}): NDArray {
  const [a, b] = promoteAndBroadcast("vecdot", [x1, x2]);
  const axis = opts.axis ?? -1;
  if (!Number.isInteger(axis)) throw new TypeError(`vecdot: axis must be an integer, got ${show(axis)}`);
  if (a.ndim === 0) throw new RangeError("vecdot: expected arrays with at least one dimension, got scalars");
  return sum(L.mul(a, b), normAxis(axis, a.ndim, "vecdot"));
}

/** Cross product of 3-vectors along `axis` (default −1), batch dimensions broadcast. @example np.linalg.cross([1, 0, 0], [0, 1, 0]) // [0, 0, 1] */
export function cross(x1: ArrayLike, x2: ArrayLike, opts: { axis?: number } = {}): NDArray {
  const [a0, b0] = promoteAndBroadcast("cross", [x1, x2]);
  if (a0.ndim === 0) throw new RangeError("cross: expected 3-vectors, got scalars");
  const ax = normAxis(opts.axis ?? -1, a0.ndim, "cross");
  if (a0.shape[ax] !== 3) throw new RangeError(`cross: axis ${opts.axis ?? -1} must have size 3, got shapes [${asArray(x1).shape}] and [${asArray(x2).shape}] (broadcast [${a0.shape}])`);
  const [a, b] = [moveaxis(a0, ax, -1), moveaxis(b0, ax, -1)];
  const c = (x: NDArray, i: number) => L.reshape(L.slice(x, [...x.shape.slice(0, -1).map(() => 0), i], [...x.shape.slice(0, -1), i + 1]), x.shape.slice(0, -1));
  const [a1, a2, a3] = [0, 1, 2].map((i) => c(a, i)), [b1, b2, b3] = [0, 1, 2].map((i) => c(b, i));
  const out = stack([L.sub(L.mul(a2, b3), L.mul(a3, b2)), L.sub(L.mul(a3, b1), L.mul(a1, b3)), L.sub(L.mul(a1, b2), L.mul(a2, b1))], -1);
  return moveaxis(out, -1, ax);
}
