/**
 * @file Float64 symmetric eigendecomposition of one n×n matrix: Householder tridiagonalisation and
 * the implicit QL algorithm with Wilkinson-type shifts (EISPACK tred2/tql2, after JAMA's public-domain
 * port), with an iteration cap. Eigenvalues ascending; eigenvector signs normalised.
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
  const V = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = lower ? a[i * n + j] : a[j * n + i];
      V[i][j] = x;
      V[j][i] = x;
    }
  }
  const d = new Float64Array(n), e = new Float64Array(n);
  const nan = () => ({ w: new Float64Array(n).fill(NaN), v: new Float64Array(n * n).fill(NaN) });
  if (!a.every(Number.isFinite)) return nan();
  if (n === 0) return { w: d, v: new Float64Array(0) };
  tred2(V, d, e, n);
  // columns of V as contiguous rows, for the rotations of tql2
  const C = Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => V[i][j]));
  if (!tql2(C, d, e, n)) return nan();
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y]);
  const w = Float64Array.from(order, (i) => d[i]);
  const v = new Float64Array(n * n);
  order.forEach((src, j) => {
    const col = C[src];
    normaliseSign(col);
    for (let i = 0; i < n; i++) v[i * n + j] = col[i];
  });
  return { w, v };
}

/** Householder reduction to tridiagonal form: d diagonal, e subdiagonal (e[0] = 0), V the accumulated transform. */
function tred2(V: Float64Array[], d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = V[n - 1][j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0, h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[i - 1][j];
        V[i][j] = 0;
        V[j][i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[j][i] = f;
        g = e[j] + V[j][j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k][j] * d[k];
          e[k] += V[k][j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[k][j] -= f * e[k] + g * d[k];
        d[j] = V[i - 1][j];
        V[i][j] = 0;
      }
    }
    d[i] = h;
  }
  // accumulate the transformations
  for (let i = 0; i < n - 1; i++) {
    V[n - 1][i] = V[i][i];
    V[i][i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k][i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k][i + 1] * V[k][j];
        for (let k = 0; k <= i; k++) V[k][j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k][i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[n - 1][j];
    V[n - 1][j] = 0;
  }
  V[n - 1][n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL on the tridiagonal (d, e), rotating the columns C[j] of the eigenvector matrix. False if it did not converge. */
function tql2(C: Float64Array[], d: Float64Array, e: Float64Array, n: number): boolean {
  const MAX_ITER = 60; // per eigenvalue; typically 1–3 are needed
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0, tst1 = 0;
  const eps = 2 ** -52;
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
          const ci = C[i], cj = C[i + 1];
          for (let k = 0; k < n; k++) {
            const t = cj[k];
            cj[k] = s * ci[k] + c * t;
            ci[k] = c * ci[k] - s * t;
          }
        }
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
