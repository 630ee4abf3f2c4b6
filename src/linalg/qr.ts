/**
 * @file The qr primitive (Householder, any m×n, reduced or complete) and a private upper-triangular
 * inverse primitive its derivative rule uses; both host kernels, batched over leading dimensions.
 */
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { bind, bind1 } from "../core/trace.js";
import * as L from "../lax/index.js";
import { add, negative, subtract } from "../numpy/math.js";
import { hostPrimitive } from "./host.js";
import { formQ, formR, householderQR } from "./kernels_householder.js";
import { checkMatrix, cols, mT, mm, rows, tri } from "./ops.js";

export interface QrParams {
  /** Complete Q (m×m) and R (m×n); otherwise reduced: Q m×k, R k×n with k = min(m, n). */
  full: boolean;
}

/** Inverse of an upper-triangular n×n matrix by back substitution (reads the upper triangle only). */
function upperInverse(r: Float64Array, n: number): Float64Array {
  const x = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    for (let i = c; i >= 0; i--) {
      let t = i === c ? 1 : 0;
      for (let l = i + 1; l <= c; l++) t -= r[i * n + l] * x[l * n + c];
      x[i * n + c] = t / r[i * n + i];
    }
  }
  return x;
}

// d(R⁻¹) = −R⁻¹ · triu(dR) · R⁻¹
export const upperInverseP = hostPrimitive<{}>({
  name: "upper_triangular_inverse",
  coreDims: [2],
  abstractEval([r]) {
    checkMatrix("upper_triangular_inverse", r.shape, r.dtype, true);
    return [r];
  },
  kernel: ([r], [[n]]) => [upperInverse(r, n)],
  jvp([r], [dr]) {
    const ri = bind1(upperInverseP, [r], {});
    return [[ri], [negative(mm(mm(ri, tri(dr, 0, true)), ri))]];
  },
});

export const qrP = hostPrimitive<QrParams>({
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
  const daRinv = mm(da, bind1(upperInverseP, [r], {}));
  const c = mm(mT(q), daRinv);
  const low = tri(c, -1, false);
  const omega = subtract(low, mT(low));
  return [add(mm(q, subtract(omega, c)), daRinv), mm(subtract(c, omega), r)];
}
