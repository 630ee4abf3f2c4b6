/** @file `lanczos` (with full reorthogonalisation) and `eigsh`: extreme eigenpairs of a symmetric operator from matrix–vector products. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { isPlainObject, show } from "../numpy/signature.js";
import { dynamicIndexInDim, dynamicUpdateSliceInDim, foriLoop } from "../public/lax.js";
import * as random from "../random/index.js";
import { asVector } from "./operator.js";
import { type OperatorLike, prepare } from "./solve_common.js";

/** lanczos's options. */
export interface LanczosOptions {
  /** The key of the random start vector (default `random.key(0)`); also used to restart after an invariant subspace. */
  key?: NDArray;
  /** The start vector instead of a random one. */
  v0?: NDArray | number[];
}

/** What `lanczos` returns: the Ritz pairs of the k×k tridiagonal projection. */
export interface LanczosResult {
  /** The k Ritz values, ascending: the extreme ones converge first to A's extreme eigenvalues. */
  eigenvalues: NDArray;
  /** [n, k]: the Ritz vectors (unit columns, in the order of `eigenvalues`). */
  eigenvectors: NDArray;
  /** ‖A y − θ y‖ of each Ritz pair (β_k · |last component of its eigenvector of T|): small means converged. */
  residualNorms: NDArray;
  /** The diagonal (k) and off-diagonal (k − 1) of the tridiagonal matrix T = Qᵀ A Q. */
  alpha: NDArray;
  beta: NDArray;
  /** [n, k]: the orthonormal Lanczos basis Q. */
  basis: NDArray;
}

function parseKey(op: string, o: Record<string, unknown>, keys: string[]) {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new TypeError(`${op}: unknown option ${JSON.stringify(k)} (expected ${keys.join(", ")})`);
}

/**
 * k steps of the Lanczos process on a symmetric operator A (an operator, a matrix or a function v ↦ Av)
 * with full reorthogonalisation (each new vector orthogonalised twice against all earlier ones, so
 * the basis stays orthonormal in floating point), then the eigen-decomposition of the k×k tridiagonal
 * T: its Ritz values approximate A's extreme eigenvalues first. k matrix–vector products; memory n·k.
 * After an invariant subspace (β = 0) the process continues from a fresh random vector orthogonal to
 * the basis, so k = n gives all eigenvalues. Runs as a `lax.foriLoop` (jit-able).
 * @example
 * const { eigenvalues } = linop.lanczos(np.diag(np.array([1, 2, 3, 4])), 4); // [1, 2, 3, 4]
 */
export function lanczos(A: OperatorLike, k: number, opts?: LanczosOptions): LanczosResult {
  const op = "linop.lanczos";
  if (opts !== undefined && !isPlainObject(opts)) throw new TypeError(`${op}: options must be an object, got ${show(opts)}`);
  const o = (opts ?? {}) as Record<string, unknown>;
  parseKey(op, o, ["key", "v0"]);
  // the operator's size from v0, a matrix or an operator
  const n = sizeOf(op, A, o.v0);
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`${op}: k must be an integer in [1, ${n}] (the operator is ${n}×${n}), got ${show(k)}`);
  const key = (o.key as NDArray | undefined) ?? random.key(0);
  const p = prepare(op, A, np.zeros([n], { dtype: dtypeOf(A) ?? dtypeOf(o.v0) }), {});
  const dt = p.dtype;
  const start = o.v0 === undefined ? random.normal(random.foldIn(key, 0), [n], { dtype: dt }) : asVector(op, o.v0, n, dt, "start vector v0");
  const v0 = start.div(np.linalg.norm(start));
  const rows = np.arange(k + 1);
  const init = [dynamicUpdateSliceInDim(np.zeros([k + 1, n], { dtype: dt }), v0.reshape([1, n]), 0, 0), np.zeros([k], { dtype: dt }), np.zeros([k], { dtype: dt })];
  const orth = (Q: NDArray, w: NDArray, mask: NDArray) => {
    const h1 = np.matmul(Q, w).mul(mask);
    const w1 = w.sub(np.matmul(h1, Q));
    const h2 = np.matmul(Q, w1).mul(mask);
    return w1.sub(np.matmul(h2, Q));
  };
  const [Q, alpha, beta] = foriLoop(0, k, (j: NDArray, [Q, alpha, beta]: NDArray[]) => {
    const v = dynamicIndexInDim(Q, j, 0, false);
    const Av = p.A(v);
    const a = np.vdot(v, Av);
    const mask = rows.le(j).astype(dt);
    const w = orth(Q, Av, mask);
    const b = np.linalg.norm(w);
    // invariant subspace (β ≈ 0): continue from a random vector orthogonal to the basis, with β = 0 in T
    const broke = b.le(np.abs(a).add(np.linalg.norm(Av)).mul(np.finfo(dt).eps * n));
    const fresh = orth(Q, orth(Q, random.normal(random.foldIn(key, j.add(1)), [n], { dtype: dt }), mask), mask);
    const next = np.where(broke, fresh.div(np.linalg.norm(fresh)), w.div(np.where(broke, 1, b)));
    return [
      dynamicUpdateSliceInDim(Q, next.reshape([1, n]), j.add(1), 0),
      dynamicUpdateSliceInDim(alpha, a.reshape([1]), j, 0),
      dynamicUpdateSliceInDim(beta, np.where(broke, 0, b).reshape([1]), j, 0),
    ];
  }, init as NDArray[]);
  const off = beta.get(`:${k - 1}`);
  const T = np.diag(alpha).add(np.diag(off, 1)).add(np.diag(off, -1));
  const [theta, S] = np.linalg.eigh(T);
  const basis = np.transpose(Q.get(`:${k}`));
  const last = S.get(k - 1);
  return { eigenvalues: theta, eigenvectors: np.matmul(basis, S), residualNorms: np.abs(last).mul(beta.get(k - 1)), alpha, beta: off, basis };
}

function dtypeOf(A: unknown) {
  const d = (A as { dtype?: unknown })?.dtype;
  return d === "float32" || d === "float64" ? d : undefined;
}

function sizeOf(op: string, A: unknown, v0: unknown): number {
  const s = (A as { shape?: unknown })?.shape;
  if (Array.isArray(s) && s.length === 2) {
    if (s[0] !== s[1]) throw new RangeError(`${op}: the operator must be square (symmetric), got ${s[0]}×${s[1]}`);
    return s[0];
  }
  if (Array.isArray(A)) return A.length;
  if (typeof A === "function") {
    const v = v0 instanceof NDArray ? v0 : Array.isArray(v0) ? v0 : null;
    if (v === null) throw new TypeError(`${op}: with A a function, give the start vector v0 (its size is the operator's)`);
    return v instanceof NDArray ? v.shape[0] : v.length;
  }
  throw new TypeError(`${op}: A must be a LinearOperator, a matrix or a function v ↦ Av, got ${show(A)}`);
}

/** eigsh's options. */
export interface EigshOptions extends LanczosOptions {
  /** "LA": the k largest (algebraic, default); "SA": the k smallest; "LM": the k largest in magnitude. */
  which?: "LA" | "SA" | "LM";
  /** The Lanczos steps (scipy's ncv; default min(n, max(2k + 1, 20))); more steps, more accurate. */
  ncv?: number;
}

/**
 * The k extreme eigenpairs of a symmetric operator (as scipy's `eigsh` for `which` "LA", "SA", "LM"),
 * from one Lanczos run of `ncv` steps with full reorthogonalisation. Returns them ascending, with
 * each pair's residual norm ‖A y − θ y‖ to judge convergence.
 * NB: no implicit restarts (ARPACK's); raise `ncv` if `residualNorms` are not small enough. "LA" and
 * "SA" work under `jit`; "LM" reads the Ritz values to choose, so it needs concrete arrays.
 * @example
 * const { eigenvalues } = linop.eigsh(np.diag(np.arange(1, 51)), 2, { which: "LA" }); // ≈ [49, 50]
 */
export function eigsh(A: OperatorLike, k: number, opts?: EigshOptions): { eigenvalues: NDArray; eigenvectors: NDArray; residualNorms: NDArray } {
  const op = "linop.eigsh";
  if (opts !== undefined && !isPlainObject(opts)) throw new TypeError(`${op}: options must be an object, got ${show(opts)}`);
  const o = (opts ?? {}) as Record<string, unknown>;
  parseKey(op, o, ["key", "v0", "which", "ncv"]);
  const which = o.which ?? "LA";
  if (which !== "LA" && which !== "SA" && which !== "LM") throw new TypeError(`${op}: which must be "LA", "SA" or "LM", got ${show(which)}`);
  const n = sizeOf(op, A, o.v0);
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`${op}: k must be an integer in [1, ${n}], got ${show(k)}`);
  const ncv = o.ncv ?? Math.min(n, Math.max(2 * k + 1, 20));
  if (typeof ncv !== "number" || !Number.isInteger(ncv) || ncv < k || ncv > n) throw new RangeError(`${op}: ncv must be an integer in [k, n] = [${k}, ${n}], got ${show(ncv)}`);
  const r = lanczos(A, ncv, { key: o.key as NDArray | undefined, v0: o.v0 as NDArray | undefined });
  let idx: number[];
  if (which === "LA") idx = Array.from({ length: k }, (_, i) => ncv - k + i);
  else if (which === "SA") idx = Array.from({ length: k }, (_, i) => i);
  else {
    const th = Array.from(r.eigenvalues.toArray() as number[]);
    idx = th.map((t, i) => [Math.abs(t), i]).sort((a, b) => b[0] - a[0]).slice(0, k).map(([, i]) => i).sort((a, b) => th[a] - th[b]);
  }
  const ii = np.array(idx, { dtype: "int32" });
  return { eigenvalues: np.take(r.eigenvalues, ii), eigenvectors: np.take(r.eigenvectors, ii, 1), residualNorms: np.take(r.residualNorms, ii) };
}
