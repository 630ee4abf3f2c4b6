/**
 * @file nn.dotProductAttention: scaled dot-product attention in JAX's [B, T, N, H] layout, with bias,
 * boolean and causal masks, sequence lengths, local windows and grouped key/value heads — a composite.
 */
import { broadcastShapes } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, asArrayOf } from "../numpy/core.js";
import { einsum } from "../numpy/products.js";
import { isPlainObject, show } from "../numpy/signature.js";
import { softmax } from "./activations.js";

export interface AttentionOpts {
  /** Added to the logits; broadcastable to [B, N, T, S] ([N, T, S] for unbatched inputs). */
  bias?: ArrayLike;
  /** Bool, true where a query may attend to a key; broadcastable to [B, N, T, S]. */
  mask?: ArrayLike;
  /** Multiplies the logits q·k (default 1/√H). */
  scale?: number;
  /** Each query t attends only to keys s ≤ t. */
  isCausal?: boolean;
  /** int [B]: queries at t ≥ length are padding (their outputs are 0 when keyValueSeqLengths is given too, as JAX). */
  querySeqLengths?: ArrayLike;
  /** int [B]: keys at s ≥ length are padding and get no attention. */
  keyValueSeqLengths?: ArrayLike;
  /** Query t attends to keys s with t − left ≤ s ≤ t + right (`w` means [w, w]). */
  localWindowSize?: number | [number, number];
}

/** softmax(−0.7·max) of a masked logit is 0 next to any real logit but keeps fully masked rows finite (uniform), as JAX. */
const LARGE_NEG = { float32: -0.7 * 3.4028234663852886e38, float64: -0.7 * Number.MAX_VALUE } as const;

function iota(n: number, shape: number[], dim: number): NDArray {
  const idx = L.convert(asArray(Array.from({ length: n }, (_, i) => i), "int32"), "int32");
  return L.broadcastInDim(idx, shape, [dim]);
}

/** [B] int32 lengths, checked. */
function lengths(name: string, v: ArrayLike, B: number): NDArray {
  const a = v instanceof NDArray ? v : asArrayOf(v as number[], "int32");
  if (a.dtype !== "int32" && a.dtype !== "uint32") throw new TypeError(`dotProductAttention: ${name} must be an integer array, got ${a.dtype}`);
  if (a.ndim !== 1 || a.shape[0] !== B) throw new RangeError(`dotProductAttention: ${name} must have shape [${B}] (one length per batch), got [${a.shape}]`);
  return L.convert(a, "int32");
}

/**
 * Scaled dot-product attention, as jax.nn.dot_product_attention (its XLA implementation):
 * softmax(scale · q·kᵀ + bias, masked) · v per head. query [B, T, N, H] (or [T, N, H]), key and value
 * [B, S, K, H] with N a multiple of K: each key/value head serves N/K consecutive query heads (grouped
 * query attention; K = 1 is multi-query). Masked logits become −0.7·finfo.max, so a fully masked row
 * averages the values uniformly, as JAX. Returns [B, T, N, H] (or [T, N, H]).
 * `bias` and `mask` may also come positionally, as JAX's `(query, key, value, bias, mask, *, scale, …)`.
 * NB: the softmax runs in the inputs' float dtype (JAX promotes to float32 at least; the same for
 * float32/float64 inputs).
 * @example nn.dotProductAttention(q, k, v, { isCausal: true }) // q, k, v: [1, 4, 2, 8] → [1, 4, 2, 8]
 */
export function dotProductAttention(
  query: ArrayLike,
  key: ArrayLike,
  value: ArrayLike,
  biasOrOpts?: ArrayLike | null | AttentionOpts,
  mask?: ArrayLike | null,
  rest?: Omit<AttentionOpts, "bias" | "mask">,
): NDArray {
  const op = "dotProductAttention";
  let opts: AttentionOpts;
  if (isPlainObject(biasOrOpts)) {
    if (mask !== undefined || rest !== undefined) throw new TypeError(`${op}: options must come last, got ${show(mask ?? rest)} after them`);
    opts = biasOrOpts as AttentionOpts;
  } else opts = { ...rest, bias: (biasOrOpts as ArrayLike | null | undefined) ?? undefined, mask: mask ?? undefined }; // JAX's positional bias, mask
  let q = asArray(query), k = asArray(key), v = asArray(value);
  for (const [n, a] of [["query", q], ["key", k], ["value", v]] as const) {
    if (!isFloat(a.dtype)) throw new TypeError(`${op}: ${n} must be a float array, got ${a.dtype}`);
    if (a.ndim !== 3 && a.ndim !== 4) throw new RangeError(`${op}: ${n} must have shape [B, T|S, N|K, H] or [T|S, N|K, H], got [${a.shape}]`);
  }
  if (q.ndim !== k.ndim || k.ndim !== v.ndim) throw new RangeError(`${op}: query, key and value must all be batched or all unbatched, got [${q.shape}], [${k.shape}], [${v.shape}]`);
  if (k.shape.some((d, i) => d !== v.shape[i])) throw new RangeError(`${op}: key and value must have the same shape, got [${k.shape}] and [${v.shape}]`);
  const dtype = q.dtype === "float64" || k.dtype === "float64" || v.dtype === "float64" ? "float64" : "float32";
  [q, k, v] = [q, k, v].map((a) => L.convert(a, dtype));
  const batched = q.ndim === 4;
  if (!batched) [q, k, v] = [q, k, v].map((a) => L.reshape(a, [1, ...a.shape]));
  const [B, T, N, H] = q.shape, [Bk, S, K, Hk] = k.shape;
  if (Bk !== B || Hk !== H) throw new RangeError(`${op}: query [${q.shape}] and key [${k.shape}] must agree on the batch and head dimensions (B, H)`);
  if (K === 0 || N % K !== 0) throw new RangeError(`${op}: the number of query heads (${N}) must be a multiple of the key/value heads (${K})`);
  const G = N / K;
  const scale = opts.scale ?? 1 / Math.sqrt(H);
  if (typeof scale !== "number") throw new TypeError(`${op}: scale must be a number, got ${show(scale)}`);
  if (opts.isCausal !== undefined && typeof opts.isCausal !== "boolean") throw new TypeError(`${op}: isCausal must be a boolean, got ${show(opts.isCausal)}`);

  // logits [B, K, G, T, S]: query head n = k·G + g uses key head k
  const qg = L.reshape(q, [B, T, K, G, H]);
  let logits = L.mul(einsum("btkgh,bskh->bkgts", qg, k), scale);
  const full = [B, K, G, T, S];
  const toGrouped = (name: string, t: ArrayLike, bool: boolean): NDArray => {
    let a = asArray(t);
    if (bool && a.dtype !== "bool") throw new TypeError(`${op}: ${name} must be a bool array (true = attend), got ${a.dtype}; pass an additive mask as bias`);
    if (!bool) a = L.convert(a, dtype);
    const target = batched ? [B, N, T, S] : [N, T, S];
    const out = broadcastShapes(op, target, a.shape);
    if (out.length !== target.length || out.some((d, i) => d !== target[i])) throw new RangeError(`${op}: ${name} of shape [${a.shape}] does not broadcast to [${target}]`);
    return L.reshape(L.broadcastTo(a, batched ? target : [1, ...target]), full);
  };
  if (opts.bias !== undefined) logits = L.add(logits, toGrouped("bias", opts.bias, false));

  const masks: NDArray[] = [];
  if (opts.mask !== undefined) masks.push(toGrouped("mask", opts.mask, true));
  const t = iota(T, full, 3), s = iota(S, full, 4);
  if (opts.isCausal) masks.push(L.le(s, t));
  if (opts.localWindowSize !== undefined) {
    const w = opts.localWindowSize;
    const [left, right] = typeof w === "number" ? [w, w] : Array.isArray(w) && w.length === 2 ? w : [NaN, NaN];
    if (!Number.isInteger(left) || !Number.isInteger(right) || left < 0 || right < 0) throw new RangeError(`${op}: localWindowSize must be a non-negative integer or a pair of them, got ${show(w)}`);
    masks.push(L.and(L.le(t, L.add(s, left)), L.ge(L.add(t, right), s)));
  }
  const qLen = opts.querySeqLengths === undefined ? null : lengths("querySeqLengths", opts.querySeqLengths, B);
  if (qLen) masks.push(L.lt(t, L.broadcastInDim(qLen, full, [0])));
  const kvGiven = opts.keyValueSeqLengths !== undefined;
  if (kvGiven) masks.push(L.lt(s, L.broadcastInDim(lengths("keyValueSeqLengths", opts.keyValueSeqLengths!, B), full, [0])));
  if (masks.length) {
    const m = masks.reduce((x, y) => L.and(x, y));
    logits = L.select(m, logits, L.fullLike(logits, LARGE_NEG[dtype]));
  }
  const probs = softmax(logits, -1);
  let out = einsum("bkgts,bskh->btkgh", probs, v); // [B, T, K, G, H]
  if (qLen && kvGiven) {
    const shape = [B, T, K, G, H];
    const keep = L.lt(iota(T, shape, 1), L.broadcastInDim(qLen, shape, [0]));
    out = L.select(keep, out, L.zerosLike(out));
  }
  out = L.reshape(out, [B, T, N, H]);
  return batched ? out : L.reshape(out, [T, N, H]);
}
