/**
 * @file The public convolutions of `lax` (jax.lax semantics): convGeneralDilated with string or
 * explicit padding and string dimension numbers, conv (NCHW/OIHW) and convTranspose.
 */
import { NDArray } from "../core/array.js";
import { DType, checkDType, isFloat } from "../core/dtype.js";
import { ArrayLike, asArray } from "../numpy/core.js";
import { show } from "../numpy/signature.js";
import * as L from "./index.js";
import { ConvDimensionNumbers, bindConv, dilateDim } from "../primitives/conv.js";

/** Padding: "SAME" (output size ⌈in/stride⌉, extra padding at the end), "SAME_LOWER" (extra at the start), "VALID" (none), or [lo, hi] per spatial dimension. */
export type ConvPadding = "SAME" | "SAME_LOWER" | "VALID" | [number, number][];
/** Dimension numbers: JAX's strings (`["NHWC", "HWIO", "NHWC"]`), or axis permutations `{ lhs, rhs, out }` as [batch|out-feature, feature|in-feature, ...spatial]. */
export type ConvDimensionSpec = [string, string, string] | ConvDimensionNumbers;

export interface ConvGeneralDilatedOptions {
  lhsDilation?: number[];
  rhsDilation?: number[];
  dimensionNumbers?: ConvDimensionSpec | null;
  featureGroupCount?: number;
  batchGroupCount?: number;
  /** Accepted for JAX compatibility and ignored: every backend computes in the operands' precision. */
  precision?: unknown;
  preferredElementType?: DType | null;
}

/** Permutations from JAX's string dimension numbers (conv_general_permutations): spatial axes in the rhs string's order. */
export function convDimensionNumbers(op: string, ndim: number, spec: ConvDimensionSpec | null | undefined): ConvDimensionNumbers {
  const iota = [...Array(ndim).keys()];
  if (spec === null || spec === undefined) return { lhs: iota, rhs: iota, out: iota };
  if (!Array.isArray(spec)) {
    const ok = (s: unknown) => Array.isArray(s) && s.length === ndim && [...s].sort((a, b) => a - b).every((a, i) => a === i);
    if (!ok(spec.lhs) || !ok(spec.rhs) || !ok(spec.out)) throw new RangeError(`${op}: dimensionNumbers { lhs, rhs, out } must be permutations of 0..${ndim - 1}, got ${show(spec)}`);
    return { lhs: [...spec.lhs], rhs: [...spec.rhs], out: [...spec.out] };
  }
  if (spec.length !== 3 || spec.some((s) => typeof s !== "string")) throw new TypeError(`${op}: dimensionNumbers must be three strings such as ["NHWC", "HWIO", "NHWC"], got ${show(spec)}`);
  const [l, r, o] = spec;
  const bad = (why: string) => new RangeError(`${op}: dimensionNumbers ${show(spec)}: ${why} (operands have rank ${ndim})`);
  for (const s of spec) if (s.length !== ndim || new Set(s).size !== ndim) throw bad(`each string needs ${ndim} distinct letters`);
  const need = (s: string, a: string, b: string) => {
    if (!s.includes(a) || !s.includes(b)) throw bad(`"${s}" must contain "${a}" and "${b}"`);
  };
  need(l, "N", "C"), need(r, "O", "I"), need(o, "N", "C");
  const rSp = [...r].filter((ch) => ch !== "O" && ch !== "I");
  const sp = (s: string, skip: string) => {
    const letters = [...s].filter((ch) => !skip.includes(ch));
    if (!letters.every((ch) => rSp.includes(ch))) throw bad(`"${s}" and "${r}" must name the same spatial dimensions`);
    return rSp.map((ch) => s.indexOf(ch));
  };
  return { lhs: [l.indexOf("N"), l.indexOf("C"), ...sp(l, "NC")], rhs: [r.indexOf("O"), r.indexOf("I"), ...rSp.map((ch) => r.indexOf(ch))], out: [o.indexOf("N"), o.indexOf("C"), ...sp(o, "NC")] };
}

/** Explicit [lo, hi] pairs for a padding type (jax.lax.padtype_to_pads). */
export function padtypeToPads(op: string, inShape: number[], window: number[], strides: number[], padding: ConvPadding): [number, number][] {
  if (typeof padding === "string") {
    if (padding === "VALID") return inShape.map(() => [0, 0]);
    if (padding !== "SAME" && padding !== "SAME_LOWER") throw new RangeError(`${op}: padding must be "SAME", "SAME_LOWER", "VALID" or [lo, hi] pairs, got ${show(padding)}`);
    return inShape.map((d, i) => {
      const outSize = Math.ceil(d / strides[i]);
      const total = Math.max((outSize - 1) * strides[i] + window[i] - d, 0);
      const small = Math.floor(total / 2);
      return padding === "SAME" ? [small, total - small] : [total - small, small];
    });
  }
  if (!Array.isArray(padding) || padding.length !== inShape.length || padding.some((q) => !Array.isArray(q) || q.length !== 2 || !q.every(Number.isInteger))) {
    throw new RangeError(`${op}: padding must be "SAME", "SAME_LOWER", "VALID" or ${inShape.length} integer [lo, hi] pairs, got ${show(padding)}`);
  }
  return padding.map(([lo, hi]) => [lo, hi]);
}

function intVector(op: string, name: string, v: unknown, n: number): number[] {
  if (v === undefined || v === null) return Array(n).fill(1);
  if (!Array.isArray(v) || v.length !== n || v.some((x) => !Number.isInteger(x) || x < 1)) throw new RangeError(`${op}: ${name} must be ${n} integers ≥ 1 (one per spatial dimension), got ${show(v)}`);
  return [...v];
}

function operands(op: string, lhs: ArrayLike, rhs: ArrayLike): [NDArray, NDArray] {
  const l = asArray(lhs), r = asArray(rhs);
  if (l.dtype !== r.dtype) throw new TypeError(`${op}: lhs and rhs dtypes differ: ${l.dtype} vs ${r.dtype} (convert one first)`);
  if (!isFloat(l.dtype)) throw new TypeError(`${op}: expected float operands, got ${l.dtype}`);
  if (l.ndim !== r.ndim || l.ndim < 2) throw new RangeError(`${op}: lhs [${l.shape}] and rhs [${r.shape}] must have the same rank ≥ 2 (batch, feature and spatial axes)`);
  return [l, r];
}

/**
 * General N-d convolution (cross-correlation, as jax.lax.conv_general_dilated): strides, padding,
 * lhs dilation (transposed convolution), rhs dilation (atrous), feature groups (depthwise), batch groups.
 * Layout defaults to NCHW/OIHW/NCHW; `dimensionNumbers: ["NHWC", "HWIO", "NHWC"]` picks channels-last.
 * NB: `precision` is accepted and ignored — every backend computes in the operands' dtype.
 * @example lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] })
 */
export function convGeneralDilated(lhs: ArrayLike, rhs: ArrayLike, windowStrides: number[], padding: ConvPadding, opts: ConvGeneralDilatedOptions = {}): NDArray {
  const op = "lax.convGeneralDilated";
  const [l, r] = operands(op, lhs, rhs);
  const ns = l.ndim - 2;
  const dn = convDimensionNumbers(op, l.ndim, opts.dimensionNumbers);
  const strides = intVector(op, "windowStrides", windowStrides, ns);
  const lhsDilation = intVector(op, "lhsDilation", opts.lhsDilation, ns);
  const rhsDilation = intVector(op, "rhsDilation", opts.rhsDilation, ns);
  if (typeof padding === "string" && lhsDilation.some((d) => d !== 1)) {
    throw new RangeError(`${op}: string padding ${show(padding)} is not defined with lhsDilation ${show(lhsDilation)} (as in JAX): give explicit [lo, hi] pairs, or use lax.convTranspose`);
  }
  const window = dn.rhs.slice(2).map((a, i) => dilateDim(r.shape[a], rhsDilation[i]));
  const pads = padtypeToPads(op, dn.lhs.slice(2).map((a) => l.shape[a]), window, strides, padding);
  const count = (name: string, v: unknown) => {
    if (v === undefined) return 1;
    if (!Number.isInteger(v) || (v as number) < 1) throw new RangeError(`${op}: ${name} must be an integer ≥ 1, got ${show(v)}`);
    return v as number;
  };
  const pet = opts.preferredElementType == null ? null : checkDType(opts.preferredElementType, op);
  return bindConv(l, r, {
    windowStrides: strides, padding: pads, lhsDilation, rhsDilation, dimensionNumbers: dn,
    featureGroupCount: count("featureGroupCount", opts.featureGroupCount), batchGroupCount: count("batchGroupCount", opts.batchGroupCount),
    preferredElementType: pet === l.dtype ? null : pet,
  });
}

/**
 * Convolution in NCHW layout with an OIHW kernel (jax.lax.conv).
 * @example lax.conv(np.ones([1, 1, 5, 5]), np.ones([1, 1, 3, 3]), [1, 1], "VALID") // shape [1, 1, 3, 3], all 9
 */
export function conv(lhs: ArrayLike, rhs: ArrayLike, windowStrides: number[], padding: ConvPadding): NDArray {
  return convGeneralDilated(lhs, rhs, windowStrides, padding);
}

export interface ConvTransposeOptions {
  rhsDilation?: number[];
  dimensionNumbers?: ConvDimensionSpec | null;
  /** Flip the kernel spatially and swap its I/O axes (the gradient of a forward conv with that kernel). Default false. */
  transposeKernel?: boolean;
  precision?: unknown;
  preferredElementType?: DType | null;
}

/** jax.lax's padding of a transposed convolution for "SAME"/"VALID" (window k, stride s). */
export function convTransposePadding(op: string, k: number, s: number, padding: string): [number, number] {
  let len: number, a: number;
  if (padding === "SAME") {
    len = k + s - 2;
    a = s > k - 1 ? k - 1 : Math.ceil(len / 2);
  } else if (padding === "VALID") {
    len = k + s - 2 + Math.max(k - s, 0);
    a = k - 1;
  } else throw new RangeError(`${op}: padding must be "SAME", "VALID" or [lo, hi] pairs, got ${show(padding)}`);
  return [a, len - a];
}

/**
 * Transposed convolution (jax.lax.conv_transpose): an lhs-dilated convolution that upsamples by `strides`.
 * Layout defaults to channels-last (NHWC/HWIO/NHWC, and the 1-D/3-D analogues).
 * @example lax.convTranspose(np.ones([1, 2, 2, 1]), np.ones([3, 3, 1, 1]), [2, 2], "SAME").shape // [1, 4, 4, 1]
 */
export function convTranspose(lhs: ArrayLike, rhs: ArrayLike, strides: number[], padding: ConvPadding, opts: ConvTransposeOptions = {}): NDArray {
  const op = "lax.convTranspose";
  const [l, r0] = operands(op, lhs, rhs);
  const nd = l.ndim, ns = nd - 2;
  const defaults: Record<number, [string, string, string]> = { 2: ["NC", "IO", "NC"], 3: ["NHC", "HIO", "NHC"], 4: ["NHWC", "HWIO", "NHWC"], 5: ["NHWDC", "HWDIO", "NHWDC"] };
  const spec = opts.dimensionNumbers ?? defaults[nd];
  if (!spec) throw new RangeError(`${op}: no default dimension numbers for rank ${nd}; pass dimensionNumbers`);
  const dn = convDimensionNumbers(op, nd, spec);
  const st = intVector(op, "strides", strides, ns);
  const rhsDilation = intVector(op, "rhsDilation", opts.rhsDilation, ns);
  const pads = typeof padding === "string"
    ? dn.rhs.slice(2).map((a, i) => convTransposePadding(op, dilateDim(r0.shape[a], rhsDilation[i]), st[i], padding))
    : padtypeToPads(op, dn.lhs.slice(2).map((a) => l.shape[a]), [], st, padding);
  let r = r0;
  if (opts.transposeKernel) {
    // flip spatially and swap the input/output feature axes
    r = L.rev(r, dn.rhs.slice(2));
    const perm = [...Array(nd).keys()];
    [perm[dn.rhs[0]], perm[dn.rhs[1]]] = [dn.rhs[1], dn.rhs[0]];
    r = L.transpose(r, perm);
  }
  return convGeneralDilated(l, r, Array(ns).fill(1), pads, { lhsDilation: st, rhsDilation, dimensionNumbers: dn, preferredElementType: opts.preferredElementType });
}
