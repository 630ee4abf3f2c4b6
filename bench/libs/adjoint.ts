/**
 * @file adjoint variants: eager and jit, on the "js" and "wasm" backends. Variants that do not exist
 * yet (no `jit` export, no "wasm" backend) report n/a and light up when they land. No dispose:
 * adjoint reclaims memory itself.
 */
import * as adj from "../../src/index.js";
import * as backendModule from "../../src/backend/registry.js";
import type { Case, Variant } from "../harness.js";
import { errMsg } from "../util.js";
import { AnyData, PARAM_NAMES, RowId, W1Data, W2Data, W3Data, W4Data, W5Data, W6Data, W7Data, W8Data } from "../workloads.js";
import { accuracyOf, W9Data } from "../w9.js";

const { np, nn, optim, tree, lax, grad, valueAndGrad, jacfwd, jacrev, hessian } = adj;
type NDArray = adj.NDArray;
type Fn = (...args: any[]) => any;
type Jit = (f: Fn, opts?: { staticArgnums?: number[] }) => Fn;

/** `jit` once it is exported from src/index.ts (looked up at run time, so this file compiles either way). */
function getJit(): Jit | undefined {
  const j = (adj as Record<string, unknown>).jit;
  return typeof j === "function" ? (j as Jit) : undefined;
}

/**
 * setBackend(name) makes a fresh backend instance; arrays keep the instance they were made on. To switch
 * back and forth between backends while interleaving samples, each instance is registered once under a
 * private name so that switching back returns the very same instance (buffers, caches, threads).
 */
const pinned = new Map<string, string>();
const pinnedInstance = new Map<string, unknown>();
/** setBackend, awaited should it ever become asynchronous (e.g. to start worker threads). */
async function useBackend(name: string): Promise<void> {
  const r: unknown = adj.setBackend(name);
  if (r instanceof Promise) await r;
}
async function pinBackend(name: string): Promise<string | null> {
  if (pinned.has(name)) return null;
  try {
    await useBackend(name);
  } catch (e) {
    return errMsg(e);
  }
  const inst = adj.getBackend();
  pinnedInstance.set(name, inst);
  // worker threads start in the background; wait for them so that every sample uses them
  const start = (inst as { startThreads?: () => Promise<boolean> }).startThreads;
  if (typeof start === "function") await start.call(inst);
  const register = (backendModule as Record<string, unknown>).registerBackend;
  if (typeof register === "function") {
    const alias = `bench:${name}`;
    (register as (n: string, make: () => unknown) => void)(alias, () => inst);
    pinned.set(name, alias);
  } else {
    pinned.set(name, name);
  }
  return null;
}

const asF32 = (a: NDArray) => a.data() as Float32Array;

/** W9's two models as `nn` layers (bench/w9.ts): the MLP 784-512-512-10 and the CNN (NHWC, kernels HWIO). */
const w9Models = {
  "W9-mlp": () => nn.mlp([512, 512, 10]),
  "W9-cnn": () =>
    nn.sequential(
      nn.conv(32, [3, 3]), nn.relu, nn.maxPool([2, 2], { strides: [2, 2] }),
      nn.conv(64, [3, 3]), nn.relu, nn.maxPool([2, 2], { strides: [2, 2] }),
      nn.flatten(), nn.dense(10),
    ),
};

/**
 * W9 (bench/w9.ts) with the public API: the model from `nn` layers, the harness's initial parameters
 * put into the layers' parameter tree ({ kernel, bias } of each dense/conv layer, in order), softmax
 * cross-entropy with the integer labels, `optim.sgd(lr, { momentum })` (Optax's trace: v ← μ·v + g,
 * p ← p − lr·v, as PyTorch), the whole step (valueAndGrad + update + applyUpdates) one program under jit.
 */
function w9Train(row: "W9-mlp" | "W9-cnn", d: W9Data, J: Fn): Case {
  const b = d.batch, m = row === "W9-mlp" ? d.mlp : d.cnn;
  const inShape = row === "W9-mlp" ? [784] : [28, 28, 1];
  const model = w9Models[row]();
  // the harness's arrays, in the order kernel, bias of each layer that has parameters
  const given = m.params.map((p, i) => np.array(p, { shape: m.shapes[i] }));
  let next = 0;
  const init = (model.init(adj.random.key(0), [b, ...inShape]) as unknown[]).map((layer) =>
    layer !== null && typeof layer === "object" && "kernel" in layer ? { kernel: given[next++], bias: given[next++] } : layer,
  );
  if (next !== given.length) throw new Error(`W9 (${row}): the model has ${next} parameter arrays, the harness ${given.length}`);
  const opt = optim.sgd(d.lr, { momentum: d.momentum });
  const state0 = opt.init(init);
  const xb = Array.from({ length: d.steps }, (_, i) => np.array(d.x.subarray(i * b * 784, (i + 1) * b * 784), { shape: [b, ...inShape] }));
  const yb = Array.from({ length: d.steps }, (_, i) => np.array(d.labels.subarray(i * b, (i + 1) * b), { dtype: "int32" }));
  const loss = (p: unknown[], x: NDArray, y: NDArray) => np.mean(nn.softmaxCrossEntropy(model.apply(p, x), y));
  const step = J((p: unknown[], s: unknown, x: NDArray, y: NDArray) => {
    const [l, g] = valueAndGrad(loss)(p, x, y) as [NDArray, unknown[]];
    const [updates, s2] = opt.update(g, s, p);
    return [l, optim.applyUpdates(p, updates), s2];
  });
  const predict = J((p: unknown[], x: NDArray) => np.argmax(model.apply(p, x), -1));
  let trained = init;
  return {
    call: () => {
      let p = init, s: unknown = state0, l: NDArray | undefined;
      for (let i = 0; i < d.steps; i++) [l, p, s] = step(p, s, xb[i], yb[i]) as [NDArray, unknown[], unknown];
      trained = p;
      return l!.item() as number;
    },
    accuracy: () => {
      const n = d.labelsTest.length, pred = new Int32Array(n);
      // in chunks of 500 (the CNN's activations for 2,000 digits at once are 100 MB)
      for (let i = 0; i < n; i += 500) {
        const k = Math.min(500, n - i);
        pred.set(predict(trained, np.array(d.xTest.subarray(i * 784, (i + k) * 784), { shape: [k, ...inShape] })).data() as Int32Array, i);
      }
      return accuracyOf(pred, d.labelsTest);
    },
  };
}

function build(row: RowId, data: AnyData, J: Fn): Case | string {
  switch (row) {
    case "W1": {
      const d = data as W1Data;
      const g = J(grad((x: NDArray) => np.multiply(np.multiply(x, x), x)));
      return { call: () => (g(d.x) as NDArray).item() };
    }
    case "W2": {
      const d = data as W2Data;
      const x = np.array(d.x);
      const f = (x: NDArray) => np.sum(np.add(np.multiply(np.multiply(np.sin(x), x), x), np.exp(np.negative(x))));
      const g = J(grad(f));
      return { call: () => asF32(g(x)) };
    }
    case "W3": {
      const d = data as W3Data;
      let params: Record<string, NDArray> = {};
      PARAM_NAMES.forEach((k, i) => (params[k] = np.array(d.params[i], { shape: d.shapes[i] })));
      const X = np.array(d.x, { shape: [d.batch, d.sizes[0]] });
      const Y = np.array(d.y, { shape: [d.batch, 10] });
      const loss = (p: Record<string, NDArray>, x: NDArray, y: NDArray) => {
        const h1 = nn.relu(np.add(np.matmul(x, p.w1), p.b1));
        const h2 = nn.relu(np.add(np.matmul(h1, p.w2), p.b2));
        const logits = np.add(np.matmul(h2, p.w3), p.b3);
        return np.negative(np.mean(np.sum(np.multiply(nn.logSoftmax(logits), y), -1)));
      };
      const vg = valueAndGrad(loss);
      const step = J((p: Record<string, NDArray>, x: NDArray, y: NDArray) => {
        const [l, g] = vg(p, x, y) as [NDArray, Record<string, NDArray>];
        return [l, tree.map((a: NDArray, b: NDArray) => np.subtract(a, np.multiply(b, d.lr)), p, g)];
      });
      return {
        call: () => {
          const [l, p] = step(params, X, Y) as [NDArray, Record<string, NDArray>];
          params = p;
          return l.item();
        },
        params: () => PARAM_NAMES.map((k) => asF32(params[k])),
      };
    }
    case "W4-f32":
    case "W4-f64": {
      const d = data as W4Data;
      const [a, b] = row === "W4-f32" ? [d.a32, d.b32] : [d.a64, d.b64];
      const A = np.array(a, { shape: [d.n, d.n] }), B = np.array(b, { shape: [d.n, d.n] });
      const mm = J((a: NDArray, b: NDArray) => np.matmul(a, b));
      return { call: () => (mm(A, B) as NDArray).data() as Float32Array | Float64Array };
    }
    case "W5": {
      const d = data as W5Data;
      const A = np.array(d.A, { shape: [d.n, d.n] }), x = np.array(d.x);
      const h = J(hessian((x: NDArray) => np.sum(np.log1p(np.square(np.matmul(A, x))))));
      return { call: () => asF32(h(x)) };
    }
    case "W6-fwd":
    case "W6-rev": {
      const d = data as W6Data;
      const W = np.array(d.W, { shape: [d.n, d.n] }), x = np.array(d.x);
      const f = (x: NDArray) => np.tanh(np.matmul(W, x));
      const jf = J(row === "W6-fwd" ? jacfwd(f) : jacrev(f));
      return { call: () => asF32(jf(x)) };
    }
    case "W7-fwd":
    case "W7-grad": {
      const { k, h, steps, x0 } = data as W7Data;
      const f64 = (x: number) => np.array(x, { dtype: "float64" });
      const c = f64((data as W7Data).c);
      // x(T) as a function of c: one lax.scan over the (x, v) carry, old x and v on the right
      const xT = (c: NDArray) =>
        lax.scan(([x, v]: NDArray[]) => [[x.add(v.mul(h)), v.add(x.mul(-k).sub(v.mul(c)).mul(h))], null], [f64(x0), f64(0)], null, { length: steps })[0][0];
      const f = J(row === "W7-fwd" ? xT : grad(xT));
      return { call: () => (f(c) as NDArray).item() };
    }
    case "W8-eigh": {
      const d = data as W8Data;
      const A = np.array(d.A, { shape: [d.n, d.n] });
      // both outputs computed (and read back); the eigenvalues are checked
      const eigh = J((a: NDArray) => np.linalg.eigh(a));
      return {
        call: () => {
          const [w, v] = eigh(A) as [NDArray, NDArray];
          v.data();
          return w.data() as Float64Array;
        },
      };
    }
    case "W8-svd": {
      const d = data as W8Data;
      const B = np.array(Float64Array.from(d.B), { shape: [d.n, d.n] });
      // u, s and vh computed (and read back); the singular values are checked
      const svd = J((a: NDArray) => np.linalg.svd(a));
      return {
        call: () => {
          const [u, s, vh] = svd(B) as [NDArray, NDArray, NDArray];
          u.data();
          vh.data();
          return s.data() as Float64Array;
        },
      };
    }
    case "W9-mlp":
    case "W9-cnn":
      return w9Train(row, data as W9Data, J);
  }
}

export function adjointVariants(): Variant[] {
  const out: Variant[] = [];
  for (const backend of ["js", "wasm"]) {
    for (const mode of ["eager", "jit"] as const) {
      const v: Variant = {
        name: `adjoint ${mode} ${backend}`,
        lib: "adjoint",
        unavailable: null,
        async init() {
          if (mode === "jit" && !getJit()) {
            v.unavailable = "jit is not exported from src/index.ts yet";
            return;
          }
          const err = await pinBackend(backend);
          if (err) v.unavailable = `backend "${backend}" not available (${err})`;
        },
        async activate() {
          if (adj.getBackend() !== pinnedInstance.get(backend)) await useBackend(pinned.get(backend)!);
        },
        build(row, data) {
          const J: Fn = mode === "jit" ? (f: Fn) => getJit()!(f) : (f: Fn) => f;
          return build(row, data, J);
        },
      };
      out.push(v);
    }
  }
  return out;
}
