/**
 * @file Numeric differentiation: forward and central differences with a given step, Richardson
 * extrapolation of central differences, and pytree-aware `grad` / `jacobian` evaluated in float64.
 */
import { prod } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { DType, castScalar, isFloat, typedArrayCtor } from "../core/dtype.js";
import { TreeDef, flatten, unflatten } from "../core/pytree.js";
import { Tree, checkArgnums, flattenArrays, leafToArray, normArgnums, withArgs } from "../transforms/flatten_fun.js";

/** Default base step: relative to max(1, |x|). */
export const DEFAULT_EPS = 1e-3;
/** Default number of Richardson levels (steps h, h/2, h/4): about 1e-12 relative accuracy for smooth f. */
export const DEFAULT_LEVELS = 3;

export interface DerivativeOptions {
  /** The base step h (scaled by max(1, |x|)); default 1e-3. */
  eps?: number;
  /** Central differences at h, h/2, …, h/2^(levels-1), extrapolated; 1 = plain central difference. Default 3. */
  levels?: number;
}

export interface NumericGradOptions extends DerivativeOptions {
  /** Which positional argument(s) to differentiate with respect to (default 0). */
  argnums?: number | number[];
}

/**
 * The forward difference (f(x+h) − f(x)) / h, whose error is O(h).
 * @example numeric.forwardDifference(Math.exp, 0, 1e-4) // ≈ 1.00005
 */
export function forwardDifference(f: (x: number) => number, x: number, h: number): number {
  return (f(x + h) - f(x)) / h;
}

/**
 * The central difference (f(x+h) − f(x−h)) / 2h, whose truncation error is O(h²).
 * @example numeric.centralDifference(Math.sin, 0, 1e-3) // ≈ 1 − 1.7e-7
 */
export function centralDifference(f: (x: number) => number, x: number, h: number): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

function checkOpts(op: string, eps: number, levels: number): void {
  if (!(eps > 0) || !Number.isFinite(eps)) throw new RangeError(`${op}: eps must be a positive finite number, got ${eps}`);
  if (!Number.isInteger(levels) || levels < 1) throw new RangeError(`${op}: levels must be a positive integer, got ${levels}`);
}

/**
 * Richardson extrapolation of central differences, elementwise over vectors.
 * `diff(h)` returns the central-difference vector at step h. With D(h) = f' + c₂h² + c₄h⁴ + …,
 * T[i][0] = D(h/2^i) and T[i][j] = T[i][j-1] + (T[i][j-1] − T[i-1][j-1]) / (4^j − 1) cancels the h^(2j) term.
 * @example numeric.richardson((h) => Float64Array.of(numeric.centralDifference(Math.exp, 0, h)), 0.1, 4) // ≈ [1]
 */
export function richardson(diff: (h: number) => Float64Array, h: number, levels: number): Float64Array {
  checkOpts("numeric.richardson", h, levels);
  let prev: Float64Array[] = [];
  for (let i = 0; i < levels; i++) {
    const row = [diff(h / 2 ** i)];
    for (let j = 1; j <= i; j++) {
      const a = row[j - 1];
      const b = prev[j - 1];
      const k = 4 ** j - 1;
      row.push(a.map((v, n) => v + (v - b[n]) / k));
    }
    prev = row;
  }
  return prev[levels - 1];
}

/**
 * The derivative of a scalar JS function by Richardson-extrapolated central differences (error O(h^(2·levels))),
 * with base step h = eps·max(1, |x|).
 * @example numeric.derivative(Math.sin, 1) // ≈ Math.cos(1) to ~1e-13
 */
export function derivative(f: (x: number) => number, x: number, opts: DerivativeOptions = {}): number {
  const { eps = DEFAULT_EPS, levels = DEFAULT_LEVELS } = opts;
  checkOpts("numeric.derivative", eps, levels);
  const h = eps * Math.max(1, Math.abs(x));
  return richardson((s) => Float64Array.of(centralDifference(f, x, s)), h, levels)[0];
}

// ---- arrays and pytrees ----

/** A float64 concrete copy of an array's values. */
export function toFloat64Values(x: NDArray): Float64Array {
  return Float64Array.from(x.data() as ArrayLike<number>);
}

/** The values of several arrays, concatenated in float64. */
export function concatValues(xs: NDArray[]): Float64Array {
  const parts = xs.map(toFloat64Values);
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** A concrete array holding `values` in dtype `dtype`. */
export function fromValues(values: ArrayLike<number>, shape: number[], dtype: DType): NDArray {
  const data = new (typedArrayCtor(dtype))(values.length);
  for (let i = 0; i < values.length; i++) data[i] = castScalar(values[i], dtype);
  return ConcreteArray.fromTyped(data, shape, dtype);
}

/** Float arrays become float64 copies; other leaves are kept (so f is evaluated in float64). */
function promoteLeaf(l: unknown): unknown {
  return l instanceof NDArray && isFloat(l.dtype) && l.dtype !== "float64" ? fromValues(toFloat64Values(l), l.shape, "float64") : l;
}

/** f evaluated at perturbed values of its differentiated leaves, with every output concatenated in float64. */
interface Probe {
  /** Differentiated leaves: values (float64), shapes and original dtypes. */
  values: Float64Array[];
  shapes: number[][];
  dtypes: DType[];
  inDef: TreeDef;
  evalAt(values: Float64Array[]): Float64Array;
  /** Output structure and leaf shapes (known after the first evaluation). */
  out(): { def: TreeDef; shapes: number[][] };
}

function probe(f: (...args: any[]) => Tree, argnums: number | number[], args: Tree[], op: string): Probe {
  const nums = normArgnums(argnums, op);
  checkArgnums(nums, args.length, op);
  const [xs, inDef] = flattenArrays(nums.map((i) => args[i]), op);
  xs.forEach((x, i) => {
    if (!isFloat(x.dtype)) throw new TypeError(`${op}: differentiating with respect to an input of dtype ${x.dtype} (leaf ${i}); float inputs are required`);
  });
  const base = args.map((a) => flatten(a)).map(([leaves, def]) => unflatten(def, leaves.map(promoteLeaf)));
  let outInfo: { def: TreeDef; shapes: number[][] } | null = null;
  const evalAt = (values: Float64Array[]): Float64Array => {
    const perturbed = unflatten(inDef, values.map((v, i) => ConcreteArray.fromTyped(v, xs[i].shape, "float64"))) as Tree[];
    const [outs, def] = flatten(withArgs(f, base, nums)(...perturbed));
    const arrays = outs.map((o) => leafToArray(o, op));
    outInfo = { def, shapes: arrays.map((a) => a.shape) };
    return concatValues(arrays);
  };
  return {
    values: xs.map(toFloat64Values),
    shapes: xs.map((x) => x.shape),
    dtypes: xs.map((x) => x.dtype),
    inDef,
    evalAt,
    out: () => outInfo!,
  };
}

/** The central-difference vector (g(s) − g(−s)) / 2s of a vector-valued g. */
export function centralVec(g: (s: number) => Float64Array, s: number): Float64Array {
  const hi = g(s);
  const lo = g(-s);
  return hi.map((v, n) => (v - lo[n]) / (2 * s));
}

/** The Jacobian as rows (one per output element) of columns (one per input element, all leaves). */
function jacobianMatrix(p: Probe, eps: number, levels: number): Float64Array[] {
  const columns: Float64Array[] = [];
  p.values.forEach((vals, i) => {
    for (let k = 0; k < vals.length; k++) {
      // perturb element k of leaf i by s
      const at = (s: number) => p.evalAt(p.values.map((v, j) => (j === i ? v.map((x, n) => (n === k ? x + s : x)) : v)));
      const h = eps * Math.max(1, Math.abs(vals[k]));
      columns.push(richardson((s) => centralVec(at, s), h, levels));
    }
  });
  const m = columns.length ? columns[0].length : p.evalAt(p.values).length;
  return Array.from({ length: m }, (_, r) => Float64Array.from(columns, (c) => c[r]));
}

/** Arrange a Jacobian matrix as blocks `outShape ++ inShape`, nested input structure inside output structure. */
function packJacobian(p: Probe, rows: Float64Array[], argnums: number | number[]): Tree {
  const { def: outDef, shapes: outShapes } = p.out();
  let rowOff = 0;
  const perOut = outShapes.map((os) => {
    const m = prod(os);
    let colOff = 0;
    const blocks = p.shapes.map((is, i) => {
      const n = prod(is);
      const vals = new Float64Array(m * n);
      for (let a = 0; a < m; a++) for (let b = 0; b < n; b++) vals[a * n + b] = rows[rowOff + a][colOff + b];
      colOff += n;
      return fromValues(vals, [...os, ...is], p.dtypes[i]);
    });
    rowOff += m;
    const t = unflatten(p.inDef, blocks) as Tree[];
    return typeof argnums === "number" ? t[0] : t;
  });
  return unflatten(outDef, perOut);
}

/**
 * Numeric Jacobian by Richardson-extrapolated central differences, evaluated in float64: for array
 * in/out a block of shape `output shape ++ input shape` in the input's dtype; pytrees nest the input
 * structure inside the output structure (as jacfwd).
 * @example numeric.jacobian((x) => np.multiply(x, x))(np.array([1, 2])) // [[2, 0], [0, 4]]
 */
export function jacobian(f: (...args: any[]) => Tree, opts: NumericGradOptions = {}): (...args: Tree[]) => Tree {
  const { argnums = 0, eps = DEFAULT_EPS, levels = DEFAULT_LEVELS } = opts;
  checkOpts("numeric.jacobian", eps, levels);
  return (...args: Tree[]) => {
    const p = probe(f, argnums, args, "numeric.jacobian");
    return packJacobian(p, jacobianMatrix(p, eps, levels), argnums);
  };
}

/**
 * Numeric gradient of a scalar function by Richardson-extrapolated central differences, evaluated in
 * float64; returns gradients with each input's shape and dtype (pytrees and `argnums` as `grad`).
 * @example numeric.grad((x) => np.sum(np.sin(x)))(np.array([0, 1])) // ≈ [1, 0.5403]
 */
export function grad(f: (...args: any[]) => Tree, opts: NumericGradOptions = {}): (...args: Tree[]) => Tree {
  const { argnums = 0, eps = DEFAULT_EPS, levels = DEFAULT_LEVELS } = opts;
  checkOpts("numeric.grad", eps, levels);
  return (...args: Tree[]) => {
    const p = probe(f, argnums, args, "numeric.grad");
    const rows = jacobianMatrix(p, eps, levels);
    const { def, shapes } = p.out();
    if (def.numLeaves !== 1 || shapes[0].length !== 0) {
      throw new TypeError(`numeric.grad: f must return a scalar (shape []), got the structure ${def} with shapes ${shapes.map((s) => `[${s}]`).join(", ")}; use numeric.jacobian`);
    }
    return unflatten(def, [packJacobian(p, rows, argnums)]) as Tree;
  };
}
