/**
 * @file lax.reduce (jax.lax.reduce): one operand or a pytree of operands reduced over `dimensions`
 * with a computation. lax.add / mul / max / min (and bitwiseAnd / bitwiseOr on bool) map to the
 * reduction primitives; any other computation — assumed associative and commutative, as XLA does — is
 * applied by pairwise halving along the flattened reduced axes (⌈log₂ n⌉ calls on whole halves).
 */
import { fmtShape, prod } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { DType, isFloat } from "../core/dtype.js";
import { flatten, unflatten } from "../core/pytree.js";
import { show } from "../numpy/signature.js";
import * as np from "../numpy/index.js";
import * as L from "./index.js";
import * as el from "./public_elementwise.js";
import { laxArray, laxAxes } from "./strict.js";
import { checkedCombine } from "./associative_scan.js";

type Computation = (x: any, y: any) => any;
/** The monoids with a reduction primitive. */
export type Monoid = "add" | "mul" | "max" | "min" | "and" | "or";

const KNOWN: [Computation, Monoid][] = [
  [L.add, "add"], [el.add, "add"], [np.add, "add"],
  [L.mul, "mul"], [el.mul, "mul"], [np.multiply, "mul"],
  [L.max, "max"], [el.max, "max"], [np.maximum, "max"],
  [L.min, "min"], [el.min, "min"], [np.minimum, "min"],
  [el.bitwiseAnd, "and"], [np.logicalAnd, "and"],
  [el.bitwiseOr, "or"], [np.logicalOr, "or"],
];

/** The identity of a monoid in dtype `d` (±∞ stands for the extreme integers too). */
function isIdentity(op: Monoid, v: number, d: DType): boolean {
  switch (op) {
    case "add": return v === 0 && !Object.is(v, -0);
    case "mul": return v === 1;
    case "max": return v === -Infinity || (d === "int32" && v === -2147483648) || (d === "uint32" && v === 0) || (d === "bool" && v === 0);
    case "min": return v === Infinity || (d === "int32" && v === 2147483647) || (d === "uint32" && v === 4294967295) || (d === "bool" && v === 1);
    case "and": return v === 1;
    case "or": return v === 0;
  }
}

/** The primitive reduction of `op`, or null where none applies to dtype `d` (then the generic path runs). */
function primitiveReduce(op: Monoid, d: DType): ((x: NDArray, axes: number[]) => NDArray) | null {
  if (op === "and" || op === "or") return d === "bool" ? (op === "and" ? L.reduceMin : L.reduceMax) : null;
  if (d === "bool") return op === "max" ? L.reduceMax : op === "min" ? L.reduceMin : null;
  return op === "add" ? L.reduceSum : op === "mul" ? L.reduceProd : op === "max" ? L.reduceMax : L.reduceMin;
}
function combine(op: Monoid, a: NDArray, b: NDArray): NDArray {
  switch (op) {
    case "add": return L.add(a, b);
    case "mul": return L.mul(a, b);
    case "max": case "or": return L.max(a, b);
    case "min": case "and": return L.min(a, b);
  }
}

/** An init value: a JS number/boolean in the operand's dtype, or a 0-d array of that dtype. */
function initArray(fn: string, what: string, v: unknown, d: DType): NDArray {
  if (v instanceof NDArray) {
    if (v.ndim !== 0) throw new RangeError(`${fn}: ${what} must be a scalar, got an array of shape ${fmtShape(v.shape)}`);
    if (v.dtype !== d) throw new TypeError(`${fn}: ${what} dtype ${v.dtype} differs from its operand's ${d} (lax does not promote)`);
    return v;
  }
  if (typeof v === "boolean") {
    if (d !== "bool") throw new TypeError(`${fn}: ${what} is a boolean but its operand is ${d}`);
    return L.full([], v ? 1 : 0, d);
  }
  if (typeof v !== "number") throw new TypeError(`${fn}: ${what} must be a scalar (a JS number or a 0-d NDArray), got ${show(v)}`);
  if (!isFloat(d) && Number.isFinite(v) && !Number.isInteger(v)) throw new TypeError(`${fn}: ${what} ${v} is not a ${d} value`);
  return L.full([], v, d);
}

/**
 * `lax.reduce` recognising, besides the computations above, the given (checked) public functions —
 * src/public/lax.ts passes in its lax.add, lax.mul, ….
 */
export function makeReduce(more: [Computation, Monoid][]) {
  const known = new Map([...KNOWN, ...more]);
  /**
   * Reduce `operands` over `dimensions` with `computation`, starting from `initValues` (as
   * jax.lax.reduce). `operands` is an array or a pytree (e.g. a list) of arrays of one shape;
   * `initValues` has the same structure, one scalar per operand. `computation(x, y)` takes two values
   * of that structure and returns one; it must be associative and commutative (as XLA assumes). The
   * public lax.add / mul / max / min (and np.add …, lax.bitwiseAnd / bitwiseOr on bool) run as one
   * reduction primitive; any other function is applied ⌈log₂ n⌉ times to whole halves of the operands,
   * so it must work elementwise on arrays. The init value is combined once (NB: XLA may apply it any
   * number of times, which only matters when it is not the identity). Differentiable, batchable and
   * jit-able whenever the computation is.
   * @example lax.reduce(np.array([[1, 2], [3, 4]]), 0, lax.add, [0]) // [4, 6]
   * @example
   * // argmax as a reduction over (value, index) pairs
   * lax.reduce([x, np.arange(4, { dtype: "int32" })], [-Infinity, 0], ([v1, i1], [v2, i2]) => {
   *   const pick = np.greaterEqual(v1, v2);
   *   return [np.where(pick, v1, v2), np.where(pick, i1, i2)];
   * }, [0]) // [max, argmax]
   */
  return function reduce(operands: unknown, initValues: unknown, computation: Computation, dimensions: number[]): any {
    const fn = "lax.reduce";
    if (typeof computation !== "function") throw new TypeError(`${fn}: computation must be a function of two values, got ${show(computation)}`);
    const [ops0, def] = flatten(operands);
    const [inits0, idef] = flatten(initValues);
    if (ops0.length === 0) throw new TypeError(`${fn}: operands holds no arrays`);
    if (ops0.length !== inits0.length || !def.equals(idef)) {
      throw new TypeError(`${fn}: operands (${def}, ${ops0.length} arrays) and initValues (${idef}, ${inits0.length} values) must have the same structure`);
    }
    const xs = ops0.map((v, i) => laxArray("reduce", ops0.length === 1 ? "operand" : `operand ${i}`, v));
    for (const x of xs) {
      if (x.shape.join() !== xs[0].shape.join()) throw new RangeError(`${fn}: operand shapes differ: ${xs.map((y) => fmtShape(y.shape)).join(" vs ")}`);
    }
    const inits = inits0.map((v, i) => initArray(fn, xs.length === 1 ? "initValue" : `initValues entry ${i}`, v, xs[i].dtype));
    const dims = laxAxes("reduce", "dimensions", dimensions, xs[0].ndim);
    const s = xs[0].shape;
    const kept = s.map((_, i) => i).filter((i) => !dims.includes(i));
    const keptShape = kept.map((i) => s[i]);
    const op = xs.length === 1 ? known.get(computation) : undefined;
    const prim = op === undefined ? null : primitiveReduce(op, xs[0].dtype);
    if (op !== undefined && prim !== null) {
      const r = prim(xs[0], [...dims].sort((a, b) => a - b));
      const v = inits0[0];
      if (typeof v === "number" && isIdentity(op, v, xs[0].dtype)) return unflatten(def, [r]);
      if (typeof v === "boolean" && isIdentity(op, v ? 1 : 0, "bool")) return unflatten(def, [r]);
      return unflatten(def, [combine(op, L.broadcastInDim(inits[0], keptShape, []), r)]);
    }
    const f = checkedCombine(fn, computation, def);
    const initsFull = inits.map((v) => L.broadcastInDim(v, keptShape, []));
    const m = prod(dims.map((d) => s[d]));
    if (m === 0) return unflatten(def, initsFull);
    // reduced dims last and flattened: [...kept, m]; then halve: c = first half ⊕ second half (+ the odd one out)
    let cur = xs.map((x) => L.reshape(L.transpose(x, [...kept, ...dims]), [...keptShape, m]));
    const last = keptShape.length;
    const part = (x: NDArray, a: number, b: number) => L.slice(x, [...keptShape.map(() => 0), a], [...keptShape, b]);
    for (let len = m; len > 1; len = Math.ceil(len / 2)) {
      const h = Math.floor(len / 2);
      const c = f(cur.map((x) => part(x, 0, h)), cur.map((x) => part(x, h, 2 * h)));
      cur = len % 2 === 0 ? c : c.map((y, i) => L.concatenate([y, part(cur[i], 2 * h, len)], last));
    }
    const reduced = cur.map((x) => L.reshape(x, keptShape));
    return unflatten(def, f(initsFull, reduced));
  };
}
