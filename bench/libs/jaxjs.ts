/**
 * @file jax-js variants on its "wasm" device: eager, and jit (jit(grad(f)), jit(step), jit(hessian(f)) …).
 *
 * Memory follows jax-js's ownership rules: every function consumes its array arguments, so inputs
 * kept across calls are passed as `x.ref`, a function that uses an array twice takes `.ref` for all
 * but the last use, closed-over constants are used as `A.ref`, results are consumed by `dataSync()` /
 * `item()`, and arrays and jitted functions are disposed at the end of a row.
 *
 * Node 20 has no `navigator`, so `init()` without arguments throws (it probes WebGPU); `init("wasm")`
 * starts only the wasm device.
 */
import * as jax from "@jax-js/jax";
import type { Case, Variant } from "../harness.js";
import { errMsg } from "../util.js";
import { AnyData, PARAM_NAMES, RowId, W1Data, W2Data, W3Data, W4Data, W5Data, W6Data, W8Data } from "../workloads.js";
import { accuracyOf, W9Data } from "../w9.js";

const { numpy: np, nn, tree } = jax;
type Arr = jax.Array;
type Fn = (...args: any[]) => any;

/**
 * W9 (bench/w9.ts): one epoch of SGD with momentum (v ← μ·v + g, p ← p − lr·v) from the initial
 * parameters, the step jitted (or not). The CNN runs in jax-js's NCHW layout with OIHW kernels (the
 * HWIO kernels transposed once, outside timing) and flattens in (h, w, c) order as the others;
 * max-pooling is a reshape to 2×2 blocks and a max over them.
 */
function w9(row: "W9-mlp" | "W9-cnn", d: W9Data, J: (f: Fn) => Fn, keep: <T extends Arr>(a: T) => T, dispose: () => void): Case {
  const cnn = row === "W9-cnn", b = d.batch, m = cnn ? d.cnn : d.mlp;
  const xShape = (n: number) => (cnn ? [n, 1, 28, 28] : [n, 784]);
  const xb = Array.from({ length: d.steps }, (_, i) => keep(np.array(d.x.slice(i * b * 784, (i + 1) * b * 784), { shape: xShape(b) })));
  const yb = Array.from({ length: d.steps }, (_, i) => keep(np.array(d.y.slice(i * b * 10, (i + 1) * b * 10), { shape: [b, 10] })));
  const init = m.params.map((p, i) => {
    const a = np.array(p.slice(), { shape: m.shapes[i] });
    return keep(cnn && (i === 0 || i === 2) ? np.transpose(a, [3, 2, 0, 1]) : a);
  });
  const zeros = init.map((a) => keep(np.zeros(a.shape)));
  const pool = (h: Arr, c: number, s: number) => np.max(h.reshape([h.shape[0], c, s / 2, 2, s / 2, 2]), [3, 5]);
  const forward = (p: Arr[], x: Arr): Arr => {
    if (!cnn) {
      const h1 = nn.relu(np.matmul(x, p[0]).add(p[1]));
      const h2 = nn.relu(np.matmul(h1, p[2]).add(p[3]));
      return np.matmul(h2, p[4]).add(p[5]);
    }
    const n = x.shape[0];
    let h = pool(nn.relu(jax.lax.conv(x, p[0], [1, 1], "SAME").add(p[1].reshape([1, 32, 1, 1]))), 32, 28);
    h = pool(nn.relu(jax.lax.conv(h, p[2], [1, 1], "SAME").add(p[3].reshape([1, 64, 1, 1]))), 64, 14);
    return np.matmul(np.transpose(h, [0, 2, 3, 1]).reshape([n, 7 * 7 * 64]), p[4]).add(p[5]);
  };
  const loss = (p: Arr[], x: Arr, y: Arr) => np.negative(np.mean(np.sum(nn.logSoftmax(forward(p, x), -1).mul(y), -1)));
  const step = J((p: Arr[], v: Arr[], x: Arr, y: Arr) => {
    const [l, g] = jax.valueAndGrad(loss)(tree.ref(p), x, y) as [Arr, Arr[]];
    const v2 = v.map((vi, i) => vi.mul(d.momentum).add(g[i]));
    return [l, p.map((pi, i) => pi.sub(v2[i].ref.mul(d.lr))), v2];
  });
  const predict = J((p: Arr[], x: Arr) => np.argmax(forward(p, x), -1));
  let trained: Arr[] | null = null;
  const drop = () => {
    if (trained) tree.dispose(trained);
    trained = null;
  };
  return {
    call: () => {
      let p = init.map((a) => a.ref), v = zeros.map((a) => a.ref), l: Arr | null = null;
      for (let i = 0; i < d.steps; i++) {
        l?.dispose();
        [l, p, v] = step(p, v, xb[i].ref, yb[i].ref) as [Arr, Arr[], Arr[]];
      }
      tree.dispose(v);
      drop();
      trained = p;
      return l!.item();
    },
    accuracy: () => {
      const n = d.labelsTest.length, chunk = 500, pred = new Int32Array(n);
      for (let s = 0; s < n; s += chunk) {
        const k = Math.min(chunk, n - s);
        const x = np.array(d.xTest.slice(s * 784, (s + k) * 784), { shape: xShape(k) });
        pred.set((predict(tree.ref(trained!), x) as Arr).dataSync() as Int32Array, s);
      }
      return accuracyOf(pred, d.labelsTest);
    },
    dispose: () => {
      drop();
      dispose();
    },
  };
}

function build(row: RowId, data: AnyData, useJit: boolean): Case | string {
  const owned: { dispose(): void }[] = [];
  /** jit(f) (disposed with the case) or f itself. */
  const J = (f: Fn): Fn => {
    if (!useJit) return f;
    const j = jax.jit(f);
    owned.push(j);
    return j;
  };
  const keep = <T extends Arr>(a: T): T => (owned.push(a), a);
  const dispose = () => owned.forEach((o) => o.dispose());
  const f32 = (a: Arr) => a.dataSync() as Float32Array;

  switch (row) {
    case "W1": {
      const d = data as W1Data;
      const g = J(jax.grad((x: Arr) => x.ref.mul(x.ref).mul(x)));
      return { call: () => (g(d.x) as Arr).item(), dispose };
    }
    case "W2": {
      const d = data as W2Data;
      const x = keep(np.array(d.x));
      const f = (x: Arr) => np.sum(np.sin(x.ref).mul(x.ref).mul(x.ref).add(np.exp(np.negative(x))));
      const g = J(jax.grad(f));
      return { call: () => f32(g(x.ref)), dispose };
    }
    case "W3": {
      const d = data as W3Data;
      let params: Record<string, Arr> = {};
      PARAM_NAMES.forEach((k, i) => (params[k] = np.array(d.params[i].slice(), { shape: d.shapes[i] })));
      const X = keep(np.array(d.x, { shape: [d.batch, d.sizes[0]] }));
      const Y = keep(np.array(d.y, { shape: [d.batch, 10] }));
      const loss = (p: Record<string, Arr>, x: Arr, y: Arr) => {
        const h1 = nn.relu(np.matmul(x, p.w1).add(p.b1));
        const h2 = nn.relu(np.matmul(h1, p.w2).add(p.b2));
        const logits = np.matmul(h2, p.w3).add(p.b3);
        return np.negative(np.mean(np.sum(nn.logSoftmax(logits, -1).mul(y), -1)));
      };
      const step = J((p: Record<string, Arr>, x: Arr, y: Arr) => {
        const [l, g] = jax.valueAndGrad(loss)(tree.ref(p), x, y) as [Arr, Record<string, Arr>];
        return [l, tree.map((a: Arr, b: Arr) => a.sub(b.mul(d.lr)), p as any, g as any)];
      });
      return {
        call: () => {
          const [l, p] = step(params, X.ref, Y.ref) as [Arr, Record<string, Arr>];
          params = p;
          return l.item();
        },
        params: () => PARAM_NAMES.map((k) => f32(params[k].ref)),
        dispose: () => {
          tree.dispose(params);
          dispose();
        },
      };
    }
    case "W4-f32":
    case "W4-f64": {
      const d = data as W4Data;
      // np.array(Float64Array) throws "Float16Array is not defined" on Node 20 (jax-js 0.1.25), so the
      // float64 operands are made from the float32 ones (a64 holds exactly the same values).
      const mk = (a: Float32Array) => {
        const x = np.array(a, { shape: [d.n, d.n] });
        return keep(row === "W4-f32" ? x : x.astype(np.float64));
      };
      const A = mk(d.a32), B = mk(d.b32);
      const mm = J((a: Arr, b: Arr) => np.matmul(a, b));
      return { call: () => (mm(A.ref, B.ref) as Arr).dataSync() as Float32Array | Float64Array, dispose };
    }
    case "W5": {
      const d = data as W5Data;
      const A = keep(np.array(d.A, { shape: [d.n, d.n] })), x = keep(np.array(d.x));
      const h = J(jax.hessian((x: Arr) => np.sum(np.log1p(np.square(np.matmul(A.ref, x))))));
      return { call: () => f32(h(x.ref)), dispose };
    }
    case "W6-fwd":
    case "W6-rev": {
      const d = data as W6Data;
      const W = keep(np.array(d.W, { shape: [d.n, d.n] })), x = keep(np.array(d.x));
      const f = (x: Arr) => np.tanh(np.matmul(W.ref, x));
      const jf = J(row === "W6-fwd" ? jax.jacfwd(f) : jax.jacrev(f));
      return { call: () => f32(jf(x.ref)), dispose };
    }
    case "W7-fwd":
    case "W7-grad":
      return "no scan/while primitive (a 10,000-step JS loop would be unrolled)";
    case "W8-eigh":
    case "W8-svd": {
      const d = data as W8Data;
      // float64 from the float32 values (see W4); A = (B + Bᵀ)/2 in float64 is then exactly the JS one
      const B = np.array(d.B, { shape: [d.n, d.n] }).astype(np.float64);
      const a = keep(row === "W8-svd" ? B : B.ref.add(np.matrixTranspose(B)).mul(0.5));
      const f64 = (a: Arr) => a.dataSync() as Float64Array;
      if (row === "W8-eigh") {
        // both outputs computed (and read back); the eigenvalues are checked
        const eigh = J((a: Arr) => np.linalg.eigh(a));
        return {
          call: () => {
            const [w, v] = eigh(a.ref) as [Arr, Arr];
            v.dataSync();
            return f64(w);
          },
          dispose,
        };
      }
      // u, s and vh computed (and read back); the singular values are checked
      const svd = J((a: Arr) => np.linalg.svd(a));
      return {
        call: () => {
          const [u, s, vh] = svd(a.ref) as [Arr, Arr, Arr];
          u.dataSync();
          vh.dataSync();
          return f64(s);
        },
        dispose,
      };
    }
    case "W9-mlp":
      return w9(row, data as W9Data, J, keep, dispose);
    case "W9-cnn":
      // measured (jit, Dec 2026, 2 cores at load average 15): 100 s for the first step (compilation), then 30 s a step
      if (!process.env.ADJOINT_BENCH_W9_SLOW) return "skipped: jax-js trains this CNN at ≈ 30 s a step here (jit; an epoch ≈ 30 min); ADJOINT_BENCH_W9_SLOW=1 runs it";
      return w9(row, data as W9Data, J, keep, dispose);
  }
}

export function jaxjsVariants(): Variant[] {
  let started: Promise<string | null> | null = null;
  const start = () =>
    (started ??= (async () => {
      try {
        const devices = await jax.init("wasm");
        if (!devices.includes("wasm")) return `wasm device not available (got ${devices.join(", ")})`;
        jax.defaultDevice("wasm");
        return null;
      } catch (e) {
        return errMsg(e);
      }
    })());
  return (["eager", "jit"] as const).map((mode) => {
    const v: Variant = {
      name: `jax-js ${mode}`,
      lib: "jax-js",
      unavailable: null,
      async init() {
        v.unavailable = await start();
      },
      activate() {},
      build: (row, data) => build(row, data, mode === "jit"),
    };
    return v;
  });
}
