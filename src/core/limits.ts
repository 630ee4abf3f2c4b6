/** @file The size cap: an array larger than the backend can hold (or than `config.maxBytes`) is refused before any work. */
import { ShapedArray, Shape, prod } from "./aval.js";
import { DType } from "./dtype.js";
import { configValue, onConfigChange } from "./config.js";
import type { Backend } from "../backend/backend.js";

/** Bytes per element of each dtype. */
export const ITEM_BYTES: Record<DType, number> = { bool: 1, int32: 4, uint32: 4, float32: 4, float64: 8, complex64: 8, complex128: 16 };

/**
 * The longest TypedArray the engine allows (elements): Node tells (buffer.constants.MAX_LENGTH: 2^32
 * in Node 20, 2^53 − 1 in later versions); elsewhere assume 2^32.
 */
const builtin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
const nodeBuffer = builtin?.("node:buffer") as { constants?: { MAX_LENGTH?: number } } | undefined;
export const MAX_TYPED_LENGTH: number = nodeBuffer?.constants?.MAX_LENGTH ?? 2 ** 32;
/**
 * The machine's physical memory in Node (os.totalmem()), else Infinity: no single array larger than
 * that can be held (the reference backend would page itself to death, or be killed, while filling it).
 */
export const PHYSICAL_BYTES: number = (builtin?.("node:os") as { totalmem?: () => number } | undefined)?.totalmem?.() ?? Infinity;

/** `n` bytes for people, short: 13.4 GiB. */
function fmtUnits(n: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let i = 0, v = n;
  while (v >= 1024 && i < units.length - 1) (v /= 1024), i++;
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}
/** `n` bytes for people, exact: 14,400,000,000 bytes (13.4 GiB). */
function fmtBytes(n: number): string {
  return n < 1024 ? `${n} bytes` : `${n.toLocaleString("en-US")} bytes (${fmtUnits(n)})`;
}

/** config maxBytes, kept here (the check runs for every array made from host data). */
let cap = configValue("maxBytes");
onConfigChange((changed) => {
  if (changed.maxBytes !== undefined) cap = changed.maxBytes;
});

/**
 * Throw a RangeError if an array of `shape` and `dtype`, created by `op`, is larger than `backend`
 * can hold or than `config.maxBytes`: before any work, naming the op, shape, dtype and bytes.
 * @example checkAllocation("broadcast_in_dim", ShapedArray.of([60000, 60000], "float32"), getBackend())
 */
export function checkAllocation(op: string, aval: ShapedArray, backend: Backend): void {
  checkSize(op, prod(aval.shape), aval.shape, aval.dtype, backend);
}

/** `checkAllocation` when the element count `size` of `shape` is known. */
export function checkSize(op: string, size: number, shape: Shape, dtype: DType, backend: Backend): void {
  const bytes = size * ITEM_BYTES[dtype], limits = backend.limits;
  if (bytes <= cap && bytes <= limits.bytes && size <= limits.elements) return;
  const why =
    bytes > cap ? `more than the limit set by config.update({ maxBytes: ${cap} })`
    : bytes > limits.bytes ? `more than the ${backend.name} backend can hold (${fmtUnits(limits.bytes)})`
    : `more elements than the ${backend.name} backend can hold (${limits.elements.toLocaleString("en-US")}, a TypedArray's maximum length)`;
  throw new RangeError(`${op}: cannot allocate ${dtype}[${shape.join(",")}]: ${fmtBytes(bytes)}, ${why}`);
}
