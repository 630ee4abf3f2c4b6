/** @file The multivariate normal, through a Cholesky factor unrolled into lax ops (one column per step). */
import { ConcreteArray, NDArray } from "../core/array.js";
import { fmtShape } from "../core/aval.js";
import { FloatDType, getDefaultFloat, isFloat, promoteTypes } from "../core/dtype.js";
import * as L from "../lax/index.js";
import * as np from "../numpy/index.js";
import { ShapeArg, checkKey, toShape } from "./keys.js";
import { normal } from "./distributions.js";

/**
 * The lower Cholesky factor L (A = L·Lᵀ) of a symmetric positive-definite [n, n] matrix, column by
 * column: L[:, j] = (A[:, j] − L[:, :j]·L[j, :j]) / L[j, j] below the diagonal, with
 * L[j, j] = √(A[j, j] − |L[j, :j]|²). A composite, so it differentiates and batches; not positive
 * definite gives NaN (as JAX).
 */
function cholesky(a: NDArray): NDArray {
  const n = a.shape[0];
  const cols: NDArray[] = [];
  for (let j = 0; j < n; j++) {
    let col = L.reshape(L.slice(a, [0, j], [n, j + 1]), [n]);
    if (j > 0) {
      const prev = L.concatenate(cols.map((c) => L.reshape(c, [n, 1])), 1); // L[:, :j]
      const rowJ = L.reshape(L.slice(prev, [j, 0], [j + 1, j]), [j]); // L[j, :j]
      col = L.sub(col, np.matmul(prev, rowJ));
    }
    const diag = L.sqrt(L.reshape(L.slice(col, [j], [j + 1]), [])); // col[j] = L[j,j]²
    const below = ConcreteArray.fromTyped(Uint8Array.from({ length: n }, (_, i) => (i >= j ? 1 : 0)), [n], "bool");
    cols.push(L.select(below, L.div(col, L.broadcastInDim(diag, [n], [])), L.zerosLike(col)));
  }
  return L.concatenate(cols.map((c) => L.reshape(c, [n, 1])), 1);
}

/**
 * Samples of `shape` (default []) from N(mean, cov), each of mean's length n: mean + L·z with L the
 * Cholesky factor of `cov` and z standard normal (JAX's `random.multivariate_normal`, method
 * "cholesky"). `mean` is [n] and `cov` [n, n] (map over batches with vmap); differentiable in both.
 * @example random.multivariateNormal(random.key(0), np.array([0, 0]), np.array([[1, 0.5], [0.5, 1]]), [100]) // [100, 2]
 */
export function multivariateNormal(key: NDArray, mean: NDArray, cov: NDArray, shape: ShapeArg = [], opts: { dtype?: FloatDType } = {}): NDArray {
  checkKey("multivariateNormal", key);
  if (!(mean instanceof NDArray) || !(cov instanceof NDArray) || mean.ndim !== 1 || cov.ndim !== 2 || cov.shape[0] !== mean.shape[0] || cov.shape[1] !== mean.shape[0]) {
    const sh = (x: unknown) => (x instanceof NDArray ? fmtShape(x.shape) : typeof x);
    throw new RangeError(`random.multivariateNormal: expected mean [n] and cov [n, n], got mean ${sh(mean)} and cov ${sh(cov)}`);
  }
  const pd = promoteTypes(mean.dtype, cov.dtype);
  const dtype = opts.dtype ?? (isFloat(pd) ? pd : getDefaultFloat());
  if (!isFloat(dtype)) throw new TypeError(`random.multivariateNormal: dtype must be float32 or float64, got ${dtype}`);
  const s = toShape("multivariateNormal", shape);
  const n = mean.shape[0];
  const factor = cholesky(L.convert(cov, dtype));
  const z = normal(key, [...s, n], { dtype });
  return np.add(L.convert(mean, dtype), np.matmul(z, L.transpose(factor, [1, 0]))); // mean + L·z for each sample
}
