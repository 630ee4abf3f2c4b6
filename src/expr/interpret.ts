/**
 * @file The interpreter of adjoint's expression language (the playground's and the CLI's): it walks the tree from parser.ts
 * and calls the library — `x * y` is `np.multiply(x, y)`, `c ? a : b` is `np.where(c, a, b)` — so
 * the user's function runs unchanged under grad, vmap and jit (they trace the library calls).
 *
 * The security argument is that the language has no way to name anything but what this file
 * hands out: identifiers resolve to the function's own parameters and constants, then to the
 * global table below (np, lax, nn, special, random, grad, vmap, jit, jvp, pi, e, …); a member is read only
 * from a namespace of the library (an own, non-underscore key of an ES module namespace object)
 * or from a fixed list of array methods; calls reach only those functions and the user's own
 * arrow functions. There are no strings, no assignment, no `new`, `this`, prototypes, globals or
 * property access on arbitrary objects, so neither `constructor` nor `__proto__` can be reached.
 */
import * as lib from "../index.js";
import { NDArray } from "../index.js";
import { ExprError } from "./lexer.js";
import { Node, parse } from "./parser.js";

/** A function written in the language: its parameters, constants and body, with the scope it closes over. */
class Closure {
  constructor(readonly node: Extract<Node, { k: "arrow" }>, readonly scope: Scope) {}
}
/** A library function, with the name it is shown by in errors. */
class LibFn {
  constructor(readonly fn: (...a: unknown[]) => unknown, readonly name: string) {}
}
/** A namespace of the library (np, lax, np.linalg …). */
class Namespace {
  constructor(readonly ns: Record<string, unknown>, readonly name: string) {}
}

type Value = unknown;
type Scope = Map<string, Value> & { parent?: Scope };

/** Array methods and properties the language may use (`x.sum()`, `x.shape`). */
const ARRAY_MEMBERS = new Set([
  "sum", "mean", "prod", "max", "min", "argmax", "argmin", "cumsum", "reshape", "transpose", "T", "mT", "flatten", "ravel", "squeeze",
  "astype", "dot", "shape", "ndim", "size", "dtype", "item", "abs", "sqrt", "exp", "log", "sin", "cos", "tan", "tanh", "square",
  "add", "sub", "mul", "div", "pow", "neg", "matmul", "clip", "sort", "take",
]);

const isModule = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && Object.getPrototypeOf(v) === null && (v as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === "Module";

/** The names every program sees. */
function globals(): Scope {
  const g: Scope = new Map<string, Value>([
    ["np", new Namespace(lib.np as unknown as Record<string, unknown>, "np")],
    ["lax", new Namespace(lib.lax as unknown as Record<string, unknown>, "lax")],
    ["nn", new Namespace(lib.nn as unknown as Record<string, unknown>, "nn")],
    ["special", new Namespace(lib.special as unknown as Record<string, unknown>, "special")],
    ["random", new Namespace(lib.random as unknown as Record<string, unknown>, "random")],
    ["pi", Math.PI], ["e", Math.E], ["Infinity", Infinity], ["NaN", NaN], ["true", true], ["false", false],
  ]);
  for (const name of ["grad", "vmap", "jit", "jvp", "vjp", "jacfwd", "jacrev", "hessian", "valueAndGrad", "stopGradient"] as const) {
    g.set(name, new LibFn(lib[name] as (...a: unknown[]) => unknown, name));
  }
  return g;
}

/** What a value is called in errors. */
function describe(v: Value): string {
  if (v instanceof NDArray) return `an array ${v.dtype}[${v.shape.join(",")}]`;
  if (v instanceof Namespace) return `the namespace ${v.name}`;
  if (v instanceof LibFn || v instanceof Closure) return "a function";
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v === null || v === undefined) return String(v);
  return `${typeof v === "number" ? "the number" : typeof v} ${String(v)}`;
}

/** A value handed to the library: user functions become plain functions, lists their elements converted. */
function toHost(v: Value): unknown {
  if (v instanceof Closure) return (...args: unknown[]) => call(v, args.map((a) => fromHost(a)));
  if (v instanceof LibFn) return v.fn;
  if (v instanceof Namespace) throw new TypeError(`${v.name} is a namespace, not a value`);
  if (Array.isArray(v)) return v.map(toHost);
  return v;
}

/** A value from the library: functions become LibFns (callable, but not inspectable). */
function fromHost(v: unknown, name = "function"): Value {
  if (typeof v === "function") return new LibFn(v as (...a: unknown[]) => unknown, (v as { name?: string }).name || name);
  if (isModule(v)) return new Namespace(v, name);
  if (Array.isArray(v)) return v.map((x) => fromHost(x));
  return v;
}

function lookup(scope: Scope | undefined, name: string): Value | typeof MISSING {
  for (let s = scope; s; s = s.parent) if (s.has(name)) return s.get(name);
  return MISSING;
}
const MISSING = Symbol("missing");

/** `; did you mean "sin"?` for a near miss among the names in scope (edit distance ≤ 2), or np's function of that name. */
function suggestion(scope: Scope | undefined, name: string): string {
  let best = "", dist = Math.min(2, Math.floor(name.length / 2)) + 1;
  for (let s = scope; s; s = s.parent) {
    for (const k of s.keys()) {
      const d = editDistance(k, name, dist + 1);
      if (d < dist || (d === dist && best && prefix(k, name) > prefix(best, name))) { best = k; dist = d; }
    }
  }
  if (best) return `; did you mean "${best}"?`;
  const np = lib.np as unknown as Record<string, unknown>;
  return !name.startsWith("_") && Object.prototype.hasOwnProperty.call(np, name) && typeof np[name] === "function" ? `; did you mean np.${name}?` : "";
}

const prefix = (a: string, b: string) => { let i = 0; while (i < a.length && a[i] === b[i]) i++; return i; };

/** Levenshtein distance of a and b, or `cap` once it reaches `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...row) >= cap) return cap;
    prev = row;
  }
  return Math.min(prev[b.length], cap);
}

/** Call a library function or a user function; errors from the library are located at `at`. */
function apply(f: Value, args: Value[], at: Node, name: string): Value {
  if (f instanceof Closure) return call(f, args);
  if (!(f instanceof LibFn)) throw new ExprError(`${name} is not a function (it is ${describe(f)})`, at.start, at.end);
  try {
    return fromHost(f.fn(...args.map(toHost)), name);
  } catch (e) {
    if (e instanceof ExprError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new ExprError(msg.startsWith(name) || msg.includes(`${f.name}:`) ? msg : `${name}: ${msg}`, at.start, at.end);
  }
}

let depth = 0;
/** Run a user function on argument values. */
function call(c: Closure, args: Value[]): Value {
  const { params, decls, body } = c.node;
  if (args.length !== params.length) {
    throw new ExprError(`the function takes ${params.length} argument${params.length === 1 ? "" : "s"} (${params.map((p) => p.name).join(", ")}), called with ${args.length}`, c.node.start, c.node.end);
  }
  if (depth > 200) throw new ExprError("too deep: a function calls itself without end", c.node.start, c.node.end);
  const scope: Scope = new Map();
  scope.parent = c.scope;
  params.forEach((p, i) => scope.set(p.name, args[i]));
  depth++;
  try {
    for (const d of decls) {
      if (scope.has(d.name)) throw new ExprError(`"${d.name}" is already declared`, d.start, d.end);
      scope.set(d.name, evaluate(d.value, scope));
    }
    return valueOf(body, scope);
  } finally {
    depth--;
  }
}

const BINARY: Record<string, [string, (a: unknown, b: unknown) => unknown]> = {
  "+": ["np.add", lib.np.add], "-": ["np.subtract", lib.np.subtract], "*": ["np.multiply", lib.np.multiply], "/": ["np.divide", lib.np.divide],
  "%": ["np.remainder", lib.np.remainder], "**": ["np.power", lib.np.power],
  "<": ["np.less", lib.np.less], "<=": ["np.lessEqual", lib.np.lessEqual], ">": ["np.greater", lib.np.greater], ">=": ["np.greaterEqual", lib.np.greaterEqual],
  "==": ["np.equal", lib.np.equal], "===": ["np.equal", lib.np.equal], "!=": ["np.notEqual", lib.np.notEqual], "!==": ["np.notEqual", lib.np.notEqual],
  "&&": ["np.logicalAnd", lib.np.logicalAnd], "||": ["np.logicalOr", lib.np.logicalOr],
} as Record<string, [string, (a: unknown, b: unknown) => unknown]>;

/** A non-negative or negative integer exponent small enough for repeated multiplication, as JAX's `x ** 3` (integer_pow). */
const isSmallInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && Math.abs(v) <= 64;

function evaluate(n: Node, scope: Scope): Value {
  switch (n.k) {
    case "num": return n.value;
    case "ident": {
      const v = lookup(scope, n.name);
      if (v === MISSING) throw new ExprError(`unknown name "${n.name}"${suggestion(scope, n.name)} (the function's parameters and constants, np, lax, nn, special, random, grad, vmap, jit, jvp, vjp, jacfwd, jacrev, hessian, pi and e are defined)`, n.start, n.end);
      return v;
    }
    case "member": {
      const obj = evaluate(n.object, scope);
      if (obj instanceof Namespace) {
        if (n.name.startsWith("_") || !Object.prototype.hasOwnProperty.call(obj.ns, n.name)) {
          throw new ExprError(`${obj.name}.${n.name} does not exist`, n.start, n.end);
        }
        return fromHost(obj.ns[n.name], `${obj.name}.${n.name}`);
      }
      if (obj instanceof NDArray) {
        if (!ARRAY_MEMBERS.has(n.name)) throw new ExprError(`arrays have no member "${n.name}" here (available: ${[...ARRAY_MEMBERS].join(", ")})`, n.start, n.end);
        const m = (obj as unknown as Record<string, unknown>)[n.name];
        if (typeof m === "function") return new LibFn((...a) => (m as (...b: unknown[]) => unknown).apply(obj, a), `.${n.name}`);
        return fromHost(m);
      }
      if (Array.isArray(obj) && n.name === "length") return obj.length;
      throw new ExprError(`cannot read "${n.name}" of ${describe(obj)}`, n.start, n.end);
    }
    case "index": {
      const obj = evaluate(n.object, scope), i = evaluate(n.index, scope);
      if (Array.isArray(obj)) {
        if (typeof i !== "number" || !Number.isInteger(i) || i < -obj.length || i >= obj.length) {
          throw new ExprError(`index ${describe(i)} out of range for a list of ${obj.length}`, n.index.start, n.index.end);
        }
        return obj[i < 0 ? i + obj.length : i];
      }
      if (obj instanceof NDArray) return apply(new LibFn(lib.np.getItem as (...a: unknown[]) => unknown, "getItem"), [obj, i], n, "indexing");
      throw new ExprError(`cannot index ${describe(obj)}`, n.start, n.end);
    }
    case "call": {
      const f = evaluate(n.callee, scope);
      const args = n.args.map((a) => evaluate(a, scope));
      const name = n.callee.k === "member" ? calleeName(n.callee) : n.callee.k === "ident" ? n.callee.name : "the callee";
      return apply(f, args, n, name);
    }
    case "array": return n.items.map((a) => valueOf(a, scope));
    case "unary": {
      const a = evaluate(n.arg, scope);
      if (n.op === "+") return a;
      if (typeof a === "number" && n.op === "-") return -a;
      return apply(new LibFn((n.op === "-" ? lib.np.negative : lib.np.logicalNot) as (...a: unknown[]) => unknown, n.op), [a], n, n.op === "-" ? "np.negative" : "np.logicalNot");
    }
    case "binary": {
      const a = evaluate(n.left, scope), b = evaluate(n.right, scope);
      if (typeof a === "number" && typeof b === "number" && n.op !== "&&" && n.op !== "||") return numeric(n.op, a, b);
      if (n.op === "**" && isSmallInt(b)) return apply(new LibFn(lib.lax.integerPow as (...a: unknown[]) => unknown, "lax.integerPow"), [a, b], n, "lax.integerPow");
      const [name, fn] = BINARY[n.op] ?? [];
      if (!fn) throw new ExprError(`operator "${n.op}" is not supported`, n.start, n.end);
      return apply(new LibFn(fn as (...a: unknown[]) => unknown, name), [a, b], n, name);
    }
    case "cond": {
      const test = evaluate(n.test, scope);
      if (typeof test === "boolean") return evaluate(test ? n.then : n.else, scope);
      // NB: on arrays both branches are evaluated and selected elementwise (np.where), as everything here is traced
      const a = evaluate(n.then, scope), b = evaluate(n.else, scope);
      return apply(new LibFn(lib.np.where as (...a: unknown[]) => unknown, "np.where"), [test, a, b], n, "np.where");
    }
    case "arrow": return new Closure(n, scope);
  }
}

/** Evaluate `n` where a value is needed (a list item, a result): a namespace is not one. */
function valueOf(n: Node, scope: Scope): Value {
  const v = evaluate(n, scope);
  if (v instanceof Namespace) throw new ExprError(`${v.name} is a namespace, not a value (use one of its functions, such as ${v.name}.sin)`, n.start, n.end);
  return v;
}

/** Plain JavaScript arithmetic on two numbers (constants fold before reaching the library). */
function numeric(op: string, a: number, b: number): number | boolean {
  switch (op) {
    case "+": return a + b;
    case "-": return a - b;
    case "*": return a * b;
    case "/": return a / b;
    case "%": return a % b;
    case "**": return a ** b;
    case "<": return a < b;
    case "<=": return a <= b;
    case ">": return a > b;
    case ">=": return a >= b;
    case "==": case "===": return a === b;
    default: return a !== b;
  }
}

function calleeName(n: Node): string {
  if (n.k === "ident") return n.name;
  if (n.k === "member") return `${calleeName(n.object)}.${n.name}`;
  return "(expression)";
}

/** A compiled user function: callable on numbers and arrays (and tracers), with its parameter names. */
export interface UserFunction {
  (...args: unknown[]): unknown;
  readonly params: string[];
  readonly source: string;
}

/**
 * Parse `src`, which must be an arrow function, into a function that calls the library.
 * Syntax errors and, when it runs, run-time errors are ExprErrors with a span in `src`.
 * @example const f = compile("x => x ** 3"); grad(f)(2).item() // 12
 */
export function compile(src: string): UserFunction {
  const node = parse(src);
  if (node.k !== "arrow") throw new ExprError("expected a function, such as x => x ** 3", node.start, node.end);
  const c = new Closure(node, globals());
  const f = (...args: unknown[]): unknown => toHost(call(c, args.map((a) => fromHost(a))));
  return Object.assign(f, { params: node.params.map((p) => p.name), source: src });
}

/**
 * The value of an expression (no function needed), as the library computes it.
 * @example evaluateSource("np.sin(pi / 2)") // an array 1
 */
export function evaluateSource(src: string): unknown {
  return toHost(valueOf(parse(src), globals()));
}

/**
 * Compile a function of `param`: either an arrow function (`x => x ** 3`, as `compile`) or a bare
 * expression in `param` (`x ** 3`, as the CLI takes it); error positions refer to `src` as written.
 * NB: here np's functions are also in scope by their bare names (`sin(x) * x` is `np.sin(x) * x`), after
 * every other name, as a command line is short; `compile` (the playground's) keeps them under `np.`.
 * @example grad(compileFunctionOf("sin(x) * x"))(np.array(2)).item() // sin 2 + 2 cos 2
 */
export function compileFunctionOf(src: string, param = "x"): UserFunction {
  const node = parse(src);
  const arrow: Extract<Node, { k: "arrow" }> = node.k === "arrow" ? node : { k: "arrow", params: [{ name: param, start: node.start, end: node.start }], decls: [], body: node, start: node.start, end: node.end };
  const scope = globals();
  scope.parent = npNames();
  const c = new Closure(arrow, scope);
  const f = (...args: unknown[]): unknown => toHost(call(c, args.map((a) => fromHost(a))));
  return Object.assign(f, { params: arrow.params.map((p) => p.name), source: src });
}

/** np's functions by their bare names (`sin` for `np.sin`), looked up after every other name. */
function npNames(): Scope {
  const ns = lib.np as unknown as Record<string, unknown>;
  const s: Scope = new Map();
  for (const name of Object.keys(ns)) if (!name.startsWith("_") && typeof ns[name] === "function") s.set(name, fromHost(ns[name], `np.${name}`));
  return s;
}
