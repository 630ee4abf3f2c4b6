/**
 * @file Every ```ts block of docs/learning.md runs as written (the training loop at one epoch instead of
 * three): each block is written to a module in a temporary directory, its `"adjoint"` import pointed
 * at src/index.ts, run with tsx on the backend under test, and its printed result checked.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const doc = readFileSync(fileURLToPath(new URL("../docs/learning.md", import.meta.url)), "utf8");
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const entry = new URL("../src/index.ts", import.meta.url).href;

/** Run one block (with `edits` applied) in a fresh directory; returns its output and the files it wrote. */
function runBlock(code: string, edits: [string, string][] = [], files: string[] = []) {
  for (const [from, to] of edits) {
    assert.ok(code.includes(from), `the block no longer contains ${JSON.stringify(from)}`);
    code = code.replace(from, to);
  }
  assert.match(code, /from "adjoint";/);
  code = code.replaceAll(`from "adjoint";`, `from ${JSON.stringify(entry)};`);
  const dir = mkdtempSync(join(tmpdir(), "adjoint-docs-"));
  try {
    writeFileSync(join(dir, "block.mts"), code);
    const res = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), "block.mts"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    assert.equal(res.status, 0, `the block exited with ${res.status}\n${code}\nstdout:\n${res.stdout}\nstderr:\n${res.stderr}`);
    return { out: res.stdout, files: Object.fromEntries(files.map((f) => [f, existsSync(join(dir, f)) ? readFileSync(join(dir, f), "utf8") : null])) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("docs/learning.md has the four code blocks this test knows", () => {
  assert.equal(blocks.length, 4);
  assert.match(blocks[0], /data\.mnist\(\)/);
  assert.match(blocks[1], /optim\.chain/);
  assert.match(blocks[2], /function residual/);
  assert.match(blocks[3], /const field =/);
});

test("docs/learning.md: the MNIST training loop (one epoch) reaches > 85 % and saves loss.svg", () => {
  const r = runBlock(blocks[0], [["const epochs = 3;", "const epochs = 1;"]], ["loss.svg"]);
  const acc = Number(/test accuracy ([\d.]+) %/.exec(r.out)?.[1]);
  assert.ok(acc > 85, `accuracy after one epoch: ${acc} %\n${r.out}`);
  assert.match((r.files["loss.svg"] ?? "").trim(), /^<svg[\s\S]*<path class="series"[\s\S]*<\/svg>$/);
});

test("docs/learning.md: the optimizer chain's first step is zero (warm-up from learning rate 0)", () => {
  const r = runBlock(blocks[1]);
  assert.match(r.out, /^\[ 1, 1, 1 \]$/m);
});

test("docs/learning.md: the residual layer composes, its gradient has the inner dense layer's shape", () => {
  const r = runBlock(blocks[2]);
  assert.match(r.out, /^\[ 8, 3 \] \[ 16, 16 \]$/m);
});

test("docs/learning.md: the HNN field error falls by more than 10×", () => {
  const r = runBlock(blocks[3]);
  const m = /field error ([\d.]+) → ([\d.]+)/.exec(r.out);
  assert.ok(m, r.out);
  assert.ok(Number(m[2]) * 10 < Number(m[1]), r.out);
});
