/**
 * @file The complex-number functions for the real dtypes we have: real, imag, conj/conjugate, angle,
 * isreal, iscomplex, isrealobj, iscomplexobj. Complex dtypes arrive with issue 13; until then every
 * array is real and these are what NumPy gives for real input.
 */
import { NDArray } from "../core/array.js";
import { getDefaultFloat, isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray } from "./core.js";

/** The real part: `x` itself for real arrays. NB: complex dtypes arrive with issue 13. @example np.real([1, -2]) // [1, -2] */
export function real(x: ArrayLike): NDArray {
  return asArray(x);
}
/** The imaginary part: zeros of x's shape and dtype for real arrays (issue 13 brings complex dtypes). @example np.imag([1, -2]) // [0, 0] */
export function imag(x: ArrayLike): NDArray {
  return L.zerosLike(asArray(x));
}
/** The complex conjugate: `x` itself for real arrays (issue 13 brings complex dtypes). @example np.conj([1, -2]) // [1, -2] */
export function conj(x: ArrayLike): NDArray {
  return asArray(x);
}
/**
 * The argument (phase) of each element: for real input arctan2(0, x) — 0 for x ≥ +0, π for x < 0
 * and for −0, NaN for NaN — in degrees with `deg`, as `np.angle`. Ints and bools give the default float.
 * Its derivative is 0 (away from the jump at 0). Issue 13 brings complex dtypes.
 * @example np.angle([1, -2, 0]) // [0, 3.141592653589793, 0]
 */
export function angle(x: ArrayLike, deg: boolean | { deg?: boolean } = false): NDArray {
  const d = typeof deg === "object" && deg !== null ? deg.deg ?? false : deg;
  if (typeof d !== "boolean") throw new TypeError(`angle: deg must be a boolean, got ${String(d)}`);
  let a = asArray(x);
  if (!isFloat(a.dtype)) a = L.convert(a, getDefaultFloat());
  const r = L.atan2(L.zerosLike(a), a);
  return d ? L.mul(r, 180 / Math.PI) : r;
}
/** Whether each element is real (has zero imaginary part): all true for real dtypes. @example np.isreal([1, 2]) // [true, true] */
export function isreal(x: ArrayLike): NDArray {
  return L.fullLike(asArray(x), 1, "bool");
}
/** Whether each element has a non-zero imaginary part: all false for real dtypes. @example np.iscomplex([1, 2]) // [false, false] */
export function iscomplex(x: ArrayLike): NDArray {
  return L.fullLike(asArray(x), 0, "bool");
}
/** Whether `x` has a real (not complex) dtype: always true until complex dtypes arrive (issue 13). @example np.isrealobj([1]) // true */
export function isrealobj(x: ArrayLike): boolean {
  asArray(x);
  return true;
}
/** Whether `x` has a complex dtype: always false until complex dtypes arrive (issue 13). @example np.iscomplexobj([1]) // false */
export function iscomplexobj(x: ArrayLike): boolean {
  asArray(x);
  return false;
}
