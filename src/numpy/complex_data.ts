/** @file Complex numbers as JS data: `{ re, im }` values, interleaved storage, weak complex scalars, `np.complexFromInterleaved`. */
import { ComplexValue, ConcreteArray, NDArray } from "../core/array.js";
import { ComplexDType, DType, complexDType, getDefaultFloat, isComplex, isFloat, realDType, typedArrayCtor } from "../core/dtype.js";
import { prod } from "../core/aval.js";
import { show } from "./signature.js";
import * as L from "../lax/index.js";
import type { ArrayLike } from "./core.js";
import { promoteAndBroadcast, resultDType } from "./core.js";

/** Is `v` a complex number as JS data: a plain object `{ re, im }` of two numbers? */
export function isComplexValue(v: unknown): v is ComplexValue {
  if (typeof v !== "object" || v === null || Array.isArray(v) || ArrayBuffer.isView(v) || v instanceof NDArray) return false;
  const o = v as Record<string, unknown>;
  return typeof o.re === "number" && typeof o.im === "number" && Object.keys(o).length === 2;
}

/** Numbers, booleans and `{ re, im }` values as the interleaved parts of complex dtype `d` (a real value has imaginary part 0). */
export function interleave(flat: readonly (number | boolean | ComplexValue)[], d: ComplexDType): Float32Array | Float64Array {
  const out = new (typedArrayCtor(d) as Float64ArrayConstructor)(2 * flat.length);
  flat.forEach((v, i) => {
    if (isComplexValue(v)) {
      out[2 * i] = v.re;
      out[2 * i + 1] = v.im;
    } else out[2 * i] = Number(v);
  });
  return out;
}

/**
 * A `{ re, im }` scalar next to an operand of dtype `like`, as JAX's weak complex (Python's `1j`):
 * complex of the operand's float precision (float32/complex64 → complex64, float64/complex128 →
 * complex128; integers, bools or none → the complex of the default float).
 */
export function weakComplex(v: ComplexValue, like: DType | null): NDArray {
  const d = like !== null && (isFloat(like) || isComplex(like)) ? complexDType(like) : complexDType(getDefaultFloat());
  return ConcreteArray.fromTyped(interleave([v], d), [], d);
}

/**
 * A complex array from interleaved parts re₀, im₀, re₁, im₁, …: a Float32Array gives complex64, a
 * Float64Array complex128 (or plain numbers, with `dtype`). `shape` defaults to 1-D; the data is copied.
 * This is the inverse of `x.data()` on a complex array.
 * @example np.complexFromInterleaved(new Float64Array([1, 2, 3, -4])).toArray() // [{ re: 1, im: 2 }, { re: 3, im: -4 }]
 */
export function complexFromInterleaved(data: Float32Array | Float64Array | readonly number[], opts: { shape?: number[]; dtype?: ComplexDType } = {}): NDArray {
  const op = "complexFromInterleaved";
  if (!(data instanceof Float32Array || data instanceof Float64Array || (Array.isArray(data) && data.every((v) => typeof v === "number")))) {
    throw new TypeError(`${op}: expected a Float32Array, a Float64Array or an array of numbers (parts interleaved), got ${show(data)}`);
  }
  if (data.length % 2) throw new RangeError(`${op}: interleaved data needs an even number of values (re, im pairs), got ${data.length}`);
  const d: ComplexDType = opts.dtype ?? (data instanceof Float32Array ? "complex64" : data instanceof Float64Array ? "complex128" : complexDType(getDefaultFloat()));
  if (!isComplex(d)) throw new TypeError(`${op}: dtype must be complex64 or complex128, got ${show(opts.dtype)}`);
  const shape = opts.shape ?? [data.length / 2];
  if (prod(shape) * 2 !== data.length) throw new RangeError(`${op}: ${data.length / 2} complex values do not fill shape [${shape}]`);
  const typed = new (typedArrayCtor(realDType(d)) as Float64ArrayConstructor)(data);
  return ConcreteArray.fromTyped(typed, shape, d);
}

/**
 * The complex array re + i·im of two real array-likes, broadcast together; the parts take their
 * promoted float dtype (float32 → complex64, float64 → complex128; ints and bools → the default float).
 * NB: NumPy has no `np.complex` function (Python's `complex(re, im)` is scalar); this is JAX's
 * `lax.complex` with NumPy broadcasting and promotion.
 * @example np.complex(1, 2).item() // { re: 1, im: 2 }
 * @example np.complex([1, 2], 0).dtype // "complex64"
 */
export function complex(re: ArrayLike, im: ArrayLike): NDArray {
  let d = resultDType([re, im]);
  if (isComplex(d)) throw new TypeError(`complex: the parts must be real, got ${d}; use np.real/np.imag to split a complex array`);
  if (!isFloat(d)) d = getDefaultFloat();
  const [a, b] = promoteAndBroadcast("complex", [re, im], d);
  return L.complex(a, b);
}
