/** @file The multivariate normal with JAX's batching: mean [..., n], cov [..., n, n], factored by cholesky, eigh or svd. */
import { NDArray } from "../core/array.js";
import { broadcastShapes, fmtShape } from "../core/aval.js";
import { FloatDType, getDefaultFloat, isFloat, promoteTypes } from "../core/dtype.js";
import * as np from "../numpy/index.js";
import { show } from "../numpy/signature.js";
import { ShapeArg, checkKey, toShape } from "./keys.js";
import { normal } from "./distributions.js";

/** How the covariance is factored into A with A·Aᵀ = cov (JAX's `method`). */
export type MvnMethod = "cholesky" | "eigh" | "svd";
export interface MvnOpts {
  dtype?: FloatDType;
  /** "cholesky" (default; fastest), "eigh" (v·√w) or "svd" (u·√s): the latter two accept semi-definite cov. */
  method?: MvnMethod;
}

/**
 * Samples from N(mean, cov): mean + A·z with A·Aᵀ = cov and z standard normal, as JAX's
 * `random.multivariate_normal`. `mean` is [..., n] and `cov` [..., n, n]; their batch dimensions
 * broadcast. `shape` (default: the broadcast of `mean.shape[:-1]` and `cov.shape[:-2]`) is the batch
 * shape of the result, which is `[...shape, n]`; the parameters' batch shapes must broadcast to it.
 * `method`: "cholesky" (default), "eigh" (A = v·√w) or "svd" (A = u·√s), as JAX.
 * Differentiable in mean and cov; works under jit and vmap. Not positive definite gives NaN with
 * "cholesky" (as JAX).
 * @example random.multivariateNormal(random.key(0), np.array([0, 0]), np.array([[1, 0.5], [0.5, 1]]), [100]) // [100, 2]
 * @example random.multivariateNormal(random.key(0), np.zeros([5, 3]), np.eye(3)).shape // [5, 3]: one draw per mean
 */
export function multivariateNormal(key: NDArray, mean: np.ArrayLike, cov: np.ArrayLike, shape?: ShapeArg | null, opts: MvnOpts = {}): NDArray {
  checkKey("multivariateNormal", key);
  const fail = (why: string): never => {
    throw new RangeError(`random.multivariateNormal: ${why}`);
  };
  const m = np.asArray(mean), c = np.asArray(cov);
  if (m.ndim < 1) fail(`mean must have at least 1 dimension ([..., n]), got shape ${fmtShape(m.shape)}`);
  const n = m.shape[m.ndim - 1];
  if (c.ndim < 2 || c.shape[c.ndim - 1] !== n || c.shape[c.ndim - 2] !== n) {
    fail(`expected mean [..., n] and cov [..., n, n] with the same n, got mean ${fmtShape(m.shape)} and cov ${fmtShape(c.shape)}`);
  }
  const method = opts.method ?? "cholesky";
  if (method !== "cholesky" && method !== "eigh" && method !== "svd") {
    throw new TypeError(`random.multivariateNormal: method must be "cholesky", "eigh" or "svd", got ${show(method)}`);
  }
  const pd = promoteTypes(m.dtype, c.dtype);
  const dtype = opts.dtype ?? (isFloat(pd) ? pd : getDefaultFloat());
  if (!isFloat(dtype)) throw new TypeError(`random.multivariateNormal: dtype must be float32 or float64, got ${show(dtype)}`);
  const mb = m.shape.slice(0, -1), cb = c.shape.slice(0, -2);
  let params: number[];
  try {
    params = broadcastShapes("random.multivariateNormal", mb, cb);
  } catch {
    return fail(`the batch shapes of mean ${fmtShape(m.shape)} and cov ${fmtShape(c.shape)} do not broadcast (${fmtShape(mb)} vs ${fmtShape(cb)})`);
  }
  let s: number[];
  if (shape === undefined || shape === null) s = params;
  else {
    s = toShape("multivariateNormal", shape);
    let ok: boolean;
    try {
      ok = fmtShape(broadcastShapes("random.multivariateNormal", s, params)) === fmtShape(s);
    } catch {
      ok = false;
    }
    if (!ok) fail(`shape ${fmtShape(s)} is not compatible with the batch shapes of mean ${fmtShape(mb)} and cov ${fmtShape(cb)}: they must broadcast to it`);
  }
  const cf = np.asArray(c, dtype);
  let factor: NDArray;
  if (method === "cholesky") factor = np.linalg.cholesky(cf);
  else if (method === "eigh") {
    const [w, v] = np.linalg.eigh(cf);
    factor = np.multiply(v, np.expandDims(np.sqrt(w), -2)); // v·diag(√w): column j scaled by √w_j
  } else {
    const [u, sv] = np.linalg.svd(cf);
    factor = np.multiply(u, np.expandDims(np.sqrt(sv), -2)); // u·diag(√s)
  }
  const z = normal(key, [...s, n], { dtype });
  // mean + A·z per sample: A [..., n, n] · z [..., n, 1]
  const az = np.squeeze(np.matmul(factor, np.expandDims(z, -1)), -1);
  return np.add(np.asArray(m, dtype), az);
}
