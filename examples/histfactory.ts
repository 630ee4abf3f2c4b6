/**
 * @file HistFactory: a CLs scan over the signal strength μ of any pyhf workspace (default: pyhf's "hello
 * world", test/fixtures/pyhf/workspaces/hello_world_uncorrelated_background.json), with the observed and
 * expected (−2σ…+2σ) CLs at each point, the 95 % CL upper limits both by interpolating the scan and by
 * root finding, and the Brazil-band plot written to DIR/histfactory.svg. Asserts that the two kinds of
 * limits agree within the scan's step, that CLs falls with μ, and — for a workspace with pyhf reference
 * limits in test/fixtures/pyhf/expected.json — that the limits match pyhf's. Exit code 1 when a claim fails.
 * Usage: `npx tsx examples/histfactory.ts [workspace.json] [--measurement NAME] [--mu-max X] [--logy] [--full] [--out DIR]`
 */
import { mkdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { fileURLToPath } from "node:url";
import { hf, np, plot } from "../src/index.js";
import { fmt, seconds, table, verdict } from "./_common.js";

// ---- command line ----

const usage = "usage: npx tsx examples/histfactory.ts [workspace.json] [--measurement NAME] [--mu-max X] [--logy] [--full] [--out DIR]";
const fixtures = fileURLToPath(new URL("../test/fixtures/pyhf/", import.meta.url));
const args = { file: join(fixtures, "workspaces/hello_world_uncorrelated_background.json"), measurement: undefined as string | undefined, muMax: undefined as number | undefined, logY: false, full: false, outDir: "out" };
{
  const argv = process.argv.slice(2);
  let file: string | undefined;
  const bad = (a: string, why = "unknown or incomplete argument") => {
    console.error(`histfactory: ${why} ${JSON.stringify(a)}\n${usage}`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--full") args.full = true;
    else if (a === "--logy") args.logY = true;
    else if (a === "--out" && i + 1 < argv.length) args.outDir = argv[++i];
    else if (a === "--measurement" && i + 1 < argv.length) args.measurement = argv[++i];
    else if (a === "--mu-max" && Number(argv[i + 1]) > 0) args.muMax = Number(argv[++i]);
    else if (!a.startsWith("--") && file === undefined) file = a;
    else bad(a);
  }
  if (file !== undefined) args.file = resolve(file);
  args.outDir = resolve(args.outDir);
}

const LEVEL = 0.05; // CLs level of the limits: 95 % CL
const RTOL = 1e-6; // root finding: pyhf's reference limits were found to this tolerance
/** The order of the expected band and of the expected limits: the curve of the lowest limit first. */
const BAND = ["−2σ", "−1σ", "median", "+1σ", "+2σ"];

/** The smallest 1, 2 or 5 × 10^k at or above v. */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * p >= v * (1 - 1e-12)) as number) * p;
}

// ---- the workspace and its model ----

let text: string;
try {
  text = readFileSync(args.file, "utf8");
} catch (e) {
  console.error(`histfactory: cannot read the workspace ${JSON.stringify(args.file)}: ${(e as Error).message}\n${usage}`);
  process.exit(2);
}
const claims: { what: string; ok: boolean }[] = [];
const name = basename(args.file);
let spec: unknown;
let built: { model: hf.HfModel; data: ReturnType<hf.Workspace["data"]> } | null = null;
try {
  spec = JSON.parse(text);
  const ws = hf.Workspace.fromJSON(spec);
  const model = ws.model(args.measurement === undefined ? {} : { measurementName: args.measurement });
  built = { model, data: ws.data(model) };
} catch (e) {
  claims.push({ what: `${name}: a pyhf workspace whose model could be built (${(e as Error).message})`, ok: false });
}
if (!built) {
  verdict("histfactory", claims);
  process.exit();
}
const { model, data } = built;
const poi = model.config.poiIndex;
if (poi === null) {
  verdict("histfactory", [{ what: `${name}: the measurement has a parameter of interest`, ok: false }]);
  process.exit();
}
const poiName = model.config.parNames[poi];
const bounds = model.config.suggestedBounds();
console.log(`HistFactory CLs scan of ${name}: POI ${poiName} (bounds [${bounds[poi].join(", ")}]), ${model.config.parNames.length} parameters, test statistic q̃μ, asymptotics`);

// ---- upper limits by root finding (Brent's method; every CLs evaluation is a full hypotest) ----

let t0 = performance.now();
/** Run one step of the search; a failure (e.g. CLs stays above the level) ends the example as a failed claim. */
function attempt<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    verdict("histfactory", [...claims, { what: `${name}: ${what} (${(e as Error).message})`, ok: false }]);
    process.exit();
  }
}
const [rootObs, rootExp] = attempt("upper limits by root finding", () => hf.infer.upperLimit(data, model, { rtol: RTOL }));
const rootLimits = [rootObs, ...rootExp];
console.log(`root finding to rtol ${RTOL.toExponential(0)}: ${seconds(t0)} s`);

// ---- the scan: from the POI's lower bound to past the highest limit (or --mu-max) ----

const lo = Math.max(bounds[poi][0], 0);
const hi = args.muMax ?? niceCeil(1.25 * Math.max(...rootLimits));
if (!(hi > lo)) {
  console.error(`histfactory: --mu-max ${hi} must be above the POI's lower bound ${lo}\n${usage}`);
  process.exit(2);
}
const n = args.full ? 41 : 11;
const scan = np.linspace(lo, hi, n).toArray() as number[];
const step = (hi - lo) / (n - 1);
// a scan past the POI's upper bound widens that bound for the fits (as root finding does)
const parBounds = bounds.map((b, k) => (k === poi ? [b[0], Math.max(b[1], hi)] : b) as [number, number]);
t0 = performance.now();
const [scanObs, scanExp, [mus, results]] = attempt(`the scan over [${lo}, ${hi}]`, () => hf.infer.upperLimit(data, model, { scan, parBounds, returnResults: true }));
const scanLimits = [scanObs, ...scanExp];
console.log(`scan of ${n} points over [${lo}, ${hi}]: ${seconds(t0)} s\n`);

const obsCurve = results.map((r) => r[0]);
const band = BAND.map((_, k) => results.map((r) => r[1][k]));
table(
  [poiName, "CLs obs", ...BAND.map((b) => `exp ${b}`)],
  mus.map((mu, i) => [fmt(mu, 4), fmt(obsCurve[i], 5), ...band.map((c) => fmt(c[i], 5))]),
);

console.log(`\n  upper limits on ${poiName} at ${100 * (1 - LEVEL)} % CL (CLs = ${LEVEL})`);
const limitNames = ["observed", ...BAND.map((b) => `expected ${b}`)];
table(
  ["limit", "scan (interpolated)", "root finding", "|difference|"],
  limitNames.map((l, k) => [l, scanLimits[k].toFixed(6), rootLimits[k].toFixed(6), Math.abs(scanLimits[k] - rootLimits[k]).toExponential(2)]),
);

// ---- claims ----

const worst = Math.max(...scanLimits.map((v, k) => Math.abs(v - rootLimits[k])));
claims.push({ what: `scan and root finding agree within the scan's step: max |difference| ${worst.toExponential(2)} ≤ ${fmt(step, 3)}`, ok: worst <= step });
const curves = [obsCurve, ...band];
const rises = curves.map((c) => Math.max(0, ...c.slice(1).map((v, i) => v - c[i])));
claims.push({ what: `CLs falls with ${poiName} on every curve (observed and the five expected; largest rise ${fmt(Math.max(...rises), 2)} ≤ 1e-9)`, ok: rises.every((r) => r <= 1e-9) && curves.every((c) => c.every(Number.isFinite)) });
const ordered = results.every((r) => r[1].every((v, k) => k === 0 || v >= r[1][k - 1] - 1e-12));
claims.push({ what: "the expected band is ordered at every point (−2σ ≤ −1σ ≤ median ≤ +1σ ≤ +2σ in CLs)", ok: ordered });

// pyhf's reference limits, for a workspace that has them in test/fixtures/pyhf/expected.json
interface RefCase { id: string; workspace: string | null; settings?: { cls_level?: number }; expected: Record<string, unknown>; tolerance?: { suggested_for_independent_implementation?: Record<string, number> } }
type Limits = { obs: number; exp: number[] };
const isLimits = (v: unknown): v is Limits => typeof v === "object" && v !== null && typeof (v as Limits).obs === "number" && Array.isArray((v as Limits).exp);
const refCases = (JSON.parse(readFileSync(join(fixtures, "expected.json"), "utf8")) as { cases: RefCase[] }).cases.filter(
  (c) => c.workspace && c.settings?.cls_level === LEVEL && Object.values(c.expected).some(isLimits) && isDeepStrictEqual(JSON.parse(readFileSync(join(fixtures, c.workspace), "utf8")), spec),
);
const relDiff = (a: number[], b: number[]) => Math.max(...a.map((v, k) => Math.abs(v / b[k] - 1)));
for (const c of args.measurement === undefined ? refCases : []) {
  const tol = c.tolerance?.suggested_for_independent_implementation ?? {};
  for (const [key, ref] of Object.entries(c.expected)) {
    if (!isLimits(ref)) continue;
    const refs = [ref.obs, ...ref.exp];
    if (/^root finding/.test(key) && /rtol=1e-6/.test(key)) {
      const d = relDiff(rootLimits, refs);
      const t = tol.root_found_rel ?? 1e-6;
      claims.push({ what: `observed limit ${rootObs.toFixed(6)} and the expected band by root finding match pyhf's (${c.id}, ${key}): max rel. difference ${d.toExponential(1)} ≤ ${t}`, ok: d <= t });
    }
    const grid = /^scan np\.linspace\(([\d.]+), ([\d.]+), (\d+)\)/.exec(key);
    if (grid && Number(grid[1]) === lo && Number(grid[2]) === hi && Number(grid[3]) === n) {
      const d = relDiff(scanLimits, refs);
      const t = tol.scan_rel ?? 1e-6;
      claims.push({ what: `limits interpolated on the scan match pyhf's on the same grid (${c.id}, ${key}): max rel. difference ${d.toExponential(1)} ≤ ${t}`, ok: d <= t });
    }
  }
}

// ---- the Brazil band ----

const level = [LEVEL, LEVEL];
const svg = plot.linePlot({
  title: `CLs scan: ${name}`,
  xlabel: `${poiName} (signal strength)`,
  ylabel: "CLs",
  width: 640,
  height: 420,
  logY: args.logY,
  xlim: [lo, hi],
  ylim: args.logY ? undefined : [0, 1.05],
  series: [
    { x: mus, y: band[4], fillTo: band[0], color: "#ffff00", label: "expected ±2σ" },
    { x: mus, y: band[3], fillTo: band[1], color: "#00ff00", label: "expected ±1σ" },
    { x: mus, y: band[2], color: "#000000", dashed: true, label: "expected median" },
    { x: mus, y: obsCurve, color: "#000000", markers: true, label: "observed" },
    { x: [lo, hi], y: level, color: "#d62728", label: `CLs = ${LEVEL}` },
  ],
});
const bandPaths = [...svg.matchAll(/<path class="band" d="([^"]*)" fill="(#[0-9a-f]+)"/g)].filter((m) => m[1].length > 0).map((m) => m[2]);
const svgOk =
  isDeepStrictEqual(bandPaths, ["#ffff00", "#00ff00"]) &&
  /<path class="series" d="M[^"]+" stroke="#000000" stroke-dasharray="6 4" data-label="expected median"\/>/.test(svg) &&
  (/<g class="markers" fill="#000000" stroke="none">(.*?)<\/g>/.exec(svg)?.[1].match(/<circle /g) ?? []).length === n &&
  /<path class="series" d="M[^"]+" stroke="#d62728" data-label="CLs = 0.05"\/>/.test(svg) &&
  !/NaN|undefined/.test(svg);
claims.push({ what: "the SVG has the ±2σ (yellow) and ±1σ (green) bands, the dashed median, the observed points and the CLs = 0.05 line", ok: svgOk });
mkdirSync(args.outDir, { recursive: true });
const out = join(args.outDir, "histfactory.svg");
await plot.save(out, svg);
console.log(`\nwrote ${out}`);

verdict("histfactory", claims);
