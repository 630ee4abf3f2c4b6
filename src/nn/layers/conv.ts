/**
 * @file Convolution layers as flax.linen.Conv and ConvTranspose: channels-last inputs ([...batch,
 * ...spatial, features]; unbatched accepted), 1-D/2-D/3-D from the kernel size, params `{ kernel, bias }`
 * with the kernel [...kernelSize, inFeatures / featureGroupCount, features].
 */
import { NDArray } from "../../core/array.js";
import type { Shape } from "../../core/aval.js";
import { DType, FloatDType, getDefaultFloat, isFloat } from "../../core/dtype.js";
import * as np from "../../numpy/index.js";
import * as random from "../../random/index.js";
import { asArray } from "../../numpy/core.js";
import { show } from "../../numpy/signature.js";
import { convGeneralDilated, convTranspose as laxConvTranspose, convTransposePadding, padtypeToPads } from "../../lax/conv.js";
import { dilateDim } from "../../primitives/conv.js";
import type { Layer } from "../layer.js";
import { addBias } from "./conv_bias.js";
import { lecunNormal, zeros, type Initializer } from "../initializers.js";

const lecunNormalInit = lecunNormal(); // Flax's default kernel init

/** Conv padding: "SAME", "VALID", "CIRCULAR" (wrap around), "CAUSAL" (1-D: all on the left), n (n on both sides everywhere), or [lo, hi] (or n) per spatial dimension. */
export type ConvLayerPadding = "SAME" | "VALID" | "CIRCULAR" | "CAUSAL" | number | (number | [number, number])[];

export interface ConvOptions {
  /** Window strides: one number for every spatial dimension, or one each. Default 1. */
  strides?: number | number[];
  /** Default "SAME". */
  padding?: ConvLayerPadding;
  /** Input dilation (lhs dilation: a transposed convolution). Default 1. */
  inputDilation?: number | number[];
  /** Kernel dilation (atrous convolution). Default 1. */
  kernelDilation?: number | number[];
  /** Feature groups (inFeatures and features must be divisible by it; = inFeatures for depthwise). Default 1. */
  featureGroupCount?: number;
  /** Add a bias. Default true. */
  useBias?: boolean;
  /** Kernel initializer. Default LeCun normal (as Flax). */
  kernelInit?: Initializer;
  /** Bias initializer. Default zeros. */
  biasInit?: Initializer;
  /**
   * Parameter dtype. Default the default float. NB: this is Flax's `param_dtype`; the computation runs
   * in the promoted dtype of input and parameters (float64 if either is).
   */
  dtype?: FloatDType;
}

export interface ConvParams {
  kernel: NDArray;
  bias?: NDArray;
}

const perDim = (name: string, what: string, v: unknown, n: number, min: number): number[] => {
  const arr = typeof v === "number" ? Array(n).fill(v) : v;
  if (!Array.isArray(arr) || arr.length !== n || arr.some((x) => !Number.isInteger(x) || x < min)) throw new RangeError(`${name}: ${what} must be an integer ≥ ${min} or ${n} of them, got ${show(v)}`);
  return arr;
};

function checkFeatures(name: string, features: unknown, kernelSize: unknown): [number, number[]] {
  if (!Number.isInteger(features) || (features as number) < 1) throw new RangeError(`${name}: features must be an integer ≥ 1, got ${show(features)}`);
  if (!Array.isArray(kernelSize) || kernelSize.length < 1 || kernelSize.length > 3 || kernelSize.some((k) => !Number.isInteger(k) || k < 1)) {
    throw new TypeError(`${name}: kernelSize must be an array of 1 to 3 integers ≥ 1 (e.g. [3, 3]), got ${show(kernelSize)}`);
  }
  return [features as number, [...kernelSize]];
}

/** Batch handling as Flax: no batch axis → add one; several → flatten them; returns the 1-batch input and the restore. */
function withOneBatch(name: string, x: NDArray, ns: number): [NDArray, (y: NDArray) => NDArray] {
  if (x.ndim < ns + 1) throw new RangeError(`${name}: expected an input of shape [...batch, ${ns} spatial, features] (rank ≥ ${ns + 1}), got [${x.shape}]`);
  const nb = x.ndim - ns - 1;
  if (nb === 1) return [x, (y) => y];
  const batch = x.shape.slice(0, nb);
  const flat = np.reshape(x, [batch.reduce((a, b) => a * b, 1), ...x.shape.slice(nb)]);
  return [flat, (y) => np.reshape(y, [...batch, ...y.shape.slice(1)])];
}

const channelsLast = (nd: number) => ({ lhs: [0, nd - 1, ...Array.from({ length: nd - 2 }, (_, i) => i + 1)], rhs: [nd - 1, nd - 2, ...Array.from({ length: nd - 2 }, (_, i) => i)], out: [0, nd - 1, ...Array.from({ length: nd - 2 }, (_, i) => i + 1)] });

/** Flax's canonical padding: a string stays, a number or per-dimension numbers become [lo, hi] pairs. */
function canonicalPadding(name: string, padding: ConvLayerPadding, ns: number): string | [number, number][] {
  if (typeof padding === "string") {
    if (!["SAME", "VALID", "CIRCULAR", "CAUSAL"].includes(padding)) throw new RangeError(`${name}: padding must be "SAME", "VALID", "CIRCULAR", "CAUSAL", a number or [lo, hi] pairs, got ${show(padding)}`);
    if (padding === "CAUSAL" && ns !== 1) throw new RangeError(`${name}: "CAUSAL" padding is for 1-D convolutions, got a ${ns}-d kernel`);
    return padding;
  }
  const list = typeof padding === "number" ? Array(ns).fill(padding) : padding;
  if (!Array.isArray(list) || list.length !== ns) throw new RangeError(`${name}: padding must be "SAME", "VALID", "CIRCULAR", "CAUSAL", a number or ${ns} [lo, hi] pairs, got ${show(padding)}`);
  return list.map((p) => {
    const pair = typeof p === "number" ? [p, p] : p;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every(Number.isInteger)) throw new RangeError(`${name}: padding must be ${ns} integers or [lo, hi] pairs, got ${show(padding)}`);
    return [pair[0], pair[1]] as [number, number];
  });
}

/** The compute dtype of the input and the parameters (Flax's promote_dtype): float64 if any is, else the kernel's. */
const computeDtype = (x: NDArray, kernel: NDArray): DType => (x.dtype === "float64" || kernel.dtype === "float64" ? "float64" : isFloat(kernel.dtype) ? kernel.dtype : getDefaultFloat());

/**
 * A convolution layer (flax.linen.Conv): channels-last, 1-D/2-D/3-D by `kernelSize.length`, params
 * `{ kernel: [...kernelSize, inFeatures / featureGroupCount, features], bias: [features] }`.
 * @example const c = nn.conv(32, [3, 3]); const p = c.init(random.key(0), [8, 28, 28, 1]); c.apply(p, x) // [8, 28, 28, 32]
 */
export function conv(features: number, kernelSize: number[], opts: ConvOptions = {}): Layer<ConvParams> {
  const name0 = "nn.conv";
  const [f, ks] = checkFeatures(name0, features, kernelSize);
  const name = `conv(${f}, [${ks}])`;
  const ns = ks.length;
  const strides = perDim(name, "strides", opts.strides ?? 1, ns, 1);
  const inputDilation = perDim(name, "inputDilation", opts.inputDilation ?? 1, ns, 1);
  const kernelDilation = perDim(name, "kernelDilation", opts.kernelDilation ?? 1, ns, 1);
  const fg = opts.featureGroupCount ?? 1;
  if (!Number.isInteger(fg) || fg < 1) throw new RangeError(`${name}: featureGroupCount must be an integer ≥ 1, got ${show(fg)}`);
  if (f % fg !== 0) throw new RangeError(`${name}: features (${f}) must be divisible by featureGroupCount (${fg})`);
  const padding = canonicalPadding(name, opts.padding ?? "SAME", ns);
  if ((padding === "SAME" || padding === "VALID") && inputDilation.some((d) => d !== 1)) {
    throw new RangeError(`${name}: padding ${show(padding)} is not defined with inputDilation ${show(inputDilation)} (as in Flax/JAX): give explicit [lo, hi] pairs`);
  }
  const useBias = opts.useBias ?? true;
  const dilatedK = ks.map((k, i) => dilateDim(k, kernelDilation[i]));

  const inFeatures = (s: Shape) => {
    if (s.length < ns + 1) throw new RangeError(`${name}: expected an input of shape [...batch, ${ns} spatial, features] (rank ≥ ${ns + 1}), got [${s}]`);
    const c = s[s.length - 1];
    if (c % fg !== 0) throw new RangeError(`${name}: input features (${c}) of input [${s}] must be divisible by featureGroupCount (${fg})`);
    return c;
  };
  /** Circular/causal padding made explicit: [lo, hi] per spatial dimension, and whether to wrap. */
  const resolve = (spatial: number[]): { pads: [number, number][]; wrap: boolean } => {
    if (padding === "CIRCULAR") return { pads: dilatedK.map((k) => [Math.floor((k - 1) / 2), Math.floor(k / 2)]), wrap: true };
    if (padding === "CAUSAL") return { pads: [[dilatedK[0] - 1, 0]], wrap: false };
    return { pads: padtypeToPads(name, spatial, dilatedK, strides, padding as "SAME" | "VALID" | [number, number][]), wrap: false };
  };
  const outputShape = (s: Shape): Shape => {
    inFeatures(s);
    const spatial = s.slice(s.length - 1 - ns, s.length - 1);
    const { pads } = resolve(spatial);
    const out = spatial.map((d, i) => {
      const padded = dilateDim(d, inputDilation[i]) + pads[i][0] + pads[i][1];
      return padded < dilatedK[i] ? 0 : Math.floor((padded - dilatedK[i]) / strides[i]) + 1;
    });
    return [...s.slice(0, s.length - 1 - ns), ...out, f];
  };

  const init = (key: NDArray, inputShape: Shape): ConvParams => {
    outputShape(inputShape);
    const dtype = opts.dtype ?? getDefaultFloat();
    const kshape = [...ks, inFeatures(inputShape) / fg, f];
    const [kk, kb] = [np.take(random.split(key), 0, 0), np.take(random.split(key), 1, 0)];
    const kernel = (opts.kernelInit ?? lecunNormalInit)(kk, kshape, dtype);
    return useBias ? { kernel, bias: (opts.biasInit ?? zeros)(kb, [f], dtype) } : { kernel };
  };

  const apply = (params: ConvParams, input: NDArray): NDArray => {
    const x0 = asArray(input);
    const { kernel, bias } = checkParams(name, params, useBias);
    const c = inFeatures(x0.shape);
    const want = [...ks, c / fg, f];
    if (kernel.ndim !== want.length || kernel.shape.some((d, i) => d !== want[i])) {
      throw new RangeError(`${name}: kernel [${kernel.shape}] does not fit input [${x0.shape}]: expected [${want}] (kernelSize [${ks}], ${c} input features / featureGroupCount ${fg}, ${f} features)`);
    }
    const dt = computeDtype(x0, kernel);
    let [x, restore] = withOneBatch(name, np.asArray(x0, dt), ns);
    const { pads, wrap } = resolve(x.shape.slice(1, 1 + ns));
    let lhsPads = pads;
    if (wrap) {
      x = np.pad(x, [[0, 0], ...pads, [0, 0]], { mode: "wrap" });
      lhsPads = pads.map(() => [0, 0]);
    }
    let y = convGeneralDilated(x, np.asArray(kernel, dt), strides, lhsPads, {
      lhsDilation: inputDilation, rhsDilation: kernelDilation, dimensionNumbers: channelsLast(ns + 2), featureGroupCount: fg,
    });
    if (bias) y = addBias(y, np.asArray(bias, dt));
    return restore(y);
  };
  return { name, init, initState: () => null, outputShape, apply, applyWithState: (p, state, x) => [apply(p, x), state] };
}

function checkParams(name: string, params: unknown, useBias: boolean): { kernel: NDArray; bias?: NDArray } {
  const p = params as ConvParams | null;
  if (!p || typeof p !== "object" || !(p.kernel instanceof NDArray)) throw new TypeError(`${name}: params must be { kernel${useBias ? ", bias" : ""} } of arrays (from init), got ${show(params)}`);
  if (useBias && !(p.bias instanceof NDArray)) throw new TypeError(`${name}: params lack the bias (useBias is true), got keys ${show(Object.keys(p))}`);
  const f = p.kernel.shape[p.kernel.ndim - 1];
  if (useBias && (p.bias!.ndim !== 1 || p.bias!.shape[0] !== f)) throw new RangeError(`${name}: bias [${p.bias!.shape}] does not match the kernel's ${f} features (kernel [${p.kernel.shape}])`);
  return { kernel: p.kernel, bias: useBias ? p.bias : undefined };
}

export interface ConvTransposeLayerOptions {
  strides?: number | number[];
  /** "SAME" (output = input × stride), "VALID", or [lo, hi] per spatial dimension. Default "SAME". */
  padding?: "SAME" | "VALID" | (number | [number, number])[] | number;
  kernelDilation?: number | number[];
  useBias?: boolean;
  /** Flip the kernel and swap its feature axes (the gradient of a conv with the same kernel). Default false. */
  transposeKernel?: boolean;
  kernelInit?: Initializer;
  biasInit?: Initializer;
  dtype?: FloatDType;
}

/**
 * A transposed convolution layer (flax.linen.ConvTranspose): upsamples by `strides`; params
 * `{ kernel: [...kernelSize, inFeatures, features], bias: [features] }`.
 * @example const up = nn.convTranspose(16, [3, 3], { strides: [2, 2] }); up.outputShape([8, 14, 14, 32]) // [8, 28, 28, 16]
 */
export function convTranspose(features: number, kernelSize: number[], opts: ConvTransposeLayerOptions = {}): Layer<ConvParams> {
  const [f, ks] = checkFeatures("nn.convTranspose", features, kernelSize);
  const name = `convTranspose(${f}, [${ks}])`;
  const ns = ks.length;
  const strides = perDim(name, "strides", opts.strides ?? 1, ns, 1);
  const kernelDilation = perDim(name, "kernelDilation", opts.kernelDilation ?? 1, ns, 1);
  const pad = opts.padding ?? "SAME";
  if (pad === ("CIRCULAR" as never)) throw new RangeError(`${name}: "CIRCULAR" padding is not supported by convTranspose; use "SAME", "VALID" or [lo, hi] pairs`);
  const padding = canonicalPadding(name, pad as ConvLayerPadding, ns) as "SAME" | "VALID" | [number, number][];
  const useBias = opts.useBias ?? true;

  const inFeatures = (s: Shape) => {
    if (s.length < ns + 1) throw new RangeError(`${name}: expected an input of shape [...batch, ${ns} spatial, features] (rank ≥ ${ns + 1}), got [${s}]`);
    return s[s.length - 1];
  };
  const outputShape = (s: Shape): Shape => {
    inFeatures(s);
    const spatial = s.slice(s.length - 1 - ns, s.length - 1);
    // an lhs-dilated (by the strides) convolution with unit strides: (in − 1)·s + 1 + lo + hi − k̃ + 1
    const out = spatial.map((d, i) => {
      const k = dilateDim(ks[i], kernelDilation[i]);
      const [lo, hi] = typeof padding === "string" ? convTransposePadding(name, k, strides[i], padding) : padding[i];
      return Math.max(0, dilateDim(d, strides[i]) + lo + hi - k + 1);
    });
    return [...s.slice(0, s.length - 1 - ns), ...out, f];
  };
  const init = (key: NDArray, inputShape: Shape): ConvParams => {
    const dtype = opts.dtype ?? getDefaultFloat();
    const c = inFeatures(inputShape);
    const kernel = (opts.kernelInit ?? lecunNormalInit)(np.take(random.split(key), 0, 0), opts.transposeKernel ? [...ks, f, c] : [...ks, c, f], dtype);
    return useBias ? { kernel, bias: (opts.biasInit ?? zeros)(np.take(random.split(key), 1, 0), [f], dtype) } : { kernel };
  };
  const apply = (params: ConvParams, input: NDArray): NDArray => {
    const x0 = asArray(input);
    const { kernel, bias } = checkParams(name, params, useBias);
    const c = inFeatures(x0.shape);
    const want = opts.transposeKernel ? [...ks, f, c] : [...ks, c, f];
    if (kernel.ndim !== want.length || kernel.shape.some((d, i) => d !== want[i])) {
      throw new RangeError(`${name}: kernel [${kernel.shape}] does not fit input [${x0.shape}]: expected [${want}] (kernelSize [${ks}], ${c} input features, ${f} features)`);
    }
    const dt = computeDtype(x0, kernel);
    const [x, restore] = withOneBatch(name, np.asArray(x0, dt), ns);
    let y = laxConvTranspose(x, np.asArray(kernel, dt), strides, padding, { rhsDilation: kernelDilation, transposeKernel: opts.transposeKernel });
    if (bias) y = addBias(y, np.asArray(bias, dt));
    return restore(y);
  };
  return { name, init, initState: () => null, outputShape, apply, applyWithState: (p, state, x) => [apply(p, x), state] };
}
