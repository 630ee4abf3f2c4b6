/** @file Bernoulli and binomial distributions (jax.scipy.stats bernoulli, binom). */
import * as np from "../numpy/index.js";
import * as special from "../numpy/special.js";
import { checked as c } from "../numpy/signature.js";
import { ArrayLike, NDArray, floats, nanUnless } from "./common.js";

const isInt = (k: NDArray) => np.equal(k, np.round(k));
const probOk = (p: NDArray) => np.logicalAnd(np.greaterEqual(p, 0), np.lessEqual(p, 1));

function bernLogpmf(k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): NDArray {
  const [kk, pp, l] = floats("stats.bernoulli.logpmf", [k, p, loc]);
  const n = np.subtract(kk, l);
  const inside = np.logicalOr(np.equal(n, 0), np.equal(n, 1));
  const ns = np.where(inside, n, 0);
  // k·ln p + (1 − k)·ln(1 − p), 0·ln 0 = 0
  const v = np.add(special.xlogy(ns, pp), special.xlog1py(np.subtract(1, ns), np.negative(pp)));
  return nanUnless(probOk(pp), np.where(inside, v, -Infinity));
}
function bernCdf(k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): NDArray {
  const [kk, pp, l] = floats("stats.bernoulli.cdf", [k, p, loc]);
  const n = np.subtract(kk, l);
  return nanUnless(probOk(pp), np.where(np.less(n, 0), 0, np.where(np.less(n, 1), np.subtract(1, pp), 1)));
}
/**
 * The Bernoulli distribution: P(1) = p, P(0) = 1 − p (scipy's argument order: k, p, loc = 0).
 * @example stats.bernoulli.pmf(1, 0.3) // 0.3
 */
export const bernoulli = {
  logpmf: c(bernLogpmf, "stats.bernoulli.logpmf(k, p, loc?)"),
  pmf: c((k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): NDArray => np.exp(bernLogpmf(k, p, loc)), "stats.bernoulli.pmf(k, p, loc?)"),
  cdf: c(bernCdf, "stats.bernoulli.cdf(k, p, loc?)"),
};

function binomLogpmf(k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): NDArray {
  const [kk, nn, pp, l] = floats("stats.binom.logpmf", [k, n, p, loc]);
  const j = np.subtract(kk, l);
  const inside = np.logicalAnd(np.logicalAnd(np.greaterEqual(j, 0), np.lessEqual(j, nn)), isInt(j));
  const js = np.where(inside, j, 0);
  // ln C(n, k) + k·ln p + (n − k)·ln(1 − p)
  const comb = np.subtract(np.subtract(special.gammaln(np.add(nn, 1)), special.gammaln(np.add(js, 1))), special.gammaln(np.add(np.subtract(nn, js), 1)));
  const v = np.add(comb, np.add(special.xlogy(js, pp), special.xlog1py(np.subtract(nn, js), np.negative(pp))));
  return nanUnless(np.logicalAnd(probOk(pp), np.greaterEqual(nn, 0)), np.where(inside, v, -Infinity));
}
function binomCdf(k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): NDArray {
  const [kk, nn, pp, l] = floats("stats.binom.cdf", [k, n, p, loc]);
  const j = np.floor(np.subtract(kk, l));
  const mid = np.logicalAnd(np.greaterEqual(j, 0), np.less(j, nn));
  const js = np.where(mid, j, 0), ns = np.where(mid, nn, 1);
  // P(K ≤ j) = I_{1−p}(n − j, j + 1)
  const v = special.betainc(np.subtract(ns, js), np.add(js, 1), np.subtract(1, pp));
  return nanUnless(np.logicalAnd(probOk(pp), np.greaterEqual(nn, 0)), np.where(mid, v, np.where(np.less(j, 0), 0, 1)));
}
/**
 * The binomial distribution of n trials with success probability p (scipy's argument order: k, n, p,
 * loc = 0). cdf through the incomplete beta function (differentiable in p).
 * @example stats.binom.pmf(2, 4, 0.5) // 0.375
 */
export const binom = {
  logpmf: c(binomLogpmf, "stats.binom.logpmf(k, n, p, loc?)"),
  pmf: c((k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): NDArray => np.exp(binomLogpmf(k, n, p, loc)), "stats.binom.pmf(k, n, p, loc?)"),
  cdf: c(binomCdf, "stats.binom.cdf(k, n, p, loc?)"),
};
