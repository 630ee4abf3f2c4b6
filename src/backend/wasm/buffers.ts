/**
 * @file Buffers of the wasm backend. Small buffers live in JS typed arrays (the garbage collector
 * owns them, as in the reference backend) and are staged into wasm memory only while a kernel runs.
 * Large buffers live in wasm memory and come back by `release`, or from the allocator's side: when
 * the memory is full, the buffers neither allocated nor used since it was last full are evicted to
 * JS-heap copies and forgotten (the garbage collector reclaims the dead ones); a live one is copied
 * back on its next use. That needs no help from the garbage collector, so it works in a synchronous
 * loop that never yields. A FinalizationRegistry saves the copies of dead buffers when the event
 * loop turns, but its callbacks (and the records of dead registered objects) wait for a turn, so
 * only a bounded number of buffers are registered between two turns (see MAX_PENDING): a long
 * synchronous loop stops registering instead of piling records up on the heap. The registry holds
 * numeric ids, not cells: it keeps held values alive until their callback runs, which would keep
 * evicted copies alive.
 */
import { DType, TypedArray, typedArrayCtor } from "../../core/dtype.js";
import type { Buf } from "../backend.js";
import { Allocator, MemoryStats, sizeClass } from "./memory.js";

/** A buffer's storage: a block of wasm memory (`ptr` ≥ 0) and/or a JS copy (`js`). */
interface Cell {
  id: number;
  dtype: DType;
  size: number;
  cls: number;
  /** Small buffers live in `js`; their block exists only while pinned. */
  small: boolean;
  ptr: number;
  /** The contents while not resident (small, or evicted). */
  js: TypedArray | null;
  /** Runs using the block right now (pinned blocks are never evicted). */
  pins: number;
  /** The epoch of the last allocation or use: only older buffers are evicted. */
  epoch: number;
  released: boolean;
}

/** A buffer of the wasm backend: a handle on a cell (handles of released buffers are recycled). */
export class WasmBuf implements Buf {
  constructor(public dtype: DType, public size: number, public cell: Cell) {}
}

/** Arrays up to this long are copied element by element (no subarray object, no call into the runtime). */
const TINY = 16;
function copyIn(dst: TypedArray, src: TypedArray, at: number): void {
  if (src.length <= TINY) for (let i = 0; i < src.length; i++) dst[at + i] = src[i];
  else dst.set(src, at);
}

/** Released large-buffer handles kept for reuse, at most this many; a handle is reused only after this many later releases. */
const SPARE_HANDLES = 256;
const SPARE_DELAY = 64;

const BYTES: Record<DType, number> = { bool: 1, int32: 4, uint32: 4, float32: 4, float64: 8, complex64: 4, complex128: 8 }; // (complex: never a buffer dtype — stored as its float parts)
/**
 * Buffers registered with the FinalizationRegistry between two turns of the event loop, at most: each
 * registration leaves a record on the heap until a turn runs the cleanup. Past this, new buffers
 * come back only by eviction (a copy of the dead ones, but no growth in a loop that never yields).
 */
export const MAX_PENDING = 1024;
/** Call `f` on the next turn of the event loop, without keeping a Node process alive for it. */
function onNextTurn(f: () => void): void {
  const t = setTimeout(f, 0) as unknown as { unref?: () => void };
  t.unref?.();
}
/** Buffers below this many bytes live on the JS heap. */
const SMALL_BYTES = 4096;
/** Below this capacity the memory just grows (eviction is for long loops that never yield). */
const MIN_EVICT_BYTES = 8 * 2 ** 20;

/**
 * ADJOINT_MEMORY_TRACE=1 logs each time the memory is full (to stderr): the request, the counters
 * before and after making room (eviction, compaction) and the time it took. For diagnostics.
 */
const TRACE = !!(globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.ADJOINT_MEMORY_TRACE;
const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
function traceFull(cls: number, a: MemoryStats, b: MemoryStats, evicted: number, moved: number, restored: number, ms: number): void {
  console.error(`wasm memory full (${mib(cls)} requested): capacity ${mib(a.capacity)}, live ${mib(a.live)}, free ${mib(a.cached)} in ${a.freeBlocks} blocks ` +
    `(largest ${mib(a.largestFree)}), top ${mib(a.top)}; evicted ${evicted} buffers (${mib(restored)} restored since the last time), ${moved ? `compacted (moved ${mib(moved)})` : "no compaction needed"} ` +
    `→ live ${mib(b.live)}, free ${mib(b.cached + b.capacity - b.top)}, top ${mib(b.top)} (${ms.toFixed(1)} ms)`);
}

/** Counters for tests and diagnostics. */
export interface BufferStats extends MemoryStats {
  /** Large buffers resident in wasm memory. */
  resident: number;
  /** How many times stale buffers were evicted to the JS heap. */
  evictions: number;
  /** Buffers registered with the FinalizationRegistry since the event loop last turned (at most MAX_PENDING). */
  pending: number;
}

/** The buffers of one backend instance and the memory they live in. */
export class BufferStore {
  readonly allocator = new Allocator();
  /** Resident large buffers by id. Small, evicted and released ones are not listed. */
  private readonly resident = new Map<number, Cell>();
  private nextId = 0;
  /** Incremented whenever the memory is full. */
  private epoch = 0;
  private evictions = 0;
  /** Bytes of evicted buffers copied back since the last eviction: many means evicting live data. */
  private restored = 0;
  /**
   * Handles of large buffers released explicitly, reused by `alloc` with their registration: every
   * registration leaves a cell in the FinalizationRegistry until its cleanup runs on an event-loop
   * turn, so a long synchronous loop that allocated a fresh handle per buffer would grow the heap.
   */
  private readonly spare: WasmBuf[] = [];
  /** Registrations since the event loop last turned (see MAX_PENDING). */
  private pending = 0;
  private readonly turned = () => (this.pending = 0);
  private readonly finalizer = new FinalizationRegistry((id: number) => {
    const cell = this.resident.get(id);
    if (cell) this.free(cell);
  });
  private buffer: ArrayBuffer;
  private views!: Record<DType, TypedArray>;
  /** The allocator's grow count when the views were made (the memory only grows through it). */
  private viewsGrowCount = 0;
  /** A block where small buffers are staged for a kernel call. */
  private scratch = -1;
  private scratchBytes = 0;

  constructor() {
    this.buffer = this.allocator.memory.buffer;
    this.makeViews();
    this.allocator.onFull = (cls) => this.makeRoom(cls);
  }

  /** Memory and buffer counters. */
  stats(): BufferStats {
    return { ...this.allocator.stats(), resident: this.resident.size, evictions: this.evictions, pending: this.pending };
  }

  private makeViews(): void {
    const b = this.buffer;
    this.views = { bool: new Uint8Array(b), int32: new Int32Array(b), uint32: new Uint32Array(b), float32: new Float32Array(b), float64: new Float64Array(b), complex64: new Float32Array(b), complex128: new Float64Array(b) };
  }

  /** The typed-array view of the whole memory for `dtype` (re-created after the memory grew). */
  whole(dtype: DType): TypedArray {
    if (this.allocator.growCount !== this.viewsGrowCount) {
      this.buffer = this.allocator.memory.buffer;
      this.viewsGrowCount = this.allocator.growCount;
      this.makeViews();
    }
    return this.views[dtype];
  }

  /** A new buffer (contents unspecified). */
  alloc(dtype: DType, size: number): WasmBuf {
    const bytes = size * BYTES[dtype];
    const small = bytes < SMALL_BYTES;
    const cell: Cell = {
      id: this.nextId++, dtype, size, cls: sizeClass(bytes), small, ptr: -1,
      js: small ? new (typedArrayCtor(dtype))(size) : null, pins: 0, epoch: this.epoch, released: false,
    };
    if (small) return new WasmBuf(dtype, size, cell);
    this.place(cell);
    const spare = this.spare.length > SPARE_DELAY ? this.spare.shift() : undefined; // oldest first: a stale handle still fails loudly for a while
    if (spare) {
      // a recycled handle keeps its registration, under its id: the new cell takes that id
      this.resident.delete(cell.id);
      cell.id = spare.cell.id;
      this.resident.set(cell.id, cell);
      spare.dtype = dtype;
      spare.size = size;
      spare.cell = cell;
      return spare;
    }
    const buf = new WasmBuf(dtype, size, cell);
    if (this.pending < MAX_PENDING) {
      if (this.pending++ === 0) onNextTurn(this.turned);
      // (no unregister token: tokens make registration slow when many buffers are live)
      this.finalizer.register(buf, cell.id);
    }
    return buf;
  }

  /** Give a large buffer's cell a block and list it as resident. */
  private place(cell: Cell): void {
    cell.ptr = this.allocator.alloc(cell.cls);
    this.resident.set(cell.id, cell);
  }

  /** Copy `data` (converted as TypedArray.set does) into a new buffer. */
  fromTyped(data: TypedArray, dtype: DType): WasmBuf {
    const buf = this.alloc(dtype, data.length);
    const c = buf.cell;
    if (c.js) c.js.set(data);
    else this.whole(dtype).set(data, c.ptr / BYTES[dtype]);
    return buf;
  }

  /** The contents without copying: a view of wasm memory (valid until it grows) or the JS copy. */
  view(buf: Buf): TypedArray {
    const c = (buf as WasmBuf).cell;
    this.check(c);
    if (c.js) return c.js;
    const start = c.ptr / BYTES[c.dtype];
    return this.whole(c.dtype).subarray(start, start + c.size);
  }

  /** A copy of the contents. */
  read(buf: Buf): TypedArray {
    const c = (buf as WasmBuf).cell;
    this.check(c);
    if (c.js) return c.js.slice();
    const start = c.ptr / BYTES[c.dtype];
    return this.whole(c.dtype).slice(start, start + c.size);
  }

  private check(c: Cell): void {
    if (c.released) throw new Error("wasm backend: use of a released buffer");
  }

  /** Put the contents in wasm memory for a kernel call (staging a small or evicted buffer); returns the address. */
  pin(buf: Buf): number {
    const c = (buf as WasmBuf).cell;
    this.check(c);
    c.epoch = this.epoch;
    if (c.pins++ === 0 && c.js) {
      const data = c.js;
      if (c.small) c.ptr = this.allocator.alloc(c.cls);
      else {
        c.js = null;
        this.place(c);
        this.restored += c.cls;
      }
      this.whole(c.dtype).set(data, c.ptr / BYTES[c.dtype]);
    }
    return c.ptr;
  }

  /** End a kernel call's use; a small buffer's contents go back to its JS array. */
  unpin(buf: Buf): void {
    const c = (buf as WasmBuf).cell;
    if (--c.pins === 0 && c.small && c.ptr >= 0) {
      const start = c.ptr / BYTES[c.dtype];
      c.js!.set(this.whole(c.dtype).subarray(start, start + c.size));
      this.allocator.release(c.ptr, c.cls);
      c.ptr = -1;
    }
  }

  /**
   * Stage small buffers in a scratch region for one kernel call: the inputs are copied in and the
   * addresses returned (inputs at even, sizes at odd positions after `out`); `finishStaged` copies
   * the output back. Returns null unless every buffer is small.
   */
  stage(out: Buf, inputs: Buf[]): number[] | null {
    const oc = (out as WasmBuf).cell;
    if (!oc.small) return null;
    let bytes = oc.cls;
    for (const b of inputs) {
      const c = (b as WasmBuf).cell;
      if (!c.small) return null;
      bytes += c.cls;
    }
    this.check(oc);
    if (bytes > this.scratchBytes) {
      if (this.scratch >= 0) this.allocator.release(this.scratch, this.scratchBytes);
      this.scratchBytes = sizeClass(Math.max(bytes, 4 * SMALL_BYTES));
      this.scratch = this.allocator.alloc(this.scratchBytes);
    }
    let at = this.scratch;
    const args = [0, oc.size, -1];
    for (const b of inputs) {
      const c = (b as WasmBuf).cell;
      this.check(c);
      copyIn(this.whole(c.dtype), c.js!, at / BYTES[c.dtype]);
      args.push(at, c.size);
      at += c.cls;
    }
    args[2] = at;
    return args;
  }

  /** Copy a staged kernel's output (at `ptr`) back to its JS array. */
  finishStaged(out: Buf, ptr: number): void {
    const c = (out as WasmBuf).cell;
    const start = ptr / BYTES[c.dtype], js = c.js!;
    if (js.length <= TINY) {
      const w = this.whole(c.dtype);
      for (let i = 0; i < js.length; i++) js[i] = w[start + i];
    } else js.set(this.whole(c.dtype).subarray(start, start + c.size));
  }

  /** Return the buffer's memory now (idempotent); a large buffer's handle is kept for reuse. */
  release(buf: Buf): void {
    const c = (buf as WasmBuf).cell;
    if (c.released || c.pins > 0) return;
    this.free(c);
    if (!c.small && this.spare.length < SPARE_HANDLES) this.spare.push(buf as WasmBuf);
  }

  private free(c: Cell): void {
    if (c.released || c.pins > 0) return;
    c.released = true;
    c.js = null;
    if (c.ptr >= 0) this.unlist(c);
  }

  /** Return a large buffer's block and forget the cell. */
  private unlist(c: Cell): void {
    this.allocator.release(c.ptr, c.cls);
    c.ptr = -1;
    this.resident.delete(c.id);
  }

  /**
   * The memory is full (a block of `cls` bytes does not fit): evict the stale buffers (see
   * `evictStale`); if no free block is then large enough, compact the resident buffers no kernel is
   * using toward address 0, so the free bytes are one block, not holes between buffers that
   * outlived their neighbours (a training step's outputs among its freed intermediates). Returns
   * false while the memory is small: it just grows.
   */
  private makeRoom(cls: number): boolean {
    const before = TRACE ? this.allocator.stats() : undefined, t0 = TRACE ? performance.now() : 0;
    const epoch = this.epoch++;
    const capacity = this.allocator.memory.buffer.byteLength, restored = this.restored;
    this.restored = 0;
    if (capacity < MIN_EVICT_BYTES) return false;
    // much evicted data came back since the last time: live data was evicted, so keep it resident
    const evicted = restored > capacity / 8 ? 0 : this.evictStale(epoch);
    let moved = 0;
    if (!this.allocator.fitsFree(cls)) {
      const movable: Cell[] = [];
      for (const c of this.resident.values()) if (c.pins === 0) movable.push(c);
      moved = this.allocator.compact(movable);
    }
    if (before) traceFull(cls, before, this.allocator.stats(), evicted, moved, restored, performance.now() - t0);
    return true;
  }

  /**
   * Evict the buffers not allocated or used since the memory was last full (`epoch`): copy their
   * contents to the JS heap and return their blocks. Returns how many were evicted.
   */
  private evictStale(epoch: number): number {
    let any = 0;
    for (const c of this.resident.values()) {
      if (c.pins > 0 || c.epoch >= epoch) continue;
      const start = c.ptr / BYTES[c.dtype];
      c.js = this.whole(c.dtype).slice(start, start + c.size);
      this.unlist(c);
      any++;
    }
    if (any) this.evictions++;
    return any;
  }
}
