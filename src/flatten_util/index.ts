/** @file `ravelPytree`: a pytree of arrays as one flat vector and back (as `jax.flatten_util.ravel_pytree`). */
import { NDArray } from "../core/array.js";
import { fmtShape } from "../core/aval.js";
import { DType, getDefaultFloat, promoteTypes } from "../core/dtype.js";
import { TreeDef, flatten, unflatten } from "../core/pytree.js";
import * as L from "../lax/index.js";
import { leafToArray } from "../transforms/api.js";

/** Rebuilds the pytree from a flat vector like the one `ravelPytree` returned. */
export type Unravel<T> = (flat: NDArray) => T;

/**
 * Flatten a pytree of arrays into one 1-D array — the leaves raveled and concatenated in tree order,
 * in the promoted dtype of all leaves (the default float for an empty tree) — and return it with
 * `unravel`, which splits such a vector back into the tree, each leaf reshaped and cast back to its
 * own dtype. Both are plain array ops, so they work under `jit`, `grad` and `vmap`, and `unravel` is
 * differentiable (a fitting routine can work on the flat vector of a parameter tree). JS numbers as
 * leaves count as default-float scalars and come back as arrays.
 * @example const [flat, unravel] = flattenUtil.ravelPytree({ w: np.ones([2, 2]), b: np.zeros(2) }); flat.shape // [6]; unravel(flat).w.shape // [2, 2]
 */
export function ravelPytree<T>(tree: T): [NDArray, Unravel<T>] {
  const [leaves, def] = flatten(tree);
  const xs = leaves.map((l) => leafToArray(l, "ravelPytree"));
  const dtype: DType = xs.length ? xs.map((x) => x.dtype).reduce(promoteTypes) : getDefaultFloat();
  const flat = xs.length ? L.concatenate(xs.map((x) => L.reshape(L.convert(x, dtype), [x.size])), 0) : L.full([0], 0, dtype);
  return [flat, makeUnravel<T>(def, xs.map((x) => ({ shape: x.shape, dtype: x.dtype })), dtype)];
}

function makeUnravel<T>(def: TreeDef, leaves: { shape: readonly number[]; dtype: DType }[], dtype: DType): Unravel<T> {
  const sizes = leaves.map((l) => l.shape.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  return (flat: NDArray): T => {
    if (!(flat instanceof NDArray)) throw new TypeError(`unravel: expected an array of shape [${total}], got ${flat === null ? "null" : typeof flat}`);
    if (flat.ndim !== 1 || flat.shape[0] !== total) {
      throw new RangeError(`unravel: expected an array of shape [${total}] (the size of the raveled tree ${def}), got ${fmtShape(flat.shape)}`);
    }
    if (flat.dtype !== dtype) throw new TypeError(`unravel: expected an array of dtype ${dtype} (as ravelPytree made it), got ${flat.dtype}`);
    let at = 0;
    const parts = leaves.map((l, i) => {
      const piece = L.slice(flat, [at], [at + sizes[i]]);
      at += sizes[i];
      return L.convert(L.reshape(piece, [...l.shape]), l.dtype);
    });
    return unflatten(def, parts) as T;
  };
}
