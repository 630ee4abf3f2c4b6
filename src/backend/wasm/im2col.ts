/**
 * @file The im2col routine's WebAssembly module (semantics: src/backend/im2col_spec.ts): for each row
 * of the window matrix, each tap either copies a run of the input — 16 bytes at a time when the run is
 * contiguous (a feature vector of an NHWC input), element by element otherwise — or writes zeros
 * (padding). Pure data movement, so one module serves float32 and float64 (the element size is an
 * argument). The function is `k(start, end, dst, src, …)` over a range of rows, the kernel signature,
 * so the thread pool splits it like any kernel.
 */
import { FuncBuilder, I32, ModuleBuilder, Op, Simd, V128, loopWhile } from "./encoder.js";
import { importMemory } from "./memory.js";

/** Argument order of `k` after (start, end): addresses, sizes, byte strides, the window, the element size. */
export const IM2COL_ARGS = ["dst", "src", "P", "UY", "UX", "VY", "VX", "gs", "ps", "ys", "xs", "tys", "txs", "ls", "suY", "svY", "loY", "suX", "svX", "loX", "H", "W", "L", "es"] as const;

/** Locals of the row walk: the row's coordinates (g·P + p as gp, uy, ux) and its input address `base`. */
interface RowWalk {
  gp: number;
  uy: number;
  ux: number;
  base: number;
}

/**
 * Emit the start of the row walk: row `start` = (gp·UY + uy)·UX + ux split once by division; later rows
 * advance by `nextRow` (a division per row costs more than a small row's whole work).
 */
function startRows(f: FuncBuilder, a: Record<"UX" | "UY", number>, start: number, w: RowWalk): void {
  f.get(start).get(a.UX).op(Op.i32_rem_u).set(w.ux);
  f.get(start).get(a.UX).op(Op.i32_div_u).tee(w.gp).get(a.UY).op(Op.i32_rem_u).set(w.uy);
  f.get(w.gp).get(a.UY).op(Op.i32_div_u).set(w.gp);
}

/** Emit base = src + g·gs + p·ps for the current row (g = gp / P, p = gp mod P). */
function rowBase(f: FuncBuilder, a: Record<"src" | "P" | "gs" | "ps", number>, w: RowWalk): void {
  f.get(a.src).get(w.gp).get(a.P).op(Op.i32_div_u).get(a.gs).op(Op.i32_mul).op(Op.i32_add);
  f.get(w.gp).get(a.P).op(Op.i32_rem_u).get(a.ps).op(Op.i32_mul).op(Op.i32_add).set(w.base);
}

/** Emit the step to the next row: ux + 1, carrying into uy and gp. */
function nextRow(f: FuncBuilder, a: Record<"UX" | "UY", number>, w: RowWalk): void {
  f.get(w.ux).i32(1).op(Op.i32_add).tee(w.ux).get(a.UX).op(Op.i32_eq);
  f.block(Op.if);
  f.i32(0).set(w.ux);
  f.get(w.uy).i32(1).op(Op.i32_add).tee(w.uy).get(a.UY).op(Op.i32_eq);
  f.block(Op.if);
  f.i32(0).set(w.uy);
  f.get(w.gp).i32(1).op(Op.i32_add).set(w.gp);
  f.op(Op.end, Op.end);
}

/**
 * What the module does with the taps: copy each ("copy", any dtype) or sum them into one run (float32 /
 * float64) — with `vectors` > 0 (a run of exactly that many contiguous 16-byte vectors, at most 8) the sum
 * is held in registers across the taps instead of being added in memory.
 */
export interface Im2colMode {
  kind: "copy" | "float32" | "float64";
  vectors: number;
}

/** Most vectors of a run summed in registers. */
export const SUM_REGISTER_VECTORS = 8;

function im2colFunction({ kind: mode, vectors }: Im2colMode): FuncBuilder {
  const sum = mode !== "copy";
  const [ld, st, add, vadd, es] = mode === "float64" ? [Op.f64_load, Op.f64_store, Op.f64_add, Simd.f64x2_add, 8] : [Op.f32_load, Op.f32_store, Op.f32_add, Simd.f32x4_add, 4];
  const f = new FuncBuilder(Array(2 + IM2COL_ARGS.length).fill(I32), []);
  const [start, end] = [0, 1];
  const a = Object.fromEntries(IM2COL_ARGS.map((n, i) => [n, i + 2])) as Record<(typeof IM2COL_ARGS)[number], number>;
  const r = f.local(I32), t = f.local(I32), ux = f.local(I32), uy = f.local(I32), base = f.local(I32), d = f.local(I32);
  const vy = f.local(I32), vx = f.local(I32), y = f.local(I32), x = f.local(I32), okY = f.local(I32), s = f.local(I32), n = f.local(I32), rowBytes = f.local(I32);
  const incr = (v: number, by: number) => f.get(v).i32(by).op(Op.i32_add).set(v);
  /** Copy n bytes from s to d, 16 at a time, then 4 (d and s advance). */
  const copyContiguous = () => {
    loopWhile(f, () => f.get(n).i32(16).op(Op.i32_ge_u), () => {
      f.get(d).get(s).simdMem(Simd.v128_load, 0).simdMem(Simd.v128_store, 0);
      incr(d, 16); incr(s, 16); incr(n, -16);
    });
    loopWhile(f, () => f.get(n), () => {
      f.get(d).get(s).mem(Op.i32_load).mem(Op.i32_store);
      incr(d, 4); incr(s, 4); incr(n, -4);
    });
  };
  /** Zero L·es bytes from d (d stays; t and n are scratch). */
  const zeros = () => {
    f.get(d).set(t);
    f.get(a.L).get(a.es).op(Op.i32_mul).set(n);
    loopWhile(f, () => f.get(n).i32(16).op(Op.i32_ge_u), () => {
      f.get(t).v128Const(new Uint8Array(16)).simdMem(Simd.v128_store, 0);
      incr(t, 16); incr(n, -16);
    });
    loopWhile(f, () => f.get(n), () => {
      f.get(t).i32(0).mem(Op.i32_store);
      incr(t, 4); incr(n, -4);
    });
  };
  // row bytes = VY·VX·L·es (sum: L·es); d = dst + start·rowBytes
  if (sum) f.get(a.L).get(a.es).op(Op.i32_mul).set(rowBytes);
  else f.get(a.VY).get(a.VX).op(Op.i32_mul).get(a.L).op(Op.i32_mul).get(a.es).op(Op.i32_mul).set(rowBytes);
  f.get(a.dst).get(start).get(rowBytes).op(Op.i32_mul).op(Op.i32_add).set(d);
  // merge: runs contiguous and the taps along x adjacent (svX·xs + txs = L·es); lastX = (VX − 1)·svX
  const merge = f.local(I32), lastX = f.local(I32);
  f.get(a.ls).get(a.es).op(Op.i32_eq).get(a.svX).get(a.xs).op(Op.i32_mul).get(a.txs).op(Op.i32_add).get(a.L).get(a.es).op(Op.i32_mul).op(Op.i32_eq).op(Op.i32_and).set(merge);
  f.get(a.VX).i32(1).op(Op.i32_sub).get(a.svX).op(Op.i32_mul).set(lastX);
  const walk: RowWalk = { gp: f.local(I32), uy, ux, base };
  startRows(f, a, start, walk);
  f.get(start).set(r);
  loopWhile(f, () => f.get(r).get(end).op(Op.i32_lt_u), () => {
    rowBase(f, a, walk);
    const acc = Array.from({ length: sum ? vectors : 0 }, () => f.local(V128));
    for (const c of acc) f.v128Const(new Uint8Array(16)).set(c);
    if (sum && !vectors) zeros(); // the row's one run starts at 0 (in memory: d moves back to its start)
    f.i32(0).set(vy);
    loopWhile(f, () => f.get(vy).get(a.VY).op(Op.i32_lt_u), () => {
      // y = uy·suY + vy·svY − loY; inside when 0 ≤ y < H (one unsigned compare)
      f.get(uy).get(a.suY).op(Op.i32_mul).get(vy).get(a.svY).op(Op.i32_mul).op(Op.i32_add).get(a.loY).op(Op.i32_sub).tee(y);
      f.get(a.H).op(Op.i32_lt_u).set(okY);
      if (!sum) {
        // every tap of this kernel row inside, and their runs adjacent: one contiguous copy of VX·L elements
        f.get(okY).get(merge).op(Op.i32_and);
        f.get(ux).get(a.suX).op(Op.i32_mul).get(a.loX).op(Op.i32_sub).tee(x).get(a.W).op(Op.i32_lt_u).op(Op.i32_and);
        f.get(x).get(lastX).op(Op.i32_add).get(a.W).op(Op.i32_lt_u).op(Op.i32_and);
        f.block(Op.if);
        f.get(base).get(y).get(a.ys).op(Op.i32_mul).op(Op.i32_add).get(x).get(a.xs).op(Op.i32_mul).op(Op.i32_add);
        f.get(vy).get(a.tys).op(Op.i32_mul).op(Op.i32_add).set(s);
        f.get(a.VX).get(a.L).op(Op.i32_mul).get(a.es).op(Op.i32_mul).set(n);
        copyContiguous();
        f.op(Op.else);
      }
      f.i32(0).set(vx);
      loopWhile(f, () => f.get(vx).get(a.VX).op(Op.i32_lt_u), () => {
        f.get(ux).get(a.suX).op(Op.i32_mul).get(vx).get(a.svX).op(Op.i32_mul).op(Op.i32_add).get(a.loX).op(Op.i32_sub).tee(x);
        f.get(a.W).op(Op.i32_lt_u).get(okY).op(Op.i32_and);
        f.block(Op.if);
        {
          f.get(base).get(y).get(a.ys).op(Op.i32_mul).op(Op.i32_add).get(x).get(a.xs).op(Op.i32_mul).op(Op.i32_add);
          f.get(vy).get(a.tys).op(Op.i32_mul).op(Op.i32_add).get(vx).get(a.txs).op(Op.i32_mul).op(Op.i32_add).set(s);
          if (acc.length) {
            // in registers: acc += the run (contiguous, `vectors` vectors)
            acc.forEach((c, j) => f.get(c).get(s).simdMem(Simd.v128_load, 0, 16 * j).simd(vadd).set(c));
          } else {
            f.get(a.ls).get(a.es).op(Op.i32_eq);
            f.block(Op.if);
            if (sum) {
              // d[l] += s[l]: 16 bytes at a time, then one element at a time
              f.get(d).set(t);
              f.get(a.L).i32(es).op(Op.i32_mul).set(n);
              loopWhile(f, () => f.get(n).i32(16).op(Op.i32_ge_u), () => {
                f.get(t).get(t).simdMem(Simd.v128_load, 0).get(s).simdMem(Simd.v128_load, 0).simd(vadd).simdMem(Simd.v128_store, 0);
                incr(t, 16); incr(s, 16); incr(n, -16);
              });
              loopWhile(f, () => f.get(n), () => {
                f.get(t).get(t).mem(ld).get(s).mem(ld).op(add).mem(st);
                incr(t, es); incr(s, es); incr(n, -es);
              });
            } else {
              f.get(a.L).get(a.es).op(Op.i32_mul).set(n);
              copyContiguous();
            }
            f.op(Op.else);
            if (sum) {
              f.get(d).set(t);
              f.get(a.L).set(n);
              loopWhile(f, () => f.get(n), () => {
                f.get(t).get(t).mem(ld).get(s).mem(ld).op(add).mem(st);
                incr(t, es); f.get(s).get(a.ls).op(Op.i32_add).set(s); incr(n, -1);
              });
            } else {
              // strided run, element by element (8 bytes as i64, 4 as i32)
              f.get(a.L).set(n);
              f.get(a.es).i32(8).op(Op.i32_eq);
              f.block(Op.if);
              loopWhile(f, () => f.get(n), () => {
                f.get(d).get(s).mem(Op.i64_load).mem(Op.i64_store);
                incr(d, 8); f.get(s).get(a.ls).op(Op.i32_add).set(s); incr(n, -1);
              });
              f.op(Op.else);
              loopWhile(f, () => f.get(n), () => {
                f.get(d).get(s).mem(Op.i32_load).mem(Op.i32_store);
                incr(d, 4); f.get(s).get(a.ls).op(Op.i32_add).set(s); incr(n, -1);
              });
              f.op(Op.end);
            }
            f.op(Op.end);
          }
        }
        if (!sum) {
          f.op(Op.else);
          zeros(); // outside the input: zeros
          f.get(d).get(a.L).get(a.es).op(Op.i32_mul).op(Op.i32_add).set(d);
        }
        f.op(Op.end);
        incr(vx, 1);
      });
      if (!sum) f.op(Op.end);
      incr(vy, 1);
    });
    acc.forEach((c, j) => f.get(d).get(c).simdMem(Simd.v128_store, 0, 16 * j));
    if (sum) f.get(d).get(a.L).get(a.es).op(Op.i32_mul).op(Op.i32_add).set(d);
    nextRow(f, a, walk);
    incr(r, 1);
  });
  return f;
}

const cached = new Map<string, { module: WebAssembly.Module; bytes: Uint8Array<ArrayBuffer> }>();

/** The (cached) module of `mode` and its bytes (the thread pool ships the bytes to workers). */
export function im2colModule(mode: Im2colMode): { module: WebAssembly.Module; bytes: Uint8Array<ArrayBuffer> } {
  const key = `${mode.kind}${mode.vectors}`;
  let m = cached.get(key);
  if (!m) {
    const mb = new ModuleBuilder();
    importMemory(mb);
    mb.exportFunction("k", mb.addFunction(im2colFunction(mode)));
    const bytes = mb.encode() as Uint8Array<ArrayBuffer>;
    cached.set(key, (m = { module: new WebAssembly.Module(bytes), bytes }));
  }
  return m;
}

