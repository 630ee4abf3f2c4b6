/**
 * @file The implicit Francis double-shift QR algorithm on a real upper Hessenberg matrix (as LAPACK
 * dlahqr): Ahues–Tisseur deflation, exceptional shifts at 10 and 20 iterations, an iteration cap,
 * and the standardised 2×2 blocks of the real Schur form (dlanv2).
 */

const EPS = 2 ** -53; // unit roundoff
const ULP = 2 ** -52;
const SAFMIN = 2 ** -1022;

/**
 * The implicit double-shift QR algorithm on the Hessenberg H (in place → real Schur form T with
 * standardised 2×2 blocks when `wantT`), accumulating the transformations into Z (if not null),
 * stored transposed (row c of the array is column c of Z: the updates touch contiguous rows).
 * Eigenvalues into (wr, wi). False when some eigenvalue did not converge within the cap.
 */
export function francisQR(H: Float64Array, Z: Float64Array | null, n: number, wr: Float64Array, wi: Float64Array, wantT: boolean, itmax: number): boolean {
  const at = (i: number, j: number) => i * n + j;
  const smlnum = SAFMIN * (n / ULP);
  const v = new Float64Array(3);
  let i = n - 1;
  while (i >= 0) {
    let l = 0, converged = false;
    for (let its = 0; its <= itmax; its++) {
      // look for a negligible subdiagonal entry (Ahues–Tisseur criterion, as LAPACK dlahqr)
      let k = i;
      for (; k > l; k--) {
        const hk = Math.abs(H[at(k, k - 1)]);
        if (hk <= smlnum) break;
        let tst = Math.abs(H[at(k - 1, k - 1)]) + Math.abs(H[at(k, k)]);
        if (tst === 0) {
          if (k - 2 >= l) tst += Math.abs(H[at(k - 1, k - 2)]);
          if (k + 1 <= i) tst += Math.abs(H[at(k + 1, k)]);
        }
        if (hk <= ULP * tst) {
          const hu = Math.abs(H[at(k - 1, k)]);
          const ab = Math.max(hk, hu), ba = Math.min(hk, hu);
          const dd = Math.abs(H[at(k - 1, k - 1)] - H[at(k, k)]), hkk = Math.abs(H[at(k, k)]);
          const aa = Math.max(hkk, dd), bb = Math.min(hkk, dd);
          const s = aa + ab;
          if (ba * (ab / s) <= Math.max(smlnum, ULP * (bb * (aa / s)))) break;
        }
      }
      l = k;
      if (l > 0) H[at(l, l - 1)] = 0;
      if (l >= i - 1) {
        converged = true;
        break;
      }
      const i1 = wantT ? 0 : l, i2 = wantT ? n - 1 : i;
      // shifts: the eigenvalues of the trailing 2×2 block, or exceptional ones at 10 and 20 iterations
      let h11: number, h12: number, h21: number, h22: number;
      if (its === 10) {
        const s = Math.abs(H[at(l + 1, l)]) + Math.abs(H[at(l + 2, l + 1)]);
        h11 = 0.75 * s + H[at(l, l)];
        h12 = -0.4375 * s;
        h21 = s;
        h22 = h11;
      } else if (its === 20) {
        const s = Math.abs(H[at(i, i - 1)]) + Math.abs(H[at(i - 1, i - 2)]);
        h11 = 0.75 * s + H[at(i, i)];
        h12 = -0.4375 * s;
        h21 = s;
        h22 = h11;
      } else {
        h11 = H[at(i - 1, i - 1)];
        h21 = H[at(i, i - 1)];
        h12 = H[at(i - 1, i)];
        h22 = H[at(i, i)];
      }
      let rt1r = 0, rt1i = 0, rt2r = 0, rt2i = 0;
      const s0 = Math.abs(h11) + Math.abs(h12) + Math.abs(h21) + Math.abs(h22);
      if (s0 !== 0) {
        h11 /= s0;
        h21 /= s0;
        h12 /= s0;
        h22 /= s0;
        const tr = (h11 + h22) / 2;
        const det = (h11 - tr) * (h22 - tr) - h12 * h21;
        const rtdisc = Math.sqrt(Math.abs(det));
        if (det >= 0) {
          rt1r = tr * s0;
          rt2r = rt1r;
          rt1i = rtdisc * s0;
          rt2i = -rt1i;
        } else {
          // two real shifts: use the one closer to h22 twice
          rt1r = tr + rtdisc;
          rt2r = tr - rtdisc;
          rt1r = Math.abs(rt1r - h22) <= Math.abs(rt2r - h22) ? rt1r * s0 : rt2r * s0;
          rt2r = rt1r;
        }
      }
      // look for two consecutive small subdiagonals (start the bulge at m)
      let m = i - 2;
      for (; m >= l; m--) {
        let h21s = H[at(m + 1, m)];
        let s = Math.abs(H[at(m, m)] - rt2r) + Math.abs(rt2i) + Math.abs(h21s);
        h21s /= s;
        v[0] = h21s * H[at(m, m + 1)] + (H[at(m, m)] - rt1r) * ((H[at(m, m)] - rt2r) / s) - rt1i * (rt2i / s);
        v[1] = h21s * (H[at(m, m)] + H[at(m + 1, m + 1)] - rt1r - rt2r);
        v[2] = h21s * H[at(m + 2, m + 1)];
        s = Math.abs(v[0]) + Math.abs(v[1]) + Math.abs(v[2]);
        v[0] /= s;
        v[1] /= s;
        v[2] /= s;
        if (m === l) break;
        const h00 = Math.abs(H[at(m, m - 1)]) * (Math.abs(v[1]) + Math.abs(v[2]));
        const h01 = Math.abs(v[0]) * (Math.abs(H[at(m - 1, m - 1)]) + Math.abs(H[at(m, m)]) + Math.abs(H[at(m + 1, m + 1)]));
        if (h00 <= ULP * h01) break;
      }
      // the double-shift sweep: chase the bulge with 3×3 (last 2×2) reflectors
      for (let k2 = m; k2 <= i - 1; k2++) {
        const nr = Math.min(3, i - k2 + 1);
        if (k2 > m) for (let r = 0; r < nr; r++) v[r] = H[at(k2 + r, k2 - 1)];
        // reflector (I − τ u uᵀ), u = (1, v1, v2): maps v to (β, 0, 0)
        const alpha = v[0];
        const xnorm = nr === 3 ? Math.hypot(v[1], v[2]) : Math.abs(v[1]);
        let t1 = 0, beta = alpha;
        if (xnorm !== 0) {
          beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
          t1 = (beta - alpha) / beta;
          const f = 1 / (alpha - beta);
          v[1] *= f;
          if (nr === 3) v[2] *= f;
        } else {
          v[1] = 0;
          v[2] = 0;
        }
        if (k2 > m) {
          H[at(k2, k2 - 1)] = beta;
          H[at(k2 + 1, k2 - 1)] = 0;
          if (k2 < i - 1) H[at(k2 + 2, k2 - 1)] = 0;
        } else if (m > l) {
          // as LAPACK: H(k, k−1)·(1 − τ) instead of negating, robust when v₁, v₂ underflow
          H[at(k2, k2 - 1)] *= 1 - t1;
        }
        if (t1 === 0) continue;
        const v2 = v[1], t2 = t1 * v2;
        if (nr === 3) {
          const v3 = v[2], t3 = t1 * v3;
          for (let j = k2; j <= i2; j++) {
            const sum = H[at(k2, j)] + v2 * H[at(k2 + 1, j)] + v3 * H[at(k2 + 2, j)];
            H[at(k2, j)] -= sum * t1;
            H[at(k2 + 1, j)] -= sum * t2;
            H[at(k2 + 2, j)] -= sum * t3;
          }
          const jmax = Math.min(k2 + 3, i);
          for (let j = i1; j <= jmax; j++) {
            const sum = H[at(j, k2)] + v2 * H[at(j, k2 + 1)] + v3 * H[at(j, k2 + 2)];
            H[at(j, k2)] -= sum * t1;
            H[at(j, k2 + 1)] -= sum * t2;
            H[at(j, k2 + 2)] -= sum * t3;
          }
          if (Z)
            for (let j = 0; j < n; j++) {
              const sum = Z[at(k2, j)] + v2 * Z[at(k2 + 1, j)] + v3 * Z[at(k2 + 2, j)];
              Z[at(k2, j)] -= sum * t1;
              Z[at(k2 + 1, j)] -= sum * t2;
              Z[at(k2 + 2, j)] -= sum * t3;
            }
        } else {
          for (let j = k2; j <= i2; j++) {
            const sum = H[at(k2, j)] + v2 * H[at(k2 + 1, j)];
            H[at(k2, j)] -= sum * t1;
            H[at(k2 + 1, j)] -= sum * t2;
          }
          for (let j = i1; j <= i; j++) {
            const sum = H[at(j, k2)] + v2 * H[at(j, k2 + 1)];
            H[at(j, k2)] -= sum * t1;
            H[at(j, k2 + 1)] -= sum * t2;
          }
          if (Z)
            for (let j = 0; j < n; j++) {
              const sum = Z[at(k2, j)] + v2 * Z[at(k2 + 1, j)];
              Z[at(k2, j)] -= sum * t1;
              Z[at(k2 + 1, j)] -= sum * t2;
            }
        }
      }
    }
    if (!converged) return false;
    if (l === i) {
      // a 1×1 block
      wr[i] = H[at(i, i)];
      wi[i] = 0;
    } else {
      // a 2×2 block: standardise it, and carry the rotation through T and Z
      const r = standardise2x2(H[at(i - 1, i - 1)], H[at(i - 1, i)], H[at(i, i - 1)], H[at(i, i)]);
      H[at(i - 1, i - 1)] = r.a;
      H[at(i - 1, i)] = r.b;
      H[at(i, i - 1)] = r.c;
      H[at(i, i)] = r.d;
      wr[i - 1] = r.rt1r;
      wi[i - 1] = r.rt1i;
      wr[i] = r.rt2r;
      wi[i] = r.rt2i;
      if (wantT) {
        const { cs, sn } = r;
        for (let j = i + 1; j < n; j++) {
          const x = H[at(i - 1, j)], y = H[at(i, j)];
          H[at(i - 1, j)] = cs * x + sn * y;
          H[at(i, j)] = cs * y - sn * x;
        }
        for (let j = 0; j < i - 1; j++) {
          const x = H[at(j, i - 1)], y = H[at(j, i)];
          H[at(j, i - 1)] = cs * x + sn * y;
          H[at(j, i)] = cs * y - sn * x;
        }
      }
      if (Z) {
        const { cs, sn } = r;
        for (let j = 0; j < n; j++) {
          const x = Z[at(i - 1, j)], y = Z[at(i, j)];
          Z[at(i - 1, j)] = cs * x + sn * y;
          Z[at(i, j)] = cs * y - sn * x;
        }
      }
    }
    i = l - 1;
  }
  return true;
}

const sign = (a: number, b: number) => (b >= 0 || Object.is(b, 0) ? Math.abs(a) : -Math.abs(a));

/**
 * The Schur factorisation of a real 2×2 block (as LAPACK dlanv2): [[a b][c d]] = R·[[a' b'][c' d']]·Rᵀ,
 * R = [[cs −sn][sn cs]], with either c' = 0 (real eigenvalues a', d') or a' = d' and b'·c' < 0
 * (eigenvalues a' ± i√(|b'||c'|), the positive imaginary part first).
 */
export function standardise2x2(a: number, b: number, c: number, d: number) {
  let cs = 1, sn = 0;
  if (c === 0) {
    // already upper triangular
  } else if (b === 0) {
    cs = 0;
    sn = 1;
    const t = d;
    d = a;
    a = t;
    b = -c;
    c = 0;
  } else if (a - d === 0 && sign(1, b) !== sign(1, c)) {
    // already standard
  } else {
    const temp = a - d;
    let p = 0.5 * temp;
    const bcmax = Math.max(Math.abs(b), Math.abs(c));
    const bcmis = Math.min(Math.abs(b), Math.abs(c)) * sign(1, b) * sign(1, c);
    const scale = Math.max(Math.abs(p), bcmax);
    let z = (p / scale) * p + (bcmax / scale) * bcmis;
    if (z >= 4 * EPS) {
      // real eigenvalues
      z = p + sign(Math.sqrt(scale) * Math.sqrt(z), p);
      a = d + z;
      d = d - (bcmax / z) * bcmis;
      const tau = Math.hypot(c, z);
      cs = z / tau;
      sn = c / tau;
      b = b - c;
      c = 0;
    } else {
      // complex or nearly equal real eigenvalues: make the diagonal equal
      const sigma = b + c;
      const tau = Math.hypot(sigma, temp);
      cs = Math.sqrt(0.5 * (1 + Math.abs(sigma) / tau));
      sn = -(p / (tau * cs)) * sign(1, sigma);
      const aa = a * cs + b * sn, bb = -a * sn + b * cs, cc = c * cs + d * sn, dd = -c * sn + d * cs;
      a = aa * cs + cc * sn;
      b = bb * cs + dd * sn;
      c = -aa * sn + cc * cs;
      d = -bb * sn + dd * cs;
      const mid = 0.5 * (a + d);
      a = mid;
      d = mid;
      if (c !== 0) {
        if (b !== 0) {
          if (sign(1, b) === sign(1, c)) {
            // real eigenvalues after all: reduce to upper triangular
            const sab = Math.sqrt(Math.abs(b)), sac = Math.sqrt(Math.abs(c));
            p = sign(sab * sac, c);
            const t = 1 / Math.sqrt(Math.abs(b + c));
            a = mid + p;
            d = mid - p;
            b = b - c;
            c = 0;
            const cs1 = sab * t, sn1 = sac * t;
            const tmp = cs * cs1 - sn * sn1;
            sn = cs * sn1 + sn * cs1;
            cs = tmp;
          }
        } else {
          b = -c;
          c = 0;
          const tmp = cs;
          cs = -sn;
          sn = tmp;
        }
      }
    }
  }
  const rt1i = c === 0 ? 0 : Math.sqrt(Math.abs(b)) * Math.sqrt(Math.abs(c));
  return { a, b, c, d, cs, sn, rt1r: a, rt2r: d, rt1i, rt2i: rt1i === 0 ? 0 : -rt1i };
}
