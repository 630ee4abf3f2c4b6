/** @file The chainable NDArray methods (`x.mul(2).sin().sum()`), each delegating to an `np` function. */
import { NDArray } from "../core/array.js";
import { DType, checkDType } from "../core/dtype.js";
import * as L from "../lax/index.js";
import * as np from "./index.js";
import { checked } from "./signature.js";
import { view } from "../primitives/bitcast.js";

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
  // ---- issue 10: dtype conventions ----
  view: forward(checked(view, "x.view(x, dtype)")),
};

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(NDArray.prototype, name, { value: fn, writable: true, configurable: true });
}
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
