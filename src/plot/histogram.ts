/** @file `plot.histogram`: binned data as a Series (a step outline at the bin edges, optional √N error bars) for `linePlot`. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { show } from "../numpy/signature.js";
import { boolOpt, isData, rangeOpt, strOpt, toNumbers, type PlotData } from "./svg.js";
import type { Series } from "./series.js";

/** Options of {@link histogram}. */
export interface HistogramOptions {
  /** The number of equal-width bins (default 10) or the increasing bin edges. */
  bins?: number | PlotData;
  /** [lo, hi] of the equal-width bins (default: the data's min and max); values outside are not counted. */
  range?: [number, number];
  /** Scale to a probability density (the bars integrate to 1), as NumPy's `density=True`. */
  density?: boolean;
  /** A weight per value (default 1). */
  weights?: PlotData;
  /** Add error bars at the bin centres: √N per bin, or √Σw² with weights (scaled as the bars with `density`). */
  errorBars?: boolean;
  /** The name in the legend. */
  label?: string;
  /** A CSS colour (default: the plot's palette). */
  color?: string;
}

/** A histogram series: bars at the bin edges, x at the bin centres (and the counts/edges it was drawn from). */
export interface HistogramSeries extends Series {
  x: number[];
  y: number[];
  binEdges: number[];
  yerr?: number[];
}

/**
 * Count `values` into bins exactly as `np.histogram` does (same edges, the last bin closed, `density`
 * as NumPy's) and return a {@link Series} for {@link linePlot}: the outline of the bars, and with
 * `errorBars` the statistical error of each bin (√N, or √Σw² with weights) at its centre — so that a
 * fitted density can be drawn over the data on the same axes.
 * @example const h = plot.histogram(data, { bins: 40, density: true, errorBars: true, label: "data" })
 * plot.linePlot({ series: [h, { x: xs, y: pdf, label: "fit" }] })
 * NB: matplotlib's `hist` draws as well as counts; here counting and drawing are separate, so the
 * histogram combines with any other series (and `h.y`, `h.binEdges` are the numbers drawn).
 */
export function histogram(values: PlotData, opts: HistogramOptions = {}): HistogramSeries {
  const fn = "plot.histogram";
  if (!isData(values)) throw new TypeError(`${fn}: values must be an NDArray or a list of numbers, got ${show(values)}`);
  const x = values instanceof NDArray ? values : np.array(toNumbers(values, fn, "values"), { dtype: "float64" });
  if (x.size === 0) throw new RangeError(`${fn}: values is empty`);
  const bins = opts.bins ?? 10;
  if (typeof bins === "number") {
    if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`${fn}: bins must be an integer ≥ 1 or the bin edges, got ${show(bins)}`);
  } else if (!isData(bins)) throw new TypeError(`${fn}: bins must be an integer ≥ 1 or the bin edges, got ${show(bins)}`);
  const range = rangeOpt(opts.range, fn, "range");
  const density = boolOpt(opts.density, fn, "density") ?? false;
  const errorBars = boolOpt(opts.errorBars, fn, "errorBars") ?? false;
  const label = strOpt(opts.label, fn, "label");
  const color = strOpt(opts.color, fn, "color");
  if (range === undefined && typeof bins === "number") {
    const v = Array.from(x.data() as ArrayLike<number>, Number);
    if (v.some((t) => !Number.isFinite(t))) throw new RangeError(`${fn}: values has non-finite entries; give a range (as NumPy, the automatic range needs finite data)`);
  }
  let weights: NDArray | undefined;
  if (opts.weights !== undefined) {
    const w = toNumbers(opts.weights, fn, "weights");
    if (w.length !== x.size) throw new RangeError(`${fn}: weights has ${w.length} values but values has ${x.size}`);
    weights = np.array(w, { dtype: x.dtype === "float32" ? "float32" : "float64" });
  }
  const edgesIn = typeof bins === "number" ? bins : np.array(toNumbers(bins, fn, "bins"), { dtype: x.dtype === "float32" ? "float32" : "float64" });
  const hopts = { ...(range ? { range } : {}), ...(weights ? { weights } : {}) };
  const [counts, edges] = np.histogram(x, edgesIn, hopts);
  const n = Array.from(counts.data() as ArrayLike<number>, Number);
  const e = Array.from(edges.data() as ArrayLike<number>, Number);
  // σ² per bin: the count (Poisson), or the sum of squared weights
  let var2 = n.map((c) => Math.max(c, 0));
  if (weights && errorBars) var2 = Array.from(np.histogram(x, edges, { ...hopts, weights: np.square(weights) })[0].data() as ArrayLike<number>, Number);
  // density as NumPy's: count / (total · width)
  const total = n.reduce((a, b) => a + b, 0);
  const scale = e.slice(1).map((hi, k) => (density ? 1 / (total * (hi - e[k])) : 1));
  const out: HistogramSeries = { x: e.slice(1).map((hi, k) => (hi + e[k]) / 2), y: n.map((c, k) => c * scale[k]), binEdges: e };
  if (errorBars) out.yerr = var2.map((v, k) => Math.sqrt(v) * scale[k]);
  if (label !== undefined) out.label = label;
  if (color !== undefined) out.color = color;
  return out;
}
