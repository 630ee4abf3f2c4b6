/** @file Products: matmul and dot (the rest of the products — einsum, tensordot, … — build on dot_general too). */
import { broadcastShapes, fmtShape } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, resultDType } from "./core.js";

/** Promote two operands to a common dtype (no broadcasting). */
export function promotePair(x: ArrayLike, y: ArrayLike): [NDArray, NDArray] {
  const d = resultDType([x, y]);
  const a = asArray(x, d), b = asArray(y, d);
  if (a.dtype === "bool") return [L.convert(a, "int32"), L.convert(b, "int32")];
  return [L.convert(a, d), L.convert(b, d)];
}

/**
 * Matrix product with NumPy semantics: 1-D operands are promoted to matrices and the added axis
 * removed; leading (batch) dimensions broadcast.
 * @example np.matmul([[2, 3, 0], [0, 0, 5]], [2, 3, 1]) // [13, 5]
 */
export function matmul(x: ArrayLike, y: ArrayLike): NDArray {
  let [a, b] = promotePair(x, y);
  if (a.ndim === 0 || b.ndim === 0) throw new RangeError(`matmul: operands must be at least 1-D, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const aVec = a.ndim === 1, bVec = b.ndim === 1;
  if (aVec) a = L.reshape(a, [1, a.shape[0]]);
  if (bVec) b = L.reshape(b, [b.shape[0], 1]);
  const k1 = a.shape[a.ndim - 1], k2 = b.shape[b.ndim - 2];
  if (k1 !== k2) {
    throw new RangeError(`matmul: inner dimensions differ: lhs ${fmtShape(aVec ? [k1] : a.shape)} · rhs ${fmtShape(bVec ? [k2] : b.shape)} (${k1} ≠ ${k2})`);
  }
  const batch = broadcastShapes("matmul", a.shape.slice(0, -2), b.shape.slice(0, -2));
  a = L.broadcastTo(a, [...batch, ...a.shape.slice(-2)]);
  b = L.broadcastTo(b, [...batch, ...b.shape.slice(-2)]);
  const nb = batch.length;
  const bAxes = [...Array(nb).keys()];
  let out = L.dotGeneral(a, b, { contract: [[nb + 1], [nb]], batch: [bAxes, bAxes] });
  if (aVec || bVec) out = L.reshape(out, out.shape.filter((_, i) => !((aVec && i === nb) || (bVec && i === out.ndim - 1))));
  return out;
}

/**
 * NumPy's dot: scalars multiply; otherwise contract the last axis of x with the second-to-last of y
 * (or the only axis of a 1-D y).
 * @example np.dot([1, 2, 3], [4, 5, 6]) // 32
 */
export function dot(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promotePair(x, y);
  if (a.ndim === 0 || b.ndim === 0) {
    const shape = broadcastShapes("dot", a.shape, b.shape);
    return L.mul(L.broadcastTo(a, shape), L.broadcastTo(b, shape));
  }
  const ca = a.ndim - 1, cb = b.ndim === 1 ? 0 : b.ndim - 2;
  if (a.shape[ca] !== b.shape[cb]) {
    throw new RangeError(`dot: shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} not aligned: ${a.shape[ca]} (dim ${ca}) ≠ ${b.shape[cb]} (dim ${cb})`);
  }
  const out = L.dotGeneral(a, b, { contract: [[ca], [cb]], batch: [[], []] });
  return out;
}
