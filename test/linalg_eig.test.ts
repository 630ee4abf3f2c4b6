/**
 * @file np.linalg.eig / eigvals (general real and complex matrices, complex results as JAX) and np.roots
 * (companion matrix). Reference values from NumPy 1.24, computed offline; identities A·V = V·Λ; the
 * eigenvalue derivative diag(V⁻¹ Ȧ V) against finite differences; jit, vmap, batching; errors.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { NDArray, grad, jit, jvp, np, vmap } from "../src/index.js";

const f64 = (v: number[][] | number[]) => np.array(v, { dtype: "float64" });
type C = { re: number; im: number };
const cs = (a: NDArray): C[] => (a.toArray() as unknown as C[]).flat(Infinity as 1) as C[];
/** Compare complex lists as multisets (eigenvalue order is LAPACK's, checked separately where it matters). */
function closeSet(got: C[], want: [number, number][], tol: number): void {
  assert.equal(got.length, want.length);
  const left = [...want];
  for (const g of got) {
    const i = left.findIndex(([re, im]) => Math.hypot(g.re - re, g.im - im) <= tol * Math.max(1, Math.hypot(re, im)));
    assert.ok(i >= 0, `eigenvalue ${g.re}+${g.im}j not among ${JSON.stringify(left)}`);
    left.splice(i, 1);
  }
}

describe("np.linalg.eig / eigvals", () => {
  const A = f64([[2, -1, 0.5], [1, 3, -2], [0.25, 1, 1]]);
  const numpyW: [number, number][] = [[1.9334902448337812, 0], [2.0332548775831087, 1.3705172967347772], [2.0332548775831087, -1.3705172967347772]];
  test("values as NumPy's (order too), complex dtypes by input precision", () => {
    const w = np.linalg.eigvals(A);
    assert.equal(w.dtype, "complex128");
    cs(w).forEach((z, i) => {
      assert.ok(Math.abs(z.re - numpyW[i][0]) < 1e-13 && Math.abs(z.im - numpyW[i][1]) < 1e-13, `w[${i}] = ${z.re}+${z.im}j`);
    });
    assert.equal(np.linalg.eigvals(np.array([[1, 2], [3, 4]])).dtype, "complex64");
    closeSet(cs(np.linalg.eigvals([[0, -1], [1, 0]])), [[0, 1], [0, -1]], 1e-6);
    // complex input
    const B = np.complex(f64([[1, 0.5], [0, -1]]), f64([[2, 0], [1, 0]]));
    closeSet(cs(np.linalg.eigvals(B)), [[1.118033988749895, 2.118033988749895], [-1.1180339887498947, -0.1180339887498948]], 1e-13);
  });
  test("eig: A·V = V·Λ, unit columns, batched; vmap and jit agree", () => {
    const [w, v] = np.linalg.eig(A);
    const Ac = np.complex(A, np.zeros([3, 3], "float64"));
    const lhs = np.matmul(Ac, v), rhs = np.multiply(v, np.reshape(w, [1, 3]));
    const diff = np.max(np.abs(np.subtract(lhs, rhs))).item() as number;
    assert.ok(diff < 1e-13, `|AV − VΛ| = ${diff}`);
    const norms = np.sqrt(np.sum(np.square(np.abs(v)), 0)).toArray() as number[];
    norms.forEach((n) => assert.ok(Math.abs(n - 1) < 1e-14));
    const stack = np.stack([A, np.multiply(A, 2)]);
    const wb = np.linalg.eigvals(stack);
    assert.deepEqual(wb.shape, [2, 3]);
    closeSet(cs(wb.get(1)), numpyW.map(([re, im]) => [2 * re, 2 * im]), 1e-13);
    closeSet(cs(vmap(np.linalg.eigvals)(stack).get(0)), numpyW, 1e-13);
    closeSet(cs(jit((a: NDArray) => np.linalg.eigvals(a))(A)), numpyW, 1e-13);
  });
  test("the eigenvalues' derivative diag(V⁻¹ Ȧ V) against central differences; trace identity", () => {
    const dA = f64([[0.3, -0.2, 0.1], [0.05, 0.4, -0.3], [0.2, 0.1, -0.1]]);
    const [, t] = jvp((a: NDArray) => np.linalg.eigvals(a), [A], [dA]);
    const h = 1e-6;
    const plus = cs(np.linalg.eigvals(np.add(A, np.multiply(dA, h)))), minus = cs(np.linalg.eigvals(np.subtract(A, np.multiply(dA, h))));
    cs(t).forEach((z, i) => {
      const fd = { re: (plus[i].re - minus[i].re) / (2 * h), im: (plus[i].im - minus[i].im) / (2 * h) };
      assert.ok(Math.hypot(z.re - fd.re, z.im - fd.im) < 1e-7, `dw[${i}] ${z.re}+${z.im}j vs ${fd.re}+${fd.im}j`);
    });
    // Σ λ = trace: the gradient of Re Σ λ is the identity, in reverse mode and under jit
    const g = jit(grad((a: NDArray) => np.sum(np.real(np.linalg.eigvals(a)))))(A);
    const eye = (g.toArray() as number[][]).map((r, i) => r.map((v, j) => Math.abs(v - (i === j ? 1 : 0))));
    assert.ok(Math.max(...eye.flat()) < 1e-12, JSON.stringify(g.toArray()));
  });
  test("eig's eigenvectors have no derivative (as JAX); bad input is a clear error", () => {
    assert.throws(() => grad((a: NDArray) => np.sum(np.real(np.linalg.eig(a)[0])))(A), /np.linalg.eig: eig has a derivative rule for its eigenvalues only, as JAX's eig/);
    assert.throws(() => np.linalg.eigvals(np.zeros([2, 3])), /np.linalg.eigvals: expected square matrices \(rank ≥ 2\), got shape \[2,3\]/);
    assert.throws(() => (np.linalg.eig as any)(A, 1), /np.linalg.eig: expected at most 1 argument/);
    const nan = cs(np.linalg.eigvals(f64([[NaN, 1], [0, 1]])));
    assert.ok(nan.every((z) => Number.isNaN(z.re)));
  });
});

describe("np.roots", () => {
  test("NumPy's values; leading zeros stripped; complex results as JAX", () => {
    const r = np.roots([1, -3, 2]);
    assert.equal(r.dtype, "complex64");
    closeSet(cs(r), [[2, 0], [1, 0]], 1e-6);
    closeSet(cs(np.roots(f64([0, 0, 1, -3, 2]))), [[2, 0], [1, 0]], 1e-13);
    closeSet(cs(np.roots(f64([1, 0, 0, -1]))), [[-0.5, 0.8660254037844389], [-0.5, -0.8660254037844389], [1, 0]], 1e-13);
    closeSet(cs(np.roots(f64([2, -6, 4, 0]))), [[2, 0], [1, 0], [0, 0]], 1e-13);
    assert.deepEqual(np.roots(f64([5])).shape, [0]);
    // Wilkinson's polynomial of degree 10: roots 1…10
    const w = np.poly(f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    closeSet(cs(np.roots(w)), Array.from({ length: 10 }, (_, k) => [k + 1, 0] as [number, number]), 1e-8);
  });
  test("traceable with stripZeros: false (NaN per leading zero, as JAX); differentiable", () => {
    const f = jit((p: NDArray) => np.roots(p, { stripZeros: false }));
    const r = cs(f(f64([0, 1, -3, 2])));
    assert.equal(r.filter((z) => Number.isNaN(z.re)).length, 1);
    closeSet(r.filter((z) => !Number.isNaN(z.re)), [[2, 0], [1, 0]], 1e-13);
    assert.throws(() => jit((p: NDArray) => np.roots(p))(f64([1, -3, 2])), /np.roots: stripping leading zeros needs concrete coefficients/);
    // d(root)/dc of x² − 3x + c at c = 2: roots 1, 2 move by ∓1/(2r − 3)
    const g = grad((c: NDArray) => np.sum(np.real(np.roots(np.stack([np.array(1, "float64"), np.array(-3, "float64"), c]), { stripZeros: false }))))(np.array(2, "float64"));
    assert.ok(Math.abs((g.item() as number) - 0) < 1e-10); // the roots' sum is 3 for every c
    const g2 = grad((c: NDArray) => np.prod(np.real(np.roots(np.stack([np.array(1, "float64"), np.array(-3, "float64"), c]), { stripZeros: false }))))(np.array(2, "float64"));
    assert.ok(Math.abs((g2.item() as number) - 1) < 1e-10); // the roots' product is c
  });
});

describe("np.sortComplex", () => {
  test("real part, then imaginary part; complex results; along the last axis; differentiable", () => {
    assert.deepEqual(cs(np.sortComplex([5, 3, 6, 2, 1])).map((z) => [z.re, z.im]), [[1, 0], [2, 0], [3, 0], [5, 0], [6, 0]]);
    const z = np.complex(f64([1, 2, 1, 0]), f64([3, -1, -2, 5]));
    const s = np.sortComplex(z);
    assert.equal(s.dtype, "complex128");
    assert.deepEqual(cs(s).map((v) => [v.re, v.im]), [[0, 5], [1, -2], [1, 3], [2, -1]]);
    assert.deepEqual(cs(np.sortComplex(np.array([[3, 1], [2, 0]], { dtype: "int32" }))).map((v) => v.re), [1, 3, 0, 2]);
    const g = grad((x: NDArray) => np.sum(np.real(np.sortComplex(x)).mul(f64([1, 2, 3]))))(f64([3, 1, 2]));
    assert.deepEqual(g.toArray(), [3, 1, 2]);
  });
});
