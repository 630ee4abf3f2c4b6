/**
 * @file Where W9's MLP epoch spends its time on the wasm backend, op by op: the harness's own epoch
 * (bench/libs/adjoint.ts) with the backend's `run` (elementwise/reduce kernels) and `routine`
 * (matmul) calls timed one by one, and the thread pool's jobs counted, against the epoch's wall time
 * — what is left is host work (jit dispatch, buffer management). Usage:
 * `npx tsx bench/w9_mlp_ops.ts [--rounds 7] [--top 25]`.
 */
import { adjointVariants } from "./libs/adjoint.js";
import { makeData } from "./workloads.js";
import { getBackend } from "../src/index.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { ThreadPool } from "../src/backend/wasm/threads.js";
import type { Kernel, Expr } from "../src/lower/kernel.js";
import type { W9Data } from "./w9.js";

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? d : Number(process.argv[i + 1]);
};
const rounds = arg("rounds", 7), top = arg("top", 25);
const v = adjointVariants().find((x) => x.name === "adjoint jit wasm")!;
await v.init();
await v.activate();
const be = getBackend() as unknown as WasmBackend;
await be.startThreads();
const data = (await makeData("W9")) as W9Data;
const c = await v.build("W9-mlp", data);
if (typeof c === "string") throw new Error(c);
await c.call();

/** A short description of a kernel: ops used, size, reduction. */
function label(k: Kernel): string {
  const ops = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.k === "un") ops.add(e.op), walk(e.a);
    else if (e.k === "bin") { if (e.dtype !== "int32") ops.add(e.op); walk(e.a); walk(e.b); }
    else if (e.k === "select") ops.add("select"), walk(e.c), walk(e.t), walk(e.f);
    else if (e.k === "cast") ops.add(`cast:${e.dtype}`), walk(e.a);
    else if (e.k === "load") ops.add(`ld${e.input}`);
  };
  walk(k.expr);
  return `kernel ${k.out}[${k.size}]${k.reduce ? ` ${k.reduce.op}/${k.reduce.size}` : ""} {${[...ops].join(",")}} in:${k.inputs.length}`;
}
const acc = new Map<string, { ms: number; calls: number }>();
const add = (key: string, ms: number) => {
  const e = acc.get(key) ?? { ms: 0, calls: 0 };
  e.ms += ms;
  e.calls++;
  acc.set(key, e);
};
let on = false;
const run0 = be.run.bind(be), routine0 = be.routine.bind(be);
(be as unknown as { run: WasmBackend["run"] }).run = (exe, inputs, out) => {
  const t = performance.now();
  const r = run0(exe, inputs, out);
  if (on) add(label((exe as { kernel: Kernel }).kernel), performance.now() - t);
  return r;
};
(be as unknown as { routine: WasmBackend["routine"] }).routine = (name, inputs, params) => {
  const t = performance.now();
  const r = routine0(name, inputs, params);
  if (on) add(`${name} ${inputs.map((b) => `${b.dtype}[${b.size}]`).join("·")} ${JSON.stringify(params)}`, performance.now() - t);
  return r;
};
let poolMs = 0, poolJobs = 0;
const prun = ThreadPool.prototype.run;
ThreadPool.prototype.run = function (this: ThreadPool, ...a: Parameters<ThreadPool["run"]>) {
  const t = performance.now();
  try {
    return prun.apply(this, a);
  } finally {
    if (on) (poolMs += performance.now() - t), poolJobs++;
  }
};
const walls: number[] = [];
for (let r = 0; r < rounds; r++) {
  on = r > 0 || rounds === 1;
  const t = performance.now();
  await c.call();
  if (on) walls.push(performance.now() - t);
}
const n = walls.length, median = [...walls].sort((a, b) => a - b)[Math.floor(n / 2)];
const total = [...acc.values()].reduce((s, e) => s + e.ms, 0) / n;
console.log(`W9 MLP epoch: node ${process.version}; wall median ${median.toFixed(0)} ms (mean ${(walls.reduce((a, b) => a + b) / n).toFixed(0)}), backend calls ${total.toFixed(0)} ms, host rest ${(walls.reduce((a, b) => a + b) / n - total).toFixed(0)} ms; pool ${(poolJobs / n).toFixed(0)} jobs ${(poolMs / n).toFixed(0)} ms per epoch`);
for (const [k, e] of [...acc].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) {
  console.log(`${(e.ms / n).toFixed(1).padStart(7)} ms ${(e.calls / n).toFixed(0).padStart(5)}× ${(1000 * e.ms / e.calls).toFixed(0).padStart(6)} µs  ${k.slice(0, 150)}`);
}
process.exit(0);
