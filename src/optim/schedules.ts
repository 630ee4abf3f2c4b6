/**
 * @file Learning-rate schedules (Optax's): functions of the step count, written with `np` so that they
 * run on a traced int32 count inside a jitted `update`. Each returns a scalar array of the default float dtype.
 */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { getDefaultFloat } from "../public/transforms.js";
import { type Schedule, numberOption, boolOption } from "./base.js";

/** The count as a float scalar of the default float dtype. */
const asFloat = (count: NDArray | number): NDArray => (np.asArray(count) as NDArray).astype(getDefaultFloat());
const finite = (name: string, what: string, v: unknown) => numberOption(name, what, v, -Infinity);
const steps = (name: string, what: string, v: unknown, min = 0) => {
  numberOption(name, what, v, min);
  if (!Number.isInteger(v)) throw new RangeError(`${name}: ${what} must be an integer, got ${v}`);
  return v as number;
};

/**
 * The same value at every step (Optax's `constant_schedule`).
 * @example optim.constantSchedule(0.1)(np.array(7, { dtype: "int32" })) // 0.1
 */
export function constantSchedule(value: number): Schedule {
  finite("optim.constantSchedule", "value", value);
  return (count) => np.fullLike(asFloat(count), value);
}

/**
 * Linear interpolation from `initValue` to `endValue` over `transitionSteps` steps starting at
 * `transitionBegin` (default 0), constant outside (Optax's `linear_schedule`). transitionSteps ≤ 0 gives `initValue`.
 * @example optim.linearSchedule(0, 1, 10)(np.array(5, { dtype: "int32" })) // 0.5
 */
export function linearSchedule(initValue: number, endValue: number, transitionSteps: number, opts: { transitionBegin?: number } = {}): Schedule {
  const name = "optim.linearSchedule";
  finite(name, "initValue", initValue), finite(name, "endValue", endValue), steps(name, "transitionSteps", transitionSteps, -Infinity);
  const begin = steps(name, "transitionBegin", opts.transitionBegin ?? 0);
  if (transitionSteps <= 0) return constantSchedule(initValue);
  return (count) => {
    const t = np.clip(np.subtract(asFloat(count), begin), 0, transitionSteps);
    return np.add(np.multiply(np.subtract(1, np.divide(t, transitionSteps)), initValue - endValue), endValue);
  };
}

/**
 * initValue · decayRate^((count − transitionBegin) / transitionSteps), the exponent floored with
 * `staircase`, clipped at `endValue` (a floor when decaying, a ceiling when growing), `initValue`
 * before `transitionBegin` (Optax's `exponential_decay`).
 * @example optim.exponentialDecay(1, 10, 0.5)(np.array(20, { dtype: "int32" })) // 0.25
 */
export function exponentialDecay(initValue: number, transitionSteps: number, decayRate: number, opts: { transitionBegin?: number; staircase?: boolean; endValue?: number } = {}): Schedule {
  const name = "optim.exponentialDecay";
  finite(name, "initValue", initValue), steps(name, "transitionSteps", transitionSteps, -Infinity), numberOption(name, "decayRate", decayRate, 0);
  const begin = steps(name, "transitionBegin", opts.transitionBegin ?? 0);
  const staircase = boolOption(name, "staircase", opts.staircase ?? false);
  const end = opts.endValue === undefined ? undefined : finite(name, "endValue", opts.endValue);
  if (transitionSteps <= 0 || decayRate === 0) return constantSchedule(initValue);
  return (count) => {
    const c = asFloat(count);
    let p = np.divide(np.subtract(c, begin), transitionSteps);
    if (staircase) p = np.floor(p);
    let v = np.multiply(np.power(decayRate, p), initValue);
    if (end !== undefined) v = decayRate < 1 ? np.maximum(v, end) : np.minimum(v, end);
    return np.where(np.lessEqual(c, begin), initValue, v);
  };
}

/**
 * initValue · ((1 − alpha)·(½(1 + cos(π·min(count, decaySteps)/decaySteps)))^exponent + alpha)
 * (Optax's `cosine_decay_schedule`; Loshchilov & Hutter's SGDR without restarts).
 * @example optim.cosineDecaySchedule(1, 100)(np.array(50, { dtype: "int32" })) // 0.5
 */
export function cosineDecaySchedule(initValue: number, decaySteps: number, opts: { alpha?: number; exponent?: number } = {}): Schedule {
  const name = "optim.cosineDecaySchedule";
  finite(name, "initValue", initValue), steps(name, "decaySteps", decaySteps, 0);
  if (decaySteps <= 0) throw new RangeError(`${name}: decaySteps must be positive, got ${decaySteps}`);
  const alpha = finite(name, "alpha", opts.alpha ?? 0);
  const exponent = finite(name, "exponent", opts.exponent ?? 1);
  return (count) => {
    const t = np.minimum(asFloat(count), decaySteps);
    const cos = np.multiply(np.add(np.cos(np.multiply(t, Math.PI / decaySteps)), 1), 0.5);
    return np.multiply(np.add(np.multiply(np.power(cos, exponent), 1 - alpha), alpha), initValue);
  };
}

/**
 * Follow `schedules[0]` until `boundaries[0]`, then `schedules[1]` counted from that boundary, and so on
 * (Optax's `join_schedules`).
 * @example optim.joinSchedules([optim.constantSchedule(1), optim.constantSchedule(2)], [10])
 */
export function joinSchedules(schedules: Schedule[], boundaries: number[]): Schedule {
  const name = "optim.joinSchedules";
  if (!Array.isArray(schedules) || schedules.length === 0 || schedules.some((s) => typeof s !== "function")) throw new TypeError(`${name}: schedules must be a non-empty array of functions`);
  if (!Array.isArray(boundaries) || boundaries.length !== schedules.length - 1)
    throw new RangeError(`${name}: expected ${schedules.length - 1} boundaries for ${schedules.length} schedules, got ${Array.isArray(boundaries) ? boundaries.length : typeof boundaries}`);
  boundaries.forEach((b, i) => steps(name, `boundaries[${i}]`, b, 0));
  return (count) => {
    const c = np.asArray(count) as NDArray;
    let out = asFloat(schedules[0](c));
    boundaries.forEach((b, i) => {
      out = np.where(np.less(c, b), out, asFloat(schedules[i + 1](np.subtract(c, b))));
    });
    return out;
  };
}

/**
 * A linear warmup from `initValue` to `peakValue` over `warmupSteps`, then a cosine decay to `endValue`
 * (default 0) reached at `decaySteps` (which includes the warmup) (Optax's `warmup_cosine_decay_schedule`).
 * @example optim.warmupCosineDecaySchedule(0, 1e-3, 100, 1000)
 */
export function warmupCosineDecaySchedule(initValue: number, peakValue: number, warmupSteps: number, decaySteps: number, opts: { endValue?: number; exponent?: number } = {}): Schedule {
  const name = "optim.warmupCosineDecaySchedule";
  finite(name, "initValue", initValue), finite(name, "peakValue", peakValue), steps(name, "warmupSteps", warmupSteps, 0), steps(name, "decaySteps", decaySteps, 0);
  if (decaySteps <= warmupSteps) throw new RangeError(`${name}: decaySteps (${decaySteps}) must exceed warmupSteps (${warmupSteps}): it counts the warmup too`);
  const end = finite(name, "endValue", opts.endValue ?? 0);
  const alpha = peakValue === 0 ? 0 : end / peakValue;
  return joinSchedules([linearSchedule(initValue, peakValue, warmupSteps), cosineDecaySchedule(peakValue, decaySteps - warmupSteps, { alpha, exponent: opts.exponent ?? 1 })], [warmupSteps]);
}

/**
 * initValue times the product of the scales of every boundary the count has reached (count ≥ boundary)
 * (Optax's `piecewise_constant_schedule`). `boundariesAndScales` is an object `{ step: scale }`.
 * @example optim.piecewiseConstantSchedule(0.1, { 100: 0.1, 200: 0.1 }) // 0.1, then 0.01 from step 100, 0.001 from 200
 */
export function piecewiseConstantSchedule(initValue: number, boundariesAndScales: Record<number, number> = {}): Schedule {
  const name = "optim.piecewiseConstantSchedule";
  finite(name, "initValue", initValue);
  if (boundariesAndScales === null || typeof boundariesAndScales !== "object" || Array.isArray(boundariesAndScales) || boundariesAndScales instanceof NDArray)
    throw new TypeError(`${name}: boundariesAndScales must be an object { step: scale }, got ${boundariesAndScales instanceof NDArray ? "an array" : typeof boundariesAndScales}`);
  const pairs = Object.entries(boundariesAndScales).map(([k, s]): [number, number] => {
    const b = Number(k);
    if (!Number.isInteger(b) || b < 0) throw new RangeError(`${name}: boundary ${JSON.stringify(k)} must be a non-negative integer step`);
    if (typeof s !== "number" || !(s >= 0) || !Number.isFinite(s)) throw new RangeError(`${name}: the scale at step ${k} must be a finite number ≥ 0, got ${s}`);
    return [b, s];
  }).sort((p, q) => p[0] - q[0]);
  return (count) => {
    const c = asFloat(count);
    let v = np.fullLike(c, initValue);
    for (const [b, s] of pairs) v = np.where(np.less(c, b), v, np.multiply(v, s));
    return v;
  };
}
