/**
 * @file `npm run bench`: workloads W1–W6 of issue 3, W7–W8 of issue 4, W9 of issue 11 and W10 of issue 12 (MIGRAD vs iminuit) on adjoint (eager/jit ×
 * js/wasm), TensorFlow.js (cpu, wasm), jax-js (wasm, eager/jit) and, when installed, PyTorch — in one
 * process, interleaved.
 *
 *   npm run bench                         full run (10–13 min; W7, W8 ≈ 2.5 min), table on stdout, bench/results.json
 *   npm run bench -- --quick              fewer, shorter samples (≈2 min)
 *   npm run bench -- --only W3,W6-rev     some rows ("W4" selects W4-f32 and W4-f64; W7, W8, W9 likewise)
 *   npm run bench -- --only W9            issue 11's MNIST epochs only (W9-mlp, W9-cnn; see bench/w9.ts)
 *   npm run bench -- --lib adjoint,jax-js some variants (substring of the column name; "PyTorch")
 *   npm run bench -- --no-torch           skip PyTorch
 *   npm run bench -- --only W10           issue 12's MIGRAD workload only (adjoint vs iminuit; see bench/w10.ts)
 *   npm run bench -- --no-iminuit         skip iminuit (W10)
 *   npm run bench -- --only W11           issue 15's small derivatives and eager dispatch (see bench/w11.ts; W11-inv-grad etc. for one case)
 *   npm run bench -- --markdown           print the table as Markdown (for BENCHMARKS.md)
 *   npm run bench -- --json out.json      write the results elsewhere
 *
 * Progress goes to stderr, the table to stdout.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Cell, FULL, QUICK, runRow, TimingOptions, Variant } from "./harness.js";
import { adjointVariants } from "./libs/adjoint.js";
import { tfjsVariants } from "./libs/tfjs.js";
import { jaxjsVariants } from "./libs/jaxjs.js";
import { TorchRunner } from "./libs/torch.js";
import { machine, markdownTable, notes, ratio, RowResult, textTable } from "./report.js";
import { anchorNote, displayValue, makeData, ROWS, RowSpec } from "./workloads.js";
import { defaultThreads } from "../src/backend/wasm/threads.js";
import { runW10, w10Markdown, w10Problems, W10Row, w10Text, W10_LEGEND, runW10b, w10bMarkdown, w10bText, W10B_LEGEND, type W10bRow } from "./w10.js";
import { IminuitRunner } from "./libs/iminuit.js";
import { getBackend } from "../src/backend/registry.js";
import { runW11, W11_CASES, W11_LEGEND, w11Markdown, w11Text, type W11Row } from "./w11.js";

interface Args {
  quick: boolean;
  markdown: boolean;
  torch: boolean;
  iminuit: boolean;
  only: string[] | null;
  lib: string[] | null;
  json: string;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv: string[]): Args {
  const a: Args = { quick: false, markdown: false, torch: true, iminuit: true, only: null, lib: null, json: path.join(HERE, "results.json") };
  for (let i = 0; i < argv.length; i++) {
    const s = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${s} needs a value`);
      return v;
    };
    if (s === "--quick") a.quick = true;
    else if (s === "--markdown") a.markdown = true;
    else if (s === "--no-torch") a.torch = false;
    else if (s === "--no-iminuit") a.iminuit = false;
    else if (s === "--only") a.only = val().split(",").map((x) => x.trim().toUpperCase());
    else if (s === "--lib") a.lib = val().split(",").map((x) => x.trim().toLowerCase());
    else if (s === "--json") a.json = val();
    else if (s === "--help" || s === "-h") {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0]);
      process.exit(0);
    } else throw new Error(`unknown option ${s} (try --help)`);
  }
  return a;
}

const log = (s: string) => process.stderr.write(s + "\n");

/** tfjs greets Node users with a banner on its first cpu-backend op; keep the output readable. */
function quietTfjsBanner(): void {
  for (const k of ["warn", "log"] as const) {
    const orig = console[k].bind(console);
    console[k] = (...xs: unknown[]) => {
      const s = xs.map(String).join(" ");
      if (/tfjs-node|running TensorFlow\.js in Node\.js|^=+$/.test(s.trim())) return;
      orig(...xs);
    };
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const opt: TimingOptions = args.quick ? QUICK : FULL;
  quietTfjsBanner();
  const wanted = (name: string) => !args.lib || args.lib.some((l) => name.toLowerCase().includes(l));
  const rows = ROWS.filter((r) => !args.only || args.only.some((o) => r.id.toUpperCase() === o || r.workload === o));
  // ---- issue 12: W10 (its own table: adjoint vs iminuit) ----
  const w10Ids = [...w10Problems().map((p) => p.id.toUpperCase()), "W10-HF"];
  const w10Only = (id: string) => !args.only || args.only.some((o) => o === "W10" || o === id.toUpperCase());
  const runW10Rows = w10Ids.some(w10Only);
  // ---- issue 15: W11 (its own table: small derivatives and eager dispatch vs PyTorch) ----
  const w11Only = (id: string) => !args.only || args.only.some((o) => o === "W11" || o === `W11-${id.toUpperCase()}`);
  const runW11Rows = W11_CASES.some((c) => w11Only(c.id));
  let w11: W11Row[] = [];
  let w11Torch = "";
  if (!rows.length && !runW10Rows && !runW11Rows) throw new Error(`--only ${args.only}: no such rows (${[...ROWS.map((r) => r.id), ...w10Problems().map((p) => p.id), "W10-hf", "W11", ...W11_CASES.map((c) => `W11-${c.id}`)].join(", ")})`);
  let w10b: W10bRow[] = [];

  const t0 = performance.now();
  const loadStart = os.loadavg().map((x) => +x.toFixed(2));
  const variants: Variant[] = [...adjointVariants(), ...tfjsVariants(), ...jaxjsVariants()].filter((v) => wanted(v.name));
  for (const v of variants) {
    await v.init();
    log(`${v.name.padEnd(20)} ${v.unavailable ? `n/a: ${v.unavailable}` : "ready"}`);
  }
  let torch: TorchRunner | null = null;
  let torchWhy = "not selected (--lib)";
  if (!args.torch) torchWhy = "skipped (--no-torch)";
  else if (wanted("PyTorch")) {
    const t = await TorchRunner.start();
    if (typeof t === "string") torchWhy = t;
    else torch = t;
  }
  log(`${"PyTorch".padEnd(20)} ${torch ? `ready: ${JSON.stringify(torch.info)}` : `n/a: ${torchWhy}`}`);

  // --quick (without --lib): adjoint on its fast backend (wasm once registered) and each peer's fastest
  // configuration; jax-js eager only for W1, where issue 3 sets a target against it.
  const adjointWasm = variants.some((v) => v.lib === "adjoint" && v.name.endsWith(" wasm") && !v.unavailable);
  const quickSkip = (row: RowSpec) => (v: Variant) => {
    if (!args.quick || args.lib) return null;
    const keep =
      v.lib === "adjoint" ? v.name.endsWith(adjointWasm ? " wasm" : " js") : v.name === "tfjs wasm" || v.name === "jax-js jit" || (v.name === "jax-js eager" && row.id === "W1");
    return keep ? null : "not run with --quick (choose variants with --lib)";
  };

  const results: RowResult[] = [];
  let w10: W10Row[] = [];
  let iminuitInfo: Record<string, unknown> | string = "not run";
  let w10Backend = "";
  try {
    const workloads = [...new Set(rows.map((r) => r.workload))];
    for (const w of workloads) {
      const ts = performance.now();
      const data = await makeData(w);
      log(`\n${w}: inputs and analytic answers in ${((performance.now() - ts) / 1000).toFixed(1)} s`);
      torch?.writeInputs(w, data);
      for (const row of rows.filter((r) => r.workload === w)) {
        log(`${row.label}`);
        const cells: Cell[] = await runRow(row.id, data, variants, opt, log, quickSkip(row));
        if (torch) {
          const c = await torch.runRow(row.id, data, opt);
          log(`  PyTorch: ${c.medianMs?.toFixed(3)} ms ${c.status}${c.note ? ` ${c.note}` : ""}`);
          cells.push(c);
        } else if (wanted("PyTorch")) cells.push({ variant: "PyTorch", lib: "PyTorch", status: "n/a", note: torchWhy });
        const mem = process.memoryUsage();
        const mb = (x: number) => Math.round(x / 2 ** 20);
        const anchor = anchorNote(row, data) ?? undefined;
        if (anchor) log(`  ${anchor}`);
        results.push({ row, cells, anchor, rssMB: mb(mem.rss), memoryMB: { rss: mb(mem.rss), heapUsed: mb(mem.heapUsed), external: mb(mem.external), arrayBuffers: mb(mem.arrayBuffers) } });
      }
      for (const v of variants) v.endWorkload?.();
    }
    if (runW10Rows) {
      // adjoint on its fast backend (wasm), whichever backend the rows before left current
      const fast = variants.find((v) => v.lib === "adjoint" && v.name.endsWith(" wasm") && !v.unavailable);
      if (fast) await fast.activate();
      w10Backend = getBackend().name;
      const im = !args.iminuit ? "skipped (--no-iminuit)" : !wanted("iminuit") ? "not selected (--lib)" : await IminuitRunner.start();
      iminuitInfo = typeof im === "string" ? im : im.info;
      log(`\nW10 (issue 12): iminuit ${typeof im === "string" ? `n/a: ${im}` : `ready: ${JSON.stringify(im.info)}`}`);
      try {
        w10 = await runW10(args.quick ? 5 : 15, typeof im === "string" ? null : im, typeof im === "string" ? im : "", log, w10Only);
        if (w10Only("W10-hf")) w10b = await runW10b(args.quick ? 3 : 7, log);
      } finally {
        if (typeof im !== "string") im.close();
      }
    }
    if (runW11Rows) {
      log("\nW11 (issue 15): small derivatives and eager dispatch");
      ({ rows: w11, torch: w11Torch } = await runW11(args.quick ? 5 : 11, log, w11Only));
    }
  } finally {
    torch?.close();
  }

  const seconds = (performance.now() - t0) / 1000;
  const meta = { ...machine(), loadavgStart: loadStart, loadavgEnd: os.loadavg().map((x) => +x.toFixed(2)), mode: args.quick ? "quick" : "full", timing: opt, seconds: Math.round(seconds), pytorch: torch ? torch.info : torchWhy };
  const json = {
    meta,
    rows: results.map((r) => ({
      id: r.row.id,
      label: r.row.label,
      unit: r.row.unit,
      cells: r.cells.map((c) => ({ ...c, value: c.medianMs !== undefined ? displayValue(r.row, c.medianMs) : undefined })),
      ratioBestPeer: ratio(r, false),
      ratioBestJsPeer: ratio(r, true),
      memoryMBAfterRow: r.memoryMB,
      anchor: r.anchor,
    })),
    w11: { torch: w11Torch, rows: w11.map((r) => ({ id: r.c.id, label: r.c.label, target: r.c.target, cells: r.cells })) },
    w10: { iminuit: iminuitInfo, adjointBackend: w10Backend, rows: w10.map((r) => ({ id: r.problem.id, label: r.problem.label, params: r.problem.x0.length, cells: r.cells })) },
  };
  fs.writeFileSync(args.json, JSON.stringify(json, null, 2) + "\n");

  const legend = [
    `Medians; µs/call and ms: lower is better, GFLOP/s: higher is better. ¹ calls over ${opt.slowMs / 1000} s: a single timed call after one warm-up call${
      opt.retimeBelowMs < Infinity ? ` (over ${opt.retimeBelowMs / 1000} s: the first call, compilation included)` : ""
    }.`,
    "Ratios: adjoint's best variant's time / the best peer's time, same run (below 1: adjoint is faster).",
  ];
  const nts = notes(results);
  if (args.markdown) {
    const py = torch ? `PyTorch ${torch.info.torch} (Python ${torch.info.python}, ${torch.info.threads} threads, OpenBLAS core ${torch.info.openblas_core})` : `PyTorch: ${torchWhy}`;
    console.log(
      `${meta.date.slice(0, 16).replace("T", " ")} UTC · ${meta.cpu}, ${meta.cores} cores, ${meta.memoryGB} GB · ${meta.platform} · Node ${meta.node} · ` +
        `adjoint ${meta.adjointCommit} (wasm: ${defaultThreads()} threads) · tfjs ${meta.versions["@tensorflow/tfjs"]} · jax-js ${meta.versions["@jax-js/jax"]} · ${py} · ` +
        `${meta.mode} run, ${meta.seconds} s · load average ${meta.loadavgStart[0]} at start, ${meta.loadavgEnd[0]} at end\n`,
    );
    if (results.length) {
      console.log(markdownTable(results));
      console.log("\n" + legend.join("\n"));
      if (nts.length) console.log("\n" + nts.map((n) => `- ${n}`).join("\n"));
    }
    if (w10.length) console.log(`\n${w10Markdown(w10)}\n\n${W10_LEGEND} adjoint backend: ${w10Backend}. iminuit: ${typeof iminuitInfo === "string" ? iminuitInfo : JSON.stringify(iminuitInfo)}`);
    if (w10b.length) console.log(`\n${w10bMarkdown(w10b)}\n\n${W10B_LEGEND} adjoint backend: ${w10Backend}.`);
    if (w11.length) console.log(`\n${w11Markdown(w11)}\n\n${W11_LEGEND} PyTorch: ${w11Torch}.`);
  } else {
    if (results.length) {
      console.log("\n" + textTable(results));
      console.log("\n" + legend.join("\n"));
      if (nts.length) console.log("\nNotes:\n" + nts.map((n) => `  ${n}`).join("\n"));
    }
    if (w10.length) console.log(`\n${w10Text(w10)}\n\n${W10_LEGEND}\nadjoint backend: ${w10Backend}; iminuit: ${typeof iminuitInfo === "string" ? iminuitInfo : JSON.stringify(iminuitInfo)}`);
    if (w10b.length) console.log(`\n${w10bText(w10b)}\n\n${W10B_LEGEND}\nadjoint backend: ${w10Backend}`);
    if (w11.length) console.log(`\n${w11Text(w11)}\n\n${W11_LEGEND}\nPyTorch: ${w11Torch}`);
  }
  log(`\n${meta.cpu}, ${meta.cores} cores, Node ${meta.node}; ${Math.round(seconds)} s; results in ${path.relative(process.cwd(), args.json)}`);
}

main().then(
  () => process.exit(0), // backends may keep worker threads alive
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
