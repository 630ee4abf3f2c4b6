/**
 * @file TensorFlow.js variants: the "cpu" backend (plain JS) and the "wasm" backend (XNNPACK, SIMD;
 * tfjs disables its wasm threads under Node, so it runs on one thread). The .wasm binaries are loaded
 * from node_modules (setWasmPaths), never fetched.
 *
 * Memory: every timed call runs inside tf.tidy and disposes what it returns after reading it back;
 * W3 trains tf.variables with tf.train.sgd (optimizer.minimize disposes its own intermediates).
 *
 * tfjs has reverse mode only (tf.grad, tf.grads) and no vmap, so: W5 (Hessian) is reverse-over-reverse
 * with the 100 rows batched by hand (the input is tiled into a 100×100 batch and the gradient of
 * Σᵢ ∂f/∂xᵢ(rowᵢ) taken), W6 jacrev batches the 1000 vector–Jacobian products the same way (the
 * forward pass is then computed 1000 times over, one per row), and W6 jacfwd and W4 float64 are n/a,
 * as are W7 (float64) and W8 (no eigh or svd).
 */
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import type { Case, Variant } from "../harness.js";
import { errMsg } from "../util.js";
import { AnyData, RowId, W1Data, W2Data, W3Data, W4Data, W5Data, W6Data } from "../workloads.js";
import { accuracyOf, W9Data } from "../w9.js";

let wasmPathsSet = false;
function useLocalWasm(): void {
  if (wasmPathsSet) return;
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  setWasmPaths(dir + path.sep);
  wasmPathsSet = true;
}

/** Runs `f` in a tidy scope, reads the result back and frees it. */
function read(f: () => tf.Tensor): Float32Array {
  const t = tf.tidy(f);
  const d = t.dataSync() as Float32Array;
  t.dispose();
  return d;
}


/**
 * The Jacobian of a row-wise g at x by reverse mode, all rows at once: g is applied to n copies of x
 * (rows of Xb) and Σᵢ g(Xb)ᵢᵢ differentiated, so row i of the gradient is the VJP with eᵢ.
 */
function jacobianRows(g: (Xb: tf.Tensor) => tf.Tensor, x0: Float32Array, n: number, owned: tf.Tensor[]): Case {
  const x = tf.tensor2d(x0, [1, n]), eye = tf.eye(n);
  const jr = tf.grad((Xb: tf.Tensor) => tf.sum(tf.mul(g(Xb), eye)));
  return { call: () => read(() => jr(tf.tile(x, [n, 1]))), dispose: () => tf.dispose([...owned, x, eye]) };
}

/**
 * W9 (bench/w9.ts): one epoch of tf.train.momentum(lr, 0.9) on tf.variables reset to the initial
 * parameters (a fresh optimizer: zero velocity); the loss is read back after the last step only.
 */
function w9(row: "W9-mlp" | "W9-cnn", d: W9Data): Case {
  const cnn = row === "W9-cnn", b = d.batch, m = cnn ? d.cnn : d.mlp;
  const xShape = (n: number) => (cnn ? [n, 28, 28, 1] : [n, 784]);
  const xb = Array.from({ length: d.steps }, (_, i) => tf.tensor(d.x.subarray(i * b * 784, (i + 1) * b * 784), xShape(b)));
  const yb = Array.from({ length: d.steps }, (_, i) => tf.tensor2d(d.y.subarray(i * b * 10, (i + 1) * b * 10), [b, 10]));
  const init = m.params.map((p, i) => tf.tensor(p, m.shapes[i]));
  const vars = init.map((t) => tf.variable(t.clone()));
  const forward = (x: tf.Tensor): tf.Tensor => {
    const [w1, b1, w2, b2, w3, b3] = vars;
    if (!cnn) {
      const h1 = tf.relu(tf.matMul(x as tf.Tensor2D, w1 as tf.Tensor2D).add(b1));
      const h2 = tf.relu(tf.matMul(h1 as tf.Tensor2D, w2 as tf.Tensor2D).add(b2));
      return tf.matMul(h2 as tf.Tensor2D, w3 as tf.Tensor2D).add(b3);
    }
    let h = tf.maxPool(tf.relu(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 1, "same").add(b1)) as tf.Tensor4D, 2, 2, "valid");
    h = tf.maxPool(tf.relu(tf.conv2d(h, w2 as tf.Tensor4D, 1, "same").add(b2)) as tf.Tensor4D, 2, 2, "valid");
    return tf.matMul(h.reshape([x.shape[0], 7 * 7 * 64]) as tf.Tensor2D, w3 as tf.Tensor2D).add(b3);
  };
  return {
    call: () => {
      vars.forEach((v, i) => v.assign(init[i]));
      const opt = tf.train.momentum(d.lr, d.momentum);
      let cost: tf.Scalar | null = null;
      for (let i = 0; i < d.steps; i++) {
        const last = i === d.steps - 1;
        const c = opt.minimize(() => tf.neg(tf.mean(tf.sum(tf.logSoftmax(forward(xb[i])).mul(yb[i]), -1))) as tf.Scalar, last, vars);
        if (last) cost = c;
      }
      const v = cost!.dataSync()[0];
      cost!.dispose();
      opt.dispose();
      return v;
    },
    accuracy: () => {
      const n = d.labelsTest.length, chunk = 500, pred = new Int32Array(n);
      for (let s = 0; s < n; s += chunk) {
        const k = Math.min(chunk, n - s);
        const t = tf.tidy(() => tf.argMax(forward(tf.tensor(d.xTest.subarray(s * 784, (s + k) * 784), xShape(k))), -1));
        pred.set(t.dataSync() as Int32Array, s);
        t.dispose();
      }
      return accuracyOf(pred, d.labelsTest);
    },
    dispose: () => tf.dispose([...xb, ...yb, ...init, ...vars]),
  };
}

function build(row: RowId, data: AnyData): Case | string {
  switch (row) {
    case "W1": {
      const d = data as W1Data;
      const g = tf.grad((x: tf.Tensor) => x.mul(x).mul(x));
      return { call: () => read(() => g(tf.scalar(d.x)))[0] };
    }
    case "W2": {
      const d = data as W2Data;
      const x = tf.tensor1d(d.x);
      const g = tf.grad((x: tf.Tensor) => tf.sum(tf.sin(x).mul(x).mul(x).add(tf.exp(tf.neg(x)))));
      return { call: () => read(() => g(x)), dispose: () => x.dispose() };
    }
    case "W3": {
      const d = data as W3Data;
      const vars = d.params.map((p, i) => tf.variable(tf.tensor(p.slice(), d.shapes[i])));
      const [w1, b1, w2, b2, w3, b3] = vars;
      const X = tf.tensor2d(d.x, [d.batch, d.sizes[0]]);
      const Y = tf.tensor2d(d.y, [d.batch, 10]);
      const opt = tf.train.sgd(d.lr);
      const loss = (): tf.Scalar => {
        const h1 = tf.relu(tf.matMul(X, w1).add(b1));
        const h2 = tf.relu(tf.matMul(h1, w2).add(b2));
        const logits = tf.matMul(h2, w3).add(b3);
        return tf.neg(tf.mean(tf.sum(tf.logSoftmax(logits).mul(Y), -1))) as tf.Scalar;
      };
      return {
        call: () => {
          const c = opt.minimize(loss, true, vars)!;
          const v = c.dataSync()[0];
          c.dispose();
          return v;
        },
        params: () => vars.map((v) => (v.dataSync() as Float32Array).slice()),
        dispose: () => {
          vars.forEach((v) => v.dispose());
          X.dispose();
          Y.dispose();
          opt.dispose();
        },
      };
    }
    case "W4-f32": {
      const d = data as W4Data;
      const a = tf.tensor2d(d.a32, [d.n, d.n]), b = tf.tensor2d(d.b32, [d.n, d.n]);
      return { call: () => read(() => tf.matMul(a, b)), dispose: () => tf.dispose([a, b]) };
    }
    case "W4-f64":
      return "tfjs has no float64";
    case "W5": {
      const d = data as W5Data;
      const A = tf.tensor2d(d.A, [d.n, d.n]);
      // rows of Xb are copies of x; f(Xb) sums f over rows, so row i of ∇ is ∇f(x); the rows of the
      // Jacobian of ∇f are then H's rows
      const gradF = tf.grad((Xb: tf.Tensor) => tf.sum(tf.log1p(tf.square(tf.matMul(Xb as tf.Tensor2D, A, false, true)))));
      return jacobianRows(gradF, d.x, d.n, [A]);
    }
    case "W6-fwd":
      return "tfjs has no forward mode";
    case "W6-rev": {
      const d = data as W6Data;
      const W = tf.tensor2d(d.W, [d.n, d.n]);
      return jacobianRows((Xb) => tf.tanh(tf.matMul(Xb as tf.Tensor2D, W, false, true)), d.x, d.n, [W]);
    }
    case "W7-fwd":
    case "W7-grad":
      return "tfjs has no float64";
    case "W8-eigh":
    case "W8-svd":
      return "tfjs has no eigh or svd (tf.linalg has only qr, gramSchmidt, bandPart) and no float64";
    case "W9-mlp":
      return w9(row, data as W9Data);
    case "W9-cnn":
      // tfjs-backend-wasm 4.22 registers Conv2D but not its gradient kernels
      if (tf.getBackend() === "wasm") return "tfjs-backend-wasm has no Conv2DBackpropFilter kernel: a CNN cannot be trained on it";
      // measured (Dec 2026, 2 cores at load average ≈ 12): 300 s for one training step of 128 images
      if (!process.env.ADJOINT_BENCH_W9_SLOW) return "skipped: tfjs cpu trains this CNN at ≈ 300 s a step here (an epoch ≈ 5 h); ADJOINT_BENCH_W9_SLOW=1 runs it";
      return w9(row, data as W9Data);
  }
}

export function tfjsVariants(): Variant[] {
  return (["cpu", "wasm"] as const).map((backend) => {
    const v: Variant = {
      name: `tfjs ${backend}`,
      lib: "tfjs",
      unavailable: null,
      async init() {
        try {
          if (backend === "wasm") useLocalWasm();
          const ok = await tf.setBackend(backend);
          if (!ok) v.unavailable = `tf.setBackend("${backend}") failed`;
          else await tf.ready();
        } catch (e) {
          v.unavailable = errMsg(e);
        }
      },
      async activate() {
        if (tf.getBackend() !== backend) await tf.setBackend(backend);
      },
      build: (row, data) => build(row, data),
    };
    return v;
  });
}

export const tfjsVersion = (): string => tf.version_core;
