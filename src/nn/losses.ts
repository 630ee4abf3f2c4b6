/**
 * @file Losses with Optax's semantics: per-example values (no reduction unless the Optax function
 * reduces), stable from logits, shapes checked strictly (predictions and targets must agree).
 */
import { ConcreteArray, NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { checkOptions, show } from "../numpy/signature.js";
import { logSigmoid } from "./activations.js";
import { logsumexp, oneHotAxis } from "./activations_more.js";

type ArrayIn = NDArray | number | number[] | number[][];
const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;

function arr(op: string, name: string, v: unknown): NDArray {
  if (v === undefined || v === null || (typeof v === "object" && !(v instanceof NDArray) && !Array.isArray(v))) {
    throw new TypeError(`${op}: ${name} must be an array, got ${show(v)}`);
  }
  return v instanceof NDArray ? v : np.asArray(v as number[]);
}

/** `v` as a float array (bool and integer arrays are converted to `dtype`, default float32 or the other operand's). */
function floatArr(op: string, name: string, v: unknown, dtype?: string): NDArray {
  const a = arr(op, name, v);
  return a.dtype === "float32" || a.dtype === "float64" ? a : a.astype((dtype ?? "float32") as "float32");
}

/** predictions and targets as float arrays of one shape; targets default to zeros (Optax's `targets=None`). */
function pair(op: string, p0: unknown, t0: unknown, pName = "predictions", tName = "targets"): [NDArray, NDArray] {
  const p = floatArr(op, pName, p0);
  if (t0 === undefined) return [p, np.zerosLike(p)];
  const t = floatArr(op, tName, t0, p.dtype);
  if (p.ndim !== t.ndim || p.shape.some((d, i) => d !== t.shape[i])) {
    throw new RangeError(`${op}: ${pName} of shape ${fmt(p.shape)} and ${tName} of shape ${fmt(t.shape)} must have the same shape`);
  }
  return [p, t];
}

function axisOf(op: string, axis: unknown, rank: number): number {
  if (typeof axis !== "number" || !Number.isInteger(axis)) throw new TypeError(`${op}: axis must be an integer, got ${show(axis)}`);
  if (axis < -rank || axis >= rank) throw new RangeError(`${op}: axis ${axis} is out of bounds for logits of rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

/** Options of `softmaxCrossEntropy`. */
export interface SoftmaxCrossEntropyOptions {
  /** Mix the labels with the uniform distribution: (1 − α)·labels + α/numClasses (Optax's `smooth_labels`); default 0. */
  labelSmoothing?: number;
  /** The class axis (default -1). */
  axis?: number;
  /** A bool mask over the logits' shape: classes where it is false are left out of the softmax. */
  where?: NDArray | boolean[] | boolean[][];
}

/**
 * Cross entropy between softmax(logits) and the labels, one value per example (the class axis
 * reduced), as Optax: integer `labels` are class ids of the logits' shape without the class axis
 * (`optax.softmax_cross_entropy_with_integer_labels`: logsumexp(logits) − logits[label]); float labels
 * are probabilities (one-hot or soft) of the logits' shape (`optax.softmax_cross_entropy`:
 * −Σ labels · logSoftmax(logits)). Stable for any logits (derivative softmax − labels).
 * Ids outside [0, numClasses) are an error when the labels are concrete.
 * @example
 * nn.softmaxCrossEntropy(np.array([[2, 1, 0]]), np.array([0], "int32")) // [0.4076]
 * np.mean(nn.softmaxCrossEntropy(logits, labels, { labelSmoothing: 0.1 })) // the usual training loss
 */
export function softmaxCrossEntropy(logits: ArrayIn, labels: ArrayIn, opts: SoftmaxCrossEntropyOptions = {}): NDArray {
  const op = "nn.softmaxCrossEntropy";
  checkOptions(op, opts, ["labelSmoothing", "axis", "where"]);
  const z = floatArr(op, "logits", logits);
  if (z.ndim === 0) throw new RangeError(`${op}: logits must have a class axis, got a scalar`);
  const ax = axisOf(op, opts.axis ?? -1, z.ndim);
  const C = z.shape[ax];
  const alpha = opts.labelSmoothing ?? 0;
  if (typeof alpha !== "number" || !(alpha >= 0 && alpha <= 1)) throw new RangeError(`${op}: labelSmoothing must be a number in [0, 1], got ${show(alpha)}`);
  let mask: NDArray | undefined;
  if (opts.where !== undefined) {
    const w = arr(op, "where", opts.where);
    if (w.dtype !== "bool") throw new TypeError(`${op}: where must be a bool array, got ${w.dtype}${fmt(w.shape)}`);
    mask = np.broadcastTo(w, z.shape);
  }
  let lab = arr(op, "labels", labels);
  if (lab.dtype === "bool") throw new TypeError(`${op}: labels must be integer class ids or float probabilities, got bool${fmt(lab.shape)}`);
  if (lab.dtype === "int32" || lab.dtype === "uint32") {
    const want = z.shape.filter((_, i) => i !== ax);
    if (lab.ndim !== want.length || lab.shape.some((d, i) => d !== want[i])) {
      throw new RangeError(`${op}: integer labels of shape ${fmt(lab.shape)} for logits of shape ${fmt(z.shape)}; expected labels of shape ${fmt(want)} (one class id per example)`);
    }
    if (lab instanceof ConcreteArray && lab.size > 0) {
      // read the values directly: np.min would be staged (and unreadable) while a jit/cond traces
      const ids = lab.data() as ArrayLike<number>;
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < ids.length; i++) lo = Math.min(lo, ids[i]), hi = Math.max(hi, ids[i]);
      if (lo < 0 || hi >= C) throw new RangeError(`${op}: labels must be class ids in [0, ${C}), got labels from ${lo} to ${hi}`);
    }
    if (alpha === 0) {
      // logsumexp(z) − z[label]: d/dz = softmax(z) − onehot(label)
      const lse = logsumexp(z, mask ? { axis: ax, where: mask } : { axis: ax });
      return np.subtract(lse, np.squeeze(np.takeAlongAxis(z, np.expandDims(lab, ax), ax), ax));
    }
    lab = oneHotAxis(lab, C, { dtype: z.dtype, axis: ax });
  } else {
    lab = lab.astype(z.dtype as "float32");
    if (lab.ndim !== z.ndim || lab.shape.some((d, i) => d !== z.shape[i])) {
      throw new RangeError(`${op}: float labels of shape ${fmt(lab.shape)} for logits of shape ${fmt(z.shape)}; expected the same shape (probabilities per class), or int32 class ids of shape ${fmt(z.shape.filter((_, i) => i !== ax))}`);
    }
  }
  if (alpha > 0) lab = np.add(np.multiply(1 - alpha, lab), alpha / C);
  // −Σ labels · (z − logsumexp z): d/dz = softmax(z)·Σlabels − labels
  const lsm = np.subtract(z, logsumexp(z, mask ? { axis: ax, keepdims: true, where: mask } : { axis: ax, keepdims: true }));
  let terms = np.multiply(lab, lsm);
  if (mask) terms = np.where(mask, terms, np.zerosLike(terms));
  return np.negative(np.sum(terms, ax));
}

/**
 * Binary cross entropy of sigmoid(logits) against `labels` in [0, 1], elementwise and stable for any
 * logits: −labels·logσ(z) − (1 − labels)·logσ(−z), as `optax.sigmoid_binary_cross_entropy`.
 * @example nn.sigmoidBinaryCrossEntropy(np.array([0, 100]), np.array([1, 1])) // [0.6931, 0]
 */
export function sigmoidBinaryCrossEntropy(logits: ArrayIn, labels: ArrayIn): NDArray {
  const [z, y] = pair("nn.sigmoidBinaryCrossEntropy", logits, labels, "logits", "labels");
  return np.negative(np.add(np.multiply(y, logSigmoid(z)), np.multiply(np.subtract(1, y), logSigmoid(np.negative(z)))));
}

/**
 * (predictions − targets)², elementwise (`optax.squared_error`; targets default to zeros).
 * @example nn.squaredError(np.array([1, 3]), np.array([0, 1])) // [1, 4]
 */
export function squaredError(predictions: ArrayIn, targets?: ArrayIn): NDArray {
  const [p, t] = pair("nn.squaredError", predictions, targets);
  return np.square(np.subtract(p, t));
}

/**
 * ½(predictions − targets)², elementwise, as `optax.l2_loss` (targets default to zeros).
 * @example nn.l2Loss(np.array([1, 3]), np.array([0, 1])) // [0.5, 2]
 */
export function l2Loss(predictions: ArrayIn, targets?: ArrayIn): NDArray {
  const [p, t] = pair("nn.l2Loss", predictions, targets);
  return np.multiply(0.5, np.square(np.subtract(p, t)));
}

/**
 * The mean squared error over all elements, a scalar: `np.mean(nn.squaredError(p, t))`.
 * NB: Optax has no `mse`; this is the mean of `optax.squared_error` (and twice the mean of `optax.l2_loss`),
 * as PyTorch's `MSELoss()` and Keras' `mse` for one output.
 * @example nn.mse(np.array([1, 3]), np.array([0, 1])) // 2.5
 */
export function mse(predictions: ArrayIn, targets: ArrayIn): NDArray {
  const [p, t] = pair("nn.mse", predictions, targets);
  return np.mean(np.square(np.subtract(p, t)));
}

/**
 * The Huber loss, elementwise: ½e² for |e| ≤ δ, δ(|e| − ½δ) beyond (e = predictions − targets; δ
 * default 1), as `optax.huber_loss`.
 * @example nn.huber(np.array([0.5, 3]), np.array([0, 0])) // [0.125, 2.5]
 */
export function huber(predictions: ArrayIn, targets: ArrayIn, delta = 1): NDArray {
  const op = "nn.huber";
  if (typeof delta !== "number" || !(delta > 0)) throw new RangeError(`${op}: delta must be a positive number, got ${show(delta)}`);
  const [p, t] = pair(op, predictions, targets);
  const abs = np.abs(np.subtract(p, t));
  const quad = np.minimum(abs, delta);
  // ½·min(|e|, δ)² + δ·(|e| − min(|e|, δ))
  return np.add(np.multiply(0.5, np.square(quad)), np.multiply(delta, np.subtract(abs, quad)));
}

/**
 * log(cosh(predictions − targets)), elementwise and stable (logaddexp(e, −e) − log 2), as `optax.log_cosh`.
 * @example nn.logCosh(np.array([0, 1000])) // [0, 999.3069]
 */
export function logCosh(predictions: ArrayIn, targets?: ArrayIn): NDArray {
  const [p, t] = pair("nn.logCosh", predictions, targets);
  const e = np.subtract(p, t);
  return np.subtract(np.logaddexp(e, np.negative(e)), Math.LN2);
}

/**
 * The hinge loss max(0, 1 − outputs · targets), elementwise, targets in {−1, +1}, as `optax.hinge_loss`.
 * @example nn.hingeLoss(np.array([0.5, 2, -1]), np.array([1, 1, 1])) // [0.5, 0, 2]
 */
export function hingeLoss(predictorOutputs: ArrayIn, targets: ArrayIn): NDArray {
  const [p, t] = pair("nn.hingeLoss", predictorOutputs, targets, "predictorOutputs", "targets");
  return np.maximum(0, np.subtract(1, np.multiply(p, t)));
}

/** Options of `cosineSimilarity` and `cosineDistance`. */
export interface CosineOptions {
  /** Lower bound on each squared norm, so each norm is at least √epsilon (default 0: zero vectors give NaN), as Optax. */
  epsilon?: number;
  /** The vector axis (default -1). */
  axis?: number;
  /** A bool mask over the inputs' shape: entries where it is false are left out of the norms and the inner product. */
  where?: NDArray | boolean[] | boolean[][];
}

function cosine(op: string, predictions: ArrayIn, targets: ArrayIn, opts: CosineOptions): NDArray {
  checkOptions(op, opts, ["epsilon", "axis", "where"]);
  const eps = opts.epsilon ?? 0;
  if (typeof eps !== "number" || !(eps >= 0)) throw new RangeError(`${op}: epsilon must be a non-negative number, got ${show(eps)}`);
  let [p, t] = pair(op, predictions, targets);
  if (p.ndim === 0) throw new RangeError(`${op}: needs vectors (an axis to reduce), got scalars`);
  const ax = axisOf(op, opts.axis ?? -1, p.ndim);
  if (opts.where !== undefined) {
    const w = arr(op, "where", opts.where);
    if (w.dtype !== "bool") throw new TypeError(`${op}: where must be a bool array, got ${w.dtype}${fmt(w.shape)}`);
    const m = np.broadcastTo(w, p.shape);
    [p, t] = [np.where(m, p, np.zerosLike(p)), np.where(m, t, np.zerosLike(t))];
  }
  // √max(‖x‖², ε): the squared norm is clipped, as Optax (so no 0·∞ in the derivative when ε > 0)
  const norm = (x: NDArray) => np.sqrt(np.maximum(np.sum(np.square(x), { axis: ax, keepdims: true }), eps));
  return np.sum(np.multiply(np.divide(p, norm(p)), np.divide(t, norm(t))), ax);
}

/**
 * Cosine similarity of predictions and targets along `axis` (default −1): ⟨p, t⟩ / (‖p‖‖t‖), each
 * squared norm clipped below at `epsilon`, as `optax.cosine_similarity`; one value per vector.
 * @example nn.cosineSimilarity(np.array([[1, 0], [1, 1]]), np.array([[0, 2], [2, 2]])) // [0, 1]
 */
export function cosineSimilarity(predictions: ArrayIn, targets: ArrayIn, opts: CosineOptions = {}): NDArray {
  return cosine("nn.cosineSimilarity", predictions, targets, opts);
}

/**
 * 1 − cosineSimilarity, as `optax.cosine_distance`.
 * @example nn.cosineDistance(np.array([[1, 0]]), np.array([[-1, 0]])) // [2]
 */
export function cosineDistance(predictions: ArrayIn, targets: ArrayIn, opts: CosineOptions = {}): NDArray {
  return np.subtract(1, cosine("nn.cosineDistance", predictions, targets, opts));
}
