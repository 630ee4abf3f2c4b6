/**
 * @file examples/histfactory.ts as CI runs it: the CLs scan of pyhf's hello world (11 points over [0, 5]),
 * its limits against pyhf's reference, the Brazil-band SVG's structure; the same on a second workspace
 * (any pyhf workspace works); a bad argument exits 2 and a file that is no workspace is a failed claim.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { assertSvg, runExample } from "./example_runner.js";

const workspaces = fileURLToPath(new URL("./fixtures/pyhf/workspaces/", import.meta.url));
const expected = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/pyhf/expected.json", import.meta.url)), "utf8")) as { cases: { id: string; expected: Record<string, { obs: number; exp: number[] }> }[] };
const helloWorld = expected.cases.find((c) => c.id === "hello_world_upper_limits")!.expected;

/** The scan table: μ then seven CLs columns (observed, −2σ … +2σ). */
function scanRows(out: string): number[][] {
  return [...out.matchAll(/^ {2}(\d[\d.]*)((?:\s+[\d.]+(?:e-?\d+)?){6})$/gm)].map((m) => [Number(m[1]), ...m[2].trim().split(/\s+/).map(Number)]);
}

/** The limits table: name → [scan, root finding]. */
function limits(out: string): Record<string, [number, number]> {
  const rows = [...out.matchAll(/^ {2}(observed|expected \S+)\s+([\d.]+)\s+([\d.]+)\s+[\d.]+e[-+]?\d+$/gm)];
  return Object.fromEntries(rows.map((m) => [m[1], [Number(m[2]), Number(m[3])]]));
}

/** Structure of the Brazil band: two filled bands (±2σ yellow outside ±1σ green), dashed median, observed with markers, the 0.05 line. */
function checkBrazil(svg: string | null, points: number): void {
  const s = assertSvg(svg, "histfactory");
  const bands = [...s.matchAll(/<path class="band" d="([^"]+)" fill="([^"]+)" data-label="([^"]+)"\/>/g)];
  assert.deepEqual(bands.map((m) => [m[2], m[3]]), [["#ffff00", "expected ±2σ"], ["#00ff00", "expected ±1σ"]]);
  for (const m of bands) {
    assert.equal((m[1].match(/Z/g) ?? []).length, 1, "each band is one closed polygon");
    assert.equal((m[1].match(/[ML]/g) ?? []).length, 2 * points);
  }
  assert.match(s, /<path class="series" d="M[^"]+" stroke="#000000" stroke-dasharray="6 4" data-label="expected median"\/>/);
  assert.match(s, /<path class="series" d="M[^"]+" stroke="#000000" data-label="observed"\/>/);
  assert.equal((/<g class="markers"[^>]*>(.*?)<\/g>/.exec(s)![1].match(/<circle /g) ?? []).length, points);
  assert.match(s, /<path class="series" d="M[\d.]+,([\d.]+)L[\d.]+,\1" stroke="#d62728" data-label="CLs = 0.05"\/>/, "a horizontal CLs = 0.05 line");
  assert.match(s, /class="ylabel"[^>]*>CLs</);
  assert.match(s, /class="xlabel"[^>]*>mu \(signal strength\)</);
}

test("examples/histfactory.ts: hello world — scan table, limits by scan and root finding as pyhf's, monotone CLs, the Brazil band", () => {
  const r = runExample("histfactory", ["histfactory"]);
  assert.equal(r.status, 0, `histfactory exited with ${r.status}\nstdout:\n${r.out}\nstderr:\n${r.err}`);
  const rows = scanRows(r.out);
  assert.deepEqual(rows.map((q) => q[0]), [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
  // CLs = 1 at μ = 0 (q̃ = 0), falling with μ; the band ordered at each μ; observed inside the ±2σ band here
  assert.deepEqual(rows[0].slice(1), [1, 1, 1, 1, 1, 1]);
  for (let i = 1; i < rows.length; i++) {
    for (let k = 1; k < 7; k++) assert.ok(rows[i][k] < rows[i - 1][k], `column ${k} rises at μ = ${rows[i][0]}`);
    for (let k = 3; k < 7; k++) assert.ok(rows[i][k] >= rows[i][k - 1]);
    assert.ok(rows[i][2] <= rows[i][1] && rows[i][1] <= rows[i][6]);
  }
  // hypotest(1.0) of pyhf's README: CLs_obs 0.0525, the band at μ = 1 (printed to 5 digits)
  assert.ok(Math.abs(rows[2][1] / 0.052515 - 1) < 1e-3, `CLs(μ = 1) = ${rows[2][1]}`);
  const lim = limits(r.out);
  const names = ["observed", "expected −2σ", "expected −1σ", "expected median", "expected +1σ", "expected +2σ"];
  assert.deepEqual(Object.keys(lim), names);
  const root = helloWorld["root finding (upper_limit(data, model, rtol=1e-6), toms748)"];
  const scan = helloWorld["scan np.linspace(0, 5, 11)"];
  names.forEach((n, k) => {
    const [s, f] = lim[n];
    const refRoot = k === 0 ? root.obs : root.exp[k - 1];
    const refScan = k === 0 ? scan.obs : scan.exp[k - 1];
    assert.ok(Math.abs(f / refRoot - 1) < 2e-5, `${n} by root finding: ${f} vs pyhf ${refRoot}`);
    assert.ok(Math.abs(s / refScan - 1) < 3e-5, `${n} by the scan: ${s} vs pyhf ${refScan}`);
    assert.ok(Math.abs(s - f) <= 0.5, `${n}: scan and root finding differ by more than the step`);
  });
  assert.match(r.out, /PASS {2}scan and root finding agree within the scan's step/);
  assert.match(r.out, /PASS {2}CLs falls with mu on every curve/);
  assert.match(r.out, /PASS {2}observed limit 1\.01157\d and the expected band by root finding match pyhf's \(hello_world_upper_limits/);
  assert.match(r.out, /PASS {2}limits interpolated on the scan match pyhf's on the same grid/);
  assert.match(r.out, /PASS {2}the SVG has the ±2σ \(yellow\) and ±1σ \(green\) bands/);
  assert.match(r.out, /histfactory: all claims hold/);
  checkBrazil(r.svg.histfactory, 11);
  // linear CLs axis from 0 to 1.05 by default
  assert.match(r.svg.histfactory!, /<text class="tick-label"[^>]*>1\.0<\/text>/);
});

test("examples/histfactory.ts: any workspace — pyhf's 2-bin 1-channel example on a log CLs axis", () => {
  const r = runExample("histfactory", ["histfactory"], [join(workspaces, "2-bin_1-channel.json"), "--logy"]);
  assert.equal(r.status, 0, `histfactory exited with ${r.status}\nstdout:\n${r.out}\nstderr:\n${r.err}`);
  assert.match(r.out, /CLs scan of 2-bin_1-channel\.json: POI mu/);
  const rows = scanRows(r.out);
  assert.equal(rows.length, 11);
  // the CLI's numbers of pyhf (`pyhf cls`, cli_2bin_1channel): CLs at μ = 1, observed = median (data = background)
  const at1 = rows.find((q) => q[0] === 1)!;
  assert.ok(Math.abs(at1[1] / 0.35998 - 1) < 1e-4, `CLs(μ = 1) = ${at1[1]}`);
  [0.078074, 0.17473, 0.35998, 0.63436, 0.88099].forEach((v, k) => assert.ok(Math.abs(at1[k + 2] / v - 1) < 1e-4, `band ${k} at μ = 1: ${at1[k + 2]}`));
  const lim = limits(r.out);
  assert.ok(Math.abs(lim.observed[1] - lim["expected median"][1]) < 1e-4);
  for (const [n, [s, f]] of Object.entries(lim)) assert.ok(Math.abs(s - f) <= 0.5, `${n}: ${s} vs ${f}`);
  assert.doesNotMatch(r.out, /match pyhf's/, "no reference limits for this workspace");
  assert.match(r.out, /histfactory: all claims hold/);
  checkBrazil(r.svg.histfactory, 11);
  assert.match(r.svg.histfactory!, /10<tspan[^>]*>\u2212\d+<\/tspan>/, "log ticks on the CLs axis");
});

test("examples/histfactory.ts: a bad argument exits 2 with the usage; a file that is no workspace or a missing measurement is a failed claim (exit 1)", () => {
  const b = runExample("histfactory", [], ["--level", "0.1"]);
  assert.equal(b.status, 2, b.out + b.err);
  assert.match(b.err, /histfactory: unknown or incomplete argument "--level"\nusage: npx tsx examples\/histfactory\.ts \[workspace\.json\]/);
  const missing = runExample("histfactory", [], ["no-such-file.json"]);
  assert.equal(missing.status, 2);
  assert.match(missing.err, /histfactory: cannot read the workspace ".*no-such-file\.json"/);
  const dir = mkdtempSync(join(tmpdir(), "adjoint-hf-"));
  try {
    const ws = JSON.parse(readFileSync(join(workspaces, "2-bin_1-channel.json"), "utf8"));
    delete ws.observations;
    writeFileSync(join(dir, "bad.json"), JSON.stringify(ws));
    const r = runExample("histfactory", ["histfactory"], [join(dir, "bad.json")]);
    assert.equal(r.status, 1, r.out + r.err);
    assert.match(r.out, /FAIL {2}bad\.json: a pyhf workspace whose model could be built \(.*observations/);
    assert.match(r.err, /histfactory: 1 claim\(s\) failed/);
    assert.equal(r.svg.histfactory, null);
    const m = runExample("histfactory", [], [join(workspaces, "2-bin_1-channel.json"), "--measurement", "Nope"]);
    assert.equal(m.status, 1, m.out + m.err);
    assert.match(m.out, /FAIL {2}2-bin_1-channel\.json: a pyhf workspace whose model could be built \(.*no measurement is named "Nope"; measurements are \["Measurement"\]\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
