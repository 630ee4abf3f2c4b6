/** @file Numeric differentiation (central differences + Richardson) and checkGrads. */
export { forwardDifference, centralDifference, derivative, richardson, grad, jacobian } from "./finite.js";
export type { DerivativeOptions, NumericGradOptions } from "./finite.js";
export { checkGrads, DEFAULT_TOLERANCE } from "./check.js";
export type { CheckGradsOptions, GradMode } from "./check.js";
