/**
 * @file `LinearOperator`: a linear map known only through programs — `mv` (v ↦ Av) and `rmv`
 * (u ↦ Aᵀu) — as a plain immutable value, with the algebra built from those two functions.
 */
import { NDArray } from "../core/array.js";
import { type DType, promoteTypes } from "../core/dtype.js";
import * as np from "../numpy/index.js";
import { show } from "../numpy/signature.js";
import { linearTranspose, vmap } from "../public/transforms.js";

/** A vector-in, vector-out linear function on flat 1-D arrays. */
export type MatVec = (v: NDArray) => NDArray;

/** How `toDense` builds the matrix: `n` JVPs (columns) or `m` VJPs (rows). */
export interface DenseCost {
  /** "columns" (one `mv` per column, the JVP side) or "rows" (one `rmv` per row, the VJP side). */
  by: "columns" | "rows";
  /** The number of `mv` or `rmv` passes: n for columns, m for rows. */
  passes: number;
}

/**
 * A linear map ℝⁿ → ℝᵐ given by programs. Immutable: every operation returns a new operator.
 * `mv`/`rmv` act on flat 1-D vectors (an operator built from a pytree function ravels its input and
 * output with `flattenUtil.ravelPytree`).
 */
export interface LinearOperator {
  readonly kind: "LinearOperator";
  /** [m, n]: `mv` maps length-n vectors to length-m vectors. */
  readonly shape: readonly [number, number];
  /** The dtype of the vectors `mv` returns. */
  readonly dtype: DType;
  /** True when Aᵀ = A is known (then `rmv` is `mv`; Hessians, Gram matrices, symmetric dense input). */
  readonly symmetric: boolean;
  /** A v (for a Jacobian: the JVP); v is converted to the operator's dtype. */
  mv(v: NDArray | number[]): NDArray;
  /** Aᵀ u (for a Jacobian: the VJP). */
  rmv(u: NDArray | number[]): NDArray;
  /** A V for V of shape [n, k]: `mv` mapped over the columns with `vmap`. */
  matmat(V: NDArray | number[][]): NDArray;
  /** Aᵀ U for U of shape [m, k]: `rmv` mapped over the columns with `vmap`. */
  rmatmat(U: NDArray | number[][]): NDArray;
  /** Column j of A, as `mv(e_j)` (one JVP). */
  column(j: number): NDArray;
  /** Row i of A, as `rmv(e_i)` (one VJP). */
  row(i: number): NDArray;
  /** The dense [m, n] matrix, by columns when n ≤ m, else by rows (see `denseCost`); `{ by }` forces one. */
  toDense(opts?: { by?: "columns" | "rows" }): NDArray;
  /** What `toDense()` will do: by columns (n `mv` passes) if n ≤ m, else by rows (m `rmv` passes). */
  readonly denseCost: DenseCost;
  /** The transpose (adjoint): shape [n, m], `mv` and `rmv` swapped. */
  readonly T: LinearOperator;
  /** The composition A·B (B: an operator or a dense matrix): `mv(v) = A.mv(B.mv(v))`. */
  matmul(B: LinearOperator | NDArray): LinearOperator;
  /** A + B (same shape). */
  add(B: LinearOperator | NDArray): LinearOperator;
  /** A − B (same shape). */
  sub(B: LinearOperator | NDArray): LinearOperator;
  /** s·A for a scalar s (a number or a 0-d array). */
  scale(s: number | NDArray): LinearOperator;
  /** −A. */
  neg(): LinearOperator;
}

/**
 * The shared prototype of operators: not Object.prototype, so an operator is never mistaken for an
 * options object by the argument checks; it only prints the operator.
 */
const PROTO = Object.freeze(
  Object.create(null, {
    toString: { value(this: LinearOperator) { return `LinearOperator(${this.shape[0]}×${this.shape[1]}, ${this.dtype}${this.symmetric ? ", symmetric" : ""})`; } },
    [Symbol.toStringTag]: { value: "LinearOperator" },
  }),
);

export const isOperator = (x: unknown): x is LinearOperator =>
  typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "LinearOperator";

const fmt = (s: readonly number[]) => `[${s.join(",")}]`;

/** `v` as a 1-D array of length `len`, converted to `dtype`, or a clear error naming `where`. */
export function asVector(where: string, v: unknown, len: number, dtype: DType, what = "vector"): NDArray {
  const a = v instanceof NDArray ? v : Array.isArray(v) || typeof v === "number" ? np.asArray(v as number[], dtype) : null;
  if (a === null) throw new TypeError(`${where}: expected a ${what} of shape [${len}], got ${show(v)}`);
  if (a.ndim !== 1 || a.shape[0] !== len) throw new RangeError(`${where}: expected a ${what} of shape [${len}], got shape ${fmt(a.shape)}`);
  // the operator's functions see vectors of its dtype (an integer or other-float vector is converted)
  return a.dtype === dtype ? a : a.astype(dtype);
}

function checkIndex(where: string, i: unknown, len: number): number {
  if (typeof i !== "number" || !Number.isInteger(i) || i < -len || i >= len) {
    throw new RangeError(`${where}: expected an integer index in [${-len}, ${len}), got ${show(i)}`);
  }
  return i < 0 ? i + len : i;
}

/** The internal description an operator is made from (mv/rmv take already-checked vectors). */
export interface OperatorSpec {
  shape: readonly [number, number];
  dtype: DType;
  mv: MatVec;
  /** Omitted: derived once, on first use, by `linearTranspose` of `mv` (mv must then be linear and traceable). */
  rmv?: MatVec;
  symmetric?: boolean;
  /** The dense matrix, when known (asLinearOperator): toDense returns it. */
  dense?: NDArray;
}

/** Build the operator value from its spec: checks on every call, the algebra as closures over mv/rmv. */
export function makeOperator(spec: OperatorSpec): LinearOperator {
  const [m, n] = spec.shape;
  const dtype = spec.dtype;
  const symmetric = spec.symmetric ?? false;
  if (symmetric && m !== n) throw new RangeError(`LinearOperator: a symmetric operator must be square, got shape ${fmt(spec.shape)}`);
  const rawMv = spec.mv;
  let rawRmv: MatVec | undefined = symmetric ? spec.rmv ?? rawMv : spec.rmv;
  // the transpose of mv, traced once (linearTranspose stages mv to a jaxpr and transposes it on each call)
  const getRmv = (): MatVec => {
    if (rawRmv) return rawRmv;
    const t = linearTranspose((v: NDArray) => rawMv(v), np.zeros([n], dtype));
    rawRmv = (u: NDArray) => (t(u) as NDArray[])[0];
    return rawRmv;
  };
  const outCheck = (where: string, y: unknown, len: number): NDArray => {
    if (!(y instanceof NDArray) || y.ndim !== 1 || y.shape[0] !== len) {
      throw new RangeError(`${where}: the operator's function returned ${y instanceof NDArray ? `shape ${fmt(y.shape)}` : show(y)}, expected a vector of shape [${len}]`);
    }
    return y.dtype === dtype ? y : y.astype(dtype);
  };
  const mv = (v: NDArray | number[]): NDArray => outCheck("LinearOperator.mv", rawMv(asVector(`LinearOperator.mv (operator ${m}×${n})`, v, n, dtype)), m);
  const rmv = (u: NDArray | number[]): NDArray => outCheck("LinearOperator.rmv", getRmv()(asVector(`LinearOperator.rmv (operator ${m}×${n})`, u, m, dtype)), n);
  const asMatrix = (where: string, V: unknown, rows: number): NDArray => {
    const a = V instanceof NDArray ? V : Array.isArray(V) ? np.asArray(V as number[][], dtype) : null;
    if (a === null || a.ndim !== 2 || a.shape[0] !== rows) {
      throw new RangeError(`${where}: expected a matrix of shape [${rows}, k], got ${a === null ? show(V) : `shape ${fmt(a.shape)}`}`);
    }
    return a;
  };
  const mapCols = (f: MatVec) => vmap(f, { inAxes: 1, outAxes: 1 }) as (V: NDArray) => NDArray;
  const transposeOf = (): LinearOperator =>
    makeOperator({ shape: [n, m], dtype, mv: getRmv(), rmv: rawMv, symmetric, dense: spec.dense ? np.transpose(spec.dense) : undefined });
  const denseCost: DenseCost = n <= m ? { by: "columns", passes: n } : { by: "rows", passes: m };
  const self = Object.create(PROTO) as LinearOperator;
  const body: Omit<LinearOperator, "T"> = {
    kind: "LinearOperator",
    shape: Object.freeze([m, n]) as readonly [number, number],
    dtype,
    symmetric,
    mv,
    rmv,
    matmat: (V) => mapCols(mv)(asMatrix(`LinearOperator.matmat (operator ${m}×${n})`, V, n)),
    rmatmat: (U) => mapCols(rmv)(asMatrix(`LinearOperator.rmatmat (operator ${m}×${n})`, U, m)),
    column: (j) => mv(np.eye(n, { dtype }).get(checkIndex(`LinearOperator.column (operator ${m}×${n})`, j, n))),
    row: (i) => rmv(np.eye(m, { dtype }).get(checkIndex(`LinearOperator.row (operator ${m}×${n})`, i, m))),
    toDense(opts = {}) {
      const by = opts.by ?? denseCost.by;
      if (by !== "columns" && by !== "rows") throw new TypeError(`LinearOperator.toDense: by must be "columns" or "rows", got ${show(by)}`);
      if (spec.dense) return spec.dense;
      if (by === "columns") return mapCols(mv)(np.eye(n, { dtype }));
      return np.transpose(mapCols(rmv)(np.eye(m, { dtype })));
    },
    denseCost,
    matmul: (B) => compose(self, toOp("LinearOperator.matmul", B)),
    add: (B) => combine("LinearOperator.add", self, toOp("LinearOperator.add", B), 1),
    sub: (B) => combine("LinearOperator.sub", self, toOp("LinearOperator.sub", B), -1),
    scale: (s) => scaled(self, s),
    neg: () => scaled(self, -1),
  };
  Object.assign(self, body);
  // NB: `T` is a getter: a fresh transpose on each read (cheap: it swaps two closures)
  Object.defineProperty(self, "T", { get: () => transposeOf(), enumerable: true });
  return Object.freeze(self);
}

function toOp(where: string, B: unknown): LinearOperator {
  if (isOperator(B)) return B;
  if (B instanceof NDArray && B.ndim === 2) return fromDense(B);
  throw new TypeError(`${where}: expected a LinearOperator or a 2-D array, got ${show(B)}`);
}

/** An operator from a dense [m, n] matrix (mv = A·v, rmv = Aᵀ·u). */
export function fromDense(A: NDArray, symmetric = false): LinearOperator {
  const At = np.transpose(A);
  return makeOperator({ shape: [A.shape[0], A.shape[1]], dtype: A.dtype, mv: (v) => np.matmul(A, v), rmv: (u) => np.matmul(At, u), symmetric, dense: A });
}

/** A·B: shapes [m, k]·[k, n]. */
export function compose(A: LinearOperator, B: LinearOperator): LinearOperator {
  if (A.shape[1] !== B.shape[0]) {
    throw new RangeError(`linop.compose: inner dimensions differ: ${A.shape[0]}×${A.shape[1]} · ${B.shape[0]}×${B.shape[1]} (${A.shape[1]} ≠ ${B.shape[0]})`);
  }
  const dtype = promoteTypes(A.dtype, B.dtype);
  return makeOperator({ shape: [A.shape[0], B.shape[1]], dtype, mv: (v) => A.mv(B.mv(v)), rmv: (u) => B.rmv(A.rmv(u)) });
}

/** A + sign·B. */
function combine(where: string, A: LinearOperator, B: LinearOperator, sign: 1 | -1): LinearOperator {
  if (A.shape[0] !== B.shape[0] || A.shape[1] !== B.shape[1]) {
    throw new RangeError(`${where}: shapes differ: ${A.shape[0]}×${A.shape[1]} and ${B.shape[0]}×${B.shape[1]}`);
  }
  const dtype = promoteTypes(A.dtype, B.dtype);
  const op = sign === 1 ? np.add : np.subtract;
  return makeOperator({
    shape: A.shape,
    dtype,
    mv: (v) => op(A.mv(v), B.mv(v)),
    rmv: (u) => op(A.rmv(u), B.rmv(u)),
    symmetric: A.symmetric && B.symmetric,
  });
}

function scaled(A: LinearOperator, s: unknown): LinearOperator {
  const isScalar = typeof s === "number" || (s instanceof NDArray && s.ndim === 0);
  if (!isScalar) throw new TypeError(`LinearOperator.scale: expected a scalar (a number or a 0-d array), got ${show(s)}`);
  const k = s as number | NDArray;
  return makeOperator({ shape: A.shape, dtype: A.dtype, mv: (v) => np.multiply(A.mv(v), k).astype(A.dtype), rmv: (u) => np.multiply(A.rmv(u), k).astype(A.dtype), symmetric: A.symmetric });
}
