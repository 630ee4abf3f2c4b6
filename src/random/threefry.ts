/** @file Threefry-2x32 (20 rounds), the counter-based hash behind JAX's default PRNG, written with uint32 lax ops. */
import { ConcreteArray, NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { jit } from "../transforms/jit.js";

/** Rotation distances of Threefry-2x32, alternating between the two groups every 4 rounds. */
const ROTATIONS = [
  [13, 15, 26, 6],
  [17, 29, 16, 24],
];
/** The key-schedule parity constant of Threefish (Skein 1.3). */
const PARITY = 0x1bd11bda;

// rotl(x, r) = (x << r) | (x >>> (32 − r)) on uint32
const rotl = (x: NDArray, r: number): NDArray => L.or(L.shiftLeft(x, r), L.shiftRightLogical(x, 32 - r));

/**
 * Threefry-2x32-20 of the counter pairs (x0[i], x1[i]) under the key (k0, k1); all uint32, k0 and k1
 * of shape [] and x0, x1 of one shape. Returns the two output words.
 */
export function threefry2x32Words(k0: NDArray, k1: NDArray, x0: NDArray, x1: NDArray): [NDArray, NDArray] {
  const b = (k: NDArray) => L.broadcastInDim(k, x0.shape, []);
  const ks = [b(k0), b(k1)];
  ks.push(L.xor(L.xor(ks[0], ks[1]), PARITY)); // ks₂ = k₀ ⊕ k₁ ⊕ parity
  let v0 = L.add(x0, ks[0]);
  let v1 = L.add(x1, ks[1]);
  for (let i = 1; i <= 5; i++) {
    for (const r of ROTATIONS[(i - 1) % 2]) {
      v0 = L.add(v0, v1); // mix: v₀ += v₁; v₁ = rotl(v₁, r) ⊕ v₀
      v1 = L.xor(rotl(v1, r), v0);
    }
    // key injection i: v₀ += ks[i mod 3]; v₁ += ks[(i+1) mod 3] + i
    v0 = L.add(v0, ks[i % 3]);
    v1 = L.add(L.add(v1, ks[(i + 1) % 3]), i);
  }
  return [v0, v1];
}

/**
 * The hash of counter pairs under a [2] key, compiled with `jit` (once per counter length), so that
 * eager draws run as one fused kernel instead of ~130 separate ones; under other transformations it
 * composes like any jit call.
 */
const hashPairs = jit((key: NDArray, x0: NDArray, x1: NDArray): [NDArray, NDArray] => {
  const [k0, k1] = keyWords(key);
  return threefry2x32Words(k0, k1, x0, x1);
});

/** Split a uint32 key of shape [2] into its two words, of shape []. */
export function keyWords(key: NDArray): [NDArray, NDArray] {
  return [L.reshape(L.slice(key, [0], [1]), []), L.reshape(L.slice(key, [1], [2]), [])];
}

/**
 * JAX's `threefry_2x32(key, count)` on a flat uint32 `count`: the counts are cut in two halves (a 0
 * appended when their number is odd), hashed as pairs (first half, second half), and the two output
 * halves concatenated (the extra word dropped).
 */
export function threefry2x32(key: NDArray, count: NDArray): NDArray {
  const n = count.shape[0];
  const odd = n % 2;
  const padded = odd ? L.concatenate([count, L.full([1], 0, "uint32")], 0) : count;
  const h = (n + odd) / 2;
  const [y0, y1] = hashPairs(key, L.slice(padded, [0], [h]), L.slice(padded, [h], [2 * h]));
  const out = L.concatenate([y0, y1], 0);
  return odd ? L.slice(out, [0], [n]) : out;
}

/** The uint32 counters 0, 1, …, n−1 (a concrete constant: a literal or const under tracing). */
export function iota(n: number): NDArray {
  const data = new Uint32Array(n);
  for (let i = 0; i < n; i++) data[i] = i;
  return ConcreteArray.fromTyped(data, [n], "uint32");
}
