/** @file `dense`: a fully connected layer y = x·kernel + bias over the last axis (Flax's `nn.Dense`). */
import type { NDArray } from "../../core/array.js";
import type { DType } from "../../core/dtype.js";
import * as np from "../../numpy/index.js";
import * as random from "../../random/index.js";
import type { Layer } from "../layer.js";
import { lecunNormal, zeros, type Initializer } from "../initializers.js";
import { bool, checkOptions, floatInput, fmt, fnOpt, makeLayer, paramShape, paramsOf, positiveInt, show } from "./common.js";

/** Parameters of `dense`: `kernel` [in, features] and (with `useBias`) `bias` [features]. */
export interface DenseParams {
  kernel: NDArray;
  bias?: NDArray;
}

/** Options of `dense`. */
export interface DenseOptions {
  /** Add a bias (default true). */
  useBias?: boolean;
  /** Kernel initializer (default `lecunNormal()`, as Flax). */
  kernelInit?: Initializer;
  /** Bias initializer (default `zeros`). */
  biasInit?: Initializer;
  /** Parameter dtype (default: the default float). */
  dtype?: DType;
}

/**
 * A fully connected layer: `y = x · kernel + bias` with `kernel` of shape [in, features] contracting
 * the last axis of `x` (any batch dimensions before it), as Flax's `nn.Dense`.
 * @example
 * const layer = nn.dense(128);
 * const params = layer.init(random.key(0), [32, 784]); // { kernel: [784, 128], bias: [128] }
 * const y = layer.apply(params, x); // [32, 128]
 */
export function dense(features: number, opts: DenseOptions = {}): Layer<DenseParams> {
  const op = "nn.dense";
  positiveInt(op, "features", features);
  checkOptions(op, opts, ["useBias", "kernelInit", "biasInit", "dtype"]);
  const useBias = bool(op, "useBias", opts.useBias, true);
  const kernelInit = fnOpt<Initializer>(op, "kernelInit", opts.kernelInit, lecunNormal());
  const biasInit = fnOpt<Initializer>(op, "biasInit", opts.biasInit, zeros);
  const { dtype } = opts;
  if (dtype !== undefined && dtype !== "float32" && dtype !== "float64") throw new TypeError(`${op}: dtype must be "float32" or "float64", got ${show(dtype)}`);
  const name = `dense(${features})`;
  const keys = useBias ? ["kernel", "bias"] : ["kernel"];
  const lastDim = (s: number[]) => {
    if (s.length === 0) throw new RangeError(`${name}: needs an input with at least one axis (the features), got shape []`);
    return s[s.length - 1];
  };
  return makeLayer<DenseParams>({
    name,
    init(key, s) {
      const [kk, kb] = random.split(key);
      const kernel = kernelInit(kk, [lastDim(s), features], dtype);
      return useBias ? { kernel, bias: biasInit(kb, [features], dtype) } : { kernel };
    },
    outputShape: (s) => (lastDim(s), [...s.slice(0, -1), features]),
    forward(params, state, x0) {
      const p = paramsOf<DenseParams>(name, params, keys);
      if (p.kernel.ndim !== 2 || p.kernel.shape[1] !== features) throw new RangeError(`${name}: kernel has shape ${fmt(p.kernel.shape)}, expected [in, ${features}]`);
      const x = floatInput(name, x0, p.kernel.dtype);
      const fin = p.kernel.shape[0];
      if (x.ndim === 0 || x.shape[x.ndim - 1] !== fin) throw new RangeError(`${name}: input of shape ${fmt(x.shape)} but params were made for ${fin} input features`);
      let y = np.matmul(x, p.kernel);
      if (p.bias) {
        paramShape(name, "bias", p.bias, [features]);
        y = np.add(y, p.bias);
      }
      return [y, state];
    },
  });
}
