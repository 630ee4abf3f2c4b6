/**
 * @file float32 transcendentals as inline f32x4 code (four lanes per vector; scalar code runs the
 * same code on a splatted value, so the SIMD loop and its scalar tail agree bit for bit), within
 * 2 float32 ulp of the reference `fround(Math.f(x))`: exp, exp2, expm1, sinh, cosh (Cody–Waite
 * reduction by ln 2, minimax polynomials), log and log1p (mantissa in [√½, √2), minimax polynomial),
 * sin and cos (reduction by π/2 in float64, polynomials in float32; Math.sin/Math.cos beyond
 * 2^19·π/2), tanh (minimax polynomial below 0.625) and erf (Chebyshev fits made at load time from
 * the reference erf).
 */
import { UnaryOp } from "../../lower/kernel.js";
import { FuncBuilder, Op, Simd } from "./encoder.js";
import { GenContext, ImportName } from "./context.js";
import { MATH_CONSTANTS } from "./mathlib.js";
import { SimdCode } from "./mathkit.js";
import { helpers } from "../js/codegen.js";

/** SIMD opcodes used here that the encoder's table lacks. */
const S = {
  ...Simd,
  i32x4_shl: 0xab, i32x4_shr_s: 0xac, i32x4_shr_u: 0xad,
  f32x4_convert_i32x4_s: 0xfa, f32x4_pmin: 0xea, f32x4_pmax: 0xeb,
} as const;
const { f32x4_add: ADD, f32x4_sub: SUB, f32x4_mul: MUL, f32x4_div: DIV } = S;

/** Unary ops with an f32x4 implementation here. */
export const F32_UNARY: ReadonlySet<UnaryOp> = new Set<UnaryOp>(["exp", "exp2", "expm1", "log", "log1p", "sin", "cos", "tanh", "sinh", "cosh", "erf"]);

const LOG2E = 1.4426950408889634;
/**
 * 1.5·2^23: for |v| < 2^22, v + MAGIC rounds v to the nearest integer n (ties to even) and holds
 * 0x4b400000 + n in its bits, so one add gives n as a float (after − MAGIC) and as an integer.
 */
const MAGIC = 12582912, MAGIC_BITS = 0x4b400000;
/** The same trick in float64 (1.5·2^52): the low 32 bits hold n. */
const MAGIC64 = 6755399441055744;
/*
 * Polynomial tables (highest degree first, as `poly` takes them). Each is our own fit: a weighted
 * minimax (Remez exchange) approximation computed with mpmath at 60 significant digits, minimising
 * the relative error of the approximated function (weight given per table), then rounded to float32
 * one coefficient at a time from the lowest degree up, the still-free coefficients re-fitted
 * (Remez again) after each rounding. Extrema are located on a 3000-point grid refined by golden
 * section; the fitted quotients are 0/0 at 0, so an interval end at 0 is moved to 1e−30 and a grid
 * or reference point at 0 is nudged off it. The stated error is the weighted (relative) error of
 * the float32 coefficients in exact arithmetic.
 */
/**
 * ln 2 = LN2_HI + LN2_LO: LN2_HI is ln 2 rounded to 12 significant bits (2839/4096), so n·LN2_HI is
 * exact in float32 for |n| < 2^12; LN2_LO = ln 2 − 2839/4096 rounded to float32 (3.19461849…e−5).
 */
const LN2_HI = 0.693115234375, LN2_LO = 3.1946183e-5;
/**
 * e^r − 1 − r = r²·P(r) on |r| ≤ 0.3466 (ln2/2 plus the reduction's slack), degree 5: fit of
 * (e^r − 1 − r)/r² with weight r²/e^r; relative error of e^r 5.5e−10 (2^−30.8).
 */
const EXP_P = [1.7360022e-4, 1.3934592e-3, 8.337889e-3, 4.166648e-2, 1.6666648e-1, 0.5];
/**
 * log(1+f) = f − f²/2 + f³·P(f) on f ∈ [−0.29290, 0.41422] ⊇ [√½ − 1, √2 − 1], degree 8: fit of
 * (log(1+f) − f + f²/2)/f³ with weight f³/log(1+f); relative error of log(1+f) 2.4e−9 (2^−28.6).
 */
const LOG_P = [5.3545818e-2, -1.0927304e-1, 1.2108884e-1, -1.2549081e-1, 1.4209639e-1,
  -1.6659373e-1, 2.0002222e-1, -2.5000167e-1, 3.3333313e-1];
/**
 * sin r = r + r·z·S(z), z = r² ∈ [0, 0.7854²] (|r| ≤ π/4), degree 2: fit of (sin r − r)/r³ in z
 * with weight r³/sin r; relative error of sin r 4.0e−9 (2^−27.9).
 */
const SIN_S = [-1.951829e-4, 8.332189e-3, -1.6666655e-1];
/**
 * cos r = 1 − z/2 + z²·C(z), z = r² ∈ [0, 0.7854²], degree 2: fit of (cos r − 1 + z/2)/z² with
 * weight z²/cos r; relative error of cos r 1.2e−10 (2^−33.0).
 */
const COS_C = [2.4432327e-5, -1.388731e-3, 4.1666646e-2];
/**
 * tanh x = x + x·z·T(z), z = x² ∈ [0, 0.625²], degree 4: fit of (tanh x − x)/x³ in z with weight
 * x³/tanh x; relative error of tanh x 4.5e−9 (2^−27.7).
 */
const TANH_T = [-5.6922967e-3, 2.0628167e-2, -5.3736515e-2, 1.3331406e-1, -3.333328e-1];
/**
 * sinh x = x + x·z·Q(z), z = x² ∈ [0, 1], degree 2: fit of (sinh x − x)/x³ in z with weight
 * x³/sinh x; relative error of sinh x 2.4e−8 (2^−25.3).
 */
const SINH_Q = [2.037334e-4, 8.330271e-3, 1.6666716e-1];
/** sin/cos lanes with |x| above this call Math.sin/Math.cos (the reduction needs j·PIO2_1 exact). */
const TRIG_BOUND = Math.fround(2 ** 19 * 1.5707963267948966);

/** A thin helper over FuncBuilder for f32x4 code; constants live in hoisted locals. */
class F extends SimdCode {
  /** Push an f32x4 constant. */
  k(a: number): this {
    return this.bytes(new Float32Array([a, a, a, a]));
  }
  /** Push an i32x4 constant. */
  ki(a: number): this {
    return this.bytes(new Int32Array([a, a, a, a]));
  }
  /** Push an f64x2 constant. */
  kd(a: number): this {
    return this.bytes(new Float64Array([a, a]));
  }
  /** Push p(x) by Horner's rule, coefficients from the highest degree down. */
  poly(x: number, coeffs: number[]): this {
    this.k(coeffs[0]);
    for (let i = 1; i < coeffs.length; i++) this.get(x).op(MUL).k(coeffs[i]).op(ADD);
    return this;
  }
  /** Push the high two lanes of f32x4 local l as an f64x2. */
  high64(l: number): this {
    this.get(l).get(l).f.shuffle([8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]);
    return this.op(S.f64x2_promote_low_f32x4);
  }
  /** Stack: a b → the low 64 bits of a, then the low 64 bits of b. */
  join(): this {
    this.f.shuffle([0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]);
    return this;
  }
  /** Stack: → x's sign bits. */
  sign(x: number): this {
    return this.get(x).ki(-0x80000000).op(S.v128_and);
  }
}

/**
 * Push e^x·2^−s for local x (s = 0 or 1): x = n·ln2 + r, e^r = 1 + (r + r²·P(r)), scaled by
 * 2^⌊(n−s)/2⌋·2^⌈(n−s)/2⌉ (normal factors, one rounding). With `base2`, x is a power of 2 instead:
 * n = nearest(x), r = (x − n)·ln 2.
 */
function expCore(v: F, x: number, s: 0 | 1 = 0, base2 = false): void {
  const xc = v.local(), nb = v.local(), n = v.local(), r = v.local(), ni = v.local(), h = v.local();
  // e^−104 and 2^−151 round to 0, e^89 (e^90/2) and 2^129 overflow; NaN propagates (pmax/pmin return their first operand then)
  const [lo, hi] = base2 ? [-151, 129] : [-104, 89 + s];
  v.get(x).k(lo).op(S.f32x4_pmax).k(hi).op(S.f32x4_pmin).set(xc);
  v.get(xc);
  if (!base2) v.k(LOG2E).op(MUL);
  v.k(MAGIC).op(ADD).set(nb);
  v.get(nb).k(MAGIC).op(SUB).set(n);
  if (base2) v.get(xc).get(n).op(SUB).k(Math.LN2).op(MUL).set(r);
  else v.get(xc).get(n).k(LN2_HI).op(MUL, SUB).get(n).k(LN2_LO).op(MUL, SUB).set(r);
  v.get(nb).ki(MAGIC_BITS + s).op(S.i32x4_sub).set(ni);
  v.get(ni).shift(S.i32x4_shr_s, 1).set(h);
  v.k(1).get(r).get(r).get(r).op(MUL).poly(r, EXP_P).op(MUL, ADD, ADD);
  v.get(h).ki(127).op(S.i32x4_add).shift(S.i32x4_shl, 23).op(MUL);
  v.get(ni).get(h).op(S.i32x4_sub).ki(127).op(S.i32x4_add).shift(S.i32x4_shl, 23).op(MUL);
}

/** e^x − 1 = 2·(2^(n−1)·(e^r − 1) + (2^(n−1) − ½)): no cancellation for n ≠ 0, exact scaling for n = 0. */
function expm1(v: F, x: number): void {
  const xc = v.local(), nb = v.local(), n = v.local(), r = v.local(), half = v.local(), res = v.local();
  // expm1(−80) rounds to −1 and expm1(89) overflows; NaN propagates
  v.get(x).k(-80).op(S.f32x4_pmax).k(89).op(S.f32x4_pmin).set(xc);
  v.get(xc).k(LOG2E).op(MUL).k(MAGIC).op(ADD).set(nb);
  v.get(nb).k(MAGIC).op(SUB).set(n);
  v.get(xc).get(n).k(LN2_HI).op(MUL, SUB).get(n).k(LN2_LO).op(MUL, SUB).set(r);
  // 2^(n−1): the exponent field n − 1 + 127 (the shift drops MAGIC_BITS)
  v.get(nb).ki(126).op(S.i32x4_add).shift(S.i32x4_shl, 23).set(half);
  v.get(half).get(r).get(r).get(r).op(MUL).poly(r, EXP_P).op(MUL, ADD, MUL);
  v.get(half).k(0.5).op(SUB, ADD).k(2).op(MUL).set(res);
  // expm1 x = x for |x| < 2^−24 (±0 keep their sign; subnormals would be lost in 2^(n−1)·…)
  v.get(x).get(res).get(x).op(S.f32x4_abs).k(2 ** -24).op(S.f32x4_lt, S.v128_bitselect);
}

/**
 * Push log(x) for local x (plus `corr`, a small correction added before the last two roundings):
 * x = 2^e·m, m ∈ [√½, √2), log x = e·ln2 + f − f²/2 + f³·P(f) with f = m − 1 (exact).
 * Special values are the caller's.
 */
function logCore(v: F, x: number, corr = -1): void {
  const sub = v.local(), xs = v.local(), ei = v.local(), m = v.local(), big = v.local(), e = v.local();
  const f = v.local(), z = v.local(), y = v.local();
  // subnormals: scale by 2^23 first
  v.get(x).k(2 ** -126).op(S.f32x4_lt).set(sub);
  v.get(x).k(2 ** 23).op(MUL).get(x).get(sub).op(S.v128_bitselect).set(xs);
  v.get(xs).shift(S.i32x4_shr_u, 23).ki(127).op(S.i32x4_sub).get(sub).ki(23).op(S.v128_and, S.i32x4_sub).set(ei);
  v.get(xs).ki(0x007fffff).op(S.v128_and).ki(0x3f800000).op(S.v128_or).set(m);
  v.get(m).k(Math.SQRT2).op(S.f32x4_gt).set(big);
  v.get(m).k(0.5).op(MUL).get(m).get(big).op(S.v128_bitselect).set(m);
  v.get(ei).get(big).op(S.i32x4_sub, S.f32x4_convert_i32x4_s).set(e);
  v.get(m).k(1).op(SUB).set(f);
  v.get(f).get(f).op(MUL).set(z);
  // y = f·z·P(f) + e·LN2_LO − z/2 (+ corr); log = (f + y) + e·LN2_HI
  v.poly(f, LOG_P).get(f).op(MUL).get(z).op(MUL);
  v.get(e).k(LN2_LO).op(MUL, ADD);
  v.get(z).k(0.5).op(MUL, SUB);
  if (corr >= 0) v.get(corr).op(ADD);
  v.set(y);
  v.get(f).get(y).op(ADD).get(e).k(LN2_HI).op(MUL, ADD);
}

/** log x, with log(x < 0) = NaN, log(±0) = −∞, log(∞) = ∞. */
function log(v: F, x: number): void {
  logCore(v, x);
  specialsOfLog(v, x, 0);
}

/** Stack: log-like result → with NaN below `zero` (and for NaN), −∞ at `zero`, +∞ at +∞ (of local x). */
function specialsOfLog(v: F, x: number, zero: number): void {
  const res = v.local();
  v.set(res);
  v.k(NaN).get(res).get(x).k(zero).op(S.f32x4_lt).get(x).get(x).op(S.f32x4_ne, S.v128_or, S.v128_bitselect).set(res);
  v.k(-Infinity).get(res).get(x).k(zero).op(S.f32x4_eq, S.v128_bitselect).set(res);
  v.k(Infinity).get(res).get(x).k(Infinity).op(S.f32x4_eq, S.v128_bitselect);
}

/** log1p x = log u + (x − (u − 1))/u with u = 1 + x rounded (the correction restores the lost bits); x where u = 1. */
function log1p(v: F, x: number): void {
  const u = v.local(), c = v.local(), res = v.local();
  v.k(1).get(x).op(ADD).set(u);
  v.get(x).get(u).k(1).op(SUB, SUB).get(u).op(DIV).set(c);
  logCore(v, u, c);
  specialsOfLog(v, x, -1);
  v.set(res);
  v.get(x).get(res).get(u).k(1).op(S.f32x4_eq, S.v128_bitselect);
}

/**
 * sin or cos of local x: |x| = j·π/2 + r in float64 (three-part π/2, exact products for j < 2^20),
 * r rounded to float32, then minimax polynomials; the quadrant j mod 4 picks ±sin r or ±cos r.
 */
function trig(v: F, x: number, which: "sin" | "cos"): void {
  const { PIO2_1, PIO2_2, PIO2_3, INV_PIO2 } = MATH_CONSTANTS;
  const f = v.f;
  const ax = v.local(), h = v.local(), j = v.local(), r = v.local(), q = v.local();
  const z = v.local(), s = v.local(), c = v.local(), res = v.local(), big = v.local();
  v.get(x).op(S.f32x4_abs).set(ax);
  const rd: number[] = [], jd: number[] = [];
  for (const half of [0, 1]) {
    const rh = v.local(), jh = v.local();
    if (half === 0) v.get(ax).op(S.f64x2_promote_low_f32x4);
    else v.high64(ax);
    v.set(h);
    v.get(h).kd(INV_PIO2).op(S.f64x2_mul).kd(MAGIC64).op(S.f64x2_add).set(jh);
    v.get(jh).kd(MAGIC64).op(S.f64x2_sub).set(j);
    v.get(h).get(j).kd(PIO2_1).op(S.f64x2_mul, S.f64x2_sub).get(j).kd(PIO2_2).op(S.f64x2_mul, S.f64x2_sub);
    v.get(j).kd(PIO2_3).op(S.f64x2_mul, S.f64x2_sub, S.f32x4_demote_f64x2_zero).set(rh);
    rd.push(rh);
    jd.push(jh);
  }
  v.get(rd[0]).get(rd[1]).join().set(r);
  // j mod 2^32: the low 32 bits of each float64 lane
  v.get(jd[0]).get(jd[1]).f.shuffle([0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27]);
  v.set(q);
  v.get(r).get(r).op(MUL).set(z);
  v.get(r).get(r).get(z).op(MUL).poly(z, SIN_S).op(MUL, ADD).set(s);
  v.get(z).get(z).op(MUL).poly(z, COS_C).op(MUL).get(z).k(0.5).op(MUL, SUB).k(1).op(ADD).set(c);
  // odd quadrants swap sin and cos; the sign is bit 1 of j (of j + 1 for cos), and x's sign for sin
  const [even, odd] = which === "sin" ? [s, c] : [c, s];
  v.get(odd).get(even).get(q).ki(1).op(S.v128_and).ki(1).op(S.i32x4_eq, S.v128_bitselect);
  v.get(q);
  if (which === "cos") v.ki(1).op(S.i32x4_add);
  v.ki(2).op(S.v128_and).shift(S.i32x4_shl, 30).op(S.v128_xor);
  if (which === "sin") v.sign(x).op(S.v128_xor);
  v.set(res);
  // huge or infinite lanes: Math.sin/Math.cos
  v.get(ax).k(TRIG_BOUND).op(S.f32x4_gt).set(big);
  v.get(big).op(S.v128_any_true);
  f.block(Op.if);
  viaImport(v, x, which);
  v.get(res).get(big).op(S.v128_bitselect).set(res);
  f.op(Op.end);
  v.get(res);
}

/** Push op(x) computed lane by lane by the imported Math function (exactly the reference's value). */
function viaImport(v: F, x: number, op: ImportName): void {
  const f = v.f;
  for (let lane = 0; lane < 4; lane++) {
    f.get(x).lane(S.f32x4_extract_lane, lane).op(Op.f64_promote_f32);
    v.ctx.callImport(f, op);
    f.op(Op.f32_demote_f64);
    if (lane === 0) f.simd(S.f32x4_splat);
    else f.lane(S.f32x4_replace_lane, lane);
  }
}

/** tanh x = ±(|x| + |x|·z·T(z)) for |x| < 0.625, else ±(1 − 2/(e^{2|x|} + 1)). */
function tanh(v: F, x: number): void {
  const ax = v.local(), z = v.local(), p = v.local(), ax2 = v.local();
  v.get(x).op(S.f32x4_abs).set(ax);
  v.get(ax).get(ax).op(MUL).set(z);
  v.get(ax).get(ax).get(z).op(MUL).poly(z, TANH_T).op(MUL, ADD).set(p);
  v.get(ax).get(ax).op(ADD).set(ax2);
  v.get(p);
  v.k(1).k(2);
  expCore(v, ax2);
  v.k(1).op(ADD, DIV, SUB);
  v.get(ax).k(0.625).op(S.f32x4_lt, S.v128_bitselect);
  v.sign(x).op(S.v128_or);
}

/** sinh x = ±(E − ¼/E) with E = e^|x|/2 (no overflow before sinh's own), x + x·z·Q(z) for |x| < 1. */
function sinh(v: F, x: number): void {
  const ax = v.local(), z = v.local(), e = v.local();
  v.get(x).op(S.f32x4_abs).set(ax);
  v.get(ax).get(ax).op(MUL).set(z);
  expCore(v, ax, 1);
  v.set(e);
  v.get(ax).get(ax).get(z).op(MUL).poly(z, SINH_Q).op(MUL, ADD);
  v.get(e).k(0.25).get(e).op(DIV, SUB);
  v.get(ax).k(1).op(S.f32x4_lt, S.v128_bitselect);
  v.sign(x).op(S.v128_or);
}

/** cosh x = E + ¼/E with E = e^|x|/2. */
function cosh(v: F, x: number): void {
  const ax = v.local(), e = v.local();
  v.get(x).op(S.f32x4_abs).set(ax);
  expCore(v, ax, 1);
  v.set(e);
  v.get(e).k(0.25).get(e).op(DIV, ADD);
}

/**
 * The polynomial of degree n interpolating f at the Chebyshev nodes of [a, b] (near-minimax), as
 * coefficients in u = (t − (a+b)/2)/((b−a)/2) ∈ [−1, 1], highest degree first.
 */
function chebyshevFit(f: (t: number) => number, a: number, b: number, n: number): number[] {
  const m = (a + b) / 2, h = (b - a) / 2, N = n + 1;
  const fx = Array.from({ length: N }, (_, k) => f(m + h * Math.cos((Math.PI * (k + 0.5)) / N)));
  // c_j = (2/N) Σ_k f(x_k) cos(πj(k+½)/N), p(u) = c_0/2 + Σ_{j≥1} c_j T_j(u)
  const c = Array.from({ length: N }, (_, j) => (2 / N) * fx.reduce((acc, y, k) => acc + y * Math.cos((Math.PI * j * (k + 0.5)) / N), 0));
  c[0] /= 2;
  const mono = new Array<number>(N).fill(0);
  let prev = [1], cur = [0, 1]; // T_0, T_1 as monomial coefficients (ascending)
  mono[0] += c[0];
  for (let j = 1; j < N; j++) {
    cur.forEach((t, i) => (mono[i] += c[j] * t));
    // T_{j+1} = 2u·T_j − T_{j−1}
    const next = [0, ...cur.map((t) => 2 * t)];
    prev.forEach((t, i) => (next[i] -= t));
    [prev, cur] = [cur, next];
  }
  return mono.reverse();
}
/** erf x = x·P(x²·(2/S²) − 1) on |x| < S (P fits erf(√t)/√t on t ∈ [0, S²]). */
const ERF_S = 1.5;
const ERF_P = chebyshevFit((t) => helpers.erf(Math.sqrt(t)) / Math.sqrt(t), 0, ERF_S ** 2, 10);
/** erf x = 1 − e^(−x²)·Q((x − m)/h) on S ≤ x ≤ 4 (Q fits erfc(x)·e^(x²); erf rounds to 1 beyond 3.92). */
const ERFC_Q = chebyshevFit((x) => (1 - helpers.erf(x)) * Math.exp(x * x), ERF_S, 4, 10);

/** erf x = ±(|x|·P(…)) for |x| < S, else ±(1 − e^(−x²)·Q(…)) with |x| clamped to 4. */
function erf(v: F, x: number): void {
  const ax = v.local(), u = v.local(), t = v.local(), nz = v.local(), small = v.local();
  v.get(x).op(S.f32x4_abs).set(ax);
  v.get(ax).get(ax).op(MUL).k(2 / ERF_S ** 2).op(MUL).k(1).op(SUB).set(u);
  v.get(ax).poly(u, ERF_P).op(MUL).set(small);
  v.get(ax).k(4).op(S.f32x4_pmin).set(t);
  v.get(t).get(t).op(MUL, S.f32x4_neg).set(nz);
  v.get(t).k((4 + ERF_S) / 2).op(SUB).k(2 / (4 - ERF_S)).op(MUL).set(u);
  v.get(small);
  v.k(1);
  expCore(v, nz);
  v.poly(u, ERFC_Q).op(MUL, SUB);
  v.get(ax).k(ERF_S).op(S.f32x4_lt, S.v128_bitselect);
  v.sign(x).op(S.v128_or);
}

/** Stack: f32x4 → op(f32x4), inline (op ∈ F32_UNARY). */
export function emitUnaryF32x4(ctx: GenContext, fb: FuncBuilder, op: UnaryOp): void {
  const v = new F(fb, ctx);
  const x = v.local();
  v.set(x);
  switch (op) {
    case "exp": expCore(v, x); return;
    case "exp2": expCore(v, x, 0, true); return;
    case "sinh": sinh(v, x); return;
    case "cosh": cosh(v, x); return;
    case "erf": erf(v, x); return;
    case "expm1": expm1(v, x); return;
    case "log": log(v, x); return;
    case "log1p": log1p(v, x); return;
    case "sin": case "cos": trig(v, x, op); return;
    case "tanh": tanh(v, x); return;
  }
  throw new Error(`wasm mathf32: no f32x4 ${op}`);
}

/** Stack: f64 holding a float32 value → f64 holding op of it (the f32x4 code on a splatted value). */
export function emitUnaryF32(ctx: GenContext, fb: FuncBuilder, op: UnaryOp): void {
  fb.op(Op.f32_demote_f64).simd(Simd.f32x4_splat);
  emitUnaryF32x4(ctx, fb, op);
  fb.lane(Simd.f32x4_extract_lane, 0).op(Op.f64_promote_f32);
}
