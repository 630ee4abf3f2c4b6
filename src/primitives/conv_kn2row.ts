/**
 * @file The kn2row form of conv_general_dilated: multiply the input by every kernel tap at once
 * (Z = lhs[rows, in] · W[in, taps·out], one matmul on the undilated input, no im2col matrix), then one
 * gather kernel sums, for each output, the taps that land on input positions. Cheaper than im2col when
 * the input has fewer positions than the output (an lhs-dilated conv: the input gradient of a strided
 * conv) or more input than output features (the input gradient of a widening conv).
 */
import { ShapedArray, prod, stridesOf } from "../core/aval.js";
import { Expr, Kernel, bin, cast, fconst, iadd, iconst, imul, load, outCoords, ravel, ridx, select, unravel } from "../lower/kernel.js";
import type { ConvParams } from "./conv.js";
import type { Im2colParams } from "../backend/backend.js";
import { convGeometry } from "./conv.js";
import { windowPositions } from "./conv_window.js";

const isIdentity = (s: number[]) => s.every((a, i) => a === i);

/** The kernels and the matmul shape of the kn2row form (a null pack kernel: the operand is used as it is). */
export interface Kn2rowPlan {
  packLhs: Kernel | null; // [groups, batch, ...inSpatial, in features per group]
  packRhs: Kernel; // [groups, in features per group, ...kSpatial, out features per group]
  gather: Kernel; // Z → the output layout, summing the taps
  fastGather: Im2colParams | null; // the same by the im2col routine's tap sum (1-D/2-D, one group, [batch, ...spatial, feature] output, no lhs dilation)
  groups: number;
  m: number;
  k: number;
  n: number;
}

/** Is kn2row the cheaper form: fewer input positions than output positions, and a smaller Z than the im2col matrix? */
export function preferKn2row([lhs, rhs]: ShapedArray[], p: ConvParams): boolean {
  const g = convGeometry(lhs, rhs, p);
  const groups = p.featureGroupCount * p.batchGroupCount;
  const pin = prod(g.inSpatial), pout = prod(g.outSpatial);
  return pin <= pout && pin * (g.o / groups) < pout * g.ci;
}

export function kn2rowPlan([lhs, rhs]: ShapedArray[], p: ConvParams, out: ShapedArray): Kn2rowPlan {
  const g = convGeometry(lhs, rhs, p);
  const dt = out.dtype;
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  const fg = p.featureGroupCount, bg = p.batchGroupCount, { groups, nOut, og, ci: cg } = g;
  const ns = g.inSpatial.length;
  const pin = prod(g.inSpatial), taps = prod(g.kSpatial);

  // lhs as [groups, nOut, ...inSpatial, cg]
  const lst = stridesOf(lhs.shape);
  let packLhs: Kernel | null = null;
  if (!(groups === 1 && lhs.dtype === dt && isIdentity([ls[0], ...ls.slice(2), ls[1]]))) {
    const c = outCoords([groups, nOut, ...g.inSpatial, cg]);
    const batch = bg > 1 ? iadd(imul(c[0], nOut), c[1]) : c[1];
    const feat = fg > 1 ? iadd(imul(c[0], cg), c[ns + 2]) : c[ns + 2];
    const idx = ravel([batch, feat, ...c.slice(2, ns + 2)], [lst[ls[0]], lst[ls[1]], ...ls.slice(2).map((a) => lst[a])]);
    packLhs = { inputs: [lhs.dtype], out: dt, size: groups * nOut * pin * cg, expr: cast(load(0, idx, lhs.dtype), dt) };
  }

  // rhs as [groups, cg, ...kSpatial, og]
  const rst = stridesOf(rhs.shape);
  const rc = outCoords([groups, cg, ...g.kSpatial, og]);
  const rIdx = ravel([iadd(imul(rc[0], og), rc[ns + 2]), rc[1], ...rc.slice(2, ns + 2)], [rst[rs[0]], rst[rs[1]], ...rs.slice(2).map((a) => rst[a])]);
  const packRhs: Kernel = { inputs: [rhs.dtype], out: dt, size: groups * cg * taps * og, expr: cast(load(0, rIdx, rhs.dtype), dt) };

  // out[n, o, y] = Σ_taps Z[g, n, x(y, tap), tap, j] over the taps whose input position x exists
  const oc = outCoords(out.shape);
  const kc = unravel(ridx, g.kSpatial);
  const feat = oc[os[1]];
  const grp = groups === 1 ? iconst(0) : bin("div", feat, iconst(og), "int32");
  const j = groups === 1 ? feat : bin("rem", feat, iconst(og), "int32");
  const { pos: xs, inside } = windowPositions(os.slice(2).map((a) => oc[a]), kc, p, g.inSpatial);
  const zShape = [groups, nOut, ...g.inSpatial, ...g.kSpatial, og];
  const zIdx = ravel([grp, oc[os[0]], ...xs, ...kc, j], stridesOf(zShape));
  const val = load(0, zIdx, dt);
  const gather: Kernel = { inputs: [dt], out: dt, size: out.size, expr: inside ? select(inside, val, fconst(0, dt)) : val, reduce: { op: "sum", size: taps } };
  // the tap sum as the im2col routine: rows (batch, output position), taps (kernel positions), runs over Z's features
  let fastGather: Im2colParams | null = null;
  // (runs shorter than a vector — one output feature — are summed as fast by the kernel)
  if (groups === 1 && og * (dt === "float64" ? 8 : 4) >= 16 && ns >= 1 && ns <= 2 && p.lhsDilation.every((d) => d === 1) && isIdentity([os[0], ...os.slice(2), os[1]]) && (dt === "float32" || dt === "float64")) {
    const zst = stridesOf(zShape);
    const axes = g.inSpatial.map((d, i) => [g.outSpatial[i], g.kSpatial[i], p.windowStrides[i], p.rhsDilation[i], p.padding[i][0], d, zst[2 + i], zst[2 + ns + i]]);
    if (axes.length === 1) axes.unshift([1, 1, 0, 0, 0, 1, 0, 0]);
    const [Y, X] = axes;
    fastGather = {
      outer: [1, nOut, Y[0], X[0]], inner: [Y[1], X[1]], run: og,
      strides: [0, zst[1], Y[6], X[6], Y[7], X[7], 1],
      window: [[Y[2], Y[3], Y[4]], [X[2], X[3], X[4]]], inSize: [Y[5], X[5]], sum: true,
    };
  }
  return { packLhs, packRhs, gather, fastGather, groups, m: nOut * pin, k: cg, n: taps * og };
}
