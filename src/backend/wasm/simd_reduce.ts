/**
 * @file SIMD loops for float sum/prod reductions along a non-contiguous axis ("column sums", e.g. a
 * bias gradient: out[j] = Σ_r x[r, j] over a [batch, features] array): vectorised across outputs,
 * two neighbouring outputs per f64x2 vector and four vectors at a time, each accumulator running
 * down its column in f64 exactly as the scalar code does (same order, same roundings: identical
 * results, and the same as the reference backend's).
 *
 * Applies when every load's index is g(gidx) + f(ridx): g is `gidx` or a row-broken run
 * `(gidx / c)·s + gidx % c` (c even, s ≥ c: contiguous within runs of c), and f any expression of
 * ridx and constants through + · / % (its largest value bounded at code generation); a load without
 * gidx is a splat. The loop runs only when every index read stays inside its input (checked on entry)
 * and, for run-broken indices, from an even output index; the scalar loop finishes the rest.
 */
import { isFloat } from "../../core/dtype.js";
import { Expr, exprIds, Kernel } from "../../lower/kernel.js";
import { FuncBuilder, I32, Op, Simd, V128 } from "./encoder.js";
import { P_END, P_OUT, pLen, pPtr } from "./codegen.js";
import { EXACT_BINARY, EXACT_UNARY } from "./simd.js";
import { keepsF32 } from "../js/codegen.js";

type Load = Extract<Expr, { k: "load" }>;
/** g(gidx): the identity, or a run-broken index (gidx / c)·s + gidx % c. */
type GForm = { k: "none" } | { k: "gidx" } | { k: "runs"; c: number; s: number };
interface LoadForm {
  g: GForm;
  /** The ridx part (null: none) and its largest value over ridx ∈ [0, R). */
  f: Expr | null;
  fMax: number;
}

const uses = (e: Expr, k: "gidx" | "ridx"): boolean => {
  if (e.k === k) return true;
  if (e.k === "bin") return uses(e.a, k) || uses(e.b, k);
  if (e.k === "un" || e.k === "cast") return uses(e.a, k);
  return false;
};

/** The largest value of an int32 expression of ridx ∈ [0, R) and non-negative constants through + · / %, or null. */
function upperBound(e: Expr, R: number): number | null {
  if (e.dtype !== "int32") return null;
  if (e.k === "ridx") return R - 1;
  if (e.k === "const") return e.value >= 0 ? e.value : null;
  if (e.k !== "bin") return null;
  const a = upperBound(e.a, R);
  if (a === null) return null;
  const c = e.b.k === "const" ? e.b.value : null;
  switch (e.op) {
    case "add": {
      const b = upperBound(e.b, R);
      return b === null ? null : a + b;
    }
    case "mul": return c !== null && c >= 0 ? a * c : null;
    case "div": return c !== null && c > 0 ? Math.floor(a / c) : null;
    case "rem": return c !== null && c > 0 ? Math.min(a, c - 1) : null;
    default: return null;
  }
}

/** The addends of a sum tree. */
function addends(e: Expr): Expr[] {
  return e.k === "bin" && e.op === "add" && e.dtype === "int32" ? [...addends(e.a), ...addends(e.b)] : [e];
}

/** The form g(gidx) + f(ridx) of a load index, or null. */
function loadForm(index: Expr, R: number): LoadForm | null {
  const gs: Expr[] = [], fs: Expr[] = [];
  for (const t of addends(index)) {
    const g = uses(t, "gidx"), r = uses(t, "ridx");
    if (g && r) return null;
    (g ? gs : fs).push(t);
  }
  let g: GForm | null = null;
  if (gs.length === 0) g = { k: "none" };
  else if (gs.length === 1 && gs[0].k === "gidx") g = { k: "gidx" };
  else if (gs.length === 2) {
    // (gidx / c)·s + gidx % c, in either order
    const [m, r] = gs[0].k === "bin" && gs[0].op === "rem" ? [gs[1], gs[0]] : [gs[0], gs[1]];
    if (
      r.k === "bin" && r.op === "rem" && r.a.k === "gidx" && r.b.k === "const" &&
      m.k === "bin" && m.op === "mul" && m.b.k === "const" && m.a.k === "bin" && m.a.op === "div" && m.a.a.k === "gidx" && m.a.b.k === "const" &&
      m.a.b.value === r.b.value
    ) {
      const c = r.b.value, s = m.b.value;
      if (Number.isInteger(c) && c > 0 && c % 2 === 0 && Number.isInteger(s) && s >= c) g = { k: "runs", c, s };
    }
  }
  if (!g) return null;
  let fMax = 0;
  for (const t of fs) {
    const b = upperBound(t, R);
    if (b === null) return null;
    fMax += b;
  }
  const f = fs.length === 0 ? null : fs.reduce((a, b) => ({ k: "bin", op: "add", a, b, dtype: "int32" }) as Expr);
  return fMax < 2 ** 31 ? { g, f, fMax } : null;
}

/** The loads of `e` and their forms, if every node can be evaluated in f64x2 lanes here; else null. */
function analyse(e: Expr, R: number, forms = new Map<Load, LoadForm>()): Map<Load, LoadForm> | null {
  if (!isFloat(e.dtype)) return null;
  switch (e.k) {
    case "load": {
      const f = loadForm(e.index, R);
      if (!f) return null;
      forms.set(e, f);
      return forms;
    }
    case "const": return forms;
    case "cast": return isFloat(e.a.dtype) ? analyse(e.a, R, forms) : null;
    case "un": return e.op in EXACT_UNARY ? analyse(e.a, R, forms) : null;
    case "bin": return e.op in EXACT_BINARY && analyse(e.a, R, forms) && analyse(e.b, R, forms) ? forms : null;
    default: return null;
  }
}

/** Vectors of two outputs per step of the wide loop. */
const UNROLL = 4;

/**
 * Emit the vector loops of a sum/prod reduction kernel advancing local `i` while whole vectors fit
 * before `end`; returns the lanes (2), or 0 when the kernel does not qualify and nothing was emitted.
 */
export function emitSimdReduce(fb: FuncBuilder, k: Kernel, i: number): number {
  const red = k.reduce;
  if (!red || (red.op !== "sum" && red.op !== "prod") || red.size < 1 || !isFloat(k.out)) return 0;
  const R = red.size;
  const forms = analyse(k.expr, R);
  if (!forms || ![...forms.values()].some((f) => f.g.k !== "none")) return 0;
  const shift = (d: string) => (d === "float64" ? 3 : 2);
  const anyRuns = [...forms.values()].some((f) => f.g.k === "runs");
  const pushG = (g: GForm, at: () => void) => {
    // stack: → g(at)
    at();
    if (g.k === "runs") {
      const t = fb.local(I32);
      fb.set(t).get(t).i32(g.c).op(Op.i32_div_u).i32(g.s).op(Op.i32_mul).get(t).i32(g.c).op(Op.i32_rem_u).op(Op.i32_add);
    } else if (g.k === "none") fb.op(Op.drop).i32(0);
  };

  fb.block(Op.block);
  // entry checks: an even start for run-broken indices; every index read inside its input
  if (anyRuns) fb.get(i).i32(1).op(Op.i32_and).brIf(0);
  for (const [e, f] of forms) {
    // g(end − 1) + max f ≥ len → leave it all to the scalar code (g is non-decreasing)
    pushG(f.g, () => fb.get(P_END).i32(1).op(Op.i32_sub));
    fb.i32(f.fMax).op(Op.i32_add).get(pLen(e.input)).op(Op.i32_ge_u).brIf(0);
  }
  emitLoop(fb, k, i, forms, UNROLL, pushG, shift);
  emitLoop(fb, k, i, forms, 1, pushG, shift);
  fb.op(Op.end);
  return 2;
}

/** One vector loop: `u` vectors (2u outputs) per step while they fit before `end`. */
function emitLoop(
  fb: FuncBuilder, k: Kernel, i: number, forms: Map<Load, LoadForm>, u: number,
  pushG: (g: GForm, at: () => void) => void, shift: (d: string) => number,
): void {
  const R = k.reduce!.size, prod = k.reduce!.op === "prod";
  const ids = exprIds(k.expr);
  const r = fb.local(I32);
  const acc = Array.from({ length: u }, () => fb.local(V128));
  // per load and vector: the address of g(i + 2v) (hoisted out of the reduction loop)
  const base = new Map<Load, number[]>();
  for (const [e, f] of forms) base.set(e, Array.from({ length: u }, () => (f.g.k === "none" ? -1 : fb.local(I32))));
  // per load with a ridx part: its ridx offset in this step of the reduction loop (equal parts computed once)
  const fLocal = new Map<Load, number>();

  fb.block(Op.block);
  fb.block(Op.loop);
  fb.get(i).i32(2 * u).op(Op.i32_add).get(P_END).op(Op.i32_gt_s).brIf(1);
  for (const [e, f] of forms) {
    const b = base.get(e)!;
    for (let v = 0; v < u; v++) {
      if (b[v] < 0) continue;
      fb.get(pPtr(e.input));
      pushG(f.g, () => fb.get(i).i32(2 * v).op(Op.i32_add));
      fb.i32(shift(e.dtype)).op(Op.i32_shl, Op.i32_add).set(b[v]);
    }
  }
  for (const a of acc) fb.f64(prod ? 1 : 0).simd(Simd.f64x2_splat).set(a);
  fb.i32(0).set(r);
  fb.block(Op.loop);
  const byText = new Map<string, number>();
  for (const [e, f] of forms) {
    if (!f.f) continue;
    const text = JSON.stringify(f.f);
    let l = byText.get(text);
    if (l === undefined) {
      byText.set(text, (l = fb.local(I32)));
      pushIndex(fb, f.f, r);
      fb.set(l);
    }
    fLocal.set(e, l);
  }
  for (let v = 0; v < u; v++) {
    const memo = new Map<number, number>();
    const emit = (e: Expr): number => {
      const key = ids.get(e)!;
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      emitF64x2(e);
      const l = fb.local(V128);
      fb.set(l);
      memo.set(key, l);
      return l;
    };
    const emitF64x2 = (e: Expr): void => {
      switch (e.k) {
        case "load": {
          const splat = forms.get(e)!.g.k === "none", off = fLocal.get(e);
          if (splat) fb.get(pPtr(e.input));
          else fb.get(base.get(e)![v]);
          if (off !== undefined) fb.get(off).i32(shift(e.dtype)).op(Op.i32_shl, Op.i32_add);
          if (e.dtype === "float64") fb.simdMem(splat ? Simd.v128_load64_splat : Simd.v128_load, 0);
          else fb.simdMem(splat ? Simd.v128_load32_splat : Simd.v128_load64_zero, 0).simd(Simd.f64x2_promote_low_f32x4);
          return;
        }
        case "const":
          fb.f64(e.dtype === "float32" ? Math.fround(e.value) : e.value).simd(Simd.f64x2_splat);
          return;
        case "cast": {
          fb.get(emit(e.a));
          if (e.dtype === "float32" && e.a.dtype === "float64") fb.simd(Simd.f32x4_demote_f64x2_zero).simd(Simd.f64x2_promote_low_f32x4);
          return;
        }
        case "un":
          fb.get(emit(e.a)).simd(EXACT_UNARY[e.op]![1]);
          break;
        case "bin": {
          const a = emit(e.a), b = emit(e.b);
          fb.get(a).get(b).simd(EXACT_BINARY[e.op][1]);
          break;
        }
        default:
          throw new Error("wasm simd reduce: not vectorisable");
      }
      // every float32 result rounded to float32, as the scalar code
      if (e.dtype === "float32" && !keepsF32(e)) fb.simd(Simd.f32x4_demote_f64x2_zero).simd(Simd.f64x2_promote_low_f32x4);
    };
    const val = emit(k.expr);
    // acc ← acc ⊕ value, in f64 as the scalar accumulator
    fb.get(acc[v]).get(val).simd(prod ? Simd.f64x2_mul : Simd.f64x2_add).set(acc[v]);
  }
  fb.get(r).i32(1).op(Op.i32_add).tee(r).i32(R).op(Op.i32_lt_s).brIf(0);
  fb.op(Op.end);
  // store the u vectors (float32 outputs narrowed, two lanes)
  for (let v = 0; v < u; v++) {
    fb.get(P_OUT).get(i).i32(shift(k.out)).op(Op.i32_shl, Op.i32_add);
    const off = 2 * v * (1 << shift(k.out));
    if (k.out === "float32") fb.get(acc[v]).simd(Simd.f32x4_demote_f64x2_zero).simdMemLane(Simd.v128_store64_lane, 0, off, 0);
    else fb.get(acc[v]).simdMem(Simd.v128_store, 0, off);
  }
  fb.get(i).i32(2 * u).op(Op.i32_add).set(i).br(0);
  fb.op(Op.end, Op.end);
}

/** Push an int32 expression of ridx (local `r`) and constants through + · / % (non-negative values). */
function pushIndex(fb: FuncBuilder, e: Expr, r: number): void {
  if (e.k === "ridx") fb.get(r);
  else if (e.k === "const") fb.i32(e.value);
  else if (e.k === "bin") {
    pushIndex(fb, e.a, r);
    pushIndex(fb, e.b, r);
    const ops: Record<string, number> = { add: Op.i32_add, mul: Op.i32_mul, div: Op.i32_div_u, rem: Op.i32_rem_u };
    fb.op(ops[e.op]);
  } else throw new Error("wasm simd reduce: not an index of ridx");
}
