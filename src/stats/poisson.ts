/** @file The Poisson distribution (jax.scipy.stats.poisson), with the continuous log-pmf pyhf uses. */
import * as np from "../numpy/index.js";
import * as special from "../numpy/special.js";
import { checked as c } from "../numpy/signature.js";
import { ArrayLike, NDArray, floats, nanUnless } from "./common.js";

/**
 * log P(k; μ) = k·ln μ − μ − ln Γ(k + 1) for k ≥ loc (−∞ below), with k − loc in place of k.
 * xlogy makes k = 0, μ = 0 give 0. NaN for μ < 0.
 * NB: non-integer k are not −∞ (scipy, JAX): the same formula is used, the continuous extension of the
 * Poisson likelihood that HistFactory / pyhf use for non-integer (e.g. Asimov) data.
 * @example stats.poisson.logpmf(3, 2) // 3·ln 2 − 2 − ln 6 ≈ −1.7123859728286376
 */
export function logpmf(k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0): NDArray {
  const [kk, m, l] = floats("stats.poisson.logpmf", [k, mu, loc]);
  const n = np.subtract(kk, l);
  const inside = np.greaterEqual(n, 0);
  const ns = np.where(inside, n, 0);
  const v = np.subtract(np.subtract(special.xlogy(ns, m), m), special.gammaln(np.add(ns, 1)));
  return nanUnless(np.greaterEqual(m, 0), np.where(inside, v, -Infinity));
}
/** The probability mass exp(logpmf). @example stats.poisson.pmf(0, 2) // e⁻² */
export function pmf(k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0): NDArray {
  return np.exp(logpmf(k, mu, loc));
}
/**
 * P(K ≤ k) = Q(⌊k − loc⌋ + 1, μ), the regularised upper incomplete gamma function (0 for k < loc).
 * Differentiable in μ.
 * @example stats.poisson.cdf(2, 2) // 5e⁻² ≈ 0.6766764161830634
 */
export function cdf(k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0): NDArray {
  const [kk, m, l] = floats("stats.poisson.cdf", [k, mu, loc]);
  const n = np.floor(np.subtract(kk, l));
  const inside = np.greaterEqual(n, 0);
  const v = special.gammaincc(np.add(np.where(inside, n, 0), 1), m);
  return nanUnless(np.greaterEqual(m, 0), np.where(inside, v, 0));
}
/** P(K > k) = P(⌊k − loc⌋ + 1, μ). @example stats.poisson.sf(2, 2) // 1 − 5e⁻² */
export function sf(k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0): NDArray {
  const [kk, m, l] = floats("stats.poisson.sf", [k, mu, loc]);
  const n = np.floor(np.subtract(kk, l));
  const inside = np.greaterEqual(n, 0);
  const v = special.gammainc(np.add(np.where(inside, n, 0), 1), m);
  return nanUnless(np.greaterEqual(m, 0), np.where(inside, v, 1));
}

/** The Poisson distribution with mean μ (scipy's argument order: k, mu, loc = 0). */
export const poisson = {
  logpmf: c(logpmf, "stats.poisson.logpmf(k, mu, loc?)"),
  pmf: c(pmf, "stats.poisson.pmf(k, mu, loc?)"),
  cdf: c(cdf, "stats.poisson.cdf(k, mu, loc?)"),
  sf: c(sf, "stats.poisson.sf(k, mu, loc?)"),
};
