/**
 * @file lax: thin, strict wrappers that bind primitives (equal shapes and dtypes; no broadcasting or
 * promotion — that is the numpy layer's job), plus constants and a few composites the rules share.
 * Binary wrappers accept a JS number for either operand: it takes the other operand's shape and dtype.
 */
import { Shape, ShapedArray, prod } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { DType, castScalar, isComplex, realDType, typedArrayCtor } from "../core/dtype.js";
import { BDim, NoParams, Primitive } from "../core/primitive.js";
import { bind, bind1 } from "../core/trace.js";
import { checkSize } from "../core/limits.js";
import { getBackend } from "../backend/registry.js";
import * as E from "../primitives/elementwise.js";
import * as R from "../primitives/reduce.js";
import * as M from "../primitives/movement.js";
import { dotGeneralP, DotParams } from "../primitives/dot.js";
import * as X from "../primitives/indexing.js";
import * as C from "../primitives/complex.js";
import "../primitives/complex_rules.js";

/** `bind`, with `{}` for a primitive of no params (the primitive factories' rules bind through it). */
export function bindPrim(prim: Primitive<NoParams>, args: NDArray[]): NDArray[];
export function bindPrim<P>(prim: Primitive<P>, args: NDArray[], params: NoInfer<P>): NDArray[];
export function bindPrim(prim: Primitive, args: NDArray[], params: unknown = {}): NDArray[] {
  return bind(prim, args, params);
}

// ---- constants (concrete: they become literals or consts when traced) ----

/** A concrete array of `shape` filled with `value`. */
export function full(shape: Shape, value: number, dtype: DType, op = "full"): NDArray {
  const backend = getBackend(), n = prod(shape);
  checkSize(op, n, shape, dtype, backend); // before the host array is made
  const cplx = isComplex(dtype); // complex: `value` is the real part, interleaved with zeros
  const data = new (typedArrayCtor(dtype))(cplx ? 2 * n : n);
  const v = castScalar(value, dtype);
  if (cplx) for (let i = 0; i < 2 * n; i += 2) data[i] = v;
  else if (v !== 0 || Object.is(v, -0)) data.fill(v);
  return new ConcreteArray(backend.fromTyped(data, realDType(dtype)), ShapedArray.of(shape, dtype), backend);
}
/**
 * `value` in the shape of `x`: a scalar broadcast to it — under jit a literal that fuses into its
 * consumer, eagerly one broadcast kernel — rather than a full-size constant array built on the host.
 */
export function fullLike(x: NDArray | ShapedArray, value: number, dtype?: DType): NDArray {
  const s = full([], value, dtype ?? x.dtype);
  return x.shape.length === 0 ? s : bind1(M.broadcastInDimP, [s], { shape: [...x.shape], dims: [] });
}
export function zerosLike(x: NDArray | ShapedArray): NDArray {
  return fullLike(x, 0);
}

const zeroTangents = new WeakSet<NDArray>();
/**
 * Zeros standing for "no tangent" (a constant's tangent in forward mode). It is a real array, but
 * rules may test it with `isZeroTangent` and skip terms: 0·NaN must not turn a derivative into NaN.
 */
export function zeroTangent(x: NDArray | ShapedArray): NDArray {
  const z = zerosLike(x);
  zeroTangents.add(z);
  return z;
}
export function isZeroTangent(x: NDArray): boolean {
  return zeroTangents.has(x);
}

type Operand = NDArray | number;
function pair(x: Operand, y: Operand): [NDArray, NDArray] {
  if (typeof x === "number") return [fullLike(y as NDArray, x), y as NDArray];
  if (typeof y === "number") return [x, fullLike(x, y)];
  return [x, y];
}

// ---- elementwise ----
export const add = (x: Operand, y: Operand): NDArray => bind1(E.addP, pair(x, y));
export const sub = (x: Operand, y: Operand): NDArray => bind1(E.subP, pair(x, y));
export const mul = (x: Operand, y: Operand): NDArray => bind1(E.mulP, pair(x, y));
export const div = (x: Operand, y: Operand): NDArray => bind1(E.divP, pair(x, y));
export const rem = (x: Operand, y: Operand): NDArray => bind1(E.remP, pair(x, y));
export const pow = (x: Operand, y: Operand): NDArray => bind1(E.powP, pair(x, y));
export const max = (x: Operand, y: Operand): NDArray => bind1(E.maxP, pair(x, y));
export const min = (x: Operand, y: Operand): NDArray => bind1(E.minP, pair(x, y));
export const atan2 = (x: Operand, y: Operand): NDArray => bind1(E.atan2P, pair(x, y));
export const and = (x: Operand, y: Operand): NDArray => bind1(E.andP, pair(x, y));
export const or = (x: Operand, y: Operand): NDArray => bind1(E.orP, pair(x, y));
export const xor = (x: Operand, y: Operand): NDArray => bind1(E.xorP, pair(x, y));
/** x << y on int32/uint32 bits (0 for y outside [0, 32)). */
export const shiftLeft = (x: Operand, y: Operand): NDArray => bind1(E.shiftLeftP, pair(x, y));
/** x >>> y on int32/uint32 bits, zero-filling (0 for y outside [0, 32)). */
export const shiftRightLogical = (x: Operand, y: Operand): NDArray => bind1(E.shiftRightLogicalP, pair(x, y));
/** x >> y on int32/uint32 bits, sign-filling (all sign bits for y outside [0, 32)). */
export const shiftRightArithmetic = (x: Operand, y: Operand): NDArray => bind1(E.shiftRightArithmeticP, pair(x, y));
export const eq = (x: Operand, y: Operand): NDArray => bind1(E.eqP, pair(x, y));
export const ne = (x: Operand, y: Operand): NDArray => bind1(E.neP, pair(x, y));
export const lt = (x: Operand, y: Operand): NDArray => bind1(E.ltP, pair(x, y));
export const le = (x: Operand, y: Operand): NDArray => bind1(E.leP, pair(x, y));
export const gt = (x: Operand, y: Operand): NDArray => bind1(E.gtP, pair(x, y));
export const ge = (x: Operand, y: Operand): NDArray => bind1(E.geP, pair(x, y));
export const neg = (x: NDArray): NDArray => bind1(E.negP, [x]);
export const sign = (x: NDArray): NDArray => bind1(E.signP, [x]);
export const floor = (x: NDArray): NDArray => bind1(E.floorP, [x]);
export const ceil = (x: NDArray): NDArray => bind1(E.ceilP, [x]);
export const round = (x: NDArray): NDArray => bind1(E.roundP, [x]);
export const trunc = (x: NDArray): NDArray => bind1(E.truncP, [x]);
export const not = (x: NDArray): NDArray => bind1(E.notP, [x]);
export const exp = (x: NDArray): NDArray => bind1(E.expP, [x]);
export const exp2 = (x: NDArray): NDArray => bind1(E.exp2P, [x]);
export const log = (x: NDArray): NDArray => bind1(E.logP, [x]);
export const log1p = (x: NDArray): NDArray => bind1(E.log1pP, [x]);
export const expm1 = (x: NDArray): NDArray => bind1(E.expm1P, [x]);
export const sqrt = (x: NDArray): NDArray => bind1(E.sqrtP, [x]);
export const cbrt = (x: NDArray): NDArray => bind1(E.cbrtP, [x]);
export const sin = (x: NDArray): NDArray => bind1(E.sinP, [x]);
export const cos = (x: NDArray): NDArray => bind1(E.cosP, [x]);
export const tan = (x: NDArray): NDArray => bind1(E.tanP, [x]);
export const asin = (x: NDArray): NDArray => bind1(E.asinP, [x]);
export const acos = (x: NDArray): NDArray => bind1(E.acosP, [x]);
export const atan = (x: NDArray): NDArray => bind1(E.atanP, [x]);
export const sinh = (x: NDArray): NDArray => bind1(E.sinhP, [x]);
export const cosh = (x: NDArray): NDArray => bind1(E.coshP, [x]);
export const tanh = (x: NDArray): NDArray => bind1(E.tanhP, [x]);
export const asinh = (x: NDArray): NDArray => bind1(E.asinhP, [x]);
export const acosh = (x: NDArray): NDArray => bind1(E.acoshP, [x]);
export const atanh = (x: NDArray): NDArray => bind1(E.atanhP, [x]);
export const abs = (x: NDArray): NDArray => bind1(E.absP, [x]);
export const erf = (x: NDArray): NDArray => bind1(E.erfP, [x]);
export const stopGradient = (x: NDArray): NDArray => bind1(E.stopGradientP, [x]);
export const square = (x: NDArray) => mul(x, x);

export function select(pred: NDArray, onTrue: NDArray, onFalse: NDArray): NDArray {
  return bind1(E.selectP, [pred, onTrue, onFalse]);
}
export function convert(x: NDArray, newDtype: DType): NDArray {
  return x.dtype === newDtype ? x : bind1(E.convertElementTypeP, [x], { newDtype });
}

// ---- reductions ----
export const reduceSum = (x: NDArray, axes: number[]) => (axes.length ? bind1(R.reduceSumP, [x], { axes }) : x);
export const reduceMax = (x: NDArray, axes: number[]) => (axes.length ? bind1(R.reduceMaxP, [x], { axes }) : x);
export const reduceMin = (x: NDArray, axes: number[]) => (axes.length ? bind1(R.reduceMinP, [x], { axes }) : x);
export const reduceProd = (x: NDArray, axes: number[]) => (axes.length ? bind1(R.reduceProdP, [x], { axes }) : x);
export const argmax = (x: NDArray, axis: number) => bind1(R.argmaxP, [x], { axis });
export const argmin = (x: NDArray, axis: number) => bind1(R.argminP, [x], { axis });

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

// ---- issue 13: complex parts (the complex rules of every primitive are registered by complex_rules.ts) ----
export const real = (x: NDArray): NDArray => bind1(C.realP, [x]);
export const imag = (x: NDArray): NDArray => bind1(C.imagP, [x]);
export const conj = (x: NDArray): NDArray => bind1(C.conjP, [x]);
/** The complex array x + i·y of two float arrays of one shape and dtype. */
export const complex = (x: NDArray, y: NDArray): NDArray => bind1(C.complexP, [x, y]);
