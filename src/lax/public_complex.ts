/** @file The public `lax` functions of complex parts (jax.lax.complex/real/imag/conj): one primitive each, no promotion. */
import { NDArray } from "../core/array.js";
import * as L from "./index.js";
import { LaxOperand, laxArray, laxOperands } from "./strict.js";

/** x + i·y of two float arrays of one shape and dtype (float32 → complex64, float64 → complex128). @example lax.complex(np.array([1]), np.array([2])) // [1+2j] */
export function complex(x: LaxOperand, y: LaxOperand): NDArray {
  const [a, b] = laxOperands("complex", ["x", "y"], [x, y]);
  return L.complex(a, b);
}
/** The real part of a complex array. @example lax.real(np.complex(1, 2)) // 1 */
export const real = (x: LaxOperand): NDArray => L.real(laxArray("real", "x", x));
/** The imaginary part of a complex array. @example lax.imag(np.complex(1, 2)) // 2 */
export const imag = (x: LaxOperand): NDArray => L.imag(laxArray("imag", "x", x));
/** The complex conjugate of a complex array. @example lax.conj(np.complex(1, 2)) // 1-2j */
export const conj = (x: LaxOperand): NDArray => L.conj(laxArray("conj", "x", x));
