/**
 * @file Where W9's MLP step (784-512-512-10, batch 128, SGD momentum) spends its time on the wasm
 * backend, with the relaxed-SIMD and the SIMD128 matmul kernels side by side (two backends, timings
 * interleaved round by round, medians): the whole jit step, its matmuls alone (the forward products
 * and the gradient's transposed ones), the forward pass, the loss's softmax cross-entropy with its
 * gradient, and the optimizer update. Usage: `npx tsx bench/w9_mlp_profile.ts [--rounds 9]`.
 */
import { getBackend, jit, nn, np, optim, random, setBackend, tree, valueAndGrad, NDArray } from "../src/index.js";
import { registerBackend } from "../src/backend/registry.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { engineHasRelaxedSimd } from "../src/backend/wasm/relaxed.js";

const B = 128;
const roundsArg = process.argv.indexOf("--rounds");
const rounds = roundsArg < 0 ? 9 : Number(process.argv[roundsArg + 1]);
const backends = engineHasRelaxedSimd() ? ["relaxed", "simd128"] : ["simd128"];
for (const name of backends) {
  const b = new WasmBackend({ relaxed: name === "relaxed" });
  registerBackend(`wasm-${name}`, () => b);
  await b.startThreads();
}

type Case = { label: string; flops?: number; run: () => NDArray[] };
/** The cases, built on the current backend (arrays live in its memory). */
function cases(): Case[] {
  const k = [...random.split(random.key(0), 4)] as NDArray[];
  const model = nn.mlp([512, 512, 10]);
  const x = random.uniform(k[0], [B, 784]), y = random.randint(k[1], [B], 0, 10);
  const params = model.init(k[2], x.shape) as { kernel: NDArray; bias: NDArray }[];
  const opt = optim.sgd(0.05, { momentum: 0.9 });
  const s0 = opt.init(params);
  const loss = (p: unknown[], x: NDArray, y: NDArray) => np.mean(nn.softmaxCrossEntropy(model.apply(p, x), y));
  const step = jit((p: unknown[], s: unknown, x: NDArray, y: NDArray) => {
    const [l, g] = valueAndGrad(loss)(p, x, y);
    const [u, s2] = opt.update(g, s, p);
    return [l, ...(tree.leaves([optim.applyUpdates(p, u), s2]) as NDArray[])];
  });
  const [w1, w2, w3] = params.filter((l) => l && "kernel" in l).map((l) => l.kernel);
  const h = random.normal(k[3], [B, 512]), g = random.normal(k[3], [B, 512]), g3 = random.normal(k[3], [B, 10]);
  const fwdMm = jit((x: NDArray, h: NDArray) => [np.matmul(x, w1), np.matmul(h, w2), np.matmul(h, w3)]);
  const bwdMm = jit((x: NDArray, h: NDArray, g: NDArray, g3: NDArray) => [
    np.matmul(np.transpose(x), g), np.matmul(np.transpose(h), g), np.matmul(np.transpose(h), g3),
    np.matmul(g, np.transpose(w2)), np.matmul(g3, np.transpose(w3)),
  ]);
  const logits = random.normal(k[3], [B, 10]);
  const ce = jit((z: NDArray, y: NDArray) => valueAndGrad((z: NDArray) => np.mean(nn.softmaxCrossEntropy(z, y)))(z) as NDArray[]);
  const fwd = jit((p: unknown[], x: NDArray) => model.apply(p, x));
  const gradsLike = tree.map((a: NDArray) => np.multiply(a, 0.01), params);
  const upd = jit((gr: unknown, s: unknown, p: unknown) => {
    const [u, s2] = opt.update(gr, s, p);
    return tree.leaves([optim.applyUpdates(p, u), s2]) as NDArray[];
  });
  const mm = (m: number, n: number, kk: number) => 2 * m * n * kk;
  const fwdFlops = mm(B, 512, 784) + mm(B, 512, 512) + mm(B, 10, 512);
  const bwdFlops = mm(784, 512, B) + mm(512, 512, B) + mm(512, 10, B) + mm(B, 512, 512) + mm(B, 512, 10);
  return [
    { label: "whole step (jit)", flops: 3 * fwdFlops - mm(B, 784, 512), run: () => step(params, s0, x, y) as NDArray[] },
    { label: "forward pass (jit)", flops: fwdFlops, run: () => [fwd(params, x) as NDArray] },
    { label: "forward matmuls x·W1, h·W2, h·W3", flops: fwdFlops, run: () => fwdMm(x, h) as NDArray[] },
    { label: "gradient matmuls xᵀg, hᵀg, hᵀg3, g·W2ᵀ, g3·W3ᵀ", flops: bwdFlops, run: () => bwdMm(x, h, g, g3) as NDArray[] },
    { label: "softmax cross-entropy + gradient [128,10]", run: () => ce(logits, y) as NDArray[] },
    { label: "sgd momentum update + apply (670k params)", run: () => upd(gradsLike, s0, params) },
  ];
}

const sync = (r: NDArray[]) => r.forEach((a) => a.data());
const built = new Map<string, Case[]>();
for (const name of backends) {
  setBackend(`wasm-${name}`);
  const cs = cases();
  for (const c of cs) sync(c.run()); // compile and warm up
  built.set(name, cs);
}
const times = new Map<string, number[]>();
for (let r = 0; r < rounds; r++) {
  for (const name of backends) {
    setBackend(`wasm-${name}`);
    built.get(name)!.forEach((c, i) => {
      const t0 = performance.now();
      sync(c.run());
      const key = `${name}:${i}`;
      times.set(key, [...(times.get(key) ?? []), performance.now() - t0]);
    });
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`W9 MLP step profile: node ${process.version}, backend ${(getBackend() as { name?: string }).name}, medians of ${rounds} interleaved rounds (ms; GFLOP/s of the products)`);
console.log(`${"".padEnd(52)}${backends.map((b) => b.padStart(18)).join("")}`);
built.get(backends[0])!.forEach((c, i) => {
  const cells = backends.map((b) => {
    const ms = median(times.get(`${b}:${i}`)!);
    return `${ms.toFixed(2)}${c.flops ? ` (${(c.flops / ms / 1e6).toFixed(0)})` : ""}`.padStart(18);
  });
  console.log(`${c.label.padEnd(52)}${cells.join("")}`);
});
process.exit(0);
