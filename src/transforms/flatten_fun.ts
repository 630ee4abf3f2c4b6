/**
 * @file The pytree plumbing every transformation shares: leaves to arrays, a pytree function as a
 * flat one that records its output structure (`flattenFun`), staging it to a jaxpr
 * (`traceToJaxpr`), and checking `argnums`.
 */
import { ShapedArray } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { DType, castScalar, getDefaultFloat, typedArrayCtor } from "../core/dtype.js";
import { TreeDef, flatten, unflatten } from "../core/pytree.js";
import { ClosedJaxpr } from "../ir/jaxpr.js";
import { show } from "../numpy/signature.js";
import { makeJaxprFlat } from "./stage.js";

/** A value transformations accept: arrays, JS numbers and booleans, nested in arrays/objects. */
export type Tree = any;
/** A function on flat lists of arrays, as the `…Flat` cores of the transformations take. */
export type FlatFn = (...xs: NDArray[]) => NDArray[];

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "array";
  return typeof x === "object" ? (x as object).constructor?.name ?? "object" : typeof x;
}

/** Turn a leaf into an array: JS numbers become default-float scalars, booleans bool scalars. */
export function leafToArray(x: unknown, op: string, dtype?: DType): NDArray {
  if (x instanceof NDArray) return x;
  if (typeof x === "number" || typeof x === "boolean") {
    const d = dtype ?? (typeof x === "boolean" ? "bool" : getDefaultFloat());
    const data = new (typedArrayCtor(d))(1);
    data[0] = castScalar(Number(x), d);
    return ConcreteArray.fromTyped(data, [], d);
  }
  throw new TypeError(`${op}: expected arrays, numbers or booleans as leaves, got a ${describe(x)} (${String(x).slice(0, 40)})`);
}

/** Flatten a pytree of arguments to arrays (JS numbers and booleans become arrays; `op` names errors). */
export function flattenArrays(x: Tree, op: string): [NDArray[], TreeDef] {
  const [ls, def] = flatten(x);
  return [ls.map((l) => leafToArray(l, op)), def];
}

/** Check that what a transformation was given is a function. */
export function checkFn(f: unknown, op: string): void {
  if (typeof f !== "function") throw new TypeError(`${op}: expected a function to transform, got ${show(f)}`);
}

/** How `flattenOutput` treats an `undefined` result. */
export interface OutputOptions {
  /**
   * Accept `undefined` as an empty tree (as JAX's None), for functions that may return nothing —
   * control-flow branches, checkpointed or custom-rule functions. Otherwise it is an error that
   * suggests a missing `return` (grad, jit, vmap …).
   */
  allowUndefined?: boolean;
}

/**
 * Flatten what `f` returned, with an error naming the transformation when it is not a pytree of
 * arrays — undefined (usually a forgotten `return`), a string, a function.
 */
export function flattenOutput(out: unknown, op: string, opts: OutputOptions = {}): [NDArray[], TreeDef] {
  if (out === undefined && !opts.allowUndefined) {
    throw new TypeError(`${op}: f returned undefined; it must return an array, a number or a pytree of them (a missing return?)`);
  }
  const [ls, def] = flatten(out);
  const arrs = ls.map((l, i) => {
    if (l instanceof NDArray || typeof l === "number" || typeof l === "boolean") return leafToArray(l, op);
    const where = def.kind === "leaf" ? "f returned" : `leaf ${i} of f's output is`;
    throw new TypeError(`${op}: ${where} ${show(l)}; expected arrays, numbers or booleans (nested in arrays or objects)`);
  });
  return [arrs, def];
}

/**
 * `f` on pytrees as a function on flat arrays: its inputs are the leaves of `inDef`, its outputs
 * the leaves of what f returns. The returned thunk gives the output structure of the last call
 * (valid once fFlat has run).
 */
export function flattenFun(f: (...args: any[]) => Tree, inDef: TreeDef, op: string, opts: OutputOptions = {}): [FlatFn, () => TreeDef] {
  let outDef: TreeDef | null = null;
  const fFlat = (...xs: NDArray[]) => {
    const [outs, def] = flattenOutput(f(...unflatten(inDef, xs)), op, opts);
    outDef = def;
    return outs;
  };
  return [fFlat, () => outDef!];
}

/** `f` on pytrees staged to a jaxpr on the leaf avals of `inDef`, with its output structure. */
export function traceToJaxpr(
  f: (...args: any[]) => Tree,
  inDef: TreeDef,
  avals: ShapedArray[],
  op: string,
  opts: OutputOptions = {},
): { closed: ClosedJaxpr; outDef: TreeDef } {
  const [fFlat, outDef] = flattenFun(f, inDef, op, opts);
  const closed = makeJaxprFlat(fFlat, avals, op);
  return { closed, outDef: outDef() };
}

/** `argnums` (an index or a list of them) as a list, checked to be non-negative integers. */
export function normArgnums(argnums: unknown, op: string): number[] {
  const nums = typeof argnums === "number" ? [argnums] : argnums;
  if (!Array.isArray(nums) || nums.some((a) => !Number.isInteger(a) || a < 0)) {
    throw new TypeError(`${op}: argnums must be a non-negative integer or an array of them, got ${show(argnums)}`);
  }
  return nums;
}

/** Check that each of `nums` selects one of the `nArgs` arguments f was called with. */
export function checkArgnums(nums: number[], nArgs: number, op: string): void {
  for (const a of nums) if (a >= nArgs) throw new RangeError(`${op}: argnums ${a} is out of range for ${nArgs} argument(s)`);
}

/** `f` as a function of the arguments at `nums` only, the others fixed to their values in `args`. */
export function withArgs(f: (...args: any[]) => Tree, args: Tree[], nums: number[]): (...selected: Tree[]) => Tree {
  return (...selected: Tree[]) => {
    const full = [...args];
    nums.forEach((n, i) => (full[n] = selected[i]));
    return f(...full);
  };
}
