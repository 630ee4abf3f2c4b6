/** @file `place`: NumPy's masked placement as a pure function (JAX's `inplace=False` form). */
import { fmtShape } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray } from "./core.js";
import { show } from "./signature.js";

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
