/** @file The gamma family (jax.scipy.stats gamma, chi2, expon): densities, CDFs through the regularised incomplete gamma function. */
import * as np from "../numpy/index.js";
import * as special from "../numpy/special.js";
import { checked as c } from "../numpy/signature.js";
import { ArrayLike, NDArray, floats, nanUnless, standardize } from "./common.js";

/** [z, a, scale, valid] for Gamma(a) at z = (x − loc)/scale. */
function parts(fn: string, x: ArrayLike, a: ArrayLike, loc: ArrayLike, scale: ArrayLike): [NDArray, NDArray, NDArray, NDArray] {
  const [xx, aa, l, s] = floats(fn, [x, a, loc, scale]);
  return [standardize(xx, l, s), aa, s, np.logicalAnd(np.greater(aa, 0), np.greater(s, 0))];
}

function gLogpdf(fn: string, x: ArrayLike, a: ArrayLike, loc: ArrayLike, scale: ArrayLike): NDArray {
  const [z, aa, s, ok] = parts(fn, x, a, loc, scale);
  const inside = np.greaterEqual(z, 0);
  const zs = np.where(inside, z, 1);
  // (a − 1)·ln z − z − ln Γ(a) − ln scale (xlogy: a = 1 at z = 0 gives −ln scale)
  const v = np.subtract(np.subtract(np.subtract(special.xlogy(np.subtract(aa, 1), zs), zs), special.gammaln(aa)), np.log(s));
  return nanUnless(ok, np.where(inside, v, -Infinity));
}
function gCdf(fn: string, upper: boolean, x: ArrayLike, a: ArrayLike, loc: ArrayLike, scale: ArrayLike): NDArray {
  const [z, aa, , ok] = parts(fn, x, a, loc, scale);
  const zc = np.maximum(z, 0);
  return nanUnless(ok, upper ? special.gammaincc(aa, zc) : special.gammainc(aa, zc));
}

/**
 * log of the Gamma(a, scale) density at x: (a−1)·ln z − z − ln Γ(a) − ln scale, z = (x − loc)/scale ≥ 0
 * (−∞ below loc; NaN for a ≤ 0 or scale ≤ 0).
 * @example stats.gamma.logpdf(1, 2) // −1
 */
export const gammaLogpdf = (x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => gLogpdf("stats.gamma.logpdf", x, a, loc, scale);
/** The Gamma density. @example stats.gamma.pdf(1, 2) // e⁻¹ */
export const gammaPdf = (x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => np.exp(gLogpdf("stats.gamma.pdf", x, a, loc, scale));
/** P(a, z), differentiable in x, a, loc and scale. @example stats.gamma.cdf(1, 2) // 1 − 2/e */
export const gammaCdf = (x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => gCdf("stats.gamma.cdf", false, x, a, loc, scale);
/** Q(a, z) = 1 − P(a, z), computed directly. @example stats.gamma.sf(1, 2) // 2/e */
export const gammaSf = (x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => gCdf("stats.gamma.sf", true, x, a, loc, scale);
/** ln P(a, z). @example stats.gamma.logcdf(1, 2) */
export const gammaLogcdf = (x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => np.log(gCdf("stats.gamma.logcdf", false, x, a, loc, scale));
/** ln Q(a, z). @example stats.gamma.logsf(1, 2) */
export const gammaLogsf = (x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => np.log(gCdf("stats.gamma.logsf", true, x, a, loc, scale));

/** loc + scale·P⁻¹(a, q) (NaN for a ≤ 0, scale ≤ 0 or q outside [0, 1]). */
function gPpf(fn: string, q: ArrayLike, a: ArrayLike, loc: ArrayLike, scale: ArrayLike): NDArray {
  const [qq, aa, l, s] = floats(fn, [q, a, loc, scale]);
  return nanUnless(np.greater(s, 0), np.add(l, np.multiply(s, special.gammaincinv(aa, qq))));
}
/** The quantile. @example stats.gamma.ppf(0.5, 2) // 1.6783469900166612 */
export const gammaPpf = (q: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => gPpf("stats.gamma.ppf", q, a, loc, scale);

/** The gamma distribution with shape a (scipy's argument order: x, a, loc = 0, scale = 1). */
export const gamma = {
  logpdf: c(gammaLogpdf, "stats.gamma.logpdf(x, a, loc?, scale?)"),
  pdf: c(gammaPdf, "stats.gamma.pdf(x, a, loc?, scale?)"),
  cdf: c(gammaCdf, "stats.gamma.cdf(x, a, loc?, scale?)"),
  sf: c(gammaSf, "stats.gamma.sf(x, a, loc?, scale?)"),
  logcdf: c(gammaLogcdf, "stats.gamma.logcdf(x, a, loc?, scale?)"),
  logsf: c(gammaLogsf, "stats.gamma.logsf(x, a, loc?, scale?)"),
  ppf: c(gammaPpf, "stats.gamma.ppf(q, a, loc?, scale?)"),
};

/** χ²(df) = Gamma(df/2, 2·scale). */
function chiArgs(fn: string, x: ArrayLike, df: ArrayLike, loc: ArrayLike, scale: ArrayLike): NDArray[] {
  const [xx, d, l, s] = floats(fn, [x, df, loc, scale]);
  return [xx, np.multiply(d, 0.5), l, np.multiply(s, 2)];
}
/**
 * The chi-squared distribution with df degrees of freedom: Gamma(df/2) with scale 2·scale (scipy's
 * argument order: x, df, loc = 0, scale = 1).
 * @example stats.chi2.sf(3.84, 1) // ≈ 0.05004352124870519
 */
export const chi2 = {
  logpdf: c((x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [xx, a, l, s] = chiArgs("stats.chi2.logpdf", x, df, loc, scale);
    return gLogpdf("stats.chi2.logpdf", xx, a, l, s);
  }, "stats.chi2.logpdf(x, df, loc?, scale?)"),
  pdf: c((x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [xx, a, l, s] = chiArgs("stats.chi2.pdf", x, df, loc, scale);
    return np.exp(gLogpdf("stats.chi2.pdf", xx, a, l, s));
  }, "stats.chi2.pdf(x, df, loc?, scale?)"),
  cdf: c((x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [xx, a, l, s] = chiArgs("stats.chi2.cdf", x, df, loc, scale);
    return gCdf("stats.chi2.cdf", false, xx, a, l, s);
  }, "stats.chi2.cdf(x, df, loc?, scale?)"),
  sf: c((x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [xx, a, l, s] = chiArgs("stats.chi2.sf", x, df, loc, scale);
    return gCdf("stats.chi2.sf", true, xx, a, l, s);
  }, "stats.chi2.sf(x, df, loc?, scale?)"),
  logcdf: c((x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [xx, a, l, s] = chiArgs("stats.chi2.logcdf", x, df, loc, scale);
    return np.log(gCdf("stats.chi2.logcdf", false, xx, a, l, s));
  }, "stats.chi2.logcdf(x, df, loc?, scale?)"),
  logsf: c((x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [xx, a, l, s] = chiArgs("stats.chi2.logsf", x, df, loc, scale);
    return np.log(gCdf("stats.chi2.logsf", true, xx, a, l, s));
  }, "stats.chi2.logsf(x, df, loc?, scale?)"),
  /** The quantile, e.g. the 95 % point of χ²(1): 3.841458820694124. */
  ppf: c((q: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [qq, a, l, s] = chiArgs("stats.chi2.ppf", q, df, loc, scale);
    return gPpf("stats.chi2.ppf", qq, a, l, s);
  }, "stats.chi2.ppf(q, df, loc?, scale?)"),
};

/** [z, scale, valid, inside] of the exponential distribution. */
function expParts(fn: string, x: ArrayLike, loc: ArrayLike, scale: ArrayLike): [NDArray, NDArray, NDArray, NDArray] {
  const [xx, l, s] = floats(fn, [x, loc, scale]);
  const z = standardize(xx, l, s);
  return [np.maximum(z, 0), s, np.greater(s, 0), np.greaterEqual(z, 0)];
}
/**
 * The exponential distribution with rate 1/scale (scipy's argument order: x, loc = 0, scale = 1).
 * @example stats.expon.cdf(1) // 1 − e⁻¹
 */
export const expon = {
  /** −z − ln scale for z ≥ 0, −∞ below. */
  logpdf: c((x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [z, s, ok, inside] = expParts("stats.expon.logpdf", x, loc, scale);
    return nanUnless(ok, np.where(inside, np.subtract(np.negative(z), np.log(s)), -Infinity));
  }, "stats.expon.logpdf(x, loc?, scale?)"),
  pdf: c((x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [z, s, ok, inside] = expParts("stats.expon.pdf", x, loc, scale);
    return nanUnless(ok, np.where(inside, np.divide(np.exp(np.negative(z)), s), 0));
  }, "stats.expon.pdf(x, loc?, scale?)"),
  /** 1 − e⁻ᶻ as −expm1(−z). */
  cdf: c((x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [z, , ok] = expParts("stats.expon.cdf", x, loc, scale);
    return nanUnless(ok, np.negative(np.expm1(np.negative(z))));
  }, "stats.expon.cdf(x, loc?, scale?)"),
  logcdf: c((x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [z, , ok] = expParts("stats.expon.logcdf", x, loc, scale);
    return nanUnless(ok, np.log(np.negative(np.expm1(np.negative(z)))));
  }, "stats.expon.logcdf(x, loc?, scale?)"),
  sf: c((x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [z, , ok] = expParts("stats.expon.sf", x, loc, scale);
    return nanUnless(ok, np.exp(np.negative(z)));
  }, "stats.expon.sf(x, loc?, scale?)"),
  logsf: c((x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [z, , ok] = expParts("stats.expon.logsf", x, loc, scale);
    return nanUnless(ok, np.negative(z));
  }, "stats.expon.logsf(x, loc?, scale?)"),
  /** loc − scale·ln(1 − q). */
  ppf: c((q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [qq, l, s] = floats("stats.expon.ppf", [q, loc, scale]);
    const ok = np.logicalAnd(np.greater(s, 0), np.logicalAnd(np.greaterEqual(qq, 0), np.lessEqual(qq, 1)));
    return nanUnless(ok, np.subtract(l, np.multiply(s, np.log1p(np.negative(qq)))));
  }, "stats.expon.ppf(q, loc?, scale?)"),
};
