/**
 * @file Composition: `activation` (any x ↦ y as a parameterless layer), `flatten`, `sequential`
 * (params and state as arrays, one entry per layer; keys split to each layer) and `mlp`.
 */
import { NDArray } from "../../core/array.js";
import type { DType } from "../../core/dtype.js";
import * as np from "../../numpy/index.js";
import * as random from "../../random/index.js";
import { makeJaxpr } from "../../public/transforms.js";
import type { ApplyOptions, Layer } from "../layer.js";
import type { Initializer } from "../initializers.js";
import { relu } from "../activations.js";
import { dense } from "./dense.js";
import { bool, checkOptions, fmt, fnOpt, isPlainObject, makeLayer, positiveInt, show } from "./common.js";

type Empty = Record<string, never>;
/** A layer of any parameters and state. */
export type AnyLayer = Layer<any, any>;
/** What `sequential` accepts: a layer, or a function x ↦ y (wrapped by `activation`). */
export type LayerLike = AnyLayer | ((x: NDArray) => NDArray);

function noParams(name: string, params: unknown): void {
  if (params !== undefined && params !== null && (!isPlainObject(params) || Object.keys(params).length > 0)) {
    throw new TypeError(`${name}: has no parameters; params must be {} (from init), got ${show(params)}`);
  }
}

/**
 * Any function `x ↦ y` as a parameterless layer (params `{}`); `outputShape` stages `fn` (`makeJaxpr`)
 * without computing it.
 * @example const act = nn.activation(nn.gelu); act.apply({}, x)
 */
export function activation(fn: (x: NDArray) => NDArray): Layer<Empty> {
  if (typeof fn !== "function") throw new TypeError(`nn.activation: fn must be a function x => y, got ${show(fn)}`);
  const name = `activation(${fn.name || "fn"})`;
  return makeLayer<Empty>({
    name,
    init: () => ({}),
    outputShape(s) {
      const out = makeJaxpr(fn)(np.zeros(s)).outAvals;
      if (out.length !== 1) throw new TypeError(`${name}: fn must return one array, got ${out.length} outputs`);
      return [...out[0].shape];
    },
    forward(params, state, x) {
      noParams(name, params);
      return [fn(x instanceof NDArray ? x : np.asArray(x as number[])), state];
    },
  });
}

/**
 * Flattens all axes from `startAxis` (default 1: keep the batch axis) into one, as `torch.nn.Flatten`;
 * e.g. [32, 28, 28, 1] → [32, 784].
 * @example nn.flatten().outputShape([32, 28, 28, 1]) // [32, 784]
 */
export function flatten(opts: { startAxis?: number } = {}): Layer<Empty> {
  checkOptions("nn.flatten", opts, ["startAxis"]);
  const start = opts.startAxis ?? 1;
  if (!Number.isInteger(start) || start < 0) throw new TypeError(`nn.flatten: startAxis must be a non-negative integer, got ${show(start)}`);
  const name = start === 1 ? "flatten()" : `flatten(${start})`;
  const out = (s: number[]) => {
    if (s.length <= start) throw new RangeError(`${name}: input of shape ${fmt(s)} has no axes after axis ${start - 1} to flatten (expected rank > ${start})`);
    return [...s.slice(0, start), s.slice(start).reduce((p, d) => p * d, 1)];
  };
  return makeLayer<Empty>({
    name,
    init: () => ({}),
    outputShape: out,
    forward(params, state, x0) {
      noParams(name, params);
      const x = x0 instanceof NDArray ? x0 : np.asArray(x0 as number[]);
      return [np.reshape(x, out(x.shape)), state];
    },
  });
}

const asLayer = (l: LayerLike, i: number, op: string): AnyLayer => {
  if (typeof l === "function") return activation(l);
  if (l === null || typeof l !== "object" || typeof l.init !== "function" || typeof l.applyWithState !== "function" || typeof l.outputShape !== "function") {
    throw new TypeError(`${op}: layers[${i}] must be a layer (nn.dense(…), …) or a function x => y, got ${show(l)}`);
  }
  return l;
};

/**
 * Layers applied one after the other: params and state are arrays with one entry per layer, the
 * input shape flows through each layer's `outputShape`, and in training the key is split into one
 * key per layer (so every dropout draws its own mask). Bare functions are wrapped by `activation`.
 * @example
 * const model = nn.sequential(nn.dense(128), nn.relu, nn.dropout(0.1), nn.dense(10));
 * const params = model.init(random.key(0), [32, 784]); // [{kernel, bias}, {}, {}, {kernel, bias}]
 * const logits = model.apply(params, x, { training: true, key });
 */
export function sequential(...layers: LayerLike[]): Layer<unknown[], unknown[]> {
  return compose("nn.sequential", layers, null);
}

function compose(op: string, given: LayerLike[], title: string | null): Layer<unknown[], unknown[]> {
  if (given.length === 0) throw new TypeError(`${op}: needs at least one layer`);
  const ls = given.map((l, i) => asLayer(l, i, op));
  const n = ls.length;
  const name = title ?? `sequential(${ls.map((l) => l.name).join(", ")})`;
  const list = (what: string, v: unknown): unknown[] => {
    if (!Array.isArray(v) || v.length !== n) {
      throw new TypeError(`${name}: ${what} must be an array with one entry per layer (${n}), got ${Array.isArray(v) ? `${v.length} entries` : show(v)}`);
    }
    return v;
  };
  const shapes = (s: number[]) => {
    const out = [s];
    for (const l of ls) out.push([...l.outputShape(out[out.length - 1])]);
    return out;
  };
  const layerKeys = (key: NDArray | undefined): (NDArray | undefined)[] => (key === undefined ? ls.map(() => undefined) : [...random.split(key, n)]);
  return makeLayer<unknown[], unknown[]>({
    name,
    init(key, s) {
      const ks = [...random.split(key, n)], ss = shapes(s);
      return ls.map((l, i) => l.init(ks[i], ss[i]));
    },
    initState(s) {
      const ss = shapes(s);
      return ls.map((l, i) => l.initState(ss[i]));
    },
    outputShape: (s) => shapes(s)[n],
    forward(params, state, x, o, threaded) {
      const ps = list("params", params);
      const st = threaded || state != null ? list("state", state) : ls.map(() => null);
      const ks = layerKeys(o.training ? o.key : undefined);
      let y = x;
      const next: unknown[] = [];
      ls.forEach((l, i) => {
        const oi: ApplyOptions<unknown> = { training: o.training ?? false };
        if (ks[i]) oi.key = ks[i];
        if (threaded) {
          const [yi, si] = l.applyWithState(ps[i], st[i], y, oi);
          y = yi;
          next.push(si);
        } else {
          if (st[i] !== null && st[i] !== undefined) oi.state = st[i];
          y = l.apply(ps[i], y, oi);
        }
      });
      return [y, threaded ? next : state];
    },
  });
}

/** Options of `mlp`. */
export interface MlpOptions {
  /** Between the dense layers (default `nn.relu`). */
  activation?: (x: NDArray) => NDArray;
  /** Also after the last dense layer (default false: the output is linear, e.g. logits). */
  activateFinal?: boolean;
  /** Biases in the dense layers (default true). */
  useBias?: boolean;
  /** Kernel initializer of the dense layers (default `lecunNormal()`). */
  kernelInit?: Initializer;
  /** Bias initializer of the dense layers (default `zeros`). */
  biasInit?: Initializer;
  /** Parameter dtype. */
  dtype?: DType;
}

/**
 * A multi-layer perceptron: `dense(features[0])`, activation, …, `dense(features[last])` as one
 * `sequential` (params: one entry per dense and per activation, the activations' `{}`).
 * @example
 * const model = nn.mlp([128, 128, 10]); // 784 → 128 → relu → 128 → relu → 10
 * const params = model.init(random.key(0), [32, 784]);
 */
export function mlp(features: number[], opts: MlpOptions = {}): Layer<unknown[], unknown[]> {
  const op = "nn.mlp";
  if (!Array.isArray(features) || features.length === 0) throw new TypeError(`${op}: features must be a non-empty list of layer widths, got ${show(features)}`);
  features.forEach((f, i) => positiveInt(op, `features[${i}]`, f));
  checkOptions(op, opts, ["activation", "activateFinal", "useBias", "kernelInit", "biasInit", "dtype"]);
  const act = fnOpt<(x: NDArray) => NDArray>(op, "activation", opts.activation, relu);
  const final = bool(op, "activateFinal", opts.activateFinal, false);
  const { useBias, kernelInit, biasInit, dtype } = opts;
  const d = { useBias, kernelInit, biasInit, dtype };
  for (const k of Object.keys(d) as (keyof typeof d)[]) if (d[k] === undefined) delete d[k];
  const ls: LayerLike[] = [];
  features.forEach((f, i) => {
    ls.push(dense(f, d));
    if (i < features.length - 1 || final) ls.push(activation(act));
  });
  return compose(op, ls, `mlp([${features.join(", ")}])`);
}
