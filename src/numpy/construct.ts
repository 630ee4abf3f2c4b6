/** @file Building arrays from shapes and other arrays: diag, tri/tril/triu and their index helpers, vander, meshgrid, indices, ix_, fromfunction, geomspace, logspace. */
import { fmtShape } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { DType, checkDType, getDefaultFloat, isFloat, typedArrayCtor } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, DTypeOpt, array, asArray } from "./core.js";
import { nonzero } from "./indexing.js";
import { isPlainObject, show } from "./signature.js";

// ---- argument checks shared by this family ----

function int(v: unknown, op: string, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${op}: ${what} must be an integer, got ${show(v)}`);
  return v;
}
function count(v: unknown, op: string, what: string): number {
  if (int(v, op, what) < 0) throw new RangeError(`${op}: ${what} must be a non-negative integer, got ${v}`);
  return v as number;
}
function dtypeOf(o: DType | DTypeOpt | undefined, op: string, dflt: DType): DType {
  const d = typeof o === "string" ? o : o?.dtype;
  return d === undefined ? dflt : checkDType(d, op);
}
/** A concrete array from a function of the flat position. */
function build(shape: number[], d: DType, f: (i: number) => number): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new (typedArrayCtor(d))(n);
  for (let i = 0; i < n; i++) data[i] = f(i);
  return ConcreteArray.fromTyped(data, shape, d);
}
/** The boolean n×m mask j ≤ i + k (constant). */
const triMask = (n: number, m: number, k: number) => build([n, m], "bool", (p) => (p % m <= Math.floor(p / m) + k ? 1 : 0));
/** The boolean n×n identity (constant). */
const eyeMask = (n: number) => build([n, n], "bool", (p) => (p % n === Math.floor(p / n) ? 1 : 0));

// ---- diagonals and triangles ----

/**
 * A 1-D `v` → the square matrix with `v` on diagonal `k` (> 0 above the main one); a 2-D `v` → its
 * diagonal `k` (as `np.diagonal`). Differentiable in `v`.
 * @example np.diag([1, 2]) // [[1, 0], [0, 2]] ; np.diag([[1, 2], [3, 4]], 1) // [2]
 */
export function diag(v: ArrayLike, k = 0): NDArray {
  const a = asArray(v);
  int(k, "diag", "k");
  if (a.ndim === 2) {
    const [n, m] = a.shape;
    const len = Math.max(0, Math.min(n + Math.min(k, 0), m - Math.max(k, 0)));
    if (len === 0) return L.full([0], 0, a.dtype);
    // the diagonal as a strided slice of the flattened matrix: element i sits at (i − min(k,0))·m + i + max(k,0)
    const start = -Math.min(k, 0) * m + Math.max(k, 0);
    return L.slice(L.reshape(a, [n * m]), [start], [start + (len - 1) * (m + 1) + 1], [m + 1]);
  }
  if (a.ndim !== 1) throw new RangeError(`diag: expected a 1-D or 2-D array, got shape ${fmtShape(a.shape)}`);
  const n = a.shape[0], size = n + Math.abs(k);
  // v[:, None] where the identity is 1, else 0; then pad to put it on diagonal k
  const sq = L.select(eyeMask(n), L.broadcastTo(L.reshape(a, [n, 1]), [n, n]), L.full([n, n], 0, a.dtype));
  return L.pad(sq, [Math.max(-k, 0), Math.max(k, 0)], [size - n - Math.max(-k, 0), size - n - Math.max(k, 0)], 0);
}

/**
 * The flattened input on diagonal `k` of a square matrix.
 * @example np.diagflat([[1, 2]]) // [[1, 0], [0, 2]]
 */
export function diagflat(v: ArrayLike, k = 0): NDArray {
  const a = asArray(v);
  return diag(L.reshape(a, [a.size]), k);
}

/**
 * The n×m matrix with ones at and below diagonal `k`, zeros above (default float dtype); `k` and the
 * dtype may also be given in an options object, as `np.eye`.
 * @example np.tri(3, 2, -1) // [[0, 0], [1, 0], [1, 1]] ; np.tri(2, { dtype: "int32" })
 */
export function tri(n: number, m?: number | null | TriOpts, k?: number | TriOpts, opts: TriOpts = {}): NDArray {
  if (isPlainObject(m)) [m, k, opts] = [undefined, undefined, m as TriOpts];
  else if (isPlainObject(k)) [k, opts] = [undefined, k as TriOpts];
  if (k !== undefined && opts.k !== undefined) throw new TypeError("tri: k given twice (as an argument and as an option)");
  count(n, "tri", "n");
  const cols = m === undefined || m === null ? n : count(m, "tri", "m");
  const kk = int(k ?? opts.k ?? 0, "tri", "k");
  const d = dtypeOf(opts, "tri", getDefaultFloat());
  return build([n, cols], d, (p) => (p % cols <= Math.floor(p / cols) + kk ? 1 : 0));
}
interface TriOpts extends DTypeOpt {
  k?: number;
}

function triangle(op: string, x: ArrayLike, k: number, lower: boolean): NDArray {
  const a = asArray(x);
  int(k, op, "k");
  if (a.ndim < 2) throw new RangeError(`${op}: expected an array of at least 2 dimensions, got shape ${fmtShape(a.shape)}`);
  const [n, m] = a.shape.slice(-2);
  // lower: keep j ≤ i + k; upper: keep j ≥ i + k, i.e. drop j ≤ i + k − 1
  const mask = lower ? triMask(n, m, k) : L.not(triMask(n, m, k - 1));
  return L.select(L.broadcastTo(mask, a.shape), a, L.full(a.shape, 0, a.dtype));
}
/**
 * The lower triangle (at and below diagonal `k`) of the last two axes; the rest is zero. Differentiable.
 * @example np.tril([[1, 2], [3, 4]]) // [[1, 0], [3, 4]]
 */
export const tril = (x: ArrayLike, k = 0): NDArray => triangle("tril", x, k, true);
/**
 * The upper triangle (at and above diagonal `k`) of the last two axes; the rest is zero. Differentiable.
 * @example np.triu([[1, 2], [3, 4]]) // [[1, 2], [0, 4]]
 */
export const triu = (x: ArrayLike, k = 0): NDArray => triangle("triu", x, k, false);

function triIndices(op: string, n: number, k: number, m: number | undefined, lower: boolean): [NDArray, NDArray] {
  count(n, op, "n");
  int(k, op, "k");
  const cols = m === undefined || m === null ? n : count(m, op, "m");
  const rows: number[] = [], cs: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) if (lower ? j <= i + k : j >= i + k) rows.push(i), cs.push(j);
  return [build([rows.length], "int32", (p) => rows[p]), build([cs.length], "int32", (p) => cs[p])];
}
/**
 * Row and column indices (int32, row-major order) of the lower triangle of an n×m matrix.
 * @example np.trilIndices(2) // [[0, 1, 1], [0, 0, 1]]
 */
export const trilIndices = (n: number, k = 0, m?: number): [NDArray, NDArray] => triIndices("trilIndices", n, k, m, true);
/**
 * Row and column indices (int32, row-major order) of the upper triangle of an n×m matrix.
 * @example np.triuIndices(2) // [[0, 0, 1], [0, 1, 1]]
 */
export const triuIndices = (n: number, k = 0, m?: number): [NDArray, NDArray] => triIndices("triuIndices", n, k, m, false);

/** The last two dimensions of a 2-D array, for the `*IndicesFrom` functions. */
function matrixShape(op: string, x: ArrayLike): [number, number] {
  const a = asArray(x);
  if (a.ndim !== 2) throw new RangeError(`${op}: expected a 2-D array, got shape ${fmtShape(a.shape)}`);
  return [a.shape[0], a.shape[1]];
}
/**
 * `trilIndices` for the shape of a 2-D array (NumPy's `tril_indices_from`).
 * @example np.trilIndicesFrom(np.zeros([2, 3])) // [[0, 1, 1], [0, 0, 1]]
 */
export function trilIndicesFrom(x: ArrayLike, k = 0): [NDArray, NDArray] {
  const [n, m] = matrixShape("trilIndicesFrom", x);
  return triIndices("trilIndicesFrom", n, k, m, true);
}
/**
 * `triuIndices` for the shape of a 2-D array (NumPy's `triu_indices_from`).
 * @example np.triuIndicesFrom(np.zeros([2, 3]), 1) // [[0, 0, 1], [1, 2, 2]]
 */
export function triuIndicesFrom(x: ArrayLike, k = 0): [NDArray, NDArray] {
  const [n, m] = matrixShape("triuIndicesFrom", x);
  return triIndices("triuIndicesFrom", n, k, m, false);
}
/**
 * The indices (row, column) where `maskFunc(ones([n, n]), k)` is nonzero, as NumPy's `mask_indices`:
 * `np.maskIndices(3, np.triu)` are the upper-triangle indices. Not traceable (the count depends on values).
 * @example np.maskIndices(2, np.tril) // [[0, 1, 1], [0, 0, 1]]
 */
export function maskIndices(n: number, maskFunc: (m: NDArray, k: number) => ArrayLike, k = 0): NDArray[] {
  count(n, "maskIndices", "n");
  if (typeof maskFunc !== "function") throw new TypeError(`maskIndices: maskFunc must be a function (m, k) => array such as np.triu, got ${show(maskFunc)}`);
  const m = asArray(maskFunc(L.full([n, n], 1, "int32"), k));
  if (m.ndim !== 2 || m.shape[0] !== n || m.shape[1] !== n) {
    throw new RangeError(`maskIndices: maskFunc must return an array of shape [${n}, ${n}], got shape ${fmtShape(m.shape)}`);
  }
  return nonzero(L.ne(m, L.full(m.shape, 0, m.dtype)));
}

/**
 * The indices of the main diagonal of an n×…×n array: `ndim` copies of `arange(n)` (int32).
 * @example const [i, j] = np.diagIndices(3); x.at(i, j).set(0) // zero the diagonal
 */
export function diagIndices(n: number, ndim = 2): NDArray[] {
  count(n, "diagIndices", "n");
  count(ndim, "diagIndices", "ndim");
  return Array.from({ length: ndim }, () => build([n], "int32", (p) => p));
}
/**
 * `diagIndices` for an array whose dimensions (≥ 2 of them) are all equal.
 * @example np.diagIndicesFrom(np.zeros([2, 2])) // [[0, 1], [0, 1]]
 */
export function diagIndicesFrom(x: ArrayLike): NDArray[] {
  const a = asArray(x);
  if (a.ndim < 2) throw new RangeError(`diagIndicesFrom: expected an array of at least 2 dimensions, got shape ${fmtShape(a.shape)}`);
  if (a.shape.some((d) => d !== a.shape[0])) throw new RangeError(`diagIndicesFrom: all dimensions must be equal, got shape ${fmtShape(a.shape)}`);
  return diagIndices(a.shape[0], a.ndim);
}

/**
 * The Vandermonde matrix of a 1-D `x`: columns x^(n−1), …, x, 1 (or x^0 … x^(n−1) with `increasing`);
 * `n` defaults to the length of `x`. Built by repeated products, so differentiable everywhere (also at 0).
 * @example np.vander([1, 2, 3], 3) // [[1, 1, 1], [4, 2, 1], [9, 3, 1]]
 */
export function vander(x: ArrayLike, n?: number | null | { n?: number | null; increasing?: boolean }, opts: { increasing?: boolean } = {}): NDArray {
  let o: { n?: number | null; increasing?: boolean } = opts;
  if (isPlainObject(n)) o = n as typeof o;
  else o = { ...opts, n: n as number | null | undefined };
  const a = asArray(x);
  if (a.ndim !== 1) throw new RangeError(`vander: x must be 1-D, got shape ${fmtShape(a.shape)}`);
  const cols = o.n === undefined || o.n === null ? a.shape[0] : count(o.n, "vander", "n");
  const len = a.shape[0];
  const col = L.reshape(a, [len, 1]);
  const powers: NDArray[] = [];
  for (let p = 0; p < cols; p++) powers.push(p === 0 ? L.full([len, 1], 1, a.dtype) : p === 1 ? col : L.mul(powers[p - 1], col));
  if (!o.increasing) powers.reverse();
  return cols === 0 ? L.full([len, 0], 0, a.dtype) : L.concatenate(powers, 1);
}

// ---- grids ----

export interface MeshgridOpts {
  /** "xy" (default): the first two output axes are swapped (Cartesian); "ij": matrix indexing. */
  indexing?: "xy" | "ij";
  /** Return arrays with size-1 axes that broadcast against each other instead of full grids. */
  sparse?: boolean;
}
/**
 * Coordinate grids from 1-D coordinate vectors (an options object may come last). Each output keeps its input's dtype.
 * @example const [X, Y] = np.meshgrid([1, 2, 3], [4, 5]); X.shape // [2, 3]
 */
export function meshgrid(...args: (ArrayLike | MeshgridOpts)[]): NDArray[] {
  const last = args[args.length - 1];
  const opts: MeshgridOpts = isPlainObject(last) ? (args.pop() as MeshgridOpts) : {};
  const indexing = opts.indexing ?? "xy";
  if (indexing !== "xy" && indexing !== "ij") throw new TypeError(`meshgrid: indexing must be "xy" or "ij", got ${show(indexing)}`);
  const xs = args.map((v, i) => {
    if (isPlainObject(v)) throw new TypeError(`meshgrid: the options object must come last, got one at position ${i}`);
    const a = asArray(v as ArrayLike);
    return L.reshape(a, [a.size]);
  });
  const n = xs.length;
  const axisOf = (i: number) => (indexing === "xy" && n >= 2 && i < 2 ? 1 - i : i);
  const shape: number[] = new Array(n);
  xs.forEach((x, i) => (shape[axisOf(i)] = x.shape[0]));
  return xs.map((x, i) => {
    const s = shape.map((d, ax) => (ax === axisOf(i) ? d : 1));
    const r = L.reshape(x, s);
    return opts.sparse ? r : L.broadcastTo(r, shape);
  });
}

/**
 * The index grid of a shape: an int32 array [ndim, ...shape] with `g[k][i…] = i_k`, or with `sparse`
 * a list of arrays with size-1 axes except their own. `opts` may be a dtype.
 * @example np.indices([2, 3]).shape // [2, 2, 3]
 */
export function indices(dimensions: number[], opts: DTypeOpt & { sparse: true }): NDArray[];
export function indices(dimensions: number[], opts?: DType | (DTypeOpt & { sparse?: false })): NDArray;
export function indices(dimensions: number[], opts: DType | (DTypeOpt & { sparse?: boolean }) = {}): NDArray | NDArray[] {
  if (!Array.isArray(dimensions)) throw new TypeError(`indices: dimensions must be a list of non-negative integers, got ${show(dimensions)}`);
  dimensions.forEach((d, i) => count(d, "indices", `dimensions[${i}]`));
  const o = typeof opts === "string" ? { dtype: opts } : opts;
  const d = dtypeOf(o, "indices", "int32");
  const n = dimensions.length;
  const parts = dimensions.map((len, k) => build(dimensions.map((s, j) => (j === k ? s : 1)), d, (p) => p));
  if (o.sparse) return parts;
  if (n === 0) return L.full([0], 0, d);
  return L.concatenate(parts.map((p) => L.reshape(L.broadcastTo(p, dimensions), [1, ...dimensions])), 0);
}

/**
 * Open mesh from 1-D sequences: the k-th result has the k-th length on axis k and size 1 elsewhere,
 * for indexing the cross product (`x.get(...np.ix_([0, 1], [2, 0]))`). A boolean sequence becomes
 * the indices of its true entries (concrete arrays only).
 * @example np.ix_([0, 1], [2, 4]).map((a) => a.shape) // [[2, 1], [1, 2]]
 */
export function ix_(...seqs: ArrayLike[]): NDArray[] {
  const n = seqs.length;
  return seqs.map((s, k) => {
    // JS lists of numbers are indices (int32), not the default float
    const jsInts = Array.isArray(s) && (s as unknown[]).every((v) => typeof v === "number");
    let a = jsInts ? array(s as number[], { dtype: "int32" }) : asArray(s);
    if (a.ndim !== 1) throw new RangeError(`ix_: each sequence must be 1-D, argument ${k} has shape ${fmtShape(a.shape)}`);
    if (a.dtype === "bool") a = nonzero(a)[0];
    else if (isFloat(a.dtype)) throw new TypeError(`ix_: arguments must be integer or bool arrays, argument ${k} is ${a.dtype}`);
    return L.reshape(a, Array.from({ length: n }, (_, j) => (j === k ? a.shape[0] : 1)));
  });
}

/**
 * `f` called with one coordinate array per axis of `shape` (dtype default float, as NumPy), as
 * `f(...np.indices(shape, dtype, sparse?))`; the result is what `f` returns.
 * @example np.fromfunction((i, j) => i.add(j), [2, 2]) // [[0, 1], [1, 2]]
 */
export function fromfunction<R>(f: (...idx: NDArray[]) => R, shape: number[], opts: DType | DTypeOpt = {}): R {
  if (typeof f !== "function") throw new TypeError(`fromfunction: f must be a function, got ${show(f)}`);
  const d = dtypeOf(opts, "fromfunction", getDefaultFloat());
  const grid = indices(shape, { dtype: d, sparse: true }).map((g) => L.broadcastTo(g, shape));
  return f(...grid);
}

// ---- geometric and logarithmic ranges ----

interface RangeOpts extends DTypeOpt {
  endpoint?: boolean;
}
function rangeArgs(op: string, start: unknown, stop: unknown, num: unknown, opts: RangeOpts): [number, number, number, RangeOpts] {
  if (isPlainObject(num)) [num, opts] = [50, num as RangeOpts];
  if (typeof start !== "number") throw new TypeError(`${op}: start must be a number, got ${show(start)}`);
  if (typeof stop !== "number") throw new TypeError(`${op}: stop must be a number, got ${show(stop)}`);
  return [start, stop, count(num ?? 50, op, "num"), opts];
}
function ramp(num: number, endpoint: boolean): (i: number) => number {
  const div = endpoint ? num - 1 : num;
  return (i) => (div > 0 ? i / div : 0);
}

/**
 * `num` numbers spaced evenly on a log scale from `start` to `stop` (both included unless `endpoint: false`);
 * both must be non-zero with the same sign. NB: start and stop are JS numbers (JAX also takes arrays).
 * @example np.geomspace(1, 1000, 4) // [1, 10, 100, 1000]
 */
export function geomspace(start: number, stop: number, num: number | RangeOpts = 50, opts: RangeOpts = {}): NDArray {
  const [a, b, n, o] = rangeArgs("geomspace", start, stop, num, opts);
  if (a === 0 || b === 0) throw new RangeError(`geomspace: start and stop must be non-zero, got ${a} and ${b}`);
  if (a < 0 !== b < 0) throw new RangeError(`geomspace: start and stop must have the same sign, got ${a} and ${b}`);
  const endpoint = o.endpoint ?? true, sign = a < 0 ? -1 : 1;
  const la = Math.log10(Math.abs(a)), lb = Math.log10(Math.abs(b)), t = ramp(n, endpoint);
  const d = dtypeOf(o, "geomspace", getDefaultFloat());
  return build([n], d, (i) => (i === 0 ? a : endpoint && i === n - 1 ? b : sign * 10 ** (la + (lb - la) * t(i))));
}

/**
 * `num` numbers base^t for t evenly spaced from `start` to `stop` (default base 10).
 * @example np.logspace(0, 3, 4) // [1, 10, 100, 1000] ; np.logspace(0, 2, 3, { base: 2 }) // [1, 2, 4]
 */
export function logspace(start: number, stop: number, num: number | (RangeOpts & { base?: number }) = 50, opts: RangeOpts & { base?: number } = {}): NDArray {
  const [a, b, n, o] = rangeArgs("logspace", start, stop, num, opts);
  const base = (o as { base?: number }).base ?? 10;
  if (typeof base !== "number") throw new TypeError(`logspace: base must be a number, got ${show(base)}`);
  const t = ramp(n, o.endpoint ?? true);
  const d = dtypeOf(o, "logspace", getDefaultFloat());
  return build([n], d, (i) => base ** (a + (b - a) * t(i)));
}
