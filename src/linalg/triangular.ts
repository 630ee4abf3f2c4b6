/**
 * @file triangular_solve: op(A)·X = B for a triangular A (op = identity or transpose), batched over
 * leading dimensions; a host primitive (float64 kernel) that is linear in B.
 */
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { isFloat } from "../core/dtype.js";
import { UndefPrimal } from "../core/primitive.js";
import { bind1 } from "../core/trace.js";
import * as L from "../lax/index.js";
import { batchShape, hostPrimitive } from "./host.js";
import { keepTriangle, mT, mm } from "./ops.js";

export interface TriangularParams {
  /** Read the lower triangle of A (else the upper one). */
  lower: boolean;
  /** Solve Aᵀ·X = B instead of A·X = B. */
  transposeA: boolean;
  /** Take A's diagonal as ones (it is not read). */
  unitDiagonal: boolean;
}

/** Forward or back substitution for one matrix: A is n×n, B is n×k (row-major), both float64. */
export function triangularSolveKernel(a: Float64Array, b: Float64Array, n: number, k: number, p: TriangularParams): Float64Array {
  const x = Float64Array.from(b);
  // op(A)[i, j]; op(A) is lower triangular when exactly one of `lower`, `transposeA` holds
  const at = p.transposeA ? (i: number, j: number) => a[j * n + i] : (i: number, j: number) => a[i * n + j];
  const effLower = p.lower !== p.transposeA;
  for (let s = 0; s < n; s++) {
    const i = effLower ? s : n - 1 - s;
    const row = i * k;
    const lo = effLower ? 0 : i + 1, hi = effLower ? i : n;
    for (let j = lo; j < hi; j++) {
      const m = at(i, j);
      if (m === 0) continue;
      const rj = j * k;
      for (let c = 0; c < k; c++) x[row + c] -= m * x[rj + c];
    }
    if (!p.unitDiagonal) {
      const d = at(i, i);
      for (let c = 0; c < k; c++) x[row + c] /= d;
    }
  }
  return x;
}

const triEval = ([a, b]: ShapedArray[]): ShapedArray[] => {
  const bad = (msg: string) => new RangeError(`triangular_solve: ${msg}: a ${a.str()}, b ${b.str()}`);
  if (!isFloat(a.dtype) || a.dtype !== b.dtype) throw new TypeError(`triangular_solve: operands must have one float dtype, got a ${a.str()}, b ${b.str()}`);
  if (a.ndim < 2 || a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) throw bad("a must be a (batch of) square matrices");
  if (b.ndim !== a.ndim) throw bad("b must have the same rank as a ([..., n, k])");
  if (b.shape[b.ndim - 2] !== a.shape[a.ndim - 1]) throw bad(`rows of b (${b.shape[b.ndim - 2]}) differ from the order of a (${a.shape[a.ndim - 1]})`);
  batchShape("triangular_solve", [a, b], [2, 2]);
  return [b];
};

// X = op(A)⁻¹B: dX = op(A)⁻¹(dB − op(dA)·X), dA restricted to the triangle that is read; transpose in B: solve with op(A)ᵀ
export const triangularSolveP = hostPrimitive<TriangularParams>({
  name: "triangular_solve",
  coreDims: [2, 2],
  abstractEval: triEval,
  kernel: ([a, b], [aShape, bShape], p) => [triangularSolveKernel(a, b, aShape[0], bShape[1], p)],
  jvp([a, b], [da, db], p) {
    const x = triangularSolve(a, b, p);
    const daZero = L.isZeroTangent(da);
    if (daZero && L.isZeroTangent(db)) return [[x], [L.zeroTangent(x)]];
    let rhs = db;
    if (!daZero) {
      const dam = keepTriangle(da, p.lower, !p.unitDiagonal);
      const prodT = mm(p.transposeA ? mT(dam) : dam, x);
      rhs = L.isZeroTangent(db) ? L.neg(prodT) : L.sub(db, prodT);
    }
    return [[x], [triangularSolve(a, rhs, p)]];
  },
  transpose([ct], [a, b], p) {
    if (a instanceof UndefPrimal) throw new Error("transpose: triangular_solve is not linear in its matrix a");
    if (!(b instanceof UndefPrimal) || !ct) return [null, null];
    return [null, triangularSolve(a, ct, { ...p, transposeA: !p.transposeA })];
  },
});

/** Bind triangular_solve: op(a)⁻¹·b with a [..., n, n] and b [..., n, k] of equal batch dimensions. */
export function triangularSolve(a: NDArray, b: NDArray, p: TriangularParams): NDArray {
  return bind1(triangularSolveP, [a, b], p);
}

/** X·op(a) = b solved for X, i.e. b·op(a)⁻¹ (b [..., k, n]): a left solve with op(a)ᵀ on bᵀ. */
export function triangularSolveRight(a: NDArray, b: NDArray, p: TriangularParams): NDArray {
  return mT(triangularSolve(a, mT(b), { ...p, transposeA: !p.transposeA }));
}
