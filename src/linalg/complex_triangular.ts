/**
 * @file Float64 complex triangular solve on interleaved (re, im) row-major matrices: op(A)·X = B with
 * op = identity, transpose or conjugate transpose (JAX's triangular_solve `transpose_a` and
 * `conjugate_a`), for the complex triangular_solve host primitive and the derivatives of the complex
 * factorisations.
 */

export interface ComplexTriangularParams {
  /** Read the lower triangle of A (else the upper one). */
  lower: boolean;
  /** Solve with Aᵀ (with `conjugateA`: Aᴴ). */
  transposeA: boolean;
  /** Conjugate A's entries (alone: solve with conj(A)). */
  conjugateA: boolean;
  /** Take A's diagonal as ones (it is not read). */
  unitDiagonal: boolean;
}

/**
 * X with op(A)·X = B, A n×n and B n×k (complex interleaved). A zero diagonal entry divides (±Inf/NaN),
 * as the real kernel.
 */
export function complexTriangularSolve(a: Float64Array, b: Float64Array, n: number, k: number, p: ComplexTriangularParams): Float64Array {
  if (a.length !== 2 * n * n || b.length !== 2 * n * k) throw new RangeError(`triangular_solve: ${a.length} and ${b.length} numbers do not hold complex ${n}×${n} and ${n}×${k} matrices`);
  const x = Float64Array.from(b);
  const cs = p.conjugateA ? -1 : 1;
  // op(A)[i, j] as (re, im); op(A) is lower triangular when exactly one of `lower`, `transposeA` holds
  const idx = p.transposeA ? (i: number, j: number) => 2 * (j * n + i) : (i: number, j: number) => 2 * (i * n + j);
  const effLower = p.lower !== p.transposeA;
  const w = 2 * k;
  for (let s = 0; s < n; s++) {
    const i = effLower ? s : n - 1 - s;
    const row = i * w;
    const lo = effLower ? 0 : i + 1, hi = effLower ? i : n;
    for (let j = lo; j < hi; j++) {
      const o = idx(i, j), mr = a[o], mi = cs * a[o + 1];
      if (mr === 0 && mi === 0) continue;
      const rj = j * w;
      for (let c = 0; c < w; c += 2) {
        const yr = x[rj + c], yi = x[rj + c + 1];
        x[row + c] -= mr * yr - mi * yi;
        x[row + c + 1] -= mr * yi + mi * yr;
      }
    }
    if (!p.unitDiagonal) {
      const o = idx(i, i), dr = a[o], di = cs * a[o + 1];
      for (let c = 0; c < w; c += 2) {
        const xr = x[row + c], xi = x[row + c + 1];
        if (di === 0) {
          x[row + c] = xr / dr;
          x[row + c + 1] = xi / dr;
        } else if (Math.abs(di) <= Math.abs(dr)) {
          const r = di / dr, den = dr + di * r;
          x[row + c] = (xr + xi * r) / den;
          x[row + c + 1] = (xi - xr * r) / den;
        } else {
          const r = dr / di, den = dr * r + di;
          x[row + c] = (xr * r + xi) / den;
          x[row + c + 1] = (xi * r - xr) / den;
        }
      }
    }
  }
  return x;
}
