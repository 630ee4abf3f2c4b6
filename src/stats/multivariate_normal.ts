/** @file The multivariate normal distribution (jax.scipy.stats.multivariate_normal), batched over leading dimensions. */
import * as np from "../numpy/index.js";
import { checked as c } from "../numpy/signature.js";
import { ArrayLike, NDArray, floats } from "./common.js";

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * log N(x; mean, cov) = −½·(x − μ)ᵀΣ⁻¹(x − μ) − ½·ln det Σ − (d/2)·ln 2π, through the Cholesky factor
 * Σ = LLᵀ: the Mahalanobis term is |L⁻¹(x − μ)|², ln det Σ = 2·Σ ln Lᵢᵢ. x and mean are [..., d], cov
 * is [..., d, d]; leading dimensions broadcast. A covariance that is not positive definite gives NaN.
 * @example stats.multivariateNormal.logpdf([0, 0], [0, 0], [[1, 0], [0, 1]]) // −ln 2π
 */
function logpdf(x: ArrayLike, mean: ArrayLike, cov: ArrayLike): NDArray {
  const fn = "stats.multivariateNormal.logpdf";
  const xx = np.asArray(x), mm = np.asArray(mean), cc = np.asArray(cov);
  if (xx.ndim < 1 || mm.ndim < 1) throw new RangeError(`${fn}: x and mean must have at least one dimension (the event size d), got shapes [${xx.shape}] and [${mm.shape}]`);
  const d = xx.shape[xx.ndim - 1];
  if (mm.shape[mm.ndim - 1] !== d || cc.ndim < 2 || cc.shape[cc.ndim - 1] !== d || cc.shape[cc.ndim - 2] !== d) {
    throw new RangeError(`${fn}: expected x [..., d], mean [..., d] and cov [..., d, d] with one d, got [${xx.shape}], [${mm.shape}] and [${cc.shape}]`);
  }
  const [dx, s] = floatsKeepShapes(fn, np.subtract(xx, mm), cc);
  const l = np.linalg.cholesky(s);
  const y = np.linalg.solveTriangular(l, np.expandDims(dx, -1), { lower: true });
  const maha = np.sum(np.square(y), [-2, -1]);
  const logdet = np.multiply(np.sum(np.log(np.diagonal(l, 0, -2, -1)), -1), 2);
  return np.multiply(np.add(np.add(maha, logdet), d * LOG_2PI), -0.5);
}

/** Both operands in one float dtype, shapes kept (they broadcast in the solve). */
function floatsKeepShapes(fn: string, a: NDArray, b: NDArray): [NDArray, NDArray] {
  const [a1] = floats(fn, [a, np.zeros([], b.dtype)]);
  return [a1, b.astype(a1.dtype)];
}

/**
 * The multivariate normal distribution with mean μ and covariance Σ (scipy's argument order: x, mean, cov).
 * NB: no `allowSingular`: a singular covariance gives NaN.
 */
export const multivariateNormal = {
  logpdf: c(logpdf, "stats.multivariateNormal.logpdf(x, mean, cov)"),
  pdf: c((x: ArrayLike, mean: ArrayLike, cov: ArrayLike): NDArray => np.exp(logpdf(x, mean, cov)), "stats.multivariateNormal.pdf(x, mean, cov)"),
};
