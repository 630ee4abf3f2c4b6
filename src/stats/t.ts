/** @file Student's t distribution (jax.scipy.stats.t). */
import * as np from "../numpy/index.js";
import * as special from "../numpy/special.js";
import { checked as c } from "../numpy/signature.js";
import { ArrayLike, NDArray, floats, nanUnless, standardize } from "./common.js";

type Args = [x: ArrayLike, df: ArrayLike, loc?: ArrayLike, scale?: ArrayLike];
function parts(fn: string, [x, df, loc = 0, scale = 1]: Args): [NDArray, NDArray, NDArray, NDArray] {
  const [xx, d, l, s] = floats(`stats.t.${fn}`, [x, df, loc, scale]);
  return [standardize(xx, l, s), d, s, np.logicalAnd(np.greater(d, 0), np.greater(s, 0))];
}
function logpdf(...args: Args): NDArray {
  const [z, d, s, ok] = parts("logpdf", args);
  // ln Γ((ν+1)/2) − ln Γ(ν/2) − ½ ln(νπ) − (ν+1)/2·ln(1 + z²/ν) − ln scale
  const half = np.multiply(np.add(d, 1), 0.5);
  const norm = np.subtract(np.subtract(special.gammaln(half), special.gammaln(np.multiply(d, 0.5))), np.multiply(np.log(np.multiply(d, Math.PI)), 0.5));
  return nanUnless(ok, np.subtract(np.subtract(norm, np.multiply(half, np.log1p(np.divide(np.square(z), d)))), np.log(s)));
}
/** The standard density at 0, Γ((ν+1)/2)/(√(νπ)·Γ(ν/2)). */
function pdfAtZero(d: NDArray): NDArray {
  const lg = np.subtract(special.gammaln(np.multiply(np.add(d, 1), 0.5)), special.gammaln(np.multiply(d, 0.5)));
  return np.exp(np.subtract(lg, np.multiply(np.log(np.multiply(d, Math.PI)), 0.5)));
}

/**
 * [P(T ≤ z), P(T > z)] from the tail ½·I_{ν/(ν+z²)}(ν/2, ½). At z = 0 exactly it is ½ ± z·p(0), so
 * that the derivative there is the density (the incomplete beta's derivative at its end point x = 1
 * is ∞·0); the tail branch then sees z = 1.
 */
function tails(fn: string, args: Args): [NDArray, NDArray, NDArray] {
  const [z, d, , ok] = parts(fn, args);
  const zero = np.equal(z, 0);
  const zs = np.where(zero, 1, z);
  const tail = np.multiply(special.betainc(np.multiply(d, 0.5), 0.5, np.divide(d, np.add(d, np.square(zs)))), 0.5);
  const neg = np.less(zs, 0), other = np.subtract(1, tail);
  const atZero = np.multiply(z, pdfAtZero(d));
  const lo = np.where(zero, np.add(0.5, atZero), np.where(neg, tail, other));
  const hi = np.where(zero, np.subtract(0.5, atZero), np.where(neg, other, tail));
  return [lo, hi, ok];
}

/**
 * Student's t distribution with df degrees of freedom (scipy's argument order: x, df, loc = 0,
 * scale = 1). cdf/sf through the incomplete beta function (differentiable in x and df).
 * @example stats.t.cdf(2, 5) // 0.9490302605850709
 */
export const t = {
  logpdf: c(logpdf, "stats.t.logpdf(x, df, loc?, scale?)"),
  pdf: c((...args: Args): NDArray => np.exp(logpdf(...args)), "stats.t.pdf(x, df, loc?, scale?)"),
  cdf: c((...args: Args): NDArray => {
    const [lo, , ok] = tails("cdf", args);
    return nanUnless(ok, lo);
  }, "stats.t.cdf(x, df, loc?, scale?)"),
  sf: c((...args: Args): NDArray => {
    const [, hi, ok] = tails("sf", args);
    return nanUnless(ok, hi);
  }, "stats.t.sf(x, df, loc?, scale?)"),
  /** loc + scale·z with z = ∓√(ν(1/w − 1)), w = I⁻¹(ν/2, ½, 2·min(q, 1 − q)). */
  ppf: c((...[q, df, loc = 0, scale = 1]: Args): NDArray => {
    const [qq, d, l, s] = floats("stats.t.ppf", [q, df, loc, scale]);
    const lower = np.less(qq, 0.5);
    const tailP = np.multiply(np.where(lower, qq, np.subtract(1, qq)), 2);
    // q = ½: z = (q − ½)/p(0) = 0 with the derivative 1/p(0) (the general branch, ∞·0 there, sees q = ¼)
    const mid = np.equal(tailP, 1);
    const w = special.betaincinv(np.multiply(d, 0.5), 0.5, np.where(mid, 0.5, tailP));
    const mag = np.sqrt(np.multiply(d, np.subtract(np.divide(1, w), 1)));
    const z = np.where(mid, np.divide(np.subtract(qq, 0.5), pdfAtZero(d)), np.where(lower, np.negative(mag), mag));
    const ok = np.logicalAnd(np.logicalAnd(np.greater(d, 0), np.greater(s, 0)), np.logicalAnd(np.greaterEqual(qq, 0), np.lessEqual(qq, 1)));
    return nanUnless(ok, np.add(l, np.multiply(s, z)));
  }, "stats.t.ppf(q, df, loc?, scale?)"),
};
