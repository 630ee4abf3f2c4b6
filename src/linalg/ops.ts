/** @file Batched matrix helpers for the decompositions' derivative rules, all bind-level (they compose with every transformation). */
import { ConcreteArray, NDArray } from "../core/array.js";
import { DType } from "../core/dtype.js";
import { fmtShape } from "../core/aval.js";
import * as L from "../lax/index.js";
import { eye } from "../numpy/creation.js";
import { matmul } from "../numpy/linalg.js";
import { diagonal } from "../numpy/products.js";

/** Batched matrix product (leading dimensions broadcast). */
export const mm = (a: NDArray, b: NDArray): NDArray => matmul(a, b);
/** Swap the last two axes. */
export function mT(x: NDArray): NDArray {
  const n = x.ndim;
  return L.transpose(x, [...Array(n - 2).keys(), n - 1, n - 2]);
}
/** The n×m identity in `dtype`. */
export const eyeOf = (n: number, dtype: DType, m = n): NDArray => eye(n, m, { dtype });
/** Entries on or below diagonal k kept (tril), or on or above it (triu); the rest zero (selected, so NaN elsewhere does not leak). */
export function tri(x: NDArray, k: number, upper: boolean): NDArray {
  const [m, n] = x.shape.slice(-2);
  const mask = new Uint8Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) mask[i * n + j] = (upper ? j - i >= k : j - i <= k) ? 1 : 0;
  return L.select(L.broadcastTo(ConcreteArray.fromTyped(mask, [m, n], "bool"), [...x.shape]), x, L.zerosLike(x));
}
/** The lower (or upper) triangle of square matrices, with or without the diagonal; zeros elsewhere. */
export const keepTriangle = (x: NDArray, lower: boolean, diagonal: boolean): NDArray => tri(x, diagonal ? 0 : lower ? -1 : 1, !lower);
/** The main diagonal of the last two axes, as the last axis. */
export const diagPart = (x: NDArray): NDArray => diagonal(x, 0, -2, -1);
/** diag(v) for the last axis of v: [..., k] → [..., k, k]. */
export function diagEmbed(v: NDArray): NDArray {
  const k = v.shape[v.ndim - 1];
  const full = L.broadcastInDim(v, [...v.shape, k], [...v.shape.keys()]);
  return L.select(L.broadcastTo(L.convert(eyeOf(k, "int32"), "bool"), [...full.shape]), full, L.zerosLike(full));
}
/** Rows [a, b) of the last-but-one axis. */
export function rows(x: NDArray, a: number, b: number): NDArray {
  const start = x.shape.map(() => 0), stop = [...x.shape];
  start[x.ndim - 2] = a;
  stop[x.ndim - 2] = b;
  return L.slice(x, start, stop);
}
/** Columns [a, b) of the last axis. */
export function cols(x: NDArray, a: number, b: number): NDArray {
  const start = x.shape.map(() => 0), stop = [...x.shape];
  start[x.ndim - 1] = a;
  stop[x.ndim - 1] = b;
  return L.slice(x, start, stop);
}
/** A clear error for an operand that is not a (batch of) matrices of a float dtype. */
export function checkMatrix(op: string, shape: readonly number[], dtype: DType, square = false): void {
  if (shape.length < 2) throw new RangeError(`${op}: expected a matrix (rank ≥ 2), got shape ${fmtShape(shape)}`);
  if (dtype !== "float32" && dtype !== "float64") throw new TypeError(`${op}: expected float32 or float64, got ${dtype} (the numpy-level function promotes integers)`);
  const [m, n] = shape.slice(-2);
  if (square && m !== n) throw new RangeError(`${op}: expected square matrices, got shape ${fmtShape(shape)} (${m} ≠ ${n})`);
}
