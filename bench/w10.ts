/**
 * @file Workload W10 of issue 12, part (a): MIGRAD on four problems — Rosenbrock (2 parameters), NIST's
 * Rat42 as a χ² (3), and the extended Rosenbrock function, a sum of uncoupled Rosenbrock pairs (10 and
 * 100) — by adjoint's `fit.minimize` (exact AD gradients, jit-compiled) and by iminuit's
 * `Minuit(fcn, x0).migrad()` (numerical gradients; optional, bench/iminuit_worker.py). Same start, same
 * errordef (1), tol and strategy (1) on both sides; the table shows nfcn, ngrad, wall time and the fval
 * reached. More problems (W10(b), a HistFactory fit) are more entries of `w10Problems()`: a new `kind`
 * with its fcn in `adjointW10`, and `iminuit: false` when the peer has no counterpart (its cell shows n/a).
 *
 * Timing: after warm-up fits on each side (adjoint: 3 to 30, for 0.5 s; iminuit: 5), rounds of one adjoint fit and one iminuit fit alternate (so
 * that machine noise hits both alike); the median wall time of a whole fit is shown.
 * adjoint's first fit (tracing and jit compilation of fcn's value-and-gradient and Hessian included) is
 * shown separately ("cold"); `fit.minimize` caches the compiled functions per fcn, so later fits of the same
 * fcn do not recompile.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { median } from "./util.js";
import type { IminuitFit, IminuitRunner } from "./libs/iminuit.js";

/** One W10 problem, described as data so that both sides build the same fcn. */
export interface W10Problem {
  id: string;
  label: string;
  /** What fcn is: "rosenbrock" (a sum of n/2 Rosenbrock pairs) or "chi2-rat42". */
  kind: "rosenbrock" | "chi2-rat42";
  x0: number[];
  errordef: number;
  tol: number;
  strategy: 0 | 1 | 2;
  /** χ² data (Rat42): x, y and σ. */
  x?: number[];
  y?: number[];
  sigma?: number;
  /** false: no iminuit counterpart (the cell shows n/a); default true. */
  iminuit?: boolean;
  /** Where the minimum is (for the check): the minimum value of fcn and a tolerance on fval. */
  fmin: number;
  ftol: number;
}

function rat42(): Pick<W10Problem, "x" | "y" | "sigma" | "x0"> {
  const text = readFileSync(fileURLToPath(new URL("../test/fixtures/nist/Rat42.dat", import.meta.url)), "utf8");
  const lines = text.split("\n");
  const at = lines.findIndex((l) => /^\s*Data:\s*y\s+x\s*$/.test(l));
  const rows = lines.slice(at + 1).map((l) => l.trim().split(/\s+/).map(Number)).filter((r) => r.length === 2);
  const sigma = Number(/Residual Standard Deviation:\s*(\S+)/.exec(text)![1]);
  // start 1 of the file: (100, 1, 0.1)
  return { y: rows.map((r) => r[0]), x: rows.map((r) => r[1]), sigma, x0: [100, 1, 0.1] };
}

const rosenStart = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));

export function w10Problems(): W10Problem[] {
  const common = { errordef: 1, tol: 0.01, strategy: 1 as const };
  return [
    { id: "W10-rosen2", label: "W10 MIGRAD Rosenbrock, 2 parameters, start (−1.2, 1)", kind: "rosenbrock", x0: rosenStart(2), ...common, fmin: 0, ftol: 1e-3 },
    // χ² = Σ((y − b1/(1 + e^(b2 − b3·x)))/σ)², σ = NIST's residual sd: χ²min = n − p = 6
    { id: "W10-rat42", label: "W10 MIGRAD NIST Rat42 χ², 3 parameters, start 1", kind: "chi2-rat42", ...rat42(), ...common, fmin: 6, ftol: 1e-3 },
    { id: "W10-rosen10", label: "W10 MIGRAD extended Rosenbrock, 10 parameters", kind: "rosenbrock", x0: rosenStart(10), ...common, fmin: 0, ftol: 1e-2 },
    { id: "W10-rosen100", label: "W10 MIGRAD extended Rosenbrock, 100 parameters", kind: "rosenbrock", x0: rosenStart(100), ...common, fmin: 0, ftol: 1e-1 },
  ];
}

/** One side's result on one problem. */
export interface W10Cell {
  lib: "adjoint" | "iminuit";
  status: "ok" | "FAIL" | "n/a" | "error";
  note?: string;
  nfcn?: number;
  ngrad?: number;
  fval?: number;
  valid?: boolean;
  /** Median wall time of a whole fit (ms), and the first (cold) fit's. */
  medianMs?: number;
  coldMs?: number;
  samplesMs?: number[];
}

export interface W10Row { problem: W10Problem; cells: W10Cell[] }

/** fval reached within the problem's tolerance of the minimum, and the fit valid. */
export function checkW10(p: W10Problem, c: W10Cell): W10Cell {
  const ok = c.valid === true && typeof c.fval === "number" && Math.abs(c.fval - p.fmin) <= p.ftol;
  return { ...c, status: ok ? "ok" : "FAIL", note: ok ? c.note : `${c.note ? c.note + "; " : ""}fval ${c.fval} (minimum ${p.fmin} ± ${p.ftol}), valid ${c.valid}` };
}

/** adjoint's side: fcn from `np` and a function running one whole `fit.minimize` with the problem's options. */
export async function adjointW10(p: W10Problem): Promise<() => { ms: number; nfcn: number; ngrad: number; fval: number; valid: boolean; reason: string }> {
  const { fit, np } = await import("../src/index.js");
  type A = import("../src/index.js").NDArray;
  let fcn: (b: A) => A;
  if (p.kind === "rosenbrock") {
    // Σ (1 − x)² + 100·(y − x²)² over the pairs (x, y) = (b₀, b₁), (b₂, b₃), …
    fcn = (b) => {
      const v = np.reshape(b, [-1, 2]);
      const x = v.get(":", 0), y = v.get(":", 1);
      return np.sum(np.square(np.subtract(1, x)).add(np.square(y.sub(np.square(x))).mul(100)));
    };
  } else {
    const x = np.array(p.x!, { dtype: "float64" }), y = np.array(p.y!, { dtype: "float64" }), s = p.sigma!;
    fcn = (b) => np.sum(np.square(y.sub(b.get(0).div(np.add(1, np.exp(b.get(1).sub(b.get(2).mul(x)))))).div(s)));
  }
  const opts = { errordef: p.errordef, tol: p.tol, strategy: p.strategy };
  return () => {
    const t = performance.now();
    const r = fit.minimize(fcn, p.x0, opts);
    return { ms: performance.now() - t, nfcn: r.nfcn, ngrad: r.ngrad, fval: r.fval, valid: r.valid, reason: r.reason };
  };
}

/**
 * Run W10(a): per problem, adjoint's first (cold) fit, warm-up fits on each side, then `rounds` rounds of
 * one adjoint fit and one iminuit fit alternately; medians of the rounds.
 */
export async function runW10(rounds: number, iminuit: IminuitRunner | null, iminuitWhy: string, log: (s: string) => void, only?: (id: string) => boolean): Promise<W10Row[]> {
  const rows: W10Row[] = [];
  for (const p of w10Problems().filter((q) => !only || only(q.id))) {
    log(p.label);
    const run = await adjointW10(p);
    const peer = p.iminuit === false ? null : iminuit;
    const cold = run();
    // warm-up, not timed (V8 optimises the host code of a tracing library only after many calls): at least
    // 3 fits and 0.5 s, at most 30 fits, on each side
    const tw = performance.now();
    for (let i = 0; i < 30 && (i < 3 || performance.now() - tw < 500); i++) run();
    if (peer) await peer.fit(p, 5);
    const ad: number[] = [], im: number[] = [];
    let last = cold, imLast: IminuitFit | { error: string } | null = null;
    for (let r = 0; r < rounds; r++) {
      last = run();
      ad.push(last.ms);
      if (peer) {
        imLast = await peer.fit(p, 1);
        if ("error" in imLast) break;
        im.push(imLast.samples_ms[0]);
      }
    }
    const cells: W10Cell[] = [checkW10(p, { lib: "adjoint", status: "ok", nfcn: last.nfcn, ngrad: last.ngrad, fval: last.fval, valid: last.valid, medianMs: median(ad), coldMs: cold.ms, samplesMs: ad, note: last.valid ? undefined : last.reason })];
    if (!peer) cells.push({ lib: "iminuit", status: "n/a", note: iminuit ? "no iminuit counterpart" : iminuitWhy });
    else if (imLast && "error" in imLast) cells.push({ lib: "iminuit", status: "error", note: imLast.error });
    else if (imLast) cells.push(checkW10(p, { lib: "iminuit", status: "ok", nfcn: imLast.nfcn, ngrad: imLast.ngrad, fval: imLast.fval, valid: imLast.valid, medianMs: median(im), samplesMs: im }));
    for (const c of cells) log(`  ${c.lib}: ${c.medianMs?.toFixed(2) ?? "–"} ms, nfcn ${c.nfcn ?? "–"}, ngrad ${c.ngrad ?? "–"}, fval ${c.fval ?? "–"} ${c.status}${c.note ? ` (${c.note})` : ""}`);
    rows.push({ problem: p, cells });
  }
  return rows;
}

const f3 = (v: number | undefined) => (v === undefined ? "–" : v === 0 ? "0" : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5 ? v.toExponential(2) : String(Number(v.toPrecision(4))));

/** The W10 table: rows of cells, with the ratios adjoint / iminuit of wall time and of fcn calls. */
export function w10Table(rows: W10Row[]): { header: string[]; body: string[][] } {
  const header = ["W10(a) MIGRAD", "params", "adjoint nfcn", "ngrad", "ms", "cold ms", "fval", "iminuit nfcn", "ms", "fval", "time adjoint / iminuit", "nfcn adjoint / iminuit"];
  const body = rows.map(({ problem: p, cells }) => {
    const a = cells.find((c) => c.lib === "adjoint")!, m = cells.find((c) => c.lib === "iminuit");
    const ok = (c: W10Cell | undefined) => (c && c.status !== "ok" ? ` ${c.status}` : "");
    const im = m && m.medianMs !== undefined;
    return [
      p.label.replace(/^W10 MIGRAD /, ""), String(p.x0.length),
      String(a.nfcn ?? "–"), String(a.ngrad ?? "–"), f3(a.medianMs) + ok(a), f3(a.coldMs), f3(a.fval),
      im ? String(m!.nfcn) : m?.status ?? "–", im ? f3(m!.medianMs) + ok(m) : "–", im ? f3(m!.fval) : "–",
      im && a.medianMs !== undefined ? f3(a.medianMs / m!.medianMs!) : "–",
      im && a.nfcn !== undefined ? f3(a.nfcn / m!.nfcn!) : "–",
    ];
  });
  return { header, body };
}

export function w10Text(rows: W10Row[]): string {
  const { header, body } = w10Table(rows);
  const w = header.map((h, j) => Math.max(h.length, ...body.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => (j === 0 ? c.padEnd(w[j]) : c.padStart(w[j]))).join("  ");
  return [line(header), w.map((x) => "─".repeat(x)).join("  "), ...body.map(line)].join("\n");
}

export function w10Markdown(rows: W10Row[]): string {
  const { header, body } = w10Table(rows);
  return [`| ${header.join(" | ")} |`, `|${header.map((_, j) => (j === 0 ? "---" : "---:")).join("|")}|`, ...body.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

export const W10_LEGEND =
  "W10(a): medians of alternating rounds (one adjoint fit, one iminuit fit); adjoint's ms excludes tracing and compilation (fit.minimize caches them per fcn), " +
  "'cold ms' is its first fit with them. nfcn: fcn evaluations (adjoint: a value-and-gradient call counts one fcn call and one gradient, an AD Hessian one fcn call and n gradients; " +
  "iminuit's gradients are numerical, ≥ 2 fcn calls per parameter, inside its nfcn); same start, errordef 1, tol 0.01, strategy 1.";

// ---- W10(b): a large HistFactory model (no iminuit counterpart) ----

/**
 * The W10(b) workspace (pyhf JSON): `nc` channels × `nb` bins × 4 samples (signal with the POI `mu`, three
 * backgrounds), a staterror per bin (all samples), a shapesys per bin on bkg1, 5 normsys and 5 histosys
 * shared by all samples — 1 + 2·nc·nb + 10 parameters (1,211 at 20 × 30). Yields, uncertainties and
 * observations come from a seeded generator (Park–Miller), so every run builds the same workspace; the
 * observations are the nominal expectation scaled by 1 ± 10 % and rounded, so the fits converge.
 */
export function w10bWorkspace(nc = 20, nb = 30, seed0 = 7): Record<string, unknown> {
  let seed = seed0;
  const r = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const channels = [], observations = [];
  for (let c = 0; c < nc; c++) {
    const name = `ch${String(c).padStart(2, "0")}`;
    const nominal = new Array<number>(nb).fill(0);
    const samples = ["signal", "bkg1", "bkg2", "bkg3"].map((s) => {
      const data = Array.from({ length: nb }, () => (s === "signal" ? 2 : 20) * (0.5 + r()));
      data.forEach((v, b) => { nominal[b] += v; });
      const modifiers: Record<string, unknown>[] = [{ name: `staterror_${name}`, type: "staterror", data: data.map((x) => 0.05 * x) }];
      if (s === "signal") modifiers.push({ name: "mu", type: "normfactor", data: null });
      if (s === "bkg1") modifiers.push({ name: `shapesys_${name}`, type: "shapesys", data: data.map((x) => 0.1 * x) });
      for (let k = 0; k < 5; k++) modifiers.push({ name: `norm${k}`, type: "normsys", data: { hi: 1 + 0.05 * r(), lo: 1 - 0.05 * r() } });
      for (let k = 0; k < 5; k++) modifiers.push({ name: `histo${k}`, type: "histosys", data: { hi_data: data.map((x) => x * (1 + 0.03 * r())), lo_data: data.map((x) => x * (1 - 0.03 * r())) } });
      return { name: s, data, modifiers };
    });
    channels.push({ name, samples });
    observations.push({ name, data: nominal.map((v) => Math.round(v * (0.9 + 0.2 * r()))) });
  }
  return {
    channels, observations, version: "1.0.0",
    measurements: [{ name: "meas", config: { poi: "mu", parameters: [{ name: "mu", bounds: [[0, 10]] }] } }],
  };
}

/** One W10(b) row: cold (first call: tracing and compiling included) and warm (median) wall time, with the CPU time of the warm calls. */
export interface W10bRow { what: string; coldMs: number; warmMs: number; cpuMs: number; note: string }

/** Wall and process-CPU time of one call. */
function timed<T>(f: () => T): { ms: number; cpu: number; out: T } {
  const c0 = process.cpuUsage(), t = performance.now();
  const out = f();
  const ms = performance.now() - t, c = process.cpuUsage(c0);
  return { ms, cpu: (c.user + c.system) / 1000, out };
}

/**
 * Run W10(b): build the workspace from JSON, then time jit(logpdf), jit(grad(logpdf)), `hf.mle.fit` and
 * `hf.infer.hypotest(1, …, { returnExpectedSet: true })` — each's first call (cold) and the median of
 * `rounds` further calls (warm; logpdf and grad: per call, from batches of 10).
 */
export async function runW10b(rounds: number, log: (s: string) => void): Promise<W10bRow[]> {
  const { hf, np, jit, grad } = await import("../src/index.js");
  type A = import("../src/index.js").NDArray;
  const ws = hf.Workspace.fromJSON(w10bWorkspace());
  const model = ws.model();
  const data = np.array(ws.data(model), { dtype: "float64" });
  const p0 = np.array(model.config.suggestedInit(), { dtype: "float64" });
  const nPars = model.config.nPars;
  log(`W10(b): HistFactory model, ${model.config.channels.length} channels, ${model.nMain} bins, ${nPars} parameters`);
  const rows: W10bRow[] = [];
  const row = (what: string, f: () => unknown, per = 1, note: (out: unknown) => string = () => "") => {
    const cold = timed(f);
    const ms: number[] = [], cpu: number[] = [];
    let last: unknown = cold.out;
    for (let i = 0; i < rounds; i++) {
      const t = timed(() => { let o: unknown; for (let k = 0; k < per; k++) o = f(); return o; });
      ms.push(t.ms / per);
      cpu.push(t.cpu / per);
      last = t.out;
    }
    const r = { what, coldMs: cold.ms, warmMs: median(ms), cpuMs: median(cpu), note: note(last) };
    log(`  ${what}: cold ${r.coldMs.toFixed(1)} ms, warm ${r.warmMs.toFixed(2)} ms (CPU ${r.cpuMs.toFixed(2)} ms) ${r.note}`);
    rows.push(r);
  };
  const logpdf = jit((p: A) => model.logpdf(p, data));
  const g = jit(grad((p: A) => model.logpdf(p, data)));
  row(`logpdf, jit (${nPars} parameters)`, () => logpdf(p0).item(), 10, (o) => `logpdf ${Number(o).toFixed(4)}`);
  row("gradient, jit(grad(logpdf))", () => g(p0).data(), 10);
  row("MLE fit, hf.mle.fit", () => hf.mle.fit(data, model, { returnFitval: true }), 1, (o) => `twice_nll ${(o as [A, number])[1].toFixed(4)}, μ̂ ${Number((o as [A, number])[0].get(model.config.poiIndex!).item()).toFixed(4)}`);
  row("hypotest(1), returnExpectedSet", () => hf.infer.hypotest(1, data, model, { returnExpectedSet: true }), 1, (o) => `CLs ${(o as [number, number[]])[0].toPrecision(6)}`);
  return rows;
}

export const W10B_LEGEND =
  "W10(b): the synthetic workspace of bench/w10.ts (w10bWorkspace: seeded, built through hf.Workspace.fromJSON); cold = first call (tracing and compilation included), " +
  "warm = median of later calls (logpdf and gradient: per call, in batches of 10), CPU = process CPU time of a warm call, all threads (the wasm backend runs kernels on 2 threads; the machine is shared, so wall time rises with the load).";

export function w10bMarkdown(rows: W10bRow[]): string {
  return ["| W10(b) HistFactory | cold ms | warm ms | warm CPU ms | result |", "|---|---:|---:|---:|---|",
    ...rows.map((r) => `| ${r.what} | ${f3(r.coldMs)} | ${f3(r.warmMs)} | ${f3(r.cpuMs)} | ${r.note} |`)].join("\n");
}

export function w10bText(rows: W10bRow[]): string {
  const w = Math.max(...rows.map((r) => r.what.length));
  return ["W10(b) HistFactory".padEnd(w) + "   cold ms    warm ms     CPU ms  result", ...rows.map((r) => `${r.what.padEnd(w)}  ${f3(r.coldMs).padStart(8)}  ${f3(r.warmMs).padStart(9)}  ${f3(r.cpuMs).padStart(9)}  ${r.note}`)].join("\n");
}
