/**
 * @file The package as users install it: `npm pack`, the tarball installed offline into a fresh
 * project, then `import`, `require` (Node's require(esm)), worker threads started from the installed
 * worker script, `adjoint/worker.js`, and the types under TypeScript's `nodenext` resolution.
 * Skipped when dist/ is absent (`npm run build`); .ci/run builds first.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const built = fs.existsSync(path.join(ROOT, "dist", "index.js")) && fs.existsSync(path.join(ROOT, "dist", "backend", "wasm", "worker.js"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Run a command, returning its stdout; on failure the error carries stdout and stderr. */
function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(" ")} failed: ${err.message}\nstdout: ${err.stdout}\nstderr: ${err.stderr}`);
  }
}

/** A program computing d(sin)/dx at 1 and starting two worker threads; prints JSON. */
const program = (load: string) => `${load}
const g = grad(np.sin)(1).item();
getBackend().startThreads().then((threads) => console.log(JSON.stringify({ g, threads, backend: getBackend().name })));`;

test("package: the npm tarball installs offline into a fresh project and loads with import and require", {
  skip: process.env.ADJOINT_BACKEND === "js" ? "runs in the wasm pass of npm test" : !built ? "dist/ not built (npm run build)" : false,
  timeout: 300_000,
}, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "adjoint-package-"));
  try {
    // --ignore-scripts: pack the dist/ that is there (prepare would rebuild it under the other tests' feet)
    const packed = JSON.parse(run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], ROOT)) as { filename: string; files: { path: string }[] }[];
    const files = packed[0].files.map((f) => f.path);
    for (const f of ["package.json", "LICENSE", "README.md", "dist/index.js", "dist/index.d.ts", "dist/backend/wasm/worker.js"]) assert.ok(files.includes(f), `tarball has ${f}`);
    assert.deepEqual(files.filter((f) => !/^(dist\/|package\.json$|LICENSE$|README\.md$)/.test(f)), [], "tarball holds only dist/ and the package files");

    const app = path.join(dir, "app");
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true, version: "1.0.0" }));
    run(npm, ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", path.join(dir, packed[0].filename)], app);

    const env = { ADJOINT_THREADS: "2", ADJOINT_BACKEND: "" };
    fs.writeFileSync(path.join(app, "esm.mjs"), program(`import { grad, np, getBackend } from "adjoint";`));
    fs.writeFileSync(path.join(app, "cjs.cjs"), program(`const { grad, np, getBackend } = require("adjoint");`));
    const esm = JSON.parse(run(process.execPath, ["esm.mjs"], app, env));
    const cjs = JSON.parse(run(process.execPath, ["cjs.cjs"], app, env));
    // workers do not inherit options meant for the entry (`--input-type` would stop them)
    const evaluated = JSON.parse(run(process.execPath, ["--input-type=module", "-e", program(`import { grad, np, getBackend } from "adjoint";`)], app, env));
    for (const [how, r] of [["import", esm], ["require", cjs], ["node -e", evaluated]] as const) {
      assert.ok(Math.abs(r.g - Math.cos(1)) < 1e-6, `${how}: grad(sin)(1) = ${r.g}`);
      assert.equal(r.backend, "wasm", `${how}: the default backend`);
      assert.equal(r.threads, true, `${how}: worker threads started from the installed worker script`);
    }
    // the self-contained worker script, for bundlers that leave it behind
    const worker = run(process.execPath, ["--input-type=commonjs", "-e", `console.log(require.resolve("adjoint/worker.js"))`], app).trim();
    assert.ok(fs.existsSync(worker), worker);
    assert.doesNotMatch(fs.readFileSync(worker, "utf8"), /^\s*import\s|\bfrom\s*["']\.\.?\//m, "adjoint/worker.js imports nothing");

    // types through the exports map, for an ES module and a CommonJS file (TypeScript's nodenext)
    fs.writeFileSync(path.join(app, "esm.mts"), `import { grad, np, type NDArray } from "adjoint";\nconst d: NDArray = grad(np.sin)(1);\nexport const v: number = d.item();\n`);
    fs.writeFileSync(path.join(app, "cjs.cts"), `import adjoint = require("adjoint");\nexport const v: number = adjoint.grad(adjoint.np.cos)(1).item();\n`);
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const tscArgs = [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022"];
    run(process.execPath, [...tscArgs, "esm.mts", "cjs.cts"], app);
    // … and they are real types, not `any`
    fs.writeFileSync(path.join(app, "wrong.cts"), `import adjoint = require("adjoint");\nexport const s: string = adjoint.np.cos;\n`);
    assert.throws(() => run(process.execPath, [...tscArgs, "wrong.cts"], app), /TS2322/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
