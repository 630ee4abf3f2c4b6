/**
 * @file Where the wasm backend's Web Workers load their script: Vite bundles src/backend/wasm/worker.ts
 * as an ES module worker and gives its URL (in dev, a module it serves), which the library reads from
 * `globalThis.ADJOINT_WORKER_URL` (README, "In the browser").
 */
import workerUrl from "../../src/backend/wasm/worker.ts?worker&url";

/** Point the library at the bundled worker; call before the first computation creates the backend. */
export function useBundledWorker(): void {
  (globalThis as { ADJOINT_WORKER_URL?: string }).ADJOINT_WORKER_URL = workerUrl;
}
