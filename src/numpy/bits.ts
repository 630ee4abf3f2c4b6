/**
 * @file Bit counting and packing: bitwiseCount, packbits, unpackbits.
 * NB: NumPy returns uint8 here; adjoint has no 8-bit dtype, so results are uint32 (values 0…255 / 0…32).
 */
import { ConcreteArray, NDArray } from "../core/array.js";
import { normAxis } from "../core/aval.js";
import { isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, array, asArray } from "./core.js";
import { show } from "./signature.js";

function intInput(op: string, x: ArrayLike, boolOk: boolean): NDArray {
  let a: NDArray;
  if (Array.isArray(x) || typeof x === "number") {
    // JS numbers are integer data here (as NumPy's int arrays), not default-float values
    const flat = ([x] as unknown[]).flat(Infinity);
    const bad = flat.find((v) => typeof v !== "boolean" && !(typeof v === "number" && Number.isInteger(v)));
    if (bad !== undefined) throw new TypeError(`${op}: expected integers${boolOk ? " or booleans" : ""}, got ${show(bad)}`);
    a = array(x as number[], { dtype: flat.length > 0 && flat.every((v) => typeof v === "boolean") ? "bool" : "int32" });
  } else a = asArray(x);
  if (isFloat(a.dtype) || (!boolOk && a.dtype === "bool")) throw new TypeError(`${op}: expected an integer${boolOk ? " or bool" : ""} array, got ${a.dtype}`);
  return a;
}

/**
 * The number of 1 bits in the absolute value of each element, as `np.bitwise_count` (uint32; NumPy: uint8).
 * @example np.bitwiseCount([0, 7, -8, 255]) // [0, 3, 1, 8]
 */
export function bitwiseCount(x: ArrayLike): NDArray {
  const a = intInput("bitwiseCount", x, true);
  if (a.dtype === "bool") return L.convert(a, "uint32");
  // |x| as 32 bits (|int32 min| = 2³¹ keeps its one bit), then the SWAR popcount summed by bytes
  let v = L.convert(a.dtype === "int32" ? L.select(L.lt(a, 0), L.neg(a), a) : a, "uint32");
  const shr = (y: NDArray, k: number) => L.shiftRightLogical(y, k);
  v = L.sub(v, L.and(shr(v, 1), 0x55555555));
  v = L.add(L.and(v, 0x33333333), L.and(shr(v, 2), 0x33333333));
  v = L.and(L.add(v, shr(v, 4)), 0x0f0f0f0f);
  return L.and(L.add(L.add(v, shr(v, 8)), L.add(shr(v, 16), shr(v, 24))), 0xff);
}

type BitOrder = "big" | "little";
function bitOrder(op: string, b: unknown): BitOrder {
  if (b !== "big" && b !== "little") throw new TypeError(`${op}: bitorder must be "big" or "little", got ${show(b)}`);
  return b;
}
const weights = (order: BitOrder): NDArray =>
  ConcreteArray.fromTyped(Uint32Array.from({ length: 8 }, (_, i) => 2 ** (order === "big" ? 7 - i : i)), [8], "uint32");

/**
 * Pack the truthiness of an integer or bool array into bytes along `axis` (of the flattened array
 * when null), 8 elements a byte, zero-padded at the end, as `np.packbits` (uint32 bytes; NumPy: uint8).
 * @example np.packbits([1, 0, 1, 1, 0, 0, 0, 0, 1]) // [176, 128]
 */
export function packbits(x: ArrayLike, axis: number | null = null, opts: { bitorder?: BitOrder } = {}): NDArray {
  let a = intInput("packbits", x, true);
  const order = bitOrder("packbits", opts.bitorder ?? "big");
  if (axis === null) (a = L.reshape(a, [a.size])), (axis = 0);
  const ax = normAxis(axis, a.ndim, "packbits");
  const n = a.shape[ax], m = Math.ceil(n / 8);
  let bits = L.convert(L.ne(a, 0), "uint32");
  if (m * 8 > n) bits = L.pad(bits, a.shape.map(() => 0), a.shape.map((_, i) => (i === ax ? m * 8 - n : 0)), 0);
  const moved = L.moveaxis(bits, ax, a.ndim - 1);
  const grouped = L.reshape(moved, [...moved.shape.slice(0, -1), m, 8]);
  const packed = L.reduceSum(L.mul(grouped, L.broadcastTo(weights(order), grouped.shape)), [grouped.ndim - 1]);
  return L.moveaxis(packed, a.ndim - 1, ax);
}

/**
 * Unpack bytes (integers 0…255) into bits along `axis` (of the flattened array when null), as
 * `np.unpackbits` (uint32 0/1; NumPy: uint8). `count` keeps the first `count` bits (negative: drops
 * that many from the end; more than available pads zeros).
 * @example np.unpackbits([176], null, { count: 4 }) // [1, 0, 1, 1]
 */
export function unpackbits(x: ArrayLike, axis: number | null = null, opts: { count?: number | null; bitorder?: BitOrder } = {}): NDArray {
  let a = intInput("unpackbits", x, false);
  const order = bitOrder("unpackbits", opts.bitorder ?? "big");
  if (axis === null) (a = L.reshape(a, [a.size])), (axis = 0);
  const ax = normAxis(axis, a.ndim, "unpackbits");
  const u = L.convert(a, "uint32");
  const shifts = ConcreteArray.fromTyped(Uint32Array.from({ length: 8 }, (_, i) => (order === "big" ? 7 - i : i)), [8], "uint32");
  const moved = L.moveaxis(u, ax, a.ndim - 1);
  const full = [...moved.shape, 8];
  const bits = L.and(L.shiftRightLogical(L.broadcastInDim(moved, full, moved.shape.map((_, i) => i)), L.broadcastInDim(shifts, full, [moved.ndim])), 1);
  let flat = L.reshape(bits, [...moved.shape.slice(0, -1), moved.shape[moved.ndim - 1] * 8]);
  const total = flat.shape[flat.ndim - 1];
  const count = opts.count ?? null;
  if (count !== null) {
    if (!Number.isInteger(count)) throw new TypeError(`unpackbits: count must be an integer or null, got ${show(count)}`);
    const keep = count < 0 ? Math.max(0, total + count) : count;
    if (keep <= total) flat = L.slice(flat, flat.shape.map(() => 0), [...flat.shape.slice(0, -1), keep]);
    else flat = L.pad(flat, flat.shape.map(() => 0), flat.shape.map((_, i) => (i === flat.ndim - 1 ? keep - total : 0)), 0);
  }
  return L.moveaxis(flat, a.ndim - 1, ax);
}
