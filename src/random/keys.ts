/** @file PRNG keys (JAX's uint32[2] layout): key, split, foldIn, and the raw bits every distribution starts from, in JAX's partitionable or legacy Threefry scheme. */
import { NDArray } from "../core/array.js";
import { fmtShape } from "../core/aval.js";
import * as L from "../lax/index.js";
import { iota, threefry2x32, threefryIndexed } from "./threefry.js";
import { configValue } from "../core/config.js";
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
 * A PRNG key from an integer seed, as JAX's `random.key(seed)` / `random.PRNGKey(seed)` (threefry2x32):
 * the uint32 array [hi, lo] of the seed's high and low 32-bit words. The seed may be a traced int32 or
 * uint32 array of shape [], so `vmap(random.key)(seeds)` gives one key per seed.
 * NB: number seeds are non-negative integers below 2^53 (JAX wraps negative seeds; we reject them);
 * an int32 array seed is taken modulo 2^32 (high word 0), as JAX with 32-bit integers.
 * @example random.key(0) // Array([0, 0], dtype=uint32)
 * @example random.key(42).toArray() // [0, 42]
 * @example vmap(random.key)(np.arange(3)).toArray() // [[0, 0], [0, 1], [0, 2]]
 */
export function key(seed: number | NDArray): NDArray {
  if (seed instanceof NDArray) {
    if (seed.ndim !== 0 || (seed.dtype !== "int32" && seed.dtype !== "uint32")) {
      throw new TypeError(`random.key: an array seed must be an int32 or uint32 array of shape [] (map over more with vmap), got ${seed.dtype}${fmtShape(seed.shape)}`);
    }
    return L.concatenate([L.full([1], 0, "uint32"), L.reshape(L.convert(seed, "uint32"), [1])], 0);
  }
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`random.key: seed must be a non-negative integer below 2^53 or an integer array of shape [], got ${show(seed)}`);
  }
  const hi = Math.floor(seed / 2 ** 32), lo = seed % 2 ** 32; // seed = hi·2³² + lo
  return L.concatenate([L.full([1], hi, "uint32"), L.full([1], lo, "uint32")], 0);
}

/** Is JAX's partitionable Threefry layout on (`config.threefryPartitionable`, default true)? */
export function partitionable(): boolean {
  return configValue("threefryPartitionable");
}

/**
 * Split a key into `num` new keys (shape [num, 2]; a shape gives [...shape, 2]). By default, as JAX
 * ≥ 0.5 (`jax_threefry_partitionable`): key i is the two words of Threefry(key, (0, i)). With
 * `config.update({ threefryPartitionable: false })`, JAX's legacy scheme: Threefry of the counters
 * 0 … 2·num−1, cut in halves.
 * @example const [k1, k2] = random.split(random.key(0)); // iterating an array yields its rows
 * @example random.split(random.key(0)).toArray() // [[1797259609, 2579123966], [928981903, 3453687069]]
 */
export function split(k: NDArray, num: ShapeArg = 2): NDArray {
  checkKey("split", k);
  const shape = toShape("split", num);
  const n = shape.reduce((a, b) => a * b, 1);
  if (!partitionable()) return L.reshape(threefry2x32(k, iota(2 * n)), [...shape, 2]);
  if (n === 0) return L.full([...shape, 2], 0, "uint32");
  const [y0, y1] = threefryIndexed(k, n);
  return L.reshape(L.concatenate([L.reshape(y0, [n, 1]), L.reshape(y1, [n, 1])], 1), [...shape, 2]);
}

/**
 * A new key from `key` and an integer `data` (e.g. a step or a device index): Threefry of the
 * counter pair (0, data), in both schemes (as JAX). `data` is a non-negative integer below 2^32, or an
 * integer array of shape [].
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

/**
 * 32 random bits per element, as JAX's `random_bits` (bit width 32): the xor of the two words of
 * Threefry(key, (0, i)) for element i (partitionable), or Threefry of the counters 0 … size−1 (legacy).
 */
export function bits32(k: NDArray, shape: number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n === 0) return L.full(shape, 0, "uint32");
  if (!partitionable()) return L.reshape(threefry2x32(k, iota(n)), shape);
  const [y0, y1] = threefryIndexed(k, n);
  return L.reshape(L.xor(y0, y1), shape);
}

/**
 * 64 random bits per element as [high, low] uint32 words (JAX's `random_bits`, bit width 64): the two
 * words of Threefry(key, (0, i)) (partitionable), or Threefry of the counters 0 … 2·size−1 with the
 * first half the high words (legacy).
 */
export function bits64(k: NDArray, shape: number[]): [NDArray, NDArray] {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n === 0) return [L.full(shape, 0, "uint32"), L.full(shape, 0, "uint32")];
  if (partitionable()) {
    const [y0, y1] = threefryIndexed(k, n);
    return [L.reshape(y0, shape), L.reshape(y1, shape)];
  }
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
 * @example random.bits(random.key(0), [4]).toArray() // [4070199207, 4202968722, 1427181096, 2012915765]
 */
export const bits: typeof bitsImpl = checked(jitArrays(bitsImpl), "random.bits(key, shape?, opts?{dtype})");

/**
 * The raw uint32 data of a key or an array of keys (shape [..., 2]), as JAX's `random.key_data`.
 * NB: adjoint's keys are already their uint32 data (JAX's legacy `PRNGKey` layout), so this returns `keys` itself after checking it.
 * @example random.keyData(random.key(42)).toArray() // [0, 42]
 */
export function keyData(keys: NDArray): NDArray {
  return checkKeyArray("keyData", keys);
}

/**
 * The name of the key's PRNG implementation, as JAX's `random.key_impl` prints it: keys here are
 * threefry2x32 (uint32 pairs); `config.threefryPartitionable` picks how they are split and drawn.
 * @example random.keyImpl(random.key(0)) // "threefry2x32"
 */
export function keyImpl(keys: NDArray): "threefry2x32" {
  checkKeyArray("keyImpl", keys);
  return "threefry2x32";
}

/**
 * Keys from raw uint32 data of shape [..., 2] (e.g. saved with `keyData`), as JAX's `random.wrap_key_data`.
 * NB: the identity after checking, as keys are plain uint32 arrays here.
 * @example random.wrapKeyData(np.array([0, 42], { dtype: "uint32" })) // the key of seed 42
 */
export function wrapKeyData(data: NDArray): NDArray {
  return checkKeyArray("wrapKeyData", data);
}

/**
 * A copy of a key for a second use, as JAX's `random.clone` (which exists for its key-reuse checker).
 * NB: without a key-reuse checker, this returns `key` itself.
 * @example const k2 = random.clone(k)
 */
export function clone(k: NDArray): NDArray {
  return checkKeyArray("clone", k);
}

function checkKeyArray(fn: string, k: unknown): NDArray {
  if (!(k instanceof NDArray) || k.dtype !== "uint32" || k.ndim < 1 || k.shape[k.ndim - 1] !== 2) {
    throw new TypeError(`random.${fn}: expected keys (a uint32 array of shape [..., 2]), got ${k instanceof NDArray ? k.dtype + fmtShape(k.shape) : show(k)}`);
  }
  return k;
}
