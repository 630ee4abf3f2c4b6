/** @file Synthetic data sets drawn with `random`: `data.twoMoons` (scikit-learn's make_moons). */
import type { NDArray } from "../core/array.js";
import { getDefaultFloat, type FloatDType } from "../core/dtype.js";
import * as np from "../numpy/index.js";
import * as random from "../random/index.js";
import { show } from "../numpy/signature.js";

/** Options of {@link twoMoons}. */
export interface TwoMoonsOptions {
  /** Standard deviation of the Gaussian noise added to every coordinate (default 0, as scikit-learn). */
  noise?: number;
  /** Float dtype of the points (default: the default float, float32 unless changed). */
  dtype?: FloatDType;
  /** Shuffle the examples (default true, as scikit-learn); false: the upper moon's points first. */
  shuffle?: boolean;
}

/**
 * Two interleaving half circles in the plane, as scikit-learn's `make_moons`: ⌊n/2⌋ points of the
 * upper moon (cos t, sin t) with label 0 and the rest on the lower moon (1 − cos t, ½ − sin t) with
 * label 1, t evenly spaced on [0, π]; then Gaussian noise of standard deviation `noise` and a shuffle,
 * both drawn from `key`. Returns `{ x: [n, 2], y: int32 [n] }`; works under `jit` (n static).
 * @example
 * const { x, y } = data.twoMoons(random.key(0), 200, { noise: 0.1 });
 * NB: scikit-learn returns int64 labels; ours are int32, the dtype adjoint's indexing and losses take.
 */
export function twoMoons(key: NDArray, n: number, opts: TwoMoonsOptions = {}): { x: NDArray; y: NDArray } {
  const what = "data.twoMoons";
  if (typeof n !== "number" || !Number.isInteger(n) || n < 2) throw new RangeError(`${what}: n must be an integer ≥ 2 (one point per moon at least), got ${show(n)}`);
  const noise = opts.noise ?? 0;
  if (typeof noise !== "number" || !(noise >= 0) || !Number.isFinite(noise)) throw new RangeError(`${what}: noise must be a finite number ≥ 0, got ${show(noise)}`);
  const dtype = opts.dtype ?? getDefaultFloat();
  if (dtype !== "float32" && dtype !== "float64") throw new TypeError(`${what}: dtype must be "float32" or "float64", got ${show(dtype)}`);
  const shuffle = opts.shuffle ?? true;
  if (typeof shuffle !== "boolean") throw new TypeError(`${what}: shuffle must be a boolean, got ${show(shuffle)}`);
  const nOut = Math.floor(n / 2), nIn = n - nOut;
  const xy = new Float64Array(2 * n), labels = new Int32Array(n);
  const angle = (i: number, m: number) => (m > 1 ? (Math.PI * i) / (m - 1) : 0);
  for (let i = 0; i < nOut; i++) {
    const t = angle(i, nOut);
    xy[2 * i] = Math.cos(t);
    xy[2 * i + 1] = Math.sin(t);
  }
  for (let i = 0; i < nIn; i++) {
    const t = angle(i, nIn), r = nOut + i;
    xy[2 * r] = 1 - Math.cos(t);
    xy[2 * r + 1] = 0.5 - Math.sin(t);
    labels[r] = 1;
  }
  let x = np.array(xy, { dtype, shape: [n, 2] });
  let y = np.array(labels, { dtype: "int32" });
  const [kShuffle, kNoise] = random.split(key);
  if (shuffle) {
    const perm = random.permutation(kShuffle, n);
    x = np.take(x, perm, 0);
    y = np.take(y, perm, 0);
  }
  if (noise > 0) x = np.add(x, np.multiply(random.normal(kNoise, [n, 2], { dtype }), np.array(noise, { dtype })));
  return { x, y };
}
