/** @file Sorting (sort, argsort) and array manipulation (split, tile, repeat, flip, pad, roll, hstack, vstack). */
import { fmtShape, normAxes, normAxis } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { Tracer } from "../core/trace.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray } from "./core.js";
import { arrayList, concatenate } from "./shape.js";
import { show } from "./signature.js";

/** Flatten when `axis` is null/undefined; otherwise normalise it. */
function axisOrFlat(x: ArrayLike, axis: number | null | undefined, op: string): [NDArray, number] {
  const a = asArray(x);
  if (axis === null || axis === undefined) return [L.reshape(a, [a.size]), 0];
  return [a, normAxis(axis, a.ndim, op)];
}

function checkCount(v: number, op: string, what: string): number {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${op}: ${what} must be a non-negative integer, got ${v}`);
  return v;
}

/** A constant int32 vector (index tables computed on the host). */
const int32Vector = (xs: number[]): NDArray => ConcreteArray.fromTyped(Int32Array.from(xs), [xs.length], "int32");

// ---- sorting ----

function sortAlong(x: ArrayLike, axis: number | null | undefined, op: string): [NDArray, NDArray, number] {
  const [a, ax] = axisOrFlat(x, axis === undefined ? -1 : axis, op);
  const last = a.ndim - 1;
  const [v, perm] = L.sort(L.moveaxis(a, ax, last));
  return [L.moveaxis(v, last, ax), L.moveaxis(perm, last, ax), ax];
}

/**
 * Sorted copy along `axis` (last by default; null sorts the flattened array). NaNs sort last.
 * The gradient routes each cotangent back to the element it came from.
 * @example np.sort([3, 1, 2]) // [1, 2, 3]
 */
export function sort(x: ArrayLike, axis: number | null = -1): NDArray {
  return sortAlong(x, axis, "sort")[0];
}

/**
 * Indices (int32) that sort `x` along `axis`; stable (equal elements keep their order), NaNs last.
 * @example np.argsort([3, 1, 2]) // [1, 2, 0]
 */
export function argsort(x: ArrayLike, axis: number | null = -1): NDArray {
  return sortAlong(x, axis, "argsort")[1];
}

// ---- split, tile, repeat ----

/**
 * Split into equal sections (a count) or at the given indices along `axis`.
 * @example np.split(np.arange(6), 3) // [[0, 1], [2, 3], [4, 5]]
 */
export function split(x: ArrayLike, sectionsOrIndices: number | number[], axis = 0): NDArray[] {
  const a = asArray(x);
  const ax = normAxis(axis, a.ndim, "split");
  const d = a.shape[ax];
  if (typeof sectionsOrIndices === "number") {
    const n = sectionsOrIndices;
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`split: number of sections must be a positive integer, got ${n}`);
    if (d % n !== 0) throw new RangeError(`split: array split does not result in an equal division: axis ${ax} of size ${d} (shape ${fmtShape(a.shape)}) into ${n} sections`);
    return splitAt(a, ax, Array.from({ length: n - 1 }, (_, i) => ((i + 1) * d) / n));
  }
  if (!Array.isArray(sectionsOrIndices)) throw new TypeError(`split: expected a number of sections or a list of indices, got ${show(sectionsOrIndices)}`);
  for (const i of sectionsOrIndices) if (!Number.isInteger(i)) throw new TypeError(`split: split indices must be integers, got ${i}`);
  return splitAt(a, ax, sectionsOrIndices);
}

/**
 * Split into `n` sections that may differ in size by one (the first ones are larger), or at a list of indices.
 * @example np.arraySplit(np.arange(5), 2) // [[0, 1, 2], [3, 4]] ; np.arraySplit(np.arange(5), [1]) // [[0], [1, 2, 3, 4]]
 */
export function arraySplit(x: ArrayLike, sections: number | number[], axis = 0): NDArray[] {
  const a = asArray(x);
  const ax = normAxis(axis, a.ndim, "arraySplit");
  // a list of indices splits there, as np.split (NumPy and JAX)
  if (Array.isArray(sections)) {
    for (const i of sections) if (!Number.isInteger(i)) throw new TypeError(`arraySplit: split indices must be integers, got ${show(i)}`);
    return splitAt(a, ax, sections);
  }
  if (!Number.isInteger(sections) || sections <= 0) throw new RangeError(`arraySplit: number of sections must be a positive integer, got ${sections}`);
  const d = a.shape[ax], base = Math.floor(d / sections), extra = d % sections;
  const cuts: number[] = [];
  for (let i = 1, at = 0; i < sections; i++) cuts.push((at += base + (i <= extra ? 1 : 0)));
  return splitAt(a, ax, cuts);
}

/** Pieces x[b_i : b_(i+1)] along `ax` with Python slice rules for each bound (negatives wrap, then clip). */
function splitAt(a: NDArray, ax: number, cuts: number[]): NDArray[] {
  const d = a.shape[ax];
  const clip = (b: number) => Math.min(Math.max(b < 0 ? b + d : b, 0), d);
  const bounds = [0, ...cuts.map(clip), d];
  return cuts.concat([d]).map((_, i) => {
    const lo = bounds[i], hi = Math.max(lo, bounds[i + 1]);
    const start = a.shape.map(() => 0), stop = [...a.shape];
    [start[ax], stop[ax]] = [lo, hi];
    return L.slice(a, start, stop);
  });
}

/**
 * Repeat the whole array `reps` times along each axis (reps aligned to the trailing axes).
 * @example np.tile([1, 2], 2) // [1, 2, 1, 2]
 */
export function tile(x: ArrayLike, reps: number | number[]): NDArray {
  let a = asArray(x);
  if (typeof reps !== "number" && !Array.isArray(reps)) throw new TypeError(`tile: reps must be an integer or a list of integers, got ${show(reps)}`);
  const r = (typeof reps === "number" ? [reps] : [...reps]).map((v) => checkCount(v, "tile", "each repetition count"));
  const nd = Math.max(a.ndim, r.length);
  const shape = [...Array(nd - a.ndim).fill(1), ...a.shape];
  const rr = [...Array(nd - r.length).fill(1), ...r];
  a = L.reshape(a, shape);
  // [d0, d1, …] → [r0, d0, r1, d1, …] → [r0·d0, r1·d1, …]
  const inter = shape.flatMap((d, i) => [rr[i], d]);
  const b = L.broadcastInDim(a, inter, shape.map((_, i) => 2 * i + 1));
  return L.reshape(b, shape.map((d, i) => d * rr[i]));
}

/**
 * Repeat each element `repeats` times (a count, or one count per element) along `axis` (flattened when omitted).
 * @example np.repeat([1, 2], 2) // [1, 1, 2, 2] ; np.repeat([1, 2], [1, 3]) // [1, 2, 2, 2]
 */
export function repeat(x: ArrayLike, repeats: number | number[] | NDArray, axis?: number | null): NDArray {
  const [a, ax] = axisOrFlat(x, axis, "repeat");
  if (a.ndim === 0) return repeat(L.reshape(a, [1]), repeats, 0);
  const d = a.shape[ax];
  let counts: number[];
  if (repeats instanceof NDArray) {
    if (repeats instanceof Tracer) throw new TypeError(`repeat: repeats must be concrete (the output shape depends on them), got a traced ${repeats.aval.str()}`);
    counts = Array.from(repeats.data());
  } else if (typeof repeats === "number" || Array.isArray(repeats)) counts = typeof repeats === "number" ? [repeats] : [...repeats];
  else throw new TypeError(`repeat: repeats must be an integer, a list of integers or an int array, got ${show(repeats)}`);
  counts.forEach((c) => checkCount(c, "repeat", "each repeat count"));
  if (counts.length === 1) {
    // [.., d, ..] → [.., d, r, ..] → [.., d·r, ..]
    const r = counts[0];
    const shape = [...a.shape.slice(0, ax + 1), r, ...a.shape.slice(ax + 1)];
    const b = L.broadcastInDim(a, shape, a.shape.map((_, i) => (i <= ax ? i : i + 1)));
    return L.reshape(b, a.shape.map((s, i) => (i === ax ? s * r : s)));
  }
  if (counts.length !== d) throw new RangeError(`repeat: got ${counts.length} repeat counts for axis ${ax} of size ${d} (shape ${fmtShape(a.shape)}); expected 1 or ${d}`);
  return L.gather(a, int32Vector(counts.flatMap((c, i) => Array(c).fill(i))), ax);
}

// ---- flip, roll ----

/**
 * Reverse the order of elements along `axis` (all axes when omitted).
 * @example np.flip([1, 2, 3]) // [3, 2, 1]
 */
export function flip(x: ArrayLike, axis?: number | number[] | null): NDArray {
  const a = asArray(x);
  return L.rev(a, normAxes(axis, a.ndim, "flip"));
}

/**
 * Shift elements cyclically by `shift` along `axis` (the flattened array when omitted).
 * @example np.roll([1, 2, 3, 4], 1) // [4, 1, 2, 3]
 */
export function roll(x: ArrayLike, shift: number | number[], axis?: number | number[] | null): NDArray {
  const a = asArray(x);
  if (axis === null || axis === undefined) {
    if (typeof shift !== "number") throw new TypeError(`roll: shift must be a single number when axis is omitted, got [${shift}]`);
    return L.reshape(roll(L.reshape(a, [a.size]), shift, 0), a.shape);
  }
  const shifts = typeof shift === "number" ? [shift] : shift;
  const axes = typeof axis === "number" ? [axis] : axis;
  const n = Math.max(shifts.length, axes.length);
  if ((shifts.length !== n && shifts.length !== 1) || (axes.length !== n && axes.length !== 1)) {
    throw new RangeError(`roll: shift [${shifts}] and axis [${axes}] must have the same length (or one of them length 1)`);
  }
  let out = a;
  for (let k = 0; k < n; k++) {
    const sh = shifts[shifts.length === 1 ? 0 : k];
    if (!Number.isInteger(sh)) throw new TypeError(`roll: shifts must be integers, got ${sh}`);
    const ax = normAxis(axes[axes.length === 1 ? 0 : k], a.ndim, "roll");
    const d = a.shape[ax];
    const s = d === 0 ? 0 : ((sh % d) + d) % d;
    if (s === 0) continue;
    // the last s elements move to the front
    const cut = (lo: number, hi: number) => L.slice(out, out.shape.map((_, i) => (i === ax ? lo : 0)), out.shape.map((e, i) => (i === ax ? hi : e)));
    out = L.concatenate([cut(d - s, d), cut(0, d - s)], ax);
  }
  return out;
}

// ---- pad ----

export type PadMode = "constant" | "edge" | "reflect" | "symmetric" | "wrap";
export interface PadOpts {
  /** How to fill: a constant, the edge value, a mirror without ("reflect") or with ("symmetric") the edge, or periodic ("wrap"). */
  mode?: PadMode;
  /** For "constant": one value, [before, after], or one such pair per axis. */
  constantValues?: number | number[] | number[][];
}

/** NumPy's pad-width forms → one [before, after] pair per axis. */
function perAxisPairs(w: number | number[] | number[][], ndim: number, op: string, what: string, integer: boolean): [number, number][] {
  const bad = () => new RangeError(`${op}: cannot read ${what} ${JSON.stringify(w)} for an array of rank ${ndim}; expected n, [before, after] or one pair per axis`);
  const pairOf = (p: number | number[]): [number, number] => {
    if (typeof p === "number") return [p, p];
    if (!Array.isArray(p) || (p.length !== 1 && p.length !== 2) || p.some((v) => typeof v !== "number")) throw bad();
    return p.length === 1 ? [p[0], p[0]] : [p[0], p[1]];
  };
  let pairs: [number, number][];
  if (typeof w === "number") pairs = Array(ndim).fill([w, w]);
  else if (!Array.isArray(w)) throw bad();
  else if (w.every((v) => typeof v === "number")) pairs = Array(ndim).fill(pairOf(w as number[]));
  else if (w.length === 1) pairs = Array(ndim).fill(pairOf(w[0]));
  else if (w.length === ndim) pairs = (w as number[][]).map(pairOf);
  else throw bad();
  if (integer) for (const v of pairs.flat()) checkCount(v, op, "each pad width");
  return pairs;
}

/** Source index along an axis of size n for output position j of a padding mode (j relative to the first element). */
function padSource(mode: PadMode, j: number, n: number): number {
  if (mode === "edge") return Math.min(Math.max(j, 0), n - 1);
  if (mode === "wrap") return ((j % n) + n) % n;
  if (mode === "reflect") {
    if (n === 1) return 0;
    const p = 2 * (n - 1), t = ((j % p) + p) % p;
    return t < n ? t : p - t;
  }
  // symmetric: period 2n, the edge repeated
  const p = 2 * n, t = ((j % p) + p) % p;
  return t < n ? t : p - 1 - t;
}

/**
 * Pad with NumPy's padWidth forms (n, [before, after], or per-axis pairs) and modes.
 * @example np.pad([1, 2], 1) // [0, 1, 2, 0] ; np.pad([1, 2, 3], 2, { mode: "reflect" }) // [3, 2, 1, 2, 3, 2, 1]
 */
export function pad(x: ArrayLike, padWidth: number | number[] | number[][], opts: PadOpts = {}): NDArray {
  const a = asArray(x);
  const widths = perAxisPairs(padWidth, a.ndim, "pad", "padWidth", true);
  const mode = opts.mode ?? "constant";
  if (mode === "constant") {
    const values = perAxisPairs(opts.constantValues ?? 0, a.ndim, "pad", "constantValues", false);
    const v0 = values[0]?.[0] ?? 0;
    if (values.every(([b, c]) => b === v0 && c === v0)) return L.pad(a, widths.map((p) => p[0]), widths.map((p) => p[1]), v0);
    // NB: as NumPy, axes are padded in order, so corners take the value of the last axis
    let out = a;
    widths.forEach(([before, after], ax) => {
      const lo = out.shape.map((_, i) => (i === ax ? before : 0)), zero = out.shape.map(() => 0);
      out = L.pad(out, lo, zero, values[ax][0]);
      out = L.pad(out, zero, out.shape.map((_, i) => (i === ax ? after : 0)), values[ax][1]);
    });
    return out;
  }
  if (!["edge", "reflect", "symmetric", "wrap"].includes(mode)) {
    throw new TypeError(`pad: unknown mode ${JSON.stringify(mode)}; expected "constant", "edge", "reflect", "symmetric" or "wrap"`);
  }
  let out = a;
  widths.forEach(([before, after], ax) => {
    if (before === 0 && after === 0) return;
    const n = a.shape[ax];
    if (n === 0) throw new RangeError(`pad: cannot pad the empty axis ${ax} of shape ${fmtShape(a.shape)} in mode "${mode}"`);
    const src = Array.from({ length: before + n + after }, (_, j) => padSource(mode, j - before, n));
    out = L.gather(out, int32Vector(src), ax);
  });
  return out;
}

// ---- stacking ----

/** View as at least 1-D. @example np.atleast1d(5).shape // [1] */
export function atleast1d(x: ArrayLike): NDArray {
  const a = asArray(x);
  return a.ndim >= 1 ? a : L.reshape(a, [1]);
}
/** View as at least 2-D (1-D [n] → [1, n]). @example np.atleast2d([1, 2]).shape // [1, 2] */
export function atleast2d(x: ArrayLike): NDArray {
  const a = asArray(x);
  return a.ndim >= 2 ? a : L.reshape(a, [1, a.size]);
}
/** View as at least 3-D ([n] → [1, n, 1], [m, n] → [m, n, 1]). @example np.atleast3d([1, 2]).shape // [1, 2, 1] */
export function atleast3d(x: ArrayLike): NDArray {
  const a = asArray(x);
  if (a.ndim >= 3) return a;
  if (a.ndim === 2) return L.reshape(a, [...a.shape, 1]);
  return L.reshape(a, [1, a.size, 1]);
}

function arrays(op: string, xs: ArrayLike[]): NDArray[] {
  return arrayList(op, xs).map((x) => asArray(x));
}

/**
 * Stack horizontally: along axis 1 (axis 0 for 1-D arrays).
 * @example np.hstack([[1, 2], [3]]) // [1, 2, 3]
 */
export function hstack(xs: ArrayLike[]): NDArray {
  const as = arrays("hstack", xs).map(atleast1d);
  return concatenate(as, as[0].ndim === 1 ? 0 : 1);
}
/** Stack vertically (rows): 1-D arrays become rows. @example np.vstack([[1, 2], [3, 4]]).shape // [2, 2] */
export function vstack(xs: ArrayLike[]): NDArray {
  return concatenate(arrays("vstack", xs).map(atleast2d), 0);
}
/** Stack along the third axis. @example np.dstack([[1, 2], [3, 4]]).shape // [1, 2, 2] */
export function dstack(xs: ArrayLike[]): NDArray {
  return concatenate(arrays("dstack", xs).map(atleast3d), 2);
}
/** Stack 1-D arrays as columns (2-D arrays as they are). @example np.columnStack([[1, 2], [3, 4]]) // [[1, 3], [2, 4]] */
export function columnStack(xs: ArrayLike[]): NDArray {
  return concatenate(arrays("columnStack", xs).map((a) => (a.ndim < 2 ? L.reshape(a, [a.size, 1]) : a)), 1);
}
