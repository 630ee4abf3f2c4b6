/**
 * @file One argument check for every public function (np, nn, special, random): arity, missing
 * arguments and options-object keys, read from a one-line signature such as `"np.round(x, decimals?|{decimals})"`.
 */

/**
 * One parameter of a signature:
 * - `x` required, `x?` optional, `...xs` any number of them (last only);
 * - `opts?{dtype,shape}` an options object with these keys (anything else there is an error);
 * - `axis?|{axis,keepdims}` a value *or* an options object with these keys (the function reads both);
 * - `init*` (`x?*`, `...xs*`) any value, plain objects included: a pytree, whose dicts are data.
 * Any other parameter rejects a plain object: it is the usual sign of an options object in the wrong place.
 */
export interface Param {
  name: string;
  optional: boolean;
  rest: boolean;
  /** Allowed keys of an options object, or null where none is accepted. */
  keys: ReadonlySet<string> | null;
  /** Also accepts a non-object value (`name|{…}`). */
  valueToo: boolean;
  /** Any value, plain objects included (`name*`: a pytree). */
  tree: boolean;
}

const PARAM_RE = /^(\.\.\.)?([A-Za-z_$][\w$]*)(\?)?(\*)?(\|)?(?:\{([\w$,\s]*)\})?$/;

/** Parse a signature string (also used by the strictness test to generate calls). */
export function parseSignature(sig: string): { name: string; params: Param[] } {
  const m = /^([\w$.]+)\((.*)\)$/.exec(sig.trim());
  if (!m) throw new SyntaxError(`signature: cannot parse ${JSON.stringify(sig)}`);
  const params = m[2].trim() === "" ? [] : m[2].split(/,(?![^{]*\})/).map((p): Param => {
    const q = PARAM_RE.exec(p.trim());
    if (!q) throw new SyntaxError(`signature: cannot parse parameter ${JSON.stringify(p)} of ${sig}`);
    const keys = q[6] === undefined ? null : new Set(q[6].split(",").map((k) => k.trim()).filter(Boolean));
    const tree = q[4] !== undefined;
    if (tree && keys) throw new SyntaxError(`signature: a pytree parameter takes no option keys in ${sig}`);
    return { name: q[2], rest: q[1] !== undefined, optional: q[3] !== undefined || q[1] !== undefined, keys, valueToo: q[5] !== undefined, tree };
  });
  params.forEach((p, i) => {
    if (p.rest && i !== params.length - 1) throw new SyntaxError(`signature: a rest parameter must come last in ${sig}`);
    if (!p.optional && params.slice(0, i).some((q) => q.optional)) throw new SyntaxError(`signature: required ${p.name} after an optional parameter in ${sig}`);
  });
  return { name: m[1], params };
}

/** A plain `{…}` object (not an array, NDArray, TypedArray or class instance). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A complex number as JS data, `{ re, im }` (two numbers, no other key): a value, not an options object. */
function isComplexScalar(v: Record<string, unknown>): boolean {
  let n = 0;
  for (const _ in v) n++;
  return n === 2 && typeof v.re === "number" && typeof v.im === "number";
}

/** A short, readable rendering of an offending value for error messages. */
export function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return `a function${v.name ? ` (${v.name})` : ""}`;
  if (typeof v === "symbol" || typeof v === "bigint") return `${typeof v} ${String(v)}`;
  if (v === undefined || v === null || typeof v !== "object") return String(v);
  if (isPlainObject(v) || Array.isArray(v)) {
    try {
      const s = JSON.stringify(v);
      if (s !== undefined) return s.length > 60 ? `${s.slice(0, 57)}…` : s;
    } catch {
      // cyclic: fall through
    }
  }
  const ctor = (v as object).constructor?.name;
  const shape = (v as { shape?: unknown }).shape, dtype = (v as { dtype?: unknown }).dtype;
  if (Array.isArray(shape) && typeof dtype === "string") return `an array ${dtype}[${shape}]`;
  return ctor ? `a ${ctor}` : "an object";
}

const marker = Symbol("adjoint.signature");

/** The signature a function was checked with (for tests and introspection), or undefined. */
export function signatureOf(f: unknown): string | undefined {
  return typeof f === "function" ? (f as unknown as Record<symbol, string | undefined>)[marker] : undefined;
}

/** Options of `checked`. */
export interface CheckedOptions {
  /**
   * Prefix errors thrown by `f` with the function's name (default true). Off for functions that run
   * user code (transformations, control flow, tree.map): those errors are the user's, and keep their text.
   */
  renameErrors?: boolean;
}

/**
 * `f` with its arguments checked against `sig` before each call: too many positional arguments,
 * a missing required one, an unknown option key, an options object where a value is expected (or
 * the reverse) each throw a TypeError naming the function and the argument. Types and TSDoc of `f`
 * are kept (the result has `f`'s type); the check costs a few comparisons per argument.
 * @example const round = checked(roundImpl, "np.round(x, decimals?|{decimals})"); round(x, 1, 2) // throws
 */
export function checked<F extends (...args: any[]) => any>(f: F, sig: string, opts: CheckedOptions = {}): F {
  const { name, params } = parseSignature(sig);
  const rest = params.length > 0 && params[params.length - 1].rest;
  const max = rest ? Infinity : params.length;
  let required = 0;
  while (required < params.length && !params[required].optional) required++;
  const list = params.map((p) => (p.rest ? `...${p.name}` : p.name)).join(", ");
  const short = name.slice(name.lastIndexOf(".") + 1);
  const paramAt = (i: number) => params[Math.min(i, params.length - 1)];

  function fail(i: number, v: unknown): never {
    const p = paramAt(i);
    const what = p.rest ? `${p.name}[${i - params.length + 1}]` : p.name;
    if (v === undefined) throw new TypeError(`${name}: argument ${what} is missing (expected ${name}(${list}))`);
    const keys = p.keys ? [...p.keys].join(", ") : "";
    if (isPlainObject(v)) {
      if (!p.keys) throw new TypeError(`${name}: argument ${what} must not be an options object, got ${show(v)} (expected ${name}(${list}))`);
      const bad = Object.keys(v).find((k) => !p.keys!.has(k));
      throw new TypeError(`${name}: unknown option ${JSON.stringify(bad)}; expected one of: ${keys}`);
    }
    throw new TypeError(`${name}: argument ${what} must be an options object { ${keys} }, got ${show(v)}`);
  }

  // per position: 0 = a value (no plain object), 1 = an options object only, 2 = a value or options, 3 = anything
  const kinds = params.map((p) => (p.tree ? 3 : p.keys === null ? 0 : p.valueToo ? 2 : 1));
  const check = (i: number, v: unknown): void => {
    if (v === undefined) {
      if (i < required) fail(i, v);
      return;
    }
    const kind = kinds[i < kinds.length ? i : kinds.length - 1];
    if (kind === 3) return;
    if (typeof v === "object" && v !== null && isPlainObject(v)) {
      if (kind === 0) {
        if (isComplexScalar(v)) return; // a complex number { re, im } is a value (docs/complex.md)
        fail(i, v);
      }
      const keys = paramAt(i).keys!;
      for (const k in v) if (!keys.has(k)) fail(i, v);
    } else if (kind === 1) fail(i, v);
  };
  const tooMany = (n: number): never => {
    throw new TypeError(`${name}: expected at most ${max} argument${max === 1 ? "" : "s"} (${list}), got ${n}`);
  };
  // every error names the public function: deeper helpers name only themselves ("array: …")
  const rename = (e: unknown): unknown => {
    if (opts.renameErrors !== false && e instanceof Error && !e.message.startsWith(name)) {
      const old = e.message, stack = e.stack; // V8 formats the stack lazily: read it before the message changes
      e.message = old.startsWith(`${short}: `) ? name + old.slice(short.length) : old.includes(short) ? old : `${name}: ${old}`;
      if (typeof stack === "string") e.stack = stack.replace(old, e.message);
    }
    return e;
  };
  // NB: one wrapper per arity with named parameters: generic forwarding (`f.apply(this, arguments)`,
  // `...args`) costs ~50–150 ns a call, these ~5 ns. `f` gets the arguments up to the last one given (trailing
  // undefined ones are dropped, so rest parameters and `jitArrays` see what the caller passed).
  const g = f as (...args: unknown[]) => unknown;
  let wrapped: (...args: any[]) => unknown;
  if (rest || params.length > 5) {
    wrapped = function (...args: unknown[]) {
      if (args.length > max) tooMany(args.length);
      for (let i = 0; i < args.length || i < required; i++) check(i, args[i]);
      try {
        return g(...args);
      } catch (e) {
        throw rename(e);
      }
    };
  } else if (params.length === 0) {
    wrapped = function () {
      if (arguments.length > 0) tooMany(arguments.length);
      try {
        return g();
      } catch (e) {
        throw rename(e);
      }
    };
  } else if (params.length === 1) {
    wrapped = function (a: unknown) {
      if (arguments.length > 1) tooMany(arguments.length);
      check(0, a);
      try {
        return a !== undefined ? g(a) : g();
      } catch (e) {
        throw rename(e);
      }
    };
  } else if (params.length === 2) {
    wrapped = function (a: unknown, b: unknown) {
      if (arguments.length > 2) tooMany(arguments.length);
      check(0, a), check(1, b);
      try {
        return b !== undefined ? g(a, b) : a !== undefined ? g(a) : g();
      } catch (e) {
        throw rename(e);
      }
    };
  } else if (params.length === 3) {
    wrapped = function (a: unknown, b: unknown, c: unknown) {
      if (arguments.length > 3) tooMany(arguments.length);
      check(0, a), check(1, b), check(2, c);
      try {
        return c !== undefined ? g(a, b, c) : b !== undefined ? g(a, b) : a !== undefined ? g(a) : g();
      } catch (e) {
        throw rename(e);
      }
    };
  } else if (params.length === 4) {
    wrapped = function (a: unknown, b: unknown, c: unknown, d: unknown) {
      if (arguments.length > 4) tooMany(arguments.length);
      check(0, a), check(1, b), check(2, c), check(3, d);
      try {
        return d !== undefined ? g(a, b, c, d) : c !== undefined ? g(a, b, c) : b !== undefined ? g(a, b) : g(a);
      } catch (e) {
        throw rename(e);
      }
    };
  } else {
    wrapped = function (a: unknown, b: unknown, c: unknown, d: unknown, e5: unknown) {
      if (arguments.length > 5) tooMany(arguments.length);
      check(0, a), check(1, b), check(2, c), check(3, d), check(4, e5);
      try {
        return e5 !== undefined ? g(a, b, c, d, e5) : d !== undefined ? g(a, b, c, d) : c !== undefined ? g(a, b, c) : b !== undefined ? g(a, b) : g(a);
      } catch (e) {
        throw rename(e);
      }
    };
  }
  Object.defineProperty(wrapped, "name", { value: f.name || short });
  Object.defineProperty(wrapped, "length", { value: required });
  Object.defineProperty(wrapped, marker, { value: sig });
  return wrapped as F;
}

/**
 * Check an options object outside a signature (e.g. a transformation's `opts`): a plain object
 * whose keys are all in `keys`, or undefined.
 * @example checkOptions("vmap", { inAxis: 0 }, ["inAxes", "outAxes", "axisSize"]) // throws: unknown option "inAxis"
 */
export function checkOptions(name: string, opts: unknown, keys: readonly string[]): void {
  if (opts === undefined) return;
  if (!isPlainObject(opts)) throw new TypeError(`${name}: expected an options object { ${keys.join(", ")} }, got ${show(opts)}`);
  for (const k in opts) if (!keys.includes(k)) throw new TypeError(`${name}: unknown option ${JSON.stringify(k)}; expected one of: ${keys.join(", ")}`);
}
