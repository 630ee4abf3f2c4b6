/**
 * @file A Hamiltonian neural network (Greydanus, Dzamba & Yosinski 2019, arXiv:1906.01563) learns an ideal
 * pendulum from noisy trajectories and conserves its energy over a long rollout; a baseline MLP of the
 * same size that predicts the time derivatives directly does not. Asserts the HNN's energy drift is at
 * most 1/10 of the baseline's; prints a table and writes hnn.svg (phase portraits, energy vs time).
 * Usage: `npx tsx examples/hnn.ts [--full] [--out DIR] [--seed N]` (exit code 1 when the claim fails).
 *
 * The pendulum in the paper's units (m = l = 1, g = 3): H(q, p) = 2mgl(1 − cos q) + l²p²/(2m) = 6(1 − cos q) + p²/2,
 * so q̇ = ∂H/∂p = p and ṗ = −∂H/∂q = −6 sin q. As in the paper, initial states lie on circles of radius
 * r ∈ [1.3, 2.3] in the (q, p) plane, the observed states carry Gaussian noise σ = 0.1, and the targets are
 * the exact time derivatives at the noiseless states.
 */
import { join } from "node:path";
import { NDArray, grad, jit, lax, nn, np, optim, plot, random, tree, valueAndGrad } from "../src/index.js";
import { fmt, parseArgs, seconds, table, verdict } from "./_common.js";

const args = parseArgs("hnn");
const size = args.full
  ? { trajectories: 25, points: 45, hidden: 200, steps: 2000, lr: 1e-3, tests: 16 } // the paper's sizes
  : { trajectories: 16, points: 30, hidden: 64, steps: 600, lr: 3e-3, tests: 8 };
const noise = 0.1;
const dt = 1 / 15; // the paper's time step between observations
const horizon = { periods: 20, dt: 0.05 };
const period = (2 * Math.PI) / Math.sqrt(6); // small-oscillation period of q̈ = −6 sin q

type Field = (x: NDArray) => NDArray; // states [..., 2] = (q, p) → time derivatives [..., 2]

/** The true energy and vector field. */
const energy = (x: NDArray) => np.subtract(1, np.cos(x.get("...", 0))).mul(6).add(x.get("...", 1).square().mul(0.5));
const trueField: Field = (x) => np.stack([x.get("...", 1), np.sin(x.get("...", 0)).mul(-6)], -1);

/** Classic fourth-order Runge–Kutta for `steps` steps of `h` under lax.scan; returns the states [steps + 1, ..., 2]. */
function rk4(field: Field, x0: NDArray, h: number, steps: number): NDArray {
  const step = (x: NDArray): [NDArray, NDArray] => {
    const k1 = field(x);
    const k2 = field(x.add(k1.mul(h / 2)));
    const k3 = field(x.add(k2.mul(h / 2)));
    const k4 = field(x.add(k3.mul(h)));
    const next = x.add(k1.add(k2.mul(2)).add(k3.mul(2)).add(k4).mul(h / 6));
    return [next, next];
  };
  const [, xs] = lax.scan((x: NDArray) => step(x), x0, null, { length: steps });
  return np.concatenate([x0.expandDims(0), xs]);
}

/** `n` initial states on circles of radius r ~ U(1.3, 2.3) at uniform angles (the paper's distribution). */
function initialStates(key: NDArray, n: number): NDArray {
  const [kr, ka] = random.split(key);
  const r = random.uniform(kr, [n], { minval: 1.3, maxval: 2.3 });
  const angle = random.uniform(ka, [n], { minval: 0, maxval: 2 * Math.PI });
  return np.stack([r.mul(np.cos(angle)), r.mul(np.sin(angle))], -1);
}

// ---- data: noisy observations of trajectories, exact derivatives as targets ----
const t0 = performance.now();
const [kTrain, kNoise, kTest, kInitH, kInitB] = random.split(random.key(args.seed), 5);
const clean = rk4(trueField, initialStates(kTrain, size.trajectories), dt, size.points - 1).reshape([-1, 2]);
const xTrain = clean.add(random.normal(kNoise, clean.shape).mul(noise));
const yTrain = trueField(clean);

// ---- the two models: the same MLP body, a scalar H(q, p) or the two derivatives ----
const hnnNet = nn.mlp([size.hidden, size.hidden, 1], { activation: np.tanh });
const baseNet = nn.mlp([size.hidden, size.hidden, 2], { activation: np.tanh });
type Params = ReturnType<typeof hnnNet.init>;
/** The HNN's vector field: the symplectic gradient (∂H/∂p, −∂H/∂q) of the learned scalar H. */
const hnnField = (params: Params): Field => (x) => {
  const dH = grad((s: NDArray) => hnnNet.apply(params, s).sum())(x); // rows are independent: the sum's gradient is each row's
  return np.matmul(dH, np.array([[0, -1], [1, 0]], { dtype: x.dtype })); // (∂H/∂q, ∂H/∂p) ↦ (∂H/∂p, −∂H/∂q)
};
const baseField = (params: Params): Field => (x) => baseNet.apply(params, x);

/** Train with full-batch Adam; the loss is the mean squared error of the predicted derivatives. */
function train(field: (p: Params) => Field, params: Params) {
  const opt = optim.adam(size.lr);
  const loss = (p: Params, x: NDArray, y: NDArray) => field(p)(x).sub(y).square().mean();
  // one compiled program: loss, its gradient (for the HNN: a gradient of a gradient), Adam, the update
  const step = jit((p: Params, s: any, x: NDArray, y: NDArray) => {
    const [l, g] = valueAndGrad(loss)(p, x, y);
    const [u, s2] = opt.update(g, s, p);
    return [optim.applyUpdates(p, u), s2, l] as [Params, any, NDArray];
  });
  let state = opt.init(params);
  const losses: number[] = [];
  const start = performance.now();
  for (let i = 0; i < size.steps; i++) {
    let l: NDArray;
    [params, state, l] = step(params, state, xTrain, yTrain);
    losses.push(l.item() as number);
  }
  return { params, losses, ms: performance.now() - start };
}

const hnn = train(hnnField, hnnNet.init(kInitH, [1, 2]));
const base = train(baseField, baseNet.init(kInitB, [1, 2]));

// ---- long rollouts from held-out initial states with the same integrator ----
const steps = Math.round((horizon.periods * period) / horizon.dt);
const x0 = initialStates(kTest, size.tests);
const rollout = (field: Field) => jit((x: NDArray) => rk4(field, x, horizon.dt, steps))(x0); // [steps + 1, tests, 2]
const paths = { truth: rollout(trueField), hnn: rollout(hnnField(hnn.params)), base: rollout(baseField(base.params)) };
const drift = (xs: NDArray) => np.abs(energy(xs).sub(energy(xs.get(0)))); // |H(x(t)) − H(x(0))|, [steps + 1, tests]
const stats = (xs: NDArray) => {
  const d = drift(xs);
  return { mean: d.mean().item() as number, max: d.max().item() as number, final: d.get(-1).mean().item() as number };
};
const xTest = rk4(trueField, x0, dt, size.points - 1).reshape([-1, 2]); // noiseless held-out states
const fieldMse = (f: Field) => f(xTest).sub(trueField(xTest)).square().mean().item() as number;
const paramCount = (p: Params) => (tree.leaves(p) as NDArray[]).reduce((n, a) => n + a.size, 0);

console.log(`Hamiltonian neural network vs baseline on the ideal pendulum H = 6(1 − cos q) + p²/2 (${args.full ? "full" : "reduced"} size)`);
console.log(`data: ${size.trajectories} trajectories × ${size.points} noisy states (σ = ${noise}, Δt = ${fmt(dt)}); ` +
  `MLPs 2-${size.hidden}-${size.hidden}-{1|2} tanh; Adam lr ${size.lr}, ${size.steps} full-batch steps`);
console.log(`rollout: ${size.tests} held-out initial states, RK4 with Δt = ${horizon.dt} for ${steps} steps (${horizon.periods} small-oscillation periods, t = ${fmt(steps * horizon.dt)})\n`);
const rows = [
  { name: "baseline", r: base, s: stats(paths.base), mse: fieldMse(baseField(base.params)), n: paramCount(base.params) },
  { name: "HNN", r: hnn, s: stats(paths.hnn), mse: fieldMse(hnnField(hnn.params)), n: paramCount(hnn.params) },
  { name: "true field", r: null, s: stats(paths.truth), mse: 0, n: 0 },
];
table(
  ["model", "params", "train loss", "test field MSE", "drift mean", "drift max", "drift at end", "train ms/step"],
  rows.map(({ name, r, s, mse, n }) => [name, r ? String(n) : "–", r ? fmt(r.losses[r.losses.length - 1]) : "–", r ? fmt(mse) : "–", fmt(s.mean), fmt(s.max), fmt(s.final), r ? fmt(r.ms / size.steps) : "–"]),
);
const ratio = rows[0].s.mean / rows[1].s.mean;
console.log(`\n  energy drift |H(t) − H(0)| averaged over time and initial states: baseline / HNN = ${fmt(ratio)}`);

// ---- the plot: phase portraits of one held-out trajectory and the mean energy drift over time ----
const t = np.arange(steps + 1).mul(horizon.dt);
const phase = (xs: NDArray, label: string, color: string, dashed = false) => ({ x: xs.get(":", 0, 0), y: xs.get(":", 0, 1), label, color, dashed });
const svg = plot.grid([
  plot.linePlot({
    title: "phase portrait of a held-out trajectory", xlabel: "q", ylabel: "p",
    series: [phase(paths.base, "baseline", "#D55E00"), phase(paths.hnn, "HNN", "#0072B2"), phase(paths.truth, "truth", "#000000", true)],
  }),
  plot.linePlot({
    title: "energy drift (mean over held-out states)", xlabel: "t", ylabel: "|H(t) − H(0)|", logY: true,
    series: [
      { x: t, y: drift(paths.base).mean(1), label: "baseline", color: "#D55E00" },
      { x: t, y: drift(paths.hnn).mean(1), label: "HNN", color: "#0072B2" },
    ],
  }),
  plot.linePlot({
    title: "training loss", xlabel: "step", ylabel: "MSE of (q̇, ṗ)", logY: true,
    series: [{ y: base.losses, label: "baseline", color: "#D55E00" }, { y: hnn.losses, label: "HNN", color: "#0072B2" }],
  }),
], { columns: 3, title: "Hamiltonian neural network on the ideal pendulum" });
const svgPath = join(args.outDir, "hnn.svg");
await plot.save(svgPath, svg);
console.log(`  wrote ${svgPath} (${seconds(t0)} s in all)`);

verdict("hnn", [
  { what: `HNN energy drift ≤ 1/10 of the baseline's (ratio ${fmt(ratio)} ≥ 10)`, ok: ratio >= 10 },
  { what: `both models learned the field (test field MSE < 0.5: baseline ${fmt(rows[0].mse)}, HNN ${fmt(rows[1].mse)})`, ok: rows[0].mse < 0.5 && rows[1].mse < 0.5 },
]);
