/**
 * @file The Hurwitz zeta function and the confluent hypergeometric function ₁F₁ (jax.scipy.special
 * zeta, hyp1f1): float64 composites (a shifted Euler–Maclaurin sum; a Kummer-transformed power series),
 * differentiable in every argument through their operations.
 */
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike } from "./core.js";
import { fill, float64s } from "./special_gamma.js";

/** B₂ⱼ/(2j)! for j = 1…8. */
const B_OVER_FACT = [1 / 6 / 2, -1 / 30 / 24, 1 / 42 / 720, -1 / 30 / 40320, 5 / 66 / 3628800, -691 / 2730 / 479001600, 7 / 6 / 87178291200, -3617 / 510 / 20922789888000];
/**
 * The shift: terms (q + k)⁻ˣ are summed directly until q + k ≥ T = clamp(1.25·(x + 18), 20, 64), where
 * the next Euler–Maclaurin term ((x + 18)/(2πT))¹⁸ is below rounding (at most 64 shifts).
 */
const MAX_SHIFT = 64;

/** ζ(s, q) for s > 1, q > 0 (float64, safe inputs). */
function hurwitz(s: NDArray, q: NDArray): NDArray {
  const target = L.min(L.max(L.mul(L.add(s, 18), 1.25), fill(s, 20)), fill(s, MAX_SHIFT));
  const negS = L.neg(s);
  let y = q, acc = L.zerosLike(q);
  for (let k = 0; k < MAX_SHIFT; k++) {
    const low = L.lt(y, target);
    acc = L.add(acc, L.select(low, L.exp(L.mul(negS, L.log(y))), L.zerosLike(y)));
    y = L.select(low, L.add(y, 1), y);
  }
  // ζ(s, y) ≈ y¹⁻ˢ/(s−1) + y⁻ˢ/2 + Σⱼ B₂ⱼ/(2j)!·s(s+1)…(s+2j−2)·y^(−s−2j+1)
  const logy = L.log(y);
  const powY = (e: NDArray) => L.exp(L.mul(e, logy));
  let tail = L.add(L.div(powY(L.sub(fill(s, 1), s)), L.sub(s, 1)), L.mul(powY(negS), 0.5));
  let rising = s;
  for (let j = 1; j <= B_OVER_FACT.length; j++) {
    tail = L.add(tail, L.mul(L.mul(powY(L.sub(negS, 2 * j - 1)), rising), B_OVER_FACT[j - 1]));
    rising = L.mul(rising, L.mul(L.add(s, 2 * j - 1), L.add(s, 2 * j)));
  }
  return L.add(acc, tail);
}

/**
 * The Hurwitz zeta function ζ(x, q) = Σₖ₌₀^∞ (k + q)⁻ˣ for x > 1, q > 0 (ζ(x, 1) is Riemann's):
 * ∞ at x = 1 and at q = 0, −1, −2, …; NaN for x < 1 or other q ≤ 0. Direct terms up to
 * q + k ≥ clamp(1.25(x + 18), 20, 64), then the Euler–Maclaurin tail: ≤ 3e-14 relative for
 * 1 < x ≤ 50 and q in [1e-3, 1e3] (random samples, mpmath at 300 digits), degrading slowly for
 * larger x with q > 20.
 * Differentiable in q (∂ζ/∂q = −x·ζ(x + 1, q)) and in x.
 * NB: q is required (as JAX; scipy's q = None is the Riemann zeta: pass q = 1). JAX raises for the
 * derivative in x; here it is the derivative of the sum. For q ≤ 0 not an integer and integer x,
 * scipy/Cephes sum the series; here it is NaN.
 * @example special.zeta(2, 1) // π²/6
 */
export function zeta(x: ArrayLike, q: ArrayLike): NDArray {
  const [[s, a], d] = float64s("zeta", [x, q]);
  const ok = L.and(L.gt(s, 1), L.gt(a, 0));
  const finite = L.and(ok, L.and(L.lt(s, Infinity), L.lt(a, Infinity)));
  const v = hurwitz(L.select(finite, s, fill(s, 2)), L.select(finite, a, fill(a, 1)));
  // x = ∞: q⁻ˣ → ∞, 1 or 0; q = ∞: 0; poles at x = 1 and at q = 0, −1, …
  const atInfX = L.select(L.lt(a, 1), fill(s, Infinity), L.select(L.eq(a, 1), fill(s, 1), L.zerosLike(s)));
  const edge = L.select(L.eq(s, Infinity), atInfX, L.zerosLike(s));
  const pole = L.or(L.and(L.eq(s, 1), L.gt(a, 0)), L.and(L.le(a, 0), L.eq(a, L.floor(a))));
  let out = L.select(finite, v, L.select(ok, edge, fill(s, NaN)));
  out = L.select(L.and(pole, L.ge(s, 1)), fill(s, Infinity), out);
  return L.convert(L.select(L.ne(s, s), s, L.select(L.ne(a, a), a, out)), d);
}

/** Terms of the ₁F₁ power series: enough for |x| ≤ 60 (the terms peak near k ≈ x, then fall fast). */
const HYP_TERMS = 160;

/**
 * The confluent hypergeometric function ₁F₁(a; b; x) = Σₖ (a)ₖ/(b)ₖ·xᵏ/k! (Kummer's M). For x ≥ 0 the
 * power series (160 terms); for x < 0 Kummer's transformation e^x·₁F₁(b − a; b; −x). Accuracy
 * (mpmath): ~1e-14 relative for 0 < a, b ≤ 20 and 0 ≤ x ≤ 60; for x < 0 cancellation in the
 * transformed series costs digits where the result is small (1e-11 for a, b ≤ 10, x ≥ −30; 1e-7 at
 * a = 20, b = 0.1, x = −17). Differentiable in a, b and x through the series.
 * NB: as JAX, 1 at a = b = 0 (scipy: ∞); ∞ for b a non-positive integer otherwise. JAX accepts only
 * positive inputs; here any real a, b (within the region above) work.
 * @example special.hyp1f1(1, 1, 2) // e²
 */
export function hyp1f1(a: ArrayLike, b: ArrayLike, x: ArrayLike): NDArray {
  const [[aa, bb, xx], d] = float64s("hyp1f1", [a, b, x]);
  const neg = L.lt(xx, 0);
  const a2 = L.select(neg, L.sub(bb, aa), aa);
  const x2 = L.abs(xx);
  const bPole = L.and(L.le(bb, 0), L.eq(bb, L.floor(bb)));
  const bs = L.select(bPole, fill(bb, 1), bb);
  let t = fill(xx, 1), acc = fill(xx, 1);
  for (let k = 0; k < HYP_TERMS; k++) {
    t = L.mul(t, L.div(L.mul(L.add(a2, k), x2), L.mul(L.add(bs, k), k + 1)));
    acc = L.add(acc, t);
  }
  const out = L.select(neg, L.mul(L.exp(xx), acc), acc);
  const res = L.select(bPole, L.select(L.eq(aa, 0), fill(xx, 1), fill(xx, Infinity)), out);
  return L.convert(res, d);
}
