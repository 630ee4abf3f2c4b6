/**
 * @file The wasm backend's routines. matmul runs the generated blocked SIMD module (matmul.ts) on the
 * operands in place in wasm memory; sort, cumulative and scatter_add run in JavaScript directly on
 * typed-array views of the buffers (no copy in, no copy out), with exactly the reference semantics.
 */
import { DType, TypedArray } from "../../core/dtype.js";
import { prod, stridesOf } from "../../core/aval.js";
import type { Buf, RoutineParams } from "../backend.js";
import { JsBackend } from "../js/index.js";
import { BufferStore } from "./buffers.js";
import { Blocking, defaultBlocking, instantiateMatmul, MatmulExports, MatmulKind, matmulModule, ModuleAndBytes } from "./matmul.js";
import { sizeClass } from "./memory.js";
import { GemvExports, gemvModule, instantiateGemv } from "./gemv.js";
import { gemm, gemmArgs, gemmScratchBytes, prepack, prepackBytes, splitAxis, splitGemm } from "./gemm.js";
import { JOB_GEMM, JOB_KERNEL, ThreadPool } from "./threads.js";
import { engineHasRelaxedSimd, useRelaxedSimd } from "./relaxed.js";
import { Im2colMode, im2colModule, SUM_REGISTER_VECTORS } from "./im2col.js";
import { im2colSize } from "../im2col_spec.js";
import { ThreefryExports, instantiateThreefry } from "./threefry.js";
import { poolScatterArgs, poolScatterModule } from "./pool.js";
import { POOL_SCATTER_MAX_TAPS, poolScatterSize } from "../pool_spec.js";

const KIND: Partial<Record<DType, MatmulKind>> = { float32: "f32", float64: "f64", int32: "i32", uint32: "i32" };
const BYTES: Record<MatmulKind, number> = { f32: 4, f64: 8, i32: 4 };
const roundUp = (x: number, to: number) => Math.ceil(x / to) * to;
/** Parts per thread of a matmul split by rows or columns (its shared operand packed once: gemm.ts `prepack`). */
export const GEMM_PARTS = 4;

/** A product with strides in elements: lhs (lb, lm, lk), rhs (rb, rk, rn). */
interface Problem {
  batch: number;
  m: number;
  n: number;
  k: number;
  lb: number;
  lm: number;
  lk: number;
  rb: number;
  rk: number;
  rn: number;
}

/** Options of the matmul routine, for tests and tuning. */
export interface MatmulOptions {
  blocking?: Blocking;
  /** false: never the matrix–vector path. */
  gemv?: boolean;
  /** true: the relaxed-SIMD (fused multiply–add) micro-kernel, false: SIMD128 (default: relaxed.ts decides). */
  relaxed?: boolean;
}

/** Rows up to this long sort by packed keys: a 32-bit order key times INDEX_SPAN plus the index stays below 2⁵³. */
const INDEX_SPAN = 2 ** 21;

/**
 * Sort rows of 32-bit values (float32, int32, uint32, bool) by one native numeric sort per row of
 * keys order(value)·2²¹ + index, which orders by value, then index (stable): order(v) is the
 * float32's bits made monotonic (−0 as +0, every NaN above +∞), or the integer offset to be ≥ 0.
 */
function sortByKeys(xs: TypedArray, vs: TypedArray, ps: TypedArray, n: number, float: boolean): void {
  const keys = new Float64Array(n);
  const f32 = new Float32Array(1), bits = new Uint32Array(f32.buffer);
  const signed = xs instanceof Int32Array;
  for (let off = 0; off < xs.length; off += n) {
    for (let j = 0; j < n; j++) {
      const v = xs[off + j];
      let order: number;
      if (!float) order = signed ? v + 2147483648 : v;
      else if (v !== v) order = 4294967295;
      else {
        f32[0] = v === 0 ? 0 : v;
        const b = bits[0];
        order = b >= 2147483648 ? 4294967295 - b : b + 2147483648;
      }
      keys[j] = order * INDEX_SPAN + j;
    }
    keys.sort();
    for (let j = 0; j < n; j++) {
      const i = keys[j] % INDEX_SPAN;
      ps[off + j] = i;
      vs[off + j] = xs[off + i];
    }
  }
}

/** Sort rows by comparisons: value (NaN after numbers, −0 and +0 tied), then index. */
function sortByComparison(xs: TypedArray, vs: TypedArray, ps: TypedArray, n: number): void {
  const idx = new Array<number>(n);
  let off = 0;
  const cmp = (a: number, b: number): number => {
    const u = xs[off + a], v = xs[off + b];
    if (u < v) return -1;
    if (u > v) return 1;
    if (u === v) return a - b;
    // a NaN is involved: NaN after numbers, NaNs in index order
    return u !== u ? (v !== v ? a - b : 1) : -1;
  };
  for (; off < xs.length; off += n) {
    for (let j = 0; j < n; j++) idx[j] = j;
    idx.sort(cmp);
    for (let j = 0; j < n; j++) {
      ps[off + j] = idx[j];
      vs[off + j] = xs[off + idx[j]];
    }
  }
}

type Combine = (os: TypedArray, xs: TypedArray, prev: number, cur: number, len: number) => void;
/** One step of a scan over `len` contiguous elements, one function per op (each call site stays monomorphic). */
const COMBINE: Record<RoutineParams["cumulative"]["op"], Combine> = {
  sum: (os, xs, prev, cur, len) => {
    for (let s = 0; s < len; s++) os[cur + s] = os[prev + s] + xs[cur + s];
  },
  prod: (os, xs, prev, cur, len) => {
    for (let s = 0; s < len; s++) os[cur + s] = os[prev + s] * xs[cur + s];
  },
  max: (os, xs, prev, cur, len) => {
    for (let s = 0; s < len; s++) os[cur + s] = Math.max(os[prev + s], xs[cur + s]);
  },
  min: (os, xs, prev, cur, len) => {
    for (let s = 0; s < len; s++) os[cur + s] = Math.min(os[prev + s], xs[cur + s]);
  },
};

type Scan = (os: TypedArray, xs: TypedArray, first: number, n: number, step: number) => void;
/** A whole scan of `n` elements from `first` by `step`, each partial result read back from the output. */
const SCAN: Record<RoutineParams["cumulative"]["op"], Scan> = {
  sum: (os, xs, j, n, step) => {
    os[j] = xs[j];
    for (let t = 1; t < n; t++, j += step) os[j + step] = os[j] + xs[j + step];
  },
  prod: (os, xs, j, n, step) => {
    os[j] = xs[j];
    for (let t = 1; t < n; t++, j += step) os[j + step] = os[j] * xs[j + step];
  },
  max: (os, xs, j, n, step) => {
    os[j] = xs[j];
    for (let t = 1; t < n; t++, j += step) os[j + step] = Math.max(os[j], xs[j + step]);
  },
  min: (os, xs, j, n, step) => {
    os[j] = xs[j];
    for (let t = 1; t < n; t++, j += step) os[j + step] = Math.min(os[j], xs[j + step]);
  },
};

/** Routines of one backend instance (matmul modules are instantiated on its memory). */
export class Routines {
  private readonly instances = new Map<string, MatmulExports>();
  private readonly gemvs = new Map<MatmulKind, GemvExports>();
  private threefryExports: ThreefryExports | undefined;
  private readonly im2colFns = new Map<string, (...args: number[]) => void>();
  private readonly poolScatterFns = new Map<string, (...args: number[]) => void>();
  /** Packing panels and the edge tile live in one scratch block of wasm memory, kept between calls. */
  private scratch = -1;
  private scratchBytes = 0;
  /** Whether the float micro-kernels use relaxed_madd (relaxed.ts: detected once, or ADJOINT_WASM_RELAXED). */
  readonly relaxed: boolean;

  /** `pool(work)`: the thread pool for a job of `work` multiply–adds, or null to run on this thread. */
  constructor(
    private readonly store: BufferStore,
    private readonly reference: JsBackend,
    private readonly pool: (work: number) => ThreadPool | null = () => null,
    relaxed?: boolean,
  ) {
    if (relaxed === true && !engineHasRelaxedSimd()) throw new Error("wasm backend: relaxed: true, but this WebAssembly engine does not validate relaxed SIMD");
    this.relaxed = relaxed ?? useRelaxedSimd();
  }

  private exports(kind: MatmulKind, lhsRowUnit: boolean, rhsColUnit: boolean, blocking: Blocking, relaxed: boolean): { ex: MatmulExports; mod: ModuleAndBytes } {
    const key = `${kind}${+lhsRowUnit}${+rhsColUnit}${+relaxed}${blocking === defaultBlocking(kind, relaxed) ? "" : JSON.stringify(blocking)}`;
    let ex = this.instances.get(key);
    const mod = matmulModule(kind, lhsRowUnit, rhsColUnit, blocking, relaxed);
    if (!ex) this.instances.set(key, (ex = instantiateMatmul(mod.module, this.store.allocator.memory)));
    return { ex, mod };
  }

  /** A scratch block of at least `bytes` (the address). */
  private ensureScratch(bytes: number): number {
    if (bytes > this.scratchBytes) {
      const alloc = this.store.allocator;
      if (this.scratch >= 0) alloc.release(this.scratch, this.scratchBytes);
      this.scratchBytes = sizeClass(bytes);
      this.scratch = alloc.alloc(this.scratchBytes);
    }
    return this.scratch;
  }

  /**
   * out[b, i, j] = Σ_p lhs[b, i, p]·rhs[b, p, j] (see RoutineParams["matmul"]).
   * NB: float32 products are accumulated in float32 SIMD lanes, blocked over the depth (partial sums
   * of kc terms are added to the stored result), while the reference accumulates in float64 and
   * rounds once: results differ from it by rounding — typically ~√k·2⁻²⁴, at worst ~k·2⁻²⁴, relative
   * to Σ|aᵢbᵢ| (test/wasm_matmul.test.ts checks 1e-5 on random data and the bound on a bad case). float64 is
   * accumulated in float64 (also blocked, so it may differ from the reference in the last bits);
   * int32 and uint32 wrap modulo 2³² exactly like the reference.
   * `opts` are for tests and tuning: another blocking; `gemv: false` sends m = 1 or n = 1 through the blocked kernel.
   */
  matmul(lhs: Buf, rhs: Buf, params: RoutineParams["matmul"], opts: MatmulOptions = {}): Buf {
    const kind = KIND[lhs.dtype];
    if (!kind || rhs.dtype !== lhs.dtype) return this.onReference("matmul", [lhs, rhs], params)[0];
    const store = this.store;
    const { n, k } = params;
    const [lb, lm, lk] = params.lhsStrides, [rb, rk, rn] = params.rhsStrides;
    const out = store.alloc(lhs.dtype, params.batch * params.m * n);
    if (out.size === 0) return out;
    if (k === 0) {
      store.view(out).fill(0);
      return out;
    }
    let p: Problem = { batch: params.batch, m: params.m, n, k, lb, lm, lk, rb, rk, rn };
    // a shared rhs (batch stride 0) and lhs rows evenly spaced across the batch: one product of batch·m rows
    if (p.batch > 1 && rb === 0 && (p.m === 1 || lb === p.m * lm)) p = { ...p, m: p.batch * p.m, lm: p.m === 1 ? lb : lm, batch: 1, lb: 0 };
    const bufs = [out, lhs, rhs];
    const addr: number[] = [];
    try {
      // pin first (a small or evicted buffer is copied in), then take scratch: pinned blocks stay put
      for (const b of bufs) addr.push(store.pin(b));
      if ((p.m === 1 || p.n === 1) && opts.gemv !== false) this.gemv(kind, p, addr[0], addr[1], addr[2]);
      else {
        const relaxed = opts.relaxed ?? this.relaxed;
        if (relaxed && !this.relaxed && !engineHasRelaxedSimd()) throw new Error("wasm matmul: relaxed: true, but this WebAssembly engine does not validate relaxed SIMD");
        this.gemm(kind, p, addr[0], addr[1], addr[2], opts.blocking ?? defaultBlocking(kind, relaxed), relaxed);
      }
    } finally {
      for (let j = 0; j < addr.length; j++) store.unpin(bufs[j]);
    }
    return out;
  }

  /** The blocked product (gemm.ts) of operands at a0, b0 into c0, split across threads when large. */
  private gemm(kind: MatmulKind, p: Problem, c0: number, a0: number, b0: number, bl: Blocking, relaxed: boolean): void {
    const { batch, m, n, k, lb, lm, lk, rb, rk, rn } = p;
    const { ex, mod } = this.exports(kind, lm === 1, rn === 1, bl, relaxed);
    const es = BYTES[kind], nr = bl.nv * (16 / es), { mr, kc, mc, nc } = bl;
    const scratchBytes = roundUp(gemmScratchBytes(m, n, k, es, mr, nr, kc, mc, nc), 64);
    const args = gemmArgs({ t0: 0, t1: batch, i0: 0, i1: m, j0: 0, j1: n, m, n, k, lb, lm, lk, rb, rk, rn, c0, a0, b0, scratch: 0, es, mr, nr, kc, mc, nc, apre: 0, bpre: 0 });
    const pool = this.pool(batch * m * n * k);
    if (pool) {
      // split by rows or columns, the operand every part reads whole is packed once (gemm.ts), so the
      // parts can be small: about GEMM_PARTS per thread, taken from a shared counter (a late thread takes fewer)
      const shared = batch === 1 && mc % mr === 0 && nc % nr === 0;
      const parts = splitGemm(batch, m, n, mr, nr, (shared ? GEMM_PARTS : 2) * (pool.ready() + 1)).length;
      if (parts > 1) {
        const axis = splitAxis(batch, m, n, mr, nr, parts), which = axis === "cols" ? "a" : "b";
        const pre = shared && axis !== "batch" ? prepackBytes(which, m, n, k, es, mr, nr) : 0;
        // every thread (workers not yet ready included) has its own scratch; the shared panels after them
        const base = this.ensureScratch(scratchBytes * (pool.workers + 1) + pre);
        args[18] = base;
        if (pre) {
          const at = base + scratchBytes * (pool.workers + 1);
          prepack(ex, args, which, at);
          args[which === "a" ? 25 : 26] = at;
        }
        pool.run(JOB_GEMM, pool.moduleId(mod.module, mod.bytes), parts, 0, [...args, batch, scratchBytes], { gemm: ex });
        return;
      }
    }
    args[18] = this.ensureScratch(scratchBytes);
    gemm(ex, args);
  }

  /** A matrix–vector product (m = 1 or n = 1; see gemv.ts): y = M·x with y the contiguous output. */
  private gemv(kind: MatmulKind, p: Problem, c0: number, a0: number, b0: number): void {
    let g = this.gemvs.get(kind);
    if (!g) this.gemvs.set(kind, (g = instantiateGemv(gemvModule(kind), this.store.allocator.memory)));
    const es = BYTES[kind], { batch, k } = p;
    // n = 1: M = lhs, x = the rhs column; m = 1: M = rhsᵀ, x = the lhs row
    const [rows, m0, mb, rs, cs, x0, xb, xs] = p.n === 1
      ? [p.m, a0, p.lb, p.lm, p.lk, b0, p.rb, p.rk]
      : [p.n, b0, p.rb, p.rn, p.rk, a0, p.lb, p.lk];
    const scratch = xs !== 1 ? this.ensureScratch(k * es) : -1;
    for (let t = 0; t < batch; t++) {
      const mAddr = m0 + t * mb * es, y = c0 + t * rows * es;
      let x = x0 + t * xb * es;
      if (xs !== 1) {
        g.gather(x, xs * es, k, scratch);
        x = scratch;
      }
      if (cs === 1) g.dot(mAddr, rs * es, rows, k, x, y);
      else if (rs === 1) g.axpy(mAddr, cs * es, rows, k, x, y);
      else g.strided(mAddr, rs * es, cs * es, rows, k, x, y);
    }
  }

  /** The reference implementation reading the buffers' views (for dtypes without a native path: bool). */
  onReference<N extends "matmul" | "im2col" | "pool_scatter">(name: N, inputs: Buf[], params: RoutineParams[N]): Buf[] {
    const ref = this.reference;
    const refIns = inputs.map((b) => ({ dtype: b.dtype, size: b.size, data: this.store.view(b) }) as Buf);
    return ref.routine(name, refIns, params).map((r) => this.store.fromTyped(ref.read(r), r.dtype));
  }

  /** Sort along the last axis: stable, NaN last (−0 and +0 tie) → [values, int32 permutation]. */
  /** Threefry-2x32-20 in SIMD lanes (threefry.ts), on the buffers in place. */
  /** The window gather of a convolution or its tap sum (im2col.ts; semantics: Im2colParams), split by rows across threads. */
  im2col(inputs: Buf[], p: RoutineParams["im2col"]): Buf {
    const store = this.store, x = inputs[0];
    const es = x.dtype === "float64" ? 8 : 4;
    const float = x.dtype === "float32" || x.dtype === "float64";
    if (!float) return this.onReference("im2col", inputs, p)[0];
    const out = store.alloc(x.dtype, im2colSize(p));
    if (out.size === 0) return out;
    const [G, P, UY, UX] = p.outer, [VY, VX] = p.inner, rows = G * P * UY * UX, perRow = VY * VX * p.run;
    const [[suY, svY, loY], [suX, svX, loX]] = p.window;
    const bufs = [out, ...inputs];
    const ptrs: number[] = [];
    try {
      for (const b of bufs) ptrs.push(store.pin(b));
      const args = [ptrs[0], ptrs[1], P, UY, UX, VY, VX, ...p.strides.map((v) => v * es), suY, svY, loY, suX, svX, loX, p.inSize[0], p.inSize[1], p.run, es];
      // a tap sum over contiguous runs of whole vectors (≤ 8): summed in registers
      const runBytes = p.run * es, inRegisters = p.sum && p.strides[6] === 1 && runBytes % 16 === 0 && runBytes / 16 <= SUM_REGISTER_VECTORS;
      const mode: Im2colMode = { kind: p.sum ? (x.dtype as "float32" | "float64") : "copy", vectors: inRegisters ? runBytes / 16 : 0 };
      const key = `${mode.kind}${mode.vectors}`;
      const mod = im2colModule(mode);
      let fn = this.im2colFns.get(key);
      if (!fn) this.im2colFns.set(key, (fn = new WebAssembly.Instance(mod.module, { env: { mem: store.allocator.memory } }).exports.k as (...args: number[]) => void));
      const pool = this.pool(rows * perRow);
      if (pool && rows > 1) {
        // about 8 parts per thread (taken from a shared counter, so a busy thread takes fewer), each of at least 8,192 elements of work
        const chunk = Math.max(1, Math.ceil(Math.max(rows / (8 * (pool.ready() + 1)), 8192 / perRow)));
        pool.run(JOB_KERNEL, pool.moduleId(mod.module, mod.bytes), Math.ceil(rows / chunk), chunk, [rows, ...args], { kernel: fn });
      } else {
        // in calls of about 64k elements of work: V8 starts a module in its baseline tier and only later
        // calls run the optimised code (a running call is never replaced)
        const chunk = Math.max(1, Math.floor(65536 / perRow));
        for (let r0 = 0; r0 < rows; r0 += chunk) fn(r0, Math.min(rows, r0 + chunk), ...args);
      }
    } finally {
      for (let j = 0; j < ptrs.length; j++) store.unpin(bufs[j]);
    }
    return out;
  }

  /** The gradient of non-overlapping max/min pooling (pool.ts; semantics: PoolScatterParams), split by windows across threads. */
  poolScatter(inputs: Buf[], p: RoutineParams["pool_scatter"]): Buf {
    const store = this.store, [x, s] = inputs;
    if ((x.dtype !== "float32" && x.dtype !== "float64") || p.window[0] * p.window[1] > POOL_SCATTER_MAX_TAPS) return this.onReference("pool_scatter", inputs, p)[0];
    const out = store.alloc(x.dtype, poolScatterSize(p));
    const windows = p.outer * p.inner;
    if (out.size === 0) return out;
    const bufs = [out, x, s];
    const ptrs: number[] = [];
    try {
      for (const b of bufs) ptrs.push(store.pin(b));
      const args = poolScatterArgs(ptrs[0], ptrs[1], ptrs[2], p, x.dtype === "float64" ? 8 : 4);
      const mod = poolScatterModule({ dtype: x.dtype, op: p.op, window: p.window });
      const key = `${x.dtype}${p.op}${p.window.join("x")}`;
      let fn = this.poolScatterFns.get(key);
      if (!fn) this.poolScatterFns.set(key, (fn = new WebAssembly.Instance(mod.module, { env: { mem: store.allocator.memory } }).exports.k as (...args: number[]) => void));
      const perWindow = p.window[0] * p.window[1] * p.run;
      const pool = this.pool(out.size);
      if (pool && windows > 1) {
        // about 8 parts per thread, each of at least 8,192 elements
        const chunk = Math.max(1, Math.ceil(Math.max(windows / (8 * (pool.ready() + 1)), 8192 / perWindow)));
        pool.run(JOB_KERNEL, pool.moduleId(mod.module, mod.bytes), Math.ceil(windows / chunk), chunk, [windows, ...args], { kernel: fn });
      } else {
        // in calls of about 64k elements (V8 tiers a module up between calls, not within one)
        const chunk = Math.max(1, Math.floor(65536 / perWindow));
        for (let w0 = 0; w0 < windows; w0 += chunk) fn(w0, Math.min(windows, w0 + chunk), ...args);
      }
    } finally {
      for (let j = 0; j < ptrs.length; j++) store.unpin(bufs[j]);
    }
    return out;
  }

  threefry(inputs: Buf[], { n, vectorKey }: RoutineParams["threefry"]): Buf[] {
    const store = this.store;
    const bufs = [...inputs, store.alloc("uint32", n), store.alloc("uint32", n)];
    if (n === 0) return bufs.slice(4);
    let pinned = 0;
    try {
      const ptrs: number[] = [];
      for (; pinned < bufs.length; pinned++) ptrs.push(store.pin(bufs[pinned]));
      const ex = (this.threefryExports ??= instantiateThreefry(store.allocator.memory));
      (vectorKey ? ex.vectorKey : ex.scalarKey)(ptrs[0], ptrs[1], ptrs[2], ptrs[3], ptrs[4], ptrs[5], n);
    } finally {
      for (let i = 0; i < pinned; i++) store.unpin(bufs[i]);
    }
    return bufs.slice(4);
  }

  sort(x: Buf, { shape }: RoutineParams["sort"]): Buf[] {
    const store = this.store;
    const n = shape.length ? shape[shape.length - 1] : 1;
    const vals = store.alloc(x.dtype, x.size), perm = store.alloc("int32", x.size);
    // views after every allocation (an allocation may grow the memory and detach earlier views)
    const xs = store.view(x), vs = store.view(vals), ps = store.view(perm);
    if (n === 0) return [vals, perm];
    if (x.dtype !== "float64" && n <= INDEX_SPAN) sortByKeys(xs, vs, ps, n, x.dtype === "float32");
    else sortByComparison(xs, vs, ps, n);
    return [vals, perm];
  }

  /** Inclusive scan along `axis`, accumulating in the stored dtype (each partial result is stored, then read back). */
  cumulative(x: Buf, { shape, axis, op, reverse }: RoutineParams["cumulative"]): Buf[] {
    const store = this.store;
    const out = store.alloc(x.dtype, x.size);
    const xs = store.view(x), os = store.view(out);
    const st = stridesOf(shape)[axis], n = shape[axis];
    const outerN = prod(shape.slice(0, axis)), blk = n * st;
    if (n === 0) return [out];
    // row by row of `st` contiguous scans: out[cur + s] = f(out[prev + s], x[cur + s]), the previous
    // partial result read back from the output, so it is rounded to (or wrapped in) the stored dtype
    if (st === 1) {
      // one contiguous scan per row
      const scan = SCAN[op];
      for (let o = 0; o < outerN; o++) scan(os, xs, o * blk + (reverse ? n - 1 : 0), n, reverse ? -1 : 1);
      return [out];
    }
    const combine = COMBINE[op];
    for (let o = 0; o < outerN; o++) {
      let cur = o * blk + (reverse ? (n - 1) * st : 0);
      for (let s = 0; s < st; s++) os[cur + s] = xs[cur + s];
      for (let t = 1; t < n; t++) {
        const prev = cur;
        cur += reverse ? -st : st;
        combine(os, xs, prev, cur, st);
      }
    }
    return [out];
  }

  /** out[…, clamp(indices[j]), …] += updates[…, j, …] into zeros of outShape, in the updates' dtype. */
  scatterAdd(indices: Buf, updates: Buf, { outShape, axis, idxSize }: RoutineParams["scatter_add"]): Buf[] {
    const store = this.store;
    const out = store.alloc(updates.dtype, prod(outShape));
    const ix = store.view(indices), us = store.view(updates), os = store.view(out);
    os.fill(0);
    const pre = prod(outShape.slice(0, axis)), d = outShape[axis], post = prod(outShape.slice(axis + 1));
    for (let p = 0; p < pre; p++) {
      for (let j = 0; j < idxSize; j++) {
        const t = Math.min(Math.max(ix[j], 0), d - 1);
        const ob = (p * d + t) * post, ub = (p * idxSize + j) * post;
        for (let q = 0; q < post; q++) os[ob + q] += us[ub + q];
      }
    }
    return [out];
  }
}
