/** @file A map keeping only its most recently used entries: the bounded caches (jit traces, compiled kernels). */

/** A Map that drops its least recently used entries beyond `capacity()` (read at each insertion, so it may change). */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  /** The most recently used key (a repeated lookup of it moves nothing). */
  private newest: K | undefined;
  constructor(private readonly capacity: () => number) {}

  get size(): number {
    return this.map.size;
  }

  /** The value for `key`, now the most recently used; undefined if absent. */
  get(key: K): V | undefined {
    const map = this.map;
    const v = map.get(key);
    if (v !== undefined && key !== this.newest) {
      map.delete(key); // a Map iterates in insertion order: re-inserting makes it the newest
      map.set(key, v);
      this.newest = key;
    }
    return v;
  }

  /** Insert or replace `key` as the most recently used, then drop the oldest entries beyond the capacity. */
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    this.trim();
  }

  /** Drop the oldest entries beyond the capacity. */
  trim(): void {
    const cap = this.capacity();
    for (const k of this.map.keys()) {
      if (this.map.size <= cap) break;
      this.map.delete(k);
    }
  }

  clear(): void {
    this.map.clear();
    this.newest = undefined;
  }
}
