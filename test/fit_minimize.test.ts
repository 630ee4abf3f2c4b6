/** @file fit.minimize / fit.hesse / minos: the Minuit reference cases (test/fixtures/minuit/cases.json), likelihood fits with analytic Minos errors, limits, fixed parameters, failures. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { np, fit, NDArray } from "../src/index.js";

const cases: Record<string, any> = Object.fromEntries(JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/minuit/cases.json", import.meta.url)), "utf8")).cases.map((c: any) => [c.id, c]));
const rel = (a: number, e: number, r: number, what: string) => assert.ok(Math.abs(a - e) <= r * Math.abs(e), `${what}: ${a} vs ${e} (rtol ${r})`);
const abs = (a: number, e: number, t: number, what: string) => assert.ok(Math.abs(a - e) <= t, `${what}: ${a} vs ${e} (atol ${t})`);
type XY = { x: NDArray; y: NDArray };
const func0 = (p: XY) => np.square(p.x.sub(2)).div(4).add(np.exp(np.square(p.y.sub(5)))).add(10);

test("minuit errordef_scaling: func0 and 4·func0 with errordef 4 give the same values and errors", () => {
  const c = cases.errordef_scaling;
  for (const [label, f, up] of [["func0", func0, 1], ["4*func0", (p: XY) => func0(p).mul(4), 4]] as const) {
    const e = c.expected[label];
    const r = fit.minimize(f, { x: 0, y: 0 }, { errordef: up });
    assert.ok(r.valid && r.accurate, r.reason);
    rel(r.values.x, e.values[0], 2e-3, "x");
    rel(r.values.y, e.values[1], 2e-3, "y");
    rel(r.fval, e.fval, 1e-3, "fval");
    rel(r.errors.x, e.errors[0], 1e-3, "error x");
    rel(r.errors.y, e.errors[1], 1e-3, "error y");
    rel(r.covariance[0][0], e.covariance[0][0], 1e-4, "cov xx");
    rel(r.covariance[1][1], e.covariance[1][1], 1e-3, "cov yy");
    abs(r.covariance[0][1], 0, 1e-4, "cov xy");
    rel(r.edmGoal, e.edm_goal, 1e-12, "edm goal");
    assert.ok(r.edm < r.edmGoal);
  }
  // f = x²: HESSE with errordef 4 then 1
  const sq = (p: NDArray) => np.sum(np.square(p));
  const r4 = fit.minimize(sq, [0], { errordef: 4 });
  rel(r4.errors[0], c.expected["x^2"].error_with_errordef_4, 1e-7, "errordef 4");
  rel(fit.hesse(sq, r4.values, { errordef: 1 }).errors[0], c.expected["x^2"].error_with_errordef_1, 1e-7, "errordef 1");
});

test("minuit hesse_at_point: HESSE at a point that is not a minimum", () => {
  const e = cases.hesse_at_point.expected;
  const f = (p: NDArray) => np.sum(np.square(p).add(np.power(p, 4)));
  rel(fit.hesse(f, [0], { errordef: 0.5 }).errors[0], e.error_at_x0, 1e-12, "x = 0");
  rel(fit.hesse(f, [1], { errordef: 0.5 }).errors[0], e.error_at_x1, 1e-12, "x = 1");
});

const rosen = (p: NDArray) => np.square(np.subtract(1, p.get(0))).add(np.square(p.get(1).sub(np.square(p.get(0)))).mul(100));

test("minuit rosenbrock_from_origin: tol 1e-4 reaches (1, 1); HESSE at the minimum is exact", () => {
  const c = cases.rosenbrock_from_origin;
  const r = fit.minimize(rosen, [0, 0], { tol: c.setup.tol });
  assert.ok(r.valid, r.reason);
  abs(r.values[0], 1, 1e-3, "x");
  abs(r.values[1], 1, 1e-3, "y");
  abs(r.fval, 0, 1e-6, "fval");
  const h = fit.hesse(rosen, [1, 1]);
  c.exact["covariance_at_minimum (errordef 1)"].flat().forEach((v: number, i: number) => rel(h.covariance.flat()[i], v, 1e-10, `cov ${i}`));
  rel(h.correlation[0][1], c.exact.correlation, 1e-9, "correlation");
  // with the default tol it stops early (EDM-limited), but valid
  const r2 = fit.minimize(rosen, [0, 0]);
  assert.ok(r2.valid && r2.edm < r2.edmGoal);
  abs(r2.values[0], 1, 2e-2, "x (default tol)");
});

test("minuit weighted_line_fit: a χ² line fit has the analytic covariance, and Minos = ± HESSE", () => {
  const c = cases.weighted_line_fit, e = c.expected;
  const x = np.array(c.setup.x, { dtype: "float64" }), y = np.array(c.setup.y, { dtype: "float64" });
  const chi2 = (p: { a: NDArray; b: NDArray }) => np.sum(np.square(y.sub(p.a).sub(p.b.mul(x)).div(c.setup.sigma)));
  const r = fit.minimize(chi2, { a: 0, b: 0 }).minos();
  assert.ok(r.valid, r.reason);
  abs(r.values.a, e.values[0], 1e-6, "a");
  abs(r.values.b, e.values[1], 1e-6, "b");
  rel(r.fval, e.fval, 1e-8, "fval");
  rel(r.errors.a, e.errors[0], 1e-5, "error a");
  rel(r.errors.b, e.errors[1], 1e-5, "error b");
  e.covariance.flat().forEach((v: number, i: number) => rel(r.covariance.flat()[i], v, 1e-4, `cov ${i}`));
  rel(r.correlation[0][1], e.correlation_ab, 1e-5, "correlation");
  for (const k of ["a", "b"] as const) {
    assert.ok(r.merrors[k].valid);
    rel(r.merrors[k].lower, e.minos[k][0], 1e-5, `minos ${k} lower`);
    rel(r.merrors[k].upper, e.minos[k][1], 1e-5, `minos ${k} upper`);
  }
  const r05 = fit.minimize(chi2, { a: 0, b: 0 }, { errordef: 0.5 });
  rel(r05.errors.a, e["errors_with_errordef_0.5"][0], 1e-5, "a, errordef 0.5");
  rel(r05.errors.b, e["errors_with_errordef_0.5"][1], 1e-5, "b, errordef 0.5");
  // the table names every parameter and its Minos errors
  const s = String(r);
  assert.match(s, /valid minimum/);
  assert.match(s, /\n\s+0 a\s+0\.0400000\s+0\.104881\s+-0\.104881\s+0\.104881/);
  assert.match(s, /correlation/);
});

test("minuit one_sided_limit: the minimum on the limit x ≥ 1 is reached; the result says the parameter is at its limit", () => {
  const c = cases.one_sided_limit;
  const f = (p: XY) => p.x.mul(p.x).add(p.y.mul(p.y)).mul(0.26).sub(p.x.mul(p.y).mul(0.48));
  const r = fit.minimize(f, c.setup.start, { limits: { x: [1, null] }, tol: c.setup.tol });
  abs(r.values.x, c.exact.values[0], 1e-3, "x");
  abs(r.values.y, c.exact.values[1], 1e-3, "y");
  assert.ok(r.values.x >= 1);
  assert.ok(r.atLimit);
  assert.match(r.reason, /x at a limit/);
  assert.deepEqual(r.limits[0], [1, Infinity]);
});

test("limits: errors are in external coordinates (two-sided, away from the limits, equals the unbounded fit)", () => {
  const r0 = fit.minimize(func0, { x: 0, y: 0 }, { tol: 1e-6 });
  const r1 = fit.minimize(func0, { x: 0, y: 0 }, { tol: 1e-6, limits: { x: [-10, 30], y: [0, null] } });
  rel(r1.values.x, 2, 1e-6, "x");
  rel(r1.errors.x, r0.errors.x, 1e-5, "error x");
  rel(r1.errors.y, r0.errors.y, 1e-5, "error y");
  assert.equal(r1.atLimit, false);
  // a start outside the limits is pulled inside
  const r2 = fit.minimize(func0, { x: 50, y: 4 }, { limits: { x: [-10, 30] } });
  assert.ok(r2.valid);
  rel(r2.values.x, 2, 1e-2, "x from outside"); // EDM-limited stop (default tol), well inside the error 2
});

test("minuit fixed_parameter: fixed parameters keep their value and have zero covariance rows; Minos at a limit", () => {
  const c = cases.fixed_parameter, e = c.expected;
  const f = (p: NDArray) => np.sum(np.square(p.sub(1)));
  const r = fit.minimize(f, [2, 1], { fixed: [false, true], limits: [[0, 2], null] });
  assert.ok(r.valid, r.reason);
  rel(r.values[0], 1, 1e-2, "x0");
  assert.equal(r.values[1], 1);
  e.array_func.covariance.flat().forEach((v: number, i: number) => abs(r.covariance.flat()[i], v, 1e-2, `cov ${i}`));
  const m = r.minos(["x0"]);
  abs(m.merrors.x0.lower, e.array_func.minos_x0_lower, 1e-2, "minos x0 lower");
  assert.throws(() => r.minos("x1"), /fit\.minimize: minos: parameter x1 is fixed; Minos needs a free parameter/);
  assert.throws(() => r.minos("zz"), /no parameter named "zz"; the parameters are x0, x1/);
  const r2 = fit.minimize(func0, { x: 0, y: 10 }, { fixed: ["y"] });
  rel(r2.values.x, 2, 1e-2, "x");
  assert.equal(r2.values.y, 10);
  rel(r2.fval, e.func0_y_fixed.fval, 1e-7, "fval");
  abs(r2.covariance[0][0], 4, 3e-4, "cov xx");
  assert.deepEqual(r2.covariance[1], [0, 0]);
  assert.deepEqual(r2.fixed, e.func0_y_fixed.fixed);
  assert.deepEqual(fit.minimize(func0, { x: 0, y: 10 }, { fixed: { y: true } }).values, r2.values);
});

test("likelihood (errordef 0.5): Poisson count and a Gaussian's σ have the analytic, asymmetric Minos errors", () => {
  // −ln L = λ − k ln λ, k = 5: Minos roots of λ − 5 ln λ = 5 − 5 ln 5 + ½ (scipy brentq, offline)
  const r = fit.minimize((p: { lam: NDArray }) => p.lam.sub(np.log(p.lam).mul(5)), { lam: 2 }, { errordef: 0.5, limits: { lam: [0, null] }, tol: 1e-6 }).minos();
  rel(r.values.lam, 5, 1e-6, "λ");
  rel(r.errors.lam, Math.sqrt(5), 1e-5, "HESSE error √5");
  rel(r.merrors.lam.lower, -1.9159158410414743, 1e-4, "Minos lower");
  rel(r.merrors.lam.upper, 2.5811058071249002, 1e-4, "Minos upper");
  // Gaussian sample: −ln L = n ln σ + Σ(x − μ)²/(2σ²); the profile in σ re-minimises μ
  const x = np.array([1.2, 0.3, 2.5, 1.9, 0.8, 1.4, 2.2, 0.6], { dtype: "float64" });
  const nll = (p: NDArray) => np.log(p.get(1)).mul(8).add(np.sum(np.square(x.sub(p.get(0)))).div(np.square(p.get(1)).mul(2)));
  const g = fit.minimize(nll, [1, 1], { errordef: 0.5, names: ["mu", "sigma"], tol: 1e-6 }).minos("sigma");
  rel(g.values[0], 1.3625, 1e-5, "μ");
  rel(g.values[1], 0.7364399160827718, 1e-6, "σ");
  rel(g.merrors.sigma.lower, -0.1517763216878124, 1e-4, "σ Minos lower");
  rel(g.merrors.sigma.upper, 0.2308670488879352, 1e-4, "σ Minos upper");
  assert.equal(g.merrors.mu, undefined);
  assert.deepEqual(g.names, ["mu", "sigma"]);
});

test("strategy 0 (diagonal start, no final HESSE) converges too; hesse() then gives the exact covariance", () => {
  const r = fit.minimize(func0, { x: 0, y: 0 }, { strategy: 0 });
  assert.ok(r.valid, r.reason);
  rel(r.values.x, 2, 2e-3, "x");
  const h = r.hesse();
  rel(h.errors.x, 2, 1e-9, "error x");
  assert.ok(h.accurate);
  assert.ok(h.nfcn > r.nfcn);
});

test("failures: call limit on an fcn without minimum (no hang), non-finite fcn, bad options", () => {
  const cubic = (p: NDArray) => np.sum(np.power(p, 3));
  const r = fit.minimize(cubic, [-1], { maxfcn: 50 }); // unbounded below
  assert.equal(r.valid, false);
  assert.match(r.reason, /call limit/);
  assert.ok(r.nfcn <= 55, `nfcn ${r.nfcn}`);
  const lin = fit.minimize((p: NDArray) => np.sum(p), [0, 0]); // default maxfcn 200 + 100·2 + 5·4
  assert.equal(lin.valid, false);
  assert.ok(lin.nfcn <= 430, `nfcn ${lin.nfcn}`);
  const nan = fit.minimize((p: NDArray) => np.sum(np.log(p)), [-1]);
  assert.equal(nan.valid, false);
  assert.match(nan.reason, /not finite/);
  assert.throws(() => fit.minimize(func0, { x: 0, y: 0 }, { errordef: 0 }), /fit\.minimize: errordef must be a finite number > 0 \(1 for χ², 0\.5 for −log L\), got 0/);
  assert.throws(() => fit.minimize(func0, { x: 0, y: 0 }, { strategy: 3 as any }), /strategy must be 0, 1 or 2, got 3/);
  assert.throws(() => fit.minimize(func0, { x: 0, y: 0 }, { limits: { z: [0, 1] } }), /limits: no parameter named "z"/);
  assert.throws(() => fit.minimize(func0, { x: 0, y: 0 }, { limits: { x: [1, 0] } }), /limits for x: lower 1 must be below upper 0/);
  assert.throws(() => fit.minimize(func0, { x: 0, y: NaN }), /x0 must be finite, got NaN for parameter y/);
  assert.throws(() => fit.minimize((p: NDArray) => p, [1, 2]), /fcn must return a scalar, got shape \[2\]/);
  assert.throws(() => (fit as any).minimize(func0, { x: 0, y: 0 }, { errorDef: 1 }), /fit\.minimize: unknown option "errorDef"/);
});

test("limits near the minimum: HESSE errors in external coordinates and Minos at the limits vs analytic and iminuit 2.11.2", () => {
  // F = (x − 0.9)²/0.01 + (y − 0.2)²/0.04 + 0.5·(x − 0.9)(y − 0.2)/0.02, x ∈ [0, 1], y ≥ 0: V = 2·H⁻¹ = [[50, −25], [−25, 200]]·2/9375
  const f = (p: XY) => np.square(p.x.sub(0.9)).div(0.01).add(np.square(p.y.sub(0.2)).div(0.04)).add(p.x.sub(0.9).mul(p.y.sub(0.2)).mul(0.5 / 0.02));
  const r = fit.minimize(f, { x: 0.5, y: 1 }, { limits: { x: [0, 1], y: [0, null] }, tol: 1e-6 });
  assert.ok(r.valid, r.reason);
  rel(r.errors.x, Math.sqrt(100 / 9375), 1e-4, "error x");
  rel(r.errors.y, Math.sqrt(400 / 9375), 1e-4, "error y");
  rel(r.covariance[0][1], -50 / 9375, 1e-4, "cov xy");
  // iminuit 2.11.2 (offline; MIGRAD stops at x = 0.90028, its numerical HESSE): errors 0.101305, 0.199774; cov xy −0.005341
  rel(r.errors.x, 0.10130536681985569, 0.03, "error x vs iminuit");
  rel(r.errors.y, 0.1997743823744087, 0.04, "error y vs iminuit");
  rel(r.covariance[0][1], -0.005340970545201721, 0.01, "cov xy vs iminuit");
  const m = r.minos();
  // iminuit: x −0.103564 / +0.099716 (limit 1), y −0.199741 (limit 0) / +0.206819
  rel(m.merrors.x.lower, -0.10356406846135933, 0.01, "minos x lower");
  rel(m.merrors.y.upper, 0.20681877742078106, 0.01, "minos y upper");
  assert.ok(m.merrors.x.atUpperLimit && !m.merrors.x.upperValid);
  rel(m.merrors.x.upper, 0.1, 1e-3, "minos x upper = the distance to the limit");
  assert.ok(m.merrors.y.atLowerLimit && !m.merrors.y.lowerValid);
  assert.match(m.reason, /Minos failed for x, y/);
});

test("grad: false (numerical, as Minuit without a gradient) and a user gradient reach the same minimum and errors", () => {
  const ad = fit.minimize(rosen, [0, 0], { tol: 1e-4 });
  const num = fit.minimize(rosen, [0, 0], { tol: 1e-4, grad: false });
  assert.ok(num.valid, num.reason);
  abs(num.values[0], 1, 1e-3, "x (numerical)");
  abs(num.values[1], 1, 2e-3, "y (numerical)");
  assert.equal(num.ngrad, 0);
  assert.ok(num.nfcn > ad.nfcn, `numerical derivatives cost more fcn calls: ${num.nfcn} vs ${ad.nfcn}`);
  // Rosenbrock's gradient (−400x(y − x²) + 2x − 2, 200(y − x²)) from cases.json, given by hand
  const g = (p: NDArray) => { const [x, y] = Array.from(p.data() as Float64Array); return [-400 * x * (y - x * x) + 2 * x - 2, 200 * (y - x * x)]; };
  const user = fit.minimize(rosen, [0, 0], { tol: 1e-4, grad: g });
  assert.ok(user.valid, user.reason);
  abs(user.values[0], 1, 1e-3, "x (user gradient)");
  const h = fit.hesse(rosen, [1, 1], { grad: false });
  rel(h.covariance[1][1], 4.01, 1e-4, "numerical HESSE");
  rel(fit.hesse(rosen, [1, 1], { grad: g }).covariance[1][1], 4.01, 1e-6, "HESSE from the user gradient");
  // limits with a user gradient: the chain rule through the transformation
  const lim = fit.minimize(func0, { x: 0, y: 0 }, { limits: { x: [-10, 30] }, grad: (p: XY) => [(Number(p.x.item()) - 2) / 2, 2 * (Number(p.y.item()) - 5) * Math.exp((Number(p.y.item()) - 5) ** 2)] });
  rel(lim.values.x, 2, 1e-2, "x with limits and a user gradient"); // EDM-limited (default tol), error 2
  rel(lim.errors.x, 2, 1e-3, "error x");
  assert.throws(() => fit.minimize(rosen, [0, 0], { grad: 1 as any }), /fit\.minimize: grad must be true, false or a gradient function, got 1/);
  assert.throws(() => fit.minimize(rosen, [0, 0], { grad: () => [1] }), /grad must return 2 numbers/);
});

test("minimize on a χ² agrees with leastSquares with yerr (values and absolute covariance); x0 as an NDArray", () => {
  const x = np.array([0, 1, 2, 3, 4, 5], { dtype: "float64" }), y = [1.0, 2.9, 7.6, 19.5, 55.0, 148.0], s = [0.1, 0.2, 0.4, 1.0, 3.0, 8.0];
  const model = (xx: NDArray, p: NDArray) => p.get(0).mul(np.exp(p.get(1).mul(xx)));
  const ls = fit.leastSquares(model, x, y, [1, 1], { yerr: s });
  const yv = np.array(y, { dtype: "float64" }), sv = np.array(s, { dtype: "float64" });
  const chi2 = (p: NDArray) => np.sum(np.square(yv.sub(model(x, p)).div(sv)));
  const m = fit.minimize(chi2, np.array([1, 1], { dtype: "float64" }), { tol: 1e-6 });
  assert.ok(m.valid, m.reason);
  m.values.forEach((v: number, i: number) => rel(v, ls.values[i], 1e-6, `value ${i}`));
  rel(m.fval, ls.rss, 1e-9, "χ²");
  // the full Hessian adds Σ rᵢ∇²fᵢ to JᵀJ: a small difference at a good fit
  m.covariance.flat().forEach((v: number, i: number) => rel(v, ls.covariance.flat()[i], 0.05, `cov ${i}`));
});
