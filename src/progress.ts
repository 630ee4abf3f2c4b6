/**
 * @file `progress`: a small, dependency-free progress reporter for training loops and long fits — a
 * live one-line bar on a terminal, a plain line every few seconds in logs, nothing when silent.
 */
import { checked } from "./numpy/signature.js";
import { show } from "./numpy/signature.js";

/** Where the reporter writes: `process.stderr` (the default in Node) or anything with `write`. */
export interface ProgressStream {
  write(s: string): unknown;
  /** A terminal: the bar is redrawn in place. */
  isTTY?: boolean;
  /** The terminal's width (default 80). */
  columns?: number;
}

/** Options of {@link progress}. */
export interface ProgressOptions {
  /** A name shown before the bar ("epoch 3"). */
  label?: string;
  /** Write nothing (the counts are still kept). Default false. */
  silent?: boolean;
  /** Where to write (default: process.stderr in Node; in a browser, console.log lines). */
  stream?: ProgressStream;
  /** Not a terminal: at most one line per this many milliseconds, plus the final one (default 5000). */
  intervalMs?: number;
  /** The clock in milliseconds (default performance.now; a fake one in tests). */
  clock?: () => number;
}

/** Metrics shown after the bar: numbers or 0-d arrays (anything `Number()` reads). */
export type Metrics = Record<string, number | { valueOf(): unknown }>;

/** A running progress reporter. */
export interface Progress {
  /** Count `n` more steps (default 1) and remember the latest metrics. */
  update(n?: number, metrics?: Metrics): void;
  /** Finish: the final line (with these metrics, or the latest). Further calls are ignored. */
  done(metrics?: Metrics): void;
  /** Steps counted so far. */
  readonly count: number;
  /** Milliseconds since the reporter was made. */
  readonly elapsedMs: number;
}

/** A compact number: 4 significant digits, exponent form when tiny or huge. */
function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(4)));
}

/** `loss=0.2314 acc=97.1%`: an accuracy in [0, 1] (keys acc, accuracy, test_acc, testAcc, valAccuracy…) as a percentage. */
export function formatMetrics(m: Metrics | undefined): string {
  if (!m) return "";
  return Object.entries(m)
    .map(([k, x]) => {
      const v = Number(x);
      return /(^|_)acc(uracy)?$|Acc(uracy)?$/.test(k) && v >= 0 && v <= 1 ? `${k}=${(v * 100).toFixed(1)}%` : `${k}=${num(v)}`;
    })
    .join(" ");
}

/** Seconds as m:ss, or h:mm:ss past an hour. */
function clockTime(s: number): string {
  if (!Number.isFinite(s)) return "?";
  s = Math.round(s);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(r).padStart(2, "0")}`;
}

/** A rate in steps per second, compact. */
function rateText(perSec: number): string {
  if (!(perSec > 0) || !Number.isFinite(perSec)) return "? it/s";
  return perSec >= 1 ? `${num(Number(perSec.toPrecision(3)))} it/s` : `${num(Number((1 / perSec).toPrecision(3)))} s/it`;
}

/** The default sink: process.stderr in Node, else console.log lines (a browser); `g` is the global object. */
export function defaultStream(g: object = globalThis): ProgressStream {
  const proc = (g as { process?: { stderr?: ProgressStream } }).process;
  if (proc?.stderr && typeof proc.stderr.write === "function") return proc.stderr;
  return { write: (s: string) => { const line = s.replace(/\n$/, ""); if (line) console.log(line); }, isTTY: false };
}

const TTY_REDRAW_MS = 100;

function progressImpl(total: number, opts: ProgressOptions = {}): Progress {
  const what = "progress";
  if (typeof total !== "number" || !Number.isInteger(total) || total < 0) throw new RangeError(`${what}: total must be a non-negative integer (the number of steps), got ${show(total)}`);
  const intervalMs = opts.intervalMs ?? 5000;
  if (typeof intervalMs !== "number" || !(intervalMs >= 0)) throw new RangeError(`${what}: intervalMs must be a number ≥ 0, got ${show(intervalMs)}`);
  if (opts.stream !== undefined && (opts.stream === null || typeof (opts.stream as ProgressStream).write !== "function")) throw new TypeError(`${what}: stream must have a write(string) method, got ${show(opts.stream)}`);
  if (opts.clock !== undefined && typeof opts.clock !== "function") throw new TypeError(`${what}: clock must be a function returning milliseconds, got ${show(opts.clock)}`);
  if (opts.label !== undefined && typeof opts.label !== "string") throw new TypeError(`${what}: label must be a string, got ${show(opts.label)}`);
  const silent = opts.silent ?? false;
  const clock = opts.clock ?? (() => performance.now());
  const stream = silent ? null : (opts.stream ?? defaultStream());
  const tty = stream?.isTTY === true;
  const label = opts.label ? `${opts.label} ` : "";
  const start = clock();
  let count = 0, finished = false, last: Metrics | undefined, lastDraw = -Infinity, lastWidth = 0;

  const stats = (now: number) => {
    const secs = Math.max(now - start, 0) / 1000;
    const rate = secs > 0 ? count / secs : NaN;
    const eta = count >= total ? 0 : rate > 0 ? (total - count) / rate : NaN;
    return { secs, rate, eta };
  };

  const line = (now: number, final: boolean): string => {
    const { secs, rate, eta } = stats(now);
    const m = formatMetrics(last);
    const frac = total > 0 ? Math.min(count / total, 1) : 1;
    const pct = `${Math.floor(frac * 100)}%`.padStart(4);
    const counts = `${count}/${total}`;
    const times = final ? `${clockTime(secs)}, ${rateText(rate)}` : `${clockTime(secs)}<${clockTime(eta)}, ${rateText(rate)}`;
    if (!tty) return `${label}${pct} ${counts} [${times}]${m ? ` ${m}` : ""}`;
    const head = `${label}${pct} |`, tail = `| ${counts} [${times}]${m ? ` ${m}` : ""}`;
    const width = Math.max(10, Math.min(40, (stream!.columns ?? 80) - head.length - tail.length - 1));
    const cells = frac * width, full = Math.floor(cells);
    const partial = full < width ? " ▏▎▍▌▋▊▉"[Math.floor((cells - full) * 8)] : "";
    return head + "█".repeat(full) + partial + " ".repeat(Math.max(0, width - full - partial.length)) + tail;
  };

  const draw = (final: boolean) => {
    if (!stream) return;
    const now = clock();
    const s = line(now, final);
    if (tty) {
      // back to the line's start, the new text, erase what a longer old line left
      stream.write(`\r${s}${s.length < lastWidth ? "\x1b[K" : ""}${final ? "\n" : ""}`);
      lastWidth = s.length;
    } else stream.write(s + "\n");
    lastDraw = now;
  };

  const checkMetrics = (m: unknown, where: string) => {
    if (m === undefined) return;
    if (typeof m !== "object" || m === null || Array.isArray(m)) throw new TypeError(`${what}.${where}: metrics must be an object of numbers ({ loss, acc }), got ${show(m)}`);
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== "number" && !(typeof v === "object" && v !== null && typeof (v as { valueOf?: unknown }).valueOf === "function" && typeof Number(v) === "number")) throw new TypeError(`${what}.${where}: metric ${k} must be a number, got ${show(v)}`);
    }
  };

  const p: Progress = {
    update(n = 1, metrics?: Metrics) {
      if (finished) return;
      if (typeof n !== "number" || !Number.isFinite(n) || n < 0) throw new RangeError(`${what}.update: n must be a finite number ≥ 0 of steps done, got ${show(n)}`);
      checkMetrics(metrics, "update");
      count += n;
      if (metrics) last = metrics;
      if (!stream) return;
      const now = clock();
      if (tty ? now - lastDraw >= TTY_REDRAW_MS : now - lastDraw >= intervalMs && (lastDraw !== -Infinity || now - start >= intervalMs)) draw(false);
    },
    done(metrics?: Metrics) {
      if (finished) return;
      checkMetrics(metrics, "done");
      if (metrics) last = metrics;
      finished = true;
      draw(true);
    },
    get count() {
      return count;
    },
    get elapsedMs() {
      return clock() - start;
    },
  };
  if (tty) draw(false); // the empty bar at once
  return p;
}

/** Options of {@link progress.wrap}: those of {@link progress} and the number of items when the iterable does not tell. */
export interface WrapOptions extends ProgressOptions {
  /** The number of items (default: the iterable's `length`). */
  total?: number;
}

function wrapImpl<T>(iterable: Iterable<T>, opts: WrapOptions = {}): Iterable<T> {
  if (iterable === null || typeof (iterable as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== "function") throw new TypeError(`progress.wrap: expected an iterable (an array, data.batches(…), a generator), got ${show(iterable)}`);
  const { total: t, ...rest } = opts;
  const total = t ?? (iterable as { length?: unknown }).length;
  if (typeof total !== "number") throw new TypeError(`progress.wrap: the iterable has no length; pass { total }`);
  return {
    *[Symbol.iterator]() {
      const bar = progressImpl(total, rest);
      try {
        for (const x of iterable) {
          yield x;
          bar.update(1);
        }
      } finally {
        bar.done();
      }
    },
  };
}

/**
 * A progress reporter for `total` steps: call `update(n?, metrics?)` as steps finish and `done()` at
 * the end. On a terminal a live one-line bar with count, rate, ETA and the latest metrics
 * (`loss=0.2314 acc=97.1%`), redrawn at most every 100 ms; otherwise (CI logs, files) a plain line at
 * most every `intervalMs` (5 s) and a final one; nothing with `silent`. Zero dependencies; in a
 * browser it logs lines to the console.
 * @example
 * const bar = progress(steps, { label: "train" });
 * for (let i = 0; i < steps; i++) { [params, loss] = step(params); bar.update(1, { loss }); }
 * bar.done();
 * NB: like tqdm, but the metrics are an argument of update rather than a separate set_postfix.
 */
export const progress = Object.assign(checked(progressImpl, "progress(total, opts?{label,silent,stream,intervalMs,clock})"), {
  /**
   * Iterates over `iterable`, counting one step per item (total: its `length`, or `opts.total`); the
   * final line is written when the loop ends (or breaks).
   * @example for (const [xb, yb] of progress.wrap(data.batches(key, [x, y], 128), { label: "epoch 1" })) …
   */
  wrap: checked(wrapImpl, "progress.wrap(iterable*, opts?{label,silent,stream,intervalMs,clock,total})"),
});
