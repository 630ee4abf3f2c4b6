/**
 * @file Constant folding: equations whose inputs are all known (literals, concrete consts, earlier
 * folded results) are evaluated once, at compile time, with the primitive's own `impl` — the same
 * kernel that would run later, so the folded value is bit-for-bit what the program computes
 * (no host-side arithmetic that could round differently).
 */
import { ConcreteArray, NDArray } from "../core/array.js";
import { Atom, ClosedJaxpr, Jaxpr, JaxprEqn, Lit, Var } from "./jaxpr.js";
import { AnyJaxpr, Subst, concreteConst, isOpaqueCall } from "./rewrite.js";
import { hasEffect } from "./effects.js";

/** Options for `foldConstants`. */
export interface FoldOptions {
  /** Fold an equation only when each of its results has at most this many elements (default 1024). */
  maxFoldSize?: number;
}

/**
 * Evaluate every equation whose inputs are all constants and whose results are small (≤
 * `maxFoldSize` elements each), replacing scalar results by literals and others by new consts.
 * Any primitive qualifies, except opaque calls (`jit`'s jaxpr-carrying equations, `custom_*`):
 * they run user code. An equation whose evaluation throws is left in place, so the error (if it
 * is one) surfaces when the program runs. On a bare Jaxpr only scalar results can be folded.
 * Folded-away consts stay bound: run `dce` after.
 * @example foldConstants(makeJaxpr((x) => x.mul(np.array(2).add(1)))(np.array(1)))  // mul a 3
 */
export function foldConstants(closed: ClosedJaxpr, opts?: FoldOptions): ClosedJaxpr;
export function foldConstants(jaxpr: Jaxpr, opts?: FoldOptions): Jaxpr;
export function foldConstants(j: AnyJaxpr, opts: FoldOptions = {}): AnyJaxpr {
  const maxSize = opts.maxFoldSize ?? 1024;
  const closed = j instanceof ClosedJaxpr;
  const jaxpr = closed ? j.jaxpr : j;
  const consts: readonly NDArray[] = closed ? j.consts : [];
  const numConsts = consts.length;

  const known = new Map<Var, ConcreteArray>();
  consts.forEach((c, i) => {
    const cc = concreteConst(c);
    if (cc) known.set(jaxpr.inBinders[i], cc);
  });
  const valueOf = (a: Atom): ConcreteArray | undefined => (a instanceof Lit ? a.val : known.get(a));

  const subst = new Subst();
  const newConstVars: Var[] = [];
  const newConsts: ConcreteArray[] = [];
  const eqns: JaxprEqn[] = [];
  for (const e of jaxpr.eqns) {
    const eqn = subst.eqn(e);
    const outs = foldable(eqn, maxSize, closed) ? evaluate(eqn, valueOf) : undefined;
    if (!outs) {
      eqns.push(eqn);
      continue;
    }
    outs.forEach((val, i) => {
      const v = eqn.outBinders[i];
      if (val.ndim === 0) subst.set(v, new Lit(val));
      else {
        // the output variable itself becomes the binder of the new const
        newConstVars.push(v);
        newConsts.push(val);
        known.set(v, val);
      }
    });
  }
  if (eqns.length === jaxpr.eqns.length) return j;
  const inBinders = [...jaxpr.inBinders.slice(0, numConsts), ...newConstVars, ...jaxpr.inBinders.slice(numConsts)];
  const out = new Jaxpr(inBinders, eqns, subst.atoms(jaxpr.outs));
  return closed ? new ClosedJaxpr(out, [...consts, ...newConsts]) : out;
}

/** May this equation be folded, judging by its kind and result sizes (not yet its inputs)? */
function foldable(eqn: JaxprEqn, maxSize: number, canMakeConsts: boolean): boolean {
  if (isOpaqueCall(eqn) || hasEffect(eqn)) return false; // (an effect runs when the program runs, not when it compiles)
  return eqn.outBinders.every((v) => v.aval.size <= maxSize && (canMakeConsts || v.aval.ndim === 0));
}

/** The equation's results when all its inputs are known, else undefined. */
function evaluate(eqn: JaxprEqn, valueOf: (a: Atom) => ConcreteArray | undefined): ConcreteArray[] | undefined {
  const args: ConcreteArray[] = [];
  for (const a of eqn.inputs) {
    const v = valueOf(a);
    if (!v) return undefined;
    args.push(v);
  }
  let outs: ConcreteArray[];
  try {
    // NB: `impl`, not `bind`: folding may run while a transformation is tracing (jit inside grad),
    // and these values are concrete constants that must not be staged or traced.
    outs = eqn.primitive.impl(args, eqn.params);
  } catch {
    return undefined;
  }
  const ok = outs.length === eqn.outBinders.length && outs.every((o, i) => o instanceof ConcreteArray && o.aval.equals(eqn.outBinders[i].aval));
  return ok ? outs : undefined;
}
