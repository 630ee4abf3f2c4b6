/** @file The polygamma functions ψ⁽ⁿ⁾(x) (jax.scipy.special.polygamma) as a composite: a shift, then the Hurwitz zeta asymptotic series. */
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, toFloat } from "./core.js";
import { digamma } from "./special_normal.js";
import { show } from "./signature.js";

/** B₂ⱼ/(2j)! for j = 1…8 (Bernoulli numbers over factorials). */
const B_OVER_FACT = [1 / 6 / 2, -1 / 30 / 24, 1 / 42 / 720, -1 / 30 / 40320, 5 / 66 / 3628800, -691 / 2730 / 479001600, 7 / 6 / 87178291200, -3617 / 510 / 20922789888000];
/** The shift: ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x + 1) + (−1)ⁿ⁺¹ n!/xⁿ⁺¹ until x ≥ 20, where the series' next term is < 1e-16 for n ≤ 10. */
const SHIFT_TO = 20;

/**
 * ψ⁽ⁿ⁾(x), the n-th derivative of the digamma function, for an integer n ≥ 0 (n = 0 is `digamma`).
 * For n ≥ 1: (−1)ⁿ⁺¹ n! ζ(n + 1, x) with ζ(s, x) = Σₖ (x + k)⁻ˢ, summed up to x + K ≥ 20, then
 * ζ(s, y) ≈ y¹⁻ˢ/(s − 1) + y⁻ˢ/2 + Σⱼ B₂ⱼ/(2j)!·s(s+1)…(s+2j−2)·y^(−s−2j+1). Relative error ~1e-15
 * for n ≤ 10 (mpmath). Differentiable in x.
 * NB: n must be a JS integer (JAX accepts an integer array); x ≤ 0 gives NaN for n ≥ 1 (scipy reflects).
 * @example special.polygamma(1, 1) // π²/6
 */
export function polygamma(n: number, x: ArrayLike): NDArray {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new TypeError(`polygamma: n must be a non-negative integer, got ${show(n)}`);
  if (n === 0) return digamma(x);
  const x0 = toFloat(x);
  const a = L.convert(x0, "float64");
  const s = n + 1;
  const valid = L.gt(a, 0);
  let y = L.select(valid, a, L.fullLike(a, 1));
  let acc = L.zerosLike(y);
  for (let k = 0; k < SHIFT_TO; k++) {
    const small = L.lt(y, SHIFT_TO);
    acc = L.add(acc, L.select(small, L.pow(y, L.fullLike(y, -s)), L.zerosLike(y)));
    y = L.select(small, L.add(y, 1), y);
  }
  // Euler–Maclaurin tail ζ(s, y)
  const logy = L.log(y);
  const powY = (e: number) => L.exp(L.mul(logy, e));
  let tail = L.add(L.mul(powY(1 - s), 1 / (s - 1)), L.mul(powY(-s), 0.5));
  let rising = s; // s(s+1)…(s+2j−2)
  for (let j = 1; j <= B_OVER_FACT.length; j++) {
    tail = L.add(tail, L.mul(powY(-s - 2 * j + 1), B_OVER_FACT[j - 1] * rising));
    rising *= (s + 2 * j - 1) * (s + 2 * j);
  }
  let fact = 1;
  for (let k = 2; k <= n; k++) fact *= k;
  const out = L.mul(L.add(acc, tail), (n % 2 === 1 ? 1 : -1) * fact);
  return L.convert(L.select(valid, out, L.fullLike(out, NaN)), x0.dtype);
}
