/**
 * @file Exponential integrals and their relatives (jax.scipy.special exp1, expi, expn, spence, erfcx):
 * float64 composites — power series near 0, continued fractions or asymptotic series beyond — with
 * custom JVP rules from the identities where they are simpler than differentiating the evaluation.
 */
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { customJvp } from "../transforms/custom.js";
import { ArrayLike } from "./core.js";
import { erfc } from "./special_functions.js";
import { fill, float64s } from "./special_gamma.js";

const EULER = 0.5772156649015329;
/** Eₙ(x): series for x ≤ 1, continued fraction beyond (100 levels reach ~1e-15 at x = 1; mpmath). */
const EN_SWITCH = 1;
const EN_SERIES = 40;
const EN_CF = 100;

/** Eₙ(x) for integer n ≥ 1 and x > 0 (float64, safe inputs: the caller masks the edges). */
function expnPositive(n: NDArray, x: NDArray): NDArray {
  const small = L.le(x, EN_SWITCH);
  // series: Eₙ(x) = (−x)ⁿ⁻¹/(n−1)!·(ψ(n) − ln x) − Σ_{k ≠ n−1} (−x)ᵏ/((k − n + 1)·k!)
  const xs = L.select(small, x, fill(x, EN_SWITCH));
  let t = fill(x, 1), acc = L.zerosLike(x);
  for (let k = 0; k < EN_SERIES; k++) {
    const denom = L.sub(fill(n, k + 1), n);
    const skip = L.eq(denom, 0);
    acc = L.add(acc, L.select(skip, L.zerosLike(x), L.div(t, L.select(skip, fill(x, 1), denom))));
    t = L.mul(t, L.div(L.neg(xs), k + 1));
  }
  // (−x)ⁿ⁻¹/(n−1)! and ψ(n) = −γ + Σ_{j<n} 1/j by products and sums over j < n (exact factorials; for
  // n > 41 the lead term is below 1/40! ≈ 1e-48 and left out)
  let lead0 = fill(x, 1), harm = fill(x, -EULER);
  for (let j = 1; j <= EN_SERIES; j++) {
    const on = L.lt(fill(n, j), n);
    lead0 = L.select(on, L.mul(lead0, L.div(L.neg(xs), j)), lead0);
    harm = L.select(on, L.add(harm, 1 / j), harm);
  }
  const lead = L.select(L.gt(n, EN_SERIES + 1), L.zerosLike(x), L.mul(lead0, L.sub(harm, L.log(xs))));
  const series = L.sub(lead, acc);
  // continued fraction: Eₙ(x) = e⁻ˣ/(b₀ − a₁/(b₁ − a₂/(b₂ − …))), bᵢ = x + n + 2i, aᵢ = i(n + i − 1)
  const xl = L.select(small, fill(x, 2 * EN_SWITCH), x);
  const xn = L.add(xl, n);
  let d = L.add(xn, 2 * EN_CF);
  for (let i = EN_CF; i >= 1; i--) d = L.sub(L.add(xn, 2 * (i - 1)), L.div(L.mul(L.add(n, i - 1), i), d));
  const cf = L.div(L.exp(L.neg(xl)), d);
  return L.select(small, series, cf);
}

/** Eₙ(x) for float64 n, x with the edge values (scipy's): NaN for n < 0, non-integer n or x < 0. */
function expnValue(n: NDArray, x: NDArray): NDArray {
  const bad = L.or(L.or(L.lt(n, 0), L.ne(n, L.floor(n))), L.lt(x, 0));
  const zeroX = L.eq(x, 0), infX = L.eq(x, Infinity), nZero = L.eq(n, 0);
  const regular = L.and(L.and(L.not(bad), L.not(zeroX)), L.and(L.not(infX), L.not(nZero)));
  const one = fill(x, 1);
  const v = expnPositive(L.select(regular, n, one), L.select(regular, x, one));
  const xe = L.select(L.and(nZero, L.gt(x, 0)), x, one);
  const e0 = L.div(L.exp(L.neg(xe)), xe); // E₀(x) = e⁻ˣ/x
  const atZero = L.select(L.le(n, 1), fill(x, Infinity), L.div(one, L.select(L.le(n, 1), one, L.sub(n, 1))));
  let out = L.select(regular, v, L.select(zeroX, atZero, e0));
  out = L.select(infX, L.zerosLike(x), out);
  out = L.select(bad, fill(x, NaN), out);
  return L.select(L.ne(n, n), n, L.select(L.ne(x, x), x, out));
}

const expn64 = customJvp(
  (n: NDArray, x: NDArray) => expnValue(n, x),
  ([n, x], [, dx]) => {
    // dEₙ/dx = −Eₙ₋₁(x) (n ≥ 1); dE₀/dx = −E₀(x)·(1 + 1/x); n is an integer: no tangent
    const nn = n as NDArray, xx = x as NDArray, v = expn64(nn, xx) as NDArray;
    const prev = expn64(L.max(L.sub(nn, 1), L.zerosLike(nn)), xx) as NDArray;
    const d0 = L.mul(v, L.add(fill(xx, 1), L.div(fill(xx, 1), xx)));
    return [v, L.mul(L.neg(L.select(L.eq(nn, 0), d0, prev)), dx as NDArray)];
  },
);

/**
 * The generalised exponential integral Eₙ(x) = ∫₁^∞ e^(−xt)/tⁿ dt for integer n ≥ 0, x ≥ 0:
 * E₀(x) = e⁻ˣ/x; at x = 0 ∞ for n ≤ 1, 1/(n − 1) else; NaN for n < 0, non-integer n, x < 0.
 * Power series for x ≤ 1, continued fraction beyond: ~1e-15 relative in float64 (mpmath, n ≤ 30).
 * Differentiable in x: dEₙ/dx = −Eₙ₋₁.
 * NB: scipy truncates a non-integer n (with a warning); here it gives NaN.
 * @example special.expn(2, 1) // 0.14849550677592205
 */
export function expn(n: ArrayLike, x: ArrayLike): NDArray {
  const [[nn, xx], d] = float64s("expn", [n, x]);
  return L.convert(expn64(L.stopGradient(nn), xx) as NDArray, d);
}

/**
 * The exponential integral E₁(x) = ∫ₓ^∞ e⁻ᵗ/t dt for x ≥ 0 (∞ at 0, 0 at ∞, NaN for x < 0 as scipy).
 * ~1e-15 relative in float64. Differentiable: E₁′ = −e⁻ˣ/x.
 * @example special.exp1(1) // 0.21938393439552029
 */
export function exp1(x: ArrayLike): NDArray {
  const [[xx], d] = float64s("exp1", [x]);
  return L.convert(expn64(fill(xx, 1), xx) as NDArray, d);
}

/** Ei(x): series up to 40 (150 positive terms), asymptotic series beyond; −E₁(−x) for x < 0. */
const EI_SWITCH = 40;
const EI_SERIES = 150;
const EI_ASYM = 40;
function expiValue(x: NDArray): NDArray {
  const pos = L.gt(x, 0), big = L.gt(x, EI_SWITCH);
  // 0 < x ≤ 40: γ + ln x + Σ xᵏ/(k·k!)
  const xs = L.select(L.and(pos, L.not(big)), x, fill(x, 1));
  let t = fill(x, 1), acc = L.zerosLike(x);
  for (let k = 1; k < EI_SERIES; k++) {
    t = L.mul(t, L.div(xs, k));
    acc = L.add(acc, L.div(t, k));
  }
  const series = L.add(L.add(L.log(xs), EULER), acc);
  // x > 40: eˣ/x·Σ k!/xᵏ (the smallest term at k ≈ x is ~√(2πx)e⁻ˣ); eˣ in halves
  const xb = L.select(big, x, fill(x, 2 * EI_SWITCH));
  let u = fill(x, 1), s = fill(x, 1);
  for (let k = 1; k < EI_ASYM; k++) {
    u = L.mul(u, L.div(fill(x, k), xb));
    s = L.add(s, u);
  }
  const half = L.exp(L.mul(xb, 0.5));
  const asym = L.select(L.eq(xb, Infinity), xb, L.mul(L.mul(L.div(half, xb), half), s));
  // x < 0: Ei(x) = −E₁(−x)
  const neg = L.neg(expnValue(fill(x, 1), L.select(pos, fill(x, 1), L.neg(x))));
  const out = L.select(pos, L.select(big, asym, series), L.select(L.eq(x, 0), fill(x, -Infinity), neg));
  return L.select(L.ne(x, x), x, out);
}
const expi64 = customJvp(
  (x: NDArray) => expiValue(x),
  ([x], [dx]) => {
    // Ei′(x) = eˣ/x
    const xx = x as NDArray;
    return [expi64(xx) as NDArray, L.mul(L.div(L.exp(xx), xx), dx as NDArray)];
  },
);

/**
 * The exponential integral Ei(x) = −PV∫₋ₓ^∞ e⁻ᵗ/t dt (−∞ at 0, −E₁(−x) for x < 0). Power series
 * (no cancellation for x > 0) up to 40, the asymptotic series beyond: ~1e-15 relative except next to
 * its zero x ≈ 0.3725 (absolute 1e-16 there). Differentiable: Ei′ = eˣ/x.
 * @example special.expi(1) // 1.8951178163559368
 */
export function expi(x: ArrayLike): NDArray {
  const [[xx], d] = float64s("expi", [x]);
  return L.convert(expi64(xx) as NDArray, d);
}

/** Li₂(w) = Σ wᵏ/k² for 0 ≤ w ≤ ½ (55 terms: 2⁻⁵⁵/55² ≈ 1e-20). */
function dilogSeries(w: NDArray): NDArray {
  let p = w, acc = w;
  for (let k = 2; k <= 55; k++) {
    p = L.mul(p, w);
    acc = L.add(acc, L.div(p, k * k));
  }
  return acc;
}
/** Li₂(u) for 0 ≤ u ≤ 1: the series, or π²/6 − ln u·ln(1−u) − Li₂(1−u) above ½. */
function dilogUnit(u: NDArray): NDArray {
  const low = L.le(u, 0.5);
  const v = L.select(low, u, L.sub(fill(u, 1), u)); // in [0, ½]
  const uh = L.select(low, fill(u, 0.75), u), vh = L.select(low, fill(u, 0.25), v);
  const logs = L.select(L.eq(vh, 0), L.zerosLike(u), L.mul(L.log(uh), L.log(vh))); // ln 1·ln 0 := 0
  return L.select(low, dilogSeries(v), L.sub(L.sub(fill(u, (Math.PI * Math.PI) / 6), logs), dilogSeries(v)));
}

/**
 * Spence's function as scipy defines it: ∫₁ᶻ ln t/(1 − t) dt = Li₂(1 − z) for z ≥ 0 (π²/6 at 0,
 * 0 at 1; NaN for z < 0). The dilogarithm's series after the reflection and Landen transformations:
 * ~1e-15 relative. Differentiable: spence′(z) = ln z/(1 − z).
 * @example special.spence(2) // −π²/12
 */
export function spence(z: ArrayLike): NDArray {
  const [[x], d] = float64s("spence", [z]);
  const w = L.sub(fill(x, 1), x);
  const inUnit = L.and(L.ge(w, 0), L.le(w, 1)); // 0 ≤ z ≤ 1
  const wu = L.select(inUnit, w, fill(x, 0.5));
  // w < 0 (z > 1): Li₂(w) = −Li₂(w/(w−1)) − ½ ln²(1−w), w/(w−1) = (z−1)/z ∈ (0, 1)
  const zb = L.select(L.gt(x, 1), x, fill(x, 2));
  const u = L.div(L.sub(zb, 1), zb);
  const lz = L.log(zb);
  const big = L.select(L.eq(zb, Infinity), fill(x, -Infinity), L.sub(L.neg(dilogUnit(u)), L.mul(L.mul(lz, lz), 0.5)));
  const out = L.select(inUnit, dilogUnit(wu), L.select(L.gt(x, 1), big, fill(x, NaN)));
  return L.convert(L.select(L.ne(x, x), x, out), d);
}

/** erfcx by the continued fraction 1/(√π·(x + ½/(x + 1/(x + (3/2)/(x + …))))) from x = 2 on. */
const ERFCX_SWITCH = 2;
const ERFCX_CF = 60;

/**
 * The scaled complementary error function erfcx(x) = e^(x²)·erfc(x), finite for large x
 * (erfcx(x) ≈ 1/(x√π)): Laplace's continued fraction for x ≥ 2, e^(x²)·erfc(x) below (∞ once e^(x²)
 * overflows, x < −26.6). ~2e-14 relative for 0 < x < 2 (that of erfc there), ~1e-15 elsewhere.
 * Differentiable: erfcx′ = 2x·erfcx − 2/√π.
 * @example special.erfcx(30) // 0.018795888861416751
 */
export function erfcx(x: ArrayLike): NDArray {
  const [[a], d] = float64s("erfcx", [x]);
  const tail = L.ge(a, ERFCX_SWITCH);
  const xt = L.select(tail, a, fill(a, ERFCX_SWITCH));
  let t = xt;
  for (let n = ERFCX_CF; n >= 1; n--) t = L.add(xt, L.div(fill(xt, n / 2), t));
  const cf = L.div(fill(a, 1 / Math.sqrt(Math.PI)), t);
  const xs = L.select(tail, fill(a, 0), a);
  const direct = L.mul(L.exp(L.mul(xs, xs)), erfc(xs));
  return L.convert(L.select(L.ne(a, a), a, L.select(tail, cf, direct)), d);
}
