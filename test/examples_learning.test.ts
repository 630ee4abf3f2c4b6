/**
 * @file The learning examples run at reduced size (as CI does) on the backend under test: each exits 0,
 * prints its table and verdict with the claimed figures, and writes its SVG to the `--out` directory.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Run `examples/<name>.ts` with `extra` arguments in a fresh directory; returns its output and the directory's SVG. */
function run(name: string, extra: string[] = []): { status: number | null; out: string; err: string; svg: string | null; seconds: number } {
  const cwd = mkdtempSync(join(tmpdir(), `adjoint-${name}-`));
  try {
    const script = fileURLToPath(new URL(`../examples/${name}.ts`, import.meta.url));
    const t0 = Date.now();
    // `--import tsx` is resolved from the cwd, so give node the loader's absolute URL; the backend (ADJOINT_BACKEND) is inherited.
    const res = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), script, "--out", "plots", ...extra], { cwd, encoding: "utf8", timeout: 240_000 });
    const svgPath = join(cwd, "plots", `${name}.svg`);
    return { status: res.status, out: res.stdout, err: res.stderr, svg: existsSync(svgPath) ? readFileSync(svgPath, "utf8") : null, seconds: (Date.now() - t0) / 1000 };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** A well-formed standalone SVG. */
function assertSvg(svg: string | null, name: string): string {
  assert.ok(svg !== null, `${name}.svg was not written to the --out directory`);
  assert.match(svg.trim(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>$/);
  assert.equal((svg.match(/<svg\b/g) ?? []).length, (svg.match(/<\/svg>/g) ?? []).length, "unbalanced <svg> elements");
  assert.doesNotMatch(svg, /NaN|undefined/, "the SVG has NaN or undefined in it");
  return svg;
}

const num = (s: string) => Number(s);

test("examples/hnn.ts: the HNN's energy drift is ≥ 10× smaller than the baseline's, both learned the field", () => {
  const r = run("hnn");
  assert.equal(r.status, 0, `hnn exited with ${r.status}\nstdout:\n${r.out}\nstderr:\n${r.err}`);
  // the table: model, params, train loss, test field MSE, drift mean, drift max, drift at end, ms/step
  const row = (model: string) => {
    const m = new RegExp(`^\\s+${model}\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)$`, "m").exec(r.out);
    assert.ok(m, `no "${model}" row in hnn's table:\n${r.out}`);
    return { params: num(m[1]), loss: num(m[2]), mse: num(m[3]), mean: num(m[4]), max: num(m[5]) };
  };
  const base = row("baseline"), hnn = row("HNN");
  assert.ok(Math.abs(base.params - hnn.params) / base.params < 0.05, `the two networks differ in size: ${base.params} vs ${hnn.params}`);
  assert.ok(hnn.mean * 10 <= base.mean, `HNN drift ${hnn.mean} vs baseline ${base.mean}`);
  assert.ok(hnn.mse < 0.5 && base.mse < 0.5, `field MSE: HNN ${hnn.mse}, baseline ${base.mse}`);
  const truth = /^\s+true field\s+–\s+–\s+–\s+(\S+)\s+(\S+)/m.exec(r.out);
  assert.ok(truth && num(truth[1]) < 1e-3, `RK4 on the true field should conserve energy to < 1e-3: ${truth?.[1]}`);
  const ratio = /baseline \/ HNN = (\S+)/.exec(r.out);
  assert.ok(ratio && num(ratio[1]) >= 10, `printed drift ratio ${ratio?.[1]}`);
  assert.match(r.out, /PASS {2}HNN energy drift ≤ 1\/10 of the baseline's/);
  assert.match(r.out, /hnn: all claims hold/);
  const svg = assertSvg(r.svg, "hnn");
  const labels = [...svg.matchAll(/<path class="series"[^>]*data-label="([^"]+)"/g)].map((m) => m[1]);
  for (const l of ["baseline", "HNN", "truth"]) assert.ok(labels.includes(l), `no series "${l}" in hnn.svg (has ${labels})`);
});

test("examples/two-moons.ts: ≥ 97 % held-out accuracy, a decision-boundary map with the points", () => {
  const r = run("two-moons");
  assert.equal(r.status, 0, `two-moons exited with ${r.status}\nstdout:\n${r.out}\nstderr:\n${r.err}`);
  const acc = (set: string) => {
    const m = new RegExp(`^\\s+${set}\\s+(\\d+)\\s+(\\S+)\\s+([\\d.]+) %$`, "m").exec(r.out);
    assert.ok(m, `no "${set}" row in two-moons' table:\n${r.out}`);
    return { n: num(m[1]), loss: num(m[2]), acc: num(m[3]) };
  };
  const train = acc("train"), test = acc("held-out");
  assert.equal(train.n, 500);
  assert.equal(test.n, 1000);
  assert.ok(test.acc >= 97 && train.acc >= 97, `accuracy train ${train.acc} %, held-out ${test.acc} %`);
  assert.ok(test.loss < 0.2, `held-out loss ${test.loss}`);
  assert.match(r.out, /steps\/s/);
  assert.match(r.out, /PASS {2}held-out accuracy [\d.]+ % ≥ 97 %/);
  const svg = assertSvg(r.svg, "two-moons");
  assert.equal((svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="rgb\(/g) ?? []).length, 60 * 60, "the probability map has 60 × 60 cells");
  const points = (svg.match(/<circle class="(point|miss)"/g) ?? []).length;
  assert.equal(points, 400, "the first 400 held-out points are drawn");
  assert.ok((svg.match(/<circle class="miss"/g) ?? []).length <= 0.03 * 400 + 1, "misclassified points are few");
  assert.ok(/data-label="train"/.test(svg), "the loss curve is drawn");
});

test("examples: a bad argument exits with code 2 and the usage", () => {
  const r = run("two-moons", ["--epochs", "3"]);
  assert.equal(r.status, 2);
  assert.match(r.err, /two-moons: unknown or incomplete argument "--epochs"\nusage: npx tsx examples\/two-moons\.ts \[--full\] \[--out DIR\] \[--seed N\]/);
});
