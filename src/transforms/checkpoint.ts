/**
 * @file checkpoint (rematerialisation): a higher-order primitive whose partial evaluation keeps only
 * its inputs as residuals, so reverse mode recomputes the function's intermediates in the backward
 * pass instead of storing them — memory traded for a second forward pass (e.g. per step of a scan).
 */
import { NDArray } from "../core/array.js";
import { Primitive, UndefPrimal } from "../core/primitive.js";
import { unflatten } from "../core/pytree.js";
import { bind } from "../core/trace.js";
import { Jaxpr, JaxprEqn, Var } from "../ir/jaxpr.js";
import { isZeroTangent, zeroTangent, zerosLike } from "../lax/index.js";
import { runJaxpr } from "../lower/program.js";
import { Tree, checkFn, flattenArrays, traceToJaxpr } from "./flatten_fun.js";
import { avalsIn, jvpJaxpr, memo, transposeJaxpr, vmapJaxpr } from "./jaxpr_rules.js";
import { PartialEvalTracer } from "./partial_eval.js";
import { moveBatchAxis } from "./vmap.js";

export interface CheckpointParams {
  jaxpr: Jaxpr;
}

const bindRemat = (jaxpr: Jaxpr, args: NDArray[]) => bind(checkpointP, args, { jaxpr });

/** Known half: the known outputs from the known inputs (no residuals). Unknown half: the whole function again, known inputs first. */
const splitRemat = memo((jaxpr, key) => {
  const unk = [...key].map((c) => c === "1");
  // an output is unknown when it depends on an unknown input
  const dep = new Set<Var>(jaxpr.inBinders.filter((_, i) => unk[i]));
  for (const e of jaxpr.eqns) if (e.inputs.some((a) => a instanceof Var && dep.has(a))) e.outBinders.forEach((v) => dep.add(v));
  const outUnknowns = jaxpr.outs.map((o) => o instanceof Var && dep.has(o));
  const order = [...jaxpr.inBinders.filter((_, i) => !unk[i]), ...jaxpr.inBinders.filter((_, i) => unk[i])];
  return {
    outUnknowns,
    known: new Jaxpr(jaxpr.inBinders.filter((_, i) => !unk[i]), jaxpr.eqns.filter((e) => !e.outBinders.some((v) => dep.has(v))), jaxpr.outs.filter((_, i) => !outUnknowns[i])),
    unknown: new Jaxpr(order, jaxpr.eqns, jaxpr.outs.filter((_, i) => outUnknowns[i])),
  };
});

export const checkpointP: Primitive<CheckpointParams> = {
  name: "checkpoint",
  abstractEval(avals, { jaxpr }) {
    const want = avalsIn(jaxpr);
    if (avals.length !== want.length || avals.some((a, i) => !a.equals(want[i]))) throw new TypeError(`checkpoint: called with ${avals.map((a) => a.str())} but traced for ${want.map((a) => a.str())}`);
    return jaxpr.outs.map((o) => o.aval);
  },
  impl: (args, { jaxpr }) => runJaxpr(jaxpr, args),
  lower: null, // inlined by jit: rematerialisation only matters to differentiation
  // jvp of a checkpointed function = the checkpointed JVP
  jvp(primals, tangents, { jaxpr }) {
    const zero = tangents.map(isZeroTangent);
    const t = jvpJaxpr(jaxpr, zero);
    const outs = bindRemat(t.jaxpr, [...t.consts, ...primals, ...tangents.filter((_, i) => !zero[i])]);
    const k = jaxpr.outs.length;
    let j = k;
    return [outs.slice(0, k), jaxpr.outs.map((o, i) => (t.outZero[i] ? zeroTangent(o.aval) : outs[j++]))];
  },
  // the backward pass re-runs the forward computation from the inputs (transposeJaxpr evaluates the non-linear part)
  transpose(cts, args, { jaxpr }) {
    const undef = args.map((a) => a instanceof UndefPrimal);
    const t = transposeJaxpr(jaxpr, undef);
    const full = cts.map((c, i) => c ?? zerosLike(jaxpr.outs[i].aval));
    const outs = bindRemat(t.jaxpr, [...t.consts, ...(args.filter((a) => !(a instanceof UndefPrimal)) as NDArray[]), ...full]);
    let k = 0;
    return undef.map((u) => (u ? outs[k++] : null));
  },
  batch(args, dims, { jaxpr }, size) {
    const moved = args.map((a, i) => (dims[i] === null ? a : moveBatchAxis(a, dims[i], 0, size)));
    const t = vmapJaxpr(jaxpr, size, dims.map((d) => d !== null));
    const outs = bindRemat(t.jaxpr, [...t.consts, ...moved]);
    return [outs, outs.map(() => 0)];
  },
  // partial evaluation stores only the known inputs: the unknown half recomputes everything from them
  partialEval(trace, tracers, { jaxpr }) {
    const s = splitRemat(jaxpr, tracers.map((t) => (t.pval.known ? "0" : "1")).join(""));
    const known = tracers.filter((t) => t.pval.known);
    const outs1 = s.known.outs.length ? bindRemat(s.known, known.map((t) => t.pval.known!)) : [];
    const ins = [...known, ...tracers.filter((t) => !t.pval.known)].map((t) => trace.instantiateConst(t as PartialEvalTracer));
    const outs2 = trace.stageEqn(checkpointP, ins, { jaxpr: s.unknown }, s.unknown.outs.map((o) => o.aval));
    let i1 = 0, i2 = 0;
    return s.outUnknowns.map((u) => (u ? outs2[i2++] : outs1[i1++]));
  },
  partialEvalEqn(eqn, unknowns) {
    const s = splitRemat((eqn.params as CheckpointParams).jaxpr, unknowns.map((u) => (u ? "1" : "0")).join(""));
    const knownIns = eqn.inputs.filter((_, i) => !unknowns[i]);
    return {
      known: s.known.outs.length ? new JaxprEqn(checkpointP, knownIns, { jaxpr: s.known }, eqn.outBinders.filter((_, i) => !s.outUnknowns[i])) : null,
      unknown: new JaxprEqn(checkpointP, [...knownIns, ...eqn.inputs.filter((_, i) => unknowns[i])], { jaxpr: s.unknown }, eqn.outBinders.filter((_, i) => s.outUnknowns[i])),
      outUnknowns: s.outUnknowns,
      residuals: knownIns.filter((a): a is Var => a instanceof Var),
    };
  },
};

/**
 * Rematerialise `f` under differentiation: reverse mode stores only f's inputs and recomputes its
 * intermediates during the backward pass (JAX's `jax.checkpoint` / `remat`). Values and derivatives
 * are unchanged; use it on the body of a long `scan` to trade compute for memory.
 * @example const step = checkpoint((h, x) => np.tanh(np.matmul(W, h).add(x)));
 */
export function checkpoint<F extends (...args: any[]) => any>(f: F): F {
  checkFn(f, "checkpoint");
  const wrapped = (...args: Tree[]) => {
    const [xs, inDef] = flattenArrays(args, "checkpoint");
    const { closed, outDef } = traceToJaxpr(f, inDef, xs.map((x) => x.aval), "checkpoint", { allowUndefined: true });
    return unflatten(outDef, bindRemat(closed.jaxpr, [...closed.consts, ...xs]));
  };
  return wrapped as F;
}
