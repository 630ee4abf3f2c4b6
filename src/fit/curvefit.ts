/** @file fit.curveFit: scipy.optimize.curve_fit's argument order and `[popt, pcov]` result, over fit.leastSquares. */
import { NDArray } from "../core/array.js";
import { fitLeastSquares } from "./leastsq.js";

/** Options of {@link curveFit} (scipy's names, camelCase). */
export interface CurveFitOptions {
  /** σ of each ydata (or one number): residuals are divided by it. */
  sigma?: number | readonly number[] | NDArray;
  /** true: the covariance is (JᵀJ)⁻¹ of the σ-weighted Jacobian; false (default, as scipy): rescaled by χ²/dof. */
  absoluteSigma?: boolean;
  /** `[lower, upper]` as in {@link leastSquares}. */
  bounds?: readonly [unknown, unknown];
  method?: "lm" | "trf";
  maxNfev?: number;
}

/**
 * Fit `f(xdata, p)` to `ydata` by least squares with scipy's argument order, returning `[popt, pcov]`.
 * The model gets the parameters as one float64 1-D array `p` (or as an object of named scalars when `p0`
 * is an object of named numbers — then `popt` is such an object too).
 *
 * NB: scipy's `f(x, *params)` becomes `f(x, p)` with p an array: TypeScript has no keyword unpacking, and
 * named parameters are an object instead. Without `sigma` (and with `absoluteSigma` false) the covariance
 * is rescaled by RSS/(n − p) as scipy's — the same as NIST's convention.
 * @example
 * const [popt, pcov] = fit.curveFit((x, p) => p.get(0).mul(x).add(p.get(1)), xdata, ydata, [1, 0]);
 */
export function curveFit(f: (x: any, p: any) => NDArray, xdata: unknown, ydata: unknown, p0: readonly number[] | NDArray | Record<string, number>, opts: CurveFitOptions = {}): [any, number[][]] {
  if (opts.absoluteSigma !== undefined && typeof opts.absoluteSigma !== "boolean") throw new TypeError(`fit.curveFit: absoluteSigma must be a boolean, got ${String(opts.absoluteSigma)}`);
  const r = fitLeastSquares("fit.curveFit", f, xdata, ydata, p0,
    { yerr: opts.sigma, bounds: opts.bounds, method: opts.method, maxNfev: opts.maxNfev, absoluteSigma: opts.absoluteSigma ?? false }, false, "p0", "sigma");
  return [r.values, r.covariance];
}
