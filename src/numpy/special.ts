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
// ---- issue 12: special ----
import * as inc from "./special_incomplete.js";
import * as nrm from "./special_normal.js";
import * as pg from "./special_polygamma.js";
export const digamma = c(nrm.digamma, "special.digamma(x)");
export const erfinv = c(nrm.erfinv, "special.erfinv(x)");
export const ndtr = c(nrm.ndtr, "special.ndtr(x)");
export const logNdtr = c(nrm.logNdtr, "special.logNdtr(x)");
export const ndtri = c(nrm.ndtri, "special.ndtri(p)");
export const gammainc = c(inc.gammainc, "special.gammainc(a, x)");
export const gammaincc = c(inc.gammaincc, "special.gammaincc(a, x)");
export const betainc = c(inc.betainc, "special.betainc(a, b, x)");
export const lbeta = c(inc.lbeta, "special.lbeta(a, b)");
export const betaln = c(inc.lbeta, "special.betaln(a, b)");
export const gammaincinv = c(inc.gammaincinv, "special.gammaincinv(a, p)");
export const polygamma = c(pg.polygamma, "special.polygamma(n, x)");
export const betaincinv = c(inc.betaincinv, "special.betaincinv(a, b, p)");
