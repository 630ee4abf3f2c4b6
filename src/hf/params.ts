/**
 * @file pyhf's parameter sets from a model spec: the order (by modifier type, then first appearance over
 * sorted channels, samples and modifiers), the defaults of each modifier type, per-bin constraint data
 * (shapesys τ, staterror δ, zero-uncertainty bins fixed), and a measurement's overrides.
 */
import type { ParameterSet } from "./model_types.js";
import { byName, MULTI_BIN, specError, TYPE_ORDER, type ChannelSpec, type ModifierType, type ParameterConfig } from "./spec.js";

/** A parameter set while it is built, with the data its constraint needs. */
export interface BuiltSet extends ParameterSet {
  /** "normal", "poisson" or null (unconstrained). */
  constraint: "normal" | "poisson" | null;
  /** shapesys: the Poisson rate scale τ per bin (rate γ·τ); null otherwise. */
  factors: number[] | null;
  /** Bins whose factor is held at 1 (zero uncertainty): shapesys, staterror. */
  masked: boolean[];
}

/** The keys of a measurement's parameter entry each type uses (pyhf rejects the others). */
const USES: Record<ModifierType, readonly string[]> = {
  normfactor: ["inits", "bounds", "fixed"],
  shapefactor: ["inits", "bounds", "fixed"],
  lumi: ["inits", "bounds", "fixed", "auxdata", "sigmas"],
  normsys: ["inits", "bounds", "fixed", "auxdata"],
  histosys: ["inits", "bounds", "fixed", "auxdata"],
  shapesys: ["inits", "bounds", "fixed", "auxdata", "factors"],
  staterror: ["inits", "bounds", "fixed", "auxdata", "sigmas"],
};

/** Channels sorted by name, each with its samples sorted by name and their modifiers sorted by name (then type). */
export function sortedChannels(channels: readonly ChannelSpec[]): ChannelSpec[] {
  return byName(channels).map((c) => ({
    name: c.name,
    samples: byName(c.samples).map((s) => ({
      ...s,
      modifiers: [...s.modifiers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type))),
    })),
  }));
}

/**
 * Build the parameter sets of sorted channels, in pyhf's order, with a measurement's overrides
 * (`configs`, from `config.parameters`) applied. `fn` names the caller in errors.
 */
export function buildParameterSets(fn: string, channels: readonly ChannelSpec[], configs: readonly ParameterConfig[]): BuiltSet[] {
  // the order: for each type in TYPE_ORDER, names in first appearance over the sorted walk
  const order: { name: string; type: ModifierType; nbins: number }[] = [];
  const placed = new Set<string>();
  for (const t of TYPE_ORDER) {
    for (const c of channels) for (const s of c.samples) for (const m of s.modifiers) {
      if (m.type !== t || placed.has(m.name)) continue;
      placed.add(m.name);
      order.push({ name: m.name, type: t, nbins: c.samples[0].data.length });
    }
  }
  const userBy = new Map(configs.map((p) => [p.name, p]));
  const sets: BuiltSet[] = [];
  let offset = 0;
  for (const { name, type, nbins } of order) {
    const n = MULTI_BIN.has(type) ? nbins : 1;
    const set = defaults(fn, name, type, n, channels, userBy.get(name));
    set.offset = offset;
    offset += n;
    applyUser(fn, set, userBy.get(name));
    sets.push(set);
  }
  return sets;
}

function defaults(fn: string, name: string, type: ModifierType, n: number, channels: readonly ChannelSpec[], user: ParameterConfig | undefined): BuiltSet {
  const fill = <T>(v: T): T[] => Array.from({ length: n }, () => v);
  const base = { name, type, offset: 0, size: n, masked: fill(false), factors: null as number[] | null };
  switch (type) {
    case "normfactor":
    case "shapefactor":
      return { ...base, constrained: false, constraint: null, inits: fill(1), bounds: fill<[number, number]>([0, 10]), fixed: fill(false), sigmas: null, auxdata: [] };
    case "normsys":
    case "histosys":
      return { ...base, constrained: true, constraint: "normal", inits: [0], bounds: [[-5, 5]], fixed: [false], sigmas: [1], auxdata: [0] };
    case "lumi": {
      const missing = ["auxdata", "sigmas", "inits", "bounds"].filter((k) => user?.[k as keyof ParameterConfig] === undefined);
      if (missing.length) {
        throw specError(fn, "parameters", `the lumi parameter ${JSON.stringify(name)} needs ${missing.join(", ")} in the measurement's config.parameters entry (pyhf takes its value, width and range from there)`);
      }
      return { ...base, constrained: true, constraint: "normal", inits: [1], bounds: [[0, 10]], fixed: [false], sigmas: [1], auxdata: [1] };
    }
    case "shapesys": {
      // τ_b = (nominal_b/σ_b)²; a bin with σ = 0 or nominal 0 gets τ = 1, its factor held at 1, γ fixed
      const uses = usesOf(channels, name, type);
      const { nom, unc } = uses[0];
      const masked = nom.map((v, b) => !(unc[b] > 0 && v !== 0));
      const tau = nom.map((v, b) => (masked[b] ? 1 : (v / unc[b]) ** 2));
      return { ...base, masked, factors: tau, constrained: true, constraint: "poisson", inits: fill(1), bounds: fill<[number, number]>([1e-10, 10]), fixed: masked.slice(), sigmas: null, auxdata: tau.slice() };
    }
    case "staterror": {
      // δ_b = sqrt(Σ σ² over the samples with a positive nominal)/Σ nominal (1 if that sum is ≤ 0), as pyhf;
      // δ = 0 gives σ = 1, the factor held at 1 and γ fixed
      const uses = usesOf(channels, name, type);
      const delta = Array.from({ length: n }, (_, b) => {
        let s2 = 0, sn = 0;
        for (const u of uses) { if (u.nom[b] > 0) s2 += u.unc[b] ** 2; sn += u.nom[b]; }
        return Math.sqrt(s2) / (sn > 0 ? sn : 1);
      });
      const masked = delta.map((d) => !(Number.isFinite(d) && d > 0));
      return { ...base, masked, constrained: true, constraint: "normal", inits: fill(1), bounds: fill<[number, number]>([1e-10, 10]), fixed: masked.slice(), sigmas: delta.map((d, b) => (masked[b] ? 1 : d)), auxdata: fill(1) };
    }
  }
}

function usesOf(channels: readonly ChannelSpec[], name: string, type: ModifierType): { nom: number[]; unc: number[] }[] {
  const out: { nom: number[]; unc: number[] }[] = [];
  for (const c of channels) for (const s of c.samples) for (const m of s.modifiers) if (m.name === name && m.type === type) out.push({ nom: s.data, unc: m.data as number[] });
  return out;
}

function applyUser(fn: string, set: BuiltSet, user: ParameterConfig | undefined): void {
  if (!user) return;
  const where = `config.parameters entry ${JSON.stringify(set.name)}`;
  const n = set.size;
  for (const k of Object.keys(user)) {
    if (k === "name") continue;
    if (!USES[set.type].includes(k)) throw specError(fn, where, `a ${set.type} parameter does not use ${JSON.stringify(k)} (it uses ${USES[set.type].join(", ")})`);
  }
  const len = (k: string, v: readonly unknown[]) => {
    if (v.length !== n) throw specError(fn, `${where}.${k}`, `has ${v.length} entries, expected ${n} (the size of the ${set.type} parameter set)`);
  };
  if (user.inits) { len("inits", user.inits); set.inits = [...user.inits]; }
  if (user.bounds) {
    len("bounds", user.bounds);
    user.bounds.forEach((b, i) => {
      if (b.length !== 2 || !(b[0] <= b[1])) throw specError(fn, `${where}.bounds[${i}]`, `expected [lower, upper] with lower ≤ upper, got ${JSON.stringify(b)}`);
    });
    set.bounds = user.bounds.map((b) => [b[0], b[1]] as [number, number]);
  }
  if (user.auxdata) { len("auxdata", user.auxdata); set.auxdata = [...user.auxdata]; }
  if (user.sigmas) {
    len("sigmas", user.sigmas);
    if (user.sigmas.some((s) => !(s > 0))) throw specError(fn, `${where}.sigmas`, `widths must be > 0, got ${JSON.stringify(user.sigmas)}`);
    set.sigmas = [...user.sigmas];
  }
  if (user.factors) { len("factors", user.factors); set.factors = [...user.factors]; }
  if (user.fixed !== undefined) set.fixed = Array.from({ length: n }, () => user.fixed as boolean);
}
