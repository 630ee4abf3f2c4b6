/**
 * @file linop's matrix-free solvers under transformations: jit and vmap, and implicit differentiation
 * (w.r.t. b, a matrix, parameters captured by A's function, a Hessian operator's point; with
 * preconditioners) against dense solves and by checkGrads.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, linop, grad, jit, vmap, jvp, random, checkGrads, jacfwd, jacrev } from "../src/index.js";
import { close } from "./util.js";

const f64 = (x: number[] | number[][]) => np.array(x, { dtype: "float64" });
const b3 = f64([1, 2, 3]);
// numpy 2.4.6, np.linalg.solve
const SPD = f64([[4, 1, 0], [1, 3, 1], [0, 1, 2]]);
const SYM = f64([[1, 2, 0], [2, -1, 1], [0, 1, -3]]); // eigenvalues −3.58, −1.71, 2.29
const SYM_B = f64([1, 0, 2]);
const NONSYM = f64([[3, 1, 0], [-1, 2, 1], [0.5, 0, 1]]);
// numpy: d(w·x)/dA = −λxᵀ with λ = A⁻ᵀw, for A = NONSYM, b = [1, 2, 3], w = [1, −2, 0.5]
const NONSYM_W = f64([1, -2, 0.5]);
const NONSYM_DA = [[0.08, -0.04, 0.56], [0.36, -0.18, 2.52], [-0.56, 0.28, -3.92]];
const NONSYM_DB = [-0.2, -0.9, 1.4];

/** A random SPD, symmetric indefinite and non-symmetric n×n matrix with a right-hand side. */
function systems(n: number, dtype: "float32" | "float64" = "float64") {
  const K = random.normal(random.key(11), [n, n], { dtype });
  const spd = np.matmul(K, np.transpose(K)).add(np.eye(n, { dtype }).mul(n));
  const sym = K.add(np.transpose(K));
  const nonsym = K.add(np.eye(n, { dtype }).mul(2 * Math.sqrt(n)));
  const b = random.normal(random.key(12), [n], { dtype });
  return { spd, sym, nonsym, b };
}
const maxAbs = (a: NDArray, b: NDArray) => np.max(np.abs(a.sub(b))).item() as number;
const solvers = { cg: linop.cg, minres: linop.minres, gmres: linop.gmres } as const;

test("linop solvers: under jit (one compiled program) and vmap (a batch of right-hand sides)", () => {
  const { spd, nonsym, b } = systems(12);
  const B = random.normal(random.key(5), [4, 12], { dtype: "float64" });
  for (const [name, A] of [["cg", spd], ["minres", spd], ["gmres", nonsym]] as const) {
    const solve = (bb: NDArray) => solvers[name](A, bb, { tol: 1e-12 }).x;
    const want = np.linalg.solve(A, b);
    assert.ok(maxAbs(jit(solve)(b), want) < 1e-9, `${name} jit`);
    const batch = vmap(solve)(B) as NDArray;
    const wantB = np.transpose(np.linalg.solve(A, np.transpose(B)));
    assert.ok(maxAbs(batch, wantB) < 1e-9, `${name} vmap: ${maxAbs(batch, wantB)}`);
    // the whole result object under jit
    const r = jit((bb: NDArray) => solvers[name](A, bb, { tol: 1e-12 }))(b) as { converged: NDArray; iterations: NDArray };
    assert.equal(r.converged.item(), true);
  }
});

test("linop solvers: implicit differentiation w.r.t. b and A (numpy's −λxᵀ, λ = A⁻ᵀw), through a closure", () => {
  const loss = (A: NDArray, b: NDArray) => np.vdot(NONSYM_W, linop.gmres(A, b, { tol: 1e-14 }).x);
  const [dA, db] = grad(loss, { argnums: [0, 1] })(NONSYM, b3) as NDArray[];
  close(dA, NONSYM_DA, 1e-10);
  close(db, NONSYM_DB, 1e-10);
  // the matrix captured by a function v ↦ A(θ)v: the gradient flows to θ
  const A0 = SPD, A1 = f64([[1, 0, 1], [0, 2, 0], [1, 0, 1]]);
  const viaCg = (th: NDArray) => np.vdot(NONSYM_W, linop.cg((v: NDArray) => np.matmul(A0.add(A1.mul(th)), v), b3, { tol: 1e-14 }).x);
  const viaSolve = (th: NDArray) => np.vdot(NONSYM_W, np.linalg.solve(A0.add(A1.mul(th)), b3));
  const th = np.array(0.3, { dtype: "float64" });
  close(grad(viaCg)(th) as NDArray, [(grad(viaSolve)(th) as NDArray).item() as number], 1e-10);
  // minres on the indefinite system, w.r.t. b: A⁻ᵀw
  const dbSym = grad((b: NDArray) => np.vdot(NONSYM_W, linop.minres(SYM, b, { tol: 1e-14 }).x))(SYM_B) as NDArray;
  close(dbSym, np.linalg.solve(SYM, NONSYM_W).toArray() as number[], 1e-10);
  // jacrev of the solution w.r.t. b is A⁻¹
  close(jacrev((b: NDArray) => linop.cg(SPD, b, { tol: 1e-14 }).x)(b3) as NDArray, np.linalg.inv(SPD).toArray() as number[][], 1e-10);
});

test("linop solvers: checkGrads (reverse mode, float64 finite differences) through cg, minres and gmres", () => {
  const { spd, nonsym } = systems(6);
  const b = f64([1, -1, 2, 0.5, 0, 3]);
  checkGrads((A: NDArray, b: NDArray) => linop.cg(np.matmul(A, np.transpose(A)).add(np.eye(6, { dtype: "float64" })), b, { tol: 1e-13 }).x, [spd.mul(0.3), b], { modes: ["rev"], order: 1 });
  checkGrads((A: NDArray, b: NDArray) => linop.minres(A.add(np.transpose(A)), b, { tol: 1e-13 }).x, [spd, b], { modes: ["rev"], order: 1 });
  checkGrads((A: NDArray, b: NDArray) => linop.gmres(A, b, { tol: 1e-13 }).x, [nonsym, b], { modes: ["rev"], order: 1 });
});

test("linop solvers: the operator of a program — cg on a Hessian operator, differentiated w.r.t. the point", () => {
  // f(x) = Σ exp(x_i)/2 + ½‖Dx‖²: Hessian diag(exp(x)/2) + DᵀD is SPD
  const D = f64([[1, -1, 0], [0, 1, -1], [0, 0, 2]]);
  const f = (x: NDArray) => np.sum(np.exp(x)).mul(0.5).add(np.sum(np.matmul(D, x).pow(2)).mul(0.5));
  const Hd = (x: NDArray) => np.diag(np.exp(x).mul(0.5)).add(np.matmul(np.transpose(D), D));
  const x = f64([0.1, -0.4, 0.7]);
  const viaOp = (x: NDArray) => np.vdot(NONSYM_W, linop.cg(linop.hessianOperator(f, x), b3, { tol: 1e-14 }).x);
  const viaDense = (x: NDArray) => np.vdot(NONSYM_W, np.linalg.solve(Hd(x), b3));
  close(viaOp(x), [viaDense(x).item() as number], 1e-12);
  close(grad(viaOp)(x) as NDArray, (grad(viaDense)(x) as NDArray).toArray() as number[], 1e-9);
});

test("linop solvers: jit(grad(…)) and vmap(grad(…)) through cg, vmap over a batch of matrices; forward mode (jvp) as JAX", () => {
  const L = (th: NDArray) => np.sum(linop.cg(SPD.mul(th), b3, { tol: 1e-14 }).x);
  const Ld = (th: NDArray) => np.sum(np.linalg.solve(SPD.mul(th), b3));
  const th = np.array(2, { dtype: "float64" });
  const want = (grad(Ld)(th) as NDArray).item() as number;
  close(jit(grad(L))(th) as NDArray, [want], 1e-10);
  close(vmap(grad(L))(f64([2, 2])) as NDArray, [want, want], 1e-10);
  const As = np.stack([SPD, SPD.mul(2), SPD.add(np.eye(3, { dtype: "float64" }))]);
  const xs = vmap((M: NDArray) => linop.cg(M, b3, { tol: 1e-14 }).x)(As) as NDArray;
  close(xs, np.linalg.solve(As, np.broadcastTo(b3.reshape([1, 3, 1]), [3, 3, 1])).reshape([3, 3]).toArray() as number[][], 1e-10);
  // forward mode: the tangent system A·ẋ = ḃ − Ȧ·x solved by the same loop (lax.customLinearSolve)
  const [, t] = jvp(L, [th], [np.array(1, { dtype: "float64" })]) as [NDArray, NDArray];
  close(t, [want], 1e-10);
});

test("linop solvers: forward mode equals reverse mode and the dense derivative (jacfwd = jacrev), all three solvers, in A and b", () => {
  const solvers = [
    ["cg", SPD, (A: NDArray, b: NDArray) => linop.cg(A, b, { tol: 1e-14 }).x],
    ["minres", SYM, (A: NDArray, b: NDArray) => linop.minres(A, b, { tol: 1e-14 }).x],
    ["gmres", NONSYM, (A: NDArray, b: NDArray) => linop.gmres(A, b, { tol: 1e-14 }).x],
  ] as const;
  for (const [name, A, solve] of solvers) {
    const dense = (b: NDArray) => np.linalg.solve(A, b);
    close(jacfwd((b: NDArray) => solve(A, b))(b3) as NDArray, (jacfwd(dense)(b3) as NDArray).toArray() as number[][], 1e-9);
    close(jacfwd((b: NDArray) => solve(A, b))(b3) as NDArray, (jacrev((b: NDArray) => solve(A, b))(b3) as NDArray).toArray() as number[][], 1e-9);
    // a direction in A: d x = −A⁻¹ (dA) x
    const dA = f64([[0.1, -0.2, 0], [0.3, 0.05, -0.1], [0, 0.2, 0.15]]);
    const dAs = name === "gmres" ? dA : dA.add(np.transpose(dA)); // cg and minres need a symmetric operator
    const [, dx] = jvp((M: NDArray) => solve(M, b3), [A], [dAs]) as [NDArray, NDArray];
    const [, dxDense] = jvp((M: NDArray) => np.linalg.solve(M, b3), [A], [dAs]) as [NDArray, NDArray];
    close(dx, dxDense.toArray() as number[], 1e-9);
    // info outputs have no derivative
    const [, tIt] = jvp((b: NDArray) => np.asArray(linop.cg(SPD, b, { tol: 1e-14 }).residualNorm), [b3], [b3]) as [NDArray, NDArray];
    close(tIt, [0], 0);
  }
});

test("linop solvers: gradients with a preconditioner (gmres with a non-symmetric M, minres with an SPD M) equal the dense ones", () => {
  const Mg = np.linalg.inv(NONSYM).add(f64([[0, 0.05, 0], [0, 0, 0], [0.02, 0, 0]]));
  const [dA, db] = grad((A: NDArray, b: NDArray) => np.vdot(NONSYM_W, linop.gmres(A, b, { tol: 1e-14, M: Mg }).x), { argnums: [0, 1] })(NONSYM, b3) as NDArray[];
  close(dA, NONSYM_DA, 1e-9);
  close(db, NONSYM_DB, 1e-9);
  const Mm = np.diag(f64([1, 0.5, 0.3]));
  const dbm = grad((b: NDArray) => np.vdot(NONSYM_W, linop.minres(SYM, b, { tol: 1e-14, M: Mm }).x))(SYM_B) as NDArray;
  close(dbm, np.linalg.solve(SYM, NONSYM_W).toArray() as number[], 1e-9);
});
