/** @file nn: activations, softmax/logSoftmax and oneHot — values, stability, derivatives (incl. at kinks), vmap. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, nn, special, grad, jvp, vjp, vmap } from "../src/index.js";
import { erfRef } from "./reference.js";
import { close } from "./util.js";

type DT = "float32" | "float64";
const DTYPES: DT[] = ["float32", "float64"];
const tolOf = (d: DT) => (d === "float32" ? 2e-6 : 1e-13);
const a = (v: number | number[] | number[][], dtype: DT = "float64") => np.array(v, { dtype });

/** Elementwise derivative of a unary f at xs (grad of the sum). */
const dOf = (f: (x: NDArray) => NDArray, xs: NDArray) => grad((x: NDArray) => np.sum(f(x)))(xs) as NDArray;
const sig = (x: number) => 1 / (1 + Math.exp(-x));

test("relu family: values and derivatives at the kinks (relu′(0) = 0, as JAX)", () => {
  for (const d of DTYPES) {
    const xs = a([-2, -0.5, 0, 0.5, 3, 7], d);
    close(nn.relu(xs), [0, 0, 0, 0.5, 3, 7]);
    assert.equal(nn.relu(xs).dtype, d);
    close(dOf(nn.relu, xs), [0, 0, 0, 1, 1, 1]);
    close(nn.relu6(xs), [0, 0, 0, 0.5, 3, 6]);
    close(dOf(nn.relu6, a([-1, 0, 3, 6, 8], d)), [0, 0, 1, 0, 0]);
    close(nn.leakyRelu(xs, 0.1), [-0.2, -0.05, 0, 0.5, 3, 7], tolOf(d));
    close(dOf((x) => nn.leakyRelu(x, 0.1), xs), [0.1, 0.1, 1, 1, 1, 1], tolOf(d));
    close(nn.elu(a([-1, 0, 2, -1000], d)), [Math.exp(-1) - 1, 0, 2, -1], tolOf(d));
    close(dOf((x) => nn.elu(x), a([-1, 2, -1000, 1000], d)), [Math.exp(-1), 1, 0, 1], tolOf(d));
  }
  // integer relu stays integer; ties inside jvp are also 0
  assert.equal(nn.relu(np.array([-1, 2], { dtype: "int32" })).dtype, "int32");
  const [, t] = jvp(nn.relu, [a(0)], [a(1)]);
  close(t, 0);
});

test("sigmoid, softplus, logSigmoid, silu: stable values and exact derivatives", () => {
  for (const d of DTYPES) {
    const tol = tolOf(d);
    const xs = [-1000, -30, -2, 0, 1.5, 30, 1000];
    close(nn.sigmoid(a(xs, d)), xs.map(sig), tol);
    close(nn.sigmoid(a(xs, d)), special.expit(a(xs, d)).toArray() as number[], 0);
    // softplus(x) = log(1 + eˣ): exact-ish small tail, no overflow in the large one
    const spRef = (x: number) => (x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
    close(nn.softplus(a(xs, d)), xs.map(spRef), tol);
    const tiny = nn.softplus(a([-30], d)).item();
    assert.ok(Math.abs(tiny / Math.exp(-30) - 1) < 1e-6, `softplus(-30) = ${tiny}`);
    // softplus′ = σ, including ½ at the kink of the stable formula
    close(dOf(nn.softplus, a(xs, d)), xs.map(sig), tol);
    close(nn.logSigmoid(a(xs, d)), xs.map((x) => -spRef(-x)), tol);
    close(dOf(nn.logSigmoid, a(xs, d)), xs.map((x) => 1 - sig(x)), tol);
    // silu = x σ(x); silu′ = σ + x σ (1 − σ)
    const ys = [-20, -1, 0, 0.5, 4];
    close(nn.silu(a(ys, d)), ys.map((x) => x * sig(x)), tol);
    close(dOf(nn.silu, a(ys, d)), ys.map((x) => sig(x) + x * sig(x) * (1 - sig(x))), tol);
    close(nn.swish(a(ys, d)), ys.map((x) => x * sig(x)), tol);
  }
});

test("gelu: tanh approximation (default) and exact erf form, with derivatives", () => {
  const c = Math.sqrt(2 / Math.PI);
  const approx = (x: number) => 0.5 * x * (1 + Math.tanh(c * (x + 0.044715 * x ** 3)));
  const approxD = (x: number) => {
    const t = Math.tanh(c * (x + 0.044715 * x ** 3));
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x);
  };
  const exact = (x: number) => 0.5 * x * (1 + erfRef(x / Math.SQRT2));
  const exactD = (x: number) => 0.5 * (1 + erfRef(x / Math.SQRT2)) + (x * Math.exp(-x * x / 2)) / Math.sqrt(2 * Math.PI);
  const xs = [-3, -1, 0, 0.5, 2];
  for (const d of DTYPES) {
    const tol = tolOf(d);
    close(nn.gelu(a(xs, d)), xs.map(approx), tol);
    close(nn.gelu(a(xs, d), true), xs.map(approx), tol);
    close(nn.gelu(a(xs, d), false), xs.map(exact), tol);
    close(dOf((x) => nn.gelu(x), a(xs, d)), xs.map(approxD), tol);
    close(dOf((x) => nn.gelu(x, false), a(xs, d)), xs.map(exactD), tol);
  }
  close(nn.gelu(a(1), false), 0.8413447460685429);
});

test("softmax and logSoftmax: values, axes, stability", () => {
  const rows = [[1, 2, 3], [0, 0, 0]];
  const sm = (r: number[]) => r.map((v) => Math.exp(v) / r.reduce((s, w) => s + Math.exp(w), 0));
  for (const d of DTYPES) {
    const tol = tolOf(d);
    close(nn.softmax(a(rows, d)), rows.map(sm), tol);
    assert.equal(nn.softmax(a(rows, d)).dtype, d);
    const cols = [0, 1, 2].map((j) => sm([rows[0][j], rows[1][j]]));
    close(nn.softmax(a(rows, d), 0), [cols.map((c) => c[0]), cols.map((c) => c[1])], tol);
    close(nn.softmax(a(rows, d), null), sm(rows.flat()), tol);
    close(nn.softmax(a(rows, d), [0, 1]), sm(rows.flat()), tol);
    close(nn.logSoftmax(a(rows, d)), rows.map((r) => sm(r).map(Math.log)), tol);
    // shift invariance and no overflow
    close(nn.softmax(a([1000, 1001, 1002], d)), sm([0, 1, 2]), tol);
    close(nn.logSoftmax(a([-1000, 0], d)), [-1000, 0], tol);
    close(nn.softmax(a([0, -Infinity], d)), [1, 0]);
    close(nn.logSoftmax(a([0, -Infinity], d)), [0, -Infinity]);
  }
  assert.throws(() => nn.softmax(a([1, 2]), 1), /softmax: axis 1 is out of bounds for an array of rank 1/);
});

test("softmax and logSoftmax: derivatives (J = diag(s) − s sᵀ), vjp, vmap", () => {
  const x = [0.5, -1, 2, 0];
  const s = x.map((v) => Math.exp(v) / x.reduce((acc, w) => acc + Math.exp(w), 0));
  const t = [1, 2, -1, 0.5];
  const st = s.reduce((acc, si, i) => acc + si * t[i], 0);
  for (const d of DTYPES) {
    const tol = tolOf(d);
    const [, ds] = jvp((z: NDArray) => nn.softmax(z), [a(x, d)], [a(t, d)]);
    close(ds, s.map((si, i) => si * (t[i] - st)), tol);
    const [, dls] = jvp((z: NDArray) => nn.logSoftmax(z), [a(x, d)], [a(t, d)]);
    close(dls, t.map((ti) => ti - st), tol);
    // ∇ logSoftmax(x)[k] = e_k − s
    close(grad((z: NDArray) => np.sum(np.multiply(nn.logSoftmax(z), a([0, 0, 1, 0], d))))(a(x, d)), s.map((si, i) => (i === 2 ? 1 : 0) - si), tol);
    const [, back] = vjp((z: NDArray) => nn.softmax(z), a(x, d));
    const [ct] = back(a(t, d)) as NDArray[];
    close(ct, s.map((si, i) => si * (t[i] - st)), tol); // J is symmetric
  }
  const m = a([[1, 2, 3], [3, 1, 0], [0, 0, 5]]);
  close(vmap((r: NDArray) => nn.softmax(r))(m), nn.softmax(m).toArray() as number[][]);
  close(vmap((r: NDArray) => nn.logSoftmax(r), { inAxes: 1 })(m), np.transpose(nn.logSoftmax(m, 0)).toArray() as number[][]);
});

test("oneHot: labels, out-of-range rows, dtypes, shapes", () => {
  close(nn.oneHot(np.array([0, 2, 1], { dtype: "int32" }), 3), [[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
  close(nn.oneHot(np.array([-1, 3], { dtype: "int32" }), 3), [[0, 0, 0], [0, 0, 0]]);
  const f = nn.oneHot(np.array([1, 0], { dtype: "int32" }), 2, { dtype: "float64" });
  assert.equal(f.dtype, "float64");
  assert.equal(nn.oneHot(np.array([1], { dtype: "int32" }), 2, { dtype: "int32" }).dtype, "int32");
  const m = nn.oneHot(np.array([[0, 1], [1, 1]], { dtype: "int32" }), 2);
  assert.deepEqual(m.shape, [2, 2, 2]);
  close(m, [[[1, 0], [0, 1]], [[0, 1], [0, 1]]]);
  close(nn.oneHot(2, 4), [0, 0, 1, 0]);
  close(nn.oneHot([0, 1], 2), [[1, 0], [0, 1]]); // float labels from a JS array compare as floats
  assert.deepEqual(nn.oneHot(np.array([1], { dtype: "int32" }), 0).shape, [1, 0]);
  close(vmap((l: NDArray) => nn.oneHot(l, 3))(np.array([2, 0], { dtype: "int32" })), [[0, 0, 1], [1, 0, 0]]);
  assert.throws(() => nn.oneHot([0], 2.5), /oneHot: numClasses must be a non-negative integer, got 2.5/);
});

test("nn functions compose with vmap and nested grad (sigmoid″ = σ(1−σ)(1−2σ))", () => {
  const xs = a([-2, 0, 1]);
  close(vmap((x: NDArray) => nn.softplus(x))(xs), nn.softplus(xs).toArray() as number[]);
  const d2 = grad((x: NDArray) => grad((y: NDArray) => nn.sigmoid(y))(x))(a(0.7)).item();
  const s = sig(0.7);
  close(d2, s * (1 - s) * (1 - 2 * s), 1e-13);
  close(nn.logsumexp(a([0, 0])), Math.LN2);
});
