/**
 * @file JSON Patch (RFC 6902: add, remove, replace, move, copy, test) over JSON Pointers (RFC 6901,
 * with ~0 / ~1 escapes and "-" for the end of an array), as a pure function returning a new document.
 */
import { jsonEqual } from "./jsonschema.js";
import { assertSchema } from "./jsonschema.js";

/** One patch operation. */
export type PatchOperation =
  | { op: "add" | "replace" | "test"; path: string; value: unknown }
  | { op: "remove"; path: string }
  | { op: "move" | "copy"; path: string; from: string };

type Container = Record<string, unknown> | unknown[];

/** The reference tokens of a JSON Pointer ("" is the whole document; "/a~1b/0" is ["a/b", "0"]). */
export function parsePointer(ptr: string): string[] {
  if (typeof ptr !== "string") throw new Error(`expected a JSON Pointer string, got ${typeof ptr}`);
  if (ptr === "") return [];
  if (!ptr.startsWith("/")) throw new Error(`the JSON Pointer ${JSON.stringify(ptr)} must be empty or start with "/"`);
  return ptr.slice(1).split("/").map((t) => {
    if (/~(?![01])/.test(t)) throw new Error(`the JSON Pointer ${JSON.stringify(ptr)} has an invalid escape in ${JSON.stringify(t)} (only ~0 and ~1)`);
    return t.replace(/~1/g, "/").replace(/~0/g, "~");
  });
}

const isContainer = (v: unknown): v is Container => typeof v === "object" && v !== null;

function arrayIndex(tok: string, arr: unknown[], allowEnd: boolean): number {
  if (tok === "-") {
    if (allowEnd) return arr.length;
    throw new Error(`"-" (the end of the array) names no element here`);
  }
  if (!/^(0|[1-9][0-9]*)$/.test(tok)) throw new Error(`${JSON.stringify(tok)} is not an array index`);
  const i = Number(tok);
  if (i > arr.length || (!allowEnd && i === arr.length)) throw new Error(`index ${i} is out of range for an array of length ${arr.length}`);
  return i;
}

/** The container holding the pointer's last token, and that token. */
function parentOf(doc: unknown, tokens: string[]): { parent: Container; key: string } {
  let node: unknown = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i];
    if (Array.isArray(node)) node = node[arrayIndex(t, node, false)];
    else if (isContainer(node) && Object.prototype.hasOwnProperty.call(node, t)) node = (node as Record<string, unknown>)[t];
    else throw new Error(`/${tokens.slice(0, i + 1).join("/")} does not exist`);
  }
  if (!isContainer(node)) throw new Error(`the parent of the target is not an object or array`);
  return { parent: node, key: tokens[tokens.length - 1] };
}

function get(doc: unknown, tokens: string[]): unknown {
  if (tokens.length === 0) return doc;
  const { parent, key } = parentOf(doc, tokens);
  if (Array.isArray(parent)) return parent[arrayIndex(key, parent, false)];
  if (!Object.prototype.hasOwnProperty.call(parent, key)) throw new Error(`the target does not exist`);
  return parent[key];
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/**
 * Apply a JSON Patch (RFC 6902) to a JSON document; returns a new document (the input is not changed).
 * An operation that does not apply is an Error naming the operation's index, op and path.
 * @example hf.applyPatch({ a: [1, 2] }, [{ op: "add", path: "/a/-", value: 3 }]) // { a: [1, 2, 3] }
 */
export function applyPatch<T>(doc: T, patch: readonly PatchOperation[], fn = "hf.applyPatch"): T {
  assertSchema(fn, "jsonpatch.json", patch);
  let out: unknown = clone(doc);
  patch.forEach((op, i) => {
    try {
      out = applyOne(out, op);
    } catch (e) {
      const from = "from" in op ? ` from ${JSON.stringify(op.from)}` : "";
      throw new Error(`${fn}: patch operation ${i} (${op.op} ${JSON.stringify(op.path)}${from}) does not apply: ${(e as Error).message}`);
    }
  });
  return out as T;
}

function add(doc: unknown, tokens: string[], value: unknown): unknown {
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent, true), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: unknown, tokens: string[]): unknown {
  if (tokens.length === 0) throw new Error("cannot remove the whole document");
  const { parent, key } = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent, false), 1);
  else if (Object.prototype.hasOwnProperty.call(parent, key)) delete parent[key];
  else throw new Error(`the target does not exist`);
  return doc;
}

function applyOne(doc: unknown, op: PatchOperation): unknown {
  const path = parsePointer(op.path);
  switch (op.op) {
    case "add":
      return add(doc, path, clone(op.value));
    case "remove":
      return remove(doc, path);
    case "replace":
      get(doc, path); // the target must exist
      return path.length === 0 ? clone(op.value) : add(remove(doc, path), path, clone(op.value));
    case "move": {
      const from = parsePointer(op.from);
      if (from.length < path.length && from.every((t, i) => t === path[i])) throw new Error(`cannot move a value into one of its own children`);
      const v = get(doc, from);
      return add(remove(doc, from), path, v);
    }
    case "copy":
      return add(doc, path, clone(get(doc, parsePointer(op.from))));
    case "test": {
      const v = get(doc, path);
      if (!jsonEqual(v, op.value)) throw new Error(`test failed: the value is ${JSON.stringify(v)?.slice(0, 60)}, expected ${JSON.stringify(op.value)?.slice(0, 60)}`);
      return doc;
    }
  }
}
