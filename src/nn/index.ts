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
// ---- issue 11: layers, initializers, losses ----
import * as ld from "./layers/dense.js";
import * as ln from "./layers/norm.js";
import * as ldr from "./layers/dropout.js";
import * as le from "./layers/embedding.js";
import * as lc from "./layers/compose.js";
import * as lo from "./losses.js";
export type { Layer, ApplyOptions } from "./layer.js";
export type { Initializer } from "./initializers.js";
export type { DenseParams, DenseOptions } from "./layers/dense.js";
export type { NormParams, BatchNormState, BatchNormOptions } from "./layers/norm.js";
export type { EmbeddingParams, EmbeddingLayer } from "./layers/embedding.js";
export type { MlpOptions, LayerLike } from "./layers/compose.js";
export type { SoftmaxCrossEntropyOptions, CosineOptions } from "./losses.js";
export * as initializers from "./initializers_api.js";
export const dense = c(ld.dense, "nn.dense(features, opts?{useBias,kernelInit,biasInit,dtype})");
export const layerNorm = c(ln.layerNorm, "nn.layerNorm(opts?{epsilon,useScale,useBias,reductionAxes,dtype})");
export const batchNorm = c(ln.batchNorm, "nn.batchNorm(opts?{momentum,epsilon,axis,useScale,useBias,dtype})");
export const dropout = c(ldr.dropout, "nn.dropout(rate, opts?{broadcastDims})");
export const embedding = c(le.embedding, "nn.embedding(numEmbeddings, features, opts?{embeddingInit,dtype})");
export const activation = c(lc.activation, "nn.activation(fn)");
export const flatten = c(lc.flatten, "nn.flatten(opts?{startAxis})");
export const sequential = c(lc.sequential, "nn.sequential(...layers*)");
export const mlp = c(lc.mlp, "nn.mlp(features, opts?{activation,activateFinal,useBias,kernelInit,biasInit,dtype})");
export const softmaxCrossEntropy = c(lo.softmaxCrossEntropy, "nn.softmaxCrossEntropy(logits, labels, opts?{labelSmoothing,axis,where})");
export const sigmoidBinaryCrossEntropy = c(lo.sigmoidBinaryCrossEntropy, "nn.sigmoidBinaryCrossEntropy(logits, labels)");
export const squaredError = c(lo.squaredError, "nn.squaredError(predictions, targets?)");
export const l2Loss = c(lo.l2Loss, "nn.l2Loss(predictions, targets?)");
export const mse = c(lo.mse, "nn.mse(predictions, targets)");
export const huber = c(lo.huber, "nn.huber(predictions, targets, delta?)");
export const logCosh = c(lo.logCosh, "nn.logCosh(predictions, targets?)");
export const hingeLoss = c(lo.hingeLoss, "nn.hingeLoss(predictorOutputs, targets)");
export const cosineSimilarity = c(lo.cosineSimilarity, "nn.cosineSimilarity(predictions, targets, opts?{epsilon,axis,where})");
export const cosineDistance = c(lo.cosineDistance, "nn.cosineDistance(predictions, targets, opts?{epsilon,axis,where})");
// ---- issue 11: conv layers ----
import * as cl from "./layers/conv.js";
import * as pl from "./layers/pool.js";
export type { ConvOptions, ConvParams, ConvLayerPadding, ConvTransposeLayerOptions } from "./layers/conv.js";
export type { PoolOptions, AvgPoolOptions, PoolPadding } from "./layers/pool.js";
export const conv = c(cl.conv, "nn.conv(features, kernelSize, opts?{strides,padding,inputDilation,kernelDilation,featureGroupCount,useBias,kernelInit,biasInit,dtype})");
export const convTranspose = c(cl.convTranspose, "nn.convTranspose(features, kernelSize, opts?{strides,padding,kernelDilation,useBias,transposeKernel,kernelInit,biasInit,dtype})");
export const maxPool = c(pl.maxPool, "nn.maxPool(xOrWindowShape, windowShape?|{strides,padding}, opts?{strides,padding})");
export const avgPool = c(pl.avgPool, "nn.avgPool(xOrWindowShape, windowShape?|{strides,padding,countIncludePad}, opts?{strides,padding,countIncludePad})");
// ---- issue 10: jax.nn's re-exports ----
import * as npm from "../numpy/index.js";
import type { ArrayLike } from "../numpy/core.js";
import { asArray } from "../numpy/core.js";
/** tanh, as `jax.nn.tanh` re-exports it. @example nn.tanh(0) // 0 */
export const tanh = c((x: ArrayLike) => npm.tanh(x), "nn.tanh(x)");
/** The identity activation (`jax.nn.identity`): x itself, as an array. @example nn.identity([1, 2]) // [1, 2] */
export const identity = c((x: ArrayLike) => asArray(x), "nn.identity(x)");
