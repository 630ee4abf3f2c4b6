/**
 * @file The small toolkit the jaxpr passes (passes.ts, fold.ts, simplify.ts) share: renaming
 * variables to atoms, rebuilding equations without mutating the input, telling opaque
 * (higher-order) equations apart, and applying a pass to either a Jaxpr or a ClosedJaxpr.
 */
import { ConcreteArray, NDArray } from "../core/array.js";
import { Atom, ClosedJaxpr, Jaxpr, JaxprEqn, Lit, Var } from "./jaxpr.js";

/** Either form a pass accepts; it returns the same form. */
export type AnyJaxpr = Jaxpr | ClosedJaxpr;

/**
 * A substitution of variables by atoms, filled in program order. Every target is itself already
 * substituted when it is recorded, so one lookup resolves a chain.
 */
export class Subst {
  private readonly map = new Map<Var, Atom>();
  set(v: Var, a: Atom): void {
    this.map.set(v, this.get(a));
  }
  get(a: Atom): Atom {
    return a instanceof Var ? (this.map.get(a) ?? a) : a;
  }
  get size(): number {
    return this.map.size;
  }
  /** The equation with its inputs substituted: the same object when nothing changed. */
  eqn(e: JaxprEqn): JaxprEqn {
    const inputs = e.inputs.map((a) => this.get(a));
    return inputs.every((a, i) => a === e.inputs[i]) ? e : new JaxprEqn(e.primitive, inputs, e.params, e.outBinders);
  }
  atoms(as: readonly Atom[]): Atom[] {
    return as.map((a) => this.get(a));
  }
}

/**
 * Is this equation a call of user code or of another program — `jit` (params carrying a `jaxpr`),
 * `custom_jvp_call`/`custom_vjp_call`/`custom_lin`, or anything whose params hold a function or a
 * jaxpr? Such equations are pure and may be removed when dead or merged when identical, but they are
 * never evaluated at compile time nor looked into.
 */
export function isOpaqueCall(eqn: JaxprEqn): boolean {
  if ("jaxpr" in eqn.params || eqn.primitive.name.startsWith("custom_")) return true;
  // higher-order primitives have no lowering of their own
  if ((eqn.primitive as { lower?: unknown }).lower === null) return true;
  return Object.values(eqn.params).some((v) => typeof v === "function" || v instanceof Jaxpr || v instanceof ClosedJaxpr);
}

/** The concrete value of a const, or undefined for a traced one (a closed jaxpr staged inside a transformation). */
export function concreteConst(x: NDArray): ConcreteArray | undefined {
  return x instanceof ConcreteArray ? x : undefined;
}

/** The uniform value of a concrete array no larger than `maxSize` (−0 and +0 differ; NaN matches NaN), else undefined. */
export function uniformValue(x: ConcreteArray, maxSize = 1 << 16): number | undefined {
  if (x.size === 0 || x.size > maxSize) return undefined;
  const data = x.data();
  const v0 = data[0];
  for (let i = 1; i < data.length; i++) if (!Object.is(data[i], v0)) return undefined;
  return v0;
}

/** The value of a literal (always a scalar), with −0 kept. */
export function litValue(l: Lit): number {
  return l.val.data()[0];
}

/**
 * Run a pass on the jaxpr inside a ClosedJaxpr (its consts are its leading inBinders) or on a bare
 * Jaxpr. Passes return their input object itself when they change nothing, and so does this.
 */
export function onJaxpr<J extends AnyJaxpr>(j: J, pass: (jaxpr: Jaxpr, consts: readonly NDArray[]) => Jaxpr): J {
  if (j instanceof ClosedJaxpr) {
    const out = pass(j.jaxpr, j.consts);
    return (out === j.jaxpr ? j : new ClosedJaxpr(out, j.consts)) as J;
  }
  return pass(j as Jaxpr, []) as J;
}

/** Rebuild a jaxpr from new equations and outputs, keeping its inBinders. */
export function withEqns(jaxpr: Jaxpr, eqns: JaxprEqn[], outs: Atom[]): Jaxpr {
  return new Jaxpr(jaxpr.inBinders, eqns, outs);
}
