/**
 * @file Where each of W9's convolution passes spends its time: every conv layer's forward pass and its
 * two transposes under jit, split into the steps of the conv kernel (im2col / pack / matmul / unpack or
 * gather, src/primitives/conv_kernel.ts), beside the matmul routine alone on the same m, k, n and
 * PyTorch's time for the same pass (same run, when `import torch` works).
 * Usage: `npx tsx bench/conv_profile.ts [reps] [--no-torch]` (ADJOINT_BACKEND=js for js; ADJOINT_BENCH_PYTHON picks Python).
 */
import { spawnSync } from "node:child_process";
import { getBackend, jit, lax, random, vjp, NDArray } from "../src/index.js";
import { convTuning } from "../src/primitives/conv_kernel.js";

const B = 128, reps = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 7), withTorch = !process.argv.includes("--no-torch");
const median = (t: number[]) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)];
const sync = (r: NDArray | NDArray[]) => (Array.isArray(r) ? r : [r]).forEach((a) => a.data());
const layers = [["conv1 28×28 1→32", 28, 1, 32], ["conv2 14×14 32→64", 14, 32, 64]] as const;

/** PyTorch's median ms for each pass (forward, d/dinput, d/dkernel), NCHW as its default; null without torch. */
function torchTimes(): Record<string, number> | null {
  const py = `
import json, os, time, torch
torch.set_num_threads(os.cpu_count() or 1)
B, reps, out = ${B}, ${reps}, {}
for name, h, ci, co in ${JSON.stringify(layers)}:
    x = torch.randn(B, ci, h, h); w = torch.randn(co, ci, 3, 3); ct = torch.randn(B, co, h, h)
    xr = x.clone().requires_grad_(); wr = w.clone().requires_grad_()
    yx = torch.nn.functional.conv2d(xr, w, padding=1); yw = torch.nn.functional.conv2d(x, wr, padding=1)
    passes = {
        "forward": lambda: torch.nn.functional.conv2d(x, w, padding=1),
        "d/dinput": lambda: torch.autograd.grad(yx, xr, ct, retain_graph=True)[0],
        "d/dkernel": lambda: torch.autograd.grad(yw, wr, ct, retain_graph=True)[0],
    }
    for p, f in passes.items():
        f()
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter(); f(); ts.append((time.perf_counter() - t0) * 1e3)
        ts.sort()
        out[name + " " + p] = ts[len(ts) // 2]
print(json.dumps({"threads": torch.get_num_threads(), "times": out}))
`;
  const env = { ...process.env };
  if (!env.OPENBLAS_CORETYPE) env.OPENBLAS_CORETYPE = "SkylakeX";
  for (const python of [process.env.ADJOINT_BENCH_PYTHON, "/usr/bin/python3", "python3"].filter((p): p is string => !!p)) {
    const r = spawnSync(python, ["-c", py], { encoding: "utf8", env });
    if (r.status === 0) {
      const j = JSON.parse(r.stdout.trim().split("\n").pop() as string);
      console.log(`PyTorch: ${j.threads} threads`);
      return j.times;
    }
  }
  return null;
}

const b = getBackend() as { name?: string; startThreads?: () => Promise<boolean> };
if (b.startThreads) await b.startThreads();
console.log(`conv profile, batch ${B}, backend ${b.name}, median of ${reps} (ms)`);
const torch0 = withTorch ? torchTimes() : null;
const k = [...random.split(random.key(0), 3)] as NDArray[];
const conv = (x: NDArray, w: NDArray) => lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] });
const rows: string[][] = [];
let total = 0, torchTotal = 0;
for (const [name, h, cin, cout] of layers) {
  const x = random.normal(k[0], [B, h, h, cin]), w = random.normal(k[1], [3, 3, cin, cout]);
  const ct = random.normal(k[2], [B, h, h, cout]);
  const passes: [string, (x: NDArray, w: NDArray, ct: NDArray) => NDArray][] = [
    ["forward", jit((x: NDArray, w: NDArray) => conv(x, w))],
    ["d/dinput", jit((x: NDArray, w: NDArray, ct: NDArray) => vjp((x: NDArray) => conv(x, w), x)[1](ct)[0])],
    ["d/dkernel", jit((x: NDArray, w: NDArray, ct: NDArray) => vjp((w: NDArray) => conv(x, w), w)[1](ct)[0])],
  ];
  for (const [pass, f] of passes) {
    sync(f(x, w, ct)); // compile
    const steps = new Map<string, number[]>();
    let form = "", shape = { m: 0, k: 0, n: 0, groups: 0 };
    const wall: number[] = [];
    for (let r = 0; r < reps; r++) {
      const mine = new Map<string, number>();
      convTuning.trace = (fm, st, ms, sh) => ((form = fm), (shape = sh), mine.set(st, (mine.get(st) ?? 0) + ms));
      const t0 = performance.now();
      sync(f(x, w, ct));
      wall.push(performance.now() - t0);
      convTuning.trace = null;
      for (const [st, ms] of mine) steps.set(st, [...(steps.get(st) ?? []), ms]);
    }
    // the matmul routine alone on contiguous operands of the same shape
    let mm = NaN;
    if (shape.m > 0 && shape.n > 1) {
      const a = random.normal(k[0], [shape.groups, shape.m, shape.k]), bb = random.normal(k[1], [shape.groups, shape.k, shape.n]);
      const f = jit((a: NDArray, bb: NDArray) => lax.dotGeneral(a, bb, [[[2], [1]], [[0], [0]]]));
      sync(f(a, bb));
      const t: number[] = [];
      for (let r = 0; r < reps; r++) {
        const t0 = performance.now();
        sync(f(a, bb));
        t.push(performance.now() - t0);
      }
      mm = median(t);
    }
    const flops = 2 * shape.groups * shape.m * shape.k * shape.n;
    const wm = median(wall), tt = torch0?.[`${name} ${pass}`];
    total += wm;
    torchTotal += tt ?? 0;
    const split = [...steps].map(([st, t]) => `${st} ${median(t).toFixed(1)}`).join(", ");
    const mmT = steps.get("matmul");
    const gf = mmT ? ` (${(flops / median(mmT) / 1e6).toFixed(1)} GFLOP/s)` : "";
    rows.push([`${name} ${pass}`, wm.toFixed(1), `${form}: ${split}${gf}; m ${shape.m} k ${shape.k} n ${shape.n}`, Number.isNaN(mm) ? "—" : `${mm.toFixed(1)} (${(flops / mm / 1e6).toFixed(1)} GFLOP/s)`, tt === undefined ? "—" : tt.toFixed(1)]);
  }
}
const width = rows.reduce((w, r) => Math.max(w, r[2].length), 0);
console.log(`${"pass".padEnd(28)} ${"total".padStart(7)}  ${"steps".padEnd(width)}  ${"matmul alone".padEnd(24)} PyTorch`);
for (const r of rows) console.log(`${r[0].padEnd(28)} ${r[1].padStart(7)}  ${r[2].padEnd(width)}  ${r[3].padEnd(24)} ${r[4]}`);
console.log(`${"all six passes".padEnd(28)} ${total.toFixed(1).padStart(7)}${torch0 ? `  (PyTorch ${torchTotal.toFixed(1)}, ratio ${(total / torchTotal).toFixed(2)}×)` : ""}`);
