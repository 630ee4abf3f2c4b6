/**
 * @file Scalar semantics of every kernel IR op in wasm, matching the reference backend: values are
 * held as i32 (int32 signed, uint32 and bool unsigned) or f64 (float32 and float64; a float32 value
 * is a float32 number held in an f64, and the kernel generator rounds every float32 result); integer
 * ops wrap, x/0 = 0, and ops the reference leaves unwrapped convert as a TypedArray store does.
 * float32 transcendentals with an f32x4 implementation (mathf32.ts) run it on a splatted value.
 */
import { DType, isFloat } from "../../core/dtype.js";
import { UnaryOp } from "../../lower/kernel.js";
import { F64, FuncBuilder, I32, Op, SatOp, Simd, ValType } from "./encoder.js";
import { GenContext, emitIpow, emitToInt32, unaryImport } from "./context.js";
import { emitNativeUnary, NATIVE_UNARY } from "./mathlib.js";
import { emitUnaryF32, F32_UNARY } from "./mathf32.js";

/** How a value is held: signed i32, unsigned i32 (uint32, bool) or f64. */
export type Kind = "s" | "u" | "f";
/** The kind holding values of dtype `d`. */
export const kindOf = (d: DType): Kind => (isFloat(d) ? "f" : d === "int32" ? "s" : "u");
/** The wasm type holding values of dtype `d`. */
export const valType = (d: DType): ValType => (isFloat(d) ? F64 : I32);

/** A computed value: pushes itself onto the stack. */
export interface Operand {
  kind: Kind;
  push(): void;
  /** The i32 value, for integer constants. */
  c?: number;
}

/** Emits scalar ops into `fb` (the kernel generator extends it with loops, loads and stores). */
export class ScalarEmitter {
  constructor(readonly fb: FuncBuilder, readonly ctx: GenContext, readonly nativeMath: boolean) {}

  /** Stack: a b → max/min(a, b) as integers of `kind`. */
  protected intMaxMin(max: boolean, kind: Kind): void {
    const { fb } = this;
    const a = fb.local(I32), b = fb.local(I32);
    fb.set(b).set(a);
    fb.get(a).get(b).get(a).get(b);
    fb.op(kind === "s" ? (max ? Op.i32_gt_s : Op.i32_lt_s) : max ? Op.i32_gt_u : Op.i32_lt_u);
    fb.op(Op.select);
  }

  /**
   * Stack: a b (f64) → f64.max/f64.min(a, b), computed in lane 0 of f64x2.max/min (the same IEEE
   * semantics: NaN if either is NaN, max(−0, +0) = +0): V8 compiles scalar f64.max/min to
   * compare-and-branch code that mispredicts on unordered data (a 2×2 max pool ran ~2× slower), the
   * SIMD forms to a branchless sequence.
   */
  protected floatMaxMin(max: boolean): void {
    const { fb } = this;
    const b = fb.local(F64);
    fb.set(b).simd(Simd.f64x2_splat).get(b).simd(Simd.f64x2_splat);
    fb.simd(max ? Simd.f64x2_max : Simd.f64x2_min).lane(Simd.f64x2_extract_lane, 0);
  }

  /** Push `v` as the float64 JS number it stands for. */
  pushF64(v: Operand): void {
    v.push();
    if (v.kind === "s") this.fb.op(Op.f64_convert_i32_s);
    else if (v.kind === "u") this.fb.op(Op.f64_convert_i32_u);
  }

  /** Push `v` as int32 bits (ToInt32 for floats). */
  protected pushI32(v: Operand): void {
    v.push();
    if (v.kind === "f") emitToInt32(this.ctx, this.fb);
  }

  /** Stack: f64 JS number → the representation of `d`, as the reference `wrap` does. */
  protected wrapF64(d: DType): void {
    if (isFloat(d)) return;
    if (d === "bool") this.fb.op(Op.f64_abs).f64(0).op(Op.f64_gt); // truthiness: NaN and ±0 are false
    else emitToInt32(this.ctx, this.fb);
  }

  /**
   * Stack: f64 result of an op the reference leaves unwrapped (atan2, max, min, float arithmetic)
   * → the representation of `d`, as a TypedArray of `d` stores it (bool: the low byte).
   */
  protected storeF64(d: DType): void {
    if (isFloat(d)) return;
    emitToInt32(this.ctx, this.fb);
    if (d === "bool") this.fb.i32(255).op(Op.i32_and);
  }

  /** Stack: i32 integer result of kind `kind` → the representation of `d`. */
  protected wrapI32(d: DType, kind: Kind): void {
    const { fb } = this;
    if (isFloat(d)) fb.op(kind === "s" ? Op.f64_convert_i32_s : Op.f64_convert_i32_u);
    else if (d === "bool") fb.i32(0).op(Op.i32_ne);
  }

  /** Store the stack top into a fresh local and return it as an operand. */
  protected toLocal(d: DType): Operand {
    const l = this.fb.local(valType(d));
    this.fb.set(l);
    return { kind: kindOf(d), push: () => this.fb.get(l) };
  }

  /** Stack: → op(a) in the representation of `d` (`ad`: a's dtype). */
  protected unary(op: UnaryOp, a: Operand, ad: DType, d: DType): void {
    const { fb } = this;
    switch (op) {
      case "isnan": case "isinf": case "isfinite":
        if (a.kind === "f") {
          a.push();
          if (op === "isnan") {
            a.push();
            fb.op(Op.f64_ne);
          } else fb.op(Op.f64_abs).f64(Infinity).op(op === "isinf" ? Op.f64_eq : Op.f64_lt);
        } else fb.i32(op === "isfinite" ? 1 : 0);
        this.wrapI32(d, "u");
        return;
      case "not":
        if (ad === "bool") {
          a.push();
          fb.op(Op.i32_eqz);
          this.wrapI32(d, "u");
        } else {
          this.pushI32(a);
          fb.i32(-1).op(Op.i32_xor);
          this.wrapI32(d, "s");
        }
        return;
    }
    if (!isFloat(d) && ad === d && this.intUnary(op, a, d)) return;
    if (d === "float32" && ad === "float32" && this.nativeMath && F32_UNARY.has(op)) {
      a.push();
      emitUnaryF32(this.ctx, fb, op);
      return;
    }
    this.pushF64(a);
    this.floatUnary(op);
    this.wrapF64(d);
  }

  /** Integer neg/abs/sign/rounding on a value of dtype d (int32, uint32, bool); false if not one of those. */
  private intUnary(op: UnaryOp, a: Operand, d: DType): boolean {
    const { fb } = this;
    const s = d === "int32";
    switch (op) {
      case "floor": case "ceil": case "round": case "trunc":
        a.push();
        return true;
      case "neg":
        if (d === "bool") a.push();
        else {
          fb.i32(0);
          a.push();
          fb.op(Op.i32_sub);
        }
        return true;
      case "abs":
        if (!s) a.push();
        else {
          fb.i32(0);
          a.push();
          fb.op(Op.i32_sub);
          a.push();
          a.push();
          fb.i32(0).op(Op.i32_lt_s, Op.select);
        }
        return true;
      case "sign":
        if (!s) {
          a.push();
          fb.i32(0).op(Op.i32_ne);
        } else {
          a.push();
          fb.i32(0).op(Op.i32_gt_s);
          a.push();
          fb.i32(0).op(Op.i32_lt_s, Op.i32_sub);
        }
        return true;
    }
    return false;
  }

  /** Stack: f64 → f64 for every unary op the reference computes on doubles. */
  private floatUnary(op: UnaryOp): void {
    const { fb, ctx } = this;
    const simple: Partial<Record<UnaryOp, number>> = {
      neg: Op.f64_neg, abs: Op.f64_abs, floor: Op.f64_floor, ceil: Op.f64_ceil, trunc: Op.f64_trunc,
      round: Op.f64_nearest, sqrt: Op.f64_sqrt,
    };
    if (simple[op] !== undefined) {
      fb.op(simple[op]!);
      return;
    }
    if (op === "sign") {
      // x > 0 ? 1 : x < 0 ? -1 : x (NaN and ±0 pass through)
      const t = fb.local(F64);
      fb.set(t);
      fb.f64(1).f64(-1).get(t).get(t).f64(0).op(Op.f64_lt, Op.select);
      fb.get(t).f64(0).op(Op.f64_gt, Op.select);
      return;
    }
    if (op === "exp2") {
      const t = fb.local(F64);
      fb.set(t);
      fb.f64(2).get(t);
      ctx.callImport(fb, "pow");
      return;
    }
    if (this.nativeMath && NATIVE_UNARY.has(op)) {
      emitNativeUnary(ctx, fb, op);
      return;
    }
    ctx.callImport(fb, unaryImport(op));
  }

  /** Stack: → op(a, b) in the representation of `d`; integer or float semantics follow a's dtype, as the reference decides. */
  protected binary(op: string, a: Operand, b: Operand, d: DType): void {
    const { fb, ctx } = this;
    const sameInt = a.kind === b.kind && a.kind !== "f";
    const f64op = (code: number) => {
      this.pushF64(a);
      this.pushF64(b);
      fb.op(code);
    };
    const cmp: Record<string, [number, number, number]> = {
      // [f64, i32 signed, i32 unsigned]
      eq: [Op.f64_eq, Op.i32_eq, Op.i32_eq], ne: [Op.f64_ne, Op.i32_ne, Op.i32_ne],
      lt: [Op.f64_lt, Op.i32_lt_s, Op.i32_lt_u], le: [Op.f64_le, Op.i32_le_s, Op.i32_le_u],
      gt: [Op.f64_gt, Op.i32_gt_s, Op.i32_gt_u], ge: [Op.f64_ge, Op.i32_ge_s, Op.i32_ge_u],
    };
    if (cmp[op]) {
      if (sameInt) {
        a.push();
        b.push();
        fb.op(cmp[op][a.kind === "s" ? 1 : 2]);
      } else f64op(cmp[op][0]);
      this.wrapI32(d, "u");
      return;
    }
    if (op === "max" || op === "min") {
      if (sameInt) {
        a.push();
        b.push();
        this.intMaxMin(op === "max", a.kind);
        if (isFloat(d)) this.wrapI32(d, a.kind);
        else if (d === "bool") fb.i32(255).op(Op.i32_and);
      } else {
        this.pushF64(a);
        this.pushF64(b);
        this.floatMaxMin(op === "max");
        this.storeF64(d);
      }
      return;
    }
    if (op === "atan2" || (a.kind === "f" && (op === "pow" || op === "rem"))) {
      this.pushF64(a);
      this.pushF64(b);
      ctx.callImport(fb, op === "rem" ? "fmod" : op);
      this.storeF64(d);
      return;
    }
    if (op === "shl" || op === "shr_u" || op === "shr_s") {
      // as the reference: amounts outside [0, 32) (unsigned) give 0, or the sign for shr_s
      this.pushI32(a);
      if (op === "shr_s") {
        this.pushI32(b);
        fb.i32(31);
        this.pushI32(b);
        fb.i32(32).op(Op.i32_lt_u).op(Op.select).op(Op.i32_shr_s);
      } else {
        this.pushI32(b);
        fb.op(op === "shl" ? Op.i32_shl : Op.i32_shr_u).i32(0);
        this.pushI32(b);
        fb.i32(32).op(Op.i32_lt_u).op(Op.select);
      }
      this.wrapI32(d, op === "shr_u" ? "u" : "s");
      return;
    }
    if (op === "and" || op === "or" || op === "xor") {
      this.pushI32(a);
      this.pushI32(b);
      fb.op({ and: Op.i32_and, or: Op.i32_or, xor: Op.i32_xor }[op]);
      this.wrapI32(d, "s");
      return;
    }
    if (a.kind === "f") {
      f64op({ add: Op.f64_add, sub: Op.f64_sub, mul: Op.f64_mul, div: Op.f64_div }[op as "add"]);
      this.storeF64(d);
      return;
    }
    // integer arithmetic (the first operand is an integer, as the reference decides)
    switch (op) {
      case "add": case "sub":
        if (!isFloat(d) && b.kind !== "f") {
          a.push();
          b.push();
          fb.op(op === "add" ? Op.i32_add : Op.i32_sub);
          this.wrapI32(d, "s");
        } else {
          f64op(op === "add" ? Op.f64_add : Op.f64_sub);
          this.wrapF64(d);
        }
        return;
      case "mul":
        this.pushI32(a);
        this.pushI32(b);
        fb.op(Op.i32_mul);
        this.wrapI32(d, "s");
        return;
      case "pow":
        if (b.kind === "f") {
          // a float exponent of an integer base (the reference's ipow on doubles)
          this.pushF64(a);
          this.pushF64(b);
          ctx.callImport(fb, "ipow");
          this.wrapF64(d);
          return;
        }
        this.pushI32(a);
        this.pushI32(b);
        emitIpow(ctx, fb, b.kind !== "u");
        this.wrapI32(d, "s");
        return;
      case "div": case "rem":
        if (sameInt && !(isFloat(d) && op === "div" && a.kind === "s")) this.intDivRem(op, a, b, d);
        else {
          // exact in doubles: b === 0 ? 0 : trunc(a / b) or a % b
          this.pushF64(b);
          fb.f64(0).op(Op.f64_ne);
          const c = fb.local(I32);
          fb.set(c);
          if (op === "div") f64op(Op.f64_div);
          else {
            this.pushF64(a);
            this.pushF64(b);
            ctx.callImport(fb, "fmod");
          }
          if (op === "div") fb.op(Op.f64_trunc);
          fb.f64(0).get(c).op(Op.select);
          this.wrapF64(d);
        }
        return;
    }
    throw new Error(`wasm backend: unknown binary op ${op}`);
  }

  /** Integer div/rem of same-kind operands with the reference's x/0 = 0 (never trapping). */
  private intDivRem(op: "div" | "rem", a: Operand, b: Operand, d: DType): void {
    const { fb } = this;
    const s = a.kind === "s";
    const bc = b.c ?? null;
    const safe = bc !== null && bc !== 0 && !(s && bc === -1);
    if (safe) {
      a.push();
      b.push();
      fb.op(op === "div" ? (s ? Op.i32_div_s : Op.i32_div_u) : s ? Op.i32_rem_s : Op.i32_rem_u);
    } else {
      // divisor 0 → 0; signed divisor −1 → −a (div) or 0 (rem), avoiding the overflow trap
      const bad = fb.local(I32);
      b.push();
      fb.op(Op.i32_eqz);
      if (s) {
        b.push();
        fb.i32(-1).op(Op.i32_eq, Op.i32_or);
      }
      fb.set(bad);
      a.push();
      fb.i32(1);
      b.push();
      fb.get(bad).op(Op.select);
      fb.op(op === "div" ? (s ? Op.i32_div_s : Op.i32_div_u) : s ? Op.i32_rem_s : Op.i32_rem_u);
      // fallback value when bad: div → (b == -1 ? -a : 0), rem → 0
      if (op === "div" && s) {
        fb.i32(0);
        a.push();
        fb.op(Op.i32_sub).i32(0);
        b.push();
        fb.i32(-1).op(Op.i32_eq, Op.select);
      } else fb.i32(0);
      fb.get(bad).op(Op.i32_eqz, Op.select);
    }
    this.wrapI32(d, a.kind);
  }

  /** Stack: → c ? t : f (c's truthiness as in JS: NaN and ±0 are false). */
  protected select(c: Operand, t: Operand, f: Operand, d: DType): void {
    const { fb } = this;
    const float = kindOf(d) === "f";
    this.toRep(t, d);
    if (float) fb.simd(Simd.f64x2_splat);
    this.toRep(f, d);
    if (float) fb.simd(Simd.f64x2_splat);
    c.push();
    if (c.kind === "f") fb.op(Op.f64_abs).f64(0).op(Op.f64_gt);
    if (!float) {
      fb.op(Op.select);
      return;
    }
    // a float select as a bit select of SIMD lanes: V8 compiles a scalar f64 select to a branch, which
    // mispredicts on unordered conditions (a max-pool gradient's "is this the window's maximum")
    fb.op(Op.i32_eqz).i32(1).op(Op.i32_sub).simd(Simd.i32x4_splat);
    fb.simd(Simd.v128_bitselect).lane(Simd.f64x2_extract_lane, 0);
  }

  /** Push `v` in the representation of `d` (a no-op conversion when the kinds agree). */
  private toRep(v: Operand, d: DType): void {
    if (kindOf(d) === "f") this.pushF64(v);
    else this.pushI32(v);
    if (d === "bool" && v.kind !== "u") this.fb.i32(0).op(Op.i32_ne);
  }

  /** Stack: → a converted as the reference's cast (float → int: truncate and saturate, NaN → 0; → bool: a !== 0). */
  protected cast(a: Operand, from: DType, to: DType): void {
    const { fb } = this;
    if (from === to) {
      a.push();
      return;
    }
    switch (to) {
      case "float64": this.pushF64(a); return;
      case "float32": this.pushF64(a); fb.op(Op.f32_demote_f64, Op.f64_promote_f32); return;
      case "bool":
        a.push();
        if (a.kind === "f") fb.f64(0).op(Op.f64_ne); // NaN !== 0
        else fb.i32(0).op(Op.i32_ne);
        return;
      default:
        if (a.kind !== "f") return this.pushI32(a); // int ↔ uint: the same 32 bits
        a.push();
        fb.sat(to === "int32" ? SatOp.i32_trunc_sat_f64_s : SatOp.i32_trunc_sat_f64_u); // exactly XLA's saturating convert
        return;
    }
  }
}
