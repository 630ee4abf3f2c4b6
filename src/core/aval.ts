/** @file Abstract values (shape + dtype) and the shape arithmetic every layer shares. */
import { DType, shortName } from "./dtype.js";

export type Shape = readonly number[];

/** An abstract value: what tracing knows about an array (its shape and dtype, not its data). */
export class ShapedArray {
  constructor(readonly shape: Shape, readonly dtype: DType) {}
  /**
   * The shared (interned) aval of `shape` and `dtype`, so that arrays of one type share one aval and
   * caches keyed by avals (eager kernels, src/lower/lowering.ts) can compare them by identity.
   */
  static of(shape: Shape, dtype: DType): ShapedArray {
    let node = (interned[dtype] ??= { aval: null, next: null });
    for (const d of shape) {
      let next = node.next?.get(d);
      if (!next) {
        if (internedNodes >= MAX_INTERNED) return new ShapedArray(shape, dtype); // ever-new shapes: stop sharing
        (node.next ??= new Map()).set(d, (next = { aval: null, next: null }));
        internedNodes++;
      }
      node = next;
    }
    return (node.aval ??= new ShapedArray([...shape], dtype));
  }
  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return prod(this.shape);
  }
  equals(o: ShapedArray): boolean {
    return this.dtype === o.dtype && shapeEq(this.shape, o.shape);
  }
  /** `f32[3,4]` as jaxprs print it. */
  str(): string {
    return `${shortName(this.dtype)}[${this.shape.join(",")}]`;
  }
  toString(): string {
    return this.str();
  }
}

/** Interned avals: per dtype, a trie over the dimensions (bounded). */
interface InternNode {
  aval: ShapedArray | null;
  next: Map<number, InternNode> | null;
}
const interned: Partial<Record<DType, InternNode>> = {};
let internedNodes = 0;
const MAX_INTERNED = 10_000;

export function prod(xs: readonly number[]): number {
  let p = 1;
  for (const x of xs) p *= x;
  return p;
}

export function shapeEq(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function fmtShape(s: Shape): string {
  return `[${s.join(",")}]`;
}

/** Row-major (C order) strides, in elements. */
export function stridesOf(shape: Shape): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s;
    s *= shape[i];
  }
  return st;
}

/** Normalise a possibly negative axis, with an error naming the op. */
export function normAxis(axis: number, ndim: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new RangeError(`${op}: axis ${axis} is out of bounds for an array of rank ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Normalise `axis` (number, list or null = all) to a sorted list of distinct axes. */
export function normAxes(axis: number | readonly number[] | null | undefined, ndim: number, op: string): number[] {
  if (axis === null || axis === undefined) return [...Array(ndim).keys()];
  if (typeof axis !== "number" && !Array.isArray(axis)) throw new TypeError(`${op}: axis must be an integer, a list of integers or null, got ${typeof axis === "string" ? JSON.stringify(axis) : String(axis)}`);
  const list = typeof axis === "number" ? [axis] : [...axis];
  const out = list.map((a) => normAxis(a, ndim, op));
  if (new Set(out).size !== out.length) throw new RangeError(`${op}: repeated axis in ${JSON.stringify(list)}`);
  return out.sort((a, b) => a - b);
}

/** NumPy broadcasting of several shapes, with an error naming the op and every shape. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  let nd = 0;
  let same = true; // the common case: nothing to broadcast
  for (const s of shapes) {
    nd = Math.max(nd, s.length);
    same &&= shapeEq(s, shapes[0]);
  }
  if (same) return shapes.length ? [...shapes[0]] : [];
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = nd - s.length + i;
      const d = s[i];
      if (d === out[j] || d === 1) continue;
      if (out[j] === 1) out[j] = d;
      else {
        throw new RangeError(
          `${op}: shapes ${shapes.map(fmtShape).join(", ")} cannot be broadcast together (dimension ${j - nd}: ${out[j]} vs ${d})`,
        );
      }
    }
  }
  return out;
}
