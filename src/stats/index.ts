/**
 * @file The `stats` namespace (jax.scipy.stats): probability distributions as objects of functions
 * (logpdf/pdf/cdf/sf/logcdf/logsf/ppf where they exist), scipy's argument order, differentiable in
 * data and parameters, jit- and vmap-able.
 */
export { norm } from "./norm.js";
export { poisson } from "./poisson.js";
export { gamma, chi2, expon } from "./gamma.js";
export { beta } from "./beta.js";
export { uniform } from "./uniform.js";
export { t } from "./t.js";
export { multivariateNormal } from "./multivariate_normal.js";
export { crystalBall } from "./crystal_ball.js";
export { laplace, logistic, cauchy } from "./location_scale.js";
export { bernoulli, binom } from "./discrete.js";
export { lognorm } from "./lognorm.js";
