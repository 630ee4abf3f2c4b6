/**
 * @file The im2col routine's `dot` form as a WebAssembly module (semantics: src/backend/im2col_spec.ts):
 * a direct convolution for few input values per output (conv1's 3×3 window over one feature: k = 9),
 * where a matmul of the window matrix spends its time packing and storing tiles. Each output row holds
 * its n features in n/lanes v128 accumulators; each input value inside the window is splatted and
 * multiplied by the kernel row it meets (float32 in f32x4 lanes, float64 in f64x2 lanes). One module per
 * (dtype, n); `k(start, end, dst, src, …, w)` over a range of rows, so the thread pool splits it.
 */
import { FuncBuilder, I32, ModuleBuilder, Op, Simd, V128, loopWhile } from "./encoder.js";
import { importMemory } from "./memory.js";
import { IM2COL_ARGS, RowWalk, nextRow, rowBase, startRows } from "./im2col.js";

function directFunction(dtype: "float32" | "float64", n: number): FuncBuilder {
  const [es, splat, vmul, vadd] = dtype === "float64" ? [8, Simd.v128_load64_splat, Simd.f64x2_mul, Simd.f64x2_add] : [4, Simd.v128_load32_splat, Simd.f32x4_mul, Simd.f32x4_add];
  const nv = (n * es) / 16, nBytes = n * es;
  const f = new FuncBuilder(Array(3 + IM2COL_ARGS.length).fill(I32), []);
  const [start, end] = [0, 1];
  const a = Object.fromEntries([...IM2COL_ARGS, "w"].map((name, i) => [name, i + 2])) as Record<(typeof IM2COL_ARGS)[number] | "w", number>;
  const r = f.local(I32), t = f.local(I32), ux = f.local(I32), uy = f.local(I32), base = f.local(I32), d = f.local(I32);
  const vy = f.local(I32), vx = f.local(I32), y = f.local(I32), x = f.local(I32), okY = f.local(I32), s = f.local(I32), l = f.local(I32), wr = f.local(I32);
  const acc = Array.from({ length: nv }, () => f.local(V128)), v = f.local(V128);
  const incr = (loc: number, by: number) => f.get(loc).i32(by).op(Op.i32_add).set(loc);
  f.get(a.dst).get(start).i32(nBytes).op(Op.i32_mul).op(Op.i32_add).set(d);
  const walk: RowWalk = { gp: f.local(I32), uy, ux, base };
  startRows(f, a, start, walk);
  f.get(start).set(r);
  loopWhile(f, () => f.get(r).get(end).op(Op.i32_lt_u), () => {
    rowBase(f, a, walk);
    for (const c of acc) f.v128Const(new Uint8Array(16)).set(c);
    f.get(a.w).set(wr); // the kernel row of tap (0, 0), input value 0
    f.i32(0).set(vy);
    loopWhile(f, () => f.get(vy).get(a.VY).op(Op.i32_lt_u), () => {
      f.get(uy).get(a.suY).op(Op.i32_mul).get(vy).get(a.svY).op(Op.i32_mul).op(Op.i32_add).get(a.loY).op(Op.i32_sub).tee(y);
      f.get(a.H).op(Op.i32_lt_u).set(okY);
      f.i32(0).set(vx);
      loopWhile(f, () => f.get(vx).get(a.VX).op(Op.i32_lt_u), () => {
        f.get(ux).get(a.suX).op(Op.i32_mul).get(vx).get(a.svX).op(Op.i32_mul).op(Op.i32_add).get(a.loX).op(Op.i32_sub).tee(x);
        f.get(a.W).op(Op.i32_lt_u).get(okY).op(Op.i32_and);
        f.block(Op.if);
        {
          f.get(base).get(y).get(a.ys).op(Op.i32_mul).op(Op.i32_add).get(x).get(a.xs).op(Op.i32_mul).op(Op.i32_add);
          f.get(vy).get(a.tys).op(Op.i32_mul).op(Op.i32_add).get(vx).get(a.txs).op(Op.i32_mul).op(Op.i32_add).set(s);
          f.get(wr).set(t);
          f.get(a.L).set(l);
          // acc += splat(x[s]) · w[t .. t + n)
          loopWhile(f, () => f.get(l), () => {
            f.get(s).simdMem(splat, 0).set(v);
            acc.forEach((c, j) => f.get(c).get(v).get(t).simdMem(Simd.v128_load, 0, 16 * j).simd(vmul).simd(vadd).set(c));
            f.get(s).get(a.ls).op(Op.i32_add).set(s);
            incr(t, nBytes);
            incr(l, -1);
          });
        }
        f.op(Op.end);
        // the next tap's kernel rows: L rows further
        f.get(wr).get(a.L).i32(nBytes).op(Op.i32_mul).op(Op.i32_add).set(wr);
        incr(vx, 1);
      });
      incr(vy, 1);
    });
    acc.forEach((c, j) => f.get(d).get(c).simdMem(Simd.v128_store, 0, 16 * j));
    incr(d, nBytes);
    nextRow(f, a, walk);
    incr(r, 1);
  });
  return f;
}

const cached = new Map<string, { module: WebAssembly.Module; bytes: Uint8Array<ArrayBuffer> }>();

/** The (cached) direct module for `dtype` and n output features (`dotFits`: whole vectors, at most 8). */
export function directModule(dtype: "float32" | "float64", n: number): { module: WebAssembly.Module; bytes: Uint8Array<ArrayBuffer> } {
  const key = `${dtype}${n}`;
  let m = cached.get(key);
  if (!m) {
    const mb = new ModuleBuilder();
    importMemory(mb);
    mb.exportFunction("k", mb.addFunction(directFunction(dtype, n)));
    const bytes = mb.encode() as Uint8Array<ArrayBuffer>;
    cached.set(key, (m = { module: new WebAssembly.Module(bytes), bytes }));
  }
  return m;
}
