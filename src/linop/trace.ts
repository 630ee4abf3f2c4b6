/** @file Randomised trace estimators from matrix–vector products: Hutchinson's and Hutch++. */
import { NDArray } from "../core/array.js";
import type { DType } from "../core/dtype.js";
import * as np from "../numpy/index.js";
import { isPlainObject, show } from "../numpy/signature.js";
import { vmap } from "../public/transforms.js";
import * as random from "../random/index.js";
import type { MatVec } from "./operator.js";
import { type OperatorLike, prepare } from "./solve_common.js";

/** hutchinson's and hutchPlusPlus's options. */
export interface TraceOptions {
  /** The probe distribution: "rademacher" (±1, the lower variance; default) or "normal". */
  distribution?: "rademacher" | "normal";
  /** The size n, needed only when A is a function. */
  size?: number;
}

/** An estimate of tr(A) with its standard error. */
export interface TraceEstimate {
  /** The estimate of tr(A) (0-d). */
  trace: NDArray;
  /** The standard error of the estimate (the sample standard deviation of the probes' zᵀAz over √numProbes; 0-d). */
  stdErr: NDArray;
}

function setup(op: string, A: OperatorLike, key: unknown, num: unknown, opts: unknown, what: string) {
  if (opts !== undefined && !isPlainObject(opts)) throw new TypeError(`${op}: options must be an object, got ${show(opts)}`);
  const o = (opts ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== "distribution" && k !== "size") throw new TypeError(`${op}: unknown option ${JSON.stringify(k)} (expected distribution, size)`);
  const dist = o.distribution ?? "rademacher";
  if (dist !== "rademacher" && dist !== "normal") throw new TypeError(`${op}: distribution must be "rademacher" or "normal", got ${show(dist)}`);
  if (!(key instanceof NDArray)) throw new TypeError(`${op}: key must be a PRNG key (random.key(seed)), got ${show(key)}`);
  if (typeof num !== "number" || !Number.isInteger(num) || num < 1) throw new RangeError(`${op}: ${what} must be an integer ≥ 1, got ${show(num)}`);
  const s = (A as { shape?: unknown })?.shape;
  let n: number;
  if (Array.isArray(s) && s.length === 2) {
    if (s[0] !== s[1]) throw new RangeError(`${op}: the trace needs a square operator, got ${s[0]}×${s[1]}`);
    n = s[0];
  } else if (Array.isArray(A)) n = A.length;
  else if (typeof o.size === "number" && Number.isInteger(o.size) && o.size >= 1) n = o.size;
  else throw new TypeError(`${op}: with A a function, give its size: { size: n }`);
  const d = (A as { dtype?: unknown })?.dtype;
  const dtype = d === "float32" || d === "float64" ? (d as DType) : undefined;
  const p = prepare(op, A, np.zeros([n], dtype ? { dtype } : {}), {});
  const draw = (k: NDArray, shape: number[]) =>
    dist === "normal" ? random.normal(k, shape, { dtype: p.dtype }) : random.rademacher(k, shape, { dtype: p.dtype });
  return { n, A: p.A, dtype: p.dtype, draw };
}

/** A Z for Z of shape [p, n] (rows are vectors): `mv` mapped over the rows. */
const applyRows = (A: MatVec, Z: NDArray) => vmap(A)(Z) as NDArray;

/**
 * Hutchinson's estimator of tr(A) = E[zᵀAz] for random probes z with E[zzᵀ] = I: the mean of
 * `numProbes` values zᵀAz (one batched matrix–vector product each, by `vmap`), with its standard
 * error. Rademacher probes have variance 2·Σ_{i≠j} A_ij²; normal probes 2·‖A‖_F². The trace of a
 * Hessian without forming it: `hutchinson(hessianOperator(f, x), key, 100)`.
 * @example
 * const { trace, stdErr } = linop.hutchinson(np.diag(np.array([1, 2, 3])), random.key(0), 10); // 6 exactly (diagonal)
 */
export function hutchinson(A: OperatorLike, key: NDArray, numProbes: number, opts?: TraceOptions): TraceEstimate {
  const s = setup("linop.hutchinson", A, key, numProbes, opts, "numProbes");
  const Z = s.draw(key, [numProbes, s.n]);
  const samples = np.sum(Z.mul(applyRows(s.A, Z)), 1);
  const trace = np.mean(samples);
  const stdErr = numProbes > 1 ? np.std(samples, { ddof: 1 }).div(Math.sqrt(numProbes)) : np.array(Number.NaN, { dtype: s.dtype });
  return { trace, stdErr };
}

/**
 * Hutch++ (Meyer, Musco, Musco & Woodruff 2021): spends a third of `numMatvecs` on a sketch Q of A's
 * dominant range, takes tr(QᵀAQ) exactly and Hutchinson's estimate on the deflated rest
 * (I − QQᵀ)A(I − QQᵀ) — far lower variance when A's spectrum decays. Uses about `numMatvecs`
 * products with A (at least 3). `stdErr` is that of the deflated Hutchinson part.
 * @example linop.hutchPlusPlus(np.diag(np.arange(1, 101)), random.key(0), 60).trace // ≈ 5050
 */
export function hutchPlusPlus(A: OperatorLike, key: NDArray, numMatvecs: number, opts?: TraceOptions): TraceEstimate {
  const s = setup("linop.hutchPlusPlus", A, key, numMatvecs, opts, "numMatvecs");
  if (numMatvecs < 3) throw new RangeError(`linop.hutchPlusPlus: numMatvecs must be ≥ 3 (a third each for the sketch, its projection and the probes), got ${numMatvecs}`);
  const k = Math.min(Math.floor(numMatvecs / 3), s.n);
  const g = Math.max(1, numMatvecs - 2 * k);
  const [k1, k2] = random.split(key) as unknown as NDArray[];
  const S = s.draw(k1, [k, s.n]);
  const [Q] = np.linalg.qr(np.transpose(applyRows(s.A, S))); // [n, k], orthonormal columns
  const Qt = np.transpose(Q);
  const exact = np.sum(Qt.mul(applyRows(s.A, Qt)));
  const G = s.draw(k2, [g, s.n]);
  const deflate = (Z: NDArray) => Z.sub(np.matmul(np.matmul(Z, Q), Qt)); // rows projected onto range(Q)^⊥
  const Gp = deflate(G);
  const samples = np.sum(Gp.mul(applyRows(s.A, Gp)), 1);
  const rest = np.mean(samples);
  const stdErr = g > 1 ? np.std(samples, { ddof: 1 }).div(Math.sqrt(g)) : np.array(Number.NaN, { dtype: s.dtype });
  return { trace: exact.add(rest), stdErr };
}
