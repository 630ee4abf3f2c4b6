/**
 * @file Reverse mode = linearize + transpose. linearize stages the tangent program of a JVP with
 * partial evaluation; transposition runs a linear jaxpr backwards with each primitive's transpose rule.
 */
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { Ct, UndefPrimal } from "../core/primitive.js";
import { bind } from "../core/trace.js";
import { Atom, Jaxpr, Lit, Var, evalJaxpr } from "../ir/jaxpr.js";
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
  const primal = new Map<Var, NDArray>();
  const linear = new Set<Var>();
  jaxpr.inBinders.forEach((v, i) => {
    const a = args[i];
    if (a instanceof UndefPrimal) linear.add(v);
    else primal.set(v, a);
  });
  const isLinear = (a: Atom) => a instanceof Var && linear.has(a);
  const readPrimal = (a: Atom): NDArray | UndefPrimal => (a instanceof Lit ? a.val : linear.has(a) ? new UndefPrimal(a.aval) : primal.get(a)!);

  const linearEqns = [];
  for (const eqn of jaxpr.eqns) {
    if (eqn.inputs.some(isLinear)) {
      eqn.outBinders.forEach((v) => linear.add(v));
      linearEqns.push(eqn);
    } else {
      const outs = bind(eqn.primitive, eqn.inputs.map((a) => readPrimal(a) as NDArray), eqn.params);
      eqn.outBinders.forEach((v, i) => primal.set(v, outs[i]));
    }
  }

  const ct = new Map<Var, NDArray>();
  const writeCt = (a: Atom, c: Ct) => {
    if (!c || !(a instanceof Var) || !linear.has(a)) return;
    const prev = ct.get(a);
    ct.set(a, prev ? add(prev, c) : c);
  };
  jaxpr.outs.forEach((v, i) => writeCt(v, cotangents[i]));
  for (let k = linearEqns.length - 1; k >= 0; k--) {
    const eqn = linearEqns[k];
    const ctsIn = eqn.outBinders.map((v) => ct.get(v) ?? null);
    eqn.outBinders.forEach((v) => ct.delete(v));
    if (ctsIn.every((c) => c === null)) continue;
    const rule = eqn.primitive.transpose;
    if (!rule) throw new Error(`transpose: ${eqn.primitive.name} is not linear in its tangent inputs, so reverse mode cannot transpose it`);
    const ctsOut = rule(ctsIn, eqn.inputs.map(readPrimal), eqn.params);
    eqn.inputs.forEach((a, i) => writeCt(a, ctsOut[i]));
  }
  return jaxpr.inBinders.map((v) => ct.get(v) ?? null);
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
