/**
 * @file lax: thin, strict wrappers that bind primitives (equal shapes and dtypes; no broadcasting or
 * promotion — that is the numpy layer's job), plus constants and a few composites the rules share.
 * Binary wrappers accept a JS number for either operand: it takes the other operand's shape and dtype.
 */
import { Shape, ShapedArray, prod } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { DType, castScalar, typedArrayCtor } from "../core/dtype.js";
import { BDim, Primitive } from "../core/primitive.js";
import { bind, bind1 } from "../core/trace.js";
import * as E from "../primitives/elementwise.js";
import * as R from "../primitives/reduce.js";
import * as M from "../primitives/movement.js";
import { dotGeneralP, DotParams } from "../primitives/dot.js";
import * as X from "../primitives/indexing.js";

export function bindPrim(prim: Primitive, args: NDArray[], params: any = {}): NDArray[] {
  return bind(prim, args, params);
}

// ---- constants (concrete: they become literals or consts when traced) ----

/** A concrete array of `shape` filled with `value`. */
export function full(shape: Shape, value: number, dtype: DType): NDArray {
  const data = new (typedArrayCtor(dtype))(prod(shape));
  const v = castScalar(value, dtype);
  if (v !== 0) data.fill(v);
  return ConcreteArray.fromTyped(data, shape, dtype);
}
export function fullLike(x: NDArray | ShapedArray, value: number, dtype?: DType): NDArray {
  return full(x.shape, value, dtype ?? x.dtype);
}
export function zerosLike(x: NDArray | ShapedArray): NDArray {
  return full(x.shape, 0, x.dtype);
}

type Operand = NDArray | number;
function pair(x: Operand, y: Operand): [NDArray, NDArray] {
  if (typeof x === "number") return [fullLike(y as NDArray, x), y as NDArray];
  if (typeof y === "number") return [x, fullLike(x, y)];
  return [x, y];
}
const binary = (p: Primitive) => (x: Operand, y: Operand) => bind1(p, pair(x, y));
const unary = (p: Primitive) => (x: NDArray) => bind1(p, [x]);

// ---- elementwise ----
export const add = binary(E.addP);
export const sub = binary(E.subP);
export const mul = binary(E.mulP);
export const div = binary(E.divP);
export const rem = binary(E.remP);
export const pow = binary(E.powP);
export const max = binary(E.maxP);
export const min = binary(E.minP);
export const atan2 = binary(E.atan2P);
export const and = binary(E.andP);
export const or = binary(E.orP);
export const xor = binary(E.xorP);
export const eq = binary(E.eqP);
export const ne = binary(E.neP);
export const lt = binary(E.ltP);
export const le = binary(E.leP);
export const gt = binary(E.gtP);
export const ge = binary(E.geP);
export const neg = unary(E.neg);
export const sign = unary(E.sign);
export const floor = unary(E.floor);
export const ceil = unary(E.ceil);
export const round = unary(E.round);
export const trunc = unary(E.trunc);
export const not = unary(E.not);
export const exp = unary(E.exp);
export const exp2 = unary(E.exp2);
export const log = unary(E.log);
export const log1p = unary(E.log1p);
export const expm1 = unary(E.expm1);
export const sqrt = unary(E.sqrt);
export const cbrt = unary(E.cbrt);
export const sin = unary(E.sin);
export const cos = unary(E.cos);
export const tan = unary(E.tan);
export const asin = unary(E.asin);
export const acos = unary(E.acos);
export const atan = unary(E.atan);
export const sinh = unary(E.sinh);
export const cosh = unary(E.cosh);
export const tanh = unary(E.tanh);
export const asinh = unary(E.asinh);
export const acosh = unary(E.acosh);
export const atanh = unary(E.atanh);
export const abs = unary(E.abs);
export const erf = unary(E.erf);
export const stopGradient = unary(E.stopGradientP);
export const square = (x: NDArray) => mul(x, x);

export function select(pred: NDArray, onTrue: NDArray, onFalse: NDArray): NDArray {
  return bind1(E.selectP, [pred, onTrue, onFalse]);
}
export function convert(x: NDArray, newDtype: DType): NDArray {
  return x.dtype === newDtype ? x : bind1(E.convertElementType, [x], { newDtype });
}

// ---- reductions ----
export const reduceSum = (x: NDArray, axes: number[]) => (axes.length ? bind1(R.reduceSum, [x], { axes }) : x);
export const reduceMax = (x: NDArray, axes: number[]) => (axes.length ? bind1(R.reduceMax, [x], { axes }) : x);
export const reduceMin = (x: NDArray, axes: number[]) => (axes.length ? bind1(R.reduceMin, [x], { axes }) : x);
export const reduceProd = (x: NDArray, axes: number[]) => (axes.length ? bind1(R.reduceProd, [x], { axes }) : x);
export const argmax = (x: NDArray, axis: number) => bind1(R.argmax, [x], { axis });
export const argmin = (x: NDArray, axis: number) => bind1(R.argmin, [x], { axis });

// ---- movement ----
export function reshape(x: NDArray, newShape: number[]): NDArray {
  if (newShape.length === x.ndim && newShape.every((d, i) => d === x.shape[i])) return x;
  return bind1(M.reshapeP, [x], { newShape });
}
export function broadcastInDim(x: NDArray, shape: number[], dims: number[]): NDArray {
  if (shape.length === x.ndim && shape.every((d, i) => d === x.shape[i])) return x;
  return bind1(M.broadcastInDimP, [x], { shape, dims });
}
/** NumPy-style broadcast of `x` to `shape` (trailing alignment). */
export function broadcastTo(x: NDArray, shape: number[]): NDArray {
  const off = shape.length - x.ndim;
  return broadcastInDim(x, shape, x.shape.map((_, i) => i + off));
}
export function transpose(x: NDArray, perm: number[]): NDArray {
  if (perm.every((p, i) => p === i)) return x;
  return bind1(M.transposeP, [x], { perm });
}
export function moveaxis(x: NDArray, from: number, to: number): NDArray {
  if (from === to) return x;
  const perm = [...Array(x.ndim).keys()].filter((i) => i !== from);
  perm.splice(to, 0, from);
  return transpose(x, perm);
}
export function slice(x: NDArray, start: number[], stop: number[], step?: number[]): NDArray {
  const st = step ?? start.map(() => 1);
  if (start.every((s, i) => s === 0 && stop[i] === x.shape[i] && st[i] === 1)) return x;
  return bind1(M.sliceP, [x], { start, stop, step: st });
}
/** Pad with (lo, hi, interior) per axis. */
export function padConfig(x: NDArray, config: [number, number, number][], value: number): NDArray {
  if (config.every(([a, b, c]) => a === 0 && b === 0 && c === 0)) return x;
  return bind1(M.padP, [x], { config, value });
}
export function pad(x: NDArray, lo: number[], hi: number[], value: number): NDArray {
  return padConfig(x, lo.map((l, i) => [l, hi[i], 0]), value);
}
export function concatenate(xs: NDArray[], axis: number): NDArray {
  return xs.length === 1 ? xs[0] : bind1(M.concatenateP, xs, { axis });
}
export function rev(x: NDArray, axes: number[]): NDArray {
  return axes.length ? bind1(M.revP, [x], { axes }) : x;
}
export function dotGeneral(x: NDArray, y: NDArray, params: DotParams): NDArray {
  return bind1(dotGeneralP, [x, y], params);
}

// ---- indexing, sorting, scans ----
export function gather(x: NDArray, indices: NDArray, axis: number): NDArray {
  return bind1(X.gatherP, [x, indices], { axis });
}
export function scatterAdd(updates: NDArray, indices: NDArray, axis: number, shape: number[]): NDArray {
  return bind1(X.scatterAddP, [updates, indices], { axis, shape });
}
/** Sort along the last axis: [values, int32 permutation]. */
export function sort(x: NDArray): [NDArray, NDArray] {
  const [v, p] = bind(X.sortP, [x], {});
  return [v, p];
}
export function cumsum(x: NDArray, axis: number, reverse = false): NDArray {
  return bind1(X.cumsumP, [x], { axis, reverse });
}

/**
 * Inclusive scan of an associative `op` along `axis` in ⌈log₂ n⌉ shifted steps (Hillis–Steele).
 * A composite: its derivatives come from those of `op`, slice and pad.
 */
export function associativeScan(op: (a: NDArray, b: NDArray) => NDArray, x: NDArray, axis: number, reverse: boolean, identity: number): NDArray {
  const n = x.shape[axis];
  let acc = reverse ? rev(x, [axis]) : x;
  for (let k = 1; k < n; k *= 2) {
    const stop = [...acc.shape];
    stop[axis] = n - k;
    const lo = acc.shape.map(() => 0);
    lo[axis] = k;
    const shifted = pad(slice(acc, acc.shape.map(() => 0), stop), lo, acc.shape.map(() => 0), identity);
    acc = op(acc, shifted);
  }
  return reverse ? rev(acc, [axis]) : acc;
}
export const cumprod = (x: NDArray, axis: number, reverse = false) => associativeScan(mul, x, axis, reverse, 1);

// ---- batching helpers ----

/** Bring the batch dim to axis 0, broadcasting an unbatched operand to the batch size. */
export function batchToFront(x: NDArray, bdim: BDim, size: number): NDArray {
  if (bdim === null) return broadcastInDim(x, [size, ...x.shape], x.shape.map((_, i) => i + 1));
  return moveaxis(x, bdim, 0);
}
