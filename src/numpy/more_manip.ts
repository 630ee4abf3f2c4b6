/**
 * @file More array manipulation as NumPy/JAX: shape/ndim/size, broadcastShapes, fliplr/flipud, rollaxis,
 * putAlongAxis, choose, piecewise, empty/emptyLike, copy, insert, delete, resize, fillDiagonal, block.
 */
import { ConcreteArray, NDArray } from "../core/array.js";
import { Tracer } from "../core/trace.js";
import { broadcastShapes as bcast, fmtShape, normAxis, prod } from "../core/aval.js";
import { DType, isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, ArrayTree, array, asArray, resultDType } from "./core.js";
import { DTypeArg, zeros, zerosLike } from "./creation.js";
import { Slice, at } from "./indexing.js";
import { flip } from "./manipulation.js";
import { concatenate } from "./shape.js";
import { show } from "./signature.js";
import { vmap } from "../transforms/api.js";
import { flatnonzero } from "./sets.js";

const isConcrete = (x: NDArray): boolean => !(x instanceof Tracer);
const iota = (n: number): NDArray => ConcreteArray.fromTyped(Int32Array.from({ length: n }, (_, i) => i), [n], "int32");
const ints = (v: number[]): NDArray => ConcreteArray.fromTyped(Int32Array.from(v), [v.length], "int32");

/** The shape of an array, a (nested) JS array or a number, as `np.shape`. @example np.shape([[1, 2, 3]]) // [1, 3] */
export function shape(x: ArrayLike): number[] {
  return [...asArray(x).shape];
}
/** The number of dimensions, as `np.ndim`. @example np.ndim(5) // 0 */
export function ndim(x: ArrayLike): number {
  return asArray(x).ndim;
}
/** The number of elements (along `axis` when given), as `np.size`. @example np.size([[1, 2, 3]], 1) // 3 */
export function size(x: ArrayLike, axis?: number): number {
  const a = asArray(x);
  return axis === undefined || axis === null ? a.size : a.shape[normAxis(axis, a.ndim, "size")];
}

/**
 * The shape that `shapes` broadcast to, as `np.broadcast_shapes` (a number is a 1-D shape).
 * @example np.broadcastShapes([3, 1], [4]) // [3, 4]
 */
export function broadcastShapes(...shapes: (number | number[])[]): number[] {
  const ss = shapes.map((s) => {
    const t = typeof s === "number" ? [s] : s;
    if (!Array.isArray(t) || t.some((d) => typeof d !== "number" || !Number.isInteger(d) || d < 0)) {
      throw new TypeError(`broadcastShapes: each shape must be a non-negative integer or a list of them, got ${show(s)}`);
    }
    return t;
  });
  return bcast("broadcastShapes", ...ss);
}

/** Reverse the columns (axis 1) of an array of at least 2 dimensions. @example np.fliplr([[1, 2], [3, 4]]) // [[2, 1], [4, 3]] */
export function fliplr(x: ArrayLike): NDArray {
  const a = asArray(x);
  if (a.ndim < 2) throw new RangeError(`fliplr: the input must have at least 2 dimensions, got shape ${fmtShape(a.shape)}`);
  return flip(a, 1);
}
/** Reverse the rows (axis 0) of an array of at least 1 dimension. @example np.flipud([1, 2, 3]) // [3, 2, 1] */
export function flipud(x: ArrayLike): NDArray {
  const a = asArray(x);
  if (a.ndim < 1) throw new RangeError(`flipud: the input must have at least 1 dimension, got shape ${fmtShape(a.shape)}`);
  return flip(a, 0);
}

/**
 * Roll `axis` backwards until it lies before position `start`, as `np.rollaxis` (prefer moveaxis).
 * @example np.rollaxis(np.ones([3, 4, 5, 6]), 3, 1).shape // [3, 6, 4, 5]
 */
export function rollaxis(x: ArrayLike, axis: number, start = 0): NDArray {
  const a = asArray(x), n = a.ndim;
  const ax = normAxis(axis, n, "rollaxis");
  if (!Number.isInteger(start)) throw new TypeError(`rollaxis: start must be an integer, got ${show(start)}`);
  let s = start < 0 ? start + n : start;
  if (s < 0 || s > n) throw new RangeError(`rollaxis: start ${start} is out of range for an array of ${n} dimensions (expected −${n} ≤ start ≤ ${n})`);
  if (ax < s) s -= 1;
  if (ax === s) return a;
  const perm = [...Array(n).keys()].filter((i) => i !== ax);
  perm.splice(s, 0, ax);
  return L.transpose(a, perm);
}

/**
 * A copy of `arr` with `values` put at `indices` along `axis` (the index layout of takeAlongAxis), as
 * `jnp.put_along_axis(…, inplace=False)`: arrays are immutable, so the result is a new array.
 * `axis` null works on the flattened array. NB: repeated indices sum their values (as `at().set`).
 * @example np.putAlongAxis([[10, 30, 20]], [[1]], 99, 1) // [[10, 99, 20]]
 */
export function putAlongAxis(arr: ArrayLike, indices: ArrayLike, values: ArrayLike, axis: number | null): NDArray {
  let a = asArray(arr);
  const idx = asArray(indices, "int32");
  if (isFloat(idx.dtype) || idx.dtype === "bool") throw new TypeError(`putAlongAxis: indices must be integers, got ${idx.dtype}`);
  if (axis === null) {
    if (idx.ndim !== 1) throw new RangeError(`putAlongAxis: with axis null the indices must be 1-D, got shape ${fmtShape(idx.shape)}`);
    const flat = L.reshape(a, [a.size]);
    return L.reshape(at(flat, idx).set(values), a.shape);
  }
  if (idx.ndim !== a.ndim) throw new RangeError(`putAlongAxis: indices ${fmtShape(idx.shape)} and array ${fmtShape(a.shape)} must have the same number of dimensions`);
  const ax = normAxis(axis, a.ndim, "putAlongAxis");
  // one index array per axis: the given indices along `axis`, an iota broadcastable along the others
  const out = bcast("putAlongAxis", a.shape.map((d, i) => (i === ax ? 1 : d)), idx.shape.map((d, i) => (i === ax ? 1 : d)));
  if (out.some((d, i) => i !== ax && d !== a.shape[i])) throw new RangeError(`putAlongAxis: indices ${fmtShape(idx.shape)} do not broadcast against array ${fmtShape(a.shape)} outside axis ${ax}`);
  const full = out.map((d, i) => (i === ax ? idx.shape[ax] : d));
  const ixs = a.shape.map((d, i) => (i === ax ? L.broadcastTo(idx, full) : L.broadcastInDim(iota(d), full, [i])));
  a = at(a, ...ixs).set(values);
  return a;
}

/**
 * Pick from `choices` by the integer array `a`: out[i] = choices[a[i]][i] (all broadcast together),
 * as `np.choose`. `mode`: "raise" (concrete out-of-range indices throw; NB: traced ones clip, as JAX),
 * "wrap" or "clip". Differentiable in the choices.
 * @example np.choose([2, 0, 1], [[1, 2, 3], [10, 20, 30], [100, 200, 300]]) // [100, 2, 30]
 */
export function choose(a: ArrayLike, choices: ArrayLike[] | NDArray, mode: "raise" | "wrap" | "clip" = "raise"): NDArray {
  if (!Array.isArray(choices) && !((choices as unknown) instanceof NDArray)) throw new TypeError(`choose: choices must be a list of arrays, got ${show(choices)}`);
  const cs: ArrayLike[] = choices instanceof NDArray ? Array.from({ length: choices.shape[0] }, (_, i) => L.reshape(L.slice(choices, [i, ...choices.shape.slice(1).map(() => 0)], [i + 1, ...choices.shape.slice(1)]), choices.shape.slice(1))) : choices;
  const n = cs.length;
  if (n === 0) throw new RangeError("choose: choices must not be empty");
  if (Array.isArray(a) || typeof a === "number") {
    const bad = ([a] as unknown[]).flat(Infinity).find((v) => typeof v !== "number" || !Number.isInteger(v));
    if (bad !== undefined) throw new TypeError(`choose: a must be integers, got ${show(bad)}`);
  }
  let idx = Array.isArray(a) || typeof a === "number" ? array(a as number[], { dtype: "int32" }) : asArray(a);
  if (isFloat(idx.dtype) || idx.dtype === "bool") throw new TypeError(`choose: a must be integers, got ${idx.dtype}`);
  idx = L.convert(idx, "int32");
  if (mode === "wrap") idx = L.rem(L.add(L.rem(idx, n), n), n);
  else if (mode === "clip" || (mode === "raise" && !isConcrete(idx))) idx = L.max(L.min(idx, n - 1), 0);
  else if (mode === "raise") {
    const bad = Array.from(idx.data() as Int32Array).find((v) => v < 0 || v >= n);
    if (bad !== undefined) throw new RangeError(`choose: index ${bad} is out of range for ${n} choices (use mode "wrap" or "clip")`);
  } else throw new TypeError(`choose: mode must be "raise", "wrap" or "clip", got ${show(mode)}`);
  const d = resultDType(cs);
  const arrs = cs.map((c) => L.convert(asArray(c, d), d));
  const shp = bcast("choose", idx.shape, ...arrs.map((c) => c.shape));
  idx = L.broadcastTo(idx, shp);
  let out = L.broadcastTo(arrs[0], shp);
  for (let k = 1; k < n; k++) out = L.select(L.eq(idx, k), L.broadcastTo(arrs[k], shp), out);
  return out;
}

/**
 * Piecewise-defined values, as `np.piecewise`: where `condlist[i]` holds, `funclist[i]` applied to
 * `x` (or the constant `funclist[i]`); one extra entry in `funclist` is the default where no condition
 * holds (else 0). Later conditions win where several hold. The result has x's dtype.
 * NB: each function is applied to the whole `x` and its values selected (as jnp.piecewise computes
 * every branch), so functions must be elementwise; differentiable and jit-able.
 * @example np.piecewise(np.array([-2, 0, 3]), [np.less([-2, 0, 3], 0), np.greaterEqual([-2, 0, 3], 0)], [(v: NDArray) => np.negative(v), (v: NDArray) => np.square(v)]) // [2, 0, 9]
 */
export function piecewise(x: ArrayLike, condlist: ArrayLike[], funclist: (((x: NDArray) => ArrayLike) | number | boolean)[]): NDArray {
  const a = asArray(x);
  if (!Array.isArray(condlist)) throw new TypeError(`piecewise: condlist must be a list of boolean arrays, got ${show(condlist)}`);
  if (!Array.isArray(funclist)) throw new TypeError(`piecewise: funclist must be a list of functions or constants, got ${show(funclist)}`);
  const nc = condlist.length, nf = funclist.length;
  if (nf !== nc && nf !== nc + 1) throw new RangeError(`piecewise: funclist must have ${nc} or ${nc + 1} entries (one per condition, plus an optional default), got ${nf}`);
  const value = (f: unknown, i: number): NDArray => {
    if (typeof f === "function") {
      // each element on its own (as jnp.piecewise's vectorized switch): f sees a scalar
      const one = (s: NDArray): NDArray => {
        const r = (f as (x: NDArray) => ArrayLike)(s);
        const arr = asArray(r, a.dtype);
        if (arr.ndim !== 0) throw new RangeError(`piecewise: funclist[${i}] must return a scalar for a scalar input, got shape ${fmtShape(arr.shape)}`);
        return L.convert(arr, a.dtype);
      };
      if (a.size === 0) return L.zerosLike(a);
      return L.reshape(vmap(one)(L.reshape(a, [a.size])) as NDArray, a.shape);
    }
    if (typeof f !== "number" && typeof f !== "boolean") throw new TypeError(`piecewise: funclist[${i}] must be a function or a number, got ${show(f)}`);
    return L.fullLike(a, Number(f));
  };
  let out = nf === nc + 1 ? value(funclist[nc], nc) : L.zerosLike(a);
  condlist.forEach((c, i) => {
    const cond = asArray(c);
    if (cond.dtype !== "bool") throw new TypeError(`piecewise: condlist[${i}] must be a boolean array, got ${cond.dtype}`);
    const cb = L.broadcastTo(cond, bcast("piecewise", cond.shape, a.shape));
    if (cb.ndim !== a.ndim || cb.shape.some((d, j) => d !== a.shape[j])) throw new RangeError(`piecewise: condlist[${i}] of shape ${fmtShape(cond.shape)} does not match x ${fmtShape(a.shape)}`);
    out = L.select(cb, value(funclist[i], i), out);
  });
  return out;
}

/**
 * An array of `shape` — zeros, as JAX's `jnp.empty` (XLA has no uninitialised memory).
 * @example np.empty([2, 2]) // [[0, 0], [0, 0]]
 */
export function empty(shp: number | number[], dtype: DTypeArg = {}): NDArray {
  return zeros(shp, dtype);
}
/** Zeros shaped like `x`, as `jnp.empty_like`. @example np.emptyLike([1, 2, 3]) // [0, 0, 0] */
export function emptyLike(x: ArrayLike, dtype: DTypeArg = {}): NDArray {
  return zerosLike(x, dtype);
}
/**
 * `x` as an array, as `np.copy`. NB: arrays are immutable, so a copy of an NDArray is the same
 * array (as a JAX copy is observably the same); JS data becomes a new array.
 * @example np.copy([1, 2]) // [1, 2]
 */
export function copy(x: ArrayTree): NDArray {
  return x instanceof NDArray ? x : array(x);
}

/** The positions a slice selects on an axis of length n (Python's slice.indices). */
function sliceIndices(sl: Slice, n: number): number[] {
  const step = sl.step ?? 1;
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  const start = sl.start === null ? (step > 0 ? 0 : n - 1) : clamp(sl.start, step > 0 ? 0 : -1, step > 0 ? n : n - 1);
  const stop = sl.stop === null ? (step > 0 ? n : -1) : clamp(sl.stop, step > 0 ? 0 : -1, step > 0 ? n : n - 1);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

/** Static integer positions from an int, a list, a slice (on an axis of length n) or a concrete integer array. */
function staticIndices(op: string, obj: unknown, n: number): { list: number[]; scalar: boolean } {
  if (obj instanceof Slice) return { list: sliceIndices(obj, n), scalar: false };
  if (typeof obj === "number") {
    if (!Number.isInteger(obj)) throw new TypeError(`${op}: indices must be integers, got ${obj}`);
    return { list: [obj], scalar: true };
  }
  if (obj instanceof NDArray) {
    if (isFloat(obj.dtype) || obj.dtype === "bool") throw new TypeError(`${op}: indices must be integers, got ${obj.dtype}`);
    if (!isConcrete(obj)) throw new TypeError(`${op}: the indices ${obj.aval.str()} are traced; they must be concrete (static) here`);
    return { list: Array.from(obj.data() as Int32Array | Uint32Array), scalar: obj.ndim === 0 };
  }
  if (Array.isArray(obj) && obj.every((v) => typeof v === "number" && Number.isInteger(v))) return { list: obj as number[], scalar: false };
  throw new TypeError(`${op}: indices must be an integer, a list of integers, a slice (np.s) or an integer array, got ${show(obj)}`);
}

/**
 * Insert `values` before the positions `obj` along `axis` (of the flattened array when null), as
 * `np.insert`: one integer inserts the whole block of `values` there; a list inserts one slice per
 * index (values broadcast to them), as does a slice (`np.s(…)`). Indices must be static (concrete). Differentiable in arr and values.
 * @example np.insert([1, 2, 3], 1, 9) // [1, 9, 2, 3]
 * @example np.insert([[1, 1], [2, 2]], [1, 2], [5, 6], 1) // [[1, 5, 1, 6], [2, 5, 2, 6]]
 */
export function insert(arr: ArrayLike, obj: number | number[] | Slice | NDArray, values: ArrayLike, axis: number | null = null): NDArray {
  let a = asArray(arr);
  if (axis === null) (a = L.reshape(a, [a.size])), (axis = 0);
  const ax = normAxis(axis, a.ndim, "insert");
  const n = a.shape[ax];
  const { list, scalar } = staticIndices("insert", obj, n);
  const pos = list.map((i) => {
    if (i < -n || i > n) throw new RangeError(`insert: index ${i} is out of bounds for axis ${ax} with size ${n}`);
    return i < 0 ? i + n : i;
  });
  let v = L.convert(asArray(values, a.dtype), a.dtype);
  if (scalar) {
    // the block: values with at least a.ndim dims, its first axis moved to `axis`
    while (v.ndim < a.ndim) v = L.reshape(v, [1, ...v.shape]);
    if (v.ndim > a.ndim) throw new RangeError(`insert: values of shape ${fmtShape(v.shape)} have more dimensions than the array ${fmtShape(a.shape)}`);
    v = L.moveaxis(v, 0, ax);
    const k = v.shape[ax];
    const target = a.shape.map((d, i) => (i === ax ? k : d));
    v = L.broadcastTo(v, bcast("insert", v.shape, target));
    const p = pos[0];
    const before = L.slice(a, a.shape.map(() => 0), a.shape.map((d, i) => (i === ax ? p : d)));
    const after = L.slice(a, a.shape.map((_, i) => (i === ax ? p : 0)), a.shape);
    return L.concatenate([before, v, after], ax);
  }
  const m = pos.length;
  const target = a.shape.map((d, i) => (i === ax ? m : d));
  if (v.ndim === 1 && a.ndim > 1 && v.shape[0] === m) v = L.broadcastInDim(v, target, [ax]); // one value per index
  else v = L.broadcastTo(v, bcast("insert", v.shape, target));
  // stable order of the new slices; new slice j lands at pos[j] + (its rank among the inserted)
  const order = pos.map((p, j) => [p, j]).sort((x, y) => x[0] - y[0] || x[1] - y[1]).map((e) => e[1]);
  const total = n + m;
  const src: number[] = new Array(total); // ≥ 0: old index; < 0: −1 − new slice
  order.forEach((j, r) => (src[pos[j] + r] = -1 - j));
  let old = 0;
  for (let t = 0; t < total; t++) if (src[t] === undefined) src[t] = old++;
  const both = L.concatenate([a, v], ax); // old slices, then the new ones
  return L.gather(both, ints(src.map((s) => (s >= 0 ? s : n + (-1 - s)))), ax);
}

export interface DeleteOpts {
  /** The indices are unique and in range: then traced indices work (the result has n − len(obj) entries), as JAX. */
  assumeUniqueIndices?: boolean;
}

/**
 * `arr` without the entries at `obj` along `axis` (of the flattened array when null), as `np.delete`.
 * `obj`: an integer, a list, a slice (`np.s(0, null, 2)`) or an integer array (repeats and negatives
 * allowed), or a boolean mask of the axis' length. Traced indices need `{ assumeUniqueIndices: true }` (as JAX). Differentiable in arr.
 * @example np.delete([1, 2, 3, 4], [0, 2]) // [2, 4]
 */
export function delete_(arr: ArrayLike, obj: number | number[] | boolean[] | Slice | NDArray, axis: number | null = null, opts: DeleteOpts = {}): NDArray {
  let a = asArray(arr);
  if (axis === null) (a = L.reshape(a, [a.size])), (axis = 0);
  const ax = normAxis(axis, a.ndim, "delete");
  const n = a.shape[ax];
  const objArr = obj instanceof NDArray ? obj : Array.isArray(obj) && obj.some((v) => typeof v === "boolean") ? asArray(obj as boolean[]) : null;
  if (objArr && objArr.dtype === "bool") {
    if (objArr.ndim !== 1 || objArr.shape[0] !== n) throw new RangeError(`delete: a boolean mask must have shape [${n}], got ${fmtShape(objArr.shape)}`);
    if (!isConcrete(objArr)) throw new TypeError(`delete: the boolean mask ${objArr.aval.str()} is traced, so the result's length depends on the data; use np.compress(np.logicalNot(mask), arr, axis, { size }) instead`);
    return L.gather(a, flatnonzero(L.not(objArr)), ax); // concrete masks only (the output length depends on it)
  }
  if (obj instanceof NDArray && !isConcrete(obj)) {
    if (!opts.assumeUniqueIndices) {
      throw new TypeError(`delete: the indices ${obj.aval.str()} are traced, so the result's length depends on the data; pass { assumeUniqueIndices: true } (unique, in-range indices), as jnp.delete`);
    }
    if (isFloat(obj.dtype) || obj.dtype === "bool") throw new TypeError(`delete: indices must be integers, got ${obj.dtype}`);
    const o = L.reshape(L.convert(obj, "int32"), [obj.size]);
    const k = o.size;
    const wrapped = L.select(L.lt(o, 0), L.add(o, n), o);
    const hit = L.reduceMax(L.convert(L.eq(L.broadcastInDim(wrapped, [n, k], [1]), L.broadcastInDim(iota(n), [n, k], [0])), "int32"), [1]);
    return L.gather(a, flatnonzero(L.eq(hit, 0), { size: n - k }), ax);
  }
  const { list } = staticIndices("delete", obj, n);
  const drop = new Set<number>();
  for (const i of list) {
    if (i < -n || i >= n) throw new RangeError(`delete: index ${i} is out of bounds for axis ${ax} with size ${n}`);
    drop.add(i < 0 ? i + n : i);
  }
  return L.gather(a, ints([...Array(n).keys()].filter((i) => !drop.has(i))), ax);
}

/**
 * An array of `newShape` filled with `x`'s (flattened) data repeated as often as needed, as
 * `np.resize` (an empty input gives zeros).
 * @example np.resize([1, 2, 3], [2, 4]) // [[1, 2, 3, 1], [2, 3, 1, 2]]
 */
export function resize(x: ArrayLike, newShape: number | number[]): NDArray {
  const a = asArray(x);
  const s = typeof newShape === "number" ? [newShape] : newShape;
  if (!Array.isArray(s) || s.some((d) => typeof d !== "number" || !Number.isInteger(d) || d < 0)) {
    throw new TypeError(`resize: newShape must be a non-negative integer or a list of them, got ${show(newShape)}`);
  }
  const total = prod(s);
  if (a.size === 0) return L.full(s, 0, a.dtype);
  const flat = L.reshape(a, [a.size]);
  const reps = Math.ceil(total / a.size);
  const tiled = reps <= 1 ? flat : L.concatenate(Array.from({ length: reps }, () => flat), 0);
  return L.reshape(L.slice(tiled, [0], [total]), s);
}

/**
 * `a` with its main diagonal set to `val` (repeated cyclically when it is a list), as
 * `jnp.fill_diagonal(…, inplace=False)`: a new array. 2-D arrays may be tall: with `wrap` the diagonal
 * restarts every (cols + 1) rows, as NumPy; arrays of more dimensions must have equal dimensions.
 * @example np.fillDiagonal(np.zeros([3, 3]), 5) // [[5, 0, 0], [0, 5, 0], [0, 0, 5]]
 */
export function fillDiagonal(a: ArrayLike, val: ArrayLike, wrap = false): NDArray {
  const x = asArray(a);
  if (x.ndim < 2) throw new RangeError(`fillDiagonal: the array must have at least 2 dimensions, got shape ${fmtShape(x.shape)}`);
  let step: number, end: number;
  if (x.ndim === 2) {
    step = x.shape[1] + 1;
    end = wrap ? x.size : Math.min(x.size, x.shape[1] * x.shape[1]);
  } else {
    if (x.shape.some((d) => d !== x.shape[0])) throw new RangeError(`fillDiagonal: all dimensions of a ${x.ndim}-D array must be equal, got shape ${fmtShape(x.shape)}`);
    let acc = 1;
    step = 1;
    for (const d of x.shape.slice(0, -1)) (acc *= d), (step += acc);
    end = x.size;
  }
  const pos: number[] = [];
  for (let i = 0; i < end; i += step) pos.push(i);
  const v = L.convert(asArray(val, x.dtype), x.dtype);
  const vals = v.size === 0 ? L.full([pos.length], 0, x.dtype) : resize(v, [pos.length]);
  const flat = L.reshape(x, [x.size]);
  const mask = ConcreteArray.fromTyped(Uint8Array.from({ length: x.size }, (_, i) => (pos.includes(i) ? 1 : 0)), [x.size], "bool");
  const placed = L.scatterAdd(vals, ints(pos), 0, [x.size]);
  return L.reshape(L.select(mask, placed, flat), x.shape);
}

/**
 * Join arrays along an existing `axis`, as the Array API's `concat` (`jnp.concat`); `axis` null
 * joins the flattened arrays.
 * @example np.concat([[1, 2], [3]]) // [1, 2, 3]
 * @example np.concat([[[1, 2]], [[3]]], null) // [1, 2, 3]
 */
export function concat(arrays: ArrayLike[], axis: number | null = 0): NDArray {
  if (axis !== null) return concatenate(arrays, axis);
  if (!Array.isArray(arrays)) throw new TypeError(`concat: expected a list of arrays, got ${show(arrays)}`);
  return concatenate(arrays.map((a) => {
    const x = asArray(a);
    return L.reshape(x, [x.size]);
  }), 0);
}

/** A nested list of arrays (any depth). */
export type BlockList = ArrayLike | BlockList[];

/**
 * Assemble an array from nested lists of blocks, as `np.block`: the innermost lists are concatenated
 * along the last axis, the next level along the second-to-last, and so on; blocks get leading 1s up to
 * the result's rank. All lists at one level must have the same depth.
 * @example np.block([[np.eye(2), np.zeros([2, 1])], [np.ones([1, 2]), np.full([1, 1], 3)]]) // [[1, 0, 0], [0, 1, 0], [1, 1, 3]]
 */
export function block(arrays: BlockList[]): NDArray {
  if (!Array.isArray(arrays)) throw new TypeError(`block: expected a (nested) list of arrays, got ${show(arrays)}`);
  const depthOf = (x: unknown, path: string): number => {
    if (!Array.isArray(x)) return 0; // lists are always block lists (numbers are 0-d blocks), as NumPy
    if (x.length === 0) throw new RangeError(`block: the list at arrays${path} is empty`);
    const ds = x.map((v, i) => depthOf(v, `${path}[${i}]`));
    if (ds.some((d) => d !== ds[0])) throw new RangeError(`block: the lists at arrays${path} have different depths (${ds.join(", ")}); every list at one level must be equally nested`);
    return ds[0] + 1;
  };
  const depth = depthOf(arrays, "");
  const leaves: NDArray[] = [];
  const collect = (x: unknown, d: number): void => (d === 0 ? void leaves.push(asArray(x as ArrayLike)) : (x as unknown[]).forEach((v) => collect(v, d - 1)));
  collect(arrays, depth);
  const rank = Math.max(depth, ...leaves.map((l) => l.ndim));
  const dt: DType = resultDType(leaves);
  const build = (x: unknown, d: number): NDArray => {
    if (d === 0) {
      const l = L.convert(asArray(x as ArrayLike, dt), dt);
      return L.reshape(l, [...Array(rank - l.ndim).fill(1), ...l.shape]);
    }
    return concatenate((x as unknown[]).map((v) => build(v, d - 1)), rank - d);
  };
  return build(arrays, depth);
}
