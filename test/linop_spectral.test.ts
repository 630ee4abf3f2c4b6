/**
 * @file linop.lanczos / eigsh against closed forms and np.linalg.eigh (SPD and indefinite), and the
 * trace estimators (hutchinson, hutchPlusPlus) against exact traces: mean, variance, a Hessian's trace
 * without forming it; jit; errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, linop, random, jit, hessian } from "../src/index.js";
import { close } from "./util.js";

const f64 = (x: number[] | number[][]) => np.array(x, { dtype: "float64" });
const num = (a: NDArray) => a.item() as number;

/** The second-difference matrix tridiag(−1, 2, −1) of size n: eigenvalues 2 − 2cos(kπ/(n+1)). */
const laplacian = (n: number) =>
  linop.linearOperator({
    shape: [n, n],
    dtype: "float64",
    symmetric: true,
    mv: (v) => v.mul(2).sub(np.pad(v.get("1:"), [0, 1])).sub(np.pad(v.get(":-1"), [1, 0])),
  });

function randomSym(n: number, kind: "spd" | "indefinite", seed: number) {
  const K = random.normal(random.key(seed), [n, n], { dtype: "float64" });
  return kind === "spd" ? np.matmul(K, np.transpose(K)).add(np.eye(n, { dtype: "float64" })) : K.add(np.transpose(K));
}

test("linop.lanczos: k = n on the second-difference operator gives every eigenvalue 2 − 2cos(kπ/(n+1))", () => {
  const n = 12;
  const r = linop.lanczos(laplacian(n), n, { key: random.key(1) });
  const want = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
  close(r.eigenvalues, want, 1e-12);
  assert.deepEqual(r.eigenvectors.shape, [n, n]);
  // the basis is orthonormal (full reorthogonalisation) and T = QᵀAQ
  const Q = r.basis;
  close(np.matmul(np.transpose(Q), Q), np.eye(n).toArray() as number[][], 1e-12);
  const T = np.matmul(np.transpose(Q), laplacian(n).matmat(Q));
  close(np.diagonal(T), r.alpha.toArray() as number[], 1e-12);
  close(np.diagonal(T, 1), r.beta.toArray() as number[], 1e-12);
});

test("linop.lanczos / eigsh: extreme eigenvalues of random SPD and indefinite matrices vs np.linalg.eigh", () => {
  for (const kind of ["spd", "indefinite"] as const) {
    const n = 60;
    const A = randomSym(n, kind, kind === "spd" ? 2 : 3);
    const [w, V] = np.linalg.eigh(A);
    const ws = w.toArray() as number[];
    // eigsh: the 3 largest and 3 smallest from 40 Lanczos steps (no restarts)
    const top = linop.eigsh(A, 3, { which: "LA", ncv: 40, key: random.key(4) });
    // the bottom of KKᵀ + I is a dense cluster (the hard edge of its Marchenko–Pastur spectrum): Lanczos
    // resolves it only with the full space there; the semicircle edges of K + Kᵀ converge in 40 steps
    const bot = linop.eigsh(linop.asLinearOperator(A, { symmetric: true }), 3, { which: "SA", ncv: kind === "spd" ? n : 40, key: random.key(5) });
    close(top.eigenvalues, ws.slice(-3), 1e-8);
    close(bot.eigenvalues, ws.slice(0, 3), 1e-8);
    assert.ok(num(np.max(top.residualNorms)) < 1e-4 * Math.abs(ws[n - 1]), `residuals ${top.residualNorms}`);
    // the eigenvector of the largest eigenvalue, up to sign
    const v = top.eigenvectors.get(":", 2), u = V.get(":", n - 1);
    assert.ok(Math.abs(Math.abs(num(np.vdot(u, v))) - 1) < 1e-8);
    // the residual norms are ‖Ay − θy‖ for the Ritz pairs
    const y = top.eigenvectors;
    const res = np.linalg.norm(np.matmul(A, y).sub(y.mul(top.eigenvalues)), { axis: 0 });
    close(res, top.residualNorms.toArray() as number[], 1e-6);
    // "LM": largest magnitude (for the indefinite matrix, from both ends)
    const lm = linop.eigsh(A, 2, { which: "LM", ncv: 40 });
    const byMag = [...ws].sort((a, b) => Math.abs(b) - Math.abs(a)).slice(0, 2).sort((a, b) => a - b);
    close(lm.eigenvalues, byMag, 1e-8);
  }
});

test("linop.lanczos: invariant subspaces (the identity, a rank-2 matrix) restart and stay orthonormal; a function with v0; jit", () => {
  const r = linop.lanczos(np.eye(6, { dtype: "float64" }), 6);
  close(r.eigenvalues, [1, 1, 1, 1, 1, 1], 1e-12);
  const u = f64([1, 2, 0, -1, 0, 1]), w = f64([0, 1, 1, 1, -1, 0]);
  const low = np.outer(u, u).add(np.outer(w, w).mul(3));
  const want = (np.linalg.eigvalsh(low).toArray() as number[]);
  close(linop.lanczos(low, 6).eigenvalues, want, 1e-10);
  // A as a function needs v0 for its size
  const L = laplacian(8);
  const fromFn = linop.lanczos((v: NDArray) => L.mv(v), 8, { v0: np.ones([8], { dtype: "float64" }) });
  // with v0 = ones (symmetric), only the even eigenvectors are reachable; the restarts find the rest
  close(fromFn.eigenvalues, Array.from({ length: 8 }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / 9)), 1e-10);
  const jitted = jit((A: NDArray) => linop.lanczos(A, 5).eigenvalues);
  const S = randomSym(5, "indefinite", 9);
  close(jitted(S), np.linalg.eigvalsh(S).toArray() as number[], 1e-10);
});

test("linop.hutchinson: the estimate's mean and variance against the exact trace and theory (Rademacher and normal)", () => {
  const n = 8;
  const A = randomSym(n, "indefinite", 21);
  const exact = num(np.trace(A));
  const off = num(np.sum(A.pow(2))) - num(np.sum(np.diagonal(A).pow(2)));
  const fro = num(np.sum(A.pow(2)));
  const p = 4000;
  for (const [distribution, varOne] of [["rademacher", 2 * off], ["normal", 2 * fro]] as const) {
    const { trace, stdErr } = linop.hutchinson(A, random.key(7), p, { distribution });
    // the sample variance of zᵀAz matches the theory within 10 % (4000 probes: ~2 % standard error)
    const varHat = num(stdErr) ** 2 * p;
    assert.ok(Math.abs(varHat / varOne - 1) < 0.1, `${distribution}: variance ${varHat} vs ${varOne}`);
    assert.ok(Math.abs(num(trace) - exact) < 4 * num(stdErr), `${distribution}: ${num(trace)} vs ${exact} ± ${num(stdErr)}`);
  }
  // a diagonal matrix with Rademacher probes: exact (zᵢ² = 1)
  close(linop.hutchinson(np.diag(f64([1, -2, 3.5])), random.key(0), 3).trace, [2.5], 1e-14);
});

test("linop.hutchinson: the trace of a Hessian without forming it (coupled, non-separable f), and under jit", () => {
  const n = 30;
  const f = (x: NDArray) => np.sum(np.sin(x).mul(x.pow(2))).add(np.sum(x.get("1:").mul(x.get(":-1")).pow(2)));
  const x = np.linspace(-1, 1, n, { dtype: "float64" });
  const exact = num(np.trace(hessian(f)(x) as NDArray));
  const H = linop.hessianOperator(f, x);
  const { trace, stdErr } = linop.hutchinson(H, random.key(3), 400);
  assert.ok(Math.abs(num(trace) - exact) < 4 * num(stdErr) && num(stdErr) < 0.1 * Math.abs(exact), `${num(trace)} vs ${exact} ± ${num(stdErr)}`);
  const jitted = jit((x: NDArray, key: NDArray) => linop.hutchinson(linop.hessianOperator(f, x), key, 400).trace);
  close(jitted(x, random.key(3)), [num(trace)], 1e-10);
});

test("linop.hutchPlusPlus: on a decaying spectrum its error is far below Hutchinson's at the same matvec budget", () => {
  const n = 60;
  const [Q] = np.linalg.qr(random.normal(random.key(30), [n, n], { dtype: "float64" }));
  const lam = np.arange(1, n + 1, { dtype: "float64" }).pow(-2);
  const A = np.matmul(Q.mul(lam), np.transpose(Q));
  const exact = num(np.sum(lam));
  let eH = 0, eP = 0;
  const trials = 8;
  for (let t = 0; t < trials; t++) {
    eH += Math.abs(num(linop.hutchinson(A, random.key(100 + t), 30).trace) - exact);
    eP += Math.abs(num(linop.hutchPlusPlus(A, random.key(100 + t), 30).trace) - exact);
  }
  assert.ok(eP < eH / 5, `mean |error|: Hutch++ ${eP / trials} vs Hutchinson ${eH / trials}`);
  // with the budget ≥ 3n the sketch spans everything: exact
  close(linop.hutchPlusPlus(A, random.key(1), 3 * n).trace, [exact], 1e-10);
});

test("linop spectral: errors name the function, what was given and what was expected", () => {
  const A = np.eye(4, { dtype: "float64" });
  assert.throws(() => linop.lanczos(A, 5), /linop\.lanczos: k must be an integer in \[1, 4\] \(the operator is 4×4\), got 5/);
  assert.throws(() => linop.lanczos(np.ones([3, 4]), 2), /linop\.lanczos: the operator must be square \(symmetric\), got 3×4/);
  assert.throws(() => linop.lanczos((v: NDArray) => v, 2), /linop\.lanczos: with A a function, give the start vector v0/);
  assert.throws(() => linop.lanczos(A, 2, { v0: f64([1, 2]) }), /linop\.lanczos: expected a start vector v0 of shape \[4\], got shape \[2\]/);
  assert.throws(() => linop.eigsh(A, 2, { which: "BE" as "LA" }), /linop\.eigsh: which must be "LA", "SA" or "LM", got "BE"/);
  assert.throws(() => linop.eigsh(A, 3, { ncv: 2 }), /linop\.eigsh: ncv must be an integer in \[k, n\] = \[3, 4\], got 2/);
  assert.throws(() => linop.hutchinson(A, random.key(0), 0), /linop\.hutchinson: numProbes must be an integer ≥ 1, got 0/);
  assert.throws(() => linop.hutchinson(A, random.key(0), 4, { distribution: "uniform" as "normal" }), /linop\.hutchinson: distribution must be "rademacher" or "normal", got "uniform"/);
  assert.throws(() => linop.hutchinson((v: NDArray) => v, random.key(0), 4), /linop\.hutchinson: with A a function, give its size: \{ size: n \}/);
  assert.throws(() => linop.hutchinson(np.ones([2, 3]), random.key(0), 4), /linop\.hutchinson: the trace needs a square operator, got 2×3/);
  assert.throws(() => linop.hutchPlusPlus(A, random.key(0), 2), /linop\.hutchPlusPlus: numMatvecs must be ≥ 3/);
  assert.throws(() => linop.hutchinson(A, 0 as never, 2), /linop\.hutchinson: key must be a PRNG key/);
});

test("linop.eigsh on a Hessian operator: the extreme curvatures of an extended Rosenbrock function without forming it", () => {
  const n = 40;
  const f = (x: NDArray) => np.sum(x.get("1:").sub(x.get(":-1").pow(2)).pow(2).mul(100).add(np.subtract(1, x.get(":-1")).pow(2)));
  const x = np.linspace(-0.5, 1.2, n, { dtype: "float64" });
  const w = np.linalg.eigvalsh(hessian(f)(x) as NDArray).toArray() as number[];
  const H = linop.hessianOperator(f, x);
  const top = linop.eigsh(H, 2, { which: "LA", ncv: 30, key: random.key(2) });
  const bottom = linop.eigsh(H, 1, { which: "SA", ncv: n, key: random.key(2) });
  close(top.eigenvalues, w.slice(-2), 1e-9);
  close(bottom.eigenvalues, w.slice(0, 1), 1e-9);
  // this point is not a minimum: the smallest curvature is negative
  assert.ok(num(bottom.eigenvalues) < 0);
});
