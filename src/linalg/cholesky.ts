/**
 * @file cholesky: the lower Cholesky factor L (A = L·Lᵀ) of a symmetric positive-definite matrix,
 * read from A's lower triangle; a host primitive (float64 kernel), batched over leading dimensions.
 */
import type { NoParams } from "../core/primitive.js";
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { isFloat } from "../core/dtype.js";
import { bind1 } from "../core/trace.js";
import * as L from "../lax/index.js";
import { hostPrimitive } from "./host.js";
import { keepTriangle, mT, mm } from "./ops.js";
import { triangularSolve } from "./triangular.js";

/** Cholesky–Banachiewicz on the lower triangle of one n×n matrix; all NaN when it is not positive definite (as JAX). */
export function choleskyKernel(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) return l.fill(NaN); // not positive definite (or NaN input)
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j];
    }
  }
  return l;
}

const cholEval = ([a]: ShapedArray[]): ShapedArray[] => {
  if (!isFloat(a.dtype)) throw new TypeError(`cholesky: expected a float array, got ${a.str()}`);
  if (a.ndim < 2 || a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) throw new RangeError(`cholesky: expected a (batch of) square matrices [..., n, n], got ${a.str()}`);
  return [a];
};

// A = L·Lᵀ (A read as its lower triangle, mirrored): dL = L·Φ(L⁻¹·dA·L⁻ᵀ), Φ = lower triangle with the diagonal halved
export const choleskyP = hostPrimitive<NoParams>({
  name: "cholesky",
  coreDims: [2],
  abstractEval: cholEval,
  kernel: ([a], [shape]) => [choleskyKernel(a, shape[0])],
  transpose: null, // not linear in its operands
  jvp([a], [da]) {
    const l = choleskyLower(a);
    if (L.isZeroTangent(da)) return [[l], [L.zeroTangent(l)]];
    const das = L.add(keepTriangle(da, true, true), mT(keepTriangle(da, true, false))); // the symmetric matrix the primitive reads
    const p = { lower: true, transposeA: false, unitDiagonal: false };
    const s = triangularSolve(l, mT(triangularSolve(l, das, p)), p); // L⁻¹·dA·L⁻ᵀ (symmetric)
    const phi = L.sub(keepTriangle(s, true, true), halfDiagonal(s));
    return [[l], [mm(l, phi)]];
  },
});

/** The diagonal of a batch of square matrices, halved, as a matrix (zeros off the diagonal). */
function halfDiagonal(s: NDArray): NDArray {
  const diag = L.sub(keepTriangle(s, true, true), keepTriangle(s, true, false));
  return L.mul(diag, 0.5);
}

/** Bind cholesky: the lower factor of a [..., n, n] (only its lower triangle is read). */
export function choleskyLower(a: NDArray): NDArray {
  return bind1(choleskyP, [a]);
}
