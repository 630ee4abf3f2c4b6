/**
 * @file The table every primitive test is generated from: for each primitive, how to apply it
 * (through lax, with typical params), which dtypes it accepts, the input domain where it is smooth,
 * and (for elementwise primitives) a float64 scalar reference.
 */
import { DType } from "../src/core/dtype.js";
import { NDArray } from "../src/core/array.js";
import { primitives } from "../src/primitives/registry.js";
import * as L from "../src/lax/index.js";
import { erfRef } from "./reference.js";
import { bindConv } from "../src/primitives/conv.js";
import { CONV_CASES, convParams } from "./conv_reference.js";
import { bindReduceWindow, selectAndGatherAdd, selectAndScatterAdd } from "../src/primitives/reduce_window.js";
import { RW_CASES, windowTaps } from "./reduce_window_reference.js";

export interface OpCase {
  /** Primitive name (as printed in jaxprs); several cases may exercise one primitive. */
  prim: string;
  /** A label for test names. */
  label: string;
  /** Input shapes. */
  shapes: number[][];
  /** Dtypes accepted (all inputs share the dtype unless `inputDtypes` fixes some). */
  dtypes: DType[];
  /** Inputs of fixed dtype (e.g. gather indices), by position: a generator of their values. */
  fixed?: Record<number, () => NDArray>;
  /** Apply the primitive through lax. */
  fn: (...xs: NDArray[]) => NDArray;
  /** Float64 scalar reference for elementwise primitives. */
  ref?: (...xs: number[]) => number;
  /** Sample float inputs in [lo, hi] (away from kinks). */
  domain?: [number, number];
  /** Differentiable in its float inputs (jvp/vjp checks apply). */
  diff: boolean;
}

const F: DType[] = ["float32", "float64"];
const NUM: DType[] = ["int32", "uint32", "float32", "float64"];
const ALL: DType[] = ["bool", "int32", "uint32", "float32", "float64"];
const INTS: DType[] = ["bool", "int32", "uint32"];
const S = [[2, 3]];
const S2 = [[2, 3], [2, 3]];

function unary(prim: string, fn: (x: NDArray) => NDArray, ref: (x: number) => number, domain: [number, number], dtypes = F, diff = true): OpCase {
  return { prim, label: prim, shapes: S, dtypes, fn, ref, domain, diff };
}
function binary(prim: string, fn: (x: NDArray, y: NDArray) => NDArray, ref: (x: number, y: number) => number, domain: [number, number], dtypes = F, diff = true): OpCase {
  return { prim, label: prim, shapes: S2, dtypes, fn, ref, domain, diff };
}

const rint = (x: number) => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};
const b = (v: boolean) => (v ? 1 : 0);
const int32 = (ix: number[], shape: number[]) => () => NDArrayFrom(ix, shape);
import { ConcreteArray } from "../src/core/array.js";
function NDArrayFrom(ix: number[], shape: number[]): NDArray {
  return ConcreteArray.fromTyped(Int32Array.from(ix), shape, "int32");
}

export const cases: OpCase[] = [
  // ---- unary ----
  unary("neg", L.neg, (x) => -x, [-2, 2], NUM),
  unary("sign", L.sign, Math.sign, [0.2, 2], NUM, true),
  unary("floor", L.floor, Math.floor, [0.1, 0.9]),
  unary("ceil", L.ceil, Math.ceil, [0.1, 0.9]),
  unary("round", L.round, rint, [0.1, 0.4]),
  unary("trunc", L.trunc, Math.trunc, [0.1, 0.9]),
  unary("not", L.not, (x) => (x ? 0 : 1), [0, 1], ["bool"], false),
  { ...unary("not", L.not, (x) => ~x, [-3, 3], ["int32", "uint32"], false), label: "not_int" },
  unary("exp", L.exp, Math.exp, [-2, 2]),
  unary("exp2", L.exp2, (x) => 2 ** x, [-2, 2]),
  unary("log", L.log, Math.log, [0.5, 3]),
  unary("log1p", L.log1p, Math.log1p, [-0.5, 2]),
  unary("expm1", L.expm1, Math.expm1, [-2, 2]),
  unary("sqrt", L.sqrt, Math.sqrt, [0.5, 3]),
  unary("cbrt", L.cbrt, Math.cbrt, [0.5, 3]),
  unary("sin", L.sin, Math.sin, [-3, 3]),
  unary("cos", L.cos, Math.cos, [-3, 3]),
  unary("tan", L.tan, Math.tan, [-1.2, 1.2]),
  unary("asin", L.asin, Math.asin, [-0.8, 0.8]),
  unary("acos", L.acos, Math.acos, [-0.8, 0.8]),
  unary("atan", L.atan, Math.atan, [-3, 3]),
  unary("sinh", L.sinh, Math.sinh, [-2, 2]),
  unary("cosh", L.cosh, Math.cosh, [-2, 2]),
  unary("tanh", L.tanh, Math.tanh, [-2, 2]),
  unary("asinh", L.asinh, Math.asinh, [-2, 2]),
  unary("acosh", L.acosh, Math.acosh, [1.5, 3]),
  unary("atanh", L.atanh, Math.atanh, [-0.8, 0.8]),
  unary("abs", L.abs, Math.abs, [0.2, 2], ["int32", "float32", "float64"]),
  unary("erf", L.erf, erfRef, [-2, 2]),
  // ---- binary ----
  binary("add", L.add, (x, y) => x + y, [-2, 2], NUM),
  binary("sub", L.sub, (x, y) => x - y, [-2, 2], NUM),
  binary("mul", L.mul, (x, y) => x * y, [-2, 2], NUM),
  binary("div", L.div, (x, y) => x / y, [0.5, 2]),
  binary("rem", L.rem, (x, y) => x % y, [0.5, 2]),
  binary("pow", L.pow, (x, y) => x ** y, [0.5, 2]),
  binary("max", L.max, Math.max, [-2, 2], NUM),
  binary("min", L.min, Math.min, [-2, 2], NUM),
  binary("atan2", L.atan2, Math.atan2, [0.5, 2]),
  binary("and", L.and, (x, y) => x & y, [0, 1], INTS, false),
  binary("or", L.or, (x, y) => x | y, [0, 1], INTS, false),
  binary("xor", L.xor, (x, y) => x ^ y, [0, 1], INTS, false),
  binary("shift_left", L.shiftLeft, (x, y) => ((y >>> 0) < 32 ? x << y : 0), [0, 40], ["int32", "uint32"], false),
  binary("shift_right_logical", L.shiftRightLogical, (x, y) => ((y >>> 0) < 32 ? x >>> y : 0), [0, 40], ["int32", "uint32"], false),
  binary("shift_right_arithmetic", L.shiftRightArithmetic, (x, y) => x >> ((y >>> 0) < 32 ? y : 31), [0, 40], ["int32", "uint32"], false),
  binary("eq", L.eq, (x, y) => b(x === y), [-2, 2], ALL, false),
  binary("ne", L.ne, (x, y) => b(x !== y), [-2, 2], ALL, false),
  binary("lt", L.lt, (x, y) => b(x < y), [-2, 2], ALL, false),
  binary("le", L.le, (x, y) => b(x <= y), [-2, 2], ALL, false),
  binary("gt", L.gt, (x, y) => b(x > y), [-2, 2], ALL, false),
  binary("ge", L.ge, (x, y) => b(x >= y), [-2, 2], ALL, false),
  {
    prim: "select", label: "select", shapes: S2, dtypes: ALL, domain: [-2, 2], diff: true,
    fn: (x, y) => L.select(L.gt(L.convert(x, "float64"), L.convert(y, "float64")), x, y),
    ref: (x, y) => (x > y ? x : y),
  },
  { prim: "convert_element_type", label: "convert_to_f64", shapes: S, dtypes: ALL, domain: [-2, 2], diff: true, fn: (x) => L.convert(x, "float64"), ref: (x) => x },
  { prim: "convert_element_type", label: "convert_to_i32", shapes: S, dtypes: F, domain: [-2, 2], diff: false, fn: (x) => L.convert(x, "int32"), ref: (x) => Math.trunc(x) },
  { prim: "convert_element_type", label: "convert_to_f32", shapes: S, dtypes: ALL, domain: [-2, 2], diff: true, fn: (x) => L.convert(x, "float32"), ref: (x) => x },
  { prim: "convert_element_type", label: "convert_to_bool", shapes: S, dtypes: ALL, domain: [-2, 2], diff: false, fn: (x) => L.convert(x, "bool"), ref: (x) => b(x !== 0) },
  { prim: "convert_element_type", label: "convert_to_u32", shapes: S, dtypes: ["bool", "int32", "float32", "float64"], domain: [0, 3], diff: false, fn: (x) => L.convert(x, "uint32"), ref: (x) => Math.trunc(x) },
  { prim: "convert_element_type", label: "convert_int_to_i32", shapes: S, dtypes: ["bool", "uint32"], domain: [0, 3], diff: false, fn: (x) => L.convert(x, "int32"), ref: (x) => x },
  { prim: "stop_gradient", label: "stop_gradient", shapes: S, dtypes: F, domain: [-2, 2], diff: true, fn: L.stopGradient, ref: (x) => x },
  // ---- reductions ----
  { prim: "reduce_sum", label: "reduce_sum_axis1", shapes: [[2, 3, 4]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x) => L.reduceSum(x, [1]) },
  { prim: "reduce_sum", label: "reduce_sum_all", shapes: [[2, 3]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x) => L.reduceSum(x, [0, 1]) },
  { prim: "reduce_max", label: "reduce_max", shapes: [[3, 4]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x) => L.reduceMax(x, [1]) },
  { prim: "reduce_min", label: "reduce_min", shapes: [[3, 4]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x) => L.reduceMin(x, [0]) },
  { prim: "reduce_prod", label: "reduce_prod", shapes: [[3, 4]], dtypes: F, domain: [0.5, 1.5], diff: true, fn: (x) => L.reduceProd(x, [1]) },
  { prim: "reduce_sum", label: "reduce_sum_axes02", shapes: [[2, 3, 4]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x) => L.reduceSum(x, [0, 2]) },
  { prim: "reduce_max", label: "reduce_max_axes02", shapes: [[2, 3, 4]], dtypes: ALL, domain: [-2, 2], diff: true, fn: (x) => L.reduceMax(x, [0, 2]) },
  { prim: "reduce_min", label: "reduce_min_all", shapes: [[2, 3]], dtypes: ALL, domain: [-2, 2], diff: true, fn: (x) => L.reduceMin(x, [0, 1]) },
  { prim: "reduce_prod", label: "reduce_prod_axes02", shapes: [[2, 3, 2]], dtypes: NUM, domain: [0.5, 1.5], diff: true, fn: (x) => L.reduceProd(x, [0, 2]) },
  { prim: "argmax", label: "argmax_3d", shapes: [[2, 3, 4]], dtypes: ALL, domain: [-2, 2], diff: false, fn: (x) => L.argmax(x, 1) },
  { prim: "argmin", label: "argmin_3d", shapes: [[2, 3, 4]], dtypes: ALL, domain: [-2, 2], diff: false, fn: (x) => L.argmin(x, 2) },
  { prim: "argmax", label: "argmax", shapes: [[3, 4]], dtypes: NUM, domain: [-2, 2], diff: false, fn: (x) => L.argmax(x, 1) },
  { prim: "argmin", label: "argmin", shapes: [[3, 4]], dtypes: NUM, domain: [-2, 2], diff: false, fn: (x) => L.argmin(x, 0) },
  // ---- movement ----
  { prim: "reshape", label: "reshape", shapes: [[2, 6]], dtypes: ALL, domain: [-2, 2], diff: true, fn: (x) => L.reshape(x, [3, 4]) },
  { prim: "broadcast_in_dim", label: "broadcast_in_dim", shapes: [[3, 1]], dtypes: ALL, domain: [-2, 2], diff: true, fn: (x) => L.broadcastInDim(x, [2, 3, 4], [1, 2]) },
  { prim: "transpose", label: "transpose", shapes: [[2, 3, 4]], dtypes: ALL, domain: [-2, 2], diff: true, fn: (x) => L.transpose(x, [2, 0, 1]) },
  { prim: "slice", label: "slice_strided", shapes: [[5, 6]], dtypes: ALL, domain: [-2, 2], diff: true, fn: (x) => L.slice(x, [1, 0], [5, 6], [2, 3]) },
  { prim: "pad", label: "pad_interior", shapes: [[2, 3]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x) => L.padConfig(x, [[1, 2, 1], [0, 1, 0]], 0) },
  { prim: "pad", label: "pad_negative", shapes: [[4, 3]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x) => L.padConfig(x, [[-1, 1, 0], [2, -1, 0]], 0) },
  { prim: "concatenate", label: "concatenate", shapes: [[2, 3], [2, 2]], dtypes: ALL, domain: [-2, 2], diff: true, fn: (x, y) => L.concatenate([x, y], 1) },
  { prim: "reshape", label: "reshape_to_scalar", shapes: [[1, 1]], dtypes: ALL, domain: [-2, 2], diff: true, fn: (x) => L.reshape(x, []) },
  { prim: "reshape", label: "reshape_3d", shapes: [[2, 3, 4]], dtypes: F, domain: [-2, 2], diff: true, fn: (x) => L.reshape(x, [4, 1, 6]) },
  { prim: "broadcast_in_dim", label: "broadcast_scalar", shapes: [[]], dtypes: ALL, domain: [-2, 2], diff: true, fn: (x) => L.broadcastInDim(x, [2, 3], []) },
  { prim: "broadcast_in_dim", label: "broadcast_middle", shapes: [[3]], dtypes: F, domain: [-2, 2], diff: true, fn: (x) => L.broadcastInDim(x, [2, 3, 4], [1]) },
  { prim: "transpose", label: "transpose_4d", shapes: [[2, 1, 3, 2]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x) => L.transpose(x, [3, 1, 0, 2]) },
  { prim: "slice", label: "slice_3d", shapes: [[3, 4, 5]], dtypes: F, domain: [-2, 2], diff: true, fn: (x) => L.slice(x, [0, 1, 1], [3, 4, 5], [1, 1, 2]) },
  // zero-size output: nothing to differentiate
  { prim: "slice", label: "slice_empty", shapes: [[5, 6]], dtypes: NUM, domain: [-2, 2], diff: false, fn: (x) => L.slice(x, [2, 0], [2, 6]) },
  { prim: "pad", label: "pad_mixed_value", shapes: [[3, 2]], dtypes: ALL, domain: [-2, 2], diff: true, fn: (x) => L.padConfig(x, [[2, -1, 2], [-1, 0, 1]], 1) },
  { prim: "pad", label: "pad_crop_all", shapes: [[4, 5]], dtypes: F, domain: [-2, 2], diff: true, fn: (x) => L.padConfig(x, [[-2, -1, 0], [-1, -3, 0]], 0) },
  { prim: "concatenate", label: "concatenate_3", shapes: [[1, 3], [2, 3], [3, 3]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x, y, z) => L.concatenate([x, y, z], 0) },
  { prim: "rev", label: "rev_one_axis", shapes: [[2, 3, 4]], dtypes: F, domain: [-2, 2], diff: true, fn: (x) => L.rev(x, [1]) },
  { prim: "rev", label: "rev", shapes: [[3, 4]], dtypes: ALL, domain: [-2, 2], diff: true, fn: (x) => L.rev(x, [0, 1]) },
  // ---- products, indexing, sorting, scans ----
  { prim: "dot_general", label: "matmul", shapes: [[3, 4], [4, 2]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x, y) => L.dotGeneral(x, y, { contract: [[1], [0]], batch: [[], []] }) },
  {
    prim: "dot_general", label: "dot_general_batched", shapes: [[2, 4, 3], [3, 2, 4]], dtypes: F, domain: [-2, 2], diff: true,
    fn: (x, y) => L.dotGeneral(x, y, { contract: [[1], [2]], batch: [[0], [1]] }),
  },
  {
    prim: "gather", label: "gather", shapes: [[4, 3]], dtypes: ALL, domain: [-2, 2], diff: true,
    fixed: { 1: int32([3, 0, 0, 2, 1], [5]) }, fn: (x, i) => L.gather(x, i, 0),
  },
  {
    prim: "scatter_add", label: "scatter_add", shapes: [[3, 5]], dtypes: NUM, domain: [-2, 2], diff: true,
    fixed: { 1: int32([3, 0, 0, 2, 1], [5]) }, fn: (u, i) => L.scatterAdd(u, i, 1, [3, 4]),
  },
  {
    prim: "dot_general", label: "dot_general_two_contract", shapes: [[2, 3, 4], [4, 3, 5]], dtypes: NUM, domain: [-2, 2], diff: true,
    fn: (x, y) => L.dotGeneral(x, y, { contract: [[1, 2], [1, 0]], batch: [[], []] }),
  },
  { prim: "dot_general", label: "dot_general_vectors", shapes: [[4], [4]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x, y) => L.dotGeneral(x, y, { contract: [[0], [0]], batch: [[], []] }) },
  {
    prim: "dot_general", label: "dot_general_outer_batch_last", shapes: [[3, 2], [2, 4]], dtypes: F, domain: [-2, 2], diff: true,
    fn: (x, y) => L.dotGeneral(x, y, { contract: [[], []], batch: [[1], [0]] }),
  },
  {
    prim: "gather", label: "gather_axis1_2d_idx", shapes: [[3, 5]], dtypes: ALL, domain: [-2, 2], diff: true,
    fixed: { 1: int32([4, 0, 2, 2], [2, 2]) }, fn: (x, i) => L.gather(x, i, 1),
  },
  {
    prim: "gather", label: "gather_clamped_u32", shapes: [[4, 2]], dtypes: F, domain: [-2, 2], diff: true,
    fixed: { 1: () => ConcreteArray.fromTyped(Uint32Array.from([7, 0, 3]), [3], "uint32") }, fn: (x, i) => L.gather(x, i, 0),
  },
  {
    prim: "gather", label: "gather_clamped_negative", shapes: [[4]], dtypes: NUM, domain: [-2, 2], diff: true,
    fixed: { 1: int32([-2, 1, 5], [3]) }, fn: (x, i) => L.gather(x, i, 0),
  },
  {
    prim: "scatter_add", label: "scatter_add_axis0_2d_idx", shapes: [[2, 2, 3]], dtypes: NUM, domain: [-2, 2], diff: true,
    fixed: { 1: int32([1, 3, 1, 0], [2, 2]) }, fn: (u, i) => L.scatterAdd(u, i, 0, [4, 3]),
  },
  {
    prim: "scatter_add", label: "scatter_add_clamped", shapes: [[2, 3]], dtypes: F, domain: [-2, 2], diff: true,
    fixed: { 1: int32([-1, 4, 1], [3]) }, fn: (u, i) => L.scatterAdd(u, i, 1, [2, 3]),
  },
  { prim: "sort", label: "sort_1d", shapes: [[6]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x) => L.sort(x)[0] },
  { prim: "sort", label: "sort_3d", shapes: [[2, 2, 4]], dtypes: F, domain: [-2, 2], diff: true, fn: (x) => L.sort(x)[0] },
  { prim: "sort", label: "sort_permutation", shapes: [[3, 5]], dtypes: NUM, domain: [-2, 2], diff: false, fn: (x) => L.sort(x)[1] },
  { prim: "cumsum", label: "cumsum_3d_middle", shapes: [[2, 3, 4]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x) => L.cumsum(x, 1) },
  { prim: "cumsum", label: "cumsum_reverse_int", shapes: [[4, 2]], dtypes: ["int32", "uint32"], domain: [-2, 2], diff: false, fn: (x) => L.cumsum(x, 0, true) },
  { prim: "sort", label: "sort", shapes: [[3, 5]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x) => L.sort(x)[0] },
  { prim: "cumsum", label: "cumsum", shapes: [[3, 4]], dtypes: NUM, domain: [-2, 2], diff: true, fn: (x) => L.cumsum(x, 1) },
  { prim: "cumsum", label: "cumsum_reverse", shapes: [[3, 4]], dtypes: F, domain: [-2, 2], diff: true, fn: (x) => L.cumsum(x, 0, true) },  // ---- issue 11: conv ----
  { prim: "conv_general_dilated", label: CONV_CASES[0].label, shapes: [CONV_CASES[0].cfg.lshape, CONV_CASES[0].cfg.rshape], dtypes: F, domain: [-2, 2], diff: true, fn: (x, y) => bindConv(x, y, convParams(CONV_CASES[0].cfg)) },
  { prim: "conv_general_dilated", label: CONV_CASES[1].label, shapes: [CONV_CASES[1].cfg.lshape, CONV_CASES[1].cfg.rshape], dtypes: F, domain: [-2, 2], diff: true, fn: (x, y) => bindConv(x, y, convParams(CONV_CASES[1].cfg)) },
  // ---- issue 11/12: reduce_window (pooling) ----
  ...RW_CASES.map((c): OpCase => {
    const outShape = windowTaps(c.shape, c.p).outShape;
    // uint32 pads a max with 0, which ties real zeros: the padded selection cases leave it out (int32 pads with its minimum)
    const padded = c.p.padding.some(([lo, hi]) => lo || hi) && c.select !== undefined;
    const dtypes: DType[] = c.ints ? (padded ? ["int32", "float32", "float64"] : NUM) : F;
    const base = { prim: c.prim, label: c.label, dtypes, domain: [-2, 2] as [number, number], diff: true };
    const sp = { ...c.p, select: c.select ?? "ge" };
    if (c.prim === "select_and_gather_add") return { ...base, shapes: [c.shape, c.shape], fn: (t, x) => selectAndGatherAdd(t, x, sp) };
    if (c.prim === "select_and_scatter_add") return { ...base, shapes: [outShape, c.shape], fn: (s, x) => selectAndScatterAdd(s, x, sp) };
    const op = c.prim === "reduce_window_sum" ? "sum" : c.prim === "reduce_window_max" ? "max" : "min";
    return { ...base, shapes: [c.shape], fn: (x) => bindReduceWindow(op, x, c.p) };
  }),
];


/**
 * Primitives exercised only through other tests: the higher-order calls, and `debug_callback` (an
 * effect with no outputs, so no value to compare: test/debug.test.ts checks what it calls back with).
 */
// (real, imag, conj, complex take or make complex dtypes: their table is in test/complex_ops.test.ts)
export const coveredElsewhere = new Set(["custom_jvp_call", "custom_vjp_call", "custom_lin", "debug_callback", "real", "imag", "conj", "complex"]);

/** Every registered primitive has a case (or is covered elsewhere): a forgotten primitive fails the suite. */
export function uncoveredPrimitives(): string[] {
  const named = new Set(cases.map((c) => c.prim));
  return [...primitives.keys()].filter((p) => !named.has(p) && !coveredElsewhere.has(p));
}
