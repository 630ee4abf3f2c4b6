/**
 * @file Float64 SVD of one row-major m×n matrix by one-sided (Hestenes) Jacobi, which gives small
 * singular values to high relative accuracy: on A itself when square; when m > n on Rᵀ of a QR with
 * column pivoting (Drmač–Veselić preconditioning: fewer sweeps, and row scaling is harmless too).
 * Singular values descending; null-space columns completed to an orthonormal basis; signs normalised.
 */
import { completeBasis } from "./kernels_householder.js";
import { applyQ, pivotedQR } from "./kernels_qrcp.js";
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
  // scaled to max |entry| 1: no overflow in the squared norms
  let big = 0;
  for (let i = 0; i < a.length; i++) big = Math.max(big, Math.abs(a[i]));
  const scale = big > 0 ? big : 1;
  const cols = Array.from({ length: n }, () => new Float64Array(m));
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) cols[j][i] = a[i * n + j] / scale;
  if (m === n) return squareSvd(cols, n, scale, computeUv);
  // A·P = Q·R (column pivoting), then Jacobi on Rᵀ (Drmač–Veselić): Rᵀ·J = X = U_X·Σ, so A = (Q·J)·Σ·(P·U_X)ᵀ.
  // The columns of Rᵀ (rows of R) are graded by the pivoting: fewer sweeps than on R.
  // (Square matrices skip this: measured, no fewer sweeps there, and the QR would only add cost.)
  const { tau, perm } = pivotedQR(cols, m, n);
  const X = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const xi = X[i];
    for (let j = i; j < n; j++) xi[j] = cols[j][i];
  }
  const J = computeUv ? Array.from({ length: n }, (_, j) => { const e = new Float64Array(n); e[j] = 1; return e; }) : null;
  jacobi(X, J, n);
  const norms = X.map((x) => { let t = 0; for (let i = 0; i < n; i++) t += x[i] * x[i]; return Math.sqrt(t); });
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norms[y] - norms[x]);
  const s = Float64Array.from(order, (j) => norms[j] * scale);
  if (!computeUv) return { s, u: null, vh: null };
  // V = P·U_X: normalised Jacobi columns, null-space ones completed to a basis
  const good: Float64Array[] = [];
  for (const j of order) {
    if (!(norms[j] > 0 && norms[j] * 1e300 > 1)) break;
    const x = X[j], inv = 1 / norms[j];
    for (let i = 0; i < n; i++) x[i] *= inv;
    good.push(x);
  }
  const ux = good.length < n ? [...good, ...completeBasis(good, n, n - good.length)] : good;
  // U = Q·[J; 0 | 0; I]
  const ucols = Array.from({ length: uCols }, (_, c) => {
    const x = new Float64Array(m);
    if (c < n) x.set(J![order[c]]);
    else x[c] = 1;
    return x;
  });
  const vh = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    const v = vh.subarray(r * n, (r + 1) * n), x = ux[r];
    for (let i = 0; i < n; i++) v[perm[i]] = x[i];
    if (normaliseSign(v)) {
      const uc = ucols[r];
      for (let i = 0; i < n; i++) uc[i] = -uc[i];
    }
  }
  applyQ(cols, tau, m, ucols);
  const u = new Float64Array(m * uCols);
  for (let c = 0; c < uCols; c++) {
    const x = ucols[c];
    for (let i = 0; i < m; i++) u[i * uCols + c] = x[i];
  }
  return { s, u, vh };
}

/**
 * Square A (columns `cols`, scaled by 1/scale): one-sided Jacobi on A itself, A·V = W = U·Σ, V the
 * accumulated rotations and U the normalised columns of W (null-space ones completed to a basis).
 */
function squareSvd(W: Float64Array[], n: number, scale: number, computeUv: boolean): SvdResult {
  const V = computeUv ? Array.from({ length: n }, (_, j) => { const e = new Float64Array(n); e[j] = 1; return e; }) : null;
  jacobi(W, V, n);
  const norms = W.map((x) => { let t = 0; for (let i = 0; i < n; i++) t += x[i] * x[i]; return Math.sqrt(t); });
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norms[y] - norms[x]);
  const s = Float64Array.from(order, (j) => norms[j] * scale);
  if (!computeUv) return { s, u: null, vh: null };
  const good: Float64Array[] = [];
  const vh = new Float64Array(n * n);
  order.forEach((j, r) => {
    const v = V![j], w = W[j];
    if (normaliseSign(v)) for (let i = 0; i < n; i++) w[i] = -w[i];
    vh.set(v, r * n);
    if (norms[j] > 0 && norms[j] * 1e300 > 1) {
      const nj = norms[j];
      for (let i = 0; i < n; i++) w[i] /= nj;
      good.push(w);
    }
  });
  const uc = good.length < n ? [...good, ...completeBasis(good, n, n - good.length)] : good;
  const u = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const x = uc[c];
    for (let i = 0; i < n; i++) u[i * n + c] = x[i];
  }
  return { s, u, vh };
}

/**
 * One-sided Jacobi: rotate column pairs of W (n columns of length n, stored contiguously; and V, kept
 * paired with W) until all are orthogonal to ~√n·ε relative; capped sweeps. Columns in decreasing norm
 * at the start of each sweep (de Rijk). Squared column norms are updated by the rotation (α' = α − tγ,
 * β' = β + tγ) and recomputed each sweep. A pair found orthogonal is not checked again until one of
 * its columns is rotated.
 */
function jacobi(W: Float64Array[], V: Float64Array[] | null, n: number): void {
  const tol = 2 ** -52 * Math.max(1, Math.sqrt(n));
  const sq = new Float64Array(n), s0 = new Float64Array(n);
  const w0 = W.slice(), v0 = V ? V.slice() : null;
  // ids follow the arrays through the reordering: changed[id] is the clock of its last rotation,
  // checked[id·n + id'] the clock at which the pair was last found orthogonal
  const ids = Int32Array.from({ length: n }, (_, j) => j), id0 = new Int32Array(n);
  const changed = new Float64Array(n).fill(0), checked = new Float64Array(n * n).fill(-1);
  const order = Array.from({ length: n }, (_, j) => j);
  let clock = 1;
  const bq = new Int32Array(n), bc = new Float64Array(n), bs = new Float64Array(n);
  let nb = 0;
  for (let sweep = 0; sweep < 100; sweep++) {
    for (let j = 0; j < n; j++) {
      const w = W[j];
      let t = 0;
      for (let i = 0; i < n; i++) t += w[i] * w[i];
      sq[j] = t;
    }
    for (let j = 0; j < n; j++) order[j] = j;
    order.sort((x, y) => sq[y] - sq[x]);
    for (let j = 0; j < n; j++) {
      w0[j] = W[j];
      s0[j] = sq[j];
      id0[j] = ids[j];
      if (v0) v0[j] = V![j];
    }
    for (let to = 0; to < n; to++) {
      const j = order[to];
      W[to] = w0[j];
      sq[to] = s0[j];
      ids[to] = id0[j];
      if (V) V[to] = v0![j];
    }
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const wp = W[p], vp = V ? V[p] : null, ip = ids[p];
      // gamma = ⟨W[p], W[q]⟩, computed by the previous pair's rotation (fused) or by a dot product
      let gamma = 0, ready = false;
      for (let q = p + 1; q < n; q++) {
        const iq = ids[q], pair = ip < iq ? ip * n + iq : iq * n + ip, seen = checked[pair];
        if (seen > changed[ip] && seen > changed[iq]) {
          ready = false;
          continue;
        }
        const wq = W[q];
        if (!ready) gamma = dot(wp, wq, n);
        ready = false;
        const alpha = sq[p], beta = sq[q];
        if (gamma === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) {
          checked[pair] = clock++;
          continue;
        }
        rotated = true;
        changed[ip] = changed[iq] = clock++;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.hypot(1, zeta));
        const c = 1 / Math.sqrt(1 + t * t), sn = c * t;
        sq[p] = Math.max(0, alpha - t * gamma);
        sq[q] = beta + t * gamma;
        if (q + 1 < n) {
          // rotate and take the next pair's product with the new W[p] in the same pass
          const wr = W[q + 1];
          let g = 0;
          for (let i = 0; i < n; i++) {
            const x = wp[i], y = wq[i], xn = c * x - sn * y;
            wp[i] = xn;
            wq[i] = sn * x + c * y;
            g += xn * wr[i];
          }
          gamma = g;
          ready = true;
        } else {
          for (let i = 0; i < n; i++) {
            const x = wp[i], y = wq[i];
            wp[i] = c * x - sn * y;
            wq[i] = sn * x + c * y;
          }
        }
        if (vp) {
          // V's rotations of this p are deferred and applied together (they all share V[p])
          bq[nb] = q;
          bc[nb] = c;
          bs[nb++] = sn;
        }
      }
      if (vp && nb > 0) {
        rotateFan(vp, V!, bq, bc, bs, nb, n);
        nb = 0;
      }
    }
    if (!rotated) return;
  }
}

/** ⟨x, y⟩ over the first n entries. */
function dot(x: Float64Array, y: Float64Array, n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) t += x[i] * y[i];
  return t;
}

/** (x, V[bq[k]]) ← (c·x − s·V[bq[k]], s·x + c·V[bq[k]]) for k = 0…count−1 in order, three per pass. */
function rotateFan(x: Float64Array, V: Float64Array[], bq: Int32Array, bc: Float64Array, bs: Float64Array, count: number, n: number): void {
  let k = 0;
  for (; k + 2 < count; k += 3) {
    const y1 = V[bq[k]], y2 = V[bq[k + 1]], y3 = V[bq[k + 2]];
    const c1 = bc[k], s1 = bs[k], c2 = bc[k + 1], s2 = bs[k + 1], c3 = bc[k + 2], s3 = bs[k + 2];
    for (let i = 0; i < n; i++) {
      const u = x[i], a = y1[i], b = y2[i], d = y3[i];
      const u1 = c1 * u - s1 * a;
      y1[i] = s1 * u + c1 * a;
      const u2 = c2 * u1 - s2 * b;
      y2[i] = s2 * u1 + c2 * b;
      x[i] = c3 * u2 - s3 * d;
      y3[i] = s3 * u2 + c3 * d;
    }
  }
  for (; k < count; k++) {
    const y = V[bq[k]], c = bc[k], s = bs[k];
    for (let i = 0; i < n; i++) {
      const u = x[i], z = y[i];
      x[i] = c * u - s * z;
      y[i] = s * u + c * z;
    }
  }
}
