/** @file The qr primitive: Householder QR of any m×n matrix, reduced or complete, as a host kernel batched over leading dimensions. */
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { bind } from "../core/trace.js";
import * as L from "../lax/index.js";
import { add, negative, subtract } from "../numpy/math.js";
import type { Primitive } from "../core/primitive.js";
import { hostPrimitive } from "./host.js";
import { formQ, formR, householderQR } from "./kernels_householder.js";
import { checkMatrix, cols, mT, mm, rows, tri } from "./ops.js";
import { triangularSolveRight } from "./triangular.js";

export interface QrParams {
  /** Complete Q (m×m) and R (m×n); otherwise reduced: Q m×k, R k×n with k = min(m, n). */
  full: boolean;
}

export const qrP: Primitive<QrParams> = hostPrimitive<QrParams>({
  name: "qr",
  coreDims: [2],
  abstractEval([a], { full }) {
    checkMatrix("qr", a.shape, a.dtype);
    const [m, n] = a.shape.slice(-2), b = a.shape.slice(0, -2);
    const k = full ? m : Math.min(m, n);
    return [new ShapedArray([...b, m, k], a.dtype), new ShapedArray([...b, k, n], a.dtype)];
  },
  kernel([a], [[m, n]], { full }) {
    const h = householderQR(a, m, n);
    const k = full ? m : Math.min(m, n);
    return [formQ(h, k), formR(h, k)];
  },
  transpose: null, // not linear in its operands
  jvp([a], [da], { full }) {
    const [q, r] = bind(qrP, [a], { full });
    const [m, n] = a.shape.slice(-2);
    if (m < n) {
      // wide: a = [X Y] = Q [R₁ R₂] with X square ⇒ (Q, R₁) as for X, and dR₂ = dQᵀ Y + Qᵀ dY
      const [dq, dr1] = squareQrJvp(q, cols(r, 0, m), cols(da, 0, m));
      const dr2 = add(mm(mT(dq), cols(a, m, n)), mm(mT(q), cols(da, m, n)));
      return [[q, r], [dq, L.concatenate([dr1, dr2], r.ndim - 1)]];
    }
    const q1 = full ? cols(q, 0, n) : q, r1 = full ? rows(r, 0, n) : r;
    const [dq1, dr1] = squareQrJvp(q1, r1, da);
    if (!full || m === n) return [[q, r], [dq1, dr1]];
    // complete Q = [Q₁ Q₂]: Q₂ is any completion; take the one with Q₂ᵀ dQ₂ = 0, i.e. dQ₂ = −Q₁ dQ₁ᵀ Q₂
    const q2 = cols(q, n, m);
    const dq2 = negative(mm(q1, mm(mT(dq1), q2)));
    const drFull = L.pad(dr1, dr1.shape.map(() => 0), dr1.shape.map((_, i) => (i === dr1.ndim - 2 ? m - n : 0)), 0);
    return [[q, r], [L.concatenate([dq1, dq2], q.ndim - 1), drFull]];
  },
});

/**
 * JAX's qr_jvp_rule for a = QR with m ≥ n (Q m×n, R n×n): with C = Qᵀ dA R⁻¹ and Ω = tril(C, −1) − tril(C, −1)ᵀ,
 * dQ = Q(Ω − C) + dA R⁻¹ and dR = (C − Ω) R.
 */
function squareQrJvp(q: NDArray, r: NDArray, da: NDArray): [NDArray, NDArray] {
  const daRinv = triangularSolveRight(r, da, { lower: false, transposeA: false, unitDiagonal: false }); // dA·R⁻¹
  const c = mm(mT(q), daRinv);
  const low = tri(c, -1, false);
  const omega = subtract(low, mT(low));
  return [add(mm(q, subtract(omega, c)), daRinv), mm(subtract(c, omega), r)];
}
