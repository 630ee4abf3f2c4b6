/** @file The log-normal distribution (scipy.stats.lognorm). */
import * as np from "../numpy/index.js";
import * as special from "../numpy/special.js";
import { checked as c } from "../numpy/signature.js";
import { ArrayLike, NDArray, floats, nanUnless, standardize } from "./common.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
type Args = [x: ArrayLike, s: ArrayLike, loc?: ArrayLike, scale?: ArrayLike];

/** [ln y (safe), inside (y > 0), shape s, scale, valid] at y = (x − loc)/scale. */
function parts(fn: string, [x, s, loc = 0, scale = 1]: Args): [NDArray, NDArray, NDArray, NDArray, NDArray] {
  const [xx, ss, l, sc] = floats(`stats.lognorm.${fn}`, [x, s, loc, scale]);
  const y = standardize(xx, l, sc);
  const inside = np.greater(y, 0);
  return [np.log(np.where(inside, y, 1)), inside, ss, sc, np.logicalAnd(np.greater(ss, 0), np.greater(sc, 0))];
}
function logpdf(...args: Args): NDArray {
  const [ly, inside, s, sc, ok] = parts("logpdf", args);
  // −(ln y)²/(2s²) − ln y − ln s − ½ ln 2π − ln scale
  const v = np.subtract(np.subtract(np.subtract(np.multiply(np.square(np.divide(ly, s)), -0.5), ly), np.log(np.multiply(s, sc))), HALF_LOG_2PI);
  return nanUnless(ok, np.where(inside, v, -Infinity));
}
function cdf(...args: Args): NDArray {
  const [ly, inside, s, , ok] = parts("cdf", args);
  return nanUnless(ok, np.where(inside, special.ndtr(np.divide(ly, s)), 0));
}
function sf(...args: Args): NDArray {
  const [ly, inside, s, , ok] = parts("sf", args);
  return nanUnless(ok, np.where(inside, special.ndtr(np.negative(np.divide(ly, s))), 1));
}

/**
 * The log-normal distribution: ln((x − loc)/scale) ~ N(0, s²) (scipy's argument order: x, s, loc = 0, scale = 1).
 * @example stats.lognorm.cdf(1, 0.5) // 0.5
 */
export const lognorm = {
  logpdf: c(logpdf, "stats.lognorm.logpdf(x, s, loc?, scale?)"),
  pdf: c((...args: Args): NDArray => np.exp(logpdf(...args)), "stats.lognorm.pdf(x, s, loc?, scale?)"),
  cdf: c(cdf, "stats.lognorm.cdf(x, s, loc?, scale?)"),
  sf: c(sf, "stats.lognorm.sf(x, s, loc?, scale?)"),
  /** loc + scale·exp(s·Φ⁻¹(q)). */
  ppf: c((q: ArrayLike, s: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [qq, ss, l, sc] = floats("stats.lognorm.ppf", [q, s, loc, scale]);
    return nanUnless(np.logicalAnd(np.greater(ss, 0), np.greater(sc, 0)), np.add(l, np.multiply(sc, np.exp(np.multiply(ss, special.ndtri(qq))))));
  }, "stats.lognorm.ppf(q, s, loc?, scale?)"),
};
