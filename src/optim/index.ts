/**
 * @file The `optim` namespace: Optax-style gradient transformations, optimizers and schedules, each
 * checked against its signature on every call. The transformations' `init`/`update` are checked too.
 */
import { checked } from "../numpy/signature.js";
import * as b from "./base.js";
import * as t from "./transforms.js";
import * as cl from "./clipping.js";
import * as al from "./aliases.js";
import * as sc from "./schedules.js";

// errors thrown by user code (schedules, masks, objectives) keep their text; ours name the function already
const c = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig, { renameErrors: false });

export type { GradientTransformation, Schedule, ScalarOrSchedule, UpdateExtras } from "./base.js";
export type { AdamOptions, RmsOptions, Mask } from "./transforms.js";

// base
export const identity = c(b.identity, "optim.identity()");
export const chain = c(b.chain, "optim.chain(...transforms*)");
export const applyUpdates = c(b.applyUpdates, "optim.applyUpdates(params*, updates*)");
// building blocks
export const scale = c(t.scale, "optim.scale(stepSize)");
export const scaleBySchedule = c(t.scaleBySchedule, "optim.scaleBySchedule(schedule)");
export const scaleByLearningRate = c(t.scaleByLearningRate, "optim.scaleByLearningRate(learningRate, opts?{flipSign})");
export const scaleByAdam = c(t.scaleByAdam, "optim.scaleByAdam(opts?{b1,b2,eps,epsRoot,nesterov})");
export const scaleByRms = c(t.scaleByRms, "optim.scaleByRms(opts?{decay,eps,initialScale})");
export const scaleByStddev = c(t.scaleByStddev, "optim.scaleByStddev(opts?{decay,eps,initialScale})");
export const scaleByRss = c(t.scaleByRss, "optim.scaleByRss(opts?{initialAccumulatorValue,eps})");
export const scaleByLion = c(t.scaleByLion, "optim.scaleByLion(opts?{b1,b2})");
export const trace = c(t.trace, "optim.trace(opts?{decay,nesterov})");
export const addDecayedWeights = c(t.addDecayedWeights, "optim.addDecayedWeights(weightDecay?, mask?*)");
export const globalNorm = c(cl.globalNorm, "optim.globalNorm(updates*)");
export const clipByGlobalNorm = c(cl.clipByGlobalNorm, "optim.clipByGlobalNorm(maxNorm)");
export const clip = c(cl.clip, "optim.clip(maxDelta)");
// optimizers
export const sgd = c(al.sgd, "optim.sgd(learningRate, opts?{momentum,nesterov})");
export const adam = c(al.adam, "optim.adam(learningRate, opts?{b1,b2,eps,epsRoot,nesterov})");
export const adamw = c(al.adamw, "optim.adamw(learningRate, opts?{b1,b2,eps,epsRoot,weightDecay,mask,nesterov})");
export const rmsprop = c(al.rmsprop, "optim.rmsprop(learningRate, opts?{decay,eps,initialScale,centered,momentum,nesterov})");
export const adagrad = c(al.adagrad, "optim.adagrad(learningRate, opts?{initialAccumulatorValue,eps})");
export const lion = c(al.lion, "optim.lion(learningRate, opts?{b1,b2,weightDecay,mask})");
// schedules (Optax's names), and the short names of issue 11 for the same functions
export const constantSchedule = c(sc.constantSchedule, "optim.constantSchedule(value)");
export const linearSchedule = c(sc.linearSchedule, "optim.linearSchedule(initValue, endValue, transitionSteps, opts?{transitionBegin})");
export const exponentialDecay = c(sc.exponentialDecay, "optim.exponentialDecay(initValue, transitionSteps, decayRate, opts?{transitionBegin,staircase,endValue})");
export const cosineDecaySchedule = c(sc.cosineDecaySchedule, "optim.cosineDecaySchedule(initValue, decaySteps, opts?{alpha,exponent})");
export const warmupCosineDecaySchedule = c(sc.warmupCosineDecaySchedule, "optim.warmupCosineDecaySchedule(initValue, peakValue, warmupSteps, decaySteps, opts?{endValue,exponent})");
export const piecewiseConstantSchedule = c(sc.piecewiseConstantSchedule, "optim.piecewiseConstantSchedule(initValue, boundariesAndScales?*)");
export const joinSchedules = c(sc.joinSchedules, "optim.joinSchedules(schedules, boundaries)");
export const constant = c(sc.constantSchedule, "optim.constant(value)");
export const linear = c(sc.linearSchedule, "optim.linear(initValue, endValue, transitionSteps, opts?{transitionBegin})");
export const cosineDecay = c(sc.cosineDecaySchedule, "optim.cosineDecay(initValue, decaySteps, opts?{alpha,exponent})");
export const warmupCosineDecay = c(sc.warmupCosineDecaySchedule, "optim.warmupCosineDecay(initValue, peakValue, warmupSteps, decaySteps, opts?{endValue,exponent})");
export const piecewiseConstant = c(sc.piecewiseConstantSchedule, "optim.piecewiseConstant(initValue, boundariesAndScales?*)");
// L-BFGS and line searches
import * as lb from "./lbfgs.js";
import * as ls from "./linesearch.js";
export type { LbfgsState, LbfgsOptions } from "./lbfgs.js";
export type { LinesearchState, ZoomOptions, BacktrackingOptions } from "./linesearch.js";
export const scaleByLbfgs = c(lb.scaleByLbfgs, "optim.scaleByLbfgs(opts?{memorySize,scaleInitPrecond})");
export const lbfgs = c(lb.lbfgs, "optim.lbfgs(opts?{learningRate,memorySize,scaleInitPrecond,linesearch})");
export const scaleByZoomLinesearch = c(ls.scaleByZoomLinesearch, "optim.scaleByZoomLinesearch(opts?{maxLinesearchSteps,slopeRtol,curvRtol,initialGuessStrategy,maxStepsize})");
export const scaleByBacktrackingLinesearch = c(ls.scaleByBacktrackingLinesearch, "optim.scaleByBacktrackingLinesearch(opts?{maxBacktrackingSteps,slopeRtol,decreaseFactor,increaseFactor,maxLearningRate})");
export const valueAndGradFromState = c(ls.valueAndGradFromState, "optim.valueAndGradFromState(fn)");
// masking
import * as mk from "./masked.js";
export const masked = c(mk.masked, "optim.masked(inner*, mask*)");
