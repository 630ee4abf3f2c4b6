/**
 * @file The matmul routine's WebAssembly module: a cache-blocked, register-blocked SIMD matrix product
 * in the GotoBLAS style. Operands are read through arbitrary (batch, row, column) strides by packing
 * routines that copy a block of each operand into contiguous, zero-padded panels in scratch memory,
 * so transposed operands need no transposing copy of the whole matrix:
 *
 * - `packB` copies a kc×nc block of rhs into panels of NR columns, each panel [kc][NR];
 * - `packA` copies an mc×kc block of lhs into panels of MR rows, each panel [kc][MR];
 * - `kern` (the micro-kernel) holds an MR×NR tile of the output in MR·NV v128 registers and, for
 *   each p < kc, loads NV vectors of the B panel, broadcasts MR values of the A panel and multiplies
 *   and adds — float32 in f32x4 lanes, float64 in f64x2 lanes, int32/uint32 in wrapping i32x4 lanes;
 * - `macro` runs the micro-kernel over every tile of an mc×nc block (edge tiles go through a small
 *   tile buffer), storing on the first kc block and adding on the later ones.
 *
 * The driver (routines.ts) loops over batch, nc column blocks, kc depth blocks and mc row blocks so
 * that a B panel (kc·NR) stays in L1 and the packed A block (mc·kc) in L2.
 *
 * One module is generated per (dtype, stride class): the class only selects faster packing loops when
 * lhs is stored transposed (row stride 1) and when rhs has unit column stride; other strides are runtime.
 */
import { F32, F64, FuncBuilder, I32, ModuleBuilder, Op, Simd, V128, ValType } from "./encoder.js";
import { importMemory } from "./memory.js";
import { Relaxed } from "./relaxed.js";

/** What the generated code computes in: float32, float64, or 32-bit wrapping integers (int32 and uint32). */
export type MatmulKind = "f32" | "f64" | "i32";

/** Register and cache blocking. */
export interface Blocking {
  /** Rows of the register tile. */
  mr: number;
  /** v128 vectors across the register tile (NR = nv · lanes columns). */
  nv: number;
  /** Unrolling of the micro-kernel's depth loop. */
  unroll: number;
  /** Depth of a packed block. */
  kc: number;
  /** Rows of a packed A block (best a multiple of mr). */
  mc: number;
  /** Columns of a packed B block (best a multiple of NR). */
  nc: number;
}

/**
 * Tuned on the development machine (AMD EPYC, 32 KiB L1d and 512 KiB L2 per core, Node 20): a B
 * micro-panel (kc·NR) fits L1, a packed A block (mc·kc) L2. NB: no unrolling — TurboFan hoists the
 * loads of an unrolled depth loop above the arithmetic, runs out of xmm registers and spills the
 * accumulators; one step per iteration keeps the 8 accumulators, 2 B vectors and a broadcast in registers.
 */
export const BLOCKING: Record<MatmulKind, Blocking> = {
  f32: { mr: 4, nv: 2, unroll: 1, kc: 256, mc: 96, nc: 1024 },
  f64: { mr: 4, nv: 2, unroll: 1, kc: 256, mc: 96, nc: 1024 },
  i32: { mr: 4, nv: 2, unroll: 1, kc: 256, mc: 96, nc: 1024 },
};

/** The major version of the engine's V8 where the host tells it (Node, Deno), else 0 (browsers). */
export function v8Major(): number {
  const v = (globalThis as { process?: { versions?: { v8?: unknown } } }).process?.versions?.v8;
  const m = typeof v === "string" ? /^(\d+)\./.exec(v) : null;
  return m ? Number(m[1]) : 0;
}

/**
 * Does this engine keep a 6×2 relaxed-SIMD register tile in registers? relaxed_madd accumulates in
 * place (V8 emits vfmadd231 on x64 with FMA3), so 6×2 vectors fit V8's 15 allocatable xmm registers
 * (12 accumulators, 2 B vectors, a broadcast): 3–8 % faster than 4×2 with V8 14 (Node 26), but V8 12
 * (Node 22) and 11 (Node 20 with --experimental-wasm-relaxed-simd) spill it and run at half the speed
 * of SIMD128 (BENCHMARKS.md, issue 15). NB: chosen by the engine's version where it is known, a choice
 * of speed only: every output element is accumulated in the same order by either tile, so both give
 * the same bits (test/wasm_matmul_relaxed.test.ts).
 */
export const WIDE_RELAXED_TILE = v8Major() >= 14;

/**
 * Blocking for the relaxed-SIMD micro-kernels, measured on the same machine (bench/matmul_kernels.ts):
 * the 6×2 tile where the engine keeps it in registers (`WIDE_RELAXED_TILE`), else 4×2 (faster than
 * SIMD128 on every engine measured). Cache blocking is not sensitive here (kc 256–512, mc 96–192
 * within noise; mc a multiple of both tiles' rows). i32 has no relaxed multiply–add: its SIMD128 blocking.
 */
export const BLOCKING_RELAXED: Record<MatmulKind, Blocking> = {
  f32: { mr: WIDE_RELAXED_TILE ? 6 : 4, nv: 2, unroll: 1, kc: 256, mc: 96, nc: 1024 },
  f64: { mr: WIDE_RELAXED_TILE ? 6 : 4, nv: 2, unroll: 1, kc: 256, mc: 96, nc: 1024 },
  i32: BLOCKING.i32,
};

/** The blocking the matmul routine uses for `kind` on the relaxed or the SIMD128 path. */
export function defaultBlocking(kind: MatmulKind, relaxed: boolean): Blocking {
  return (relaxed ? BLOCKING_RELAXED : BLOCKING)[kind];
}

/** The exported functions (all arguments are i32; addresses and strides in bytes). */
export interface MatmulExports {
  /** Pack the mc×kc block of lhs at `src` (row stride `rs`, column stride `cs`) into `dst`. */
  packA(src: number, rs: number, cs: number, mc: number, kc: number, dst: number): void;
  /** Pack the kc×nc block of rhs at `src` (row stride `rs`, column stride `cs`) into `dst`. */
  packB(src: number, rs: number, cs: number, kc: number, nc: number, dst: number): void;
  /** c[mc×nc] (row stride `ldc` bytes) = (first ? 0 : c) + Ap·Bp; `tile` is MR·NR elements of scratch. */
  macro(mc: number, nc: number, kc: number, ap: number, bp: number, c: number, ldc: number, first: number, tile: number): void;
}

interface Types {
  es: number;
  vt: ValType;
  lanes: number;
  load: number;
  store: number;
  add: number;
  zero: (f: FuncBuilder) => void;
  vmul: number;
  vadd: number;
  splat: number;
  /** relaxed_madd (a·b + c), where the kind has one. */
  madd?: number;
}

const TYPES: Record<MatmulKind, Types> = {
  f32: { es: 4, vt: F32, lanes: 4, load: Op.f32_load, store: Op.f32_store, add: Op.f32_add, zero: (f) => f.f32(0), vmul: Simd.f32x4_mul, vadd: Simd.f32x4_add, splat: Simd.v128_load32_splat, madd: Relaxed.f32x4_relaxed_madd },
  f64: { es: 8, vt: F64, lanes: 2, load: Op.f64_load, store: Op.f64_store, add: Op.f64_add, zero: (f) => f.f64(0), vmul: Simd.f64x2_mul, vadd: Simd.f64x2_add, splat: Simd.v128_load64_splat, madd: Relaxed.f64x2_relaxed_madd },
  i32: { es: 4, vt: I32, lanes: 4, load: Op.i32_load, store: Op.i32_store, add: Op.i32_add, zero: (f) => f.i32(0), vmul: Simd.i32x4_mul, vadd: Simd.i32x4_add, splat: Simd.v128_load32_splat },
};

/** `v = v + by` for i32 locals; `by` a local index or, with `isConst`, a constant. */
function bump(f: FuncBuilder, v: number, by: number, isConst = false): void {
  f.get(v);
  if (isConst) f.i32(by);
  else f.get(by);
  f.op(Op.i32_add).set(v);
}

/** while (v < end) { body; v += step } with i32 locals `v`, `end` (v initialised by the caller). */
function loopWhileLess(f: FuncBuilder, v: number, end: number, step: number, body: () => void): void {
  f.block(Op.block).get(v).get(end).op(Op.i32_ge_s).brIf(0);
  f.block(Op.loop);
  body();
  f.get(v).i32(step).op(Op.i32_add).tee(v).get(end).op(Op.i32_lt_s).brIf(0);
  f.op(Op.end, Op.end);
}

/** The micro-kernel kern(kc, ap, bp, c, ldc, first); `fma`: multiply–add by relaxed_madd. */
function microKernel(t: Types, b: Blocking, fma: boolean): FuncBuilder {
  const f = new FuncBuilder([I32, I32, I32, I32, I32, I32], []);
  const [kc, ap, bp, c, ldc, first] = [0, 1, 2, 3, 4, 5];
  const { mr, nv } = b;
  const nr = nv * t.lanes;
  const acc: number[] = [];
  for (let i = 0; i < mr * nv; i++) acc.push(f.local(V128));
  const bv: number[] = [];
  for (let v = 0; v < nv; v++) bv.push(f.local(V128));
  const av = f.local(V128);
  const crow = f.local(I32);
  f.v128Const(new Uint8Array(16));
  for (let i = 0; i < acc.length; i++) {
    if (i + 1 < acc.length) f.tee(acc[i]);
    else f.set(acc[i]);
  }
  /** One step of the depth loop, reading at constant offset `u` steps ahead of ap/bp. */
  const step = (u: number) => {
    for (let v = 0; v < nv; v++) f.get(bp).simdMem(Simd.v128_load, 0, (u * nr + v * t.lanes) * t.es).set(bv[v]);
    for (let r = 0; r < mr; r++) {
      f.get(ap).simdMem(t.splat, 0, (u * mr + r) * t.es).set(av);
      for (let v = 0; v < nv; v++) {
        const a = acc[r * nv + v];
        if (fma) f.get(av).get(bv[v]).get(a).simd(t.madd!).set(a); // a·b + acc
        else f.get(a).get(av).get(bv[v]).simd(t.vmul).simd(t.vadd).set(a);
      }
    }
  };
  const U = b.unroll;
  if (U > 1) {
    // unrolled: while (kc >= U) { U steps; ap, bp advance; kc -= U }
    f.block(Op.block).block(Op.loop);
    f.get(kc).i32(U).op(Op.i32_lt_s).brIf(1);
    for (let u = 0; u < U; u++) step(u);
    bump(f, ap, U * mr * t.es, true);
    bump(f, bp, U * nr * t.es, true);
    f.get(kc).i32(U).op(Op.i32_sub).set(kc).br(0);
    f.op(Op.end, Op.end);
  }
  // one step at a time (the remainder after unrolling)
  f.block(Op.block).block(Op.loop);
  f.get(kc).i32(1).op(Op.i32_lt_s).brIf(1);
  step(0);
  bump(f, ap, mr * t.es, true);
  bump(f, bp, nr * t.es, true);
  f.get(kc).i32(1).op(Op.i32_sub).set(kc).br(0);
  f.op(Op.end, Op.end);
  // write the tile: store on the first depth block, add to c afterwards
  const write = (add: boolean) => {
    f.get(c).set(crow);
    for (let r = 0; r < mr; r++) {
      for (let v = 0; v < nv; v++) {
        f.get(crow);
        if (add) f.get(crow).simdMem(Simd.v128_load, 0, v * 16).get(acc[r * nv + v]).simd(t.vadd);
        else f.get(acc[r * nv + v]);
        f.simdMem(Simd.v128_store, 0, v * 16);
      }
      if (r + 1 < mr) bump(f, crow, ldc);
    }
  };
  f.get(first).block(Op.if);
  write(false);
  f.op(Op.else);
  write(true);
  f.op(Op.end);
  return f;
}

/** macro(mc, nc, kc, ap, bp, c, ldc, first, tile): every register tile of an mc×nc block. */
function macroKernel(t: Types, b: Blocking, kern: number): FuncBuilder {
  const f = new FuncBuilder([I32, I32, I32, I32, I32, I32, I32, I32, I32], []);
  const [mc, nc, kc, ap, bp, c, ldc, first, tile] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const { mr } = b;
  const nr = b.nv * t.lanes;
  const jr = f.local(I32), ir = f.local(I32), app = f.local(I32), cp = f.local(I32), apStep = f.local(I32), bpStep = f.local(I32);
  const rows = f.local(I32), cols = f.local(I32), rr = f.local(I32), jj = f.local(I32), src = f.local(I32), dst = f.local(I32), mrLdc = f.local(I32);
  f.get(kc).i32(mr * t.es).op(Op.i32_mul).set(apStep);
  f.get(kc).i32(nr * t.es).op(Op.i32_mul).set(bpStep);
  f.get(ldc).i32(mr).op(Op.i32_mul).set(mrLdc);
  f.i32(0).set(jr);
  loopWhileLess(f, jr, nc, nr, () => {
    f.get(nc).get(jr).op(Op.i32_sub).set(cols);
    f.i32(0).set(ir);
    f.get(ap).set(app);
    f.get(c).get(jr).i32(t.es).op(Op.i32_mul).op(Op.i32_add).set(cp);
    loopWhileLess(f, ir, mc, mr, () => {
      f.get(mc).get(ir).op(Op.i32_sub).set(rows);
      f.get(rows).i32(mr).op(Op.i32_ge_s).get(cols).i32(nr).op(Op.i32_ge_s).op(Op.i32_and);
      f.block(Op.if);
      f.get(kc).get(app).get(bp).get(cp).get(ldc).get(first).call(kern);
      f.op(Op.else);
      // an edge tile: compute into the tile buffer, then add its valid part to c
      f.get(kc).get(app).get(bp).get(tile).i32(nr * t.es).i32(1).call(kern);
      f.get(rows).i32(mr).get(rows).i32(mr).op(Op.i32_lt_s).op(Op.select).set(rows);
      f.get(cols).i32(nr).get(cols).i32(nr).op(Op.i32_lt_s).op(Op.select).set(cols);
      f.i32(0).set(rr);
      loopWhileLess(f, rr, rows, 1, () => {
        f.i32(0).set(jj);
        f.get(tile).get(rr).i32(nr * t.es).op(Op.i32_mul).op(Op.i32_add).set(src);
        f.get(cp).get(rr).get(ldc).op(Op.i32_mul).op(Op.i32_add).set(dst);
        loopWhileLess(f, jj, cols, 1, () => {
          // dst = first ? tile : dst + tile
          f.get(dst);
          f.get(src).mem(t.load);
          f.get(dst).mem(t.load).get(src).mem(t.load).op(t.add);
          f.get(first).op(Op.select).mem(t.store);
          bump(f, src, t.es, true);
          bump(f, dst, t.es, true);
        });
      });
      f.get(nc).get(jr).op(Op.i32_sub).set(cols); // restore (clamped above)
      f.op(Op.end);
      bump(f, app, apStep);
      bump(f, cp, mrLdc);
    });
    bump(f, bp, bpStep);
  });
  return f;
}

/**
 * Copy a panel: for p < kc, `width` elements at src + p·pStride + o_i (o_i = i·iStride) to
 * consecutive dst, zero-filling elements i ≥ valid. `unitI`: iStride is one element (constant offsets).
 */
function packPanels(t: Types, width: number, unitI: boolean): FuncBuilder {
  // pack(src, pStride, iStride, count, kc, dst): panels of `width` along i (count of them in total)
  const f = new FuncBuilder([I32, I32, I32, I32, I32, I32], []);
  const [src, ps, is, count, kc, dst] = [0, 1, 2, 3, 4, 5];
  const i0 = f.local(I32), valid = f.local(I32), p = f.local(I32), base = f.local(I32), panelStep = f.local(I32);
  const off: number[] = [];
  for (let i = 0; i < width; i++) off.push(f.local(I32));
  for (let i = 0; i < width; i++) f.get(is).i32(i).op(Op.i32_mul).set(off[i]);
  f.get(is).i32(width).op(Op.i32_mul).set(panelStep);
  const vecCopy = unitI && (width * t.es) % 16 === 0;
  f.i32(0).set(i0);
  loopWhileLess(f, i0, count, width, () => {
    f.get(count).get(i0).op(Op.i32_sub).set(valid);
    f.get(src).set(base);
    f.i32(0).set(p);
    f.get(valid).i32(width).op(Op.i32_ge_s).block(Op.if);
    // a full panel
    loopWhileLess(f, p, kc, 1, () => {
      if (vecCopy) {
        for (let v = 0; v < (width * t.es) / 16; v++) f.get(dst).get(base).simdMem(Simd.v128_load, 0, v * 16).simdMem(Simd.v128_store, 0, v * 16);
      } else {
        for (let i = 0; i < width; i++) {
          f.get(dst);
          if (unitI) f.get(base).mem(t.load, i * t.es);
          else f.get(base).get(off[i]).op(Op.i32_add).mem(t.load);
          f.mem(t.store, i * t.es);
        }
      }
      bump(f, base, ps);
      bump(f, dst, width * t.es, true);
    });
    f.op(Op.else);
    // a partial panel, zero-padded
    loopWhileLess(f, p, kc, 1, () => {
      for (let i = 0; i < width; i++) {
        f.get(dst);
        f.get(valid).i32(i).op(Op.i32_gt_s).block(Op.if, t.vt);
        f.get(base).get(off[i]).op(Op.i32_add).mem(t.load);
        f.op(Op.else);
        t.zero(f);
        f.op(Op.end);
        f.mem(t.store, i * t.es);
      }
      bump(f, base, ps);
      bump(f, dst, width * t.es, true);
    });
    f.op(Op.end);
    bump(f, src, panelStep);
  });
  return f;
}

/** A compiled module and its bytes (worker threads compile their own copy from the bytes). */
export interface ModuleAndBytes {
  module: WebAssembly.Module;
  bytes: Uint8Array<ArrayBuffer>;
}

/** Cache of compiled modules (wasm bytes are independent of the memory they run on). */
const moduleCache = new Map<string, ModuleAndBytes>();

/**
 * The bytes of the module for `kind` with packing loops specialised for a transposed lhs (`lhsRowUnit`:
 * lhs row stride is one element) and a row-major rhs (`rhsColUnit`: rhs column stride is one element);
 * `relaxed`: float multiply–adds by relaxed_madd (needs an engine with relaxed SIMD to compile).
 */
export function matmulBytes(kind: MatmulKind, lhsRowUnit: boolean, rhsColUnit: boolean, blocking = BLOCKING[kind], relaxed = false): Uint8Array<ArrayBuffer> {
  const t = TYPES[kind];
  const m = new ModuleBuilder();
  importMemory(m);
  const kern = m.addFunction(microKernel(t, blocking, relaxed && t.madd !== undefined));
  m.exportFunction("macro", m.addFunction(macroKernel(t, blocking, kern)));
  // panels of mr rows of lhs, and of NR columns of rhs (argument order: see instantiateMatmul)
  m.exportFunction("packA_", m.addFunction(packPanels(t, blocking.mr, lhsRowUnit)));
  m.exportFunction("packB_", m.addFunction(packPanels(t, blocking.nv * t.lanes, rhsColUnit)));
  return m.encode();
}

/** The compiled module of `matmulBytes` (cached). */
export function matmulModule(kind: MatmulKind, lhsRowUnit: boolean, rhsColUnit: boolean, blocking = BLOCKING[kind], relaxed = false): ModuleAndBytes {
  const fma = relaxed && TYPES[kind].madd !== undefined;
  const key = `${kind}:${lhsRowUnit ? "r" : "g"}${rhsColUnit ? "c" : "g"}:${fma ? "fma" : "simd"}:${JSON.stringify(blocking)}`;
  let mb = moduleCache.get(key);
  if (mb) return mb;
  const bytes = matmulBytes(kind, lhsRowUnit, rhsColUnit, blocking, fma);
  mb = { module: new WebAssembly.Module(bytes), bytes };
  moduleCache.set(key, mb);
  return mb;
}

/** Instantiate a matmul module on `memory`, with exports in the argument order of `MatmulExports`. */
export function instantiateMatmul(mod: WebAssembly.Module, memory: WebAssembly.Memory): MatmulExports {
  const ex = new WebAssembly.Instance(mod, { env: { mem: memory } }).exports as Record<string, (...a: number[]) => void>;
  const pa = ex.packA_, pb = ex.packB_;
  return {
    // panels along rows: i ↔ row (stride rs), p ↔ column (stride cs)
    packA: (src, rs, cs, mc, kc, dst) => pa(src, cs, rs, mc, kc, dst),
    // panels along columns: i ↔ column (stride cs), p ↔ row (stride rs)
    packB: (src, rs, cs, kc, nc, dst) => pb(src, rs, cs, nc, kc, dst),
    macro: ex.macro as MatmulExports["macro"],
  };
}
