/** @file Rows of a pytree of arrays: the checks and the row gather shared by `data.batches` and `data.trainTestSplit`. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import * as tree from "../public/tree.js";
import { show } from "../numpy/signature.js";

/** The leaves of `arrays` (every one an array of rank ≥ 1) and their common leading dimension. */
export function leadingDim(what: string, arrays: unknown): { leaves: NDArray[]; def: tree.TreeDef; n: number } {
  const [leaves, def] = tree.flatten(arrays);
  if (leaves.length === 0) throw new TypeError(`${what}: arrays holds no array (got ${show(arrays)})`);
  const bad = leaves.findIndex((l) => !(l instanceof NDArray) || l.ndim === 0);
  if (bad >= 0) {
    const l = leaves[bad];
    throw new TypeError(`${what}: every leaf of arrays must be an array with a leading (example) dimension; leaf ${bad} is ${l instanceof NDArray ? "a scalar array (shape [])" : show(l)}`);
  }
  const arrs = leaves as NDArray[];
  const n = arrs[0].shape[0];
  if (arrs.some((a) => a.shape[0] !== n)) {
    throw new RangeError(`${what}: the arrays differ in their leading dimension (number of examples): shapes ${arrs.map((a) => `[${a.shape}]`).join(", ")}; expected the same first dimension for all`);
  }
  return { leaves: arrs, def, n };
}

/** The pytree of `leaves` (with structure `def`) at rows `idx` (int32 indices along axis 0). */
export function gatherRows(def: tree.TreeDef, leaves: NDArray[], idx: Int32Array): any {
  const ix = np.array(idx, { dtype: "int32" });
  return tree.unflatten(def, leaves.map((l) => np.take(l, ix, 0)));
}
