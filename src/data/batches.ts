/** @file `data.batches` (mini-batches of a pytree of arrays, shuffled by a key) and `data.trainTestSplit`. */
import type { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import * as random from "../random/index.js";
import { show } from "../numpy/signature.js";
import { gatherRows, leadingDim } from "./pytree_rows.js";

/** Options of {@link batches}. */
export interface BatchesOptions {
  /** Draw a new order of the examples from the key (default: true when a key is given, false for `null`). */
  shuffle?: boolean;
  /** Leave out the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
}

/** The mini-batches of an epoch: iterable (again and again, in the same order) and counted. */
export interface Batches<T> extends Iterable<T> {
  /** The number of batches an iteration yields. */
  readonly length: number;
  /** The number of examples an iteration yields (`n`, or fewer with `dropLast`). */
  readonly examples: number;
}

const isKeyOrNull = (key: unknown) => key === null || (typeof key === "object" && key !== null && "shape" in key);

/** The row order of one epoch: a permutation drawn from `key`, or 0, 1, …, n−1. */
function order(what: string, key: NDArray | null, n: number, shuffle: boolean): Int32Array {
  if (!shuffle) return Int32Array.from({ length: n }, (_, i) => i);
  if (key === null) throw new TypeError(`${what}: shuffle needs a key, got null (pass random.key(seed), or shuffle: false)`);
  return random.permutation(key, n).data() as Int32Array;
}

function checkSize(what: string, name: string, v: unknown, min: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new RangeError(`${what}: ${name} must be an integer ≥ ${min}, got ${show(v)}`);
  return v;
}

function checkFlag(what: string, name: string, v: unknown): boolean | undefined {
  if (v !== undefined && typeof v !== "boolean") throw new TypeError(`${what}: ${name} must be a boolean, got ${show(v)}`);
  return v;
}

/**
 * The mini-batches of one epoch over `arrays` — any pytree of arrays (an array, a tuple `[x, y]`, a
 * dict `{ images, labels }`…) whose leaves share their leading (example) dimension. Each batch has the
 * same structure, with `batchSize` rows of every leaf (the last one fewer unless `dropLast`). With a
 * key the rows come in the order of `random.permutation(key, n)`, so an epoch is reproducible and each
 * example appears exactly once; split the key for the next epoch. The checks run when called; the
 * batches are gathered lazily as the iteration goes.
 * @example
 * const [k0, k1] = random.split(random.key(0));
 * for (const [xb, yb] of data.batches(k0, [x, y], 128, { dropLast: true })) params = step(params, xb, yb);
 * NB: JAX has no loader; this is the usual `for batch in loader` of PyTorch's DataLoader(shuffle=True),
 * with the order drawn from a key instead of a global generator.
 */
export function batches<T>(key: NDArray | null, arrays: T, batchSize: number, opts: BatchesOptions = {}): Batches<T> {
  const what = "data.batches";
  if (!isKeyOrNull(key)) throw new TypeError(`${what}: key must be a PRNG key (random.key(seed)) or null, got ${show(key)}`);
  const { leaves, def, n } = leadingDim(what, arrays);
  checkSize(what, "batchSize", batchSize, 1);
  const shuffle = checkFlag(what, "shuffle", opts.shuffle) ?? key !== null;
  const dropLast = checkFlag(what, "dropLast", opts.dropLast) ?? false;
  const idx = order(what, key, n, shuffle);
  const count = dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
  return {
    length: count,
    examples: dropLast ? count * batchSize : n,
    *[Symbol.iterator](): Iterator<T> {
      for (let b = 0; b < count; b++) yield gatherRows(def, leaves, idx.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize))) as T;
    },
  };
}

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** The test set's size: a fraction in (0, 1) of the examples (rounded up) or a count (default 0.25, as scikit-learn). */
  testSize?: number;
  /** Draw the split from the key (default true); false keeps the order: the last examples are the test set. */
  shuffle?: boolean;
  /** Class labels (an integer array [n]): each class gets the same share of the test set (largest remainders). */
  stratify?: NDArray;
}

/** Test examples per class: the exact quotas n_c · nTest / n rounded down, the rest to the largest remainders. */
function stratifiedCounts(classCounts: Map<number, number>, n: number, nTest: number): Map<number, number> {
  const classes = [...classCounts.keys()].sort((a, b) => a - b);
  const quota = classes.map((c) => (classCounts.get(c)! * nTest) / n);
  const take = quota.map(Math.floor);
  let rest = nTest - take.reduce((s, t) => s + t, 0);
  const byRemainder = classes.map((_, i) => i).sort((i, j) => quota[j] - take[j] - (quota[i] - take[i]) || i - j);
  for (const i of byRemainder) {
    if (rest === 0) break;
    if (take[i] < classCounts.get(classes[i])!) take[i]++, rest--;
  }
  return new Map(classes.map((c, i) => [c, take[i]]));
}

/**
 * Splits the examples of `arrays` (a pytree of arrays with a shared leading dimension, as for
 * {@link batches}) into `[train, test]` of the same structure. The split is drawn from `key`
 * (`random.permutation`); both parts keep that drawn order. With `stratify` (integer class labels
 * [n]) every class is split in the same proportion, as scikit-learn's `train_test_split(stratify=y)`.
 * @example
 * const [train, test] = data.trainTestSplit(random.key(0), { x, y }, { testSize: 0.2, stratify: y });
 * NB: the test size rounds up and the train set takes the rest, as scikit-learn; the stratified split
 * gives each class ⌊n_c·nTest/n⌋ test examples plus one for the largest remainders (scikit-learn breaks
 * such ties at random).
 */
export function trainTestSplit<T>(key: NDArray | null, arrays: T, opts: TrainTestSplitOptions = {}): [T, T] {
  const what = "data.trainTestSplit";
  if (!isKeyOrNull(key)) throw new TypeError(`${what}: key must be a PRNG key (random.key(seed)) or null, got ${show(key)}`);
  const { leaves, def, n } = leadingDim(what, arrays);
  const shuffle = checkFlag(what, "shuffle", opts.shuffle) ?? true;
  const ts = opts.testSize ?? 0.25;
  if (typeof ts !== "number" || !(ts > 0) || (ts >= 1 && !Number.isInteger(ts))) {
    throw new RangeError(`${what}: testSize must be a fraction in (0, 1) or a whole count ≥ 1, got ${show(ts)}`);
  }
  const nTest = ts < 1 ? Math.ceil(ts * n) : ts;
  if (nTest >= n) throw new RangeError(`${what}: testSize ${ts} leaves no training example (${nTest} of ${n} examples to the test set)`);
  const idx = order(what, key, n, shuffle);
  let trainIdx: Int32Array, testIdx: Int32Array;
  if (opts.stratify === undefined) {
    trainIdx = idx.slice(0, n - nTest);
    testIdx = idx.slice(n - nTest);
  } else {
    if (!shuffle) throw new TypeError(`${what}: stratify needs shuffle (a stratified split of the data in its order is not defined; scikit-learn refuses it too)`);
    const s = opts.stratify as unknown;
    if (!(s && typeof s === "object" && "shape" in s) || (s as NDArray).ndim !== 1 || (s as NDArray).shape[0] !== n || !/int/.test((s as NDArray).dtype)) {
      throw new TypeError(`${what}: stratify must be an integer array of class labels of shape [${n}], got ${show(s)}`);
    }
    const labels = np.asArray(s as NDArray).data() as ArrayLike<number>;
    const classCounts = new Map<number, number>();
    for (let i = 0; i < n; i++) classCounts.set(labels[i], (classCounts.get(labels[i]) ?? 0) + 1);
    const left = stratifiedCounts(classCounts, n, nTest);
    const tr: number[] = [], te: number[] = [];
    for (const i of idx) {
      const c = labels[i], k = left.get(c)!;
      if (k > 0) te.push(i), left.set(c, k - 1);
      else tr.push(i);
    }
    trainIdx = Int32Array.from(tr);
    testIdx = Int32Array.from(te);
  }
  return [gatherRows(def, leaves, trainIdx) as T, gatherRows(def, leaves, testIdx) as T];
}
