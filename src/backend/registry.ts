/** @file The backend registry: backends by name, one instance each, and the current one. */
import type { Backend } from "./backend.js";
import { JsBackend } from "./js/index.js";
import { WasmBackend } from "./wasm/index.js";

let current: Backend | null = null;
const instances = new Map<string, Backend>(); // one instance per backend name: arrays stay valid across switches
const registry = new Map<string, () => Backend>([
  ["js", () => new JsBackend()],
  ["wasm", () => new WasmBackend()],
]);

/** Make a backend available to `setBackend(name)`; `make` runs on the first `setBackend(name)`. */
export function registerBackend(name: string, make: () => Backend): void {
  registry.set(name, make);
}

/**
 * Choose the backend that runs operations: `"wasm"` (the default: WebAssembly generated at run time,
 * SIMD) or `"js"` (the reference: plain TypeScript over TypedArrays). `ADJOINT_BACKEND` sets the default.
 * @example setBackend("js")
 */
export function setBackend(name: string): void {
  const make = registry.get(name);
  if (!make) throw new Error(`setBackend: unknown backend "${name}"; available: ${[...registry.keys()].join(", ")}`);
  let instance = instances.get(name);
  if (!instance) instances.set(name, (instance = make()));
  current = instance;
}

/** The backend that runs operations now (chosen on first use: `ADJOINT_BACKEND`, else wasm where available). */
export function getBackend(): Backend {
  if (!current) setBackend(globalThis.process?.env?.ADJOINT_BACKEND || (typeof WebAssembly === "object" ? "wasm" : "js"));
  return current!;
}
