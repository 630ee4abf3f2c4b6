/** @file The `nn` namespace: activations and helpers (jax.nn), each checked against its signature on every call. */
import { checked as c } from "../numpy/signature.js";
import * as a from "./activations.js";
import * as m from "./activations_more.js";
import * as att from "./attention.js";

export const relu = c(a.relu, "nn.relu(x)");
export const relu6 = c(a.relu6, "nn.relu6(x)");
export const leakyRelu = c(a.leakyRelu, "nn.leakyRelu(x, negativeSlope?)");
export const elu = c(a.elu, "nn.elu(x, alpha?)");
export const sigmoid = c(a.sigmoid, "nn.sigmoid(x)");
export const softplus = c(a.softplus, "nn.softplus(x)");
export const logSigmoid = c(a.logSigmoid, "nn.logSigmoid(x)");
export const silu = c(a.silu, "nn.silu(x)");
export const swish = c(a.swish, "nn.swish(x)");
export const gelu = c(a.gelu, "nn.gelu(x, approximate?|{approximate})");
export const softmax = c(m.softmaxWhere, "nn.softmax(x, axis?|{axis,where}, opts?{where})");
export const logSoftmax = c(m.logSoftmaxWhere, "nn.logSoftmax(x, axis?|{axis,where}, opts?{where})");
export const oneHot = c(m.oneHotAxis, "nn.oneHot(labels, numClasses, opts?|{dtype,axis})");
export const logsumexp = c(m.logsumexp, "nn.logsumexp(x, opts?|{axis,keepdims,b,where})");
// ---- issue 10: nn additions ----
export const softSign = c(m.softSign, "nn.softSign(x)");
export const log1mexp = c(m.log1mexp, "nn.log1mexp(x)");
export const hardTanh = c(m.hardTanh, "nn.hardTanh(x)");
export const hardSigmoid = c(m.hardSigmoid, "nn.hardSigmoid(x)");
export const hardSwish = c(m.hardSwish, "nn.hardSwish(x)");
export const hardSilu = c(m.hardSilu, "nn.hardSilu(x)");
export const celu = c(m.celu, "nn.celu(x, alpha?)");
export const selu = c(m.selu, "nn.selu(x)");
export const glu = c(m.glu, "nn.glu(x, axis?)");
export const standardize = c(m.standardize, "nn.standardize(x, axis?|{axis,mean,variance,epsilon,where})");
export const logSumExp = c(m.logSumExp, "nn.logSumExp(x, opts?|{axis,keepdims,b,where})");
export const dotProductAttention = c(att.dotProductAttention, "nn.dotProductAttention(query, key, value, bias?|{bias,mask,scale,isCausal,querySeqLengths,keyValueSeqLengths,localWindowSize}, mask?, opts?{scale,isCausal,querySeqLengths,keyValueSeqLengths,localWindowSize})");
export const squareplus = c(m.squareplus, "nn.squareplus(x, b?)");
export const sparsePlus = c(m.sparsePlus, "nn.sparsePlus(x)");
export const sparseSigmoid = c(m.sparseSigmoid, "nn.sparseSigmoid(x)");
export const mish = c(m.mish, "nn.mish(x)");
// ---- issue 11: conv layers ----
import * as cl from "./layers/conv.js";
import * as pl from "./layers/pool.js";
export type { ConvOptions, ConvParams, ConvLayerPadding, ConvTransposeLayerOptions, Initializer } from "./layers/conv.js";
export type { PoolOptions, AvgPoolOptions, PoolPadding } from "./layers/pool.js";
export const conv = c(cl.conv, "nn.conv(features, kernelSize, opts?{strides,padding,inputDilation,kernelDilation,featureGroupCount,useBias,kernelInit,biasInit,dtype})");
export const convTranspose = c(cl.convTranspose, "nn.convTranspose(features, kernelSize, opts?{strides,padding,kernelDilation,useBias,transposeKernel,kernelInit,biasInit,dtype})");
export const maxPool = c(pl.maxPool, "nn.maxPool(xOrWindowShape, windowShape?|{strides,padding}, opts?{strides,padding})");
export const avgPool = c(pl.avgPool, "nn.avgPool(xOrWindowShape, windowShape?|{strides,padding,countIncludePad}, opts?{strides,padding,countIncludePad})");
