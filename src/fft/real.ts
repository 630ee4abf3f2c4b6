/**
 * @file Float64 real-input FFTs (NumPy's rfft/irfft and their N-D forms) on top of the complex kernels:
 * an even length n is transformed as a complex sequence of length n/2 and untangled (half the work);
 * odd lengths go through the full complex transform. Also cropping/zero-padding along an axis (NumPy's `n`).
 */
import { FftNorm, fftAxis, fftInPlace, fftScale, unitRoot } from "./kernels.js";

const twiddleCache = new Map<number, Float64Array>();

/** Interleaved e^{−2πik/n} for k ≤ n/2 (cached for a few lengths). */
function halfTwiddles(n: number): Float64Array {
  let t = twiddleCache.get(n);
  if (!t) {
    const h = n >> 1;
    t = new Float64Array(2 * (h + 1));
    for (let k = 0; k <= h; k++) {
      const [c, s] = unitRoot(k, n);
      t[2 * k] = c;
      t[2 * k + 1] = -s;
    }
    if (twiddleCache.size >= 16) twiddleCache.delete(twiddleCache.keys().next().value as number);
    twiddleCache.set(n, t);
  }
  return t;
}

function checkLengths(name: string, n: number, count: number, inLength: number, have: number, perLine: number): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`${name}: number of output points n must be a positive integer, got ${n}`);
  if (!(Number.isInteger(count) && count >= 0 && Number.isInteger(inLength) && inLength >= 0)) throw new RangeError(`${name}: count and input length must be non-negative integers, got ${count}, ${inLength}`);
  if (have !== perLine * inLength * count) throw new RangeError(`${name}: ${have} numbers do not hold ${count} lines of ${inLength} ${perLine === 2 ? "complex" : "real"} values`);
}

/**
 * DFT of `count` real sequences (each `inLength` values, cropped or zero-padded to n) → the n/2 + 1
 * non-negative-frequency terms of each, interleaved complex (count × (⌊n/2⌋ + 1)), scaled by `norm`.
 * @example
 * rfft(Float64Array.of(1, 2, 3, 4), 4);                    // [10, 0, −2, 2, −2, 0]
 * irfft(rfft(x, 8), 8);                                    // x
 */
export function rfft(x: Float64Array, n: number, count = 1, norm: FftNorm = "backward", inLength = n): Float64Array {
  checkLengths("rfft", n, count, inLength, x.length, 1);
  const h = n >> 1, outLen = h + 1, scale = fftScale(n, false, norm);
  const out = new Float64Array(2 * outLen * count);
  const take = Math.min(inLength, n);
  if (n % 2 === 1 || n === 2) {
    const buf = new Float64Array(2 * n);
    for (let b = 0; b < count; b++) {
      buf.fill(0);
      for (let j = 0; j < take; j++) buf[2 * j] = x[b * inLength + j];
      fftInPlace(buf, n, 1, false, "backward");
      for (let k = 0; k < 2 * outLen; k++) out[2 * outLen * b + k] = buf[k] * scale;
    }
    return out;
  }
  // z_j = x_{2j} + i·x_{2j+1}; with Z = DFT_h(z): X_k = E_k + e^{−2πik/n}·O_k,
  // E_k = (Z_k + conj Z_{h−k})/2, O_k = (Z_k − conj Z_{h−k})/(2i)
  const tw = halfTwiddles(n);
  const z = new Float64Array(2 * h * count);
  for (let b = 0; b < count; b++) for (let j = 0; j < take; j++) z[2 * h * b + j] = x[b * inLength + j];
  fftInPlace(z, h, count, false, "backward");
  for (let b = 0; b < count; b++) {
    const zo = 2 * h * b, oo = 2 * outLen * b;
    for (let k = 0; k <= h; k++) {
      const k1 = k % h, k2 = (h - k) % h;
      const ar = z[zo + 2 * k1], ai = z[zo + 2 * k1 + 1], br = z[zo + 2 * k2], bi = -z[zo + 2 * k2 + 1];
      const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
      // (a − b)/(2i) = (Im(a−b) − i·Re(a−b))/2
      const or = 0.5 * (ai - bi), oi = -0.5 * (ar - br);
      const wr = tw[2 * k], wi = tw[2 * k + 1];
      out[oo + 2 * k] = (er + wr * or - wi * oi) * scale;
      out[oo + 2 * k + 1] = (ei + wr * oi + wi * or) * scale;
    }
  }
  return out;
}

/**
 * Inverse of rfft: `count` lines of `inLength` complex values (the non-negative frequencies; the first
 * ⌊n/2⌋ + 1 are used, zero-padded if fewer) → `count` real sequences of length n. As NumPy, the
 * imaginary parts of the zero-frequency term (and of the Nyquist term for even n) are ignored.
 */
export function irfft(x: Float64Array, n: number, count = 1, norm: FftNorm = "backward", inLength = (n >> 1) + 1): Float64Array {
  checkLengths("irfft", n, count, inLength, x.length, 2);
  const h = n >> 1, use = Math.min(inLength, h + 1), scale = fftScale(n, true, norm);
  const out = new Float64Array(n * count);
  const spec = new Float64Array(2 * (h + 1));
  const load = (b: number) => {
    spec.fill(0);
    for (let k = 0; k < 2 * use; k++) spec[k] = x[2 * inLength * b + k];
    spec[1] = 0;
    if (n % 2 === 0) spec[2 * h + 1] = 0;
  };
  if (n % 2 === 1 || n === 2) {
    const buf = new Float64Array(2 * n);
    for (let b = 0; b < count; b++) {
      load(b);
      buf.fill(0);
      for (let k = 0; k <= h; k++) {
        buf[2 * k] = spec[2 * k];
        buf[2 * k + 1] = spec[2 * k + 1];
        if (k > 0 && n - k > h) {
          buf[2 * (n - k)] = spec[2 * k];
          buf[2 * (n - k) + 1] = -spec[2 * k + 1];
        }
      }
      fftInPlace(buf, n, 1, true, "forward"); // unscaled
      for (let j = 0; j < n; j++) out[n * b + j] = buf[2 * j] * scale;
    }
    return out;
  }
  // Z_k = E_k + i·O_k with E_k = X_k + conj X_{h−k}, O_k = e^{+2πik/n}(X_k − conj X_{h−k}) (each twice the half-length DFT);
  const tw = halfTwiddles(n);
  const z = new Float64Array(2 * h * count);
  for (let b = 0; b < count; b++) {
    load(b);
    const zo = 2 * h * b;
    for (let k = 0; k < h; k++) {
      const ar = spec[2 * k], ai = spec[2 * k + 1], br = spec[2 * (h - k)], bi = -spec[2 * (h - k) + 1];
      const er = ar + br, ei = ai + bi, dr = ar - br, di = ai - bi;
      const wr = tw[2 * k], wi = -tw[2 * k + 1];
      const or = wr * dr - wi * di, oi = wr * di + wi * dr;
      z[zo + 2 * k] = er - oi;
      z[zo + 2 * k + 1] = ei + or;
    }
  }
  fftInPlace(z, h, count, true, "forward"); // unscaled: 2h·(x_{2j} + i·x_{2j+1}) for the backward norm
  for (let b = 0; b < count; b++) for (let j = 0; j < n; j++) out[n * b + j] = z[2 * h * b + j] * scale;
  return out;
}

/** Crop or zero-pad axis `axis` of an array of `shape` to `length` (`complex`: interleaved pairs). NumPy's `n` argument. */
export function resizeAxis(x: Float64Array, shape: number[], axis: number, length: number, complex: boolean): Float64Array {
  const w = complex ? 2 : 1, n = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1) * w;
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const out = new Float64Array(outer * length * inner);
  const keep = Math.min(n, length) * inner;
  for (let o = 0; o < outer; o++) out.set(x.subarray(o * n * inner, o * n * inner + keep), o * length * inner);
  return out;
}

/** Move axis `axis` of a (w numbers per element) array last, or back: a copy. */
function moveLast(x: Float64Array, shape: number[], axis: number, w: number, back: boolean): Float64Array {
  const n = shape[axis], inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const out = new Float64Array(x.length);
  for (let o = 0; o < outer; o++)
    for (let k = 0; k < n; k++)
      for (let i = 0; i < inner; i++) {
        const a = ((o * n + k) * inner + i) * w, b = ((o * inner + i) * n + k) * w;
        for (let c = 0; c < w; c++) back ? (out[a + c] = x[b + c]) : (out[b + c] = x[a + c]);
      }
  return out;
}

/** rfft along `axis` of a real array of `shape` (that axis cropped/padded to n): complex, that axis ⌊n/2⌋ + 1 long. */
export function rfftAxis(x: Float64Array, shape: number[], axis: number, n = shape[axis], norm: FftNorm = "backward"): { data: Float64Array; shape: number[] } {
  const lines = shape.reduce((a, b, i) => (i === axis ? a : a * b), 1);
  const last = axis === shape.length - 1;
  const src = last ? x : moveLast(x, shape, axis, 1, false);
  const outShape = shape.slice();
  outShape[axis] = (n >> 1) + 1;
  const y = rfft(src, n, lines, norm, shape[axis]);
  return { data: last ? y : moveLast(y, outShape, axis, 2, true), shape: outShape };
}

/** irfft along `axis` of a complex array of `shape`: real, that axis n long. */
export function irfftAxis(x: Float64Array, shape: number[], axis: number, n = 2 * (shape[axis] - 1), norm: FftNorm = "backward"): { data: Float64Array; shape: number[] } {
  const m = shape[axis];
  const lines = shape.reduce((a, b, i) => (i === axis ? a : a * b), 1);
  const last = axis === shape.length - 1;
  const src = last ? x : moveLast(x, shape, axis, 2, false);
  const y = irfft(src, n, lines, norm, m);
  const outShape = shape.slice();
  outShape[axis] = n;
  return { data: last ? y : moveLast(y, outShape, axis, 1, true), shape: outShape };
}

/** N-D real FFT over `axes` (default all; the last listed axis is the halved one), as numpy.fft.rfftn. */
export function rfftN(x: Float64Array, shape: number[], axes = shape.map((_, i) => i), norm: FftNorm = "backward"): { data: Float64Array; shape: number[] } {
  if (axes.length === 0) throw new RangeError("rfftn: at least one axis is needed");
  let { data, shape: s } = rfftAxis(x, shape, axes[axes.length - 1], shape[axes[axes.length - 1]], norm);
  for (const a of axes.slice(0, -1)) data = fftAxis(data, s, a, false, norm);
  return { data, shape: s };
}

/** Inverse of rfftN: complex input, real output with the last listed axis of length n (default 2(m − 1)). */
export function irfftN(x: Float64Array, shape: number[], axes = shape.map((_, i) => i), n?: number, norm: FftNorm = "backward"): { data: Float64Array; shape: number[] } {
  if (axes.length === 0) throw new RangeError("irfftn: at least one axis is needed");
  let data = x;
  for (const a of axes.slice(0, -1)) data = fftAxis(data, shape, a, true, norm);
  const last = axes[axes.length - 1];
  return irfftAxis(data, shape, last, n ?? 2 * (shape[last] - 1), norm);
}
