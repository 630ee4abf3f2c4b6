/**
 * @file Mixed-radix Stockham FFT (self-sorting, decimation in frequency, no bit reversal) for lengths
 * whose prime factors are all small: radix-4, 2, 3 and 5 butterflies written out, the other small
 * primes (7, 11, 13; at most one of them) by a direct DFT of the radix. Used by kernels.ts for such
 * lengths instead of Bluestein.
 */
import { unitRoot } from "./kernels.js";

// cos/sin of 2π/5 and 4π/5 for the radix-5 butterfly
const C51 = Math.cos((2 * Math.PI) / 5), C52 = Math.cos((4 * Math.PI) / 5), S51 = Math.sin((2 * Math.PI) / 5), S52 = Math.sin((4 * Math.PI) / 5);

/** Largest prime factor handled here; lengths with larger ones go through Bluestein. */
export const MAX_MIXED_PRIME = 13;

export interface MixedPlan {
  n: number;
  /** Radices in the order of the passes (product n). */
  factors: number[];
  /** cos/sin(2πt/n), t < n. */
  cos: Float64Array;
  sin: Float64Array;
}

/**
 * The radices for n (4s first, then 2, 3, 5, …), or null when Bluestein is the better choice: a prime
 * factor above MAX_MIXED_PRIME, or more than one factor that takes a direct DFT (7, 11, 13) — measured,
 * two such passes already cost more than Bluestein's three power-of-two FFTs (1001 = 7·11·13: 2×).
 */
export function mixedFactors(n: number): number[] | null {
  const f: number[] = [];
  let r = n;
  while (r % 4 === 0) (f.push(4), (r /= 4));
  if (r % 2 === 0) (f.push(2), (r /= 2));
  for (let p = 3; p <= MAX_MIXED_PRIME && r > 1; p += 2) while (r % p === 0) (f.push(p), (r /= p));
  return r === 1 && f.filter((p) => p > 5).length <= 1 ? f : null;
}

export function mixedPlan(n: number, factors: number[]): MixedPlan {
  const cos = new Float64Array(n), sin = new Float64Array(n);
  for (let t = 0; t < n; t++) [cos[t], sin[t]] = unitRoot(t, n);
  return { n, factors, cos, sin };
}

/**
 * In place on buf[off … off + 2n) with sign −1 (forward) or +1 (inverse, unscaled); `work` holds ≥ 2n
 * numbers. Pass with radix p on sub-length len = p·m at stride s: for each k < m, the p-point DFT of
 * x[q + s(k + rm)] over r, the j-th output times W_len^{jk}, to y[q + s(pk + j)].
 */
export function mixedRadix(plan: MixedPlan, buf: Float64Array, off: number, sign: number, work: Float64Array): void {
  const { n, factors, cos, sin } = plan;
  let x = buf, xo = off, y = work, yo = 0;
  let s = 1, len = n;
  const twr = new Float64Array(MAX_MIXED_PRIME + 1), twi = new Float64Array(MAX_MIXED_PRIME + 1);
  const ar = new Float64Array(MAX_MIXED_PRIME), ai = new Float64Array(MAX_MIXED_PRIME);
  const wpr = new Float64Array(MAX_MIXED_PRIME), wpi = new Float64Array(MAX_MIXED_PRIME);
  for (const p of factors) {
    const m = len / p;
    for (let k = 0; k < m; k++) {
      // twiddles W_len^{jk} = W_n^{jks}
      for (let j = 1; j < p; j++) {
        const t = (j * k * s) % n;
        twr[j] = cos[t];
        twi[j] = sign * sin[t];
      }
      const inBase = xo + 2 * s * k, outBase = yo + 2 * s * p * k, inStep = 2 * s * m, outStep = 2 * s;
      if (p === 2) {
        const w1r = twr[1], w1i = twi[1];
        for (let q = 0; q < 2 * s; q += 2) {
          const i0 = inBase + q, i1 = i0 + inStep, o0 = outBase + q, o1 = o0 + outStep;
          const a0r = x[i0], a0i = x[i0 + 1], a1r = x[i1], a1i = x[i1 + 1];
          y[o0] = a0r + a1r;
          y[o0 + 1] = a0i + a1i;
          const dr = a0r - a1r, di = a0i - a1i;
          y[o1] = dr * w1r - di * w1i;
          y[o1 + 1] = dr * w1i + di * w1r;
        }
      } else if (p === 4) {
        const w1r = twr[1], w1i = twi[1], w2r = twr[2], w2i = twi[2], w3r = twr[3], w3i = twi[3];
        for (let q = 0; q < 2 * s; q += 2) {
          const i0 = inBase + q, i1 = i0 + inStep, i2 = i1 + inStep, i3 = i2 + inStep;
          const o0 = outBase + q, o1 = o0 + outStep, o2 = o1 + outStep, o3 = o2 + outStep;
          const a0r = x[i0], a0i = x[i0 + 1], a1r = x[i1], a1i = x[i1 + 1], a2r = x[i2], a2i = x[i2 + 1], a3r = x[i3], a3i = x[i3 + 1];
          const s02r = a0r + a2r, s02i = a0i + a2i, d02r = a0r - a2r, d02i = a0i - a2i;
          const s13r = a1r + a3r, s13i = a1i + a3i, d13r = a1r - a3r, d13i = a1i - a3i;
          // W₄ = sign·i: W₄·d13 = (−sign·d13i, sign·d13r)
          const er = -sign * d13i, ei = sign * d13r;
          y[o0] = s02r + s13r;
          y[o0 + 1] = s02i + s13i;
          let cr = d02r + er, ci = d02i + ei;
          y[o1] = cr * w1r - ci * w1i;
          y[o1 + 1] = cr * w1i + ci * w1r;
          cr = s02r - s13r;
          ci = s02i - s13i;
          y[o2] = cr * w2r - ci * w2i;
          y[o2 + 1] = cr * w2i + ci * w2r;
          cr = d02r - er;
          ci = d02i - ei;
          y[o3] = cr * w3r - ci * w3i;
          y[o3 + 1] = cr * w3i + ci * w3r;
        }
      } else if (p === 3) {
        const w1r = twr[1], w1i = twi[1], w2r = twr[2], w2i = twi[2];
        const h = sign * (Math.sqrt(3) / 2);
        for (let q = 0; q < 2 * s; q += 2) {
          const i0 = inBase + q, i1 = i0 + inStep, i2 = i1 + inStep;
          const o0 = outBase + q, o1 = o0 + outStep, o2 = o1 + outStep;
          const a0r = x[i0], a0i = x[i0 + 1], a1r = x[i1], a1i = x[i1 + 1], a2r = x[i2], a2i = x[i2 + 1];
          const tr = a1r + a2r, ti = a1i + a2i, dr = a1r - a2r, di = a1i - a2i;
          y[o0] = a0r + tr;
          y[o0 + 1] = a0i + ti;
          // c₁,₂ = a0 − t/2 ± sign·(√3/2)·i·d
          const mr = a0r - 0.5 * tr, mi = a0i - 0.5 * ti, nr = -h * di, ni = h * dr;
          let cr = mr + nr, ci = mi + ni;
          y[o1] = cr * w1r - ci * w1i;
          y[o1 + 1] = cr * w1i + ci * w1r;
          cr = mr - nr;
          ci = mi - ni;
          y[o2] = cr * w2r - ci * w2i;
          y[o2 + 1] = cr * w2i + ci * w2r;
        }
      } else if (p === 5) {
        const w1r = twr[1], w1i = twi[1], w2r = twr[2], w2i = twi[2], w3r = twr[3], w3i = twi[3], w4r = twr[4], w4i = twi[4];
        for (let q = 0; q < 2 * s; q += 2) {
          const i0 = inBase + q, i1 = i0 + inStep, i2 = i1 + inStep, i3 = i2 + inStep, i4 = i3 + inStep;
          const o0 = outBase + q, o1 = o0 + outStep, o2 = o1 + outStep, o3 = o2 + outStep, o4 = o3 + outStep;
          const a0r = x[i0], a0i = x[i0 + 1];
          const t1r = x[i1] + x[i4], t1i = x[i1 + 1] + x[i4 + 1], d1r = x[i1] - x[i4], d1i = x[i1 + 1] - x[i4 + 1];
          const t2r = x[i2] + x[i3], t2i = x[i2 + 1] + x[i3 + 1], d2r = x[i2] - x[i3], d2i = x[i2 + 1] - x[i3 + 1];
          y[o0] = a0r + t1r + t2r;
          y[o0 + 1] = a0i + t1i + t2i;
          // m₁ = a0 + c₁t₁ + c₂t₂, m₂ = a0 + c₂t₁ + c₁t₂; n₁ = sign·i(s₁d₁ + s₂d₂), n₂ = sign·i(s₂d₁ − s₁d₂)
          const m1r = a0r + C51 * t1r + C52 * t2r, m1i = a0i + C51 * t1i + C52 * t2i;
          const m2r = a0r + C52 * t1r + C51 * t2r, m2i = a0i + C52 * t1i + C51 * t2i;
          const p1r = S51 * d1r + S52 * d2r, p1i = S51 * d1i + S52 * d2i, p2r = S52 * d1r - S51 * d2r, p2i = S52 * d1i - S51 * d2i;
          const n1r = -sign * p1i, n1i = sign * p1r, n2r = -sign * p2i, n2i = sign * p2r;
          let cr = m1r + n1r, ci = m1i + n1i;
          y[o1] = cr * w1r - ci * w1i;
          y[o1 + 1] = cr * w1i + ci * w1r;
          cr = m2r + n2r;
          ci = m2i + n2i;
          y[o2] = cr * w2r - ci * w2i;
          y[o2 + 1] = cr * w2i + ci * w2r;
          cr = m2r - n2r;
          ci = m2i - n2i;
          y[o3] = cr * w3r - ci * w3i;
          y[o3 + 1] = cr * w3i + ci * w3r;
          cr = m1r - n1r;
          ci = m1i - n1i;
          y[o4] = cr * w4r - ci * w4i;
          y[o4 + 1] = cr * w4i + ci * w4r;
        }
      } else {
        // a direct p-point DFT with W_p^t = W_n^{t·n/p} (t = rj mod p, stepped without a division)
        const np = n / p;
        for (let t = 0; t < p; t++) (wpr[t] = cos[t * np]), (wpi[t] = sign * sin[t * np]);
        for (let q = 0; q < 2 * s; q += 2) {
          for (let r = 0; r < p; r++) {
            ar[r] = x[inBase + q + r * inStep];
            ai[r] = x[inBase + q + r * inStep + 1];
          }
          for (let j = 0; j < p; j++) {
            let cr = 0, ci = 0;
            for (let r = 0, t = 0; r < p; r++, t = t + j >= p ? t + j - p : t + j) {
              const wr = wpr[t], wi = wpi[t];
              cr += ar[r] * wr - ai[r] * wi;
              ci += ar[r] * wi + ai[r] * wr;
            }
            const o = outBase + q + j * outStep;
            if (j === 0) {
              y[o] = cr;
              y[o + 1] = ci;
            } else {
              y[o] = cr * twr[j] - ci * twi[j];
              y[o + 1] = cr * twi[j] + ci * twr[j];
            }
          }
        }
      }
    }
    [x, xo, y, yo] = [y, yo, x, xo];
    s *= p;
    len = m;
  }
  if (x !== buf) buf.set(x.subarray(xo, xo + 2 * n), off);
}
