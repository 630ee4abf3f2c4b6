/** @file `dropout`: inverted dropout (keep with probability 1 − rate, scale by 1/(1 − rate)) in training, identity otherwise. */
import { NDArray } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as random from "../../random/index.js";
import type { Layer } from "../layer.js";
import { axisIn, checkOptions, floatInput, makeLayer, show } from "./common.js";

/**
 * Inverted dropout, as Flax's `nn.Dropout`: in training (`{ training: true, key }`) each entry is kept
 * with probability 1 − `rate` and scaled by 1/(1 − `rate`) (so the mean is unchanged), else zeroed;
 * `broadcastDims` share one draw along those axes (e.g. the same mask for every time step). Outside
 * training, and for rate 0, the input passes unchanged; rate 1 gives zeros. No parameters (`{}`).
 * NB: Flax's `deterministic` flag is `!training` here (the one flag of the layer contract).
 * @example
 * const drop = nn.dropout(0.5);
 * const y = drop.apply({}, x, { training: true, key: random.key(1) });
 */
export function dropout(rate: number, opts: { broadcastDims?: number[] } = {}): Layer<Record<string, never>> {
  const op = "nn.dropout";
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) throw new RangeError(`${op}: rate must be a number in [0, 1], got ${show(rate)}`);
  checkOptions(op, opts, ["broadcastDims"]);
  const bdims = opts.broadcastDims ?? [];
  if (!Array.isArray(bdims) || bdims.some((d) => !Number.isInteger(d))) throw new TypeError(`${op}: broadcastDims must be a list of integer axes, got ${show(bdims)}`);
  const name = `dropout(${rate})`;
  return makeLayer<Record<string, never>>({
    name,
    init: () => ({}),
    outputShape: (s) => (bdims.forEach((d) => axisIn(name, d, s.length, "broadcast dim")), s),
    forward(params, state, x0, o) {
      if (params !== undefined && params !== null && (typeof params !== "object" || Object.keys(params).length > 0)) {
        throw new TypeError(`${name}: has no parameters; params must be {} (from init), got ${show(params)}`);
      }
      const x = floatInput(name, x0);
      const dims = bdims.map((d) => axisIn(name, d, x.ndim, "broadcast dim"));
      if (!o.training || rate === 0) return [x, state];
      if (rate === 1) return [np.zerosLike(x), state];
      if (!(o.key instanceof NDArray)) throw new TypeError(`${name}: training mode draws a mask and needs a key: apply(params, x, { training: true, key })`);
      const keep = 1 - rate;
      const maskShape = x.shape.map((d, i) => (dims.includes(i) ? 1 : d));
      const mask = np.broadcastTo(random.bernoulli(o.key, keep, maskShape), x.shape);
      return [np.where(mask, np.divide(x, keep), np.zerosLike(x)), state];
    },
  });
}
