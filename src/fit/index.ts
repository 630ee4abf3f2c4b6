/**
 * @file The `fit` namespace: least squares (Levenberg–Marquardt, bounded), curveFit, a Minuit-style
 * minimiser with HESSE and MINOS, and a NIST StRD reader — each checked against its signature.
 */
import { checked } from "../numpy/signature.js";
import * as ls from "./leastsq.js";
import * as cf from "./curvefit.js";
import * as sd from "./strd.js";

// errors thrown by user models keep their text; ours name the function already
const c = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig, { renameErrors: false });

export type { LeastSquaresOptions, LeastSquaresResult } from "./leastsq.js";
export type { CurveFitOptions } from "./curvefit.js";
export type { StrdProblem, StrdParam } from "./strd.js";

export const leastSquares = c(ls.leastSquares, "fit.leastSquares(model, x*, y, p0*, opts?{yerr,method,bounds,maxNfev,xtol,ftol,gtol,xScale})");
export const curveFit = c(cf.curveFit, "fit.curveFit(f, xdata*, ydata, p0*, opts?{sigma,absoluteSigma,bounds,method,maxNfev})");
export const parseNistStrd = c(sd.parseNistStrd, "fit.parseNistStrd(text)");
import * as mz from "./minimize.js";
export type { MinimizeOptions } from "./problem.js";
export type { MinimizeResult } from "./result.js";
export type { MinosError } from "./minos.js";
export const minimize = c(mz.minimize, "fit.minimize(fcn, x0*, opts?{errordef,limits,fixed,tol,strategy,maxfcn,names,grad})");
export const hesse = c(mz.hesse, "fit.hesse(fcn, x*, opts?{errordef,limits,fixed,names,grad})");
