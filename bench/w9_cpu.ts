/**
 * @file W9's MLP epoch timed by CPU time, for a loaded machine where wall-clock times are inflated by
 * waiting for a core: adjoint jit wasm (on one thread: ADJOINT_THREADS=1 is set here, so CPU time is
 * the work done; the wasm matmul kernels as the engine allows, ADJOINT_WASM_RELAXED=0 for SIMD128) and
 * jax-js jit (single-threaded), called alternately, medians of the per-epoch CPU times. The harness's
 * data and the variants are the benchmark's own (bench/libs). Usage:
 * `npx tsx bench/w9_cpu.ts [--rounds 5] [--base path/to/another/checkout]` (`--base` adds adjoint
 * from another checkout's src, e.g. the commit before a change, as a third column; `--pregrow MB`
 * grows adjoint's wasm memory by an allocation of that size, released at once, before building).
 */
process.env.ADJOINT_THREADS = "1";
const { adjointVariants } = await import("./libs/adjoint.js");
const { jaxjsVariants } = await import("./libs/jaxjs.js");
const { makeData } = await import("./workloads.js");
const adj = await import("../src/index.js");
import type { Variant } from "./harness.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
};
const rounds = Number(arg("rounds") ?? 5), base = arg("base"), pregrow = Number(arg("pregrow") ?? 0);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const variants: { label: string; v: Variant }[] = [
  { label: "adjoint jit wasm", v: adjointVariants().find((v) => v.name === "adjoint jit wasm")! },
  { label: "jax-js jit", v: jaxjsVariants().find((v) => v.name === "jax-js jit")! },
];
if (base) {
  const mod = (await import(`${base}/bench/libs/adjoint.ts`)) as { adjointVariants: () => Variant[] };
  variants.push({ label: "adjoint base", v: mod.adjointVariants().find((v) => v.name === "adjoint jit wasm")! });
}
const data = await makeData("W9");
const cases = [];
for (const { label, v } of variants) {
  await v.init();
  if (v.unavailable) throw new Error(`${label}: ${v.unavailable}`);
  await v.activate();
  if (pregrow && label === "adjoint jit wasm") {
    // experiment: grow the wasm memory first (an allocation of `pregrow` MB, released at once)
    const be = adj.getBackend() as unknown as { alloc(d: string, n: number): unknown; release(b: unknown): void };
    be.release(be.alloc("float32", (pregrow * 2 ** 20) / 4));
  }
  const c = await v.build("W9-mlp", data);
  if (typeof c === "string") throw new Error(`${label}: ${c}`);
  await c.call(); // warm-up (compilation)
  cases.push({ label, v, c, times: [] as number[], wall: [] as number[], evictions: 0 });
}
for (let r = 0; r < rounds; r++) {
  for (const x of cases) {
    await x.v.activate();
    const stats = () => (x.label === "adjoint jit wasm" ? (adj.getBackend() as { memoryStats?: () => { evictions: number } }).memoryStats?.().evictions ?? 0 : 0);
    const e0 = stats(), t0 = cpuMs(), w0 = performance.now();
    await x.c.call();
    x.times.push(cpuMs() - t0);
    x.wall.push(performance.now() - w0);
    x.evictions += stats() - e0;
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ref = median(cases[1].times);
console.log(`W9 MLP epoch (62 steps), CPU time, one thread; node ${process.version}; medians of ${rounds} alternating rounds`);
for (const x of cases) {
  console.log(`${x.label.padEnd(18)} ${median(x.times).toFixed(0).padStart(6)} ms CPU  (wall ${median(x.wall).toFixed(0)} ms)  ${(median(x.times) / ref).toFixed(3)}× jax-js jit${x.label === "adjoint jit wasm" ? `; wasm memory evictions ${(x.evictions / rounds).toFixed(1)} per epoch` : ""}`);
}
process.exit(0);
