/**
 * @file Float64 complex LU with partial pivoting on interleaved (re, im) row-major matrices (LAPACK
 * zgetrf: the pivot is the largest |re| + |im| in the column), and what is built on it: solve, inv,
 * det and slogdet (NumPy's complex sign). A zero pivot is left in place (no division) so singular
 * systems give ±Inf/NaN, as the real solver.
 */

/** |re| + |im| (LAPACK's cabs1, used for pivoting). */
export const cabs1 = (re: number, im: number): number => Math.abs(re) + Math.abs(im);

export interface ComplexLU {
  /** L (unit, below the diagonal) and U (on and above), interleaved n×n. */
  lu: Float64Array;
  /** pivots[k]: the row swapped with row k at step k (0-based, as LAPACK's ipiv − 1). */
  pivots: Int32Array;
  /** The rows of A in the order of P·A. */
  perm: Int32Array;
  /** +1 or −1: the permutation's sign. */
  parity: number;
}

/** P·A = L·U of the n×n complex `a` (interleaved). */
export function complexLU(a: Float64Array, n: number): ComplexLU {
  if (a.length !== 2 * n * n) throw new RangeError(`lu: ${a.length} numbers do not hold a complex ${n}×${n} matrix (${2 * n * n} numbers)`);
  const lu = Float64Array.from(a);
  const pivots = new Int32Array(n), perm = Int32Array.from({ length: n }, (_, i) => i);
  let parity = 1;
  const row = 2 * n;
  for (let k = 0; k < n; k++) {
    let p = k, best = cabs1(lu[k * row + 2 * k], lu[k * row + 2 * k + 1]);
    for (let i = k + 1; i < n; i++) {
      const v = cabs1(lu[i * row + 2 * k], lu[i * row + 2 * k + 1]);
      if (v > best) (best = v), (p = i);
    }
    pivots[k] = p;
    if (p !== k) {
      parity = -parity;
      for (let j = 0; j < row; j++) {
        const t = lu[k * row + j];
        lu[k * row + j] = lu[p * row + j];
        lu[p * row + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
    }
    const dr = lu[k * row + 2 * k], di = lu[k * row + 2 * k + 1];
    if (dr === 0 && di === 0) continue;
    // 1/d (Smith) once, then multiply
    const [ir, ii] = recip(dr, di);
    for (let i = k + 1; i < n; i++) {
      const o = i * row + 2 * k;
      const xr = lu[o], xi = lu[o + 1];
      const lr = xr * ir - xi * ii, li = xr * ii + xi * ir;
      lu[o] = lr;
      lu[o + 1] = li;
      if (lr === 0 && li === 0) continue;
      const ri = i * row, rk = k * row;
      for (let j = 2 * (k + 1); j < row; j += 2) {
        const ur = lu[rk + j], ui = lu[rk + j + 1];
        lu[ri + j] -= lr * ur - li * ui;
        lu[ri + j + 1] -= lr * ui + li * ur;
      }
    }
  }
  return { lu, pivots, perm, parity };
}

/** 1/(re + i·im) without overflow (Smith). */
export function recip(re: number, im: number): [number, number] {
  if (Math.abs(im) <= Math.abs(re)) {
    const r = im / re, d = re + im * r;
    return [1 / d, -r / d];
  }
  const r = re / im, d = re * r + im;
  return [r / d, -1 / d];
}

/** x with A·x = b for the LU of A; b is n×nrhs interleaved (row-major), returns a new array. */
export function complexLUSolve({ lu, perm }: ComplexLU, b: Float64Array, n: number, nrhs: number): Float64Array {
  if (b.length !== 2 * n * nrhs) throw new RangeError(`solve: right-hand side of ${b.length} numbers does not hold a complex ${n}×${nrhs} matrix`);
  const w = 2 * nrhs, x = new Float64Array(b.length);
  for (let i = 0; i < n; i++) x.set(b.subarray(perm[i] * w, perm[i] * w + w), i * w);
  // L·y = P·b (unit lower)
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const lr = lu[2 * (i * n + k)], li = lu[2 * (i * n + k) + 1];
      if (lr === 0 && li === 0) continue;
      for (let j = 0; j < w; j += 2) {
        const yr = x[k * w + j], yi = x[k * w + j + 1];
        x[i * w + j] -= lr * yr - li * yi;
        x[i * w + j + 1] -= lr * yi + li * yr;
      }
    }
  }
  // U·x = y (a zero pivot divides: ±Inf/NaN as the real solver)
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const ur = lu[2 * (i * n + k)], ui = lu[2 * (i * n + k) + 1];
      if (ur === 0 && ui === 0) continue;
      for (let j = 0; j < w; j += 2) {
        const yr = x[k * w + j], yi = x[k * w + j + 1];
        x[i * w + j] -= ur * yr - ui * yi;
        x[i * w + j + 1] -= ur * yi + ui * yr;
      }
    }
    const dr = lu[2 * (i * n + i)], di = lu[2 * (i * n + i) + 1];
    for (let j = 0; j < w; j += 2) {
      const [qr, qi] = divide(x[i * w + j], x[i * w + j + 1], dr, di);
      x[i * w + j] = qr;
      x[i * w + j + 1] = qi;
    }
  }
  return x;
}

/** (a + ib)/(c + id); division by zero gives IEEE ±Inf/NaN componentwise as a real division would. */
function divide(a: number, b: number, c: number, d: number): [number, number] {
  if (d === 0) return [a / c, b / c];
  if (Math.abs(d) <= Math.abs(c)) {
    const r = d / c, den = c + d * r;
    return [(a + b * r) / den, (b - a * r) / den];
  }
  const r = c / d, den = c * r + d;
  return [(a * r + b) / den, (b * r - a) / den];
}

/**
 * x with A·x = b (A n×n, b n×nrhs, both complex interleaved).
 * @example
 * complexSolve(Float64Array.of(0, 1), Float64Array.of(2, 0), 1, 1);   // [0, −2]: i·x = 2
 */
export function complexSolve(a: Float64Array, b: Float64Array, n: number, nrhs: number): Float64Array {
  return complexLUSolve(complexLU(a, n), b, n, nrhs);
}

/** A⁻¹ (singular A: ±Inf/NaN entries). */
export function complexInv(a: Float64Array, n: number): Float64Array {
  const eye = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) eye[2 * (i * n + i)] = 1;
  return complexSolve(a, eye, n, n);
}

/** det A as [re, im] (the product of U's diagonal, with the permutation's sign). */
export function complexDet(a: Float64Array, n: number): [number, number] {
  const { lu, parity } = complexLU(a, n);
  let pr = parity, pi = 0;
  for (let i = 0; i < n; i++) {
    const ur = lu[2 * (i * n + i)], ui = lu[2 * (i * n + i) + 1];
    [pr, pi] = [pr * ur - pi * ui, pr * ui + pi * ur];
  }
  return [pr, pi];
}

/**
 * NumPy's slogdet for complex A: det A = sign·exp(logAbsDet) with |sign| = 1 (sign = 0 and
 * logAbsDet = −∞ for a singular matrix). The sign is the product of the pivots' unit phases.
 */
export function complexSlogdet(a: Float64Array, n: number): { sign: [number, number]; logAbsDet: number } {
  const { lu, parity } = complexLU(a, n);
  let sr = parity, si = 0, logAbs = 0;
  for (let i = 0; i < n; i++) {
    const ur = lu[2 * (i * n + i)], ui = lu[2 * (i * n + i) + 1];
    const m = Math.hypot(ur, ui);
    if (m === 0) return { sign: [0, 0], logAbsDet: -Infinity };
    if (!Number.isFinite(m)) return { sign: [NaN, NaN], logAbsDet: NaN };
    logAbs += Math.log(m);
    const pr = ur / m, pi = ui / m;
    [sr, si] = [sr * pr - si * pi, sr * pi + si * pr];
  }
  // renormalise the accumulated phase (rounding drift over many factors)
  const h = Math.hypot(sr, si);
  return { sign: [sr / h, si / h], logAbsDet: logAbs };
}
