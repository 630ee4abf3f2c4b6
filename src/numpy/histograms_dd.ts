/** @file Multidimensional histograms: histogramdd and histogram2d. */
import { fmtShape } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, toFloat } from "./core.js";
import { binEdges, binIndex, binSum } from "./histograms.js";
import { show } from "./signature.js";

type A = ArrayLike;
type Bins = number | A;

export interface HistogramddOpts {
  /** Per dimension: [lo, hi] of the equal-width bins, or null for the data's min and max. */
  range?: ([number, number] | null)[] | null;
  /** Normalize to a probability density (the integral over the box is 1). */
  density?: boolean;
  /** A weight per sample (default 1). */
  weights?: A | null;
}

/**
 * D-dimensional histogram of N samples: `sample` is an array of shape [N, D], or a JS list of D
 * coordinate arrays of length N (as NumPy). `bins` is one count for every dimension, or a list
 * with a count or an edges array per dimension. Returns `[counts, edges]` with counts of shape [nb₀, …, nb_{D−1}]
 * (floats, as JAX) and one edges array per dimension.
 * @example np.histogramdd(np.array([[0, 0], [1, 1], [1, 0]]), 2)[0] // [[1, 0], [1, 1]]
 */
export function histogramdd(sample: A | A[], bins: Bins | Bins[] | HistogramddOpts = 10, opts: HistogramddOpts = {}): [NDArray, NDArray[]] {
  if (typeof bins === "object" && bins !== null && !Array.isArray(bins) && !(bins instanceof NDArray) && !ArrayBuffer.isView(bins)) [bins, opts] = [10, bins as HistogramddOpts];
  return dd("histogramdd", sample, bins as Bins | Bins[], opts);
}

function dd(op: string, sample: A | A[], bins: Bins | Bins[], opts: HistogramddOpts): [NDArray, NDArray[]] {
  if (opts.density !== undefined && typeof opts.density !== "boolean") throw new TypeError(`${op}: density must be a boolean, got ${show(opts.density)}`);
  let cols: NDArray[];
  if (sample instanceof NDArray) {
    const s = toFloat(sample);
    if (s.ndim !== 2) throw new RangeError(`${op}: sample must have shape [N, D], got ${fmtShape(s.shape)}`);
    cols = Array.from({ length: s.shape[1] }, (_, j) => L.reshape(L.slice(s, [0, j], [s.shape[0], j + 1]), [s.shape[0]]));
  } else if (Array.isArray(sample)) {
    cols = (sample as A[]).map((c) => toFloat(c));
    if (cols.some((c) => c.ndim !== 1 || c.shape[0] !== cols[0].shape[0])) throw new RangeError(`${op}: the coordinate arrays must be 1-D of one length, got ${cols.map((c) => fmtShape(c.shape)).join(", ")}`);
    const d = cols.some((c) => c.dtype === "float64") ? "float64" : cols[0]?.dtype;
    cols = cols.map((c) => L.convert(c, d));
  } else throw new TypeError(`${op}: sample must be an [N, D] array or a list of D coordinate arrays, got ${show(sample)}`);
  const D = cols.length;
  if (D === 0) throw new RangeError(`${op}: sample has no dimensions`);
  const n = cols[0].shape[0];
  // as NumPy: one number for every dimension, or a list with one count or edges array per dimension
  if (typeof bins !== "number" && !(Array.isArray(bins) && bins.length === D)) throw new RangeError(`${op}: bins must be a number or a list of ${D} counts or edge arrays (one per dimension), got ${show(bins)}`);
  const binList: Bins[] = typeof bins === "number" ? Array(D).fill(bins) : (bins as Bins[]);
  const range = opts.range ?? Array(D).fill(null);
  if (!Array.isArray(range) || range.length !== D) throw new RangeError(`${op}: range must list one [lo, hi] (or null) per dimension (${D}), got ${show(opts.range)}`);
  const edges = cols.map((c, j) => binEdges(op, c, binList[j], range[j]));
  const nbs = edges.map((e) => e.shape[0] - 1);
  // the flat bin index, −1 where any coordinate falls outside its edges
  let flat = L.full([n], 0, "int32");
  let outside = L.full([n], 0, "bool");
  cols.forEach((c, j) => {
    const i = binIndex(edges[j], c);
    outside = L.or(outside, L.or(L.lt(i, 0), L.ge(i, nbs[j])));
    flat = L.add(L.mul(flat, nbs[j]), i);
  });
  flat = L.select(outside, L.full([n], -1, "int32"), flat);
  let w = L.full([n], 1, cols[0].dtype);
  if (opts.weights !== undefined && opts.weights !== null) {
    w = L.convert(toFloat(opts.weights), cols[0].dtype);
    if (w.ndim !== 1 || w.shape[0] !== n) throw new RangeError(`${op}: weights of shape ${fmtShape(w.shape)} must have one entry per sample (${n})`);
  }
  const total = nbs.reduce((p, q) => p * q, 1);
  let counts = L.reshape(binSum(flat, w, total), nbs);
  if (opts.density) {
    let vol: NDArray = L.full(nbs, 1, counts.dtype);
    edges.forEach((e, j) => {
      const wd = L.sub(L.slice(e, [1], [nbs[j] + 1]), L.slice(e, [0], [nbs[j]]));
      vol = L.mul(vol, L.broadcastInDim(wd, nbs, [j]));
    });
    const s = L.reduceSum(counts, nbs.map((_, j) => j));
    counts = L.div(L.div(counts, L.broadcastTo(s, nbs)), vol);
  }
  return [counts, edges];
}

/**
 * 2-D histogram of the points (x[i], y[i]): `[counts, xEdges, yEdges]`. `bins` is a count or edges
 * for both axes, or `[binsX, binsY]`.
 * @example np.histogram2d([0, 1, 1], [0, 1, 0], 2)[0] // [[1, 0], [1, 1]]
 */
export function histogram2d(x: A, y: A, bins: Bins | [Bins, Bins] | HistogramddOpts = 10, opts: HistogramddOpts = {}): [NDArray, NDArray, NDArray] {
  if (typeof bins === "object" && bins !== null && !Array.isArray(bins) && !(bins instanceof NDArray) && !ArrayBuffer.isView(bins)) [bins, opts] = [10, bins as HistogramddOpts];
  // as NumPy: a list of two entries is one per axis; anything else is shared
  const b = Array.isArray(bins) && bins.length === 2 ? (bins as Bins[]) : [bins as Bins, bins as Bins];
  const [h, [ex, ey]] = dd("histogram2d", [x, y], b, opts);
  return [h, ex, ey];
}
