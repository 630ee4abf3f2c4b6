/** @file Running an example as CI does (a child process in a fresh directory) and checking the SVGs it writes. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Run `examples/<name>.ts` with `extra` arguments in a fresh directory; returns its output and the SVGs it wrote. */
export function runExample(name: string, svgs: string[], extra: string[] = []): { status: number | null; out: string; err: string; svg: Record<string, string | null>; seconds: number } {
  const cwd = mkdtempSync(join(tmpdir(), `adjoint-${name}-`));
  try {
    const script = fileURLToPath(new URL(`../examples/${name}.ts`, import.meta.url));
    const t0 = Date.now();
    // `--import tsx` is resolved from the cwd, so give node the loader's absolute URL; the backend (ADJOINT_BACKEND) is inherited.
    const res = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), script, "--out", "plots", ...extra], { cwd, encoding: "utf8", timeout: 240_000 });
    const svg: Record<string, string | null> = {};
    for (const s of svgs) {
      const p = join(cwd, "plots", `${s}.svg`);
      svg[s] = existsSync(p) ? readFileSync(p, "utf8") : null;
    }
    return { status: res.status, out: res.stdout, err: res.stderr, svg, seconds: (Date.now() - t0) / 1000 };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** A well-formed standalone SVG. */
export function assertSvg(svg: string | null, name: string): string {
  assert.ok(svg !== null, `${name}.svg was not written to the --out directory`);
  assert.match(svg.trim(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>$/);
  assert.equal((svg.match(/<svg\b/g) ?? []).length, (svg.match(/<\/svg>/g) ?? []).length, "unbalanced <svg> elements");
  assert.doesNotMatch(svg, /NaN|undefined/, "the SVG has NaN or undefined in it");
  return svg;
}
