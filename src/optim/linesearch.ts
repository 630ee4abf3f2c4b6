/**
 * @file Line searches as gradient transformations (Optax's scale_by_zoom_linesearch and
 * scale_by_backtracking_linesearch), each one lax.whileLoop, and valueAndGradFromState.
 */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import * as tree from "../public/tree.js";
import { whileLoop, cond } from "../public/lax.js";
import { valueAndGrad } from "../public/transforms.js";
import { type GradientTransformation, type UpdateExtras, transformation, arrayLeaves, checkTree, numberOption, isPlainObjectTree, treeVdot, commonFloat } from "./base.js";

/** State of a line search: the step taken, and f and ∇f at the new point (for {@link valueAndGradFromState}). */
export interface LinesearchState {
  learningRate: NDArray;
  value: NDArray;
  grad: any;
  info: { numLinesearchSteps: NDArray; failed: NDArray };
}

function initState(name: string, params: unknown, learningRate: number): LinesearchState {
  const [ls, def] = arrayLeaves(name, params, "params");
  const ft = commonFloat(ls);
  return {
    learningRate: np.array(learningRate, { dtype: ft }),
    value: np.array(Infinity, { dtype: ft }), // +∞: not computed yet (valueAndGradFromState computes it)
    grad: tree.unflatten(def, ls.map((l) => np.zerosLike(l))),
    info: { numLinesearchSteps: np.array(0, { dtype: "int32" }), failed: np.array(false) },
  };
}

/** The line search's inputs from `update`, checked: direction, params, f(x), ∇f(x), f. */
function inputs(name: string, updates: unknown, state: LinesearchState, params: unknown, extras: UpdateExtras | undefined) {
  if (params === undefined || extras === undefined || extras.value === undefined || extras.grad === undefined || typeof extras.valueFn !== "function")
    throw new TypeError(`${name}: update needs the params and { value, grad, valueFn }: update(updates, state, params, { value: f(params), grad: ∇f(params), valueFn: f })`);
  const [d, def] = arrayLeaves(name, updates, "updates");
  const x = checkTree(name, params, "params", updates, "updates");
  const g0 = checkTree(name, extras.grad, "grad", updates, "updates");
  const ft = state.value.dtype;
  const f0 = (np.asArray(extras.value) as NDArray).astype(ft);
  if (f0.shape.length !== 0) throw new TypeError(`${name}: value must be a scalar, got shape [${f0.shape}]`);
  const fn = extras.valueFn;
  const at = (t: NDArray) => tree.unflatten(def, x.map((xi, i) => np.add(xi, np.multiply(d[i], t.astype(xi.dtype)))));
  return { d, def, x, g0, f0, ft, fn, at, slope0: treeVdot(g0, d).astype(ft) };
}

/** t·d, leaf by leaf in each leaf's dtype. */
const scaled = (def: tree.TreeDef, d: NDArray[], t: NDArray) => tree.unflatten(def, d.map((v) => np.multiply(v, t.astype(v.dtype))));

/**
 * The minimizer of the cubic through (a, fa, da), (b, fb, db), kept at least 10 % of the interval away
 * from its ends; the midpoint when the cubic has no minimum there (Nocedal & Wright, eq. 3.59).
 */
function cubicStep(a: NDArray, fa: NDArray, da: NDArray, b: NDArray, fb: NDArray, db: NDArray): NDArray {
  const d1 = np.subtract(np.add(da, db), np.multiply(3, np.divide(np.subtract(fa, fb), np.subtract(a, b))));
  const rad = np.subtract(np.square(d1), np.multiply(da, db));
  const d2 = np.multiply(np.sign(np.subtract(b, a)), np.sqrt(np.maximum(rad, 0)));
  const t = np.subtract(b, np.multiply(np.subtract(b, a), np.divide(np.subtract(np.add(db, d2), d1), np.add(np.subtract(db, da), np.multiply(2, d2)))));
  const lo = np.minimum(a, b), hi = np.maximum(a, b), margin = np.multiply(0.1, np.subtract(hi, lo));
  const ok = np.logicalAnd(np.logicalAnd(np.greaterEqual(rad, 0), np.isfinite(t)), np.logicalAnd(np.greaterEqual(t, np.add(lo, margin)), np.lessEqual(t, np.subtract(hi, margin))));
  return np.where(ok, t, np.multiply(0.5, np.add(a, b)));
}

/** Options of {@link scaleByZoomLinesearch}. */
export interface ZoomOptions {
  /** Most trial steps (default 30; lbfgs uses 20). */
  maxLinesearchSteps?: number;
  /** c₁ of the sufficient-decrease (Armijo) condition f(x + t·d) ≤ f(x) + c₁·t·⟨∇f, d⟩ (default 1e-4). */
  slopeRtol?: number;
  /** c₂ of the strong curvature condition |⟨∇f(x + t·d), d⟩| ≤ c₂·|⟨∇f(x), d⟩| (default 0.9). */
  curvRtol?: number;
  /** First trial step: "one" (t = 1, the default) or "keep" (the previous step). */
  initialGuessStrategy?: "one" | "keep";
  /** Largest step tried while bracketing (default 128). */
  maxStepsize?: number;
}

/**
 * A line search for the strong Wolfe conditions (the semantics of Optax's `scale_by_zoom_linesearch`;
 * Nocedal & Wright's algorithms 3.5 and 3.6): doubling steps bracket an acceptable step, then cubic
 * interpolation with bisection safeguards zooms in. The updates are scaled by the step found; the state
 * keeps it with f and ∇f at the new point. On failure (no acceptable step within `maxLinesearchSteps`)
 * it takes the best step with sufficient decrease, or the last one tried, and sets `info.failed`; along a
 * direction that does not descend (⟨∇f, d⟩ ≥ 0, as at a stationary point) the step is 0 (`failed` if > 0).
 * NB: the algorithm is the textbook one (ours); Optax's own zoom differs in its safeguards and
 * approximate-Wolfe tolerances, so step sizes can differ slightly.
 * @example optim.chain(optim.scaleByLbfgs(), optim.scale(-1), optim.scaleByZoomLinesearch())
 */
export function scaleByZoomLinesearch(opts: ZoomOptions = {}): GradientTransformation<LinesearchState> {
  const name = "optim.scaleByZoomLinesearch";
  const maxSteps = numberOption(name, "maxLinesearchSteps", opts.maxLinesearchSteps ?? 30, 1);
  const c1 = numberOption(name, "slopeRtol", opts.slopeRtol ?? 1e-4, 0, false, 1);
  const c2 = numberOption(name, "curvRtol", opts.curvRtol ?? 0.9, c1, false, 1);
  const tMax = numberOption(name, "maxStepsize", opts.maxStepsize ?? 128, 0, false);
  const guess = opts.initialGuessStrategy ?? "one";
  if (guess !== "one" && guess !== "keep") throw new TypeError(`${name}: initialGuessStrategy must be "one" or "keep", got ${JSON.stringify(guess)}`);
  return transformation(name, (p) => initState(name, p, 1), (updates, state, params, extras) => {
    const { d, def, g0, f0, ft, fn, at, slope0 } = inputs(name, updates, state, params, extras);
    const vg = valueAndGrad(fn);
    const s = (v: number) => np.array(v, { dtype: ft });
    const t0 = guess === "one" ? s(1) : state.learningRate.astype(ft);
    type Carry = { i: NDArray; done: NDArray; hasHi: NDArray; tLo: NDArray; fLo: NDArray; dLo: NDArray; gLo: NDArray[]; tHi: NDArray; fHi: NDArray; dHi: NDArray; tCur: NDArray; fCur: NDArray; gCur: NDArray[] };
    const start: Carry = {
      // no descent along d (⟨∇f, d⟩ ≥ 0, e.g. ∇f = 0 at a minimum): no trial, the step is 0
      i: np.array(0, { dtype: "int32" }), done: np.greaterEqual(slope0, 0), hasHi: np.array(false),
      tLo: s(0), fLo: f0, dLo: slope0, gLo: g0, tHi: s(0), fHi: f0, dHi: slope0, tCur: s(0), fCur: f0, gCur: g0,
    };
    const out = whileLoop((c: Carry) => np.logicalAnd(np.logicalNot(c.done), np.less(c.i, maxSteps)), (c: Carry): Carry => {
      // the next trial: zoom between lo and hi, or grow the step while no upper end is known
      const grow = np.where(np.equal(c.tLo, 0), t0, np.minimum(np.multiply(c.tLo, 2), tMax));
      const t = np.where(c.hasHi, cubicStep(c.tLo, c.fLo, c.dLo, c.tHi, c.fHi, c.dHi), grow);
      const [fRaw, gTree] = vg(at(t));
      const f = (np.asArray(fRaw) as NDArray).astype(ft);
      const g = checkTree(name, gTree, "gradient of valueFn", updates, "updates");
      const slope = treeVdot(g, d).astype(ft);
      // A: no sufficient decrease (or no better than lo, or not finite) → the step is an upper end
      const A = np.logicalOr(np.logicalNot(np.lessEqual(f, np.add(f0, np.multiply(np.multiply(t, slope0), c1)))), np.greaterEqual(f, c.fLo));
      // B: sufficient decrease and the strong curvature condition → accept
      const B = np.logicalAnd(np.logicalNot(A), np.lessEqual(np.abs(slope), np.multiply(np.abs(slope0), c2)));
      // C: sufficient decrease, slope still steep: t becomes lo; the old lo becomes hi if the slope points back past it
      const flip = np.logicalAnd(np.logicalNot(np.logicalOr(A, B)), np.where(c.hasHi, np.greaterEqual(np.multiply(slope, np.subtract(c.tHi, c.tLo)), 0), np.greaterEqual(slope, 0)));
      const toLo = np.logicalNot(A);
      const pick = (w: NDArray, a: NDArray, b: NDArray) => np.where(w, a, b);
      return {
        i: np.add(c.i, 1), done: B, hasHi: np.logicalOr(c.hasHi, np.logicalOr(A, flip)),
        tLo: pick(toLo, t, c.tLo), fLo: pick(toLo, f, c.fLo), dLo: pick(toLo, slope, c.dLo), gLo: g.map((v, k) => pick(toLo, v, c.gLo[k])),
        tHi: pick(A, t, pick(flip, c.tLo, c.tHi)), fHi: pick(A, f, pick(flip, c.fLo, c.fHi)), dHi: pick(A, slope, pick(flip, c.dLo, c.dHi)),
        tCur: t, fCur: f, gCur: g,
      };
    }, start);
    // accepted: lo (= the accepted step); exhausted: lo if it moved, else the last step tried
    const useLo = np.greater(out.tLo, 0);
    const t = np.where(useLo, out.tLo, out.tCur);
    const next: LinesearchState = {
      learningRate: t,
      value: np.where(useLo, out.fLo, out.fCur),
      grad: tree.unflatten(def, out.gLo.map((v, k) => np.where(useLo, v, out.gCur[k]))),
      info: { numLinesearchSteps: out.i, failed: np.logicalOr(np.logicalNot(out.done), np.greater(slope0, 0)) },
    };
    return [scaled(def, d, t), next];
  });
}

/** Options of {@link scaleByBacktrackingLinesearch}. */
export interface BacktrackingOptions {
  /** Most trial steps (default 15). */
  maxBacktrackingSteps?: number;
  /** c₁ of the sufficient-decrease condition (default 1e-4). */
  slopeRtol?: number;
  /** Factor shrinking the step after a rejected trial (default 0.8). */
  decreaseFactor?: number;
  /** Factor growing the previous step to start the next search (default 1.5). */
  increaseFactor?: number;
  /** Largest step (default 1). */
  maxLearningRate?: number;
}

/**
 * A backtracking line search for the Armijo condition f(x + t·d) ≤ f(x) + c₁·t·⟨∇f(x), d⟩ (the semantics
 * of Optax's `scale_by_backtracking_linesearch`): start at min(previous step · increaseFactor, maxLearningRate),
 * shrink by decreaseFactor until the condition holds. It evaluates f only in the loop, then f and ∇f once at
 * the new point (kept in the state for {@link valueAndGradFromState}).
 * @example optim.chain(optim.sgd(1), optim.scaleByBacktrackingLinesearch())
 */
export function scaleByBacktrackingLinesearch(opts: BacktrackingOptions = {}): GradientTransformation<LinesearchState> {
  const name = "optim.scaleByBacktrackingLinesearch";
  const maxSteps = numberOption(name, "maxBacktrackingSteps", opts.maxBacktrackingSteps ?? 15, 1);
  const c1 = numberOption(name, "slopeRtol", opts.slopeRtol ?? 1e-4, 0, false, 1);
  const dec = numberOption(name, "decreaseFactor", opts.decreaseFactor ?? 0.8, 0, false, 1);
  const inc = numberOption(name, "increaseFactor", opts.increaseFactor ?? 1.5, 1);
  const tMax = numberOption(name, "maxLearningRate", opts.maxLearningRate ?? 1, 0, false);
  return transformation(name, (p) => initState(name, p, tMax / inc), (updates, state, params, extras) => {
    const { d, def, f0, ft, fn, at, slope0 } = inputs(name, updates, state, params, extras);
    const t0 = np.minimum(np.multiply(state.learningRate.astype(ft), inc), tMax);
    type Carry = { i: NDArray; ok: NDArray; t: NDArray };
    const armijo = (t: NDArray) => {
      const f = (np.asArray(fn(at(t))) as NDArray).astype(ft);
      return np.lessEqual(f, np.add(f0, np.multiply(np.multiply(t, slope0), c1)));
    };
    const out = whileLoop((c: Carry) => np.logicalAnd(np.logicalNot(c.ok), np.less(c.i, maxSteps)), (c: Carry): Carry => {
      const t = np.where(np.equal(c.i, 0), c.t, np.multiply(c.t, dec));
      return { i: np.add(c.i, 1), ok: armijo(t), t };
    }, { i: np.array(0, { dtype: "int32" }), ok: np.array(false), t: t0 });
    const [f, g] = valueAndGrad(fn)(at(out.t));
    const next: LinesearchState = {
      learningRate: out.t,
      value: (np.asArray(f) as NDArray).astype(ft),
      grad: tree.unflatten(def, checkTree(name, g, "gradient of valueFn", updates, "updates")),
      info: { numLinesearchSteps: out.i, failed: np.logicalNot(out.ok) },
    };
    return [scaled(def, d, out.t), next];
  });
}

/** The line-search state inside an optimizer's state (an object with value, grad, learningRate and info). */
function findLinesearchState(state: unknown): LinesearchState | undefined {
  if (Array.isArray(state)) {
    for (const s of state) {
      const r = findLinesearchState(s);
      if (r) return r;
    }
  } else if (isPlainObjectTree(state)) {
    if ("value" in state && "grad" in state && "learningRate" in state && "info" in state) return state as unknown as LinesearchState;
    for (const v of Object.values(state)) {
      const r = findLinesearchState(v);
      if (r) return r;
    }
  }
  return undefined;
}

/**
 * `fn`'s value and gradient at `params`, taken from the line search's state when it already computed
 * them at these params (after the first step), computed otherwise (Optax's `value_and_grad_from_state`).
 * Works under jit (a lax.cond on the stored value being +∞).
 * @example const vg = optim.valueAndGradFromState(f); const [value, grad] = vg(params, state);
 */
export function valueAndGradFromState<P>(fn: (params: P) => NDArray): (params: P, state: unknown) => [NDArray, P] {
  const name = "optim.valueAndGradFromState";
  if (typeof fn !== "function") throw new TypeError(`${name}: fn must be a function params → scalar, got ${typeof fn}`);
  const vg = valueAndGrad(fn as (p: any) => NDArray);
  return (params: P, state: unknown): [NDArray, P] => {
    const ls = findLinesearchState(state);
    if (ls === undefined) throw new TypeError(`${name}: the state holds no line-search state { value, grad, learningRate, info } (use the state of optim.lbfgs or of a chain with a line search)`);
    checkTree(name, ls.grad, "state's grad", params, "params");
    const ft = ls.value.dtype;
    const [v, g] = cond(np.isinf(ls.value), (p: P) => {
      const [f, gr] = vg(p as any) as [NDArray, P];
      return [(np.asArray(f) as NDArray).astype(ft), gr];
    }, (_p: P, v: NDArray, g: P) => [v, g], params, ls.value, ls.grad) as [NDArray, P];
    return [v, g];
  };
}
