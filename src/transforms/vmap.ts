/** @file Batching (vmap): the batch interpreter carries, beside each value, the axis it is mapped over. */
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { BDim, Primitive } from "../core/primitive.js";
import { MainTrace, Trace, Tracer, bind, newMain } from "../core/trace.js";
import { broadcastInDim as bindBroadcast, moveaxis } from "../lax/index.js";

export class BatchTracer extends Tracer {
  constructor(trace: Trace, readonly val: NDArray, readonly bdim: BDim) {
    super(trace);
  }
  get aval(): ShapedArray {
    if (this.bdim === null) return this.val.aval;
    const s = [...this.val.shape];
    s.splice(this.bdim, 1);
    return new ShapedArray(s, this.val.dtype);
  }
  override fullLower(): NDArray {
    return this.bdim === null ? (this.val instanceof Tracer ? this.val.fullLower() : this.val) : this;
  }
}

export class BatchTrace extends Trace {
  get name(): string {
    return "vmap";
  }
  pure(val: NDArray): Tracer {
    return new BatchTracer(this, val, null);
  }
  get axisSize(): number {
    return this.main.globalData as number;
  }
  processPrimitive(prim: Primitive, tracers: NDArray[], params: any): NDArray[] {
    const ts = tracers as BatchTracer[];
    const vals = ts.map((t) => t.val);
    const dims = ts.map((t) => t.bdim);
    if (dims.every((d) => d === null)) return bind(prim, vals, params);
    const [outs, outDims] = prim.batch(vals, dims, params, this.axisSize);
    return outs.map((o, i) => new BatchTracer(this, o, outDims[i]));
  }
}

/**
 * vmap on flat lists: map `f` over axis `inDims[i]` of each argument (null = broadcast), outputs
 * along `outDims` (default axis 0; a function when the output axes are known only after tracing f).
 */
export function vmapFlat(
  f: (...xs: NDArray[]) => NDArray[],
  inDims: BDim[],
  args: NDArray[],
  axisSize: number,
  outDims: BDim[] | (() => BDim[]) | null = null,
): NDArray[] {
  return newMain(BatchTrace, axisSize, (main: MainTrace) => {
    const trace = main.trace as BatchTrace;
    const ins = args.map((a, i) => (inDims[i] === null ? a : new BatchTracer(trace, a, inDims[i])));
    const outs = f(...ins).map((o) => trace.fullRaise(o) as BatchTracer);
    const dims = typeof outDims === "function" ? outDims() : outDims;
    return outs.map((o, i) => {
      const want = dims ? dims[i] : 0;
      if (want === null) {
        if (o.bdim !== null) throw new Error(`vmap: outAxes is null for output ${i}, but that output depends on the mapped axis`);
        return o.val;
      }
      return moveBatchAxis(o.val, o.bdim, want, axisSize);
    });
  });
}

/** Move (or create, by broadcasting) the batch axis of `x` to position `to`. */
export function moveBatchAxis(x: NDArray, from: BDim, to: number, size: number): NDArray {
  if (from === null) {
    const shape = [...x.shape];
    shape.splice(to, 0, size);
    const dims = x.shape.map((_, i) => (i < to ? i : i + 1));
    return bindBroadcast(x, shape, dims);
  }
  return moveaxis(x, from, to);
}
