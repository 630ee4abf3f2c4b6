/** @file The chainable NDArray methods (`x.mul(2).sin().sum()`), each delegating to an `np` function. */
import { NDArray } from "../core/array.js";
import { DType, checkDType } from "../core/dtype.js";
import * as L from "../lax/index.js";
import * as np from "./index.js";

type A = np.ArrayLike;

const methods: Partial<Record<keyof NDArray, unknown>> & ThisType<NDArray> = {
  add(y: A) { return np.add(this, y); },
  sub(y: A) { return np.subtract(this, y); },
  mul(y: A) { return np.multiply(this, y); },
  div(y: A) { return np.divide(this, y); },
  pow(y: A) { return np.power(this, y); },
  mod(y: A) { return np.mod(this, y); },
  neg() { return np.negative(this); },
  abs() { return np.abs(this); },
  square() { return np.square(this); },
  sqrt() { return np.sqrt(this); },
  exp() { return np.exp(this); },
  log() { return np.log(this); },
  sin() { return np.sin(this); },
  cos() { return np.cos(this); },
  tan() { return np.tan(this); },
  tanh() { return np.tanh(this); },
  eq(y: A) { return np.equal(this, y); },
  ne(y: A) { return np.notEqual(this, y); },
  lt(y: A) { return np.less(this, y); },
  le(y: A) { return np.lessEqual(this, y); },
  gt(y: A) { return np.greater(this, y); },
  ge(y: A) { return np.greaterEqual(this, y); },
  clip(lo: A | null, hi: A | null) { return np.clip(this, lo, hi); },
  sum(axis?: np.ReduceOpts | number | number[] | null) { return np.sum(this, axis); },
  prod(axis?: np.ReduceOpts | number | number[] | null) { return np.prod(this, axis); },
  mean(axis?: np.ReduceOpts | number | number[] | null) { return np.mean(this, axis); },
  max(axis?: np.ReduceOpts | number | number[] | null) { return np.max(this, axis); },
  min(axis?: np.ReduceOpts | number | number[] | null) { return np.min(this, axis); },
  argmax(axis?: number | null) { return np.argmax(this, axis); },
  argmin(axis?: number | null) { return np.argmin(this, axis); },
  reshape(shape: number | number[]) { return np.reshape(this, shape); },
  ravel() { return np.ravel(this); },
  flatten() { return np.ravel(this); },
  transpose(axes?: number[]) { return np.transpose(this, axes); },
  squeeze(axis?: number | number[] | null) { return np.squeeze(this, axis); },
  expandDims(axis: number | number[]) { return np.expandDims(this, axis); },
  matmul(y: A) { return np.matmul(this, y); },
  dot(y: A) { return np.dot(this, y); },
  astype(dtype: DType) { return L.convert(this, checkDType(dtype, "astype")); },
  get(...indices: np.Index[]) { return np.getItem(this, ...indices); },
  at(...indices: np.Index[]) { return np.at(this, ...indices); },
  take(indices: A, axis?: number | null) { return np.take(this, indices, axis); },
  sort(axis: number | null = -1) { return np.sort(this, axis); },
  argsort(axis: number | null = -1) { return np.argsort(this, axis); },
  flip(axis?: number | number[] | null) { return np.flip(this, axis); },
  repeat(repeats: number | number[], axis?: number | null) { return np.repeat(this, repeats, axis); },
  cumsum(axis?: number | null) { return np.cumsum(this, axis); },
  cumprod(axis?: number | null) { return np.cumprod(this, axis); },
  swapaxes(axis1: number, axis2: number) { return np.swapaxes(this, axis1, axis2); },
  nonzero() { return np.nonzero(this); },
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
