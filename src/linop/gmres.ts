/** @file `gmres`: restarted GMRES (Arnoldi with Givens rotations, right preconditioning) as nested `lax.whileLoop`s. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { dynamicIndexInDim, dynamicUpdateSliceInDim, foriLoop, whileLoop } from "../public/lax.js";
import type { Loop } from "./implicit.js";
import type { MatVec } from "./operator.js";
import { type OperatorLike, type SolveOptions, type SolveResult, finish, nanIfNotFinite, prepare, threshold2 } from "./solve_common.js";

type S = NDArray[];

/** Replace row `i` of `X` (dynamic i). */
const setRow = (X: NDArray, i: NDArray, row: NDArray) => dynamicUpdateSliceInDim(X, row.reshape([1, row.shape[0]]), i, 0);
const at = (x: NDArray, i: NDArray | number) => dynamicIndexInDim(x, i, 0, false);
const setAt = (x: NDArray, i: NDArray | number, v: NDArray) => dynamicUpdateSliceInDim(x, v.reshape([1]), i, 0);

/**
 * One GMRES cycle of at most `restart` Arnoldi steps from x (residual r): the Hessenberg matrix is
 * reduced to triangular form by Givens rotations as it grows, so |g[j+1]| is the residual norm of the
 * minimiser; the cycle stops early when that is ≤ thr. Returns the updated x and the steps done.
 */
function cycle(A: MatVec, M: MatVec, x: NDArray, r: NDArray, thr: NDArray, restart: number): [NDArray, NDArray] {
  const n = x.shape[0], dt = x.dtype;
  const beta = np.sqrt(np.vdot(r, r));
  const V0 = setRow(np.zeros([restart + 1, n], { dtype: dt }), np.array(0, { dtype: "int32" }), r.div(np.where(beta.gt(0), beta, 1)));
  const R0 = np.zeros([restart, restart + 1], { dtype: dt }); // row j: column j of the rotated Hessenberg matrix
  const g0 = setAt(np.zeros([restart + 1], { dtype: dt }), 0, beta);
  const cs0 = np.zeros([restart], { dtype: dt }), sn0 = np.zeros([restart], { dtype: dt });
  const rows = np.arange(restart + 1);
  // carry: V, R, cs, sn, g, j, residual estimate
  const [V, R, , , g, j] = whileLoop(
    (c: S) => np.logicalAnd(c[5].lt(restart), c[6].gt(thr)),
    (c: S): S => {
      const [V, R, cs, sn, g, j, _res] = c;
      // Arnoldi: w = A M v_j, orthogonalised against v_0..v_j twice (classical Gram–Schmidt, repeated)
      let w = A(M(at(V, j)));
      const mask = rows.le(j).astype(dt);
      const h1 = np.matmul(V, w).mul(mask);
      w = w.sub(np.matmul(h1, V));
      const h2 = np.matmul(V, w).mul(mask);
      w = w.sub(np.matmul(h2, V));
      const hn = np.sqrt(np.vdot(w, w));
      const V1 = setRow(V, j.add(1), w.div(np.where(hn.gt(0), hn, 1)));
      let col = setAt(h1.add(h2), j.add(1), hn);
      // apply the earlier rotations i < j to the new column: (a, b) ← (c·a + s·b, −s·a + c·b)
      col = foriLoop(0, j, (i: NDArray, h: NDArray) => {
        const a = at(h, i), b = at(h, i.add(1)), ci = at(cs, i), si = at(sn, i);
        return setAt(setAt(h, i, ci.mul(a).add(si.mul(b))), i.add(1), si.neg().mul(a).add(ci.mul(b)));
      }, col);
      // the new rotation zeroes col[j+1]
      const a = at(col, j), bb = at(col, j.add(1));
      const rho = np.hypot(a, bb);
      const safe = np.where(rho.gt(0), rho, 1);
      const cj = np.where(rho.gt(0), a.div(safe), 1), sj = np.where(rho.gt(0), bb.div(safe), 0);
      col = setAt(setAt(col, j, rho), j.add(1), np.zeros([], { dtype: dt }));
      const gj = at(g, j);
      const g1 = setAt(setAt(g, j, cj.mul(gj)), j.add(1), sj.neg().mul(gj));
      return [V1, setRow(R, j, col), setAt(cs, j, cj), setAt(sn, j, sj), g1, j.add(1), np.abs(at(g1, j.add(1)))];
    },
    [V0, R0, cs0, sn0, g0, np.array(0, { dtype: "int32" }), beta],
  );
  // solve the triangular system for the j steps done; unused rows/columns become the identity
  const used = np.arange(restart).lt(j);
  const U = np.transpose(R).get(`:${restart}`);
  const eye = np.eye(restart, { dtype: dt });
  const both = np.logicalAnd(used.reshape([restart, 1]), used.reshape([1, restart]));
  const Ufix = np.where(both, U, eye);
  const y = np.linalg.solveTriangular(Ufix, np.where(used, g.get(`:${restart}`), 0), { lower: false });
  const dx = M(np.matmul(y, V.get(`:${restart}`)));
  return [x.add(dx), j];
}

/** Restarted GMRES: cycles until ‖b − Ax‖ ≤ thr (the true residual, recomputed after each cycle). */
export function gmresLoop(tol: number, atol: number, maxiter: number, restart: number): Loop {
  return (A: MatVec, b: NDArray, x0: NDArray, M: MatVec) => {
    const thr2 = threshold2(b, tol, atol);
    const thr = np.sqrt(thr2);
    const r0 = b.sub(A(x0));
    const zero = np.array(0, { dtype: "int32" });
    // carry: x, r, ‖r‖², cycles, inner iterations
    const [x, , rs, , its] = whileLoop(
      (c: S) => np.logicalAnd(c[3].lt(maxiter), c[2].gt(thr2)),
      (c: S): S => {
        const [x, r, , k, its] = c;
        const [x1, steps] = cycle(A, M, x, r, thr, restart);
        const r1 = b.sub(A(x1));
        return [x1, r1, np.vdot(r1, r1), k.add(1), its.add(steps)];
      },
      [x0, r0, np.vdot(r0, r0), zero, zero],
    );
    return [nanIfNotFinite(x, rs), rs.le(thr2), its, np.sqrt(rs)];
  };
}

/** gmres's options: those of every solver and `restart`. */
export interface GmresOptions extends SolveOptions {
  /** Arnoldi steps per cycle before restarting (default min(20, n)). */
  restart?: number;
}

/**
 * Solve A x = b for general square A by restarted GMRES, matrix-free (A: an operator, a matrix or a
 * function). Stops when ‖b − Ax‖ ≤ max(tol·‖b‖, atol) (the true residual, recomputed after each cycle,
 * as scipy and JAX), or after `maxiter` restart cycles (default ⌈10·n / restart⌉); NaN in → NaN out.
 * M is applied on the right (A M y = b, x = M y), so the residual it minimises is the true one.
 * `iterations` counts Arnoldi steps (matrix–vector products) over all cycles. Differentiated
 * implicitly (one GMRES solve with Aᵀ, obtained by `linearTranspose`).
 * NB: JAX's gmres has `solve_method`; here the Givens-rotation ("incremental") form only.
 * @example
 * const { x } = linop.gmres(np.array([[3, 1], [-1, 2]]), np.array([5, 3])); // x = [1, 2]
 */
export function gmres(A: OperatorLike, b: NDArray | number[], opts?: GmresOptions): SolveResult {
  const p = prepare("linop.gmres", A, b, opts, ["restart"]);
  const rs = p.opts.restart;
  if (rs !== undefined && (typeof rs !== "number" || !Number.isInteger(rs) || rs < 1)) {
    throw new RangeError(`linop.gmres: restart must be an integer ≥ 1, got ${typeof rs === "number" ? rs : JSON.stringify(rs)}`);
  }
  const restart = Math.max(1, Math.min((rs as number | undefined) ?? 20, p.n));
  return finish(p, gmresLoop(p.tol, p.atol, p.maxiter ?? Math.max(1, Math.ceil((10 * p.n) / restart)), restart), false);
}
