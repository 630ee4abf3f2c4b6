/** @file Several plots in one SVG: `plot.grid` of finished SVGs, and `plot.subplots` with shared axes. */
import { show } from "../numpy/signature.js";
import { FONT, esc, px, boolOpt, strOpt } from "./svg.js";
import { drawPlot, layoutPlot, type LinePlotOptions, type PlotLayout } from "./line.js";

export interface GridOptions {
  /** Plots per row (default 2). */
  columns?: number;
  /** A title above the whole grid. */
  title?: string;
}

export interface SubplotsOptions {
  /** Panels per row (default 2, or fewer when there are fewer panels). */
  columns?: number;
  /** All panels share one x range (the union of theirs); only the bottom panel of each column labels its x ticks. */
  sharex?: boolean;
  /** All panels share one y range; only the first column labels its y ticks. */
  sharey?: boolean;
  /** A title above all panels. */
  title?: string;
}

/** The width and height attributes of an SVG's root element. */
function svgSize(svg: string, i: number): [number, number] {
  const root = typeof svg === "string" ? /<svg\b[^>]*>/.exec(svg) : null;
  const w = root && /\swidth="([\d.]+)"/.exec(root[0]);
  const h = root && /\sheight="([\d.]+)"/.exec(root[0]);
  if (!w || !h) throw new TypeError(`plot.grid: plot ${i} is not an SVG with numeric width and height (use plot.linePlot)`);
  return [Number(w[1]), Number(h[1])];
}

function columnsOpt(v: unknown, dflt: number, fn: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: columns must be an integer ≥ 1, got ${show(v)}`);
  return v;
}

/**
 * Combine several SVG plots into one SVG, laid out row by row in `columns` columns.
 * @example const svg = plot.grid([plot.linePlot({ series: [{ y: [1, 2] }] }), plot.linePlot({ series: [{ y: [2, 1] }] })], { columns: 2 })
 */
export function grid(plots: string[], opts: GridOptions = {}): string {
  if (!Array.isArray(plots) || plots.length === 0) throw new TypeError("plot.grid: expected a non-empty array of SVG strings");
  const columns = columnsOpt(opts.columns, 2, "plot.grid");
  const title = strOpt(opts.title, "plot.grid", "title");
  const sizes = plots.map(svgSize);
  const rows = Math.ceil(plots.length / columns);
  const colW = Array.from({ length: columns }, (_, c) => Math.max(0, ...sizes.filter((_, i) => i % columns === c).map((s) => s[0])));
  const rowH = Array.from({ length: rows }, (_, r) => Math.max(0, ...sizes.filter((_, i) => Math.floor(i / columns) === r).map((s) => s[1])));
  const top = title ? 32 : 0;
  const width = colW.reduce((a, b) => a + b, 0);
  const height = top + rowH.reduce((a, b) => a + b, 0);
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`];
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`);
  if (title) out.push(`<text class="title" x="${px(width / 2)}" y="22" text-anchor="middle" font-size="16" font-weight="600">${esc(title)}</text>`);
  plots.forEach((svg, i) => {
    const c = i % columns;
    const r = Math.floor(i / columns);
    const x = colW.slice(0, c).reduce((a, b) => a + b, 0);
    const y = top + rowH.slice(0, r).reduce((a, b) => a + b, 0);
    // A nested <svg> is positioned by x/y; drop any XML declaration of the inner document.
    out.push(svg.replace(/^\s*<\?xml[^>]*\?>\s*/, "").replace(/^<svg\b/, `<svg x="${x}" y="${y}"`));
  });
  out.push(`</svg>`);
  return out.join("\n");
}

/** The union of extents (null ones skipped). */
function union(es: ([number, number] | null)[]): [number, number] | null {
  const ok = es.filter((e): e is [number, number] => e !== null);
  return ok.length ? [Math.min(...ok.map((e) => e[0])), Math.max(...ok.map((e) => e[1]))] : null;
}

/**
 * Several line plots as panels of one SVG, row by row in `columns` columns. With `sharex`/`sharey` every
 * panel's axis spans the union of all panels' data (a panel's own `xlim`/`ylim` still wins), and tick
 * labels are drawn only on the outer panels.
 * @example plot.subplots([{ series: [{ x, y: np.sin(x) }], title: "sin" }, { series: [{ x, y: np.cos(x) }], title: "cos" }], { columns: 2, sharey: true })
 * NB: as matplotlib's `plt.subplots(…, sharex=True)` with one plot call per panel; the panels are `plot.linePlot` options.
 */
export function subplots(panels: LinePlotOptions[], opts: SubplotsOptions = {}): string {
  const fn = "plot.subplots";
  if (!Array.isArray(panels) || panels.length === 0) throw new TypeError(`${fn}: expected a non-empty array of linePlot options ({ series, … }), got ${show(panels)}`);
  const columns = columnsOpt(opts.columns, Math.min(2, panels.length), fn);
  const sharex = boolOpt(opts.sharex, fn, "sharex") ?? false;
  const sharey = boolOpt(opts.sharey, fn, "sharey") ?? false;
  const at = (i: number) => `${fn}: panel ${i}`;
  const own: PlotLayout[] = panels.map((p, i) => layoutPlot(p, at(i)));
  for (const [axis, on] of [["x", sharex], ["y", sharey]] as const) {
    if (!on) continue;
    const logs = own.map((l) => (axis === "x" ? l.frame.xs.log : l.frame.ys.log));
    if (logs.some((g) => g !== logs[0])) throw new RangeError(`${fn}: share${axis} needs every panel on the same ${axis} scale, but panels ${logs.map((g, i) => (g ? i : -1)).filter((i) => i >= 0)} are log and the others linear`);
  }
  const shared = { ...(sharex ? { x: union(own.map((l) => l.extents.x)) } : {}), ...(sharey ? { y: union(own.map((l) => l.extents.y)) } : {}) };
  const rows = Math.ceil(panels.length / columns);
  const svgs = panels.map((p, i) => {
    const below = i + columns < panels.length; // another panel under this one in its column
    const hide = { x: sharex && below && Math.floor(i / columns) < rows - 1, y: sharey && i % columns !== 0 };
    return drawPlot(p, layoutPlot(p, at(i), shared), hide);
  });
  return grid(svgs, { columns, ...(opts.title !== undefined ? { title: strOpt(opts.title, fn, "title") } : {}) });
}
