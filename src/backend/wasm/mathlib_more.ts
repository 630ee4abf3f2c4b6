/**
 * @file In-module float64 expm1, tanh, sinh, cosh, log1p, log2, atanh, asinh, acosh, tan, atan, asin,
 * acos, cbrt and erf as f64x2 code (each under 1 ulp from the exact value on our grids), built on the
 * reductions of mathkit.ts, with double-double intermediates wherever cancellation or error
 * amplification would cost more than a fraction of an ulp.
 */
import { UnaryOp } from "../../lower/kernel.js";
import { FuncBuilder, Simd } from "./encoder.js";
import { GenContext } from "./context.js";
import {
  DD, INV_LN2, INV_LN2_HI, INV_LN2_LO, L, PIO2_HI, PIO2_LO, PIO4_HI, PIO4_LO, PI_HI, PI_LO, TRIG_BOUND, V,
  ExpParts, cosPoly, expm1dd, expParts, log1pdd, log1pOrLog2x, logParts, logSpecial, logValue, pow2, scale, sinPoly, trigParts,
  withImportAbove,
} from "./mathkit.js";

const { f64x2_add: ADD, f64x2_sub: SUB, f64x2_mul: MUL, f64x2_div: DIV } = Simd;
const SIGN = -0x8000000000000000n;
const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/**
 * atan v = v + v·z·P(z), z = v² ≤ tan²(π/8): P of degree 11 from a 12-term Chebyshev fit (mpmath.chebyfit
 * at 50 digits) of (atan √z − √z)/z^(3/2) on [0, 0.1716]; z·(fit error) < 2^-62. Highest degree first.
 */
const ATAN_P = [
  0.016284375050043393, -0.03456931506332609, 0.045515447340221615, -0.05230443640686948, 0.05878927554473807,
  -0.0666642476020052, 0.07692296368042296, -0.09090908753259112, 0.11111111105150588, -0.14285714285659779,
  0.19999999999999804, -0.3333333333333333,
];

/**
 * asin u = u + u·z·R(z), z = u² ≤ ¼: R of degree 13 from a 14-term Chebyshev fit (mpmath.chebyfit at
 * 50 digits) of (asin √z − √z)/z^(3/2) on [0, ¼]; z·(fit error) < 2^-61. Highest degree first.
 */
const ASIN_R = [
  0.02961776313674739, -0.01925063602437728, 0.019560681547532377, 0.003042413637418563, 0.009320195384402203,
  0.009621733032539884, 0.011566472648606428, 0.013963778957563368, 0.01735281659729397, 0.022372157441539663,
  0.030381944475572607, 0.044642857142551465, 0.07500000000000118, 0.16666666666666666,
];

/** Lane masks. */
const lt = (v: V, a: L, b: number) => v.ap(Simd.f64x2_lt, a, v.c(b));
const gt = (v: V, a: L, b: number) => v.ap(Simd.f64x2_gt, a, v.c(b));
const eq = (v: V, a: L, b: number) => v.ap(Simd.f64x2_eq, a, v.c(b));
/** A constant, or a local, as a double-double. */
const ddc = (v: V, a: number): DD => [v.c(a), v.c(0)];
const ddl = (v: V, a: L): DD => [a, v.c(0)];
const ddc2 = (v: V, hi: number, lo: number): DD => [v.c(hi), v.c(lo)];
/** e^x·2^off = 2^(k+off)·(1 + uh + ul) from the parts of x, rounded once. */
function expScaled(v: V, p: ExpParts, off: number): L {
  const [s, e] = v.fastTwoSum(v.c(1), p.uh);
  return scale(v, v.get(e).get(p.ul).op(ADD).get(s).op(ADD).pop(), p.kb, off);
}

/** expm1 x = (2^k − 1) + 2^k·(e^r − 1) summed exactly for k ≤ 53; 2^k·((1 + uh + ul) − 2^-k) above. */
function expm1(v: V, x: L): L {
  const xc = v.get(x).k(-40).op(Simd.f64x2_max).k(710).op(Simd.f64x2_min).pop(); // expm1(−40) rounds to −1
  const p = expParts(v, xc);
  const [th, tl] = expm1dd(v, p);
  const [s, e] = v.fastTwoSum(v.c(1), p.uh);
  const inv = v.div(v.c(1), pow2(v, p.kb)); // 2^-k (0 for k = 1024)
  const big = scale(v, v.get(e).get(p.ul).op(ADD).get(inv).op(SUB).get(s).op(ADD).pop(), p.kb);
  const r = v.sel(gt(v, p.k, 53), big, v.add(th, tl));
  return v.sel(eq(v, x, 0), x, r);
}

/** tanh |x| = t/(t + 2), t = expm1(2|x|) (no cancellation for t ≥ 0), in double-double; tanh(19.5) rounds to 1. */
function tanh(v: V, x: L): L {
  const a = v.get(x).op(Simd.f64x2_abs).k(19.5).op(Simd.f64x2_min).pop();
  const t = expm1dd(v, expParts(v, v.add(a, a)));
  const [q] = v.ddDiv(t, v.ddAdd(t, ddc(v, 2)));
  return v.copysign(q, x);
}

/** sinh |x| = (t + t/(t + 1))/2, t = expm1|x|, for |x| ≤ 22; e^|x|/2 above. */
function sinh(v: V, x: L): L {
  const a = v.get(x).op(Simd.f64x2_abs).k(711).op(Simd.f64x2_min).pop();
  const p = expParts(v, a);
  const t = expm1dd(v, p);
  const [s] = v.ddAdd(t, v.ddDiv(t, v.ddAdd(t, ddc(v, 1))));
  return v.copysign(v.sel(gt(v, a, 22), expScaled(v, p, -1), v.mul(s, v.c(0.5))), x);
}

/** cosh x = (E + 1/E)/2, E = e^|x| = 1 + expm1|x| in double-double, for |x| ≤ 22; E/2 above. */
function cosh(v: V, x: L): L {
  const a = v.get(x).op(Simd.f64x2_abs).k(711).op(Simd.f64x2_min).pop();
  const p = expParts(v, a);
  const e = v.ddAdd(ddc(v, 1), expm1dd(v, p));
  const [s] = v.ddAdd(e, v.ddDiv(ddc(v, 1), e));
  return v.sel(gt(v, a, 22), expScaled(v, p, -1), v.mul(s, v.c(0.5)));
}

/** log1p x = log u + e/u, u + e = 1 + x exactly (TwoSum). */
function log1p(v: V, x: L): L {
  const [u, e] = v.twoSum(v.c(1), x);
  const r = logSpecial(v, u, logValue(v, logParts(v, u), v.div(e, u)));
  return v.sel(eq(v, x, 0), x, r);
}

/** log2 x = kf + (hi + lo)/ln 2, hi·INV_LN2_HI exact (21 × 32 bits); exact at powers of 2. */
function log2(v: V, x: L): L {
  const { kf, hi, lo } = logParts(v, x);
  const [s, e] = v.fastTwoSum(kf, v.mul(hi, v.c(INV_LN2_HI)));
  v.get(lo).k(INV_LN2).op(MUL).get(hi).k(INV_LN2_LO).op(MUL, ADD).get(e).op(ADD).get(s).op(ADD);
  return logSpecial(v, x, v.pop());
}

/** atanh |x| = log1p(2|x|/(1 − |x|))/2, the quotient in double-double; x for |x| < 2^-28. */
function atanh(v: V, x: L): L {
  const a = v.ap(Simd.f64x2_abs, x);
  const y = v.ddDiv(ddl(v, v.add(a, a)), v.twoSum(v.c(1), v.ap(Simd.f64x2_neg, a)));
  const r = v.sel(eq(v, a, 1), v.c(Infinity), v.mul(log1pdd(v, y), v.c(0.5)));
  return v.sel(lt(v, a, 2 ** -28), x, v.copysign(v.sel(gt(v, a, 1), v.c(NaN), r), x)); // x + x³/3 rounds to x
}

/** asinh |x| = log1p(|x| + x²/(1 + √(1 + x²))) in double-double for 2^-28 ≤ |x| ≤ 2^26; log|x| + ln 2 above, x below. */
function asinh(v: V, x: L): L {
  const a = v.ap(Simd.f64x2_abs, x);
  const am = v.get(a).k(2 ** 26).op(Simd.f64x2_min).pop();
  const a2 = v.twoProd(am, am);
  const q = v.ddDiv(a2, v.ddAdd(ddc(v, 1), v.ddSqrt(v.ddAdd(ddc(v, 1), a2))));
  const r = v.sel(eq(v, a, Infinity), v.c(Infinity), log1pOrLog2x(v, v.ddAdd(ddl(v, am), q), gt(v, a, 2 ** 26), a));
  return v.sel(lt(v, a, 2 ** -28), x, v.copysign(r, x)); // x − x³/6 rounds to x
}

/** acosh x = log1p(t + √(t·(t + 2))), t = x − 1, in double-double for x ≤ 2^26; log x + ln 2 above. */
function acosh(v: V, x: L): L {
  const xm = v.get(x).k(2 ** 26).op(Simd.f64x2_min).pop();
  const t = v.twoSum(xm, v.c(-1));
  const y = v.ddAdd(t, v.ddSqrt(v.ddMul(t, v.ddAdd(t, ddc(v, 2)))));
  const r = v.sel(eq(v, x, Infinity), v.c(Infinity), log1pOrLog2x(v, y, gt(v, x, 2 ** 26), x));
  return v.sel(lt(v, x, 1), v.c(NaN), r);
}

/**
 * atan |x| = C ± atan v: v = n/d with (n, d) = (|x|, 1), or (1, |x|) above 1 (π/2 − atan), and
 * (n − d)/(n + d) above tan(π/8) (π/4 + atan); numerator, denominator and quotient in
 * double-double; atan(vh + vl) ≈ vh + vh·z·P(z) + vl·(1 − z), z = vh². |x| is clamped to 2^500.
 */
function atan(v: V, x: L): L {
  const a = v.get(x).op(Simd.f64x2_abs).k(2 ** 500).op(Simd.f64x2_min).pop();
  const inv = gt(v, a, 1);
  const n = v.sel(inv, v.c(1), a), d = v.sel(inv, a, v.c(1));
  const big = v.get(n).get(d).k(0.41421356).op(MUL, Simd.f64x2_gt).pop();
  const [nm, nl] = v.twoSum(n, v.ap(Simd.f64x2_neg, d)), [dp, dl] = v.twoSum(n, d);
  const [vh, vl] = v.ddDiv([v.sel(big, nm, n), v.sel(big, nl, v.c(0))], [v.sel(big, dp, d), v.sel(big, dl, v.c(0))]);
  const z = v.mul(vh, vh);
  const tail = v.get(vh).get(z).op(MUL).horner(z, ATAN_P).op(MUL).get(vl).get(vl).get(z).op(MUL, SUB, ADD).pop();
  // C ± (vh + tail): C = π/4 (big), π/2 (inverted only) or 0; minus when inverted
  const neg = v.get(inv).ki(SIGN).op(Simd.v128_and).pop();
  const ch = v.sel(big, v.c(PIO4_HI), v.sel(inv, v.c(PIO2_HI), v.c(0)));
  const cl = v.sel(big, v.c(PIO4_LO), v.sel(inv, v.c(PIO2_LO), v.c(0)));
  const [s, e] = v.twoSum(ch, v.ap(Simd.v128_xor, vh, neg));
  return v.copysign(v.get(tail).get(neg).op(Simd.v128_xor).get(cl).op(ADD).get(e).op(ADD).get(s).op(ADD).pop(), x);
}

/**
 * asin |x| = C + m·asin u as a double-double sum: u = |x| (C = 0, m = 1) below ½, else
 * u = √((1 − |x|)/2) (exact argument, double-double root; C = π/2, m = −2); asin u = uh + (ul + uh·z·R(z)).
 * Returns the mask (|x| ≥ ½) and asin u as head and tail.
 */
function asinHalf(v: V, a: L): { big: L; uh: L; tail: L } {
  const big = v.ap(Simd.f64x2_ge, a, v.c(0.5));
  const [sh, sl] = v.ddSqrt([v.get(v.c(1)).get(a).op(SUB).k(0.5).op(MUL).pop(), v.c(0)]);
  const uh = v.sel(big, sh, a), ul = v.sel(big, sl, v.c(0));
  const z = v.mul(uh, uh);
  return { big, uh, tail: v.get(uh).get(z).op(MUL).horner(z, ASIN_R).op(MUL).get(ul).op(ADD).pop() };
}

/** C + m·(uh + tail) rounded once (m = ±1, ±2: m·uh exact). */
function combine(v: V, ch: L, cl: L, m: L, uh: L, tail: L): L {
  const [s, e] = v.twoSum(ch, v.mul(m, uh));
  return v.get(m).get(tail).op(MUL).get(cl).op(ADD).get(e).op(ADD).get(s).op(ADD).pop();
}

/** asin x = ±(asin u or π/2 − 2·asin u), see asinHalf. */
function asin(v: V, x: L): L {
  const a = v.ap(Simd.f64x2_abs, x);
  const { big, uh, tail } = asinHalf(v, a);
  const r = combine(v, v.sel(big, v.c(PIO2_HI), v.c(0)), v.sel(big, v.c(PIO2_LO), v.c(0)), v.sel(big, v.c(-2), v.c(1)), uh, tail);
  return v.copysign(v.sel(gt(v, a, 1), v.c(NaN), r), x);
}

/** acos x = π/2 ∓ asin|x| below ½; 2·asin u (x > 0) or π − 2·asin u (x < 0) above, see asinHalf. */
function acos(v: V, x: L): L {
  const a = v.ap(Simd.f64x2_abs, x);
  const { big, uh, tail } = asinHalf(v, a);
  const neg = lt(v, x, 0);
  const ch = v.sel(big, v.sel(neg, v.c(PI_HI), v.c(0)), v.c(PIO2_HI));
  const cl = v.sel(big, v.sel(neg, v.c(PI_LO), v.c(0)), v.c(PIO2_LO));
  const m = v.sel(big, v.sel(neg, v.c(-2), v.c(2)), v.sel(neg, v.c(1), v.c(-1)));
  return v.sel(gt(v, a, 1), v.c(NaN), combine(v, ch, cl, m, uh, tail));
}

/** tan x = ±sin r/cos r or ∓cos r/sin r by quadrant, both polynomials and the quotient in double-double. */
function tan(v: V, x: L): L {
  const t = trigParts(v, x);
  const sn = v.fastTwoSum(...sinPoly(v, t)), cs = v.fastTwoSum(...cosPoly(v, t));
  const odd = v.get(t.nb).ki(1n).op(Simd.v128_and).ki(1n).op(Simd.i64x2_eq).pop();
  const [q] = v.ddDiv([v.sel(odd, cs[0], sn[0]), v.sel(odd, cs[1], sn[1])], [v.sel(odd, sn[0], cs[0]), v.sel(odd, sn[1], cs[1])]);
  const r = v.get(q).get(odd).ki(SIGN).op(Simd.v128_and, Simd.v128_xor).pop();
  return v.sel(eq(v, x, 0), x, r);
}

/**
 * cbrt |x| = y − (y³ − |x|)/(3y²), y = e^(log|x|/3) (a few ulp), y³ − |x| in double-double: one
 * Newton step squares the error. |x| is scaled by 2^∓600 (result by 2^±200) outside [2^-500, 2^500].
 */
function cbrt(v: V, x: L): L {
  const a = v.ap(Simd.f64x2_abs, x);
  const tiny = lt(v, a, 2 ** -500), huge = gt(v, a, 2 ** 500);
  const as = v.mul(a, v.sel(tiny, v.c(2 ** 600), v.sel(huge, v.c(2 ** -600), v.c(1))));
  const y = expScaled(v, expParts(v, v.mul(logValue(v, logParts(v, as)), v.c(1 / 3))), 0);
  const y2 = v.twoProd(y, y);
  const [rh] = v.ddAdd(v.ddMul(y2, ddl(v, y)), ddl(v, v.ap(Simd.f64x2_neg, as)));
  const r = v.get(y).get(rh).k(3).get(y2[0]).op(MUL, DIV, SUB).pop();
  const scaled = v.mul(r, v.sel(tiny, v.c(2 ** -200), v.sel(huge, v.c(2 ** 200), v.c(1))));
  // ±0, ±∞ and NaN are their own cube roots
  const own = v.get(a).k(0).op(Simd.f64x2_eq).get(a).k(Infinity).op(Simd.f64x2_eq, Simd.v128_or).get(x).get(x).op(Simd.f64x2_ne, Simd.v128_or).pop();
  return v.sel(own, x, v.copysign(scaled, x));
}

/** 2/√π as the nearest double plus the rounded remainder (BigInt: Machin's π, Newton's square root). */
export const TWO_OVER_SQRTPI_HI = 1.1283791670955126, TWO_OVER_SQRTPI_LO = 1.533545961316588e-17;
/** erf x = (2/√π)·x·(1 + z·T(z)), z = x², T(z) = Σ_{n=1..19} (−1)^n z^(n−1)/(n!·(2n+1)): Taylor, truncation < 2^-60 for |x| ≤ 1. */
const ERF_T = Array.from({ length: 19 }, (_, i) => ((19 - i) % 2 ? -1 : 1) / (factorial(19 - i) * (2 * (19 - i) + 1)));
/**
 * erfc x = e^(−x²)·G(x − 3.5) on [1, 6]: G(s) ≈ e^(x²)·erfc(x), degree 29, from a 30-term Chebyshev
 * fit (mpmath.chebyfit at 50 digits: max error 1.8e-18) expanded in powers of s, coefficients
 * rounded to double. Highest degree first.
 */
const ERFC_G = [
  -4.173421441740044e-21, 2.5623426458664417e-20, 3.9697400342993775e-20, -2.607043789392488e-19, -2.4365985189396052e-18,
  1.4519344669779153e-17, -3.406994189965132e-17, 1.852925884070783e-16, -1.4193658774991289e-15, 7.825282987044432e-15,
  -4.0174465922189516e-14, 2.1458007232344705e-13, -1.141124470010605e-12, 5.940979976511579e-12, -3.046880024104516e-11,
  1.5412707560925015e-10, -7.680104666578475e-10, 3.7670032366565495e-09, -1.8176507323425776e-08, 8.621969623989045e-08,
  -4.0173979860380654e-07, 1.8371878606733139e-06, -8.237986559843048e-06, 3.6181704357064825e-05, -0.0001554689182271573,
  0.0006526863268798297, -0.00267307443964364, 0.010661133192510497, -0.041323577833252495, 0.1552936556088943,
];

/**
 * erf x: the Taylor series (its first two terms in double-double) for |x| ≤ 1; 1 − e^(−x²)·G(|x| − 3.5)
 * for 1 < |x| < 6, x² and e^(−x²) to ~2^-60; ±1 beyond (erfc 6 < 2^-55).
 */
function erf(v: V, x: L): L {
  const a = v.ap(Simd.f64x2_abs, x);
  // x·(1 + z·T(z)) = x − x³/3 (double-double) + x·z²·T₂(z) (T₂: T without its constant −1/3)
  const z2 = v.twoProd(a, a);
  const cube = v.ddMul(v.ddMul(ddl(v, a), z2), ddc2(v, -1 / 3, -1 / 3 / 2 ** 54));
  const rest = v.get(a).get(z2[0]).get(z2[0]).op(MUL, MUL).horner(z2[0], ERF_T.slice(0, -1)).op(MUL).pop();
  const [eh] = v.ddMul(ddc2(v, TWO_OVER_SQRTPI_HI, TWO_OVER_SQRTPI_LO), v.ddAdd(v.ddAdd(ddl(v, a), cube), ddl(v, rest)));
  const am = v.get(a).k(6).op(Simd.f64x2_min).pop();
  const [qh, ql] = v.twoProd(am, am);
  // e^(−qh−ql) = 2^k·(1 + uh + ul)·(1 − ql)
  const p = expParts(v, v.ap(Simd.f64x2_neg, qh));
  const [s1, e1] = v.fastTwoSum(v.c(1), p.uh);
  const ex = scale(v, v.get(e1).get(p.ul).op(ADD).get(ql).get(s1).op(MUL, SUB).get(s1).op(ADD).pop(), p.kb);
  const eb = v.k(1).get(ex).horner(v.sub(am, v.c(3.5)), ERFC_G).op(MUL, SUB).pop(); // 1 − erfc
  const r = v.sel(gt(v, a, 1), eb, eh);
  return v.copysign(v.sel(v.ap(Simd.f64x2_ge, a, v.c(6)), v.c(1), r), x);
}

const MORE: Partial<Record<UnaryOp, (v: V, x: L) => L>> = {
  expm1, tanh, sinh, cosh, log1p, log2, atanh, asinh, acosh, atan, asin, acos, cbrt, erf,
};

/** The unary ops implemented here. */
export const MORE_UNARY: UnaryOp[] = [...(Object.keys(MORE) as UnaryOp[]), "tan"];

/** Stack: v128 (f64x2) → v128, inline. */
export function emitMoreF64x2(ctx: GenContext, fb: FuncBuilder, op: UnaryOp): void {
  const v = new V(fb, ctx);
  const x = v.pop();
  if (op === "tan") return withImportAbove(v, x, TRIG_BOUND, "tan", () => tan(v, x));
  const fn = MORE[op];
  if (!fn) throw new Error(`wasm mathlib: no native ${op}`);
  v.get(fn(v, x));
}
