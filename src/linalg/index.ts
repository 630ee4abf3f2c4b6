/**
 * @file np.linalg: factorisations, solves, matrix functions and norms, batched over leading dimensions
 * and differentiable — each checked against its one-line signature on every call (see numpy/signature.ts).
 */
import { checked as c, isPlainObject, show } from "../numpy/signature.js";
import { NDArray } from "../core/array.js";
import { ArrayLike } from "../numpy/core.js";
import * as s from "./solve.js";
import * as m from "./matfun.js";
import * as d from "./decomp.js";
import * as x from "./more.js";
import * as aa from "./array_api.js";

export type { QrOpts, EighOpts, SvdOpts, PinvOpts, LstsqOpts, NormOpts } from "./decomp.js";
export type { LuOpts, MatrixRankOpts } from "./more.js";

/** eigh's options: JAX's `UPLO`, `symmetrizeInput` and `sortEigenvalues`. */
export interface EighApiOpts extends d.EighOpts {
  /** JAX's sort_eigenvalues. NB: eigenvalues always come ascending; `false` (order unspecified in JAX) changes nothing. */
  sortEigenvalues?: boolean;
}
type Uplo = "L" | "U";
function eighOpts(op: string, arg: Uplo | EighApiOpts | undefined): d.EighOpts {
  if (arg === undefined) return {};
  if (typeof arg === "string") return { UPLO: arg };
  if (arg.sortEigenvalues !== undefined && typeof arg.sortEigenvalues !== "boolean") throw new TypeError(`${op}: sortEigenvalues must be a boolean, got ${show(arg.sortEigenvalues)}`);
  const { sortEigenvalues: _, ...rest } = arg;
  return rest;
}

/**
 * Eigenvalues (ascending) and eigenvectors (columns) of symmetric matrices; `UPLO` may come positionally (as JAX).
 * @example const [w, v] = np.linalg.eigh([[2, 1], [1, 2]]); // w = [1, 3]
 */
function eighApi(a: ArrayLike, arg?: Uplo | EighApiOpts): [NDArray, NDArray] {
  return d.eigh(a, eighOpts("eigh", arg));
}
/** Eigenvalues of symmetric matrices, ascending. @example np.linalg.eigvalsh([[2, 1], [1, 2]]) // [1, 3] */
function eigvalshApi(a: ArrayLike, arg?: Uplo | EighApiOpts): NDArray {
  return d.eigvalsh(a, eighOpts("eigvalsh", arg));
}
/** Moore–Penrose pseudo-inverse; `rtol` may come positionally (as JAX). @example np.linalg.pinv([[2, 0], [0, 4]]) // [[0.5, 0], [0, 0.25]] */
function pinvApi(a: ArrayLike, arg?: number | d.PinvOpts): NDArray {
  return d.pinv(a, typeof arg === "number" ? { rtol: arg } : arg);
}
/** Least squares [x, residuals, rank, s]; `rcond` may come positionally (as JAX). @example np.linalg.lstsq([[1, 0], [1, 1], [1, 2]], [1, 2, 4])[0] // [5/6, 3/2] */
function lstsqApi(a: ArrayLike, b: ArrayLike, arg?: number | d.LstsqOpts): [NDArray, NDArray, NDArray, NDArray] {
  return d.lstsq(a, b, typeof arg === "number" ? { rcond: arg } : arg);
}

type QrMode = "reduced" | "complete" | "r";
/**
 * QR decomposition; `mode` may come positionally (as NumPy's and JAX's `qr(a, mode)`).
 * @example const [q, r] = np.linalg.qr([[3, 1], [4, 2]], "reduced");
 */
function qrApi(a: ArrayLike, mode: "r" | (d.QrOpts & { mode: "r" })): NDArray;
function qrApi(a: ArrayLike, mode?: QrMode | d.QrOpts): [NDArray, NDArray];
function qrApi(a: ArrayLike, mode?: QrMode | d.QrOpts): NDArray | [NDArray, NDArray] {
  return d.qr(a, typeof mode === "string" ? { mode } : mode);
}
/**
 * Singular value decomposition; `fullMatrices` and `computeUv` may come positionally (as NumPy's `svd(a, full_matrices, compute_uv)`).
 * @example const s = np.linalg.svd([[3, 0], [4, 5]], false, false); // [3√5, √5]
 */
function svdApi(a: ArrayLike, fullMatrices: boolean | undefined, computeUv: false): NDArray;
function svdApi(a: ArrayLike, opts: d.SvdOpts & { computeUv: false }): NDArray;
function svdApi(a: ArrayLike, fullMatrices?: boolean | d.SvdOpts, computeUv?: true): [NDArray, NDArray, NDArray];
function svdApi(a: ArrayLike, fullMatrices?: boolean | d.SvdOpts, computeUv?: boolean): NDArray | [NDArray, NDArray, NDArray] {
  if (fullMatrices === undefined || typeof fullMatrices === "boolean") {
    if (computeUv !== undefined && typeof computeUv !== "boolean") throw new TypeError(`svd: computeUv must be a boolean, got ${show(computeUv)}`);
    return d.svd(a, { fullMatrices, computeUv } as d.SvdOpts);
  }
  if (computeUv !== undefined) throw new TypeError(`svd: options { fullMatrices, computeUv } must come last, got ${show(computeUv)} after them`);
  return d.svd(a, fullMatrices);
}

type Ord = d.NormOrd | "f";
/** norm's options: `ord` also takes "f" (JAX's alias of "fro"). */
export type NormApiOpts = Omit<d.NormOpts, "ord"> & { ord?: Ord };
/**
 * Vector and matrix norms as numpy.linalg.norm, with NumPy's positional forms `norm(x, ord, axis, { keepdims })`
 * or options `norm(x, { ord, axis, keepdims })`. Matrix orders "fro" (alias "f", as JAX), "nuc", ±1, ±2, ±Infinity;
 * vector orders any p, ±Infinity, 0.
 * @example np.linalg.norm([[1, 2], [3, 4]], 2) // 5.4649… (the largest singular value)
 */
function normApi(a: ArrayLike, ord?: Ord | NormApiOpts, axis?: d.NormOpts["axis"] | { axis?: d.NormOpts["axis"]; keepdims?: boolean }, opts?: { keepdims?: boolean }): NDArray {
  let o: NormApiOpts;
  if (isPlainObject(ord)) {
    if (axis !== undefined || opts !== undefined) throw new TypeError(`norm: options { ord, axis, keepdims } must come last, got ${show(axis ?? opts)} after them`);
    o = { ...(ord as NormApiOpts) };
  } else if (isPlainObject(axis)) {
    if (opts !== undefined) throw new TypeError(`norm: options { axis, keepdims } must come last, got ${show(opts)} after them`);
    o = { ord: ord as Ord, ...(axis as d.NormOpts) };
  } else o = { ord: ord as Ord, axis: axis as d.NormOpts["axis"], keepdims: opts?.keepdims };
  if (o.ord === "f") o.ord = "fro";
  if (o.ord !== undefined && o.ord !== null && typeof o.ord !== "number" && o.ord !== "fro" && o.ord !== "nuc") {
    throw new RangeError(`norm: invalid norm order ${show(o.ord)} (expected a number, ±Infinity, "fro", "f" or "nuc")`);
  }
  return d.norm(a, o as d.NormOpts);
}

export const cholesky = c(s.cholesky, "np.linalg.cholesky(x, opts?{upper,symmetrizeInput})");
export const solveTriangular = c(s.solveTriangular, "np.linalg.solveTriangular(a, b, opts?{lower,trans,unitDiagonal})");
export const solve = c(s.solve, "np.linalg.solve(a, b)");
export const inv = c(s.inv, "np.linalg.inv(x)");
export const det = c(s.det, "np.linalg.det(x)");
export const slogdet = c(s.slogdet, "np.linalg.slogdet(x)");
export const matrixPower = c(m.matrixPower, "np.linalg.matrixPower(x, n)");
export const expm = c(m.expm, "np.linalg.expm(x, opts?{maxSquarings})");
export const qr = c(qrApi, "np.linalg.qr(x, mode?|{mode})");
export const eigh = c(eighApi, "np.linalg.eigh(x, UPLO?|{UPLO,symmetrizeInput,sortEigenvalues})");
export const eigvalsh = c(eigvalshApi, "np.linalg.eigvalsh(x, UPLO?|{UPLO,symmetrizeInput})");
export const svd = c(svdApi, "np.linalg.svd(x, fullMatrices?|{fullMatrices,computeUv}, computeUv?)");
export const svdvals = c(d.svdvals, "np.linalg.svdvals(x)");
export const pinv = c(pinvApi, "np.linalg.pinv(x, rtol?|{rtol})");
export const lstsq = c(lstsqApi, "np.linalg.lstsq(a, b, rcond?|{rcond})");
export const norm = c(normApi, "np.linalg.norm(x, ord?|{ord,axis,keepdims}, axis?|{axis,keepdims}, opts?{keepdims})");
export const vectorNorm = c(d.vectorNorm, "np.linalg.vectorNorm(x, opts?{ord,axis,keepdims})");
export const matrixNorm = c(d.matrixNorm, "np.linalg.matrixNorm(x, opts?{ord,keepdims})");
// ---- issue 10: np.linalg additions ----
export const multiDot = c(x.multiDot, "np.linalg.multiDot(arrays)");
export const lu = c(x.lu, "np.linalg.lu(x, opts?{permuteL})");
export const luFactor = c(x.luFactor, "np.linalg.luFactor(x)");
export const luSolve = c(x.luSolve, "np.linalg.luSolve(luAndPiv, b, trans?)");
export const cond = c(x.cond, "np.linalg.cond(x, p?)");
export const matrixRank = c(x.matrixRank, "np.linalg.matrixRank(x, rtol?|{rtol,tol})");
export const tensorsolve = c(x.tensorsolve, "np.linalg.tensorsolve(a, b, axes?)");
export const tensorinv = c(x.tensorinv, "np.linalg.tensorinv(x, ind?)");
export const matmul = c(aa.matmul, "np.linalg.matmul(x1, x2)");
export const matrixTranspose = c(aa.matrixTranspose, "np.linalg.matrixTranspose(x)");
export const diagonal = c(aa.diagonal, "np.linalg.diagonal(x, opts?{offset})");
export const trace = c(aa.trace, "np.linalg.trace(x, opts?{offset})");
export const outer = c(aa.outer, "np.linalg.outer(x1, x2)");
export const tensordot = c(aa.tensordot, "np.linalg.tensordot(x1, x2, axes?|{axes})");
export const vecdot = c(aa.vecdot, "np.linalg.vecdot(x1, x2, opts?{axis})");
export const cross = c(aa.cross, "np.linalg.cross(x1, x2, opts?{axis})");
// ---- issue 10/13: general eigenvalues (complex results) ----
import * as eg from "./eig.js";
export type { RootsOpts } from "./eig.js";
export const eig = c(eg.eig, "np.linalg.eig(x)");
export const eigvals = c(eg.eigvals, "np.linalg.eigvals(x)");
