/** @file Staging: trace a function to a jaxpr with abstract values (makeJaxpr; later jit). */
import { ShapedArray } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { Primitive } from "../core/primitive.js";
import { MainTrace, Trace, Tracer, newMain, withDynamic } from "../core/trace.js";
import { Atom, ClosedJaxpr, Jaxpr, JaxprEqn, Lit, Var, typecheckJaxpr } from "../ir/jaxpr.js";

export class JaxprTracer extends Tracer {
  constructor(trace: Trace, readonly aval: ShapedArray) {
    super(trace);
  }
}

/** Collects equations, variables and captured constants while a function is staged. */
class JaxprBuilder {
  /** The transformation that stages (for messages): "jit", "makeJaxpr", "checkpoint", "scan", … */
  constructor(readonly name: string) {}
  eqns: JaxprEqn[] = [];
  tracerToVar = new Map<Tracer, Var>();
  constTracers = new Map<NDArray, JaxprTracer>();
  constVals = new Map<Var, NDArray>();

  addVar(t: Tracer): Var {
    const v = new Var(t.aval);
    this.tracerToVar.set(t, v);
    return v;
  }
  getVar(t: Tracer): Var {
    const v = this.tracerToVar.get(t);
    if (!v) throw new Error("internal: a tracer from another staging trace leaked into this one");
    return v;
  }
  build(ins: Tracer[], outs: Tracer[]): ClosedJaxpr {
    const constVars = [...this.constVals.keys()];
    const consts = constVars.map((v) => this.constVals.get(v)!);
    const jaxpr = new Jaxpr([...constVars, ...ins.map((t) => this.getVar(t))], this.eqns, outs.map((t) => this.getVar(t)));
    typecheckJaxpr(jaxpr);
    return inlineLiterals(jaxpr, consts);
  }
}

export class JaxprTrace extends Trace {
  get name(): string {
    return this.builder.name;
  }
  get builder(): JaxprBuilder {
    return this.main.globalData as JaxprBuilder;
  }
  newArg(aval: ShapedArray): JaxprTracer {
    const t = new JaxprTracer(this, aval);
    this.builder.addVar(t);
    return t;
  }
  /** Values from outside the staged function become constants of the jaxpr (once each). */
  pure(val: NDArray): Tracer {
    let t = this.builder.constTracers.get(val);
    if (!t) {
      t = new JaxprTracer(this, val.aval);
      const v = this.builder.addVar(t);
      this.builder.constVals.set(v, val);
      this.builder.constTracers.set(val, t);
    }
    return t;
  }
  processPrimitive(prim: Primitive, tracers: NDArray[], params: any): NDArray[] {
    const ts = tracers as JaxprTracer[];
    const avalsOut = prim.abstractEval(ts.map((t) => t.aval), params);
    const outs = avalsOut.map((a) => new JaxprTracer(this, a));
    this.builder.eqns.push(
      new JaxprEqn(prim, ts.map((t) => this.builder.getVar(t)), params, outs.map((o) => this.builder.addVar(o))),
    );
    return outs;
  }
}

/** Scalar concrete constants are written inline as literals. */
function inlineLiterals(jaxpr: Jaxpr, consts: NDArray[]): ClosedJaxpr {
  const nConst = consts.length;
  const lits = new Map<Var, Lit>();
  const keptVars: Var[] = [];
  const keptConsts: NDArray[] = [];
  jaxpr.inBinders.slice(0, nConst).forEach((v, i) => {
    const c = consts[i];
    if (c instanceof ConcreteArray && c.ndim === 0) lits.set(v, new Lit(c));
    else {
      keptVars.push(v);
      keptConsts.push(c);
    }
  });
  const sub = (a: Atom): Atom => (a instanceof Var && lits.get(a)) || a;
  const eqns = jaxpr.eqns.map((e) => new JaxprEqn(e.primitive, e.inputs.map(sub), e.params, e.outBinders));
  const out = new Jaxpr([...keptVars, ...jaxpr.inBinders.slice(nConst)], eqns, jaxpr.outs.map(sub));
  return new ClosedJaxpr(out, keptConsts);
}

/** Stage `f` applied to abstract arguments into a closed jaxpr; `name` is the transformation, for messages. */
export function makeJaxprFlat(f: (...xs: NDArray[]) => NDArray[], avalsIn: ShapedArray[], name = "staging"): ClosedJaxpr {
  return newMain(JaxprTrace, new JaxprBuilder(name), (main: MainTrace) =>
    withDynamic(main, () => {
      const trace = main.trace as JaxprTrace;
      const ins = avalsIn.map((a) => trace.newArg(a));
      const outs = f(...ins).map((o) => trace.fullRaise(o) as Tracer);
      return trace.builder.build(ins, outs);
    }),
  );
}
