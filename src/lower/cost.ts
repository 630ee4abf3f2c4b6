/** @file A rough cost model of kernel expressions (for splitting work across threads and for fusion). */
import type { Expr, UnaryOp } from "./kernel.js";

const CHEAP_UNARY = new Set<UnaryOp>(["neg", "abs", "sign", "floor", "ceil", "round", "trunc", "not", "sqrt", "isnan", "isinf", "isfinite"]);

/** Cost of a transcendental function relative to an arithmetic op. */
export const TRANSCENDENTAL = 8;

/** Estimated work per evaluation of an expression: its nodes, transcendental functions weighing more. */
export function exprCost(e: Expr): number {
  switch (e.k) {
    case "load": return 1 + exprCost(e.index);
    case "const": case "gidx": case "ridx": return 0;
    case "cast": return 1 + exprCost(e.a);
    case "select": return 1 + exprCost(e.c) + exprCost(e.t) + exprCost(e.f);
    case "un": return (CHEAP_UNARY.has(e.op) ? 1 : TRANSCENDENTAL) + exprCost(e.a);
    case "bin": return (e.op === "pow" || e.op === "atan2" ? TRANSCENDENTAL : 1) + exprCost(e.b) + exprCost(e.a);
  }
}
