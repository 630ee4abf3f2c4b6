/**
 * @file The index arithmetic shared by lax.gather and the lax.scatter family: checks of JAX's
 * dimension numbers, and the flat operand index of every output (gather) or update (scatter) element,
 * computed with integer array arithmetic so that one axis-0 gather / scatter_add of the flattened
 * operand does the rest (linear, differentiable, batchable and jit-able by the existing rules).
 */
import { prod, stridesOf } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { DType, isFloat } from "../core/dtype.js";
import { show } from "../numpy/signature.js";
import * as L from "./index.js";

/** How out-of-bounds indices are handled (as jax.lax.GatherScatterMode). */
export type GatherScatterMode = "clip" | "fill" | "drop" | "promise_in_bounds";

/**
 * Where the index batch dims and the window dims sit in the output (gather) or the updates (scatter),
 * and how they map to operand dims: the resolved form of JAX's dimension numbers.
 */
export interface IndexLayout {
  /** lax.gather / lax.scatterAdd …, for error messages. */
  fn: string;
  operandShape: number[];
  /** The shape of the gather output or of the scatter updates. */
  outShape: number[];
  /** Positions in outShape of the index batch dims (startIndices.shape minus its last dim), in order. */
  batchPos: number[];
  /** Positions in outShape of the window dims, in order, and the operand dim of each. */
  windowPos: number[];
  windowOperandDims: number[];
  /** Per operand dim: the window (slice) size; 1 for collapsed / inserted and batching dims. */
  windowSizes: number[];
  /** Operand dim of each entry of the index vector. */
  startMap: number[];
  operandBatchingDims: number[];
  indicesBatchingDims: number[];
}

/** A list of integers from a dimension-numbers field, or a TypeError naming the function and the field. */
export function dimList(fn: string, field: string, v: unknown, optional = false): number[] {
  if (v === undefined && optional) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === "number" && Number.isInteger(x))) {
    throw new TypeError(`${fn}: dimensionNumbers.${field} must be a list of integers, got ${show(v)}`);
  }
  return [...v];
}

/** Each entry of `dims` in [0, n), none repeated, and (if `sorted`) ascending; else a RangeError naming `field`. */
export function checkDims(fn: string, field: string, dims: number[], n: number, what: string, sorted: boolean): void {
  for (const d of dims) {
    if (d < 0 || d >= n) throw new RangeError(`${fn}: dimensionNumbers.${field} entry ${d} is out of range for ${what} (expected 0 ≤ d < ${n}); got ${JSON.stringify(dims)}`);
  }
  if (new Set(dims).size !== dims.length) throw new RangeError(`${fn}: dimensionNumbers.${field} ${JSON.stringify(dims)} repeats a dimension`);
  if (sorted && dims.some((d, i) => i > 0 && d <= dims[i - 1])) throw new RangeError(`${fn}: dimensionNumbers.${field} ${JSON.stringify(dims)} must be sorted in ascending order`);
}

/** The index array: an integer NDArray of rank ≥ 1 whose last dim is the index vector. */
export function checkIndices(fn: string, what: string, v: unknown): NDArray {
  if (!(v instanceof NDArray)) throw new TypeError(`${fn}: ${what} must be an integer NDArray (int32 or uint32), got ${show(v)}`);
  if (v.dtype !== "int32" && v.dtype !== "uint32") throw new TypeError(`${fn}: ${what} must be int32 or uint32, got ${v.dtype}`);
  if (v.ndim === 0) throw new RangeError(`${fn}: ${what} must have rank ≥ 1 (its last dimension is the index vector), got a 0-d array`);
  return v;
}

/** The `mode` option: JAX's default (None) is "fill" for gather and "drop" for scatter — the same mode. */
export function checkMode(fn: string, mode: unknown): GatherScatterMode {
  if (mode === undefined || mode === null) return "fill";
  if (mode === "clip" || mode === "fill" || mode === "drop" || mode === "promise_in_bounds") return mode;
  throw new TypeError(`${fn}: mode must be "clip", "fill", "drop" or "promise_in_bounds", got ${show(mode)}`);
}

/** A boolean hint option (indicesAreSorted, uniqueIndices). */
export function checkFlag(fn: string, what: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== "boolean") throw new TypeError(`${fn}: ${what} must be a boolean, got ${show(v)}`);
  return v;
}

/** JAX's default fill value of gather: NaN for floats, the lowest int32, the largest uint32, true for bool. */
export function defaultFill(d: DType): number {
  if (isFloat(d)) return NaN;
  if (d === "int32") return -2147483648;
  if (d === "uint32") return 4294967295;
  return 1;
}

/** Check the batching dims shared by gather and scatter (sizes agree, window size 1 in the operand). */
export function checkBatching(fn: string, opField: string, idxField: string, layout: Pick<IndexLayout, "operandShape" | "windowSizes" | "operandBatchingDims" | "indicesBatchingDims">, batchShape: number[]): void {
  const { operandShape: s, operandBatchingDims: ob, indicesBatchingDims: ib } = layout;
  checkDims(fn, opField, ob, s.length, `an operand of rank ${s.length}`, true);
  checkDims(fn, idxField, ib, batchShape.length, `the ${batchShape.length} batch dims of the indices (the last dim is the index vector)`, false);
  if (ob.length !== ib.length) throw new RangeError(`${fn}: dimensionNumbers.${opField} ${JSON.stringify(ob)} and ${idxField} ${JSON.stringify(ib)} must have the same length`);
  ob.forEach((d, i) => {
    if (s[d] !== batchShape[ib[i]]) {
      throw new RangeError(`${fn}: batching dims differ in size: operand dim ${d} has ${s[d]}, indices dim ${ib[i]} has ${batchShape[ib[i]]}`);
    }
  });
}

/** A concrete int32 array of `shape` holding Σ iota_j · coef[j] over the given axes (dims not listed: 0). */
function iotaSum(shape: number[], axes: number[], coef: number[]): NDArray {
  const n = prod(shape), st = stridesOf(shape);
  const data = new Int32Array(n);
  if (axes.length) {
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < axes.length; j++) v += (Math.floor(i / st[axes[j]]) % shape[axes[j]]) * coef[j];
      data[i] = v;
    }
  }
  return ConcreteArray.fromTyped(data, shape, "int32");
}

/**
 * The flat (row-major) operand index of every element of `layout.outShape` (int32), its window start
 * clamped into bounds, and — unless the mode clips — a bool mask over the same shape that is false where
 * the unclamped window would leave the operand (JAX's per-window rule of "fill" / "drop").
 */
export function flatIndices(layout: IndexLayout, indices: NDArray, mode: GatherScatterMode): { flat: NDArray; valid: NDArray | null } {
  const { operandShape: s, outShape, batchPos, windowPos, windowOperandDims, windowSizes, startMap } = layout;
  const strides = stridesOf(s);
  const batchShape = indices.shape.slice(0, -1);
  const k = indices.shape[indices.ndim - 1];
  // batching dims: the operand index along operandBatchingDims[i] is the position along indices dim indicesBatchingDims[i]
  let start: NDArray | null = layout.operandBatchingDims.length || k === 0 ? iotaSum(batchShape, layout.indicesBatchingDims, layout.operandBatchingDims.map((d) => strides[d])) : null;
  let valid: NDArray | null = null;
  const checked = mode === "fill" || mode === "drop";
  const lo = batchShape.map(() => 0);
  for (let j = 0; j < k; j++) {
    const d = startMap[j];
    const upper = s[d] - windowSizes[d];
    const col = L.reshape(L.slice(indices, [...lo, j], [...batchShape, j + 1]), batchShape);
    const hi = L.fullLike(col, upper);
    let inBounds: NDArray | null = null, clamped: NDArray;
    if (col.dtype === "uint32") {
      if (checked) inBounds = L.le(col, hi);
      clamped = L.convert(L.min(col, hi), "int32");
    } else {
      const zero = L.fullLike(col, 0);
      if (checked) inBounds = L.and(L.ge(col, zero), L.le(col, hi));
      clamped = L.max(L.min(col, hi), zero);
    }
    if (inBounds !== null) valid = valid === null ? inBounds : L.and(valid, inBounds);
    const term = strides[d] === 1 ? clamped : L.mul(clamped, L.fullLike(clamped, strides[d]));
    start = start === null ? term : L.add(start, term);
  }
  const windowShape = windowPos.map((p) => outShape[p]);
  const offsets = iotaSum(windowShape, windowShape.map((_, i) => i), windowOperandDims.map((d) => strides[d]));
  const flat = L.add(L.broadcastInDim(start!, outShape, batchPos), L.broadcastInDim(offsets, outShape, windowPos));
  return { flat, valid: valid && L.broadcastInDim(valid, outShape, batchPos) };
}
