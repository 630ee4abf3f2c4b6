/** @file `plot.imageGrid`: small greyscale images (digits, filters, feature maps) as a grid of pixel rects in one SVG. */
import { NDArray } from "../core/array.js";
import { show } from "../numpy/signature.js";

/** Options of {@link imageGrid}. */
export interface ImageGridOptions {
  /** Images per row (default: up to 8). */
  columns?: number;
  /** A caption under each image (as many as images, or fewer: the rest have none). */
  captions?: string[];
  /** A title above the grid. */
  title?: string;
  /** Size of one pixel in SVG units (default 3). */
  pixelSize?: number;
  /** The grey-level range: `lo` draws black, `hi` white (default: the images' minimum and maximum). */
  range?: [number, number];
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Draw greyscale images — an array [n, h, w] or [n, h, w, 1] — as a grid in a standalone SVG string:
 * each image a black square with one `<rect>` per brighter pixel (grey level from `range`, `lo` black,
 * `hi` white, as matplotlib's "gray" colour map), a caption below it. Non-finite pixels are an error.
 * @example const svg = plot.imageGrid(images.slice([0, 16]), { columns: 8, captions: labels.map(String) })
 * NB: not matplotlib's `imshow` (one image, any colour map): a small helper for looking at a few
 * digits or filters without a raster image encoder; every pixel is a vector rect, so keep it to a few
 * dozen small images.
 */
export function imageGrid(images: NDArray, opts: ImageGridOptions = {}): string {
  const what = "plot.imageGrid";
  if (!(images instanceof NDArray)) throw new TypeError(`${what}: images must be an array [n, h, w] or [n, h, w, 1], got ${show(images)}`);
  const s = images.shape;
  if (!(s.length === 3 || (s.length === 4 && s[3] === 1))) throw new RangeError(`${what}: images must have shape [n, h, w] or [n, h, w, 1], got [${s}]`);
  const [n, h, w] = s;
  const px = opts.pixelSize ?? 3;
  if (typeof px !== "number" || !(px > 0)) throw new RangeError(`${what}: pixelSize must be a positive number, got ${show(px)}`);
  const columns = opts.columns ?? Math.max(1, Math.min(8, n));
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`${what}: columns must be an integer ≥ 1, got ${show(columns)}`);
  const captions = opts.captions ?? [];
  if (!Array.isArray(captions) || captions.length > n || captions.some((c) => typeof c !== "string")) {
    throw new TypeError(`${what}: captions must be at most ${n} strings (one per image), got ${show(captions)}`);
  }
  const v = Array.from(images.data() as ArrayLike<number>, Number);
  if (v.some((x) => !Number.isFinite(x))) throw new RangeError(`${what}: the images have non-finite pixels`);
  if (opts.range !== undefined && !(Array.isArray(opts.range) && opts.range.length === 2 && opts.range[0] < opts.range[1])) {
    throw new RangeError(`${what}: range must be [lo, hi] with lo < hi, got ${show(opts.range)}`);
  }
  let lo = opts.range?.[0] ?? Infinity, hi = opts.range?.[1] ?? -Infinity;
  if (opts.range === undefined) for (const x of v) lo = Math.min(lo, x), hi = Math.max(hi, x);
  if (!(hi > lo)) hi = (Number.isFinite(lo) ? lo : (lo = 0)) + 1; // a constant image: all black
  const gap = 6, capH = captions.length > 0 ? 14 : 0, titleH = opts.title ? 22 : 0;
  const rows = Math.ceil(n / columns);
  const cellW = w * px + gap, cellH = h * px + capH + gap;
  const W = Math.max(1, columns * cellW + gap), H = titleH + rows * cellH + gap;
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="11">`, `<rect width="${W}" height="${H}" fill="white"/>`];
  if (opts.title) out.push(`<text x="${W / 2}" y="15" text-anchor="middle" font-size="13" font-weight="600">${esc(opts.title)}</text>`);
  for (let k = 0; k < n; k++) {
    const x0 = gap + (k % columns) * cellW, y0 = titleH + gap + Math.floor(k / columns) * cellH;
    out.push(`<g class="image" transform="translate(${x0},${y0})"><rect width="${w * px}" height="${h * px}" fill="black"/>`);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const g = Math.round(255 * Math.min(1, Math.max(0, (v[(k * h + i) * w + j] - lo) / (hi - lo))));
        if (g > 0) out.push(`<rect x="${j * px}" y="${i * px}" width="${px}" height="${px}" fill="rgb(${g},${g},${g})"/>`);
      }
    }
    if (k < captions.length) out.push(`<text x="${(w * px) / 2}" y="${h * px + 12}" text-anchor="middle">${esc(captions[k])}</text>`);
    out.push(`</g>`);
  }
  out.push(`</svg>`);
  return out.join("\n");
}
