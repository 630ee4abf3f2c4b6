/**
 * @file Float64 SVD of one row-major m×n matrix: a Householder QR first when m > n, then one-sided
 * (Hestenes) Jacobi on the square factor, which gives small singular values to high relative accuracy.
 * Singular values descending; null-space columns completed to an orthonormal basis; signs normalised.
 */
import { completeBasis, formQ, householderQR } from "./kernels_householder.js";
import { normaliseSign } from "./kernels_eigh.js";

export interface SvdResult {
  s: Float64Array;
  /** m×(full ? m : k), row-major; null when not computed. */
  u: Float64Array | null;
  /** (full ? n : k)×n, row-major; null when not computed. */
  vh: Float64Array | null;
}

const transposed = (a: Float64Array, m: number, n: number) => {
  const t = new Float64Array(a.length);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
};

/** a = U diag(s) Vh. */
export function svdKernel(a: Float64Array, m: number, n: number, full: boolean, computeUv: boolean): SvdResult {
  if (m < n) {
    // aᵀ = U' S V'ᵀ  ⇒  a = V' S U'ᵀ
    const r = svdKernel(transposed(a, m, n), n, m, full, computeUv);
    if (!computeUv) return r;
    const k = Math.min(m, n);
    const uc = full ? n : k; // columns of U' (rows of Vh)
    return { s: r.s, u: transposed(r.vh!, m, m), vh: transposed(r.u!, n, uc) };
  }
  const k = n; // m ≥ n from here on
  const uCols = full ? m : k;
  if (!a.every(Number.isFinite)) {
    return { s: new Float64Array(k).fill(NaN), u: computeUv ? new Float64Array(m * uCols).fill(NaN) : null, vh: computeUv ? new Float64Array(n * n).fill(NaN) : null };
  }
  // square factor: R of a = QR when m > n, a itself when square; columns stored contiguously
  const h = m > n ? householderQR(a, m, n) : null;
  const W = Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => (h ? (i <= j ? h.cols[j][i] : 0) : a[i * n + j])));
  let big = 0;
  for (const w of W) for (const x of w) big = Math.max(big, Math.abs(x));
  const scale = big > 0 ? big : 1; // scaled to max |entry| 1: no overflow in the squared norms
  for (const w of W) for (let i = 0; i < n; i++) w[i] /= scale;
  const V = computeUv ? Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => (i === j ? 1 : 0))) : null;
  jacobi(W, V, n);
  const norms = W.map((w) => Math.sqrt(w.reduce((t, x) => t + x * x, 0)));
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norms[y] - norms[x]);
  const s = Float64Array.from(order, (j) => norms[j] * scale);
  if (!computeUv) return { s, u: null, vh: null };
  // U_R columns: normalised Jacobi columns, null-space ones completed to a basis
  const good: Float64Array[] = [];
  const vCols: Float64Array[] = [];
  for (const j of order) {
    const v = V![j];
    if (normaliseSign(v)) for (let i = 0; i < n; i++) W[j][i] = -W[j][i];
    vCols.push(v);
    if (norms[j] > 0 && norms[j] * 1e300 > 1) good.push(W[j].map((x) => x / norms[j]));
  }
  const uR = [...good, ...completeBasis(good, n, n - good.length)];
  // U = Q · blockdiag(U_R, I)
  const u = new Float64Array(m * uCols);
  if (h) {
    const q = formQ(h, uCols);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let t = 0;
        for (let l = 0; l < n; l++) t += q[i * uCols + l] * uR[j][l];
        u[i * uCols + j] = t;
      }
      for (let j = n; j < uCols; j++) u[i * uCols + j] = q[i * uCols + j];
    }
  } else {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) u[i * n + j] = uR[j][i];
  }
  const vh = new Float64Array(n * n);
  vCols.forEach((v, r) => vh.set(v, r * n));
  return { s, u, vh };
}

/**
 * One-sided Jacobi: rotate column pairs of W (and V, kept paired with W) until all are orthogonal to
 * ~√n·ε relative; capped sweeps. Squared column norms are updated by the rotation (α' = α − tγ, β' = β + tγ) and recomputed each sweep.
 */
function jacobi(W: Float64Array[], V: Float64Array[] | null, n: number): void {
  const tol = 2 ** -52 * Math.max(1, Math.sqrt(n));
  const len = W[0]?.length ?? 0;
  const sq = new Float64Array(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    for (let j = 0; j < n; j++) sq[j] = W[j].reduce((t, x) => t + x * x, 0);
    // columns in decreasing norm at the start of each sweep (de Rijk): fewer sweeps; a permutation of references
    const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => sq[y] - sq[x]);
    const [w0, s0, v0] = [[...W], Float64Array.from(sq), V ? [...V] : null];
    order.forEach((j, to) => {
      W[to] = w0[j];
      sq[to] = s0[j];
      if (V) V[to] = v0![j];
    });
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const wp = W[p];
      for (let q = p + 1; q < n; q++) {
        const wq = W[q];
        const alpha = sq[p], beta = sq[q];
        let gamma = 0;
        for (let i = 0; i < len; i++) gamma += wp[i] * wq[i];
        if (gamma === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.hypot(1, zeta));
        const c = 1 / Math.sqrt(1 + t * t), sn = c * t;
        for (let i = 0; i < len; i++) {
          const x = wp[i], y = wq[i];
          wp[i] = c * x - sn * y;
          wq[i] = sn * x + c * y;
        }
        sq[p] = Math.max(0, alpha - t * gamma);
        sq[q] = beta + t * gamma;
        if (V) {
          const vp = V[p], vq = V[q];
          for (let i = 0; i < n; i++) {
            const x = vp[i], y = vq[i];
            vp[i] = c * x - sn * y;
            vq[i] = sn * x + c * y;
          }
        }
      }
    }
    if (!rotated) return;
  }
}
