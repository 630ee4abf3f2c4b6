/**
 * @file lax.reduceWindow and the reduce_window / select_and_{gather,scatter}_add primitives: values
 * against a naive reference over random windows (ranks 1–3 plus batch/feature axes, strides, padding,
 * dilations, float32/float64/int32) and against numbers from NumPy and PyTorch (computed offline);
 * the tie and NaN rules; derivatives by checkGrads in float64; the inner-product identity of the
 * linear primitives; vmap and jit; bad arguments.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DType, NDArray, grad, jit, jvp, lax, nn, np, numeric, vjp, vmap } from "../src/index.js";
import { seededRandom } from "../src/numeric/check.js";
import { selectAndGatherAdd, selectAndScatterAdd, bindReduceWindow } from "../src/primitives/reduce_window.js";
import { reduceWindowTuning } from "../src/primitives/reduce_window_kernel.js";
import { RWParams, naiveReduceWindow, naiveSelectGather, naiveSelectScatter, rwp } from "./reduce_window_reference.js";
import { close } from "./util.js";

const f64 = (v: number[] | number[][], dtype: DType = "float64") => np.array(v, { dtype });
/** The test matrix: (3i² − 7j + 2ij) mod 11 − 5 + j/4, 6×7, distinct enough for max/min. */
const X = f64(Array.from({ length: 6 }, (_, i) => Array.from({ length: 7 }, (_, j) => ((((3 * i * i - 7 * j + 2 * i * j) % 11) + 11) % 11) - 5 + 0.25 * j)));
const flat = (a: NDArray) => ([a.toArray()] as unknown[]).flat(Infinity) as number[];

test("values against NumPy (sliding_window_view, offline): max and sum with SAME padding, min with window dilation, sum with base dilation", () => {
  close(lax.reduceWindow(X, -Infinity, lax.max, [3, 3], [2, 2], "SAME"), [[4.25, 5.75, 5.75, 5.25], [4.25, 4.25, 5.25, 6.5], [4.0, 2.75, 6.0, 6.5]]);
  close(lax.reduceWindow(X, 0, lax.add, [3, 3], [2, 2], "SAME"), [[-3.25, 13.5, 5.0, 8.25], [-1.25, 4.5, 2.0, 20.25], [-0.5, 3.0, 19.0, 11.5]]);
  close(lax.reduceWindow(X, Infinity, lax.min, [2, 2], [1, 3], "VALID", null, [2, 1]), [[-5, -4], [-2, -3], [-4, -4], [-3.75, -3]]);
  const bd = lax.reduceWindow(X, 0, lax.add, [2, 2], [1, 1], [[1, 0], [0, 0]], [2, 1]);
  assert.deepEqual(bd.shape, [11, 6]);
  close(bd.get(0), [-5.75, 2.75, 0.25, -2.25, 6.25, 3.75]);
  close(bd.get(10), [0.25, -4.25, 2.25, 8.75, 4.25, -0.25]);
  close(bd.get(5), [0.25, 5.75, 0.25, -5.25, 0.25, 5.75]);
  // float32 gives the same numbers (all exactly representable)
  close(lax.reduceWindow(X.astype("float32"), -Infinity, lax.max, [3, 3], [2, 2], "SAME"), [[4.25, 5.75, 5.75, 5.25], [4.25, 4.25, 5.25, 6.5], [4.0, 2.75, 6.0, 6.5]]);
});

test("values against PyTorch (offline): avg_pool2d(3, stride 2, padding 1, count_include_pad=False) is nn.avgPool", () => {
  const y = nn.avgPool(X.reshape([1, 6, 7, 1]), [3, 3], { strides: [2, 2], padding: [[1, 1], [1, 1]], countIncludePad: false });
  close(y.reshape([3, 4]), [[-0.875, 1.5, 1.0, 0.625], [0.2916666666666667, 1.0555555555555556, -0.7777777777777778, 1.2083333333333333], [-0.20833333333333334, -0.16666666666666666, 1.1111111111111112, 2.375]], 1e-15);
});

test("ties: the whole derivative goes to the first maximum in row-major window order (matches PyTorch's max_pool2d backward, offline)", () => {
  const xt = f64([[0, 3, 1, 4, 2, 0, 3], [3, 3, 3, 3, 3, 3, 3], [2, 4, 1, 3, 0, 2, 4], [2, 1, 0, 4, 3, 2, 1], [3, 4, 0, 1, 2, 3, 4], [0, 3, 1, 4, 2, 0, 3]]);
  const w = np.arange(1, 43, 1, { dtype: "float64" }).reshape([6, 7]);
  const f = (z: NDArray) => np.sum(np.multiply(lax.reduceWindow(z, -Infinity, lax.max, [3, 3], [1, 1], [[1, 1], [1, 1]]), w));
  close(grad(f)(xt), [[0, 3, 0, 45, 0, 0, 13], [0, 0, 0, 0, 0, 0, 0], [0, 134, 0, 0, 0, 0, 123], [0, 0, 0, 184, 0, 0, 0], [0, 170, 0, 0, 0, 0, 152], [0, 0, 0, 79, 0, 0, 0]]);
  // forward mode picks the same elements (select_and_gather_add), and min picks the first minimum
  const [, dy] = jvp((z: NDArray) => lax.reduceWindow(z, -Infinity, lax.max, [3, 3], [1, 1], [[1, 1], [1, 1]]), [xt], [w]);
  close(dy, naiveSelectGather(flat(w), flat(xt), [6, 7], rwp([3, 3], [1, 1], [[1, 1], [1, 1]]), "ge").data);
  assert.equal((dy.get(0, 0).item() as number), 2); // window (0, 0) holds 3 at (0, 1) and (1, 0): the first, (0, 1), has w = 2
  const g1 = grad((z: NDArray) => np.sum(lax.reduceWindow(z, Infinity, lax.min, [1, 2], [1, 2])))(f64([[2, 2, 1, 1, 5]]));
  close(g1, [[1, 0, 1, 0, 0]]);
});

test("NaN: a window holding a NaN gives NaN and passes no derivative; −∞ padding; a window of padding only is the identity", () => {
  const x = f64([[1, NaN, 2, 3], [0, 0, 5, 1]]);
  const f = (z: NDArray) => lax.reduceWindow(z, -Infinity, lax.max, [2, 2], [2, 2]);
  close(f(x), [[NaN, 5]]);
  close(grad((z: NDArray) => np.sum(f(z)))(x), [[0, 0, 0, 0], [0, 0, 1, 0]]);
  close(lax.reduceWindow(f64([1, 2]), -Infinity, lax.max, [2], [1], [[3, 0]]), [-Infinity, -Infinity, 1, 2]);
  close(lax.reduceWindow(f64([1, 2]), Infinity, lax.min, [1], [1], [[1, 1]]), [Infinity, 1, 2, Infinity]);
  close(lax.reduceWindow(f64([1, NaN]), 0, lax.add, [2], [1], [[0, 1]]), [NaN, NaN]);
});

test("random windows of rank 1–3 (with batch and feature axes) match the naive reference, float32, float64 and int32", () => {
  const rand = seededRandom(11);
  const ri = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  for (let trial = 0; trial < 36; trial++) {
    const ns = 1 + (trial % 3);
    const spatial = Array.from({ length: ns }, () => ri(1, 6));
    const shape = [ri(1, 2), ...spatial, ri(1, 3)];
    const win = [1, ...spatial.map(() => ri(1, 3)), 1];
    const p: RWParams = rwp(win, [1, ...spatial.map(() => ri(1, 3)), 1], [[0, 0], ...spatial.map((): [number, number] => [ri(0, 2), ri(0, 2)]), [0, 0]],
      [1, ...spatial.map(() => (rand() < 0.25 ? 2 : 1)), 1], [1, ...spatial.map(() => (rand() < 0.25 ? 2 : 1)), 1]);
    const dtype: DType = (["float32", "float64", "int32"] as DType[])[trial % 3];
    const n = shape.reduce((a, b) => a * b, 1);
    const data = Array.from({ length: n }, () => (dtype === "int32" ? ri(-9, 9) : Math.fround(rand() * 4 - 2)));
    const x = np.array(data, { dtype }).reshape(shape);
    for (const op of ["sum", "max", "min"] as const) {
      const ident = op === "sum" ? 0 : op === "max" ? -Infinity : Infinity;
      const comp = op === "sum" ? lax.add : op === "max" ? lax.max : lax.min;
      const want = naiveReduceWindow(data, shape, p, op);
      // windows entirely of padding hold the identity: ±∞ for floats, the extreme int32 for int32
      const expect = want.data.map((v) => (dtype === "int32" && !Number.isFinite(v) ? (v > 0 ? 2147483647 : -2147483648) : v));
      const got = lax.reduceWindow(x, ident, comp, p.windowDimensions, p.windowStrides, p.padding, p.baseDilation, p.windowDilation);
      assert.deepEqual(got.shape, want.shape, `trial ${trial} ${op}: shape`);
      close(got, expect, dtype === "float32" ? 1e-6 : 1e-14);
    }
    if (dtype === "int32") continue;
    // the selections: first maximum / minimum, by the reference
    const out = naiveReduceWindow(data, shape, p, "sum").shape;
    const m = out.reduce((a, b) => a * b, 1);
    const t = Array.from({ length: n }, () => Math.fround(rand() * 2 - 1)), s = Array.from({ length: m }, () => Math.fround(rand() * 2 - 1));
    for (const sel of ["ge", "le"] as const) {
      const sp = { ...p, select: sel };
      close(selectAndGatherAdd(np.array(t, { dtype }).reshape(shape), x, sp), naiveSelectGather(t, data, shape, p, sel).data, 1e-6);
      if (m > 0) close(selectAndScatterAdd(np.array(s, { dtype }).reshape(out), x, sp), naiveSelectScatter(s, data, shape, p, sel).data, 1e-6);
    }
  }
});

test("checkGrads (float64, away from ties): sum, max, min with padding, strides and dilations, and max pooling layers", () => {
  const rand = seededRandom(5);
  const x = f64(Array.from({ length: 5 }, () => Array.from({ length: 6 }, () => rand() * 4 - 2)));
  const cfgs: [number[], number[], [number, number][], number[], number[]][] = [
    [[2, 3], [1, 2], [[1, 0], [1, 1]], [1, 1], [1, 1]],
    [[2, 2], [2, 1], [[0, 1], [2, 0]], [2, 1], [1, 2]],
    [[3, 1], [1, 1], [[1, 1], [0, 0]], [1, 1], [2, 1]],
  ];
  for (const [w, s, pad, bd, wd] of cfgs) {
    for (const [init, comp] of [[0, lax.add], [-Infinity, lax.max], [Infinity, lax.min]] as const) {
      numeric.checkGrads((z: NDArray) => np.sum(np.sin(lax.reduceWindow(z, init, comp, w, s, pad, bd, wd))), [x], { order: 2 });
    }
  }
  // a non-identity init: max(window, c) and Σ window + c·(padded taps + 1)
  numeric.checkGrads((z: NDArray) => np.sum(np.square(lax.reduceWindow(z, 0.5, lax.max, [2, 2], [1, 1], "SAME"))), [x], { order: 1 });
  numeric.checkGrads((z: NDArray) => np.sum(np.square(lax.reduceWindow(z, 0.5, lax.add, [2, 2], [1, 1], "SAME"))), [x], { order: 1 });
  const x4 = x.reshape([1, 5, 6, 1]);
  numeric.checkGrads((z: NDArray) => np.sum(np.tanh(nn.maxPool(z, [3, 2], { strides: [2, 1], padding: "SAME" }))), [x4], { order: 1 });
  numeric.checkGrads((z: NDArray) => np.sum(np.tanh(nn.avgPool(z, [3, 2], { strides: [2, 1], padding: "SAME", countIncludePad: false }))), [x4], { order: 1 });
});

/** ⟨a, b⟩ over all elements. */
const dot = (a: NDArray, b: NDArray) => np.sum(np.multiply(a, b)).item() as number;

test("the linear primitives are transposes: ⟨rws(x), c⟩ = ⟨x, rwsᵀ(c)⟩, ⟨sga(t, x), s⟩ = ⟨t, ssa(s, x)⟩", () => {
  const rand = seededRandom(3);
  const arr = (shape: number[]) => np.array(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rand() * 2 - 1), { dtype: "float64" }).reshape(shape);
  const cfgs: RWParams[] = [
    rwp([2, 3], [1, 2], [[1, 0], [1, 1]]),
    rwp([2, 2], [2, 1], [[0, 1], [2, 0]], [2, 1], [1, 2]),
    rwp([3, 2], [3, 2], [[0, 2], [-1, 1]]),
    rwp([1, 2, 2], [1, 2, 2], [[0, 0], [0, 0], [0, 0]]),
  ];
  for (const p of cfgs) {
    const shape = p.windowDimensions.length === 2 ? [5, 6] : [2, 4, 6];
    const x = arr(shape);
    const y = bindReduceWindow("sum", x, p);
    const c = arr(y.shape);
    const [, back] = vjp((z: NDArray) => bindReduceWindow("sum", z, p), x);
    const [xt] = back(c) as NDArray[];
    assert.ok(Math.abs(dot(y, c) - dot(x, xt)) < 1e-12, `reduce_window_sum ${JSON.stringify(p)}`);
    for (const select of ["ge", "le"] as const) {
      const sp = { ...p, select };
      const t = arr(shape), s = arr(y.shape);
      const lhs = dot(selectAndGatherAdd(t, x, sp), s), rhs = dot(t, selectAndScatterAdd(s, x, sp));
      assert.ok(Math.abs(lhs - rhs) < 1e-12, `select_and_{gather,scatter}_add ${select} ${JSON.stringify(p)}: ${lhs} vs ${rhs}`);
      // and the transposes the rules produce are these: vjp of sga w.r.t. t is ssa, of ssa w.r.t. s is sga
      const [, bg] = vjp((u: NDArray) => selectAndGatherAdd(u, x, sp), t);
      close((bg(s) as NDArray[])[0], flat(selectAndScatterAdd(s, x, sp)), 1e-15);
      const [, bs] = vjp((u: NDArray) => selectAndScatterAdd(u, x, sp), s);
      close((bs(t) as NDArray[])[0], flat(selectAndGatherAdd(t, x, sp)), 1e-15);
    }
  }
});

test("vmap (the batching rules) and jit agree with a loop and with eager, forward and backward", () => {
  const rand = seededRandom(9);
  const xs = np.array(Array.from({ length: 3 * 5 * 6 }, () => rand() * 4 - 2), { dtype: "float64" }).reshape([3, 5, 6]);
  const f = (z: NDArray) => lax.reduceWindow(z, -Infinity, lax.max, [2, 3], [1, 2], [[1, 0], [1, 1]]);
  const g = (z: NDArray) => grad((u: NDArray) => np.sum(np.sin(f(u))))(z);
  const h = (z: NDArray) => lax.reduceWindow(z, 0, lax.add, [2, 2], [2, 1], [[0, 1], [2, 0]], [2, 1], [1, 2]);
  for (const fn of [f, g, h]) {
    const loop = [0, 1, 2].map((i) => flat(fn(xs.get(i))));
    close(vmap(fn)(xs), loop, 1e-15);
    close(vmap(fn, { inAxes: 2, outAxes: 1 })(np.moveaxis(xs, 0, 2)), flat(np.moveaxis(np.stack(loop.map((_, i) => fn(xs.get(i)))), 0, 1)), 1e-15);
    close(jit(fn)(xs.get(1)), loop[1], 1e-15);
  }
  // both operands of the selections batched, or only one
  const sp = { ...rwp([2, 3], [1, 2], [[1, 0], [1, 1]]), select: "ge" as const };
  const x0 = xs.get(0);
  close(vmap((t: NDArray) => selectAndGatherAdd(t, x0, sp))(xs), [0, 1, 2].map((i) => flat(selectAndGatherAdd(xs.get(i), x0, sp))), 1e-15);
  close(vmap((x: NDArray) => selectAndGatherAdd(x0, x, sp))(xs), [0, 1, 2].map((i) => flat(selectAndGatherAdd(x0, xs.get(i), sp))), 1e-15);
  const s = f(xs.get(2));
  close(vmap((x: NDArray) => selectAndScatterAdd(s, x, sp))(xs), [0, 1, 2].map((i) => flat(selectAndScatterAdd(s, xs.get(i), sp))), 1e-15);
  // a pooling layer's gradient under jit equals the eager one
  const x4 = xs.reshape([1, 3, 5, 6]).transpose([0, 2, 3, 1]);
  const loss = (z: NDArray) => np.sum(np.square(nn.maxPool(z, [2, 2], { strides: [2, 2], padding: "SAME" })));
  close(jit(grad(loss))(x4), flat(grad(loss)(x4)), 1e-15);
});

test("bad arguments name lax.reduceWindow, what was given and what was expected", () => {
  const x = f64([[1, 2], [3, 4]]);
  assert.throws(() => lax.reduceWindow(x, 0, (a: NDArray) => a, [2, 2]), /lax\.reduceWindow: computation must be lax\.add, lax\.max or lax\.min .*got a function; other computations are not supported/);
  assert.throws(() => lax.reduceWindow(x, 0, lax.add, [2]), /lax\.reduceWindow: windowDimensions must be 2 integers ≥ 1 \(one per axis of the operand of shape \[2,2\]\), got \[2\]/);
  assert.throws(() => lax.reduceWindow(x, 0, lax.add, [2, 2], [0, 1]), /lax\.reduceWindow: windowStrides must be 2 integers ≥ 1 \(one per operand axis\), got \[0,1\]/);
  assert.throws(() => lax.reduceWindow(x, 0, lax.add, [2, 2], [1, 1], "FULL" as "SAME"), /lax\.reduceWindow: padding must be "SAME", "SAME_LOWER", "VALID" or \[lo, hi\] pairs, got "FULL"/);
  assert.throws(() => lax.reduceWindow(x, 0, lax.add, [2, 2], [1, 1], [[0, 0]]), /lax\.reduceWindow: padding must be .* 2 integer \[lo, hi\] pairs, got \[\[0,0\]\]/);
  assert.throws(() => lax.reduceWindow(x, 0, lax.add, [2, 2], [1, 1], [[-3, 0], [0, 0]]), /lax\.reduceWindow: padding \[-3,0\] crops axis 0 below size 0/);
  assert.throws(() => lax.reduceWindow(x, f64([0, 0]), lax.add, [2, 2]), /lax\.reduceWindow: initValue must be a scalar, got an array of shape \[2\]/);
  assert.throws(() => lax.reduceWindow(x, np.array(0, { dtype: "float32" }), lax.add, [2, 2]), /lax\.reduceWindow: initValue dtype float32 differs from the operand's float64/);
  assert.throws(() => lax.reduceWindow(np.array([[true]]), 0, lax.add, [1, 1]), /lax\.reduceWindow: bool operand/);
  assert.throws(() => (lax.reduceWindow as (...a: unknown[]) => unknown)(x, 0, lax.add, [1, 1], [1, 1], "VALID", [1, 1], [1, 1], 7), /lax\.reduceWindow: expected at most 8 arguments/);
  // the primitives check their operands too
  const sp = { ...rwp([2, 2], [1, 1], [[0, 0], [0, 0]]), select: "ge" as const };
  assert.throws(() => selectAndScatterAdd(f64([[1, 2]]), x, sp), /select_and_scatter_add: source of shape \[1,2\], expected \[1,1\]/);
  assert.throws(() => selectAndGatherAdd(np.array([[1, 2], [3, 4]], { dtype: "float32" }), x, sp), /select_and_gather_add: tangents and operand dtypes differ: float32 vs float64/);
  assert.throws(() => selectAndGatherAdd(x, x, { ...sp, select: "gt" as "ge" }), /select_and_gather_add: select must be "ge" or "le", got "gt"/);
});

test("scalar float max/min (strided operands, reductions, windows) keep IEEE semantics: NaN wins, max(−0, +0) = +0, min = −0", () => {
  for (const dtype of ["float32", "float64"] as DType[]) {
    const a = np.array([-0, 0, 0, -0, NaN, 1, 2, NaN, -Infinity, 3], { dtype }), b = np.array([0, -0, 0, -0, 1, NaN, 2, NaN, 5, Infinity], { dtype });
    // reversed views are not contiguous: the scalar code path
    const mx = np.flip(jit((u: NDArray, v: NDArray) => np.maximum(np.flip(u), np.flip(v)))(a, b)).data() as Float64Array;
    const mn = np.flip(jit((u: NDArray, v: NDArray) => np.minimum(np.flip(u), np.flip(v)))(a, b)).data() as Float64Array;
    const wantMax = [0, 0, 0, -0, NaN, NaN, 2, NaN, 5, Infinity], wantMin = [-0, -0, 0, -0, NaN, NaN, 2, NaN, -Infinity, 3];
    wantMax.forEach((w, i) => assert.ok(Object.is(mx[i], w), `${dtype} max element ${i}: ${mx[i]} vs ${w}`));
    wantMin.forEach((w, i) => assert.ok(Object.is(mn[i], w), `${dtype} min element ${i}: ${mn[i]} vs ${w}`));
    const pair = np.stack([a, b], 1);
    const rmax = lax.reduceWindow(pair, -Infinity, lax.max, [1, 2]).data() as Float64Array;
    wantMax.forEach((w, i) => assert.ok(Object.is(rmax[i], w), `${dtype} window max ${i}: ${rmax[i]} vs ${w}`));
    const rmin = np.min(pair, 1).data() as Float64Array;
    wantMin.forEach((w, i) => assert.ok(Object.is(rmin[i], w), `${dtype} reduce min ${i}: ${rmin[i]} vs ${w}`));
  }
});

test("non-overlapping windows (the elementwise gather/scatter kernels): exact tilings, ragged edges, strides beyond the window, padding", () => {
  const rand = seededRandom(21);
  const cfgs: [number[], RWParams][] = [
    [[2, 4, 6, 3], rwp([1, 2, 3, 1], [1, 2, 3, 1], [[0, 0], [0, 0], [0, 0], [0, 0]])],
    [[2, 5, 7, 3], rwp([1, 2, 2, 1], [1, 2, 2, 1], [[0, 0], [0, 0], [0, 0], [0, 0]])],
    [[3, 7, 2], rwp([1, 2, 1], [1, 3, 1], [[0, 0], [0, 0], [0, 0]])],
    [[2, 5, 5, 2], rwp([1, 2, 2, 1], [1, 2, 2, 1], [[0, 0], [1, 0], [0, 1], [0, 0]])],
    [[4, 6], rwp([2, 2], [2, 2], [[-1, 0], [0, -1]])],
  ];
  for (const [shape, p] of cfgs) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = Array.from({ length: n }, () => rand() * 4 - 2);
    const x = np.array(data, { dtype: "float64" }).reshape(shape);
    const out = naiveReduceWindow(data, shape, p, "max").shape;
    const m = out.reduce((a, b) => a * b, 1);
    const s = Array.from({ length: m }, () => rand() * 2 - 1);
    for (const select of ["ge", "le"] as const) {
      close(selectAndScatterAdd(np.array(s, { dtype: "float64" }).reshape(out), x, { ...p, select }), naiveSelectScatter(s, data, shape, p, select).data, 1e-15);
      close(selectAndGatherAdd(x, x, { ...p, select }), naiveSelectGather(data, data, shape, p, select).data, 1e-15);
    }
  }
});

test("both kernel forms — windows unrolled into one expression, or a reduction loop — agree with the reference, NaN and padding included", () => {
  const rand = seededRandom(33);
  const saved = reduceWindowTuning.unrollTaps;
  try {
    for (const [pass, unroll] of [[0, 0], [1, 64]] as const) {
      reduceWindowTuning.unrollTaps = unroll;
      // shapes differ per pass: compiled kernels are cached by shape and params
      const shape = [2 + pass, 5, 6];
      const p = rwp([1, 2, 3], [1, 1, 2], [[0, 0], [1, 0], [1, 1]]);
      const n = shape.reduce((a, b) => a * b, 1);
      const data = Array.from({ length: n }, (_, i) => (i % 17 === 5 ? NaN : i % 13 === 0 ? -Infinity : rand() * 4 - 2));
      const x = np.array(data, { dtype: "float64" }).reshape(shape);
      close(bindReduceWindow("max", x, p), naiveReduceWindow(data, shape, p, "max").data);
      close(bindReduceWindow("min", x, p), naiveReduceWindow(data, shape, p, "min").data);
      const out = naiveReduceWindow(data, shape, p, "max").shape, m = out.reduce((a, b) => a * b, 1);
      const t = Array.from({ length: n }, () => rand()), src = Array.from({ length: m }, () => rand());
      for (const select of ["ge", "le"] as const) {
        close(selectAndGatherAdd(np.array(t, { dtype: "float64" }).reshape(shape), x, { ...p, select }), naiveSelectGather(t, data, shape, p, select).data, 1e-15);
        close(selectAndScatterAdd(np.array(src, { dtype: "float64" }).reshape(out), x, { ...p, select }), naiveSelectScatter(src, data, shape, p, select).data, 1e-15);
      }
    }
  } finally {
    reduceWindowTuning.unrollTaps = saved;
  }
});
