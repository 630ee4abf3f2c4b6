/**
 * @file Partial evaluation: run what is known now, stage what is unknown into a jaxpr. Applied to a
 * JVP with known primals and unknown tangents it splits out the linear tangent program (linearize).
 */
import { ShapedArray } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { Primitive } from "../core/primitive.js";
import { MainTrace, Trace, Tracer, bind, fullLower, newMain } from "../core/trace.js";
import { Atom, Jaxpr, JaxprEqn, Var } from "../ir/jaxpr.js";

/** A value that is either known (`known` holds it) or unknown (only its aval). */
export class PartialVal {
  constructor(readonly aval: ShapedArray, readonly known: NDArray | null) {}
  static known(x: NDArray): PartialVal {
    return new PartialVal(x.aval, x);
  }
  static unknown(aval: ShapedArray): PartialVal {
    return new PartialVal(aval, null);
  }
}

/** How an unknown tracer is made: an input, a constant made unknown, or an equation recorded by the trace. */
type Recipe = { kind: "lambda" } | ConstRecipe | EqnRecipe;
interface ConstRecipe {
  kind: "const";
  val: NDArray;
  /** Set when the jaxpr being built lists this constant (once). */
  listed: boolean;
}
interface EqnRecipe {
  kind: "eqn";
  prim: Primitive;
  tracersIn: PartialEvalTracer[];
  params: any;
  tracersOut: PartialEvalTracer[];
  /** Where building the jaxpr is at with this equation: not reached, inputs being visited, emitted. */
  visit: "new" | "open" | "done";
}

export class PartialEvalTracer extends Tracer {
  /** An unknown tracer's variable in the jaxpr of the unknown part (null when known). */
  readonly jaxprVar: Var | null;
  constructor(trace: Trace, readonly pval: PartialVal, public recipe: Recipe | null) {
    super(trace);
    this.jaxprVar = pval.known ? null : new Var(pval.aval);
  }
  get aval(): ShapedArray {
    return this.pval.aval;
  }
  override fullLower(): NDArray {
    return this.pval.known ? fullLower(this.pval.known) : this;
  }
  override toConcrete(): ConcreteArray | Tracer {
    const k = this.pval.known;
    return k === null ? this : k instanceof Tracer ? k.toConcrete() : (k as ConcreteArray);
  }
}

export class PartialEvalTrace extends Trace {
  get name(): string {
    return "linearize";
  }
  /** The unknown stand-in of each known value used by an unknown equation, so each constant is one input. */
  private readonly constTracers = new Map<NDArray, PartialEvalTracer>();

  newArg(pval: PartialVal): PartialEvalTracer {
    return new PartialEvalTracer(this, pval, { kind: "lambda" });
  }
  pure(val: NDArray): Tracer {
    return new PartialEvalTracer(this, PartialVal.known(val), null);
  }
  instantiateConst(t: PartialEvalTracer): PartialEvalTracer {
    const val = t.pval.known;
    if (!val) return t;
    let c = this.constTracers.get(val);
    if (!c) this.constTracers.set(val, (c = new PartialEvalTracer(this, PartialVal.unknown(t.aval), { kind: "const", val, listed: false })));
    return c;
  }
  /** Record `prim` applied to `tracersIn` (unknown) as an equation; returns its unknown outputs. */
  stageEqn(prim: Primitive, tracersIn: PartialEvalTracer[], params: any, avalsOut: ShapedArray[]): PartialEvalTracer[] {
    const tracersOut = avalsOut.map((a) => new PartialEvalTracer(this, PartialVal.unknown(a), null));
    const recipe: EqnRecipe = { kind: "eqn", prim, tracersIn, params, tracersOut, visit: "new" };
    for (const t of tracersOut) t.recipe = recipe;
    return tracersOut;
  }
  processPrimitive(prim: Primitive, tracers: NDArray[], params: any): NDArray[] {
    const ts = tracers as PartialEvalTracer[];
    const known = new Array<NDArray>(ts.length);
    let allKnown = true;
    for (let i = 0; i < ts.length; i++) {
      const k = ts[i].pval.known;
      if (!k) {
        allKnown = false;
        break;
      }
      known[i] = k;
    }
    if (allKnown) return bind(prim, known, params);
    if (prim.partialEval) return prim.partialEval(this, ts, params);
    // an effect has no outputs to reach it from, so staging it here would lose it (debug callbacks
    // see primal values, which are known when differentiating)
    if (prim.effectful) throw new Error(`${prim.name}: cannot stage an effect on values unknown during partial evaluation`);
    const tracersIn = new Array<PartialEvalTracer>(ts.length);
    const avalsIn = new Array<ShapedArray>(ts.length);
    for (let i = 0; i < ts.length; i++) {
      tracersIn[i] = this.instantiateConst(ts[i]);
      avalsIn[i] = tracersIn[i].aval;
    }
    return this.stageEqn(prim, tracersIn, params, prim.abstractEval(avalsIn, params));
  }
}

/**
 * Partially evaluate `f`: returns the jaxpr of its unknown part (inputs: its constants, then the
 * unknown arguments), the partial values of all outputs, and the constants. Outputs flagged in
 * `instantiate` are made unknown even when known, so the jaxpr always returns them.
 */
export function partialEvalFlat(
  f: (...xs: NDArray[]) => NDArray[],
  pvalsIn: PartialVal[],
  instantiate: (i: number) => boolean = () => false,
): { jaxpr: Jaxpr; pvalsOut: PartialVal[]; consts: NDArray[] } {
  return newMain(PartialEvalTrace, null, (main: MainTrace) => {
    const trace = main.trace as PartialEvalTrace;
    const tracersIn = pvalsIn.map((p) => trace.newArg(p));
    const outs = f(...tracersIn).map((o, i) => {
      const t = trace.fullRaise(o) as PartialEvalTracer;
      return instantiate(i) ? trace.instantiateConst(t) : t;
    });
    const unkIn = tracersIn.filter((t) => !t.pval.known);
    const unkOut = outs.filter((t) => !t.pval.known);
    const { jaxpr, consts } = tracersToJaxpr(unkIn, unkOut);
    return { jaxpr, pvalsOut: outs.map((t) => t.pval), consts };
  });
}

/**
 * The jaxpr computing the unknown `tracersOut` from the unknown `tracersIn`: the equations the outputs
 * depend on, in post-order from the outputs, with the constants they use as leading inputs.
 * Called once per trace (it marks the recipes).
 */
function tracersToJaxpr(tracersIn: PartialEvalTracer[], tracersOut: PartialEvalTracer[]): { jaxpr: Jaxpr; consts: NDArray[] } {
  const constVars: Var[] = [];
  const consts: NDArray[] = [];
  const eqns: JaxprEqn[] = [];
  // iterative post-order DFS over tracer parents (deep programs must not overflow the JS stack)
  const stack: PartialEvalTracer[] = [...tracersOut];
  const expanded: boolean[] = tracersOut.map(() => false);
  while (stack.length) {
    const t = stack.pop()!;
    const exp = expanded.pop()!;
    const r = t.recipe!;
    if (r.kind === "lambda") varOf(t); // (checks that it is an unknown input)
    else if (r.kind === "const") {
      if (!r.listed) {
        r.listed = true;
        constVars.push(varOf(t));
        consts.push(r.val);
      }
    } else if (!exp) {
      if (r.visit !== "new") continue;
      r.visit = "open";
      stack.push(t);
      expanded.push(true);
      for (let i = r.tracersIn.length - 1; i >= 0; i--) {
        stack.push(r.tracersIn[i]);
        expanded.push(false);
      }
    } else if (r.visit === "open") {
      r.visit = "done";
      eqns.push(new JaxprEqn(r.prim, r.tracersIn.map(varOf), r.params, r.tracersOut.map(varOf)));
    }
  }
  const jaxpr = new Jaxpr([...constVars, ...tracersIn.map(varOf)], eqns, tracersOut.map(varOf));
  return { jaxpr, consts }; // NB: not type-checked here (hot path of every grad); tests check linearized jaxprs
}

function varOf(t: PartialEvalTracer): Var {
  if (!t.jaxprVar) throw new Error("internal: partial eval reached a known value where an unknown one was expected");
  return t.jaxprVar;
}

/**
 * Split a jaxpr by which inputs are unknown: `known` computes the known outputs plus residuals;
 * `unknown` takes [residuals, unknown inputs] and computes the unknown outputs. Outputs flagged in
 * `instantiate` are forced into the unknown part (a known value then passes through as a residual).
 */
export function partialEvalJaxpr(
  jaxpr: Jaxpr,
  inUnknowns: boolean[],
  instantiate?: boolean[],
): { known: Jaxpr; unknown: Jaxpr; outUnknowns: boolean[]; numRes: number } {
  const unk = new Map<Var, boolean>();
  jaxpr.inBinders.forEach((v, i) => unk.set(v, inUnknowns[i]));
  const isUnk = (a: Atom) => a instanceof Var && unk.get(a) === true;
  const residuals = new Set<Var>();
  const addRes = (a: Atom) => {
    if (a instanceof Var) residuals.add(a);
  };
  const eqns1: JaxprEqn[] = [];
  const eqns2: JaxprEqn[] = [];
  for (const eqn of jaxpr.eqns) {
    const unks = eqn.inputs.map(isUnk);
    if (eqn.primitive.partialEvalEqn && unks.some(Boolean)) {
      const r = eqn.primitive.partialEvalEqn(eqn, unks);
      if (r.known) eqns1.push(r.known);
      if (r.unknown) eqns2.push(r.unknown);
      r.residuals.forEach(addRes);
      eqn.outBinders.forEach((v, i) => unk.set(v, r.outUnknowns[i]));
    } else if (unks.some(Boolean)) {
      eqn.inputs.forEach((a, i) => !unks[i] && addRes(a));
      eqns2.push(eqn);
      eqn.outBinders.forEach((v) => unk.set(v, true));
    } else {
      eqns1.push(eqn);
      eqn.outBinders.forEach((v) => unk.set(v, false));
    }
  }
  let outUnknowns = jaxpr.outs.map(isUnk);
  if (instantiate) {
    jaxpr.outs.forEach((v, i) => instantiate[i] && !outUnknowns[i] && addRes(v));
    outUnknowns = outUnknowns.map((u, i) => u || instantiate[i]);
  }
  const res = [...residuals];
  const ins1 = jaxpr.inBinders.filter((_, i) => !inUnknowns[i]);
  const ins2 = jaxpr.inBinders.filter((_, i) => inUnknowns[i]);
  const outs1 = jaxpr.outs.filter((_, i) => !outUnknowns[i]);
  const outs2 = jaxpr.outs.filter((_, i) => outUnknowns[i]);
  return {
    known: new Jaxpr(ins1, eqns1, [...outs1, ...res]),
    unknown: new Jaxpr([...res, ...ins2], eqns2, outs2),
    outUnknowns,
    numRes: res.length,
  };
}
