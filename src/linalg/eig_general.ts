/**
 * @file Float64 eigenvalues and right eigenvectors of a general real n×n matrix (LAPACK dgeev's
 * pipeline): diagonal balancing by powers of two, Householder reduction to upper Hessenberg form,
 * the implicit Francis double-shift QR algorithm (eig_francis.ts) to the real Schur form,
 * eigenvectors by back-substitution on it (eig_vectors.ts), back-transformed and normalised.
 * Complex results are interleaved (re, im).
 */
import { normaliseSign } from "./kernels_eigh.js";
import { francisQR } from "./eig_francis.js";
import { schurVectors } from "./eig_vectors.js";

export interface EigOptions {
  /** Compute right eigenvectors (default true). */
  vectors?: boolean;
  /** Balance (diagonal scaling by powers of two) first (default true, as numpy.linalg.eig). */
  balance?: boolean;
  /** QR iterations allowed per eigenvalue before giving up with NaN results (default 30·max(10, n), as LAPACK). */
  maxIterations?: number;
}

export interface EigResult {
  /** n eigenvalues, interleaved (re, im); a complex conjugate pair is adjacent, positive imaginary part first. */
  w: Float64Array;
  /** n×n row-major, interleaved complex; column j is the eigenvector of w[j]. Null when not requested. */
  v: Float64Array | null;
  /** True when every eigenvalue is real (then every eigenvector is real too). */
  real: boolean;
}

/** The all-NaN result (non-finite input, or the QR iteration did not converge). */
export function nanEig(n: number, vectors: boolean): EigResult {
  return { w: new Float64Array(2 * n).fill(NaN), v: vectors ? new Float64Array(2 * n * n).fill(NaN) : null, real: false };
}

/**
 * Eigen-decomposition A·V = V·diag(w) of the row-major n×n real `a`. Eigenvectors have unit 2-norm
 * and their largest component (the first within a relative 1e-8 of the largest modulus) real and
 * positive. NB: LAPACK (numpy.linalg.eig) also makes that component real but leaves its sign as the
 * algorithm produced it; we fix the sign so results are deterministic.
 * @example
 * const { w, v } = eigGeneral(Float64Array.of(0, -1, 1, 0), 2);
 * // w = [0, 1, 0, −1] (±i, interleaved), v = [[1, 0, 1, 0], [0, −1, 0, 1]]/√2: columns (1, ∓i)/√2
 */
export function eigGeneral(a: Float64Array, n: number, opts: EigOptions = {}): EigResult {
  const vectors = opts.vectors ?? true, balance = opts.balance ?? true;
  if (a.length !== n * n) throw new RangeError(`eig: ${a.length} numbers do not hold a ${n}×${n} matrix`);
  if (!a.every(Number.isFinite)) return nanEig(n, vectors);
  const H = Float64Array.from(a);
  // far from 1 in magnitude: scale by a power of two (exact; eigenvalues scale back, vectors do not change)
  const sigma = rangeScale(H);
  const d = balance ? balanceMatrix(H, n) : new Float64Array(n).fill(1);
  const Z = hessenberg(H, n, vectors);
  const wr = new Float64Array(n), wi = new Float64Array(n);
  if (!francisQR(H, Z, n, wr, wi, vectors, opts.maxIterations ?? 30 * Math.max(10, n))) return nanEig(n, vectors);
  const w = new Float64Array(2 * n);
  let real = true;
  for (let i = 0; i < n; i++) {
    w[2 * i] = wr[i] * sigma;
    w[2 * i + 1] = wi[i] * sigma;
    if (wi[i] !== 0) real = false;
  }
  if (!vectors) return { w, v: null, real };
  const X = schurVectors(H, n, wr, wi); // columns of the quasi-triangular form's eigenvectors, as (re, im) column pairs
  // back-transform V = D·Z·X, accumulated row by row of Zᵀ (contiguous), then normalised per column
  const Vr = new Float64Array(n * n), Vi = new Float64Array(n * n), Xr = new Float64Array(n), Xi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) (Xr[j] = X.re[j][k]), (Xi[j] = X.im[j][k]);
    const zk = k * n;
    for (let i = 0; i < n; i++) {
      const z = Z![zk + i];
      if (z === 0) continue;
      const row = i * n;
      for (let j = 0; j < n; j++) {
        Vr[row + j] += z * Xr[j];
        Vi[row + j] += z * Xi[j];
      }
    }
  }
  const v = new Float64Array(2 * n * n);
  const col = new Float64Array(n), colI = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) (col[i] = Vr[i * n + j] * d[i]), (colI[i] = Vi[i * n + j] * d[i]);
    normaliseComplexColumn(col, colI);
    for (let i = 0; i < n; i++) {
      v[2 * (i * n + j)] = col[i];
      v[2 * (i * n + j) + 1] = colI[i];
    }
  }
  return { w, v, real };
}

/**
 * When max |entry| is above 2^400 or below 2^−400, divide the entries in place by a power of two σ
 * bringing it near 1 (as dgeev's scaling to [smlnum, bignum]); returns σ (1 when not scaled).
 */
export function rangeScale(x: Float64Array): number {
  let big = 0;
  for (let i = 0; i < x.length; i++) big = Math.max(big, Math.abs(x[i]));
  if (big === 0 || (big < 2 ** 400 && big > 2 ** -400)) return 1;
  const sigma = 2 ** Math.floor(Math.log2(big));
  for (let i = 0; i < x.length; i++) x[i] /= sigma;
  return sigma;
}

/** Eigenvalues only (interleaved). */
export function eigvalsGeneral(a: Float64Array, n: number, balance = true): Float64Array {
  return eigGeneral(a, n, { vectors: false, balance }).w;
}

/**
 * Scale to unit 2-norm, then rotate the phase so the largest component (first within a relative 1e-8
 * of the largest modulus) is real and positive. A real vector stays real.
 */
export function normaliseComplexColumn(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  let big = 0;
  for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(re[i]), Math.abs(im[i]));
  if (!(big > 0) || !Number.isFinite(big)) return;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const x = re[i] / big, y = im[i] / big;
    ss += x * x + y * y;
  }
  const inv = 1 / (big * Math.sqrt(ss));
  let mod = 0;
  for (let i = 0; i < n; i++) {
    re[i] *= inv;
    im[i] *= inv;
    mod = Math.max(mod, Math.hypot(re[i], im[i]));
  }
  const allReal = im.every((x) => x === 0);
  if (allReal) {
    normaliseSign(re);
    return;
  }
  let p = 0;
  while (Math.hypot(re[p], im[p]) < mod * (1 - 1e-8)) p++;
  const r = Math.hypot(re[p], im[p]), cr = re[p] / r, ci = -im[p] / r; // multiply by conj(v_p)/|v_p|
  for (let i = 0; i < n; i++) {
    const x = re[i], y = im[i];
    re[i] = x * cr - y * ci;
    im[i] = x * ci + y * cr;
  }
  im[p] = 0;
}

/**
 * Balancing (as LAPACK dgebal's scaling, without permutations): A ← D⁻¹·A·D with D a diagonal of
 * powers of two making each row and column of similar 2-norm. Returns D.
 */
function balanceMatrix(A: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n).fill(1);
  const RADIX = 2, SCLFAC = 2, FACTOR = 0.95;
  let noconv = true;
  for (let sweep = 0; noconv && sweep < 100; sweep++) {
    noconv = false;
    for (let i = 0; i < n; i++) {
      let c = 0, r = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += A[j * n + i] * A[j * n + i];
        r += A[i * n + j] * A[i * n + j];
      }
      c = Math.sqrt(c);
      r = Math.sqrt(r);
      if (c === 0 || r === 0) continue;
      let g = r / RADIX, f = 1;
      const s = c + r;
      while (c < g && f < 2 ** 500) {
        f *= RADIX;
        c *= SCLFAC;
        r /= SCLFAC;
        g /= RADIX;
      }
      g = c / RADIX;
      while (g >= r && f > 2 ** -500) {
        f /= RADIX;
        c /= SCLFAC;
        r *= SCLFAC;
        g /= RADIX;
      }
      if (c + r >= FACTOR * s) continue;
      noconv = true;
      d[i] *= f;
      const inv = 1 / f;
      for (let j = 0; j < n; j++) A[i * n + j] *= inv; // row i scaled by 1/f
      for (let j = 0; j < n; j++) A[j * n + i] *= f; // column i by f
    }
  }
  return d;
}

/**
 * Householder reduction to upper Hessenberg form in place, H = Qᵀ·A·Q; returns Qᵀ (row-major: row c
 * is column c of Q) when `wantQ` (else null). Entries below the first subdiagonal are set to zero.
 */
function hessenberg(A: Float64Array, n: number, wantQ: boolean): Float64Array | null {
  const vs: Float64Array[] = [], taus: number[] = [];
  const v = new Float64Array(n), w = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    // reflector for x = A[k+1…n−1][k]: (I − τ v vᵀ) x = β e₁, v[k+1] = 1
    let scale = 0;
    for (let i = k + 2; i < n; i++) scale = Math.max(scale, Math.abs(A[i * n + k]));
    if (scale === 0) {
      vs.push(new Float64Array(0));
      taus.push(0);
      continue;
    }
    const alpha = A[(k + 1) * n + k];
    scale = Math.max(scale, Math.abs(alpha));
    let ss = 0;
    for (let i = k + 1; i < n; i++) {
      const y = A[i * n + k] / scale;
      ss += y * y;
    }
    const beta = -(alpha >= 0 ? 1 : -1) * scale * Math.sqrt(ss);
    const tau = (beta - alpha) / beta, f = 1 / (alpha - beta);
    v.fill(0);
    v[k + 1] = 1;
    for (let i = k + 2; i < n; i++) v[i] = A[i * n + k] * f;
    // left: rows k+1…, columns k…: A ← A − τ v (vᵀ A)
    // (row-wise: w = τ·vᵀA accumulated over rows, then a rank-1 update row by row)
    w.fill(0, k, n);
    for (let i = k + 1; i < n; i++) {
      const vi = v[i], row = i * n;
      if (vi !== 0) for (let j = k; j < n; j++) w[j] += vi * A[row + j];
    }
    for (let i = k + 1; i < n; i++) {
      const f = tau * v[i], row = i * n;
      if (f !== 0) for (let j = k; j < n; j++) A[row + j] -= f * w[j];
    }
    // right: all rows, columns k+1…: A ← A − τ (A v) vᵀ
    for (let i = 0; i < n; i++) {
      const row = i * n;
      let s = 0;
      for (let j = k + 1; j < n; j++) s += A[row + j] * v[j];
      s *= tau;
      if (s !== 0) for (let j = k + 1; j < n; j++) A[row + j] -= s * v[j];
    }
    A[(k + 1) * n + k] = beta;
    for (let i = k + 2; i < n; i++) A[i * n + k] = 0;
    vs.push(v.slice());
    taus.push(tau);
  }
  if (!wantQ) return null;
  // Q = H₀ H₁ … H_{n−3}, applied to I from the right end
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Q[i * n + i] = 1;
  for (let k = vs.length - 1; k >= 0; k--) {
    const tau = taus[k], vk = vs[k];
    if (tau === 0) continue;
    w.fill(0, k + 1, n);
    for (let i = k + 1; i < n; i++) {
      const vi = vk[i], row = i * n;
      if (vi !== 0) for (let j = k + 1; j < n; j++) w[j] += vi * Q[row + j];
    }
    for (let i = k + 1; i < n; i++) {
      const f = tau * vk[i], row = i * n;
      if (f !== 0) for (let j = k + 1; j < n; j++) Q[row + j] -= f * w[j];
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const t = Q[i * n + j];
      Q[i * n + j] = Q[j * n + i];
      Q[j * n + i] = t;
    }
  return Q;
}
