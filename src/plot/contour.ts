/** @file `plot.contour`: contour lines of z on a grid by marching squares, as Series for `linePlot`. */
import { NDArray } from "../core/array.js";
import { show } from "../numpy/signature.js";
import { isData, toNumbers, type PlotData } from "./svg.js";
import { extent, linearTicks } from "./scale.js";
import { colorAt } from "./colormap.js";
import type { Series } from "./series.js";

/** Options of {@link contour}. */
export interface ContourOptions {
  /** The levels (values of z) to draw, or about how many round levels inside z's range (default 7). */
  levels?: number | PlotData;
  /** The legend label of each level: a list (one per level) or a function of the level (default: the level's value). */
  labels?: string[] | ((level: number) => string);
  /** One CSS colour for all levels, or one per level (default: viridis from the lowest to the highest level). */
  color?: string | string[];
  /** Draw the lines dashed. */
  dashed?: boolean;
}

/** One polyline per connected piece of a level: points as [x, y]. */
type Line = [number, number][];

/**
 * The contour lines of level `L`: in each grid cell the edges whose ends lie on different sides of L are
 * cut at the linearly interpolated crossing; a saddle cell (four cut edges) is resolved by the value at
 * its centre (the mean of its corners). Segments are joined through their shared edges into polylines,
 * closed ones ending at their first point. Cells with a NaN corner are left out.
 */
export function contourLines(x: number[], y: number[], z: number[], L: number): Line[] {
  const nx = x.length;
  const ny = y.length;
  const at = (i: number, j: number) => z[i * nx + j];
  const point = new Map<string, [number, number]>(); // edge → crossing point
  const ends = new Map<string, number[]>(); // edge → segments touching it
  const segs: [string, string][] = [];
  // edge keys: "h i j" from (i, j) to (i, j+1); "v i j" from (i, j) to (i+1, j)
  const cut = (key: string, i0: number, j0: number, i1: number, j1: number) => {
    if (!point.has(key)) {
      const a = at(i0, j0);
      const t = (L - a) / (at(i1, j1) - a);
      point.set(key, [x[j0] + t * (x[j1] - x[j0]), y[i0] + t * (y[i1] - y[i0])]);
    }
    return key;
  };
  const addSeg = (a: string, b: string) => {
    const k = segs.push([a, b]) - 1;
    for (const e of [a, b]) ends.set(e, [...(ends.get(e) ?? []), k]);
  };
  for (let i = 0; i + 1 < ny; i++) {
    for (let j = 0; j + 1 < nx; j++) {
      const bl = at(i, j), br = at(i, j + 1), tr = at(i + 1, j + 1), tl = at(i + 1, j);
      if (![bl, br, tr, tl].every(Number.isFinite)) continue;
      const [ibl, ibr, itr, itl] = [bl, br, tr, tl].map((v) => v > L);
      const e: Record<string, string | null> = {
        bottom: ibl !== ibr ? cut(`h ${i} ${j}`, i, j, i, j + 1) : null,
        right: ibr !== itr ? cut(`v ${i} ${j + 1}`, i, j + 1, i + 1, j + 1) : null,
        top: itr !== itl ? cut(`h ${i + 1} ${j}`, i + 1, j, i + 1, j + 1) : null,
        left: itl !== ibl ? cut(`v ${i} ${j}`, i, j, i + 1, j) : null,
      };
      const crossed = Object.values(e).filter((k): k is string => k !== null);
      if (crossed.length === 2) addSeg(crossed[0], crossed[1]);
      else if (crossed.length === 4) {
        // a saddle: the centre decides which diagonal pair of corners is connected
        const centreIn = (bl + br + tr + tl) / 4 > L;
        // cut off the two corners on the other side of the centre
        if (ibl !== centreIn) addSeg(e.left!, e.bottom!), addSeg(e.right!, e.top!);
        else addSeg(e.bottom!, e.right!), addSeg(e.top!, e.left!);
      }
    }
  }
  // join segments through shared edges: open chains start at an edge touched once, then closed loops
  const used = new Array(segs.length).fill(false);
  const lines: Line[] = [];
  const walk = (start: string) => {
    const keys = [start];
    let cur = start;
    for (;;) {
      const next = (ends.get(cur) ?? []).find((k) => !used[k]);
      if (next === undefined) break;
      used[next] = true;
      cur = segs[next][0] === cur ? segs[next][1] : segs[next][0];
      keys.push(cur);
    }
    lines.push(keys.map((k) => point.get(k)!));
  };
  for (const [edge, ks] of ends) if (ks.length === 1 && !used[ks[0]]) walk(edge);
  for (let k = 0; k < segs.length; k++) if (!used[k]) walk(segs[k][0]);
  return joinAtCorners(lines);
}

/** Join open lines whose ends coincide (where the level passes exactly through a grid point). */
function joinAtCorners(lines: Line[]): Line[] {
  const same = (a: [number, number], b: [number, number]) => Math.abs(a[0] - b[0]) <= 1e-12 * (1 + Math.abs(a[0])) && Math.abs(a[1] - b[1]) <= 1e-12 * (1 + Math.abs(a[1]));
  const closed = (l: Line) => l.length > 2 && same(l[0], l[l.length - 1]);
  let changed = true;
  while (changed) {
    changed = false;
    outer: for (let a = 0; a < lines.length; a++) {
      if (closed(lines[a])) continue;
      for (let b = a + 1; b < lines.length; b++) {
        if (closed(lines[b])) continue;
        const A = lines[a], B = lines[b];
        let joined: Line | null = null;
        if (same(A[A.length - 1], B[0])) joined = [...A, ...B.slice(1)];
        else if (same(A[A.length - 1], B[B.length - 1])) joined = [...A, ...B.slice(0, -1).reverse()];
        else if (same(A[0], B[B.length - 1])) joined = [...B, ...A.slice(1)];
        else if (same(A[0], B[0])) joined = [...B.slice().reverse(), ...A.slice(1)];
        if (joined) {
          lines[a] = joined;
          lines.splice(b, 1);
          changed = true;
          break outer;
        }
      }
    }
  }
  return lines;
}

/** A level's default label: its value, briefly. */
const levelLabel = (v: number) => String(Number(v.toPrecision(6)));

/**
 * Contour lines of z on the grid x × y (z[i][j] at (x[j], y[i]), z of shape [y.length, x.length], as
 * matplotlib's `contour(x, y, z)`), one {@link Series} per level: its pieces as one polyline each,
 * separated by NaN gaps, closed curves ending at their first point — to draw with `linePlot` beside any
 * other series (e.g. the best fit as a scatter point). A level no line reaches has an empty series.
 * @example // 1σ and 2σ contours of −2 ln L (Δχ² = 2.30, 6.18 for two parameters), the best fit marked
 * const lines = plot.contour(mu, sigma, np.subtract(nll2, min), { levels: [2.3, 6.18], labels: ["68% CL", "95% CL"] })
 * plot.linePlot({ series: [...lines, { x: [muHat], y: [sigmaHat], line: false, marker: "x", label: "best fit" }] })
 */
export function contour(x: PlotData, y: PlotData, z: NDArray | number[][], opts: ContourOptions = {}): Series[] {
  const fn = "plot.contour";
  const xs = toNumbers(x, fn, "x");
  const ys = toNumbers(y, fn, "y");
  if (xs.length < 2 || ys.length < 2) throw new RangeError(`${fn}: x and y need at least 2 grid points each, got ${xs.length} and ${ys.length}`);
  if (![...xs, ...ys].every(Number.isFinite)) throw new RangeError(`${fn}: the grid coordinates x and y must be finite`);
  let zs: number[];
  if (z instanceof NDArray) {
    if (z.ndim !== 2 || z.shape[0] !== ys.length || z.shape[1] !== xs.length) throw new RangeError(`${fn}: z must have shape [y.length, x.length] = [${ys.length}, ${xs.length}], got [${z.shape}]`);
    zs = toNumbers(z, fn, "z");
  } else if (Array.isArray(z) && z.length === ys.length && z.every((r) => Array.isArray(r) && r.length === xs.length && r.every((t) => typeof t === "number"))) {
    zs = z.flat();
  } else throw new RangeError(`${fn}: z must be a 2-D NDArray or list of rows of shape [y.length, x.length] = [${ys.length}, ${xs.length}], got ${show(z)}`);
  // levels
  let levels: number[];
  const lv = opts.levels ?? 7;
  if (typeof lv === "number") {
    if (!Number.isInteger(lv) || lv < 1) throw new RangeError(`${fn}: levels must be a count ≥ 1 or a list of values, got ${show(lv)}`);
    const e = extent(zs, false); // a loop, not Math.min(...zs): grids can exceed the argument limit
    const [lo, hi] = e ?? [0, 0];
    levels = e && hi > lo ? linearTicks(lo, hi, lv + 1).ticks.filter((t) => t > lo && t < hi) : [];
  } else if (isData(lv)) {
    levels = toNumbers(lv, fn, "levels");
    if (!levels.every(Number.isFinite)) throw new RangeError(`${fn}: levels must be finite, got ${show(lv)}`);
  } else throw new TypeError(`${fn}: levels must be a count ≥ 1 or a list of values, got ${show(lv)}`);
  // labels and colours
  const labels = opts.labels;
  if (labels !== undefined && typeof labels !== "function" && !(Array.isArray(labels) && labels.length === levels.length && labels.every((s) => typeof s === "string"))) {
    throw new TypeError(`${fn}: labels must be ${levels.length} strings (one per level) or a function of the level, got ${show(labels)}`);
  }
  const color = opts.color;
  if (color !== undefined && typeof color !== "string" && !(Array.isArray(color) && color.length === levels.length && color.every((s) => typeof s === "string"))) {
    throw new TypeError(`${fn}: color must be a CSS colour or ${levels.length} of them (one per level), got ${show(color)}`);
  }
  if (opts.dashed !== undefined && typeof opts.dashed !== "boolean") throw new TypeError(`${fn}: dashed must be a boolean, got ${show(opts.dashed)}`);
  return levels.map((L, k): Series => {
    const px: number[] = [];
    const py: number[] = [];
    contourLines(xs, ys, zs, L).forEach((line, n) => {
      if (n) px.push(NaN), py.push(NaN);
      for (const [a, b] of line) px.push(a), py.push(b);
    });
    const label = typeof labels === "function" ? labels(L) : labels ? labels[k] : levelLabel(L);
    if (typeof label !== "string") throw new TypeError(`${fn}: labels(${L}) must return a string, got ${show(label)}`);
    const c = typeof color === "string" ? color : color ? color[k] : colorAt("viridis", levels.length > 1 ? (0.85 * k) / (levels.length - 1) : 0.1);
    return { x: px, y: py, label, color: c, ...(opts.dashed ? { dashed: true } : {}) };
  });
}
