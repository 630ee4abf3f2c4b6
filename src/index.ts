/** @file adjoint's public API. */
import "./numpy/methods.js";
export { NDArray } from "./core/array.js";
export type { NestedArray } from "./core/array.js";
export { ShapedArray } from "./core/aval.js";
export type { DType, FloatDType, TypedArray } from "./core/dtype.js";
export { setDefaultFloat, getDefaultFloat, promoteTypes } from "./core/dtype.js";
export * as np from "./numpy/index.js";
export * as tree from "./core/pytree.js";
export { jvp, vjp, grad, valueAndGrad, vmap, linearize, linearTranspose, makeJaxpr } from "./transforms/api.js";
export type { GradOptions, VmapOptions } from "./transforms/api.js";
export { jacfwd, jacrev, hessian } from "./transforms/jacobian.js";
export { customJvp, customVjp } from "./transforms/custom.js";
export { stopGradient } from "./numpy/math.js";
export { ClosedJaxpr, Jaxpr, JaxprEqn } from "./ir/jaxpr.js";
export { setBackend, getBackend } from "./backend/backend.js";
export * as special from "./numpy/special.js";
export * as numeric from "./numeric/index.js";
