/** @file The normal distribution (jax.scipy.stats.norm). */
import * as np from "../numpy/index.js";
import * as special from "../numpy/special.js";
import { checked as c } from "../numpy/signature.js";
import { ArrayLike, NDArray, floats, nanUnless, standardize } from "./common.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

function parts(fn: string, x: ArrayLike, loc: ArrayLike, scale: ArrayLike): [NDArray, NDArray, NDArray] {
  const [xx, l, s] = floats(`stats.norm.${fn}`, [x, loc, scale]);
  return [standardize(xx, l, s), s, np.greater(s, 0)];
}

/**
 * log N(x; loc, scale²) = −z²/2 − ln scale − ½ ln 2π, z = (x − loc)/scale (NaN for scale ≤ 0).
 * @example stats.norm.logpdf(0) // −0.9189385332046727
 */
export function logpdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray {
  const [z, s, ok] = parts("logpdf", x, loc, scale);
  return nanUnless(ok, np.subtract(np.subtract(np.multiply(np.square(z), -0.5), np.log(s)), HALF_LOG_2PI));
}
/** The density. @example stats.norm.pdf(0) // 0.3989422804014327 */
export function pdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray {
  return np.exp(logpdf(x, loc, scale));
}
/** Φ(z), accurate in the lower tail. @example stats.norm.cdf(1.96) // 0.9750021048517795 */
export function cdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray {
  const [z, , ok] = parts("cdf", x, loc, scale);
  return nanUnless(ok, special.ndtr(z));
}
/** log Φ(z), finite far into the lower tail. @example stats.norm.logcdf(-40) // −804.6084420137538 */
export function logcdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray {
  const [z, , ok] = parts("logcdf", x, loc, scale);
  return nanUnless(ok, special.logNdtr(z));
}
/** The survival function 1 − Φ(z) = Φ(−z). @example stats.norm.sf(10) // 7.619853024160527e-24 */
export function sf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray {
  const [z, , ok] = parts("sf", x, loc, scale);
  return nanUnless(ok, special.ndtr(np.negative(z)));
}
/** log(1 − Φ(z)). @example stats.norm.logsf(40) // −804.6084420137538 */
export function logsf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray {
  const [z, , ok] = parts("logsf", x, loc, scale);
  return nanUnless(ok, special.logNdtr(np.negative(z)));
}
/** The quantile loc + scale·Φ⁻¹(q). @example stats.norm.ppf(0.975) // 1.959963984540054 */
export function ppf(q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray {
  const [qq, l, s] = floats("stats.norm.ppf", [q, loc, scale]);
  return nanUnless(np.greater(s, 0), np.add(l, np.multiply(s, special.ndtri(qq))));
}
/** The inverse survival function loc − scale·Φ⁻¹(q). @example stats.norm.isf(0.025) // 1.959963984540054 */
export function isf(q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray {
  const [qq, l, s] = floats("stats.norm.isf", [q, loc, scale]);
  return nanUnless(np.greater(s, 0), np.subtract(l, np.multiply(s, special.ndtri(qq))));
}

/** The normal distribution N(loc, scale²), scipy's argument order (loc = 0, scale = 1 by default). */
export const norm = {
  logpdf: c(logpdf, "stats.norm.logpdf(x, loc?, scale?)"),
  pdf: c(pdf, "stats.norm.pdf(x, loc?, scale?)"),
  cdf: c(cdf, "stats.norm.cdf(x, loc?, scale?)"),
  logcdf: c(logcdf, "stats.norm.logcdf(x, loc?, scale?)"),
  sf: c(sf, "stats.norm.sf(x, loc?, scale?)"),
  logsf: c(logsf, "stats.norm.logsf(x, loc?, scale?)"),
  ppf: c(ppf, "stats.norm.ppf(q, loc?, scale?)"),
  isf: c(isf, "stats.norm.isf(q, loc?, scale?)"),
};
