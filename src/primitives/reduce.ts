/** @file Reductions over a set of axes (sum, max, min, prod) and arg-reductions (argmax, argmin). */
import { notOrdered } from "./elementwise.js";
import { ShapedArray, fmtShape, prod, stridesOf } from "../core/aval.js";
import { DType } from "../core/dtype.js";
import { NDArray } from "../core/array.js";
import { BDim, Primitive } from "../core/primitive.js";
import { Expr, ReduceOp, gidx, load, ravel, ridx, unravel } from "../lower/kernel.js";
import { kernelRules } from "./impl.js";
import * as L from "../lax/index.js";

export interface AxesParams {
  axes: number[];
}

function checkAxes(name: string, x: ShapedArray, axes: number[]): void {
  for (const a of axes) {
    if (!Number.isInteger(a) || a < 0 || a >= x.ndim) throw new RangeError(`${name}: axis ${a} is out of bounds for shape ${fmtShape(x.shape)}`);
  }
}

/** The input index of element (gidx, ridx) of a reduction of `shape` over sorted `axes`. */
export function reductionIndex(shape: readonly number[], axes: number[]): Expr {
  const st = stridesOf(shape);
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const keptCoords = unravel(gidx, kept.map((i) => shape[i]));
  const redCoords = unravel(ridx, axes.map((i) => shape[i]));
  return ravel([...keptCoords, ...redCoords], [...kept.map((i) => st[i]), ...axes.map((i) => st[i])]);
}

/** A reduction over `axes` with its JVP and transpose (null unless linear). */
function reducePrim(name: string, op: ReduceOp, jvp: Primitive<AxesParams>["jvp"], transpose: Primitive<AxesParams>["transpose"], outDtype?: DType): Primitive<AxesParams> {
  const abstractEval = ([x]: ShapedArray[], { axes }: AxesParams) => {
    checkAxes(name, x, axes);
    if (op === "max" || op === "min") notOrdered(name, x.dtype);
    if ((op === "sum" || op === "prod") && x.dtype === "bool") throw new TypeError(`${name}: bool input; cast to an integer dtype first`);
    return [new ShapedArray(x.shape.filter((_, i) => !axes.includes(i)), outDtype ?? x.dtype)];
  };
  const prim: Primitive<AxesParams> = {
    name,
    abstractEval,
    ...kernelRules(name, abstractEval, ([x], { axes }, o) => ({
      inputs: [x.dtype],
      out: o.dtype,
      size: o.size,
      expr: load(0, reductionIndex(x.shape, axes), x.dtype),
      reduce: { op, size: prod(axes.map((a) => x.shape[a])) },
    })),
    jvp,
    transpose,
    // batching: the batch axis is kept; reduced axes shift past it
    batch([x], [bd], { axes }) {
      const b = bd as number;
      const shifted = axes.map((a) => (a >= b ? a + 1 : a));
      const outBd = b - shifted.filter((a) => a < b).length;
      return [[L.bindPrim(prim, [x], { axes: shifted })[0]], [outBd]];
    },
  };
  return prim;
}

// d Σx = Σ dx ; transpose: broadcast the cotangent back over the reduced axes
export const reduceSumP: Primitive<AxesParams> = reducePrim(
  "reduce_sum",
  "sum",
  ([x], [t], { axes }) => [[L.reduceSum(x, axes)], [L.reduceSum(t, axes)]],
  ([ct], [x], { axes }) => {
    const shape = [...x.aval.shape];
    const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
    return [ct && L.broadcastInDim(ct, shape, kept)];
  },
);

/** JVP of max/min reductions: the tangent averaged over the locations attaining the extremum (ties split equally, as JAX). */
function chooserJvp(reduce: (x: NDArray, axes: number[]) => NDArray): Primitive<AxesParams>["jvp"] {
  return ([x], [t], { axes }) => {
    const out = reduce(x, axes);
    const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const hit = L.convert(L.eq(x, L.broadcastInDim(out, [...x.shape], kept)), t.dtype);
    const counts = L.reduceSum(hit, axes);
    return [[out], [L.div(L.reduceSum(L.mul(t, hit), axes), counts)]];
  };
}
// d max x = mean of dx over the argmax locations
export const reduceMaxP = reducePrim("reduce_max", "max", chooserJvp((x, a) => L.reduceMax(x, a)), null);
// d min x = mean of dx over the argmin locations
export const reduceMinP = reducePrim("reduce_min", "min", chooserJvp((x, a) => L.reduceMin(x, a)), null);

// d Πx = Σᵢ dxᵢ·Π_{j≠i} xⱼ, with the exclusive products from left and right cumulative products (exact at zeros)
export const reduceProdP = reducePrim("reduce_prod", "prod", ([x], [t], { axes }) => {
  const out = L.reduceProd(x, axes);
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const flatShape = [...kept.map((i) => x.shape[i]), prod(axes.map((a) => x.shape[a]))];
  const xs = L.reshape(L.transpose(x, perm), flatShape);
  const ts = L.reshape(L.transpose(t, perm), flatShape);
  const last = flatShape.length - 1;
  const exclusiveLeft = shiftedCumprod(xs, last, false);
  const exclusiveRight = shiftedCumprod(xs, last, true);
  return [[out], [L.reduceSum(L.mul(ts, L.mul(exclusiveLeft, exclusiveRight)), [last])]];
}, null);

/** Exclusive cumulative product along `axis` (the product of the elements strictly before, or after). */
function shiftedCumprod(x: NDArray, axis: number, reverse: boolean): NDArray {
  const n = x.shape[axis];
  if (n === 0) return x; // nothing before or after: empty (so d Π over an empty axis = Σ over nothing = 0)
  const lo = x.shape.map(() => 0), hi = x.shape.map(() => 0);
  if (reverse) hi[axis] = 1;
  else lo[axis] = 1;
  const start = x.shape.map(() => 0), stop = [...x.shape];
  if (reverse) start[axis] = 1;
  else stop[axis] = n - 1;
  const cut = L.slice(x, start, stop);
  const padded = L.pad(cut, lo, hi, 1);
  return L.cumprod(padded, axis, reverse);
}

function argPrim(name: string, op: "argmax" | "argmin"): Primitive<{ axis: number }> {
  const abstractEval = ([x]: ShapedArray[], { axis }: { axis: number }) => {
    checkAxes(name, x, [axis]);
    notOrdered(name, x.dtype);
    if (x.shape[axis] === 0) throw new RangeError(`${name}: cannot reduce an empty axis ${axis} of shape ${fmtShape(x.shape)}`);
    return [new ShapedArray(x.shape.filter((_, i) => i !== axis), "int32")];
  };
  const prim: Primitive<{ axis: number }> = {
    name,
    abstractEval,
    ...kernelRules(name, abstractEval, ([x], { axis }, o) => ({
      inputs: [x.dtype],
      out: "int32",
      size: o.size,
      expr: load(0, reductionIndex(x.shape, [axis]), x.dtype),
      reduce: { op, size: x.shape[axis] },
    })),
    // indices are piecewise constant: zero derivative
    jvp: ([x], _t, p) => {
      const out = L.bindPrim(prim, [x], p)[0];
      return [[out], [L.zerosLike(out)]];
    },
    transpose: null,
    batch([x], [bd], { axis }) {
      const b = bd as number;
      const a = axis >= b ? axis + 1 : axis;
      return [[L.bindPrim(prim, [x], { axis: a })[0]], [a < b ? b - 1 : b] as BDim[]];
    },
  };
  return prim;
}
export const argmaxP = argPrim("argmax", "argmax");
export const argminP = argPrim("argmin", "argmin");
