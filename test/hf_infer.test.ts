/**
 * @file HistFactory inference (hf.mle, hf.infer test statistics, calculators, hypotest) on hand-written
 * models of pyhf's hello world and validation_1bin_normsys, against pyhf's reference numbers
 * (../shared/data/pyhf/expected.json, embedded here: upstream values and the helper's tightly converged
 * cross-check) at the tolerances that file suggests; plus properties, jit/grad, and bad input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, jit, grad, vmap, checkGrads, NDArray } from "../src/index.js";
import { mle, infer } from "../src/hf/infer_index.js";
import { signatureOf, parseSignature } from "../src/numpy/signature.js";
import { helloWorld, normsysModel, uncorrelatedBackground } from "./hf_toy_models.js";

/** |a − e| ≤ rel·|e| elementwise. */
function rel(actual: number | number[] | NDArray, expected: number | number[], tol: number, what = "") {
  const a = ([actual instanceof NDArray ? actual.toArray() : actual] as unknown[]).flat(Infinity) as number[];
  const e = ([expected] as unknown[]).flat(Infinity) as number[];
  assert.equal(a.length, e.length, `${what}: length ${a.length} vs ${e.length}`);
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) <= tol * Math.abs(e[i]), `${what}[${i}]: ${v} vs ${e[i]} (rel ${Math.abs(v - e[i]) / Math.abs(e[i])} > ${tol})`));
}
function abs(actual: number[] | NDArray, expected: number[], tol: number, what = "") {
  const a = (actual instanceof NDArray ? actual.toArray() : actual) as number[];
  assert.equal(a.length, expected.length);
  a.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= tol, `${what}[${i}]: ${v} vs ${expected[i]}`));
}

const { model, data } = helloWorld();
const WIDE: [number, number][] = [[-10, 10], [1e-10, 10], [1e-10, 10]];

test("hf.mle: twiceNll, fit and fixedPoiFit reproduce pyhf's hello-world numbers (hello_world_mle)", () => {
  rel(mle.twiceNll([1, 1, 1], data, model).item() as number, 30.77525435, 1e-8, "twice_nll at init");
  rel(model.expectedData([1, 1, 1]), [62, 63, 277.77777778, 55.18367347], 1e-9, "expected data");
  const [best, nll] = mle.fit(data, model, { returnFitval: true });
  assert.equal(best.dtype, "float64");
  assert.deepEqual(best.shape, [3]);
  abs(best, [0, 1.0030512, 0.96266961], 2e-4, "free fit vs upstream");
  abs(best, [0, 1.003050846, 0.9626808886], 2e-6, "free fit vs cross-check");
  rel(nll, 24.98393521, 1e-8, "free twice_nll");
  const [fixed, nllFixed] = mle.fixedPoiFit(1, data, model, { returnFitval: true });
  abs(fixed, [1, 0.97224597, 0.87553894], 2e-4, "fixed fit");
  rel(nllFixed, 28.92218013, 1e-8, "fixed twice_nll");
  const [wide, nllWide] = mle.fit(data, model, { parBounds: WIDE, returnFitval: true });
  abs(wide, [-0.0668699761, 1.005574364, 0.9693130213], 2e-5, "unconstrained fit");
  rel(nllWide, 24.9671909, 1e-8, "unconstrained twice_nll");
  // the default result is the array alone; the result object carries the fit
  const [, r] = mle.fit(data, model, { returnResult: true });
  assert.deepEqual(r.names, ["mu", "uncorr_bkguncrt[0]", "uncorr_bkguncrt[1]"]);
  assert.ok(r.valid && r.edm < 1e-8);
});

test("hf.mle: returnUncertainties gives (value, HESSE error) pairs — errors of the profiled γ against a finite-difference Hessian (scipy)", () => {
  const u = mle.fixedPoiFit(1, data, model, { returnUncertainties: true });
  assert.deepEqual(u.shape, [3, 2]);
  const rows = u.toArray() as number[][];
  assert.deepEqual(rows[0], [1, 0]); // the fixed POI has no error
  rel(rows.slice(1).map((x) => x[1]), [0.05516805, 0.09423617], 1e-5, "σ(γ)");
  const [b, , res] = mle.fit(data, model, { returnUncertainties: true, returnFitval: true, returnResult: true });
  assert.deepEqual(b.shape, [3, 2]);
  assert.ok(res.covariance.length === 3 && res.accurate);
});

test("hf.infer.testStatistics: qmu, tmu (POI in [−10, 10]) and qmuTilde, tmuTilde (suggested bounds) as pyhf", () => {
  const [q, [fixedPars, freePars]] = infer.testStatistics.qmu(1, data, model, null, WIDE, null, { returnFittedPars: true });
  rel(q, 3.95498923, 1e-6, "qmu");
  abs(fixedPars, [1, 0.97224597, 0.87553894], 2e-4, "qmu fixed fit");
  abs(freePars, [-0.06679525, 1.00555369, 0.96930896], 2e-4, "qmu free fit (upstream, SLSQP)");
  rel(infer.testStatistics.tmu(1, data, model, null, WIDE, null), 3.95498923, 1e-6, "tmu");
  const [qt, [, freeT]] = infer.testStatistics.qmuTilde(1, data, model, null, null, null, { returnFittedPars: true });
  rel(qt, 3.938244933, 1e-6, "qmuTilde");
  abs(freeT, [0, 1.0030512, 0.96266961], 2e-4, "qmuTilde free fit");
  rel(infer.testStatistics.tmuTilde(1, data, model, null, null, null), 3.938244933, 1e-6, "tmuTilde");
  // q = 0 when μ̂ > μ; t is two-sided
  const excess = [75, 70, ...model.config.auxdata];
  assert.equal(infer.testStatistics.qmuTilde(0.5, excess, model, null, null, null), 0);
  assert.ok(infer.testStatistics.tmuTilde(0.5, excess, model, null, null, null) > 0.1);
});

test("hf.infer.testStatistics: properties over data sets and μ — q̃ ≥ 0, q̃ = 0 when μ̂ > μ, t̃ ≥ q̃, q̃ = t̃ when μ̂ ≤ μ", () => {
  for (const obs of [[40, 45], [51, 48], [62, 60], [80, 75]]) {
    const d = [...obs, ...model.config.auxdata];
    const muHat = (mle.fit(d, model).toArray() as number[])[0];
    for (const mu of [0.5, 2]) {
      const q = infer.testStatistics.qmuTilde(mu, d, model, null, null, null), t = infer.testStatistics.tmuTilde(mu, d, model, null, null, null);
      assert.ok(q >= 0 && t >= q, `obs ${obs}, μ ${mu}: q̃ ${q}, t̃ ${t}`);
      if (muHat > mu) assert.equal(q, 0, `μ̂ ${muHat} > μ ${mu}`);
      else assert.ok(Math.abs(q - t) < 1e-9 && q > 0, `μ̂ ${muHat} ≤ μ ${mu}: q̃ ${q} vs t̃ ${t}`);
    }
  }
});

test("hf.infer.calculators: Asimov data and the asymptotic calculator's pieces (hello_world_hypotest_qtilde)", () => {
  const [asimov, pars] = infer.calculators.generateAsimovData(1, data, model, null, null, null, { returnFittedPars: true });
  rel(asimov, [60.61232807, 56.52786297, 270.0684893, 48.31528315], 1e-5, "Asimov data μ = 1");
  rel(asimov, [60.61229858, 56.52802479, 270.06832542, 48.31545488], 1e-5, "Asimov data μ = 1 (upstream)");
  abs(pars, [1, 0.97224597, 0.87553894], 2e-4, "Asimov pars");
  const calc = infer.calculators.asymptoticCalculator(data, model, { testStat: "qtilde" });
  const t = calc.teststatistic(1);
  rel(t.q, 3.938244933, 1e-6, "q");
  rel(t.qA, 3.418869081, 1e-6, "q_A");
  rel(t.t, 0.1404463714, 2e-4, "t"); // second branch of q̃: √q > √q_A
  rel(t.t, 0.14043184, 2e-4, "t (upstream)");
  const fp = t.fittedPars;
  abs(fp.asimovPars, [0, 1.0030482, 0.96264534], 1e-4, "asimov_pars");
  abs(fp.freeFitToData, [0, 1.0030512, 0.96266961], 1e-4, "free_fit_to_data");
  abs(fp.freeFitToAsimov, [0, 1.00304893, 0.96263365], 1e-4, "free_fit_to_asimov");
  abs(fp.fixedPoiFitToData, [1, 0.97224597, 0.87553894], 1e-4, "fixed_poi_fit_to_data");
  abs(fp.fixedPoiFitToAsimov, [1, 0.9727715658, 0.871454427], 2e-6, "fixed_poi_fit_to_asimov");
  abs(fp.fixedPoiFitToAsimov, [1, 0.97276864, 0.87142047], 1e-4, "fixed_poi_fit_to_asimov (upstream)");
  const [sb, b] = calc.distributions(t);
  rel([sb.pvalue(1), b.pvalue(1)], [0.00219262, 0.15865525], 1e-4, "sb/b p-values at 1"); // upstream q_A carries SLSQP noise (4e-5 here)
  const [CLsb, CLb, CLs] = calc.pvalues(t.t, sb, b);
  rel([CLsb, CLb, CLs], [0.0233249627, 0.4441536609, 0.05251552504], 2e-6, "CLsb, CLb, CLs");
  const [, , expCls] = calc.expectedPvalues(sb, b);
  rel(expCls, [0.002606404558, 0.01382063993, 0.06445515441, 0.2352609023, 0.573041654], 1e-6, "CLs band");
  const dist = infer.calculators.asymptoticTestStatDistribution(0);
  assert.equal(dist.pvalue(0), 0.5);
  assert.equal(dist.cdf(0), 0.5);
  assert.deepEqual([-2, 0, 2].map(dist.expectedValue), [-2, 0, 2]);
  const clipped = infer.calculators.asymptoticTestStatDistribution(-1, -1);
  assert.ok(Number.isNaN(clipped.pvalue(-1.5)));
  assert.equal(clipped.expectedValue(-2), -1);
});

test("hf.infer.hypotest: q̃ on hello world reproduces CLs, the tail probabilities and the band; pyhf's return shapes", () => {
  const cls = infer.hypotest(1, data, model);
  assert.equal(typeof cls, "number");
  rel(cls, 0.05251497423736956, 2e-5, "CLs_obs (upstream)");
  const [c2, tail, med, band] = infer.hypotest(1, data, model, { returnTail: true, returnExpected: true, returnExpectedSet: true });
  rel(c2, 0.05251552504, 1e-6, "CLs_obs (cross-check)");
  rel(tail, [0.02332502, 0.4441594], 2e-5, "[CLsb, CLb]");
  rel(band, [0.0026062609501074576, 0.01382005356161206, 0.06445320535890459, 0.23525643861460702, 0.573036205919389], 1e-4, "CLs_exp");
  assert.equal(med, band[2]);
  rel(c2, 0.05251497, 2e-5, "README's printed Observed"); // 8 decimals
  rel(med, 0.06445319, 1e-4, "README's printed Expected");
  // properties: CLs ≤ CLb ≤ 1 … CLs = CLsb/CLb; band increasing from +2σ to −2σ
  assert.ok(tail[0] <= tail[1] && c2 <= 1 && Math.abs(c2 - tail[0] / tail[1]) < 1e-15);
  for (let k = 1; k < 5; k++) assert.ok(band[k] > band[k - 1]);
});

test("hf.infer.hypotest: validation_1bin_normsys (test statistic q, normsys code1) to the suggested tolerances", () => {
  const m = normsysModel();
  const d = [120, 180, 0];
  const [cls, band, calc] = infer.hypotest(1, d, m, { testStat: "q", returnExpectedSet: true, returnCalculator: true });
  rel(cls, 0.0006735336290569807, 2e-5, "CLs_obs");
  rel(band, [7.472581399417304e-10, 5.741738272450336e-8, 3.690120950161796e-6, 0.00016966882793076826, 0.004392935288879465], 1e-4, "CLs_exp");
  rel(band, [7.472800953e-10, 5.741882642e-8, 3.690198231e-6, 0.0001696716782, 0.004392991312], 2e-5, "CLs_exp (cross-check)");
  const t = calc.teststatistic(1);
  rel([t.q, t.qA], [10.43290087, 21.41939273], 1e-6, "q, q_A");
});

test("hf.infer.hypotest: the 2-bin 1-channel CLI workspace (μ̂ = 0, so CLs_obs = median expected)", () => {
  const m = uncorrelatedBackground([5, 10], [50, 60], [5, 12]);
  const d = [50, 60, ...m.config.auxdata];
  const [best, nll] = mle.fit(d, m, { returnFitval: true });
  abs(best, [0, 1, 1], 1e-4, "fit");
  rel(nll, 23.19636586, 1e-8, "twice_nll");
  const [cls, band] = infer.hypotest(1, d, m, { returnExpectedSet: true });
  rel(cls, 0.3599845631401915, 2e-5, "CLs_obs");
  rel(band, [0.07807427911686156, 0.17472571775474618, 0.35998495263681285, 0.6343568235898907, 0.8809947004472013], 2e-5, "CLs_exp");
  rel(cls, band[2], 1e-6, "obs = median");
});

test("hf.infer: q0 (discovery) on data with a signal-like excess gives p0 = Φ(−√q0) (scipy reference)", () => {
  const d = [70, 65, ...model.config.auxdata];
  const [q0, [, free]] = infer.testStatistics.q0(0, d, model, null, null, null, { returnFittedPars: true });
  rel(q0, 7.243716774551331, 1e-6, "q0");
  abs(free, [1.49148838, 1.00492626, 0.97276686], 1e-5, "free fit");
  const [p0, [CLb], band] = infer.hypotest(0, d, model, { testStat: "q0", returnTail: true, returnExpectedSet: true });
  rel(p0, 0.00355747722450899, 1e-5, "p0");
  rel(CLb, 0.18846753214731587, 1e-5, "CLb");
  rel(band, [7.008792836610033e-5, 0.002493612452764216, 0.03531432041269136, 0.20958623398125775, 0.576184604383907], 1e-5, "p0 band");
  // a deficit: μ̂ sits at its bound 0, so q0 = 0 (up to the fit's convergence) and p0 = 1/2
  const deficit = [40, 40, ...model.config.auxdata];
  assert.ok(infer.testStatistics.q0(0, deficit, model, null, null, null) < 1e-8);
  assert.ok(Math.abs(infer.hypotest(0, deficit, model, { testStat: "q0" }) - 0.5) < 1e-4);
  // with the POI free to go negative, μ̂ < 0 and q0 is clipped to exactly 0
  assert.equal(infer.testStatistics.q0(0, deficit, model, null, WIDE, null), 0);
});

test("hf.mle.twiceNll works under jit, grad and vmap, and its gradient passes checkGrads in float64", () => {
  const f = (p: NDArray) => mle.twiceNll(p, data, model);
  const p = np.array([0.8, 1.02, 0.95], { dtype: "float64" });
  rel(jit(f)(p).item() as number, f(p).item() as number, 1e-14, "jit");
  checkGrads(f, [p], { order: 1, modes: ["fwd", "rev"], eps: 1e-6, atol: 1e-6, rtol: 1e-6 });
  const g = grad(f)(np.array([0, 1.003050846, 0.9626808886], { dtype: "float64" })).toArray() as number[];
  assert.ok(g[0] > 0 && Math.abs(g[1]) < 1e-5 && Math.abs(g[2]) < 1e-5, `gradient at the free fit: ${g}`); // at the bound μ = 0 only ∂μ remains
  const batch = vmap(f)(np.array([[1, 1, 1], [0.8, 1.02, 0.95]], { dtype: "float64" }));
  rel(batch, [mle.twiceNll([1, 1, 1], data, model).item() as number, f(p).item() as number], 1e-12, "vmap");
});

test("hf inference: bad input fails clearly (POI outside its bounds, data of the wrong length, no POI, bad options)", () => {
  const noPoi = uncorrelatedBackground([12, 11], [50, 52], [3, 7], { poi: null });
  const cases: [string, () => unknown, RegExp][] = [
    ["poiTest above the bounds", () => infer.hypotest(11, data, model), /hf\.infer\.hypotest: poiTest 11 is outside the bounds \[0, 10\] of the POI mu/],
    ["poiTest below the bounds", () => infer.hypotest(-1, data, model), /poiTest -1 is outside the bounds/],
    ["poiVal outside", () => mle.fixedPoiFit(20, data, model), /hf\.mle\.fixedPoiFit: poiVal 20 is outside/],
    ["short data", () => mle.fit([51, 48], model), /hf\.mle\.fit: data must hold 4 numbers \(2 main bins \+\+ 2 auxdata\), got shape \[2\]/],
    ["NaN data", () => infer.hypotest(1, [51, NaN, 1, 1], model), /data\[1\] is NaN; data must be finite/],
    ["data not numbers", () => mle.fit("x" as never, model), /hf\.mle\.fit: data must be an array of 4 numbers/],
    ["no POI", () => infer.hypotest(1, data, noPoi), /hf\.infer\.hypotest: the model has no parameter of interest/],
    ["no POI in a statistic", () => infer.testStatistics.qmuTilde(1, data, noPoi, null, null, null), /qmuTilde: the model has no parameter of interest/],
    ["not a model", () => mle.fit(data, {} as never), /hf\.mle\.fit: model must be a HistFactory model/],
    ["initPars length", () => mle.fit(data, model, { initPars: [1, 1] }), /initPars must be 3 numbers \(one per parameter: mu, uncorr_bkguncrt\[0\], uncorr_bkguncrt\[1\]\)/],
    ["parBounds inverted", () => mle.fit(data, model, { parBounds: [[1, 0], [0, 1], [0, 1]] }), /parBounds for mu: lower 1 must be below upper 0/],
    ["fixedParams type", () => mle.fit(data, model, { fixedParams: [1, 0, 0] as never }), /fixedParams must be 3 booleans/],
    ["unknown test statistic", () => infer.hypotest(1, data, model, { testStat: "qq" as never }), /testStat must be "qtilde", "q" or "q0", got "qq"/],
    ["toys with calcBaseDist", () => infer.hypotest(1, data, model, { calctype: "toybased", calcBaseDist: "normal" }), /calcBaseDist applies to calctype "asymptotics" only/],
    ["ntoys without toys", () => infer.hypotest(1, data, model, { ntoys: 10 }), /ntoys and key apply to calctype "toybased" only/],
    ["unknown calctype", () => infer.hypotest(1, data, model, { calctype: "toys" as never }), /calctype must be "asymptotics" or "toybased", got "toys"/],
    ["q0 away from 0", () => infer.testStatistics.q0(1, data, model, null, null, null), /q0 is the discovery statistic, evaluated at muTest = 0; got 1/],
    ["unknown option", () => infer.hypotest(1, data, model, { returnTails: true } as never), /hf\.infer\.hypotest.*returnTails/],
    ["surplus argument", () => (mle.twiceNll as (...a: unknown[]) => unknown)([1, 1, 1], data, model, 1), /hf\.mle\.twiceNll/],
  ];
  for (const [what, call, re] of cases) assert.throws(call, (e: Error) => re.test(e.message) || assert.fail(`${what}: ${e.message}`), what);
});

test("hf inference: every function of hf.mle and hf.infer (nested namespaces too) is checked against a signature naming its path, and rejects a surplus argument and an unknown option", () => {
  const bad: string[] = [];
  const walk = (prefix: string, ns: object) => {
    for (const [k, v] of Object.entries(ns)) {
      if (typeof v !== "function") { if (v && typeof v === "object") walk(`${prefix}${k}.`, v); continue; }
      const path = `${prefix}${k}`, sig = signatureOf(v);
      if (!sig || !sig.startsWith(`${path}(`)) { bad.push(`${path}: ${sig}`); continue; }
      const params = parseSignature(sig).params;
      const rejects = (args: unknown[], what: string) => {
        try {
          (v as (...a: unknown[]) => unknown)(...args);
          bad.push(`${path}: accepted ${what}`);
        } catch (e) {
          if (!(e instanceof TypeError) || !e.message.startsWith(path)) bad.push(`${path}: ${what} gave ${String(e)}`);
        }
      };
      rejects(params.map(() => 0).concat([0]), "a surplus argument");
      params.forEach((p, i) => { if (p.keys) rejects(params.map((_, j) => (j === i ? { bogusOption: 1 } : 0)), `an unknown key in ${p.name}`); });
    }
  };
  walk("hf.mle.", mle);
  walk("hf.infer.", infer);
  assert.deepEqual(bad, []);
});
