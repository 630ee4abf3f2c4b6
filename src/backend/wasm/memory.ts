/**
 * @file One growable WebAssembly.Memory and a caching allocator over it: sizes are rounded to
 * classes (≤ 25 % waste), freed blocks go to per-class free lists and are reused first; when the
 * bump region is exhausted, free blocks are coalesced — and the owner's movable blocks compacted
 * toward address 0 — before the memory grows.
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
  /** The highest the bump pointer has been (bytes ever in use at once, plus fragmentation). */
  highWater: number;
  /** Free blocks kept for reuse (in free lists and coalesced ranges). */
  freeBlocks: number;
  /** The largest free block below the bump pointer, in bytes. */
  largestFree: number;
  /** How many times live blocks were compacted (see `compact`), and the bytes moved. */
  compactions: number;
  movedBytes: number;
}

/** A live block that `compact` may move: `ptr` is updated in place (its contents go along). */
export interface Movable {
  ptr: number;
  cls: number;
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
  private highWater = RESERVED;
  private compactions = 0;
  private movedBytes = 0;
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
    let freeBlocks = this.ranges.length, largestFree = 0;
    for (const r of this.ranges) largestFree = Math.max(largestFree, r[1]);
    for (const [cls, list] of this.free) {
      freeBlocks += list.length;
      if (list.length) largestFree = Math.max(largestFree, cls);
    }
    return {
      capacity: this.memory.buffer.byteLength, top: this.top, live: this.liveBytes, cached: this.cachedBytes, grows: this.grows, reserved: this.reservedBytes,
      highWater: this.highWater, freeBlocks, largestFree, compactions: this.compactions, movedBytes: this.movedBytes,
    };
  }

  /** Free bytes by class size: blocks in the free lists (coalesced ranges under their own length). For diagnostics. */
  freeByClass(): Map<number, number> {
    const m = new Map<number, number>();
    for (const [cls, list] of this.free) if (list.length) m.set(cls, list.length * cls);
    for (const [, n] of this.ranges) m.set(n, (m.get(n) ?? 0) + n);
    return m;
  }

  /**
   * Slide `blocks` (live blocks the caller can relocate: no kernel is using them) toward address 0,
   * in address order, each to the lowest free address at or below its own, copying the contents;
   * afterwards the free space is one range at the top, which lowers the bump pointer, plus holes
   * next to the blocks that stay put (the caller's pinned blocks, scratch and reserved blocks). So a
   * memory fragmented by blocks freed in varying order serves any request that fits in the free bytes.
   * Returns the bytes moved.
   */
  compact(blocks: Movable[]): number {
    const avail = this.freeRanges();
    for (const b of blocks) avail.push([b.ptr, b.cls]);
    avail.sort((a, b) => a[0] - b[0]);
    const merged = mergeAdjacent(avail);
    const order = blocks.slice().sort((a, b) => a.ptr - b.ptr);
    const left: [number, number][] = [];
    const bytes = new Uint8Array(this.memory.buffer);
    let moved = 0, ri = 0, pos = merged.length ? merged[0][0] : 0;
    for (const b of order) {
      // b lies in some merged range at or after ri, and everything before b has moved down: it fits at or below b.ptr
      while (merged[ri][0] + merged[ri][1] - pos < b.cls) {
        const end = merged[ri][0] + merged[ri][1];
        if (end > pos) left.push([pos, end - pos]);
        pos = merged[++ri][0];
      }
      if (pos !== b.ptr) {
        bytes.copyWithin(pos, b.ptr, b.ptr + b.cls);
        moved += b.cls;
        b.ptr = pos;
      }
      pos += b.cls;
    }
    if (ri < merged.length) {
      const end = merged[ri][0] + merged[ri][1];
      if (end > pos) left.push([pos, end - pos]);
      for (let i = ri + 1; i < merged.length; i++) left.push(merged[i]);
    }
    this.free.clear();
    this.setRanges(left);
    this.compactions++;
    this.movedBytes += moved;
    return moved;
  }

  /** Can a block of `cls` bytes be had without moving or growing (after merging the free blocks)? */
  fitsFree(cls: number): boolean {
    if (this.top + cls <= this.capacity) return true;
    this.coalesce();
    return this.ranges.some((r) => r[1] >= cls);
  }

  /** Bytes free for the taking without growing: the free blocks and the rest of the memory above the bump pointer. */
  available(): number {
    return this.cachedBytes + this.capacity - this.top;
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
    const compactions = this.compactions;
    if (!fits() && this.onFull?.(cls)) {
      // the owner returned (or compacted) blocks: reuse them before growing; but when it had to
      // compact and less than 1/8 of the memory would stay free, grow anyway, so that a working set
      // close to the memory's size does not move blocks at every allocation (growth stays geometric)
      if (this.compactions !== compactions && this.available() < cls + this.capacity / 8) this.grow(this.capacity);
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
    if (this.top > this.highWater) this.highWater = this.top;
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

  /** Every free block below the bump pointer as [address, bytes] (unsorted). */
  private freeRanges(): [number, number][] {
    const blocks: [number, number][] = this.ranges.map((r) => [r[0], r[1]]);
    for (const [cls, list] of this.free) for (const p of list) blocks.push([p, cls]);
    return blocks;
  }

  /** Merge every free block with its free neighbours; a free run at the end lowers the bump pointer. */
  private coalesce(): void {
    const blocks = this.freeRanges();
    this.free.clear();
    blocks.sort((a, b) => a[0] - b[0]);
    this.setRanges(mergeAdjacent(blocks));
  }

  /** Make `ranges` (sorted, disjoint, free) the carving ranges; one ending at the bump pointer lowers it. */
  private setRanges(ranges: [number, number][]): void {
    const last = ranges[ranges.length - 1];
    if (last && last[0] + last[1] === this.top) {
      this.top = last[0];
      this.cachedBytes -= last[1];
      ranges.pop();
    }
    this.ranges = ranges;
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

/** Merge sorted [address, bytes] ranges that touch. */
function mergeAdjacent(sorted: [number, number][]): [number, number][] {
  const merged: [number, number][] = [];
  for (const [p, n] of sorted) {
    const last = merged[merged.length - 1];
    if (last && last[0] + last[1] === p) last[1] += n;
    else merged.push([p, n]);
  }
  return merged;
}
