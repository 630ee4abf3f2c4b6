/**
 * @file Float64 Householder QR with column pivoting (LAPACK dgeqp2 style: the column of largest
 * remaining norm first, with dlaqp2's safeguarded norm downdating) of one m×n matrix, m ≥ n, stored
 * as contiguous columns. Used to precondition the one-sided Jacobi SVD (Drmač–Veselić).
 */
import { makeReflector, norm2, reflect } from "./kernels_householder.js";

export interface PivotedQR {
  /** cols[j] is column j (length m) of the factored A·P: reflectors below the diagonal (v₀ = 1 implicit), R on and above. */
  cols: Float64Array[];
  tau: Float64Array;
  /** Column j of A·P is column perm[j] of A. */
  perm: Int32Array;
}

/** A·P = H₀ H₁ … H_{n−1} R; `cols` is factored in place (its arrays are permuted, not copied). */
export function pivotedQR(cols: Float64Array[], m: number, n: number): PivotedQR {
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  const perm = Int32Array.from({ length: n }, (_, j) => j);
  const vn1 = new Float64Array(n), vn2 = new Float64Array(n);
  for (let j = 0; j < n; j++) vn1[j] = vn2[j] = norm2(cols[j], 0, m);
  const tol3z = Math.sqrt(2 ** -52);
  for (let j = 0; j < k; j++) {
    // pivot: the remaining column of largest (downdated) norm
    let pv = j;
    for (let c = j + 1; c < n; c++) if (vn1[c] > vn1[pv]) pv = c;
    if (pv !== j) {
      const t = cols[pv]; cols[pv] = cols[j]; cols[j] = t;
      const ip = perm[pv]; perm[pv] = perm[j]; perm[j] = ip;
      vn1[pv] = vn1[j];
      vn2[pv] = vn2[j];
    }
    const v = cols[j];
    const t = (tau[j] = makeReflector(v, j, m));
    if (t !== 0) for (let c = j + 1; c < n; c++) reflect(v, t, cols[c], j, m);
    // downdate the partial column norms
    for (let c = j + 1; c < n; c++) {
      if (vn1[c] === 0) continue;
      let temp = Math.abs(cols[c][j]) / vn1[c];
      temp = Math.max(0, 1 - temp * temp);
      const r = vn1[c] / vn2[c];
      if (temp * r * r <= tol3z) {
        vn1[c] = vn2[c] = j + 1 < m ? norm2(cols[c], j + 1, m) : 0;
      } else {
        vn1[c] *= Math.sqrt(temp);
      }
    }
  }
  return { cols, tau, perm };
}

/** x ← H₀ H₁ … H_{k−1} x for each column x (length m) of `xs`, the reflectors of a factored `cols`/`tau`. */
export function applyQ(cols: Float64Array[], tau: Float64Array, m: number, xs: Float64Array[]): void {
  for (let j = tau.length - 1; j >= 0; j--) {
    if (tau[j] === 0) continue;
    for (const x of xs) reflect(cols[j], tau[j], x, j, m);
  }
}
