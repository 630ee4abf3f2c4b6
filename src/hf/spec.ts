/**
 * @file The pyhf 1.0.0 JSON types (workspace, model spec, measurement) and pyhf's semantic checks beyond
 * the schema: unique names, bin counts that agree, one shapesys per name, modifier types that may share
 * a parameter, observations that match the channels.
 */

export type ModifierType = "normfactor" | "lumi" | "normsys" | "histosys" | "shapefactor" | "shapesys" | "staterror";
/** pyhf's parameter grouping order (its modifier registry order): parameters are ordered by type first. */
export const TYPE_ORDER: readonly ModifierType[] = ["histosys", "lumi", "normfactor", "normsys", "shapefactor", "shapesys", "staterror"];
/** Modifiers with one parameter per bin. */
export const MULTI_BIN: ReadonlySet<ModifierType> = new Set(["shapefactor", "shapesys", "staterror"]);

export interface ModifierSpec {
  name: string;
  type: ModifierType;
  data: null | number[] | { hi: number; lo: number } | { hi_data: number[]; lo_data: number[] };
}
export interface SampleSpec {
  name: string;
  data: number[];
  modifiers: ModifierSpec[];
}
export interface ChannelSpec {
  name: string;
  samples: SampleSpec[];
}
/** One entry of a measurement's `config.parameters`: settings that replace a parameter set's defaults. */
export interface ParameterConfig {
  name: string;
  inits?: number[];
  bounds?: [number, number][];
  auxdata?: number[];
  factors?: number[];
  sigmas?: number[];
  fixed?: boolean;
}
/** A bare model spec, as pyhf.Model takes it. */
export interface ModelSpec {
  channels: ChannelSpec[];
  parameters?: ParameterConfig[];
}
export interface Observation {
  name: string;
  data: number[];
}
export interface Measurement {
  name: string;
  config: { poi: string; parameters: ParameterConfig[] };
}
/** A pyhf 1.0.0 workspace. */
export interface WorkspaceSpec {
  channels: ChannelSpec[];
  observations: Observation[];
  measurements: Measurement[];
  version: "1.0.0";
}

/** An error of a HistFactory spec, naming the function and the JSON path. */
export function specError(fn: string, path: string, msg: string): Error {
  return new Error(`${fn}: ${path}: ${msg}`);
}

function duplicates<T extends { name: string }>(fn: string, items: readonly T[], path: string, what: string): void {
  const seen = new Map<string, number>();
  items.forEach((it, i) => {
    const j = seen.get(it.name);
    if (j !== undefined) throw specError(fn, `${path}[${i}].name`, `duplicate ${what} name ${JSON.stringify(it.name)} (also at ${path}[${j}])`);
    seen.set(it.name, i);
  });
}

/** Modifier types that may name the same parameter: the same type, or normsys with histosys (one α, as HistFactory's OverallSys + HistoSys). */
function compatible(a: ModifierType, b: ModifierType): boolean {
  return a === b || (a !== b && [a, b].every((t) => t === "normsys" || t === "histosys"));
}

/**
 * pyhf's checks of a model spec beyond its schema. Throws an Error naming `fn`, the JSON path and the
 * problem: duplicate channel / sample names, samples of one channel with different bin counts, modifier
 * data of the wrong length, the same modifier twice on a sample, a shapesys name used twice, one name
 * on modifiers of incompatible types, or a per-bin parameter shared by channels of different bin counts.
 */
export function checkModelSpec(fn: string, spec: ModelSpec, root = ""): void {
  const p = (s: string) => (root ? `${root}.${s}` : s);
  duplicates(fn, spec.channels, p("channels"), "channel");
  const types = new Map<string, { type: ModifierType; path: string; nbins: number }>();
  const shapesys = new Map<string, string>();
  spec.channels.forEach((ch, ci) => {
    const cp = p(`channels[${ci}]`);
    duplicates(fn, ch.samples, `${cp}.samples`, "sample");
    const nbins = ch.samples[0].data.length;
    ch.samples.forEach((s, si) => {
      const sp = `${cp}.samples[${si}]`;
      if (s.data.length !== nbins) throw specError(fn, `${sp}.data`, `has ${s.data.length} bins, expected ${nbins} (the bin count of ${cp}.samples[0])`);
      const seen = new Set<string>();
      s.modifiers.forEach((m, mi) => {
        const mp = `${sp}.modifiers[${mi}]`;
        const key = `${m.type}/${m.name}`;
        if (seen.has(key)) throw specError(fn, mp, `the ${m.type} modifier ${JSON.stringify(m.name)} appears twice on sample ${JSON.stringify(s.name)}`);
        seen.add(key);
        if (m.type === "shapesys" || m.type === "staterror") {
          const d = m.data as number[];
          if (d.length !== nbins) throw specError(fn, `${mp}.data`, `has ${d.length} entries, expected ${nbins} (one per bin of channel ${JSON.stringify(ch.name)})`);
          if (d.some((x) => x < 0)) throw specError(fn, `${mp}.data`, `uncertainties must be ≥ 0, got ${JSON.stringify(d)}`);
        }
        if (m.type === "normsys") {
          // NB: pyhf takes any number, but code1/code4 are exponential in log(hi), log(lo): a factor ≤ 0 gives NaN
          const d = m.data as { hi: number; lo: number };
          for (const k of ["hi", "lo"] as const) if (!(d[k] > 0)) throw specError(fn, `${mp}.data.${k}`, `a normsys factor must be > 0, got ${d[k]}`);
        }
        if (m.type === "histosys") {
          const d = m.data as { hi_data: number[]; lo_data: number[] };
          for (const k of ["hi_data", "lo_data"] as const) {
            if (d[k].length !== nbins) throw specError(fn, `${mp}.data.${k}`, `has ${d[k].length} entries, expected ${nbins} (one per bin of channel ${JSON.stringify(ch.name)})`);
          }
        }
        if (m.type === "shapesys") {
          const prev = shapesys.get(m.name);
          if (prev !== undefined) throw specError(fn, mp, `the shapesys name ${JSON.stringify(m.name)} is used twice (also at ${prev}); pyhf allows one shapesys per name`);
          shapesys.set(m.name, mp);
        }
        const prev = types.get(m.name);
        if (prev && !compatible(prev.type, m.type)) {
          throw specError(fn, mp, `the name ${JSON.stringify(m.name)} is a ${m.type} here but a ${prev.type} at ${prev.path}; one parameter cannot be both`);
        }
        if (prev && MULTI_BIN.has(m.type) && prev.nbins !== nbins) {
          throw specError(fn, mp, `the ${m.type} ${JSON.stringify(m.name)} has ${nbins} bins here but ${prev.nbins} at ${prev.path}; a shared per-bin parameter needs one bin count`);
        }
        if (!prev) types.set(m.name, { type: m.type, path: mp, nbins });
      });
    });
  });
  if (spec.parameters) duplicates(fn, spec.parameters, p("parameters"), "parameter");
}

/**
 * pyhf's checks of a workspace beyond its schema: the model checks, one observation per channel with
 * the channel's bin count, unique measurement names and unique parameter entries per measurement.
 */
export function checkWorkspaceSpec(fn: string, ws: WorkspaceSpec): void {
  checkModelSpec(fn, { channels: ws.channels });
  duplicates(fn, ws.observations, "observations", "observation");
  duplicates(fn, ws.measurements, "measurements", "measurement");
  ws.measurements.forEach((m, i) => duplicates(fn, m.config.parameters, `measurements[${i}].config.parameters`, "parameter"));
  const nbins = new Map(ws.channels.map((c) => [c.name, c.samples[0].data.length]));
  ws.observations.forEach((o, i) => {
    const n = nbins.get(o.name);
    if (n === undefined) throw specError(fn, `observations[${i}].name`, `no channel is named ${JSON.stringify(o.name)}; channels are ${JSON.stringify([...nbins.keys()])}`);
    if (o.data.length !== n) throw specError(fn, `observations[${i}].data`, `has ${o.data.length} bins, expected ${n} (the bin count of channel ${JSON.stringify(o.name)})`);
  });
  const observed = new Set(ws.observations.map((o) => o.name));
  ws.channels.forEach((c, i) => {
    if (!observed.has(c.name)) throw specError(fn, `channels[${i}]`, `channel ${JSON.stringify(c.name)} has no observation (observations are ${JSON.stringify([...observed])})`);
  });
}

/** Names sorted as pyhf sorts them (Python's str ordering: by code point). */
export function byName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
