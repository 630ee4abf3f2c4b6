/**
 * @file The gamma family and entropy helpers of jax.scipy.special built on gammaln: gamma, gammasgn,
 * beta, factorial, poch, multigammaln, entr, relEntr, klDiv, bernoulli, and the softmax aliases.
 * Composites of primitives, computed in float64 and rounded back to the input's float dtype.
 */
import { NDArray } from "../core/array.js";
import { FloatDType, getDefaultFloat, isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { logSoftmaxWhere, softmaxWhere } from "../nn/activations_more.js";
import { ArrayLike, array, promoteAndBroadcast } from "./core.js";
import { show } from "./signature.js";
import { gammaln } from "./special_functions.js";
import { lbeta } from "./special_incomplete.js";

/** The operands promoted and broadcast to one float dtype (ints to the default float), then as float64, with that dtype. */
export function float64s(op: string, xs: ArrayLike[]): [NDArray[], FloatDType] {
  const arrs = promoteAndBroadcast(op, xs);
  const d = (isFloat(arrs[0].dtype) ? arrs[0].dtype : getDefaultFloat()) as FloatDType;
  return [arrs.map((a) => L.convert(a, "float64")), d];
}
/** `v` in float64 filled like `x`. */
export const fill = (x: NDArray, v: number): NDArray => L.fullLike(x, v);
const isInt = (x: NDArray): NDArray => L.eq(x, L.floor(x));

/** sign Γ(x) in float64: +1 for x > 0, (−1)^⌈−x⌉ between the poles, 0 at the poles, NaN for NaN. */
function sgn64(x: NDArray): NDArray {
  const pole = L.and(L.le(x, 0), isInt(x));
  const odd = L.ne(L.rem(L.floor(x), 2), 0); // ⌊x⌋ odd on (−1, 0), (−3, −2), …
  const s = L.select(L.and(L.lt(x, 0), odd), fill(x, -1), fill(x, 1));
  return L.select(L.ne(x, x), x, L.select(pole, L.zerosLike(x), s));
}

/**
 * The sign of Γ(x): 1 for x > 0, alternating −1, 1, … between the poles for x < 0; 0 at the poles
 * 0, −1, −2, … (as scipy), NaN for NaN. Its derivative is 0.
 * @example special.gammasgn([1.5, -0.5, -1.5]) // [1, -1, 1]
 */
export function gammasgn(x: ArrayLike): NDArray {
  const [[a], d] = float64s("gammasgn", [x]);
  return L.convert(L.stopGradient(sgn64(a)), d);
}

/**
 * The gamma function Γ(x) = sign Γ(x) · exp(ln|Γ(x)|): +∞ at the poles 0, −1, −2, … and beyond
 * x ≈ 171.62 (overflow), −∞ at −∞ (as scipy). Relative error ≈ 3e-16·(10 + |ln Γ(x)|) (the exp of
 * ln Γ amplifies its absolute error; 2e-13 at x ≈ 163, measured against mpmath). Differentiable:
 * Γ′ = Γ·ψ.
 * @example special.gamma([5, 0.5]) // [24, 1.7724538509055159]
 */
export function gamma(x: ArrayLike): NDArray {
  const [[a], d] = float64s("gamma", [x]);
  const pole = L.and(L.le(a, 0), isInt(a));
  const safe = L.select(pole, fill(a, 1), a);
  const g = L.mul(L.stopGradient(sgn64(safe)), L.exp(gammaln(safe)));
  return L.convert(L.select(L.eq(a, -Infinity), a, L.select(pole, fill(a, Infinity), g)), d);
}

/**
 * The beta function B(a, b) = Γ(a)Γ(b)/Γ(a + b), as sign · exp(ln|B|) with the sign from gammasgn
 * (so negative non-integer arguments work). Differentiable in a and b.
 * @example special.beta(2, 3) // 1/12
 */
export function beta(a: ArrayLike, b: ArrayLike): NDArray {
  const [[x, y], d] = float64s("beta", [a, b]);
  const s0 = L.mul(L.mul(sgn64(x), sgn64(y)), sgn64(L.add(x, y)));
  const sign = L.stopGradient(L.select(L.eq(s0, 0), L.fullLike(s0, 1), s0)); // a pole: ±∞ from exp(lbeta)
  return L.convert(L.mul(sign, L.exp(lbeta(x, y))), d);
}

/**
 * n! = Γ(n + 1) as a float (scipy's `exact=False`), 0 for n < 0; non-integer n gives Γ(n + 1).
 * NB: `exact` must be false (as JAX, which raises for `exact=True`): use BigInt for exact factorials.
 * @example special.factorial([0, 5, 0.5]) // [1, 120, 0.886226925452758]
 */
export function factorial(n: ArrayLike, exact = false): NDArray {
  if (exact !== false) throw new TypeError(`special.factorial: only exact = false is supported (as JAX), got ${show(exact)}`);
  const [[a], d] = float64s("factorial", [n]);
  const neg = L.lt(a, 0);
  return L.convert(L.select(neg, L.zerosLike(a), gamma(L.select(neg, L.zerosLike(a), L.add(a, 1)))), d);
}

/**
 * The Pochhammer symbol (rising factorial) (z)ₘ = Γ(z + m)/Γ(z), as sign · exp(ln|Γ(z+m)| − ln|Γ(z)|);
 * 1 for m = 0, and the polynomial's value where z + m is a pole and z is not (0 then).
 * Differentiable in z and m.
 * @example special.poch(3, 2) // 12
 */
export function poch(z: ArrayLike, m: ArrayLike): NDArray {
  const [[x, k], d] = float64s("poch", [z, m]);
  const zm = L.add(x, k);
  const sign = L.stopGradient(L.mul(sgn64(zm), sgn64(x)));
  const poleTop = L.and(L.le(zm, 0), isInt(zm)), poleBottom = L.and(L.le(x, 0), isInt(x));
  const one = fill(x, 1);
  const val = L.mul(sign, L.exp(L.sub(gammaln(L.select(poleTop, one, zm)), gammaln(L.select(poleBottom, one, x)))));
  // Γ(z+m) infinite and Γ(z) finite: ∞; Γ(z) infinite and Γ(z+m) finite: 0; both poles (z = −N, m ≤ N
  // integers): the finite product z(z+1)…(z+m−1) = (−1)ᵐ·N!/(N−m)!
  const both = L.and(poleTop, poleBottom);
  const zs = L.select(both, x, L.zerosLike(x)), ks = L.select(both, k, L.zerosLike(k));
  const mag = L.exp(L.sub(gammaln(L.sub(one, zs)), gammaln(L.sub(L.sub(one, zs), ks))));
  const prod = L.select(L.eq(L.rem(ks, 2), 0), mag, L.neg(mag));
  const out = L.select(both, prod, L.select(poleTop, fill(x, Infinity), L.select(poleBottom, L.zerosLike(x), val)));
  return L.convert(L.select(L.eq(k, 0), L.select(L.ne(x, x), x, one), out), d);
}

/**
 * The log of the multivariate gamma function, ln Γ_d(a) = d(d−1)/4 · ln π + Σⱼ₌₁ᵈ ln Γ(a − (j−1)/2),
 * for an integer dimension d ≥ 1. Differentiable in a.
 * NB: scipy raises when some a ≤ (d−1)/2; here (as JAX, under jit) the sum of ln|Γ| is returned there.
 * @example special.multigammaln(2, 3) // 1.5963125911388552
 */
export function multigammaln(a: ArrayLike, d: number): NDArray {
  if (typeof d !== "number" || !Number.isInteger(d) || d < 1) throw new TypeError(`special.multigammaln: d must be a positive integer, got ${show(d)}`);
  const [[x], dt] = float64s("multigammaln", [a]);
  let acc = L.fullLike(x, (d * (d - 1)) / 4 * Math.log(Math.PI));
  for (let j = 0; j < d; j++) acc = L.add(acc, gammaln(L.sub(x, j / 2)));
  return L.convert(acc, dt);
}

/**
 * The elementwise entropy −x·ln x for x > 0, 0 at 0, −∞ for x < 0 (NaN stays NaN). Differentiable
 * for x > 0 (−ln x − 1).
 * @example special.entr([0, 0.5, 1]) // [0, 0.34657359027997264, 0]
 */
export function entr(x: ArrayLike): NDArray {
  const [[a], d] = float64s("entr", [x]);
  const pos = L.gt(a, 0);
  const safe = L.select(pos, a, fill(a, 1));
  const v = L.neg(L.mul(safe, L.log(safe)));
  return L.convert(L.select(pos, v, L.select(L.eq(a, 0), L.zerosLike(a), L.select(L.lt(a, 0), fill(a, -Infinity), a))), d);
}

/** x·ln(x/y) where x, y > 0 (safe inputs elsewhere), and the masks relEntr and klDiv branch on. */
function entropyParts(op: string, x: ArrayLike, y: ArrayLike): { a: NDArray; b: NDArray; both: NDArray; zero: NDArray; term: NDArray; d: FloatDType } {
  const [[a, b], d] = float64s(op, [x, y]);
  const both = L.and(L.gt(a, 0), L.gt(b, 0));
  const zero = L.and(L.eq(a, 0), L.ge(b, 0));
  const one = fill(a, 1);
  const sa = L.select(both, a, one), sb = L.select(both, b, one);
  return { a, b, both, zero, term: L.mul(sa, L.sub(L.log(sa), L.log(sb))), d };
}
const nanOf = (a: NDArray, b: NDArray, v: NDArray) => L.select(L.ne(a, a), a, L.select(L.ne(b, b), b, v));

/**
 * The relative entropy term x·ln(x/y): for x, y > 0 that value, 0 for x = 0 and y ≥ 0, +∞ otherwise
 * (NaN if either is NaN). Differentiable where x, y > 0.
 * @example special.relEntr([1, 0, 1], [2, 5, 0]) // [−ln 2, 0, ∞]
 */
export function relEntr(x: ArrayLike, y: ArrayLike): NDArray {
  const { a, b, both, zero, term, d } = entropyParts("relEntr", x, y);
  return L.convert(nanOf(a, b, L.select(both, term, L.select(zero, L.zerosLike(a), fill(a, Infinity)))), d);
}

/**
 * The Kullback–Leibler divergence term x·ln(x/y) − x + y: for x, y > 0 that value, y for x = 0 and
 * y ≥ 0, +∞ otherwise (NaN if either is NaN). Differentiable where x, y > 0.
 * @example special.klDiv([1, 0], [2, 5]) // [1 − ln 2, 5]
 */
export function klDiv(x: ArrayLike, y: ArrayLike): NDArray {
  const { a, b, both, zero, term, d } = entropyParts("klDiv", x, y);
  const v = L.add(L.sub(term, a), b);
  return L.convert(nanOf(a, b, L.select(both, v, L.select(zero, b, fill(a, Infinity)))), d);
}

/**
 * The Bernoulli numbers B₀ … Bₙ (n + 1 of them; B₁ = −½, as scipy and JAX), in the default float dtype.
 * B₂ₖ = (−1)ᵏ⁺¹·2·(2k)!/(2π)²ᵏ·ζ(2k), the ratio built up factor by factor (relative error ≲ 1e-15·k);
 * odd ones beyond B₁ are 0; ±∞ once they overflow (n > 258 in float64).
 * @example special.bernoulli(4) // [1, -0.5, 1/6, 0, -1/30]
 */
export function bernoulli(n: number): NDArray {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new TypeError(`special.bernoulli: n must be a non-negative integer, got ${show(n)}`);
  const out = new Array<number>(n + 1).fill(0);
  out[0] = 1;
  if (n >= 1) out[1] = -0.5;
  let ratio = 2; // 2·(2k)!/(2π)^(2k)
  const twoPi2 = 4 * Math.PI * Math.PI;
  for (let k = 1; 2 * k <= n; k++) {
    ratio *= ((2 * k - 1) * (2 * k)) / twoPi2;
    let z = 0; // ζ(2k) = Σ m^(−2k), summed small terms first
    const terms = k === 1 ? 0 : Math.min(200, Math.ceil(Math.pow(1e17, 1 / (2 * k))) + 1);
    if (k === 1) z = (Math.PI * Math.PI) / 6;
    else for (let m = terms; m >= 1; m--) z += Math.pow(m, -2 * k);
    out[2 * k] = (k % 2 === 1 ? 1 : -1) * ratio * z;
  }
  return array(out, { dtype: getDefaultFloat() });
}

type SoftmaxAxis = number | number[] | null;
/**
 * jax.scipy.special.softmax: eˣ / Σ eˣ over `axis` — all axes by default (scipy's `axis=None`).
 * NB: `nn.softmax` defaults to the last axis; this alias keeps scipy's default.
 * @example special.softmax([[1, 1], [1, 1]]) // [[0.25, 0.25], [0.25, 0.25]]
 */
export function softmax(x: ArrayLike, axis: SoftmaxAxis | { axis?: SoftmaxAxis } = null): NDArray {
  const ax = axis !== null && typeof axis === "object" && !Array.isArray(axis) ? (axis.axis ?? null) : axis;
  return softmaxWhere(x, ax);
}
/**
 * jax.scipy.special.log_softmax: x − log Σ eˣ over `axis` (all axes by default, as scipy).
 * @example special.logSoftmax([0, 0]) // [−ln 2, −ln 2]
 */
export function logSoftmax(x: ArrayLike, axis: SoftmaxAxis | { axis?: SoftmaxAxis } = null): NDArray {
  const ax = axis !== null && typeof axis === "object" && !Array.isArray(axis) ? (axis.axis ?? null) : axis;
  return logSoftmaxWhere(x, ax);
}
