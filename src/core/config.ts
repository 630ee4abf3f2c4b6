/** @file Run-time configuration (as JAX's `jax.config.update`): cache sizes, the retrace warning, the array size cap. */

/** The options of `config.update`. */
export interface ConfigOptions {
  /**
   * Traced signatures (shapes, dtypes, static arguments) kept per `jit`-compiled function; the least
   * recently used is dropped beyond this (and traced again if it comes back). Default 256.
   */
  jitCacheSize: number;
  /**
   * Compiled kernels kept per backend (eager operations and the kernels of jit programs), least
   * recently used dropped first, so a process that meets ever-new shapes keeps bounded code memory.
   * Default 4096.
   */
  kernelCacheSize: number;
  /**
   * Warn (console.warn) when a `jit`-compiled function is traced more than this many times, naming
   * the argument that changed since the previous trace (as JAX's `jax_explain_cache_misses`); then
   * again at 1, 2, 4, 8 … traces past it. 0 (the default): never. NB: JAX logs every cache miss when
   * `jax_explain_cache_misses` is on; a threshold with growing intervals keeps a hot loop from flooding the console.
   */
  retraceWarning: number;
  /**
   * The largest array, in bytes, that an operation may create; larger requests are refused before
   * any work with an error naming the operation, shape, dtype and bytes. Default Infinity: only the
   * backend's own limit applies (wasm: its 4 GiB memory; js: a TypedArray's maximum length).
   */
  maxBytes: number;
  /**
   * The Threefry counter layout of `random` (as JAX's `jax_threefry_partitionable`): true (the
   * default, as JAX ≥ 0.5) hashes the counter pair (0, i) for element i (`split` keeps both output
   * words as a key; 32-bit `bits` xor them); false gives the legacy layout (JAX < 0.5: the counters
   * 0 … n−1 cut in two halves), reproducing values published for older JAX versions. Compiled
   * functions are traced again after a change (the option is part of `jit`'s cache key).
   */
  threefryPartitionable: boolean;
}

const DEFAULTS: ConfigOptions = { jitCacheSize: 256, kernelCacheSize: 4096, retraceWarning: 0, maxBytes: Infinity, threefryPartitionable: true };
const values: ConfigOptions = { ...DEFAULTS };
const listeners: ((changed: Partial<ConfigOptions>) => void)[] = [];

/** Called after every `config.update` with the options that were set (internal: caches resize). */
export function onConfigChange(f: (changed: Partial<ConfigOptions>) => void): void {
  listeners.push(f);
}

/** Is `v` acceptable for option `k`? Cache sizes are positive integers; the others may be 0 (maxBytes: Infinity). */
function valid(k: keyof ConfigOptions, v: unknown): boolean {
  if (k === "threefryPartitionable") return typeof v === "boolean";
  if (typeof v !== "number" || Number.isNaN(v)) return false;
  if (k === "maxBytes") return v > 0 && (v === Infinity || Number.isSafeInteger(v));
  if (k === "retraceWarning") return Number.isSafeInteger(v) && v >= 0;
  return Number.isSafeInteger(v) && v >= 1;
}

/**
 * Run-time configuration. `config.update` sets options (the others keep their values);
 * `config.get()` reads them; `config.reset()` restores the defaults.
 * @example config.update({ retraceWarning: 10, kernelCacheSize: 1024 })
 * @example config.update({ maxBytes: 2 ** 30 }) // refuse any array over 1 GiB
 * @example config.update({ threefryPartitionable: false }) // random: JAX's pre-0.5 values
 */
export const config = {
  update(options: Partial<ConfigOptions>): void {
    if (typeof options !== "object" || options === null) throw new TypeError(`config.update: expected an options object, got ${options === null ? "null" : typeof options}`);
    for (const [k, v] of Object.entries(options)) {
      if (!Object.hasOwn(DEFAULTS, k)) throw new TypeError(`config.update: unknown option "${k}"; options: ${Object.keys(DEFAULTS).join(", ")}`);
      if (!valid(k as keyof ConfigOptions, v)) {
        const want = k === "maxBytes" ? "a positive integer or Infinity" : k === "retraceWarning" ? "a non-negative integer (0: off)" : k === "threefryPartitionable" ? "a boolean" : "a positive integer";
        throw new (k === "threefryPartitionable" ? TypeError : RangeError)(`config.update: ${k} must be ${want}, got ${String(v)}`);
      }
    }
    Object.assign(values, options);
    for (const f of listeners) f(options);
  },
  /** The current options (a copy). @example config.get().jitCacheSize // 256 */
  get(): Readonly<ConfigOptions> {
    return { ...values };
  },
  /** Restore every option's default. @example config.reset() */
  reset(): void {
    config.update(DEFAULTS);
  },
};

/** The current value of one option (internal: no copy). */
export function configValue<K extends keyof ConfigOptions>(k: K): ConfigOptions[K] {
  return values[k];
}

/** The options that change what tracing produces, as a string for `jit`'s cache key (JAX keys its caches on its trace context likewise). */
export function traceContextKey(): string {
  return values.threefryPartitionable ? "" : "tf-legacy";
}
