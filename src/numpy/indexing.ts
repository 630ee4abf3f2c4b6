/** @file Indexing: basic slicing, integer-array gather, take, takeAlongAxis and functional updates (x.at(idx).set/add). */
import { broadcastShapes, fmtShape, normAxis, prod } from "../core/aval.js";
import { ConcreteArray, NDArray, NestedArray } from "../core/array.js";
import { DType, TypedArray, isFloat } from "../core/dtype.js";
import { Tracer } from "../core/trace.js";
import * as L from "../lax/index.js";
import { ArrayLike, array, asArray } from "./core.js";

// ---- index kinds ----

/** A slice `start:stop:step`; a null part takes NumPy's default. @example new np.Slice(null, null, -1).toString() // "::-1" */
export class Slice {
  constructor(
    readonly start: number | null = null,
    readonly stop: number | null = null,
    readonly step: number | null = null,
  ) {
    for (const [name, v] of [["start", start], ["stop", stop], ["step", step]] as const) {
      if (v !== null && !Number.isInteger(v)) throw new TypeError(`slice: ${name} must be an integer or null, got ${v}`);
    }
    if (step === 0) throw new RangeError("slice: step cannot be zero");
  }
  toString(): string {
    return `${this.start ?? ""}:${this.stop ?? ""}${this.step === null ? "" : `:${this.step}`}`;
  }
}

/**
 * A slice object, as `start:stop:step`. NB: unlike Python's `slice(5)`, one argument is the start.
 * @example np.getItem(np.arange(6), np.s(1, null, 2)) // [1, 3, 5]
 */
export function s(start: number | null = null, stop: number | null = null, step: number | null = null): Slice {
  return new Slice(start, stop, step);
}

/** `null`, which inserts a size-1 axis when used as an index. @example np.getItem(np.arange(3), np.newaxis).shape // [1, 3] */
export const newaxis = null;

/**
 * One index: an integer, `null` (new axis), `"..."`, a slice string (`"1:"`, `"::-1"`) or `Slice`,
 * an integer array (NDArray or JS numbers) or a boolean mask (NDArray or JS booleans).
 */
export type Index = number | null | string | Slice | NDArray | NestedArray | TypedArray;

type Entry =
  | { kind: "slice"; slice: Slice }
  | { kind: "int"; value: number }
  | { kind: "newaxis" }
  | { kind: "ellipsis" }
  | { kind: "array"; arr: NDArray }
  | { kind: "mask"; mask: NDArray };

const SLICE_RE = /^\s*([+-]?\d+)?\s*:\s*([+-]?\d+)?\s*(?::\s*([+-]?\d+)?\s*)?$/;
const FULL = new Slice();

function parseSliceString(str: string, op: string): Slice {
  const m = SLICE_RE.exec(str);
  if (!m) throw new TypeError(`${op}: cannot parse index string ${JSON.stringify(str)}; expected "..." or a slice like ":", "1:", "::2", "-3:-1"`);
  const num = (t: string | undefined) => (t === undefined ? null : Number(t));
  if (num(m[3]) === 0) throw new RangeError(`${op}: slice step cannot be zero in ${JSON.stringify(str)}`);
  return new Slice(num(m[1]), num(m[2]), num(m[3]));
}

const isTyped = (x: unknown): x is TypedArray => ArrayBuffer.isView(x) && !(x instanceof DataView);

/** Convert a JS array of integers (or booleans) to an int32 (or bool) array. */
function jsIndexArray(ix: NestedArray | TypedArray, op: string): NDArray {
  if (isTyped(ix)) {
    const a = asArray(ix);
    return a.dtype === "bool" ? a : L.convert(checkIntArray(a, op), "int32");
  }
  const flat = (Array.isArray(ix) ? (ix as unknown[]).flat(Infinity) : [ix]) as unknown[];
  if (flat.length > 0 && flat.every((v) => typeof v === "boolean")) return array(ix, { dtype: "bool" });
  const bad = flat.find((v) => typeof v !== "number" || !Number.isInteger(v));
  if (bad !== undefined) throw new TypeError(`${op}: index arrays must hold only integers (or only booleans), got ${String(bad)}`);
  return array(ix, { dtype: "int32" });
}

function checkIntArray(a: NDArray, op: string): NDArray {
  if (a.dtype !== "int32" && a.dtype !== "uint32") throw new TypeError(`${op}: index arrays must be integers or booleans, got ${a.dtype}${fmtShape(a.shape)}`);
  return a;
}

function parseIndex(ix: Index, op: string): Entry {
  if (ix === null) return { kind: "newaxis" };
  if (typeof ix === "number") {
    if (!Number.isInteger(ix)) throw new TypeError(`${op}: indices must be integers, got ${ix}`);
    return { kind: "int", value: ix };
  }
  if (typeof ix === "boolean") throw new TypeError(`${op}: a scalar boolean index (${ix}) is not supported; use a boolean mask array`);
  if (typeof ix === "string") return ix.trim() === "..." ? { kind: "ellipsis" } : { kind: "slice", slice: parseSliceString(ix, op) };
  if (ix instanceof Slice) return { kind: "slice", slice: ix };
  if (Array.isArray(ix) || isTyped(ix) || ix instanceof NDArray) {
    const a = ix instanceof NDArray ? ix : jsIndexArray(ix, op);
    if (a.dtype === "bool") {
      if (a.ndim === 0) throw new TypeError(`${op}: a 0-d boolean mask is not supported; use a mask with the shape of the indexed axes`);
      return { kind: "mask", mask: a };
    }
    return { kind: "array", arr: checkIntArray(a, op) };
  }
  throw new TypeError(`${op}: unsupported index ${String(ix)} (${typeof ix}); expected an integer, null, "...", a slice string, np.s(...), or an integer/boolean array`);
}

// ---- normalisation ----

const isConcrete = (x: NDArray): boolean => !(x instanceof Tracer);

function normInt(i: number, d: number, op: string, axis: number): number {
  if (i < -d || i >= d) throw new RangeError(`${op}: index ${i} is out of bounds for axis ${axis} with size ${d}`);
  return i < 0 ? i + d : i;
}

/**
 * Make integer indices non-negative (wrapping negatives by `d`), as int32. Concrete indices are
 * bounds-checked; traced ones cannot be (NB: out-of-range traced indices clamp, as JAX's gather does).
 */
function normIndexArray(idx: NDArray, d: number, op: string, axis: number): NDArray {
  if (isConcrete(idx)) {
    const src = idx.data();
    const out = new Int32Array(src.length);
    for (let k = 0; k < src.length; k++) out[k] = normInt(src[k], d, op, axis);
    return ConcreteArray.fromTyped(out, idx.shape, "int32");
  }
  const i = L.convert(idx, "int32");
  const wrapped = idx.dtype === "uint32" ? i : L.select(L.lt(i, 0), L.add(i, d), i);
  return L.max(L.min(wrapped, Math.max(d - 1, 0)), 0); // clamp per axis (before axes are merged)
}

/** A slice resolved against an axis of size `d`: first element, step and count (NumPy rules). */
function resolveSlice(sl: Slice, d: number): { start: number; step: number; count: number } {
  const step = sl.step ?? 1;
  const clampTo = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + d : v, lo), hi);
  let start: number, stop: number;
  if (step > 0) {
    start = sl.start === null ? 0 : clampTo(sl.start, 0, d);
    stop = sl.stop === null ? d : clampTo(sl.stop, 0, d);
  } else {
    start = sl.start === null ? d - 1 : clampTo(sl.start, -1, d - 1);
    stop = sl.stop === null ? -1 : clampTo(sl.stop, -1, d - 1);
  }
  return { start, step, count: Math.max(0, Math.ceil((stop - start) / step)) };
}

/** Coordinates of the true elements of a concrete mask: one int32 array per mask axis. */
function maskToIndices(mask: NDArray, op: string): NDArray[] {
  if (!isConcrete(mask)) {
    throw new TypeError(
      `${op}: a boolean mask index needs concrete values, but the mask ${mask.aval.str()} is traced inside a transformation ` +
        `(the result shape would depend on the data). Use np.where(mask, x, 0) instead, or x.at(mask).set(scalar) which works on traced masks.`,
    );
  }
  const data = mask.data();
  const shape = mask.shape;
  const coords: number[][] = shape.map(() => []);
  for (let flat = 0; flat < data.length; flat++) {
    if (!data[flat]) continue;
    let rem = flat;
    for (let ax = shape.length - 1; ax >= 0; ax--) {
      coords[ax].push(rem % shape[ax]);
      rem = Math.floor(rem / shape[ax]);
    }
  }
  return coords.map((c) => ConcreteArray.fromTyped(Int32Array.from(c), [c.length], "int32"));
}

/** An entry with its position in the index list the user wrote (masks expand to several entries). */
type Placed = Entry & { src: number };

/**
 * Expand the ellipsis (or pad with trailing full slices) and masks, so that every entry but
 * `newaxis` consumes exactly one axis of `x`, in order.
 */
function expandEntries(x: NDArray, indices: Index[], op: string): Placed[] {
  const parsed: Placed[] = indices.map((ix, src) => ({ ...parseIndex(ix, op), src }));
  const consumes = (e: Entry) => (e.kind === "newaxis" || e.kind === "ellipsis" ? 0 : e.kind === "mask" ? e.mask.ndim : 1);
  const used = parsed.reduce((n, e) => n + consumes(e), 0);
  const ellipses = parsed.filter((e) => e.kind === "ellipsis").length;
  if (ellipses > 1) throw new RangeError(`${op}: an index can only have a single ellipsis ("..."), got ${ellipses}`);
  if (used > x.ndim) throw new RangeError(`${op}: too many indices for array of shape ${fmtShape(x.shape)}: ${x.ndim} axes, but ${used} were indexed`);
  const fill = (src: number): Placed[] => Array.from({ length: x.ndim - used }, () => ({ kind: "slice", slice: FULL, src }));
  const withFill = ellipses ? parsed.flatMap((e) => (e.kind === "ellipsis" ? fill(e.src) : [e])) : [...parsed, ...fill(parsed.length)];
  const out: Placed[] = [];
  let axis = 0;
  for (const e of withFill) {
    if (e.kind !== "mask") {
      out.push(e);
      if (e.kind !== "newaxis") axis++;
      continue;
    }
    const dims = x.shape.slice(axis, axis + e.mask.ndim);
    if (dims.some((d, i) => d !== e.mask.shape[i])) {
      throw new RangeError(`${op}: boolean mask of shape ${fmtShape(e.mask.shape)} does not match the indexed axes ${fmtShape(dims)} (starting at axis ${axis}) of shape ${fmtShape(x.shape)}`);
    }
    for (const arr of maskToIndices(e.mask, op)) out.push({ kind: "array", arr, src: e.src });
    axis += e.mask.ndim;
  }
  return out;
}

// ---- getItem ----

/**
 * Index an array with NumPy semantics: integers, slices, `null`, `"..."`, integer arrays (gathered)
 * and concrete boolean masks. Out-of-range integers throw; so do out-of-range concrete index arrays
 * (NB: traced index arrays cannot be checked and clamp, as in JAX).
 * @example np.getItem(np.arange(12).reshape([3, 4]), 1, "::-1") // [7, 6, 5, 4]
 */
export function getItem(x: ArrayLike, ...indices: Index[]): NDArray {
  return indexArray(asArray(x), indices, "getItem");
}

function indexArray(x: NDArray, indices: Index[], op: string): NDArray {
  const entries = expandEntries(x, indices, op);
  const hasAdvanced = entries.some((e) => e.kind === "array");

  // 1. basic part: one rev + one strided slice over every sliced axis (and single-element slices for ints)
  const start = x.shape.map(() => 0), stop = [...x.shape], step = x.shape.map(() => 1);
  const revAxes: number[] = [];
  const adv: { axis: number; pos: number; src: number; idx: NDArray }[] = [];
  let axis = 0;
  entries.forEach((e, pos) => {
    if (e.kind === "newaxis") return;
    const d = x.shape[axis];
    if (e.kind === "slice") {
      const r = resolveSlice(e.slice, d);
      const first = r.step > 0 ? r.start : d - 1 - r.start; // in reversed coordinates for negative steps
      if (r.step < 0) revAxes.push(axis);
      start[axis] = r.count ? first : 0;
      stop[axis] = r.count ? first + (r.count - 1) * Math.abs(r.step) + 1 : 0;
      step[axis] = Math.abs(r.step);
    } else if (e.kind === "int") {
      const i = normInt(e.value, d, op, axis);
      if (hasAdvanced) adv.push({ axis, pos, src: e.src, idx: L.full([], i, "int32") });
      else [start[axis], stop[axis]] = [i, i + 1];
    } else if (e.kind === "array") {
      adv.push({ axis, pos, src: e.src, idx: normIndexArray(e.arr, d, op, axis) });
    }
    axis++;
  });
  const y = L.slice(L.rev(x, revAxes), start, stop, step);

  // result dims of the basic entries, in order (ints drop their axis; newaxis adds a 1)
  const basicDims = (skipAdvanced: boolean, bShape: number[] | null) => {
    const dims: number[] = [];
    let ax = 0;
    entries.forEach((e, pos) => {
      if (e.kind === "newaxis") return void dims.push(1);
      if (e.kind === "slice") dims.push(y.shape[ax]);
      else if (!skipAdvanced && bShape && pos === adv[0].pos) dims.push(...bShape);
      ax++;
    });
    return dims;
  };
  if (!hasAdvanced) return L.reshape(y, basicDims(true, null));

  // 2. advanced part: broadcast the index arrays, merge the indexed axes into one and gather once
  const bShape = broadcastShapes(op, ...adv.map((a) => a.idx.shape));
  // adjacent = nothing else (not even an empty "...") between the advanced indices as written
  const adjacent = adv.every((a, k) => k === 0 || a.src - adv[k - 1].src <= 1);
  const advAxes = adv.map((a) => a.axis);
  const others = y.shape.map((_, i) => i).filter((i) => !advAxes.includes(i));
  const before = adjacent ? others.filter((i) => i < advAxes[0]) : [];
  const perm = [...before, ...advAxes, ...others.filter((i) => !before.includes(i))];
  const yt = L.transpose(y, perm);
  const q = before.length;
  const advDims = advAxes.map((i) => y.shape[i]);
  const merged = L.reshape(yt, [...yt.shape.slice(0, q), prod(advDims), ...yt.shape.slice(q + advAxes.length)]);
  // flat position in the merged axis: Σ idx_k · stride_k (row-major over the indexed axes)
  let flat: NDArray | null = null;
  let stride = 1;
  for (let k = adv.length - 1; k >= 0; k--) {
    const b = L.broadcastTo(adv[k].idx, bShape);
    const term = stride === 1 ? b : L.mul(b, stride);
    flat = flat ? L.add(flat, term) : term;
    stride *= advDims[k];
  }
  const g = L.gather(merged, flat!, q);
  // NB: as NumPy, advanced indices separated by a slice or newaxis put their dims first
  return L.reshape(g, adjacent ? basicDims(false, bShape) : [...bShape, ...basicDims(true, null)]);
}

// ---- functional updates ----

/** The updates of `x.at(...indices)`: each returns a new array (arrays are immutable). */
export interface AtIndexer {
  /** x[indices]. @example x.at(0).get() */
  get(): NDArray;
  /** x with x[indices] = v. NB: repeated indices sum their values (JAX picks one). @example x.at(0).set(5) */
  set(v: ArrayLike): NDArray;
  /** x with x[indices] += v; repeated indices accumulate (as NumPy's add.at). @example x.at([0, 0]).add(1) */
  add(v: ArrayLike): NDArray;
  /** x with x[indices] -= v. @example x.at(1).subtract(1) */
  subtract(v: ArrayLike): NDArray;
  /** x with x[indices] *= v. NB: repeated indices multiply by the sum of their values. @example x.at(0).multiply(2) */
  multiply(v: ArrayLike): NDArray;
  /** x with x[indices] /= v (float arrays). @example x.at(0).divide(2) */
  divide(v: ArrayLike): NDArray;
}

type UpdateKind = "set" | "add" | "multiply" | "divide";

/**
 * Functional index updates, as JAX's `x.at[idx]`: `np.at(x, 1, ":").set(0)`.
 * @example np.at(np.zeros(3), 1).set(5) // [0, 5, 0]
 */
export function at(x: ArrayLike, ...indices: Index[]): AtIndexer {
  const a = asArray(x);
  return {
    get: () => indexArray(a, indices, "at.get"),
    set: (v) => update(a, indices, v, "set"),
    add: (v) => update(a, indices, v, "add"),
    subtract: (v) => update(a, indices, negateValue(a, v), "add"),
    multiply: (v) => update(a, indices, v, "multiply"),
    divide: (v) => update(a, indices, v, "divide"),
  };
}

function negateValue(x: NDArray, v: ArrayLike): NDArray {
  if (x.dtype === "bool") throw new TypeError(`at.subtract: not supported for bool arrays`);
  return L.neg(L.convert(asArray(v, x.dtype), x.dtype));
}

/** Update values cast to `dtype` and broadcast to the indexed shape (extra leading 1s allowed). */
function valuesFor(v: ArrayLike, shape: number[], dtype: DType, op: string): NDArray {
  const scalarOrArray = v instanceof NDArray || typeof v === "number" || typeof v === "boolean";
  let a = scalarOrArray ? L.convert(asArray(v, dtype), dtype) : array(v, { dtype });
  while (a.ndim > shape.length && a.shape[0] === 1) a = L.reshape(a, a.shape.slice(1));
  const off = shape.length - a.ndim;
  if (off < 0 || a.shape.some((d, i) => d !== 1 && d !== shape[off + i])) {
    throw new RangeError(`${op}: cannot broadcast update values of shape ${fmtShape(a.shape)} to the indexed shape ${fmtShape(shape)}`);
  }
  return L.broadcastTo(a, shape);
}

function isSingleMask(indices: Index[]): boolean {
  if (indices.length !== 1) return false;
  const ix = indices[0];
  if (ix instanceof NDArray) return ix.dtype === "bool" && ix.ndim > 0;
  return Array.isArray(ix) && ix.length > 0 && (ix as unknown[]).flat(Infinity).every((b) => typeof b === "boolean");
}

function update(x: NDArray, indices: Index[], v: ArrayLike, kind: UpdateKind): NDArray {
  const op = `at.${kind}`;
  if (kind === "divide" && !isFloat(x.dtype)) throw new TypeError(`${op}: needs a float array, got ${x.dtype}${fmtShape(x.shape)}`);
  const work: DType = x.dtype === "bool" ? "int32" : x.dtype; // scatter in int32 for bools
  let cond: NDArray, vals: NDArray;
  const vArr = v instanceof NDArray ? v : null;
  if (isSingleMask(indices) && (vArr === null ? typeof v === "number" || typeof v === "boolean" : vArr.ndim === 0)) {
    // one mask and a scalar: a select, which also works when the mask is traced
    const mask = indices[0] instanceof NDArray ? indices[0] : jsIndexArray(indices[0] as NestedArray, op);
    if (mask.ndim > x.ndim || mask.shape.some((d, i) => d !== x.shape[i])) {
      throw new RangeError(`${op}: boolean mask of shape ${fmtShape(mask.shape)} does not match the leading axes of shape ${fmtShape(x.shape)}`);
    }
    cond = L.broadcastInDim(mask, x.shape, mask.shape.map((_, i) => i));
    vals = valuesFor(v, x.shape, work, op);
  } else {
    // flat element positions: the same indexing applied to an iota of x's shape
    const iota = ConcreteArray.fromTyped(Int32Array.from({ length: x.size }, (_, i) => i), x.shape, "int32");
    const pos = indexArray(iota, indices, op);
    const n = pos.size;
    const flatPos = L.reshape(pos, [n]);
    const scatter = (u: NDArray) => L.reshape(L.scatterAdd(L.reshape(u, [n]), flatPos, 0, [x.size]), x.shape);
    cond = L.gt(scatter(L.full(pos.shape, 1, "int32")), 0);
    vals = scatter(valuesFor(v, pos.shape, work, op));
  }
  const xw = L.convert(x, work);
  let out: NDArray;
  if (kind === "set") out = L.select(cond, vals, xw);
  else if (kind === "add") out = L.add(xw, L.select(cond, vals, L.zerosLike(vals)));
  else if (kind === "multiply") out = L.mul(xw, L.select(cond, vals, L.fullLike(vals, 1)));
  else out = L.div(xw, L.select(cond, vals, L.fullLike(vals, 1))); // 1 off the mask: no 0/0 in the gradient
  return x.dtype === "bool" ? L.ne(out, 0) : out;
}

// ---- take, takeAlongAxis, nonzero ----

/** Integer indices from an array-like (JS numbers must be integers; booleans are rejected). */
function toIndices(v: ArrayLike, op: string): NDArray {
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new TypeError(`${op}: indices must be integers, got ${v}`);
    return L.full([], v, "int32");
  }
  const a = v instanceof NDArray ? v : jsIndexArray(v as NestedArray, op);
  if (a.dtype === "bool") throw new TypeError(`${op}: indices must be integers, got a bool${fmtShape(a.shape)} array (use np.nonzero for masks)`);
  return checkIntArray(a, op);
}

/**
 * Elements at `indices` along `axis` (of the flattened array when `axis` is omitted).
 * `mode`: "raise" (default: concrete out-of-range indices throw, traced ones clamp), "clip" or "wrap".
 * @example np.take([4, 5, 6], [2, 0]) // [6, 4]
 */
export function take(x: ArrayLike, indices: ArrayLike, axis?: number | null, opts: { mode?: "raise" | "clip" | "wrap" } = {}): NDArray {
  let a = asArray(x);
  if (axis === null || axis === undefined) {
    a = L.reshape(a, [a.size]);
    axis = 0;
  }
  const ax = normAxis(axis, a.ndim, "take");
  const d = a.shape[ax];
  let idx = toIndices(indices, "take");
  const mode = opts.mode ?? "raise";
  if ((mode === "clip" || mode === "wrap") && d === 0 && idx.size > 0) throw new RangeError(`take: cannot take from an empty axis ${ax} of shape ${fmtShape(a.shape)}`);
  if (mode === "raise") idx = normIndexArray(idx, d, "take", ax);
  else if (mode === "clip") idx = L.max(L.min(L.convert(idx, "int32"), d - 1), 0);
  else if (mode === "wrap") {
    const r = L.rem(L.convert(idx, "int32"), d);
    idx = L.select(L.lt(r, 0), L.add(r, d), r);
  } else throw new TypeError(`take: mode must be "raise", "clip" or "wrap", got ${JSON.stringify(mode)}`);
  return L.gather(a, idx, ax);
}

/**
 * Pick along `axis` with an index array of the same rank (as returned by argsort); the other axes broadcast.
 * @example np.takeAlongAxis([[10, 30, 20]], [[0, 2, 1]], 1) // [[10, 20, 30]]
 */
export function takeAlongAxis(x: ArrayLike, indices: ArrayLike, axis: number | null): NDArray {
  let a = asArray(x);
  let idx = toIndices(indices, "takeAlongAxis");
  if (axis === null) {
    if (idx.ndim !== 1) throw new RangeError(`takeAlongAxis: with axis null the indices must be 1-D, got shape ${fmtShape(idx.shape)}`);
    a = L.reshape(a, [a.size]);
    axis = 0;
  }
  if (idx.ndim !== a.ndim) {
    throw new RangeError(`takeAlongAxis: indices ${fmtShape(idx.shape)} and array ${fmtShape(a.shape)} must have the same number of dimensions`);
  }
  const ax = normAxis(axis, a.ndim, "takeAlongAxis");
  const n = a.shape[ax];
  idx = normIndexArray(idx, n, "takeAlongAxis", ax); // traced indices are clamped: they stay inside their row
  const last = a.ndim - 1;
  const am = L.moveaxis(a, ax, last), im = L.moveaxis(idx, ax, last);
  const batch = broadcastShapes("takeAlongAxis", am.shape.slice(0, -1), im.shape.slice(0, -1));
  const k = im.shape[last];
  if (n === 0 && k > 0) throw new RangeError(`takeAlongAxis: cannot index the empty axis ${ax} of shape ${fmtShape(a.shape)}`);
  const rows = prod(batch);
  const ab = L.reshape(L.broadcastTo(am, [...batch, n]), [rows * n]);
  const ib = L.reshape(L.broadcastTo(im, [...batch, k]), [rows, k]);
  // row r of the flattened array starts at r·n
  const offsets = L.broadcastInDim(ConcreteArray.fromTyped(Int32Array.from({ length: rows }, (_, r) => r * n), [rows], "int32"), [rows, k], [0]);
  const out = L.gather(ab, L.add(ib, offsets), 0);
  return L.moveaxis(L.reshape(out, [...batch, k]), last, ax);
}

/**
 * The indices of the nonzero elements, one int32 array per axis (needs concrete values).
 * @example np.nonzero([0, 3, 0, 4]) // [[1, 3]]
 */
export function nonzero(x: ArrayLike): NDArray[] {
  const a = asArray(x);
  if (a.ndim === 0) throw new RangeError("nonzero: a 0-d array has no axes to index; reshape it to 1-D first");
  return maskToIndices(a.dtype === "bool" ? a : L.ne(a, 0), "nonzero");
}
