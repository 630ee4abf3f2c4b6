/** @file The `special` namespace (jax.scipy.special), each function checked against its signature on every call. */
import { checked as c } from "./signature.js";
import * as sp from "./special_functions.js";

export type { LogsumexpOpts } from "./special_functions.js";
export const logsumexp = c(sp.logsumexp, "special.logsumexp(x, opts?|{axis,keepdims,b})");
export const logsumexpWithSign = c(sp.logsumexpWithSign, "special.logsumexpWithSign(x, opts?|{axis,keepdims,b})");
export const erf = c(sp.erf, "special.erf(x)");
export const erfc = c(sp.erfc, "special.erfc(x)");
export const xlogy = c(sp.xlogy, "special.xlogy(x, y)");
export const xlog1py = c(sp.xlog1py, "special.xlog1py(x, y)");
export const expit = c(sp.expit, "special.expit(x)");
export const logit = c(sp.logit, "special.logit(p)");
export const gammaln = c(sp.gammaln, "special.gammaln(x)");
