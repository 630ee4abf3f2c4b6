/**
 * @file np from issue 10: ravelMultiIndex/unravelIndex, isin, lexsort, partition/argpartition (JAX's layout),
 * applyAlongAxis/applyOverAxes. Reference numbers are NumPy 2.4's (or JAX's documented layout), embedded.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { NDArray, NestedArray, checkGrads, jit, np, vmap } from "../src/index.js";
import { check } from "./util.js";

const f64 = (v: NestedArray) => np.array(v, { dtype: "float64" });
const i32 = (v: NestedArray) => np.array(v, { dtype: "int32" });

describe("index arithmetic", () => {
  test("ravelMultiIndex: orders and modes (NumPy)", () => {
    const mi = [[3, 6, 6], [4, 5, 1]];
    check(np.ravelMultiIndex(mi, [7, 6]), [3], [22, 41, 37], "int32");
    check(np.ravelMultiIndex(mi, [7, 6], { order: "F" }), [3], [31, 41, 13]);
    check(np.ravelMultiIndex(mi, [4, 6], { mode: "clip" }), [3], [22, 23, 19]);
    check(np.ravelMultiIndex([[3, 6, -6], [4, 5, 1]], [4, 4], { mode: "wrap" }), [3], [12, 9, 9]);
    check(np.ravelMultiIndex(i32([[1, 2], [0, 1]]), [3, 4]), [2], [4, 9]);
    check(np.ravelMultiIndex([3, 1, 4, 1], [6, 7, 8, 9]), [], [1621]);
    assert.throws(() => np.ravelMultiIndex(mi, [4, 6]), /np.ravelMultiIndex: index 6 is out of bounds for dimension 0 of size 4/);
    assert.throws(() => np.ravelMultiIndex([[1]], [4, 6]), /np.ravelMultiIndex: expected 2 index arrays/);
    assert.throws(() => np.ravelMultiIndex([[0.5], [1]], [4, 6]), /np.ravelMultiIndex: multiIndex\[0\] must be integers, got 0.5/);
    assert.throws(() => jit((a: NDArray) => np.ravelMultiIndex([a, a], [3, 3]))(i32([1])), /mode "raise" needs concrete indices/);
    check(jit((a: NDArray) => np.ravelMultiIndex([a, a], [3, 3], { mode: "clip" }))(i32([1, 5])), [2], [4, 8]);
  });
  test("unravelIndex: JAX wraps negatives and clips", () => {
    const [r, c] = np.unravelIndex([1, 3, 5], [2, 3]);
    check(r, [3], [0, 1, 1], "int32");
    check(c, [3], [1, 0, 2], "int32");
    const [r2, c2] = np.unravelIndex([-1, 100, -100], [2, 3]);
    check(r2, [3], [1, 1, 0]);
    check(c2, [3], [2, 2, 0]);
    assert.deepEqual(np.unravelIndex(1621, [6, 7, 8, 9]).map((t) => t.item()), [3, 1, 4, 1]);
    assert.deepEqual(np.unravelIndex(1621, [6, 7, 8]).map((t) => t.item()), [5, 6, 7]); // clipped to 335
    assert.throws(() => np.unravelIndex(f64([1]), [2]), /np.unravelIndex: indices must be integers, got float64/);
    const back = np.ravelMultiIndex(np.unravelIndex([22, 41, 37], [7, 6]), [7, 6]);
    check(back, [3], [22, 41, 37]);
    check(vmap((i: NDArray) => np.stack(np.unravelIndex(i, [2, 3])))(i32([4, 5])), [2, 2], [[1, 1], [1, 2]]);
  });
});

describe("membership and ordering", () => {
  test("isin (invert, dtypes, empty)", () => {
    check(np.isin([[1, 2], [3, 4]], [2, 5, 4]), [2, 2], [[false, true], [false, true]], "bool");
    check(np.isin(i32([1, 2, 3]), [2], { invert: true }), [3], [true, false, true]);
    check(np.isin([1, 2], []), [2], [false, false]);
    check(jit((a: NDArray) => np.isin(a, i32([0, 2])))(i32([[0, 1, 2]])), [1, 3], [[true, false, true]]);
  });
  test("lexsort (the last key is primary, NumPy)", () => {
    check(np.lexsort([[1, 5, 1, 4, 3, 4, 4], [9, 4, 0, 4, 0, 2, 1]]), [7], [2, 4, 6, 5, 3, 1, 0], "int32");
    check(np.lexsort(i32([[1, 2, 1], [0, 0, 1]])), [3], [0, 1, 2]);
    check(np.lexsort([[[2, 1], [0, 3]]], 0), [2, 2], [[1, 0], [0, 1]]);
    assert.throws(() => np.lexsort([[1, 2], [1]]), /np.lexsort: all keys must have the same shape, got \[2\], \[1\]/);
  });
  test("partition and argpartition (JAX's layout)", () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    // JAX: the kth+1 smallest ascending, then the rest descending; argpartition's rest is in index order
    check(np.partition(x, 3), [8], [1, 1, 2, 3, 9, 6, 5, 4]);
    check(np.argpartition(x, 3), [8], [1, 3, 6, 0, 2, 4, 5, 7], "int32");
    check(np.partition(x, -1), [8], [1, 1, 2, 3, 4, 5, 6, 9]);
    check(np.partition(i32([[3, 1, 2], [0, 5, 4]]), 0, 0), [2, 3], [[0, 1, 2], [3, 5, 4]], "int32");
    check(np.argpartition(i32([[3, 1, 2], [0, 5, 4]]), 1), [2, 3], [[1, 2, 0], [0, 2, 1]]);
    assert.throws(() => np.partition(x, 8), /np.partition: kth 8 is out of bounds for axis 0 of size 8/);
    checkGrads((a: NDArray) => np.partition(a, 1).mul(f64([1, 2, 3, 4])), [f64([0.3, -1, 2, 0.7])]);
    check(vmap((r: NDArray) => np.partition(r, 0))(f64([[2, 1, 3], [9, 8, 7]])), [2, 3], [[1, 3, 2], [7, 9, 8]]);
  });
});

describe("applyAlongAxis and applyOverAxes", () => {
  test("values (NumPy)", () => {
    check(np.applyAlongAxis((r) => r.sum(), 1, [[1, 2], [3, 4]]), [2], [3, 7]);
    const a = np.arange(24).reshape([2, 3, 4]);
    check(np.applyAlongAxis((r) => np.stack([r.max(), r.min()]), 0, a), [2, 3, 4],
      [[[12, 13, 14, 15], [16, 17, 18, 19], [20, 21, 22, 23]], [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]]);
    // the result's dimensions take the place of the axis
    assert.deepEqual(np.applyAlongAxis((r) => np.outer(r, r), 1, a).shape, [2, 3, 3, 4]);
    check(np.applyAlongAxis((r, s: number) => r.mul(s), -1, [[1, 2]], 10), [1, 2], [[10, 20]]);
    check(np.applyOverAxes((b, ax) => np.sum(b, ax), a, [0, 2]), [1, 3, 1], [[[60], [92], [124]]]);
    check(np.applyOverAxes((b, ax) => np.cumsum(b, ax), i32([[1, 2], [3, 4]]), 1), [2, 2], [[1, 3], [3, 7]]);
    assert.throws(() => np.applyOverAxes(() => np.array(1), a, 0), /np.applyOverAxes: f must keep the rank or remove one axis/);
    checkGrads((m: NDArray) => np.applyAlongAxis((r) => r.mul(r).sum(), 0, m), [f64([[1, 2], [3, -4]])]);
  });
});
