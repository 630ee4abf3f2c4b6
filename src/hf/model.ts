/**
 * @file The HistFactory model (pyhf.Model): gather indices and constants are built once from the spec,
 * and expected data and log L are a handful of array ops over [samples × bins] (no loop over bins or
 * samples in the traced function), so the model works under grad, jit and vmap.
 */
import type { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import * as special from "../numpy/special.js";
import type { HfModel, ModelConfig, ParameterSet } from "./model_types.js";
import { INTERP_CODES, MULTIPLICATIVE, prepareInterp, prepareLogFactor, type InterpCode } from "./interp.js";
import { buildParameterSets, sortedChannels, type BuiltSet } from "./params.js";
import { checkModelSpec, specError, type ModelSpec } from "./spec.js";

/** A modifier type's interpolation code, as a code name or pyhf's `{ interpcode }` dict. */
export type ModifierSetting = InterpCode | { interpcode: InterpCode };

/** Options of `hf.Model` (pyhf.Model's keyword arguments, camelCase). */
export interface ModelOptions {
  /** The parameter of interest (default "mu"; null for none). */
  poiName?: string | null;
  /**
   * Interpolation codes by modifier type. Default `{ normsys: "code4", histosys: "code4p" }`. Given, it
   * *replaces* that default: a type it leaves out takes its builder default, normsys code1 / histosys code0.
   */
  modifierSettings?: Partial<Record<"normsys" | "histosys", ModifierSetting>>;
  /** Clip each sample's expected count (after its modifiers) from below at this value. */
  clipSampleData?: number | null;
  /** Clip each bin's expected count (summed over samples) from below at this value. */
  clipBinData?: number | null;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** The interpolation codes in force for normsys and histosys under pyhf's replacement rule. */
export function resolveCodes(fn: string, settings: ModelOptions["modifierSettings"]): { normsys: InterpCode; histosys: InterpCode } {
  if (settings === undefined || settings === null) return { normsys: "code4", histosys: "code4p" };
  if (typeof settings !== "object" || Array.isArray(settings)) throw new TypeError(`${fn}: modifierSettings must be an object such as { normsys: "code1" }, got ${JSON.stringify(settings)}`);
  const out = { normsys: "code1" as InterpCode, histosys: "code0" as InterpCode };
  for (const [k, v] of Object.entries(settings)) {
    if (k !== "normsys" && k !== "histosys") throw new TypeError(`${fn}: modifierSettings: unknown modifier type ${JSON.stringify(k)}; only normsys and histosys take an interpolation code`);
    const code = typeof v === "string" ? v : v && typeof v === "object" && Object.keys(v).every((x) => x === "interpcode") ? v.interpcode : undefined;
    if (code === undefined || !INTERP_CODES.includes(code)) throw new TypeError(`${fn}: modifierSettings.${k}: expected a code name (${INTERP_CODES.join(", ")}) or { interpcode }, got ${JSON.stringify(v)}`);
    const mult = MULTIPLICATIVE.has(code);
    if (k === "normsys" && !mult) throw new TypeError(`${fn}: modifierSettings.normsys: ${code} is additive; normsys takes a multiplicative code (code1, code4)`);
    if (k === "histosys" && mult) throw new TypeError(`${fn}: modifierSettings.histosys: ${code} is multiplicative; histosys takes an additive code (code0, code2, code4p)`);
    out[k] = code;
  }
  return out;
}

const i32 = (a: Int32Array, shape: number[]) => np.array(a, { dtype: "int32", shape });
const f64 = (a: Float64Array, shape: number[]) => np.array(a, { dtype: "float64", shape });

/**
 * Build the model of a spec (`{ channels, parameters? }`); the spec is assumed valid against the schema
 * (checked by the callers). `fn` names the caller in errors.
 */
export function buildModel(fn: string, spec: ModelSpec, opts: ModelOptions = {}): HfModel {
  checkModelSpec(fn, spec);
  const codes = resolveCodes(fn, opts.modifierSettings);
  for (const k of ["clipSampleData", "clipBinData"] as const) {
    const v = opts[k];
    if (v !== undefined && v !== null && (typeof v !== "number" || Number.isNaN(v))) throw new TypeError(`${fn}: ${k} must be a number or null, got ${JSON.stringify(v)}`);
  }
  const channels = sortedChannels(spec.channels);
  const sets = buildParameterSets(fn, channels, spec.parameters ?? []);
  const setBy = new Map(sets.map((s) => [s.name, s]));
  const nPars = sets.reduce((n, s) => n + s.size, 0);

  // layout: bins of sorted channels concatenated; samples = union of names, sorted
  const channelNames = channels.map((c) => c.name);
  const nbins = channels.map((c) => c.samples[0].data.length);
  const offsets = nbins.map((_, i) => nbins.slice(0, i).reduce((a, b) => a + b, 0));
  const B = nbins.reduce((a, b) => a + b, 0);
  const sampleNames = [...new Set(channels.flatMap((c) => c.samples.map((s) => s.name)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const S = sampleNames.length;
  const cells = S * B;

  // per cell (sample, bin): its nominal, the parameters that multiply it, its normsys and histosys terms
  const nominal = new Float64Array(cells);
  const direct: number[][] = Array.from({ length: cells }, () => []);
  // normsys factors are constant over a sample's bins: one entry per (channel, sample, modifier), summed
  // in log space per (channel, sample) group, then spread over the group's bins by a gather
  const normInst: { idx: number; hi: number; lo: number }[] = [];
  const groups: number[][] = []; // per (channel, sample) present: its normsys instance indices
  const cellGroup = new Int32Array(cells).fill(-1);
  const histosys: { idx: number; hi: number; lo: number }[][] = Array.from({ length: cells }, () => []);
  channels.forEach((c, ci) => {
    for (const s of c.samples) {
      const si = sampleNames.indexOf(s.name);
      const g = groups.length;
      groups.push([]);
      for (const m of s.modifiers) {
        if (m.type !== "normsys") continue;
        const d = m.data as { hi: number; lo: number };
        groups[g].push(normInst.length);
        normInst.push({ idx: (setBy.get(m.name) as BuiltSet).offset, hi: d.hi, lo: d.lo });
      }
      for (let b = 0; b < nbins[ci]; b++) cellGroup[si * B + offsets[ci] + b] = g;
      for (let b = 0; b < nbins[ci]; b++) {
        const cell = si * B + offsets[ci] + b;
        nominal[cell] = s.data[b];
        for (const m of s.modifiers) {
          const set = setBy.get(m.name) as BuiltSet;
          switch (m.type) {
            case "normfactor":
            case "lumi":
              direct[cell].push(set.offset);
              break;
            case "shapefactor":
            case "shapesys":
            case "staterror":
              if (!set.masked[b]) direct[cell].push(set.offset + b);
              break;
            case "normsys":
              break; // collected per (channel, sample) above
            case "histosys": {
              const d = m.data as { hi_data: number[]; lo_data: number[] };
              histosys[cell].push({ idx: set.offset, hi: d.hi_data[b], lo: d.lo_data[b] });
              break;
            }
          }
        }
      }
    }
  });

  // padded gathers: index nPars is a constant 1 appended to the parameters
  const pad = nPars;
  const K = (lists: unknown[][]) => lists.reduce((k, l) => Math.max(k, l.length), 0);
  const Kd = K(direct), Kn = K(groups), Kh = K(histosys);
  const grid = (k: number, f: (cell: number, j: number) => number, A: Int32ArrayConstructor | Float64ArrayConstructor, n = cells) => {
    const out = new A(k * n);
    for (let j = 0; j < k; j++) for (let cell = 0; cell < n; cell++) out[j * n + cell] = f(cell, j);
    return out;
  };
  // one gather per multiplier slot k (a product of slices, exact at zero parameters such as μ = 0)
  const didx = Array.from({ length: Kd }, (_, j) => i32(Int32Array.from({ length: cells }, (_, cell) => direct[cell][j] ?? pad), [S, B]));
  const G = groups.length, I = normInst.length;
  const normPar = Kn ? i32(Int32Array.from(normInst, (x) => x.idx), [I]) : null;
  const normLog = Kn ? prepareLogFactor(codes.normsys as "code1" | "code4", normInst.map((x) => x.lo), normInst.map((x) => x.hi), [I]) : null;
  // [Kn, G] indices into the instances' log factors, I = a constant 0; cells of absent samples take group G (0)
  const groupIdx = Kn ? i32(grid(Kn, (g, j) => groups[g][j] ?? I, Int32Array, G) as Int32Array, [Kn, G]) : null;
  const cellGroupIdx = Kn ? i32(Int32Array.from(cellGroup, (g) => (g < 0 ? G : g)), [S, B]) : null;
  const hidx = Kh ? i32(grid(Kh, (cell, j) => histosys[cell][j]?.idx ?? pad, Int32Array) as Int32Array, [Kh, S, B]) : null;
  const histoInterp = Kh
    ? prepareInterp(codes.histosys, grid(Kh, (cell, j) => histosys[cell][j]?.lo ?? 0, Float64Array), grid(Kh, (cell, j) => (histosys[cell][j] ? nominal[cell] : 0), Float64Array), grid(Kh, (cell, j) => histosys[cell][j]?.hi ?? 0, Float64Array), [Kh, S, B])
    : null;
  const nominalArr = f64(nominal, [S, B]);

  // auxiliary data: constrained slots in parameter order
  const auxPar: number[] = [], auxScale: number[] = [], auxdata: number[] = [];
  const normal = { par: [] as number[], aux: [] as number[], sigma: [] as number[] };
  const poisson = { par: [] as number[], aux: [] as number[], factor: [] as number[] };
  for (const s of sets) {
    if (!s.constrained) continue;
    for (let b = 0; b < s.size; b++) {
      const a = auxdata.length;
      auxdata.push(s.auxdata[b]);
      auxPar.push(s.offset + b);
      if (s.constraint === "poisson") {
        const f = (s.factors as number[])[b];
        auxScale.push(f);
        poisson.par.push(s.offset + b); poisson.aux.push(a); poisson.factor.push(f);
      } else {
        auxScale.push(1);
        normal.par.push(s.offset + b); normal.aux.push(a); normal.sigma.push((s.sigmas as number[])[b]);
      }
    }
  }
  const nAux = auxdata.length;
  const ints = (v: number[]) => i32(Int32Array.from(v), [v.length]);
  const floats = (v: number[]) => f64(Float64Array.from(v), [v.length]);
  const auxParIdx = ints(auxPar), auxScaleArr = floats(auxScale);
  const normalPar = ints(normal.par), normalAux = ints(normal.aux.map((a) => B + a)), normalInvSigma = floats(normal.sigma.map((s) => 1 / s));
  const normalConst = -normal.sigma.reduce((acc, s) => acc + Math.log(s) + 0.5 * LOG_2PI, 0);
  const poisPar = ints(poisson.par), poisAux = ints(poisson.aux.map((a) => B + a)), poisFactor = floats(poisson.factor);
  const mainIdx = ints(Array.from({ length: B }, (_, i) => i));

  const config = makeConfig(fn, sets, nPars, channelNames, nbins, sampleNames, auxdata, opts.poiName === undefined ? "mu" : opts.poiName);

  const asPars = (what: string, pars: NDArray | readonly number[]): NDArray => {
    const p = np.asArray(pars as NDArray, "float64");
    if (p.shape.length !== 1 || p.shape[0] !== nPars) throw new RangeError(`${fn}.${what}: pars has shape [${p.shape}], expected [${nPars}] (one value per parameter: ${config.parNames.slice(0, 6).join(", ")}${nPars > 6 ? ", …" : ""})`);
    return p;
  };
  const clipS = opts.clipSampleData ?? null, clipB = opts.clipBinData ?? null;
  /** Expected main counts [B] from checked pars. */
  const main = (p: NDArray): NDArray => {
    const pe = np.concatenate([p, np.ones([1], "float64")]);
    let nom: NDArray = nominalArr;
    if (histoInterp && hidx) nom = np.add(nom, np.sum(histoInterp(np.take(pe, hidx)), 0));
    let perSample = nom;
    for (const idx of didx) perSample = np.multiply(perSample, np.take(pe, idx));
    if (normLog && normPar && groupIdx && cellGroupIdx) {
      // Π normsys factors = exp(Σ log factors): per instance, summed per (channel, sample), spread over bins
      const logf = np.concatenate([normLog(np.take(p, normPar)), np.zeros([1], "float64")]);
      const perGroup = np.concatenate([np.sum(np.take(logf, groupIdx), 0), np.zeros([1], "float64")]);
      perSample = np.multiply(perSample, np.exp(np.take(perGroup, cellGroupIdx)));
    }
    if (clipS !== null) perSample = np.maximum(perSample, clipS);
    let bins = np.sum(perSample, 0);
    if (clipB !== null) bins = np.maximum(bins, clipB);
    return bins;
  };
  const aux = (p: NDArray): NDArray => np.multiply(np.take(p, auxParIdx), auxScaleArr);

  const model: HfModel = {
    config,
    nMain: B,
    expectedActualData: (pars) => main(asPars("expectedActualData", pars)),
    expectedAuxdata: (pars) => aux(asPars("expectedAuxdata", pars)),
    expectedData(pars, o = {}) {
      const p = asPars("expectedData", pars);
      return o.includeAuxdata === false || nAux === 0 ? main(p) : np.concatenate([main(p), aux(p)]);
    },
    logpdf(pars, data) {
      const p = asPars("logpdf", pars);
      const d = np.asArray(data as NDArray, "float64");
      if (d.shape.length !== 1 || d.shape[0] !== B + nAux) {
        throw new RangeError(`${fn}.logpdf: data has shape [${d.shape}], expected [${B + nAux}] (${B} main bins of ${channelNames.join(", ")} then ${nAux} auxdata)`);
      }
      // main bins: Σ n·log λ − λ − lgamma(n + 1)
      const lam = main(p), n = np.take(d, mainIdx);
      let ll = np.sum(np.subtract(np.subtract(special.xlogy(n, lam), lam), special.gammaln(np.add(n, 1))));
      // Normal constraints: −½((a − θ)/σ)² − log σ − ½ log 2π
      if (normal.par.length) {
        const z = np.multiply(np.subtract(np.take(d, normalAux), np.take(p, normalPar)), normalInvSigma);
        ll = np.add(ll, np.add(np.multiply(-0.5, np.sum(np.square(z))), normalConst));
      }
      // Poisson constraints (shapesys): a·log(γτ) − γτ − lgamma(a + 1)
      if (poisson.par.length) {
        const a = np.take(d, poisAux), rate = np.multiply(np.take(p, poisPar), poisFactor);
        ll = np.add(ll, np.sum(np.subtract(np.subtract(special.xlogy(a, rate), rate), special.gammaln(np.add(a, 1)))));
      }
      return ll;
    },
  };
  return Object.freeze(model);
}

function makeConfig(fn: string, sets: BuiltSet[], nPars: number, channels: string[], nbins: number[], samples: string[], auxdata: number[], poiName: string | null): ModelConfig {
  const parNames = sets.flatMap((s) => (s.size === 1 && !["shapefactor", "shapesys", "staterror"].includes(s.type) ? [s.name] : Array.from({ length: s.size }, (_, i) => `${s.name}[${i}]`)));
  const index = new Map(parNames.map((n, i) => [n, i]));
  const parSets: Record<string, ParameterSet> = {};
  for (const s of sets) {
    const { constraint, factors, masked, ...pub } = s;
    parSets[s.name] = Object.freeze({ ...pub, constraint, factors, masked: Object.freeze(masked.slice()) });
  }
  let poiIndex: number | null = null;
  if (poiName !== null) {
    if (typeof poiName !== "string") throw new TypeError(`${fn}: poiName must be a string or null, got ${JSON.stringify(poiName)}`);
    const set = parSets[poiName];
    if (!set) throw specError(fn, "poi", `the parameter of interest ${JSON.stringify(poiName)} is not a parameter of the model; parameters are ${JSON.stringify(sets.map((s) => s.name))}`);
    if (set.size !== 1 || !["normfactor", "lumi", "normsys", "histosys"].includes(set.type)) throw specError(fn, "poi", `the parameter of interest ${JSON.stringify(poiName)} is a ${set.type} with ${set.size} slot(s); it must be a scalar parameter`);
    poiIndex = set.offset;
  }
  const flat = <T>(f: (s: BuiltSet) => T[]): T[] => sets.flatMap(f);
  return Object.freeze({
    parNames: Object.freeze(parNames),
    parOrder: Object.freeze(sets.map((s) => s.name)),
    parSets: Object.freeze(parSets),
    poiName,
    poiIndex,
    nPars,
    nAuxdata: auxdata.length,
    channels: Object.freeze(channels.slice()),
    channelNbins: Object.freeze(Object.fromEntries(channels.map((c, i) => [c, nbins[i]]))),
    samples: Object.freeze(samples.slice()),
    auxdata: Object.freeze(auxdata.slice()),
    suggestedInit: () => flat((s) => s.inits),
    suggestedBounds: () => flat((s) => s.bounds.map((b) => [b[0], b[1]] as [number, number])),
    suggestedFixed: () => flat((s) => s.fixed),
    parIndex(name: string): number {
      const i = index.get(name) ?? (parSets[name]?.size === 1 ? parSets[name].offset : undefined);
      if (i === undefined) throw new RangeError(`${fn}: no parameter is named ${JSON.stringify(name)}; parameters are ${JSON.stringify(parNames.length > 12 ? [...parNames.slice(0, 12), "…"] : parNames)}`);
      return i;
    },
  });
}
