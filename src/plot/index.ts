/**
 * @file A small dependency-free SVG writer: line plots with nice ticks, log axes, a legend, gaps at
 * NaN/±Infinity, point markers and filled bands between two curves, and a grid that combines several plots into one SVG.
 */
import { NDArray } from "../core/array.js";

/** Numbers a plot accepts: an NDArray (any shape, read flat) or a plain list/TypedArray of numbers. */
export type PlotData = NDArray | ArrayLike<number>;

/** One line of a plot. */
export interface Series {
  /** The y values. Non-finite values (and non-positive ones on a log axis) leave a gap. */
  y: PlotData;
  /** The x values (default: 0, 1, 2, …); must have as many values as `y`. */
  x?: PlotData;
  /** The name shown in the legend (unlabelled series are not listed). */
  label?: string;
  /** A CSS colour; by default the next colour of a colour-blind-safe palette. */
  color?: string;
  /** Draw the line dashed. */
  dashed?: boolean;
  /** Mark each point with a dot. */
  markers?: boolean;
  /**
   * Fill the area between `y` and these values (at the same x) instead of drawing a line: a band, such as
   * a ±1σ band from its lower to its upper edge. Bands are drawn under every line, in series order.
   */
  fillTo?: PlotData;
}

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

export interface GridOptions {
  /** Plots per row (default 2). */
  columns?: number;
  /** A title above the whole grid. */
  title?: string;
}

/** Distinct colours, safe for the common forms of colour blindness (the Okabe–Ito set, plus black). */
const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

const FONT = `font-family="system-ui, -apple-system, 'Segoe UI', sans-serif"`;

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Coordinates with two decimals, without trailing zeros. */
function px(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function toNumbers(d: PlotData, what: string): number[] {
  if (d instanceof NDArray) return Array.from(d.data() as ArrayLike<number>, Number);
  if (!Array.isArray(d) && !(ArrayBuffer.isView(d) && !(d instanceof DataView))) throw new TypeError(`plot.linePlot: ${what} must be an NDArray or a list of numbers`);
  return Array.from(d, Number);
}

// ---- scales and ticks ----

interface Scale {
  lo: number;
  hi: number;
  log: boolean;
}

/** The 1-2-5 step closest to `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/** A data range (in scale space: log10 of the values on log axes), padded when it is a single point. */
function dataRange(values: number[], log: boolean, lim: [number, number] | undefined, axis: string): [number, number] {
  if (lim) {
    if (!(lim[0] < lim[1])) throw new RangeError(`plot.linePlot: ${axis}lim must be increasing, got [${lim}]`);
    if (log && lim[0] <= 0) throw new RangeError(`plot.linePlot: ${axis}lim must be positive on a log axis, got [${lim}]`);
    return log ? [Math.log10(lim[0]), Math.log10(lim[1])] : [lim[0], lim[1]];
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    const s = log ? Math.log10(v) : v;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  if (lo === Infinity) return [0, 1]; // nothing to plot: an empty unit frame
  if (lo === hi) {
    const pad = log ? 0.5 : Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}

/** Linear-axis ticks: about `target` round values inside [lo, hi]; extends the range to the outer ticks. */
function linearTicks(lo: number, hi: number, target: number): { ticks: number[]; lo: number; hi: number } {
  const step = niceStep((hi - lo) / target);
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(i * step);
  return { ticks, lo: first * step, hi: last * step };
}

/** Log-axis ticks: powers of ten (every k-th decade when there are many), as exponents. */
function logTicks(lo: number, hi: number, target: number): { ticks: number[]; lo: number; hi: number } {
  const a = Math.floor(lo + 1e-9);
  const b = Math.ceil(hi - 1e-9);
  const every = Math.max(1, Math.ceil((b - a) / target));
  const ticks: number[] = [];
  for (let e = Math.floor(a / every) * every; e <= b; e += every) if (e >= a) ticks.push(e);
  return { ticks, lo: a, hi: b };
}

/** A tick label: short decimal for linear ticks; for log ticks plain (0.001 … 1000) or 10^k with a superscript. */
function tickLabel(v: number, step: number, log: boolean, plainLog: boolean): string {
  if (log) {
    if (plainLog) return String(Number((10 ** v).toPrecision(12))); // 0.001 … 1000
    const exp = v < 0 ? `\u2212${-v}` : String(v);
    return `10<tspan dy="-0.5em" font-size="0.75em">${exp}</tspan>`;
  }
  if (Math.abs(v) < step * 1e-6) return "0";
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const big = Math.abs(v) >= 1e6 || Math.abs(v) < 1e-4;
  const s = big ? Number(v.toPrecision(12)).toExponential().replace("e+", "e") : v.toFixed(Math.min(decimals, 12));
  return s.replace(/^-/, "\u2212");
}

// ---- the plot ----

let clipCounter = 0;

/**
 * Draw line plots as a standalone SVG string: axes with round ticks, a legend, one `<path>` per series
 * (a filled `<path class="band">` for a series with `fillTo`, drawn under the lines).
 * @example const svg = plot.linePlot({ title: "sin", series: [{ x: xs, y: np.sin(xs), label: "sin x" }] })
 * @example // a ±1σ band under its central line, with the points marked
 * plot.linePlot({ series: [{ x: xs, y: np.add(m, s), fillTo: np.subtract(m, s), color: "#00cc00", label: "±1σ" }, { x: xs, y: m, markers: true }] })
 */
export function linePlot(opts: LinePlotOptions): string {
  const { series, title, xlabel, ylabel, logX = false, logY = false } = opts;
  const width = opts.width ?? 480;
  const height = opts.height ?? 320;
  if (!Array.isArray(series)) throw new TypeError("plot.linePlot: `series` must be an array of { x, y, label }");
  const data = series.map((s, i) => {
    const y = toNumbers(s.y, `series[${i}].y`);
    const x = s.x === undefined ? y.map((_, j) => j) : toNumbers(s.x, `series[${i}].x`);
    if (x.length !== y.length) throw new RangeError(`plot.linePlot: series[${i}] has ${x.length} x values but ${y.length} y values`);
    const to = s.fillTo === undefined ? null : toNumbers(s.fillTo, `series[${i}].fillTo`);
    if (to && to.length !== y.length) throw new RangeError(`plot.linePlot: series[${i}] has ${to.length} fillTo values but ${y.length} y values`);
    return { x, y, to };
  });

  const margin = { left: 64, right: 16, top: title ? 34 : 14, bottom: xlabel ? 46 : 30 };
  const plotW = Math.max(10, width - margin.left - margin.right);
  const plotH = Math.max(10, height - margin.top - margin.bottom);

  const xr = dataRange(data.flatMap((d) => d.x.filter((_, j) => Number.isFinite(d.y[j]) || (d.to !== null && Number.isFinite(d.to[j])))), logX, opts.xlim, "x");
  const yr = dataRange(data.flatMap((d) => (d.to ? [...d.y, ...d.to] : d.y)), logY, opts.ylim, "y");
  const xt = logX ? logTicks(xr[0], xr[1], 6) : linearTicks(xr[0], xr[1], Math.max(2, Math.round(plotW / 80)));
  const yt = logY ? logTicks(yr[0], yr[1], 6) : linearTicks(yr[0], yr[1], Math.max(2, Math.round(plotH / 50)));
  // Fixed limits stay exact; an automatic y range grows to the outer ticks so the frame ends on a tick.
  // The x axis is tight to the data on a linear scale; log axes end on whole decades.
  const xs: Scale = opts.xlim || !logX ? { lo: xr[0], hi: xr[1], log: logX } : { lo: xt.lo, hi: xt.hi, log: logX };
  const ys: Scale = opts.ylim ? { lo: yr[0], hi: yr[1], log: logY } : { lo: yt.lo, hi: yt.hi, log: logY };
  const toS = (v: number, s: Scale) => (s.log ? Math.log10(v) : v);
  const X = (v: number) => margin.left + ((toS(v, xs) - xs.lo) / (xs.hi - xs.lo || 1)) * plotW;
  const Y = (v: number) => margin.top + plotH - ((toS(v, ys) - ys.lo) / (ys.hi - ys.lo || 1)) * plotH;
  const inRange = (t: number, s: Scale) => t >= s.lo - 1e-9 * Math.abs(s.hi - s.lo) && t <= s.hi + 1e-9 * Math.abs(s.hi - s.lo);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="12">`);
  const clipId = `adjoint-clip-${++clipCounter}`;
  out.push(`<defs><clipPath id="${clipId}"><rect x="${px(margin.left)}" y="${px(margin.top)}" width="${px(plotW)}" height="${px(plotH)}"/></clipPath></defs>`);
  out.push(`<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="white"/>`);
  if (title) out.push(`<text class="title" x="${px(margin.left + plotW / 2)}" y="22" text-anchor="middle" font-size="14" font-weight="600">${esc(title)}</text>`);

  // grid lines, ticks and tick labels
  const xStep = xt.ticks.length > 1 ? xt.ticks[1] - xt.ticks[0] : 1;
  const yStep = yt.ticks.length > 1 ? yt.ticks[1] - yt.ticks[0] : 1;
  const plain = (ticks: number[]) => ticks.every((t) => t >= -3 && t <= 3);
  const plainX = plain(xt.ticks);
  const plainY = plain(yt.ticks);
  out.push(`<g class="x-ticks" text-anchor="middle" fill="#333">`);
  for (const t of xt.ticks) {
    if (!inRange(t, xs)) continue;
    const x = px(X(logX ? 10 ** t : t));
    out.push(`<line class="grid" x1="${x}" y1="${px(margin.top)}" x2="${x}" y2="${px(margin.top + plotH)}" stroke="#e6e6e6"/>`);
    out.push(`<line class="tick" x1="${x}" y1="${px(margin.top + plotH)}" x2="${x}" y2="${px(margin.top + plotH + 5)}" stroke="#333"/>`);
    out.push(`<text class="tick-label" x="${x}" y="${px(margin.top + plotH + 18)}">${tickLabel(t, xStep, logX, plainX)}</text>`);
  }
  out.push(`</g>`);
  out.push(`<g class="y-ticks" text-anchor="end" fill="#333">`);
  for (const t of yt.ticks) {
    if (!inRange(t, ys)) continue;
    const y = px(Y(logY ? 10 ** t : t));
    out.push(`<line class="grid" x1="${px(margin.left)}" y1="${y}" x2="${px(margin.left + plotW)}" y2="${y}" stroke="#e6e6e6"/>`);
    out.push(`<line class="tick" x1="${px(margin.left - 5)}" y1="${y}" x2="${px(margin.left)}" y2="${y}" stroke="#333"/>`);
    out.push(`<text class="tick-label" x="${px(margin.left - 8)}" y="${y}" dy="0.35em">${tickLabel(t, yStep, logY, plainY)}</text>`);
  }
  out.push(`</g>`);
  // zero line on linear axes that cross 0
  if (!logY && ys.lo < 0 && ys.hi > 0) {
    out.push(`<line class="zero" x1="${px(margin.left)}" y1="${px(Y(0))}" x2="${px(margin.left + plotW)}" y2="${px(Y(0))}" stroke="#bbb"/>`);
  }

  const plottable = (xv: number, yv: number) => Number.isFinite(xv) && Number.isFinite(yv) && !(logX && xv <= 0) && !(logY && yv <= 0);
  // bands first, under the lines: each run of points plottable on both edges is one closed polygon
  // (along y forwards, back along fillTo); a non-plottable point on either edge ends the run (a gap)
  if (data.some((d) => d.to)) {
    out.push(`<g class="band-group" clip-path="url(#${clipId})" stroke="none">`);
    series.forEach((s, i) => {
      const { x, y, to } = data[i];
      if (!to) return;
      let d = "";
      let run: number[] = [];
      const flush = () => {
        if (run.length > 1) d += run.map((j, k) => `${k ? "L" : "M"}${px(X(x[j]))},${px(Y(y[j]))}`).join("") + run.reverse().map((j) => `L${px(X(x[j]))},${px(Y(to[j]))}`).join("") + "Z";
        run = [];
      };
      for (let j = 0; j < x.length; j++) {
        if (plottable(x[j], y[j]) && plottable(x[j], to[j])) run.push(j);
        else flush();
      }
      flush();
      const color = s.color ?? PALETTE[i % PALETTE.length];
      const label = s.label ? ` data-label="${esc(s.label)}"` : "";
      out.push(`<path class="band" d="${d}" fill="${esc(color)}"${label}/>`);
    });
    out.push(`</g>`);
  }

  // one path per series; a non-plottable point ends the current segment (a gap)
  out.push(`<g class="series-group" clip-path="url(#${clipId})" fill="none" stroke-width="1.8" stroke-linejoin="round" stroke-linecap="round">`);
  series.forEach((s, i) => {
    if (data[i].to) return;
    const { x, y } = data[i];
    let d = "";
    let pen = false;
    for (let j = 0; j < x.length; j++) {
      const ok = Number.isFinite(x[j]) && Number.isFinite(y[j]) && !(logX && x[j] <= 0) && !(logY && y[j] <= 0);
      if (!ok) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${px(X(x[j]))},${px(Y(y[j]))}`;
      pen = true;
    }
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const dash = s.dashed ? ` stroke-dasharray="6 4"` : "";
    const label = s.label ? ` data-label="${esc(s.label)}"` : "";
    out.push(`<path class="series" d="${d}" stroke="${esc(color)}"${dash}${label}/>`);
    if (s.markers) {
      const dots = x.map((xv, j) => (plottable(xv, y[j]) ? `<circle cx="${px(X(xv))}" cy="${px(Y(y[j]))}" r="3"/>` : "")).join("");
      out.push(`<g class="markers" fill="${esc(color)}" stroke="none">${dots}</g>`);
    }
  });
  out.push(`</g>`);
  out.push(`<rect class="frame" x="${px(margin.left)}" y="${px(margin.top)}" width="${px(plotW)}" height="${px(plotH)}" fill="none" stroke="#333"/>`);

  if (xlabel) out.push(`<text class="xlabel" x="${px(margin.left + plotW / 2)}" y="${px(height - 8)}" text-anchor="middle">${esc(xlabel)}</text>`);
  if (ylabel) {
    const cx = 14;
    const cy = margin.top + plotH / 2;
    out.push(`<text class="ylabel" x="${cx}" y="${px(cy)}" text-anchor="middle" transform="rotate(-90 ${cx} ${px(cy)})">${esc(ylabel)}</text>`);
  }

  // legend, top right inside the frame
  const labelled = series.map((s, i) => ({ s, i })).filter(({ s }) => s.label);
  if (labelled.length) {
    const rowH = 16;
    const boxW = 34 + Math.max(...labelled.map(({ s }) => s.label!.length)) * 7.2;
    const boxH = labelled.length * rowH + 8;
    // the corner covering the fewest data points (top right on ties)
    const pts = data.flatMap(({ x, y, to }) => [y, ...(to ? [to] : [])].flatMap((ys) => x.map((xv, j) => [X(xv), Y(ys[j])]))).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
    const corners = [
      [margin.left + plotW - boxW - 8, margin.top + 8],
      [margin.left + 8, margin.top + 8],
      [margin.left + plotW - boxW - 8, margin.top + plotH - boxH - 8],
      [margin.left + 8, margin.top + plotH - boxH - 8],
    ];
    const covered = ([cx, cy]: number[]) => pts.filter(([a, b]) => a >= cx - 4 && a <= cx + boxW + 4 && b >= cy - 4 && b <= cy + boxH + 4).length;
    const [bx, by] = corners.reduce((best, c) => (covered(c) < covered(best) ? c : best));
    out.push(`<g class="legend">`);
    out.push(`<rect x="${px(bx)}" y="${px(by)}" width="${px(boxW)}" height="${px(boxH)}" fill="white" fill-opacity="0.85" stroke="#ccc"/>`);
    labelled.forEach(({ s, i }, row) => {
      const y = by + 4 + rowH * row + rowH / 2;
      const color = s.color ?? PALETTE[i % PALETTE.length];
      const dash = s.dashed ? ` stroke-dasharray="6 4"` : "";
      if (s.fillTo !== undefined) out.push(`<rect x="${px(bx + 6)}" y="${px(y - 5)}" width="20" height="10" fill="${esc(color)}"/>`);
      else out.push(`<line x1="${px(bx + 6)}" y1="${px(y)}" x2="${px(bx + 26)}" y2="${px(y)}" stroke="${esc(color)}" stroke-width="2"${dash}/>`);
      if (s.markers) out.push(`<circle cx="${px(bx + 16)}" cy="${px(y)}" r="3" fill="${esc(color)}"/>`);
      out.push(`<text x="${px(bx + 30)}" y="${px(y)}" dy="0.35em">${esc(s.label!)}</text>`);
    });
    out.push(`</g>`);
  }
  out.push(`</svg>`);
  return out.join("\n");
}

/** The width and height attributes of an SVG's root element. */
function svgSize(svg: string, i: number): [number, number] {
  const root = /<svg\b[^>]*>/.exec(svg);
  const w = root && /\swidth="([\d.]+)"/.exec(root[0]);
  const h = root && /\sheight="([\d.]+)"/.exec(root[0]);
  if (!w || !h) throw new TypeError(`plot.grid: plot ${i} is not an SVG with numeric width and height (use plot.linePlot)`);
  return [Number(w[1]), Number(h[1])];
}

/**
 * Combine several SVG plots into one SVG, laid out row by row in `columns` columns.
 * @example const svg = plot.grid([plot.linePlot({ series: [{ y: [1, 2] }] }), plot.linePlot({ series: [{ y: [2, 1] }] })], { columns: 2 })
 */
export function grid(plots: string[], opts: GridOptions = {}): string {
  const columns = Math.max(1, Math.floor(opts.columns ?? 2));
  if (!Array.isArray(plots) || plots.length === 0) throw new TypeError("plot.grid: expected a non-empty array of SVG strings");
  const sizes = plots.map(svgSize);
  const rows = Math.ceil(plots.length / columns);
  const colW = Array.from({ length: columns }, (_, c) => Math.max(0, ...sizes.filter((_, i) => i % columns === c).map((s) => s[0])));
  const rowH = Array.from({ length: rows }, (_, r) => Math.max(0, ...sizes.filter((_, i) => Math.floor(i / columns) === r).map((s) => s[1])));
  const top = opts.title ? 32 : 0;
  const width = colW.reduce((a, b) => a + b, 0);
  const height = top + rowH.reduce((a, b) => a + b, 0);
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`];
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`);
  if (opts.title) out.push(`<text class="title" x="${px(width / 2)}" y="22" text-anchor="middle" font-size="16" font-weight="600">${esc(opts.title)}</text>`);
  plots.forEach((svg, i) => {
    const c = i % columns;
    const r = Math.floor(i / columns);
    const x = colW.slice(0, c).reduce((a, b) => a + b, 0);
    const y = top + rowH.slice(0, r).reduce((a, b) => a + b, 0);
    // A nested <svg> is positioned by x/y; drop any XML declaration of the inner document.
    const inner = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, "").replace(/^<svg\b/, `<svg x="${x}" y="${y}"`);
    out.push(inner);
  });
  out.push(`</svg>`);
  return out.join("\n");
}

/**
 * Write an SVG string to a file (Node only).
 * @example await plot.save("sin.svg", plot.linePlot({ series: [{ x: xs, y: np.sin(xs) }] }))
 */
export async function save(path: string, svg: string): Promise<void> {
  if (typeof path !== "string" || typeof svg !== "string") throw new TypeError(`plot.save: expected (path: string, svg: string), got (${typeof path}, ${typeof svg})`);
  // NB: node:fs is looked up at run time, not imported, so that bundlers for the browser see no Node module.
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.("node:fs/promises") as { writeFile(path: string, data: string, encoding: "utf8"): Promise<void> } | undefined;
  if (!fs) throw new Error("plot.save: writing files needs Node ≥ 20.16 (node:fs); in a browser, use the SVG string (e.g. a Blob URL or innerHTML)");
  await fs.writeFile(path, svg.endsWith("\n") ? svg : svg + "\n", "utf8");
}
