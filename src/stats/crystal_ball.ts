/** @file The Crystal Ball distribution (scipy.stats.crystalball): a Gaussian core with a power-law lower tail, normalised. */
import * as np from "../numpy/index.js";
import * as special from "../numpy/special.js";
import { checked as c } from "../numpy/signature.js";
import { ArrayLike, NDArray, floats, nanUnless, standardize } from "./common.js";

type Args = [x: ArrayLike, beta: ArrayLike, m: ArrayLike, loc?: ArrayLike, scale?: ArrayLike];

/**
 * The pieces at z = (x − loc)/scale: with A = (m/β)ᵐ e^(−β²/2), B = m/β − β, the unnormalised density
 * is e^(−z²/2) for z > −β and A·(B − z)^(−m) below; its integral is C + D, C = (m/β)·e^(−β²/2)/(m − 1),
 * D = √(π/2)·(1 + erf(β/√2)) = √(2π)·Φ(β).
 */
function parts(fn: string, [x, beta, m, loc = 0, scale = 1]: Args) {
  const [xx, b, mm, l, s] = floats(`stats.crystalBall.${fn}`, [x, beta, m, loc, scale]);
  const ok = np.logicalAnd(np.logicalAnd(np.greater(b, 0), np.greater(mm, 1)), np.greater(s, 0));
  const z = standardize(xx, l, s);
  const core = np.greater(z, np.negative(b));
  const halfB2 = np.multiply(np.square(b), 0.5);
  const mOverB = np.divide(mm, b);
  const logC = np.subtract(np.subtract(np.log(mOverB), halfB2), np.log(np.subtract(mm, 1)));
  const logD = np.add(0.5 * Math.log(2 * Math.PI), special.logNdtr(b));
  const logN = np.negative(np.logaddexp(logC, logD));
  // B − z ≥ m/β > 0 in the tail; the core's value of B − z is replaced by m/β so that its log is safe
  const bz = np.where(core, mOverB, np.subtract(np.subtract(mOverB, b), z));
  return { z, b, mm, s, ok, core, halfB2, mOverB, logN, bz, logC };
}

function logpdf(...args: Args): NDArray {
  const { z, mm, s, ok, core, halfB2, mOverB, logN, bz } = parts("logpdf", args);
  const tail = np.subtract(np.subtract(np.multiply(mm, np.log(mOverB)), halfB2), np.multiply(mm, np.log(bz)));
  return nanUnless(ok, np.subtract(np.add(logN, np.where(core, np.multiply(np.square(z), -0.5), tail)), np.log(s)));
}
function cdf(...args: Args): NDArray {
  const { z, b, mm, ok, core, halfB2, mOverB, logN, bz, logC } = parts("cdf", args);
  // tail: N·A·(B − z)^(1−m)/(m − 1); core: N·(C + √(2π)·(Φ(z) − Φ(−β)))
  const tail = np.exp(np.add(logN, np.subtract(np.subtract(np.subtract(np.multiply(mm, np.log(mOverB)), halfB2), np.multiply(np.subtract(mm, 1), np.log(bz))), np.log(np.subtract(mm, 1)))));
  const zc = np.where(core, z, b);
  const gauss = np.multiply(np.subtract(special.ndtr(zc), special.ndtr(np.negative(b))), Math.sqrt(2 * Math.PI));
  const coreV = np.multiply(np.exp(logN), np.add(np.exp(logC), gauss));
  return nanUnless(ok, np.where(core, coreV, tail));
}

/**
 * The quantile: below F(−β) = N·C the tail inverts as z = B − (F·(m − 1)/(N·A))^(1/(1−m)); above it,
 * Φ(z) = (F/N − C)/√(2π) + Φ(−β), so z = Φ⁻¹(…).
 */
function ppf(...[q, beta, m, loc = 0, scale = 1]: Args): NDArray {
  const [qq, b, mm, l, s] = floats("stats.crystalBall.ppf", [q, beta, m, loc, scale]);
  const ok = np.logicalAnd(np.logicalAnd(np.logicalAnd(np.greater(b, 0), np.greater(mm, 1)), np.greater(s, 0)), np.logicalAnd(np.greaterEqual(qq, 0), np.lessEqual(qq, 1)));
  const halfB2 = np.multiply(np.square(b), 0.5);
  const mOverB = np.divide(mm, b);
  const logC = np.subtract(np.subtract(np.log(mOverB), halfB2), np.log(np.subtract(mm, 1)));
  const logN = np.negative(np.logaddexp(logC, np.add(0.5 * Math.log(2 * Math.PI), special.logNdtr(b))));
  const inTail = np.less(np.log(qq), np.add(logN, logC));
  // tail: ln(B − z) = (ln F + ln(m − 1) − ln N − ln A)/(1 − m), ln A = m·ln(m/β) − β²/2
  const qt = np.where(inTail, qq, 0.5 * 1e-300);
  const logA = np.subtract(np.multiply(mm, np.log(mOverB)), halfB2);
  const logBz = np.divide(np.subtract(np.subtract(np.add(np.log(qt), np.log(np.subtract(mm, 1))), logN), logA), np.subtract(1, mm));
  const zTail = np.subtract(np.subtract(mOverB, b), np.exp(logBz));
  // core
  const qc = np.where(inTail, np.exp(np.add(logN, logC)), qq);
  const phi = np.add(np.divide(np.subtract(np.exp(np.subtract(np.log(qc), logN)), np.exp(logC)), Math.sqrt(2 * Math.PI)), special.ndtr(np.negative(b)));
  const zCore = special.ndtri(np.minimum(phi, 1));
  return nanUnless(ok, np.add(l, np.multiply(s, np.where(inTail, zTail, zCore))));
}

/**
 * The Crystal Ball distribution crystalball(β, m, loc, scale) as scipy's (normalised; β > 0, m > 1):
 * a Gaussian core for z > −β joined to a power-law tail (B − z)^(−m) below it, continuous with its
 * derivative. Differentiable in x, β, m, loc and scale.
 * @example stats.crystalBall.pdf(0, 1, 3) // 0.33126463880145035 (scipy.stats.crystalball.pdf(0, 1, 3))
 */
export const crystalBall = {
  logpdf: c(logpdf, "stats.crystalBall.logpdf(x, beta, m, loc?, scale?)"),
  pdf: c((...args: Args): NDArray => np.exp(logpdf(...args)), "stats.crystalBall.pdf(x, beta, m, loc?, scale?)"),
  cdf: c(cdf, "stats.crystalBall.cdf(x, beta, m, loc?, scale?)"),
  sf: c((...args: Args): NDArray => np.subtract(1, cdf(...args)), "stats.crystalBall.sf(x, beta, m, loc?, scale?)"),
  logcdf: c((...args: Args): NDArray => np.log(cdf(...args)), "stats.crystalBall.logcdf(x, beta, m, loc?, scale?)"),
  logsf: c((...args: Args): NDArray => np.log1p(np.negative(cdf(...args))), "stats.crystalBall.logsf(x, beta, m, loc?, scale?)"),
  ppf: c(ppf, "stats.crystalBall.ppf(q, beta, m, loc?, scale?)"),
};
