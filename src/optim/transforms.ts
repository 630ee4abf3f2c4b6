/** @file The building blocks of the optimizers (Optax's): scale, scaleByLearningRate, scaleBySchedule, scaleByAdam, scaleByRms, scaleByStddev, scaleByRss, scaleByLion, trace, addDecayedWeights. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import * as tree from "../public/tree.js";
import {
  type GradientTransformation, type Schedule, type ScalarOrSchedule, transformation, mapLeaves, zerosLikeTree, zeroCount, incrementCount,
  stepSize, numberOption, scheduleOption, boolOption, arrayLeaves, floatLeaf,
} from "./base.js";

/** The step count as a scalar of the leaf's dtype. */
const countAs = (c: NDArray, x: NDArray) => c.astype(x.dtype);

/**
 * Multiply the updates by a constant (Optax's `scale`).
 * @example optim.scale(-0.1).update(grads, {}) // [−0.1·grads, {}]
 */
export function scale(stepSize: number): GradientTransformation<Record<string, never>> {
  const name = "optim.scale";
  numberOption(name, "stepSize", stepSize, -Infinity);
  return transformation(name, () => ({}), (updates, state) => [mapLeaves(name, (u) => np.multiply(u, stepSize), updates), state]);
}

/**
 * Multiply the updates by `schedule(count)`, evaluated on the step count before it is incremented
 * (Optax's `scale_by_schedule`). The state is `{ count }` (an int32 scalar).
 * @example optim.scaleBySchedule(optim.exponentialDecay(0.1, 100, 0.5))
 */
export function scaleBySchedule(schedule: Schedule): GradientTransformation<{ count: NDArray }> {
  const name = "optim.scaleBySchedule";
  if (typeof schedule !== "function") throw new TypeError(`optim.scaleBySchedule: schedule must be a function (count) => value, got ${typeof schedule}`);
  return transformation(name, () => ({ count: zeroCount() }), (updates, state) => {
    const s = schedule(state.count);
    return [mapLeaves(name, (u) => np.multiply(u, stepSize(s, u.dtype)), updates), { count: incrementCount(state.count) }];
  });
}

/**
 * Multiply the updates by −learningRate (a number or a schedule): the last step of every optimizer
 * (Optax's `scale_by_learning_rate`; `flipSign: false` keeps the sign).
 * @example optim.chain(optim.scaleByAdam(), optim.scaleByLearningRate(1e-3))
 */
export function scaleByLearningRate(learningRate: ScalarOrSchedule, opts: { flipSign?: boolean } = {}): GradientTransformation {
  const name = "optim.scaleByLearningRate";
  const lr = scheduleOption(name, "learningRate", learningRate);
  const m = boolOption(name, "flipSign", opts.flipSign ?? true) ? -1 : 1;
  if (typeof lr === "number") return scale(m * lr);
  return scaleBySchedule((count) => {
    const v = lr(count);
    return typeof v === "number" ? m * v : np.multiply(v, m);
  });
}

function moments(name: string, params: unknown, which: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { count: zeroCount() };
  for (const k of which) out[k] = zerosLikeTree(name, params);
  return out;
}

/** Options of {@link scaleByAdam}. */
export interface AdamOptions {
  /** Decay of the first moment (default 0.9). */
  b1?: number;
  /** Decay of the second moment (default 0.999). */
  b2?: number;
  /** Added to √ν̂ in the denominator (default 1e-8). */
  eps?: number;
  /** Added to ν̂ under the square root (default 0). */
  epsRoot?: number;
  /** Nesterov momentum (NAdam; default false). */
  nesterov?: boolean;
}

/**
 * Adam's scaling (Optax's `scale_by_adam`): μ ← b1·μ + (1−b1)·g, ν ← b2·ν + (1−b2)·g²,
 * update = μ̂ / (√(ν̂ + epsRoot) + eps) with the bias corrections μ̂ = μ/(1−b1ᵗ), ν̂ = ν/(1−b2ᵗ).
 * With `nesterov`, μ̂ = b1·μ/(1−b1ᵗ⁺¹) + (1−b1)·g/(1−b1ᵗ) (NAdam). The state is `{ count, mu, nu }`.
 * @example const opt = optim.chain(optim.scaleByAdam({ b2: 0.99 }), optim.scaleByLearningRate(1e-3));
 */
export function scaleByAdam(opts: AdamOptions = {}): GradientTransformation<{ count: NDArray; mu: any; nu: any }> {
  const name = "optim.scaleByAdam";
  const b1 = numberOption(name, "b1", opts.b1 ?? 0.9, 0, true, 1);
  const b2 = numberOption(name, "b2", opts.b2 ?? 0.999, 0, true, 1);
  const eps = numberOption(name, "eps", opts.eps ?? 1e-8, 0);
  const epsRoot = numberOption(name, "epsRoot", opts.epsRoot ?? 0, 0);
  const nesterov = boolOption(name, "nesterov", opts.nesterov ?? false);
  return transformation(name, (p) => moments(name, p, ["mu", "nu"]) as any, (updates, state) => {
    const mu = mapLeaves(name, (g, m) => np.add(np.multiply(m, b1), np.multiply(g, 1 - b1)), updates, [state.mu, "state's mu"]);
    const nu = mapLeaves(name, (g, v) => np.add(np.multiply(v, b2), np.multiply(np.square(g), 1 - b2)), updates, [state.nu, "state's nu"]);
    const count = incrementCount(state.count);
    const out = mapLeaves(name, (g, m, v) => {
      const t = countAs(count, g);
      // bias corrections 1 − bᵗ in the leaf's dtype
      const c1 = np.subtract(1, np.power(b1, t)), c2 = np.subtract(1, np.power(b2, t));
      const mHat = nesterov
        ? np.add(np.divide(np.multiply(m, b1), np.subtract(1, np.power(b1, np.add(t, 1)))), np.divide(np.multiply(g, 1 - b1), c1))
        : np.divide(m, c1);
      const vHat = np.divide(v, c2);
      return np.divide(mHat, np.add(np.sqrt(np.add(vHat, epsRoot)), eps));
    }, updates, [mu, "moments"], [nu, "moments"]);
    return [out, { count, mu, nu }];
  });
}

/** Options of {@link scaleByRms}. */
export interface RmsOptions {
  /** Decay of the squared-gradient average (default 0.9). */
  decay?: number;
  /** Added inside the square root (default 1e-8; Optax's placement). */
  eps?: number;
  /** Initial value of the average (default 0). */
  initialScale?: number;
}

/**
 * RMSprop's scaling (Optax's `scale_by_rms`): ν ← decay·ν + (1−decay)·g², update = g / √(ν + eps).
 * NB: eps is inside the square root as in Optax (PyTorch adds it outside: g / (√ν + eps)).
 * @example optim.chain(optim.scaleByRms({ decay: 0.99 }), optim.scaleByLearningRate(1e-2))
 */
export function scaleByRms(opts: RmsOptions = {}): GradientTransformation<{ nu: any }> {
  const name = "optim.scaleByRms";
  const decay = numberOption(name, "decay", opts.decay ?? 0.9, 0, true, 1);
  const eps = numberOption(name, "eps", opts.eps ?? 1e-8, 0);
  const init = numberOption(name, "initialScale", opts.initialScale ?? 0, 0);
  return transformation(name, (p) => ({ nu: zerosLikeTree(name, p, init) }), (updates, state) => {
    const nu = mapLeaves(name, (g, v) => np.add(np.multiply(v, decay), np.multiply(np.square(g), 1 - decay)), updates, [state.nu, "state's nu"]);
    return [mapLeaves(name, (g, v) => np.divide(g, np.sqrt(np.add(v, eps))), updates, [nu, "moments"]), { nu }];
  });
}

/**
 * Centered RMSprop's scaling (Optax's `scale_by_stddev`): μ ← decay·μ + (1−decay)·g, ν as in
 * {@link scaleByRms}, update = g / √(ν − μ² + eps).
 * @example optim.chain(optim.scaleByStddev(), optim.scaleByLearningRate(1e-2))
 */
export function scaleByStddev(opts: RmsOptions = {}): GradientTransformation<{ mu: any; nu: any }> {
  const name = "optim.scaleByStddev";
  const decay = numberOption(name, "decay", opts.decay ?? 0.9, 0, true, 1);
  const eps = numberOption(name, "eps", opts.eps ?? 1e-8, 0);
  const init = numberOption(name, "initialScale", opts.initialScale ?? 0, 0);
  return transformation(name, (p) => ({ mu: zerosLikeTree(name, p), nu: zerosLikeTree(name, p, init) }), (updates, state) => {
    const mu = mapLeaves(name, (g, m) => np.add(np.multiply(m, decay), np.multiply(g, 1 - decay)), updates, [state.mu, "state's mu"]);
    const nu = mapLeaves(name, (g, v) => np.add(np.multiply(v, decay), np.multiply(np.square(g), 1 - decay)), updates, [state.nu, "state's nu"]);
    const out = mapLeaves(name, (g, m, v) => np.divide(g, np.sqrt(np.add(np.subtract(v, np.square(m)), eps))), updates, [mu, "moments"], [nu, "moments"]);
    return [out, { mu, nu }];
  });
}

/**
 * Adagrad's scaling (Optax's `scale_by_rss`): S ← S + g², update = g / √(S + eps) where S > 0, else 0.
 * NB: eps is inside the square root as in Optax (PyTorch: g / (√S + eps)).
 * @example optim.chain(optim.scaleByRss({ initialAccumulatorValue: 0.1 }), optim.scaleByLearningRate(0.1))
 */
export function scaleByRss(opts: { initialAccumulatorValue?: number; eps?: number } = {}): GradientTransformation<{ sumOfSquares: any }> {
  const name = "optim.scaleByRss";
  const init = numberOption(name, "initialAccumulatorValue", opts.initialAccumulatorValue ?? 0.1, 0);
  const eps = numberOption(name, "eps", opts.eps ?? 1e-7, 0);
  return transformation(name, (p) => ({ sumOfSquares: zerosLikeTree(name, p, init) }), (updates, state) => {
    const ss = mapLeaves(name, (g, s) => np.add(s, np.square(g)), updates, [state.sumOfSquares, "state's sumOfSquares"]);
    const out = mapLeaves(name, (g, s) => np.where(np.greater(s, 0), np.divide(g, np.sqrt(np.add(s, eps))), 0), updates, [ss, "sums"]);
    return [out, { sumOfSquares: ss }];
  });
}

/**
 * Lion's scaling (Optax's `scale_by_lion`): update = sign(b1·μ + (1−b1)·g), then μ ← b2·μ + (1−b2)·g.
 * @example optim.chain(optim.scaleByLion(), optim.scaleByLearningRate(1e-4))
 */
export function scaleByLion(opts: { b1?: number; b2?: number } = {}): GradientTransformation<{ count: NDArray; mu: any }> {
  const name = "optim.scaleByLion";
  const b1 = numberOption(name, "b1", opts.b1 ?? 0.9, 0, true, 1);
  const b2 = numberOption(name, "b2", opts.b2 ?? 0.99, 0, true, 1);
  return transformation(name, (p) => moments(name, p, ["mu"]) as any, (updates, state) => {
    const out = mapLeaves(name, (g, m) => np.sign(np.add(np.multiply(m, b1), np.multiply(g, 1 - b1))), updates, [state.mu, "state's mu"]);
    const mu = mapLeaves(name, (g, m) => np.add(np.multiply(m, b2), np.multiply(g, 1 - b2)), updates, [state.mu, "state's mu"]);
    return [out, { count: incrementCount(state.count), mu }];
  });
}

/**
 * Momentum (Optax's `trace`): t ← g + decay·t; the update is t, or g + decay·t with `nesterov`.
 * NB: decay defaults to 0.9 (Optax requires it).
 * @example optim.chain(optim.trace({ decay: 0.9, nesterov: true }), optim.scaleByLearningRate(0.1))
 */
export function trace(opts: { decay?: number; nesterov?: boolean } = {}): GradientTransformation<{ trace: any }> {
  const name = "optim.trace";
  const decay = numberOption(name, "decay", opts.decay ?? 0.9, 0);
  const nesterov = boolOption(name, "nesterov", opts.nesterov ?? false);
  return transformation(name, (p) => ({ trace: zerosLikeTree(name, p) }), (updates, state) => {
    const t = mapLeaves(name, (g, m) => np.add(g, np.multiply(m, decay)), updates, [state.trace, "state's trace"]);
    const out = nesterov ? mapLeaves(name, (g, m) => np.add(g, np.multiply(m, decay)), updates, [t, "trace"]) : t;
    return [out, { trace: t }];
  });
}

/** Which parameters a weight decay applies to: a pytree of booleans like the parameters, or a function params → such a tree. */
export type Mask = unknown | ((params: any) => unknown);

/** The mask's booleans, one per leaf of `params`. */
export function maskLeaves(name: string, mask: Mask, params: unknown): boolean[] {
  const m = typeof mask === "function" ? (mask as (p: unknown) => unknown)(params) : mask;
  const [ps, pdef] = arrayLeaves(name, params, "params");
  const [ms, mdef] = tree.flatten(m);
  if (!mdef.equals(pdef)) throw new Error(`${name}: the mask has structure ${mdef}, but the params have ${pdef}`);
  return ms.map((b, i) => {
    if (typeof b !== "boolean") throw new TypeError(`${name}: the mask's leaves must be booleans; leaf ${i} (for params of shape [${ps[i].shape}]) is ${JSON.stringify(b) ?? typeof b}`);
    return b;
  });
}

/**
 * Add weightDecay·params to the updates (Optax's `add_decayed_weights`), where `mask` (a tree of booleans
 * like the params, or a function of the params) is true; all parameters without a mask. Needs `params` in `update`.
 * @example optim.chain(optim.scaleByAdam(), optim.addDecayedWeights(1e-4), optim.scaleByLearningRate(1e-3)) // adamw
 */
export function addDecayedWeights(weightDecay: ScalarOrSchedule = 0, mask?: Mask): GradientTransformation<Record<string, unknown>> {
  const name = "optim.addDecayedWeights";
  const wd = scheduleOption(name, "weightDecay", weightDecay);
  if (typeof wd === "number") numberOption(name, "weightDecay", wd, 0);
  return transformation(name, () => (typeof wd === "number" ? {} : { count: zeroCount() }), (updates, state, params) => {
    if (params === undefined) throw new TypeError(`${name}: update needs the params (update(updates, state, params))`);
    const keep = mask === undefined ? null : maskLeaves(name, mask, params);
    const w = typeof wd === "number" ? wd : wd(state.count as NDArray);
    let i = 0;
    const out = mapLeaves(name, (g, p) => {
      const on = keep === null || keep[i++];
      return on ? np.add(g, np.multiply(floatLeaf(name, p, "params"), stepSize(w, g.dtype))) : g;
    }, updates, [params, "params"]);
    return [out, typeof wd === "number" ? state : { count: incrementCount(state.count as NDArray) }];
  });
}
