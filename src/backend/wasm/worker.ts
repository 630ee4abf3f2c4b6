/**
 * @file A worker thread of the wasm backend (see threads.ts): instantiates the modules it is sent on
 * the shared memory and takes parts of each published job until the process exits.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { importObject } from "./context.js";
import { instantiateMatmul } from "./matmul.js";
import { ACTIVE, MODULE, participate, READY, Runnable, SEQ, SPIN } from "./threads.js";

interface ModuleMessage {
  id: number;
  mod: WebAssembly.Module;
  kind: "kernel" | "gemm";
  imports: string[];
}

const { memory, port, thread } = workerData as { memory: WebAssembly.Memory; port: MessagePort; thread: number };
const ctl = new Int32Array(workerData.ctl as SharedArrayBuffer);
const runnables: Runnable[] = [];

/** The instance of module `id`, reading module messages until it has arrived. */
function runnable(id: number): Runnable {
  while (!runnables[id]) {
    const msg = receiveMessageOnPort(port);
    if (!msg) continue; // posted before the job was published: it is on its way
    const m = msg.message as ModuleMessage;
    runnables[m.id] = m.kind === "gemm"
      ? { gemm: instantiateMatmul(m.mod, memory) }
      : { kernel: new WebAssembly.Instance(m.mod, importObject(memory, m.imports)).exports.k as Runnable["kernel"] };
  }
  return runnables[id];
}

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
      participate(ctl, runnable(ctl[MODULE]), thread);
    } catch (e) {
      console.error(`adjoint wasm worker ${thread}:`, e);
    }
  }
  if (Atomics.sub(ctl, ACTIVE, 1) === 1) Atomics.notify(ctl, ACTIVE);
}
