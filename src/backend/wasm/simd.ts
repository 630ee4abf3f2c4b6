/**
 * @file SIMD128 loops for elementwise float kernels over contiguous loads (index = gidx). Two modes:
 * f32x4 when the whole expression is float32 (float32 loads and constants, float32 ops, masks from
 * comparisons of float32 values feeding selects): exactly rounded ops map to f32x4 instructions,
 * transcendentals to mathf32.ts, other ops are computed in f64x2 pairs and rounded back. Otherwise
 * f64x2 over float64 values (float32 loads widened, every float32 result rounded, stores narrowed).
 * Either way each element gets the value the scalar code computes, which finishes the tail.
 *
 * Loads are contiguous (index gidx) or broadcasts along rows: `gidx % c` (a row vector added to every
 * row, e.g. a bias: a vector load at i % c) and `gidx / c` (one value per row: a splat), with c a
 * multiple of the lanes; kernels with these run the vector loop only from an index that is a multiple
 * of the lanes and when the input holds every index (else the scalar code does all). In f32x4 mode,
 * bool inputs load as lane masks (a select's condition) and a bool output (a comparison, e.g. ReLU's
 * x ≤ 0) is stored from its mask as bytes 0/1.
 */
import { isFloat } from "../../core/dtype.js";
import { Expr, exprIds, Kernel, UnaryOp } from "../../lower/kernel.js";
import { FuncBuilder, Op, Simd, V128 } from "./encoder.js";
import { GenContext, IMPORTS, ImportName, unaryImport } from "./context.js";
import { GenOptions, P_END, P_OUT, pLen, pPtr } from "./codegen.js";
import { emitNativeUnaryF64x2, NATIVE_UNARY } from "./mathlib.js";
import { emitUnaryF32x4, F32_UNARY } from "./mathf32.js";
import { keepsF32 } from "../js/codegen.js";

export const EXACT_UNARY: Partial<Record<UnaryOp, [number, number]>> = {
  // [f32x4, f64x2]
  neg: [Simd.f32x4_neg, Simd.f64x2_neg], abs: [Simd.f32x4_abs, Simd.f64x2_abs],
  sqrt: [Simd.f32x4_sqrt, Simd.f64x2_sqrt], floor: [Simd.f32x4_floor, Simd.f64x2_floor],
  ceil: [Simd.f32x4_ceil, Simd.f64x2_ceil], trunc: [Simd.f32x4_trunc, Simd.f64x2_trunc],
  round: [Simd.f32x4_nearest, Simd.f64x2_nearest],
};
export const EXACT_BINARY: Record<string, [number, number]> = {
  add: [Simd.f32x4_add, Simd.f64x2_add], sub: [Simd.f32x4_sub, Simd.f64x2_sub],
  mul: [Simd.f32x4_mul, Simd.f64x2_mul], div: [Simd.f32x4_div, Simd.f64x2_div],
  max: [Simd.f32x4_max, Simd.f64x2_max], min: [Simd.f32x4_min, Simd.f64x2_min],
};
/** Binary ops computed lane by lane through an imported function. */
const LANEWISE_BINARY: Record<string, ImportName> = { pow: "pow", atan2: "atan2", rem: "fmod" };

/** Can `e` be evaluated in f64x2 lanes? */
function vectorisable(e: Expr): boolean {
  if (!isFloat(e.dtype)) return false;
  switch (e.k) {
    case "load": return indexForm(e.index, 2) !== null;
    case "const": return true;
    case "cast": return isFloat(e.a.dtype) && vectorisable(e.a);
    case "un":
      if (!(e.op in EXACT_UNARY) && !(e.op in IMPORTS) && e.op !== "exp2") return false;
      return vectorisable(e.a);
    case "bin":
      if (!(e.op in EXACT_BINARY) && !(e.op in LANEWISE_BINARY)) return false;
      return vectorisable(e.a) && vectorisable(e.b);
    default: return false;
  }
}

/** Comparisons, as f32x4 instructions giving lane masks. */
const F32_COMPARE: Record<string, number> = {
  eq: Simd.f32x4_eq, ne: Simd.f32x4_ne, lt: Simd.f32x4_lt, le: Simd.f32x4_le, gt: Simd.f32x4_gt, ge: Simd.f32x4_ge,
};
const MASK_LOGIC: Record<string, number> = { and: Simd.v128_and, or: Simd.v128_or, xor: Simd.v128_xor };
const MASK_UNARY = new Set(["isnan", "isinf", "isfinite"]);
const f32 = (e: Expr) => e.dtype === "float32";

/** SIMD opcodes used here beyond the encoder's table. */
const S = {
  v128_load32_zero: 0x5c, v128_store32_lane: 0x5a, i8x16_neg: 0x61, i8x16_narrow_i16x8_s: 0x65,
  i16x8_narrow_i32x4_s: 0x85, i16x8_extend_low_i8x16_u: 0x89, i32x4_extend_low_i16x8_u: 0xa9, i32x4_ne: 0x38,
} as const;

/** How a vector of `lanes` lanes reads a load's index: contiguous, a row vector (`gidx % c`) or a row's value (`gidx / c`). */
type IndexForm = { k: "gidx" } | { k: "rem" | "div"; c: number };

/** The index form of a load vectorisable at `lanes` lanes, or null. */
function indexForm(index: Expr, lanes: number): IndexForm | null {
  if (index.k === "gidx") return { k: "gidx" };
  if (index.k === "bin" && (index.op === "rem" || index.op === "div") && index.a.k === "gidx" && index.b.k === "const") {
    const c = index.b.value;
    if (Number.isInteger(c) && c > 0 && c % lanes === 0 && c < 2 ** 31) return { k: index.op, c };
  }
  return null;
}

/**
 * Can `e` be evaluated in f32x4 lanes? float32 nodes hold float32 lanes; bool nodes (comparisons of
 * float32 values and their logic) hold lane masks.
 */
function f32x4able(e: Expr): boolean {
  switch (e.k) {
    case "load": return (f32(e) && indexForm(e.index, 4) !== null) || (e.dtype === "bool" && e.index.k === "gidx");
    case "const": return f32(e) || e.dtype === "bool";
    case "un":
      if (e.dtype === "bool") return (MASK_UNARY.has(e.op) && f32(e.a)) || (e.op === "not" && e.a.dtype === "bool") ? f32x4able(e.a) : false;
      if (!f32(e) || !f32(e.a)) return false;
      if (!(e.op in EXACT_UNARY) && !(e.op in IMPORTS) && e.op !== "exp2" && e.op !== "sign") return false;
      return f32x4able(e.a);
    case "bin":
      if (e.dtype === "bool") {
        const ok = (e.op in F32_COMPARE && f32(e.a) && f32(e.b)) || (e.op in MASK_LOGIC && e.a.dtype === "bool" && e.b.dtype === "bool");
        return ok && f32x4able(e.a) && f32x4able(e.b);
      }
      if (!f32(e) || !f32(e.a) || !f32(e.b)) return false;
      if (!(e.op in EXACT_BINARY) && !(e.op in LANEWISE_BINARY)) return false;
      return f32x4able(e.a) && f32x4able(e.b);
    case "select":
      return f32(e) && f32(e.t) && f32(e.f) && (e.c.dtype === "bool" || f32(e.c)) && f32x4able(e.c) && f32x4able(e.t) && f32x4able(e.f);
    default: return false;
  }
}

/** Byte shuffles: the high 64 bits of a vector into its low half; the low halves of two vectors joined. */
const HIGH = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
const JOIN = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

/**
 * Emit a vector loop advancing local `i` from its current value while a full vector fits before
 * `end`; returns the lane count (0 when the kernel is not vectorisable and nothing was emitted).
 */
export function emitSimdLoop(ctx: GenContext, fb: FuncBuilder, k: Kernel, i: number, opts: GenOptions): number {
  if (k.reduce) return 0;
  const boolOut = k.out === "bool" && k.expr.dtype === "bool" && f32x4able(k.expr); // a mask stored as bytes
  if (!isFloat(k.out) && !boolOut) return 0;
  const wide = boolOut || (k.out === "float32" && f32(k.expr) && f32x4able(k.expr)); // f32x4, else f64x2
  if (!wide && !vectorisable(k.expr)) return 0;
  const lanes = wide ? 4 : 2;
  const native = opts.nativeMath !== false;
  const memo = new Map<number, number>();
  const ids = exprIds(k.expr);
  const shift = (d: string) => (d === "float64" ? 3 : d === "bool" ? 0 : 2);
  const addr = (base: number, d: string) => fb.get(base).get(i).i32(shift(d)).op(Op.i32_shl, Op.i32_add);
  /** Push the address of a load's first lane (its index form was checked by f32x4able/vectorisable). */
  const loadAddr = (e: Extract<Expr, { k: "load" }>): IndexForm => {
    const form = indexForm(e.index, lanes)!;
    if (form.k === "gidx") addr(pPtr(e.input), e.dtype);
    else fb.get(pPtr(e.input)).get(i).i32(form.c).op(form.k === "rem" ? Op.i32_rem_u : Op.i32_div_u).i32(shift(e.dtype)).op(Op.i32_shl, Op.i32_add);
    return form;
  };

  /** Emit `e` into a v128 local. */
  const emit = (e: Expr): number => {
    const key = ids.get(e)!;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    if (wide) emitF32x4(e);
    else emitF64x2(e);
    const l = fb.local(V128);
    fb.set(l);
    memo.set(key, l);
    return l;
  };

  /** Push `e` in f64x2 lanes (float32 nodes rounded to float32, as the scalar code). */
  const emitF64x2 = (e: Expr): void => {
    switch (e.k) {
      case "load": {
        const splat = loadAddr(e).k === "div";
        if (e.dtype === "float64") fb.simdMem(splat ? Simd.v128_load64_splat : Simd.v128_load, 0);
        else fb.simdMem(splat ? Simd.v128_load32_splat : Simd.v128_load64_zero, 0).simd(Simd.f64x2_promote_low_f32x4);
        return;
      }
      case "const":
        fb.f64(f32(e) ? Math.fround(e.value) : e.value).simd(Simd.f64x2_splat);
        return;
      case "cast": {
        const a = emit(e.a);
        fb.get(a);
        if (f32(e) && e.a.dtype === "float64") fb.simd(Simd.f32x4_demote_f64x2_zero).simd(Simd.f64x2_promote_low_f32x4);
        return;
      }
      case "un": {
        const a = emit(e.a);
        const exact = EXACT_UNARY[e.op];
        if (f32(e) && f32(e.a) && native && F32_UNARY.has(e.op)) {
          fb.get(a).simd(Simd.f32x4_demote_f64x2_zero);
          emitUnaryF32x4(ctx, fb, e.op);
          fb.simd(Simd.f64x2_promote_low_f32x4);
          return; // already float32
        }
        if (exact) fb.get(a).simd(exact[1]);
        else if (native && NATIVE_UNARY.has(e.op)) {
          fb.get(a);
          emitNativeUnaryF64x2(ctx, fb, e.op);
        } else lanewise(unaryImport(e.op), e.op === "exp2" ? [-1, a] : [a]);
        break;
      }
      case "bin": {
        const a = emit(e.a), b = emit(e.b);
        const exact = EXACT_BINARY[e.op];
        if (exact) fb.get(a).get(b).simd(exact[1]);
        else lanewise(LANEWISE_BINARY[e.op], [a, b]);
        break;
      }
      default:
        throw new Error("wasm simd: not vectorisable");
    }
    if (f32(e) && !keepsF32(e)) fb.simd(Simd.f32x4_demote_f64x2_zero).simd(Simd.f64x2_promote_low_f32x4);
  };

  /** Push `e` in f32x4 lanes (bool nodes as lane masks). */
  const emitF32x4 = (e: Expr): void => {
    switch (e.k) {
      case "load": {
        const form = loadAddr(e);
        if (e.dtype === "bool") {
          // four bytes 0/1 widened to 32-bit lanes, then a mask of the non-zero ones
          fb.simdMem(S.v128_load32_zero, 0).simd(S.i16x8_extend_low_i8x16_u).simd(S.i32x4_extend_low_i16x8_u);
          fb.v128Const(new Uint8Array(16)).simd(S.i32x4_ne);
        } else fb.simdMem(form.k === "div" ? Simd.v128_load32_splat : Simd.v128_load, 0);
        return;
      }
      case "const":
        if (f32(e)) fb.f32(e.value).simd(Simd.f32x4_splat);
        else fb.i32(e.value !== 0 && e.value === e.value ? -1 : 0).simd(Simd.i32x4_splat);
        return;
      case "un": {
        const a = emit(e.a);
        if (e.op === "not") fb.get(a).simd(Simd.v128_not);
        else if (e.op === "isnan") fb.get(a).get(a).simd(Simd.f32x4_ne);
        else if (e.op === "isinf" || e.op === "isfinite") {
          fb.get(a).simd(Simd.f32x4_abs).f32(Infinity).simd(Simd.f32x4_splat).simd(e.op === "isinf" ? Simd.f32x4_eq : Simd.f32x4_lt);
        } else if (e.op === "sign") {
          // x > 0 ? 1 : x < 0 ? −1 : x (NaN and ±0 pass through)
          fb.f32(1).simd(Simd.f32x4_splat).f32(-1).simd(Simd.f32x4_splat).get(a);
          fb.get(a).f32(0).simd(Simd.f32x4_splat).simd(Simd.f32x4_lt).simd(Simd.v128_bitselect);
          fb.get(a).f32(0).simd(Simd.f32x4_splat).simd(Simd.f32x4_gt).simd(Simd.v128_bitselect);
        } else if (EXACT_UNARY[e.op]) fb.get(a).simd(EXACT_UNARY[e.op]![0]);
        else if (native && F32_UNARY.has(e.op)) {
          fb.get(a);
          emitUnaryF32x4(ctx, fb, e.op);
        } else if (native && NATIVE_UNARY.has(e.op)) {
          viaF64x2(a, () => emitNativeUnaryF64x2(ctx, fb, e.op));
        } else lanewiseF32(unaryImport(e.op), e.op === "exp2" ? [-1, a] : [a]);
        return;
      }
      case "bin": {
        const a = emit(e.a), b = emit(e.b);
        const code = F32_COMPARE[e.op] ?? MASK_LOGIC[e.op] ?? EXACT_BINARY[e.op]?.[0];
        if (code !== undefined) fb.get(a).get(b).simd(code);
        else lanewiseF32(LANEWISE_BINARY[e.op], [a, b]);
        return;
      }
      case "select": {
        const c = emit(e.c), t = emit(e.t), f = emit(e.f);
        fb.get(t).get(f).get(c);
        // a float condition is true unless ±0 or NaN
        if (f32(e.c)) fb.simd(Simd.f32x4_abs).f32(0).simd(Simd.f32x4_splat).simd(Simd.f32x4_gt);
        fb.simd(Simd.v128_bitselect);
        return;
      }
      default:
        throw new Error("wasm simd: not f32x4-vectorisable");
    }
  };

  /** Push op(a) of f32x4 local a computed as two f64x2 halves by `f64op`, each rounded back to float32. */
  const viaF64x2 = (a: number, f64op: () => void) => {
    const lo = fb.local(V128);
    fb.get(a).simd(Simd.f64x2_promote_low_f32x4);
    f64op();
    fb.simd(Simd.f32x4_demote_f64x2_zero).set(lo);
    fb.get(lo).get(a).get(a).shuffle(HIGH).simd(Simd.f64x2_promote_low_f32x4);
    f64op();
    fb.simd(Simd.f32x4_demote_f64x2_zero).shuffle(JOIN);
  };

  /** Call an imported f64 function on each of the four float32 lanes (-1 as an argument stands for the constant 2). */
  const lanewiseF32 = (name: ImportName, args: number[]) => {
    for (let lane = 0; lane < 4; lane++) {
      for (const a of args) {
        if (a < 0) fb.f64(2);
        else fb.get(a).lane(Simd.f32x4_extract_lane, lane).op(Op.f64_promote_f32);
      }
      ctx.callImport(fb, name);
      fb.op(Op.f32_demote_f64);
      if (lane === 0) fb.simd(Simd.f32x4_splat);
      else fb.lane(Simd.f32x4_replace_lane, lane);
    }
  };

  /** Call an imported f64 function on each of the two lanes (-1 as an argument stands for the constant 2). */
  const lanewise = (name: ImportName, args: number[]) => {
    for (let lane = 0; lane < 2; lane++) {
      for (const a of args) {
        if (a < 0) fb.f64(2);
        else fb.get(a).lane(Simd.f64x2_extract_lane, lane);
      }
      ctx.callImport(fb, name);
      if (lane === 0) fb.simd(Simd.f64x2_splat);
      else fb.lane(Simd.f64x2_replace_lane, 1);
    }
  };

  fb.block(Op.block);
  // broadcast loads: start at a multiple of the lanes, and only where the input holds every index read
  const broadcasts = loadsOf(k.expr).map((e) => ({ e, form: indexForm(e.index, lanes)! })).filter((l) => l.form.k !== "gidx");
  if (broadcasts.length) {
    fb.get(i).i32(lanes - 1).op(Op.i32_and).brIf(0);
    for (const { e, form } of broadcasts) {
      const c = (form as { c: number }).c;
      // rem: indices up to c − 1 (or end − 1 when smaller); div: up to (end − 1) / c
      if (form.k === "rem") fb.get(P_END).i32(c).get(P_END).i32(c).op(Op.i32_lt_u, Op.select);
      else fb.get(P_END).i32(1).op(Op.i32_sub).i32(c).op(Op.i32_div_u).i32(1).op(Op.i32_add);
      fb.get(pLen(e.input)).op(Op.i32_gt_u).brIf(0);
    }
  }
  fb.block(Op.loop);
  fb.get(i).i32(lanes).op(Op.i32_add).get(P_END).op(Op.i32_gt_s).brIf(1);
  const v = emit(k.expr);
  addr(P_OUT, k.out);
  if (boolOut) {
    // lane masks (0 / −1) narrowed to bytes, negated to 0 / 1, the low four stored
    const w = fb.local(V128);
    fb.get(v).get(v).simd(S.i16x8_narrow_i32x4_s).tee(w).get(w).simd(S.i8x16_narrow_i16x8_s).simd(S.i8x16_neg);
    fb.simdMemLane(S.v128_store32_lane, 0, 0, 0);
  } else if (k.out === "float32" && !wide) {
    fb.get(v).simd(Simd.f32x4_demote_f64x2_zero).simdMemLane(Simd.v128_store64_lane, 0, 0, 0);
  } else fb.get(v).simdMem(Simd.v128_store, 0);
  fb.get(i).i32(lanes).op(Op.i32_add).set(i).br(0);
  fb.op(Op.end, Op.end);
  return lanes;
}

/** Every load in `e` (each node once). */
function loadsOf(e: Expr): Extract<Expr, { k: "load" }>[] {
  const out = new Set<Extract<Expr, { k: "load" }>>();
  const seen = new Set<Expr>();
  const walk = (x: Expr): void => {
    if (seen.has(x)) return;
    seen.add(x);
    if (x.k === "load") out.add(x);
    for (const c of Object.values(x)) if (c && typeof c === "object" && "k" in c) walk(c as Expr);
  };
  walk(e);
  return [...out];
}
