/**
 * @file The inference example of docs/histfactory.md ("Fits, CLs and limits") runs and prints what the
 * page says: its ```ts block is run on the hello-world workspace of test/fixtures/pyhf, and each printed
 * line is compared with the `// …` line after its console.log.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const doc = readFileSync(fileURLToPath(new URL("../docs/histfactory.md", import.meta.url)), "utf8");
const section = doc.slice(doc.indexOf("## Fits, CLs and limits"));
const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

test("docs/histfactory.md: the worked example prints the numbers the page shows", () => {
  assert.equal(blocks.length, 1);
  let code = blocks[0];
  const expected = code.split("\n").filter((l, i, ls) => l.startsWith("// ") && ls[i - 1]?.startsWith("console.log")).map((l) => l.slice(3));
  assert.equal(expected.length, 4);
  const edits: [RegExp, string][] = [
    [/import \{ hf \} from "adjoint";/, `import { hf } from ${JSON.stringify(new URL("../src/index.ts", import.meta.url).href)};`],
    [/readFileSync\("hello_world\.json", "utf8"\)/, `readFileSync(${JSON.stringify(fileURLToPath(new URL("./fixtures/pyhf/workspaces/hello_world_uncorrelated_background.json", import.meta.url)))}, "utf8")`],
  ];
  for (const [re, to] of edits) {
    assert.match(code, re, `the block no longer matches ${re}`);
    code = code.replace(re, to);
  }
  const dir = mkdtempSync(join(tmpdir(), "adjoint-hfdoc-"));
  try {
    writeFileSync(join(dir, "block.mts"), code);
    const res = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), "block.mts"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    assert.equal(res.status, 0, `the block exited with ${res.status}\n${code}\n${res.stderr}`);
    assert.deepEqual(res.stdout.trim().split("\n"), expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
