/**
 * @file The operand rules of the public `lax` namespace (as `jax.lax`): arrays of equal shapes and
 * dtypes — no broadcasting, no promotion — except a 0-d operand, which broadcasts, and a JS number,
 * which takes the other operand's dtype (a weak scalar).
 */
import { fmtShape, shapeEq } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { DType, getDefaultFloat, isFloat } from "../core/dtype.js";
import { show } from "../numpy/signature.js";
import * as L from "./index.js";

/** What the public lax functions take as an operand: an array, or a JS number / boolean (a scalar). */
export type LaxOperand = NDArray | number | boolean;

/** `v` as an array: NDArray as is; a JS number a 0-d array of the default float, a boolean a 0-d bool. */
export function laxArray(fn: string, what: string, v: unknown): NDArray {
  if (v instanceof NDArray) return v;
  if (typeof v === "number") return L.full([], v, getDefaultFloat());
  if (typeof v === "boolean") return L.full([], v ? 1 : 0, "bool");
  throw new TypeError(`lax.${fn}: ${what} must be an NDArray or a JS number, got ${show(v)} (lax converts no lists: use np.array)`);
}

/** A JS scalar in the dtype of the array beside it; it must be representable there (no promotion). */
function weakScalar(fn: string, v: number | boolean, like: NDArray): NDArray {
  const d = like.dtype;
  if (typeof v === "boolean") {
    if (d !== "bool") throw new TypeError(`lax.${fn}: a JS boolean next to a ${d} array (lax does not promote: use a number, or np.${fn})`);
    return L.fullLike(like, v ? 1 : 0);
  }
  if (d === "bool") throw new TypeError(`lax.${fn}: a JS number (${v}) next to a bool array (lax does not promote: use true/false)`);
  if (!isFloat(d)) {
    const [lo, hi] = d === "int32" ? [-2147483648, 2147483647] : [0, 4294967295];
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new TypeError(`lax.${fn}: the JS number ${v} is not ${d === "int32" ? "an" : "a"} ${d} value (lax does not promote: convert the array with lax.convertElementType)`);
    }
  }
  return L.fullLike(like, v);
}

/**
 * The operands of an n-ary elementwise lax function: one dtype and one shape, a 0-d array broadcast
 * to the others' shape, JS scalars taking the arrays' dtype. Throws naming `lax.fn` otherwise.
 */
export function laxOperands(fn: string, names: string[], vals: unknown[]): NDArray[] {
  const arrays = vals.filter((v): v is NDArray => v instanceof NDArray);
  vals.forEach((v, i) => {
    if (!(v instanceof NDArray) && typeof v !== "number" && typeof v !== "boolean") laxArray(fn, names[i], v);
  });
  if (arrays.length === 0) return vals.map((v, i) => laxArray(fn, names[i], v));
  const d: DType = arrays[0].dtype;
  for (const a of arrays) {
    if (a.dtype !== d) {
      throw new TypeError(`lax.${fn}: operand dtypes differ: ${arrays.map((b) => b.dtype).join(" vs ")} (lax does not promote: convert with lax.convertElementType, or use np)`);
    }
  }
  const full = arrays.find((a) => a.ndim > 0) ?? arrays[0];
  for (const a of arrays) {
    if (a.ndim > 0 && !shapeEq(a.shape, full.shape)) {
      throw new RangeError(`lax.${fn}: operand shapes differ: ${arrays.map((b) => fmtShape(b.shape)).join(" vs ")} (lax broadcasts only 0-d operands: use lax.broadcastInDim, or np)`);
    }
  }
  return vals.map((v) => {
    if (!(v instanceof NDArray)) return weakScalar(fn, v as number | boolean, full);
    return v.ndim === 0 && full.ndim > 0 ? L.broadcastInDim(v, [...full.shape], []) : v;
  });
}

/** A non-negative integer (a count, an axis after normalisation, a size), or a TypeError naming `lax.fn`. */
export function intArg(fn: string, what: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`lax.${fn}: ${what} must be an integer, got ${show(v)}`);
  return v;
}

/** A list of integers, or a TypeError naming `lax.fn`. */
export function intList(fn: string, what: string, v: unknown): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === "number" && Number.isInteger(x))) {
    throw new TypeError(`lax.${fn}: ${what} must be a list of integers, got ${show(v)}`);
  }
  return [...v];
}

/** An axis in [0, ndim) — lax takes no negative axes — or a RangeError naming `lax.fn`. */
export function laxAxis(fn: string, what: string, v: unknown, ndim: number): number {
  const a = intArg(fn, what, v);
  if (a < 0 || a >= ndim) throw new RangeError(`lax.${fn}: ${what} ${a} is out of range for an array of rank ${ndim} (expected 0 ≤ ${what} < ${ndim})`);
  return a;
}

/** Distinct axes, each in [0, ndim), or an error naming `lax.fn`. */
export function laxAxes(fn: string, what: string, v: unknown, ndim: number): number[] {
  const axes = intList(fn, what, v);
  for (const a of axes) laxAxis(fn, `${what} entry`, a, ndim);
  if (new Set(axes).size !== axes.length) throw new RangeError(`lax.${fn}: ${what} ${JSON.stringify(axes)} repeats an axis`);
  return axes;
}
