/** @file L-BFGS (Optax's scale_by_lbfgs and lbfgs): the two-loop recursion on a ring buffer of (s, y) pairs, chained with a line search. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import * as tree from "../public/tree.js";
import { scan } from "../public/lax.js";
import {
  type GradientTransformation, type ScalarOrSchedule, transformation, namedChain, identity, arrayLeaves, checkTree, floatLeaf,
  zeroCount, incrementCount, numberOption, boolOption, treeVdot, commonFloat,
} from "./base.js";
import { scale, scaleByLearningRate } from "./transforms.js";
import { scaleByZoomLinesearch, scaleByBacktrackingLinesearch } from "./linesearch.js";

/** State of {@link scaleByLbfgs}: the previous params and updates, and the last `memorySize` differences. */
export interface LbfgsState {
  count: NDArray;
  params: any;
  updates: any;
  diffParamsMemory: any;
  diffUpdatesMemory: any;
  weightsMemory: NDArray;
}

/**
 * L-BFGS's preconditioning (Optax's `scale_by_lbfgs`): stores sₖ = xₖ − xₖ₋₁ and yₖ = gₖ − gₖ₋₁ of the
 * last `memorySize` (default 10) steps and returns H·g, H the L-BFGS inverse-Hessian approximation
 * applied by the two-loop recursion (pairs with ⟨s, y⟩ ≤ 0 skipped), its initial scaling γ = ⟨s, y⟩/⟨y, y⟩ (`scaleInitPrecond`,
 * default true; min(1, 1/‖g‖) at the first step). Needs `params` in `update`. Chain it with a sign
 * flip and a line search, as {@link lbfgs} does.
 * @example const opt = optim.chain(optim.scaleByLbfgs(), optim.scale(-1));
 */
export function scaleByLbfgs(opts: { memorySize?: number; scaleInitPrecond?: boolean } = {}): GradientTransformation<LbfgsState> {
  const name = "optim.scaleByLbfgs";
  const m = numberOption(name, "memorySize", opts.memorySize ?? 10, 1);
  if (!Number.isInteger(m)) throw new RangeError(`${name}: memorySize must be an integer ≥ 1, got ${m}`);
  const scaleInit = boolOption(name, "scaleInitPrecond", opts.scaleInitPrecond ?? true);
  const init = (params: unknown): LbfgsState => {
    const [ls, def] = arrayLeaves(name, params, "params");
    ls.forEach((l) => floatLeaf(name, l, "params"));
    const mem = () => tree.unflatten(def, ls.map((l) => np.zeros([m, ...l.shape], { dtype: l.dtype })));
    return {
      count: zeroCount(),
      params: tree.unflatten(def, ls.map((l) => np.zerosLike(l))),
      updates: tree.unflatten(def, ls.map((l) => np.zerosLike(l))),
      diffParamsMemory: mem(),
      diffUpdatesMemory: mem(),
      weightsMemory: np.zeros([m], { dtype: commonFloat(ls) }),
    };
  };
  const update = (updates: unknown, state: LbfgsState, params?: unknown): [unknown, LbfgsState] => {
    if (params === undefined) throw new TypeError(`${name}: update needs the params (update(grads, state, params, …))`);
    const [gs, def] = arrayLeaves(name, updates, "updates");
    const xs = checkTree(name, params, "params", updates, "updates");
    const px = checkTree(name, state.params, "state's params", updates, "updates");
    const pg = checkTree(name, state.updates, "state's updates", updates, "updates");
    const S = tree.leaves(state.diffParamsMemory) as NDArray[], Y = tree.leaves(state.diffUpdatesMemory) as NDArray[];
    const rho = state.weightsMemory, count = state.count, ft = rho.dtype;
    // 1. store s = x − x_prev, y = g − g_prev and ρ = 1/⟨s, y⟩ in slot (count − 1) mod m, from the second step on
    const s = xs.map((x, i) => np.subtract(x, px[i])), y = gs.map((g, i) => np.subtract(g, pg[i]));
    const sy = treeVdot(y, s).astype(ft);
    const weight = np.where(np.equal(sy, 0), 0, np.divide(1, sy));
    // NB: a pair with ⟨s, y⟩ ≤ 0 (possible after a step without the curvature condition, e.g. backtracking) is
    // skipped, keeping H positive definite; Optax stores it. With the zoom line search ⟨s, y⟩ > 0 always.
    const keep = np.logicalAnd(np.greater(count, 0), np.greater(sy, 0));
    const slot = np.logicalAnd(np.equal(np.arange(m), np.remainder(np.add(count, m - 1), m)), keep);
    const put = (mem: NDArray, v: NDArray) => np.where(np.reshape(slot, [m, ...v.shape.map(() => 1)]), np.expandDims(v, 0), mem);
    const S2 = S.map((mem, i) => put(mem, s[i])), Y2 = Y.map((mem, i) => put(mem, y[i]));
    const rho2 = np.where(slot, weight, rho);
    // 2. γ: ⟨s, y⟩/⟨y, y⟩ (1 where y = 0); at the first step min(1, 1/‖g‖) as SciPy
    let gamma: NDArray = np.ones([], { dtype: ft });
    if (scaleInit) {
      const yy = treeVdot(y, y).astype(ft);
      const later = np.where(np.logicalAnd(np.greater(yy, 0), np.greater(sy, 0)), np.divide(sy, yy), 1);
      const first = np.minimum(1, np.divide(1, np.sqrt(treeVdot(gs, gs).astype(ft))));
      gamma = np.where(np.greater(count, 0), later, first);
    }
    // 3. the two-loop recursion over the slots from oldest to newest: (count + k) mod m, k = 0…m−1
    const order = np.remainder(np.add(np.arange(m), count), m);
    const mem = { s: S2.map((a) => np.take(a, order, 0)), y: Y2.map((a) => np.take(a, order, 0)), rho: np.take(rho2, order, 0) };
    const axpy = (a: NDArray, xsv: NDArray[], ys: NDArray[]) => ys.map((v, i) => np.add(v, np.multiply(xsv[i], a.astype(v.dtype))));
    // newest to oldest: αᵢ = ρᵢ⟨sᵢ, q⟩, q ← q − αᵢ yᵢ
    const [q, alphas] = scan((q: NDArray[], k: { s: NDArray[]; y: NDArray[]; rho: NDArray }) => {
      const alpha = np.multiply(k.rho, treeVdot(k.s, q).astype(ft));
      return [axpy(np.negative(alpha), k.y, q), alpha];
    }, gs, mem, { reverse: true });
    const r0 = q.map((v) => np.multiply(v, gamma.astype(v.dtype)));
    // oldest to newest: βᵢ = ρᵢ⟨yᵢ, r⟩, r ← r + (αᵢ − βᵢ) sᵢ
    const [r] = scan((r: NDArray[], k: { s: NDArray[]; y: NDArray[]; rho: NDArray; alpha: NDArray }) => {
      const beta = np.multiply(k.rho, treeVdot(k.y, r).astype(ft));
      return [axpy(np.subtract(k.alpha, beta), k.s, r), null];
    }, r0, { ...mem, alpha: alphas });
    const next: LbfgsState = {
      count: incrementCount(count),
      params: tree.unflatten(def, xs),
      updates: tree.unflatten(def, gs),
      diffParamsMemory: tree.unflatten(def, S2),
      diffUpdatesMemory: tree.unflatten(def, Y2),
      weightsMemory: rho2,
    };
    return [tree.unflatten(def, r), next];
  };
  return transformation(name, init, update);
}

/** Options of {@link lbfgs}. */
export interface LbfgsOptions {
  /** A fixed step size (or schedule) instead of −1 before the line search (default: none, the line search sets the step). */
  learningRate?: ScalarOrSchedule;
  /** Number of (s, y) pairs kept (default 10). */
  memorySize?: number;
  /** Scale the initial inverse Hessian by ⟨s, y⟩/⟨y, y⟩ (default true). */
  scaleInitPrecond?: boolean;
  /** "zoom" (strong Wolfe, the default), "backtracking" (Armijo), null (no line search) or a line-search transformation. */
  linesearch?: "zoom" | "backtracking" | null | GradientTransformation;
}

/**
 * L-BFGS for full-batch problems (Optax's `lbfgs`): chain(scaleByLbfgs, scale(−1) or
 * scaleByLearningRate(learningRate), line search). The line search needs the objective: call
 * `update(grads, state, params, { value, grad, valueFn })`; {@link valueAndGradFromState} reuses the
 * value and gradient the line search computed at the new point. Everything runs under `jit`.
 * @example
 * const opt = optim.lbfgs();
 * const vg = optim.valueAndGradFromState(f);
 * let state = opt.init(x);
 * for (let i = 0; i < 50; i++) {
 *   const [value, grad] = vg(x, state);
 *   const [u, s] = opt.update(grad, state, x, { value, grad, valueFn: f });
 *   [x, state] = [optim.applyUpdates(x, u), s];
 * }
 */
export function lbfgs(opts: LbfgsOptions = {}): GradientTransformation {
  const { learningRate, memorySize, scaleInitPrecond, linesearch = "zoom" } = opts;
  const ls = linesearch === "zoom" ? scaleByZoomLinesearch({ maxLinesearchSteps: 20 })
    : linesearch === "backtracking" ? scaleByBacktrackingLinesearch({ maxBacktrackingSteps: 20 })
    : linesearch === null ? identity()
    : typeof linesearch === "object" && typeof linesearch.init === "function" && typeof linesearch.update === "function" ? linesearch
    : (() => {
      throw new TypeError(`optim.lbfgs: linesearch must be "zoom", "backtracking", null or a line-search transformation, got ${JSON.stringify(linesearch) ?? typeof linesearch}`);
    })();
  return namedChain("optim.lbfgs", [scaleByLbfgs({ memorySize, scaleInitPrecond }), learningRate === undefined ? scale(-1) : scaleByLearningRate(learningRate), ls]);
}
