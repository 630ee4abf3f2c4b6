/**
 * @file The wasm SIMD loops of column reductions (simd_reduce.ts): sums and products along an axis
 * that is not the contiguous one (a bias gradient: Σ over the batch of [batch, features]) vectorised
 * across outputs — bit-identical to the scalar code and to the reference on NaN/±0/±Inf, float32
 * (accumulated in f64 as the scalar code) and float64, mixed expressions under the sum, splatted
 * per-step values, middle axes (run-broken indices), any start offset, inputs too short (the scalar
 * code's clamping decides) and forms that stay scalar; through np.sum under jit and vmap, and with
 * worker threads splitting the outputs.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DType, TypedArray, typedArrayCtor } from "../src/core/dtype.js";
import { Kernel, bin, fconst, gidx, iadd, iconst, idiv, imod, imul, load, ridx, select, un, cast } from "../src/lower/kernel.js";
import { JsBackend } from "../src/backend/js/index.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import type { Buf } from "../src/backend/backend.js";
import { getBackend, grad, jit, np, vmap, NDArray } from "../src/index.js";
import { seededRandom as rng } from "../src/numeric/check.js";

const js = new JsBackend();
const wasm = new WasmBackend({ threads: 1 });
const scalar = new WasmBackend({ threads: 1, simd: false });

const SPECIAL = [NaN, 0, -0, Infinity, -Infinity, 1e-45, -3.5, 2];
function values(d: DType, n: number, seed: number, special = true): TypedArray {
  const r = rng(seed), a = new (typedArrayCtor(d))(n);
  for (let i = 0; i < n; i++) a[i] = special && i % 37 < SPECIAL.length && i % 3 === 0 ? SPECIAL[(i + seed) % SPECIAL.length] : (r() - 0.5) * 10;
  return a;
}

/** Run `k` over [start, end) on `be` by calling the compiled function directly (out zero-filled first). */
function runRange(be: WasmBackend, k: Kernel, ins: TypedArray[], start: number, end: number): TypedArray {
  const exe = be.compile(k) as unknown as { compiled: { fn: (...a: number[]) => void } };
  const store = (be as unknown as { store: { pin(b: Buf): number; unpin(b: Buf): void } }).store;
  const out = be.fromTyped(new (typedArrayCtor(k.out))(k.size), k.out);
  const bufs = ins.map((a, j) => be.fromTyped(a, k.inputs[j]));
  const args = [start, end, store.pin(out)];
  bufs.forEach((b, j) => args.push(store.pin(b), ins[j].length));
  exe.compiled.fn(...args);
  for (const b of [out, ...bufs]) store.unpin(b);
  return be.read(out);
}

/** wasm (SIMD) = wasm scalar = reference, bit for bit, from every start; the SIMD loop has `lanes` lanes. */
function same(k: Kernel, ins: TypedArray[], lanes: number, what: string): void {
  assert.equal(wasm.simdLanes(wasm.compile(k)), lanes, `${what}: lanes`);
  const want = js.read(js.run(js.compile(k), ins.map((a, j) => js.fromTyped(a, k.inputs[j]))));
  for (const [name, be] of [["simd", wasm], ["scalar", scalar]] as const) {
    const got = be.read(be.run(be.compile(k), ins.map((a, j) => be.fromTyped(a, k.inputs[j]))));
    assert.equal(got.length, want.length);
    for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) assert.fail(`${what} (${name}): element ${i}: ${got[i]} vs ${want[i]}`);
  }
  for (const start of [1, 2, 3, 7, 9]) {
    if (start >= k.size) continue;
    const got = runRange(wasm, k, ins, start, k.size);
    for (let i = start; i < k.size; i++) if (!Object.is(got[i], want[i])) assert.fail(`${what} from ${start}: element ${i}: ${got[i]} vs ${want[i]}`);
  }
}

/** x[r, j] of a [rows, c] input: index gidx + ridx·c. */
const colOf = (j: number, c: number, d: DType) => load(j, iadd(gidx, imul(ridx, c)), d);
const sumK = (d: DType, out: DType, size: number, R: number, expr: Kernel["expr"], inputs: DType[] = [d], op: "sum" | "prod" = "sum"): Kernel =>
  ({ inputs, out, size, expr, reduce: { op, size: R } });

describe("wasm SIMD column reductions", () => {
  test("Σ over rows of [R, c]: float32 and float64, with tails, NaN/±0/±Inf", () => {
    for (const [R, c] of [[128, 512], [3, 8], [1, 5], [17, 10], [64, 9], [5, 1], [2, 2], [40, 16]]) {
      for (const d of ["float32", "float64"] as const) {
        same(sumK(d, d, c, R, colOf(0, c, d)), [values(d, R * c, R + c)], 2, `${d} Σ [${R},${c}]`);
      }
    }
  });

  test("expressions under the sum: products, casts, unary ops, constants; products as the reduction", () => {
    const R = 33, c = 24;
    const a = (d: DType) => colOf(0, c, d), b = (d: DType) => colOf(1, c, d);
    same(sumK("float32", "float32", c, R, bin("mul", a("float32"), b("float32")), ["float32", "float32"]), [values("float32", R * c, 1), values("float32", R * c, 2)], 2, "Σ x·y f32");
    same(sumK("float64", "float64", c, R, bin("sub", un("abs", a("float64")), fconst(0.25, "float64")), ["float64"]), [values("float64", R * c, 3)], 2, "Σ |x| − ¼ f64");
    same(sumK("float32", "float32", c, R, un("sqrt", un("abs", a("float32")))), [values("float32", R * c, 4)], 2, "Σ √|x| f32");
    // float32 input summed as float64 (a cast under the sum), stored as float64
    same(sumK("float64", "float64", c, R, cast(a("float32"), "float64"), ["float32"]), [values("float32", R * c, 5)], 2, "Σ f64(x)");
    // float64 input, float32 result (each element rounded, then accumulated in f64, the sum rounded)
    same(sumK("float32", "float32", c, R, cast(a("float64"), "float32"), ["float64"]), [values("float64", R * c, 6)], 2, "Σ f32(x)");
    same(sumK("float64", "float64", c, 9, a("float64"), ["float64"], "prod"), [values("float64", 9 * c, 7, false)], 2, "Π f64");
    same(sumK("float32", "float32", c, 9, a("float32"), ["float32"], "prod"), [values("float32", 9 * c, 8)], 2, "Π f32");
  });

  test("a per-step value splatted across the outputs (index of ridx only) and a per-output one (gidx only)", () => {
    const R = 20, c = 12;
    const w = (d: DType) => load(1, ridx, d), bias = (d: DType) => load(2, gidx, d);
    const e = bin("mul", bin("add", colOf(0, c, "float32"), bias("float32")), w("float32"));
    same(sumK("float32", "float32", c, R, e, ["float32", "float32", "float32"]), [values("float32", R * c, 9), values("float32", R, 10), values("float32", c, 11)], 2, "Σ (x + b)·w");
  });

  test("a middle axis and several axes: run-broken output indices ((gidx / c)·s + gidx % c)", () => {
    // [A, R, C] summed over axis 1: out[a, j] = Σ_r x[a, r, j]
    for (const [A, R, C] of [[4, 6, 8], [3, 5, 2], [2, 3, 7]]) {
      const n = A * R * C;
      const index = iadd(iadd(imul(idiv(gidx, C), R * C), imod(gidx, C)), imul(ridx, C));
      same(sumK("float32", "float32", A * C, R, load(0, index, "float32")), [values("float32", n, A + R + C)], C % 2 === 0 ? 2 : 0, `Σ axis 1 of [${A},${R},${C}]`);
      // [R1, R2, C] summed over axes 0 and 1: ridx split by div/rem
      const both = iadd(gidx, iadd(imul(idiv(ridx, R), R * C), imul(imod(ridx, R), C)));
      same(sumK("float64", "float64", C, A * R, load(0, both, "float64")), [values("float64", n, 2 * C + 1)], C >= 2 ? 2 : 0, `Σ axes 0,1 of [${A},${R},${C}]`);
    }
  });

  test("inputs shorter than the reads: the scalar code (clamping) does all; other forms stay scalar", () => {
    const R = 8, c = 16;
    const k = sumK("float32", "float32", c, R, colOf(0, c, "float32"));
    const short = values("float32", R * c - 3, 12);
    const want = runRange(scalar, k, [short], 0, c);
    const got = runRange(wasm, k, [short], 0, c);
    for (let i = 0; i < c; i++) assert.ok(Object.is(got[i], want[i]), `element ${i}: ${got[i]} vs ${want[i]}`);
    // rows (the contiguous axis reduced), max/min, a select and an int sum stay scalar
    const rows: Kernel = sumK("float32", "float32", R, c, load(0, iadd(imul(gidx, c), ridx), "float32"));
    same(rows, [values("float32", R * c, 13)], 0, "Σ along rows");
    same({ ...sumK("float32", "float32", c, R, colOf(0, c, "float32")), reduce: { op: "max", size: R } }, [values("float32", R * c, 14)], 0, "max");
    same(sumK("float32", "float32", c, R, select(bin("gt", colOf(0, c, "float32"), fconst(0, "float32"), "bool"), colOf(0, c, "float32"), fconst(0, "float32"))), [values("float32", R * c, 15)], 0, "Σ relu");
    same(sumK("int32", "int32", c, R, colOf(0, c, "int32")), [Int32Array.from({ length: R * c }, (_, i) => (i * 7919) % 1000 - 500)], 0, "int32");
    assert.equal(wasm.simdLanes(wasm.compile(sumK("float32", "float32", c, 0, colOf(0, c, "float32")))), 0, "empty reduction");
  });

  test("np.sum over a leading or middle axis under jit and vmap, and a bias gradient, match the js backend", () => {
    const r = rng(40);
    const xs = Float32Array.from({ length: 6 * 128 * 24 }, () => r() - 0.5);
    const x = np.array(xs, { shape: [6, 128, 24] });
    const f = jit((x: NDArray) => [np.sum(x, 1), np.sum(x, [0, 1]), vmap((y: NDArray) => np.sum(y, 0))(x)]);
    const [a, b, c] = f(x) as NDArray[];
    const want1 = new Float32Array(6 * 24), want2 = new Float32Array(24);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 24; j++) {
      let s = 0;
      for (let q = 0; q < 128; q++) s += xs[(i * 128 + q) * 24 + j];
      want1[i * 24 + j] = s;
    }
    for (let j = 0; j < 24; j++) {
      let s = 0;
      for (let q = 0; q < 6 * 128; q++) s += xs[q * 24 + j];
      want2[j] = s;
    }
    assert.deepEqual(a.data(), want1);
    assert.deepEqual(c.data(), want1);
    assert.deepEqual(b.data(), want2);
    // d/db Σ relu(x·1 + b) = per-column count of positive pre-activations
    const g = jit(grad((bias: NDArray) => np.sum(np.maximum(np.add(np.reshape(x, [768, 24]), bias), 0))))(np.zeros([24], { dtype: "float32" })) as NDArray;
    const counts = Float32Array.from({ length: 24 }, (_, j) => {
      let n = 0;
      for (let q = 0; q < 768; q++) n += xs[q * 24 + j] > 0 ? 1 : 0;
      return n;
    });
    assert.deepEqual(g.data(), counts);
    assert.equal(getBackend().name, process.env.ADJOINT_BACKEND ?? "wasm");
  });

  test("worker threads splitting a large column sum give the single-thread result, float32 and float64", async () => {
    const threaded = new WasmBackend({ threads: 2 });
    await threaded.startThreads();
    for (const d of ["float32", "float64"] as const) {
      const R = 64, c = 8192 + 6;
      const k = sumK(d, d, c, R, bin("mul", colOf(0, c, d), colOf(0, c, d)));
      const ins = [values(d, R * c, 41)];
      const want = js.read(js.run(js.compile(k), ins.map((a) => js.fromTyped(a, d))));
      const got = threaded.read(threaded.run(threaded.compile(k), ins.map((a) => threaded.fromTyped(a, d))));
      for (let i = 0; i < c; i++) if (!Object.is(got[i], want[i])) assert.fail(`${d} threaded: element ${i}: ${got[i]} vs ${want[i]}`);
    }
  });
});
