/**
 * @file MNIST digits (package `mnist`): an MLP 784-256-128-10 and a small CNN trained with Adam (a
 * cosine-decayed learning rate; random ±2 px shifts of the digits at full size), the whole step (valueAndGrad + update + applyUpdates) one jitted program, mini-batches from
 * `data.batches`, progress from `progress`. Tests on the last 2,000 of the 10,000 digits (the loader's
 * interleaved order keeps every digit's share in every slice), trains on the first 8,000 (`--full`) or
 * the first 1,000 (default, CI size). Prints accuracies, training time, steps/s and memory (JS heap
 * and wasm memory at the start and end of training), writes mnist.svg (loss curves) and
 * mnist-errors.svg (misclassified test digits).
 * Usage: `npx tsx examples/mnist.ts [--full] [--out DIR] [--seed N]` (exit code 1 when a claim fails).
 */
import { join } from "node:path";
import { NDArray, data, getBackend, jit, lax, nn, np, optim, plot, progress, random, tree, valueAndGrad, vmap } from "../src/index.js";
import { collectGarbage, confusion, fmt, parseArgs, pct, table, verdict } from "./_common.js";

const args = parseArgs("mnist");
/**
 * Sizes. Full: the claims of the issue (MLP ≥ 97 %, CNN ≥ 98 % on 2,000 held-out digits). Reduced (CI,
 * ≲ 40 s per backend): 1,000 training digits; the floors are set below what was measured at that size
 * (see docs/learning.md).
 */
const cfg = args.full
  ? { train: 8000, batch: 128, shift: 2, mlp: { epochs: 40, lr: 1e-3, floor: 0.97 }, cnn: { epochs: 15, lr: 2e-3, floor: 0.98, width: [32, 64] } }
  : { train: 1000, batch: 100, shift: 0, mlp: { epochs: 10, lr: 2e-3, floor: 0.85 }, cnn: { epochs: 4, lr: 8e-3, floor: 0.8, width: [8, 16] } };
const nTest = 2000;

const { images, labels } = await data.mnist();
const n = labels.shape[0];
const xAll = images.reshape([n, 28, 28, 1]);
const train = { x: xAll.get(`:${cfg.train}`), y: labels.get(`:${cfg.train}`) };
const test = { x: xAll.get(`${n - nTest}:`), y: labels.get(`${n - nTest}:`) };

// ---- the two models (nn layers: parameters are plain pytrees) ----
const mlp = nn.sequential(nn.flatten(), nn.mlp([256, 128, 10]));
const [c1, c2] = cfg.cnn.width;
const cnn = nn.sequential(
  nn.conv(c1, [3, 3]), nn.relu, nn.maxPool([2, 2], { strides: [2, 2] }),
  nn.conv(c2, [3, 3]), nn.relu, nn.maxPool([2, 2], { strides: [2, 2] }),
  nn.flatten(), nn.dense(10),
);

/**
 * Data augmentation: each image shifted by a random whole number of pixels in [−shift, shift] along
 * both axes (zeros shifted in), drawn from `key` inside the jitted step (a vmapped lax.dynamicSlice of
 * the zero-padded batch). With 8,000 digits it is worth ≈ 2 points of test accuracy.
 */
function randomShift(key: NDArray, x: NDArray, shift: number): NDArray {
  if (shift === 0) return x;
  const [, h, w, c] = x.shape;
  const padded = np.pad(x, [[0, 0], [shift, shift], [shift, shift], [0, 0]]);
  const offsets = random.randint(key, [x.shape[0], 2], 0, 2 * shift + 1);
  return vmap((img: NDArray, o: NDArray) => lax.dynamicSlice(img, [o.get(0), o.get(1), 0], [h, w, c]))(padded, offsets);
}

/** Memory now: the JS heap after a full collection, and the wasm memory. */
function memory(): { heapMB: number; wasmMB: number | null } {
  collectGarbage();
  const be = getBackend() as { memoryBytes?: () => number };
  return { heapMB: process.memoryUsage().heapUsed / 2 ** 20, wasmMB: typeof be.memoryBytes === "function" ? be.memoryBytes() / 2 ** 20 : null };
}
const mb = (v: number | null) => (v === null ? "–" : `${v.toFixed(1)} MB`);

interface Result {
  name: string;
  params: number;
  losses: number[];
  steps: number;
  trainSeconds: number;
  epochSeconds: number[];
  accuracy: number;
  predicted: Int32Array;
  memStart: ReturnType<typeof memory>;
  memAfterFirst: ReturnType<typeof memory>;
  memEnd: ReturnType<typeof memory>;
  /** The wasm memory after each epoch (0 on the js backend). */
  wasmMB: number[];
}

/** Train `model` with Adam for `epochs` epochs of shuffled mini-batches; evaluate on the test digits. */
function fit(name: string, model: nn.Layer<unknown[], unknown[]>, epochs: number, lr: number, key: NDArray): Result {
  const [kInit, kData] = random.split(key);
  let params = model.init(kInit, [cfg.batch, 28, 28, 1]);
  const perEpoch = Math.floor(cfg.train / cfg.batch);
  const opt = optim.adam(optim.cosineDecay(lr, epochs * perEpoch, { alpha: 0.05 })); // decays to 5 % of lr
  let state = opt.init(params);
  type Params = unknown[];
  const loss = (p: Params, x: NDArray, y: NDArray) => np.mean(nn.softmaxCrossEntropy(model.apply(p, x), y));
  const step = jit((p: Params, s: unknown, x: NDArray, y: NDArray, k: NDArray) => {
    const [l, g] = valueAndGrad(loss)(p, randomShift(k, x, cfg.shift), y);
    const [updates, next] = opt.update(g, s, p);
    return [optim.applyUpdates(p, updates), next, l] as [Params, unknown, NDArray];
  });
  const predict = jit((p: Params, x: NDArray) => np.argmax(model.apply(p, x), -1));

  const bar = progress(epochs * perEpoch, { label: name });
  const losses: number[] = [], epochSeconds: number[] = [], wasmMB: number[] = [];
  const memStart = memory();
  let memAfterFirst = memStart;
  const t0 = performance.now();
  for (let e = 0; e < epochs; e++) {
    const te = performance.now();
    const [kOrder, kShift] = random.split(random.foldIn(kData, e));
    let b = 0;
    for (const [xb, yb] of data.batches<[NDArray, NDArray]>(kOrder, [train.x, train.y], cfg.batch, { dropLast: true })) {
      let l: NDArray;
      [params, state, l] = step(params, state, xb, yb, random.foldIn(kShift, b++));
      losses.push(l.item() as number);
      bar.update(1, { loss: l });
    }
    epochSeconds.push((performance.now() - te) / 1000);
    if (e === 0) memAfterFirst = memory();
    wasmMB.push(memory().wasmMB ?? 0);
  }
  const trainSeconds = (performance.now() - t0) / 1000;
  bar.done();
  const memEnd = memory();
  const chunks: Int32Array[] = [];
  for (let i = 0; i < nTest; i += 500) chunks.push(predict(params, test.x.get(`${i}:${i + 500}`)).data() as Int32Array);
  const predicted = Int32Array.from(chunks.flatMap((c) => Array.from(c)));
  const truth = test.y.data() as Int32Array;
  const accuracy = predicted.filter((p, i) => p === truth[i]).length / nTest;
  const count = tree.leaves(params).reduce((s: number, p) => s + (p as NDArray).size, 0);
  return { name, params: count, losses, steps: losses.length, trainSeconds, epochSeconds, accuracy, predicted, memStart, memAfterFirst, memEnd, wasmMB };
}

const [kMlp, kCnn] = random.split(random.key(args.seed));
console.log(`MNIST: ${cfg.train} training digits, ${nTest} held-out test digits (${args.full ? "full" : "reduced"} size), batch ${cfg.batch}, Adam, backend ${(getBackend() as { name?: string }).name ?? "?"}\n`);
const results = [fit("MLP 784-256-128-10", mlp, cfg.mlp.epochs, cfg.mlp.lr, kMlp), fit(`CNN conv${c1}-pool-conv${c2}-pool-dense10`, cnn, cfg.cnn.epochs, cfg.cnn.lr, kCnn)];
const [rMlp, rCnn] = results;

table(["model", "params", "epochs", "steps", "final loss", "test accuracy", "train s", "s/epoch", "steps/s"], results.map((r, i) => {
  const epochs = [cfg.mlp, cfg.cnn][i].epochs;
  const later = r.epochSeconds.slice(1); // the first epoch includes jit compilation
  const tail = r.losses.slice(-Math.floor(cfg.train / cfg.batch));
  return [r.name, String(r.params), String(epochs), String(r.steps), fmt(tail.reduce((s, v) => s + v, 0) / tail.length, 3), pct(r.accuracy),
    r.trainSeconds.toFixed(1), fmt(later.length ? later.reduce((s, v) => s + v, 0) / later.length : r.epochSeconds[0], 3), fmt(r.steps / r.trainSeconds, 3)];
}));
console.log("\n  memory (JS heap after gc, wasm memory)");
table(["model", "start heap", "after epoch 1", "end heap", "start wasm", "after epoch 1", "end wasm"], results.map((r) =>
  [r.name, mb(r.memStart.heapMB), mb(r.memAfterFirst.heapMB), mb(r.memEnd.heapMB), mb(r.memStart.wasmMB), mb(r.memAfterFirst.wasmMB), mb(r.memEnd.wasmMB)]));

const digits = Array.from({ length: 10 }, (_, d) => String(d));
const cm = confusion(test.y.data() as Int32Array, rCnn.predicted, 10);
console.log(`\n  CNN confusion matrix on the test digits (rows: true digit, columns: predicted)`);
table(["true", ...digits], cm.map((row, k) => [digits[k], ...row.map(String)]));

// ---- plots: the loss curves (a moving average over an epoch) and misclassified digits ----
const smooth = (v: number[], k: number) => v.map((_, i) => { const a = v.slice(Math.max(0, i - k + 1), i + 1); return a.reduce((s, x) => s + x, 0) / a.length; });
const per = Math.floor(cfg.train / cfg.batch);
await plot.save(join(args.outDir, "mnist.svg"), plot.linePlot({
  title: `MNIST training loss (${cfg.train} digits, batch ${cfg.batch})`, xlabel: "step", ylabel: "cross-entropy (mean over an epoch)", logY: true,
  series: results.map((r) => ({ y: smooth(r.losses, per), label: r.name.split(" ")[0] })),
}));
const truth = test.y.data() as Int32Array;
const wrong = [...rCnn.predicted.keys()].filter((i) => rCnn.predicted[i] !== truth[i]).slice(0, 24);
const wrongIdx = np.array(Int32Array.from(wrong), { dtype: "int32" });
await plot.save(join(args.outDir, "mnist-errors.svg"), plot.imageGrid(np.take(test.x, wrongIdx, 0), {
  columns: 8, title: `CNN: ${wrong.length} of the misclassified test digits (true → predicted)`,
  captions: wrong.map((i) => `${truth[i]} → ${rCnn.predicted[i]}`), range: [0, 1],
}));
console.log(`\n  wrote ${join(args.outDir, "mnist.svg")} and ${join(args.outDir, "mnist-errors.svg")}`);

/** Flat memory: the heap after a collection grows < 16 MB after the first epoch; the wasm memory (which only grows) does not grow over the second half of the epochs. */
const half = (r: Result) => r.wasmMB[Math.floor((r.wasmMB.length - 1) / 2)];
console.log(`\n  wasm memory after each epoch (MB): ${results.map((r) => `${r.name.split(" ")[0]} ${r.wasmMB.map((v) => v.toFixed(0)).join(" ")}`).join("; ")}`);
verdict("mnist", [
  { what: `MLP test accuracy ${pct(rMlp.accuracy)} ≥ ${pct(cfg.mlp.floor)}`, ok: rMlp.accuracy >= cfg.mlp.floor },
  { what: `CNN test accuracy ${pct(rCnn.accuracy)} ≥ ${pct(cfg.cnn.floor)}`, ok: rCnn.accuracy >= cfg.cnn.floor },
  ...results.map((r) => ({
    what: `${r.name.split(" ")[0]}: memory flat after the first epoch (heap ${r.memAfterFirst.heapMB.toFixed(1)} → ${r.memEnd.heapMB.toFixed(1)} MB, wasm ${mb(half(r))} at mid-training → ${mb(r.memEnd.wasmMB)})`,
    ok: r.memEnd.heapMB - r.memAfterFirst.heapMB < 16 && (r.memEnd.wasmMB ?? 0) <= half(r),
  })),
]);
