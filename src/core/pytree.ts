/**
 * @file Pytrees: nested JS arrays and plain objects (keys in sorted order, as JAX sorts dict keys),
 * null/undefined as empty nodes, user-registered classes, and leaves (everything else). Every walk is
 * iterative (an explicit stack), so a tree 100,000 levels deep is fine, and a tree that contains
 * itself is reported as a cycle, with its path, instead of overflowing the stack.
 */

type NodeKind = "leaf" | "null" | "array" | "object" | "custom";

interface NodeType {
  cls: Function;
  flatten: (node: any) => [unknown[], unknown];
  unflatten: (aux: any, children: unknown[]) => unknown;
}

const registry = new Map<Function, NodeType>();

/** Options of `flatten`, `leaves`, `structure` and `map`. */
export interface TreeOptions {
  /**
   * Treat a value for which this returns true as a leaf, even when it is a node (an array, an
   * object, null, a registered class): its whole subtree is one leaf (as JAX's `is_leaf`).
   */
  isLeaf?: (x: unknown) => boolean;
}

/** The structure of a pytree with its leaves removed. */
export class TreeDef {
  readonly numLeaves: number;
  constructor(
    readonly kind: NodeKind,
    readonly aux: unknown, // object keys, or a custom node's aux data
    readonly children: TreeDef[],
    readonly nodeType: NodeType | null = null,
  ) {
    let n = kind === "leaf" ? 1 : 0;
    for (const c of children) n += c.numLeaves;
    this.numLeaves = n;
  }
  /** Same structure: kinds, keys (and custom aux data), node types and arities (compared level by level, no recursion). */
  equals(o: TreeDef): boolean {
    const stack: [TreeDef, TreeDef][] = [[this, o]];
    while (stack.length) {
      const [a, b] = stack.pop()!;
      if (a === b) continue;
      if (a.kind !== b.kind || a.children.length !== b.children.length || a.numLeaves !== b.numLeaves) return false;
      if (a.kind === "object" && JSON.stringify(a.aux) !== JSON.stringify(b.aux)) return false;
      if (a.kind === "custom" && (a.nodeType !== b.nodeType || JSON.stringify(a.aux) !== JSON.stringify(b.aux))) return false;
      for (let i = 0; i < a.children.length; i++) stack.push([a.children[i], b.children[i]]);
    }
    return true;
  }
  toString(): string {
    return foldDef<string>(this, () => "*", (d, cs) => {
      switch (d.kind) {
        case "array": return `[${cs.join(", ")}]`;
        case "object": return `{${(d.aux as string[]).map((k, i) => `${keyText(k)}: ${cs[i]}`).join(", ")}}`;
        case "custom": return `${d.nodeType!.cls.name}(${cs.join(", ")})`;
        default: return "null";
      }
    });
  }
}

/** An object key as JavaScript would write it: bare when it is an identifier, else quoted (`{ "a b": * }`). */
function keyText(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
}

/**
 * Fold a TreeDef bottom-up without recursion: `leaf()` for each leaf (called left to right),
 * `node(def, childResults)` for each other node.
 */
function foldDef<T>(root: TreeDef, leaf: () => T, nodeFn: (d: TreeDef, children: T[]) => T): T {
  if (root.kind === "leaf") return leaf();
  const stack: { d: TreeDef; i: number; out: T[] }[] = [{ d: root, i: 0, out: [] }];
  for (;;) {
    const f = stack[stack.length - 1];
    if (f.i < f.d.children.length) {
      const c = f.d.children[f.i++];
      if (c.kind === "leaf") f.out.push(leaf());
      else stack.push({ d: c, i: 0, out: [] });
      continue;
    }
    stack.pop();
    const r = nodeFn(f.d, f.out);
    if (!stack.length) return r;
    stack[stack.length - 1].out.push(r);
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

interface NodeInfo {
  kind: NodeKind;
  aux: unknown;
  children: unknown[];
  nodeType: NodeType | null;
}

/** One level of a non-leaf node: its kind, aux data (keys or custom aux) and children; null for a leaf. */
function node(v: unknown): NodeInfo | null {
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

/** One node being flattened: its value, what `node` made of it, the structures of the children done so far. */
interface Frame {
  v: unknown;
  n: NodeInfo;
  i: number;
  defs: TreeDef[];
}

/** The path to the child being visited in `stack`, as JS accessors: `[1].a[0]`. */
function pathOf(stack: Frame[]): string {
  return stack.map((f) => (f.n.kind === "object" ? `.${(f.n.aux as string[])[f.i - 1]}` : `[${f.i - 1}]`)).join("");
}

/** The depth from which `flatten` checks every node against its ancestors. */
const CYCLE_CHECK_DEPTH = 64;

/** The nodes on the stack as a set; a node repeated among them is a cycle (reported at its second occurrence). */
function ancestors(stack: Frame[]): Set<unknown> {
  const s = new Set<unknown>();
  for (let k = 0; k < stack.length; k++) {
    if (s.has(stack[k].v)) throw cycleError(stack.slice(0, k));
    s.add(stack[k].v);
  }
  return s;
}

function cycleError(stack: Frame[]): TypeError {
  return new TypeError(`tree.flatten: the tree contains a cycle at path ${pathOf(stack)} (that node is one of its own ancestors); a pytree must be finite`);
}

/**
 * Leaves (depth-first, left to right) and the tree structure. A node that is one of its own
 * ancestors (a cycle) is an error; the same object in two places is two subtrees.
 * @example tree.flatten({ a: 1, b: [2, 3] }) // [[1, 2, 3], {a: *, b: [*, *]}]
 * @example tree.flatten([[1, 2], 3], { isLeaf: Array.isArray }) // [[[1, 2]], [*, *]]
 */
export function flatten(x: unknown, opts: TreeOptions = {}): [unknown[], TreeDef] {
  const isLeaf = opts.isLeaf;
  const nodeOf = isLeaf ? (v: unknown) => (isLeaf(v) ? null : node(v)) : node;
  const leaves: unknown[] = [];
  const n0 = nodeOf(x);
  if (!n0) return [[x], LEAF];
  const stack: Frame[] = [{ v: x, n: n0, i: 0, defs: [] }];
  // the ancestors of the node being visited, tracked only once the tree is deep (a cycle makes it
  // infinitely deep), so that flattening the usual small trees costs no Set
  let onPath: Set<unknown> | null = null;
  for (;;) {
    const f = stack[stack.length - 1];
    if (f.i < f.n.children.length) {
      const c = f.n.children[f.i++];
      const cn = nodeOf(c);
      if (!cn) {
        leaves.push(c);
        f.defs.push(LEAF);
      } else if (cn.kind === "null") {
        f.defs.push(new TreeDef("null", null, []));
      } else {
        if (!onPath && stack.length >= CYCLE_CHECK_DEPTH) onPath = ancestors(stack);
        if (onPath) {
          if (onPath.has(c)) throw cycleError(stack);
          onPath.add(c);
        }
        stack.push({ v: c, n: cn, i: 0, defs: [] });
      }
      continue;
    }
    stack.pop();
    onPath?.delete(f.v);
    const def = new TreeDef(f.n.kind, f.n.aux, f.defs, f.n.nodeType);
    if (!stack.length) return [leaves, def];
    stack[stack.length - 1].defs.push(def);
  }
}

/**
 * Expand `prefix`, a tree whose structure is a prefix of `full`'s, to one entry per leaf of `full`:
 * each prefix leaf (as `isLeaf` decides, e.g. numbers and null for vmap's axes) covers a whole subtree.
 * @example broadcastPrefix([0, null], [[a, b], c], isAxis) // [0, 0, null]
 */
export function broadcastPrefix(prefix: unknown, full: unknown, isLeaf: (x: unknown) => boolean, what = "tree prefix"): unknown[] {
  const out: unknown[] = [];
  const stack: [unknown, unknown][] = [[prefix, full]];
  while (stack.length) {
    const [p, v] = stack.pop()!;
    if (isLeaf(p)) {
      const n = flatten(v)[1].numLeaves;
      for (let i = 0; i < n; i++) out.push(p);
      continue;
    }
    const pn = node(p), vn = node(v);
    const same = pn && vn && pn.kind === vn.kind && pn.nodeType === vn.nodeType && pn.children.length === vn.children.length &&
      (pn.kind !== "object" || JSON.stringify(pn.aux) === JSON.stringify(vn.aux));
    if (!same) {
      throw new TypeError(`${what} ${showPrefix(prefix, isLeaf)} is not a prefix of the structure ${structure(full)} (at ${showPrefix(p, isLeaf)} vs ${structure(v)})`);
    }
    for (let i = pn!.children.length - 1; i >= 0; i--) stack.push([pn!.children[i], vn!.children[i]]);
  }
  return out;
}

/** A prefix tree printed with its leaves shown (`[0, {a: null}]`). */
function showPrefix(p: unknown, isLeaf: (x: unknown) => boolean): string {
  const [ls, def] = flatten(p, { isLeaf: (x) => isLeaf(x) || node(x) === null });
  let k = 0;
  return foldDef(def, () => {
    const l = ls[k++];
    return typeof l === "string" ? JSON.stringify(l) : String(l);
  }, (d, cs) => {
    switch (d.kind) {
      case "array": return `[${cs.join(", ")}]`;
      case "object": return `{${(d.aux as string[]).map((key, i) => `${key}: ${cs[i]}`).join(", ")}}`;
      case "custom": return `${d.nodeType!.cls.name}(${cs.join(", ")})`;
      default: return "null";
    }
  });
}

/** Rebuild a tree from its structure and leaves. @example tree.unflatten(def, [1, 2, 3]) */
export function unflatten(def: TreeDef, leaves: readonly unknown[]): any {
  if (leaves.length !== def.numLeaves) throw new Error(`tree.unflatten: structure ${def} has ${def.numLeaves} leaves, got ${leaves.length}`);
  let next = 0;
  return foldDef<unknown>(def, () => leaves[next++], (d, cs) => {
    switch (d.kind) {
      case "array": return cs;
      case "object": {
        const o: Record<string, unknown> = {};
        (d.aux as string[]).forEach((k, j) => (o[k] = cs[j]));
        return o;
      }
      case "custom": return d.nodeType!.unflatten(d.aux, cs);
      default: return null;
    }
  });
}

/** The leaves of a tree. @example tree.leaves([1, { a: 2 }]) // [1, 2] */
export function leaves(x: unknown, opts?: TreeOptions): unknown[] {
  return flatten(x, opts)[0];
}

/** The structure of a tree. @example String(tree.structure([1, { a: 2 }])) // "[*, {a: *}]" */
export function structure(x: unknown, opts?: TreeOptions): TreeDef {
  return flatten(x, opts)[1];
}

/** Is `x` an options object for `map` (a plain object whose only key is `isLeaf`, a function)? */
function isOptions(x: unknown): x is TreeOptions {
  if (!isPlainObject(x)) return false;
  const keys = Object.keys(x);
  return keys.length === 1 && keys[0] === "isLeaf" && (typeof x.isLeaf === "function" || x.isLeaf === undefined);
}

/**
 * Apply `f` to every leaf of `x`, and to the corresponding leaves of the trees in `rest` (which
 * must have the structure of `x`). A last argument `{ isLeaf }` is read as options (as JAX's
 * `is_leaf` keyword), unless `x` itself is such an object: then it is a tree like the others.
 * @example tree.map((a, b) => a + b, [1, 2], [10, 20]) // [11, 22]
 * @example tree.map((p) => p.length, [[1, 2], [3]], { isLeaf: (v) => Array.isArray(v) && typeof v[0] === "number" }) // [2, 1]
 */
export function map(f: (...leaves: any[]) => unknown, x: unknown, ...rest: unknown[]): any {
  let opts: TreeOptions = {};
  if (rest.length && isOptions(rest[rest.length - 1]) && !isOptions(x)) opts = rest.pop() as TreeOptions;
  const [ls, def] = flatten(x, opts);
  const others = rest.map((r, k) => {
    const [rl, rdef] = flatten(r, opts);
    if (!rdef.equals(def)) throw new Error(`tree.map: argument ${k + 1} has structure ${rdef}, expected ${def}`);
    return rl;
  });
  return unflatten(def, ls.map((l, i) => f(l, ...others.map((o) => o[i]))));
}
