/** @file `plot.heatmap`: a matrix (Jacobian, Hessian, image, likelihood grid) as coloured cells with a colour bar. */
import { NDArray } from "../core/array.js";
import { show } from "../numpy/signature.js";
import { esc, px, rangeOpt, sizeOpt, strOpt, svgOpen, toNumbers, boolOpt, type PlotData } from "./svg.js";
import { extent, linearTicks, niceStep, tickLabels, type Ticks } from "./scale.js";
import { drawAxes, drawFrameAndLabels, type Frame, type TickSet } from "./frame.js";
import { checkColormap, colorAt, isDiverging, type ColormapName } from "./colormap.js";
import { readSeries, type Series } from "./series.js";
import { drawSeries, seriesLegend } from "./marks.js";

/** Options of {@link heatmap}. */
export interface HeatmapOptions {
  /** Column coordinates: the n cell centres or the n + 1 cell edges, increasing (default: column indices). */
  x?: PlotData;
  /** Row coordinates: centres or edges, increasing upwards (default: row indices, row 0 at the top as a matrix). */
  y?: PlotData;
  /** Names of the columns (one per column; instead of `x`), e.g. a Jacobian's inputs or the predicted classes. */
  xTickLabels?: string[];
  /** Names of the rows (one per row; instead of `y`). */
  yTickLabels?: string[];
  /** "viridis" (default), "magma", "gray" or the diverging "RdBu" (centred at `center`, red below, blue above). */
  colormap?: ColormapName;
  /** The value at the middle of the colour map: the range becomes symmetric around it (default 0 for RdBu). */
  center?: number;
  /** The values at the two ends of the colour map (default: the finite data's min and max); values beyond are clamped. */
  range?: [number, number];
  /**
   * Series drawn over the cells, in the x/y coordinates (which must be given): contour lines, the best
   * fit as a marker, data points — anything `linePlot` takes. Labelled ones get a legend.
   */
  series?: Series[];
  /** Draw a colour bar with ticks at the right (default true). */
  colorbar?: boolean;
  title?: string;
  xlabel?: string;
  ylabel?: string;
  /** Size of the whole SVG in pixels (default 480 × 360). */
  width?: number;
  height?: number;
}

/** Cell edges from n centres or n + 1 edges (increasing); null when not given. */
function cellEdges(v: PlotData | undefined, n: number, fn: string, axis: string): number[] | null {
  if (v === undefined) return null;
  const c = toNumbers(v, fn, axis);
  if (c.some((t, k) => !Number.isFinite(t) || (k > 0 && !(t > c[k - 1])))) throw new RangeError(`${fn}: ${axis} must be finite and increasing, got ${show(v)}`);
  if (c.length === n + 1) return c;
  if (c.length !== n) throw new RangeError(`${fn}: ${axis} has ${c.length} values for ${n} ${axis === "x" ? "columns" : "rows"} (expected ${n} centres or ${n + 1} edges)`);
  if (n === 1) return [c[0] - 0.5, c[0] + 0.5];
  return [c[0] - (c[1] - c[0]) / 2, ...c.slice(1).map((t, k) => (t + c[k]) / 2), c[n - 1] + (c[n - 1] - c[n - 2]) / 2];
}

/** Integer ticks for index axes (every 1, 2, 5, 10… indices). */
function indexTicks(n: number, pixels: number, spacing: number): number[] {
  const step = Math.max(1, niceStep(Math.max(1, n / Math.max(2, Math.round(pixels / spacing)))));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}

let hatchCounter = 0;

/**
 * Draw a 2-D array z[rows, cols] as a heatmap in a standalone SVG string: one `<rect class="cell">` per
 * run of equal colour in a row, a colour bar with round ticks, and NaN cells hatched grey (their count
 * and first positions noted above the frame). Without `x`/`y` the axes are column/row indices with row
 * 0 at the top (as a matrix or image); with them, cells sit at those coordinates, y increasing upwards.
 * @example plot.heatmap(jacfwd(f)(x), { colormap: "RdBu", title: "∂f/∂x" })
 * @example // −2 ln L over a grid, its 68% contour and the best fit on top
 * plot.heatmap(nll2, { x: mus, y: sigmas, xlabel: "μ", ylabel: "σ", colormap: "magma",
 *   series: [...plot.contour(mus, sigmas, nll2, { levels: [min + 2.3], color: "white" }), { x: [muHat], y: [sigmaHat], line: false, marker: "x" }] })
 * NB: as matplotlib's `imshow` without `x`/`y` and `pcolormesh` with them; ±Infinity take the end colours.
 */
export function heatmap(z: NDArray | number[][], opts: HeatmapOptions = {}): string {
  const fn = "plot.heatmap";
  let rows: number, cols: number, v: number[];
  if (z instanceof NDArray) {
    if (z.ndim !== 2) throw new RangeError(`${fn}: z must be a 2-D array [rows, cols], got shape [${z.shape}]`);
    [rows, cols] = z.shape;
    v = toNumbers(z, fn, "z");
  } else if (Array.isArray(z) && z.length > 0 && z.every((r) => Array.isArray(r) && r.length === (z[0] as number[]).length && r.every((t) => typeof t === "number"))) {
    [rows, cols] = [z.length, z[0].length];
    v = z.flat();
  } else throw new TypeError(`${fn}: z must be a 2-D NDArray or a list of equal-length rows of numbers, got ${show(z)}`);
  if (rows === 0 || cols === 0) throw new RangeError(`${fn}: z is empty (shape [${rows}, ${cols}])`);
  const cmap = checkColormap(opts.colormap ?? "viridis", fn);
  const title = strOpt(opts.title, fn, "title");
  strOpt(opts.xlabel, fn, "xlabel");
  strOpt(opts.ylabel, fn, "ylabel");
  const showBar = boolOpt(opts.colorbar, fn, "colorbar") ?? true;
  const width = sizeOpt(opts.width, 480, fn, "width");
  const height = sizeOpt(opts.height, 360, fn, "height");
  const given = rangeOpt(opts.range, fn, "range");
  if (opts.center !== undefined && (typeof opts.center !== "number" || !Number.isFinite(opts.center))) throw new TypeError(`${fn}: center must be a finite number, got ${show(opts.center)}`);
  if (opts.center !== undefined && given) throw new TypeError(`${fn}: give range or center, not both`);
  const xe = cellEdges(opts.x, cols, fn, "x");
  const ye = cellEdges(opts.y, rows, fn, "y");
  const names = (v: unknown, n: number, axis: "x" | "y", coords: number[] | null): string[] | null => {
    if (v === undefined) return null;
    if (coords) throw new TypeError(`${fn}: give ${axis} or ${axis}TickLabels, not both`);
    if (!Array.isArray(v) || v.length !== n || v.some((t) => typeof t !== "string")) throw new TypeError(`${fn}: ${axis}TickLabels must be ${n} strings (one per ${axis === "x" ? "column" : "row"}), got ${show(v)}`);
    return v;
  };
  const overlay = opts.series ?? [];
  if (!Array.isArray(overlay)) throw new TypeError(`${fn}: series must be an array of { x, y, … } (as linePlot's), got ${show(overlay)}`);
  if (overlay.length && !(xe && ye)) throw new TypeError(`${fn}: series over the cells need the x and y coordinates of the cells`);
  const overlayData = overlay.map((q, i) => readSeries(q, i, false, false, fn));
  const xNames = names(opts.xTickLabels, cols, "x", xe);
  const yNames = names(opts.yTickLabels, rows, "y", ye);

  // the colour range
  let [lo, hi] = extent(v, false) ?? [0, 1]; // a loop, not Math.min(...v): images can exceed the argument limit
  const center = opts.center ?? (isDiverging(cmap) ? 0 : undefined);
  if (given) [lo, hi] = given;
  else if (center !== undefined) {
    const half = Math.max(Math.abs(hi - center), Math.abs(lo - center)) || 1;
    [lo, hi] = [center - half, center + half];
  } else if (!(hi > lo)) [lo, hi] = [lo - (Math.abs(lo) || 1) / 2, hi + (Math.abs(hi) || 1) / 2];
  const colour = (t: number) => colorAt(cmap, t === Infinity ? 1 : t === -Infinity ? 0 : (t - lo) / (hi - lo));

  // the frame: x/y in data coordinates, or indices (row i at scale value −i so that row 0 is on top)
  // room for row names (about 6.6 px a character at 12 px) and the y label
  const left = Math.max(64, yNames ? Math.ceil(16 + (opts.ylabel ? 18 : 0) + 6.6 * Math.max(...yNames.map((t) => t.length))) : 0);
  const margin = { left, right: showBar ? 84 : 16, top: title ? 34 : 18, bottom: opts.xlabel ? 46 : 30 };
  const w = Math.max(10, width - margin.left - margin.right);
  const h = Math.max(10, height - margin.top - margin.bottom);
  const xs = xe ? { lo: xe[0], hi: xe[cols], log: false } : { lo: -0.5, hi: cols - 0.5, log: false };
  const ys = ye ? { lo: ye[0], hi: ye[rows], log: false } : { lo: -(rows - 0.5), hi: 0.5, log: false };
  const f: Frame = { left: margin.left, top: margin.top, w, h, xs, ys };
  const ticksOf = (t: Ticks): TickSet => ({ at: t.ticks, labels: tickLabels(t, false) });
  const every = (n: number) => Array.from({ length: n }, (_, i) => i);
  const xt: TickSet = xe ? ticksOf(linearTicks(xs.lo, xs.hi, Math.max(2, Math.round(w / 80))))
    : xNames ? { at: every(cols), labels: xNames.map(esc) } : ((a) => ({ at: a, labels: a.map(String) }))(indexTicks(cols, w, 60));
  const yt: TickSet = ye ? ticksOf(linearTicks(ys.lo, ys.hi, Math.max(2, Math.round(h / 50))))
    : yNames ? { at: every(rows).map((i) => -i), labels: yNames.map(esc) } : ((a) => ({ at: a.map((i) => -i), labels: a.map(String) }))(indexTicks(rows, h, 40));
  const X = (s: number) => f.left + ((s - xs.lo) / (xs.hi - xs.lo)) * w;
  const Y = (s: number) => f.top + h - ((s - ys.lo) / (ys.hi - ys.lo)) * h;
  const colX = (j: number) => (xe ? X(xe[j]) : X(j - 0.5)); // left edge of column j (j = cols: the right edge)
  const rowTop = (i: number) => (ye ? Y(ye[i + 1]) : Y(-(i - 0.5)));
  const rowBottom = (i: number) => (ye ? Y(ye[i]) : Y(-(i + 0.5)));

  const text = { title, xlabel: opts.xlabel, ylabel: opts.ylabel, height, gridLines: false };
  const out: string[] = [svgOpen(width, height)];
  const hatch = `adjoint-nan-${++hatchCounter}`;
  const nans: [number, number][] = [];
  v.forEach((t, k) => Number.isNaN(t) && nans.push([Math.floor(k / cols), k % cols]));
  if (nans.length) out.push(`<defs><pattern id="${hatch}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#d0d0d0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#808080" stroke-width="2"/></pattern></defs>`);
  drawAxes(out, f, xt, yt, text);
  // cells: runs of equal colour within a row become one rect
  out.push(`<g class="cells" shape-rendering="crispEdges">`);
  for (let i = 0; i < rows; i++) {
    const top = rowTop(i);
    const hh = rowBottom(i) - top;
    let j = 0;
    while (j < cols) {
      const t = v[i * cols + j];
      const fill = Number.isNaN(t) ? `url(#${hatch})` : colour(t);
      let k = j + 1;
      while (k < cols && (Number.isNaN(v[i * cols + k]) ? `url(#${hatch})` : colour(v[i * cols + k])) === fill) k++;
      out.push(`<rect class="${Number.isNaN(t) ? "cell nan" : "cell"}" x="${px(colX(j))}" y="${px(top)}" width="${px(colX(k) - colX(j))}" height="${px(hh)}" fill="${fill}"/>`);
      j = k;
    }
  }
  out.push(`</g>`);
  if (overlay.length) {
    out.push(`<defs><clipPath id="${hatch}-clip"><rect x="${px(f.left)}" y="${px(f.top)}" width="${px(w)}" height="${px(h)}"/></clipPath></defs>`);
    drawSeries(out, f, overlay, overlayData, `${hatch}-clip`);
  }
  drawFrameAndLabels(out, f, text);
  if (overlay.length) out.push(seriesLegend(f, overlay, overlayData));
  if (nans.length) {
    const list = nans.slice(0, 4).map(([i, j]) => `(${i}, ${j})`).join(", ") + (nans.length > 4 ? ", …" : "");
    out.push(`<text class="nan-note" x="${px(f.left + w)}" y="${px(f.top - 5)}" text-anchor="end" font-size="10" fill="#555">${nans.length} NaN cell${nans.length > 1 ? "s" : ""} (hatched): ${esc(list)}</text>`);
  }
  if (showBar) out.push(colorbar(f, cmap, lo, hi, nans.length ? hatch : null));
  out.push(`</svg>`);
  return out.join("\n");
}

/** A vertical colour bar right of the frame: a gradient, round ticks with labels, and a NaN swatch when needed. */
function colorbar(f: Frame, cmap: ColormapName, lo: number, hi: number, hatch: string | null): string {
  const x = f.left + f.w + 14;
  const bw = 14;
  const bh = hatch ? f.h - 24 : f.h;
  const id = `${hatch ?? "adjoint-cbar"}-${++hatchCounter}-grad`;
  const stops = Array.from({ length: 17 }, (_, k) => `<stop offset="${k / 16}" stop-color="${colorAt(cmap, k / 16)}"/>`).join("");
  const out = [`<g class="colorbar" data-range="${lo} ${hi}">`, `<defs><linearGradient id="${id}" x1="0" y1="1" x2="0" y2="0">${stops}</linearGradient></defs>`];
  out.push(`<rect class="colorbar-bar" x="${px(x)}" y="${px(f.top)}" width="${bw}" height="${px(bh)}" fill="url(#${id})" stroke="#333"/>`);
  const t = linearTicks(lo, hi, Math.max(2, Math.round(bh / 45)));
  const labels = tickLabels(t, false);
  t.ticks.forEach((v, k) => {
    if (v < lo - 1e-9 * (hi - lo) || v > hi + 1e-9 * (hi - lo)) return;
    const y = px(f.top + bh - ((v - lo) / (hi - lo)) * bh);
    out.push(`<line class="tick" x1="${px(x + bw)}" y1="${y}" x2="${px(x + bw + 4)}" y2="${y}" stroke="#333"/>`);
    out.push(`<text class="colorbar-label" x="${px(x + bw + 7)}" y="${y}" dy="0.35em" fill="#333">${labels[k]}</text>`);
  });
  if (hatch) {
    out.push(`<rect class="colorbar-nan" x="${px(x)}" y="${px(f.top + f.h - 14)}" width="${bw}" height="14" fill="url(#${hatch})" stroke="#333"/>`);
    out.push(`<text x="${px(x + bw + 7)}" y="${px(f.top + f.h - 7)}" dy="0.35em" fill="#333">NaN</text>`);
  }
  out.push(`</g>`);
  return out.join("\n");
}
