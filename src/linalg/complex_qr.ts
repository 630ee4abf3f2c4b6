/**
 * @file Float64 complex Cholesky and Householder QR on interleaved (re, im) row-major matrices.
 * Cholesky: A = L·Lᴴ from the lower triangle, real positive diagonal, all NaN when A is not positive
 * definite (as the real kernel and JAX). QR with LAPACK's conventions (zgeqrf/zlarfg: H = I − τ v vᴴ,
 * Hᴴx = β e₁ with β = −sign(Re x₀)·‖x‖ real), so R's diagonal is real, as numpy.linalg.qr gives.
 */

/**
 * Lower L with A = L·Lᴴ, read from A's lower triangle (the diagonal's imaginary parts ignored, as
 * LAPACK zpotrf). Not positive definite (or NaN) → all NaN.
 */
export function complexCholesky(a: Float64Array, n: number): Float64Array {
  if (a.length !== 2 * n * n) throw new RangeError(`cholesky: ${a.length} numbers do not hold a complex ${n}×${n} matrix (${2 * n * n} numbers)`);
  const l = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      // s = a_ij − Σ_k l_ik·conj(l_jk)
      let sr = a[2 * (i * n + j)], si = i === j ? 0 : a[2 * (i * n + j) + 1];
      for (let k = 0; k < j; k++) {
        const ar = l[2 * (i * n + k)], ai = l[2 * (i * n + k) + 1], br = l[2 * (j * n + k)], bi = l[2 * (j * n + k) + 1];
        sr -= ar * br + ai * bi;
        si -= ai * br - ar * bi;
      }
      if (i === j) {
        if (!(sr > 0)) return l.fill(NaN);
        l[2 * (i * n + i)] = Math.sqrt(sr);
      } else {
        const d = l[2 * (j * n + j)];
        l[2 * (i * n + j)] = sr / d;
        l[2 * (i * n + j) + 1] = si / d;
      }
    }
  }
  return l;
}

/** Column-major factored matrix: columns (interleaved, length m each) with reflectors below the diagonal; τ as (re, im) pairs. */
export interface ComplexHouseholder {
  cols: Float64Array[];
  tau: Float64Array;
  m: number;
  n: number;
}

/** A = H₀ H₁ … H_{k−1}·R, k = min(m, n). */
export function complexHouseholderQR(a: Float64Array, m: number, n: number): ComplexHouseholder {
  if (a.length !== 2 * m * n) throw new RangeError(`qr: ${a.length} numbers do not hold a complex ${m}×${n} matrix (${2 * m * n} numbers)`);
  const cols = Array.from({ length: n }, (_, j) => {
    const c = new Float64Array(2 * m);
    for (let i = 0; i < m; i++) (c[2 * i] = a[2 * (i * n + j)]), (c[2 * i + 1] = a[2 * (i * n + j) + 1]);
    return c;
  });
  const k = Math.min(m, n), tau = new Float64Array(2 * k);
  for (let j = 0; j < k; j++) {
    const v = cols[j];
    const [tr, ti] = makeComplexReflector(v, j, m);
    tau[2 * j] = tr;
    tau[2 * j + 1] = ti;
    // apply Hᴴ = I − conj(τ) v vᴴ to the later columns
    if (tr !== 0 || ti !== 0) for (let c = j + 1; c < n; c++) reflectComplex(v, tr, -ti, cols[c], j, m);
  }
  return { cols, tau, m, n };
}

/**
 * zlarfg on v[j…m): v_j ← β (real), the part below scaled so v_j = 1 implicitly; returns τ as [re, im]
 * ([0, 0] when nothing is below j and v_j is already real: H = I).
 */
export function makeComplexReflector(v: Float64Array, j: number, m: number): [number, number] {
  const ar = v[2 * j], ai = v[2 * j + 1];
  let scale = 0;
  for (let i = j + 1; i < m; i++) scale = Math.max(scale, Math.abs(v[2 * i]), Math.abs(v[2 * i + 1]));
  if (scale === 0 && ai === 0) return [0, 0];
  scale = Math.max(scale, Math.abs(ar), Math.abs(ai));
  let ss = 0;
  for (let i = j; i < m; i++) ss += (v[2 * i] / scale) ** 2 + (v[2 * i + 1] / scale) ** 2;
  const beta = -(ar >= 0 ? 1 : -1) * scale * Math.sqrt(ss);
  // 1/(α − β)
  const dr = ar - beta, di = ai;
  const den = dr * dr + di * di, fr = dr / den, fi = -di / den;
  for (let i = j + 1; i < m; i++) {
    const xr = v[2 * i], xi = v[2 * i + 1];
    v[2 * i] = xr * fr - xi * fi;
    v[2 * i + 1] = xr * fi + xi * fr;
  }
  v[2 * j] = beta;
  v[2 * j + 1] = 0;
  return [(beta - ar) / beta, -ai / beta];
}

/** x ← (I − τ v vᴴ)·x on rows j… (v_j = 1 implicit, v below j); τ = (tr, ti). */
export function reflectComplex(v: Float64Array, tr: number, ti: number, x: Float64Array, j: number, m: number): void {
  // w = vᴴx
  let wr = x[2 * j], wi = x[2 * j + 1];
  for (let i = j + 1; i < m; i++) {
    const vr = v[2 * i], vi = v[2 * i + 1], xr = x[2 * i], xi = x[2 * i + 1];
    wr += vr * xr + vi * xi;
    wi += vr * xi - vi * xr;
  }
  // g = τ·w; x −= g·v
  const gr = tr * wr - ti * wi, gi = tr * wi + ti * wr;
  x[2 * j] -= gr;
  x[2 * j + 1] -= gi;
  for (let i = j + 1; i < m; i++) {
    const vr = v[2 * i], vi = v[2 * i + 1];
    x[2 * i] -= gr * vr - gi * vi;
    x[2 * i + 1] -= gr * vi + gi * vr;
  }
}

/** The first `count` columns of Q = H₀ … H_{k−1} (each interleaved, length m). */
export function complexQColumns(h: ComplexHouseholder, count: number): Float64Array[] {
  const { cols, tau, m } = h;
  const q = Array.from({ length: count }, (_, c) => {
    const e = new Float64Array(2 * m);
    if (c < m) e[2 * c] = 1;
    return e;
  });
  for (let j = tau.length / 2 - 1; j >= 0; j--) {
    const tr = tau[2 * j], ti = tau[2 * j + 1];
    if (tr !== 0 || ti !== 0) for (const x of q) reflectComplex(cols[j], tr, ti, x, j, m);
  }
  return q;
}

/** Q's first `count` columns as an interleaved row-major m×count matrix. */
export function complexFormQ(h: ComplexHouseholder, count: number): Float64Array {
  const q = complexQColumns(h, count), m = h.m;
  const out = new Float64Array(2 * m * count);
  q.forEach((x, c) => {
    for (let i = 0; i < m; i++) (out[2 * (i * count + c)] = x[2 * i]), (out[2 * (i * count + c) + 1] = x[2 * i + 1]);
  });
  return out;
}

/** R (rows × n, interleaved row-major): the upper triangle of the factored matrix. */
export function complexFormR(h: ComplexHouseholder, rows: number): Float64Array {
  const { cols, m, n } = h;
  const r = new Float64Array(2 * rows * n);
  for (let j = 0; j < n; j++)
    for (let i = 0; i <= Math.min(j, rows - 1, m - 1); i++) (r[2 * (i * n + j)] = cols[j][2 * i]), (r[2 * (i * n + j) + 1] = cols[j][2 * i + 1]);
  return r;
}

/**
 * numpy.linalg.qr for a complex m×n matrix: mode "reduced" (Q m×k, R k×n), "complete" (Q m×m, R m×n)
 * or "r" (R only, k×n), k = min(m, n). NaN input → NaN output.
 * @example
 * const { q, r } = complexQR(a, 4, 3);            // q 4×3, r 3×3 (real diagonal), q·r = a
 */
export function complexQR(a: Float64Array, m: number, n: number, mode: "reduced" | "complete" | "r" = "reduced"): { q: Float64Array | null; r: Float64Array } {
  const k = Math.min(m, n);
  if (!a.every(Number.isFinite)) {
    const qc = mode === "complete" ? m : k, rr = mode === "complete" ? m : k;
    return { q: mode === "r" ? null : new Float64Array(2 * m * qc).fill(NaN), r: new Float64Array(2 * rr * n).fill(NaN) };
  }
  const h = complexHouseholderQR(a, m, n);
  if (mode === "r") return { q: null, r: complexFormR(h, k) };
  const c = mode === "complete" ? m : k;
  return { q: complexFormQ(h, c), r: complexFormR(h, c) };
}

/** `count` unit vectors (interleaved, length m) orthogonal to the orthonormal `vs` and each other. */
export function complexCompleteBasis(vs: Float64Array[], m: number, count: number): Float64Array[] {
  const r = vs.length, mat = new Float64Array(2 * m * r);
  vs.forEach((v, j) => {
    for (let i = 0; i < m; i++) (mat[2 * (i * r + j)] = v[2 * i]), (mat[2 * (i * r + j) + 1] = v[2 * i + 1]);
  });
  return complexQColumns(complexHouseholderQR(mat, m, r), r + count).slice(r);
}
