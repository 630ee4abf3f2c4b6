/**
 * @file The `np` namespace: NumPy-shaped functions over NDArrays, traceable by every transformation.
 * Each public function is exported here with its signature, which `checked` enforces on every call
 * (arity, missing arguments, options keys); the modules' own functions stay unchecked for internal use.
 */
import { checked as c } from "./signature.js";
import * as core from "./core.js";
import * as cr from "./creation.js";
import * as m from "./math.js";
import * as r from "./reductions.js";
import * as sh from "./shape.js";
import * as li from "./linalg.js";
import * as ix from "./indexing.js";
import * as mp from "./manipulation.js";
import * as pr from "./products.js";
import * as so from "./sorting.js";

export type { ArrayLike } from "./core.js";
export type { ReduceOpts } from "./reductions.js";
export type { Index, AtIndexer } from "./indexing.js";
export type { PadMode, PadOpts } from "./manipulation.js";
export type { UniqueOpts } from "./sorting.js";
export { Slice, newaxis } from "./indexing.js";
export * as linalg from "../linalg/index.js";

// ---- conversion and creation ----
export const array = c(core.array, "np.array(x, opts?|{dtype,shape})");
export const asArray = c(core.asArrayOf, "np.asArray(x, dtype?|{dtype})");
export const zeros = c(cr.zeros, "np.zeros(shape, dtype?|{dtype})");
export const ones = c(cr.ones, "np.ones(shape, dtype?|{dtype})");
export const full = c(cr.full, "np.full(shape, fillValue, dtype?|{dtype})");
export const zerosLike = c(cr.zerosLike, "np.zerosLike(x, dtype?|{dtype})");
export const onesLike = c(cr.onesLike, "np.onesLike(x, dtype?|{dtype})");
export const fullLike = c(cr.fullLike, "np.fullLike(x, fillValue, dtype?|{dtype})");
export const arange = c(cr.arange, "np.arange(start, stop?|{dtype}, step?|{dtype}, opts?|{dtype})");
export const linspace = c(cr.linspace, "np.linspace(start, stop, num?|{dtype,endpoint}, opts?{dtype,endpoint})");
export const eye = c(cr.eye, "np.eye(n, m?|{dtype,k}, opts?{dtype,k})");
export const identity = c(cr.identity, "np.identity(n, dtype?|{dtype})");

// ---- elementwise math ----
const unary = <F extends (x: core.ArrayLike) => unknown>(f: F, name: string): F => c(f, `np.${name}(x)`);
const binary = <F extends (x: core.ArrayLike, y: core.ArrayLike) => unknown>(f: F, name: string): F => c(f, `np.${name}(x, y)`);
export const add = binary(m.add, "add");
export const subtract = binary(m.subtract, "subtract");
export const multiply = binary(m.multiply, "multiply");
export const divide = binary(m.divide, "divide");
export const trueDivide = binary(m.trueDivide, "trueDivide");
export const floorDivide = binary(m.floorDivide, "floorDivide");
export const mod = binary(m.mod, "mod");
export const remainder = binary(m.remainder, "remainder");
export const fmod = binary(m.fmod, "fmod");
export const power = binary(m.power, "power");
export const square = unary(m.square, "square");
export const sqrt = unary(m.sqrt, "sqrt");
export const cbrt = unary(m.cbrt, "cbrt");
export const reciprocal = unary(m.reciprocal, "reciprocal");
export const negative = unary(m.negative, "negative");
export const positive = unary(m.positive, "positive");
export const abs = unary(m.abs, "abs");
export const absolute = unary(m.absolute, "absolute");
export const sign = unary(m.sign, "sign");
export const exp = unary(m.exp, "exp");
export const exp2 = unary(m.exp2, "exp2");
export const expm1 = unary(m.expm1, "expm1");
export const log = unary(m.log, "log");
export const log2 = unary(m.log2, "log2");
export const log10 = unary(m.log10, "log10");
export const log1p = unary(m.log1p, "log1p");
export const sin = unary(m.sin, "sin");
export const cos = unary(m.cos, "cos");
export const tan = unary(m.tan, "tan");
export const arcsin = unary(m.arcsin, "arcsin");
export const arccos = unary(m.arccos, "arccos");
export const arctan = unary(m.arctan, "arctan");
export const sinh = unary(m.sinh, "sinh");
export const cosh = unary(m.cosh, "cosh");
export const tanh = unary(m.tanh, "tanh");
export const arcsinh = unary(m.arcsinh, "arcsinh");
export const arccosh = unary(m.arccosh, "arccosh");
export const arctanh = unary(m.arctanh, "arctanh");
export const arctan2 = c(m.arctan2, "np.arctan2(y, x)");
export const floor = unary(m.floor, "floor");
export const ceil = unary(m.ceil, "ceil");
export const round = c(m.round, "np.round(x, decimals?|{decimals})");
export const around = c(m.around, "np.around(x, decimals?|{decimals})");
export const rint = unary(m.rint, "rint");
export const trunc = unary(m.trunc, "trunc");
export const fix = unary(m.fix, "fix");
export const maximum = binary(m.maximum, "maximum");
export const minimum = binary(m.minimum, "minimum");
export const clip = c(m.clip, "np.clip(x, min?, max?)");
export const hypot = binary(m.hypot, "hypot");
export const logaddexp = binary(m.logaddexp, "logaddexp");
export const where = c(m.where, "np.where(condition, x, y)");
export const isnan = unary(m.isnan, "isnan");
export const isinf = unary(m.isinf, "isinf");
export const isfinite = unary(m.isfinite, "isfinite");
export const equal = binary(m.equal, "equal");
export const notEqual = binary(m.notEqual, "notEqual");
export const less = binary(m.less, "less");
export const lessEqual = binary(m.lessEqual, "lessEqual");
export const greater = binary(m.greater, "greater");
export const greaterEqual = binary(m.greaterEqual, "greaterEqual");
export const logicalAnd = binary(m.logicalAnd, "logicalAnd");
export const logicalOr = binary(m.logicalOr, "logicalOr");
export const logicalXor = binary(m.logicalXor, "logicalXor");
export const logicalNot = unary(m.logicalNot, "logicalNot");
export const bitwiseAnd = binary(m.bitwiseAnd, "bitwiseAnd");
export const bitwiseOr = binary(m.bitwiseOr, "bitwiseOr");
export const bitwiseXor = binary(m.bitwiseXor, "bitwiseXor");
export const bitwiseNot = unary(m.bitwiseNot, "bitwiseNot");
export const invert = unary(m.invert, "invert");
export const leftShift = binary(m.leftShift, "leftShift");
export const rightShift = binary(m.rightShift, "rightShift");
export const bitwiseLeftShift = binary(m.bitwiseLeftShift, "bitwiseLeftShift");
export const bitwiseRightShift = binary(m.bitwiseRightShift, "bitwiseRightShift");
export const stopGradient = unary(m.stopGradient, "stopGradient");

// ---- reductions ----
const REDUCE = "axis?|{axis,keepdims,dtype}";
const MORE = "opts?{keepdims,dtype}";
export const sum = c(r.sum, `np.sum(x, ${REDUCE}, ${MORE})`);
export const prod = c(r.prod, `np.prod(x, ${REDUCE}, ${MORE})`);
export const mean = c(r.mean, `np.mean(x, ${REDUCE}, ${MORE})`);
export const var_ = c(r.var_, "np.var(x, axis?|{axis,keepdims,dtype,ddof}, opts?{keepdims,dtype,ddof})");
export { var_ as var };
export const std = c(r.std, "np.std(x, axis?|{axis,keepdims,dtype,ddof}, opts?{keepdims,dtype,ddof})");
export const max = c(r.max, "np.max(x, axis?|{axis,keepdims}, opts?{keepdims})");
export const min = c(r.min, "np.min(x, axis?|{axis,keepdims}, opts?{keepdims})");
export const amax = c(r.amax, "np.amax(x, axis?|{axis,keepdims}, opts?{keepdims})");
export const amin = c(r.amin, "np.amin(x, axis?|{axis,keepdims}, opts?{keepdims})");
export const all = c(r.all, "np.all(x, axis?|{axis,keepdims}, opts?{keepdims})");
export const any = c(r.any, "np.any(x, axis?|{axis,keepdims}, opts?{keepdims})");
export const argmax = c(r.argmax, "np.argmax(x, axis?|{axis,keepdims}, keepdims?)");
export const argmin = c(r.argmin, "np.argmin(x, axis?|{axis,keepdims}, keepdims?)");
export const cumsum = c(r.cumsum, "np.cumsum(x, axis?|{axis,dtype}, opts?{dtype})");
export const cumprod = c(r.cumprod, "np.cumprod(x, axis?|{axis,dtype}, opts?{dtype})");

// ---- shapes ----
export const reshape = c(sh.reshape, "np.reshape(x, shape)");
export const ravel = c(sh.ravel, "np.ravel(x)");
export const transpose = c(sh.transpose, "np.transpose(x, axes?)");
export const moveaxis = c(sh.moveaxis, "np.moveaxis(x, source, destination)");
export const swapaxes = c(sh.swapaxes, "np.swapaxes(x, axis1, axis2)");
export const expandDims = c(sh.expandDims, "np.expandDims(x, axis)");
export const squeeze = c(sh.squeeze, "np.squeeze(x, axis?)");
export const broadcastTo = c(sh.broadcastTo, "np.broadcastTo(x, shape)");
export const broadcastArrays = c(sh.broadcastArrays, "np.broadcastArrays(...xs)");
export const concatenate = c(sh.concatenate, "np.concatenate(arrays, axis?)");
export const stack = c(sh.stack, "np.stack(arrays, axis?)");

// ---- products ----
export const matmul = binary(li.matmul, "matmul");
export const dot = binary(li.dot, "dot");
export const diagonal = c(pr.diagonal, "np.diagonal(x, offset?, axis1?, axis2?)");
export const trace = c(pr.trace, "np.trace(x, offset?, axis1?, axis2?)");
export const tensordot = c(pr.tensordot, "np.tensordot(a, b, axes?)");
export const inner = c(pr.inner, "np.inner(a, b)");
export const outer = c(pr.outer, "np.outer(a, b)");
export const vdot = c(pr.vdot, "np.vdot(a, b)");
export const einsum = c(pr.einsum, "np.einsum(subscripts, ...operands)");

// ---- indexing ----
export const getItem = c(ix.getItem, "np.getItem(x, ...indices)");
export const at = c(ix.at, "np.at(x, ...indices)");
export const take = c(ix.take, "np.take(x, indices, axis?, opts?{mode})");
export const takeAlongAxis = c(ix.takeAlongAxis, "np.takeAlongAxis(x, indices, axis)");
export const nonzero = c(ix.nonzero, "np.nonzero(x)");
export const s = c(ix.s, "np.s(start?, stop?, step?)");

// ---- sorting and manipulation ----
export const sort = c(mp.sort, "np.sort(x, axis?)");
export const argsort = c(mp.argsort, "np.argsort(x, axis?)");
export const split = c(mp.split, "np.split(x, indicesOrSections, axis?)");
export const arraySplit = c(mp.arraySplit, "np.arraySplit(x, sections, axis?)");
export const tile = c(mp.tile, "np.tile(x, reps)");
export const repeat = c(mp.repeat, "np.repeat(x, repeats, axis?)");
export const flip = c(mp.flip, "np.flip(x, axis?)");
export const roll = c(mp.roll, "np.roll(x, shift, axis?)");
export const pad = c(mp.pad, "np.pad(x, padWidth, opts?{mode,constantValues})");
export const atleast1d = c(mp.atleast1d, "np.atleast1d(x)");
export const atleast2d = c(mp.atleast2d, "np.atleast2d(x)");
export const atleast3d = c(mp.atleast3d, "np.atleast3d(x)");
export const hstack = c(mp.hstack, "np.hstack(arrays)");
export const vstack = c(mp.vstack, "np.vstack(arrays)");
export const dstack = c(mp.dstack, "np.dstack(arrays)");
export const columnStack = c(mp.columnStack, "np.columnStack(arrays)");
export const topK = c(so.topK, "np.topK(x, k)");
export const cummax = c(so.cummax, "np.cummax(x, axis?)");
export const cummin = c(so.cummin, "np.cummin(x, axis?)");
export const searchsorted = c(so.searchsorted, "np.searchsorted(a, v, opts?{side})");
export const unique = c(so.unique, "np.unique(x, opts?{size,fillValue,returnIndex,returnInverse,returnCounts})");
