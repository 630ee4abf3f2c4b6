/** @file fit.leastSquares and fit.curveFit: analytic line fits, scipy reference numbers, bounds, named parameters, bad input. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, fit, NDArray } from "../src/index.js";

/** |a − e| ≤ tol·(1 + |e|) elementwise, for plain numbers. */
function close(a: number | number[], e: number | number[], tol: number): void {
  const av = ([a] as unknown[]).flat() as number[], ev = ([e] as unknown[]).flat() as number[];
  assert.equal(av.length, ev.length);
  av.forEach((v, i) => assert.ok(Math.abs(v - ev[i]) <= tol * (1 + Math.abs(ev[i])), `element ${i}: ${v} vs ${ev[i]} ([${av}])`));
}

const line = (x: NDArray, p: NDArray) => p.get(0).add(p.get(1).mul(x));
const expo = (x: NDArray, p: NDArray) => p.get(0).mul(np.exp(p.get(1).mul(x)));
const lx = [1, 2, 3, 4, 5], ly = [1.1, 1.9, 3.2, 3.9, 5.1];
// scipy.optimize.curve_fit reference (computed offline)
const ex = np.array([0, 1, 2, 3, 4, 5], { dtype: "float64" }), ey = [1.0, 2.9, 7.6, 19.5, 55.0, 148.0], es = [0.1, 0.2, 0.4, 1.0, 3.0, 8.0];

test("leastSquares: a weighted line fit has the analytic values and absolute-σ covariance", () => {
  const r = fit.leastSquares(line, np.array(lx, { dtype: "float64" }), ly, [0, 0], { yerr: 0.1 });
  close(r.values, [0.04, 1.0], 1e-12);
  close(r.covariance.flat(), [0.011, -0.003, -0.003, 0.001], 1e-10);
  close(r.errors, [Math.sqrt(0.011), Math.sqrt(0.001)], 1e-10);
  close(r.rss, 7.2, 1e-10); // χ²
  assert.equal(r.dof, 3);
  assert.ok(r.success);
  close(r.residuals, [-0.6, 1.4, -1.6, 1.4, -0.6], 1e-10); // (model − y)/σ
});

test("leastSquares: without yerr the covariance follows NIST (JᵀJ)⁻¹·RSS/(n − p)", () => {
  const r = fit.leastSquares(line, np.array(lx, { dtype: "float64" }), ly, [0, 0]);
  const s2 = 0.072 / 3;
  close(r.covariance.flat(), [1.1 * s2, -0.3 * s2, -0.3 * s2, 0.1 * s2], 1e-10);
});

test("curveFit: scipy's [popt, pcov] with relative σ, absolute σ and no σ", () => {
  const [p1, c1] = fit.curveFit(expo, ex, ey, [1, 1], { sigma: es });
  close(p1, [1.03499234, 0.99082183], 1e-7);
  close(c1.flat(), [8.35237826e-04, -2.18103820e-04, -2.18103820e-04, 7.10643218e-05].map((v) => v), 1e-9);
  assert.ok(Math.abs(c1[0][0] / 8.35237826e-04 - 1) < 1e-6 && Math.abs(c1[1][1] / 7.10643218e-05 - 1) < 1e-6);
  const [, c2] = fit.curveFit(expo, ex, ey, [1, 1], { sigma: es, absoluteSigma: true });
  assert.ok(Math.abs(c2[0][0] / 0.00312044 - 1) < 1e-5 && Math.abs(c2[0][1] / -0.00081483 - 1) < 1e-5 && Math.abs(c2[1][1] / 0.0002655 - 1) < 1e-4);
  const [p3, c3] = fit.curveFit(expo, ex, ey, [1, 1]);
  close(p3, [1.01150848, 0.99723915], 1e-7);
  assert.ok(Math.abs(c3[0][0] / 8.14642826e-04 - 1) < 1e-6 && Math.abs(c3[1][1] / 3.36919637e-05 - 1) < 1e-6);
});

test("leastSquares trf: bounds are respected, the solution on a bound is reported (scipy's values and active_mask)", () => {
  const r = fit.leastSquares(expo, ex, ey, [1.5, 0.9], { bounds: [[1.2, 0], [10, 10]] });
  assert.equal(r.values[0], 1.2);
  close(r.values[1], 0.96217331, 1e-7);
  assert.deepEqual(r.activeMask, [-1, 0]);
  assert.ok(r.success, r.message);
  const [popt, pcov] = fit.curveFit(expo, ex, ey, [1.5, 0.9], { bounds: [[1.2, 0], [10, 10]] });
  close(popt[1], 0.96217331, 1e-7);
  assert.ok(Math.abs(pcov[0][0] / 0.01106448 - 1) < 1e-5 && Math.abs(pcov[0][1] / -0.00189311 - 1) < 1e-5);
  // inactive bounds change nothing; "trf" without bounds equals "lm"
  const a = fit.leastSquares(expo, ex, ey, [1, 1], { method: "trf", bounds: [-Infinity, Infinity] }), b = fit.leastSquares(expo, ex, ey, [1, 1]);
  close(a.values, b.values, 1e-9);
});

test("leastSquares: named parameters come back by name; float32 data work", () => {
  const r = fit.leastSquares((x: NDArray, p: { a: NDArray; b: NDArray }) => p.a.add(p.b.mul(x)), np.array(lx), np.array(ly, { dtype: "float32" }), { a: 0, b: 0 }, { yerr: 0.1 });
  close(r.values.a, 0.04, 1e-6);
  close(r.values.b, 1, 1e-6);
  close(r.errors.b, Math.sqrt(0.001), 1e-6);
  assert.deepEqual(r.names, ["a", "b"]);
});

test("leastSquares: the call limit stops the fit with success false", () => {
  const r = fit.leastSquares(expo, ex, ey, [1, 1], { maxNfev: 3 });
  assert.equal(r.success, false);
  assert.match(r.message, /maxNfev/);
  assert.ok(r.nfev <= 4);
});

test("leastSquares: bad input fails clearly", () => {
  const x = np.array(lx, { dtype: "float64" });
  assert.throws(() => fit.leastSquares(line, x, [1, NaN, 3, 4, 5], [0, 0]), /fit\.leastSquares: y has a non-finite value NaN at index 1/);
  assert.throws(() => fit.leastSquares(line, x, ly, [0, 0], { yerr: [1, 1, 0, 1, 1] }), /fit\.leastSquares: yerr must be finite and > 0, got 0 at index 2/);
  assert.throws(() => fit.leastSquares(line, x, ly, [0, 0], { yerr: -1 }), /yerr must be finite and > 0, got -1/);
  assert.throws(() => fit.leastSquares(line, x, ly, [0, 0], { yerr: [1, 1] }), /yerr has 2 entries but y has 5/);
  assert.throws(() => fit.curveFit(line, x, ly, [0, 0], { sigma: [1, 1, 1, 1, -2] }), /fit\.curveFit: sigma must be finite and > 0, got -2 at index 4/);
  assert.throws(() => fit.leastSquares(line, x, ly, [0, 0], { method: "lm", bounds: [0, 1] }), /method "lm" does not support bounds; use method "trf"/);
  assert.throws(() => fit.leastSquares(line, x, ly, [2, 0], { bounds: [0, 1] }), /the start 2 of x0 is outside its bounds \[0, 1\]/);
  assert.throws(() => fit.leastSquares(line, x, ly, [0, 0], { bounds: [1, 0] }), /bounds: lower 1 must be below upper 0/);
  assert.throws(() => fit.leastSquares(line, x, [1, 2, 3], [0, 0]), /the model returned 5 values \(shape \[5\]\) but y has 3/);
  assert.throws(() => fit.leastSquares(line, x, ly, [0, NaN]), /p0 must be finite, got NaN for parameter 1/);
  assert.throws(() => fit.leastSquares(line, x, ly, [0, 0], { method: "gn" as any }), /method must be "lm" or "trf", got "gn"/);
  assert.throws(() => fit.leastSquares(line, x, [1], [0, 0]), /"lm" needs at least as many data points as parameters, got 1 < 2/);
  assert.throws(() => fit.leastSquares((xx: NDArray, p: NDArray) => np.log(p.get(0)).add(xx), x, ly, [-1]), /the residuals are not finite at the start/);
  assert.throws(() => (fit as any).leastSquares(line, x, ly, [0, 0], { y_err: 1 }), /fit\.leastSquares: unknown option "y_err"/);
});

test("leastSquares: bounds by name, σ as an array, and more parameters than data (trf, reverse-mode Jacobian)", () => {
  const named = (x: NDArray, p: { a: NDArray; b: NDArray }) => p.a.mul(np.exp(p.b.mul(x)));
  const r = fit.leastSquares(named, ex, ey, { a: 1.5, b: 0.9 }, { bounds: [{ a: 1.2 }, { a: 10 }] });
  assert.equal(r.values.a, 1.2);
  close(r.values.b, 0.96217331, 1e-7);
  assert.deepEqual(r.activeMask, [-1, 0]);
  const w = fit.leastSquares(expo, ex, ey, [1, 1], { yerr: np.array(es, { dtype: "float64" }) });
  close(w.values, [1.03499234, 0.99082183], 1e-7);
  // one observation, two parameters: any a + b = 3 fits; the covariance is infinite (J is rank deficient)
  const u = fit.leastSquares((x: NDArray, p: NDArray) => np.reshape(p.get(0).add(p.get(1).mul(x)), [1]), np.array(1, { dtype: "float64" }), [3], [0, 0], { method: "trf" });
  close(u.values[0] + u.values[1], 3, 1e-9);
  assert.ok(u.success, u.message);
  assert.equal(u.errors[0], Infinity);
  assert.equal(u.dof, -1);
});
