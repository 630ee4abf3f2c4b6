/**
 * @file Matrix–vector products for the matmul routine (m = 1 or n = 1), where the blocked kernel of
 * matmul.ts would pad a single row or column to a full register tile. y[i] = Σ_p M[i, p]·x[p] with x
 * contiguous (gathered first when strided) and y contiguous:
 *
 * - `dot`: rows of M contiguous along p — SIMD dot products, four vector accumulators per row;
 * - `axpy`: columns of M contiguous along i (M transposed) — y += x[p]·M[:, p], SIMD across rows,
 *   a block of eight vectors of y held in registers over the whole depth;
 * - `strided`: any strides — scalar.
 *
 * Arithmetic is the kind's own (float32 in float32 lanes, as matmul.ts; int32/uint32 wrapping).
 */
import { F32, F64, FuncBuilder, I32, ModuleBuilder, Op, Simd, V128, ValType, loopWhile } from "./encoder.js";
import { importMemory } from "./memory.js";
import type { MatmulKind } from "./matmul.js";

/** The exported functions (i32 arguments; addresses and strides in bytes). */
export interface GemvExports {
  /** y[i] = Σ_p M[i·rs + p]·x[p] (rows contiguous). */
  dot(m: number, rs: number, rows: number, k: number, x: number, y: number): void;
  /** y[i] = Σ_p M[i + p·cs]·x[p] (columns contiguous). */
  axpy(m: number, cs: number, rows: number, k: number, x: number, y: number): void;
  /** y[i] = Σ_p M[i·rs + p·cs]·x[p]. */
  strided(m: number, rs: number, cs: number, rows: number, k: number, x: number, y: number): void;
  /** dst[i] = src[i·stride] for i < count (gathers a strided x). */
  gather(src: number, stride: number, count: number, dst: number): void;
}

interface T {
  es: number;
  lanes: number;
  vt: ValType;
  load: number;
  store: number;
  add: number;
  mul: number;
  zero: (f: FuncBuilder) => void;
  vmul: number;
  vadd: number;
  splat: number;
  extract: number;
}

const TYPES: Record<MatmulKind, T> = {
  f32: { es: 4, lanes: 4, vt: F32, load: Op.f32_load, store: Op.f32_store, add: Op.f32_add, mul: Op.f32_mul, zero: (f) => f.f32(0), vmul: Simd.f32x4_mul, vadd: Simd.f32x4_add, splat: Simd.v128_load32_splat, extract: Simd.f32x4_extract_lane },
  f64: { es: 8, lanes: 2, vt: F64, load: Op.f64_load, store: Op.f64_store, add: Op.f64_add, mul: Op.f64_mul, zero: (f) => f.f64(0), vmul: Simd.f64x2_mul, vadd: Simd.f64x2_add, splat: Simd.v128_load64_splat, extract: Simd.f64x2_extract_lane },
  i32: { es: 4, lanes: 4, vt: I32, load: Op.i32_load, store: Op.i32_store, add: Op.i32_add, mul: Op.i32_mul, zero: (f) => f.i32(0), vmul: Simd.i32x4_mul, vadd: Simd.i32x4_add, splat: Simd.v128_load32_splat, extract: Simd.i32x4_extract_lane },
};

const add = (f: FuncBuilder, v: number, by: number) => f.get(v).i32(by).op(Op.i32_add).set(v);
const addLocal = (f: FuncBuilder, v: number, by: number) => f.get(v).get(by).op(Op.i32_add).set(v);

function dot(t: T): FuncBuilder {
  const f = new FuncBuilder([I32, I32, I32, I32, I32, I32], []);
  const [m, rs, rows, k, x, y] = [0, 1, 2, 3, 4, 5];
  const U = 4, step = U * t.lanes;
  const acc = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const p = f.local(I32), a = f.local(I32), b = f.local(I32), s = f.local(t.vt);
  loopWhile(f, () => f.get(rows).i32(0).op(Op.i32_gt_s), () => {
    for (const l of acc) f.v128Const(new Uint8Array(16)).set(l);
    f.i32(0).set(p);
    f.get(m).set(a);
    f.get(x).set(b);
    loopWhile(f, () => f.get(p).i32(step).op(Op.i32_add).get(k).op(Op.i32_le_s), () => {
      for (let u = 0; u < U; u++) {
        f.get(acc[u]).get(a).simdMem(Simd.v128_load, 0, u * 16).get(b).simdMem(Simd.v128_load, 0, u * 16).simd(t.vmul).simd(t.vadd).set(acc[u]);
      }
      add(f, a, U * 16);
      add(f, b, U * 16);
      add(f, p, step);
    });
    loopWhile(f, () => f.get(p).i32(t.lanes).op(Op.i32_add).get(k).op(Op.i32_le_s), () => {
      f.get(acc[0]).get(a).simdMem(Simd.v128_load, 0).get(b).simdMem(Simd.v128_load, 0).simd(t.vmul).simd(t.vadd).set(acc[0]);
      add(f, a, 16);
      add(f, b, 16);
      add(f, p, t.lanes);
    });
    // horizontal sum, then the scalar tail
    f.get(acc[0]).get(acc[1]).simd(t.vadd).get(acc[2]).get(acc[3]).simd(t.vadd).simd(t.vadd).set(acc[0]);
    f.get(acc[0]).lane(t.extract, 0);
    for (let l = 1; l < t.lanes; l++) f.get(acc[0]).lane(t.extract, l).op(t.add);
    f.set(s);
    loopWhile(f, () => f.get(p).get(k).op(Op.i32_lt_s), () => {
      f.get(s).get(a).mem(t.load).get(b).mem(t.load).op(t.mul).op(t.add).set(s);
      add(f, a, t.es);
      add(f, b, t.es);
      add(f, p, 1);
    });
    f.get(y).get(s).mem(t.store);
    add(f, y, t.es);
    addLocal(f, m, rs);
    f.get(rows).i32(1).op(Op.i32_sub).set(rows);
  });
  return f;
}

function axpy(t: T): FuncBuilder {
  const f = new FuncBuilder([I32, I32, I32, I32, I32, I32], []);
  const [m, cs, rows, k, x, y] = [0, 1, 2, 3, 4, 5];
  const V = 8;
  const acc = Array.from({ length: V }, () => f.local(V128));
  const xv = f.local(V128), p = f.local(I32), a = f.local(I32), b = f.local(I32), s = f.local(t.vt);
  /** A block of `nv` vectors of y: over every p, acc += splat(x[p])·M[i.., p]. */
  const block = (nv: number) => {
    for (let v = 0; v < nv; v++) f.v128Const(new Uint8Array(16)).set(acc[v]);
    f.get(k).set(p);
    f.get(m).set(a);
    f.get(x).set(b);
    loopWhile(f, () => f.get(p).i32(0).op(Op.i32_gt_s), () => {
      f.get(b).simdMem(t.splat, 0).set(xv);
      for (let v = 0; v < nv; v++) f.get(acc[v]).get(a).simdMem(Simd.v128_load, 0, v * 16).get(xv).simd(t.vmul).simd(t.vadd).set(acc[v]);
      addLocal(f, a, cs);
      add(f, b, t.es);
      f.get(p).i32(1).op(Op.i32_sub).set(p);
    });
    for (let v = 0; v < nv; v++) f.get(y).get(acc[v]).simdMem(Simd.v128_store, 0, v * 16);
    add(f, y, nv * 16);
    add(f, m, nv * 16);
    f.get(rows).i32(nv * t.lanes).op(Op.i32_sub).set(rows);
  };
  loopWhile(f, () => f.get(rows).i32(V * t.lanes).op(Op.i32_ge_s), () => block(V));
  loopWhile(f, () => f.get(rows).i32(t.lanes).op(Op.i32_ge_s), () => block(1));
  // the last rows, one at a time
  loopWhile(f, () => f.get(rows).i32(0).op(Op.i32_gt_s), () => {
    rowDot(f, t, { m, cs, k, x, y, p, a, b, s });
    add(f, m, t.es);
    f.get(rows).i32(1).op(Op.i32_sub).set(rows);
  });
  return f;
}

/** y[0] = Σ_p m[p·cs]·x[p] over k terms (one row, scalar code); then y advances by one element. */
function rowDot(f: FuncBuilder, t: T, l: { m: number; cs: number; k: number; x: number; y: number; p: number; a: number; b: number; s: number }): void {
  const { m, cs, k, x, y, p, a, b, s } = l;
  t.zero(f);
  f.set(s);
  f.get(k).set(p);
  f.get(m).set(a);
  f.get(x).set(b);
  loopWhile(f, () => f.get(p).i32(0).op(Op.i32_gt_s), () => {
    f.get(s).get(a).mem(t.load).get(b).mem(t.load).op(t.mul).op(t.add).set(s);
    addLocal(f, a, cs);
    add(f, b, t.es);
    f.get(p).i32(1).op(Op.i32_sub).set(p);
  });
  f.get(y).get(s).mem(t.store);
  add(f, y, t.es);
}

function strided(t: T): FuncBuilder {
  const f = new FuncBuilder([I32, I32, I32, I32, I32, I32, I32], []);
  const [m, rs, cs, rows, k, x, y] = [0, 1, 2, 3, 4, 5, 6];
  const p = f.local(I32), a = f.local(I32), b = f.local(I32), s = f.local(t.vt);
  loopWhile(f, () => f.get(rows).i32(0).op(Op.i32_gt_s), () => {
    rowDot(f, t, { m, cs, k, x, y, p, a, b, s });
    addLocal(f, m, rs);
    f.get(rows).i32(1).op(Op.i32_sub).set(rows);
  });
  return f;
}

function gather(t: T): FuncBuilder {
  const f = new FuncBuilder([I32, I32, I32, I32], []);
  const [src, stride, count, dst] = [0, 1, 2, 3];
  loopWhile(f, () => f.get(count).i32(0).op(Op.i32_gt_s), () => {
    f.get(dst).get(src).mem(t.load).mem(t.store);
    addLocal(f, src, stride);
    add(f, dst, t.es);
    f.get(count).i32(1).op(Op.i32_sub).set(count);
  });
  return f;
}

const cache = new Map<MatmulKind, WebAssembly.Module>();

/** The (cached) matrix–vector module for `kind`. */
export function gemvModule(kind: MatmulKind): WebAssembly.Module {
  let mod = cache.get(kind);
  if (!mod) {
    const t = TYPES[kind];
    const mb = new ModuleBuilder();
    importMemory(mb);
    mb.exportFunction("dot", mb.addFunction(dot(t)));
    mb.exportFunction("axpy", mb.addFunction(axpy(t)));
    mb.exportFunction("strided", mb.addFunction(strided(t)));
    mb.exportFunction("gather", mb.addFunction(gather(t)));
    cache.set(kind, (mod = new WebAssembly.Module(mb.encode())));
  }
  return mod;
}

/** Instantiate the module on `memory`. */
export function instantiateGemv(mod: WebAssembly.Module, memory: WebAssembly.Memory): GemvExports {
  return new WebAssembly.Instance(mod, { env: { mem: memory } }).exports as unknown as GemvExports;
}
