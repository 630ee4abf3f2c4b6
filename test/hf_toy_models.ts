/**
 * @file Hand-written HfModel implementations (the contract of src/hf/model_types.ts) of pyhf's
 * hello-world model (one channel, signal × μ, background × shapesys γ) and of validation_1bin_normsys
 * (background × normsys code1), written with np: the inference tests run on them without the
 * workspace builder.
 */
import { np, special, NDArray } from "../src/index.js";
import type { HfModel, ModelConfig, ParameterSet } from "../src/hf/model_types.js";

const f64 = (v: NDArray | readonly number[]): NDArray => (v instanceof NDArray ? v.astype("float64") : np.array(v as number[], { dtype: "float64" }));
/** Continuous Poisson log-density n·log λ − λ − lgamma(n + 1). */
const poissonLog = (n: NDArray, lam: NDArray) => n.mul(np.log(lam)).sub(lam).sub(special.gammaln(n.add(1)));
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

interface ToySpec {
  sets: ParameterSet[];
  poi: string | null;
  nMain: number;
  /** Expected main counts from the flat parameter vector. */
  main(p: NDArray): NDArray;
  /** Expected auxdata (the constraint terms' means) from the flat parameter vector. */
  aux(p: NDArray): NDArray;
  /** Constraint log-density of the auxdata part. */
  constraint(p: NDArray, aux: NDArray): NDArray;
}

function toyModel(s: ToySpec): HfModel {
  const parNames = s.sets.flatMap((ps) => (ps.size === 1 && !["shapesys", "staterror", "shapefactor"].includes(ps.type) ? [ps.name] : ps.inits.map((_, i) => `${ps.name}[${i}]`)));
  const auxdata = s.sets.flatMap((ps) => ps.auxdata);
  const config: ModelConfig = {
    parNames,
    parOrder: s.sets.map((ps) => ps.name),
    parSets: Object.fromEntries(s.sets.map((ps) => [ps.name, ps])),
    poiName: s.poi,
    poiIndex: s.poi === null ? null : parNames.indexOf(s.poi),
    nPars: parNames.length,
    nAuxdata: auxdata.length,
    channels: ["singlechannel"],
    channelNbins: { singlechannel: s.nMain },
    samples: ["background", "signal"],
    auxdata,
    suggestedInit: () => s.sets.flatMap((ps) => ps.inits),
    suggestedBounds: () => s.sets.flatMap((ps) => ps.bounds.map((b) => [b[0], b[1]] as [number, number])),
    suggestedFixed: () => s.sets.flatMap((ps) => ps.fixed),
    parIndex: (name) => {
      const i = parNames.indexOf(name);
      if (i < 0) throw new RangeError(`toy model: no parameter ${name}`);
      return i;
    },
  };
  const expectedActualData = (pars: NDArray | readonly number[]) => s.main(f64(pars));
  const expectedAuxdata = (pars: NDArray | readonly number[]) => s.aux(f64(pars));
  return {
    config,
    nMain: s.nMain,
    expectedActualData,
    expectedAuxdata,
    expectedData: (pars, opts) => (opts?.includeAuxdata === false ? expectedActualData(pars) : np.concatenate([expectedActualData(pars), expectedAuxdata(pars)])),
    logpdf: (pars, data) => {
      const p = f64(pars), d = f64(data);
      const n = np.getItem(d, np.s(0, s.nMain)), a = np.getItem(d, np.s(s.nMain, null));
      return np.sum(poissonLog(n, s.main(p))).add(s.constraint(p, a));
    },
  };
}

/**
 * pyhf's `simplemodels.uncorrelated_background(signal, bkg, bkgUncertainty)`: parameters
 * [mu, uncorr_bkguncrt[0..]], λ = μ·s + γ·b, constraint Poisson(τ | γτ) with τ = (b/σ)².
 */
export function uncorrelatedBackground(signal: number[], bkg: number[], unc: number[], opts: { poi?: string | null } = {}): HfModel {
  const n = signal.length;
  const tau = bkg.map((b, i) => (b / unc[i]) ** 2);
  const S = np.array(signal, { dtype: "float64" }), B = np.array(bkg, { dtype: "float64" }), T = np.array(tau, { dtype: "float64" });
  const gam = (p: NDArray) => np.getItem(p, np.s(1, 1 + n));
  return toyModel({
    poi: opts.poi === undefined ? "mu" : opts.poi,
    nMain: n,
    sets: [
      { name: "mu", type: "normfactor", offset: 0, size: 1, constrained: false, inits: [1], bounds: [[0, 10]], fixed: [false], sigmas: null, auxdata: [] },
      { name: "uncorr_bkguncrt", type: "shapesys", offset: 1, size: n, constrained: true, inits: tau.map(() => 1), bounds: tau.map(() => [1e-10, 10] as [number, number]), fixed: tau.map(() => false), sigmas: null, auxdata: tau },
    ],
    main: (p) => np.getItem(p, 0).mul(S).add(gam(p).mul(B)),
    aux: (p) => gam(p).mul(T),
    constraint: (p, a) => np.sum(poissonLog(a, gam(p).mul(T))),
  });
}

/** validation_1bin_normsys with normsys code1: [mu, bkg_norm], λ = μ·s + b·f(α), f = hi^α (α ≥ 0) or lo^(−α), Normal(aux | α, 1). */
export function normsysModel(signal = [30, 95], bkg = [100, 150], lo = 0.9, hi = 1.1): HfModel {
  const S = np.array(signal, { dtype: "float64" }), B = np.array(bkg, { dtype: "float64" });
  const alpha = (p: NDArray) => np.getItem(p, 1);
  const factor = (a: NDArray) => np.where(a.ge(0), np.power(hi, a), np.power(lo, a.neg()));
  return toyModel({
    poi: "mu",
    nMain: signal.length,
    sets: [
      { name: "mu", type: "normfactor", offset: 0, size: 1, constrained: false, inits: [1], bounds: [[0, 10]], fixed: [false], sigmas: null, auxdata: [] },
      { name: "bkg_norm", type: "normsys", offset: 1, size: 1, constrained: true, inits: [0], bounds: [[-5, 5]], fixed: [false], sigmas: [1], auxdata: [0] },
    ],
    main: (p) => np.getItem(p, 0).mul(S).add(B.mul(factor(alpha(p)))),
    aux: (p) => np.reshape(alpha(p), [1]),
    constraint: (p, a) => np.sum(np.square(a.sub(alpha(p))).mul(-0.5)).sub(HALF_LOG_2PI),
  });
}

/** The hello-world model and its data [51, 48] ++ auxdata. */
export function helloWorld(): { model: HfModel; data: number[] } {
  const model = uncorrelatedBackground([12, 11], [50, 52], [3, 7]);
  return { model, data: [51, 48, ...model.config.auxdata] };
}
