/** @file Elementwise math, comparisons and logic with NumPy broadcasting and JAX promotion. */
import { NDArray } from "../core/array.js";
import { broadcastShapes } from "../core/aval.js";
import { getDefaultFloat, isComplex, isFloat, isInexact } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, promoteAndBroadcast, toFloat } from "./core.js";
import { show } from "./signature.js";

type A = ArrayLike;

function toBool(x: A): NDArray {
  const a = asArray(x);
  return a.dtype === "bool" ? a : L.ne(a, 0);
}

// NB: factory-made functions are annotated with their signature (`add: (x: A, y: A) => NDArray`) so
// that their TSDoc survives re-export through np's signature check (TS reads docs from that signature).
const floatUnary = (f: (x: NDArray) => NDArray) => (x: A): NDArray => f(toFloat(x));
const binary = (name: string, f: (a: NDArray, b: NDArray) => NDArray) => (x: A, y: A): NDArray => {
  const [a, b] = promoteAndBroadcast(name, [x, y]);
  return f(a, b);
};
const floatBinary = (name: string, f: (a: NDArray, b: NDArray) => NDArray) => (x: A, y: A): NDArray => {
  const [a, b] = promoteAndBroadcast(name, [x, y]);
  return isInexact(a.dtype) ? f(a, b) : f(L.convert(a, getDefaultFloat()), L.convert(b, getDefaultFloat()));
};

/** x + y, broadcasting. @example np.add([1, 2], 1) // [2, 3] */
export const add: (x: A, y: A) => NDArray = binary("add", L.add);
/** x − y. @example np.subtract(5, [1, 2]) // [4, 3] */
export const subtract: (x: A, y: A) => NDArray = binary("subtract", L.sub);
/** x · y. @example np.multiply([1, 2], [3, 4]) // [3, 8] */
export const multiply: (x: A, y: A) => NDArray = binary("multiply", L.mul);
/** True division (integers give floats). @example np.divide(1, 4) // 0.25 */
export const divide: (x: A, y: A) => NDArray = floatBinary("divide", L.div);
export const trueDivide = divide;
/** ⌊x / y⌋. @example np.floorDivide([7, -7], 2) // [3, -4] */
export const floorDivide: (x: A, y: A) => NDArray = binary("floorDivide", (a, b) => {
  if (isFloat(a.dtype)) return L.floor(L.div(a, b));
  // integers: truncating division corrected toward −∞ where the remainder is nonzero and the signs differ
  const q = L.div(a, b);
  const r = L.rem(a, b);
  const fix = L.and(L.ne(r, 0), L.ne(L.lt(r, 0), L.lt(b, 0)));
  return L.select(fix, L.sub(q, 1), q);
});
/** Remainder with the sign of the divisor (Python/NumPy `%`). @example np.mod([-1, 5], 3) // [2, 2] */
export const mod: (x: A, y: A) => NDArray = binary("mod", (a, b) => {
  const r = L.rem(a, b);
  const fix = L.and(L.ne(r, 0), L.ne(L.lt(r, 0), L.lt(b, 0)));
  return L.select(fix, L.add(r, b), r);
});
export const remainder = mod;
/** C-style remainder (sign of the dividend). @example np.fmod(-1, 3) // -1 */
export const fmod: (x: A, y: A) => NDArray = binary("fmod", L.rem);
const powerOf: (x: A, y: A) => NDArray = binary("power", (a, b) => (a.dtype === "bool" ? L.convert(L.pow(L.convert(a, "int32"), L.convert(b, "int32")), "bool") : L.pow(a, b)));
/**
 * xʸ. Integer operands give integers. A complex base with an integer JS number exponent (|y| ≤ 64)
 * is computed by repeated squaring, exactly as NumPy does (z² is z·z, not exp(2·log z)).
 * @example np.power(2, [1, 2, 3]) // [2, 4, 8]
 */
export const power = (x: A, y: A): NDArray => {
  // (x stays as given otherwise: a JS number base is weak and must not be made an array here)
  if (x instanceof NDArray && isComplex(x.dtype) && typeof y === "number" && Number.isInteger(y) && Math.abs(y) <= 64) return complexIntPow(x, y);
  return powerOf(x, y);
};
/** zⁿ by binary exponentiation (1/z⁻ⁿ for n < 0). */
function complexIntPow(z: NDArray, n: number): NDArray {
  let acc: NDArray | null = null, base = z;
  for (let k = Math.abs(n); k > 0; k >>= 1) {
    if (k & 1) acc = acc ? L.mul(acc, base) : base;
    if (k > 1) base = L.mul(base, base);
  }
  const pos = acc ?? L.fullLike(z, 1);
  return n < 0 ? L.div(L.fullLike(z, 1), pos) : pos;
}
/** x². @example np.square(3) // 9 */
export const square = (x: A): NDArray => L.square(asArray(x));
export const sqrt: (x: A) => NDArray = floatUnary(L.sqrt);
export const cbrt: (x: A) => NDArray = floatUnary(L.cbrt);
/** 1/x. @example np.reciprocal(4) // 0.25 */
export const reciprocal = (x: A): NDArray => divide(1, x);
export const negative = (x: A): NDArray => L.neg(asArray(x));
export const positive = (x: A): NDArray => asArray(x);
export const abs = (x: A): NDArray => {
  const a = asArray(x);
  return a.dtype === "bool" || a.dtype === "uint32" ? a : L.abs(a);
};
export const absolute = abs;
/** The sign: −1, 0 or 1 (NaN for NaN); for complex z, z/|z| (0 at 0), as NumPy 2 and JAX. @example np.sign([-2, 0, 3]) // [-1, 0, 1] */
export const sign = (x: A): NDArray => {
  const a = asArray(x);
  if (!isComplex(a.dtype)) return L.sign(a);
  const r = L.abs(a), zero = L.eq(r, 0);
  return L.select(zero, L.zerosLike(a), L.div(a, L.convert(L.select(zero, L.fullLike(r, 1), r), a.dtype)));
};
export const exp: (x: A) => NDArray = floatUnary(L.exp);
export const exp2: (x: A) => NDArray = floatUnary(L.exp2);
export const expm1: (x: A) => NDArray = floatUnary(L.expm1);
export const log: (x: A) => NDArray = floatUnary(L.log);
/** log₂ x = log x / log 2. @example np.log2(8) // 3 */
export const log2: (x: A) => NDArray = floatUnary((x) => L.div(L.log(x), Math.LN2));
/** log₁₀ x = log x / log 10. @example np.log10(100) // 2 */
export const log10: (x: A) => NDArray = floatUnary((x) => L.div(L.log(x), Math.LN10));
export const log1p: (x: A) => NDArray = floatUnary(L.log1p);
export const sin: (x: A) => NDArray = floatUnary(L.sin);
export const cos: (x: A) => NDArray = floatUnary(L.cos);
export const tan: (x: A) => NDArray = floatUnary(L.tan);
export const arcsin: (x: A) => NDArray = floatUnary(L.asin);
export const arccos: (x: A) => NDArray = floatUnary(L.acos);
export const arctan: (x: A) => NDArray = floatUnary(L.atan);
export const sinh: (x: A) => NDArray = floatUnary(L.sinh);
export const cosh: (x: A) => NDArray = floatUnary(L.cosh);
export const tanh: (x: A) => NDArray = floatUnary(L.tanh);
export const arcsinh: (x: A) => NDArray = floatUnary(L.asinh);
export const arccosh: (x: A) => NDArray = floatUnary(L.acosh);
export const arctanh: (x: A) => NDArray = floatUnary(L.atanh);
/** atan2(y, x) with the quadrant from the signs. @example np.arctan2(1, -1) // 3π/4 */
export const arctan2: (x: A, y: A) => NDArray = floatBinary("arctan2", L.atan2);

const intPassthrough = (f: (x: NDArray) => NDArray) => (x: A): NDArray => {
  const a = asArray(x);
  return isFloat(a.dtype) || isComplex(a.dtype) ? f(a) : a; // (complex: the primitive's clear error)
};
export const floor: (x: A) => NDArray = intPassthrough(L.floor);
export const ceil: (x: A) => NDArray = intPassthrough(L.ceil);
/** Round half to even (as NumPy), to `decimals` places. @example np.round([0.5, 1.5, 2.5]) // [0, 2, 2] */
export function round(x: A, decimals: number | { decimals?: number } = 0): NDArray {
  if (typeof decimals === "object" && decimals !== null) decimals = decimals.decimals ?? 0; // NumPy's keyword
  if (typeof decimals !== "number" || !Number.isInteger(decimals)) throw new TypeError(`round: decimals must be an integer, got ${show(decimals)}`);
  const a = asArray(x);
  if (isComplex(a.dtype)) return L.complex(round(L.real(a), decimals), round(L.imag(a), decimals)); // each part, as NumPy and JAX
  if (!isFloat(a.dtype)) return a;
  if (decimals === 0) return L.round(a);
  const s = 10 ** decimals;
  return L.div(L.round(L.mul(a, s)), s);
}
export const around = round;
export const rint = (x: A): NDArray => round(x);
export const trunc: (x: A) => NDArray = intPassthrough(L.trunc);
export const fix = trunc;

/** Elementwise maximum (NaN propagates; ties split the gradient ½/½). @example np.maximum([1, 5], 3) // [3, 5] */
export const maximum: (x: A, y: A) => NDArray = binary("maximum", L.max);
/** Elementwise minimum. @example np.minimum([1, 5], 3) // [1, 3] */
export const minimum: (x: A, y: A) => NDArray = binary("minimum", L.min);
/** Clamp into [lo, hi] (either may be null). @example np.clip([-2, 0, 2], -1, 1) // [-1, 0, 1] */
export function clip(x: A, lo?: A | null, hi?: A | null): NDArray {
  if ((lo === null || lo === undefined) && (hi === null || hi === undefined)) throw new TypeError("clip: at least one of min and max must be given");
  let r = asArray(x);
  if (lo !== null && lo !== undefined) r = maximum(r, lo);
  if (hi !== null && hi !== undefined) r = minimum(r, hi);
  return r;
}
/**
 * √(x² + y²) without needless overflow or underflow: s·√((x/s)² + (y/s)²) with the scale
 * s = max(|x|, |y|) held constant for differentiation, so every derivative is that of √(x² + y²)
 * itself (no max/min tie to split: ∂²/∂x² hypot(x, y) = y²/r³ also where |x| = |y|). Inf if either
 * operand is ±inf (even with a NaN, as C); at (0, 0) the value is 0 and the gradient 0, as JAX.
 * NB: JAX's hypot (max·√(1 + (min/max)²)) splits the max/min tie, so its second derivatives vanish
 * where |x| = |y| (hessian at (1, 1) is 0); ours are those of √(x² + y²).
 * @example np.hypot(3, 4) // 5
 */
export const hypot: (x: A, y: A) => NDArray = floatBinary("hypot", (a, b) => {
  const s = L.stopGradient(L.max(L.abs(a), L.abs(b)));
  const inf = L.or(L.eq(L.abs(a), Infinity), L.eq(L.abs(b), Infinity));
  const degenerate = L.or(L.eq(s, 0), inf); // (0, 0) or an infinity: the formula's inputs are replaced
  const one = L.fullLike(s, 1), safe = (v: NDArray) => L.select(degenerate, one, v);
  const ss = safe(s), ra = L.div(safe(a), ss), rb = L.div(safe(b), ss);
  const r = L.mul(ss, L.sqrt(L.add(L.mul(ra, ra), L.mul(rb, rb))));
  return L.select(degenerate, L.select(inf, L.fullLike(s, Infinity), L.zerosLike(s)), r);
});
/** log(eˣ + eʸ), stable. @example np.logaddexp(0, 0) // log 2 */
export const logaddexp: (x: A, y: A) => NDArray = floatBinary("logaddexp", (a, b) => {
  const m = L.max(a, b);
  const finite = L.stopGradient(L.select(L.eq(L.sub(m, m), 0), m, L.zerosLike(m)));
  return L.add(finite, L.log(L.add(L.exp(L.sub(a, finite)), L.exp(L.sub(b, finite)))));
});

/** Pick from x where cond is true, else from y (broadcasting all three). @example np.where([true, false], 1, 2) // [1, 2] */
export function where(cond: A, x: A, y: A): NDArray {
  const c = toBool(cond);
  const [a, b] = promoteAndBroadcast("where", [x, y]);
  const shape = broadcastShapes("where", c.shape, a.shape);
  return L.select(L.broadcastTo(c, shape), L.broadcastTo(a, shape), L.broadcastTo(b, shape));
}

// complex: a part is NaN / a part is infinite / both parts are finite (as NumPy)
const byParts = (f: (x: NDArray) => NDArray, join: (p: NDArray, q: NDArray) => NDArray) => (x: A): NDArray<"bool"> => {
  const a = asArray(x);
  return (isComplex(a.dtype) ? join(f(L.real(a)), f(L.imag(a))) : f(a)) as NDArray<"bool">;
};
export const isnan = byParts((a) => isnanReal(a), L.or);
export const isinf = byParts((a) => isinfReal(a), L.or);
export const isfinite = byParts((a) => isfiniteReal(a), L.and);
const isnanReal = (x: A): NDArray<"bool"> => {
  const a = asArray(x);
  return (isFloat(a.dtype) ? L.ne(a, a) : L.full(a.shape, 0, "bool")) as NDArray<"bool">;
};
const isinfReal = (x: A): NDArray<"bool"> => {
  const a = asArray(x);
  return (isFloat(a.dtype) ? L.eq(L.abs(a), Infinity) : L.full(a.shape, 0, "bool")) as NDArray<"bool">;
};
const isfiniteReal = (x: A): NDArray<"bool"> => {
  const a = asArray(x);
  return (isFloat(a.dtype) ? L.eq(L.sub(a, a), 0) : L.full(a.shape, 1, "bool")) as NDArray<"bool">;
};

// ---- comparisons and logic (typed NDArray<"bool">, so `item()` is a boolean) ----
const compare = (name: string, f: (a: NDArray, b: NDArray) => NDArray) => binary(name, f) as (x: A, y: A) => NDArray<"bool">;
export const equal = compare("equal", L.eq);
export const notEqual = compare("notEqual", L.ne);
export const less = compare("less", L.lt);
export const lessEqual = compare("lessEqual", L.le);
export const greater = compare("greater", L.gt);
export const greaterEqual = compare("greaterEqual", L.ge);
/** Elementwise AND of truth values. @example np.logicalAnd([true, true], [true, false]) // [true, false] */
export const logicalAnd = (x: A, y: A) => compare("logicalAnd", L.and)(toBool(x), toBool(y));
export const logicalOr = (x: A, y: A) => compare("logicalOr", L.or)(toBool(x), toBool(y));
export const logicalXor = (x: A, y: A) => compare("logicalXor", L.xor)(toBool(x), toBool(y));
export const logicalNot = (x: A) => L.not(toBool(x)) as NDArray<"bool">;
export const bitwiseAnd = binary("bitwiseAnd", L.and);
export const bitwiseOr = binary("bitwiseOr", L.or);
export const bitwiseXor = binary("bitwiseXor", L.xor);
export const bitwiseNot = (x: A): NDArray => L.not(asArray(x));
export const invert = bitwiseNot;
/** x shifted left by y bits (integers; 0 for shifts outside [0, 32)). @example np.leftShift(np.array([1, 3], { dtype: "int32" }), 2) // [4, 12] */
export const leftShift: (x: A, y: A) => NDArray = binary("leftShift", L.shiftLeft);
/**
 * x shifted right by y bits: arithmetic (sign-filling) for int32, logical for uint32, as NumPy.
 * @example np.rightShift(np.array([-8, 8], { dtype: "int32" }), 2) // [-2, 2]
 */
export const rightShift = (x: A, y: A): NDArray => {
  const [a, b] = promoteAndBroadcast("rightShift", [x, y]);
  return a.dtype === "uint32" ? L.shiftRightLogical(a, b) : L.shiftRightArithmetic(a, b);
};
export const bitwiseLeftShift = leftShift;
export const bitwiseRightShift = rightShift;

/** Stop gradients flowing through x (its derivative is zero). @example grad((x) => np.stopGradient(x))(1) // 0 */
export const stopGradient = (x: A): NDArray => L.stopGradient(asArray(x));
