/**
 * @file The `while_loop` primitive: repeat a body jaxpr while a condition jaxpr holds. Forward mode
 * runs the loop of the JVP body; reverse mode is not defined (the trip count is not known in
 * advance, so nothing can be stored for the backward pass) and raises a clear error, as in JAX.
 * Batching runs until every batch element is done, freezing the finished ones with a select.
 */
import { ConcreteArray, NDArray } from "../core/array.js";
import { Primitive } from "../core/primitive.js";
import { bind } from "../core/trace.js";
import { Jaxpr, evalJaxpr } from "../ir/jaxpr.js";
import * as L from "../lax/index.js";
import { getBackend } from "../backend/registry.js";
import { runJaxprFresh } from "../lower/program.js";
import { any } from "../numpy/reductions.js";
import { avalsIn, jvpJaxpr, vmapJaxpr } from "../transforms/jaxpr_rules.js";
import { makeJaxprFlat } from "../transforms/stage.js";
import { moveBatchAxis } from "../transforms/vmap.js";
import { owning, padInputs, range, reorder, strs } from "./common.js";

export interface WhileParams {
  /** [cond consts, carry] ↦ [bool scalar] */
  cond: Jaxpr;
  /** [body consts, carry] ↦ carry */
  body: Jaxpr;
  condNConsts: number;
  bodyNConsts: number;
}

export const REVERSE_WHILE_ERROR =
  "whileLoop: reverse-mode differentiation (grad, vjp, jacrev) does not work through a while loop, whose trip count is " +
  "only known at run time. Use lax.foriLoop with static (JS number) bounds or lax.scan, which are reverse-differentiable; " +
  "forward mode (jvp, jacfwd) works through whileLoop.";

/** Run the loop on compiled programs, releasing each dead carry and predicate (plain loops: this runs per iteration). */
function whileImpl(args: ConcreteArray[], p: WhileParams): ConcreteArray[] {
  const backend = getBackend();
  const ncc = p.condNConsts, nbc = p.bodyNConsts, ncar = args.length - ncc - nbc;
  const condIns = [...args.slice(0, ncc), ...args.slice(ncc + nbc)]; // [cond consts, carry]
  const bodyIns = args.slice(ncc); // [body consts, carry]
  let owned = new Array<boolean>(ncar).fill(false);
  for (;;) {
    const pred = runJaxprFresh(p.cond, condIns);
    const go = pred.outs[0].item();
    if (pred.fresh[0]) backend.release(pred.outs[0].buf);
    if (!go) break;
    const { outs, fresh } = runJaxprFresh(p.body, bodyIns);
    for (let k = 0; k < ncar; k++) {
      const c = bodyIns[nbc + k];
      let alive = false;
      for (const o of outs) alive ||= o.buf === c.buf;
      if (owned[k] && !alive) backend.release(c.buf);
    }
    for (let k = 0; k < ncar; k++) condIns[ncc + k] = bodyIns[nbc + k] = outs[k];
    owned = fresh;
  }
  return owning(bodyIns.slice(nbc), owned);
}

// jvp of a loop = the loop of the JVP body (a carry has a tangent if its init has one or the body gives it one)
function whileJvp(primals: NDArray[], tangents: NDArray[], p: WhileParams): [NDArray[], NDArray[]] {
  const ncc = p.condNConsts, nbc = p.bodyNConsts, ncar = primals.length - ncc - nbc;
  const nz = tangents.map((t) => !L.isZeroTangent(t)).slice(ncc);
  const carryNz = nz.slice(nbc);
  let t;
  for (;;) {
    t = jvpJaxpr(p.body, [...nz.slice(0, nbc), ...carryNz].map((b) => !b), carryNz);
    if (!t.outZero.some((z, i) => !z && !carryNz[i])) break;
    t.outZero.forEach((z, i) => (carryNz[i] ||= !z));
  }
  const ndc = nz.slice(0, nbc).filter(Boolean).length, ndcar = carryNz.filter(Boolean).length;
  const nt = t.consts.length, n = nbc + ncar;
  // t.jaxpr: [tconsts, bconsts, carry, dbconsts, dcarry] ↦ [carry, dcarry] — consts first
  const body = reorder(t.jaxpr, [...range(0, nt + nbc), ...range(nt + n, ndc), ...range(nt + nbc, ncar), ...range(nt + n + ndc, ndcar)], range(0, ncar + ndcar));
  const carryAvals = primals.slice(ncc + nbc).map((x) => x.aval);
  const cond = padInputs(p.cond, [], carryAvals.filter((_, i) => carryNz[i]));
  const tan = (i: number) => (L.isZeroTangent(tangents[i]) ? L.zerosLike(primals[i].aval) : tangents[i]);
  const args = [
    ...primals.slice(0, ncc),
    ...t.consts, ...primals.slice(ncc, ncc + nbc), ...range(ncc, nbc).filter((i) => nz[i - ncc]).map(tan),
    ...primals.slice(ncc + nbc), ...range(ncc + nbc, ncar).filter((_, j) => carryNz[j]).map(tan),
  ];
  const outs = bind(whileP, args, { cond, body, condNConsts: ncc, bodyNConsts: nt + nbc + ndc });
  let k = ncar;
  return [outs.slice(0, ncar), carryAvals.map((a, i) => (carryNz[i] ? outs[k++] : L.zeroTangent(a)))];
}

export const whileP: Primitive<WhileParams> = {
  name: "while_loop",
  abstractEval(avals, { cond, body, condNConsts: ncc, bodyNConsts: nbc }) {
    const carry = avals.slice(ncc + nbc);
    const wantC = avalsIn(cond), wantB = avalsIn(body);
    const ok = (got: typeof avals, want: typeof avals) => got.length === want.length && got.every((a, i) => a.equals(want[i]));
    if (!ok([...avals.slice(0, ncc), ...carry], wantC) || !ok(avals.slice(ncc), wantB)) {
      throw new TypeError(`whileLoop: operands ${strs(avals)} do not match the condition ${strs(wantC)} and body ${strs(wantB)}`);
    }
    const pred = cond.outs[0]?.aval;
    if (cond.outs.length !== 1 || pred.dtype !== "bool" || pred.ndim !== 0) throw new TypeError(`whileLoop: the condition must return one boolean scalar, got ${strs(cond.outs.map((o) => o.aval))}`);
    const outs = body.outs.map((o) => o.aval);
    if (!ok(outs, carry)) throw new TypeError(`whileLoop: the body returns ${strs(outs)} but the loop carries ${strs(carry)}`);
    return outs;
  },
  impl: whileImpl,
  lower: (avals, p) => ({ kind: "call", run: (args) => whileImpl(args, p), inAvals: avals }),
  jvp: whileJvp,
  transpose: null,
  // run until every element's condition fails; finished elements keep their carry (select)
  batch(args, dims, p, size) {
    const ncc = p.condNConsts, nbc = p.bodyNConsts;
    const batched = dims.map((d, i) => d !== null || i >= ncc + nbc);
    const moved = args.map((a, i) => (batched[i] ? moveBatchAxis(a, dims[i], 0, size) : a));
    const cc = moved.slice(0, ncc), bc = moved.slice(ncc, ncc + nbc), carry = moved.slice(ncc + nbc);
    const vc = vmapJaxpr(p.cond, size, [...batched.slice(0, ncc), ...batched.slice(ncc + nbc)]);
    const vb = vmapJaxpr(p.body, size, batched.slice(ncc));
    const preds = (c: NDArray[], x: NDArray[]) => evalJaxpr(vc.jaxpr, [...vc.consts, ...c, ...x])[0];
    const avals = (xs: NDArray[]) => xs.map((x) => x.aval);
    const cond = makeJaxprFlat((...a) => [any(preds(a.slice(0, ncc), a.slice(ncc)))], avals([...cc, ...carry]));
    const body = makeJaxprFlat((...a) => {
      const c = a.slice(0, ncc), b = a.slice(ncc, ncc + nbc), x = a.slice(ncc + nbc);
      const pred = preds(c, x);
      const next = evalJaxpr(vb.jaxpr, [...vb.consts, ...b, ...x]);
      return x.map((old, i) => L.select(L.broadcastInDim(pred, [...old.shape], [0]), next[i], old));
    }, avals([...cc, ...bc, ...carry]));
    const outs = bind(whileP, [...cond.consts, ...cc, ...body.consts, ...cc, ...bc, ...carry], {
      cond: cond.jaxpr, body: body.jaxpr, condNConsts: cond.consts.length + ncc, bodyNConsts: body.consts.length + ncc + nbc,
    });
    return [outs, outs.map(() => 0)];
  },
  // reverse mode stages the tangent loop with partial evaluation: not possible for a while loop
  partialEval() {
    throw new Error(REVERSE_WHILE_ERROR);
  },
  partialEvalEqn() {
    throw new Error(REVERSE_WHILE_ERROR);
  },
};
