/** @file Threefry-2x32 (20 rounds), the counter-based hash behind JAX's default PRNG: the primitive and JAX's counter layout. */
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { NoParams, Primitive } from "../core/primitive.js";
import { bind } from "../core/trace.js";
import * as L from "../lax/index.js";
import { kernelRules } from "../primitives/impl.js";
import { loweredImpl } from "../lower/lowering.js";
import { cast, gidx } from "../lower/kernel.js";
import { jit } from "../transforms/jit.js";
import { moveBatchAxis } from "../transforms/vmap.js";

/**
 * Threefry-2x32-20 as a primitive (as JAX's threefry2x32_p): keys k0, k1 (uint32, one pair of shape []
 * or one pair per counter) and counters x0, x1 (uint32, one shape) ↦ the two output words. It runs as
 * a backend routine — SIMD lanes on wasm (src/backend/wasm/threefry.ts), a loop on the reference
 * backend — rather than as ~40 kernels of materialised intermediate words.
 */
export const threefry2x32P: Primitive<NoParams> = {
  name: "threefry2x32",
  abstractEval([k0, k1, x0, x1]) {
    const all = [k0, k1, x0, x1];
    if (all.some((a) => a.dtype !== "uint32") || !x0.equals(x1) || !k0.equals(k1) || (k0.ndim > 0 && !k0.equals(x0))) {
      throw new TypeError(`threefry2x32: expected uint32 keys of shape [] or of the counters' shape and two uint32 counter arrays of one shape, got ${all.map((a) => a.str()).join(", ")}`);
    }
    const out = ShapedArray.of(x0.shape, "uint32");
    return [out, out];
  },
  impl: loweredImpl,
  lower: ([k0, , x0]) => ({ kind: "routine", name: "threefry", params: { n: x0.size, vectorKey: k0.ndim > 0 }, inputs: [0, 1, 2, 3] }),
  // integer outputs: no derivative
  jvp: (primals) => {
    const outs = bind(threefry2x32P, primals, {});
    return [outs, outs.map((o) => L.zeroTangent(o))];
  },
  transpose: null,
  // batched keys or counters: every operand gets the batch axis in front; keys become one per counter when batched
  batch(args, dims, _p, size) {
    const [k0, k1, x0, x1] = args.map((a, i) => (dims[i] === null ? a : moveBatchAxis(a, dims[i], 0, size)));
    const xs = [x0, x1].map((x, i) => (dims[2 + i] === null ? moveBatchAxis(x, null, 0, size) : x));
    const shape = [...xs[0].shape];
    const perCounter = dims[0] !== null || dims[1] !== null || args[0].ndim > 0;
    const keys = [k0, k1].map((k, i) => {
      if (!perCounter) return k;
      if (dims[i] === null) return args[i].ndim === 0 ? L.broadcastInDim(k, shape, []) : moveBatchAxis(k, null, 0, size);
      return k.ndim === 1 && shape.length > 1 ? L.broadcastInDim(k, shape, [0]) : k;
    });
    const outs = bind(threefry2x32P, [...keys, ...xs], {});
    return [outs, [0, 0]];
  },
};

/**
 * Threefry-2x32-20 of the counter pairs (x0[i], x1[i]) under the key (k0, k1); all uint32, k0 and k1
 * of shape [] and x0, x1 of one shape. Returns the two output words.
 */
export function threefry2x32Words(k0: NDArray, k1: NDArray, x0: NDArray, x1: NDArray): [NDArray, NDArray] {
  const [y0, y1] = bind(threefry2x32P, [k0, k1, x0, x1], {});
  return [y0, y1];
}

/**
 * The hash of counter pairs under a [2] key, compiled with `jit` (once per counter length), so that
 * eager draws run as one fused kernel instead of ~130 separate ones; under other transformations it
 * composes like any jit call.
 */
const hashPairs = jit((key: NDArray, x0: NDArray, x1: NDArray): [NDArray, NDArray] => {
  const [k0, k1] = keyWords(key);
  return threefry2x32Words(k0, k1, x0, x1);
});

/** Split a uint32 key of shape [2] into its two words, of shape []. */
export function keyWords(key: NDArray): [NDArray, NDArray] {
  return [L.reshape(L.slice(key, [0], [1]), []), L.reshape(L.slice(key, [1], [2]), [])];
}

/**
 * JAX's `threefry_2x32(key, count)` on a flat uint32 `count`: the counts are cut in two halves (a 0
 * appended when their number is odd), hashed as pairs (first half, second half), and the two output
 * halves concatenated (the extra word dropped).
 */
export function threefry2x32(key: NDArray, count: NDArray): NDArray {
  const n = count.shape[0];
  const odd = n % 2;
  const padded = odd ? L.concatenate([count, L.full([1], 0, "uint32")], 0) : count;
  const h = (n + odd) / 2;
  const [y0, y1] = hashPairs(key, L.slice(padded, [0], [h]), L.slice(padded, [h], [2 * h]));
  const out = L.concatenate([y0, y1], 0);
  return odd ? L.slice(out, [0], [n]) : out;
}

/**
 * The hash of the counter pairs (0, i), i = 0 … n−1, under a [2] key: JAX's partitionable layout
 * (`iota_2x32_shape`: element i's 64-bit index as high and low words, the high word 0 below 2³²).
 * Returns both output words, each of shape [n].
 */
export function threefryIndexed(key: NDArray, n: number): [NDArray, NDArray] {
  return hashPairs(key, L.full([n], 0, "uint32"), iota(n));
}

/** The uint32 counters 0, 1, …, n−1 as a primitive of no inputs: one kernel, no array built on the host (as lax.iota). */
const iotaP: Primitive<{ n: number }> = {
  name: "iota",
  abstractEval: (_avals, { n }) => [ShapedArray.of([n], "uint32")],
  ...kernelRules<{ n: number }>("iota", () => [], (_avals, { n }) => ({ inputs: [], out: "uint32", size: n, expr: cast(gidx, "uint32") })),
  jvp: (_primals, _tangents, params) => {
    const outs = bind(iotaP, [], params);
    return [outs, outs.map((o) => L.zeroTangent(o))];
  },
  transpose: null,
  batch: () => {
    throw new Error("internal: iota has no inputs to batch");
  },
};

/** The uint32 counters 0, 1, …, n−1. */
export function iota(n: number): NDArray {
  return bind(iotaP, [], { n })[0];
}
