/** @file Differences, products of vectors, integration and interpolation: diff, ediff1d, cross, kron, trapezoid, interp, unwrap, cumulativeSum/Prod. */
import { fmtShape, normAxis } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { DType, checkDType } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, promoteAndBroadcast, resultDType, toFloat } from "./core.js";
import { take } from "./indexing.js";
import { argsort } from "./manipulation.js";
import { mod } from "./math.js";
import { show } from "./signature.js";
import { searchsorted } from "./sorting.js";

type A = ArrayLike;
const checkInt = (op: string, name: string, v: unknown, min = -Infinity): number => {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new TypeError(`${op}: ${name} must be an integer${min > -Infinity ? ` ≥ ${min}` : ""}, got ${show(v)}`);
  return v;
};
/** Elements [start, stop) of `a` along `axis`. */
function sliceAxis(a: NDArray, axis: number, start: number, stop: number): NDArray {
  const lo = a.shape.map(() => 0), hi = [...a.shape];
  lo[axis] = start, hi[axis] = stop;
  return L.slice(a, lo, hi);
}

export interface DiffOpts {
  /** The number of times to difference (default 1). */
  n?: number;
  /** The axis (default −1). */
  axis?: number;
  /** Values put before `x` along `axis` first (a scalar is broadcast). */
  prepend?: A;
  /** Values put after `x` along `axis` first. */
  append?: A;
}
/**
 * The n-th discrete difference x[i+1] − x[i] along `axis` (bools: x[i+1] ≠ x[i], as NumPy).
 * @example np.diff([1, 4, 9, 16]) // [3, 5, 7]
 * @example np.diff([1, 4, 9, 16], { n: 2 }) // [2, 2]
 */
export function diff(x: A, n: number | DiffOpts = 1, axis = -1): NDArray {
  let o: DiffOpts = typeof n === "object" && n !== null ? n : { n, axis };
  o = { n: 1, axis: -1, ...o };
  const times = checkInt("diff", "n", o.n, 0);
  let a = asArray(x);
  if (a.ndim === 0) throw new RangeError("diff: requires an input with at least one dimension, got a 0-d array");
  const ax = normAxis(checkInt("diff", "axis", o.axis), a.ndim, "diff");
  const edge = (v: A, name: string): NDArray => {
    let e = asArray(v, a.dtype);
    if (e.ndim === 0) {
      const s = [...a.shape];
      s[ax] = 1;
      e = L.broadcastTo(e, s);
    } else if (e.ndim !== a.ndim || e.shape.some((d, i) => i !== ax && d !== a.shape[i])) {
      throw new RangeError(`diff: ${name} of shape ${fmtShape(e.shape)} does not fit x ${fmtShape(a.shape)} along axis ${ax}`);
    }
    return e;
  };
  if (o.prepend !== undefined || o.append !== undefined) {
    const parts = [o.prepend === undefined ? null : edge(o.prepend, "prepend"), a, o.append === undefined ? null : edge(o.append, "append")].filter((p): p is NDArray => p !== null);
    const d = parts.map((p) => p.dtype).reduce((p, q) => resultDType([L.full([], 0, p), L.full([], 0, q)]));
    a = L.concatenate(parts.map((p) => L.convert(p, d)), ax);
  }
  for (let k = 0; k < times; k++) {
    const m = a.shape[ax];
    if (m === 0) break;
    const hi = sliceAxis(a, ax, 1, m), lo = sliceAxis(a, ax, 0, m - 1);
    a = a.dtype === "bool" ? L.ne(hi, lo) : L.sub(hi, lo);
  }
  return a;
}

/**
 * Differences of the flattened array, with optional values before and after.
 * @example np.ediff1d([1, 2, 4, 7], { toBegin: -9, toEnd: [0, 0] }) // [-9, 1, 2, 3, 0, 0]
 */
export function ediff1d(x: A, opts: { toEnd?: A | null; toBegin?: A | null } = {}): NDArray {
  const a = asArray(x);
  const flat = L.reshape(a, [a.size]);
  const d = a.size === 0 ? flat : L.sub(sliceAxis(flat, 0, 1, a.size), sliceAxis(flat, 0, 0, a.size - 1));
  const ravel = (v: A) => {
    const e = L.convert(asArray(v, d.dtype), d.dtype);
    return L.reshape(e, [e.size]);
  };
  const parts = [opts.toBegin == null ? null : ravel(opts.toBegin), d, opts.toEnd == null ? null : ravel(opts.toEnd)].filter((p): p is NDArray => p !== null);
  return parts.length === 1 ? d : L.concatenate(parts, 0);
}

export interface CrossOpts {
  /** Axis of `a` holding the vectors (default −1). */
  axisa?: number;
  /** Axis of `b` holding the vectors (default −1). */
  axisb?: number;
  /** Axis of the result holding the vectors (default −1). */
  axisc?: number;
  /** Sets axisa, axisb and axisc at once. */
  axis?: number;
}
/**
 * Cross product of 3-vectors (or 2-vectors, taken with z = 0) along the given axes, broadcasting
 * the other axes. Two 2-vectors give the scalar z-component.
 * @example np.cross([1, 0, 0], [0, 1, 0]) // [0, 0, 1]
 */
export function cross(a: A, b: A, opts: CrossOpts = {}): NDArray {
  const axisa = opts.axis ?? opts.axisa ?? -1, axisb = opts.axis ?? opts.axisb ?? -1, axisc = opts.axis ?? opts.axisc ?? -1;
  for (const [k, v] of [["axisa", axisa], ["axisb", axisb], ["axisc", axisc]] as const) checkInt("cross", k, v);
  const [x0, y0] = [asArray(a), asArray(b)];
  const d = resultDType([x0, y0]);
  if (x0.ndim === 0 || y0.ndim === 0) throw new RangeError("cross: a and b must have at least one dimension");
  const x = L.convert(L.moveaxis(x0, normAxis(axisa, x0.ndim, "cross"), x0.ndim - 1), d);
  const y = L.convert(L.moveaxis(y0, normAxis(axisb, y0.ndim, "cross"), y0.ndim - 1), d);
  const na = x.shape[x.ndim - 1], nb = y.shape[y.ndim - 1];
  if ((na !== 2 && na !== 3) || (nb !== 2 && nb !== 3)) throw new RangeError(`cross: incompatible vector dimensions ${na} and ${nb} (each must be 2 or 3)`);
  const comp = (v: NDArray, i: number): NDArray => L.reshape(sliceAxis(v, v.ndim - 1, i, i + 1), v.shape.slice(0, -1));
  const xs = [0, 1, 2].map((i) => (i < na ? comp(x, i) : null)), ys = [0, 1, 2].map((i) => (i < nb ? comp(y, i) : null));
  const [bx0, bx1, by0, by1] = promoteAndBroadcast("cross", [xs[0]!, xs[1]!, ys[0]!, ys[1]!]);
  const z = L.sub(L.mul(bx0, by1), L.mul(bx1, by0));
  if (na === 2 && nb === 2) return z;
  const zero = L.zerosLike(bx0);
  const x2 = xs[2] ? L.broadcastTo(xs[2], z.shape) : zero, y2 = ys[2] ? L.broadcastTo(ys[2], z.shape) : zero;
  const c0 = L.sub(L.mul(bx1, y2), L.mul(x2, by1));
  const c1 = L.sub(L.mul(x2, by0), L.mul(bx0, y2));
  const out = L.concatenate([c0, c1, z].map((c) => L.reshape(c, [...c.shape, 1])), z.ndim);
  return L.moveaxis(out, out.ndim - 1, normAxis(axisc, out.ndim, "cross"));
}

/**
 * Kronecker product: blocks a[i]·b tiled over a's shape (the lower-rank operand gets leading 1s).
 * @example np.kron([1, 10], [1, 2, 3]) // [1, 2, 3, 10, 20, 30]
 */
export function kron(a: A, b: A): NDArray {
  let [x, y] = [asArray(a), asArray(b)];
  const d = resultDType([x, y]);
  const n = Math.max(x.ndim, y.ndim);
  x = L.convert(L.reshape(x, [...Array(n - x.ndim).fill(1), ...x.shape]), d);
  y = L.convert(L.reshape(y, [...Array(n - y.ndim).fill(1), ...y.shape]), d);
  const shape = x.shape.flatMap((s, i) => [s, y.shape[i]]);
  const xb = L.broadcastInDim(x, shape, x.shape.map((_, i) => 2 * i));
  const yb = L.broadcastInDim(y, shape, y.shape.map((_, i) => 2 * i + 1));
  return L.reshape(L.mul(xb, yb), x.shape.map((s, i) => s * y.shape[i]));
}

export interface TrapezoidOpts {
  /** Sample points (1-D along `axis`, or y's shape); by default spaced by `dx`. */
  x?: A | null;
  /** Spacing when `x` is not given (default 1). */
  dx?: number;
  /** Integration axis (default −1). */
  axis?: number;
}
/**
 * ∫ y dx by the trapezoidal rule along `axis`: Σ (x[i+1] − x[i])·(y[i] + y[i+1])/2.
 * @example np.trapezoid([1, 2, 3]) // 4
 * @example np.trapezoid([1, 2, 3], [0, 1, 3]) // 6.5
 */
export function trapezoid(y: A, x?: A | null | TrapezoidOpts, opts: TrapezoidOpts = {}): NDArray {
  if (typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof NDArray) && !ArrayBuffer.isView(x)) [x, opts] = [undefined, x as TrapezoidOpts];
  const o = { dx: 1, axis: -1, ...opts, ...(x === undefined || x === null ? {} : { x }) } as TrapezoidOpts;
  if (typeof o.dx !== "number") throw new TypeError(`trapezoid: dx must be a number, got ${show(o.dx)}`);
  const yy = toFloat(y);
  if (yy.ndim === 0) throw new RangeError("trapezoid: y must have at least one dimension");
  const ax = normAxis(checkInt("trapezoid", "axis", o.axis), yy.ndim, "trapezoid");
  const m = yy.shape[ax];
  if (m === 0) return L.reduceSum(yy, [ax]);
  const avg = L.mul(L.add(sliceAxis(yy, ax, 1, m), sliceAxis(yy, ax, 0, m - 1)), 0.5);
  if (o.x === undefined || o.x === null) return L.mul(L.reduceSum(avg, [ax]), o.dx);
  let xx = L.convert(toFloat(o.x), yy.dtype === "float64" || toFloat(o.x).dtype === "float64" ? "float64" : yy.dtype);
  let dxs: NDArray;
  if (xx.ndim === 1) {
    if (xx.shape[0] !== m) throw new RangeError(`trapezoid: x of length ${xx.shape[0]} does not match y ${fmtShape(yy.shape)} along axis ${ax}`);
    dxs = L.broadcastInDim(L.sub(sliceAxis(xx, 0, 1, m), sliceAxis(xx, 0, 0, m - 1)), avg.shape, [ax]);
  } else {
    if (xx.ndim !== yy.ndim) throw new RangeError(`trapezoid: x of shape ${fmtShape(xx.shape)} must be 1-D or have y's rank (${fmtShape(yy.shape)})`);
    xx = L.broadcastTo(xx, yy.shape);
    dxs = L.sub(sliceAxis(xx, ax, 1, m), sliceAxis(xx, ax, 0, m - 1));
  }
  const [p, q] = promoteAndBroadcast("trapezoid", [avg, dxs]);
  return L.reduceSum(L.mul(p, q), [ax]);
}

export interface InterpOpts {
  /** Value for x < xp[0] (default fp[0]). */
  left?: number | null;
  /** Value for x > xp[-1] (default fp[-1]). */
  right?: number | null;
  /** Period of a periodic x-coordinate (then `left`/`right` are ignored, as NumPy). */
  period?: number | null;
}
/**
 * Piecewise-linear interpolation of the points (xp, fp) at x; xp must be increasing (or, with
 * `period`, is wrapped into one period and sorted). Differentiable in x, xp and fp.
 * @example np.interp([0, 1.5, 5], [1, 2, 3], [10, 20, 30]) // [10, 15, 30]
 */
export function interp(x: A, xp: A, fp: A, opts: InterpOpts = {}): NDArray {
  for (const k of ["left", "right", "period"] as const) {
    const v = opts[k];
    if (v !== undefined && v !== null && typeof v !== "number") throw new TypeError(`interp: ${k} must be a number, got ${show(v)}`);
  }
  const d0 = resultDType([toFloat(x), toFloat(xp), toFloat(fp)]);
  let X = L.convert(toFloat(x), d0), XP = L.convert(toFloat(xp), d0), FP = L.convert(toFloat(fp), d0);
  if (XP.ndim !== 1 || FP.ndim !== 1 || XP.shape[0] !== FP.shape[0]) throw new RangeError(`interp: xp and fp must be 1-D of the same length, got ${fmtShape(XP.shape)} and ${fmtShape(FP.shape)}`);
  if (XP.shape[0] === 0) throw new RangeError("interp: xp and fp must not be empty");
  let left: NDArray | number | null | undefined = opts.left, right: NDArray | number | null | undefined = opts.right;
  if (opts.period !== undefined && opts.period !== null) {
    const p = opts.period;
    if (p === 0) throw new RangeError("interp: period must be nonzero");
    X = mod(X, Math.abs(p)), XP = mod(XP, Math.abs(p));
    const order = argsort(XP);
    XP = take(XP, order), FP = take(FP, order);
    const n0 = XP.shape[0];
    XP = L.concatenate([L.sub(sliceAxis(XP, 0, n0 - 1, n0), Math.abs(p)), XP, L.add(sliceAxis(XP, 0, 0, 1), Math.abs(p))], 0);
    FP = L.concatenate([sliceAxis(FP, 0, n0 - 1, n0), FP, sliceAxis(FP, 0, 0, 1)], 0);
    left = right = null;
  }
  const n = XP.shape[0];
  const first = L.reshape(sliceAxis(FP, 0, 0, 1), []), last = L.reshape(sliceAxis(FP, 0, n - 1, n), []);
  const lv = L.broadcastTo(left === undefined || left === null ? first : L.full([], left, d0), X.shape);
  const rv = L.broadcastTo(right === undefined || right === null ? last : L.full([], right, d0), X.shape);
  const x0 = L.broadcastTo(L.reshape(sliceAxis(XP, 0, 0, 1), []), X.shape), xn = L.broadcastTo(L.reshape(sliceAxis(XP, 0, n - 1, n), []), X.shape);
  let inside: NDArray;
  if (n === 1) inside = L.broadcastTo(first, X.shape);
  else {
    // segment i with xp[i] ≤ x < xp[i+1], clamped to [0, n − 2]
    const k = searchsorted(XP, X, { side: "right" });
    const i = L.max(L.min(L.sub(k, 1), L.full(k.shape, n - 2, "int32")), L.zerosLike(k));
    const xa = take(XP, i), xb = take(XP, L.add(i, 1)), fa = take(FP, i), fb = take(FP, L.add(i, 1));
    const dx = L.sub(xb, xa);
    const safe = L.select(L.eq(dx, 0), L.fullLike(dx, 1), dx);
    const t = L.div(L.sub(X, xa), safe);
    inside = L.select(L.eq(X, xn), L.broadcastTo(last, X.shape), L.add(fa, L.mul(t, L.sub(fb, fa))));
  }
  return L.select(L.lt(X, x0), lv, L.select(L.gt(X, xn), rv, inside));
}

export interface UnwrapOpts {
  /** Jumps larger than this are unwrapped (default and minimum: period/2). */
  discont?: number | null;
  /** The axis (default −1). */
  axis?: number;
  /** The period (default 2π). */
  period?: number;
}
/**
 * Unwrap phase angles: jumps larger than `discont` along `axis` are replaced by their equivalent
 * modulo `period`, so the result changes continuously.
 * @example np.unwrap([0, 3, 6.5, 0.2]) // [0, 3, 0.2168…, 0.2]
 */
export function unwrap(p: A, opts: UnwrapOpts = {}): NDArray {
  const period = opts.period ?? 2 * Math.PI;
  if (typeof period !== "number") throw new TypeError(`unwrap: period must be a number, got ${show(period)}`);
  const discont = opts.discont ?? period / 2;
  if (typeof discont !== "number") throw new TypeError(`unwrap: discont must be a number, got ${show(discont)}`);
  const a = toFloat(p);
  if (a.ndim === 0) throw new RangeError("unwrap: p must have at least one dimension");
  const ax = normAxis(checkInt("unwrap", "axis", opts.axis ?? -1), a.ndim, "unwrap");
  const m = a.shape[ax];
  if (m < 2) return a;
  const dd = L.sub(sliceAxis(a, ax, 1, m), sliceAxis(a, ax, 0, m - 1));
  const high = period / 2;
  let ddmod = L.sub(mod(L.add(dd, high), period), high);
  // −period/2 maps to +period/2 where the jump was positive
  ddmod = L.select(L.and(L.eq(ddmod, -high), L.gt(dd, 0)), L.fullLike(ddmod, high), ddmod);
  let correct = L.sub(ddmod, dd);
  correct = L.select(L.lt(L.abs(dd), Math.max(discont, high)), L.zerosLike(correct), correct);
  const shifted = L.add(sliceAxis(a, ax, 1, m), L.cumsum(correct, ax));
  return L.concatenate([sliceAxis(a, ax, 0, 1), shifted], ax);
}

export interface CumulativeOpts {
  /** The axis (required for more than one dimension). */
  axis?: number | null;
  dtype?: DType;
  /** Start with the identity (0 for sums, 1 for products): one more element along the axis. */
  includeInitial?: boolean;
}
function cumulative(op: string, x: A, opts: CumulativeOpts, identity: number, f: (a: NDArray, ax: number) => NDArray): NDArray {
  let a = asArray(x);
  if (a.ndim === 0) throw new RangeError(`${op}: x must have at least one dimension (NumPy 2's cumulative functions reject 0-d input)`);
  if ((opts.axis === undefined || opts.axis === null) && a.ndim > 1) throw new TypeError(`${op}: axis is required for a ${a.ndim}-D input (shape ${fmtShape(a.shape)})`);
  const ax = normAxis(checkInt(op, "axis", opts.axis ?? 0), a.ndim, op);
  if (opts.includeInitial !== undefined && typeof opts.includeInitial !== "boolean") throw new TypeError(`${op}: includeInitial must be a boolean, got ${show(opts.includeInitial)}`);
  const dtype = opts.dtype === undefined ? (a.dtype === "bool" ? "int32" : a.dtype) : checkDType(opts.dtype, op);
  a = L.convert(a, dtype);
  let r = f(a, ax);
  if (opts.includeInitial) {
    const lo = a.shape.map(() => 0);
    lo[ax] = 1;
    r = L.pad(r, lo, a.shape.map(() => 0), identity);
  }
  return r;
}
/**
 * NumPy 2's cumulative sum along `axis` (needed for more than one dimension), optionally starting
 * with 0 (`includeInitial`). @example np.cumulativeSum([1, 2, 3], { includeInitial: true }) // [0, 1, 3, 6]
 */
export const cumulativeSum = (x: A, opts: CumulativeOpts = {}): NDArray => cumulative("cumulativeSum", x, opts, 0, (a, ax) => L.cumsum(a, ax));
/** NumPy 2's cumulative product. @example np.cumulativeProd([1, 2, 3], { includeInitial: true }) // [1, 1, 2, 6] */
export const cumulativeProd = (x: A, opts: CumulativeOpts = {}): NDArray => cumulative("cumulativeProd", x, opts, 1, (a, ax) => L.cumprod(a, ax));
