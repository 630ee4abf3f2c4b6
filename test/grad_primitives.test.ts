/**
 * @file Every differentiable primitive in test/cases.ts, checked with numeric.checkGrads in float64
 * (forward and reverse mode, order 2) at random inputs drawn from the case's domain.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, jvp, numeric, vjp } from "../src/index.js";
import { ConcreteArray } from "../src/core/array.js";
import { prod } from "../src/core/aval.js";
import { OpCase, cases } from "./cases.js";
import { seededRandom as seeded } from "../src/numeric/check.js";

/** Primitives known to fail, with the reason (reported to the lead); remove an entry once it is fixed. */
const KNOWN_FAILURES: Record<string, string> = {};

/** Primitives whose derivative is, by definition, not the derivative of the value they compute. */
const NOT_FINITE_DIFFERENCE = new Set(["stop_gradient"]);


/**
 * Float64 inputs for the case's shapes, drawn from its domain, stratified so that all values (across
 * every input) are pairwise at least half a bin apart: no ties for max/min/sort/select, whose
 * derivatives jump at ties, within the finite-difference step.
 */
function sampleInputs(c: OpCase, random: () => number): NDArray[] {
  const [lo, hi] = c.domain ?? [-2, 2];
  const sizes = c.shapes.map(prod);
  const n = sizes.reduce((s, k) => s + k, 0);
  const bins = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [bins[i], bins[j]] = [bins[j], bins[i]];
  }
  const width = (hi - lo) / n;
  const values = bins.map((b) => lo + (b + 0.25 + 0.5 * random()) * width);
  let off = 0;
  return c.shapes.map((shape, i) => {
    const v = Float64Array.from(values.slice(off, off + sizes[i]));
    off += sizes[i];
    return ConcreteArray.fromTyped(v, shape, "float64");
  });
}

/** The case's function of its float inputs only; fixed inputs (e.g. indices) are constants at their positions. */
function withFixed(c: OpCase): (...xs: NDArray[]) => NDArray {
  const fixed = Object.entries(c.fixed ?? {}).map(([pos, gen]) => [Number(pos), gen()] as const);
  return (...xs: NDArray[]) => {
    const args = [...xs];
    for (const [pos, value] of [...fixed].sort((a, b) => a[0] - b[0])) args.splice(pos, 0, value);
    return c.fn(...args);
  };
}

const differentiable = cases.filter((c) => c.diff && c.dtypes.some((d) => d === "float32" || d === "float64"));

test("the table has differentiable cases", () => {
  assert.ok(differentiable.length >= 40, `only ${differentiable.length} differentiable cases`);
});

differentiable.forEach((c, k) => {
  if (NOT_FINITE_DIFFERENCE.has(c.prim)) {
    test(`${c.label}: zero derivative in both modes (finite differences see the identity)`, () => {
      const xs = sampleInputs(c, seeded(1000 + k));
      const f = withFixed(c);
      const [, tangent] = jvp(f, xs, xs);
      const cts = vjp(f, ...xs)[1](f(...xs)) as NDArray[];
      for (const v of [tangent as NDArray, ...cts]) assert.ok(Array.from(v.data()).every((e) => e === 0));
      assert.throws(() => numeric.checkGrads(f, xs), /fwd mode, order 1/);
    });
    return;
  }
  const todo = KNOWN_FAILURES[c.prim];
  test(`checkGrads ${c.label} (float64, fwd+rev, order 2)`, todo ? { todo } : {}, () => {
    const xs = sampleInputs(c, seeded(1000 + k));
    numeric.checkGrads(withFixed(c), xs, { order: 2, modes: ["fwd", "rev"], seed: k });
  });
});
