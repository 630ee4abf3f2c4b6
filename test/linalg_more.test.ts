/** @file np.linalg additions of issue 10 (multiDot, lu/luFactor/luSolve, cond, matrixRank, tensorsolve, tensorinv, norm's positional ord, eigh's options) and the strict np.linalg table. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, checkGrads, grad, jit, np, vmap } from "../src/index.js";
import { signatureOf } from "../src/numpy/signature.js";
import { close } from "./util.js";

const f64 = (v: unknown) => np.array(v as number[][], { dtype: "float64" });
const A = [[2, -1, 0.5], [4, 1, 3], [-2, 5, 1]];
const M = [[1, 2, 3], [4, 5, 6], [7, 8, 10]];
const LA = np.linalg as unknown as Record<string, (...a: unknown[]) => unknown>;

// references computed offline with NumPy 1.24 / SciPy 1.10 (float64)
test("np.linalg.lu / luFactor / luSolve: scipy.linalg's forms", () => {
  const [p, l, u] = np.linalg.lu(f64(A)) as [NDArray, NDArray, NDArray];
  close(p, [[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
  close(l, [[1, 0, 0], [-0.5, 1, 0], [0.5, -0.2727272727272727, 1]], 1e-15);
  close(u, [[4, 1, 3], [0, 5.5, 2.5], [0, 0, -0.31818181818181823]], 1e-15);
  const [pl, u2] = np.linalg.lu(f64(A), { permuteL: true }) as [NDArray, NDArray];
  close(np.matmul(pl, u2), A, 1e-15);
  close(u2, u.toArray() as number[][]);
  const [lu, piv] = np.linalg.luFactor(f64(A));
  close(lu, [[4, 1, 3], [-0.5, 5.5, 2.5], [0.5, -0.2727272727272727, -0.31818181818181823]], 1e-15);
  assert.equal(piv.dtype, "int32");
  assert.deepEqual(piv.toArray(), [1, 2, 2]);
  assert.deepEqual(np.linalg.luFactor(f64([[0, 1, 2, 3], [1, 0, 0, 1], [5, 2, 1, 0], [1, 1, 7, 2]]))[1].toArray(), [2, 2, 3, 3]);
  const B = f64([[1, 2], [0, -1], [3, 1]]);
  close(np.linalg.luSolve([lu, piv], B), [[3.499999999999999, 4.999999999999999], [3.142857142857143, 3.8571428571428568], [-5.7142857142857135, -8.285714285714285]], 1e-14);
  close(np.linalg.luSolve([lu, piv], f64([1, 0, 3]), 1), [-7.428571428571428, 2.9285714285714284, -2.071428571428571], 1e-14);
  close(np.linalg.luSolve([lu, piv], f64([1, 0, 3]), 2), [-7.428571428571428, 2.9285714285714284, -2.071428571428571], 1e-14);
  // batched, against solve
  const As = f64([A, M]), bs = f64([[1, 2, 3], [-1, 0, 2]]);
  const direct = np.linalg.solve(As, bs.reshape([2, 3, 1])).reshape([2, 3]).toArray() as number[][]; // [B, n]: a batch of vectors
  close(np.linalg.luSolve(np.linalg.luFactor(As), bs), direct, 1e-13);
  const [P2, L2, U2] = np.linalg.lu(As) as NDArray[];
  close(np.matmul(P2, np.matmul(L2, U2)), [A, M], 1e-14);
  assert.throws(() => np.linalg.luSolve([lu, np.array([1, 2])], B), /luSolve: piv must be int32 of shape \[3\]/);
  assert.throws(() => np.linalg.luSolve([lu, piv], f64([1, 2])), /luSolve: b must be \[3\] or \[3,k\]/);
  assert.throws(() => LA.luSolve([lu, piv], B, 3), /luSolve: trans must be 0, 1 or 2/);
  assert.throws(() => np.linalg.lu(f64([[1, 2, 3]])), /np\.linalg\.lu: expected a \(batch of\) square matrices/);
  assert.throws(() => LA.lu(f64(A), { permute_l: true }), /np\.linalg\.lu: unknown option "permute_l"; expected one of: permuteL/);
});

test("np.linalg LU: derivatives, jit and vmap", () => {
  const a = f64(A), b = f64([1, 0, 3]);
  checkGrads((x: NDArray) => np.linalg.lu(x) as NDArray[], [a], { order: 1 });
  checkGrads((x: NDArray, y: NDArray) => np.linalg.luSolve(np.linalg.luFactor(x), y), [a, b], { order: 2 });
  checkGrads((x: NDArray, y: NDArray) => np.linalg.luSolve(np.linalg.luFactor(x), y, 1), [a, b], { order: 1 });
  const solveT = (x: NDArray, y: NDArray) => np.linalg.luSolve(np.linalg.luFactor(x), y, 1);
  close(jit(solveT)(a, b), solveT(a, b).toArray() as number[], 1e-14);
  const As = f64([A, M, [[0, 0, 1], [0, 2, 0], [3, 0, 0]]]), bs = f64([[1, 2, 3], [-1, 0, 2], [1, 1, 1]]);
  const viaLu = (x: NDArray, y: NDArray) => np.linalg.luSolve(np.linalg.luFactor(x), y);
  const direct = np.linalg.solve(As, bs.reshape([3, 3, 1])).reshape([3, 3]).toArray() as number[][];
  close(vmap(viaLu)(As, bs), direct, 1e-13);
  close(vmap(jit(viaLu))(As, bs), direct, 1e-13);
});

test("np.linalg.norm: NumPy's positional ord and axis, \"f\" alias, options", () => {
  const m = f64(M);
  const want: [number | string | null, number][] = [[2, 17.412505166808597], [-2, 0.19686652111743008], [1, 19], [-1, 12], [Infinity, 25], [-Infinity, 6], ["fro", 17.435595774162696], ["f", 17.435595774162696], ["nuc", 18.48453303803646], [null, 17.435595774162696]];
  for (const [ord, v] of want) {
    close(LA.norm(m, ord) as NDArray, [v], 1e-14);
    close(LA.norm(m, { ord }) as NDArray, [v], 1e-14);
  }
  const v = f64([3, -4, 1]);
  for (const [ord, w] of [[0.5, 22.392304845413257], [3, 4.514357435474001], [-1, 0.6315789473684211], [0, 3], [Infinity, 4], [-Infinity, 1]] as const) close(np.linalg.norm(v, ord), [w], 1e-14);
  close(np.linalg.norm(m, 1, 1), [6, 15, 25]); // vector 1-norms of the rows
  close(np.linalg.norm(m, null, 0), np.linalg.norm(m, { axis: 0 }).toArray() as number[]);
  assert.deepEqual(np.linalg.norm(m, 2, [0, 1], { keepdims: true }).shape, [1, 1]);
  assert.deepEqual(np.linalg.norm(m, Infinity, { axis: 1, keepdims: true }).shape, [3, 1]);
  assert.throws(() => LA.norm(m, "F"), /np\.linalg\.norm: invalid norm order "F"/);
  assert.throws(() => LA.norm(m, { ord: 2 }, 1), /norm: options \{ ord, axis, keepdims \} must come last/);
  assert.throws(() => LA.norm(m, 2, 1, { keepdims: true }, 0), /np\.linalg\.norm: expected at most 4 arguments/);
  assert.throws(() => LA.norm(m, 2, 1, { kd: true }), /np\.linalg\.norm: unknown option "kd"; expected one of: keepdims/);
  checkGrads((x: NDArray) => np.linalg.norm(x, 2), [m], { order: 1 });
});

test("np.linalg.cond and matrixRank", () => {
  const m = f64(M);
  const want: [number | string | null, number][] = [[null, 88.4482799206987], [2, 88.4482799206987], [-2, 0.011306042366189414], [1, 133], [-1, 28.000000000000007], [Infinity, 158.33333333333334], [-Infinity, 17.999999999999993], ["fro", 90.78423749626242], ["nuc", 116.07658777239588]];
  for (const [p, v] of want) close(LA.cond(m, p) as NDArray, [v], 1e-12);
  close(np.linalg.cond(f64([M, [[1, 0, 0], [0, 4, 0], [0, 0, 2]]])), [88.4482799206987, 4], 1e-12);
  close(np.linalg.cond(f64([[1, 0], [0, 0]])), [Infinity]);
  assert.throws(() => np.linalg.cond(f64([1, 2])), /cond: expected a \(batch of\) matrices/);
  assert.throws(() => LA.cond(m, 3), /cond: invalid norm order 3/);
  checkGrads((x: NDArray) => np.linalg.cond(x), [m], { order: 1 });
  checkGrads((x: NDArray) => np.linalg.cond(x, 1), [f64(A)], { order: 1 });

  const r = f64([[1, 2, 3], [2, 4, 6], [1, 0, 1], [0, 0, 0]]);
  const rk = np.linalg.matrixRank(r);
  assert.equal(rk.dtype, "int32");
  assert.equal(rk.item(), 2);
  const dg = f64([[1, 0, 0], [0, 1e-3, 0], [0, 0, 1e-9]]);
  assert.equal(np.linalg.matrixRank(dg).item(), 3);
  assert.equal(np.linalg.matrixRank(dg, { tol: 1e-2 }).item(), 1); // NumPy's absolute tol
  assert.equal(np.linalg.matrixRank(dg, 1e-6).item(), 2); // JAX's positional rtol
  assert.deepEqual(np.linalg.matrixRank(f64([[[1, 2], [2, 4]], [[1, 0], [0, 1]]])).toArray(), [1, 2]);
  assert.equal(np.linalg.matrixRank(f64([0, 0])).item(), 0);
  assert.equal(np.linalg.matrixRank(f64([0, 3])).item(), 1);
  assert.equal(np.linalg.matrixRank(np.zeros([0, 3])).item(), 0);
  assert.deepEqual(vmap((x: NDArray) => np.linalg.matrixRank(x))(f64([[[1, 2], [2, 4]], [[1, 0], [0, 1]]])).toArray(), [1, 2]);
  assert.equal(jit((x: NDArray) => np.linalg.matrixRank(x))(r).item(), 2);
  assert.throws(() => LA.matrixRank(r, { rtol: -1 }), /matrixRank: rtol must be a non-negative number, got -1/);
});

test("np.linalg.multiDot: order-optimal chains, 1-D ends", () => {
  const a = f64([[1, 2, 3], [4, 5, 6]]), b = f64([[1, 0], [2, 1], [0, 3]]), c = f64([[1, 1, 0, 2], [0, 2, 1, 1]]), d = f64([1, -1, 2, 0.5]);
  close(np.linalg.multiDot([a, b, c, d]), [10.5, 25.5]);
  close(np.linalg.multiDot([f64([1, 2]), a, b]), [33, 57]);
  close(np.linalg.multiDot([a, b]), np.matmul(a, b).toArray() as number[][]);
  const s = np.linalg.multiDot([f64([1, 2]), a, f64([1, 0, 1])]);
  assert.deepEqual(s.shape, []);
  close(s, [1 * 4 + 2 * 10]);
  assert.throws(() => np.linalg.multiDot([a]), /multiDot: expected at least two arrays/);
  assert.throws(() => np.linalg.multiDot([a, a]), /multiDot: shapes \[2,3\] \(array 0\) and \[2,3\] \(array 1\) do not chain/);
  assert.throws(() => np.linalg.multiDot([a, f64([1, 2, 3]), b]), /multiDot: array 1 must be 2-D/);
  checkGrads((x: NDArray, y: NDArray, z: NDArray) => np.linalg.multiDot([x, y, z]), [a, b, c], { order: 1 });
  close(jit((x: NDArray, y: NDArray, z: NDArray) => np.linalg.multiDot([x, y, z, d]))(a, b, c), [10.5, 25.5]);
});

test("np.linalg.tensorsolve and tensorinv", () => {
  const T6 = np.add(np.multiply(np.eye(6, { dtype: "float64" }), 3), np.divide(np.arange(36, { dtype: "float64" }).reshape([6, 6]), 10));
  const x1 = [[-0.1608187134502924, -0.02923976608187135, 0.10233918128654966], [0.23391812865497083, 0.3654970760233919, 0.49707602339181284]];
  close(np.linalg.tensorsolve(T6.reshape([6, 2, 3]), np.arange(6, { dtype: "float64" })), x1, 1e-14);
  close(np.linalg.tensorsolve(T6.reshape([2, 3, 6]), np.arange(6, { dtype: "float64" }).reshape([2, 3])), x1.flat(), 1e-14);
  close(np.linalg.tensorsolve(T6.reshape([2, 3, 2, 3]), np.arange(6, { dtype: "float64" }).reshape([2, 3]), [0]),
    [[-0.5409356725146198, -0.27777777777777773], [-0.014619883040935717, 0.24853801169590656], [0.5116959064327484, 0.7748538011695906]], 1e-14);
  assert.throws(() => np.linalg.tensorsolve(T6.reshape([6, 2, 3]), np.arange(4)), /tensorsolve: a \[6,2,3\] and b \[4\] do not form a square system/);
  assert.throws(() => np.linalg.tensorsolve(np.ones([6, 2, 2]), np.ones([6])), /tensorsolve: a \[6,2,2\] and b \[6\] do not form a square system/);
  const ti = np.linalg.tensorinv(T6.reshape([2, 3, 6]));
  assert.deepEqual(ti.shape, [6, 2, 3]);
  close(np.array((ti.toArray() as number[][][]).flat(2).slice(0, 8), { dtype: "float64" }), [0.3654970760233918, 0.020467836257309937, 0.008771929824561401, -0.002923976608187135, -0.014619883040935673, -0.026315789473684202, 0.005847953216374274, 0.33099415204678356], 1e-14);
  assert.deepEqual(np.linalg.tensorinv(T6.reshape([6, 3, 2]), 1).shape, [3, 2, 6]);
  // tensordot(tensorinv(a), a, 1-… ) = identity: inv(a)·a over the matched dimensions
  close(np.matmul(ti.reshape([6, 6]), T6), (np.eye(6).toArray() as number[][]), 1e-13);
  assert.throws(() => np.linalg.tensorinv(np.ones([2, 3, 4])), /tensorinv: a \[2,3,4\] is not square/);
  assert.throws(() => np.linalg.tensorinv(T6, 0), /tensorinv: ind must be a positive integer, got 0/);
  checkGrads((a: NDArray, b: NDArray) => np.linalg.tensorsolve(a, b), [T6.reshape([6, 2, 3]), np.arange(6, { dtype: "float64" })], { order: 1 });
  checkGrads((a: NDArray) => np.linalg.tensorinv(a, 1), [T6.reshape([6, 3, 2])], { order: 1 });
});

test("np.linalg.eigh / eigvalsh: positional UPLO and sortEigenvalues", () => {
  const s = f64([[2, 1, 0], [1, 3, 1], [0, 1, 4]]);
  const [w] = np.linalg.eigh(s, { sortEigenvalues: true });
  const w2 = np.linalg.eigh(s, "U")[0];
  close(w2, w.toArray() as number[], 1e-14);
  close(np.linalg.eigh(s, { sortEigenvalues: false })[0], w.toArray() as number[], 1e-14);
  close(np.linalg.eigvalsh(s, "L"), w.toArray() as number[], 1e-14);
  assert.throws(() => LA.eigh(s, { sortEigenvalues: 1 }), /eigh: sortEigenvalues must be a boolean/);
  assert.throws(() => LA.eigh(s, { sort: true }), /np\.linalg\.eigh: unknown option "sort"/);
});

test("np.linalg: every function is checked against a signature; surplus arguments and unknown options are rejected", () => {
  const unchecked: string[] = [];
  for (const [name, f] of Object.entries(np.linalg)) {
    if (typeof f !== "function") continue;
    const sig = signatureOf(f);
    if (sig === undefined || !sig.startsWith(`np.linalg.${name}(`)) unchecked.push(name);
  }
  assert.deepEqual(unchecked, []);
  const m = f64([[2, 1], [1, 2]]);
  assert.throws(() => LA.inv(m, 1), /np\.linalg\.inv: expected at most 1 argument/);
  assert.throws(() => LA.det(m, { x: 1 }), /np\.linalg\.det: expected at most 1 argument/);
  assert.throws(() => LA.svd(m, { full_matrices: false }), /np\.linalg\.svd: unknown option "full_matrices"; expected one of: fullMatrices, computeUv/);
  assert.throws(() => LA.solve(m), /np\.linalg\.solve: argument b is missing/);
  close(LA.pinv(f64([[2, 0], [0, 1e-9]]), 1e-6) as NDArray, [[0.5, 0], [0, 0]]);
  close((LA.lstsq(f64([[1, 0], [1, 1], [1, 2]]), f64([1, 2, 4]), -1) as NDArray[])[0], [5 / 6, 3 / 2], 1e-14);
  close(grad((x: NDArray) => np.linalg.norm(x, "f"))(f64([[3, 0], [0, 4]])), [[0.6, 0], [0, 0.8]]);
});

test("np.linalg array-API members: matmul, matrixTranspose, diagonal, trace, outer, tensordot, vecdot, cross", () => {
  const t = np.arange(12, { dtype: "float64" }).reshape([2, 2, 3]);
  close(np.linalg.matmul(f64([[1, 2]]), f64([[3], [4]])), [[11]]);
  assert.deepEqual(np.linalg.matrixTranspose(t).shape, [2, 3, 2]);
  close(np.linalg.matrixTranspose(t), [[[0, 3], [1, 4], [2, 5]], [[6, 9], [7, 10], [8, 11]]]);
  close(np.linalg.diagonal(t), [[0, 4], [6, 10]]);
  close(np.linalg.diagonal(t, { offset: 1 }), [[1, 5], [7, 11]]);
  close(np.linalg.trace(t), [4, 16]);
  close(np.linalg.trace(t, { offset: -1 }), [3, 9]);
  close(np.linalg.outer(f64([1, 2]), f64([3, 4, 5])), [[3, 4, 5], [6, 8, 10]]);
  assert.throws(() => np.linalg.outer(t, f64([1])), /outer: expected two vectors, got shapes \[2,2,3\] and \[1\]/);
  close(np.linalg.tensordot(t, f64([1, 0, -1]), { axes: 1 }), [[-2, -2], [-2, -2]]);
  close(np.linalg.tensordot(t, f64([[1, 0, -1], [1, 1, 1]])), [10, 28]);
  close(np.linalg.vecdot(f64([[1, 2], [3, 4]]), f64([1, 1])), [3, 7]);
  close(np.linalg.vecdot(f64([[1, 2], [3, 4]]), f64([[1], [2]]), { axis: 0 }), [7, 10]);
  close(np.linalg.cross(f64([1, 0, 0]), f64([0, 1, 0])), [0, 0, 1]);
  close(np.linalg.cross(f64([[1, 2, 3], [4, 5, 6]]), f64([7, 8, 10])), [[-4, 11, -6], [2, 2, -3]]);
  close(np.linalg.cross(f64([[1, 4], [2, 5], [3, 6]]), f64([[7, 7], [8, 8], [10, 10]]), { axis: 0 }), [[-4, 2], [11, 2], [-6, -3]]);
  assert.throws(() => np.linalg.cross(f64([1, 2]), f64([3, 4])), /cross: axis -1 must have size 3/);
  checkGrads((a: NDArray, b: NDArray) => np.linalg.cross(a, b), [f64([[1, 2, 3], [4, 5, 6]]), f64([7, 8, 10])], { order: 2 });
  close(vmap((a: NDArray) => np.linalg.trace(a))(t.reshape([2, 1, 2, 3])), [[4], [16]]);
});

test("np.linalg.qr / svd: NumPy's positional mode, fullMatrices, computeUv", () => {
  const a = f64([[3, 1], [4, 2], [0, 1]]);
  close(np.linalg.qr(a, "r"), np.linalg.qr(a, { mode: "r" }).toArray() as number[][]);
  assert.deepEqual(np.linalg.qr(a, "complete")[0].shape, [3, 3]);
  assert.deepEqual(np.linalg.qr(a)[0].shape, [3, 2]);
  close(np.linalg.svd(a, false, false), np.linalg.svdvals(a).toArray() as number[], 1e-14);
  assert.deepEqual(np.linalg.svd(a, false)[0].shape, [3, 2]);
  assert.deepEqual(np.linalg.svd(a, true)[0].shape, [3, 3]);
  assert.deepEqual(np.linalg.svd(a, { fullMatrices: false })[2].shape, [2, 2]);
  assert.throws(() => LA.qr(a, "raw"), /qr: mode must be "reduced", "complete" or "r", got "raw"/);
  assert.throws(() => LA.svd(a, { fullMatrices: false }, false), /svd: options \{ fullMatrices, computeUv \} must come last/);
  assert.throws(() => LA.svd(a, false, 1), /svd: computeUv must be a boolean, got 1/);
});
