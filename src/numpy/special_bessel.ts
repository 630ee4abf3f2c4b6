/**
 * @file Modified Bessel functions of the first kind, orders 0 and 1, plain and exponentially scaled
 * (jax.scipy.special i0, i0e, i1, i1e): one float64 kernel (power series up to |x| = 20, Hankel's
 * asymptotic expansion beyond) with custom JVP rules from the recurrences.
 */
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { customJvp } from "../transforms/custom.js";
import { ArrayLike } from "./core.js";
import { fill, float64s } from "./special_gamma.js";

/** Series up to here, asymptotic beyond: both reach ~1.5e-15 relative at the switch (measured against mpmath). */
const SWITCH = 20;
/** Power-series terms: (x²/4)ᵏ/(k!(k+ν)!) < 1e-16 of the sum by k = 45 at x = 20. */
const SERIES_TERMS = 50;
/** Asymptotic terms: the smallest term at x = 20 is ~e⁻⁴⁰. */
const ASYM_TERMS = 20;

/** e^(−a)·I_ν(a) for a ≥ 0 (float64; ν = 0 or 1), 0 at a = ∞. */
function scaled(nu: 0 | 1, a: NDArray): NDArray {
  const small = L.le(a, SWITCH);
  // power series: I_ν(s) = (s/2)^ν Σ (s²/4)ᵏ/(k!(k+ν)!) on s = min(a, 20)
  const s = L.select(small, a, fill(a, SWITCH));
  const q = L.mul(L.mul(s, s), 0.25);
  let term = nu === 0 ? fill(a, 1) : L.mul(s, 0.5);
  let series = term;
  for (let k = 1; k < SERIES_TERMS; k++) {
    term = L.div(L.mul(term, q), k * (k + nu));
    series = L.add(series, term);
  }
  const viaSeries = L.mul(series, L.exp(L.neg(s)));
  // Hankel: e^(−b)I_ν(b) ≈ 1/√(2πb)·Σ tₖ, tₖ = tₖ₋₁·(−(4ν² − (2k−1)²))/(8bk), on b = max(a, 20)
  const b = L.select(small, fill(a, SWITCH), a);
  const mu = 4 * nu * nu;
  let t = fill(a, 1), sum = fill(a, 1);
  for (let k = 1; k < ASYM_TERMS; k++) {
    t = L.div(L.mul(t, -(mu - (2 * k - 1) ** 2)), L.mul(b, 8 * k));
    sum = L.add(sum, t);
  }
  const viaAsym = L.div(sum, L.sqrt(L.mul(b, 2 * Math.PI)));
  return L.select(small, viaSeries, viaAsym);
}

/** e^|x| applied to v without overflowing early (two half-size factors); ±∞ at ±∞ (`odd`) or +∞. */
function timesExpAbs(v: NDArray, x: NDArray, odd: boolean): NDArray {
  const a = L.abs(x);
  const half = L.exp(L.mul(a, 0.5));
  const inf = odd ? L.mul(L.sign(x), fill(x, Infinity)) : fill(x, Infinity);
  return L.select(L.eq(a, Infinity), inf, L.mul(L.mul(v, half), half));
}
/** f′ = 1/2 at x = 0 for the odd order-1 functions (where the rule's v/x is 0/0). */
const atZero = (x: NDArray, v: NDArray): NDArray => L.select(L.eq(x, 0), fill(x, 0.5), v);
const safeRecip = (x: NDArray): NDArray => L.div(fill(x, 1), L.select(L.eq(x, 0), fill(x, 1), x));

const i0e64 = customJvp(
  (x: NDArray) => scaled(0, L.abs(x)),
  ([x], [dx]) => {
    // i0e′ = i1e − sign(x)·i0e
    const v = i0e64(x) as NDArray;
    return [v, L.mul(L.sub(i1e64(x) as NDArray, L.mul(L.sign(x as NDArray), v)), dx as NDArray)];
  },
);
const i1e64 = customJvp(
  (x: NDArray) => L.mul(L.sign(x), scaled(1, L.abs(x))),
  ([x], [dx]) => {
    // i1e′ = i0e − i1e·(sign(x) + 1/x), ½ at 0
    const xx = x as NDArray, v = i1e64(xx) as NDArray;
    const d = L.sub(i0e64(xx) as NDArray, L.mul(v, L.add(L.sign(xx), safeRecip(xx))));
    return [v, L.mul(atZero(xx, d), dx as NDArray)];
  },
);
const i0x64 = customJvp(
  (x: NDArray) => timesExpAbs(scaled(0, L.abs(x)), x, false),
  ([x], [dx]) => {
    // I₀′ = I₁
    const xx = x as NDArray;
    return [i0x64(xx) as NDArray, L.mul(i1x64(xx) as NDArray, dx as NDArray)];
  },
);
const i1x64 = customJvp(
  (x: NDArray) => timesExpAbs(L.mul(L.sign(x), scaled(1, L.abs(x))), x, true),
  ([x], [dx]) => {
    // I₁′ = I₀ − I₁/x, ½ at 0
    const xx = x as NDArray, v = i1x64(xx) as NDArray;
    return [v, L.mul(atZero(xx, L.sub(i0x64(xx) as NDArray, L.mul(v, safeRecip(xx)))), dx as NDArray)];
  },
);

const unary = (name: string, f: (x: NDArray) => unknown) => (x: ArrayLike): NDArray => {
  const [[a], d] = float64s(name, [x]);
  return L.convert(f(a) as NDArray, d);
};

/**
 * The exponentially scaled modified Bessel function of order 0, e^(−|x|)·I₀(x) (even; 0 at ±∞).
 * Power series for |x| ≤ 20, Hankel's expansion beyond: ~1.5e-15 relative in float64 (mpmath).
 * Differentiable: i0e′ = i1e − sign(x)·i0e (0 at x = 0, as JAX).
 * @example special.i0e([0, 1]) // [1, 0.46575960759364043]
 */
export const i0e = unary("i0e", i0e64);
/**
 * The exponentially scaled modified Bessel function of order 1, e^(−|x|)·I₁(x) (odd; 0 at ±∞).
 * Differentiable: i1e′ = i0e − i1e·(sign(x) + 1/x) (½ at 0).
 * @example special.i1e([0, 1]) // [0, 0.2079104153497085]
 */
export const i1e = unary("i1e", i1e64);
/**
 * The modified Bessel function of order 0, I₀(x) (even; overflows to ∞ beyond |x| ≈ 713).
 * Differentiable: I₀′ = I₁.
 * @example special.i0(1) // 1.2660658777520084
 */
export const i0 = unary("i0", i0x64);
/**
 * The modified Bessel function of order 1, I₁(x) (odd). Differentiable: I₁′ = I₀ − I₁/x (½ at 0).
 * @example special.i1(1) // 0.5651591039924851
 */
export const i1 = unary("i1", i1x64);
