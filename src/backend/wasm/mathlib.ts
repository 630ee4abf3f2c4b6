/**
 * @file Transcendental functions computed inside the module in float64, as f64x2 code that scalar
 * code runs on a splatted value: exp, log, sin, cos here (within 1 ulp of Math.*: Cody–Waite
 * reduction by ln 2 and a Taylor polynomial; reduction to [√½, √2) and the atanh series; four-part
 * reduction by π/2 and Taylor polynomials, Math.sin/Math.cos for |x| > 2^19·π/2), the others in
 * mathlib_more.ts; the shared reductions and double-double helpers in mathkit.ts.
 */
import { UnaryOp } from "../../lower/kernel.js";
import { FuncBuilder, Simd } from "./encoder.js";
import { GenContext } from "./context.js";
import {
  INV_LN2, INV_LN2_HI, INV_LN2_LO, LN2_HI, LN2_LO, PIO2_1, PIO2_2, PIO2_3, PIO2_4, INV_PIO2, PIO2_HI, PIO2_LO,
  PIO4_HI, PIO4_LO, PI_HI, PI_LO, TRIG_BOUND, V, cosPoly, expParts, logParts, logSpecial, logValue, scale, sinPoly,
  trigParts, withImportAbove,
} from "./mathkit.js";
import { emitMoreF64x2, MORE_UNARY } from "./mathlib_more.js";

/** Unary ops with an in-module implementation. */
export const NATIVE_UNARY: ReadonlySet<UnaryOp> = new Set<UnaryOp>(["exp", "log", "sin", "cos", ...MORE_UNARY]);

/** The constants, for tests that re-derive them. */
export const MATH_CONSTANTS = {
  LN2_HI, LN2_LO, INV_LN2, PIO2_1, PIO2_2, PIO2_3, PIO2_4, INV_PIO2,
  INV_LN2_HI, INV_LN2_LO, PIO4_HI, PIO4_LO, PIO2_HI, PIO2_LO, PI_HI, PI_LO,
};

const { f64x2_add: ADD } = Simd;

/** Stack: x → exp(x) = 2^k·(1 + uh + ul), the sum 1 + uh + ul rounded once. */
function emitExp(ctx: GenContext, f: FuncBuilder): void {
  const v = new V(f, ctx);
  // clamp so that k stays small: exp(−746) rounds to 0 and exp(710) overflows; NaN propagates
  const x = v.k(-746).op(Simd.f64x2_max).k(710).op(Simd.f64x2_min).pop();
  const p = expParts(v, x);
  const [s, e] = v.fastTwoSum(v.c(1), p.uh);
  v.get(scale(v, v.get(e).get(p.ul).op(ADD).get(s).op(ADD).pop(), p.kb));
}

/** Stack: x → log(x) = kf·ln 2 + log(1 + f). */
function emitLog(ctx: GenContext, f: FuncBuilder): void {
  const v = new V(f, ctx);
  const x = v.pop();
  v.get(logSpecial(v, x, logValue(v, logParts(v, x))));
}

/** Stack: x → sin(x) or cos(x). */
function emitTrig(ctx: GenContext, f: FuncBuilder, which: "sin" | "cos"): void {
  const v = new V(f, ctx);
  const x = v.pop();
  withImportAbove(v, x, TRIG_BOUND, which, () => {
    const t = trigParts(v, x);
    const [sh, st] = sinPoly(v, t), [ch, ct] = cosPoly(v, t);
    const sn = v.add(sh, st), cs = v.add(ch, ct);
    // quadrant n mod 4: odd quadrants swap sin and cos; the sign comes from bit 1 of n (of n + 1 for cos)
    const [even, odd] = which === "sin" ? [sn, cs] : [cs, sn];
    v.get(odd).get(even).get(t.nb).ki(1n).op(Simd.v128_and).ki(1n).op(Simd.i64x2_eq, Simd.v128_bitselect);
    v.get(t.nb);
    if (which === "cos") v.ki(1n).op(Simd.i64x2_add);
    const r = v.ki(2n).op(Simd.v128_and).shift(Simd.i64x2_shl, 62).op(Simd.v128_xor).pop();
    // sin(±0) = ±0
    return which === "sin" ? v.sel(v.ap(Simd.f64x2_eq, x, v.c(0)), x, r) : r;
  });
}

/** Stack: v128 (f64x2) → v128, inline. */
export function emitNativeUnaryF64x2(ctx: GenContext, fb: FuncBuilder, op: UnaryOp): void {
  switch (op) {
    case "exp": emitExp(ctx, fb); return;
    case "log": emitLog(ctx, fb); return;
    case "sin": case "cos": emitTrig(ctx, fb, op); return;
  }
  emitMoreF64x2(ctx, fb, op);
}

/** Stack: f64 → f64 (the f64x2 code on a splatted value). */
export function emitNativeUnary(ctx: GenContext, fb: FuncBuilder, op: UnaryOp): void {
  fb.simd(Simd.f64x2_splat);
  emitNativeUnaryF64x2(ctx, fb, op);
  fb.lane(Simd.f64x2_extract_lane, 0);
}
