/**
 * @file Float64 adjugate of a complex n×n matrix (interleaved re, im), for the derivative of det at
 * singular matrices: the complex version of kernels_lu.ts's adjugateKernel — rows and columns scaled
 * by powers of two, LU with complete pivoting, and adj(U) formed without dividing by the last pivot,
 * so rank n − 1 gives its nonzero cofactors and rank ≤ n − 2 gives 0.
 */
import { recip } from "./complex_lu.js";

/** v·2^e without intermediate overflow or underflow. */
function ldexp(v: number, e: number): number {
  for (; e > 1000; e -= 1000) v *= 2 ** 1000;
  for (; e < -1000; e += 1000) v *= 2 ** -1000;
  return v * 2 ** e;
}

/**
 * adj(A) (= det(A)·A⁻¹ when A is invertible). Computed on B = D_r·A·D_c (powers of two making each row
 * and column's largest |re|, |im| lie in [1, 2)), then rescaled entry by entry, so a representable
 * cofactor comes out finite even where det A overflows.
 * @example
 * complexAdjugate(Float64Array.of(1, 0, 2, 1, 3, 0, 4, -1), 2);   // [[4 − i, −2 − i], [−3, 1]]
 */
export function complexAdjugate(a: Float64Array, n: number): Float64Array {
  if (a.length !== 2 * n * n) throw new RangeError(`adjugate: ${a.length} numbers do not hold a complex ${n}×${n} matrix (${2 * n * n} numbers)`);
  if (n <= 1 || !a.every(Number.isFinite)) return adjugateUnscaled(a, n);
  const b = Float64Array.from(a);
  const rowExp = new Int32Array(n), colExp = new Int32Array(n);
  const expOf = (v: number) => (v > 0 ? -Math.floor(Math.log2(v)) : 0);
  const mag = (i: number, j: number) => Math.max(Math.abs(b[2 * (i * n + j)]), Math.abs(b[2 * (i * n + j) + 1]));
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < n; j++) m = Math.max(m, mag(i, j));
    rowExp[i] = expOf(m);
    for (let j = 0; j < 2 * n; j++) b[2 * i * n + j] = ldexp(b[2 * i * n + j], rowExp[i]);
  }
  for (let j = 0; j < n; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m = Math.max(m, mag(i, j));
    colExp[j] = expOf(m);
    for (let i = 0; i < n; i++) for (let c = 0; c < 2; c++) b[2 * (i * n + j) + c] = ldexp(b[2 * (i * n + j) + c], colExp[j]);
  }
  const total = rowExp.reduce((s, e) => s + e, 0) + colExp.reduce((s, e) => s + e, 0);
  const out = adjugateUnscaled(b, n);
  // adj(A) = det(D_r D_c)·D_c⁻¹·adj(B)·D_r⁻¹ … entry (i, j) scaled by 2^(colExp[i] + rowExp[j] − total)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) for (let c = 0; c < 2; c++) out[2 * (i * n + j) + c] = ldexp(out[2 * (i * n + j) + c], colExp[i] + rowExp[j] - total);
  return out;
}

/** P·A·Q = L·U with complete pivoting; adj(U) by blocks [[U₁, v], [0, u]]; adj(A) = det(P)det(Q)·Q·adj(U)·L⁻¹·P. */
function adjugateUnscaled(a: Float64Array, n: number): Float64Array {
  const out = new Float64Array(2 * n * n);
  if (n === 0) return out;
  if (n === 1) return Float64Array.of(1, 0); // d(a)/da = 1, as the real kernel
  const m = Float64Array.from(a);
  const at = (i: number, j: number) => 2 * (i * n + j);
  const r = Int32Array.from({ length: n }, (_, i) => i), c = Int32Array.from({ length: n }, (_, i) => i);
  let sign = 1;
  const swap = (x: number, y: number) => {
    const t0 = m[x], t1 = m[x + 1];
    m[x] = m[y];
    m[x + 1] = m[y + 1];
    m[y] = t0;
    m[y + 1] = t1;
  };
  for (let k = 0; k < n; k++) {
    let pi = k, pj = k, best = -1;
    for (let i = k; i < n; i++)
      for (let j = k; j < n; j++) {
        const v = Math.hypot(m[at(i, j)], m[at(i, j) + 1]);
        if (v > best || Number.isNaN(v)) (best = v), (pi = i), (pj = j);
      }
    if (pi !== k) {
      for (let j = 0; j < n; j++) swap(at(k, j), at(pi, j));
      [r[k], r[pi]] = [r[pi], r[k]];
      sign = -sign;
    }
    if (pj !== k) {
      for (let i = 0; i < n; i++) swap(at(i, k), at(i, pj));
      [c[k], c[pj]] = [c[pj], c[k]];
      sign = -sign;
    }
    const dr = m[at(k, k)], di = m[at(k, k) + 1];
    if (dr === 0 && di === 0) {
      if (k < n - 1) return out; // rank ≤ n − 2
      continue;
    }
    const [ir, ii] = recip(dr, di);
    for (let i = k + 1; i < n; i++) {
      const o = at(i, k), xr = m[o], xi = m[o + 1];
      const lr = xr * ir - xi * ii, li = xr * ii + xi * ir;
      m[o] = lr;
      m[o + 1] = li;
      for (let j = k + 1; j < n; j++) {
        const p = at(k, j), q = at(i, j);
        m[q] -= lr * m[p] - li * m[p + 1];
        m[q + 1] -= lr * m[p + 1] + li * m[p];
      }
    }
  }
  // adj(U₁) = det(U₁)·U₁⁻¹ on the leading (n−1)×(n−1) block, column by column
  const n1 = n - 1;
  let d1r = 1, d1i = 0;
  for (let i = 0; i < n1; i++) [d1r, d1i] = [d1r * m[at(i, i)] - d1i * m[at(i, i) + 1], d1r * m[at(i, i) + 1] + d1i * m[at(i, i)]];
  const W = new Float64Array(2 * n * n);
  for (let col = 0; col < n1; col++)
    for (let i = col; i >= 0; i--) {
      let sr = i === col ? 1 : 0, si = 0;
      for (let j = i + 1; j <= col; j++) {
        const ur = m[at(i, j)], ui = m[at(i, j) + 1], wr = W[at(j, col)], wi = W[at(j, col) + 1];
        sr -= ur * wr - ui * wi;
        si -= ur * wi + ui * wr;
      }
      const [qr, qi] = recip(m[at(i, i)], m[at(i, i) + 1]);
      W[at(i, col)] = sr * qr - si * qi;
      W[at(i, col) + 1] = sr * qi + si * qr;
    }
  const ur = m[at(n1, n1)], ui = m[at(n1, n1) + 1];
  const fr = d1r * ur - d1i * ui, fi = d1r * ui + d1i * ur; // det(U₁)·u
  for (let i = 0; i < n1; i++) {
    let sr = 0, si = 0;
    for (let j = i; j < n1; j++) {
      const wr = W[at(i, j)], wi = W[at(i, j) + 1], vr = m[at(j, n1)], vi = m[at(j, n1) + 1];
      sr += wr * vr - wi * vi;
      si += wr * vi + wi * vr;
    }
    W[at(i, n1)] = -(d1r * sr - d1i * si);
    W[at(i, n1) + 1] = -(d1r * si + d1i * sr);
    for (let j = i; j < n1; j++) {
      const wr = W[at(i, j)], wi = W[at(i, j) + 1];
      W[at(i, j)] = wr * fr - wi * fi;
      W[at(i, j) + 1] = wr * fi + wi * fr;
    }
  }
  W[at(n1, n1)] = d1r;
  W[at(n1, n1) + 1] = d1i;
  // W ← adj(U)·L⁻¹: each row w solves wᵀ·L = rowᵀ (L unit lower)
  for (let i = 0; i < n; i++)
    for (let j = n - 1; j >= 0; j--) {
      let sr = W[at(i, j)], si = W[at(i, j) + 1];
      for (let k = j + 1; k < n; k++) {
        const wr = W[at(i, k)], wi = W[at(i, k) + 1], lr = m[at(k, j)], li = m[at(k, j) + 1];
        sr -= wr * lr - wi * li;
        si -= wr * li + wi * lr;
      }
      W[at(i, j)] = sr;
      W[at(i, j) + 1] = si;
    }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      out[2 * (c[i] * n + r[j])] = sign * W[at(i, j)];
      out[2 * (c[i] * n + r[j]) + 1] = sign * W[at(i, j) + 1];
    }
  return out;
}
