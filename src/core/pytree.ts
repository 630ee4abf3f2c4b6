/**
 * @file Pytrees: nested JS arrays and plain objects (keys in sorted order, as JAX sorts dict keys),
 * null/undefined as empty nodes, user-registered classes, and leaves (everything else).
 */

type NodeKind = "leaf" | "null" | "array" | "object" | "custom";

interface NodeType {
  cls: Function;
  flatten: (node: any) => [unknown[], unknown];
  unflatten: (aux: any, children: unknown[]) => unknown;
}

const registry = new Map<Function, NodeType>();

/** The structure of a pytree with its leaves removed. */
export class TreeDef {
  readonly numLeaves: number;
  constructor(
    readonly kind: NodeKind,
    readonly aux: unknown, // object keys, or a custom node's aux data
    readonly children: TreeDef[],
    readonly nodeType: NodeType | null = null,
  ) {
    this.numLeaves = kind === "leaf" ? 1 : children.reduce((s, c) => s + c.numLeaves, 0);
  }
  equals(o: TreeDef): boolean {
    if (this.kind !== o.kind || this.children.length !== o.children.length) return false;
    if (this.kind === "object" && JSON.stringify(this.aux) !== JSON.stringify(o.aux)) return false;
    if (this.kind === "custom" && (this.nodeType !== o.nodeType || JSON.stringify(this.aux) !== JSON.stringify(o.aux))) return false;
    return this.children.every((c, i) => c.equals(o.children[i]));
  }
  toString(): string {
    switch (this.kind) {
      case "leaf": return "*";
      case "null": return "null";
      case "array": return `[${this.children.join(", ")}]`;
      case "object": return `{${(this.aux as string[]).map((k, i) => `${k}: ${this.children[i]}`).join(", ")}}`;
      case "custom": return `${this.nodeType!.cls.name}(${this.children.join(", ")})`;
    }
  }
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Register a class as a pytree node.
 * @example tree.registerNode(Point, (p) => [[p.x, p.y], null], (_aux, [x, y]) => new Point(x, y))
 */
export function registerNode<T>(cls: new (...a: any[]) => T, flatten: (node: T) => [unknown[], unknown], unflatten: (aux: any, children: any[]) => T): void {
  registry.set(cls, { cls, flatten: flatten as NodeType["flatten"], unflatten });
}

/** One level of a non-leaf node: its kind, aux data (keys or custom aux) and children; null for a leaf. */
function node(v: unknown): { kind: NodeKind; aux: unknown; children: unknown[]; nodeType: NodeType | null } | null {
  if (v === null || v === undefined) return { kind: "null", aux: null, children: [], nodeType: null };
  if (Array.isArray(v)) return { kind: "array", aux: null, children: v, nodeType: null };
  if (isPlainObject(v)) {
    const keys = Object.keys(v).sort();
    return { kind: "object", aux: keys, children: keys.map((k) => v[k]), nodeType: null };
  }
  const nt = typeof v === "object" ? registry.get((v as object).constructor) : undefined;
  if (nt) {
    const [children, aux] = nt.flatten(v);
    return { kind: "custom", aux, children, nodeType: nt };
  }
  return null;
}

/** The structure of a single leaf (TreeDefs are immutable, so one is shared). */
const LEAF = new TreeDef("leaf", null, []);

/** Leaves (depth-first, left to right) and the tree structure. @example tree.flatten({ a: 1, b: [2, 3] }) // [[1, 2, 3], {a: *, b: [*, *]}] */
export function flatten(x: unknown): [unknown[], TreeDef] {
  const leaves: unknown[] = [];
  const def = flattenInto(x, leaves);
  return [leaves, def];
}

function flattenInto(v: unknown, leaves: unknown[]): TreeDef {
  const n = node(v);
  if (!n) {
    leaves.push(v);
    return LEAF;
  }
  const children = n.children.map((c) => flattenInto(c, leaves));
  return new TreeDef(n.kind, n.aux, children, n.nodeType);
}

/**
 * Expand `prefix`, a tree whose structure is a prefix of `full`'s, to one entry per leaf of `full`:
 * each prefix leaf (as `isLeaf` decides, e.g. numbers and null for vmap's axes) covers a whole subtree.
 * @example broadcastPrefix([0, null], [[a, b], c], isAxis) // [0, 0, null]
 */
export function broadcastPrefix(prefix: unknown, full: unknown, isLeaf: (x: unknown) => boolean, what = "tree prefix"): unknown[] {
  const out: unknown[] = [];
  const rec = (p: unknown, v: unknown): void => {
    if (isLeaf(p)) {
      const n = flatten(v)[1].numLeaves;
      for (let i = 0; i < n; i++) out.push(p);
      return;
    }
    const pn = node(p), vn = node(v);
    const same = pn && vn && pn.kind === vn.kind && pn.nodeType === vn.nodeType && pn.children.length === vn.children.length &&
      (pn.kind !== "object" || JSON.stringify(pn.aux) === JSON.stringify(vn.aux));
    if (!same) {
      throw new TypeError(`${what} ${showPrefix(prefix, isLeaf)} is not a prefix of the structure ${structure(full)} (at ${showPrefix(p, isLeaf)} vs ${structure(v)})`);
    }
    pn!.children.forEach((c, i) => rec(c, vn!.children[i]));
  };
  rec(prefix, full);
  return out;
}

/** A prefix tree printed with its leaves shown (`[0, {a: null}]`). */
function showPrefix(p: unknown, isLeaf: (x: unknown) => boolean): string {
  if (isLeaf(p)) return String(p);
  const n = node(p);
  if (!n) return typeof p === "string" ? JSON.stringify(p) : String(p);
  const cs = n.children.map((c) => showPrefix(c, isLeaf));
  switch (n.kind) {
    case "array": return `[${cs.join(", ")}]`;
    case "object": return `{${(n.aux as string[]).map((k, i) => `${k}: ${cs[i]}`).join(", ")}}`;
    case "custom": return `${n.nodeType!.cls.name}(${cs.join(", ")})`;
    default: return "null";
  }
}

/** Rebuild a tree from its structure and leaves. @example tree.unflatten(def, [1, 2, 3]) */
export function unflatten(def: TreeDef, leaves: readonly unknown[]): any {
  if (leaves.length !== def.numLeaves) throw new Error(`tree.unflatten: structure ${def} has ${def.numLeaves} leaves, got ${leaves.length}`);
  if (def.kind === "leaf") return leaves[0];
  return unflattenFrom(def, leaves, { next: 0 });
}

function unflattenFrom(d: TreeDef, leaves: readonly unknown[], at: { next: number }): unknown {
  switch (d.kind) {
    case "leaf": return leaves[at.next++];
    case "null": return null;
    case "array": return d.children.map((c) => unflattenFrom(c, leaves, at));
    case "object": {
      const o: Record<string, unknown> = {};
      (d.aux as string[]).forEach((k, j) => (o[k] = unflattenFrom(d.children[j], leaves, at)));
      return o;
    }
    case "custom": return d.nodeType!.unflatten(d.aux, d.children.map((c) => unflattenFrom(c, leaves, at)));
  }
}

/** The leaves of a tree. @example tree.leaves([1, { a: 2 }]) // [1, 2] */
export function leaves(x: unknown): unknown[] {
  return flatten(x)[0];
}

/** The structure of a tree. @example String(tree.structure([1, { a: 2 }])) // "[*, {a: *}]" */
export function structure(x: unknown): TreeDef {
  return flatten(x)[1];
}

/**
 * Apply `f` to every leaf (of `x` and the same-structured `rest`).
 * @example tree.map((a, b) => a + b, [1, 2], [10, 20]) // [11, 22]
 */
export function map(f: (...leaves: any[]) => unknown, x: unknown, ...rest: unknown[]): any {
  const [ls, def] = flatten(x);
  const others = rest.map((r, k) => {
    const [rl, rdef] = flatten(r);
    if (!rdef.equals(def)) throw new Error(`tree.map: argument ${k + 1} has structure ${rdef}, expected ${def}`);
    return rl;
  });
  return unflatten(def, ls.map((l, i) => f(l, ...others.map((o) => o[i]))));
}
