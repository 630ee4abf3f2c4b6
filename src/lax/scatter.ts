/**
 * @file lax.scatter, scatterAdd, scatterSub, scatterMul, scatterMin, scatterMax with JAX's
 * ScatterDimensionNumbers — composites over the flat operand index of every update element
 * (src/lax/gather_dims.ts): add/sub are one scatter_add; replace/mul/min/max sort the targets (stably;
 * whole windows when windows cannot partly overlap), combine duplicates by a segmented associative
 * scan, and scatter-add the last of each run.
 * Every rule (jvp, transpose, vmap, jit) comes from the parts.
 */
import { fmtShape, prod } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { isPlainObject, show } from "../numpy/signature.js";
import * as L from "./index.js";
import { LaxOperand, laxArray } from "./strict.js";
import { scanLeaves } from "./associative_scan.js";
import { GatherScatterMode, IndexLayout, checkBatching, checkDims, checkFlag, checkIndices, checkMode, dimList, flatIndices } from "./gather_dims.js";

/**
 * How the dims of the operand, the scatter indices and the updates of a lax.scatter* relate (JAX's
 * `ScatterDimensionNumbers`, camelCase). The index vector is the last dim of `scatterIndices`.
 */
export interface ScatterDimensionNumbers {
  /** Update dims that are window dims, ascending; the other update dims are the index batch (scatter) dims, in order. */
  updateWindowDims: number[];
  /** Operand dims with an implicit window size of 1 that the updates do not have, ascending. */
  insertedWindowDims: number[];
  /** The operand dim each entry of an index vector starts. */
  scatterDimsToOperandDims: number[];
  /** Operand dims that are batch dims (window size 1, not in the updates), ascending; paired with `scatterIndicesBatchingDims`. */
  operandBatchingDims?: number[];
  /** The index batch dims paired with `operandBatchingDims`. */
  scatterIndicesBatchingDims?: number[];
}

/** Options of the lax.scatter family (JAX's keyword arguments). */
export interface ScatterOptions {
  /** Out-of-bounds windows: "drop" (the default, as JAX; "fill" is a synonym) skips the whole update window; "clip" and "promise_in_bounds" clamp its start into bounds. */
  mode?: GatherScatterMode;
  /** A hint, accepted and unused. */
  indicesAreSorted?: boolean;
  /** A promise that no two updates hit one operand element: scatter, mul, min and max then skip the sort (if broken, the result is undefined, as JAX). */
  uniqueIndices?: boolean;
}

type Kind = "replace" | "add" | "sub" | "mul" | "min" | "max";
type ScatterFn = (operand: LaxOperand, scatterIndices: NDArray, updates: LaxOperand, dimensionNumbers: ScatterDimensionNumbers, opts?: ScatterOptions) => NDArray;

/** Check JAX's scatter dimension numbers against the shapes, and resolve them into an IndexLayout. */
export function scatterLayout(fn: string, s: readonly number[], idxShape: readonly number[], uShape: readonly number[], dn: ScatterDimensionNumbers): IndexLayout {
  if (!isPlainObject(dn)) throw new TypeError(`${fn}: dimensionNumbers must be an object { updateWindowDims, insertedWindowDims, scatterDimsToOperandDims, operandBatchingDims?, scatterIndicesBatchingDims? }, got ${show(dn)}`);
  const r = s.length;
  const uwd = dimList(fn, "updateWindowDims", dn.updateWindowDims);
  const inserted = dimList(fn, "insertedWindowDims", dn.insertedWindowDims);
  const startMap = dimList(fn, "scatterDimsToOperandDims", dn.scatterDimsToOperandDims);
  const opBatch = dimList(fn, "operandBatchingDims", dn.operandBatchingDims, true);
  const idxBatch = dimList(fn, "scatterIndicesBatchingDims", dn.scatterIndicesBatchingDims, true);
  const batchShape = idxShape.slice(0, -1);
  const k = idxShape[idxShape.length - 1];
  checkDims(fn, "updateWindowDims", uwd, uShape.length, `updates of rank ${uShape.length}`, true);
  checkDims(fn, "insertedWindowDims", inserted, r, `an operand of rank ${r}`, true);
  const windowSizes = s.map(() => 1);
  checkBatching(fn, "operandBatchingDims", "scatterIndicesBatchingDims", { operandShape: [...s], windowSizes, operandBatchingDims: opBatch, indicesBatchingDims: idxBatch }, batchShape);
  for (const d of opBatch) if (inserted.includes(d)) throw new RangeError(`${fn}: dimensionNumbers: operand dim ${d} is in both insertedWindowDims and operandBatchingDims`);
  checkDims(fn, "scatterDimsToOperandDims", startMap, r, `an operand of rank ${r}`, false);
  if (startMap.length !== k) throw new RangeError(`${fn}: dimensionNumbers.scatterDimsToOperandDims has ${startMap.length} entries but the index vectors (last dim of scatterIndices ${fmtShape(idxShape)}) have ${k}`);
  for (const d of startMap) if (opBatch.includes(d)) throw new RangeError(`${fn}: dimensionNumbers.scatterDimsToOperandDims entry ${d} is also in operandBatchingDims`);
  const windowOperandDims = s.map((_, d) => d).filter((d) => !inserted.includes(d) && !opBatch.includes(d));
  if (uwd.length !== windowOperandDims.length) {
    throw new RangeError(`${fn}: dimensionNumbers.updateWindowDims has ${uwd.length} entries but the operand keeps ${windowOperandDims.length} window dims (${JSON.stringify(windowOperandDims)}: not inserted, not batching)`);
  }
  windowOperandDims.forEach((d, j) => {
    const w = uShape[uwd[j]];
    if (w > s[d]) throw new RangeError(`${fn}: updates dim ${uwd[j]} (a window of ${w}) exceeds operand dim ${d} of size ${s[d]} (operand ${fmtShape(s)}, updates ${fmtShape(uShape)})`);
    windowSizes[d] = w;
  });
  const batchPos = uShape.map((_, i) => i).filter((i) => !uwd.includes(i));
  const scatterShape = batchPos.map((i) => uShape[i]);
  if (scatterShape.join() !== batchShape.join()) {
    throw new RangeError(`${fn}: the scatter dims of updates ${fmtShape(uShape)} (those not in updateWindowDims) have shape ${fmtShape(scatterShape)} but the index batch shape (scatterIndices ${fmtShape(idxShape)} without its last dim) is ${fmtShape(batchShape)}`);
  }
  return { fn, operandShape: [...s], outShape: [...uShape], batchPos, windowPos: uwd, windowOperandDims, windowSizes, startMap, operandBatchingDims: opBatch, indicesBatchingDims: idxBatch };
}

/**
 * The segmented inclusive scan of `op` down axis 0 of `v` ([units, w]) over sorted unit keys [units]:
 * within each run of equal keys.
 */
function segmentedScan(op: (a: NDArray, b: NDArray) => NDArray, keys: NDArray, v: NDArray): NDArray {
  const m = keys.shape[0];
  const starts = L.concatenate([L.full([1], 1, "bool"), L.ne(L.slice(keys, [1], [m]), L.slice(keys, [0], [m - 1]))], 0);
  const wide = (f: NDArray, like: NDArray) => L.broadcastInDim(f, [...like.shape], [0]);
  // (f₁, v₁) ⊕ (f₂, v₂) = (f₁ ∨ f₂, f₂ ? v₂ : v₁ op v₂) — associative; f marks a run start inside the range
  const [, out] = scanLeaves(([f1, v1], [f2, v2]) => [L.or(f1, f2), L.select(wide(f2, v2), v2, op(v1, v2))], [starts, v], 0);
  return out;
}

/**
 * Do two update windows either coincide or not overlap at all? Then whole windows can be sorted by
 * their start (one key per index vector) instead of every element: true when each window dim spans
 * 1 or the whole operand dim (as in x.at[idx].set(rows)).
 */
function windowsTile(layout: IndexLayout): boolean {
  return layout.windowOperandDims.every((d) => layout.windowSizes[d] === 1 || layout.windowSizes[d] === layout.operandShape[d]);
}

/** operand ⊕ updates at the flat targets; `valid` false drops an update (it goes to an extra slot n that is cut off). */
function applyScatter(kind: Kind, x: NDArray, u: NDArray, layout: IndexLayout, idx: NDArray, mode: GatherScatterMode, unique: boolean): NDArray {
  const s = x.shape, n = prod(s), m = prod(u.shape);
  if (m === 0) return x;
  if (x.dtype === "bool") return L.convert(applyScatter(kind, L.convert(x, "int32"), L.convert(u, "int32"), layout, idx, mode, unique), "bool");
  const { flat, valid } = flatIndices(layout, idx, mode);
  let target = L.reshape(flat, [m]);
  if (valid !== null) target = L.select(L.reshape(valid, [m]), target, L.fullLike(target, n));
  const uf = L.reshape(u, [m]);
  const sum = (v: NDArray, t: NDArray) => L.reshape(L.slice(L.scatterAdd(v, t, 0, [n + 1]), [0], [n]), [...s]);
  if (kind === "add") return L.add(x, sum(uf, target));
  if (kind === "sub") return L.sub(x, sum(uf, target));
  const hit = L.gt(sum(L.fullLike(target, 1), target), L.full([...s], 0, "int32"));
  let agg: NDArray;
  if (unique) agg = sum(uf, target);
  else {
    // units that move together: whole windows ([index batch, window], keyed by their first target) or single elements
    const tile = windowsTile(layout) && layout.windowPos.length > 0;
    const perm = [...layout.batchPos, ...layout.windowPos];
    const b = tile ? prod(layout.batchPos.map((p) => u.shape[p])) : m, w = m / b;
    const toUnits = (a: NDArray) => L.reshape(tile ? L.transpose(L.reshape(a, [...u.shape]), perm) : a, [b, w]);
    const t2 = toUnits(target), u2 = toUnits(uf);
    const keys = w === 1 ? L.reshape(t2, [b]) : L.reshape(L.slice(t2, [0, 0], [b, 1]), [b]);
    const [sortedKeys, order] = L.sort(keys); // stable: equal keys keep the order of the updates
    let su = L.gather(u2, order, 0);
    const st = L.gather(t2, order, 0);
    if (kind !== "replace") su = segmentedScan(kind === "mul" ? L.mul : kind === "min" ? L.min : L.max, sortedKeys, su);
    const one = L.full([1], 1, "bool");
    const isLast = b === 1 ? one : L.concatenate([L.ne(L.slice(sortedKeys, [0], [b - 1]), L.slice(sortedKeys, [1], [b])), one], 0);
    agg = sum(L.reshape(L.select(L.broadcastInDim(isLast, [b, w], [0]), su, L.zerosLike(su)), [m]), L.reshape(st, [m]));
  }
  const combined = kind === "replace" ? agg : kind === "mul" ? L.mul(x, agg) : kind === "min" ? L.min(x, agg) : L.max(x, agg);
  return L.select(hit, combined, x);
}

function makeScatter(kind: Kind, name: string): ScatterFn {
  return (operand, scatterIndices, updates, dimensionNumbers, opts = {}) => {
    const fn = `lax.${name}`;
    const x = laxArray(name, "operand", operand);
    const idx = checkIndices(fn, "scatterIndices", scatterIndices);
    const u0 = updates instanceof NDArray || typeof updates !== "number" ? laxArray(name, "updates", updates) : L.full([], updates, x.dtype);
    if (u0.dtype !== x.dtype) throw new TypeError(`${fn}: updates dtype ${u0.dtype} differs from the operand's ${x.dtype} (lax does not promote: convert with lax.convertElementType)`);
    const layout = scatterLayout(fn, x.shape, idx.shape, u0.shape, dimensionNumbers);
    const mode = checkMode(fn, opts.mode);
    checkFlag(fn, "indicesAreSorted", opts.indicesAreSorted);
    const unique = checkFlag(fn, "uniqueIndices", opts.uniqueIndices);
    if (x.dtype === "bool" && (kind === "add" || kind === "sub" || kind === "mul")) throw new TypeError(`${fn}: bool operand; convert it to an integer dtype first (lax.convertElementType)`);
    return applyScatter(kind, x, u0, layout, idx, mode, unique);
  };
}

/**
 * Scatter-update (as jax.lax.scatter): `updates` replace windows of `operand` at the positions in
 * `scatterIndices`. Where several updates hit one element the last one (in row-major update order)
 * wins. Differentiable in `operand` and `updates` (the overwritten operand entries get no derivative),
 * batchable and jit-able.
 * NB: JAX leaves the order of duplicate updates unspecified and transposes only with `uniqueIndices`;
 * here the last wins and the transpose needs no promise.
 * @example
 * // x.at[idx].set(v) for x of shape [5]
 * lax.scatter(x, np.array([[1], [3]], "int32"), np.array([10, 30]), { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] })
 */
export const scatter = makeScatter("replace", "scatter");
/**
 * Scatter-add (as jax.lax.scatter_add): `updates` added into windows of `operand`; duplicates accumulate.
 * Linear in `operand` and `updates` (its transpose gathers).
 * @example
 * // x.at[idx].add(v), idx = [1, 1, 3]
 * lax.scatterAdd(x, np.array([[1], [1], [3]], "int32"), np.array([1, 2, 3]), { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] })
 */
export const scatterAdd = makeScatter("add", "scatterAdd");
/**
 * Scatter-subtract (as jax.lax.scatter_sub): `operand` minus the updates scattered to their windows.
 * @example lax.scatterSub(np.zeros([3]), np.array([[0], [0]], "int32"), np.array([1, 2]), { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] }) // [-3, 0, 0]
 */
export const scatterSub = makeScatter("sub", "scatterSub");
/**
 * Scatter-multiply (as jax.lax.scatter_mul): windows of `operand` multiplied by the updates; duplicates multiply.
 * NB: differentiable also with duplicate indices (JAX's derivative needs `uniqueIndices`).
 * @example lax.scatterMul(np.ones([3]), np.array([[1], [1]], "int32"), np.array([2, 5]), { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] }) // [1, 10, 1]
 */
export const scatterMul = makeScatter("mul", "scatterMul");
/**
 * Scatter-minimum (as jax.lax.scatter_min): each hit element becomes the minimum of itself and its updates.
 * NB: at ties the derivative follows lax.min's rule at each pairwise step (JAX splits it evenly among all tied values).
 * @example lax.scatterMin(np.array([5, 5]), np.array([[0], [0]], "int32"), np.array([7, 3]), { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] }) // [3, 5]
 */
export const scatterMin = makeScatter("min", "scatterMin");
/**
 * Scatter-maximum (as jax.lax.scatter_max): each hit element becomes the maximum of itself and its updates.
 * @example lax.scatterMax(np.array([5, 5]), np.array([[1]], "int32"), np.array([9]), { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] }) // [5, 9]
 */
export const scatterMax = makeScatter("max", "scatterMax");
