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
export const key = c(k.key, "random.key(seed)");
export const split = c(k.split, "random.split(key, num?)");
export const foldIn = c(k.foldIn, "random.foldIn(key, data)");
export const bits = c(k.bits, "random.bits(key, shape?, opts?{dtype})");
export const uniform = c(d.uniform, "random.uniform(key, shape?, opts?{dtype,minval,maxval})");
export const normal = c(d.normal, "random.normal(key, shape?, opts?{dtype})");
export const bernoulli = c(d.bernoulli, "random.bernoulli(key, p?, shape?)");
export const randint = c(d.randint, "random.randint(key, shape, minval, maxval, opts?{dtype})");
export const exponential = c(d.exponential, "random.exponential(key, shape?, opts?{dtype})");
export const gumbel = c(d.gumbel, "random.gumbel(key, shape?, opts?{dtype})");
export const categorical = c(d.categorical, "random.categorical(key, logits, opts?{axis,shape})");
export const permutation = c(d.permutation, "random.permutation(key, x, opts?{axis})");
export const choice = c(d.choice, "random.choice(key, a, shape?, opts?{replace,p,axis})");
export const truncatedNormal = c(d.truncatedNormal, "random.truncatedNormal(key, lower, upper, shape?, opts?{dtype})");
export const gamma = c(g.gamma, "random.gamma(key, a, shape?, opts?{dtype})");
export const beta = c(g.beta, "random.beta(key, a, b, shape?, opts?{dtype})");
export const dirichlet = c(g.dirichlet, "random.dirichlet(key, alpha, shape?, opts?{dtype})");
export const multivariateNormal = c(mvn, "random.multivariateNormal(key, mean, cov, shape?, opts?{dtype})");
