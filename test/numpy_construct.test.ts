/**
 * @file np construction and manipulation from issue 10: diag/tri family, vander, grids, ranges, windows,
 * convolve/correlate, polynomials, append/rot90/unstack/splits, select, where(cond), matvec/vecmat/vecdot.
 * Reference numbers are NumPy 2.4's, computed offline and embedded.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { NDArray, NestedArray, checkGrads, jit, np, vmap } from "../src/index.js";
import { check, close } from "./util.js";

const f64 = (v: NestedArray) => np.array(v, { dtype: "float64" });
const i32 = (v: NestedArray) => np.array(v, { dtype: "int32" });
const m34 = () => np.arange(12).reshape([3, 4]);

describe("diagonals and triangles", () => {
  test("diag builds and extracts, with offsets and dtypes", () => {
    check(np.diag(i32([1, 2])), [2, 2], [[1, 0], [0, 2]], "int32");
    check(np.diag([1, 2], 1), [3, 3], [[0, 1, 0], [0, 0, 2], [0, 0, 0]], "float32");
    check(np.diag([1, 2], -2), [4, 4], [[0, 0, 0, 0], [0, 0, 0, 0], [1, 0, 0, 0], [0, 2, 0, 0]]);
    check(np.diag(np.array([true, true])), [2, 2], [[true, false], [false, true]], "bool");
    check(np.diag(m34()), [3], [0, 5, 10], "int32");
    check(np.diag(m34(), 2), [2], [2, 7]);
    check(np.diag(m34(), -1), [2], [4, 9]);
    check(np.diag(m34(), 4), [0], []);
    check(np.diag(np.zeros([0])), [0, 0], []);
    check(np.diagflat([[1, 2]], -1), [3, 3], [[0, 0, 0], [1, 0, 0], [0, 2, 0]]);
    assert.throws(() => np.diag(np.zeros([2, 2, 2])), /np.diag: expected a 1-D or 2-D array, got shape \[2,2,2\]/);
    assert.throws(() => np.diag([1, 2], 0.5), /np.diag: k must be an integer, got 0.5/);
  });
  test("tri, tril, triu (stacks too)", () => {
    check(np.tri(3, 4, { k: 1 }), [3, 4], [[1, 1, 0, 0], [1, 1, 1, 0], [1, 1, 1, 1]], "float32");
    check(np.tri(2, { dtype: "int32" }), [2, 2], [[1, 0], [1, 1]], "int32");
    check(np.tri(3, 2, -1), [3, 2], [[0, 0], [1, 0], [1, 1]]);
    check(np.tri(2, null, 1, { dtype: "bool" }), [2, 2], [[true, true], [true, true]], "bool");
    assert.throws(() => np.tri(2, 2, 1, { k: 1 }), /np.tri: k given twice/);
    const x = np.arange(1, 10).reshape([3, 3]);
    check(np.tril(x, -1), [3, 3], [[0, 0, 0], [4, 0, 0], [7, 8, 0]], "int32");
    check(np.triu(x, 1), [3, 3], [[0, 2, 3], [0, 0, 6], [0, 0, 0]]);
    check(np.triu(np.ones([2, 2, 3])), [2, 2, 3], [[[1, 1, 1], [0, 1, 1]], [[1, 1, 1], [0, 1, 1]]]);
    assert.throws(() => np.tril([1, 2]), /np.tril: expected an array of at least 2 dimensions, got shape \[2\]/);
  });
  test("index helpers (NumPy)", () => {
    const [r, c] = np.triuIndices(3, 1, 4);
    check(r, [6], [0, 0, 0, 1, 1, 2], "int32");
    check(c, [6], [1, 2, 3, 2, 3, 3], "int32");
    const [r2, c2] = np.trilIndices(3, -1);
    check(r2, [3], [1, 2, 2]);
    check(c2, [3], [0, 0, 1]);
    check(np.diagIndices(2, 3)[2], [2], [0, 1], "int32");
    assert.equal(np.diagIndicesFrom(np.zeros([3, 3])).length, 2);
    assert.throws(() => np.diagIndicesFrom(np.zeros([2, 3])), /np.diagIndicesFrom: all dimensions must be equal, got shape \[2,3\]/);
    // zero the diagonal with them
    const [i, j] = np.diagIndices(2);
    check(np.ones([2, 2]).at(i, j).set(0), [2, 2], [[0, 1], [1, 0]]);
  });
  test("derivatives, jit and vmap", () => {
    checkGrads((v: NDArray) => np.diag(v, 1).mul(np.arange(9).reshape([3, 3])), [f64([1, 2])]);
    checkGrads((m: NDArray) => np.diag(m, -1), [f64([[1, 2, 3], [4, 5, 6]])]);
    checkGrads((m: NDArray) => np.tril(m).add(np.triu(m, 1).mul(3)), [f64([[1, 2], [3, 4]])]);
    check(jit((v: NDArray) => np.diag(v))(f64([1, 2])), [2, 2], [[1, 0], [0, 2]], "float64");
    check(vmap((v: NDArray) => np.diag(v))(f64([[1, 2], [3, 4]])), [2, 2, 2], [[[1, 0], [0, 2]], [[3, 0], [0, 4]]]);
    check(vmap((m: NDArray) => np.diag(m, 1))(np.arange(8).reshape([2, 2, 2])), [2, 1], [[1], [5]]);
    check(jit((m: NDArray) => np.tril(m, -1))(f64([[1, 2], [3, 4]])), [2, 2], [[0, 0], [3, 0]]);
    check(vmap((m: NDArray) => np.triu(m))(np.ones([2, 2, 2])), [2, 2, 2], [[[1, 1], [0, 1]], [[1, 1], [0, 1]]]);
  });
});

describe("vander, grids, ranges", () => {
  test("vander (decreasing by default, n, increasing)", () => {
    check(np.vander(f64([2, 3]), 3), [2, 3], [[4, 2, 1], [9, 3, 1]], "float64");
    check(np.vander(i32([1, 2, 3]), { increasing: true }), [3, 3], [[1, 1, 1], [1, 2, 4], [1, 3, 9]], "int32");
    check(np.vander([1, 2], 0), [2, 0], []);
    checkGrads((x: NDArray) => np.vander(x, 4), [f64([0, 1.5, -2])]);
    check(vmap((x: NDArray) => np.vander(x, 2))(f64([[1, 2], [3, 4]])), [2, 2, 2], [[[1, 1], [2, 1]], [[3, 1], [4, 1]]]);
  });
  test("meshgrid: xy and ij indexing, sparse", () => {
    const [X, Y] = np.meshgrid([1, 2, 3], i32([4, 5]));
    check(X, [2, 3], [[1, 2, 3], [1, 2, 3]], "float32");
    check(Y, [2, 3], [[4, 4, 4], [5, 5, 5]], "int32");
    const [I, J, K] = np.meshgrid([1, 2], [3, 4, 5], [6], { indexing: "ij" });
    assert.deepEqual([I.shape, J.shape, K.shape], [[2, 3, 1], [2, 3, 1], [2, 3, 1]]);
    const [xs, ys] = np.meshgrid([1, 2, 3], [4, 5], { sparse: true });
    assert.deepEqual([xs.shape, ys.shape], [[1, 3], [2, 1]]);
    assert.deepEqual(np.meshgrid().length, 0);
    check(jit((a: NDArray, b: NDArray) => np.meshgrid(a, b)[1])(f64([1, 2]), f64([3, 4, 5])), [3, 2], [[3, 3], [4, 4], [5, 5]]);
    check(vmap((a: NDArray) => np.meshgrid(a, a, { indexing: "ij" })[0])(f64([[1, 2]])), [1, 2, 2], [[[1, 1], [2, 2]]]);
    assert.throws(() => np.meshgrid([1], { indexing: "yx" as "xy" }), /np.meshgrid: indexing must be "xy" or "ij", got "yx"/);
    assert.throws(() => np.meshgrid([1], { index: "ij" } as object), /np.meshgrid: unknown option "index"/);
  });
  test("indices, ix_, fromfunction", () => {
    check(np.indices([2, 3]), [2, 2, 3], [[[0, 0, 0], [1, 1, 1]], [[0, 1, 2], [0, 1, 2]]], "int32");
    const [a, b] = np.indices([2, 3], { sparse: true });
    check(a, [2, 1], [0, 1]);
    check(b, [1, 3], [0, 1, 2]);
    check(np.indices([2], "float64"), [1, 2], [[0, 1]], "float64");
    const [r, c] = np.ix_([0, 2], [true, false, true]);
    check(r, [2, 1], [0, 2], "int32");
    check(c, [1, 2], [0, 2], "int32");
    check(m34().get(...np.ix_([0, 2], [1, 3])), [2, 2], [[1, 3], [9, 11]]);
    assert.throws(() => np.ix_(np.array([0.5])), /np.ix_: arguments must be integer or bool arrays, argument 0 is float32/);
    check(np.fromfunction((i, j) => i.mul(10).add(j), [2, 3]), [2, 3], [[0, 1, 2], [10, 11, 12]], "float32");
    check(np.fromfunction((i) => i, [3], "int32"), [3], [0, 1, 2], "int32");
  });
  test("geomspace and logspace (NumPy)", () => {
    close(np.geomspace(2, 162, 5, { dtype: "float64" }), [2.0, 6.0, 17.999999999999996, 53.999999999999986, 162.0], 1e-14);
    check(np.geomspace(-1, -1000, 4), [4], [-1, -10, -100, -1000]);
    check(np.geomspace(1, 8, 3, { endpoint: false }), [3], [1, 2, 4]);
    close(np.logspace(1, 2, 4, { dtype: "float64" }), [10.0, 21.544346900318832, 46.41588833612777, 100.0], 1e-14);
    check(np.logspace(0, 3, 3, { endpoint: false, base: 2 }), [3], [1, 2, 4]);
    check(np.logspace(0, 1, 0), [0], []);
    assert.throws(() => np.geomspace(-1, 2), /np.geomspace: start and stop must have the same sign, got -1 and 2/);
    assert.throws(() => np.geomspace(0, 2), /np.geomspace: start and stop must be non-zero/);
    assert.throws(() => np.logspace(0, 1, { bas: 2 } as object), /np.logspace: unknown option "bas"/);
  });
});

describe("windows", () => {
  test("values (NumPy)", () => {
    close(np.kaiser(5, 14).astype("float64"), [7.726866835270368e-06, 0.16493218754795194, 1.0, 0.16493218754795194, 7.726866835270368e-06], 1e-6);
    close(np.kaiser(4, 5.5).astype("float64"), [0.023422141030646812, 0.7532742150947377, 0.7532742150947377, 0.023422141030646812], 1e-6);
    close(np.blackman(5).astype("float64"), [-1.3877787807814457e-17, 0.34, 0.9999999999999999, 0.34, -1.3877787807814457e-17], 1e-7);
    close(np.hamming(4).astype("float64"), [0.08, 0.77, 0.77, 0.08], 1e-7);
    check(np.hanning(5), [5], [0, 0.5, 1, 0.5, 0], "float32");
    check(np.bartlett(5), [5], [0, 0.5, 1, 0.5, 0]);
    check(np.bartlett(1), [1], [1]);
    check(np.hamming(0), [0], []);
    check(np.kaiser(3, 0), [3], [1, 1, 1]);
    assert.throws(() => np.hanning(2.5), /np.hanning: m must be an integer number of points, got 2.5/);
  });
});

describe("convolve and correlate", () => {
  const a = f64([1, -2, 3, 0.5]), v = f64([2, 1, -1]);
  // NumPy: np.convolve(a, v, mode), np.correlate(a, v, mode), np.correlate(v, a, mode)
  const ref = {
    full: [[2.0, -3.0, 3.0, 6.0, -2.5, -0.5], [-1.0, 3.0, -3.0, -1.5, 6.5, 1.0], [1.0, 6.5, -1.5, -3.0, 3.0, -1.0]],
    same: [[-3.0, 3.0, 6.0, -2.5], [3.0, -3.0, -1.5, 6.5], [6.5, -1.5, -3.0, 3.0]],
    valid: [[3.0, 6.0], [-3.0, -1.5], [-1.5, -3.0]],
  };
  test("modes, operand order, dtypes", () => {
    for (const mode of ["full", "same", "valid"] as const) {
      close(np.convolve(a, v, mode), ref[mode][0]);
      close(np.convolve(v, a, mode), ref[mode][0]);
      close(np.correlate(a, v, mode), ref[mode][1]);
      close(np.correlate(v, a, mode), ref[mode][2]);
    }
    check(np.correlate([1, 2, 3], [0, 1, 0.5]), [1], [3.5]);
    check(np.convolve(i32([1, 2]), i32([1, 1])), [3], [1, 3, 2], "int32");
    // even lengths, v longer ("same" is centred from the other end, as NumPy)
    check(np.correlate([1, 2, 3, 4], [1, 4, 9, 16, 25], "same"), [5], [116, 170, 100, 50, 19]);
    check(np.convolve([1, 2, 3, 4], [1, 4, 9, 16, 25], "same"), [5], [6, 20, 50, 100, 134]);
    assert.throws(() => np.convolve([], [1]), /np.convolve: a must not be empty/);
    assert.throws(() => np.convolve([[1]], [1]), /np.convolve: a must be 1-D, got shape \[1,1\]/);
    assert.throws(() => np.correlate([1], [1], "middle" as "same"), /np.correlate: mode must be "full", "same" or "valid", got "middle"/);
  });
  test("derivatives, jit, vmap", () => {
    checkGrads((x: NDArray, y: NDArray) => np.convolve(x, y, "same"), [a, v]);
    checkGrads((x: NDArray, y: NDArray) => np.correlate(x, y, "full"), [v, a]);
    close(jit((x: NDArray, y: NDArray) => np.convolve(x, y))(a, v), ref.full[0]);
    const rows = vmap((x: NDArray) => np.correlate(x, v))(np.stack([a, a.mul(2)]));
    close(rows, [...ref.valid[1], ...ref.valid[1].map((t) => 2 * t)]);
  });
});
