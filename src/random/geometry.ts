/** @file Draws with geometric structure, with JAX's algorithms: generalizedNormal, ball (uniform in the unit p-ball), orthogonal (Haar-random orthogonal matrices). */
import { NDArray } from "../core/array.js";
import { FloatDType } from "../core/dtype.js";
import * as L from "../lax/index.js";
import * as np from "../numpy/index.js";
import { qr } from "../linalg/decomp.js";
import { ShapeArg, checkKey, split, toShape } from "./keys.js";
import { exponential, floatDtype, normal } from "./distributions.js";
import { gamma } from "./gamma.js";
import { rademacher } from "./univariate.js";
import { jitArrays } from "../transforms/jit.js";
import { checked, show } from "../numpy/signature.js";

const keyAt = (keys: NDArray, i: number) => L.reshape(L.slice(keys, [i, 0], [i + 1, 2]), [2]);

function checkP(fn: string, p: number): void {
  if (typeof p !== "number" || !(p > 0) || p === Infinity) throw new RangeError(`random.${fn}: p must be a positive finite number, got ${show(p)}`);
}

function generalizedNormalImpl(key: NDArray, p: number, shape: ShapeArg = [], opts: { dtype?: FloatDType } = {}): NDArray {
  checkKey("generalizedNormal", key);
  checkP("generalizedNormal", p);
  const dtype = floatDtype("generalizedNormal", opts.dtype);
  const s = toShape("generalizedNormal", shape);
  const keys = split(key);
  const g = gamma(keyAt(keys, 0), L.full([], 1 / p, dtype), s);
  const r = rademacher(keyAt(keys, 1), s, { dtype });
  return L.mul(r, L.pow(g, L.fullLike(g, 1 / p))); // ±G^(1/p), G ~ Gamma(1/p)
}
/**
 * Generalized normal samples (density ∝ e^(−|x|^p)): ±G^(1/p) with G ~ Gamma(1/p) and a random sign,
 * as JAX's `random.generalized_normal(key, p, shape)`; p = 2 is N(0, ½), p = 1 the Laplace distribution.
 * @example random.generalizedNormal(random.key(0), 1.5, [3])
 */
export const generalizedNormal: typeof generalizedNormalImpl = checked(jitArrays(generalizedNormalImpl), "random.generalizedNormal(key, p, shape?, opts?{dtype})");

function ballImpl(key: NDArray, d: number, p: number = 2, shape: ShapeArg = [], opts: { dtype?: FloatDType } = {}): NDArray {
  checkKey("ball", key);
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`random.ball: d must be a positive integer, got ${show(d)}`);
  checkP("ball", p ?? 2);
  p = p ?? 2; // (jitArrays passes an explicit undefined as null)
  const dtype = floatDtype("ball", opts.dtype);
  const s = toShape("ball", shape ?? []);
  const keys = split(key);
  const g = generalizedNormal(keyAt(keys, 0), p, [...s, d], { dtype });
  const e = exponential(keyAt(keys, 1), s, { dtype });
  // g / (Σ|g|^p + e)^(1/p): uniform in the unit p-ball (Barthe, Guédon, Mendelson & Naor)
  const norm = L.pow(L.add(np.sum(L.pow(L.abs(g), L.fullLike(g, p)), { axis: -1 }), e), L.fullLike(e, 1 / p));
  return L.div(g, L.broadcastInDim(norm, [...s, d], s.map((_, i) => i)));
}
/**
 * Points uniform in the d-dimensional unit p-ball {x : Σ|xᵢ|^p ≤ 1} (p = 2 by default), of shape
 * [...shape, d], as JAX's `random.ball(key, d, p, shape)`.
 * @example random.ball(random.key(0), 3, 2, [100]) // 100 points in the unit 3-ball
 */
export const ball: typeof ballImpl = checked(jitArrays(ballImpl), "random.ball(key, d, p?, shape?, opts?{dtype})");

function orthogonalImpl(key: NDArray, n: number, shape: ShapeArg = [], opts: { m?: number; dtype?: FloatDType } = {}): NDArray {
  checkKey("orthogonal", key);
  const m = opts.m ?? n;
  for (const [name, v] of [["n", n], ["m", m]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`random.orthogonal: ${name} must be a positive integer, got ${show(v)}`);
  }
  const dtype = floatDtype("orthogonal", opts.dtype);
  const s = toShape("orthogonal", shape);
  const [rows, cols] = [Math.max(n, m), Math.min(n, m)];
  const z = normal(key, [...s, rows, cols], { dtype });
  const [q, r] = qr(z);
  // Q·diag(sign(diag R)): the QR factor made unique, so that the result is Haar-distributed (Mezzadri 2007)
  const d = np.diagonal(r, 0, -2, -1);
  const x = np.multiply(q, np.expandDims(np.sign(d), -2));
  return n < m ? np.swapaxes(x, -2, -1) : x;
}
/**
 * Random orthogonal matrices uniform over the orthogonal group (Haar measure), of shape [...shape, n, n]
 * — or [...shape, n, m] with orthonormal columns (n ≥ m) or rows (n < m) given `{ m }` — from the QR
 * factorisation of a Gaussian matrix with the signs of R's diagonal moved into Q, as JAX's `random.orthogonal`.
 * @example const q = random.orthogonal(random.key(0), 3); // np.matmul(q, np.transpose(q)) ≈ I
 */
export const orthogonal: typeof orthogonalImpl = checked(jitArrays(orthogonalImpl), "random.orthogonal(key, n, shape?, opts?{m,dtype})");
