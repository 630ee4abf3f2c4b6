/** @file Special functions: logsumexp, erf, xlogy and friends (composites of primitives). */
export {};
