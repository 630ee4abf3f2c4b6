/**
 * @file lax.associativeScan (jax.lax.associative_scan): the inclusive prefix "sum" of an associative
 * binary function over pytrees of arrays, by the parallel odd/even recursion — O(n) applications of
 * `fn` on slices, 2⌈log₂ n⌉ deep — for any length n. A composite: derivatives, vmap and jit come from
 * the slices, concatenations and whatever `fn` does.
 */
import { fmtShape } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { TreeDef, flatten, unflatten } from "../core/pytree.js";
import { show } from "../numpy/signature.js";
import * as L from "./index.js";

/** Options of lax.associativeScan. */
export interface AssociativeScanOptions {
  /** Scan from the end (the result at i combines elements i … n−1). Default false. */
  reverse?: boolean;
  /** The scanned axis of every leaf; negative counts from the end. Default 0. */
  axis?: number;
}

type Leaves = NDArray[];

/** x[start : stop : step] along `axis`. */
function take(x: NDArray, axis: number, start: number, stop: number, step = 1): NDArray {
  const lo = x.shape.map(() => 0), hi = [...x.shape], st = x.shape.map(() => 1);
  lo[axis] = start;
  hi[axis] = stop;
  st[axis] = step;
  return L.slice(x, lo, hi, st);
}

/** Interleave e (⌈n/2⌉ long along `axis`) and o (⌊n/2⌋ long): e0 o0 e1 o1 … — n long. */
function interleave(e: NDArray, o: NDArray, axis: number, n: number): NDArray {
  const ne = e.shape[axis];
  const op = o.shape[axis] < ne ? L.padConfig(o, o.shape.map((_, i) => [0, i === axis ? 1 : 0, 0] as [number, number, number]), 0) : o;
  const pairShape = [...e.shape.slice(0, axis + 1), 1, ...e.shape.slice(axis + 1)];
  const both = L.concatenate([L.reshape(e, pairShape), L.reshape(op, pairShape)], axis + 1);
  const merged = L.reshape(both, [...e.shape.slice(0, axis), 2 * ne, ...e.shape.slice(axis + 1)]);
  return 2 * ne === n ? merged : take(merged, axis, 0, n);
}

/**
 * Inclusive scan of the flat leaves along `axis`: result[i] = x[0] ⊕ … ⊕ x[i].
 * Pairs (x[2j], x[2j+1]) are combined, scanned recursively (giving the odd positions), and each even
 * position 2j > 0 is the odd result 2j−1 combined with x[2j].
 */
export function scanLeaves(f: (a: Leaves, b: Leaves) => Leaves, xs: Leaves, axis: number): Leaves {
  const n = xs[0].shape[axis];
  if (n < 2) return xs;
  const h = Math.floor(n / 2);
  const odd = scanLeaves(f, f(xs.map((x) => take(x, axis, 0, 2 * h, 2)), xs.map((x) => take(x, axis, 1, 2 * h, 2))), axis);
  const rest = Math.ceil(n / 2) - 1; // even positions 2, 4, …
  const evenRest = rest > 0 ? f(odd.map((o) => take(o, axis, 0, rest)), xs.map((x) => take(x, axis, 2, 2 * rest + 1, 2))) : null;
  return xs.map((x, i) => {
    const first = take(x, axis, 0, 1);
    const even = evenRest === null ? first : L.concatenate([first, evenRest[i]], axis);
    return interleave(even, odd[i], axis, n);
  });
}

/**
 * Call the user's `fn` on two pytrees of leaves and check that it returns the same structure with
 * leaves of the shapes and dtypes of its inputs (as JAX requires of associative_scan's `fn`).
 */
export function checkedCombine(fn: string, f: (a: any, b: any) => unknown, def: TreeDef): (a: Leaves, b: Leaves) => Leaves {
  return (a, b) => {
    const r = f(unflatten(def, a), unflatten(def, b));
    const [leaves, rdef] = flatten(r);
    if (!rdef.equals(def)) throw new TypeError(`${fn}: the function returned a ${rdef} but its inputs are ${def} (it must return the structure it takes)`);
    leaves.forEach((v, i) => {
      if (!(v instanceof NDArray)) throw new TypeError(`${fn}: the function returned ${show(v)} for leaf ${i}; expected an NDArray`);
      if (v.shape.join() !== a[i].shape.join() || v.dtype !== a[i].dtype) {
        throw new TypeError(`${fn}: the function returned leaf ${i} of shape ${fmtShape(v.shape)} ${v.dtype}; expected ${fmtShape(a[i].shape)} ${a[i].dtype}, as its inputs (it must work elementwise on whole slices)`);
      }
    });
    return leaves as Leaves;
  };
}

/**
 * Inclusive prefix scan of an associative `fn` over `elems`, a pytree of arrays of one length along
 * `axis` (as jax.lax.associative_scan): result[i] = elems[0] ⊕ elems[1] ⊕ … ⊕ elems[i], with ⊕ = `fn`.
 * `fn(a, b)` receives two pytrees of slices of `elems` and must apply the operation elementwise along
 * the scanned axis (vectorised: it is called on whole slices, never on one element), returning the
 * same structure and shapes. Only associativity is assumed, not commutativity: `b` holds the
 * later elements. With `reverse` the scan runs from the end, as a scan of the reversed sequence
 * (result[i] = elems[n−1] ⊕ … ⊕ elems[i]: `a` then holds the later elements, as JAX). Differentiable, batchable and jit-able
 * whenever `fn` is.
 * @example lax.associativeScan(lax.add, np.array([1, 2, 3, 4])) // [1, 3, 6, 10]
 * @example
 * // the linear recurrence h_t = a_t·h_{t−1} + b_t as a scan of affine maps (a, b)
 * const [, h] = lax.associativeScan(([a1, b1], [a2, b2]) => [np.multiply(a2, a1), np.add(np.multiply(a2, b1), b2)], [a, b]);
 */
export function associativeScan<T>(fn: (a: T, b: T) => T, elems: T, opts: AssociativeScanOptions = {}): T {
  const name = "lax.associativeScan";
  if (typeof fn !== "function") throw new TypeError(`${name}: fn must be a function of two pytrees, got ${show(fn)}`);
  const [leaves, def] = flatten(elems);
  if (leaves.length === 0) throw new TypeError(`${name}: elems has no arrays`);
  leaves.forEach((v, i) => {
    if (!(v instanceof NDArray)) throw new TypeError(`${name}: leaf ${i} of elems is ${show(v)}; expected an NDArray`);
  });
  const xs = leaves as Leaves;
  if (opts.reverse !== undefined && typeof opts.reverse !== "boolean") throw new TypeError(`${name}: reverse must be a boolean, got ${show(opts.reverse)}`);
  const a0 = opts.axis ?? 0;
  if (typeof a0 !== "number" || !Number.isInteger(a0)) throw new TypeError(`${name}: axis must be an integer, got ${show(a0)}`);
  const rank = xs[0].ndim;
  if (rank === 0) throw new RangeError(`${name}: leaf 0 of elems is 0-d; expected arrays with an axis ${a0} to scan`);
  const axis = a0 < 0 ? a0 + rank : a0;
  if (axis < 0 || axis >= rank) throw new RangeError(`${name}: axis ${a0} is out of range for leaf 0 of rank ${rank}`);
  const n = xs[0].shape[axis];
  xs.forEach((x, i) => {
    if (x.ndim <= axis || x.shape[axis] !== n) throw new RangeError(`${name}: leaf ${i} of elems has shape ${fmtShape(x.shape)}; every leaf needs length ${n} along axis ${axis} (as leaf 0 ${fmtShape(xs[0].shape)})`);
  });
  const f = checkedCombine(name, fn as (a: any, b: any) => unknown, def);
  // reversed (as JAX): the scan of the reversed sequence, reversed back — `a` holds the elements scanned first, i.e. the later ones
  if (opts.reverse) {
    const out = scanLeaves(f, xs.map((x) => L.rev(x, [axis])), axis);
    return unflatten(def, out.map((x) => L.rev(x, [axis])));
  }
  return unflatten(def, scanLeaves(f, xs, axis));
}
