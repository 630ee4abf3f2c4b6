/**
 * @file HistFactory interpolation codes 0, 1, 2, 4, 4p as pyhf defines them: the constants are prepared
 * once from (lo, nominal, hi) in plain JavaScript, and only α is traced (a few elementwise ops).
 */
import type { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";

/** An interpolation code: additive (a delta to the nominal: code0, code2, code4p) or multiplicative (a factor: code1, code4). */
export type InterpCode = "code0" | "code1" | "code2" | "code4" | "code4p";
export const INTERP_CODES: readonly InterpCode[] = ["code0", "code1", "code2", "code4", "code4p"];
/** Codes that return a factor (normsys); the others return an additive delta (histosys). */
export const MULTIPLICATIVE: ReadonlySet<InterpCode> = new Set(["code1", "code4"]);

const f64 = (a: Float64Array, shape: readonly number[]) => np.array(a, { dtype: "float64", shape: [...shape] });

/**
 * The inverse of the 6×6 system that fixes code4's polynomial 1 + Σ_{i=1..6} c_i·α^i: rows are
 * value, slope and curvature at α = +1, then at α = −1. Solved once here by Gaussian elimination.
 */
const CODE4_INV: number[][] = (() => {
  const rows: number[][] = [];
  for (const x of [1, -1]) {
    rows.push([1, 2, 3, 4, 5, 6].map((i) => x ** i)); // p(x) − 1
    rows.push([1, 2, 3, 4, 5, 6].map((i) => i * x ** (i - 1))); // p'(x)
    rows.push([1, 2, 3, 4, 5, 6].map((i) => i * (i - 1) * x ** (i - 2))); // p''(x)
  }
  const n = 6;
  const m = rows.map((r, i) => [...r, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
    [m[col], m[piv]] = [m[piv], m[col]];
    const d = m[col][col];
    for (let j = 0; j < 2 * n; j++) m[col][j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col];
      for (let j = 0; j < 2 * n; j++) m[r][j] -= f * m[col][j];
    }
  }
  return m.map((r) => r.slice(n));
})();

/**
 * code4's six coefficients for factors hi, lo (relative to the nominal): the polynomial matches
 * hi^α (value, slope ln hi·hi, curvature ln²hi·hi) at α = 1 and lo^(−α) at α = −1.
 */
export function code4Coefficients(hi: number, lo: number): number[] {
  const lh = Math.log(hi), ll = Math.log(lo);
  const rhs = [hi - 1, hi * lh, hi * lh * lh, lo - 1, -lo * ll, lo * ll * ll];
  return CODE4_INV.map((row) => row.reduce((s, v, j) => s + v * rhs[j], 0));
}

/**
 * Prepare code `code` for elementwise (lo, nom, hi) of shape `shape` (flat, row-major); the result maps
 * α of that shape to the delta (additive codes) or the factor (multiplicative codes, which read lo/nom
 * and hi/nom as the factors, as pyhf's interpolators do).
 */
export function prepareInterp(code: InterpCode, lo: ArrayLike<number>, nom: ArrayLike<number>, hi: ArrayLike<number>, shape: readonly number[]): (alpha: NDArray) => NDArray {
  const n = lo.length;
  const arr = (f: (i: number) => number) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = f(i);
    return f64(out, shape);
  };
  switch (code) {
    case "code0": {
      // δ = α·(hi − nom) for α ≥ 0, α·(nom − lo) for α < 0
      const up = arr((i) => hi[i] - nom[i]), dn = arr((i) => nom[i] - lo[i]);
      return (a) => np.multiply(a, np.where(np.greaterEqual(a, 0), up, dn));
    }
    case "code1": {
      // factor = (hi/nom)^α for α ≥ 0, (lo/nom)^(−α) for α < 0, as exp(α·log) so its derivative is finite
      const lh = arr((i) => Math.log(hi[i] / nom[i])), ll = arr((i) => -Math.log(lo[i] / nom[i]));
      return (a) => np.exp(np.multiply(a, np.where(np.greaterEqual(a, 0), lh, ll)));
    }
    case "code2": {
      // a = (hi + lo)/2 − nom, b = (hi − lo)/2: a·α² + b·α inside |α| ≤ 1;
      // pyhf extrapolates (b + 2a)(α − 1) above 1 and (b − 2a)(α + 1) below −1 (no boundary value: it jumps)
      const A = arr((i) => (hi[i] + lo[i]) / 2 - nom[i]), B = arr((i) => (hi[i] - lo[i]) / 2);
      const up = arr((i) => (hi[i] - lo[i]) / 2 + 2 * ((hi[i] + lo[i]) / 2 - nom[i]));
      const dn = arr((i) => (hi[i] - lo[i]) / 2 - 2 * ((hi[i] + lo[i]) / 2 - nom[i]));
      return (a) => {
        const inside = np.multiply(a, np.add(np.multiply(A, a), B));
        const above = np.multiply(up, np.subtract(a, 1)), below = np.multiply(dn, np.add(a, 1));
        return np.where(np.greater(a, 1), above, np.where(np.less(a, -1), below, inside));
      };
    }
    case "code4": {
      // |α| ≥ 1: code1; inside: 1 + Σ c_i α^i (Horner), the c_i matched to the exponential at ±1
      const lh = arr((i) => Math.log(hi[i] / nom[i])), ll = arr((i) => -Math.log(lo[i] / nom[i]));
      const cs: Float64Array[] = Array.from({ length: 6 }, () => new Float64Array(n));
      for (let i = 0; i < n; i++) code4Coefficients(hi[i] / nom[i], lo[i] / nom[i]).forEach((v, k) => (cs[k][i] = v));
      const c = cs.map((x) => f64(x, shape));
      return (a) => {
        const outside = np.exp(np.multiply(a, np.where(np.greaterEqual(a, 0), lh, ll)));
        let poly: NDArray = c[5];
        for (let k = 4; k >= 0; k--) poly = np.add(c[k], np.multiply(a, poly));
        const inside = np.add(1, np.multiply(a, poly));
        return np.where(np.greaterEqual(np.abs(a), 1), outside, inside);
      };
    }
    case "code4p": {
      // |α| > 1: code0; inside: α·(S + α·A·(15 + α²(3α² − 10))), S = (hi − lo)/2, A = (hi + lo − 2·nom)/16
      const up = arr((i) => hi[i] - nom[i]), dn = arr((i) => nom[i] - lo[i]);
      const S = arr((i) => (hi[i] - lo[i]) / 2), A = arr((i) => (hi[i] + lo[i] - 2 * nom[i]) / 16);
      return (a) => {
        const a2 = np.square(a);
        const poly = np.add(15, np.multiply(a2, np.subtract(np.multiply(3, a2), 10)));
        const inside = np.multiply(a, np.add(S, np.multiply(np.multiply(a, A), poly)));
        const outside = np.multiply(a, np.where(np.greaterEqual(a, 0), up, dn));
        return np.where(np.greater(np.abs(a), 1), outside, inside);
      };
    }
  }
}

/**
 * The log of a multiplicative code's factor (code1, code4) for factors hi, lo per entry: factors of
 * several modifiers then multiply as one exp of a sum. code4's polynomial is evaluated at α clamped
 * to 0 outside |α| < 1, so neither branch produces a NaN derivative.
 */
export function prepareLogFactor(code: "code1" | "code4", lo: ArrayLike<number>, hi: ArrayLike<number>, shape: readonly number[]): (alpha: NDArray) => NDArray {
  const n = lo.length;
  const arr = (f: (i: number) => number) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = f(i);
    return f64(out, shape);
  };
  // log factor = α·ln hi for α ≥ 0, −α·ln lo for α < 0
  const lh = arr((i) => Math.log(hi[i])), ll = arr((i) => -Math.log(lo[i]));
  const linear = (a: NDArray) => np.multiply(a, np.where(np.greaterEqual(a, 0), lh, ll));
  if (code === "code1") return linear;
  const cs: Float64Array[] = Array.from({ length: 6 }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) code4Coefficients(hi[i], lo[i]).forEach((v, k) => (cs[k][i] = v));
  const c = cs.map((x) => f64(x, shape));
  return (a) => {
    const inside = np.less(np.abs(a), 1);
    const ai = np.where(inside, a, 0);
    let poly: NDArray = c[5];
    for (let k = 4; k >= 0; k--) poly = np.add(c[k], np.multiply(ai, poly));
    return np.where(inside, np.log(np.add(1, np.multiply(ai, poly))), linear(a));
  };
}

const toNumbers = (fn: string, what: string, v: unknown): number[] => {
  const arr: unknown[] | null = typeof v === "number" ? [v] : Array.isArray(v) ? v : null;
  if (!arr || !arr.every((x) => typeof x === "number")) throw new TypeError(`${fn}: ${what} must be a number or an array of numbers, got ${typeof v}`);
  return arr as number[];
};

/**
 * Interpolate with a HistFactory code at α (pyhf's `interpolators.code*`): the additive codes (code0,
 * code2, code4p) return the delta to add to `nom`; the multiplicative ones (code1, code4) return the
 * factor, reading lo/nom and hi/nom as the down and up factors. `lo`, `nom`, `hi` are numbers or
 * arrays of one length (one entry per bin); α broadcasts against them. Traceable in α.
 * @example hf.interpolate("code4p", 0.5, 0.5, 1, 2) // 0.47412109375
 */
export function interpolate(code: InterpCode, alpha: NDArray | number | readonly number[], lo: number | readonly number[], nom: number | readonly number[], hi: number | readonly number[]): NDArray {
  const fn = "hf.interpolate";
  if (!INTERP_CODES.includes(code)) throw new TypeError(`${fn}: unknown interpolation code ${JSON.stringify(code)}; expected one of ${INTERP_CODES.join(", ")}`);
  const [l, m, h] = [toNumbers(fn, "lo", lo), toNumbers(fn, "nom", nom), toNumbers(fn, "hi", hi)];
  const n = Math.max(l.length, m.length, h.length);
  const stretch = (v: number[], what: string) => {
    if (v.length === n) return v;
    if (v.length === 1) return Array(n).fill(v[0]) as number[];
    throw new RangeError(`${fn}: lo, nom and hi must have one length (or be numbers); ${what} has ${v.length} entries, expected ${n}`);
  };
  const shape = typeof lo === "number" && typeof nom === "number" && typeof hi === "number" ? [] : [n];
  const f = prepareInterp(code, stretch(l, "lo"), stretch(m, "nom"), stretch(h, "hi"), shape);
  const a = np.asArray(alpha as NDArray, "float64");
  return f(a);
}
