/**
 * @file hf.infer.upperLimit and hf.infer.intervals.upperLimits: observed and expected upper limits on
 * the POI where CLs = level, by root finding (Brent's method on a bracket expanded from the POI's bounds)
 * or by pyhf's linear interpolation of CLs between the points of a scan.
 */
import type { NDArray } from "../core/array.js";
import { show } from "../numpy/signature.js";
import type { HfModel } from "./model_types.js";
import { checkModel, checkData, resolveConfig, poiIndex } from "./infer_common.js";
import { type HypotestOptions, hypotestCalculator, testWith } from "./hypotest.js";
import type { AsymptoticCalculator } from "./asymptotics.js";
import type { ToyCalculator } from "./toys.js";

/** Options of the upper limits: those of hypotest (test statistic, fit configuration) and of the search. */
export interface UpperLimitOptions extends Omit<HypotestOptions, "returnTail" | "returnExpected" | "returnExpectedSet" | "returnCalculator"> {
  /** CLs level of the limit (default 0.05: 95 % CL). */
  level?: number;
  /** Root finding: stop when the bracket is below atol + rtol·|μ| (defaults 1e-4 and 2e-12, pyhf's). */
  rtol?: number;
  atol?: number;
  /** Also return the POI values tested and the [CLs, CLs band] at each. */
  returnResults?: boolean;
}

/** One tested point: observed CLs and the expected band (n = 2, 1, 0, −1, −2). */
export type ScanPoint = [number, number[]];
export type LimitReturn<O> = O extends { returnResults: true } ? [number, number[], [number[], ScanPoint[]]] : [number, number[]];

/** Brent's method for f(x) = 0 on [a, b] with f(a)·f(b) ≤ 0 (inverse quadratic / secant steps kept inside the bracket, else bisection). */
export function brentRoot(f: (x: number) => number, a: number, b: number, fa: number, fb: number, xtol: number, rtol: number, maxiter = 200): number {
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa * fb > 0) throw new RangeError(`brentRoot: f(${a}) = ${fa} and f(${b}) = ${fb} do not bracket a root`);
  let xpre = a, xcur = b, fpre = fa, fcur = fb, xblk = 0, fblk = 0, spre = 0, scur = 0;
  for (let it = 0; it < maxiter; it++) {
    if (fpre * fcur < 0) { xblk = xpre; fblk = fpre; spre = scur = xcur - xpre; }
    if (Math.abs(fblk) < Math.abs(fcur)) { [xpre, xcur, xblk] = [xcur, xblk, xcur]; [fpre, fcur, fblk] = [fcur, fblk, fcur]; }
    const delta = (xtol + rtol * Math.abs(xcur)) / 2, sbis = (xblk - xcur) / 2;
    if (fcur === 0 || Math.abs(sbis) < delta) return xcur;
    if (Math.abs(spre) > delta && Math.abs(fcur) < Math.abs(fpre)) {
      let stry: number;
      if (xpre === xblk) stry = (-fcur * (xcur - xpre)) / (fcur - fpre); // secant
      else { // inverse quadratic interpolation through the three points
        const dpre = (fpre - fcur) / (xpre - xcur), dblk = (fblk - fcur) / (xblk - xcur);
        stry = (-fcur * (fblk * dblk - fpre * dpre)) / (dblk * dpre * (fblk - fpre));
      }
      if (2 * Math.abs(stry) < Math.min(Math.abs(spre), 3 * Math.abs(sbis) - delta)) { spre = scur; scur = stry; } else { spre = sbis; scur = sbis; }
    } else { spre = sbis; scur = sbis; }
    xpre = xcur; fpre = fcur;
    xcur += Math.abs(scur) > delta ? scur : sbis > 0 ? delta : -delta;
    fcur = f(xcur);
    if (Number.isNaN(fcur)) throw new RangeError(`brentRoot: f(${xcur}) is NaN`);
  }
  throw new RangeError(`brentRoot: no convergence in ${maxiter} iterations (bracket [${Math.min(xcur, xblk)}, ${Math.max(xcur, xblk)}])`);
}

/** numpy.interp(x, xp, fp) for increasing xp: linear between points, the end values outside. */
export function interp(x: number, xp: readonly number[], fp: readonly number[]): number {
  const n = xp.length;
  if (x <= xp[0]) return fp[0];
  if (x >= xp[n - 1]) return fp[n - 1];
  let j = 0;
  while (j < n - 2 && xp[j + 1] <= x) j++;
  const dx = xp[j + 1] - xp[j];
  return dx === 0 ? fp[j] : fp[j] + ((x - xp[j]) * (fp[j + 1] - fp[j])) / dx;
}

interface Ctx { fn: string; level: number; evalAt(mu: number): ScanPoint; cache: Map<number, ScanPoint> }

function context(fn: string, data: NDArray | readonly number[], model: HfModel, o: UpperLimitOptions, widen: boolean): Ctx & { bounds: [number, number] } {
  const m = checkModel(fn, model);
  checkData(fn, data, m);
  const r = resolveConfig(fn, m, o);
  const i = poiIndex(fn, m);
  const level = o.level ?? 0.05;
  if (typeof level !== "number" || !(level > 0 && level < 1)) throw new RangeError(`${fn}: level must be a number in (0, 1), got ${show(level)}`);
  if (o.testStat === "q0") throw new RangeError(`${fn}: upper limits need testStat "qtilde" or "q"; q0 is the discovery statistic`);
  // one calculator per POI range: the bounds, widened to take in a root-finding bracket that grew past them
  // (each widening refits the μ-independent fits once; the points inside share them)
  const calcs = new Map<string, AsymptoticCalculator | ToyCalculator>();
  let [lo, hi] = r.bounds[i];
  const calcFor = (mu: number) => {
    if (widen) { lo = Math.min(lo, mu); hi = Math.max(hi, mu); }
    let c = calcs.get(`${lo},${hi}`);
    if (!c) {
      const bounds = r.bounds.map((b, k) => (k === i ? [lo, hi] : b) as [number, number]);
      c = hypotestCalculator(fn, mu, data, m, { ...o, initPars: r.init, parBounds: bounds, fixedParams: r.fixed });
      calcs.set(`${lo},${hi}`, c);
    }
    return c;
  };
  const cache = new Map<number, ScanPoint>();
  const evalAt = (mu: number): ScanPoint => {
    let hit = cache.get(mu);
    if (!hit) {
      if (!widen && (mu < r.bounds[i][0] || mu > r.bounds[i][1])) throw new RangeError(`${fn}: POI value ${mu} is outside the bounds [${r.bounds[i][0]}, ${r.bounds[i][1]}] of the POI ${m.config.parNames[i]}`);
      const t = testWith(calcFor(mu), mu);
      cache.set(mu, (hit = [t.CLs, t.expectedSet]));
    }
    return hit;
  };
  return { fn, level, evalAt, cache, bounds: r.bounds[i] };
}

const curve = (p: ScanPoint, k: number) => (k === 0 ? p[0] : p[1][k - 1]);

function sortedResults(cache: Map<number, ScanPoint>): [number[], ScanPoint[]] {
  const keys = [...cache.keys()].sort((a, b) => a - b);
  return [keys, keys.map((k) => cache.get(k) as ScanPoint)];
}

function rootFind(ctx: Ctx, lo: number, hi: number, rtol: number, atol: number): [number, number[]] {
  const { fn, level, evalAt, cache } = ctx;
  const all = (p: ScanPoint) => [p[0], ...p[1]];
  for (let k = 0; all(evalAt(lo)).some((v) => v < level); k++) {
    if (k >= 60 || lo <= 0) throw new RangeError(`${fn}: CLs is already below ${level} at the lower end of the search (μ = ${lo}); no upper limit above it`);
    lo /= 2;
  }
  for (let k = 0; all(evalAt(hi)).some((v) => v > level || Number.isNaN(v)); k++) {
    if (k >= 30 || hi <= 0) throw new RangeError(`${fn}: CLs stays above ${level} up to μ = ${hi}: the limit could not be bracketed`);
    hi *= 2;
  }
  const solve = (k: number) => {
    // the tightest bracket among the points tested so far (CLs falls with μ)
    let a = lo, b = hi;
    for (const [mu, p] of cache) {
      const v = curve(p, k) - level;
      if (v >= 0 && v < curve(evalAt(a), k) - level) a = mu;
      if (v < 0 && v > curve(evalAt(b), k) - level) b = mu;
    }
    const f = (mu: number) => curve(evalAt(mu), k) - level;
    return brentRoot(f, a, b, f(a), f(b), atol, rtol);
  };
  const obs = solve(0);
  return [obs, [1, 2, 3, 4, 5].map(solve)];
}

function checkTols(fn: string, o: UpperLimitOptions): { rtol: number; atol: number } {
  const rtol = o.rtol ?? 1e-4, atol = o.atol ?? 2e-12;
  if (typeof rtol !== "number" || !(rtol >= 0) || typeof atol !== "number" || !(atol >= 0) || rtol + atol === 0)
    throw new RangeError(`${fn}: rtol and atol must be numbers ≥ 0, not both 0; got rtol ${show(rtol)}, atol ${show(atol)}`);
  return { rtol, atol };
}

/**
 * Upper limits by root finding on [boundsLow, boundsUp] (pyhf's `toms748_scan`): the bracket is widened
 * (boundsLow halved, boundsUp doubled) until it holds every CLs curve's crossing of `level` — the POI's
 * bounds in the fits widened with it where it passes them; each limit is then solved by Brent's method
 * on the tightest bracket among the points tested.
 * NB: Brent's method where pyhf uses TOMS 748; both stop at the same tolerance.
 * @example hf.infer.intervals.upperLimits.rootScan(data, model, 0, 5, { rtol: 1e-6 }) // [1.01157, [0.55988, 0.75703, 1.06235, 1.50118, 2.05080]]
 */
export function rootScan<const O extends UpperLimitOptions = {}>(data: NDArray | readonly number[], model: HfModel, boundsLow: number, boundsUp: number, opts?: O): LimitReturn<O> {
  const fn = "hf.infer.intervals.upperLimits.rootScan";
  const o = (opts ?? {}) as UpperLimitOptions;
  if (typeof boundsLow !== "number" || typeof boundsUp !== "number" || !Number.isFinite(boundsLow) || !Number.isFinite(boundsUp) || !(boundsLow < boundsUp))
    throw new RangeError(`${fn}: boundsLow and boundsUp must be finite numbers with boundsLow < boundsUp, got ${show(boundsLow)} and ${show(boundsUp)}`);
  const ctx = context(fn, data, model, o, true);
  const { rtol, atol } = checkTols(fn, o);
  const [obs, exp] = rootFind(ctx, boundsLow, boundsUp, rtol, atol);
  return (o.returnResults ? [obs, exp, sortedResults(ctx.cache)] : [obs, exp]) as LimitReturn<O>;
}

/**
 * Upper limits from a fixed scan of POI values (pyhf's `linear_grid_scan`): one hypotest per point, then
 * each limit is μ interpolated linearly against CLs (numpy.interp(level, CLs reversed, scan reversed)),
 * so the answer depends on the grid.
 * @example hf.infer.intervals.upperLimits.linearGridScan(data, model, np.linspace(0, 5, 21).toArray()) // obs 1.01764
 */
export function linearGridScan<const O extends UpperLimitOptions = {}>(data: NDArray | readonly number[], model: HfModel, scan: readonly number[] | NDArray, opts?: O): LimitReturn<O> {
  const fn = "hf.infer.intervals.upperLimits.linearGridScan";
  const o = (opts ?? {}) as UpperLimitOptions;
  const pts = Array.isArray(scan) ? scan : scan !== null && typeof scan === "object" && "toArray" in scan ? ((scan as NDArray).toArray() as unknown[]) : null;
  if (!pts || pts.length < 2 || pts.some((v) => typeof v !== "number" || !Number.isFinite(v)))
    throw new TypeError(`${fn}: scan must be at least 2 finite POI values, got ${show(scan)}`);
  const mus = pts as number[];
  for (let k = 1; k < mus.length; k++) if (!(mus[k] > mus[k - 1])) throw new RangeError(`${fn}: scan must be increasing, got ${mus[k - 1]} then ${mus[k]}`);
  const ctx = context(fn, data, model, o, false);
  const out = mus.find((mu) => mu < ctx.bounds[0] || mu > ctx.bounds[1]);
  if (out !== undefined) throw new RangeError(`${fn}: POI value ${out} is outside the bounds [${ctx.bounds[0]}, ${ctx.bounds[1]}] of the POI ${model.config.parNames[model.config.poiIndex as number]}`);
  const results = mus.map((mu) => ctx.evalAt(mu));
  const lim = (k: number) => interp(ctx.level, results.map((p) => curve(p, k)).reverse(), mus.slice().reverse());
  const obs = lim(0), exp = [1, 2, 3, 4, 5].map(lim);
  return (o.returnResults ? [obs, exp, [mus.slice(), results]] : [obs, exp]) as LimitReturn<O>;
}

/**
 * The observed and the five expected upper limits on the POI at CLs = level (pyhf's `upper_limit`):
 * by root finding from the POI's bounds (default), or, with `scan`, by interpolation between its
 * points. Returns [observed, expected] with the expected limits in the band's order (+2σ, +1σ, median,
 * −1σ, −2σ: the lowest limit first), plus [scan, results] with `returnResults`.
 * @example
 * const [obs, exp] = hf.infer.upperLimit(data, model, { rtol: 1e-6 });
 * // obs = 1.01157, exp = [0.55988, 0.75703, 1.06235, 1.50118, 2.05080] (pyhf's hello world)
 */
export function upperLimit<const O extends UpperLimitOptions & { scan?: readonly number[] | NDArray | null } = {}>(data: NDArray | readonly number[], model: HfModel, opts?: O): LimitReturn<O> {
  const fn = "hf.infer.upperLimit";
  const o = (opts ?? {}) as UpperLimitOptions & { scan?: readonly number[] | NDArray | null };
  const { scan, ...rest } = o;
  if (scan !== undefined && scan !== null) return linearGridScan(data, model, scan, rest) as LimitReturn<O>;
  const m = checkModel(fn, model);
  const r = resolveConfig(fn, m, o);
  const [lo, hi] = r.bounds[poiIndex(fn, m)];
  const ctx = context(fn, data, m, rest, true);
  const { rtol, atol } = checkTols(fn, rest);
  const [obs, exp] = rootFind(ctx, lo, hi, rtol, atol);
  return (rest.returnResults ? [obs, exp, sortedResults(ctx.cache)] : [obs, exp]) as LimitReturn<O>;
}
