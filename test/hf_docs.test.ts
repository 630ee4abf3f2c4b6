/**
 * @file The worked example of docs/histfactory_inference.md runs and prints what the page says: its
 * ```ts block is run with the hello-world model built by the hand-written HfModel of the tests in place
 * of the workspace lines, and each printed line is compared with the `// …` line after its console.log.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const doc = readFileSync(fileURLToPath(new URL("../docs/histfactory_inference.md", import.meta.url)), "utf8");
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

test("docs/histfactory_inference.md: the worked example prints the numbers the page shows", () => {
  assert.equal(blocks.length, 1);
  let code = blocks[0];
  const expected = code.split("\n").filter((l, i, ls) => l.startsWith("// ") && ls[i - 1]?.startsWith("console.log")).map((l) => l.slice(3));
  assert.equal(expected.length, 4);
  const edits: [RegExp, string][] = [
    [/import \{ hf \} from "adjoint";/, `import * as hf from ${JSON.stringify(new URL("../src/hf/infer_index.ts", import.meta.url).href)};\nimport { helloWorld } from ${JSON.stringify(new URL("./hf_toy_models.ts", import.meta.url).href)};`],
    [/const ws = hf\.Workspace\.fromJSON\(.*\nconst model = ws\.model\(\);\nconst data = ws\.data\(model\);.*\n/, "const { model, data } = helloWorld();\n"],
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
