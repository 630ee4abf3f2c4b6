/** @file np.linalg: factorisations, solves and norms, batched over leading dimensions and differentiable. */
export * from "./solve.js";
export * from "./decomp.js";
