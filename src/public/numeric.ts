/** @file The checked `numeric` namespace (finite differences and checkGrads) with its signatures. */
import { checked } from "../numpy/signature.js";

// errors from inside keep their text: these functions run user code (or name themselves already)
const c = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig, { renameErrors: false });
import * as fi from "../numeric/finite.js";

export * from "../numeric/index.js";
export const forwardDifference = c(fi.forwardDifference, "numeric.forwardDifference(f, x, h)");
export const centralDifference = c(fi.centralDifference, "numeric.centralDifference(f, x, h)");
export const derivative = c(fi.derivative, "numeric.derivative(f, x, opts?{eps,levels})");
export const richardson = c(fi.richardson, "numeric.richardson(diff, h, levels)");
export const grad = c(fi.grad, "numeric.grad(f, opts?{eps,levels,argnums})");
export const jacobian = c(fi.jacobian, "numeric.jacobian(f, opts?{eps,levels,argnums})");
// the same checked function as the top-level checkGrads (its failures read "checkGrads: …")
export { checkGrads } from "./transforms.js";
