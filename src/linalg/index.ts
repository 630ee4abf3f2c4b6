/** @file np.linalg: factorisations, solves, matrix functions and norms, batched over leading dimensions and differentiable. */
export { cholesky, solveTriangular, solve, inv, det, slogdet } from "./solve.js";
export { matrixPower, expm } from "./matfun.js";
export { qr, eigh, eigvalsh, svd, svdvals, pinv, lstsq, norm, vectorNorm, matrixNorm } from "./decomp.js";
export type { QrOpts, EighOpts, SvdOpts, PinvOpts, LstsqOpts, NormOpts } from "./decomp.js";
