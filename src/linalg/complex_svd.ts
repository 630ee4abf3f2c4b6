/**
 * @file Float64 complex SVD by one-sided (Hestenes) Jacobi on interleaved (re, im) row-major
 * matrices, and the matrix norms built on it and on sums: A = U·diag(s)·Vᴴ with s descending; for each
 * pair of columns the complex inner product's phase is rotated onto the second column, then a real
 * Jacobi rotation makes them orthogonal. Wide matrices go through Aᴴ.
 */
import { complexCompleteBasis } from "./complex_qr.js";

export interface ComplexSvdResult {
  /** min(m, n) singular values, descending. */
  s: Float64Array;
  /** m×(full ? m : k), interleaved row-major; null when not computed. */
  u: Float64Array | null;
  /** (full ? n : k)×n, interleaved row-major (= Vᴴ); null when not computed. */
  vh: Float64Array | null;
}

/** The conjugate transpose of an interleaved m×n matrix (n×m). */
export function conjTranspose(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(a.length);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) (t[2 * (j * m + i)] = a[2 * (i * n + j)]), (t[2 * (j * m + i) + 1] = -a[2 * (i * n + j) + 1]);
  return t;
}

/**
 * A = U·diag(s)·Vᴴ of the complex m×n `a`. Each right singular vector (row of Vh) has its largest
 * component (first within a relative 1e-8) real and positive, and U's column carries the matching
 * phase. NB: LAPACK (NumPy, JAX) leaves the phases as its algorithm produced them; we fix them so
 * results are deterministic. Non-finite input → NaN.
 * @example
 * complexSvd(Float64Array.of(0, 3, 0, 0, 0, 0, 4, 0), 2, 2).s;    // [4, 3] for [[3i, 0], [0, 4]]
 */
export function complexSvd(a: Float64Array, m: number, n: number, full = false, computeUv = true): ComplexSvdResult {
  if (a.length !== 2 * m * n) throw new RangeError(`svd: ${a.length} numbers do not hold a complex ${m}×${n} matrix (${2 * m * n} numbers)`);
  const k = Math.min(m, n);
  if (m < n) {
    // Aᴴ = U'·S·V'ᴴ  ⇒  A = V'·S·U'ᴴ
    const r = complexSvd(conjTranspose(a, m, n), n, m, full, computeUv);
    if (!computeUv) return r;
    const uc = full ? n : k;
    return { s: r.s, u: conjTranspose(r.vh!, m, m), vh: conjTranspose(r.u!, n, uc) };
  }
  const uCols = full ? m : k;
  if (!a.every(Number.isFinite))
    return { s: new Float64Array(k).fill(NaN), u: computeUv ? new Float64Array(2 * m * uCols).fill(NaN) : null, vh: computeUv ? new Float64Array(2 * n * n).fill(NaN) : null };
  let big = 0;
  for (const x of a) big = Math.max(big, Math.abs(x));
  const scale = big > 0 ? big : 1;
  // columns of A (length m) and of V (length n), interleaved
  const W = Array.from({ length: n }, (_, j) => {
    const c = new Float64Array(2 * m);
    for (let i = 0; i < m; i++) (c[2 * i] = a[2 * (i * n + j)] / scale), (c[2 * i + 1] = a[2 * (i * n + j) + 1] / scale);
    return c;
  });
  const V = computeUv ? Array.from({ length: n }, (_, j) => { const e = new Float64Array(2 * n); e[2 * j] = 1; return e; }) : null;
  complexJacobi(W, V, m, n);
  const norms = W.map((c) => Math.sqrt(sqNorm(c)));
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norms[y] - norms[x]);
  const s = Float64Array.from(order, (j) => norms[j] * scale);
  if (!computeUv) return { s, u: null, vh: null };
  const vh = new Float64Array(2 * n * n);
  const good: Float64Array[] = [];
  order.forEach((j, r) => {
    const v = V![j], w = W[j];
    // phase: make v's largest component real positive; w gets the same phase (A·v = w)
    const [pr, pi] = unitPhaseOfLargest(v);
    rotatePhase(v, pr, -pi);
    rotatePhase(w, pr, -pi);
    // row r of Vh = conj(v)
    for (let i = 0; i < n; i++) (vh[2 * (r * n + i)] = v[2 * i]), (vh[2 * (r * n + i) + 1] = -v[2 * i + 1]);
    if (norms[j] > 0 && norms[j] * 1e300 > 1) {
      const inv = 1 / norms[j];
      for (let i = 0; i < 2 * m; i++) w[i] *= inv;
      good.push(w);
    }
  });
  const ucols = good.length < uCols ? [...good, ...complexCompleteBasis(good, m, uCols - good.length)] : good.slice(0, uCols);
  const u = new Float64Array(2 * m * uCols);
  for (let c = 0; c < uCols; c++) for (let i = 0; i < m; i++) (u[2 * (i * uCols + c)] = ucols[c][2 * i]), (u[2 * (i * uCols + c) + 1] = ucols[c][2 * i + 1]);
  return { s, u, vh };
}

const sqNorm = (c: Float64Array) => {
  let t = 0;
  for (let i = 0; i < c.length; i++) t += c[i] * c[i];
  return t;
};

/** The unit phase (re, im) of the largest-modulus component (first within a relative 1e-8). */
function unitPhaseOfLargest(v: Float64Array): [number, number] {
  let mod = 0;
  for (let i = 0; i < v.length; i += 2) mod = Math.max(mod, Math.hypot(v[i], v[i + 1]));
  if (!(mod > 0)) return [1, 0];
  for (let i = 0; i < v.length; i += 2) {
    const m = Math.hypot(v[i], v[i + 1]);
    if (m >= mod * (1 - 1e-8)) return [v[i] / m, v[i + 1] / m];
  }
  return [1, 0];
}

/** x ← x·(cr + i·ci). */
function rotatePhase(x: Float64Array, cr: number, ci: number): void {
  for (let i = 0; i < x.length; i += 2) {
    const a = x[i], b = x[i + 1];
    x[i] = a * cr - b * ci;
    x[i + 1] = a * ci + b * cr;
  }
}

/**
 * One-sided Jacobi on the n columns W (length m) with V accumulated: for each pair, γ = w_pᴴw_q =
 * |γ|e^{iφ}; w_q ← e^{−iφ}w_q makes γ real, then the real rotation of the real SVD. Converged when
 * every |γ| ≤ tol·‖w_p‖‖w_q‖ (tol = √m·ε); capped sweeps. As the real kernel: the next pair's
 * product is fused into a rotation's pass, and pairs found orthogonal are skipped until rotated.
 */
function complexJacobi(W: Float64Array[], V: Float64Array[] | null, m: number, n: number): void {
  const tol = 2 ** -52 * Math.max(1, Math.sqrt(m));
  const sq = W.map(sqNorm);
  // a pair found orthogonal is not checked again until one of its columns is rotated:
  // changed[j] is the clock of column j's last rotation, checked[p·n + q] when the pair was last found orthogonal
  const changed = new Float64Array(n), checked = new Float64Array(n * n).fill(-1);
  let clock = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const wp = W[p];
      // γ = w_pᴴw_q: from the previous rotation's pass (fused) or a dot product
      let gr = 0, gi = 0, ready = false;
      for (let q = p + 1; q < n; q++) {
        const seen = checked[p * n + q];
        if (seen > changed[p] && seen > changed[q]) {
          ready = false;
          continue;
        }
        const wq = W[q];
        if (!ready) {
          gr = 0;
          gi = 0;
          for (let i = 0; i < 2 * m; i += 2) {
            gr += wp[i] * wq[i] + wp[i + 1] * wq[i + 1];
            gi += wp[i] * wq[i + 1] - wp[i + 1] * wq[i];
          }
        }
        ready = false;
        const g = Math.hypot(gr, gi), alpha = sq[p], beta = sq[q];
        if (g === 0 || g <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) {
          checked[p * n + q] = clock++;
          continue;
        }
        rotated = true;
        changed[p] = changed[q] = clock++;
        // e^{−iφ}, then the real rotation: (p, q) ← (c·p − s·e^{−iφ}q, s·p + c·e^{−iφ}q)
        const er = gr / g, ei = -gi / g;
        const zeta = (beta - alpha) / (2 * g);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.hypot(1, zeta));
        const c = 1 / Math.sqrt(1 + t * t), sn = c * t;
        if (q + 1 < n) {
          // rotate and take the next pair's product with the new w_p in the same pass
          const wr = W[q + 1];
          let hr = 0, hi = 0;
          for (let i = 0; i < 2 * m; i += 2) {
            const yr = wq[i] * er - wq[i + 1] * ei, yi = wq[i] * ei + wq[i + 1] * er;
            const xr = wp[i], xi = wp[i + 1];
            const nr = c * xr - sn * yr, ni = c * xi - sn * yi;
            wp[i] = nr;
            wp[i + 1] = ni;
            wq[i] = sn * xr + c * yr;
            wq[i + 1] = sn * xi + c * yi;
            hr += nr * wr[i] + ni * wr[i + 1];
            hi += nr * wr[i + 1] - ni * wr[i];
          }
          gr = hr;
          gi = hi;
          ready = true;
        } else rotatePair(wp, wq, 2 * m, c, sn, er, ei);
        if (V) rotatePair(V[p], V[q], 2 * n, c, sn, er, ei);
        sq[p] = Math.max(0, alpha - t * g);
        sq[q] = beta + t * g;
      }
    }
    // recompute the squared norms exactly (the updates drift)
    for (let j = 0; j < n; j++) sq[j] = sqNorm(W[j]);
    if (!rotated) return;
  }
}

/** (x, y) ← (c·x − s·e·y, s·x + c·e·y) with e = er + i·ei (interleaved, `len` numbers). */
function rotatePair(x: Float64Array, y: Float64Array, len: number, c: number, sn: number, er: number, ei: number): void {
  for (let i = 0; i < len; i += 2) {
    const yr = y[i] * er - y[i + 1] * ei, yi = y[i] * ei + y[i + 1] * er;
    const xr = x[i], xi = x[i + 1];
    x[i] = c * xr - sn * yr;
    x[i + 1] = c * xi - sn * yi;
    y[i] = sn * xr + c * yr;
    y[i + 1] = sn * xi + c * yi;
  }
}

/**
 * Matrix norm of the complex m×n `a` as numpy.linalg.norm: "fro" (Frobenius), "nuc" (sum of
 * singular values), 2 / −2 (largest / smallest singular value), 1 / −1 (max / min column sum of
 * moduli), Infinity / −Infinity (max / min row sum).
 */
export function complexMatrixNorm(a: Float64Array, m: number, n: number, ord: "fro" | "nuc" | 1 | -1 | 2 | -2 | number = "fro"): number {
  if (a.length !== 2 * m * n) throw new RangeError(`norm: ${a.length} numbers do not hold a complex ${m}×${n} matrix (${2 * m * n} numbers)`);
  if (ord === "fro") {
    let big = 0;
    for (const x of a) big = Math.max(big, Math.abs(x));
    if (!(big > 0) || !Number.isFinite(big)) return big;
    let t = 0;
    for (const x of a) t += (x / big) ** 2;
    return big * Math.sqrt(t);
  }
  if (ord === "nuc" || ord === 2 || ord === -2) {
    const { s } = complexSvd(a, m, n, false, false);
    if (ord === "nuc") return s.reduce((x, y) => x + y, 0);
    if (s.length === 0) throw new RangeError("norm: ord 2 / −2 of an empty matrix is not defined");
    return ord === 2 ? s[0] : s[s.length - 1];
  }
  if (ord === 1 || ord === -1 || ord === Infinity || ord === -Infinity) {
    const byCol = ord === 1 || ord === -1;
    const sums = new Float64Array(byCol ? n : m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) sums[byCol ? j : i] += Math.hypot(a[2 * (i * n + j)], a[2 * (i * n + j) + 1]);
    if (sums.length === 0) throw new RangeError(`norm: ord ${ord} of an empty matrix is not defined`);
    return ord > 0 ? Math.max(...sums) : Math.min(...sums);
  }
  throw new RangeError(`norm: matrix ord must be "fro", "nuc", ±1, ±2 or ±Infinity, got ${String(ord)}`);
}
