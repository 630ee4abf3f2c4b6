/**
 * @file What every layer shares: `makeLayer` builds the `Layer` object (argument checks on each
 * method, `apply` from the state-threading forward pass), plus checks of sizes, params and inputs.
 */
import { NDArray } from "../../core/array.js";
import type { Shape } from "../../core/aval.js";
import * as np from "../../numpy/index.js";
import { checkOptions, isPlainObject, show } from "../../numpy/signature.js";
import type { ApplyOptions, Layer } from "../layer.js";

export { checkOptions, isPlainObject, show };

/** A positive integer size, or a TypeError naming the factory. */
export function positiveInt(op: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new TypeError(`${op}: ${name} must be a positive integer, got ${show(v)}`);
  return v;
}

/** A boolean option (undefined gives `dflt`). */
export function bool(op: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== "boolean") throw new TypeError(`${op}: ${name} must be a boolean, got ${show(v)}`);
  return v;
}

/** A function option (undefined gives `dflt`). */
export function fnOpt<F>(op: string, name: string, v: unknown, dflt: F): F {
  if (v === undefined) return dflt;
  if (typeof v !== "function") throw new TypeError(`${op}: ${name} must be a function, got ${show(v)}`);
  return v as F;
}

/** An input shape: a list of non-negative integers. */
export function shapeArg(name: string, method: string, s: unknown): number[] {
  if (!Array.isArray(s) || s.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new TypeError(`${name}.${method}: inputShape must be an array of non-negative integers, got ${show(s)}`);
  }
  return [...s] as number[];
}

/** A non-negative axis within `rank`, or a RangeError naming the layer. */
export function axisIn(name: string, axis: number, rank: number, what = "axis"): number {
  if (axis < -rank || axis >= rank) throw new RangeError(`${name}: ${what} ${axis} is out of bounds for an input of rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

/** `params` as an object holding exactly `keys`, each an array; a TypeError naming the layer otherwise. */
export function paramsOf<P>(name: string, params: unknown, keys: string[]): P {
  const want = `{ ${keys.join(", ")} }`;
  if (!isPlainObject(params)) throw new TypeError(`${name}: params must be an object ${want}, got ${show(params)}`);
  const have = Object.keys(params);
  const missing = keys.filter((k) => !(params[k] instanceof NDArray));
  const extra = have.filter((k) => !keys.includes(k));
  if (missing.length || extra.length) {
    throw new TypeError(`${name}: params must be ${want} (arrays), got { ${have.join(", ")} }${missing.length ? `; missing or not an array: ${missing.join(", ")}` : ""}${extra.length ? `; unexpected: ${extra.join(", ")}` : ""}`);
  }
  return params as P;
}

/** A parameter's shape must be `want`. */
export function paramShape(name: string, what: string, p: NDArray, want: number[]): void {
  if (p.shape.length !== want.length || p.shape.some((d, i) => d !== want[i])) {
    throw new RangeError(`${name}: ${what} has shape ${fmt(p.shape)}, expected ${fmt(want)}`);
  }
}

/** The input as a float array (ints and bools are converted to the params' dtype or the default float). */
export function floatInput(name: string, x: unknown, dtype?: string): NDArray {
  if (!(x instanceof NDArray) && !Array.isArray(x) && typeof x !== "number") throw new TypeError(`${name}: the input must be an array, got ${show(x)}`);
  const a = np.asArray(x as NDArray);
  return a.dtype === "float32" || a.dtype === "float64" ? a : a.astype((dtype ?? "float32") as "float32");
}

/** The forward pass a layer implements; `threaded` is true under applyWithState. */
export type Forward<P, S> = (params: P, state: S, x: NDArray, opts: ApplyOptions<S>, threaded: boolean) => [NDArray, S];

/** The pieces of a layer: `makeLayer` adds the argument checks and derives `apply`. */
export interface LayerSpec<P, S> {
  name: string;
  init(key: NDArray, inputShape: number[]): P;
  initState?(inputShape: number[]): S;
  outputShape(inputShape: number[]): number[];
  forward: Forward<P, S>;
}

function arity(name: string, method: string, n: number, max: number, list: string): void {
  if (n > max) throw new TypeError(`${name}.${method}: expected at most ${max} arguments (${list}), got ${n}`);
}

function applyOpts<S>(name: string, method: string, opts: unknown, keys: string[]): ApplyOptions<S> {
  checkOptions(`${name}.${method}`, opts, keys);
  const o = (opts ?? {}) as ApplyOptions<S>;
  if (o.training !== undefined && typeof o.training !== "boolean") throw new TypeError(`${name}.${method}: training must be a boolean, got ${show(o.training)}`);
  if (o.key !== undefined && !(o.key instanceof NDArray)) throw new TypeError(`${name}.${method}: key must be a PRNG key (random.key(seed)), got ${show(o.key)}`);
  return o;
}

/** A `Layer` from its spec: each method checks its argument count, shapes and options. */
export function makeLayer<P, S = null>(spec: LayerSpec<P, S>): Layer<P, S> {
  const { name } = spec;
  return {
    name,
    init(...args: unknown[]): P {
      arity(name, "init", args.length, 2, "key, inputShape");
      const [key, s] = args;
      if (!(key instanceof NDArray)) throw new TypeError(`${name}.init: key must be a PRNG key (random.key(seed)), got ${show(key)}`);
      return spec.init(key, shapeArg(name, "init", s));
    },
    initState(...args: unknown[]): S {
      arity(name, "initState", args.length, 1, "inputShape");
      const s = shapeArg(name, "initState", args[0]);
      return spec.initState ? spec.initState(s) : (null as S);
    },
    outputShape(...args: unknown[]): Shape {
      arity(name, "outputShape", args.length, 1, "inputShape");
      return spec.outputShape(shapeArg(name, "outputShape", args[0]));
    },
    apply(...args: unknown[]): NDArray {
      arity(name, "apply", args.length, 3, "params, x, opts");
      const [params, x, opts] = args;
      if (x === undefined) throw new TypeError(`${name}.apply: argument x is missing (expected apply(params, x, opts?))`);
      const o = applyOpts<S>(name, "apply", opts, ["training", "key", "state"]);
      return spec.forward(params as P, (o.state ?? null) as S, x as NDArray, o, false)[0];
    },
    applyWithState(...args: unknown[]): [NDArray, S] {
      arity(name, "applyWithState", args.length, 4, "params, state, x, opts");
      const [params, state, x, opts] = args;
      if (x === undefined) throw new TypeError(`${name}.applyWithState: argument x is missing (expected applyWithState(params, state, x, opts?))`);
      const o = applyOpts<S>(name, "applyWithState", opts, ["training", "key"]);
      return spec.forward(params as P, state as S, x as NDArray, o, true);
    },
  };
}

/** A short rendering of a shape for names and errors. */
export const fmt = (s: readonly number[]): string => `[${s.join(", ")}]`;
