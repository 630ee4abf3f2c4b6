/**
 * @file An MLP classifier on two-moons data drawn with `random`, trained with Adam in one jitted step:
 * asserts ≥ 97 % accuracy on a held-out set, prints a table and writes two-moons.svg (the decision
 * boundary as a filled grid of class probabilities with the held-out points, and the loss curve).
 * Usage: `npx tsx examples/two-moons.ts [--full] [--out DIR] [--seed N]` (exit code 1 when the claim fails).
 */
import { join } from "node:path";
import { NDArray, data, jit, nn, np, optim, plot, random, valueAndGrad } from "../src/index.js";
import { fmt, parseArgs, seconds, table, verdict } from "./_common.js";

const args = parseArgs("two-moons");
const size = args.full ? { train: 2000, test: 2000, hidden: 64, steps: 1500, lr: 5e-3 } : { train: 500, test: 1000, hidden: 32, steps: 400, lr: 1e-2 };
const noise = 0.15;
const t0 = performance.now();

const [kTrain, kTest, kInit] = random.split(random.key(args.seed), 3);
const train = data.twoMoons(kTrain, size.train, { noise });
const test = data.twoMoons(kTest, size.test, { noise });

const net = nn.mlp([size.hidden, size.hidden, 2]); // relu between the layers, two logits out
type Params = ReturnType<typeof net.init>;
/** Softmax cross-entropy with integer labels, averaged over the batch. */
const loss = (p: Params, x: NDArray, y: NDArray) => nn.oneHot(y, 2).mul(nn.logSoftmax(net.apply(p, x))).sum(-1).mean().neg();
const accuracy = (p: Params, d: { x: NDArray; y: NDArray }) => net.apply(p, d.x).argmax(-1).eq(d.y).astype("float32").mean().item() as number;

// ---- training: full-batch Adam, the whole step (loss, gradient, update) one compiled program ----
const opt = optim.adam(size.lr);
const step = jit((p: Params, s: any, x: NDArray, y: NDArray) => {
  const [l, g] = valueAndGrad(loss)(p, x, y);
  const [u, s2] = opt.update(g, s, p);
  return [optim.applyUpdates(p, u), s2, l] as [Params, any, NDArray];
});
let params = net.init(kInit, train.x.shape);
let state = opt.init(params);
const losses: number[] = [];
const tTrain = performance.now();
for (let i = 0; i < size.steps; i++) {
  let l: NDArray;
  [params, state, l] = step(params, state, train.x, train.y);
  losses.push(l.item() as number);
}
const trainMs = performance.now() - tTrain;
const accTrain = accuracy(params, train);
const accTest = accuracy(params, test);

console.log(`Two moons (noise σ = ${noise}): MLP 2-${size.hidden}-${size.hidden}-2 relu, Adam lr ${size.lr}, ${size.steps} full-batch steps (${args.full ? "full" : "reduced"} size)\n`);
table(
  ["set", "points", "loss", "accuracy"],
  [
    ["train", String(size.train), fmt(losses[losses.length - 1]), `${(100 * accTrain).toFixed(1)} %`],
    ["held-out", String(size.test), fmt(loss(params, test.x, test.y).item() as number), `${(100 * accTest).toFixed(1)} %`],
  ],
);
console.log(`\n  training: ${fmt(trainMs / 1000)} s, ${fmt((1000 * size.steps) / trainMs)} steps/s`);

// ---- the decision boundary: p(class 1) on a grid, drawn as cells, with the held-out points on top ----
const box = { x: [-1.5, 2.5], y: [-1.0, 1.5] } as const;
const cells = 60;
const gx = np.linspace(box.x[0], box.x[1], cells), gy = np.linspace(box.y[0], box.y[1], cells);
const [mx, my] = np.meshgrid(gx, gy); // [cells (y), cells (x)]
const prob = nn.softmax(net.apply(params, np.stack([mx.ravel(), my.ravel()], -1))).get(":", 1).toArray() as number[];

/** A standalone SVG: the probability map (blue ↔ orange), the 0.5 level as cell borders, the points. */
function boundarySvg(): string {
  const W = 420, H = 300, m = { l: 44, r: 12, t: 30, b: 34 };
  const pw = W - m.l - m.r, ph = H - m.t - m.b;
  const X = (v: number) => m.l + ((v - box.x[0]) / (box.x[1] - box.x[0])) * pw;
  const Y = (v: number) => m.t + ph - ((v - box.y[0]) / (box.y[1] - box.y[0])) * ph;
  const mix = (p: number) => {
    const a = [86, 180, 233], b = [230, 159, 0]; // the plot palette's sky blue and orange
    return `rgb(${a.map((c, i) => Math.round(255 - (255 - (c + (b[i] - c) * p)) * 0.45)).join(",")})`;
  };
  const cw = pw / cells, ch = ph / cells;
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${m.l + pw / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600">decision boundary, held-out points (${(100 * accTest).toFixed(1)} %)</text>`];
  for (let i = 0; i < cells; i++) for (let j = 0; j < cells; j++) {
    const p = prob[i * cells + j];
    // cell (i, j) is centred on (gx[j], gy[i])
    out.push(`<rect x="${(m.l + j * cw).toFixed(1)}" y="${(m.t + ph - (i + 1) * ch).toFixed(1)}" width="${(cw + 0.3).toFixed(2)}" height="${(ch + 0.3).toFixed(2)}" fill="${mix(p)}"/>`);
  }
  const xs = test.x.toArray() as number[][], ys = test.y.toArray() as number[];
  const pred = net.apply(params, test.x).argmax(-1).toArray() as number[];
  xs.slice(0, 400).forEach(([a, b], k) => {
    const color = ys[k] === 1 ? "#D55E00" : "#0072B2";
    out.push(pred[k] === ys[k]
      ? `<circle class="point" cx="${X(a).toFixed(1)}" cy="${Y(b).toFixed(1)}" r="2.2" fill="${color}"/>`
      : `<circle class="miss" cx="${X(a).toFixed(1)}" cy="${Y(b).toFixed(1)}" r="4" fill="none" stroke="black" stroke-width="1.5"/>`);
  });
  out.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  for (const v of [-1, 0, 1, 2]) out.push(`<text x="${X(v).toFixed(1)}" y="${m.t + ph + 16}" text-anchor="middle">${v}</text>`);
  for (const v of [-1, 0, 1]) out.push(`<text x="${m.l - 6}" y="${Y(v).toFixed(1)}" dy="0.35em" text-anchor="end">${v}</text>`);
  out.push(`<text x="${m.l + pw / 2}" y="${H - 4}" text-anchor="middle">x₁ (circles: misclassified)</text>`);
  out.push(`<text x="12" y="${m.t + ph / 2}" text-anchor="middle" transform="rotate(-90 12 ${m.t + ph / 2})">x₂</text>`, `</svg>`);
  return out.join("\n");
}
const svg = plot.grid([
  boundarySvg(),
  plot.linePlot({ title: "training loss", xlabel: "step", ylabel: "cross-entropy", logY: true, width: 420, height: 300, series: [{ y: losses, label: "train" }] }),
], { columns: 2, title: "An MLP on two moons" });
const svgPath = join(args.outDir, "two-moons.svg");
await plot.save(svgPath, svg);
console.log(`  wrote ${svgPath} (${seconds(t0)} s in all)`);

verdict("two-moons", [{ what: `held-out accuracy ${(100 * accTest).toFixed(1)} % ≥ 97 %`, ok: accTest >= 0.97 }]);
