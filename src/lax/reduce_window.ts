/**
 * @file The public windowed reduction of `lax` (jax.lax.reduce_window) for the monoids add / max / min,
 * and `windowReduce`, the checked entry the pooling layers use: strides, "SAME"/"VALID"/explicit
 * padding and dilations resolved and checked here, then one reduce_window_* primitive.
 */
import { NDArray } from "../core/array.js";
import { fmtShape } from "../core/aval.js";
import { isFloat } from "../core/dtype.js";
import { show } from "../numpy/signature.js";
import * as np from "../numpy/index.js";
import * as L from "./index.js";
import * as el from "./public_elementwise.js";
import { laxArray } from "./strict.js";
import { ConvPadding, padtypeToPads } from "./conv.js";
import { dilateDim } from "../primitives/conv.js";
import { WindowParams, bindReduceWindow, windowOutShape } from "../primitives/reduce_window.js";
import { windowIdentity } from "../primitives/reduce_window_kernel.js";

/** Window padding: "SAME" (output ⌈in/stride⌉, extra padding at the end), "SAME_LOWER", "VALID" (none), or [lo, hi] per axis. */
export type WindowPadding = ConvPadding;
/** The reductions a window can apply: sum, max, min. */
export type WindowOp = "sum" | "max" | "min";

function intVector(op: string, name: string, v: unknown, n: number, min: number): number[] {
  if (v === undefined || v === null) return Array(n).fill(1);
  if (!Array.isArray(v) || v.length !== n || v.some((x) => !Number.isInteger(x) || x < min)) {
    throw new RangeError(`${op}: ${name} must be ${n} integers ≥ ${min} (one per operand axis), got ${show(v)}`);
  }
  return [...v];
}

/**
 * Check and resolve a window over every axis of `x` and reduce it with `op` (the shared entry of
 * lax.reduceWindow and the pooling layers; errors name `op`).
 */
export function windowReduce(name: string, op: WindowOp, x: NDArray, windowDimensions: unknown, windowStrides?: unknown, padding?: unknown, baseDilation?: unknown, windowDilation?: unknown): NDArray {
  const nd = x.ndim;
  if (!Array.isArray(windowDimensions) || windowDimensions.length !== nd || windowDimensions.some((w) => !Number.isInteger(w) || w < 1)) {
    throw new RangeError(`${name}: windowDimensions must be ${nd} integers ≥ 1 (one per axis of the operand of shape ${fmtShape(x.shape)}), got ${show(windowDimensions)}`);
  }
  const strides = intVector(name, "windowStrides", windowStrides, nd, 1);
  const bd = intVector(name, "baseDilation", baseDilation, nd, 1);
  const wd = intVector(name, "windowDilation", windowDilation, nd, 1);
  const dilatedWindow = windowDimensions.map((w: number, i) => dilateDim(w, wd[i]));
  const pads = padtypeToPads(name, [...x.shape], dilatedWindow, strides, (padding ?? "VALID") as ConvPadding);
  const p: WindowParams = { windowDimensions: [...windowDimensions], windowStrides: strides, padding: pads, baseDilation: bd, windowDilation: wd };
  windowOutShape(name, x.shape, p); // the shape rule's errors, named
  if (x.dtype === "bool") throw new TypeError(`${name}: bool operand (cast to a numeric dtype first)`);
  return bindReduceWindow(op, x, p);
}

/** Is `init` (a JS number) the identity of `op` in the operand's dtype (±∞ counts for every dtype)? */
function isIdentity(op: WindowOp, init: number, x: NDArray): boolean {
  if (op === "sum") return init === 0;
  return init === windowIdentity(op, x.dtype) || init === (op === "max" ? -Infinity : Infinity);
}

type Computation = (x: any, y: any) => any;
const KNOWN = new Map<Computation, WindowOp>([
  [L.add, "sum"], [el.add, "sum"], [np.add, "sum"],
  [L.max, "max"], [el.max, "max"], [np.maximum, "max"],
  [L.min, "min"], [el.min, "min"], [np.minimum, "min"],
]);

/**
 * `lax.reduceWindow` recognising, besides the computations above, the given (checked) functions —
 * the public `lax.add` / `lax.max` / `lax.min`, which src/public/lax.ts passes in.
 */
export function makeReduceWindow(more: [Computation, WindowOp][]) {
  const known = new Map([...KNOWN, ...more]);
  /**
   * Reduce every window of `operand` with `computation` — `lax.add`, `lax.max` or `lax.min` (as
   * jax.lax.reduce_window). `padding` is "VALID" (default), "SAME", "SAME_LOWER" or [lo, hi] per axis;
   * padded positions and base-dilation holes hold `initValue`, which also starts every window's
   * reduction. Differentiable (max/min: the whole derivative goes to the first extremum of each window
   * in row-major window order, as JAX), batchable and jit-able.
   * NB: only the monoids add, max and min (and np.add / np.maximum / np.minimum) are accepted — no
   * arbitrary computation and no pytrees of operands, which JAX also allows; ∓Infinity is taken as the
   * identity of max/min for integer operands too (their extreme values).
   * @example lax.reduceWindow(x, -Infinity, lax.max, [1, 2, 2, 1], [1, 2, 2, 1]) // 2×2 max pooling of NHWC x
   */
  return function reduceWindow(operand: NDArray | number, initValue: NDArray | number, computation: Computation, windowDimensions: number[], windowStrides?: number[] | null, padding?: WindowPadding, baseDilation?: number[] | null, windowDilation?: number[] | null): NDArray {
    const name = "lax.reduceWindow";
    const x = laxArray("reduceWindow", "operand", operand);
    const op = typeof computation === "function" ? known.get(computation) : undefined;
    if (op === undefined) {
      throw new TypeError(`${name}: computation must be lax.add, lax.max or lax.min (or np.add, np.maximum, np.minimum), got ${show(computation)}; other computations are not supported`);
    }
    if (typeof initValue !== "number" && !(initValue instanceof NDArray)) throw new TypeError(`${name}: initValue must be a scalar (a JS number or a 0-d NDArray), got ${show(initValue)}`);
    if (initValue instanceof NDArray) {
      if (initValue.ndim !== 0) throw new RangeError(`${name}: initValue must be a scalar, got an array of shape ${fmtShape(initValue.shape)}`);
      if (initValue.dtype !== x.dtype) throw new TypeError(`${name}: initValue dtype ${initValue.dtype} differs from the operand's ${x.dtype} (lax does not promote)`);
    } else if (!isFloat(x.dtype) && Number.isFinite(initValue) && !Number.isInteger(initValue)) {
      throw new TypeError(`${name}: initValue ${initValue} is not a ${x.dtype} value`);
    }
    const out = windowReduce(name, op, x, windowDimensions, windowStrides, padding, baseDilation, windowDilation);
    if (typeof initValue === "number" && isIdentity(op, initValue, x)) return out;
    const init = typeof initValue === "number" ? L.full([], initValue, x.dtype) : initValue;
    const c = L.broadcastInDim(init, [...out.shape], []);
    if (op !== "sum") return op === "max" ? L.max(out, c) : L.min(out, c);
    // a sum from `init` over windows whose padding also holds `init`: Σ real + init·(1 + taps − real count)
    const ones = L.fullLike(x, 1);
    const count = windowReduce(name, "sum", ones, windowDimensions, windowStrides, padding, baseDilation, windowDilation);
    const taps = windowDimensions.reduce((a, b) => a * b, 1);
    return L.add(out, L.mul(c, L.sub(L.fullLike(count, 1 + taps), count)));
  };
}
