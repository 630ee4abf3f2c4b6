/**
 * @file Workload W11 of issue 15: small programs and eager dispatch. Gradients and Hessians of scalar
 * functions of a 3×3 float64 matrix — Σ inv(A), det(A), Σ expm(A), Σ wᵢλᵢ(sym A) — and of Σ erfc(x) over
 * 1,000 points (gradient, and the elementwise second derivative), plus the two dispatch probes of the
 * issue: an eager `grad(x ↦ x·x·x)` at a scalar and `np.add` of two 10-element float32 arrays.
 * adjoint runs eagerly and under `jit` on both backends; PyTorch (optional, bench/w11_worker.py) runs
 * eagerly (autograd; `hessian` from torch.func/functorch). Every adjoint result is checked against
 * PyTorch's first result (relative 1e-9; add10 exactly).
 *
 * Timing: each sample is a batch of calls lasting ≥ 20 ms (one call for slower cases), the per-call
 * time of the batch is kept; adjoint and PyTorch samples alternate within each case (machine noise
 * hits both alike); medians of the samples. Results are read back (`data()`), as PyTorch's are tensors
 * in memory.
 */
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as adj from "../src/index.js";
import { registerBackend } from "../src/backend/registry.js";
import { fmt, median, normal32, rng } from "./util.js";

const { np, grad, hessian, jit, vmap, special } = adj;
type NDArray = adj.NDArray;

export interface W11Case {
  id: string;
  label: string;
  /** Per-call target against PyTorch (ratio) or in µs (dispatch probes). */
  target: string;
}

export const W11_CASES: W11Case[] = [
  ...["inv", "det", "expm", "eigh"].flatMap((n) => [
    { id: `${n}-grad`, label: `grad ${n === "eigh" ? "Σwᵢλᵢ(sym A)" : n === "det" ? "det A" : `Σ ${n}(A)`}, 3×3 f64`, target: "≤ 2× PyTorch" },
    { id: `${n}-hess`, label: `hessian of the same, 3×3 f64`, target: "≤ 2× PyTorch" },
  ]),
  { id: "erfc1k-grad", label: "grad Σ erfc(x), 1,000 points f64", target: "≤ 2× PyTorch" },
  { id: "erfc1k-d2", label: "erfc″(x) elementwise, 1,000 points f64", target: "≤ 2× PyTorch" },
  { id: "gradx3-eager", label: "eager grad x·x·x at a scalar", target: "≤ 5 µs" },
  { id: "add10-eager", label: "eager np.add, two 10-element f32 arrays", target: "≤ 1 µs js, ≤ 2 µs wasm" },
];

export interface W11Inputs { A: number[]; x: number[]; a10: number[]; b10: number[] }

export function w11Inputs(): W11Inputs {
  const u = rng(11);
  // a well-conditioned matrix: I·3 + noise
  const A = Array.from({ length: 9 }, (_, i) => (i % 4 === 0 ? 3 : 0) + (u() - 0.5));
  const x = Array.from({ length: 1000 }, (_, i) => -3 + (6 * i) / 999);
  return { A, x, a10: Array.from(normal32(10, 3)), b10: Array.from(normal32(10, 4)) };
}

const W = [1, 2, 3];
const scalarFns: Record<string, (a: NDArray) => NDArray> = {
  inv: (a) => np.linalg.inv(a).sum(),
  det: (a) => np.linalg.det(a),
  expm: (a) => np.linalg.expm(a).sum(),
  eigh: (a) => np.linalg.eigvalsh(a.add(a.mT).mul(0.5)).mul(np.array(W, { dtype: "float64" })).sum(),
};

/** The function one adjoint cell calls (eager or jit on the current backend), and its argument. */
function adjointCall(id: string, inp: W11Inputs, mode: "eager" | "jit"): () => NDArray | number {
  const A = np.array(inp.A, { dtype: "float64" }).reshape([3, 3]);
  const x = np.array(inp.x, { dtype: "float64" });
  const wrap = <F extends (...a: any[]) => any>(f: F): F => (mode === "jit" ? (jit(f) as F) : f);
  const [name, kind] = [id.slice(0, id.lastIndexOf("-")), id.slice(id.lastIndexOf("-") + 1)];
  if (name in scalarFns) {
    const f = wrap(kind === "grad" ? grad(scalarFns[name]) : hessian(scalarFns[name]));
    return () => f(A);
  }
  if (name === "erfc1k") {
    const g = wrap(kind === "grad" ? grad((t: NDArray) => special.erfc(t).sum()) : vmap(grad(grad((t: NDArray) => special.erfc(t)))));
    return () => g(x);
  }
  if (id === "gradx3-eager") {
    const g = grad((t: NDArray) => t.mul(t).mul(t));
    return () => g(1.5).item();
  }
  if (id === "add10-eager") {
    const a = np.array(inp.a10, { dtype: "float32" }), b = np.array(inp.b10, { dtype: "float32" });
    return () => np.add(a, b);
  }
  throw new Error(`W11: unknown case ${id}`);
}

const read = (r: NDArray | number): number[] => (typeof r === "number" ? [r] : Array.from(r.data() as Float64Array));

/** A persistent PyTorch worker, or why there is none. */
class TorchW11 {
  private proc;
  private pending: ((v: any) => void)[] = [];
  static start(): TorchW11 | string {
    const python = process.env.ADJOINT_BENCH_PYTHON ?? "/usr/bin/python3";
    const r = spawnSync(python, ["-c", "import torch"], { stdio: "ignore", timeout: 60_000 });
    if (r.status !== 0) return `no torch in ${python}`;
    return new TorchW11(python);
  }
  private constructor(python: string) {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "w11_worker.py");
    this.proc = spawn(python, [script], { stdio: ["pipe", "pipe", "inherit"] });
    createInterface({ input: this.proc.stdout! }).on("line", (l) => this.pending.shift()?.(JSON.parse(l)));
  }
  ask(cmd: object): Promise<any> {
    return new Promise((res) => {
      this.pending.push(res);
      this.proc.stdin!.write(JSON.stringify(cmd) + "\n");
    });
  }
  stop(): void {
    this.proc.stdin!.end();
  }
}

export interface W11Cell { lib: string; perCallUs?: number; status: "ok" | "FAIL" | "n/a" | "error"; note?: string }
export interface W11Row { c: W11Case; cells: W11Cell[] }

/** Time `f`: batches of ≥ 20 ms; per-call µs of each batch. */
function sampleUs(f: () => unknown, perCallGuessUs: number): number {
  const reps = Math.max(1, Math.ceil(20_000 / Math.max(perCallGuessUs, 0.05)));
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  return ((performance.now() - t0) * 1000) / reps;
}

const LIBS = ["adjoint eager wasm", "adjoint jit wasm", "adjoint eager js", "adjoint jit js", "PyTorch"] as const;

export async function runW11(rounds: number, log: (s: string) => void, only: (id: string) => boolean): Promise<{ rows: W11Row[]; torch: string }> {
  const inp = w11Inputs();
  const torch = TorchW11.start();
  let torchInfo = typeof torch === "string" ? `n/a: ${torch}` : "";
  if (typeof torch !== "string") torchInfo = JSON.stringify(await torch.ask({ op: "setup", ...inp }));
  const prevBackend = adj.getBackend().name;
  const backends: Record<string, unknown> = {};
  for (const b of ["wasm", "js"]) {
    adj.setBackend(b);
    const inst = adj.getBackend();
    backends[b] = inst;
    const start = (inst as { startThreads?: () => Promise<boolean> }).startThreads;
    if (typeof start === "function") await start.call(inst);
    // one instance per backend for the whole run (setBackend(name) would make a fresh one)
    registerBackend(`w11:${b}`, () => inst as any);
  }
  const rows: W11Row[] = [];
  try {
    for (const c of W11_CASES.filter((k) => only(k.id))) {
      log(`W11 ${c.id}`);
      const ref = typeof torch === "string" ? null : ((await torch.ask({ op: "value", case: c.id })).value as number[] | undefined) ?? null;
      const cells: W11Cell[] = [];
      const calls: (null | (() => unknown))[] = [];
      for (const lib of LIBS) {
        if (lib === "PyTorch") {
          cells.push(typeof torch === "string" ? { lib, status: "n/a", note: torch } : { lib, status: ref ? "ok" : "error" });
          calls.push(null);
          continue;
        }
        const [, mode, be] = lib.split(" ") as [string, "eager" | "jit", string];
        if (mode === "jit" && c.id.endsWith("-eager")) {
          cells.push({ lib, status: "n/a", note: "an eager probe" });
          calls.push(null);
          continue;
        }
        adj.setBackend(`w11:${be}`);
        const f = adjointCall(c.id, inp, mode);
        const got = read(f() as NDArray | number);
        let status: W11Cell["status"] = "ok", note: string | undefined;
        if (ref) {
          const scale = Math.max(...ref.map(Math.abs), 1e-300);
          const err = Math.max(...got.map((v, i) => Math.abs(v - ref[i]))) / scale;
          const tol = c.id === "add10-eager" ? 1e-7 : 1e-9;
          if (got.length !== ref.length || !(err <= tol)) [status, note] = ["FAIL", `max rel. error ${err.toExponential(2)} vs PyTorch`];
        }
        cells.push({ lib, status, note });
        calls.push(() => {
          adj.setBackend(`w11:${be}`);
          return f;
        });
      }
      // alternate: one sample of every cell per round
      const samples: number[][] = LIBS.map(() => []);
      const guess: number[] = LIBS.map(() => 1000);
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < LIBS.length; k++) {
          if (cells[k].status !== "ok") continue;
          if (LIBS[k] === "PyTorch") {
            const reps = Math.max(1, Math.ceil(20_000 / guess[k]));
            const { ms } = await (torch as TorchW11).ask({ op: "time", case: c.id, reps });
            samples[k].push((ms * 1000) / reps);
          } else {
            const f = calls[k]!() as () => NDArray | number;
            samples[k].push(sampleUs(() => read(f()), guess[k]));
          }
          guess[k] = median(samples[k]);
        }
      }
      cells.forEach((cell, k) => {
        if (cell.status === "ok") cell.perCallUs = median(samples[k]);
      });
      rows.push({ c, cells });
    }
  } finally {
    if (typeof torch !== "string") torch.stop();
    adj.setBackend(prevBackend);
  }
  return { rows, torch: torchInfo };
}

const cellText = (x: W11Cell) => (x.status === "ok" ? `${fmt(x.perCallUs!)} µs` : x.status === "n/a" ? "n/a" : `${x.status}${x.note ? ` (${x.note})` : ""}`);

function ratioText(row: W11Row): string {
  const t = row.cells.find((x) => x.lib === "PyTorch");
  const e = row.cells.find((x) => x.lib === "adjoint eager wasm");
  const best = Math.min(...row.cells.filter((x) => x.lib !== "PyTorch" && x.status === "ok").map((x) => x.perCallUs!));
  if (!t || t.status !== "ok" || !Number.isFinite(best)) return "n/a";
  return `${fmt(e?.perCallUs! / t.perCallUs!)}× / ${fmt(best / t.perCallUs!)}×`;
}

export const W11_LEGEND =
  "W11 (issue 15): per-call time (median of alternating samples; batches of ≥ 20 ms). Ratio: adjoint eager wasm / PyTorch, then best adjoint cell / PyTorch. " +
  "Results checked against PyTorch's (relative 1e-9).";

export function w11Markdown(rows: W11Row[]): string {
  const head = `| case | ${LIBS.join(" | ")} | ratio | target |\n| --- | ${LIBS.map(() => "---:").join(" | ")} | ---: | --- |`;
  return [head, ...rows.map((r) => `| ${r.c.label} | ${r.cells.map(cellText).join(" | ")} | ${ratioText(r)} | ${r.c.target} |`)].join("\n");
}

export function w11Text(rows: W11Row[]): string {
  const lines = [["case", ...LIBS, "ratio", "target"], ...rows.map((r) => [r.c.label, ...r.cells.map(cellText), ratioText(r), r.c.target])];
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map((l) => l.map((s, i) => (i === 0 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join("  ")).join("\n");
}
