/**
 * @file NDArray — the one array type users see — with its two kinds: concrete arrays (a buffer on a
 * backend) and tracers (what a transformation passes through user code in place of an array).
 * The chainable methods (`x.mul(2).sin()`) are declared and installed by numpy/methods.ts (module
 * augmentation), so core imports nothing from numpy.
 */
import { ShapedArray, Shape, prod } from "./aval.js";
import { ComplexDType, DType, TypedArray, dtypeOfTypedArray, getDefaultFloat, isComplex, isFloat, isInexact, realDType } from "./dtype.js";
import { Buf, Backend } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import { formatArray } from "./format.js";
import { checkSize } from "./limits.js";

/** One complex number as JS data (what `toArray()`/`item()` give for complex arrays, and `np.array` takes). */
export interface ComplexValue {
  re: number;
  im: number;
}
export type NestedArray = number | boolean | ComplexValue | NestedArray[];

/**
 * An immutable n-dimensional array. Under a transformation the same methods work on tracers.
 * `D` is the dtype when it is known statically (comparisons give `NDArray<"bool">`, `astype("int32")`
 * gives `NDArray<"int32">`); it only refines `dtype` and `item()`.
 */
export abstract class NDArray<D extends DType = DType> {
  abstract get aval(): ShapedArray;
  get shape(): number[] {
    return [...this.aval.shape];
  }
  get dtype(): D {
    return this.aval.dtype as D;
  }
  get ndim(): number {
    return this.aval.shape.length;
  }
  get size(): number {
    return prod(this.aval.shape);
  }
  /**
   * The concrete array behind this value, or a clear error inside a transformation. `scalar` reads
   * (`item()`, `+x`, `x > 0`) also accept a tracer whose value is known (the primal under grad/jvp).
   */
  protected abstract concrete(op: string, scalar?: boolean): ConcreteArray;

  /**
   * A copy of the data as a flat TypedArray (bool → Uint8Array). A complex array gives its parts
   * interleaved, re₀, im₀, re₁, im₁, … (complex64: a Float32Array, complex128: a Float64Array, of twice its size).
   * @example np.array([1, 2]).data() // Float32Array [1, 2]
   */
  data(): TypedArray {
    const c = this.concrete("data");
    return c.backend.read(c.buf);
  }
  /**
   * Nested JS arrays (bools as booleans, complex numbers as `{ re, im }`; a 0-d array gives its element).
   * @example np.eye(2).toArray() // [[1, 0], [0, 1]]
   * @example np.complex(1, 2).toArray() // { re: 1, im: 2 }
   */
  toArray(): NestedArray {
    return this.nested("toArray");
  }
  private nested(op: string): NestedArray {
    const c = this.concrete(op);
    const flat = c.backend.read(c.buf);
    const shape = this.aval.shape;
    const isBool = this.dtype === "bool", cplx = isComplex(this.dtype);
    const build = (dim: number, off: number): NestedArray => {
      if (dim === shape.length) return isBool ? flat[off] !== 0 : cplx ? { re: flat[2 * off], im: flat[2 * off + 1] } : flat[off];
      const step = prod(shape.slice(dim + 1));
      return Array.from({ length: shape[dim] }, (_, i) => build(dim + 1, off + i * step));
    };
    return build(0, 0);
  }
  /**
   * The single element of a size-1 array as a JS number (a boolean for bool arrays). Under grad/jvp
   * the primal's value is known and returned (as JAX's `float(x)`); under jit/vmap/makeJaxpr it is
   * abstract and this throws. NB: the result is statically `boolean` only when the dtype is known to
   * be bool (`x.gt(0).item()`); an array of unknown dtype types it as `number`.
   * @example np.array(3).item() // 3 ; np.array(2).gt(1).item() // true
   */
  item(this: NDArray<"bool">): boolean;
  item(this: NDArray<ComplexDType>): ComplexValue;
  item(): number;
  item(): number | boolean | ComplexValue {
    if (this.size !== 1) throw new TypeError(`item: only size-1 arrays convert to a JS scalar; got shape [${this.shape}]`);
    if (isComplex(this.dtype)) {
      const c = this.concrete("item", true), d = c.backend.read(c.buf);
      return { re: d[0], im: d[1] };
    }
    return this.scalar("item");
  }
  private scalar(op: string): number | boolean {
    if (isComplex(this.dtype)) {
      throw new TypeError(`${op}: a complex array (${this.aval.str()}) has no JS number; use .item() (gives { re, im }), np.real, np.imag or np.abs`);
    }
    const c = this.concrete(op, true);
    const v = c.backend.read(c.buf)[0];
    return this.dtype === "bool" ? v !== 0 : v;
  }
  /**
   * JS coercion (`+x`, `x > 3`, `x == 1`, `` `${x}` ``). A size-1 array gives its number (boolean
   * for bool); a larger one throws, as NumPy's truth value of an array; a traced array under
   * jit/vmap/makeJaxpr throws the concretization error. A string hint gives the printed form.
   * NB: `if (x)` and `x ? a : b` never reach this (every object is truthy in JS) — compare instead.
   */
  [Symbol.toPrimitive](hint: "string" | "number" | "default"): string | number | boolean {
    if (hint === "string") return this.toString();
    const n = this.size;
    if (n !== 1) {
      const what = n === 0 ? "an empty array" : "an array with more than one element";
      throw new TypeError(
        `NDArray: the truth value (or number) of ${what} is ambiguous: JS coercion (\`x > 0\`, \`+x\`, \`x == 1\`) ` +
          `of shape [${this.shape}] ${this.dtype}. Use array ops (x.gt(0), np.where), np.any/np.all, or x.item() on a size-1 array`,
      );
    }
    return this.scalar("JS coercion");
  }
  /** The same as `+x`: the number of a size-1 array (boolean for bool); see `[Symbol.toPrimitive]`. */
  valueOf(): number | boolean {
    return this[Symbol.toPrimitive]("number") as number | boolean;
  }
  /**
   * `JSON.stringify(x)`: nested arrays, as `toArray()`, when `np.array` of them gives back the
   * dtype (bool, and float32 with the default float); otherwise `{ dtype, data }`.
   * NB: as any JS number, NaN and ±Infinity become `null` in JSON.
   * @example JSON.stringify(np.array([1, 2])) // "[1,2]" ; JSON.stringify(np.arange(2)) // '{"dtype":"int32","data":[0,1]}'
   */
  toJSON(): NestedArray | { dtype: DType; data: NestedArray } {
    const data = this.nested("toJSON");
    const d = this.dtype;
    return d === "bool" || d === getDefaultFloat() ? data : { dtype: d, data };
  }
  toString(): string {
    return formatArray(this.data(), this.aval.shape, this.dtype);
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** An array with data: a buffer on a backend. */
export class ConcreteArray extends NDArray {
  readonly aval: ShapedArray;
  /**
   * `shape` may be given as an aval, which is then shared when its dtype is the buffer's. A complex
   * array is a buffer of its float parts, interleaved, given with its complex aval (see `complexView`).
   */
  constructor(readonly buf: Buf, shape: Shape | ShapedArray, readonly backend: Backend = getBackend()) {
    super();
    if (!(shape instanceof ShapedArray)) this.aval = ShapedArray.of(shape, buf.dtype);
    else this.aval = shape.dtype === buf.dtype || realDType(shape.dtype) === buf.dtype ? shape : ShapedArray.of(shape.shape, buf.dtype);
  }
  protected concrete(): ConcreteArray {
    return this;
  }
  /** This array's buffer on `backend` (copied over when it lives on another backend). */
  bufOn(backend: Backend): Buf {
    return backend === this.backend ? this.buf : backend.fromTyped(this.backend.read(this.buf), this.buf.dtype);
  }
  /** An array of `shape` and `dtype` holding `data` (complex: the parts interleaved, 2 values per element). */
  static fromTyped(data: TypedArray, shape: Shape, dtype: DType = dtypeOfTypedArray(data)): ConcreteArray {
    const per = isComplex(dtype) ? 2 : 1;
    if (data.length !== per * prod(shape)) {
      const what = per === 2 ? ` (${dtype}: 2 interleaved parts per element, ${2 * prod(shape)} values)` : ` (${prod(shape)} elements)`;
      throw new RangeError(`array: ${data.length} values do not fill shape [${shape}]${what}`);
    }
    const backend = getBackend();
    checkSize("array", prod(shape), shape, dtype, backend);
    return new ConcreteArray(backend.fromTyped(data, realDType(dtype)), ShapedArray.of(shape, dtype), backend);
  }
}

/**
 * The real view of a complex array: the same buffer as a float array of shape [...shape, 2] (parts
 * on the last axis); a real array is returned as is. No copy. The inverse is `complexView`.
 */
export function realView(x: ConcreteArray): ConcreteArray {
  if (!isComplex(x.dtype)) return x;
  return new ConcreteArray(x.buf, ShapedArray.of([...x.aval.shape, 2], realDType(x.dtype)), x.backend);
}
/** The complex array of aval `aval` stored in the float buffer `v` of shape [...aval.shape, 2] (no copy). */
export function complexView(v: ConcreteArray, aval: ShapedArray): ConcreteArray {
  return new ConcreteArray(v.buf, aval, v.backend);
}

/** Is this a float or complex dtype array (the kinds that carry derivatives)? */
export function isFloatArray(x: NDArray): boolean {
  return isInexact(x.dtype);
}
