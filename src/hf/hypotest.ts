/** @file hf.infer.hypotest: a frequentist hypothesis test of a POI value (CLs, CLsb, CLb and the expected band) with pyhf's return shapes. */
import type { NDArray } from "../core/array.js";
import { show } from "../numpy/signature.js";
import type { HfModel } from "./model_types.js";
import { checkModel, checkData, resolveConfig, checkPoiValue } from "./infer_common.js";
import { type AsymptoticOptions, type AsymptoticCalculator, asymptoticCalculator } from "./asymptotics.js";
import { type ToyCalculator, toyCalculator } from "./toys.js";

/** Options of `hf.infer.hypotest`. */
export interface HypotestOptions extends AsymptoticOptions {
  /** "asymptotics" (default) or "toybased" (pseudo-experiments: slow, two fits per toy). */
  calctype?: "asymptotics" | "toybased";
  /** toybased: pseudo-experiments per hypothesis (default 2000) and their PRNG key (default random.key(0)). */
  ntoys?: number;
  key?: NDArray;
  /** Also return the tail probabilities [CLsb, CLb] (for q0: [CLb]). */
  returnTail?: boolean;
  /** Also return the median expected CLs. */
  returnExpected?: boolean;
  /** Also return the expected band: CLs at −μ̂/σ = 2, 1, 0, −1, −2 (the +2σ entry, the smallest CLs, first). */
  returnExpectedSet?: boolean;
  /** Also return the calculator (with its cached fits) for further tests. */
  returnCalculator?: boolean;
}

type Flag<O, K extends string, T> = O extends { [k in K]: true } ? [T] : [];
type Parts<O> = [number, ...Flag<O, "returnTail", number[]>, ...Flag<O, "returnExpected", number>, ...Flag<O, "returnExpectedSet", number[]>, ...Flag<O, "returnCalculator", O extends { calctype: "toybased" } ? ToyCalculator : AsymptoticCalculator>];
/** CLs alone, or a tuple [CLs, tail?, expected?, expectedSet?, calculator?] in pyhf's order. */
export type HypotestReturn<O> = Parts<O> extends [number] ? number : Parts<O>;

/** The numbers of one test, before they are shaped as pyhf returns them. */
export interface HypotestNumbers {
  CLs: number;
  CLsb: number;
  CLb: number;
  /** CLs band (for q0: the p0 band), n = 2, 1, 0, −1, −2. */
  expectedSet: number[];
}

/** One test on a calculator (asymptotic or toy-based). */
export function testWith(calc: AsymptoticCalculator | ToyCalculator, poiTest: number): HypotestNumbers {
  let obs: [number, number, number], exp: [number[], number[], number[]];
  if ("asimovData" in calc) {
    const test = calc.teststatistic(poiTest);
    const [sb, b] = calc.distributions(test);
    obs = calc.pvalues(test.t, sb, b);
    exp = calc.expectedPvalues(sb, b);
  } else {
    const q = calc.teststatistic(poiTest);
    const [sb, b] = calc.distributions(poiTest);
    obs = calc.pvalues(q, sb, b);
    exp = calc.expectedPvalues(sb, b);
  }
  const [CLsb, CLb, CLs] = obs, [expSb, , expCls] = exp;
  const q0 = calc.testStat === "q0";
  return { CLs: q0 ? CLsb : CLs, CLsb, CLb, expectedSet: q0 ? expSb : expCls };
}

/** Check hypotest's options (shared with the limits). */
export function hypotestCalculator(fn: string, poiTest: number, data: NDArray | readonly number[], model: HfModel, o: HypotestOptions): AsymptoticCalculator | ToyCalculator {
  const m = checkModel(fn, model);
  checkData(fn, data, m);
  const r = resolveConfig(fn, m, o);
  checkPoiValue(fn, "poiTest", poiTest, m, r);
  const calctype = o.calctype ?? "asymptotics";
  const fit = { initPars: o.initPars, parBounds: o.parBounds, fixedParams: o.fixedParams, testStat: o.testStat };
  if (calctype === "toybased") {
    if (o.calcBaseDist !== undefined) throw new RangeError(`${fn}: calcBaseDist applies to calctype "asymptotics" only`);
    return toyCalculator(data, m, { ...fit, ntoys: o.ntoys, key: o.key });
  }
  if (calctype !== "asymptotics") throw new RangeError(`${fn}: calctype must be "asymptotics" or "toybased", got ${show(calctype)}`);
  if (o.ntoys !== undefined || o.key !== undefined) throw new RangeError(`${fn}: ntoys and key apply to calctype "toybased" only`);
  return asymptoticCalculator(data, m, { ...fit, calcBaseDist: o.calcBaseDist });
}

/**
 * Test the POI value `poiTest` (pyhf's `infer.hypotest`): CLs = CLsb/CLb, asymptotic (default) or from
 * pseudo-experiments (`calctype: "toybased"`, `ntoys`, `key`), with the
 * test statistic `testStat` ("qtilde" default, "q", or "q0" for discovery at poiTest 0, where the
 * p-value p0 stands in place of CLs). Returns CLs as a number, or with any `return…` flag a tuple in
 * pyhf's order: [CLs, [CLsb, CLb] (returnTail), CLs_exp median (returnExpected), CLs band of 5
 * (returnExpectedSet), calculator (returnCalculator)].
 *
 * NB: numbers and number arrays, not 0-d tensors; poiTest outside the POI's bounds is an error.
 * @example
 * const [cls, band] = hf.infer.hypotest(1, data, model, { returnExpectedSet: true });
 * // cls = 0.0525155, band = [0.0026064, 0.0138206, 0.0644552, 0.235261, 0.573042] (pyhf's hello world)
 */
export function hypotest<const O extends HypotestOptions = {}>(poiTest: number, data: NDArray | readonly number[], model: HfModel, opts?: O): HypotestReturn<O> {
  const o = (opts ?? {}) as HypotestOptions;
  const calc = hypotestCalculator("hf.infer.hypotest", poiTest, data, model, o);
  const r = testWith(calc, poiTest);
  const out: unknown[] = [r.CLs];
  if (o.returnTail) out.push(calc.testStat === "q0" ? [r.CLb] : [r.CLsb, r.CLb]);
  if (o.returnExpected) out.push(r.expectedSet[2]);
  if (o.returnExpectedSet) out.push(r.expectedSet);
  if (o.returnCalculator) out.push(calc);
  return (out.length === 1 ? out[0] : out) as HypotestReturn<O>;
}
