/** @file nn layers (issue 11): dense, layerNorm, batchNorm, dropout, embedding, activation, flatten, sequential, mlp — hand-checked values, derivatives (checkGrads, float64), jit, vmap, state threading and errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { NDArray, checkGrads, grad, jit, nn, np, random, tree, vmap } from "../src/index.js";
import { close } from "./util.js";

const f64 = (v: number[] | number[][] | number[][][]) => np.array(v, { dtype: "float64" });
const ids = (v: number[] | number[][]) => np.array(v, { dtype: "int32" });
const key = random.key(7);
const tanh = (x: NDArray) => np.tanh(x);

test("dense: init shapes (Flax: kernel [in, features] lecunNormal, bias zeros), hand-checked values, batch dims", () => {
  const layer = nn.dense(2);
  assert.equal(layer.name, "dense(2)");
  const p = layer.init(key, [5, 3]);
  assert.deepEqual(p.kernel.shape, [3, 2]);
  assert.deepEqual(p.bias!.shape, [2]);
  assert.equal(p.kernel.dtype, "float32");
  const [kk] = random.split(key);
  close(p.kernel, nn.initializers.lecunNormal()(kk, [3, 2]).toArray() as number[][], 0);
  close(p.bias!, [0, 0]);
  assert.deepEqual(layer.outputShape([5, 3]), [5, 2]);
  assert.deepEqual(layer.outputShape([4, 7, 3]), [4, 7, 2]);
  const params = { kernel: f64([[1, 2], [3, 4], [5, 6]]), bias: f64([0.5, -1]) };
  close(layer.apply(params, f64([[1, 0, -1], [2, 1, 0]])), [[-3.5, -5], [5.5, 7]]);
  close(layer.apply(params, f64([[[1, 0, -1]], [[2, 1, 0]]])), [[[-3.5, -5]], [[5.5, 7]]]);
  close(layer.apply(params, f64([1, 0, -1])), [-3.5, -5]);
  close(nn.dense(2, { useBias: false }).apply({ kernel: params.kernel }, f64([[1, 0, -1]])), [[-4, -4]]);
  assert.deepEqual(Object.keys(nn.dense(2, { useBias: false }).init(key, [1, 3])), ["kernel"]);
  // options: dtype, initializers
  const q = nn.dense(4, { dtype: "float64", kernelInit: nn.initializers.zeros, biasInit: nn.initializers.constant(0.1) }).init(key, [2]);
  assert.equal(q.kernel.dtype, "float64");
  close(q.bias!, [0.1, 0.1, 0.1, 0.1]);
  // integer inputs are converted to the kernel's dtype
  assert.equal(layer.apply(params, ids([[1, 0, 0]])).dtype, "float64");
  // stateless contract
  assert.equal(layer.initState([5, 3]), null);
  const [y, s] = layer.applyWithState(params, null, f64([[1, 0, -1]]));
  close(y, [[-3.5, -5]]);
  assert.equal(s, null);
});

test("dense: derivatives through params and input (checkGrads, float64), jit and vmap", () => {
  const layer = nn.dense(3, { dtype: "float64" });
  const p = layer.init(key, [4, 2]);
  const x = random.normal(random.key(1), [4, 2], { dtype: "float64" });
  checkGrads((pp: typeof p, xx: NDArray) => layer.apply(pp, xx), [p, x], { order: 2 });
  close(jit((pp: typeof p, xx: NDArray) => layer.apply(pp, xx))(p, x), layer.apply(p, x).toArray() as number[][], 1e-14);
  close(vmap((xx: NDArray) => layer.apply(p, xx))(x), layer.apply(p, x).toArray() as number[][], 1e-14);
  // vmap over parameters too (an ensemble of layers)
  const ps = tree.map((a: NDArray) => np.stack([a, np.multiply(a, 2)]), p) as typeof p;
  const ys = vmap((pp: typeof p) => layer.apply(pp, x))(ps);
  assert.deepEqual(ys.shape, [2, 4, 3]);
  close(ys, [layer.apply(p, x).toArray(), layer.apply(tree.map((a: NDArray) => np.multiply(a, 2), p) as typeof p, x).toArray()] as number[][][], 1e-14);
});

test("dense: errors name the layer and the shapes", () => {
  const layer = nn.dense(128);
  const p = layer.init(key, [32, 784]);
  assert.throws(() => layer.apply(p, np.zeros([32, 10])), /^RangeError: dense\(128\): input of shape \[32, 10\] but params were made for 784 input features$/);
  assert.throws(() => layer.apply({ kernel: p.kernel, b: p.bias } as any, np.zeros([1, 784])), /dense\(128\): params must be \{ kernel, bias \} \(arrays\), got \{ kernel, b \}; missing or not an array: bias; unexpected: b/);
  assert.throws(() => layer.apply({ kernel: np.zeros([784, 64]), bias: p.bias }, np.zeros([1, 784])), /dense\(128\): kernel has shape \[784, 64\], expected \[in, 128\]/);
  assert.throws(() => layer.apply({ kernel: p.kernel, bias: np.zeros([3]) }, np.zeros([1, 784])), /dense\(128\): bias has shape \[3\], expected \[128\]/);
  assert.throws(() => layer.init(key, []), /dense\(128\): needs an input with at least one axis/);
  assert.throws(() => (layer as any).apply(p, np.zeros([1, 784]), { train: true }), /dense\(128\)\.apply: unknown option "train"; expected one of: training, key, state/);
  assert.throws(() => (layer as any).apply(p, np.zeros([1, 784]), {}, 1), /dense\(128\)\.apply: expected at most 3 arguments/);
  assert.throws(() => (layer as any).init([32, 784]), /dense\(128\)\.init: key must be a PRNG key/);
  assert.throws(() => nn.dense(0), /nn\.dense: features must be a positive integer, got 0/);
  assert.throws(() => (nn as any).dense(8, { bias: false }), /nn\.dense: unknown option "bias"; expected one of: useBias, kernelInit, biasInit, dtype/);
  assert.throws(() => (nn as any).dense(8, { kernelInit: "lecun" }), /nn\.dense: kernelInit must be a function, got "lecun"/);
});

test("layerNorm: per-example normalization by hand, scale/bias, reductionAxes, derivatives", () => {
  const ln = nn.layerNorm();
  const p = ln.init(key, [2, 4]);
  close(p.scale!, [1, 1, 1, 1]);
  close(p.bias!, [0, 0, 0, 0]);
  const rows = [[1, 2, 3, 4], [2, 2, 2, 6]];
  const want = rows.map((r) => {
    const m = r.reduce((a, b) => a + b) / r.length;
    const v = r.reduce((a, b) => a + (b - m) ** 2, 0) / r.length;
    return r.map((x) => (x - m) / Math.sqrt(v + 1e-6));
  });
  close(ln.apply({ scale: f64([1, 1, 1, 1]), bias: f64([0, 0, 0, 0]) }, f64(rows)), want, 1e-14);
  const sb = { scale: f64([1, 2, 1, 1]), bias: f64([0, 0, 1, 0]) };
  close(ln.apply(sb, f64(rows)), want.map((r) => r.map((v, j) => v * [1, 2, 1, 1][j] + [0, 0, 1, 0][j])), 1e-14);
  // reductionAxes [-2, -1]: one mean/variance per example over both axes; params over the last axis
  const x3 = f64([[[1, 2], [3, 4]], [[0, 0], [0, 8]]]);
  const ln2 = nn.layerNorm({ reductionAxes: [-2, -1], epsilon: 0 });
  const y3 = ln2.apply({ scale: f64([1, 1]), bias: f64([0, 0]) }, x3);
  const s5 = Math.sqrt(1.25);
  close(y3, [[[-1.5 / s5, -0.5 / s5], [0.5 / s5, 1.5 / s5]], [[-2 / Math.sqrt(12), -2 / Math.sqrt(12)], [-2 / Math.sqrt(12), 6 / Math.sqrt(12)]]], 1e-14);
  // without scale and bias: no params
  assert.deepEqual(nn.layerNorm({ useScale: false, useBias: false }).init(key, [2, 4]), {});
  // derivatives through params and input; jit; vmap over examples
  const x = random.normal(random.key(3), [3, 5], { dtype: "float64" });
  const pp = { scale: random.normal(random.key(4), [5], { dtype: "float64" }), bias: random.normal(random.key(5), [5], { dtype: "float64" }) };
  checkGrads((q: typeof pp, xx: NDArray) => ln.apply(q, xx), [pp, x], { order: 2 });
  close(jit((q: typeof pp, xx: NDArray) => ln.apply(q, xx))(pp, x), ln.apply(pp, x).toArray() as number[][], 1e-13);
  close(vmap((xx: NDArray) => ln.apply(pp, xx))(x), ln.apply(pp, x).toArray() as number[][], 1e-13);
  assert.throws(() => ln.apply({ scale: f64([1, 1]), bias: f64([0, 0]) }, f64(rows)), /layerNorm\(\): scale has shape \[2\], expected \[4\]/);
  assert.throws(() => nn.layerNorm({ reductionAxes: 2 }).apply(p, np.zeros([2, 4])), /layerNorm\(\): reduction axis 2 is out of bounds for an input of rank 2/);
});

test("batchNorm: training uses batch statistics (biased variance) and updates the running ones; inference uses the state", () => {
  const bn = nn.batchNorm();
  const x = f64([[1, 10], [2, 20], [3, 30], [6, 40]]);
  const p = { scale: f64([1, 2]), bias: f64([0, 1]) };
  const s0 = bn.initState([4, 2]);
  close(s0.mean, [0, 0]);
  close(s0.var, [1, 1]);
  const [y, s1] = bn.applyWithState(p, { mean: f64([0, 0]), var: f64([1, 1]) }, x, { training: true });
  // column means 3, 25; biased variances 3.5, 125
  const m = [3, 25], v = [3.5, 125];
  close(y, [[1, 10], [2, 20], [3, 30], [6, 40]].map((r) => r.map((xv, j) => ((xv - m[j]) / Math.sqrt(v[j] + 1e-5)) * [1, 2][j] + [0, 1][j])), 1e-14);
  close(s1.mean, [0.01 * 3, 0.01 * 25], 1e-15); // 0.99·0 + 0.01·batch
  close(s1.var, [0.99 + 0.01 * 3.5, 0.99 + 0.01 * 125], 1e-15);
  // inference: the running statistics, state unchanged
  const yi = bn.apply(p, x, { state: s1 });
  close(yi, [[1, 10], [2, 20], [3, 30], [6, 40]].map((r) => r.map((xv, j) => ((xv - [0.03, 0.25][j]) / Math.sqrt([1.025, 2.24][j] + 1e-5)) * [1, 2][j] + [0, 1][j])), 1e-14);
  const [yi2, s2] = bn.applyWithState(p, s1, x);
  close(yi2, yi.toArray() as number[][], 0);
  assert.equal(s2, s1);
  // momentum 0.9, feature axis 1 of a [2, 3, 2] input (statistics over axes 0 and 2)
  const bn1 = nn.batchNorm({ momentum: 0.9, axis: 1, useScale: false, useBias: false, dtype: "float64" });
  assert.deepEqual(bn1.init(key, [2, 3, 2]), {});
  const x3 = f64([[[1, 3], [0, 0], [2, 2]], [[5, 7], [0, 4], [2, 2]]]);
  const [y3, s3] = bn1.applyWithState({}, bn1.initState([2, 3, 2]), x3, { training: true });
  close(s3.mean, [0.1 * 4, 0.1 * 1, 0.1 * 2], 1e-15);
  close(s3.var, [0.9 + 0.1 * 5, 0.9 + 0.1 * 3, 0.9], 1e-15);
  close(np.mean(y3, [0, 2]), [0, 0, 0], 1e-12);
});

test("batchNorm: derivatives, jit, float32 state, and its errors", () => {
  const bn = nn.batchNorm({ dtype: "float64" });
  const x = random.normal(random.key(9), [6, 3], { dtype: "float64" });
  const p = { scale: random.normal(random.key(10), [3], { dtype: "float64" }), bias: random.normal(random.key(11), [3], { dtype: "float64" }) };
  const s = bn.initState([6, 3]);
  checkGrads((q: typeof p, xx: NDArray) => bn.applyWithState(q, s, xx, { training: true })[0], [p, x], { order: 2 });
  checkGrads((q: typeof p, xx: NDArray) => bn.apply(q, xx, { state: s }), [p, x], { order: 2 });
  const step = jit((q: typeof p, st: typeof s, xx: NDArray) => bn.applyWithState(q, st, xx, { training: true }));
  const [yj, sj] = step(p, s, x);
  const [ye, se] = bn.applyWithState(p, s, x, { training: true });
  close(yj, ye.toArray() as number[][], 1e-13);
  close(sj.mean, se.mean.toArray() as number[], 1e-14);
  close(sj.var, se.var.toArray() as number[], 1e-14);
  // float32 params and state stay float32
  const b32 = nn.batchNorm();
  const [, st32] = b32.applyWithState(b32.init(key, [4, 2]), b32.initState([4, 2]), np.ones([4, 2]), { training: true });
  assert.equal(st32.mean.dtype, "float32");
  assert.throws(() => bn.apply(p, x, { training: true, state: s }), /batchNorm\(\): apply in training mode would lose the updated running statistics; call applyWithState\(params, state, x, \{ training: true \}\)/);
  assert.throws(() => bn.apply(p, x), /batchNorm\(\): needs its state \{ mean, var \} \(from initState\)/);
  assert.throws(() => bn.applyWithState(p, { mean: np.zeros([2]), var: np.ones([2]) }, x), /batchNorm\(\) state: mean has shape \[2\], expected \[3\]/);
  assert.throws(() => bn.applyWithState(p, { mean: np.zeros([3]) } as any, x), /batchNorm\(\) state: params must be \{ mean, var \}/);
  assert.throws(() => nn.batchNorm({ momentum: 1.5 }), /nn\.batchNorm: momentum must be a number in \[0, 1\], got 1\.5/);
  assert.throws(() => (bn as any).applyWithState(p, s, x, { state: s }), /batchNorm\(\)\.applyWithState: unknown option "state"; expected one of: training, key/);
});

test("dropout: inverted scaling, mean preserved, deterministic per key, broadcastDims, rate 0 and 1, inference identity", () => {
  const drop = nn.dropout(0.5);
  assert.deepEqual(drop.init(key, [3]), {});
  const x = f64([[1, 2, 3, 4], [5, 6, 7, 8]]);
  close(drop.apply({}, x), x.toArray() as number[][], 0); // inference: identity
  const k = random.key(123);
  const y = drop.apply({}, x, { training: true, key: k });
  // exactly: keep where bernoulli(key, 1 − rate) is true, scaled by 1/(1 − rate)
  const mask = random.bernoulli(k, 0.5, [2, 4]);
  close(y, np.where(mask, np.multiply(x, 2), 0).toArray() as number[][], 0);
  close(drop.apply({}, x, { training: true, key: k }), y.toArray() as number[][], 0);
  assert.notDeepEqual(drop.apply({}, x, { training: true, key: random.key(124) }).toArray(), y.toArray());
  // mean preservation over 100,000 ones (σ of the mean ≈ 0.0032 for rate 0.5)
  for (const rate of [0.1, 0.5, 0.8]) {
    const big = nn.dropout(rate).apply({}, np.ones([100000]), { training: true, key: random.key(5) });
    const mean = np.mean(big).item();
    const sd = Math.sqrt(rate / (1 - rate) / 100000);
    assert.ok(Math.abs(mean - 1) < 4 * sd, `rate ${rate}: mean ${mean}`);
    const zeroFrac = np.mean(np.equal(big, 0)).item();
    assert.ok(Math.abs(zeroFrac - rate) < 0.01, `rate ${rate}: zeros ${zeroFrac}`);
  }
  close(nn.dropout(1).apply({}, x, { training: true, key: k }), [[0, 0, 0, 0], [0, 0, 0, 0]], 0);
  close(nn.dropout(0).apply({}, x, { training: true }), x.toArray() as number[][], 0);
  // broadcastDims [0]: one mask row shared by every row
  const yb = nn.dropout(0.5, { broadcastDims: [0] }).apply({}, np.ones([5, 64]), { training: true, key: k });
  const rowsB = yb.toArray() as number[][];
  rowsB.forEach((r) => assert.deepEqual(r, rowsB[0]));
  // under jit and vmap (per-example keys)
  close(jit((xx: NDArray, kk: NDArray) => drop.apply({}, xx, { training: true, key: kk }))(x, k), y.toArray() as number[][], 0);
  const keys = random.split(k, 2);
  const yv = vmap((xx: NDArray, kk: NDArray) => drop.apply({}, xx, { training: true, key: kk }))(x, keys);
  close(yv.get(1), drop.apply({}, x.get(1), { training: true, key: keys.get(1) }).toArray() as number[], 0);
  // gradient: the mask scaled
  const g = grad((xx: NDArray) => np.sum(drop.apply({}, xx, { training: true, key: k })))(x);
  close(g, np.where(mask, 2, 0).toArray() as number[][], 0);
  assert.throws(() => drop.apply({}, x, { training: true }), /dropout\(0\.5\): training mode draws a mask and needs a key: apply\(params, x, \{ training: true, key \}\)/);
  assert.throws(() => nn.dropout(1.5), /nn\.dropout: rate must be a number in \[0, 1\], got 1\.5/);
  assert.throws(() => drop.apply({ w: x } as any, x), /dropout\(0\.5\): has no parameters; params must be \{\}/);
  assert.throws(() => nn.dropout(0.5, { broadcastDims: [2] }).apply({}, x, { training: true, key: k }), /dropout\(0\.5\): broadcast dim 2 is out of bounds for an input of rank 2/);
});

test("embedding: lookup, attend, init statistics, gradient (scatter-add), errors for ids", () => {
  const emb = nn.embedding(3, 2);
  assert.equal(emb.name, "embedding(3, 2)");
  const p = { embedding: f64([[0, 1], [2, 3], [4, 5]]) };
  close(emb.apply(p, ids([[2, 0], [1, 1]])), [[[4, 5], [0, 1]], [[2, 3], [2, 3]]], 0);
  assert.deepEqual(emb.outputShape([2, 2]), [2, 2, 2]);
  close(emb.attend(p, f64([[1, 1], [1, -1]])), [[1, 5, 9], [-1, -1, -1]], 0);
  close(emb.apply(p, [2, 0] as unknown as NDArray), [[4, 5], [0, 1]], 0); // a plain list of integer ids
  assert.deepEqual(emb.apply(p, np.zeros([0], "int32")).shape, [0, 2]);
  // gradient w.r.t. the table: how often each row was looked up
  close(grad((q: typeof p) => np.sum(emb.apply(q, ids([[2, 0], [1, 1]]))))(p).embedding, [[1, 1], [2, 2], [1, 1]], 0);
  checkGrads((q: typeof p) => emb.apply(q, ids([2, 0, 2])), [p], { order: 2 });
  checkGrads((q: typeof p, qq: NDArray) => emb.attend(q, qq), [p, f64([[0.5, -1]])], { order: 2 });
  // init: normal with variance 1/features (Flax's variance_scaling(1, fan_in, normal, out_axis=0))
  const w = nn.embedding(1000, 100, { dtype: "float64" }).init(key, [4]).embedding;
  assert.deepEqual(w.shape, [1000, 100]);
  const v = np.var(w).item();
  assert.ok(Math.abs(v / 0.01 - 1) < 0.03, `variance ${v}`);
  // jit and vmap
  close(jit((i: NDArray) => emb.apply(p, i))(ids([1, 2])), [[2, 3], [4, 5]], 0);
  close(vmap((i: NDArray) => emb.apply(p, i))(ids([[1], [0]])), [[[2, 3]], [[0, 1]]], 0);
  assert.throws(() => emb.apply(p, ids([0, 3])), /embedding\(3, 2\): ids must be in \[0, 3\), got ids from 0 to 3/);
  assert.throws(() => emb.apply(p, ids([-1])), /embedding\(3, 2\): ids must be in \[0, 3\), got ids from -1 to -1/);
  assert.throws(() => emb.apply(p, f64([0, 1])), /embedding\(3, 2\): ids must be an integer array \(int32\), got float64\[2\]/);
  assert.throws(() => emb.apply({ embedding: np.zeros([4, 2]) }, ids([0])), /embedding\(3, 2\): embedding has shape \[4, 2\], expected \[3, 2\]/);
  assert.throws(() => emb.attend(p, f64([1, 2, 3])), /embedding\(3, 2\)\.attend: query of shape \[3\], expected \[\.\.\., 2\]/);
});

test("activation and flatten: parameterless layers", () => {
  const act = nn.activation(nn.relu);
  assert.equal(act.name, "activation(relu)");
  close(act.apply({}, f64([-1, 2])), [0, 2], 0);
  assert.deepEqual(nn.activation((x: NDArray) => np.sum(x, -1)).outputShape([4, 3]), [4]);
  const fl = nn.flatten();
  assert.deepEqual(fl.outputShape([32, 28, 28, 1]), [32, 784]);
  close(fl.apply({}, f64([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])), [[1, 2, 3, 4], [5, 6, 7, 8]], 0);
  assert.deepEqual(nn.flatten({ startAxis: 2 }).outputShape([2, 3, 4, 5]), [2, 3, 20]);
  assert.deepEqual(nn.flatten({ startAxis: 0 }).outputShape([2, 3]), [6]);
  assert.throws(() => fl.outputShape([4]), /flatten\(\): input of shape \[4\] has no axes after axis 0 to flatten \(expected rank > 1\)/);
  assert.throws(() => fl.apply({}, np.ones([4])), /flatten\(\): input of shape \[4\] has no axes after axis 0/);
  assert.throws(() => (nn as any).activation("relu"), /nn\.activation: argument fn must|nn\.activation: fn must be a function/);
});

test("sequential: params/state arrays, shapes chained, keys split per layer, bare functions, composition by hand", () => {
  const model = nn.sequential(nn.dense(4), tanh, nn.dropout(0.3), nn.dense(2));
  assert.equal(model.name, "sequential(dense(4), activation(tanh), dropout(0.3), dense(2))");
  assert.deepEqual(model.outputShape([5, 3]), [5, 2]);
  const p = model.init(key, [5, 3]) as [{ kernel: NDArray; bias: NDArray }, object, object, { kernel: NDArray; bias: NDArray }];
  assert.equal(p.length, 4);
  const ks = [...random.split(key, 4)];
  close(p[0].kernel, nn.dense(4).init(ks[0], [5, 3]).kernel.toArray() as number[][], 0);
  close(p[3].kernel, nn.dense(2).init(ks[3], [5, 4]).kernel.toArray() as number[][], 0);
  assert.deepEqual(model.initState([5, 3]), [null, null, null, null]);
  const x = random.normal(random.key(2), [5, 3]);
  const byHand = np.add(np.matmul(np.tanh(np.add(np.matmul(x, p[0].kernel), p[0].bias)), p[3].kernel), p[3].bias);
  close(model.apply(p, x), byHand.toArray() as number[][], 1e-6);
  // training: layer i gets split(key, n)[i]
  const k = random.key(99);
  const kd = [...random.split(k, 4)][2];
  const h = np.tanh(np.add(np.matmul(x, p[0].kernel), p[0].bias));
  const hd = nn.dropout(0.3).apply({}, h, { training: true, key: kd });
  close(model.apply(p, x, { training: true, key: k }), np.add(np.matmul(hd, p[3].kernel), p[3].bias).toArray() as number[][], 1e-6);
  const [yt, st] = model.applyWithState(p, model.initState([5, 3]), x, { training: true, key: k });
  close(yt, model.apply(p, x, { training: true, key: k }).toArray() as number[][], 0);
  assert.deepEqual(st, [null, null, null, null]);
  const fwd = jit((pp: unknown[], xx: NDArray, kk: NDArray) => model.apply(pp, xx, { training: true, key: kk }));
  close(fwd(p, x, k), model.apply(p, x, { training: true, key: k }).toArray() as number[][], 1e-6);
  assert.throws(() => model.apply(p.slice(0, 3), x), /sequential\(dense\(4\), activation\(tanh\), dropout\(0\.3\), dense\(2\)\): params must be an array with one entry per layer \(4\), got 3 entries/);
  assert.throws(() => model.apply(p, np.zeros([5, 7])), /dense\(4\): input of shape \[5, 7\] but params were made for 3 input features/);
  assert.throws(() => model.apply(p, x, { training: true }), /dropout\(0\.3\): training mode draws a mask and needs a key/);
  assert.throws(() => nn.sequential(), /nn\.sequential: needs at least one layer/);
  assert.throws(() => nn.sequential(nn.dense(2), 3 as any), /nn\.sequential: layers\[1\] must be a layer \(nn\.dense\(…\), …\) or a function x => y, got 3/);
});

test("sequential with batchNorm: state threaded in and out, inference from the state, jit of a training step", () => {
  const model = nn.sequential(nn.dense(3, { dtype: "float64" }), nn.batchNorm({ dtype: "float64" }), nn.relu, nn.dense(1, { dtype: "float64" }));
  const x = random.normal(random.key(4), [8, 2], { dtype: "float64" });
  const p = model.init(key, [8, 2]);
  const s0 = model.initState([8, 2]) as unknown[];
  assert.equal(s0[0], null);
  const bnState = s0[1] as { mean: NDArray; var: NDArray };
  close(bnState.var, [1, 1, 1]);
  const [y, s1] = model.applyWithState(p, s0, x, { training: true });
  assert.deepEqual(y.shape, [8, 1]);
  // the batchNorm entry moved by 1% toward the batch statistics of dense(3)'s output
  const h = nn.dense(3).apply(p[0] as never, x);
  close((s1[1] as { mean: NDArray }).mean, np.multiply(0.01, np.mean(h, 0)).toArray() as number[], 1e-14);
  // inference with the state array
  assert.deepEqual(model.apply(p, x, { state: s1 }).shape, [8, 1]);
  assert.throws(() => model.apply(p, x, { training: true }), /batchNorm\(\): apply in training mode would lose the updated running statistics/);
  // one training step as a compiled program: loss + grad + new state
  const loss = (pp: unknown[], st: unknown[], xx: NDArray): [NDArray, unknown[]] => {
    const [out, ns] = model.applyWithState(pp, st, xx, { training: true });
    return [np.mean(np.square(out)), ns];
  };
  const step = jit((pp: unknown[], st: unknown[], xx: NDArray) => {
    const g = grad((q: unknown[]) => loss(q, st, xx)[0])(pp);
    return [tree.map((a: NDArray, b: NDArray) => np.subtract(a, np.multiply(0.1, b)), pp, g), loss(pp, st, xx)[1]] as [unknown[], unknown[]];
  });
  const [p1, s2] = step(p, s0, x) as unknown as [unknown[], unknown[]];
  close((s2[1] as { mean: NDArray }).mean, (s1[1] as { mean: NDArray }).mean.toArray() as number[], 1e-13);
  assert.ok(loss(p1, s0, x)[0].item() < loss(p, s0, x)[0].item(), "the step lowers the loss");
  checkGrads((pp: unknown[], xx: NDArray) => model.applyWithState(pp, s0, xx, { training: true })[0], [p, x], { order: 1 });
});

test("mlp: dense layers with the activation between, options, derivatives and vmap", () => {
  const model = nn.mlp([4, 3, 2], { dtype: "float64" });
  assert.equal(model.name, "mlp([4, 3, 2])");
  assert.deepEqual(model.outputShape([6, 5]), [6, 2]);
  const p = model.init(key, [6, 5]) as ({ kernel: NDArray; bias: NDArray } | object)[];
  assert.equal(p.length, 5); // dense, relu, dense, relu, dense
  const d = (i: number) => p[i] as { kernel: NDArray; bias: NDArray };
  const x = random.normal(random.key(8), [6, 5], { dtype: "float64" });
  const lin = (i: number, h: NDArray) => np.add(np.matmul(h, d(i).kernel), d(i).bias);
  close(model.apply(p, x), lin(4, nn.relu(lin(2, nn.relu(lin(0, x))))).toArray() as number[][], 1e-14);
  const fin = nn.mlp([3, 2], { activation: np.tanh, activateFinal: true, useBias: false });
  const pf = fin.init(key, [1, 2]) as object[];
  assert.equal(pf.length, 4);
  assert.deepEqual(Object.keys(pf[0]), ["kernel"]);
  const yf = fin.apply(pf, np.ones([1, 2]));
  assert.ok((yf.toArray() as number[][])[0].every((v) => Math.abs(v) < 1));
  // derivatives with a smooth activation (relu's kink at 0 is hit exactly here: a row with all
  // first-layer pre-activations negative feeds the zero bias of the next layer)
  const smooth = nn.mlp([4, 3, 2], { dtype: "float64", activation: nn.gelu });
  checkGrads((pp: unknown[], xx: NDArray) => smooth.apply(pp, xx), [smooth.init(key, [6, 5]), x], { order: 2 });
  close(vmap((xx: NDArray) => model.apply(p, xx))(x), model.apply(p, x).toArray() as number[][], 1e-13);
  close(jit((pp: unknown[], xx: NDArray) => model.apply(pp, xx))(p, x), model.apply(p, x).toArray() as number[][], 1e-13);
  assert.throws(() => nn.mlp([]), /nn\.mlp: features must be a non-empty list of layer widths/);
  assert.throws(() => nn.mlp([4, 0]), /nn\.mlp: features\[1\] must be a positive integer, got 0/);
  assert.throws(() => (nn as any).mlp([4], { act: nn.relu }), /nn\.mlp: unknown option "act"/);
});

test("property: for random stacks and batch shapes, outputShape matches apply, and vmap over the batch matches the batched apply", () => {
  const stack = fc.array(fc.oneof(
    fc.integer({ min: 1, max: 5 }).map((n) => ["dense", n] as const),
    fc.constant(["layerNorm", 0] as const),
    fc.constant(["tanh", 0] as const),
    fc.constant(["dropout", 0] as const),
  ), { minLength: 1, maxLength: 4 });
  fc.assert(
    fc.property(stack, fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }), fc.integer({ min: 1, max: 4 }), fc.nat(1000), (spec, batch, fin, seed) => {
      const layers = spec.map(([kind, n]) => (kind === "dense" ? nn.dense(n, { dtype: "float64" }) : kind === "layerNorm" ? nn.layerNorm({ dtype: "float64" }) : kind === "tanh" ? tanh : nn.dropout(0.5)));
      const model = nn.sequential(...layers);
      const shape = [...batch, fin];
      const p = model.init(random.key(seed), shape);
      const x = random.normal(random.key(seed + 1), shape, { dtype: "float64" });
      const y = model.apply(p, x);
      assert.deepEqual(y.shape, model.outputShape(shape));
      // inference is per example: mapping over the leading batch axis gives the same rows
      const yv = vmap((xi: NDArray) => model.apply(p, xi))(x);
      close(yv, y.toArray() as number[], 1e-12);
      // training with a key: still the declared shape, and deterministic
      const k = random.key(seed + 2);
      const yt = model.apply(p, x, { training: true, key: k });
      assert.deepEqual(yt.shape, y.shape);
      close(model.apply(p, x, { training: true, key: k }), yt.toArray() as number[], 0);
    }),
    { numRuns: 25 },
  );
});
