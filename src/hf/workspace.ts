/**
 * @file pyhf workspaces as immutable values: read and validate (schema + pyhf's semantic checks), list
 * measurements / channels / samples / modifiers, build the model of a measurement, the observed data,
 * and prune / rename into new workspaces.
 */
import type { HfModel } from "./model_types.js";
import { buildModel, type ModelOptions } from "./model.js";
import { assertSchema } from "./jsonschema.js";
import { checkModelSpec, checkWorkspaceSpec, TYPE_ORDER, type Measurement, type ModelSpec, type ModifierType, type WorkspaceSpec } from "./spec.js";
import { checked } from "../numpy/signature.js";

/** Options of `ws.model` (pyhf's `Workspace.model`): the measurement, and the options of `hf.Model`. */
export interface WorkspaceModelOptions extends ModelOptions {
  /** The measurement whose POI and parameter settings to use (default: the first). */
  measurementName?: string;
}

/** What `ws.prune` removes (pyhf's `Workspace.prune`). */
export interface PruneOptions {
  modifiers?: readonly string[];
  modifierTypes?: readonly ModifierType[];
  samples?: readonly string[];
  channels?: readonly string[];
  measurements?: readonly string[];
}

/** Renames by old name → new name (pyhf's `Workspace.rename`). */
export interface RenameOptions {
  modifiers?: Readonly<Record<string, string>>;
  samples?: Readonly<Record<string, string>>;
  channels?: Readonly<Record<string, string>>;
  measurements?: Readonly<Record<string, string>>;
}

/** A pyhf workspace: an immutable value; every method returns something new. */
export interface Workspace {
  /** Measurement names in stored order. */
  readonly measurementNames: readonly string[];
  /** Channel names, sorted (pyhf's order). */
  readonly channels: readonly string[];
  /** Sample names over all channels, sorted. */
  readonly samples: readonly string[];
  /** Modifier (parameter) names, sorted. */
  readonly modifiers: readonly string[];
  /** [name, type] of every modifier, sorted by name then type. */
  readonly modifierTypes: readonly (readonly [string, ModifierType])[];
  /** Bin count of each channel. */
  readonly channelNbins: Readonly<Record<string, number>>;
  /** The measurement named `name` (default: the first); a clear error if there is none. */
  getMeasurement(name?: string): Measurement;
  /** The model of a measurement (its POI and `config.parameters`), see `hf.Model` for the options. */
  model(opts?: WorkspaceModelOptions): HfModel;
  /** Observations in the model's channel order, then the model's auxdata unless `includeAuxdata: false`. */
  data(model: HfModel, opts?: { includeAuxdata?: boolean }): number[];
  /** A new workspace without the named modifiers / modifier types / samples / channels / measurements. */
  prune(opts: PruneOptions): Workspace;
  /** A new workspace with names replaced. */
  rename(opts: RenameOptions): Workspace;
  /** The workspace's JSON (a deep copy; JSON.stringify uses it). */
  toJSON(): WorkspaceSpec;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}
const sortStr = (xs: Iterable<string>) => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Read a pyhf 1.0.0 workspace (pyhf.Workspace): checked against pyhf's JSON schema (errors name the
 * JSON path and what was expected) and pyhf's semantic checks unless `validate: false`.
 * @example
 * const ws = hf.Workspace.fromJSON(JSON.parse(text));
 * const model = ws.model();                   // the first measurement's POI and settings
 * const data = ws.data(model);                // observations ++ auxdata
 * model.logpdf(model.config.suggestedInit(), data);
 */
export function fromJSON(obj: unknown, opts: { validate?: boolean } = {}): Workspace {
  const fn = "hf.Workspace.fromJSON";
  if (opts.validate !== false) assertSchema(fn, "workspace.json", obj);
  const spec = deepFreeze(clone(obj as WorkspaceSpec));
  if (opts.validate !== false) checkWorkspaceSpec(fn, spec);
  return makeWorkspace(spec);
}

function makeWorkspace(spec: WorkspaceSpec): Workspace {
  const mods = spec.channels.flatMap((c) => c.samples.flatMap((s) => s.modifiers.map((m) => [m.name, m.type] as const)));
  const modifierTypes = sortStr(mods.map(([n, t]) => `${n}\u0000${t}`)).map((k) => k.split("\u0000") as unknown as readonly [string, ModifierType]);
  modifierTypes.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : TYPE_ORDER.indexOf(a[1]) - TYPE_ORDER.indexOf(b[1])));
  const getMeasurement = (name?: string): Measurement => {
    if (name === undefined) return spec.measurements[0];
    const m = spec.measurements.find((x) => x.name === name);
    if (!m) throw new RangeError(`hf.Workspace.getMeasurement: no measurement is named ${JSON.stringify(name)}; measurements are ${JSON.stringify(spec.measurements.map((x) => x.name))}`);
    return m;
  };
  const ws: Workspace = {
    measurementNames: Object.freeze(spec.measurements.map((m) => m.name)),
    channels: Object.freeze(sortStr(spec.channels.map((c) => c.name))),
    samples: Object.freeze(sortStr(spec.channels.flatMap((c) => c.samples.map((s) => s.name)))),
    modifiers: Object.freeze(sortStr(mods.map(([n]) => n))),
    modifierTypes: Object.freeze(modifierTypes.map((x) => Object.freeze(x))),
    channelNbins: Object.freeze(Object.fromEntries(spec.channels.map((c) => [c.name, c.samples[0].data.length]))),
    getMeasurement: checked(getMeasurement, "hf.Workspace.getMeasurement(name?)"),
    model: checked((opts: WorkspaceModelOptions = {}): HfModel => {
      const fn = "hf.Workspace.model";
      let m: Measurement;
      try {
        m = getMeasurement(opts.measurementName);
      } catch (e) {
        throw new RangeError(`${fn}: ${(e as Error).message.replace(/^[^:]*: /, "")}`);
      }
      const { measurementName: _, ...rest } = opts;
      const modelSpec: ModelSpec = { channels: spec.channels as ModelSpec["channels"], parameters: m.config.parameters };
      return buildModel(fn, modelSpec, { ...rest, poiName: opts.poiName === undefined ? m.config.poi : opts.poiName });
    }, "hf.Workspace.model(opts?{measurementName,modifierSettings,poiName,clipSampleData,clipBinData})"),
    data: checked((model: HfModel, opts: { includeAuxdata?: boolean } = {}): number[] => {
      const fn = "hf.Workspace.data";
      if (!model || typeof model !== "object" || !("config" in model)) throw new TypeError(`${fn}: expected a model (from ws.model()), got ${typeof model}`);
      const obs = new Map(spec.observations.map((o) => [o.name, o.data]));
      const out: number[] = [];
      for (const c of model.config.channels) {
        const d = obs.get(c);
        if (!d) throw new RangeError(`${fn}: the workspace has no observation for the model's channel ${JSON.stringify(c)}`);
        if (d.length !== model.config.channelNbins[c]) throw new RangeError(`${fn}: observation ${JSON.stringify(c)} has ${d.length} bins, the model's channel ${model.config.channelNbins[c]}`);
        out.push(...d);
      }
      return opts.includeAuxdata === false ? out : [...out, ...model.config.auxdata];
    }, "hf.Workspace.data(model*, opts?{includeAuxdata})"),
    prune: checked((opts: PruneOptions) => prune(spec, opts), "hf.Workspace.prune(opts{modifiers,modifierTypes,samples,channels,measurements})"),
    rename: checked((opts: RenameOptions) => rename(spec, opts), "hf.Workspace.rename(opts{modifiers,samples,channels,measurements})"),
    // a JavaScript protocol (JSON.stringify passes the property key), so not checked for surplus arguments
    toJSON: (): WorkspaceSpec => clone(spec),
  };
  return Object.freeze(ws);
}

function names(fn: string, what: string, v: unknown): Set<string> {
  if (v === undefined) return new Set();
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw new TypeError(`${fn}: ${what} must be an array of names, got ${JSON.stringify(v)}`);
  return new Set(v as string[]);
}

function prune(spec: WorkspaceSpec, opts: PruneOptions): Workspace {
  const fn = "hf.Workspace.prune";
  const mods = names(fn, "modifiers", opts.modifiers), types = names(fn, "modifierTypes", opts.modifierTypes);
  const samples = names(fn, "samples", opts.samples), channels = names(fn, "channels", opts.channels), meas = names(fn, "measurements", opts.measurements);
  for (const t of types) if (!TYPE_ORDER.includes(t as ModifierType)) throw new TypeError(`${fn}: unknown modifier type ${JSON.stringify(t)}; expected one of ${TYPE_ORDER.join(", ")}`);
  const out: WorkspaceSpec = {
    channels: spec.channels.filter((c) => !channels.has(c.name)).map((c) => ({
      name: c.name,
      samples: c.samples.filter((s) => !samples.has(s.name)).map((s) => ({ ...s, modifiers: s.modifiers.filter((m) => !mods.has(m.name) && !types.has(m.type)) })),
    })),
    observations: spec.observations.filter((o) => !channels.has(o.name)),
    measurements: spec.measurements.filter((m) => !meas.has(m.name)).map((m) => ({
      name: m.name,
      config: { ...m.config, parameters: m.config.parameters.filter((p) => !mods.has(p.name)) },
    })),
    version: spec.version,
  };
  for (const m of out.measurements) {
    if (mods.has(m.config.poi)) throw new RangeError(`${fn}: pruning modifier ${JSON.stringify(m.config.poi)} removes the POI of measurement ${JSON.stringify(m.name)}; prune that measurement too`);
  }
  return revalidate(fn, out);
}

function rename(spec: WorkspaceSpec, opts: RenameOptions): Workspace {
  const fn = "hf.Workspace.rename";
  const map = (what: string, v: unknown): ((n: string) => string) => {
    if (v === undefined) return (n) => n;
    if (!v || typeof v !== "object" || Array.isArray(v) || !Object.values(v).every((x) => typeof x === "string")) throw new TypeError(`${fn}: ${what} must be an object of old name → new name, got ${JSON.stringify(v)}`);
    const r = v as Record<string, string>;
    return (n) => (Object.prototype.hasOwnProperty.call(r, n) ? r[n] : n);
  };
  const mod = map("modifiers", opts.modifiers), smp = map("samples", opts.samples), ch = map("channels", opts.channels), ms = map("measurements", opts.measurements);
  const out: WorkspaceSpec = {
    channels: spec.channels.map((c) => ({
      name: ch(c.name),
      samples: c.samples.map((s) => ({ ...s, name: smp(s.name), modifiers: s.modifiers.map((m) => ({ ...m, name: mod(m.name) })) })),
    })),
    observations: spec.observations.map((o) => ({ ...o, name: ch(o.name) })),
    measurements: spec.measurements.map((m) => ({
      name: ms(m.name),
      config: { ...m.config, poi: mod(m.config.poi), parameters: m.config.parameters.map((p) => ({ ...p, name: mod(p.name) })) },
    })),
    version: spec.version,
  };
  return revalidate(fn, out);
}

function revalidate(fn: string, out: WorkspaceSpec): Workspace {
  assertSchema(fn, "workspace.json", out);
  checkWorkspaceSpec(fn, out);
  return makeWorkspace(deepFreeze(clone(out)));
}

/**
 * A model from a bare spec `{ channels, parameters? }` (pyhf.Model): schema-checked (pyhf's model.json)
 * unless `validate: false`. Options as pyhf's, camelCase: `poiName` (default "mu", null for none),
 * `modifierSettings` (default normsys code4 / histosys code4p; given, it replaces that default and a
 * type it leaves out falls back to code1 / code0), `clipSampleData`, `clipBinData`.
 * @example
 * const model = hf.Model({ channels: [{ name: "ch", samples: [
 *   { name: "sig", data: [5], modifiers: [{ name: "mu", type: "normfactor", data: null }] },
 *   { name: "bkg", data: [50], modifiers: [{ name: "b", type: "normsys", data: { hi: 1.1, lo: 0.9 } }] }] }] });
 * model.expectedData([1, 0]).toArray() // [55, 0]
 */
export function Model(spec: unknown, opts: ModelOptions & { validate?: boolean } = {}): HfModel {
  const fn = "hf.Model";
  const { validate, ...rest } = opts;
  if (validate !== false) assertSchema(fn, "model.json", spec);
  const s = clone(spec as ModelSpec);
  checkModelSpec(fn, s);
  return buildModel(fn, s, rest);
}

