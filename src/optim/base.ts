/** @file The gradient-transformation type (Optax's GradientTransformation), chain, identity, applyUpdates and the tree helpers the optimizers share. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import * as tree from "../public/tree.js";
import { checked, isPlainObject } from "../numpy/signature.js";

/** A learning-rate schedule: the step count (an int32 scalar array, possibly traced) → a step size. */
export type Schedule = (count: NDArray) => NDArray | number;
/** A step size: a number, or a schedule evaluated on the step count inside `update` (jit-able). */
export type ScalarOrSchedule = number | Schedule;

/** The extra arguments of `update` that line searches read (other transformations ignore them). */
export interface UpdateExtras {
  /** f(params): the objective's value at the current parameters. */
  value?: NDArray;
  /** ∇f(params): the gradient at the current parameters (a pytree like the parameters). */
  grad?: unknown;
  /** The objective params → scalar, evaluated by the line search at trial points. */
  valueFn?: (params: any) => NDArray;
}

/**
 * A gradient transformation (Optax's `GradientTransformation`): `init(params)` makes the state, a pytree
 * of arrays; `update(updates, state, params?, extras?)` returns the transformed updates and the new state.
 * Both are pure, so a whole training step runs under `jit`.
 */
export interface GradientTransformation<S = any> {
  init<P>(params: P): S;
  update<U>(updates: U, state: S, params?: U, extras?: UpdateExtras): [U, S];
}

/** Make a transformation whose `init`/`update` reject surplus arguments, naming `name` (e.g. "optim.adam"). */
export function transformation<S>(name: string, init: (params: any) => S, update: (updates: any, state: S, params?: any, extras?: UpdateExtras) => [any, S]): GradientTransformation<S> {
  return {
    init: checked(init, `${name}.init(params*)`, { renameErrors: false }),
    update: checked(update, `${name}.update(updates*, state*, params?*, extras?{value,grad,valueFn})`, { renameErrors: false }),
  } as GradientTransformation<S>;
}

/** The leaves of a tree as arrays, each checked to be an NDArray (the name of the caller in the error). */
export function arrayLeaves(name: string, x: unknown, what: string): [NDArray[], tree.TreeDef] {
  const [leaves, def] = tree.flatten(x);
  leaves.forEach((l, i) => {
    if (!(l instanceof NDArray)) throw new TypeError(`${name}: ${what} must be a pytree of arrays; leaf ${i} is ${typeof l === "number" ? `the number ${l}` : typeof l}`);
  });
  return [leaves as NDArray[], def];
}

/** Check that `x` has the structure `def` and the leaf shapes `like` (the state or the parameters). */
export function checkTree(name: string, x: unknown, what: string, ref: unknown, refWhat: string): NDArray[] {
  const [xs, xd] = arrayLeaves(name, x, what);
  const [rs, rd] = tree.flatten(ref);
  if (!xd.equals(rd)) throw new Error(`${name}: the ${what} have structure ${xd}, but the ${refWhat} have ${rd}`);
  xs.forEach((l, i) => {
    const r = rs[i] as NDArray;
    if (r instanceof NDArray && (l.shape.length !== r.shape.length || l.shape.some((d, k) => d !== r.shape[k])))
      throw new Error(`${name}: leaf ${i} of the ${what} has shape [${l.shape}], but the ${refWhat}' leaf has shape [${r.shape}]`);
  });
  return xs;
}

/** Map `f` over the leaves of `updates` and of trees of the same structure (checked against `refs[0]`). */
export function mapLeaves(name: string, f: (u: NDArray, ...rest: NDArray[]) => NDArray, updates: unknown, ...refs: [unknown, string][]): any {
  const [us, def] = arrayLeaves(name, updates, "updates");
  const others = refs.map(([r, w]) => checkTree(name, r, w, updates, "updates"));
  return tree.unflatten(def, us.map((u, i) => f(u, ...others.map((o) => o[i]))));
}

/** A float leaf's dtype (float32 or float64), or an error naming the transformation. */
export function floatLeaf(name: string, x: NDArray, what: string): NDArray {
  if (x.dtype !== "float32" && x.dtype !== "float64") throw new TypeError(`${name}: ${what} must be float32 or float64 arrays, got ${x.dtype}[${x.shape}]`);
  return x;
}

/** Zeros shaped as each leaf of `params` (float leaves only). */
export function zerosLikeTree(name: string, params: unknown, fill = 0): any {
  const [ls, def] = arrayLeaves(name, params, "params");
  return tree.unflatten(def, ls.map((l) => np.full(l.shape, fill, { dtype: floatLeaf(name, l, "params").dtype })));
}

/** A fresh step count: an int32 scalar 0. */
export const zeroCount = (): NDArray => np.array(0, { dtype: "int32" });

/** count + 1, saturating at 2³¹ − 1 (Optax's safe increment: a long run never wraps to negative). */
export const incrementCount = (c: NDArray): NDArray => np.where(np.less(c, 2147483647), np.add(c, 1), c);

/** A step size as a number or an array of `dtype` (a schedule's value is cast to the updates' dtype). */
export function stepSize(s: NDArray | number, dtype: string): NDArray | number {
  return typeof s === "number" ? s : (np.asArray(s) as NDArray).astype(dtype as "float32");
}

/** Check a finite number option in [min, max] (or (min, max] when not `inclusive`). */
export function numberOption(name: string, what: string, v: unknown, min: number, inclusive = true, max = Infinity): number {
  if (typeof v !== "number" || !Number.isFinite(v) || (inclusive ? v < min : v <= min) || v > max) {
    const range = min === -Infinity ? "a finite number" : `a number ${inclusive ? "≥" : ">"} ${min}${max < Infinity ? ` and ≤ ${max}` : ""}`;
    throw new RangeError(`${name}: ${what} must be ${range}, got ${typeof v === "number" ? v : JSON.stringify(v) ?? typeof v}`);
  }
  return v;
}

/** Check a number-or-schedule option. */
export function scheduleOption(name: string, what: string, v: unknown): ScalarOrSchedule {
  if (typeof v === "function") return v as Schedule;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  throw new TypeError(`${name}: ${what} must be a finite number or a schedule (count) => value, got ${typeof v === "object" ? "an object" : JSON.stringify(v) ?? typeof v}`);
}

/** Check a boolean option. */
export function boolOption(name: string, what: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${name}: ${what} must be a boolean, got ${JSON.stringify(v) ?? typeof v}`);
  return v;
}

/**
 * The transformation that leaves updates unchanged and keeps no state (Optax's `identity`).
 * @example const [u, s] = optim.identity().update(grads, optim.identity().init(params));
 */
export function identity(): GradientTransformation<Record<string, never>> {
  return transformation("optim.identity", () => ({}), (updates, state) => [updates, state]);
}

/**
 * Apply several transformations in sequence; the state is the array of their states (Optax's `chain`).
 * Extra arguments (`{ value, grad, valueFn }`) reach every transformation.
 * @example const opt = optim.chain(optim.clipByGlobalNorm(1), optim.scaleByAdam(), optim.scaleByLearningRate(1e-3));
 */
export function chain(...transforms: GradientTransformation[]): GradientTransformation<any[]> {
  return namedChain("optim.chain", transforms);
}

/** {@link chain} whose `init`/`update` name `name` in their errors (the optimizers: "optim.adam"). */
export function namedChain(name: string, transforms: GradientTransformation[]): GradientTransformation<any[]> {
  transforms.forEach((t, i) => {
    if (t === null || typeof t !== "object" || typeof t.init !== "function" || typeof t.update !== "function")
      throw new TypeError(`${name}: argument ${i} is not a gradient transformation { init, update }`);
  });
  return transformation(
    name,
    (params) => transforms.map((t) => t.init(params)),
    (updates, state, params, extras) => {
      if (!Array.isArray(state) || state.length !== transforms.length)
        throw new Error(`${name}: the state must be an array of ${transforms.length} states (from this optimizer's init), got ${Array.isArray(state) ? `${state.length}` : typeof state}`);
      const out: unknown[] = [];
      for (let i = 0; i < transforms.length; i++) {
        const [u, s] = extras !== undefined ? transforms[i].update(updates, state[i], params, extras) : params !== undefined ? transforms[i].update(updates, state[i], params) : transforms[i].update(updates, state[i]);
        updates = u;
        out.push(s);
      }
      return [updates, out];
    },
  );
}

/**
 * params + updates, leaf by leaf, each result keeping its parameter's dtype (Optax's `apply_updates`).
 * @example params = optim.applyUpdates(params, updates);
 */
export function applyUpdates<P>(params: P, updates: unknown): P {
  const [ps, def] = arrayLeaves("optim.applyUpdates", params, "params");
  const us = checkTree("optim.applyUpdates", updates, "updates", params, "params");
  return tree.unflatten(def, ps.map((p, i) => np.add(p, us[i]).astype(p.dtype))) as P;
}

/** ⟨a, b⟩ summed over all leaves (a scalar of the promoted dtype). */
export function treeVdot(as: NDArray[], bs: NDArray[]): NDArray {
  let s: NDArray = np.zeros([], { dtype: as.some((a) => a.dtype === "float64") ? "float64" : "float32" });
  for (let i = 0; i < as.length; i++) s = np.add(s, np.sum(np.multiply(as[i], bs[i])));
  return s;
}

/** The float dtype holding every leaf: float64 if any leaf is, else float32. */
export const commonFloat = (ls: NDArray[]): "float32" | "float64" => (ls.some((l) => l.dtype === "float64") ? "float64" : "float32");

/** A plain `{…}` object (a dict node of a pytree). */
export const isPlainObjectTree = isPlainObject;
