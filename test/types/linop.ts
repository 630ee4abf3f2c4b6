/**
 * @file Static types of issue 14's linear operators and solvers, checked by `tsc -p test/types`: the
 * operator's members, the solvers' result, and misspelled options that must be compile errors.
 */
import { NDArray, linop, np, random, type LinearOperator } from "../../src/index.js";

type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
const check = <T extends true>() => {};
const x = np.array([2, 3]);
const J = linop.jacobianOperator((v: NDArray) => v.mul(v), x);
check<Equal<typeof J, LinearOperator>>();
check<Equal<typeof J, linop.LinearOperator>>();
check<Equal<typeof J.shape, readonly [number, number]>>();
check<Equal<ReturnType<typeof J.mv>, NDArray>>();
check<Equal<typeof J.T, LinearOperator>>();
check<Equal<typeof J.denseCost.by, "columns" | "rows">>();
const r = linop.cg(J, x, { tol: 1e-8, M: (v: NDArray) => v });
check<Equal<typeof r, linop.SolveResult>>();
check<Equal<typeof r.converged, NDArray>>();
check<Equal<ReturnType<typeof linop.lanczos>, linop.LanczosResult>>();
check<Equal<ReturnType<typeof linop.hutchinson>, linop.TraceEstimate>>();
linop.gmres(np.eye(2), x, { restart: 2, maxiter: 3 });
linop.linearOperator({ shape: [2, 2], mv: (v) => v, symmetric: true });
linop.hutchinson(J, random.key(0), 10, { distribution: "normal" });
// @ts-expect-error — restart is gmres's option, not cg's
linop.cg(J, x, { restart: 3 });
// @ts-expect-error — tolerance is spelled tol
linop.minres(J, x, { tolerance: 1e-8 });
// @ts-expect-error — the distributions are "rademacher" and "normal"
linop.hutchinson(J, random.key(0), 10, { distribution: "uniform" });
// @ts-expect-error — which is "LA", "SA" or "LM"
linop.eigsh(J, 1, { which: "BE" });
// @ts-expect-error — an operator's mv takes a vector, not a string
J.mv("v");
