/**
 * @file The playground page: reads the editors, recomputes the panels on each edit (debounced), shows
 * errors inline, and reports the backend (wasm, its Web Workers, cross-origin isolation) and the
 * time to the first plot. Progress is published on <body> data attributes for the end-to-end tests.
 */
import { getBackend } from "../../src/index.js";
import { compile, UserFunction } from "../../src/expr/interpret.js";
import { showDerivatives, showFiniteDifferences, showJacobian, showPrograms } from "./panels.js";
import { showSeedAndSwell, showTraining } from "./gallery_view.js";
import { byTest, setStale, showError } from "./view.js";
import { useBundledWorker } from "./worker_url.js";

/** Examples for the editor; the lecture's x³ first. */
const EXAMPLES: [string, string][] = [
  ["x³", "x => x ** 3"],
  ["sin(x)·x", "x => np.sin(x) * x"],
  ["sin(x)·eˣ", "x => np.sin(x) * np.exp(x)"],
  ["tanh", "x => np.tanh(x)"],
  ["a kink", "x => x > 0 ? x ** 2 : -x / 2"],
  ["with const", "(x: number) => {\n  const s = np.sin(x);\n  return s * s + np.cos(3 * x) / 3;\n}"],
  ["q∘q∘q (gallery)", "x => {\n  const q1 = x * x + 3 * x + 4;\n  const q2 = q1 * q1 + 3 * q1 + 4;\n  return q2 * q2 + 3 * q2 + 4;\n}"],
];
/** Examples for the Jacobian panel: [label, F, point]; wide and tall ones show when each mode wins. */
const VECTOR_EXAMPLES: [string, string, string][] = [
  ["ℝ³ → ℝ³", "v => [v[0] * v[1], v[1] ** 3, np.sin(v[0] + v[2])]", "2, 3, 1"],
  ["the seed g(x, y) = [xy, y³]", "v => [v[0] * v[1], v[1] ** 3]", "2, 3"],
  ["ℝ⁸ → ℝ: one VJP", "v => np.sum(np.sin(v) * v)", "1, 2, 3, 4, 5, 6, 7, 8"],
  ["ℝ → ℝ⁸: one JVP", "v => np.sin(v[0] * np.arange(1, 9))", "0.5"],
];

const fnInput = byTest<HTMLTextAreaElement>("fn-input");
const vecInput = byTest<HTMLTextAreaElement>("vec-input");
const num = (id: string) => Number(byTest<HTMLInputElement>(id).value);
/** Milliseconds from navigation start (performance's time origin) to the first plot drawn. */
let firstPlotMs: number | null = null;

/** The editors' state in the URL's fragment (#f=…&lo=…&hi=…&x0=…&F=…&v=…), so that a link reopens it. */
const SHARED: [key: string, id: string][] = [["f", "fn-input"], ["lo", "x-lo"], ["hi", "x-hi"], ["x0", "x0"], ["F", "vec-input"], ["v", "vec-x0"]];

/** Put the editors' state into the address bar (without a new history entry). */
function saveToUrl(): void {
  const q = new URLSearchParams(SHARED.map(([k, id]) => [k, byTest<HTMLInputElement>(id).value]));
  history.replaceState(null, "", `#${q}`);
}

/** Fill the editors from the URL's fragment, where it names them. NB: the text is only ever parsed by the expression language. */
function loadFromUrl(): void {
  const q = new URLSearchParams(location.hash.slice(1));
  for (const [k, id] of SHARED) {
    const v = q.get(k);
    if (v !== null) byTest<HTMLInputElement>(id).value = v;
  }
}

/** Count finished updates on <body> (the tests wait for the count to move). */
function bump(name: string): void {
  const b = document.body.dataset;
  b[name] = String(Number(b[name] ?? 0) + 1);
}

/** Recompute panels 2, 3 and 5 from the function editor. */
function updateFunction(): void {
  const src = fnInput.value;
  const panels = ["panel-derivs", "panel-jaxpr", "panel-fd"];
  try {
    const lo = num("x-lo"), hi = num("x-hi"), x0 = num("x0");
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new RangeError(`the x range must be two numbers with from < to, got [${lo}, ${hi}]`);
    if (!Number.isFinite(x0)) throw new RangeError("x₀ must be a number");
    const f: UserFunction = compile(src);
    if (f.params.length !== 1) throw new TypeError(`f takes one argument x; this function takes ${f.params.length}`);
    showDerivatives(f, lo, hi, x0);
    if (firstPlotMs === null) firstPlotMs = performance.now();
    showPrograms(f, x0);
    showFiniteDifferences(f, x0);
    showError(byTest("fn-error"), fnInput, src, null);
    setStale(panels, false);
  } catch (e) {
    showError(byTest("fn-error"), fnInput, src, e);
    setStale(panels, true);
  }
  saveToUrl();
  bump("fnUpdates");
}

/** Recompute panel 4 from the vector-function editor. */
function updateVector(): void {
  const src = vecInput.value;
  try {
    const text = byTest<HTMLInputElement>("vec-x0").value;
    const v0 = text.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
    if (v0.length === 0 || v0.some((v) => !Number.isFinite(v))) throw new RangeError(`the point must be numbers separated by commas, got ${JSON.stringify(text)}`);
    const F = compile(src);
    if (F.params.length !== 1) throw new TypeError(`F takes one argument v (a vector); this function takes ${F.params.length}`);
    showJacobian(F, v0);
    showError(byTest("vec-error"), vecInput, src, null);
    setStale(["panel-jacobian"], false);
  } catch (e) {
    showError(byTest("vec-error"), vecInput, src, e);
    setStale(["panel-jacobian"], true);
  }
  saveToUrl();
  bump("vecUpdates");
}

/** Fill the bar `id` with buttons: [label, what a click does]. */
function buttons(id: string, items: [string, () => void][]): void {
  const bar = byTest(id);
  for (const [label, onClick] of items) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    bar.append(b);
  }
}

/** Run `f` 250 ms after the last of a burst of calls. */
function debounce(f: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(f, 250);
  };
}

async function start(): Promise<void> {
  useBundledWorker(); // before the backend starts
  const backend = getBackend() as ReturnType<typeof getBackend> & { startThreads?: () => Promise<boolean>; threads?: number };
  buttons("examples", EXAMPLES.map(([label, src]) => [label, () => {
    fnInput.value = src;
    updateFunction();
  }]));
  buttons("vec-examples", VECTOR_EXAMPLES.map(([label, src, at]) => [label, () => {
    vecInput.value = src;
    byTest<HTMLInputElement>("vec-x0").value = at;
    updateVector();
  }]));
  fnInput.value = EXAMPLES[0][1];
  vecInput.value = VECTOR_EXAMPLES[0][1];
  byTest<HTMLInputElement>("vec-x0").value = VECTOR_EXAMPLES[0][2];
  loadFromUrl();
  const onFn = debounce(updateFunction), onVec = debounce(updateVector);
  fnInput.addEventListener("input", onFn);
  for (const id of ["x-lo", "x-hi", "x0"]) byTest(id).addEventListener("input", onFn);
  vecInput.addEventListener("input", onVec);
  byTest("vec-x0").addEventListener("input", onVec);

  updateFunction(); // the first plot: small enough for one thread, so before the workers start
  const threads = backend.startThreads ? await backend.startThreads() : false;
  const isolated = globalThis.crossOriginIsolated === true;
  document.body.dataset.backend = backend.name;
  document.body.dataset.threads = String(threads ? backend.threads ?? 1 : 1);
  document.body.dataset.isolated = String(isolated);
  updateVector();
  showSeedAndSwell();
  byTest("status").textContent =
    `backend ${backend.name}` + (threads ? ` on ${backend.threads} threads (Web Workers)` : " on one thread") +
    (isolated ? ", cross-origin isolated" : " — not cross-origin isolated: no shared memory, so no workers") +
    (firstPlotMs === null ? "; no plot yet (see the error)." : `; first plot ${firstPlotMs.toFixed(0)} ms after navigation.`);
  document.body.dataset.firstPlotMs = String(firstPlotMs);
  let seedValue = 0;
  const runTraining = () => {
    try {
      showTraining(seedValue++);
    } catch (e) {
      byTest("train-summary").textContent = `training failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    bump("trainRuns");
  };
  byTest("train-run").addEventListener("click", runTraining);
  await new Promise((r) => setTimeout(r, 0)); // let the page paint before training
  runTraining();
  document.body.dataset.ready = "true";
}

start().catch((e) => {
  byTest("status").textContent = `the playground failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
  document.body.dataset.ready = "error";
});
