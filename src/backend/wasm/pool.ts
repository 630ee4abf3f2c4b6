/**
 * @file The pool_scatter routine's WebAssembly module (semantics: src/backend/pool_spec.ts): the
 * gradient of non-overlapping max/min pooling in one pass. For each window and each 16-byte vector of
 * its run of features, the taps are loaded once, their extremum taken (NaN-propagating), and every tap
 * written once: the cotangent masked by "equal to the extremum and no earlier tap was" — branchless,
 * no index arithmetic per element, no selection buffer. The function is `k(start, end, …)` over a
 * range of windows, the kernel signature, so the thread pool splits it like any kernel.
 */
import { FuncBuilder, I32, ModuleBuilder, Op, Simd, V128, loopWhile } from "./encoder.js";
import { importMemory } from "./memory.js";
import { POOL_SCATTER_MAX_TAPS } from "../pool_spec.js";

/** Argument order of `k` after (start, end): addresses, then the window walk in bytes (see poolScatterArgs). */
export const POOL_SCATTER_ARGS = ["out", "x", "s", "B", "aBytes", "bBytes", "tys", "txs", "runBytes"] as const;

/** What one module computes: the dtype, the extremum, the window shape (taps unrolled: KY·KX ≤ 16). */
export interface PoolScatterMode {
  dtype: "float32" | "float64";
  op: "max" | "min";
  window: [number, number];
}

function poolScatterFunction({ dtype, op, window: [KY, KX] }: PoolScatterMode): FuncBuilder {
  const f64 = dtype === "float64";
  const es = f64 ? 8 : 4;
  const ext = f64 ? (op === "max" ? Simd.f64x2_max : Simd.f64x2_min) : op === "max" ? Simd.f32x4_max : Simd.f32x4_min;
  const eq = f64 ? Simd.f64x2_eq : Simd.f32x4_eq;
  const f = new FuncBuilder(Array(2 + POOL_SCATTER_ARGS.length).fill(I32), []);
  const [start, end] = [0, 1];
  const a = Object.fromEntries(POOL_SCATTER_ARGS.map((n, i) => [n, i + 2])) as Record<(typeof POOL_SCATTER_ARGS)[number], number>;
  const T = KY * KX;
  const r = f.local(I32), wa = f.local(I32), wb = f.local(I32), xr = f.local(I32), sr = f.local(I32), delta = f.local(I32), off = f.local(I32), p = f.local(I32);
  const tap = Array.from({ length: T }, () => f.local(I32));
  const v = Array.from({ length: T }, () => f.local(V128));
  const m = f.local(V128), taken = f.local(V128), hit = f.local(V128), sv = f.local(V128);
  const incr = (l: number, by: number) => f.get(l).i32(by).op(Op.i32_add).set(l);
  // tap t = (ky, kx) sits ky·tys + kx·txs bytes after the window's first element; out − x is a constant
  for (let t = 0; t < T; t++) f.get(a.tys).i32(Math.floor(t / KX)).op(Op.i32_mul).get(a.txs).i32(t % KX).op(Op.i32_mul).op(Op.i32_add).set(tap[t]);
  f.get(a.out).get(a.x).op(Op.i32_sub).set(delta);
  // window r = wa·B + wb: split once, then walk
  f.get(start).get(a.B).op(Op.i32_div_u).set(wa);
  f.get(start).get(a.B).op(Op.i32_rem_u).set(wb);
  f.get(a.s).get(start).get(a.runBytes).op(Op.i32_mul).op(Op.i32_add).set(sr);
  f.get(start).set(r);
  /** One vector (`lanes`: 16 bytes) or one element (lane 0 of a splat) at byte offset `off` of the run. */
  const body = (lanes: boolean) => {
    const load = () => (lanes ? f.simdMem(Simd.v128_load, 0) : f.simdMem(f64 ? Simd.v128_load64_splat : Simd.v128_load32_splat, 0));
    f.get(xr).get(off).op(Op.i32_add).set(p);
    for (let t = 0; t < T; t++) {
      f.get(p).get(tap[t]).op(Op.i32_add);
      load().set(v[t]);
    }
    // the extremum (NaN sticks: then no tap equals it and every tap gets 0)
    f.get(v[0]);
    for (let t = 1; t < T; t++) f.get(v[t]).simd(ext);
    f.set(m);
    f.get(sr).get(off).op(Op.i32_add);
    load().set(sv);
    f.v128Const(new Uint8Array(16)).set(taken);
    for (let t = 0; t < T; t++) {
      // hit = (v == m) ∧ ¬taken ; taken ∨= hit ; out = s ∧ hit
      f.get(v[t]).get(m).simd(eq);
      if (t > 0) f.get(taken).simd(Simd.v128_andnot);
      f.set(hit);
      if (t + 1 < T) f.get(taken).get(hit).simd(Simd.v128_or).set(taken);
      f.get(p).get(tap[t]).op(Op.i32_add).get(delta).op(Op.i32_add);
      f.get(sv).get(hit).simd(Simd.v128_and);
      if (lanes) f.simdMem(Simd.v128_store, 0);
      else f.lane(f64 ? Simd.f64x2_extract_lane : Simd.f32x4_extract_lane, 0).mem(f64 ? Op.f64_store : Op.f32_store);
    }
  };
  loopWhile(f, () => f.get(r).get(end).op(Op.i32_lt_u), () => {
    f.get(a.x).get(wa).get(a.aBytes).op(Op.i32_mul).op(Op.i32_add).get(wb).get(a.bBytes).op(Op.i32_mul).op(Op.i32_add).set(xr);
    f.i32(0).set(off);
    loopWhile(f, () => f.get(off).i32(16).op(Op.i32_add).get(a.runBytes).op(Op.i32_le_u), () => {
      body(true);
      incr(off, 16);
    });
    loopWhile(f, () => f.get(off).get(a.runBytes).op(Op.i32_lt_u), () => {
      body(false);
      incr(off, es);
    });
    // next window
    f.get(sr).get(a.runBytes).op(Op.i32_add).set(sr);
    f.get(wb).i32(1).op(Op.i32_add).tee(wb).get(a.B).op(Op.i32_eq);
    f.block(Op.if);
    f.i32(0).set(wb);
    incr(wa, 1);
    f.op(Op.end);
    incr(r, 1);
  });
  return f;
}

const cached = new Map<string, { module: WebAssembly.Module; bytes: Uint8Array<ArrayBuffer> }>();

/** The (cached) module of `mode` and its bytes (the thread pool ships the bytes to workers). */
export function poolScatterModule(mode: PoolScatterMode): { module: WebAssembly.Module; bytes: Uint8Array<ArrayBuffer> } {
  const key = `${mode.dtype}${mode.op}${mode.window.join("x")}`;
  let m = cached.get(key);
  if (!m) {
    if (mode.window[0] * mode.window[1] > POOL_SCATTER_MAX_TAPS) throw new RangeError(`pool_scatter: at most ${POOL_SCATTER_MAX_TAPS} taps, got a ${mode.window.join("×")} window`);
    const mb = new ModuleBuilder();
    importMemory(mb);
    mb.exportFunction("k", mb.addFunction(poolScatterFunction(mode)));
    const bytes = mb.encode() as Uint8Array<ArrayBuffer>;
    cached.set(key, (m = { module: new WebAssembly.Module(bytes), bytes }));
  }
  return m;
}

/** The arguments of `k` after (start, end) for addresses `out`, `x`, `s` (bytes) and element size `es`. */
export function poolScatterArgs(out: number, x: number, s: number, p: { outer: number; inner: number; window: [number, number]; run: number }, es: number): number[] {
  const [KY, KX] = p.window, B = p.inner, L = p.run;
  return [out, x, s, B, KY * B * KX * L * es, KX * L * es, B * KX * L * es, L * es, L * es];
}
