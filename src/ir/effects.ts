/**
 * @file Effects: which equations must run even when their outputs are unused — an effectful
 * primitive (`debug_callback`), or a call (jit, scan, cond, while_loop, checkpoint) whose jaxpr
 * contains one, at any depth.
 */
import { ClosedJaxpr, Jaxpr, JaxprEqn } from "./jaxpr.js";

const memo = new WeakMap<Jaxpr, boolean>();

/** Does running `eqn` have an effect beyond its outputs? @example hasEffect(printEqn) // true */
export function hasEffect(eqn: JaxprEqn): boolean {
  if (eqn.primitive.effectful) return true;
  for (const k in eqn.params) if (paramHasEffect(eqn.params[k])) return true;
  return false;
}

/** Does any equation of `jaxpr` (or of a jaxpr it calls) have an effect? Memoised per jaxpr. */
export function jaxprHasEffect(jaxpr: Jaxpr): boolean {
  let r = memo.get(jaxpr);
  if (r === undefined) memo.set(jaxpr, (r = jaxpr.eqns.some(hasEffect)));
  return r;
}

function paramHasEffect(v: unknown): boolean {
  if (v instanceof Jaxpr) return jaxprHasEffect(v);
  if (v instanceof ClosedJaxpr) return jaxprHasEffect(v.jaxpr);
  if (Array.isArray(v)) return v.some((x) => x instanceof Jaxpr || x instanceof ClosedJaxpr ? paramHasEffect(x) : false);
  return false;
}
