/** @file The checked `plot` namespace (SVG line plots) with its signatures. */
import { checked } from "../numpy/signature.js";

// errors from inside keep their text: these functions run user code (or name themselves already)
const c = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig, { renameErrors: false });
import * as pl from "../plot/index.js";

export * from "../plot/index.js";
export const linePlot = c(pl.linePlot, "plot.linePlot(opts{series,title,xlabel,ylabel,width,height,logX,logY,xlim,ylim})");
export const grid = c(pl.grid, "plot.grid(plots, opts?{columns,title})");
export const save = c(pl.save, "plot.save(path, svg)");
// ---- issue 11: mnist (digit grids) ----
import * as im from "../plot/images.js";
export type { ImageGridOptions } from "../plot/images.js";
export const imageGrid = c(im.imageGrid, "plot.imageGrid(images, opts?{columns,captions,title,pixelSize,range})");
// ---- issue 14: plots (scatter, steps, error bars, histograms, heatmaps, contours, subplots, PNG) ----
export const subplots = c(pl.subplots, "plot.subplots(panels, opts?{columns,sharex,sharey,title})");
export const histogram = c(pl.histogram, "plot.histogram(values, opts?{bins,range,density,weights,errorBars,label,color})");
export const heatmap = c(pl.heatmap, "plot.heatmap(z, opts?{x,y,xTickLabels,yTickLabels,colormap,center,range,series,colorbar,title,xlabel,ylabel,width,height})");
export const contour = c(pl.contour, "plot.contour(x, y, z, opts?{levels,labels,color,dashed})");
export const colorAt = c(pl.colorAt, "plot.colorAt(name, t)");
