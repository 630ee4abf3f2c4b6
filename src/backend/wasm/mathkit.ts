/**
 * @file Building blocks of the in-module float64 math (mathlib.ts, mathlib_more.ts): an f64x2 code
 * helper with double-double arithmetic, the split constants, and the argument reductions shared by
 * several functions (exp by ln 2, log to a mantissa in [√½, √2), sin/cos by π/2).
 */
import { FuncBuilder, Op, Simd, V128 } from "./encoder.js";
import { GenContext, ImportName } from "./context.js";

// Constants, derived with exact BigInt arithmetic from series for ln 2 (Σ 1/(k·2^k)) and π (Machin);
// test/wasm.test.ts and test/wasm_math64.test.ts re-derive them. *_HI parts of ln 2 and π/2 keep
// ≤ 33 significant bits, so n·HI is exact; INV_LN2_HI keeps 32 bits, so (21-bit)·INV_LN2_HI is exact.
export const LN2_HI = 0.6931471803691238; // ln 2 to 32 bits
export const LN2_LO = 1.9082149292705877e-10; // ln 2 − LN2_HI, rounded
export const INV_LN2 = 1.4426950408889634;
export const INV_LN2_HI = 1.4426950407214463; // 1/ln 2 to 32 bits
export const INV_LN2_LO = 1.6751713164886512e-10; // 1/ln 2 − INV_LN2_HI, rounded
export const PIO2_1 = 1.5707963267341256; // π/2 to 33 bits
export const PIO2_2 = 6.077100506303966e-11; // next 33 bits
export const PIO2_3 = 2.0222662487111665e-21; // next 33 bits
export const PIO2_4 = 8.4784276603689e-32; // the rest, rounded: ~150 bits of π/2 in all
export const INV_PIO2 = 0.6366197723675814;
/** π/4, π/2 and π as the nearest double plus the rounded remainder. */
export const PIO4_HI = 0.7853981633974483, PIO4_LO = 3.061616997868383e-17;
export const PIO2_HI = 1.5707963267948966, PIO2_LO = 6.123233995736766e-17;
export const PI_HI = 3.141592653589793, PI_LO = 1.2246467991473532e-16;
/** Largest |x| reduced in-module by sin/cos/tan (n < 2^19 keeps n·PIO2_1 exact). */
export const TRIG_BOUND = 2 ** 19 * 1.5707963267948966;
/** 1.5·2^52: adding it to an integer-valued double puts the integer in the low mantissa bits. */
export const MAGIC = 6755399441055744;

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
/** exp: r²·(1/2! + r/3! + … + r^11/13!), Horner from the highest coefficient. */
const EXP_Q = Array.from({ length: 12 }, (_, i) => 1 / factorial(13 - i));
/** log: R(z) = Σ_{i=1..11} 2z^i/(2i+1) = z·(2/3 + z·(2/5 + …)). */
const LOG_R = Array.from({ length: 11 }, (_, i) => 2 / (2 * (11 - i) + 1));
/** sin: S(z) = −1/3! + z/5! − … + z^7/17!. */
const SIN_S = Array.from({ length: 8 }, (_, i) => ((7 - i) % 2 ? 1 : -1) / factorial(2 * (7 - i) + 3));
/** cos: C(z) = 1/4! − z/6! + … + z^6/16!. */
const COS_C = Array.from({ length: 7 }, (_, i) => ((6 - i) % 2 ? -1 : 1) / factorial(2 * (6 - i) + 4));

/** A v128 local. */
export type L = number;
/** A double-double value hi + lo in two locals (|lo| ≤ ulp(hi)/2 after normalisation). */
export type DD = [L, L];

const { f64x2_add: ADD, f64x2_sub: SUB, f64x2_mul: MUL, f64x2_div: DIV } = Simd;

/** The stack-style core shared by the SIMD math builders (f64x2 here, f32x4 in mathf32.ts). */
export class SimdCode {
  constructor(readonly f: FuncBuilder, readonly ctx: GenContext) {}
  /** A fresh v128 local. */
  local(): number {
    return this.f.local(V128);
  }
  /** Push the 16-byte constant `bytes` (from a local hoisted into the kernel preamble). */
  bytes(b: ArrayBufferView): this {
    this.f.get(this.ctx.v128Const(new Uint8Array(b.buffer, b.byteOffset, 16)));
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
  /** Shift lanes by a constant (`op` is a shl/shr_s/shr_u). */
  shift(op: number, by: number): this {
    this.f.i32(by);
    this.f.simd(op);
    return this;
  }
}

/**
 * A thin helper over FuncBuilder for f64x2 code: stack-style methods (`get`, `k`, `op`, …) and
 * local-style ones that compute into a fresh local and return it (`add`, `mul`, `sel`, `twoSum`, …).
 * Constants live in locals hoisted into the kernel preamble.
 */
export class V extends SimdCode {
  /** The local holding the f64x2 constant `a`. */
  c(a: number): L {
    return this.ctx.v128Const(new Uint8Array(new Float64Array([a, a]).buffer));
  }
  /** The local holding the i64x2 constant `a`. */
  ci(a: bigint): L {
    return this.ctx.v128Const(new Uint8Array(new BigInt64Array([a, a]).buffer));
  }
  /** Push an f64x2 constant. */
  k(a: number): this {
    return this.get(this.c(a));
  }
  /** Push an i64x2 constant. */
  ki(a: bigint): this {
    return this.get(this.ci(a));
  }
  /** Pop the stack top into a fresh local. */
  pop(): L {
    const l = this.local();
    this.f.set(l);
    return l;
  }

  /** `op` applied to locals, into a fresh local. */
  ap(op: number, ...args: L[]): L {
    for (const a of args) this.get(a);
    return this.op(op).pop();
  }
  add(a: L, b: L): L { return this.ap(ADD, a, b); }
  sub(a: L, b: L): L { return this.ap(SUB, a, b); }
  mul(a: L, b: L): L { return this.ap(MUL, a, b); }
  div(a: L, b: L): L { return this.ap(DIV, a, b); }
  /** a ? b : c lane by lane, for a lane mask a. */
  sel(m: L, a: L, b: L): L {
    return this.get(a).get(b).get(m).op(Simd.v128_bitselect).pop();
  }
  /** |a| with the sign of s. */
  copysign(a: L, s: L): L {
    return this.get(s).get(a).ki(-0x8000000000000000n).op(Simd.v128_bitselect).pop();
  }

  /** Push p(z) (coefficients from the highest degree down; see `horner`) and keep it in a local. */
  poly(z: L, coeffs: number[]): L {
    return this.horner(z, coeffs).pop();
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
        this.get(power).op(MUL, ADD).set(l);
        next.push(l);
      }
      terms = next;
      if (terms.length > 1) {
        const sq = this.local();
        this.get(power).get(power).op(MUL).set(sq);
        power = sq;
      }
    }
    return push(terms[0]);
  }

  // ---- double-double arithmetic (Knuth TwoSum, Dekker TwoProd with Veltkamp splitting) ----

  /** s + e = a + b exactly. */
  twoSum(a: L, b: L): DD {
    const s = this.add(a, b), bb = this.sub(s, a);
    const e = this.get(a).get(s).get(bb).op(SUB, SUB).get(b).get(bb).op(SUB, ADD).pop();
    return [s, e];
  }
  /** s + e = a + b exactly, when |a| ≥ |b| or a = 0. */
  fastTwoSum(a: L, b: L): DD {
    const s = this.add(a, b);
    return [s, this.get(b).get(s).get(a).op(SUB, SUB).pop()];
  }
  /** hi + lo = a, each with ≤ 26 significant bits (|a| < 2^996). */
  split(a: L): DD {
    const t = this.mul(a, this.c(134217729));
    const hi = this.get(t).get(t).get(a).op(SUB, SUB).pop();
    return [hi, this.sub(a, hi)];
  }
  /** p + e = a·b exactly (no overflow or underflow). */
  twoProd(a: L, b: L): DD {
    const p = this.mul(a, b);
    const [ah, al] = this.split(a), [bh, bl] = this.split(b);
    this.get(ah).get(bh).op(MUL).get(p).op(SUB).get(ah).get(bl).op(MUL, ADD).get(al).get(bh).op(MUL, ADD);
    return [p, this.get(al).get(bl).op(MUL, ADD).pop()];
  }
  /** (a + b) as a normalised double-double. */
  ddAdd([ah, al]: DD, [bh, bl]: DD): DD {
    const [s, e] = this.twoSum(ah, bh);
    return this.fastTwoSum(s, this.get(e).get(al).get(bl).op(ADD, ADD).pop());
  }
  /** a·b. */
  ddMul([ah, al]: DD, [bh, bl]: DD): DD {
    const [p, e] = this.twoProd(ah, bh);
    return this.fastTwoSum(p, this.get(e).get(ah).get(bl).op(MUL, ADD).get(al).get(bh).op(MUL, ADD).pop());
  }
  /** a/b: q1 = ah·(1/bh) corrected by the exact remainder: q1 + (a − q1·b)·(1/bh), one division. */
  ddDiv([ah, al]: DD, [bh, bl]: DD): DD {
    const inv = this.div(this.c(1), bh);
    const q1 = this.mul(ah, inv);
    const [p, pe] = this.twoProd(q1, bh);
    this.get(ah).get(p).op(SUB).get(pe).op(SUB).get(al).op(ADD).get(q1).get(bl).op(MUL, SUB);
    return this.fastTwoSum(q1, this.get(inv).op(MUL).pop());
  }
  /** √a (a ≥ 0; 0 for a = 0): s = √ah corrected by (a − s²)/(2s). */
  ddSqrt([ah, al]: DD): DD {
    const s = this.ap(Simd.f64x2_sqrt, ah);
    const [p, pe] = this.twoProd(s, s);
    const r = this.get(ah).get(p).op(SUB).get(pe).op(SUB).get(al).op(ADD).get(s).get(s).op(ADD, DIV).pop();
    return this.fastTwoSum(s, this.sel(this.ap(Simd.f64x2_eq, ah, this.c(0)), this.c(0), r));
  }
}

/** e^x = 2^k·(1 + uh + ul); kb holds k in its low bits (k + MAGIC). */
export interface ExpParts { k: L; kb: L; uh: L; ul: L }

/**
 * Reduce x (|x| ≤ 746) by ln 2: x = k·ln 2 + r + c with r + c exact to ~2^-75, and
 * e^(r+c) − 1 ≈ r + r²·Q(r) + c·(1 + r) (Taylor to r^13/13!: |r| ≤ ln2/2, truncation < 2^-60·r).
 */
export function expParts(v: V, x: L): ExpParts {
  const k = v.get(x).k(INV_LN2).op(MUL, Simd.f64x2_nearest).pop();
  const hi = v.get(x).get(k).k(LN2_HI).op(MUL, SUB).pop(); // exact
  const lo = v.mul(k, v.c(LN2_LO));
  const r = v.sub(hi, lo);
  const c = v.get(hi).get(r).op(SUB).get(lo).op(SUB).pop();
  const p = v.horner(r, EXP_Q).get(r).get(r).op(MUL, MUL).pop();
  const [uh, ul] = v.fastTwoSum(r, v.get(p).get(c).get(c).get(r).op(MUL, ADD, ADD).pop());
  return { k, kb: v.add(k, v.c(MAGIC)), uh, ul };
}

/** 2^(k + off) as one factor (k + off in [−1022, 1023]). */
export function pow2(v: V, kb: L, off = 0): L {
  return v.get(kb).ki(BigInt(1023 + off)).op(Simd.i64x2_add).shift(Simd.i64x2_shl, 52).pop();
}

/** y·2^(k + off) as y·2^⌊j/2⌋·2^⌈j/2⌉ (j = k + off, |j| ≤ 2100): one rounding, at the end. */
export function scale(v: V, y: L, kb: L, off = 0): L {
  const j = off === 0 ? kb : v.get(kb).ki(BigInt(off)).op(Simd.i64x2_add).pop();
  v.get(y);
  v.get(j).shift(Simd.i64x2_shr_s, 1).ki(1023n).op(Simd.i64x2_add).shift(Simd.i64x2_shl, 52).op(MUL);
  v.get(j).get(j).shift(Simd.i64x2_shr_s, 1).op(Simd.i64x2_sub).ki(1023n).op(Simd.i64x2_add).shift(Simd.i64x2_shl, 52).op(MUL);
  return v.pop();
}

/**
 * e^x − 1 as a double-double from the parts, for k ≤ 53: (2^k − 1) + 2^k·(uh + ul), where
 * 2^k − 1 and 2^k·uh are exact and their sum is taken exactly.
 */
export function expm1dd(v: V, { kb, uh, ul }: ExpParts): DD {
  const p2 = pow2(v, kb);
  const [s, e] = v.fastTwoSum(v.sub(p2, v.c(1)), v.mul(p2, uh));
  return v.fastTwoSum(s, v.get(e).get(p2).get(ul).op(MUL, ADD).pop());
}

/** log x = kf·ln 2 + hi + lo, hi with ≤ 21 significant bits (x > 0 finite, subnormals included). */
export interface LogParts { kf: L; hi: L; lo: L }

/**
 * Reduce x to 2^kf·(1 + f), 1 + f in [√½, √2), and log(1 + f) = f − hfsq + s·(hfsq + R(s²)),
 * s = f/(2 + f) (atanh series). f − hfsq is split as hi (high 21 bits, so f − hi is exact) + rest.
 */
export function logParts(v: V, x: L): LogParts {
  const sub = v.ap(Simd.f64x2_lt, x, v.c(2 ** -1022));
  const xs = v.sel(sub, v.mul(x, v.c(2 ** 54)), x);
  // exponent: kf = e − 1023 (− 54 for subnormals), via 2^52 + e
  v.get(xs).shift(Simd.i64x2_shr_u, 52).ki(0x7ffn).op(Simd.v128_and).ki(0x4330000000000000n).op(Simd.v128_or);
  const kf0 = v.k(2 ** 52 + 1023).op(SUB).k(54).get(sub).op(Simd.v128_and, SUB).pop();
  const m0 = v.get(xs).ki(0x000fffffffffffffn).op(Simd.v128_and).ki(0x3ff0000000000000n).op(Simd.v128_or).pop();
  const big = v.ap(Simd.f64x2_gt, m0, v.c(Math.SQRT2));
  const m = v.sel(big, v.mul(m0, v.c(0.5)), m0);
  const kf = v.get(kf0).k(1).get(big).op(Simd.v128_and, ADD).pop();
  const f = v.sub(m, v.c(1));
  const hfsq = v.get(f).get(f).op(MUL).k(0.5).op(MUL).pop();
  const s = v.get(f).k(2).get(f).op(ADD, DIV).pop();
  const z = v.mul(s, s);
  const hi = v.get(f).get(hfsq).op(SUB).ki(-0x100000000n).op(Simd.v128_and).pop();
  const lo = v.get(f).get(hi).op(SUB).get(hfsq).op(SUB).get(s).get(hfsq).horner(z, LOG_R).get(z).op(MUL, ADD, MUL, ADD).pop();
  return { kf, hi, lo };
}

/** kf·ln 2 + hi + (lo + c), rounded once at the end (kf·LN2_HI + hi summed exactly). */
export function logValue(v: V, { kf, hi, lo }: LogParts, c?: L): L {
  const [s, e] = v.fastTwoSum(v.mul(kf, v.c(LN2_HI)), hi);
  v.get(e).get(lo);
  if (c !== undefined) v.get(c).op(ADD);
  return v.op(ADD).get(kf).k(LN2_LO).op(MUL, ADD).get(s).op(ADD).pop();
}

/** Special values of log-like functions: x < 0 or NaN → NaN; ±0 → −∞; +∞ → +∞; else `res`. */
export function logSpecial(v: V, x: L, res: L): L {
  const r = v.sel(v.get(x).k(0).op(Simd.f64x2_lt).get(x).get(x).op(Simd.f64x2_ne, Simd.v128_or).pop(), v.c(NaN), res);
  const r2 = v.sel(v.ap(Simd.f64x2_eq, x, v.c(0)), v.c(-Infinity), r);
  return v.sel(v.ap(Simd.f64x2_eq, x, v.c(Infinity)), v.c(Infinity), r2);
}

/** 1 + yh + yl as u·(1 + c): 1 + yh = u + e exactly, c = (e + yl)/u, so log(1 + y) ≈ log u + c. */
export function onePlus(v: V, [yh, yl]: DD): [L, L] {
  const [u, e] = v.twoSum(v.c(1), yh);
  return [u, v.get(e).get(yl).op(ADD).get(u).op(DIV).pop()];
}

/** log(1 + yh + yl) for yh + yl > −1 (finite). */
export function log1pdd(v: V, y: DD): L {
  const [u, c] = onePlus(v, y);
  return logValue(v, logParts(v, u), c);
}

/**
 * log(1 + y) where `big` is clear, log x + ln 2 where set (x > 0): both through one reduction.
 */
export function log1pOrLog2x(v: V, y: DD, big: L, x: L): L {
  const [u0, c0] = onePlus(v, y);
  const lp = logParts(v, v.sel(big, x, u0));
  return logValue(v, { ...lp, kf: v.get(lp.kf).k(1).get(big).op(Simd.v128_and, ADD).pop() }, v.sel(big, v.c(0), c0));
}

/** x = n·π/2 + rh + rl (|x| ≤ TRIG_BOUND); z = rh²; nb holds n in its low bits. */
export interface TrigParts { n: L; nb: L; rh: L; rl: L; z: L }

/** Reduce by π/2 in four parts, with a double-double remainder. */
export function trigParts(v: V, x: L): TrigParts {
  const n = v.get(x).k(INV_PIO2).op(MUL, Simd.f64x2_nearest).k(0).op(ADD).pop(); // + 0 turns −0 into +0
  const y1 = v.get(x).get(n).k(PIO2_1).op(MUL, SUB).pop(); // exact
  // (s1, e1) = TwoSum(y1, −n·PIO2_2); (s2, e2) = TwoSum(s1, −n·PIO2_3); products exact
  const [s1, e1] = v.twoSum(y1, v.get(n).k(-PIO2_2).op(MUL).pop());
  const [s2, e2] = v.twoSum(s1, v.get(n).k(-PIO2_3).op(MUL).pop());
  const tail = v.get(e1).get(e2).op(ADD).get(n).k(PIO2_4).op(MUL, SUB).pop();
  const rh = v.add(s2, tail);
  const rl = v.get(s2).get(rh).op(SUB).get(tail).op(ADD).pop();
  return { n, nb: v.add(n, v.c(MAGIC)), rh, rl, z: v.mul(rh, rh) };
}

/** sin(rh + rl) ≈ rh + (rh·z·S(z) + rl·(1 − z/2)), as head and tail (|tail| ≤ |head|/6). */
export function sinPoly(v: V, { rh, rl, z }: TrigParts): DD {
  v.get(rh).get(z).op(MUL).horner(z, SIN_S).op(MUL);
  return [rh, v.get(rl).k(1).k(0.5).get(z).op(MUL, SUB, MUL, ADD).pop()];
}

/** cos(rh + rl) ≈ w + (((1 − w) − z/2) + (z²·C(z) − rh·rl)), w = 1 − z/2, as head and tail. */
export function cosPoly(v: V, { rh, rl, z }: TrigParts): DD {
  const w = v.get(v.c(1)).k(0.5).get(z).op(MUL, SUB).pop();
  v.k(1).get(w).op(SUB).k(0.5).get(z).op(MUL, SUB);
  v.get(z).get(z).op(MUL).horner(z, COS_C).op(MUL).get(rh).get(rl).op(MUL, SUB, ADD);
  return [w, v.pop()];
}

/** If a lane has |x| > bound, both lanes go to the import `name`, else to `body` (NaN stays in-module). Pushes the result. */
export function withImportAbove(v: V, x: L, bound: number, name: ImportName, body: () => L): void {
  const { f, ctx } = v;
  v.get(x).op(Simd.f64x2_abs).k(bound).op(Simd.f64x2_gt, Simd.v128_any_true);
  f.block(Op.if, V128);
  for (let lane = 0; lane < 2; lane++) {
    f.get(x).lane(Simd.f64x2_extract_lane, lane);
    ctx.callImport(f, name);
    if (lane === 0) f.simd(Simd.f64x2_splat);
    else f.lane(Simd.f64x2_replace_lane, 1);
  }
  f.op(Op.else);
  v.get(body());
  f.op(Op.end);
}
