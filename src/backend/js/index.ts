/** @file The reference backend: kernels compiled to plain JavaScript over TypedArrays. The executable specification. */
import { DType, TypedArray, typedArrayCtor } from "../../core/dtype.js";
import { prod, stridesOf } from "../../core/aval.js";
import { Kernel, kernelKey } from "../../lower/kernel.js";
import { splitReduction } from "../../lower/split.js";
import type { Backend, Buf, Executable, RoutineName, RoutineParams } from "../backend.js";
import { generate, helpers } from "./codegen.js";
import { threefryRef } from "../threefry_spec.js";
import { im2colRef, im2colSize } from "../im2col_spec.js";
import { poolScatterRef, poolScatterSize } from "../pool_spec.js";
import { MAX_TYPED_LENGTH, PHYSICAL_BYTES } from "../../core/limits.js";
import { LruMap } from "../../core/lru.js";
import { configValue } from "../../core/config.js";

interface JsBuf extends Buf {
  data: TypedArray;
}
type KernelFn = (ins: TypedArray[], out: TypedArray, N: number, R: number, H: typeof helpers) => void;
interface JsExecutable extends Executable {
  fn: KernelFn;
  /** A long reduction run as two kernels (src/lower/split.ts). */
  split?: [JsExecutable, JsExecutable];
}

function jsBuf(data: TypedArray, dtype: DType): JsBuf {
  return { dtype, size: data.length, data };
}

/** Sort key order: NumPy puts NaN last. */
function cmpNum(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}

export class JsBackend implements Backend {
  readonly name = "js";
  /** A TypedArray's maximum length; no more bytes than the machine has. */
  readonly limits = { bytes: PHYSICAL_BYTES, elements: MAX_TYPED_LENGTH };
  /** Compiled kernels, least recently used dropped beyond `kernelCacheSize`. */
  private readonly cache = new LruMap<string, KernelFn>(() => configValue("kernelCacheSize"));

  fromTyped(data: TypedArray, dtype: DType): Buf {
    const Ctor = typedArrayCtor(dtype);
    return jsBuf(new Ctor(data), dtype);
  }

  read(buf: Buf): TypedArray {
    return (buf as JsBuf).data.slice();
  }

  compile(kernel: Kernel): Executable {
    const split = splitReduction(kernel);
    if (split) return { kernel, fn: () => {}, split: [this.compile(split.partial) as JsExecutable, this.compile(split.final) as JsExecutable] } as JsExecutable;
    const key = kernelKey(kernel);
    let fn = this.cache.get(key);
    if (!fn) {
      fn = new Function("ins", "out", "N", "R", "H", generate(kernel)) as KernelFn;
      this.cache.set(key, fn);
    }
    return { kernel, fn } as JsExecutable;
  }

  /** Compiled kernels in the cache (bounded by `kernelCacheSize`). For tests and diagnostics. */
  cachedKernels(): number {
    return this.cache.size;
  }

  alloc(dtype: DType, size: number): Buf {
    return jsBuf(new (typedArrayCtor(dtype))(size), dtype);
  }

  release(): void {} // garbage collection reclaims TypedArrays

  run(exe: Executable, inputs: Buf[], outBuf?: Buf): Buf {
    const { kernel, fn, split } = exe as JsExecutable;
    if (split) return this.run(split[1], [this.run(split[0], inputs)], outBuf);
    const out = outBuf ? (outBuf as JsBuf).data : new (typedArrayCtor(kernel.out))(kernel.size);
    fn(inputs.map((b) => (b as JsBuf).data), out, kernel.size, kernel.reduce?.size ?? 0, helpers);
    return outBuf ?? jsBuf(out, kernel.out);
  }

  routine<N extends RoutineName>(name: N, inputs: Buf[], params: RoutineParams[N]): Buf[] {
    const ins = inputs.map((b) => (b as JsBuf).data);
    switch (name) {
      case "threefry": {
        const { n, vectorKey } = params as RoutineParams["threefry"];
        const y0 = new Uint32Array(n), y1 = new Uint32Array(n);
        threefryRef(ins[0] as Uint32Array, ins[1] as Uint32Array, ins[2] as Uint32Array, ins[3] as Uint32Array, y0, y1, vectorKey);
        return [jsBuf(y0, "uint32"), jsBuf(y1, "uint32")];
      }
      case "sort": {
        const { shape } = params as RoutineParams["sort"];
        const n = shape.length ? shape[shape.length - 1] : 1;
        const x = ins[0];
        const vals = new (typedArrayCtor(inputs[0].dtype))(x.length);
        const perm = new Int32Array(x.length);
        const idx = new Array<number>(n);
        for (let off = 0; off < x.length; off += n) {
          for (let j = 0; j < n; j++) idx[j] = j;
          idx.sort((a, b) => cmpNum(x[off + a], x[off + b]) || a - b);
          for (let j = 0; j < n; j++) {
            perm[off + j] = idx[j];
            vals[off + j] = x[off + idx[j]];
          }
        }
        return [jsBuf(vals, inputs[0].dtype), jsBuf(perm, "int32")];
      }
      case "cumulative": {
        const { shape, axis, op, reverse } = params as RoutineParams["cumulative"];
        const x = ins[0];
        const out = new (typedArrayCtor(inputs[0].dtype))(x.length);
        const st = stridesOf(shape)[axis], n = shape[axis];
        const outerN = prod(shape.slice(0, axis)), blk = n * st;
        const f = { sum: (a: number, b: number) => a + b, prod: (a: number, b: number) => a * b, max: Math.max, min: Math.min }[op];
        for (let o = 0; o < outerN; o++) {
          for (let s = 0; s < st; s++) {
            const base = o * blk + s;
            let acc = 0;
            for (let t = 0; t < n; t++) {
              const j = base + (reverse ? n - 1 - t : t) * st;
              acc = t === 0 ? x[j] : f(acc, x[j]);
              out[j] = acc;
              acc = out[j]; // accumulate in the stored dtype, as a sequential scan would
            }
          }
        }
        return [jsBuf(out, inputs[0].dtype)];
      }
      case "scatter_add": {
        const { outShape, axis, idxSize } = params as RoutineParams["scatter_add"];
        const [indices, updates] = ins;
        const out = new (typedArrayCtor(inputs[1].dtype))(prod(outShape));
        const pre = prod(outShape.slice(0, axis)), d = outShape[axis], post = prod(outShape.slice(axis + 1));
        for (let p = 0; p < pre; p++) {
          for (let j = 0; j < idxSize; j++) {
            const t = Math.min(Math.max(indices[j], 0), d - 1);
            const ob = (p * d + t) * post, ub = (p * idxSize + j) * post;
            for (let q = 0; q < post; q++) out[ob + q] += updates[ub + q];
          }
        }
        return [jsBuf(out, inputs[1].dtype)];
      }
      case "pool_scatter": {
        const p = params as RoutineParams["pool_scatter"];
        const out = new (typedArrayCtor(inputs[0].dtype))(poolScatterSize(p));
        poolScatterRef(ins[0], ins[1], out, p);
        return [jsBuf(out, inputs[0].dtype)];
      }
      case "im2col": {
        const p = params as RoutineParams["im2col"];
        const out = new (typedArrayCtor(inputs[0].dtype))(im2colSize(p));
        im2colRef(ins[0], out, p);
        return [jsBuf(out, inputs[0].dtype)];
      }
      case "matmul": {
        const { batch, m, n, k, lhsStrides: [lb, lm, lk], rhsStrides: [rb, rk, rn] } = params as RoutineParams["matmul"];
        const [a, b] = ins;
        const dtype = inputs[0].dtype;
        const out = new (typedArrayCtor(dtype))(batch * m * n);
        const float = dtype === "float32" || dtype === "float64";
        // floats accumulate a row in double and round once on store; integers wrap like int32 arithmetic
        const row = float ? new Float64Array(n) : new Int32Array(n);
        if (float && rn !== 1 && lk === 1 && rk === 1) {
          // rhs transposed (x·Wᵀ): both operands are contiguous along p — dot products
          for (let t = 0; t < batch; t++) {
            for (let i = 0; i < m; i++) {
              const aRow = t * lb + i * lm;
              for (let j = 0; j < n; j++) {
                const bCol = t * rb + j * rn;
                let acc = 0;
                for (let p = 0; p < k; p++) acc += a[aRow + p] * b[bCol + p];
                out[(t * m + i) * n + j] = acc;
              }
            }
          }
          return [jsBuf(out, dtype)];
        }
        for (let t = 0; t < batch; t++) {
          for (let i = 0; i < m; i++) {
            row.fill(0);
            const aRow = t * lb + i * lm;
            for (let p = 0; p < k; p++) {
              const av = a[aRow + p * lk];
              const bRow = t * rb + p * rk;
              if (!float) for (let j = 0; j < n; j++) row[j] = (row[j] + Math.imul(av, b[bRow + j * rn])) | 0;
              else if (rn === 1) for (let j = 0; j < n; j++) row[j] += av * b[bRow + j];
              else for (let j = 0; j < n; j++) row[j] += av * b[bRow + j * rn];
            }
            out.set(row, (t * m + i) * n);
          }
        }
        return [jsBuf(out, dtype)];
      }
    }
    throw new Error(`js backend: unknown routine ${name}`);
  }
}
