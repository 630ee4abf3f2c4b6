/** @file The chainable NDArray methods (`x.mul(2).sin().sum()`), each delegating to an `np` function. */
import { NDArray } from "../core/array.js";
import { DType, checkDType } from "../core/dtype.js";
import * as L from "../lax/index.js";
import * as np from "./index.js";
import { checked } from "./signature.js";
import { view } from "../primitives/bitcast.js";
import type { ReduceOpts } from "./reductions.js";
import type { ArrayLike } from "./core.js";
import type { AtIndexer, Index } from "./indexing.js";

type A = ArrayLike;
type Axis = ReduceOpts | number | number[] | null;
/** Options after a positional axis (`x.sum(0, { keepdims: true })`). */
type More = Omit<ReduceOpts, "axis">;
// The methods are declared here by module augmentation, next to their installation, so that
// src/core/array.ts imports no numpy types; the package's .d.ts carries them (index.ts imports this file).
declare module "../core/array.js" {
  /** The chainable methods; each is the `np` function of the same meaning. */
  interface NDArray<D extends DType = DType> {
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
    // issue 10: methods NumPy users reach for
    /** np.diagonal. @example np.array([[1, 2], [3, 4]]).diagonal() // [1, 4] */
    diagonal(offset?: number, axis1?: number, axis2?: number): NDArray;
    /** np.trace. @example np.array([[1, 2], [3, 4]]).trace() // 5 */
    trace(offset?: number, axis1?: number, axis2?: number): NDArray;
    /** np.round. @example np.array([1.26]).round(1) // [1.3] */
    round(decimals?: number | { decimals?: number }): NDArray;
    /** np.var. @example np.array([1, 3]).var() // 1 */
    var(axis?: Axis | { ddof?: number }): NDArray;
    /** np.std. @example np.array([1, 3]).std() // 1 */
    std(axis?: Axis | { ddof?: number }): NDArray;
    /** np.any. @example np.array([0, 1]).any() // true */
    any(axis?: number | number[] | null | { axis?: number | number[] | null; keepdims?: boolean }): NDArray<"bool">;
    /** np.all. @example np.array([0, 1]).all() // false */
    all(axis?: number | number[] | null | { axis?: number | number[] | null; keepdims?: boolean }): NDArray<"bool">;
    /** Peak to peak, max − min. @example np.array([4, 1, 3]).ptp() // 3 */
    ptp(axis?: number | number[] | null | { axis?: number | number[] | null; keepdims?: boolean }): NDArray;
    /** The transpose of each matrix in a stack (the last two axes swapped), np.matrixTranspose. @example np.ones([4, 2, 3]).mT.shape // [4, 3, 2] */
    readonly mT: NDArray;
    // ---- issue 13: complex ----
    /** The real part, np.real (a float array; the array itself when real). @example np.complex(1, 2).real.item() // 1 */
    readonly real: NDArray;
    /** The imaginary part, np.imag (zeros when real). @example np.complex(1, 2).imag.item() // 2 */
    readonly imag: NDArray;
    /** The complex conjugate, np.conj. @example np.complex(1, 2).conj().item() // { re: 1, im: -2 } */
    conj(): NDArray;
    /** The complex conjugate, np.conjugate. @example np.complex(1, 2).conjugate().item() // { re: 1, im: -2 } */
    conjugate(): NDArray;
  }
}

type AxisOpts = number | number[] | null | { axis?: number | number[] | null; keepdims?: boolean };
/** x.ptp(): max − min over the axes (integer dtypes stay integer, as NumPy). */
const ptp = checked((x: NDArray, axis?: AxisOpts) => np.subtract(np.max(x, axis), np.min(x, axis)), "x.ptp(x, axis?|{axis,keepdims})");

/**
 * Each method is the `np` function of the same meaning with the array as its first argument. The
 * arguments are forwarded as given, so the function's signature check sees them all
 * (`x.sum(0, true)` is `np.sum(x, 0, true)`, which throws naming `np.sum`).
 */
const forward = (f: (x: NDArray, ...args: any[]) => unknown) =>
  function (this: NDArray) {
    switch (arguments.length) {
      case 0: return f(this);
      case 1: return f(this, arguments[0]);
      case 2: return f(this, arguments[0], arguments[1]);
      default: return f(this, ...arguments);
    }
  };

/**
 * `x.reshape(2, 3)` and `x.transpose(1, 0)`: the method forms also take the dimensions or axes as
 * separate numbers, as NumPy's and JAX's array methods do (np.reshape / np.transpose take one list).
 */
const spread = (f: (x: NDArray, list?: any, ...rest: unknown[]) => unknown) =>
  function (this: NDArray, ...args: unknown[]) {
    if (args.length > 1 && args.every((a) => typeof a === "number")) return f(this, args);
    return f(this, ...args);
  };

const methods: Partial<Record<keyof NDArray, unknown>> & ThisType<NDArray> = {
  add: forward(np.add), sub: forward(np.subtract), mul: forward(np.multiply), div: forward(np.divide),
  pow: forward(np.power), mod: forward(np.mod), neg: forward(np.negative), abs: forward(np.abs),
  square: forward(np.square), sqrt: forward(np.sqrt), exp: forward(np.exp), log: forward(np.log),
  sin: forward(np.sin), cos: forward(np.cos), tan: forward(np.tan), tanh: forward(np.tanh),
  eq: forward(np.equal), ne: forward(np.notEqual), lt: forward(np.less), le: forward(np.lessEqual),
  gt: forward(np.greater), ge: forward(np.greaterEqual), clip: forward(np.clip),
  sum: forward(np.sum), prod: forward(np.prod), mean: forward(np.mean), max: forward(np.max), min: forward(np.min),
  argmax: forward(np.argmax), argmin: forward(np.argmin), reshape: spread(np.reshape),
  ravel: forward(np.ravel), flatten: forward(np.ravel), transpose: spread(np.transpose),
  squeeze: forward(np.squeeze), expandDims: forward(np.expandDims), matmul: forward(np.matmul), dot: forward(np.dot),
  astype: forward(checked((x: NDArray, dtype: DType) => L.convert(x, checkDType(dtype, "astype")), "x.astype(x, dtype)")),
  get: forward(np.getItem), at: forward(np.at), take: forward(np.take), sort: forward(np.sort), argsort: forward(np.argsort),
  flip: forward(np.flip), repeat: forward(np.repeat), cumsum: forward(np.cumsum), cumprod: forward(np.cumprod),
  swapaxes: forward(np.swapaxes), nonzero: forward(np.nonzero),
  diagonal: forward(np.diagonal), trace: forward(np.trace), round: forward(np.round), var: forward(np.var_),
  std: forward(np.std), any: forward(np.any), all: forward(np.all), ptp: forward(ptp),
  // ---- issue 10: dtype conventions ----
  view: forward(checked(view, "x.view(x, dtype)")),
  // ---- issue 13: complex ----
  conj: forward(np.conj), conjugate: forward(np.conjugate),
};

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(NDArray.prototype, name, { value: fn, writable: true, configurable: true });
}
Object.defineProperty(NDArray.prototype, "mT", {
  get(this: NDArray) { return np.matrixTranspose(this); },
  configurable: true,
});
Object.defineProperty(NDArray.prototype, "real", {
  get(this: NDArray) { return np.real(this); },
  configurable: true,
});
Object.defineProperty(NDArray.prototype, "imag", {
  get(this: NDArray) { return np.imag(this); },
  configurable: true,
});
Object.defineProperty(NDArray.prototype, "T", {
  get(this: NDArray) { return np.transpose(this); },
  configurable: true,
});
// iteration yields the sub-arrays along the first axis, as NumPy and JAX: `const [k1, k2] = random.split(key)`
Object.defineProperty(NDArray.prototype, Symbol.iterator, {
  *value(this: NDArray): Generator<NDArray> {
    if (this.ndim === 0) throw new TypeError(`iteration over a 0-d array (shape [], ${this.dtype})`);
    for (let i = 0; i < this.shape[0]; i++) yield np.getItem(this, i);
  },
  writable: true,
  configurable: true,
});
