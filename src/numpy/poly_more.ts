/**
 * @file More of NumPy's legacy polynomials (1-D coefficients, highest power first): `poly` (from roots or
 * a matrix's characteristic polynomial), `polyder`, `polyint`, `polydiv`. Outputs are inexact, as JAX's.
 */
import { fmtShape } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { DType, getDefaultFloat, isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, resultDType } from "./core.js";
import { convolve } from "./signal.js";
import { show } from "./signature.js";

const inexact = (d: DType): DType => (isFloat(d) ? d : getDefaultFloat());

/** A 1-D coefficient array of an inexact dtype (a scalar is a constant polynomial). */
function coeffs(op: string, p: ArrayLike, name: string, d: DType): NDArray {
  const a = L.convert(asArray(p, d), d);
  if (a.ndim > 1) throw new RangeError(`${op}: ${name} must be a 1-D array of coefficients, got shape ${fmtShape(a.shape)}`);
  return a.ndim === 0 ? L.reshape(a, [1]) : a;
}

function order(op: string, m: unknown): number {
  if (typeof m !== "number" || !Number.isInteger(m) || m < 0) throw new RangeError(`${op}: the order m must be a non-negative integer, got ${show(m)}`);
  return m;
}

/** A constant 1-D array of the given values. */
function constant(values: number[], d: DType): NDArray {
  return ConcreteArray.fromTyped(d === "float32" ? Float32Array.from(values) : Float64Array.from(values), [values.length], d);
}

/**
 * The coefficients of the monic polynomial with the given roots, ∏ (x − rᵢ), highest power first; for a
 * square matrix, its characteristic polynomial det(x·I − A). Differentiable.
 * NB: a matrix's characteristic polynomial is computed by the Faddeev–LeVerrier recursion (matrix
 * products and traces, real coefficients for a real matrix, as NumPy's result) — JAX goes through the
 * complex eigenvalues; the recursion loses accuracy for large matrices (n ≳ 15), as any power-basis form does.
 * @example np.poly([1, 2]) // [1, -3, 2]
 * @example np.poly([[1, 2], [3, 4]]) // [1, -5, -2]
 */
export function poly(seqOfZeros: ArrayLike): NDArray {
  const d = inexact(resultDType([seqOfZeros]));
  const a = L.convert(asArray(seqOfZeros, d), d);
  if (a.ndim === 2) {
    const n = a.shape[0];
    if (a.shape[1] !== n || n === 0) throw new RangeError(`poly: expected a 1-D array of roots or a non-empty square matrix, got shape ${fmtShape(a.shape)}`);
    return charpoly(a, n, d);
  }
  if (a.ndim > 2) throw new RangeError(`poly: expected a 1-D array of roots or a non-empty square matrix, got shape ${fmtShape(a.shape)}`);
  const roots = a.ndim === 0 ? L.reshape(a, [1]) : a;
  let c = constant([1], d);
  for (let k = 0; k < roots.shape[0]; k++) {
    const r = L.reshape(L.slice(roots, [k], [k + 1]), [1]);
    c = convolve(c, L.concatenate([constant([1], d), L.neg(r)], 0));
  }
  return c;
}

/** Faddeev–LeVerrier: M₁ = I, c₁ = −tr(A); Mₖ = A·Mₖ₋₁ + cₖ₋₁·I, cₖ = −tr(A·Mₖ)/k. */
function charpoly(a: NDArray, n: number, d: DType): NDArray {
  const eye = L.reshape(constant(Array.from({ length: n * n }, (_, p) => (p % (n + 1) === 0 ? 1 : 0)), d), [n, n]);
  const trace = (m: NDArray) => L.reduceSum(L.mul(m, eye), [0, 1]);
  const dot = (x: NDArray, y: NDArray) => L.dotGeneral(x, y, { contract: [[1], [0]], batch: [[], []] });
  const cs: NDArray[] = [L.full([], 1, d)];
  let m = eye;
  for (let k = 1; k <= n; k++) {
    if (k > 1) m = L.add(dot(a, m), L.mul(eye, L.broadcastTo(cs[k - 1], [n, n])));
    cs.push(L.div(L.neg(trace(dot(a, m))), L.full([], k, d)));
  }
  return L.concatenate(cs.map((c) => L.reshape(c, [1])), 0);
}

/**
 * The m-th derivative of a polynomial (length len(p) − m; empty when m ≥ len(p), as JAX).
 * @example np.polyder([1, 1, 1, 1]) // [3, 2, 1]
 */
export function polyder(p: ArrayLike, m = 1): NDArray {
  order("polyder", m);
  const d = inexact(resultDType([p]));
  let c = coeffs("polyder", p, "p", d);
  for (let i = 0; i < m && c.shape[0] > 0; i++) {
    const n = c.shape[0] - 1;
    c = L.mul(L.slice(c, [0], [n]), constant(Array.from({ length: n }, (_, j) => n - j), d));
  }
  return c;
}

/**
 * The m-th antiderivative of a polynomial; `k` holds the integration constants (a number for all m, or m
 * of them; the first belongs to the first integration, as NumPy). Length len(p) + m.
 * @example np.polyint([3, 2, 1]) // [1, 1, 1, 0]
 */
export function polyint(p: ArrayLike, m = 1, k: ArrayLike | null = null): NDArray {
  order("polyint", m);
  const d = inexact(resultDType(k === null ? [p] : [p, k]));
  let c = coeffs("polyint", p, "p", d);
  let ks: NDArray;
  if (k === null) ks = L.full([m], 0, d);
  else {
    const kk = L.convert(asArray(k, d), d);
    if (kk.ndim === 0) ks = L.broadcastTo(kk, [m]);
    else if (kk.ndim === 1 && kk.shape[0] === m) ks = kk;
    else throw new RangeError(`polyint: k must be a number or hold m = ${m} integration constants, got shape ${fmtShape(kk.shape)}`);
  }
  for (let i = 0; i < m; i++) {
    const n = c.shape[0];
    c = L.concatenate([L.div(c, constant(Array.from({ length: n }, (_, j) => n - j), d)), L.slice(ks, [i], [i + 1])], 0);
  }
  return c;
}

/** Options of `polydiv`. */
export interface PolydivOpts {
  /**
   * Strip the remainder's leading zeros (exactly zero) as NumPy does; needs concrete values (not under jit).
   * Default false: the remainder keeps the dividend's length, as JAX's default.
   */
  trimLeadingZeros?: boolean;
}
/**
 * Polynomial division u = q·v + r: `[q, r]` with q of length max(len(u) − len(v) + 1, 1) and r of length len(u)
 * (leading zeros kept, as JAX's default). The divisor's leading coefficient must be nonzero.
 * @example np.polydiv([5, 7, 9], [4, 1]) // [[1.25, 1.4375], [0, 0, 7.5625]]
 */
export function polydiv(u: ArrayLike, v: ArrayLike, opts: PolydivOpts = {}): [NDArray, NDArray] {
  const d = inexact(resultDType([u, v]));
  let r = coeffs("polydiv", u, "u", d);
  const w = coeffs("polydiv", v, "v", d);
  const nu = r.shape[0], nv = w.shape[0];
  if (nv === 0) throw new RangeError("polydiv: the divisor v must have at least one coefficient");
  const nq = nu - nv + 1;
  const lead = L.reshape(L.slice(w, [0], [1]), []);
  const qs: NDArray[] = [];
  for (let i = 0; i < nq; i++) {
    // q_i = r_i / v_0; r[i : i + nv] −= q_i · v
    const qi = L.div(L.reshape(L.slice(r, [i], [i + 1]), []), lead);
    qs.push(L.reshape(qi, [1]));
    const update = L.pad(L.mul(w, L.broadcastTo(qi, [nv])), [i], [nu - i - nv], 0);
    r = L.sub(r, update);
  }
  // a dividend shorter than the divisor: q = [0], r = u (as NumPy and JAX)
  const q = nq <= 0 ? L.full([1], 0, d) : L.concatenate(qs, 0);
  if (opts.trimLeadingZeros) {
    const vals = Array.from(r.toArray() as number[]);
    let s = 0;
    while (s < vals.length - 1 && vals[s] === 0) s++;
    r = L.slice(r, [s], [nu]);
  }
  return [q, r];
}
