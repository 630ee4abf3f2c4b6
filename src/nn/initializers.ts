/**
 * @file Parameter initializers with `jax.nn.initializers` semantics: an initializer is
 * `(key, shape, dtype?) => NDArray`; `varianceScaling` and its named instances (Glorot, He, LeCun)
 * use JAX's fan rule, and every draw composes `random.normal/uniform/truncatedNormal` as JAX does,
 * so the same key gives the same numbers.
 */
import type { NDArray } from "../core/array.js";
import type { DType, FloatDType } from "../core/dtype.js";
import * as np from "../numpy/index.js";
import * as random from "../random/index.js";
import { getDefaultFloat } from "../public/transforms.js";
import { checkOptions, show } from "../numpy/signature.js";

/** An initializer: a fresh array of `shape` (default dtype: the initializer's, else the default float) drawn from `key`. */
export type Initializer = (key: NDArray, shape: readonly number[], dtype?: DType) => NDArray;

/** Options of `varianceScaling` and the named initializers built on it. */
export interface VarianceScalingOptions {
  /** Axis (or axes) of input features; default -2. */
  inAxis?: number | number[];
  /** Axis (or axes) of output features; default -1. */
  outAxis?: number | number[];
  /** Axes of batch dimensions (neither fan); default none. */
  batchAxis?: number | number[];
  /** Default dtype of the draws. */
  dtype?: DType;
}

const FLOATS = ["float32", "float64"];

function floatDtype(op: string, d: unknown): FloatDType {
  const dt = d ?? getDefaultFloat();
  if (typeof dt !== "string" || !FLOATS.includes(dt)) throw new TypeError(`${op}: dtype must be "float32" or "float64", got ${show(dt)}`);
  return dt as FloatDType;
}

function shapeOf(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new TypeError(`${op}: shape must be an array of non-negative integers, got ${show(shape)}`);
  }
  return [...shape] as number[];
}

function finite(op: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`${op}: ${name} must be a finite number, got ${show(v)}`);
  return v;
}

function axesOf(op: string, name: string, v: unknown, rank: number): number[] {
  const list = Array.isArray(v) ? v : [v];
  return list.map((a) => {
    if (!Number.isInteger(a) || a < -rank || a >= rank) throw new RangeError(`${op}: ${name} ${show(v)} is out of bounds for a shape of rank ${rank}`);
    return a < 0 ? a + rank : a;
  });
}

/**
 * [fanIn, fanOut] of a weight of `shape`, as JAX's `_compute_fans`: the receptive field is the
 * product of the axes that are neither input, output nor batch axes (e.g. a conv kernel's window),
 * fanIn = in · receptive field, fanOut = out · receptive field.
 * @example computeFans([3, 3, 16, 32]) // [144, 288]
 */
export function computeFans(shape: readonly number[], inAxis: number | number[] = -2, outAxis: number | number[] = -1, batchAxis: number | number[] = [], op = "nn.initializers.computeFans"): [number, number] {
  const s = shapeOf(op, shape);
  if (s.length < 2) throw new RangeError(`${op}: cannot compute fan-in and fan-out of a weight of shape [${s}]; expected at least 2 dimensions`);
  const prod = (axes: number[]) => axes.reduce((p, a) => p * s[a], 1);
  const inSize = prod(axesOf(op, "inAxis", inAxis, s.length));
  const outSize = prod(axesOf(op, "outAxis", outAxis, s.length));
  const batchSize = prod(axesOf(op, "batchAxis", batchAxis, s.length));
  const receptive = s.reduce((p, d) => p * d, 1) / inSize / outSize / batchSize;
  return [inSize * receptive, outSize * receptive];
}

/** Standard deviation of a standard normal truncated to (−2, 2). */
const TRUNC_STD = 0.87962566103423978;

/**
 * An initializer with variance `scale / n`, n the fan-in, fan-out or their mean (`mode`), drawn from
 * a truncated normal (cut at ±2 standard deviations, rescaled to the target variance), a normal, or a
 * uniform on ±√(3·variance) (`distribution`), as `jax.nn.initializers.variance_scaling`.
 * @example const init = nn.initializers.varianceScaling(2, "fanIn", "normal"); init(random.key(0), [784, 128])
 */
export function varianceScaling(scale: number, mode: "fanIn" | "fanOut" | "fanAvg", distribution: "truncatedNormal" | "normal" | "uniform", opts: VarianceScalingOptions = {}, op = "nn.initializers.varianceScaling"): Initializer {
  finite(op, "scale", scale);
  if (!(scale > 0)) throw new RangeError(`${op}: scale must be positive, got ${scale}`);
  if (!["fanIn", "fanOut", "fanAvg"].includes(mode)) throw new TypeError(`${op}: mode must be "fanIn", "fanOut" or "fanAvg", got ${show(mode)}`);
  if (!["truncatedNormal", "normal", "uniform"].includes(distribution)) {
    throw new TypeError(`${op}: distribution must be "truncatedNormal", "normal" or "uniform", got ${show(distribution)}`);
  }
  checkOptions(op, opts, ["inAxis", "outAxis", "batchAxis", "dtype"]);
  const { inAxis = -2, outAxis = -1, batchAxis = [], dtype: d0 } = opts;
  if (d0 !== undefined) floatDtype(op, d0);
  return (key, shape, dtype) => {
    const dt = floatDtype(op, dtype ?? d0);
    const [fanIn, fanOut] = computeFans(shape, inAxis, outAxis, batchAxis, op);
    const n = mode === "fanIn" ? fanIn : mode === "fanOut" ? fanOut : (fanIn + fanOut) / 2;
    const variance = scale / n;
    if (distribution === "truncatedNormal") return np.multiply(random.truncatedNormal(key, -2, 2, [...shape], { dtype: dt }), np.array(Math.sqrt(variance) / TRUNC_STD, dt));
    if (distribution === "normal") return np.multiply(random.normal(key, [...shape], { dtype: dt }), np.array(Math.sqrt(variance), dt));
    return np.multiply(random.uniform(key, [...shape], { dtype: dt, minval: -1 }), np.array(Math.sqrt(3 * variance), dt));
  };
}

type Named = (opts?: VarianceScalingOptions) => Initializer;
const named = (name: string, scale: number, mode: "fanIn" | "fanAvg", dist: "truncatedNormal" | "uniform"): Named =>
  (opts = {}) => varianceScaling(scale, mode, dist, opts, `nn.initializers.${name}`);

/**
 * Glorot (Xavier) uniform: variance 1/fanAvg, uniform.
 * @example nn.initializers.glorotUniform()(random.key(0), [64, 32])
 */
export const glorotUniform: Named = named("glorotUniform", 1, "fanAvg", "uniform");
/**
 * Glorot (Xavier) normal: variance 1/fanAvg, truncated normal (as JAX's glorot_normal).
 * @example nn.initializers.glorotNormal()(random.key(0), [64, 32])
 */
export const glorotNormal: Named = named("glorotNormal", 1, "fanAvg", "truncatedNormal");
/**
 * He (Kaiming) uniform: variance 2/fanIn, uniform.
 * @example nn.initializers.heUniform()(random.key(0), [3, 3, 16, 32])
 */
export const heUniform: Named = named("heUniform", 2, "fanIn", "uniform");
/**
 * He (Kaiming) normal: variance 2/fanIn, truncated normal (as JAX's he_normal).
 * @example nn.initializers.heNormal()(random.key(0), [3, 3, 16, 32])
 */
export const heNormal: Named = named("heNormal", 2, "fanIn", "truncatedNormal");
/**
 * LeCun uniform: variance 1/fanIn, uniform.
 * @example nn.initializers.lecunUniform()(random.key(0), [64, 32])
 */
export const lecunUniform: Named = named("lecunUniform", 1, "fanIn", "uniform");
/**
 * LeCun normal: variance 1/fanIn, truncated normal (dense's default kernel initializer).
 * @example nn.initializers.lecunNormal()(random.key(0), [64, 32])
 */
export const lecunNormal: Named = named("lecunNormal", 1, "fanIn", "truncatedNormal");

/**
 * `glorotUniform` under its other name (JAX's `xavier_uniform`, PyTorch's `xavier_uniform_`).
 * @example nn.initializers.xavierUniform()(random.key(0), [64, 32])
 */
export const xavierUniform: Named = named("xavierUniform", 1, "fanAvg", "uniform");
/**
 * `glorotNormal` under its other name (JAX's `xavier_normal`).
 * @example nn.initializers.xavierNormal()(random.key(0), [64, 32])
 */
export const xavierNormal: Named = named("xavierNormal", 1, "fanAvg", "truncatedNormal");
/**
 * `heUniform` under its other name (JAX's `kaiming_uniform`).
 * @example nn.initializers.kaimingUniform()(random.key(0), [64, 32])
 */
export const kaimingUniform: Named = named("kaimingUniform", 2, "fanIn", "uniform");
/**
 * `heNormal` under its other name (JAX's `kaiming_normal`; NB: a truncated normal, as JAX, where
 * PyTorch's `kaiming_normal_` draws an untruncated one).
 * @example nn.initializers.kaimingNormal()(random.key(0), [64, 32])
 */
export const kaimingNormal: Named = named("kaimingNormal", 2, "fanIn", "truncatedNormal");

/**
 * Normal draws with standard deviation `stddev` (default 0.01).
 * @example nn.initializers.normal(0.1)(random.key(0), [3])
 */
export function normal(stddev = 1e-2, opts: { dtype?: DType } = {}): Initializer {
  const op = "nn.initializers.normal";
  finite(op, "stddev", stddev);
  checkOptions(op, opts, ["dtype"]);
  if (opts.dtype !== undefined) floatDtype(op, opts.dtype);
  return (key, shape, dtype) => {
    const dt = floatDtype(op, dtype ?? opts.dtype);
    return np.multiply(random.normal(key, shapeOf(op, shape), { dtype: dt }), np.array(stddev, dt));
  };
}

/**
 * Uniform draws on [0, scale) (default scale 0.01), as `jax.nn.initializers.uniform`.
 * @example nn.initializers.uniform(1)(random.key(0), [3])
 */
export function uniform(scale = 1e-2, opts: { dtype?: DType } = {}): Initializer {
  const op = "nn.initializers.uniform";
  finite(op, "scale", scale);
  checkOptions(op, opts, ["dtype"]);
  if (opts.dtype !== undefined) floatDtype(op, opts.dtype);
  return (key, shape, dtype) => {
    const dt = floatDtype(op, dtype ?? opts.dtype);
    return np.multiply(random.uniform(key, shapeOf(op, shape), { dtype: dt }), np.array(scale, dt));
  };
}

/**
 * Normal draws truncated to [lower, upper] (in standard deviations; default ±2) times `stddev`
 * (default 0.01). NB: the result's standard deviation is below `stddev` (as JAX's truncated_normal).
 * @example nn.initializers.truncatedNormal(0.02)(random.key(0), [3])
 */
export function truncatedNormal(stddev = 1e-2, lower = -2, upper = 2, opts: { dtype?: DType } = {}): Initializer {
  const op = "nn.initializers.truncatedNormal";
  finite(op, "stddev", stddev), finite(op, "lower", lower), finite(op, "upper", upper);
  if (!(lower < upper)) throw new RangeError(`${op}: expected lower < upper, got lower=${lower}, upper=${upper}`);
  checkOptions(op, opts, ["dtype"]);
  if (opts.dtype !== undefined) floatDtype(op, opts.dtype);
  return (key, shape, dtype) => {
    const dt = floatDtype(op, dtype ?? opts.dtype);
    return np.multiply(random.truncatedNormal(key, lower, upper, shapeOf(op, shape), { dtype: dt }), np.array(stddev, dt));
  };
}

/**
 * A (semi-)orthogonal matrix times `scale`: QR of a normal draw with R's diagonal made positive (so Q is
 * Haar-distributed), over the axis `columnAxis` (default -1) against all other axes flattened, as
 * `jax.nn.initializers.orthogonal`.
 * @example const q = nn.initializers.orthogonal()(random.key(0), [4, 4]) // qᵀq = I
 */
export function orthogonal(scale = 1, columnAxis = -1, opts: { dtype?: DType } = {}): Initializer {
  const op = "nn.initializers.orthogonal";
  finite(op, "scale", scale);
  if (!Number.isInteger(columnAxis)) throw new TypeError(`${op}: columnAxis must be an integer, got ${show(columnAxis)}`);
  checkOptions(op, opts, ["dtype"]);
  if (opts.dtype !== undefined) floatDtype(op, opts.dtype);
  return (key, shape, dtype) => {
    const dt = floatDtype(op, dtype ?? opts.dtype);
    const s = shapeOf(op, shape);
    if (s.length < 2) throw new RangeError(`${op}: needs a shape of at least 2 dimensions, got [${s}]`);
    const [col] = axesOf(op, "columnAxis", columnAxis, s.length);
    const nCols = s[col], nRows = s.reduce((p, d) => p * d, 1) / nCols;
    const wide = nRows < nCols;
    const a = random.normal(key, wide ? [nCols, nRows] : [nRows, nCols], { dtype: dt });
    const [qr, r] = np.linalg.qr(a) as [NDArray, NDArray];
    let q = np.multiply(qr, np.sign(np.diag(r)));
    if (wide) q = np.transpose(q);
    q = np.reshape(q, [...s.filter((_, i) => i !== col), nCols]);
    return np.multiply(np.moveaxis(q, -1, col), np.array(scale, dt));
  };
}

/**
 * An initializer filling with `value`.
 * @example nn.initializers.constant(0.1)(random.key(0), [3]) // [0.1, 0.1, 0.1]
 */
export function constant(value: number, opts: { dtype?: DType } = {}): Initializer {
  const op = "nn.initializers.constant";
  if (typeof value !== "number") throw new TypeError(`${op}: value must be a number, got ${show(value)}`);
  checkOptions(op, opts, ["dtype"]);
  return (_key, shape, dtype) => np.full(shapeOf(op, shape), value, dtype ?? opts.dtype ?? getDefaultFloat());
}

/**
 * Zeros (an initializer itself, as JAX's `zeros`): the key is unused.
 * @example nn.initializers.zeros(random.key(0), [2, 3])
 */
export function zeros(_key: NDArray, shape: readonly number[], dtype?: DType): NDArray {
  return np.zeros(shapeOf("nn.initializers.zeros", shape), dtype ?? getDefaultFloat());
}

/**
 * Ones (an initializer itself, as JAX's `ones`): the key is unused.
 * @example nn.initializers.ones(random.key(0), [3])
 */
export function ones(_key: NDArray, shape: readonly number[], dtype?: DType): NDArray {
  return np.ones(shapeOf("nn.initializers.ones", shape), dtype ?? getDefaultFloat());
}
