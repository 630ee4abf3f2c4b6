/** @file nn.initializers (issue 11): JAX's fan rule, exact draws as compositions of random.*, variance statistics, orthogonality, dtypes and errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, jit, nn, np, random } from "../src/index.js";
import { close } from "./util.js";

const I = nn.initializers;
const key = random.key(42);
const flat = (a: NDArray) => Array.from(np.ravel(a).toArray() as number[]);
const maxAbs = (xs: number[]) => xs.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const meanOf = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const varOf = (xs: number[]) => {
  const m = meanOf(xs);
  return xs.reduce((s, v) => s + (v - m) ** 2, 0) / xs.length;
};
const TRUNC_STD = 0.87962566103423978;

test("computeFans: JAX's rule (receptive field = product of the other axes)", () => {
  assert.deepEqual(I.computeFans([784, 128]), [784, 128]);
  assert.deepEqual(I.computeFans([3, 3, 16, 32]), [144, 288]); // HWIO conv kernel
  assert.deepEqual(I.computeFans([5, 7, 3, 2, 4]), [5 * 7 * 3 * 2, 5 * 7 * 3 * 4]);
  assert.deepEqual(I.computeFans([10, 3, 4], { batchAxis: 0 }), [3, 4]);
  assert.deepEqual(I.computeFans([6, 5], { inAxis: -1, outAxis: -2 }), [5, 6]);
  assert.deepEqual(I.computeFans([2, 3, 4], { inAxis: [0, 1], outAxis: 2 }), [6, 4]);
  assert.throws(() => I.computeFans([5]), /cannot compute fan-in and fan-out of a weight of shape \[5\]; expected at least 2 dimensions/);
  assert.throws(() => I.computeFans([2, 3], { inAxis: 2 }), /inAxis 2 is out of bounds for a shape of rank 2/);
});

test("variance-scaling initializers draw exactly random.truncatedNormal/normal/uniform scaled as JAX", () => {
  const s = [4, 3];
  // lecunNormal: truncated normal on (−2, 2), std √(1/fanIn) / 0.8796…
  close(I.lecunNormal()(key, s), np.multiply(random.truncatedNormal(key, -2, 2, s), Math.sqrt(1 / 4) / TRUNC_STD).toArray(), 1e-6);
  close(I.heNormal()(key, s), np.multiply(random.truncatedNormal(key, -2, 2, s), Math.sqrt(2 / 4) / TRUNC_STD).toArray(), 1e-6);
  close(I.glorotNormal()(key, s), np.multiply(random.truncatedNormal(key, -2, 2, s), Math.sqrt(1 / 3.5) / TRUNC_STD).toArray(), 1e-6);
  // uniform: U(−1, 1) · √(3·variance)
  close(I.glorotUniform()(key, s, "float64"), np.multiply(random.uniform(key, s, { dtype: "float64", minval: -1 }), Math.sqrt(3 / 3.5)).toArray(), 1e-15);
  close(I.heUniform()(key, s, "float64"), np.multiply(random.uniform(key, s, { dtype: "float64", minval: -1 }), Math.sqrt(6 / 4)).toArray(), 1e-15);
  close(I.lecunUniform()(key, s, "float64"), np.multiply(random.uniform(key, s, { dtype: "float64", minval: -1 }), Math.sqrt(3 / 4)).toArray(), 1e-15);
  close(I.varianceScaling(3, "fanOut", "normal")(key, s, "float64"), np.multiply(random.normal(key, s, { dtype: "float64" }), 1).toArray(), 1e-15);
  // the other names (JAX's xavier_*/kaiming_*)
  close(I.xavierUniform()(key, s), I.glorotUniform()(key, s).toArray() as number[][], 0);
  close(I.xavierNormal()(key, s), I.glorotNormal()(key, s).toArray() as number[][], 0);
  close(I.kaimingUniform()(key, s), I.heUniform()(key, s).toArray() as number[][], 0);
  close(I.kaimingNormal()(key, s), I.heNormal()(key, s).toArray() as number[][], 0);
  // the simple ones
  close(I.normal(0.1)(key, s, "float64"), np.multiply(random.normal(key, s, { dtype: "float64" }), 0.1).toArray(), 1e-15);
  close(I.normal()(key, s, "float64"), np.multiply(random.normal(key, s, { dtype: "float64" }), 0.01).toArray(), 1e-15);
  close(I.uniform(2)(key, s, "float64"), np.multiply(random.uniform(key, s, { dtype: "float64" }), 2).toArray(), 1e-15);
  close(I.truncatedNormal(0.02, -1, 1)(key, s, "float64"), np.multiply(random.truncatedNormal(key, -1, 1, s, { dtype: "float64" }), 0.02).toArray(), 1e-15);
  close(I.constant(0.5)(key, [2]), [0.5, 0.5]);
  close(I.zeros(key, [2, 2]), [[0, 0], [0, 0]]);
  close(I.ones(key, [3]), [1, 1, 1]);
  // under jit: the same numbers
  close(jit((k: NDArray) => I.heNormal()(k, s))(key), I.heNormal()(key, s).toArray() as number[][], 1e-6);
});

test("dtypes: the default float, the factory's dtype, the call's dtype", () => {
  assert.equal(I.lecunNormal()(key, [2, 2]).dtype, "float32");
  assert.equal(I.lecunNormal({ dtype: "float64" })(key, [2, 2]).dtype, "float64");
  assert.equal(I.lecunNormal({ dtype: "float64" })(key, [2, 2], "float32").dtype, "float32");
  assert.equal(I.orthogonal(1, -1, { dtype: "float64" })(key, [3, 3]).dtype, "float64");
  assert.equal(I.zeros(key, [2], "float64").dtype, "float64");
  assert.equal(I.constant(1, { dtype: "int32" })(key, [2]).dtype, "int32");
  assert.equal(I.uniform()(key, [2], "float64").dtype, "float64");
});

test("statistics: the variance follows the fan rule for large shapes (within sampling error), bounds hold", () => {
  // 200,000 draws: the sample variance is within ~1% (≈ 3σ) of the target
  const cases: [string, NDArray, number][] = [
    ["heNormal [500, 400]", I.heNormal()(key, [500, 400], "float64"), 2 / 500],
    ["glorotUniform [500, 400]", I.glorotUniform()(key, [500, 400], "float64"), 2 / 900],
    ["lecunNormal [400, 500]", I.lecunNormal()(key, [400, 500], "float64"), 1 / 400],
    ["heUniform conv [3, 3, 64, 350]", I.heUniform()(key, [3, 3, 64, 350], "float64"), 2 / 576],
    ["glorotNormal conv [5, 5, 40, 200]", I.glorotNormal()(key, [5, 5, 40, 200], "float64"), 2 / (1000 + 5000)],
    ["varianceScaling fanOut normal [400, 500]", I.varianceScaling(0.5, "fanOut", "normal")(key, [400, 500], "float64"), 0.5 / 500],
  ];
  for (const [name, w, want] of cases) {
    const xs = flat(w);
    const v = varOf(xs);
    assert.ok(Math.abs(v / want - 1) < 0.015, `${name}: variance ${v} vs ${want}`);
    assert.ok(Math.abs(meanOf(xs)) < 4 * Math.sqrt(want / xs.length), `${name}: mean ${meanOf(xs)}`);
  }
  // truncated normal within ±2 of its pre-correction std, uniform within ±√(3·var)
  const ln = flat(I.lecunNormal()(key, [400, 500], "float64"));
  assert.ok(maxAbs(ln) <= (2 * Math.sqrt(1 / 400)) / TRUNC_STD + 1e-12);
  const gu = flat(I.glorotUniform()(key, [500, 400], "float64"));
  assert.ok(maxAbs(gu) <= Math.sqrt(3 * (2 / 900)));
});

test("orthogonal: QᵀQ = I (tall), QQᵀ = I (wide), over columnAxis for conv shapes, scaled", () => {
  const eye = (n: number, s = 1) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? s : 0)));
  const tall = I.orthogonal()(key, [6, 4], "float64");
  close(np.matmul(np.transpose(tall), tall), eye(4), 1e-13);
  const wide = I.orthogonal()(key, [3, 7], "float64");
  close(np.matmul(wide, np.transpose(wide)), eye(3), 1e-13);
  const conv = I.orthogonal()(key, [3, 3, 4, 8], "float64");
  const m = np.reshape(conv, [36, 8]);
  close(np.matmul(np.transpose(m), m), eye(8), 1e-13);
  // columnAxis 0: the columns run along axis 0
  const c0 = I.orthogonal(2, 0)(key, [5, 2, 3], "float64");
  const m0 = np.transpose(np.reshape(np.moveaxis(c0, 0, -1), [6, 5])); // [5, 6]: rows along axis 0
  close(np.matmul(m0, np.transpose(m0)), eye(5, 4), 1e-12);
  // float32 within float32 rounding
  const q32 = I.orthogonal()(key, [5, 5]);
  close(np.matmul(np.transpose(q32), q32), eye(5), 1e-5);
  // R's diagonal made positive: Q = A R⁻¹ with the sign convention fixed (deterministic for a key)
  close(I.orthogonal()(key, [6, 4], "float64"), tall.toArray() as number[][], 0);
});

test("initializer errors name the initializer and what was expected", () => {
  assert.throws(() => I.lecunNormal()(key, [5]), /nn\.initializers\.lecunNormal: cannot compute fan-in and fan-out of a weight of shape \[5\]/);
  assert.throws(() => I.varianceScaling(1, "fanAverage" as "fanAvg", "normal"), /mode must be "fanIn", "fanOut" or "fanAvg", got "fanAverage"/);
  assert.throws(() => I.varianceScaling(1, "fanIn", "gaussian" as "normal"), /distribution must be "truncatedNormal", "normal" or "uniform", got "gaussian"/);
  assert.throws(() => I.varianceScaling(0, "fanIn", "normal"), /scale must be positive, got 0/);
  assert.throws(() => (I as any).heNormal({ in_axis: 0 }), /nn\.initializers\.heNormal: unknown option "in_axis"; expected one of: inAxis, outAxis, batchAxis, dtype/);
  assert.throws(() => I.orthogonal()(key, [4]), /nn\.initializers\.orthogonal: needs a shape of at least 2 dimensions, got \[4\]/);
  assert.throws(() => I.normal()(key, [2, -1]), /nn\.initializers\.normal: shape must be an array of non-negative integers, got \[2,-1\]/);
  assert.throws(() => I.heNormal()(key, [2, 2], "int32"), /nn\.initializers\.heNormal: dtype must be "float32" or "float64", got "int32"/);
  assert.throws(() => I.truncatedNormal(1, 2, -2), /expected lower < upper, got lower=2, upper=-2/);
  assert.throws(() => (I as any).zeros(key), /nn\.initializers\.zeros: argument shape is missing/);
});
