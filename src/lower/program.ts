/**
 * @file Lowering a whole jaxpr (jit) to a program of fused kernels and routines, with buffer
 * planning, and running it. Elementwise and movement producers with one consumer are fused into it
 * by substituting their expression at the consumer's load index (so intermediates are never
 * materialised); reductions absorb their elementwise producers the same way. A producer with a
 * transcendental function that the consumer would read more than twice per element (through a
 * broadcast, e.g. tanh(Wx) scaling the rows of a Jacobian) is materialised instead of recomputed,
 * and so are producers that would take a kernel past the fusion budget (MAX_FUSED_NODES/INPUTS).
 */
import { ShapedArray } from "../core/aval.js";
import { ConcreteArray } from "../core/array.js";
import { Backend, Buf, Executable } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import { Atom, ClosedJaxpr, Jaxpr, JaxprEqn, Lit, Var } from "../ir/jaxpr.js";
import { Lowering, runLowering } from "./lowering.js";
import { optimize } from "../ir/passes.js";
import { structuralKey } from "../ir/key.js";
import { Expr, Kernel, cast, exprNodes, fconst, gidx } from "./kernel.js";
import { exprCost, TRANSCENDENTAL } from "./cost.js";
import { checkAllocation } from "../core/limits.js";
import { onConfigChange } from "../core/config.js";
import { eliminateComplex } from "./complex.js";

// ---- inlining nested calls ----

/** Inline nested jit calls and custom_jvp/custom_vjp calls (the jaxpr of their primal function) into one flat jaxpr. */
export function inlineCalls(jaxpr: Jaxpr): Jaxpr {
  if (!jaxpr.eqns.some(isCall)) return jaxpr;
  const eqns: JaxprEqn[] = [];
  const sub = new Map<Var, Atom>();
  const read = (a: Atom): Atom => (a instanceof Var ? sub.get(a) ?? a : a);
  for (const eqn of jaxpr.eqns) {
    const inputs = eqn.inputs.map(read);
    if (!isCall(eqn)) {
      eqns.push(new JaxprEqn(eqn.primitive, inputs, eqn.params, eqn.outBinders));
      continue;
    }
    const inner = inlineCalls(calleeJaxpr(eqn));
    const env = new Map<Var, Atom>();
    inner.inBinders.forEach((v, i) => env.set(v, inputs[i]));
    const r = (a: Atom): Atom => (a instanceof Var ? env.get(a) ?? a : a);
    for (const e of inner.eqns) {
      const outs = e.outBinders.map((v) => new Var(v.aval));
      e.outBinders.forEach((v, i) => env.set(v, outs[i]));
      eqns.push(new JaxprEqn(e.primitive, e.inputs.map(r), e.params, outs));
    }
    eqn.outBinders.forEach((v, i) => sub.set(v, r(inner.outs[i])));
  }
  return new Jaxpr(jaxpr.inBinders, eqns, jaxpr.outs.map(read));
}

function isCall(eqn: JaxprEqn): boolean {
  return eqn.primitive.lower === null;
}

function calleeJaxpr(eqn: JaxprEqn): Jaxpr {
  const p = eqn.params;
  if (p.jaxpr instanceof Jaxpr) return p.jaxpr; // jit
  if (p.call instanceof ClosedJaxpr) {
    // custom_jvp_call / custom_vjp_call: the primal function's jaxpr, traced when it was called
    const consts = p.call.consts;
    if (!consts.every((c: unknown) => c instanceof ConcreteArray)) {
      throw new TypeError(
        `jit: ${eqn.primitive.name}: the customJvp/customVjp function captures a value traced by an enclosing transformation; ` +
          "pass it to the function as an argument instead",
      );
    }
    // captured constants are leading inputs: bind them as literals-by-value
    return consts.length ? bindConsts(p.call.jaxpr, consts as ConcreteArray[]) : p.call.jaxpr;
  }
  // custom_lin: only reachable by forward mode through customVjp
  throw new TypeError(`jit: cannot compile ${eqn.primitive.name} (forward-mode differentiation of a customVjp function is not supported)`);
}

/** Replace a jaxpr's leading const inputs by constant atoms. */
function bindConsts(jaxpr: Jaxpr, consts: ConcreteArray[]): Jaxpr {
  const env = new Map<Var, Atom>();
  jaxpr.inBinders.slice(0, consts.length).forEach((v, i) => env.set(v, new Lit(consts[i])));
  const r = (a: Atom): Atom => (a instanceof Var ? env.get(a) ?? a : a);
  return new Jaxpr(jaxpr.inBinders.slice(consts.length), jaxpr.eqns.map((e) => new JaxprEqn(e.primitive, e.inputs.map(r), e.params, e.outBinders)), jaxpr.outs.map(r));
}

// ---- the program ----

interface Step {
  lowering: Lowering;
  exe: Executable | null;
  inputs: number[]; // slots
  outputs: number[];
  outAvals: ShapedArray[];
  release: number[]; // slots dead after this step
}

export interface Program {
  numSlots: number;
  inputSlots: number[];
  constSlots: [number, ConcreteArray][];
  steps: Step[];
  outSlots: number[];
  outAvals: ShapedArray[];
  /** Per output: a buffer made by this program alone (not an input, a constant or a duplicate). */
  freshOuts: boolean[];
}

/** An expression not yet materialised: loads refer to `inputs` (vars or constant arrays). */
interface Pending {
  expr: Expr;
  inputs: (Var | ConcreteArray)[];
  aval: ShapedArray;
  /** The primitive that made it (named by the size cap's error). */
  op: string;
  /** The size of `expr` as a tree (what code generation walks). */
  nodes: number;
  /** Substituted into every consumer (a constant expression), rather than into one. */
  shared?: boolean;
}

/**
 * Replace gidx in `e` by `idx` and renumber loads through `map` (a number: the new input; an
 * expression: the producer inlined at the load's index). Unchanged subtrees are shared, not copied.
 */
function substitute(e: Expr, idx: Expr, map: (input: number) => Expr | number): Expr {
  const rec = (x: Expr): Expr => {
    switch (x.k) {
      case "gidx": return idx;
      case "ridx":
      case "const": return x;
      case "load": {
        const m = map(x.input);
        const index = rec(x.index);
        if (typeof m !== "number") return substituteAt(m, index);
        return m === x.input && index === x.index ? x : { ...x, input: m, index };
      }
      case "un":
      case "cast": {
        const a = rec(x.a);
        return a === x.a ? x : { ...x, a };
      }
      case "bin": {
        const a = rec(x.a), b = rec(x.b);
        return a === x.a && b === x.b ? x : { ...x, a, b };
      }
      case "select": {
        const c = rec(x.c), t = rec(x.t), f = rec(x.f);
        return c === x.c && t === x.t && f === x.f ? x : { ...x, c, t, f };
      }
    }
  };
  return rec(e);
}
/** An inlined producer expression evaluated at `index` (its gidx := index). */
function substituteAt(producer: Expr, index: Expr): Expr {
  return index.k === "gidx" ? producer : substitute(producer, index, (i) => i);
}

/**
 * The fusion budget: a fused kernel's expression has at most this many nodes (counted as a tree) and
 * reads at most this many inputs; beyond, producers are materialised. It bounds the size of every
 * kernel — code generation, its recursion over the expression and the generated function — however
 * long the program (a chain of 10,000 sin and add ops becomes ~120 kernels, not one).
 */
const MAX_FUSED_NODES = 256;
const MAX_FUSED_INPUTS = 64;

/** Compile a jaxpr into a program for `backend`. */
export function compileProgram(jaxprIn: Jaxpr, backend: Backend): Program {
  // complex equations become their real rules first (src/lower/complex.ts), so complex code fuses too;
  // then DCE, CSE, constant folding, IEEE-safe simplification
  const jaxpr = optimize(eliminateComplex(inlineCalls(jaxprIn)));
  const uses = new Map<Var, number>();
  const use = (a: Atom) => a instanceof Var && uses.set(a, (uses.get(a) ?? 0) + 1);
  jaxpr.eqns.forEach((e) => e.inputs.forEach(use));
  jaxpr.outs.forEach((a) => use(a));

  let numSlots = 0;
  const slotOf = new Map<Var, number>();
  const constSlots: [number, ConcreteArray][] = [];
  const constSlotOf = new Map<ConcreteArray, number>();
  const pending = new Map<Var, Pending>();
  const steps: Step[] = [];
  const inputSlots = jaxpr.inBinders.map((v) => {
    slotOf.set(v, numSlots);
    return numSlots++;
  });

  const constSlot = (c: ConcreteArray): number => {
    let s = constSlotOf.get(c);
    if (s === undefined) {
      constSlotOf.set(c, (s = numSlots++));
      constSlots.push([s, c]);
    }
    return s;
  };

  const emit = (op: string, lowering: Lowering, inputs: number[], outAvals: ShapedArray[]): number[] => {
    for (const o of outAvals) checkAllocation(op, o, backend); // refuse an impossible buffer now, not when running
    const outputs = outAvals.map(() => numSlots++);
    const exe = lowering.kind === "kernel" ? backend.compile(lowering.kernel) : null;
    steps.push({ lowering, exe, inputs, outputs, outAvals, release: [] });
    return outputs;
  };

  /** Materialise a pending expression into a buffer. */
  const materialise = (p: Pending): number => {
    const slots = p.inputs.map((x) => (x instanceof Var ? slotFor(x) : constSlot(x)));
    const kernel: Kernel = { inputs: p.inputs.map((x) => x.aval.dtype), out: p.aval.dtype, size: p.aval.size, expr: p.expr };
    return emit(p.op, { kind: "kernel", kernel }, slots, [p.aval])[0];
  };
  const slotFor = (v: Var): number => {
    let s = slotOf.get(v);
    if (s === undefined) {
      s = materialise(pending.get(v)!);
      pending.delete(v);
      slotOf.set(v, s);
    }
    return s;
  };
  const atomSlot = (a: Atom): number => (a instanceof Lit ? constSlot(a.val) : slotFor(a));

  /** The kernel expression `expr` of `eqn` with the producers in `fusable` substituted, its inputs and size. */
  const fuse = (eqn: JaxprEqn, expr: Expr, fusable: Set<Var>): { expr: Expr; inputs: (Var | ConcreteArray)[]; nodes: number } => {
    const inputs: (Var | ConcreteArray)[] = [];
    const inputIndex = (x: Var | ConcreteArray): number => {
      let i = inputs.indexOf(x);
      if (i < 0) i = inputs.push(x) - 1;
      return i;
    };
    const fused = substitute(expr, gidx, (i) => {
      const a = eqn.inputs[i];
      if (a instanceof Lit) return a.val.ndim === 0 ? cast(fconst(a.val.data()[0], a.val.dtype), a.val.dtype) : inputIndex(a.val);
      if (!fusable.has(a)) return inputIndex(a);
      const p = pending.get(a)!;
      return substitute(p.expr, gidx, (j) => inputIndex(p.inputs[j]));
    });
    return { expr: fused, inputs, nodes: exprNodes(fused) };
  };

  for (const eqn of jaxpr.eqns) {
    const avals = eqn.inputs.map((a) => a.aval);
    const outAvals = eqn.outBinders.map((v) => v.aval);
    const lowering = eqn.primitive.lower!(avals, eqn.params, outAvals);
    if (lowering.kind !== "kernel") {
      const outs = emit(eqn.primitive.name, lowering, eqn.inputs.map(atomSlot), outAvals);
      eqn.outBinders.forEach((v, i) => slotOf.set(v, outs[i]));
      continue;
    }
    // fuse: every load of an input that is pending (single use) takes the producer's expression,
    // except an expensive producer read many times per element (through a broadcast): computed once
    const k = lowering.kernel;
    const work = k.size * (k.reduce?.size ?? 1);
    const fusable = new Set<Var>();
    for (const a of eqn.inputs) {
      const p = a instanceof Var ? pending.get(a) : undefined;
      if (p && !(work > 2 * p.aval.size && exprCost(p.expr) >= TRANSCENDENTAL)) fusable.add(a as Var);
    }
    let f = fuse(eqn, k.expr, fusable);
    // the fusion budget: materialise the largest producers until the kernel fits (so no kernel's
    // expression, and no recursion over it, grows with the length of the program)
    while ((f.nodes > MAX_FUSED_NODES || f.inputs.length > MAX_FUSED_INPUTS) && fusable.size) {
      const size = f.nodes > MAX_FUSED_NODES ? (p: Pending) => p.nodes : (p: Pending) => p.inputs.length;
      let largest: Var | undefined;
      for (const v of fusable) if (!largest || size(pending.get(v)!) > size(pending.get(largest)!)) largest = v;
      fusable.delete(largest!);
      f = fuse(eqn, k.expr, fusable);
    }
    for (const a of eqn.inputs) {
      // a producer not fused is materialised now, so a pending expression only ever reads buffers
      // (and materialising one never recurses through a chain of producers)
      if (a instanceof Var && pending.has(a) && !fusable.has(a)) slotFor(a);
    }
    for (const v of fusable) if (!pending.get(v)!.shared) pending.delete(v);
    const { expr, inputs } = f;
    const out = eqn.outBinders[0];
    // a value read by several consumers is materialised, unless it is a constant expression (e.g. a
    // broadcast literal): that is cheaper to recompute inside each consumer than to store and load
    // … and so is a slice of a complex value's real view (its real or imaginary part: one load of one
    // buffer), which each complex rule reads several times: re-reading it beats copying it out first
    const shared = !k.reduce && (uses.get(out) ?? 0) > 1 && (
      (inputs.length === 0 && exprCost(expr) <= 4) || ((eqn.primitive.name === "slice" || eqn.primitive.name === "reshape") && inputs.length === 1 && expr.k === "load")
    );
    const fused: Pending = { expr, inputs, aval: out.aval, op: eqn.primitive.name, nodes: f.nodes, shared };
    if (k.reduce || ((uses.get(out) ?? 0) !== 1 && !shared)) {
      const kernel: Kernel = { ...k, inputs: inputs.map((x) => x.aval.dtype), expr };
      const slots = inputs.map((x) => (x instanceof Var ? slotFor(x) : constSlot(x)));
      slotOf.set(out, emit(eqn.primitive.name, { kind: "kernel", kernel }, slots, [out.aval])[0]);
    } else {
      pending.set(out, fused);
    }
  }
  const outSlots = jaxpr.outs.map(atomSlot);

  // buffer planning: release each intermediate after its last use (call steps return buffers of their own)
  const pinned = new Set([...inputSlots, ...constSlots.map(([s]) => s), ...outSlots]);
  const lastUse = new Map<number, number>();
  steps.forEach((st, i) => {
    st.inputs.forEach((s) => lastUse.set(s, i));
    st.outputs.forEach((s) => lastUse.has(s) || lastUse.set(s, i));
  });
  for (const [s, i] of lastUse) if (!pinned.has(s)) steps[i].release.push(s);
  const made = new Set(steps.flatMap((st) => st.outputs));
  const freshOuts = outSlots.map((s, i) => made.has(s) && outSlots.indexOf(s) === i);
  return { numSlots, inputSlots, constSlots, steps, outSlots, outAvals: jaxprIn.outs.map((a) => a.aval), freshOuts };
}

let programs = new WeakMap<Backend, WeakMap<Jaxpr, Program>>();
/** Recently compiled programs by structural key, per backend: a re-traced jaxpr (an eager loop body) is not compiled again. */
let recent = new WeakMap<Backend, Map<string, Program>>();
const RECENT_PROGRAMS = 256;
// a new size cap applies to programs compiled before it, too
onConfigChange((changed) => {
  if (changed.maxBytes === undefined) return;
  programs = new WeakMap();
  recent = new WeakMap();
});

function byStructure(jaxpr: Jaxpr, backend: Backend): Program {
  let m = recent.get(backend);
  if (!m) recent.set(backend, (m = new Map()));
  const key = structuralKey(jaxpr);
  let prog = m.get(key);
  if (prog) {
    m.delete(key); // most recently used last
  } else {
    prog = compileProgram(jaxpr, backend);
    if (m.size >= RECENT_PROGRAMS) m.delete(m.keys().next().value!);
  }
  m.set(key, prog);
  return prog;
}

/** Run a jaxpr as a compiled program on the current backend (compiled once per jaxpr and backend). */
export function runJaxpr(jaxpr: Jaxpr, args: ConcreteArray[]): ConcreteArray[] {
  return runJaxprFresh(jaxpr, args).outs;
}

/** `runJaxpr`, also telling which outputs are fresh buffers the caller may release when dead (loops do). */
export function runJaxprFresh(jaxpr: Jaxpr, args: ConcreteArray[]): { outs: ConcreteArray[]; fresh: boolean[] } {
  const backend = getBackend();
  let perBackend = programs.get(backend);
  if (!perBackend) programs.set(backend, (perBackend = new WeakMap()));
  let prog = perBackend.get(jaxpr);
  if (!prog) perBackend.set(jaxpr, (prog = byStructure(jaxpr, backend)));
  // (plain loops, no closures: loop bodies run this once per iteration)
  const bufs: (Buf | undefined)[] = new Array(prog.numSlots);
  const arrays: (ConcreteArray | undefined)[] = new Array(prog.numSlots); // inputs and constants, returned as themselves
  for (let i = 0; i < prog.inputSlots.length; i++) {
    const s = prog.inputSlots[i];
    bufs[s] = args[i].bufOn(backend);
    arrays[s] = args[i];
  }
  for (const [s, c] of prog.constSlots) {
    bufs[s] = c.bufOn(backend);
    arrays[s] = c;
  }
  for (const st of prog.steps) {
    const ins = new Array<Buf>(st.inputs.length);
    for (let i = 0; i < ins.length; i++) ins[i] = bufs[st.inputs[i]]!;
    if (st.lowering.kind === "kernel") bufs[st.outputs[0]] = backend.run(st.exe!, ins);
    else {
      const outs = runLowering(backend, st.lowering, st.exe, ins);
      for (let i = 0; i < outs.length; i++) bufs[st.outputs[i]] = outs[i];
    }
    for (const s of st.release) {
      backend.release(bufs[s]!);
      bufs[s] = undefined;
    }
  }
  const outs = new Array<ConcreteArray>(prog.outSlots.length);
  for (let i = 0; i < outs.length; i++) {
    const s = prog.outSlots[i];
    const a = arrays[s];
    // (an input or constant returned as a complex output is the real view of one: seen as complex again)
    outs[i] = a ? (a.aval.dtype === prog.outAvals[i].dtype ? a : new ConcreteArray(a.buf, prog.outAvals[i], a.backend)) : new ConcreteArray(bufs[s]!, prog.outAvals[i], backend);
  }
  return { outs, fresh: prog.freshOuts };
}
