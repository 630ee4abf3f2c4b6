/**
 * @file The HistFactory inference namespaces `hf.mle` (fits) and `hf.infer` (test statistics,
 * asymptotic calculator, hypotest, upper limits) as pyhf's `pyhf.infer`, each checked against its signature.
 */
import { checked } from "../numpy/signature.js";
import * as ml from "./mle.js";
import * as ts from "./teststat.js";
import * as as from "./asymptotics.js";
import * as ht from "./hypotest.js";
import * as lm from "./limits.js";
import * as ty from "./toys.js";

// errors name the function already (and errors from a user model keep their text)
const c = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig, { renameErrors: false });

export type { MleOptions, MleReturn } from "./mle.js";
export type { TestStatOptions, TestStatReturn } from "./teststat.js";
export type { AsymptoticOptions, AsymptoticCalculator, AsymptoticTest, AsymptoticTestStatDistribution, HypoTestFitResults } from "./asymptotics.js";
export type { HypotestOptions, HypotestReturn } from "./hypotest.js";
export type { ToyOptions, ToyCalculator, EmpiricalDistribution } from "./toys.js";
export type { UpperLimitOptions, LimitReturn, ScanPoint } from "./limits.js";

const FIT = "initPars,parBounds,fixedParams";
const MLE = `opts?{${FIT},returnUncertainties,returnFitval,returnResult,tol}`;
const STAT = (k: string) => `hf.infer.testStatistics.${k}(muTest, data, model*, initPars?, parBounds?, fixedParams?, opts?{returnFittedPars})`;
const HYPO = `${FIT},testStat,calcBaseDist,calctype,ntoys,key`;
const LIMIT = `opts?{${HYPO},level,rtol,atol,returnResults}`;

/** Maximum-likelihood fits (pyhf's `pyhf.infer.mle`). */
export const mle = {
  fit: c(ml.fit, `hf.mle.fit(data, model*, ${MLE})`),
  fixedPoiFit: c(ml.fixedPoiFit, `hf.mle.fixedPoiFit(poiVal, data, model*, ${MLE})`),
  twiceNll: c(ml.twiceNll, "hf.mle.twiceNll(pars, data, model*)"),
};

/** Hypothesis tests and limits (pyhf's `pyhf.infer`). */
export const infer = {
  hypotest: c(ht.hypotest, `hf.infer.hypotest(poiTest, data, model*, opts?{${HYPO},returnTail,returnExpected,returnExpectedSet,returnCalculator})`),
  upperLimit: c(lm.upperLimit, `hf.infer.upperLimit(data, model*, opts?{${HYPO},scan,level,rtol,atol,returnResults})`),
  testStatistics: {
    q0: c(ts.q0, STAT("q0")),
    qmu: c(ts.qmu, STAT("qmu")),
    qmuTilde: c(ts.qmuTilde, STAT("qmuTilde")),
    tmu: c(ts.tmu, STAT("tmu")),
    tmuTilde: c(ts.tmuTilde, STAT("tmuTilde")),
  },
  calculators: {
    generateAsimovData: c(as.generateAsimovData, "hf.infer.calculators.generateAsimovData(asimovMu, data, model*, initPars?, parBounds?, fixedParams?, opts?{returnFittedPars})"),
    asymptoticCalculator: c(as.asymptoticCalculator, `hf.infer.calculators.asymptoticCalculator(data, model*, opts?{${FIT},testStat,calcBaseDist})`),
    asymptoticTestStatDistribution: c(as.asymptoticTestStatDistribution, "hf.infer.calculators.asymptoticTestStatDistribution(shift, cutoff?)"),
    toyCalculator: c(ty.toyCalculator, `hf.infer.calculators.toyCalculator(data, model*, opts?{${FIT},testStat,ntoys,key})`),
    empiricalDistribution: c(ty.empiricalDistribution, "hf.infer.calculators.empiricalDistribution(samples)"),
    sampleToys: c(ty.sampleToys, "hf.infer.calculators.sampleToys(key, model*, pars, ntoys)"),
  },
  intervals: {
    upperLimits: {
      upperLimit: c(lm.upperLimit, `hf.infer.intervals.upperLimits.upperLimit(data, model*, opts?{${HYPO},scan,level,rtol,atol,returnResults})`),
      rootScan: c(lm.rootScan, `hf.infer.intervals.upperLimits.rootScan(data, model*, boundsLow, boundsUp, ${LIMIT})`),
      linearGridScan: c(lm.linearGridScan, `hf.infer.intervals.upperLimits.linearGridScan(data, model*, scan, ${LIMIT})`),
    },
  },
};
