/**
 * @file The kernels of the windowed reductions (src/primitives/reduce_window.ts), on every backend and
 * dtype: the reduction itself (one fused kernel; small max/min windows unrolled into one expression),
 * the selected element of each window (an argmax/argmin kernel), and the gather / scatter that move
 * tangents and cotangents to and from it (one elementwise kernel for non-overlapping windows — the
 * pooling case — else a sum over the window taps of each input element).
 */
import { ShapedArray, prod, stridesOf } from "../core/aval.js";
import { ConcreteArray } from "../core/array.js";
import { DType, isFloat } from "../core/dtype.js";
import { Backend, Buf, Executable } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import { Expr, Kernel, ReduceOp, bin, fconst, gidx, iadd, iconst, imul, load, outCoords, ravel, ridx, select, un, unravel } from "../lower/kernel.js";
import { Lowering } from "../lower/lowering.js";
import { dilateDim } from "./conv.js";
import type { SelectParams, WindowParams } from "./reduce_window.js";

/** The identity of a max/min/sum reduction in dtype `d` (what padding and base-dilation holes hold). */
export function windowIdentity(op: "sum" | "max" | "min", d: DType): number {
  if (op === "sum") return 0;
  if (isFloat(d)) return op === "max" ? -Infinity : Infinity;
  if (d === "uint32") return op === "max" ? 0 : 4294967295;
  return op === "max" ? -2147483648 : 2147483647;
}

const and = (a: Expr | null, b: Expr): Expr => (a ? bin("and", a, b, "bool") : b);

/** The axes whose window has more than one tap, and their window sizes (a tap index runs over these, row-major). */
function tapAxes(p: WindowParams): { axes: number[]; sizes: number[] } {
  const axes = p.windowDimensions.map((_, i) => i).filter((i) => p.windowDimensions[i] > 1);
  return { axes, sizes: axes.map((i) => p.windowDimensions[i]) };
}

/**
 * Where output position `o` and window tap `k` (per axis; null = tap 0) read the operand: the flat index
 * and the condition that the position is a real element (not padding, not a base-dilation hole) — null
 * when every position is. x = o·stride + k·windowDilation − lo in the dilated, padded operand; only the
 * checks that can fail for these shapes are emitted.
 */
export function tapPosition(o: Expr[], k: (Expr | number)[], p: WindowParams, inShape: readonly number[], outShape: readonly number[]): { index: Expr; inside: Expr | null } {
  const st = stridesOf(inShape);
  let inside: Expr | null = null;
  let index: Expr = iconst(0);
  inShape.forEach((d, i) => {
    const s = p.windowStrides[i], wd = p.windowDilation[i], bd = p.baseDilation[i], lo = p.padding[i][0];
    const ki = k[i];
    const tap = typeof ki === "number" ? iconst(ki * wd) : imul(ki, wd);
    const x = iadd(iadd(imul(o[i], s), tap), iconst(-lo));
    const maxX = (outShape[i] - 1) * s + (p.windowDimensions[i] - 1) * wd - lo;
    if (lo > 0) inside = and(inside, bin("ge", x, iconst(0), "bool"));
    if (maxX >= dilateDim(d, bd)) inside = and(inside, bin("lt", x, iconst(dilateDim(d, bd)), "bool"));
    if (bd > 1) inside = and(inside, bin("eq", bin("rem", x, iconst(bd), "int32"), iconst(0), "bool"));
    index = iadd(index, imul(bd > 1 ? bin("div", x, iconst(bd), "int32") : x, st[i]));
  });
  return { index, inside };
}

/** Tap coordinates per axis from a flat tap index (row-major over the axes with more than one tap). */
function tapCoords(flat: Expr, p: WindowParams): (Expr | number)[] {
  const { axes, sizes } = tapAxes(p);
  const coords = unravel(flat, sizes);
  const k: (Expr | number)[] = p.windowDimensions.map(() => 0);
  axes.forEach((a, j) => (k[a] = coords[j]));
  return k;
}

/** The constant tap coordinates of every tap, in row-major window order. */
function allTaps(p: WindowParams): number[][] {
  return p.windowDimensions.reduce<number[][]>((acc, w) => acc.flatMap((t) => Array.from({ length: w }, (_, j) => [...t, j])), [[]]);
}

/** Windows of at most this many taps are unrolled into one max/min expression (no reduction loop). */
export const reduceWindowTuning = { unrollTaps: 9 };

/** The value a tap reads: the operand element, or the identity over padding and holes. */
function tapValue(x: ShapedArray, pos: { index: Expr; inside: Expr | null }, ident: number): Expr {
  const v = load(0, pos.index, x.dtype);
  return pos.inside ? select(pos.inside, v, fconst(ident, x.dtype)) : v;
}

/** reduce_window_{sum,max,min} as one kernel over the output: a reduction over the window taps (unrolled for small max/min windows). */
export function reduceWindowKernel(op: "sum" | "max" | "min", x: ShapedArray, p: WindowParams, out: ShapedArray): Kernel {
  const oc = outCoords(out.shape);
  const ident = windowIdentity(op, x.dtype);
  const taps = prod(p.windowDimensions);
  if (op !== "sum" && taps <= reduceWindowTuning.unrollTaps) {
    // a balanced tree of max/min over the taps (NaN-propagating, as the reduction)
    let vals = allTaps(p).map((k) => tapValue(x, tapPosition(oc, k, p, x.shape, out.shape), ident));
    while (vals.length > 1) {
      const next: Expr[] = [];
      for (let j = 0; j < vals.length; j += 2) next.push(j + 1 < vals.length ? bin(op, vals[j], vals[j + 1]) : vals[j]);
      vals = next;
    }
    return { inputs: [x.dtype], out: out.dtype, size: out.size, expr: vals[0] };
  }
  const expr = tapValue(x, tapPosition(oc, tapCoords(ridx, p), p, x.shape, out.shape), ident);
  return { inputs: [x.dtype], out: out.dtype, size: out.size, expr, reduce: { op, size: taps } };
}

/**
 * The flat tap index (row-major over the window) of each window's selected element: the first maximum
 * ("ge") or minimum ("le"); padding reads the reduction's identity; a NaN is selected over any number.
 */
export function selectionKernel(x: ShapedArray, p: SelectParams, outShape: number[]): Kernel {
  const oc = outCoords(outShape);
  const ident = windowIdentity(p.select === "ge" ? "max" : "min", x.dtype);
  const expr = tapValue(x, tapPosition(oc, tapCoords(ridx, p), p, x.shape, outShape), ident);
  const op: ReduceOp = p.select === "ge" ? "argmax" : "argmin";
  return { inputs: [x.dtype], out: "int32", size: prod(outShape), expr, reduce: { op, size: prod(p.windowDimensions) } };
}

/** `valid` also requires that the selected operand value `v` is not NaN (a NaN window passes no derivative). */
const notNaN = (valid: Expr | null, v: Expr): Expr | null => (isFloat(v.dtype) ? and(valid, un("not", un("isnan", v, "bool"), "bool")) : valid);

/** select_and_gather_add: out[o] = t at the selected element of window o (inputs: selection, t, x). */
export function gatherKernel(t: ShapedArray, x: ShapedArray, p: SelectParams, out: ShapedArray): Kernel {
  const oc = outCoords(out.shape);
  const pos = tapPosition(oc, tapCoords(load(0, gidx, "int32"), p), p, x.shape, out.shape);
  const idx = pos.inside ? select(pos.inside, pos.index, iconst(0)) : pos.index; // in bounds when the tap is padding
  const valid = notNaN(pos.inside, load(2, idx, x.dtype));
  const v = load(1, idx, t.dtype);
  return { inputs: ["int32", t.dtype, x.dtype], out: t.dtype, size: out.size, expr: valid ? select(valid, v, fconst(0, t.dtype)) : v };
}

/** Do the windows not overlap (stride ≥ window, no dilation), so that each element belongs to at most one? */
const disjoint = (p: WindowParams) => p.windowDimensions.every((w, i) => p.windowStrides[i] >= w && p.windowDilation[i] === 1 && p.baseDilation[i] === 1);

/**
 * select_and_scatter_add: out[i] = Σ over the windows whose selected element is i of their source value
 * (inputs: selection, s, x). Non-overlapping windows: the one window holding i, elementwise; otherwise a
 * sum over the window taps k, through the window o with o·stride + k·windowDilation − lo = i·baseDilation.
 */
export function scatterKernel(s: ShapedArray, x: ShapedArray, p: SelectParams, outShape: number[]): Kernel {
  const ic = outCoords(x.shape);
  const ost = stridesOf(outShape);
  const { axes, sizes } = tapAxes(p);
  const wst = stridesOf(sizes);
  let valid: Expr | null = null;
  let oIdx: Expr = iconst(0), kFlat: Expr = iconst(0);
  const zero = fconst(0, s.dtype);
  const isDisjoint = disjoint(p);
  const k = isDisjoint ? null : tapCoords(ridx, p);
  x.shape.forEach((d, i) => {
    const w = p.windowDimensions[i], st = p.windowStrides[i], wd = p.windowDilation[i], bd = p.baseDilation[i], lo = p.padding[i][0];
    if (w === 1 && st === 1 && bd === 1 && lo === 0 && d <= outShape[i]) {
      oIdx = iadd(oIdx, imul(ic[i], ost[i])); // this axis is not windowed: o = i
      return;
    }
    let o: Expr;
    if (isDisjoint) {
      // the window holding i: o = ⌊(i + lo) / stride⌋, tap (i + lo) mod stride
      const num = iadd(ic[i], iconst(lo));
      if (lo < 0) valid = and(valid, bin("ge", num, iconst(0), "bool"));
      o = st > 1 ? bin("div", num, iconst(st), "int32") : num;
      const kk = st > 1 ? bin("rem", num, iconst(st), "int32") : iconst(0);
      if (st > w) valid = and(valid, bin("lt", kk, iconst(w), "bool"));
      if (w > 1) kFlat = iadd(kFlat, imul(kk, wst[axes.indexOf(i)]));
      if (Math.floor((d - 1 + lo) / st) >= outShape[i]) valid = and(valid, bin("lt", o, iconst(outShape[i]), "bool"));
    } else {
      // the window that reads i through tap k: o·stride = i·bd + lo − k·wd
      const ki = k![i];
      const num = iadd(iadd(imul(ic[i], bd), iconst(lo)), imul(typeof ki === "number" ? iconst(ki) : ki, -wd));
      if (lo - (w - 1) * wd < 0) valid = and(valid, bin("ge", num, iconst(0), "bool"));
      if (st > 1) valid = and(valid, bin("eq", bin("rem", num, iconst(st), "int32"), iconst(0), "bool"));
      o = st > 1 ? bin("div", num, iconst(st), "int32") : num;
      if (Math.floor(((d - 1) * bd + lo) / st) >= outShape[i]) valid = and(valid, bin("lt", o, iconst(outShape[i]), "bool"));
    }
    oIdx = iadd(oIdx, imul(o, ost[i]));
  });
  const safe = valid ? select(valid, oIdx, iconst(0)) : oIdx;
  const picked = bin("eq", load(0, safe, "int32"), isDisjoint ? kFlat : ridx, "bool");
  const cond = notNaN(and(valid, picked), load(2, gidx, x.dtype))!;
  const expr = select(cond, load(1, safe, s.dtype), zero);
  const kernel: Kernel = { inputs: ["int32", s.dtype, x.dtype], out: s.dtype, size: x.size, expr };
  if (!isDisjoint) kernel.reduce = { op: "sum", size: prod(p.windowDimensions) };
  return kernel;
}

/** A two-kernel lowering (the selection, then `second`), compiled once per backend; zeros when there is nothing to select. */
function selectLowering(avals: ShapedArray[], p: SelectParams, out: ShapedArray, outShape: number[], second: () => Kernel): Lowering {
  const x = avals[1];
  const empty = out.size === 0 || prod(outShape) === 0 || x.size === 0;
  const compiled = new WeakMap<Backend, { sel: Executable; main: Executable } | Executable>();
  const run = ([a, xa]: ConcreteArray[]): ConcreteArray[] => {
    const b = getBackend();
    let c = compiled.get(b);
    if (!c) {
      c = empty ? b.compile({ inputs: [], out: out.dtype, size: out.size, expr: fconst(0, out.dtype) }) : { sel: b.compile(selectionKernel(x, p, outShape)), main: b.compile(second()) };
      compiled.set(b, c);
    }
    let res: Buf;
    if ("sel" in c) {
      const sel = b.run(c.sel, [xa.bufOn(b)]);
      res = b.run(c.main, [sel, a.bufOn(b), xa.bufOn(b)]);
      b.release(sel);
    } else res = b.run(c, []);
    return [new ConcreteArray(res, out, b)];
  };
  return { kind: "call", run, inAvals: avals };
}

export function selectAndGatherLowering(avals: ShapedArray[], p: SelectParams, [out]: ShapedArray[]): Lowering {
  return selectLowering(avals, p, out, [...out.shape], () => gatherKernel(avals[0], avals[1], p, out));
}

export function selectAndScatterLowering(avals: ShapedArray[], p: SelectParams, [out]: ShapedArray[]): Lowering {
  const outShape = [...avals[0].shape];
  return selectLowering(avals, p, out, outShape, () => scatterKernel(avals[0], avals[1], p, outShape));
}
