/** @file `plot.save`: an SVG string to a `.svg` file, or to a `.png` through headless Chromium (Node only). */

type Fs = {
  writeFile(path: string, data: string, encoding: "utf8"): Promise<void>;
  mkdtemp(prefix: string): Promise<string>;
  rm(path: string, opts: { recursive: boolean; force: boolean; maxRetries?: number }): Promise<void>;
  stat(path: string): Promise<{ size: number }>;
};
type ChildProcess = { execFile(file: string, args: string[], opts: { timeout: number }, cb: (err: Error | null, stdout: string, stderr: string) => void): unknown };
type Env = { getBuiltinModule?: (id: string) => unknown; env?: Record<string, string | undefined>; emitWarning?: (msg: string) => void };

// NB: Node modules are looked up at run time (process.getBuiltinModule), not imported, so that bundlers for the browser see none.
const proc = () => (globalThis as { process?: Env }).process;
const builtin = <T>(id: string): T | undefined => proc()?.getBuiltinModule?.(id) as T | undefined;

/** The Chromium binary to rasterise with: $CHROMIUM, /usr/bin/chromium or /usr/bin/chromium-browser; null when none exists or $CHROMIUM is "none". */
function findChromium(): string | null {
  const fs = builtin<{ existsSync(p: string): boolean }>("node:fs");
  const env = proc()?.env ?? {};
  if (!fs || env.CHROMIUM === "none") return null;
  return [env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p): p is string => !!p && fs.existsSync(p)) ?? null;
}

/** The width and height of an SVG string's root element (for the page size). */
function rootSize(svg: string): [number, number] {
  const root = /<svg\b[^>]*>/.exec(svg);
  const w = root && /\swidth="([\d.]+)"/.exec(root[0]);
  const h = root && /\sheight="([\d.]+)"/.exec(root[0]);
  if (!w || !h) throw new TypeError("plot.save: a PNG needs an SVG whose root has numeric width and height (as the plot functions write)");
  return [Math.ceil(Number(w[1])), Math.ceil(Number(h[1]))];
}

/** Screenshot the SVG on a page of its size with headless Chromium. */
async function rasterise(chromium: string, svg: string, png: string, fs: Fs): Promise<void> {
  const cp = builtin<ChildProcess>("node:child_process")!;
  const os = builtin<{ tmpdir(): string }>("node:os")!;
  const nodePath = builtin<{ join(...p: string[]): string; resolve(p: string): string }>("node:path")!;
  const [w, h] = rootSize(svg);
  const dir = await fs.mkdtemp(nodePath.join(os.tmpdir(), "adjoint-png-"));
  try {
    const page = nodePath.join(dir, "plot.html");
    await fs.writeFile(page, `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;background:white;overflow:hidden}svg{display:block}</style></head><body>${svg}</body></html>`, "utf8");
    const args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", `--user-data-dir=${nodePath.join(dir, "profile")}`, `--window-size=${w},${h}`, `--screenshot=${nodePath.resolve(png)}`, `file://${page}`];
    await new Promise<void>((res, rej) => cp.execFile(chromium, args, { timeout: 60_000 }, (err, _o, stderr) => (err ? rej(new Error(`plot.save: Chromium (${chromium}) failed to rasterise the SVG: ${err.message}\n${stderr.slice(-500)}`)) : res())));
    if ((await fs.stat(png)).size === 0) throw new Error(`plot.save: Chromium (${chromium}) wrote an empty ${png}`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/**
 * Write an SVG string to a file (Node only) and return the path written. A `.png` path is rasterised
 * through headless Chromium ($CHROMIUM, /usr/bin/chromium) at the SVG's size; without Chromium the
 * SVG is written next to it (`plot.png` → `plot.svg`) with a warning (also when $CHROMIUM is "none").
 * Any other path gets the SVG text.
 * @example await plot.save("sin.svg", plot.linePlot({ series: [{ x: xs, y: np.sin(xs) }] })) // "sin.svg"
 * @example const written = await plot.save("fit.png", svg) // "fit.png", or "fit.svg" without Chromium
 */
export async function save(path: string, svg: string): Promise<string> {
  if (typeof path !== "string" || typeof svg !== "string") throw new TypeError(`plot.save: expected (path: string, svg: string), got (${typeof path}, ${typeof svg})`);
  const fs = builtin<Fs>("node:fs/promises");
  if (!fs) throw new Error("plot.save: writing files needs Node ≥ 20.16 (node:fs); in a browser, use the SVG string (e.g. a Blob URL or innerHTML)");
  const text = svg.endsWith("\n") ? svg : svg + "\n";
  if (/\.png$/i.test(path)) {
    const chromium = findChromium();
    if (chromium) {
      await rasterise(chromium, svg, path, fs);
      return path;
    }
    const alt = path.replace(/\.png$/i, ".svg");
    proc()?.emitWarning?.(`plot.save: no Chromium found to write ${path} (install chromium or set $CHROMIUM); wrote the SVG to ${alt} instead`);
    await fs.writeFile(alt, text, "utf8");
    return alt;
  }
  await fs.writeFile(path, text, "utf8");
  return path;
}
