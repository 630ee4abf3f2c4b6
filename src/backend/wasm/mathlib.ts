/**
 * @file Transcendental functions computed inside the module in float64 (faithfully rounded, within
 * 1 ulp of Math.*), as f64x2 helper functions that scalar code calls on a splatted value:
 * exp (Cody–Waite reduction by ln 2, Taylor polynomial), log (reduction to [√½, √2), atanh series),
 * sin and cos (four-part reduction by π/2 with a double-double remainder, Taylor polynomials;
 * Math.sin/Math.cos for |x| > 2^19·π/2).
 */
import { UnaryOp } from "../../lower/kernel.js";
import { FuncBuilder, Op, Simd, V128 } from "./encoder.js";
import { GenContext } from "./context.js";

/** Unary ops with an in-module implementation. */
export const NATIVE_UNARY: ReadonlySet<UnaryOp> = new Set<UnaryOp>(["exp", "log", "sin", "cos"]);

// Constants, derived with exact BigInt arithmetic from series for ln 2 (Σ 1/(k·2^k)) and π (Machin);
// test/wasm.test.ts re-derives them. *_HI parts keep ≤ 33 significant bits, so n·HI is exact.
const LN2_HI = 0.6931471803691238; // ln 2 to 32 bits
const LN2_LO = 1.9082149292705877e-10; // ln 2 − LN2_HI, rounded
const INV_LN2 = 1.4426950408889634;
const PIO2_1 = 1.5707963267341256; // π/2 to 33 bits
const PIO2_2 = 6.077100506303966e-11; // next 33 bits
const PIO2_3 = 2.0222662487111665e-21; // next 33 bits
const PIO2_4 = 8.4784276603689e-32; // the rest, rounded: ~150 bits of π/2 in all
const INV_PIO2 = 0.6366197723675814;
/** Largest |x| reduced in-module (n < 2^19 keeps n·PIO2_1 exact). */
const TRIG_BOUND = 2 ** 19 * 1.5707963267948966;
/** 1.5·2^52: adding it to an integer-valued double puts the integer in the low mantissa bits. */
const MAGIC = 6755399441055744;

/** The constants, for tests that re-derive them. */
export const MATH_CONSTANTS = { LN2_HI, LN2_LO, INV_LN2, PIO2_1, PIO2_2, PIO2_3, PIO2_4, INV_PIO2 };

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
/** exp: r²·(1/2! + r/3! + … + r^11/13!), Horner from the highest coefficient. */
const EXP_Q = Array.from({ length: 12 }, (_, i) => 1 / factorial(13 - i));
/** log: R(z) = Σ_{i=1..11} 2z^i/(2i+1) = z·(2/3 + z·(2/5 + …)). */
const LOG_R = Array.from({ length: 11 }, (_, i) => 2 / (2 * (11 - i) + 1));
/** sin: S(z) = −1/3! + z/5! − … + z^7/17!. */
const SIN_S = Array.from({ length: 8 }, (_, i) => ((7 - i) % 2 ? 1 : -1) / factorial(2 * (7 - i) + 3));
/** cos: C(z) = 1/4! − z/6! + … + z^6/16!. */
const COS_C = Array.from({ length: 7 }, (_, i) => ((6 - i) % 2 ? -1 : 1) / factorial(2 * (6 - i) + 4));

/** A thin helper over FuncBuilder for f64x2 code; constants live in hoisted locals. */
class V {
  constructor(readonly f: FuncBuilder, readonly ctx: GenContext) {}
  /** A fresh v128 local. */
  local(): number {
    return this.f.local(V128);
  }
  /** Push an f64x2 constant. */
  k(a: number): this {
    this.f.get(this.ctx.v128Const(new Uint8Array(new Float64Array([a, a]).buffer)));
    return this;
  }
  /** Push an i64x2 constant. */
  ki(a: bigint): this {
    this.f.get(this.ctx.v128Const(new Uint8Array(new BigInt64Array([a, a]).buffer)));
    return this;
  }
  /** local.get */
  get(l: number): this {
    this.f.get(l);
    return this;
  }
  /** local.set */
  set(l: number): this {
    this.f.set(l);
    return this;
  }
  /** SIMD instructions without immediates. */
  op(...subs: number[]): this {
    for (const s of subs) this.f.simd(s);
    return this;
  }
  /** Shift i64 lanes (`op` is shl/shr_s/shr_u). */
  shift(op: number, by: number): this {
    this.f.i32(by);
    this.f.simd(op);
    return this;
  }
  /**
   * Push p(z) for coefficients from the highest degree down, by Estrin's scheme (pairs combined
   * with z, z², z⁴, …): a short dependency chain, so consecutive vectors overlap in the pipeline.
   */
  horner(z: number, coeffs: number[]): this {
    let terms: (number | { c: number })[] = coeffs.slice().reverse().map((c) => ({ c })); // ascending
    let power = z;
    const push = (t: number | { c: number }) => (typeof t === "number" ? this.get(t) : this.k(t.c));
    while (terms.length > 1) {
      const next: (number | { c: number })[] = [];
      for (let i = 0; i < terms.length; i += 2) {
        if (i + 1 === terms.length) {
          next.push(terms[i]);
          continue;
        }
        const l = this.local();
        push(terms[i]);
        push(terms[i + 1]);
        this.get(power).op(Simd.f64x2_mul, Simd.f64x2_add).set(l);
        next.push(l);
      }
      terms = next;
      if (terms.length > 1) {
        const sq = this.local();
        this.get(power).get(power).op(Simd.f64x2_mul).set(sq);
        power = sq;
      }
    }
    return push(terms[0]);
  }
}

const { f64x2_add: ADD, f64x2_sub: SUB, f64x2_mul: MUL, f64x2_div: DIV } = Simd;

/** Stack: x → exp(x). */
function emitExp(ctx: GenContext, f: FuncBuilder): void {
  const v = new V(f, ctx);
  const x = v.local();
  f.set(x);
  const k = v.local(), hi = v.local(), lo = v.local(), r = v.local(), p = v.local(), y = v.local(), kb = v.local();
  // clamp so that k stays small: exp(−746) rounds to 0 and exp(710) overflows; NaN propagates
  v.get(x).k(-746).op(Simd.f64x2_max).k(710).op(Simd.f64x2_min).set(x);
  v.get(x).k(INV_LN2).op(MUL, Simd.f64x2_nearest).set(k);
  v.get(x).get(k).k(LN2_HI).op(MUL, SUB).set(hi); // exact
  v.get(k).k(LN2_LO).op(MUL).set(lo);
  v.get(hi).get(lo).op(SUB).set(r);
  v.horner(r, EXP_Q).get(r).get(r).op(MUL, MUL).set(p);
  // e^r = 1 + (hi − (lo − p))
  v.k(1).get(hi).get(lo).get(p).op(SUB, SUB, ADD).set(y);
  // y · 2^k as y · 2^(k>>1) · 2^(k − (k>>1)): each factor is a normal number, one rounding at the end
  v.get(k).k(MAGIC).op(ADD).set(kb);
  v.get(y);
  v.get(kb).shift(Simd.i64x2_shr_s, 1).ki(1023n).op(Simd.i64x2_add).shift(Simd.i64x2_shl, 52).op(MUL);
  v.get(kb).get(kb).shift(Simd.i64x2_shr_s, 1).op(Simd.i64x2_sub).ki(1023n).op(Simd.i64x2_add).shift(Simd.i64x2_shl, 52).op(MUL);
}

/** Stack: x → log(x). */
function emitLog(ctx: GenContext, f: FuncBuilder): void {
  const v = new V(f, ctx);
  const x = v.local();
  f.set(x);
  const sub = v.local(), xs = v.local(), kf = v.local(), m = v.local(), big = v.local();
  const fr = v.local(), hfsq = v.local(), s = v.local(), z = v.local(), res = v.local();
  // subnormals: scale by 2^54 first
  v.get(x).k(2 ** -1022).op(Simd.f64x2_lt).set(sub);
  v.get(x).k(2 ** 54).op(MUL).get(x).get(sub).op(Simd.v128_bitselect).set(xs);
  // exponent: kf = e − 1023 (− 54 for subnormals), via 2^52 + e
  v.get(xs).shift(Simd.i64x2_shr_u, 52).ki(0x7ffn).op(Simd.v128_and).ki(0x4330000000000000n).op(Simd.v128_or);
  v.k(2 ** 52 + 1023).op(SUB).k(54).get(sub).op(Simd.v128_and, SUB).set(kf);
  // mantissa m in [1, 2), then [√½, √2)
  v.get(xs).ki(0x000fffffffffffffn).op(Simd.v128_and).ki(0x3ff0000000000000n).op(Simd.v128_or).set(m);
  v.get(m).k(Math.SQRT2).op(Simd.f64x2_gt).set(big);
  v.get(m).k(0.5).op(MUL).get(m).get(big).op(Simd.v128_bitselect).set(m);
  v.get(kf).k(1).get(big).op(Simd.v128_and, ADD).set(kf);
  // log(1+f) = f − (hfsq − s·(hfsq + R)), s = f/(2+f)
  v.get(m).k(1).op(SUB).set(fr);
  v.k(0.5).get(fr).op(MUL).get(fr).op(MUL).set(hfsq);
  v.get(fr).k(2).get(fr).op(ADD, DIV).set(s);
  v.get(s).get(s).op(MUL).set(z);
  // res = k·ln2_hi − ((hfsq − (s·(hfsq + R) + k·ln2_lo)) − f)
  v.get(kf).k(LN2_HI).op(MUL);
  v.get(hfsq);
  v.get(s).get(hfsq).horner(z, LOG_R).get(z).op(MUL, ADD, MUL);
  v.get(kf).k(LN2_LO).op(MUL, ADD, SUB);
  v.get(fr).op(SUB, SUB).set(res);
  // special values: x < 0 or NaN → NaN; ±0 → −∞; +∞ → +∞
  v.k(NaN).get(res).get(x).k(0).op(Simd.f64x2_lt).get(x).get(x).op(Simd.f64x2_ne, Simd.v128_or, Simd.v128_bitselect).set(res);
  v.k(-Infinity).get(res).get(x).k(0).op(Simd.f64x2_eq, Simd.v128_bitselect).set(res);
  v.k(Infinity).get(res).get(x).k(Infinity).op(Simd.f64x2_eq, Simd.v128_bitselect);
}

/** Stack: x → sin(x) or cos(x). */
function emitTrig(ctx: GenContext, f: FuncBuilder, which: "sin" | "cos"): void {
  const v = new V(f, ctx);
  const x = v.local();
  f.set(x);
  // large or non-finite arguments: Math.sin/Math.cos lane by lane
  v.get(x).op(Simd.f64x2_abs).k(TRIG_BOUND).op(Simd.f64x2_gt, Simd.v128_any_true);
  f.block(Op.if, V128);
  for (let lane = 0; lane < 2; lane++) {
    f.get(x).lane(Simd.f64x2_extract_lane, lane);
    ctx.callImport(f, which);
    if (lane === 0) f.simd(Simd.f64x2_splat);
    else f.lane(Simd.f64x2_replace_lane, 1);
  }
  f.op(Op.else);
  const n = v.local(), y1 = v.local(), w = v.local(), s1 = v.local(), bb = v.local(), e1 = v.local();
  const s2 = v.local(), e2 = v.local(), tail = v.local(), rh = v.local(), rl = v.local(), z = v.local();
  const sn = v.local(), cs = v.local(), nb = v.local();
  v.get(x).k(INV_PIO2).op(MUL, Simd.f64x2_nearest).k(0).op(ADD).set(n); // + 0 turns −0 into +0
  v.get(x).get(n).k(PIO2_1).op(MUL, SUB).set(y1); // exact
  // (s1, e1) = TwoSum(y1, −n·PIO2_2); (s2, e2) = TwoSum(s1, −n·PIO2_3); products exact
  const twoSum = (a: number, sum: number, err: number) => {
    v.get(a).get(w).op(SUB).set(sum);
    v.get(sum).get(a).op(SUB).set(bb);
    v.get(a).get(sum).get(bb).op(SUB, SUB).get(w).get(bb).op(ADD, SUB).set(err);
  };
  v.get(n).k(PIO2_2).op(MUL).set(w);
  twoSum(y1, s1, e1);
  v.get(n).k(PIO2_3).op(MUL).set(w);
  twoSum(s1, s2, e2);
  v.get(e1).get(e2).op(ADD).get(n).k(PIO2_4).op(MUL, SUB).set(tail);
  v.get(s2).get(tail).op(ADD).set(rh);
  v.get(s2).get(rh).op(SUB).get(tail).op(ADD).set(rl);
  v.get(rh).get(rh).op(MUL).set(z);
  // sin(rh + rl) ≈ rh + (rh·z·S(z) + rl·(1 − z/2))
  v.get(rh);
  v.get(rh).get(z).op(MUL).horner(z, SIN_S).op(MUL);
  v.get(rl).k(1).k(0.5).get(z).op(MUL, SUB, MUL, ADD, ADD).set(sn);
  // cos(rh + rl) ≈ w + (((1 − w) − z/2) + (z²·C(z) − rh·rl)), w = 1 − z/2
  v.k(1).k(0.5).get(z).op(MUL, SUB).set(w);
  v.get(w);
  v.k(1).get(w).op(SUB).k(0.5).get(z).op(MUL, SUB);
  v.get(z).get(z).op(MUL).horner(z, COS_C).op(MUL).get(rh).get(rl).op(MUL, SUB, ADD, ADD).set(cs);
  // quadrant n mod 4: odd quadrants swap sin and cos; the sign comes from bit 1 of n (of n + 1 for cos)
  v.get(n).k(MAGIC).op(ADD).set(nb);
  const [even, odd] = which === "sin" ? [sn, cs] : [cs, sn];
  v.get(odd).get(even).get(nb).ki(1n).op(Simd.v128_and).ki(1n).op(Simd.i64x2_eq, Simd.v128_bitselect);
  v.get(nb);
  if (which === "cos") v.ki(1n).op(Simd.i64x2_add);
  v.ki(2n).op(Simd.v128_and).shift(Simd.i64x2_shl, 62).op(Simd.v128_xor);
  if (which === "sin") {
    // sin(±0) = ±0
    f.set(sn);
    v.get(x).get(sn).get(x).k(0).op(Simd.f64x2_eq, Simd.v128_bitselect);
  }
  f.op(Op.end);
}

/** Stack: v128 (f64x2) → v128, inline. */
export function emitNativeUnaryF64x2(ctx: GenContext, fb: FuncBuilder, op: UnaryOp): void {
  switch (op) {
    case "exp": emitExp(ctx, fb); return;
    case "log": emitLog(ctx, fb); return;
    case "sin": case "cos": emitTrig(ctx, fb, op); return;
  }
  throw new Error(`wasm mathlib: no native ${op}`);
}

/** Stack: f64 → f64 (the f64x2 code on a splatted value). */
export function emitNativeUnary(ctx: GenContext, fb: FuncBuilder, op: UnaryOp): void {
  fb.simd(Simd.f64x2_splat);
  emitNativeUnaryF64x2(ctx, fb, op);
  fb.lane(Simd.f64x2_extract_lane, 0);
}
