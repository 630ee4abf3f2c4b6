/**
 * @file The wasm SIMD loop's broadcast loads and masks (simd.ts): a row vector added to every row
 * (`gidx % c`, e.g. a bias), one value per row (`gidx / c`), bool inputs as select conditions and bool
 * outputs of float32 comparisons (ReLU's mask and its gradient) — vectorised, bit-identical to the
 * scalar code and the reference on NaN/±0/±Inf, with scalar tails, starts that are not a multiple of
 * the lanes, inputs too short for the broadcast (the scalar code's clamping then decides), and forms
 * that stay scalar (c not a multiple of the lanes).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DType, TypedArray, typedArrayCtor } from "../src/core/dtype.js";
import { Kernel, bin, fconst, gidx, iconst, load, select, un } from "../src/lower/kernel.js";
import { JsBackend } from "../src/backend/js/index.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import type { Buf } from "../src/backend/backend.js";
import { jit, nn, np, NDArray } from "../src/index.js";
import { seededRandom as rng } from "../src/numeric/check.js";

const js = new JsBackend();
const wasm = new WasmBackend({ threads: 1 });
const scalar = new WasmBackend({ threads: 1, simd: false });

const SPECIAL = [NaN, 0, -0, Infinity, -Infinity, 1e-45, -3.5, 2];
function values(d: DType, n: number, seed: number): TypedArray {
  const r = rng(seed), a = new (typedArrayCtor(d))(n);
  for (let i = 0; i < n; i++) a[i] = d === "bool" ? +(r() < 0.5) : i < SPECIAL.length ? SPECIAL[(i + seed) % SPECIAL.length] : (r() - 0.5) * 10;
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

/** wasm (SIMD) = wasm scalar = reference, bit for bit; the SIMD loop has `lanes` lanes. */
function same(k: Kernel, ins: TypedArray[], lanes: number, what: string): void {
  assert.equal(wasm.simdLanes(wasm.compile(k)), lanes, `${what}: lanes`);
  const want = js.read(js.run(js.compile(k), ins.map((a, j) => js.fromTyped(a, k.inputs[j]))));
  for (const [name, be] of [["simd", wasm], ["scalar", scalar]] as const) {
    const got = be.read(be.run(be.compile(k), ins.map((a, j) => be.fromTyped(a, k.inputs[j]))));
    assert.equal(got.length, want.length);
    for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) assert.fail(`${what} (${name}): element ${i}: ${got[i]} vs ${want[i]}`);
  }
  // every start offset (misaligned starts run everything in the scalar loop when broadcasts are read)
  for (const start of [0, 1, 2, 3, 5]) {
    if (start >= k.size) continue;
    const got = runRange(wasm, k, ins, start, k.size);
    for (let i = start; i < k.size; i++) if (!Object.is(got[i], want[i])) assert.fail(`${what} from ${start}: element ${i}: ${got[i]} vs ${want[i]}`);
  }
}

const x = (j: number, d: DType) => load(j, gidx, d);
const row = (j: number, c: number, d: DType) => load(j, bin("rem", gidx, iconst(c)), d);
const col = (j: number, c: number, d: DType) => load(j, bin("div", gidx, iconst(c)), d);

describe("wasm SIMD broadcasts and masks", () => {
  test("a row vector added to every row (gidx % c): float32 in f32x4, float64 and mixed in f64x2", () => {
    for (const [rows, c] of [[3, 8], [5, 512], [1, 4], [7, 12]]) {
      for (const tail of [0, 1, 3]) {
        const n = rows * c + tail;
        same({ inputs: ["float32", "float32"], out: "float32", size: n, expr: bin("add", x(0, "float32"), row(1, c, "float32")) }, [values("float32", n, 1), values("float32", c, 2)], 4, `f32 bias ${n}/${c}`);
        same({ inputs: ["float64", "float64"], out: "float64", size: n, expr: bin("mul", x(0, "float64"), row(1, c, "float64")) }, [values("float64", n, 3), values("float64", c, 4)], 2, `f64 ${n}/${c}`);
        same({ inputs: ["float64", "float32"], out: "float64", size: n, expr: bin("sub", x(0, "float64"), row(1, c, "float32")) }, [values("float64", n, 5), values("float32", c, 6)], 2, `mixed ${n}/${c}`);
      }
    }
  });

  test("one value per row (gidx / c) splatted across the lanes", () => {
    for (const [rows, c] of [[3, 8], [9, 4], [2, 128]]) {
      const n = rows * c;
      same({ inputs: ["float32", "float32"], out: "float32", size: n, expr: bin("div", x(0, "float32"), col(1, c, "float32")) }, [values("float32", n, 7), values("float32", rows, 8)], 4, `f32 per row ${n}/${c}`);
      same({ inputs: ["float64", "float64"], out: "float64", size: n, expr: bin("sub", x(0, "float64"), col(1, c, "float64")) }, [values("float64", n, 9), values("float64", rows, 10)], 2, `f64 per row ${n}/${c}`);
      same({ inputs: ["float64", "float32"], out: "float64", size: n, expr: bin("add", x(0, "float64"), col(1, c, "float32")) }, [values("float64", n, 11), values("float32", rows, 12)], 2, `mixed per row ${n}/${c}`);
    }
  });

  test("broadcast inputs shorter than the broadcast reads: the scalar code (clamping) does all", () => {
    // out-of-range loads happen only in unselected branches; wasm clamps them (js reads NaN): compare with wasm scalar
    const n = 64;
    const cases: [Kernel, TypedArray[]][] = [
      [{ inputs: ["float32", "float32"], out: "float32", size: n, expr: bin("add", x(0, "float32"), row(1, 16, "float32")) }, [values("float32", n, 13), values("float32", 9, 14)]],
      [{ inputs: ["float64", "float64"], out: "float64", size: n, expr: bin("add", x(0, "float64"), col(1, 8, "float64")) }, [values("float64", n, 15), values("float64", 5, 16)]],
    ];
    for (const [k, ins] of cases) {
      assert.ok(wasm.simdLanes(wasm.compile(k)) > 0);
      const want = runRange(scalar, k, ins, 0, n);
      for (const start of [0, 4]) {
        const got = runRange(wasm, k, ins, start, n);
        for (let i = start; i < n; i++) if (!Object.is(got[i], want[i])) assert.fail(`from ${start}: element ${i}: ${got[i]} vs ${want[i]}`);
      }
    }
  });

  test("c not a multiple of the lanes: float32 falls back to f64x2 lanes, or stays scalar", () => {
    const k: Kernel = { inputs: ["float32", "float32"], out: "float32", size: 60, expr: bin("add", x(0, "float32"), row(1, 10, "float32")) };
    same(k, [values("float32", 60, 25), values("float32", 10, 26)], 2, "f32 c = 10");
    const k2: Kernel = { inputs: ["float64", "float64"], out: "float64", size: 60, expr: bin("add", x(0, "float64"), col(1, 5, "float64")) };
    same(k2, [values("float64", 60, 27), values("float64", 12, 28)], 0, "f64 c = 5");
  });

  test("bool outputs of float32 comparisons (NaN compares false) and bool select conditions", () => {
    for (const n of [1, 4, 7, 64, 1027]) {
      for (const op of ["le", "lt", "gt", "ge", "eq", "ne"] as const) {
        same({ inputs: ["float32"], out: "bool", size: n, expr: bin(op, x(0, "float32"), fconst(0, "float32"), "bool") }, [values("float32", n, 17)], 4, `${op} ${n}`);
      }
      same({ inputs: ["float32", "float32"], out: "bool", size: n, expr: un("not", bin("lt", x(0, "float32"), x(1, "float32"), "bool")) }, [values("float32", n, 18), values("float32", n, 19)], 4, `not lt ${n}`);
      same({ inputs: ["bool", "float32"], out: "float32", size: n, expr: select(x(0, "bool"), fconst(0, "float32"), x(1, "float32")) }, [values("bool", n, 20), values("float32", n, 21)], 4, `relu gradient ${n}`);
      same({ inputs: ["bool"], out: "bool", size: n, expr: x(0, "bool") }, [values("bool", n, 22)], 4, `bool copy ${n}`);
      // a bool row vector (rem index) is not vectorised: bool loads must be contiguous
      const k: Kernel = { inputs: ["bool", "float32"], out: "float32", size: 8 * n, expr: select(row(0, 8, "bool"), x(1, "float32"), fconst(1, "float32")) };
      same(k, [values("bool", 8, 23), values("float32", 8 * n, 24)], 0, `bool row ${n}`);
    }
  });

  test("a dense layer with ReLU under jit matches the js backend (bias add, mask, masked gradient)", () => {
    const r = rng(30);
    const xs = Float32Array.from({ length: 16 * 24 }, () => r() - 0.5), ws = Float32Array.from({ length: 24 * 32 }, () => r() - 0.5);
    const f = jit((x: NDArray, w: NDArray) => {
      const layer = nn.dense(32);
      const p = { kernel: w, bias: np.linspace(-1, 1, 32, { dtype: "float32" }) };
      return np.sum(nn.relu(layer.apply(p, x)));
    });
    const v = (f(np.array(xs, { shape: [16, 24] }), np.array(ws, { shape: [24, 32] })) as NDArray).item() as number;
    let want = 0;
    for (let i = 0; i < 16; i++) for (let j = 0; j < 32; j++) {
      let s = 0;
      for (let q = 0; q < 24; q++) s += xs[i * 24 + q] * ws[q * 32 + j];
      want += Math.max(0, s + (-1 + (2 * j) / 31));
    }
    assert.ok(Math.abs(v - want) < 1e-4 * Math.max(1, Math.abs(want)), `${v} vs ${want}`);
  });
});
