/**
 * @file Float64 eigenvalues and right eigenvectors of a general real n×n matrix (LAPACK dgeev's
 * pipeline): diagonal balancing by powers of two, Householder reduction to upper Hessenberg form,
 * the implicit Francis double-shift QR algorithm (deflation as Ahues–Tisseur, exceptional shifts,
 * an iteration cap → NaN) to the real Schur form with standardised 2×2 blocks, eigenvectors by
 * back-substitution on the quasi-triangular form, back-transformed and normalised. Complex results
 * are interleaved (re, im).
 */
import { normaliseSign } from "./kernels_eigh.js";

const EPS = 2 ** -53; // LAPACK's dlamch('P')·½: unit roundoff
const ULP = 2 ** -52;
const SAFMIN = 2 ** -1022;

export interface EigOptions {
  /** Compute right eigenvectors (default true). */
  vectors?: boolean;
  /** Balance (diagonal scaling by powers of two) first (default true, as numpy.linalg.eig). */
  balance?: boolean;
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
 */
export function eigGeneral(a: Float64Array, n: number, opts: EigOptions = {}): EigResult {
  const vectors = opts.vectors ?? true, balance = opts.balance ?? true;
  if (a.length !== n * n) throw new RangeError(`eig: ${a.length} numbers do not hold a ${n}×${n} matrix`);
  if (!a.every(Number.isFinite)) return nanEig(n, vectors);
  const H = Float64Array.from(a);
  const d = balance ? balanceMatrix(H, n) : new Float64Array(n).fill(1);
  const Z = hessenberg(H, n, vectors);
  const wr = new Float64Array(n), wi = new Float64Array(n);
  if (!francisQR(H, Z, n, wr, wi, vectors)) return nanEig(n, vectors);
  const w = new Float64Array(2 * n);
  let real = true;
  for (let i = 0; i < n; i++) {
    w[2 * i] = wr[i];
    w[2 * i + 1] = wi[i];
    if (wi[i] !== 0) real = false;
  }
  if (!vectors) return { w, v: null, real };
  const X = schurVectors(H, n, wr, wi); // columns of the quasi-triangular form's eigenvectors, as (re, im) column pairs
  const v = new Float64Array(2 * n * n);
  const col = new Float64Array(n), colI = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // back-transform: v_j = D·Z·x_j
    const xr = X.re[j], xi = X.im[j];
    for (let i = 0; i < n; i++) {
      let sr = 0, si = 0;
      const zrow = i * n;
      for (let k = 0; k < n; k++) {
        const z = Z![zrow + k];
        sr += z * xr[k];
        si += z * xi[k];
      }
      col[i] = sr * d[i];
      colI[i] = si * d[i];
    }
    normaliseComplexColumn(col, colI);
    for (let i = 0; i < n; i++) {
      v[2 * (i * n + j)] = col[i];
      v[2 * (i * n + j) + 1] = colI[i];
    }
  }
  return { w, v, real };
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
 * Householder reduction to upper Hessenberg form in place, H = Qᵀ·A·Q; returns Q (row-major) when
 * `wantQ` (else null). Entries below the first subdiagonal are set to zero.
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
  return Q;
}

/**
 * The implicit double-shift QR algorithm on the Hessenberg H (in place → real Schur form T with
 * standardised 2×2 blocks when `wantT`), accumulating the transformations into Z (if not null).
 * Eigenvalues into (wr, wi). False when some eigenvalue did not converge within the cap.
 */
function francisQR(H: Float64Array, Z: Float64Array | null, n: number, wr: Float64Array, wi: Float64Array, wantT: boolean): boolean {
  const at = (i: number, j: number) => i * n + j;
  const smlnum = SAFMIN * (n / ULP);
  const itmax = 30 * Math.max(10, n);
  const v = new Float64Array(3);
  let i = n - 1;
  while (i >= 0) {
    let l = 0, converged = false;
    for (let its = 0; its <= itmax; its++) {
      // look for a negligible subdiagonal entry (Ahues–Tisseur criterion, as LAPACK dlahqr)
      let k = i;
      for (; k > l; k--) {
        const hk = Math.abs(H[at(k, k - 1)]);
        if (hk <= smlnum) break;
        let tst = Math.abs(H[at(k - 1, k - 1)]) + Math.abs(H[at(k, k)]);
        if (tst === 0) {
          if (k - 2 >= l) tst += Math.abs(H[at(k - 1, k - 2)]);
          if (k + 1 <= i) tst += Math.abs(H[at(k + 1, k)]);
        }
        if (hk <= ULP * tst) {
          const hu = Math.abs(H[at(k - 1, k)]);
          const ab = Math.max(hk, hu), ba = Math.min(hk, hu);
          const dd = Math.abs(H[at(k - 1, k - 1)] - H[at(k, k)]), hkk = Math.abs(H[at(k, k)]);
          const aa = Math.max(hkk, dd), bb = Math.min(hkk, dd);
          const s = aa + ab;
          if (ba * (ab / s) <= Math.max(smlnum, ULP * (bb * (aa / s)))) break;
        }
      }
      l = k;
      if (l > 0) H[at(l, l - 1)] = 0;
      if (l >= i - 1) {
        converged = true;
        break;
      }
      const i1 = wantT ? 0 : l, i2 = wantT ? n - 1 : i;
      // shifts: the eigenvalues of the trailing 2×2 block, or exceptional ones at 10 and 20 iterations
      let h11: number, h12: number, h21: number, h22: number;
      if (its === 10) {
        const s = Math.abs(H[at(l + 1, l)]) + Math.abs(H[at(l + 2, l + 1)]);
        h11 = 0.75 * s + H[at(l, l)];
        h12 = -0.4375 * s;
        h21 = s;
        h22 = h11;
      } else if (its === 20) {
        const s = Math.abs(H[at(i, i - 1)]) + Math.abs(H[at(i - 1, i - 2)]);
        h11 = 0.75 * s + H[at(i, i)];
        h12 = -0.4375 * s;
        h21 = s;
        h22 = h11;
      } else {
        h11 = H[at(i - 1, i - 1)];
        h21 = H[at(i, i - 1)];
        h12 = H[at(i - 1, i)];
        h22 = H[at(i, i)];
      }
      let rt1r = 0, rt1i = 0, rt2r = 0, rt2i = 0;
      const s0 = Math.abs(h11) + Math.abs(h12) + Math.abs(h21) + Math.abs(h22);
      if (s0 !== 0) {
        h11 /= s0;
        h21 /= s0;
        h12 /= s0;
        h22 /= s0;
        const tr = (h11 + h22) / 2;
        const det = (h11 - tr) * (h22 - tr) - h12 * h21;
        const rtdisc = Math.sqrt(Math.abs(det));
        if (det >= 0) {
          rt1r = tr * s0;
          rt2r = rt1r;
          rt1i = rtdisc * s0;
          rt2i = -rt1i;
        } else {
          // two real shifts: use the one closer to h22 twice
          rt1r = tr + rtdisc;
          rt2r = tr - rtdisc;
          rt1r = Math.abs(rt1r - h22) <= Math.abs(rt2r - h22) ? rt1r * s0 : rt2r * s0;
          rt2r = rt1r;
        }
      }
      // look for two consecutive small subdiagonals (start the bulge at m)
      let m = i - 2;
      for (; m >= l; m--) {
        let h21s = H[at(m + 1, m)];
        let s = Math.abs(H[at(m, m)] - rt2r) + Math.abs(rt2i) + Math.abs(h21s);
        h21s /= s;
        v[0] = h21s * H[at(m, m + 1)] + (H[at(m, m)] - rt1r) * ((H[at(m, m)] - rt2r) / s) - rt1i * (rt2i / s);
        v[1] = h21s * (H[at(m, m)] + H[at(m + 1, m + 1)] - rt1r - rt2r);
        v[2] = h21s * H[at(m + 2, m + 1)];
        s = Math.abs(v[0]) + Math.abs(v[1]) + Math.abs(v[2]);
        v[0] /= s;
        v[1] /= s;
        v[2] /= s;
        if (m === l) break;
        const h00 = Math.abs(H[at(m, m - 1)]) * (Math.abs(v[1]) + Math.abs(v[2]));
        const h01 = Math.abs(v[0]) * (Math.abs(H[at(m - 1, m - 1)]) + Math.abs(H[at(m, m)]) + Math.abs(H[at(m + 1, m + 1)]));
        if (h00 <= ULP * h01) break;
      }
      // the double-shift sweep: chase the bulge with 3×3 (last 2×2) reflectors
      for (let k2 = m; k2 <= i - 1; k2++) {
        const nr = Math.min(3, i - k2 + 1);
        if (k2 > m) for (let r = 0; r < nr; r++) v[r] = H[at(k2 + r, k2 - 1)];
        // reflector (I − τ u uᵀ), u = (1, v1, v2): maps v to (β, 0, 0)
        const alpha = v[0];
        const xnorm = nr === 3 ? Math.hypot(v[1], v[2]) : Math.abs(v[1]);
        let t1 = 0, beta = alpha;
        if (xnorm !== 0) {
          beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
          t1 = (beta - alpha) / beta;
          const f = 1 / (alpha - beta);
          v[1] *= f;
          if (nr === 3) v[2] *= f;
        } else {
          v[1] = 0;
          v[2] = 0;
        }
        if (k2 > m) {
          H[at(k2, k2 - 1)] = beta;
          H[at(k2 + 1, k2 - 1)] = 0;
          if (k2 < i - 1) H[at(k2 + 2, k2 - 1)] = 0;
        } else if (m > l) {
          // as LAPACK: H(k, k−1)·(1 − τ) instead of negating, robust when v₁, v₂ underflow
          H[at(k2, k2 - 1)] *= 1 - t1;
        }
        if (t1 === 0) continue;
        const v2 = v[1], t2 = t1 * v2;
        if (nr === 3) {
          const v3 = v[2], t3 = t1 * v3;
          for (let j = k2; j <= i2; j++) {
            const sum = H[at(k2, j)] + v2 * H[at(k2 + 1, j)] + v3 * H[at(k2 + 2, j)];
            H[at(k2, j)] -= sum * t1;
            H[at(k2 + 1, j)] -= sum * t2;
            H[at(k2 + 2, j)] -= sum * t3;
          }
          const jmax = Math.min(k2 + 3, i);
          for (let j = i1; j <= jmax; j++) {
            const sum = H[at(j, k2)] + v2 * H[at(j, k2 + 1)] + v3 * H[at(j, k2 + 2)];
            H[at(j, k2)] -= sum * t1;
            H[at(j, k2 + 1)] -= sum * t2;
            H[at(j, k2 + 2)] -= sum * t3;
          }
          if (Z)
            for (let j = 0; j < n; j++) {
              const sum = Z[at(j, k2)] + v2 * Z[at(j, k2 + 1)] + v3 * Z[at(j, k2 + 2)];
              Z[at(j, k2)] -= sum * t1;
              Z[at(j, k2 + 1)] -= sum * t2;
              Z[at(j, k2 + 2)] -= sum * t3;
            }
        } else {
          for (let j = k2; j <= i2; j++) {
            const sum = H[at(k2, j)] + v2 * H[at(k2 + 1, j)];
            H[at(k2, j)] -= sum * t1;
            H[at(k2 + 1, j)] -= sum * t2;
          }
          for (let j = i1; j <= i; j++) {
            const sum = H[at(j, k2)] + v2 * H[at(j, k2 + 1)];
            H[at(j, k2)] -= sum * t1;
            H[at(j, k2 + 1)] -= sum * t2;
          }
          if (Z)
            for (let j = 0; j < n; j++) {
              const sum = Z[at(j, k2)] + v2 * Z[at(j, k2 + 1)];
              Z[at(j, k2)] -= sum * t1;
              Z[at(j, k2 + 1)] -= sum * t2;
            }
        }
      }
    }
    if (!converged) return false;
    if (l === i) {
      // a 1×1 block
      wr[i] = H[at(i, i)];
      wi[i] = 0;
    } else {
      // a 2×2 block: standardise it, and carry the rotation through T and Z
      const r = standardise2x2(H[at(i - 1, i - 1)], H[at(i - 1, i)], H[at(i, i - 1)], H[at(i, i)]);
      H[at(i - 1, i - 1)] = r.a;
      H[at(i - 1, i)] = r.b;
      H[at(i, i - 1)] = r.c;
      H[at(i, i)] = r.d;
      wr[i - 1] = r.rt1r;
      wi[i - 1] = r.rt1i;
      wr[i] = r.rt2r;
      wi[i] = r.rt2i;
      if (wantT) {
        const { cs, sn } = r;
        for (let j = i + 1; j < n; j++) {
          const x = H[at(i - 1, j)], y = H[at(i, j)];
          H[at(i - 1, j)] = cs * x + sn * y;
          H[at(i, j)] = cs * y - sn * x;
        }
        for (let j = 0; j < i - 1; j++) {
          const x = H[at(j, i - 1)], y = H[at(j, i)];
          H[at(j, i - 1)] = cs * x + sn * y;
          H[at(j, i)] = cs * y - sn * x;
        }
      }
      if (Z) {
        const { cs, sn } = r;
        for (let j = 0; j < n; j++) {
          const x = Z[at(j, i - 1)], y = Z[at(j, i)];
          Z[at(j, i - 1)] = cs * x + sn * y;
          Z[at(j, i)] = cs * y - sn * x;
        }
      }
    }
    i = l - 1;
  }
  return true;
}

const sign = (a: number, b: number) => (b >= 0 || Object.is(b, 0) ? Math.abs(a) : -Math.abs(a));

/**
 * The Schur factorisation of a real 2×2 block (as LAPACK dlanv2): [[a b][c d]] = R·[[a' b'][c' d']]·Rᵀ,
 * R = [[cs −sn][sn cs]], with either c' = 0 (real eigenvalues a', d') or a' = d' and b'·c' < 0
 * (eigenvalues a' ± i√(|b'||c'|), the positive imaginary part first).
 */
export function standardise2x2(a: number, b: number, c: number, d: number) {
  let cs = 1, sn = 0;
  if (c === 0) {
    // already upper triangular
  } else if (b === 0) {
    cs = 0;
    sn = 1;
    const t = d;
    d = a;
    a = t;
    b = -c;
    c = 0;
  } else if (a - d === 0 && sign(1, b) !== sign(1, c)) {
    // already standard
  } else {
    const temp = a - d;
    let p = 0.5 * temp;
    const bcmax = Math.max(Math.abs(b), Math.abs(c));
    const bcmis = Math.min(Math.abs(b), Math.abs(c)) * sign(1, b) * sign(1, c);
    const scale = Math.max(Math.abs(p), bcmax);
    let z = (p / scale) * p + (bcmax / scale) * bcmis;
    if (z >= 4 * EPS) {
      // real eigenvalues
      z = p + sign(Math.sqrt(scale) * Math.sqrt(z), p);
      a = d + z;
      d = d - (bcmax / z) * bcmis;
      const tau = Math.hypot(c, z);
      cs = z / tau;
      sn = c / tau;
      b = b - c;
      c = 0;
    } else {
      // complex or nearly equal real eigenvalues: make the diagonal equal
      const sigma = b + c;
      const tau = Math.hypot(sigma, temp);
      cs = Math.sqrt(0.5 * (1 + Math.abs(sigma) / tau));
      sn = -(p / (tau * cs)) * sign(1, sigma);
      const aa = a * cs + b * sn, bb = -a * sn + b * cs, cc = c * cs + d * sn, dd = -c * sn + d * cs;
      a = aa * cs + cc * sn;
      b = bb * cs + dd * sn;
      c = -aa * sn + cc * cs;
      d = -bb * sn + dd * cs;
      const mid = 0.5 * (a + d);
      a = mid;
      d = mid;
      if (c !== 0) {
        if (b !== 0) {
          if (sign(1, b) === sign(1, c)) {
            // real eigenvalues after all: reduce to upper triangular
            const sab = Math.sqrt(Math.abs(b)), sac = Math.sqrt(Math.abs(c));
            p = sign(sab * sac, c);
            const t = 1 / Math.sqrt(Math.abs(b + c));
            a = mid + p;
            d = mid - p;
            b = b - c;
            c = 0;
            const cs1 = sab * t, sn1 = sac * t;
            const tmp = cs * cs1 - sn * sn1;
            sn = cs * sn1 + sn * cs1;
            cs = tmp;
          }
        } else {
          b = -c;
          c = 0;
          const tmp = cs;
          cs = -sn;
          sn = tmp;
        }
      }
    }
  }
  const rt1i = c === 0 ? 0 : Math.sqrt(Math.abs(b)) * Math.sqrt(Math.abs(c));
  return { a, b, c, d, cs, sn, rt1r: a, rt2r: d, rt1i, rt2i: rt1i === 0 ? 0 : -rt1i };
}

/**
 * Eigenvectors of the quasi-triangular T (standardised 2×2 blocks) by back-substitution (as LAPACK
 * dtrevc): for eigenvalue j, x has zeros below its block and (T − λI)x = 0 solved upwards; near-zero
 * pivots are perturbed to ε‖T‖; growth is rescaled away. Column j as (re[j], im[j]).
 */
function schurVectors(T: Float64Array, n: number, wr: Float64Array, wi: Float64Array): { re: Float64Array[]; im: Float64Array[] } {
  const at = (i: number, j: number) => i * n + j;
  let tnorm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(0, i - 1); j < n; j++) tnorm = Math.max(tnorm, Math.abs(T[at(i, j)]));
  const smin0 = Math.max(ULP * tnorm, SAFMIN * (n / ULP));
  const re: Float64Array[] = [], im: Float64Array[] = [];
  const BIG = 2 ** 500;
  for (let j = 0; j < n; j++) {
    const xr = new Float64Array(n), xi = new Float64Array(n);
    re.push(xr);
    im.push(xi);
    const lr = wr[j], li = wi[j];
    if (li === 0) {
      xr[j] = 1;
      const smin = Math.max(ULP * Math.abs(lr), smin0);
      let k = j - 1;
      while (k >= 0) {
        if (k > 0 && T[at(k, k - 1)] !== 0) {
          // 2×2 diagonal block (k−1, k): solve a real 2×2 system
          const r0 = -dotRow(T, n, k - 1, k + 1, j, xr), r1 = -dotRow(T, n, k, k + 1, j, xr);
          const [y0, y1] = solve2Real(T[at(k - 1, k - 1)] - lr, T[at(k - 1, k)], T[at(k, k - 1)], T[at(k, k)] - lr, r0, r1, smin);
          xr[k - 1] = y0;
          xr[k] = y1;
          k -= 2;
        } else {
          let piv = T[at(k, k)] - lr;
          if (Math.abs(piv) < smin) piv = smin;
          xr[k] = -dotRow(T, n, k, k + 1, j, xr) / piv;
          k -= 1;
        }
        rescale(xr, null, k + 1, j, BIG);
      }
    } else if (li > 0) {
      // the pair (j, j+1): block [[a b][c a]], λ = a + iω with ω = √(|b||c|); vector for λ (the conjugate for j+1)
      const b = T[at(j, j + 1)], c = T[at(j + 1, j)];
      if (Math.abs(b) >= Math.abs(c)) {
        xr[j] = 1;
        xi[j + 1] = li / b;
      } else {
        xr[j] = -li / c;
        xi[j + 1] = 1;
      }
      const smin = Math.max(ULP * (Math.abs(lr) + Math.abs(li)), smin0);
      let k = j - 1;
      while (k >= 0) {
        if (k > 0 && T[at(k, k - 1)] !== 0) {
          const r0r = -dotRow(T, n, k - 1, k + 1, j + 1, xr), r0i = -dotRow(T, n, k - 1, k + 1, j + 1, xi);
          const r1r = -dotRow(T, n, k, k + 1, j + 1, xr), r1i = -dotRow(T, n, k, k + 1, j + 1, xi);
          const y = solve2Complex(T[at(k - 1, k - 1)] - lr, T[at(k - 1, k)], T[at(k, k - 1)], T[at(k, k)] - lr, -li, r0r, r0i, r1r, r1i, smin);
          xr[k - 1] = y[0];
          xi[k - 1] = y[1];
          xr[k] = y[2];
          xi[k] = y[3];
          k -= 2;
        } else {
          // (t − λ)·x = r, λ = lr + i·li
          const rr = -dotRow(T, n, k, k + 1, j + 1, xr), ri = -dotRow(T, n, k, k + 1, j + 1, xi);
          let pr = T[at(k, k)] - lr, pi = -li;
          if (Math.abs(pr) + Math.abs(pi) < smin) (pr = smin), (pi = 0);
          const [qr, qi] = cdiv(rr, ri, pr, pi);
          xr[k] = qr;
          xi[k] = qi;
          k -= 1;
        }
        rescale(xr, xi, k + 1, j + 1, BIG);
      }
    } else {
      // second of a pair: the conjugate of the previous column
      const pr = re[j - 1], pi = im[j - 1];
      for (let k = 0; k < n; k++) {
        xr[k] = pr[k];
        xi[k] = -pi[k];
      }
    }
  }
  return { re, im };
}

/** Σ_{c = from}^{to} T[row][c]·x[c]. */
function dotRow(T: Float64Array, n: number, row: number, from: number, to: number, x: Float64Array): number {
  let s = 0;
  const base = row * n;
  for (let c = from; c <= to; c++) s += T[base + c] * x[c];
  return s;
}

/** When entries from..to grew past `big`, scale the whole vector down (only ratios matter). */
function rescale(xr: Float64Array, xi: Float64Array | null, from: number, to: number, big: number): void {
  let m = 0;
  for (let k = from; k <= to; k++) m = Math.max(m, Math.abs(xr[k]), xi ? Math.abs(xi[k]) : 0);
  if (m <= big) return;
  const s = 1 / m;
  for (let k = 0; k < xr.length; k++) {
    xr[k] *= s;
    if (xi) xi[k] *= s;
  }
}

/** Complex division (a + ib)/(c + id), Smith's algorithm. */
export function cdiv(a: number, b: number, c: number, d: number): [number, number] {
  if (Math.abs(d) <= Math.abs(c)) {
    const r = d / c, den = c + d * r;
    return [(a + b * r) / den, (b - a * r) / den];
  }
  const r = c / d, den = c * r + d;
  return [(a * r + b) / den, (b * r - a) / den];
}

/** Solve [[a b][c d]]·y = r with partial pivoting; a pivot below smin is replaced by smin. */
function solve2Real(a: number, b: number, c: number, d: number, r0: number, r1: number, smin: number): [number, number] {
  if (Math.abs(c) > Math.abs(a)) {
    [a, b, c, d] = [c, d, a, b];
    [r0, r1] = [r1, r0];
  }
  if (Math.abs(a) < smin) a = smin;
  const l = c / a;
  let u = d - l * b;
  if (Math.abs(u) < smin) u = smin;
  const y1 = (r1 - l * r0) / u;
  return [(r0 - b * y1) / a, y1];
}

/** Solve ([[a b][c d]] + i·s·I)·y = r (complex r, y as [y0r, y0i, y1r, y1i]) with partial pivoting. */
function solve2Complex(a: number, b: number, c: number, d: number, s: number, r0r: number, r0i: number, r1r: number, r1i: number, smin: number): number[] {
  // rows: [(a + is), b | r0], [c, (d + is) | r1]
  let ar = a, ai = s, br = b, bi = 0, cr = c, ci = 0, dr = d, di = s;
  if (Math.hypot(cr, ci) > Math.hypot(ar, ai)) {
    [ar, ai, br, bi, cr, ci, dr, di] = [cr, ci, dr, di, ar, ai, br, bi];
    [r0r, r0i, r1r, r1i] = [r1r, r1i, r0r, r0i];
  }
  if (Math.hypot(ar, ai) < smin) (ar = smin), (ai = 0);
  const [lr, li] = cdiv(cr, ci, ar, ai);
  let ur = dr - (lr * br - li * bi), ui = di - (lr * bi + li * br);
  if (Math.hypot(ur, ui) < smin) (ur = smin), (ui = 0);
  const [y1r, y1i] = cdiv(r1r - (lr * r0r - li * r0i), r1i - (lr * r0i + li * r0r), ur, ui);
  const [y0r, y0i] = cdiv(r0r - (br * y1r - bi * y1i), r0i - (br * y1i + bi * y1r), ar, ai);
  return [y0r, y0i, y1r, y1i];
}
