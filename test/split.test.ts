/**
 * @file Long reductions to few outputs run as two kernels (src/lower/split.ts): sum, prod, max, min
 * over block multiples and ragged lengths, float32/float64/int32, one and several outputs — exact
 * where the arithmetic is exact (integers, max/min, sums of small integers), within rounding of an
 * exactly rounded sum otherwise, NaN propagated, and bit-identical on the js and wasm backends.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { np, setBackend, getBackend } from "../src/index.js";
import { BLOCK, splitReduction } from "../src/lower/split.js";
import { seededRandom } from "../src/numeric/check.js";

const r = seededRandom(11);
const initial = getBackend();

/** Run `f` on the js and the wasm backend; the results must be identical bit for bit. */
function onBoth(f: () => ArrayLike<number>): number[] {
  setBackend("js");
  const a = f();
  setBackend("wasm");
  const b = f();
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `element ${i}: js ${a[i]} vs wasm ${b[i]}`);
  return Array.from(a);
}

/** Σ x exactly (BigInt multiples of 2⁻⁶⁰⁰: every term here is a multiple), rounded once to float64. */
function exactSum(xs: ArrayLike<number>): number {
  let s = 0n;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x === 0) continue;
    const e = Math.floor(Math.log2(Math.abs(x))) - 60; // x / 2^e is an integer of ≤ 61 bits
    s += BigInt(Math.round(x / 2 ** e)) * 2n ** BigInt(e + 600);
  }
  return Number(s) / 2 ** 600;
}

describe("long reductions split in two kernels", () => {
  test("which kernels are split", () => {
    const k = (size: number, R: number, op: "sum" | "argmax" = "sum") => ({ inputs: ["float32" as const], out: "float32" as const, size, expr: { k: "load" as const, input: 0, index: { k: "ridx" as const, dtype: "int32" as const }, dtype: "float32" as const }, reduce: { op, size: R } });
    assert.equal(splitReduction(k(1, 8 * BLOCK - 1)), null);
    assert.ok(splitReduction(k(1, 8 * BLOCK)));
    assert.equal(splitReduction(k(16, 1e6)), null, "many outputs already split across threads");
    assert.equal(splitReduction(k(1, 1e6, "argmax")), null);
    const s = splitReduction(k(3, 40_001))!;
    assert.equal(s.partial.size, 3 * Math.ceil(40_001 / BLOCK));
    assert.equal(s.partial.out, "float64");
    assert.equal(s.final.out, "float32");
  });

  for (const n of [8 * BLOCK, 40_001, 1_000_003]) {
    test(`sum/max/min/prod of ${n} float64 and float32 terms`, () => {
      const xs = Float64Array.from({ length: n }, () => (r() - 0.5) * 2 ** Math.floor(r() * 20 - 10));
      for (const dtype of ["float64", "float32"] as const) {
        const vals = dtype === "float32" ? Float64Array.from(xs, Math.fround) : xs;
        const exact = exactSum(vals);
        const abs = vals.reduce((a, b) => a + Math.abs(b), 0);
        const [s] = onBoth(() => np.sum(np.array(xs, { dtype })).data());
        const tol = dtype === "float32" ? 2 ** -24 * Math.abs(exact) + 1e-300 : 0;
        assert.ok(Math.abs(s - exact) <= tol + 2 ** -50 * abs, `sum ${s} vs exact ${exact}`);
        const [mx] = onBoth(() => np.max(np.array(xs, { dtype })).data());
        const [mn] = onBoth(() => np.min(np.array(xs, { dtype })).data());
        assert.equal(mx, vals.reduce((a, b) => Math.max(a, b)));
        assert.equal(mn, vals.reduce((a, b) => Math.min(a, b)));
      }
      const ones = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 2 : i % 7 === 1 ? 0.5 : 1));
      const [p] = onBoth(() => np.prod(np.array(ones, { dtype: "float64" })).data());
      assert.equal(p, 2 ** (Math.ceil(n / 7) - Math.ceil((n - 1) / 7)));
    });
  }

  test("int32 sums wrap exactly; several outputs; NaN propagates", () => {
    const n = 100_003;
    const xs = Int32Array.from({ length: 3 * n }, () => Math.floor((r() - 0.5) * 2 ** 31));
    const got = onBoth(() => np.sum(np.array(xs, { shape: [3, n], dtype: "int32" }), 1).data());
    for (let row = 0; row < 3; row++) {
      let s = 0;
      for (let i = 0; i < n; i++) s = (s + xs[row * n + i]) | 0;
      assert.equal(got[row], s);
    }
    const small = Float64Array.from({ length: 2 * n }, (_, i) => (i % 5) - 2);
    assert.deepEqual(Array.from(onBoth(() => np.sum(np.array(small, { shape: [2, n], dtype: "float32" }), 1).data())), [small.slice(0, n).reduce((a, b) => a + b), small.slice(n).reduce((a, b) => a + b)]);
    const withNaN = Float64Array.from({ length: n }, () => r());
    withNaN[n - 2] = NaN;
    assert.ok(Number.isNaN(onBoth(() => np.sum(np.array(withNaN, { dtype: "float64" })).data())[0]));
    assert.ok(Number.isNaN(onBoth(() => np.max(np.array(withNaN, { dtype: "float64" })).data())[0]));
  });

  test("restore the backend", () => {
    setBackend(initial.name);
  });
});
