/**
 * @file The im2col routine (the window gather of a convolution and kn2row's tap sum): wasm against the
 * js reference loops bit for bit (random geometries, strided and contiguous runs, padding, float32 and
 * float64, on one thread and split across threads), and convolutions through it equal to the same
 * convolutions through the generic gather kernels (W9's shapes and other layouts, values and gradients).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { np, lax, vjp, jit, random, getBackend, NDArray } from "../src/index.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { JsBackend } from "../src/backend/js/index.js";
import type { Backend, Im2colParams } from "../src/backend/backend.js";
import { im2colRef, im2colSize } from "../src/backend/im2col_spec.js";
import { convTuning } from "../src/primitives/conv_kernel.js";
import { naiveConv, Cfg } from "./conv_reference.js";

const js = new JsBackend();
const wasms = [new WasmBackend({ threads: 1 }), new WasmBackend({ threads: 2 })];

const paramsArb: fc.Arbitrary<Im2colParams> = fc.record({
  G: fc.integer({ min: 1, max: 2 }), P: fc.integer({ min: 1, max: 3 }), UY: fc.integer({ min: 1, max: 5 }), UX: fc.integer({ min: 1, max: 5 }),
  VY: fc.integer({ min: 1, max: 3 }), VX: fc.integer({ min: 1, max: 3 }), L: fc.integer({ min: 1, max: 9 }),
  su: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2, maxLength: 2 }), sv: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2, maxLength: 2 }),
  lo: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 2, maxLength: 2 }), H: fc.integer({ min: 1, max: 6 }), W: fc.integer({ min: 1, max: 6 }),
  contiguous: fc.boolean(), taps: fc.boolean(), sum: fc.boolean(),
}).map((a) => {
  // the input as [G, P, H, W, L] (contiguous runs) or [G, P, L, H, W] (strided runs); tap strides add a [VY, VX] block
  const tap = a.taps ? [a.VX * a.L, a.L] : [0, 0];
  const blk = (a.taps ? a.VY * a.VX : 1) * a.L;
  const [ys, xs, ls] = a.contiguous ? [a.W * blk, blk, 1] : [a.W, 1, a.H * a.W * (a.taps ? a.VY * a.VX : 1)];
  const ps = a.H * a.W * blk, gs = a.P * ps;
  return {
    outer: [a.G, a.P, a.UY, a.UX], inner: [a.VY, a.VX], run: a.L, strides: [gs, ps, ys, xs, tap[0], tap[1], ls],
    window: [[a.su[0], a.sv[0], a.lo[0]], [a.su[1], a.sv[1], a.lo[1]]], inSize: [a.H, a.W], sum: a.sum,
  } as Im2colParams;
});
/** One past the largest index the routine may read. */
const inputSize = (p: Im2colParams) => {
  const [G, P] = p.outer, [VY, VX] = p.inner, [gs, ps, ys, xs, tys, txs, ls] = p.strides, [H, W] = p.inSize;
  return (G - 1) * gs + (P - 1) * ps + (H - 1) * ys + (W - 1) * xs + (VY - 1) * tys + (VX - 1) * txs + (p.run - 1) * ls + 1;
};

/** The routine's output on backend `b`. */
function runOn(b: Backend, x: Float64Array, dtype: "float32" | "float64", p: Im2colParams): number[] {
  return Array.from(b.read(b.routine("im2col", [b.fromTyped(x, dtype)], p)[0]) as ArrayLike<number>);
}

test("im2col routine: wasm equals the js reference bit for bit (random geometries, runs, padding, tap sums; float32 and float64)", () => {
  fc.assert(fc.property(paramsArb, fc.integer(), (p, seed) => {
    const x = Float64Array.from({ length: inputSize(p) }, (_, i) => Math.sin(i * 12.9898 + seed) * 1e3);
    for (const dtype of ["float32", "float64"] as const) {
      const want = runOn(js, x, dtype, p);
      assert.equal(want.length, im2colSize(p));
      for (const w of wasms) assert.deepEqual(runOn(w, x, dtype, p), want, `${dtype} ${JSON.stringify(p)}`);
    }
  }), { numRuns: 150, seed: 7 });
});

test("im2col routine: hand-computed 1-D window matrix with padding, and its tap sum", () => {
  // x = [1, 2, 3], windows of 2 taps, stride 1, one zero of padding on the left: [[0, 1], [1, 2], [2, 3]]
  const p: Im2colParams = { outer: [1, 1, 1, 3], inner: [1, 2], run: 1, strides: [0, 0, 0, 1, 0, 0, 1], window: [[0, 0, 0], [1, 1, 1]], inSize: [1, 3], sum: false };
  for (const b of [js, ...wasms]) {
    assert.deepEqual(runOn(b, Float64Array.from([1, 2, 3]), "float64", p), [0, 1, 1, 2, 2, 3]);
    assert.deepEqual(runOn(b, Float64Array.from([1, 2, 3]), "float32", { ...p, sum: true }), [1, 3, 5]);
  }
});

test("im2col routine: large geometries split across threads equal one thread", async () => {
  assert.equal(await wasms[1].startThreads(), true);
  // W9's conv2 window matrix at batch 16 ([16, 14, 14, 32] NHWC, 3×3 SAME), and its tap sum of a kn2row product
  const x = Float64Array.from({ length: 16 * 14 * 14 * 32 * 9 }, (_, i) => (i % 97) - 48 + i / 7);
  const gather: Im2colParams = { outer: [1, 16, 14, 14], inner: [3, 3], run: 32, strides: [0, 6272, 448, 32, 0, 0, 1], window: [[1, 1, 1], [1, 1, 1]], inSize: [14, 14], sum: false };
  const sum: Im2colParams = { ...gather, strides: [0, 6272 * 9, 448 * 9, 32 * 9, 96, 32, 1], sum: true };
  for (const p of [gather, sum]) {
    for (const dtype of ["float32", "float64"] as const) {
      const want = runOn(js, x, dtype, p);
      assert.deepEqual(runOn(wasms[1], x, dtype, p), want);
      assert.deepEqual(runOn(wasms[0], x, dtype, p), want);
    }
  }
  const ref = new Float64Array(im2colSize(gather));
  im2colRef(x, ref, gather);
  assert.equal(ref[0], 0); // the top-left tap of the first window is padding
  assert.equal(ref[4 * 32], x[0]); // its centre tap is x[0, 0, 0, 0]
});

/** The convolution, its input gradient and its kernel gradient, with the im2col routine or the generic gather kernels. */
function passes(x: NDArray, w: NDArray, ct: NDArray, conv: (x: NDArray, w: NDArray) => NDArray, slow: boolean): number[][] {
  convTuning.slowIm2col = slow;
  try {
    const f = jit((x: NDArray, w: NDArray, ct: NDArray) => {
      const [y, back] = vjp(conv, x, w);
      return [y, ...back(ct)];
    });
    return (f(x, w, ct) as NDArray[]).map((a) => Array.from(a.data() as ArrayLike<number>));
  } finally {
    convTuning.slowIm2col = false;
  }
}

test("convolutions through the im2col routine equal the generic gather kernels (W9's layers, NCHW, strides, dilation, groups, 1-D; values and both gradients)", () => {
  const k = [...random.split(random.key(3), 3)] as NDArray[];
  const cases: [string, number[], number[], number[], (x: NDArray, w: NDArray) => NDArray][] = [
    ["conv1 NHWC 1→32", [8, 28, 28, 1], [3, 3, 1, 32], [8, 28, 28, 32], (x, w) => lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] })],
    ["conv2 NHWC 32→64", [8, 14, 14, 32], [3, 3, 32, 64], [8, 14, 14, 64], (x, w) => lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] })],
    ["NCHW/OIHW stride 2, dilation 2", [4, 6, 11, 9], [5, 6, 3, 2], [4, 5, 5, 4], (x, w) => lax.convGeneralDilated(x, w, [2, 2], [[1, 2], [0, 1]], { rhsDilation: [2, 2] })],
    ["NHWC feature groups", [4, 9, 9, 8], [3, 3, 4, 6], [4, 9, 9, 6], (x, w) => lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"], featureGroupCount: 2 })],
    ["1-D NWC", [6, 40, 16], [5, 16, 24], [6, 36, 24], (x, w) => lax.convGeneralDilated(x, w, [1], "VALID", { dimensionNumbers: ["NWC", "WIO", "NWC"] })],
  ];
  for (const dtype of ["float32", "float64"] as const) {
    for (const [name, xs, ws, ys, conv] of cases) {
      const x = random.normal(k[0], xs, { dtype }), w = random.normal(k[1], ws, { dtype }), ct = random.normal(k[2], ys, { dtype });
      const fast = passes(x, w, ct, conv, false), slow = passes(x, w, ct, conv, true);
      assert.deepEqual(fast[0].length, ys.reduce((a, b) => a * b, 1), name);
      fast.forEach((f, i) => {
        // the window matrix is the same data (identical products); kn2row's tap sums may round differently in float32
        const tol = dtype === "float32" ? 1e-5 : 1e-12;
        const scale = slow[i].reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        f.forEach((v, j) => assert.ok(Math.abs(v - slow[i][j]) <= tol * scale, `${name} ${dtype} output ${i}[${j}]: ${v} vs ${slow[i][j]}`));
      });
    }
  }
});

test("the generic gather kernels still equal a direct loop (1-D and 2-D, where the routine is used by default)", () => {
  const cfgs: Cfg[] = [
    { lshape: [2, 7, 3], rshape: [3, 3, 4], strides: [2], padding: [[1, 2]], lhsDilation: [1], rhsDilation: [2], dn: { lhs: [0, 2, 1], rhs: [2, 1, 0], out: [0, 2, 1] }, fg: 1, bg: 1 },
    { lshape: [2, 4, 5, 6], rshape: [6, 2, 3, 2], strides: [1, 2], padding: [[1, 1], [0, 1]], lhsDilation: [1, 1], rhsDilation: [1, 1], dn: { lhs: [0, 1, 2, 3], rhs: [0, 1, 2, 3], out: [0, 1, 2, 3] }, fg: 2, bg: 1 },
    { lshape: [4, 5, 5, 3], rshape: [3, 3, 3, 4], strides: [1, 1], padding: [[1, 1], [1, 1]], lhsDilation: [1, 1], rhsDilation: [1, 1], dn: { lhs: [0, 3, 1, 2], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] }, fg: 1, bg: 2 },
  ];
  const ints = (n: number, s: number) => Array.from({ length: n }, (_, i) => ((i * 7 + s * 3) % 9) - 4);
  for (const force of ["im2col", "kn2row"] as const) {
    convTuning.force = force;
    convTuning.slowIm2col = true;
    try {
      for (const c of cfgs) {
        const l = ints(c.lshape.reduce((a, b) => a * b, 1), 1), r = ints(c.rshape.reduce((a, b) => a * b, 1), 2);
        const want = naiveConv(l, r, c);
        const got = lax.convGeneralDilated(np.array(l, { shape: c.lshape, dtype: "float64" }), np.array(r, { shape: c.rshape, dtype: "float64" }), c.strides, c.padding, {
          lhsDilation: c.lhsDilation, rhsDilation: c.rhsDilation, dimensionNumbers: c.dn, featureGroupCount: c.fg, batchGroupCount: c.bg,
        });
        assert.deepEqual(got.shape, want.shape);
        assert.deepEqual(Array.from(got.data() as ArrayLike<number>), want.data, `${force} ${JSON.stringify(c)}`);
      }
    } finally {
      convTuning.force = null;
      convTuning.slowIm2col = false;
    }
  }
  assert.ok(getBackend());
});
