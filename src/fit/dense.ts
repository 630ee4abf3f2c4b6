/** @file Small dense float64 linear algebra on the host for the fitters (p ≤ a few hundred): Householder QR, triangular solves, Cholesky, inverses. */

/** A row-major dense matrix of plain numbers. */
export type Mat = number[][];

export const zerosMat = (m: number, n: number): Mat => Array.from({ length: m }, () => new Array<number>(n).fill(0));
export const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
/** Euclidean norm, scaled against overflow and underflow. */
export function norm(a: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] / scale) ** 2;
  return scale * Math.sqrt(s);
}
/** Aᵀ·v for A m×n. */
export function matTVec(A: Mat, v: ArrayLike<number>): number[] {
  const n = A.length ? A[0].length : 0, out = new Array<number>(n).fill(0);
  A.forEach((row, i) => { for (let j = 0; j < n; j++) out[j] += row[j] * v[i]; });
  return out;
}
/** A·v. */
export const matVec = (A: Mat, v: ArrayLike<number>): number[] => A.map((row) => dot(row, v));

/**
 * Householder QR of A (m×n, m ≥ n) applied to b: returns the n×n upper-triangular R and the first n
 * entries of Qᵀb. A and b are not modified.
 */
export function qrSolveParts(A: Mat, b: ArrayLike<number>): { R: Mat; qtb: number[] } {
  const m = A.length, n = A[0].length;
  const W = A.map((r) => r.slice()), c = Array.from(b);
  for (let k = 0; k < n; k++) {
    let alpha = 0;
    for (let i = k; i < m; i++) alpha = Math.hypot(alpha, W[i][k]);
    if (alpha === 0) continue;
    if (W[k][k] > 0) alpha = -alpha;
    // v = x − α e₁, H = I − 2vvᵀ/vᵀv
    const v = new Array<number>(m - k);
    for (let i = k; i < m; i++) v[i - k] = W[i][k];
    v[0] -= alpha;
    const vv = dot(v, v);
    if (vv === 0) continue;
    for (let j = k; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i - k] * W[i][j];
      const f = (2 * s) / vv;
      for (let i = k; i < m; i++) W[i][j] -= f * v[i - k];
    }
    let s = 0;
    for (let i = k; i < m; i++) s += v[i - k] * c[i];
    const f = (2 * s) / vv;
    for (let i = k; i < m; i++) c[i] -= f * v[i - k];
  }
  const R = zerosMat(n, n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) R[i][j] = W[i][j];
  return { R, qtb: c.slice(0, n) };
}

/** Solve R·x = b (R upper triangular). */
export function solveUpper(R: Mat, b: ArrayLike<number>): number[] {
  const n = R.length, x = Array.from(b);
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= R[i][j] * x[j];
    x[i] = s / R[i][i];
  }
  return x;
}
/** Solve Rᵀ·x = b (R upper triangular). */
export function solveUpperT(R: Mat, b: ArrayLike<number>): number[] {
  const n = R.length, x = Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let j = 0; j < i; j++) s -= R[j][i] * x[j];
    x[i] = s / R[i][i];
  }
  return x;
}
/** Whether the triangular R has a diagonal entry below rtol·max|Rᵢᵢ| (numerically rank deficient). */
export function rankDeficient(R: Mat, rtol = 1e-13): boolean {
  const d = R.map((r, i) => Math.abs(r[i]));
  const mx = Math.max(0, ...d);
  return mx === 0 || d.some((v) => !(v > rtol * mx));
}
/** (RᵀR)⁻¹ = R⁻¹R⁻ᵀ for an upper-triangular R: the inverse of JᵀJ from J's QR, without forming JᵀJ. */
export function invFromR(R: Mat): Mat {
  const n = R.length, Rinv = zerosMat(n, n);
  for (let j = 0; j < n; j++) {
    const e = new Array<number>(n).fill(0);
    e[j] = 1;
    const col = solveUpper(R, e);
    for (let i = 0; i < n; i++) Rinv[i][j] = col[i];
  }
  const out = zerosMat(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = Math.max(i, j); k < n; k++) s += Rinv[i][k] * Rinv[j][k];
    out[i][j] = s;
  }
  return out;
}
/** Cholesky factor L (lower, A = LLᵀ) of a symmetric matrix, or null if it is not positive definite. */
export function cholesky(A: Mat): Mat | null {
  const n = A.length, L = zerosMat(n, n);
  for (let j = 0; j < n; j++) {
    let s = A[j][j];
    for (let k = 0; k < j; k++) s -= L[j][k] ** 2;
    if (!(s > 0)) return null;
    L[j][j] = Math.sqrt(s);
    for (let i = j + 1; i < n; i++) {
      let t = A[i][j];
      for (let k = 0; k < j; k++) t -= L[i][k] * L[j][k];
      L[i][j] = t / L[j][j];
    }
  }
  return L;
}
/** Inverse of a symmetric positive-definite matrix via Cholesky, or null if it is not positive definite. */
export function invSpd(A: Mat): Mat | null {
  const L = cholesky(A);
  if (!L) return null;
  const n = A.length;
  const R = L.map((_, i) => L.map((row) => row[i])); // Lᵀ, upper
  return invFromR(R.map((r, i) => r.map((v, j) => (j >= i ? v : 0)))).map((r) => r.slice(0, n));
}
/** Correlation matrix of a covariance (0 where a variance is 0). */
export function correlation(C: Mat): Mat {
  return C.map((row, i) => row.map((v, j) => {
    const d = Math.sqrt(C[i][i] * C[j][j]);
    return i === j ? (C[i][i] > 0 ? 1 : 0) : d > 0 ? v / d : 0;
  }));
}

/**
 * Inverse of a symmetric positive-definite H whose "sparse" rows and columns (all but `dense`) couple only
 * within small `blocks` (index lists partitioning the rest), or null if H is not positive definite.
 * Block elimination: each block is inverted alone, then the Schur complement C = H_GG − H_GS·H_SS⁻¹·H_SG
 * on the dense indices G; W_GG = C⁻¹, W_SG = −X·C⁻¹, W_SS = H_SS⁻¹ + X·C⁻¹·Xᵀ with X = H_SS⁻¹·H_SG.
 * Cost O(n²·|G| + Σ|b|³) instead of O(n³); H positive definite ⇔ every block and C are.
 */
export function invSpdBlocked(H: Mat, dense: readonly number[], blocks: readonly (readonly number[])[]): Mat | null {
  const n = H.length, k = dense.length;
  const W = zerosMat(n, n);
  // X rows (per sparse index) = H_SS⁻¹·H_SG, and the block inverses
  const X: Float64Array[] = new Array(n);
  const binv: Mat[] = [];
  for (const b of blocks) {
    const Bi = invSpd(b.map((i) => b.map((j) => H[i][j])));
    if (!Bi) return null;
    binv.push(Bi);
    b.forEach((i, r) => {
      const x = new Float64Array(k);
      for (let g = 0; g < k; g++) { let s = 0; for (let t = 0; t < b.length; t++) s += Bi[r][t] * H[b[t]][dense[g]]; x[g] = s; }
      X[i] = x;
    });
  }
  const sparse = blocks.flat();
  const C = dense.map((gi) => dense.map((hj, h) => { let s = H[gi][hj]; for (const i of sparse) s -= H[gi][i] * X[i][h]; return s; }));
  const Ci = k ? invSpd(C.map((r, i) => r.map((v, j) => (v + C[j][i]) / 2))) : [];
  if (!Ci) return null;
  dense.forEach((gi, g) => dense.forEach((hj, h) => { W[gi][hj] = Ci[g][h]; }));
  // Y = X·C⁻¹ (W_SG = −Y); X and Y packed row by row (sparse index order) for the n²·|G| loop
  const ns = sparse.length, Xf = new Float64Array(ns * k), Yf = new Float64Array(ns * k);
  sparse.forEach((i, a) => {
    const x = X[i];
    Xf.set(x, a * k);
    for (let h = 0; h < k; h++) { let s = 0; for (let g = 0; g < k; g++) s += x[g] * Ci[g][h]; Yf[a * k + h] = s; }
    dense.forEach((gj, h) => { W[i][gj] = W[gj][i] = -Yf[a * k + h]; });
  });
  // W_SS = X·C⁻¹·Xᵀ (+ the block inverses below), symmetric: the lower half, mirrored
  for (let a = 0; a < ns; a++) {
    const Wi = W[sparse[a]], ya = a * k;
    for (let b = 0; b <= a; b++) {
      let s = 0;
      const xb = b * k;
      for (let g = 0; g < k; g++) s += Yf[ya + g] * Xf[xb + g];
      Wi[sparse[b]] = s;
      W[sparse[b]][sparse[a]] = s;
    }
  }
  blocks.forEach((b, bi) => b.forEach((i, r) => b.forEach((j, t) => { W[i][j] += binv[bi][r][t]; })));
  return W;
}
