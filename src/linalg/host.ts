/**
 * @file Linear-algebra primitives computed on the host: a float64 kernel for one matrix (or one
 * set of core operands), looped over the leading batch dimensions, on any backend and under jit
 * (a "host" lowering). float32 operands are widened to float64 and the results rounded back.
 */
import { ShapedArray, prod } from "../core/aval.js";
import { DType, TypedArray, typedArrayCtor } from "../core/dtype.js";
import { BDim, Primitive } from "../core/primitive.js";
import { bind } from "../core/trace.js";
import { loweredImpl } from "../lower/lowering.js";
import { moveBatchAxis } from "../transforms/vmap.js";

/** One batch element's operands (float64, row-major core shapes) → its results. */
export type HostKernel<P> = (ins: Float64Array[], coreShapes: number[][], params: P) => (Float64Array | Int32Array)[];

export interface HostSpec<P> {
  name: string;
  /** Number of trailing core dimensions of each input; the dimensions before them are batch dimensions (equal for all inputs). */
  coreDims: number[];
  abstractEval(avals: ShapedArray[], params: P): ShapedArray[];
  kernel: HostKernel<P>;
  jvp: Primitive<P>["jvp"];
  /** The transpose rule if linear in some operand; null otherwise (stated, never defaulted). */
  transpose: Primitive<P>["transpose"];
}

/** The leading batch shape shared by all inputs (throws a clear error when they differ). */
export function batchShape(name: string, avals: ShapedArray[], coreDims: number[]): number[] {
  const shapes = avals.map((a, i) => a.shape.slice(0, a.ndim - coreDims[i]));
  for (let i = 0; i < avals.length; i++) {
    if (avals[i].ndim < coreDims[i]) throw new RangeError(`${name}: operand ${i} must have at least ${coreDims[i]} dimensions, got ${avals[i].str()}`);
    if (shapes[i].join() !== shapes[0].join()) throw new RangeError(`${name}: batch dimensions differ: ${avals.map((a) => a.str()).join(", ")}`);
  }
  return shapes[0] ?? [];
}

/** Build a primitive from a per-matrix host kernel: impl, host lowering and batching rule are derived. */
export function hostPrimitive<P>(spec: HostSpec<P>): Primitive<P> {
  const { name, coreDims } = spec;
  const prim: Primitive<P> = {
    name,
    abstractEval: spec.abstractEval,
    impl: loweredImpl,
    lower(avals, params, outs) {
      const batch = prod(batchShape(name, avals, coreDims));
      const inCores = avals.map((a, i) => a.shape.slice(a.ndim - coreDims[i]));
      const outDtypes: DType[] = outs.map((o) => o.dtype);
      const run = (ins: TypedArray[]): TypedArray[] => {
        const results = outs.map((o) => new (typedArrayCtor(o.dtype))(o.size) as TypedArray);
        const inSizes = inCores.map(prod);
        for (let b = 0; b < batch; b++) {
          const operands = ins.map((x, i) => Float64Array.from(x.subarray(b * inSizes[i], (b + 1) * inSizes[i]) as ArrayLike<number>));
          const res = spec.kernel(operands, inCores, params);
          res.forEach((r, k) => (results[k] as TypedArray & { set(a: ArrayLike<number>, o: number): void }).set(r, b * r.length));
        }
        return results;
      };
      return { kind: "host", run, outDtypes };
    },
    jvp: spec.jvp,
    transpose: spec.transpose,
    // the batched axis becomes one more leading batch dimension of every operand
    batch(args, dims, params, size) {
      const moved = args.map((a, i) => moveBatchAxis(a, dims[i], 0, size));
      const outs = bind(prim, moved, params);
      return [outs, outs.map((): BDim => 0)];
    },
  };
  return prim;
}
