/**
 * @file Structural keys, in one place: a jaxpr's key (equal keys mean the same program up to variable
 * names — the same primitives, params, literal values and types, wiring and nested jaxprs), and the
 * keys of its parts (numbers, literals, params) that `cse` and the eager lowering cache use too.
 * Lets re-traced functions (a `scan` body traced again on each eager call) reuse a compiled program.
 */
import { ShapedArray } from "../core/aval.js";
import { Atom, ClosedJaxpr, Jaxpr, Lit, Var } from "./jaxpr.js";
import { litValue } from "./rewrite.js";

/** Global ids for what is compared by identity (primitives, functions, non-scalar literals). */
const ids = new WeakMap<object, number>();
let nextId = 0;
/** A process-wide id of `x`, stable while `x` lives. */
export function idOf(x: object): number {
  let id = ids.get(x);
  if (id === undefined) ids.set(x, (id = nextId++));
  return id;
}

/** A number's key: −0 and +0 differ, every NaN is NaN. */
export const numKey = (x: number): string => (Object.is(x, -0) ? "-0" : String(x));

/** A literal's key: its type and, when it has one element, its value (1:f32 ≠ 1:i32); else its array's identity. */
export function litKey(a: Lit): string {
  return a.val.size === 1 ? `l${a.aval.str()}${numKey(litValue(a))}` : `c${idOf(a.val)}`;
}

const keys = new WeakMap<Jaxpr, string>();

/** The structural key of `jaxpr` (memoised per jaxpr object). */
export function structuralKey(jaxpr: Jaxpr): string {
  let k = keys.get(jaxpr);
  if (k === undefined) keys.set(jaxpr, (k = build(jaxpr)));
  return k;
}

function build(jaxpr: Jaxpr): string {
  const names = new Map<Var, number>();
  const name = (v: Var) => {
    let n = names.get(v);
    if (n === undefined) names.set(v, (n = names.size));
    return n;
  };
  const atom = (a: Atom): string => {
    if (a instanceof Var) return `v${name(a)}`;
    return litKey(a);
  };
  const parts = [jaxpr.inBinders.map((v) => `${name(v)}:${v.aval.str()}`).join(",")];
  for (const e of jaxpr.eqns) {
    const outs = e.outBinders.map((v) => `${name(v)}:${v.aval.str()}`).join(",");
    parts.push(`${e.primitive.name}#${idOf(e.primitive)}(${e.inputs.map(atom).join(",")})${paramKey(e.params, true)}>${outs}`);
  }
  parts.push(jaxpr.outs.map(atom).join(","));
  return parts.join(";");
}

/**
 * A key for params: plain data by value (−0 ≠ 0, NaN = NaN), avals by type, nested jaxprs by
 * structure when `jaxprsByStructure` (else by identity), everything else (functions, arrays, class
 * instances) by identity.
 */
export function paramKey(v: unknown, jaxprsByStructure = false): string {
  const sub = (x: unknown) => paramKey(x, jaxprsByStructure);
  switch (typeof v) {
    case "undefined": return "u";
    case "number": return numKey(v);
    case "string": return JSON.stringify(v);
    case "boolean": return v ? "T" : "F";
    case "bigint": return `${v}n`;
    case "function":
    case "symbol": return `#${idOf(v as object)}`;
  }
  if (v === null) return "n";
  if (Array.isArray(v)) return `[${v.map(sub).join(",")}]`;
  if (v instanceof ShapedArray) return `<${v.str()}>`;
  if (jaxprsByStructure && v instanceof Jaxpr) return `{${structuralKey(v)}}`;
  if (jaxprsByStructure && v instanceof ClosedJaxpr) return `{${structuralKey(v.jaxpr)}|${v.consts.map((c) => idOf(c)).join(",")}}`;
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${sub(o[k])}`).join(",")}}`;
  }
  return `#${idOf(v as object)}`;
}
