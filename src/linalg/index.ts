/** @file np.linalg: factorisations, solves and norms, batched over leading dimensions and differentiable. */
export * from "./solve.js";
export * from "./matfun.js";
export * from "./decomp.js";
