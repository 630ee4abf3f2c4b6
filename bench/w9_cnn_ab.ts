/**
 * @file Before/after of the W9 CNN training step in one process: variants (tuning switches of the
 * conv and pooling code) alternate trial by trial, each trial `steps` chained jitted steps on the MNIST
 * batches of W9 (bench/w9.ts), and the medians of ms/step are printed with their ratio to the first
 * variant. Usage: `npx tsx bench/w9_cnn_ab.ts [trials=9] [steps=6] [--cpu]` (ADJOINT_BACKEND=js for js).
 * `--cpu` times the process's CPU time instead of the wall clock: on a loaded machine, with
 * ADJOINT_THREADS=1, a measure of the work that other processes' load hardly moves.
 */
import { getBackend, jit, nn, np, optim, valueAndGrad, NDArray } from "../src/index.js";
import { reduceWindowTuning } from "../src/primitives/reduce_window_kernel.js";
import { convBiasTuning } from "../src/nn/layers/conv_bias.js";
import { convTuning } from "../src/primitives/conv_kernel.js";
import { w9Data } from "./w9.js";

const num = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const [trials, steps] = [num[0] ?? 9, num[1] ?? 6];
const byCpu = process.argv.includes("--cpu");
const clock = byCpu ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } : () => performance.now();
interface Switches { poolScatter: boolean; biasMatmul: boolean; splitK: boolean }
const none: Switches = { poolScatter: false, biasMatmul: false, splitK: false };
const variants: [string, Switches][] = [
  ["before (all switches off)", none],
  ["pool_scatter routine only", { ...none, poolScatter: true }],
  ["bias gradient as matmul only", { ...none, biasMatmul: true }],
  ["k-split kernel gradients only", { ...none, splitK: true }],
  ["after (all on)", { poolScatter: true, biasMatmul: true, splitK: true }],
];
const set = (s: Switches) => {
  reduceWindowTuning.poolScatter = s.poolScatter;
  convBiasTuning.matmulGrad = s.biasMatmul;
  convTuning.splitK = s.splitK;
};

const d = await w9Data();
const B = d.batch;
const model = nn.sequential(nn.conv(32, [3, 3]), nn.relu, nn.maxPool([2, 2], { strides: [2, 2] }), nn.conv(64, [3, 3]), nn.relu, nn.maxPool([2, 2], { strides: [2, 2] }), nn.flatten(), nn.dense(10));
const given = d.cnn.params.map((p, i) => np.array(p, { shape: d.cnn.shapes[i] }));
let next = 0;
const init = (model.init(np.zeros([2], { dtype: "uint32" }), [B, 28, 28, 1]) as unknown[]).map((l) => (l !== null && typeof l === "object" && "kernel" in l ? { kernel: given[next++], bias: given[next++] } : l));
const opt = optim.sgd(d.lr, { momentum: d.momentum });
const xb = Array.from({ length: steps }, (_, i) => np.array(d.x.subarray(i * B * 784, (i + 1) * B * 784), { shape: [B, 28, 28, 1] }));
const yb = Array.from({ length: steps }, (_, i) => np.array(d.labels.subarray(i * B, (i + 1) * B), { dtype: "int32" }));
const loss = (p: unknown[], x: NDArray, y: NDArray) => np.mean(nn.softmaxCrossEntropy(model.apply(p, x), y));
const makeStep = () => jit((p: unknown[], s: unknown, x: NDArray, y: NDArray) => {
  const [l, g] = valueAndGrad(loss)(p, x, y) as [NDArray, unknown[]];
  const [u, s2] = opt.update(g, s, p);
  return [l, optim.applyUpdates(p, u), s2];
});
const stepsOf = variants.map(([, s]) => {
  set(s);
  const f = makeStep();
  return f;
});
const epoch = (i: number): [number, number] => {
  set(variants[i][1]);
  let p: unknown[] = init, s: unknown = opt.init(init), l: NDArray | undefined;
  const t0 = clock();
  for (let j = 0; j < steps; j++) [l, p, s] = stepsOf[i](p, s, xb[j], yb[j]) as [NDArray, unknown[], unknown];
  const loss = l!.item() as number;
  return [(clock() - t0) / steps, loss];
};
const { loadavg } = await import("node:os");
console.log(`W9 CNN step A/B, backend ${(getBackend() as { name?: string }).name}, Node ${process.version}, ${trials} trials × ${steps} steps, ${byCpu ? "CPU time" : "wall clock"}, ADJOINT_THREADS=${process.env.ADJOINT_THREADS ?? "default"}, load ${loadavg()[0].toFixed(1)} at start`);
variants.forEach((_, i) => epoch(i)); // warm-up (traces, compiles)
const times: number[][] = variants.map(() => []);
const losses: number[] = [];
for (let t = 0; t < trials; t++) variants.forEach((_, i) => {
  const [ms, l] = epoch(i);
  times[i].push(ms);
  losses[i] = l;
});
const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
variants.forEach(([name], i) => console.log(`  ${name.padEnd(52)} ${med(times[i]).toFixed(1).padStart(7)} ms/step${byCpu ? " CPU" : ""}  ${(med(times[i]) / med(times[0])).toFixed(3)}×  (last loss ${losses[i].toFixed(5)})`));
console.log(`load ${loadavg()[0].toFixed(1)} at end`);
