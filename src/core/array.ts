/**
 * @file NDArray — the one array type users see — with its two kinds: concrete arrays (a buffer on a
 * backend) and tracers (what a transformation passes through user code in place of an array).
 * The chainable methods (`x.mul(2).sin()`) are declared here and installed by numpy/methods.ts.
 */
import { ShapedArray, Shape, prod } from "./aval.js";
import { DType, TypedArray, dtypeOfTypedArray, getDefaultFloat, isFloat } from "./dtype.js";
import { Buf, Backend } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import { formatArray } from "./format.js";
import { checkSize } from "./limits.js";
import type { ArrayLike } from "../numpy/core.js";
import type { ReduceOpts } from "../numpy/reductions.js";
import type { AtIndexer, Index } from "../numpy/indexing.js";

export type NestedArray = number | boolean | NestedArray[];

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

  /** A copy of the data as a flat TypedArray (bool → Uint8Array). @example np.array([1, 2]).data() // Float32Array [1, 2] */
  data(): TypedArray {
    const c = this.concrete("data");
    return c.backend.read(c.buf);
  }
  /**
   * Nested JS arrays (bools as booleans; a 0-d array gives its number).
   * @example np.eye(2).toArray() // [[1, 0], [0, 1]]
   */
  toArray(): NestedArray {
    return this.nested("toArray");
  }
  private nested(op: string): NestedArray {
    const c = this.concrete(op);
    const flat = c.backend.read(c.buf);
    const shape = this.aval.shape;
    const isBool = this.dtype === "bool";
    const build = (dim: number, off: number): NestedArray => {
      if (dim === shape.length) return isBool ? flat[off] !== 0 : flat[off];
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
  item(): number;
  item(): number | boolean {
    if (this.size !== 1) throw new TypeError(`item: only size-1 arrays convert to a JS scalar; got shape [${this.shape}]`);
    return this.scalar("item");
  }
  private scalar(op: string): number | boolean {
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

type A = ArrayLike;
type Axis = ReduceOpts | number | number[] | null;
/** Options after a positional axis (`x.sum(0, { keepdims: true })`). */
type More = Omit<ReduceOpts, "axis">;
/** The chainable methods, installed by numpy/methods.ts; each is the `np` function of the same meaning. */
export interface NDArray<D extends DType = DType> {
  add(y: A): NDArray; sub(y: A): NDArray; mul(y: A): NDArray; div(y: A): NDArray; pow(y: A): NDArray; mod(y: A): NDArray;
  neg(): NDArray; abs(): NDArray; square(): NDArray; sqrt(): NDArray; exp(): NDArray; log(): NDArray;
  sin(): NDArray; cos(): NDArray; tan(): NDArray; tanh(): NDArray;
  eq(y: A): NDArray<"bool">; ne(y: A): NDArray<"bool">; lt(y: A): NDArray<"bool">; le(y: A): NDArray<"bool">; gt(y: A): NDArray<"bool">; ge(y: A): NDArray<"bool">;
  clip(lo: A | null, hi: A | null): NDArray;
  sum(axis?: Axis, opts?: More): NDArray; prod(axis?: Axis, opts?: More): NDArray; mean(axis?: Axis, opts?: More): NDArray;
  max(axis?: Axis, opts?: { keepdims?: boolean }): NDArray; min(axis?: Axis, opts?: { keepdims?: boolean }): NDArray;
  argmax(axis?: number | null): NDArray; argmin(axis?: number | null): NDArray;
  reshape(shape: number | number[]): NDArray; ravel(): NDArray; flatten(): NDArray; transpose(axes?: number[]): NDArray;
  squeeze(axis?: number | number[] | null): NDArray; expandDims(axis: number | number[]): NDArray;
  matmul(y: A): NDArray; dot(y: A): NDArray; astype<T extends DType>(dtype: T): NDArray<T>;
  /** The same bits read as a dtype of the same width (float32 ↔ int32 ↔ uint32). @example np.array(1).view("int32") // 1065353216 */
  view<T extends DType>(dtype: T): NDArray<T>;
  readonly T: NDArray;
  /** NumPy indexing, `x[i, 1:, None, ...]`. @example np.arange(6).reshape([2, 3]).get(1, "::-1") // [5, 4, 3] */
  get(...indices: Index[]): NDArray;
  /** The sub-arrays along the first axis, in order (as NumPy and JAX). @example const [a, b] = np.eye(2) */
  [Symbol.iterator](): Iterator<NDArray>;
  /** Functional updates, as JAX's `x.at[i]`. @example np.zeros(3).at(1).set(5) // [0, 5, 0] */
  at(...indices: Index[]): AtIndexer;
  /** np.take. @example np.array([4, 5, 6]).take([2, 0]) // [6, 4] */
  take(indices: A, axis?: number | null): NDArray;
  /** np.sort (returns a sorted copy). @example np.array([3, 1, 2]).sort() // [1, 2, 3] */
  sort(axis?: number | null): NDArray;
  /** np.argsort. @example np.array([3, 1, 2]).argsort() // [1, 2, 0] */
  argsort(axis?: number | null): NDArray;
  /** np.flip. @example np.array([1, 2, 3]).flip() // [3, 2, 1] */
  flip(axis?: number | number[] | null): NDArray;
  /** np.repeat. @example np.array([1, 2]).repeat(2) // [1, 1, 2, 2] */
  repeat(repeats: number | number[], axis?: number | null): NDArray;
  /** np.cumsum. @example np.array([1, 2, 3]).cumsum() // [1, 3, 6] */
  cumsum(axis?: number | null): NDArray;
  /** np.cumprod. @example np.array([1, 2, 3]).cumprod() // [1, 2, 6] */
  cumprod(axis?: number | null): NDArray;
  /** np.swapaxes. @example np.ones([2, 3]).swapaxes(0, 1).shape // [3, 2] */
  swapaxes(axis1: number, axis2: number): NDArray;
  /** np.nonzero (concrete arrays only). @example np.array([0, 2, 3]).nonzero() // [[1, 2]] */
  nonzero(): NDArray[];
}

/** An array with data: a buffer on a backend. */
export class ConcreteArray extends NDArray {
  readonly aval: ShapedArray;
  /** `shape` may be given as an aval, which is then shared when its dtype is the buffer's. */
  constructor(readonly buf: Buf, shape: Shape | ShapedArray, readonly backend: Backend = getBackend()) {
    super();
    if (!(shape instanceof ShapedArray)) this.aval = ShapedArray.of(shape, buf.dtype);
    else this.aval = shape.dtype === buf.dtype ? shape : ShapedArray.of(shape.shape, buf.dtype);
  }
  protected concrete(): ConcreteArray {
    return this;
  }
  /** This array's buffer on `backend` (copied over when it lives on another backend). */
  bufOn(backend: Backend): Buf {
    return backend === this.backend ? this.buf : backend.fromTyped(this.backend.read(this.buf), this.dtype);
  }
  static fromTyped(data: TypedArray, shape: Shape, dtype: DType = dtypeOfTypedArray(data)): ConcreteArray {
    if (data.length !== prod(shape)) {
      throw new RangeError(`array: ${data.length} values do not fill shape [${shape}] (${prod(shape)} elements)`);
    }
    const backend = getBackend();
    checkSize("array", data.length, shape, dtype, backend);
    return new ConcreteArray(backend.fromTyped(data, dtype), shape, backend);
  }
}

/** Is this a float dtype array (the only kind that carries derivatives)? */
export function isFloatArray(x: NDArray): boolean {
  return isFloat(x.dtype);
}
