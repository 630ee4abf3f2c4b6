/**
 * @file Normalization layers: `layerNorm` (statistics over the features of each example) and
 * `batchNorm` (statistics over the batch, running averages as explicit state in and out), as Flax's.
 */
import type { NDArray } from "../../core/array.js";
import type { DType } from "../../core/dtype.js";
import * as np from "../../numpy/index.js";
import type { Layer } from "../layer.js";
import { axisIn, bool, checkOptions, floatInput, makeLayer, paramShape, paramsOf, show } from "./common.js";

/** Parameters of a normalization layer: `scale` and `bias` over the feature axis (each present when enabled). */
export interface NormParams {
  scale?: NDArray;
  bias?: NDArray;
}

/** Running statistics of `batchNorm`, one entry per feature. */
export interface BatchNormState {
  mean: NDArray;
  var: NDArray;
}

function num(op: string, name: string, v: unknown, dflt: number, ok: (v: number) => boolean, want: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !ok(v)) throw new RangeError(`${op}: ${name} must be ${want}, got ${show(v)}`);
  return v;
}

function dtypeOpt(op: string, d: unknown): DType | undefined {
  if (d !== undefined && d !== "float32" && d !== "float64") throw new TypeError(`${op}: dtype must be "float32" or "float64", got ${show(d)}`);
  return d as DType | undefined;
}

/** xc / √(var + ε) · scale + bias for centered xc = x − mean, scale and bias reshaped to `bshape`. */
function normalize(xc: NDArray, variance: NDArray, eps: number, p: NormParams, bshape: number[]): NDArray {
  let y = np.multiply(xc, np.divide(1, np.sqrt(np.add(variance, eps))));
  if (p.scale) y = np.multiply(y, np.reshape(p.scale, bshape));
  if (p.bias) y = np.add(y, np.reshape(p.bias, bshape));
  return y;
}

/** The parameters `scale` (ones) and `bias` (zeros) of `features` entries. */
function normParams(useScale: boolean, useBias: boolean, features: number, dtype: DType | undefined): NormParams {
  const p: NormParams = {};
  if (useScale) p.scale = np.ones([features], dtype);
  if (useBias) p.bias = np.zeros([features], dtype);
  return p;
}

/**
 * Layer normalization: each example is normalized over `reductionAxes` (default the last axis) to zero
 * mean and unit variance, then scaled and shifted by learned `scale` and `bias` over the last axis,
 * as Flax's `nn.LayerNorm` (epsilon 1e-6).
 * NB: the variance is the mean of squared deviations (Flax's default computes E[x²] − E[x]², which loses
 * digits when the mean is large); the values agree otherwise.
 * @example
 * const ln = nn.layerNorm();
 * const y = ln.apply(ln.init(random.key(0), [8, 16]), x); // each row: mean 0, variance ≈ 1
 */
export function layerNorm(opts: { epsilon?: number; useScale?: boolean; useBias?: boolean; reductionAxes?: number | number[]; dtype?: DType } = {}): Layer<NormParams> {
  const op = "nn.layerNorm";
  checkOptions(op, opts, ["epsilon", "useScale", "useBias", "reductionAxes", "dtype"]);
  const eps = num(op, "epsilon", opts.epsilon, 1e-6, (v) => v >= 0, "a non-negative number");
  const useScale = bool(op, "useScale", opts.useScale, true), useBias = bool(op, "useBias", opts.useBias, true);
  const axes0 = opts.reductionAxes ?? -1;
  const axesList = Array.isArray(axes0) ? axes0 : [axes0];
  if (axesList.length === 0 || axesList.some((a) => !Number.isInteger(a))) throw new TypeError(`${op}: reductionAxes must be an integer or a non-empty list of integers, got ${show(axes0)}`);
  const dtype = dtypeOpt(op, opts.dtype);
  const name = "layerNorm()";
  const keys = [...(useScale ? ["scale"] : []), ...(useBias ? ["bias"] : [])];
  const features = (s: number[]) => {
    if (s.length === 0) throw new RangeError(`${name}: needs an input with at least one axis, got shape []`);
    axesList.forEach((a) => axisIn(name, a, s.length, "reduction axis"));
    return s[s.length - 1];
  };
  return makeLayer<NormParams>({
    name,
    init: (_key, s) => normParams(useScale, useBias, features(s), dtype),
    outputShape: (s) => (features(s), s),
    forward(params, state, x0) {
      const p = paramsOf<NormParams>(name, params, keys);
      const x = floatInput(name, x0, (p.scale ?? p.bias)?.dtype);
      const c = features(x.shape);
      for (const k of keys) paramShape(name, k, p[k as keyof NormParams]!, [c]);
      const axis = axesList.map((a) => axisIn(name, a, x.ndim, "reduction axis"));
      const xc = np.subtract(x, np.mean(x, { axis, keepdims: true }));
      return [normalize(xc, np.mean(np.square(xc), { axis, keepdims: true }), eps, p, [c]), state];
    },
  });
}

/** Options of `batchNorm`. */
export interface BatchNormOptions {
  /** Decay of the running averages: new = momentum · old + (1 − momentum) · batch (default 0.99, as Flax). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  epsilon?: number;
  /** The feature axis (default -1): statistics are taken over all other axes. */
  axis?: number;
  /** Learned scale (default true). */
  useScale?: boolean;
  /** Learned bias (default true). */
  useBias?: boolean;
  /** Parameter and state dtype (default: the default float). */
  dtype?: DType;
}

/**
 * Batch normalization, as Flax's `nn.BatchNorm`: in training (`{ training: true }`) each feature is
 * normalized with the batch's mean and (biased) variance over all axes but `axis`, and the running
 * statistics in the state are updated (`momentum · old + (1 − momentum) · batch`); in inference the
 * running statistics are used. The state `{ mean, var }` goes in and out through `applyWithState`.
 * NB: `apply` in training mode is an error (its new statistics would be lost): use `applyWithState`.
 * NB: the batch variance is the mean of squared deviations (Flax's default, E[x²] − E[x]², loses digits
 * for large means); the values agree otherwise.
 * @example
 * const bn = nn.batchNorm();
 * const params = bn.init(key, [32, 10]);
 * let state = bn.initState([32, 10]); // { mean: zeros [10], var: ones [10] }
 * let y; [y, state] = bn.applyWithState(params, state, x, { training: true });
 * const yEval = bn.apply(params, x, { state }); // inference with the running statistics
 */
export function batchNorm(opts: BatchNormOptions = {}): Layer<NormParams, BatchNormState> {
  const op = "nn.batchNorm";
  checkOptions(op, opts, ["momentum", "epsilon", "axis", "useScale", "useBias", "dtype"]);
  const momentum = num(op, "momentum", opts.momentum, 0.99, (v) => v >= 0 && v <= 1, "a number in [0, 1]");
  const eps = num(op, "epsilon", opts.epsilon, 1e-5, (v) => v >= 0, "a non-negative number");
  const axis0 = num(op, "axis", opts.axis, -1, Number.isInteger, "an integer");
  const useScale = bool(op, "useScale", opts.useScale, true), useBias = bool(op, "useBias", opts.useBias, true);
  const dtype = dtypeOpt(op, opts.dtype);
  const name = "batchNorm()";
  const keys = [...(useScale ? ["scale"] : []), ...(useBias ? ["bias"] : [])];
  const features = (s: number[]) => {
    if (s.length === 0) throw new RangeError(`${name}: needs an input with at least one axis, got shape []`);
    return s[axisIn(name, axis0, s.length)];
  };
  return makeLayer<NormParams, BatchNormState>({
    name,
    init: (_key, s) => normParams(useScale, useBias, features(s), dtype),
    initState: (s) => ({ mean: np.zeros([features(s)], dtype), var: np.ones([features(s)], dtype) }),
    outputShape: (s) => (features(s), s),
    forward(params, state, x0, o, threaded) {
      const p = paramsOf<NormParams>(name, params, keys);
      const training = o.training ?? false;
      if (training && !threaded) {
        throw new TypeError(`${name}: apply in training mode would lose the updated running statistics; call applyWithState(params, state, x, { training: true }) and keep the state it returns`);
      }
      const x = floatInput(name, x0, (p.scale ?? p.bias)?.dtype);
      const ax = axisIn(name, axis0, x.ndim);
      const c = x.shape[ax];
      for (const k of keys) paramShape(name, k, p[k as keyof NormParams]!, [c]);
      if (state === null || state === undefined) {
        throw new TypeError(`${name}: needs its state { mean, var } (from initState): pass it as applyWithState(params, state, x) or, in inference, apply(params, x, { state })`);
      }
      const st = paramsOf<BatchNormState>(`${name} state`, state, ["mean", "var"]);
      paramShape(`${name} state`, "mean", st.mean, [c]), paramShape(`${name} state`, "var", st.var, [c]);
      const bshape = x.shape.map((d, i) => (i === ax ? d : 1));
      if (!training) return [normalize(np.subtract(x, np.reshape(st.mean, bshape)), np.reshape(st.var, bshape), eps, p, bshape), state];
      const red = x.shape.map((_, i) => i).filter((i) => i !== ax);
      const mean = np.mean(x, { axis: red, keepdims: true });
      const xc = np.subtract(x, mean);
      const variance = np.mean(np.square(xc), { axis: red, keepdims: true });
      const y = normalize(xc, variance, eps, p, bshape);
      const upd = (old: NDArray, b: NDArray) => np.add(np.multiply(momentum, old), np.multiply(1 - momentum, np.reshape(b, [c]).astype(old.dtype)));
      return [y, { mean: upd(st.mean, mean), var: upd(st.var, variance) }];
    },
  });
}
