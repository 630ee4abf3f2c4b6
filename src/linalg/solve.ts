/**
 * @file np.linalg part 1: cholesky, solveTriangular, solve, inv, det, slogdet, matrixPower and expm,
 * batched over leading dimensions, differentiable to any order (built on the lu, cholesky,
 * triangular_solve and adjugate primitives).
 */
import { broadcastShapes, fmtShape } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { DType, getDefaultFloat, isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, resultDType } from "../numpy/core.js";
import { matmul } from "../numpy/linalg.js";
import { customJvp } from "../transforms/custom.js";
import { choleskyLower } from "./cholesky.js";
import { adjugate, eyeLike, luFactor, luSolve } from "./lu.js";
import { mT, triangularSolve } from "./triangular.js";

// ---- operand checks ----

/** An operand as a float array (integers and bools promote to the default float dtype, as JAX). */
function floatOperand(x: ArrayLike, d?: DType): NDArray {
  const a = asArray(x, d ?? null);
  const want = d ?? (isFloat(a.dtype) ? a.dtype : getDefaultFloat());
  return L.convert(a, want);
}

/** Two operands promoted to one float dtype. */
function floatPair(a: ArrayLike, b: ArrayLike): [NDArray, NDArray] {
  const d = resultDType([a, b]);
  const f = isFloat(d) ? d : getDefaultFloat();
  return [floatOperand(a, f), floatOperand(b, f)];
}

/** A float (batch of) square matrices [..., n, n], or a clear error naming `op`. */
function squareOperand(op: string, x: ArrayLike, d?: DType): NDArray {
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
const solveCore = customJvp(
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

// ---- matrix functions ----

/**
 * a raised to the integer power n by repeated squaring: n = 0 gives the identity, n < 0 the power
 * of inv(a). Integer matrices keep their dtype for n ≥ 0, as JAX.
 * @example np.linalg.matrixPower([[1, 1], [0, 1]], 3) // [[1, 3], [0, 1]]
 */
export function matrixPower(a: ArrayLike, n: number): NDArray {
  if (!Number.isInteger(n)) throw new TypeError(`matrixPower: the exponent must be an integer, got ${n}`);
  const x0 = asArray(a);
  if (x0.ndim < 2 || x0.shape[x0.ndim - 1] !== x0.shape[x0.ndim - 2]) {
    throw new RangeError(`matrixPower: expected a (batch of) square matrices [..., n, n], got shape ${fmtShape(x0.shape)}`);
  }
  let z = n < 0 ? inv(x0) : x0;
  let k = Math.abs(n);
  if (k === 0) return eyeLike(z);
  let result: NDArray | null = null;
  for (;;) {
    if (k & 1) result = result ? matmul(result, z) : z;
    k = Math.floor(k / 2);
    if (k === 0) return result!;
    z = matmul(z, z);
  }
}

// Padé coefficients b₀ … b_m of exp (Higham 2005, table 2.3) and the θ_m up to which degree m is accurate
const PADE: Record<number, number[]> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600, 670442572800,
    33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
  ],
};
const THETA: Record<"float32" | "float64", [number, number][]> = {
  float64: [[3, 1.495585217958292e-2], [5, 2.539398330063230e-1], [7, 9.504178996162932e-1], [9, 2.097847961257068], [13, 5.371920351148152]],
  float32: [[3, 4.258730016922831e-1], [5, 1.880152677804762], [7, 3.925724783138660]],
};

/** Σ cᵢ·Mᵢ over matrices of one shape. */
function combine(terms: [number, NDArray][]): NDArray {
  return terms.map(([c, m]) => L.mul(m, c)).reduce((s, t) => L.add(s, t));
}

/** The degree-m Padé approximant (V − U)⁻¹·(V + U) of exp(a). */
function padeExp(a: NDArray, m: number): NDArray {
  const b = PADE[m], id = eyeLike(a);
  const a2 = matmul(a, a);
  let u: NDArray, v: NDArray;
  if (m === 13) {
    const a4 = matmul(a2, a2), a6 = matmul(a4, a2);
    u = matmul(a, L.add(matmul(a6, combine([[b[13], a6], [b[11], a4], [b[9], a2]])), combine([[b[7], a6], [b[5], a4], [b[3], a2], [b[1], id]])));
    v = L.add(matmul(a6, combine([[b[12], a6], [b[10], a4], [b[8], a2]])), combine([[b[6], a6], [b[4], a4], [b[2], a2], [b[0], id]]));
  } else {
    const pows = [id, a2];
    for (let k = 4; k < m; k += 2) pows.push(matmul(pows[pows.length - 1], a2));
    u = matmul(a, combine(pows.map((p, i): [number, NDArray] => [b[2 * i + 1], p])));
    v = combine(pows.map((p, i): [number, NDArray] => [b[2 * i], p]));
  }
  return solveCore(L.sub(v, u), L.add(v, u));
}

/** max over columns of Σ|aᵢⱼ| for each matrix of [..., n, n] → [...]. */
const norm1 = (a: NDArray) => L.reduceMax(L.reduceSum(L.abs(a), [a.ndim - 2]), [a.ndim - 2]);

/** exp of one matrix (or a batch sharing one degree and scaling) with a known ℓ₁ norm. */
function expmConcrete(a: NDArray, norm: number, maxSquarings: number): NDArray {
  const table = THETA[a.dtype as "float32" | "float64"];
  const hit = table.find(([, th]) => norm <= th);
  if (hit) return padeExp(a, hit[0]);
  const [m, th] = table[table.length - 1];
  const s = Math.min(maxSquarings, Math.max(0, Math.ceil(Math.log2(norm / th))));
  let r = padeExp(L.mul(a, 2 ** -s), m);
  for (let i = 0; i < s; i++) r = matmul(r, r);
  return r;
}

/**
 * The matrix exponential by scaling and squaring with Padé approximants (Higham 2005: degree 3, 5,
 * 7, 9 or 13 by the ℓ₁ norm, scaled by 2⁻ˢ so the norm is within θ₁₃, then squared s times;
 * float32 uses degrees 3, 5, 7). Built from matmul and solve, so it is differentiable through them.
 * Eager concrete input picks the degree per matrix; traced input (jit, vmap, grad) uses the
 * largest degree and masks the squarings, which agrees to rounding.
 * NB: s is the ceiling of log₂(‖a‖₁/θ) (Higham), where JAX takes the floor; like JAX, at most
 * `maxSquarings` (default 16) squarings are done.
 * @example np.linalg.expm([[0, 1], [-1, 0]]) // [[cos 1, sin 1], [−sin 1, cos 1]]
 */
export function expm(a: ArrayLike, opts: { maxSquarings?: number } = {}): NDArray {
  const { maxSquarings = 16 } = opts;
  const x = squareOperand("expm", a);
  const n = x.shape[x.ndim - 1];
  if (n === 0) return x;
  if (x instanceof ConcreteArray) {
    const norms = Array.from(norm1(x).data() as Float64Array);
    if (x.ndim === 2) return expmConcrete(x, norms[0], maxSquarings);
    const flat = L.reshape(x, [norms.length, n, n]);
    const each = Array.from(norms, (v, i) => expmConcrete(L.reshape(L.slice(flat, [i, 0, 0], [i + 1, n, n]), [n, n]), v, maxSquarings));
    return L.reshape(L.concatenate(each.map((e) => L.reshape(e, [1, n, n])), 0), x.shape);
  }
  const table = THETA[x.dtype as "float32" | "float64"];
  const [m, th] = table[table.length - 1];
  const norm = norm1(x);
  const s = L.min(L.max(L.ceil(L.div(L.log(L.div(norm, th)), Math.LN2)), 0), maxSquarings); // traced: one per matrix
  const lift = (v: NDArray) => L.broadcastInDim(v, [...x.shape], v.shape.map((_, i) => i));
  let r = padeExp(L.mul(x, lift(L.exp2(L.neg(s)))), m);
  for (let i = 0; i < maxSquarings; i++) r = L.select(lift(L.gt(s, i)), matmul(r, r), r);
  return r;
}
