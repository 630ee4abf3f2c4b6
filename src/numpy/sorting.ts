/** @file Sorting and friends, built from existing primitives: topK, cummax, cummin, searchsorted, unique. */
import { fmtShape, normAxis } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { DType, isFloat } from "../core/dtype.js";
import { Tracer } from "../core/trace.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, resultDType } from "./core.js";

const iota = (n: number): NDArray => ConcreteArray.fromTyped(Int32Array.from({ length: n }, (_, i) => i), [n], "int32");
/** NaN test (x ≠ x); constant false for integer and bool arrays. */
const isnan = (x: NDArray): NDArray => (isFloat(x.dtype) ? L.ne(x, x) : L.fullLike(x, 0, "bool"));

// ---- topK ----

/**
 * The `k` largest entries along `axis` (default the last), largest first, and their int32 indices
 * along that axis; equal values keep their order (the lower index first) and NaNs count as the
 * largest, as `jax.lax.top_k`. Both results have `x`'s shape with `axis` cut to `k`.
 * Differentiable in the values: each cotangent goes back to the element it was taken from.
 * NB: JAX has this as `jax.lax.top_k`; it lives in `np` here (as in jax-js).
 * @example np.topK([1, 5, 3, 5], 2) // [[5, 5], [1, 3]]
 * @example np.topK([[1, 4], [3, 2]], 1, { axis: 0 }) // [[[3, 4]], [[1, 0]]]
 */
export function topK(x: ArrayLike, k: number, opts: { axis?: number } = {}): [NDArray, NDArray] {
  const a = asArray(x);
  if (a.ndim === 0) throw new RangeError("topK: needs an array of rank ≥ 1, got a 0-d array");
  const given = opts.axis;
  if (given !== undefined && !Number.isInteger(given)) throw new TypeError(`topK: axis must be an integer, got ${JSON.stringify(given)}`);
  const axis = normAxis(given ?? -1, a.ndim, "topK");
  const n = a.shape[axis];
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`topK: k must be a non-negative integer, got ${k}`);
  if (k > n) {
    const where = axis === a.ndim - 1 ? "the last axis" : `axis ${given}`;
    throw new RangeError(`topK: k = ${k} is larger than ${where} of shape ${fmtShape(a.shape)} (${n})`);
  }
  // move `axis` last, take the top k there, move it back
  const last = a.ndim - 1;
  const perm = a.shape.map((_, i) => i).filter((i) => i !== axis).concat(axis);
  const inv = perm.map((_, i) => perm.indexOf(i));
  const b = axis === last ? a : L.transpose(a, perm);
  // A stable ascending sort of the reversed row, reversed back, is descending with ties in index order.
  const [s, p] = L.sort(L.rev(b, [last]));
  const start = b.shape.map(() => 0), stop = [...b.shape.slice(0, -1), k];
  const values = L.slice(L.rev(s, [last]), start, stop);
  const indices = L.sub(n - 1, L.slice(L.rev(p, [last]), start, stop));
  return axis === last ? [values, indices] : [L.transpose(values, inv), L.transpose(indices, inv)];
}

// ---- cummax, cummin ----

function extreme(dtype: DType, high: boolean): number {
  if (isFloat(dtype)) return high ? Infinity : -Infinity;
  if (dtype === "int32") return high ? 2147483647 : -2147483648;
  return high ? 4294967295 : 0; // uint32
}

function cumExtreme(op: "cummax" | "cummin", x: ArrayLike, axis: number | null | undefined): NDArray {
  let a = asArray(x);
  if (a.dtype === "bool") a = L.convert(a, "int32");
  if (axis === null || axis === undefined) {
    a = L.reshape(a, [a.size]);
    axis = 0;
  }
  const ax = normAxis(axis, a.ndim, op);
  return op === "cummax" ? L.associativeScan(L.max, a, ax, false, extreme(a.dtype, false)) : L.associativeScan(L.min, a, ax, false, extreme(a.dtype, true));
}

/**
 * Running maximum along `axis` (of the flattened array when `axis` is omitted); NaN propagates.
 * Bool input gives int32 (as cumsum). The gradient goes to the element that attained the running max.
 * NB: like `jax.lax.cummax`, whose derivative is that of an associative scan of `lax.max`, ties are
 * split by max's rule (½ to each side) at every combining step: two tied elements get ½ each; with
 * three or more the shares depend on the scan's tree (ours is Hillis–Steele, JAX's is odd/even), but
 * they always go to tied elements only and sum to 1.
 * @example np.cummax([1, 3, 2, 5]) // [1, 3, 3, 5]
 */
export const cummax = (x: ArrayLike, axis?: number | null): NDArray => cumExtreme("cummax", x, axis);
/**
 * Running minimum along `axis`; as `cummax`, mirrored.
 * @example np.cummin([3, 1, 2, 0]) // [3, 1, 1, 0]
 */
export const cummin = (x: ArrayLike, axis?: number | null): NDArray => cumExtreme("cummin", x, axis);

// ---- searchsorted ----

/** a ≺ b in sort order: NaNs after every number (as np.sort). */
function sortLess(a: NDArray, b: NDArray): NDArray {
  if (!isFloat(a.dtype)) return L.lt(a, b);
  return L.or(L.lt(a, b), L.and(isnan(b), L.not(isnan(a))));
}

/**
 * Insertion points (int32) of `v` into the sorted 1-D `a` that keep it sorted: with `side: "left"`
 * (default) the first such index, with `"right"` the last. NaNs sort last, as in NumPy. Not
 * differentiable (an integer result); works under `jit` and `vmap`.
 * NB: computed by comparing every `v` with every `a` (JAX's method "compare_all"): O(len(a)·size(v)).
 * @example np.searchsorted([1, 2, 2, 3], [2, 5], { side: "right" }) // [3, 4]
 */
export function searchsorted(a: ArrayLike, v: ArrayLike, opts: { side?: "left" | "right" } = {}): NDArray {
  const side = opts.side ?? "left";
  if (side !== "left" && side !== "right") throw new TypeError(`searchsorted: side must be "left" or "right", got ${JSON.stringify(side)}`);
  const d = resultDType([a, v]);
  const A = L.convert(asArray(a, d), d), V = L.convert(asArray(v, d), d);
  if (A.ndim !== 1) throw new RangeError(`searchsorted: a must be 1-D, got shape ${fmtShape(A.shape)}`);
  const n = A.shape[0], vs = V.shape;
  const Ab = L.broadcastInDim(A, [...vs, n], [vs.length]);
  const Vb = L.broadcastInDim(V, [...vs, n], vs.map((_, i) => i));
  // left: #{a ≺ v}; right: #{a ⪯ v} = #{not v ≺ a}
  const pred = side === "left" ? sortLess(Ab, Vb) : L.not(sortLess(Vb, Ab));
  return L.reduceSum(L.convert(pred, "int32"), [vs.length]);
}

// ---- unique ----

export interface UniqueOpts {
  /** Static number of outputs: the first `size` unique values, padded with `fillValue` (required under transformations). */
  size?: number;
  /** The padding value; by default the smallest unique value (as JAX). */
  fillValue?: number;
  /** Also return the index of each unique value's first occurrence in the flattened input. */
  returnIndex?: boolean;
  /** Also return, for each input element (input's shape), the index of its value among the unique values. */
  returnInverse?: boolean;
  /** Also return how often each unique value occurs (0 for padding). */
  returnCounts?: boolean;
}
type NoExtras = { returnIndex?: false; returnInverse?: false; returnCounts?: false };

/**
 * The sorted unique values of the flattened `x` (NaNs count as one value, as NumPy's `equal_nan`).
 * With any `return…` flag, an array `[values, index?, inverse?, counts?]` in that order.
 * Without `size` the result's length comes from the data, so `x` must be concrete; inside `jit`,
 * `vmap` or `grad` pass a static `size` (as `jnp.unique`): the first `size` unique values, padded
 * with `fillValue` (default: the smallest unique value; padded indices point at its first occurrence).
 * @example np.unique([3, 1, 3, 2]) // [1, 2, 3]
 * @example np.unique([3, 1], { size: 4, fillValue: 0 }) // [1, 3, 0, 0]
 */
export function unique(x: ArrayLike, opts?: UniqueOpts & NoExtras): NDArray;
export function unique(x: ArrayLike, opts: UniqueOpts): NDArray[];
export function unique(x: ArrayLike, opts: UniqueOpts = {}): NDArray | NDArray[] {
  const a = asArray(x);
  const n = a.size;
  const flat = L.reshape(a, [n]);
  const [s, perm] = L.sort(flat);
  // first element of each run of equal values (NaNs equal to each other)
  let mask: NDArray;
  if (n === 0) mask = L.full([0], 0, "bool");
  else {
    const prev = L.slice(s, [0], [n - 1]), cur = L.slice(s, [1], [n]);
    let diff = L.ne(cur, prev);
    if (isFloat(s.dtype)) diff = L.and(diff, L.not(L.and(isnan(cur), isnan(prev))));
    mask = L.concatenate([L.full([1], 1, "bool"), diff], 0);
  }
  const m32 = L.convert(mask, "int32");
  let size = opts.size;
  if (size === undefined) {
    if (a instanceof Tracer) {
      throw new TypeError(
        `unique: the number of unique values depends on the data, but the input ${a.aval.str()} is traced inside a transformation; ` +
          `pass a static { size } (and optionally { fillValue }), as jnp.unique requires`,
      );
    }
    size = (m32.data() as Int32Array).reduce((acc, b) => acc + b, 0);
  }
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`unique: size must be a non-negative integer, got ${size}`);
  if (n === 0 && size > 0 && opts.fillValue === undefined) {
    throw new RangeError(`unique: cannot pad an empty input to size ${size} without a fillValue (there is no smallest unique value)`);
  }
  const numUnique = L.reduceSum(m32, [0]); // traced scalar
  const cs = L.cumsum(m32, 0); // 1-based rank of the run each sorted element belongs to
  const ks = iota(size);
  // start of run k = #{j : cs[j] < k + 1}; padded slots point at run 0
  const starts = L.reduceSum(L.convert(L.lt(L.broadcastInDim(cs, [size, n], [1]), L.broadcastInDim(L.add(ks, 1), [size, n], [0])), "int32"), [1]);
  const valid = L.lt(ks, L.broadcastInDim(numUnique, [size], []));
  const at = n === 0 ? ks : L.select(valid, starts, L.zerosLike(starts));
  let values = n === 0 ? L.full([size], opts.fillValue ?? 0, a.dtype) : L.gather(s, at, 0);
  if (opts.fillValue !== undefined && n > 0) values = L.select(valid, values, L.full([size], opts.fillValue, a.dtype));
  if (!opts.returnIndex && !opts.returnInverse && !opts.returnCounts) return values;
  const out = [values];
  if (opts.returnIndex) out.push(n === 0 ? L.full([size], 0, "int32") : L.gather(perm, at, 0));
  const pos = L.sub(cs, 1); // position of each sorted element's value among the unique values
  if (opts.returnInverse) out.push(L.reshape(L.scatterAdd(pos, perm, 0, [n]), a.shape));
  if (opts.returnCounts) {
    const inRange = L.lt(pos, size);
    const counts = size === 0 || n === 0 ? L.full([size], 0, "int32") : L.scatterAdd(L.convert(inRange, "int32"), L.select(inRange, pos, L.zerosLike(pos)), 0, [size]);
    out.push(counts);
  }
  return out;
}
