/** @file fit.minimize and fit.hesse: Minuit-style minimisation (MIGRAD) with AD gradients and Hessians, limits, fixed parameters, HESSE and MINOS. */
import { show } from "../numpy/signature.js";
import { type MinimizeOptions, type Problem, type Counters, type ProblemExtras, makeProblem, defaultMaxfcn } from "./problem.js";
import { migrad } from "./migrad.js";
import { hesseMetric } from "./hesse.js";
import { minosFor } from "./minos.js";
import { type FitState, type MinimizeResult, makeResult, resultNumbers } from "./result.js";
import { paramIndex } from "./params.js";
import type { Mat } from "./dense.js";

export type { MinimizeOptions } from "./problem.js";

function ops(prob: Problem, free: boolean[], c: number[]) {
  const hesse = (s: FitState): FitState => {
    const cnt: Counters = { nfcn: s.nfcn, ngrad: s.ngrad };
    const h = hesseMetric(prob.compile(free), s.u, c, cnt);
    const reason = !h.finite ? "fcn or its Hessian is not finite" : h.posdef ? "" : "the Hessian is not positive definite (made positive definite)";
    return { ...s, W: h.W, fval: h.fval, edm: h.edm, valid: s.valid && h.finite && h.posdef, accurate: h.finite && h.posdef, reason: [s.valid ? "" : s.reason, reason].filter(Boolean).join("; "), nfcn: cnt.nfcn, ngrad: cnt.ngrad };
  };
  const minos = (s: FitState, names?: readonly string[] | string): FitState => {
    const fn = "fit.minimize: minos";
    const list = names === undefined ? prob.layout.names.filter((_, i) => free[i]) : typeof names === "string" ? [names] : names;
    if (!Array.isArray(list)) throw new TypeError(`${fn}: names must be a parameter name or an array of them, got ${show(names)}`);
    const cnt: Counters = { nfcn: s.nfcn, ngrad: s.ngrad };
    const { errors } = resultNumbers(prob, free, s);
    const merrors = { ...s.merrors };
    for (const k of list) {
      const i = paramIndex(fn, prob.layout, k, "names");
      if (!free[i]) throw new RangeError(`${fn}: parameter ${prob.layout.names[i]} is fixed; Minos needs a free parameter`);
      merrors[prob.layout.names[i]] = minosFor(prob, free, s.ext, s.fval, i, errors[i], cnt);
    }
    const bad = Object.entries(merrors).filter(([, m]) => !m.valid).map(([k]) => k);
    const newMin = Object.values(merrors).some((m) => m.newMinimum);
    const reason = newMin ? "Minos found a lower minimum: refit from there" : bad.length ? `Minos failed for ${bad.join(", ")}` : "";
    return { ...s, merrors, nfcn: cnt.nfcn, ngrad: cnt.ngrad, valid: s.valid && !newMin, reason: [s.reason, reason].filter(Boolean).join("; ") };
  };
  return { hesse, minos };
}

/**
 * Minimise a scalar `fcn` Minuit's way (MIGRAD): a variable-metric method with Davidon's (DFP/BFGS)
 * updates of the inverse Hessian, a parabolic line search along the Newton direction, and Minuit's stop
 * rule EDM = ½·gᵀWg < 0.002·tol·errordef. Gradients are exact (AD, jit-compiled value-and-gradient); with
 * `strategy ≥ 1` (default) the starting metric and the final covariance come from the exact AD Hessian.
 * Limits use Minuit's transformations (two-sided: sin; one-sided: sqrt), and errors are reported in the
 * external (user) coordinates. `x0` is a 1-D array or an object of named numbers; `fcn` receives the same
 * form (a float64 array, or an object of float64 scalars).
 *
 * A fit that fails says why: `valid` false with `reason` (call limit, fcn not finite, Hessian not positive
 * definite, no improvement). `result.hesse()` and `result.minos(names?)` return new results.
 *
 * NB: unlike iminuit (a stateful Minuit object), the result is a value: hesse() and minos() return new
 * results; nfcn counts fcn evaluations (a value-and-gradient counts one; an AD Hessian counts one fcn call
 * and n gradients in ngrad).
 * NB: as with `jit`, fcn is traced once and its compiled value, gradient and Hessian are kept with fcn
 * (per layout, limits and fixed set) for later fits; arrays fcn closes over are read at that trace, so to
 * fit new data, make a new fcn rather than reassigning a variable it captured.
 * @example
 * const r = fit.minimize((p) => np.square(p.x.sub(2)).div(4).add(np.square(p.y.sub(5))), { x: 0, y: 0 });
 * r.values; // { x: 2, y: 5 }
 * r.errors; // { x: 2, y: 1 }
 * console.log(String(r.minos()));
 */
export function minimize(fcn: (p: any) => unknown, x0: readonly number[] | Record<string, number> | import("../core/array.js").NDArray, opts: MinimizeOptions = {}): MinimizeResult {
  return minimizeWith(fcn, x0, opts, {});
}

/**
 * Internal (hf.mle): `minimize` with arrays passed to fcn after the parameters — `fcn(p, ...args)`, so that
 * fits of other data of the same shape reuse the compiled functions — and a known Hessian sparsity.
 */
export function minimizeWith(fcn: (p: any, ...args: any[]) => unknown, x0: readonly number[] | Record<string, number> | import("../core/array.js").NDArray, opts: MinimizeOptions, extras: ProblemExtras): MinimizeResult {
  return migradRun(fcn, x0, opts, extras).result();
}

/** Internal: MIGRAD's outcome in external values, with the result object (covariance, correlation, …) built on demand. */
export function migradRun(fcn: (p: any, ...args: any[]) => unknown, x0: readonly number[] | Record<string, number> | import("../core/array.js").NDArray, opts: MinimizeOptions, extras: ProblemExtras & { metric?: StartMetric }): { values: number[]; fval: number; edm: number; valid: boolean; reason: string; metric: StartMetric; result(): MinimizeResult } {
  const prob = makeProblem("fit.minimize", fcn, x0, opts, extras);
  const free = prob.fixed.map((f) => !f);
  const c = prob.layout.x0.slice();
  const nFree = free.filter(Boolean).length;
  const cnt: Counters = { nfcn: 0, ngrad: 0 };
  const u0 = prob.toInternal(c, free);
  const W0 = extras.metric ? metricFor(extras.metric, free) : undefined;
  const st = migrad(prob.compile(free), u0, c, { edmGoal: 0.002 * prob.tol * prob.errordef, strategy: prob.strategy, maxfcn: prob.maxfcn ?? defaultMaxfcn(nFree), W0 }, cnt);
  const state: FitState = { ext: prob.toExternal(st.u, c, free), u: st.u, W: st.W, fval: st.fval, edm: st.edm, valid: st.valid, accurate: st.accurate, reason: st.reason, nfcn: cnt.nfcn, ngrad: cnt.ngrad, merrors: {} };
  let res: MinimizeResult | undefined;
  return { values: state.ext, fval: st.fval, edm: st.edm, valid: st.valid, reason: st.reason, metric: { W: st.W, free, accurate: st.valid && st.accurate }, result: () => (res ??= makeResult(prob, free, state, ops(prob, free, c))) };
}

/** A fit's final metric (inverse Hessian, internal coordinates of its free parameters) to start a related fit from. */
export interface StartMetric { W: Mat; free: boolean[]; accurate: boolean }

/**
 * The metric for another free set that is a subset of the metric's: each parameter fixed since is eliminated
 * (the inverse of a principal submatrix of H is a Schur complement of H⁻¹: W − W·eₚ·eₚᵀ·W / Wₚₚ); undefined if
 * a parameter is free now that was not, or the metric was not accurate.
 */
function metricFor(m: StartMetric, free: boolean[]): Mat | undefined {
  if (!m.accurate || m.free.length !== free.length || free.some((f, i) => f && !m.free[i])) return undefined;
  let W = m.W, pos = m.free.flatMap((f, i) => (f ? [i] : []));
  for (let k = pos.length - 1; k >= 0; k--) {
    if (free[pos[k]]) continue;
    const p = W[k][k];
    if (!(p > 0)) return undefined;
    W = W.filter((_, i) => i !== k).map((r) => { const rk = r[k]; return r.filter((_, j) => j !== k).map((v, j) => v - (rk * W[j >= k ? j + 1 : j][k]) / p); });
    pos = pos.filter((_, i) => i !== k);
  }
  return W;
}

/**
 * HESSE at a given point (not necessarily a minimum): the covariance 2·errordef·H⁻¹ from the exact AD
 * Hessian of fcn there, in external coordinates, as a result object (no minimisation is run).
 * @example fit.hesse((p) => np.square(p).add(np.power(p, 4)).sum(), [1], { errordef: 0.5 }).errors; // [√(1/14)]
 */
export function hesse(fcn: (p: any) => unknown, x: readonly number[] | Record<string, number> | import("../core/array.js").NDArray, opts: Omit<MinimizeOptions, "tol" | "strategy" | "maxfcn"> = {}): MinimizeResult {
  const prob = makeProblem("fit.hesse", fcn, x, opts);
  const free = prob.fixed.map((f) => !f);
  const c = prob.layout.x0.slice();
  const u = prob.toInternal(c, free);
  const o = ops(prob, free, c);
  const s0: FitState = { ext: prob.toExternal(u, c, free), u, W: u.map(() => u.map(() => 0)), fval: NaN, edm: NaN, valid: true, accurate: false, reason: "", nfcn: 0, ngrad: 0, merrors: {} };
  return makeResult(prob, free, o.hesse(s0), o);
}
