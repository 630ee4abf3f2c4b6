/**
 * @file Float64 polynomial roots with numpy.roots' semantics: leading zeros stripped, trailing zeros
 * giving zero roots, the rest the eigenvalues of the companion matrix (balanced), interleaved complex.
 */
import { eigvalsGeneral } from "./eig_general.js";
import { eigvalsComplex } from "./eig_complex.js";

/**
 * Roots of p[0]·xᴺ + … + p[N] (real coefficients), as numpy.roots: the companion matrix's eigenvalues
 * (in LAPACK's order; conjugate pairs positive imaginary part first) followed by the zero roots.
 * All-zero or constant input → no roots. Non-finite coefficients → NaN roots.
 * @example
 * polyRoots([1, -3, 2, 0]);   // [2, 0, 1, 0, 0, 0]: x³ − 3x² + 2x = x(x − 1)(x − 2)
 * polyRoots([1, 0, 1]);       // [0, 1, 0, −1]: ±i
 */
export function polyRoots(p: ArrayLike<number>): Float64Array {
  return rootsOf(Array.from(p, (x) => [x, 0]), false);
}

/** Roots of a polynomial with complex coefficients (interleaved re, im per coefficient). */
export function polyRootsComplex(p: Float64Array): Float64Array {
  if (p.length % 2 !== 0) throw new RangeError(`roots: ${p.length} numbers are not interleaved complex coefficients`);
  return rootsOf(Array.from({ length: p.length / 2 }, (_, i) => [p[2 * i], p[2 * i + 1]]), true);
}

function rootsOf(c: number[][], complex: boolean): Float64Array {
  const nz = (z: number[]) => z[0] !== 0 || z[1] !== 0; // NaN counts as nonzero, as NumPy's nonzero
  let first = 0, last = c.length - 1;
  while (first < c.length && !nz(c[first])) first++;
  if (first === c.length) return new Float64Array(0);
  while (!nz(c[last])) last--;
  const zeros = c.length - 1 - last;
  const q = c.slice(first, last + 1), n = q.length - 1;
  const out = new Float64Array(2 * (n + zeros));
  if (n === 0) return out;
  // companion: first row −q[1:]/q[0], ones on the subdiagonal
  const [ar, ai] = q[0], den = ar * ar + ai * ai;
  if (!complex) {
    const A = new Float64Array(n * n);
    for (let j = 0; j < n; j++) A[j] = -q[j + 1][0] / ar;
    for (let i = 1; i < n; i++) A[i * n + i - 1] = 1;
    out.set(eigvalsGeneral(A, n));
    return out;
  }
  const A = new Float64Array(2 * n * n);
  for (let j = 0; j < n; j++) {
    const [br, bi] = q[j + 1];
    // −b/a = −b·conj(a)/|a|²
    A[2 * j] = -(br * ar + bi * ai) / den;
    A[2 * j + 1] = -(bi * ar - br * ai) / den;
  }
  for (let i = 1; i < n; i++) A[2 * (i * n + i - 1)] = 1;
  out.set(eigvalsComplex(A, n));
  return out;
}
