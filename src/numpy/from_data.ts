/**
 * @file Arrays from raw data: `frombuffer` (the bytes of an ArrayBuffer, a typed array or a DataView,
 * as NumPy reads a buffer) and `fromiter` (any JS iterable of numbers or booleans).
 */
import { ConcreteArray, NDArray } from "../core/array.js";
import { DType, checkDType, getDefaultFloat, typedArrayCtor } from "../core/dtype.js";
import { convertScalar } from "./core.js";
import { isPlainObject, show } from "./signature.js";

/** Options of `frombuffer`. */
export interface FrombufferOpts {
  /** The element type the bytes hold (default: the default float, as JAX's `float`). */
  dtype?: DType;
  /** How many elements to read (default −1: all that remain after `offset`). */
  count?: number;
  /** Where to start, in bytes (default 0). */
  offset?: number;
}

/** The options of a call `f(x, dtype?|{…}, opts?{…})`: a dtype string, an options object, or both. */
function readOpts<T extends { dtype?: DType }>(dtypeOrOpts: DType | T | undefined, opts: T | undefined): T {
  if (isPlainObject(dtypeOrOpts)) return { ...(dtypeOrOpts as T), ...(opts ?? {}) };
  return { ...(opts ?? ({} as T)), ...(dtypeOrOpts === undefined ? {} : { dtype: dtypeOrOpts }) };
}

function nonNegInt(op: string, what: string, v: unknown, allowMinus1 = false): number {
  if (typeof v !== "number" || !Number.isInteger(v) || (v < 0 && !(allowMinus1 && v === -1))) {
    throw new RangeError(`${op}: ${what} must be a non-negative integer${allowMinus1 ? " or -1" : ""}, got ${show(v)}`);
  }
  return v;
}

/**
 * A 1-D array holding a copy of the bytes of `buffer` read as `dtype` (the platform's byte order, little
 * endian everywhere JS runs). The byte count after `offset` must be a multiple of the element size unless
 * `count` is given.
 * @example np.frombuffer(new Float32Array([1, 2]).buffer, "float32") // [1, 2]
 * @example np.frombuffer(bytes, { dtype: "int32", offset: 4, count: 2 })
 */
export function frombuffer(buffer: ArrayBufferLike | ArrayBufferView, dtypeOrOpts?: DType | FrombufferOpts, opts?: FrombufferOpts): NDArray {
  const o = readOpts(dtypeOrOpts, opts);
  const dtype = o.dtype === undefined ? getDefaultFloat() : checkDType(o.dtype, "frombuffer");
  let bytes: Uint8Array;
  if (buffer instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && buffer instanceof SharedArrayBuffer)) bytes = new Uint8Array(buffer);
  else if (ArrayBuffer.isView(buffer)) bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  else throw new TypeError(`frombuffer: expected an ArrayBuffer, a typed array or a DataView, got ${show(buffer)}`);
  const offset = nonNegInt("frombuffer", "offset", o.offset ?? 0);
  const count = nonNegInt("frombuffer", "count", o.count ?? -1, true);
  const Ctor = typedArrayCtor(dtype);
  const size = Ctor.BYTES_PER_ELEMENT;
  if (offset > bytes.length) throw new RangeError(`frombuffer: offset ${offset} is beyond the buffer's ${bytes.length} bytes`);
  const avail = bytes.length - offset;
  if (count === -1 && avail % size !== 0) throw new RangeError(`frombuffer: ${avail} bytes after offset ${offset} are not a multiple of the ${dtype} element size ${size}`);
  const n = count === -1 ? avail / size : count;
  if (n * size > avail) throw new RangeError(`frombuffer: cannot read ${n} ${dtype} elements (${n * size} bytes) from ${avail} bytes after offset ${offset}`);
  // copy through bytes: the offset need not be aligned to the element size
  const copy = bytes.slice(offset, offset + n * size);
  const data = new Ctor(copy.buffer, 0, n);
  if (dtype === "bool") for (let i = 0; i < n; i++) data[i] = data[i] ? 1 : 0;
  return ConcreteArray.fromTyped(data, [n], dtype);
}

/** Options of `fromiter`. */
export interface FromiterOpts {
  dtype?: DType;
  /** How many items to read (default −1: until the iterable ends); fewer items is an error, as NumPy. */
  count?: number;
}

/**
 * A 1-D array of the numbers (or booleans) an iterable yields, converted to `dtype` (required, as NumPy;
 * floats to integers saturate as `astype`).
 * @example np.fromiter((function* () { for (let i = 0; i < 3; i++) yield i * i; })(), "int32") // [0, 1, 4]
 */
export function fromiter(iterable: Iterable<number | boolean>, dtypeOrOpts: DType | FromiterOpts, opts?: FromiterOpts): NDArray {
  const o = readOpts(dtypeOrOpts, opts);
  if (o.dtype === undefined) throw new TypeError("fromiter: a dtype is required (as NumPy's), e.g. np.fromiter(it, \"float32\")");
  const dtype = checkDType(o.dtype, "fromiter");
  const count = nonNegInt("fromiter", "count", o.count ?? -1, true);
  if (iterable === null || iterable === undefined || typeof (iterable as any)[Symbol.iterator] !== "function") {
    throw new TypeError(`fromiter: expected an iterable (an array, a generator, a Set…), got ${show(iterable)}`);
  }
  const values: number[] = [];
  if (count !== 0) {
    for (const v of iterable) {
      if (typeof v !== "number" && typeof v !== "boolean") throw new TypeError(`fromiter: item ${values.length} is ${show(v)}; expected a number or a boolean`);
      values.push(convertScalar(Number(v), dtype));
      if (values.length === count) break;
    }
  }
  if (count > 0 && values.length < count) throw new RangeError(`fromiter: the iterable ended after ${values.length} items; count asked for ${count}`);
  const Ctor = typedArrayCtor(dtype);
  return ConcreteArray.fromTyped(Ctor.from(values), [values.length], dtype);
}
