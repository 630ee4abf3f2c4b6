/**
 * @file A Lagrangian neural network (Cranmer, Greydanus, Hoyer, Battaglia, Spergel & Ho 2020,
 * arXiv:2003.04630) learns the double pendulum: a network L(q, q̇) whose Euler–Lagrange equations give
 * the accelerations q̈ = (∇q̇∇q̇ᵀL)⁻¹[∇qL − (∇q∇q̇ᵀL)q̇] (with `hessian`, `jacfwd`, `grad` and
 * `np.linalg.solve`, vmapped over a batch), trained with Adam on (state → q̈) pairs from the analytic
 * equations. Asserts the learned accelerations beat a trivial baseline by a clear margin, that a
 * rollout of the learned dynamics keeps the true energy within a stated bound, and that it does so
 * better than an MLP of the same size trained to predict q̈ directly; prints tables and writes lnn.svg. Usage: `npx tsx examples/lnn.ts [--full] [--out DIR] [--seed N]` (exit code 1 on failure).
 *
 * The double pendulum with m₁ = m₂ = l₁ = l₂ = 1 and g = 9.8 (the paper's): angles q = (θ₁, θ₂) from the
 * downward vertical, L = T − V with T = θ̇₁² + ½θ̇₂² + θ̇₁θ̇₂ cos(θ₁ − θ₂) and V = −2g cos θ₁ − g cos θ₂.
 */
import { join } from "node:path";
import { NDArray, grad, hessian, jacfwd, jit, lax, nn, np, optim, plot, random, valueAndGrad, vmap } from "../src/index.js";
import { fmt, parseArgs, seconds, table, verdict } from "./_common.js";

const args = parseArgs("lnn");
const size = args.full
  ? { trajectories: 256, points: 50, hidden: 128, steps: 3000, batch: 512, lr: 3e-3, tests: 16 }
  : { trajectories: 48, points: 40, hidden: 64, steps: 1000, batch: 128, lr: 3e-3, tests: 8 };
const g = 9.8;
const dt = 0.05; // between training states, and the rollouts' RK4 step
const horizon = 50; // seconds of rollout: ~19 periods of the slow normal mode (ω² = (2 − √2)g, period ≈ 2.6 s)

type Field = (x: NDArray) => NDArray; // states [..., 4] = (θ₁, θ₂, θ̇₁, θ̇₂) → time derivatives [..., 4]
const col = (x: NDArray, i: number) => x.get("...", i);

/** The kinetic and potential energy of states [..., 4]. */
const kinetic = (x: NDArray) => {
  const [t1, t2, w1, w2] = [0, 1, 2, 3].map((i) => col(x, i));
  return w1.square().add(w2.square().mul(0.5)).add(w1.mul(w2).mul(np.cos(t1.sub(t2))));
};
const potential = (x: NDArray) => np.cos(col(x, 0)).mul(-2 * g).sub(np.cos(col(x, 1)).mul(g));
/** The true energy T + V. */
const energy = (x: NDArray) => kinetic(x).add(potential(x));
/** The true Lagrangian T − V of one state (q [2], q̇ [2]) → scalar, for checking the LNN formula on it. */
const trueLagrangian = (q: NDArray, qd: NDArray) => {
  const x = np.concatenate([q, qd]);
  return kinetic(x).sub(potential(x));
};
/** The analytic accelerations, solved by hand from the Euler–Lagrange equations (Cramer's rule on the 2×2 mass matrix). */
const trueAccel = (x: NDArray) => {
  const [t1, t2, w1, w2] = [0, 1, 2, 3].map((i) => col(x, i));
  const c = np.cos(t1.sub(t2)), s = np.sin(t1.sub(t2));
  // mass matrix [[2, c], [c, 1]]; right-hand side f = (−w2²·s − 2g·sin t1, w1²·s − g·sin t2)
  const f1 = w2.square().mul(s).neg().sub(np.sin(t1).mul(2 * g));
  const f2 = w1.square().mul(s).sub(np.sin(t2).mul(g));
  const det = np.subtract(2, c.square());
  return np.stack([f1.sub(c.mul(f2)).div(det), f2.mul(2).sub(c.mul(f1)).div(det)], -1);
};
const withAccel = (accel: Field): Field => (x) => np.concatenate([x.get("...", "2:"), accel(x)], -1);

/**
 * The accelerations a Lagrangian `lag(q, q̇)` implies for one state x = (q, q̇):
 * q̈ = (∇q̇∇q̇ᵀL)⁻¹[∇qL − (∇q∇q̇ᵀL)q̇], where (∇q∇q̇ᵀL)ᵢⱼ = ∂²L/∂q̇ᵢ∂qⱼ (d/dt ∂L/∂q̇ = ∂L/∂q, expanded).
 */
function eulerLagrange(lag: (q: NDArray, qd: NDArray) => NDArray, x: NDArray): NDArray {
  const q = x.get(":2"), qd = x.get("2:");
  const hvv = hessian((v: NDArray) => lag(q, v))(qd); // ∇q̇∇q̇ᵀL, [2, 2]
  const gq = grad((u: NDArray) => lag(u, qd))(q); // ∇qL, [2]
  const mixed = jacfwd((u: NDArray) => grad((v: NDArray) => lag(u, v))(qd))(q); // ∂(∇q̇L)ᵢ/∂qⱼ, [2, 2]
  return np.linalg.solve(hvv, gq.sub(np.matmul(mixed, qd)));
}

/** Classic RK4 for `steps` steps of `h` under lax.scan; returns the states [steps + 1, ..., 4]. */
function rk4(field: Field, x0: NDArray, h: number, steps: number): NDArray {
  const [, xs] = lax.scan((x: NDArray) => {
    const k1 = field(x), k2 = field(x.add(k1.mul(h / 2))), k3 = field(x.add(k2.mul(h / 2))), k4 = field(x.add(k3.mul(h)));
    const next = x.add(k1.add(k2.mul(2)).add(k3.mul(2)).add(k4).mul(h / 6));
    return [next, next] as [NDArray, NDArray];
  }, x0, null, { length: steps });
  return np.concatenate([x0.expandDims(0), xs]);
}

/** Initial states: angles ~ U(−π/3, π/3), angular velocities ~ U(−1, 1) (below the energy of a flip). */
function initialStates(key: NDArray, n: number): NDArray {
  const [ka, kw] = random.split(key);
  return np.concatenate([random.uniform(ka, [n, 2], { minval: -Math.PI / 3, maxval: Math.PI / 3 }), random.uniform(kw, [n, 2], { minval: -1, maxval: 1 })], -1);
}

// ---- data: states along true trajectories, their analytic accelerations ----
const t0 = performance.now();
const [kTrain, kTest, kInit, kInitB, kBatch] = random.split(random.key(args.seed), 5);
const simulate = jit((x0: NDArray) => rk4(withAccel(trueAccel), x0, dt, size.points - 1));
const xTrain = simulate(initialStates(kTrain, size.trajectories)).reshape([-1, 4]);
const yTrain = trueAccel(xTrain);

// ---- the network L(q, q̇) and its accelerations, vmapped over a batch ----
const net = nn.mlp([size.hidden, size.hidden, 1], { activation: nn.softplus }); // smooth: the accelerations need its second derivatives
type Params = ReturnType<typeof net.init>;
/**
 * L(q, q̇) = ½|q̇|² + 10·MLP(q, q̇/3). NB: the paper's L is the bare network with a custom initialisation;
 * here the fixed ½|q̇|² term keeps ∇q̇∇q̇ᵀL near the identity at the start (a freshly initialised MLP's is
 * near-singular: the first solves give accelerations ~10⁴ and training stalls), the factor 10 is the
 * problem's energy scale (2gl ≈ 20) and q̇/3 puts the velocities (up to ~4 rad/s) in the unit range.
 * The network still represents any Lagrangian: it learns L − ½|q̇|². Measured without these: no learning.
 */
const lagrangian = (p: Params) => (q: NDArray, qd: NDArray) => net.apply(p, np.concatenate([q, qd.div(3)])).sum().mul(10).add(qd.square().sum().mul(0.5));
const lnnAccel = (p: Params): Field => vmap((x: NDArray) => eulerLagrange(lagrangian(p), x));

/** The paper's comparison: an MLP of the same size (same input and output scaling) predicting q̈ directly. */
const baseNet = nn.mlp([size.hidden, size.hidden, 2], { activation: nn.softplus });
const baseAccel = (p: Params): Field => (x) => baseNet.apply(p, np.concatenate([x.get("...", ":2"), x.get("...", "2:").div(3)], -1)).mul(10);

/** Adam on random minibatches; one compiled step draws the batch, takes the loss (for the LNN: through the Euler–Lagrange solve), its gradient and the update. */
function train(accel: (p: Params) => Field, params: Params) {
  const opt = optim.adam(size.lr);
  const loss = (p: Params, x: NDArray, y: NDArray) => accel(p)(x).sub(y).square().mean();
  const step = jit((p: Params, s: any, key: NDArray) => {
    const idx = random.randint(key, [size.batch], 0, xTrain.shape[0]);
    const [l, gr] = valueAndGrad(loss)(p, np.take(xTrain, idx, 0), np.take(yTrain, idx, 0));
    const [u, s2] = opt.update(gr, s, p);
    return [optim.applyUpdates(p, u), s2, l] as [Params, any, NDArray];
  });
  let state = opt.init(params);
  const losses: number[] = [];
  const start = performance.now();
  for (let i = 0; i < size.steps; i++) {
    let l: NDArray;
    [params, state, l] = step(params, state, random.foldIn(kBatch, i));
    losses.push(l.item() as number);
  }
  return { params, losses, ms: performance.now() - start };
}
const lnn = train(lnnAccel, net.init(kInit, [1, 4]));
const base = train(baseAccel, baseNet.init(kInitB, [1, 4]));

// ---- evaluation: held-out states, then rollouts from held-out initial states ----
const x0 = initialStates(kTest, size.tests);
const xTest = simulate(x0).reshape([-1, 4]);
const yTest = trueAccel(xTest);
const mse = (pred: NDArray) => pred.sub(yTest).square().mean().item() as number;
const mseLnn = mse(lnnAccel(lnn.params)(xTest)), mseBase = mse(baseAccel(base.params)(xTest));
const mseMean = mse(np.broadcastTo(yTrain.mean(0), yTest.shape)); // the trivial baseline: the training mean
const checkFormula = np.abs(vmap((x: NDArray) => eulerLagrange(trueLagrangian, x))(xTest).sub(yTest)).max().item() as number;

const steps = Math.round(horizon / dt);
// RK4 with half steps (its own energy error then stays well below the models'), the states kept every Δt: [steps + 1, tests, 4]
const roll = (accel: Field) => jit((x: NDArray) => rk4(withAccel(accel), x, dt / 2, 2 * steps).get("::2"))(x0);
const paths = { truth: roll(trueAccel), lnn: roll(lnnAccel(lnn.params)), base: roll(baseAccel(base.params)) };
// energy error relative to the energy above the resting state (E_rest = −3g): |E(t) − E(0)| / (E(0) + 3g)
const relErr = (xs: NDArray) => np.abs(energy(xs).sub(energy(xs.get(0)))).div(energy(xs.get(0)).add(3 * g));
const stats = (xs: NDArray) => {
  const e = relErr(xs);
  return { mean: e.mean().item() as number, max: e.max().item() as number };
};
const sTruth = stats(paths.truth), sLnn = stats(paths.lnn), sBase = stats(paths.base);
const angleGap = (xs: NDArray, i: number) => np.abs(xs.get(i).get("...", ":2").sub(paths.truth.get(i).get("...", ":2"))).mean().item() as number;

console.log(`Lagrangian neural network on the double pendulum (m = l = 1, g = ${g}; ${args.full ? "full" : "reduced"} size)`);
console.log(`data: ${size.trajectories} trajectories × ${size.points} states (Δt = ${dt}); L = MLP 4-${size.hidden}-${size.hidden}-1 softplus; ` +
  `Adam lr ${size.lr}, ${size.steps} steps of ${size.batch} (${fmt(lnn.ms / size.steps)} ms/step; the MLP baseline ${fmt(base.ms / size.steps)})`);
console.log(`the LNN formula applied to the true Lagrangian reproduces the analytic q̈ to ${fmt(checkFormula)} (max abs)\n`);
table(
  ["q̈ predictor", "last batch MSE", "held-out MSE", "MSE / baseline"],
  [
    ["training mean (trivial)", "–", fmt(mseMean), "1"],
    ["MLP baseline", fmt(base.losses[size.steps - 1]), fmt(mseBase), fmt(mseBase / mseMean)],
    ["LNN", fmt(lnn.losses[size.steps - 1]), fmt(mseLnn), fmt(mseLnn / mseMean)],
  ],
);
console.log(`\nrollouts: ${size.tests} held-out initial states, RK4 with Δt = ${dt / 2} for ${2 * steps} steps (t = ${horizon} s)`);
table(
  ["dynamics", "rel. energy error mean", "max", "mean |Δθ| vs truth at 1 s", `at ${horizon} s`],
  [
    ["true equations", fmt(sTruth.mean), fmt(sTruth.max), "0", "0"],
    ["MLP baseline", fmt(sBase.mean), fmt(sBase.max), fmt(angleGap(paths.base, Math.round(1 / dt))), fmt(angleGap(paths.base, steps))],
    ["LNN", fmt(sLnn.mean), fmt(sLnn.max), fmt(angleGap(paths.lnn, Math.round(1 / dt))), fmt(angleGap(paths.lnn, steps))],
  ],
);

// ---- the plot: the angles of one held-out rollout, the energy errors over time, the training losses ----
const t = np.arange(steps + 1).mul(dt);
const first10 = `:${Math.round(10 / dt) + 1}`;
const svg = plot.grid([
  plot.linePlot({
    title: "the first 10 s of a held-out rollout", xlabel: "t (s)", ylabel: "angle (rad)",
    series: [
      { x: t.get(first10), y: paths.truth.get(first10, 0, 0), label: "θ₁ true", color: "#000000", dashed: true },
      { x: t.get(first10), y: paths.lnn.get(first10, 0, 0), label: "θ₁ LNN", color: "#0072B2" },
      { x: t.get(first10), y: paths.truth.get(first10, 0, 1), label: "θ₂ true", color: "#555555", dashed: true },
      { x: t.get(first10), y: paths.lnn.get(first10, 0, 1), label: "θ₂ LNN", color: "#009E73" },
    ],
  }),
  plot.linePlot({
    title: "relative energy error (mean over held-out states)", xlabel: "t (s)", ylabel: "|E(t) − E(0)| / (E(0) − E_rest)", logY: true,
    series: [{ x: t, y: relErr(paths.base).mean(1), label: "MLP baseline", color: "#D55E00" }, { x: t, y: relErr(paths.lnn).mean(1), label: "LNN", color: "#0072B2" }, { x: t, y: relErr(paths.truth).mean(1), label: "true equations", color: "#000000", dashed: true }],
  }),
  plot.linePlot({ title: "training loss", xlabel: "step", ylabel: "MSE of q̈", logY: true, series: [{ y: base.losses, label: "MLP baseline", color: "#D55E00" }, { y: lnn.losses, label: "LNN", color: "#0072B2" }] }),
], { columns: 3, title: "Lagrangian neural network on the double pendulum" });
const svgPath = join(args.outDir, "lnn.svg");
await plot.save(svgPath, svg);
console.log(`\n  wrote ${svgPath} (${seconds(t0)} s in all)`);

verdict("lnn", [
  { what: `the Euler–Lagrange formula on the true L matches the analytic q̈ (max error ${fmt(checkFormula)} < 1e-3)`, ok: checkFormula < 1e-3 },
  { what: `learned q̈ beats the trivial baseline: held-out MSE ${fmt(mseLnn / mseMean)} × the baseline's ≤ 0.05`, ok: mseLnn / mseMean <= 0.05 },
  { what: `rollout energy error (mean, relative) ${fmt(sLnn.mean)} ≤ 0.1`, ok: sLnn.mean <= 0.1 },
  { what: `the LNN's rollout energy error is ≤ ½ of the MLP baseline's (${fmt(sLnn.mean)} vs ${fmt(sBase.mean)})`, ok: 2 * sLnn.mean <= sBase.mean },
]);
