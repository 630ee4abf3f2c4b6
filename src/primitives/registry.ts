/** @file Every primitive, by family: the table the tests are generated from. */
import { Primitive } from "../core/primitive.js";
import * as E from "./elementwise.js";
import * as R from "./reduce.js";
import * as M from "./movement.js";
import { dotGeneralP } from "./dot.js";
import * as X from "./indexing.js";
import { customJvpCall, customLin, customVjpCall } from "../transforms/custom.js";
import { debugCallbackP } from "./debug.js";
import { convGeneralDilatedP } from "./conv.js";

export const elementwise: Primitive[] = [
  E.neg, E.sign, E.floor, E.ceil, E.round, E.trunc, E.not, E.exp, E.exp2, E.log, E.log1p, E.expm1, E.sqrt, E.cbrt,
  E.sin, E.cos, E.tan, E.asin, E.acos, E.atan, E.sinh, E.cosh, E.tanh, E.asinh, E.acosh, E.atanh, E.abs, E.erf,
  E.addP, E.subP, E.mulP, E.divP, E.remP, E.powP, E.maxP, E.minP, E.atan2P, E.andP, E.orP, E.xorP, E.shiftLeftP, E.shiftRightLogicalP, E.shiftRightArithmeticP,
  E.eqP, E.neP, E.ltP, E.leP, E.gtP, E.geP, E.selectP, E.convertElementType, E.stopGradientP,
];
export const reductions: Primitive[] = [R.reduceSum, R.reduceMax, R.reduceMin, R.reduceProd, R.argmax, R.argmin];
export const movement: Primitive[] = [M.reshapeP, M.broadcastInDimP, M.transposeP, M.sliceP, M.padP, M.concatenateP, M.revP];
export const indexing: Primitive[] = [dotGeneralP, X.gatherP, X.scatterAddP, X.sortP, X.cumsumP, convGeneralDilatedP];
export const higherOrder: Primitive[] = [customJvpCall, customVjpCall, customLin];
/** Primitives with an effect (no outputs; src/ir/effects.ts). */
export const effects: Primitive[] = [debugCallbackP];

/** All primitives, by name. */
export const primitives: ReadonlyMap<string, Primitive> = new Map(
  [...elementwise, ...reductions, ...movement, ...indexing, ...higherOrder, ...effects].map((p) => [p.name, p]),
);
