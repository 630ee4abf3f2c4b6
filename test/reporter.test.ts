/**
 * @file The compact test reporter (test/reporter.mjs) on a small fixture run: one line per file,
 * a failure in full with its file's output, passing files' output left out, and the closing
 * `N passed, N failed, N skipped` line that CI reads.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPORTER = path.join(path.dirname(fileURLToPath(import.meta.url)), "reporter.mjs");

const FIXTURES: Record<string, string> = {
  "a.test.mjs": `import { test, describe } from "node:test";
test("a passes", () => { console.log("quiet output of a passing file"); });
describe("a suite", () => { test("inner passes", () => {}); test("inner skipped", { skip: "not today" }, () => {}); });`,
  "b.test.mjs": `import { test } from "node:test";
import assert from "node:assert/strict";
test("b fails", () => { console.log("output of a failing file"); assert.equal(1 + 1, 3); });
test("b passes with a subtest", async (t) => { await t.test("b inner", () => {}); });`,
};

test("reporter: per-file lines, failures in full, and the closing counts line", { skip: process.env.ADJOINT_BACKEND === "js" ? "runs in the wasm pass of npm test" : false }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "adjoint-reporter-"));
  try {
    for (const [name, text] of Object.entries(FIXTURES)) fs.writeFileSync(path.join(dir, name), text);
    // stdout is a pipe here, so the reporter is the compact one; a fresh runner, not a child of this one
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const r = spawnSync(process.execPath, ["--test", `--test-reporter=${REPORTER}`, "a.test.mjs", "b.test.mjs"], { cwd: dir, env, encoding: "utf8", timeout: 60_000 });
    const out = r.stdout;
    assert.equal(r.status, 1, `a failing test fails the run\n${out}\n${r.stderr}`);
    const lines = out.split("\n");
    assert.ok(lines.includes("4 passed, 1 failed, 1 skipped"), out); // as Node counts: subtests and their parents, not suites
    assert.equal(lines.at(-1), "", "ends with a newline");
    assert.match(lines.at(-2)!, /^\d+ passed, \d+ failed, \d+ skipped$/);
    assert.ok(lines.some((l) => /^✔ a\.test\.mjs {2}2 passed, 1 skipped {2}\(/.test(l)), out);
    assert.ok(lines.some((l) => /^✖ b\.test\.mjs {2}2 passed, 1 failed {2}\(/.test(l)), out);
    assert.match(out, /✖ b\.test\.mjs › b fails/);
    assert.match(out, /2 !== 3/, "the assertion in full");
    assert.match(out, /output of a failing file/);
    assert.doesNotMatch(out, /quiet output of a passing file/);
    assert.match(out, /failed:\n {2}b\.test\.mjs › b fails\n/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
