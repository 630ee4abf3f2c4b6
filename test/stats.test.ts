/**
 * @file stats: every distribution against scipy.stats values computed offline (/usr/bin/python3,
 * embedded), support edges as scipy (−∞ logpdf, 0 pdf), derivatives by checkGrads in float64 for data
 * and parameters, jit/vmap, float32, batched multivariate normal, strict-argument errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, stats, grad, jit, vmap, checkGrads } from "../src/index.js";
import { close } from "./util.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, "float64");
const TOL = 1e-13; // relative to 1 + |expected| (test/util.ts close)

/** |got − want| ≤ tol·|want|: a relative check for tail values, where `close` would be absolute. */
/** mpmath: Q(3.1, (40 − 0.1)/1.3) and I_0.001(2.5, 1.5). */
const GAMMA_SF_TAIL = 3.02726705463571e-11, BETA_CDF_TAIL = 6.439837937838534e-8;

function rel(got: NDArray, want: number, tol = 1e-13): void {
  const g = got.item() as number;
  assert.ok(Math.abs(g - want) <= tol * Math.abs(want), `got ${g}, expected ${want} (relative ${Math.abs(g - want) / Math.abs(want)})`);
}

test("stats.norm: logpdf, cdf, sf, ppf, logcdf tails against scipy", () => {
  const x = f64(1.3), loc = f64(0.2), scale = f64(1.7);
  close(stats.norm.logpdf(x, loc, scale), [-1.6589093448204761], TOL);
  close(stats.norm.cdf(x, loc, scale), [0.7412030632713038], TOL);
  close(stats.norm.sf(x, loc, scale), [0.2587969367286962], TOL);
  close(stats.norm.ppf(f64(0.2), loc, scale), [-1.2307560970739542], TOL);
  close(stats.norm.isf(f64(0.8), loc, scale), [-1.2307560970739542], TOL);
  close(stats.norm.logcdf(f64([-40, 0])), [-804.6084420137538, -Math.LN2], TOL);
  close(stats.norm.logsf(f64(40)), [-804.6084420137538], TOL);
  close(stats.norm.pdf(f64(0)), [0.3989422804014327], TOL);
  rel(stats.norm.sf(f64(10)), 7.619853024160525e-24); // tails: relative accuracy (mpmath)
  rel(stats.norm.cdf(f64(-10)), 7.619853024160525e-24);
  close(stats.norm.logpdf(f64(0), 0, f64([-1, 0])), [NaN, NaN]); // scale ≤ 0
  checkGrads((a: any, l: any, s: any) => stats.norm.logcdf(a, l, s), [f64([-3, 0.5]), f64([0.1, 0.2]), f64([1.5, 0.7])], { order: 1 });
  checkGrads((q: any, l: any, s: any) => stats.norm.ppf(q, l, s), [f64([0.1, 0.7]), f64(0.3), f64(2)], { order: 1 });
});

test("stats.poisson: logpmf (integer and continuous k), cdf, sf; k = μ = 0 gives 0", () => {
  close(stats.poisson.logpmf(f64(3), f64(2.5)), [-1.5428872736055896], TOL);
  close(stats.poisson.logpmf(f64(3.5), f64(2.5)), [-1.7467190092829], TOL); // the continuous form, as pyhf
  close(stats.poisson.cdf(f64(3), f64(2.5)), [0.7575761331330662], TOL);
  close(stats.poisson.sf(f64(3), f64(2.5)), [0.2424238668669339], TOL);
  close(stats.poisson.logpmf(f64([0, -1]), f64(0)), [0, -Infinity]);
  close(stats.poisson.pmf(f64(0), f64(2)), [Math.exp(-2)], TOL);
  close(stats.poisson.cdf(f64(-1), f64(2)), [0]);
  // d/dμ of n·ln μ − μ − ln Γ(n+1) = n/μ − 1; d/dn = ln μ − ψ(n + 1)
  close(grad((m: any) => stats.poisson.logpmf(f64(3), m))(f64(2.5)), [3 / 2.5 - 1], TOL);
  checkGrads((k: any, m: any) => stats.poisson.logpmf(k, m), [f64([3, 4.5]), f64([2.5, 7])], { order: 2 });
  checkGrads((m: any) => stats.poisson.cdf(f64([3, 0]), m), [f64([2.5, 0.5])], { order: 1 });
});

test("stats.gamma, chi2, expon against scipy; support edges", () => {
  const x = f64(2.2), a = f64(3.1), loc = f64(0.1), scale = f64(1.3);
  close(stats.gamma.logpdf(x, a, loc, scale), [-1.658020494576008], TOL);
  close(stats.gamma.cdf(x, a, loc, scale), [0.20148359953898592], TOL);
  close(stats.gamma.sf(x, a, loc, scale), [0.7985164004610141], TOL);
  close(stats.gamma.logpdf(f64([-1, 0]), f64([2, 1])), [-Infinity, 0]);
  rel(stats.gamma.sf(f64(40), f64(3.1), f64(0.1), f64(1.3)), GAMMA_SF_TAIL);
  close(stats.gamma.pdf(f64(-1), f64(2)), [0]);
  close(stats.chi2.logpdf(f64(3.3), f64(4)), [-1.842371892647456], TOL);
  close(stats.chi2.cdf(f64(3.3), f64(4)), [0.49106774215500126], TOL);
  close(stats.chi2.sf(f64(3.84), f64(1)), [0.05004352124870519], TOL);
  close(stats.expon.logpdf(x, f64(0.5), f64(1.5)), [-1.538798441441498], TOL);
  close(stats.expon.cdf(x, f64(0.5), f64(1.5)), [0.6780417284623241], TOL);
  close(stats.expon.ppf(f64(0.3), f64(0.5), f64(1.5)), [1.0350124159080987], TOL);
  close(stats.expon.logpdf(f64(-1)), [-Infinity]);
  close(stats.gamma.ppf(f64(0.3), f64(3.1), f64(0.1), f64(1.3)), [2.696856741811585], TOL);
  close(stats.chi2.ppf(f64([0.95, 0.05]), f64([1, 10])), [3.841458820694124, 3.9402991361190605], TOL);
  checkGrads((q: any, s: any, sc: any) => stats.gamma.ppf(q, s, 0, sc), [f64([0.3, 0.8]), f64([3.1, 0.7]), f64(1.3)], { order: 1 });
  checkGrads((v: any, s: any, l: any, sc: any) => stats.gamma.logpdf(v, s, l, sc), [f64([2.2, 0.9]), f64([3.1, 1.7]), f64(0.1), f64(1.3)], { order: 2 });
  checkGrads((v: any, s: any, sc: any) => stats.gamma.cdf(v, s, 0, sc), [f64([2.2, 0.9]), f64([3.1, 1.7]), f64(1.3)], { order: 1 });
  checkGrads((v: any, d: any) => stats.chi2.sf(v, d), [f64([3.3, 1]), f64([4, 2.5])], { order: 1 });
  checkGrads((v: any, l: any, s: any) => stats.expon.logsf(v, l, s), [f64([2.2]), f64(0.5), f64(1.5)], { order: 2 });
});

test("stats.beta, t, uniform against scipy", () => {
  close(stats.beta.logpdf(f64(0.3), f64(2.5), f64(1.5)), [-0.3564378420678893], TOL);
  close(stats.beta.cdf(f64(0.3), f64(2.5), f64(1.5)), [0.08894372317066562], TOL);
  close(stats.beta.sf(f64(0.3), f64(2.5), f64(1.5)), [0.9110562768293341], TOL);
  close(stats.beta.logpdf(f64(1.3), f64(2), f64(3), f64(0.5), f64(2)), [-0.14618251017808148], TOL);
  close(stats.beta.logpdf(f64([-0.1, 1.1]), f64(2), f64(3)), [-Infinity, -Infinity]);
  rel(stats.beta.cdf(f64(0.001), f64(2.5), f64(1.5)), BETA_CDF_TAIL);
  checkGrads((v: any, l: any, s: any) => stats.beta.logpdf(v, 2.5, 1.5, l, s), [f64([1.1, 2.3]), f64(0.5), f64(2)], { order: 2 });
  checkGrads((v: any, l: any, s: any) => stats.uniform.cdf(v, l, s), [f64([1.1, 2.3]), f64(0.5), f64(2)], { order: 1 });
  checkGrads((l: any, s: any) => stats.uniform.logpdf(f64([1.1, 2.3]), l, s), [f64(0.5), f64(2)], { order: 2 });
  close(stats.t.logpdf(f64(1.1), f64(4.5), f64(0.2), f64(1.3)), [-1.514752184069449], TOL);
  close(stats.t.cdf(f64(1.1), f64(4.5), f64(0.2), f64(1.3)), [0.738588045317378], TOL);
  close(stats.t.cdf(f64(-2), f64(5)), [0.05096973941492914], TOL);
  close(stats.t.sf(f64(2), f64(5)), [0.05096973941492914], TOL);
  close(stats.beta.ppf(f64(0.3), f64(2.5), f64(1.5)), [0.5094974124283413], TOL);
  close(stats.beta.ppf(f64(0.9), f64(0.5), f64(0.7), f64(0.5), f64(2)), [2.3376697685565606], TOL);
  close(stats.t.ppf(f64([0.025, 0.5, 0.9, 1e-6]), f64([5, 5, 2.5, 10])), [-2.5705818356363155, 0, 1.7302509288071768, -9.75199549094058], TOL); // mpmath (scipy's t.ppf is off by 4e-10 here)
  close(stats.t.ppf(f64(0.3), f64(4.5), f64(0.2), f64(1.3)), [-0.5325575451211912], TOL); // mpmath
  checkGrads((q: any, d: any) => stats.t.ppf(q, d), [f64([0.1, 0.8]), f64([4.5, 2])], { order: 1 });
  // at the median the derivatives are the density and its inverse (not ∞·0), in x and q
  const p0 = stats.t.pdf(f64(0), f64(5)).item() as number;
  close(grad((x: any) => stats.t.cdf(x, 5))(f64(0)), [p0], TOL);
  close(grad((q: any) => stats.t.ppf(q, 5))(f64(0.5)), [1 / p0], TOL);
  close(stats.t.cdf(f64(0), f64(5)), [0.5], TOL);
  checkGrads((q: any, a: any, b: any) => stats.beta.ppf(q, a, b), [f64([0.1, 0.8]), f64([2.5, 0.7]), f64([1.5, 3])], { order: 1 });
  close(stats.uniform.logpdf(f64([1.5, 3.5]), f64(1), f64(2)), [-Math.LN2, -Infinity], TOL);
  close(stats.uniform.cdf(f64([1.5, 4]), f64(1), f64(2)), [0.25, 1], TOL);
  close(stats.uniform.ppf(f64(0.25), f64(1), f64(2)), [1.5], TOL);
  checkGrads((v: any, a: any, b: any) => stats.beta.logpdf(v, a, b), [f64([0.3, 0.8]), f64([2.5, 0.7]), f64([1.5, 3])], { order: 2 });
  checkGrads((v: any, a: any, b: any) => stats.beta.cdf(v, a, b), [f64([0.3, 0.8]), f64([2.5, 0.7]), f64([1.5, 3])], { order: 1 });
  checkGrads((v: any, d: any, l: any, s: any) => stats.t.logpdf(v, d, l, s), [f64([1.1, -0.4]), f64([4.5, 2]), f64(0.2), f64(1.3)], { order: 2 });
  checkGrads((v: any, d: any) => stats.t.cdf(v, d), [f64([1.1, -0.4]), f64([4.5, 2])], { order: 1 });
});

test("stats.multivariateNormal: batched logpdf against scipy, gradients in x, mean and cov", () => {
  const cov = f64([[2, 0.3, 0.1], [0.3, 1, 0.2], [0.1, 0.2, 0.5]]), mean = f64([0.1, -0.2, 0.3]);
  const xs = f64([[0.5, 0.1, -0.2], [1, 1, 1]]);
  const lp = stats.multivariateNormal.logpdf(xs, mean, cov);
  assert.deepEqual(lp.shape, [2]);
  close(lp, [-3.1108037710182774, -3.7067558804823593], TOL);
  close(stats.multivariateNormal.pdf(f64([0, 0]), f64([0, 0]), f64([[1, 0], [0, 1]])), [1 / (2 * Math.PI)], TOL);
  checkGrads((x: any, m: any) => stats.multivariateNormal.logpdf(x, m, cov), [xs, mean], { order: 1 });
  // a symmetric perturbation of the covariance
  checkGrads((c: any) => stats.multivariateNormal.logpdf(xs, mean, np.add(cov, np.transpose(c))), [f64([[0.1, 0, 0], [0.05, 0.2, 0], [0, 0.1, 0.1]])], { order: 1 });
  assert.throws(() => stats.multivariateNormal.logpdf(f64([1, 2]), f64([0, 0, 0]), cov), /stats\.multivariateNormal\.logpdf: expected x \[\.\.\., d\], mean \[\.\.\., d\] and cov \[\.\.\., d, d\]/);
});

test("stats.crystalBall against scipy.stats.crystalball (normalised), both sides of −β", () => {
  const xs = [-5, -1.35, 0, 1.2];
  const args = [f64(1.5), f64(3.2), f64(0.3), f64(1.1)] as const;
  close(stats.crystalBall.logpdf(f64(xs), ...args), [-5.1986365306496705, -2.1963713217137, -1.1085614043583285, -1.4060820655153532], TOL);
  close(stats.crystalBall.cdf(f64(xs), ...args), [0.015057333484948846, 0.11861968826650719, 0.4262591454241079, 0.804845585278439], TOL);
  close(stats.crystalBall.pdf(f64(0), f64(1), f64(3)), [0.33126463880145035], TOL);
  // ppf in the tail and the core (scipy's, which solves numerically; the last one is near 1, where 1 − q limits both)
  close(stats.crystalBall.ppf(f64([0.001, 0.05, 0.118, 0.3, 0.9]), ...args), [-19.574074517889066, -2.4786217046599233, -1.3555937004211571, -0.41158410629064285, 1.6736232053872826], 1e-12);
  close(stats.crystalBall.ppf(f64(0.999999), ...args), [5.516054232694923], 1e-8);
  close(stats.crystalBall.cdf(stats.crystalBall.ppf(f64([0.01, 0.6]), ...args), ...args), [0.01, 0.6], TOL);
  checkGrads((q: any, b: any, m: any) => stats.crystalBall.ppf(q, b, m), [f64([0.01, 0.6]), f64(1.5), f64(3.2)], { order: 1 });
  checkGrads((x: any, b: any, m: any, l: any, s: any) => stats.crystalBall.logpdf(x, b, m, l, s), [f64([-5, -1.2, 0, 1.2]), f64(1.5), f64(3.2), f64(0.3), f64(1.1)], { order: 1 });
  checkGrads((x: any, b: any, m: any) => stats.crystalBall.cdf(x, b, m), [f64([-3, 0.4]), f64(1.5), f64(3.2)], { order: 1 });
});

test("stats: float32, broadcasting, jit and vmap", () => {
  const lp = stats.norm.logpdf(np.array([[0], [1]], "float32"), np.array([0, 1], "float32"));
  assert.equal(lp.dtype, "float32");
  assert.deepEqual(lp.shape, [2, 2]);
  close(lp, [[-0.9189385332046727, -1.4189385332046727], [-1.4189385332046727, -0.9189385332046727]], 1e-6);
  close(stats.gamma.cdf(np.array([2.2], "float32"), 3.1, 0.1, 1.3), [0.20148359953898592], 1e-6);
  close(jit((k: any, m: any) => stats.poisson.logpmf(k, m))(f64([3, 3.5]), f64(2.5)), [-1.5428872736055896, -1.7467190092829], TOL);
  close(vmap((x: any) => stats.t.cdf(x, 5))(f64([-2, 0])), [0.05096973941492914, 0.5], TOL);
  close(vmap((x: any) => stats.multivariateNormal.logpdf(x, f64([0.1, -0.2, 0.3]), f64([[2, 0.3, 0.1], [0.3, 1, 0.2], [0.1, 0.2, 0.5]])))(f64([[0.5, 0.1, -0.2], [1, 1, 1]])), [-3.1108037710182774, -3.7067558804823593], TOL);
});

test("stats: strict arguments name the distribution and function", () => {
  const s = stats as any;
  assert.throws(() => s.norm.logpdf(0, 0, 1, 2), /stats\.norm\.logpdf: expected at most 3 arguments/);
  assert.throws(() => s.gamma.cdf(1), /stats\.gamma\.cdf: argument a is missing/);
  assert.throws(() => s.norm.cdf(0, { loc: 1 }), /stats\.norm\.cdf: argument loc must not be an options object/);
  assert.throws(() => s.beta.logpdf(np.ones([2]), np.ones([3]), 1), /stats\.beta\.logpdf/);
  assert.throws(() => s.poisson.logpmf("3", 2), /stats\.poisson\.logpmf: argument 1 must be a number or an array/);
});
