/**
 * @file More jax.nn activations and helpers (softSign, log1mexp, hardTanh, hardSigmoid, hardSwish, celu,
 * selu, glu, standardize, logsumexp with `where`): composites of primitives, no derivative rules of their own.
 */
import { broadcastShapes, normAxes, normAxis } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, toFloat } from "../numpy/core.js";
import { show } from "../numpy/signature.js";
import { logsumexp as spLogsumexp, LogsumexpOpts } from "../numpy/special_functions.js";
import { elu, logSoftmax as baseLogSoftmax, oneHot as baseOneHot, relu6, sigmoid, softmax as baseSoftmax, softplus } from "./activations.js";
import { DType } from "../core/dtype.js";

type Axis = number | number[] | null;

function num(op: string, name: string, v: unknown): number {
  if (typeof v !== "number") throw new TypeError(`${op}: ${name} must be a number, got ${show(v)}`);
  return v;
}

/** `where` as a bool array broadcast to `shape` (it must not change the shape). */
function maskFor(op: string, where: ArrayLike, shape: number[]): NDArray {
  const w = asArray(where);
  if (w.dtype !== "bool") throw new TypeError(`${op}: where must be a bool array, got ${w.dtype}`);
  const out = broadcastShapes(op, shape, w.shape);
  if (out.length !== shape.length || out.some((d, i) => d !== shape[i])) {
    throw new RangeError(`${op}: where of shape [${w.shape}] does not broadcast to x's shape [${shape}]`);
  }
  return L.broadcastTo(w, shape);
}

/**
 * x / (|x| + 1).
 * @example nn.softSign([-3, 1]) // [-0.75, 0.5]
 */
export function softSign(x: ArrayLike): NDArray {
  const a = toFloat(x);
  return L.div(a, L.add(L.abs(a), 1));
}

/**
 * log(1 − e^(−x)) for x > 0, accurately: log1p(−e^(−x)) above log 2, log(−expm1(−x)) below (Mächler's
 * split). −∞ at 0, NaN below. Each branch sees only its own inputs, so derivatives carry no NaN from
 * the unused one.
 * @example nn.log1mexp(Math.LN2) // log ½
 */
export function log1mexp(x: ArrayLike): NDArray {
  const a = toFloat(x);
  const big = L.gt(a, Math.LN2);
  const one = L.fullLike(a, 1);
  const hi = L.select(big, a, one), lo = L.select(big, one, a);
  // d log1mexp = dx / expm1(x)
  return L.select(big, L.log1p(L.neg(L.exp(L.neg(hi)))), L.log(L.neg(L.expm1(L.neg(lo)))));
}

/**
 * −1 below −1, x on [−1, 1], 1 above (derivative 1 on the closed interval, as JAX).
 * @example nn.hardTanh([-2, 0.5, 3]) // [-1, 0.5, 1]
 */
export function hardTanh(x: ArrayLike): NDArray {
  const a = toFloat(x);
  return L.select(L.gt(a, 1), L.fullLike(a, 1), L.select(L.lt(a, -1), L.fullLike(a, -1), a));
}

/**
 * relu6(x + 3) / 6.
 * @example nn.hardSigmoid([-4, 0, 4]) // [0, 0.5, 1]
 */
export function hardSigmoid(x: ArrayLike): NDArray {
  return L.div(relu6(L.add(toFloat(x), 3)), 6);
}

/**
 * x · hardSigmoid(x) (also called hardSilu).
 * @example nn.hardSwish([-4, 1, 4]) // [0, 2/3, 4]
 */
export function hardSwish(x: ArrayLike): NDArray {
  const a = toFloat(x);
  return L.mul(a, hardSigmoid(a));
}
export const hardSilu = hardSwish;

/**
 * max(x, 0) + α·expm1(min(x, 0)/α): continuously differentiable ELU.
 * @example nn.celu([-1, 2], 2) // [2(e^(−½) − 1), 2]
 */
export function celu(x: ArrayLike, alpha = 1): NDArray {
  num("celu", "alpha", alpha);
  if (alpha === 0) throw new RangeError("celu: alpha must not be 0");
  const a = toFloat(x);
  const pos = L.gt(a, 0), zero = L.zerosLike(a);
  // selects, not max/min: the derivative at 0 is 1 from the expm1 side (as JAX's), never a ½/½ split
  return L.add(L.select(pos, a, zero), L.mul(L.expm1(L.div(L.select(pos, zero, a), alpha)), alpha));
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * λ·elu(x, α) with the self-normalising constants λ ≈ 1.0507, α ≈ 1.6733.
 * @example nn.selu(1) // 1.0507…
 */
export function selu(x: ArrayLike): NDArray {
  return L.mul(elu(x, SELU_ALPHA), SELU_SCALE);
}

/**
 * Gated linear unit: split x in two halves along `axis` (default −1) and return a · σ(b).
 * @example nn.glu([1, 2, 0, 0]) // [0.5, 1]
 */
export function glu(x: ArrayLike, axis = -1): NDArray {
  if (!Number.isInteger(axis)) throw new TypeError(`glu: axis must be an integer, got ${show(axis)}`);
  const a = toFloat(x);
  if (a.ndim === 0) throw new RangeError("glu: x must have at least one dimension, got a scalar");
  const ax = normAxis(axis, a.ndim, "glu");
  const n = a.shape[ax];
  if (n % 2 !== 0) throw new RangeError(`glu: the size of axis ${axis} must be even, got shape [${a.shape}]`);
  const start = a.shape.map(() => 0), mid = [...start], end = [...a.shape], half = [...a.shape];
  mid[ax] = n / 2, half[ax] = n / 2;
  return L.mul(L.slice(a, start, half), sigmoid(L.slice(a, mid, end)));
}

export interface StandardizeOpts {
  /** Axes to normalise over (default −1; null = all). */
  axis?: Axis;
  /** The mean to subtract (computed over `axis` if not given); broadcast against x. */
  mean?: ArrayLike;
  /** The variance to divide by the root of (computed as E[x²] − E[x]² if not given). */
  variance?: ArrayLike;
  /** Added to the variance before the square root (default 1e-5). */
  epsilon?: number;
  /** Elements that take part in the mean and variance (all by default); the result covers every element. */
  where?: ArrayLike;
}

/**
 * (x − mean) / √(variance + ε) with mean and variance over `axis` (kept as size 1), as jax.nn.standardize:
 * the variance is E[x²] − E[x]², and `where` restricts which elements the statistics see.
 * The axis may also come alone, positionally (as JAX's `standardize(x, axis)`).
 * @example nn.standardize([1, 2, 3], { epsilon: 0 }) // [−1.2247…, 0, 1.2247…]
 */
export function standardize(x: ArrayLike, arg: StandardizeOpts | Axis = {}): NDArray {
  const opts: StandardizeOpts = arg === null || typeof arg === "number" || Array.isArray(arg) ? { axis: arg } : arg;
  const a = toFloat(x);
  const axes = normAxes(opts.axis === undefined ? -1 : opts.axis, a.ndim, "standardize");
  const eps = num("standardize", "epsilon", opts.epsilon ?? 1e-5);
  const kept = a.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const w = opts.where === undefined ? null : maskFor("standardize", opts.where, a.shape);
  const meanOf = (v: NDArray): NDArray => {
    if (!w) return L.broadcastTo(L.reshape(L.div(L.reduceSum(v, axes), axes.reduce((p, i) => p * a.shape[i], 1)), kept), a.shape);
    const s = L.reduceSum(L.select(w, v, L.zerosLike(v)), axes);
    const n = L.reduceSum(L.convert(w, v.dtype), axes);
    return L.broadcastTo(L.reshape(L.div(s, n), kept), a.shape);
  };
  const operand = (v: ArrayLike, name: string): NDArray => {
    const b = L.convert(asArray(v, a.dtype), a.dtype);
    const out = broadcastShapes("standardize", a.shape, b.shape);
    if (out.length !== a.ndim || out.some((d, i) => d !== a.shape[i])) throw new RangeError(`standardize: ${name} of shape [${b.shape}] does not broadcast to x's shape [${a.shape}]`);
    return L.broadcastTo(b, a.shape);
  };
  const mean = opts.mean === undefined ? meanOf(a) : operand(opts.mean, "mean");
  const variance = opts.variance === undefined ? L.sub(meanOf(L.mul(a, a)), L.mul(mean, mean)) : operand(opts.variance, "variance");
  return L.div(L.sub(a, mean), L.sqrt(L.add(variance, eps)));
}

export interface LogSumExpOpts extends LogsumexpOpts {
  /** Elements to include (a bool array broadcast against x); the others count as −∞. */
  where?: ArrayLike;
}

/**
 * log Σ exp(x) over `axis` (all by default), stably — special.logsumexp plus JAX's `where`: elements
 * where it is false are left out (a row with none left gives −∞, with a zero gradient).
 * @example nn.logsumexp([0, 0, 5], { where: [true, true, false] }) // log 2
 */
export function logsumexp(x: ArrayLike, opts: LogSumExpOpts | number | number[] | null = {}): NDArray {
  if (opts === null || typeof opts !== "object" || Array.isArray(opts)) return spLogsumexp(x, opts);
  if (opts.where === undefined) return spLogsumexp(x, opts);
  const { where, ...rest } = opts;
  const a = toFloat(x);
  const w = maskFor("logsumexp", where, a.shape);
  // weights 0 where excluded: logsumexp drops zero-weight terms (and their gradient) exactly
  const b = rest.b === undefined ? L.convert(w, a.dtype) : L.mul(L.convert(w, a.dtype), L.convert(asArray(rest.b), a.dtype));
  return spLogsumexp(a, { ...rest, b });
}
export const logSumExp = logsumexp;

/**
 * (x + √(x² + b)) / 2, a smooth relu (b > 0 sets the smoothness; default 4).
 * @example nn.squareplus(0) // 1
 */
export function squareplus(x: ArrayLike, b = 4): NDArray {
  num("squareplus", "b", b);
  const a = toFloat(x);
  return L.mul(L.add(a, L.sqrt(L.add(L.mul(a, a), b))), 0.5);
}

/**
 * 0 for x ≤ −1, (x + 1)²/4 on (−1, 1), x for x ≥ 1: a piecewise-quadratic softplus.
 * @example nn.sparsePlus([-2, 0, 2]) // [0, 0.25, 2]
 */
export function sparsePlus(x: ArrayLike): NDArray {
  const a = toFloat(x);
  const q = L.add(a, 1);
  return L.select(L.le(a, -1), L.zerosLike(a), L.select(L.ge(a, 1), a, L.mul(L.mul(q, q), 0.25)));
}

/**
 * ½·clip(x + 1, 0, 2): 0 below −1, 1 above 1, linear between (the derivative of sparsePlus).
 * @example nn.sparseSigmoid([-2, 0, 0.5]) // [0, 0.5, 0.75]
 */
export function sparseSigmoid(x: ArrayLike): NDArray {
  const a = toFloat(x);
  const q = L.add(a, 1);
  // slope ½ on the closed interval [−1, 1], 0 outside (selects: no ½/½ tie split at the ends)
  return L.mul(L.select(L.lt(q, 0), L.zerosLike(q), L.select(L.gt(q, 2), L.fullLike(q, 2), q)), 0.5);
}

/**
 * x · tanh(softplus(x)).
 * @example nn.mish(1) // 0.8650983882673103
 */
export function mish(x: ArrayLike): NDArray {
  const a = toFloat(x);
  return L.mul(a, L.tanh(softplus(a)));
}

/** The axis and `where` of softmax/logSoftmax from JAX's forms: `(x, axis)`, `(x, { axis, where })`, `(x, axis, { where })`. */
function softmaxArgs(op: string, arg: Axis | { axis?: Axis; where?: ArrayLike } | undefined, opts: { where?: ArrayLike } | undefined): { axis: Axis; where?: ArrayLike } {
  if (arg !== null && typeof arg === "object" && !Array.isArray(arg)) {
    if (opts !== undefined) throw new TypeError(`${op}: options { axis, where } must come last, got ${show(opts)} after them`);
    return { axis: arg.axis === undefined ? -1 : arg.axis, where: arg.where };
  }
  return { axis: arg === undefined ? -1 : arg, where: opts?.where };
}

/** Shifted logits d = x − max (selected entries only; 0 elsewhere), the mask, the sum of e^d over `axes` kept, and whether anything was selected. */
function maskedParts(op: string, x: ArrayLike, axis: Axis, where: ArrayLike): { d: NDArray; w: NDArray; e: NDArray; s: NDArray; any: NDArray } {
  const a = toFloat(x);
  const axes = normAxes(axis, a.ndim, op);
  const w = maskFor(op, where, a.shape);
  const kept = a.shape.map((n, i) => (axes.includes(i) ? 1 : n));
  const keep = (r: NDArray) => L.broadcastTo(L.reshape(r, kept), a.shape);
  const m = keep(L.reduceMax(L.select(w, a, L.fullLike(a, -Infinity)), axes));
  const finite = L.eq(L.sub(m, m), 0);
  const shift = L.stopGradient(L.select(finite, m, L.zerosLike(m)));
  // double where: unselected entries see 0, so neither their value nor their derivative can overflow
  const d = L.select(w, L.sub(a, shift), L.zerosLike(a));
  const e = L.select(w, L.exp(d), L.zerosLike(a));
  const s = keep(L.reduceSum(e, axes));
  const any = L.gt(s, 0);
  return { d, w, e, s: L.select(any, s, L.fullLike(s, 1)), any };
}

/**
 * nn.softmax with JAX's `where`: entries where it is false are left out of the sum and get 0.
 * Without `where` it is the plain softmax. The axis may come positionally or in the options.
 * @example nn.softmax([1, 2, 3], { where: [true, true, false] }) // [0.2689…, 0.7310…, 0]
 */
export function softmaxWhere(x: ArrayLike, arg?: Axis | { axis?: Axis; where?: ArrayLike }, opts?: { where?: ArrayLike }): NDArray {
  const { axis, where } = softmaxArgs("softmax", arg, opts);
  if (where === undefined) return baseSoftmax(x, axis);
  const { w, e, s } = maskedParts("softmax", x, axis, where);
  return L.select(w, L.div(e, s), L.zerosLike(e));
}

/**
 * nn.logSoftmax with JAX's `where`: entries where it is false are left out and get −∞.
 * @example nn.logSoftmax([0, 0, 9], { where: [true, true, false] }) // [−log 2, −log 2, −∞]
 */
export function logSoftmaxWhere(x: ArrayLike, arg?: Axis | { axis?: Axis; where?: ArrayLike }, opts?: { where?: ArrayLike }): NDArray {
  const { axis, where } = softmaxArgs("logSoftmax", arg, opts);
  if (where === undefined) return baseLogSoftmax(x, axis);
  const { d, w, s } = maskedParts("logSoftmax", x, axis, where);
  return L.select(w, L.sub(d, L.log(s)), L.fullLike(d, -Infinity));
}

/**
 * nn.oneHot with JAX's `axis`: where the new class axis goes (default −1, the end).
 * @example nn.oneHot(np.array([0, 2], { dtype: "int32" }), 3, { axis: 0 }) // [[1, 0], [0, 0], [0, 1]]
 */
export function oneHotAxis(labels: ArrayLike, numClasses: number, opts: DType | { dtype?: DType; axis?: number } = {}): NDArray {
  if (typeof opts !== "object" || opts === null || opts.axis === undefined) return baseOneHot(labels, numClasses, opts as DType | { dtype?: DType });
  const { axis, ...rest } = opts;
  if (!Number.isInteger(axis)) throw new TypeError(`oneHot: axis must be an integer, got ${show(axis)}`);
  const hot = baseOneHot(labels, numClasses, rest);
  const to = normAxis(axis, hot.ndim, "oneHot");
  return L.moveaxis(hot, hot.ndim - 1, to);
}
