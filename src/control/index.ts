/**
 * @file `lax`: structured control flow — cond, switch, whileLoop, foriLoop, scan, map. Each traces
 * its functions to jaxprs and binds a higher-order primitive, so loops and branches work in eager
 * mode and under jit, vmap and the derivative transformations (whileLoop: forward mode only).
 */
import { ShapedArray, fmtShape } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { TreeDef, unflatten } from "../core/pytree.js";
import { Tracer, bind } from "../core/trace.js";
import * as L from "../lax/index.js";
import { asArray } from "../numpy/core.js";
import { Tree } from "../transforms/api.js";
import { condP } from "./cond.js";
import { flattenArrays, joinConsts, strs, traceFn } from "./common.js";
import { scanP } from "./scan.js";
import { whileP } from "./while.js";

type ArrayLike = NDArray | number | boolean;

const sameTree = (a: TreeDef, b: TreeDef) => String(a) === String(b);

/** The branch index as an int32 scalar (booleans: false → 0, true → 1). */
function indexArray(op: string, x: ArrayLike): NDArray {
  const a = asArray(x);
  if (a.ndim !== 0) throw new TypeError(`${op}: the ${op === "cond" ? "predicate" : "index"} must be a scalar, got shape ${fmtShape(a.shape)}`);
  if (op === "cond" && a.dtype !== "bool") return L.convert(L.ne(a, 0), "int32");
  if (op !== "cond" && a.dtype !== "int32" && a.dtype !== "uint32" && a.dtype !== "bool") throw new TypeError(`switch: the index must be an integer scalar, got ${a.dtype}`);
  return L.convert(a, "int32");
}

function branchCall(op: string, index: NDArray, fns: ((...ops: any[]) => Tree)[], operands: Tree[]): Tree {
  if (fns.length === 0) throw new RangeError(`${op}: needs at least one branch`);
  const [ops, inDef] = flattenArrays(operands, op);
  const avals = ops.map((o) => o.aval);
  const traced = fns.map((f) => traceFn(op, (tree: Tree[]) => f(...tree), [inDef], [avals]));
  traced.forEach((t, k) => {
    const a = traced[0], ta = t.jaxpr.outs.map((o) => o.aval), aa = a.jaxpr.outs.map((o) => o.aval);
    if (!sameTree(t.outDef, a.outDef) || ta.length !== aa.length || ta.some((x, i) => !x.equals(aa[i]))) {
      throw new TypeError(`${op}: branches must return the same structure and types: branch 0 returns ${a.outDef} ${strs(aa)}, branch ${k} returns ${t.outDef} ${strs(ta)}`);
    }
  });
  const { jaxprs, consts } = joinConsts(traced);
  return unflatten(traced[0].outDef, bind(condP, [index, ...consts, ...ops], { branches: jaxprs }));
}

/**
 * Apply `trueFn` or `falseFn` to the operands, chosen by the scalar `pred`. Both branches are traced
 * (they must return the same structure, shapes and dtypes); only one runs. Differentiable in both
 * modes, batchable (a batched predicate runs both branches and selects), jit-able.
 * @example lax.cond(np.array(true), (x) => x.mul(2), (x) => x.neg(), np.array(3)) // 6
 */
export function cond<T extends Tree>(pred: ArrayLike, trueFn: (...ops: any[]) => T, falseFn: (...ops: any[]) => T, ...operands: Tree[]): T {
  return branchCall("cond", indexArray("cond", pred), [falseFn, trueFn], operands);
}

/**
 * Apply `branches[index]` to the operands; `index` is clamped to [0, branches.length − 1] (as JAX).
 * @example lax.switch(1, [(x) => x.add(1), (x) => x.mul(10)], np.array(2)) // 20
 */
function switch_<T extends Tree>(index: ArrayLike, branches: ((...ops: any[]) => T)[], ...operands: Tree[]): T {
  return branchCall("switch", indexArray("switch", index), branches, operands);
}
export { switch_ as switch };

/**
 * Run `bodyFn` on the carry while `condFn(carry)` is true; returns the final carry. The trip count
 * is a run-time value, so only forward mode (jvp, jacfwd) differentiates through it; reverse mode
 * raises an error — use `scan` or `foriLoop` with static bounds for that.
 * @example lax.whileLoop((x) => x.lt(100), (x) => x.mul(2), np.array(1)) // 128
 */
export function whileLoop<T extends Tree>(condFn: (carry: T) => ArrayLike, bodyFn: (carry: T) => T, init: T): T {
  const [carry, def] = flattenArrays(init, "whileLoop");
  const avals = carry.map((c) => c.aval);
  const c = traceFn("whileLoop", (x: T) => asArray(condFn(x)), [def], [avals]);
  const pred = c.jaxpr.outs[0]?.aval;
  if (c.jaxpr.outs.length !== 1 || pred.ndim !== 0 || pred.dtype !== "bool") {
    throw new TypeError(`whileLoop: condFn must return a boolean scalar, got ${strs(c.jaxpr.outs.map((o) => o.aval))}`);
  }
  const b = traceFn("whileLoop", bodyFn, [def], [avals]);
  checkCarry("whileLoop", def, avals, b.outDef, b.jaxpr.outs.map((o) => o.aval), "bodyFn");
  const outs = bind(whileP, [...c.consts, ...b.consts, ...carry], { cond: c.jaxpr, body: b.jaxpr, condNConsts: c.consts.length, bodyNConsts: b.consts.length });
  return unflatten(def, outs);
}

function checkCarry(op: string, def: TreeDef, avals: ShapedArray[], outDef: TreeDef, outs: ShapedArray[], fn: string): void {
  if (!sameTree(def, outDef) || outs.length !== avals.length || outs.some((o, i) => !o.equals(avals[i]))) {
    const dtypeOnly = sameTree(def, outDef) && outs.length === avals.length && outs.every((o, i) => o.shape.join() === avals[i].shape.join());
    const hint = dtypeOnly ? " — only dtypes differ: give the initial carry the dtype the body computes (e.g. np.array(0, { dtype: \"float64\" }))" : "";
    throw new TypeError(`${op}: ${fn} must return the carry with the structure, shapes and dtypes it takes: takes ${def} ${strs(avals)}, returns ${outDef} ${strs(outs)}${hint}`);
  }
}

export interface ScanOptions {
  /** The number of iterations (required when `xs` is null; must match the leading axis of `xs`). */
  length?: number;
  /** Iterate from the last element of `xs` to the first (ys are still stored in order). */
  reverse?: boolean;
}

/**
 * Loop `f(carry, x) → [carry, y]` over the leading axis of `xs` (a pytree of arrays, or null with
 * `length`), returning the final carry and the stacked ys. Differentiable in both modes — reverse
 * mode stores only the residuals the transposed body needs — and batchable, jit-able, nestable.
 * @example lax.scan((c, x) => [c.add(x), c.mul(x)], np.array(0), np.arange(1, 4)) // [6, [0, 2, 9]]
 */
export function scan<C extends Tree, X extends Tree, Y extends Tree>(f: (carry: C, x: X) => [C, Y], init: C, xs: X | null = null, opts: ScanOptions = {}): [C, Y] {
  const [carry, cDef] = flattenArrays(init, "scan");
  const [xsFlat, xDef] = flattenArrays(xs, "scan");
  const lengths = xsFlat.map((x) => {
    if (x.ndim === 0) throw new TypeError("scan: every leaf of xs must have a leading axis to scan over, got a scalar");
    return x.shape[0];
  });
  const length = opts.length ?? lengths[0];
  if (length === undefined) throw new TypeError("scan: xs is empty, so the number of iterations must be given as { length }");
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`scan: length must be a non-negative integer, got ${length}`);
  if (lengths.some((n) => n !== length)) throw new RangeError(`scan: xs leaves have leading axes [${lengths}], but all must have length ${length}`);
  const cAvals = carry.map((c) => c.aval);
  const xSlices = xsFlat.map((x) => ShapedArray.of(x.shape.slice(1), x.dtype));
  let yDef: TreeDef | null = null;
  const body = traceFn(
    "scan",
    (c: C, x: X) => {
      const out = f(c, x);
      if (!Array.isArray(out) || out.length !== 2) throw new TypeError("scan: f must return a pair [newCarry, y]");
      return out;
    },
    [cDef, xDef],
    [cAvals, xSlices],
  );
  // the output tree is [carry, y]: split the flat outputs
  const outAvals = body.jaxpr.outs.map((o) => o.aval);
  const [carryDef, yd] = body.outDef.children;
  yDef = yd;
  checkCarry("scan", cDef, cAvals, carryDef, outAvals.slice(0, carry.length), "f");
  const outs = bind(scanP, [...body.consts, ...carry, ...xsFlat], { jaxpr: body.jaxpr, numConsts: body.consts.length, numCarry: carry.length, length, reverse: !!opts.reverse });
  return [unflatten(cDef, outs.slice(0, carry.length)), unflatten(yDef!, outs.slice(carry.length))];
}

/**
 * `foriLoop(lower, upper, body, init)`: `x = body(i, x)` for i = lower … upper − 1. With JS-number
 * bounds the trip count is static and the loop is a `scan` (reverse-differentiable); with traced
 * bounds it is a `whileLoop` (forward mode only).
 * @example lax.foriLoop(0, 5, (i, x) => x.add(i), np.array(0)) // 10
 */
export function foriLoop<T extends Tree>(lower: ArrayLike, upper: ArrayLike, body: (i: NDArray, x: T) => T, init: T): T {
  const staticBound = (b: ArrayLike) => typeof b === "number" || (b instanceof NDArray && !(b instanceof Tracer) && b.ndim === 0);
  for (const b of [lower, upper]) if (typeof b === "number" && !Number.isInteger(b)) throw new TypeError(`foriLoop: bounds must be integers, got ${b}`);
  const lo = asArray(lower, "int32"), hi = asArray(upper, "int32");
  if (lo.ndim !== 0 || hi.ndim !== 0) throw new TypeError(`foriLoop: bounds must be scalars, got shapes ${fmtShape(lo.shape)} and ${fmtShape(hi.shape)}`);
  if (staticBound(lower) && staticBound(upper)) {
    const n = Math.max(0, hi.item() - lo.item());
    const [[, x]] = scan(([i, x]: [NDArray, T]): [[NDArray, T], null] => [[L.add(i, 1), body(i, x)], null], [L.convert(lo, "int32"), init] as [NDArray, T], null, { length: n });
    return x;
  }
  const [, , x] = whileLoop(([i, u]: [NDArray, NDArray, T]) => L.lt(i, u), ([i, u, x]: [NDArray, NDArray, T]) => [L.add(i, 1), u, body(i, x)], [L.convert(lo, "int32"), L.convert(hi, "int32"), init]);
  return x;
}

/**
 * Apply `f` to each slice of `xs` along its leading axis, sequentially (a `scan` without carry);
 * returns the stacked results. Unlike `vmap`, the slices are processed one at a time.
 * @example lax.map((x) => x.mul(x), np.arange(4)) // [0, 1, 4, 9]
 */
export function map<X extends Tree, Y extends Tree>(f: (x: X) => Y, xs: X): Y {
  return scan((c: null, x: X) => [c, f(x)], null, xs)[1];
}
