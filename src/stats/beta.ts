/** @file The beta distribution (jax.scipy.stats.beta), its CDF through the regularised incomplete beta function. */
import * as np from "../numpy/index.js";
import * as special from "../numpy/special.js";
import { checked as c } from "../numpy/signature.js";
import { ArrayLike, NDArray, floats, nanUnless, standardize } from "./common.js";

type Args = [x: ArrayLike, a: ArrayLike, b: ArrayLike, loc?: ArrayLike, scale?: ArrayLike];
function parts(fn: string, [x, a, b, loc = 0, scale = 1]: Args): [NDArray, NDArray, NDArray, NDArray, NDArray] {
  const [xx, aa, bb, l, s] = floats(`stats.beta.${fn}`, [x, a, b, loc, scale]);
  const ok = np.logicalAnd(np.logicalAnd(np.greater(aa, 0), np.greater(bb, 0)), np.greater(s, 0));
  return [standardize(xx, l, s), aa, bb, s, ok];
}
function logpdf(...args: Args): NDArray {
  const [z, a, b, s, ok] = parts("logpdf", args);
  const inside = np.logicalAnd(np.greaterEqual(z, 0), np.lessEqual(z, 1));
  const zs = np.where(inside, z, 0.5);
  // (a − 1)·ln z + (b − 1)·ln(1 − z) − ln B(a, b) − ln scale
  const v = np.subtract(np.subtract(np.add(special.xlogy(np.subtract(a, 1), zs), special.xlog1py(np.subtract(b, 1), np.negative(zs))), special.lbeta(a, b)), np.log(s));
  return nanUnless(ok, np.where(inside, v, -Infinity));
}
function cdf(...args: Args): NDArray {
  const [z, a, b, , ok] = parts("cdf", args);
  return nanUnless(ok, special.betainc(a, b, np.clip(z, 0, 1)));
}
function sf(...args: Args): NDArray {
  const [z, a, b, , ok] = parts("sf", args);
  // 1 − I_z(a, b) = I_{1−z}(b, a)
  return nanUnless(ok, special.betainc(b, a, np.clip(np.subtract(1, z), 0, 1)));
}

/**
 * The beta distribution on [loc, loc + scale] (scipy's argument order: x, a, b, loc = 0, scale = 1);
 * −∞ logpdf outside the support, NaN for a, b or scale ≤ 0. cdf/sf are differentiable in x, a and b.
 * @example stats.beta.cdf(0.5, 2, 3) // 0.6875
 */
export const beta = {
  logpdf: c(logpdf, "stats.beta.logpdf(x, a, b, loc?, scale?)"),
  pdf: c((...args: Args): NDArray => np.exp(logpdf(...args)), "stats.beta.pdf(x, a, b, loc?, scale?)"),
  cdf: c(cdf, "stats.beta.cdf(x, a, b, loc?, scale?)"),
  sf: c(sf, "stats.beta.sf(x, a, b, loc?, scale?)"),
  logcdf: c((...args: Args): NDArray => np.log(cdf(...args)), "stats.beta.logcdf(x, a, b, loc?, scale?)"),
  logsf: c((...args: Args): NDArray => np.log(sf(...args)), "stats.beta.logsf(x, a, b, loc?, scale?)"),
  /** loc + scale·I⁻¹(a, b, q). */
  ppf: c((...[q, a, b, loc = 0, scale = 1]: Args): NDArray => {
    const [qq, aa, bb, l, s] = floats("stats.beta.ppf", [q, a, b, loc, scale]);
    return nanUnless(np.greater(s, 0), np.add(l, np.multiply(s, special.betaincinv(aa, bb, qq))));
  }, "stats.beta.ppf(q, a, b, loc?, scale?)"),
};
