/** @file Counting into bins: histogram, bincount, digitize. */
import { fmtShape } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { isFloat } from "../core/dtype.js";
import { Tracer } from "../core/trace.js";
import * as L from "../lax/index.js";
import { ArrayLike, array, asArray, resultDType, toFloat } from "./core.js";
import { show } from "./signature.js";
import { searchsorted } from "./sorting.js";

type A = ArrayLike;

/** Sum `w` into `size` bins at int32 indices `i` (all 1-D); indices outside [0, size) are dropped. */
export function binSum(i: NDArray, w: NDArray, size: number): NDArray {
  // two spill bins (−1 → 0, ≥ size → size + 1), sliced off afterwards
  const j = L.add(L.max(L.min(i, L.full(i.shape, size, "int32")), L.full(i.shape, -1, "int32")), 1);
  return L.slice(L.scatterAdd(w, j, 0, [size + 2]), [1], [size + 1]);
}

export interface BincountOpts {
  /** A weight per element of x (default 1). */
  weights?: A | null;
  /** At least this many bins (default 0). */
  minlength?: number;
  /** Exactly this many bins (larger values are dropped); required under jit/vmap/grad, as JAX. */
  length?: number | null;
}
/**
 * The number (or summed weights) of each value 0, 1, 2, … in the 1-D non-negative integer array x.
 * The length is max(x) + 1 (at least `minlength`) unless `length` fixes it.
 * NB: a concrete negative value is an error (as NumPy); under transformations negative values
 * count as 0, as JAX (which never checks).
 * @example np.bincount([0, 1, 1, 3]) // [1, 2, 0, 1]
 * @example np.bincount([0, 1, 1], { weights: [0.5, 1, 2] }) // [0.5, 3]
 */
export function bincount(x: A, weights?: A | null | BincountOpts, opts: BincountOpts = {}): NDArray {
  if (typeof weights === "object" && weights !== null && !Array.isArray(weights) && !(weights instanceof NDArray) && !ArrayBuffer.isView(weights)) [weights, opts] = [undefined, weights as BincountOpts];
  const o = { ...opts, ...(weights === undefined || weights === null ? {} : { weights }) };
  if (Array.isArray(x) && x.flat(Infinity as 1).some((v) => !Number.isInteger(v))) throw new TypeError(`bincount: x must hold integers, got ${show(x)}`);
  const a = Array.isArray(x) ? array(x, { dtype: "int32" }) : asArray(x);
  if (a.ndim !== 1) throw new RangeError(`bincount: x must be 1-D, got shape ${fmtShape(a.shape)}`);
  if (isFloat(a.dtype)) throw new TypeError(`bincount: x must hold integers, got ${a.dtype}`);
  const minlength = o.minlength ?? 0;
  if (!Number.isInteger(minlength) || minlength < 0) throw new TypeError(`bincount: minlength must be a non-negative integer, got ${show(minlength)}`);
  const idx = L.convert(a, "int32");
  let length = o.length;
  if (length === undefined || length === null) {
    if (idx instanceof Tracer) {
      throw new TypeError(`bincount: the number of bins depends on the data, but x ${idx.aval.str()} is traced inside a transformation; pass a static { length }, as jnp.bincount requires`);
    }
    const vals = idx.toArray() as number[];
    if (vals.some((v) => v < 0)) throw new RangeError(`bincount: x must be non-negative, got ${Math.min(...vals)}`);
    length = Math.max(minlength, vals.length ? Math.max(...vals) + 1 : 0);
  } else if (!Number.isInteger(length) || length < 0) throw new TypeError(`bincount: length must be a non-negative integer, got ${show(length)}`);
  let w: NDArray;
  if (o.weights === undefined || o.weights === null) w = L.full(a.shape, 1, "int32");
  else {
    w = asArray(o.weights);
    if (w.ndim !== 1 || w.shape[0] !== a.shape[0]) throw new RangeError(`bincount: weights of shape ${fmtShape(w.shape)} must match x ${fmtShape(a.shape)}`);
    if (w.dtype === "bool") w = L.convert(w, "int32");
  }
  return binSum(L.max(idx, L.zerosLike(idx)), w, length);
}

/**
 * The bin index of each x among the monotonic `bins` (increasing or decreasing): i with
 * bins[i−1] ≤ x < bins[i] (or bins[i−1] < x ≤ bins[i] with `right`); int32.
 * @example np.digitize([0.5, 1, 2.5, 9], [1, 2, 3]) // [0, 1, 2, 3]
 */
export function digitize(x: A, bins: A, right: boolean | { right?: boolean } = false): NDArray {
  if (typeof right === "object" && right !== null) right = right.right ?? false;
  if (typeof right !== "boolean") throw new TypeError(`digitize: right must be a boolean, got ${show(right)}`);
  const d = resultDType([x, bins]);
  const b = L.convert(asArray(bins, d), d), v = L.convert(asArray(x, d), d);
  if (b.ndim !== 1) throw new RangeError(`digitize: bins must be 1-D, got shape ${fmtShape(b.shape)}`);
  const n = b.shape[0];
  if (n === 0) return L.full(v.shape, 0, "int32");
  const side = right ? "left" : "right";
  const inc = searchsorted(b, v, { side });
  const dec = L.sub(n, searchsorted(L.rev(b, [0]), v, { side }));
  const increasing = L.ge(L.slice(b, [n - 1], [n]), L.slice(b, [0], [1]));
  return L.select(L.broadcastTo(L.reshape(increasing, []), v.shape), inc, dec);
}

/** The bin edges for a flattened float `a`: `bins` equal-width bins over `range` (default [min, max]) or the given edges. */
export function binEdges(op: string, a: NDArray, bins: number | A, range: [number, number] | null | undefined): NDArray {
  let edges: NDArray;
  if (typeof bins === "string") throw new TypeError(`${op}: bins must be a positive integer or an array of edges, got ${show(bins)} (NumPy's named bin rules are not supported, as in JAX)`);
  if (typeof bins === "number") {
    if (!Number.isInteger(bins) || bins < 1) throw new TypeError(`${op}: bins must be a positive integer or an array of edges, got ${show(bins)}`);
    let lo: NDArray, hi: NDArray;
    if (range !== undefined && range !== null) {
      const r = range;
      if (!Array.isArray(r) || r.length !== 2 || r.some((v) => typeof v !== "number") || !(r[0] <= r[1])) throw new RangeError(`${op}: range must be [lo, hi] with lo ≤ hi, got ${show(r)}`);
      [lo, hi] = [L.full([], r[0], a.dtype), L.full([], r[1], a.dtype)];
    } else if (a.size === 0) [lo, hi] = [L.full([], 0, a.dtype), L.full([], 1, a.dtype)];
    else [lo, hi] = [L.reduceMin(a, [0]), L.reduceMax(a, [0])];
    // as NumPy: an empty range becomes [lo − 0.5, hi + 0.5]
    const same = L.eq(lo, hi);
    lo = L.select(same, L.sub(lo, 0.5), lo), hi = L.select(same, L.add(hi, 0.5), hi);
    // as NumPy's linspace: lo + i·((hi − lo)/bins), with the last edge exactly hi
    const i = L.convert(asArray(Array.from({ length: bins + 1 }, (_, k) => k), "int32"), a.dtype);
    const [l, h] = [L.broadcastTo(L.stopGradient(lo), i.shape), L.broadcastTo(L.stopGradient(hi), i.shape)];
    const isLast = L.eq(i, L.fullLike(i, bins));
    edges = L.select(isLast, h, L.add(L.mul(i, L.div(L.sub(h, l), bins)), l));
  } else {
    edges = L.convert(toFloat(bins), a.dtype);
    if (edges.ndim !== 1 || edges.shape[0] < 2) throw new RangeError(`${op}: bin edges must be 1-D with at least 2 entries, got shape ${fmtShape(edges.shape)}`);
  }
  return edges;
}

/** The bin of each value of the 1-D `a` among `edges` (the last bin closed): −1 below, nb and more above. */
export function binIndex(edges: NDArray, a: NDArray): NDArray {
  const nb = edges.shape[0] - 1;
  const last = L.reshape(L.slice(edges, [nb], [nb + 1]), []);
  const i = L.sub(searchsorted(edges, a, { side: "right" }), 1);
  return L.select(L.eq(a, L.broadcastTo(last, a.shape)), L.full(a.shape, nb - 1, "int32"), i);
}

export interface HistogramOpts {
  /** [lo, hi] of the equal-width bins (default: x's min and max); ignored when bin edges are given. */
  range?: [number, number] | null;
  /** Normalize to a probability density (the integral over the range is 1). */
  density?: boolean;
  /** A weight per element of x (default 1). */
  weights?: A | null;
}
/**
 * Histogram of the flattened x: `[counts, edges]`. `bins` is a number of equal-width bins (default
 * 10) or the increasing bin edges; each bin is half-open [e_i, e_{i+1}) except the last, which
 * includes its right edge; values outside are not counted.
 * NB: as JAX, counts are floats (in x's float dtype); NumPy gives integers without weights.
 * @example np.histogram([1, 2, 1], 2) // [[2, 1], [1, 1.5, 2]]
 */
export function histogram(x: A, bins: number | A | HistogramOpts = 10, opts: HistogramOpts = {}): [NDArray, NDArray] {
  if (typeof bins === "object" && bins !== null && !Array.isArray(bins) && !(bins instanceof NDArray) && !ArrayBuffer.isView(bins)) [bins, opts] = [10, bins as HistogramOpts];
  if (opts.density !== undefined && typeof opts.density !== "boolean") throw new TypeError(`histogram: density must be a boolean, got ${show(opts.density)}`);
  const a0 = toFloat(x), a = L.reshape(a0, [a0.size]);
  const edges = binEdges("histogram", a, bins as number | A, opts.range);
  const nb = edges.shape[0] - 1;
  const i = binIndex(edges, a);
  let w = L.full(a.shape, 1, a.dtype);
  if (opts.weights !== undefined && opts.weights !== null) {
    w = L.convert(toFloat(opts.weights), a.dtype);
    if (w.size !== a.size) throw new RangeError(`histogram: weights of shape ${fmtShape(w.shape)} must match x`);
    w = L.reshape(w, [a.size]);
  }
  let counts = binSum(i, w, nb);
  if (opts.density) {
    const widths = L.sub(L.slice(edges, [1], [nb + 1]), L.slice(edges, [0], [nb]));
    counts = L.div(L.div(counts, L.broadcastTo(L.reduceSum(counts, [0]), counts.shape)), widths);
  }
  return [counts, edges];
}

/**
 * The bin edges `histogram` would use: `bins` equal-width bins over `range` (default: x's min and max)
 * or the given edges, checked.
 * @example np.histogramBinEdges([1, 2, 4], 3) // [1, 2, 3, 4]
 */
export function histogramBinEdges(x: A, bins: number | A | { range?: [number, number] | null } = 10, opts: { range?: [number, number] | null } = {}): NDArray {
  if (typeof bins === "object" && bins !== null && !Array.isArray(bins) && !(bins instanceof NDArray) && !ArrayBuffer.isView(bins)) [bins, opts] = [10, bins as { range?: [number, number] | null }];
  const a0 = toFloat(x);
  return binEdges("histogramBinEdges", L.reshape(a0, [a0.size]), bins as number | A, opts.range);
}
