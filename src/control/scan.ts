/**
 * @file The `scan` primitive: a loop carrying state over the leading axis of its `xs`, with its body
 * as a jaxpr [consts, carry, x] ↦ [carry, y]. Rules: jvp (the JVP body, a fixed point on which
 * carries have tangents), partial evaluation (known loop now, residuals stacked as its outputs; the
 * unknown loop staged), transpose (a reversed scan of the transposed body) and batching.
 */
import { ShapedArray } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { isComplex, realDType, typedArrayCtor } from "../core/dtype.js";
import { Ct, Primitive, UndefPrimal } from "../core/primitive.js";
import { bind } from "../core/trace.js";
import { Atom, Jaxpr, JaxprEqn, Var, evalJaxpr } from "../ir/jaxpr.js";
import { jitP } from "../transforms/jit.js";
import { add, isZeroTangent, zeroTangent, zerosLike } from "../lax/index.js";
import { getBackend } from "../backend/registry.js";
import { runJaxprFresh } from "../lower/program.js";
import { avalsIn, jvpJaxpr, memo, vmapJaxpr, flags } from "../transforms/jaxpr_rules.js";
import { PartialEvalTrace, PartialEvalTracer, partialEvalJaxpr } from "../transforms/partial_eval.js";
import { makeJaxprFlat } from "../transforms/stage.js";
import { backwardPass } from "../transforms/transpose.js";
import { moveBatchAxis } from "../transforms/vmap.js";
import { owning, range, reorder, strs } from "./common.js";
import { hasEffect } from "../ir/effects.js";

export interface ScanParams {
  /** The body: [consts, carry, x] ↦ [carry, y]. */
  jaxpr: Jaxpr;
  numConsts: number;
  numCarry: number;
  length: number;
  reverse: boolean;
}

const sliceAval = (a: ShapedArray) => ShapedArray.of(a.shape.slice(1), a.dtype);
const stackAval = (a: ShapedArray, n: number) => ShapedArray.of([n, ...a.shape], a.dtype);

function bindScan(args: NDArray[], p: ScanParams): NDArray[] {
  return bind(scanP, args, p);
}

// ---- evaluation ----

/** Is `b` one of the arrays' buffers? */
function among(b: ConcreteArray["buf"], xs: ConcreteArray[], from = 0, to = xs.length): boolean {
  for (let i = from; i < to; i++) if (xs[i].buf === b) return true;
  return false;
}

/**
 * Run the loop: the body is a compiled program; x slices are cut on the host and y slices stacked
 * there. Buffers made for or by a step are released as soon as they are dead (a synchronous loop
 * never lets garbage collection return them). Plain loops without closures: this runs per step.
 */
function scanImpl(args: ConcreteArray[], p: ScanParams): ConcreteArray[] {
  const backend = getBackend();
  const { numConsts: nc, numCarry: ncar, length, reverse, jaxpr } = p;
  const nx = args.length - nc - ncar, ny = jaxpr.outs.length - ncar;
  const xAvals = args.slice(nc + ncar).map((x) => sliceAval(x.aval));
  const xHost = args.slice(nc + ncar).map((x) => backend.read(x.bufOn(backend)));
  const yAvals = jaxpr.outs.slice(ncar).map((o) => o.aval);
  const per = (a: ShapedArray) => (isComplex(a.dtype) ? 2 * a.size : a.size); // stored values (complex: interleaved parts)
  const yHost = yAvals.map((a) => new (typedArrayCtor(a.dtype))(length * per(a)) as Float64Array);
  const ins = args.slice(); // [consts, carry, x]: carry and x are replaced each step
  let owned = new Array<boolean>(ncar).fill(false); // carries made by the previous step
  for (let t = 0; t < length; t++) {
    const i = reverse ? length - 1 - t : t;
    for (let k = 0; k < nx; k++) {
      const a = xAvals[k];
      ins[nc + ncar + k] = new ConcreteArray(backend.fromTyped(xHost[k].subarray(i * per(a), (i + 1) * per(a)), realDType(a.dtype)), a, backend);
    }
    const { outs, fresh } = runJaxprFresh(jaxpr, ins);
    for (let k = 0; k < ny; k++) yHost[k].set(backend.read(outs[ncar + k].bufOn(backend)) as Float64Array, i * per(yAvals[k]));
    for (let k = ncar; k < outs.length; k++) if (fresh[k] && !among(outs[k].buf, outs, 0, ncar)) backend.release(outs[k].buf); // copied out
    for (let k = 0; k < ncar; k++) {
      const c = ins[nc + k];
      if (owned[k] && !among(c.buf, outs, 0, ncar)) backend.release(c.buf);
      ins[nc + k] = outs[k];
      owned[k] = fresh[k];
    }
    for (let k = nc + ncar; k < ins.length; k++) if (!among(ins[k].buf, ins, nc, nc + ncar)) backend.release(ins[k].buf); // this step's slices
  }
  const ys = yHost.map((h, k) => ConcreteArray.fromTyped(h, [length, ...yAvals[k].shape], yAvals[k].dtype));
  return [...owning(ins.slice(nc, nc + ncar), owned), ...ys];
}

// ---- forward mode ----

// jvp of a loop = the loop of the JVP body; a carry has a tangent if its init has one or the body gives it one
function scanJvp(primals: NDArray[], tangents: NDArray[], p: ScanParams): [NDArray[], NDArray[]] {
  const { numConsts: nc, numCarry: ncar, jaxpr } = p;
  const nz = tangents.map((t) => !isZeroTangent(t));
  const carryNz = nz.slice(nc, nc + ncar);
  const ny = jaxpr.outs.length - ncar;
  let t;
  for (;;) {
    const isNz = [...nz.slice(0, nc), ...carryNz, ...nz.slice(nc + ncar)];
    t = jvpJaxpr(jaxpr, isNz.map((b) => !b), [...carryNz, ...Array(ny).fill(false)]);
    const grew = t.outZero.slice(0, ncar).some((z, i) => !z && !carryNz[i]);
    if (!grew) break;
    t.outZero.slice(0, ncar).forEach((z, i) => (carryNz[i] ||= !z));
  }
  const isNz = [...nz.slice(0, nc), ...carryNz, ...nz.slice(nc + ncar)];
  // t.jaxpr: [tconsts, consts, carry, xs, dconsts, dcarry, dxs] ↦ [carry, ys, dcarry, dys]
  const n = primals.length, nt = t.consts.length, nx = n - nc - ncar;
  const count = (from: number, len: number) => isNz.slice(from, from + len).filter(Boolean).length;
  const [ndc, ndcar, ndx] = [count(0, nc), count(nc, ncar), count(nc + ncar, nx)];
  const dBase = nt + n;
  const ins = [
    ...range(0, nt + nc), ...range(dBase, ndc), // consts
    ...range(nt + nc, ncar), ...range(dBase + ndc, ndcar), // carry
    ...range(nt + nc + ncar, nx), ...range(dBase + ndc + ndcar, ndx), // xs
  ];
  const nyNz = t.outZero.slice(ncar).filter((z) => !z).length;
  const outs = [...range(0, ncar), ...range(ncar + ny, ndcar), ...range(ncar, ny), ...range(ncar + ny + ndcar, nyNz)];
  const body = reorder(t.jaxpr, ins, outs);
  const tan = (i: number) => (isZeroTangent(tangents[i]) ? zerosLike(primals[i].aval) : tangents[i]);
  const pick = (from: number, len: number) => range(from, len).filter((i) => isNz[i]).map(tan);
  const args = [
    ...t.consts, ...primals.slice(0, nc), ...pick(0, nc),
    ...primals.slice(nc, nc + ncar), ...pick(nc, ncar),
    ...primals.slice(nc + ncar), ...pick(nc + ncar, nx),
  ];
  const res = bindScan(args, { ...p, jaxpr: body, numConsts: nt + nc + ndc, numCarry: ncar + ndcar });
  const carryOut = res.slice(0, ncar), dCarry = res.slice(ncar, ncar + ndcar);
  const ys = res.slice(ncar + ndcar, ncar + ndcar + ny), dys = res.slice(ncar + ndcar + ny);
  let kc = 0, ky = 0;
  const outAvals = scanP.abstractEval(primals.map((x) => x.aval), p);
  const tangentsOut = [
    ...carryNz.map((z, i) => (z ? dCarry[kc++] : zeroTangent(outAvals[i]))),
    ...t.outZero.slice(ncar).map((z, i) => (z ? zeroTangent(outAvals[ncar + i]) : dys[ky++])),
  ];
  return [[...carryOut, ...ys], tangentsOut];
}

// ---- partial evaluation ----

/**
 * How a scan splits when some inputs are unknown. The known half runs the known loop, which also
 * emits, as extra stacked outputs, the residuals the unknown body needs per iteration; residuals that
 * are known consts or xs pass through as they are, and loop-invariant ones (computed from consts
 * alone) are computed once outside the loop — nothing is copied per iteration that need not be.
 */
interface ScanSplit {
  unknownIns: boolean[]; // after the carry fixed point
  outUnknowns: boolean[];
  /** The known half as a jaxpr: known inputs ↦ [known outs, stacked residuals, invariant residuals]. */
  knownHalf: Jaxpr;
  numKnownOut: number;
  unknown: ScanParams; // inputs: [const residuals, invariant residuals, unknown consts, unknown carry, xs residuals, stacked residuals, unknown xs]
  constRes: number[]; // outer input index of each const residual
  xsRes: number[]; // outer input index of each xs residual
  numStacked: number;
  numInvariant: number;
}

const splitMemo = memo((jaxpr, key): ScanSplit => {
  const [nc, ncar, length, rev, unkKey] = key.split("|");
  const p = { jaxpr, numConsts: +nc, numCarry: +ncar, length: +length, reverse: rev === "1" };
  return splitScan(p, [...unkKey].map((c) => c === "1"));
});
function split(p: ScanParams, unknowns: boolean[]): ScanSplit {
  return splitMemo(p.jaxpr, `${p.numConsts}|${p.numCarry}|${p.length}|${p.reverse ? 1 : 0}|${flags(unknowns)}`);
}

function splitScan(p: ScanParams, unknowns: boolean[]): ScanSplit {
  const { numConsts: nc, numCarry: ncar, jaxpr } = p;
  const ny = jaxpr.outs.length - ncar;
  const unk = unknowns.slice();
  let pe;
  for (;;) {
    pe = partialEvalJaxpr(jaxpr, unk, [...unk.slice(nc, nc + ncar), ...Array(ny).fill(false)]);
    const grew = pe.outUnknowns.slice(0, ncar).some((u, i) => u && !unk[nc + i]);
    if (!grew) break;
    pe.outUnknowns.slice(0, ncar).forEach((u, i) => (unk[nc + i] ||= u));
  }
  const { known, unknown, outUnknowns, numRes } = pe;
  const nKnownOut = known.outs.length - numRes;
  const resVars = known.outs.slice(nKnownOut) as Var[];
  const knownIdx = range(0, unk.length).filter((i) => !unk[i]); // outer index of each known body input
  // loop-invariant values of the known body: computed from its consts alone (an effect, e.g. a
  // debug print, is not a value: it stays in the loop, once per iteration)
  const knownConsts = known.inBinders.filter((_, j) => knownIdx[j] < nc);
  const invariant = new Set<Var>(knownConsts);
  const invEqns = known.eqns.filter((e) => !hasEffect(e) && e.inputs.every((a) => !(a instanceof Var) || invariant.has(a)) && (e.outBinders.forEach((v) => invariant.add(v)), true));
  // classify residuals: a known const or x input passes through; invariants are hoisted; the rest is stacked
  const constRes: number[] = [], xsRes: number[] = [], inv: number[] = [], stacked: number[] = [];
  const resKind = resVars.map((v, r) => {
    const j = known.inBinders.indexOf(v);
    const outer = j >= 0 ? knownIdx[j] : -1;
    if (outer >= 0 && outer < nc) return constRes.push(outer), "c";
    if (outer >= nc + ncar) return xsRes.push(outer), "x";
    if (invariant.has(v)) return inv.push(r), "i";
    return stacked.push(r), "s";
  });
  const countK = (from: number, len: number) => unk.slice(from, from + len).filter((u) => !u).length;
  const countU = (from: number, len: number) => unk.slice(from, from + len).filter((u) => u).length;
  const knownP: ScanParams = {
    ...p,
    jaxpr: new Jaxpr(known.inBinders, known.eqns, [...known.outs.slice(0, nKnownOut), ...stacked.map((r) => resVars[r])]),
    numConsts: countK(0, nc),
    numCarry: countK(nc, ncar),
  };
  const invJaxpr = new Jaxpr(knownConsts, invEqns, inv.map((r) => resVars[r]));
  const knownHalf = makeJaxprFlat((...ins) => [...bindScan(ins, knownP), ...evalJaxpr(invJaxpr, ins.slice(0, knownConsts.length))], avalsIn(knownP.jaxpr).map((a, i) => (i < knownP.numConsts + knownP.numCarry ? a : stackAval(a, p.length)))).jaxpr;
  // unknown body inputs: [res (in resVars order), unknown consts, unknown carry, unknown xs]
  const resOf = (kind: string) => range(0, numRes).filter((r) => resKind[r] === kind);
  const nuc = countU(0, nc), nucar = countU(nc, ncar), nux = countU(nc + ncar, unk.length - nc - ncar);
  const ins = [
    ...resOf("c"), ...resOf("i"), ...range(numRes, nuc), // consts
    ...range(numRes + nuc, nucar), // carry
    ...resOf("x"), ...resOf("s"), ...range(numRes + nuc + nucar, nux), // xs
  ];
  return {
    unknownIns: unk,
    outUnknowns,
    knownHalf,
    numKnownOut: nKnownOut,
    unknown: { ...p, jaxpr: reorder(unknown, ins, range(0, unknown.outs.length)), numConsts: constRes.length + inv.length + nuc, numCarry: nucar },
    constRes,
    xsRes,
    numStacked: stacked.length,
    numInvariant: inv.length,
  };
}

/** The unknown loop's operands from the split's pieces (any atoms or tracers). */
function unknownArgs<A>(s: ScanSplit, ins: A[], stackedRes: A[], invRes: A[]): A[] {
  const unkIns = ins.filter((_, i) => s.unknownIns[i]);
  const nuc = s.unknown.numConsts - s.constRes.length - s.numInvariant;
  const k = nuc + s.unknown.numCarry;
  return [...s.constRes.map((i) => ins[i]), ...invRes, ...unkIns.slice(0, k), ...s.xsRes.map((i) => ins[i]), ...stackedRes, ...unkIns.slice(k)];
}

function scanPartialEval(trace: PartialEvalTrace, tracers: PartialEvalTracer[], p: ScanParams): NDArray[] {
  const s = split(p, tracers.map((t) => !t.pval.known));
  const knownVals = tracers.filter((_, i) => !s.unknownIns[i]).map((t) => t.pval.known!);
  const outs1 = s.knownHalf.outs.length ? evalJaxpr(s.knownHalf, knownVals) : [];
  const res = outs1.slice(s.numKnownOut).map((r) => trace.instantiateConst(trace.fullRaise(r) as PartialEvalTracer));
  const ins = tracers.map((t, i) => (s.unknownIns[i] || s.constRes.includes(i) || s.xsRes.includes(i) ? trace.instantiateConst(t) : t));
  const args = unknownArgs(s, ins, res.slice(0, s.numStacked), res.slice(s.numStacked));
  const outs2 = trace.stageEqn(scanP, args, s.unknown, scanP.abstractEval(args.map((a) => a.aval), s.unknown));
  let i1 = 0, i2 = 0;
  return s.outUnknowns.map((u) => (u ? outs2[i2++] : outs1[i1++]));
}

function scanPartialEvalEqn(eqn: JaxprEqn, unknowns: boolean[]) {
  const p = eqn.params as ScanParams;
  const s = split(p, unknowns);
  const resVars = s.knownHalf.outs.slice(s.numKnownOut).map((v) => new Var(v.aval));
  const outs1 = eqn.outBinders.filter((_, i) => !s.outUnknowns[i]);
  const outs2 = eqn.outBinders.filter((_, i) => s.outUnknowns[i]);
  const args: Atom[] = unknownArgs(s, eqn.inputs, resVars.slice(0, s.numStacked), resVars.slice(s.numStacked));
  // known inputs the unknown loop reads (const/xs residuals, known carries made unknown) cross over too
  const crossing = eqn.inputs.filter((a, i): a is Var => a instanceof Var && !unknowns[i] && (s.unknownIns[i] || s.constRes.includes(i) || s.xsRes.includes(i)));
  return {
    known: new JaxprEqn(jitP, eqn.inputs.filter((_, i) => !s.unknownIns[i]), { jaxpr: s.knownHalf, numConsts: 0, name: "scan_known" }, [...outs1, ...resVars]),
    unknown: new JaxprEqn(scanP, args, s.unknown, outs2),
    outUnknowns: s.outUnknowns,
    residuals: [...crossing, ...resVars],
  };
}

// ---- transposition ----

/**
 * The transposed body, run as a reversed loop: (known consts; ct accumulators of the linear consts,
 * carry cotangents; known x, y cotangent) ↦ (accumulators + this step's const cotangents, carry-in
 * cotangents; cotangents of the linear xs).
 */
const transposeBody = memo((jaxpr, key) => {
  const [nc, ncar, undefKey] = key.split("|");
  const undef = [...undefKey].map((c) => c === "1");
  const avals = avalsIn(jaxpr);
  const nC = +nc, nCar = +ncar;
  const isConst = (i: number) => i < nC, isX = (i: number) => i >= nC + nCar;
  const kc = range(0, avals.length).filter((i) => isConst(i) && !undef[i]);
  const uc = range(0, avals.length).filter((i) => isConst(i) && undef[i]);
  const kx = range(0, avals.length).filter((i) => isX(i) && !undef[i]);
  const ux = range(0, avals.length).filter((i) => isX(i) && undef[i]);
  const outAvals = jaxpr.outs.map((o) => o.aval);
  const ctAvals = [...avals.slice(nC, nC + nCar), ...outAvals.slice(nCar)];
  const closed = makeJaxprFlat((...a) => {
    let k = 0;
    const take = (n: number) => a.slice(k, (k += n));
    const [kcv, acc, ctCarry, kxv, ctY] = [take(kc.length), take(uc.length), take(nCar), take(kx.length), take(outAvals.length - nCar)];
    const args = avals.map((av, i): NDArray | UndefPrimal =>
      isConst(i) ? (undef[i] ? new UndefPrimal(av) : kcv[kc.indexOf(i)]) : isX(i) ? (undef[i] ? new UndefPrimal(av) : kxv[kx.indexOf(i)]) : new UndefPrimal(av));
    const cts = backwardPass(jaxpr, args, [...ctCarry, ...ctY]);
    const ctOr0 = (i: number) => cts[i] ?? zerosLike(avals[i]);
    return [...uc.map((i, j) => (cts[i] ? add(acc[j], cts[i]!) : acc[j])), ...range(nC, nCar).map(ctOr0), ...ux.map(ctOr0)];
  }, [...kc.map((i) => avals[i]), ...uc.map((i) => avals[i]), ...ctAvals.slice(0, nCar), ...kx.map((i) => avals[i]), ...ctAvals.slice(nCar)]);
  return { jaxpr: closed.jaxpr, consts: closed.consts, kc, uc, kx, ux };
});

// transpose of a loop = the loop of the transposed body, run backwards; const cotangents accumulate in the carry
function scanTranspose(cts: Ct[], args: (NDArray | UndefPrimal)[], p: ScanParams): Ct[] {
  const { numConsts: nc, numCarry: ncar, jaxpr } = p;
  const undef = args.map((a) => a instanceof UndefPrimal);
  // NB: a carry may arrive known (a zero tangent made concrete for the loop); the body is linear in
  // every carry all the same, so it is transposed as linear and its cotangent dropped (as JAX).
  const tb = transposeBody(jaxpr, `${nc}|${ncar}|${flags(undef)}`);
  const outAvals = scanP.abstractEval(args.map((a) => a.aval), p);
  const ct = cts.map((c, i) => c ?? zerosLike(outAvals[i]));
  const val = (i: number) => args[i] as NDArray;
  const outs = bindScan(
    [
      ...tb.consts, ...tb.kc.map(val),
      ...tb.uc.map((i) => zerosLike(args[i].aval)), ...ct.slice(0, ncar),
      ...tb.kx.map(val), ...ct.slice(ncar),
    ],
    { jaxpr: tb.jaxpr, numConsts: tb.consts.length + tb.kc.length, numCarry: tb.uc.length + ncar, length: p.length, reverse: !p.reverse },
  );
  const res: Ct[] = args.map(() => null);
  tb.uc.forEach((i, j) => (res[i] = outs[j]));
  range(nc, ncar).forEach((i, j) => undef[i] && (res[i] = outs[tb.uc.length + j]));
  tb.ux.forEach((i, j) => (res[i] = outs[tb.uc.length + ncar + j]));
  return res;
}

// ---- the primitive ----

export const scanP: Primitive<ScanParams> = {
  name: "scan",
  abstractEval(avals, { jaxpr, numConsts: nc, numCarry: ncar, length }) {
    const want = avalsIn(jaxpr);
    const got = avals.map((a, i) => (i >= nc + ncar ? (a.shape[0] === length ? sliceAval(a) : null) : a));
    if (avals.length !== want.length || got.some((a, i) => !a || !a.equals(want[i]))) {
      throw new TypeError(`scan: operands ${strs(avals)} do not match the body ${strs(want)} (consts ${nc}, carry ${ncar}, length ${length})`);
    }
    const outs = jaxpr.outs.map((o) => o.aval);
    outs.slice(0, ncar).forEach((o, i) => {
      if (!o.equals(want[nc + i])) throw new TypeError(`scan: the body returns carry ${i} as ${o.str()} but takes it as ${want[nc + i].str()}`);
    });
    return [...outs.slice(0, ncar), ...outs.slice(ncar).map((o) => stackAval(o, length))];
  },
  impl: scanImpl,
  lower: (avals, p) => ({ kind: "call", run: (args) => scanImpl(args, p), inAvals: avals }),
  jvp: scanJvp,
  transpose: scanTranspose,
  // batching: consts and carries batched at 0, xs and ys at 1 (axis 0 is the loop's)
  batch(args, dims, p, size) {
    const { numConsts: nc, numCarry: ncar } = p;
    const batched = dims.map((d, i) => d !== null || (i >= nc && i < nc + ncar));
    const moved = args.map((a, i) => (!batched[i] ? a : i < nc + ncar ? moveBatchAxis(a, dims[i], 0, size) : moveBatchAxis(a, dims[i], 1, size)));
    const t = vmapJaxpr(p.jaxpr, size, batched);
    const outs = bindScan([...t.consts, ...moved], { ...p, jaxpr: t.jaxpr, numConsts: t.consts.length + nc });
    return [outs, outs.map((_, i) => (i < ncar ? 0 : 1))];
  },
  partialEval: scanPartialEval,
  partialEvalEqn: scanPartialEvalEqn,
};
