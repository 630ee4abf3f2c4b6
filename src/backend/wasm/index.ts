/**
 * @file The WebAssembly backend: kernels compiled at run time to wasm functions over one shared,
 * growable memory (buffers: see buffers.ts). Routines: see routines.ts (matmul: matmul.ts).
 */
import { DType, TypedArray } from "../../core/dtype.js";
import { Kernel, kernelKey } from "../../lower/kernel.js";
import type { Backend, Buf, Executable, RoutineName, RoutineParams } from "../backend.js";
import { JsBackend } from "../js/index.js";
import { generateModule, GenOptions } from "./codegen.js";
import { importObject } from "./context.js";
import { BufferStats, BufferStore } from "./buffers.js";
import { MatmulOptions, Routines } from "./routines.js";

export { WasmBuf } from "./buffers.js";

type KernelFn = (...args: number[]) => void;

/** Outputs longer than 2·CHUNK elements are computed in calls over CHUNK-element ranges. */
const CHUNK = 1 << 16;

/** A compiled kernel module's entry point and what running it requires. */
interface Compiled {
  fn: KernelFn;
  /** Inputs read at the bare output index (they must be at least as long as the output). */
  contiguous: number[];
  simdLanes: number;
  /** The variant clamping every load, compiled when an input is shorter than the output. */
  safe?: Compiled;
}

interface WasmExecutable extends Executable {
  compiled: Compiled;
}

/** The WebAssembly backend. Several instances may coexist; each owns its memory. */
export class WasmBackend implements Backend {
  readonly name = "wasm";
  private readonly store = new BufferStore();
  private readonly cache = new Map<string, Compiled>();
  private readonly routines = new Routines(this.store, new JsBackend());

  /** `options` are for tests: force scalar code or imported Math functions. */
  constructor(private readonly options: GenOptions = {}) {}

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
    const key = kernelKey(kernel);
    let compiled = this.cache.get(key);
    if (!compiled) this.cache.set(key, (compiled = this.instantiate(kernel, this.options)));
    return { kernel, compiled } as WasmExecutable;
  }

  private instantiate(kernel: Kernel, options: GenOptions): Compiled {
    const m = generateModule(kernel, options);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(m.bytes), importObject(this.memory, m.imports));
    return { fn: inst.exports.k as KernelFn, contiguous: m.contiguous, simdLanes: m.simdLanes };
  }

  /** Is the kernel's SIMD loop used (lanes per step; 0 for scalar code)? For tests and diagnostics. */
  simdLanes(exe: Executable): number {
    return (exe as WasmExecutable).compiled.simdLanes;
  }

  /** Run a kernel over its whole output into `outBuf` or a new buffer. */
  run(exe: Executable, inputs: Buf[], outBuf?: Buf): Buf {
    const { kernel, compiled } = exe as WasmExecutable;
    const n = kernel.size;
    let fn = compiled.fn;
    for (const j of compiled.contiguous) {
      // a short input read at gidx (e.g. in an unselected branch): run the variant clamping every load
      if (inputs[j].size < n) {
        compiled.safe ??= this.instantiate(kernel, { ...this.options, clampAll: true });
        fn = compiled.safe.fn;
        break;
      }
    }
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
      if (n <= 2 * CHUNK) {
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
    }
    throw new Error(`wasm backend: unknown routine ${name}`);
  }

  /** The matmul routine with options (for tests and tuning: blocking, matrix–vector path). */
  matmul(lhs: Buf, rhs: Buf, params: RoutineParams["matmul"], opts?: MatmulOptions): Buf {
    return this.routines.matmul(lhs, rhs, params, opts);
  }
}
