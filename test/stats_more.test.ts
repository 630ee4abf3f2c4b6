/**
 * @file stats: laplace, logistic, cauchy, bernoulli, binom, lognorm against scipy.stats values computed
 * offline (/usr/bin/python3, embedded); checkGrads in float64 for data and parameters; jit/vmap.
 */
import { test } from "node:test";
import { np, stats, jit, vmap, checkGrads } from "../src/index.js";
import { close } from "./util.js";

const f64 = (v: number | number[]) => np.array(v, "float64");
const TOL = 1e-13;
const L = [f64(0.2), f64(1.3)] as const; // loc, scale

test("stats.laplace, logistic, cauchy against scipy", () => {
  close(stats.laplace.logpdf(f64(0.7), ...L), [-1.340126829642821], TOL);
  close(stats.laplace.cdf(f64(-0.7), ...L), [0.2502099601802851], TOL);
  close(stats.laplace.sf(f64(0.9), ...L), [0.291822739071787], TOL);
  close(stats.laplace.ppf(f64([0.2, 0.9]), ...L), [-0.9911779514364016, 2.292269286164331], TOL);
  close(stats.logistic.logpdf(f64(-30), ...L), [-23.49313349539966], TOL);
  close(stats.logistic.cdf(f64(0.7), ...L), [0.5949857935227716], TOL);
  close(stats.logistic.ppf(f64(0.2), ...L), [-1.6021826694558579], TOL);
  close(stats.cauchy.logpdf(f64(0.7), ...L), [-1.545053594457146], TOL);
  close(stats.cauchy.cdf(f64(0.7), ...L), [0.6168750612523435], TOL);
  close(stats.cauchy.ppf(f64(0.2), ...L), [-1.5892964966125254], TOL);
  close(stats.cauchy.pdf(f64(0), 0, f64(-1)), [NaN]);
  close(stats.logistic.logcdf(f64(0.7), ...L), [-0.5192177501538705], TOL);
  close(stats.logistic.logsf(f64(0.7), ...L), [-0.9038331347692551], TOL);
  close(stats.logistic.isf(f64(0.2), ...L), [2.0021826694558578], TOL);
  close(stats.logistic.logsf(f64(100)), [-100], TOL); // e⁻¹⁰⁰ does not round away
  close(stats.cauchy.logcdf(f64(0.7), ...L), [-0.48308876949981683], TOL);
  close(stats.cauchy.logsf(f64(0.7), ...L), [-0.9593941321672849], TOL);
  close(stats.cauchy.isf(f64(0.2), ...L), [1.9892964966125253], TOL);
  checkGrads((x: any) => stats.logistic.logcdf(x), [f64([-40, -0.5, 0, 3])], { order: 2 });
  checkGrads((x: any, l: any, s: any) => stats.laplace.cdf(x, l, s), [f64([-0.7, 0.9]), f64(0.2), f64(1.3)], { order: 1 });
  checkGrads((x: any, l: any, s: any) => stats.logistic.logpdf(x, l, s), [f64([-3, 0.9]), f64(0.2), f64(1.3)], { order: 2 });
  checkGrads((x: any, l: any, s: any) => stats.cauchy.logpdf(x, l, s), [f64([-3, 0.9]), f64(0.2), f64(1.3)], { order: 2 });
});

test("stats.bernoulli, binom against scipy (support, 0·ln 0)", () => {
  close(stats.bernoulli.logpmf(f64([1, 0, 2, 0.5]), f64(0.3)), [-1.2039728043259361, -0.35667494393873245, -Infinity, -Infinity], TOL);
  close(stats.bernoulli.cdf(f64([0.5, -1, 1]), f64(0.3)), [0.7, 0, 1], TOL);
  close(stats.binom.logpmf(f64([3, 11, 2.5]), f64(10), f64(0.35)), [-1.3774550433611665, -Infinity, -Infinity], TOL);
  close(stats.binom.logpmf(f64(0), f64(10), f64(0)), [0]);
  close(stats.binom.cdf(f64([3, 7.5, -1, 10]), f64(10), f64(0.35)), [0.5138270163558594, 0.9951787347886719, 0, 1], TOL);
  close(stats.binom.pmf(2, 4, 0.5), [0.375], 1e-6);
  checkGrads((p: any) => stats.binom.logpmf(f64([3, 7]), f64(10), p), [f64([0.35, 0.6])], { order: 2 });
  checkGrads((p: any) => stats.binom.cdf(f64([3, 7]), f64(10), p), [f64([0.35, 0.6])], { order: 1 });
  checkGrads((p: any) => stats.bernoulli.logpmf(f64([1, 0]), p), [f64([0.35, 0.6])], { order: 2 });
});

test("stats.lognorm against scipy; jit and vmap", () => {
  const a = [f64(0.6), f64(0.1), f64(1.2)] as const;
  close(stats.lognorm.logpdf(f64(1.7), ...a), [-0.9930623370318501], TOL);
  close(stats.lognorm.cdf(f64(1.7), ...a), [0.684197890224403], TOL);
  close(stats.lognorm.sf(f64(1.7), ...a), [0.315802109775597], TOL);
  close(stats.lognorm.ppf(f64(0.3), ...a), [0.9760617051733759], TOL);
  close(stats.lognorm.logpdf(f64([-1, 0.1]), ...a), [-Infinity, -Infinity]);
  checkGrads((x: any, s: any, l: any, sc: any) => stats.lognorm.logpdf(x, s, l, sc), [f64([1.7, 0.5]), f64(0.6), f64(0.1), f64(1.2)], { order: 2 });
  close(jit((x: any) => stats.lognorm.cdf(x, 0.6, 0.1, 1.2))(f64(1.7)), [0.684197890224403], TOL);
  close(vmap((x: any) => stats.laplace.logpdf(x, 0.2, 1.3))(f64([0.7])), [-1.340126829642821], TOL);
});
