/**
 * @file Minuit's parameter transformations for limits: internal (unbounded) ↔ external (bounded) values
 * and d ext/d int — two-sided by sin, one-sided by sqrt — on host numbers and, vectorised, on traced arrays.
 */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";

/** A parameter's limits: none, both sides, lower only or upper only. */
export interface Limit { lower: number; upper: number }
export type LimitKind = "none" | "both" | "lower" | "upper";

export const kindOf = (l: Limit): LimitKind =>
  Number.isFinite(l.lower) ? (Number.isFinite(l.upper) ? "both" : "lower") : Number.isFinite(l.upper) ? "upper" : "none";

// Minuit2 pulls a two-sided start at (or beyond) a limit inside: |int| ≤ π/2 − 8·sqrt(eps2), eps2 = 2·sqrt(eps)
const EPS2 = 2 * Math.sqrt(Number.EPSILON);
const SIN_EDGE = Math.PI / 2 - 8 * Math.sqrt(EPS2);

/** External value of an internal one. both: a + (b − a)/2·(sin u + 1); lower: a − 1 + √(u² + 1); upper: b + 1 − √(u² + 1). */
export function toExt(l: Limit, u: number): number {
  switch (kindOf(l)) {
    case "both": return l.lower + ((l.upper - l.lower) / 2) * (Math.sin(u) + 1);
    case "lower": return l.lower - 1 + Math.sqrt(u * u + 1);
    case "upper": return l.upper + 1 - Math.sqrt(u * u + 1);
    default: return u;
  }
}
/** Internal value of an external one (values at or beyond a limit are pulled to it / slightly inside). */
export function toInt(l: Limit, v: number): number {
  switch (kindOf(l)) {
    case "both": {
      const s = (2 * (v - l.lower)) / (l.upper - l.lower) - 1;
      return Math.max(-SIN_EDGE, Math.min(SIN_EDGE, Math.asin(Math.max(-1, Math.min(1, s)))));
    }
    // NB: a start on a one-sided limit (int 0, where d ext/d int = 0 and an exact gradient vanishes) is pulled
    // inside to int = 8·sqrt(eps2), as a two-sided one is
    case "lower": { const t = Math.max(v - l.lower + 1, 1); return Math.max(Math.sqrt(t * t - 1), 8 * Math.sqrt(EPS2)); }
    case "upper": { const t = Math.max(l.upper - v + 1, 1); return Math.max(Math.sqrt(t * t - 1), 8 * Math.sqrt(EPS2)); }
    default: return v;
  }
}
/** d ext/d int at an internal value: (b − a)/2·cos u; u/√(u² + 1); −u/√(u² + 1); 1. */
export function dExt(l: Limit, u: number): number {
  switch (kindOf(l)) {
    case "both": return ((l.upper - l.lower) / 2) * Math.cos(u);
    case "lower": return u / Math.sqrt(u * u + 1);
    case "upper": return -u / Math.sqrt(u * u + 1);
    default: return 1;
  }
}

/**
 * A traced map from the free internal parameters u ([nFree]) and the constants c ([n], used where a
 * parameter is fixed) to all external parameters ([n]), float64, vectorised over the parameters.
 */
export function externalMap(limits: Limit[], free: boolean[]): (u: NDArray, c: NDArray) => NDArray {
  const n = limits.length, idx = free.flatMap((f, i) => (f ? [i] : []));
  const P = np.array(Array.from({ length: n }, (_, i) => idx.map((j) => (j === i ? 1 : 0))), { dtype: "float64" });
  const kinds = limits.map(kindOf);
  const mask = (k: LimitKind) => np.array(kinds.map((x) => x === k), { dtype: "bool" });
  const fixedMask = np.array(free.map((f) => !f), { dtype: "bool" });
  // finite stand-ins where a side is absent, so that the unused branches stay finite (and so their gradients)
  const a = np.array(limits.map((l) => (Number.isFinite(l.lower) ? l.lower : 0)), { dtype: "float64" });
  const b = np.array(limits.map((l) => (Number.isFinite(l.upper) ? l.upper : 1)), { dtype: "float64" });
  const mBoth = mask("both"), mLow = mask("lower"), mUp = mask("upper");
  return (u, c) => {
    const v = idx.length ? np.matmul(P, u) : np.zeros([n], { dtype: "float64" });
    const root = np.sqrt(np.add(np.multiply(v, v), 1));
    const sinExt = np.add(a, np.multiply(np.divide(np.subtract(b, a), 2), np.add(np.sin(v), 1)));
    const ext = np.where(mBoth, sinExt, np.where(mLow, np.add(np.subtract(a, 1), root), np.where(mUp, np.subtract(np.add(b, 1), root), v)));
    return np.where(fixedMask, c, ext);
  };
}
