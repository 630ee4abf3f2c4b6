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
 * Compiled modules reach the workers on a MessagePort that they read synchronously
 * (`receiveMessageOnPort`) when a job names a module they have not instantiated yet.
 * Browsers: not yet — the pool needs Node's worker_threads (the backend runs on one thread otherwise).
 */
import type { MatmulExports } from "./matmul.js";
import { gemm, GemmArgs, splitGemm } from "./gemm.js";

/** Control-block slots. */
export const SEQ = 0, ACTIVE = 1, NEXT = 2, DONE = 3, ERR = 4, READY = 5;
export const KIND = 8, MODULE = 9, PARTS = 10, CHUNK = 11, NARGS = 12, ARGS = 16;
/** Most arguments a job can carry. */
export const MAX_ARGS = 240;
const CTL_INTS = ARGS + MAX_ARGS;

/** Job kinds: a kernel over output ranges, or parts of a blocked matmul. */
export const JOB_KERNEL = 1, JOB_GEMM = 2;

/** Spin this many rounds on a shared counter before sleeping (a futex wake costs tens of µs). */
export const SPIN = 2000;

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
  try {
    if (ctl[KIND] === JOB_KERNEL) {
      // args: [n, out, in0, len0, …]; the kernel is k(start, end, out, in0, len0, …)
      const n = args[0], chunk = ctl[CHUNK], fn = r.kernel!;
      const call = [0, 0, ...args.slice(1)];
      for (let p = Atomics.add(ctl, NEXT, 1); p < parts; p = Atomics.add(ctl, NEXT, 1)) {
        call[0] = p * chunk;
        call[1] = Math.min(n, call[0] + chunk);
        fn(...call);
        finish(ctl, parts);
      }
    } else {
      // args: GemmArgs, then batch, scratch bytes per thread; `parts` is splitGemm's count for them
      const g: GemmArgs = args.slice(0, -2), batch = args[args.length - 2], scratchBytes = args[args.length - 1];
      const split = splitGemm(batch, g[6], g[7], g[20], g[21], parts);
      if (split.length !== parts) throw new Error(`wasm threads: gemm split into ${split.length} parts, expected ${parts}`);
      g[18] += thread * scratchBytes;
      for (let p = Atomics.add(ctl, NEXT, 1); p < split.length; p = Atomics.add(ctl, NEXT, 1)) {
        for (let q = 0; q < 6; q++) g[q] = split[p][q];
        gemm(r.gemm!, g);
        finish(ctl, parts);
      }
    }
  } catch (e) {
    Atomics.store(ctl, ERR, 1);
    // count the rest as done so that nobody waits forever
    for (let p = Atomics.add(ctl, NEXT, 1); p < parts; p = Atomics.add(ctl, NEXT, 1)) finish(ctl, parts);
    throw e;
  }
}

function finish(ctl: Int32Array, parts: number): void {
  if (Atomics.add(ctl, DONE, 1) + 1 === parts) Atomics.notify(ctl, DONE);
}

interface WorkerLike {
  unref(): void;
  on(event: string, f: (e: unknown) => void): void;
}
interface PortLike {
  postMessage(m: unknown): void;
}
interface WorkerThreads {
  Worker: new (what: string | URL, opts: Record<string, unknown>) => WorkerLike;
  MessageChannel: new () => { port1: PortLike; port2: unknown };
}

/** Node's worker_threads and the number of cores, or null outside Node. */
function nodeThreads(): { wt: WorkerThreads; cores: number } | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const get = proc?.getBuiltinModule;
  if (typeof get !== "function") return null;
  const wt = get("node:worker_threads") as WorkerThreads | undefined;
  const os = get("node:os") as { availableParallelism?: () => number; cpus: () => unknown[] } | undefined;
  if (!wt || !os) return null;
  return { wt, cores: os.availableParallelism?.() ?? os.cpus().length };
}

/** Threads to use: ADJOINT_THREADS, else the machine's cores (at most 8). */
export function defaultThreads(): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.ADJOINT_THREADS;
  if (env !== undefined && env !== "") {
    const t = Number(env);
    if (!Number.isInteger(t) || t < 1) throw new Error(`ADJOINT_THREADS must be a positive integer, got ${JSON.stringify(env)}`);
    return t;
  }
  return Math.min(8, nodeThreads()?.cores ?? 1);
}

/** The worker threads of one wasm backend (one shared memory). */
export class ThreadPool {
  private readonly ctl: Int32Array;
  private readonly ports: PortLike[] = [];
  private readonly ids = new Map<WebAssembly.Module, number>();
  private readyCount = 0;
  /** Set when a worker failed to start or crashed: the pool is no longer used. */
  broken = false;

  private constructor(readonly memory: WebAssembly.Memory, readonly workers: number, wt: WorkerThreads) {
    this.ctl = new Int32Array(new SharedArrayBuffer(CTL_INTS * 4));
    const here = import.meta.url;
    const fromSource = here.endsWith(".ts");
    const script = new URL(fromSource ? "./worker.ts" : "./worker.js", here);
    for (let w = 0; w < workers; w++) {
      const { port1, port2 } = new wt.MessageChannel();
      const workerData = { memory, ctl: this.ctl.buffer, port: port2, thread: w + 1, script: script.href };
      const opts = { workerData, transferList: [port2] };
      // run from TypeScript sources (tests, bench): the worker registers tsx's loader first
      const worker = fromSource
        ? new wt.Worker(`import("tsx/esm/api").then((t) => { t.register(); return import(require("node:worker_threads").workerData.script); });`, { ...opts, eval: true })
        : new wt.Worker(script, opts);
      worker.unref();
      worker.on("error", () => (this.broken = true));
      this.ports.push(port1);
    }
  }

  /** A pool of `threads − 1` workers (the caller is the other thread), or null where threads are unavailable. */
  static create(memory: WebAssembly.Memory, threads: number): ThreadPool | null {
    const node = nodeThreads();
    if (threads < 2 || !node || !(memory.buffer instanceof SharedArrayBuffer)) return null;
    return new ThreadPool(memory, threads - 1, node.wt);
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

  /** The id of `mod` in the workers (sent to them on first use). */
  moduleId(mod: WebAssembly.Module, kind: "kernel" | "gemm", imports: string[] = []): number {
    let id = this.ids.get(mod);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(mod, id);
      for (const p of this.ports) p.postMessage({ id, mod, kind, imports });
    }
    return id;
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
    for (let s = 0; Atomics.load(ctl, ACTIVE) !== 0; s++) if (s > SPIN) Atomics.wait(ctl, ACTIVE, Atomics.load(ctl, ACTIVE), 1);
    ctl[KIND] = kind;
    ctl[MODULE] = module;
    ctl[PARTS] = parts;
    ctl[CHUNK] = chunk;
    ctl[NARGS] = args.length;
    ctl.set(args, ARGS);
    ctl[NEXT] = 0;
    ctl[DONE] = 0;
    ctl[ERR] = 0;
    Atomics.add(ctl, SEQ, 1); // published
    Atomics.notify(ctl, SEQ);
    participate(ctl, local, 0);
    for (let s = 0, d = Atomics.load(ctl, DONE); d < parts; s++, d = Atomics.load(ctl, DONE)) {
      if (s > SPIN) Atomics.wait(ctl, DONE, d, 10);
    }
    if (Atomics.load(ctl, ERR)) throw new Error("wasm backend: a worker thread failed while running a job");
  }
}
