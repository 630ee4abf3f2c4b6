/** @file Window functions for spectral analysis: bartlett, blackman, hamming, hanning, kaiser (symmetric, as NumPy). */
import { ConcreteArray, NDArray } from "../core/array.js";
import { getDefaultFloat, typedArrayCtor } from "../core/dtype.js";
import { show } from "./signature.js";

/** A window of `m` points from w(n) for n = 0 … m−1 (m ≤ 0 → empty, m = 1 → [1], as NumPy). */
function window(op: string, m: number, w: (n: number, last: number) => number): NDArray {
  if (typeof m !== "number" || !Number.isInteger(m)) throw new TypeError(`${op}: m must be an integer number of points, got ${show(m)}`);
  const len = Math.max(m, 0), d = getDefaultFloat();
  const data = new (typedArrayCtor(d))(len);
  for (let n = 0; n < len; n++) data[n] = len === 1 ? 1 : w(n, len - 1);
  return ConcreteArray.fromTyped(data, [len], d);
}

/**
 * The triangular Bartlett window: 2n/(m−1) rising to 1 in the middle, then falling to 0.
 * @example np.bartlett(5) // [0, 0.5, 1, 0.5, 0]
 */
export const bartlett = (m: number): NDArray => window("bartlett", m, (n, l) => (n <= l / 2 ? (2 * n) / l : 2 - (2 * n) / l));
/**
 * The Blackman window 0.42 − 0.5·cos(2πn/(m−1)) + 0.08·cos(4πn/(m−1)).
 * @example np.blackman(3) // [≈0, 1, ≈0] (±1e-17, as NumPy)
 */
export const blackman = (m: number): NDArray =>
  window("blackman", m, (n, l) => 0.42 - 0.5 * Math.cos((2 * Math.PI * n) / l) + 0.08 * Math.cos((4 * Math.PI * n) / l));
/**
 * The Hamming window 0.54 − 0.46·cos(2πn/(m−1)).
 * @example np.hamming(3) // [0.08, 1, 0.08]
 */
export const hamming = (m: number): NDArray => window("hamming", m, (n, l) => 0.54 - 0.46 * Math.cos((2 * Math.PI * n) / l));
/**
 * The Hann window 0.5 − 0.5·cos(2πn/(m−1)).
 * @example np.hanning(3) // [0, 1, 0]
 */
export const hanning = (m: number): NDArray => window("hanning", m, (n, l) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / l));

/** The modified Bessel function I₀(x) = Σ (x/2)^(2k)/(k!)², summed until the terms vanish (all terms are positive). */
function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1, sum = 1;
  for (let k = 1; term > sum * 1e-17 && k < 1000; k++) sum += term *= q / (k * k);
  return sum;
}
/**
 * The Kaiser window I₀(β·√(1 − (2n/(m−1) − 1)²)) / I₀(β); β = 0 is rectangular, larger β narrower.
 * @example np.kaiser(3, 0) // [1, 1, 1]
 */
export function kaiser(m: number, beta: number): NDArray {
  if (typeof beta !== "number" || !Number.isFinite(beta)) throw new TypeError(`kaiser: beta must be a finite number, got ${show(beta)}`);
  const i0b = besselI0(beta);
  return window("kaiser", m, (n, l) => {
    const r = (2 * n) / l - 1;
    return besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b;
  });
}
