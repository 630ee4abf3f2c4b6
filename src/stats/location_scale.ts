/** @file Symmetric location–scale families with closed forms (jax.scipy.stats laplace, logistic, cauchy). */
import * as np from "../numpy/index.js";
import * as special from "../numpy/special.js";
import { checked as c } from "../numpy/signature.js";
import { ArrayLike, NDArray, floats, nanUnless, standardize } from "./common.js";

type Args = [x: ArrayLike, loc?: ArrayLike, scale?: ArrayLike];
type Std = (z: NDArray, s: NDArray) => NDArray;

/** Build f(x, loc = 0, scale = 1) from its standardised form g(z, scale), NaN for scale ≤ 0. */
function family(name: string, fn: string, g: Std, sig = "x") {
  const full = `stats.${name}.${fn}`;
  return c((...[x, loc = 0, scale = 1]: Args): NDArray => {
    const [xx, l, s] = floats(full, [x, loc, scale]);
    return nanUnless(np.greater(s, 0), g(standardize(xx, l, s), s));
  }, `${full}(${sig}, loc?, scale?)`);
}
/** Build ppf(q, loc = 0, scale = 1) = loc + scale·g(q) (or isf), NaN for q outside [0, 1] or scale ≤ 0. */
function quantile(name: string, g: (q: NDArray) => NDArray, fn = "ppf") {
  const full = `stats.${name}.${fn}`;
  return c((...[q, loc = 0, scale = 1]: Args): NDArray => {
    const [qq, l, s] = floats(full, [q, loc, scale]);
    const ok = np.logicalAnd(np.greater(s, 0), np.logicalAnd(np.greaterEqual(qq, 0), np.lessEqual(qq, 1)));
    return nanUnless(ok, np.add(l, np.multiply(s, g(qq))));
  }, `${full}(q, loc?, scale?)`);
}
const minusLog = (v: NDArray, s: NDArray) => np.subtract(v, np.log(s));

/**
 * The Laplace distribution: density e^(−|z|)/(2·scale) (scipy's argument order: x, loc = 0, scale = 1).
 * @example stats.laplace.cdf(0) // 0.5
 */
export const laplace = {
  logpdf: family("laplace", "logpdf", (z, s) => minusLog(np.subtract(np.negative(np.abs(z)), Math.LN2), s)),
  pdf: family("laplace", "pdf", (z, s) => np.exp(minusLog(np.subtract(np.negative(np.abs(z)), Math.LN2), s))),
  // ½e^z below 0, 1 − ½e^(−z) above
  cdf: family("laplace", "cdf", (z) => np.where(np.less(z, 0), np.multiply(np.exp(np.minimum(z, 0)), 0.5), np.subtract(1, np.multiply(np.exp(np.negative(np.maximum(z, 0))), 0.5)))),
  sf: family("laplace", "sf", (z) => np.where(np.greater(z, 0), np.multiply(np.exp(np.negative(np.maximum(z, 0))), 0.5), np.subtract(1, np.multiply(np.exp(np.minimum(z, 0)), 0.5)))),
  ppf: quantile("laplace", (q) => {
    const lo = np.less(q, 0.5);
    const ql = np.where(lo, q, 0.25), qu = np.where(lo, 0.75, q);
    return np.where(lo, np.log(np.multiply(ql, 2)), np.negative(np.log(np.multiply(np.subtract(1, qu), 2))));
  }),
};

/** ln of the standard logistic density, −|z| − 2·log1p(e^(−|z|)) (symmetric, no overflow). */
const logisticLog = (z: NDArray) => {
  const a = np.abs(z);
  return np.subtract(np.negative(a), np.multiply(np.log1p(np.exp(np.negative(a))), 2));
};
/** ln expit(z) = −log1p(e^(−z)) for z ≥ 0, z − log1p(e^z) below (no overflow, no rounding of expit to 1). */
const logExpit = (z: NDArray) => {
  const pos = np.greaterEqual(z, 0);
  const zp = np.where(pos, z, 0), zn = np.where(pos, 0, z);
  return np.where(pos, np.negative(np.log1p(np.exp(np.negative(zp)))), np.subtract(zn, np.log1p(np.exp(zn))));
};
/**
 * The logistic distribution: cdf expit(z) (scipy's argument order: x, loc = 0, scale = 1).
 * @example stats.logistic.cdf(0) // 0.5
 */
export const logistic = {
  logpdf: family("logistic", "logpdf", (z, s) => minusLog(logisticLog(z), s)),
  pdf: family("logistic", "pdf", (z, s) => np.exp(minusLog(logisticLog(z), s))),
  cdf: family("logistic", "cdf", (z) => special.expit(z)),
  sf: family("logistic", "sf", (z) => special.expit(np.negative(z))),
  logcdf: family("logistic", "logcdf", (z) => logExpit(z)),
  logsf: family("logistic", "logsf", (z) => logExpit(np.negative(z))),
  ppf: quantile("logistic", (q) => special.logit(q)),
  /** The inverse survival function loc − scale·logit(q). */
  isf: quantile("logistic", (q) => np.negative(special.logit(q)), "isf"),
};

/**
 * The Cauchy distribution: density 1/(π·scale·(1 + z²)) (scipy's argument order: x, loc = 0, scale = 1).
 * @example stats.cauchy.cdf(1) // 0.75
 */
export const cauchy = {
  logpdf: family("cauchy", "logpdf", (z, s) => minusLog(np.subtract(np.negative(np.log1p(np.square(z))), Math.log(Math.PI)), s)),
  pdf: family("cauchy", "pdf", (z, s) => np.exp(minusLog(np.subtract(np.negative(np.log1p(np.square(z))), Math.log(Math.PI)), s))),
  cdf: family("cauchy", "cdf", (z) => np.add(0.5, np.divide(np.arctan(z), Math.PI))),
  sf: family("cauchy", "sf", (z) => np.subtract(0.5, np.divide(np.arctan(z), Math.PI))),
  logcdf: family("cauchy", "logcdf", (z) => np.log(np.add(0.5, np.divide(np.arctan(z), Math.PI)))),
  logsf: family("cauchy", "logsf", (z) => np.log(np.subtract(0.5, np.divide(np.arctan(z), Math.PI)))),
  ppf: quantile("cauchy", (q) => np.tan(np.multiply(np.subtract(q, 0.5), Math.PI))),
  /** The inverse survival function loc + scale·tan(π(½ − q)). */
  isf: quantile("cauchy", (q) => np.tan(np.multiply(np.subtract(0.5, q), Math.PI)), "isf"),
};
