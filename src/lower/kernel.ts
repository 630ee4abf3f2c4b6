/**
 * @file The kernel IR: what backends see. A kernel computes one output element per flat index
 * (`gidx`) from a scalar expression over loads of its inputs, optionally reducing over `ridx`.
 * Movement (transpose, broadcast, slice, pad, gather) is only index arithmetic inside loads.
 */
import { DType } from "../core/dtype.js";
import { Shape, stridesOf } from "../core/aval.js";

export type UnaryOp =
  | "neg" | "abs" | "sign" | "floor" | "ceil" | "round" | "trunc" | "not"
  | "exp" | "exp2" | "expm1" | "log" | "log2" | "log1p" | "sqrt" | "cbrt" | "erf"
  | "sin" | "cos" | "tan" | "asin" | "acos" | "atan"
  | "sinh" | "cosh" | "tanh" | "asinh" | "acosh" | "atanh"
  | "isnan" | "isinf" | "isfinite";

export type BinaryOp =
  | "add" | "sub" | "mul" | "div" | "rem" | "pow" | "max" | "min" | "atan2"
  | "and" | "or" | "xor" | "shl" | "shr_u" | "shr_s" | "eq" | "ne" | "lt" | "le" | "gt" | "ge";

export type Expr =
  | { k: "load"; input: number; index: Expr; dtype: DType }
  | { k: "const"; value: number; dtype: DType }
  | { k: "gidx"; dtype: "int32" }
  | { k: "ridx"; dtype: "int32" }
  | { k: "un"; op: UnaryOp; a: Expr; dtype: DType }
  | { k: "bin"; op: BinaryOp; a: Expr; b: Expr; dtype: DType }
  | { k: "select"; c: Expr; t: Expr; f: Expr; dtype: DType }
  | { k: "cast"; a: Expr; dtype: DType };

export type ReduceOp = "sum" | "prod" | "max" | "min" | "argmax" | "argmin";

/** One fused loop: `out[gidx] = reduce_{ridx < reduce.size} expr` (or just `expr`). */
export interface Kernel {
  inputs: DType[];
  out: DType;
  size: number;
  expr: Expr;
  reduce?: { op: ReduceOp; size: number };
}

// ---- builders (with light constant folding of index arithmetic) ----

export const gidx: Expr = { k: "gidx", dtype: "int32" };
export const ridx: Expr = { k: "ridx", dtype: "int32" };

export function iconst(v: number): Expr {
  return { k: "const", value: v, dtype: "int32" };
}
export function fconst(v: number, dtype: DType): Expr {
  return { k: "const", value: v, dtype };
}

function isConst(e: Expr, v?: number): boolean {
  return e.k === "const" && (v === undefined || e.value === v);
}

export function iadd(a: Expr, b: Expr): Expr {
  if (isConst(a, 0)) return b;
  if (isConst(b, 0)) return a;
  if (a.k === "const" && b.k === "const") return iconst(a.value + b.value);
  return { k: "bin", op: "add", a, b, dtype: "int32" };
}
export function imul(a: Expr, c: number): Expr {
  if (c === 0) return iconst(0);
  if (c === 1) return a;
  if (a.k === "const") return iconst(a.value * c);
  return { k: "bin", op: "mul", a, b: iconst(c), dtype: "int32" };
}
/** floor(a / c) for a ≥ 0. */
export function idiv(a: Expr, c: number): Expr {
  if (c === 1) return a;
  if (a.k === "const") return iconst(Math.floor(a.value / c));
  return { k: "bin", op: "div", a, b: iconst(c), dtype: "int32" };
}
/** a mod c for a ≥ 0. */
export function imod(a: Expr, c: number): Expr {
  if (c === 1) return iconst(0);
  if (a.k === "const") return iconst(a.value % c);
  return { k: "bin", op: "rem", a, b: iconst(c), dtype: "int32" };
}

export function load(input: number, index: Expr, dtype: DType): Expr {
  return { k: "load", input, index, dtype };
}
export function un(op: UnaryOp, a: Expr, dtype: DType = a.dtype): Expr {
  return { k: "un", op, a, dtype };
}
export function bin(op: BinaryOp, a: Expr, b: Expr, dtype: DType = a.dtype): Expr {
  return { k: "bin", op, a, b, dtype };
}
export function select(c: Expr, t: Expr, f: Expr): Expr {
  return { k: "select", c, t, f, dtype: t.dtype };
}
export function cast(a: Expr, dtype: DType): Expr {
  return a.dtype === dtype ? a : { k: "cast", a, dtype };
}

/** The coordinates of flat index `flat` in `shape` (row-major). */
export function unravel(flat: Expr, shape: Shape): Expr[] {
  const st = stridesOf(shape);
  return shape.map((d, i) => (i === 0 ? idiv(flat, st[i]) : imod(idiv(flat, st[i]), d)));
}

/** Σ coords[i] · strides[i] + offset. */
export function ravel(coords: Expr[], strides: readonly number[], offset = 0): Expr {
  let e: Expr = iconst(offset);
  coords.forEach((c, i) => (e = iadd(e, imul(c, strides[i]))));
  return e;
}

/** Loop extent, flat-index expression and coordinates for an elementwise kernel over `shape`. */
export function outCoords(shape: Shape): Expr[] {
  return unravel(gidx, shape);
}

/** The operands of a node (none for a leaf). */
function operands(e: Expr): Expr[] {
  switch (e.k) {
    case "load": return [e.index];
    case "un": case "cast": return [e.a];
    case "bin": return [e.a, e.b];
    case "select": return [e.c, e.t, e.f];
    default: return [];
  }
}

/** The number of nodes of `e` counted as a tree (a shared subexpression once per use), iteratively. */
export function exprNodes(e: Expr): number {
  let n = 0;
  const stack = [e];
  while (stack.length) {
    n++;
    for (const c of operands(stack.pop()!)) stack.push(c);
  }
  return n;
}

/**
 * Hash-consing: a small id per node of `root`, equal for structurally equal subexpressions (−0 ≠ +0,
 * NaN = NaN), computed bottom-up without recursion in time linear in the number of distinct nodes.
 * Code generators key their memo of computed values by it.
 */
export function exprIds(root: Expr): Map<Expr, number> {
  const ids = new Map<Expr, number>();
  const byKey = new Map<string, number>();
  const stack: Expr[] = [root];
  const expanded = new Set<Expr>();
  while (stack.length) {
    const e = stack[stack.length - 1];
    if (ids.has(e)) {
      stack.pop();
      continue;
    }
    const kids = operands(e);
    if (!expanded.has(e)) {
      expanded.add(e);
      for (const c of kids) if (!ids.has(c)) stack.push(c);
      continue;
    }
    stack.pop();
    const leaf = e.k === "const" ? (Object.is(e.value, -0) ? "-0" : String(e.value)) : e.k === "load" ? String(e.input) : "";
    const key = `${e.k}|${"op" in e ? e.op : ""}|${e.dtype}|${leaf}|${kids.map((c) => ids.get(c)).join(",")}`;
    let id = byKey.get(key);
    if (id === undefined) byKey.set(key, (id = byKey.size));
    ids.set(e, id);
  }
  return ids;
}

/** A unique, stable string for caching compiled kernels. */
export function kernelKey(k: Kernel): string {
  return keyJson(k)!;
}

/**
 * JSON for cache keys: JSON.stringify, except that NaN and ±Infinity (JSON: null) and -0 (JSON: 0)
 * are spelled out, since they make different kernels (a constant, pad's value).
 */
export function keyJson(x: unknown): string | undefined {
  return JSON.stringify(x, spellNumbers);
}
function spellNumbers(_key: string, v: unknown): unknown {
  return typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? `#${Object.is(v, -0) ? "-0" : v}` : v;
}
