/**
 * @file np.linalg solves and determinants: cholesky, solveTriangular, solve, inv, det, slogdet,
 * batched over leading dimensions, differentiable to any order (built on the lu, cholesky,
 * triangular_solve and adjugate primitives).
 */
import { broadcastShapes, fmtShape } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { DType, getDefaultFloat, isComplex, isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, resultDType } from "../numpy/core.js";
import { matmul } from "../numpy/linalg.js";
import { customJvp } from "../transforms/custom.js";
import { choleskyLower } from "./cholesky.js";
import { adjugate, eyeLike, luFactor, luSolve } from "./lu.js";
import { mT } from "./ops.js";
import { triangularSolve } from "./triangular.js";

// ---- operand checks ----

/** A clear error for complex input to a factorisation that has no complex path yet (never a silent cast to real). */
export function refuseComplex(d: DType): void {
  if (isComplex(d)) {
    throw new TypeError(`${d} matrices are not supported yet (the complex LU, QR, Cholesky, eigh and SVD are being wired; docs/complex.md) — a complex input is never silently made real`);
  }
}

/** An operand as a float array (integers and bools promote to the default float dtype, as JAX). */
function floatOperand(x: ArrayLike, d?: DType): NDArray {
  const a = asArray(x, d ?? null);
  refuseComplex(a.dtype);
  if (d) refuseComplex(d);
  const want = d ?? (isFloat(a.dtype) ? a.dtype : getDefaultFloat());
  return L.convert(a, want);
}

/** Two operands promoted to one float dtype. */
function floatPair(a: ArrayLike, b: ArrayLike): [NDArray, NDArray] {
  const d = resultDType([a, b]);
  refuseComplex(d);
  const f = isFloat(d) ? d : getDefaultFloat();
  return [floatOperand(a, f), floatOperand(b, f)];
}

/** A float (batch of) square matrices [..., n, n], or a clear error naming `op`. */
export function squareOperand(op: string, x: ArrayLike, d?: DType): NDArray {
  const a = d ? floatOperand(x, d) : floatOperand(x);
  if (a.ndim < 2 || a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) {
    throw new RangeError(`${op}: expected a (batch of) square matrices [..., n, n], got shape ${fmtShape(a.shape)}`);
  }
  return a;
}

/**
 * The right-hand side as a batch of matrices [...batch, n, k] broadcast against a [..., n, n]; and
 * whether it was a vector (its column is removed from the result).
 */
function rhsOperand(op: string, a: NDArray, b: NDArray, vector: boolean): [NDArray, NDArray, boolean] {
  const n = a.shape[a.ndim - 1];
  const rows = vector ? b.shape[b.ndim - 1] : b.shape[b.ndim - 2];
  if (b.ndim === 0 || rows !== n) {
    const want = vector ? `[..., ${n}]` : `[..., ${n}, k]`;
    throw new RangeError(`${op}: b ${fmtShape(b.shape)} does not match a ${fmtShape(a.shape)}: expected b of shape ${want}`);
  }
  const bm = vector ? L.reshape(b, [...b.shape, 1]) : b;
  const batch = broadcastShapes(op, a.shape.slice(0, -2), bm.shape.slice(0, -2));
  return [L.broadcastTo(a, [...batch, n, n]), L.broadcastTo(bm, [...batch, ...bm.shape.slice(-2)]), vector];
}

const dropColumn = (x: NDArray, vector: boolean) => (vector ? L.reshape(x, x.shape.slice(0, -1)) : x);

/** The diagonal of [..., n, n] as [..., n]. */
function diag(x: NDArray): NDArray {
  const n = x.shape[x.ndim - 1], lead = x.shape.slice(0, -2), zeros = lead.map(() => 0);
  const flat = L.reshape(x, [...lead, n * n]);
  return L.slice(flat, [...zeros, 0], [...lead, n * n], [...lead.map(() => 1), n + 1]);
}

/** trace over the last two axes: [..., n, n] → [...]. */
const trace = (x: NDArray) => L.reduceSum(diag(x), [x.ndim - 2]);

/** (−1)^(number of row swaps) from LU pivots [..., n], as `dtype`. */
function pivotSign(pivots: NDArray, dtype: DType): NDArray {
  const n = pivots.shape[pivots.ndim - 1];
  const iota = L.broadcastTo(ConcreteArray.fromTyped(Int32Array.from({ length: n }, (_, i) => i), [n], "int32"), [...pivots.shape]);
  const swaps = L.reduceSum(L.convert(L.ne(pivots, iota), "int32"), [pivots.ndim - 1]);
  return L.sub(1, L.mul(L.convert(L.rem(swaps, 2), dtype), 2));
}

// ---- cholesky and triangular solves ----

/**
 * The Cholesky factor of a symmetric positive-definite matrix: lower L with A = L·Lᵀ (or upper
 * U = Lᵀ with A = Uᵀ·U when `upper`). The input is symmetrised as (A + Aᵀ)/2 first (JAX's
 * `symmetrize_input`); a matrix that is not positive definite gives NaNs, as JAX.
 * @example np.linalg.cholesky([[4, 2], [2, 5]]) // [[2, 0], [1, 2]]
 */
export function cholesky(a: ArrayLike, opts: { upper?: boolean; symmetrizeInput?: boolean } = {}): NDArray {
  const x = squareOperand("cholesky", a);
  const sym = opts.symmetrizeInput === false ? x : L.mul(L.add(x, mT(x)), 0.5);
  const l = choleskyLower(sym);
  return opts.upper ? mT(l) : l;
}

/**
 * Solve op(a)·x = b for triangular a (jax.scipy.linalg.solve_triangular): `trans` 0/"N" solves
 * a·x = b, 1/"T" (and 2/"C", the same for real arrays) aᵀ·x = b; only the `lower` (default upper)
 * triangle of a is read, and with `unitDiagonal` its diagonal is taken as ones. b is [..., n] (a
 * vector when it has one dimension fewer than a) or [..., n, k].
 * NB: batch dimensions of a and b broadcast (JAX requires them equal).
 * @example np.linalg.solveTriangular([[2, 0], [1, 1]], [4, 3], { lower: true }) // [2, 1]
 */
export function solveTriangular(
  a: ArrayLike,
  b: ArrayLike,
  opts: { lower?: boolean; trans?: 0 | 1 | 2 | "N" | "T" | "C"; unitDiagonal?: boolean } = {},
): NDArray {
  const { lower = false, trans = 0, unitDiagonal = false } = opts;
  if (![0, 1, 2, "N", "T", "C"].includes(trans)) throw new TypeError(`solveTriangular: trans must be 0, 1, 2, "N", "T" or "C", got ${JSON.stringify(trans)}`);
  const [af, bf] = floatPair(a, b);
  const am = squareOperand("solveTriangular", af);
  const [aa, bb, vector] = rhsOperand("solveTriangular", am, bf, bf.ndim === am.ndim - 1);
  const x = triangularSolve(aa, bb, { lower, transposeA: trans !== 0 && trans !== "N", unitDiagonal });
  return dropColumn(x, vector);
}

// ---- solve and inv ----

// x = A⁻¹·b: dx = A⁻¹·(db − dA·x), reusing A's LU factors
export const solveCore = customJvp(
  (a: NDArray, b: NDArray) => {
    const [lu, , perm] = luFactor(a);
    return luSolve(lu, perm, b);
  },
  ([a, b], [da, db]) => {
    const [lu, , perm] = luFactor(a as NDArray);
    const x = luSolve(lu, perm, b as NDArray);
    const rhs = L.isZeroTangent(da as NDArray) ? (db as NDArray) : L.sub(db as NDArray, matmul(da as NDArray, x));
    return [x, luSolve(lu, perm, rhs)];
  },
) as (a: NDArray, b: NDArray) => NDArray;

/**
 * Solve a·x = b by LU with partial pivoting. b is a vector [n] (NumPy 2 / JAX: only when 1-D) or a
 * (batch of) matrices [..., n, k]; batch dimensions broadcast. A singular a gives infs/NaNs, as JAX.
 * @example np.linalg.solve([[3, 1], [1, 2]], [9, 8]) // [2, 3]
 */
export function solve(a: ArrayLike, b: ArrayLike): NDArray {
  const [af, bf] = floatPair(a, b);
  const am = squareOperand("solve", af);
  const [aa, bb, vector] = rhsOperand("solve", am, bf, bf.ndim === 1);
  return dropColumn(solveCore(aa, bb), vector);
}

/**
 * The inverse of a (batch of) square matrices, as solve(a, I). A singular a gives infs/NaNs, as JAX.
 * @example np.linalg.inv([[2, 0], [0, 4]]) // [[0.5, 0], [0, 0.25]]
 */
export function inv(a: ArrayLike): NDArray {
  const x = squareOperand("inv", a);
  return solveCore(x, eyeLike(x));
}

// ---- determinants ----

function detFromLu(a: NDArray): NDArray {
  const [lu, pivots] = luFactor(a);
  return L.mul(pivotSign(pivots, a.dtype), L.reduceProd(diag(lu), [a.ndim - 2]));
}

// d det(A) = tr(adj(A)·dA): the cofactor matrix is the gradient, also at singular A
const detCore = customJvp(
  (a: NDArray) => detFromLu(a),
  ([a], [da]) => {
    const x = a as NDArray;
    return [detFromLu(x), L.reduceSum(L.mul(mT(adjugate(x)), da as NDArray), [x.ndim - 2, x.ndim - 1])];
  },
) as (a: NDArray) => NDArray;

/**
 * The determinant of a (batch of) square matrices, from an LU factorisation. Its gradient is the
 * cofactor matrix adj(A)ᵀ, computed robustly where A is singular: nonzero at rank n − 1 and zero
 * at rank ≤ n − 2.
 * NB: JAX's cofactor solve handles a zero pivot only in the last position of a partial-pivoting LU
 * (so it returns 0 for e.g. d det/dA at [[0, 0], [0, 1]]); ours uses complete pivoting and gives [[1, 0], [0, 0]].
 * @example np.linalg.det([[1, 2], [3, 4]]) // -2
 */
export function det(a: ArrayLike): NDArray {
  return detCore(squareOperand("det", a));
}

/** sign and log|det| from A's LU factors, with the factors (for the derivative). */
function slogdetFromLu(a: NDArray): [NDArray, NDArray, NDArray, NDArray] {
  const [lu, pivots, perm] = luFactor(a);
  const d = diag(lu);
  const sign = L.mul(pivotSign(pivots, a.dtype), L.reduceProd(L.sign(d), [a.ndim - 2]));
  return [sign, L.reduceSum(L.log(L.abs(d)), [a.ndim - 2]), lu, perm];
}

// d log|det A| = tr(A⁻¹·dA); the sign is piecewise constant (zero tangent)
const slogdetCore = customJvp(
  (a: NDArray) => slogdetFromLu(a).slice(0, 2),
  ([a], [da]) => {
    const [sign, logdet, lu, perm] = slogdetFromLu(a as NDArray);
    return [
      [sign, logdet],
      [L.zerosLike(sign), trace(luSolve(lu, perm, da as NDArray))],
    ];
  },
) as (a: NDArray) => [NDArray, NDArray];

/**
 * Sign and natural log of |det a|, stable where det under- or overflows: det = sign·exp(logabsdet).
 * A singular matrix gives sign 0 and logabsdet −∞, as JAX.
 * @example np.linalg.slogdet([[2, 0], [0, -3]]) // [-1, log 6]
 */
export function slogdet(a: ArrayLike): [NDArray, NDArray] {
  const [sign, logdet] = slogdetCore(squareOperand("slogdet", a));
  return [sign, logdet];
}
