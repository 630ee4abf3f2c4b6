/**
 * @file Kernel IR → one WebAssembly module. The kernel function `k(start, end, out, in0, len0, …)`
 * computes out[i] for i in [start, end) (so a range can be split across threads); values follow the
 * reference backend: every float32-typed node yields a float32-rounded value (held in an f64 by
 * scalar code), float64 is IEEE double, int32/uint32 wrap, bool is 0/1 stored as a byte; float32
 * transcendentals use mathf32.ts (within 2 ulp of the reference) unless `nativeMath` is off.
 */
import { DType, isFloat } from "../../core/dtype.js";
import { Expr, exprIds, Kernel } from "../../lower/kernel.js";
import { FuncBuilder, I32, Op, ValType } from "./encoder.js";
import { GenContext, ImportName, emitToInt32 } from "./context.js";
import { emitSimdLoop } from "./simd.js";
import { emitSimdReduce } from "./simd_reduce.js";
import { kindOf, Operand, ScalarEmitter, valType } from "./scalar.js";
import { keepsF32 } from "../js/codegen.js";

/** log2 of the element size in memory. */
export const shiftOf = (d: DType): number => (d === "bool" ? 0 : d === "float64" ? 3 : 2);

/** Options of code generation (for tests: force the scalar path). */
export interface GenOptions {
  simd?: boolean;
  /** Use the in-module float64 transcendentals instead of importing the Math functions. */
  nativeMath?: boolean;
  /** Clamp every load index, also bare `gidx` ones (for inputs shorter than the output). */
  clampAll?: boolean;
}

/** What the backend needs to run a generated module. */
export interface KernelModule {
  bytes: Uint8Array<ArrayBuffer>;
  imports: string[];
  /** Inputs loaded at the bare output index: they must have at least `kernel.size` elements. */
  contiguous: number[];
  /** Lanes of the SIMD loop (0: scalar code only). */
  simdLanes: number;
}

/** Generate the module for `kernel`. */
export function generateModule(kernel: Kernel, opts: GenOptions = {}): KernelModule {
  let declared: ImportName[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const gen = new KernelGen(kernel, declared, opts);
    const simdLanes = gen.generate();
    if (gen.ctx.complete()) {
      return { bytes: gen.ctx.mod.encode(), imports: declared, contiguous: [...gen.contiguous], simdLanes };
    }
    declared = [...new Set([...declared, ...gen.ctx.requested])];
  }
  throw new Error("wasm codegen: imports did not converge");
}

/** Param layout of the kernel function. */
export const P_START = 0, P_END = 1, P_OUT = 2;
/** Parameter index of input j's address. */
export const pPtr = (j: number) => 3 + 2 * j;
/** Parameter index of input j's length (elements). */
export const pLen = (j: number) => 4 + 2 * j;

/** Loops, loads, stores and reductions around the scalar ops. */
class KernelGen extends ScalarEmitter {
  readonly contiguous = new Set<number>();
  private readonly outer: number[] = [];
  private readonly inner: number[] = [];
  private readonly memo = new Map<number, { op: Operand; usesR: boolean }>();
  /** Structural ids of the expression's nodes (equal subexpressions are computed once). */
  private readonly ids: Map<Expr, number>;
  private readonly i: number;
  private r = -1;

  constructor(readonly k: Kernel, declared: ImportName[], readonly opts: GenOptions) {
    const params: ValType[] = [I32, I32, I32];
    for (let j = 0; j < k.inputs.length; j++) params.push(I32, I32);
    const fb = new FuncBuilder(params, []);
    super(fb, new GenContext(declared, fb), opts.nativeMath !== false);
    this.i = fb.local(I32);
    this.ids = exprIds(k.expr);
  }

  /** Emit the whole kernel function; returns the SIMD lane count used (0 if scalar only). */
  generate(): number {
    const { fb, k, i } = this;
    fb.get(P_START).set(i);
    const vector = this.opts.simd !== false && !this.opts.clampAll;
    const lanes = !vector ? 0 : k.reduce ? emitSimdReduce(fb, k, i) : emitSimdLoop(this.ctx, fb, k, i, this.opts);
    if (k.reduce) this.r = fb.local(I32);
    const top = fb.code;
    // compute the body into the two sections first
    const value = this.reduceBody();
    fb.code = top;
    fb.block(Op.block).get(i).get(P_END).op(Op.i32_ge_s).brIf(0);
    fb.block(Op.loop);
    for (const b of this.outer) fb.code.push(b);
    const storeValue = value(); // emits the reduction loop (if any), returns the result operand
    // out[i] = value
    fb.get(P_OUT).get(i);
    if (shiftOf(k.out)) fb.i32(shiftOf(k.out)).op(Op.i32_shl);
    fb.op(Op.i32_add);
    this.pushStored(storeValue, k.reduce && (k.reduce.op === "argmax" || k.reduce.op === "argmin") ? "int32" : k.expr.dtype);
    fb.get(i).i32(1).op(Op.i32_add).tee(i).get(P_END).op(Op.i32_lt_s).brIf(0);
    fb.op(Op.end, Op.end);
    fb.code = [...this.ctx.preamble, ...fb.code];
    return lanes;
  }

  /** Emit the expression into the outer/inner sections; return a function emitting the loop tail. */
  private reduceBody(): () => Operand {
    const body = this.emit(this.k.expr);
    if (!this.k.reduce) return () => body.op;
    return () => this.reduction(body.op);
  }

  /** The reduction loop over r in [0, R): accumulate `v` (computed in the inner section). */
  private reduction(v: Operand): Operand {
    const { fb, k } = this;
    const { op, size: R } = k.reduce!;
    const d = k.expr.dtype, kind = kindOf(d), r = this.r;
    const isArg = op === "argmax" || op === "argmin";
    const acc = fb.local(valType(d));
    const bi = isArg ? fb.local(I32) : -1;
    const cond = isArg ? fb.local(I32) : -1;
    // identities
    if (isArg) {
      fb.i32(-1).set(bi);
      if (kind === "f") fb.f64(0);
      else fb.i32(0);
      fb.set(acc);
    } else {
      const init: Record<string, number> = {
        sum: 0, prod: 1,
        max: kind === "f" ? -Infinity : d === "int32" ? -2147483648 : 0,
        min: kind === "f" ? Infinity : d === "int32" ? 2147483647 : d === "uint32" ? -1 : 1,
      };
      if (kind === "f") fb.f64(init[op]);
      else fb.i32(init[op]);
      fb.set(acc);
    }
    if (R > 0) {
      fb.i32(0).set(r);
      fb.block(Op.loop);
      for (const b of this.inner) fb.code.push(b);
      if (isArg) {
        // take v if bi < 0 || v ⋛ best || (v is NaN && best is not)
        fb.get(bi).i32(0).op(Op.i32_lt_s);
        v.push();
        fb.get(acc);
        const gt = op === "argmax";
        if (kind === "f") fb.op(gt ? Op.f64_gt : Op.f64_lt);
        else if (kind === "s") fb.op(gt ? Op.i32_gt_s : Op.i32_lt_s);
        else fb.op(gt ? Op.i32_gt_u : Op.i32_lt_u);
        fb.op(Op.i32_or);
        if (kind === "f") {
          v.push();
          v.push();
          fb.op(Op.f64_ne).get(acc).get(acc).op(Op.f64_eq).op(Op.i32_and).op(Op.i32_or);
        }
        fb.set(cond);
        v.push();
        fb.get(acc).get(cond).op(Op.select).set(acc);
        fb.get(r).get(bi).get(cond).op(Op.select).set(bi);
      } else {
        fb.get(acc);
        v.push();
        this.accumulate(op, d);
        fb.set(acc);
      }
      fb.get(r).i32(1).op(Op.i32_add).tee(r).i32(R).op(Op.i32_lt_s).brIf(0);
      fb.op(Op.end);
    }
    if (isArg) {
      return { kind: "s", push: () => fb.i32(0).get(bi).get(bi).i32(0).op(Op.i32_lt_s).op(Op.select) };
    }
    return { kind, push: () => fb.get(acc) };
  }

  /** Stack: acc v → acc'. */
  private accumulate(op: string, d: DType): void {
    const { fb } = this;
    const kind = kindOf(d);
    if (kind === "f") {
      if (op === "max" || op === "min") this.floatMaxMin(op === "max");
      else fb.op(op === "sum" ? Op.f64_add : Op.f64_mul);
      return;
    }
    if (op === "sum" || op === "prod") {
      fb.op(op === "sum" ? Op.i32_add : Op.i32_mul);
      if (d === "bool") fb.i32(0).op(Op.i32_ne);
      return;
    }
    this.intMaxMin(op === "max", kind);
  }

  /** Push `v` (of dtype `d`) converted as a TypedArray of the output dtype stores it, then store. */
  private pushStored(v: Operand, d: DType): void {
    const { fb } = this;
    const out = this.k.out;
    if (isFloat(out)) {
      this.pushF64(v);
      if (out === "float32") fb.op(Op.f32_demote_f64).mem(Op.f32_store);
      else fb.mem(Op.f64_store);
      return;
    }
    v.push();
    if (kindOf(d) === "f") emitToInt32(this.ctx, fb);
    fb.mem(out === "bool" ? Op.i32_store8 : Op.i32_store);
  }

  /** Emit `e` (memoised) into the outer or inner section and return its operand. */
  private emit(e: Expr): { op: Operand; usesR: boolean } {
    const { fb } = this;
    switch (e.k) {
      case "const": {
        const v = e.value;
        if (isFloat(e.dtype)) {
          const fv = e.dtype === "float32" ? Math.fround(v) : v;
          return { op: { kind: "f", push: () => fb.f64(fv) }, usesR: false };
        }
        const bits = e.dtype === "bool" ? (v !== 0 && v === v ? 1 : 0) : v | 0;
        return { op: { kind: kindOf(e.dtype), push: () => fb.i32(bits), c: bits }, usesR: false };
      }
      case "gidx": return { op: { kind: "s", push: () => fb.get(this.i) }, usesR: false };
      case "ridx": return { op: { kind: "s", push: () => fb.get(this.r) }, usesR: true };
    }
    const key = this.ids.get(e)!;
    const hit = this.memo.get(key);
    if (hit) return hit;
    // children first (each lands in its own section), then this node
    const children = e.k === "load" ? [e.index] : e.k === "un" || e.k === "cast" ? [e.a] : e.k === "bin" ? [e.a, e.b] : [e.c, e.t, e.f];
    const kids = children.map((c) => this.emit(c));
    const ops = kids.map((c) => c.op);
    const usesR = kids.some((c) => c.usesR);
    const saved = fb.code;
    fb.code = usesR ? this.inner : this.outer;
    let op!: Operand;
    switch (e.k) {
      case "load": op = this.load(e.input, e.index, ops[0], e.dtype); break;
      case "un": this.unary(e.op, ops[0], e.a.dtype, e.dtype); break;
      case "bin": this.binary(e.op, ops[0], ops[1], e.dtype); break;
      case "select": this.select(ops[0], ops[1], ops[2], e.dtype); break;
      case "cast": this.cast(ops[0], e.a.dtype, e.dtype); break;
    }
    if (e.k !== "load") {
      // every float32 result is rounded to float32, as the reference does
      if (e.dtype === "float32" && !keepsF32(e)) fb.op(Op.f32_demote_f64, Op.f64_promote_f32);
      op = this.toLocal(e.dtype);
    }
    fb.code = saved;
    const res = { op, usesR };
    this.memo.set(key, res);
    return res;
  }

  private load(input: number, index: Expr, ix: Operand, d: DType): Operand {
    const { fb } = this;
    fb.get(pPtr(input));
    if (index.k === "gidx" && !this.opts.clampAll) {
      this.contiguous.add(input);
      ix.push();
    } else {
      // clamp out-of-range indices to 0: loads in an unselected branch may point outside the input
      ix.push();
      fb.i32(0);
      ix.push();
      fb.get(pLen(input)).op(Op.i32_lt_u, Op.select);
    }
    if (shiftOf(d)) fb.i32(shiftOf(d)).op(Op.i32_shl);
    fb.op(Op.i32_add);
    switch (d) {
      case "bool": fb.mem(Op.i32_load8_u); break;
      case "int32": case "uint32": fb.mem(Op.i32_load); break;
      case "float32": fb.mem(Op.f32_load).op(Op.f64_promote_f32); break;
      case "float64": fb.mem(Op.f64_load); break;
    }
    return this.toLocal(d);
  }

}
