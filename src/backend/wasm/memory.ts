/**
 * @file One growable WebAssembly.Memory and a caching allocator over it: sizes are rounded to
 * classes (≤ 25 % waste), freed blocks go to per-class free lists and are reused first; when the
 * bump region is exhausted, free blocks are coalesced before the memory grows.
 */

import type { ModuleBuilder } from "./encoder.js";

const PAGE = 65536;
/**
 * Is the memory shared (a SharedArrayBuffer that worker threads can use)? Needs SharedArrayBuffer:
 * always in Node; in browsers only on cross-origin isolated pages. Modules must declare the same.
 */
export const SHARED = typeof SharedArrayBuffer === "function" && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
/** Maximum size in pages (4 GiB, the wasm32 limit); shared memories must declare one. */
const MAX_PAGES = 65536;
/** The largest the memory can be, in bytes. */
export const MAX_MEMORY_BYTES = MAX_PAGES * PAGE;

/** Declare the backend's memory as the module's imported `env.mem`. */
export function importMemory(mb: ModuleBuilder): void {
  if (SHARED) mb.importMemory("env", "mem", 1, MAX_PAGES, true);
  else mb.importMemory("env", "mem", 1);
}
/** Bytes reserved at address 0 (scratch space; never handed out). */
export const RESERVED = 1024;
/** Block alignment: enough for v128 accesses. */
const ALIGN = 16;

/** The size class (bytes) that an allocation of `bytes` is rounded up to. */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 2); // 4 classes per power of two
  return Math.ceil(bytes / step) * step;
}

/** Counters for tests and diagnostics. */
export interface MemoryStats {
  /** Size of the WebAssembly memory in bytes. */
  capacity: number;
  /** End of the bump region. */
  top: number;
  /** Bytes in live blocks. */
  live: number;
  /** Bytes in free blocks kept for reuse. */
  cached: number;
  /** How many times the memory grew. */
  grows: number;
  /** Bytes in blocks reserved for good (see `reserve`). */
  reserved: number;
}

/**
 * A caching allocator over a WebAssembly.Memory. Addresses are byte offsets, 16-byte aligned; the
 * caller keeps each block's class size (from `sizeClass`) and hands it back to `release`.
 */
export class Allocator {
  readonly memory: WebAssembly.Memory;
  private top = RESERVED;
  /** Free blocks by class size. */
  private readonly free = new Map<number, number[]>();
  /** Coalesced free ranges [address, bytes], filled by `coalesce`, carved first-fit. */
  private ranges: [number, number][] = [];
  /**
   * Called when the memory is full and would have to grow to supply `cls` bytes; returns whether
   * it released blocks (then the allocator tries its free blocks again before growing).
   */
  onFull?: (cls: number) => boolean;
  private liveBytes = 0;
  private reservedBytes = 0;
  private cachedBytes = 0;
  private grows = 0;
  /** The memory's size in bytes, kept here: reading `memory.buffer` of a shared memory makes a new object each time. */
  private capacity: number;

  constructor(initialPages = 16) {
    this.memory = SHARED
      ? new WebAssembly.Memory({ initial: initialPages, maximum: MAX_PAGES, shared: true })
      : new WebAssembly.Memory({ initial: initialPages });
    this.capacity = this.memory.buffer.byteLength;
  }

  /** How many times the memory grew (views of it must be re-created when this changes). */
  get growCount(): number {
    return this.grows;
  }

  /** A block of `cls` bytes, a size class (contents unspecified). */
  alloc(cls: number): number {
    const list = this.free.get(cls);
    let ptr: number | undefined = list?.pop();
    if (ptr !== undefined) this.cachedBytes -= cls;
    else ptr = this.fresh(cls);
    this.liveBytes += cls;
    return ptr;
  }

  /**
   * A block of at least `bytes` kept until `unreserve` (e.g. module bytes for worker threads); it is
   * not counted as live.
   */
  reserve(bytes: number): number {
    const cls = sizeClass(bytes);
    const ptr = this.alloc(cls);
    this.liveBytes -= cls;
    this.reservedBytes += cls;
    return ptr;
  }

  /** Return a block from `reserve(bytes)` after all. */
  unreserve(ptr: number, bytes: number): void {
    const cls = sizeClass(bytes);
    this.reservedBytes -= cls;
    this.liveBytes += cls;
    this.release(ptr, cls);
  }

  /** Return the block at `ptr` of class size `cls` to its free list. */
  release(ptr: number, cls: number): void {
    this.liveBytes -= cls;
    this.cachedBytes += cls;
    let list = this.free.get(cls);
    if (!list) this.free.set(cls, (list = []));
    list.push(ptr);
  }

  /** Current counters. */
  stats(): MemoryStats {
    return { capacity: this.memory.buffer.byteLength, top: this.top, live: this.liveBytes, cached: this.cachedBytes, grows: this.grows, reserved: this.reservedBytes };
  }

  /** A block that no free list could supply: from a coalesced range, the bump region, or new pages. */
  private fresh(cls: number): number {
    const fromRange = this.carve(cls);
    if (fromRange !== undefined) return fromRange;
    const fits = () => this.top + cls <= this.capacity;
    if (!fits() && this.cachedBytes >= cls) {
      this.coalesce();
      const again = this.carve(cls);
      if (again !== undefined) return again;
    }
    if (!fits() && this.onFull?.(cls)) {
      // the owner returned blocks: reuse them before growing
      const list = this.free.get(cls);
      const ptr = list?.pop();
      if (ptr !== undefined) {
        this.cachedBytes -= cls;
        return ptr;
      }
      this.coalesce();
      const again = this.carve(cls);
      if (again !== undefined) return again;
    }
    if (!fits()) this.grow(this.top + cls);
    const ptr = this.top;
    this.top += cls;
    return ptr;
  }

  private carve(cls: number): number | undefined {
    for (let i = 0; i < this.ranges.length; i++) {
      const r = this.ranges[i];
      if (r[1] >= cls) {
        const ptr = r[0];
        r[0] += cls;
        r[1] -= cls;
        if (r[1] === 0) this.ranges.splice(i, 1);
        this.cachedBytes -= cls;
        return ptr;
      }
    }
    return undefined;
  }

  /** Merge every free block with its free neighbours; a free run at the end lowers the bump pointer. */
  private coalesce(): void {
    const blocks: [number, number][] = this.ranges.slice();
    for (const [cls, list] of this.free) for (const p of list) blocks.push([p, cls]);
    this.free.clear();
    blocks.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [p, n] of blocks) {
      const last = merged[merged.length - 1];
      if (last && last[0] + last[1] === p) last[1] += n;
      else merged.push([p, n]);
    }
    const last = merged[merged.length - 1];
    if (last && last[0] + last[1] === this.top) {
      this.top = last[0];
      this.cachedBytes -= last[1];
      merged.pop();
    }
    this.ranges = merged;
  }

  /** Grow the memory to at least `bytes` (by ≥ 1/4 of its size, so growth is geometric). */
  private grow(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    const want = Math.max(bytes, have + have / 4);
    const pages = Math.ceil((want - have) / PAGE);
    try {
      this.memory.grow(pages);
    } catch {
      // retry with exactly what is needed before giving up
      const need = Math.ceil((bytes - have) / PAGE);
      try {
        this.memory.grow(need);
      } catch {
        throw new RangeError(`wasm backend: out of memory (${bytes} bytes requested, ${have} available)`);
      }
    }
    this.grows++;
    this.capacity = this.memory.buffer.byteLength;
  }
}
