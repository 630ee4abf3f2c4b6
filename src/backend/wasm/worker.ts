/**
 * @file A worker thread of the wasm backend (see threads.ts), in Node (worker_threads) or a browser
 * (a module Web Worker): compiles the modules that jobs name from their bytes in the shared memory
 * and takes parts of each published job, for as long as the process or page lives.
 */
import { importObject } from "./context.js";
import { instantiateMatmul } from "./matmul.js";
import { ACTIVE, JOB_GEMM, KIND, MODLEN, MODPTR, MODULE, ModuleMessage, participate, READY, Runnable, SEQ, SPIN, trimModules, WorkerInit } from "./threads.js";

type Receive = (port: unknown) => { message: ModuleMessage } | undefined;
const nodeWT = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.("node:worker_threads") as
  | { workerData: WorkerInit; isMainThread: boolean; receiveMessageOnPort: Receive }
  | undefined;

/** Compiled modules received (Node), by id: the most recent POOL_MODULES. */
const received = new Map<number, WebAssembly.Module>();

/** The job's module: as posted by the main thread (Node), else compiled from its bytes in wasm memory. */
function moduleOf(ctl: Int32Array, memory: WebAssembly.Memory, port: unknown): WebAssembly.Module {
  const id = ctl[MODULE];
  for (let msg = port && !received.has(id) ? nodeWT!.receiveMessageOnPort(port) : undefined; msg; msg = received.has(id) ? undefined : nodeWT!.receiveMessageOnPort(port)) {
    received.set(msg.message.id, msg.message.module);
    trimModules(received);
  }
  return received.get(id) ?? new WebAssembly.Module(new Uint8Array(memory.buffer, ctl[MODPTR], ctl[MODLEN]).slice());
}

/** The instance of the job's module on the shared memory (instantiated on first use; the most recently used POOL_MODULES kept). */
function runnable(ctl: Int32Array, memory: WebAssembly.Memory, port: unknown, cache: Map<number, Runnable>): Runnable {
  const id = ctl[MODULE];
  let r = cache.get(id);
  if (r) cache.delete(id);
  else {
    const mod = moduleOf(ctl, memory, port);
    if (ctl[KIND] === JOB_GEMM) r = { gemm: instantiateMatmul(mod, memory) };
    else {
      const names = WebAssembly.Module.imports(mod).filter((i) => i.kind === "function").map((i) => i.name);
      r = { kernel: new WebAssembly.Instance(mod, importObject(memory, names)).exports.k as Runnable["kernel"] };
    }
  }
  cache.set(id, r); // the most recently used last
  trimModules(cache);
  return r;
}

/** Take part in every job published from now on (never returns). */
function serve({ memory, ctl: sab, thread, port }: WorkerInit): void {
  const ctl = new Int32Array(sab);
  const cache = new Map<number, Runnable>();
  let seen = Atomics.load(ctl, SEQ);
  Atomics.add(ctl, READY, 1);
  for (;;) {
    let seq = Atomics.load(ctl, SEQ);
    for (let s = 0; seq === seen || seq % 2 === 1; s++) {
      if (s > SPIN) Atomics.wait(ctl, SEQ, seq);
      seq = Atomics.load(ctl, SEQ);
    }
    Atomics.add(ctl, ACTIVE, 1);
    // announce first, then check that the job is still the published one (threads.ts)
    if (Atomics.load(ctl, SEQ) === seq) {
      seen = seq;
      try {
        participate(ctl, runnable(ctl, memory, port, cache), thread);
      } catch (e) {
        console.error(`adjoint wasm worker ${thread}:`, e);
      }
    }
    if (Atomics.sub(ctl, ACTIVE, 1) === 1) Atomics.notify(ctl, ACTIVE);
  }
}

if (nodeWT && !nodeWT.isMainThread) serve(nodeWT.workerData);
else (globalThis as unknown as { onmessage: (e: { data: WorkerInit }) => void }).onmessage = (e) => serve(e.data);
