/**
 * @file Scalar float64 kernels of the incomplete gamma and beta functions (run on the host by the
 * primitives in special_incomplete.ts): P(a, x), Q(a, x) by series / continued fraction, and I_x(a, b)
 * by its continued fraction carried with its derivatives in a and b (forward mode on the recursion).
 */

const EPS = 1e-16, TINY = 1e-300, MAX_ITER = 100_000;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Stirling's correction ln Γ(a) − ((a − ½) ln a − a + ½ ln 2π) for a ≥ 10 (next term < 1e-16). */
function stirlingCorrection(a: number): number {
  const f = 1 / (a * a);
  return (1 / a) * (1 / 12 - f * (1 / 360 - f * (1 / 1260 - f * (1 / 1680 - f * (1 / 1188 - f * (691 / 360360 - f / 156))))));
}

/** ln Γ(a) for a > 0: shifted up to a ≥ 10, then Stirling's series (absolute error ~1e-15). */
export function lgammaScalar(a: number): number {
  let shift = 0;
  let p = 1;
  while (a < 10) {
    p *= a++;
    if (p > 1e280 || p < 1e-280) {
      shift += Math.log(p);
      p = 1;
    }
  }
  return (a - 0.5) * Math.log(a) - a + HALF_LOG_2PI + stirlingCorrection(a) - shift - Math.log(p);
}

/**
 * ln B(a, b) for a, b > 0. With the larger one ≥ 10, ln Γ(big) − ln Γ(big + small) by Stirling as
 * −(big − ½)·log1p(small/big) − small·ln(big + small) + small + corr(big) − corr(big + small), which
 * avoids subtracting two large, nearly equal ln Γ values.
 */
export function lbetaScalar(a: number, b: number): number {
  const big = Math.max(a, b), small = Math.min(a, b);
  if (big < 10) return lgammaScalar(a) + lgammaScalar(b) - lgammaScalar(a + b);
  const diff = -(big - 0.5) * Math.log1p(small / big) - small * Math.log(big + small) + small + stirlingCorrection(big) - stirlingCorrection(big + small);
  return lgammaScalar(small) + diff;
}

/** ζ(k) for k = 2, 3, …, 40 (even k from π, odd k < 11 as constants, the rest by direct summation). */
const ZETA: number[] = (() => {
  const z = [NaN, NaN, Math.PI ** 2 / 6, 1.2020569031595942, Math.PI ** 4 / 90, 1.0369277551433699, Math.PI ** 6 / 945, 1.0083492773819228, Math.PI ** 8 / 9450, 1.0020083928260822, Math.PI ** 10 / 93555];
  for (let k = 11; k <= 40; k++) {
    let s = 0;
    for (let n = 60; n >= 1; n--) s += n ** -k; // smallest terms first; the tail beyond 60 is < 1e-19
    z.push(s);
  }
  return z;
})();

/**
 * ln Γ(1 + a), accurate near a = 0 (where ln Γ(1 + a) ≈ −γa is tiny): the Taylor series
 * −γa + Σₖ≥₂ (−1)ᵏ ζ(k)/k · aᵏ for |a| < 0.2, else lgammaScalar(1 + a).
 */
export function lgamma1pScalar(a: number): number {
  if (Math.abs(a) >= 0.2) return lgammaScalar(1 + a);
  let s = 0, p = -a; // p = (−a)ᵏ
  for (let k = 2; k <= 40; k++) {
    p *= -a;
    const t = (ZETA[k] * p) / k;
    s += t;
    if (Math.abs(t) < EPS * Math.abs(s)) break;
  }
  return -0.5772156649015329 * a + s;
}

/** ψ(a) for a > 0: the recurrence up to a ≥ 10, then the asymptotic series (error < 1e-15). */
export function digammaScalar(a: number): number {
  let r = 0;
  while (a < 10) r -= 1 / a++;
  const f = 1 / (a * a);
  return r + Math.log(a) - 0.5 / a - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** log(1 + t) − t without cancellation for small |t| (series for |t| < ½). */
function log1pmx(t: number): number {
  if (Math.abs(t) >= 0.5) return Math.log1p(t) - t;
  let term = t, s = 0; // log(1 + t) − t = Σₙ≥₂ (−1)ⁿ⁺¹ tⁿ/n
  for (let n = 2; n < 200; n++) {
    term *= -t;
    const c = term / n;
    s += c;
    if (Math.abs(c) < Math.abs(s) * EPS) break;
  }
  return s;
}

/**
 * ln(xᵃ e⁻ˣ / Γ(a)), the prefactor of both expansions. For a ≥ 10 written as
 * a·(log1p(t) − t) + ½ ln a − ½ ln 2π − corr(a) with t = (x − a)/a, so that the large, nearly
 * cancelling terms a ln x, x and ln Γ(a) never meet (this keeps P, Q accurate for large a).
 */
export function logPrefactor(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - lgammaScalar(a);
  const t = (x - a) / a;
  // near x = a the series of log1p(t) − t; away from it ln(x/a) from the exact ratio (1 + t would round)
  const core = Math.abs(t) < 0.5 ? a * log1pmx(t) : a * Math.log(x / a) - (x - a);
  return core + 0.5 * Math.log(a) - HALF_LOG_2PI - stirlingCorrection(a);
}

/**
 * [P(a, x), Q(a, x)], the regularised lower and upper incomplete gamma functions, for a ≥ 0, x ≥ 0
 * (NaN elsewhere, as scipy; P(0, x) = 1 for x > 0). The series P = pre·Σ xⁿ/(a(a+1)…(a+n)) for
 * x < a + 1, else the continued fraction Q = pre·1/(x+1−a−) 1(1−a)/(x+3−a−) 2(2−a)/(x+5−a−) …
 * (modified Lentz); the other one as the complement, which is then ≥ ~0.4 and so accurate — except
 * for a < 1, x < a + 1, where P may be near 1 and Q has its own series (as Cephes' igamc).
 */
export function gammaPQ(a: number, x: number): [number, number] {
  if (!(a >= 0) || !(x >= 0)) return [NaN, NaN];
  if (a === 0) return x > 0 ? [1, 0] : [NaN, NaN];
  if (x === 0) return [0, 1];
  if (x === Infinity) return a === Infinity ? [NaN, NaN] : [1, 0];
  if (a === Infinity) return [0, 1];
  const pre = Math.exp(logPrefactor(a, x));
  if (x < a + 1) {
    let t = 1 / a, s = t;
    for (let n = 1; n < MAX_ITER; n++) {
      t *= x / (a + n);
      s += t;
      if (t < s * EPS) break;
    }
    const p = pre * s;
    if (a >= 1) return [p, 1 - p];
    // small a: P can be near 1, so Q directly: Q = −expm1(a ln x − ln Γ(1 + a)) − xᵃ/Γ(a)·Σₙ≥₁ (−x)ⁿ/(n!(a + n))
    let term = 1, s1 = 0;
    for (let n = 1; n < MAX_ITER; n++) {
      term *= -x / n;
      const c = term / (a + n);
      s1 += c;
      if (Math.abs(c) < Math.abs(s1) * EPS) break;
    }
    const q = -Math.expm1(a * Math.log(x) - lgamma1pScalar(a)) - Math.exp(a * Math.log(x) - lgammaScalar(a)) * s1;
    return [p, q];
  }
  let b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  const q = pre * h;
  return [1 - q, q];
}

/** A value with its derivatives in a and b: [v, ∂v/∂a, ∂v/∂b]. */
type Dual = [number, number, number];
const mul = (x: Dual, y: Dual): Dual => [x[0] * y[0], x[1] * y[0] + x[0] * y[1], x[2] * y[0] + x[0] * y[2]];
const recip = (x: Dual): Dual => {
  const r = 1 / x[0];
  return [r, -x[1] * r * r, -x[2] * r * r];
};
const addC = (c: number, x: Dual): Dual => [c + x[0], x[1], x[2]];
const floor = (x: Dual): Dual => (Math.abs(x[0]) < TINY ? [TINY, x[1], x[2]] : x);

/**
 * [I_x(a, b), ∂I/∂a, ∂I/∂b], the regularised incomplete beta function and its derivatives in the
 * shape parameters, for a, b > 0 and 0 ≤ x ≤ 1 (NaN elsewhere). For x > (a+1)/(a+b+2) through
 * I_x(a, b) = 1 − I_{1−x}(b, a); else I = xᵃ(1−x)ᵇ/(a·B(a, b)) · 1/(1+) d₁/(1+) d₂/(1+) … with
 * d₂ₘ₊₁ = −(a+m)(a+b+m)x/((a+2m)(a+2m+1)), d₂ₘ = m(b−m)x/((a+2m−1)(a+2m)), evaluated by modified
 * Lentz on dual numbers, so the derivatives converge with the value (they are exact to rounding,
 * not finite differences).
 */
export function betaincDual(a: number, b: number, x: number): Dual {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1)) return [NaN, NaN, NaN];
  if (x === 0) return [0, 0, 0];
  if (x === 1) return [1, 0, 0];
  if (x > (a + 1) / (a + b + 2)) {
    const [v, da, db] = betaincDual(b, a, 1 - x);
    return [1 - v, -db, -da];
  }
  const lbeta = lbetaScalar(a, b);
  const psiAB = digammaScalar(a + b);
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - lbeta - Math.log(a);
  const dFa = Math.log(x) - digammaScalar(a) + psiAB - 1 / a, dFb = Math.log1p(-x) - digammaScalar(b) + psiAB;
  const qab: Dual = [a + b, 1, 1], qap: Dual = [a + 1, 1, 0];
  let c: Dual = [1, 0, 0];
  let d = recip(floor(addC(1, mul([-x, 0, 0], mul(qab, recip(qap))))));
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    // even step: m(b − m)x / ((a + 2m − 1)(a + 2m))
    let aa = mul([m * x * (b - m), 0, m * x], recip([(a + m2 - 1) * (a + m2), 2 * a + 2 * m2 - 1, 0]));
    d = recip(floor(addC(1, mul(aa, d))));
    c = floor(addC(1, mul(aa, recip(c))));
    h = mul(h, mul(d, c));
    // odd step: −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1))
    const num: Dual = [-(a + m) * (a + b + m) * x, -x * (2 * a + b + 2 * m), -x * (a + m)];
    aa = mul(num, recip([(a + m2) * (a + m2 + 1), 2 * a + 2 * m2 + 1, 0]));
    d = recip(floor(addC(1, mul(aa, d))));
    c = floor(addC(1, mul(aa, recip(c))));
    const del = mul(d, c);
    h = mul(h, del);
    const scale = Math.abs(h[0]) + Math.abs(h[1]) + Math.abs(h[2]);
    if (Math.abs(del[0] - 1) < EPS && Math.abs(h[0] * del[1]) + Math.abs(h[0] * del[2]) < EPS * scale) break;
  }
  const f = Math.exp(logFront);
  return [f * h[0], f * (h[1] + h[0] * dFa), f * (h[2] + h[0] * dFb)];
}

/**
 * x with P(a, x) = p (scipy's gammaincinv), for a > 0, 0 ≤ p ≤ 1 (NaN elsewhere): a first guess
 * (Wilson–Hilferty for a > 1, the small-x power law or exponential tail for a ≤ 1), then Halley steps
 * on P(a, x) − p (on (1 − p) − Q(a, x) for p > ½, where 1 − p is exact).
 */
export function gammaincinvScalar(a: number, p: number): number {
  if (!(a > 0) || !(p >= 0) || !(p <= 1)) return NaN;
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  let x: number;
  if (a > 1) {
    const pp = p < 0.5 ? p : 1 - p;
    const t = Math.sqrt(-2 * Math.log(pp));
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) z = -z;
    x = Math.max(1e-3, a * (1 - 1 / (9 * a) - z / (3 * Math.sqrt(a))) ** 3);
    // far lower tail: P ≈ xᵃ/Γ(a + 1) for x ≪ a (Wilson–Hilferty fails there)
    const xs = Math.exp((Math.log(p) + lgammaScalar(a + 1)) / a);
    if (xs < 0.2 * a) x = xs;
  } else {
    const t = 1 - a * (0.253 + a * 0.12);
    x = p < t ? (p / t) ** (1 / a) : 1 - Math.log1p(-(p - t) / (1 - t));
  }
  const upper = p > 0.5;
  for (let j = 0; j < 100; j++) {
    if (!(x > 0)) return 0;
    const [P, Q] = gammaPQ(a, x);
    const err = upper ? 1 - p - Q : P - p;
    const dens = Math.exp(logPrefactor(a, x) - Math.log(x)); // the Gamma(a) density at x
    if (dens === 0) break;
    const u = err / dens;
    // Halley: P″/P′ = (a − 1)/x − 1
    const step = u / (1 - 0.5 * Math.min(1, u * ((a - 1) / x - 1)));
    const next = x - step;
    x = next <= 0 ? 0.5 * x : next;
    if (Math.abs(step) < 1e-15 * x) break;
  }
  return x;
}

/**
 * x with I_x(a, b) = p (scipy's betaincinv), for a, b > 0, 0 ≤ p ≤ 1 (NaN elsewhere): a first guess
 * (a normal approximation for a, b ≥ 1, the two power-law ends otherwise), then Halley steps on
 * I_x(a, b) − p, kept inside (0, 1).
 */
export function betaincinvScalar(a: number, b: number, p: number): number {
  if (!(a > 0) || !(b > 0) || !(p >= 0) || !(p <= 1)) return NaN;
  if (p === 0 || p === 1) return p;
  let x: number;
  const lbeta = lbetaScalar(a, b);
  if (a >= 1 && b >= 1) {
    const pp = p < 0.5 ? p : 1 - p;
    const t = Math.sqrt(-2 * Math.log(pp));
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) z = -z;
    const al = (z * z - 3) / 6, h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    x = a / (a + b * Math.exp(2 * w));
  } else {
    // I ≈ xᵃ/(a·B) near 0 and 1 − (1 − x)ᵇ/(b·B) near 1; split at their weights
    const lt = a * Math.log(a / (a + b)) - Math.log(a), lu = b * Math.log(b / (a + b)) - Math.log(b);
    const t = Math.exp(lt), u = Math.exp(lu), w = t + u;
    x = p < t / w ? Math.exp((Math.log(a * w * p)) / a) : 1 - Math.exp(Math.log(b * w * (1 - p)) / b);
  }
  for (let j = 0; j < 100; j++) {
    if (x <= 0 || x >= 1) x = Math.min(Math.max(x, 1e-300), 1 - 1e-16);
    const err = betaincDual(a, b, x)[0] - p;
    const dens = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lbeta);
    if (!(dens > 0) || !Number.isFinite(dens)) break;
    const u = err / dens;
    // Halley: I″/I′ = (a − 1)/x − (b − 1)/(1 − x)
    const step = u / (1 - 0.5 * Math.min(1, u * ((a - 1) / x - (b - 1) / (1 - x))));
    let next = x - step;
    if (next <= 0) next = 0.5 * x;
    if (next >= 1) next = 0.5 * (x + 1);
    const done = Math.abs(next - x) < 1e-15 * x;
    x = next;
    if (done) break;
  }
  return x;
}
