/**
 * @file Memory stays flat without user effort: no dispose() anywhere, yet long loops of eager grad
 * calls and training steps (eager and jit) do not grow the process (nor wasm memory, when that
 * backend is active).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import v8 from "node:v8";
import vm from "node:vm";
import { NDArray, np, nn, grad, jit, lax, valueAndGrad, tree } from "../src/index.js";
import { getBackend } from "../src/backend/backend.js";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/** Resident memory plus the backend's own memory (wasm linear memory, if any), in MB. */
function footprintMB(): number {
  gc();
  const b = getBackend() as unknown as { memoryBytes?: () => number };
  return (process.memoryUsage().rss + (b.memoryBytes?.() ?? 0)) / 2 ** 20;
}

/** Run `step` `n` times after `warm` warm-up steps; return the growth in MB. */
function growth(step: (i: number) => void, warm: number, n: number): number {
  for (let i = 0; i < warm; i++) step(i);
  const before = footprintMB();
  for (let i = 0; i < n; i++) step(i);
  return footprintMB() - before;
}

test("10,000 eager grad calls keep memory flat", () => {
  const g = grad((x: NDArray) => x.mul(x).mul(x));
  const mb = growth((i) => g(i % 7).item(), 1000, 10_000);
  assert.ok(mb < 50, `grew by ${mb.toFixed(1)} MB`);
});

function mlp() {
  const init = (n: number, m: number, s: number) =>
    np.array(Array.from({ length: n * m }, (_, i) => Math.sin(i * 12.9898 + s) * 0.3), { shape: [n, m] });
  const params = { w1: init(64, 32, 1), b1: np.zeros([32]), w2: init(32, 10, 2), b2: np.zeros([10]) };
  const x = init(16, 64, 3);
  const y = nn.oneHot(np.arange(16).mod(10), 10);
  const loss = (p: typeof params) => {
    const h = nn.relu(np.add(np.matmul(x, p.w1), p.b1));
    return np.negative(np.mean(np.sum(np.multiply(nn.logSoftmax(np.add(np.matmul(h, p.w2), p.b2)), y), 1)));
  };
  const step = (p: typeof params): [typeof params, NDArray] => {
    const [l, g] = valueAndGrad(loss)(p);
    return [tree.map((a: NDArray, b: NDArray) => np.subtract(a, np.multiply(b, 0.1)), p, g), l];
  };
  return { params, step };
}

for (const mode of ["eager", "jit"] as const) {
  test(`1,000 MLP training steps (${mode}) keep memory flat and learn`, () => {
    const { params, step } = mlp();
    const run = mode === "jit" ? jit(step) : step;
    let p = params;
    let first = NaN, last = NaN;
    const mb = growth((i) => {
      const [q, l] = run(p);
      p = q;
      if (i === 0) first = l.item();
      last = l.item();
    }, 100, 1000);
    assert.ok(mb < 50, `grew by ${mb.toFixed(1)} MB`);
    assert.ok(last < first, `loss ${first} → ${last}`);
  });
}

// a recurrent model trained through lax.scan: each step runs a 200-step loop forwards and backwards
test("300 training steps through a 200-step scan (jit(grad)) keep memory flat", () => {
  const W = np.array(Array.from({ length: 32 * 32 }, (_, i) => Math.sin(i * 7.1) * 0.15), { shape: [32, 32] });
  const xs = np.array(Array.from({ length: 200 * 32 }, (_, i) => Math.cos(i * 0.37)), { shape: [200, 32] });
  const loss = (w: NDArray) => {
    const [h, ys] = lax.scan((h: NDArray, x: NDArray) => {
      const hn = np.tanh(np.matmul(w, h).add(x));
      return [hn, np.sum(hn)];
    }, np.zeros([32]), xs);
    return np.sum(h.mul(h)).add(np.mean(ys));
  };
  const step = jit((w: NDArray) => w.sub(grad(loss)(w).mul(0.01)));
  let w = W;
  const mb = growth(() => {
    w = step(w);
  }, 20, 300);
  assert.ok(Number.isFinite(w.sum().item()));
  assert.ok(mb < 50, `grew by ${mb.toFixed(1)} MB`);
});
