/**
 * @file np.linalg qr, eigh, svd, lstsq, pinv and norm: reconstruction identities on square,
 * non-square and batched inputs, reference values (NumPy/mpmath, embedded), closed forms, float32,
 * degenerate inputs, vmap vs a loop, jit vs eager, derivatives by checkGrads, and error messages.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { NDArray, NestedArray, np, grad, jit, vmap, checkGrads } from "../src/index.js";
import { seededRandom } from "../src/numeric/check.js";
import { close } from "./util.js";

const f64 = (v: NestedArray) => np.array(v, { dtype: "float64" });
const f32 = (v: NestedArray) => np.array(v, { dtype: "float32" });
const T = (x: NDArray) => np.swapaxes(x, -1, -2);
const mm = np.matmul;
/** A seeded matrix (or batch) with entries uniform in [-1, 1]. */
function rand(shape: number[], seed = 1, dtype: "float32" | "float64" = "float64"): NDArray {
  const r = seededRandom(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return np.array(Array.from({ length: n }, () => 2 * r() - 1), { dtype, shape });
}
const flat = (x: NDArray) => Array.from(x.data());
function maxDiff(a: NDArray, b: NDArray | number): number {
  const x = flat(a), y = typeof b === "number" ? x.map(() => b) : flat(b);
  assert.equal(x.length, y.length, `sizes differ: [${a.shape}] vs [${typeof b === "number" ? [] : b.shape}]`);
  return x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
}
function near(a: NDArray, b: NDArray | number, tol: number, what = ""): void {
  const d = maxDiff(a, b);
  assert.ok(d <= tol, `${what}: max |difference| ${d} > ${tol}`);
}
/** max |XᵀX − I| over the columns of X (batched). */
function orthonormalCols(x: NDArray, tol: number, what = "orthonormal"): void {
  const k = x.shape[x.ndim - 1];
  near(mm(T(x), x), np.broadcastTo(np.eye(k, k, { dtype: x.dtype }), [...x.shape.slice(0, -2), k, k]), tol, what);
}
const diagEmbed = (v: NDArray) => np.multiply(np.expandDims(v, -2), np.eye(v.shape[v.ndim - 1], undefined, { dtype: v.dtype }));
/** Entries below the diagonal are zero. */
function upper(r: NDArray, tol = 0): void {
  const [m, n] = r.shape.slice(-2);
  const rows = flat(r);
  rows.forEach((v, idx) => {
    const i = Math.floor(idx / n) % m, j = idx % n;
    if (i > j) assert.ok(Math.abs(v) <= tol, `R[${i},${j}] = ${v} is below the diagonal`);
  });
}

// reference matrices and values (NumPy 1.x / mpmath at 40 digits, computed once and embedded)
const A4 = [[4, 1, 2, 0.5], [1, 3, 0.5, -1], [2, 0.5, 5, 0.25], [0.5, -1, 0.25, 2]];
const A4_EIG = [1.0487547132427912, 2.5346497174097102, 3.573071082682408, 6.843524486665088];
const B43 = [[3, 0.2, 1], [4, 5, -1], [1, 2, 0.3], [0.5, -1, 2]];
const B43_SV = [7.124379300345674, 3.1947765181444434, 1.1902195528216417];
const B43_R = [[-5.1234753829798, -4.313478322432516, -0.05855400437691194], [0, -3.3814057375453723, 1.9082511622090859], [0, 0, -1.5636971991082869]];
const HILBERT6 = Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => 1 / (i + j + 1)));
// eigenvalues of the float64-rounded Hilbert matrix (mpmath); they are also its singular values
const HILBERT6_EIG = [1.082799484481101e-7, 1.2570757122637029e-5, 0.0006157483541826453, 0.016321521319875826, 0.24236087057520955, 1.618899858924339];

describe("qr", () => {
  test("reconstruction, orthonormal Q and upper-triangular R: tall, wide, square, batched; both modes", () => {
    for (const shape of [[5, 3], [3, 5], [4, 4], [2, 4, 3], [3, 2, 5], [1, 1], [6, 1]]) {
      const a = rand(shape, shape.length * 10 + shape[0]);
      const [m, n] = shape.slice(-2);
      for (const mode of ["reduced", "complete"] as const) {
        const [q, r] = np.linalg.qr(a, { mode });
        const k = mode === "complete" ? m : Math.min(m, n);
        assert.deepEqual(q.shape, [...shape.slice(0, -2), m, k]);
        assert.deepEqual(r.shape, [...shape.slice(0, -2), k, n]);
        near(mm(q, r), a, 1e-14, `QR = A ${shape} ${mode}`);
        orthonormalCols(q, 1e-14);
        upper(r);
      }
      near(np.linalg.qr(a, { mode: "r" }), np.linalg.qr(a)[1], 0, "mode r");
    }
  });
  test("values as NumPy (LAPACK sign conventions)", () => {
    close(np.linalg.qr(f64(B43), { mode: "r" }), B43_R, 1e-14);
    const [q, r] = np.linalg.qr(f64([[3, 1], [4, 2]]));
    close(q, [[-0.6, -0.8], [-0.8, 0.6]], 1e-15);
    close(r, [[-5, -2.2], [0, 0.4]], 1e-15);
  });
  test("float32, integer promotion, rank-deficient and zero inputs", () => {
    const a = rand([5, 4], 3, "float32");
    const [q, r] = np.linalg.qr(a);
    assert.equal(q.dtype, "float32");
    near(mm(q, r), a, 3e-6);
    orthonormalCols(q, 3e-6);
    assert.equal(np.linalg.qr(np.array([[1, 2], [3, 4]], { dtype: "int32" }))[0].dtype, np.array(1).dtype);
    const z = f64([[0, 0], [0, 0], [0, 0]]);
    const [qz, rz] = np.linalg.qr(z, { mode: "complete" });
    near(qz, np.eye(3, 3, { dtype: "float64" }), 0, "Q of zero");
    near(rz, 0, 0, "R of zero");
    const d = f64([[1, 2, 3], [2, 4, 6], [1, 0, 1]]); // rank 2
    const [qd, rd] = np.linalg.qr(d);
    near(mm(qd, rd), d, 1e-14);
    orthonormalCols(qd, 1e-14);
  });
  test("derivatives: reduced (tall, square, wide) and complete (tall), fwd and rev", () => {
    const tall = rand([4, 3], 5), sq = rand([3, 3], 6), wide = rand([2, 4], 7);
    for (const a of [tall, sq, wide]) checkGrads((x: NDArray) => np.linalg.qr(x), [a], { order: 1 });
    checkGrads((x: NDArray) => np.linalg.qr(x, { mode: "complete" }), [wide], { order: 1 });
    // complete Q of a tall matrix: Q₂ is any completion, so check a completion-invariant function of it and R
    checkGrads((x: NDArray) => {
      const [q, r] = np.linalg.qr(x, { mode: "complete" });
      const q2 = np.getItem(q, ":", np.s(3, null));
      return [mm(q2, T(q2)), r];
    }, [tall], { order: 1 });
    checkGrads((x: NDArray) => np.linalg.qr(x), [sq], { order: 2, modes: ["fwd"] });
  });
  test("errors", () => {
    assert.throws(() => np.linalg.qr(f64([1, 2])), /qr: expected a matrix \(rank ≥ 2\), got shape \[2\]/);
    assert.throws(() => np.linalg.qr(f64([[1]]), { mode: "raw" as "r" }), /qr: mode must be "reduced", "complete" or "r", got "raw"/);
  });
});

describe("eigh", () => {
  test("reference eigenvalues (NumPy, mpmath) and the closed form of the [−1, 2, −1] matrix", () => {
    close(np.linalg.eigvalsh(f64(A4)), A4_EIG, 1e-14);
    const h = np.linalg.eigvalsh(f64(HILBERT6));
    flat(h).forEach((v, i) => assert.ok(Math.abs(v - HILBERT6_EIG[i]) <= 4e-16 * 1.62 * 6, `Hilbert eigenvalue ${i}: ${v} vs ${HILBERT6_EIG[i]}`));
    const n = 12;
    const lap = f64(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0))));
    close(np.linalg.eigvalsh(lap), Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))), 1e-14);
  });
  test("V diag(w) Vᵀ = A, VᵀV = I, ascending, deterministic signs; batched", () => {
    for (const shape of [[5, 5], [3, 6, 6], [1, 1], [2, 2, 3, 3]]) {
      const r = rand(shape, shape.length + shape[0]);
      const a = np.add(r, T(r));
      const [w, v] = np.linalg.eigh(a);
      assert.deepEqual(w.shape, shape.slice(0, -1));
      near(mm(np.multiply(v, np.expandDims(w, -2)), T(v)), a, 1e-14, `reconstruction ${shape}`);
      orthonormalCols(v, 1e-14);
      const n = shape[shape.length - 1];
      const ws = flat(w);
      ws.forEach((x, i) => i % n === 0 || assert.ok(ws[i - 1] <= x, "ascending"));
      // the largest-magnitude component of each eigenvector is positive
      const vt = flat(T(v));
      for (let c = 0; c < vt.length / n; c++) {
        const col = vt.slice(c * n, (c + 1) * n);
        const big = col.reduce((m, x) => (Math.abs(x) > Math.abs(m) + 1e-12 ? x : m), 0);
        assert.ok(big > 0, `eigenvector ${c} sign`);
      }
    }
  });
  test("UPLO and symmetrizeInput: one triangle is read", () => {
    const s = f64(A4);
    const lowOnly = np.where(np.less(np.arange(4).reshape([4, 1]), np.arange(4)), 99, s); // garbage above the diagonal
    close(np.linalg.eigh(lowOnly, { symmetrizeInput: false })[0], A4_EIG, 1e-14);
    close(np.linalg.eigh(T(lowOnly), { UPLO: "U", symmetrizeInput: false })[0], A4_EIG, 1e-14);
    close(np.linalg.eigh(s, { UPLO: "U" })[0], A4_EIG, 1e-14);
  });
  test("repeated eigenvalues, zero matrix, NaN: correct values, no hang", () => {
    const ones = f64([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]);
    const [w, v] = np.linalg.eigh(ones);
    close(w, [0, 0, 0, 4], 1e-14);
    orthonormalCols(v, 1e-14);
    near(mm(np.multiply(v, np.expandDims(w, -2)), T(v)), ones, 1e-14);
    const [w3, v3] = np.linalg.eigh(np.multiply(np.eye(5, 5, { dtype: "float64" }), 3));
    close(w3, [3, 3, 3, 3, 3], 1e-15);
    near(v3, np.eye(5, 5, { dtype: "float64" }), 0, "eigenvectors of 3I");
    const [wz, vz] = np.linalg.eigh(np.zeros([4, 4], { dtype: "float64" }));
    close(wz, [0, 0, 0, 0]);
    orthonormalCols(vz, 0);
    // eigenvalue derivatives stay finite at repeated eigenvalues (the eigenvector part is a symbolic zero)
    const eye3 = np.eye(3, 3, { dtype: "float64" });
    close(grad((x: NDArray) => np.sum(np.linalg.eigvalsh(x)))(eye3), flat(eye3));
    close(grad((x: NDArray) => np.sum(np.linalg.svdvals(x)))(eye3), flat(eye3));
    const [wn] = np.linalg.eigh(f64([[1, NaN], [NaN, 1]]));
    assert.ok(flat(wn).every(Number.isNaN));
  });
  test("float32", () => {
    const r = rand([6, 6], 9, "float32");
    const a = np.add(r, T(r));
    const [w, v] = np.linalg.eigh(a);
    assert.equal(w.dtype, "float32");
    near(mm(np.multiply(v, np.expandDims(w, -2)), T(v)), a, 5e-6);
    orthonormalCols(v, 3e-6);
    close(np.linalg.eigvalsh(f32(A4)), A4_EIG, 3e-7);
  });
  test("derivatives of eigenvalues and (sign-invariant functions of) eigenvectors", () => {
    const a = f64(A4);
    checkGrads((x: NDArray) => np.linalg.eigvalsh(x), [a]);
    checkGrads((x: NDArray) => {
      const [w, v] = np.linalg.eigh(x);
      return mm(np.multiply(v, np.expandDims(np.sin(w), -2)), T(v)); // V diag(sin w) Vᵀ
    }, [a], { order: 1 });
    checkGrads((x: NDArray) => np.square(np.linalg.eigh(x)[1]), [a], { order: 1 }); // |v|²
    // without symmetrisation, the derivative sees only the lower triangle
    const r = rand([3, 3], 11);
    checkGrads((x: NDArray) => np.linalg.eigh(x, { symmetrizeInput: false })[0], [np.add(r, f64([[3, 0, 0], [0, 0, 0], [0, 0, -3]]))], { order: 1 });
    checkGrads((x: NDArray) => np.square(np.linalg.eigh(x, { UPLO: "U", symmetrizeInput: false })[1]), [r], { order: 1 });
  });
  test("errors", () => {
    assert.throws(() => np.linalg.eigh(f64([[1, 2, 3], [4, 5, 6]])), /eigh: expected square matrices, got shape \[2,3\] \(2 ≠ 3\)/);
    assert.throws(() => np.linalg.eigh(f64([[1]]), { UPLO: "X" as "L" }), /eigh: UPLO must be "L" or "U", got "X"/);
  });
});

describe("svd", () => {
  test("reference singular values (NumPy, mpmath)", () => {
    close(np.linalg.svdvals(f64(B43)), B43_SV, 1e-14);
    close(np.linalg.svdvals(T(f64(B43))), B43_SV, 1e-14);
    // one-sided Jacobi: even the smallest singular value of the Hilbert matrix to high relative accuracy
    const hs = flat(np.linalg.svdvals(f64(HILBERT6))).reverse();
    hs.forEach((v, i) => assert.ok(Math.abs(v - HILBERT6_EIG[i]) <= 1e-9 * HILBERT6_EIG[i], `Hilbert singular value ${i}: ${v} vs ${HILBERT6_EIG[i]}`));
    close(np.linalg.svd(f64([[3, 0], [4, 5]]))[1], [3 * Math.sqrt(5), Math.sqrt(5)], 1e-15);
  });
  test("U diag(s) Vh = A with orthonormal U, V: tall, wide, square, batched; full and reduced", () => {
    for (const shape of [[5, 3], [3, 5], [4, 4], [2, 4, 3], [3, 2, 5], [1, 1], [1, 4], [6, 1]]) {
      const a = rand(shape, 7 * shape.length + shape[1]);
      const [m, n] = shape.slice(-2), k = Math.min(m, n);
      for (const fullMatrices of [true, false]) {
        const [u, s, vh] = np.linalg.svd(a, { fullMatrices });
        assert.deepEqual(u.shape, [...shape.slice(0, -2), m, fullMatrices ? m : k]);
        assert.deepEqual(vh.shape, [...shape.slice(0, -2), fullMatrices ? n : k, n]);
        orthonormalCols(u, 1e-14, "U");
        orthonormalCols(T(vh), 1e-14, "V");
        const u1 = np.getItem(u, "...", np.s(0, k)), vh1 = np.getItem(vh, "...", np.s(0, k), np.s());
        near(mm(np.multiply(u1, np.expandDims(s, -2)), vh1), a, 1e-14, `U S Vh = A ${shape}`);
        const sv = flat(s);
        sv.forEach((x, i) => i % k === 0 || assert.ok(sv[i - 1] >= x, "descending"));
        near(s, np.linalg.svdvals(a), 0, "svdvals");
      }
    }
  });
  test("rank-deficient and zero matrices: full U and V still orthonormal", () => {
    const outer = mm(f64([[1], [2], [3], [4]]), f64([[1, -1, 2]])); // rank 1
    const [u, s, vh] = np.linalg.svd(outer);
    close(s, [Math.sqrt(30) * Math.sqrt(6), 0, 0], 1e-14);
    orthonormalCols(u, 1e-14);
    orthonormalCols(T(vh), 1e-14);
    near(mm(np.getItem(u, ":", np.s(0, 3)), mm(diagEmbed(s), vh)), outer, 1e-14);
    for (const shape of [[3, 2], [2, 3], [3, 3]]) {
      const [uz, sz, vhz] = np.linalg.svd(np.zeros(shape, { dtype: "float64" }));
      near(sz, 0, 0);
      orthonormalCols(uz, 1e-15);
      orthonormalCols(T(vhz), 1e-15);
    }
    const [, sn] = np.linalg.svd(f64([[1, NaN], [0, 1]]));
    assert.ok(flat(sn).every(Number.isNaN));
  });
  test("float32", () => {
    const a = rand([5, 3], 13, "float32");
    const [u, s, vh] = np.linalg.svd(a, { fullMatrices: false });
    assert.equal(s.dtype, "float32");
    near(mm(np.multiply(u, np.expandDims(s, -2)), vh), a, 3e-6);
    close(np.linalg.svdvals(f32(B43)), B43_SV, 3e-7);
    checkGrads((x: NDArray) => np.linalg.svdvals(x), [f32(B43)], { order: 1 });
    checkGrads((x: NDArray) => np.linalg.eigvalsh(x), [f32(A4)], { order: 1 });
  });
  test("extreme magnitudes: no overflow or underflow in the kernels", () => {
    for (const scale of [1e150, 1e-150]) {
      close(np.divide(np.linalg.svdvals(np.multiply(f64(B43), scale)), scale), B43_SV, 1e-14);
      close(np.divide(np.linalg.eigvalsh(np.multiply(f64(A4), scale)), scale), A4_EIG, 1e-14);
      close(np.divide(np.linalg.qr(np.multiply(f64(B43), scale), { mode: "r" }), scale), B43_R, 1e-14);
    }
  });
  test("derivatives: s, U·Vh, completion-invariant functions of full U and V", () => {
    const tall = rand([4, 3], 17), wide = rand([3, 5], 18), sq = rand([3, 3], 19);
    for (const a of [tall, wide, sq]) {
      checkGrads((x: NDArray) => np.linalg.svdvals(x), [a]);
      checkGrads((x: NDArray) => {
        const [u, s, vh] = np.linalg.svd(x, { fullMatrices: false });
        return [mm(u, vh), mm(np.multiply(u, np.expandDims(np.exp(s), -2)), vh)];
      }, [a], { order: 1 });
      // full matrices (NB: JAX raises here for m ≠ n): s and projectors onto the completions
      // weights i + 1 on the singular vectors, 7 on all completion columns (so the completion's basis does not matter)
      const k = Math.min(...a.shape);
      const weights = (n: number) => f64(Array.from({ length: n }, (_, i) => [i < k ? i + 1 : 7]));
      checkGrads((x: NDArray) => {
        const [u, s, vh] = np.linalg.svd(x);
        return [s, mm(u, np.multiply(weights(u.shape[0]), T(u))), mm(T(vh), np.multiply(weights(vh.shape[0]), vh))];
      }, [a], { order: 1 });
    }
    checkGrads((x: NDArray) => {
      const [u, , vh] = np.linalg.svd(x);
      return mm(u, vh);
    }, [sq], { order: 2, modes: ["fwd"] });
  });
  test("errors", () => {
    assert.throws(() => np.linalg.svd(f64(3)), /svd: expected a matrix \(rank ≥ 2\), got shape \[\]/);
  });
});

describe("lstsq and pinv", () => {
  const b4 = [1, 2, 3, 4];
  test("values, residuals, rank and s as NumPy; rank-deficient gives the minimum-norm solution", () => {
    const [x, res, rank, s] = np.linalg.lstsq(f64(B43), f64(b4));
    close(x, [-0.689851434893929, 1.5045129563543163, 2.8628794351173954], 1e-14);
    close(res, [0.06581735335276383], 1e-13);
    assert.equal(rank.item(), 3);
    assert.equal(rank.dtype, "int32");
    close(s, B43_SV, 1e-14);
    const D = f64([[1, 2, 3], [2, 4, 6], [1, 0, 1], [0, 0, 0]]);
    const [xd, resd, rd] = np.linalg.lstsq(D, f64([[1, 0], [2, 1], [3, -1], [4, 2]]));
    close(xd, [[2.333333333333336, -0.9000000000000009], [-1.6666666666666667, 0.7999999999999998], [0.6666666666666665, -0.09999999999999987]], 1e-13);
    assert.equal(rd.item(), 2);
    assert.deepEqual(resd.shape, [2]); // NB: NumPy returns [] here; JAX (and we) return the residuals
    assert.equal(np.linalg.lstsq(f32(B43), f64(b4))[0].dtype, "float64"); // a and b promote together
    const xi = np.linalg.lstsq(np.array([[1, 0], [1, 1], [1, 2]], { dtype: "int32" }), np.array([1, 2, 4], { dtype: "int32" }))[0];
    assert.equal(xi.dtype, np.array(1).dtype); // integers promote to the default float
    close(xi, [5 / 6, 3 / 2], 1e-6);
    const [, , r0] = np.linalg.lstsq(D, f64(b4), { rcond: 0.2 });
    assert.equal(r0.item(), 1);
  });
  test("pinv: values as NumPy, Penrose identities, batched, cutoff", () => {
    close(np.linalg.pinv(f64([[1, 2, 3], [2, 4, 6], [1, 0, 1], [0, 0, 0]])), [
      [-0.03333333333333385, -0.06666666666666661, 0.8333333333333339, 0],
      [0.0666666666666671, 0.13333333333333325, -0.666666666666667, 0],
      [0.03333333333333324, 0.06666666666666664, 0.16666666666666682, 0],
    ], 1e-13);
    const a = rand([3, 4, 2], 23);
    const p = np.linalg.pinv(a);
    assert.deepEqual(p.shape, [3, 2, 4]);
    near(mm(mm(a, p), a), a, 1e-14, "A P A = A");
    near(mm(mm(p, a), p), p, 1e-14, "P A P = P");
    near(mm(p, a), np.broadcastTo(np.eye(2, 2, { dtype: "float64" }), [3, 2, 2]), 1e-14, "P A = I");
    close(np.linalg.pinv(f64([[1, 0], [0, 1e-3]]), { rtol: 1e-2 }), [[1, 0], [0, 0]]);
    assert.deepEqual(np.linalg.pinv(np.zeros([0, 3], { dtype: "float64" })).shape, [3, 0]);
  });
  test("derivatives of lstsq (in a and b) and pinv (tall, wide, batched)", () => {
    checkGrads((a: NDArray, b: NDArray) => np.linalg.lstsq(a, b).slice(0, 2) as NDArray[], [f64(B43), f64(b4)]);
    checkGrads((a: NDArray, b: NDArray) => np.linalg.lstsq(a, b)[0], [rand([3, 4], 29), rand([3, 2], 30)], { order: 1 });
    // repeated singular values (orthogonal columns of equal norm): pinv's own rule has no 1/(sᵢ² − sⱼ²)
    checkGrads((a: NDArray) => np.linalg.pinv(a), [f64([[1, 0], [0, 1], [0, 0]])], { order: 1 });
    for (const a of [rand([4, 3], 31), rand([2, 3], 32), rand([2, 3, 2], 33)]) checkGrads((x: NDArray) => np.linalg.pinv(x), [a], { order: 1 });
    checkGrads((x: NDArray) => np.linalg.pinv(x), [rand([3, 2], 34)], { order: 2, modes: ["fwd"] });
  });
  test("errors", () => {
    assert.throws(() => np.linalg.lstsq(rand([2, 3, 2]), rand([3, 2])), /lstsq: a must be 2-D, got shape \[2,3,2\]/);
    assert.throws(() => np.linalg.lstsq(rand([3, 2]), rand([4])), /lstsq: a \[3,2\] and b \[4\] have different numbers of rows \(3 ≠ 4\)/);
  });
});

describe("norm", () => {
  const M = [[1, -2, 3], [-4, 5, -6]];
  const v = [3, -4, 0, 1];
  test("vector and matrix orders as NumPy", () => {
    const vec: [number | null, number][] = [[null, 5.0990195135927845], [1, 8], [2, 5.0990195135927845], [0, 3], [Infinity, 4], [-Infinity, 0], [3, 4.514357435474001], [0.5, 22.392304845413257]];
    for (const [ord, want] of vec) close(np.linalg.norm(f64(v), { ord }), want, 1e-14);
    const mat: [number | "fro" | "nuc" | null, number][] = [[null, 9.539392014169456], ["fro", 9.539392014169456], ["nuc", 10.280901636369208], [1, 9], [-1, 5], [2, 9.508032000695724], [-2, 0.7728696356734843], [Infinity, 15], [-Infinity, 6]];
    for (const [ord, want] of mat) close(np.linalg.norm(f64(M), { ord }), want, 1e-14);
    close(np.linalg.norm(f64([[[1, 2], [3, 4]]])), Math.sqrt(30)); // ord unset, no axis: the flattened 2-norm
  });
  test("axis and keepdims", () => {
    const t = np.subtract(np.arange(24, undefined, 1, { dtype: "float64" }).reshape([2, 3, 4]), 7);
    close(np.linalg.norm(t, { axis: 1 }), [[7.681145747868608, 6.6332495807108, 5.916079783099616, 5.656854249492381], [16.583123951777, 18.2208671582886, 19.87460691435179, 21.540659228538015]], 1e-14);
    close(np.linalg.norm(t, { ord: 2, axis: [2, 0] }), [17.031482917207917, 21.29909656859387, 29.541494486236115], 1e-14);
    const nuc = np.linalg.norm(t, { ord: "nuc", axis: [1, 2], keepdims: true });
    assert.deepEqual(nuc.shape, [2, 1, 1]);
    close(nuc, [16.051031406137945, 39.416184609888695], 1e-14);
    close(np.linalg.norm(t, { ord: 1, axis: [0, 2] }), [12, 12, 20]);
    close(np.linalg.norm(t, { ord: -Infinity, axis: [2, 1] }), [8, 27]);
    assert.deepEqual(np.linalg.norm(t, { axis: -1, keepdims: true }).shape, [2, 3, 1]);
    assert.deepEqual(np.linalg.norm(t, { keepdims: true }).shape, [1, 1, 1]);
    // the numpy 2 / array-API spellings
    close(np.linalg.vectorNorm(t), flat(np.linalg.norm(t))[0], 1e-15);
    close(np.linalg.vectorNorm(t, { ord: Infinity }), 16);
    close(np.linalg.vectorNorm(t, { ord: 1, axis: 1 }), flat(np.linalg.norm(t, { ord: 1, axis: 1 })));
    for (const ord of ["fro", "nuc", 1, -2, Infinity] as const) {
      near(np.linalg.matrixNorm(t, { ord }), np.linalg.norm(t, { ord, axis: [-2, -1] }), 0, `matrixNorm ${ord}`);
    }
    assert.deepEqual(np.linalg.matrixNorm(t, { keepdims: true }).shape, [2, 1, 1]);
  });
  test("derivatives of every order (inputs away from ties and zeros)", () => {
    const x = f64([0.3, -1.2, 2.5, 0.9]);
    for (const ord of [null, 1, 2, Infinity, -Infinity, 3, 0.5]) checkGrads((y: NDArray) => np.linalg.norm(y, { ord }), [x], { order: 1 });
    const a = f64([[1, -2.2, 3.1], [-4.3, 5, -6.4]]);
    for (const ord of [null, "fro", "nuc", 1, -1, 2, -2, Infinity, -Infinity] as const) checkGrads((y: NDArray) => np.linalg.norm(y, { ord }), [a], { order: 1 });
  });
  test("errors", () => {
    assert.throws(() => np.linalg.norm(f64([1, 2]), { ord: "fro" }), /norm: invalid norm order "fro" for vectors/);
    assert.throws(() => np.linalg.norm(f64(M), { ord: 3 }), /norm: invalid norm order 3 for matrices/);
    assert.throws(() => np.linalg.norm(rand([2, 2, 2]), { ord: 1 }), /norm: ord 1 needs a 1-D or 2-D array or an axis, got shape \[2,2,2\]/);
  });
});

describe("transformations", () => {
  const batch = rand([3, 4, 3], 41);
  const sym = np.add(rand([3, 4, 4], 42), T(rand([3, 4, 4], 42)));
  const loop = (f: (x: NDArray) => NDArray[], xs: NDArray) => Array.from({ length: xs.shape[0] }, (_, i) => f(np.getItem(xs, i)));
  const fns: [string, (x: NDArray) => NDArray[], NDArray][] = [
    ["qr", (x) => np.linalg.qr(x), batch],
    ["eigh", (x) => np.linalg.eigh(x), sym],
    ["svd", (x) => np.linalg.svd(x), batch],
    ["pinv, norm", (x) => [np.linalg.pinv(x), np.linalg.norm(x, { ord: 2 })], batch],
  ];
  for (const [name, f, xs] of fns) {
    test(`${name}: vmap (axis 0 and 2) and jit agree with a loop and eager`, () => {
      const want = loop(f, xs);
      const got = vmap(f)(xs) as NDArray[];
      const got2 = vmap(f, { inAxes: 2 })(np.moveaxis(xs, 0, 2)) as NDArray[];
      const jitted = loop(jit(f) as (x: NDArray) => NDArray[], xs);
      want[0].forEach((_, k) => {
        const stacked = np.stack(want.map((w) => w[k]));
        near(got[k], stacked, 1e-15, `${name} vmap output ${k}`);
        near(got2[k], stacked, 1e-15, `${name} vmap inAxes 2 output ${k}`);
        jitted.forEach((j, i) => near(j[k], want[i][k], 1e-15, `${name} jit output ${k}`));
      });
    });
  }
  test("derivatives under vmap and jit", () => {
    const g = (x: NDArray) => np.sum(np.linalg.svdvals(x));
    checkGrads((x: NDArray) => vmap(g)(x), [batch], { order: 1 });
    checkGrads(jit((x: NDArray) => np.linalg.eigh(x)[0]), [sym], { order: 1 });
    checkGrads(vmap((x: NDArray) => np.linalg.qr(x)[1]), [batch], { order: 1 });
  });
});

describe("properties (fast-check)", () => {
  // random shapes (batch ≤ 2, m, n ≤ 7), entries uniform in [-1, 1], some rows scaled to make columns of very different size
  const arb = fc.record({ b: fc.integer({ min: 0, max: 2 }), m: fc.integer({ min: 1, max: 7 }), n: fc.integer({ min: 1, max: 7 }), seed: fc.integer({ min: 1, max: 1e6 }), spread: fc.boolean() });
  const make = ({ b, m, n, seed, spread }: { b: number; m: number; n: number; seed: number; spread: boolean }) => {
    const a = rand(b ? [b, m, n] : [m, n], seed);
    return spread ? np.multiply(a, f64(Array.from({ length: n }, (_, j) => 10 ** (j - 3)))) : a;
  };
  test("svd and qr reconstruct any matrix; eigh any symmetric one", () => {
    fc.assert(
      fc.property(arb, (c) => {
        const a = make(c);
        const scale = Math.max(...flat(np.abs(a)), 1e-300);
        const [u, s, vh] = np.linalg.svd(a, { fullMatrices: false });
        near(mm(np.multiply(u, np.expandDims(s, -2)), vh), a, 1e-14 * scale * 8, "svd");
        orthonormalCols(u, 1e-14 * 8);
        orthonormalCols(T(vh), 1e-14 * 8);
        const [q, r] = np.linalg.qr(a, { mode: "complete" });
        near(mm(q, r), a, 1e-14 * scale * 8, "qr");
        orthonormalCols(q, 1e-14 * 8);
        const sq = np.getItem(a, "...", np.s(0, Math.min(c.m, c.n)), np.s(0, Math.min(c.m, c.n)));
        const sym = np.add(sq, T(sq));
        const [w, v] = np.linalg.eigh(sym);
        near(mm(np.multiply(v, np.expandDims(w, -2)), T(v)), sym, 1e-14 * scale * 16, "eigh");
        orthonormalCols(v, 1e-14 * 8);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
