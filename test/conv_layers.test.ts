/**
 * @file nn.conv, nn.convTranspose, nn.maxPool, nn.avgPool: shapes (batched, unbatched, several batch
 * axes), values against PyTorch computed offline (conv2d, max_pool2d, avg_pool2d), initialisation,
 * checkGrads of a loss through conv + pool in float64, jit, and the errors naming the layer and shapes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, nn, lax, random, jit, vjp, grad, numeric, NDArray } from "../src/index.js";
import { close } from "./util.js";

type F = "float32" | "float64";
const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
/** round(sin(a·i + b), 3) for i = 0..n−1, as the offline script made its inputs. */
const sinData = (shape: number[], a: number, b: number, dtype: F = "float64") =>
  np.array(Float64Array.from({ length: prod(shape) }, (_, i) => Math.round(Math.sin(a * i + b) * 1000) / 1000), { shape, dtype });
const pick = (y: NDArray, idx: number[]) => np.take(np.reshape(y, [-1]), np.array(idx, { dtype: "int32" }));

// torch.nn.functional on the NCHW-permuted data (float64), results permuted back to NHWC; elements at idx
const REF = {
  SAME: { shape: [2, 5, 5, 4], idx: [0, 1, 28, 66, 100, 133, 198, 199], values: [0.319552, 1.609697, 1.122575, 0.191878, 1.677978, 1.997367, 1.935515, 0.915876] },
  S2: { shape: [2, 3, 3, 4], idx: [0, 1, 10, 24, 36, 48, 70, 71], values: [0.319552, 1.609697, -0.624226, 1.096197, 1.677978, -1.366204, 1.935515, 0.915876] },
  CIRC: { shape: [2, 5, 5, 4], idx: [0, 1, 28, 66, 100, 133, 198, 199], values: [0.1006, 1.068969, 1.122575, 0.191878, 1.27211, 1.997367, 1.353165, 0.156866] },
  GRP: { shape: [2, 5, 5, 6], idx: [0, 1, 42, 100, 150, 200, 298, 299], values: [0.074535, 1.66155, 0.11949, -0.80005, -1.430826, 3.029249, -1.79936, -0.397053] },
  MAX: { shape: [2, 2, 2, 3], idx: [0, 1, 3, 8, 12, 16, 22, 23], values: [0.904, 0.991, 0.977, 0.806, 0.173, 0.988, 0.955, 0.82] },
  AVG: { shape: [2, 3, 3, 3], idx: [0, 1, 7, 18, 27, 36, 52, 53], values: [-0.0925, 0.0965, 0.11725, 0.577, -0.54775, 0.253833333333, 0.3905, 0.2285] },
  AVGI: { shape: [2, 3, 3, 3], idx: [0, 1, 7, 18, 27, 36, 52, 53], values: [-0.041111111111, 0.042888888889, 0.052111111111, 0.256444444444, -0.243444444444, 0.169222222222, 0.173555555556, 0.101555555556] },
};
const expectRef = (y: NDArray, r: { shape: number[]; idx: number[]; values: number[] }, tol: number) => {
  assert.deepEqual(y.shape, r.shape);
  close(pick(y, r.idx), r.values, tol);
};

for (const dtype of ["float64", "float32"] as F[]) {
  test(`nn.conv and pools against PyTorch (${dtype}): SAME, strided, CIRCULAR, grouped; max, avg with and without padding counts`, () => {
    const tol = dtype === "float64" ? 1e-12 : 3e-6;
    const x = sinData([2, 5, 5, 3], 0.31, 0.2, dtype);
    const params = { kernel: sinData([3, 3, 3, 4], 0.47, 0.6, dtype), bias: sinData([4], 1.1, 0.3, dtype) };
    expectRef(nn.conv(4, [3, 3]).apply(params, x), REF.SAME, tol);
    expectRef(nn.conv(4, [3, 3], { strides: 2 }).apply(params, x), REF.S2, tol);
    expectRef(nn.conv(4, [3, 3], { padding: "CIRCULAR" }).apply(params, x), REF.CIRC, tol);
    expectRef(nn.conv(6, [3, 3], { featureGroupCount: 3, useBias: false }).apply({ kernel: sinData([3, 3, 1, 6], 0.83, 0.1, dtype) }, x), REF.GRP, tol);
    expectRef(nn.maxPool([2, 2], { strides: [2, 2] }).apply(null, x), REF.MAX, tol);
    expectRef(nn.maxPool(x, [2, 2], { strides: [2, 2] }), REF.MAX, tol);
    expectRef(nn.avgPool(x, [3, 3], { strides: [2, 2], padding: [[1, 1], [1, 1]], countIncludePad: false }), REF.AVG, tol);
    expectRef(nn.avgPool([3, 3], { strides: [2, 2], padding: [[1, 1], [1, 1]] }).apply(null, x), REF.AVGI, tol);
    assert.equal(nn.conv(4, [3, 3]).apply(params, x).dtype, dtype);
  });
}

test("nn.conv: params, shapes for 1-D/2-D/3-D, unbatched and multi-batch inputs, padding forms, dilation", () => {
  const key = random.key(0);
  const c2 = nn.conv(8, [3, 3], { strides: [2, 1], padding: "VALID" });
  const p = c2.init(key, [4, 9, 7, 3]);
  assert.deepEqual(p.kernel.shape, [3, 3, 3, 8]);
  assert.deepEqual(p.bias!.shape, [8]);
  assert.deepEqual(Array.from(p.bias!.data()), Array(8).fill(0));
  assert.deepEqual(c2.outputShape([4, 9, 7, 3]), [4, 4, 5, 8]);
  const x = random.normal(random.key(1), [4, 9, 7, 3]);
  assert.deepEqual(c2.apply(p, x).shape, [4, 4, 5, 8]);
  // unbatched: as Flax, the batch axis is added and removed
  close(c2.apply(p, np.take(x, 1, 0)), np.take(c2.apply(p, x), 1, 0).toArray() as number[], 1e-5);
  // several batch axes are flattened and restored
  const xx = np.reshape(x, [2, 2, 9, 7, 3]);
  assert.deepEqual(c2.apply(p, xx).shape, [2, 2, 4, 5, 8]);
  close(np.reshape(c2.apply(p, xx), [4, 4, 5, 8]), c2.apply(p, x).toArray() as number[], 1e-5);
  // 1-D and 3-D; CAUSAL keeps the length and looks only backwards
  const c1 = nn.conv(2, [3], { padding: "CAUSAL", useBias: false });
  const k1 = { kernel: np.array([[[1, 0]], [[0, 0]], [[0, 1]]], { dtype: "float32" }) }; // [3, 1, 2]: feature 0 reads t−2, feature 1 reads t
  const seq = np.array([[[1], [2], [3], [4]]], { dtype: "float32" });
  assert.deepEqual(c1.apply(k1, seq).toArray(), [[[0, 1], [0, 2], [1, 3], [2, 4]]]);
  const c3 = nn.conv(5, [2, 2, 2], { kernelDilation: 2, padding: 1 });
  const p3 = c3.init(key, [1, 6, 6, 6, 2]);
  assert.deepEqual(p3.kernel.shape, [2, 2, 2, 2, 5]);
  assert.deepEqual(c3.apply(p3, random.normal(key, [1, 6, 6, 6, 2])).shape, c3.outputShape([1, 6, 6, 6, 2]));
  assert.deepEqual(c3.outputShape([1, 6, 6, 6, 2]), [1, 6, 6, 6, 5]);
  // inputDilation doubles (minus one) the spatial size
  assert.deepEqual(nn.conv(1, [1, 1], { inputDilation: 2, padding: 0 }).outputShape([1, 4, 4, 1]), [1, 7, 7, 1]);
  assert.throws(() => nn.conv(1, [1, 1], { inputDilation: 2 }), /conv\(1, \[1,1\]\): padding "SAME" is not defined with inputDilation \[2,2\]/);
  // a float64 input computes in float64 with float32 params (Flax's promotion)
  assert.equal(c2.apply(p, x.astype("float64")).dtype, "float64");
});

test("nn.conv: LeCun normal kernels (std √(1/fanIn), truncated at ±2σ) and custom initializers", () => {
  const c = nn.conv(64, [3, 3]);
  const k = c.init(random.key(3), [1, 8, 8, 32]).kernel; // fanIn = 3·3·32 = 288
  const v = Array.from(k.data() as Float32Array);
  const std = Math.sqrt(v.reduce((s, a) => s + a * a, 0) / v.length);
  assert.ok(Math.abs(std - Math.sqrt(1 / 288)) < 0.03 * Math.sqrt(1 / 288), `std ${std}`);
  const bound = (2 * Math.sqrt(1 / 288)) / 0.87962566103423978;
  assert.ok(v.every((a) => Math.abs(a) <= bound + 1e-7));
  const ones = nn.conv(2, [1], { kernelInit: (_k, s, dtype) => np.ones(s, { dtype }), biasInit: (_k, s, dtype) => np.full(s, 0.5, { dtype }), dtype: "float64" });
  const p = ones.init(random.key(0), [3, 4]);
  assert.equal(p.kernel.dtype, "float64");
  assert.deepEqual(ones.apply(p, np.ones([3, 4], { dtype: "float64" })).toArray(), Array(3).fill([4.5, 4.5])); // unbatched [length 3, 4 features]: 4 ones + 0.5
});

test("nn.convTranspose: output sizes, and with transposeKernel it is the gradient of nn.conv", () => {
  const t = nn.convTranspose(6, [3, 3], { strides: [2, 2] });
  const p = t.init(random.key(0), [2, 5, 5, 4]);
  assert.deepEqual(p.kernel.shape, [3, 3, 4, 6]);
  const x = random.normal(random.key(1), [2, 5, 5, 4]);
  assert.deepEqual(t.apply(p, x).shape, [2, 10, 10, 6]);
  assert.deepEqual(t.outputShape([2, 5, 5, 4]), [2, 10, 10, 6]);
  assert.deepEqual(nn.convTranspose(6, [3, 3], { strides: 2, padding: "VALID" }).outputShape([5, 5, 4]), [11, 11, 6]);
  // the layer is lax.convTranspose plus the bias
  const want = np.add(lax.convTranspose(x, p.kernel, [2, 2], "SAME"), p.bias!);
  close(t.apply(p, x), want.toArray() as number[], 1e-6);
  // transposeKernel: the kernel [3, 3, features, in] of a conv from 6 to 4 features, applied backwards
  const tk = nn.convTranspose(6, [3, 3], { strides: [2, 2], padding: [[1, 2], [1, 2]], transposeKernel: true, useBias: false });
  const pk = tk.init(random.key(2), [2, 5, 5, 4]);
  assert.deepEqual(pk.kernel.shape, [3, 3, 6, 4]);
  const fwd = nn.conv(4, [3, 3], { strides: [2, 2], padding: [[1, 1], [1, 1]], useBias: false });
  const input = random.normal(random.key(4), [2, 10, 10, 6]);
  const [y, back] = vjp((z: NDArray) => fwd.apply({ kernel: pk.kernel }, z), input);
  assert.deepEqual(y.shape, [2, 5, 5, 4]);
  const [gz] = back(x);
  close(tk.apply(pk, x), gz.toArray() as number[], 1e-5);
});

test("checkGrads (float64) of a loss through conv → relu → maxPool → avgPool → dense-like sum, w.r.t. params and input", () => {
  const conv = nn.conv(3, [3, 3], { strides: [1, 2], padding: "SAME", featureGroupCount: 1 });
  const pool = nn.maxPool([2, 2], { strides: [2, 2] });
  const key = random.key(7);
  const x = random.normal(key, [2, 6, 8, 2], { dtype: "float64" });
  const params = conv.init(random.key(8), [2, 6, 8, 2]);
  const p64 = { kernel: params.kernel.astype("float64"), bias: np.array([0.1, -0.2, 0.3], { dtype: "float64" }) };
  const loss = (p: typeof p64, z: NDArray) => {
    const h = nn.relu(conv.apply(p, z));
    const m = pool.apply(null, h);
    const a = nn.avgPool(m, [2, 2], { padding: "SAME", countIncludePad: false });
    return np.sum(np.square(np.tanh(a)));
  };
  numeric.checkGrads(loss, [p64, x], { order: 1 });
  close(jit(loss)(p64, x), [loss(p64, x).item() as number], 1e-12);
});

test("maxPool: the first maximum of a window (row-major) gets the whole gradient; NaN propagates; padding never wins", () => {
  const x = np.array([[1, 3, 3, 0], [3, 2, 1, 1], [0, 0, 5, 5], [0, 0, 5, 5]], { dtype: "float64" }).reshape([1, 4, 4, 1]);
  const g = grad((z: NDArray) => np.sum(nn.maxPool(z, [2, 2], { strides: [2, 2] })))(x) as NDArray;
  assert.deepEqual(g.reshape([4, 4]).toArray(), [[0, 1, 1, 0], [0, 0, 0, 0], [1, 0, 1, 0], [0, 0, 0, 0]]);
  assert.deepEqual(nn.maxPool(x, [2, 2], { strides: [2, 2] }).reshape([4]).toArray(), [3, 3, 0, 5]);
  const withNaN = np.array([[1, NaN], [2, 0]], { dtype: "float64" }).reshape([1, 2, 2, 1]);
  assert.ok(Number.isNaN(nn.maxPool(withNaN, [2, 2]).item() as number));
  // SAME padding pads with −∞: all-negative windows keep their own maximum
  assert.deepEqual(nn.maxPool(np.full([1, 3, 1, 1], -7, { dtype: "float64" }), [2, 1], { padding: "SAME" }).reshape([3]).toArray(), [-7, -7, -7]);
});

test("layers under jit equal eager", () => {
  const c = nn.conv(4, [3, 3], { strides: 2 });
  const p = c.init(random.key(0), [3, 8, 8, 2]);
  const x = random.normal(random.key(1), [3, 8, 8, 2]);
  const f = (q: typeof p, z: NDArray) => nn.avgPool(nn.maxPool(c.apply(q, z), [2, 2]), [2, 2], { padding: "SAME" });
  close(jit(f)(p, x), f(p, x).toArray() as number[], 1e-6);
});

test("bad input: errors name the layer and the shapes", () => {
  const c = nn.conv(8, [3, 3]);
  const p = c.init(random.key(0), [1, 6, 6, 3]);
  assert.throws(() => c.apply(p, np.zeros([6, 3])), /conv\(8, \[3,3\]\): expected an input of shape \[...batch, 2 spatial, features\] \(rank ≥ 3\), got \[6,3\]/);
  assert.throws(() => c.apply(p, np.zeros([1, 6, 6, 4])), /conv\(8, \[3,3\]\): kernel \[3,3,3,8\] does not fit input \[1,6,6,4\]: expected \[3,3,4,8\]/);
  assert.throws(() => c.apply({ kernel: p.kernel } as never, np.zeros([1, 6, 6, 3])), /conv\(8, \[3,3\]\): params lack the bias/);
  assert.throws(() => c.apply({ kernel: p.kernel, bias: np.zeros([4]) }, np.zeros([1, 6, 6, 3])), /bias \[4\] does not match the kernel's 8 features/);
  assert.throws(() => nn.conv(8, 3 as never), /nn.conv: kernelSize must be an array of 1 to 3 integers/);
  assert.throws(() => nn.conv(6, [3, 3], { featureGroupCount: 4 }), /features \(6\) must be divisible by featureGroupCount \(4\)/);
  assert.throws(() => nn.conv(6, [3, 3], { featureGroupCount: 2 }).init(random.key(0), [1, 5, 5, 3]), /input features \(3\) of input \[1,5,5,3\] must be divisible by featureGroupCount \(2\)/);
  assert.throws(() => nn.conv(6, [3, 3], { padding: "FULL" as never }), /padding must be "SAME", "VALID", "CIRCULAR", "CAUSAL"/);
  assert.throws(() => nn.conv(6, [3, 3], { strides: [1, 2, 3] }), /strides must be an integer ≥ 1 or 2 of them/);
  assert.throws(() => nn.conv(6, [3, 3], { stride: 2 } as never), /nn.conv/);
  assert.throws(() => nn.maxPool([2, 2]).apply(null, np.zeros([4, 4])), /maxPool\(\[2,2\]\): input of shape \[4,4\] has too few axes for a 2-d window/);
  assert.throws(() => nn.maxPool(np.zeros([1, 2, 2, 1]), [3, 3]), /nn.maxPool: window \[3,3\] is larger than the padded input/);
  assert.throws(() => nn.avgPool(np.zeros([1, 4, 4, 1]), [2, 0]), /nn.avgPool: windowShape must be a non-empty array of integers ≥ 1/);
  assert.throws(() => (nn.maxPool as (...a: unknown[]) => unknown)([2, 2], { strides: [2, 2] }, {}), /makes a layer and takes no third argument/);
});

test("maxPool: a NaN in a window gives NaN (as XLA's max), other windows unaffected; a fully padded window is −∞", () => {
  const x = np.array([[[[1], [NaN], [3], [4]], [[5], [6], [7], [8]]]]); // [1, 2, 4, 1]
  const y = nn.maxPool(x, [2, 2], { strides: [2, 2] }).data() as Float32Array;
  assert.ok(Number.isNaN(y[0]));
  assert.equal(y[1], 8);
  const g = grad((v: NDArray) => np.sum(nn.maxPool(v, [2, 2], { strides: [2, 2] }).get(0, 0, 1, 0)))(x).data() as Float32Array;
  assert.deepEqual([...g], [0, 0, 0, 0, 0, 0, 0, 1]);
  const p = nn.maxPool(np.ones([1, 1, 1, 1]), [1, 1], { padding: [[0, 0], [0, 2]], strides: [1, 1] }).data() as Float32Array;
  assert.deepEqual([...p], [1, -Infinity, -Infinity]);
});
