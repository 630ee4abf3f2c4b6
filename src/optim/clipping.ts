/** @file Gradient clipping (Optax's): globalNorm, clipByGlobalNorm, clip. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { type GradientTransformation, transformation, mapLeaves, arrayLeaves, numberOption } from "./base.js";

/**
 * The L2 norm of all leaves together: √(Σ over leaves of Σ x²) (Optax's `global_norm`), a scalar of
 * the leaves' promoted dtype.
 * @example optim.globalNorm({ a: np.array([3]), b: np.array([4]) }) // 5
 */
export function globalNorm(updates: unknown): NDArray {
  const [ls] = arrayLeaves("optim.globalNorm", updates, "updates");
  if (ls.length === 0) return np.array(0);
  let s: NDArray = np.sum(np.square(ls[0]));
  for (let i = 1; i < ls.length; i++) s = np.add(s, np.sum(np.square(ls[i])));
  return np.sqrt(s);
}

/**
 * Rescale the updates so that their global norm is at most `maxNorm` (Optax's `clip_by_global_norm`):
 * u · maxNorm / ‖u‖ when ‖u‖ ≥ maxNorm, unchanged otherwise. No state.
 * @example optim.chain(optim.clipByGlobalNorm(1), optim.adam(1e-3))
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<Record<string, never>> {
  const name = "optim.clipByGlobalNorm";
  numberOption(name, "maxNorm", maxNorm, 0, false);
  return transformation(name, () => ({}), (updates, state) => {
    const n = globalNorm(updates);
    const keep = np.less(n, maxNorm);
    return [mapLeaves(name, (u) => np.where(keep, u, np.multiply(np.divide(u, n.astype(u.dtype)), maxNorm)), updates), state];
  });
}

/**
 * Clip each update elementwise to [−maxDelta, maxDelta] (Optax's `clip`). No state.
 * @example optim.chain(optim.clip(0.5), optim.sgd(0.1))
 */
export function clip(maxDelta: number): GradientTransformation<Record<string, never>> {
  const name = "optim.clip";
  numberOption(name, "maxDelta", maxDelta, 0);
  return transformation(name, () => ({}), (updates, state) => [mapLeaves(name, (u) => np.clip(u, -maxDelta, maxDelta), updates), state]);
}
