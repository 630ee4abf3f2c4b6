/**
 * @file Worker threads for the wasm backend (Node's worker_threads over the shared WebAssembly.Memory).
 *
 * One job at a time, run by the calling (main) thread together with every worker that is ready: a
 * job is split into parts — ranges of a kernel's output, or parts of a matmul (gemm.ts) — that the
 * participants take from a shared counter, so a slow or busy thread simply takes fewer parts. The
 * control block is an Int32Array over a SharedArrayBuffer:
 *
 * - the main thread publishes a job in two steps: `SEQ` odd (writing), wait until no worker is
 *   `ACTIVE` in the previous job, write the fields, `SEQ` even (published), notify;
 * - a worker announces itself (`ACTIVE`++) and only then reads `SEQ`: an odd or already seen value
 *   makes it back out (the sequentially consistent atomics make the two handshakes exclusive);
 * - participants take part numbers from `NEXT` and count finished parts in `DONE`; the main thread
 *   returns when `DONE` reaches the number of parts, so late joiners never outlive the job.
 *
 * A job names its module by id and by the address of the module's bytes in wasm memory. In Node the
 * compiled module itself is also posted to each worker, which reads it synchronously
 * (`receiveMessageOnPort`) — so workers run the code V8 has already optimised on the main thread,
 * instead of starting again in the baseline tier; elsewhere (browsers, where a worker blocked in
 * Atomics.wait cannot receive messages) the worker compiles the module from its bytes. Workers are Node worker_threads, or Web Workers
 * on cross-origin isolated pages (where the main thread spins instead of blocking); elsewhere the
 * backend runs on one thread.
 */
import type { MatmulExports } from "./matmul.js";
import { gemm, GemmArgs, splitGemm } from "./gemm.js";

/** Control-block slots. */
export const SEQ = 0, ACTIVE = 1, NEXT = 2, DONE = 3, ERR = 4, READY = 5;
export const KIND = 8, MODULE = 9, PARTS = 10, CHUNK = 11, NARGS = 12, MODPTR = 13, MODLEN = 14, ARGS = 16;
/** Most arguments a job can carry. */
export const MAX_ARGS = 240;
const CTL_INTS = ARGS + MAX_ARGS;

/** Job kinds: a kernel over output ranges, or parts of a blocked matmul. */
export const JOB_KERNEL = 1, JOB_GEMM = 2;

/** Spin this many rounds on a shared counter before sleeping (a futex wake costs tens of µs). */
export const SPIN = 2000;

/**
 * Modules the pool keeps (their bytes in wasm memory) and each worker keeps compiled, at most: the
 * least recently used are forgotten, so a process running ever-new large kernels keeps bounded code
 * memory. Ids are never reused, so a worker cannot mistake a forgotten module for a new one.
 */
export const POOL_MODULES = 256;

/** Drop the oldest entries of an insertion-ordered map beyond POOL_MODULES. */
export function trimModules<K, V>(m: Map<K, V>, onDrop?: (k: K, v: V) => void): void {
  for (const [k, v] of m) {
    if (m.size <= POOL_MODULES) break;
    m.delete(k);
    onDrop?.(k, v);
  }
}

/** What a participant runs: kernel functions or matmul exports, by module id. */
export interface Runnable {
  kernel?: (...args: number[]) => void;
  gemm?: MatmulExports;
}

/**
 * Take parts of the published job until none is left (every participant, main thread included).
 * `thread` selects the participant's own packing scratch for matmul parts.
 */
export function participate(ctl: Int32Array, r: Runnable, thread: number): void {
  const parts = ctl[PARTS], nargs = ctl[NARGS];
  const args = Array.from(ctl.subarray(ARGS, ARGS + nargs));
  let taken = false; // a part is taken and not yet counted as done
  const next = (): number => {
    const p = Atomics.add(ctl, NEXT, 1);
    taken = p < parts;
    return p;
  };
  const done = (): void => {
    taken = false;
    finish(ctl, parts);
  };
  try {
    if (ctl[KIND] === JOB_KERNEL) {
      // args: [n, out, in0, len0, …]; the kernel is k(start, end, out, in0, len0, …)
      const n = args[0], chunk = ctl[CHUNK], fn = r.kernel!;
      const call = [0, 0, ...args.slice(1)];
      for (let p = next(); p < parts; p = next()) {
        call[0] = p * chunk;
        call[1] = Math.min(n, call[0] + chunk);
        fn(...call);
        done();
      }
    } else {
      // args: GemmArgs, then batch, scratch bytes per thread; `parts` is splitGemm's count for them
      const g: GemmArgs = args.slice(0, -2), batch = args[args.length - 2], scratchBytes = args[args.length - 1];
      const split = splitGemm(batch, g[6], g[7], g[20], g[21], parts);
      if (split.length !== parts) throw new Error(`wasm threads: gemm split into ${split.length} parts, expected ${parts}`);
      g[18] += thread * scratchBytes;
      for (let p = next(); p < parts; p = next()) {
        for (let q = 0; q < 6; q++) g[q] = split[p][q];
        gemm(r.gemm!, g);
        done();
      }
    }
  } catch (e) {
    Atomics.store(ctl, ERR, 1);
    // count the failed part and every part not yet taken as done, so that nobody waits forever
    if (taken) done();
    for (let p = next(); p < parts; p = next()) done();
    throw e;
  }
}

function finish(ctl: Int32Array, parts: number): void {
  if (Atomics.add(ctl, DONE, 1) + 1 === parts) Atomics.notify(ctl, DONE);
}

interface WorkerLike {
  unref?(): void;
  on?(event: string, f: (e: unknown) => void): void;
  addEventListener?(event: string, f: (e: unknown) => void): void;
  postMessage(m: unknown): void;
}
type WorkerCtor = new (what: string | URL, opts: Record<string, unknown>) => WorkerLike;
interface PortLike {
  postMessage(m: unknown): void;
}
type ChannelCtor = new () => { port1: PortLike; port2: unknown };

/** Node's Worker class and the number of cores, or null outside Node. */
function nodeThreads(): { Worker: WorkerCtor; Channel: ChannelCtor; cores: number } | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const get = proc?.getBuiltinModule;
  if (typeof get !== "function") return null;
  const wt = get("node:worker_threads") as { Worker: WorkerCtor; MessageChannel: ChannelCtor } | undefined;
  const os = get("node:os") as { availableParallelism?: () => number; cpus: () => unknown[] } | undefined;
  if (!wt || !os) return null;
  return { Worker: wt.Worker, Channel: wt.MessageChannel, cores: os.availableParallelism?.() ?? os.cpus().length };
}

/** A browser's Worker class and core count where pages may share memory (cross-origin isolated), else null. */
function webThreads(): { Worker: WorkerCtor; cores: number } | null {
  const g = globalThis as { Worker?: WorkerCtor; crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  if (typeof g.Worker !== "function" || g.crossOriginIsolated !== true) return null;
  return { Worker: g.Worker, cores: g.navigator?.hardwareConcurrency ?? 1 };
}

/** Threads to use: ADJOINT_THREADS, else the machine's cores (at most 8). */
export function defaultThreads(): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.ADJOINT_THREADS;
  if (env !== undefined && env !== "") {
    const t = Number(env);
    if (!Number.isInteger(t) || t < 1) throw new Error(`ADJOINT_THREADS must be a positive integer, got ${JSON.stringify(env)}`);
    return t;
  }
  return Math.min(8, (nodeThreads() ?? webThreads())?.cores ?? 1);
}

/**
 * The URL of the classic script being run when this module was evaluated: in a bundle without
 * `import.meta` (esbuild's default IIFE format), the bundle's own URL.
 */
const scriptUrl = (globalThis as { document?: { currentScript?: { src?: string } | null } }).document?.currentScript?.src;

/**
 * Where workers load their script from: `globalThis.ADJOINT_WORKER_URL` when set, else `worker.js`
 * next to this module — `new URL("./worker.js", import.meta.url)`, a pattern Vite, webpack and Parcel
 * recognise and copy the file along; in a bundle that leaves the file behind (esbuild), next to the
 * bundle, where adjoint's self-contained worker script (`adjoint/worker.js`, made by `npm run build`)
 * is to be copied.
 */
function workerUrl(): URL {
  const g = globalThis as { ADJOINT_WORKER_URL?: unknown; location?: { href: string } };
  if (g.ADJOINT_WORKER_URL !== undefined) {
    if (typeof g.ADJOINT_WORKER_URL !== "string" && !(g.ADJOINT_WORKER_URL instanceof URL)) {
      throw new TypeError(`ADJOINT_WORKER_URL must be a string or URL, got ${typeof g.ADJOINT_WORKER_URL}`);
    }
    return new URL(g.ADJOINT_WORKER_URL, g.location?.href);
  }
  if (import.meta.url) return new URL("./worker.js", import.meta.url);
  if (scriptUrl) return new URL("./worker.js", scriptUrl);
  return new URL("./worker.js", g.location?.href);
}

/** Node options for workers: the process's, except those that only apply to its entry (`--input-type` would stop the worker script). */
function workerExecArgv(): string[] {
  const argv = (globalThis as { process?: { execArgv?: string[] } }).process?.execArgv ?? [];
  return argv.filter((a, i) => !a.startsWith("--input-type") && !(argv[i - 1] === "--input-type"));
}

/** The warning printed when a worker fails (the backend then computes on one thread). */
function workerFailure(url: URL, e: unknown): string {
  const why = e instanceof Error ? e.message : (e as { message?: string })?.message;
  return (
    `adjoint: a worker thread of the wasm backend failed${why ? ` (${why})` : ""}, script ${url.href}; computing on one thread. ` +
    `If the script is not served there, serve adjoint's worker script (node_modules/adjoint/dist/backend/wasm/worker.js, exported as "adjoint/worker.js") at that URL, or set globalThis.ADJOINT_WORKER_URL to where it is.`
  );
}

/** What the pool needs of the backend's memory: the memory, and blocks for module bytes (kept until freed). */
export interface PoolMemory {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number, bytes: number): void;
}

/** What a worker receives when it starts. */
export interface WorkerInit {
  memory: WebAssembly.Memory;
  ctl: SharedArrayBuffer;
  thread: number;
  /** Node: compiled modules arrive here (read synchronously), so workers share the main thread's optimised code. */
  port?: unknown;
}

/** A compiled module sent to a Node worker. */
export interface ModuleMessage {
  id: number;
  module: WebAssembly.Module;
}

/** The worker threads of one wasm backend (one shared memory). */
export class ThreadPool {
  private readonly ctl: Int32Array;
  /** Module id → [address, length] of its bytes in wasm memory (workers compile from there). */
  private readonly modules = new Map<number, [number, number]>();
  /** Ids of the known modules, least recently used first (see POOL_MODULES). */
  private readonly ids = new Map<WebAssembly.Module, number>();
  private nextId = 0;
  private readonly ports: PortLike[] = [];
  private readyCount = 0;
  /** Can this thread block in Atomics.wait (not a browser's main thread)? Else it spins. */
  private readonly canBlock: boolean;
  /** Set when a worker failed to start: the pool is no longer used. */
  broken = false;

  private constructor(private readonly mem: PoolMemory, readonly workers: number, Worker: WorkerCtor, Channel: ChannelCtor | null) {
    const node = Channel !== null;
    this.ctl = new Int32Array(new SharedArrayBuffer(CTL_INTS * 4));
    this.canBlock = canBlock(this.ctl);
    const source = import.meta.url?.endsWith(".ts"); // run from TypeScript sources (tests, bench)
    const url = workerUrl();
    for (let w = 0; w < workers; w++) {
      const init: WorkerInit = { memory: mem.memory, ctl: this.ctl.buffer as SharedArrayBuffer, thread: w + 1 };
      const transferList: unknown[] = [];
      if (Channel) {
        const { port1, port2 } = new Channel();
        this.ports.push(port1);
        init.port = port2;
        transferList.push(port2);
      }
      let worker: WorkerLike;
      if (!node) {
        worker = new Worker(url, { type: "module" });
        worker.postMessage(init);
      } else if (source) {
        // the worker registers tsx's loader first
        const boot = `import("tsx/esm/api").then((t) => { t.register(); return import(${JSON.stringify(new URL("./worker.ts", import.meta.url).href)}); });`;
        worker = new Worker(boot, { eval: true, workerData: init, transferList });
      } else {
        worker = new Worker(url, { workerData: init, transferList, execArgv: workerExecArgv() });
      }
      worker.unref?.();
      const failed = (e: unknown): void => {
        if (!this.broken) console.warn(workerFailure(url, e));
        this.broken = true;
      };
      worker.on?.("error", failed);
      worker.addEventListener?.("error", failed);
    }
  }

  /** A pool of `threads − 1` workers (the caller is the other thread), or null where threads are unavailable. */
  static create(mem: PoolMemory, threads: number): ThreadPool | null {
    const env = nodeThreads() ?? webThreads();
    if (threads < 2 || !env || !(mem.memory.buffer instanceof SharedArrayBuffer)) return null;
    return new ThreadPool(mem, threads - 1, env.Worker, nodeThreads()?.Channel ?? null);
  }

  /** Workers ready to take part (0 while they start, or when the pool is broken). */
  ready(): number {
    if (this.broken) return 0;
    if (this.readyCount < this.workers) this.readyCount = Atomics.load(this.ctl, READY);
    return this.readyCount;
  }

  /** Wait (asynchronously) until every worker is ready; false if they cannot start. */
  async whenReady(timeoutMs = 30000): Promise<boolean> {
    const t0 = Date.now();
    while (this.ready() < this.workers && !this.broken && Date.now() - t0 < timeoutMs) await new Promise((r) => setTimeout(r, 5));
    return this.ready() === this.workers;
  }

  /** The id of a compiled module for jobs; its bytes are copied into wasm memory on first use. */
  moduleId(mod: WebAssembly.Module, bytes: Uint8Array): number {
    let id = this.ids.get(mod);
    if (id !== undefined) {
      this.ids.delete(mod); // now the most recently used
      this.ids.set(mod, id);
      return id;
    }
    const ptr = this.mem.alloc(bytes.length);
    new Uint8Array(this.mem.memory.buffer).set(bytes, ptr);
    id = this.nextId++;
    this.modules.set(id, [ptr, bytes.length]);
    this.ids.set(mod, id);
    for (const p of this.ports) p.postMessage({ id, module: mod } satisfies ModuleMessage);
    // (the previous job's module is more recent than any dropped here: no worker still reads its bytes)
    trimModules(this.ids, (_, old) => {
      const [p, n] = this.modules.get(old)!;
      this.modules.delete(old);
      this.mem.free(p, n);
    });
    return id;
  }

  /** Modules known to the pool (for tests: bounded by POOL_MODULES). */
  moduleCount(): number {
    return this.ids.size;
  }

  /**
   * Run a job on this thread and every ready worker: `parts` parts (kernel: output ranges of
   * `chunk` elements; gemm: see `participate`), `args` as `participate` reads them.
   */
  run(kind: number, module: number, parts: number, chunk: number, args: number[], local: Runnable): void {
    const ctl = this.ctl;
    if (args.length > MAX_ARGS) throw new Error(`wasm threads: ${args.length} job arguments (at most ${MAX_ARGS})`);
    // writing: wait until no worker is still inside the previous job
    Atomics.add(ctl, SEQ, 1);
    this.waitUntil(ACTIVE, (v) => v === 0);
    ctl[KIND] = kind;
    ctl[MODULE] = module;
    [ctl[MODPTR], ctl[MODLEN]] = this.modules.get(module)!;
    ctl[PARTS] = parts;
    ctl[CHUNK] = chunk;
    ctl[NARGS] = args.length;
    ctl.set(args, ARGS);
    ctl[NEXT] = 0;
    ctl[DONE] = 0;
    ctl[ERR] = 0;
    Atomics.add(ctl, SEQ, 1); // published
    Atomics.notify(ctl, SEQ);
    try {
      participate(ctl, local, 0);
    } finally {
      // also when this thread failed: no worker may still be writing when the caller frees the buffers
      this.waitUntil(DONE, (v) => v >= parts);
    }
    if (Atomics.load(ctl, ERR)) throw new Error("wasm backend: a worker thread failed while running a job");
  }

  /** Spin, then sleep (where this thread may block), until ctl[slot] satisfies `ok`. */
  private waitUntil(slot: number, ok: (v: number) => boolean): void {
    const ctl = this.ctl;
    for (let s = 0, v = Atomics.load(ctl, slot); !ok(v); s++, v = Atomics.load(ctl, slot)) {
      if (s > SPIN && this.canBlock) Atomics.wait(ctl, slot, v, 10);
    }
  }
}

/** May this thread block in Atomics.wait? (A browser's main thread may not.) */
function canBlock(ctl: Int32Array): boolean {
  try {
    Atomics.wait(ctl, READY, -1, 0); // the value differs: returns at once where waiting is allowed
    return true;
  } catch {
    return false;
  }
}
