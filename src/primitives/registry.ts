/** @file Every primitive, by family: the table the tests are generated from. */
import { Primitive } from "../core/primitive.js";
import * as E from "./elementwise.js";
import * as R from "./reduce.js";
import * as M from "./movement.js";
import { dotGeneralP } from "./dot.js";
import * as X from "./indexing.js";
import { customJvpCallP, customLinP, customVjpCallP } from "../transforms/custom.js";
import { debugCallbackP } from "./debug.js";
import { convGeneralDilatedP } from "./conv.js";
import * as W from "./reduce_window.js";
import * as C from "./complex.js";

export const elementwise: Primitive[] = [
  E.negP, E.signP, E.floorP, E.ceilP, E.roundP, E.truncP, E.notP, E.expP, E.exp2P, E.logP, E.log1pP, E.expm1P, E.sqrtP, E.cbrtP,
  E.sinP, E.cosP, E.tanP, E.asinP, E.acosP, E.atanP, E.sinhP, E.coshP, E.tanhP, E.asinhP, E.acoshP, E.atanhP, E.absP, E.erfP,
  E.addP, E.subP, E.mulP, E.divP, E.remP, E.powP, E.maxP, E.minP, E.atan2P, E.andP, E.orP, E.xorP, E.shiftLeftP, E.shiftRightLogicalP, E.shiftRightArithmeticP,
  E.eqP, E.neP, E.ltP, E.leP, E.gtP, E.geP, E.selectP, E.convertElementTypeP, E.stopGradientP,
];
export const reductions: Primitive[] = [R.reduceSumP, R.reduceMaxP, R.reduceMinP, R.reduceProdP, R.argmaxP, R.argminP];
export const movement: Primitive[] = [M.reshapeP, M.broadcastInDimP, M.transposeP, M.sliceP, M.padP, M.concatenateP, M.revP];
export const indexing: Primitive[] = [dotGeneralP, X.gatherP, X.scatterAddP, X.sortP, X.cumsumP, convGeneralDilatedP];
export const higherOrder: Primitive[] = [customJvpCallP, customVjpCallP, customLinP];
// ---- issue 11/12: reduce_window (pooling) ----
export const windowed: Primitive[] = [W.reduceWindowSumP, W.reduceWindowMaxP, W.reduceWindowMinP, W.selectAndGatherAddP, W.selectAndScatterAddP];
/** Primitives with an effect (no outputs; src/ir/effects.ts). */
export const effects: Primitive[] = [debugCallbackP];
// ---- issue 13: complex parts (every primitive's complex rule: complex_rules.ts) ----
export const complexParts: Primitive[] = [C.realP, C.imagP, C.conjP, C.complexP];

/** All primitives, by name. */
export const primitives: ReadonlyMap<string, Primitive> = new Map(
  [...elementwise, ...reductions, ...movement, ...indexing, ...higherOrder, ...effects, ...windowed, ...complexParts].map((p) => [p.name, p]),
);
