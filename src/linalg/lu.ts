/**
 * @file lu (P·A = L·U with partial pivoting) and adjugate (adj A, robust at rank n − 1) as host
 * primitives, plus the LU solve they share: x = U⁻¹·L⁻¹·P·b, linear in b.
 */
import type { NoParams } from "../core/primitive.js";
import { ShapedArray, prod } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { isFloat, typedArrayCtor } from "../core/dtype.js";
import { bind, bind1 } from "../core/trace.js";
import * as L from "../lax/index.js";
import { hostPrimitive } from "./host.js";
import { adjugateKernel, luKernel } from "./kernels_lu.js";
import { keepTriangle, mm } from "./ops.js";
import { triangularSolve, triangularSolveRight } from "./triangular.js";

function squareEval(name: string, a: ShapedArray): number {
  if (!isFloat(a.dtype)) throw new TypeError(`${name}: expected a float array, got ${a.str()}`);
  if (a.ndim < 2 || a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) throw new RangeError(`${name}: expected a (batch of) square matrices [..., n, n], got ${a.str()}`);
  return a.shape[a.ndim - 1];
}

const LOWER_UNIT = { lower: true, transposeA: false, unitDiagonal: true };
const UPPER = { lower: false, transposeA: false, unitDiagonal: false };

/** The identity matrix broadcast to the shape of `x` ([..., n, n]). */
export function eyeLike(x: NDArray | ShapedArray): NDArray {
  const n = x.shape[x.ndim - 1];
  const data = new (typedArrayCtor(x.dtype))(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return L.broadcastTo(ConcreteArray.fromTyped(data, [n, n], x.dtype), [...x.shape]);
}

/** Rows of b [..., n, k] reordered by perm [..., n] (equal batch dimensions): out[..., i, :] = b[..., perm[i], :]. */
export function permuteRows(b: NDArray, perm: NDArray): NDArray {
  const n = b.shape[b.ndim - 2], k = b.shape[b.ndim - 1];
  const batch = b.shape.slice(0, -2), rows = prod(batch);
  const offsets = ConcreteArray.fromTyped(Int32Array.from({ length: rows }, (_, r) => r * n), [rows], "int32");
  const idx = L.add(L.reshape(perm, [rows, n]), L.broadcastInDim(offsets, [rows, n], [0]));
  return L.reshape(L.gather(L.reshape(b, [rows * n, k]), idx, 0), b.shape);
}

// P·A = L·U: with X = L⁻¹·P·dA·U⁻¹, dL = L·strictly_lower(X) and dU = upper(X)·U (JAX's lu_jvp_rule, square case)
export const luP = hostPrimitive<NoParams>({
  name: "lu",
  coreDims: [2],
  abstractEval([a]) {
    const n = squareEval("lu", a);
    const batch = a.shape.slice(0, -2);
    return [a, new ShapedArray([...batch, n], "int32"), new ShapedArray([...batch, n], "int32")];
  },
  kernel: ([a], [shape]) => luKernel(a, shape[0]),
  transpose: null, // not linear in its operands
  jvp([a], [da]) {
    const [lu, pivots, perm] = luFactor(a);
    const zeros = [L.zerosLike(pivots), L.zerosLike(perm)];
    if (L.isZeroTangent(da)) return [[lu, pivots, perm], [L.zeroTangent(lu), ...zeros]];
    const x = triangularSolveRight(lu, triangularSolve(lu, permuteRows(da, perm), LOWER_UNIT), UPPER);
    const l = L.add(keepTriangle(lu, true, false), eyeLike(lu));
    const dl = mm(l, keepTriangle(x, true, false));
    const du = mm(keepTriangle(x, false, true), keepTriangle(lu, false, true));
    return [[lu, pivots, perm], [L.add(dl, du), ...zeros]];
  },
});

/** Bind lu: [lu (L below the diagonal, U on and above it), pivots, permutation] of a [..., n, n]. */
export function luFactor(a: NDArray): [NDArray, NDArray, NDArray] {
  const [lu, pivots, perm] = bind(luP, [a], {});
  return [lu, pivots, perm];
}

/** A⁻¹·b from A's LU factors, for b [..., n, k] with the factors' batch dimensions; linear in b. */
export function luSolve(lu: NDArray, perm: NDArray, b: NDArray): NDArray {
  return triangularSolve(lu, triangularSolve(lu, permuteRows(b, perm), LOWER_UNIT), UPPER);
}

// adj(A) = det(A)·A⁻¹: d adj(A) = adj(A)·tr(A⁻¹·dA) − A⁻¹·dA·adj(A) (NB: needs A⁻¹, so it is NaN at singular A)
export const adjugateP = hostPrimitive<NoParams>({
  name: "adjugate",
  coreDims: [2],
  abstractEval([a]) {
    squareEval("adjugate", a);
    return [a];
  },
  kernel: ([a], [shape]) => [adjugateKernel(a, shape[0])],
  transpose: null, // not linear in its operands
  jvp([a], [da]) {
    const adj = adjugate(a);
    if (L.isZeroTangent(da)) return [[adj], [L.zeroTangent(adj)]];
    const [lu, , perm] = luFactor(a);
    const x = luSolve(lu, perm, da);
    const tr = L.reduceSum(L.mul(x, eyeLike(x)), [x.ndim - 2, x.ndim - 1]);
    const scaled = L.mul(adj, L.broadcastInDim(tr, adj.shape, tr.shape.map((_, i) => i)));
    return [[adj], [L.sub(scaled, mm(x, adj))]];
  },
});

/** Bind adjugate: adj(a) for a [..., n, n] — the transpose of the cofactor matrix. */
export function adjugate(a: NDArray): NDArray {
  return bind1(adjugateP, [a]);
}
