/**
 * @file topK, cummax, cummin, searchsorted and unique: values worked out by hand as NumPy/JAX give
 * them (ties, NaNs, negative and repeated values), dtypes, gradients (checkGrads and analytic), jit
 * and vmap against eager, and error messages.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { NDArray, NestedArray, np, grad, jvp, jit, vmap, checkGrads } from "../src/index.js";
import { check } from "./util.js";

const f64 = (v: NestedArray) => np.array(v, { dtype: "float64" });
const i32 = (v: NestedArray) => np.array(v, { dtype: "int32" });

describe("topK", () => {
  test("values and indices along the last axis; ties lower index first; NaN largest", () => {
    const [v, i] = np.topK(i32([1, 5, -3, 5, 2]), 3);
    check(v, [3], [5, 5, 2], "int32");
    check(i, [3], [1, 3, 4], "int32");
    const [v2, i2] = np.topK(np.array([[3, 1, 2], [0, 0, -1]]), 2);
    check(v2, [2, 2], [[3, 2], [0, 0]], "float32");
    check(i2, [2, 2], [[0, 2], [0, 1]], "int32");
    const [v3, i3] = np.topK(f64([1, NaN, -Infinity, 3]), 4);
    check(v3, [4], [NaN, 3, 1, -Infinity], "float64");
    check(i3, [4], [1, 3, 0, 2]);
    const [v0, i0] = np.topK(f64([1, 2]), 0);
    check(v0, [0], []);
    check(i0, [0], []);
  });
  test("gradient lands on the chosen elements", () => {
    const w = f64([100, 10, 1]);
    const g = grad((x: NDArray) => np.sum(np.topK(x, 3)[0].mul(w)))(f64([2, 7, -1, 4]));
    check(g, [4], [1, 100, 0, 10], "float64"); // top 3 of [2, 7, -1, 4]: positions [1, 3, 0]
    const [y, dy] = jvp((x: NDArray) => np.topK(x, 2)[0], [f64([2, 7, 4])], [f64([0.2, 0.7, 0.4])]);
    check(y, [2], [7, 4]);
    check(dy, [2], [0.7, 0.4]);
    checkGrads((x: NDArray) => np.topK(x, 2)[0], [f64([[0.3, -1.2, 2.5, 0.9], [1.1, 0.4, -0.7, 2.2]])]);
  });
  test("jit and vmap agree with eager", () => {
    const x = f64([[3, 9, 1, 9], [4, -2, 8, 0], [5, 5, 5, 5]]);
    const [ve, ie] = np.topK(x, 2);
    const [vj, ij] = jit((a: NDArray) => np.topK(a, 2))(x);
    const [vv, iv] = vmap((a: NDArray) => np.topK(a, 2))(x);
    const [vt, it] = vmap((a: NDArray) => np.topK(a, 2), { inAxes: 1, outAxes: 0 })(np.transpose(x));
    for (const [v, i] of [[vj, ij], [vv, iv], [vt, it]]) {
      check(v, [3, 2], ve.toArray());
      check(i, [3, 2], ie.toArray());
    }
    check(ie, [3, 2], [[1, 3], [2, 0], [0, 1]]);
  });
  test("along any axis: values, indices, negative axis, 3-D, ties, empty", () => {
    const x = f64([[3, 9, 1], [4, -2, 8], [5, 5, 0], [7, 1, 8]]);
    for (const axis of [0, -2]) {
      const [v, i] = np.topK(x, 2, { axis });
      check(v, [2, 3], [[7, 9, 8], [5, 5, 8]], "float64");
      check(i, [2, 3], [[3, 0, 1], [2, 2, 3]], "int32");
    }
    const [vl, il] = np.topK(x, 1, { axis: -1 });
    check(vl, [4, 1], [[9], [8], [5], [8]]);
    check(il, [4, 1], [[1], [2], [0], [2]]);
    // [2, 3, 2] along the middle axis
    const y = i32([[[1, 6], [3, 2], [3, 4]], [[0, 0], [-1, 5], [2, 5]]]);
    const [v3, i3] = np.topK(y, 2, { axis: 1 });
    check(v3, [2, 2, 2], [[[3, 6], [3, 4]], [[2, 5], [0, 5]]], "int32");
    check(i3, [2, 2, 2], [[[1, 0], [2, 2]], [[2, 1], [0, 2]]], "int32");
    const [ve, ie] = np.topK(np.zeros([0, 3]), 0, { axis: 0 });
    check(ve, [0, 3], []);
    check(ie, [0, 3], []);
  });
  test("along an axis: grad, checkGrads, jit and vmap", () => {
    const x = f64([[0.3, -1.2, 2.5], [1.1, 0.4, -0.7], [0.2, 2.2, 0.9]]);
    checkGrads((a: NDArray) => np.topK(a, 2, { axis: 0 })[0], [x]);
    const w = f64([[100, 10, 1], [1000, 20, 2]]);
    check(grad((a: NDArray) => np.sum(np.topK(a, 2, { axis: 0 })[0].mul(w)))(x), [3, 3], [[1000, 0, 1], [100, 20, 0], [0, 10, 2]], "float64");
    const [ve, ie] = np.topK(x, 2, { axis: 0 });
    const [vj, ij] = jit((a: NDArray) => np.topK(a, 2, { axis: 0 }))(x);
    check(vj, [2, 3], ve.toArray());
    check(ij, [2, 3], ie.toArray());
    // vmap over the columns with topK along each column's only axis = topK along axis 0
    const [vv, iv] = vmap((c: NDArray) => np.topK(c, 2, { axis: 0 }), { inAxes: 1, outAxes: 1 })(x);
    check(vv, [2, 3], ve.toArray());
    check(iv, [2, 3], ie.toArray());
    // vmap over a leading batch with the axis of each [3, 3] slice
    const b = np.stack([x, np.negative(x)]);
    const [vb] = vmap((m: NDArray) => np.topK(m, 1, { axis: 0 }))(b);
    check(vb, [2, 1, 3], [[[1.1, 2.2, 2.5]], [[-0.2, 1.2, 0.7]]]);
  });
  test("along an axis: errors", () => {
    const x = f64([[1, 2, 3]]);
    assert.throws(() => np.topK(x, 2, { axis: 0 }), /np\.topK: k = 2 is larger than axis 0 of shape \[1,3\] \(1\)/);
    assert.throws(() => np.topK(x, 1, { axis: 2 }), /np\.topK: axis 2 is out of bounds for an array of rank 2/);
    assert.throws(() => (np.topK as any)(x, 1, { axis: 1.5 }), /np\.topK: axis must be an integer, got 1\.5/);
    assert.throws(() => (np.topK as any)(x, 1, { axes: 0 }), /np\.topK: unknown option "axes"; expected one of: axis/);
    assert.throws(() => (np.topK as any)(x, 1, 0), /np\.topK: argument opts must be an options object \{ axis \}, got 0/);
  });
  test("errors", () => {
    assert.throws(() => np.topK(f64([1, 2, 3]), 4), /topK: k = 4 is larger than the last axis of shape \[3\] \(3\)/);
    assert.throws(() => np.topK(f64([1, 2]), -1), /topK: k must be a non-negative integer, got -1/);
    assert.throws(() => np.topK(np.array(3), 1), /topK: needs an array of rank ≥ 1/);
  });
});

describe("cummax and cummin", () => {
  test("values (NumPy's maximum.accumulate), axes, flattening, NaN propagation", () => {
    check(np.cummax(f64([1, 3, 2, 5, -4])), [5], [1, 3, 3, 5, 5], "float64");
    check(np.cummin(f64([1, 3, 2, 5, -4])), [5], [1, 1, 1, 1, -4], "float64");
    const a = i32([[4, -1, 6], [2, 7, 0]]);
    check(np.cummax(a, 0), [2, 3], [[4, -1, 6], [4, 7, 6]], "int32");
    check(np.cummax(a, 1), [2, 3], [[4, 4, 6], [2, 7, 7]], "int32");
    check(np.cummin(a, -1), [2, 3], [[4, -1, -1], [2, 2, 0]], "int32");
    check(np.cummax(a), [6], [4, 4, 6, 6, 7, 7], "int32");
    check(np.cummax(np.array([-2147483648, -5], { dtype: "int32" })), [2], [-2147483648, -5]);
    check(np.cummin(np.array([4, 7, 1], { dtype: "uint32" })), [3], [4, 4, 1], "uint32");
    check(np.cummax(np.array([false, true, false])), [3], [0, 1, 1], "int32");
    check(np.cummax(f64([1, NaN, 5])), [3], [1, NaN, NaN]);
    check(np.cummin(np.array([2, -Infinity, NaN, 0])), [4], [2, -Infinity, NaN, NaN], "float32");
  });
  test("gradient goes to the running-max positions; two-way ties split ½/½ as JAX", () => {
    const w = f64([1, 10, 100, 1000, 10000]);
    // x = [1, 4, 2, 6, 3]: running max positions [0, 1, 1, 3, 3]
    check(grad((x: NDArray) => np.sum(np.cummax(x).mul(w)))(f64([1, 4, 2, 6, 3])), [5], [1, 110, 0, 11000, 0]);
    // running min positions of [5, 2, 3, 1, 1.5]: [0, 1, 1, 3, 3]
    check(grad((x: NDArray) => np.sum(np.cummin(x).mul(w)))(f64([5, 2, 3, 1, 1.5])), [5], [1, 110, 0, 11000, 0]);
    // a tie: cummax([1, 3, 2, 3])[3] = max(x1, x3) shares ½ between them (jax.lax.max's rule)
    check(grad((x: NDArray) => np.sum(np.cummax(x).mul(f64([1, 10, 100, 1000]))))(f64([1, 3, 2, 3])), [4], [1, 610, 0, 500]);
    check(grad((x: NDArray) => np.cummax(x).get(1))(f64([2, 2])), [2], [0.5, 0.5]);
    checkGrads((x: NDArray) => np.cummax(x, 1), [f64([[0.3, -1.2, 2.5, 0.9, 3.1], [1.1, 0.4, -0.7, 2.2, 1.7]])]);
    checkGrads((x: NDArray) => np.cummin(x, 0), [f64([[0.3, -1.2, 2.5], [-0.1, 0.4, 3.3], [-2.0, 0.6, 1.2]])]);
  });
  test("jit and vmap agree with eager", () => {
    const x = f64([[3, 1, 4, 1, 5], [9, 2, 6, 5, 3]]);
    check(jit((a: NDArray) => np.cummax(a, 1))(x), [2, 5], np.cummax(x, 1).toArray());
    check(vmap((a: NDArray) => np.cummin(a))(x), [2, 5], np.cummin(x, 1).toArray());
    check(vmap((a: NDArray) => np.cummax(a), { inAxes: 1, outAxes: 1 })(x), [2, 5], np.cummax(x, 0).toArray());
    check(jit(grad((a: NDArray) => np.sum(np.cummax(a))))(f64([1, 4, 2, 6, 3])), [5], [1, 2, 0, 2, 0]);
  });
  test("errors", () => {
    assert.throws(() => np.cummax(f64([[1]]), 2), /cummax: axis 2 is out of bounds for an array of rank 2/);
    assert.throws(() => np.cummin(f64([1]), 1), /cummin: axis 1 is out of bounds/);
  });
});

describe("searchsorted", () => {
  test("left and right sides, duplicates, ends (NumPy)", () => {
    const a = f64([-1, 2, 2, 2, 5]);
    check(np.searchsorted(a, f64([2, -3, 5, 7, 0])), [5], [1, 0, 4, 5, 1], "int32");
    check(np.searchsorted(a, f64([2, -3, 5, 7, 0]), { side: "right" }), [5], [4, 0, 5, 5, 1], "int32");
    check(np.searchsorted(a, 2), [], 1, "int32");
    check(np.searchsorted(i32([1, 3, 3, 8]), i32([[3, 9], [0, 4]]), { side: "right" }), [2, 2], [[3, 4], [0, 3]], "int32");
    check(np.searchsorted(i32([1, 3]), 2.5), [], 1); // the weak float promotes, as NumPy's comparison would
    check(np.searchsorted(f64([]), f64([1, 2])), [2], [0, 0], "int32");
  });
  test("NaNs sort last (NumPy)", () => {
    const a = f64([1, 2, NaN, NaN]);
    check(np.searchsorted(a, f64([NaN, 2, Infinity])), [3], [2, 1, 2]);
    check(np.searchsorted(a, f64([NaN, 2, Infinity]), { side: "right" }), [3], [4, 2, 2]);
  });
  test("jit and vmap (batched a, batched v, both) agree with a loop", () => {
    const as = f64([[0, 1, 2, 3], [-5, -5, 0, 10]]);
    const vs = f64([[1.5, 3], [-5, 11]]);
    for (const side of ["left", "right"] as const) {
      const f = (a: NDArray, v: NDArray) => np.searchsorted(a, v, { side });
      const both = vmap(f)(as, vs);
      const onlyA = vmap(f, { inAxes: [0, null] })(as, vs.get(0));
      const onlyV = vmap(f, { inAxes: [null, 0] })(as.get(1), vs);
      for (let b = 0; b < 2; b++) {
        check(both.get(b), [2], f(as.get(b), vs.get(b)).toArray());
        check(onlyA.get(b), [2], f(as.get(b), vs.get(0)).toArray());
        check(onlyV.get(b), [2], f(as.get(1), vs.get(b)).toArray());
      }
      check(jit(f)(as.get(1), vs.get(1)), [2], f(as.get(1), vs.get(1)).toArray());
    }
    check(vmap((a: NDArray, v: NDArray) => np.searchsorted(a, v))(as, vs), [2, 2], [[2, 3], [0, 4]]);
  });
  test("errors", () => {
    assert.throws(() => np.searchsorted(f64([[1, 2]]), 1), /searchsorted: a must be 1-D, got shape \[1,2\]/);
    assert.throws(() => np.searchsorted(f64([1, 2]), 1, { side: "middle" as "left" }), /searchsorted: side must be "left" or "right", got "middle"/);
  });
});

describe("unique", () => {
  test("sorted unique values of the flattened input; NaNs collapse to one (equal_nan)", () => {
    check(np.unique(i32([[3, -1], [3, 2]])), [3], [-1, 2, 3], "int32");
    check(np.unique(f64([2, NaN, -0.5, NaN, 2])), [3], [-0.5, 2, NaN], "float64");
    check(np.unique(np.array([true, false, true])), [2], [false, true], "bool");
    check(np.unique(np.array([4, 4, 4])), [1], [4], "float32");
    check(np.unique(i32([])), [0], []);
  });
  test("returnIndex, returnInverse, returnCounts (NumPy)", () => {
    const x = i32([[3, 1], [3, 2], [1, 3]]);
    const [v, idx, inv, counts] = np.unique(x, { returnIndex: true, returnInverse: true, returnCounts: true });
    check(v, [3], [1, 2, 3], "int32");
    check(idx, [3], [1, 3, 0], "int32"); // first occurrences in the flattened input
    check(inv, [3, 2], [[2, 0], [2, 1], [0, 2]], "int32"); // input's shape (NumPy 2 / JAX)
    check(counts, [3], [2, 1, 3], "int32");
    const [v2, c2] = np.unique(f64([NaN, 1, NaN]), { returnCounts: true });
    check(v2, [2], [1, NaN]);
    check(c2, [2], [1, 2]);
  });
  test("static size: truncation and padding (default fill: smallest unique value, as JAX)", () => {
    const x = f64([5, -2, 5, 7]);
    check(np.unique(x, { size: 5 }), [5], [-2, 5, 7, -2, -2]);
    check(np.unique(x, { size: 5, fillValue: 0 }), [5], [-2, 5, 7, 0, 0]);
    check(np.unique(x, { size: 2 }), [2], [-2, 5]);
    const [v, idx, inv, counts] = np.unique(x, { size: 4, fillValue: -9, returnIndex: true, returnInverse: true, returnCounts: true });
    check(v, [4], [-2, 5, 7, -9]);
    check(idx, [4], [1, 0, 3, 1]); // padded indices point at the smallest value's first occurrence
    check(inv, [4], [1, 0, 1, 2]);
    check(counts, [4], [1, 2, 1, 0]);
    check(np.unique(x, { size: 2, returnCounts: true })[1], [2], [1, 2]);
    check(np.unique(f64([]), { size: 2, fillValue: 3 }), [2], [3, 3]);
  });
  test("jit, vmap and grad need size, and agree with eager", () => {
    const x = f64([[4, 1, 4, 0], [2, 2, 2, 2]]);
    const f = (a: NDArray) => np.unique(a, { size: 3, returnCounts: true, returnInverse: true });
    const [vj, ij, cj] = jit(f)(x.get(0));
    const [ve, ie, ce] = f(x.get(0));
    check(vj, [3], ve.toArray());
    check(ij, [4], ie.toArray());
    check(cj, [3], ce.toArray());
    const [vv, iv, cv] = vmap(f)(x);
    check(vv, [2, 3], [[0, 1, 4], [2, 2, 2]]);
    check(iv, [2, 4], [[2, 1, 2, 0], [0, 0, 0, 0]]);
    check(cv, [2, 3], [[1, 1, 2], [4, 0, 0]]);
    // the values are gathered from x: their cotangents flow back to each value's first occurrence
    const g = grad((a: NDArray) => np.sum(np.unique(a, { size: 3 }).mul(f64([1, 10, 100]))))(f64([4, 1, 4, 0]));
    check(g, [4], [100, 10, 0, 1]);
  });
  test("errors", () => {
    assert.throws(() => jit((a: NDArray) => np.unique(a))(f64([1, 2])), /unique: the number of unique values depends on the data, but the input .* is traced inside a transformation; pass a static \{ size \}/);
    assert.throws(() => vmap((a: NDArray) => np.unique(a))(f64([[1, 2]])), /unique: the number of unique values depends on the data/);
    assert.throws(() => np.unique(f64([1]), { size: -1 }), /unique: size must be a non-negative integer, got -1/);
    assert.throws(() => np.unique(f64([]), { size: 2 }), /unique: cannot pad an empty input to size 2 without a fillValue/);
  });
});
