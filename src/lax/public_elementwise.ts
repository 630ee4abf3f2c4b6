/**
 * @file The public `lax` elementwise functions (jax.lax): one primitive each, or a cheap composite,
 * on operands of one shape and dtype (src/lax/strict.ts); registered in src/public/lax.ts.
 */
import { NDArray } from "../core/array.js";
import { DType, checkDType, isFloat } from "../core/dtype.js";
import { view } from "../primitives/bitcast.js";
import { erfc as erfcImpl, expit, gammaln } from "../numpy/special_functions.js";
import { erfinv } from "../random/distributions.js";
import { show } from "../numpy/signature.js";
import * as L from "./index.js";
import { LaxOperand, laxArray, laxOperands } from "./strict.js";

type X = LaxOperand;
const un = (fn: string, f: (x: NDArray) => NDArray) => (x: X): NDArray => f(laxArray(fn, "x", x));
const bin = (fn: string, f: (x: NDArray, y: NDArray) => NDArray) => (x: X, y: X): NDArray => {
  const [a, b] = laxOperands(fn, ["x", "y"], [x, y]);
  return f(a, b);
};
/** `x` as an array of a float dtype, or a TypeError naming `lax.fn`. */
function floatArg(fn: string, x: X): NDArray {
  const a = laxArray(fn, "x", x);
  if (!isFloat(a.dtype)) throw new TypeError(`lax.${fn}: expected a float dtype, got ${a.dtype} (lax does not promote: convert with lax.convertElementType)`);
  return a;
}

// ---- arithmetic ----
/** x + y, elementwise. @example lax.add(np.array([1, 2]), np.array([3, 4])) // [4, 6] */
export const add = bin("add", L.add);
/** x − y. @example lax.sub(np.array([5]), 2) // [3] */
export const sub = bin("sub", L.sub);
/** x · y. @example lax.mul(np.array([2, 3]), np.array([4, 5])) // [8, 15] */
export const mul = bin("mul", L.mul);
/** x / y; integer division rounds toward zero (as C, XLA). @example lax.div(np.array([7, -7], { dtype: "int32" }), 2) // [3, -3] */
export const div = bin("div", L.div);
/** Remainder with the sign of x (C's fmod; NB: np.mod takes y's sign). @example lax.rem(np.array([-7]), 3) // [-1] */
export const rem = bin("rem", L.rem);
/** xʸ. @example lax.pow(np.array([2]), np.array([10])) // [1024] */
export const pow = bin("pow", L.pow);
/** Elementwise maximum (NaN if either is NaN). @example lax.max(np.array([1, 5]), np.array([3, 2])) // [3, 5] */
export const max = bin("max", L.max);
/** Elementwise minimum. @example lax.min(np.array([1, 5]), np.array([3, 2])) // [1, 2] */
export const min = bin("min", L.min);
/** atan(x/y) in the right quadrant (lax's argument order: y is the first operand). @example lax.atan2(np.array([1]), np.array([1])) // [π/4] */
export const atan2 = bin("atan2", L.atan2);
/** −x. @example lax.neg(np.array([1, -2])) // [-1, 2] */
export const neg = un("neg", L.neg);
/** −1, 0 or 1 by the sign of x. @example lax.sign(np.array([-3, 0, 2])) // [-1, 0, 1] */
export const sign = un("sign", L.sign);
/** |x|. @example lax.abs(np.array([-1.5])) // [1.5] */
export const abs = un("abs", L.abs);
/** ⌊x⌋. @example lax.floor(np.array([1.5, -1.5])) // [1, -2] */
export const floor = un("floor", L.floor);
/** ⌈x⌉. @example lax.ceil(np.array([1.5, -1.5])) // [2, -1] */
export const ceil = un("ceil", L.ceil);
/**
 * Round to an integer: `roundingMethod` 0 / "awayFromZero" (the default, as jax.lax.round) or
 * 1 / "toNearestEven" (as np.round).
 * @example lax.round(np.array([0.5, 1.5, -2.5])) // [1, 2, -3]
 * @example lax.round(np.array([0.5, 1.5, -2.5]), "toNearestEven") // [0, 2, -2]
 */
export function round(x: X, roundingMethod: 0 | 1 | "awayFromZero" | "toNearestEven" = 0): NDArray {
  const a = floatArg("round", x);
  if (roundingMethod === 1 || roundingMethod === "toNearestEven") return L.round(a);
  if (roundingMethod !== 0 && roundingMethod !== "awayFromZero") {
    throw new TypeError(`lax.round: roundingMethod must be 0 / "awayFromZero" or 1 / "toNearestEven", got ${show(roundingMethod)}`);
  }
  // x − trunc(x) is exact, so the half-way test is too; every branch has a zero derivative
  const t = L.trunc(a);
  return L.select(L.ge(L.abs(L.sub(a, t)), L.fullLike(a, 0.5)), L.add(t, L.sign(a)), t);
}
/** True where x is neither ±∞ nor NaN. @example lax.isFinite(np.array([1, Infinity, NaN])) // [true, false, false] */
export function isFinite(x: X): NDArray {
  const a = floatArg("isFinite", x);
  return L.lt(L.abs(a), L.fullLike(a, Infinity));
}
/** x², as x·x. @example lax.square(np.array([3])) // [9] */
export const square = un("square", L.square);
/** 1/x. @example lax.reciprocal(np.array([4])) // [0.25] */
export const reciprocal = (x: X): NDArray => {
  const a = floatArg("reciprocal", x);
  return L.div(L.fullLike(a, 1), a);
};
/**
 * xⁿ for an integer n, by repeated squaring (n < 0 gives 1/x⁻ⁿ; n = 0 gives 1, also at x = 0).
 * @example lax.integerPow(np.array([2, 3]), 3) // [8, 27]
 */
export function integerPow(x: X, y: number): NDArray {
  const a = laxArray("integerPow", "x", x);
  if (typeof y !== "number" || !Number.isInteger(y)) throw new TypeError(`lax.integerPow: y must be an integer (a JS number), got ${show(y)}`);
  if (y < 0 && !isFloat(a.dtype)) throw new TypeError(`lax.integerPow: a negative power (${y}) of an integer array`);
  let acc: NDArray | null = null, base = a;
  for (let n = Math.abs(y); n > 0; n >>= 1) {
    if (n & 1) acc = acc === null ? base : L.mul(acc, base);
    if (n > 1) base = L.mul(base, base);
  }
  const pos = acc ?? L.fullLike(a, 1);
  return y < 0 ? L.div(L.fullLike(a, 1), pos) : pos;
}

// ---- transcendental ----
/** eˣ. @example lax.exp(np.array([0, 1])) // [1, 2.718…] */
export const exp = un("exp", L.exp);
/** 2ˣ. @example lax.exp2(np.array([3])) // [8] */
export const exp2 = un("exp2", L.exp2);
/** Natural logarithm. @example lax.log(np.array([1])) // [0] */
export const log = un("log", L.log);
/** log(1 + x), accurate near 0. @example lax.log1p(np.array([1e-10], "float64")) // [1e-10] */
export const log1p = un("log1p", L.log1p);
/** eˣ − 1, accurate near 0. @example lax.expm1(np.array([1e-10], "float64")) // [1e-10] */
export const expm1 = un("expm1", L.expm1);
/** √x. @example lax.sqrt(np.array([9])) // [3] */
export const sqrt = un("sqrt", L.sqrt);
/** 1/√x. @example lax.rsqrt(np.array([4])) // [0.5] */
export const rsqrt = (x: X): NDArray => {
  const a = floatArg("rsqrt", x);
  return L.div(L.fullLike(a, 1), L.sqrt(a));
};
/** ∛x (also of negative x). @example lax.cbrt(np.array([-8])) // [-2] */
export const cbrt = un("cbrt", L.cbrt);
/** sin x. @example lax.sin(np.array([0])) // [0] */
export const sin = un("sin", L.sin);
/** cos x. @example lax.cos(np.array([0])) // [1] */
export const cos = un("cos", L.cos);
/** tan x. @example lax.tan(np.array([0])) // [0] */
export const tan = un("tan", L.tan);
/** arcsin x. @example lax.asin(np.array([1])) // [π/2] */
export const asin = un("asin", L.asin);
/** arccos x. @example lax.acos(np.array([1])) // [0] */
export const acos = un("acos", L.acos);
/** arctan x. @example lax.atan(np.array([1])) // [π/4] */
export const atan = un("atan", L.atan);
/** sinh x. @example lax.sinh(np.array([0])) // [0] */
export const sinh = un("sinh", L.sinh);
/** cosh x. @example lax.cosh(np.array([0])) // [1] */
export const cosh = un("cosh", L.cosh);
/** tanh x. @example lax.tanh(np.array([0])) // [0] */
export const tanh = un("tanh", L.tanh);
/** arsinh x. @example lax.asinh(np.array([0])) // [0] */
export const asinh = un("asinh", L.asinh);
/** arcosh x. @example lax.acosh(np.array([1])) // [0] */
export const acosh = un("acosh", L.acosh);
/** artanh x. @example lax.atanh(np.array([0])) // [0] */
export const atanh = un("atanh", L.atanh);
/** The logistic sigmoid 1/(1 + e⁻ˣ), stable for large |x| (nn.sigmoid). @example lax.logistic(np.array([0])) // [0.5] */
export const logistic = (x: X): NDArray => expit(floatArg("logistic", x));
/** The error function. @example lax.erf(np.array([0])) // [0] */
export const erf = un("erf", L.erf);
/** 1 − erf x, accurate in the tail (special.erfc). @example lax.erfc(np.array([0])) // [1] */
export const erfc = (x: X): NDArray => erfcImpl(floatArg("erfc", x));
/** The inverse error function (±∞ at ±1). @example lax.erfInv(np.array([0])) // [0] */
export const erfInv = (x: X): NDArray => erfinv(floatArg("erfInv", x));
/** ln |Γ(x)| (special.gammaln). @example lax.lgamma(np.array([5])) // [ln 24] */
export const lgamma = (x: X): NDArray => gammaln(floatArg("lgamma", x));
/**
 * The digamma function ψ = Γ′/Γ: −∞ at 0, NaN at the negative integers (as scipy). The recurrence
 * ψ(x) = ψ(x+1) − 1/x up to x ≥ 10, then the asymptotic series; ψ(1−x) − π·cot(πx) for x < 0
 * (cot of the reduced argument). Computed in float64, rounded back. Differentiable (its derivative is
 * the series' own, within ~1e-12 of the trigamma function).
 * @example lax.digamma(np.array([1])) // [−0.5772156649015329] (−γ)
 */
export function digamma(x: X): NDArray {
  const x0 = floatArg("digamma", x);
  const a = L.convert(x0, "float64");
  const refl = L.lt(a, L.fullLike(a, 0));
  let y = L.select(refl, L.sub(L.fullLike(a, 1), a), a);
  let shift = L.zerosLike(y);
  for (let k = 0; k < 10; k++) {
    const small = L.lt(y, L.fullLike(y, 10));
    shift = L.sub(shift, L.select(small, L.div(L.fullLike(y, 1), y), L.zerosLike(y)));
    y = L.select(small, L.add(y, 1), y);
  }
  // ψ(y) ~ ln y − 1/(2y) − Σ B₂ₖ/(2k·y²ᵏ), y ≥ 10 (next term < 1e-16)
  const z = L.div(L.fullLike(y, 1), L.mul(y, y));
  let series = L.fullLike(y, -1 / 12);
  for (const c of [691 / 32760, -1 / 132, 1 / 240, -1 / 252, 1 / 120, -1 / 12]) series = L.add(L.mul(series, z), L.fullLike(z, c));
  const psi = L.add(shift, L.add(L.sub(L.log(y), L.div(L.fullLike(y, 0.5), y)), L.mul(series, z)));
  // reflection: π·cot(πx) = π / tan(π·(x − round x)); the branch not taken sees safe inputs
  const xr = L.select(refl, a, L.fullLike(a, 0.25));
  const d = L.sub(xr, L.round(xr));
  const pole = L.and(refl, L.eq(d, L.zerosLike(d)));
  const cot = L.div(L.fullLike(d, Math.PI), L.tan(L.mul(L.select(pole, L.fullLike(d, 0.25), d), Math.PI)));
  const out = L.select(pole, L.fullLike(a, NaN), L.select(refl, L.sub(psi, cot), psi));
  return L.convert(out, x0.dtype);
}

// ---- comparisons (bool results) ----
/** x = y. @example lax.eq(np.array([1, 2]), np.array([1, 3])) // [true, false] */
export const eq = bin("eq", L.eq);
/** x ≠ y (true where either is NaN). @example lax.ne(np.array([1, 2]), 1) // [false, true] */
export const ne = bin("ne", L.ne);
/** x < y. @example lax.lt(np.array([1, 2]), 2) // [true, false] */
export const lt = bin("lt", L.lt);
/** x ≤ y. @example lax.le(np.array([1, 2]), 2) // [true, true] */
export const le = bin("le", L.le);
/** x > y. @example lax.gt(np.array([1, 2]), 1) // [false, true] */
export const gt = bin("gt", L.gt);
/** x ≥ y. @example lax.ge(np.array([1, 2]), 2) // [false, true] */
export const ge = bin("ge", L.ge);

// ---- logic and bits (bool or integer operands) ----
/** `f` on operands of a bool or integer dtype (`ints`: integer only), else a TypeError naming `lax.fn`. */
function bits(fn: string, f: (x: NDArray, y: NDArray) => NDArray, ints = false) {
  return bin(fn, (x, y) => {
    if (isFloat(x.dtype) || (ints && x.dtype === "bool")) throw new TypeError(`lax.${fn}: expected ${ints ? "integer" : "bool or integer"} operands, got ${x.dtype}`);
    return f(x, y);
  });
}
/** Logical / bitwise and. @example lax.bitwiseAnd(np.array([12], { dtype: "int32" }), 10) // [8] */
export const bitwiseAnd = bits("bitwiseAnd", L.and);
/** Logical / bitwise or. @example lax.bitwiseOr(np.array([12], { dtype: "int32" }), 10) // [14] */
export const bitwiseOr = bits("bitwiseOr", L.or);
/** Logical / bitwise exclusive or. @example lax.bitwiseXor(np.array([12], { dtype: "int32" }), 10) // [6] */
export const bitwiseXor = bits("bitwiseXor", L.xor);
/** Logical / bitwise not. @example lax.bitwiseNot(np.array([true, false])) // [false, true] */
export const bitwiseNot = (x: X): NDArray => {
  const a = laxArray("bitwiseNot", "x", x);
  if (isFloat(a.dtype)) throw new TypeError(`lax.bitwiseNot: expected a bool or integer operand, got ${a.dtype}`);
  return L.not(a);
};
/** x << y on int32/uint32 bits (0 for y outside [0, 32)). @example lax.shiftLeft(np.array([1], { dtype: "int32" }), 4) // [16] */
export const shiftLeft = bits("shiftLeft", L.shiftLeft, true);
/** x >>> y, zero-filling. @example lax.shiftRightLogical(np.array([-16], { dtype: "int32" }), 28) // [15] */
export const shiftRightLogical = bits("shiftRightLogical", L.shiftRightLogical, true);
/** x >> y, sign-filling. @example lax.shiftRightArithmetic(np.array([-16], { dtype: "int32" }), 2) // [-4] */
export const shiftRightArithmetic = bits("shiftRightArithmetic", L.shiftRightArithmetic, true);

// ---- choosing ----
/**
 * onTrue where `pred` is true, else onFalse. `pred` is bool, of the operands' shape or 0-d.
 * @example lax.select(np.array([true, false]), np.array([1, 2]), np.array([3, 4])) // [1, 4]
 */
export function select(pred: X, onTrue: X, onFalse: X): NDArray {
  return choose("select", "pred", pred, [onFalse, onTrue], ["onFalse", "onTrue"]);
}
/**
 * cases[which] elementwise: `which` is bool (false → cases[0], true → cases[1]) or int32 in
 * [0, cases.length), of the cases' shape or 0-d; the cases have one shape and dtype.
 * NB: an int32 `which` out of range picks cases[0] (JAX leaves it unspecified).
 * @example lax.selectN(np.array([2, 0], { dtype: "int32" }), np.array([1, 1]), np.array([2, 2]), np.array([3, 3])) // [3, 1]
 */
export function selectN(which: X, ...cases: X[]): NDArray {
  return choose("selectN", "which", which, cases, cases.map((_, i) => `cases[${i}]`));
}
function choose(fn: string, wName: string, which: X, cases: X[], names: string[]): NDArray {
  if (cases.length === 0) throw new TypeError(`lax.${fn}: needs at least one case`);
  const cs = laxOperands(fn, names, cases);
  let w = laxArray(fn, wName, which);
  if (w.dtype !== "bool" && (w.dtype !== "int32" || fn === "select")) throw new TypeError(`lax.${fn}: ${wName} must be bool${fn === "select" ? "" : " or int32"}, got ${w.dtype}`);
  if (w.ndim > 0 && w.shape.join() !== cs[0].shape.join()) {
    throw new RangeError(`lax.${fn}: ${wName} has shape [${w.shape}], the cases [${cs[0].shape}] (${wName} must be 0-d or of the cases' shape)`);
  }
  if (w.dtype === "bool" && cs.length > 2) throw new TypeError(`lax.${fn}: a bool ${wName} selects between 2 cases, got ${cs.length}`);
  if (w.ndim === 0 && cs[0].ndim > 0) w = L.broadcastInDim(w, [...cs[0].shape], []);
  if (cs.length === 1) return cs[0];
  if (w.dtype === "bool") return L.select(w, cs[1], cs[0]);
  let out = cs[0];
  for (let i = 1; i < cs.length; i++) out = L.select(L.eq(w, L.fullLike(w, i)), cs[i], out);
  return out;
}
/**
 * x clamped to [min, max] (lax's argument order); min and max are 0-d or of x's shape. The
 * derivative goes to x strictly inside, to the bound it is held at strictly outside, and nowhere at a
 * tie (as JAX); NaN stays NaN.
 * @example lax.clamp(0, np.array([-1, 0.5, 2]), 1) // [0, 0.5, 1]
 */
export function clamp(min: X, x: X, max: X): NDArray {
  const [lo, a, hi] = laxOperands("clamp", ["min", "x", "max"], [min, x, max]);
  const inside = L.and(L.gt(a, lo), L.lt(a, hi));
  return L.select(inside, a, L.select(L.lt(a, lo), lo, L.select(L.gt(a, hi), hi, L.stopGradient(a))));
}

// ---- casts ----
/**
 * x converted to `newDtype` (float → integer rounds toward zero and saturates, NaN → 0, as XLA).
 * @example lax.convertElementType(np.array([1.7, -1.7]), "int32") // [1, -1]
 */
export function convertElementType(x: X, newDtype: DType): NDArray {
  return L.convert(laxArray("convertElementType", "x", x), checkDType(newDtype, "lax.convertElementType"));
}
/**
 * The same bits read as `newDtype` of the same width (float32 ↔ int32 ↔ uint32).
 * @example lax.bitcastConvertType(np.array([1]), "int32") // [1065353216]
 */
export function bitcastConvertType(x: X, newDtype: DType): NDArray {
  return view(laxArray("bitcastConvertType", "x", x), checkDType(newDtype, "lax.bitcastConvertType"));
}
