/**
 * @file np from issue 10: polynomials, append/rot90/unstack/splits, select, one-argument where,
 * matrixTranspose/matvec/vecmat/vecdot and the new NDArray methods. Reference numbers are NumPy 2.4's, embedded.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { NDArray, NestedArray, checkGrads, jit, np, vmap } from "../src/index.js";
import { check, close } from "./util.js";

const f64 = (v: NestedArray) => np.array(v, { dtype: "float64" });
const i32 = (v: NestedArray) => np.array(v, { dtype: "int32" });

describe("polynomials", () => {
  test("polyadd, polysub, polymul, polyval (NumPy)", () => {
    check(np.polyadd([1, 2], [1, 0, 0]), [3], [1, 1, 2]);
    check(np.polysub(i32([1, 2]), i32([1, 0, 0])), [3], [-1, 1, 2], "int32");
    check(np.polymul([1, 1], [1, -1]), [3], [1, 0, -1]);
    check(np.polymul(3, [1, 2]), [2], [3, 6]);
    check(np.polyval(f64([2, -1, 0.5]), [[0, 1], [2, -3]]), [2, 2], [[0.5, 1.5], [6.5, 21.5]], "float64");
    check(np.polyval(i32([3, 0, 1]), 2), [], [13], "int32");
    check(np.polyval([], np.ones([2])), [2], [0, 0]);
    assert.throws(() => np.polyval([[1]], 2), /np.polyval: p must be a 1-D array of coefficients, got shape \[1,1\]/);
  });
  test("polyfit: plain, weighted, several columns (NumPy)", () => {
    const x = f64([0, 1, 2, 3, 4]), y = f64([1, 2.9, 5.2, 7.1, 8.8]);
    close(np.polyfit(x, y, 2), [-0.05714285714285722, 2.2085714285714277, 0.9257142857142842], 1e-11);
    close(np.polyfit(x, y, 1, { w: f64([1, 2, 1, 0.5, 1]) }), [1.9836120401337793, 0.9725752508361207], 1e-11);
    close(np.polyfit(x, y, 2, { w: f64([1, 2, 1, 0.5, 1]) }), [-0.03348294434470376, 2.1259425493716337, 0.8827648114901251], 1e-11);
    const c = np.polyfit(f64([0, 1, 2, 3]), f64([[1, 0], [2, 1], [5, 4], [10, 9]]), 2);
    assert.deepEqual(c.shape, [3, 2]);
    close(c, [[1, 1], [0, 0], [1, 0]], 1e-11);
    assert.throws(() => np.polyfit(x, f64([1, 2]), 1), /np.polyfit: x and y have different lengths \(5 ≠ 2\)/);
    assert.throws(() => np.polyfit(x, y, -1), /np.polyfit: deg must be a non-negative integer, got -1/);
  });
  test("derivatives, jit, vmap", () => {
    checkGrads((p: NDArray, x: NDArray) => np.polyval(p, x), [f64([2, -1, 0.5]), f64([0.3, -1.2])]);
    checkGrads((p: NDArray, q: NDArray) => np.polymul(p, q), [f64([2, -1]), f64([0.3, -1.2, 4])]);
    checkGrads((y: NDArray) => np.polyfit(f64([0, 1, 2, 3]), y, 1), [f64([1, 2.5, 2.9, 4.2])], { order: 1 });
    check(jit((p: NDArray, x: NDArray) => np.polyval(p, x))(f64([1, 0, 0]), f64([3])), [1], [9]);
    check(vmap((p: NDArray) => np.polyval(p, 2))(f64([[1, 0], [1, 1]])), [2], [2, 3]);
  });
});

describe("rearranging", () => {
  test("append", () => {
    check(np.append([1, 2], [[3], [4]]), [4], [1, 2, 3, 4]);
    check(np.append(i32([[1, 2]]), i32([[3, 4]]), 0), [2, 2], [[1, 2], [3, 4]], "int32");
    // a JS list is a default-float array (as in np.concatenate), so the result promotes
    check(np.append(i32([[1], [2]]), [[3], [4]], 1), [2, 2], [[1, 3], [2, 4]], "float32");
    assert.throws(() => np.append([[1, 2]], [3], 0), /np.append: .*shapes \[1,2\], \[1\]|differ/);
    checkGrads((a: NDArray, b: NDArray) => np.append(a, b).mul(np.arange(5)), [f64([1, 2]), f64([3, 4, 5])]);
  });
  test("rot90 (NumPy)", () => {
    const x = np.arange(6).reshape([2, 3]);
    check(np.rot90(x), [3, 2], [[2, 5], [1, 4], [0, 3]]);
    check(np.rot90(x, 2), [2, 3], [[5, 4, 3], [2, 1, 0]]);
    check(np.rot90(x, 3), [3, 2], [[3, 0], [4, 1], [5, 2]]);
    check(np.rot90(x, -1), [3, 2], [[3, 0], [4, 1], [5, 2]]);
    check(np.rot90(x, 4), [2, 3], [[0, 1, 2], [3, 4, 5]]);
    check(np.rot90(np.arange(24).reshape([2, 3, 4]), 1, [1, 2]), [2, 4, 3],
      [[[3, 7, 11], [2, 6, 10], [1, 5, 9], [0, 4, 8]], [[15, 19, 23], [14, 18, 22], [13, 17, 21], [12, 16, 20]]]);
    assert.throws(() => np.rot90([1, 2]), /np.rot90: expected an array of at least 2 dimensions, got shape \[2\]/);
    assert.throws(() => np.rot90(x, 1, [0, 0]), /np.rot90: the axes must differ/);
    checkGrads((m: NDArray) => np.rot90(m).mul(np.arange(6).reshape([3, 2])), [f64([[1, 2, 3], [4, 5, 6]])]);
  });
  test("unstack and the directional splits", () => {
    const parts = np.unstack(np.arange(6).reshape([2, 3]), 1);
    assert.equal(parts.length, 3);
    check(parts[2], [2], [2, 5]);
    assert.throws(() => np.unstack(np.array(1)), /np.unstack: expected an array of at least 1 dimension/);
    assert.deepEqual(np.hsplit(np.ones([2, 4]), 2).map((p) => p.shape), [[2, 2], [2, 2]]);
    assert.deepEqual(np.hsplit(np.ones([6]), [1, 4]).map((p) => p.shape), [[1], [3], [2]]);
    assert.deepEqual(np.vsplit(np.ones([4, 2]), [1]).map((p) => p.shape), [[1, 2], [3, 2]]);
    assert.deepEqual(np.dsplit(np.ones([1, 1, 4]), 2).map((p) => p.shape), [[1, 1, 2], [1, 1, 2]]);
    assert.throws(() => np.vsplit(np.ones([4]), 2), /np.vsplit: expected an array of at least 2 dimensions, got shape \[4\]/);
    assert.throws(() => np.dsplit(np.ones([4, 4]), 2), /np.dsplit: expected an array of at least 3 dimensions/);
    const pieces = np.arraySplit(np.arange(5), [1, 3]);
    assert.deepEqual(pieces.map((p) => p.toArray()), [[0], [1, 2], [3, 4]]);
    assert.deepEqual(np.arraySplit(np.arange(5), [4, 9]).map((p) => p.shape), [[4], [1], [0]]);
  });
  test("select and one-argument where", () => {
    const x = f64([-2, 0, 3]);
    check(np.select([x.lt(0), x.gt(0)], [x.neg(), x.mul(10)], -1), [3], [2, -1, 30], "float64");
    // the first true condition wins
    check(np.select([np.array([true, false]), np.array([true, true])], [i32(1), i32(2)]), [2], [1, 2], "int32");
    check(np.select([], [], 7), [], [7]);
    assert.throws(() => np.select([x.lt(0)], []), /np.select: condlist and choicelist must have the same length, got 1 and 0/);
    assert.throws(() => np.select([x], [x]), /np.select: condlist\[0\] must be a bool array, got float64/);
    checkGrads((a: NDArray, b: NDArray) => np.select([x.lt(0), x.gt(0)], [a, b], 0), [f64([1, 2, 3]), f64([4, 5, 6])]);
    check(vmap((c: NDArray) => np.select([c], [1], 0))(np.array([[true, false], [false, true]])), [2, 2], [[1, 0], [0, 1]]);
    const [r, c] = np.where([[0, 1], [2, 0]]);
    check(r, [2], [0, 1], "int32");
    check(c, [2], [1, 0], "int32");
    check(np.where([true, false], 1, 2), [2], [1, 2]);
    assert.throws(() => (np.where as (...a: unknown[]) => unknown)([true], 1), /np.where: argument y is missing \(give the condition alone, or the condition, x and y\)/);
  });
});

describe("NumPy 2 products and the methods", () => {
  test("matrixTranspose, mT, matvec, vecmat, vecdot (broadcasting)", () => {
    assert.deepEqual(np.matrixTranspose(np.ones([5, 2, 3])).shape, [5, 3, 2]);
    check(np.arange(6).reshape([2, 3]).mT, [3, 2], [[0, 3], [1, 4], [2, 5]]);
    assert.throws(() => np.matrixTranspose([1, 2]), /np.matrixTranspose: expected an array of at least 2 dimensions/);
    check(np.matvec(i32([[1, 2], [3, 4]]), i32([1, 1])), [2], [3, 7], "int32");
    check(np.matvec(np.ones([3, 2, 2]), np.ones([2])), [3, 2], [[2, 2], [2, 2], [2, 2]]);
    check(np.vecmat([1, 1], [[1, 2], [3, 4]]), [2], [4, 6]);
    check(np.vecmat(np.ones([4, 2]), [[1, 2], [3, 4]]), [4, 2], [[4, 6], [4, 6], [4, 6], [4, 6]]);
    check(np.vecdot([[1, 2], [3, 4]], [1, 1]), [2], [3, 7]);
    check(np.vecdot([[1, 2], [3, 4]], [[1], [1]], 0), [2], [4, 6]);
    check(np.vecdot([[1, 2], [3, 4]], [[1], [1]], { axis: 0 }), [2], [4, 6]);
    assert.throws(() => np.matvec([[1, 2]], [1, 2, 3]), /np.matvec: matmul: inner dimensions differ|inner dimensions differ/);
    const A = f64([[1, 2], [3, 4]]), v = f64([0.5, -1]);
    checkGrads((a: NDArray, b: NDArray) => np.matvec(a, b), [A, v]);
    checkGrads((a: NDArray, b: NDArray) => np.vecmat(b, a), [A, v]);
    checkGrads((a: NDArray, b: NDArray) => np.vecdot(a, b), [A, v]);
    check(jit((a: NDArray, b: NDArray) => np.matvec(a, b))(A, v), [2], [-1.5, -2.5]);
    check(vmap((b: NDArray) => np.vecdot(A, b))(f64([[1, 0], [0, 1]])), [2, 2], [[1, 3], [2, 4]]);
  });
  test("methods: diagonal, trace, round, var, std, any, all, ptp (NumPy)", () => {
    const x = f64([[1, -2, 3], [0.5, 4, -1]]);
    check(x.diagonal(), [2], [1, 4]);
    check(x.diagonal(1), [2], [-2, -1]);
    check(x.trace(), [], [5]);
    check(f64([1.26, -0.35]).round(1), [2], [1.3, -0.4]);
    close(x.var(), [4.368055555555555]);
    close(x.var({ ddof: 1 }), [5.241666666666666]);
    close(x.std(0), [0.25, 3.0, 2.0]);
    check(np.array([0, 1]).any(), [], [true], "bool");
    check(np.array([[0, 1], [1, 1]]).all(1), [2], [false, true], "bool");
    check(x.ptp(1), [2], [5, 5]);
    check(i32([[4, 1, 3]]).ptp({ axis: 1, keepdims: true }), [1, 1], [3], "int32");
    assert.throws(() => (x.ptp as (...a: unknown[]) => unknown).call(x, 0, 1), /x.ptp: expected at most 2 arguments/);
  });
  test("under jit, vmap and grad", () => {
    const m = f64([[1, 2], [3, 4]]);
    check(jit((a: NDArray) => a.mT.trace().add(a.diagonal().sum()).add(a.ptp()))(m), [], [13]);
    check(vmap((a: NDArray) => a.mT)(np.arange(8).reshape([2, 2, 2])), [2, 2, 2], [[[0, 2], [1, 3]], [[4, 6], [5, 7]]]);
    check(vmap((a: NDArray) => a.std())(f64([[1, 3], [2, 2]])), [2], [1, 0]);
    checkGrads((a: NDArray) => a.mT.var(0).add(a.diagonal()), [m]);
    check(jit((a: NDArray) => np.rot90(a).add(np.hsplit(a, 2)[0]))(m), [2, 2], [[3, 5], [4, 6]]);
    check(vmap((a: NDArray) => np.append(a, a.sum()))(m), [2, 3], [[1, 2, 3], [3, 4, 7]]);
    check(jit((a: NDArray) => np.stack(np.unstack(a, 1)))(m), [2, 2], [[1, 3], [2, 4]]);
  });
});
