/**
 * @file Algebraic simplification that keeps IEEE-754 semantics exactly: a rewrite is allowed only
 * when the result is bit-for-bit the same for *every* input, including NaN, ±0 and ±Inf.
 *
 * Allowed (exact for every x):
 *   x·1 = 1·x = x, x/1 = x        (NaN·1 = NaN, −0·1 = −0, Inf·1 = Inf)
 *   x − (+0) = x                   (−0 − 0 = −0)
 *   x + (−0) = (−0) + x = x        (+0 + −0 = +0, −0 + −0 = −0)
 *   neg(neg x) = x
 *   select(p, x, x) = x, select(true, x, y) = x, select(false, x, y) = y
 *   casts to the same dtype, and the exact round trips f32→f64→f32, i32→f64→i32, u32→f64→u32
 *   reshape, transpose, broadcast_in_dim, slice, pad, rev, reductions, concatenate leaving x as is,
 *   and reshape(reshape(x)) = one reshape
 * Not allowed for floats (each is wrong for some input):
 *   NB: x + 0 ↛ x      (−0 + 0 = +0)
 *   NB: x − (−0) ↛ x   (−0 − −0 = +0)
 *   NB: x·0 ↛ 0        (NaN·0 = NaN, Inf·0 = NaN, −1·0 = −0)
 *   NB: x − x ↛ 0      (Inf − Inf = NaN, NaN − NaN = NaN)
 *   NB: x/x ↛ 1        (0/0 = NaN)
 *   NB: 0 − x ↛ neg x  (0 − 0 = +0 but neg 0 = −0)
 * Integers have no NaN and no −0, so for int32/uint32 (only) x + 0 = 0 + x = x and x·0 = 0.
 * stop_gradient is never removed: a jaxpr may itself be transformed later (grad of a jit call),
 * and there it is what stops the derivative.
 *
 * "1" and "0" are recognised as literals, as consts filled with one value (on a ClosedJaxpr), and as
 * broadcasts or reshapes of those. Replaced equations are dropped; equations left dead (the inner
 * neg of neg(neg x)) remain: run `dce` after.
 */
import { ShapedArray, shapeEq } from "../core/aval.js";
import { DType, isInt } from "../core/dtype.js";
import { NDArray } from "../core/array.js";
import { Atom, ClosedJaxpr, Jaxpr, JaxprEqn, Lit, Var } from "./jaxpr.js";
import { AnyJaxpr, Subst, concreteConst, litValue, onJaxpr, uniformValue, withEqns } from "./rewrite.js";

/**
 * Apply the IEEE-exact algebraic identities listed in this file's header (x·1 → x, x − 0 → x,
 * neg(neg x) → x, identity reshapes and casts, …). Never rewrites x + 0, x·0, x − x.
 * @example simplify(makeJaxpr((x) => x.mul(1))(np.array(2)))  // { lambda a:f32[]. let  in (a,) }
 */
export function simplify(jaxpr: Jaxpr): Jaxpr;
export function simplify(closed: ClosedJaxpr): ClosedJaxpr;
export function simplify(j: AnyJaxpr): AnyJaxpr {
  return onJaxpr(j, simplifyCore);
}

/** What a rule sees: the equation with substituted inputs, and what is known about atoms so far. */
interface Ctx {
  eqn: JaxprEqn;
  xs: Atom[];
  params: any;
  out: ShapedArray;
  /** The one value every element of `a` holds, if known. */
  splat(a: Atom): number | undefined;
  /** The (kept) equation that defines `a`, if any. */
  def(a: Atom): JaxprEqn | undefined;
}

/** A rule returns an atom that replaces the equation's output, or a rewritten equation. */
type Rule = (c: Ctx) => Atom | JaxprEqn | undefined;

const isOne = (v: number | undefined) => v === 1;
const isPosZero = (v: number | undefined) => v !== undefined && Object.is(v, 0);
const isNegZero = (v: number | undefined) => v !== undefined && Object.is(v, -0);
const isZero = (v: number | undefined) => v === 0; // either sign
const numeric = (d: DType) => d !== "bool";

const identityPerm = (perm: readonly number[]) => perm.every((p, i) => p === i);

/** Casts whose round trip back is exact: the intermediate dtype holds every value of the source. */
const EXACT_WIDENING: Record<string, DType> = { float32: "float64", int32: "float64", uint32: "float64" };

const rules: Partial<Record<string, Rule>> = {
  mul: ({ xs: [x, y], out, splat }) => {
    if (!numeric(out.dtype)) return undefined;
    if (isOne(splat(y))) return x;
    if (isOne(splat(x))) return y;
    if (isInt(out.dtype)) {
      // integers only: x·0 = 0 (no NaN or Inf to propagate)
      if (isZero(splat(y))) return y;
      if (isZero(splat(x))) return x;
    }
    return undefined;
  },
  div: ({ xs: [x, y], out, splat }) => (numeric(out.dtype) && isOne(splat(y)) ? x : undefined),
  add: ({ xs: [x, y], out, splat }) => {
    if (!numeric(out.dtype)) return undefined;
    // floats: only −0 is the additive identity (NB: x + (+0) turns −0 into +0)
    const identity = isInt(out.dtype) ? isZero : isNegZero;
    if (identity(splat(y))) return x;
    if (identity(splat(x))) return y;
    return undefined;
  },
  sub: ({ xs: [x, y], out, splat }) => {
    if (!numeric(out.dtype)) return undefined;
    // floats: only +0 (NB: x − (−0) turns −0 into +0)
    const identity = isInt(out.dtype) ? isZero : isPosZero;
    return identity(splat(y)) ? x : undefined;
  },
  neg: ({ xs: [x], def }) => {
    const inner = def(x);
    return inner?.primitive.name === "neg" ? inner.inputs[0] : undefined;
  },
  select: ({ xs: [p, t, f], splat }) => {
    if (t === f) return t;
    const pv = splat(p);
    return pv === undefined ? undefined : pv ? t : f;
  },
  convert_element_type: ({ xs: [x], out, def }) => {
    if (x.aval.dtype === out.dtype) return x;
    const inner = def(x);
    if (inner?.primitive.name !== "convert_element_type") return undefined;
    const src = inner.inputs[0];
    return src.aval.dtype === out.dtype && EXACT_WIDENING[out.dtype] === x.aval.dtype ? src : undefined;
  },
  reshape: ({ eqn, xs: [x], out, def }) => {
    if (shapeEq(x.aval.shape, out.shape)) return x;
    const inner = def(x);
    // reshape only depends on the element order, which reshape keeps: skip the inner one
    if (inner?.primitive.name !== "reshape") return undefined;
    const src = inner.inputs[0];
    return shapeEq(src.aval.shape, out.shape) ? src : new JaxprEqn(eqn.primitive, [src], eqn.params, eqn.outBinders);
  },
  transpose: ({ xs: [x], params }) => (identityPerm(params.perm) ? x : undefined),
  broadcast_in_dim: ({ xs: [x], out }) => (shapeEq(x.aval.shape, out.shape) ? x : undefined),
  slice: ({ xs: [x], params: { start, stop, step } }) => {
    const whole = x.aval.shape.every((d, i) => start[i] === 0 && stop[i] === d && (step?.[i] ?? 1) === 1);
    return whole ? x : undefined;
  },
  pad: ({ xs: [x], params: { config } }) => ((config as number[][]).every((c) => c.every((n) => n === 0)) ? x : undefined),
  rev: ({ xs: [x], params: { axes } }) => (axes.length === 0 ? x : undefined),
  concatenate: ({ xs }) => (xs.length === 1 ? xs[0] : undefined),
};
// reducing over no axes is the identity
for (const name of ["reduce_sum", "reduce_max", "reduce_min", "reduce_prod"]) {
  rules[name] = ({ xs: [x], params: { axes } }) => (axes.length === 0 ? x : undefined);
}

/** Primitives through which a splat (an array of one repeated value) stays a splat of that value. */
const SPLAT_PRESERVING = new Set(["broadcast_in_dim", "reshape", "transpose", "rev"]);

function simplifyCore(jaxpr: Jaxpr, consts: readonly NDArray[]): Jaxpr {
  const splats = new Map<Var, number>();
  consts.forEach((c, i) => {
    const cc = concreteConst(c);
    const v = cc && uniformValue(cc);
    if (v !== undefined) splats.set(jaxpr.inBinders[i], v);
  });
  const defs = new Map<Var, JaxprEqn>();
  const splat = (a: Atom) => (a instanceof Lit ? (a.val.size === 1 ? litValue(a) : undefined) : splats.get(a));
  const def = (a: Atom) => (a instanceof Var ? defs.get(a) : undefined);

  const subst = new Subst();
  const eqns: JaxprEqn[] = [];
  let changed = false;
  for (const e of jaxpr.eqns) {
    let eqn = subst.eqn(e);
    if (eqn !== e) changed = true;
    const rule: Rule | undefined = rules[eqn.primitive.name];
    const res = rule && eqn.outBinders.length === 1 ? rule({ eqn, xs: eqn.inputs, params: eqn.params, out: eqn.outBinders[0].aval, splat, def }) : undefined;
    if (res instanceof JaxprEqn) {
      eqn = res;
      changed = true;
    } else if (res && res.aval.equals(eqn.outBinders[0].aval)) {
      subst.set(eqn.outBinders[0], res);
      changed = true;
      continue;
    }
    eqns.push(eqn);
    eqn.outBinders.forEach((v) => defs.set(v, eqn));
    if (SPLAT_PRESERVING.has(eqn.primitive.name)) {
      const v = splat(eqn.inputs[0]);
      if (v !== undefined) splats.set(eqn.outBinders[0], v);
    }
  }
  return changed ? withEqns(jaxpr, eqns, subst.atoms(jaxpr.outs)) : jaxpr;
}
