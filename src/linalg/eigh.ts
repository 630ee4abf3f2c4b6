/** @file The eigh primitive: eigenvalues (ascending) and eigenvectors of symmetric matrices, from one triangle. */
import { ShapedArray } from "../core/aval.js";
import { bind } from "../core/trace.js";
import * as L from "../lax/index.js";
import { add, divide, multiply, subtract } from "../numpy/math.js";
import type { Primitive } from "../core/primitive.js";
import { hostPrimitive } from "./host.js";
import { symmetricEigen } from "./kernels_eigh.js";
import { checkMatrix, diagPart, eyeOf, mT, mm, tri } from "./ops.js";

export interface EighParams {
  /** Read the lower triangle (otherwise the upper one). */
  lower: boolean;
}

// with B = Vᵀ Ȧ V (Ȧ the symmetric matrix the read triangle of dA stands for):
// ẇ = diag(B),  V̇ = V (F ∘ B),  F_ij = 1/(w_j − w_i) off the diagonal, 0 on it
export const eighP: Primitive<EighParams> = hostPrimitive<EighParams>({
  name: "eigh",
  coreDims: [2],
  abstractEval([a]) {
    checkMatrix("eigh", a.shape, a.dtype, true);
    const n = a.shape[a.ndim - 1];
    return [new ShapedArray([...a.shape.slice(0, -2), n], a.dtype), a];
  },
  kernel([a], [[n]], { lower }) {
    const { w, v } = symmetricEigen(a, n, lower);
    return [w, v];
  },
  transpose: null, // not linear in its operands
  jvp([a], [da], params) {
    const [w, v] = bind(eighP, [a], params);
    const n = a.shape[a.ndim - 1];
    // NB: JAX uses dA as given; the primitive reads one triangle, so its derivative does too
    const half = tri(da, 0, !params.lower), strict = tri(da, params.lower ? -1 : 1, !params.lower);
    const dsym = add(half, mT(strict));
    const b = mm(mm(mT(v), dsym), v);
    const eye = eyeOf(n, a.dtype);
    const wRow = L.reshape(w, [...w.shape.slice(0, -1), 1, n]), wCol = L.reshape(w, [...w.shape, 1]);
    const f = subtract(divide(1, add(eye, subtract(wRow, wCol))), eye);
    return [[w, v], [diagPart(b), mm(v, multiply(f, b))]];
  },
});
