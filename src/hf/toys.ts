/**
 * @file hf.infer.calculators, toy-based: pseudo-experiments drawn from the model (Poisson main bins,
 * Poisson or Normal auxiliary data per constraint), the test statistic's empirical distributions under
 * signal+background and background-only, and p-values and the expected band from them (pyhf's ToyCalculator).
 */
import type { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import * as random from "../random/index.js";
import { show } from "../numpy/signature.js";
import type { HfModel } from "./model_types.js";
import { type FitConfig, calculatorSetup, checkModel } from "./infer_common.js";
import { likeRatio, statFrom, boundWarning } from "./teststat.js";
import { normalCdf } from "./asymptotics.js";

const f64 = (v: readonly number[]) => np.array(v as number[], { dtype: "float64" });

/** Per aux entry: its constraint (Poisson for shapesys, Normal with the set's σ otherwise), in parameter order. */
function auxLayout(fn: string, model: HfModel): { poisson: boolean[]; sigma: number[] } {
  const poisson: boolean[] = [], sigma: number[] = [];
  for (const name of model.config.parOrder) {
    const ps = model.config.parSets[name];
    if (!ps.constrained) continue;
    for (let k = 0; k < ps.size; k++) {
      poisson.push(ps.type === "shapesys");
      sigma.push(ps.sigmas?.[k] ?? 1);
    }
  }
  if (poisson.length !== model.config.nAuxdata) throw new RangeError(`${fn}: the model's constrained parameters give ${poisson.length} auxdata, but it has ${model.config.nAuxdata}`);
  return { poisson, sigma };
}

/**
 * `ntoys` pseudo-experiments from the model at `pars` (pyhf's `model.make_pdf(pars).sample((ntoys,))`):
 * main bins Poisson(expected), auxdata Poisson(τ·γ) for shapesys and Normal(expected, σ) otherwise.
 * A float64 array [ntoys, nMain + nAuxdata].
 * @example hf.infer.calculators.sampleToys(random.key(0), model, model.config.suggestedInit(), 1000).shape // [1000, 4]
 */
export function sampleToys(key: NDArray, model: HfModel, pars: NDArray | readonly number[], ntoys: number): NDArray {
  const fn = "hf.infer.calculators.sampleToys";
  const m = checkModel(fn, model);
  if (!Number.isInteger(ntoys) || ntoys < 1) throw new RangeError(`${fn}: ntoys must be an integer ≥ 1, got ${show(ntoys)}`);
  const { poisson, sigma } = auxLayout(fn, m);
  const [k1, k2, k3] = random.split(key, 3) as unknown as NDArray[];
  const main = np.asArray(random.poisson(k1, m.expectedActualData(pars), [ntoys, m.nMain]), "float64");
  if (poisson.length === 0) return main;
  const auxMean = np.asArray(m.expectedAuxdata(pars), "float64");
  const pois = np.asArray(random.poisson(k2, auxMean, [ntoys, poisson.length]), "float64");
  const gauss = np.add(np.multiply(random.normal(k3, [ntoys, poisson.length], { dtype: "float64" }), f64(sigma)), auxMean);
  return np.concatenate([main, np.where(np.array(poisson), pois, gauss)], 1);
}

/** The empirical distribution of a test statistic from samples. */
export interface EmpiricalDistribution {
  samples: number[];
  /** The fraction of samples ≥ value. */
  pvalue(value: number): number;
  /** The Φ(nsigma) quantile of the samples (numpy.percentile, linear interpolation). */
  expectedValue(nsigma: number): number;
}

/** numpy.percentile(sorted, p) with linear interpolation. */
const percentile = (sorted: number[], p: number) => {
  const pos = (p / 100) * (sorted.length - 1), lo = Math.floor(pos), hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
};

/**
 * The empirical distribution of test-statistic samples (pyhf's `EmpiricalDistribution`).
 * @example hf.infer.calculators.empiricalDistribution([1, 2, 3, 4]).pvalue(3) // 0.5
 */
export function empiricalDistribution(samples: readonly number[]): EmpiricalDistribution {
  if (!Array.isArray(samples) || samples.length === 0 || samples.some((v) => typeof v !== "number" || Number.isNaN(v)))
    throw new TypeError(`hf.infer.calculators.empiricalDistribution: samples must be a non-empty array of numbers, got ${show(samples)}`);
  const s = samples.slice(), sorted = s.slice().sort((a, b) => a - b);
  return {
    samples: s,
    pvalue: (v) => s.filter((x) => x >= v).length / s.length,
    expectedValue: (n) => percentile(sorted, 100 * normalCdf(n)),
  };
}

/** Options of the toy calculator. */
export interface ToyOptions extends FitConfig {
  testStat?: "qtilde" | "q" | "q0";
  /** Pseudo-experiments per hypothesis (default 2000, pyhf's). */
  ntoys?: number;
  /** The PRNG key of the pseudo-experiments (default random.key(0)). */
  key?: NDArray;
}

/** The toy-based calculator (pyhf's `ToyCalculator`). */
export interface ToyCalculator {
  testStat: "qtilde" | "q" | "q0";
  /** The observed test statistic (q̃, q or q0 itself, not in −μ̂/σ space). */
  teststatistic(poiTest: number): number;
  /** [signal+background, background-only] empirical distributions of the statistic at poiTest. */
  distributions(poiTest: number): [EmpiricalDistribution, EmpiricalDistribution];
  pvalues(q: number, sb: EmpiricalDistribution, b: EmpiricalDistribution): [number, number, number];
  /** [CLsb, CLb, CLs] band: their quantiles over the background-only toys at Φ(−2), Φ(−1), ½, Φ(1), Φ(2). */
  expectedPvalues(sb: EmpiricalDistribution, b: EmpiricalDistribution): [number[], number[], number[]];
}

/**
 * The toy-based calculator: the statistic's distributions from `ntoys` pseudo-experiments per
 * hypothesis, drawn at the initial parameters with the POI at poiTest (signal+background) and at 0
 * (background-only; for q0, the tested μ = 0 and the alternative μ = 1), each pseudo-experiment fitted twice.
 * NB: pseudo-experiments come from an explicit PRNG key (default random.key(0)), not a global seed, and
 * every poiTest reuses it (common random numbers make CLs(μ) smooth).
 * @example
 * const calc = hf.infer.calculators.toyCalculator(data, model, { ntoys: 500, key: random.key(1) });
 * const [sb, b] = calc.distributions(1);
 * calc.pvalues(calc.teststatistic(1), sb, b); // [CLsb, CLb, CLs]
 */
export function toyCalculator(data: NDArray | readonly number[], model: HfModel, opts: ToyOptions = {}): ToyCalculator {
  const fn = "hf.infer.calculators.toyCalculator";
  const { m, d, r, i, testStat, kind } = calculatorSetup(fn, data, model, opts);
  const ntoys = opts.ntoys ?? 2000;
  if (!Number.isInteger(ntoys) || ntoys < 1) throw new RangeError(`${fn}: ntoys must be an integer ≥ 1, got ${show(ntoys)}`);
  const key = opts.key ?? random.key(0);
  const stat = (mu: number, dd: NDArray) => statFrom(kind, mu, likeRatio(fn, mu, dd, m, r));
  const checkMu = (mu: number) => {
    if (typeof mu !== "number" || !Number.isFinite(mu)) throw new TypeError(`${fn}: poiTest must be a finite number, got ${show(mu)}`);
    if (testStat === "q0" && mu !== 0) throw new RangeError(`${fn}: q0 tests μ = 0 (discovery); got poiTest ${mu}`);
    boundWarning(kind, r.bounds[i][0]);
  };
  const pvalues = (q: number, sb: EmpiricalDistribution, b: EmpiricalDistribution): [number, number, number] => {
    const CLsb = sb.pvalue(q), CLb = b.pvalue(q);
    return [CLsb, CLb, CLsb / CLb];
  };
  return {
    testStat,
    teststatistic: (mu) => { checkMu(mu); return stat(mu, d); },
    distributions(mu) {
      checkMu(mu);
      const [ks, kb] = random.split(key) as unknown as NDArray[];
      const at = (v: number) => { const p = r.init.slice(); p[i] = v; return p; };
      const dist = (k: NDArray, poi: number) => {
        const toys = sampleToys(k, m, f64(at(poi)), ntoys);
        return empiricalDistribution(Array.from({ length: ntoys }, (_, t) => stat(mu, np.getItem(toys, t))));
      };
      return [dist(ks, mu), dist(kb, testStat === "q0" ? 1 : 0)];
    },
    pvalues,
    expectedPvalues(sb, b) {
      const rows = b.samples.map((q) => pvalues(q, sb, b));
      // CLb ≥ 1/ntoys here (each background-only sample counts itself), so no CLs is NaN
      const band = (j: number) => { const c = rows.map((x) => x[j]).sort((u, v) => u - v); return [-2, -1, 0, 1, 2].map((n) => percentile(c, 100 * normalCdf(n))); };
      return [band(0), band(1), band(2)];
    },
  };
}
