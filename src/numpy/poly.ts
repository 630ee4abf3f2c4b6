/** @file Polynomials as 1-D coefficient arrays, highest power first (NumPy's legacy `np.poly*`): polyadd, polysub, polymul, polyval, polyfit. */
import { fmtShape } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { getDefaultFloat, isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { lstsq } from "../linalg/index.js";
import { ArrayLike, asArray, promoteAndBroadcast, resultDType } from "./core.js";
import { vander } from "./construct.js";
import { convolve } from "./signal.js";
import { show } from "./signature.js";

/** Coefficients as a 1-D array (a scalar is a constant polynomial). */
function coeffs(op: string, p: ArrayLike, name: string, d = asArray(p).dtype): NDArray {
  const a = L.convert(asArray(p, d), d);
  if (a.ndim > 1) throw new RangeError(`${op}: ${name} must be a 1-D array of coefficients, got shape ${fmtShape(a.shape)}`);
  return a.ndim === 0 ? L.reshape(a, [1]) : a;
}

/** Both polynomials padded at the front (the high powers) to one length. */
function aligned(op: string, p: ArrayLike, q: ArrayLike): [NDArray, NDArray] {
  const d = resultDType([p, q]);
  const a = coeffs(op, p, "a1", d), b = coeffs(op, q, "a2", d);
  const n = Math.max(a.shape[0], b.shape[0]);
  return [L.pad(a, [n - a.shape[0]], [0], 0), L.pad(b, [n - b.shape[0]], [0], 0)];
}

/**
 * The sum of two polynomials.
 * @example np.polyadd([1, 2], [1, 0, 0]) // [1, 1, 2]
 */
export function polyadd(a1: ArrayLike, a2: ArrayLike): NDArray {
  const [a, b] = aligned("polyadd", a1, a2);
  return L.add(a, b);
}
/**
 * The difference of two polynomials.
 * @example np.polysub([1, 2], [1, 0, 0]) // [-1, 1, 2]
 */
export function polysub(a1: ArrayLike, a2: ArrayLike): NDArray {
  const [a, b] = aligned("polysub", a1, a2);
  return L.sub(a, b);
}
/**
 * The product of two polynomials (the full convolution of their coefficients).
 * NB: leading zeros are kept, as JAX's default (`trim_leading_zeros=False`).
 * @example np.polymul([1, 1], [1, -1]) // [1, 0, -1]
 */
export function polymul(a1: ArrayLike, a2: ArrayLike): NDArray {
  const d = resultDType([a1, a2]);
  return convolve(coeffs("polymul", a1, "a1", d), coeffs("polymul", a2, "a2", d));
}

/**
 * The polynomial `p` (highest power first) at each element of `x`, by Horner's rule:
 * p[0]·x^(n−1) + … + p[n−1]. Differentiable in `p` and `x`.
 * @example np.polyval([3, 0, 1], 2) // 13
 */
export function polyval(p: ArrayLike, x: ArrayLike): NDArray {
  const d = resultDType([p, x]);
  const c = coeffs("polyval", p, "p", d);
  const [xs] = promoteAndBroadcast("polyval", [x], d);
  let y = L.full(xs.shape, 0, d);
  for (let i = 0; i < c.shape[0]; i++) y = L.add(L.mul(y, xs), L.broadcastTo(L.reshape(L.slice(c, [i], [i + 1]), []), xs.shape));
  return y;
}

export interface PolyfitOpts {
  /** Weights per sample point, applied to the residuals (1/σ for Gaussian errors). */
  w?: ArrayLike;
  /** Relative cutoff for small singular values (default: length · machine epsilon). */
  rcond?: number;
}
/**
 * The least-squares polynomial of degree `deg` through points (x, y), highest power first; `y` may be
 * 2-D (one fit per column, coefficients [deg+1, k]). Columns of the Vandermonde matrix are scaled to unit
 * norm before `linalg.lstsq`, as NumPy. Differentiable in x, y and w.
 * @example np.polyfit([0, 1, 2], [1, 3, 5], 1) // [2, 1]
 */
export function polyfit(x: ArrayLike, y: ArrayLike, deg: number, opts: PolyfitOpts = {}): NDArray {
  if (typeof deg !== "number" || !Number.isInteger(deg) || deg < 0) throw new TypeError(`polyfit: deg must be a non-negative integer, got ${show(deg)}`);
  const d0 = resultDType(opts.w === undefined ? [x, y] : [x, y, opts.w]);
  const d = isFloat(d0) ? d0 : getDefaultFloat();
  const xs = L.convert(asArray(x, d), d), ys = L.convert(asArray(y, d), d);
  if (xs.ndim !== 1) throw new RangeError(`polyfit: x must be 1-D, got shape ${fmtShape(xs.shape)}`);
  if (ys.ndim !== 1 && ys.ndim !== 2) throw new RangeError(`polyfit: y must be 1-D or 2-D, got shape ${fmtShape(ys.shape)}`);
  const n = xs.shape[0];
  if (ys.shape[0] !== n) throw new RangeError(`polyfit: x and y have different lengths (${n} ≠ ${ys.shape[0]})`);
  if (n === 0) throw new RangeError("polyfit: x must not be empty");
  let lhs = vander(xs, deg + 1);
  let rhs = ys;
  if (opts.w !== undefined) {
    const w = L.convert(asArray(opts.w, d), d);
    if (w.ndim !== 1 || w.shape[0] !== n) throw new RangeError(`polyfit: w must be 1-D of the length of x (${n}), got shape ${fmtShape(w.shape)}`);
    lhs = L.mul(lhs, L.broadcastTo(L.reshape(w, [n, 1]), lhs.shape));
    rhs = L.mul(rhs, ys.ndim === 2 ? L.broadcastTo(L.reshape(w, [n, 1]), ys.shape) : w);
  }
  // unit-norm columns: the conditioning of the problem no longer depends on the scale of x
  const scale = L.sqrt(L.reduceSum(L.mul(lhs, lhs), [0]));
  lhs = L.div(lhs, L.broadcastTo(L.reshape(scale, [1, deg + 1]), lhs.shape));
  const [c] = lstsq(lhs, rhs, opts.rcond === undefined ? {} : { rcond: opts.rcond });
  return L.div(c, ys.ndim === 2 ? L.broadcastTo(L.reshape(scale, [deg + 1, 1]), c.shape) : scale);
}
