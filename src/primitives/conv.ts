/**
 * @file conv_general_dilated: N-d convolution (cross-correlation) with strides, padding, lhs/rhs dilation,
 * feature and batch groups, as XLA/JAX define it — shape rule, JVP, both transposes and batching.
 * The kernel (im2col + the backend's matmul) is in src/primitives/conv_kernel.ts.
 */
import { ShapedArray, fmtShape } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { DType, isFloat } from "../core/dtype.js";
import { Primitive, UndefPrimal } from "../core/primitive.js";
import { loweredImpl } from "../lower/lowering.js";
import * as L from "../lax/index.js";
import { convLowering } from "./conv_kernel.js";

/**
 * Which axes of each operand play which role, as JAX's ConvDimensionNumbers: `lhs` = [batch, feature,
 * ...spatial], `rhs` = [out feature, in feature, ...spatial], `out` = [batch, feature, ...spatial].
 */
export interface ConvDimensionNumbers {
  lhs: number[];
  rhs: number[];
  out: number[];
}

export interface ConvParams {
  windowStrides: number[];
  padding: [number, number][];
  lhsDilation: number[];
  rhsDilation: number[];
  dimensionNumbers: ConvDimensionNumbers;
  featureGroupCount: number;
  batchGroupCount: number;
  preferredElementType: DType | null;
}

/** The size of a dimension of size `d` dilated by `r` (r − 1 holes between elements). */
export const dilateDim = (d: number, r: number): number => (d === 0 ? 0 : 1 + r * (d - 1));

/** The geometry of a convolution: sizes read through the dimension numbers, and the output shape. */
export interface ConvGeometry {
  n: number; // lhs batch
  c: number; // lhs features
  o: number; // rhs output features
  ci: number; // rhs input features (c / featureGroupCount)
  inSpatial: number[];
  kSpatial: number[];
  outSpatial: number[];
  outShape: number[];
  groups: number; // featureGroupCount × batchGroupCount (at most one exceeds 1)
  nOut: number; // output batch (n / batchGroupCount)
  og: number; // output features per group (o / groups)
}

/** Sizes and output shape of conv_general_dilated, with clear errors for inconsistent operands. */
export function convGeometry(lhs: ShapedArray, rhs: ShapedArray, p: ConvParams): ConvGeometry {
  const dn = p.dimensionNumbers;
  const where = () => `lhs ${lhs.str()}, rhs ${rhs.str()}, dimension numbers lhs ${fmtShape(dn.lhs)} rhs ${fmtShape(dn.rhs)} out ${fmtShape(dn.out)}`;
  const bad = (msg: string) => new RangeError(`conv_general_dilated: ${msg} (${where()})`);
  if (lhs.ndim !== rhs.ndim) throw bad(`lhs and rhs must have the same rank, got ${lhs.ndim} and ${rhs.ndim}`);
  if (lhs.ndim < 2) throw bad(`operands need rank ≥ 2 (batch and feature axes), got rank ${lhs.ndim}`);
  const nd = lhs.ndim, ns = nd - 2;
  const isPerm = (s: number[]) => s.length === nd && [...s].sort((a, b) => a - b).every((a, i) => a === i);
  for (const k of ["lhs", "rhs", "out"] as const) if (!isPerm(dn[k])) throw bad(`dimension numbers ${k} must be a permutation of 0..${nd - 1}`);
  const vec = (name: string, v: number[], min: number) => {
    if (v.length !== ns || v.some((x) => !Number.isInteger(x) || x < min)) throw bad(`${name} must be ${ns} integers ≥ ${min}, got ${fmtShape(v)}`);
  };
  vec("windowStrides", p.windowStrides, 1);
  vec("lhsDilation", p.lhsDilation, 1);
  vec("rhsDilation", p.rhsDilation, 1);
  if (p.padding.length !== ns || p.padding.some((q) => q.length !== 2 || !q.every(Number.isInteger))) throw bad(`padding must be ${ns} integer [lo, hi] pairs, got ${JSON.stringify(p.padding)}`);
  const fg = p.featureGroupCount, bg = p.batchGroupCount;
  if (!Number.isInteger(fg) || fg < 1 || !Number.isInteger(bg) || bg < 1) throw bad(`featureGroupCount and batchGroupCount must be integers ≥ 1, got ${fg} and ${bg}`);
  if (fg > 1 && bg > 1) throw bad(`at most one of featureGroupCount (${fg}) and batchGroupCount (${bg}) may exceed 1`);
  const n = lhs.shape[dn.lhs[0]], c = lhs.shape[dn.lhs[1]], o = rhs.shape[dn.rhs[0]], ci = rhs.shape[dn.rhs[1]];
  if (c % fg !== 0) throw bad(`lhs features (${c}) must be divisible by featureGroupCount (${fg})`);
  if (ci * fg !== c) throw bad(`lhs features (${c}) must equal rhs input features (${ci}) × featureGroupCount (${fg})`);
  if (o % fg !== 0) throw bad(`rhs output features (${o}) must be divisible by featureGroupCount (${fg})`);
  if (n % bg !== 0) throw bad(`lhs batch (${n}) must be divisible by batchGroupCount (${bg})`);
  if (o % bg !== 0) throw bad(`rhs output features (${o}) must be divisible by batchGroupCount (${bg})`);
  const inSpatial = dn.lhs.slice(2).map((a) => lhs.shape[a]);
  const kSpatial = dn.rhs.slice(2).map((a) => rhs.shape[a]);
  const outSpatial = inSpatial.map((d, i) => {
    const padded = dilateDim(d, p.lhsDilation[i]) + p.padding[i][0] + p.padding[i][1];
    const k = dilateDim(kSpatial[i], p.rhsDilation[i]);
    return padded < k ? 0 : Math.floor((padded - k) / p.windowStrides[i]) + 1;
  });
  const outShape = new Array<number>(nd);
  outShape[dn.out[0]] = n / bg;
  outShape[dn.out[1]] = o;
  dn.out.slice(2).forEach((a, i) => (outShape[a] = outSpatial[i]));
  return { n, c, o, ci, inSpatial, kSpatial, outSpatial, outShape, groups: fg * bg, nOut: n / bg, og: o / (fg * bg) };
}

const convEval = ([lhs, rhs]: ShapedArray[], p: ConvParams) => {
  if (lhs.dtype !== rhs.dtype) throw new TypeError(`conv_general_dilated: operand dtypes differ: lhs ${lhs.dtype} vs rhs ${rhs.dtype}`);
  if (!isFloat(lhs.dtype)) throw new TypeError(`conv_general_dilated: expected float operands, got ${lhs.dtype}`);
  const out = p.preferredElementType ?? lhs.dtype;
  if (!isFloat(out)) throw new TypeError(`conv_general_dilated: preferredElementType must be a float dtype, got ${out}`);
  return [new ShapedArray(convGeometry(lhs, rhs, p).outShape, out)];
};

/** Bind conv_general_dilated (no checks beyond the shape rule). */
export function bindConv(lhs: NDArray, rhs: NDArray, p: ConvParams): NDArray {
  return L.bindPrim(convGeneralDilatedP, [lhs, rhs], p)[0];
}

// ---- reshapes that move a group factor between axes (JAX's _reshape_axis_out_of / _reshape_axis_into) ----

/** Split axis `src` of size n into (size1, n / size1), size1 the major factor. */
function axisOutOf(src: number, size1: number, x: NDArray): NDArray {
  const shape = [...x.shape];
  shape.splice(src, 1, size1, shape[src] / size1);
  return L.reshape(x, shape);
}
/** Merge axis `src` into axis `dst` (numbered after removing `src`), `src` the major factor. */
function axisInto(src: number, dst: number, x: NDArray): NDArray {
  const perm = [...x.shape.keys()].filter((i) => i !== src);
  perm.splice(dst, 0, src);
  const shape = x.shape.filter((_, i) => i !== src);
  shape[dst] *= x.shape[src];
  return L.reshape(L.transpose(x, perm), shape);
}

const swap01 = (s: number[]) => [s[1], s[0], ...s.slice(2)];

/** Padding of the lhs transpose: the full correlation of the cotangent with the flipped kernel, cropped to lhs. */
function lhsTransposePadding(inS: number[], kS: number[], p: ConvParams, outS: number[]): [number, number][] {
  return inS.map((d, i) => {
    const ld = dilateDim(d, p.lhsDilation[i]), kd = dilateDim(kS[i], p.rhsDilation[i]), od = dilateDim(outS[i], p.windowStrides[i]);
    const before = kd - p.padding[i][0] - 1;
    return [before, ld + kd - 1 - od - before];
  });
}
/** Padding of the rhs transpose: lhs correlated with the stride-dilated cotangent, cropped to the kernel. */
function rhsTransposePadding(inS: number[], kS: number[], p: ConvParams, outS: number[]): [number, number][] {
  return inS.map((d, i) => {
    const ld = dilateDim(d, p.lhsDilation[i]), kd = dilateDim(kS[i], p.rhsDilation[i]), od = dilateDim(outS[i], p.windowStrides[i]);
    const lo = p.padding[i][0];
    return [lo, od - ld + (kd - lo - 1)];
  });
}

// transpose w.r.t. lhs: ct_lhs = conv(ct, rev(rhs)) with lhs dilation = strides, strides = lhs dilation, O and I swapped
function transposeLhs(ct: NDArray, lhsAval: ShapedArray, rhs: NDArray, p: ConvParams): NDArray {
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  let fg = p.featureGroupCount;
  const bg = p.batchGroupCount;
  let w = rhs;
  if (fg > 1 || bg > 1) {
    // move the group factor of the output features into the input features of the transposed kernel
    w = axisInto(rs[0], rs[1], axisOutOf(rs[0], Math.max(fg, bg), w));
    if (bg > 1) fg = bg;
  }
  const inS = ls.slice(2).map((a) => lhsAval.shape[a]);
  const kS = rs.slice(2).map((a) => w.shape[a]);
  const outS = os.slice(2).map((a) => ct.shape[a]);
  const padding = lhsTransposePadding(inS, kS, p, outS);
  let out = bindConv(ct, L.rev(w, rs.slice(2)), {
    windowStrides: p.lhsDilation, padding, lhsDilation: p.windowStrides, rhsDilation: p.rhsDilation,
    dimensionNumbers: { lhs: os, rhs: swap01(rs), out: ls }, featureGroupCount: fg, batchGroupCount: 1, preferredElementType: p.preferredElementType,
  });
  if (bg > 1) out = axisInto(ls[1], ls[0], axisOutOf(ls[1], bg, out));
  return out;
}

// transpose w.r.t. rhs: ct_rhs = conv(lhs, ct) with batch and feature roles swapped, strides ↔ rhs dilation,
// feature groups ↔ batch groups
function transposeRhs(ct: NDArray, lhs: NDArray, rhsAval: ShapedArray, p: ConvParams): NDArray {
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  const inS = ls.slice(2).map((a) => lhs.shape[a]);
  const kS = rs.slice(2).map((a) => rhsAval.shape[a]);
  const outS = os.slice(2).map((a) => ct.shape[a]);
  const padding = rhsTransposePadding(inS, kS, p, outS);
  return bindConv(lhs, ct, {
    windowStrides: p.rhsDilation, padding, lhsDilation: p.lhsDilation, rhsDilation: p.windowStrides,
    dimensionNumbers: { lhs: swap01(ls), rhs: swap01(os), out: swap01(rs) },
    featureGroupCount: p.batchGroupCount, batchGroupCount: p.featureGroupCount, preferredElementType: p.preferredElementType,
  });
}

// conv is bilinear: d conv(l, r) = conv(dl, r) + conv(l, dr); transpose: the two adjoint convolutions above
export const convGeneralDilatedP: Primitive<ConvParams> = {
  name: "conv_general_dilated",
  abstractEval: convEval,
  impl: loweredImpl,
  lower: convLowering,
  jvp: ([l, r], [dl, dr], p) => {
    const t = L.isZeroTangent(dl) ? bindConv(l, dr, p) : L.isZeroTangent(dr) ? bindConv(dl, r, p) : L.add(bindConv(dl, r, p), bindConv(l, dr, p));
    return [[bindConv(l, r, p)], [t]];
  },
  transpose([ct0], [l, r], p) {
    if (!ct0) return [null, null];
    // with preferredElementType the cotangent is wider than the operands: bring it back to their dtype
    const ct = ct0.dtype === l.aval.dtype ? ct0 : L.convert(ct0, l.aval.dtype);
    if (ct !== ct0) p = { ...p, preferredElementType: null };
    if (l instanceof UndefPrimal && r instanceof UndefPrimal) throw new Error("transpose: conv_general_dilated of two linear values is not linear");
    if (l instanceof UndefPrimal) return [transposeLhs(ct, l.aval, r as NDArray, p), null];
    return [null, transposeRhs(ct, l as NDArray, (r as UndefPrimal).aval, p)];
  },
  batch([lhs, rhs], [bl, br], p) {
    const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
    const conv = (l: NDArray, r: NDArray, q: Partial<ConvParams> = {}) => bindConv(l, r, { ...p, ...q });
    if (bl !== null && br !== null) {
      // both mapped: the mapped axis becomes extra feature groups (or batch groups)
      const b = lhs.shape[bl];
      let newLhs: NDArray, q: Partial<ConvParams>;
      if (p.batchGroupCount > 1) {
        newLhs = axisInto(bl, ls[0], lhs);
        q = { batchGroupCount: p.batchGroupCount * b };
      } else {
        newLhs = axisInto(bl, ls[1], lhs);
        q = { featureGroupCount: p.featureGroupCount * b };
      }
      const out = conv(newLhs, axisInto(br, rs[0], rhs), q);
      return [[axisOutOf(os[1], b, out)], [os[1]]];
    }
    if (bl !== null) {
      // lhs mapped: fold the mapped axis into the batch axis
      const b = lhs.shape[bl];
      let newLhs: NDArray;
      if (p.batchGroupCount === 1) newLhs = axisInto(bl, ls[0], lhs);
      else {
        // keep batch groups outermost: split them off, fold the mapped axis in, put them back
        newLhs = axisOutOf(ls[0] + (bl <= ls[0] ? 1 : 0), p.batchGroupCount, lhs);
        newLhs = axisInto(bl + (ls[0] < bl ? 1 : 0), ls[0] + 1, newLhs);
        newLhs = axisInto(ls[0], ls[0], newLhs);
      }
      return [[axisOutOf(os[0], b, conv(newLhs, rhs))], [os[0]]];
    }
    // rhs mapped: fold the mapped axis into the output features (inside each group)
    const b = rhs.shape[br as number];
    if (p.featureGroupCount === 1 && p.batchGroupCount === 1) {
      return [[axisOutOf(os[1], b, conv(lhs, axisInto(br as number, rs[0], rhs)))], [os[1]]];
    }
    const g = Math.max(p.featureGroupCount, p.batchGroupCount);
    let newRhs = axisOutOf(rs[0] + ((br as number) <= rs[0] ? 1 : 0), g, rhs);
    newRhs = axisInto((br as number) + (rs[0] < (br as number) ? 1 : 0), rs[0] + 1, newRhs);
    newRhs = axisInto(rs[0], rs[0], newRhs);
    let out = axisOutOf(os[1], g, conv(lhs, newRhs));
    out = axisOutOf(os[1] + 1, b, out);
    out = axisInto(os[1], os[1] + 1, out);
    return [[out], [os[1]]];
  },
};
