/**
 * @file lax.gather and the lax.scatter family with JAX's dimension numbers: the canonical forms as
 * NumPy-style tables (x[idx], x[:, idx], x[i, j] pairs, windows, batched / take-along-axis), every mode
 * with out-of-bounds indices, dtypes, an element-by-element reference (test/lax_gather_reference.ts) on
 * random layouts, derivatives by checkGrads in float64, jit and vmap, and errors naming the field.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, checkGrads, grad, jit, lax, np, vmap } from "../src/index.js";
import { check, close } from "./util.js";
import { Flat, GatherDN, ScatterDN, refGather, refScatter } from "./lax_gather_reference.js";

const f64 = (v: unknown) => np.array(v as number[], { dtype: "float64" });
const i32 = (v: unknown) => np.array(v as number[], { dtype: "int32" });
const X53 = () => np.arange(15, { dtype: "float64" }).reshape([5, 3]); // x[i, j] = 3i + j
const TAKE0: GatherDN = { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] }; // x[idx] on rows
const SET1D: ScatterDN = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] }; // x.at[idx]

test("lax.gather: x[idx], x[:, idx], x[i, j] pairs, permuted startIndexMap, windows", () => {
  check(lax.gather(X53(), i32([[4], [1], [1]]), TAKE0, [1, 3]), [3, 3], [[12, 13, 14], [3, 4, 5], [3, 4, 5]], "float64");
  // x[:, idx]: the index batch dim goes last because offsetDims = [0]
  check(lax.gather(X53(), i32([[2], [0]]), { offsetDims: [0], collapsedSliceDims: [1], startIndexMap: [1] }, [5, 1]), [5, 2], [[2, 0], [5, 3], [8, 6], [11, 9], [14, 12]]);
  // x[rows, cols] with index vectors (i, j), and the same with the vector read as (j, i)
  check(lax.gather(X53(), i32([[0, 2], [4, 1], [2, 2]]), { offsetDims: [], collapsedSliceDims: [0, 1], startIndexMap: [0, 1] }, [1, 1]), [3], [2, 13, 8]);
  check(lax.gather(X53(), i32([[2, 0], [1, 4]]), { offsetDims: [], collapsedSliceDims: [0, 1], startIndexMap: [1, 0] }, [1, 1]), [2], [2, 13]);
  // 2×2 windows at (1, 0) and (3, 1), nothing collapsed: out [2, 2, 2]
  check(lax.gather(X53(), i32([[1, 0], [3, 1]]), { offsetDims: [1, 2], collapsedSliceDims: [], startIndexMap: [0, 1] }, [2, 2]), [2, 2, 2], [[[3, 4], [6, 7]], [[10, 11], [13, 14]]]);
  // windows of 2 rows placed first (offsetDims [0, 1]) from a 2-d grid of index vectors: out [2, 3, 2, 2]
  const w = lax.gather(X53(), i32([[[0], [3]], [[1], [2]]]), { offsetDims: [0, 1], collapsedSliceDims: [], startIndexMap: [0] }, [2, 3]);
  assert.deepEqual(w.shape, [2, 3, 2, 2]);
  check(lax.gather(w, i32([[0, 0, 1, 0]]), { offsetDims: [], collapsedSliceDims: [0, 1, 2, 3], startIndexMap: [0, 1, 2, 3] }, [1, 1, 1, 1]), [1], [3]); // w[0, 0, 1, 0] = x[1 + 0, 0]
  // a scalar index vector of length 0: every batch entry takes the whole (window) operand
  check(lax.gather(f64([1, 2]), np.zeros([3, 0], { dtype: "int32" }), { offsetDims: [1], collapsedSliceDims: [], startIndexMap: [] }, [2]), [3, 2], [[1, 2], [1, 2], [1, 2]]);
});

test("lax.gather: batching dims (take_along_axis) — out[b, k] = x[b, idx[b, k]], and batch dims in the middle", () => {
  const x = f64([[10, 11, 12], [20, 21, 22]]);
  const dn: GatherDN = { offsetDims: [], collapsedSliceDims: [1], startIndexMap: [1], operandBatchingDims: [0], startIndicesBatchingDims: [0] };
  check(lax.gather(x, i32([[[2], [0]], [[1], [1]]]), dn, [1, 1]), [2, 2], [[12, 10], [21, 21]]);
  // indices batch dim 1 paired with operand dim 0: idx [K=2, B=2, 1]
  const dn2: GatherDN = { offsetDims: [], collapsedSliceDims: [1], startIndexMap: [1], operandBatchingDims: [0], startIndicesBatchingDims: [1] };
  check(lax.gather(x, i32([[[2], [1]], [[0], [1]]]), dn2, [1, 1]), [2, 2], [[12, 21], [10, 21]]);
});

test("lax.gather modes: fill (default: NaN / int32 min / uint32 max / true), fillValue, clip, promise_in_bounds; per-window bounds", () => {
  const idx = i32([[4], [-1], [5], [2]]);
  const dn: GatherDN = { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0] };
  check(lax.gather(f64([0, 1, 2, 3, 4]), idx, dn, [1]), [4], [4, NaN, NaN, 2], "float64");
  check(lax.gather(np.array([0, 1, 2, 3, 4]), idx, dn, [1]), [4], [4, NaN, NaN, 2], "float32");
  check(lax.gather(i32([0, 1, 2, 3, 4]), idx, dn, [1]), [4], [4, -2147483648, -2147483648, 2], "int32");
  check(lax.gather(np.array([0, 1, 2, 3, 4], { dtype: "uint32" }), idx, dn, [1]), [4], [4, 4294967295, 4294967295, 2], "uint32");
  check(lax.gather(np.array([false, false, false, false, false]), idx, dn, [1]), [4], [false, true, true, false], "bool");
  check(lax.gather(f64([0, 1, 2, 3, 4]), idx, dn, [1], { fillValue: -7 }), [4], [4, -7, -7, 2]);
  check(lax.gather(i32([0, 1, 2, 3, 4]), idx, dn, [1], { mode: "drop", fillValue: 9 }), [4], [4, 9, 9, 2], "int32");
  check(lax.gather(f64([0, 1, 2, 3, 4]), idx, dn, [1], { mode: "clip" }), [4], [4, 0, 4, 2]);
  check(lax.gather(f64([0, 1, 2, 3, 4]), idx, dn, [1], { mode: "promise_in_bounds" }), [4], [4, 0, 4, 2]);
  // uint32 indices: huge values are out of bounds, not wrapped
  check(lax.gather(f64([0, 1, 2]), np.array([[4294967295], [1]], { dtype: "uint32" }), dn, [1]), [2], [NaN, 1]);
  check(lax.gather(f64([0, 1, 2]), np.array([[4294967295], [1]], { dtype: "uint32" }), dn, [1], { mode: "clip" }), [2], [2, 1]);
  // a window of 2 starting at 4 of 5 leaves the operand: filled whole (fill) or moved to start 3 (clip)
  const win: GatherDN = { offsetDims: [1], collapsedSliceDims: [], startIndexMap: [0] };
  check(lax.gather(f64([0, 1, 2, 3, 4]), i32([[4], [3]]), win, [2]), [2, 2], [[NaN, NaN], [3, 4]]);
  check(lax.gather(f64([0, 1, 2, 3, 4]), i32([[4], [3]]), win, [2], { mode: "clip" }), [2, 2], [[3, 4], [3, 4]]);
});

/** A small deterministic generator for the random layouts. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 4294967296) * n);
  };
}
const toFlat = (a: NDArray): Flat => ({ shape: [...a.shape], data: ([a.toArray()] as unknown[]).flat(Infinity) as number[] });

/** A random gather layout over an operand of rank 2–3 (with a batching dim half of the time). */
function randomGather(r: (n: number) => number) {
  const rank = 2 + r(2);
  const shape = Array.from({ length: rank }, () => 1 + r(4));
  const batching = r(2) === 1;
  const opBatch = batching ? [0] : [];
  const free = shape.map((_, d) => d).filter((d) => !opBatch.includes(d));
  const startMap = free.filter(() => r(2) === 1);
  if (startMap.length === 0) startMap.push(free[0]);
  startMap.reverse(); // any order
  const collapsed = startMap.filter(() => r(2) === 1).sort((a, b) => a - b);
  const sliceSizes = shape.map((s, d) => (collapsed.includes(d) || opBatch.includes(d) ? 1 : 1 + r(s)));
  const nb = 1 + r(2);
  const batchShape = Array.from({ length: nb }, () => 1 + r(3));
  if (batching) batchShape[nb - 1] = shape[0];
  const idxShape = [...batchShape, startMap.length];
  const idxData = Array.from({ length: idxShape.reduce((a, b) => a * b, 1) }, () => r(7) - 1); // −1 … 5: some out of bounds
  const windows = shape.length - collapsed.length - opBatch.length;
  const outRank = nb + windows;
  const offsetDims = Array.from({ length: outRank }, (_, i) => i).filter(() => r(2) === 1).slice(0, windows);
  for (let p = outRank - 1; offsetDims.length < windows; p--) if (!offsetDims.includes(p)) offsetDims.push(p);
  offsetDims.sort((a, b) => a - b);
  const dn: GatherDN = { offsetDims, collapsedSliceDims: collapsed, startIndexMap: startMap, operandBatchingDims: opBatch, startIndicesBatchingDims: batching ? [nb - 1] : [] };
  return { shape, idx: { shape: idxShape, data: idxData }, dn, sliceSizes };
}

test("lax.gather matches the element-by-element reference on 60 random layouts (fill and clip; float64 and int32)", () => {
  const r = lcg(7);
  for (let t = 0; t < 60; t++) {
    const { shape, idx, dn, sliceSizes } = randomGather(r);
    const n = shape.reduce((a, b) => a * b, 1);
    const dtype = t % 2 ? "int32" : "float64";
    const x = np.arange(n, { dtype }).reshape(shape);
    const ia = i32(idx.data).reshape(idx.shape);
    for (const mode of ["fill", "clip"] as const) {
      const want = refGather(toFlat(x), idx, dn, sliceSizes, mode, dtype === "int32" ? -2147483648 : NaN);
      const got = lax.gather(x, ia, dn, sliceSizes, { mode });
      assert.deepEqual(got.shape, want.shape, `case ${t} ${mode}: ${JSON.stringify(dn)}`);
      close(got, want.data, 0);
    }
  }
});

test("lax.gather: derivatives in float64 (w.r.t. the operand: the transpose scatter-adds), jit and vmap", () => {
  const x = f64([[0.5, -1, 2], [3, 0.25, -2], [1.5, 4, -0.5]]);
  const idx = i32([[2, 0], [0, 1], [2, 0], [5, 0]]); // a duplicate and an out-of-bounds window
  const dn: GatherDN = { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0, 1] };
  const w = f64([[1, 2], [3, 4], [5, 6], [7, 8]]);
  checkGrads((op: NDArray) => lax.gather(op, idx, dn, [1, 2], { fillValue: 0 }).mul(w).sum(), [x]);
  checkGrads((op: NDArray) => lax.gather(op, idx, dn, [1, 2], { mode: "clip" }).sin(), [x]);
  // the gradient scatters the weights back: rows 2 (twice) and 0; the filled window contributes nothing
  close(grad((op: NDArray) => lax.gather(op, idx, dn, [1, 2], { fillValue: 0 }).mul(w).sum())(x), [[0, 3, 4], [0, 0, 0], [6, 8, 0]]);
  const g = (op: NDArray, ix: NDArray) => lax.gather(op, ix, TAKE0, [1, 3]);
  const ops = np.arange(30, { dtype: "float64" }).reshape([2, 5, 3]);
  const ixs = i32([[[4], [0]], [[1], [7]]]);
  close(jit(g)(X53(), ixs.get(0)), g(X53(), ixs.get(0)).toArray() as number[][]);
  close(vmap(g, { inAxes: [0, null] })(ops, ixs.get(0)), [0, 1].map((b) => g(ops.get(b), ixs.get(0)).toArray()));
  close(vmap(g, { inAxes: [null, 0] })(X53(), ixs), [0, 1].map((b) => g(X53(), ixs.get(b)).toArray()));
  close(vmap(g)(ops, ixs), [0, 1].map((b) => g(ops.get(b), ixs.get(b)).toArray()));
  close(jit(vmap(g))(ops, ixs), [0, 1].map((b) => g(ops.get(b), ixs.get(b)).toArray()));
});

test("lax.gather: bad dimension numbers and arguments name lax.gather and the field", () => {
  const x = X53();
  const ix = i32([[1]]);
  const bad: [() => unknown, RegExp][] = [
    [() => lax.gather(x, ix, { offsetDims: [2], collapsedSliceDims: [0], startIndexMap: [0] }, [1, 3]), /lax\.gather: dimensionNumbers\.offsetDims entry 2 is out of range for an output of rank 2/],
    [() => lax.gather(x, ix, { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] }, [2, 3]), /lax\.gather: dimensionNumbers\.collapsedSliceDims: operand dim 0 has slice size 2; a collapsed dim must have slice size 1/],
    [() => lax.gather(x, ix, { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0, 1] }, [1, 3]), /lax\.gather: dimensionNumbers\.startIndexMap has 2 entries but the index vectors .* have 1/],
    [() => lax.gather(x, ix, { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [2] }, [1, 3]), /lax\.gather: dimensionNumbers\.startIndexMap entry 2 is out of range for an operand of rank 2/],
    [() => lax.gather(x, ix, { offsetDims: [1, 2], collapsedSliceDims: [], startIndexMap: [0] }, [1, 6]), /lax\.gather: sliceSizes\[1\] = 6 exceeds operand dim 1 of size 3/],
    [() => lax.gather(x, ix, { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] }, [1]), /lax\.gather: sliceSizes must be 2 non-negative integers/],
    [() => lax.gather(x, ix, { offsetDims: [2, 1], collapsedSliceDims: [], startIndexMap: [0] }, [1, 3]), /lax\.gather: dimensionNumbers\.offsetDims \[2,1\] must be sorted/],
    [() => lax.gather(x, ix, { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0], operandBatchingDims: [1] }, [1, 1]), /lax\.gather: dimensionNumbers\.operandBatchingDims \[1\] and startIndicesBatchingDims \[\] must have the same length/],
    [() => lax.gather(x, np.array([[1]]), TAKE0, [1, 3]), /lax\.gather: startIndices must be int32 or uint32, got float32/],
    [() => lax.gather(x, i32(1), TAKE0, [1, 3]), /lax\.gather: startIndices must have rank ≥ 1/],
    [() => lax.gather(x, ix, TAKE0, [1, 3], { mode: "wrap" as never }), /lax\.gather: mode must be "clip", "fill", "drop" or "promise_in_bounds", got "wrap"/],
    [() => lax.gather(i32([1, 2]), ix, { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0] }, [1], { fillValue: 0.5 }), /lax\.gather: fillValue 0\.5 is not a int32 value/],
    [() => (lax.gather as any)(x, ix, { ...TAKE0, offsetDim: [1] }, [1, 3]), /lax\.gather: unknown option "offsetDim"/],
    [() => (lax.gather as any)(x, ix, TAKE0, [1, 3], { fill: 0 }), /lax\.gather: unknown option "fill"/],
  ];
  bad.forEach(([f, re], i) => assert.throws(f, re, `case ${i}`));
});

// ---- scatter ----

const COMBINE = {
  scatter: (_a: number, b: number) => b,
  scatterAdd: (a: number, b: number) => a + b,
  scatterSub: (a: number, b: number) => a - b,
  scatterMul: (a: number, b: number) => a * b,
  scatterMin: (a: number, b: number) => Math.min(a, b),
  scatterMax: (a: number, b: number) => Math.max(a, b),
};
type ScatterName = keyof typeof COMBINE;
const NAMES = Object.keys(COMBINE) as ScatterName[];

test("lax.scatter family: x.at[idx].set/add/sub/mul/min/max with duplicates (the last set wins) and dropped out-of-bounds updates", () => {
  const x = f64([1, 2, 3, 4, 5]);
  const idx = i32([[1], [3], [1], [9], [-1]]);
  const u = f64([10, 20, 30, 40, 50]);
  const want: Record<ScatterName, number[]> = {
    scatter: [1, 30, 3, 20, 5],
    scatterAdd: [1, 42, 3, 24, 5],
    scatterSub: [1, -38, 3, -16, 5],
    scatterMul: [1, 600, 3, 80, 5],
    scatterMin: [1, 2, 3, 4, 5],
    scatterMax: [1, 30, 3, 20, 5],
  };
  const clip: Record<ScatterName, number[]> = {
    scatter: [50, 30, 3, 20, 40],
    scatterAdd: [51, 42, 3, 24, 45],
    scatterSub: [-49, -38, 3, -16, -35],
    scatterMul: [50, 600, 3, 80, 200],
    scatterMin: [1, 2, 3, 4, 5],
    scatterMax: [50, 30, 3, 20, 40],
  };
  for (const name of NAMES) {
    check(lax[name](x, idx, u, SET1D), [5], want[name], "float64");
    check(lax[name](x, idx, u, SET1D, { mode: "drop" }), [5], want[name]);
    check(lax[name](x, idx, u, SET1D, { mode: "clip" }), [5], clip[name]);
  }
  // rows: x.at[idx].add(rows) with updateWindowDims [1]
  const rows: ScatterDN = { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
  check(lax.scatterAdd(np.zeros([3, 2], { dtype: "int32" }), i32([[2], [0], [2]]), i32([[1, 2], [3, 4], [5, 6]]), rows), [3, 2], [[3, 4], [0, 0], [6, 8]], "int32");
  check(lax.scatterMin(np.full([3, 2], 4, { dtype: "int32" }), i32([[2], [0], [2]]), i32([[1, 7], [3, 4], [5, 6]]), rows), [3, 2], [[3, 4], [4, 4], [1, 4]], "int32");
  // x.at[:, idx].set(cols) / .mul(cols): windows first in the updates, a repeated column (whole windows sorted)
  const cols: ScatterDN = { updateWindowDims: [0], insertedWindowDims: [1], scatterDimsToOperandDims: [1] };
  const x23 = f64([[1, 2, 3], [4, 5, 6]]), ic = i32([[2], [0], [2]]), uc = f64([[10, 20, 30], [40, 50, 60]]);
  check(lax.scatter(x23, ic, uc, cols), [2, 3], [[20, 2, 30], [50, 5, 60]]);
  check(lax.scatterMul(x23, ic, uc, cols), [2, 3], [[20, 2, 900], [200, 5, 14400]]);
  check(lax.scatterMax(x23, ic, f64([[0, 20, -1], [9, 1, 2]]), cols), [2, 3], [[20, 2, 3], [4, 5, 9]]);
  // a window of 2 that would start at 4 of 5 is dropped whole (drop) or moved to start 3 (clip)
  const win: ScatterDN = { updateWindowDims: [1], insertedWindowDims: [], scatterDimsToOperandDims: [0] };
  check(lax.scatterAdd(np.zeros([5]), i32([[4], [0]]), np.array([[1, 2], [3, 4]]), win), [5], [3, 4, 0, 0, 0], "float32");
  check(lax.scatterAdd(np.zeros([5]), i32([[4], [0]]), np.array([[1, 2], [3, 4]]), win, { mode: "clip" }), [5], [3, 4, 0, 1, 2]);
  // bool: scatter, min (and), max (or); uint32
  const b = np.array([true, false, true]);
  check(lax.scatter(b, i32([[1], [2]]), np.array([true, false]), SET1D), [3], [true, true, false], "bool");
  check(lax.scatterMin(b, i32([[0], [1]]), np.array([false, true]), SET1D), [3], [false, false, true], "bool");
  check(lax.scatterMax(b, i32([[1], [1]]), np.array([false, true]), SET1D), [3], [true, true, true], "bool");
  check(lax.scatterMax(np.array([1, 2], { dtype: "uint32" }), i32([[0]]), np.array([4000000000], { dtype: "uint32" }), SET1D), [2], [4000000000, 2], "uint32");
  // uniqueIndices: the same results without the sort
  for (const name of NAMES) check(lax[name](x, i32([[3], [0]]), f64([7, 8]), SET1D, { uniqueIndices: true }), [5], lax[name](x, i32([[3], [0]]), f64([7, 8]), SET1D).toArray() as number[]);
  // a scalar update for a scalar window
  check(lax.scatter(f64([1, 2]), i32([1]), 9, SET1D), [2], [1, 9]);
});

test("lax.scatter with batching dims: put_along_axis — out[b, idx[b, k]] ⊕= u[b, k]", () => {
  const dn: ScatterDN = { updateWindowDims: [], insertedWindowDims: [1], scatterDimsToOperandDims: [1], operandBatchingDims: [0], scatterIndicesBatchingDims: [0] };
  const x = f64([[0, 0, 0], [1, 1, 1]]);
  check(lax.scatterAdd(x, i32([[[2], [2]], [[0], [1]]]), f64([[5, 6], [7, 8]]), dn), [2, 3], [[0, 0, 11], [8, 9, 1]]);
  check(lax.scatter(x, i32([[[2], [2]], [[0], [1]]]), f64([[5, 6], [7, 8]]), dn), [2, 3], [[0, 0, 6], [7, 8, 1]]);
});

/** A random scatter layout mirroring randomGather: the update shape is the gather output shape. */
function randomScatter(r: (n: number) => number) {
  const g = randomGather(r);
  const { dn, sliceSizes, idx, shape } = g;
  const batchShape = idx.shape.slice(0, -1);
  const windows = shape.map((_, d) => d).filter((d) => !dn.collapsedSliceDims.includes(d) && !(dn.operandBatchingDims ?? []).includes(d));
  const outRank = batchShape.length + windows.length;
  const uShape: number[] = [];
  for (let p = 0, b = 0; p < outRank; p++) uShape.push(dn.offsetDims.includes(p) ? sliceSizes[windows[dn.offsetDims.indexOf(p)]] : batchShape[b++]);
  const sdn: ScatterDN = { updateWindowDims: dn.offsetDims, insertedWindowDims: dn.collapsedSliceDims, scatterDimsToOperandDims: dn.startIndexMap, operandBatchingDims: dn.operandBatchingDims, scatterIndicesBatchingDims: dn.startIndicesBatchingDims };
  return { shape, idx, dn: sdn, uShape };
}

test("lax.scatter family matches the in-order reference on 40 random layouts (drop and clip)", () => {
  const r = lcg(11);
  for (let t = 0; t < 40; t++) {
    const { shape, idx, dn, uShape } = randomScatter(r);
    const n = shape.reduce((a, b) => a * b, 1), m = uShape.reduce((a, b) => a * b, 1);
    const xData = Array.from({ length: n }, () => r(9) - 4);
    const uData = Array.from({ length: m }, () => r(9) - 4);
    const x = i32(xData).reshape(shape), u = i32(uData).reshape(uShape), ia = i32(idx.data).reshape(idx.shape);
    for (const name of NAMES) {
      for (const mode of ["drop", "clip"] as const) {
        const want = refScatter({ shape, data: xData }, idx, { shape: uShape, data: uData }, dn, COMBINE[name], mode);
        close(lax[name](x, ia, u, dn, { mode }), want.data, 0);
      }
    }
  }
});

test("lax.scatter family: derivatives in float64 (operand and updates), jit and vmap", () => {
  const x = f64([0.5, -1.5, 2, 3, -0.25]);
  const idxU = i32([[3], [0], [9]]); // unique (and one dropped)
  const idxD = i32([[1], [3], [1]]); // a duplicate
  const u = f64([1.25, -0.75, 2.5]);
  const w = f64([1, -2, 3, 0.5, 2]);
  for (const name of ["scatterAdd", "scatterSub"] as const) checkGrads((a: NDArray, b: NDArray) => lax[name](a, idxD, b, SET1D).mul(w), [x, u]);
  checkGrads((a: NDArray, b: NDArray) => lax.scatter(a, idxU, b, SET1D, { uniqueIndices: true }).mul(w), [x, u]);
  checkGrads((a: NDArray, b: NDArray) => lax.scatter(a, idxD, b, SET1D).sin(), [x, u]); // last write wins, differentiably
  checkGrads((a: NDArray, b: NDArray) => lax.scatterMul(a, idxD, b, SET1D).mul(w), [x, u]);
  checkGrads((a: NDArray, b: NDArray) => lax.scatterMin(a, idxD, b, SET1D).mul(w), [x, f64([1.25, -0.75, -3])]);
  checkGrads((a: NDArray, b: NDArray) => lax.scatterMax(a, idxD, b, SET1D).mul(w), [x, f64([1.25, 3.5, -3])]);
  // whole rows with a repeated row (the window-sorting path)
  const rows: ScatterDN = { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
  const X2 = f64([[0.5, -1], [2, 3], [-0.25, 1.5]]), ir = i32([[2], [0], [2]]), U2 = f64([[1.25, -0.75], [2.5, 0.5], [-1.5, 2]]);
  for (const name of ["scatter", "scatterMul", "scatterMin", "scatterMax"] as const) checkGrads((a: NDArray, b: NDArray) => lax[name](a, ir, b, rows).sin(), [X2, U2]);
  // hand-checked gradients: set — the overwritten x[1], x[3] get none, the losing duplicate u[0] none
  close(grad((b: NDArray) => lax.scatter(x, idxD, b, SET1D).mul(w).sum())(u), [0, 0.5, -2]);
  close(grad((a: NDArray) => lax.scatter(a, idxD, u, SET1D).mul(w).sum())(x), [1, 0, 3, 0, 2]);
  // mul: ∂/∂u₀ (x₁·u₀·u₂·w₁) = x₁·u₂·w₁
  close(grad((b: NDArray) => lax.scatterMul(x, idxD, b, SET1D).mul(w).sum())(u), [-1.5 * 2.5 * -2, 3 * 0.5, -1.5 * 1.25 * -2]);
  const f = (a: NDArray, ix: NDArray, b: NDArray) => lax.scatterMax(a, ix, b, SET1D);
  const as = f64([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]]), ixs = i32([[[1], [1]], [[4], [0]]]), bs = f64([[7, 9], [0, 6]]);
  const loop = (ib: (i: number) => [NDArray, NDArray, NDArray]) => [0, 1].map((i) => f(...ib(i)).toArray());
  close(jit(f)(as.get(0), ixs.get(0), bs.get(0)), [1, 9, 3, 4, 5]);
  close(vmap(f, { inAxes: [0, null, null] })(as, ixs.get(0), bs.get(0)), loop((i) => [as.get(i), ixs.get(0), bs.get(0)]));
  close(vmap(f, { inAxes: [null, 0, 0] })(as.get(0), ixs, bs), loop((i) => [as.get(0), ixs.get(i), bs.get(i)]));
  close(vmap(f)(as, ixs, bs), loop((i) => [as.get(i), ixs.get(i), bs.get(i)]));
  close(jit(vmap((a: NDArray, ix: NDArray, b: NDArray) => lax.scatterAdd(a, ix, b, SET1D)))(as, ixs, bs), [[1, 18, 3, 4, 5], [11, 4, 3, 2, 1]]);
  // whole-row windows under vmap over all three, and the gradient of a batched row scatter
  const rowSet = (a: NDArray, ix: NDArray, b: NDArray) => lax.scatterMul(a, ix, b, rows);
  const As = np.stack([X2, X2.neg()]), Is = i32([[[2], [0], [2]], [[1], [1], [5]]]), Us = np.stack([U2, U2.mul(2)]);
  close(jit(vmap(rowSet))(As, Is, Us), [0, 1].map((i) => rowSet(As.get(i), Is.get(i), Us.get(i)).toArray()));
  close(grad((b: NDArray) => vmap(rowSet)(As, Is, b).sum())(Us), [0, 1].map((i) => grad((b: NDArray) => rowSet(As.get(i), Is.get(i), b).sum())(Us.get(i)).toArray()));
});

test("lax.scatter: bad dimension numbers and arguments name the function and the field", () => {
  const x = f64([1, 2, 3]);
  const bad: [() => unknown, RegExp][] = [
    [() => lax.scatter(x, i32([[0]]), f64([1]), { updateWindowDims: [0], insertedWindowDims: [0], scatterDimsToOperandDims: [0] }), /lax\.scatter: dimensionNumbers\.updateWindowDims has 1 entries but the operand keeps 0 window dims/],
    [() => lax.scatterAdd(x, i32([[0]]), f64([1]), { updateWindowDims: [], insertedWindowDims: [1], scatterDimsToOperandDims: [0] }), /lax\.scatterAdd: dimensionNumbers\.insertedWindowDims entry 1 is out of range for an operand of rank 1/],
    [() => lax.scatterMul(x, i32([[0]]), f64([1]), { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0, 0] }), /lax\.scatterMul: dimensionNumbers\.scatterDimsToOperandDims \[0,0\] repeats a dimension/],
    [() => lax.scatterMin(x, i32([[0], [1]]), f64([1]), SET1D), /lax\.scatterMin: the scatter dims of updates \[1\] .* have shape \[1\] but the index batch shape .* is \[2\]/],
    [() => lax.scatterMax(x, i32([[0]]), f64([[1, 2, 3, 4]]), { updateWindowDims: [1], insertedWindowDims: [], scatterDimsToOperandDims: [0] }), /lax\.scatterMax: updates dim 1 \(a window of 4\) exceeds operand dim 0 of size 3/],
    [() => lax.scatter(x, i32([[0]]), i32([1]), SET1D), /lax\.scatter: updates dtype int32 differs from the operand's float64/],
    [() => lax.scatterAdd(np.array([true]), i32([[0]]), np.array([true]), SET1D), /lax\.scatterAdd: bool operand/],
    [() => (lax.scatterSub as any)(x, i32([[0]]), f64([1]), { ...SET1D, windowDims: [] }), /lax\.scatterSub: unknown option "windowDims"/],
    [() => (lax.scatter as any)(x, i32([[0]]), f64([1]), SET1D, { fillValue: 0 }), /lax\.scatter: unknown option "fillValue"/],
  ];
  bad.forEach(([f, re], i) => assert.throws(f, re, `case ${i}`));
});
