/** @file The `nn` namespace: activations and helpers (jax.nn), each checked against its signature on every call. */
import { checked as c } from "../numpy/signature.js";
import * as a from "./activations.js";
import * as sp from "../numpy/special_functions.js";

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
export const softmax = c(a.softmax, "nn.softmax(x, axis?)");
export const logSoftmax = c(a.logSoftmax, "nn.logSoftmax(x, axis?)");
export const oneHot = c(a.oneHot, "nn.oneHot(labels, numClasses, opts?|{dtype})");
export const logsumexp = c(sp.logsumexp, "nn.logsumexp(x, opts?|{axis,keepdims,b})");
