/**
 * @file W9's MLP epoch (the benchmark's own harness and data, bench/libs) on this checkout and on
 * another one (`--base path`: e.g. an export of the commit before a change), called alternately in one
 * process with the threads as configured (ADJOINT_THREADS, default the cores), with jax-js jit as a
 * third column unless `--no-jaxjs`; medians of the wall and CPU times, and the load average. For A/B
 * measurements on a shared machine: `npx tsx bench/w9_ab.ts --base /tmp/base [--rounds 9]`.
 */
import { loadavg } from "node:os";
import type { Variant } from "./harness.js";
const { adjointVariants } = await import("./libs/adjoint.js");
const { makeData } = await import("./workloads.js");

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
};
const rounds = Number(arg("rounds") ?? 9), base = arg("base"), row = (arg("row") ?? "W9-mlp") as "W9-mlp";
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const variants: { label: string; v: Variant }[] = [{ label: "adjoint (this)", v: adjointVariants().find((v) => v.name === "adjoint jit wasm")! }];
if (base) {
  const mod = (await import(`${base}/bench/libs/adjoint.ts`)) as { adjointVariants: () => Variant[] };
  variants.push({ label: "adjoint (base)", v: mod.adjointVariants().find((v) => v.name === "adjoint jit wasm")! });
}
if (!process.argv.includes("--no-jaxjs")) {
  const { jaxjsVariants } = await import("./libs/jaxjs.js");
  variants.push({ label: "jax-js jit", v: jaxjsVariants().find((v) => v.name === "jax-js jit")! });
}
const data = await makeData("W9");
const cases = [];
for (const { label, v } of variants) {
  await v.init();
  if (v.unavailable) throw new Error(`${label}: ${v.unavailable}`);
  await v.activate();
  const c = await v.build(row, data);
  if (typeof c === "string") throw new Error(`${label}: ${c}`);
  await c.call(); // warm-up (compilation)
  await c.call();
  cases.push({ label, v, c, cpu: [] as number[], wall: [] as number[] });
}
const load0 = loadavg()[0];
for (let r = 0; r < rounds; r++) {
  for (const x of cases) {
    await x.v.activate();
    const t0 = cpuMs(), w0 = performance.now();
    await x.c.call();
    x.cpu.push(cpuMs() - t0);
    x.wall.push(performance.now() - w0);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ref = median(cases[0].wall);
console.log(`${row} epoch; node ${process.version}; threads ${process.env.ADJOINT_THREADS ?? "default"}; medians of ${rounds} alternating rounds; load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
for (const x of cases) {
  console.log(`${x.label.padEnd(16)} wall ${median(x.wall).toFixed(0).padStart(5)} ms (${(median(x.wall) / ref).toFixed(3)}× this; min ${Math.min(...x.wall).toFixed(0)})  CPU ${median(x.cpu).toFixed(0).padStart(5)} ms`);
}
if (cases.length > 1 && cases[cases.length - 1].label === "jax-js jit") {
  const j = median(cases[cases.length - 1].wall);
  console.log(cases.slice(0, -1).map((x) => `${x.label} / jax-js: ${(median(x.wall) / j).toFixed(3)}×`).join("; "));
}
process.exit(0);
