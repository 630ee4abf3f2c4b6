/** @file Parameter vectors for the fitters: a 1-D array or an object of named numbers, packed to a float64 vector and back. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { isPlainObject, show } from "../numpy/signature.js";

/** Parameters as the user gives them: numbers, a 1-D array, or an object of named numbers. */
export type ParamsIn = readonly number[] | NDArray | Record<string, number>;

/** How the user's parameters are laid out: their names, and whether they came as an object. */
export interface ParamLayout {
  names: string[];
  named: boolean;
  x0: number[];
}

/** Read `p0` (numbers, a 1-D array or an object of numbers) into a layout; every value must be finite. */
export function layoutOf(fn: string, p0: unknown, what = "p0", names?: readonly string[]): ParamLayout {
  let x0: number[], named = false, nm: string[];
  if (p0 instanceof NDArray) {
    if (p0.ndim !== 1) throw new TypeError(`${fn}: ${what} must be a 1-D array, got shape [${p0.shape}]`);
    x0 = Array.from(p0.data() as ArrayLike<number>, Number);
  } else if (Array.isArray(p0)) {
    x0 = p0.map((v, i) => {
      if (typeof v !== "number") throw new TypeError(`${fn}: ${what}[${i}] must be a number, got ${show(v)}`);
      return v;
    });
  } else if (isPlainObject(p0)) {
    named = true;
    nm = Object.keys(p0);
    x0 = nm.map((k) => {
      const v = (p0 as Record<string, unknown>)[k];
      if (typeof v !== "number") throw new TypeError(`${fn}: ${what}.${k} must be a number, got ${show(v)}`);
      return v;
    });
  } else throw new TypeError(`${fn}: ${what} must be an array of numbers, a 1-D NDArray or an object of named numbers, got ${show(p0)}`);
  if (x0.length === 0) throw new RangeError(`${fn}: ${what} has no parameters`);
  x0.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`${fn}: ${what} must be finite, got ${v} for parameter ${named ? nm![i] : i}`);
  });
  if (names !== undefined) {
    if (named) throw new TypeError(`${fn}: names is for an array ${what}; an object ${what} names its parameters already`);
    if (!Array.isArray(names) || names.length !== x0.length || names.some((s) => typeof s !== "string"))
      throw new TypeError(`${fn}: names must be ${x0.length} strings (one per parameter), got ${show(names)}`);
    if (new Set(names).size !== names.length) throw new RangeError(`${fn}: names must be distinct, got ${show(names)}`);
    nm = names.slice();
  } else if (!named) nm = x0.map((_, i) => `x${i}`);
  return { names: nm!, named, x0 };
}

/** The user's form of a traced float64 parameter vector: the vector itself, or an object of its scalar entries. */
export function userParams(layout: ParamLayout, p: NDArray): NDArray | Record<string, NDArray> {
  if (!layout.named) return p;
  return Object.fromEntries(layout.names.map((k, i) => [k, p.get(i)]));
}

/** Numbers in the user's layout: a number[] or an object keyed by name. */
export function packOut(layout: ParamLayout, v: readonly number[]): any {
  return layout.named ? Object.fromEntries(layout.names.map((k, i) => [k, v[i]])) : v.slice();
}

/** A float64 1-D array of the given numbers. */
export const f64 = (v: readonly number[]): NDArray => np.array(v as number[], { dtype: "float64" });

/** Index of a parameter by name or position, with a clear error otherwise. */
export function paramIndex(fn: string, layout: ParamLayout, key: string | number, what: string): number {
  if (typeof key === "number") {
    if (!Number.isInteger(key) || key < 0 || key >= layout.names.length) throw new RangeError(`${fn}: ${what}: no parameter ${key} (there are ${layout.names.length})`);
    return key;
  }
  const i = layout.names.indexOf(key);
  if (i < 0) throw new RangeError(`${fn}: ${what}: no parameter named ${JSON.stringify(key)}; the parameters are ${layout.names.join(", ")}`);
  return i;
}

/** A per-parameter option given as an array (by position) or an object (by name), as a full array with `fill` elsewhere. */
export function perParam<T>(fn: string, layout: ParamLayout, v: unknown, what: string, fill: T, check: (x: unknown, name: string) => T): T[] {
  const out = layout.names.map(() => fill);
  if (v === undefined) return out;
  if (Array.isArray(v)) {
    if (v.length !== layout.names.length) throw new RangeError(`${fn}: ${what} must have one entry per parameter (${layout.names.length}), got ${v.length}`);
    return v.map((x, i) => (x === undefined || x === null ? fill : check(x, layout.names[i])));
  }
  if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) out[paramIndex(fn, layout, k, what)] = x === undefined || x === null ? fill : check(x, k);
    return out;
  }
  throw new TypeError(`${fn}: ${what} must be an array (one entry per parameter) or an object keyed by parameter name, got ${show(v)}`);
}
