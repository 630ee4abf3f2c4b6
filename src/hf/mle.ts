/** @file hf.mle: maximum-likelihood fits of a HistFactory model (pyhf's `infer.mle`): twice_nll = −2·log L minimised by fit.minimize (MIGRAD with AD gradients and Hessians, jit-compiled). */
import type { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { migradRun, type StartMetric } from "../fit/minimize.js";
import { hessianSparsity } from "./structure.js";
import type { MinimizeResult } from "../fit/index.js";
import type { HfModel } from "./model_types.js";
import { type FitConfig, type Resolved, checkModel, checkData, resolveConfig, checkPoiValue } from "./infer_common.js";

/** Options of `hf.mle.fit` / `fixedPoiFit`: the fit configuration and what to return (pyhf's flags). */
export interface MleOptions extends FitConfig {
  /** Also return each parameter's HESSE error: the best fit becomes a [nPars, 2] array of (value, error). */
  returnUncertainties?: boolean;
  /** Also return twice_nll at the minimum (a number). */
  returnFitval?: boolean;
  /** Also return fit.minimize's result object (covariance, correlation, minos(), a printed table). */
  returnResult?: boolean;
  /** MIGRAD's tolerance: it stops when EDM < 0.002·tol (errordef 1). Default 1e-6, twice_nll to ~1e-9. */
  tol?: number;
}

/** What `fit` returns for given options: the best fit alone, or a tuple as pyhf's. */
export type MleReturn<O> = O extends { returnFitval: true }
  ? O extends { returnResult: true } ? [NDArray, number, MinimizeResult<number[]>] : [NDArray, number]
  : O extends { returnResult: true } ? [NDArray, MinimizeResult<number[]>] : NDArray;

/**
 * twice_nll = −2·log L(pars | data), a scalar NDArray; differentiable (grad, jit, vmap) in pars and data.
 * @example hf.mle.twiceNll(model.config.suggestedInit(), data, model).item() // 30.775 (pyhf's hello world)
 */
export function twiceNll(pars: NDArray | readonly number[], data: NDArray | readonly number[], model: HfModel): NDArray {
  checkModel("hf.mle.twiceNll", model);
  return np.multiply(model.logpdf(pars, data), -2);
}

/** A fit's best values and twice_nll, with fit.minimize's result object built on demand. */
export interface FitRun { values: number[]; fval: number; edm: number; valid: boolean; reason: string; metric: StartMetric; result(): MinimizeResult<number[]> }

/** A fit configuration with, optionally, a related fit's final metric to start from (a warm start). */
export type WarmResolved = Resolved & { metric?: StartMetric };

/** One twice_nll(pars, data) per model: data is an argument, so every fit of the model compiles once. */
const objectives = new WeakMap<HfModel, (p: NDArray, d: NDArray) => NDArray>();
function objective(model: HfModel): (p: NDArray, d: NDArray) => NDArray {
  let f = objectives.get(model);
  if (!f) objectives.set(model, (f = (p: NDArray, d: NDArray) => np.multiply(model.logpdf(p, d), -2)));
  return f;
}

/**
 * Minimise twice_nll with a checked configuration. The compiled value, gradient and Hessian are shared by
 * all fits of the model (data is an argument, not a constant), and the Hessian is built from a few
 * Hessian-vector products using the model's sparsity (parameters couple only through common bins).
 */
export function runFit(fn: string, d: NDArray, model: HfModel, r: Resolved, tol = 1e-6): FitRun {
  const sparsity = model.config.nPars >= 32 ? hessianSparsity(model) ?? undefined : undefined;
  const res = migradRun(objective(model), r.init, {
    limits: r.bounds, fixed: r.fixed, errordef: 1, tol, strategy: 1, names: model.config.parNames,
  }, { args: [np.asArray(d, "float64")], sparsity, metric: (r as WarmResolved).metric }) as FitRun;
  if (!res.valid) throw new Error(`${fn}: the fit did not converge: ${res.reason} (fval ${res.fval}, edm ${res.edm})`);
  return res;
}

function output(run: FitRun, o: MleOptions): unknown {
  const res = run.result();
  const fin = o.returnUncertainties ? res.hesse() : res;
  const best = o.returnUncertainties
    ? np.array(fin.values.map((v, i) => [v, fin.errors[i]]), { dtype: "float64" })
    : np.array(fin.values, { dtype: "float64" });
  const out: unknown[] = [best];
  if (o.returnFitval) out.push(fin.fval);
  if (o.returnResult) out.push(fin);
  return out.length === 1 ? best : out;
}

function checkTol(fn: string, tol: unknown): number | undefined {
  if (tol === undefined) return undefined;
  if (typeof tol !== "number" || !(tol > 0) || !Number.isFinite(tol)) throw new RangeError(`${fn}: tol must be a finite number > 0, got ${String(tol)}`);
  return tol;
}

/**
 * Maximum-likelihood fit of all parameters (pyhf's `mle.fit`): minimises twice_nll from `initPars`
 * within `parBounds`, holding `fixedParams`, with fit.minimize (errordef 1). Returns the best-fit
 * parameters (float64 [nPars]); with `returnUncertainties` a [nPars, 2] array of (value, HESSE error);
 * with `returnFitval` / `returnResult` a tuple [best, twiceNll, result] as pyhf's.
 * A fit that does not converge throws (pyhf's FailedMinimization).
 *
 * NB: twice_nll is a JS number, not a 0-d tensor; `result` is fit.minimize's (iminuit-like) result.
 * @example
 * const [best, nll] = hf.mle.fit(data, model, { returnFitval: true });
 * best.toArray(); // [0, 1.00305, 0.96268] for pyhf's hello world; nll = 24.98393520
 */
export function fit<const O extends MleOptions = {}>(data: NDArray | readonly number[], model: HfModel, opts?: O): MleReturn<O> {
  const fn = "hf.mle.fit";
  const o = (opts ?? {}) as MleOptions;
  const m = checkModel(fn, model);
  const d = checkData(fn, data, m);
  const r = resolveConfig(fn, m, o);
  return output(runFit(fn, d, m, r, checkTol(fn, o.tol)), o) as MleReturn<O>;
}

/**
 * Fit with the POI held at `poiVal` (pyhf's `mle.fixed_poi_fit`): the profiled nuisance parameters.
 * Same options and returns as `fit`; poiVal must lie within the POI's bounds.
 * @example hf.mle.fixedPoiFit(1, data, model).toArray() // [1, 0.97225, 0.87554] for pyhf's hello world
 */
export function fixedPoiFit<const O extends MleOptions = {}>(poiVal: number, data: NDArray | readonly number[], model: HfModel, opts?: O): MleReturn<O> {
  const fn = "hf.mle.fixedPoiFit";
  const o = (opts ?? {}) as MleOptions;
  const m = checkModel(fn, model);
  const d = checkData(fn, data, m);
  const r = resolveConfig(fn, m, o);
  return output(runFit(fn, d, m, withPoiFixed(fn, poiVal, m, r), checkTol(fn, o.tol)), o) as MleReturn<O>;
}

/** The configuration with the POI fixed at mu (checked against its bounds). */
export function withPoiFixed(fn: string, mu: number, model: HfModel, r: Resolved, what = "poiVal"): Resolved {
  checkPoiValue(fn, what, mu, model, r);
  const i = model.config.poiIndex as number;
  const init = r.init.slice(), fixed = r.fixed.slice();
  init[i] = mu;
  fixed[i] = true;
  return { ...r, init, bounds: r.bounds, fixed };
}
