/** @file Assertion helpers shared by the test files. */
import assert from "node:assert/strict";
import { before, after } from "node:test";
import { DType, NDArray, NestedArray, setDefaultFloat, getDefaultFloat } from "../src/index.js";

/** Elementwise |actual − expected| ≤ tol·(1 + |expected|), with ±∞ and NaN matched exactly. */
export function close(actual: NDArray | number, expected: NestedArray | unknown[], tol = 1e-13): void {
  const got = typeof actual === "number" ? [actual] : ([actual.toArray()] as unknown[]).flat(Infinity) as number[];
  const exp = ([expected] as unknown[]).flat(Infinity) as number[];
  assert.equal(got.length, exp.length, `size: got [${got}], expected [${exp}]`);
  got.forEach((v, i) => {
    const e = exp[i];
    const ok = Number.isNaN(e) ? Number.isNaN(v) : !Number.isFinite(e) ? v === e : Math.abs(v - e) <= tol * (1 + Math.abs(e));
    if (!ok) assert.fail(`element ${i}: got ${v}, expected ${e} ([${got}] vs [${exp}])`);
  });
}

/** Assert shape, dtype (optional) and values (within tol) of an array. */
export function check(a: NDArray, shape: number[], values: NestedArray, dtype?: string, tol = 1e-6): void {
  assert.deepEqual(a.shape, shape, `shape [${a.shape}] vs [${shape}]`);
  if (dtype) assert.equal(a.dtype, dtype);
  const got = [a.toArray()].flat(Infinity as 1) as (number | boolean)[];
  const want = [values].flat(Infinity as 1) as (number | boolean)[];
  assert.equal(got.length, want.length, `size ${got.length} vs ${want.length}`);
  got.forEach((g, i) => {
    const w = want[i];
    if (typeof w === "boolean" || typeof g === "boolean") assert.equal(g, w, `element ${i}`);
    else assert.ok(g === w || Math.abs(g - w) <= tol || (Number.isNaN(g) && Number.isNaN(w)), `element ${i}: ${g} vs ${w}`);
  });
}

/** Comparison tolerances [relative, absolute] per dtype for results vs float64 references. */
export const TOL: Record<DType, [number, number]> = {
  bool: [0, 0],
  int32: [0, 0],
  uint32: [0, 0],
  float32: [1e-6, 1e-6],
  float64: [1e-14, 1e-14],
  complex64: [1e-6, 1e-6],
  complex128: [1e-14, 1e-14],
};

/**
 * ln 2 and π in P-bit fixed point (units of 2^-P), from BigInt series — ln 2 = Σ 1/(k·2^k), Machin's
 * π = 16·atan(1/5) − 4·atan(1/239) — for tests that re-derive the math library's split constants.
 */
export function fixedPointConstants(P: bigint): { ONE: bigint; LN2: bigint; PI: bigint } {
  const ONE = 1n << P;
  let LN2 = 0n;
  for (let k = 1n; k < P + 80n; k++) LN2 += ONE / (k << k);
  const atanInv = (n: bigint) => {
    let s = 0n, term = ONE / n, k = 1n, sign = 1n;
    while (term > 0n) {
      s += (sign * term) / k;
      term /= n * n;
      k += 2n;
      sign = -sign;
    }
    return s;
  };
  return { ONE, LN2, PI: 16n * atanInv(5n) - 4n * atanInv(239n) };
}

/** The sample mean. */
export const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;
/** The sample variance (n − 1 in the denominator). */
export const variance = (xs: number[]): number => {
  const m = mean(xs);
  return xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1);
};
/** Kolmogorov–Smirnov statistic of `xs` against the CDF `cdf`. */
export function ks(xs: number[], cdf: (x: number) => number): number {
  const s = [...xs].sort((p, q) => p - q);
  let d = 0;
  s.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / s.length), Math.abs((i + 1) / s.length - f));
  });
  return d;
}

/** Make float64 the default float for the tests of this file (restored after them). */
export function useFloat64(): void {
  let saved: DType;
  before(() => {
    saved = getDefaultFloat();
    setDefaultFloat("float64");
  });
  after(() => setDefaultFloat(saved as "float32" | "float64"));
}
