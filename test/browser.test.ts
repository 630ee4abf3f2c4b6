/**
 * @file The built library (dist/) in headless Chromium on a cross-origin isolated page: the wasm
 * backend starts Web Workers over its shared memory, splits large kernels and a matmul across them
 * (the main thread spins instead of blocking) and gets bit-identical results to one thread.
 * Skipped when Chromium (Debian's `chromium`, or $CHROMIUM) or dist/ (`npm run build`) is absent;
 * .ci/run installs Chromium and builds first.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const chromium = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && fs.existsSync(p));
const built = fs.existsSync(path.join(ROOT, "dist", "backend", "wasm", "worker.js"));

/** The page: the same computations on a 3-thread and a 1-thread wasm backend, posted back as JSON. */
const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
import { np, jit, setBackend } from "/dist/index.js";
import { registerBackend } from "/dist/backend/backend.js";
import { WasmBackend } from "/dist/backend/wasm/index.js";
const r = { isolated: globalThis.crossOriginIsolated };
try {
  const threaded = new WasmBackend({ threads: 3 }), single = new WasmBackend({ threads: 1 });
  registerBackend("t3", () => threaded);
  registerBackend("t1", () => single);
  r.ready = await threaded.startThreads();
  let jobs = 0;
  const pool = threaded.pool, run = pool.run.bind(pool);
  pool.run = (...a) => { jobs++; run(...a); };
  const n = 1 << 20;
  const xs = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 4);
  const compute = (name) => {
    setBackend(name);
    const x = np.array(xs);
    const y = jit((x) => np.add(np.multiply(np.sin(x), x), np.exp(np.negative(x))))(x).data();
    const a = np.reshape(x, [1024, 1024]);
    const m = np.matmul(a, np.transpose(a)).data();
    const s = np.sum(np.reshape(x, [256, 4096]), 1).data();
    return [y, m, s];
  };
  const t = compute("t3"), o = compute("t1");
  r.jobs = jobs;
  r.mismatches = t.map((arr, k) => { let bad = 0; for (let i = 0; i < arr.length; i++) if (!Object.is(arr[i], o[k][i])) bad++; return bad; });
  r.lengths = t.map((a) => a.length);
} catch (e) {
  r.error = String(e && e.stack || e);
}
await fetch("/result", { method: "POST", body: JSON.stringify(r) });
</script>`;

const TYPES: Record<string, string> = { ".js": "text/javascript", ".html": "text/html", ".map": "application/json" };

test("wasm backend on Web Workers in a cross-origin isolated page (headless Chromium)", {
  skip: process.env.ADJOINT_BACKEND === "js" ? "runs in the wasm pass of npm test" : !chromium ? "Chromium not installed (apt-get install chromium, or set CHROMIUM)" : !built ? "dist/ not built (npm run build)" : false,
  timeout: 120_000,
}, async () => {
  let resolve!: (r: Record<string, unknown>) => void;
  const result = new Promise<Record<string, unknown>>((r) => (resolve = r));
  const server = http.createServer((req, res) => {
    // cross-origin isolation: SharedArrayBuffer and shared WebAssembly.Memory are available
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "POST" && url.pathname === "/result") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        res.end("ok");
        resolve(JSON.parse(body));
      });
      return;
    }
    if (url.pathname === "/") {
      res.setHeader("Content-Type", "text/html");
      res.end(PAGE);
      return;
    }
    const file = path.join(ROOT, path.normalize(url.pathname));
    if (!file.startsWith(path.join(ROOT, "dist")) || !fs.existsSync(file)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader("Content-Type", TYPES[path.extname(file)] ?? "application/octet-stream");
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "adjoint-chromium-"));
  const browser = spawn(chromium!, [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", `--user-data-dir=${profile}`, `http://127.0.0.1:${port}/`,
  ], { stdio: "ignore", detached: true }); // its own process group: the renderer and helpers are killed with it
  try {
    const timeout = new Promise<never>((_, rej) => setTimeout(() => rej(new Error("no result from the page within 90 s")), 90_000).unref());
    const r = await Promise.race([result, timeout]);
    console.log(JSON.stringify(r));
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.isolated, true, "the page is cross-origin isolated");
    assert.equal(r.ready, true, "Web Workers started");
    assert.ok((r.jobs as number) >= 3, `jobs split across workers: ${r.jobs}`);
    assert.deepEqual(r.lengths, [1 << 20, 1 << 20, 256]);
    assert.deepEqual(r.mismatches, [0, 0, 0], "threaded results equal one thread's bit for bit");
  } finally {
    const exited = new Promise((r) => browser.once("exit", r));
    try {
      process.kill(-browser.pid!, "SIGKILL");
    } catch {
      browser.kill("SIGKILL");
    }
    await exited;
    server.close();
    // a helper process may still be closing files in the profile: cleaning up is best effort
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch (e) {
      console.log(`could not remove ${profile}: ${e}`);
    }
  }
});
