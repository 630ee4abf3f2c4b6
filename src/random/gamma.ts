/**
 * @file Gamma-family distributions with JAX's algorithm and key use: gamma (Marsaglia–Tsang, one
 * rejection loop per element), beta, dirichlet — differentiable in their shape parameters by implicit reparameterisation.
 */
import { NDArray } from "../core/array.js";
import { broadcastShapes, fmtShape } from "../core/aval.js";
import { FloatDType, getDefaultFloat, isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ShapeArg, checkKey, split, toShape } from "./keys.js";
import { marsagliaTsang } from "./marsaglia.js";
import { floatDtype } from "./distributions.js";
import { customJvp } from "../transforms/custom.js";
import { jitArrays } from "../transforms/jit.js";
import { checked } from "../numpy/signature.js";
import { logGammaGrad } from "./gamma_grad.js";

/**
 * log z with its derivative in a: z is drawn with a held constant, and its tangent is the implicit
 * reparameterisation gradient d(log z)/da · da (src/random/gamma_grad.ts).
 */
const withLogGradient = customJvp(
  (_a: NDArray, logz: NDArray) => logz,
  ([a, logz], [da]) => {
    // d(log z) = (∂ log z/∂a)·da, z = F⁻¹(u; a) for the sample's fixed uniform u
    const t = L.isZeroTangent(da as NDArray) ? L.zeroTangent(logz as NDArray) : L.mul(logGammaGrad(a as NDArray, logz as NDArray), da as NDArray);
    return [logz, t];
  },
);

/** z with its derivative in a: dz = z·(∂ log z/∂a)·da, the same implicit gradient as above. */
const withGradient = customJvp(
  (_a: NDArray, z: NDArray) => z,
  ([a, z], [da]) => {
    // dz = z·d(log z) (a zero sample, an underflow, has a zero tangent)
    const t = L.isZeroTangent(da as NDArray) ? L.zeroTangent(z as NDArray) : L.mul(L.mul(z as NDArray, logGammaGrad(a as NDArray, L.log(z as NDArray))), da as NDArray);
    return [z, t];
  },
);

const keyAt = (keys: NDArray, i: number) => L.reshape(L.slice(keys, [i, 0], [i + 1, 2]), [2]);

/** A concentration argument as a float array (numbers take `dtype`, else the default float), checked positive when concrete. */
function concentration(fn: string, name: string, a: number | NDArray, dtype?: FloatDType): NDArray {
  if (typeof a === "number") {
    if (!(a > 0)) throw new RangeError(`random.${fn}: ${name} must be positive, got ${a}`);
    return L.full([], a, dtype ?? getDefaultFloat());
  }
  if (!(a instanceof NDArray) || !isFloat(a.dtype)) throw new TypeError(`random.${fn}: ${name} must be a positive number or a float array, got ${a instanceof NDArray ? a.dtype + fmtShape(a.shape) : typeof a}`);
  return a;
}

export function sampleShape(fn: string, what: string, param: number[], shape: ShapeArg | undefined): number[] {
  if (shape === undefined || shape === null) return param; // (jitArrays passes an explicit undefined as null)
  const s = toShape(fn, shape);
  const off = s.length - param.length;
  if (off < 0 || !param.every((d, i) => d === 1 || d === s[i + off])) throw new RangeError(`random.${fn}: ${what} of shape ${fmtShape(param)} does not broadcast to the sample shape ${fmtShape(s)}`);
  return s;
}

/**
 * log Gamma(α, 1) samples of shape `s` (α broadcast to it) as JAX's `random.loggamma`: one key per
 * element, each element's Marsaglia–Tsang loop on its key (src/random/marsaglia.ts), the α < 1 boost
 * added in log space; differentiable in α by the implicit gradient.
 */
export function logGamma(key: NDArray, alpha: NDArray, s: number[]): NDArray {
  const aFull = L.broadcastTo(alpha, s);
  return withLogGradient(aFull, marsagliaTsang(key, aFull, true)) as NDArray;
}

/** Gamma(α, 1) samples of shape `s` as JAX's `random.gamma` (not exp(logGamma): the boost is U^(1/α), as JAX). */
export function gammaSample(key: NDArray, alpha: NDArray, s: number[]): NDArray {
  const aFull = L.broadcastTo(alpha, s);
  return withGradient(aFull, marsagliaTsang(key, aFull, false)) as NDArray;
}

function gammaImpl(key: NDArray, a: number | NDArray, shape?: ShapeArg, opts: { dtype?: FloatDType } = {}): NDArray {
  checkKey("gamma", key);
  if (opts.dtype !== undefined) floatDtype("gamma", opts.dtype);
  let alpha = concentration("gamma", "a", a, opts.dtype);
  if (opts.dtype) alpha = L.convert(alpha, opts.dtype);
  const s = sampleShape("gamma", "a", alpha.shape, shape);
  return gammaSample(key, alpha, s);
}
/**
 * Gamma(a, 1) samples (shape `shape`, default a's shape; scale by θ for Gamma(a, θ)), for a > 0.
 * JAX's values for the same key, shape and dtype: the key is split into one key per element, and each
 * element runs its own Marsaglia–Tsang rejection loop (`whileLoop`, batched over the elements).
 * Draws are differentiable in `a` by implicit reparameterisation (dz/da = −∂P(a, z)/∂a / p(z; a), as
 * JAX), to first order.
 * @example random.gamma(random.key(0), 2.5, [1000]) // mean ≈ 2.5, variance ≈ 2.5
 * @example config.update({ threefryPartitionable: false }); random.gamma(random.key(1038747260), 0.8, [5]) // [0.824221, 1.724476, 0.502882, 5.386132, 0.685543], as in JAX's tests
 */
export const gamma: typeof gammaImpl = checked(jitArrays(gammaImpl), "random.gamma(key, a, shape?, opts?{dtype})");

function betaImpl(key: NDArray, a: number | NDArray, b: number | NDArray, shape?: ShapeArg, opts: { dtype?: FloatDType } = {}): NDArray {
  checkKey("beta", key);
  if (opts.dtype !== undefined) floatDtype("beta", opts.dtype);
  // numbers take the dtype of the draw (opts.dtype, else float64 if an array is, else the default float)
  const arrayDtypes = [a, b].map((v) => (v instanceof NDArray ? v.dtype : null));
  const dtype = opts.dtype ?? (arrayDtypes.includes("float64") ? "float64" : a instanceof NDArray && isFloat(a.dtype) ? (a.dtype as FloatDType) : getDefaultFloat());
  let aa = concentration("beta", "a", a, dtype), bb = concentration("beta", "b", b, dtype);
  aa = L.convert(aa, dtype);
  bb = L.convert(bb, dtype);
  const ps = broadcastShapes("random.beta", aa.shape, bb.shape);
  const s = sampleShape("beta", "a, b", ps, shape);
  const keys = split(key);
  const la = logGamma(keyAt(keys, 0), aa, s), lb = logGamma(keyAt(keys, 1), bb, s);
  const m = L.max(la, lb); // subtract the max before exponentiating
  const ea = L.exp(L.sub(la, m)), eb = L.exp(L.sub(lb, m));
  return L.div(ea, L.add(ea, eb));
}
/**
 * Beta(a, b) samples in [0, 1]: Gᵃ/(Gᵃ + Gᵇ) for independent gammas, computed from log-gammas so that
 * small a, b do not underflow (as JAX's `random.beta`).
 * @example random.beta(random.key(0), 2, 5, [1000]) // mean ≈ 2/7
 */
export const beta: typeof betaImpl = checked(jitArrays(betaImpl), "random.beta(key, a, b, shape?, opts?{dtype})");

function dirichletImpl(key: NDArray, alpha: NDArray, shape?: ShapeArg, opts: { dtype?: FloatDType } = {}): NDArray {
  checkKey("dirichlet", key);
  let al = concentration("dirichlet", "alpha", alpha);
  if (al.ndim < 1) throw new RangeError(`random.dirichlet: alpha must have at least one dimension, got shape ${fmtShape(al.shape)}`);
  if (opts.dtype) al = L.convert(al, floatDtype("dirichlet", opts.dtype));
  const k = al.shape[al.ndim - 1];
  const batch = sampleShape("dirichlet", "alpha's batch", al.shape.slice(0, -1), shape);
  const lg = logGamma(key, al, [...batch, k]);
  // softmax of the log-gammas along the last axis
  const m = L.broadcastInDim(L.reduceMax(lg, [batch.length]), [...batch, k], batch.map((_, i) => i));
  const e = L.exp(L.sub(lg, m));
  return L.div(e, L.broadcastInDim(L.reduceSum(e, [batch.length]), [...batch, k], batch.map((_, i) => i)));
}
/**
 * Dirichlet(α) samples: normalised gammas along the last axis (α's last dimension is the number of
 * categories; `shape` is the batch shape, default α's leading dimensions), as JAX's `random.dirichlet`.
 * @example random.dirichlet(random.key(0), np.array([1, 2, 3]), [100]) // [100, 3], rows sum to 1
 */
export const dirichlet: typeof dirichletImpl = checked(jitArrays(dirichletImpl), "random.dirichlet(key, alpha, shape?, opts?{dtype})");
