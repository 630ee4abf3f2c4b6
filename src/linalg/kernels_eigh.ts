/**
 * @file Float64 symmetric eigendecomposition of one n×n matrix: Householder tridiagonalisation (LAPACK
 * dsytd2 style, on contiguous rows of the lower triangle; Q accumulated row-wise, two reflectors per
 * pass) and the implicit QL algorithm with Wilkinson-type shifts (EISPACK tql2, after JAMA's
 * public-domain port; the rotations of a sweep applied three at a time to contiguous eigenvector rows),
 * with an iteration cap. Eigenvalues ascending; eigenvector signs normalised.
 */

/** Largest |component| (the first within a relative 1e-8 of it) made positive: a deterministic sign. */
export function normaliseSign(col: Float64Array): boolean {
  let big = 0;
  for (const x of col) big = Math.max(big, Math.abs(x));
  for (const x of col) {
    if (Math.abs(x) >= big * (1 - 1e-8)) {
      if (x < 0) {
        for (let i = 0; i < col.length; i++) col[i] = -col[i];
        return true;
      }
      return false;
    }
  }
  return false;
}

/**
 * Eigenvalues `w` (ascending) and eigenvectors (columns of row-major `v`) of the symmetric matrix whose
 * lower (or upper) triangle is `a`. Non-finite input or no convergence gives NaNs (as LAPACK's info > 0 in JAX).
 */
export function symmetricEigen(a: Float64Array, n: number, lower: boolean): { w: Float64Array; v: Float64Array } {
  const nan = () => ({ w: new Float64Array(n).fill(NaN), v: new Float64Array(n * n).fill(NaN) });
  if (!a.every(Number.isFinite)) return nan();
  const d = new Float64Array(n), e = new Float64Array(n);
  if (n === 0) return { w: d, v: new Float64Array(0) };
  // lower triangle, row by row (row i holds columns 0…i), scaled by a power of two
  // (exact; no overflow or underflow in the reflectors' norms)
  let big = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) big = Math.max(big, Math.abs(lower ? a[i * n + j] : a[j * n + i]));
  const scale = big > 0 ? 2 ** Math.floor(Math.log2(big)) : 1; // max |entry| / scale in [1, 2)
  const L = Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(i + 1);
    for (let j = 0; j <= i; j++) row[j] = (lower ? a[i * n + j] : a[j * n + i]) / scale;
    return row;
  });
  // C[j] is column j of the eigenvector matrix (contiguous for the rotations of tql2)
  const C = tridiagonalise(L, d, e, n);
  if (!tql2(C, d, e, n)) return nan();
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y]);
  const w = Float64Array.from(order, (i) => d[i] * scale);
  const v = new Float64Array(n * n);
  order.forEach((src, j) => {
    const col = C[src];
    normaliseSign(col);
    for (let i = 0; i < n; i++) v[i * n + j] = col[i];
  });
  return { w, v };
}

/**
 * Householder reduction Qᵀ·A·Q = T (LAPACK dsytd2, lower; rows of the lower triangle L are updated in
 * place): d the diagonal of T, e its subdiagonal (e[i] = T[i][i−1], e[0] = 0). Returns the rows of Qᵀ
 * (the columns of Q), Q = H₀ H₁ … H_{n−3}.
 */
function tridiagonalise(L: Float64Array[], d: Float64Array, e: Float64Array, n: number): Float64Array[] {
  const vs: Float64Array[] = [], taus = new Float64Array(Math.max(n - 2, 0));
  const p = new Float64Array(n);
  for (let i = 0; i < n - 2; i++) {
    d[i] = L[i][i];
    // reflector H = I − τ v vᵀ (v[i+1] = 1) with H·x = β e₁ for x = column i below the diagonal
    let scale = 0;
    for (let r = i + 2; r < n; r++) scale = Math.max(scale, Math.abs(L[r][i]));
    const alpha = L[i + 1][i];
    if (scale === 0) {
      e[i + 1] = alpha;
      vs.push(new Float64Array(n)); // τ = 0: H = I
      continue;
    }
    let ss = 0;
    for (let r = i + 2; r < n; r++) {
      const y = L[r][i] / scale;
      ss += y * y;
    }
    const xnorm = scale * Math.sqrt(ss);
    const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
    const tau = (taus[i] = (beta - alpha) / beta);
    const f = 1 / (alpha - beta);
    const v = new Float64Array(n);
    v[i + 1] = 1;
    for (let r = i + 2; r < n; r++) v[r] = L[r][i] * f;
    vs.push(v);
    e[i + 1] = beta;
    // p = τ·A₂₂·v from the lower triangle (row-wise: a row's entries left of the diagonal are also its column's above)
    for (let r = i + 1; r < n; r++) p[r] = 0;
    for (let r = i + 1; r < n; r++) {
      const row = L[r], vr = v[r];
      let t = 0;
      for (let c = i + 1; c < r; c++) {
        const x = row[c];
        t += x * v[c];
        p[c] += x * vr;
      }
      p[r] += t + row[r] * vr;
    }
    let pv = 0;
    for (let r = i + 1; r < n; r++) {
      p[r] *= tau;
      pv += p[r] * v[r];
    }
    // w = p − (τ/2)(pᵀv)·v; A₂₂ −= v wᵀ + w vᵀ (lower triangle)
    const k = -0.5 * tau * pv;
    for (let r = i + 1; r < n; r++) p[r] += k * v[r];
    for (let r = i + 1; r < n; r++) {
      const row = L[r], vr = v[r], wr = p[r];
      for (let c = i + 1; c <= r; c++) row[c] -= vr * p[c] + wr * v[c];
    }
  }
  if (n >= 2) {
    d[n - 2] = L[n - 2][n - 2];
    e[n - 1] = L[n - 1][n - 2];
  }
  d[n - 1] = L[n - 1][n - 1];
  e[0] = 0;
  // Qᵀ = H_{n−3} ⋯ H₀, built from the right: M ← M·H_i touches rows and columns i+1…
  const M = Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(n);
    row[i] = 1;
    return row;
  });
  let i = n - 3;
  for (; i >= 1; i -= 2) {
    // M ← M·H_i·H_{i−1} in one pass per row: with t₁ = row·v₁, row·H_i·v₂ = row·v₂ − τ₁t₁(v₁·v₂)
    const t1 = taus[i], t2 = taus[i - 1], v1 = vs[i], v2 = vs[i - 1];
    let v12 = 0;
    for (let c = i + 1; c < n; c++) v12 += v1[c] * v2[c];
    for (let r = i; r < n; r++) {
      const row = M[r];
      let a1 = 0, a2 = 0;
      for (let c = i; c < n; c++) {
        const x = row[c];
        a1 += x * v1[c];
        a2 += x * v2[c];
      }
      a1 *= t1;
      a2 = t2 * (a2 - a1 * v12);
      if (a1 === 0 && a2 === 0) continue;
      for (let c = i; c < n; c++) row[c] -= a1 * v1[c] + a2 * v2[c];
    }
  }
  if (i === 0) {
    const tau = taus[0], v = vs[0];
    for (let r = 1; r < n; r++) {
      const row = M[r];
      let t = 0;
      for (let c = 1; c < n; c++) t += row[c] * v[c];
      if (t === 0) continue;
      t *= tau;
      for (let c = 1; c < n; c++) row[c] -= t * v[c];
    }
  }
  return M;
}

/** Implicit QL on the tridiagonal (d, e), rotating the columns C[j] of the eigenvector matrix. False if it did not converge. */
function tql2(C: Float64Array[], d: Float64Array, e: Float64Array, n: number): boolean {
  const MAX_ITER = 60; // per eigenvalue; typically 1–3 are needed
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0, tst1 = 0;
  const eps = 2 ** -52;
  const rc = new Float64Array(n), rs = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > MAX_ITER) return false;
        // implicit shift from the leading 2×2 block
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        // implicit QL transformation
        p = d[m];
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          rc[i] = c;
          rs[i] = s;
        }
        rotateChain(C, rc, rs, l, m, n);
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  return true;
}

/**
 * The rotations of one QL sweep, i = m−1 down to l, on the rows C[i], C[i+1]:
 * (C[i], C[i+1]) ← (c·C[i] − s·C[i+1], s·C[i] + c·C[i+1]), three at a time over four rows in one pass.
 */
function rotateChain(C: Float64Array[], rc: Float64Array, rs: Float64Array, l: number, m: number, n: number): void {
  let i = m - 1;
  for (; i - 2 >= l; i -= 3) {
    const c1 = rc[i], s1 = rs[i], c2 = rc[i - 1], s2 = rs[i - 1], c3 = rc[i - 2], s3 = rs[i - 2];
    const r0 = C[i - 2], r1 = C[i - 1], r2 = C[i], r3 = C[i + 1];
    for (let k = 0; k < n; k++) {
      const t = r3[k], x = r2[k], y = r1[k], z = r0[k];
      r3[k] = s1 * x + c1 * t;
      const x1 = c1 * x - s1 * t;
      r2[k] = s2 * y + c2 * x1;
      const y1 = c2 * y - s2 * x1;
      r1[k] = s3 * z + c3 * y1;
      r0[k] = c3 * z - s3 * y1;
    }
  }
  for (; i >= l; i--) {
    const c = rc[i], s = rs[i];
    const ci = C[i], cj = C[i + 1];
    for (let k = 0; k < n; k++) {
      const t = cj[k];
      cj[k] = s * ci[k] + c * t;
      ci[k] = c * ci[k] - s * t;
    }
  }
}
