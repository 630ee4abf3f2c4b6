/**
 * @file Vite configuration of the playground: served and built from the library's TypeScript sources,
 * with the headers that make the page cross-origin isolated (SharedArrayBuffer, so the wasm backend
 * starts its Web Workers) in the dev server and in `vite preview`; the worker is bundled as an ES module.
 */
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = fileURLToPath(new URL("..", import.meta.url));

/** Cross-origin isolation: required for shared WebAssembly memory, hence for threads. */
export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  root: here,
  base: "./", // relative URLs: the built site can be hosted under any path
  server: { headers: ISOLATION_HEADERS, fs: { allow: [repo] } },
  preview: { headers: ISOLATION_HEADERS },
  worker: { format: "es" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 2000 },
});
