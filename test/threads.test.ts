/**
 * @file The wasm backend on worker threads: large kernels (elementwise, transcendental, reductions,
 * integer) and matmuls split along batches, rows and columns give bit-identical results to the same
 * backend on one thread, the split paths are really taken, and many jobs in a row stay correct.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { np, jit, setBackend, getBackend, NDArray } from "../src/index.js";
import { registerBackend } from "../src/backend/registry.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import * as T from "../src/backend/wasm/threads.js";
import { ThreadPool } from "../src/backend/wasm/threads.js";
import { seededRandom } from "../src/numeric/check.js";

// three threads even on a two-core machine: more participants than cores exercises the handshakes
const threaded = new WasmBackend({ threads: 3 });
const single = new WasmBackend({ threads: 1 });
registerBackend("wasm-threads-3", () => threaded);
registerBackend("wasm-threads-1", () => single);

/** Jobs the threaded backend's pool ran (counted by wrapping its `run`). */
let jobs = 0;

/** Run `f` on fresh copies of the inputs on each backend; results must be identical bit for bit. */
function same(f: (...xs: NDArray[]) => NDArray, ...inputs: { data: Float64Array | Int32Array; shape: number[]; dtype: "float32" | "float64" | "int32" }[]): void {
  const on = (name: string) => {
    setBackend(name);
    const xs = inputs.map((i) => np.array(i.data, { shape: i.shape, dtype: i.dtype }));
    return f(...xs).data();
  };
  const before = jobs;
  const a = on("wasm-threads-3"), b = on("wasm-threads-1");
  setBackend("wasm");
  assert.ok(jobs > before, "the threaded backend split the work");
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.fail(`element ${i}: ${a[i]} (threads) vs ${b[i]} (one thread)`);
  }
}

const r = seededRandom(7);
const floats = (n: number) => Float64Array.from({ length: n }, () => (r() - 0.5) * 8);
const ints = (n: number) => Int32Array.from({ length: n }, () => Math.floor((r() - 0.5) * 2 ** 31));

describe("wasm backend on worker threads", () => {
  before(async () => {
    assert.equal(await threaded.startThreads(), true, "worker threads start");
    const pool = (threaded as unknown as { pool: ThreadPool }).pool;
    const run = pool.run.bind(pool);
    pool.run = (...a: Parameters<ThreadPool["run"]>) => {
      jobs++;
      run(...a);
    };
  });

  test("elementwise chains with transcendentals (float32, float64), odd sizes", () => {
    for (const dtype of ["float32", "float64"] as const) {
      for (const n of [300_001, 1_048_583]) {
        const f = jit((x: NDArray) => np.add(np.multiply(np.sin(x), x), np.exp(np.negative(x))));
        same(f, { data: floats(n), shape: [n], dtype });
      }
    }
  });

  test("broadcasting and int32 arithmetic", () => {
    const n = 600_000;
    same((a, b) => np.add(np.multiply(a, b), np.subtract(b, a)), { data: ints(n), shape: [n], dtype: "int32" }, { data: ints(n), shape: [n], dtype: "int32" });
    same((a, b) => np.multiply(a, b), { data: floats(1000 * 700), shape: [1000, 700], dtype: "float64" }, { data: floats(700), shape: [700], dtype: "float64" });
  });

  test("reductions split over output elements (few outputs, long rows)", () => {
    same((x) => np.sum(np.exp(x), 1), { data: floats(64 * 20_000), shape: [64, 20_000], dtype: "float64" });
    same((x) => np.max(x, 0), { data: floats(2000 * 700), shape: [2000, 700], dtype: "float32" });
    same((x) => np.argmax(x, 1), { data: floats(300 * 3000), shape: [300, 3000], dtype: "float32" });
  });

  test("matmul split along batches, rows and columns (float32, float64, int32), transposed operands", () => {
    const cases: [number[], number[]][] = [
      [[6, 64, 70], [6, 70, 90]], // batches
      [[700, 100], [100, 24]], // rows
      [[40, 300], [300, 900]], // columns
      [[257, 129], [129, 263]], // neither a multiple of the register tile
    ];
    for (const dtype of ["float32", "float64", "int32"] as const) {
      for (const [sa, sb] of cases) {
        const gen = dtype === "int32" ? (n: number) => Int32Array.from({ length: n }, () => Math.floor((r() - 0.5) * 200)) : floats;
        const na = sa.reduce((x, y) => x * y), nb = sb.reduce((x, y) => x * y);
        same((a, b) => np.matmul(a, b), { data: gen(na), shape: sa, dtype }, { data: gen(nb), shape: sb, dtype });
      }
    }
    // aᵀ·b without a transposing copy
    same((a, b) => np.matmul(np.transpose(a), b), { data: floats(300 * 200), shape: [300, 200], dtype: "float64" }, { data: floats(300 * 250), shape: [300, 250], dtype: "float64" });
  });

  test("many jobs in a row (the publish/join handshake) stay correct", () => {
    setBackend("wasm-threads-3");
    const n = 200_000;
    const x = np.array(floats(n), { dtype: "float64" });
    const before = jobs;
    let y = x;
    for (let i = 0; i < 300; i++) y = np.add(y, 1);
    const a = y.data(), xs = x.data();
    for (let i = 0; i < n; i += 997) assert.equal(a[i], xs[i] + 300);
    assert.ok(jobs - before >= 300);
    setBackend("wasm");
  });

  test("ever-new threaded kernels: the pool and its workers keep at most POOL_MODULES modules, and stay correct", () => {
    setBackend("wasm-threads-3");
    try {
      const pool = (threaded as unknown as { pool: ThreadPool }).pool;
      const before = jobs;
      // sin·x is heavy enough to split across threads at 40,000 elements; each length is a new kernel
      const count = T.POOL_MODULES + 40;
      for (let i = 0; i < count; i++) {
        const n = 40_000 + 16 * i;
        const y = np.sin(np.arange(0, n, 1, { dtype: "float32" })).mul(2).sum();
        if (i % 50 === 0) assert.ok(Number.isFinite(y.item()));
        assert.ok(pool.moduleCount() <= T.POOL_MODULES, `${pool.moduleCount()} modules`);
      }
      assert.ok(jobs - before >= count, `${jobs - before} threaded jobs`);
      // a dropped module comes back: the workers compile it again under a new id
      const n = 40_000;
      const y = np.sin(np.arange(0, n, 1, { dtype: "float32" })).mul(2);
      setBackend("wasm-threads-1");
      const z = np.sin(np.arange(0, n, 1, { dtype: "float32" })).mul(2);
      assert.deepEqual(y.data(), z.data());
    } finally {
      setBackend("wasm");
    }
  });

  test("a part that fails is still counted as done (nobody waits forever) and the error is flagged", () => {
    const ctl = new Int32Array(new SharedArrayBuffer((T.ARGS + 8) * 4));
    ctl[T.KIND] = T.JOB_KERNEL;
    ctl[T.PARTS] = 5;
    ctl[T.CHUNK] = 10;
    ctl[T.NARGS] = 1;
    ctl[T.ARGS] = 50; // n
    const seen: number[] = [];
    const kernel = (start: number) => {
      if (start === 20) throw new Error("trap");
      seen.push(start);
    };
    assert.throws(() => T.participate(ctl, { kernel }, 0), /trap/);
    assert.deepEqual(seen, [0, 10]);
    assert.equal(ctl[T.DONE], 5);
    assert.equal(ctl[T.ERR], 1);
  });

  test("the default backend exists with or without threads; ADJOINT_THREADS is validated", () => {
    assert.ok(getBackend());
    assert.equal(ThreadPool.create({ memory: threaded.memory, alloc: () => 0, free: () => {} }, 1), null);
    const saved = process.env.ADJOINT_THREADS;
    try {
      process.env.ADJOINT_THREADS = "3";
      assert.equal(T.defaultThreads(), 3);
      process.env.ADJOINT_THREADS = "0";
      assert.throws(() => T.defaultThreads(), /ADJOINT_THREADS must be a positive integer, got "0"/);
      process.env.ADJOINT_THREADS = "two";
      assert.throws(() => T.defaultThreads(), /got "two"/);
    } finally {
      if (saved === undefined) delete process.env.ADJOINT_THREADS;
      else process.env.ADJOINT_THREADS = saved;
    }
  });
});
