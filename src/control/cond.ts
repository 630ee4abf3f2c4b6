/**
 * @file The `cond` primitive (lax.cond and lax.switch): apply one of several branch jaxprs, chosen by
 * an int32 index, to the operands. Rules: jvp (JVP of every branch), partial evaluation (the index is
 * known: known halves run now, each branch's residuals travel in slots of their own), transpose (a
 * cond of the transposed branches) and batching (a batched index evaluates every branch and selects).
 */
import { ShapedArray } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { Ct, Primitive, UndefPrimal } from "../core/primitive.js";
import { bind } from "../core/trace.js";
import { Atom, Jaxpr, JaxprEqn, Var, evalJaxpr } from "../ir/jaxpr.js";
import * as L from "../lax/index.js";
import { runJaxprFresh } from "../lower/program.js";
import { avalsIn, avalsOut, jvpJaxpr, transposeJaxpr, vmapJaxpr } from "../transforms/jaxpr_rules.js";
import { PartialEvalTrace, PartialEvalTracer, partialEvalJaxpr } from "../transforms/partial_eval.js";
import { makeJaxprFlat } from "../transforms/stage.js";
import { moveBatchAxis } from "../transforms/vmap.js";
import { joinConsts, owning, padInputs, range, reorder, strs } from "./common.js";

export interface CondParams {
  /** Branch jaxprs, all taking the operands (after the index) and returning the same types. */
  branches: Jaxpr[];
}

function bindCond(index: NDArray, ops: NDArray[], branches: Jaxpr[]): NDArray[] {
  return bind(condP, [index, ...ops], { branches });
}

const clampIndex = (i: number, n: number) => Math.min(Math.max(Math.trunc(i), 0), n - 1);

function condImpl([index, ...ops]: ConcreteArray[], { branches }: CondParams): ConcreteArray[] {
  const { outs, fresh } = runJaxprFresh(branches[clampIndex(index.item(), branches.length)], ops);
  return owning(outs, fresh);
}

// jvp of a branch choice = the choice among the branches' JVPs (the index carries no tangent)
function condJvp([index, ...ops]: NDArray[], [, ...dops]: NDArray[], { branches }: CondParams): [NDArray[], NDArray[]] {
  const zero = dops.map(L.isZeroTangent);
  const nOut = branches[0].outs.length;
  const ts = branches.map((b) => jvpJaxpr(b, zero, Array(nOut).fill(true)));
  const { jaxprs, consts } = joinConsts(ts);
  const outs = bindCond(index, [...consts, ...ops, ...dops.filter((_, i) => !zero[i])], jaxprs);
  return [outs.slice(0, nOut), outs.slice(nOut)];
}

/** A branch's known half padded with zero residual slots for the other branches. */
function knownWithSlots(known: Jaxpr, nKnownOut: number, resAvals: ShapedArray[][], k: number): { jaxpr: Jaxpr; consts: NDArray[] } {
  const zeros = (a: ShapedArray) => L.broadcastInDim(L.full([], 0, a.dtype), [...a.shape], []);
  return makeJaxprFlat((...xs) => {
    const outs = evalJaxpr(known, xs);
    const res = resAvals.map((as, j) => (j === k ? outs.slice(nKnownOut) : as.map(zeros)));
    return [...outs.slice(0, nKnownOut), ...res.flat()];
  }, avalsIn(known));
}

interface CondSplit {
  outUnknowns: boolean[];
  known: { jaxprs: Jaxpr[]; consts: NDArray[] }; // known ops → [known outs, residuals of every branch]
  unknown: Jaxpr[]; // [residuals of every branch, unknown ops] → unknown outs
  resAvals: ShapedArray[];
}

function splitCond(branches: Jaxpr[], unknownOps: boolean[]): CondSplit {
  let outUnk = branches[0].outs.map(() => false);
  for (const b of branches) partialEvalJaxpr(b, unknownOps).outUnknowns.forEach((u, i) => (outUnk[i] ||= u));
  const pes = branches.map((b) => partialEvalJaxpr(b, unknownOps, outUnk));
  outUnk = pes[0].outUnknowns;
  const resAvals = pes.map((pe) => pe.known.outs.slice(pe.known.outs.length - pe.numRes).map((o) => o.aval));
  const nKnownOut = outUnk.filter((u) => !u).length;
  const known = joinConsts(pes.map((pe, k) => knownWithSlots(pe.known, nKnownOut, resAvals, k)));
  const unknown = pes.map((pe, k) => {
    const before = resAvals.slice(0, k).flat(), after = resAvals.slice(k + 1).flat();
    const n = pe.unknown.inBinders.length, nb = before.length, nr = pe.numRes;
    const padded = padInputs(pe.unknown, before, after);
    return reorder(padded, [...range(0, nb + nr), ...range(nb + n, after.length), ...range(nb + nr, n - nr)], range(0, padded.outs.length));
  });
  return { outUnknowns: outUnk, known, unknown, resAvals: resAvals.flat() };
}

function condPartialEval(trace: PartialEvalTrace, tracers: PartialEvalTracer[], p: CondParams): NDArray[] {
  const [index, ...ops] = tracers;
  if (!index.pval.known) {
    const ins = tracers.map((t) => trace.instantiateConst(t));
    return trace.stageEqn(condP, ins, p, avalsOut(p.branches[0]));
  }
  const s = splitCond(p.branches, ops.map((t) => !t.pval.known));
  const knownOps = ops.filter((t) => t.pval.known).map((t) => t.pval.known!);
  const outs1 = bindCond(index.pval.known, [...s.known.consts, ...knownOps], s.known.jaxprs);
  const nk = outs1.length - s.resAvals.length;
  const res = outs1.slice(nk).map((r) => trace.instantiateConst(trace.fullRaise(r) as PartialEvalTracer));
  const unk = ops.filter((t) => !t.pval.known);
  const outs2 = trace.stageEqn(condP, [trace.instantiateConst(index), ...res, ...unk], { branches: s.unknown }, s.unknown[0].outs.map((o) => o.aval));
  let i1 = 0, i2 = 0;
  return s.outUnknowns.map((u) => (u ? outs2[i2++] : outs1[i1++]));
}

function condPartialEvalEqn(eqn: JaxprEqn, unknowns: boolean[]) {
  const p = eqn.params as CondParams;
  if (unknowns[0]) return { known: null, unknown: eqn, outUnknowns: eqn.outBinders.map(() => true), residuals: eqn.inputs.filter((a, i): a is Var => !unknowns[i] && a instanceof Var) };
  const s = splitCond(p.branches, unknowns.slice(1));
  if (s.known.consts.length) throw new Error("internal: cond partial evaluation captured constants inside a jaxpr");
  const [index, ...ops] = eqn.inputs;
  const resVars = s.resAvals.map((a) => new Var(a));
  const outs1 = eqn.outBinders.filter((_, i) => !s.outUnknowns[i]);
  const outs2 = eqn.outBinders.filter((_, i) => s.outUnknowns[i]);
  const unkOps: Atom[] = ops.filter((_, i) => unknowns[i + 1]);
  return {
    known: new JaxprEqn(condP, [index, ...ops.filter((_, i) => !unknowns[i + 1])], { branches: s.known.jaxprs }, [...outs1, ...resVars]),
    unknown: new JaxprEqn(condP, [index, ...resVars, ...unkOps], { branches: s.unknown }, outs2),
    outUnknowns: s.outUnknowns,
    residuals: [...(index instanceof Var ? [index] : []), ...resVars],
  };
}

// transpose of a branch choice = the same choice among the transposed branches
function condTranspose(cts: Ct[], [index, ...ops]: (NDArray | UndefPrimal)[], { branches }: CondParams): Ct[] {
  if (index instanceof UndefPrimal) throw new Error("internal: cond's index cannot be a linear input");
  const undef = ops.map((o) => o instanceof UndefPrimal);
  const { jaxprs, consts } = joinConsts(branches.map((b) => transposeJaxpr(b, undef)));
  const full = cts.map((c, i) => c ?? L.zerosLike(branches[0].outs[i].aval));
  const outs = bindCond(index, [...consts, ...(ops.filter((o) => !(o instanceof UndefPrimal)) as NDArray[]), ...full], jaxprs);
  let k = 0;
  return [null, ...undef.map((u) => (u ? outs[k++] : null))];
}

export const condP: Primitive<CondParams> = {
  name: "cond",
  abstractEval([index, ...ops], { branches }) {
    if (index.dtype !== "int32" || index.ndim !== 0) throw new TypeError(`cond: the branch index must be an int32 scalar, got ${index.str()}`);
    const want = avalsIn(branches[0]);
    if (ops.length !== want.length || ops.some((a, i) => !a.equals(want[i]))) throw new TypeError(`cond: operands ${strs(ops)} do not match the branches ${strs(want)}`);
    return avalsOut(branches[0]);
  },
  impl: condImpl,
  lower: (avals, p) => ({ kind: "call", run: (args) => condImpl(args, p), inAvals: avals }),
  jvp: condJvp,
  transpose: condTranspose,
  batch(args, dims, { branches }, size) {
    const [index, ...ops] = args;
    const batched = dims.slice(1).map((d) => d !== null);
    const moved = ops.map((o, i) => (batched[i] ? moveBatchAxis(o, dims[i + 1], 0, size) : o));
    const vs = branches.map((b) => vmapJaxpr(b, size, batched));
    if (dims[0] === null) {
      const { jaxprs, consts } = joinConsts(vs);
      const outs = bindCond(index, [...consts, ...moved], jaxprs);
      return [outs, outs.map(() => 0)];
    }
    // a batched index: every branch runs on the whole batch, then each element selects its branch's result
    const idx = L.min(L.max(moveBatchAxis(index, dims[0], 0, size), 0), branches.length - 1);
    const results = vs.map((v) => evalJaxpr(v.jaxpr, [...v.consts, ...moved]));
    const outs = results[0].map((_, o) =>
      results.reduce((acc, r, k) => (k === 0 ? acc : L.select(L.broadcastInDim(L.eq(idx, k), [...acc.shape], [0]), r[o], acc)), results[0][o]),
    );
    return [outs, outs.map(() => 0)];
  },
  partialEval: condPartialEval,
  partialEvalEqn: condPartialEvalEqn,
};
