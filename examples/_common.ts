/**
 * @file What the learning examples share: their command line (`--full`, `--out DIR`, `--seed N`), aligned
 * tables, number formatting, a confusion matrix, and the check that ends an example with exit code 1 when a claim fails.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export interface ExampleArgs {
  /** Run at full size (more data and steps) instead of the reduced size CI runs. */
  full: boolean;
  /** Where the SVG goes (created if missing); default `out/` in the working directory. */
  outDir: string;
  /** The seed of the example's random key. */
  seed: number;
}

/** Parse `--full`, `--out DIR` and `--seed N`; anything else is an error (printed with the usage, exit code 2). */
export function parseArgs(name: string, argv = process.argv.slice(2)): ExampleArgs {
  const args: ExampleArgs = { full: false, outDir: "out", seed: 0 };
  const usage = `usage: npx tsx examples/${name}.ts [--full] [--out DIR] [--seed N]`;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--full") args.full = true;
    else if (a === "--out" && i + 1 < argv.length) args.outDir = argv[++i];
    else if (a === "--seed" && i + 1 < argv.length && /^\d+$/.test(argv[i + 1])) args.seed = Number(argv[++i]);
    else {
      console.error(`${name}: unknown or incomplete argument ${JSON.stringify(a)}\n${usage}`);
      process.exit(2);
    }
  }
  args.outDir = resolve(args.outDir);
  mkdirSync(args.outDir, { recursive: true });
  return args;
}

/** A number with `digits` significant digits (scientific below 1e-3 or from 1e6). */
export function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(digits - 1) : String(Number(v.toPrecision(digits)));
}

/** Print an aligned table: the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (r: string[]) => "  " + r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("   ");
  console.log(line(header));
  console.log("  " + widths.map((w) => "─".repeat(w)).join("   "));
  rows.forEach((r) => console.log(line(r)));
}

/** A fraction as a percentage with one decimal: 0.9712 → "97.1 %". */
export const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** The confusion matrix of integer predictions against labels: counts[true][predicted]. */
export function confusion(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]][predicted[i]]++;
  return m;
}

/** Print per-class accuracy (recall) and the confusion matrix, rows = true class, columns = predicted. */
export function printConfusion(m: number[][], names: string[]): void {
  table(["class", "examples", "correct", "accuracy"], m.map((row, k) => {
    const n = row.reduce((s, v) => s + v, 0);
    return [names[k], String(n), String(row[k]), n > 0 ? pct(row[k] / n) : "–"];
  }));
  console.log("\n  confusion matrix (rows: true class, columns: predicted)");
  table(["true \\ predicted", ...names], m.map((row, k) => [names[k], ...row.map(String)]));
}

/** Print each claim with PASS/FAIL; exit with code 1 after the last one if any failed. */
export function verdict(name: string, claims: { what: string; ok: boolean }[]): void {
  console.log("");
  for (const c of claims) console.log(`  ${c.ok ? "PASS" : "FAIL"}  ${c.what}`);
  const failed = claims.filter((c) => !c.ok).length;
  if (failed > 0) {
    console.error(`${name}: ${failed} claim(s) failed`);
    process.exitCode = 1;
  } else console.log(`${name}: all claims hold`);
}

/** Milliseconds since `t0` as seconds with one decimal. */
export const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

/** A full garbage collection now, with or without `--expose-gc` (the flag is switched on at run time so that heap figures are comparable). */
export function collectGarbage(): void {
  const g = globalThis as { gc?: () => void };
  if (!g.gc) {
    setFlagsFromString("--expose-gc");
    g.gc = runInNewContext("gc") as () => void;
  }
  g.gc();
}
