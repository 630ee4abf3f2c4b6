/**
 * @file The layer contract shared by every `nn` layer: a layer is a plain object of pure functions
 * over a parameter pytree (no hidden state), so `grad`, `jit`, `vmap` and `tree.map` see through it.
 *
 * - `init(key, inputShape)` makes the parameters for inputs of `inputShape` (the full shape of a
 *   sample input, batch dimensions included, as Flax's `init` with a sample input; parameters never
 *   depend on the batch size).
 * - `outputShape(inputShape)` is the shape `apply` returns (checked against what `init` saw).
 * - `apply(params, x, opts?)` is the forward pass. `opts.training` (default false) switches
 *   dropout and batch statistics on; `opts.key` feeds layers that draw random numbers (dropout);
 *   stateful layers (batchNorm) read their running statistics from `opts.state` in inference.
 * - Stateful layers also have `initState(inputShape)` and `applyWithState(params, state, x, opts?)`
 *   → `[y, newState]` (running statistics as explicit state in and out). For a stateless layer
 *   `initState` returns `null` and `applyWithState` returns the state unchanged.
 */
import type { NDArray } from "../core/array.js";
import type { Shape } from "../core/aval.js";

/** Options of a forward pass. */
export interface ApplyOptions<S = unknown> {
  /** Training mode: dropout active, batch statistics used and updated. Default false. */
  training?: boolean;
  /** A random key for layers that draw (dropout); required when such a layer is in training mode. */
  key?: NDArray;
  /** The layer's state (running statistics) for a stateful layer's `apply` in inference mode. */
  state?: S;
}

/** A layer: pure functions over its parameters `P` and (for stateful layers) its state `S`. */
export interface Layer<P = unknown, S = null> {
  /** A readable name used in error messages: `"dense(128)"`, `"conv(32, [3,3])"`. */
  readonly name: string;
  /** Parameters for inputs of shape `inputShape` (batch dimensions included). */
  init(key: NDArray, inputShape: Shape): P;
  /** The initial state (`null` for stateless layers). */
  initState(inputShape: Shape): S;
  /** The output shape for inputs of shape `inputShape`. */
  outputShape(inputShape: Shape): Shape;
  /** The forward pass. */
  apply(params: P, x: NDArray, opts?: ApplyOptions<S>): NDArray;
  /** The forward pass threading the state: returns the output and the new state. */
  applyWithState(params: P, state: S, x: NDArray, opts?: Omit<ApplyOptions<S>, "state">): [NDArray, S];
}
