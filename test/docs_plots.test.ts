/**
 * @file Every ```ts block of docs/plots.md runs as written, all in one module (each block in its own
 * scope, the `"adjoint"` imports merged and pointed at src/index.ts), and writes the figure it names;
 * each figure is checked for its kind. With ADJOINT_WRITE_DOC_FIGURES=1 the figures are copied to docs/img/.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { assertWellFormed, elements } from "./plot_svg.js";

const doc = readFileSync(fileURLToPath(new URL("../docs/plots.md", import.meta.url)), "utf8");
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const entry = new URL("../src/index.ts", import.meta.url).href;

/** Each figure and what it must contain. */
const FIGURES: Record<string, (svg: string) => void> = {
  "plots-kinds.svg": (s) => {
    assert.equal(elements(s, "path", "band").length, 1);
    assert.ok(elements(s, "line", "yerr").length === 9 && elements(s, "line", "xerr").length === 4);
  },
  "plots-histogram.svg": (s) => assert.equal(elements(s, "line", "yerr").length, 40),
  "plots-contour.svg": (s) => assert.deepEqual(elements(s, "path", "series").map((p) => p["data-label"]), ["68% CL (Δχ² = 2.30)", "95% CL (Δχ² = 6.18)"]),
  "plots-heatmap.svg": (s) => {
    const cells = elements(s, "rect", "cell");
    assert.equal(new Set(cells.map((c) => c.y)).size, 9, "9 rows of cells (equal neighbours merged)");
    assert.ok(cells.length > 9 && cells.length <= 81);
  },
  "plots-subplots.svg": (s) => assert.equal((s.match(/<svg\b/g) ?? []).length, 3),
};

test("docs/plots.md: every code block runs and writes its figure", { timeout: 120_000 }, () => {
  assert.equal(blocks.length, Object.keys(FIGURES).length);
  const names = new Set<string>();
  const bodies = blocks.map((b) => {
    for (const m of b.matchAll(/^import \{([^}]*)\} from "adjoint";$/gm)) for (const n of m[1].split(",")) names.add(n.trim());
    return `{\n${b.replace(/^import .*$/gm, "")}\n}`;
  });
  const code = `import { ${[...names].join(", ")} } from ${JSON.stringify(entry)};\n${bodies.join("\n")}\n`;
  const dir = mkdtempSync(join(tmpdir(), "adjoint-docs-plots-"));
  try {
    writeFileSync(join(dir, "blocks.mts"), code);
    const res = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), "blocks.mts"], { cwd: dir, encoding: "utf8", timeout: 110_000 });
    assert.equal(res.status, 0, `the blocks exited with ${res.status}\nstdout:\n${res.stdout}\nstderr:\n${res.stderr}`);
    for (const [file, check] of Object.entries(FIGURES)) {
      const svg = readFileSync(join(dir, file), "utf8");
      assertWellFormed(svg.trim());
      assert.doesNotMatch(svg, /NaN|undefined/);
      check(svg);
      assert.ok(doc.includes(`](img/${file})`), `docs/plots.md does not show img/${file}`);
      if (process.env.ADJOINT_WRITE_DOC_FIGURES === "1") copyFileSync(join(dir, file), fileURLToPath(new URL(`../docs/img/${file}`, import.meta.url)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
