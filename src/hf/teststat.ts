/** @file hf.infer.testStatistics: profile-likelihood-ratio test statistics q0, qμ, q̃μ, tμ, t̃μ (arXiv:1007.1727) with pyhf's semantics and argument order. */
import type { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import type { HfModel } from "./model_types.js";
import { type FitConfig, type Resolved, checkModel, checkData, resolveConfig, poiIndex, warnOnce } from "./infer_common.js";
import { runFit, withPoiFixed } from "./mle.js";

/** Options of the test statistics. */
export interface TestStatOptions {
  /** Also return the fitted parameters: [stat, [fixedPoiFitPars, freeFitPars]] (pyhf's (mubhathat, muhatbhat)). */
  returnFittedPars?: boolean;
}

export type TestStatReturn<O> = O extends { returnFittedPars: true } ? [number, [NDArray, NDArray]] : number;

/** The profile likelihood ratio twice_nll(μ fixed) − twice_nll(free), and both fits. */
export interface LikeRatio {
  /** twice_nll(fixed) − twice_nll(free), clipped at 0 (a tiny negative is fit noise). */
  tmu: number;
  fixedPars: number[];
  freePars: number[];
  muHat: number;
}

/** Both fits of a profile likelihood ratio on checked inputs. */
export function likeRatio(fn: string, mu: number, d: NDArray, model: HfModel, r: Resolved, free?: { pars: number[]; fval: number }): LikeRatio {
  const fx = runFit(fn, d, model, withPoiFixed(fn, mu, model, r, "muTest"));
  const fr = free ?? (() => { const f = runFit(fn, d, model, r); return { pars: f.values, fval: f.fval }; })();
  return { tmu: Math.max(fx.fval - fr.fval, 0), fixedPars: fx.values, freePars: fr.pars, muHat: fr.pars[model.config.poiIndex as number] };
}

type Kind = "q0" | "qmu" | "qmuTilde" | "tmu" | "tmuTilde";

/** Warnings pyhf gives when a statistic is used with a POI lower bound it is not meant for. */
export function boundWarning(kind: Kind, lower: number): void {
  if ((kind === "qmu" || kind === "tmu") && lower === 0)
    warnOnce(`hf.infer.testStatistics.${kind}: used with the POI bounded at zero (the fit configuration of ${kind}Tilde); the value is that of ${kind}Tilde. Widen the POI's lower bound for ${kind}.`);
  if ((kind === "qmuTilde" || kind === "tmuTilde") && lower !== 0)
    warnOnce(`hf.infer.testStatistics.${kind}: used with the POI not bounded at zero (lower bound ${lower}); ${kind} assumes μ ≥ 0.`);
}

/** The statistic from the likelihood ratio: q-type ones are 0 when μ̂ is above μ (q0: below 0). */
export function statFrom(kind: Kind, mu: number, lr: LikeRatio): number {
  if (kind === "q0") return lr.muHat < 0 ? 0 : lr.tmu;
  if (kind === "qmu" || kind === "qmuTilde") return lr.muHat > mu ? 0 : lr.tmu;
  return lr.tmu;
}

function run<O extends TestStatOptions>(kind: Kind, mu: number, data: NDArray | readonly number[], model: HfModel, cfg: FitConfig, opts: O | undefined): TestStatReturn<O> {
  const fn = `hf.infer.testStatistics.${kind}`;
  const m = checkModel(fn, model);
  const d = checkData(fn, data, m);
  const r = resolveConfig(fn, m, cfg);
  const i = poiIndex(fn, m);
  if (kind === "q0" && mu !== 0) throw new RangeError(`${fn}: q0 is the discovery statistic, evaluated at muTest = 0; got ${mu}`);
  boundWarning(kind, r.bounds[i][0]);
  const lr = likeRatio(fn, mu, d, m, r);
  const stat = statFrom(kind, mu, lr);
  const f64 = (v: number[]) => np.array(v, { dtype: "float64" });
  return (opts?.returnFittedPars ? [stat, [f64(lr.fixedPars), f64(lr.freePars)]] : stat) as TestStatReturn<O>;
}

type Stat = <const O extends TestStatOptions = {}>(
  muTest: number, data: NDArray | readonly number[], model: HfModel,
  initPars?: readonly number[] | null, parBounds?: readonly (readonly [number, number])[] | null, fixedParams?: readonly boolean[] | null, opts?: O,
) => TestStatReturn<O>;

const make = (kind: Kind): Stat => (muTest, data, model, initPars, parBounds, fixedParams, opts) => run(kind, muTest, data, model, { initPars, parBounds, fixedParams }, opts);

/**
 * The discovery statistic q0 = twice_nll(μ = 0) − twice_nll(free), 0 when μ̂ < 0 (arXiv:1007.1727 eq. 12).
 * muTest must be 0. Returns a number (with `returnFittedPars`: [q0, [fixedPars, freePars]]).
 * @example hf.infer.testStatistics.q0(0, data, model, null, null, null) // ≥ 0
 */
export const q0: Stat = make("q0");

/**
 * qμ = twice_nll(μ) − twice_nll(free), 0 when μ̂ > μ (eq. 14). Meant for a POI that may go negative:
 * with the POI bounded at 0 the value is q̃μ's, and a one-time console.warn says so (as pyhf warns).
 * @example hf.infer.testStatistics.qmu(1, data, model, null, [[-10, 10], [1e-10, 10], [1e-10, 10]], null) // 3.95499 (hello world)
 */
export const qmu: Stat = make("qmu");

/**
 * q̃μ (eq. 16): qμ with μ̂ ≥ 0, i.e. the POI bounded below at 0 (the suggested bounds); warns once if not.
 * @example hf.infer.testStatistics.qmuTilde(1, data, model, null, null, null) // 3.93824 (hello world)
 */
export const qmuTilde: Stat = make("qmuTilde");

/**
 * tμ = twice_nll(μ) − twice_nll(free) (eq. 8), two-sided: no clipping at μ̂ > μ.
 * @example hf.infer.testStatistics.tmu(1, data, model, null, [[-10, 10], [1e-10, 10], [1e-10, 10]], null) // 3.95499
 */
export const tmu: Stat = make("tmu");

/**
 * t̃μ (eq. 11): tμ with μ̂ ≥ 0 (POI bounded below at 0; warns once if not).
 * @example hf.infer.testStatistics.tmuTilde(1, data, model, null, null, null) // 3.93824
 */
export const tmuTilde: Stat = make("tmuTilde");
