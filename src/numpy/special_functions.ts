/**
 * @file Special functions (jax.scipy.special semantics): logsumexp, erf, erfc, xlogy, xlog1py, expit,
 * logit, gammaln. All are composites of primitives: their derivatives and batching come for free, so
 * each one is written so that its *derivative* is also safe (no NaN from a branch `where` discards).
 */
import { normAxes } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { FloatDType, getDefaultFloat, isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, promoteAndBroadcast, toFloat } from "./core.js";
import { show } from "./signature.js";

/** Promote and broadcast two operands to one float dtype. */
function floatPair(op: string, x: ArrayLike, y: ArrayLike): [NDArray, NDArray] {
  const [a, b] = promoteAndBroadcast(op, [x, y]);
  if (isFloat(a.dtype)) return [a, b];
  const d: FloatDType = getDefaultFloat();
  return [L.convert(a, d), L.convert(b, d)];
}

export interface LogsumexpOpts {
  /** Axes to reduce (all by default). */
  axis?: number | number[] | null;
  /** Keep reduced axes as size 1. */
  keepdims?: boolean;
  /** Weights: computes log Σ b·eˣ (broadcast against x). */
  b?: ArrayLike;
}

/** The shift logsumexp subtracts: the max, with ±∞/NaN maxima replaced by 0, under stopGradient. */
function safeMax(x: NDArray, axes: number[]): NDArray {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const m = L.reshape(L.reduceMax(x, axes), kept);
  const finite = L.eq(L.sub(m, m), 0);
  return L.stopGradient(L.broadcastTo(L.select(finite, m, L.zerosLike(m)), x.shape));
}

/** log |Σ b·eˣ|, the sum's sign, and the shape with the reduced axes kept as 1. */
/** The options, given as `{ axis, keepdims, b }` or as the axis alone (as JAX's positional `axis`). */
export type LogsumexpArg = LogsumexpOpts | number | number[] | null;

function logsumexpParts(x: ArrayLike, arg: LogsumexpArg): [NDArray, NDArray, number[]] {
  const opts: LogsumexpOpts = arg === null || typeof arg === "number" || Array.isArray(arg) ? { axis: arg } : arg;
  if (typeof opts !== "object") throw new TypeError(`logsumexp: expected an axis or options { axis, keepdims, b }, got ${show(opts)}`);
  let a: NDArray, w: NDArray | null = null;
  if (opts.b === undefined) a = toFloat(x);
  else {
    [a, w] = floatPair("logsumexp", x, opts.b);
    a = L.select(L.ne(w, 0), a, L.fullLike(a, -Infinity)); // zero weights drop out, even next to a huge x
  }
  const axes = normAxes(opts.axis, a.ndim, "logsumexp");
  const m = safeMax(a, axes);
  let e = L.exp(L.sub(a, m));
  if (w) e = L.mul(e, w);
  const s = L.reduceSum(e, axes);
  const mOut = L.reduceMax(m, axes); // m is constant along the reduced axes
  return [L.add(L.log(L.abs(s)), mOut), L.sign(s), a.shape.map((d, i) => (axes.includes(i) ? 1 : d))];
}

/**
 * log Σ exp(x) over `axis`, computed stably (the max is subtracted first, under stopGradient, so the
 * gradient is exactly softmax). Rows of −∞ give −∞. With weights `b`: log Σ b·eˣ (NaN if the sum is
 * negative; see `logsumexpWithSign`).
 * @example special.logsumexp([0, 0]) // log 2
 */
export function logsumexp(x: ArrayLike, arg: LogsumexpArg = {}): NDArray {
  const [lse, sign, kept] = logsumexpParts(x, arg);
  const opts = arg !== null && typeof arg === "object" && !Array.isArray(arg) ? arg : {};
  const out = opts.b === undefined ? lse : L.select(L.lt(sign, 0), L.fullLike(lse, NaN), lse);
  return opts.keepdims ? L.reshape(out, kept) : out;
}

/**
 * `[log |Σ b·eˣ|, sign(Σ b·eˣ)]` (JAX's `return_sign=True`).
 * @example special.logsumexpWithSign([0, 0], { b: [1, -2] }) // [0, -1]
 */
export function logsumexpWithSign(x: ArrayLike, arg: LogsumexpArg = {}): [NDArray, NDArray] {
  const [lse, sign, kept] = logsumexpParts(x, arg);
  return arg !== null && typeof arg === "object" && !Array.isArray(arg) && arg.keepdims ? [L.reshape(lse, kept), L.reshape(sign, kept)] : [lse, sign];
}

/**
 * The error function 2/√π ∫₀ˣ e^(−t²) dt.
 * @example special.erf(0) // 0
 */
export function erf(x: ArrayLike): NDArray {
  return L.erf(toFloat(x));
}

/** Terms of the continued fraction erfc uses for |x| ≥ 2 (relative error < 1e-15 there). */
const ERFC_CF_TERMS = 60;
const ERFC_SWITCH = 2;
/** erfc(x) < 1e-340 for x ≥ 28: 0 in float64. */
const ERFC_ZERO = 28;

/**
 * The complementary error function 1 − erf(x), accurate in the tail (erfc(10) ≈ 2.1e-45 is not 0).
 * For |x| < 2 it is 1 − erf(x); beyond, Laplace's continued fraction
 * erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated bottom-up in float64.
 * NB: a composite of ~120 elementwise ops; a primitive (like log1p) would be cheaper if it matters.
 * @example special.erfc(0) // 1
 */
export function erfc(x: ArrayLike): NDArray {
  const a = toFloat(x);
  const x64 = L.convert(a, "float64");
  const ax = L.abs(x64);
  const tail = L.ge(ax, ERFC_SWITCH);
  // the unused branch sees 2 (finite value and gradient); beyond ERFC_ZERO erfc is 0 (or 2) in float64, so
  // |x| is held there: the value is unchanged and the derivative −2/√π·e^(−x²) = 0, not inf·0 = NaN at ±inf
  const xs = L.select(tail, L.select(L.gt(ax, ERFC_ZERO), L.fullLike(ax, ERFC_ZERO), ax), L.fullLike(ax, ERFC_SWITCH));
  let t = xs;
  for (let n = ERFC_CF_TERMS; n >= 1; n--) t = L.add(xs, L.div(L.fullLike(xs, n / 2), t));
  const cf = L.div(L.exp(L.neg(L.mul(xs, xs))), L.mul(t, Math.sqrt(Math.PI)));
  const tailValue = L.select(L.lt(x64, 0), L.sub(L.fullLike(cf, 2), cf), cf);
  const out = L.select(tail, tailValue, L.sub(L.fullLike(x64, 1), L.erf(x64)));
  return L.convert(out, a.dtype);
}

/**
 * x · log(y), defined as 0 where x = 0 (whatever y is).
 * NB: at x = 0 the gradient is finite: ∂/∂y = 0 and ∂/∂x = log y for y in (0, ∞), else 0 (JAX gives
 * log y, i.e. −∞ at y = 0 and NaN for y < 0).
 * @example special.xlogy(0, 0) // 0
 */
export function xlogy(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = floatPair("xlogy", x, y);
  // where x = 0 and log y is not finite, use y = 1: then x·log y = 0 with finite derivatives
  const bad = L.and(L.eq(a, 0), L.not(L.and(L.gt(b, 0), L.lt(b, Infinity))));
  return L.mul(a, L.log(L.select(bad, L.fullLike(b, 1), b)));
}

/**
 * x · log(1 + y), defined as 0 where x = 0 (gradients finite there, as for `xlogy`).
 * @example special.xlog1py(0, -1) // 0
 */
export function xlog1py(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = floatPair("xlog1py", x, y);
  const bad = L.and(L.eq(a, 0), L.not(L.and(L.gt(b, -1), L.lt(b, Infinity))));
  return L.mul(a, L.log1p(L.select(bad, L.zerosLike(b), b)));
}

/**
 * The logistic sigmoid 1 / (1 + e^(−x)), stable for large |x| in value and gradient.
 * @example special.expit(0) // 0.5
 */
export function expit(x: ArrayLike): NDArray {
  const a = toFloat(x);
  const pos = L.ge(a, 0);
  // z = e^(−|x|) ≤ 1 never overflows; −|x| is written with select so its derivative at 0 is −1, not 0
  const z = L.exp(L.select(pos, L.neg(a), a));
  const r = L.div(L.fullLike(z, 1), L.add(z, 1));
  return L.select(pos, r, L.mul(z, r));
}

/**
 * The inverse of expit: log(p / (1 − p)).
 * @example special.logit(0.5) // 0
 */
export function logit(p: ArrayLike): NDArray {
  const a = toFloat(p);
  return L.sub(L.log(a), L.log1p(L.neg(a)));
}

/** Stirling's series for ln Γ(z) with z ≥ 15: (z − ½) ln z − z + ½ ln 2π + Σ B₂ₖ / (2k(2k−1) z^(2k−1)). */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156];
const GAMMALN_SHIFT = 15;
/** Below this |x − round x| the reflection's log sin(πx) uses its series (next term (πx)⁴/180 < 1e-20). */
const GAMMALN_TINY = 1e-5;

function lgammaStirling(z: NDArray): NDArray {
  const inv = L.div(L.fullLike(z, 1), z);
  const inv2 = L.mul(inv, inv);
  let series = L.fullLike(z, STIRLING[STIRLING.length - 1]);
  for (let k = STIRLING.length - 2; k >= 0; k--) series = L.add(L.mul(series, inv2), STIRLING[k]);
  const main = L.sub(L.mul(L.sub(z, 0.5), L.log(z)), z);
  return L.add(L.add(main, 0.5 * Math.log(2 * Math.PI)), L.mul(series, inv));
}

/** ln Γ(w) for w ≥ 0.5: shift small w up by 15 with Γ(w) = Γ(w + 15) / (w (w+1) … (w+14)). */
function lgammaPositive(w: NDArray): NDArray {
  const small = L.lt(w, GAMMALN_SHIFT);
  const ws = L.select(small, w, L.fullLike(w, 1));
  let p = ws;
  for (let k = 1; k < GAMMALN_SHIFT; k++) p = L.mul(p, L.add(ws, k));
  const z = L.select(small, L.add(w, GAMMALN_SHIFT), w);
  const zs = L.select(L.eq(z, Infinity), L.fullLike(z, 1e300), z); // Stirling at +∞ would be ∞ − ∞
  const lg = L.sub(lgammaStirling(zs), L.select(small, L.log(p), L.zerosLike(p)));
  return L.select(L.eq(z, Infinity), z, lg);
}

/**
 * ln |Γ(x)| (scipy's gammaln); +∞ at the poles x = 0, −1, −2, …. Stirling's series after a shift for
 * x ≥ ½, the reflection Γ(x)Γ(1−x) = π / sin(πx) below; absolute error ≈ 1e-14. float32 inputs are
 * computed in float64 (the shift loses ~5 bits to cancellation) and rounded back.
 * @example special.gammaln(5) // log 24
 */
export function gammaln(x: ArrayLike): NDArray {
  const x0 = toFloat(x);
  const a = L.convert(x0, "float64");
  const refl = L.lt(a, 0.5);
  const w = L.select(refl, L.sub(L.fullLike(a, 1), a), a);
  const lgW = lgammaPositive(w);
  // |sin(πx)| = |sin(π (x − round x))|: exact argument reduction keeps precision for large negative x
  const xr = L.select(refl, a, L.fullLike(a, 0.25));
  const d = L.sub(xr, L.round(xr)), ad = L.abs(d);
  const pole = L.and(refl, L.eq(ad, 0));
  // log|sin(πd)|: for tiny |d| as log π + log|d| − (πd)²/6, since π·d would lose digits as a subnormal
  // (gammaln(5e-324) = 744.44, not 744.49); the branch not taken sees safe inputs
  const tiny = L.lt(ad, GAMMALN_TINY), one = L.fullLike(ad, 1);
  const adTiny = L.select(L.and(tiny, L.not(pole)), ad, one);
  const logSinTiny = L.sub(L.add(L.log(adTiny), Math.log(Math.PI)), L.mul(L.square(L.mul(adTiny, Math.PI)), 1 / 6));
  const logSin = L.select(tiny, logSinTiny, L.log(L.abs(L.sin(L.mul(L.select(tiny, one, d), Math.PI)))));
  const reflected = L.sub(L.sub(L.fullLike(a, Math.log(Math.PI)), logSin), lgW);
  return L.convert(L.select(pole, L.fullLike(a, Infinity), L.select(refl, reflected, lgW)), x0.dtype);
}
