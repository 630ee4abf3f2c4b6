/** @file SVG text helpers shared by the plot kinds: escaping, coordinates, the palette, input reading. */
import { NDArray } from "../core/array.js";
import { show } from "../numpy/signature.js";

/** Numbers a plot accepts: an NDArray (any shape, read flat) or a plain list/TypedArray of numbers. */
export type PlotData = NDArray | ArrayLike<number>;

/** Distinct colours, safe for the common forms of colour blindness (the Okabe–Ito set, plus black). */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

export const FONT = `font-family="system-ui, -apple-system, 'Segoe UI', sans-serif"`;

/** Escape text and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Coordinates with two decimals, without trailing zeros. */
export function px(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** Whether `d` is plot data (an NDArray, an array of numbers or a numeric TypedArray). */
export function isData(d: unknown): d is PlotData {
  return d instanceof NDArray || Array.isArray(d) || (ArrayBuffer.isView(d) && !(d instanceof DataView));
}

/** Read plot data as numbers; `fn` names the public function and `what` the argument in errors. */
export function toNumbers(d: unknown, fn: string, what: string): number[] {
  if (d instanceof NDArray) return Array.from(d.data() as ArrayLike<number>, Number);
  if (!isData(d)) throw new TypeError(`${fn}: ${what} must be an NDArray or a list of numbers, got ${show(d)}`);
  const out = Array.from(d as ArrayLike<number>, Number);
  if (Array.isArray(d) && d.some((v) => typeof v !== "number")) throw new TypeError(`${fn}: ${what} must be an NDArray or a list of numbers, got ${show(d)}`);
  return out;
}

/** The opening tag of a standalone SVG document with a white background. */
export function svgOpen(width: number, height: number, extra = ""): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="12"${extra}>\n<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="white"/>`;
}

/** Check a positive size option. */
export function sizeOpt(v: unknown, dflt: number, fn: string, what: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !(v >= 40) || !Number.isFinite(v)) throw new RangeError(`${fn}: ${what} must be a number ≥ 40 (pixels), got ${show(v)}`);
  return v;
}

/** Check an optional string option. */
export function strOpt(v: unknown, fn: string, what: string): string | undefined {
  if (v !== undefined && typeof v !== "string") throw new TypeError(`${fn}: ${what} must be a string, got ${show(v)}`);
  return v;
}

/** Check an optional boolean option. */
export function boolOpt(v: unknown, fn: string, what: string): boolean | undefined {
  if (v !== undefined && typeof v !== "boolean") throw new TypeError(`${fn}: ${what} must be a boolean, got ${show(v)}`);
  return v;
}

/** Check a [lo, hi] pair with lo < hi (finite). */
export function rangeOpt(v: unknown, fn: string, what: string): [number, number] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== "number" || typeof v[1] !== "number" || !Number.isFinite(v[0]) || !Number.isFinite(v[1]) || !(v[0] < v[1])) {
    throw new RangeError(`${fn}: ${what} must be [lo, hi] with finite lo < hi, got ${show(v)}`);
  }
  return [v[0], v[1]];
}
