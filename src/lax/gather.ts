/**
 * @file lax.gather with JAX's GatherDimensionNumbers: a composite — the flat operand index of every
 * output element (src/lax/gather_dims.ts), one axis-0 gather of the flattened operand, and a select for
 * mode "fill". Linear in the operand (its transpose is the scatter_add primitive), batchable, jit-able.
 */
import { fmtShape, prod } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { castScalar, isFloat } from "../core/dtype.js";
import { isPlainObject, show } from "../numpy/signature.js";
import * as L from "./index.js";
import { LaxOperand, laxArray } from "./strict.js";
import { GatherScatterMode, IndexLayout, checkBatching, checkDims, checkFlag, checkIndices, checkMode, defaultFill, dimList, flatIndices } from "./gather_dims.js";

/**
 * How the dims of the operand, the start indices and the output of lax.gather relate (JAX's
 * `GatherDimensionNumbers`, camelCase). The index vector is the last dim of `startIndices`.
 */
export interface GatherDimensionNumbers {
  /** Output dims that hold the slice (window) dims, ascending; the other output dims are the index batch dims, in order. */
  offsetDims: number[];
  /** Operand dims of slice size 1 that are dropped from the output, ascending. */
  collapsedSliceDims: number[];
  /** The operand dim each entry of an index vector starts. */
  startIndexMap: number[];
  /** Operand dims that are batch dims (slice size 1, dropped), ascending; paired with `startIndicesBatchingDims`. */
  operandBatchingDims?: number[];
  /** The index batch dims paired with `operandBatchingDims`: operand position = position along this dim. */
  startIndicesBatchingDims?: number[];
}

/** Options of lax.gather (JAX's keyword arguments). */
export interface GatherOptions {
  /** Out-of-bounds windows: "fill" (the default, as JAX; "drop" is a synonym) fills the whole window with `fillValue`; "clip" and "promise_in_bounds" clamp the start into bounds. */
  mode?: GatherScatterMode;
  /** The value of out-of-bounds windows in "fill" mode: default NaN for floats, the lowest int32, the largest uint32, true for bool (as JAX). */
  fillValue?: number | boolean;
  /** A hint, accepted and unused. */
  indicesAreSorted?: boolean;
  /** A hint, accepted and unused. */
  uniqueIndices?: boolean;
}

/**
 * Gather slices of `operand` at the positions in `startIndices` (as jax.lax.gather). For every index
 * vector `startIndices[b…, :]`, a slice of size `sliceSizes` starts at the operand position given by
 * `startIndexMap` (other dims start at 0; batching dims at the index's own batch position); the
 * `collapsedSliceDims` and `operandBatchingDims` of the slice are dropped and the remaining slice dims
 * land at `offsetDims` of the output. Differentiable in `operand` (the transpose scatters-adds),
 * batchable and jit-able.
 *
 * NB: the fill/drop check is per window, as JAX: a window that is partly out of bounds is filled whole.
 * Negative indices are out of bounds (no wrap-around, as lax).
 * @example
 * // x[idx] for x of shape [5, 3] and idx of shape [2]: rows 4 and 1
 * lax.gather(x, np.array([[4], [1]], "int32"), { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] }, [1, 3])
 */
export function gather(operand: LaxOperand, startIndices: NDArray, dimensionNumbers: GatherDimensionNumbers, sliceSizes: number[], opts: GatherOptions = {}): NDArray {
  const fn = "lax.gather";
  const x = laxArray("gather", "operand", operand);
  const idx = checkIndices(fn, "startIndices", startIndices);
  const layout = gatherLayout(x.shape, idx.shape, dimensionNumbers, sliceSizes);
  const mode = checkMode(fn, opts.mode);
  checkFlag(fn, "indicesAreSorted", opts.indicesAreSorted);
  checkFlag(fn, "uniqueIndices", opts.uniqueIndices);
  const fill = fillValue(fn, opts.fillValue, x);
  const n = prod(x.shape), outSize = prod(layout.outShape);
  if (n === 0 && outSize > 0) {
    if (mode === "clip" || mode === "promise_in_bounds") throw new RangeError(`${fn}: cannot gather ${fmtShape(layout.outShape)} from an empty operand ${fmtShape(x.shape)} in "${mode}" mode`);
    return L.full(layout.outShape, fill, x.dtype); // every window is out of bounds
  }
  const { flat, valid } = flatIndices(layout, idx, mode);
  const out = L.gather(L.reshape(x, [n]), flat, 0);
  return valid === null ? out : L.select(valid, out, L.fullLike(out, fill));
}

function fillValue(fn: string, v: unknown, x: NDArray): number {
  if (v === undefined || v === null) return defaultFill(x.dtype);
  if (typeof v === "boolean") {
    if (x.dtype !== "bool") throw new TypeError(`${fn}: fillValue ${v} is a boolean but the operand is ${x.dtype}`);
    return v ? 1 : 0;
  }
  if (typeof v !== "number") throw new TypeError(`${fn}: fillValue must be a JS number or boolean, got ${show(v)}`);
  if (!isFloat(x.dtype) && castScalar(v, x.dtype) !== v) throw new TypeError(`${fn}: fillValue ${v} is not a ${x.dtype} value`);
  return v;
}

/** Check JAX's gather dimension numbers against the shapes, and resolve them into an IndexLayout. */
export function gatherLayout(s: readonly number[], idxShape: readonly number[], dn: GatherDimensionNumbers, sliceSizes: unknown): IndexLayout {
  const fn = "lax.gather";
  if (!isPlainObject(dn)) throw new TypeError(`${fn}: dimensionNumbers must be an object { offsetDims, collapsedSliceDims, startIndexMap, operandBatchingDims?, startIndicesBatchingDims? }, got ${show(dn)}`);
  const r = s.length;
  const offsetDims = dimList(fn, "offsetDims", dn.offsetDims);
  const collapsed = dimList(fn, "collapsedSliceDims", dn.collapsedSliceDims);
  const startMap = dimList(fn, "startIndexMap", dn.startIndexMap);
  const opBatch = dimList(fn, "operandBatchingDims", dn.operandBatchingDims, true);
  const idxBatch = dimList(fn, "startIndicesBatchingDims", dn.startIndicesBatchingDims, true);
  if (!Array.isArray(sliceSizes) || sliceSizes.length !== r || sliceSizes.some((v) => !Number.isInteger(v) || v < 0)) {
    throw new RangeError(`${fn}: sliceSizes must be ${r} non-negative integers (one per operand dim of ${fmtShape(s)}), got ${show(sliceSizes)}`);
  }
  sliceSizes.forEach((v: number, d) => {
    if (v > s[d]) throw new RangeError(`${fn}: sliceSizes[${d}] = ${v} exceeds operand dim ${d} of size ${s[d]} (operand ${fmtShape(s)})`);
  });
  const batchShape = idxShape.slice(0, -1);
  const k = idxShape[idxShape.length - 1];
  checkDims(fn, "collapsedSliceDims", collapsed, r, `an operand of rank ${r}`, true);
  for (const d of collapsed) if (sliceSizes[d] !== 1) throw new RangeError(`${fn}: dimensionNumbers.collapsedSliceDims: operand dim ${d} has slice size ${sliceSizes[d]}; a collapsed dim must have slice size 1`);
  const layoutBase = { operandShape: [...s], windowSizes: [...sliceSizes] as number[], operandBatchingDims: opBatch, indicesBatchingDims: idxBatch };
  checkBatching(fn, "operandBatchingDims", "startIndicesBatchingDims", layoutBase, batchShape);
  for (const d of opBatch) {
    if (collapsed.includes(d)) throw new RangeError(`${fn}: dimensionNumbers: operand dim ${d} is in both collapsedSliceDims and operandBatchingDims`);
    if (sliceSizes[d] !== 1) throw new RangeError(`${fn}: dimensionNumbers.operandBatchingDims: operand dim ${d} has slice size ${sliceSizes[d]}; a batching dim must have slice size 1`);
  }
  checkDims(fn, "startIndexMap", startMap, r, `an operand of rank ${r}`, false);
  if (startMap.length !== k) throw new RangeError(`${fn}: dimensionNumbers.startIndexMap has ${startMap.length} entries but the index vectors (last dim of startIndices ${fmtShape(idxShape)}) have ${k}`);
  for (const d of startMap) if (opBatch.includes(d)) throw new RangeError(`${fn}: dimensionNumbers.startIndexMap entry ${d} is also in operandBatchingDims`);
  const windowOperandDims = s.map((_, d) => d).filter((d) => !collapsed.includes(d) && !opBatch.includes(d));
  const outRank = batchShape.length + windowOperandDims.length;
  if (offsetDims.length !== windowOperandDims.length) {
    throw new RangeError(`${fn}: dimensionNumbers.offsetDims has ${offsetDims.length} entries but the slice keeps ${windowOperandDims.length} operand dims (${JSON.stringify(windowOperandDims)}: not collapsed, not batching)`);
  }
  checkDims(fn, "offsetDims", offsetDims, outRank, `an output of rank ${outRank}`, true);
  const outShape: number[] = [], batchPos: number[] = [];
  let b = 0;
  for (let p = 0; p < outRank; p++) {
    const j = offsetDims.indexOf(p);
    if (j >= 0) outShape.push(sliceSizes[windowOperandDims[j]]);
    else {
      outShape.push(batchShape[b++]);
      batchPos.push(p);
    }
  }
  return { fn, ...layoutBase, outShape, batchPos, windowPos: offsetDims, windowOperandDims, startMap };
}
