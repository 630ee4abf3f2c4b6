/**
 * @file Partial evaluation: run what is known now, stage what is unknown into a jaxpr. Applied to a
 * JVP with known primals and unknown tangents it splits out the linear tangent program (linearize).
 */
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
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

type Recipe =
  | { kind: "lambda" }
  | { kind: "const"; val: NDArray }
  | { kind: "eqn"; prim: Primitive; tracersIn: PartialEvalTracer[]; params: any; avalsOut: ShapedArray[]; tracersOut: PartialEvalTracer[] };

export class PartialEvalTracer extends Tracer {
  constructor(trace: Trace, readonly pval: PartialVal, public recipe: Recipe | null) {
    super(trace);
  }
  get aval(): ShapedArray {
    return this.pval.aval;
  }
  override fullLower(): NDArray {
    return this.pval.known ? fullLower(this.pval.known) : this;
  }
}

export class PartialEvalTrace extends Trace {
  newArg(pval: PartialVal): PartialEvalTracer {
    return new PartialEvalTracer(this, pval, { kind: "lambda" });
  }
  pure(val: NDArray): Tracer {
    return new PartialEvalTracer(this, PartialVal.known(val), null);
  }
  instantiateConst(t: PartialEvalTracer): PartialEvalTracer {
    if (!t.pval.known) return t;
    return new PartialEvalTracer(this, PartialVal.unknown(t.aval), { kind: "const", val: t.pval.known });
  }
  processPrimitive(prim: Primitive, tracers: NDArray[], params: any): NDArray[] {
    const ts = tracers as PartialEvalTracer[];
    if (ts.every((t) => t.pval.known)) return bind(prim, ts.map((t) => t.pval.known!), params);
    if (prim.partialEval) return prim.partialEval(this, ts, params);
    const tracersIn = ts.map((t) => this.instantiateConst(t));
    const avalsOut = prim.abstractEval(tracersIn.map((t) => t.aval), params);
    const tracersOut = avalsOut.map((a) => new PartialEvalTracer(this, PartialVal.unknown(a), null));
    const recipe: Recipe = { kind: "eqn", prim, tracersIn, params, avalsOut, tracersOut };
    for (const t of tracersOut) t.recipe = recipe;
    return tracersOut;
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

/** Topologically order the recipes reachable from the outputs and emit them as a jaxpr. */
function tracersToJaxpr(tracersIn: PartialEvalTracer[], tracersOut: PartialEvalTracer[]): { jaxpr: Jaxpr; consts: NDArray[] } {
  const tracerToVar = new Map<PartialEvalTracer, Var>();
  for (const t of tracersIn) tracerToVar.set(t, new Var(t.aval));
  const constToVar = new Map<NDArray, Var>();
  const constVars: Var[] = [];
  const consts: NDArray[] = [];
  const eqns: JaxprEqn[] = [];
  const done = new Set<unknown>();

  // iterative post-order DFS over tracer parents (deep programs must not overflow the JS stack)
  const stack: [PartialEvalTracer, boolean][] = tracersOut.map((t) => [t, false]);
  const visited = new Set<PartialEvalTracer>();
  while (stack.length) {
    const [t, expanded] = stack.pop()!;
    const r = t.recipe!;
    if (!expanded) {
      if (visited.has(t)) continue;
      visited.add(t);
      stack.push([t, true]);
      if (r.kind === "eqn") for (let i = r.tracersIn.length - 1; i >= 0; i--) stack.push([r.tracersIn[i], false]);
      continue;
    }
    if (r.kind === "lambda") {
      if (!tracerToVar.has(t)) throw new Error("internal: partial eval reached an argument that is not an unknown input");
    } else if (r.kind === "const") {
      let v = constToVar.get(r.val);
      if (!v) {
        v = new Var(r.val.aval);
        constToVar.set(r.val, v);
        constVars.push(v);
        consts.push(r.val);
      }
      tracerToVar.set(t, v);
    } else if (!done.has(r)) {
      done.add(r);
      const outBinders = r.avalsOut.map((a) => new Var(a));
      r.tracersOut.forEach((o, i) => tracerToVar.set(o, outBinders[i]));
      eqns.push(new JaxprEqn(r.prim, r.tracersIn.map((x) => tracerToVar.get(x)!), r.params, outBinders));
    }
  }
  const jaxpr = new Jaxpr([...constVars, ...tracersIn.map((t) => tracerToVar.get(t)!)], eqns, tracersOut.map((t) => tracerToVar.get(t)!));
  return { jaxpr, consts }; // NB: not type-checked here (hot path of every grad); tests check linearized jaxprs

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
