/**
 * @file random: JAX's key-based pseudo-random numbers. A key is a uint32 array of shape [2]
 * (`key(seed)`); `split` and `foldIn` derive new keys; every draw is a pure function of its key
 * (Threefry-2x32), so results are reproducible across backends and under jit and vmap.
 * Each function is checked against its signature on every call (see numpy/signature.ts).
 */
import { checked as c } from "../numpy/signature.js";
import * as k from "./keys.js";
import * as d from "./distributions.js";
import * as g from "./gamma.js";
import { multivariateNormal as mvn } from "./multivariate.js";

export type { ShapeArg } from "./keys.js";
// the compiled draws (jitArrays) are checked where they are defined, so their TSDoc stays on the export
export { bits } from "./keys.js";
export { uniform, normal, exponential, gumbel, truncatedNormal } from "./distributions.js";
export { gamma, beta, dirichlet } from "./gamma.js";
export const key = c(k.key, "random.key(seed)");
export const split = c(k.split, "random.split(key, num?)");
export const foldIn = c(k.foldIn, "random.foldIn(key, data)");
export const bernoulli = c(d.bernoulli, "random.bernoulli(key, p?, shape?)");
export const randint = c(d.randint, "random.randint(key, shape, minval, maxval, opts?{dtype})");
export const categorical = c(d.categorical, "random.categorical(key, logits, opts?{axis,shape,replace})");
export const permutation = c(d.permutation, "random.permutation(key, x, opts?{axis,independent})");
export const choice = c(d.choice, "random.choice(key, a, shape?, opts?{replace,p,axis})");
export const multivariateNormal = c(mvn, "random.multivariateNormal(key, mean, cov, shape?, opts?{dtype,method})");
// ---- issue 10: random ----
// (the draws are checked where they are defined, see above)
/** The key for `seed`, as JAX's `random.PRNGKey` (JAX's legacy name for `random.key`; keys here are uint32 [2] arrays either way). @example random.PRNGKey(0) */
export const PRNGKey = c(k.key, "random.PRNGKey(seed)");
export const keyData = c(k.keyData, "random.keyData(keys)");
export const wrapKeyData = c(k.wrapKeyData, "random.wrapKeyData(data)");
export const keyImpl = c(k.keyImpl, "random.keyImpl(keys)");
export const clone = c(k.clone, "random.clone(key)");
export { poisson } from "./poisson.js";
export { binomial, multinomial } from "./binomial.js";
export { generalizedNormal, ball, orthogonal } from "./geometry.js";
export { cauchy, laplace, logistic, lognormal, rayleigh, pareto, weibullMin, geometric, triangular, maxwell, doubleSidedMaxwell, rademacher, t, loggamma, chisquare, f, wald } from "./univariate.js";
// ---- issue 10: numpy gaps II ----
export type { MvnOpts, MvnMethod } from "./multivariate.js";
