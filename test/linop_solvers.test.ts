/**
 * @file linop's matrix-free solvers (cg, minres, gmres) against dense solves (numpy's numbers and
 * np.linalg.solve) in float64 and float32: convergence flags, iteration caps, tolerances, preconditioners,
 * NaN handling and the errors (transformations and gradients: linop_solvers_grad.test.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, linop, random } from "../src/index.js";
import { close } from "./util.js";

const f64 = (x: number[] | number[][]) => np.array(x, { dtype: "float64" });
const b3 = f64([1, 2, 3]);
// numpy 2.4.6, np.linalg.solve
const SPD = f64([[4, 1, 0], [1, 3, 1], [0, 1, 2]]);
const SPD_X = [0.22222222222222224, 0.11111111111111104, 1.4444444444444446];
const SYM = f64([[1, 2, 0], [2, -1, 1], [0, 1, -3]]); // eigenvalues −3.58, −1.71, 2.29
const SYM_B = f64([1, 0, 2]);
const SYM_X = [0.4285714285714286, 0.2857142857142857, -0.5714285714285715];
const NONSYM = f64([[3, 1, 0], [-1, 2, 1], [0.5, 0, 1]]);
const NONSYM_X = [0.39999999999999997, -0.20000000000000004, 2.8000000000000003];

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

test("linop solvers: the 3×3 systems solved by numpy — cg (SPD), minres (indefinite), gmres (non-symmetric)", () => {
  for (const [name, A, b, want] of [["cg", SPD, b3, SPD_X], ["minres", SPD, b3, SPD_X], ["minres", SYM, SYM_B, SYM_X], ["gmres", NONSYM, b3, NONSYM_X], ["gmres", SYM, SYM_B, SYM_X]] as const) {
    const r = solvers[name](A, b, { tol: 1e-14 });
    close(r.x, want as unknown as number[], 1e-12);
    assert.equal(r.converged.item(), true, name);
    assert.equal(r.converged.dtype, "bool");
    assert.equal(r.iterations.dtype, "int32");
    // a 3×3 system: at most 3 Krylov steps in exact arithmetic (+1 for rounding)
    assert.ok((r.iterations.item() as number) <= 4, `${name}: ${r.iterations.item()} iterations`);
    assert.ok((r.residualNorm.item() as number) <= 1e-13 * 4, `${name}: residual ${r.residualNorm.item()}`);
    assert.equal(r.x.dtype, "float64");
  }
});

test("linop solvers: 40×40 random systems vs np.linalg.solve, given as a matrix, an operator and a function", () => {
  const { spd, sym, nonsym, b } = systems(40);
  const cases = [["cg", spd], ["minres", spd], ["minres", sym], ["gmres", nonsym], ["gmres", spd]] as const;
  for (const [name, A] of cases) {
    const want = np.linalg.solve(A, b);
    const forms = name === "cg" ? [A, linop.asLinearOperator(A), (v: NDArray) => np.matmul(A, v)] : name === "gmres" ? [linop.asLinearOperator(A)] : [A];
    for (const form of forms) {
      const r = solvers[name](form, b, { tol: 1e-11 });
      assert.equal(r.converged.item(), true, `${name}: not converged`);
      assert.ok(maxAbs(r.x, want) < 1e-8, `${name}: error ${maxAbs(r.x, want)}`);
      // the stopping rule: ‖b − Ax‖ ≤ tol·‖b‖ (recursive residual; the true one agrees to rounding)
      const bn = np.linalg.norm(b).item() as number;
      const trueRes = np.linalg.norm(b.sub(np.matmul(A, r.x))).item() as number;
      assert.ok((r.residualNorm.item() as number) <= 1e-11 * bn, `${name}: residual ${r.residualNorm.item()}`);
      assert.ok(trueRes <= 1e-10 * bn, `${name}: true residual ${trueRes}`);
    }
  }
});

test("linop solvers: float32 systems stay float32 and reach float32 accuracy", () => {
  const { spd, nonsym, b } = systems(20, "float32");
  for (const [name, A] of [["cg", spd], ["minres", spd], ["gmres", nonsym]] as const) {
    const r = solvers[name](A, b, { tol: 1e-5 });
    assert.equal(r.x.dtype, "float32");
    assert.equal(r.converged.item(), true, name);
    const want = np.linalg.solve(A.astype("float64"), b.astype("float64"));
    const rel = maxAbs(r.x.astype("float64"), want) / (np.max(np.abs(want)).item() as number);
    assert.ok(rel < 1e-4, `${name}: relative error ${rel}`);
  }
});

test("linop solvers: iteration caps stop them and say so; atol; x0; a converged start does no iteration", () => {
  const { spd, sym, nonsym, b } = systems(40);
  for (const [name, A] of [["cg", spd], ["minres", sym], ["gmres", nonsym]] as const) {
    const r = solvers[name](A, b, { tol: 1e-14, maxiter: 2, ...(name === "gmres" ? { restart: 5 } : {}) });
    assert.equal(r.converged.item(), false, name);
    // gmres counts Arnoldi steps: 2 cycles of 5 steps
    assert.equal(r.iterations.item(), name === "gmres" ? 10 : 2, name);
    const x = np.linalg.solve(A, b);
    const z = solvers[name](A, b, { x0: x, tol: 1e-8 });
    assert.equal(z.iterations.item(), 0, `${name}: iterations from the solution`);
    assert.equal(z.converged.item(), true);
    // a loose absolute tolerance converges in fewer steps than a tight relative one
    const loose = solvers[name](A, b, { tol: 0, atol: 1e-1 }), tight = solvers[name](A, b, { tol: 1e-12 });
    assert.equal(loose.converged.item(), true);
    assert.ok((loose.residualNorm.item() as number) <= 1e-1);
    assert.ok((loose.iterations.item() as number) < (tight.iterations.item() as number), `${name}: ${loose.iterations.item()} vs ${tight.iterations.item()}`);
  }
  // gmres: a smaller restart takes more steps on the same system, and restart = n is full GMRES
  const full = linop.gmres(nonsym, b, { restart: 40, tol: 1e-10 });
  const small = linop.gmres(nonsym, b, { restart: 4, tol: 1e-10, maxiter: 200 });
  assert.equal(small.converged.item(), true);
  assert.ok((small.iterations.item() as number) > (full.iterations.item() as number));
  assert.ok((full.iterations.item() as number) <= 40);
});

test("linop solvers: a Jacobi preconditioner cuts the iterations on a badly scaled SPD system", () => {
  const n = 40;
  const d = np.logspace(0, 3, n, { dtype: "float64" });
  const K = random.normal(random.key(3), [n, n], { dtype: "float64" }).mul(0.1);
  const A = np.diag(d).add(np.matmul(K, np.transpose(K)));
  const b = random.normal(random.key(4), [n], { dtype: "float64" });
  const want = np.linalg.solve(A, b);
  const inv = np.diagonal(A).pow(-1);
  const M = (v: NDArray) => v.mul(inv);
  for (const name of ["cg", "minres", "gmres"] as const) {
    const plain = solvers[name](A, b, { tol: 1e-10, maxiter: 400 });
    const pre = solvers[name](A, b, { tol: 1e-10, M, maxiter: 1000 });
    assert.equal(pre.converged.item(), true, name);
    assert.ok(maxAbs(pre.x, want) < 1e-7 * (np.max(np.abs(want)).item() as number), `${name}: error ${maxAbs(pre.x, want)}`);
    assert.ok((pre.iterations.item() as number) < (plain.iterations.item() as number) / 2, `${name}: ${pre.iterations.item()} vs ${plain.iterations.item()} iterations`);
  }
  // the preconditioner as a diagonal operator gives the same result
  const Mop = linop.linearOperator({ shape: [n, n], mv: M, dtype: "float64", symmetric: true });
  close(linop.cg(A, b, { tol: 1e-10, M: Mop }).x, linop.cg(A, b, { tol: 1e-10, M }).x.toArray() as number[], 1e-14);
});

test("linop solvers: NaN in → NaN out, and the iteration cap always stops them", () => {
  for (const name of ["cg", "minres", "gmres"] as const) {
    const r = solvers[name](SPD, f64([1, Number.NaN, 3]));
    assert.ok((r.x.toArray() as number[]).every(Number.isNaN), `${name}: ${r.x}`);
    assert.equal(r.converged.item(), false);
    const A = f64([[Number.NaN, 0, 0], [0, 1, 0], [0, 0, 1]]);
    const s = solvers[name](A, b3, { maxiter: 5 });
    assert.ok((s.x.toArray() as number[]).every(Number.isNaN), `${name}: ${s.x}`);
    assert.equal(s.converged.item(), false);
  }
  // b = 0: x = 0 at once
  const z = linop.cg(SPD, f64([0, 0, 0]));
  close(z.x, [0, 0, 0], 0);
  assert.equal(z.iterations.item(), 0);
  assert.equal(z.converged.item(), true);
});

test("linop solvers: errors name the solver, what was given and what was expected", () => {
  assert.throws(() => linop.cg(SPD, f64([1, 2])), /linop\.cg: A must be a square 2×2 matrix to match b of shape \[2\], got shape \[3,3\]/);
  assert.throws(() => linop.minres(SPD, f64([[1, 2, 3]])), /linop\.minres: b must be a 1-D array \(a vector\), got shape \[1,3\]/);
  assert.throws(() => linop.gmres(linop.asLinearOperator(np.ones([3, 2])), b3), /linop\.gmres: A must be a square 3×3 operator to match b of shape \[3\], got 3×2/);
  assert.throws(() => linop.cg((v: NDArray) => v.get(":2"), b3), /linop\.cg: A \(a function\) returned shape \[2\], expected a vector of shape \[3\] like b/);
  assert.throws(() => linop.cg(SPD, b3, { tol: -1 }), /linop\.cg: tol must be a finite number ≥ 0, got -1/);
  assert.throws(() => linop.cg(SPD, b3, { maxiter: 2.5 }), /linop\.cg: maxiter must be an integer ≥ 0, got 2\.5/);
  assert.throws(() => linop.cg(SPD, b3, { x0: f64([1]) }), /linop\.cg: x0 must be a vector of shape \[3\] like b, got shape \[1\]/);
  assert.throws(() => linop.cg(SPD, b3, { M: np.eye(2) }), /linop\.cg: the preconditioner M must be a square 3×3 matrix/);
  assert.throws(() => linop.gmres(SPD, b3, { restart: 0 }), /linop\.gmres: restart must be an integer ≥ 1, got 0/);
  assert.throws(() => linop.cg(SPD, b3, { restart: 3 } as never), /linop\.cg: unknown option "restart"/);
  assert.throws(() => linop.cg("A" as never, b3), /linop\.cg: A must be a LinearOperator, a matrix or a function v ↦ Av, got "A"/);
  assert.throws(() => (linop.cg as (...a: unknown[]) => unknown)(SPD, b3, {}, 1), /linop\.cg: expected at most 3 argument/);
});
