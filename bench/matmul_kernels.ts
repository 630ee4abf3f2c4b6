/**
 * @file GFLOP/s of the wasm matmul routine on W9's MLP shapes (forward and the gradient's transposed
 * products) and 1024², float32 and float64, for the SIMD128 and the relaxed-SIMD (FMA) micro-kernels
 * in one run, interleaved, best of several repetitions. Usage:
 * `npx tsx bench/matmul_kernels.ts [--threads N] [--reps R] [--only f32|f64] [--blocking '{"mr":6,…}'] [--cpu]`
 * (on Node 20 add `--experimental-wasm-relaxed-simd` to node for the relaxed column). `--cpu` times
 * by the process's CPU time instead of the wall clock (on a loaded machine, with `--threads 1`).
 */
import { WasmBackend } from "../src/backend/wasm/index.js";
import { defaultBlocking, type Blocking } from "../src/backend/wasm/matmul.js";
import { engineHasRelaxedSimd } from "../src/backend/wasm/relaxed.js";
import type { RoutineParams } from "../src/backend/backend.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
};
const threads = Number(arg("threads") ?? 1), reps = Number(arg("reps") ?? 7);
const only = arg("only");
const cpu = process.argv.includes("--cpu");
/** Milliseconds: wall clock, or with --cpu the process's user + system CPU time. */
const now = cpu ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } : () => performance.now();
const extra: Blocking | undefined = arg("blocking") ? JSON.parse(arg("blocking")!) : undefined;
const wasm = new WasmBackend({ threads });

// name, m, n, k, lhs transposed (stored [k, m]), rhs transposed (stored [n, k])
const SHAPES: [string, number, number, number, boolean, boolean][] = [
  ["x·W1 [128,784]·[784,512]", 128, 512, 784, false, false],
  ["h·W2 [128,512]·[512,512]", 128, 512, 512, false, false],
  ["g·W2ᵀ [128,512]·[512,512]ᵀ", 128, 512, 512, false, true],
  ["g·W1ᵀ [128,512]·[784,512]ᵀ", 128, 784, 512, false, true],
  ["xᵀ·g [784,128]ᵀ·[128,512]", 784, 512, 128, true, false],
  ["hᵀ·g [512,128]ᵀ·[128,512]", 512, 512, 128, true, false],
  ["1024²", 1024, 1024, 1024, false, false],
];

function bestMs(f: () => void, minMs = 60): number {
  f();
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    let n = 0;
    const t0 = now();
    let t = t0;
    while (t - t0 < minMs || n === 0) {
      f();
      n++;
      t = now();
    }
    best = Math.min(best, (t - t0) / n);
  }
  return best;
}

const relaxedOk = engineHasRelaxedSimd();
console.log(`node ${process.version}, threads ${threads}, relaxed SIMD ${relaxedOk ? "available" : "not available"}, best of ${reps}${cpu ? " (CPU time)" : ""}`);
type Variant = { label: string; relaxed: boolean; blocking?: Blocking };
for (const dtype of ["float32", "float64"] as const) {
  if (only && !dtype.endsWith(only.slice(1))) continue;
  const kind = dtype === "float32" ? "f32" : "f64";
  const variants: Variant[] = [{ label: "simd128", relaxed: false }];
  if (relaxedOk) variants.push({ label: "relaxed", relaxed: true });
  if (extra) variants.push({ label: `simd128 ${JSON.stringify(extra)}`, relaxed: false, blocking: extra });
  if (extra && relaxedOk) variants.push({ label: `relaxed ${JSON.stringify(extra)}`, relaxed: true, blocking: extra });
  console.log(`\n${dtype} (GFLOP/s)   simd128 ${JSON.stringify(defaultBlocking(kind, false))}  relaxed ${JSON.stringify(defaultBlocking(kind, true))}`);
  console.log(`${"shape".padEnd(30)}${variants.map((v) => v.label.slice(0, 12).padStart(14)).join("")}`);
  for (const [name, m, n, k, ta, tb] of SHAPES) {
    const a = wasm.fromTyped(Float64Array.from({ length: m * k }, (_, i) => Math.sin(i)), dtype);
    const b = wasm.fromTyped(Float64Array.from({ length: k * n }, (_, i) => Math.cos(i)), dtype);
    const p: RoutineParams["matmul"] = {
      batch: 1, m, n, k,
      lhsStrides: ta ? [0, 1, m] : [0, k, 1],
      rhsStrides: tb ? [0, 1, k] : [0, n, 1],
    };
    const row: string[] = [];
    for (const v of variants) {
      const ms = bestMs(() => wasm.release(wasm.matmul(a, b, p, { relaxed: v.relaxed, blocking: v.blocking })));
      row.push(((2 * m * n * k) / ms / 1e6).toFixed(1).padStart(14));
    }
    console.log(`${name.padEnd(30)}${row.join("")}`);
    wasm.release(a);
    wasm.release(b);
  }
}
process.exit(0);
