/** @file The frame of a plot: the plotting rectangle, data → pixel maps, grid lines, ticks, axis labels, title. */
import { esc, px } from "./svg.js";
import type { Scale } from "./scale.js";

/** The plotting rectangle and its two axes. */
export interface Frame {
  left: number;
  top: number;
  w: number;
  h: number;
  xs: Scale;
  ys: Scale;
}

/** Ticks to draw: positions in scale space and their labels (already escaped SVG text). */
export interface TickSet {
  at: number[];
  labels: string[];
}

export interface AxesText {
  title?: string;
  xlabel?: string;
  ylabel?: string;
  /** The SVG's height (the x label sits at its bottom). */
  height: number;
  /** Draw light grid lines at the ticks (default true). */
  gridLines?: boolean;
  /** Leave out the tick labels (inner panels of shared axes). */
  hideXLabels?: boolean;
  hideYLabels?: boolean;
}

/** Pixel x of a data value. */
export function mapX(f: Frame, v: number): number {
  const s = f.xs.log ? Math.log10(v) : v;
  return f.left + ((s - f.xs.lo) / (f.xs.hi - f.xs.lo || 1)) * f.w;
}

/** Pixel y of a data value (SVG y grows downwards). */
export function mapY(f: Frame, v: number): number {
  const s = f.ys.log ? Math.log10(v) : v;
  return f.top + f.h - ((s - f.ys.lo) / (f.ys.hi - f.ys.lo || 1)) * f.h;
}

const inRange = (t: number, s: Scale) => t >= s.lo - 1e-9 * Math.abs(s.hi - s.lo) && t <= s.hi + 1e-9 * Math.abs(s.hi - s.lo);

/** Grid lines, ticks and tick labels of both axes (drawn before the data), and the title. */
export function drawAxes(out: string[], f: Frame, xt: TickSet, yt: TickSet, text: AxesText): void {
  const grid = text.gridLines !== false;
  if (text.title) out.push(`<text class="title" x="${px(f.left + f.w / 2)}" y="22" text-anchor="middle" font-size="14" font-weight="600">${esc(text.title)}</text>`);
  const bottom = f.top + f.h;
  out.push(`<g class="x-ticks" text-anchor="middle" fill="#333">`);
  xt.at.forEach((t, k) => {
    if (!inRange(t, f.xs)) return;
    const x = px(f.left + ((t - f.xs.lo) / (f.xs.hi - f.xs.lo || 1)) * f.w);
    if (grid) out.push(`<line class="grid" x1="${x}" y1="${px(f.top)}" x2="${x}" y2="${px(bottom)}" stroke="#e6e6e6"/>`);
    out.push(`<line class="tick" x1="${x}" y1="${px(bottom)}" x2="${x}" y2="${px(bottom + 5)}" stroke="#333"/>`);
    if (!text.hideXLabels) out.push(`<text class="tick-label" x="${x}" y="${px(bottom + 18)}">${xt.labels[k]}</text>`);
  });
  out.push(`</g>`);
  out.push(`<g class="y-ticks" text-anchor="end" fill="#333">`);
  yt.at.forEach((t, k) => {
    if (!inRange(t, f.ys)) return;
    const y = px(f.top + f.h - ((t - f.ys.lo) / (f.ys.hi - f.ys.lo || 1)) * f.h);
    if (grid) out.push(`<line class="grid" x1="${px(f.left)}" y1="${y}" x2="${px(f.left + f.w)}" y2="${y}" stroke="#e6e6e6"/>`);
    out.push(`<line class="tick" x1="${px(f.left - 5)}" y1="${y}" x2="${px(f.left)}" y2="${y}" stroke="#333"/>`);
    if (!text.hideYLabels) out.push(`<text class="tick-label" x="${px(f.left - 8)}" y="${y}" dy="0.35em">${yt.labels[k]}</text>`);
  });
  out.push(`</g>`);
}

/** The frame rectangle and the axis labels (drawn after the data). */
export function drawFrameAndLabels(out: string[], f: Frame, text: AxesText): void {
  out.push(`<rect class="frame" x="${px(f.left)}" y="${px(f.top)}" width="${px(f.w)}" height="${px(f.h)}" fill="none" stroke="#333"/>`);
  if (text.xlabel) out.push(`<text class="xlabel" x="${px(f.left + f.w / 2)}" y="${px(text.height - 8)}" text-anchor="middle">${esc(text.xlabel)}</text>`);
  if (text.ylabel) {
    const cx = 14;
    const cy = f.top + f.h / 2;
    out.push(`<text class="ylabel" x="${cx}" y="${px(cy)}" text-anchor="middle" transform="rotate(-90 ${cx} ${px(cy)})">${esc(text.ylabel)}</text>`);
  }
}
