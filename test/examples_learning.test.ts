/**
 * @file The learning examples run at reduced size (as CI does) on the backend under test: each exits 0,
 * prints its table and verdict with the claimed figures, and writes its SVG to the `--out` directory.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { assertSvg, runExample } from "./example_runner.js";

/** Run `examples/<name>.ts` with `extra` arguments; its one SVG is `<name>.svg`. */
function run(name: string, extra: string[] = []) {
  const r = runExample(name, [name], extra);
  return { ...r, svg: r.svg[name] };
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
  assert.ok((svg.match(/<rect class="cell"/g) ?? []).length > 60, "the probability map is drawn as a heatmap (runs of equal colour)");
  for (const l of ["p = 0.5", "class 0", "class 1", "misclassified"]) assert.ok(svg.includes(`data-label="${l}"`) || svg.includes(`>${l}</text>`), `no "${l}" in the legend`);
  const groups = [...svg.matchAll(/<g class="markers"[^>]*>(.*?)<\/g>/g)].map((m) => (m[1].match(/<(circle|path)\b/g) ?? []).length);
  assert.equal(groups.length, 3, "three point series: class 0, class 1, misclassified");
  assert.equal(groups.reduce((a, b) => a + b, 0), 400, "the first 400 held-out points are drawn");
  assert.ok(groups[2] <= 0.03 * 400 + 1, "misclassified points are few");
  assert.ok(/data-label="train"/.test(svg), "the loss curve is drawn");
});

// The LNN's training step differentiates through a vmapped hessian/jacfwd/solve: ~12 ms a step on wasm,
// ~50 ms on the js reference backend (~50 s of CPU for the example), which the unit tests cover op by op.
const jsBackend = process.env.ADJOINT_BACKEND === "js";
test("examples/lnn.ts: the LNN's accelerations beat the trivial baseline ≥ 20×, its rollout keeps the true energy within 10 % and ≥ 2× better than an MLP's", { skip: jsBackend && "runs on the wasm backend only (about 50 s of CPU on js)" }, () => {
  const r = run("lnn");
  assert.equal(r.status, 0, `lnn exited with ${r.status}\nstdout:\n${r.out}\nstderr:\n${r.err}`);
  // the Euler–Lagrange formula, applied to the true Lagrangian, gives the analytic accelerations
  const formula = /reproduces the analytic q̈ to (\S+) \(max abs\)/.exec(r.out);
  assert.ok(formula && num(formula[1]) < 1e-3, `the formula on the true L: ${formula?.[1]}`);
  const base = /^\s+training mean \(trivial\)\s+–\s+(\S+)\s+1$/m.exec(r.out);
  const lnn = /^\s+LNN\s+(\S+)\s+(\S+)\s+(\S+)$/m.exec(r.out);
  assert.ok(base && lnn, `no q̈ table in lnn's output:\n${r.out}`);
  assert.ok(num(base[1]) > 10, `the accelerations' variance (baseline MSE) ${base[1]} should be that of a swinging double pendulum`);
  assert.ok(num(lnn[2]) <= 0.05 * num(base[1]) && Math.abs(num(lnn[3]) - num(lnn[2]) / num(base[1])) < 0.02, `LNN MSE ${lnn[2]} vs baseline ${base[1]} (ratio printed ${lnn[3]})`);
  // the rollouts: RK4 on the true equations conserves energy far better than the bound the LNN must meet
  const truth = /^\s+true equations\s+(\S+)\s+(\S+)\s+0\s+0$/m.exec(r.out);
  const roll = /^\s+LNN\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$/m.exec(r.out); // rel. energy error mean, max, |Δθ| at 1 s, at 50 s
  assert.ok(truth && roll, `no rollout table in lnn's output:\n${r.out}`);
  assert.ok(num(truth[1]) < 0.005, `RK4 on the true equations: relative energy error ${truth[1]}`);
  const energyErr = num(roll[1]);
  assert.ok(energyErr <= 0.1 && energyErr > num(truth[1]), `LNN rollout relative energy error ${energyErr}`);
  const baseRoll = /^\s+MLP baseline\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$/m.exec(r.out);
  assert.ok(baseRoll && 2 * energyErr <= num(baseRoll[1]), `LNN energy error ${energyErr} vs the MLP baseline's ${baseRoll?.[1]}`);
  assert.match(r.out, /lnn: all claims hold/);
  const svg = assertSvg(r.svg, "lnn");
  const labels = [...svg.matchAll(/<path class="series"[^>]*data-label="([^"]+)"/g)].map((m) => m[1]);
  for (const l of ["θ₁ true", "θ₁ LNN", "θ₂ LNN", "true equations", "MLP baseline"]) assert.ok(labels.includes(l), `no series "${l}" in lnn.svg (has ${labels})`);
});

test("examples: a bad argument exits with code 2 and the usage", () => {
  const r = run("two-moons", ["--epochs", "3"]);
  assert.equal(r.status, 2);
  assert.match(r.err, /two-moons: unknown or incomplete argument "--epochs"\nusage: npx tsx examples\/two-moons\.ts \[--full\] \[--out DIR\] \[--seed N\]/);
});

test("examples: a failed claim prints FAIL and ends with exit code 1, after the other claims are printed", () => {
  const common = new URL("../examples/_common.ts", import.meta.url).href;
  const code = `import { verdict } from ${JSON.stringify(common)}; verdict("demo", [{ what: "first", ok: false }, { what: "second", ok: true }]);`;
  const res = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), "--input-type=module", "-e", code], { encoding: "utf8", timeout: 60_000 });
  assert.equal(res.status, 1, `stdout:\n${res.stdout}\nstderr:\n${res.stderr}`);
  assert.match(res.stdout, /FAIL {2}first\n {2}PASS {2}second/);
  assert.match(res.stderr, /demo: 1 claim\(s\) failed/);
});
