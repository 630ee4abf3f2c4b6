/** @file The svd primitive: singular values (descending) and, optionally, the singular vectors, of any m×n matrix. */
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { bind } from "../core/trace.js";
import * as L from "../lax/index.js";
import { add, divide, equal, multiply, negative, subtract } from "../numpy/math.js";
import type { Primitive } from "../core/primitive.js";
import { hostPrimitive } from "./host.js";
import { svdKernel } from "./kernels_svd.js";
import { checkMatrix, cols, diagEmbed, diagPart, eyeOf, mT, mm } from "./ops.js";

export interface SvdParams {
  /** U m×m and Vh n×n (otherwise m×k and k×n, k = min(m, n)). */
  fullMatrices: boolean;
  /** Also return U and Vh (outputs [s, u, vh]); otherwise only [s]. */
  computeUv: boolean;
}

export const svdP: Primitive<SvdParams> = hostPrimitive<SvdParams>({
  name: "svd",
  coreDims: [2],
  abstractEval([a], { fullMatrices, computeUv }) {
    checkMatrix("svd", a.shape, a.dtype);
    const [m, n] = a.shape.slice(-2), b = a.shape.slice(0, -2);
    const k = Math.min(m, n);
    const s = new ShapedArray([...b, k], a.dtype);
    if (!computeUv) return [s];
    return [s, new ShapedArray([...b, m, fullMatrices ? m : k], a.dtype), new ShapedArray([...b, fullMatrices ? n : k, n], a.dtype)];
  },
  kernel([a], [[m, n]], { fullMatrices, computeUv }) {
    const { s, u, vh } = svdKernel(a, m, n, fullMatrices, computeUv);
    return computeUv ? [s, u!, vh!] : [s];
  },
  transpose: null, // not linear in its operands
  jvp([a], [da], params) {
    const full = params.computeUv && params.fullMatrices;
    const [s, u, vh] = bind(svdP, [a], { fullMatrices: full, computeUv: true });
    const [m, n] = a.shape.slice(-2);
    const k = Math.min(m, n);
    const u1 = full ? cols(u, 0, k) : u, v1 = full ? cols(mT(vh), 0, k) : mT(vh);
    // ṡ = diag(U₁ᵀ Ȧ V₁)
    const dS = mm(mm(mT(u1), da), v1);
    const ds = diagPart(dS);
    if (!params.computeUv) return [[s], [ds]];
    const [du1, dv1] = reducedUvJvp(s, u1, v1, da, dS, m, n);
    if (!full || m === n) return [[s, u, vh], [ds, du1, mT(dv1)]];
    // NB: JAX raises here. The completion columns are any orthonormal completion; we differentiate
    // the one that moves least (X₂ᵀ dX₂ = 0): dX₂ = −X₁ dX₁ᵀ X₂. Choice-invariant functions are exact.
    if (m > n) {
      const u2 = cols(u, k, m);
      const du2 = negative(mm(u1, mm(mT(du1), u2)));
      return [[s, u, vh], [ds, L.concatenate([du1, du2], u.ndim - 1), mT(dv1)]];
    }
    const v2 = cols(mT(vh), k, n);
    const dv2 = negative(mm(v1, mm(mT(dv1), v2)));
    return [[s, u, vh], [ds, du1, mT(L.concatenate([dv1, dv2], vh.ndim - 1))]];
  },
});

/**
 * JAX's svd_jvp_rule (reduced U m×k, V n×k) with dS = Uᵀ dA V and F_ij = 1/(s_j² − s_i²) (0 on the diagonal):
 * dU = U(F∘(dS S + S dSᵀ) + ½(dS − dSᵀ)S⁻¹) [+ (I − UUᵀ) dA V S⁻¹ when m > n],
 * dV = V(F∘(S dS + dSᵀ S)) [+ (I − VVᵀ) dAᵀ U S⁻¹ when n > m].
 */
function reducedUvJvp(s: NDArray, u: NDArray, v: NDArray, da: NDArray, dS: NDArray, m: number, n: number): [NDArray, NDArray] {
  const k = s.shape[s.ndim - 1];
  const sRow = L.reshape(s, [...s.shape.slice(0, -1), 1, k]), sCol = L.reshape(s, [...s.shape, 1]);
  const eye = eyeOf(k, s.dtype);
  const f = subtract(divide(1, add(multiply(add(sRow, sCol), subtract(sRow, sCol)), eye)), eye);
  const dSS = multiply(sRow, dS), SdS = multiply(sCol, dS);
  const zero = L.convert(equal(s, 0), s.dtype);
  const sInv = subtract(divide(1, add(s, zero)), zero);
  const dudvDiag = multiply(multiply(subtract(dS, mT(dS)), 0.5), diagEmbed(sInv));
  let du = mm(u, add(multiply(f, add(dSS, mT(dSS))), dudvDiag));
  let dv = mm(v, multiply(f, add(SdS, mT(SdS))));
  if (m > n) {
    const dAV = mm(da, v);
    du = add(du, divide(subtract(dAV, mm(u, mm(mT(u), dAV))), sRow));
  }
  if (n > m) {
    const dAU = mm(mT(da), u);
    dv = add(dv, divide(subtract(dAU, mm(v, mm(mT(v), dAU))), sRow));
  }
  return [du, dv];
}
