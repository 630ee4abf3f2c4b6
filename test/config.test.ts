/**
 * @file config: the size cap (impossible arrays refused before any work, naming the op, shape, dtype
 * and bytes), the jit cache size, the retrace warning that names the changed argument, and option checks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, config, jit, np } from "../src/index.js";
import { getBackend } from "../src/backend/registry.js";

/** Run `f` with config options set, restoring the defaults after. */
function withConfig<T>(opts: Parameters<typeof config.update>[0], f: () => T): T {
  config.update(opts);
  try {
    return f();
  } finally {
    config.reset();
  }
}

/** The console.warn messages `f` produces. */
function warnings(f: () => void): string[] {
  const seen: string[] = [];
  const warn = console.warn;
  console.warn = (...a: unknown[]) => void seen.push(a.join(" "));
  try {
    f();
  } finally {
    console.warn = warn;
  }
  return seen;
}

const backend = getBackend().name;

test("an array larger than the backend can hold is refused at once, naming op, shape, dtype and bytes", () => {
  // more than wasm's 4 GiB and than a TypedArray's length (2^32 elements in Node 20) or the machine's memory
  assert.throws(() => np.zeros([1e6, 1e6]), {
    name: "RangeError",
    message: new RegExp(`^np\\.zeros: cannot allocate float32\\[1000000,1000000\\]: 4,000,000,000,000 bytes \\(3\\.6 TiB\\), more .* the ${backend} backend can hold`),
  });
  assert.throws(() => np.ones([1e5, 1e5], { dtype: "float64" }), /^RangeError: np\.ones: cannot allocate float64\[100000,100000\]: 80,000,000,000 bytes \(74\.5 GiB\)/);
  // an operation's output: checked before its kernel is compiled or run, eagerly and under jit
  const x = np.ones([1]);
  assert.throws(() => np.broadcastTo(x, [1e5, 1e5]), /^RangeError: (np\.\w+: )?broadcast_in_dim: cannot allocate float32\[100000,100000\]: 40,000,000,000 bytes/);
  assert.throws(() => jit((v: NDArray) => np.broadcastTo(v, [1e5, 1e5]).mul(2))(x), /^RangeError: (np\.\w+: )?mul: cannot allocate float32\[100000,100000\]/);
  if (backend === "wasm") {
    // the example: 14.4 GB of float32 took 34 s and 14 GB of RSS before failing
    assert.throws(() => np.ones([60000, 60000]), /^RangeError: np\.ones: cannot allocate float32\[60000,60000\]: 14,400,000,000 bytes \(13\.4 GiB\), more than the wasm backend can hold \(4\.0 GiB\)$/);
  }
  assert.equal(np.ones([3]).sum().item(), 3); // and the backend still works
});

test("config maxBytes caps every allocation: creation, eager ops, jit programs, arrays from data", () => {
  const x = np.ones([300]); // 1,200 bytes, made before the cap
  withConfig({ maxBytes: 1000 }, () => {
    assert.throws(() => np.zeros([1000]), /^RangeError: np\.zeros: cannot allocate float32\[1000\]: 4,000 bytes \(3\.9 KiB\), more than the limit set by config\.update\(\{ maxBytes: 1000 \}\)$/);
    assert.throws(() => x.mul(x), /^RangeError: (np\.\w+: )?mul: cannot allocate float32\[300\]: 1,200 bytes/);
    assert.throws(() => x.mul(2), /^RangeError: (np\.\w+: )?broadcast_in_dim: cannot allocate float32\[300\]/); // the scalar, broadcast first
    assert.throws(() => jit((v: NDArray) => v.exp().mul(v))(x), /^RangeError: (np\.\w+: )?mul: cannot allocate float32\[300\]/);
    assert.ok(jit((v: NDArray) => v.exp().sum())(x).item() > 0); // exp fuses into the sum: no buffer of 300
    assert.throws(() => np.array(new Float64Array(200)), /^RangeError: np\.array: cannot allocate float64\[200\]: 1,600 bytes/);
    assert.equal(np.ones([250]).sum().item(), 250); // 1,000 bytes: allowed
  });
  assert.equal(x.mul(2).sum().item(), 600); // signatures refused under the cap compile after it
});

test("jitCacheSize bounds the traced signatures of a jit function (least recently used dropped)", () => {
  let traces = 0;
  const f = jit((v: NDArray) => {
    traces++;
    return v.mul(2);
  });
  withConfig({ jitCacheSize: 2 }, () => {
    for (const n of [1, 2, 1, 2, 3, 1]) f(np.ones([n]));
    // [1] [2] hit hit; [3] drops [1]; [1] again is traced again
    assert.equal(traces, 4);
    f(np.ones([3]));
    assert.equal(traces, 4);
  });
  for (const n of [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]) f(np.ones([n]));
  assert.equal(traces, 7); // default size: [1] and [3] still cached, [2], [4], [5] traced once more
});

test("retraceWarning: off by default; past N traces it names the argument that changed", () => {
  const f = jit(function step(x: NDArray, p: { a: NDArray }) {
    return x.mul(p.a).sum();
  });
  assert.deepEqual(warnings(() => {
    for (let n = 1; n <= 20; n++) f(np.ones([n]), { a: np.ones([1]) });
  }), []);
  const g = jit(function step(x: NDArray, p: { a: NDArray }) {
    return x.mul(p.a).sum();
  });
  const seen = withConfig({ retraceWarning: 3 }, () => warnings(() => {
    for (let n = 1; n <= 5; n++) g(np.ones([n]), { a: np.ones([1]) });
    g(np.ones([5]), { a: np.ones([1]) }); // cached: no trace
    g(np.ones([5]), { a: np.ones([5]) }); // the 6th trace: no warning (warned at 4, 5, then 7, 11, …)
    g(np.ones([5]), { a: np.ones([5], { dtype: "float64" }) });
  }));
  assert.deepEqual(seen, [
    "jit(step): traced 4 times (more than retraceWarning = 3); this call differs from the previous trace in argument 0: f32[3] → f32[4]",
    "jit(step): traced 5 times (more than retraceWarning = 3); this call differs from the previous trace in argument 0: f32[4] → f32[5]",
    "jit(step): traced 7 times (more than retraceWarning = 3); this call differs from the previous trace in argument 1: {a: *} of f32[5] → {a: *} of f64[5]",
  ]);
  const h = jit((x: NDArray, k: number) => x.mul(k), { staticArgnums: 1 });
  const statics = withConfig({ retraceWarning: 1 }, () => warnings(() => [1, 2].forEach((k) => h(np.ones([2]), k))));
  assert.deepEqual(statics, ["jit(f): traced 2 times (more than retraceWarning = 1); this call differs from the previous trace in argument 1: static 1 → static 2"]);
});

test("config.update checks its options; get and reset", () => {
  assert.deepEqual(config.get(), { jitCacheSize: 256, kernelCacheSize: 4096, retraceWarning: 0, maxBytes: Infinity, threefryPartitionable: true });
  assert.throws(() => config.update({ jitcachesize: 3 } as never), /^TypeError: config\.update: unknown option "jitcachesize"; options: jitCacheSize, kernelCacheSize, retraceWarning, maxBytes, threefryPartitionable$/);
  assert.throws(() => config.update({ kernelCacheSize: 0 }), /^RangeError: config\.update: kernelCacheSize must be a positive integer, got 0$/);
  assert.throws(() => config.update({ retraceWarning: -1 }), /retraceWarning must be a non-negative integer \(0: off\), got -1/);
  assert.throws(() => config.update({ maxBytes: 1.5 }), /maxBytes must be a positive integer or Infinity, got 1\.5/);
  assert.throws(() => config.update(null as never), /^TypeError: config\.update: expected an options object, got null$/);
  // a rejected update changes nothing
  assert.throws(() => config.update({ jitCacheSize: 5, maxBytes: -1 }));
  assert.equal(config.get().jitCacheSize, 256);
  config.update({ retraceWarning: 10 });
  assert.equal(config.get().retraceWarning, 10);
  config.reset();
  assert.equal(config.get().retraceWarning, 0);
});
