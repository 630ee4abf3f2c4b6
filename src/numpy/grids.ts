/**
 * @file mgrid and ogrid as functions of slice specs: `np.mgrid([0, 5], [0, 3, 0.5])` for NumPy's
 * `np.mgrid[0:5, 0:3:0.5]`; a count of points (NumPy's complex step `5j`) is `{ num: 5 }`.
 */
import { ConcreteArray, NDArray } from "../core/array.js";
import { DType, getDefaultFloat, typedArrayCtor } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { show } from "./signature.js";

/**
 * One axis of a grid, as a slice `start:stop:step`: `n` (0…n−1), `[stop]`, `[start, stop]`,
 * `[start, stop, step]`, or `[start, stop, { num }]` for `num` points from start to stop inclusive
 * (NumPy's `start:stop:numj`).
 */
export type GridSpec = number | [number] | [number, number] | [number, number, number | { num: number }];

function axisValues(op: string, spec: unknown, i: number): { values: number[]; float: boolean } {
  const bad = (): never => {
    throw new TypeError(`${op}: spec ${i} must be n, [stop], [start, stop], [start, stop, step] or [start, stop, { num }], got ${show(spec)}`);
  };
  const s = typeof spec === "number" ? [0, spec] : Array.isArray(spec) ? (spec.length === 1 ? [0, spec[0]] : spec) : bad();
  if (s.length < 2 || s.length > 3) bad();
  const [start, stop, step = 1] = s as [unknown, unknown, unknown];
  if (typeof start !== "number" || typeof stop !== "number" || !Number.isFinite(start) || !Number.isFinite(stop)) bad();
  const a = start as number, b = stop as number;
  if (typeof step === "object" && step !== null) {
    const num = (step as { num?: unknown }).num;
    if (Object.keys(step).some((k) => k !== "num") || typeof num !== "number" || !Number.isInteger(num) || num < 0) {
      throw new TypeError(`${op}: spec ${i}: the count must be { num: a non-negative integer }, got ${show(step)}`);
    }
    const values = Array.from({ length: num }, (_, k) => (num === 1 ? a : a + ((b - a) * k) / (num - 1)));
    return { values, float: true };
  }
  if (typeof step !== "number" || !Number.isFinite(step)) bad();
  if (step === 0) throw new RangeError(`${op}: spec ${i}: step must not be zero`);
  const st = step as number;
  const n = Math.max(0, Math.ceil((b - a) / st));
  return { values: Array.from({ length: n }, (_, k) => a + k * st), float: ![a, b, st].every(Number.isInteger) };
}

function axes(op: string, specs: unknown[]): { lists: number[][]; dtype: DType } {
  if (specs.length === 0) throw new TypeError(`${op}: expected at least one slice spec such as [0, 5]`);
  const got = specs.map((s, i) => axisValues(op, s, i));
  return { lists: got.map((g) => g.values), dtype: got.some((g) => g.float) ? getDefaultFloat() : "int32" };
}

function vector(values: number[], dtype: DType): NDArray {
  return ConcreteArray.fromTyped(new (typedArrayCtor(dtype))(values), [values.length], dtype);
}

/**
 * A dense mesh grid, as `np.mgrid[…]`: one spec per axis; the result has shape [k, n₁, …, n_k]
 * (`[n]` for one spec). Integer specs give int32, any float or `{ num }` the default float.
 * @example np.mgrid([0, 2], [0, 3]) // [[[0, 0, 0], [1, 1, 1]], [[0, 1, 2], [0, 1, 2]]]
 * @example np.mgrid([0, 1, { num: 3 }]) // [0, 0.5, 1]
 */
export function mgrid(...specs: GridSpec[]): NDArray {
  const { lists, dtype } = axes("mgrid", specs);
  const shape = lists.map((l) => l.length);
  if (lists.length === 1) return vector(lists[0], dtype);
  return L.concatenate(lists.map((l, i) => L.reshape(L.broadcastInDim(vector(l, dtype), shape, [i]), [1, ...shape])), 0);
}

/**
 * An open mesh grid, as `np.ogrid[…]`: one array per spec, the i-th of shape [1, …, nᵢ, …, 1], which
 * broadcast against each other (one spec: a 1-D array).
 * @example np.ogrid([0, 2], [0, 3]) // [[[0], [1]], [[0, 1, 2]]]
 */
export function ogrid(spec: GridSpec): NDArray;
export function ogrid(first: GridSpec, second: GridSpec, ...rest: GridSpec[]): NDArray[];
export function ogrid(...specs: GridSpec[]): NDArray | NDArray[];
export function ogrid(...specs: GridSpec[]): NDArray | NDArray[] {
  const { lists, dtype } = axes("ogrid", specs);
  if (lists.length === 1) return vector(lists[0], dtype);
  return lists.map((l, i) => L.reshape(vector(l, dtype), lists.map((m, j) => (j === i ? m.length : 1))));
}
