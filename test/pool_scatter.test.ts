/**
 * @file The pool_scatter routine (the one-pass gradient of non-overlapping max/min pooling): the
 * backend's routine against the naive select_and_scatter_add reference over random tilings (fast-check:
 * 1–3 windowed axes, runs that are and are not whole SIMD vectors, ties, NaN, ±0, float32/float64);
 * which windows take it (poolScatterPlan); the primitive with the routine on and off gives identical
 * bits; jit, vmap and the maxPool layer's gradient; checkGrads in float64.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { NDArray, grad, jit, nn, np, numeric, vmap } from "../src/index.js";
import { ShapedArray } from "../src/core/aval.js";
import { getBackend } from "../src/backend/registry.js";
import { ConcreteArray } from "../src/core/array.js";
import { poolScatterRef } from "../src/backend/pool_spec.js";
import { selectAndScatterAdd } from "../src/primitives/reduce_window.js";
import { poolScatterPlan, reduceWindowTuning } from "../src/primitives/reduce_window_kernel.js";
import { naiveSelectScatter, rwp } from "./reduce_window_reference.js";
import { close } from "./util.js";

const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
/** Values with many ties, signed zeros and (when asked) NaNs. */
const values = fc.constantFrom(0, -0, 1, -1, 2, 2.5, -3, 0.5);

/** select_and_scatter_add of a tiling window, with the routine on or off. */
function scatter(s: NDArray, x: NDArray, windows: number[], select: "ge" | "le", routine: boolean): NDArray {
  const saved = reduceWindowTuning.poolScatter;
  reduceWindowTuning.poolScatter = routine;
  try {
    const pads = windows.map(() => [0, 0] as [number, number]);
    return selectAndScatterAdd(s, x, { ...rwp(windows, windows, pads), select });
  } finally {
    reduceWindowTuning.poolScatter = saved;
  }
}

test("random tilings (fast-check): the routine's result is the naive reference's, bit for bit (ties, NaN, ±0, float32/float64, max/min)", () => {
  const cfg = fc.record({
    // a batch axis, two spatial axes, a feature axis: window sizes per axis, windows per axis
    win: fc.tuple(fc.constant(1), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(1, 1, 2)),
    count: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 9 })),
    dtype: fc.constantFrom("float32" as const, "float64" as const),
    select: fc.constantFrom("ge" as const, "le" as const),
    nan: fc.boolean(),
    seed: fc.array(values, { minLength: 64, maxLength: 64 }),
  });
  fc.assert(
    fc.property(cfg, ({ win, count, dtype, select, nan, seed }) => {
      const shape = win.map((w, i) => w * count[i]);
      const n = prod(shape);
      const data = Array.from({ length: n }, (_, i) => (nan && i % 13 === 5 ? NaN : seed[(i * 7 + (i >> 3)) % seed.length]));
      const outShape = count;
      const s = Array.from({ length: prod(outShape) }, (_, i) => (i % 5) - 1.75 + i / 8);
      const x = np.array(data, { dtype }).reshape(shape), sa = np.array(s, { dtype }).reshape(outShape);
      const got = scatter(sa, x, win, select, true).data();
      const want = naiveSelectScatter(s, data, shape, rwp(win, win, win.map(() => [0, 0])), select).data;
      const plan = poolScatterPlan(new ShapedArray(shape, dtype), { ...rwp(win, win, win.map(() => [0, 0])), select });
      const windowed = win.filter((w) => w > 1).length;
      assert.equal(plan !== null, windowed <= 2, `plan for window ${win}`);
      for (let i = 0; i < n; i++) assert.ok(Object.is(got[i], dtype === "float32" ? Math.fround(want[i]) : want[i]) || (got[i] === 0 && want[i] === 0), `${shape} ${win} ${select} at ${i}: ${got[i]} vs ${want[i]}`);
    }),
    { numRuns: 60 },
  );
});

test("the routine itself against its reference (poolScatterRef): runs of 1–13 lanes, windows up to 4×4, float32 and float64", () => {
  const b = getBackend();
  for (const dtype of ["float32", "float64"] as const)
    for (const [A, KY, B, KX, L] of [[3, 2, 5, 2, 13], [2, 4, 3, 4, 4], [1, 3, 1, 1, 1], [4, 2, 7, 2, 32], [2, 1, 3, 3, 6], [5, 2, 1, 2, 2]]) {
      const n = A * KY * B * KX * L;
      const xs = Array.from({ length: n }, (_, i) => ((i * 37) % 11) - 5 + (i % 17 === 3 ? NaN : 0));
      const ss = Array.from({ length: A * B * L }, (_, i) => i - 0.5);
      const x = np.array(xs, { dtype }), s = np.array(ss, { dtype });
      for (const op of ["max", "min"] as const) {
        const p = { outer: A, window: [KY, KX] as [number, number], inner: B, run: L, op };
        const got = new ConcreteArray(b.routine("pool_scatter", [(x as unknown as ConcreteArray).bufOn(b), (s as unknown as ConcreteArray).bufOn(b)], p)[0], new ShapedArray([n], dtype), b);
        const want = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
        poolScatterRef(x.data(), s.data(), want, p);
        assert.deepEqual(Array.from(got.data() as Float32Array), Array.from(want), `${dtype} ${op} [${A},${KY},${B},${KX},${L}]`);
      }
    }
});

test("which windows take the routine: tilings only (no padding, dilation or ragged edge; at most two windowed axes of ≤ 16 taps; float)", () => {
  const pad = (nd: number) => Array.from({ length: nd }, () => [0, 0] as [number, number]);
  const plan = (shape: number[], w: number[], st = w, dtype: "float32" | "int32" = "float32", padding = pad(shape.length)) =>
    poolScatterPlan(new ShapedArray(shape, dtype), { ...rwp(w, st, padding), select: "ge" });
  assert.deepEqual(plan([128, 28, 28, 32], [1, 2, 2, 1]), { outer: 128 * 14, window: [2, 2], inner: 14, run: 32, op: "max" });
  assert.deepEqual(plan([8, 3, 10, 12], [1, 1, 2, 3]), { outer: 8 * 3 * 5, window: [2, 3], inner: 4, run: 1, op: "max" });
  assert.deepEqual(plan([6, 10, 4], [1, 5, 1]), { outer: 12, window: [5, 1], inner: 1, run: 4, op: "max" });
  assert.equal(plan([2, 5, 4, 3], [1, 2, 2, 1]), null); // ragged: 5 rows in windows of 2
  assert.equal(plan([2, 6, 4, 3], [1, 2, 2, 1], [1, 3, 2, 1]), null); // stride beyond the window
  assert.equal(plan([2, 6, 4, 3], [1, 2, 2, 1], undefined, "int32"), null);
  assert.equal(plan([2, 4, 4, 4], [1, 2, 2, 2]), null); // three windowed axes
  assert.equal(plan([2, 10, 10, 1], [1, 5, 5, 1]), null); // 25 taps
  assert.equal(plan([2, 6, 4, 3], [1, 2, 2, 1], undefined, "float32", [[0, 0], [1, 1], [0, 0], [0, 0]]), null);
});

test("maxPool's gradient under jit and vmap, routine on and off: identical bits; checkGrads in float64", () => {
  const x = np.array(Array.from({ length: 2 * 6 * 8 * 5 }, (_, i) => ((i * 29) % 23) / 4 - 2.5), { dtype: "float32" }).reshape([2, 6, 8, 5]);
  const ct = np.array(Array.from({ length: 2 * 3 * 4 * 5 }, (_, i) => i / 7 - 3), { dtype: "float32" }).reshape([2, 3, 4, 5]);
  const loss = (z: NDArray) => np.sum(np.multiply(nn.maxPool(z, [2, 2], { strides: [2, 2] }), ct));
  const run = (routine: boolean) => {
    const saved = reduceWindowTuning.poolScatter;
    reduceWindowTuning.poolScatter = routine;
    try {
      return [grad(loss)(x), jit(grad(loss))(x), vmap(grad((z: NDArray) => np.sum(np.multiply(nn.maxPool(z, [2, 2], { strides: [2, 2] }), ct.get(0)))))(x)].map((a) => Array.from(a.data() as Float32Array));
    } finally {
      reduceWindowTuning.poolScatter = saved;
    }
  };
  const on = run(true), off = run(false);
  assert.deepEqual(on, off);
  assert.deepEqual(on[0], on[1]);
  assert.deepEqual(on[2].slice(0, on[2].length / 2), Array.from(grad((z: NDArray) => np.sum(np.multiply(nn.maxPool(z, [2, 2], { strides: [2, 2] }), ct.get(0))))(x.get(0)).data() as Float32Array));
  // away from ties: distinct values
  const x64 = np.array(Array.from({ length: 1 * 4 * 6 * 3 }, (_, i) => Math.sin(i * 1.7) * 3), { dtype: "float64" }).reshape([1, 4, 6, 3]);
  numeric.checkGrads((z: NDArray) => nn.maxPool(z, [2, 3], { strides: [2, 3] }), [x64], { order: 1 });
  close(grad((z: NDArray) => np.sum(nn.maxPool(z, [2, 2], { strides: [2, 2] })))(np.array([[1, 3], [3, 2]], { dtype: "float64" }).reshape([1, 2, 2, 1])).reshape([4]), [0, 1, 0, 0]);
});
