/**
 * @file Float64 eigenvalues and right eigenvectors of a general complex n×n matrix (LAPACK zgeev's
 * pipeline): balancing by powers of two, complex Householder reduction to upper Hessenberg form,
 * the implicit single-shift QR algorithm with Wilkinson shifts (Givens rotations; deflation as
 * Ahues–Tisseur; exceptional shifts; an iteration cap → NaN) to the complex Schur form, eigenvectors
 * by back-substitution on the triangular factor, back-transformed and normalised. Interleaved (re, im)
 * in and out.
 */
import { EigOptions, EigResult, nanEig, normaliseComplexColumn } from "./eig_general.js";
import { cdiv } from "./eig_vectors.js";

const ULP = 2 ** -52;
const SAFMIN = 2 ** -1022;
const cabs1 = (re: number, im: number) => Math.abs(re) + Math.abs(im);

/** Complex square root (principal branch). */
function csqrt(re: number, im: number): [number, number] {
  if (re === 0 && im === 0) return [0, im];
  const m = Math.hypot(re, im);
  if (re >= 0) {
    const t = Math.sqrt(0.5 * (m + re));
    return [t, im / (2 * t)];
  }
  const t = Math.sqrt(0.5 * (m - re));
  return [Math.abs(im) / (2 * t), im >= 0 || Object.is(im, 0) ? t : -t];
}

/**
 * Eigen-decomposition A·V = V·diag(w) of the row-major n×n complex `a` (interleaved). Eigenvectors
 * unit 2-norm with their largest component real and positive (see eigGeneral). `real` is false.
 * @example
 * eigComplex(Float64Array.of(1, 1, 2, 0, 0, 0, -1, 2), 2).w;   // [1, 1, −1, 2]: the diagonal of a triangular matrix
 */
export function eigComplex(a: Float64Array, n: number, opts: EigOptions = {}): EigResult {
  const vectors = opts.vectors ?? true, balance = opts.balance ?? true;
  if (a.length !== 2 * n * n) throw new RangeError(`eig: ${a.length} numbers do not hold a complex ${n}×${n} matrix (${2 * n * n} numbers)`);
  if (!a.every(Number.isFinite)) return nanEig(n, vectors);
  const Hr = new Float64Array(n * n), Hi = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) (Hr[k] = a[2 * k]), (Hi[k] = a[2 * k + 1]);
  // far from 1 in magnitude: scaled by a power of two (σ), eigenvalues scaled back
  const sigma = rangeScaleComplex(Hr, Hi);
  const d = balance ? balanceComplex(Hr, Hi, n) : new Float64Array(n).fill(1);
  const Z = complexHessenberg(Hr, Hi, n, vectors);
  const w = new Float64Array(2 * n);
  if (!singleShiftQR(Hr, Hi, Z, n, w, vectors, opts.maxIterations ?? 30 * Math.max(10, n))) return nanEig(n, vectors);
  if (sigma !== 1) for (let k = 0; k < 2 * n; k++) w[k] *= sigma;
  if (!vectors) return { w, v: null, real: false };
  const v = new Float64Array(2 * n * n);
  const xr = new Float64Array(n), xi = new Float64Array(n), cr = new Float64Array(n), ci = new Float64Array(n);
  let tnorm = 0;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) tnorm = Math.max(tnorm, cabs1(Hr[i * n + j], Hi[i * n + j]));
  const smin0 = Math.max(ULP * tnorm, SAFMIN * (n / ULP));
  for (let j = 0; j < n; j++) {
    // (T − λ_j)·x = 0 with x_j = 1, x_k = 0 below, solved upwards
    xr.fill(0);
    xi.fill(0);
    xr[j] = 1;
    const lr = Hr[j * n + j], li = Hi[j * n + j];
    const smin = Math.max(ULP * cabs1(lr, li), smin0);
    for (let k = j - 1; k >= 0; k--) {
      let sr = 0, si = 0;
      const row = k * n;
      for (let c = k + 1; c <= j; c++) {
        const tr = Hr[row + c], ti = Hi[row + c];
        sr += tr * xr[c] - ti * xi[c];
        si += tr * xi[c] + ti * xr[c];
      }
      let pr = Hr[row + k] - lr, pi = Hi[row + k] - li;
      if (cabs1(pr, pi) < smin) (pr = smin), (pi = 0);
      [xr[k], xi[k]] = cdiv(-sr, -si, pr, pi);
      const big = cabs1(xr[k], xi[k]);
      if (big > 2 ** 500) for (let c = k; c <= j; c++) (xr[c] /= big), (xi[c] /= big);
    }
    // v_j = D·Z·x, Z stored transposed (row k of the arrays is column k of Z)
    cr.fill(0);
    ci.fill(0);
    for (let k = 0; k <= j; k++) {
      const a = xr[k], b = xi[k], zk = k * n, Zr = Z!.re, Zi = Z!.im;
      if (a === 0 && b === 0) continue;
      for (let i = 0; i < n; i++) {
        const zr = Zr[zk + i], zi = Zi[zk + i];
        cr[i] += zr * a - zi * b;
        ci[i] += zr * b + zi * a;
      }
    }
    for (let i = 0; i < n; i++) (cr[i] *= d[i]), (ci[i] *= d[i]);
    normaliseComplexColumn(cr, ci);
    for (let i = 0; i < n; i++) {
      v[2 * (i * n + j)] = cr[i];
      v[2 * (i * n + j) + 1] = ci[i];
    }
  }
  return { w, v, real: false };
}

/** As rangeScale (eig_general.ts) on the real and imaginary parts together; returns σ. */
function rangeScaleComplex(re: Float64Array, im: Float64Array): number {
  let big = 0;
  for (let i = 0; i < re.length; i++) big = Math.max(big, Math.abs(re[i]), Math.abs(im[i]));
  if (big === 0 || (big < 2 ** 400 && big > 2 ** -400)) return 1;
  const sigma = 2 ** Math.floor(Math.log2(big));
  for (let i = 0; i < re.length; i++) (re[i] /= sigma), (im[i] /= sigma);
  return sigma;
}

/** Eigenvalues only (interleaved). */
export function eigvalsComplex(a: Float64Array, n: number, balance = true): Float64Array {
  return eigComplex(a, n, { vectors: false, balance }).w;
}

/** Balancing by powers of two (as zgebal's scaling, without permutations): A ← D⁻¹AD; returns D. */
function balanceComplex(Ar: Float64Array, Ai: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n).fill(1);
  let noconv = true;
  for (let sweep = 0; noconv && sweep < 100; sweep++) {
    noconv = false;
    for (let i = 0; i < n; i++) {
      let c = 0, r = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += Ar[j * n + i] ** 2 + Ai[j * n + i] ** 2;
        r += Ar[i * n + j] ** 2 + Ai[i * n + j] ** 2;
      }
      c = Math.sqrt(c);
      r = Math.sqrt(r);
      if (c === 0 || r === 0) continue;
      let g = r / 2, f = 1;
      const s = c + r;
      while (c < g && f < 2 ** 500) (f *= 2), (c *= 2), (r /= 2), (g /= 2);
      g = c / 2;
      while (g >= r && f > 2 ** -500) (f /= 2), (c /= 2), (r *= 2), (g /= 2);
      if (c + r >= 0.95 * s) continue;
      noconv = true;
      d[i] *= f;
      for (let j = 0; j < n; j++) (Ar[i * n + j] /= f), (Ai[i * n + j] /= f);
      for (let j = 0; j < n; j++) (Ar[j * n + i] *= f), (Ai[j * n + i] *= f);
    }
  }
  return d;
}

/**
 * Complex Householder reduction to upper Hessenberg form in place (Qᴴ·A·Q, reflectors as LAPACK's
 * zlarfg: H = I − τ v vᴴ with Hᴴx = β e₁, β real). Returns Q when `wantQ`, stored transposed (not
 * conjugated): row c of the arrays is column c of Q.
 */
function complexHessenberg(Ar: Float64Array, Ai: Float64Array, n: number, wantQ: boolean): { re: Float64Array; im: Float64Array } | null {
  const refl: { vr: Float64Array; vi: Float64Array; tr: number; ti: number }[] = [];
  const wr = new Float64Array(n), wi = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const vr = new Float64Array(n), vi = new Float64Array(n);
    const h = makeComplexReflector(Ar, Ai, n, k, vr, vi);
    refl.push(h);
    if (h.tr === 0 && h.ti === 0) continue;
    // left: A ← Hᴴ A = A − conj(τ)·v·(vᴴA) on rows k+1…, columns k+1… (column k is (β, 0, …) already)
    wr.fill(0, k, n);
    wi.fill(0, k, n);
    for (let i = k + 1; i < n; i++) {
      const a = vr[i], b = -vi[i], row = i * n; // conj(v_i)
      for (let j = k + 1; j < n; j++) {
        wr[j] += a * Ar[row + j] - b * Ai[row + j];
        wi[j] += a * Ai[row + j] + b * Ar[row + j];
      }
    }
    for (let i = k + 1; i < n; i++) {
      // f = conj(τ)·v_i
      const fr = h.tr * vr[i] + h.ti * vi[i], fi = h.tr * vi[i] - h.ti * vr[i], row = i * n;
      for (let j = k + 1; j < n; j++) {
        Ar[row + j] -= fr * wr[j] - fi * wi[j];
        Ai[row + j] -= fr * wi[j] + fi * wr[j];
      }
    }
    // right: A ← A H = A − τ·(A v)·vᴴ on all rows, columns k+1…
    for (let i = 0; i < n; i++) {
      const row = i * n;
      let sr = 0, si = 0;
      for (let j = k + 1; j < n; j++) {
        sr += Ar[row + j] * vr[j] - Ai[row + j] * vi[j];
        si += Ar[row + j] * vi[j] + Ai[row + j] * vr[j];
      }
      const gr = sr * h.tr - si * h.ti, gi = sr * h.ti + si * h.tr;
      if (gr === 0 && gi === 0) continue;
      for (let j = k + 1; j < n; j++) {
        // −= g·conj(v_j)
        Ar[row + j] -= gr * vr[j] + gi * vi[j];
        Ai[row + j] -= gi * vr[j] - gr * vi[j];
      }
    }
    for (let i = k + 2; i < n; i++) Ar[i * n + k] = Ai[i * n + k] = 0;
  }
  if (!wantQ) return null;
  // Q = H₀ H₁ ⋯, applied to I from the last reflector: Q ← H_k·Q = Q − τ v (vᴴ Q)
  const Qr = new Float64Array(n * n), Qi = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Qr[i * n + i] = 1;
  for (let k = refl.length - 1; k >= 0; k--) {
    const { vr, vi, tr, ti } = refl[k];
    if (tr === 0 && ti === 0) continue;
    wr.fill(0, k + 1, n);
    wi.fill(0, k + 1, n);
    for (let i = k + 1; i < n; i++) {
      const a = vr[i], b = -vi[i], row = i * n;
      for (let j = k + 1; j < n; j++) {
        wr[j] += a * Qr[row + j] - b * Qi[row + j];
        wi[j] += a * Qi[row + j] + b * Qr[row + j];
      }
    }
    for (let i = k + 1; i < n; i++) {
      const fr = tr * vr[i] - ti * vi[i], fi = tr * vi[i] + ti * vr[i], row = i * n;
      for (let j = k + 1; j < n; j++) {
        Qr[row + j] -= fr * wr[j] - fi * wi[j];
        Qi[row + j] -= fr * wi[j] + fi * wr[j];
      }
    }
  }
  // stored transposed (row c = column c of Q): the QR sweeps then update contiguous rows
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      let t = Qr[i * n + j];
      Qr[i * n + j] = Qr[j * n + i];
      Qr[j * n + i] = t;
      t = Qi[i * n + j];
      Qi[i * n + j] = Qi[j * n + i];
      Qi[j * n + i] = t;
    }
  return { re: Qr, im: Qi };
}

/**
 * The reflector for x = A[k+1…][k] (zlarfg): v (v[k+1] = 1), τ; writes β to A[k+1][k].
 * τ = 0 when x is already (real α, 0, …).
 */
function makeComplexReflector(Ar: Float64Array, Ai: Float64Array, n: number, k: number, vr: Float64Array, vi: Float64Array) {
  const ar = Ar[(k + 1) * n + k], ai = Ai[(k + 1) * n + k];
  let scale = 0;
  for (let i = k + 2; i < n; i++) scale = Math.max(scale, Math.abs(Ar[i * n + k]), Math.abs(Ai[i * n + k]));
  if (scale === 0 && ai === 0) return { vr, vi, tr: 0, ti: 0 };
  scale = Math.max(scale, Math.abs(ar), Math.abs(ai));
  let ss = 0;
  for (let i = k + 1; i < n; i++) ss += (Ar[i * n + k] / scale) ** 2 + (Ai[i * n + k] / scale) ** 2;
  const beta = -(ar >= 0 ? 1 : -1) * scale * Math.sqrt(ss);
  const tr = (beta - ar) / beta, ti = -ai / beta;
  // v = x / (α − β)
  const [fr, fi] = cdiv(1, 0, ar - beta, ai);
  vr[k + 1] = 1;
  for (let i = k + 2; i < n; i++) {
    const xr = Ar[i * n + k], xi = Ai[i * n + k];
    vr[i] = xr * fr - xi * fi;
    vi[i] = xr * fi + xi * fr;
  }
  Ar[(k + 1) * n + k] = beta;
  Ai[(k + 1) * n + k] = 0;
  return { vr, vi, tr, ti };
}

/**
 * Single-shift QR on the complex Hessenberg H (in place → upper triangular T when `wantT`), with
 * rotations accumulated into Z. Eigenvalues (the diagonal) into w, interleaved. False on no convergence.
 */
function singleShiftQR(Hr: Float64Array, Hi: Float64Array, Z: { re: Float64Array; im: Float64Array } | null, n: number, w: Float64Array, wantT: boolean, itmax: number): boolean {
  const at = (i: number, j: number) => i * n + j;
  const smlnum = SAFMIN * (n / ULP);
  let i = n - 1;
  while (i >= 0) {
    let l = 0, converged = false;
    for (let its = 0; its <= itmax; its++) {
      let k = i;
      for (; k > l; k--) {
        const hk = cabs1(Hr[at(k, k - 1)], Hi[at(k, k - 1)]);
        if (hk <= smlnum) break;
        let tst = cabs1(Hr[at(k - 1, k - 1)], Hi[at(k - 1, k - 1)]) + cabs1(Hr[at(k, k)], Hi[at(k, k)]);
        if (tst === 0) {
          if (k - 2 >= l) tst += Math.abs(Hr[at(k - 1, k - 2)]);
          if (k + 1 <= i) tst += Math.abs(Hr[at(k + 1, k)]);
        }
        if (hk <= ULP * tst) {
          const hu = cabs1(Hr[at(k - 1, k)], Hi[at(k - 1, k)]);
          const ab = Math.max(hk, hu), ba = Math.min(hk, hu);
          const hkk = cabs1(Hr[at(k, k)], Hi[at(k, k)]);
          const dd = cabs1(Hr[at(k - 1, k - 1)] - Hr[at(k, k)], Hi[at(k - 1, k - 1)] - Hi[at(k, k)]);
          const aa = Math.max(hkk, dd), bb = Math.min(hkk, dd), s = aa + ab;
          if (ba * (ab / s) <= Math.max(smlnum, ULP * (bb * (aa / s)))) break;
        }
      }
      l = k;
      if (l > 0) Hr[at(l, l - 1)] = Hi[at(l, l - 1)] = 0;
      if (l >= i) {
        converged = true;
        break;
      }
      // the shift: Wilkinson's (eigenvalue of the trailing 2×2 closer to H[i][i]), exceptional at 10 and 20
      let tr: number, ti: number;
      if (its === 10) {
        tr = 0.75 * Math.abs(Hr[at(l + 1, l)]) + Hr[at(l, l)];
        ti = Hi[at(l, l)];
      } else if (its === 20) {
        tr = 0.75 * Math.abs(Hr[at(i, i - 1)]) + Hr[at(i, i)];
        ti = Hi[at(i, i)];
      } else {
        tr = Hr[at(i, i)];
        ti = Hi[at(i, i)];
        // u = √H[i−1][i]·√H[i][i−1]
        const [p1r, p1i] = csqrt(Hr[at(i - 1, i)], Hi[at(i - 1, i)]), [p2r, p2i] = csqrt(Hr[at(i, i - 1)], Hi[at(i, i - 1)]);
        const ur = p1r * p2r - p1i * p2i, ui = p1r * p2i + p1i * p2r;
        let s = cabs1(ur, ui);
        if (s !== 0) {
          const xr = 0.5 * (Hr[at(i - 1, i - 1)] - tr), xi = 0.5 * (Hi[at(i - 1, i - 1)] - ti);
          const sx = cabs1(xr, xi);
          s = Math.max(s, sx);
          // y = s·√((x/s)² + (u/s)²)
          const a = xr / s, b = xi / s, c = ur / s, dd = ui / s;
          const [qr, qi] = csqrt(a * a - b * b + c * c - dd * dd, 2 * a * b + 2 * c * dd);
          let yr = s * qr, yi = s * qi;
          if (sx > 0 && (xr / sx) * yr + (xi / sx) * yi < 0) (yr = -yr), (yi = -yi);
          // t −= u·(u/(x + y))
          const [er, ei] = cdiv(ur, ui, xr + yr, xi + yi);
          tr -= ur * er - ui * ei;
          ti -= ur * ei + ui * er;
        }
      }
      // chase the bulge from l with Givens rotations
      const i1 = wantT ? 0 : l, i2 = wantT ? n - 1 : i;
      for (let k2 = l; k2 < i; k2++) {
        let xr: number, xi: number, yr: number, yi: number;
        if (k2 === l) {
          xr = Hr[at(l, l)] - tr;
          xi = Hi[at(l, l)] - ti;
          yr = Hr[at(l + 1, l)];
          yi = Hi[at(l + 1, l)];
        } else {
          xr = Hr[at(k2, k2 - 1)];
          xi = Hi[at(k2, k2 - 1)];
          yr = Hr[at(k2 + 1, k2 - 1)];
          yi = Hi[at(k2 + 1, k2 - 1)];
        }
        const g = givens(xr, xi, yr, yi);
        if (k2 > l) {
          Hr[at(k2, k2 - 1)] = g.rr;
          Hi[at(k2, k2 - 1)] = g.ri;
          Hr[at(k2 + 1, k2 - 1)] = Hi[at(k2 + 1, k2 - 1)] = 0;
        }
        const { c, sr, si } = g;
        // rows k2, k2+1: [p; q] ← [c s; −conj(s) c]·[p; q]
        for (let j = k2 > l ? k2 : l; j <= i2; j++) {
          const pr = Hr[at(k2, j)], pi = Hi[at(k2, j)], qr = Hr[at(k2 + 1, j)], qi = Hi[at(k2 + 1, j)];
          Hr[at(k2, j)] = c * pr + sr * qr - si * qi;
          Hi[at(k2, j)] = c * pi + sr * qi + si * qr;
          Hr[at(k2 + 1, j)] = c * qr - (sr * pr + si * pi);
          Hi[at(k2 + 1, j)] = c * qi - (sr * pi - si * pr);
        }
        // columns k2, k2+1: (p, q) ← (c·p + conj(s)·q, −s·p + c·q)
        const rot = (Mr: Float64Array, Mi: Float64Array, from: number, to: number) => {
          for (let j = from; j <= to; j++) {
            const pr = Mr[at(j, k2)], pi = Mi[at(j, k2)], qr = Mr[at(j, k2 + 1)], qi = Mi[at(j, k2 + 1)];
            Mr[at(j, k2)] = c * pr + sr * qr + si * qi;
            Mi[at(j, k2)] = c * pi + sr * qi - si * qr;
            Mr[at(j, k2 + 1)] = c * qr - (sr * pr - si * pi);
            Mi[at(j, k2 + 1)] = c * qi - (sr * pi + si * pr);
          }
        };
        rot(Hr, Hi, i1, Math.min(k2 + 2, i));
        if (Z) {
          // Z is stored transposed: its columns k2, k2+1 are the contiguous rows k2, k2+1
          const Zr = Z.re, Zi = Z.im, p0 = k2 * n, q0 = p0 + n;
          for (let j = 0; j < n; j++) {
            const pr = Zr[p0 + j], pi = Zi[p0 + j], qr = Zr[q0 + j], qi = Zi[q0 + j];
            Zr[p0 + j] = c * pr + sr * qr + si * qi;
            Zi[p0 + j] = c * pi + sr * qi - si * qr;
            Zr[q0 + j] = c * qr - (sr * pr - si * pi);
            Zi[q0 + j] = c * qi - (sr * pi + si * pr);
          }
        }
      }
    }
    if (!converged) return false;
    w[2 * i] = Hr[at(i, i)];
    w[2 * i + 1] = Hi[at(i, i)];
    i -= 1;
  }
  return true;
}

/** Complex Givens rotation (c real, s complex) with [c s; −conj(s) c]·[x; y] = [r; 0]. */
export function givens(xr: number, xi: number, yr: number, yi: number): { c: number; sr: number; si: number; rr: number; ri: number } {
  if (yr === 0 && yi === 0) return { c: 1, sr: 0, si: 0, rr: xr, ri: xi };
  const ax = Math.hypot(xr, xi), ay = Math.hypot(yr, yi);
  if (ax === 0) return { c: 0, sr: yr / ay, si: -yi / ay, rr: ay, ri: 0 };
  const norm = Math.hypot(ax, ay), ur = xr / ax, ui = xi / ax; // x/|x|
  // s = (x/|x|)·conj(y)/norm, r = (x/|x|)·norm
  return { c: ax / norm, sr: (ur * yr + ui * yi) / norm, si: (ui * yr - ur * yi) / norm, rr: ur * norm, ri: ui * norm };
}
