/**
 * @file The fitting examples as CI runs them: examples/nist.ts fits every NIST StRD file of the fixtures
 * (both starts, LM and MIGRAD+HESSE) and prints its LRE table; it reads any StRD file — here NIST's
 * Misra1b, whose model is nowhere in the code — and fails clearly on a file it cannot read.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runExample } from "./example_runner.js";

const fixtures = fileURLToPath(new URL("./fixtures/nist/", import.meta.url));

/** The rows of nist.ts's "minimum over the parameters" table. */
function summaryRows(out: string) {
  const re = /^\s+(\w+)\s+(lower|average|higher)\s+([12])\s+(LM|MIGRAD\+HESSE)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(nfev|nfcn) (\d+), (njev|ngrad) (\d+)\s+(\d+)$/gm;
  return [...out.matchAll(re)].map((m) => ({ file: m[1], start: Number(m[3]), method: m[4], values: Number(m[5]), sd: Number(m[6]), sdRel: Number(m[7]), rss: Number(m[8]), evals: Number(m[10]) }));
}

test("examples/nist.ts: every fixture from both starts, LM to LRE ≥ 6 with NIST's sd, MIGRAD+HESSE with the full-Hessian sd", () => {
  const r = runExample("nist", []);
  assert.equal(r.status, 0, `nist exited with ${r.status}\nstdout:\n${r.out}\nstderr:\n${r.err}`);
  const rows = summaryRows(r.out);
  const files = ["BoxBOD", "Chwirut2", "DanWood", "Kirby2", "Lanczos3", "MGH17", "Misra1a", "Rat42"];
  assert.equal(rows.length, files.length * 4, `8 files × 2 starts × 2 methods:\n${r.out}`);
  assert.deepEqual([...new Set(rows.map((q) => q.file))].sort(), files);
  for (const q of rows.filter((q) => q.method === "LM")) {
    assert.ok(q.values >= 6 && q.sdRel <= 1e-4 && q.rss >= 6, `LM ${q.file} start ${q.start}: LRE ${q.values}, sd rel. error ${q.sdRel}`);
    assert.ok(q.sd >= 4, `LM ${q.file} start ${q.start}: sd LRE ${q.sd}`);
  }
  // MIGRAD + HESSE from both starts too (MGH17 from start 1 through MIGRAD's second run)
  for (const q of rows.filter((q) => q.method !== "LM")) assert.ok(q.values >= 6 && q.sdRel <= 0.01 && q.rss >= 6, `MIGRAD ${q.file} start ${q.start}: LRE ${q.values}, sd rel. error ${q.sdRel}`);
  assert.doesNotMatch(r.out, /note: /);
  // the per-parameter table has every parameter of every file: 2+3+2+5+6+5+2+3
  assert.equal((r.out.match(/^\s+\w+ b\d+\s+-?[\d.e+-]+(\s+[\d.e+-]+){8}$/gm) ?? []).length, 28, r.out);
  assert.match(r.out, /PASS {2}Misra1a start 1 LM: values LRE [\d.]+ ≥ 6, NIST's JᵀJ sd to 1e-4/);
  assert.match(r.out, /PASS {2}Kirby2 start 2 MIGRAD\+HESSE: values LRE [\d.]+ ≥ 6, full-Hessian sd to 1 % \(certified\.json sd_full_hessian\)/);
  assert.match(r.out, /nist: all claims hold/);
  assert.match(r.out, /wrote .*nist\.md/);
});

/**
 * NIST's Misra1b: the Misra1a data (the four Misra1 sets share one data set) with the model
 * y = b1·(1 − (1 + b2·x/2)^(−2)) and Misra1b's certified values, as NIST publishes them (the certified RSS
 * and sd were re-checked here in float64 with the exact Jacobian at the certified values).
 */
function misra1b(): string {
  const a = readFileSync(join(fixtures, "Misra1a.dat"), "utf8");
  const out = a
    .replace(/Dataset Name:\s*Misra1a/, "Dataset Name:  Misra1b")
    .replace(/y = b1\*\(1-exp\[-b2\*x\]\)\s+\+\s+e/, "y = b1 * (1-(1+b2*x/2)**(-2))  +  e")
    .replace(/^\s*b1 =.*$/m, "  b1 =   500         300           3.3799746163E+02  3.1643950207E+00")
    .replace(/^\s*b2 =.*$/m, "  b2 =     1.0E-04     2.0E-04     3.9039091287E-04  4.2547321834E-06")
    .replace(/(Residual Sum of Squares:\s+)\S+/, "$17.5464681533E-02")
    .replace(/(Residual Standard Deviation:\s+)\S+/, "$17.9301471998E-02");
  assert.notEqual(out, a);
  assert.match(out, /b1 \* \(1-\(1\+b2\*x\/2\)\*\*\(-2\)\)/);
  return out;
}

test("examples/nist.ts: any StRD file works — Misra1b (model read from its header, sd references from the AD Hessian), --method selects", () => {
  const dir = mkdtempSync(join(tmpdir(), "adjoint-nist-"));
  try {
    writeFileSync(join(dir, "Misra1b.dat"), misra1b());
    const r = runExample("nist", [], [join(dir, "Misra1b.dat"), "--method", "migrad"]);
    assert.equal(r.status, 0, `nist exited with ${r.status}\nstdout:\n${r.out}\nstderr:\n${r.err}`);
    const rows = summaryRows(r.out);
    assert.deepEqual(rows.map((q) => [q.file, q.start, q.method]), [["Misra1b", 1, "MIGRAD+HESSE"], ["Misra1b", 2, "MIGRAD+HESSE"]]);
    for (const q of rows) assert.ok(q.values >= 6 && q.sdRel <= 0.01, `Misra1b start ${q.start}: LRE ${q.values}, sd rel. error ${q.sdRel}`);
    assert.match(r.out, /full-Hessian sd to 1 % \(AD Hessian at the certified values\)/);
    const lm = runExample("nist", [], [join(dir, "Misra1b.dat"), "--method", "lm"]);
    assert.equal(lm.status, 0, lm.out + lm.err);
    const lmRows = summaryRows(lm.out);
    assert.deepEqual(lmRows.map((q) => q.method), ["LM", "LM"]);
    for (const q of lmRows) assert.ok(q.values >= 6 && q.sdRel <= 1e-4, `Misra1b LM start ${q.start}: LRE ${q.values}, sd rel. error ${q.sdRel}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("examples/nist.ts: a file it cannot read is a failed claim (exit 1); a bad argument exits 2 with the usage", () => {
  const dir = mkdtempSync(join(tmpdir(), "adjoint-nist-"));
  try {
    writeFileSync(join(dir, "bad.dat"), readFileSync(join(fixtures, "Misra1a.dat"), "utf8").replace("y = b1*(1-exp[-b2*x])", "y = b1*(1-foo[-b2*x])"));
    const r = runExample("nist", [], [join(dir, "bad.dat"), "--method", "lm"]);
    assert.equal(r.status, 1, r.out + r.err);
    assert.match(r.out, /FAIL {2}bad\.dat: read and fitted \(cannot read the model "b1\*\(1-foo\[-b2\*x\]\)": unknown name "foo"\)/);
    assert.match(r.err, /nist: 1 claim\(s\) failed/);
    const b = runExample("nist", [], ["--method", "newton"]);
    assert.equal(b.status, 2);
    assert.match(b.err, /nist: unknown or incomplete argument "--method"\nusage: npx tsx examples\/nist\.ts \[files…\] \[--method lm\|migrad\|both\] \[--out DIR\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
