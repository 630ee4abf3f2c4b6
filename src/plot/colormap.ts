/**
 * @file Colour maps for heatmaps: small tables of sRGB samples, interpolated in linear RGB.
 * viridis and magma are sampled at t = 0, 1/8, …, 1 from their published (CC0) definitions by
 * van der Walt, Smith and Färber; RdBu is ColorBrewer's 11-class diverging scheme (Cynthia Brewer);
 * gray runs from black to white.
 */
import { show } from "../numpy/signature.js";

export type ColormapName = "viridis" | "magma" | "gray" | "RdBu";

const TABLES: Record<ColormapName, string[]> = {
  viridis: ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"],
  magma: ["#000004", "#1c1044", "#51127c", "#832681", "#b73779", "#e75263", "#fc8961", "#fec287", "#fcfdbf"],
  gray: ["#000000", "#ffffff"],
  RdBu: ["#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061"],
};

/** The colour maps by name. */
export const COLORMAPS = Object.keys(TABLES) as ColormapName[];

/** Whether a colour map diverges from a middle colour (so it is centred, by default at 0). */
export const isDiverging = (name: ColormapName): boolean => name === "RdBu";

// sRGB channel (0 … 1) ↔ linear light
const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const toSrgb = (l: number) => (l <= 0.0031308 ? 12.92 * l : 1.055 * l ** (1 / 2.4) - 0.055);

const linearTables = new Map<ColormapName, number[][]>();
function linearTable(name: ColormapName): number[][] {
  let t = linearTables.get(name);
  if (!t) {
    t = TABLES[name].map((hex) => [1, 3, 5].map((k) => toLinear(parseInt(hex.slice(k, k + 2), 16) / 255)));
    linearTables.set(name, t);
  }
  return t;
}

const hex2 = (v: number) => Math.round(Math.min(1, Math.max(0, toSrgb(v))) * 255).toString(16).padStart(2, "0");

/** Check a colour map name (`fn` names the caller in the error). */
export function checkColormap(name: unknown, fn: string): ColormapName {
  if (typeof name !== "string" || !(COLORMAPS as string[]).includes(name)) throw new RangeError(`${fn}: unknown colormap ${show(name)} (known: ${COLORMAPS.join(", ")})`);
  return name as ColormapName;
}

/**
 * The colour (#rrggbb) of a colour map at t ∈ [0, 1] (clamped), linearly interpolated in linear RGB
 * between the table's samples; t = 0 and t = 1 give the first and last samples exactly.
 * @example plot.colorAt("viridis", 0.5) // "#21918c"
 */
export function colorAt(name: ColormapName, t: number): string {
  if (typeof t !== "number" || Number.isNaN(t)) throw new TypeError(`plot.colorAt: t must be a number in [0, 1], got ${show(t)}`);
  const tab = linearTable(checkColormap(name, "plot.colorAt"));
  const u = Math.min(1, Math.max(0, t)) * (tab.length - 1);
  const k = Math.min(tab.length - 2, Math.floor(u));
  const f = u - k;
  return "#" + [0, 1, 2].map((c) => hex2(tab[k][c] * (1 - f) + tab[k + 1][c] * f)).join("");
}
