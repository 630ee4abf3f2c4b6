/** @file Conversion of array-likes, NumPy/JAX dtype promotion with weak JS scalars, and broadcasting. */
import { broadcastShapes, fmtShape, prod } from "../core/aval.js";
import { show } from "./signature.js";
import { ComplexValue, ConcreteArray, NDArray, NestedArray } from "../core/array.js";
import {
  DType, TypedArray, castScalar, checkDType, complexDType, dtypeOfTypedArray, getDefaultFloat, isComplex, isFloat, isInexact, promoteTypes,
  typedArrayCtor, weakScalarDType,
} from "../core/dtype.js";
import { interleave, isComplexValue, weakComplex } from "./complex_data.js";
import * as L from "../lax/index.js";

/** Anything the numpy functions accept as an array. */
export type ArrayLike = NDArray | number | boolean | NestedArray | TypedArray;
/** What `np.array` accepts: also lists (nested) of arrays, numbers and lists, which it stacks. */
export type ArrayTree = ArrayLike | ArrayTree[];

export interface DTypeOpt {
  dtype?: DType;
}

function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/** The shape of a nested JS array, with a clear error for ragged input. */
function nestedShape(x: NestedArray, op: string): number[] {
  const shape: number[] = [];
  let v: unknown = x;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  const check = (node: unknown, dim: number): void => {
    if (dim === shape.length) {
      if (Array.isArray(node)) throw new RangeError(`${op}: ragged nested array (expected a scalar at depth ${dim}, shape [${shape}])`);
      if (typeof node !== "number" && typeof node !== "boolean" && !isComplexValue(node)) {
        throw new TypeError(`${op}: expected numbers or booleans, got ${typeof node} (${String(node)}); complex numbers are given as { re, im }`);
      }
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[dim]) throw new RangeError(`${op}: ragged nested array (expected length ${shape[dim]} at depth ${dim}, shape [${shape}])`);
    for (const c of node) check(c, dim + 1);
  };
  check(x, 0);
  return shape;
}

/**
 * A JS number converted to dtype `d` as XLA's convert does (and our cast kernels): to an integer
 * dtype, truncate toward zero and saturate — NaN → 0, ±∞ and out-of-range values → the dtype's
 * min/max (`1e10` → 2147483647 in int32, −1 → 0 in uint32). NB: NumPy leaves these undefined (C casts).
 */
export function convertScalar(v: number, d: DType): number {
  if (d === "int32") return v !== v ? 0 : v <= -2147483648 ? -2147483648 : v >= 2147483647 ? 2147483647 : Math.trunc(v);
  if (d === "uint32") return v !== v || v <= 0 ? 0 : v >= 4294967295 ? 4294967295 : Math.trunc(v);
  if (d === "bool") return v !== 0 ? 1 : 0; // NaN is true, as the cast kernels and NumPy's bool(nan)
  return castScalar(v, d);
}

/** Does a nested JS array hold an NDArray anywhere? */
function holdsArrays(x: unknown[]): boolean {
  for (const v of x) if (v instanceof NDArray || (Array.isArray(v) && holdsArrays(v))) return true;
  return false;
}

/**
 * A nested list mixing NDArrays, numbers and lists: each element becomes an array, and they are
 * stacked along a new first axis after promotion (NumPy/JAX: `np.array([a, b])` ≡ `np.stack([a, b])`).
 * Built from lax ops, so it traces under every transformation.
 */
function stackNested(x: unknown[], dtype: DType | undefined): NDArray {
  if (x.length === 0) throw new RangeError("array: cannot stack an empty list");
  const parts: ArrayLike[] = x.map((v) => (Array.isArray(v) && holdsArrays(v) ? stackNested(v, dtype) : (v as ArrayLike)));
  // JS numbers in the list are weak, wherever they sit (as Python scalars in jnp.array): [int32 array, [5, 6]] is int32
  const d = dtype ?? resultDType(parts.flatMap((p) => (Array.isArray(p) ? ((p as unknown[]).flat(Infinity) as ArrayLike[]) : [p])));
  const arrs = parts.map((p, i) => {
    if (p instanceof NDArray) return L.convert(p, d);
    if (typeof p === "number" || typeof p === "boolean" || Array.isArray(p) || isTypedArray(p)) return array(p, { dtype: d });
    throw new TypeError(`array: cannot convert element ${i} of the list, ${p === null ? "null" : typeof p}, to an array`);
  });
  const shape = arrs[0].shape;
  if (arrs.some((a) => a.ndim !== shape.length || a.shape.some((s, i) => s !== shape[i]))) {
    throw new RangeError(`array: ragged nested list: its elements have shapes ${arrs.map((a) => fmtShape(a.shape)).join(", ")}; all must have the same shape to stack`);
  }
  return L.concatenate(arrs.map((a) => L.reshape(a, [1, ...shape])), 0);
}

/**
 * Create an array from nested JS arrays, a TypedArray, a number or an NDArray; a list of NDArrays
 * (nested too, mixed with numbers) is stacked, as in NumPy and JAX. `opts` may be a dtype string.
 * NB: JS numbers cannot tell 1 from 1.0, so they become the default float dtype (as jax-js/tfjs);
 * pass `{ dtype: "int32" }` for integers. TypedArrays keep their dtype (Uint8Array → bool).
 * Floats convert to integer dtypes as XLA does: truncated and saturated, NaN → 0 (see `convertScalar`).
 * @example np.array([[1, 2], [3, 4]]).shape // [2, 2]
 * @example np.array([np.zeros(2), np.ones(2)]).shape // [2, 2]
 */
export function array(x: ArrayTree, opts: DType | (DTypeOpt & { shape?: number[] }) = {}): NDArray {
  const o = typeof opts === "string" ? { dtype: opts } : opts ?? {};
  const dtype = o.dtype === undefined ? undefined : checkDType(o.dtype, "array");
  if (x instanceof NDArray) return reshaped(dtype ? L.convert(x, dtype) : x, o.shape);
  if (Array.isArray(x) && holdsArrays(x)) return reshaped(stackNested(x, dtype), o.shape);
  return fromData(x as ArrayLike, dtype, o.shape);
}

/** An array from JS data (no NDArrays inside). */
function fromData(x: ArrayLike, dtype: DType | undefined, newShape: number[] | undefined): NDArray {
  let data: TypedArray;
  let shape: number[];
  let d: DType;
  if (isTypedArray(x)) {
    const from = dtypeOfTypedArray(x);
    d = dtype ?? from;
    const conv = isFloat(from) ? convertScalar : castScalar;
    // (to a complex dtype: each value is a real part; see np.complexFromInterleaved for interleaved data)
    data = isComplex(d) ? interleave(Array.from(x as globalThis.ArrayLike<number>), d)
      : d !== from ? (Array.from(x as globalThis.ArrayLike<number>, (v: number) => conv(v, d)) as unknown as TypedArray) : x;
    shape = [x.length];
  } else if (typeof x === "number" || typeof x === "boolean" || Array.isArray(x) || isComplexValue(x)) {
    shape = nestedShape(x, "array");
    const flat = (Array.isArray(x) ? (x as unknown[]).flat(Infinity) : [x]) as (number | boolean | ComplexValue)[];
    const allBool = flat.length > 0 && flat.every((v) => typeof v === "boolean");
    const anyComplex = flat.some(isComplexValue);
    d = dtype ?? (anyComplex ? complexDType(getDefaultFloat()) : allBool ? "bool" : getDefaultFloat());
    if (isComplex(d)) data = interleave(flat, d);
    else if (anyComplex) throw new TypeError(`array: cannot convert complex numbers { re, im } to ${d}; take np.real, np.imag or np.abs of a complex array instead`);
    else data = (flat as (number | boolean)[]).map((v) => convertScalar(Number(v), d)) as unknown as TypedArray;
  } else {
    throw new TypeError(`array: cannot convert ${x === null ? "null" : typeof x} to an array`);
  }
  const typed = data instanceof typedArrayCtor(d) ? data : new (typedArrayCtor(d))(data as globalThis.ArrayLike<number>);
  return reshaped(ConcreteArray.fromTyped(typed, shape, d), newShape);
}

function reshaped(a: NDArray, shape: number[] | undefined): NDArray {
  if (shape === undefined) return a;
  const s = toShape(shape, "array");
  if (prod(s) !== a.size) throw new RangeError(`array: ${a.size} values do not fill shape ${fmtShape(s)}`);
  return L.reshape(a, s);
}

/**
 * A shape argument checked: a non-negative integer or a list of them.
 * @example toShape(3, "zeros") // [3]
 */
export function toShape(s: unknown, op: string): number[] {
  const shape = typeof s === "number" ? [s] : Array.isArray(s) ? [...s] : null;
  if (shape === null || shape.some((d) => typeof d !== "number" || !Number.isInteger(d) || d < 0)) {
    const E = shape === null || shape.some((d) => typeof d !== "number") ? TypeError : RangeError;
    throw new E(`${op}: invalid shape ${show(s)}; expected a non-negative integer or an array of them`);
  }
  return shape as number[];
}

/** Like `array`, but JS scalars are weak: they take the dtype of `like` (JAX weak typing). */
export function asArray(x: ArrayLike, like: DType | null = null): NDArray {
  if (x instanceof NDArray) return x;
  if (isComplexValue(x)) return weakComplex(x, like);
  if (typeof x === "number" || typeof x === "boolean") {
    const d = weakScalarDType(x, like);
    // as JAX's OverflowError for a Python int that does not fit: never wrap silently
    if (typeof x === "number" && ((d === "int32" && (x < -2147483648 || x > 2147483647)) || (d === "uint32" && (x < 0 || x > 4294967295)))) {
      throw new RangeError(`the JS number ${x} is out of range for ${d} (a number takes the dtype of the array it meets); convert one side with astype`);
    }
    return L.full([], Number(x), d);
  }
  // the public caller's name is added by its signature check (np.add: cannot convert "a" …)
  if (!Array.isArray(x) && !isTypedArray(x)) throw new TypeError(`cannot convert ${show(x)} to an array; expected an NDArray, a number, a boolean or a (nested) list of them`);
  return array(x);
}

/**
 * The public `np.asArray`: `x` as an array (an NDArray is returned as is, without a copy), converted
 * to `dtype` when given (a JS number given alone is a default-float scalar, as in `np.array`).
 * @example np.asArray([1, 2], "int32").dtype // "int32"
 */
export function asArrayOf(x: ArrayTree, dtype?: DType | DTypeOpt): NDArray {
  const d = typeof dtype === "string" ? dtype : dtype?.dtype;
  if (x instanceof NDArray) return d === undefined ? x : L.convert(x, checkDType(d, "asArray"));
  return array(x, d === undefined ? {} : { dtype: d });
}

/** The dtype a set of operands promotes to: arrays by the lattice, JS scalars weakly. */
export function resultDType(xs: ArrayLike[]): DType {
  let d: DType | null = null;
  // {re, im} scalars are weak complex (as Python's complex in JAX): float32 ⊔ {re, im} = complex64
  const weakC = xs.some(isComplexValue);
  xs = xs.filter((x) => !isComplexValue(x));
  for (const x of xs) if (!(typeof x === "number" || typeof x === "boolean")) d = d ? promoteTypes(d, asArray(x).dtype) : asArray(x).dtype;
  if (weakC) return complexDType(d === null || !isFloat(d) && !isComplex(d) ? getDefaultFloat() : d);
  if (d === null) {
    // only JS scalars: the one that needs the widest weak type decides (a float, or an integer beyond int32, makes all float)
    const ws = xs.map((x) => weakScalarDType(x as number | boolean, null));
    d = ws.includes(getDefaultFloat()) ? getDefaultFloat() : ws.includes("int32") ? "int32" : ws.length ? "bool" : null;
  }
  for (const x of xs) {
    if (typeof x === "number" || typeof x === "boolean") {
      const w = weakScalarDType(x, d);
      d = d ? promoteTypes(d, w) : w;
    }
  }
  return d ?? getDefaultFloat();
}

/** Promote operands to one dtype and broadcast them to one shape (NumPy semantics). */
export function promoteAndBroadcast(op: string, xs: ArrayLike[], dtype?: DType): NDArray[] {
  const d = dtype ?? resultDType(xs);
  const arrs = xs.map((x) => L.convert(asArray(x, d), d));
  const shape = broadcastShapes(op, ...arrs.map((a) => a.shape));
  return arrs.map((a) => L.broadcastTo(a, shape));
}

/** Promote an operand to a float dtype (ints and bools to the default float), as float-only math does; complex stays complex. */
export function toFloat(x: ArrayLike): NDArray {
  const a = asArray(x);
  return isInexact(a.dtype) ? a : L.convert(a, getDefaultFloat());
}

export { isFloat };
