/** @file Shared helpers of the stats distributions: float operands broadcast together, support masks, NaN for bad parameters. */
import type { NDArray } from "../core/array.js";
import { FloatDType, getDefaultFloat, isFloat } from "../core/dtype.js";
import * as np from "../numpy/index.js";
import { ArrayLike, promoteAndBroadcast } from "../numpy/core.js";

export type { ArrayLike, NDArray };

/** The operands promoted to one float dtype and broadcast to one shape (a clear error naming `fn` if they do not broadcast). */
export function floats(fn: string, xs: ArrayLike[]): NDArray[] {
  for (const [i, x] of xs.entries()) {
    if (x === undefined || x === null || typeof x === "string" || typeof x === "boolean") throw new TypeError(`${fn}: argument ${i + 1} must be a number or an array, got ${x === null ? "null" : typeof x}`);
  }
  const arrs = promoteAndBroadcast(fn, xs);
  if (isFloat(arrs[0].dtype)) return arrs;
  const d: FloatDType = getDefaultFloat();
  return arrs.map((a) => a.astype(d));
}

/** value where `ok`, NaN elsewhere (scipy's answer for invalid parameters such as scale ≤ 0). */
export function nanUnless(ok: NDArray, value: NDArray): NDArray {
  return np.where(ok, value, NaN);
}

/** `value` where `inside`, `outside` elsewhere; the value is computed at a safe point `safe` outside, so its derivative stays finite. */
export function within(inside: NDArray, x: NDArray, safe: number, f: (x: NDArray) => NDArray, outside: number): NDArray {
  const xs = np.where(inside, x, safe);
  return np.where(inside, f(xs), outside);
}

/** (x − loc)/scale. */
export function standardize(x: NDArray, loc: NDArray, scale: NDArray): NDArray {
  return np.divide(np.subtract(x, loc), scale);
}

/** log of a value in [0, 1] that may be exactly 0 (−∞), with a finite derivative elsewhere. */
export const log = np.log;
