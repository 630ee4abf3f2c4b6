/** @file A large HistFactory model (W10(b), 1,211 parameters) fitted fast: the Hessian from a colouring of its sparsity equals the full AD Hessian, block elimination equals the dense inverse, and the hypotest matches a tight-tolerance reference. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { hf, np, grad } from "../src/index.js";
import type { NDArray } from "../src/index.js";
import { makeProblem } from "../src/fit/problem.js";
import { invSpd, invSpdBlocked } from "../src/fit/dense.js";
import { hessianSparsity } from "../src/hf/structure.js";
import { w10bWorkspace } from "../bench/w10.js";

const twiceNll = (m: hf.HfModel) => (p: NDArray, d: NDArray) => np.multiply(m.logpdf(p, d), -2);
const maxAbs = (A: number[][]) => Math.max(...A.map((r) => Math.max(...r.map(Math.abs))));
const maxDiff = (A: number[][], B: number[][]) => Math.max(...A.map((r, i) => Math.max(...r.map((v, j) => Math.abs(v - B[i][j])))));

test("hf sparsity: per-bin parameters touch one bin, shared ones are dense; the coloured Hessian equals the full AD Hessian (with limits, a fixed POI)", () => {
  const ws = hf.Workspace.fromJSON(w10bWorkspace(3, 8, 11));
  const m = ws.model();
  const n = m.config.nPars;
  assert.equal(n, 1 + 2 * 3 * 8 + 10);
  const sp = hessianSparsity(m)!;
  assert.ok(sp, "a sparsity is found");
  const names = m.config.parNames;
  const dense = names.filter((_, i) => sp.cells[i] === null);
  assert.deepEqual(dense.sort(), ["histo0", "histo1", "histo2", "histo3", "histo4", "mu", "norm0", "norm1", "norm2", "norm3", "norm4"]);
  // staterror_ch01[3] and shapesys_ch01[3] touch bin 8 + 3 of the main data
  const k = m.config.parSets["staterror_ch01"].offset + 3, s = m.config.parSets["shapesys_ch01"].offset + 3;
  assert.deepEqual([sp.cells[k], sp.cells[s]], [[11], [11]]);

  const d = np.array(ws.data(m), { dtype: "float64" });
  const bounds = m.config.suggestedBounds();
  const x0 = m.config.suggestedInit().map((v, i) => Math.min(bounds[i][1] - 1e-3, v + 0.03 * Math.sin(3 * i + 1)));
  for (const fixPoi of [false, true]) {
    const opts = { limits: bounds, fixed: names.map((nm) => fixPoi && nm === "mu") };
    const free = opts.fixed.map((f) => !f);
    const structured = makeProblem("t", twiceNll(m), x0, opts, { args: [d], sparsity: sp });
    const full = makeProblem("t", twiceNll(m), x0, opts, { args: [d] });
    const u = structured.toInternal(x0, free);
    const cs = { nfcn: 0, ngrad: 0 }, cf = { nfcn: 0, ngrad: 0 };
    const Hs = structured.compile(free).hessian(u, x0, cs), Hf = full.compile(free).hessian(u, x0, cf);
    assert.ok(maxDiff(Hs, Hf) <= 1e-9 * maxAbs(Hf), `fixPoi ${fixPoi}: ${maxDiff(Hs, Hf)}`);
    // 10 or 11 dense columns, 2 colours (staterror, shapesys), one check: far fewer products than n
    assert.equal(cs.ngrad, (fixPoi ? 10 : 11) + 2 + 1);
    assert.equal(cf.ngrad, free.filter(Boolean).length);
    // block elimination = the dense inverse
    const Ws = structured.compile(free).inverse(Hs)!, Wf = invSpd(Hf)!;
    assert.ok(maxDiff(Ws, Wf) <= 1e-9 * maxAbs(Wf), `inverse: ${maxDiff(Ws, Wf)}`);
  }
});

test("hf sparsity: an undeclared coupling is caught by the check product and the full Hessian is used; a matrix that is not positive definite gives null", () => {
  const ws = hf.Workspace.fromJSON(w10bWorkspace(3, 8, 5));
  const m = ws.model();
  const d = np.array(ws.data(m), { dtype: "float64" });
  const sp = hessianSparsity(m)!;
  // wrong: every per-bin parameter in a cell of its own (staterror and shapesys of a bin do couple)
  const wrong = { cells: sp.cells.map((c, i) => (c === null ? null : [1000 + i])) };
  const x0 = m.config.suggestedInit();
  const free = x0.map(() => true);
  const p = makeProblem("t", twiceNll(m), x0, { limits: m.config.suggestedBounds() }, { args: [d], sparsity: wrong });
  const ref = makeProblem("t", twiceNll(m), x0, { limits: m.config.suggestedBounds() }, { args: [d] });
  const u = p.toInternal(x0, free), cnt = { nfcn: 0, ngrad: 0 };
  const H = p.compile(free).hessian(u, x0, cnt), Hf = ref.compile(free).hessian(u, x0, { nfcn: 0, ngrad: 0 });
  assert.ok(maxDiff(H, Hf) <= 1e-12 * maxAbs(Hf));
  assert.equal(cnt.ngrad, 11 + 1 + 1 + x0.length, "the seed products, then the full Hessian");
  // invSpdBlocked: not positive definite in a block, or in the Schur complement
  assert.equal(invSpdBlocked([[1, 0, 0], [0, -1, 0], [0, 0, 1]], [2], [[0], [1]]), null);
  assert.equal(invSpdBlocked([[1, 0, 2], [0, 1, 0], [2, 0, 1]], [2], [[0], [1]]), null);
  const A = [[4, 1, 1], [1, 3, 0.5], [1, 0.5, 2]];
  const W = invSpdBlocked(A, [2], [[0, 1]])!, Wd = invSpd(A)!;
  assert.ok(maxDiff(W, Wd) < 1e-14);
});

test("W10(b) model (20 × 30 × 4, 1,211 parameters): hypotest equals a tight-tolerance reference; the MLE is a stationary point and a fit from elsewhere agrees", () => {
  const ws = hf.Workspace.fromJSON(w10bWorkspace());
  const m = ws.model();
  assert.equal(m.config.nPars, 1211);
  const d = np.array(ws.data(m), { dtype: "float64" });
  const [cls, band] = hf.infer.hypotest(1, d, m, { returnExpectedSet: true });
  // reference: the four fits of the asymptotic calculator and the Asimov fit each run separately, from
  // the suggested start, with tol 1e-9 (EDM < 2e-12; the Asimov free fit minimised too), q̃ by hand:
  // twice_nll free 4416.214385766943, μ = 1 4416.222189703116 (μ̂ = 1.04178 > 1, so q̃ = 0),
  // Asimov free 4301.674997865757 (μ̂ = 5e-7), μ = 1 4306.400361144066 (q̃_A = 4.725363278308578)
  const ref = 0.5075423082250229;
  const refBand = [0.0006584001657344127, 0.004741805522234169, 0.029720904455826758, 0.1429135456048757, 0.4410491497754399];
  assert.ok(Math.abs(cls - ref) <= 1e-7 * ref, `CLs ${cls} vs ${ref}`);
  band.forEach((v, i) => assert.ok(Math.abs(v - refBand[i]) <= 1e-6 * refBand[i], `band[${i}] ${v} vs ${refBand[i]}`));

  const [best, nll] = hf.mle.fit(d, m, { returnFitval: true });
  assert.ok(Math.abs(nll - 4416.214385766943) < 1e-6, `twice_nll ${nll}`);
  // stationary: every gradient component of twice_nll at the MLE is ~0 (no parameter is at a bound here)
  const g = grad((p: NDArray) => twiceNll(m)(p, d))(best).toArray() as number[];
  const gmax = Math.max(...g.map(Math.abs));
  assert.ok(gmax < 1e-3, `max |∂ twice_nll| = ${gmax}`);
  // a fit from elsewhere (every parameter moved) reaches the same twice_nll
  const bounds = m.config.suggestedBounds();
  const init = m.config.suggestedInit().map((v, i) => Math.min(bounds[i][1], Math.max(bounds[i][0], v + 0.1 * Math.cos(7 * i))));
  const [, nll2] = hf.mle.fit(d, m, { returnFitval: true, initPars: init });
  assert.ok(Math.abs(nll2 - nll) < 1e-5, `from elsewhere: ${nll2} vs ${nll}`);
});
