/** @file The result of fit.minimize (as iminuit's Minuit object after MIGRAD): values, errors, covariance in external coordinates, validity, and a printed table. */
import { type Mat, correlation } from "./dense.js";
import type { Problem } from "./problem.js";
import type { MinosError } from "./minos.js";
import { packOut } from "./params.js";

/** The numbers a result is built from (internal W of the free parameters). */
export interface FitState {
  ext: number[];
  u: number[];
  W: Mat;
  fval: number;
  edm: number;
  valid: boolean;
  accurate: boolean;
  reason: string;
  nfcn: number;
  ngrad: number;
  merrors: Record<string, MinosError>;
}

/** Result of `fit.minimize`. Parameter-shaped fields follow x0: a number[] or an object by name. */
export interface MinimizeResult<P = any> {
  values: P;
  /** Parabolic errors: sqrt of the covariance's diagonal (0 for fixed parameters). */
  errors: P;
  /** Covariance 2·errordef·W in external coordinates (W the inverse-Hessian estimate of fcn); fixed rows and columns are 0. */
  covariance: number[][];
  correlation: number[][];
  fval: number;
  /** Estimated distance to the minimum ½·gᵀWg (internal coordinates). */
  edm: number;
  /** MIGRAD's goal 0.002·tol·errordef. */
  edmGoal: number;
  errordef: number;
  nfcn: number;
  ngrad: number;
  valid: boolean;
  accurate: boolean;
  /** Some parameter lies within half its error of a limit (iminuit's rule): its error is not reliable. */
  atLimit: boolean;
  names: string[];
  fixed: boolean[];
  limits: [number, number][];
  /** Why the fit is not valid (or a warning, e.g. a parameter at a limit); "" otherwise. */
  reason: string;
  /** Minos errors of the parameters `minos()` was run on, by name. */
  merrors: Record<string, MinosError>;
  /** A new result with the covariance from the exact AD Hessian at this point: V = 2·errordef·H⁻¹. */
  hesse(): MinimizeResult<P>;
  /** A new result with Minos errors of the named (default: all free) parameters. */
  minos(names?: readonly string[] | string): MinimizeResult<P>;
  /** The table printed by `console.log(String(result))`. */
  toString(): string;
}

/** Build the user-facing numbers of a state. */
export function resultNumbers(prob: Problem, free: boolean[], s: FitState) {
  const n = prob.layout.names.length, idx = free.flatMap((f, i) => (f ? [i] : []));
  const D = prob.jacobian(s.u, free);
  const cov = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  idx.forEach((i, a) => idx.forEach((j, b) => { cov[i][j] = 2 * prob.errordef * D[a] * s.W[a][b] * D[b]; }));
  const errors = cov.map((r, i) => Math.sqrt(Math.max(r[i], 0)));
  const atLimits = s.ext.map((v, i) => free[i] && (prob.limits[i].lower > v - 0.5 * errors[i] || v + 0.5 * errors[i] > prob.limits[i].upper));
  return { cov, errors, atLimits };
}

const fmt = (v: number, w = 11) => {
  const s = v === 0 ? "0" : Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3 ? v.toExponential(4) : v.toPrecision(6);
  return s.padStart(w);
};

/** The printed table: status, then one row per parameter (value, error, Minos errors, limits, fixed), then the correlations. */
export function formatResult(r: MinimizeResult): string {
  const vals = r.names.map((k, i) => (Array.isArray(r.values) ? r.values[i] : r.values[k]));
  const errs = r.names.map((k, i) => (Array.isArray(r.errors) ? r.errors[i] : r.errors[k]));
  const w = Math.max(4, ...r.names.map((s) => s.length));
  const lines = [
    `fit.minimize: ${r.valid ? "valid" : "INVALID"} minimum${r.accurate ? "" : " (covariance not accurate)"}${r.reason ? ` — ${r.reason}` : ""}`,
    `  fval = ${r.fval.toPrecision(10)}   edm = ${r.edm.toExponential(3)} (goal ${r.edmGoal.toExponential(3)})   errordef = ${r.errordef}   nfcn = ${r.nfcn}   ngrad = ${r.ngrad}`,
    "",
    `  ${"#".padStart(2)} ${"name".padEnd(w)} ${"value".padStart(11)} ${"error".padStart(11)} ${"minos−".padStart(11)} ${"minos+".padStart(11)} ${"limit−".padStart(11)} ${"limit+".padStart(11)}  fixed`,
  ];
  r.names.forEach((k, i) => {
    const m = r.merrors[k];
    const [lo, hi] = r.limits[i];
    lines.push(`  ${String(i).padStart(2)} ${k.padEnd(w)} ${fmt(vals[i])} ${fmt(errs[i])} ${m ? fmt(m.lower) : "".padStart(11)} ${m ? fmt(m.upper) : "".padStart(11)} ${Number.isFinite(lo) ? fmt(lo) : "".padStart(11)} ${Number.isFinite(hi) ? fmt(hi) : "".padStart(11)}  ${r.fixed[i] ? "yes" : ""}`.trimEnd());
  });
  if (r.names.length > 1) {
    lines.push("", `  correlation  ${r.names.map((k) => k.slice(0, 7).padStart(7)).join(" ")}`);
    r.correlation.forEach((row, i) => lines.push(`  ${r.names[i].slice(0, 11).padEnd(11)}  ${row.map((v) => v.toFixed(3).padStart(7)).join(" ")}`));
  }
  return lines.join("\n");
}

/** Assemble a result object (pure: hesse/minos return new results). */
export function makeResult(prob: Problem, free: boolean[], s: FitState, ops: { hesse: (s: FitState) => FitState; minos: (s: FitState, names?: readonly string[] | string) => FitState }): MinimizeResult {
  const { cov, errors, atLimits } = resultNumbers(prob, free, s);
  const atLimit = atLimits.some(Boolean);
  const limitNote = atLimit ? `parameter ${prob.layout.names.filter((_, i) => atLimits[i]).join(", ")} at a limit: its error is not reliable` : "";
  const r: MinimizeResult = {
    values: packOut(prob.layout, s.ext), errors: packOut(prob.layout, errors), covariance: cov, correlation: correlation(cov),
    fval: s.fval, edm: s.edm, edmGoal: 0.002 * prob.tol * prob.errordef, errordef: prob.errordef, nfcn: s.nfcn, ngrad: s.ngrad,
    valid: s.valid, accurate: s.accurate, atLimit, names: prob.layout.names.slice(), fixed: prob.fixed.slice(),
    limits: prob.limits.map((l) => [l.lower, l.upper]), reason: [s.reason, limitNote].filter(Boolean).join("; "), merrors: { ...s.merrors },
    hesse: () => makeResult(prob, free, ops.hesse(s), ops),
    minos: (names) => makeResult(prob, free, ops.minos(s, names), ops),
    toString: () => formatResult(r),
  };
  return r;
}
