/** @file Float64 kernels for one n×n matrix: LU with partial pivoting, and the adjugate via LU with complete pivoting. */

/**
 * P·A = L·U with partial pivoting (row-major, in place on a copy): L unit lower (below the
 * diagonal), U upper. pivots[k] is the row swapped with row k at step k (LAPACK's getrf, 0-based);
 * permutation lists the rows of A in the order of P·A. A zero pivot column is left as is (no division).
 */
export function luKernel(a: Float64Array, n: number): [Float64Array, Int32Array, Int32Array] {
  const lu = Float64Array.from(a);
  const pivots = new Int32Array(n);
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    let p = k, best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) (best = v), (p = i);
    }
    pivots[k] = p;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
    }
    const d = lu[k * n + k];
    if (d === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const l = (lu[i * n + k] /= d);
      if (l === 0) continue;
      const ri = i * n, rk = k * n;
      for (let j = k + 1; j < n; j++) lu[ri + j] -= l * lu[rk + j];
    }
  }
  return [lu, pivots, perm];
}

/**
 * adj(A), computed on B = D_r·A·D_c, A's rows and columns scaled by powers of two (exact) so that
 * each has largest entry in [1, 2): then adj(A) = det(D_r·D_c)⁻¹·D_c·adj(B)·D_r, entry by entry a
 * power-of-two rescaling applied last. So a cofactor that is representable comes out finite even
 * where det A or a partial product overflows (d det/dA at diag(1e200, 1e200) is diag(1e200, 1e200)).
 */
export function adjugateKernel(a: Float64Array, n: number): Float64Array {
  if (n <= 1 || !a.every(Number.isFinite)) return adjugateUnscaled(a, n);
  const rowExp = new Int32Array(n), colExp = new Int32Array(n);
  const b = Float64Array.from(a);
  const expOf = (v: number) => (v > 0 ? -Math.floor(Math.log2(v)) : 0); // 2^e·v in [1, 2)
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < n; j++) m = Math.max(m, Math.abs(b[i * n + j]));
    rowExp[i] = expOf(m);
    for (let j = 0; j < n; j++) b[i * n + j] = ldexp(b[i * n + j], rowExp[i]);
  }
  for (let j = 0; j < n; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(b[i * n + j]));
    colExp[j] = expOf(m);
    for (let i = 0; i < n; i++) b[i * n + j] = ldexp(b[i * n + j], colExp[j]);
  }
  const total = rowExp.reduce((s, e) => s + e, 0) + colExp.reduce((s, e) => s + e, 0);
  const out = adjugateUnscaled(b, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = ldexp(out[i * n + j], colExp[i] + rowExp[j] - total);
  return out;
}

/** v·2^e without intermediate overflow or underflow (steps of at most 2^±1000). */
function ldexp(v: number, e: number): number {
  for (; e > 1000; e -= 1000) v *= 2 ** 1000;
  for (; e < -1000; e += 1000) v *= 2 ** -1000;
  return v * 2 ** e;
}

/**
 * adj(A) (= det(A)·A⁻¹ when A is invertible), robust at rank n − 1: with complete pivoting
 * P·A·Q = L·U, a single (near-)zero pivot lands last, and adj(U) = [[u·adj(U₁), −adj(U₁)·v], [0, det U₁]]
 * for U = [[U₁, v], [0, u]] never divides by it. Then adj(A) = det(P)·det(Q)·Q·adj(U)·L⁻¹·P.
 * An exactly zero pivot before the last one means rank ≤ n − 2, so adj(A) = 0.
 */
function adjugateUnscaled(a: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  if (n === 0) return out;
  if (n === 1) return out.fill(1);
  const m = Float64Array.from(a);
  const r = Int32Array.from({ length: n }, (_, i) => i), c = Int32Array.from({ length: n }, (_, i) => i);
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let pi = k, pj = k, best = -1;
    for (let i = k; i < n; i++) for (let j = k; j < n; j++) {
      const v = Math.abs(m[i * n + j]);
      if (v > best) (best = v), (pi = i), (pj = j);
    }
    if (pi !== k) {
      for (let j = 0; j < n; j++) [m[k * n + j], m[pi * n + j]] = [m[pi * n + j], m[k * n + j]];
      [r[k], r[pi]] = [r[pi], r[k]];
      sign = -sign;
    }
    if (pj !== k) {
      for (let i = 0; i < n; i++) [m[i * n + k], m[i * n + pj]] = [m[i * n + pj], m[i * n + k]];
      [c[k], c[pj]] = [c[pj], c[k]];
      sign = -sign;
    }
    const d = m[k * n + k];
    if (d === 0) {
      if (k < n - 1) return out; // rank ≤ n − 2
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const l = (m[i * n + k] /= d);
      for (let j = k + 1; j < n; j++) m[i * n + j] -= l * m[k * n + j];
    }
  }
  // adj(U₁) = det(U₁)·U₁⁻¹ for the leading (n−1)×(n−1) block, by back substitution column by column
  const n1 = n - 1;
  let det1 = 1;
  for (let i = 0; i < n1; i++) det1 *= m[i * n + i];
  const adjU = new Float64Array(n * n);
  for (let col = 0; col < n1; col++) {
    for (let i = col; i >= 0; i--) {
      let s = i === col ? 1 : 0;
      for (let j = i + 1; j <= col; j++) s -= m[i * n + j] * adjU[j * n + col];
      adjU[i * n + col] = s / m[i * n + i];
    }
  }
  const u = m[n1 * n + n1];
  for (let i = 0; i < n1; i++) {
    let s = 0;
    for (let j = i; j < n1; j++) s += adjU[i * n + j] * m[j * n + n1]; // U₁⁻¹·v
    adjU[i * n + n1] = -det1 * s;
    for (let j = i; j < n1; j++) adjU[i * n + j] *= det1 * u;
  }
  adjU[n1 * n + n1] = det1;
  // W = adj(U)·L⁻¹: each row w solves wᵀ·L = (row of adj(U))ᵀ (L unit lower)
  for (let i = 0; i < n; i++) {
    for (let j = n - 1; j >= 0; j--) {
      let s = adjU[i * n + j];
      for (let k = j + 1; k < n; k++) s -= adjU[i * n + k] * m[k * n + j];
      adjU[i * n + j] = s;
    }
  }
  // adj(A)[c[i], r[j]] = sign·W[i, j]
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[c[i] * n + r[j]] = sign * adjU[i * n + j];
  return out;
}
