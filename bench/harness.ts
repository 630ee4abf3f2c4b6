/**
 * @file The timing harness: a variant (library × mode × backend) builds a case per row; the harness
 * warms every case up, checks its first result, then takes samples round-robin across all variants
 * (so machine noise hits every contender alike) and reports medians.
 */
import { AnyData, checkFirst, checkLast, Out, RowId } from "./workloads.js";
import { checkW9Accuracy, W9Data } from "./w9.js";
import { errMsg, median } from "./util.js";

/** One benchmarked computation, set up for one row; `call` is what is timed. */
export interface Case {
  call(): Out | Promise<Out>;
  /** W3: the current parameters (w1, b1, w2, b2, w3, b3), read outside timing. */
  params?(): Float32Array[];
  /** Frees what the library needs freed (outside timing). */
  dispose?(): void;
  /** W9: the test accuracy after the first call, measured by the library itself (outside timing). */
  accuracy?(): number | Promise<number>;
}

export interface Variant {
  /** The column name, e.g. "adjoint jit wasm". */
  name: string;
  lib: "adjoint" | "tfjs" | "jax-js" | "PyTorch";
  /** Why this variant cannot run at all here (null when it can). Filled in by `init`. */
  unavailable: string | null;
  init(): Promise<void>;
  /** Make this variant's library state current (backend), outside timing. */
  activate(): void | Promise<void>;
  /** The case for a row, or a string saying why the library cannot express it (shown as n/a). */
  build(row: RowId, data: AnyData): Case | string | Promise<Case | string>;
  /** Frees per-workload state (outside timing). */
  endWorkload?(): void;
}

export type CellStatus = "ok" | "FAIL" | "n/a" | "error" | "skipped";

export interface Cell {
  variant: string;
  lib: string;
  status: CellStatus;
  /** Median milliseconds per call. */
  medianMs?: number;
  samplesMs?: number[];
  /** Calls per sample (tiny calls are batched). */
  batch?: number;
  /** Number of warm-up calls before the samples. */
  warmup?: number;
  /** Set when the only sample is the first call (a call slower than the warm-up budget). */
  singleSample?: boolean;
  /** Process CPU time / wall time while sampling (≈ threads kept busy; includes worker threads). */
  cpuPerWall?: number;
  check?: string;
  note?: string;
  /** W9: test accuracy after one epoch. */
  accuracy?: number;
}

export interface TimingOptions {
  /** Warm-up: at least 2 calls and this much time, and `warmupCalls` calls unless `warmupMaxMs` passes first. */
  warmupMs: number;
  warmupCalls: number;
  warmupMaxMs: number;
  /** When the first call is slower than this, take a single sample: the next call, or the first itself when that took `retimeBelowMs` or more. */
  slowMs: number;
  retimeBelowMs: number;
  /** Time to spend on samples per cell. */
  budgetMs: number;
  minReps: number;
  maxReps: number;
  /** Tiny calls are batched so one sample lasts about this long. */
  sampleMs: number;
}

export const FULL: TimingOptions = { warmupMs: 400, warmupCalls: 5000, warmupMaxMs: 4000, slowMs: 3000, retimeBelowMs: Infinity, budgetMs: 3000, minReps: 3, maxReps: 9, sampleMs: 25 };
export const QUICK: TimingOptions = { warmupMs: 120, warmupCalls: 2000, warmupMaxMs: 1500, slowMs: 700, retimeBelowMs: 2500, budgetMs: 600, minReps: 3, maxReps: 5, sampleMs: 10 };

interface Running {
  v: Variant;
  c: Case;
  cell: Cell;
  first: Out;
  last: Out;
  reps: number;
  batch: number;
  wallMs: number;
  cpuMs: number;
}

async function callOnce(c: Case): Promise<Out> {
  const r = c.call();
  return r instanceof Promise ? await r : r;
}

/** Runs one row on every given variant: build, warm up and check, then interleaved samples. */
export async function runRow(
  row: RowId,
  data: AnyData,
  variants: Variant[],
  opt: TimingOptions,
  log: (s: string) => void,
  skip: (v: Variant) => string | null = () => null,
): Promise<Cell[]> {
  const cells: Cell[] = [];
  const running: Running[] = [];
  for (const v of variants) {
    const cell: Cell = { variant: v.name, lib: v.lib, status: "n/a" };
    cells.push(cell);
    if (v.unavailable) {
      cell.note = v.unavailable;
      continue;
    }
    const why = skip(v);
    if (why) {
      cell.status = "skipped";
      cell.note = why;
      continue;
    }
    let c: Case | string;
    try {
      await v.activate();
      c = await v.build(row, data);
    } catch (e) {
      cell.status = "error";
      cell.note = `setup: ${errMsg(e)}`;
      log(`  ${v.name}: ${cell.note}`);
      continue;
    }
    if (typeof c === "string") {
      cell.note = c;
      continue;
    }
    // Warm-up; the first result is checked against the analytic answer.
    try {
      let t0 = performance.now();
      const first = await callOnce(c);
      const firstMs = performance.now() - t0;
      const chk = checkFirst(row, data, first, c.params?.());
      cell.check = chk.detail;
      cell.status = chk.ok ? "ok" : "FAIL";
      if (c.accuracy && (row === "W9-mlp" || row === "W9-cnn")) {
        const acc = await c.accuracy();
        const ac = checkW9Accuracy(row, data as W9Data, acc);
        cell.accuracy = acc;
        cell.check += `; ${ac.detail}`;
        if (!ac.ok) cell.status = "FAIL";
      }
      let last = first;
      let calls = 1;
      if (firstMs >= opt.slowMs) {
        // A slow call: time the next one (with --quick, a first call over retimeBelowMs is itself the
        // sample). Still slow: that single call is the sample; fast again: warm up and sample as usual.
        let ms = firstMs;
        const retime = firstMs < opt.retimeBelowMs;
        let cpuPerWall: number | undefined;
        if (retime) {
          const cpu0 = process.cpuUsage();
          t0 = performance.now();
          last = await callOnce(c);
          ms = performance.now() - t0;
          calls = 2;
          const cpu = process.cpuUsage(cpu0);
          cpuPerWall = +((cpu.user + cpu.system) / 1000 / ms).toFixed(2);
        }
        if (ms >= opt.slowMs) {
          Object.assign(cell, { medianMs: ms, samplesMs: [ms], batch: 1, warmup: retime ? 1 : 0, singleSample: true, cpuPerWall });
          if (row === "W3" && !retime) last = await callOnce(c); // one more (untimed) step to see the loss go down
          const lc = checkLast(row, first, last);
          if (lc) {
            cell.check += `; ${lc.detail}`;
            if (!lc.ok) cell.status = "FAIL";
          }
          c.dispose?.();
          log(`  ${v.name}: ${ms.toFixed(1)} ms (one call) ${cell.status}`);
          continue;
        }
      }
      // Warm up until both enough time and enough calls have passed (jax-js and adjoint trace in JS:
      // V8 needs thousands of calls to optimise them), or the warm-up's time cap is reached.
      const start = performance.now();
      const recent: number[] = [];
      for (;;) {
        const el = performance.now() - start;
        if (calls >= 2 && el >= opt.warmupMs && (calls >= opt.warmupCalls || el >= opt.warmupMaxMs)) break;
        t0 = performance.now();
        last = await callOnce(c);
        const dt = performance.now() - t0;
        calls++;
        recent.push(dt);
        if (recent.length > 100) recent.shift();
        if (dt > opt.slowMs) break;
      }
      const est = median(recent);
      const batch = Math.max(1, Math.round(opt.sampleMs / Math.max(est, 1e-4)));
      const reps = Math.max(opt.minReps, Math.min(opt.maxReps, Math.floor(opt.budgetMs / (est * batch))));
      cell.warmup = calls;
      running.push({ v, c, cell, first, last, reps, batch, wallMs: 0, cpuMs: 0 });
    } catch (e) {
      cell.status = "error";
      cell.note = errMsg(e);
      log(`  ${v.name}: ${cell.note}`);
      c.dispose?.();
    }
  }
  // Samples, round-robin across variants.
  const samples = new Map<Running, number[]>(running.map((r) => [r, []]));
  const rounds = Math.max(0, ...running.map((r) => r.reps));
  for (let k = 0; k < rounds; k++) {
    for (const r of running) {
      if (k >= r.reps || r.cell.status === "error") continue;
      try {
        await r.v.activate();
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        for (let b = 0; b < r.batch; b++) r.last = await callOnce(r.c);
        const wall = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        samples.get(r)!.push(wall / r.batch);
        r.wallMs += wall;
        r.cpuMs += (cpu.user + cpu.system) / 1000;
      } catch (e) {
        r.cell.status = "error";
        r.cell.note = errMsg(e);
      }
    }
  }
  for (const r of running) {
    const s = samples.get(r)!;
    if (r.cell.status !== "error" && s.length) {
      Object.assign(r.cell, { medianMs: median(s), samplesMs: s, batch: r.batch, cpuPerWall: +(r.cpuMs / r.wallMs).toFixed(2) });
      const lc = checkLast(row, r.first, r.last);
      if (lc) {
        r.cell.check += `; ${lc.detail}`;
        if (!lc.ok) r.cell.status = "FAIL";
      }
    }
    try {
      r.c.dispose?.();
    } catch {
      /* ignore */
    }
    log(`  ${r.v.name}: ${r.cell.medianMs?.toFixed(3)} ms (median of ${s.length}${r.batch > 1 ? ` × ${r.batch} calls` : ""}, cpu/wall ${r.cell.cpuPerWall}) ${r.cell.status}`);
  }
  return cells;
}
