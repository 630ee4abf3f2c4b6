/**
 * @file Complex elimination: how complex64/complex128 run on real kernels. A complex array is stored
 * as the float array of shape [...S, 2] of its interleaved parts (its *real view*, the same buffer).
 * Every primitive that accepts complex has a *complex rule*: the same computation written with real
 * lax ops on the real views. Before kernels are made, a complex equation is replaced by its rule —
 * eagerly one cached program per signature (`complexLowering`), under jit inlined into the program
 * before fusion (`eliminateComplex`), so complex code fuses and runs on every backend's real kernels.
 * Backends and the kernel IR never see a complex dtype.
 */
import { ShapedArray } from "../core/aval.js";
import { ConcreteArray, NDArray, complexView, realView } from "../core/array.js";
import { isComplex, realDType } from "../core/dtype.js";
import { NO_PARAMS, Primitive } from "../core/primitive.js";
import { Atom, Jaxpr, JaxprEqn, Lit, Var } from "../ir/jaxpr.js";
import { paramKey } from "../ir/key.js";
import { makeJaxprFlat } from "../transforms/stage.js";
import { LruMap } from "../core/lru.js";
import { Lowering, loweredImpl } from "./lowering.js";
import { runJaxpr } from "./program.js";

/**
 * A complex rule: `args` are the operands as real arrays — a complex operand by its real view
 * [...S, 2] (parts on the last axis), a real operand as it is — and the result is the outputs the
 * same way. `inAvals`/`outAvals` are the primitive's own (complex) avals.
 */
export type ComplexRule<P = any> = (args: NDArray[], params: P, inAvals: ShapedArray[], outAvals: ShapedArray[]) => NDArray[];

const rules = new Map<Primitive, ComplexRule>();

const installers: (() => void)[] = [];
/**
 * Register a function that registers complex rules, run on first use (so rules may name primitives
 * whose modules are still loading when the file that holds the rules is).
 */
export function registerComplexRules(install: () => void): void {
  installers.push(install);
}
function installRules(): void {
  while (installers.length) installers.shift()!();
}

/** Give `prim` its complex rule (src/primitives/complex_*.ts register them). */
export function registerComplexRule<P>(prim: Primitive<P>, rule: ComplexRule<P>): void {
  rules.set(prim, rule);
}
/** Does `prim` have a complex rule? */
export function hasComplexRule(prim: Primitive): boolean {
  installRules();
  return rules.has(prim);
}

/** Does any of these avals have a complex dtype? */
export function anyComplex(avals: readonly ShapedArray[]): boolean {
  for (const a of avals) if (a.dtype === "complex64" || a.dtype === "complex128") return true;
  return false;
}

/** The aval of a value's real view: complex [...S] → its float dtype [...S, 2]; a real aval as is. */
export function viewAval(a: ShapedArray): ShapedArray {
  return isComplex(a.dtype) ? ShapedArray.of([...a.shape, 2], realDType(a.dtype)) : a;
}

interface CallParams {
  prim: Primitive;
  params: any;
  inAvals: ShapedArray[];
  outAvals: ShapedArray[];
}
const internalOnly = (what: string) => () => {
  throw new Error(`internal: complex_call (a control-flow call on complex values inside a compiled program) has no ${what}`);
};
/**
 * A higher-order primitive applied to complex values, inside a program whose complex values are real
 * views: its operands and results are the real views, and it runs the primitive's own call on them
 * seen as complex. It exists only in compiled programs (never traced, differentiated or batched).
 */
const complexCallP: Primitive<CallParams> = {
  name: "complex_call",
  abstractEval: (_avals, p) => p.outAvals.map(viewAval),
  impl: loweredImpl,
  lower: (_avals, p) => callLowering(p.prim, p.inAvals, p.params, p.outAvals)!,
  jvp: internalOnly("JVP rule"),
  transpose: null,
  batch: internalOnly("batching rule"),
};

/** The rule of `prim` traced on the real views of `avals`: a real jaxpr, cached per signature. */
const traced = new LruMap<string, { jaxpr: Jaxpr; consts: ConcreteArray[] }>(() => 4096);
const primIds = new Map<Primitive, number>();
function ruleJaxpr(prim: Primitive, avals: ShapedArray[], params: any, outs: ShapedArray[]): { jaxpr: Jaxpr; consts: ConcreteArray[] } {
  let id = primIds.get(prim);
  if (id === undefined) primIds.set(prim, (id = primIds.size));
  let key = `${id}:${params === NO_PARAMS ? "" : paramKey(params)}`;
  for (const a of avals) key += `|${a.dtype}[${a.shape.join(",")}]`;
  let hit = traced.get(key);
  if (!hit) {
    installRules();
    const rule = rules.get(prim);
    if (!rule) {
      const dts = [...new Set([...avals, ...outs].filter((a) => isComplex(a.dtype)).map((a) => a.dtype))].join(", ");
      throw new TypeError(`${prim.name}: not defined for complex dtypes (got ${dts}); see docs/complex.md for the operations that take complex input`);
    }
    const closed = makeJaxprFlat((...xs) => rule(xs, params, avals, outs), avals.map(viewAval), `${prim.name} (complex)`);
    const consts = closed.consts as ConcreteArray[];
    hit = { jaxpr: closed.jaxpr, consts };
    const want = outs.map(viewAval);
    const got = closed.jaxpr.outs.map((o) => o.aval);
    if (got.length !== want.length || got.some((g, i) => !g.equals(want[i]))) {
      throw new Error(`internal: the complex rule of ${prim.name} gives ${got.map((g) => g.str()).join(", ")}, expected ${want.map((w) => w.str()).join(", ")}`);
    }
    traced.set(key, hit);
  }
  return hit;
}

/**
 * The lowering of a higher-order primitive (cond, whileLoop, scan: a "call" of its compiled bodies,
 * which eliminate complex themselves) applied to complex values, or null for any other primitive.
 */
function callLowering(prim: Primitive, avals: ShapedArray[], params: any, outs: ShapedArray[]): Lowering | null {
  if (!prim.lower) return null;
  const l = prim.lower(avals, params, outs);
  return l.kind === "call" ? l : null;
}

/**
 * The eager lowering of a primitive applied to complex values (or making them): a call of its
 * complex rule's compiled program on the real views of the operands, no copies. (A higher-order
 * primitive without a rule runs its own call on the complex arrays.)
 */
export function complexLowering(prim: Primitive, avals: ShapedArray[], params: any, outs: ShapedArray[]): Lowering {
  if (!hasComplexRule(prim)) {
    const call = callLowering(prim, avals, params, outs);
    if (call) return call;
  }
  const { jaxpr, consts } = ruleJaxpr(prim, avals, params, outs);
  return {
    kind: "call",
    inAvals: avals,
    run: (args) => {
      const res = runJaxpr(jaxpr, [...consts, ...args.map(realView)]);
      return res.map((r, i) => (isComplex(outs[i].dtype) ? complexView(r, outs[i]) : r));
    },
  };
}

/**
 * A jaxpr with every complex value replaced by its real view and every equation that touches one
 * replaced by its complex rule (inlined). The in- and out-binders keep their order: a complex input
 * or output is passed as its buffer, which is the buffer of its real view.
 */
export function eliminateComplex(jaxpr: Jaxpr): Jaxpr {
  const hasComplex = (vs: readonly Atom[]) => anyComplex(vs.map((v) => v.aval));
  if (!hasComplex(jaxpr.inBinders) && !hasComplex(jaxpr.outs) && !jaxpr.eqns.some((e) => hasComplex(e.inputs) || hasComplex(e.outBinders))) return jaxpr;
  const env = new Map<Var, Atom>();
  const view = (v: Var): Var => {
    if (!isComplex(v.aval.dtype)) return v;
    const r = new Var(viewAval(v.aval));
    env.set(v, r);
    return r;
  };
  const read = (a: Atom): Atom => {
    if (a instanceof Lit) return isComplex(a.aval.dtype) ? new Lit(realView(a.val)) : a;
    return env.get(a) ?? a;
  };
  const inBinders = jaxpr.inBinders.map(view);
  const eqns: JaxprEqn[] = [];
  for (const eqn of jaxpr.eqns) {
    const ins = eqn.inputs.map(read);
    if (!hasComplex(eqn.inputs) && !hasComplex(eqn.outBinders)) {
      eqns.push(new JaxprEqn(eqn.primitive, ins, eqn.params, eqn.outBinders));
      continue;
    }
    const inAvals = eqn.inputs.map((a) => a.aval), outAvals = eqn.outBinders.map((v) => v.aval);
    if (!hasComplexRule(eqn.primitive) && callLowering(eqn.primitive, inAvals, eqn.params, outAvals)) {
      // control flow: its call runs on the complex arrays (the same buffers as their real views)
      eqns.push(new JaxprEqn(complexCallP, ins, { prim: eqn.primitive, params: eqn.params, inAvals, outAvals }, eqn.outBinders.map(view)));
      continue;
    }
    const { jaxpr: inner, consts } = ruleJaxpr(eqn.primitive, eqn.inputs.map((a) => a.aval), eqn.params, eqn.outBinders.map((v) => v.aval));
    const ienv = new Map<Var, Atom>();
    inner.inBinders.forEach((v, i) => ienv.set(v, i < consts.length ? new Lit(consts[i]) : ins[i - consts.length]));
    const r = (a: Atom): Atom => (a instanceof Var ? ienv.get(a) ?? a : a);
    for (const e of inner.eqns) {
      const outs = e.outBinders.map((v) => new Var(v.aval));
      e.outBinders.forEach((v, i) => ienv.set(v, outs[i]));
      eqns.push(new JaxprEqn(e.primitive, e.inputs.map(r), e.params, outs));
    }
    eqn.outBinders.forEach((v, i) => env.set(v, r(inner.outs[i])));
  }
  return new Jaxpr(inBinders, eqns, jaxpr.outs.map(read));
}
