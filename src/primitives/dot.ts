/** @file dot_general: contraction over paired axes with batch axes — matmul, dot, einsum and tensordot lower to it. */
import { ShapedArray, fmtShape, prod, stridesOf } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { Primitive, UndefPrimal } from "../core/primitive.js";
import { bin, gidx, load, ravel, ridx, unravel } from "../lower/kernel.js";
import { Lowering, loweredImpl } from "../lower/lowering.js";
import * as L from "../lax/index.js";

export interface DotParams {
  contract: [number[], number[]]; // paired lhs/rhs axes summed over
  batch: [number[], number[]]; // paired lhs/rhs axes kept in front
}

const free = (ndim: number, c: number[], b: number[]) => [...Array(ndim).keys()].filter((i) => !c.includes(i) && !b.includes(i));

const dotEval = ([x, y]: ShapedArray[], { contract: [xc, yc], batch: [xb, yb] }: DotParams) => {
  const bad = (msg: string) => new RangeError(`dot_general: ${msg}: lhs ${x.str()} · rhs ${y.str()} (contract ${fmtShape(xc)}·${fmtShape(yc)}, batch ${fmtShape(xb)}·${fmtShape(yb)})`);
  if (x.dtype !== y.dtype) throw new TypeError(`dot_general: operand dtypes differ: ${x.dtype} vs ${y.dtype}`);
  if (xc.length !== yc.length || xb.length !== yb.length) throw bad("axis lists differ in length");
  xc.forEach((a, k) => {
    if (x.shape[a] !== y.shape[yc[k]]) throw bad(`contracted dimensions differ (${x.shape[a]} ≠ ${y.shape[yc[k]]})`);
  });
  xb.forEach((a, k) => {
    if (x.shape[a] !== y.shape[yb[k]]) throw bad(`batch dimensions differ (${x.shape[a]} ≠ ${y.shape[yb[k]]})`);
  });
  const shape = [...xb.map((a) => x.shape[a]), ...free(x.ndim, xc, xb).map((a) => x.shape[a]), ...free(y.ndim, yc, yb).map((a) => y.shape[a])];
  return [new ShapedArray(shape, x.dtype)];
};

function dotKernel([x, y]: ShapedArray[], { contract: [xc, yc], batch: [xb, yb] }: DotParams, o: ShapedArray) {
  const xf = free(x.ndim, xc, xb), yf = free(y.ndim, yc, yb);
  const oc = unravel(gidx, o.shape);
  const cc = unravel(ridx, xc.map((a) => x.shape[a]));
  const xs = stridesOf(x.shape), ys = stridesOf(y.shape);
  const nb = xb.length, nxf = xf.length;
  const xIdx = ravel([...oc.slice(0, nb), ...oc.slice(nb, nb + nxf), ...cc], [...xb, ...xf, ...xc].map((a) => xs[a]));
  const yIdx = ravel([...oc.slice(0, nb), ...oc.slice(nb + nxf), ...cc], [...yb, ...yf, ...yc].map((a) => ys[a]));
  return {
    inputs: [x.dtype, y.dtype],
    out: o.dtype,
    size: o.size,
    expr: bin("mul", load(0, xIdx, x.dtype), load(1, yIdx, y.dtype)),
    reduce: { op: "sum" as const, size: prod(xc.map((a) => x.shape[a])) },
  };
}

/**
 * The stride of a group of axes read as one merged axis (row-major within the group), or null when
 * the group is not contiguous in that order. Size-1 axes are free.
 */
function mergedStride(shape: readonly number[], strides: number[], group: number[]): number | null {
  const g = group.filter((a) => shape[a] !== 1);
  if (g.length === 0) return 0;
  for (let i = 0; i + 1 < g.length; i++) if (strides[g[i]] !== strides[g[i + 1]] * shape[g[i + 1]]) return null;
  return strides[g[g.length - 1]];
}

/** dot_general as a batched-matmul routine reading operands through strides (no transposing copies), when the axis groups allow. */
function matmulLowering([x, y]: ShapedArray[], { contract: [xc, yc], batch: [xb, yb] }: DotParams): Lowering | null {
  if (x.dtype === "bool") return null;
  const xs = stridesOf(x.shape), ys = stridesOf(y.shape);
  const xf = free(x.ndim, xc, xb), yf = free(y.ndim, yc, yb);
  const s = [mergedStride(x.shape, xs, xb), mergedStride(x.shape, xs, xf), mergedStride(x.shape, xs, xc), mergedStride(y.shape, ys, yb), mergedStride(y.shape, ys, yc), mergedStride(y.shape, ys, yf)];
  if (s.some((v) => v === null)) return null;
  // the contracted groups are paired axis by axis: the merged index must enumerate them in the same order
  const nz = (shape: readonly number[], g: number[]) => g.filter((a) => shape[a] !== 1).map((a) => shape[a]);
  const cx = xc.filter((a, i) => x.shape[a] !== 1 || y.shape[yc[i]] !== 1);
  if (JSON.stringify(nz(x.shape, cx)) !== JSON.stringify(nz(y.shape, cx.map((a) => yc[xc.indexOf(a)])))) return null;
  const size = (shape: readonly number[], g: number[]) => prod(g.map((a) => shape[a]));
  const [sxb, sxf, sxc, syb, syc, syf] = s as number[];
  return {
    kind: "routine",
    name: "matmul",
    inputs: [0, 1],
    params: { batch: size(x.shape, xb), m: size(x.shape, xf), n: size(y.shape, yf), k: size(x.shape, xc), lhsStrides: [sxb, sxf, sxc], rhsStrides: [syb, syc, syf] },
  };
}

/** Permutation taking an axis order `order` (listing operand axes) back to the operand's own order. */
function inversePerm(order: number[]): number[] {
  return order.map((_, i) => order.indexOf(i));
}

// (x·y)' = dx·y + x·dy ; transpose: contract the cotangent with the other operand, then restore axis order
export const dotGeneralP: Primitive<DotParams> = {
  name: "dot_general",
  abstractEval: dotEval,
  impl: loweredImpl,
  lower: (avals, params, [o]) => matmulLowering(avals, params) ?? { kind: "kernel", kernel: dotKernel(avals, params, o) },
  jvp: ([x, y], [dx, dy], p) => {
    // a constant operand's zero tangent contributes no term (no product with a zeros matrix)
    const t = L.isZeroTangent(dx) ? L.dotGeneral(x, dy, p) : L.isZeroTangent(dy) ? L.dotGeneral(dx, y, p) : L.add(L.dotGeneral(dx, y, p), L.dotGeneral(x, dy, p));
    return [[L.dotGeneral(x, y, p)], [t]];
  },
  transpose([ct], [x, y], { contract: [xc, yc], batch: [xb, yb] }) {
    if (!ct) return [null, null];
    const xa = x.aval, ya = y.aval;
    const xf = free(xa.ndim, xc, xb), yf = free(ya.ndim, yc, yb);
    const nb = xb.length, nxf = xf.length;
    const ctB = [...Array(nb).keys()];
    const ctXf = xf.map((_, i) => nb + i), ctYf = yf.map((_, i) => nb + nxf + i);
    const sortedAsc = (a: number[]) => [...a].sort((p, q) => p - q);
    let ctx: NDArray | null = null, cty: NDArray | null = null;
    if (x instanceof UndefPrimal) {
      if (y instanceof UndefPrimal) throw new Error("transpose: dot_general of two linear values is not linear");
      const r = L.dotGeneral(ct, y, { contract: [ctYf, yf], batch: [ctB, yb] });
      ctx = L.transpose(r, inversePerm([...xb, ...xf, ...sortedAsc(yc).map((a) => xc[yc.indexOf(a)])]));
    }
    if (y instanceof UndefPrimal) {
      // x first: the result is (batch, contracted, free) — y's own layout for x·W — so no transpose follows
      const r = L.dotGeneral(x as NDArray, ct, { contract: [xf, ctXf], batch: [xb, ctB] });
      cty = L.transpose(r, inversePerm([...yb, ...sortedAsc(xc).map((a) => yc[xc.indexOf(a)]), ...yf]));
    }
    return [ctx, cty];
  },
  batch([x, y], [bx, by], { contract: [xc, yc], batch: [xb, yb] }) {
    const shift = (axes: number[]) => axes.map((a) => a + 1);
    if (bx !== null && by !== null) {
      const p = { contract: [shift(xc), shift(yc)] as [number[], number[]], batch: [[0, ...shift(xb)], [0, ...shift(yb)]] as [number[], number[]] };
      return [[L.dotGeneral(L.moveaxis(x, bx, 0), L.moveaxis(y, by, 0), p)], [0]];
    }
    if (bx !== null) {
      // the batch axis of lhs becomes its first free axis: it lands right after the batch axes
      const p = { contract: [shift(xc), yc] as [number[], number[]], batch: [shift(xb), yb] as [number[], number[]] };
      return [[L.dotGeneral(L.moveaxis(x, bx, 0), y, p)], [xb.length]];
    }
    const p = { contract: [xc, shift(yc)] as [number[], number[]], batch: [xb, shift(yb)] as [number[], number[]] };
    return [[L.dotGeneral(x, L.moveaxis(y, by as number, 0), p)], [xb.length + free(x.ndim, xc, xb).length]];
  },
};
