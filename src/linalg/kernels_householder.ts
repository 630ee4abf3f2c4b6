/**
 * @file Float64 Householder QR of one row-major m×n matrix with LAPACK's conventions (dgeqrf/dlarfg:
 * R's diagonal is −sign(pivot)·‖column‖, as NumPy's and JAX's), forming Q and R, and completing an
 * orthonormal set of vectors to a basis. Columns are stored contiguously while factoring.
 */

/** Column-major factored matrix: reflectors below the diagonal (v₀ = 1 implicit), R on and above; scalars `tau`. */
export interface Householder {
  /** cols[j] is column j (length m). */
  cols: Float64Array[];
  tau: Float64Array;
  m: number;
  n: number;
}

/** A = H₀ H₁ … H_{k−1} R with H_j = I − τ_j v_j v_jᵀ, k = min(m, n). */
export function householderQR(a: Float64Array, m: number, n: number): Householder {
  const cols = Array.from({ length: n }, (_, j) => Float64Array.from({ length: m }, (_, i) => a[i * n + j]));
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const v = cols[j];
    const t = (tau[j] = makeReflector(v, j, m));
    if (t !== 0) for (let c = j + 1; c < n; c++) reflect(v, t, cols[c], j, m);
  }
  return { cols, tau, m, n };
}

/**
 * Make v[j…m) a Householder reflector in place (LAPACK's dlarfg): v_j ← β, the part below scaled so
 * that v_j = 1 implicitly; returns τ, or 0 when v is already zero below j (H = I).
 */
export function makeReflector(v: Float64Array, j: number, m: number): number {
  const xnorm = norm2(v, j + 1, m);
  if (xnorm === 0) return 0;
  const alpha = v[j];
  const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
  const f = 1 / (alpha - beta);
  for (let i = j + 1; i < m; i++) v[i] *= f;
  v[j] = beta;
  return (beta - alpha) / beta;
}

/** ‖x[from:to]‖₂ without overflow or underflow. */
export function norm2(x: Float64Array, from: number, to: number): number {
  let scale = 0;
  for (let i = from; i < to; i++) scale = Math.max(scale, Math.abs(x[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let ss = 0;
  const inv = 1 / scale;
  for (let i = from; i < to; i++) {
    const y = x[i] * inv;
    ss += y * y;
  }
  return scale * Math.sqrt(ss);
}

/** x ← (I − τ v vᵀ) x on rows j… (v_j = 1 implicit, v below j). */
export function reflect(v: Float64Array, tau: number, x: Float64Array, j: number, m: number): void {
  let w = x[j];
  for (let i = j + 1; i < m; i++) w += v[i] * x[i];
  w *= tau;
  x[j] -= w;
  for (let i = j + 1; i < m; i++) x[i] -= w * v[i];
}

/** The first `count` columns of Q = H₀ … H_{k−1}, each of length m. */
export function formQColumns(h: Householder, count: number): Float64Array[] {
  const { cols, tau, m } = h;
  const q = Array.from({ length: count }, (_, c) => {
    const e = new Float64Array(m);
    if (c < m) e[c] = 1;
    return e;
  });
  for (let j = tau.length - 1; j >= 0; j--) if (tau[j] !== 0) for (const x of q) reflect(cols[j], tau[j], x, j, m);
  return q;
}

/** The first `count` columns of Q as a row-major m×count matrix. */
export function formQ(h: Householder, count: number): Float64Array {
  const q = formQColumns(h, count), m = h.m;
  const out = new Float64Array(m * count);
  q.forEach((x, c) => x.forEach((v, i) => (out[i * count + c] = v)));
  return out;
}

/** R (rows × n, row-major): the upper triangle of the factored matrix, zero below. */
export function formR(h: Householder, rows: number): Float64Array {
  const { cols, m, n } = h;
  const r = new Float64Array(rows * n);
  for (let j = 0; j < n; j++) for (let i = 0; i <= Math.min(j, rows - 1, m - 1); i++) r[i * n + j] = cols[j][i];
  return r;
}

/** `count` unit vectors of length m orthogonal to the orthonormal `vs` and to each other (from a QR of [vs]). */
export function completeBasis(vs: Float64Array[], m: number, count: number): Float64Array[] {
  const r = vs.length;
  const mat = new Float64Array(m * r);
  vs.forEach((v, j) => v.forEach((x, i) => (mat[i * r + j] = x)));
  return formQColumns(householderQR(mat, m, r), r + count).slice(r);
}
