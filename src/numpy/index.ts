/** @file The `np` namespace: NumPy-shaped functions over NDArrays, traceable by every transformation. */
export { array, asArray } from "./core.js";
export type { ArrayLike } from "./core.js";
export * from "./creation.js";
export * from "./math.js";
export { sum, prod, mean, var_, var_ as var, std, max, min, amax, amin, argmax, argmin, all, any, cumsum, cumprod } from "./reductions.js";
export type { ReduceOpts } from "./reductions.js";
export * from "./shape.js";
export * from "./linalg.js";
export * from "./indexing.js";
export * from "./manipulation.js";
export * from "./products.js";
export * from "./sorting.js";
export * as linalg from "../linalg/index.js";
