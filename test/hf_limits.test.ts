/**
 * @file hf.infer.upperLimit and hf.infer.intervals.upperLimits on pyhf's hello world
 * (hello_world_upper_limits in ../shared/data/pyhf/expected.json, numbers embedded): root finding
 * and the 11- and 21-point scans, plus Brent's method and numpy.interp on their own, and bad input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { infer } from "../src/hf/infer_index.js";
import { brentRoot, interp } from "../src/hf/limits.js";
import { helloWorld } from "./hf_toy_models.js";

function rel(a: number | number[], e: number | number[], tol: number, what: string) {
  const A = [a].flat(), E = [e].flat();
  assert.equal(A.length, E.length);
  A.forEach((v, i) => assert.ok(Math.abs(v - E[i]) <= tol * Math.abs(E[i]), `${what}[${i}]: ${v} vs ${E[i]} (rel ${Math.abs(v - E[i]) / Math.abs(E[i])})`));
}
const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
const { model, data } = helloWorld();

test("hf.infer.upperLimit: root finding reproduces pyhf's limits (toms748, rtol 1e-6) and the cross-check (brentq)", () => {
  const [obs, exp, [mus, results]] = infer.upperLimit(data, model, { rtol: 1e-6, returnResults: true });
  rel(obs, 1.01156939, 2e-5, "obs (upstream)");
  rel(exp, [0.55988001, 0.75702336, 1.06234693, 1.50116923, 2.05078596], 2e-5, "exp (upstream)");
  rel(obs, 1.011571881, 2e-6, "obs (cross-check)");
  rel(exp, [0.5598842543, 0.7570290224, 1.062354999, 1.501180825, 2.050802019], 2e-6, "exp (cross-check)");
  // the results are the tested points, sorted, each [CLs, band]; CLs falls with μ
  assert.equal(mus.length, results.length);
  for (let k = 1; k < mus.length; k++) assert.ok(mus[k] > mus[k - 1]);
  for (let k = 1; k < results.length; k++) assert.ok(results[k][0] <= results[k - 1][0] + 1e-12, `CLs not falling at μ = ${mus[k]}`);
  // at each limit the CLs curve crosses 0.05
  const at = infer.hypotest(obs, data, model);
  assert.ok(Math.abs(at - 0.05) < 1e-6, `CLs at the observed limit: ${at}`);
});

test("hf.infer.upperLimit: a scan interpolates CLs linearly between grid points (11 and 21 points, pyhf's values)", () => {
  const [obs11, exp11] = infer.upperLimit(data, model, { scan: linspace(0, 5, 11) });
  rel(obs11, 1.0262704738584554, 3e-5, "obs, 11 points");
  rel(exp11, [0.65765653, 0.87999725, 1.12453992, 1.50243428, 2.09232927], 3e-5, "exp, 11 points");
  rel([obs11, ...exp11], [1.026275964, 0.6576648573, 0.8800008477, 1.124553363, 1.502458347, 2.092355462], 1e-6, "11 points (cross-check)");
  const [obs21, exp21, [scan, res]] = infer.intervals.upperLimits.linearGridScan(data, model, linspace(0, 5, 21), { returnResults: true });
  rel(obs21, 1.01764089, 3e-5, "obs, 21 points");
  rel(exp21, [0.59576921, 0.76169166, 1.08504773, 1.50170482, 2.06654952], 3e-5, "exp, 21 points");
  assert.equal(scan.length, 21);
  assert.equal(res.length, 21);
  assert.equal(res[0][0], 1); // μ = 0: q = q_A = 0, CLs = 1
  // the band is ordered: the +2σ curve lies lowest, so its limit is the smallest
  for (let k = 1; k < 5; k++) assert.ok(exp21[k] > exp21[k - 1]);
});

test("hf.infer.upperLimit: the bracket grows past the POI's upper bound (and the fits' bound with it) when CLs is still above the level there", () => {
  const [obs, exp, [mus]] = infer.upperLimit(data, model, { parBounds: [[0, 0.5], [1e-10, 10], [1e-10, 10]], returnResults: true });
  rel(obs, 1.011571881, 1e-4, "obs"); // the default rtol 1e-4
  rel(exp, [0.5598842543, 0.7570290224, 1.062354999, 1.501180825, 2.050802019], 1e-4, "exp");
  assert.ok(mus.includes(0.5) && mus.includes(1) && mus.includes(2) && mus.includes(4), `bracket ends tested: ${mus.filter((m) => [0.5, 1, 2, 4].includes(m))}`);
});

test("hf.infer.intervals.upperLimits.rootScan: a loose tolerance lands on pyhf's rtol = 0.01 doctest values", () => {
  const [obs, exp] = infer.intervals.upperLimits.rootScan(data, model, 0, 5, { rtol: 0.01 });
  rel(obs, 1.01156939, 1e-2, "obs");
  rel(exp, [0.5600747, 0.75702605, 1.06234693, 1.50116923, 2.05078912], 1e-2, "exp");
});

test("brentRoot and interp: the root finder's tolerance and numpy.interp's end behaviour", () => {
  let calls = 0;
  const f = (x: number) => { calls++; return Math.cos(x) - x; };
  const r = brentRoot(f, 0, 1, f(0), f(1), 1e-14, 1e-12);
  assert.ok(Math.abs(r - 0.7390851332151607) < 1e-12 && calls < 15, `root ${r} after ${calls} calls`);
  assert.equal(brentRoot((x) => x - 2, 2, 3, 0, 1, 1e-12, 0), 2);
  assert.throws(() => brentRoot((x) => x, 1, 2, 1, 2, 1e-12, 0), /do not bracket a root/);
  assert.equal(interp(0.5, [0, 1], [10, 20]), 15);
  assert.equal(interp(-1, [0, 1], [10, 20]), 10);
  assert.equal(interp(2, [0, 1], [10, 20]), 20);
  assert.equal(interp(1.5, [0, 1, 2], [0, 10, 30]), 20);
});

test("hf.infer.upperLimit: bad input fails clearly", () => {
  assert.throws(() => infer.upperLimit(data, model, { level: 1.5 }), /hf\.infer\.upperLimit: level must be a number in \(0, 1\), got 1\.5/);
  assert.throws(() => infer.upperLimit(data, model, { testStat: "q0" }), /upper limits need testStat "qtilde" or "q"/);
  assert.throws(() => infer.upperLimit(data, model, { scan: [1] }), /linearGridScan: scan must be at least 2 finite POI values/);
  assert.throws(() => infer.upperLimit(data, model, { scan: [2, 1] }), /scan must be increasing, got 2 then 1/);
  assert.throws(() => infer.upperLimit(data, model, { scan: [0, 11] }), /linearGridScan: POI value 11 is outside the bounds \[0, 10\] of the POI mu/);
  assert.throws(() => infer.upperLimit(data, model, { rtol: -1 }), /rtol and atol must be numbers ≥ 0/);
  assert.throws(() => infer.intervals.upperLimits.rootScan(data, model, 3, 1), /boundsLow and boundsUp must be finite numbers with boundsLow < boundsUp/);
  assert.throws(() => infer.upperLimit(data, model, { scna: [0, 1] } as never), /hf\.infer\.upperLimit.*scna/);
});
