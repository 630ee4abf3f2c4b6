/** @file Helpers shared by the control-flow primitives: reordering jaxpr signatures, tracing user functions on pytrees. */
import { ShapedArray } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { getBackend } from "../backend/registry.js";
import { TreeDef } from "../core/pytree.js";
import { Jaxpr, Var } from "../ir/jaxpr.js";
import { Tree, flattenArrays, traceToJaxpr } from "../transforms/flatten_fun.js";
import { memo } from "../transforms/jaxpr_rules.js";

const reorderMemo = memo((jaxpr, key): Jaxpr => {
  const [ins, outs] = key.split("|").map((s) => (s ? s.split(",").map(Number) : []));
  return new Jaxpr(ins.map((i) => jaxpr.inBinders[i]), jaxpr.eqns, outs.map((i) => jaxpr.outs[i]));
});

/** The same jaxpr with its inputs and outputs listed in a new order (`ins[k]` = old index of new input k); memoised. */
export function reorder(jaxpr: Jaxpr, ins: number[], outs: number[]): Jaxpr {
  return reorderMemo(jaxpr, `${ins.join(",")}|${outs.join(",")}`);
}

const padMemo = memo((jaxpr, key): Jaxpr => {
  const [before, after] = key.split("|").map((s) => (s ? s.split(";").map(parseAval) : []));
  const vars = (as: ShapedArray[]) => as.map((a) => new Var(a));
  return new Jaxpr([...vars(before), ...jaxpr.inBinders, ...vars(after)], jaxpr.eqns, jaxpr.outs);
});
const avalKey = (a: ShapedArray) => `${a.dtype}:${a.shape.join(",")}`;
function parseAval(s: string): ShapedArray {
  const [d, sh] = s.split(":");
  return ShapedArray.of(sh ? sh.split(",").map(Number) : [], d as ShapedArray["dtype"]);
}

/** The jaxpr with unused inputs of the given avals added before and after its own; memoised. */
export function padInputs(jaxpr: Jaxpr, before: ShapedArray[], after: ShapedArray[] = []): Jaxpr {
  return padMemo(jaxpr, `${before.map(avalKey).join(";")}|${after.map(avalKey).join(";")}`);
}

/** Indices 0…n−1 shifted by `from`. */
export const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

/** A user function traced on flat abstract inputs: its jaxpr, captured constants and output tree. */
export interface TracedFn {
  jaxpr: Jaxpr;
  consts: NDArray[];
  outDef: TreeDef;
}

export { flattenArrays };

/** Trace `f(...unflatten(args))` on `avals`; leaves of the result become arrays (`op` names errors). */
export function traceFn(op: string, f: (...args: any[]) => Tree, inDefs: TreeDef[], avals: ShapedArray[][]): TracedFn {
  // the arguments as one tree: a list with one subtree per argument
  const argsDef = new TreeDef("array", null, inDefs);
  const { closed, outDef } = traceToJaxpr(f, argsDef, avals.flat(), op, { allowUndefined: true });
  return { jaxpr: closed.jaxpr, consts: closed.consts, outDef };
}

/** "a, b, c" of avals, for error messages. */
export const strs = (as: { str(): string }[]): string => `(${as.map((a) => a.str()).join(", ")})`;

/**
 * Several traced jaxprs made to take one shared list of constants: jaxpr k gets the constants of all
 * of them as leading inputs (ignoring the others'), then its own inputs.
 */
export function joinConsts(traced: { jaxpr: Jaxpr; consts: NDArray[] }[]): { jaxprs: Jaxpr[]; consts: NDArray[] } {
  const avals = traced.map((t) => t.consts.map((c) => c.aval));
  const jaxprs = traced.map((t, k) => {
    const before = avals.slice(0, k).flat(), after = avals.slice(k + 1).flat();
    if (!before.length && !after.length) return t.jaxpr;
    const n = t.jaxpr.inBinders.length;
    const padded = padInputs(t.jaxpr, before, after);
    const nb = before.length, nOwn = t.consts.length;
    // [before, own consts, rest, after] → [before, own consts, after, rest]
    const ins = [...range(0, nb + nOwn), ...range(nb + n, after.length), ...range(nb + nOwn, n - nOwn)];
    return reorder(padded, ins, range(0, padded.outs.length));
  });
  return { jaxprs, consts: traced.flatMap((t) => t.consts) };
}

/**
 * Outputs the caller owns: those that are not fresh buffers (an input passed through, a constant of
 * the body, a duplicate) are copied, so a compiled program may release every control-flow result
 * after its last use without touching anyone else's buffer.
 */
export function owning(outs: ConcreteArray[], fresh: boolean[]): ConcreteArray[] {
  const backend = getBackend();
  return outs.map((o, i) => (fresh[i] ? o : new ConcreteArray(backend.fromTyped(backend.read(o.bufOn(backend)), o.buf.dtype), o.aval, backend)));
}
