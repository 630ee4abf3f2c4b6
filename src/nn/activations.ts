/**
 * @file Neural-network activations and helpers (jax.nn semantics): plain composites of primitives with
 * no derivative rules of their own — grad, jvp and vmap see through them.
 */
import { normAxes } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { DType, checkDType, getDefaultFloat } from "../core/dtype.js";
import { show } from "../numpy/signature.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, toFloat } from "../numpy/core.js";
import { arange } from "../numpy/creation.js";
import { expit, logsumexp } from "../numpy/special_functions.js";

export { logsumexp };

type Axis = number | number[] | null;

/**
 * max(x, 0) with derivative 0 at x = 0 and relu(NaN) = NaN (as JAX; `np.maximum` would split the tie ½/½).
 * @example nn.relu([-1, 0, 2]) // [0, 0, 2]
 */
export function relu(x: ArrayLike): NDArray {
  const a = asArray(x);
  return L.select(L.le(a, 0), L.zerosLike(a), a); // NaN ≤ 0 is false: NaN passes through, as JAX
}

/**
 * min(max(x, 0), 6), with derivative 0 at both kinks; NaN stays NaN.
 * @example nn.relu6([-1, 3, 7]) // [0, 3, 6]
 */
export function relu6(x: ArrayLike): NDArray {
  const a = asArray(x);
  return L.select(L.ge(a, 6), L.fullLike(a, 6), relu(a));
}

/**
 * x for x ≥ 0, `negativeSlope`·x below.
 * @example nn.leakyRelu([-1, 2], 0.1) // [-0.1, 2]
 */
export function leakyRelu(x: ArrayLike, negativeSlope = 0.01): NDArray {
  if (typeof negativeSlope !== "number") throw new TypeError(`leakyRelu: negativeSlope must be a number, got ${show(negativeSlope)}`);
  const a = toFloat(x);
  return L.select(L.ge(a, 0), a, L.mul(a, negativeSlope));
}

/**
 * x for x > 0, α(eˣ − 1) below (the unused branch sees only x ≤ 0, so it never overflows).
 * @example nn.elu([-1, 2]) // [e⁻¹ − 1, 2]
 */
export function elu(x: ArrayLike, alpha = 1): NDArray {
  if (typeof alpha !== "number") throw new TypeError(`elu: alpha must be a number, got ${show(alpha)}`);
  const a = toFloat(x);
  const pos = L.gt(a, 0);
  const neg = L.select(pos, L.zerosLike(a), a);
  return L.select(pos, a, L.mul(L.expm1(neg), alpha));
}

/**
 * The logistic function 1 / (1 + e^(−x)) (= special.expit), stable for large |x|.
 * @example nn.sigmoid(0) // 0.5
 */
export function sigmoid(x: ArrayLike): NDArray {
  return expit(x);
}

/**
 * log(1 + eˣ), computed as relu(x) + log1p(e^(−|x|)) so it neither overflows nor loses small values.
 * @example nn.softplus(0) // log 2
 */
export function softplus(x: ArrayLike): NDArray {
  const a = toFloat(x);
  const pos = L.gt(a, 0);
  // −|x| through select: its derivative at 0 is +1 (from the x branch), so softplus′(0) = ½ exactly
  const negAbs = L.select(pos, L.neg(a), a);
  return L.add(L.select(pos, a, L.zerosLike(a)), L.log1p(L.exp(negAbs)));
}

/**
 * log σ(x) = −softplus(−x), stable for large |x|.
 * @example nn.logSigmoid(0) // −log 2
 */
export function logSigmoid(x: ArrayLike): NDArray {
  return L.neg(softplus(L.neg(toFloat(x))));
}

/**
 * x · σ(x) (also called swish).
 * @example nn.silu(0) // 0
 */
export function silu(x: ArrayLike): NDArray {
  const a = toFloat(x);
  return L.mul(a, expit(a));
}
export const swish = silu;

/**
 * Gaussian error linear unit: ½x(1 + tanh(√(2/π)(x + 0.044715x³))) when `approximate` (the default,
 * as JAX), else the exact ½x(1 + erf(x/√2)).
 * @example nn.gelu(1, false) // 0.8413…
 */
export function gelu(x: ArrayLike, approximate: boolean | { approximate?: boolean } = true): NDArray {
  if (typeof approximate === "object" && approximate !== null) approximate = approximate.approximate ?? true; // JAX's keyword
  if (typeof approximate !== "boolean") throw new TypeError(`gelu: approximate must be a boolean, got ${show(approximate)}`);
  const a = toFloat(x);
  const inner = approximate
    ? L.tanh(L.mul(L.add(a, L.mul(L.mul(L.mul(a, a), a), 0.044715)), Math.sqrt(2 / Math.PI)))
    : L.erf(L.mul(a, Math.SQRT1_2));
  return L.mul(L.mul(a, 0.5), L.add(inner, 1));
}

/** x minus its max over `axes` (kept shape), the max under stopGradient and ±∞ maxima replaced by 0. */
function shiftByMax(a: NDArray, axes: number[]): NDArray {
  const kept = a.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const m = L.reshape(L.reduceMax(a, axes), kept);
  const safe = L.select(L.eq(L.sub(m, m), 0), m, L.zerosLike(m));
  return L.sub(a, L.broadcastTo(L.stopGradient(safe), a.shape));
}
function sumKeep(a: NDArray, axes: number[]): NDArray {
  const kept = a.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return L.broadcastTo(L.reshape(L.reduceSum(a, axes), kept), a.shape);
}

/**
 * eˣ / Σ eˣ along `axis` (default −1; a list or null = all axes), with the max subtracted first.
 * The max is under stopGradient: softmax does not depend on it, so the gradient is exact.
 * @example nn.softmax([0, 0]) // [0.5, 0.5]
 */
export function softmax(x: ArrayLike, axis: Axis = -1): NDArray {
  const a = toFloat(x);
  const axes = normAxes(axis, a.ndim, "softmax");
  const e = L.exp(shiftByMax(a, axes));
  return L.div(e, sumKeep(e, axes));
}

/**
 * x − log Σ eˣ along `axis` (default −1), stably.
 * @example nn.logSoftmax([0, 0]) // [−log 2, −log 2]
 */
export function logSoftmax(x: ArrayLike, axis: Axis = -1): NDArray {
  const a = toFloat(x);
  const axes = normAxes(axis, a.ndim, "logSoftmax");
  const shifted = shiftByMax(a, axes);
  return L.sub(shifted, L.log(sumKeep(L.exp(shifted), axes)));
}

/**
 * One-hot encoding: a new last axis of length `numClasses` with 1 at each label (all 0 for labels
 * outside [0, numClasses)). The dtype is the default float unless given.
 * @example nn.oneHot(np.array([0, 2], { dtype: "int32" }), 3) // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(labels: ArrayLike, numClasses: number, opts: DType | { dtype?: DType } = {}): NDArray {
  if (typeof opts === "string") opts = { dtype: opts };
  else if (typeof opts !== "object" || opts === null) throw new TypeError(`oneHot: expected a dtype or options { dtype }, got ${show(opts)}`);
  if (!Number.isInteger(numClasses) || numClasses < 0) throw new RangeError(`oneHot: numClasses must be a non-negative integer, got ${numClasses}`);
  const a = asArray(labels, "int32");
  const shape = [...a.shape, numClasses];
  const classes = arange(0, numClasses, 1, { dtype: a.dtype === "bool" ? "int32" : a.dtype });
  const lab = L.convert(a, classes.dtype);
  const hot = L.eq(L.broadcastInDim(lab, shape, a.shape.map((_, i) => i)), L.broadcastInDim(classes, shape, [a.ndim]));
  return L.convert(hot, opts.dtype === undefined ? getDefaultFloat() : checkDType(opts.dtype, "oneHot"));
}
