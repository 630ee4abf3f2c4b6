/** @file The continuous uniform distribution (jax.scipy.stats.uniform). */
import * as np from "../numpy/index.js";
import { checked as c } from "../numpy/signature.js";
import { ArrayLike, NDArray, floats, nanUnless, standardize } from "./common.js";

type Args = [x: ArrayLike, loc?: ArrayLike, scale?: ArrayLike];
function parts(fn: string, [x, loc = 0, scale = 1]: Args): [NDArray, NDArray, NDArray, NDArray] {
  const [xx, l, s] = floats(`stats.uniform.${fn}`, [x, loc, scale]);
  const z = standardize(xx, l, s);
  return [z, s, np.greater(s, 0), np.logicalAnd(np.greaterEqual(z, 0), np.lessEqual(z, 1))];
}
const logpdf = (...args: Args): NDArray => {
  const [, s, ok, inside] = parts("logpdf", args);
  return nanUnless(ok, np.where(inside, np.negative(np.log(s)), -Infinity));
};
const cdf = (...args: Args): NDArray => {
  const [z, , ok] = parts("cdf", args);
  return nanUnless(ok, np.clip(z, 0, 1));
};
const sf = (...args: Args): NDArray => {
  const [z, , ok] = parts("sf", args);
  return nanUnless(ok, np.clip(np.subtract(1, z), 0, 1));
};

/**
 * The uniform distribution on [loc, loc + scale] (scipy's argument order: x, loc = 0, scale = 1).
 * @example stats.uniform.logpdf(0.5, 0, 2) // −ln 2
 */
export const uniform = {
  logpdf: c(logpdf, "stats.uniform.logpdf(x, loc?, scale?)"),
  pdf: c((...args: Args): NDArray => np.exp(logpdf(...args)), "stats.uniform.pdf(x, loc?, scale?)"),
  cdf: c(cdf, "stats.uniform.cdf(x, loc?, scale?)"),
  sf: c(sf, "stats.uniform.sf(x, loc?, scale?)"),
  logcdf: c((...args: Args): NDArray => np.log(cdf(...args)), "stats.uniform.logcdf(x, loc?, scale?)"),
  logsf: c((...args: Args): NDArray => np.log(sf(...args)), "stats.uniform.logsf(x, loc?, scale?)"),
  /** loc + scale·q for q in [0, 1]. */
  ppf: c((q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): NDArray => {
    const [qq, l, s] = floats("stats.uniform.ppf", [q, loc, scale]);
    const ok = np.logicalAnd(np.greater(s, 0), np.logicalAnd(np.greaterEqual(qq, 0), np.lessEqual(qq, 1)));
    return nanUnless(ok, np.add(l, np.multiply(s, qq)));
  }, "stats.uniform.ppf(q, loc?, scale?)"),
};
