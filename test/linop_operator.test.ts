/**
 * @file linop operators: Jacobians as programs (mv = JVP, rmv = VJP) against jacfwd/jacrev and hand
 * values, the adjoint identity ⟨Av, u⟩ = ⟨v, Aᵀu⟩ (fast-check), toDense by columns and rows, the algebra
 * against dense matrices, Hessian operators and hvp, pytrees, jit/vmap, and the errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { NDArray, np, linop, jacfwd, jacrev, hessian, jit, vmap, random } from "../src/index.js";
import { check, close } from "./util.js";

const f64 = (x: number[] | number[][]) => np.array(x, { dtype: "float64" });
// the lecture's seed: f(x, y) = [x·y, y³] at (2, 3): J = [[y, x], [0, 3y²]] = [[3, 2], [0, 27]]
const seed = (v: NDArray) => np.stack([v.get(0).mul(v.get(1)), v.get(1).pow(3)]);
// ℝ³ → ℝ² and ℝ² → ℝ⁴ maps to exercise both toDense directions
const g = (x: NDArray) => np.stack([np.sin(x.get(0)).mul(x.get(1)), x.get(2).mul(x.get(0)).add(np.exp(x.get(1)))]);
const h = (x: NDArray) => np.stack([x.get(0).pow(2), x.get(0).mul(x.get(1)), np.tanh(x.get(1)), np.cos(x.get(0).add(x.get(1)))]);

test("linop.jacobianOperator: the lecture's f(x, y) = [xy, y³] — columns by JVP, rows by VJP, as hand-computed", () => {
  const J = linop.jacobianOperator(seed, f64([2, 3]));
  assert.deepEqual(J.shape, [2, 2]);
  assert.equal(J.dtype, "float64");
  check(J.mv([1, 0]), [2], [3, 0], "float64", 0);
  check(J.mv([0, 1]), [2], [2, 27], "float64", 0);
  check(J.rmv([1, 0]), [2], [3, 2], "float64", 0);
  check(J.rmv([0, 1]), [2], [0, 27], "float64", 0);
  check(J.column(1), [2], [2, 27], "float64", 0);
  check(J.row(-1), [2], [0, 27], "float64", 0);
  check(J.toDense(), [2, 2], [[3, 2], [0, 27]], "float64", 0);
  // the same through linearOperator(f, x), as the issue names it
  check(linop.linearOperator(seed, f64([2, 3])).toDense({ by: "rows" }), [2, 2], [[3, 2], [0, 27]], "float64", 0);
});

test("linop: toDense = jacfwd = jacrev, by columns (n ≤ m) or rows (n > m), with the pass count exposed", () => {
  for (const [fn, x, by, passes] of [[g, f64([0.3, -0.7, 1.2]), "rows", 2], [h, f64([0.4, 1.1]), "columns", 2]] as const) {
    const J = linop.jacobianOperator(fn, x);
    assert.deepEqual(J.denseCost, { by, passes });
    const ref = (jacfwd(fn)(x) as NDArray).toArray() as number[][];
    close(J.toDense(), ref, 1e-14);
    close(J.toDense({ by: "columns" }), ref, 1e-14);
    close(J.toDense({ by: "rows" }), ref, 1e-14);
    close(jacrev(fn)(x) as NDArray, ref, 1e-14);
    close(J.T.toDense(), np.transpose(f64(ref)).toArray() as number[][], 1e-14);
    // matmat / rmatmat against the dense products
    const V = random.normal(random.key(1), [J.shape[1], 3], { dtype: "float64" });
    const U = random.normal(random.key(2), [J.shape[0], 3], { dtype: "float64" });
    close(J.matmat(V), np.matmul(f64(ref), V).toArray() as number[][], 1e-13);
    close(J.rmatmat(U), np.matmul(np.transpose(f64(ref)), U).toArray() as number[][], 1e-13);
  }
});

test("linop: ⟨A v, u⟩ = ⟨v, Aᵀ u⟩ for Jacobian operators at random points and directions (fast-check)", () => {
  const real = fc.double({ min: -2, max: 2, noNaN: true });
  fc.assert(
    fc.property(fc.array(real, { minLength: 3, maxLength: 3 }), fc.array(real, { minLength: 3, maxLength: 3 }), fc.array(real, { minLength: 2, maxLength: 2 }), (x, v, u) => {
      const J = linop.jacobianOperator(g, f64(x));
      const lhs = np.vdot(J.mv(f64(v)), f64(u)).item() as number;
      const rhs = np.vdot(f64(v), J.rmv(f64(u))).item() as number;
      return Math.abs(lhs - rhs) <= 1e-12 * (1 + Math.abs(lhs));
    }),
    { numRuns: 40, seed: 14 },
  );
});

test("linop: pytree inputs and outputs are raveled (flattenUtil.ravelPytree order), float32 stays float32", () => {
  const f = (p: { w: NDArray; b: NDArray }) => ({ y: np.matmul(p.w, np.array([1, 2])).add(p.b), s: np.sum(p.w.mul(p.w)) });
  const p = { b: np.array([0.5, -1]), w: np.array([[1, 2], [3, 4]]) };
  const J = linop.jacobianOperator(f, p);
  // input order: b (2), w (4); output order: s (1), y (2)
  assert.deepEqual(J.shape, [3, 6]);
  assert.equal(J.dtype, "float32");
  check(J.toDense(), [3, 6], [[0, 0, 2, 4, 6, 8], [1, 0, 1, 2, 0, 0], [0, 1, 0, 0, 1, 2]], "float32", 1e-6);
});

test("linop: composition, sums, differences, scaling and transposes match the dense algebra", () => {
  const A = random.normal(random.key(3), [4, 3], { dtype: "float64" });
  const B = random.normal(random.key(4), [3, 5], { dtype: "float64" });
  const C = random.normal(random.key(5), [4, 3], { dtype: "float64" });
  const oA = linop.asLinearOperator(A), oB = linop.linearOperator({ shape: [3, 5], mv: (v) => np.matmul(B, v), dtype: "float64" });
  const oC = linop.jacobianOperator((x: NDArray) => np.matmul(C, x), np.zeros([3], { dtype: "float64" }));
  const d = (M: NDArray) => M.toArray() as number[][];
  close(oA.matmul(oB).toDense(), d(np.matmul(A, B)), 1e-13);
  close(linop.compose(oA, B).toDense({ by: "rows" }), d(np.matmul(A, B)), 1e-13);
  close(oA.add(oC).toDense(), d(A.add(C)), 1e-13);
  close(oA.sub(oC).T.toDense(), d(np.transpose(A.sub(C))), 1e-13);
  close(oA.scale(2.5).toDense(), d(A.mul(2.5)), 1e-13);
  close(oA.scale(np.array(-2, { dtype: "float64" })).neg().toDense(), d(A.mul(2)), 1e-13);
  // the rmv of a function operator without rmv is derived by linearTranspose
  close(oB.rmv(f64([1, -1, 2])), np.matmul(np.transpose(B), f64([1, -1, 2])).toArray() as number[], 1e-13);
  // (AB)ᵀ = BᵀAᵀ through the operators
  close(oA.matmul(oB).T.toDense(), d(np.matmul(np.transpose(B), np.transpose(A))), 1e-13);
  // the Gram operator AᵀA is symmetric positive semidefinite
  const G = oA.T.matmul(oA);
  close(G.toDense(), d(np.matmul(np.transpose(A), A)), 1e-13);
});

test("linop.hessianOperator and hvp: forward-over-reverse equals the dense Hessian; symmetric (rmv = mv)", () => {
  const f = (x: NDArray) => np.sum(np.sin(x).mul(x.pow(2))).add(x.get(0).mul(x.get(1)).mul(x.get(2)));
  const x = f64([0.3, -1.2, 0.8]);
  const H = linop.hessianOperator(f, x);
  assert.equal(H.symmetric, true);
  const ref = (hessian(f)(x) as NDArray).toArray() as number[][];
  close(H.toDense(), ref, 1e-13);
  close(H.T.toDense(), ref, 1e-13);
  const v = f64([1, -2, 0.5]);
  close(H.mv(v), np.matmul(f64(ref), v).toArray() as number[], 1e-13);
  close(H.rmv(v), np.matmul(f64(ref), v).toArray() as number[], 1e-13);
  close(linop.hvp(f, x, v) as NDArray, np.matmul(f64(ref), v).toArray() as number[], 1e-13);
  // hvp on a pytree: f(a, b) = a²·b + b³ with a, b scalars in a dict
  const r = linop.hvp((p: { a: NDArray; b: NDArray }) => p.a.pow(2).mul(p.b).add(p.b.pow(3)), { a: f64([1])?.get(0), b: f64([2]).get(0) }, { a: f64([1]).get(0), b: f64([0]).get(0) });
  // H = [[2b, 2a], [2a, 6b]] = [[4, 2], [2, 12]]; H·[1, 0] = [4, 2]
  close(r.a, [4], 1e-14);
  close(r.b, [2], 1e-14);
});

test("linop: operators under jit and vmap — built inside jit from traced points, mv mapped over vectors", () => {
  const x = f64([0.3, -0.7, 1.2]);
  const jitted = jit((x: NDArray, u: NDArray) => linop.jacobianOperator(g, x).rmv(u));
  const u = f64([1, -2]);
  const eager = linop.jacobianOperator(g, x).rmv(u);
  close(jitted(x, u), eager.toArray() as number[], 1e-14);
  close(jitted(x.mul(2), u), linop.jacobianOperator(g, x.mul(2)).rmv(u).toArray() as number[], 1e-14);
  const J = linop.jacobianOperator(g, x);
  const V = random.normal(random.key(7), [5, 3], { dtype: "float64" });
  close(vmap((v: NDArray) => J.mv(v))(V), np.transpose(J.matmat(np.transpose(V))).toArray() as number[][], 1e-13);
  // operators built per point inside vmap: a batch of Jacobian–vector products
  const X = f64([[0.3, -0.7, 1.2], [1, 2, 3]]);
  const v3 = f64([1, -1, 0.5]);
  close(vmap((x: NDArray) => linop.jacobianOperator(g, x).mv(v3))(X), vmap((x: NDArray) => np.matmul(jacfwd(g)(x) as NDArray, v3))(X).toArray() as number[][], 1e-13);
  // the linearization is computed once: mv is a replay of its jaxpr (f is not called again)
  let calls = 0;
  const counted = (x: NDArray) => {
    calls++;
    return g(x);
  };
  const K = linop.jacobianOperator(counted, x);
  const before = calls;
  K.mv(f64([1, 0, 0]));
  K.mv(f64([0, 1, 0]));
  K.toDense();
  assert.equal(calls, before, "mv re-ran f");
});

test("linop: errors name the function, what was given and what was expected", () => {
  const J = linop.jacobianOperator(seed, f64([2, 3]));
  assert.throws(() => J.mv([1, 2, 3]), /LinearOperator\.mv \(operator 2×2\): expected a vector of shape \[2\], got shape \[3\]/);
  assert.throws(() => J.rmv(f64([[1, 2]])), /LinearOperator\.rmv \(operator 2×2\): expected a vector of shape \[2\], got shape \[1,2\]/);
  assert.throws(() => J.column(2), /LinearOperator\.column \(operator 2×2\): expected an integer index in \[-2, 2\), got 2/);
  assert.throws(() => J.matmat(f64([1, 2])), /LinearOperator\.matmat \(operator 2×2\): expected a matrix of shape \[2, k\], got shape \[2\]/);
  assert.throws(() => J.toDense({ by: "diagonal" as "rows" }), /LinearOperator\.toDense: by must be "columns" or "rows", got "diagonal"/);
  const A = linop.asLinearOperator(np.ones([2, 3]));
  assert.throws(() => A.matmul(A), /linop\.compose: inner dimensions differ: 2×3 · 2×3 \(3 ≠ 2\)/);
  assert.throws(() => A.add(J), /LinearOperator\.add: shapes differ: 2×3 and 2×2/);
  assert.throws(() => A.scale(np.ones([2])), /LinearOperator\.scale: expected a scalar/);
  assert.throws(() => linop.asLinearOperator(np.ones([3])), /linop\.asLinearOperator: expected a 2-D array \(a matrix\), got shape \[3\]/);
  assert.throws(() => linop.linearOperator({ shape: [2], mv: (v: NDArray) => v }), /linop\.linearOperator: shape must be \[m, n\]/);
  assert.throws(() => linop.linearOperator({ shape: [2, 2], mv: (v: NDArray) => v, bogus: 1 } as never), /linop\.linearOperator: unknown option "bogus"/);
  const bad = linop.linearOperator({ shape: [2, 2], mv: (v: NDArray) => np.concatenate([v, v]) });
  assert.throws(() => bad.mv([1, 2]), /LinearOperator\.mv: the operator's function returned shape \[4\], expected a vector of shape \[2\]/);
  assert.throws(() => (linop.jacobianOperator as (...a: unknown[]) => unknown)(seed, f64([2, 3]), 1), /linop\.jacobianOperator: expected at most 2 argument/);
  assert.throws(() => linop.hessianOperator(42 as never, f64([1])), /linop\.hessianOperator: f must be a function, got 42/);
});

test("linop: the operator is a plain immutable value", () => {
  const A = linop.asLinearOperator(f64([[1, 2], [3, 4]]));
  assert.ok(Object.isFrozen(A));
  assert.ok(linop.isLinearOperator(A));
  assert.ok(!linop.isLinearOperator(f64([[1]])));
  assert.throws(() => {
    (A as { dtype: string }).dtype = "float32";
  }, TypeError);
  const B = A.scale(2);
  check(A.mv([1, 1]), [2], [3, 7], "float64", 0);
  check(B.mv([1, 1]), [2], [6, 14], "float64", 0);
});

test("linop: vectors of another dtype are converted to the operator's (float32 into a float64 operator, integers)", () => {
  const A = linop.linearOperator({ shape: [2, 2], mv: (v: NDArray) => v.mul(2), dtype: "float64" });
  const y = A.mv(np.array([1, 2], { dtype: "float32" }));
  check(y, [2], [2, 4], "float64", 0);
  check(A.rmv(np.array([1, 3], { dtype: "int32" })), [2], [2, 6], "float64", 0);
  const J = linop.jacobianOperator(seed, f64([2, 3]));
  check(J.rmv(np.array([1, 0], { dtype: "float32" })), [2], [3, 2], "float64", 0);
});

test("linop.diagonal and linop.identity: symmetric operators with their dense forms; a Jacobi preconditioner for cg", () => {
  const D = linop.diagonal(f64([1, -2, 3]));
  assert.equal(D.symmetric, true);
  check(D.toDense(), [3, 3], [[1, 0, 0], [0, -2, 0], [0, 0, 3]], "float64", 0);
  check(D.rmv([1, 1, 1]), [3], [1, -2, 3], "float64", 0);
  const I = linop.identity(3, "float64");
  check(I.add(D).scale(2).toDense(), [3, 3], [[4, 0, 0], [0, -2, 0], [0, 0, 8]], "float64", 0);
  assert.equal(linop.identity(2).dtype, "float32");
  check(linop.diagonal([1, 2]).mv([3, 4]), [2], [3, 8], "float32", 0);
  const A = f64([[4, 1, 0], [1, 30, 1], [0, 1, 200]]);
  const r = linop.cg(A, f64([1, 2, 3]), { tol: 1e-12, M: linop.diagonal(np.diagonal(A).pow(-1)) });
  close(r.x, np.linalg.solve(A, f64([1, 2, 3])).toArray() as number[], 1e-10);
  assert.throws(() => linop.diagonal(np.ones([2, 2])), /linop\.diagonal: expected a 1-D array of diagonal entries, got shape \[2,2\]/);
  assert.throws(() => linop.identity(-1), /linop\.identity: n must be an integer ≥ 0, got -1/);
  assert.throws(() => linop.identity(2, "int32"), /linop\.identity: dtype must be "float32" or "float64", got "int32"/);
});
