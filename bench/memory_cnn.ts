/**
 * @file The wasm memory over a long CNN training run, fast: the CNN of `examples/mnist.ts --full`
 * (conv32-pool-conv64-pool-dense10, batch 128, Adam, random ±2 px shifts, one jitted step) on random
 * 28×28 digits, printing the wasm memory and the allocator's counters every `EVERY` steps. It must be
 * flat after warm-up (before compaction: 24 → 293 MB in 150 steps and still growing).
 * Usage: `STEPS=200 EVERY=20 npx tsx bench/memory_cnn.ts`; with `ADJOINT_MEMORY_TRACE=1` each time
 * the memory is full is logged (what was evicted and moved).
 */
import { NDArray, data, getBackend, jit, lax, nn, np, optim, random, valueAndGrad, vmap } from "../src/index.js";

const steps = Number(process.env.STEPS ?? 200), every = Number(process.env.EVERY ?? 20);
const batch = 128, nTrain = 8000;
const be = getBackend() as unknown as { memoryStats?: () => Record<string, number> };
if (!be.memoryStats) throw new Error("bench/memory_cnn: run it on the wasm backend (the js backend's memory is the JS heap)");

const x = random.uniform(random.key(0), [nTrain, 28, 28, 1]);
const y = random.randint(random.key(1), [nTrain], 0, 10);
const cnn = nn.sequential(
  nn.conv(32, [3, 3]), nn.relu, nn.maxPool([2, 2], { strides: [2, 2] }),
  nn.conv(64, [3, 3]), nn.relu, nn.maxPool([2, 2], { strides: [2, 2] }),
  nn.flatten(), nn.dense(10),
);
/** Each image shifted by whole pixels in [−2, 2] (as examples/mnist.ts). */
function randomShift(key: NDArray, x: NDArray): NDArray {
  const [, h, w, c] = x.shape;
  const padded = np.pad(x, [[0, 0], [2, 2], [2, 2], [0, 0]]);
  const offsets = random.randint(key, [x.shape[0], 2], 0, 5);
  return vmap((img: NDArray, o: NDArray) => lax.dynamicSlice(img, [o.get(0), o.get(1), 0], [h, w, c]))(padded, offsets);
}
type P = unknown[];
let params = cnn.init(random.key(2), [batch, 28, 28, 1]);
const opt = optim.adam(optim.cosineDecay(2e-3, steps, { alpha: 0.05 }));
let state = opt.init(params);
const loss = (p: P, x: NDArray, y: NDArray) => np.mean(nn.softmaxCrossEntropy(cnn.apply(p, x), y));
const step = jit((p: P, s: unknown, x: NDArray, y: NDArray, k: NDArray) => {
  const [l, g] = valueAndGrad(loss)(p, randomShift(k, x), y);
  const [updates, next] = opt.update(g, s, p);
  return [optim.applyUpdates(p, updates), next, l] as [P, unknown, NDArray];
});

const mb = (b: number) => (b / 2 ** 20).toFixed(1);
const t0 = performance.now();
let i = 0;
for (let epoch = 0; i < steps; epoch++) {
  for (const [xb, yb] of data.batches<[NDArray, NDArray]>(random.foldIn(random.key(3), epoch), [x, y], batch, { dropLast: true })) {
    let l: NDArray;
    [params, state, l] = step(params, state, xb, yb, random.foldIn(random.key(4), i));
    l.item();
    if (++i % every === 0) {
      const s = be.memoryStats();
      console.log(`step ${i} (${((performance.now() - t0) / 1000).toFixed(1)} s): wasm ${mb(s.capacity)} MB, live ${mb(s.live)} MB, free ${mb(s.cached)} MB in ${s.freeBlocks} blocks, ` +
        `${s.resident} resident buffers, ${s.evictions} evictions, ${s.compactions} compactions (${mb(s.movedBytes)} MB moved), ${s.grows} grows`);
    }
    if (i >= steps) break;
  }
}
