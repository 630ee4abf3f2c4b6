/**
 * @file np.linalg decompositions and what builds on them: qr, eigh, eigvalsh, svd, svdvals, pinv,
 * lstsq and norm, batched over leading dimensions and differentiable (rules in qr.ts, eigh.ts, svd.ts).
 */
import { refuseComplex } from "./solve.js";
import { fmtShape, normAxis } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { FloatDType, getDefaultFloat, isComplex } from "../core/dtype.js";
import { bind } from "../core/trace.js";
import * as L from "../lax/index.js";
import { customJvp } from "../transforms/custom.js";
import { ArrayLike, asArray, isFloat, resultDType, toFloat } from "../numpy/core.js";
import { zeros } from "../numpy/creation.js";
import { abs, add, divide, greater, greaterEqual, multiply, notEqual, power, sqrt, subtract, where } from "../numpy/math.js";
import { max, min, sum } from "../numpy/reductions.js";
import { eighP } from "./eigh.js";
import { qrP } from "./qr.js";
import { svdP } from "./svd.js";
import { checkMatrix, cols, mT, mm } from "./ops.js";

const EPS: Record<FloatDType, number> = { float32: 2 ** -23, float64: 2 ** -52 };
const floatMatrix = (op: string, a: ArrayLike, square = false): NDArray => {
  const x = toFloat(a);
  checkMatrix(op, x.shape, x.dtype, square);
  return x;
};

// ---- qr ----

export interface QrOpts {
  /** "reduced" (default): Q m×k, R k×n with k = min(m, n); "complete": Q m×m, R m×n; "r": R only (k×n). */
  mode?: "reduced" | "complete" | "r";
}
/**
 * QR decomposition a = Q R (Householder; Q orthonormal columns, R upper triangular), batched.
 * Differentiable for every shape and mode.
 * NB: JAX raises for the derivative of wide (m < n) and complete (m ≠ n) factorisations; we give the
 * wide one exactly and, for complete Q, differentiate the completion columns that move least.
 * @example
 * const [q, r] = np.linalg.qr([[3, 1], [4, 2]]); // q = [[-0.6, -0.8], [-0.8, 0.6]], r = [[-5, -2.2], [0, 0.4]]
 */
export function qr(a: ArrayLike, opts: QrOpts & { mode: "r" }): NDArray;
export function qr(a: ArrayLike, opts?: QrOpts): [NDArray, NDArray];
export function qr(a: ArrayLike, opts: QrOpts = {}): NDArray | [NDArray, NDArray] {
  const mode = opts.mode ?? "reduced";
  if (!["reduced", "complete", "r"].includes(mode)) throw new RangeError(`qr: mode must be "reduced", "complete" or "r", got ${JSON.stringify(mode)}`);
  const [q, r] = bind(qrP, [floatMatrix("qr", a)], { full: mode === "complete" });
  return mode === "r" ? r : [q, r];
}

// ---- eigh ----

export interface EighOpts {
  /** Which triangle to read when `symmetrizeInput` is false: "L" (default) or "U". */
  UPLO?: "L" | "U";
  /** Use (a + aᵀ)/2 (default true, as JAX), so the result and its derivative see a symmetric matrix. */
  symmetrizeInput?: boolean;
}
/**
 * Eigenvalues (ascending) and eigenvectors (columns, orthonormal) of symmetric matrices, batched:
 * a = V diag(w) Vᵀ (Householder tridiagonalisation and implicit QL).
 * Derivatives need distinct eigenvalues (as JAX; repeated ones give non-finite eigenvector derivatives).
 * NB: each eigenvector's largest-magnitude component is made positive (LAPACK leaves the sign
 * arbitrary). NB: with symmetrizeInput false, the derivative sees only the triangle that is read
 * (JAX's rule uses the whole tangent).
 * @example
 * const [w, v] = np.linalg.eigh([[2, 1], [1, 2]]); // w = [1, 3]
 */
export function eigh(a: ArrayLike, opts: EighOpts = {}): [NDArray, NDArray] {
  const uplo = opts.UPLO ?? "L";
  if (uplo !== "L" && uplo !== "U") throw new RangeError(`eigh: UPLO must be "L" or "U", got ${JSON.stringify(uplo)}`);
  let x = floatMatrix("eigh", a, true);
  if (opts.symmetrizeInput ?? true) x = multiply(add(x, mT(x)), 0.5);
  const [w, v] = bind(eighP, [x], { lower: uplo === "L" });
  return [w, v];
}
/** Eigenvalues of symmetric matrices, ascending. @example np.linalg.eigvalsh([[2, 1], [1, 2]]) // [1, 3] */
export function eigvalsh(a: ArrayLike, opts: EighOpts = {}): NDArray {
  return eigh(a, opts)[0];
}

// ---- svd ----

export interface SvdOpts {
  /** U m×m and Vh n×n (default true); otherwise U m×k, Vh k×n with k = min(m, n). */
  fullMatrices?: boolean;
  /** Return [u, s, vh] (default true); otherwise only s. */
  computeUv?: boolean;
}
/**
 * Singular value decomposition a = U diag(s) Vh, singular values descending, batched (Householder QR
 * then one-sided Jacobi). Derivatives of s always; of U and Vh for distinct nonzero singular values.
 * NB: for fullMatrices with m ≠ n JAX raises on differentiation; we differentiate the completion
 * columns that move least (functions invariant to the choice of completion are exact).
 * @example
 * const [u, s, vh] = np.linalg.svd([[3, 0], [4, 5]]); // s = [3√5, √5]
 */
export function svd(a: ArrayLike, opts: SvdOpts & { computeUv: false }): NDArray;
export function svd(a: ArrayLike, opts?: SvdOpts): [NDArray, NDArray, NDArray];
export function svd(a: ArrayLike, opts: SvdOpts = {}): NDArray | [NDArray, NDArray, NDArray] {
  const computeUv = opts.computeUv ?? true;
  const outs = bind(svdP, [floatMatrix("svd", a)], { fullMatrices: opts.fullMatrices ?? true, computeUv });
  return computeUv ? [outs[1], outs[0], outs[2]] : outs[0];
}
/** Singular values, descending. @example np.linalg.svdvals([[3, 0], [4, 5]]) // [6.708…, 2.236…] */
export function svdvals(a: ArrayLike): NDArray {
  return svd(a, { computeUv: false });
}

// ---- pinv and lstsq ----

/** A⁺ = V diag(1/s) Uᵀ over the singular values above the cutoff (> or ≥ rtol·s₀), with its own derivative rule. */
const pinvFns = new Map<string, (a: NDArray) => NDArray>();
function pinvWith(rtol: number, strict: boolean): (a: NDArray) => NDArray {
  const key = `${rtol},${strict}`;
  const hit = pinvFns.get(key);
  if (hit) return hit;
  const raw = (a: NDArray): NDArray => {
    const [s, u, vh] = bind(svdP, [a], { fullMatrices: false, computeUv: true });
    const cutoff = multiply(cols(s, 0, 1), rtol);
    const kept = (strict ? greater : greaterEqual)(s, cutoff);
    const sInv = where(kept, divide(1, where(kept, s, 1)), 0);
    return mm(mT(vh), multiply(L.reshape(sInv, [...s.shape, 1]), mT(u)));
  };
  // dP = −P dA P + P Pᵀ dAᵀ (I − A P) + (I − P A) dAᵀ Pᵀ P   (Golub & Pereyra 1973)
  const fn = customJvp(raw, ([a]: NDArray[], [da]: NDArray[]) => {
    const p = fn(a) as NDArray;
    const daT = mT(da), pT = mT(p);
    const t1 = mm(mm(p, da), p);
    const t2 = mm(mm(p, pT), subtract(daT, mm(mm(daT, a), p)));
    const t3 = subtract(mm(daT, mm(pT, p)), mm(mm(p, a), mm(daT, mm(pT, p))));
    return [p, add(subtract(t2, t1), t3)];
  }) as (a: NDArray) => NDArray;
  pinvFns.set(key, fn);
  return fn;
}

export interface PinvOpts {
  /** Relative cutoff: singular values ≤ rtol·s_max are treated as zero. Default 10·max(m, n)·ε (as JAX). */
  rtol?: number;
}
/**
 * Moore–Penrose pseudo-inverse via the SVD, batched; differentiable by the pseudo-inverse derivative
 * formula (as JAX's custom JVP), which holds where the rank is locally constant.
 * @example np.linalg.pinv([[1, 0], [0, 2], [0, 0]]) // [[1, 0, 0], [0, 0.5, 0]]
 */
export function pinv(a: ArrayLike, opts: PinvOpts = {}): NDArray {
  const x = floatMatrix("pinv", a);
  const [m, n] = x.shape.slice(-2);
  if (m === 0 || n === 0) return zeros([...x.shape.slice(0, -2), n, m], { dtype: x.dtype });
  return pinvWith(opts.rtol ?? 10 * Math.max(m, n) * EPS[x.dtype as FloatDType], true)(x);
}

export interface LstsqOpts {
  /** Singular values < rcond·s_max are treated as zero; default ε·max(m, n); negative means ε (as JAX). */
  rcond?: number;
}
/**
 * Least squares: x minimising ‖b − a x‖₂ (the minimum-norm one when a is rank-deficient), via the
 * SVD. Returns [x, residuals, rank, s]: residuals are the squared 2-norms of the columns of b − a x,
 * rank (int32) counts the singular values kept, s are a's singular values. a must be 2-D, b 1-D or 2-D.
 * Differentiable in a and b where the rank is locally constant (e.g. full-rank a).
 * NB: x is pinv(a)·b with pinv's derivative rule, so, unlike JAX's (through the SVD's), the
 * derivative stays finite when a has repeated singular values.
 * NB: as JAX (numpy_resid=False), residuals are always returned (NumPy returns an empty array when
 * rank < n or m ≤ n).
 * @example
 * const [x] = np.linalg.lstsq([[1, 0], [1, 1], [1, 2]], [1, 2, 4]); // x = [5/6, 3/2]
 */
export function lstsq(a: ArrayLike, b: ArrayLike, opts: LstsqOpts = {}): [NDArray, NDArray, NDArray, NDArray] {
  const d = resultDType([a, b]);
  refuseComplex(d);
  const dtype = isFloat(d) ? d : getDefaultFloat();
  const x = floatMatrix("lstsq", L.convert(asArray(a, dtype), dtype));
  const y = L.convert(asArray(b, dtype), dtype);
  if (x.ndim !== 2) throw new RangeError(`lstsq: a must be 2-D, got shape ${fmtShape(x.shape)}`);
  if (y.ndim !== 1 && y.ndim !== 2) throw new RangeError(`lstsq: b must be 1-D or 2-D, got shape ${fmtShape(y.shape)}`);
  const [m, n] = x.shape;
  if (y.shape[0] !== m) throw new RangeError(`lstsq: a ${fmtShape(x.shape)} and b ${fmtShape(y.shape)} have different numbers of rows (${m} ≠ ${y.shape[0]})`);
  const vec = y.ndim === 1;
  const b2 = vec ? L.reshape(y, [m, 1]) : y;
  const eps = EPS[x.dtype as FloatDType];
  const rcond = opts.rcond === undefined ? eps * Math.max(m, n) : opts.rcond < 0 ? eps : opts.rcond;
  const s = svdvals(x);
  let sol: NDArray;
  let rank: NDArray;
  if (m === 0 || n === 0) {
    sol = zeros([n, b2.shape[1]], { dtype: x.dtype });
    rank = zeros([], { dtype: "int32" });
  } else {
    sol = mm(pinvWith(rcond, false)(x), b2);
    rank = sum(L.convert(greaterEqual(s, multiply(cols(s, 0, 1), rcond)), "int32"));
  }
  const resid = sum(L.square(subtract(b2, mm(x, sol))), { axis: 0 });
  return [vec ? L.reshape(sol, [n]) : sol, resid, rank, s];
}

// ---- norm ----

export type NormOrd = number | "fro" | "nuc" | null;
export interface NormOpts {
  /** Vector: p (default 2), ±Infinity, 0 (count of nonzeros); matrix: "fro" (default), "nuc", ±1, ±2, ±Infinity. */
  ord?: NormOrd;
  /** One axis (vector norm), two (matrix norm), or none: the whole array as a vector when ord is unset, else a 1-D/2-D array. */
  axis?: number | [number, number] | number[] | null;
  keepdims?: boolean;
}
/**
 * Vector and matrix norms as numpy.linalg.norm; differentiable (the 2- and nuclear norms of matrices through the SVD).
 * @example np.linalg.norm([3, 4]) // 5
 * @example np.linalg.norm([[1, 2], [3, 4]], { ord: 1 }) // 6 (largest column sum)
 */
export function norm(a: ArrayLike, opts: NormOpts = {}): NDArray {
  let x = toFloat(a);
  const ord = opts.ord ?? null;
  if (isComplex(x.dtype)) {
    // every norm but the matrix 2-norm and nuclear norm depends only on the moduli |xᵢⱼ|
    const matrix = opts.axis === undefined || opts.axis === null ? ord !== null && x.ndim === 2 : typeof opts.axis !== "number" && opts.axis.length === 2;
    if (matrix && (ord === 2 || ord === -2 || ord === "nuc")) {
      throw new TypeError(`norm: the ${ord === "nuc" ? "nuclear" : "spectral"} norm of a ${x.dtype} matrix needs the complex SVD, which is not wired yet (docs/complex.md)`);
    }
    x = L.abs(x);
  }
  const keepdims = opts.keepdims ?? false;
  let axes: number[];
  if (opts.axis === undefined || opts.axis === null) {
    if (ord === null) {
      const r = sqrt(sum(L.square(x)));
      return keepdims ? L.reshape(r, x.shape.map(() => 1)) : r;
    }
    if (x.ndim !== 1 && x.ndim !== 2) throw new RangeError(`norm: ord ${String(ord)} needs a 1-D or 2-D array or an axis, got shape ${fmtShape(x.shape)}`);
    axes = x.ndim === 1 ? [0] : [0, 1];
  } else {
    axes = (typeof opts.axis === "number" ? [opts.axis] : [...opts.axis]).map((i) => normAxis(i, x.ndim, "norm"));
  }
  if (axes.length === 1) return vectorNorm1(x, ord, axes[0], keepdims);
  if (axes.length !== 2) throw new RangeError(`norm: axis must name 1 or 2 axes, got [${axes}]`);
  if (axes[0] === axes[1]) throw new RangeError(`norm: duplicate axes [${axes}]`);
  return matrixNorm2(x, ord, axes[0], axes[1], keepdims);
}

/**
 * The vector norm over `axis` (default: all axes, the array flattened), ord 2 by default (numpy.linalg.vector_norm).
 * @example np.linalg.vectorNorm([[3, 0], [0, 4]]) // 5
 */
export function vectorNorm(a: ArrayLike, opts: { ord?: number; axis?: number | null; keepdims?: boolean } = {}): NDArray {
  const x = toFloat(a);
  const ord = opts.ord ?? 2;
  if (opts.axis !== undefined && opts.axis !== null) return vectorNorm1(x, ord, normAxis(opts.axis, x.ndim, "vectorNorm"), opts.keepdims ?? false);
  const r = vectorNorm1(L.reshape(x, [x.size]), ord, 0, false);
  return opts.keepdims ? L.reshape(r, x.shape.map(() => 1)) : r;
}
/**
 * The matrix norm of the last two axes, "fro" by default (numpy.linalg.matrix_norm).
 * @example np.linalg.matrixNorm([[1, 2], [3, 4]], { ord: Infinity }) // 7 (largest row sum)
 */
export function matrixNorm(a: ArrayLike, opts: { ord?: NormOrd; keepdims?: boolean } = {}): NDArray {
  const x = toFloat(a);
  if (x.ndim < 2) throw new RangeError(`matrixNorm: expected a matrix (rank ≥ 2), got shape ${fmtShape(x.shape)}`);
  return matrixNorm2(x, opts.ord ?? "fro", x.ndim - 2, x.ndim - 1, opts.keepdims ?? false);
}

function vectorNorm1(x: NDArray, ord: NormOrd, axis: number, keepdims: boolean): NDArray {
  const o = { axis, keepdims };
  if (typeof ord === "string") throw new RangeError(`norm: invalid norm order ${JSON.stringify(ord)} for vectors`);
  const p = ord ?? 2;
  if (p === Infinity) return max(abs(x), o);
  if (p === -Infinity) return min(abs(x), o);
  if (p === 0) return sum(L.convert(notEqual(x, 0), x.dtype), o);
  if (p === 1) return sum(abs(x), o);
  if (p === 2) return sqrt(sum(L.square(x), o));
  return power(sum(power(abs(x), p), o), 1 / p);
}

function matrixNorm2(x: NDArray, ord: NormOrd, row: number, col: number, keepdims: boolean): NDArray {
  const keep = (r: NDArray) => (keepdims ? L.reshape(r, x.shape.map((d, i) => (i === row || i === col ? 1 : d))) : r);
  const svals = () => {
    const rest = [...Array(x.ndim).keys()].filter((i) => i !== row && i !== col);
    return svdvals(L.transpose(x, [...rest, row, col]));
  };
  // the axis left after summing over `first` and then reducing `second`
  const after = (first: number, second: number) => (second > first ? second - 1 : second);
  if (ord === null || ord === "fro") return keep(sqrt(sum(L.square(x), { axis: [row, col] })));
  if (ord === "nuc") {
    const s = svals();
    return keep(sum(s, { axis: -1 }));
  }
  if (ord === 1 || ord === -1) return keep((ord === 1 ? max : min)(sum(abs(x), { axis: row }), { axis: after(row, col) }));
  if (ord === Infinity || ord === -Infinity) return keep((ord > 0 ? max : min)(sum(abs(x), { axis: col }), { axis: after(col, row) }));
  if (ord === 2 || ord === -2) {
    const s = svals();
    const k = s.shape[s.ndim - 1];
    const pick = ord === 2 ? cols(s, 0, 1) : cols(s, k - 1, k);
    return keep(L.reshape(pick, s.shape.slice(0, -1)));
  }
  throw new RangeError(`norm: invalid norm order ${JSON.stringify(ord)} for matrices (expected "fro", "nuc", ±1, ±2 or ±Infinity)`);
}
