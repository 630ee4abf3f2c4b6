/**
 * @file Where W9's CNN step spends its time (adjoint, current backend): each conv layer's forward
 * pass and its two transposes (the gradient w.r.t. the input and w.r.t. the kernel), the forward
 * pass and the whole step, eager and jit. Usage: `npx tsx bench/w9_profile.ts` (ADJOINT_BACKEND=js for js).
 */
import { getBackend, jit, lax, nn, np, optim, random, tree, valueAndGrad, vjp, NDArray } from "../src/index.js";

const B = 128, reps = 5;
function time(label: string, f: () => NDArray | NDArray[]): number {
  const sync = (r: NDArray | NDArray[]) => (Array.isArray(r) ? r : [r]).forEach((a) => a.data());
  sync(f()); // warm-up (compilation)
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    sync(f());
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(52)} ${t[Math.floor(reps / 2)].toFixed(1).padStart(8)} ms`);
  return t[Math.floor(reps / 2)];
}
const k = [...random.split(random.key(0), 6)] as NDArray[];
const conv = (x: NDArray, w: NDArray) => lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] });
console.log(`W9 CNN profile, batch ${B}, backend ${(getBackend() as { name?: string }).name}`);
for (const [name, h, cin, cout] of [["conv1 28×28 1→32", 28, 1, 32], ["conv2 14×14 32→64", 14, 32, 64]] as const) {
  const x = random.normal(k[0], [B, h, h, cin]), w = random.normal(k[1], [3, 3, cin, cout]);
  const ct = random.normal(k[2], [B, h, h, cout]);
  for (const mode of ["eager", "jit"] as const) {
    const J: (f: (...a: any[]) => any) => (...a: any[]) => any = mode === "jit" ? (f) => jit(f) : (f) => f;
    const fwd = J((x: NDArray, w: NDArray) => conv(x, w));
    const dx = J((x: NDArray, w: NDArray, ct: NDArray) => vjp((x: NDArray) => conv(x, w), x)[1](ct)[0]);
    const dw = J((x: NDArray, w: NDArray, ct: NDArray) => vjp((w: NDArray) => conv(x, w), w)[1](ct)[0]);
    time(`${name} forward (${mode})`, () => fwd(x, w));
    time(`${name} d/dinput, transpose (${mode})`, () => dx(x, w, ct));
    time(`${name} d/dkernel, transpose (${mode})`, () => dw(x, w, ct));
  }
}
// ---- issue 11/12: reduce_window — max-pooling 2×2, stride 2, of [128, 28, 28, 32] (the CNN's first pool): forward and gradient ----
{
  const xp = random.normal(k[0], [B, 28, 28, 32]), ctp = random.normal(k[1], [B, 14, 14, 32]);
  const pool = (z: NDArray) => nn.maxPool(z, [2, 2], { strides: [2, 2] });
  for (const mode of ["eager", "jit"] as const) {
    const J: (f: (...a: any[]) => any) => (...a: any[]) => any = mode === "jit" ? (f) => jit(f) : (f) => f;
    const fwd = J((z: NDArray) => pool(z));
    const bwd = J((z: NDArray, c: NDArray) => vjp(pool, z)[1](c)[0]);
    time(`maxPool 2×2 [128,28,28,32] forward (${mode})`, () => fwd(xp));
    time(`maxPool 2×2 [128,28,28,32] gradient (${mode})`, () => bwd(xp, ctp));
  }
}
const model = nn.sequential(nn.conv(32, [3, 3]), nn.relu, nn.maxPool([2, 2], { strides: [2, 2] }), nn.conv(64, [3, 3]), nn.relu, nn.maxPool([2, 2], { strides: [2, 2] }), nn.flatten(), nn.dense(10));
const x = random.uniform(k[3], [B, 28, 28, 1]), y = random.randint(k[4], [B], 0, 10);
const params = model.init(k[5], x.shape);
const opt = optim.sgd(0.05, { momentum: 0.9 });
const loss = (p: unknown[], x: NDArray, y: NDArray) => np.mean(nn.softmaxCrossEntropy(model.apply(p, x), y));
for (const mode of ["eager", "jit"] as const) {
  const J: (f: (...a: any[]) => any) => (...a: any[]) => any = mode === "jit" ? (f) => jit(f) : (f) => f;
  const fwd = J((p: unknown[], x: NDArray) => model.apply(p, x));
  const step = J((p: unknown[], s: unknown, x: NDArray, y: NDArray) => {
    const [l, g] = valueAndGrad(loss)(p, x, y);
    const [u, s2] = opt.update(g, s, p);
    return [l, ...(tree.leaves([optim.applyUpdates(p, u), s2]) as NDArray[])]; // every output, so jit cannot drop the backward pass
  });
  const s0 = opt.init(params);
  time(`model forward (${mode})`, () => fwd(params, x));
  time(`whole step: valueAndGrad + sgd + apply (${mode})`, () => step(params, s0, x, y) as NDArray[]);
}
