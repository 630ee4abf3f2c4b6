/**
 * @file Vite configuration of the playground: served and built from the library's TypeScript sources,
 * with the headers that make the page cross-origin isolated (SharedArrayBuffer, so the wasm backend
 * starts its Web Workers) in the dev server and in `vite preview`; the worker is bundled as an ES module.
 */
import { defineConfig, type Plugin } from "vite";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = fileURLToPath(new URL("..", import.meta.url));

/** Cross-origin isolation: required for shared WebAssembly memory, hence for threads. */
export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

/**
 * The library finds its worker script as `new URL("./worker.js", import.meta.url)` (and, run from
 * sources in Node, `./worker.ts`). The playground names the bundled worker through
 * ADJOINT_WORKER_URL instead (src/worker_url.ts), so these references are left alone rather than
 * made into assets (which would copy worker.ts's TypeScript source into the site). And the dataset
 * loader's import of optional Node packages by name is marked as not to be analysed (no dev-server warning).
 */
function sourcesForTheBrowser(): Plugin {
  return {
    name: "adjoint-sources-for-the-browser",
    enforce: "pre",
    transform(code, id) {
      // src/data/datasets.ts loads optional Node packages by name (never in the page): not for Vite to analyse
      if (/src[\\/]data[\\/]datasets\.ts$/.test(id)) return code.replace("await import(specifier)", "await import(/* @vite-ignore */ specifier)");
      if (!/src[\\/]backend[\\/]wasm[\\/]threads\.ts$/.test(id)) return null;
      // a concatenation is not a literal: Vite no longer sees an asset reference (same value at run time)
      return code.replace(/new URL\((["'])\.\/worker\.(js|ts)\1, import\.meta\.url\)/g, "new URL($1./worker.$1 + $1$2$1, import.meta.url)");
    },
  };
}

export default defineConfig({
  plugins: [sourcesForTheBrowser()],
  root: here,
  base: "./", // relative URLs: the built site can be hosted under any path
  server: { headers: ISOLATION_HEADERS, fs: { allow: [repo] } },
  preview: { headers: ISOLATION_HEADERS },
  worker: { format: "es", plugins: () => [sourcesForTheBrowser()] },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 2000 },
});
