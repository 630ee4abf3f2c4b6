/**
 * @file Float64 complex FFT of any length on interleaved (re, im) data: iterative radix-2 (stages fused
 * in pairs: radix 4) for powers of two, mixed radix (mixed.ts) when all prime factors are ≤ 13,
 * Bluestein's chirp-z convolution (through a power-of-two FFT) for every other length; plans
 * (twiddles, bit reversal, chirps) cached per length in a bounded cache. Batched over contiguous
 * transforms; `fftStrided` and `fftAxis` along strides and axes of N-D arrays.
 */

import { MixedPlan, mixedFactors, mixedPlan, mixedRadix } from "./mixed.js";

/** Scaling of a transform pair, as NumPy's `norm`: "backward" puts 1/n on the inverse, "forward" on the forward, "ortho" 1/√n on both. */
export type FftNorm = "backward" | "ortho" | "forward";

/** Precomputed data for one length. */
interface Plan {
  n: number;
  /** Radix-2 (n a power of two): bit-reversal permutation and twiddles cos/sin(2πk/n), k < n/2. */
  rev?: Int32Array;
  cos?: Float64Array;
  sin?: Float64Array;
  /** Bluestein: the power-of-two length m ≥ 2n − 1, the chirp exp(−iπk²/n) and the FFT of its conjugate, wrapped to length m. */
  m?: number;
  chirp?: Float64Array;
  chirpHat?: Float64Array;
  /** Mixed radix (all prime factors small, not a power of two). */
  mixed?: MixedPlan;
}

const CACHE_LIMIT = 32;
const plans = new Map<number, Plan>();

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;

/** The cached plan for length n (least recently used plans evicted beyond CACHE_LIMIT). */
function planFor(n: number): Plan {
  const hit = plans.get(n);
  if (hit) {
    plans.delete(n);
    plans.set(n, hit);
    return hit;
  }
  const factors = isPow2(n) ? null : mixedFactors(n);
  const plan = isPow2(n) ? radix2Plan(n) : factors ? { n, mixed: mixedPlan(n, factors) } : bluesteinPlan(n);
  plans.set(n, plan);
  if (plans.size > CACHE_LIMIT) plans.delete(plans.keys().next().value as number);
  return plan;
}

/** The algorithm used for length n: "radix2" (powers of two), "mixed" (prime factors ≤ 13) or "bluestein". */
export function fftPlanKind(n: number): "radix2" | "mixed" | "bluestein" {
  return isPow2(n) ? "radix2" : mixedFactors(n) ? "mixed" : "bluestein";
}

/** Number of cached plans (for tests of the bound). */
export function fftPlanCacheSize(): number {
  return plans.size;
}

function radix2Plan(n: number): Plan {
  const bits = Math.round(Math.log2(n));
  const rev = new Int32Array(n);
  for (let i = 1; i < n; i++) rev[i] = (rev[i >> 1] >> 1) | ((i & 1) << (bits - 1));
  const half = n >> 1;
  const cos = new Float64Array(half), sin = new Float64Array(half);
  // each angle reduced to the first octant so every twiddle is a correctly rounded cos/sin of a small argument
  for (let k = 0; k < half; k++) [cos[k], sin[k]] = unitRoot(k, n);
  return { n, rev, cos, sin };
}

/** (cos, sin) of 2πk/n computed from the octant symmetries (accurate to the last bit or so). */
export function unitRoot(k: number, n: number): [number, number] {
  // angle 2πk/n = (π/4)·(8k/n); reduce 8k mod 8n into an octant and a remainder
  const k8 = (8 * k) % (8 * n); // exact for n < 2^49
  const oct = Math.floor(k8 / n), r = k8 - oct * n; // angle = (π/4)(oct + r/n)
  // within the octant: θ = (π/4)·r/n or (π/4)·(1 − r/n) mirrored
  const t = (Math.PI / 4) * (r / n), u = (Math.PI / 4) * ((n - r) / n);
  const c = Math.cos(t), s = Math.sin(t), cu = Math.cos(u), su = Math.sin(u);
  switch (oct) {
    case 0: return [c, s];
    case 1: return [su, cu];
    case 2: return [-s, c];
    case 3: return [-cu, su];
    case 4: return [-c, -s];
    case 5: return [-su, -cu];
    case 6: return [s, -c];
    default: return [cu, -su];
  }
}

function bluesteinPlan(n: number): Plan {
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  // chirp_k = exp(−iπk²/n) = exp(−2πi·(k² mod 2n)/(2n)); k² is exact below 2^53
  const chirp = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const [c, s] = unitRoot((k * k) % (2 * n), 2 * n);
    chirp[2 * k] = c;
    chirp[2 * k + 1] = -s;
  }
  // b_k = conj(chirp_|k|) for −n < k < n, wrapped to length m
  const b = new Float64Array(2 * m);
  for (let k = 0; k < n; k++) {
    b[2 * k] = chirp[2 * k];
    b[2 * k + 1] = -chirp[2 * k + 1];
    if (k > 0) {
      b[2 * (m - k)] = chirp[2 * k];
      b[2 * (m - k) + 1] = -chirp[2 * k + 1];
    }
  }
  radix2(planFor(m), b, 0, -1);
  return { n, m, chirp, chirpHat: b };
}

/** In-place radix-2 DIT transform of buf[off … off + 2n) with sign −1 (forward) or +1 (inverse, unscaled). */
function radix2(plan: Plan, buf: Float64Array, off: number, sign: number): void {
  const { n, rev, cos, sin } = plan as Required<Plan>;
  for (let i = 1; i < n; i++) {
    const j = rev[i];
    if (i < j) {
      const a = off + 2 * i, b = off + 2 * j;
      let t = buf[a]; buf[a] = buf[b]; buf[b] = t;
      t = buf[a + 1]; buf[a + 1] = buf[b + 1]; buf[b + 1] = t;
    }
  }
  // stages combined in pairs (radix 4): half the passes over memory and 3 twiddle products per 4 points;
  // a leftover single stage (odd log₂ n) is done first, as a size-2 butterfly without twiddles
  let L = 1;
  if ((Math.round(Math.log2(n)) & 1) === 1) {
    for (let i = off; i < off + 2 * n; i += 4) {
      const ar = buf[i], ai = buf[i + 1], br = buf[i + 2], bi = buf[i + 3];
      buf[i] = ar + br; buf[i + 1] = ai + bi;
      buf[i + 2] = ar - br; buf[i + 3] = ai - bi;
    }
    L = 2;
  }
  for (; L < n; L *= 4) {
    // from blocks of L to blocks of 4L: with w₂ = W_{4L}^k, w₁ = w₂², w₃ = w₂·W₄ (W₄ = ∓i)
    const step = n / (4 * L), L2 = 2 * L;
    for (let start = off; start < off + 2 * n; start += 8 * L) {
      for (let k = 0, t = 0; k < L; k++, t += step) {
        const w2r = cos[t], w2i = sign * sin[t], w1r = cos[2 * t], w1i = sign * sin[2 * t];
        const i0 = start + 2 * k, i1 = i0 + L2, i2 = i1 + L2, i3 = i2 + L2;
        // first stage (size 2L): (a0, a1) and (a2, a3) with w₁
        const a0r = buf[i0], a0i = buf[i0 + 1];
        let xr = buf[i1], xi = buf[i1 + 1];
        const t1r = xr * w1r - xi * w1i, t1i = xr * w1i + xi * w1r;
        const a2r = buf[i2], a2i = buf[i2 + 1];
        xr = buf[i3];
        xi = buf[i3 + 1];
        const t3r = xr * w1r - xi * w1i, t3i = xr * w1i + xi * w1r;
        const b0r = a0r + t1r, b0i = a0i + t1i, b1r = a0r - t1r, b1i = a0i - t1i;
        const b2r = a2r + t3r, b2i = a2i + t3i, b3r = a2r - t3r, b3i = a2i - t3i;
        // second stage (size 4L): (b0, b2) with w₂, (b1, b3) with w₃ = w₂·(i·sign)
        const u2r = b2r * w2r - b2i * w2i, u2i = b2r * w2i + b2i * w2r;
        const v3r = b3r * w2r - b3i * w2i, v3i = b3r * w2i + b3i * w2r;
        const u3r = -sign * v3i, u3i = sign * v3r;
        buf[i0] = b0r + u2r; buf[i0 + 1] = b0i + u2i;
        buf[i2] = b0r - u2r; buf[i2 + 1] = b0i - u2i;
        buf[i1] = b1r + u3r; buf[i1 + 1] = b1i + u3i;
        buf[i3] = b1r - u3r; buf[i3 + 1] = b1i - u3i;
      }
    }
  }
}

/** In-place unscaled transform of one length-n sequence at buf[off …]; `scratch` holds ≥ 2m numbers for Bluestein, 2n for mixed radix. */
function transformOne(plan: Plan, buf: Float64Array, off: number, sign: number, scratch: Float64Array | null): void {
  const n = plan.n;
  if (n <= 1) return;
  if (plan.rev) return radix2(plan, buf, off, sign);
  if (plan.mixed) return mixedRadix(plan.mixed, buf, off, sign, scratch!);
  const m = plan.m!, chirp = plan.chirp!, hat = plan.chirpHat!, w = scratch!;
  // forward: X_k = chirp_k · Σ_j (x_j chirp_j) conj(chirp_{k−j}); the inverse uses conjugated chirps
  for (let k = 0; k < n; k++) {
    const xr = buf[off + 2 * k], xi = buf[off + 2 * k + 1], cr = chirp[2 * k], ci = sign * chirp[2 * k + 1];
    w[2 * k] = xr * cr + xi * ci;
    w[2 * k + 1] = xi * cr - xr * ci;
  }
  w.fill(0, 2 * n, 2 * m);
  const inner = planFor(m);
  radix2(inner, w, 0, -1);
  // multiply by FFT(b) (b = conj chirp for the forward transform; its conjugate-reverse spectrum for the inverse)
  if (sign < 0) {
    for (let k = 0; k < m; k++) {
      const ar = w[2 * k], ai = w[2 * k + 1], br = hat[2 * k], bi = hat[2 * k + 1];
      w[2 * k] = ar * br - ai * bi;
      w[2 * k + 1] = ar * bi + ai * br;
    }
  } else {
    // FFT(conj b)_k = conj(FFT(b)_{−k})
    for (let k = 0; k < m; k++) {
      const r = (m - k) & (m - 1);
      const ar = w[2 * k], ai = w[2 * k + 1], br = hat[2 * r], bi = -hat[2 * r + 1];
      w[2 * k] = ar * br - ai * bi;
      w[2 * k + 1] = ar * bi + ai * br;
    }
  }
  radix2(inner, w, 0, 1);
  const inv = 1 / m;
  for (let k = 0; k < n; k++) {
    const yr = w[2 * k] * inv, yi = w[2 * k + 1] * inv, cr = chirp[2 * k], ci = sign * chirp[2 * k + 1];
    buf[off + 2 * k] = yr * cr + yi * ci;
    buf[off + 2 * k + 1] = yi * cr - yr * ci;
  }
}

/** The factor applied to a forward (inverse = false) or inverse transform of length n under `norm`. */
export function fftScale(n: number, inverse: boolean, norm: FftNorm): number {
  if (n === 0) return 1;
  if (norm === "ortho") return 1 / Math.sqrt(n);
  return (norm === "forward") !== inverse ? 1 / n : 1;
}

function checkNorm(name: string, norm: string): void {
  if (norm !== "backward" && norm !== "ortho" && norm !== "forward") throw new RangeError(`${name}: norm must be "backward", "ortho" or "forward", got ${JSON.stringify(norm)}`);
}

/**
 * In place: `count` contiguous complex sequences of length n (interleaved, 2n numbers each) in `buf`
 * are replaced by their DFTs, X_k = Σ_j x_j e^{∓2πi jk/n} (− forward, + inverse), scaled by `norm`.
 */
export function fftInPlace(buf: Float64Array, n: number, count: number, inverse = false, norm: FftNorm = "backward"): Float64Array {
  checkNorm("fft", norm);
  if (!(Number.isInteger(n) && n >= 0 && Number.isInteger(count) && count >= 0)) throw new RangeError(`fft: length and count must be non-negative integers, got n = ${n}, count = ${count}`);
  if (buf.length < 2 * n * count) throw new RangeError(`fft: buffer of ${buf.length} numbers is too short for ${count} complex sequences of length ${n} (${2 * n * count} numbers)`);
  if (n === 0 || count === 0) return buf;
  const plan = planFor(n);
  const scratch = plan.m ? new Float64Array(2 * plan.m) : plan.mixed ? new Float64Array(2 * n) : null;
  const sign = inverse ? 1 : -1, scale = fftScale(n, inverse, norm);
  for (let b = 0; b < count; b++) {
    const off = 2 * n * b;
    transformOne(plan, buf, off, sign, scratch);
    if (scale !== 1) for (let i = off; i < off + 2 * n; i++) buf[i] *= scale;
  }
  return buf;
}

/**
 * Out of place: the DFTs of `count` contiguous length-n complex sequences (interleaved) in x (count inferred when omitted).
 * @example
 * fft(Float64Array.of(1, 0, 2, 0, 3, 0), 3);              // [6, 0, −1.5, 0.866…, −1.5, −0.866…]
 * fft(X, 3, { inverse: true });                            // back to x (1/n on the inverse: NumPy's "backward")
 */
export function fft(x: Float64Array, n: number, opts: { inverse?: boolean; norm?: FftNorm; count?: number } = {}): Float64Array {
  const count = opts.count ?? (n === 0 ? 0 : x.length / (2 * n));
  if (!Number.isInteger(count)) throw new RangeError(`fft: ${x.length} numbers are not a whole number of complex sequences of length ${n}`);
  return fftInPlace(Float64Array.from(x.subarray(0, 2 * n * count)), n, count, opts.inverse ?? false, opts.norm ?? "backward");
}

/**
 * The transform along `axis` of a complex array of `shape` (complex elements, row-major, interleaved):
 * a new array. Each line along the axis is gathered (stride = product of later dimensions),
 * transformed and scattered back.
 */
export function fftAxis(x: Float64Array, shape: number[], axis: number, inverse = false, norm: FftNorm = "backward"): Float64Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (x.length !== 2 * size) throw new RangeError(`fft: ${x.length} numbers do not hold a complex array of shape [${shape}] (${2 * size} numbers)`);
  if (!(Number.isInteger(axis) && axis >= 0 && axis < shape.length)) throw new RangeError(`fft: axis ${axis} out of range for shape [${shape}]`);
  const n = shape[axis], inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = n === 0 ? 0 : size / (n * inner);
  if (inner === 1) return fft(x, n, { inverse, norm, count: outer });
  const out = new Float64Array(x.length);
  // gather a block of lines at once: `lines` consecutive inner positions, transformed as a batch
  const lines = Math.min(inner, 16);
  const buf = new Float64Array(2 * n * lines);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let i0 = 0; i0 < inner; i0 += lines) {
      const cnt = Math.min(lines, inner - i0);
      for (let k = 0; k < n; k++) {
        const src = 2 * (base + k * inner + i0);
        for (let l = 0; l < cnt; l++) {
          buf[2 * (l * n + k)] = x[src + 2 * l];
          buf[2 * (l * n + k) + 1] = x[src + 2 * l + 1];
        }
      }
      fftInPlace(buf, n, cnt, inverse, norm);
      for (let k = 0; k < n; k++) {
        const dst = 2 * (base + k * inner + i0);
        for (let l = 0; l < cnt; l++) {
          out[dst + 2 * l] = buf[2 * (l * n + k)];
          out[dst + 2 * l + 1] = buf[2 * (l * n + k) + 1];
        }
      }
    }
  }
  return out;
}

/** The N-D transform over `axes` (default all) of a complex array of `shape` (fft2 is axes [ndim−2, ndim−1]). */
export function fftN(x: Float64Array, shape: number[], axes?: number[], inverse = false, norm: FftNorm = "backward"): Float64Array {
  const list = axes ?? shape.map((_, i) => i);
  if (new Set(list).size !== list.length) throw new RangeError(`fftn: repeated axes [${list}]`);
  let y: Float64Array = Float64Array.from(x);
  if (list.length === 0) return y;
  for (const axis of list) y = fftAxis(y, shape, axis, inverse, norm);
  return y;
}

/**
 * In place on strided data: `count` complex sequences of length n inside `buf` (interleaved), sequence
 * b's element k at complex index offset + b·batchStride + k·stride. Each is gathered, transformed and
 * scattered back (sequences must not overlap).
 */
export function fftStrided(
  buf: Float64Array,
  n: number,
  opts: { offset?: number; stride?: number; count?: number; batchStride?: number; inverse?: boolean; norm?: FftNorm } = {},
): Float64Array {
  const { offset = 0, stride = 1, count = 1, batchStride = n * stride, inverse = false, norm = "backward" } = opts;
  for (const [k, v] of Object.entries({ offset, stride, count, batchStride })) {
    if (!Number.isInteger(v) || (k !== "batchStride" && k !== "stride" && v < 0)) throw new RangeError(`fft: ${k} must be ${k === "stride" || k === "batchStride" ? "an integer" : "a non-negative integer"}, got ${v}`);
  }
  if (n === 0 || count === 0) return buf;
  const ends = [offset, offset + (n - 1) * stride, offset + (count - 1) * batchStride, offset + (count - 1) * batchStride + (n - 1) * stride];
  if (Math.min(...ends) < 0 || 2 * Math.max(...ends) + 1 >= buf.length) throw new RangeError(`fft: strided sequences reach outside the buffer of ${buf.length / 2} complex numbers`);
  const line = new Float64Array(2 * n);
  for (let b = 0; b < count; b++) {
    const start = offset + b * batchStride;
    for (let k = 0; k < n; k++) {
      const at = 2 * (start + k * stride);
      line[2 * k] = buf[at];
      line[2 * k + 1] = buf[at + 1];
    }
    fftInPlace(line, n, 1, inverse, norm);
    for (let k = 0; k < n; k++) {
      const at = 2 * (start + k * stride);
      buf[at] = line[2 * k];
      buf[at + 1] = line[2 * k + 1];
    }
  }
  return buf;
}
