/**
 * @file Eigenvectors of a real quasi-triangular Schur form (standardised 2×2 blocks) by
 * back-substitution, as LAPACK dtrevc: real and complex-pair vectors, perturbed tiny pivots,
 * rescaling against overflow; and Smith's complex division.
 */

const ULP = 2 ** -52;
const SAFMIN = 2 ** -1022;

/**
 * Eigenvectors of the quasi-triangular T (standardised 2×2 blocks) by back-substitution (as LAPACK
 * dtrevc): for eigenvalue j, x has zeros below its block and (T − λI)x = 0 solved upwards; near-zero
 * pivots are perturbed to ε‖T‖; growth is rescaled away. Column j as (re[j], im[j]).
 */
export function schurVectors(T: Float64Array, n: number, wr: Float64Array, wi: Float64Array): { re: Float64Array[]; im: Float64Array[] } {
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
