/**
 * @file random: JAX's key-based pseudo-random numbers. A key is a uint32 array of shape [2]
 * (`key(seed)`); `split` and `foldIn` derive new keys; every draw is a pure function of its key
 * (Threefry-2x32), so results are reproducible across backends and under jit and vmap.
 */
export { key, split, foldIn, bits } from "./keys.js";
export type { ShapeArg } from "./keys.js";
export { uniform, normal, bernoulli, randint, exponential, gumbel, categorical, permutation, choice, truncatedNormal } from "./distributions.js";
export { gamma, beta, dirichlet } from "./gamma.js";
export { multivariateNormal } from "./multivariate.js";
