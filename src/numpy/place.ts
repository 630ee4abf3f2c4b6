/** @file `place` and `put`: NumPy's masked and indexed placement as pure functions (JAX's `inplace=False` form). */
import { fmtShape } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray } from "./core.js";
import { show } from "./signature.js";
import { scatter } from "../lax/scatter.js";

/** The `inplace` option JAX makes users spell out: the result is a new array, the input is unchanged. */
export interface InplaceOpts {
  /** Must be false (or left out): adjoint's arrays are immutable, the updated copy is returned. */
  inplace?: boolean;
}

export function checkInplace(op: string, opts: InplaceOpts): void {
  if (opts.inplace !== undefined && opts.inplace !== false) {
    throw new TypeError(`${op}: arrays are immutable, so ${op} cannot work in place (got inplace: ${show(opts.inplace)}); ` +
      `pass { inplace: false } (or nothing) and use the returned array, as JAX's jnp.${op}(…, inplace=False)`);
  }
}

/**
 * `arr` with the positions where `mask` is true (in row-major order) filled from `vals` in turn,
 * `vals` repeating when it is shorter — NumPy's `place` as a pure function (NB: NumPy modifies `arr`;
 * JAX requires `inplace=False`; here the new array is returned and `{ inplace: true }` is an error).
 * Works on traced masks (jit): the k-th true position takes vals[k mod len(vals)].
 * @example np.place(np.arange(5), np.arange(5).greater(2), [10, 20]) // [0, 1, 2, 10, 20]
 */
export function place(arr: ArrayLike, mask: ArrayLike, vals: ArrayLike, opts: InplaceOpts = {}): NDArray {
  checkInplace("place", opts);
  const a = asArray(arr);
  const m = asArray(mask);
  if (m.size !== a.size) throw new RangeError(`place: mask must have as many elements as arr (${a.size}), got shape ${fmtShape(m.shape)}`);
  const vv = L.convert(asArray(vals, a.dtype), a.dtype);
  const v = L.reshape(vv, [vv.size]);
  const flatMask = L.reshape(L.ne(m, L.full(m.shape, 0, m.dtype)), [a.size]);
  if (v.shape[0] === 0) {
    if (a.size === 0) return a;
    // NB: NumPy raises only when the mask has a true entry; that depends on values, so an empty vals is always an error here
    throw new RangeError("place: vals is empty; it must hold at least one value to place");
  }
  // the k-th true position (k = running count − 1) reads vals[k mod len(vals)]
  const k = L.sub(L.cumsum(L.convert(flatMask, "int32"), 0), 1);
  const idx = L.rem(L.max(k, 0), v.shape[0]);
  const picked = L.gather(v, idx, 0);
  return L.reshape(L.select(flatMask, picked, L.reshape(a, [a.size])), a.shape);
}

/** Options of `put`. */
export interface PutOpts extends InplaceOpts {
  /**
   * Out-of-range indices: `"clip"` (default, as JAX: negative indices count from the end first, then
   * clamp to the array) or `"wrap"` (modulo the size). NB: NumPy's default "raise" cannot be checked
   * on traced indices; JAX does not support it either.
   */
  mode?: "clip" | "wrap";
}

/**
 * `a` with the flat positions `ind` set to `v` (repeated when shorter, as NumPy) — NumPy's `put` as a
 * pure function (JAX's `inplace=False`). A repeated index takes its last value. Differentiable in `a`
 * and `v`; works under jit and vmap.
 * @example np.put(np.zeros(5, "int32"), [0, 2, 4], [10, 20, 30], { inplace: false }) // [10, 0, 20, 0, 30]
 */
export function put(a: ArrayLike, ind: ArrayLike, v: ArrayLike, opts: PutOpts = {}): NDArray {
  const { mode = "clip", ...rest } = opts;
  checkInplace("put", rest);
  if (mode !== "clip" && mode !== "wrap") throw new TypeError(`put: mode must be "clip" or "wrap", got ${show(mode)}`);
  const arr = asArray(a);
  const idx0 = asArray(ind);
  if (idx0.dtype === "bool") throw new TypeError("put: ind must hold integer indices, got a bool array (use np.place for a mask)");
  const idx = L.reshape(L.convert(idx0, "int32"), [idx0.size]);
  const n = arr.size;
  const vv = L.convert(asArray(v, arr.dtype), arr.dtype);
  if (idx.shape[0] === 0) return arr;
  if (n === 0) throw new RangeError(`put: cannot put values into an empty array (shape ${fmtShape(arr.shape)})`);
  if (vv.size === 0) throw new RangeError("put: v is empty; it must hold at least one value to put");
  // v repeated (NumPy's resize) to one value per index
  const flatV = L.reshape(vv, [vv.size]);
  const reps = Math.ceil(idx.shape[0] / vv.size);
  const values = L.slice(L.reshape(L.broadcastInDim(flatV, [reps, vv.size], [1]), [reps * vv.size]), [0], [idx.shape[0]]);
  let target: NDArray;
  if (mode === "wrap") target = L.rem(L.add(L.rem(idx, n), n), n);
  else {
    const wrapped = L.select(L.lt(idx, 0), L.add(idx, n), idx);
    target = L.max(L.min(wrapped, n - 1), 0);
  }
  const flat = L.reshape(arr, [n]);
  const out = scatter(flat, L.reshape(target, [idx.shape[0], 1]), values, { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] }, { mode: "promise_in_bounds" });
  return L.reshape(out, arr.shape);
}
