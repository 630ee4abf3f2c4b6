/** @file Benchmark W10(a) (bench/w10.ts): the problems are what they say, adjoint's fits reach each minimum, the check flags a wrong fval, the table has the ratios; iminuit's worker when iminuit is installed. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { adjointW10, checkW10, w10Problems, w10Text, w10Markdown, type W10Row } from "../bench/w10.js";
import { IminuitRunner } from "../bench/libs/iminuit.js";

test("W10 problems: Rosenbrock 2/10/100 from (−1.2, 1, …), Rat42 from NIST's start 1 with its 9 points and residual sd", () => {
  const ps = w10Problems();
  assert.deepEqual(ps.map((p) => [p.id, p.x0.length]), [["W10-rosen2", 2], ["W10-rat42", 3], ["W10-rosen10", 10], ["W10-rosen100", 100]]);
  const rat = ps[1];
  assert.deepEqual(rat.x0, [100, 1, 0.1]);
  assert.equal(rat.x!.length, 9);
  assert.equal(rat.y!.length, 9);
  assert.equal(rat.sigma, 1.1587725499);
  for (const p of ps) assert.deepEqual([p.errordef, p.tol, p.strategy], [1, 0.01, 1]);
  assert.deepEqual(ps[2].x0.slice(0, 4), [-1.2, 1, -1.2, 1]);
});

test("W10 adjoint: each fit is valid and reaches the minimum (Rosenbrock 0, Rat42 χ² = n − p = 6); a second fit is the same work", async () => {
  for (const p of w10Problems().filter((q) => q.id !== "W10-rosen100")) {
    const run = await adjointW10(p);
    const a = run(), b = run();
    assert.ok(a.valid, `${p.id}: ${a.reason}`);
    assert.ok(Math.abs(a.fval - p.fmin) <= p.ftol, `${p.id}: fval ${a.fval}`);
    assert.deepEqual([b.nfcn, b.ngrad, b.fval], [a.nfcn, a.ngrad, a.fval], `${p.id}: a refit differs`);
    assert.ok(a.ngrad >= 1 && a.nfcn < 400, `${p.id}: nfcn ${a.nfcn}, ngrad ${a.ngrad}`);
  }
});

test("W10 check and table: a wrong fval or an invalid fit is FAIL; ratios adjoint / iminuit", () => {
  const p = w10Problems()[0];
  assert.equal(checkW10(p, { lib: "adjoint", status: "ok", fval: 1e-6, valid: true }).status, "ok");
  const bad = checkW10(p, { lib: "adjoint", status: "ok", fval: 0.5, valid: true });
  assert.equal(bad.status, "FAIL");
  assert.match(bad.note!, /fval 0\.5 \(minimum 0 ± 0\.001\)/);
  assert.equal(checkW10(p, { lib: "iminuit", status: "ok", fval: 0, valid: false }).status, "FAIL");
  const rows: W10Row[] = [{ problem: p, cells: [
    { lib: "adjoint", status: "ok", nfcn: 70, ngrad: 72, fval: 1e-5, valid: true, medianMs: 2, coldMs: 200 },
    { lib: "iminuit", status: "ok", nfcn: 208, ngrad: 0, fval: 3e-6, valid: true, medianMs: 4 },
  ] }];
  const txt = w10Text(rows);
  assert.match(txt, /time adjoint \/ iminuit/);
  assert.match(txt, /Rosenbrock, 2 parameters.*\s2\s+70\s+72\s+2\s+200\s+1\.00e-5\s+208\s+4\s+3\.00e-6\s+0\.5\s+0\.3365$/m);
  assert.match(w10Markdown(rows), /^\| W10\(a\) MIGRAD \| params \|/);
  const na = w10Text([{ problem: p, cells: [rows[0].cells[0], { lib: "iminuit", status: "n/a", note: "no iminuit" }] }]);
  assert.match(na, /\sn\/a\s+–\s+–\s+–\s+–$/m);
});

test("W10 iminuit worker: Minuit(fcn, x0).migrad() with numerical gradients on Rosenbrock", async (t) => {
  const im = await IminuitRunner.start();
  if (typeof im === "string") return t.skip(im);
  try {
    const r = await im.fit(w10Problems()[0], 2);
    assert.ok(!("error" in r), JSON.stringify(r));
    if ("error" in r) return;
    assert.equal(r.samples_ms.length, 2);
    assert.ok(r.valid && r.fval < 1e-3 && r.nfcn > 50 && r.ngrad === 0, JSON.stringify(r));
  } finally {
    im.close();
  }
});

test("W10(b) workspace: deterministic, 20 × 30 × 4 with 1,211 parameters, valid pyhf JSON; the table", async () => {
  const { hf } = await import("../src/index.js");
  const { w10bWorkspace, w10bText, w10bMarkdown } = await import("../bench/w10.js");
  const a = w10bWorkspace(), b = w10bWorkspace();
  assert.deepEqual(a, b);
  const ws = hf.Workspace.fromJSON(a);
  const m = ws.model();
  assert.deepEqual([m.config.nPars, m.nMain, m.config.channels.length, m.config.samples.length], [1211, 600, 20, 4]);
  assert.equal(m.config.poiName, "mu");
  const obs = ws.data(m, { includeAuxdata: false }) as number[];
  assert.ok(obs.every((v) => Number.isInteger(v) && v > 0));
  const rows = [{ what: "hypotest(1), returnExpectedSet", coldMs: 2400, warmMs: 1900, cpuMs: 1800, note: "CLs 0.5075" }];
  assert.match(w10bText(rows), /hypotest\(1\), returnExpectedSet\s+2400\s+1900\s+1800\s+CLs 0\.5075/);
  assert.match(w10bMarkdown(rows), /^\| W10\(b\) HistFactory \| cold ms \| warm ms \| warm CPU ms \| result \|/);
});
