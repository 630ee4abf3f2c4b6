/**
 * @file The toy-based calculator: pseudo-experiments have the model's moments (Poisson main bins and
 * shapesys aux, Normal normsys aux), the empirical distribution matches numpy.percentile, and a toy
 * hypotest is exactly the statistic recomputed on the same pseudo-experiments (same keys) — plus its
 * agreement with the asymptotic CLs within the toys' statistical error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { random, np, NDArray } from "../src/index.js";
import { infer } from "../src/hf/infer_index.js";
import { helloWorld, normsysModel } from "./hf_toy_models.js";

const { model, data } = helloWorld();

test("hf.infer.calculators.sampleToys: Poisson main bins and shapesys aux, Normal(α, 1) normsys aux, float64 [ntoys, n]", () => {
  const n = 10000;
  const toys = infer.calculators.sampleToys(random.key(0), model, [1, 1, 1], n);
  assert.deepEqual(toys.shape, [n, 4]);
  assert.equal(toys.dtype, "float64");
  const mean = np.mean(toys, 0).toArray() as number[], vr = np.var(toys, 0).toArray() as number[];
  const lam = [62, 63, ...model.config.auxdata];
  lam.forEach((l, j) => {
    assert.ok(Math.abs(mean[j] - l) < 4 * Math.sqrt(l / n), `mean[${j}] ${mean[j]} vs ${l}`);
    assert.ok(Math.abs(vr[j] / l - 1) < 4 * Math.sqrt(2 / n), `var[${j}] ${vr[j]} vs ${l}`); // Poisson: variance = mean
  });
  assert.ok((toys.toArray() as number[][]).every((r) => r.every((v) => Number.isInteger(v) && v >= 0)));
  const ns = infer.calculators.sampleToys(random.key(1), normsysModel(), [1, 0.5], n);
  const aux = np.getItem(ns, np.s(), 2);
  assert.ok(Math.abs((np.mean(aux).item() as number) - 0.5) < 4 / Math.sqrt(n));
  assert.ok(Math.abs((np.std(aux).item() as number) - 1) < 4 / Math.sqrt(2 * n));
  // the same key gives the same toys
  assert.deepEqual(infer.calculators.sampleToys(random.key(3), model, [1, 1, 1], 5).toArray(), infer.calculators.sampleToys(random.key(3), model, [1, 1, 1], 5).toArray());
});

test("hf.infer.calculators.empiricalDistribution: p-values are tail fractions, expected values numpy.percentile at Φ(n)", () => {
  const d = infer.calculators.empiricalDistribution([3, 1, 2, 10, 7]);
  assert.equal(d.pvalue(3), 0.6);
  assert.equal(d.pvalue(11), 0);
  const want = [1.0910005276, 1.6346210156, 3.0, 8.0961369532, 9.7269984172]; // numpy.percentile(…, 100·Φ(n))
  [-2, -1, 0, 1, 2].forEach((n, i) => assert.ok(Math.abs(d.expectedValue(n) - want[i]) < 1e-8, `n = ${n}: ${d.expectedValue(n)}`));
  assert.throws(() => infer.calculators.empiricalDistribution([]), /samples must be a non-empty array of numbers/);
});

test("hf.infer.hypotest (toybased): the toy statistics, p-values and band are those recomputed from the same pseudo-experiments", () => {
  const ntoys = 6, key = random.key(7);
  const calc = infer.calculators.toyCalculator(data, model, { ntoys, key });
  const [sb, b] = calc.distributions(1);
  const [ks, kb] = random.split(key) as unknown as NDArray[];
  const qOf = (toys: NDArray) => Array.from({ length: ntoys }, (_, t) => infer.testStatistics.qmuTilde(1, np.getItem(toys, t), model, null, null, null));
  const sbWant = qOf(infer.calculators.sampleToys(ks, model, [1, 1, 1], ntoys));
  const bWant = qOf(infer.calculators.sampleToys(kb, model, [0, 1, 1], ntoys));
  sb.samples.forEach((q, t) => assert.ok(Math.abs(q - sbWant[t]) < 1e-9, `s+b toy ${t}: ${q} vs ${sbWant[t]}`));
  b.samples.forEach((q, t) => assert.ok(Math.abs(q - bWant[t]) < 1e-9, `b toy ${t}: ${q} vs ${bWant[t]}`));
  const qObs = calc.teststatistic(1);
  assert.ok(Math.abs(qObs - 3.938244933) < 1e-6); // the statistic itself (not in −μ̂/σ space)
  const frac = (xs: number[], v: number) => xs.filter((x) => x >= v).length / xs.length;
  const [CLsb, CLb, CLs] = calc.pvalues(qObs, sb, b);
  assert.deepEqual([CLsb, CLb], [frac(sb.samples, qObs), frac(b.samples, qObs)]);
  assert.equal(CLs, CLsb / CLb);
  const [, , expCls] = calc.expectedPvalues(sb, b);
  const clsB = b.samples.map((q) => frac(sb.samples, q) / frac(b.samples, q)).sort((u, v) => u - v);
  const pct = (p: number) => { const pos = (p / 100) * (ntoys - 1), lo = Math.floor(pos); return clsB[lo] + (pos - lo) * ((clsB[lo + 1] ?? clsB[lo]) - clsB[lo]); };
  [2.27501319, 15.86552539, 50, 84.13447461, 97.72498681].forEach((p, i) => assert.ok(Math.abs(expCls[i] - pct(p)) < 1e-7, `band[${i}]`));
  // hypotest returns the same numbers (same key, same toys) in pyhf's shapes
  const [c2, tail, band] = infer.hypotest(1, data, model, { calctype: "toybased", ntoys, key, returnTail: true, returnExpectedSet: true });
  assert.deepEqual([c2, tail, band], [CLs, [CLsb, CLb], expCls]);
});

test("hf.infer.hypotest (toybased): CLsb and CLb agree with the asymptotic values within the toys' statistical error", () => {
  const ntoys = 16;
  const [cls, [clsb, clb]] = infer.hypotest(0.5, data, model, { calctype: "toybased", ntoys, key: random.key(11), returnTail: true });
  const [, [asb, ab]] = infer.hypotest(0.5, data, model, { returnTail: true });
  for (const [toy, asym] of [[clsb, asb], [clb, ab]]) assert.ok(Math.abs(toy - asym) < 4 * Math.sqrt((asym * (1 - asym)) / ntoys) + 1 / ntoys, `toys ${toy} vs asymptotic ${asym}`);
  assert.ok(cls >= 0 && cls <= 1 / clb);
});
