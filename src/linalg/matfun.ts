/** @file np.linalg matrix functions: matrixPower (repeated squaring) and expm (scaling and squaring with Padé approximants). */
import { fmtShape } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray } from "../numpy/core.js";
import { matmul } from "../numpy/linalg.js";
import { eyeLike } from "./lu.js";
import { inv, solveCore, squareOperand } from "./solve.js";

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
 * Eager concrete input picks the degree per matrix; traced input (jit — also of a constant inside
 * the jitted function — vmap, grad) uses the largest degree and masks the squarings, which agrees
 * to rounding.
 * NB: s is the ceiling of log₂(‖a‖₁/θ) (Higham), where JAX takes the floor; like JAX, at most
 * `maxSquarings` (default 16) squarings are done.
 * @example np.linalg.expm([[0, 1], [-1, 0]]) // [[cos 1, sin 1], [−sin 1, cos 1]]
 */
export function expm(a: ArrayLike, opts: { maxSquarings?: number } = {}): NDArray {
  const { maxSquarings = 16 } = opts;
  const x = squareOperand("expm", a);
  const n = x.shape[x.ndim - 1];
  if (n === 0) return x;
  // the norm, not the input, decides: a constant input inside jit is concrete, but its norm is staged
  const norm = norm1(x);
  if (norm instanceof ConcreteArray) {
    const norms = Array.from(norm.data() as Float64Array);
    if (x.ndim === 2) return expmConcrete(x, norms[0], maxSquarings);
    const flat = L.reshape(x, [norms.length, n, n]);
    const each = Array.from(norms, (v, i) => expmConcrete(L.reshape(L.slice(flat, [i, 0, 0], [i + 1, n, n]), [n, n]), v, maxSquarings));
    return L.reshape(L.concatenate(each.map((e) => L.reshape(e, [1, n, n])), 0), x.shape);
  }
  const table = THETA[x.dtype as "float32" | "float64"];
  const [m, th] = table[table.length - 1];
  const s = L.min(L.max(L.ceil(L.div(L.log(L.div(norm, th)), Math.LN2)), 0), maxSquarings); // traced: one per matrix
  const lift = (v: NDArray) => L.broadcastInDim(v, [...x.shape], v.shape.map((_, i) => i));
  let r = padeExp(L.mul(x, lift(L.exp2(L.neg(s)))), m);
  for (let i = 0; i < maxSquarings; i++) r = L.select(lift(L.gt(s, i)), matmul(r, r), r);
  return r;
}
