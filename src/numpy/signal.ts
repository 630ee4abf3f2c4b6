/** @file 1-D discrete convolution and cross-correlation (modes full/same/valid, as NumPy and jax.numpy). */
import { fmtShape } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, resultDType } from "./core.js";
import { take } from "./indexing.js";
import { show } from "./signature.js";

export type ConvolveMode = "full" | "same" | "valid";

function operands(op: string, a: ArrayLike, v: ArrayLike, mode: unknown): [NDArray, NDArray] {
  if (mode !== "full" && mode !== "same" && mode !== "valid") throw new TypeError(`${op}: mode must be "full", "same" or "valid", got ${show(mode)}`);
  const d = resultDType([a, v]);
  const x = L.convert(asArray(a, d), d === "bool" ? "int32" : d), y = L.convert(asArray(v, d), d === "bool" ? "int32" : d);
  for (const [name, t] of [["a", x], ["v", y]] as const) {
    if (t.ndim !== 1) throw new RangeError(`${op}: ${name} must be 1-D, got shape ${fmtShape(t.shape)}`);
    if (t.shape[0] === 0) throw new RangeError(`${op}: ${name} must not be empty`);
  }
  return [x, y];
}

/**
 * The full cross-correlation c[i] = Σ_j a[i + j − (m−1)]·v[j] (zero outside a), length n + m − 1:
 * a windowed view of the zero-padded `a` (one gather) times `v` (one matrix-vector product).
 */
function correlateFull(a: NDArray, v: NDArray): NDArray {
  const n = a.shape[0], m = v.shape[0], len = n + m - 1;
  const padded = L.pad(a, [m - 1], [m - 1], 0);
  const idx = new Int32Array(len * m);
  for (let i = 0; i < len; i++) for (let j = 0; j < m; j++) idx[i * m + j] = i + j;
  const windows = take(padded, ConcreteArray.fromTyped(idx, [len, m], "int32"), 0);
  return L.dotGeneral(windows, v, { contract: [[1], [0]], batch: [[], []] });
}

/** The `mode` part of a full result of length n + m − 1; `start` is where "same" begins. */
function cut(full: NDArray, n: number, m: number, mode: ConvolveMode, sameStart: number): NDArray {
  if (mode === "full") return full;
  const len = mode === "same" ? Math.max(n, m) : Math.max(n, m) - Math.min(n, m) + 1;
  const start = mode === "same" ? sameStart : Math.min(n, m) - 1;
  return L.slice(full, [start], [start + len]);
}

/**
 * Discrete linear convolution (a ∗ v)[k] = Σ_j a[j]·v[k − j] of two 1-D arrays; `mode` "full" (default,
 * length n + m − 1), "same" (length max(n, m), centred) or "valid" (only full overlaps). bool → int32.
 * Differentiable in both arguments.
 * @example np.convolve([1, 2, 3], [0, 1, 0.5]) // [0, 1, 2.5, 4, 1.5]
 */
export function convolve(a: ArrayLike, v: ArrayLike, mode: ConvolveMode = "full"): NDArray {
  const [x, y] = operands("convolve", a, v, mode);
  const n = x.shape[0], m = y.shape[0];
  return cut(correlateFull(x, L.rev(y, [0])), n, m, mode, Math.floor((Math.min(n, m) - 1) / 2));
}

/**
 * Cross-correlation c[k] = Σ_j a[j + k]·v[j] of two 1-D arrays; `mode` "valid" (default, as NumPy),
 * "same" or "full". Differentiable in both arguments.
 * @example np.correlate([1, 2, 3], [0, 1, 0.5]) // [3.5] ; np.correlate([1, 2, 3], [0, 1, 0.5], "full") // [0.5, 2, 3.5, 3, 0]
 */
export function correlate(a: ArrayLike, v: ArrayLike, mode: ConvolveMode = "valid"): NDArray {
  const [x, y] = operands("correlate", a, v, mode);
  const n = x.shape[0], m = y.shape[0];
  // NumPy swaps the operands when v is longer and reverses the result: "same" is then centred from the other end
  const half = Math.floor((Math.min(n, m) - 1) / 2);
  const sameStart = n >= m ? half : n + m - 1 - Math.max(n, m) - half;
  return cut(correlateFull(x, y), n, m, mode, sameStart);
}
