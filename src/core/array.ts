/**
 * @file NDArray — the one array type users see — with its two kinds: concrete arrays (a buffer on a
 * backend) and tracers (what a transformation passes through user code in place of an array).
 * The chainable methods (`x.mul(2).sin()`) are declared here and installed by numpy/methods.ts.
 */
import { ShapedArray, Shape, prod } from "./aval.js";
import { DType, TypedArray, dtypeOfTypedArray, isFloat } from "./dtype.js";
import { Buf, getBackend, Backend } from "../backend/backend.js";
import { formatArray } from "./format.js";
import { checkSize } from "./limits.js";
import type { ArrayLike } from "../numpy/core.js";
import type { ReduceOpts } from "../numpy/reductions.js";
import type { AtIndexer, Index } from "../numpy/indexing.js";

export type NestedArray = number | boolean | NestedArray[];

/** An immutable n-dimensional array. Under a transformation the same methods work on tracers. */
export abstract class NDArray {
  abstract get aval(): ShapedArray;
  get shape(): number[] {
    return [...this.aval.shape];
  }
  get dtype(): DType {
    return this.aval.dtype;
  }
  get ndim(): number {
    return this.aval.shape.length;
  }
  get size(): number {
    return prod(this.aval.shape);
  }
  /** The concrete array behind this value, or a clear error inside a transformation. */
  protected abstract concrete(op: string): ConcreteArray;

  /** A copy of the data as a flat TypedArray (bool → Uint8Array). @example np.array([1, 2]).data() // Float32Array [1, 2] */
  data(): TypedArray {
    const c = this.concrete("data");
    return c.backend.read(c.buf);
  }
  /** Nested JS arrays (bools as booleans). @example np.eye(2).toArray() // [[1, 0], [0, 1]] */
  // NB: typed `any` (as jax-js's js()): nested results are indexed freely, and a recursive type breaks `.flat()`.
  toArray(): any {
    const flat = this.data();
    const isBool = this.dtype === "bool";
    const build = (dim: number, off: number): NestedArray => {
      if (dim === this.ndim) return isBool ? flat[off] !== 0 : flat[off];
      const n = this.aval.shape[dim];
      const step = prod(this.aval.shape.slice(dim + 1));
      return Array.from({ length: n }, (_, i) => build(dim + 1, off + i * step));
    };
    return build(0, 0);
  }
  /** The single element of a size-1 array as a JS number (bool → 0/1). @example np.array(3).item() // 3 */
  item(): number {
    if (this.size !== 1) throw new TypeError(`item: only size-1 arrays convert to a JS number; got shape [${this.shape}]`);
    return this.data()[0];
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
/** The chainable methods, installed by numpy/methods.ts; each is the `np` function of the same meaning. */
export interface NDArray {
  add(y: A): NDArray; sub(y: A): NDArray; mul(y: A): NDArray; div(y: A): NDArray; pow(y: A): NDArray; mod(y: A): NDArray;
  neg(): NDArray; abs(): NDArray; square(): NDArray; sqrt(): NDArray; exp(): NDArray; log(): NDArray;
  sin(): NDArray; cos(): NDArray; tan(): NDArray; tanh(): NDArray;
  eq(y: A): NDArray; ne(y: A): NDArray; lt(y: A): NDArray; le(y: A): NDArray; gt(y: A): NDArray; ge(y: A): NDArray;
  clip(lo: A | null, hi: A | null): NDArray;
  sum(axis?: Axis): NDArray; prod(axis?: Axis): NDArray; mean(axis?: Axis): NDArray; max(axis?: Axis): NDArray; min(axis?: Axis): NDArray;
  argmax(axis?: number | null): NDArray; argmin(axis?: number | null): NDArray;
  reshape(shape: number | number[]): NDArray; ravel(): NDArray; flatten(): NDArray; transpose(axes?: number[]): NDArray;
  squeeze(axis?: number | number[] | null): NDArray; expandDims(axis: number | number[]): NDArray;
  matmul(y: A): NDArray; dot(y: A): NDArray; astype(dtype: DType): NDArray;
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
