/**
 * @file The complex-number functions: real, imag, conj/conjugate, angle, isreal, iscomplex,
 * isrealobj, iscomplexobj — for complex dtypes (docs/complex.md) and, as NumPy, for real ones.
 */
import { NDArray } from "../core/array.js";
import { getDefaultFloat, isComplex, isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray } from "./core.js";

/** The real part (a float array; `x` itself for real arrays). @example np.real(np.complex(1, 2)) // 1 ; np.real([1, -2]) // [1, -2] */
export function real(x: ArrayLike): NDArray {
  const a = asArray(x);
  return isComplex(a.dtype) ? L.real(a) : a;
}
/** The imaginary part (a float array; zeros of x's shape and dtype for real arrays). @example np.imag(np.complex(1, 2)) // 2 ; np.imag([1, -2]) // [0, 0] */
export function imag(x: ArrayLike): NDArray {
  const a = asArray(x);
  return isComplex(a.dtype) ? L.imag(a) : L.zerosLike(a);
}
/** The complex conjugate (`x` itself for real arrays). @example np.conj(np.complex(1, 2)).item() // { re: 1, im: -2 } */
export function conj(x: ArrayLike): NDArray {
  const a = asArray(x);
  return isComplex(a.dtype) ? L.conj(a) : a;
}
/**
 * The argument (phase) of each element, atan2(im, re) in (−π, π] — with the sign of a −0 imaginary
 * part, as NumPy (angle(−1 − 0i) = −π) — in degrees with `deg`. Real input: 0 for x ≥ +0, π for
 * x < 0 and for −0, NaN for NaN; ints and bools give the default float. The result is real.
 * @example np.angle([1, -2, 0]) // [0, 3.141592653589793, 0]
 * @example np.angle(np.complex(0, 1)) // 1.5707963267948966
 */
export function angle(x: ArrayLike, deg: boolean | { deg?: boolean } = false): NDArray {
  const d = typeof deg === "object" && deg !== null ? deg.deg ?? false : deg;
  if (typeof d !== "boolean") throw new TypeError(`angle: deg must be a boolean, got ${String(d)}`);
  let a = asArray(x);
  let r: NDArray;
  if (isComplex(a.dtype)) r = L.atan2(L.imag(a), L.real(a));
  else {
    if (!isFloat(a.dtype)) a = L.convert(a, getDefaultFloat());
    r = L.atan2(L.zerosLike(a), a);
  }
  return d ? L.mul(r, 180 / Math.PI) : r;
}
/** Whether each element is real (its imaginary part is 0): all true for real dtypes. @example np.isreal([1, 2]) // [true, true] */
export function isreal(x: ArrayLike): NDArray {
  const a = asArray(x);
  return isComplex(a.dtype) ? L.eq(L.imag(a), 0) : L.fullLike(a, 1, "bool");
}
/** Whether each element has a non-zero imaginary part: all false for real dtypes. @example np.iscomplex([1, 2]) // [false, false] */
export function iscomplex(x: ArrayLike): NDArray {
  const a = asArray(x);
  return isComplex(a.dtype) ? L.ne(L.imag(a), 0) : L.fullLike(a, 0, "bool");
}
/** Whether `x` has a real (not complex) dtype. @example np.isrealobj([1]) // true */
export function isrealobj(x: ArrayLike): boolean {
  return !isComplex(asArray(x).dtype);
}
/** Whether `x` has a complex dtype (complex64 or complex128). @example np.iscomplexobj(np.complex(1, 0)) // true */
export function iscomplexobj(x: ArrayLike): boolean {
  return isComplex(asArray(x).dtype);
}
