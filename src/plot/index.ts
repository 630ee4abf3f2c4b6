/**
 * @file The `plot` namespace: dependency-free SVG figures — line plots with every series kind (scatter,
 * steps, bands, error bars, histograms, contour lines), heatmaps, panels with shared axes, and `save`.
 */
export type { PlotData } from "./svg.js";
export type { Series, MarkerShape, ErrorBars } from "./series.js";
export { linePlot, type LinePlotOptions } from "./line.js";
export { grid, subplots, type GridOptions, type SubplotsOptions } from "./layout.js";
export { save } from "./save.js";
export { histogram, type HistogramOptions, type HistogramSeries } from "./histogram.js";
export { heatmap, type HeatmapOptions } from "./heatmap.js";
export { colorAt, COLORMAPS, type ColormapName } from "./colormap.js";
export { contour, type ContourOptions } from "./contour.js";
