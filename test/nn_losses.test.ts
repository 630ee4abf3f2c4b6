/** @file nn losses (issue 11): values against NumPy (float64 and float32), derivatives (checkGrads), stability at extreme logits, jit/vmap, and errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, checkGrads, grad, jit, nn, np, vmap } from "../src/index.js";
import { close } from "./util.js";

const f64 = (v: number[] | number[][]) => np.array(v, { dtype: "float64" });
const f32 = (v: number[] | number[][]) => np.array(v, { dtype: "float32" });
const ids = (v: number[]) => np.array(v, { dtype: "int32" });

// references computed offline with NumPy 1.24 / SciPy (float64)
const L = [[1.5, -0.3, 2.2, 0.1], [-1.0, 0.5, 0.0, 3.0], [0.2, 0.2, -2.0, 1.1]];
const LAB = [2, 0, 3];
const P = [[0.1, 0.2, 0.6, 0.1], [0.25, 0.25, 0.25, 0.25], [0, 0, 0.3, 0.7]];
const W = [[true, true, false, true], [true, false, true, true], [true, true, true, true]];
const REF = {
  int: [0.5312908142647403, 4.139925151560595, 0.6196021001931653],
  soft: [1.3112908142647406, 2.514925151560595, 1.5496021001931652],
  smooth: [0.7962908142647405, 3.8149251515605953, 0.8646021001931654],
  whereInt: [0.3449333772594918, 0.06588390375742925, 1.5196021001931654],
  whereSoft: [0.6379733509037967, 1.799412927818072, 1.5496021001931652],
};
const transpose = (m: number[][]) => m[0].map((_, j) => m.map((r) => r[j]));

test("softmaxCrossEntropy: integer and probability labels, smoothing, where, axis (vs NumPy)", () => {
  close(nn.softmaxCrossEntropy(f64(L), ids(LAB)), REF.int);
  const oneHot = LAB.map((c) => [0, 1, 2, 3].map((j) => (j === c ? 1 : 0)));
  close(nn.softmaxCrossEntropy(f64(L), f64(oneHot)), REF.int); // one-hot floats = integer labels
  close(nn.softmaxCrossEntropy(f64(L), f64(P)), REF.soft);
  close(nn.softmaxCrossEntropy(f64(L), ids(LAB), { labelSmoothing: 0.2 }), REF.smooth);
  close(nn.softmaxCrossEntropy(f64(L), f64(oneHot), { labelSmoothing: 0.2 }), REF.smooth);
  close(nn.softmaxCrossEntropy(f64(L), ids([0, 3, 1]), { where: np.array(W) }), REF.whereInt);
  close(nn.softmaxCrossEntropy(f64(L), f64(P), { where: np.array(W) }), REF.whereSoft);
  close(nn.softmaxCrossEntropy(f64(transpose(L)), ids(LAB), { axis: 0 }), REF.int);
  close(nn.softmaxCrossEntropy(f64(transpose(L)), f64(transpose(P)), { axis: 0 }), REF.soft);
  // float32 in, float32 out (within float32 rounding)
  const r32 = nn.softmaxCrossEntropy(f32(L), ids(LAB));
  assert.equal(r32.dtype, "float32");
  close(r32, REF.int, 1e-6);
  // per-example: batch dims kept, the class axis reduced
  assert.deepEqual(nn.softmaxCrossEntropy(np.zeros([2, 5, 3]), np.zeros([2, 5], "int32")).shape, [2, 5]);
  close(nn.softmaxCrossEntropy(np.zeros([2, 3], "float64"), ids([0, 2])), [Math.log(3), Math.log(3)]);
});

test("softmaxCrossEntropy: derivatives (checkGrads), softmax − labels, stable at logits ±1e4", () => {
  checkGrads((z: NDArray) => nn.softmaxCrossEntropy(z, ids(LAB)), [f64(L)], { order: 2 });
  checkGrads((z: NDArray, p: NDArray) => nn.softmaxCrossEntropy(z, p, { labelSmoothing: 0.1 }), [f64(L), f64(P)], { order: 2 });
  checkGrads((z: NDArray) => nn.softmaxCrossEntropy(z, f64(P), { where: np.array(W) }), [f64(L)], { order: 2 });
  // d/dz Σ CE = softmax(z) − onehot
  const g = grad((z: NDArray) => np.sum(nn.softmaxCrossEntropy(z, ids(LAB))))(f64(L));
  const sm = nn.softmax(f64(L)).toArray() as number[][];
  close(g, sm.map((r, i) => r.map((v, j) => v - (j === LAB[i] ? 1 : 0))), 1e-14);
  for (const dt of ["float32", "float64"] as const) {
    const big = np.array([[1e4, -1e4, 0], [-1e4, 1e4, 0], [1e4, 1e4, -1e4]], dt);
    const v = nn.softmaxCrossEntropy(big, ids([0, 0, 2]));
    close(v, [0, 2e4, 2e4 + Math.LN2], 1e-7);
    const gi = grad((z: NDArray) => np.sum(nn.softmaxCrossEntropy(z, ids([0, 0, 2]))))(big);
    close(gi, [[0, 0, 0], [-1, 1, 0], [0.5, 0.5, -1]], 1e-7);
    const gs = grad((z: NDArray) => np.sum(nn.softmaxCrossEntropy(z, np.array([[0.5, 0.5, 0], [1, 0, 0], [0, 0, 1]], dt), { labelSmoothing: 0.3 })))(big);
    assert.ok((gs.toArray() as number[][]).flat().every(Number.isFinite), `${dt}: finite gradient`);
  }
});

test("softmaxCrossEntropy: jit and vmap agree with eager", () => {
  const f = (z: NDArray, y: NDArray) => nn.softmaxCrossEntropy(z, y, { labelSmoothing: 0.2 });
  close(jit(f)(f64(L), ids(LAB)), REF.smooth, 1e-13);
  close(vmap((z: NDArray, y: NDArray) => nn.softmaxCrossEntropy(z, y))(f64(L), ids(LAB)), REF.int, 1e-13);
  close(vmap((z: NDArray, p: NDArray) => nn.softmaxCrossEntropy(z, p))(f64(L), f64(P)), REF.soft, 1e-13);
  // labels traced under jit: no range check there, the same values
  close(jit((y: NDArray) => nn.softmaxCrossEntropy(f64(L), y))(ids(LAB)), REF.int, 1e-13);
});

test("softmaxCrossEntropy: errors name the function, the shapes and the labels", () => {
  assert.throws(() => nn.softmaxCrossEntropy(f64(L), ids([0, 4, 1])), /nn\.softmaxCrossEntropy: labels must be class ids in \[0, 4\), got labels from 0 to 4/);
  assert.throws(() => nn.softmaxCrossEntropy(f64(L), ids([-1, 0, 1])), /labels must be class ids in \[0, 4\), got labels from -1 to 1/);
  assert.throws(() => nn.softmaxCrossEntropy(f64(L), ids([0, 1])), /nn\.softmaxCrossEntropy: integer labels of shape \[2\] for logits of shape \[3, 4\]; expected labels of shape \[3\]/);
  assert.throws(() => nn.softmaxCrossEntropy(f64(L), f64([[1, 0, 0]])), /float labels of shape \[1, 3\] for logits of shape \[3, 4\]; expected the same shape/);
  assert.throws(() => nn.softmaxCrossEntropy(f64(L), np.array([true, false, true])), /labels must be integer class ids or float probabilities, got bool\[3\]/);
  assert.throws(() => nn.softmaxCrossEntropy(f64(L), ids(LAB), { labelSmoothing: 1.5 }), /labelSmoothing must be a number in \[0, 1\], got 1\.5/);
  assert.throws(() => nn.softmaxCrossEntropy(f64(L), ids(LAB), { axis: 2 }), /axis 2 is out of bounds for logits of rank 2/);
  assert.throws(() => nn.softmaxCrossEntropy(f64(L), ids(LAB), { where: np.ones([3, 4]) }), /where must be a bool array, got float32\[3, 4\]/);
  assert.throws(() => nn.softmaxCrossEntropy(np.array(1), ids([])), /logits must have a class axis/);
  assert.throws(() => (nn as any).softmaxCrossEntropy(f64(L), ids(LAB), { smoothing: 0.1 }), /nn\.softmaxCrossEntropy: unknown option "smoothing"; expected one of: labelSmoothing, axis, where/);
});

const Z = [-3, -0.5, 0, 0.7, 4];
const Y = [0, 1, 0.3, 1, 0];
const PR = [-2.5, -0.4, 0.0, 0.9, 3.0];
const TG = [0.0, 0.1, 0.0, -0.3, 1.2];

test("elementwise losses: values against NumPy in float64 and float32", () => {
  for (const [a, tol] of [[f64, 1e-14], [f32, 2e-7]] as const) {
    const dt = a === f64 ? "float64" : "float32";
    const check = (got: NDArray, want: number[]) => (assert.equal(got.dtype, dt), close(got, want, tol));
    check(nn.sigmoidBinaryCrossEntropy(a(Z), a(Y)), [0.04858735157374206, 0.9740769841801067, 0.6931471805599453, 0.4031860488854579, 4.0181499279178094]);
    check(nn.huber(a(PR), a(TG)), [2.0, 0.125, 0.0, 0.7, 1.3]);
    check(nn.huber(a(PR), a(TG), 0.5), [1.125, 0.125, 0.0, 0.475, 0.775]);
    check(nn.logCosh(a(PR), a(TG)), [1.8135681679291726, 0.12011450695827745, 0.0, 0.5936889715940044, 1.1338099124482626]);
    check(nn.squaredError(a(PR), a(TG)), [6.25, 0.25, 0.0, 1.44, 3.24]);
    check(nn.l2Loss(a(PR), a(TG)), [3.125, 0.125, 0.0, 0.72, 1.62]);
    check(nn.mse(a(PR), a(TG)), [2.2359999999999998]);
    check(nn.hingeLoss(a([0.5, 2, -1, -0.3]), a([1, 1, 1, -1])), [0.5, 0.0, 2.0, 0.7]);
  }
  // targets default to zeros (Optax's targets=None)
  close(nn.squaredError(f64([1, -2])), [1, 4]);
  close(nn.l2Loss(f64([1, -2])), [0.5, 2]);
  close(nn.logCosh(f64([0, 1000, -1000])), [0, 1000 - Math.LN2, 1000 - Math.LN2]);
  // mse reduces to a scalar; the others are per element
  assert.deepEqual(nn.mse(np.ones([2, 3]), np.zeros([2, 3])).shape, []);
  assert.deepEqual(nn.huber(np.ones([2, 3]), np.zeros([2, 3])).shape, [2, 3]);
  // integer targets are converted
  close(nn.squaredError(f64([1.5]), ids([1])), [0.25]);
});

test("sigmoidBinaryCrossEntropy: stable values and gradients σ(z) − y at logits ±1e4", () => {
  for (const dt of ["float32", "float64"] as const) {
    const z = np.array([1e4, -1e4, 1e4, -1e4, 50], dt), y = np.array([1, 0, 0, 1, 0.5], dt);
    close(nn.sigmoidBinaryCrossEntropy(z, y), [0, 0, 1e4, 1e4, 25 + Math.log1p(Math.exp(-50))], 1e-7);
    close(grad((v: NDArray) => np.sum(nn.sigmoidBinaryCrossEntropy(v, y)))(z), [0, 0, 1, -1, 0.5], 1e-7);
  }
});

test("elementwise losses: derivatives (checkGrads, float64), cosine similarity and distance", () => {
  checkGrads((z: NDArray, y: NDArray) => nn.sigmoidBinaryCrossEntropy(z, y), [f64(Z), f64(Y)], { order: 2 });
  // huber away from its kinks |e| = δ
  checkGrads((p: NDArray, t: NDArray) => nn.huber(p, t), [f64(PR), f64(TG)], { order: 2 });
  checkGrads((p: NDArray, t: NDArray) => nn.logCosh(p, t), [f64(PR), f64(TG)], { order: 2 });
  checkGrads((p: NDArray, t: NDArray) => nn.mse(p, t), [f64(PR), f64(TG)], { order: 2 });
  checkGrads((p: NDArray) => nn.l2Loss(p), [f64(PR)], { order: 2 });
  checkGrads((p: NDArray) => nn.hingeLoss(p, f64([1, 1, 1, -1])), [f64([0.5, 2, -1, -0.3])], { order: 1 });
  const A = [[1, 2, 3], [-1, 0.5, 2]], B = [[0.5, -1, 2], [2, 1, 0]];
  close(nn.cosineSimilarity(f64(A), f64(B)), [0.5248906591678238, -0.29277002188455997], 1e-14);
  close(nn.cosineDistance(f64(A), f64(B)), [1 - 0.5248906591678238, 1 + 0.29277002188455997], 1e-14);
  close(nn.cosineSimilarity(f64(A), f64(B), { axis: 0 }), [-0.5144957554275265, -0.5144957554275265, 0.8320502943378437], 1e-14);
  close(nn.cosineSimilarity(f32(A), f32(B)), [0.5248906591678238, -0.29277002188455997], 1e-6);
  // epsilon bounds each squared norm below (as Optax): ‖[1e-3, 0]‖ → √0.01 = 0.1
  close(nn.cosineSimilarity(f64([[1e-3, 0], [3, 4]]), f64([[1, 1], [0, 2]]), { epsilon: 0.01 }), [0.0070710678118654745, 0.8], 1e-14);
  // where: masked entries leave the norms and the inner product
  close(nn.cosineSimilarity(f64(A), f64(B), { where: np.array([[true, true, false], [false, true, true]]) }),
    [(0.5 - 2) / Math.sqrt(5) / Math.sqrt(1.25), 0.5 / Math.sqrt(4.25) / 1], 1e-14);
  checkGrads((p: NDArray, t: NDArray) => nn.cosineSimilarity(p, t, { where: np.array([true, false, true]) }), [f64(A), f64(B)], { order: 2 });
  checkGrads((p: NDArray, t: NDArray) => nn.cosineSimilarity(p, t), [f64(A), f64(B)], { order: 2 });
  // a zero vector with epsilon > 0: value 0 and a finite gradient
  const g = grad((p: NDArray) => np.sum(nn.cosineSimilarity(p, f64([[1, 2]]), { epsilon: 1e-8 })))(f64([[0, 0]]));
  assert.ok((g.toArray() as number[][]).flat().every(Number.isFinite));
  close(vmap((p: NDArray, t: NDArray) => nn.cosineSimilarity(p, t))(f64(A), f64(B)), [0.5248906591678238, -0.29277002188455997], 1e-14);
  close(jit((p: NDArray, t: NDArray) => nn.huber(p, t, 0.5))(f64(PR), f64(TG)), [1.125, 0.125, 0.0, 0.475, 0.775], 1e-14);
});

test("elementwise losses: errors name the function and the shapes", () => {
  assert.throws(() => nn.mse(np.zeros([4]), np.zeros([4, 1])), /nn\.mse: predictions of shape \[4\] and targets of shape \[4, 1\] must have the same shape/);
  assert.throws(() => nn.sigmoidBinaryCrossEntropy(np.zeros([3]), np.zeros([2])), /nn\.sigmoidBinaryCrossEntropy: logits of shape \[3\] and labels of shape \[2\] must have the same shape/);
  assert.throws(() => nn.huber(np.zeros([2]), np.zeros([2]), -1), /nn\.huber: delta must be a positive number, got -1/);
  assert.throws(() => nn.cosineSimilarity(np.zeros([2, 3]), np.zeros([2, 3]), { axis: 3 }), /nn\.cosineSimilarity: axis 3 is out of bounds/);
  assert.throws(() => nn.cosineDistance(np.array(1), np.array(1)), /nn\.cosineDistance: needs vectors/);
  assert.throws(() => (nn as any).mse(np.zeros([2])), /nn\.mse: argument targets is missing/);
  assert.throws(() => (nn as any).cosineSimilarity(np.zeros([2]), np.zeros([2]), { eps: 1 }), /unknown option "eps"; expected one of: epsilon, axis, where/);
  // cosine of a zero vector without epsilon is NaN, as Optax
  close(nn.cosineSimilarity(f64([[0, 0]]), f64([[1, 2]])), [NaN]);
});
