/** @file PRNG keys (JAX's legacy uint32[2] layout): key, split, foldIn, and the raw bits every distribution starts from. */
import { NDArray } from "../core/array.js";
import { fmtShape } from "../core/aval.js";
import * as L from "../lax/index.js";
import { iota, threefry2x32 } from "./threefry.js";
import { jitArrays } from "../transforms/jit.js";
import { checked } from "../numpy/signature.js";
import { show } from "../numpy/signature.js";

/** A shape given as a number (1-d) or a list of dimensions. */
export type ShapeArg = number | readonly number[];

/** Normalise and check a shape argument for `fn`. */
export function toShape(fn: string, shape: ShapeArg): number[] {
  const s: unknown[] | null = typeof shape === "number" ? [shape] : Array.isArray(shape) ? [...shape] : null;
  if (s === null || !s.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
    throw new RangeError(`random.${fn}: shape must be non-negative integers (a number or an array of them), got ${show(shape)}`);
  }
  return s as number[];
}

/** Check that `k` is a PRNG key: a uint32 array of shape [2]. */
export function checkKey(fn: string, k: unknown): NDArray {
  if (!(k instanceof NDArray)) throw new TypeError(`random.${fn}: expected a PRNG key (a uint32 array of shape [2], from random.key), got ${show(k)}`);
  if (k.dtype !== "uint32" || k.ndim !== 1 || k.shape[0] !== 2) {
    throw new TypeError(`random.${fn}: expected a PRNG key (uint32 of shape [2], from random.key), got ${k.dtype}${fmtShape(k.shape)}` +
      (k.dtype === "uint32" && k.ndim === 2 && k.shape[1] === 2 ? " — a batch of keys: map over it with vmap" : ""));
  }
  return k;
}

/**
 * A PRNG key from an integer seed, as JAX's `random.PRNGKey(seed)` (threefry2x32): the uint32 array
 * [0, seed] (the high and low 32-bit words of the seed).
 * NB: seeds are non-negative integers below 2^53; JAX wraps negative seeds, we reject them.
 * @example random.key(0) // Array([0, 0], dtype=uint32)
 * @example random.key(42).toArray() // [0, 42]
 */
export function key(seed: number): NDArray {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`random.key: seed must be a non-negative integer below 2^53, got ${seed}`);
  }
  const hi = Math.floor(seed / 2 ** 32), lo = seed % 2 ** 32; // seed = hi·2³² + lo
  return L.concatenate([L.full([1], hi, "uint32"), L.full([1], lo, "uint32")], 0);
}

/**
 * Split a key into `num` new keys (shape [num, 2]; a shape gives [...shape, 2]): Threefry of the
 * counters 0 … 2·num−1 under `key` (JAX's `_threefry_split` with `jax_threefry_partitionable` off,
 * the default before JAX 0.5).
 * @example const keys = random.split(random.key(0)); const k1 = keys.get(0), k2 = keys.get(1);
 * @example random.split(random.key(0)).toArray() // [[4146024105, 967050713], [2718843009, 1272950319]]
 */
export function split(k: NDArray, num: ShapeArg = 2): NDArray {
  checkKey("split", k);
  const shape = toShape("split", num);
  const n = shape.reduce((a, b) => a * b, 1);
  return L.reshape(threefry2x32(k, iota(2 * n)), [...shape, 2]);
}

/**
 * A new key from `key` and an integer `data` (e.g. a step or a device index): Threefry of the
 * counter pair (0, data). `data` is a non-negative integer below 2^32, or an integer array of shape [].
 * @example const k = random.foldIn(random.key(0), 7); // a uint32 [2] key
 */
export function foldIn(k: NDArray, data: number | NDArray): NDArray {
  checkKey("foldIn", k);
  let d: NDArray;
  if (typeof data === "number") {
    if (!Number.isInteger(data) || data < 0 || data >= 2 ** 32) throw new RangeError(`random.foldIn: data must be an integer in [0, 2^32), got ${data}`);
    d = L.full([1], data, "uint32");
  } else {
    if (!(data instanceof NDArray) || data.ndim !== 0 || (data.dtype !== "int32" && data.dtype !== "uint32")) {
      throw new TypeError(`random.foldIn: data must be an integer or an int32/uint32 array of shape [], got ${data instanceof NDArray ? data.dtype + fmtShape(data.shape) : typeof data}`);
    }
    d = L.reshape(L.convert(data, "uint32"), [1]);
  }
  return threefry2x32(k, L.concatenate([L.full([1], 0, "uint32"), d], 0));
}

/** 32 random bits per element: Threefry of the counters 0 … size−1 (JAX's `_random_bits`, bit width 32). */
export function bits32(k: NDArray, shape: number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n === 0) return L.full(shape, 0, "uint32");
  return L.reshape(threefry2x32(k, iota(n)), shape);
}

/**
 * 64 random bits per element as [high, low] uint32 words: Threefry of the counters 0 … 2·size−1,
 * the first half the high words (JAX's `_random_bits`, bit width 64).
 */
export function bits64(k: NDArray, shape: number[]): [NDArray, NDArray] {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n === 0) return [L.full(shape, 0, "uint32"), L.full(shape, 0, "uint32")];
  const b = threefry2x32(k, iota(2 * n));
  return [L.reshape(L.slice(b, [0], [n]), shape), L.reshape(L.slice(b, [n], [2 * n]), shape)];
}

function bitsImpl(k: NDArray, shape: ShapeArg = [], opts: { dtype?: "uint32" } = {}): NDArray {
  checkKey("bits", k);
  if (opts.dtype !== undefined && opts.dtype !== "uint32") throw new TypeError(`random.bits: dtype must be uint32, got ${opts.dtype}`);
  return bits32(k, toShape("bits", shape));
}
/**
 * Uniformly random uint32 bits of `shape`, as JAX's `random.bits` (32-bit).
 * @example random.bits(random.key(0), [4]).toArray() // [4146024105, 967050713, 2718843009, 1272950319]
 */
export const bits: typeof bitsImpl = checked(jitArrays(bitsImpl), "random.bits(key, shape?, opts?{dtype})");
