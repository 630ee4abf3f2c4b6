/**
 * @file The checked `lax` namespace: control flow with its signatures. Operands, carries and `xs`
 * are pytrees (`*`). Anything exported by src/control/index.ts and not listed here stays unchecked
 * (and test/strictness.test.ts reports it).
 */
import { checked } from "../numpy/signature.js";

// errors from inside keep their text: these functions run user code (or name themselves already)
const c = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig, { renameErrors: false });
import * as ctl from "../control/index.js";

export * from "../control/index.js";
export const cond = c(ctl.cond, "lax.cond(pred, trueFn, falseFn, ...operands*)");
const switchChecked = c(ctl.switch, "lax.switch(index, branches, ...operands*)");
export { switchChecked as switch };
export const whileLoop = c(ctl.whileLoop, "lax.whileLoop(condFn, bodyFn, init*)");
export const foriLoop = c(ctl.foriLoop, "lax.foriLoop(lower, upper, body, init*)");
export const scan = c(ctl.scan, "lax.scan(f, init*, xs?*, opts?{length,reverse})");
export const map = c(ctl.map, "lax.map(f, xs*)");
// ---- issue 11: conv ----
import * as cv from "../lax/conv.js";
export type { ConvPadding, ConvDimensionSpec, ConvGeneralDilatedOptions, ConvTransposeOptions } from "../lax/conv.js";
const cc = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig);
export const convGeneralDilated = cc(cv.convGeneralDilated, "lax.convGeneralDilated(lhs, rhs, windowStrides, padding, opts?{lhsDilation,rhsDilation,dimensionNumbers,featureGroupCount,batchGroupCount,precision,preferredElementType})");
export const conv = cc(cv.conv, "lax.conv(lhs, rhs, windowStrides, padding)");
export const convTranspose = cc(cv.convTranspose, "lax.convTranspose(lhs, rhs, strides, padding, opts?{rhsDilation,dimensionNumbers,transposeKernel,precision,preferredElementType})");
