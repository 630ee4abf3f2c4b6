/**
 * @file Indexing primitives — gather along an axis and its transpose scatter_add — plus sort and
 * cumsum, which lower to named routines. Out-of-range indices are clamped (NB: as JAX's gather).
 */
import { notOrdered } from "./elementwise.js";
import { ShapedArray, fmtShape, prod, stridesOf } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { BDim, NoParams, Primitive, UndefPrimal } from "../core/primitive.js";
import { bin, cast, iconst, load, outCoords, ravel } from "../lower/kernel.js";
import { kernelRules } from "./impl.js";
import { loweredImpl } from "../lower/lowering.js";
import * as L from "../lax/index.js";

function checkIndices(name: string, idx: ShapedArray): void {
  if (idx.dtype !== "int32" && idx.dtype !== "uint32") throw new TypeError(`${name}: indices must be integers, got ${idx.dtype}`);
}

// ---- gather: out[pre, j…, post] = x[pre, idx[j…], post] ----
const gatherEval = ([x, idx]: ShapedArray[], { axis }: { axis: number }) => {
  checkIndices("gather", idx);
  if (axis < 0 || axis >= x.ndim) throw new RangeError(`gather: axis ${axis} out of bounds for shape ${fmtShape(x.shape)}`);
  if (x.shape[axis] === 0 && idx.size > 0) throw new RangeError(`gather: cannot index an empty axis ${axis} of shape ${fmtShape(x.shape)}`);
  return [new ShapedArray([...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)], x.dtype)];
};

/**
 * Batch gather/scatter when the indices are batched: fold the batch into the indexed axis, so that
 * example b reads rows b·D … b·D+D-1 of a [B·D, …] operand.
 */
function foldedIndices(idx: NDArray, d: number): NDArray {
  const b = idx.shape[0];
  const offsets = L.broadcastInDim(L.mul(iotaInt(b), d), idx.shape, [0]);
  const clamped = L.max(L.min(L.convert(idx, "int32"), d - 1), 0); // clamp first, so no example reads another's rows
  return L.add(clamped, offsets);
}
function iotaInt(n: number): NDArray {
  return ConcreteArray.fromTyped(Int32Array.from({ length: n }, (_, i) => i), [n], "int32");
}

// gather is linear in x: d gather(x) = gather(dx) ; transpose: scatter_add the cotangent back
export const gatherP: Primitive<{ axis: number }> = {
  name: "gather",
  abstractEval: gatherEval,
  ...kernelRules("gather", gatherEval, ([x, idx], { axis }, o) => {
    const c = outCoords(o.shape);
    const k = idx.ndim;
    const pos = load(1, ravel(c.slice(axis, axis + k), stridesOf(idx.shape)), idx.dtype);
    const clamped = bin("max", bin("min", cast(pos, "int32"), iconst(x.shape[axis] - 1)), iconst(0));
    const coords = [...c.slice(0, axis), clamped, ...c.slice(axis + k)];
    return { inputs: [x.dtype, idx.dtype], out: x.dtype, size: o.size, expr: load(0, ravel(coords, stridesOf(x.shape)), x.dtype) };
  }),
  jvp: ([x, idx], [dx], { axis }) => [[L.gather(x, idx, axis)], [L.gather(dx, idx, axis)]],
  transpose([ct], [x, idx], { axis }) {
    if (idx instanceof UndefPrimal) throw new Error("transpose: gather is not linear in its indices");
    return [ct && L.scatterAdd(ct, idx, axis, x.aval.shape as number[]), null];
  },
  batch([x, idx], [bx, bi], { axis }, size) {
    if (bi === null) return [[L.gather(L.moveaxis(x, bx as number, 0), idx, axis + 1)], [0]];
    const ib = L.moveaxis(idx, bi, 0);
    if (bx === null) return [[L.gather(x, ib, axis)], [axis]];
    // both batched: x → [B·D, rest…] with rest = pre ++ post; out → [B, idx…, pre, post] → [B, pre, idx…, post]
    const xb = L.moveaxis(L.moveaxis(x, bx, 0), axis + 1, 1);
    const d = xb.shape[1];
    const rest = xb.shape.slice(2);
    const flat = L.reshape(xb, [size * d, ...rest]);
    const out = L.gather(flat, foldedIndices(ib, d), 0);
    const k = ib.ndim - 1;
    const perm = [0, ...Array.from({ length: axis }, (_, i) => 1 + k + i), ...Array.from({ length: k }, (_, i) => 1 + i), ...Array.from({ length: rest.length - axis }, (_, i) => 1 + k + axis + i)];
    return [[L.transpose(out, perm)], [0]];
  },
};

// ---- scatter_add: out[pre, idx[j…], post] += updates[pre, j…, post] ----
interface ScatterParams {
  axis: number;
  shape: number[];
}
const scatterEval = ([u, idx]: ShapedArray[], { axis, shape }: ScatterParams) => {
  checkIndices("scatter_add", idx);
  const want = [...shape.slice(0, axis), ...idx.shape, ...shape.slice(axis + 1)];
  if (want.length !== u.ndim || want.some((d, i) => d !== u.shape[i])) {
    throw new RangeError(`scatter_add: updates ${fmtShape(u.shape)} do not match ${fmtShape(want)} (operand ${fmtShape(shape)}, indices ${fmtShape(idx.shape)}, axis ${axis})`);
  }
  return [new ShapedArray(shape, u.dtype)];
};
// scatter_add is linear in the updates; transpose: gather the cotangent
export const scatterAddP: Primitive<ScatterParams> = {
  name: "scatter_add",
  abstractEval: scatterEval,
  impl: loweredImpl,
  lower: ([u, idx], { axis, shape }) => ({ kind: "routine", name: "scatter_add", params: { outShape: shape, axis, idxSize: idx.size }, inputs: [1, 0] }),

  jvp: ([u, idx], [du], p) => [[L.scatterAdd(u, idx, p.axis, p.shape)], [L.scatterAdd(du, idx, p.axis, p.shape)]],
  transpose([ct], [, idx], { axis }) {
    if (idx instanceof UndefPrimal) throw new Error("transpose: scatter_add is not linear in its indices");
    return [ct && L.gather(ct, idx, axis), null];
  },
  batch([u, idx], [bu, bi], { axis, shape }, size) {
    if (bi === null) return [[L.scatterAdd(L.moveaxis(u, bu as number, 0), idx, axis + 1, [size, ...shape])], [0]];
    // batched indices: fold the batch into the scattered axis (see foldedIndices)
    const ib = L.moveaxis(idx, bi, 0);
    const k = ib.ndim - 1;
    const ub = L.batchToFront(u, bu, size); // [B, pre, idx…, post]
    const perm = [0, ...Array.from({ length: k }, (_, i) => 1 + axis + i), ...Array.from({ length: axis }, (_, i) => 1 + i), ...Array.from({ length: ub.ndim - 1 - axis - k }, (_, i) => 1 + axis + k + i)];
    const uMoved = L.transpose(ub, perm); // [B, idx…, pre, post]
    const d = shape[axis];
    const rest = [...shape.slice(0, axis), ...shape.slice(axis + 1)];
    const flat = L.scatterAdd(uMoved, foldedIndices(ib, d), 0, [size * d, ...rest]); // [B·D, pre, post]
    return [[L.moveaxis(L.reshape(flat, [size, d, ...rest]), 1, axis + 1)], [0]];
  },
};

// ---- sort along the last axis → [values, permutation] ----
const sortEval = ([x]: ShapedArray[]) => {
  if (x.ndim === 0) throw new RangeError("sort: cannot sort a 0-d array");
  notOrdered("sort", x.dtype); // NB: JAX sorts complex lexicographically (docs/complex.md)
  return [x, new ShapedArray(x.shape, "int32")];
};
// d sort(x) = dx permuted like x: take_along_axis(dx, perm)
export const sortP: Primitive<NoParams> = {
  name: "sort",
  abstractEval: sortEval,
  impl: loweredImpl,
  lower: ([x]) => ({ kind: "routine", name: "sort", params: { shape: [...x.shape] }, inputs: [0] }),

  jvp([x], [dx]) {
    const [v, perm] = L.sort(x);
    return [[v, perm], [takeAlongLast(dx, perm), L.zerosLike(perm)]];
  },
  transpose: null,
  batch([x], [bd]) {
    const b = bd as number;
    const moved = b === x.ndim - 1 ? L.moveaxis(x, b, 0) : x;
    const out = L.sort(moved);
    return [out, b === x.ndim - 1 ? [0, 0] : ([b, b] as BDim[])];
  },
};

/** x[..., perm[..., j]] along the last axis, as one gather on the flattened array. */
export function takeAlongLast(x: NDArray, perm: NDArray): NDArray {
  const n = x.shape[x.ndim - 1];
  const rows = prod(x.shape.slice(0, -1));
  const offsets = L.broadcastInDim(L.mul(iotaInt(rows), n), [rows, n], [0]);
  const flatIdx = L.add(L.reshape(perm, [rows, n]), offsets);
  return L.reshape(L.gather(L.reshape(x, [rows * n]), flatIdx, 0), x.shape);
}

// ---- cumsum ----
interface CumParams {
  axis: number;
  reverse: boolean;
}
const cumEval = ([x]: ShapedArray[], { axis }: CumParams) => {
  if (axis < 0 || axis >= x.ndim) throw new RangeError(`cumsum: axis ${axis} out of bounds for shape ${fmtShape(x.shape)}`);
  if (x.dtype === "bool") throw new TypeError("cumsum: bool input; cast to an integer dtype first");
  return [x];
};
// cumsum is linear: d cumsum(x) = cumsum(dx) ; transpose: cumsum in the opposite direction
export const cumsumP: Primitive<CumParams> = {
  name: "cumsum",
  abstractEval: cumEval,
  impl: loweredImpl,
  lower: ([x], { axis, reverse }) => ({ kind: "routine", name: "cumulative", params: { shape: [...x.shape], axis, op: "sum", reverse }, inputs: [0] }),

  jvp: ([x], [dx], { axis, reverse }) => [[L.cumsum(x, axis, reverse)], [L.cumsum(dx, axis, reverse)]],
  transpose: ([ct], _x, { axis, reverse }) => [ct && L.cumsum(ct, axis, !reverse)],
  batch: ([x], [bd], { axis, reverse }) => {
    const b = bd as number;
    return [[L.cumsum(x, axis >= b ? axis + 1 : axis, reverse)], [b]];
  },
};
