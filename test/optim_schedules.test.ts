/**
 * @file optim's schedules: values at chosen steps against a NumPy re-implementation of Optax's
 * formulas (computed offline), eager, under jit (a traced int32 count) and vmap, in float32 and
 * float64; the short names; a schedule as a learning rate; errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, optim, jit, vmap, NDArray, setDefaultFloat, getDefaultFloat } from "../src/index.js";
import type { Schedule } from "../src/optim/index.js";
import { close } from "./util.js";

const STEPS = [0, 1, 5, 10, 15, 30, 100];
/** close() for a list of numbers. */
const closeList = (got: number[], want: number[], tol: number) => close(np.array(got, { dtype: "float64" }), want, tol);
const at = (s: Schedule, c: number) => s(np.array(c, { dtype: "int32" }));

/** [what, schedule, values at STEPS] (Optax's formulas in NumPy, float64). */
const cases = (): [string, Schedule, number[]][] => [
  ["linear 1→0.1 over 20 from 5", optim.linearSchedule(1, 0.1, 20, { transitionBegin: 5 }), [1.0, 1.0, 1.0, 0.775, 0.55, 0.1, 0.1]],
  ["exp 2, 10, 0.5", optim.exponentialDecay(2, 10, 0.5), [2.0, 1.8660659830736148, 1.4142135623730951, 1.0, 0.7071067811865476, 0.25, 0.001953125]],
  ["exp staircase from 3, end 0.3", optim.exponentialDecay(2, 10, 0.5, { transitionBegin: 3, staircase: true, endValue: 0.3 }), [2.0, 2.0, 2.0, 2.0, 1.0, 0.5, 0.3]],
  ["exp growing to 5", optim.exponentialDecay(1, 10, 2, { endValue: 5 }), [1.0, 1.0717734625362931, 1.4142135623730951, 2.0, 2.8284271247461903, 5.0, 5.0]],
  ["cosine 1 over 30", optim.cosineDecaySchedule(1, 30), [1.0, 0.9972609476841366, 0.9330127018922193, 0.75, 0.5, 0, 0]],
  ["cosine alpha 0.1 exponent 2", optim.cosineDecaySchedule(1, 30, { alpha: 0.1, exponent: 2 }), [1.0, 0.9950764579982762, 0.8834614317029974, 0.60625, 0.325, 0.1, 0.1]],
  ["warmup cosine 0→1 (10), →0.05 at 100", optim.warmupCosineDecaySchedule(0, 1, 10, 100, { endValue: 0.05 }), [0.0, 0.1, 0.5, 1.0, 0.9927836826807989, 0.8888711104815147, 0.05]],
  ["piecewise 0.5 {5: 0.5, 10: 0.1}", optim.piecewiseConstantSchedule(0.5, { 10: 0.1, 5: 0.5 }), [0.5, 0.5, 0.25, 0.025, 0.025, 0.025, 0.025]],
  ["join linear and cosine at 10", optim.joinSchedules([optim.linearSchedule(0, 1, 10), optim.cosineDecaySchedule(1, 20)], [10]), [0.0, 0.1, 0.5, 1.0, 0.8535533905932738, 0, 0]],
  ["constant", optim.constantSchedule(0.3), STEPS.map(() => 0.3)],
];

for (const dtype of ["float32", "float64"] as const) {
  test(`schedules (${dtype}): values at steps ${STEPS} eager, under jit and under vmap`, () => {
    const saved = getDefaultFloat();
    setDefaultFloat(dtype);
    try {
      const tol = dtype === "float32" ? 1e-6 : 1e-14;
      for (const [what, s, want] of cases()) {
        const eager = STEPS.map((c) => {
          const v = at(s, c) as NDArray;
          assert.equal(v.dtype, dtype, what);
          assert.deepEqual(v.shape, [], what);
          return v.toArray() as number;
        });
        closeList(eager, want, tol);
        const js = jit((c: NDArray) => s(c) as NDArray);
        closeList(STEPS.map((c) => js(np.array(c, { dtype: "int32" })).toArray() as number), want, tol);
        close(vmap((c: NDArray) => s(c) as NDArray)(np.array(STEPS, { dtype: "int32" })), want, tol);
      }
    } finally {
      setDefaultFloat(saved);
    }
  });
}

test("schedules: the short names of issue 11 are the same functions as Optax's names", () => {
  const pairs: [Schedule, Schedule][] = [
    [optim.constant(2), optim.constantSchedule(2)],
    [optim.linear(1, 0, 10), optim.linearSchedule(1, 0, 10)],
    [optim.cosineDecay(1, 10, { alpha: 0.2 }), optim.cosineDecaySchedule(1, 10, { alpha: 0.2 })],
    [optim.warmupCosineDecay(0, 1, 3, 10), optim.warmupCosineDecaySchedule(0, 1, 3, 10)],
    [optim.piecewiseConstant(1, { 2: 0.5 }), optim.piecewiseConstantSchedule(1, { 2: 0.5 })],
  ];
  for (const [a, b] of pairs) for (const c of [0, 2, 4, 7, 12]) assert.equal((at(a, c) as NDArray).toArray(), (at(b, c) as NDArray).toArray());
});

test("schedules: a schedule as the learning rate is read at the step count (sgd: −lr(t)·g)", () => {
  const opt = optim.sgd(optim.piecewiseConstant(1, { 1: 0.5, 2: 0.1 }));
  let p = np.array([0], { dtype: "float64" }), s = opt.init(p);
  const g = np.array([1], { dtype: "float64" });
  const seen: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [u, s2] = opt.update(g, s, p);
    seen.push((u.toArray() as number[])[0]);
    [p, s] = [optim.applyUpdates(p, u), s2];
  }
  closeList(seen, [-1, -0.5, -0.05, -0.05], 1e-7);
  // a user schedule returning plain numbers works too
  const opt2 = optim.adam((count: NDArray) => np.divide(1, np.add(count.astype("float32"), 1)));
  const [u] = opt2.update(g, opt2.init(p));
  close(u, [-1], 1e-7);
});

test("schedules: bad arguments are clear errors naming the schedule", () => {
  assert.throws(() => optim.cosineDecaySchedule(1, 0), /optim\.cosineDecaySchedule: decaySteps must be positive, got 0/);
  assert.throws(() => optim.exponentialDecay(1, 10, -0.5), /optim\.exponentialDecay: decayRate must be a number ≥ 0, got -0\.5/);
  assert.throws(() => optim.exponentialDecay(1, 2.5, 0.5), /optim\.exponentialDecay: transitionSteps must be an integer, got 2\.5/);
  assert.throws(() => optim.warmupCosineDecaySchedule(0, 1, 10, 10), /optim\.warmupCosineDecaySchedule: decaySteps \(10\) must exceed warmupSteps \(10\)/);
  assert.throws(() => optim.piecewiseConstantSchedule(1, { 5: -1 }), /optim\.piecewiseConstantSchedule: the scale at step 5 must be a finite number ≥ 0, got -1/);
  assert.throws(() => optim.piecewiseConstantSchedule(1, { x: 1 } as any), /optim\.piecewiseConstantSchedule: boundary "x" must be a non-negative integer step/);
  assert.throws(() => optim.joinSchedules([optim.constant(1), optim.constant(2)], []), /optim\.joinSchedules: expected 1 boundaries for 2 schedules, got 0/);
  assert.throws(() => optim.linearSchedule(1, "0" as any, 3), /optim\.linearSchedule: endValue must be a finite number, got "0"/);
  assert.throws(() => (optim as any).exponentialDecay(1, 10, 0.5, { stairs: true }), /optim\.exponentialDecay: unknown option "stairs"; expected one of: transitionBegin, staircase, endValue/);
  // the degenerate cases Optax allows: no transition → the initial value
  close(at(optim.linearSchedule(3, 1, 0), 5) as NDArray, 3, 0);
  close(at(optim.exponentialDecay(3, 0, 0.5), 5) as NDArray, 3, 0);
});
