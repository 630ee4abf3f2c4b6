/**
 * @file The WebAssembly backend: kernels compiled at run time to wasm functions over one shared,
 * growable memory (buffers: see buffers.ts). Routines: see routines.ts (matmul: matmul.ts).
 */
import { DType, TypedArray } from "../../core/dtype.js";
import { Kernel, kernelKey } from "../../lower/kernel.js";
import { splitReduction } from "../../lower/split.js";
import { exprCost } from "../../lower/cost.js";
import type { Backend, Buf, Executable, RoutineName, RoutineParams } from "../backend.js";
import { JsBackend } from "../js/index.js";
import { generateModule, GenOptions } from "./codegen.js";
import { importObject } from "./context.js";
import { BufferStats, BufferStore } from "./buffers.js";
import { MatmulOptions, Routines } from "./routines.js";
import { MAX_MEMORY_BYTES, RESERVED } from "./memory.js";
import { MAX_TYPED_LENGTH } from "../../core/limits.js";
import { LruMap } from "../../core/lru.js";
import { configValue } from "../../core/config.js";
import { defaultThreads, JOB_KERNEL, MAX_ARGS, ThreadPool } from "./threads.js";

export { WasmBuf } from "./buffers.js";

type KernelFn = (...args: number[]) => void;

/** Outputs longer than 2·CHUNK elements are computed in calls over CHUNK-element ranges. */
const CHUNK = 1 << 16;

/** A kernel is split across threads when its estimated work (elements × expression nodes) reaches this. */
const MIN_PARALLEL_WORK = 1 << 17;
/** Least work in one part of a split kernel. */
const MIN_PART_WORK = 1 << 13;

/** Options of a wasm backend instance. */
export interface WasmOptions extends GenOptions {
  /** Threads to run large kernels and matmuls on (default: ADJOINT_THREADS, else the cores, at most 8; 1: none). */
  threads?: number;
  /**
   * Relaxed-SIMD (fused multiply–add) matmul kernels: default ADJOINT_WASM_RELAXED, else where the
   * engine has them (src/backend/wasm/relaxed.ts); false: SIMD128; true where the engine lacks them: an error.
   */
  relaxed?: boolean;
}

/** A compiled kernel module's entry point and what running it requires. */
interface Compiled {
  fn: KernelFn;
  module: WebAssembly.Module;
  bytes: Uint8Array<ArrayBuffer>;
  /** Estimated work per output element (expression nodes, transcendental functions weigh more). */
  cost: number;
  /** Inputs read at the bare output index (they must be at least as long as the output). */
  contiguous: number[];
  simdLanes: number;
  /** The variant clamping every load, compiled when an input is shorter than the output. */
  safe?: Compiled;
}

interface WasmExecutable extends Executable {
  compiled: Compiled;
  /** A long reduction run as two kernels (src/lower/split.ts). */
  split?: [WasmExecutable, WasmExecutable];
}

/** The WebAssembly backend. Several instances may coexist; each owns its memory. */
export class WasmBackend implements Backend {
  readonly name = "wasm";
  /** Its memory's 4 GiB address space (less the reserved bytes at address 0). */
  readonly limits = { bytes: MAX_MEMORY_BYTES - RESERVED, elements: MAX_TYPED_LENGTH };
  private readonly store = new BufferStore();
  /** Compiled kernel modules, least recently used dropped beyond `kernelCacheSize`. */
  private readonly cache = new LruMap<string, Compiled>(() => configValue("kernelCacheSize"));
  private readonly routines: Routines;
  /** Worker threads: started on the first large job (undefined: not yet; null: none). */
  private pool: ThreadPool | null | undefined;
  private readonly threads: number;

  /** `options`: threads; for tests, scalar code or imported Math functions. */
  constructor(private readonly options: WasmOptions = {}) {
    this.threads = options.threads ?? defaultThreads();
    this.routines = new Routines(this.store, new JsBackend(), (work) => this.poolFor(work), options.relaxed);
  }

  /** The thread pool when `work` is large enough to split and workers are ready, else null. */
  private poolFor(work: number): ThreadPool | null {
    if (work < MIN_PARALLEL_WORK || this.threads < 2) return null;
    if (this.pool === undefined) this.pool = this.createPool();
    return this.pool && this.pool.ready() > 0 ? this.pool : null;
  }

  private createPool(): ThreadPool | null {
    const a = this.store.allocator;
    return ThreadPool.create({ memory: a.memory, alloc: (bytes) => a.reserve(bytes), free: (ptr, bytes) => a.unreserve(ptr, bytes) }, this.threads);
  }

  /**
   * Start the worker threads now and resolve once they are ready (true), or false where there are
   * none. Not needed for correctness — large jobs use whichever workers are ready — but benchmarks
   * and tests await it to measure or exercise the threaded paths.
   */
  async startThreads(): Promise<boolean> {
    if (this.threads < 2) return false;
    if (this.pool === undefined) this.pool = this.createPool();
    return this.pool ? this.pool.whenReady() : false;
  }

  /** The wasm memory (shared by every kernel module of this backend). */
  get memory(): WebAssembly.Memory {
    return this.store.allocator.memory;
  }

  /** Size of the wasm memory in bytes. */
  memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Memory counters: capacity, live and cached bytes, resident buffers, evictions. */
  memoryStats(): BufferStats {
    return this.store.stats();
  }

  /** Compiled kernels in the cache (bounded by `kernelCacheSize`). For tests and diagnostics. */
  cachedKernels(): number {
    return this.cache.size;
  }

  /** A buffer for `size` elements (contents unspecified). */
  alloc(dtype: DType, size: number): Buf {
    return this.store.alloc(dtype, size);
  }

  /** A buffer holding a copy of `data`, converted to `dtype`. */
  fromTyped(data: TypedArray, dtype: DType): Buf {
    return this.store.fromTyped(data, dtype);
  }

  /** A copy of the buffer's contents. */
  read(buf: Buf): TypedArray {
    return this.store.read(buf);
  }

  /** Return a dead buffer's memory now (idempotent). */
  release(buf: Buf): void {
    this.store.release(buf);
  }

  /** Generate and instantiate the kernel's module (cached by kernel). */
  compile(kernel: Kernel): Executable {
    const split = splitReduction(kernel);
    if (split) return { kernel, split: [this.compile(split.partial) as WasmExecutable, this.compile(split.final) as WasmExecutable] } as WasmExecutable;
    const key = kernelKey(kernel);
    let compiled = this.cache.get(key);
    if (!compiled) this.cache.set(key, (compiled = this.instantiate(kernel, this.options)));
    return { kernel, compiled } as WasmExecutable;
  }

  private instantiate(kernel: Kernel, options: GenOptions): Compiled {
    const m = generateModule(kernel, options);
    const module = new WebAssembly.Module(m.bytes);
    const inst = new WebAssembly.Instance(module, importObject(this.memory, m.imports));
    return { fn: inst.exports.k as KernelFn, module, bytes: m.bytes, cost: exprCost(kernel.expr), contiguous: m.contiguous, simdLanes: m.simdLanes };
  }

  /** Is the kernel's SIMD loop used (lanes per step; 0 for scalar code)? For tests and diagnostics. */
  simdLanes(exe: Executable): number {
    return (exe as WasmExecutable).compiled?.simdLanes ?? 0;
  }

  /** Run a kernel over its whole output into `outBuf` or a new buffer. */
  run(exe: Executable, inputs: Buf[], outBuf?: Buf): Buf {
    const { kernel, split } = exe as WasmExecutable;
    if (split) {
      const partial = this.run(split[0], inputs);
      try {
        return this.run(split[1], [partial], outBuf);
      } finally {
        this.release(partial);
      }
    }
    const n = kernel.size;
    let compiled = (exe as WasmExecutable).compiled;
    for (const j of compiled.contiguous) {
      // a short input read at gidx (e.g. in an unselected branch): run the variant clamping every load
      if (inputs[j].size < n) {
        compiled = compiled.safe ??= this.instantiate(kernel, { ...this.options, clampAll: true });
        break;
      }
    }
    const fn = compiled.fn;
    for (let j = 0; j < inputs.length; j++) {
      if (inputs[j].dtype !== kernel.inputs[j]) throw new TypeError(`wasm backend: input ${j} is ${inputs[j].dtype}; the kernel reads ${kernel.inputs[j]}`);
    }
    if (inputs.length !== kernel.inputs.length) throw new TypeError(`wasm backend: ${inputs.length} inputs for a kernel of ${kernel.inputs.length}`);
    if (outBuf && (outBuf.dtype !== kernel.out || outBuf.size < n)) {
      throw new TypeError(`wasm backend: output buffer ${outBuf.dtype}[${outBuf.size}] for a kernel writing ${kernel.out}[${n}]`);
    }
    const store = this.store;
    const out = outBuf ?? store.alloc(kernel.out, n);
    if (n === 0) return out;
    const staged = store.stage(out, inputs);
    if (staged) {
      // every buffer is small: inputs were copied to scratch memory, the output is copied back
      if (staged.length <= 7) fn(0, n, staged[2], staged[3], staged[4], staged[5], staged[6]);
      else fn(...staged);
      store.finishStaged(out, staged[2]);
      return out;
    }
    // pin everything before the call: making one buffer resident may evict the others
    const args = [0, n, -1];
    let pinned = -1; // how many of [out, ...inputs] are pinned, less one
    try {
      args[2] = store.pin(out);
      for (pinned = 0; pinned < inputs.length; pinned++) args.push(store.pin(inputs[pinned]), inputs[pinned].size);
      const perElement = (kernel.reduce?.size ?? 1) * compiled.cost;
      const pool = n > 1 ? this.poolFor(n * perElement) : null;
      if (pool && args.length - 1 <= MAX_ARGS) {
        // about 8 parts per thread (of ≥ MIN_PART_WORK each), taken from a shared counter (threads.ts)
        const threads = pool.ready() + 1;
        let chunk = Math.ceil(Math.min(CHUNK, Math.max(MIN_PART_WORK / perElement, n / (8 * threads))));
        if (chunk > 16) chunk = Math.ceil(chunk / 16) * 16;
        const module = pool.moduleId(compiled.module, compiled.bytes);
        pool.run(JOB_KERNEL, module, Math.ceil(n / chunk), chunk, [n, ...args.slice(2)], { kernel: fn });
      } else if (n <= 2 * CHUNK) {
        if (args.length <= 7) fn(0, n, args[2], args[3], args[4], args[5], args[6]);
        else fn(...args);
      } else {
        // in chunks: a new kernel starts in V8's baseline tier; later chunks run its optimised code
        for (let start = 0; start < n; start += CHUNK) {
          args[0] = start;
          args[1] = Math.min(n, start + CHUNK);
          fn(...args);
        }
      }
    } finally {
      if (args[2] >= 0) store.unpin(out);
      for (let j = 0; j < pinned; j++) store.unpin(inputs[j]);
    }
    return out;
  }

  /**
   * Routines: matmul in generated SIMD code, sort/cumulative/scatter_add on views of wasm memory
   * (routines.ts); semantics are the reference's (matmul: up to float rounding, see `Routines.matmul`).
   */
  routine<N extends RoutineName>(name: N, inputs: Buf[], params: RoutineParams[N]): Buf[] {
    const r = this.routines;
    switch (name) {
      case "matmul": return [r.matmul(inputs[0], inputs[1], params as RoutineParams["matmul"])];
      case "sort": return r.sort(inputs[0], params as RoutineParams["sort"]);
      case "cumulative": return r.cumulative(inputs[0], params as RoutineParams["cumulative"]);
      case "scatter_add": return r.scatterAdd(inputs[0], inputs[1], params as RoutineParams["scatter_add"]);
      case "threefry": return r.threefry(inputs, params as RoutineParams["threefry"]);
      case "im2col": return [r.im2col(inputs, params as RoutineParams["im2col"])];
      case "pool_scatter": return [r.poolScatter(inputs, params as RoutineParams["pool_scatter"])];
    }
    throw new Error(`wasm backend: unknown routine ${name}`);
  }

  /** The matmul routine with options (for tests and tuning: blocking, matrix–vector path). */
  matmul(lhs: Buf, rhs: Buf, params: RoutineParams["matmul"], opts?: MatmulOptions): Buf {
    return this.routines.matmul(lhs, rhs, params, opts);
  }
}
