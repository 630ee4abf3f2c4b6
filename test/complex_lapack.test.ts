/**
 * @file The complex linear-algebra host kernels (src/linalg/complex_*.ts) on interleaved float64:
 * NumPy's values (computed offline, embedded) for solve, inv, det, slogdet, cholesky, qr (Q and R
 * exactly as LAPACK), eigh, svd and norms; identities on seeded random matrices (A·inv(A) = I,
 * L·Lᴴ = A, Q·R = A with QᴴQ = I, A·V = V·Λ, U·S·Vᴴ = A, det = Π λ), phase conventions, singular and
 * rank-deficient inputs, sizes 0 and 1, NaN input, triangular solves with every op, the adjugate,
 * and errors.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { complexDet, complexInv, complexLU, complexSlogdet, complexSolve } from "../src/linalg/complex_lu.js";
import { complexCholesky, complexQR } from "../src/linalg/complex_qr.js";
import { hermitianEigen } from "../src/linalg/complex_eigh.js";
import { complexMatrixNorm, complexSvd, conjTranspose } from "../src/linalg/complex_svd.js";
import { eigvalsComplex } from "../src/linalg/eig_complex.js";
import { complexTriangularSolve } from "../src/linalg/complex_triangular.js";
import { complexAdjugate } from "../src/linalg/complex_adjugate.js";
import { seededRandom } from "../src/numeric/check.js";

const rand = (len: number, seed: number) => {
  const r = seededRandom(seed);
  return Float64Array.from({ length: len }, () => 2 * r() - 1);
};
/** Interleaved complex product of m×k and k×n. */
function mm(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(2 * m * n);
  for (let i = 0; i < m; i++)
    for (let l = 0; l < k; l++) {
      const ar = a[2 * (i * k + l)], ai = a[2 * (i * k + l) + 1];
      for (let j = 0; j < n; j++) {
        const br = b[2 * (l * n + j)], bi = b[2 * (l * n + j) + 1];
        c[2 * (i * n + j)] += ar * br - ai * bi;
        c[2 * (i * n + j) + 1] += ar * bi + ai * br;
      }
    }
  return c;
}
const eye = (n: number) => {
  const e = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) e[2 * (i * n + i)] = 1;
  return e;
};
const maxAbs = (x: ArrayLike<number>) => Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
function near(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths ${a.length} vs ${b.length}`);
  const scale = Math.max(1, maxAbs(b));
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * scale || (Number.isNaN(a[i]) && Number.isNaN(b[i])), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}
/** A random Hermitian positive-definite n×n matrix B·Bᴴ + n·I. */
function hpd(n: number, seed: number): Float64Array {
  const b = rand(2 * n * n, seed);
  const h = mm(b, conjTranspose(b, n, n), n, n, n);
  for (let i = 0; i < n; i++) h[2 * (i * n + i)] += n;
  return h;
}
/** Columns of x (m×c) orthonormal: xᴴx = I. */
function unitary(x: Float64Array, m: number, c: number, tol: number, what: string): void {
  near(mm(conjTranspose(x, m, c), x, c, m, c), eye(c), tol, what);
}
/** diag(s) (k×k, complex interleaved). */
const diag = (s: ArrayLike<number>) => {
  const k = s.length, d = new Float64Array(2 * k * k);
  for (let i = 0; i < k; i++) d[2 * (i * k + i)] = s[i];
  return d;
};

const C = Float64Array.of(2.0, 1.0, -1.0, 0.5, 0.3, 0.0, 0.0, 1.0, 3.0, -1.0, 1.0, 1.0, -0.5, 2.0, 0.2, 0.0, 1.0, -0.7);
const B = Float64Array.of(1.0, 0.0, 0.0, 2.0, 0.5, -1.0, 0.0, 0.0, 3.0, 0.0, 1.0, 1.0);
const H = Float64Array.of(7.34, 0.0, -2.2, -1.8, 1.1, -4.19, -2.2, 1.8, 14.0, 0.0, 2.9000000000000004, 1.0, 1.1, 4.19, 2.9000000000000004, -1.0, 6.78, 0.0);
const M = Float64Array.of(1.0, 1.0, 2.0, 0.0, 0.0, 3.0, 4.0, -1.0, 5.0, 0.0, 6.0, 0.0, 7.0, 0.0, 0.0, 8.0, 10.0, 0.0, 0.5, 0.0, -0.0, -1.0, 2.0, -2.0);

describe("NumPy reference values (embedded)", () => {
  test("solve, inv, det, slogdet of a 3×3 complex matrix", () => {
    near(complexSolve(C, B, 3, 2), [-0.09541780579345242, -0.5844754535132438, 0.17812191832411836, 0.3021606880166763, 0.18792715500524498, -0.9082037333985893, 0.521742986056583, -0.550524470716467, 1.133951487932038, 0.8740046730624275, 0.64132534022263, 1.3538691396592357], 1e-15, "solve");
    near(complexInv(C, 3), [0.2786494479152226, -0.09070545506793788, 0.09822635784567668, -0.03553963319322377, -0.1292135998127632, -0.12592460800100577, -0.2088173043625165, -0.12357853534347232, 0.21240937733098875, 0.07799569063496063, 0.07084802668910214, -0.2037378886805362, 0.27129692355788093, -0.38802806980520305, 0.06471624587963973, -0.1845202982992096, 0.33827224657784893, 0.473003045965625], 1e-15, "inv");
    near(complexDet(C, 3), [10.299999999999995, -8.489999999999997], 1e-15, "det");
    const sl = complexSlogdet(C, 3);
    near(sl.sign, [0.771649026866755, -0.6360485668057039], 1e-15, "sign");
    near([sl.logAbsDet], [2.5913693559787183], 1e-15, "logabsdet");
  });
  test("cholesky of a Hermitian positive-definite matrix (lower, real diagonal)", () => {
    near(complexCholesky(H, 3), [2.7092434368288134, 0.0, 0.0, 0.0, 0.0, 0.0, -0.8120348175781185, 0.664392123473006, 3.5915432005348205, 0.0, 0.0, 0.0, 0.40601740878905923, 1.546557220751053, 0.6131569950722945, 0.14634741938807927, 1.9559988647581985, 0.0], 1e-15, "L");
  });
  test("eigh: eigenvalues ascending; eigenvectors NumPy's up to a unit phase", () => {
    const { w, v } = hermitianEigen(H, 3);
    near(w, [2.438108544480381, 8.801635615947031, 16.880255839572587], 1e-15, "w");
    const numpyV = [0.6662152394106302, 0.0, -0.6224699441572968, 0.0, 0.41071696263710433, 0.0, 0.13967917124734763, 0.08877749611794984, -0.17023607800636323, 0.5278065039669224, -0.48457515171891874, 0.6559231507993101, -0.2825229208637935, -0.6700345806496175, -0.32181618472317414, -0.44878222334029444, -0.029460256751014158, 0.4066883480706179];
    for (let j = 0; j < 3; j++) {
      let re = 0, im = 0;
      for (let i = 0; i < 3; i++) {
        const ar = v![2 * (i * 3 + j)], ai = v![2 * (i * 3 + j) + 1], br = numpyV[2 * (i * 3 + j)], bi = numpyV[2 * (i * 3 + j) + 1];
        (re += ar * br + ai * bi), (im += ar * bi - ai * br);
      }
      assert.ok(Math.abs(Math.hypot(re, im) - 1) < 1e-14, `column ${j}`);
    }
  });
  test("qr of a 4×3 complex matrix: Q and R exactly as LAPACK (R's diagonal real), reduced and complete", () => {
    const { q, r } = complexQR(M, 4, 3);
    near(q!, [-0.12104550653376056, -0.12104550653376049, -0.4180447838154905, 0.19452372888524233, 0.42124533505113965, -0.21144318265990117, -0.484182026135042, 0.12104550653376049, -0.47060243727206186, 0.5122860934617568, 0.05600907656083158, 0.11059117027934742, -0.8473185457363236, 1.0546118968485538e-17, 0.37213235091089863, -0.32984458376193293, -0.023473867756068023, -0.038813933310945486, -0.06052275326688025, 6.593826040142834e-19, 0.026580882207921337, 0.2356032741156664, -0.3178604281254796, 0.8120245864188739], 1e-15, "Q");
    near(r, [-8.261355820929152, 0.0, -2.663001143742731, -7.081162132224989, -11.86245964030853, -0.968364052270084, 0.0, 0.0, -6.063461698202419, 0.0, 1.063235288316852, -1.5537733872448587, 0.0, 0.0, 0.0, 0.0, -2.7927837952641017, 0.0], 1e-15, "R");
    for (let i = 0; i < 3; i++) assert.equal(r[2 * (i * 3 + i) + 1], 0, "real diagonal");
    const full = complexQR(M, 4, 3, "complete");
    near(full.q!, [-0.12104550653376056, -0.12104550653376049, -0.4180447838154905, 0.19452372888524233, 0.42124533505113965, -0.21144318265990117, 0.252390948887303, 0.6871957548219307, -0.484182026135042, 0.12104550653376049, -0.47060243727206186, 0.5122860934617568, 0.05600907656083158, 0.11059117027934742, -0.3366138101634921, -0.37193517526754877, -0.8473185457363236, 1.0546118968485538e-17, 0.37213235091089863, -0.32984458376193293, -0.023473867756068023, -0.038813933310945486, -0.018882620151795815, 0.1798812074382261, -0.06052275326688025, 6.593826040142834e-19, 0.026580882207921337, 0.2356032741156664, -0.3178604281254796, 0.8120245864188739, 0.3342234054795145, 0.26076250646295546], 1e-15, "complete Q");
    assert.equal(full.r.length, 2 * 4 * 3);
    const ronly = complexQR(M, 4, 3, "r");
    assert.equal(ronly.q, null);
    near(ronly.r, r, 0, "mode r");
  });
  test("svd singular values and the matrix norms of the 4×3 matrix", () => {
    near(complexSvd(M, 4, 3).s, [16.542091305057397, 6.309735662350073, 1.3403175468568016], 1e-15, "s");
    near(complexSvd(conjTranspose(M, 4, 3), 3, 4).s, [16.542091305057397, 6.309735662350073, 1.3403175468568016], 1e-15, "s of Mᴴ");
    const ords = ["fro", "nuc", 2, -2, 1, -1, Infinity, -Infinity] as const;
    near(ords.map((o) => complexMatrixNorm(M, 4, 3, o)), [17.755280904564703, 24.19214451426427, 16.542091305057397, 1.3403175468568014, 21.82842712474619, 13.037319187990756, 25.0, 4.32842712474619], 1e-15, "norms");
  });
});

describe("identities on seeded random matrices", () => {
  for (const n of [1, 2, 5, 12, 30]) {
    test(`n = ${n}: A·inv(A) = I, A·solve(A, b) = b, det = Π λ = Π pivots, |slogdet sign| = 1 and sign·e^{log} = det`, () => {
      const a = rand(2 * n * n, 10 + n), b = rand(2 * n * 3, 20 + n);
      near(mm(a, complexInv(a, n), n, n, n), eye(n), 1e-13, "A·inv(A)");
      near(mm(a, complexSolve(a, b, n, 3), n, n, 3), b, 1e-13, "A·x");
      const [dr, di] = complexDet(a, n);
      const w = eigvalsComplex(a, n);
      let pr = 1, pi = 0;
      for (let j = 0; j < n; j++) [pr, pi] = [pr * w[2 * j] - pi * w[2 * j + 1], pr * w[2 * j + 1] + pi * w[2 * j]];
      const mag = Math.hypot(dr, di);
      assert.ok(Math.hypot(pr - dr, pi - di) <= 1e-12 * Math.max(1, mag), `Π λ = ${pr}+${pi}i vs det ${dr}+${di}i`);
      const sl = complexSlogdet(a, n);
      assert.ok(Math.abs(Math.hypot(...sl.sign) - 1) < 1e-15);
      const e = Math.exp(sl.logAbsDet);
      near([sl.sign[0] * e, sl.sign[1] * e], [dr, di], 1e-13, "slogdet");
    });
    test(`n = ${n}: cholesky L·Lᴴ = A (L lower, real positive diagonal); eigh A·V = V·diag(w), VᴴV = I, ascending, phases`, () => {
      const h = hpd(n, 30 + n);
      const l = complexCholesky(h, n);
      for (let i = 0; i < n; i++) {
        assert.ok(l[2 * (i * n + i)] > 0 && l[2 * (i * n + i) + 1] === 0);
        for (let j = i + 1; j < n; j++) assert.ok(l[2 * (i * n + j)] === 0 && l[2 * (i * n + j) + 1] === 0);
      }
      near(mm(l, conjTranspose(l, n, n), n, n, n), h, 1e-14, "L·Lᴴ");
      const { w, v } = hermitianEigen(h, n);
      for (let j = 1; j < n; j++) assert.ok(w[j] >= w[j - 1]);
      near(mm(h, v!, n, n, n), mm(v!, diag(w), n, n, n), 1e-13, "A·V = V·Λ");
      unitary(v!, n, n, 1e-14, "VᴴV");
      // largest component of each eigenvector real positive
      for (let j = 0; j < n; j++) {
        let big = 0, at = 0;
        for (let i = 0; i < n; i++) {
          const m = Math.hypot(v![2 * (i * n + j)], v![2 * (i * n + j) + 1]);
          if (m > big * (1 + 1e-8)) (big = m), (at = i);
        }
        assert.ok(v![2 * (at * n + j) + 1] === 0 && v![2 * (at * n + j)] > 0, `phase of column ${j}`);
      }
      // the upper triangle gives the same (A is Hermitian)
      near(hermitianEigen(h, n, false).w, w, 1e-14, "UPLO=U");
      near(hermitianEigen(h, n, true, false).w, w, 0, "values only");
    });
  }
  for (const [m, n] of [[1, 1], [3, 3], [7, 4], [4, 7], [20, 12], [12, 20]]) {
    test(`${m}×${n}: QR = A with QᴴQ = I (reduced and complete), R upper with real diagonal; SVD U·S·Vᴴ = A, U and V unitary, s descending`, () => {
      const a = rand(2 * m * n, 40 + m * n), k = Math.min(m, n);
      const { q, r } = complexQR(a, m, n);
      near(mm(q!, r, m, k, n), a, 1e-14, "Q·R");
      unitary(q!, m, k, 1e-14, "QᴴQ");
      for (let i = 0; i < k; i++) {
        assert.equal(r[2 * (i * n + i) + 1], 0);
        for (let j = 0; j < Math.min(i, n); j++) assert.ok(r[2 * (i * n + j)] === 0 && r[2 * (i * n + j) + 1] === 0);
      }
      const full = complexQR(a, m, n, "complete");
      near(mm(full.q!, full.r, m, m, n), a, 1e-14, "complete Q·R");
      unitary(full.q!, m, m, 1e-14, "complete QᴴQ");
      for (const fullUv of [false, true]) {
        const { s, u, vh } = complexSvd(a, m, n, fullUv);
        for (let j = 1; j < k; j++) assert.ok(s[j] <= s[j - 1]);
        const uc = fullUv ? m : k, vr = fullUv ? n : k;
        unitary(u!, m, uc, 1e-14, "UᴴU");
        unitary(conjTranspose(vh!, vr, n), n, vr, 1e-14, "VᴴV");
        const sm = new Float64Array(2 * uc * vr);
        for (let i = 0; i < k; i++) sm[2 * (i * vr + i)] = s[i];
        near(mm(mm(u!, sm, m, uc, vr), vh!, m, vr, n), a, 1e-14, "U·S·Vᴴ");
      }
      near(complexSvd(a, m, n, false, false).s, complexSvd(a, m, n).s, 1e-15, "values only");
      // ‖A‖_F² = Σ s², ‖A‖₂ = s₀
      const s = complexSvd(a, m, n).s;
      assert.ok(Math.abs(complexMatrixNorm(a, m, n) ** 2 - s.reduce((t, x) => t + x * x, 0)) < 1e-13 * m * n);
      assert.equal(complexMatrixNorm(a, m, n, 2), s[0]);
    });
  }
  test("eigh of a real symmetric matrix given as complex: the real eigh's values, real vectors", () => {
    const n = 6, r = rand(n * n, 77), a = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[2 * (i * n + j)] = r[i * n + j] + r[j * n + i];
    const { w, v } = hermitianEigen(a, n);
    near(mm(a, v!, n, n, n), mm(v!, diag(w), n, n, n), 1e-14, "A·V");
    assert.ok(v!.every((x, i) => i % 2 === 0 || Math.abs(x) < 1e-15), "imaginary parts vanish");
  });
});

describe("triangular solve", () => {
  const n = 5, k = 3;
  /** The triangle of a (lower or upper), optionally unit diagonal. */
  function triangle(a: Float64Array, lower: boolean, unit: boolean): Float64Array {
    const t = new Float64Array(a.length);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j && unit) t[2 * (i * n + j)] = 1;
        else if (lower ? j <= i : j >= i) (t[2 * (i * n + j)] = a[2 * (i * n + j)]), (t[2 * (i * n + j) + 1] = a[2 * (i * n + j) + 1]);
      }
    return t;
  }
  const conj = (x: Float64Array) => x.map((v, i) => (i % 2 ? -v : v));
  const transpose = (x: Float64Array) => conj(conjTranspose(x, n, n));
  for (const lower of [true, false])
    for (const transposeA of [false, true])
      for (const conjugateA of [false, true])
        for (const unitDiagonal of [false, true])
          test(`lower ${lower}, transposeA ${transposeA}, conjugateA ${conjugateA}, unitDiagonal ${unitDiagonal}: op(A)·X = B`, () => {
            const a = rand(2 * n * n, 61), b = rand(2 * n * k, 62);
            for (let i = 0; i < n; i++) a[2 * (i * n + i)] += 3; // well conditioned
            // the other triangle holds garbage that must not be read
            const x = complexTriangularSolve(a, b, n, k, { lower, transposeA, conjugateA, unitDiagonal });
            let op = triangle(a, lower, unitDiagonal);
            if (conjugateA) op = conj(op);
            if (transposeA) op = transpose(op);
            near(mm(op, x, n, n, k), b, 1e-14, "op(A)·X");
          });
  test("a zero diagonal entry gives ±Inf/NaN; bad sizes are rejected", () => {
    const a = Float64Array.of(1, 0, 0, 0, 2, 1, 0, 0);
    const x = complexTriangularSolve(a, Float64Array.of(1, 0, 1, 0), 2, 1, { lower: true, transposeA: false, conjugateA: false, unitDiagonal: false });
    assert.ok(x.slice(2).some((v) => !Number.isFinite(v)));
    assert.throws(() => complexTriangularSolve(a, new Float64Array(3), 2, 1, { lower: true, transposeA: false, conjugateA: false, unitDiagonal: false }), /triangular_solve: 8 and 3 numbers do not hold complex 2×2 and 2×1 matrices/);
  });
});

describe("adjugate (for det's derivative)", () => {
  test("2×2 closed form; n = 1 and 0", () => {
    near(complexAdjugate(Float64Array.of(1, 0, 2, 1, 3, 0, 4, -1), 2), [4, -1, -2, -1, -3, 0, 1, 0], 1e-15, "2×2");
    near(complexAdjugate(Float64Array.of(5, 7), 1), [1, 0], 0, "1×1");
    assert.equal(complexAdjugate(new Float64Array(0), 0).length, 0);
  });
  for (const n of [3, 6, 10]) {
    test(`n = ${n}: adj(A) = det(A)·inv(A) for invertible A; rank n − 1: A·adj(A) = 0 with adj(A) ≠ 0; rank n − 2: 0`, () => {
      const a = rand(2 * n * n, 90 + n);
      const [dr, di] = complexDet(a, n), inv = complexInv(a, n);
      const want = new Float64Array(2 * n * n);
      for (let k = 0; k < n * n; k++) (want[2 * k] = dr * inv[2 * k] - di * inv[2 * k + 1]), (want[2 * k + 1] = dr * inv[2 * k + 1] + di * inv[2 * k]);
      near(complexAdjugate(a, n), want, 1e-13, "det·inv");
      // rank n − 1: last row = a combination of the first two
      const s1 = a.slice();
      for (let j = 0; j < n; j++) for (let c = 0; c < 2; c++) s1[2 * ((n - 1) * n + j) + c] = 0.5 * a[2 * j + c] - 2 * a[2 * (n + j) + c];
      const adj1 = complexAdjugate(s1, n);
      assert.ok(maxAbs(adj1) > 1e-3, "nonzero cofactors");
      near(mm(s1, adj1, n, n, n), new Float64Array(2 * n * n), 1e-13 * maxAbs(adj1), "A·adj(A) = det·I = 0");
      // the cofactors are the derivative of det: check one by a complex finite difference (det is polynomial: exact up to rounding)
      const h = 1e-6, bumped = s1.slice();
      bumped[2 * (1 * n + 2)] += h;
      const [br, bi] = complexDet(bumped, n), [sr, si] = complexDet(s1, n);
      near([(br - sr) / h, (bi - si) / h], [adj1[2 * (2 * n + 1)], adj1[2 * (2 * n + 1) + 1]], 1e-6, "∂det/∂a₁₂ = adj₂₁");
      // rank n − 2: two dependent rows
      const s2 = s1.slice();
      for (let j = 0; j < 2 * n; j++) s2[2 * n + j] = 3 * s2[j];
      for (let j = 0; j < 2 * n; j++) s2[2 * (n - 1) * n + j] = 0.5 * s2[j] - 2 * s2[2 * n + j];
      const adj2 = complexAdjugate(s2, n);
      assert.ok(maxAbs(adj2) < 1e-13 * maxAbs(adj1), `rank n − 2 → 0 up to rounding: ${maxAbs(adj2)} vs ${maxAbs(adj1)}`);
      // exactly dependent rows (a zero pivot before the last): exactly 0
      const e = Float64Array.of(1, 0, 2, 0, 3, 0, 2, 0, 4, 0, 6, 0, 0, 1, 1, 1, 5, -2);
      const ex = Float64Array.of(...e.slice(0, 6), ...e.slice(0, 6).map((x) => 2 * x), ...e.slice(0, 6).map((x) => -x));
      assert.ok(complexAdjugate(ex, 3).every((x) => x === 0), "rank 1 → exactly 0");
    });
  }
  test("entries near overflow: diag(1e200·(1 + i), 1e200) → diag(1e200, 1e200·(1 + i)), finite although det overflows", () => {
    const adj = complexAdjugate(Float64Array.of(1e200, 1e200, 0, 0, 0, 0, 1e200, 0), 2);
    near(adj, [1e200, 0, 0, 0, 0, 0, 1e200, 1e200], 1e-15, "adj");
    assert.ok(!Number.isFinite(complexDet(Float64Array.of(1e200, 1e200, 0, 0, 0, 0, 1e200, 0), 2)[0]));
  });
});

describe("edge cases", () => {
  test("singular systems: ±Inf/NaN as the real solver; det 0; slogdet (0, −∞)", () => {
    const s = Float64Array.of(1, 1, 2, 2, 2, 2, 4, 4); // row 2 = 2·row 1
    const x = complexSolve(s, Float64Array.of(1, 0, 1, 0), 2, 1);
    assert.ok(x.some((v) => !Number.isFinite(v)), `solution ${x}`);
    assert.ok(complexInv(s, 2).some((v) => !Number.isFinite(v)));
    near(complexDet(s, 2), [0, 0], 0, "det");
    const sl = complexSlogdet(s, 2);
    assert.deepEqual(sl, { sign: [0, 0], logAbsDet: -Infinity });
    // a zero column: LU leaves the zero pivot in place
    const z = complexLU(Float64Array.of(0, 0, 1, 0, 0, 0, 2, 0), 2);
    assert.deepEqual(Array.from(z.lu.subarray(0, 2)), [0, 0]);
  });
  test("permutation parity and a pivoted determinant", () => {
    const p = Float64Array.of(0, 0, 1, 0, 0, 2, 0, 0); // [[0, 1], [2i, 0]]: det = −2i
    near(complexDet(p, 2), [0, -2], 0, "det");
    near(complexSlogdet(p, 2).sign, [0, -1], 0, "sign");
  });
  test("cholesky of an indefinite or non-Hermitian-diagonal input; NaN → all NaN", () => {
    assert.ok(complexCholesky(Float64Array.of(1, 0, 2, 1, 2, -1, 1, 0), 2).every(Number.isNaN));
    assert.ok(complexCholesky(Float64Array.of(NaN, 0, 0, 0, 0, 0, 1, 0), 2).every(Number.isNaN));
    // the diagonal's imaginary part is ignored (as LAPACK)
    near(complexCholesky(Float64Array.of(4, 7), 1), [2, 0], 0, "1×1");
  });
  test("rank-deficient SVD: zero singular values, U still unitary (null space completed)", () => {
    // rank 1: outer product u·vᴴ
    const m = 4, n = 3, u = rand(2 * m, 1), v = rand(2 * n, 2);
    const a = mm(u, conjTranspose(v, n, 1), m, 1, n);
    const r = complexSvd(a, m, n, true);
    assert.ok(r.s[1] < 1e-15 * r.s[0] && r.s[2] < 1e-15 * r.s[0]);
    unitary(r.u!, m, m, 1e-14, "UᴴU");
    const zero = complexSvd(new Float64Array(2 * 6), 2, 3, true);
    near(zero.s, [0, 0], 0, "zero matrix");
    unitary(zero.u!, 2, 2, 0, "U of zero");
    unitary(conjTranspose(zero.vh!, 3, 3), 3, 3, 0, "V of zero");
  });
  test("0×0 and empty shapes", () => {
    assert.equal(complexInv(new Float64Array(0), 0).length, 0);
    near(complexDet(new Float64Array(0), 0), [1, 0], 0, "det of 0×0");
    assert.deepEqual(complexSlogdet(new Float64Array(0), 0), { sign: [1, 0], logAbsDet: 0 });
    assert.equal(complexCholesky(new Float64Array(0), 0).length, 0);
    assert.equal(hermitianEigen(new Float64Array(0), 0).w.length, 0);
    const q = complexQR(new Float64Array(0), 3, 0);
    assert.equal(q.q!.length, 0);
    assert.equal(complexSvd(new Float64Array(0), 0, 0).s.length, 0);
    assert.equal(complexMatrixNorm(new Float64Array(0), 0, 0), 0);
  });
  test("NaN input → NaN results without hanging", () => {
    const a = rand(2 * 9, 5);
    a[3] = NaN;
    assert.ok(complexSvd(a, 3, 3).s.every(Number.isNaN));
    assert.ok(complexQR(a, 3, 3).r.every(Number.isNaN));
    // a[3] is in the upper triangle: eigh reads the lower one only
    assert.ok(hermitianEigen(a, 3).w.every(Number.isFinite));
    assert.ok(hermitianEigen(a, 3, false).w.every(Number.isNaN));
    assert.ok(complexInv(a, 3).some(Number.isNaN));
    assert.ok(Number.isNaN(complexSlogdet(a, 3).logAbsDet));
  });
  test("bad sizes and orders are rejected with the function's name", () => {
    assert.throws(() => complexLU(new Float64Array(7), 2), /lu: 7 numbers do not hold a complex 2×2 matrix \(8 numbers\)/);
    assert.throws(() => complexSolve(new Float64Array(8), new Float64Array(3), 2, 1), /solve: right-hand side of 3 numbers does not hold a complex 2×1 matrix/);
    assert.throws(() => complexCholesky(new Float64Array(2), 2), /cholesky: 2 numbers/);
    assert.throws(() => complexQR(new Float64Array(2), 2, 2), /qr: 2 numbers/);
    assert.throws(() => hermitianEigen(new Float64Array(2), 2), /eigh: 2 numbers/);
    assert.throws(() => complexSvd(new Float64Array(2), 2, 2), /svd: 2 numbers/);
    assert.throws(() => complexMatrixNorm(new Float64Array(8), 2, 2, 3), /norm: matrix ord must be "fro", "nuc", ±1, ±2 or ±Infinity, got 3/);
  });
});
