/** @file Checks shared by the HistFactory inference functions: the model, the data vector, the fit configuration (initPars, parBounds, fixedParams) and the parameter of interest. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { show } from "../numpy/signature.js";
import type { HfModel } from "./model_types.js";

/** initPars / parBounds / fixedParams as pyhf takes them: null or omitted means the model's suggestion. */
export interface FitConfig {
  /** Starting values, one per parameter (default `model.config.suggestedInit()`). */
  initPars?: readonly number[] | null;
  /** `[lower, upper]` per parameter (default `model.config.suggestedBounds()`). */
  parBounds?: readonly (readonly [number, number])[] | null;
  /** Parameters held at their init value (default `model.config.suggestedFixed()`). */
  fixedParams?: readonly boolean[] | null;
}

/** A checked fit configuration. */
export interface Resolved {
  init: number[];
  bounds: [number, number][];
  fixed: boolean[];
}

/** The model is an HfModel (config with suggested values, logpdf, expectedData). */
export function checkModel(fn: string, model: unknown): HfModel {
  const m = model as HfModel;
  if (m === null || typeof m !== "object" || typeof m.logpdf !== "function" || typeof m.expectedData !== "function" || m.config === null || typeof m.config !== "object" || typeof m.config.suggestedInit !== "function")
    throw new TypeError(`${fn}: model must be a HistFactory model (hf.Workspace.model(…): config, logpdf, expectedData), got ${show(model)}`);
  return m;
}

/** The POI's flat index, or a clear error when the model has none. */
export function poiIndex(fn: string, model: HfModel): number {
  const i = model.config.poiIndex;
  if (i === null || i === undefined) throw new RangeError(`${fn}: the model has no parameter of interest (its measurement names no POI); this needs one`);
  return i;
}

/** The data vector (main bins ++ auxdata) as float64, of the model's length, finite. */
export function checkData(fn: string, data: unknown, model: HfModel): NDArray {
  const want = model.nMain + model.config.nAuxdata;
  let d: NDArray;
  if (data instanceof NDArray) d = np.asArray(data, "float64");
  else if (Array.isArray(data) && data.every((v) => typeof v === "number")) d = np.array(data as number[], { dtype: "float64" });
  else throw new TypeError(`${fn}: data must be an array of ${want} numbers (main bins ++ auxdata), got ${show(data)}`);
  if (d.ndim !== 1 || d.size !== want)
    throw new RangeError(`${fn}: data must hold ${want} numbers (${model.nMain} main bins ++ ${model.config.nAuxdata} auxdata), got shape [${d.shape}]`);
  const v = d.data() as Float64Array;
  const bad = v.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new RangeError(`${fn}: data[${bad}] is ${v[bad]}; data must be finite`);
  return d;
}

const isNums = (v: unknown, n: number) => Array.isArray(v) && v.length === n && v.every((x) => typeof x === "number" && !Number.isNaN(x));

/** initPars, parBounds and fixedParams, with the model's suggestions for the omitted ones. */
export function resolveConfig(fn: string, model: HfModel, cfg: FitConfig = {}): Resolved {
  const n = model.config.nPars;
  const init = cfg.initPars ?? model.config.suggestedInit();
  if (!isNums(init, n)) throw new TypeError(`${fn}: initPars must be ${n} numbers (one per parameter: ${model.config.parNames.join(", ")}), got ${show(init)}`);
  const bounds = cfg.parBounds ?? model.config.suggestedBounds();
  if (!Array.isArray(bounds) || bounds.length !== n || !bounds.every((b) => isNums(b, 2)))
    throw new TypeError(`${fn}: parBounds must be ${n} pairs [lower, upper] (one per parameter), got ${show(bounds)}`);
  bounds.forEach((b, i) => {
    if (!(b[0] < b[1])) throw new RangeError(`${fn}: parBounds for ${model.config.parNames[i]}: lower ${b[0]} must be below upper ${b[1]}`);
  });
  const fixed = cfg.fixedParams ?? model.config.suggestedFixed();
  if (!Array.isArray(fixed) || fixed.length !== n || !fixed.every((f) => typeof f === "boolean"))
    throw new TypeError(`${fn}: fixedParams must be ${n} booleans (one per parameter), got ${show(fixed)}`);
  return { init: init.slice(), bounds: bounds.map((b) => [b[0], b[1]] as [number, number]), fixed: fixed.slice() };
}

/** A POI value inside its bounds. */
export function checkPoiValue(fn: string, what: string, mu: unknown, model: HfModel, r: Resolved): number {
  const i = poiIndex(fn, model);
  if (typeof mu !== "number" || !Number.isFinite(mu)) throw new TypeError(`${fn}: ${what} must be a finite number, got ${show(mu)}`);
  const [lo, hi] = r.bounds[i];
  if (mu < lo || mu > hi) throw new RangeError(`${fn}: ${what} ${mu} is outside the bounds [${lo}, ${hi}] of the POI ${model.config.parNames[i]}`);
  return mu;
}

/** Warn once per process for each message (pyhf's warnings about the POI bounds of a test statistic). */
const warned = new Set<string>();
export function warnOnce(msg: string): void {
  if (warned.has(msg)) return;
  warned.add(msg);
  console.warn(msg);
}

/** The test statistic names and the statistic each computes. */
export const TEST_STATS = { qtilde: "qmuTilde", q: "qmu", q0: "q0" } as const;
export type TestStat = keyof typeof TEST_STATS;

/** What every calculator checks first: the model, the data, the fit configuration, the POI and the test statistic. */
export function calculatorSetup(fn: string, data: unknown, model: unknown, opts: FitConfig & { testStat?: TestStat }) {
  const m = checkModel(fn, model);
  const d = checkData(fn, data, m);
  const r = resolveConfig(fn, m, opts);
  const i = poiIndex(fn, m);
  const testStat = opts.testStat ?? "qtilde";
  if (!(testStat in TEST_STATS)) throw new RangeError(`${fn}: testStat must be "qtilde", "q" or "q0", got ${show(testStat)}`);
  return { m, d, r, i, testStat, kind: TEST_STATS[testStat] };
}

