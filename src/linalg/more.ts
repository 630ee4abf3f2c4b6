/**
 * @file np.linalg additions of issue 10: multiDot, lu / luFactor / luSolve (scipy.linalg's forms), cond,
 * matrixRank, tensorsolve, tensorinv — composites of the existing factorisations and solves.
 */
import { fmtShape, prod } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { FloatDType } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, resultDType, toFloat } from "../numpy/core.js";
import { show } from "../numpy/signature.js";
import { norm, svdvals } from "./decomp.js";
import { eyeLike, luFactor as luBind } from "./lu.js";
import { keepTriangle, mm, mT } from "./ops.js";
import { inv, solve, squareOperand } from "./solve.js";
import { triangularSolve } from "./triangular.js";

const EPS: Record<FloatDType, number> = { float32: 2 ** -23, float64: 2 ** -52 };

// ---- multiDot ----

/**
 * The product of a chain of matrices, multiplied in the order with the fewest scalar multiplications
 * (the classic dynamic programme over split points), as numpy.linalg.multi_dot. The first array may be
 * 1-D (a row vector) and the last 1-D (a column vector); the others must be 2-D.
 * @example np.linalg.multiDot([a, b, c]) // a·b·c, as (a·b)·c or a·(b·c), whichever is cheaper
 */
export function multiDot(arrays: ArrayLike[]): NDArray {
  if (!Array.isArray(arrays)) throw new TypeError(`multiDot: expected a list of arrays, got ${show(arrays)}`);
  if (arrays.length < 2) throw new RangeError(`multiDot: expected at least two arrays, got ${arrays.length}`);
  const d = resultDType(arrays);
  const xs = arrays.map((a) => L.convert(asArray(a, d), d));
  const n = xs.length;
  const first1d = xs[0].ndim === 1, last1d = xs[n - 1].ndim === 1;
  if (first1d) xs[0] = L.reshape(xs[0], [1, xs[0].shape[0]]);
  if (last1d) xs[n - 1] = L.reshape(xs[n - 1], [xs[n - 1].shape[0], 1]);
  xs.forEach((x, i) => {
    if (x.ndim !== 2) throw new RangeError(`multiDot: array ${i} must be 2-D${i === 0 || i === n - 1 ? " (or 1-D)" : ""}, got shape ${fmtShape(arrays[i] instanceof NDArray ? (arrays[i] as NDArray).shape : x.shape)}`);
    if (i > 0 && xs[i - 1].shape[1] !== x.shape[0]) throw new RangeError(`multiDot: shapes ${fmtShape(xs[i - 1].shape)} (array ${i - 1}) and ${fmtShape(x.shape)} (array ${i}) do not chain (${xs[i - 1].shape[1]} ≠ ${x.shape[0]})`);
  });
  // dims p₀ … pₙ; cost[i][j] = cheapest product of xs[i..j], split[i][j] where it splits
  const p = [xs[0].shape[0], ...xs.map((x) => x.shape[1])];
  const cost = xs.map(() => new Array<number>(n).fill(0)), split = xs.map(() => new Array<number>(n).fill(0));
  for (let len = 1; len < n; len++) {
    for (let i = 0; i + len < n; i++) {
      const j = i + len;
      cost[i][j] = Infinity;
      for (let k = i; k < j; k++) {
        const c = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1];
        if (c < cost[i][j]) (cost[i][j] = c), (split[i][j] = k);
      }
    }
  }
  const chain = (i: number, j: number): NDArray => (i === j ? xs[i] : mm(chain(i, split[i][j]), chain(split[i][j] + 1, j)));
  let out = chain(0, n - 1);
  if (first1d && last1d) out = L.reshape(out, []);
  else if (first1d) out = L.reshape(out, [out.shape[1]]);
  else if (last1d) out = L.reshape(out, [out.shape[0]]);
  return out;
}

// ---- LU in scipy.linalg's forms ----

/** The permutation matrix with row i = e_{perm[i]} (so P·a picks a's rows in perm's order), in `like`'s dtype. */
function permMatrix(perm: NDArray, like: NDArray): NDArray {
  const n = perm.shape[perm.ndim - 1];
  const shape = [...perm.shape, n];
  const cols = L.broadcastInDim(L.convert(asArray(Array.from({ length: n }, (_, i) => i), "int32"), "int32"), shape, [perm.ndim]);
  return L.convert(L.eq(L.broadcastInDim(perm, shape, perm.shape.map((_, i) => i)), cols), like.dtype);
}

export interface LuOpts {
  /** Return [p·l, u] instead of [p, l, u] (scipy's permute_l). */
  permuteL?: boolean;
}

/**
 * LU decomposition with partial pivoting as scipy.linalg.lu: a = p·l·u with p a permutation matrix, l
 * unit lower triangular, u upper triangular; batched over leading dimensions and differentiable.
 * With `permuteL`, returns [p·l, u].
 * NB: square matrices only (scipy and JAX also factor rectangular ones).
 * @example const [p, l, u] = np.linalg.lu([[1, 2], [3, 4]]); // p = [[0, 1], [1, 0]], l = [[1, 0], [1/3, 1]], u = [[3, 4], [0, 2/3]]
 */
export function lu(a: ArrayLike, opts: LuOpts = {}): [NDArray, NDArray, NDArray] | [NDArray, NDArray] {
  const x = squareOperand("lu", a);
  const [f, , perm] = luBind(x);
  const l = L.add(keepTriangle(f, true, false), eyeLike(f));
  const u = keepTriangle(f, false, true);
  const p = mT(permMatrix(perm, x)); // P·a = l·u, so a = Pᵀ·l·u
  return opts.permuteL ? [mm(p, l), u] : [p, l, u];
}

/**
 * LU factors in LAPACK's packed form as scipy.linalg.lu_factor: [lu, piv] with l below the diagonal of
 * lu (unit diagonal implied), u on and above it, and piv[i] (int32, 0-based) the row interchanged with
 * row i at step i. Batched; lu is differentiable.
 * @example const [lu, piv] = np.linalg.luFactor([[1, 2], [3, 4]]); // piv = [1, 1]
 */
export function luFactor(a: ArrayLike): [NDArray, NDArray] {
  const [f, piv] = luBind(squareOperand("luFactor", a));
  return [f, piv];
}

/** The row permutation (as indices) that LAPACK pivots describe: swap k ↔ piv[k] for k = 0 … n − 1, in order. */
function pivotsToPerm(piv: NDArray): NDArray {
  const n = piv.shape[piv.ndim - 1], batch = piv.shape.slice(0, -1);
  const iota = L.broadcastInDim(L.convert(asArray(Array.from({ length: n }, (_, i) => i), "int32"), "int32"), piv.shape, [piv.ndim - 1]);
  let perm = iota;
  const col = (x: NDArray, k: number) => L.broadcastInDim(L.reshape(L.slice(x, [...batch.map(() => 0), k], [...batch, k + 1]), batch), piv.shape, batch.map((_, i) => i));
  for (let k = 0; k < n; k++) {
    const pk = col(piv, k), atK = col(perm, k);
    const atP = L.broadcastInDim(L.reduceSum(L.select(L.eq(iota, pk), perm, L.zerosLike(perm)), [piv.ndim - 1]), piv.shape, batch.map((_, i) => i));
    perm = L.select(L.eq(iota, k), atP, L.select(L.eq(iota, pk), atK, perm));
  }
  return perm;
}

/**
 * Solve a·x = b (trans 0) or aᵀ·x = b (trans 1, and 2 for real arrays) from `luFactor`'s [lu, piv], as
 * scipy.linalg.lu_solve. b is [n] or [n, k] (with lu's batch dimensions in front, if any). Differentiable
 * in lu and b; works under jit and vmap (the pivots are applied by array operations, not read).
 * @example np.linalg.luSolve(np.linalg.luFactor(a), b) // = np.linalg.solve(a, b)
 */
export function luSolve(luAndPiv: [ArrayLike, ArrayLike], b: ArrayLike, trans: 0 | 1 | 2 = 0): NDArray {
  if (!Array.isArray(luAndPiv) || luAndPiv.length !== 2) throw new TypeError(`luSolve: expected [lu, piv] (luFactor's result), got ${show(luAndPiv)}`);
  if (trans !== 0 && trans !== 1 && trans !== 2) throw new RangeError(`luSolve: trans must be 0, 1 or 2, got ${show(trans)}`);
  const d = resultDType([luAndPiv[0], b]);
  const f = squareOperand("luSolve", luAndPiv[0], d);
  const piv = asArray(luAndPiv[1]);
  const n = f.shape[f.ndim - 1], batch = f.shape.slice(0, -2);
  if (piv.dtype !== "int32" || piv.ndim !== f.ndim - 1 || piv.shape.some((s, i) => s !== [...batch, n][i])) {
    throw new TypeError(`luSolve: piv must be int32 of shape ${fmtShape([...batch, n])} for lu ${fmtShape(f.shape)}, got ${show(piv)}`);
  }
  let rhs = L.convert(asArray(b, d), d);
  const vector = rhs.ndim === batch.length + 1;
  if (vector) rhs = L.reshape(rhs, [...rhs.shape, 1]);
  if (rhs.ndim !== batch.length + 2 || rhs.shape[rhs.ndim - 2] !== n || rhs.shape.slice(0, -2).some((s, i) => s !== batch[i])) {
    throw new RangeError(`luSolve: b must be ${fmtShape([...batch, n])} or [${[...batch, n, "k"].join(",")}] for lu ${fmtShape(f.shape)}, got ${fmtShape(asArray(b).shape)}`);
  }
  const P = permMatrix(pivotsToPerm(piv), f); // P·a = l·u
  let x: NDArray;
  if (trans === 0) {
    // a·x = b ⇔ l·u·x = P·b
    x = triangularSolve(f, triangularSolve(f, mm(P, rhs), { lower: true, transposeA: false, unitDiagonal: true }), { lower: false, transposeA: false, unitDiagonal: false });
  } else {
    // aᵀ·x = b ⇔ uᵀ·lᵀ·P·x = b
    const y = triangularSolve(f, triangularSolve(f, rhs, { lower: false, transposeA: true, unitDiagonal: false }), { lower: true, transposeA: true, unitDiagonal: true });
    x = mm(mT(P), y);
  }
  return vector ? L.reshape(x, x.shape.slice(0, -1)) : x;
}

// ---- cond, matrixRank ----

/**
 * The condition number of a (batch of) matrices in the norm `p` (numpy.linalg.cond): σ_max/σ_min for
 * p = null/2 (any shape), σ_min/σ_max for −2, else ‖a‖ₚ·‖a⁻¹‖ₚ (square; "fro", "nuc", ±1, ±∞).
 * A singular matrix gives ∞ (2-norm) or the inverse's ∞/NaN.
 * @example np.linalg.cond([[1, 0], [0, 4]]) // 4
 */
export function cond(x: ArrayLike, p: number | "fro" | "nuc" | "f" | null = null): NDArray {
  const a = toFloat(x);
  if (a.ndim < 2) throw new RangeError(`cond: expected a (batch of) matrices [..., m, n], got shape ${fmtShape(a.shape)}`);
  if (p === null || p === 2 || p === -2) {
    const s = svdvals(a);
    const k = s.shape[s.ndim - 1], b = s.shape.slice(0, -1);
    const at = (i: number) => L.reshape(L.slice(s, [...b.map(() => 0), i], [...b, i + 1]), b);
    return p === -2 ? L.div(at(k - 1), at(0)) : L.div(at(0), at(k - 1));
  }
  if (![1, -1, Infinity, -Infinity, "fro", "nuc", "f"].includes(p)) throw new RangeError(`cond: invalid norm order ${show(p)} (expected null, ±1, ±2, ±Infinity, "fro" or "nuc")`);
  const sq = squareOperand("cond", a);
  const axis: [number, number] = [sq.ndim - 2, sq.ndim - 1];
  const ord = p === "f" ? "fro" : p;
  return L.mul(norm(sq, { ord, axis }), norm(inv(sq), { ord, axis }));
}

export interface MatrixRankOpts {
  /** Relative tolerance: singular values ≤ rtol·σ_max count as zero (default max(m, n)·ε). */
  rtol?: number;
  /** Absolute tolerance (NumPy's `tol`): singular values ≤ tol count as zero; overrides rtol. */
  tol?: number;
}

/**
 * The rank of a (batch of) matrices: the number of singular values above the tolerance
 * (jnp.linalg.matrix_rank / numpy.linalg.matrix_rank), int32. A 1-D array has rank 1 unless it is all zeros.
 * NB: a number in second place is JAX's `rtol`; NumPy's positional argument is the absolute `tol`,
 * given here as `{ tol }`.
 * @example np.linalg.matrixRank([[1, 2], [2, 4]]) // 1
 */
export function matrixRank(x: ArrayLike, arg: number | MatrixRankOpts = {}): NDArray {
  const opts: MatrixRankOpts = typeof arg === "number" ? { rtol: arg } : arg;
  for (const k of ["rtol", "tol"] as const) {
    const v = opts[k];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0))) throw new RangeError(`matrixRank: ${k} must be a non-negative number, got ${show(v)}`);
  }
  const a = toFloat(x);
  if (a.ndim < 2) {
    if (a.ndim === 0) throw new RangeError(`matrixRank: expected a vector or a (batch of) matrices, got a scalar`);
    return L.convert(L.reduceMax(L.convert(L.ne(a, 0), "int32"), [0]), "int32");
  }
  const s = svdvals(a);
  const [m, n] = a.shape.slice(-2);
  const k = s.shape[s.ndim - 1], b = s.shape.slice(0, -1);
  if (k === 0) return L.full(b, 0, "int32");
  let tol: NDArray;
  if (opts.tol !== undefined) tol = L.full(b, opts.tol, a.dtype);
  else tol = L.mul(L.reshape(L.slice(s, [...b.map(() => 0), 0], [...b, 1]), b), opts.rtol ?? Math.max(m, n) * EPS[a.dtype as FloatDType]);
  const over = L.gt(s, L.broadcastInDim(tol, s.shape, b.map((_, i) => i)));
  return L.reduceSum(L.convert(over, "int32"), [s.ndim - 1]);
}

// ---- tensorsolve, tensorinv ----

/**
 * The x with tensordot(a, x, x.ndim) = b (numpy.linalg.tensorsolve): a's trailing a.ndim − b.ndim
 * dimensions are x's shape, and prod(x.shape) = b.size (a's leading dimensions only need that size, as NumPy). `axes` first moves those axes of a to the end.
 * @example np.linalg.tensorsolve(np.eye(6).reshape([6, 2, 3]), np.ones([6])) // ones [2, 3]
 */
export function tensorsolve(a: ArrayLike, b: ArrayLike, axes: number[] | null = null): NDArray {
  const d = resultDType([a, b]);
  let A = toFloat(L.convert(asArray(a, d), d));
  const B = L.convert(asArray(b, A.dtype), A.dtype);
  if (axes !== null) {
    if (!Array.isArray(axes) || axes.some((i) => !Number.isInteger(i))) throw new TypeError(`tensorsolve: axes must be a list of integers, got ${show(axes)}`);
    const moved = axes.map((i) => (i < 0 ? i + A.ndim : i));
    if (moved.some((i) => i < 0 || i >= A.ndim) || new Set(moved).size !== moved.length) throw new RangeError(`tensorsolve: invalid axes ${show(axes)} for a of shape ${fmtShape(A.shape)}`);
    const rest = [...A.shape.keys()].filter((i) => !moved.includes(i));
    A = L.transpose(A, [...rest, ...moved]);
  }
  if (B.ndim > A.ndim) throw new RangeError(`tensorsolve: b ${fmtShape(B.shape)} has more dimensions than a ${fmtShape(A.shape)}`);
  const xShape = A.shape.slice(B.ndim), n = prod(xShape);
  if (prod(A.shape) !== n * n || B.size !== n) {
    throw new RangeError(`tensorsolve: a ${fmtShape(A.shape)} and b ${fmtShape(B.shape)} do not form a square system: x would have shape ${fmtShape(xShape)} (${n} unknowns) for ${B.size} equations with a of size ${prod(A.shape)}`);
  }
  return L.reshape(solve(L.reshape(A, [n, n]), L.reshape(B, [n])), xShape);
}

/**
 * The inverse of a tensor under tensordot(·, ·, ind) (numpy.linalg.tensorinv): a's first `ind`
 * dimensions must have the same product as the rest; the result has shape a.shape[ind:] + a.shape[:ind].
 * @example np.linalg.tensorinv(np.eye(4).reshape([4, 2, 2]), 1) // shape [2, 2, 4]
 */
export function tensorinv(a: ArrayLike, ind = 2): NDArray {
  if (!Number.isInteger(ind) || ind <= 0) throw new RangeError(`tensorinv: ind must be a positive integer, got ${show(ind)}`);
  const A = toFloat(a);
  if (ind > A.ndim) throw new RangeError(`tensorinv: ind = ${ind} exceeds the rank of a ${fmtShape(A.shape)}`);
  const lead = A.shape.slice(0, ind), trail = A.shape.slice(ind);
  if (prod(lead) !== prod(trail)) throw new RangeError(`tensorinv: a ${fmtShape(A.shape)} is not square: prod(${fmtShape(lead)}) ≠ prod(${fmtShape(trail)})`);
  return L.reshape(inv(L.reshape(A, [prod(lead), prod(trail)])), [...trail, ...lead]);
}
