/**
 * @file Optimisation passes over the jaxpr, for `jit`: dead-code elimination, common-subexpression
 * elimination, constant folding (fold.ts), IEEE-exact algebraic simplification (simplify.ts), and
 * `optimize`, the pipeline of all four run to a fixed point.
 *
 * Every pass is a pure function: it returns a new Jaxpr (or ClosedJaxpr) — or its very input when it
 * changes nothing — and never mutates its input (unchanged equations and variables are shared, which
 * is safe since nothing mutates them). The result takes the same (non-const) inputs, typechecks, and
 * computes bit-for-bit the same outputs.
 *
 * Every primitive but `debug_callback` is pure, so an equation whose outputs are unused can go, and
 * two identical equations compute the same values; equations with an effect (src/ir/effects.ts) are
 * always kept and never merged. Higher-order equations (`jit` calls whose params carry a
 * jaxpr, `custom_*` calls) are opaque: removed when dead, merged when identical, never inlined,
 * folded or looked into.
 */
import { NDArray } from "../core/array.js";
import { Atom, ClosedJaxpr, Jaxpr, JaxprEqn, Var } from "./jaxpr.js";
import { AnyJaxpr, Subst, concreteConst, onJaxpr, withEqns } from "./rewrite.js";
import { foldConstants, FoldOptions } from "./fold.js";
import { simplify } from "./simplify.js";
import { hasEffect } from "./effects.js";
import { idOf, litKey, numKey, paramKey } from "./key.js";

export { foldConstants, simplify };
export type { FoldOptions };

// ---- dead-code elimination ----

/** What `dce` returns when asked to prune inputs: the jaxpr and, per original inBinder, whether it was kept. */
export interface DceResult {
  jaxpr: Jaxpr;
  usedInputs: boolean[];
}

/**
 * Dead-code elimination: drop every equation none of whose outputs is needed. `usedOutputs` (one
 * flag per output) also drops the outputs marked false. Inputs are kept — so the signature does not
 * change — unless `{ pruneInputs: true }` is passed, which also drops unused inBinders and reports
 * which were kept. On a ClosedJaxpr, unused consts are always dropped (they are not part of the
 * signature) and the other inputs always kept.
 * @example dce(makeJaxpr(grad((x) => x.mul(x).mul(x)))(np.array(2)))  // the forward `mul b a` is gone
 */
export function dce(jaxpr: Jaxpr, usedOutputs?: readonly boolean[]): Jaxpr;
export function dce(jaxpr: Jaxpr, usedOutputs: readonly boolean[] | undefined, opts: { pruneInputs: true }): DceResult;
export function dce(closed: ClosedJaxpr, usedOutputs?: readonly boolean[]): ClosedJaxpr;
export function dce(
  j: AnyJaxpr,
  usedOutputs?: readonly boolean[],
  opts?: { pruneInputs: true },
): Jaxpr | ClosedJaxpr | DceResult {
  if (j instanceof ClosedJaxpr) {
    const numConsts = j.consts.length;
    const { jaxpr, usedInputs } = dceCore(j.jaxpr, usedOutputs, (i) => i < numConsts);
    return jaxpr === j.jaxpr ? j : new ClosedJaxpr(jaxpr, j.consts.filter((_, i) => usedInputs[i]));
  }
  const res = dceCore(j, usedOutputs, () => opts?.pruneInputs === true);
  return opts?.pruneInputs ? res : res.jaxpr;
}

function dceCore(jaxpr: Jaxpr, usedOutputs: readonly boolean[] | undefined, mayDropInput: (i: number) => boolean): DceResult {
  if (usedOutputs && usedOutputs.length !== jaxpr.outs.length) {
    throw new RangeError(`dce: usedOutputs has ${usedOutputs.length} flags for a jaxpr with ${jaxpr.outs.length} outputs`);
  }
  const outs = usedOutputs ? jaxpr.outs.filter((_, i) => usedOutputs[i]) : jaxpr.outs;
  const live = new Set<Var>();
  const use = (a: Atom) => {
    if (a instanceof Var) live.add(a);
  };
  outs.forEach(use);
  // walk backwards: an equation is live when any of its outputs is, or when it has an effect
  const kept: JaxprEqn[] = [];
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const eqn = jaxpr.eqns[i];
    if (!eqn.outBinders.some((v) => live.has(v)) && !hasEffect(eqn)) continue;
    kept.push(eqn);
    eqn.inputs.forEach(use);
  }
  kept.reverse();
  const usedInputs = jaxpr.inBinders.map((v, i) => live.has(v) || !mayDropInput(i));
  const inBinders = jaxpr.inBinders.filter((_, i) => usedInputs[i]);
  const unchanged = kept.length === jaxpr.eqns.length && inBinders.length === jaxpr.inBinders.length && outs === jaxpr.outs;
  return { jaxpr: unchanged ? jaxpr : new Jaxpr(inBinders, kept, [...outs]), usedInputs };
}

// ---- common-subexpression elimination ----

/**
 * Common-subexpression elimination: an equation with the same primitive, the same inputs (variables
 * by identity, literals by value *and* dtype, −0 ≠ +0) and structurally equal params as an earlier
 * one reuses the earlier results. Params compare deeply (arrays, plain objects, numbers, strings,
 * avals); functions, jaxprs and other objects compare by identity. The operands of commutative
 * primitives (add, mul, and, or, xor, eq, ne) are compared as a set: x+y and y+x are the same
 * IEEE value. On a ClosedJaxpr, consts with equal dtype, shape and contents are merged too.
 * The duplicates are left dead: run `dce` after.
 * @example dce(cse(makeJaxpr((x) => np.sin(x).add(np.sin(x)))(np.array(1))))  // one sin
 */
export function cse(jaxpr: Jaxpr): Jaxpr;
export function cse(closed: ClosedJaxpr): ClosedJaxpr;
export function cse(j: AnyJaxpr): AnyJaxpr {
  return onJaxpr(j, cseCore);
}

// NB: max/min are left out: a backend may pick an operand on ties or NaNs (max(−0, +0)).
const COMMUTATIVE = new Set(["add", "mul", "and", "or", "xor", "eq", "ne"]);

function cseCore(jaxpr: Jaxpr, consts: readonly NDArray[]): Jaxpr {
  const subst = new Subst();
  // identical small consts: the later binders are renamed to the first
  const constsByKey = new Map<string, Var>();
  consts.forEach((c, i) => {
    const cc = concreteConst(c);
    if (!cc || cc.size > 1024) return;
    const key = `${cc.dtype}[${cc.shape}]${Array.from(cc.data(), numKey).join(",")}`;
    const first = constsByKey.get(key);
    if (first) subst.set(jaxpr.inBinders[i], first);
    else constsByKey.set(key, jaxpr.inBinders[i]);
  });

  const seen = new Map<string, Var[]>();
  const eqns: JaxprEqn[] = [];
  for (const e of jaxpr.eqns) {
    const eqn = subst.eqn(e);
    if (hasEffect(eqn)) {
      eqns.push(eqn); // two prints of one value are two prints
      continue;
    }
    const inputKeys = eqn.inputs.map((a) => (a instanceof Var ? `v${idOf(a)}` : litKey(a)));
    if (COMMUTATIVE.has(eqn.primitive.name)) inputKeys.sort();
    const key = `${idOf(eqn.primitive)}(${inputKeys.join(" ")})${paramKey(eqn.params)}`;
    const prev = seen.get(key);
    if (prev && prev.every((v, i) => v.aval.equals(eqn.outBinders[i].aval))) {
      eqn.outBinders.forEach((v, i) => subst.set(v, prev[i]));
      continue;
    }
    seen.set(key, eqn.outBinders);
    eqns.push(eqn);
  }
  if (subst.size === 0) return jaxpr;
  return withEqns(jaxpr, eqns, subst.atoms(jaxpr.outs));
}

// ---- the pipeline ----

/** Options for `optimize`. */
export interface OptimizeOptions extends FoldOptions {
  /** At most this many rounds of simplify → foldConstants → cse → dce (default 4). */
  maxRounds?: number;
}

/**
 * The jit pipeline: simplify → foldConstants → cse → dce, repeated until a round changes nothing
 * (at most `maxRounds` rounds). Inputs and outputs are unchanged; unused consts are dropped. An
 * already optimal program comes back as the very same object.
 * @example optimize(makeJaxpr(grad((x) => x.mul(x).mul(x)))(np.array(2))).eqns.length  // 3 (was 8)
 */
export function optimize(closed: ClosedJaxpr, opts?: OptimizeOptions): ClosedJaxpr;
export function optimize(jaxpr: Jaxpr, opts?: OptimizeOptions): Jaxpr;
export function optimize(j: AnyJaxpr, opts: OptimizeOptions = {}): AnyJaxpr {
  const rounds = opts.maxRounds ?? 4;
  let cur = j;
  for (let i = 0; i < rounds; i++) {
    // each pass returns its very input when it changes nothing: then this is a fixed point
    const next = round(cur, opts);
    if (next === cur) break;
    cur = next;
  }
  return cur;
}

function round(j: AnyJaxpr, opts: FoldOptions): AnyJaxpr {
  if (j instanceof ClosedJaxpr) return dce(cse(foldConstants(simplify(j), opts)));
  return dce(cse(foldConstants(simplify(j), opts)));
}

