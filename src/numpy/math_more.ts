/** @file More elementwise math (copysign, fmax, sinc, nanToNum, nextafter, …), closeness tests and dtype queries. */
import { NDArray } from "../core/array.js";
import { DType, checkDType, getDefaultFloat, isFloat, promoteTypes } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, promoteAndBroadcast, resultDType, toFloat } from "./core.js";
import { floorDivide, logaddexp, mod } from "./math.js";
import { show } from "./signature.js";

type A = ArrayLike;

/** Operands promoted to one float dtype (ints and bools to the default float) and broadcast. */
function floats(op: string, xs: A[]): NDArray[] {
  const d = resultDType(xs);
  return promoteAndBroadcast(op, xs, isFloat(d) ? d : getDefaultFloat());
}
const bool = (a: NDArray): NDArray<"bool"> => a as NDArray<"bool">;

/**
 * True where the sign bit of x is set: x < 0, and −0.
 * NB: the sign of a NaN is not visible without bit casts, so `signbit(NaN)` is false even for −NaN.
 * @example np.signbit([-1, -0, 0, 2]) // [true, true, false, false]
 */
export function signbit(x: A): NDArray<"bool"> {
  const a = asArray(x);
  if (!isFloat(a.dtype)) return bool(a.dtype === "int32" ? L.lt(a, 0) : L.full(a.shape, 0, "bool"));
  return bool(L.or(L.lt(a, 0), L.and(L.eq(a, 0), L.lt(L.div(1, a), 0))));
}
/**
 * |x| with the sign of y (a float result). d/dx = ±1 (the sign applied), d/dy = 0.
 * @example np.copysign([1, -2], -1) // [-1, -2]
 */
export function copysign(x: A, y: A): NDArray {
  const [a, b] = floats("copysign", [x, y]);
  const mag = L.abs(a);
  return L.select(signbit(b), L.neg(mag), mag);
}
/** True where x is −∞. @example np.isneginf([-Infinity, 0, Infinity]) // [true, false, false] */
export function isneginf(x: A): NDArray<"bool"> {
  const a = asArray(x);
  return bool(isFloat(a.dtype) ? L.eq(a, -Infinity) : L.full(a.shape, 0, "bool"));
}
/** True where x is +∞. @example np.isposinf([-Infinity, 0, Infinity]) // [false, false, true] */
export function isposinf(x: A): NDArray<"bool"> {
  const a = asArray(x);
  return bool(isFloat(a.dtype) ? L.eq(a, Infinity) : L.full(a.shape, 0, "bool"));
}

function nanAware(op: string, x: A, y: A, pick: (a: NDArray, b: NDArray) => NDArray): NDArray {
  const [a, b] = promoteAndBroadcast(op, [x, y]);
  if (!isFloat(a.dtype)) return pick(a, b);
  return L.select(L.ne(a, a), b, L.select(L.ne(b, b), a, pick(a, b)));
}
/** Elementwise maximum ignoring NaNs (NaN only where both are NaN). @example np.fmax([1, NaN], [NaN, NaN]) // [1, NaN] */
export const fmax = (x: A, y: A): NDArray => nanAware("fmax", x, y, L.max);
/** Elementwise minimum ignoring NaNs. @example np.fmin([1, NaN, 3], [2, 0, NaN]) // [1, 0, 3] */
export const fmin = (x: A, y: A): NDArray => nanAware("fmin", x, y, L.min);

/** `[floorDivide(x, y), mod(x, y)]`. @example np.divmod([7, -7], 2) // [[3, -4], [1, 1]] */
export const divmod = (x: A, y: A): [NDArray, NDArray] => [floorDivide(x, y), mod(x, y)];

/**
 * Fractional and integral parts `[x − trunc(x), trunc(x)]`, both with the sign of x (±∞ give ±0 and ±∞).
 * @example np.modf([2.5, -1.25]) // [[0.5, -0.25], [2, -1]]
 */
export function modf(x: A): [NDArray, NDArray] {
  const a = toFloat(x);
  const whole = L.trunc(a);
  const frac = L.select(L.eq(L.abs(a), Infinity), L.mul(L.sign(a), 0), L.sub(a, whole));
  return [frac, whole];
}

/** The largest finite value of a float dtype. */
const maxFinite = (d: DType): number => (d === "float32" ? 3.4028234663852886e38 : Number.MAX_VALUE);

export interface NanToNumOpts {
  /** Replacement for NaN (default 0). */
  nan?: number;
  /** Replacement for +∞ (default: the largest finite value of the dtype). */
  posinf?: number | null;
  /** Replacement for −∞ (default: the most negative finite value). */
  neginf?: number | null;
}
/**
 * NaN → 0 and ±∞ → the largest finite values (or the given replacements); integers pass through.
 * @example np.nanToNum([NaN, Infinity, 1], { posinf: 9 }) // [0, 9, 1]
 */
export function nanToNum(x: A, opts: NanToNumOpts = {}): NDArray {
  for (const k of ["nan", "posinf", "neginf"] as const) {
    const v = opts[k];
    if (v !== undefined && v !== null && typeof v !== "number") throw new TypeError(`nanToNum: ${k} must be a number, got ${show(v)}`);
  }
  const a = asArray(x);
  if (!isFloat(a.dtype)) return a;
  const big = maxFinite(a.dtype);
  const c = (v: number) => L.full(a.shape, v, a.dtype);
  let r = L.select(L.ne(a, a), c(opts.nan ?? 0), a);
  r = L.select(L.eq(a, Infinity), c(opts.posinf ?? big), r);
  return L.select(L.eq(a, -Infinity), c(opts.neginf ?? -big), r);
}

/**
 * The normalized sinc, sin(πx)/(πx), with sinc(0) = 1. Near 0 a Taylor polynomial is used, so every
 * derivative order is right there too (sinc′(0) = 0, sinc″(0) = −π²/3).
 * @example np.sinc([0, 0.5, 1]) // [1, 2/π, 0]
 */
export function sinc(x: A): NDArray {
  const a = toFloat(x);
  const y = L.mul(a, Math.PI);
  const small = L.lt(L.abs(y), 1e-2);
  const safe = L.select(small, L.fullLike(y, 1), y);
  // 1 − y²/6 + y⁴/120 − y⁶/5040: error < 1e-19 for |y| < 0.01
  const y2 = L.mul(y, y);
  const taylor = L.add(1, L.mul(y2, L.add(-1 / 6, L.mul(y2, L.add(1 / 120, L.mul(y2, -1 / 5040))))));
  return L.select(small, taylor, L.div(L.sin(safe), safe));
}

/** log₂(2ˣ + 2ʸ), stable. @example np.logaddexp2(1, 1) // 2 */
export function logaddexp2(x: A, y: A): NDArray {
  const [a, b] = floats("logaddexp2", [x, y]);
  return L.div(logaddexp(L.mul(a, Math.LN2), L.mul(b, Math.LN2)), Math.LN2);
}
/** xʸ computed in floating point (integers are promoted to the default float first). @example np.floatPower(2, -1) // 0.5 */
export function floatPower(x: A, y: A): NDArray {
  const [a, b] = floats("floatPower", [x, y]);
  return L.pow(a, b);
}

/**
 * The next representable float after x in the direction of y (x itself when x = y; NaN if either is NaN).
 * Computed arithmetically from the binary exponent (subnormals included).
 * @example np.nextafter(np.array(1, { dtype: "float64" }), 2) // 1.0000000000000002
 */
export function nextafter(x: A, y: A): NDArray {
  const [a, b] = floats("nextafter", [x, y]);
  const f64 = a.dtype === "float64";
  const mant = f64 ? 52 : 23, tiny = f64 ? 2 ** -1074 : 2 ** -149, minExp = f64 ? -1022 : -126;
  const c = (v: number) => L.full(a.shape, v, a.dtype);
  const ax = L.abs(a);
  const up = L.gt(b, a); // move toward +∞
  const away = L.select(L.ge(a, 0), up, L.not(up)); // |x| grows
  // e = ⌊log₂|x|⌋, corrected by one either way where log2 rounds across a power of two
  const safe = L.select(L.eq(ax, 0), c(1), ax);
  let e = L.floor(L.div(L.log(safe), Math.LN2));
  e = L.select(L.gt(L.exp2(e), safe), L.sub(e, 1), e);
  e = L.select(L.le(L.exp2(L.add(e, 1)), safe), L.add(e, 1), e);
  e = L.max(e, c(minExp));
  // the spacing above |x| is 2^(e−mant); below an exact power of two (not subnormal) it halves
  const pow2 = L.and(L.eq(L.exp2(e), safe), L.gt(e, c(minExp)));
  const spacing = L.exp2(L.sub(L.select(L.and(pow2, L.not(away)), L.sub(e, 1), e), mant));
  const mag = L.select(away, L.add(ax, spacing), L.sub(ax, spacing));
  let r = L.mul(L.select(L.lt(a, 0), c(-1), c(1)), mag);
  r = L.select(L.eq(a, 0), L.select(up, c(tiny), c(-tiny)), r); // ±0 → ±smallest subnormal
  r = L.select(L.eq(ax, Infinity), L.select(away, a, L.mul(L.sign(a), maxFinite(a.dtype))), r);
  r = L.select(L.eq(a, b), b, r);
  return L.select(L.or(L.ne(a, a), L.ne(b, b)), c(NaN), r);
}

// ---- closeness and equality ----

export interface CloseOpts {
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
  /** Absolute tolerance (default 1e-8). */
  atol?: number;
  /** Count two NaNs as equal (default false). */
  equalNan?: boolean;
}
function closeOpts(op: string, o: CloseOpts): Required<CloseOpts> {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = o;
  if (typeof rtol !== "number" || typeof atol !== "number") throw new TypeError(`${op}: rtol and atol must be numbers, got ${show(rtol)} and ${show(atol)}`);
  if (typeof equalNan !== "boolean") throw new TypeError(`${op}: equalNan must be a boolean, got ${show(equalNan)}`);
  return { rtol, atol, equalNan };
}
/**
 * Elementwise |x − y| ≤ atol + rtol·|y| (asymmetric in y, as NumPy); infinities are close only to
 * themselves; NaNs only with `equalNan`.
 * @example np.isclose([1, 1.1], 1, { rtol: 0.01 }) // [true, false]
 */
export function isclose(x: A, y: A, opts: CloseOpts = {}): NDArray<"bool"> {
  const { rtol, atol, equalNan } = closeOpts("isclose", opts);
  const [a, b] = floats("isclose", [x, y]);
  const finite = L.and(L.eq(L.sub(a, a), 0), L.eq(L.sub(b, b), 0));
  let r = L.select(finite, L.le(L.abs(L.sub(a, b)), L.add(atol, L.mul(rtol, L.abs(b)))), L.eq(a, b));
  if (equalNan) r = L.or(r, L.and(L.ne(a, a), L.ne(b, b)));
  return bool(r);
}
/** True (a 0-d bool array) if `isclose` holds everywhere. @example np.allclose([1, 2], [1, 2 + 1e-9]).item() // true */
export function allclose(x: A, y: A, opts: CloseOpts = {}): NDArray<"bool"> {
  const c = isclose(x, y, opts);
  return bool(c.size === 0 ? L.full([], 1, "bool") : L.reduceMin(c, c.shape.map((_, i) => i)));
}
/**
 * True (a 0-d bool array) if x and y have the same shape and elements (NaNs equal with `equalNan`).
 * @example np.arrayEqual([1, 2], [1, 2]).item() // true
 */
export function arrayEqual(x: A, y: A, opts: { equalNan?: boolean } = {}): NDArray<"bool"> {
  const equalNan = opts.equalNan ?? false;
  if (typeof equalNan !== "boolean") throw new TypeError(`arrayEqual: equalNan must be a boolean, got ${show(equalNan)}`);
  const a = asArray(x), b = asArray(y);
  if (a.ndim !== b.ndim || a.shape.some((d, i) => d !== b.shape[i])) return bool(L.full([], 0, "bool"));
  return equalElements(a, b, equalNan);
}
function equalElements(a0: NDArray, b0: NDArray, equalNan: boolean): NDArray<"bool"> {
  const [a, b] = promoteAndBroadcast("arrayEqual", [a0, b0]);
  let e = L.eq(a, b);
  if (equalNan && isFloat(a.dtype)) e = L.or(e, L.and(L.ne(a, a), L.ne(b, b)));
  return bool(e.size === 0 ? L.full([], 1, "bool") : L.reduceMin(e, e.shape.map((_, i) => i)));
}
/** True if x and y broadcast to one shape and are equal elementwise. @example np.arrayEquiv([1, 1], 1).item() // true */
export function arrayEquiv(x: A, y: A): NDArray<"bool"> {
  const a = asArray(x), b = asArray(y);
  const n = Math.max(a.ndim, b.ndim);
  const sa = [...Array(n - a.ndim).fill(1), ...a.shape], sb = [...Array(n - b.ndim).fill(1), ...b.shape];
  if (sa.some((d, i) => d !== sb[i] && d !== 1 && sb[i] !== 1)) return bool(L.full([], 0, "bool"));
  return equalElements(a, b, false);
}

// ---- dtype queries ----

/**
 * True for a JS number or boolean, and (as JAX) for a 0-d array; false for lists and other arrays.
 * NB: NumPy says false for 0-d arrays; JAX says true, and so do we.
 * @example np.isscalar(1.5) // true
 */
export function isscalar(x: unknown): boolean {
  if (typeof x === "number" || typeof x === "boolean") return true;
  return x instanceof NDArray && x.ndim === 0;
}
/**
 * The dtype that the arguments (arrays, JS scalars, dtype names) promote to, as JAX: JS numbers are
 * weakly typed (they take the dtype of the arrays they meet).
 * @example np.resultType(np.array([1], { dtype: "int32" }), 1.5) // "float32"
 */
export function resultType(...args: (A | DType)[]): DType {
  if (args.length === 0) throw new TypeError("resultType: at least one array or dtype is required");
  const dtypes = args.filter((a): a is DType => typeof a === "string").map((d) => checkDType(d, "resultType"));
  const values = args.filter((a): a is A => typeof a !== "string");
  if (values.length === 0) return dtypes.reduce(promoteTypes);
  const strong = dtypes.map((d) => L.full([], 0, d));
  return resultDType([...strong, ...values]);
}

/**
 * The distance from x to the next float away from zero (negative for negative x; NaN for ±∞ and NaN).
 * `spacing(1)` is the machine epsilon of the dtype.
 * @example np.spacing(np.array(1, { dtype: "float64" })) // 2.220446049250313e-16
 */
export function spacing(x: A): NDArray {
  const a = toFloat(x);
  const away = L.select(L.lt(a, 0), L.fullLike(a, -Infinity), L.fullLike(a, Infinity)); // −0 counts as positive, as NumPy
  const r = L.sub(nextafter(a, away), a);
  return L.select(L.eq(L.abs(a), Infinity), L.fullLike(a, NaN), r);
}
/** |x| as a float (integers are promoted to the default float). @example np.fabs([-1, 2]) // [1, 2] */
export const fabs = (x: A): NDArray => L.abs(toFloat(x));
