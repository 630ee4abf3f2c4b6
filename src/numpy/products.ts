/** @file Products built on dot_general: tensordot, inner, outer, vdot, the diagonal and trace (einsum: einsum.ts). */
import { fmtShape, normAxis } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, resultDType } from "./core.js";
import { show } from "./signature.js";
import { promotePair } from "./linalg.js";

// ---- diagonal and trace ----

/**
 * The diagonal of the (axis1, axis2) plane, as a new last axis (axes 1 and 2 removed): a transpose,
 * a slice to the square block the diagonal lives in, a reshape to one axis, and a slice with stride n + 1.
 */
export function takeDiagonal(x: NDArray, axis1: number, axis2: number, offset: number): NDArray {
  const rest = [...Array(x.ndim).keys()].filter((i) => i !== axis1 && i !== axis2);
  const lead = rest.map((i) => x.shape[i]);
  const n = x.shape[axis1], m = x.shape[axis2];
  const r0 = Math.min(n, Math.max(0, -offset)), c0 = Math.min(m, Math.max(0, offset));
  const len = Math.max(0, Math.min(n - r0, m - c0));
  const zeros = lead.map(() => 0);
  const square = L.slice(L.transpose(x, [...rest, axis1, axis2]), [...zeros, r0, c0], [...lead, r0 + len, c0 + len]);
  const flat = L.reshape(square, [...lead, len * len]);
  return L.slice(flat, [...zeros, 0], [...lead, len * len], [...lead.map(() => 1), len + 1]);
}

function diagonalAxes(op: string, x: NDArray, axis1: number, axis2: number): [number, number] {
  if (x.ndim < 2) throw new RangeError(`${op}: needs an array of rank ≥ 2, got shape ${fmtShape(x.shape)}`);
  const a1 = normAxis(axis1, x.ndim, op), a2 = normAxis(axis2, x.ndim, op);
  if (a1 === a2) throw new RangeError(`${op}: axis1 and axis2 must differ, both are ${a1} (shape ${fmtShape(x.shape)})`);
  return [a1, a2];
}

/**
 * The diagonal with the given `offset` (> 0 above, < 0 below the main one) of the plane `axis1`×`axis2`;
 * those axes are removed and the diagonal becomes the last axis.
 * @example np.diagonal([[1, 2], [3, 4]]) // [1, 4]
 */
export function diagonal(x: ArrayLike, offset = 0, axis1 = 0, axis2 = 1): NDArray {
  const a = asArray(x);
  const [a1, a2] = diagonalAxes("diagonal", a, axis1, axis2);
  if (!Number.isInteger(offset)) throw new TypeError(`diagonal: offset must be an integer, got ${offset}`);
  return takeDiagonal(a, a1, a2, offset);
}

/**
 * The sum along a diagonal (bool sums as int32).
 * @example np.trace([[1, 2], [3, 4]]) // 5
 */
export function trace(x: ArrayLike, offset = 0, axis1 = 0, axis2 = 1): NDArray {
  const a = asArray(x);
  const [a1, a2] = diagonalAxes("trace", a, axis1, axis2);
  if (!Number.isInteger(offset)) throw new TypeError(`trace: offset must be an integer, got ${offset}`);
  const d = takeDiagonal(L.convert(a, a.dtype === "bool" ? "int32" : a.dtype), a1, a2, offset);
  return L.reduceSum(d, [d.ndim - 1]);
}

// ---- tensordot, inner, outer, vdot ----

/**
 * Sum products over paired axes: `axes = n` pairs the last n axes of `a` with the first n of `b`;
 * `[axesA, axesB]` names them. The result has a's free axes, then b's.
 * @example np.tensordot(np.ones([2, 3, 4]), np.ones([3, 4, 5])).shape // [2, 5]
 */
export function tensordot(a: ArrayLike, b: ArrayLike, axes: number | [number | number[], number | number[]] = 2): NDArray {
  const [x, y] = promotePair(a, b);
  let xa: number[], ya: number[];
  if (typeof axes === "number") {
    if (!Number.isInteger(axes) || axes < 0 || axes > x.ndim || axes > y.ndim) {
      throw new RangeError(`tensordot: axes = ${axes} must be an integer in [0, ${Math.min(x.ndim, y.ndim)}] for shapes ${fmtShape(x.shape)} and ${fmtShape(y.shape)}`);
    }
    xa = [...Array(axes).keys()].map((i) => x.ndim - axes + i);
    ya = [...Array(axes).keys()];
  } else {
    if (!Array.isArray(axes) || axes.length !== 2) throw new TypeError(`tensordot: axes must be a number or a pair [axesA, axesB], got ${JSON.stringify(axes)}`);
    const list = (v: number | number[]) => (typeof v === "number" ? [v] : [...v]);
    xa = list(axes[0]).map((i) => normAxis(i, x.ndim, "tensordot"));
    ya = list(axes[1]).map((i) => normAxis(i, y.ndim, "tensordot"));
    if (xa.length !== ya.length) throw new RangeError(`tensordot: axes lists differ in length: ${fmtShape(xa)} vs ${fmtShape(ya)}`);
    if (new Set(xa).size !== xa.length || new Set(ya).size !== ya.length) throw new RangeError(`tensordot: repeated axis in ${JSON.stringify(axes)}`);
  }
  xa.forEach((ax, k) => {
    if (x.shape[ax] !== y.shape[ya[k]]) {
      throw new RangeError(`tensordot: shape mismatch: a ${fmtShape(x.shape)} axis ${ax} has ${x.shape[ax]} but b ${fmtShape(y.shape)} axis ${ya[k]} has ${y.shape[ya[k]]}`);
    }
  });
  return L.dotGeneral(x, y, { contract: [xa, ya], batch: [[], []] });
}

/**
 * Sum of products over the last axes (scalars multiply). Result shape: a.shape[:-1] + b.shape[:-1].
 * @example np.inner([1, 2, 3], [0, 1, 0]) // 2
 */
export function inner(a: ArrayLike, b: ArrayLike): NDArray {
  const [x, y] = promotePair(a, b);
  if (x.ndim === 0 || y.ndim === 0) {
    const shape = x.ndim === 0 ? y.shape : x.shape;
    return L.mul(L.broadcastTo(x, shape), L.broadcastTo(y, shape));
  }
  const n = x.shape[x.ndim - 1], m = y.shape[y.ndim - 1];
  if (n !== m) throw new RangeError(`inner: last dimensions differ: a ${fmtShape(x.shape)} · b ${fmtShape(y.shape)} (${n} ≠ ${m})`);
  return L.dotGeneral(x, y, { contract: [[x.ndim - 1], [y.ndim - 1]], batch: [[], []] });
}

/**
 * Outer product of the flattened operands: shape [a.size, b.size].
 * @example np.outer([1, 2], [1, 10, 100]) // [[1, 10, 100], [2, 20, 200]]
 */
export function outer(a: ArrayLike, b: ArrayLike): NDArray {
  const [x, y] = promotePair(a, b);
  return L.dotGeneral(L.reshape(x, [x.size]), L.reshape(y, [y.size]), { contract: [[], []], batch: [[], []] });
}

/**
 * Dot product of the flattened operands (equal sizes required); a complex first operand is
 * conjugated, as NumPy: vdot(a, b) = Σ conj(a)·b.
 * @example np.vdot([[1, 2], [3, 4]], [[1, 1], [1, 1]]) // 10
 */
export function vdot(a: ArrayLike, b: ArrayLike): NDArray {
  const [x0, y] = promotePair(a, b);
  const x = x0.dtype === "complex64" || x0.dtype === "complex128" ? L.conj(x0) : x0;
  if (x.size !== y.size) throw new RangeError(`vdot: operands have different sizes: ${fmtShape(x.shape)} (${x.size}) vs ${fmtShape(y.shape)} (${y.size})`);
  return L.dotGeneral(L.reshape(x, [x.size]), L.reshape(y, [y.size]), { contract: [[0], [0]], batch: [[], []] });
}

export { einsum, einsumPath } from "./einsum.js";
export type { EinsumOpts, EinsumSublist, EinsumPath } from "./einsum.js";
