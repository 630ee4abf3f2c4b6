/**
 * @file np from issue 10, part II: the remaining jax.numpy gaps. Reference numbers are NumPy's
 * (computed offline with NumPy 1.24 and embedded), or NumPy 2's documented results for its newer
 * functions (unique_*, bitwise_count, isdtype); data-dependent shapes follow JAX's size/fillValue.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { NDArray, NestedArray, checkGrads, grad, jit, np, vmap } from "../src/index.js";
import fc from "fast-check";
import { check, close } from "./util.js";

const f64 = (v: NestedArray) => np.array(v, { dtype: "float64" });
const i32 = (v: NestedArray) => np.array(v, { dtype: "int32" });
const vals = (xs: NDArray[]) => xs.map((x) => x.toArray());

describe("shapes and simple manipulation", () => {
  test("shape, ndim, size, broadcastShapes", () => {
    assert.deepEqual(np.shape([[1, 2, 3]]), [1, 3]);
    assert.deepEqual(np.shape(5), []);
    assert.deepEqual(np.shape(np.zeros([2, 0, 4])), [2, 0, 4]);
    assert.equal(np.ndim(5), 0);
    assert.equal(np.ndim([[[true]]]), 3);
    assert.equal(np.size([[1, 2, 3]]), 3);
    assert.equal(np.size([[1, 2, 3]], 1), 3);
    assert.equal(np.size(np.zeros([2, 5]), -2), 2);
    assert.deepEqual(np.broadcastShapes([3, 1], [4]), [3, 4]);
    assert.deepEqual(np.broadcastShapes([2, 1, 3], [5, 1], 3), [2, 5, 3]);
    assert.deepEqual(np.broadcastShapes(), []);
    assert.throws(() => np.broadcastShapes([2], [3]), /broadcastShapes: shapes \[2\], \[3\] cannot be broadcast/);
    assert.throws(() => np.broadcastShapes([2, -1]), /np.broadcastShapes: each shape must be a non-negative integer or a list of them, got \[2,-1\]/);
  });

  test("fliplr, flipud, rollaxis, permuteDims, concat, rowStack", () => {
    check(np.fliplr([[1, 2], [3, 4]]), [2, 2], [[2, 1], [4, 3]]);
    check(np.flipud(i32([[1, 2], [3, 4]])), [2, 2], [[3, 4], [1, 2]], "int32");
    assert.throws(() => np.fliplr([1, 2]), /np.fliplr: the input must have at least 2 dimensions, got shape \[2\]/);
    assert.throws(() => np.flipud(3), /np.flipud: the input must have at least 1 dimension/);
    // NumPy: rollaxis(ones((3,4,5,6)), 3, 1) → (3,6,4,5); (…, 2) → (5,3,4,6); (…, 1, 4) → (3,5,6,4)
    assert.deepEqual(np.rollaxis(np.ones([3, 4, 5, 6]), 3, 1).shape, [3, 6, 4, 5]);
    assert.deepEqual(np.rollaxis(np.ones([3, 4, 5, 6]), 2).shape, [5, 3, 4, 6]);
    assert.deepEqual(np.rollaxis(np.ones([3, 4, 5, 6]), 1, 4).shape, [3, 5, 6, 4]);
    assert.deepEqual(np.rollaxis(np.ones([3, 4, 5, 6]), -1, -3).shape, [3, 6, 4, 5]);
    assert.throws(() => np.rollaxis(np.ones([3, 4]), 0, 3), /np.rollaxis: start 3 is out of range/);
    check(np.permuteDims(np.arange(6).reshape([2, 3]), [1, 0]), [3, 2], [[0, 3], [1, 4], [2, 5]]);
    check(np.concat([[1, 2], [3]]), [3], [1, 2, 3]);
    check(np.concat([[[1, 2]], [[3]]], null), [3], [1, 2, 3]);
    check(np.concat([i32([[1], [2]]), i32([[3], [4]])], -1), [2, 2], [[1, 3], [2, 4]], "int32");
    check(np.rowStack([[1, 2], [3, 4]]), [2, 2], [[1, 2], [3, 4]]);
  });

  test("empty, emptyLike, asarray, copy", () => {
    check(np.empty([2, 2]), [2, 2], [[0, 0], [0, 0]]);
    check(np.empty(3, "int32"), [3], [0, 0, 0], "int32");
    check(np.emptyLike(i32([1, 2])), [2], [0, 0], "int32");
    check(np.emptyLike([1, 2], { dtype: "float64" }), [2], [0, 0], "float64");
    check(np.asarray([1, 2], "int32"), [2], [1, 2], "int32");
    const x = f64([1, 2]);
    assert.equal(np.asarray(x), x);
    check(np.copy([[1, 2]]), [1, 2], [[1, 2]]);
    check(np.copy(x), [2], [1, 2], "float64");
  });

  test("block (nested lists; NumPy)", () => {
    check(np.block([[np.eye(2), np.zeros([2, 1])], [np.ones([1, 2]), np.full([1, 1], 3)]]), [3, 3], [[1, 0, 0], [0, 1, 0], [1, 1, 3]]);
    check(np.block([1, 2, np.array([3, 4])]), [4], [1, 2, 3, 4]);
    check(np.block([[i32([1, 2])], [i32([3, 4])]]), [2, 2], [[1, 2], [3, 4]], "int32");
    const a = np.arange(8).reshape([2, 2, 2]);
    assert.deepEqual(np.block([a, a]).shape, [2, 2, 4]); // the innermost list concatenates the last axis
    assert.throws(() => np.block([[1, 2], 3] as never), /np.block: the lists at arrays have different depths \(1, 0\)/);
    assert.throws(() => np.block([[]]), /np.block: the list at arrays\[0\] is empty/);
  });
});

describe("indexed updates and selection", () => {
  test("putAlongAxis (returns a new array; NumPy layout)", () => {
    const a = f64([[10, 30, 20], [1, 2, 3]]);
    check(np.putAlongAxis(a, i32([[1], [0]]), 99, 1), [2, 3], [[10, 99, 20], [99, 2, 3]], "float64");
    check(np.putAlongAxis(a, i32([[1, 0, 1]]), f64([[7, 8, 9]]), 0), [2, 3], [[10, 8, 20], [7, 2, 9]]);
    check(np.putAlongAxis(a, i32([5, 0]), -1, null), [2, 3], [[-1, 30, 20], [1, 2, -1]]);
    check(a, [2, 3], [[10, 30, 20], [1, 2, 3]]); // unchanged
    // the usual pattern: the argmax of each row set to 0
    const idx = np.expandDims(np.argmax(a, 1), 1);
    check(np.putAlongAxis(a, idx, 0, 1), [2, 3], [[10, 0, 20], [1, 2, 0]]);
    checkGrads((x: NDArray, v: NDArray) => np.putAlongAxis(x, i32([[2], [0]]), v, 1), [a, f64([[5], [6]])]);
    assert.throws(() => np.putAlongAxis(a, i32([1]), 0, 1), /np.putAlongAxis: indices \[1\] and array \[2,3\] must have the same number of dimensions/);
    assert.throws(() => np.putAlongAxis(a, f64([[1]]), 0, 1), /np.putAlongAxis: indices must be integers, got float64/);
  });

  test("choose (modes; NumPy)", () => {
    const ch = [[1, 2, 3], [10, 20, 30], [100, 200, 300]];
    check(np.choose([2, 0, 1], ch), [3], [100, 2, 30]);
    check(np.choose([3, -1, 1], ch, "wrap"), [3], [1, 200, 30]);
    check(np.choose([3, -1, 1], ch, "clip"), [3], [100, 2, 30]);
    check(np.choose(i32([[0], [1]]), [f64([1, 2]), 7]), [2, 2], [[1, 2], [7, 7]], "float64"); // broadcast
    assert.throws(() => np.choose([3, 0, 1], ch), /np.choose: index 3 is out of range for 3 choices/);
    assert.throws(() => np.choose([0.5], ch), /np.choose: a must be integers/);
    check(jit((i: NDArray) => np.choose(i, ch))(i32([1, 2, 0])), [3], [10, 200, 3]);
    checkGrads((x: NDArray, y: NDArray) => np.choose([1, 0, 1], [x, y]), [f64([1, 2, 3]), f64([4, 5, 6])]);
  });

  test("piecewise (functions and constants; NumPy)", () => {
    const x = f64([-2, 0, 3]);
    const sq = (v: NDArray) => np.square(v);
    check(np.piecewise(x, [np.less(x, 0), np.greaterEqual(x, 0)], [(v: NDArray) => np.negative(v), sq]), [3], [2, 0, 9], "float64");
    check(np.piecewise(x, [np.less(x, 0)], [-1, 1]), [3], [-1, 1, 1]); // a default
    check(np.piecewise(x, [np.less(x, 0)], [-1]), [3], [-1, 0, 0]); // no default: 0
    check(np.piecewise(i32([1, 2, 3]), [np.greater([1, 2, 3], 1), np.greater([1, 2, 3], 2)], [10, 20]), [3], [0, 10, 20], "int32"); // later wins
    checkGrads((v: NDArray) => np.piecewise(v, [np.less(v, 0)], [(u: NDArray) => np.sin(u), (u: NDArray) => np.multiply(u, u)]), [f64([-1.5, 0.5, 2])]);
    check(jit((v: NDArray) => np.piecewise(v, [np.less(v, 0)], [0, (u: NDArray) => u]))(f64([-1, 2])), [2], [0, 2]);
    // each function sees one element (as jnp.piecewise): a reduction inside acts per element
    check(np.piecewise(x, [np.less(x, 0)], [(v: NDArray) => np.sum(np.stack([v, v])), 5]), [3], [-4, 5, 5]);
    assert.throws(() => np.piecewise(x, [np.less(x, 0)], [(v: NDArray) => np.stack([v, v])]), /np.piecewise: funclist\[0\] must return a scalar for a scalar input, got shape \[2\]/);
    assert.throws(() => np.piecewise(x, [np.less(x, 0)], [1, 2, 3]), /np.piecewise: funclist must have 1 or 2 entries/);
    assert.throws(() => np.piecewise(x, [x], [1]), /np.piecewise: condlist\[0\] must be a boolean array, got float64/);
  });

  test("insert (blocks and per-index values; NumPy)", () => {
    check(np.insert([1, 2, 3], 1, 9), [4], [1, 9, 2, 3]);
    check(np.insert([1, 2, 3, 4], [1, 1, 3], [7, 8, 9]), [7], [1, 7, 8, 2, 3, 9, 4]);
    check(np.insert([[1, 1], [2, 2]], [1, 2], [5, 6], 1), [2, 4], [[1, 5, 1, 6], [2, 5, 2, 6]]);
    check(np.insert([[1, 1], [2, 2], [3, 3]], 1, 5, 1), [3, 3], [[1, 5, 1], [2, 5, 2], [3, 5, 3]]);
    check(np.insert([[1, 1], [2, 2]], 1, [[7, 8]], 0), [3, 2], [[1, 1], [7, 8], [2, 2]]);
    check(np.insert([[1, 1], [2, 2]], 1, 5), [5], [1, 5, 1, 2, 2]); // flattened
    check(np.insert(i32([1, 2]), -1, 7), [3], [1, 7, 2], "int32");
    check(np.insert([1, 2], 2, [8, 9]), [4], [1, 2, 8, 9]);
    check(np.insert([0, 1, 2, 3], np.s(1, 3), [8, 9]), [6], [0, 8, 1, 9, 2, 3]); // np.insert(a, np.s_[1:3], [8, 9])
    checkGrads((a: NDArray, v: NDArray) => np.insert(a, [0, 2], v), [f64([1, 2, 3]), f64([4, 5])]);
    assert.throws(() => np.insert([1, 2], 3, 0), /np.insert: index 3 is out of bounds for axis 0 with size 2/);
    assert.throws(() => jit((i: NDArray) => np.insert([1, 2], i, 0))(i32(0)), /np.insert: the indices .* are traced; they must be concrete/);
  });

  test("delete (static, masks, traced with assumeUniqueIndices; NumPy)", () => {
    check(np.delete([1, 2, 3, 4], [0, 2]), [2], [2, 4]);
    check(np.delete([1, 2, 3, 4], -1), [3], [1, 2, 3]);
    check(np.delete([1, 2, 3, 4], [1, 1, -3]), [3], [1, 3, 4]); // repeats count once
    check(np.delete([[1, 2], [3, 4], [5, 6]], 1, 0), [2, 2], [[1, 2], [5, 6]]);
    check(np.delete([[1, 2], [3, 4], [5, 6]], [0], 1), [3, 1], [[2], [4], [6]]);
    check(np.delete([1, 2, 3], [true, false, true]), [1], [2]);
    check(np.delete([0, 1, 2, 3, 4, 5], np.s(null, null, 2)), [3], [1, 3, 5]); // np.delete(a, np.s_[::2])
    check(np.delete([0, 1, 2, 3, 4, 5], np.s(-2, 0, -3)), [4], [0, 2, 3, 5]); // np.s_[-2:0:-3] drops 4 and 1
    check(jit((i: NDArray) => np.delete(np.array([1, 2, 3, 4]), i, null, { assumeUniqueIndices: true }))(i32([0, -2])), [2], [2, 4]);
    assert.throws(() => jit((m: NDArray) => np.delete([1, 2], m))(np.array([true, false])), /np.delete: the boolean mask .* is traced/);
    assert.throws(() => jit((i: NDArray) => np.delete(np.array([1, 2, 3]), i))(i32([0])), /np.delete: the indices .* are traced, so the result's length depends on the data; pass \{ assumeUniqueIndices: true \}/);
    assert.throws(() => np.delete([1, 2], 2), /np.delete: index 2 is out of bounds for axis 0 with size 2/);
    checkGrads((a: NDArray) => np.delete(a, [1], 1), [f64([[1, 2, 3], [4, 5, 6]])]);
  });

  test("the static-shape updates work under jit and vmap", () => {
    const a = f64([[1, 2], [3, 4]]);
    check(jit((x: NDArray) => np.block([[x, x], [np.zeros([1, 2]), np.ones([1, 2])]]))(a), [3, 4], [[1, 2, 1, 2], [3, 4, 3, 4], [0, 0, 1, 1]]);
    check(jit((x: NDArray) => np.insert(x, 1, 9, 0))(a), [3, 2], [[1, 2], [9, 9], [3, 4]]);
    check(jit((x: NDArray) => np.resize(x, [3]))(a), [3], [1, 2, 3]);
    check(jit((x: NDArray, i: NDArray) => np.putAlongAxis(x, i, 0, 1))(a, i32([[1], [0]])), [2, 2], [[1, 0], [0, 4]]);
    check(vmap((x: NDArray) => np.fillDiagonal(x, 7))(np.stack([a, a])), [2, 2, 2], [[[7, 2], [3, 7]], [[7, 2], [3, 7]]]);
    check(vmap((x: NDArray) => np.choose(i32([1, 0]), [x, np.negative(x)]))(a), [2, 2], [[-1, 2], [-3, 4]]);
  });

  test("resize and fillDiagonal (NumPy)", () => {
    check(np.resize([1, 2, 3], [2, 4]), [2, 4], [[1, 2, 3, 1], [2, 3, 1, 2]]);
    check(np.resize([[1, 2], [3, 4]], 3), [3], [1, 2, 3]);
    check(np.resize(i32([]), [2]), [2], [0, 0], "int32");
    check(np.resize([1, 2], [0]), [0], []);
    checkGrads((a: NDArray) => np.resize(a, [5]), [f64([1, 2])]);
    check(np.fillDiagonal(np.zeros([3, 3]), 5), [3, 3], [[5, 0, 0], [0, 5, 0], [0, 0, 5]]);
    check(np.fillDiagonal(np.zeros([7, 3]), [1, 2], true), [7, 3], [[1, 0, 0], [0, 2, 0], [0, 0, 1], [0, 0, 0], [2, 0, 0], [0, 1, 0], [0, 0, 2]]);
    check(np.fillDiagonal(np.zeros([7, 3]), [1, 2]), [7, 3], [[1, 0, 0], [0, 2, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    check(np.fillDiagonal(np.zeros([2, 4], "int32"), 3), [2, 4], [[3, 0, 0, 0], [0, 3, 0, 0]], "int32");
    check(np.argwhere(np.fillDiagonal(np.zeros([3, 3, 3]), 7)), [3, 3], [[0, 0, 0], [1, 1, 1], [2, 2, 2]]);
    assert.throws(() => np.fillDiagonal(np.zeros([2, 3, 2]), 1), /np.fillDiagonal: all dimensions of a 3-D array must be equal/);
    checkGrads((a: NDArray, v: NDArray) => np.fillDiagonal(a, v), [f64([[1, 2], [3, 4]]), f64(9)]);
  });
});

describe("data-dependent selections with size/fillValue", () => {
  test("flatnonzero and argwhere", () => {
    check(np.flatnonzero([0, 3, 0, 4]), [2], [1, 3], "int32");
    check(np.flatnonzero([0, 3, 0, 4], { size: 3, fillValue: -1 }), [3], [1, 3, -1]);
    check(np.flatnonzero([0, 3, 0, 4], { size: 1 }), [1], [1]);
    check(np.flatnonzero([[false, true], [true, true]]), [3], [1, 2, 3]);
    check(np.flatnonzero([]), [0], []);
    check(np.argwhere([[0, 1, 0], [2, 0, 3]]), [3, 2], [[0, 1], [1, 0], [1, 2]], "int32");
    check(np.argwhere([[0, 1], [2, 0]], { size: 3, fillValue: -1 }), [3, 2], [[0, 1], [1, 0], [-1, -1]]);
    check(np.argwhere([0, 5, 5]), [2, 1], [[1], [2]]);
    const traced = jit((x: NDArray) => np.flatnonzero(x, { size: 4 }))(f64([0, 1, 1, 0, 1]));
    check(traced, [4], [1, 2, 4, 0]);
    check(vmap((x: NDArray) => np.argwhere(x, { size: 2, fillValue: 9 }))(f64([[1, 0, 1], [0, 0, 1]])), [2, 2, 1], [[[0], [2]], [[2], [9]]]);
    assert.throws(() => jit((x: NDArray) => np.flatnonzero(x))(f64([1])), /np.flatnonzero: the length of the result depends on the data, but the input is traced .* pass a static \{ size \}/);
    assert.throws(() => np.argwhere([1], { size: -1 }), /np.argwhere: size must be a non-negative integer, got -1/);
  });

  test("extract and compress (also with a traced condition)", () => {
    check(np.extract([[true, false], [false, true]], [[1, 2], [3, 4]]), [2], [1, 4]);
    check(np.extract([0, 2, 0], f64([7, 8, 9]), { size: 3 }), [3], [8, 0, 0], "float64");
    check(np.compress([false, true, true], [[1, 2], [3, 4], [5, 6]], 0), [2, 2], [[3, 4], [5, 6]]);
    check(np.compress([false, true], [[1, 2], [3, 4], [5, 6]], 1), [3, 1], [[2], [4], [6]]);
    check(np.compress([false, true, true], [[1, 2], [3, 4], [5, 6]]), [2], [2, 3]); // flattened, condition shorter
    const x = np.arange(24).reshape([2, 3, 4]);
    check(np.compress([true, false, true], x, 1), [2, 2, 4], [[[0, 1, 2, 3], [8, 9, 10, 11]], [[12, 13, 14, 15], [20, 21, 22, 23]]]);
    const f = jit((c: NDArray, a: NDArray) => np.compress(c, a, 0, { size: 3, fillValue: -1 }));
    check(f(np.array([true, false, true]), f64([[1, 2], [3, 4], [5, 6]])), [3, 2], [[1, 2], [5, 6], [-1, -1]]);
    checkGrads((a: NDArray) => np.compress([true, false, true], a, 0, { size: 3 }), [f64([[1, 2], [3, 4], [5, 6]])]);
    assert.throws(() => np.compress([true, true, true], [1, 2]), /np.compress: condition of length 3 is longer than axis 0/);
    assert.throws(() => np.extract([true], [1, 2]), /np.extract: condition \[1\] and arr \[2\] must have the same number of elements/);
    assert.throws(() => jit((c: NDArray) => np.extract(c, [1, 2]))(np.array([true, false])), /np.extract: .*pass a static \{ size \}/);
  });

  test("trimZeros", () => {
    check(np.trimZeros([0, 0, 1, 2, 0]), [2], [1, 2]);
    check(np.trimZeros([0, 0, 1, 2, 0], "b"), [4], [0, 0, 1, 2]);
    check(np.trimZeros([0, 0, 1, 0, 2, 0, 0], "f"), [5], [1, 0, 2, 0, 0]);
    check(np.trimZeros([0, 0]), [0], []);
    check(np.trimZeros(i32([4, 0])), [1], [4], "int32");
    check(jit((x: NDArray) => np.trimZeros(x, "fb", { size: 3, fillValue: -1 }))(f64([0, 5, 0, 6, 0, 0])), [3], [5, 0, 6]);
    check(jit((x: NDArray) => np.trimZeros(x, "fb", { size: 4, fillValue: -1 }))(f64([0, 0, 7, 0])), [4], [7, -1, -1, -1]);
    assert.throws(() => np.trimZeros([1, 0], "x"), /np.trimZeros: trim must be a string of "f" \(front\) and "b" \(back\), got "x"/);
    assert.throws(() => np.trimZeros([[1]]), /np.trimZeros: filt must be 1-D/);
  });

  test("uniqueValues, uniqueCounts, uniqueInverse, uniqueAll (Array API)", () => {
    check(np.uniqueValues([3, 1, 3]), [2], [1, 3]);
    const c = np.uniqueCounts(i32([3, 1, 3, 3]));
    check(c.values, [2], [1, 3], "int32");
    check(c.counts, [2], [1, 3], "int32");
    const inv = np.uniqueInverse([[3, 1], [3, 2]]);
    check(inv.values, [3], [1, 2, 3]);
    check(inv.inverseIndices, [2, 2], [[2, 0], [2, 1]]); // the input's shape
    const all = np.uniqueAll([3, 1, 3, 5]);
    assert.deepEqual(Object.keys(all), ["values", "indices", "inverseIndices", "counts"]);
    assert.deepEqual(vals([all.values, all.indices, all.inverseIndices, all.counts]), [[1, 3, 5], [1, 0, 3], [1, 0, 1, 2], [1, 2, 1]]);
    const j = jit((x: NDArray) => np.uniqueCounts(x, { size: 4, fillValue: 0 }))(f64([2, 2, 7]));
    assert.deepEqual(vals([j.values, j.counts]), [[2, 7, 0, 0], [2, 1, 0, 0]]);
    assert.throws(() => jit((x: NDArray) => np.uniqueValues(x))(f64([1])), /unique: the number of unique values depends on the data/);
  });

  test("setdiff1d, union1d, intersect1d, setxor1d (NumPy)", () => {
    check(np.setdiff1d([5, 1, 3, 1], [3]), [2], [1, 5]);
    check(np.setdiff1d([5, 1, 3], [3], { assumeUnique: true }), [2], [5, 1]); // original order, as NumPy
    check(np.union1d([3, 1], [[2, 1]]), [3], [1, 2, 3]);
    check(np.setxor1d([1, 2, 3, 3], [2, 3, 4]), [2], [1, 4]);
    check(np.intersect1d([1, 3, 4, 3], [3, 1, 2, 1]), [2], [1, 3]);
    const [v, i1, i2] = np.intersect1d([1, 3, 4, 3], [3, 1, 2, 1], { returnIndices: true });
    assert.deepEqual(vals([v, i1, i2]), [[1, 3], [0, 1], [1, 0]]);
    check(np.union1d(i32([2]), f64([0.5])), [2], [0.5, 2], "float64"); // promoted
    check(np.setdiff1d([1, 2], [1, 2]), [0], []);
    check(np.union1d([NaN, 1], [NaN]), [2], [1, NaN]); // NaNs count as one value
    // jit-able with size: padded with fillValue, or by default the smallest value of the result
    const u = jit((a: NDArray, b: NDArray) => np.union1d(a, b, { size: 5 }));
    check(u(f64([3, 1]), f64([2, 1])), [5], [1, 2, 3, 1, 1]);
    check(jit((a: NDArray, b: NDArray) => np.setxor1d(a, b, { size: 3, fillValue: -1 }))(f64([1, 2]), f64([2, 5])), [3], [1, 5, -1]);
    check(jit((a: NDArray) => np.intersect1d(a, [2, 3, 9], { size: 2, fillValue: 0 }))(f64([9, 1, 2])), [2], [2, 9]);
    const [pv, p1, p2] = jit((a: NDArray) => np.intersect1d(a, i32([2, 3, 9]), { size: 3, returnIndices: true }))(i32([9, 1, 2, 9]));
    assert.deepEqual(vals([pv, p1, p2]), [[2, 9, 2], [2, 0, 4], [0, 2, 3]]); // padding: the smallest value, out-of-bound indices
    check(jit((a: NDArray) => np.setdiff1d(a, i32([2]), { size: 3, fillValue: 0 }))(i32([4, 2, 4, 1])), [3], [1, 4, 0], "int32");
    assert.throws(() => jit((a: NDArray) => np.union1d(a, [1]))(f64([1])), /np.union1d: the length of the result depends on the data/);
  });
});

test("set operations agree with a JS Set reference on random integer data (also jit-ed with size)", () => {
  const sorted = (xs: Iterable<number>) => [...new Set(xs)].sort((p, q) => p - q);
  const ints = fc.array(fc.integer({ min: -4, max: 6 }), { maxLength: 9 });
  const union = jit((a: NDArray, b: NDArray) => np.union1d(a, b, { size: 12, fillValue: 99 }));
  fc.assert(fc.property(ints, ints, (a, b) => {
    const A = i32(a), B = i32(b);
    const inB = new Set(b), inA = new Set(a);
    assert.deepEqual(np.union1d(A, B).toArray(), sorted([...a, ...b]));
    assert.deepEqual(np.intersect1d(A, B).toArray(), sorted(a.filter((v) => inB.has(v))));
    assert.deepEqual(np.setdiff1d(A, B).toArray(), sorted(a.filter((v) => !inB.has(v))));
    assert.deepEqual(np.setxor1d(A, B).toArray(), sorted([...a.filter((v) => !inB.has(v)), ...b.filter((v) => !inA.has(v))]));
    const u = sorted([...a, ...b]);
    assert.deepEqual(union(A, B).toArray(), [...u, ...Array(12 - u.length).fill(99)]);
    const nz = a.flatMap((v, i) => (v > 0 ? [i] : []));
    assert.deepEqual(np.flatnonzero(np.greater(A, 0), { size: 4, fillValue: -1 }).toArray(), [...nz, -1, -1, -1, -1].slice(0, 4));
  }), { numRuns: 40, seed: 7 });
});

describe("dtypes", () => {
  test("iinfo and finfo (NumPy's values)", () => {
    assert.deepEqual(np.iinfo("int8"), { bits: 8, min: -128, max: 127, dtype: "int8", kind: "i" });
    assert.deepEqual([np.iinfo("uint16").max, np.iinfo("int16").min], [65535, -32768]);
    assert.deepEqual(np.iinfo(i32([1])), { bits: 32, min: -2147483648, max: 2147483647, dtype: "int32", kind: "i" });
    assert.deepEqual([np.iinfo("uint32").min, np.iinfo("uint32").max], [0, 4294967295]);
    const f = np.finfo("float32");
    assert.deepEqual([f.bits, f.eps, f.max, f.tiny, f.smallestNormal, f.resolution, f.precision, f.nmant, f.dtype], [32, 1.1920928955078125e-7, 3.4028234663852886e38, 1.1754943508222875e-38, 1.1754943508222875e-38, 1e-6, 6, 23, "float32"]);
    assert.equal(Math.fround(f.max), f.max);
    const d = np.finfo(f64([1]));
    assert.deepEqual([d.eps, d.max, d.min, d.tiny, d.smallestSubnormal, d.resolution, d.epsneg], [2.220446049250313e-16, 1.7976931348623157e308, -1.7976931348623157e308, 2.2250738585072014e-308, 5e-324, 1e-15, 1.1102230246251565e-16]);
    assert.throws(() => np.iinfo("bool"), /np.iinfo: "bool" is not an integer dtype; expected one of int8, int16, int32, uint8, uint16, uint32/);
    assert.throws(() => np.iinfo("int64" as "int32"), /np.iinfo: int64 is not a dtype adjoint has/);
    assert.throws(() => np.finfo("int32"), /np.finfo: "int32" is not a floating dtype; expected float32 or float64/);
    assert.throws(() => np.finfo("float16" as "float32"), /np.finfo: float16 is not a dtype adjoint has/);
  });

  test("canCast (NumPy's tables), promoteTypes, issubdtype, isdtype", () => {
    const D = ["bool", "int32", "uint32", "float32", "float64"] as const;
    const table = (casting: "safe" | "same_kind") => D.map((a) => D.filter((b) => np.canCast(a, b, casting)));
    assert.deepEqual(table("safe"), [[...D], ["int32", "float64"], ["uint32", "float64"], ["float32", "float64"], ["float64"]]);
    assert.deepEqual(table("same_kind"), [[...D], ["int32", "float32", "float64"], ["int32", "uint32", "float32", "float64"], ["float32", "float64"], ["float32", "float64"]]);
    assert.equal(np.canCast("float64", "bool", "unsafe"), true);
    assert.equal(np.canCast("float32", "float32", "no"), true);
    assert.equal(np.canCast(f64(1), "float32", "equiv"), false);
    assert.throws(() => np.canCast("int32", "float32", "maybe" as "safe"), /np.canCast: casting must be "no", "equiv", "safe", "same_kind" or "unsafe", got "maybe"/);
    assert.equal(np.promoteTypes("int32", "float32"), "float32");
    assert.equal(np.promoteTypes("bool", "uint32"), "uint32");
    assert.equal(np.issubdtype("float32", "floating"), true);
    assert.equal(np.issubdtype("float32", "float64"), false);
    assert.equal(np.issubdtype("uint32", "signedinteger"), false);
    assert.equal(np.issubdtype("bool", "number"), false);
    assert.equal(np.issubdtype("bool", "generic"), true);
    assert.equal(np.issubdtype("floating", "inexact"), true);
    assert.equal(np.issubdtype("number", "integer"), false);
    assert.throws(() => np.issubdtype("int8" as "int32", "number"), /np.issubdtype: arg1 must be a dtype/);
    assert.equal(np.isdtype("float32", "real floating"), true);
    assert.equal(np.isdtype("int32", ["bool", "unsigned integer"]), false);
    assert.equal(np.isdtype("uint32", "integral"), true);
    assert.equal(np.isdtype("bool", "numeric"), false);
    assert.equal(np.isdtype("float64", "complex floating"), false);
    assert.equal(np.isdtype("float64", "float64"), true);
    assert.throws(() => np.isdtype("int32", "integer" as "integral"), /np.isdtype: kind must be a dtype or one of "bool", "signed integer"/);
  });

  test("real, imag, conj, angle and the is* predicates on real dtypes", () => {
    const x = f64([1, -2, 0, -0, NaN]);
    assert.equal(np.real(x), x);
    check(np.imag(i32([1, 2])), [2], [0, 0], "int32");
    check(np.conj(x), [5], [1, -2, 0, 0, NaN]);
    check(np.conjugate([1]), [1], [1]);
    close(np.angle(x), [0, Math.PI, 0, Math.PI, NaN]); // NumPy: arctan2(0, x)
    close(np.angle([1, -2], true), [0, 180], 1e-6);
    close(np.angle(f64([-1]), { deg: true }), [180]);
    assert.equal(np.angle(i32([1])).dtype, "float32");
    check(np.isreal([[1, 2]]), [1, 2], [[true, true]], "bool");
    check(np.iscomplex([1, 2]), [2], [false, false], "bool");
    assert.equal(np.isrealobj(x), true);
    assert.equal(np.iscomplexobj(x), false);
    close(grad((v: NDArray) => np.sum(np.multiply(np.angle(v), v)))(f64([2, -3])), [0, Math.PI]);
  });
});

describe("bits and grids", () => {
  test("bitwiseCount, packbits, unpackbits (NumPy; uint32 where NumPy has uint8)", () => {
    check(np.bitwiseCount([0, 7, -8, 255, -2147483648]), [5], [0, 3, 1, 8, 1], "uint32");
    check(np.bitwiseCount(np.array([4294967295, 6], { dtype: "uint32" })), [2], [32, 2]);
    check(np.bitwiseCount([true, false]), [2], [1, 0]);
    assert.throws(() => np.bitwiseCount(f64([1])), /np.bitwiseCount: expected an integer or bool array, got float64/);
    check(np.packbits([1, 0, 1, 1, 0, 0, 0, 0, 1]), [2], [176, 128], "uint32");
    check(np.packbits([[1, 0, 1], [0, 1, 1]], 1, { bitorder: "little" }), [2, 1], [[5], [6]]);
    check(np.packbits([[true, false], [true, true]], 0), [1, 2], [[192, 64]]);
    check(np.unpackbits([176], null, { count: 4 }), [4], [1, 0, 1, 1], "uint32");
    check(np.unpackbits([[2], [7]], 1), [2, 8], [[0, 0, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 1, 1, 1]]);
    check(np.reshape(np.unpackbits([[2], [7]], 0, { bitorder: "little", count: -3 }), [-1]), [13], [0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0]);
    check(np.unpackbits([1], null, { count: 10 }), [10], [0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    check(np.unpackbits(np.packbits([1, 1, 0, 1, 0, 1])), [8], [1, 1, 0, 1, 0, 1, 0, 0]);
    check(jit((v: NDArray) => np.packbits(v))(i32([1, 1, 1, 1, 1, 1, 1, 1])), [1], [255]);
    assert.throws(() => np.packbits([1], null, { bitorder: "middle" as "big" }), /np.packbits: bitorder must be "big" or "little", got "middle"/);
    assert.throws(() => np.unpackbits([0.5]), /np.unpackbits: expected integers, got 0.5/);
  });

  test("mgrid and ogrid (NumPy's mgrid[...] / ogrid[...])", () => {
    check(np.mgrid([0, 2], [0, 3]), [2, 2, 3], [[[0, 0, 0], [1, 1, 1]], [[0, 1, 2], [0, 1, 2]]], "int32");
    check(np.mgrid([0, 1, { num: 3 }]), [3], [0, 0.5, 1]); // np.mgrid[0:1:3j]
    check(np.mgrid([0, 3, 0.5]), [6], [0, 0.5, 1, 1.5, 2, 2.5]);
    check(np.mgrid(3), [3], [0, 1, 2], "int32");
    check(np.mgrid([5, 0, -2]), [3], [5, 3, 1]);
    assert.deepEqual(np.mgrid([-1, 1, { num: 5 }], [0, 4]).shape, [2, 5, 4]);
    const [a, b] = np.ogrid([0, 2], [0, 3]);
    check(a, [2, 1], [[0], [1]], "int32");
    check(b, [1, 3], [[0, 1, 2]]);
    check(np.ogrid([0, 1, { num: 2 }]), [2], [0, 1]);
    assert.throws(() => np.mgrid(), /np.mgrid: expected at least one slice spec/);
    assert.throws(() => np.mgrid([0, 1, 0]), /np.mgrid: spec 0: step must not be zero/);
    assert.throws(() => np.mgrid([0, 1, { n: 3 } as never]), /np.mgrid: spec 0: the count must be \{ num: a non-negative integer \}/);
    assert.throws(() => np.ogrid(["a" as never, 2]), /np.ogrid: spec 0 must be n, \[stop\], \[start, stop\]/);
  });
});

describe("vectorize (jnp.vectorize)", () => {
  const dotF = (a: NDArray, b: NDArray) => np.sum(np.multiply(a, b));
  test("signatures broadcast the loop dimensions", () => {
    const dot = np.vectorize(dotF, { signature: "(n),(n)->()" });
    check(dot(np.ones([4, 3]), [1, 2, 3]), [4], [6, 6, 6, 6]);
    check(dot(np.arange(6).reshape([2, 1, 3]), np.ones([4, 3])), [2, 4], [[3, 3, 3, 3], [12, 12, 12, 12]]);
    check(dot([1, 2], [3, 4]), [], 11);
    const mv = np.vectorize((m: NDArray, v: NDArray) => np.matmul(m, v), { signature: "(m,n),(n)->(m)" });
    const M = np.arange(24).reshape([2, 3, 4]), V = np.arange(8).reshape([2, 4]);
    const got = mv(M, V);
    assert.deepEqual(got.shape, [2, 3]);
    check(got, [2, 3], [[14, 38, 62], [302, 390, 478]]);
    const two = np.vectorize((x: NDArray) => [np.sum(x), np.max(x)], { signature: "(n)->(),()" });
    assert.deepEqual(vals(two(np.arange(6).reshape([2, 3]))), [[3, 12], [2, 5]]);
    const outer = np.vectorize((x: NDArray) => np.stack([x, np.multiply(x, 2)]), { signature: "()->(k)" });
    check(outer([1, 2, 3]), [3, 2], [[1, 2], [2, 4], [3, 6]]);
    check(dot(np.zeros([0, 3]), [1, 2, 3]), [0], []); // an empty batch
    check(dot(np.ones([1, 1, 2]), [1, 2]), [1, 1], [[3]]); // loop dimensions of 1
  });

  test("no signature: elementwise over broadcast scalars; excluded arguments", () => {
    const f = np.vectorize((x: NDArray, y: NDArray) => np.where(np.greater(x, y), np.subtract(x, y), np.add(x, y)));
    check(f([[1], [5]], [2, 3]), [2, 2], [[3, 4], [3, 2]]);
    const pow = np.vectorize((x: NDArray, p: number) => np.power(x, p), { excluded: [1] });
    check(pow([1, 2, 3], 2), [3], [1, 4, 9]);
    let calls = 0;
    const withFn = np.vectorize((g: (v: NDArray) => NDArray, x: NDArray) => (calls++, g(x)), { excluded: [0], signature: "(n)->()" });
    check(withFn((v: NDArray) => np.max(v), [[1, 5], [7, 2]]), [2], [5, 7]);
    assert.equal(calls, 1); // traced once under vmap, not once per row
  });

  test("jit, grad and vmap compose", () => {
    const dot = np.vectorize(dotF, { signature: "(n),(n)->()" });
    check(jit((x: NDArray) => dot(x, x))(f64([[1, 2], [3, 4]])), [2], [5, 25]);
    check(grad((x: NDArray) => np.sum(dot(x, x)))(f64([[1, 2], [3, 4]])), [2, 2], [[2, 4], [6, 8]]);
    check(vmap((x: NDArray) => dot(x, [1, 1]))(f64([[[1, 2]], [[3, 4]]])), [2, 1], [[3], [7]]);
    checkGrads((a: NDArray, b: NDArray) => dot(a, b), [f64([[1, 2, 3], [4, 5, 6]]), f64([0.5, -1, 2])]);
  });

  test("errors name vectorize and the mismatch", () => {
    const dot = np.vectorize(dotF, { signature: "(n),(n)->()" });
    assert.throws(() => dot([1, 2], [1, 2, 3]), /vectorize: inconsistent size for core dimension 'n': 2 vs 3/);
    assert.throws(() => dot(1, [1]), /vectorize: argument 0 of shape \[\] has fewer dimensions than its core dimensions \(n\)/);
    assert.throws(() => (dot as (...a: unknown[]) => unknown)([1]), /vectorize: the signature "\(n\),\(n\)->\(\)" has 2 input\(s\), but the function was called with 1/);
    assert.throws(() => np.vectorize(dotF, { signature: "(n),(n)" }), /np.vectorize: not a valid gufunc signature: "\(n\),\(n\)"/);
    const wrongOut = np.vectorize((x: NDArray) => x, { signature: "(n)->()" });
    assert.throws(() => wrongOut([[1, 2]]), /vectorize: output 0 of f has shape \[2\], but the signature "\(n\)->\(\)" gives it 0 core dimension/);
    assert.throws(() => (dot as (...a: unknown[]) => unknown)([1], "a"), /vectorize: argument 1: cannot convert "a" to an array.*list it in \{ excluded \}/);
    assert.throws(() => np.vectorize(dotF, { excluded: [-1] }), /np.vectorize: excluded must list argument positions/);
    assert.throws(() => np.vectorize(dotF, { sig: "()" } as object), /np.vectorize: unknown option "sig"/);
  });
});
