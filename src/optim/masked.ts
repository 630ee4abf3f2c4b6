/** @file optim.masked (Optax's `masked`): a transformation applied to some parameters only. */
import * as tree from "../public/tree.js";
import { type GradientTransformation, transformation, arrayLeaves } from "./base.js";
import { maskLeaves, type Mask } from "./transforms.js";

/**
 * Apply `inner` to the leaves where `mask` (a tree of booleans like the updates, or a function of them,
 * as Optax) is true; the other updates pass through unchanged (Optax's `masked`). The inner state holds
 * only the masked leaves: the others are `null` in its trees.
 * @example optim.chain(optim.masked(optim.addDecayedWeights(1e-4), { w: true, b: false }), optim.adam(1e-3)) // decay w only
 */
export function masked<S>(inner: GradientTransformation<S>, mask: Mask): GradientTransformation<S> {
  const name = "optim.masked";
  if (inner === null || typeof inner !== "object" || typeof inner.init !== "function" || typeof inner.update !== "function")
    throw new TypeError(`${name}: inner must be a gradient transformation { init, update }`);
  /** `x` with the unmasked leaves replaced by null. */
  const keep = (x: unknown, on: boolean[], what: string) => {
    const [ls, def] = arrayLeaves(name, x, what);
    if (ls.length !== on.length) throw new Error(`${name}: the ${what} have ${ls.length} leaves, but the mask has ${on.length}`);
    return tree.unflatten(def, ls.map((l, i) => (on[i] ? l : null)));
  };
  return transformation(
    name,
    (params) => inner.init(keep(params, maskLeaves(name, mask, params), "params")),
    (updates, state, params, extras) => {
      const on = maskLeaves(name, mask, updates);
      const sub = keep(updates, on, "updates");
      const subParams = params === undefined ? undefined : keep(params, on, "params");
      const [out, next] = extras !== undefined ? inner.update(sub, state, subParams, extras) : subParams !== undefined ? inner.update(sub, state, subParams) : inner.update(sub, state);
      const [innerLeaves] = arrayLeaves(name, out, "inner updates");
      const [orig, def] = arrayLeaves(name, updates, "updates");
      let k = 0;
      return [tree.unflatten(def, orig.map((g, i) => (on[i] ? innerLeaves[k++] : g))), next];
    },
  );
}
