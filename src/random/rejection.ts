/** @file The loop shared by the transformed-rejection samplers (Poisson's PTRS, binomial's BTRS): proposals until every element accepts one. */
import { NDArray } from "../core/array.js";
import { FloatDType } from "../core/dtype.js";
import * as L from "../lax/index.js";
import * as np from "../numpy/index.js";
import { whileLoop } from "../control/index.js";
import { split } from "./keys.js";
import { uniform } from "./distributions.js";

/** Key `i` of a `[n, 2]` array of keys. */
export const keyAt = (keys: NDArray, i: number): NDArray => L.reshape(L.slice(keys, [i, 0], [i + 1, 2]), [2]);
/** As JAX: no practical limit on a sampler's loop (every element stops with probability 1). */
export const MAX_ITERS = 2 ** 31 - 1;

/**
 * Transformed rejection with squeeze: each step draws u ~ U(−½, ½) and v ~ U(0, 1) of shape `s` (from
 * keys 1 and 2 of a three-way split; key 0 carries on) and `propose(u, us, v)`, with us = ½ − |u|,
 * returns the proposals and which are accepted; each element keeps its first accepted proposal.
 * @example firstAccepted(key, [3], "float32", (u, us, v) => [u, L.gt(v, 0.5)])
 */
export function firstAccepted(
  key: NDArray,
  s: number[],
  dtype: FloatDType,
  propose: (u: NDArray, us: NDArray, v: NDArray) => [NDArray, NDArray],
): NDArray {
  type Carry = [NDArray, NDArray, NDArray, NDArray]; // step, result, accepted, key
  const init: Carry = [L.full([], 0, "int32"), L.full(s, -1, dtype), L.full(s, 0, "bool"), key];
  const [, out] = whileLoop(
    ([i, , accepted]: Carry) => L.and(np.any(L.not(accepted)), L.lt(i, MAX_ITERS)),
    ([i, kOut, accepted, rng]: Carry): Carry => {
      const ks = split(rng, 3);
      const u = L.sub(uniform(keyAt(ks, 1), s, { dtype }), 0.5);
      const v = uniform(keyAt(ks, 2), s, { dtype });
      const [k, accept] = propose(u, L.sub(L.fullLike(u, 0.5), L.abs(u)), v);
      const take = L.and(accept, L.not(accepted)); // keep the first accepted proposal
      return [L.add(i, 1), L.select(take, k, kOut), L.or(accepted, accept), keyAt(ks, 0)];
    },
    init,
  );
  return out;
}
