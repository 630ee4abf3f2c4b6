/** @file Threefry-2x32-20's constants (Salmon et al., SC 2011), shared by the backends' routines. */

/** Rotation distances, alternating between the two groups every 4 rounds. */
export const THREEFRY_ROTATIONS = [
  [13, 15, 26, 6],
  [17, 29, 16, 24],
];
/** The key-schedule parity constant of Threefish (Skein 1.3). */
export const THREEFRY_PARITY = 0x1bd11bda;

/**
 * The reference: y = Threefry-2x32-20 of the counter pairs (x0[i], x1[i]) under the keys (k0, k1) —
 * one pair for all counters or one per counter (`vectorKey`). Wrapping uint32 arithmetic.
 */
export function threefryRef(k0s: Uint32Array, k1s: Uint32Array, x0: Uint32Array, x1: Uint32Array, y0: Uint32Array, y1: Uint32Array, vectorKey: boolean): void {
  for (let i = 0; i < x0.length; i++) {
    const k0 = vectorKey ? k0s[i] : k0s[0], k1 = vectorKey ? k1s[i] : k1s[0];
    const ks = [k0, k1, (k0 ^ k1 ^ THREEFRY_PARITY) >>> 0];
    let v0 = (x0[i] + k0) | 0, v1 = (x1[i] + k1) | 0;
    for (let r = 1; r <= 5; r++) {
      for (const d of THREEFRY_ROTATIONS[(r - 1) % 2]) {
        v0 = (v0 + v1) | 0; // v₀ += v₁; v₁ = rotl(v₁, d) ⊕ v₀
        v1 = ((v1 << d) | (v1 >>> (32 - d))) ^ v0;
      }
      v0 = (v0 + ks[r % 3]) | 0; // key injection r
      v1 = (v1 + ks[(r + 1) % 3] + r) | 0;
    }
    y0[i] = v0;
    y1[i] = v1;
  }
}
