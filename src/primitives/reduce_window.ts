/**
 * @file The windowed reductions of XLA/JAX — reduce_window_sum / _max / _min — and the two selection
 * primitives that carry the derivatives of max/min pooling, select_and_gather_add (JVP) and
 * select_and_scatter_add (its transpose): shape rule, JVP, transpose and batching of each.
 * The kernels are in src/primitives/reduce_window_kernel.ts.
 */
import { ShapedArray, fmtShape } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { DType } from "../core/dtype.js";
import { BDim, Primitive, UndefPrimal } from "../core/primitive.js";
import { loweredImpl } from "../lower/lowering.js";
import * as L from "../lax/index.js";
import { dilateDim } from "./conv.js";
import { reduceWindowKernel, selectAndGatherLowering, selectAndScatterLowering } from "./reduce_window_kernel.js";

/** The window of a windowed reduction, one entry per operand axis (as XLA's Window). */
export interface WindowParams {
  windowDimensions: number[];
  windowStrides: number[];
  /** [lo, hi] per axis; negative values crop. */
  padding: [number, number][];
  baseDilation: number[];
  windowDilation: number[];
}

/** The selection of the max/min chooser: "ge" picks the first maximum of a window, "le" the first minimum. */
export interface SelectParams extends WindowParams {
  select: "ge" | "le";
}

/**
 * The output shape of a window over `shape` (with clear errors for inconsistent params):
 * ⌊(dilated input + lo + hi − dilated window) / stride⌋ + 1 per axis, 0 when the window does not fit.
 */
export function windowOutShape(name: string, shape: readonly number[], p: WindowParams): number[] {
  const nd = shape.length;
  const bad = (msg: string) => new RangeError(`${name}: ${msg} (operand shape ${fmtShape(shape)})`);
  const vec = (what: string, v: unknown, min: number) => {
    if (!Array.isArray(v) || v.length !== nd || v.some((x) => !Number.isInteger(x) || x < min)) throw bad(`${what} must be ${nd} integers ≥ ${min} (one per operand axis), got ${JSON.stringify(v)}`);
  };
  vec("windowDimensions", p.windowDimensions, 1);
  vec("windowStrides", p.windowStrides, 1);
  vec("baseDilation", p.baseDilation, 1);
  vec("windowDilation", p.windowDilation, 1);
  if (!Array.isArray(p.padding) || p.padding.length !== nd || p.padding.some((q) => !Array.isArray(q) || q.length !== 2 || !q.every(Number.isInteger))) {
    throw bad(`padding must be ${nd} integer [lo, hi] pairs, got ${JSON.stringify(p.padding)}`);
  }
  return shape.map((d, i) => {
    const padded = dilateDim(d, p.baseDilation[i]) + p.padding[i][0] + p.padding[i][1];
    if (padded < 0) throw bad(`padding ${JSON.stringify(p.padding[i])} crops axis ${i} below size 0`);
    const w = dilateDim(p.windowDimensions[i], p.windowDilation[i]);
    return padded < w ? 0 : Math.floor((padded - w) / p.windowStrides[i]) + 1;
  });
}

/** Window params of the same window with one unit axis inserted at `axis` (a batch axis under vmap). */
export function withUnitAxis(p: WindowParams, axis: number): WindowParams {
  const ins = <T>(v: T[], x: T) => [...v.slice(0, axis), x, ...v.slice(axis)];
  return {
    windowDimensions: ins(p.windowDimensions, 1), windowStrides: ins(p.windowStrides, 1), padding: ins(p.padding, [0, 0] as [number, number]),
    baseDilation: ins(p.baseDilation, 1), windowDilation: ins(p.windowDilation, 1),
  };
}

/** The window params alone (a SelectParams carries one more field). */
const windowOf = (p: WindowParams): WindowParams => ({
  windowDimensions: p.windowDimensions, windowStrides: p.windowStrides, padding: p.padding, baseDilation: p.baseDilation, windowDilation: p.windowDilation,
});

function checkDtype(name: string, d: DType, sum: boolean): void {
  if (d === "bool") throw new TypeError(`${name}: bool operand; ${sum ? "cast to an integer dtype first" : "cast to a numeric dtype first"}`);
}

type Op = "sum" | "max" | "min";
const names: Record<Op, string> = { sum: "reduce_window_sum", max: "reduce_window_max", min: "reduce_window_min" };

export const bindReduceWindow = (op: Op, x: NDArray, p: WindowParams): NDArray => L.bindPrim(reduceWindowPrims[op], [x], windowOf(p))[0];
export const selectAndGatherAdd = (t: NDArray, x: NDArray, p: SelectParams): NDArray => L.bindPrim(selectAndGatherAddP, [t, x], p)[0];
export const selectAndScatterAdd = (s: NDArray, x: NDArray, p: SelectParams): NDArray => L.bindPrim(selectAndScatterAddP, [s, x], p)[0];

/** Padding of the sum's transpose: the cotangent, stride-dilated, padded so that a window sum over it lands on every input element. */
function sumTransposePadding(inShape: readonly number[], outShape: readonly number[], p: WindowParams): [number, number, number][] {
  return inShape.map((d, i) => {
    const ld = dilateDim(d, p.baseDilation[i]), kd = dilateDim(p.windowDimensions[i], p.windowDilation[i]), od = dilateDim(outShape[i], p.windowStrides[i]);
    const before = kd - p.padding[i][0] - 1;
    return [before, ld + kd - 1 - od - before, p.windowStrides[i] - 1];
  });
}

function reduceWindowPrim(op: Op): Primitive<WindowParams> {
  const name = names[op];
  const abstractEval = ([x]: ShapedArray[], p: WindowParams) => {
    checkDtype(name, x.dtype, op === "sum");
    return [new ShapedArray(windowOutShape(name, x.shape, p), x.dtype)];
  };
  const prim: Primitive<WindowParams> = {
    name,
    abstractEval,
    impl: loweredImpl,
    lower: ([x], p, [o]) => ({ kind: "kernel", kernel: reduceWindowKernel(op, x, p, o) }),
    jvp: ([x], [t], p) => {
      const out = bindReduceWindow(op, x, p);
      if (L.isZeroTangent(t)) return [[out], [L.zeroTangent(out)]];
      // d Σ_window x = Σ_window dx ; d max_window x = dx at the window's first maximum (select_and_gather_add)
      return [[out], [op === "sum" ? bindReduceWindow("sum", t, p) : selectAndGatherAdd(t, x, { ...windowOf(p), select: op === "max" ? "ge" : "le" })]];
    },
    // transpose of a window sum: every input element collects the cotangents of the windows that hold it —
    // the stride-dilated, padded cotangent summed over the window, strided by the base dilation (as JAX)
    transpose: op !== "sum" ? null : ([ct], [x], p) => {
      if (!ct) return [null];
      const inShape = (x as UndefPrimal).aval.shape;
      const padded = L.padConfig(ct, sumTransposePadding(inShape, ct.shape, p), 0);
      const res = bindReduceWindow("sum", padded, {
        windowDimensions: p.windowDimensions, windowStrides: p.baseDilation, padding: inShape.map(() => [0, 0]),
        baseDilation: inShape.map(() => 1), windowDilation: p.windowDilation,
      });
      return [res];
    },
    // batching: a unit window over the batch axis
    batch: ([x], [bd], p) => [[bindReduceWindow(op, x, withUnitAxis(p, bd as number))], [bd]],
  };
  return prim;
}

export const reduceWindowSumP = reduceWindowPrim("sum");
export const reduceWindowMaxP = reduceWindowPrim("max");
export const reduceWindowMinP = reduceWindowPrim("min");
const reduceWindowPrims: Record<Op, Primitive<WindowParams>> = { sum: reduceWindowSumP, max: reduceWindowMaxP, min: reduceWindowMinP };

function selectEval(name: string, first: "tangents" | "source", gather: boolean) {
  return ([a, x]: ShapedArray[], p: SelectParams): ShapedArray[] => {
    if (p.select !== "ge" && p.select !== "le") throw new RangeError(`${name}: select must be "ge" or "le", got ${JSON.stringify(p.select)}`);
    checkDtype(name, x.dtype, false);
    if (a.dtype !== x.dtype) throw new TypeError(`${name}: ${first} and operand dtypes differ: ${a.dtype} vs ${x.dtype}`);
    const outShape = windowOutShape(name, x.shape, p);
    const want = gather ? x.shape : outShape;
    if (a.ndim !== want.length || a.shape.some((d, i) => d !== want[i])) {
      throw new RangeError(`${name}: ${first} of shape ${fmtShape(a.shape)}, expected ${fmtShape(want)} (${gather ? "the operand's shape" : "the shape of the windows"}; operand ${fmtShape(x.shape)})`);
    }
    return [new ShapedArray(gather ? outShape : x.shape, a.dtype)];
  };
}

/** Both operands batched along axis 0 (an unbatched one broadcast), and the window widened by a unit axis. */
function batchBoth([a, x]: NDArray[], [ba, bx]: BDim[], p: SelectParams, size: number): [NDArray, NDArray, SelectParams] {
  return [L.batchToFront(a, ba, size), L.batchToFront(x, bx, size), { ...withUnitAxis(p, 0), select: p.select }];
}

/**
 * select_and_gather_add(t, x): for each window of x, t at the window's selected element — the first
 * maximum ("ge") or minimum ("le") in row-major window order; 0 for a window holding a NaN, or whose
 * first extremum is padding (a window of −∞ for "ge"). Linear in t.
 */
export const selectAndGatherAddP: Primitive<SelectParams> = {
  name: "select_and_gather_add",
  abstractEval: selectEval("select_and_gather_add", "tangents", true),
  impl: loweredImpl,
  lower: selectAndGatherLowering,
  // linear in t, and the selection is piecewise constant in x: d sga(t, x) = sga(dt, x)
  jvp: ([t, x], [dt], p) => [[selectAndGatherAdd(t, x, p)], [selectAndGatherAdd(dt, x, p)]],
  // transpose w.r.t. t: each window's cotangent goes back to its selected element (select_and_scatter_add)
  transpose([ct], [t, x], p) {
    if (x instanceof UndefPrimal) throw new Error("transpose: select_and_gather_add is not linear in its operand");
    return [ct && selectAndScatterAdd(ct, x as NDArray, p), null];
  },
  batch: (args, dims, p, size) => {
    const [t, x, q] = batchBoth(args, dims, p, size);
    return [[selectAndGatherAdd(t, x, q)], [0]];
  },
};

/**
 * select_and_scatter_add(s, x): each window's source value s added at the window's selected element of
 * x (as select_and_gather_add selects), zeros elsewhere; the result has x's shape. Linear in s.
 */
export const selectAndScatterAddP: Primitive<SelectParams> = {
  name: "select_and_scatter_add",
  abstractEval: selectEval("select_and_scatter_add", "source", false),
  impl: loweredImpl,
  lower: selectAndScatterLowering,
  // linear in s, piecewise constant in x: d ssa(s, x) = ssa(ds, x)
  jvp: ([s, x], [ds], p) => [[selectAndScatterAdd(s, x, p)], [selectAndScatterAdd(ds, x, p)]],
  // transpose w.r.t. s: each window reads the cotangent at its selected element (select_and_gather_add)
  transpose([ct], [s, x], p) {
    if (x instanceof UndefPrimal) throw new Error("transpose: select_and_scatter_add is not linear in its operand");
    return [ct && selectAndGatherAdd(ct, x as NDArray, p), null];
  },
  batch: (args, dims, p, size) => {
    const [s, x, q] = batchBoth(args, dims, p, size);
    return [[selectAndScatterAdd(s, x, q)], [0]];
  },
};

