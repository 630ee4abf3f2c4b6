/**
 * @file Pooling as flax.linen.max_pool / avg_pool: windows over the spatial axes of channels-last
 * inputs ([...batch, ...spatial, features]), as plain functions and as parameterless layers, each one
 * reduce_window primitive (lax.reduceWindow): differentiable, batchable, jit-able.
 */
import { NDArray } from "../../core/array.js";
import type { Shape } from "../../core/aval.js";
import { ArrayLike, asArray } from "../../numpy/core.js";
import * as np from "../../numpy/index.js";
import { show } from "../../numpy/signature.js";
import { padtypeToPads } from "../../lax/conv.js";
import { WindowOp, windowReduce } from "../../lax/reduce_window.js";
import type { Layer } from "../layer.js";

/** Pool padding: "SAME", "VALID", or [lo, hi] per spatial dimension. */
export type PoolPadding = "SAME" | "VALID" | [number, number][];

export interface PoolOptions {
  /** Window strides (default 1 in every spatial dimension). */
  strides?: number[];
  /** Default "VALID". */
  padding?: PoolPadding;
}
export interface AvgPoolOptions extends PoolOptions {
  /** Count padded positions in the averages' denominators (default true, as Flax). */
  countIncludePad?: boolean;
}

function checkWindow(op: string, windowShape: unknown): number[] {
  if (!Array.isArray(windowShape) || windowShape.length === 0 || windowShape.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new TypeError(`${op}: windowShape must be a non-empty array of integers ≥ 1 (one per spatial dimension), got ${show(windowShape)}`);
  }
  return [...windowShape];
}

interface PoolGeometry {
  strides: number[];
  pads: [number, number][];
  /** The spatial output shape. */
  out: number[];
  /** Batch axes before the spatial ones (0: an unbatched input). */
  batchDims: number;
}

function geometry(op: string, shape: Shape, window: number[], opts: PoolOptions): PoolGeometry {
  const ns = window.length;
  if (shape.length < ns + 1) throw new RangeError(`${op}: input of shape [${shape}] has too few axes for a ${ns}-d window [${window}]: expected [...batch, ...${ns} spatial, features]`);
  const batchDims = shape.length - ns - 1;
  const spatial = shape.slice(batchDims, batchDims + ns);
  const strides = opts.strides ?? window.map(() => 1);
  if (!Array.isArray(strides) || strides.length !== ns || strides.some((s) => !Number.isInteger(s) || s < 1)) throw new RangeError(`${op}: strides must be ${ns} integers ≥ 1, got ${show(strides)}`);
  const pads = padtypeToPads(op, spatial, window, strides, opts.padding ?? "VALID");
  if (pads.some(([lo, hi]) => lo < 0 || hi < 0)) throw new RangeError(`${op}: padding must not be negative, got ${show(opts.padding)}`);
  const out = spatial.map((d, i) => {
    const padded = d + pads[i][0] + pads[i][1];
    if (padded < window[i]) throw new RangeError(`${op}: window [${window}] is larger than the padded input (spatial shape [${spatial}] with padding ${show(pads)})`);
    return Math.floor((padded - window[i]) / strides[i]) + 1;
  });
  return { strides, pads, out, batchDims };
}

/** Reduce the spatial windows of `x` ([...batch, ...spatial, features]) with one reduce_window primitive. */
function poolWindows(op: string, red: WindowOp, x: NDArray, window: number[], g: PoolGeometry): NDArray {
  const b = g.batchDims, lead = Array<number>(b).fill(1);
  const pads: [number, number][] = [...lead.map((): [number, number] => [0, 0]), ...g.pads, [0, 0]];
  return windowReduce(op, red, x, [...lead, ...window, 1], [...lead, ...g.strides, 1], pads);
}

/** A flat array of integers: a window shape (an input to pool has at least two axes, so it is never flat). */
const isWindow = (v: unknown): v is number[] => Array.isArray(v) && v.every((e) => typeof e === "number");

/**
 * Max pooling over the spatial axes of a channels-last input (flax.linen.max_pool); padding counts as −∞.
 * `maxPool(x, windowShape, opts?)` pools an array; `maxPool(windowShape, opts?)` makes the parameterless layer.
 * Tied maxima: the first in window order (row-major over the window) gets the whole gradient, as JAX's
 * reduce_window max (select-and-gather with ≥) does. NB: a window holding a NaN gives NaN and passes no
 * gradient at all (JAX's select-and-scatter hands it to some element of the window).
 * @example nn.maxPool(x, [2, 2], { strides: [2, 2] }) // [N, 28, 28, C] → [N, 14, 14, C]; nn.maxPool([2, 2], { strides: [2, 2] }).apply(null, x)
 */
export function maxPool(windowShape: number[], opts?: PoolOptions): Layer<null>;
export function maxPool(x: ArrayLike, windowShape: number[], opts?: PoolOptions): NDArray;
export function maxPool(x: ArrayLike | number[], w?: number[] | PoolOptions, opts?: PoolOptions): NDArray | Layer<null> {
  if (isWindow(x)) return maxPoolLayer(x, checkOpts("nn.maxPool", w, opts));
  return maxPoolArray(asArray(x), w as number[], opts ?? {});
}

/**
 * Average pooling over the spatial axes of a channels-last input (flax.linen.avg_pool); padding counts
 * as 0 and, with `countIncludePad: false`, is left out of the denominators.
 * `avgPool(x, windowShape, opts?)` pools an array; `avgPool(windowShape, opts?)` makes the parameterless layer.
 * @example nn.avgPool(x, [2, 2], { strides: [2, 2] }) // [N, 28, 28, C] → [N, 14, 14, C]; nn.avgPool([2, 2]).apply(null, x)
 */
export function avgPool(windowShape: number[], opts?: AvgPoolOptions): Layer<null>;
export function avgPool(x: ArrayLike, windowShape: number[], opts?: AvgPoolOptions): NDArray;
export function avgPool(x: ArrayLike | number[], w?: number[] | AvgPoolOptions, opts?: AvgPoolOptions): NDArray | Layer<null> {
  if (isWindow(x)) return avgPoolLayer(x, checkOpts("nn.avgPool", w, opts));
  return avgPoolArray(asArray(x), w as number[], opts ?? {});
}

function checkOpts<O>(op: string, w: unknown, extra: unknown): O {
  if (extra !== undefined) throw new TypeError(`${op}(windowShape, opts?) makes a layer and takes no third argument; to pool an array call ${op}(x, windowShape, opts?)`);
  return (w ?? {}) as O;
}

function maxPoolArray(a: NDArray, windowShape: number[], opts: PoolOptions, op = "nn.maxPool"): NDArray {
  const w = checkWindow(op, windowShape);
  // one reduce_window_max: padding counts as −∞; the derivative goes to the first maximum of each window
  // (select_and_gather_add / select_and_scatter_add), none from a window holding a NaN
  return poolWindows(op, "max", a, w, geometry(op, a.shape, w, opts));
}

function avgPoolArray(a: NDArray, windowShape: number[], opts: AvgPoolOptions, op = "nn.avgPool"): NDArray {
  const w = checkWindow(op, windowShape);
  const g = geometry(op, a.shape, w, opts);
  const sum = poolWindows(op, "sum", a, w, g);
  if (opts.countIncludePad ?? true) return np.divide(sum, w.reduce((p, v) => p * v, 1));
  // the count of real (unpadded) positions in each window: the same pooling of ones over the spatial axes
  const ones = np.ones([...a.shape.slice(g.batchDims, g.batchDims + w.length), 1], { dtype: sum.dtype });
  const count = poolWindows(op, "sum", ones, w, { ...g, batchDims: 0 });
  return np.divide(sum, count);
}

function maxPoolLayer(windowShape: number[], opts: PoolOptions): Layer<null> {
  const w = checkWindow("nn.maxPool", windowShape);
  const name = `maxPool([${w}])`;
  return poolLayer(name, w, opts, (x) => maxPoolArray(x, w, opts, name));
}

function avgPoolLayer(windowShape: number[], opts: AvgPoolOptions): Layer<null> {
  const w = checkWindow("nn.avgPool", windowShape);
  const name = `avgPool([${w}])`;
  return poolLayer(name, w, opts, (x) => avgPoolArray(x, w, opts, name));
}

function poolLayer(name: string, w: number[], opts: PoolOptions, f: (x: NDArray) => NDArray): Layer<null> {
  const outputShape = (s: Shape): Shape => {
    const g = geometry(name, s, w, opts);
    return [...s.slice(0, g.batchDims), ...g.out, s[s.length - 1]];
  };
  const apply = (_params: null, x: NDArray) => f(asArray(x));
  return {
    name,
    init: (_key, inputShape) => (outputShape(inputShape), null),
    initState: () => null,
    outputShape,
    apply,
    applyWithState: (params, state, x) => [apply(params, x), state],
  };
}
