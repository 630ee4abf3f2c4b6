/** @file Array creation: zeros, ones, full, *Like, arange, linspace, eye. */
import { NDArray } from "../core/array.js";
import { DType, getDefaultFloat, checkDType, typedArrayCtor } from "../core/dtype.js";
import { ConcreteArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, DTypeOpt, asArray } from "./core.js";

type ShapeLike = number | number[];
const toShape = (s: ShapeLike, op: string): number[] => {
  const shape = typeof s === "number" ? [s] : [...s];
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new RangeError(`${op}: invalid shape [${shape}]`);
  return shape;
};
const dt = (o: DTypeOpt, op: string, dflt: DType = getDefaultFloat()) => (o.dtype === undefined ? dflt : checkDType(o.dtype, op));

/** An array of zeros. @example np.zeros([2, 3]).shape // [2, 3] */
export function zeros(shape: ShapeLike, opts: DTypeOpt = {}): NDArray {
  return L.full(toShape(shape, "zeros"), 0, dt(opts, "zeros"), "zeros");
}
/** An array of ones. @example np.ones(3) // [1, 1, 1] */
export function ones(shape: ShapeLike, opts: DTypeOpt = {}): NDArray {
  return L.full(toShape(shape, "ones"), 1, dt(opts, "ones"), "ones");
}
/** An array filled with `value`. @example np.full([2], 7) // [7, 7] */
export function full(shape: ShapeLike, value: number | boolean, opts: DTypeOpt = {}): NDArray {
  const d = opts.dtype ? checkDType(opts.dtype, "full") : typeof value === "boolean" ? "bool" : getDefaultFloat();
  return L.full(toShape(shape, "full"), Number(value), d, "full");
}
/** Zeros with the shape and dtype of `x`. @example np.zerosLike(np.ones([2])) // [0, 0] */
export function zerosLike(x: ArrayLike, opts: DTypeOpt = {}): NDArray {
  const a = asArray(x);
  return L.full(a.shape, 0, opts.dtype ?? a.dtype, "zerosLike");
}
export function onesLike(x: ArrayLike, opts: DTypeOpt = {}): NDArray {
  const a = asArray(x);
  return L.full(a.shape, 1, opts.dtype ?? a.dtype, "onesLike");
}
export function fullLike(x: ArrayLike, value: number | boolean, opts: DTypeOpt = {}): NDArray {
  const a = asArray(x);
  return L.full(a.shape, Number(value), opts.dtype ?? a.dtype, "fullLike");
}

/**
 * Evenly spaced values in [start, stop). Integer arguments give int32 (as JAX), otherwise the default float.
 * @example np.arange(4) // [0, 1, 2, 3] ; np.arange(0, 1, 0.25) // [0, 0.25, 0.5, 0.75]
 */
export function arange(start: number, stop?: number, step = 1, opts: DTypeOpt = {}): NDArray {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0) throw new RangeError("arange: step must not be zero");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const allInt = [start, stop, step].every(Number.isInteger);
  const d = dt(opts, "arange", allInt ? "int32" : getDefaultFloat());
  const data = new (typedArrayCtor(d))(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return ConcreteArray.fromTyped(data, [n], d);
}

/**
 * `num` evenly spaced values from start to stop (inclusive unless `endpoint: false`).
 * @example np.linspace(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, num = 50, opts: DTypeOpt & { endpoint?: boolean } = {}): NDArray {
  if (!Number.isInteger(num) || num < 0) throw new RangeError(`linspace: num must be a non-negative integer, got ${num}`);
  const endpoint = opts.endpoint ?? true;
  const d = dt(opts, "linspace");
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  const data = new (typedArrayCtor(d))(num);
  for (let i = 0; i < num; i++) data[i] = start + i * step;
  if (endpoint && num > 1) data[num - 1] = stop;
  return ConcreteArray.fromTyped(data, [num], d);
}

/** Identity-like matrix with ones on diagonal `k`. @example np.eye(2) // [[1, 0], [0, 1]] */
export function eye(n: number, m?: number, opts: DTypeOpt & { k?: number } = {}): NDArray {
  const cols = m ?? n;
  const k = opts.k ?? 0;
  const d = dt(opts, "eye");
  const data = new (typedArrayCtor(d))(n * cols);
  for (let i = 0; i < n; i++) if (i + k >= 0 && i + k < cols) data[i * cols + i + k] = 1;
  return ConcreteArray.fromTyped(data, [n, cols], d);
}
/** The n×n identity. @example np.identity(3).shape // [3, 3] */
export const identity = (n: number, opts: DTypeOpt = {}) => eye(n, n, opts);
