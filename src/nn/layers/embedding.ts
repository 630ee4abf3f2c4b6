/** @file `embedding`: integer ids → learned vectors (a lookup table), with `attend` for tied output logits (Flax's `nn.Embed`). */
import { ConcreteArray, NDArray } from "../../core/array.js";
import type { DType } from "../../core/dtype.js";
import * as np from "../../numpy/index.js";
import type { Layer } from "../layer.js";
import { varianceScaling, type Initializer } from "../initializers.js";
import { checkOptions, floatInput, fmt, fnOpt, makeLayer, paramShape, paramsOf, positiveInt, show } from "./common.js";

/** Parameters of `embedding`: the table [numEmbeddings, features]. */
export interface EmbeddingParams {
  embedding: NDArray;
}

/** An `embedding` layer: a `Layer` plus `attend`. */
export interface EmbeddingLayer extends Layer<EmbeddingParams> {
  /** query · tableᵀ: similarity of each query vector [..., features] with every embedding → [..., numEmbeddings]. */
  attend(params: EmbeddingParams, query: NDArray): NDArray;
}

/**
 * A lookup table of `numEmbeddings` vectors of `features` entries: `apply(params, ids)` maps integer ids
 * of any shape to [...ids.shape, features], as Flax's `nn.Embed` (default init: normal with variance
 * 1/features). Ids outside [0, numEmbeddings) are an error when the ids are concrete.
 * NB: under jit or vmap the ids are not known, and an out-of-range id is clamped (as JAX's gather).
 * @example
 * const emb = nn.embedding(1000, 64);
 * const params = emb.init(random.key(0), [8, 20]); // ids of shape [8, 20]
 * const v = emb.apply(params, ids); // [8, 20, 64]
 * const logits = emb.attend(params, v); // [8, 20, 1000]
 */
export function embedding(numEmbeddings: number, features: number, opts: { embeddingInit?: Initializer; dtype?: DType } = {}): EmbeddingLayer {
  const op = "nn.embedding";
  positiveInt(op, "numEmbeddings", numEmbeddings), positiveInt(op, "features", features);
  checkOptions(op, opts, ["embeddingInit", "dtype"]);
  const init = fnOpt<Initializer>(op, "embeddingInit", opts.embeddingInit, varianceScaling(1, "fanIn", "normal", { outAxis: 0 }));
  const dtype = opts.dtype;
  if (dtype !== undefined && dtype !== "float32" && dtype !== "float64") throw new TypeError(`${op}: dtype must be "float32" or "float64", got ${show(dtype)}`);
  const name = `embedding(${numEmbeddings}, ${features})`;
  const table = (params: unknown) => {
    const p = paramsOf<EmbeddingParams>(name, params, ["embedding"]);
    paramShape(name, "embedding", p.embedding, [numEmbeddings, features]);
    return p.embedding;
  };
  const layer = makeLayer<EmbeddingParams>({
    name,
    init: (key) => ({ embedding: init(key, [numEmbeddings, features], dtype) }),
    outputShape: (s) => [...s, features],
    forward(params, state, ids0) {
      const t = table(params);
      // a plain list of integers is taken as int32 ids
      const list = Array.isArray(ids0) && (ids0 as unknown[]).flat(Infinity).every((v) => Number.isInteger(v));
      const ids = ids0 instanceof NDArray ? ids0 : np.asArray(ids0 as number[], list ? "int32" : undefined);
      if (ids.dtype !== "int32" && ids.dtype !== "uint32") throw new TypeError(`${name}: ids must be an integer array (int32), got ${ids.dtype}${fmt(ids.shape)}`);
      if (ids instanceof ConcreteArray && ids.size > 0) {
        const lo = np.min(ids).item(), hi = np.max(ids).item();
        if (lo < 0 || hi >= numEmbeddings) throw new RangeError(`${name}: ids must be in [0, ${numEmbeddings}), got ids from ${lo} to ${hi}`);
      }
      return [np.take(t, ids, 0), state];
    },
  });
  return {
    ...layer,
    attend(...args: unknown[]): NDArray {
      if (args.length > 2) throw new TypeError(`${name}.attend: expected at most 2 arguments (params, query), got ${args.length}`);
      const t = table(args[0]);
      const q = floatInput(`${name}.attend`, args[1], t.dtype);
      if (q.ndim === 0 || q.shape[q.ndim - 1] !== features) throw new RangeError(`${name}.attend: query of shape ${fmt(q.shape)}, expected [..., ${features}]`);
      return np.matmul(q, np.transpose(t));
    },
  } as EmbeddingLayer;
}
