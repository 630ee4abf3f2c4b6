/** @file What a series draws on the frame: bands, lines and steps, histogram outlines, error bars, markers, and the legend. */
import { PALETTE, esc, px } from "./svg.js";
import { mapX, mapY, type Frame } from "./frame.js";
import type { MarkerShape, Series, SeriesData } from "./series.js";

/** Whether a point can be drawn on these axes. */
export function plottable(f: Frame, xv: number, yv: number): boolean {
  return Number.isFinite(xv) && Number.isFinite(yv) && !(f.xs.log && xv <= 0) && !(f.ys.log && yv <= 0);
}

/** A band: each run of points plottable on both edges is one closed polygon (along y forwards, back along fillTo). */
export function bandPath(f: Frame, d: SeriesData): string {
  const { x, y, to } = d;
  let path = "";
  let run: number[] = [];
  const flush = () => {
    if (run.length > 1) path += run.map((j, k) => `${k ? "L" : "M"}${px(mapX(f, x[j]))},${px(mapY(f, y[j]))}`).join("") + run.reverse().map((j) => `L${px(mapX(f, x[j]))},${px(mapY(f, to![j]))}`).join("") + "Z";
    run = [];
  };
  for (let j = 0; j < x.length; j++) {
    if (plottable(f, x[j], y[j]) && plottable(f, x[j], to![j])) run.push(j);
    else flush();
  }
  flush();
  return path;
}

/** The vertices of a run of points drawn as steps. */
function stepRun(pts: [number, number][], step: "mid" | "pre" | "post" | null): [number, number][] {
  if (!step || pts.length < 2) return pts;
  const out: [number, number][] = [pts[0]];
  for (let k = 1; k < pts.length; k++) {
    const [x0, y0] = pts[k - 1];
    const [x1, y1] = pts[k];
    if (step === "post") out.push([x1, y0], [x1, y1]);
    else if (step === "pre") out.push([x0, y1], [x1, y1]);
    else out.push([(x0 + x1) / 2, y0], [(x0 + x1) / 2, y1], [x1, y1]);
  }
  return out;
}

/** The line through the points (or its steps), in pixels; a non-plottable point ends the current piece (a gap). */
export function linePath(f: Frame, d: SeriesData): string {
  let path = "";
  let run: [number, number][] = [];
  const flush = () => {
    if (run.length) path += stepRun(run, d.step).map(([a, b], k) => `${k ? "L" : "M"}${px(a)},${px(b)}`).join("");
    run = [];
  };
  for (let j = 0; j < d.x.length; j++) {
    if (plottable(f, d.x[j], d.y[j])) run.push([mapX(f, d.x[j]), mapY(f, d.y[j])]);
    else flush();
  }
  flush();
  return path;
}

/**
 * A histogram's outline: up from the baseline at the first edge, across each bin at its height, down at
 * the last edge. A bin that cannot be drawn (NaN, or 0 on a log axis) drops to the baseline.
 */
export function histogramPath(f: Frame, d: SeriesData): string {
  const e = d.edges!;
  const base = f.ys.log ? f.top + f.h : mapY(f, 0);
  const h = (j: number) => (Number.isFinite(d.y[j]) && !(f.ys.log && d.y[j] <= 0) ? mapY(f, d.y[j]) : base);
  const X = (v: number) => px(mapX(f, v));
  let path = `M${X(e[0])},${px(base)}`;
  for (let j = 0; j < d.y.length; j++) path += `L${X(e[j])},${px(h(j))}L${X(e[j + 1])},${px(h(j))}`;
  return path + `L${X(e[e.length - 1])},${px(base)}`;
}

/** One `<line>` per error bar (class "yerr" or "xerr"); an end at 0 on a log axis reaches the frame's edge. */
export function errorBarLines(f: Frame, d: SeriesData): string {
  const out: string[] = [];
  for (let j = 0; j < d.x.length; j++) {
    if (!plottable(f, d.x[j], d.y[j])) continue;
    const cx = mapX(f, d.x[j]);
    const cy = mapY(f, d.y[j]);
    if (d.yerr) {
      const lo = d.y[j] - d.yerr[0][j];
      const y1 = f.ys.log && lo <= 0 ? f.top + f.h : mapY(f, lo);
      out.push(`<line class="yerr" x1="${px(cx)}" y1="${px(y1)}" x2="${px(cx)}" y2="${px(mapY(f, d.y[j] + d.yerr[1][j]))}"/>`);
    }
    if (d.xerr) {
      const lo = d.x[j] - d.xerr[0][j];
      const x1 = f.xs.log && lo <= 0 ? f.left : mapX(f, lo);
      out.push(`<line class="xerr" x1="${px(x1)}" y1="${px(cy)}" x2="${px(mapX(f, d.x[j] + d.xerr[1][j]))}" y2="${px(cy)}"/>`);
    }
  }
  return out.join("");
}

/** One marker centred at (cx, cy). Circles and squares are filled; the cross is stroked. */
export function markerShape(shape: MarkerShape, cx: number, cy: number, color: string, fill = ""): string {
  const r = 3.2;
  if (shape === "o") return `<circle cx="${px(cx)}" cy="${px(cy)}" r="3"${fill}/>`;
  if (shape === "s") return `<rect x="${px(cx - 3)}" y="${px(cy - 3)}" width="6" height="6"${fill}/>`;
  if (shape === "^") return `<path d="M${px(cx)},${px(cy - r * 1.15)}L${px(cx + r)},${px(cy + r * 0.6)}L${px(cx - r)},${px(cy + r * 0.6)}Z"${fill}/>`;
  return `<path d="M${px(cx - r)},${px(cy - r)}L${px(cx + r)},${px(cy + r)}M${px(cx - r)},${px(cy + r)}L${px(cx + r)},${px(cy - r)}" stroke="${esc(color)}" stroke-width="1.6"/>`;
}

/** The markers of a series, one per plottable point. */
export function markersGroup(f: Frame, d: SeriesData, color: string): string {
  // markers are not clipped (a point on the frame's edge shows whole, as matplotlib's), so points outside the axes are left out here
  const inside = (v: number, s: Frame["xs"]) => {
    const t = s.log ? Math.log10(v) : v;
    const eps = 1e-9 * Math.abs(s.hi - s.lo);
    return t >= s.lo - eps && t <= s.hi + eps;
  };
  const shapes = d.x.map((xv, j) => (plottable(f, xv, d.y[j]) && inside(xv, f.xs) && inside(d.y[j], f.ys) ? markerShape(d.marker!, mapX(f, xv), mapY(f, d.y[j]), color) : "")).join("");
  return `<g class="markers" fill="${esc(color)}" stroke="none">${shapes}</g>`;
}

/** What the legend shows for one series. */
export interface LegendEntry {
  label: string;
  color: string;
  dashed: boolean;
  data: SeriesData;
}

/** The legend box in the corner of the frame covering the fewest of `points` (top right on ties). */
export function legend(f: Frame, entries: LegendEntry[], points: [number, number][]): string {
  if (!entries.length) return "";
  const rowH = 16;
  const boxW = 34 + Math.max(...entries.map((e) => e.label.length)) * 7.2;
  const boxH = entries.length * rowH + 8;
  const corners = [
    [f.left + f.w - boxW - 8, f.top + 8],
    [f.left + 8, f.top + 8],
    [f.left + f.w - boxW - 8, f.top + f.h - boxH - 8],
    [f.left + 8, f.top + f.h - boxH - 8],
  ];
  const covered = ([cx, cy]: number[]) => points.filter(([a, b]) => a >= cx - 4 && a <= cx + boxW + 4 && b >= cy - 4 && b <= cy + boxH + 4).length;
  const [bx, by] = corners.reduce((best, c) => (covered(c) < covered(best) ? c : best));
  const out = [`<g class="legend">`, `<rect x="${px(bx)}" y="${px(by)}" width="${px(boxW)}" height="${px(boxH)}" fill="white" fill-opacity="0.85" stroke="#ccc"/>`];
  entries.forEach((e, row) => {
    const y = by + 4 + rowH * row + rowH / 2;
    const c = esc(e.color);
    const dash = e.dashed ? ` stroke-dasharray="6 4"` : "";
    const d = e.data;
    if (d.to) out.push(`<rect x="${px(bx + 6)}" y="${px(y - 5)}" width="20" height="10" fill="${c}"${d.opacity < 1 ? ` fill-opacity="${d.opacity}"` : ""}/>`);
    else if (d.edges && d.line) out.push(`<path d="M${px(bx + 6)},${px(y + 5)}L${px(bx + 6)},${px(y - 5)}L${px(bx + 26)},${px(y - 5)}L${px(bx + 26)},${px(y + 5)}" fill="none" stroke="${c}" stroke-width="1.5"/>`);
    else if (d.line) out.push(`<line x1="${px(bx + 6)}" y1="${px(y)}" x2="${px(bx + 26)}" y2="${px(y)}" stroke="${c}" stroke-width="2"${dash}/>`);
    if (d.yerr) out.push(`<line x1="${px(bx + 16)}" y1="${px(y - 6)}" x2="${px(bx + 16)}" y2="${px(y + 6)}" stroke="${c}" stroke-width="1.2"/>`);
    if (d.marker) out.push(markerShape(d.marker, bx + 16, y, e.color, d.marker === "x" ? ` fill="none"` : ` fill="${c}"`));
    out.push(`<text x="${px(bx + 30)}" y="${px(y)}" dy="0.35em">${esc(e.label)}</text>`);
  });
  out.push(`</g>`);
  return out.join("\n");
}

/** The colour of series i: its own, or the palette's i-th. */
export const seriesColor = (series: Series[], i: number): string => series[i].color ?? PALETTE[i % PALETTE.length];

/** Draw the series: bands first (under everything), then per series its line or histogram outline and error bars (all clipped to the frame), then the markers. */
export function drawSeries(out: string[], f: Frame, series: Series[], data: SeriesData[], clipId: string): void {
  const label = (i: number) => (series[i].label ? ` data-label="${esc(series[i].label!)}"` : "");
  if (data.some((d) => d.to)) {
    out.push(`<g class="band-group" clip-path="url(#${clipId})" stroke="none">`);
    data.forEach((d, i) => {
      if (d.to) out.push(`<path class="band" d="${bandPath(f, d)}" fill="${esc(seriesColor(series, i))}"${d.opacity < 1 ? ` fill-opacity="${d.opacity}"` : ""}${label(i)}/>`);
    });
    out.push(`</g>`);
  }
  out.push(`<g class="series-group" clip-path="url(#${clipId})" fill="none" stroke-width="1.8" stroke-linejoin="round" stroke-linecap="round">`);
  data.forEach((d, i) => {
    if (d.to) return;
    const c = esc(seriesColor(series, i));
    const dash = series[i].dashed ? ` stroke-dasharray="6 4"` : "";
    if (d.line && d.edges) out.push(`<path class="histogram" d="${histogramPath(f, d)}" stroke="${c}" stroke-width="1.5"${dash}${label(i)}/>`);
    else if (d.line) out.push(`<path class="series" d="${linePath(f, d)}" stroke="${c}"${dash}${label(i)}/>`);
    if (d.yerr || d.xerr) out.push(`<g class="errorbars" stroke="${c}" stroke-width="1.2">${errorBarLines(f, d)}</g>`);
  });
  out.push(`</g>`);
  // markers above all lines, unclipped
  if (data.some((d) => d.marker)) {
    out.push(`<g class="marker-group">`);
    data.forEach((d, i) => d.marker && !d.to && out.push(markersGroup(f, d, seriesColor(series, i))));
    out.push(`</g>`);
  }
}

/** The legend of the labelled series, in the corner covering the fewest points ("" when none is labelled). */
export function seriesLegend(f: Frame, series: Series[], data: SeriesData[]): string {
  const entries: LegendEntry[] = data.flatMap((d, i) => (series[i].label ? [{ label: series[i].label!, color: seriesColor(series, i), dashed: !!series[i].dashed, data: d }] : []));
  if (!entries.length) return "";
  const pts: [number, number][] = [];
  for (const d of data) {
    for (const ys of d.to ? [d.y, d.to] : [d.y]) d.x.forEach((xv, j) => plottable(f, xv, ys[j]) && pts.push([mapX(f, xv), mapY(f, ys[j])]));
  }
  return legend(f, entries, pts);
}
