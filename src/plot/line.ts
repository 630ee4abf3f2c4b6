/** @file `plot.linePlot`: series of every kind (lines, scatter, steps, bands, error bars, histograms) on one pair of axes. */
import { show } from "../numpy/signature.js";
import { px, svgOpen, sizeOpt, strOpt, boolOpt } from "./svg.js";
import { axisTicks, dataRange, extent, tickLabels, type Scale, type Ticks } from "./scale.js";
import { drawAxes, drawFrameAndLabels, mapY, type Frame } from "./frame.js";
import { readSeries, xExtentValues, yExtentValues, type Series, type SeriesData } from "./series.js";
import { drawSeries, seriesLegend } from "./marks.js";

export interface LinePlotOptions {
  series: Series[];
  title?: string;
  xlabel?: string;
  ylabel?: string;
  /** Size of the whole SVG in pixels (default 480 × 320). */
  width?: number;
  height?: number;
  /** Logarithmic axes (base 10). */
  logX?: boolean;
  logY?: boolean;
  /** Fixed axis ranges; by default the range of the finite data. */
  xlim?: [number, number];
  ylim?: [number, number];
}

/** A checked plot: its series read, margins and axis ranges chosen (before any drawing). */
export interface PlotLayout {
  data: SeriesData[];
  width: number;
  height: number;
  frame: Frame;
  xt: Ticks;
  yt: Ticks;
  /** The data extents in scale space (before padding and ticks). */
  extents: { x: [number, number] | null; y: [number, number] | null };
}

/** Data extents in scale space that replace a plot's own (shared axes of subplots). */
export interface SharedExtents {
  x?: [number, number] | null;
  y?: [number, number] | null;
}

/** Read and check the options, and lay out the frame and its ticks (with `shared` extents when given). */
export function layoutPlot(opts: LinePlotOptions, fn = "plot.linePlot", shared: SharedExtents = {}): PlotLayout {
  if (typeof opts !== "object" || opts === null) throw new TypeError(`${fn}: expected an options object { series, … }, got ${show(opts)}`);
  const { series } = opts;
  if (!Array.isArray(series)) throw new TypeError(`${fn}: \`series\` must be an array of { x, y, label }, got ${show(series)}`);
  const logX = boolOpt(opts.logX, fn, "logX") ?? false;
  const logY = boolOpt(opts.logY, fn, "logY") ?? false;
  const title = strOpt(opts.title, fn, "title");
  strOpt(opts.xlabel, fn, "xlabel");
  strOpt(opts.ylabel, fn, "ylabel");
  const width = sizeOpt(opts.width, 480, fn, "width");
  const height = sizeOpt(opts.height, 320, fn, "height");
  const data = series.map((s, i) => readSeries(s, i, logX, logY, fn));

  const margin = { left: 64, right: 16, top: title ? 34 : 14, bottom: opts.xlabel ? 46 : 30 };
  const w = Math.max(10, width - margin.left - margin.right);
  const h = Math.max(10, height - margin.top - margin.bottom);
  const xe = shared.x !== undefined ? shared.x : extent(data.flatMap(xExtentValues), logX);
  const ye = shared.y !== undefined ? shared.y : extent(data.flatMap((d) => yExtentValues(d, logY)), logY);
  const xr = dataRange(xe, logX, opts.xlim, "x", fn);
  const yr = dataRange(ye, logY, opts.ylim, "y", fn);
  const xt = axisTicks(xr, logX, w, 80);
  const yt = axisTicks(yr, logY, h, 50);
  // Fixed limits stay exact; an automatic y range grows to the outer ticks so the frame ends on a tick.
  // The x axis is tight to the data on a linear scale; log axes end on whole decades.
  const xs: Scale = opts.xlim || !logX ? { lo: xr[0], hi: xr[1], log: logX } : { lo: xt.lo, hi: xt.hi, log: logX };
  const ys: Scale = opts.ylim ? { lo: yr[0], hi: yr[1], log: logY } : { lo: yt.lo, hi: yt.hi, log: logY };
  return { data, width, height, frame: { left: margin.left, top: margin.top, w, h, xs, ys }, xt, yt, extents: { x: xe, y: ye } };
}

let clipCounter = 0;

/** Draw a laid-out plot; `hide` drops tick labels (the inner panels of shared axes). */
export function drawPlot(opts: LinePlotOptions, L: PlotLayout, hide: { x?: boolean; y?: boolean } = {}): string {
  const { series } = opts;
  const { data, width, height, frame: f } = L;
  const out: string[] = [svgOpen(width, height)];
  const clipId = `adjoint-clip-${++clipCounter}`;
  out.push(`<defs><clipPath id="${clipId}"><rect x="${px(f.left)}" y="${px(f.top)}" width="${px(f.w)}" height="${px(f.h)}"/></clipPath></defs>`);
  const text = { title: opts.title, xlabel: opts.xlabel, ylabel: opts.ylabel, height, hideXLabels: hide.x, hideYLabels: hide.y };
  drawAxes(out, f, { at: L.xt.ticks, labels: tickLabels(L.xt, f.xs.log) }, { at: L.yt.ticks, labels: tickLabels(L.yt, f.ys.log) }, text);
  // zero line on linear axes that cross 0
  if (!f.ys.log && f.ys.lo < 0 && f.ys.hi > 0) {
    out.push(`<line class="zero" x1="${px(f.left)}" y1="${px(mapY(f, 0))}" x2="${px(f.left + f.w)}" y2="${px(mapY(f, 0))}" stroke="#bbb"/>`);
  }
  drawSeries(out, f, series, data, clipId);
  drawFrameAndLabels(out, f, text);
  out.push(seriesLegend(f, series, data));
  out.push(`</svg>`);
  return out.join("\n");
}

/**
 * Draw series on one pair of axes as a standalone SVG string: round ticks, a legend, and per series a
 * line (`<path class="series">`, steps with `step`), a scatter (`line: false, marker: "o"`), a band
 * (`fillTo`, drawn under the lines), error bars (`yerr`/`xerr`) or a histogram outline (`binEdges`, see
 * {@link histogram}) — any mix of them.
 * @example const svg = plot.linePlot({ title: "sin", series: [{ x: xs, y: np.sin(xs), label: "sin x" }] })
 * @example // data with error bars over a fitted curve, and a ±1σ band
 * plot.linePlot({ series: [
 *   { x: xs, y: np.add(m, s), fillTo: np.subtract(m, s), color: "#00cc00", opacity: 0.4, label: "±1σ" },
 *   { x: xs, y: m, label: "fit" },
 *   { x: xd, y: yd, yerr: sd, line: false, marker: "o", color: "black", label: "data" }] })
 */
export function linePlot(opts: LinePlotOptions): string {
  return drawPlot(opts, layoutPlot(opts));
}
