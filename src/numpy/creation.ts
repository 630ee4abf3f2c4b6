/** @file Array creation: zeros, ones, full, *Like, arange, linspace, eye. */
import { NDArray } from "../core/array.js";
import { DType, getDefaultFloat, checkDType, realDType, typedArrayCtor } from "../core/dtype.js";
import { ConcreteArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, DTypeOpt, asArray, convertScalar, toShape } from "./core.js";
import { show } from "./signature.js";

type ShapeLike = number | readonly number[];
/** A real array made on the host, converted to complex dtype `d` when it is one (imaginary parts 0). */
const asDType = (a: NDArray, d: DType): NDArray => L.convert(a, d);
/** A dtype given positionally (as NumPy's `zeros(shape, dtype)`) or as `{ dtype }`. */
export type DTypeArg = DType | DTypeOpt;

/** The dtype of a `DTypeArg` (or `dflt`), with a clear error for anything else (`np.ones(2, 3)`). */
function dt(o: DTypeArg | undefined, op: string, dflt: DType = getDefaultFloat()): DType {
  if (o === undefined) return dflt;
  if (typeof o === "string") return checkDType(o, op);
  if (typeof o !== "object" || o === null || Array.isArray(o)) {
    throw new TypeError(`${op}: expected a dtype or an options object { dtype }, got ${show(o)}`);
  }
  return o.dtype === undefined ? dflt : checkDType(o.dtype, op);
}
function checkNumber(v: unknown, op: string, what: string): number {
  if (typeof v !== "number") throw new TypeError(`${op}: ${what} must be a number, got ${show(v)}`);
  return v;
}
function checkFill(v: unknown, op: string): number {
  if (typeof v !== "number" && typeof v !== "boolean") throw new TypeError(`${op}: fillValue must be a number or a boolean, got ${show(v)}`);
  return Number(v);
}
function checkCount(v: unknown, op: string, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new TypeError(`${op}: ${what} must be a non-negative integer, got ${show(v)}`);
  return v;
}

/** An array of zeros; the dtype may be given positionally, as NumPy. @example np.zeros([2, 3]).shape // [2, 3] ; np.zeros(2, "int32") */
export function zeros(shape: ShapeLike, dtype: DTypeArg = {}): NDArray {
  return L.full(toShape(shape, "zeros"), 0, dt(dtype, "zeros"), "zeros");
}
/** An array of ones. @example np.ones(3) // [1, 1, 1] */
export function ones(shape: ShapeLike, dtype: DTypeArg = {}): NDArray {
  return L.full(toShape(shape, "ones"), 1, dt(dtype, "ones"), "ones");
}
/** An array filled with `value` (converted as `np.array` does). @example np.full([2], 7) // [7, 7] */
export function full(shape: ShapeLike, value: number | boolean, dtype: DTypeArg = {}): NDArray {
  const d = dt(dtype, "full", typeof value === "boolean" ? "bool" : getDefaultFloat());
  return L.full(toShape(shape, "full"), convertScalar(checkFill(value, "full"), d), d, "full");
}
/** Zeros with the shape and dtype of `x`. @example np.zerosLike(np.ones([2])) // [0, 0] */
export function zerosLike(x: ArrayLike, dtype: DTypeArg = {}): NDArray {
  const a = asArray(x);
  return L.full(a.shape, 0, dt(dtype, "zerosLike", a.dtype), "zerosLike");
}
/** Ones with the shape and dtype of `x`. @example np.onesLike(np.zeros([2])) // [1, 1] */
export function onesLike(x: ArrayLike, dtype: DTypeArg = {}): NDArray {
  const a = asArray(x);
  return L.full(a.shape, 1, dt(dtype, "onesLike", a.dtype), "onesLike");
}
/** `value` with the shape and dtype of `x`. @example np.fullLike(np.zeros([2]), 7) // [7, 7] */
export function fullLike(x: ArrayLike, value: number | boolean, dtype: DTypeArg = {}): NDArray {
  const a = asArray(x);
  const d = dt(dtype, "fullLike", a.dtype);
  return L.full(a.shape, convertScalar(checkFill(value, "fullLike"), d), d, "fullLike");
}

/**
 * Evenly spaced values in [start, stop). Integer arguments give int32 (as JAX), otherwise the default float.
 * @example np.arange(4) // [0, 1, 2, 3] ; np.arange(0, 1, 0.25) // [0, 0.25, 0.5, 0.75]
 */
export function arange(start: number, stop?: number | DTypeArg, step: number | DTypeArg = 1, opts: DTypeArg = {}): NDArray {
  // the dtype (options) may follow any number of the numeric arguments: arange(5, { dtype })
  if (typeof stop === "object" || typeof stop === "string") [stop, step, opts] = [undefined, 1, stop];
  else if (typeof step === "object" || typeof step === "string") [step, opts] = [1, step];
  checkNumber(start, "arange", "start");
  if (stop !== undefined) checkNumber(stop, "arange", "stop");
  checkNumber(step, "arange", "step");
  if (stop === undefined) [start, stop] = [0, start];
  if (![start, stop, step].every(Number.isFinite)) throw new RangeError(`arange: arguments must be finite, got start ${start}, stop ${stop}, step ${step}`);
  if (step === 0) throw new RangeError("arange: step must not be zero");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const allInt = [start, stop, step].every(Number.isInteger);
  const d = dt(opts, "arange", allInt ? "int32" : getDefaultFloat());
  const data = new (typedArrayCtor(realDType(d)))(n);
  for (let i = 0; i < n; i++) data[i] = convertScalar(start + i * step, d);
  return asDType(ConcreteArray.fromTyped(data, [n], realDType(d)), d);
}

/**
 * `num` evenly spaced values from start to stop (inclusive unless `endpoint: false`).
 * @example np.linspace(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, num: number | (DTypeOpt & { endpoint?: boolean }) = 50, opts: DTypeOpt & { endpoint?: boolean } = {}): NDArray {
  if (typeof num === "object" && num !== null) [num, opts] = [50, num];
  checkNumber(start, "linspace", "start");
  checkNumber(stop, "linspace", "stop");
  num = checkCount(num, "linspace", "num");
  const endpoint = opts.endpoint ?? true;
  const d = dt(opts, "linspace");
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  const data = new (typedArrayCtor(realDType(d)))(num);
  for (let i = 0; i < num; i++) data[i] = start + i * step;
  if (endpoint && num > 1) data[num - 1] = stop;
  return asDType(ConcreteArray.fromTyped(data, [num], realDType(d)), d);
}

/** Identity-like matrix with ones on diagonal `k`. @example np.eye(2) // [[1, 0], [0, 1]] */
export function eye(n: number, m?: number | (DTypeOpt & { k?: number }), opts: DTypeOpt & { k?: number } = {}): NDArray {
  if (typeof m === "object" && m !== null) [m, opts] = [undefined, m];
  checkCount(n, "eye", "n");
  const cols = m === undefined || m === null ? n : checkCount(m, "eye", "m");
  const k = opts.k ?? 0;
  if (!Number.isInteger(k)) throw new TypeError(`eye: k must be an integer, got ${show(k)}`);
  const d = dt(opts, "eye");
  const data = new (typedArrayCtor(realDType(d)))(n * cols);
  for (let i = 0; i < n; i++) if (i + k >= 0 && i + k < cols) data[i * cols + i + k] = 1;
  return asDType(ConcreteArray.fromTyped(data, [n, cols], realDType(d)), d);
}
/** The n×n identity. @example np.identity(3).shape // [3, 3] */
export const identity = (n: number, dtype: DTypeArg = {}): NDArray => eye(n, n, { dtype: dt(dtype, "identity") });
