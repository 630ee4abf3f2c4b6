/** @file `sortComplex`: NumPy's lexicographic sort of complex numbers (real part, then imaginary part). */
import { NDArray } from "../core/array.js";
import { complexDType, isComplex } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray } from "./core.js";
import { takeAlongAxis } from "./indexing.js";
import { lexsort } from "./select_ops.js";

/**
 * `a` sorted along its last axis by real part, then imaginary part, as a complex array (NumPy's and
 * JAX's `sort_complex`; real input becomes complex of its precision, integers the default float's).
 * Differentiable (a permutation). NB: NaN parts sort last, as in `np.sort`.
 * @example np.sortComplex([5, 3, 6, 2, 1]) // [1+0j, 2+0j, 3+0j, 5+0j, 6+0j]
 */
export function sortComplex(a: ArrayLike): NDArray {
  let z = asArray(a);
  if (!isComplex(z.dtype)) {
    const re = L.convert(z, complexDType(z.dtype) === "complex128" ? "float64" : "float32");
    z = L.complex(re, L.mul(re, 0));
  }
  if (z.ndim === 0) return z;
  const order = lexsort([L.imag(z), L.real(z)], -1);
  return takeAlongAxis(z, order, -1);
}
