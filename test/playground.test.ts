/**
 * @file End-to-end tests of the browser playground (playground/): build it with Vite, serve it
 * cross-origin isolated, drive Debian's Chromium headless with playwright-core, type functions into
 * the editors and compare the plotted values, printed derivatives, jaxprs and Jacobians with the
 * library computing the same in Node; check inline errors; check that the dev server starts the
 * Web Workers too. Screenshots of every panel go to test-artifacts/playground/ (git-ignored).
 * Skipped, saying why, without Chromium ($CHROMIUM or /usr/bin/chromium) or playwright-core, and
 * on the js pass of `npm test` (the playground runs the wasm backend).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { NDArray, grad, jacfwd, jit, makeJaxpr, np, numeric, vmap } from "../src/index.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CONFIG = path.join(ROOT, "playground", "vite.config.ts");
const ARTIFACTS = path.join(ROOT, "test-artifacts", "playground");
const chromiumPath = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && fs.existsSync(p));
const playwright = await import("playwright-core").catch(() => null);

const skip = process.env.ADJOINT_BACKEND === "js" ? "runs in the wasm pass of npm test (the playground computes on wasm)"
  : !chromiumPath ? "Chromium not installed (apt-get install chromium, or set CHROMIUM): the playground's browser tests cannot run"
  : !playwright ? "playwright-core not installed (npm ci installs the dev dependencies)"
  : false;

const f64 = (v: number | number[]) => np.array(v, { dtype: "float64" });
const TYPES: Record<string, string> = { ".js": "text/javascript", ".html": "text/html", ".css": "text/css", ".svg": "image/svg+xml" };

/** A Vite logger that keeps warnings and errors (to assert there are none) instead of printing them. */
async function quietLogger(): Promise<{ logger: import("vite").Logger; said: string[] }> {
  const vite = await import("vite");
  const logger = vite.createLogger("warn"), said: string[] = [];
  // the bundler's note on slow plugins (this machine is shared, so builds may be slow) is not a problem
  const keep = (msg: string) => void (/PLUGIN_TIMINGS/.test(msg) || said.push(msg));
  logger.warn = keep;
  logger.warnOnce = keep;
  logger.error = keep;
  return { logger, said };
}

/** Serve `dir` with the cross-origin isolation headers; returns its URL, the paths asked for, and a close function. */
async function serveStatic(dir: string): Promise<{ url: string; requested: string[]; close: () => Promise<void> }> {
  const requested: string[] = [];
  const server = http.createServer((req, res) => {
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
    let p = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    requested.push(p);
    if (p.endsWith("/")) p += "index.html";
    const file = path.join(dir, path.normalize(p));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader("Content-Type", TYPES[path.extname(file)] ?? "application/octet-stream");
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, requested, close: () => new Promise((r) => server.close(() => r())) };
}

/** Open `url`, collecting console errors and page errors, and wait until the playground says it is ready. */
async function openPlayground(browser: Browser, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector("body[data-ready]", { timeout: 45_000 });
  const ready = await page.getAttribute("body", "data-ready");
  assert.equal(ready, "true", `the playground started: ${await page.textContent('[data-test="status"]')} ${problems.join("\n")}`);
  return { page, problems };
}

const body = (page: Page) => page.evaluate(() => ({ ...document.body.dataset }) as Record<string, string>);

/** Replace an input's text and wait until the page has recomputed (`counter` on <body> moved). */
async function typeInto(page: Page, id: string, text: string, counter: "fnUpdates" | "vecUpdates"): Promise<void> {
  const before = Number((await body(page))[counter] ?? 0);
  await page.fill(`[data-test="${id}"]`, text);
  await page.waitForFunction(([c, n]) => Number(document.body.dataset[c as string] ?? 0) > (n as number), [counter, before] as const, { timeout: 20_000 });
}

const series = async (page: Page, id: string) => JSON.parse((await page.getAttribute(`[data-test="${id}"]`, "data-series")) ?? "null");
const cellValues = (page: Page, id: string) =>
  page.$$eval(`[data-test="${id}"] tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].filter((td) => td.dataset.value !== undefined).map((td) => Number(td.dataset.value))).filter((r) => r.length > 0));

/** |a − b| ≤ tol·(1 + |b|) elementwise, naming the first mismatch. */
function near(actual: number[], expected: number[], tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= tol * (1 + Math.abs(expected[i])), `${what}[${i}]: ${a} vs ${expected[i]}`));
}

async function screenshotPanels(page: Page, suffix = ""): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const panel of ["editor", "derivs", "jaxpr", "jacobian", "fd", "gallery"]) {
    await page.locator(`[data-test="panel-${panel}"]`).screenshot({ path: path.join(ARTIFACTS, `${panel}${suffix}.png`) });
  }
}

test("the built playground in headless Chromium: plots, derivatives, jaxprs, Jacobians and errors match the library in Node", { skip, timeout: 120_000 }, async () => {
  const vite = await import("vite");
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "adjoint-playground-"));
  const site = await (async () => {
    const { logger, said } = await quietLogger();
    await vite.build({ configFile: CONFIG, customLogger: logger, build: { outDir: out, emptyOutDir: true } });
    assert.deepEqual(said, [], "vite builds the playground without warnings");
    return serveStatic(out);
  })();
  const browser = await playwright!.chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
  try {
    const { page, problems } = await openPlayground(browser, site.url);
    const state = await body(page);
    console.log(`playground: ${await page.textContent('[data-test="status"]')}`);

    // the wasm backend on Web Workers (the page is cross-origin isolated; the bundled worker script was loaded)
    assert.equal(state.backend, "wasm");
    assert.equal(state.isolated, "true", "cross-origin isolated");
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    if (cores >= 2) {
      assert.ok(Number(state.threads) >= 2, `Web Workers started: threads = ${state.threads}`);
      assert.ok(site.requested.some((p) => /\/assets\/worker-[\w-]+\.js$/.test(p)), `the worker script was fetched: ${site.requested}`);
    }
    assert.ok(Number(state.firstPlotMs) > 0, "time to first plot is reported");

    // the first example: the lecture's x³ at x0 = 1
    assert.equal(await page.inputValue('[data-test="fn-input"]'), "x => x ** 3");
    const cube = await series(page, "plot-derivs");
    assert.equal(cube.x.length, 201);
    near(cube.y[0], cube.x.map((x: number) => x ** 3), 1e-15, "x³");
    near(cube.y[1], cube.x.map((x: number) => 3 * x * x), 1e-15, "3x²");
    near(cube.y[2], cube.x.map((x: number) => 6 * x), 1e-15, "6x");
    near(cube.y[3], cube.x.map(() => 6), 0, "6");
    assert.deepEqual(await page.$$eval('[data-test^="deriv-"]', (tds) => tds.map((td) => Number((td as HTMLElement).dataset.value))), [1, 3, 6, 6]);
    assert.equal(await page.locator("svg polyline, svg path").count() > 0, true, "the plot is drawn");
    await screenshotPanels(page);

    // type a function and a point; compare with the library in Node (float64, the same wasm kernels)
    const src = "(x: number) => np.tanh(x) * np.cos(2 * x)";
    const f = (x: NDArray) => np.multiply(np.tanh(x), np.cos(np.multiply(2, x)));
    await typeInto(page, "fn-input", src, "fnUpdates");
    await typeInto(page, "x0", "0.7", "fnUpdates");
    assert.equal(await page.isHidden('[data-test="fn-error"]'), true, "no error shown");
    const fs3 = [f, grad(f), grad(grad(f)), grad(grad(grad(f)))] as ((x: NDArray) => NDArray)[];
    const plotted = await series(page, "plot-derivs");
    const grid = np.linspace(-2, 2, 201, { dtype: "float64" });
    near(plotted.x, Array.from(grid.data() as Float64Array), 0, "grid");
    fs3.forEach((fk, k) => near(plotted.y[k], Array.from(jit(vmap(fk))(grid).data() as Float64Array), 1e-12, `f^(${k}) on the grid`));
    const printed = await page.$$eval('[data-test^="deriv-"]', (tds) => tds.map((td) => Number((td as HTMLElement).dataset.value)));
    near(printed, fs3.map((fk) => fk(f64(0.7)).item() as number), 1e-13, "f⁽ᵏ⁾(0.7) printed");
    assert.equal(await page.textContent('[data-test="jaxpr-grad"]'), String(makeJaxpr(grad(f))(f64(0.7))), "the printed jaxpr of grad(f)");
    const optimised = (await page.textContent('[data-test="jaxpr-jit"]')) ?? "";
    assert.match(optimised, /^\{ lambda a:f64\[\]\. let/);
    assert.match((await page.textContent('[data-test="program-stats"]')) ?? "", /grad\(f\): \d+ equations; .* fused into \d+ kernels?/);
    const fd = await series(page, "plot-fd");
    const ad = grad(f)(f64(0.7)).item() as number;
    near([fd.ad], [ad], 1e-15, "f′ by AD in the FD panel");
    const fNum = (x: number) => f(f64(x)).item() as number;
    fd.h.forEach((h: number, i: number) => {
      if (h < 1e-4) return; // at small h the error is round-off, too sensitive to compare
      near([fd.forward[i]], [Math.abs(numeric.forwardDifference(fNum, 0.7, h) - ad)], 1e-6, `forward error at h = ${h}`);
      near([fd.central[i]], [Math.abs(numeric.centralDifference(fNum, 0.7, h) - ad)], 1e-6, `central error at h = ${h}`);
    });
    await screenshotPanels(page, "-typed");

    // the Jacobian panel: a function ℝ³ → ℝ² at (1, 2, 3): 3 JVP passes, 2 VJP passes
    await typeInto(page, "vec-input", "v => [v[0] * v[1], np.exp(v[1]) - v[2] ** 2]", "vecUpdates");
    await typeInto(page, "vec-x0", "1, 2, 3", "vecUpdates");
    const J = jacfwd((v: NDArray) => np.stack([v.get(0).mul(v.get(1)), np.exp(v.get(1)).sub(v.get(2).pow(2))]))(f64([1, 2, 3])).toArray() as number[][];
    const cols = await cellValues(page, "jac-cols"), rows = await cellValues(page, "jac-rows");
    near(cols.flat(), J.flat(), 1e-15, "Jacobian by columns");
    near(rows.flat(), J.flat(), 1e-15, "Jacobian by rows");
    assert.equal(await page.getAttribute('[data-test="jac-cols"]', "data-passes"), "3");
    assert.equal(await page.getAttribute('[data-test="jac-rows"]', "data-passes"), "2");
    assert.match((await page.textContent('[data-test="jac-cols-passes"]')) ?? "", /^3 passes \(n = 3 inputs\).*(\d+\.\d\d ms, ){2}\d+\.\d\d ms — total/);
    assert.match((await page.textContent('[data-test="jac-rows-passes"]')) ?? "", /^2 passes \(m = 2 outputs\)/);
    await page.locator('[data-test="panel-jacobian"]').screenshot({ path: path.join(ARTIFACTS, "jacobian-typed.png") });
    // the wide example: ℝ⁸ → ℝ needs 8 JVPs but one VJP (the gradient, sin v + v·cos v)
    let before = Number((await body(page)).vecUpdates);
    await page.click('[data-test="vec-examples"] button:has-text("one VJP")');
    await page.waitForFunction((n) => Number(document.body.dataset.vecUpdates) > n, before);
    assert.equal(await page.getAttribute('[data-test="jac-cols"]', "data-passes"), "8");
    assert.equal(await page.getAttribute('[data-test="jac-rows"]', "data-passes"), "1");
    const v8 = [1, 2, 3, 4, 5, 6, 7, 8];
    near((await cellValues(page, "jac-rows")).flat(), v8.map((v) => Math.sin(v) + v * Math.cos(v)), 1e-14, "the gradient row");
    assert.match((await page.textContent('[data-test="jac-verdict"]')) ?? "", /^Reverse mode needs fewer passes here \(1 instead of 8\)/);

    // the gallery's nested quadratic, loaded into the editor: f′ at x0 = 0.7 as the library computes it in Node
    before = Number((await body(page)).fnUpdates);
    await page.click('[data-test="examples"] button:has-text("q∘q∘q")');
    await page.waitForFunction((n) => Number(document.body.dataset.fnUpdates) > n, before);
    const q = (u: NDArray) => np.add(np.add(np.multiply(u, u), np.multiply(3, u)), 4);
    const qqq = (x: NDArray) => q(q(q(x)));
    const shown = await page.$$eval('[data-test^="deriv-"]', (tds) => tds.map((td) => Number((td as HTMLElement).dataset.value)));
    near(shown.slice(0, 2), [qqq(f64(0.7)).item() as number, grad(qqq)(f64(0.7)).item() as number], 1e-13, "q∘q∘q and its derivative");
    assert.equal(await page.textContent('[data-test="jaxpr-grad"]'), String(makeJaxpr(grad(qqq))(f64(0.7))), "the jaxpr of grad(q∘q∘q)");

    // a syntax error, then a run-time error: shown inline with line:col and a caret, the panels greyed out
    await typeInto(page, "fn-input", "x => np.sin(x +", "fnUpdates");
    const syntax = (await page.textContent('[data-test="fn-error"]')) ?? "";
    assert.equal(await page.isVisible('[data-test="fn-error"]'), true);
    assert.equal(syntax, "1:16: expected an expression, got the end of the input\nx => np.sin(x +\n               ^");
    assert.match((await page.getAttribute('[data-test="panel-derivs"]', "class")) ?? "", /stale/);
    await page.locator('[data-test="panel-editor"]').screenshot({ path: path.join(ARTIFACTS, "editor-syntax-error.png") });
    await typeInto(page, "fn-input", "x => np.sqrt(x, 2)", "fnUpdates");
    assert.match((await page.textContent('[data-test="fn-error"]')) ?? "", /^1:6: np\.sqrt: expected at most 1 argument/);
    await typeInto(page, "fn-input", "x => document.cookie", "fnUpdates");
    assert.match((await page.textContent('[data-test="fn-error"]')) ?? "", /^1:6: unknown name "document"/);
    await typeInto(page, "fn-input", "x => x.square() + 0", "fnUpdates"); // an array method: NDArray's methods are in the bundle
    assert.equal(await page.isHidden('[data-test="fn-error"]'), true, "the error goes away when fixed");
    near(await page.$$eval('[data-test^="deriv-"]', (tds) => tds.map((td) => Number((td as HTMLElement).dataset.value))), [0.49, 1.4, 2, 0], 1e-15, "x² at 0.7");
    assert.doesNotMatch((await page.getAttribute('[data-test="panel-derivs"]', "class")) ?? "", /stale/);

    // the gallery: the seed's numbers, the swell, a decreasing training curve
    const seed = JSON.parse((await page.getAttribute('[data-test="gallery-seed"]', "data-values")) ?? "null");
    assert.deepEqual(seed.value, [6, 27]);
    near(seed.jvp, [10.4, 91.8], 1e-15, "J·(1.2, 3.4)");
    assert.deepEqual(seed.vjp, [12, 143]);
    const swell = await series(page, "plot-swell");
    assert.deepEqual(swell.map((r: { expandedTerms: number }) => r.expandedTerms), [2, 4, 8, 16, 32, 64, 128, 256]);
    const { losses } = await series(page, "plot-train-loss");
    assert.equal(losses.length, 300);
    assert.ok(losses[299] < losses[0] / 20, `training loss ${losses[0]} → ${losses[299]}`);
    await page.screenshot({ path: path.join(ARTIFACTS, "playground.png"), fullPage: true });
    assert.deepEqual(problems, [], "no errors or warnings on the console");

    // a link reopens the editors' state (kept in the URL's fragment)
    const link = page.url();
    assert.match(link, /#f=.*&x0=0\.7&F=/);
    const again = await openPlayground(browser, link);
    assert.equal(await again.page.inputValue('[data-test="fn-input"]'), await page.inputValue('[data-test="fn-input"]'));
    assert.equal(await again.page.inputValue('[data-test="vec-x0"]'), "1, 2, 3, 4, 5, 6, 7, 8");
    const shared = await again.page.$$eval('[data-test^="deriv-"]', (tds) => tds.map((td) => Number((td as HTMLElement).dataset.value)));
    near(shared, await page.$$eval('[data-test^="deriv-"]', (tds) => tds.map((td) => Number((td as HTMLElement).dataset.value))), 0, "the same derivatives");
    // a hostile link is only ever parsed by the expression language: an error, nothing run
    const hostile = await openPlayground(browser, `${site.url}#f=${encodeURIComponent("x => fetch('/steal?' + document.cookie)")}`);
    assert.match((await hostile.page.textContent('[data-test="fn-error"]')) ?? "", /^1:12: strings are not part of the language/);
    assert.match((await hostile.page.textContent('[data-test="status"]')) ?? "", /no plot yet/);
    assert.ok(!site.requested.some((p) => p.startsWith("/steal")), "nothing was fetched");
  } finally {
    await browser.close();
    await site.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test("the dev server (npm run playground) is cross-origin isolated and starts the Web Workers", { skip, timeout: 90_000 }, async () => {
  const vite = await import("vite");
  const { logger, said } = await quietLogger();
  const server = await vite.createServer({ configFile: CONFIG, customLogger: logger, server: { host: "127.0.0.1", port: 0 } });
  await server.listen();
  const browser = await playwright!.chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
  try {
    const url = server.resolvedUrls?.local[0];
    assert.ok(url, "the dev server has a URL");
    const { page, problems } = await openPlayground(browser, url);
    const state = await body(page);
    assert.equal(state.isolated, "true", "the dev server sends the COOP/COEP headers");
    if ((await page.evaluate(() => navigator.hardwareConcurrency)) >= 2) assert.ok(Number(state.threads) >= 2, `Web Workers started: ${state.threads}`);
    assert.deepEqual(await page.$$eval('[data-test^="deriv-"]', (tds) => tds.map((td) => Number((td as HTMLElement).dataset.value))), [1, 3, 6, 6]);
    assert.deepEqual(problems, [], "no errors or warnings on the console");
    assert.deepEqual(said, [], "the dev server served the playground without warnings");
  } finally {
    await browser.close();
    await server.close();
  }
});
