/**
 * @file SIMD128 loops for elementwise float kernels over contiguous loads (index = gidx). Two modes:
 * f32x4 when one exactly rounded op maps float32 to float32 (the result equals the reference's
 * double-then-round), otherwise f64x2 over float64 values (float32 loads widened, stores narrowed),
 * which reproduces the reference's float64 evaluation exactly. The scalar loop finishes the tail.
 */
import { isFloat } from "../../core/dtype.js";
import { Expr, Kernel, UnaryOp } from "../../lower/kernel.js";
import { FuncBuilder, Op, Simd, V128 } from "./encoder.js";
import { GenContext, IMPORTS } from "./context.js";
import { GenOptions, P_END, P_OUT, pPtr } from "./codegen.js";
import { emitNativeUnaryF64x2, NATIVE_UNARY } from "./mathlib.js";

const EXACT_UNARY: Partial<Record<UnaryOp, [number, number]>> = {
  // [f32x4, f64x2]
  neg: [Simd.f32x4_neg, Simd.f64x2_neg], abs: [Simd.f32x4_abs, Simd.f64x2_abs],
  sqrt: [Simd.f32x4_sqrt, Simd.f64x2_sqrt], floor: [Simd.f32x4_floor, Simd.f64x2_floor],
  ceil: [Simd.f32x4_ceil, Simd.f64x2_ceil], trunc: [Simd.f32x4_trunc, Simd.f64x2_trunc],
  round: [Simd.f32x4_nearest, Simd.f64x2_nearest],
};
const EXACT_BINARY: Record<string, [number, number]> = {
  add: [Simd.f32x4_add, Simd.f64x2_add], sub: [Simd.f32x4_sub, Simd.f64x2_sub],
  mul: [Simd.f32x4_mul, Simd.f64x2_mul], div: [Simd.f32x4_div, Simd.f64x2_div],
  max: [Simd.f32x4_max, Simd.f64x2_max], min: [Simd.f32x4_min, Simd.f64x2_min],
};
/** Binary ops computed lane by lane through an imported function. */
const LANEWISE_BINARY: Record<string, string> = { pow: "pow", atan2: "atan2", rem: "fmod" };

/** Can `e` be evaluated in f64x2 lanes? */
function vectorisable(e: Expr): boolean {
  if (!isFloat(e.dtype)) return false;
  switch (e.k) {
    case "load": return e.index.k === "gidx";
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

/** Is `e` a float32 operand that f32x4 code reproduces exactly (a float32 load or an exact constant)? */
function f32Leaf(e: Expr): boolean {
  if (e.dtype !== "float32") return false;
  return (e.k === "load" && e.index.k === "gidx") || (e.k === "const" && Object.is(Math.fround(e.value), e.value));
}

/** f32x4 is exact for a copy or one correctly rounded op of float32 leaves (double rounding is innocuous). */
function f32x4Exact(k: Kernel): boolean {
  const e = k.expr;
  if (k.out !== "float32" || e.dtype !== "float32") return false;
  if (e.k === "load") return f32Leaf(e);
  if (e.k === "un") return e.op in EXACT_UNARY && f32Leaf(e.a);
  if (e.k === "bin") return e.op in EXACT_BINARY && f32Leaf(e.a) && f32Leaf(e.b);
  return false;
}

/**
 * Emit a vector loop advancing local `i` from its current value while a full vector fits before
 * `end`; returns the lane count (0 when the kernel is not vectorisable and nothing was emitted).
 */
export function emitSimdLoop(ctx: GenContext, fb: FuncBuilder, k: Kernel, i: number, opts: GenOptions): number {
  if (k.reduce || !isFloat(k.out) || !vectorisable(k.expr)) return 0;
  const wide = f32x4Exact(k); // f32x4, else f64x2
  const lanes = wide ? 4 : 2;
  const memo = new Map<string, number>();
  const shift = (d: string) => (d === "float64" ? 3 : 2);
  const addr = (base: number, d: string) => fb.get(base).get(i).i32(shift(d)).op(Op.i32_shl, Op.i32_add);

  /** Emit `e` into a v128 local. */
  const emit = (e: Expr): number => {
    const key = JSON.stringify(e);
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    switch (e.k) {
      case "load":
        addr(pPtr(e.input), e.dtype);
        if (wide || e.dtype === "float64") fb.simdMem(Simd.v128_load, 0);
        else fb.simdMem(Simd.v128_load64_zero, 0).simd(Simd.f64x2_promote_low_f32x4);
        break;
      case "const":
        if (wide) fb.f32(e.value).simd(Simd.f32x4_splat);
        else fb.f64(e.value).simd(Simd.f64x2_splat);
        break;
      case "cast": {
        const a = emit(e.a);
        fb.get(a);
        if (e.dtype === "float32" && e.a.dtype === "float64") fb.simd(Simd.f32x4_demote_f64x2_zero).simd(Simd.f64x2_promote_low_f32x4);
        break;
      }
      case "un": {
        const a = emit(e.a);
        const exact = EXACT_UNARY[e.op];
        if (exact) fb.get(a).simd(exact[wide ? 0 : 1]);
        else if (opts.nativeMath !== false && NATIVE_UNARY.has(e.op)) {
          fb.get(a);
          emitNativeUnaryF64x2(ctx, fb, e.op);
        } else lanewise(e.op === "exp2" ? "pow" : e.op, e.op === "exp2" ? [-1, a] : [a]);
        break;
      }
      case "bin": {
        const a = emit(e.a), b = emit(e.b);
        const exact = EXACT_BINARY[e.op];
        if (exact) fb.get(a).get(b).simd(exact[wide ? 0 : 1]);
        else lanewise(LANEWISE_BINARY[e.op], [a, b]);
        break;
      }
      default:
        throw new Error("wasm simd: not vectorisable");
    }
    const l = fb.local(V128);
    fb.set(l);
    memo.set(key, l);
    return l;
  };

  /** Call an imported f64 function on each of the two lanes (-1 as an argument stands for the constant 2). */
  const lanewise = (name: string, args: number[]) => {
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

  fb.block(Op.block).block(Op.loop);
  fb.get(i).i32(lanes).op(Op.i32_add).get(P_END).op(Op.i32_gt_s).brIf(1);
  const v = emit(k.expr);
  addr(P_OUT, k.out);
  fb.get(v);
  if (k.out === "float32" && !wide) {
    fb.simd(Simd.f32x4_demote_f64x2_zero).simdMemLane(Simd.v128_store64_lane, 0, 0, 0);
  } else fb.simdMem(Simd.v128_store, 0);
  fb.get(i).i32(lanes).op(Op.i32_add).set(i).br(0);
  fb.op(Op.end, Op.end);
  return lanes;
}
