/** @file The results table (plain text and Markdown), ratios, and the machine description. */
import fs from "node:fs";
import os from "node:os";
import { execSync } from "node:child_process";
import { createRequire } from "node:module";
import type { Cell } from "./harness.js";
import { displayValue, RowSpec } from "./workloads.js";
import { fmt } from "./util.js";

export interface RowResult {
  row: RowSpec;
  cells: Cell[];
  /** Resident memory of the process after the row. */
  rssMB?: number;
  memoryMB?: Record<string, number>;
  /** A reference timing that is no library's cell (W7: the bare JS loop). */
  anchor?: string;
}

export interface Ratio {
  adjoint: string;
  peer: string;
  /** adjoint's best time / the peer's best time: below 1 means adjoint is faster. */
  ratio: number;
}

function best(cells: Cell[]): Cell | undefined {
  return cells.filter((c) => c.status === "ok" && c.medianMs !== undefined).sort((a, b) => a.medianMs! - b.medianMs!)[0];
}

/** adjoint-best / best-peer, over all peers or over the JavaScript ones only. */
export function ratio(r: RowResult, jsOnly: boolean): Ratio | null {
  const a = best(r.cells.filter((c) => c.lib === "adjoint"));
  const p = best(r.cells.filter((c) => c.lib !== "adjoint" && (!jsOnly || c.lib !== "PyTorch")));
  if (!a || !p) return null;
  return { adjoint: a.variant, peer: p.variant, ratio: a.medianMs! / p.medianMs! };
}

function cellText(row: RowSpec, c: Cell): string {
  if (c.status === "n/a") return "n/a";
  if (c.status === "skipped") return "skip";
  if (c.status === "error") return "error";
  const v = fmt(displayValue(row, c.medianMs!)) + (c.singleSample ? "¹" : "") + (c.accuracy !== undefined ? ` (${(c.accuracy * 100).toFixed(1)}%)` : "");
  return c.status === "FAIL" ? `FAIL ${v}` : v;
}

const ratioText = (q: Ratio | null) => (q ? `${fmt(q.ratio)}× ${q.peer}` : "—");

function columns(results: RowResult[]): string[] {
  const names: string[] = [];
  for (const r of results) for (const c of r.cells) if (!names.includes(c.variant)) names.push(c.variant);
  return names;
}

function grid(results: RowResult[]): string[][] {
  const cols = columns(results);
  const head = ["workload", "unit", ...cols, "adjoint best / best peer", "adjoint best / best JS peer"];
  const rows = results.map((r) => [
    r.row.label,
    r.row.unit,
    ...cols.map((n) => {
      const c = r.cells.find((c) => c.variant === n);
      return c ? cellText(r.row, c) : "";
    }),
    ratioText(ratio(r, false)),
    ratioText(ratio(r, true)),
  ]);
  return [head, ...rows];
}

/** Notes under the table: why variants are n/a, failures and errors; then the anchors. */
export function notes(results: RowResult[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    for (const c of r.cells) {
      if (c.status === "ok" || !c.note && !c.check) continue;
      const what = c.status === "FAIL" ? c.check : c.note;
      const key = `${c.variant}|${c.status}|${what}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const rows = results.filter((x) => x.cells.some((y) => y.variant === c.variant && y.status === c.status && (y.status === "FAIL" ? y.check : y.note) === what)).map((x) => x.row.id);
      out.push(`${c.variant} — ${c.status} (${rows.join(", ")}): ${what}`);
    }
  }
  for (const r of results) if (r.anchor) out.push(r.anchor);
  return out;
}

export function textTable(results: RowResult[]): string {
  const g = grid(results);
  const widths = g[0].map((_, j) => Math.max(...g.map((row) => [...row[j]].length)));
  const line = (row: string[]) => row.map((s, j) => (j < 2 ? s.padEnd(widths[j]) : s.padStart(widths[j]))).join("  ");
  return [line(g[0]), widths.map((w) => "-".repeat(w)).join("  "), ...g.slice(1).map(line)].join("\n");
}

export function markdownTable(results: RowResult[]): string {
  const g = grid(results);
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const line = (row: string[]) => `| ${row.map(esc).join(" | ")} |`;
  return [line(g[0]), `| ${g[0].map((_, j) => (j < 2 ? "---" : "---:")).join(" | ")} |`, ...g.slice(1).map(line)].join("\n");
}

function pkgVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    const dir = require.resolve(`${name}/package.json`, { paths: [process.cwd()] });
    return JSON.parse(fs.readFileSync(dir, "utf8")).version;
  } catch {
    try {
      return JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, "utf8")).version;
    } catch {
      return "?";
    }
  }
}

export interface Machine {
  date: string;
  node: string;
  platform: string;
  cpu: string;
  cores: number;
  memoryGB: number;
  adjointCommit: string;
  versions: Record<string, string>;
}

export function machine(): Machine {
  let commit = "?";
  try {
    commit = execSync("git rev-parse --short HEAD", { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    const dirty = execSync("git status --porcelain -- src", { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    if (dirty) commit += " + uncommitted changes in src/";
  } catch {
    /* not a checkout */
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model ?? "?",
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    adjointCommit: commit,
    versions: {
      "@tensorflow/tfjs": pkgVersion("@tensorflow/tfjs"),
      "@tensorflow/tfjs-backend-wasm": pkgVersion("@tensorflow/tfjs-backend-wasm"),
      "@jax-js/jax": pkgVersion("@jax-js/jax"),
    },
  };
}
