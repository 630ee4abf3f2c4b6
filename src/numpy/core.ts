/** @file Conversion of array-likes, NumPy/JAX dtype promotion with weak JS scalars, and broadcasting. */
import { broadcastShapes, prod } from "../core/aval.js";
import { ConcreteArray, NDArray, NestedArray } from "../core/array.js";
import {
  DType, TypedArray, castScalar, checkDType, dtypeOfTypedArray, getDefaultFloat, isFloat, promoteTypes, typedArrayCtor, weakScalarDType,
} from "../core/dtype.js";
import * as L from "../lax/index.js";

/** Anything the numpy functions accept as an array. */
export type ArrayLike = NDArray | number | boolean | NestedArray | TypedArray;

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
      if (typeof node !== "number" && typeof node !== "boolean") throw new TypeError(`${op}: expected numbers or booleans, got ${typeof node} (${String(node)})`);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[dim]) throw new RangeError(`${op}: ragged nested array (expected length ${shape[dim]} at depth ${dim}, shape [${shape}])`);
    for (const c of node) check(c, dim + 1);
  };
  check(x, 0);
  return shape;
}

/**
 * Create an array from nested JS arrays, a TypedArray, a number or an NDArray.
 * NB: JS numbers cannot tell 1 from 1.0, so they become the default float dtype (as jax-js/tfjs);
 * pass `{ dtype: "int32" }` for integers. TypedArrays keep their dtype (Uint8Array → bool).
 * @example np.array([[1, 2], [3, 4]]).shape // [2, 2]
 */
export function array(x: ArrayLike, opts: DTypeOpt & { shape?: number[] } = {}): NDArray {
  const dtype = opts.dtype === undefined ? undefined : checkDType(opts.dtype, "array");
  if (x instanceof NDArray) return dtype ? L.convert(x, dtype) : x;
  let data: TypedArray;
  let shape: number[];
  let d: DType;
  if (isTypedArray(x)) {
    d = dtype ?? dtypeOfTypedArray(x);
    data = dtype && dtype !== dtypeOfTypedArray(x) ? (Array.from(x as globalThis.ArrayLike<number>, (v: number) => castScalar(v, d)) as unknown as TypedArray) : x;
    shape = [x.length];
  } else if (typeof x === "number" || typeof x === "boolean" || Array.isArray(x)) {
    shape = nestedShape(x, "array");
    const flat = (Array.isArray(x) ? (x as unknown[]).flat(Infinity) : [x]) as (number | boolean)[];
    const allBool = flat.length > 0 && flat.every((v) => typeof v === "boolean");
    d = dtype ?? (allBool ? "bool" : getDefaultFloat());
    data = flat.map((v) => castScalar(Number(v), d)) as unknown as TypedArray;
  } else {
    throw new TypeError(`array: cannot convert ${x === null ? "null" : typeof x} to an array`);
  }
  if (opts.shape) {
    if (prod(opts.shape) !== prod(shape)) throw new RangeError(`array: ${prod(shape)} values do not fill shape [${opts.shape}]`);
    shape = opts.shape;
  }
  const typed = new (typedArrayCtor(d))(data as globalThis.ArrayLike<number>);
  return ConcreteArray.fromTyped(typed, shape, d);
}

/** Like `array`, but JS scalars are weak: they take the dtype of `like` (JAX weak typing). */
export function asArray(x: ArrayLike, like: DType | null = null): NDArray {
  if (x instanceof NDArray) return x;
  if (typeof x === "number" || typeof x === "boolean") {
    const d = weakScalarDType(x, like);
    return L.full([], Number(x), d);
  }
  return array(x);
}

/** The dtype a set of operands promotes to: arrays by the lattice, JS scalars weakly. */
export function resultDType(xs: ArrayLike[]): DType {
  let d: DType | null = null;
  for (const x of xs) if (!(typeof x === "number" || typeof x === "boolean")) d = d ? promoteTypes(d, asArray(x).dtype) : asArray(x).dtype;
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

/** Promote an operand to a float dtype (ints and bools to the default float), as float-only math does. */
export function toFloat(x: ArrayLike): NDArray {
  const a = asArray(x);
  return isFloat(a.dtype) ? a : L.convert(a, getDefaultFloat());
}

export { isFloat };
