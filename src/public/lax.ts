/**
 * @file The checked `lax` namespace (as jax.lax): control flow with its signatures, then the thin
 * primitive wrappers (src/lax/public_*.ts: equal shapes and dtypes, no promotion). Control-flow
 * operands, carries and `xs` are pytrees (`*`). Anything exported by src/control/index.ts and not listed here stays unchecked
 * (and test/strictness.test.ts reports it).
 */
import { checked } from "../numpy/signature.js";

// errors from inside keep their text: these functions run user code (or name themselves already)
const c = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig, { renameErrors: false });
import * as ctl from "../control/index.js";

export * from "../control/index.js";
export const cond = c(ctl.cond, "lax.cond(pred, trueFn, falseFn, ...operands*)");
const switchChecked = c(ctl.switch, "lax.switch(index, branches, ...operands*)");
export { switchChecked as switch };
export const whileLoop = c(ctl.whileLoop, "lax.whileLoop(condFn, bodyFn, init*)");
export const foriLoop = c(ctl.foriLoop, "lax.foriLoop(lower, upper, body, init*)");
export const scan = c(ctl.scan, "lax.scan(f, init*, xs?*, opts?{length,reverse})");
export const map = c(ctl.map, "lax.map(f, xs*)");

// ---- issue 10: thin primitive wrappers (as jax.lax): equal shapes and dtypes, 0-d operands and JS numbers as scalars ----
import * as el from "../lax/public_elementwise.js";
import * as sh from "../lax/public_shape.js";
import * as rd from "../lax/public_reduce.js";
import { checked as k } from "../numpy/signature.js";
export type { LaxOperand } from "../lax/strict.js";
export type { DotDimensionNumbers, DotOpts } from "../lax/public_shape.js";
export type { CumOpts, SortOpts } from "../lax/public_reduce.js";
export const add = k(el.add, "lax.add(x, y)");
export const sub = k(el.sub, "lax.sub(x, y)");
export const mul = k(el.mul, "lax.mul(x, y)");
export const div = k(el.div, "lax.div(x, y)");
export const rem = k(el.rem, "lax.rem(x, y)");
export const pow = k(el.pow, "lax.pow(x, y)");
export const max = k(el.max, "lax.max(x, y)");
export const min = k(el.min, "lax.min(x, y)");
export const atan2 = k(el.atan2, "lax.atan2(x, y)");
export const neg = k(el.neg, "lax.neg(x)");
export const sign = k(el.sign, "lax.sign(x)");
export const abs = k(el.abs, "lax.abs(x)");
export const floor = k(el.floor, "lax.floor(x)");
export const ceil = k(el.ceil, "lax.ceil(x)");
export const round = k(el.round, "lax.round(x, roundingMethod?)");
export const isFinite = k(el.isFinite, "lax.isFinite(x)");
export const square = k(el.square, "lax.square(x)");
export const reciprocal = k(el.reciprocal, "lax.reciprocal(x)");
export const integerPow = k(el.integerPow, "lax.integerPow(x, y)");
export const exp = k(el.exp, "lax.exp(x)");
export const exp2 = k(el.exp2, "lax.exp2(x)");
export const log = k(el.log, "lax.log(x)");
export const log1p = k(el.log1p, "lax.log1p(x)");
export const expm1 = k(el.expm1, "lax.expm1(x)");
export const sqrt = k(el.sqrt, "lax.sqrt(x)");
export const rsqrt = k(el.rsqrt, "lax.rsqrt(x)");
export const cbrt = k(el.cbrt, "lax.cbrt(x)");
export const sin = k(el.sin, "lax.sin(x)");
export const cos = k(el.cos, "lax.cos(x)");
export const tan = k(el.tan, "lax.tan(x)");
export const asin = k(el.asin, "lax.asin(x)");
export const acos = k(el.acos, "lax.acos(x)");
export const atan = k(el.atan, "lax.atan(x)");
export const sinh = k(el.sinh, "lax.sinh(x)");
export const cosh = k(el.cosh, "lax.cosh(x)");
export const tanh = k(el.tanh, "lax.tanh(x)");
export const asinh = k(el.asinh, "lax.asinh(x)");
export const acosh = k(el.acosh, "lax.acosh(x)");
export const atanh = k(el.atanh, "lax.atanh(x)");
export const logistic = k(el.logistic, "lax.logistic(x)");
export const erf = k(el.erf, "lax.erf(x)");
export const erfc = k(el.erfc, "lax.erfc(x)");
export const erfInv = k(el.erfInv, "lax.erfInv(x)");
export const lgamma = k(el.lgamma, "lax.lgamma(x)");
export const eq = k(el.eq, "lax.eq(x, y)");
export const ne = k(el.ne, "lax.ne(x, y)");
export const lt = k(el.lt, "lax.lt(x, y)");
export const le = k(el.le, "lax.le(x, y)");
export const gt = k(el.gt, "lax.gt(x, y)");
export const ge = k(el.ge, "lax.ge(x, y)");
export const bitwiseAnd = k(el.bitwiseAnd, "lax.bitwiseAnd(x, y)");
export const bitwiseOr = k(el.bitwiseOr, "lax.bitwiseOr(x, y)");
export const bitwiseXor = k(el.bitwiseXor, "lax.bitwiseXor(x, y)");
export const bitwiseNot = k(el.bitwiseNot, "lax.bitwiseNot(x)");
export const shiftLeft = k(el.shiftLeft, "lax.shiftLeft(x, y)");
export const shiftRightLogical = k(el.shiftRightLogical, "lax.shiftRightLogical(x, y)");
export const shiftRightArithmetic = k(el.shiftRightArithmetic, "lax.shiftRightArithmetic(x, y)");
export const select = k(el.select, "lax.select(pred, onTrue, onFalse)");
export const selectN = k(el.selectN, "lax.selectN(which, ...cases)");
export const clamp = k(el.clamp, "lax.clamp(min, x, max)");
export const convertElementType = k(el.convertElementType, "lax.convertElementType(x, newDtype)");
export const bitcastConvertType = k(el.bitcastConvertType, "lax.bitcastConvertType(x, newDtype)");
export const broadcastInDim = k(sh.broadcastInDim, "lax.broadcastInDim(operand, shape, broadcastDimensions)");
export const broadcast = k(sh.broadcast, "lax.broadcast(operand, sizes)");
export const reshape = k(sh.reshape, "lax.reshape(operand, newSizes, dimensions?)");
export const squeeze = k(sh.squeeze, "lax.squeeze(array, dimensions)");
export const expandDims = k(sh.expandDims, "lax.expandDims(array, dimensions)");
export const transpose = k(sh.transpose, "lax.transpose(operand, permutation)");
export const rev = k(sh.rev, "lax.rev(operand, dimensions)");
export const pad = k(sh.pad, "lax.pad(operand, paddingValue, paddingConfig)");
export const slice = k(sh.slice, "lax.slice(operand, startIndices, limitIndices, strides?)");
export const sliceInDim = k(sh.sliceInDim, "lax.sliceInDim(operand, startIndex, limitIndex, stride?, axis?)");
export const dynamicSlice = k(sh.dynamicSlice, "lax.dynamicSlice(operand, startIndices, sliceSizes)");
export const dynamicUpdateSlice = k(sh.dynamicUpdateSlice, "lax.dynamicUpdateSlice(operand, update, startIndices)");
export const dynamicSliceInDim = k(sh.dynamicSliceInDim, "lax.dynamicSliceInDim(operand, startIndex, sliceSize, axis?)");
export const dynamicIndexInDim = k(sh.dynamicIndexInDim, "lax.dynamicIndexInDim(operand, index, axis?, keepdims?)");
export const dynamicUpdateSliceInDim = k(sh.dynamicUpdateSliceInDim, "lax.dynamicUpdateSliceInDim(operand, update, startIndex, axis)");
export const concatenate = k(sh.concatenate, "lax.concatenate(operands, dimension)");
export const iota = k(sh.iota, "lax.iota(dtype, size)");
export const broadcastedIota = k(sh.broadcastedIota, "lax.broadcastedIota(dtype, shape, dimension)");
export const full = k(sh.full, "lax.full(shape, fillValue, dtype?)");
export const fullLike = k(sh.fullLike, "lax.fullLike(x, fillValue, dtype?, shape?)");
export const dotGeneral = k(sh.dotGeneral, "lax.dotGeneral(lhs, rhs, dimensionNumbers, opts?{precision,preferredElementType})");
export const dot = k(sh.dot, "lax.dot(lhs, rhs, opts?{precision,preferredElementType})");
export const reduceSum = k(rd.reduceSum, "lax.reduceSum(operand, axes)");
export const reduceProd = k(rd.reduceProd, "lax.reduceProd(operand, axes)");
export const reduceMax = k(rd.reduceMax, "lax.reduceMax(operand, axes)");
export const reduceMin = k(rd.reduceMin, "lax.reduceMin(operand, axes)");
export const reduceAnd = k(rd.reduceAnd, "lax.reduceAnd(operand, axes)");
export const reduceOr = k(rd.reduceOr, "lax.reduceOr(operand, axes)");
export const argmax = k(rd.argmax, "lax.argmax(operand, axis, indexDtype?)");
export const argmin = k(rd.argmin, "lax.argmin(operand, axis, indexDtype?)");
export const cumsum = k(rd.cumsum, "lax.cumsum(operand, axis?|{axis,reverse}, opts?{reverse})");
export const cumprod = k(rd.cumprod, "lax.cumprod(operand, axis?|{axis,reverse}, opts?{reverse})");
export const cummax = k(rd.cummax, "lax.cummax(operand, axis?|{axis,reverse}, opts?{reverse})");
export const cummin = k(rd.cummin, "lax.cummin(operand, axis?|{axis,reverse}, opts?{reverse})");
export const cumlogsumexp = k(rd.cumlogsumexp, "lax.cumlogsumexp(operand, axis?|{axis,reverse}, opts?{reverse})");
export const sort = k(rd.sort, "lax.sort(operand, dimension?|{dimension,isStable,numKeys}, opts?{isStable,numKeys})");
export const topK = k(rd.topK, "lax.topK(operand, k)");
export const stopGradient = k(rd.stopGradient, "lax.stopGradient(x)");
export const digamma = k(el.digamma, "lax.digamma(x)");
export const dynamicUpdateIndexInDim = k(sh.dynamicUpdateIndexInDim, "lax.dynamicUpdateIndexInDim(operand, update, index, axis)");
export const batchMatmul = k(sh.batchMatmul, "lax.batchMatmul(lhs, rhs, opts?{precision,preferredElementType})");
export const collapse = k(sh.collapse, "lax.collapse(operand, startDimension, stopDimension?)");
export const sortKeyVal = k(rd.sortKeyVal, "lax.sortKeyVal(keys, values, dimension?, isStable?)");
// ---- end of the thin wrappers (lax.convGeneralDilated and later additions go below) ----
// ---- issue 11: conv ----
import * as cv from "../lax/conv.js";
export type { ConvPadding, ConvDimensionSpec, ConvGeneralDilatedOptions, ConvTransposeOptions } from "../lax/conv.js";
const cc = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig);
export const convGeneralDilated = cc(cv.convGeneralDilated, "lax.convGeneralDilated(lhs, rhs, windowStrides, padding, opts?{lhsDilation,rhsDilation,dimensionNumbers,featureGroupCount,batchGroupCount,precision,preferredElementType})");
export const conv = cc(cv.conv, "lax.conv(lhs, rhs, windowStrides, padding)");
export const convTranspose = cc(cv.convTranspose, "lax.convTranspose(lhs, rhs, strides, padding, opts?{rhsDilation,dimensionNumbers,transposeKernel,precision,preferredElementType})");
// ---- issue 11/12: reduce_window (pooling) ----
import * as rw from "../lax/reduce_window.js";
export type { WindowPadding } from "../lax/reduce_window.js";
export const reduceWindow = cc(rw.makeReduceWindow([[add, "sum"], [max, "max"], [min, "min"]]), "lax.reduceWindow(operand, initValue, computation, windowDimensions, windowStrides?, padding?, baseDilation?, windowDilation?)");
// ---- issue 13: complex parts ----
import * as cpx from "../lax/public_complex.js";
export const complex = k(cpx.complex, "lax.complex(x, y)");
export const real = k(cpx.real, "lax.real(x)");
export const imag = k(cpx.imag, "lax.imag(x)");
export const conj = k(cpx.conj, "lax.conj(x)");
