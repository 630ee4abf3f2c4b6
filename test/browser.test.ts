/**
 * @file The built library (dist/) in headless Chromium on a cross-origin isolated page: the wasm
 * backend starts Web Workers over its shared memory, splits large kernels and a matmul across them
 * (the main thread spins instead of blocking) and gets bit-identical results to one thread.
 * Also a program bundled by esbuild for the browser (no options but bundling) whose workers load the
 * worker script copied next to the bundle, or from ADJOINT_WORKER_URL.
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
import { registerBackend } from "/dist/backend/registry.js";
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

/**
 * Serve `files` (path → content; anything else under /dist/ from the build) on a cross-origin
 * isolated origin, open `/` in headless Chromium and return what the page POSTs to /result, with
 * the paths the server was asked for.
 */
async function runPage(files: Record<string, string | Buffer>): Promise<{ result: Record<string, unknown>; requested: string[] }> {
  let resolve!: (r: Record<string, unknown>) => void;
  const result = new Promise<Record<string, unknown>>((r) => (resolve = r));
  const requested: string[] = [];
  const server = http.createServer((req, res) => {
    // cross-origin isolation: SharedArrayBuffer and shared WebAssembly.Memory are available
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
    const url = new URL(req.url ?? "/", "http://localhost");
    requested.push(url.pathname);
    if (req.method === "POST" && url.pathname === "/result") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        res.end("ok");
        resolve(JSON.parse(body));
      });
      return;
    }
    const page = url.pathname === "/" ? "/index.html" : url.pathname;
    const file = path.join(ROOT, path.normalize(url.pathname));
    const body = files[page] ?? (file.startsWith(path.join(ROOT, "dist")) && fs.existsSync(file) ? fs.readFileSync(file) : undefined);
    if (body === undefined) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader("Content-Type", TYPES[path.extname(page)] ?? "application/octet-stream");
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "adjoint-chromium-"));
  const browser = spawn(chromium!, [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", `--user-data-dir=${profile}`, `http://127.0.0.1:${port}/`,
  ], { stdio: "ignore", detached: true }); // its own process group: the renderer and helpers are killed with it
  try {
    const timeout = new Promise<never>((_, rej) => setTimeout(() => rej(new Error("no result from the page within 90 s")), 90_000).unref());
    return { result: await Promise.race([result, timeout]), requested };
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
}

const skip = process.env.ADJOINT_BACKEND === "js" ? "runs in the wasm pass of npm test" : !chromium ? "Chromium not installed (apt-get install chromium, or set CHROMIUM)" : !built ? "dist/ not built (npm run build)" : false;

test("wasm backend on Web Workers in a cross-origin isolated page (headless Chromium)", { skip, timeout: 120_000 }, async () => {
  const { result: r } = await runPage({ "/index.html": PAGE });
  console.log(JSON.stringify(r));
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.isolated, true, "the page is cross-origin isolated");
  assert.equal(r.ready, true, "Web Workers started");
  assert.ok((r.jobs as number) >= 3, `jobs split across workers: ${r.jobs}`);
  assert.deepEqual(r.lengths, [1 << 20, 1 << 20, 256]);
  assert.deepEqual(r.mismatches, [0, 0, 0], "threaded results equal one thread's bit for bit");
});

/** A two-line program (plus reporting), as users write it. */
const PROGRAM = `import { grad, np, getBackend } from "adjoint";
const g = grad(np.sin)(1).item();
getBackend().startThreads().then((threads) => {
  const x = np.arange(1 << 20).astype("float32");
  const s = np.sum(np.multiply(np.sin(x), np.sin(x))).add(np.sum(np.multiply(np.cos(x), np.cos(x)))).item(); // 2^20 · (sin² + cos²)
  return fetch("/result", { method: "POST", body: JSON.stringify({ g, threads, s, isolated: globalThis.crossOriginIsolated, warnings }) });
}, (e) => fetch("/result", { method: "POST", body: JSON.stringify({ error: String(e && e.stack || e) }) }));`;

/** Bundle PROGRAM with esbuild for the browser with no options beyond bundling, against the package as installed (dist/ under node_modules). */
async function bundleProgram(): Promise<{ code: string; warnings: string[] }> {
  const esbuild = await import("esbuild");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "adjoint-bundle-"));
  try {
    const pkg = path.join(dir, "node_modules", "adjoint");
    fs.mkdirSync(pkg, { recursive: true });
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(pkg, "package.json"));
    fs.cpSync(path.join(ROOT, "dist"), path.join(pkg, "dist"), { recursive: true });
    fs.writeFileSync(path.join(dir, "main.js"), PROGRAM);
    const out = await esbuild.build({ entryPoints: [path.join(dir, "main.js")], bundle: true, platform: "browser", write: false, logLevel: "silent" });
    return { code: out.outputFiles[0].text, warnings: out.warnings.map((w) => w.text) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The page of a bundled program: a classic script (esbuild's default IIFE); warnings are collected for the result. */
const bundlePage = (before = "") =>
  `<!doctype html><meta charset="utf-8"><script>globalThis.warnings = []; const warn = console.warn; console.warn = (...a) => { warnings.push(a.join(" ")); warn(...a); };${before}</script><script src="/app/bundle.js"></script>`;

const workerScript = () => fs.readFileSync(path.join(ROOT, "dist", "backend", "wasm", "worker.js"));

test("an esbuild browser bundle starts its workers from worker.js next to the bundle, or from ADJOINT_WORKER_URL", { skip, timeout: 240_000 }, async () => {
  const { code, warnings } = await bundleProgram();
  assert.deepEqual(warnings, [], "esbuild bundles with no warnings");
  assert.doesNotMatch(code, /\b(require|import)\s*\(\s*["']node:|\bfrom\s*["']node:/, "no Node module imported by the browser bundle");

  // the documented set-up: adjoint/worker.js copied next to the bundle
  const next = await runPage({ "/index.html": bundlePage(), "/app/bundle.js": code, "/app/worker.js": workerScript() });
  const r = next.result;
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.isolated, true, "the page is cross-origin isolated");
  assert.ok(Math.abs((r.g as number) - Math.cos(1)) < 1e-6, `grad(sin)(1) = ${r.g}`);
  assert.equal(r.threads, true, `Web Workers started from /app/worker.js (warnings: ${JSON.stringify(r.warnings)})`);
  assert.ok(next.requested.includes("/app/worker.js"), `the workers loaded the worker next to the bundle: ${next.requested}`);
  assert.ok(Math.abs((r.s as number) / (1 << 20) - 1) < 1e-3, `threaded sum ${r.s}`);
  assert.deepEqual(r.warnings, []);

  // the fallback: the worker served elsewhere, named by ADJOINT_WORKER_URL
  const moved = await runPage({ "/index.html": bundlePage(`globalThis.ADJOINT_WORKER_URL = "/static/adjoint-worker.js";`), "/app/bundle.js": code, "/static/adjoint-worker.js": workerScript() });
  assert.equal(moved.result.threads, true, `Web Workers started from ADJOINT_WORKER_URL (warnings: ${JSON.stringify(moved.result.warnings)})`);
  assert.ok(moved.requested.includes("/static/adjoint-worker.js") && !moved.requested.includes("/app/worker.js"), String(moved.requested));

  // no worker script at all: one thread, and a warning that says what to do
  const missing = await runPage({ "/index.html": bundlePage(), "/app/bundle.js": code });
  assert.equal(missing.result.threads, false, "no workers without a worker script");
  assert.ok(Math.abs((missing.result.g as number) - Math.cos(1)) < 1e-6, "still computes on one thread");
  const said = (missing.result.warnings as string[]).join("\n");
  assert.match(said, /worker thread of the wasm backend failed.*script http:\/\/127\.0\.0\.1:\d+\/app\/worker\.js; computing on one thread/);
  assert.match(said, /ADJOINT_WORKER_URL/);
});
