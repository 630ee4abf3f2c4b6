/**
 * @file Long reductions to few outputs as two kernels, so that they can be split across threads
 * (a kernel is split by output element): partial reductions over blocks of `BLOCK` terms, then the
 * reduction of the partials. Every backend applies the same split (it depends only on the kernel),
 * so results stay identical across backends and thread counts; float partials are kept in float64
 * (the accumulator's precision), so the result differs from one long accumulation only by the
 * rounding of blockwise summation, which is, if anything, more accurate.
 */
import { isFloat } from "../core/dtype.js";
import { Expr, gidx, iadd, iconst, idiv, imod, imul, Kernel, load, ridx } from "./kernel.js";

/** Terms per partial reduction. */
export const BLOCK = 4096;
/** Split reductions of at least this many terms ... */
const MIN_TERMS = 8 * BLOCK;
/** ... into fewer than this many outputs (more outputs already split across threads). */
const MAX_OUTPUTS = 16;

/** The two kernels: `final` reads `partial`'s output as its only input. */
export interface SplitReduction {
  partial: Kernel;
  final: Kernel;
}

/** Rewrite `e` bottom-up, replacing gidx and ridx. */
function substitute(e: Expr, g: Expr, r: Expr): Expr {
  switch (e.k) {
    case "gidx": return g;
    case "ridx": return r;
    case "const": return e;
    case "load": return { ...e, index: substitute(e.index, g, r) };
    case "un": case "cast": return { ...e, a: substitute(e.a, g, r) };
    case "bin": return { ...e, a: substitute(e.a, g, r), b: substitute(e.b, g, r) };
    case "select": return { ...e, c: substitute(e.c, g, r), t: substitute(e.t, g, r), f: substitute(e.f, g, r) };
  }
}

/** The identity of a reduction over values of dtype `d`. */
function identity(op: "sum" | "prod" | "max" | "min", e: Expr): Expr {
  const d = e.dtype, f = isFloat(d);
  const v = { sum: 0, prod: 1, max: f ? -Infinity : d === "int32" ? -2147483648 : 0, min: f ? Infinity : d === "int32" ? 2147483647 : 4294967295 }[op];
  return { k: "const", value: v, dtype: d };
}

/**
 * The split of a sum/prod/max/min reduction of ≥ MIN_TERMS terms into < MAX_OUTPUTS outputs, else
 * null. partial[g·C + c] = reduce over the terms c·BLOCK … (c+1)·BLOCK − 1 of output g (the last
 * block padded with the identity); out[g] = reduce over c < C of partial[g·C + c].
 */
export function splitReduction(k: Kernel): SplitReduction | null {
  const red = k.reduce;
  if (!red || red.size < MIN_TERMS || k.size >= MAX_OUTPUTS || k.expr.dtype === "bool") return null;
  const op = red.op;
  if (op !== "sum" && op !== "prod" && op !== "max" && op !== "min") return null;
  const R = red.size, C = Math.ceil(R / BLOCK);
  const g = k.size === 1 ? iconst(0) : idiv(gidx, C);
  const rGlobal = iadd(imul(imod(gidx, C), BLOCK), ridx);
  let expr = substitute(k.expr, g, rGlobal);
  if (R % BLOCK !== 0) {
    const inRange: Expr = { k: "bin", op: "lt", a: rGlobal, b: iconst(R), dtype: "bool" };
    expr = { k: "select", c: inRange, t: expr, f: identity(op, expr), dtype: expr.dtype };
  }
  const pd = isFloat(k.expr.dtype) ? "float64" : k.expr.dtype;
  const partial: Kernel = { inputs: k.inputs, out: pd, size: k.size * C, expr, reduce: { op, size: BLOCK } };
  const final: Kernel = { inputs: [pd], out: k.out, size: k.size, expr: load(0, iadd(imul(gidx, C), ridx), pd), reduce: { op, size: C } };
  return { partial, final };
}
