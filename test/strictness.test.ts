/**
 * @file Strict arguments over the whole export surface, generated from the signature tables: every
 * exported function of src/index.ts (np, np.linalg, nn, special, random, lax, tree, flattenUtil,
 * debug, numeric, plot, hf and the top-level transformations) carries a checked signature, and each one
 * rejects (a) a surplus positional argument, (b) an unknown key in each of its options objects and
 * (c) an options object where a plain value is expected, with a TypeError naming the function.
 * Deliberate exceptions are listed below with their reason.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as api from "../src/index.js";
import { NDArray, np, config } from "../src/index.js";
import { parseSignature, signatureOf, type Param } from "../src/numpy/signature.js";

/** Exported values that are not checked functions, and why. */
const EXCEPTIONS: Record<string, string> = {
  NDArray: "a class; its methods forward to the checked np functions (test/misuse.test.ts checks several)",
  ShapedArray: "a class (an abstract value: shape and dtype), constructed internally and by advanced users",
  ClosedJaxpr: "a class produced by makeJaxpr; not constructed by users",
  Jaxpr: "a class produced by makeJaxpr; not constructed by users",
  JaxprEqn: "a class produced by makeJaxpr; not constructed by users",
  "np.Slice": "a class (the value of np.s_-style slices), constructed by the checked indexing helpers",
  "tree.TreeDef": "a class produced by tree.flatten / tree.structure",
  "config.update": "a method of the config object: it checks its option keys itself (tested below); a surplus argument is not rejected",
  "config.get": "a method of the config object (no arguments)",
  "config.reset": "a method of the config object (no arguments)",
};

/** Exports whose signature names another function (aliases). */
const ALIASES: Record<string, string> = { remat: "checkpoint", stopGradient: "np.stopGradient", "np.var_": "np.var", "numeric.checkGrads": "checkGrads" };

/** Walk the public API: [exported path, value] for every function, namespaces included. */
function surface(): [string, unknown][] {
  const out: [string, unknown][] = [];
  const walk = (prefix: string, mod: object, depth: number) => {
    for (const [k, v] of Object.entries(mod)) {
      if (typeof v === "function") out.push([prefix + k, v]);
      else if (v !== null && typeof v === "object" && !(v instanceof NDArray) && depth < 2) walk(`${prefix}${k}.`, v, depth + 1);
    }
  };
  walk("", api, 0);
  return out;
}

/**
 * A sample argument for a parameter. `checked` validates all arguments before calling the function,
 * so these only need to be acceptable to the check (present, not a plain object); they are still
 * chosen to be valid for the usual parameter names.
 */
function sample(p: Param): unknown {
  const byName: Record<string, unknown> = {
    f: (x: unknown) => x, fn: (x: unknown) => x, rule: (x: unknown) => x, fwd: (x: unknown) => x, bwd: (x: unknown) => x,
    trueFn: (x: unknown) => x, falseFn: (x: unknown) => x, condFn: () => false, bodyFn: (x: unknown) => x, body: (i: unknown, x: unknown) => x,
    shape: [2], dtype: "float32", axis: 0, n: 2, k: 1, num: 2, key: api.random.key(0), subscripts: "i->i", fmt: "{}", name: "js", path: "/dev/null",
  };
  if (p.name in byName) return byName[p.name];
  return p.keys !== null && !p.valueToo ? {} : np.ones([2]); // a required options object, or an array
}

/** Functions with side effects on global state or output, not called with sample arguments. */
const NOT_CALLED: Record<string, string> = {
  setBackend: "switches the backend of the whole process",
  setDefaultFloat: "switches the default float dtype of the whole process",
  "debug.setPrinter": "replaces the printer of the whole process",
  "debug.print": "prints",
  "plot.save": "writes a file",
  "tree.registerNode": "registers a class as a pytree node for the whole process",
  // ---- issue 11: data ----
  "data.mnist": "loads a 21 MB package asynchronously (test/data.test.ts)",
  "data.iris": "loads a package asynchronously (test/data.test.ts)",
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Run `call`; the reason it failed to throw `re` (a TypeError), or null. */
function expectThrow(what: string, call: () => unknown, re: RegExp): string | null {
  try {
    call();
  } catch (e) {
    if (!(e instanceof TypeError)) return `${what}: threw ${e instanceof Error ? e.constructor.name : typeof e} ${String(e)}, expected a TypeError`;
    return re.test(e.message) ? null : `${what}: message ${JSON.stringify(e.message)} does not match ${re}`;
  }
  return `${what}: did not throw`;
}

const all = surface();

test(`strictness: all ${all.length} exported functions are checked against a signature naming them (exceptions listed)`, () => {
  assert.ok(all.length >= 400, `walked only ${all.length} functions`);
  const problems: string[] = [];
  for (const [path, f] of all) {
    const sig = signatureOf(f);
    if (path in EXCEPTIONS) {
      if (sig !== undefined) problems.push(`${path}: listed as an exception but checked by ${sig}; remove it from EXCEPTIONS`);
      continue;
    }
    if (sig === undefined) {
      problems.push(`${path}: not checked (wrap it with checked(f, "…") in its namespace's table)`);
      continue;
    }
    const want = ALIASES[path] ?? path;
    const name = parseSignature(sig).name;
    if (name !== want) problems.push(`${path}: its signature names ${name}, expected ${want}`);
  }
  for (const path of Object.keys(EXCEPTIONS)) if (!all.some(([p]) => p === path)) problems.push(`exception ${path} is no longer exported; remove it`);
  assert.deepEqual(problems, []);
});

test("strictness: the sample arguments pass every signature check (so the surplus is the only fault in test (a))", () => {
  const problems: string[] = [];
  for (const [path, f] of all) {
    const sig = signatureOf(f);
    if (sig === undefined || path in NOT_CALLED) continue;
    const { name, params } = parseSignature(sig);
    const args = params.filter((p) => !p.optional).map(sample);
    try {
      (f as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      // the function may reject the sample's values (shape, dtype…), but not the arguments' arity or kind
      const msg = e instanceof Error ? e.message : String(e);
      if (new RegExp(`^${escape(name)}: (expected at most|argument \\S+ is missing|argument \\S+ must)`).test(msg)) problems.push(`${path}: ${msg}`);
    }
  }
  assert.deepEqual(problems, []);
});

test("strictness: a surplus positional argument, an unknown option and a misplaced options object are each rejected, naming the function", () => {
  const problems: string[] = [];
  let surplus = 0, options = 0, misplaced = 0, variadic = 0;
  for (const [path, f] of all) {
    const sig = signatureOf(f);
    if (sig === undefined) continue;
    const { name, params } = parseSignature(sig);
    const g = f as (...args: unknown[]) => unknown;
    const fn = escape(name);
    // arguments up to position i: samples for the required ones, undefined for optional ones
    const upTo = (i: number) => params.slice(0, i).map((p) => (p.optional ? undefined : sample(p)));
    // (a) one argument more than the signature allows
    if (params.length > 0 && params[params.length - 1].rest) variadic++;
    else {
      surplus++;
      const args = [...upTo(params.length), 1];
      const re = new RegExp(`^${fn}: expected at most ${params.length} arguments? \\(.*\\), got ${params.length + 1}`);
      const bad = expectThrow(`${path}: surplus argument`, () => g(...args), re);
      if (bad) problems.push(bad);
    }
    params.forEach((p, i) => {
      if (p.rest && p.keys === null && !p.tree) return; // checked like the positions before it
      if (p.keys !== null) {
        // (b) an unknown key in an options object
        options++;
        const bad = expectThrow(`${path}: unknown option in ${p.name}`, () => g(...upTo(i), { notAnOption: 1 }), new RegExp(`^${fn}: unknown option "notAnOption"; expected one of: `));
        if (bad) problems.push(bad);
      } else if (!p.tree) {
        // (c) an options object where a value is expected
        misplaced++;
        const bad = expectThrow(`${path}: options object as ${p.name}`, () => g(...upTo(i), { a: 1 }), new RegExp(`^${fn}: argument ${escape(p.name)} must not be an options object`));
        if (bad) problems.push(bad);
      }
    });
  }
  assert.deepEqual(problems, []);
  if (process.env.STRICTNESS_COUNTS) console.log({ surplus, options, misplaced, variadic });
  assert.ok(surplus >= 350 && options >= 100 && misplaced >= 400, `surplus ${surplus}, options ${options}, misplaced ${misplaced}, variadic ${variadic}`);
});

test("strictness: the one-argument functions the transformations return reject a surplus argument", () => {
  const f = (x: NDArray) => np.multiply(x, 2);
  const [, pullback] = api.vjp(f, np.array([1, 2]));
  assert.deepEqual((pullback(np.array([1, 1])) as NDArray[])[0].toArray(), [2, 2]);
  assert.throws(() => (pullback as any)(np.array([1, 1]), 1), /^TypeError: vjp\.pullback: expected at most 1 argument \(cotangent\), got 2/);
  const t = api.linearTranspose(f, np.array([1, 2]));
  assert.deepEqual((t(np.array([1, 3])) as NDArray[])[0].toArray(), [2, 6]);
  assert.throws(() => (t as any)(np.array([1, 3]), 1), /^TypeError: linearTranspose\.transpose: expected at most 1 argument/);
  // NB: the functions grad, vmap, jit, jacfwd, jacrev, hessian, makeJaxpr, linearize and customJvp/Vjp
  // return take the transformed function's own arguments (any number), as in JAX: no arity to check.
});

/** NDArray methods that do not reject surplus arguments, and why. */
const METHOD_EXCEPTIONS: Record<string, string> = {
  get: "variadic indices, as NumPy's x[i, j, …]",
  item: "variadic indices, as NumPy's ndarray.item(*args)",
  reshape: "the shape may be given as separate integers, as NumPy's ndarray.reshape(*shape)",
  transpose: "the axes may be given as separate integers, as NumPy's ndarray.transpose(*axes)",
  toJSON: "a JavaScript protocol: JSON.stringify calls it with the property key",
  toString: "a JavaScript protocol (String(x), template literals)",
  valueOf: "a JavaScript protocol (arithmetic on a 0-d array; it throws for others)",
  at: "an accessor of the core array (x.at(idx).set(v)); not yet checked",
  data: "an accessor of the core array; not yet checked",
  nested: "an accessor of the core array; not yet checked",
  scalar: "an accessor of the core array; not yet checked",
  toArray: "an accessor of the core array; not yet checked",
};

test("strictness: NDArray methods reject surplus arguments (they forward to the checked np functions); exceptions listed", () => {
  const x = np.array([[1, 2], [3, 4]]) as unknown as Record<string, unknown>;
  const names = new Set<string>();
  // the public methods: NDArray's (a concrete array's own subclass adds internal ones)
  for (let p = NDArray.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) for (const k of Object.getOwnPropertyNames(p)) names.add(k);
  const problems: string[] = [];
  let n = 0;
  for (const k of [...names].sort()) {
    if (k === "constructor") continue;
    const desc = (() => {
      for (let p = Object.getPrototypeOf(x); p; p = Object.getPrototypeOf(p)) {
        const d = Object.getOwnPropertyDescriptor(p, k);
        if (d) return d;
      }
    })();
    if (!desc || typeof desc.value !== "function") continue; // getters (shape, T, mT, …)
    n++;
    let rejected = false;
    try {
      (desc.value as (...a: unknown[]) => unknown).apply(x, Array(8).fill(0));
    } catch (e) {
      rejected = e instanceof TypeError && /: expected at most \d+ arguments?/.test(e.message);
    }
    if (k in METHOD_EXCEPTIONS) {
      if (rejected) problems.push(`${k}: listed as an exception but rejects a surplus argument; remove it from METHOD_EXCEPTIONS`);
    } else if (!rejected) problems.push(`${k}: accepts 8 arguments without the arity error`);
  }
  assert.ok(n >= 50, `only ${n} methods`);
  assert.deepEqual(problems, []);
});

test("strictness: the exceptions still reject what they can (config.update's keys)", () => {
  assert.throws(() => config.update({ notAnOption: 1 } as any), /^TypeError: config\.update: unknown option "notAnOption"/);
  assert.throws(() => (config.update as any)(3), /config\.update: expected an options object/);
});

test("strictness: checked transformations still accept pytrees (dicts are data, not options)", () => {
  const f = (t: { a: NDArray; b: NDArray }) => np.sum(np.multiply(t.a, t.b));
  const t = { a: np.array([1, 2]), b: np.array([3, 4]) };
  const [y, pullback] = api.vjp(f, t);
  assert.deepEqual(y.toArray(), 11);
  assert.deepEqual((pullback(np.array(1)) as any)[0].a.toArray(), [3, 4]);
  assert.deepEqual(api.tree.leaves({ x: 1, y: [2, 3] }), [1, 2, 3]);
  const [c] = api.lax.scan((carry: { s: NDArray }, x: NDArray) => [{ s: np.add(carry.s, x) }, x], { s: np.array(0) }, np.arange(4));
  assert.deepEqual(c.s.toArray(), 6);
  assert.deepEqual(api.lax.whileLoop((s: { i: NDArray }) => np.less(s.i, 3), (s: { i: NDArray }) => ({ i: np.add(s.i, 1) }), { i: np.array(0) }).i.toArray(), 3);
  assert.throws(() => (api.grad as any)(f, { argnums: 0 }, 1), /^TypeError: grad: expected at most 2 arguments \(f, opts\), got 3/);
  assert.throws(() => (api.lax.scan as any)((c: any, x: any) => [c, x], 0, np.arange(2), { lenght: 2 }), /lax\.scan: unknown option "lenght"; expected one of: length, reverse/);
  assert.throws(() => (api.tree.flatten as any)([1], { isleaf: () => false }), /tree\.flatten: unknown option "isleaf"; expected one of: isLeaf/);
});
