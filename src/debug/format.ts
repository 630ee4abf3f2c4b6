/** @file The Python `str.format` subset `debug.print` understands: `{}`, `{0}`, `{name}`, `{:.3f}`, `{{`, `}}`. */
import { NDArray } from "../core/array.js";
import { TreeDef, flatten } from "../core/pytree.js";

/** A parsed format string: literal text and replacement fields, in order. */
export type Piece = string | { field: number | string; spec: string };

/** Parse `fmt`, numbering `{}` fields automatically; errors name `op` and the offending field. */
export function parseFormat(fmt: string, op: string): Piece[] {
  if (typeof fmt !== "string") throw new TypeError(`${op}: the format must be a string, got ${typeof fmt}`);
  const pieces: Piece[] = [];
  let text = "";
  let auto = 0;
  let numbering: "auto" | "manual" | null = null;
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === "}") {
      if (fmt[i + 1] !== "}") throw new SyntaxError(`${op}: single '}' at position ${i} of the format ${JSON.stringify(fmt)} (write '}}' for a brace)`);
      text += "}";
      i++;
      continue;
    }
    if (ch !== "{") {
      text += ch;
      continue;
    }
    if (fmt[i + 1] === "{") {
      text += "{";
      i++;
      continue;
    }
    const end = fmt.indexOf("}", i);
    if (end < 0) throw new SyntaxError(`${op}: unclosed '{' at position ${i} of the format ${JSON.stringify(fmt)}`);
    const body = fmt.slice(i + 1, end);
    const colon = body.indexOf(":");
    const name = colon < 0 ? body : body.slice(0, colon);
    const spec = colon < 0 ? "" : body.slice(colon + 1);
    let field: number | string;
    if (name === "" || /^\d+$/.test(name)) {
      const kind = name === "" ? "auto" : "manual";
      if (numbering && numbering !== kind) throw new SyntaxError(`${op}: cannot mix automatic '{}' and numbered '{0}' fields in ${JSON.stringify(fmt)}`);
      numbering = kind;
      field = name === "" ? auto++ : Number(name);
    } else if (/^[A-Za-z_$][\w$]*$/.test(name)) field = name;
    else throw new SyntaxError(`${op}: bad field {${body}} in the format ${JSON.stringify(fmt)} (expected {}, {0} or {name})`);
    checkSpec(spec, op);
    if (text) pieces.push(text);
    text = "";
    pieces.push({ field, spec });
    i = end;
  }
  if (text) pieces.push(text);
  return pieces;
}

const SPEC = /^\.(\d+)([fe])$/;

function checkSpec(spec: string, op: string): void {
  if (spec && !SPEC.test(spec)) throw new SyntaxError(`${op}: format spec ':${spec}' is not supported (use ':.Nf' or ':.Ne', or none)`);
}

/** One value as printed: arrays as they print themselves, pytrees of them with brackets and keys. */
export function formatValue(v: unknown, spec: string): string {
  if (spec) {
    const [, digits, kind] = SPEC.exec(spec)!;
    const x = v instanceof NDArray && v.size === 1 ? v.item() : v;
    if (typeof x !== "number") throw new TypeError(`debug.print: format spec ':${spec}' needs a number or a one-element array, got ${describe(v)}`);
    return kind === "f" ? x.toFixed(Number(digits)) : x.toExponential(Number(digits));
  }
  const [leaves, def] = flatten(v);
  if (def.kind === "leaf") return String(v);
  let k = 0;
  return show(def, () => String(leaves[k++]));
}

function show(def: TreeDef, leaf: () => string): string {
  // (printing is not a hot path; depth is that of the printed tree)
  if (def.kind === "leaf") return leaf();
  const cs = def.children.map((c) => show(c, leaf));
  switch (def.kind) {
    case "array": return `[${cs.join(", ")}]`;
    case "object": return `{${(def.aux as string[]).map((key, i) => `${key}: ${cs[i]}`).join(", ")}}`;
    case "custom": return `${def.nodeType!.cls.name}(${cs.join(", ")})`;
    default: return "null";
  }
}

function describe(v: unknown): string {
  return v instanceof NDArray ? `an array of shape [${v.shape}]` : typeof v;
}

/** Fill the parsed format with values. */
export function render(pieces: Piece[], positional: unknown[], named: Record<string, unknown>): string {
  let s = "";
  for (const p of pieces) s += typeof p === "string" ? p : formatValue(typeof p.field === "number" ? positional[p.field] : named[p.field], p.spec);
  return s;
}
