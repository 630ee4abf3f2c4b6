/** @file The `nn.initializers` namespace (jax.nn.initializers), each factory checked against its signature on every call. */
import { checked as c } from "../numpy/signature.js";
import * as i from "./initializers.js";

export type { Initializer, VarianceScalingOptions } from "./initializers.js";
export const varianceScaling = c(
  (scale: number, mode: "fanIn" | "fanOut" | "fanAvg", distribution: "truncatedNormal" | "normal" | "uniform", opts?: i.VarianceScalingOptions) => i.varianceScaling(scale, mode, distribution, opts),
  "nn.initializers.varianceScaling(scale, mode, distribution, opts?{inAxis,outAxis,batchAxis,dtype})",
);
export const glorotUniform = c(i.glorotUniform, "nn.initializers.glorotUniform(opts?{inAxis,outAxis,batchAxis,dtype})");
export const glorotNormal = c(i.glorotNormal, "nn.initializers.glorotNormal(opts?{inAxis,outAxis,batchAxis,dtype})");
export const heUniform = c(i.heUniform, "nn.initializers.heUniform(opts?{inAxis,outAxis,batchAxis,dtype})");
export const heNormal = c(i.heNormal, "nn.initializers.heNormal(opts?{inAxis,outAxis,batchAxis,dtype})");
export const lecunUniform = c(i.lecunUniform, "nn.initializers.lecunUniform(opts?{inAxis,outAxis,batchAxis,dtype})");
export const lecunNormal = c(i.lecunNormal, "nn.initializers.lecunNormal(opts?{inAxis,outAxis,batchAxis,dtype})");
export const xavierUniform = c(i.xavierUniform, "nn.initializers.xavierUniform(opts?{inAxis,outAxis,batchAxis,dtype})");
export const xavierNormal = c(i.xavierNormal, "nn.initializers.xavierNormal(opts?{inAxis,outAxis,batchAxis,dtype})");
export const kaimingUniform = c(i.kaimingUniform, "nn.initializers.kaimingUniform(opts?{inAxis,outAxis,batchAxis,dtype})");
export const kaimingNormal = c(i.kaimingNormal, "nn.initializers.kaimingNormal(opts?{inAxis,outAxis,batchAxis,dtype})");
export const normal = c(i.normal, "nn.initializers.normal(stddev?, opts?{dtype})");
export const uniform = c(i.uniform, "nn.initializers.uniform(scale?, opts?{dtype})");
export const truncatedNormal = c(i.truncatedNormal, "nn.initializers.truncatedNormal(stddev?, lower?, upper?, opts?{dtype})");
export const orthogonal = c(i.orthogonal, "nn.initializers.orthogonal(scale?, columnAxis?, opts?{dtype})");
export const constant = c(i.constant, "nn.initializers.constant(value, opts?{dtype})");
export const zeros = c(i.zeros, "nn.initializers.zeros(key, shape, dtype?)");
export const ones = c(i.ones, "nn.initializers.ones(key, shape, dtype?)");
export const computeFans = c(
  (shape: readonly number[], opts: { inAxis?: number | number[]; outAxis?: number | number[]; batchAxis?: number | number[] } = {}) => i.computeFans(shape, opts.inAxis, opts.outAxis, opts.batchAxis),
  "nn.initializers.computeFans(shape, opts?{inAxis,outAxis,batchAxis})",
);
