/**
 * @file Float64 Hermitian eigendecomposition on interleaved (re, im) row-major matrices: complex
 * Householder tridiagonalisation (as LAPACK zhetd2, reflectors with real β, so the tridiagonal is
 * real symmetric), then the real symmetric tridiagonal eigenproblem by the existing implicit QL
 * (kernels_eigh.ts), eigenvectors back-transformed. Eigenvalues ascending.
 */
import { symmetricEigen } from "./kernels_eigh.js";
import { makeComplexReflector, reflectComplex } from "./complex_qr.js";
import { normaliseComplexColumn } from "./eig_general.js";

/**
 * Eigenvalues `w` (ascending, real) and eigenvectors (columns of the interleaved n×n `v`) of the
 * Hermitian matrix whose lower (or upper) triangle is `a`; the diagonal's imaginary parts are ignored
 * (as LAPACK). Each eigenvector has unit norm and its largest component (the first within a relative
 * 1e-8 of the largest modulus) real and positive. NB: LAPACK's zheevd (NumPy, JAX) leaves the phase
 * as the algorithm produced it; we fix it so results are deterministic. Non-finite input or no
 * convergence → NaN.
 * @example
 * hermitianEigen(Float64Array.of(2, 0, 0, 0, 0, 1, 2, 0), 2).w;   // [1, 3] for [[2, −i], [i, 2]]
 */
export function hermitianEigen(a: Float64Array, n: number, lower = true, vectors = true): { w: Float64Array; v: Float64Array | null } {
  if (a.length !== 2 * n * n) throw new RangeError(`eigh: ${a.length} numbers do not hold a complex ${n}×${n} matrix (${2 * n * n} numbers)`);
  const nan = () => ({ w: new Float64Array(n).fill(NaN), v: vectors ? new Float64Array(2 * n * n).fill(NaN) : null });
  // the full Hermitian matrix from one triangle, as columns (col[j] interleaved, length n)
  const A = new Float64Array(2 * n * n); // row-major
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const re = lower ? a[2 * (i * n + j)] : a[2 * (j * n + i)];
      const im = i === j ? 0 : lower ? a[2 * (i * n + j) + 1] : -a[2 * (j * n + i) + 1];
      A[2 * (i * n + j)] = re;
      A[2 * (i * n + j) + 1] = im;
      A[2 * (j * n + i)] = re;
      A[2 * (j * n + i) + 1] = -im;
    }
  if (!A.every(Number.isFinite)) return nan();
  if (n === 0) return { w: new Float64Array(0), v: vectors ? new Float64Array(0) : null };
  // scale by a power of two (exact) so the reflectors' norms neither overflow nor underflow
  let big = 0;
  for (const x of A) big = Math.max(big, Math.abs(x));
  const scale = big > 0 ? 2 ** Math.floor(Math.log2(big)) : 1;
  for (let i = 0; i < A.length; i++) A[i] /= scale;
  const { d, e, vs, taus } = tridiagonalise(A, n);
  // the real symmetric tridiagonal T, solved by the real kernel (already tridiagonal: its reduction is trivial)
  const T = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    T[i * n + i] = d[i];
    if (i > 0) T[i * n + i - 1] = T[(i - 1) * n + i] = e[i - 1];
  }
  const eig = symmetricEigen(T, n, true);
  if (eig.w.some(Number.isNaN)) return nan();
  const w = eig.w.map((x) => x * scale);
  if (!vectors) return { w, v: null };
  // V = Q·V_T, Q = H₀ H₁ ⋯ H_{n−2}: each column of V_T (real) multiplied by the reflectors from the last
  const v = new Float64Array(2 * n * n);
  const x = new Float64Array(2 * n), re = new Float64Array(n), im = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    x.fill(0);
    for (let i = 0; i < n; i++) x[2 * i] = eig.v[i * n + j];
    for (let k = vs.length - 1; k >= 0; k--) {
      const tr = taus[2 * k], ti = taus[2 * k + 1];
      if (tr !== 0 || ti !== 0) reflectComplex(vs[k], tr, ti, x, k + 1, n);
    }
    for (let i = 0; i < n; i++) (re[i] = x[2 * i]), (im[i] = x[2 * i + 1]);
    normaliseComplexColumn(re, im);
    for (let i = 0; i < n; i++) (v[2 * (i * n + j)] = re[i]), (v[2 * (i * n + j) + 1] = im[i]);
  }
  return { w, v };
}

/**
 * Hᴴ·A·H for the reflectors of the columns below the diagonal, on the full Hermitian A (row-major,
 * interleaved; destroyed). Returns the real diagonal d, the real subdiagonal e (e[k] = T[k+1][k]),
 * and the reflectors (vs[k] with v[k+1] = 1 implicit, τ_k interleaved in taus).
 */
function tridiagonalise(A: Float64Array, n: number) {
  const d = new Float64Array(n), e = new Float64Array(Math.max(n - 1, 0));
  const vs: Float64Array[] = [], taus = new Float64Array(2 * Math.max(n - 1, 0));
  const x = new Float64Array(2 * n);
  for (let k = 0; k < n - 1; k++) {
    // the column below the diagonal as a vector of length n (entries k+1…)
    const v = new Float64Array(2 * n);
    for (let i = k + 1; i < n; i++) (v[2 * i] = A[2 * (i * n + k)]), (v[2 * i + 1] = A[2 * (i * n + k) + 1]);
    const [tr, ti] = makeComplexReflector(v, k + 1, n);
    e[k] = v[2 * (k + 1)]; // β (real), or the entry itself when already real and alone
    vs.push(v);
    taus[2 * k] = tr;
    taus[2 * k + 1] = ti;
    if (tr === 0 && ti === 0) continue;
    v[2 * (k + 1)] = 1;
    v[2 * (k + 1) + 1] = 0;
    // x = τ·A₂₂·v
    for (let i = k + 1; i < n; i++) {
      let sr = 0, si = 0;
      const row = i * n;
      for (let j = k + 1; j < n; j++) {
        const ar = A[2 * (row + j)], ai = A[2 * (row + j) + 1], br = v[2 * j], bi = v[2 * j + 1];
        sr += ar * br - ai * bi;
        si += ar * bi + ai * br;
      }
      x[2 * i] = tr * sr - ti * si;
      x[2 * i + 1] = tr * si + ti * sr;
    }
    // w = x − ½·τ·(xᴴv)·v
    let hr = 0, hi = 0;
    for (let i = k + 1; i < n; i++) {
      const xr = x[2 * i], xi = x[2 * i + 1], vr = v[2 * i], vi = v[2 * i + 1];
      hr += xr * vr + xi * vi;
      hi += xr * vi - xi * vr;
    }
    const alr = -0.5 * (tr * hr - ti * hi), ali = -0.5 * (tr * hi + ti * hr);
    for (let i = k + 1; i < n; i++) {
      const vr = v[2 * i], vi = v[2 * i + 1];
      x[2 * i] += alr * vr - ali * vi;
      x[2 * i + 1] += alr * vi + ali * vr;
    }
    // A₂₂ −= v·wᴴ + w·vᴴ
    for (let i = k + 1; i < n; i++) {
      const vr = v[2 * i], vi = v[2 * i + 1], wr = x[2 * i], wi = x[2 * i + 1], row = i * n;
      for (let j = k + 1; j < n; j++) {
        const ur = v[2 * j], ui = v[2 * j + 1], yr = x[2 * j], yi = x[2 * j + 1];
        // v_i·conj(w_j) + w_i·conj(v_j)
        A[2 * (row + j)] -= vr * yr + vi * yi + wr * ur + wi * ui;
        A[2 * (row + j) + 1] -= vi * yr - vr * yi + wi * ur - wr * ui;
      }
    }
  }
  for (let i = 0; i < n; i++) d[i] = A[2 * (i * n + i)];
  return { d, e, vs, taus };
}
