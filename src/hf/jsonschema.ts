/**
 * @file A small JSON Schema (Draft 6) validator for the keywords pyhf's schemas use, with `$ref`s resolved
 * locally against the schemas' `$id`s; errors name the JSON path (`channels[0].samples[1].data`).
 */
import { SCHEMAS_1_0_0 } from "./schemas_data.js";

type Schema = boolean | { [k: string]: unknown };

/** One schema violation: where (a JSON path such as `channels[0].name`, "" for the root) and what was expected. */
export interface SchemaError {
  path: string;
  message: string;
}

const BASE = "https://scikit-hep.org/pyhf/schemas/1.0.0/";
const REGISTRY = new Map<string, Schema>(Object.values(SCHEMAS_1_0_0).map((s) => [String((s as { $id: string }).$id), s as Schema]));

const typeOf = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "number" ? (Number.isInteger(v) ? "integer" : "number") : typeof v);
const show = (v: unknown): string => {
  if (v === undefined) return "undefined";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  const s = JSON.stringify(v);
  return s === undefined ? typeof v : s.length > 50 ? `${s.slice(0, 47)}…` : s;
};
const describe = (v: unknown): string => (v === null || v === undefined ? String(v) : `${typeOf(v) === "integer" ? "number" : typeOf(v)} ${show(v)}`);
const join = (path: string, key: string | number) => (typeof key === "number" ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`);

/** JSON deep equality (const, enum, uniqueItems). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => jsonEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const RESOLVED = new Map<string, { schema: Schema; base: string }>();
const REGEXPS = new Map<string, RegExp>();
const regexp = (p: string): RegExp => {
  let r = REGEXPS.get(p);
  if (!r) REGEXPS.set(p, (r = new RegExp(p, "u")));
  return r;
};

function resolveRef(ref: string, base: string): { schema: Schema; base: string } {
  const key = `${base}\u0000${ref}`;
  let hit = RESOLVED.get(key);
  if (!hit) RESOLVED.set(key, (hit = resolveRefUncached(ref, base)));
  return hit;
}

function resolveRefUncached(ref: string, base: string): { schema: Schema; base: string } {
  const url = new URL(ref, base);
  const doc = url.href.split("#")[0];
  let node: unknown = REGISTRY.get(doc);
  if (node === undefined) throw new Error(`jsonschema: cannot resolve $ref ${JSON.stringify(ref)} from ${base}`);
  const frag = decodeURIComponent(url.hash.slice(1));
  for (const tok of frag.split("/").slice(1)) node = (node as Record<string, unknown>)[tok.replace(/~1/g, "/").replace(/~0/g, "~")];
  if (node === undefined) throw new Error(`jsonschema: $ref ${JSON.stringify(ref)} points to nothing`);
  return { schema: node as Schema, base: doc };
}

function matchesType(t: string, v: unknown): boolean {
  const actual = typeOf(v);
  if (t === "number") return (actual === "number" || actual === "integer") && Number.isFinite(v as number);
  if (t === "integer") return actual === "integer";
  return actual === t;
}

const IDS = new Map<string, string>();
function resolveId(id: string, base: string): string {
  const key = `${base}\u0000${id}`;
  let r = IDS.get(key);
  if (r === undefined) IDS.set(key, (r = new URL(id, base).href.split("#")[0]));
  return r;
}

/** A violation whose message is formatted only when it is reported (failing anyOf branches are many). */
interface LazyError {
  path: string;
  message: () => string;
  /** Set when a `const` failed: the value it wanted (anyOf/oneOf use it to find the discriminating property). */
  wanted?: unknown;
  got?: unknown;
  /** `wanted` lists the allowed values (an enum). */
  many?: boolean;
}

/** Validate `value` against `schema`; every violation found (an anyOf/oneOf reports its closest branch). */
function check(schema: Schema, value: unknown, path: string, base: string): LazyError[] {
  if (schema === true) return [];
  if (schema === false) return [{ path, message: () => "no value is allowed here" }];
  const s = schema;
  if (typeof s.$id === "string") base = resolveId(s.$id, base);
  if (typeof s.$ref === "string") {
    // Draft 6: a $ref replaces its schema's other keywords
    const r = resolveRef(s.$ref, base);
    return check(r.schema, value, path, r.base);
  }
  const errs: LazyError[] = [];
  const err = (message: () => string, p = path) => errs.push({ path: p, message });
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => matchesType(t, value))) {
      const want = () => types.map((t) => (t === "number" ? "a finite number" : t === "null" ? "null" : `${/^[aeiou]/.test(t) ? "an" : "a"} ${t}`)).join(" or ");
      return [{ path, message: () => `expected ${want()}, got ${describe(value)}` }];
    }
  }
  if ("const" in s && !jsonEqual(value, s.const)) return [{ path, message: () => `expected ${show(s.const)}, got ${describe(value)}`, wanted: s.const, got: value }];
  if (Array.isArray(s.enum) && !s.enum.some((e) => jsonEqual(e, value))) {
    errs.push({ path, message: () => `expected one of ${(s.enum as unknown[]).map(show).join(", ")}, got ${describe(value)}`, wanted: s.enum, got: value, many: true });
  }
  if (typeof value === "number") {
    if (typeof s.minimum === "number" && value < s.minimum) err(() => `expected a number ≥ ${s.minimum}, got ${value}`);
    if (typeof s.maximum === "number" && value > s.maximum) err(() => `expected a number ≤ ${s.maximum}, got ${value}`);
    if (typeof s.exclusiveMinimum === "number" && value <= s.exclusiveMinimum) err(() => `expected a number > ${s.exclusiveMinimum}, got ${value}`);
    if (typeof s.exclusiveMaximum === "number" && value >= s.exclusiveMaximum) err(() => `expected a number < ${s.exclusiveMaximum}, got ${value}`);
    if (typeof s.multipleOf === "number" && !Number.isInteger(value / s.multipleOf)) err(() => `expected a multiple of ${s.multipleOf}, got ${value}`);
  }
  if (typeof value === "string") {
    if (typeof s.pattern === "string" && !regexp(s.pattern).test(value)) err(() => `expected a string matching /${s.pattern}/, got ${show(value)}`);
    const len = [...value].length;
    if (typeof s.minLength === "number" && len < s.minLength) err(() => `expected a string of at least ${s.minLength} characters, got ${show(value)}`);
    if (typeof s.maxLength === "number" && len > s.maxLength) err(() => `expected a string of at most ${s.maxLength} characters, got ${show(value)}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === "number" && value.length < s.minItems) err(() => `expected an array of at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}, got ${value.length}`);
    if (typeof s.maxItems === "number" && value.length > s.maxItems) err(() => `expected an array of at most ${s.maxItems} items, got ${value.length}`);
    if (s.uniqueItems === true) {
      for (let i = 0; i < value.length; i++) for (let j = 0; j < i; j++) if (jsonEqual(value[i], value[j])) err(() => `expected unique items; items ${j} and ${i} are equal`);
    }
    if (Array.isArray(s.items)) {
      (s.items as Schema[]).forEach((sub, i) => { if (i < value.length) errs.push(...check(sub, value[i], join(path, i), base)); });
      if (s.additionalItems !== undefined) for (let i = s.items.length; i < value.length; i++) errs.push(...check(s.additionalItems as Schema, value[i], join(path, i), base));
    } else if (s.items !== undefined) {
      value.forEach((x, i) => errs.push(...check(s.items as Schema, x, join(path, i), base)));
    }
    if (s.contains !== undefined && !value.some((x, i) => check(s.contains as Schema, x, join(path, i), base).length === 0)) err(() => "expected an array containing a matching item");
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (Array.isArray(s.required)) for (const k of s.required as string[]) if (!(k in obj)) err(() => `missing required property ${JSON.stringify(k)}`);
    if (typeof s.minProperties === "number" && keys.length < s.minProperties) err(() => `expected an object with at least ${s.minProperties} propert${s.minProperties === 1 ? "y" : "ies"}, got ${keys.length}`);
    if (typeof s.maxProperties === "number" && keys.length > s.maxProperties) err(() => `expected an object with at most ${s.maxProperties} properties, got ${keys.length}`);
    const props = (s.properties ?? {}) as Record<string, Schema>;
    const patterns = Object.entries((s.patternProperties ?? {}) as Record<string, Schema>).map(([p, sub]) => [regexp(p), sub] as const);
    for (const k of keys) {
      let known = false;
      if (Object.prototype.hasOwnProperty.call(props, k)) { known = true; errs.push(...check(props[k], obj[k], join(path, k), base)); }
      for (const [re, sub] of patterns) if (re.test(k)) { known = true; errs.push(...check(sub, obj[k], join(path, k), base)); }
      if (!known && s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) {
          const allowed = Object.keys(props);
          err(() => `unexpected property ${JSON.stringify(k)}${allowed.length ? `; expected only ${allowed.map((a) => JSON.stringify(a)).join(", ")}` : ""}`, join(path, k));
        } else errs.push(...check(s.additionalProperties as Schema, obj[k], join(path, k), base));
      }
    }
    if (s.dependencies && typeof s.dependencies === "object") {
      for (const [k, dep] of Object.entries(s.dependencies as Record<string, unknown>)) {
        if (!(k in obj)) continue;
        if (Array.isArray(dep)) { for (const d of dep as string[]) if (!(d in obj)) err(() => `property ${JSON.stringify(k)} requires property ${JSON.stringify(d)}`); }
        else errs.push(...check(dep as Schema, value, path, base));
      }
    }
  }
  if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) errs.push(...check(sub, value, path, base));
  for (const kw of ["anyOf", "oneOf"] as const) {
    if (!Array.isArray(s[kw])) continue;
    const results = (s[kw] as Schema[]).map((sub) => check(sub, value, path, base));
    const passing = results.filter((r) => r.length === 0).length;
    if (kw === "oneOf" && passing > 1) err(() => `expected exactly one of the ${results.length} alternatives (oneOf) to match, but ${passing} do`);
    if (passing === 0) errs.push(closest(results, path, results.length, kw));
  }
  if (s.not !== undefined && check(s.not as Schema, value, path, base).length === 0) err(() => "matches a schema it must not match (not)");
  return errs;
}

/**
 * The error to report when no alternative of an anyOf/oneOf matches. If the alternatives are told apart
 * by a `const` property (pyhf's modifier `type`), the one whose const matches is reported, or a list of
 * the allowed values when none does; otherwise the branch that got furthest (longest error path).
 */
function closest(results: LazyError[][], path: string, n: number, kw: string): LazyError {
  const constPaths = new Map<string, LazyError[]>();
  results.forEach((r) => r.forEach((e) => { if ("wanted" in e) constPaths.set(e.path, [...(constPaths.get(e.path) ?? []), e]); }));
  for (const [p, errs] of constPaths) {
    const failing = new Set(results.filter((r) => r.some((e) => e.path === p && "wanted" in e)));
    if (failing.size < n - 1) continue;
    if (failing.size === n - 1) {
      return results.find((r) => !failing.has(r))![0];
    }
    const wanted = [...new Set(errs.flatMap((e) => (e.many ? (e.wanted as unknown[]) : [e.wanted]).map((w) => JSON.stringify(w))))];
    if (wanted.length > 1) return { path: p, message: () => `expected one of ${wanted.join(", ")}, got ${describe(errs[0].got)}` };
  }
  let best = results[0][0];
  for (const r of results) if (r[0].path.length > best.path.length) best = r[0];
  if (best.path === path) return { path, message: () => `matches none of the ${n} alternatives (${kw}); e.g. ${best.message()}` };
  return best;
}

/** The schemas that can be checked against: pyhf 1.0.0's documents by file name. */
export type SchemaName = "workspace.json" | "model.json" | "measurement.json" | "patchset.json" | "jsonpatch.json" | "defs.json";

/**
 * Every violation of pyhf's schema `name` (version 1.0.0: "workspace.json", "model.json",
 * "measurement.json", "patchset.json", "jsonpatch.json"), each with its JSON path; empty when valid.
 * @example hf.schemaErrors("workspace.json", { version: "1.0.0" })
 * // [{ path: "", message: 'missing required property "channels"' }, …]
 */
export function schemaErrors(name: SchemaName, value: unknown): SchemaError[] {
  const schema = REGISTRY.get(BASE + name);
  if (schema === undefined) throw new Error(`jsonschema: no schema ${JSON.stringify(name)}`);
  return check(schema, value, "", BASE + name).map((e) => ({ path: e.path, message: e.message() }));
}

/** Throw a TypeError naming `fn`, the JSON path and what was expected, at the first violation of schema `name`. */
export function assertSchema(fn: string, name: SchemaName, value: unknown): void {
  const schema = REGISTRY.get(BASE + name);
  if (schema === undefined) throw new Error(`jsonschema: no schema ${JSON.stringify(name)}`);
  const lazy = check(schema, value, "", BASE + name);
  if (lazy.length === 0) return;
  const errs = [{ path: lazy[0].path, message: lazy[0].message() }, ...lazy.slice(1)];
  const e = errs[0];
  const more = errs.length > 1 ? ` (and ${errs.length - 1} more violation${errs.length > 2 ? "s" : ""})` : "";
  throw new TypeError(`${fn}: ${e.path || "(root)"}: ${e.message}${more} [pyhf schema ${name}, 1.0.0]`);
}
