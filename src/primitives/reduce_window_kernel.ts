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
import { Backend, Buf, Executable, PoolScatterParams } from "../backend/backend.js";
import { POOL_SCATTER_MAX_TAPS } from "../backend/pool_spec.js";
import { getBackend } from "../backend/registry.js";
import { Expr, Kernel, ReduceOp, bin, fconst, gidx, iadd, iconst, imul, load, outCoords, ridx, select, un, unravel } from "../lower/kernel.js";
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
 * The output side of a window's index arithmetic, computed once per output element: `base`, the flat
 * operand index of tap 0 for the axes without base dilation (o·stride − lo, times the operand stride),
 * and the output coordinate of each axis that needs its own (a padding check or base dilation).
 * Consecutive axes with neither are merged when their strides line up (a 2×2 pool of NHWC merges N
 * with H), so fewer divisions unravel the flat output index.
 */
interface WindowIndexer {
  base: Expr;
  coords: (Expr | null)[];
}

/** Does axis i of the window need a range check (padding, or a window that reaches past the end)? */
function needsCheck(p: WindowParams, i: number, d: number, out: number): { lo: boolean; hi: boolean } {
  const lo = p.padding[i][0], s = p.windowStrides[i], wd = p.windowDilation[i];
  const maxX = (out - 1) * s + (p.windowDimensions[i] - 1) * wd - lo;
  return { lo: lo > 0, hi: maxX >= dilateDim(d, p.baseDilation[i]) };
}

function windowIndexer(p: WindowParams, inShape: readonly number[], outShape: readonly number[]): WindowIndexer {
  const st = stridesOf(inShape);
  const nd = inShape.length;
  const plain = inShape.map((d, i) => {
    const c = needsCheck(p, i, d, outShape[i]);
    return !c.lo && !c.hi && p.baseDilation[i] === 1;
  });
  // groups of axes that share one coordinate: a plain axis joins the previous plain one when their steps line up
  const groups: number[][] = [];
  for (let i = 0; i < nd; i++) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    if (last && plain[i] && plain[prev] && p.windowStrides[prev] * st[prev] === p.windowStrides[i] * st[i] * outShape[i]) last.push(i);
    else groups.push([i]);
  }
  const gc = unravel(gidx, groups.map((g) => g.reduce((a, i) => a * outShape[i], 1)));
  const coords: (Expr | null)[] = Array(nd).fill(null);
  let base: Expr = iconst(0);
  groups.forEach((g, j) => {
    const last = g[g.length - 1];
    if (g.length > 1 || plain[last]) {
      base = iadd(base, imul(gc[j], p.windowStrides[last] * st[last]));
      return;
    }
    coords[last] = gc[j];
    if (p.baseDilation[last] === 1) base = iadd(base, imul(gc[j], p.windowStrides[last] * st[last]));
  });
  const offset = inShape.reduce((acc, _, i) => (p.baseDilation[i] === 1 ? acc - p.padding[i][0] * st[i] : acc), 0);
  return { base: iadd(base, iconst(offset)), coords };
}

/**
 * Where the output element of `ix` and window tap `k` (per axis: a constant or an expression) read the
 * operand: the flat index and the condition that the position is a real element (not padding, not a
 * base-dilation hole) — null when every position is. x = o·stride + k·windowDilation − lo in the
 * dilated, padded operand; only the checks that can fail for these shapes are emitted.
 */
function tapAt(ix: WindowIndexer, k: (Expr | number)[], p: WindowParams, inShape: readonly number[], outShape: readonly number[]): { index: Expr; inside: Expr | null } {
  const st = stridesOf(inShape);
  let inside: Expr | null = null;
  let index = ix.base;
  let constOff = 0;
  inShape.forEach((d, i) => {
    const s = p.windowStrides[i], wd = p.windowDilation[i], bd = p.baseDilation[i], lo = p.padding[i][0];
    const ki = k[i];
    const tap = typeof ki === "number" ? iconst(ki * wd) : imul(ki, wd);
    if (bd === 1) {
      if (typeof ki === "number") constOff += ki * wd * st[i];
      else index = iadd(index, imul(ki, wd * st[i]));
    }
    const o = ix.coords[i];
    if (o === null) return; // a plain axis: always in range, already in base
    const x = iadd(iadd(imul(o, s), tap), iconst(-lo));
    const c = needsCheck(p, i, d, outShape[i]);
    if (c.lo) inside = and(inside, bin("ge", x, iconst(0), "bool"));
    if (c.hi) inside = and(inside, bin("lt", x, iconst(dilateDim(d, bd)), "bool"));
    if (bd > 1) {
      inside = and(inside, bin("eq", bin("rem", x, iconst(bd), "int32"), iconst(0), "bool"));
      index = iadd(index, imul(bin("div", x, iconst(bd), "int32"), st[i]));
    }
  });
  return { index: iadd(index, iconst(constOff)), inside };
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

/**
 * Windows of at most `unrollTaps` taps are unrolled into one max/min expression (no reduction loop);
 * `poolScatter` lets select_and_scatter_add of windows that tile the operand use the pool_scatter
 * routine (off: the selection and scatter kernels — tests reach both paths with it).
 */
export const reduceWindowTuning = { unrollTaps: 9, poolScatter: true };

/** The value a tap reads: the operand element, or the identity over padding and holes. */
function tapValue(x: ShapedArray, pos: { index: Expr; inside: Expr | null }, ident: number): Expr {
  const v = load(0, pos.index, x.dtype);
  return pos.inside ? select(pos.inside, v, fconst(ident, x.dtype)) : v;
}

/** reduce_window_{sum,max,min} as one kernel over the output: a reduction over the window taps (unrolled for small max/min windows). */
export function reduceWindowKernel(op: "sum" | "max" | "min", x: ShapedArray, p: WindowParams, out: ShapedArray): Kernel {
  const ix = windowIndexer(p, x.shape, out.shape);
  const ident = windowIdentity(op, x.dtype);
  const taps = prod(p.windowDimensions);
  if (op !== "sum" && taps <= reduceWindowTuning.unrollTaps) {
    // a balanced tree of max/min over the taps (NaN-propagating, as the reduction)
    let vals = allTaps(p).map((k) => tapValue(x, tapAt(ix, k, p, x.shape, out.shape), ident));
    while (vals.length > 1) {
      const next: Expr[] = [];
      for (let j = 0; j < vals.length; j += 2) next.push(j + 1 < vals.length ? bin(op, vals[j], vals[j + 1]) : vals[j]);
      vals = next;
    }
    return { inputs: [x.dtype], out: out.dtype, size: out.size, expr: vals[0] };
  }
  const expr = tapValue(x, tapAt(ix, tapCoords(ridx, p), p, x.shape, out.shape), ident);
  return { inputs: [x.dtype], out: out.dtype, size: out.size, expr, reduce: { op, size: taps } };
}

/** Is the selection of a window unrolled (it then also encodes "none" as −1, so that its users need not read the operand)? */
const unrolledSelection = (p: WindowParams) => prod(p.windowDimensions) <= reduceWindowTuning.unrollTaps;

/**
 * The flat tap index (row-major over the window) of each window's selected element: the first maximum
 * ("ge") or minimum ("le"); padding reads the reduction's identity; a NaN is selected over any number.
 * Small windows: one chain of selects over the taps, giving −1 when the selected tap is padding or NaN;
 * larger ones: an argmax/argmin reduction (its users check those cases).
 */
export function selectionKernel(x: ShapedArray, p: SelectParams, outShape: number[]): Kernel {
  const ix = windowIndexer(p, x.shape, outShape);
  const ident = windowIdentity(p.select === "ge" ? "max" : "min", x.dtype);
  const size = prod(outShape);
  if (unrolledSelection(p)) {
    const float = isFloat(x.dtype);
    const taps = allTaps(p).map((k) => tapAt(ix, k, p, x.shape, outShape));
    const padded = taps.some((t) => t.inside !== null);
    let best: Expr | null = null, idx: Expr = iconst(0), real: Expr | null = null;
    taps.forEach((pos, j) => {
      const v = tapValue(x, pos, ident);
      const inside = pos.inside ?? fconst(1, "bool");
      if (best === null) {
        best = v, real = padded ? inside : null;
        return;
      }
      // take v if v ⋛ best (strictly: the first extremum wins); a NaN anywhere makes the result −1 below
      const take = bin(p.select === "ge" ? "gt" : "lt", v, best, "bool");
      best = bin(p.select === "ge" ? "max" : "min", v, best); // the running extremum (NaN sticks)
      idx = select(take, iconst(j), idx);
      if (real) real = select(take, inside, real);
    });
    let ok: Expr | null = real;
    if (float) ok = and(ok, un("not", un("isnan", best!, "bool"), "bool"));
    if (!ok) return { inputs: [x.dtype], out: "int32", size, expr: idx };
    return { inputs: [x.dtype], out: "int32", size, expr: select(ok, idx, iconst(-1)) };
  }
  const expr = tapValue(x, tapAt(ix, tapCoords(ridx, p), p, x.shape, outShape), ident);
  const op: ReduceOp = p.select === "ge" ? "argmax" : "argmin";
  return { inputs: [x.dtype], out: "int32", size, expr, reduce: { op, size: prod(p.windowDimensions) } };
}

/** `valid` also requires that the selected operand value `v` is not NaN (a NaN window passes no derivative). */
const notNaN = (valid: Expr | null, v: Expr): Expr | null => (isFloat(v.dtype) ? and(valid, un("not", un("isnan", v, "bool"), "bool")) : valid);

/** select_and_gather_add: out[o] = t at the selected element of window o (inputs: selection, t, x). */
export function gatherKernel(t: ShapedArray, x: ShapedArray, p: SelectParams, out: ShapedArray): Kernel {
  const ix = windowIndexer(p, x.shape, out.shape);
  const sel = load(0, gidx, "int32");
  const encoded = unrolledSelection(p);
  const pos = tapAt(ix, tapCoords(encoded ? select(bin("ge", sel, iconst(0), "bool"), sel, iconst(0)) : sel, p), p, x.shape, out.shape);
  let valid: Expr | null;
  let idx: Expr;
  if (encoded) {
    valid = bin("ge", sel, iconst(0), "bool");
    idx = select(valid, pos.index, iconst(0));
  } else {
    idx = pos.inside ? select(pos.inside, pos.index, iconst(0)) : pos.index; // in bounds when the tap is padding
    valid = notNaN(pos.inside, load(2, idx, x.dtype));
  }
  const v = load(1, idx, t.dtype);
  return { inputs: ["int32", t.dtype, x.dtype], out: t.dtype, size: out.size, expr: valid ? select(valid, v, fconst(0, t.dtype)) : v };
}

/** Do the windows not overlap (stride ≥ window, no dilation), so that each element belongs to at most one? */
const disjoint = (p: WindowParams) => p.windowDimensions.every((w, i) => p.windowStrides[i] >= w && p.windowDilation[i] === 1 && p.baseDilation[i] === 1);

/**
 * The input coordinates of a non-overlapping scatter, fewer divisions: runs of unwindowed axes merge
 * into the next axis when its windows tile it exactly (no padding, size = windows × stride), so the
 * merged coordinate divided by the stride is the merged output coordinate (NHWC 2×2: N with H).
 * Null marks an axis merged into a later one.
 */
function mergedInputCoords(p: WindowParams, inShape: readonly number[], outShape: readonly number[]): (Expr | null)[] {
  const plain = (i: number) => p.windowDimensions[i] === 1 && p.windowStrides[i] === 1 && p.padding[i][0] === 0 && inShape[i] === outShape[i];
  const tiles = (i: number) => p.padding[i][0] === 0 && inShape[i] % p.windowStrides[i] === 0 && outShape[i] === inShape[i] / p.windowStrides[i];
  const groups: number[][] = [];
  inShape.forEach((_, i) => {
    const last = groups[groups.length - 1];
    if (last && last.every(plain) && (plain(i) || tiles(i))) last.push(i);
    else groups.push([i]);
  });
  const gc = unravel(gidx, groups.map((g) => g.reduce((a, i) => a * inShape[i], 1)));
  const coords: (Expr | null)[] = inShape.map(() => null);
  groups.forEach((g, j) => (coords[g[g.length - 1]] = gc[j]));
  return coords;
}

/**
 * select_and_scatter_add: out[i] = Σ over the windows whose selected element is i of their source value
 * (inputs: selection, s, x). Non-overlapping windows: the one window holding i, elementwise; otherwise a
 * sum over the window taps k, through the window o with o·stride + k·windowDilation − lo = i·baseDilation.
 */
export function scatterKernel(s: ShapedArray, x: ShapedArray, p: SelectParams, outShape: number[]): Kernel {
  const isDisjoint = disjoint(p);
  const ic = isDisjoint ? mergedInputCoords(p, x.shape, outShape) : outCoords(x.shape);
  const ost = stridesOf(outShape);
  const { axes, sizes } = tapAxes(p);
  const wst = stridesOf(sizes);
  let valid: Expr | null = null;
  let oIdx: Expr = iconst(0), kFlat: Expr = iconst(0);
  const zero = fconst(0, s.dtype);
  const k = isDisjoint ? null : tapCoords(ridx, p);
  x.shape.forEach((d, i) => {
    const w = p.windowDimensions[i], st = p.windowStrides[i], wd = p.windowDilation[i], bd = p.baseDilation[i], lo = p.padding[i][0];
    if (ic[i] === null) return; // merged into a later axis's coordinate
    if (w === 1 && st === 1 && bd === 1 && lo === 0 && d <= outShape[i]) {
      oIdx = iadd(oIdx, imul(ic[i]!, ost[i])); // this axis is not windowed: o = i
      return;
    }
    let o: Expr;
    if (isDisjoint) {
      // the window holding i: o = ⌊(i + lo) / stride⌋, tap (i + lo) mod stride
      const num = iadd(ic[i]!, iconst(lo));
      if (lo < 0) valid = and(valid, bin("ge", num, iconst(0), "bool"));
      o = st > 1 ? bin("div", num, iconst(st), "int32") : num;
      const kk = st > 1 ? bin("rem", num, iconst(st), "int32") : iconst(0);
      if (st > w) valid = and(valid, bin("lt", kk, iconst(w), "bool"));
      if (w > 1) kFlat = iadd(kFlat, imul(kk, wst[axes.indexOf(i)]));
      if (Math.floor((d - 1 + lo) / st) >= outShape[i]) valid = and(valid, bin("lt", o, iconst(outShape[i]), "bool"));
    } else {
      // the window that reads i through tap k: o·stride = i·bd + lo − k·wd
      const ki = k![i];
      const num = iadd(iadd(imul(ic[i]!, bd), iconst(lo)), imul(typeof ki === "number" ? iconst(ki) : ki, -wd));
      if (lo - (w - 1) * wd < 0) valid = and(valid, bin("ge", num, iconst(0), "bool"));
      if (st > 1) valid = and(valid, bin("eq", bin("rem", num, iconst(st), "int32"), iconst(0), "bool"));
      o = st > 1 ? bin("div", num, iconst(st), "int32") : num;
      if (Math.floor(((d - 1) * bd + lo) / st) >= outShape[i]) valid = and(valid, bin("lt", o, iconst(outShape[i]), "bool"));
    }
    oIdx = iadd(oIdx, imul(o, ost[i]));
  });
  const safe = valid ? select(valid, oIdx, iconst(0)) : oIdx;
  const picked = bin("eq", load(0, safe, "int32"), isDisjoint ? kFlat : ridx, "bool");
  // an unrolled selection is −1 for a NaN window; the argmax reduction's users check the element
  const cond = unrolledSelection(p) ? and(valid, picked) : notNaN(and(valid, picked), load(2, gidx, x.dtype))!;
  const expr = select(cond, load(1, safe, s.dtype), zero);
  const kernel: Kernel = { inputs: ["int32", s.dtype, x.dtype], out: s.dtype, size: x.size, expr };
  if (!isDisjoint) kernel.reduce = { op: "sum", size: prod(p.windowDimensions) };
  return kernel;
}

type CallLowering = Extract<Lowering, { kind: "call" }>;

/** A two-kernel lowering (the selection, then `second`), compiled once per backend; zeros when there is nothing to select. */
function selectLowering(avals: ShapedArray[], p: SelectParams, out: ShapedArray, outShape: number[], second: () => Kernel): CallLowering {
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

/**
 * The pool_scatter routine's view of select_and_scatter_add, or null where it does not apply: float
 * operand, windows equal to their strides that tile every axis exactly (no padding, no dilation), at
 * most two windowed axes of at most POOL_SCATTER_MAX_TAPS taps — max-pooling's usual 2×2 / stride 2.
 * The operand [..pre, H, ..mid, W, ..post] is read as [pre·H/KY, KY, mid·W/KX, KX, post].
 */
export function poolScatterPlan(x: ShapedArray, p: SelectParams): PoolScatterParams | null {
  if ((x.dtype !== "float32" && x.dtype !== "float64") || x.size === 0) return null;
  const tiles = x.shape.every((d, i) => p.windowDimensions[i] === p.windowStrides[i] && d % p.windowDimensions[i] === 0 && p.padding[i][0] === 0 && p.padding[i][1] === 0 && p.baseDilation[i] === 1 && p.windowDilation[i] === 1);
  const axes = x.shape.map((_, i) => i).filter((i) => p.windowDimensions[i] > 1);
  if (!tiles || axes.length > 2 || prod(p.windowDimensions) > POOL_SCATTER_MAX_TAPS) return null;
  const op = p.select === "ge" ? "max" : "min";
  if (axes.length === 0) return { outer: 1, window: [1, 1], inner: 1, run: x.size, op };
  const [py, px] = axes.length === 2 ? axes : [axes[0], -1];
  const span = (lo: number, hi: number) => prod(x.shape.slice(lo, hi));
  const KY = p.windowDimensions[py], KX = px < 0 ? 1 : p.windowDimensions[px];
  const outer = span(0, py) * (x.shape[py] / KY);
  if (px < 0) return { outer, window: [KY, 1], inner: 1, run: span(py + 1, x.ndim), op };
  return { outer, window: [KY, KX], inner: span(py + 1, px) * (x.shape[px] / KX), run: span(px + 1, x.ndim), op };
}

export function selectAndScatterLowering(avals: ShapedArray[], p: SelectParams, [out]: ShapedArray[]): Lowering {
  const outShape = [...avals[0].shape];
  const generic = selectLowering(avals, p, out, outShape, () => scatterKernel(avals[0], avals[1], p, outShape));
  const fast = poolScatterPlan(avals[1], p);
  if (!fast) return generic;
  // one pass, each element written once (no selection buffer, no scatter index arithmetic)
  const run = (args: ConcreteArray[]): ConcreteArray[] => {
    if (!reduceWindowTuning.poolScatter) return generic.run(args);
    const b = getBackend(), [s, x] = args;
    return [new ConcreteArray(b.routine("pool_scatter", [x.bufOn(b), s.bufOn(b)], fast)[0], out, b)];
  };
  return { kind: "call", run, inAvals: avals };
}
