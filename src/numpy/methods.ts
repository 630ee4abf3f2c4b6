/** @file The chainable NDArray methods (`x.mul(2).sin().sum()`), each delegating to an `np` function. */
import { NDArray } from "../core/array.js";
import { DType, checkDType } from "../core/dtype.js";
import * as L from "../lax/index.js";
import * as np from "./index.js";
import { checked } from "./signature.js";
import { view } from "../primitives/bitcast.js";
import type { ReduceOpts } from "./reductions.js";

type Axis = ReduceOpts | number | number[] | null;
// issue 10: methods NumPy users reach for, declared here (module augmentation) next to their installation
declare module "../core/array.js" {
  interface NDArray<D extends DType = DType> {
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
};

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(NDArray.prototype, name, { value: fn, writable: true, configurable: true });
}
Object.defineProperty(NDArray.prototype, "mT", {
  get(this: NDArray) { return np.matrixTranspose(this); },
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
