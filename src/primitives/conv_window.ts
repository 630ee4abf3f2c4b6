/** @file The window arithmetic the convolution kernels share: which input element an output position and a kernel tap read. */
import { Expr, bin, iadd, iconst, imul } from "../lower/kernel.js";
import type { ConvParams } from "./conv.js";
import { dilateDim } from "./conv.js";

/**
 * Where output position `o` and kernel tap `k` read the input, per spatial axis: x = o·stride + k·rhsDilation − lo
 * in the lhs-dilated input, divided back by lhsDilation; `inside` says the position exists (in range and,
 * with lhs dilation, on the grid of real elements) — null when every position does.
 */
export function windowPositions(o: Expr[], k: Expr[], p: ConvParams, inSpatial: readonly number[]): { pos: Expr[]; inside: Expr | null } {
  let inside: Expr | null = null;
  const and = (e: Expr) => (inside = inside ? bin("and", inside, e, "bool") : e);
  const pos = o.map((oi, i) => {
    const ld = p.lhsDilation[i];
    const x = iadd(iadd(imul(oi, p.windowStrides[i]), imul(k[i], p.rhsDilation[i])), iconst(-p.padding[i][0]));
    and(bin("ge", x, iconst(0), "bool"));
    and(bin("lt", x, iconst(dilateDim(inSpatial[i], ld)), "bool"));
    if (ld > 1) and(bin("eq", bin("rem", x, iconst(ld), "int32"), iconst(0), "bool"));
    return ld > 1 ? bin("div", x, iconst(ld), "int32") : x;
  });
  return { pos, inside };
}
