/**
 * @file hf.infer.calculators: Asimov data and the asymptotic calculator (arXiv:1007.1727 as pyhf
 * computes it): q_A from the Asimov data set, the observed statistic in −μ̂/σ space, p-values and the
 * expected band.
 */
import type { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { norm } from "../stats/index.js";
import { show } from "../numpy/signature.js";
import type { HfModel } from "./model_types.js";
import { type FitConfig, type Resolved, calculatorSetup, checkModel, checkData, resolveConfig } from "./infer_common.js";
import { type WarmResolved, runFit, withPoiFixed } from "./mle.js";
import type { StartMetric } from "../fit/minimize.js";
import { type LikeRatio, likeRatio, statFrom, boundWarning } from "./teststat.js";

const f64 = (v: readonly number[]) => np.array(v as number[], { dtype: "float64" });
/** Φ(x), the standard normal CDF, on a host number. */
export const normalCdf = (x: number): number => (Number.isNaN(x) ? NaN : Number(norm.cdf(np.array(x, { dtype: "float64" })).item()));

/** Best fit with the POI fixed at asimovMu, and the model's expected data (main ++ aux) there. */
function asimov(fn: string, asimovMu: number, d: NDArray, model: HfModel, r: Resolved): { data: NDArray; pars: number[]; metric: StartMetric } {
  const f = runFit(fn, d, model, withPoiFixed(fn, asimovMu, model, r, "asimovMu"));
  return { data: np.asArray(model.expectedData(f64(f.values)), "float64"), pars: f.values, metric: f.metric };
}

/**
 * The Asimov data set for `asimovMu` (pyhf's `calculators.generate_asimov_data`): fit the observed data
 * with the POI fixed to asimovMu, then the model's expected main data *and* auxdata at those parameters.
 * With `returnFittedPars`: [asimovData, fittedPars].
 * @example hf.infer.calculators.generateAsimovData(1, data, model).toArray() // [60.612, 56.528, 270.068, 48.315] (hello world)
 */
export function generateAsimovData<const O extends { returnFittedPars?: boolean } = {}>(
  asimovMu: number, data: NDArray | readonly number[], model: HfModel,
  initPars?: readonly number[] | null, parBounds?: readonly (readonly [number, number])[] | null, fixedParams?: readonly boolean[] | null, opts?: O,
): O extends { returnFittedPars: true } ? [NDArray, NDArray] : NDArray {
  const fn = "hf.infer.calculators.generateAsimovData";
  const m = checkModel(fn, model);
  const a = asimov(fn, asimovMu, checkData(fn, data, m), m, resolveConfig(fn, m, { initPars, parBounds, fixedParams }));
  return (opts?.returnFittedPars ? [a.data, f64(a.pars)] : a.data) as never;
}

/** The distribution of the test statistic in −μ̂/σ space: a unit Normal shifted by `shift`, optionally cut off below. */
export interface AsymptoticTestStatDistribution {
  shift: number;
  cutoff: number;
  /** Φ(value − shift). */
  cdf(value: number): number;
  /** The right-tail probability Φ(−(value − shift)); NaN below the cutoff. */
  pvalue(value: number): number;
  /** shift + nsigma, or the cutoff if that is above. */
  expectedValue(nsigma: number): number;
}

/**
 * The asymptotic distribution of the test statistic (pyhf's `AsymptoticTestStatDistribution`).
 * @example hf.infer.calculators.asymptoticTestStatDistribution(0).pvalue(1) // 0.158655 = Φ(−1)
 */
export function asymptoticTestStatDistribution(shift: number, cutoff = -Infinity): AsymptoticTestStatDistribution {
  const fn = "hf.infer.calculators.asymptoticTestStatDistribution";
  if (typeof shift !== "number" || !Number.isFinite(shift)) throw new TypeError(`${fn}: shift must be a finite number, got ${show(shift)}`);
  if (typeof cutoff !== "number" || Number.isNaN(cutoff)) throw new TypeError(`${fn}: cutoff must be a number (−Infinity for none), got ${show(cutoff)}`);
  return {
    shift, cutoff,
    cdf: (v) => normalCdf(v - shift),
    // cdf(−x) rather than 1 − cdf(x): accurate in the tail
    pvalue: (v) => (v >= cutoff ? normalCdf(-(v - shift)) : NaN),
    expectedValue: (n) => (shift + n > cutoff ? shift + n : cutoff),
  };
}

/** Options of the asymptotic calculator (and of hypotest). */
export interface AsymptoticOptions extends FitConfig {
  /** "qtilde" (default: q̃μ), "q" (qμ) or "q0" (discovery, at poiTest 0). */
  testStat?: "qtilde" | "q" | "q0";
  /** "normal" (default, pyhf's): the full Normal in −μ̂/σ space; "clipped_normal": cut off at −√q_A. */
  calcBaseDist?: "normal" | "clipped_normal";
}

/** The fitted parameters of the five fits behind one asymptotic test (pyhf's HypoTestFitResults). */
export interface HypoTestFitResults {
  asimovPars: NDArray;
  freeFitToData: NDArray;
  freeFitToAsimov: NDArray;
  fixedPoiFitToData: NDArray;
  fixedPoiFitToAsimov: NDArray;
}

/** One asymptotic test at poiTest: the statistic t in −μ̂/σ space and what it is made of. */
export interface AsymptoticTest {
  poiTest: number;
  testStat: "qtilde" | "q" | "q0";
  /** The observed test statistic (q, q̃ or q0) and its value on the Asimov data set. */
  q: number;
  qA: number;
  sqrtQA: number;
  /** The statistic in −μ̂/σ space, where the p-values are computed. */
  t: number;
  fittedPars: HypoTestFitResults;
}

/** The asymptotic calculator (a value; its fits that do not depend on poiTest are made once and reused). */
export interface AsymptoticCalculator {
  testStat: "qtilde" | "q" | "q0";
  /** The Asimov data set (POI at 0 for q and q̃, at 1 for q0). */
  asimovData(): NDArray;
  teststatistic(poiTest: number): AsymptoticTest;
  /** [signal+background, background-only] distributions of a test. */
  distributions(test: AsymptoticTest): [AsymptoticTestStatDistribution, AsymptoticTestStatDistribution];
  /** [CLsb, CLb, CLs] of a statistic value t. */
  pvalues(t: number, sb: AsymptoticTestStatDistribution, b: AsymptoticTestStatDistribution): [number, number, number];
  /** [CLsb, CLb, CLs] band at t = b.expectedValue(n), n = 2, 1, 0, −1, −2 (in that order: CLs[0] the smallest). */
  expectedPvalues(sb: AsymptoticTestStatDistribution, b: AsymptoticTestStatDistribution): [number[], number[], number[]];
}

/**
 * The asymptotic calculator (pyhf's `AsymptoticCalculator`) for data and model: call `teststatistic(μ)`,
 * then `distributions(test)`, `pvalues(test.t, sb, b)` and `expectedPvalues(sb, b)`.
 *
 * NB: pyhf's calculator remembers √q_A from the last `teststatistic` call; here `teststatistic` returns
 * the test and `distributions` takes it, so the calculator holds no state that changes results. The
 * fits that do not depend on μ (Asimov data, free fits) are cached, so a scan over μ runs two fits per point.
 * NB: the free fit to the Asimov data is not run — its minimum is the parameters that generated the data
 * (each Poisson and constraint term is largest where expectation = observation) — and the other fits start
 * from the free fit to the data (pyhf starts each from `initPars`): the same minima, fewer calls.
 * @example
 * const calc = hf.infer.calculators.asymptoticCalculator(data, model, { testStat: "qtilde" });
 * const test = calc.teststatistic(1); // test.t = 0.140446 (hello world)
 * const [sb, b] = calc.distributions(test);
 * calc.pvalues(test.t, sb, b); // [CLsb 0.0233250, CLb 0.444154, CLs 0.0525155]
 */
export function asymptoticCalculator(data: NDArray | readonly number[], model: HfModel, opts: AsymptoticOptions = {}): AsymptoticCalculator {
  const fn = "hf.infer.calculators.asymptoticCalculator";
  const { m, d, r, i, testStat, kind } = calculatorSetup(fn, data, model, opts);
  const base = opts.calcBaseDist ?? "normal";
  if (base !== "normal" && base !== "clipped_normal") throw new RangeError(`${fn}: calcBaseDist must be "normal" or "clipped_normal", got ${show(base)}`);
  const asimovMu = testStat === "q0" ? 1 : 0;
  let A: { data: NDArray; pars: number[]; metric: StartMetric } | undefined;
  let freeData: { pars: number[]; fval: number; metric: StartMetric } | undefined, freeAsimov: { pars: number[]; fval: number } | undefined;
  // warm starts: each fit starts from the best fit of a related one (the fixed-POI fits and the Asimov fit
  // from the free fit to the data, the fits to the Asimov data from the parameters that made it — its free
  // fit's minimum); a parameter at a limit starts from its initial value instead
  // (with its final metric, the POI's row and column eliminated, in place of a new Hessian)
  const warm = (pars: number[], metric?: StartMetric): WarmResolved => ({
    init: pars.map((v, k) => (!r.fixed[k] && v > r.bounds[k][0] && v < r.bounds[k][1] ? v : r.init[k])), bounds: r.bounds, fixed: r.fixed, metric,
  });
  const freeFit = (dd: NDArray, rr: Resolved) => { const f = runFit(fn, dd, m, rr); return { pars: f.values, fval: f.fval, metric: f.metric }; };
  const getFreeData = () => (freeData ??= freeFit(d, r));
  const getA = () => (A ??= asimov(fn, asimovMu, d, m, warm(getFreeData().pars, getFreeData().metric)));
  const pvalues = (t: number, sb: AsymptoticTestStatDistribution, b: AsymptoticTestStatDistribution): [number, number, number] => {
    const CLsb = sb.pvalue(t), CLb = b.pvalue(t);
    return [CLsb, CLb, CLsb / CLb];
  };
  return {
    testStat,
    asimovData: () => getA().data,
    teststatistic(poiTest) {
      if (typeof poiTest !== "number" || !Number.isFinite(poiTest)) throw new TypeError(`${fn}: teststatistic: poiTest must be a finite number, got ${show(poiTest)}`);
      if (testStat === "q0" && poiTest !== 0) throw new RangeError(`${fn}: teststatistic: q0 tests μ = 0 (discovery); got poiTest ${poiTest}`);
      boundWarning(kind, r.bounds[i][0]);
      const fd = getFreeData();
      const lr: LikeRatio = likeRatio(fn, poiTest, d, m, warm(fd.pars, fd.metric), fd);
      const q = statFrom(kind, poiTest, lr);
      const a = getA();
      // the free fit to the Asimov data needs no minimisation: every Poisson and constraint term is largest
      // where its expectation equals its (Asimov) observation, i.e. at the parameters that made the data
      const fa = (freeAsimov ??= { pars: a.pars, fval: Number(m.logpdf(f64(a.pars), a.data).item()) * -2 });
      const lrA = likeRatio(fn, poiTest, a.data, m, warm(fa.pars, a.metric), fa);
      const qA = statFrom(kind, poiTest, lrA);
      const sq = Math.sqrt(q), sqA = Math.sqrt(qA);
      // q̃: t = √q − √q_A while √q ≤ √q_A, else (q − q_A)/(2√q_A) (arXiv:1007.1727 eq. 65 in −μ̂/σ space)
      const t = testStat !== "qtilde" || sq <= sqA ? sq - sqA : (q - qA) / (2 * sqA);
      return {
        poiTest, testStat, q, qA, sqrtQA: sqA, t,
        fittedPars: { asimovPars: f64(a.pars), freeFitToData: f64(lr.freePars), freeFitToAsimov: f64(lrA.freePars), fixedPoiFitToData: f64(lr.fixedPars), fixedPoiFitToAsimov: f64(lrA.fixedPars) },
      };
    },
    distributions(test) {
      const cutoff = base === "normal" ? -Infinity : -test.sqrtQA;
      return [asymptoticTestStatDistribution(-test.sqrtQA, cutoff), asymptoticTestStatDistribution(0, cutoff)];
    },
    pvalues,
    expectedPvalues(sb, b) {
      const rows = [2, 1, 0, -1, -2].map((n) => pvalues(b.expectedValue(n), sb, b));
      return [rows.map((x) => x[0]), rows.map((x) => x[1]), rows.map((x) => x[2])];
    },
  };
}
