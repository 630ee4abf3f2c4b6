/** @file Axis scales for the plots: data ranges, round 1-2-5 ticks, decades on log axes, tick labels. */

/** An axis in scale space (log10 of the values on a log axis). */
export interface Scale {
  lo: number;
  hi: number;
  log: boolean;
}

/** Ticks in scale space and the range they span. */
export interface Ticks {
  ticks: number[];
  lo: number;
  hi: number;
}

/** The 1-2-5 step closest to `raw`. */
export function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/** The finite extent [lo, hi] of values in scale space (non-positive values skipped on a log axis), or null. */
export function extent(values: Iterable<number>, log: boolean): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    const s = log ? Math.log10(v) : v;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  return lo === Infinity ? null : [lo, hi];
}

/** A data range in scale space from a fixed limit or an extent, padded when it is a single point. */
export function dataRange(ext: [number, number] | null, log: boolean, lim: [number, number] | undefined, axis: string, fn = "plot.linePlot"): [number, number] {
  if (lim) {
    if (!(lim[0] < lim[1])) throw new RangeError(`${fn}: ${axis}lim must be increasing, got [${lim}]`);
    if (log && lim[0] <= 0) throw new RangeError(`${fn}: ${axis}lim must be positive on a log axis, got [${lim}]`);
    return log ? [Math.log10(lim[0]), Math.log10(lim[1])] : [lim[0], lim[1]];
  }
  if (ext === null) return [0, 1]; // nothing to plot: an empty unit frame
  const [lo, hi] = ext;
  if (lo === hi) {
    const pad = log ? 0.5 : Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}

/** Linear-axis ticks: about `target` round values inside [lo, hi]; extends the range to the outer ticks. */
export function linearTicks(lo: number, hi: number, target: number): Ticks {
  const step = niceStep((hi - lo) / target);
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(i * step);
  return { ticks, lo: first * step, hi: last * step };
}

/** Log-axis ticks: powers of ten (every k-th decade when there are many), as exponents. */
export function logTicks(lo: number, hi: number, target: number): Ticks {
  const a = Math.floor(lo + 1e-9);
  const b = Math.ceil(hi - 1e-9);
  const every = Math.max(1, Math.ceil((b - a) / target));
  const ticks: number[] = [];
  for (let e = Math.floor(a / every) * every; e <= b; e += every) if (e >= a) ticks.push(e);
  return { ticks, lo: a, hi: b };
}

/** Ticks for an axis of `pixels` length (one every ~80 px horizontally, ~50 px vertically). */
export function axisTicks(range: [number, number], log: boolean, pixels: number, spacing: number): Ticks {
  return log ? logTicks(range[0], range[1], 6) : linearTicks(range[0], range[1], Math.max(2, Math.round(pixels / spacing)));
}

/** A tick label: short decimal for linear ticks; for log ticks plain (0.001 … 1000) or 10^k with a superscript. */
export function tickLabel(v: number, step: number, log: boolean, plainLog: boolean): string {
  if (log) {
    if (plainLog) return String(Number((10 ** v).toPrecision(12))); // 0.001 … 1000
    const exp = v < 0 ? `\u2212${-v}` : String(v);
    return `10<tspan dy="-0.5em" font-size="0.75em">${exp}</tspan>`;
  }
  if (Math.abs(v) < step * 1e-6) return "0";
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const big = Math.abs(v) >= 1e6 || Math.abs(v) < 1e-4;
  const s = big ? Number(v.toPrecision(12)).toExponential().replace("e+", "e") : v.toFixed(Math.min(decimals, 12));
  return s.replace(/^-/, "\u2212");
}

/** Labels for a list of ticks (one step, plain decades when all within 10^±3). */
export function tickLabels(t: Ticks, log: boolean): string[] {
  const step = t.ticks.length > 1 ? t.ticks[1] - t.ticks[0] : 1;
  const plain = t.ticks.every((v) => v >= -3 && v <= 3);
  return t.ticks.map((v) => tickLabel(v, step, log, plain));
}
