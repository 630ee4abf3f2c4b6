/**
 * @file optim: the gradient transformations and optimizers against hand-computed first and second
 * steps, multi-step trajectories computed offline (PyTorch 1.13 for sgd/adam/adamw, a NumPy
 * re-implementation of Optax's formulas for the others), convergence, jit, vmap, pytrees and errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, optim, jit, vmap, grad, valueAndGrad, tree, lax, NDArray, type NestedArray } from "../src/index.js";
import type { GradientTransformation } from "../src/optim/index.js";
import { getBackend } from "../src/backend/registry.js";
import { close } from "./util.js";

type P = { w: NDArray; b: NDArray };
const f32 = (v: NestedArray) => np.array(v, { dtype: "float32" });
const f64 = (v: NestedArray) => np.array(v, { dtype: "float64" });

/** Run `n` updates with constant grads `g`; the params after each step. */
function steps(opt: GradientTransformation, params: P, g: P, n: number): P[] {
  let s = opt.init(params), p = params;
  const out: P[] = [];
  for (let i = 0; i < n; i++) {
    const [u, s2] = opt.update(g, s, p);
    p = optim.applyUpdates(p, u);
    s = s2;
    out.push(p);
  }
  return out;
}

for (const dtype of ["float32", "float64"] as const) {
  const tol = dtype === "float32" ? 1e-5 : 1e-14;
  const arr = dtype === "float32" ? f32 : f64;
  const p0: P = { w: arr([1, -2]), b: arr(0.5) };
  const g: P = { w: arr([0.1, -3]), b: arr(-1) };
  const gw = [0.1, -3], gb = -1, pw = [1, -2], pb = 0.5;
  /** Expected params after one/two steps from per-element update functions u1(g, p), u2(g, p1). */
  const expectTwo = (opt: GradientTransformation, u1: (g: number, p: number) => number, u2: (g: number, p: number) => number) => {
    const [s1, s2] = steps(opt, p0, g, 2);
    const w1 = pw.map((p, i) => p + u1(gw[i], p)), b1 = pb + u1(gb, pb);
    close(s1.w, w1, tol), close(s1.b, b1, tol);
    close(s2.w, w1.map((p, i) => p + u2(gw[i], p)), tol), close(s2.b, b1 + u2(gb, b1), tol);
    assert.equal(s2.w.dtype, dtype), assert.equal(s2.b.dtype, dtype);
  };

  test(`optim (${dtype}): hand-computed first and second steps with a constant gradient`, () => {
    const lr = 0.1;
    // sgd: p ← p − lr·g
    expectTwo(optim.sgd(lr), (g) => -lr * g, (g) => -lr * g);
    // momentum 0.9: t₁ = g, t₂ = g + 0.9·g
    expectTwo(optim.sgd(lr, { momentum: 0.9 }), (g) => -lr * g, (g) => -lr * 1.9 * g);
    // Nesterov: update g + 0.9·t: step 1 g + 0.9g, step 2 g + 0.9(g + 0.9g)
    expectTwo(optim.sgd(lr, { momentum: 0.9, nesterov: true }), (g) => -lr * 1.9 * g, (g) => -lr * (1 + 0.9 * 1.9) * g);
    // Adam: with a constant gradient the bias corrections give μ̂ = g and ν̂ = g² at every step → −lr·g/(|g| + eps)
    expectTwo(optim.adam(lr), (g) => (-lr * g) / (Math.abs(g) + 1e-8), (g) => (-lr * g) / (Math.abs(g) + 1e-8));
    // AdamW: decoupled decay scaled by lr: −lr·(g/(|g|+eps) + wd·p), p the params before the step
    const wd = 0.05;
    expectTwo(optim.adamw(lr, { weightDecay: wd }), (g, p) => -lr * (g / (Math.abs(g) + 1e-8) + wd * p), (g, p) => -lr * (g / (Math.abs(g) + 1e-8) + wd * p));
    // NAdam, step 1: μ̂ = 0.9·0.1g/(1−0.9²) + 0.1g/(1−0.9) = g·(0.09/0.19 + 1); ν̂ = g²
    expectTwo(optim.adam(lr, { nesterov: true }), (g) => (-lr * g * (0.09 / 0.19 + 1)) / (Math.abs(g) + 1e-8), (g) => {
      const mu = 0.19 * g; // 0.9·0.1g + 0.1g
      return (-lr * ((0.9 * mu) / (1 - 0.9 ** 3) + (0.1 * g) / (1 - 0.81))) / (Math.abs(g) + 1e-8);
    });
    // RMSprop: ν₁ = 0.1g², ν₂ = 0.19g²; update −lr·g/√(ν + eps) (eps inside the root, as Optax)
    expectTwo(optim.rmsprop(lr), (g) => (-lr * g) / Math.sqrt(0.1 * g * g + 1e-8), (g) => (-lr * g) / Math.sqrt(0.19 * g * g + 1e-8));
    // centered: μ₁ = 0.1g, ν₁ = 0.1g² → √(0.1g² − 0.01g² + eps); step 2: μ₂ = 0.19g, ν₂ = 0.19g²
    expectTwo(optim.rmsprop(lr, { centered: true }), (g) => (-lr * g) / Math.sqrt(0.09 * g * g + 1e-8), (g) => (-lr * g) / Math.sqrt((0.19 - 0.0361) * g * g + 1e-8));
    // Adagrad: S₁ = 0.1 + g², S₂ = 0.1 + 2g²; update −lr·g/√(S + 1e-7)
    expectTwo(optim.adagrad(lr), (g) => (-lr * g) / Math.sqrt(0.1 + g * g + 1e-7), (g) => (-lr * g) / Math.sqrt(0.1 + 2 * g * g + 1e-7));
    // epsRoot under the root: −lr·g/(√(g² + epsRoot) + eps) at every step
    expectTwo(optim.adam(lr, { epsRoot: 1e-2 }), (g) => (-lr * g) / (Math.sqrt(g * g + 1e-2) + 1e-8), (g) => (-lr * g) / (Math.sqrt(g * g + 1e-2) + 1e-8));
    // RMSprop from initialScale 1: ν₁ = 0.9 + 0.1g², ν₂ = 0.81 + 0.19g²
    expectTwo(optim.rmsprop(lr, { initialScale: 1 }), (g) => (-lr * g) / Math.sqrt(0.9 + 0.1 * g * g + 1e-8), (g) => (-lr * g) / Math.sqrt(0.81 + 0.19 * g * g + 1e-8));
    // RMSprop with Nesterov momentum 0.5 after the learning rate: out₁ = 1.5·a₁; t₂ = a₂ + 0.5a₁, out₂ = a₂ + 0.5·t₂
    const a1 = (g: number) => (-lr * g) / Math.sqrt(0.1 * g * g + 1e-8), a2 = (g: number) => (-lr * g) / Math.sqrt(0.19 * g * g + 1e-8);
    expectTwo(optim.rmsprop(lr, { momentum: 0.5, nesterov: true }), (g) => 1.5 * a1(g), (g) => a2(g) + 0.5 * (a2(g) + 0.5 * a1(g)));
    // Adagrad from 0 with eps 1e-3: S₁ = g², S₂ = 2g²
    expectTwo(optim.adagrad(lr, { initialAccumulatorValue: 0, eps: 1e-3 }), (g) => (-lr * g) / Math.sqrt(g * g + 1e-3), (g) => (-lr * g) / Math.sqrt(2 * g * g + 1e-3));
    // Lion: sign(0.1g) then sign(0.9·0.01g + 0.1g), both sign(g); decay 1e-3 on p
    expectTwo(optim.lion(lr), (g, p) => -lr * (Math.sign(g) + 1e-3 * p), (g, p) => -lr * (Math.sign(g) + 1e-3 * p));
  });

  test(`optim (${dtype}): six steps on f(w) = Σ ½aw² + sin w match PyTorch (sgd, adam, adamw) and Optax's formulas (others)`, () => {
    const a = arr([1, 2, 3]);
    const f = (w: NDArray) => np.sum(np.add(np.multiply(np.multiply(a, np.square(w)), 0.5), np.sin(w)));
    const df = grad(f);
    const ref: [string, GradientTransformation, number[]][] = [
      ["sgd", optim.sgd(0.1), [0.1521335161505749, -0.459428904217139, 0.017456015113528615]],
      ["sgd momentum", optim.sgd(0.1, { momentum: 0.9 }), [-1.2402368514501514, -0.4133229652397555, -1.587038532378532]],
      ["sgd nesterov", optim.sgd(0.1, { momentum: 0.9, nesterov: true }), [-1.2445181978341826, -0.43402957556978666, -0.6445008888062773]],
      ["adam", optim.adam(0.1), [0.4015610091814476, -0.4774734539422931, 1.4034172649756804]],
      ["adamw", optim.adamw(0.1, { weightDecay: 0.05 }), [0.37949066677764076, -0.47845774764865634, 1.3519856110395652]],
      ["nadam", optim.adam(0.1, { nesterov: true }), [0.3261805250575257, -0.45443167265327195, 1.3322779121814259]],
      ["rmsprop", optim.rmsprop(0.1), [-0.1185078760816499, -0.45105200692696307, 0.8944210793850118]],
      ["rmsprop centered momentum", optim.rmsprop(0.1, { centered: true, momentum: 0.5 }), [-0.8501974150276104, -0.3972190082114647, -0.004776426728365479]],
      ["adagrad", optim.adagrad(0.1), [0.6437395725903194, -0.4502094366472459, 1.6456682217042382]],
      ["lion", optim.lion(0.1), [0.3995501299815015, -0.49973006899070077, 1.398950279961503]],
      ["clip + sgd", optim.chain(optim.clipByGlobalNorm(1), optim.sgd(0.1)), [0.8271914298122792, -0.4876631133419317, 1.4256396557685391]],
    ];
    for (const [what, opt, want] of ref) {
      let w = arr([1, -0.5, 2]), s = opt.init(w);
      for (let i = 0; i < 6; i++) {
        const [u, s2] = opt.update(df(w), s, w);
        w = optim.applyUpdates(w, u);
        s = s2;
      }
      assert.equal(w.dtype, dtype, what);
      close(w, want, dtype === "float32" ? 2e-5 : 1e-12);
    }
  });
}

test("optim: a whole training step under jit equals the eager step, over a pytree of float32 and float64 params", () => {
  const x = np.linspace(-1, 1, 16, { dtype: "float64" });
  const y = np.sin(np.multiply(x, 3));
  const loss = (p: P, batch: { x: NDArray; y: NDArray }) => np.mean(np.square(np.subtract(np.add(np.multiply(p.w, batch.x), p.b), batch.y)));
  for (const opt of [optim.adamw(0.05, { weightDecay: 0.1 }), optim.sgd(optim.warmupCosineDecay(0, 0.1, 3, 20), { momentum: 0.9, nesterov: true }), optim.rmsprop(0.01, { centered: true, momentum: 0.9 }), optim.lion(optim.exponentialDecay(0.01, 2, 0.5))]) {
    const step = (params: P, state: unknown, batch: { x: NDArray; y: NDArray }): [P, unknown, NDArray] => {
      const [l, g] = valueAndGrad(loss)(params, batch);
      const [u, s] = opt.update(g, state, params);
      return [optim.applyUpdates(params, u), s, l];
    };
    const jstep = jit(step);
    let pe: P = { w: f64(0.3), b: f32(-0.2) }, se = opt.init(pe);
    let pj = pe, sj = se;
    for (let i = 0; i < 5; i++) {
      const [p1, s1, l1] = step(pe, se, { x, y });
      const [p2, s2, l2] = jstep(pj, sj, { x, y });
      [pe, se, pj, sj] = [p1, s1, p2, s2];
      close(l2, l1.toArray() as number, 1e-6);
    }
    close(pj.w, pe.w.toArray() as number, 1e-12), close(pj.b, pe.b.toArray() as number, 1e-6);
    assert.equal(pj.w.dtype, "float64"), assert.equal(pj.b.dtype, "float32");
    // the states agree leaf by leaf, and the step count is an int32 scalar that counts the steps
    const le = tree.leaves(se) as NDArray[], lj = tree.leaves(sj) as NDArray[];
    assert.equal(le.length, lj.length);
    le.forEach((a, i) => {
      assert.equal(lj[i].dtype, a.dtype);
      close(lj[i], a.toArray() as number[], 1e-6);
    });
  }
});

test("optim: states are pytrees of arrays that tree.map sees; the count is an int32 scalar", () => {
  const params = { w: f32([1, 2]), b: f64(0) };
  const opt = optim.adam(optim.constant(0.1));
  const s0 = opt.init(params);
  const kinds = tree.map((a: NDArray) => `${a.dtype}[${a.shape}]`, s0);
  assert.deepEqual(kinds, [
    { count: "int32[]", mu: { w: "float32[2]", b: "float64[]" }, nu: { w: "float32[2]", b: "float64[]" } },
    { count: "int32[]" },
  ]);
  const [, s1] = opt.update({ w: f32([1, 1]), b: f64(1) }, s0, params);
  assert.equal((s1[0].count as NDArray).toArray(), 1);
  assert.equal((s1[1].count as NDArray).toArray(), 1);
  // a state can be transformed like any pytree (e.g. copied, or cast)
  const doubled = tree.map((a: NDArray) => np.multiply(a, 2), s1);
  close(doubled[0].mu.w, [0.2, 0.2], 1e-7);
});

test("optim: vmap over a batch of independent problems equals solving each", () => {
  const opt = optim.adam(0.05);
  const solve = (w0: NDArray) => {
    const df = grad((w: NDArray) => np.sum(np.square(np.subtract(w, 3))));
    let w = w0, s = opt.init(w0);
    for (let i = 0; i < 4; i++) {
      const [u, s2] = opt.update(df(w), s, w);
      [w, s] = [optim.applyUpdates(w, u), s2];
    }
    return w;
  };
  const W = np.array([[0, 1], [5, -2], [3, 3.5]], { dtype: "float64" });
  const batched = vmap(solve)(W) as NDArray;
  for (let i = 0; i < 3; i++) close(np.getItem(batched, i), solve(np.getItem(W, i)).toArray() as number[], 1e-12);
});

test("optim: adam reaches the minimum of Rosenbrock's function; sgd with momentum that of a quadratic", () => {
  const rosen = (p: NDArray) => {
    const x = np.getItem(p, 0), y = np.getItem(p, 1);
    return np.add(np.square(np.subtract(1, x)), np.multiply(100, np.square(np.subtract(y, np.square(x)))));
  };
  const opt = optim.adam(0.05);
  // 3,000 steps as one compiled program: a jitted fori loop over the whole training step
  const run = jit((p0: NDArray) => lax.foriLoop(0, 3000, (_i: NDArray, c: { p: NDArray; s: unknown; l: NDArray }) => {
    const [l, g] = valueAndGrad(rosen)(c.p);
    const [u, s] = opt.update(g, c.s, c.p);
    return { p: optim.applyUpdates(c.p, u), s, l };
  }, { p: p0, s: opt.init(p0), l: np.zeros([], { dtype: "float64" }) }));
  const { p, l } = run(f64([-1.2, 1]));
  close(p, [1, 1], 1e-5);
  assert.ok((l.toArray() as number) < 1e-9, `loss ${l}`);
  // an ill-conditioned quadratic ½xᵀAx − bᵀx: the minimizer A⁻¹b
  const A = f64([[3, 1], [1, 2]]), b = f64([1, -1]);
  const q = (x: NDArray) => np.subtract(np.multiply(0.5, np.dot(x, np.matmul(A, x))), np.dot(b, x));
  const sgd = optim.sgd(0.2, { momentum: 0.5 });
  let x = f64([0, 0]), t = sgd.init(x);
  for (let i = 0; i < 200; i++) {
    const [u, t2] = sgd.update(grad(q)(x), t, x);
    [x, t] = [optim.applyUpdates(x, u), t2];
  }
  close(x, [0.6, -0.8], 1e-10);
});

test("optim: clipping, globalNorm, scale, masks and the building blocks chained by hand", () => {
  const g = { a: f64([3, 0]), b: f64(4) };
  close(optim.globalNorm(g), 5, 1e-15);
  const [c1] = optim.clipByGlobalNorm(1).update(g, {});
  close(c1.a, [0.6, 0], 1e-15), close(c1.b, 0.8, 1e-15);
  const [c2] = optim.clipByGlobalNorm(10).update(g, {});
  close(c2.a, [3, 0], 0);
  const [c3] = optim.clip(3.5).update(g, {});
  close(c3.b, 3.5, 0);
  const [c4] = optim.scale(-2).update(g, {});
  close(c4.a, [-6, 0], 0);
  // adamw by hand = adamw; the mask keeps the decay off b
  const params = { a: f64([1, 2]), b: f64(3) };
  const mask = { a: true, b: false };
  const byHand = optim.chain(optim.scaleByAdam(), optim.addDecayedWeights(0.1, mask), optim.scaleByLearningRate(0.01));
  const alias = optim.adamw(0.01, { weightDecay: 0.1, mask: (p: unknown) => tree.map(() => true, p) });
  const [u1] = byHand.update(g, byHand.init(params), params);
  const [u2] = alias.update(g, alias.init(params), params);
  close(u1.a, (u2.a as NDArray).toArray() as number[], 1e-15);
  // b: no decay → −lr·sign(g); a: decayed
  close(u1.b, -0.01 * (4 / (4 + 1e-8)), 1e-15);
  close(u2.b, -0.01 * (4 / (4 + 1e-8) + 0.1 * 3), 1e-15);
  // scaleBySchedule evaluates the schedule at the count before the step: 1, 0.5, 0.25
  const sched = optim.scaleBySchedule(optim.exponentialDecay(1, 1, 0.5));
  let s = sched.init(params);
  for (const want of [1, 0.5, 0.25]) {
    const [u, s2] = sched.update({ a: f64([1, 1]), b: f64(1) }, s);
    close(u.b, want, 1e-7);
    s = s2;
  }
  // the count saturates instead of wrapping
  const [, sat] = optim.scaleBySchedule(optim.constant(1)).update(g, { count: np.array(2147483647, { dtype: "int32" }) });
  assert.equal(sat.count.toArray(), 2147483647);
});

test("optim: mismatched trees, shapes, dtypes and bad options are clear errors naming the function", () => {
  const params = { w: f32([1, 2]), b: f32(0) };
  const adam = optim.adam(0.1);
  const s = adam.init(params);
  assert.throws(() => adam.update({ w: f32([1, 2]) } as any, s, params), /optim\.scaleByAdam: the state's mu have structure \{b: \*, w: \*\}, but the updates have \{w: \*\}/);
  assert.throws(() => adam.update({ w: f32([1, 2, 3]), b: f32(0) }, s, params), /optim\.scaleByAdam: leaf 1 of the state's mu has shape \[2\], but the updates' leaf has shape \[3\]/);
  assert.throws(() => optim.applyUpdates(params, { w: f32([1, 2]) }), /optim\.applyUpdates: the updates have structure \{w: \*\}, but the params have \{b: \*, w: \*\}/);
  assert.throws(() => adam.init({ w: np.array([1, 2], { dtype: "int32" }) }), /optim\.scaleByAdam: params must be float32 or float64 arrays, got int32\[2\]/);
  assert.throws(() => adam.init({ w: 3 }), /optim\.scaleByAdam: params must be a pytree of arrays; leaf 0 is the number 3/);
  assert.throws(() => optim.adamw(0.1).update(params, optim.adamw(0.1).init(params)), /optim\.addDecayedWeights: update needs the params/);
  assert.throws(() => optim.adamw(0.1, { mask: { w: true } }).update(params, optim.adamw(0.1).init(params), params), /optim\.addDecayedWeights: the mask has structure \{w: \*\}, but the params have \{b: \*, w: \*\}/);
  assert.throws(() => optim.adam(0.1, { b1: 1.5 }), /optim\.scaleByAdam: b1 must be a number ≥ 0 and ≤ 1, got 1\.5/);
  assert.throws(() => optim.sgd(0.1, { nesterov: true }), /optim\.sgd: nesterov needs a momentum/);
  assert.throws(() => optim.sgd("0.1" as any), /optim\.scaleByLearningRate: learningRate must be a finite number or a schedule/);
  assert.throws(() => (optim as any).adam(0.1, { beta1: 0.9 }), /optim\.adam: unknown option "beta1"; expected one of: b1, b2, eps, epsRoot, nesterov/);
  assert.throws(() => (adam as any).update(params, s, params, {}, 1), /optim\.adam\.update: expected at most 4 arguments/);
  assert.throws(() => adam.update(params, [s[0]] as any, params), /optim\.adam: the state must be an array of 2 states/);
  assert.throws(() => optim.chain(optim.sgd(1), 3 as any), /optim\.chain: argument 1 is not a gradient transformation/);
  assert.throws(() => optim.clipByGlobalNorm(0), /optim\.clipByGlobalNorm: maxNorm must be a number > 0, got 0/);
});

test("optim: long Adam training loops (eager and jit) keep memory flat without dispose", () => {
  const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const sample = () => {
    gc();
    gc();
    const b = getBackend() as unknown as { memoryBytes?: () => number };
    return { heap: process.memoryUsage().heapUsed / 2 ** 20, backend: (b.memoryBytes?.() ?? 0) / 2 ** 20 };
  };
  const init = (n: number, m: number, s: number) => np.array(Array.from({ length: n * m }, (_, i) => Math.sin(i * 12.9898 + s) * 0.3), { shape: [n, m] });
  const params = { w1: init(64, 32, 1), b1: np.zeros([32]), w2: init(32, 10, 2), b2: np.zeros([10]) };
  const x = init(16, 64, 3), y = np.sin(init(16, 10, 4));
  const loss = (p: typeof params) => np.mean(np.square(np.subtract(np.matmul(np.tanh(np.add(np.matmul(x, p.w1), p.b1)), p.w2), y)));
  const opt = optim.chain(optim.clipByGlobalNorm(1), optim.adamw(optim.cosineDecay(1e-2, 10_000)));
  const step = (p: typeof params, s: any[]): [typeof params, any[], NDArray] => {
    const [l, g] = valueAndGrad(loss)(p);
    const [u, s2] = opt.update(g, s, p);
    return [optim.applyUpdates(p, u), s2, l];
  };
  for (const [mode, run, warm, n] of [["eager", step, 150, 500], ["jit", jit(step), 500, 2000]] as const) {
    let p = params, s = opt.init(params), l = np.array(0), first = NaN;
    for (let i = 0; i < warm; i++) [p, s, l] = run(p, s);
    first = l.item() as number;
    const a = sample();
    for (let i = 0; i < n; i++) [p, s, l] = run(p, s);
    const b = sample();
    assert.ok((l.item() as number) < first, `${mode}: the loss fell (${first} → ${l.item()})`);
    assert.ok(b.heap - a.heap < 2, `${mode}: heap grew by ${(b.heap - a.heap).toFixed(2)} MB`);
    assert.ok(b.backend - a.backend <= 0, `${mode}: backend memory grew by ${(b.backend - a.backend).toFixed(2)} MB`);
  }
});

test("optim: masked applies the inner transformation to the masked leaves only, eager and under jit", () => {
  const params = { w: f64([1, 2]), b: f64(3), c: f32([4]) };
  const g = { w: f64([0.5, -1]), b: f64(2), c: f32([1]) };
  const mask = { w: true, b: false, c: true };
  const opt = optim.masked(optim.adam(0.1), mask);
  const s0 = opt.init(params);
  // the inner state has null where the mask is false
  assert.equal(s0[0].mu.b, null);
  assert.deepEqual((s0[0].mu.w as NDArray).shape, [2]);
  const [u, s1] = opt.update(g, s0, params);
  close(u.w, [-0.1, 0.1], 1e-7), close(u.b, 2, 0), close(u.c, -0.1, 1e-6);
  assert.equal((s1[0].count as NDArray).toArray(), 1);
  // under jit, with a mask function of the updates
  const opt2 = optim.masked(optim.sgd(1), (t: typeof g) => ({ w: false, b: true, c: tree.leaves(t).length === 3 }));
  const [uj] = jit((gg: typeof g, s: any, p: typeof params) => opt2.update(gg, s, p))(g, opt2.init(params), params);
  close(uj.w, [0.5, -1], 0), close(uj.b, -2, 0), close(uj.c, [-1], 0);
  // masked weight decay before Adam
  const wdOnW = optim.chain(optim.masked(optim.addDecayedWeights(0.5), { w: true, b: false, c: false }), optim.scale(1));
  const [ud] = wdOnW.update(g, wdOnW.init(params), params);
  close(ud.w, [1, 0], 1e-15), close(ud.b, 2, 0);
  assert.throws(() => optim.masked(optim.sgd(1), { w: true }).init(params), /optim\.masked: the mask has structure \{w: \*\}, but the params have \{b: \*, c: \*, w: \*\}/);
  assert.throws(() => optim.masked(3 as any, mask), /optim\.masked: inner must be a gradient transformation/);
});
