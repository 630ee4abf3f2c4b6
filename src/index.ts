/** @file adjoint's public API. */
import "./numpy/methods.js";
export { NDArray } from "./core/array.js";
export type { NestedArray } from "./core/array.js";
export { ShapedArray } from "./core/aval.js";
export type { DType, FloatDType, TypedArray } from "./core/dtype.js";
export * as np from "./numpy/index.js";
// the transformations and settings, each checked against its signature (src/public/transforms.ts)
export {
  jvp, vjp, grad, valueAndGrad, vmap, linearize, linearTranspose, makeJaxpr, jacfwd, jacrev, hessian, customJvp, customVjp, jit,
  checkpoint, checkpoint as remat, setBackend, getBackend, setDefaultFloat, getDefaultFloat, promoteTypes, checkGrads,
} from "./public/transforms.js";
export * as tree from "./public/tree.js";
export type { GradOptions, VmapOptions } from "./transforms/api.js";
export type { JacOptions } from "./transforms/jacobian.js";
export type { Leaf, ArgOf, ArgsOf, Out, GradOf, Argnums } from "./transforms/types.js";
export type { JitOptions } from "./transforms/jit.js";
export { stopGradient } from "./numpy/index.js";
export { ClosedJaxpr, Jaxpr, JaxprEqn } from "./ir/jaxpr.js";
export { config } from "./core/config.js";
export type { ConfigOptions } from "./core/config.js";
export * as special from "./numpy/special.js";
export * as numeric from "./public/numeric.js";
export * as plot from "./public/plot.js";
export * as nn from "./nn/index.js";
export * as random from "./random/index.js";
export * as lax from "./public/lax.js";
export * as debug from "./public/debug.js";
export * as flattenUtil from "./public/flatten_util.js";
export * as optim from "./optim/index.js";
export * as data from "./data/index.js";
export { progress } from "./progress.js";
export type { Progress, ProgressOptions, ProgressStream, WrapOptions, Metrics as ProgressMetrics } from "./progress.js";
export * as fit from "./fit/index.js";
export * as stats from "./stats/index.js";
export * as hf from "./hf/index.js";
// ---- issue 14: linear operators and matrix-free solvers (src/linop) ----
export * as linop from "./linop/index.js";
export type { LinearOperator } from "./linop/index.js";
// ---- issue 13: complex dtypes ----
export type { ComplexValue } from "./core/array.js";
export type { ComplexDType, InexactDType } from "./core/dtype.js";
