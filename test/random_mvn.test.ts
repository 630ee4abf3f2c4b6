/**
 * @file random.multivariateNormal with JAX's batching and methods: the unbatched cholesky draws are
 * the ones the earlier (unrolled-Cholesky) implementation gave, recorded before the change; batching,
 * shapes and errors as jax.random.multivariate_normal; moments of every method; derivatives.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { NDArray, NestedArray, checkGrads, config, jit, np, random, vmap } from "../src/index.js";
import { close } from "./util.js";

const f64 = (v: NestedArray) => np.array(v, { dtype: "float64" });
const mean3 = f64([1, -2, 0.5]);
const cov3 = f64([[2, 0.3, 0.1], [0.3, 1, -0.2], [0.1, -0.2, 0.5]]);

describe("random.multivariateNormal", () => {
  test("unbatched cholesky draws are unchanged (recorded before the batching rewrite)", () => {
    close(random.multivariateNormal(random.key(42), mean3, cov3, [4]), [
      [0.738778144692716, -4.159624832518839, 1.0892409104046874], [1.8658739717128654, -1.3916373210211468, 0.6821705517867019],
      [1.5244959426974396, -1.6913540956514026, -0.004637348227129912], [0.10250566159187291, -2.8187142444234907, -0.44444564046195467],
    ], 1e-12);
    close(random.multivariateNormal(random.key(7), mean3, cov3), [2.430450622834912, -3.4380064842983686, 0.43870572652783146], 1e-12);
    const f32 = random.multivariateNormal(random.key(0), np.array([0, 0]), np.array([[1, 0.5], [0.5, 1]]), [3]);
    assert.equal(f32.dtype, "float32");
    close(f32, [[1.622642159461975, 2.5652518272399902], [-0.4335944354534149, -0.2848818302154541], [0.17609089612960815, -0.7538086175918579]], 1e-6);
  });

  test("batching: default shape is the broadcast of mean.shape[:-1] and cov.shape[:-2] (JAX)", () => {
    const k = random.key(3);
    const means = f64([[0, 0, 0], [10, 20, 30]]);
    const a = random.multivariateNormal(k, means, cov3);
    assert.deepEqual(a.shape, [2, 3]);
    // one normal draw of shape [...batch, n], each row through the same factor, plus its own mean
    const z = random.normal(k, [2, 3], { dtype: "float64" });
    const Lc = np.linalg.cholesky(cov3);
    close(a, np.add(means, np.matmul(z, np.transpose(Lc))).toArray() as NestedArray, 1e-12);
    // a batch of covariances with one mean
    const covs = np.stack([cov3, np.multiply(cov3, 4)]);
    const b = random.multivariateNormal(k, mean3, covs);
    assert.deepEqual(b.shape, [2, 3]);
    close(np.getItem(b, 1), np.add(mean3, np.matmul(np.multiply(Lc, 2), np.getItem(z, 1))).toArray() as NestedArray, 1e-12); // chol(4·cov) = 2·L
    // an explicit shape the parameters broadcast to
    assert.deepEqual(random.multivariateNormal(k, means, cov3, [5, 2]).shape, [5, 2, 3]);
    assert.deepEqual(random.multivariateNormal(k, mean3, covs, [4, 1, 2]).shape, [4, 1, 2, 3]);
    assert.deepEqual(random.multivariateNormal(k, f64([[1, 2]]), np.stack([np.eye(2), np.eye(2), np.eye(2)])).shape, [3, 2]);
    // JAX's own test case (its legacy-Threefry table), with its batched mean ones((1, 3)) and shape (2,)
    config.update({ threefryPartitionable: false });
    try {
      const jx = random.multivariateNormal(random.key(3497659512), np.ones([1, 3]), np.eye(3), [2]);
      assert.deepEqual(jx.shape, [2, 3]);
      close(jx, [[1.067826, 1.215599, 0.234166], [-0.237534, 1.32591, 1.413987]], 1e-5);
    } finally {
      config.update({ threefryPartitionable: true });
    }
  });

  test("methods: the moments of each factorisation match cov", () => {
    const cov = f64([[1.5, -0.6, 0.2], [-0.6, 1, 0.3], [0.2, 0.3, 0.8]]);
    const mean = f64([0.5, 0, -1]);
    for (const method of ["cholesky", "eigh", "svd"] as const) {
      const x = random.multivariateNormal(random.key(11), mean, cov, [20000], { method });
      close(np.mean(x, 0), [0.5, 0, -1], 0.03);
      const c = np.cov(x, { rowvar: false }).toArray() as number[][];
      const want = cov.toArray() as number[][];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.ok(Math.abs(c[i][j] - want[i][j]) < 0.05, `${method} cov[${i}][${j}] = ${c[i][j]} vs ${want[i][j]}`);
    }
    // a singular (semi-definite) covariance: eigh and svd sample on the line x = y, cholesky gives NaN (as JAX)
    const sing = f64([[1, 1], [1, 1]]);
    for (const method of ["eigh", "svd"] as const) {
      const x = random.multivariateNormal(random.key(1), f64([0, 0]), sing, [50], { method }).toArray() as number[][];
      for (const [u, v] of x) assert.ok(Number.isFinite(u) && Math.abs(u - v) < 1e-6, `${method}: (${u}, ${v}) off the line`);
    }
  });

  test("eigh and svd factors: v·√w and u·√s (A·Aᵀ = cov) reproduce their draws", () => {
    const k = random.key(5);
    const z = random.normal(k, [3], { dtype: "float64" });
    const [w, v] = np.linalg.eigh(cov3);
    const Ae = np.multiply(v, np.sqrt(w));
    close(np.matmul(Ae, np.transpose(Ae)), cov3.toArray() as NestedArray, 1e-12);
    close(random.multivariateNormal(k, mean3, cov3, null, { method: "eigh" }), np.add(mean3, np.matmul(Ae, z)).toArray() as NestedArray, 1e-12);
    const [u, s] = np.linalg.svd(cov3);
    close(random.multivariateNormal(k, mean3, cov3, [], { method: "svd" }), np.add(mean3, np.matmul(np.multiply(u, np.sqrt(s)), z)).toArray() as NestedArray, 1e-12);
  });

  test("jit, vmap and derivatives", () => {
    const k = random.key(9);
    const eager = random.multivariateNormal(k, mean3, cov3, [2]);
    close(jit((m: NDArray, c: NDArray) => random.multivariateNormal(k, m, c, [2]))(mean3, cov3), eager.toArray() as NestedArray, 1e-12);
    const keys = random.split(k, 3);
    const v = vmap((kk: NDArray) => random.multivariateNormal(kk, mean3, cov3))(keys);
    assert.deepEqual(v.shape, [3, 3]);
    close(np.getItem(v, 1), random.multivariateNormal(np.getItem(keys, 1), mean3, cov3).toArray() as NestedArray, 1e-12);
    for (const method of ["cholesky", "eigh"] as const) {
      checkGrads((m: NDArray, c: NDArray) => random.multivariateNormal(k, m, np.divide(np.add(c, np.transpose(c)), 2), [2], { method }), [mean3, cov3], { order: 1 });
    }
  });

  test("errors name the function and the shapes", () => {
    const k = random.key(0);
    assert.throws(() => random.multivariateNormal(k, f64([0, 0]), cov3), /random.multivariateNormal: expected mean \[..., n\] and cov \[..., n, n\] with the same n, got mean \[2\] and cov \[3,3\]/);
    assert.throws(() => random.multivariateNormal(k, f64(0), cov3), /mean must have at least 1 dimension/);
    assert.throws(() => random.multivariateNormal(k, f64([[0, 0, 0], [1, 1, 1]]), np.stack([cov3, cov3, cov3])), /batch shapes of mean \[2,3\] and cov \[3,3,3\] do not broadcast/);
    assert.throws(() => random.multivariateNormal(k, f64([[0, 0, 0], [1, 1, 1]]), cov3, [3]), /shape \[3\] is not compatible with the batch shapes of mean \[2\] and cov \[\]/);
    assert.throws(() => random.multivariateNormal(k, mean3, cov3, [2], { method: "qr" as "svd" }), /method must be "cholesky", "eigh" or "svd", got "qr"/);
    assert.throws(() => random.multivariateNormal(k, mean3, cov3, [2], { dtype: "int32" as "float32" }), /dtype must be float32 or float64/);
    assert.throws(() => random.multivariateNormal(k, mean3, cov3, [2], { order: 1 } as object), /order/);
  });
});
