/**
 * @file Reverse mode = linearize + transpose. linearize stages the tangent program of a JVP with
 * partial evaluation; transposition runs a linear jaxpr backwards with each primitive's transpose rule.
 */
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { Ct, UndefPrimal } from "../core/primitive.js";
import { bind } from "../core/trace.js";
import { Atom, Jaxpr, JaxprEqn, Lit, Var, evalJaxpr } from "../ir/jaxpr.js";
import { add, zerosLike } from "../lax/index.js";
import { jvpFlat } from "./jvp.js";
import { PartialVal, partialEvalFlat } from "./partial_eval.js";

type Fn = (...xs: NDArray[]) => NDArray[];

/**
 * Evaluate a jaxpr that is linear in its UndefPrimal inputs backwards: given cotangents of the
 * outputs, return the cotangent of every input (null = symbolic zero, or not a linear input).
 * Equations that do not touch a linear input are evaluated forwards first.
 */
export function backwardPass(jaxpr: Jaxpr, args: (NDArray | UndefPrimal)[], cotangents: Ct[]): Ct[] {
  // every variable's primal value; an UndefPrimal for the linear ones (those that depend on a linear input)
  const env = new Map<Var, NDArray | UndefPrimal>();
  for (let i = 0; i < jaxpr.inBinders.length; i++) env.set(jaxpr.inBinders[i], args[i]);
  const linearEqns: JaxprEqn[] = [];
  const linearIns: (NDArray | UndefPrimal)[][] = []; // their inputs' values (UndefPrimal: linear)
  for (const eqn of jaxpr.eqns) {
    const ins = readAll(env, eqn.inputs);
    if (ins.some(isUndef)) {
      for (const v of eqn.outBinders) env.set(v, new UndefPrimal(v.aval));
      linearEqns.push(eqn);
      linearIns.push(ins);
    } else {
      const outs = bind(eqn.primitive, ins as NDArray[], eqn.params);
      for (let i = 0; i < outs.length; i++) env.set(eqn.outBinders[i], outs[i]);
    }
  }

  const ct = new Map<Var, NDArray>();
  for (let i = 0; i < jaxpr.outs.length; i++) {
    const v = jaxpr.outs[i];
    if (v instanceof Var && env.get(v) instanceof UndefPrimal) addCt(ct, v, cotangents[i]);
  }
  for (let k = linearEqns.length - 1; k >= 0; k--) {
    const eqn = linearEqns[k];
    const n = eqn.outBinders.length;
    const ctsIn = new Array<Ct>(n);
    let any = false;
    for (let i = 0; i < n; i++) {
      const v = eqn.outBinders[i];
      const c = ct.get(v) ?? null;
      if (c) {
        ct.delete(v);
        any = true;
      }
      ctsIn[i] = c;
    }
    if (!any) continue;
    const rule = eqn.primitive.transpose;
    if (!rule) throw new Error(`transpose: ${eqn.primitive.name} is not linear in its tangent inputs, so reverse mode cannot transpose it`);
    const ins = linearIns[k];
    const ctsOut = rule(ctsIn, ins, eqn.params);
    for (let i = 0; i < ins.length; i++) if (ins[i] instanceof UndefPrimal) addCt(ct, eqn.inputs[i] as Var, ctsOut[i]);
  }
  const res = new Array<Ct>(jaxpr.inBinders.length);
  for (let i = 0; i < res.length; i++) res[i] = ct.get(jaxpr.inBinders[i]) ?? null;
  return res;
}

const isUndef = (x: NDArray | UndefPrimal) => x instanceof UndefPrimal;

function readAll(env: Map<Var, NDArray | UndefPrimal>, atoms: Atom[]): (NDArray | UndefPrimal)[] {
  const out = new Array<NDArray | UndefPrimal>(atoms.length);
  for (let i = 0; i < atoms.length; i++) {
    const a = atoms[i];
    out[i] = a instanceof Lit ? a.val : env.get(a)!;
  }
  return out;
}

/** Add cotangent `c` into the cotangent of the linear variable `v` (cotangents that meet are summed). */
function addCt(ct: Map<Var, NDArray>, v: Var, c: Ct): void {
  if (!c) return;
  const prev = ct.get(v);
  ct.set(v, prev ? add(prev, c) : c);
}

/** Cotangents with symbolic zeros made concrete. */
export function instantiateZeros(cts: Ct[], avals: ShapedArray[]): NDArray[] {
  return cts.map((c, i) => c ?? zerosLike(avals[i]));
}

/** linearize on flat lists: primal outputs and the jaxpr of the JVP's linear tangent map. */
export function linearizeFlat(f: Fn, primals: NDArray[]): { primalsOut: NDArray[]; jaxpr: Jaxpr; consts: NDArray[] } {
  const n = primals.length;
  const pvalsIn = [...primals.map((p) => PartialVal.known(p)), ...primals.map((p) => PartialVal.unknown(p.aval))];
  let nOut = 0;
  const fJvp = (...xs: NDArray[]) => {
    const [po, to] = jvpFlat(f, xs.slice(0, n), xs.slice(n));
    nOut = po.length;
    return [...po, ...to];
  };
  const { jaxpr, pvalsOut, consts } = partialEvalFlat(fJvp, pvalsIn, (i) => i >= nOut);
  const primalsOut = pvalsOut.slice(0, nOut).map((p, i) => {
    if (!p.known) throw new Error(`internal: primal output ${i} depends on tangents`);
    return p.known;
  });
  return { primalsOut, jaxpr, consts };
}

/** vjp on flat lists: primal outputs and the function mapping output cotangents to input cotangents. */
export function vjpFlat(f: Fn, primals: NDArray[]): [NDArray[], (cts: Ct[]) => NDArray[]] {
  const { primalsOut, jaxpr, consts } = linearizeFlat(f, primals);
  const avals = primals.map((p) => p.aval);
  const vjpFn = (cts: Ct[]) => {
    const args = [...consts, ...avals.map((a) => new UndefPrimal(a))];
    const ctsIn = backwardPass(jaxpr, args, cts).slice(consts.length);
    return instantiateZeros(ctsIn, avals);
  };
  return [primalsOut, vjpFn];
}

/** The JVP of `f` at `primals` as a function of tangents only (the linear part, evaluated from its jaxpr). */
export function linearizedFn(jaxpr: Jaxpr, consts: NDArray[]): (tangents: NDArray[]) => NDArray[] {
  return (tangents) => evalJaxpr(jaxpr, [...consts, ...tangents]);
}
