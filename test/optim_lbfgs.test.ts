/**
 * @file optim.lbfgs and the line searches: a fixed-step trajectory against a NumPy two-loop L-BFGS
 * (computed offline), hand-computed line-search steps, Rosenbrock to 1e-8 in < 100 iterations under
 * jit (zoom and backtracking), jit = eager, float32, valueAndGradFromState, errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, optim, jit, grad, valueAndGrad, NDArray, type NestedArray } from "../src/index.js";
import type { GradientTransformation } from "../src/optim/index.js";
import { close } from "./util.js";

const f64 = (v: NestedArray) => np.array(v, { dtype: "float64" });
const a = f64([1, 2, 3]);
/** f(w) = Σ ½aw² + sin w (strictly convex for these a). */
const f = (w: NDArray) => np.sum(np.add(np.multiply(np.multiply(a, np.square(w)), 0.5), np.sin(w)));
const rosen = (p: NDArray) => {
  const x = np.getItem(p, 0), y = np.getItem(p, 1);
  return np.add(np.square(np.subtract(1, x)), np.multiply(100, np.square(np.subtract(y, np.square(x)))));
};

/** A jitted L-BFGS step: the value and gradient from the state, update, apply. */
function stepper(opt: GradientTransformation, fn: (x: NDArray) => NDArray) {
  const vg = optim.valueAndGradFromState(fn);
  return (x: NDArray, state: unknown): [NDArray, any, NDArray] => {
    const [value, g] = vg(x, state);
    const [u, s] = opt.update(g, state, x, { value, grad: g, valueFn: fn });
    return [optim.applyUpdates(x, u), s, value];
  };
}

test("lbfgs: with a fixed step and no line search, the iterates match a NumPy two-loop L-BFGS (memory 2, ring buffer wrapping)", () => {
  const opt = optim.lbfgs({ learningRate: 0.5, memorySize: 2, linesearch: null });
  let w = f64([1, -0.5, 2]), s = opt.init(w);
  const seen: NDArray[] = [];
  for (let k = 0; k < 8; k++) {
    const [u, s2] = opt.update(grad(f)(w), s, w);
    [w, s] = [optim.applyUpdates(w, u), s2];
    seen.push(w);
  }
  // step 1 by hand: −0.5·min(1, 1/‖g‖)·g, g = a·w + cos w
  const g0 = [1 + Math.cos(1), -1 + Math.cos(-0.5), 6 + Math.cos(2)], n0 = Math.hypot(...g0);
  close(seen[0], [1, -0.5, 2].map((v, i) => v - (0.5 * g0[i]) / n0), 1e-14);
  close(seen[0], [0.8670708778790444, -0.48943529298228405, 1.5181097267449966], 1e-14);
  close(seen[1], [0.16165076867272443, -0.46984678598403207, 0.29766603999504815], 1e-13);
  close(seen[7], [-0.729761071820348, -0.4503619300018587, -0.3149458126076663], 1e-12);
});

test("lbfgs: the second direction equals the one-pair BFGS inverse applied to the gradient (hand-computed)", () => {
  // on a quadratic ½xᵀAx the pair is s = x₁ − x₀, y = A·s; H = (I − ρsyᵀ)·γI·(I − ρysᵀ) + ρssᵀ
  const A = [[4, 1], [1, 2]];
  const q = (x: NDArray) => np.multiply(0.5, np.dot(x, np.matmul(f64(A), x)));
  const opt = optim.chain(optim.scaleByLbfgs({ memorySize: 5 }), optim.scale(-0.1));
  let x = f64([1, 1]), st = opt.init(x);
  const [u0, st1] = opt.update(grad(q)(x), st, x);
  const x1 = optim.applyUpdates(x, u0);
  const [u1] = opt.update(grad(q)(x1), st1, x1);
  const X0 = [1, 1], X1 = x1.toArray() as number[];
  const mv = (M: number[][], v: number[]) => M.map((r) => r[0] * v[0] + r[1] * v[1]);
  const dot = (p: number[], r: number[]) => p[0] * r[0] + p[1] * r[1];
  const s = [X1[0] - X0[0], X1[1] - X0[1]], y = mv(A, s), rho = 1 / dot(s, y), gamma = dot(s, y) / dot(y, y);
  const g1 = mv(A, X1);
  // two-loop by hand with one pair
  const alpha = rho * dot(s, g1);
  const qv = [g1[0] - alpha * y[0], g1[1] - alpha * y[1]];
  const r = qv.map((v) => gamma * v);
  const beta = rho * dot(y, r);
  const Hg = [r[0] + (alpha - beta) * s[0], r[1] + (alpha - beta) * s[1]];
  close(u1, Hg.map((v) => -0.1 * v), 1e-14);
  // the same as the matrix form
  const I = [[1, 0], [0, 1]];
  const outer = (p: number[], r2: number[]) => p.map((pi) => r2.map((rj) => pi * rj));
  const sub = (P: number[][], Q: number[][]) => P.map((row, i) => row.map((v, j) => v - Q[i][j]));
  const mm = (P: number[][], Q: number[][]) => P.map((row) => Q[0].map((_, j) => row[0] * Q[0][j] + row[1] * Q[1][j]));
  const L = sub(I, outer(s, y).map((row) => row.map((v) => rho * v))), R = sub(I, outer(y, s).map((row) => row.map((v) => rho * v)));
  const H = mm(mm(L, I.map((row) => row.map((v) => gamma * v))), R).map((row, i) => row.map((v, j) => v + rho * s[i] * s[j]));
  close(u1, mv(H, g1).map((v) => -0.1 * v), 1e-14);
});

test("line searches: hand-computed steps on f(x) = (x − 3)² from 0 along d = 10", () => {
  const g = (x: NDArray) => np.sum(np.square(np.subtract(x, 3)));
  const x = f64([0]), d = f64([10]);
  const [value, gr] = valueAndGrad(g)(x);
  // zoom: t = 1 overshoots (f = 49 > 9), the cubic through (0, 9, −60) and (1, 49, 140) is exact: t = 0.3, slope 0
  const zoom = optim.scaleByZoomLinesearch();
  const [u, s] = zoom.update(d, zoom.init(x), x, { value, grad: gr, valueFn: g });
  close(u, [3], 1e-12);
  close(s.learningRate, 0.3, 1e-12), close(s.value, 0, 1e-12), close(s.grad, [0], 1e-10);
  assert.equal(s.info.numLinesearchSteps.toArray(), 2), assert.equal(s.info.failed.toArray(), false);
  // backtracking: 1, 0.8, 0.64 fail (f = 49, 25, 11.56); 0.512 gives 4.4944 ≤ 9 − 1e-4·0.512·60
  const bt = optim.scaleByBacktrackingLinesearch();
  const [ub, sb] = bt.update(d, bt.init(x), x, { value, grad: gr, valueFn: g });
  close(ub, [5.12], 1e-12);
  close(sb.value, 4.4944, 1e-12), close(sb.grad, [4.24], 1e-12);
  assert.equal(sb.info.numLinesearchSteps.toArray(), 4);
  // a descent direction of unit slope is accepted at once when the curvature condition holds: d = 1, t = 1
  const [u1, s1] = zoom.update(f64([1]), zoom.init(x), x, { value, grad: gr, valueFn: g });
  close(u1, [1], 0), assert.equal(s1.info.numLinesearchSteps.toArray(), 1);
  // at the minimum (∇f = 0) no trial is made and the step is 0; along an ascent direction too, flagged as failed
  const x3 = f64([3]), [v3, g3] = valueAndGrad(g)(x3);
  const [u3, s3] = zoom.update(f64([1]), zoom.init(x3), x3, { value: v3, grad: g3, valueFn: g });
  close(u3, [0], 0), assert.equal(s3.info.numLinesearchSteps.toArray(), 0), assert.equal(s3.info.failed.toArray(), false);
  const [u4, s4] = zoom.update(f64([-1]), zoom.init(x), x, { value, grad: gr, valueFn: g });
  close(u4, [-0], 0), assert.equal(s4.info.failed.toArray(), true);
});

for (const linesearch of ["zoom", "backtracking"] as const) {
  test(`lbfgs (${linesearch}): Rosenbrock from (−1.2, 1) to 1e-8 in fewer than 100 iterations, each a jitted step`, () => {
    const opt = optim.lbfgs({ linesearch });
    const step = jit(stepper(opt, rosen));
    let x = f64([-1.2, 1]), state: any = opt.init(x), iters = 0;
    while (iters < 100 && !(Math.abs((x.toArray() as number[])[0] - 1) < 1e-8 && Math.abs((x.toArray() as number[])[1] - 1) < 1e-8)) {
      [x, state] = step(x, state);
      iters++;
    }
    assert.ok(iters < 100, `${iters} iterations, x = ${x}`);
    close(x, [1, 1], 1e-8);
    if (linesearch === "zoom") assert.ok(iters <= 45, `${iters} iterations`);
  });
}

test("lbfgs: a jitted step equals the eager step; float32 params stay float32", () => {
  const opt = optim.lbfgs({ memorySize: 3 });
  const eager = stepper(opt, f), jitted = jit(stepper(opt, f));
  let xe = f64([1, -0.5, 2]), se: any = opt.init(xe), xj = xe, sj: any = se;
  for (let k = 0; k < 12; k++) {
    [xe, se] = eager(xe, se);
    [xj, sj] = jitted(xj, sj);
    close(xj, xe.toArray() as number[], 1e-12);
  }
  close(grad(f)(xe), [0, 0, 0], 1e-8);
  // float32: the minimizer of f to float32 accuracy (a float32 value and state)
  const a32 = a.astype("float32");
  const f32 = (w: NDArray) => np.sum(np.add(np.multiply(np.multiply(a32, np.square(w)), 0.5), np.sin(w)));
  let x = np.array([1, -0.5, 2], { dtype: "float32" }), s: any = opt.init(x);
  const st = jit(stepper(opt, f32));
  for (let k = 0; k < 20; k++) [x, s] = st(x, s);
  assert.equal(x.dtype, "float32");
  assert.equal(s[2].value.dtype, "float32");
  // the gradient is as small as float32 values of f can resolve (f − f* ~ 1e-7·|f|), x near the float64 minimizer
  close(grad(f32)(x), [0, 0, 0], 1e-4);
  close(x, xe.toArray() as number[], 1e-5);
});

test("lbfgs: valueAndGradFromState computes f and ∇f at the start, then returns the line search's values at the new point", () => {
  const opt = optim.lbfgs();
  const vg = optim.valueAndGradFromState(f);
  const x0 = f64([1, -0.5, 2]);
  let state: any = opt.init(x0);
  const [v0, g0] = vg(x0, state);
  close(v0, f(x0).toArray() as number, 1e-15), close(g0, grad(f)(x0).toArray() as number[], 1e-15);
  const [u, s1] = opt.update(g0, state, x0, { value: v0, grad: g0, valueFn: f });
  const x1 = optim.applyUpdates(x0, u);
  state = s1;
  const [v1, g1] = vg(x1, state);
  close(v1, f(x1).toArray() as number, 1e-14), close(g1, grad(f)(x1).toArray() as number[], 1e-14);
  // the values are the stored ones
  assert.equal(v1.toArray(), state[2].value.toArray());
});

test("lbfgs: missing line-search arguments, bad options and foreign states are clear errors", () => {
  const opt = optim.lbfgs();
  const x = f64([1, 2]);
  const s = opt.init(x);
  assert.throws(() => opt.update(x, s, x), /optim\.scaleByZoomLinesearch: update needs the params and \{ value, grad, valueFn \}/);
  assert.throws(() => optim.lbfgs({ linesearch: "wolfe" as any }), /optim\.lbfgs: linesearch must be "zoom", "backtracking", null or a line-search transformation, got "wolfe"/);
  assert.throws(() => optim.lbfgs({ memorySize: 0 }), /optim\.scaleByLbfgs: memorySize must be a number ≥ 1, got 0/);
  assert.throws(() => (optim as any).lbfgs({ memory: 5 }), /optim\.lbfgs: unknown option "memory"; expected one of: learningRate, memorySize, scaleInitPrecond, linesearch/);
  assert.throws(() => optim.scaleByZoomLinesearch({ curvRtol: 1e-5 }), /optim\.scaleByZoomLinesearch: curvRtol must be a number > 0\.0001/);
  assert.throws(() => optim.valueAndGradFromState(f)(x, optim.adam(0.1).init(x)), /optim\.valueAndGradFromState: the state holds no line-search state/);
  assert.throws(() => opt.update(f64([1, 2, 3]), s, x, { value: f64(0), grad: x, valueFn: rosen }), /optim\.scaleByLbfgs: leaf 0 of the params has shape \[2\], but the updates' leaf has shape \[3\]/);
  assert.throws(() => optim.scaleByLbfgs().update(x, optim.scaleByLbfgs().init(x)), /optim\.scaleByLbfgs: update needs the params/);
});
