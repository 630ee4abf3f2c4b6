/** @file Distributions over Threefry bits, with JAX's algorithms: uniform, normal, bernoulli, randint, exponential, gumbel, categorical, permutation, choice, truncatedNormal. */
import { ConcreteArray, NDArray } from "../core/array.js";
import { broadcastShapes, fmtShape, shapeEq } from "../core/aval.js";
import { ComplexDType, DType, FloatDType, getDefaultFloat, isFloat, realDType } from "../core/dtype.js";
import * as L from "../lax/index.js";
import * as np from "../numpy/index.js";
import { erfc } from "../numpy/special_functions.js";
import { ShapeArg, bits32, bits64, checkKey, split, toShape } from "./keys.js";
import { jitArrays } from "../transforms/jit.js";
import { checked, show } from "../numpy/signature.js";
import { topK } from "../numpy/sorting.js";

type FloatOpts = { dtype?: FloatDType };

export function floatDtype(fn: string, d: DType | undefined): FloatDType {
  const dt = d ?? getDefaultFloat();
  if (!isFloat(dt)) throw new TypeError(`random.${fn}: dtype must be float32 or float64, got ${dt}`);
  return dt;
}

/** A number or array as an array of `dtype` (arrays are converted, as JAX's `convert_element_type`). */
function asDtype(v: number | NDArray, dtype: DType): NDArray {
  return typeof v === "number" ? L.full([], v, dtype) : L.convert(v, dtype);
}

/** Check that an operand of shape `s` broadcasts to `shape` without growing it. */
function checkBroadcast(fn: string, what: string, s: number[], shape: number[]): void {
  const off = shape.length - s.length;
  if (off < 0 || !s.every((d, i) => d === 1 || d === shape[i + off])) {
    throw new RangeError(`random.${fn}: ${what} of shape ${fmtShape(s)} does not broadcast to the sample shape ${fmtShape(shape)}`);
  }
}

/** The next float after `x` towards `toward`, in `dtype` (concrete, for constants). */
export function nextafter(x: number, toward: number, dtype: FloatDType): number {
  if (Number.isNaN(x) || Number.isNaN(toward)) return NaN;
  if (x === toward) return x;
  if (dtype === "float64") {
    const f = new Float64Array([x]), u = new BigInt64Array(f.buffer);
    if (x === 0) { f[0] = toward > 0 ? 5e-324 : -5e-324; return f[0]; }
    u[0] += (x < toward) === (x > 0) ? 1n : -1n; // step the bit pattern away from / towards 0
    return f[0];
  }
  const f = new Float32Array([x]), u = new Int32Array(f.buffer);
  if (x === 0) return toward > 0 ? 2 ** -149 : -(2 ** -149);
  u[0] += (x < toward) === (x > 0) ? 1 : -1;
  return f[0];
}

/**
 * Uniform floats in [0, 1) from random bits, as JAX: the top mantissa bits over 1.0's exponent give
 * a float in [1, 2), minus 1 — computed here as (bits >>> 9)·2⁻²³ (float32) or (bits₆₄ >>> 12)·2⁻⁵²
 * (float64), the same values exactly.
 */
function unitInterval(k: NDArray, shape: number[], dtype: FloatDType): NDArray {
  if (dtype === "float32") return L.mul(L.convert(L.shiftRightLogical(bits32(k, shape), 9), "float32"), 2 ** -23);
  const [hi, lo] = bits64(k, shape);
  // (hi·2³² + lo) >>> 12 = hi·2²⁰ + ⌊lo / 2¹²⌋, exact below 2⁵²
  return L.mul(L.add(L.mul(L.convert(hi, "float64"), 2 ** 20), L.convert(L.shiftRightLogical(lo, 12), "float64")), 2 ** -52);
}

function uniformImpl(key: NDArray, shape: ShapeArg = [], opts: FloatOpts & { minval?: number | NDArray; maxval?: number | NDArray } = {}): NDArray {
  checkKey("uniform", key);
  const dtype = floatDtype("uniform", opts.dtype);
  const s = toShape("uniform", shape);
  const lo = asDtype(opts.minval ?? 0, dtype), hi = asDtype(opts.maxval ?? 1, dtype);
  checkBroadcast("uniform", "minval", lo.shape, s);
  checkBroadcast("uniform", "maxval", hi.shape, s);
  const u = unitInterval(key, s, dtype);
  // u·(hi − lo) + lo, then max'ed with lo (rounding could otherwise land below lo)
  return np.maximum(lo, np.add(np.multiply(u, np.subtract(hi, lo)), lo));
}
/**
 * Uniform samples in [minval, maxval) of `shape` (default []), float32 by default; `minval` and
 * `maxval` may be arrays broadcasting to `shape` (and are differentiable: u·(maxval − minval) + minval).
 * Bit-identical to JAX's `random.uniform` for the same key (float32; float64 as JAX with x64).
 * @example random.uniform(random.key(0), [3]) // three floats in [0, 1)
 * @example random.uniform(random.key(1), [2, 2], { minval: -1, maxval: 1, dtype: "float64" })
 */
export const uniform: typeof uniformImpl = checked(jitArrays(uniformImpl), "random.uniform(key, shape?, opts?{dtype,minval,maxval})");

/** Giles' single-precision erfinv polynomial (as XLA's ErfInv for float32), evaluated in x's dtype. */
function erfinvPoly(x: NDArray): NDArray {
  const small = [2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941];
  const large = [-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682];
  const w0 = L.neg(L.log1p(L.neg(L.mul(x, x)))); // w = −log(1 − x²)
  const lt = L.lt(w0, 5);
  const w = L.select(lt, L.sub(w0, 2.5), L.sub(L.sqrt(w0), 3));
  const c = (i: number) => L.select(lt, L.fullLike(x, small[i]), L.fullLike(x, large[i]));
  let p = c(0);
  for (let i = 1; i < small.length; i++) p = L.add(c(i), L.mul(p, w)); // Horner: p = cᵢ + p·w
  // erfinv(±1) = ±∞, as constants: x·∞ would send 0·∞ = NaN back to x in reverse mode
  const inf = L.select(L.gt(x, 0), L.fullLike(x, Infinity), L.fullLike(x, -Infinity));
  return L.select(L.eq(L.abs(x), 1), inf, L.mul(p, x));
}

/**
 * The inverse error function. float32: Giles' polynomial (XLA's algorithm); float64: that guess
 * (relative error ~1e-7; for 1 − |y| < 1e-7, beyond its range, erfc's asymptotic expansion solved by
 * fixed point) refined by one Halley step x ← x − r/(1 + x·r), r = (erf x − y)·(√π/2)·e^(x²)
 * (cubic convergence: error ~1e-21 before rounding), with the residual taken from erfc for |y| ≥ ½ so
 * that it stays accurate near ±1.
 */
export function erfinv(y: NDArray): NDArray {
  if (y.dtype === "float32") return erfinvPoly(y);
  const a = L.abs(y);
  const upper = L.ge(a, 0.5);
  const oneMinusA = L.sub(L.fullLike(a, 1), a); // exact for a ≥ ½ (Sterbenz)
  // beyond Giles' range (1 − a < 1e-7): x² = −log((1 − a)·x√π) + log(1 − 1/(2x²) + 3/(4x⁴)) (erfc's asymptotic series), by fixed point
  const far = L.lt(oneMinusA, 1e-7);
  const t = L.select(far, oneMinusA, L.fullLike(a, 1e-7)); // keeps the unused branch finite
  const logT = L.log(t);
  let g = L.sqrt(L.neg(logT));
  for (let i = 0; i < 3; i++) {
    const inv2 = L.div(L.fullLike(g, 1), L.mul(g, g));
    const series = L.add(L.sub(L.fullLike(g, 1), L.mul(inv2, 0.5)), L.mul(L.mul(inv2, inv2), 0.75));
    g = L.sqrt(L.add(L.sub(L.neg(logT), L.log(L.mul(g, Math.sqrt(Math.PI)))), L.log(series)));
  }
  let x = L.select(far, g, erfinvPoly(a));
  const fin = L.select(L.eq(a, 1), L.zerosLike(x), x); // keep ±∞ out of the step
  const res = L.select(upper, L.sub(oneMinusA, erfc(fin)), L.sub(L.erf(fin), a)); // erf x − a
  const r = L.mul(res, L.mul(L.exp(L.mul(fin, fin)), Math.sqrt(Math.PI) / 2)); // Newton's step
  x = L.select(L.eq(a, 1), x, L.sub(fin, L.div(r, L.add(L.mul(fin, r), 1)))); // Halley: f″/f′ = −2x
  return L.mul(L.sign(y), x);
}

function normalImpl(key: NDArray, shape: ShapeArg = [], opts: { dtype?: FloatDType | ComplexDType } = {}): NDArray {
  checkKey("normal", key);
  // complex (as JAX): re and im from two split keys, each N(0, 1/2), so E|z|² = 1
  if (opts.dtype === "complex64" || opts.dtype === "complex128") {
    const real = realDType(opts.dtype) as FloatDType;
    const [kr, ki] = split(key);
    const part = (k: NDArray) => L.mul(normalImpl(k, shape, { dtype: real }), Math.SQRT1_2);
    return L.complex(part(kr), part(ki));
  }
  const dtype = floatDtype("normal", opts.dtype);
  const u = uniform(key, toShape("normal", shape), { dtype, minval: nextafter(-1, 0, dtype), maxval: 1 });
  return L.mul(erfinv(u), Math.SQRT2);
}
/**
 * Standard normal samples of `shape`: √2·erfinv(u) with u uniform in (−1, 1), as JAX's `random.normal`.
 * NB: float32 follows XLA's erfinv algorithm, so values agree with JAX's to a few ulp (not always
 * bit for bit: the log1p inside may round differently); float64 refines it to full precision.
 * A complex dtype gives real and imaginary parts each N(0, ½) from two keys split off `key`, as JAX.
 * @example random.normal(random.key(0), [2, 3]) // a 2×3 float32 array
 * @example random.normal(random.key(0), [4], { dtype: "complex64" }) // E|z|² = 1
 * @example np.add(2, np.multiply(0.5, random.normal(random.key(0), [100]))) // N(2, 0.5²): reparameterisation
 */
export const normal: typeof normalImpl = checked(jitArrays(normalImpl), "random.normal(key, shape?, opts?{dtype})");

/**
 * Booleans that are true with probability `p` (default 0.5; a number or a float array broadcasting
 * to `shape`, whose shape is the default): uniform(key, shape) < p, as JAX's `random.bernoulli`.
 * @example random.bernoulli(random.key(0), 0.3, [1000]) // bool[1000], about 30% true
 */
export function bernoulli(key: NDArray, p: number | NDArray = 0.5, shape?: ShapeArg): NDArray {
  checkKey("bernoulli", key);
  if (typeof p === "number") {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`random.bernoulli: p must be in [0, 1], got ${p}`);
  } else {
    if (!(p instanceof NDArray) || !isFloat(p.dtype)) throw new TypeError(`random.bernoulli: p must be a number or a float array, got ${p instanceof NDArray ? p.dtype + fmtShape(p.shape) : typeof p}`);
    if (p instanceof ConcreteArray) {
      const bad = Array.from(p.data() as ArrayLike<number>).find((v) => !(v >= 0 && v <= 1));
      if (bad !== undefined) throw new RangeError(`random.bernoulli: p must be in [0, 1], got an element ${bad}`);
    }
  }
  const pa = typeof p === "number" ? L.full([], p, getDefaultFloat()) : p;
  const s = shape === undefined ? pa.shape : toShape("bernoulli", shape);
  checkBroadcast("bernoulli", "p", pa.shape, s);
  return np.less(uniform(key, s, { dtype: pa.dtype as FloatDType }), pa);
}

const INT_RANGE = { int32: [-(2 ** 31), 2 ** 31 - 1], uint32: [0, 2 ** 32 - 1] } as const;

/**
 * Integers uniform in [minval, maxval) of `shape`, int32 by default (or uint32), with JAX's
 * algorithm: two 32-bit draws combined modulo the span, so values equal JAX's `random.randint`.
 * NB: JAX returns minval when maxval ≤ minval; here a concrete empty range is an error.
 * @example random.randint(random.key(0), [5], 0, 10) // five int32 in 0 … 9
 */
export function randint(key: NDArray, shape: ShapeArg, minval: number | NDArray, maxval: number | NDArray, opts: { dtype?: "int32" | "uint32" } = {}): NDArray {
  checkKey("randint", key);
  const dtype = opts.dtype ?? "int32";
  if (dtype !== "int32" && dtype !== "uint32") throw new TypeError(`random.randint: dtype must be int32 or uint32, got ${dtype}`);
  const s = toShape("randint", shape);
  const [dmin, dmax] = INT_RANGE[dtype];
  for (const [name, v] of [["minval", minval], ["maxval", maxval]] as const) {
    if (typeof v === "number" ? !Number.isInteger(v) : !(v instanceof NDArray) || isFloat(v.dtype) || v.dtype === "bool") {
      throw new TypeError(`random.randint: ${name} must be an integer or an integer array, got ${v instanceof NDArray ? v.dtype + fmtShape(v.shape) : v}`);
    }
  }
  if (typeof minval === "number" && typeof maxval === "number" && minval >= maxval) {
    throw new RangeError(`random.randint: minval must be less than maxval, got minval=${minval}, maxval=${maxval}`);
  }
  // clip the bounds into the dtype; a maxval above its top (e.g. 2³² for uint32) widens the span by one
  const maxOut = typeof maxval === "number" && maxval > dmax;
  const lo = asDtype(typeof minval === "number" ? Math.min(Math.max(minval, dmin), dmax) : minval, dtype);
  const hi = asDtype(typeof maxval === "number" ? Math.min(Math.max(maxval, dmin), dmax) : maxval, dtype);
  checkBroadcast("randint", "minval", lo.shape, s);
  checkBroadcast("randint", "maxval", hi.shape, s);
  const keys = split(key);
  const higher = bits32(L.reshape(L.slice(keys, [0, 0], [1, 2]), [2]), s);
  const lower = bits32(L.reshape(L.slice(keys, [1, 0], [2, 2]), [2]), s);
  const loB = L.broadcastTo(lo, s), hiB = L.broadcastTo(hi, s);
  let span = L.convert(L.sub(hiB, loB), "uint32"); // hi − lo wraps mod 2³²: exact as unsigned
  span = L.select(L.le(hiB, loB), L.full(s, 1, "uint32"), span);
  if (maxOut) span = L.select(L.gt(hiB, loB), L.add(span, 1), span);
  // 2³² mod span as (2¹⁶ mod span)² mod span; then (higher·2³² + lower) mod span, with JAX's wrapping products
  let mult = L.rem(65536, span);
  mult = L.rem(L.mul(mult, mult), span);
  let offset = L.rem(L.add(L.mul(L.rem(higher, span), mult), L.rem(lower, span)), span);
  // a span of 2³² wraps to 0: every 32-bit value is in range (XLA's x mod 0 = x makes JAX return `lower`)
  if (maxOut) offset = L.select(L.eq(span, 0), lower, offset);
  return L.add(loB, L.convert(offset, dtype));
}

function exponentialImpl(key: NDArray, shape: ShapeArg = [], opts: FloatOpts = {}): NDArray {
  checkKey("exponential", key);
  const u = uniform(key, toShape("exponential", shape), { dtype: floatDtype("exponential", opts.dtype) });
  return L.neg(L.log1p(L.neg(u))); // −log(1 − u)
}
/**
 * Exponential samples (rate 1) of `shape`: −log(1 − u), as JAX's `random.exponential`.
 * @example np.mean(random.exponential(random.key(0), [10000])) // ≈ 1
 */
export const exponential: typeof exponentialImpl = checked(jitArrays(exponentialImpl), "random.exponential(key, shape?, opts?{dtype})");

function gumbelImpl(key: NDArray, shape: ShapeArg = [], opts: FloatOpts = {}): NDArray {
  checkKey("gumbel", key);
  const dtype = floatDtype("gumbel", opts.dtype);
  const tiny = dtype === "float32" ? 2 ** -126 : 2 ** -1022;
  const u = uniform(key, toShape("gumbel", shape), { dtype, minval: tiny, maxval: 1 });
  return L.neg(L.log(L.neg(L.log(u))));
}
/**
 * Standard Gumbel samples of `shape`: −log(−log u) with u uniform in [tiny, 1), as JAX's `random.gumbel`.
 * @example random.gumbel(random.key(0), [3])
 */
export const gumbel: typeof gumbelImpl = checked(jitArrays(gumbelImpl), "random.gumbel(key, shape?, opts?{dtype})");

/**
 * Indices (int32) drawn from the categorical distributions softmax(logits) along `axis` (default −1),
 * as JAX's `random.categorical`. `shape` (default: logits' batch shape, i.e. its shape without `axis`)
 * must be a shape the batch shape broadcasts to; its leading dimensions draw more samples. With
 * replacement (the default): the Gumbel-max trick, argmax(logits + gumbel) per sample. With
 * `replace: false`: Gumbel top-k, one perturbation of the logits and its k largest along `axis`, so the
 * k = prod(leading dimensions) samples of each batch element are distinct categories (then `shape`
 * must end with the batch shape exactly, and k may not exceed the number of categories).
 * @example random.categorical(random.key(0), np.log(np.array([0.2, 0.8])), { shape: [100] }) // int32[100], mostly 1
 * @example random.categorical(random.key(0), np.zeros([5]), { shape: [5], replace: false }) // a permutation of 0 … 4
 */
export function categorical(key: NDArray, logits: NDArray | number[], opts: { axis?: number; shape?: ShapeArg; replace?: boolean } = {}): NDArray {
  checkKey("categorical", key);
  const lg = logits instanceof NDArray ? logits : np.asArray(logits);
  if (!isFloat(lg.dtype)) throw new TypeError(`random.categorical: logits must be a float array, got ${lg.dtype}`);
  if (lg.ndim === 0) throw new RangeError("random.categorical: logits must have at least one dimension, got shape []");
  const replace = opts.replace ?? true;
  if (typeof replace !== "boolean") throw new TypeError(`random.categorical: replace must be a boolean, got ${show(replace)}`);
  let axis = opts.axis ?? -1;
  if (!Number.isInteger(axis) || axis < -lg.ndim || axis >= lg.ndim) throw new RangeError(`random.categorical: axis ${axis} is out of range for logits of shape ${fmtShape(lg.shape)}`);
  if (axis >= 0) axis -= lg.ndim; // count from the end, so leading sample dims do not move it
  const ax = axis + lg.ndim;
  const n = lg.shape[ax];
  const batch = lg.shape.filter((_, i) => i !== ax);
  const s = opts.shape === undefined ? batch : toShape("categorical", opts.shape);
  const tail = s.slice(Math.max(0, s.length - batch.length));
  if (s.length < batch.length || !batch.every((d, i) => d === tail[i] || d === 1)) {
    throw new RangeError(`random.categorical: shape ${fmtShape(s)} is not compatible with the batch shape ${fmtShape(batch)} of logits ${fmtShape(lg.shape)} (axis ${axis}): the batch shape must broadcast to shape's trailing dimensions`);
  }
  const prefix = s.slice(0, s.length - batch.length);
  const dtype = lg.dtype as FloatDType;
  if (replace) {
    // the logits broadcast to [...prefix, ...shape's tail with the category axis put back]
    const full = [...prefix, ...tail.slice(0, ax), n, ...tail.slice(ax)];
    const g = gumbel(key, full, { dtype });
    return np.argmax(np.add(g, L.broadcastTo(lg, full)), axis);
  }
  if (!shapeEq(tail, batch)) {
    throw new RangeError(`random.categorical: with replace: false, shape ${fmtShape(s)} must end with the batch shape ${fmtShape(batch)} of logits ${fmtShape(lg.shape)} exactly`);
  }
  const k = prefix.reduce((a, b) => a * b, 1);
  if (k > n) throw new RangeError(`random.categorical: cannot draw ${k} samples (shape ${fmtShape(s)}) without replacement from ${n} categories`);
  // Gumbel top-k: the k largest of logits + gumbel are k draws without replacement
  const perturbed = np.moveaxis(np.add(lg, gumbel(key, lg.shape, { dtype })), ax, -1); // [...batch, n]
  const [, idx] = topK(perturbed, k); // [...batch, k]
  const front = L.transpose(idx, [batch.length, ...batch.map((_, i) => i)]); // [k, ...batch]
  return L.reshape(front, s);
}

/** JAX's `_shuffle`: ⌈3·ln n / ln(2³²−1)⌉ rounds of a stable sort by fresh random 32-bit keys. */
function shuffle(key: NDArray, x: NDArray): NDArray {
  const n = x.shape[0];
  const rounds = Math.ceil((3 * Math.log(Math.max(1, n))) / Math.log(2 ** 32 - 1));
  let k = key;
  for (let i = 0; i < rounds; i++) {
    const ks = split(k);
    k = L.reshape(L.slice(ks, [0, 0], [1, 2]), [2]);
    const sub = L.reshape(L.slice(ks, [1, 0], [2, 2]), [2]);
    x = np.take(x, np.argsort(bits32(sub, [n])), 0);
  }
  return x;
}

/** JAX's `_shuffle` of every 1-d slice along `axis` independently: rounds of sorting by random keys of x's shape. */
function shuffleAlong(key: NDArray, x: NDArray, axis: number): NDArray {
  const rounds = Math.ceil((3 * Math.log(Math.max(1, x.size))) / Math.log(2 ** 32 - 1));
  let k = key;
  for (let i = 0; i < rounds; i++) {
    const ks = split(k);
    k = L.reshape(L.slice(ks, [0, 0], [1, 2]), [2]);
    const sub = L.reshape(L.slice(ks, [1, 0], [2, 2]), [2]);
    x = np.takeAlongAxis(x, np.argsort(bits32(sub, x.shape), axis), axis);
  }
  return x;
}

/**
 * A random permutation: of 0 … n−1 (int32) for a number `n`, or of `x`'s slices along `axis`
 * (default 0), as JAX's `random.permutation` (a few rounds of sorting by random keys). With
 * `independent: true`, each 1-d slice along `axis` is permuted on its own.
 * @example random.permutation(random.key(0), 5) // e.g. [3, 0, 4, 1, 2]
 * @example random.permutation(random.key(0), np.arange(6).reshape([3, 2])) // rows shuffled
 * @example random.permutation(random.key(0), np.arange(6).reshape([2, 3]), { axis: 1, independent: true }) // each row shuffled differently
 */
export function permutation(key: NDArray, xOrN: number | NDArray, opts: { axis?: number; independent?: boolean } = {}): NDArray {
  checkKey("permutation", key);
  if (typeof xOrN === "number") {
    if (!Number.isInteger(xOrN) || xOrN < 0) throw new RangeError(`random.permutation: n must be a non-negative integer, got ${xOrN}`);
    return shuffle(key, np.arange(xOrN, undefined, 1, { dtype: "int32" }));
  }
  if (!(xOrN instanceof NDArray) || xOrN.ndim === 0) throw new RangeError(`random.permutation: x must be an integer or an array of at least one dimension, got ${xOrN instanceof NDArray ? "shape []" : typeof xOrN}`);
  const axis = opts.axis ?? 0;
  if (!Number.isInteger(axis) || axis < -xOrN.ndim || axis >= xOrN.ndim) throw new RangeError(`random.permutation: axis ${axis} is out of range for shape ${fmtShape(xOrN.shape)}`);
  const ax = axis < 0 ? axis + xOrN.ndim : axis;
  const independent = opts.independent ?? false;
  if (typeof independent !== "boolean") throw new TypeError(`random.permutation: independent must be a boolean, got ${show(independent)}`);
  if (independent && xOrN.ndim > 1) return shuffleAlong(key, xOrN, ax);
  const ind = shuffle(key, np.arange(xOrN.shape[ax], undefined, 1, { dtype: "int32" }));
  return np.take(xOrN, ind, ax);
}

/**
 * Samples of `shape` from `a` (a number n means 0 … n−1; an array is sampled along `axis`), with
 * replacement by default, uniformly or with probabilities `p` (a 1-d float array), as JAX's
 * `random.choice`: with `p`, inverse-CDF sampling with replacement and Gumbel top-k without.
 * @example random.choice(random.key(0), 5, [3], { replace: false }) // three distinct of 0 … 4
 * @example random.choice(random.key(0), np.array([10, 20, 30]), [4], { p: np.array([0.1, 0.1, 0.8]) })
 */
export function choice(key: NDArray, a: number | NDArray, shape: ShapeArg = [], opts: { replace?: boolean; p?: NDArray; axis?: number } = {}): NDArray {
  checkKey("choice", key);
  const s = toShape("choice", shape);
  const replace = opts.replace ?? true;
  const arr = typeof a === "number" ? null : a;
  if (arr && (!(arr instanceof NDArray) || arr.ndim === 0)) throw new RangeError(`random.choice: a must be an integer or an array of at least one dimension, got ${arr instanceof NDArray ? "shape []" : typeof arr}`);
  const axis0 = opts.axis ?? 0;
  if (arr && (!Number.isInteger(axis0) || axis0 < -arr.ndim || axis0 >= arr.ndim)) throw new RangeError(`random.choice: axis ${axis0} is out of range for shape ${fmtShape(arr.shape)}`);
  const axis = arr && axis0 < 0 ? axis0 + arr.ndim : axis0;
  const n = arr ? arr.shape[axis] : (a as number);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`random.choice: a must be a non-negative integer, got ${a}`);
  const draws = s.reduce((x, y) => x * y, 1);
  if (draws > 0 && n === 0) throw new RangeError("random.choice: a must be non-empty to draw from it");
  if (!replace && draws > n) throw new RangeError(`random.choice: cannot take ${draws} samples (shape ${fmtShape(s)}) from ${n} without replacement`);
  let ind: NDArray;
  const p = opts.p;
  if (p === undefined) {
    if (replace) ind = draws === 0 ? L.full(s, 0, "int32") : randint(key, s, 0, n);
    else ind = L.reshape(L.slice(permutation(key, n), [0], [draws]), s);
  } else {
    if (!(p instanceof NDArray) || !isFloat(p.dtype) || p.ndim !== 1 || p.shape[0] !== n) {
      throw new RangeError(`random.choice: p must be a 1-d float array of length ${n}, got ${p instanceof NDArray ? p.dtype + fmtShape(p.shape) : typeof p}`);
    }
    const dtype = p.dtype as FloatDType;
    if (replace) {
      const cdf = np.cumsum(p);
      const total = L.reshape(L.slice(cdf, [n - 1], [n]), []);
      // r = total·(1 − u) ∈ (0, total]; the index is the number of cdf entries below r (searchsorted, left)
      const r = L.mul(L.broadcastInDim(total, s, []), L.sub(L.full(s, 1, dtype), uniform(key, s, { dtype })));
      const below = np.less(L.broadcastInDim(cdf, [...s, n], [s.length]), L.broadcastInDim(r, [...s, n], s.map((_, i) => i)));
      ind = np.sum(L.convert(below, "int32"), { axis: -1 });
    } else {
      // Gumbel top-k: the k largest of log p + gumbel are a sample without replacement
      const g = np.add(gumbel(key, [n], { dtype }), np.log(p));
      ind = L.reshape(L.slice(np.argsort(L.neg(g)), [0], [draws]), s);
    }
  }
  return arr ? np.take(arr, ind, axis) : ind;
}

function truncatedNormalImpl(key: NDArray, lower: number | NDArray, upper: number | NDArray, shape?: ShapeArg, opts: FloatOpts = {}): NDArray {
  checkKey("truncatedNormal", key);
  if (typeof lower === "number" && typeof upper === "number") {
    const dtype = floatDtype("truncatedNormal", opts.dtype);
    if (!(lower < upper)) throw new RangeError(`random.truncatedNormal: expected lower < upper, got lower=${lower}, upper=${upper}`);
    const s = toShape("truncatedNormal", shape ?? []);
    const sqrt2 = L.full([], Math.SQRT2, dtype);
    const a = L.erf(L.div(L.full([], lower, dtype), sqrt2)), b = L.erf(L.div(L.full([], upper, dtype), sqrt2));
    const u = uniform(key, s, { dtype, minval: a, maxval: b });
    const out = L.mul(erfinv(u), Math.SQRT2);
    return np.clip(out, nextafter(lower, Infinity, dtype), nextafter(upper, -Infinity, dtype));
  }
  for (const [name, v] of [["lower", lower], ["upper", upper]] as const) {
    if (typeof v !== "number" && (!(v instanceof NDArray) || v.dtype === "bool")) {
      throw new TypeError(`random.truncatedNormal: ${name} must be a number or a numeric array, got ${v instanceof NDArray ? v.dtype + fmtShape(v.shape) : show(v)}`);
    }
  }
  const wide = [lower, upper].some((v) => v instanceof NDArray && v.dtype === "float64");
  const dtype = floatDtype("truncatedNormal", opts.dtype ?? (wide ? "float64" : getDefaultFloat()));
  const lo = asDtype(lower, dtype), hi = asDtype(upper, dtype);
  const s = shape === undefined || shape === null ? broadcastShapes("random.truncatedNormal", lo.shape, hi.shape) : toShape("truncatedNormal", shape);
  checkBroadcast("truncatedNormal", "lower", lo.shape, s);
  checkBroadcast("truncatedNormal", "upper", hi.shape, s);
  const [loB, hiB] = [L.broadcastTo(lo, s), L.broadcastTo(hi, s)];
  const u = uniform(key, s, { dtype, minval: L.erf(L.div(loB, Math.SQRT2)), maxval: L.erf(L.div(hiB, Math.SQRT2)) });
  const out = L.mul(erfinv(u), Math.SQRT2);
  // into the open interval: a step of ≥ 1 ulp (≤ 2) inside each bound, as the bounds are arrays here
  const eps = dtype === "float32" ? 2 ** -23 : 2 ** -52, tiny = dtype === "float32" ? 2 ** -149 : 5e-324;
  const ulp = (v: NDArray) => L.max(L.mul(L.abs(v), eps), L.fullLike(v, tiny));
  const [loS, hiS] = [L.stopGradient(loB), L.stopGradient(hiB)];
  return np.clip(out, L.add(loS, ulp(loS)), L.sub(hiS, ulp(hiS)));
}
/**
 * Normal samples truncated to [lower, upper] (numbers or arrays; `shape` defaults to their broadcast
 * shape): √2·erfinv(u) with u uniform in [erf(lower/√2), erf(upper/√2)), clipped into the open
 * interval, as JAX's `random.truncatedNormal`. Differentiable in array bounds (through u).
 * NB: with number bounds the clip is to the adjacent floats, as JAX; with array bounds, to within 2 ulps.
 * @example random.truncatedNormal(random.key(0), -1, 1, [5]) // five values in (−1, 1)
 * @example random.truncatedNormal(random.key(0), np.array([-1, 0]), np.array([0, 3])) // one per interval
 */
export const truncatedNormal: typeof truncatedNormalImpl = checked(jitArrays(truncatedNormalImpl), "random.truncatedNormal(key, lower, upper, shape?, opts?{dtype})");
