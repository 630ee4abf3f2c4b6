/** @file The series of a line plot: its options, and reading/checking one into plain number arrays. */
import { NDArray } from "../core/array.js";
import { show } from "../numpy/signature.js";
import { isData, toNumbers, type PlotData } from "./svg.js";

/** A point marker: circle, square, triangle or cross. */
export type MarkerShape = "o" | "s" | "^" | "x";

/** Error bars: one value for every point, one per point (symmetric), or `[lower, upper]` per point (or an array [2, n]). */
export type ErrorBars = number | PlotData | [PlotData, PlotData];

/** One series of a plot: a line, a scatter, a band, steps, error bars or a histogram — combined freely on one axes. */
export interface Series {
  /** The y values. Non-finite values (and non-positive ones on a log axis) leave a gap. */
  y: PlotData;
  /** The x values (default: 0, 1, 2, …, or the bin centres with `binEdges`); must have as many values as `y`. */
  x?: PlotData;
  /** The name shown in the legend (unlabelled series are not listed). */
  label?: string;
  /** A CSS colour; by default the next colour of a colour-blind-safe palette. */
  color?: string;
  /** Draw the line dashed. */
  dashed?: boolean;
  /** Draw the line through the points (default true; `false` with markers is a scatter plot). */
  line?: boolean;
  /** Mark each point with a dot (the `marker` shape when given). */
  markers?: boolean;
  /** Mark each point with this shape (implies `markers`): "o" circle, "s" square, "^" triangle, "x" cross. */
  marker?: MarkerShape;
  /** Draw the line as steps: "post" holds y[i] on [x[i], x[i+1]), "pre" on (x[i−1], x[i]], "mid" changes halfway (as matplotlib's `drawstyle="steps-…"`). */
  step?: "mid" | "pre" | "post";
  /** Vertical error bars at each point. */
  yerr?: ErrorBars;
  /** Horizontal error bars at each point. */
  xerr?: ErrorBars;
  /**
   * Fill the area between `y` and these values (at the same x) instead of drawing a line: a band, such as
   * a ±1σ band from its lower to its upper edge. Bands are drawn under every line, in series order.
   */
  fillTo?: PlotData;
  /** The opacity of a band's fill (0 … 1, default 1), so that overlapping bands stay visible. */
  opacity?: number;
  /**
   * Draw `y` as a histogram: y[i] is the height over [binEdges[i], binEdges[i+1]] (n + 1 increasing edges),
   * outlined as steps from the baseline (0, or the bottom of a log axis). Made by {@link histogram}.
   */
  binEdges?: PlotData;
}

const SERIES_KEYS = new Set(["y", "x", "label", "color", "dashed", "line", "markers", "marker", "step", "yerr", "xerr", "fillTo", "opacity", "binEdges"]);

/** A series read into numbers, with what to draw. */
export interface SeriesData {
  x: number[];
  y: number[];
  to: number[] | null;
  /** Error bar extents below/above (left/right) each point, or null. */
  yerr: [number[], number[]] | null;
  xerr: [number[], number[]] | null;
  edges: number[] | null;
  line: boolean;
  marker: MarkerShape | null;
  step: "mid" | "pre" | "post" | null;
  opacity: number;
}

function errorBars(e: unknown, n: number, fn: string, what: string): [number[], number[]] {
  const check = (v: number[], side: string) => {
    if (v.length !== n) throw new RangeError(`${fn}: ${what}${side} has ${v.length} values but the series has ${n} points`);
    const bad = v.findIndex((t) => t < 0);
    if (bad >= 0) throw new RangeError(`${fn}: ${what}${side} must be ≥ 0 (an extent, not a position), got ${v[bad]} at point ${bad}`);
    return v;
  };
  if (typeof e === "number") return [check(new Array(n).fill(e), ""), new Array(n).fill(e)];
  if (e instanceof NDArray && e.ndim === 2) {
    if (e.shape[0] !== 2) throw new RangeError(`${fn}: ${what} as an array must have shape [n] or [2, n], got [${e.shape}]`);
    const v = toNumbers(e, fn, what);
    return [check(v.slice(0, v.length / 2), "[0]"), check(v.slice(v.length / 2), "[1]")];
  }
  if (Array.isArray(e) && e.length === 2 && isData(e[0]) && typeof e[0] !== "number") {
    return [check(toNumbers(e[0], fn, `${what}[0]`), "[0]"), check(toNumbers(e[1], fn, `${what}[1]`), "[1]")];
  }
  const v = check(toNumbers(e, fn, what), "");
  return [v, v];
}

/** Read and check series `i` (all of its keys known, lengths matching, error bars sensible on log axes). */
export function readSeries(s: Series, i: number, logX: boolean, logY: boolean, fn = "plot.linePlot"): SeriesData {
  const at = `series[${i}]`;
  if (typeof s !== "object" || s === null || Array.isArray(s)) throw new TypeError(`${fn}: ${at} must be an object { x?, y, label?, … }, got ${show(s)}`);
  for (const k of Object.keys(s)) {
    if (!SERIES_KEYS.has(k)) throw new TypeError(`${fn}: ${at} has an unknown option ${JSON.stringify(k)} (known: ${[...SERIES_KEYS].join(", ")})`);
  }
  if (s.y === undefined) throw new TypeError(`${fn}: ${at}.y is missing`);
  const y = toNumbers(s.y, fn, `${at}.y`);
  const edges = s.binEdges === undefined ? null : toNumbers(s.binEdges, fn, `${at}.binEdges`);
  if (edges) {
    if (edges.length !== y.length + 1) throw new RangeError(`${fn}: ${at} has ${edges.length} binEdges for ${y.length} bins (expected ${y.length + 1})`);
    if (edges.some((e, k) => !Number.isFinite(e) || (k > 0 && !(e > edges[k - 1])))) throw new RangeError(`${fn}: ${at}.binEdges must be finite and increasing`);
  }
  const x = s.x !== undefined ? toNumbers(s.x, fn, `${at}.x`) : edges ? y.map((_, k) => (edges[k] + edges[k + 1]) / 2) : y.map((_, k) => k);
  if (x.length !== y.length) throw new RangeError(`${fn}: ${at} has ${x.length} x values but ${y.length} y values`);
  const to = s.fillTo === undefined ? null : toNumbers(s.fillTo, fn, `${at}.fillTo`);
  if (to && to.length !== y.length) throw new RangeError(`${fn}: ${at} has ${to.length} fillTo values but ${y.length} y values`);
  for (const k of ["label", "color"] as const) if (s[k] !== undefined && typeof s[k] !== "string") throw new TypeError(`${fn}: ${at}.${k} must be a string, got ${show(s[k])}`);
  for (const k of ["dashed", "line", "markers"] as const) if (s[k] !== undefined && typeof s[k] !== "boolean") throw new TypeError(`${fn}: ${at}.${k} must be a boolean, got ${show(s[k])}`);
  if (s.marker !== undefined && !["o", "s", "^", "x"].includes(s.marker)) throw new TypeError(`${fn}: ${at}.marker must be "o", "s", "^" or "x", got ${show(s.marker)}`);
  if (s.step !== undefined && !["mid", "pre", "post"].includes(s.step)) throw new TypeError(`${fn}: ${at}.step must be "mid", "pre" or "post", got ${show(s.step)}`);
  const opacity = s.opacity ?? 1;
  if (typeof opacity !== "number" || !(opacity >= 0 && opacity <= 1)) throw new RangeError(`${fn}: ${at}.opacity must be a number in [0, 1], got ${show(s.opacity)}`);
  const yerr = s.yerr === undefined ? null : errorBars(s.yerr, y.length, fn, `${at}.yerr`);
  const xerr = s.xerr === undefined ? null : errorBars(s.xerr, y.length, fn, `${at}.xerr`);
  // NB: matplotlib clips error bars that cross zero on a log axis; we refuse them: the bar would be infinitely long.
  const logCheck = (err: [number[], number[]] | null, v: number[], axis: string) => {
    if (!err) return;
    for (let j = 0; j < v.length; j++) {
      if (!Number.isFinite(v[j])) continue;
      const low = v[j] - err[0][j];
      if (low < 0) throw new RangeError(`${fn}: ${at} has an error bar reaching ${axis} = ${v[j]} − ${err[0][j]} = ${low} < 0 at point ${j} on a log ${axis} axis (a bar reaching 0 is drawn to the axis)`);
    }
  };
  if (logY) logCheck(yerr, y, "y");
  if (logX) logCheck(xerr, x, "x");
  const marker = s.marker ?? (s.markers ? "o" : null);
  return { x, y, to, yerr, xerr, edges, line: s.line ?? true, marker, step: s.step ?? null, opacity };
}

/** The x values a series spans (for the axis range). */
export function xExtentValues(d: SeriesData): number[] {
  const out: number[] = [];
  d.x.forEach((xv, j) => {
    if (!(Number.isFinite(d.y[j]) || (d.to !== null && Number.isFinite(d.to[j])))) return;
    out.push(xv);
    if (d.xerr) out.push(xv - d.xerr[0][j], xv + d.xerr[1][j]);
  });
  if (d.edges) out.push(d.edges[0], d.edges[d.edges.length - 1]);
  return out;
}

/** The y values a series spans (for the axis range); histograms start at 0 on a linear axis. */
export function yExtentValues(d: SeriesData, logY: boolean): number[] {
  const out = d.to ? [...d.y, ...d.to] : [...d.y];
  if (d.yerr) d.y.forEach((yv, j) => out.push(yv - d.yerr![0][j], yv + d.yerr![1][j]));
  if (d.edges && !logY) out.push(0);
  return out;
}
