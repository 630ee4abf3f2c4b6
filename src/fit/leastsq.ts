/** @file fit.leastSquares: Levenberg–Marquardt (Moré's scaled trust-region form) and its bounded, projected variant, with AD Jacobians. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { jit, jacfwd, jacrev } from "../public/transforms.js";
import { show, isPlainObject } from "../numpy/signature.js";
import { type Mat, norm, dot, matVec, matTVec, qrSolveParts, solveUpper, solveUpperT, rankDeficient, invFromR } from "./dense.js";
import { type ParamLayout, type ParamsIn, layoutOf, userParams, packOut, f64, perParam } from "./params.js";

/** Options of {@link leastSquares}. */
export interface LeastSquaresOptions {
  /** σ of each y (same size as y, or one number): residuals are (model − y)/σ and the covariance is absolute (see NB). */
  yerr?: number | readonly number[] | NDArray;
  /** `"lm"` (default without bounds) or `"trf"` (needed for bounds; default with them). */
  method?: "lm" | "trf";
  /** `[lower, upper]`, each a number (all parameters), an array (one per parameter) or an object by name; ±Infinity for none. */
  bounds?: readonly [unknown, unknown];
  /** Maximum number of residual evaluations (default 200·(p + 1), as MINPACK's lmder; Jacobian evaluations count in njev). */
  maxNfev?: number;
  /** Stop when the trust region is below xtol·‖D·p‖ (default 1e-12). */
  xtol?: number;
  /** Stop when the actual and predicted relative reductions of the sum of squares are below ftol (default 1e-12). */
  ftol?: number;
  /** Stop when the cosine between the residuals and every Jacobian column is below gtol (default 1e-12). */
  gtol?: number;
  /**
   * Scale of each parameter: `"jac"` (default) is Moré's, D = the running maximum of J's column norms;
   * a number or one per parameter fixes D = 1/xScale (scipy's `x_scale`).
   */
  xScale?: "jac" | number | readonly number[];
}

/** Result of {@link leastSquares}. Parameter-shaped fields follow `p0`: a number[] or an object by name. */
export interface LeastSquaresResult<P> {
  values: P;
  /** Standard errors: sqrt of the covariance's diagonal. */
  errors: P;
  /** NIST's convention (JᵀJ)⁻¹·RSS/(n − p) without `yerr`; (JᵀJ)⁻¹ of the weighted Jacobian with `yerr`. */
  covariance: number[][];
  /** Sum of squared (weighted, with `yerr`: that is χ²) residuals at the solution. */
  rss: number;
  /** Degrees of freedom n − p. */
  dof: number;
  /** Residuals (model − y, divided by σ with `yerr`) at the solution, flattened. */
  residuals: number[];
  names: string[];
  nfev: number;
  njev: number;
  success: boolean;
  message: string;
  /** Per parameter: −1 at its lower bound, 1 at its upper bound, 0 inside (scipy's active_mask). */
  activeMask: number[];
}

type Model = (x: any, p: any) => NDArray;

/**
 * Nonlinear least squares: minimise Σ rᵢ², rᵢ = (model(x, p)ᵢ − yᵢ)/σᵢ, by Levenberg–Marquardt in Moré's
 * scaled trust-region form (MINPACK's lmder), with the Jacobian of the residuals by AD (forward mode when
 * there are fewer parameters than residuals, reverse otherwise), residuals and Jacobian jit-compiled, in
 * float64. `method: "trf"` or `bounds` select the bounded variant: the same steps restricted to the free
 * parameters (those not held at a bound by the gradient) and projected onto the box.
 *
 * The model receives `x` as given and `p` as a float64 1-D array, or, when `p0` is an object of named
 * numbers, an object of float64 scalars with the same keys; the result's values/errors take `p0`'s form.
 *
 * NB: errors follow NIST's convention sqrt(diag((JᵀJ)⁻¹)·RSS/(n − p)) without `yerr`; with `yerr` the σ are
 * taken as absolute (scipy's `absolute_sigma=True`): covariance (JᵀJ)⁻¹ of the weighted residuals, not
 * rescaled by χ²/dof. `curveFit` offers scipy's default (rescaled) too.
 * With the default `xScale: "jac"`, a run that ends where J is rank deficient (a plateau where a parameter
 * has no effect, as BoxBOD from NIST's start 1) is restarted once from p0 with unit scaling.
 * NB: the default tolerances (1e-12) are tighter than scipy's 1e-8, so certified NIST values are reached to
 * more digits; `trf` here is a projected LM, not scipy's reflective trust region, but has its semantics
 * (bounds are respected, a solution on a bound is reported in `activeMask`).
 * @example
 * const x = np.array([0, 1, 2, 3]), y = np.array([1, 2.7, 7.4, 20.1]);
 * const r = fit.leastSquares((x, p) => p.get(0).mul(np.exp(p.get(1).mul(x))), x, y, [1, 1]);
 * r.values; // ≈ [1, 1]
 */
export function leastSquares<P extends ParamsIn>(model: Model, x: unknown, y: unknown, p0: P, opts: LeastSquaresOptions = {}): LeastSquaresResult<P extends Record<string, number> ? Record<keyof P, number> : number[]> {
  return fitLeastSquares("fit.leastSquares", model, x, y, p0, opts, true) as any;
}

function positive(fn: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${show(v)}`);
  return v;
}

function finiteVector(fn: string, what: string, v: unknown): number[] {
  let out: number[];
  if (v instanceof NDArray) out = Array.from(v.data() as ArrayLike<number>, Number);
  else if (Array.isArray(v) && v.every((e) => typeof e === "number")) out = v as number[];
  else throw new TypeError(`${fn}: ${what} must be an NDArray or an array of numbers, got ${show(v)}`);
  const bad = out.findIndex((e) => !Number.isFinite(e));
  if (bad >= 0) throw new RangeError(`${fn}: ${what} has a non-finite value ${out[bad]} at index ${bad}`);
  return out;
}

/** Read `bounds` as per-parameter lower/upper arrays. */
function readBounds(fn: string, layout: ParamLayout, bounds: unknown): [number[], number[]] | null {
  if (bounds === undefined) return null;
  if (!Array.isArray(bounds) || bounds.length !== 2) throw new TypeError(`${fn}: bounds must be [lower, upper], got ${show(bounds)}`);
  const side = (b: unknown, what: string, fill: number): number[] => {
    const num = (v: unknown, name: string): number => {
      if (typeof v !== "number" || Number.isNaN(v)) throw new TypeError(`${fn}: bounds ${what} for ${name} must be a number (±Infinity for none), got ${show(v)}`);
      return v;
    };
    if (typeof b === "number") return layout.names.map((k) => num(b, k));
    if (b instanceof NDArray) b = Array.from(b.data() as ArrayLike<number>, Number);
    if (Array.isArray(b) || isPlainObject(b)) return perParam(fn, layout, b, `bounds ${what}`, fill, num);
    throw new TypeError(`${fn}: bounds ${what} must be a number, an array or an object by name, got ${show(b)}`);
  };
  const lb = side(bounds[0], "lower", -Infinity), ub = side(bounds[1], "upper", Infinity);
  lb.forEach((l, i) => {
    if (!(l < ub[i])) throw new RangeError(`${fn}: bounds: lower ${l} must be below upper ${ub[i]} for ${layout.names[i]}`);
    const v = layout.x0[i];
    if (v < l || v > ub[i]) throw new RangeError(`${fn}: the start ${v} of ${layout.names[i]} is outside its bounds [${l}, ${ub[i]}]`);
  });
  return [lb, ub];
}

/** The shared driver of leastSquares and curveFit. `absolute` false rescales the covariance by RSS/dof (NIST, scipy's default). */
export function fitLeastSquares(fn: string, model: Model, x: unknown, y: unknown, p0: unknown, opts: LeastSquaresOptions & { absoluteSigma?: boolean }, nistWithoutSigma: boolean, p0Name = "p0", yerrName = "yerr") {
  if (typeof model !== "function") throw new TypeError(`${fn}: the model must be a function (x, p) => predictions, got ${show(model)}`);
  const layout = layoutOf(fn, p0, p0Name);
  const yv = finiteVector(fn, "y", y instanceof NDArray ? np.reshape(y, [-1]) : Array.isArray(y) ? (y as unknown[]).flat(Infinity) : y);
  const n = yv.length, p = layout.x0.length;
  let sigma: number[] | null = null;
  if (opts.yerr !== undefined) {
    const s = typeof opts.yerr === "number" ? yv.map(() => opts.yerr as number) : finiteVector(fn, yerrName, opts.yerr instanceof NDArray ? np.reshape(opts.yerr, [-1]) : opts.yerr);
    if (s.length !== n) throw new RangeError(`${fn}: ${yerrName} has ${s.length} entries but y has ${n}`);
    const bad = s.findIndex((v) => !(v > 0) || !Number.isFinite(v));
    if (bad >= 0) throw new RangeError(`${fn}: ${yerrName} must be finite and > 0, got ${s[bad]} at index ${bad}`);
    sigma = s;
  }
  const bounds = readBounds(fn, layout, opts.bounds);
  const method = opts.method ?? (bounds ? "trf" : "lm");
  if (method !== "lm" && method !== "trf") throw new RangeError(`${fn}: method must be "lm" or "trf", got ${show(method)}`);
  if (method === "lm" && bounds) throw new RangeError(`${fn}: method "lm" does not support bounds; use method "trf"`);
  if (method === "lm" && n < p) throw new RangeError(`${fn}: method "lm" needs at least as many data points as parameters, got ${n} < ${p}`);
  const xtol = positive(fn, "xtol", opts.xtol, 1e-12), ftol = positive(fn, "ftol", opts.ftol, 1e-12), gtol = positive(fn, "gtol", opts.gtol, 1e-12);
  const maxNfev = opts.maxNfev === undefined ? 200 * (p + 1) : positive(fn, "maxNfev", opts.maxNfev, 0);

  const yArr = f64(yv), wArr = sigma ? f64(sigma.map((s) => 1 / s)) : null;
  const residual = (pv: NDArray): NDArray => {
    const out = model(x, userParams(layout, pv));
    if (!(out instanceof NDArray)) throw new TypeError(`${fn}: the model must return an NDArray, got ${show(out)}`);
    if (out.size !== n) throw new RangeError(`${fn}: the model returned ${out.size} values (shape [${out.shape}]) but y has ${n}`);
    const r = np.subtract(np.reshape(out, [-1]).astype("float64"), yArr);
    return wArr ? np.multiply(r, wArr) : r;
  };
  const jac = p <= n ? jacfwd(residual) : jacrev(residual);
  const resJ = jit((pv: NDArray) => [residual(pv), jac(pv)] as [NDArray, NDArray]);
  const resOnly = jit(residual);
  let nfev = 0, njev = 0;
  const evalR = (v: number[]): number[] => { nfev++; return Array.from(resOnly(f64(v)).data() as Float64Array); };
  // the Jacobian is evaluated at points whose residuals were just computed: it counts in njev only (as MINPACK's)
  const evalRJ = (v: number[], start = false): [number[], Mat] => {
    if (start) nfev++;
    njev++;
    const [r, J] = resJ(f64(v));
    const jd = J.data() as Float64Array;
    return [Array.from(r.data() as Float64Array), Array.from({ length: n }, (_, i) => Array.from(jd.subarray(i * p, i * p + p)))];
  };
  let xScale: number[] | null = null;
  if (opts.xScale !== undefined && opts.xScale !== "jac") {
    const xs = typeof opts.xScale === "number" ? layout.x0.map(() => opts.xScale as number) : finiteVector(fn, "xScale", opts.xScale);
    if (xs.length !== p || xs.some((v) => !(v > 0))) throw new RangeError(`${fn}: xScale must be "jac", a number > 0 or ${p} numbers > 0, got ${show(opts.xScale)}`);
    xScale = xs;
  }
  const rOf = (J: Mat) => qrSolveParts(J.length >= p ? J : [...J, ...Array.from({ length: p - J.length }, () => new Array<number>(p).fill(0))], new Array<number>(Math.max(n, p)).fill(0)).R;
  let lm = runLm(fn, layout.x0, evalR, evalRJ, { xtol, ftol, gtol, maxNfev, bounds, nfev: () => nfev, xScale });
  // Moré's scaling follows a Jacobian column that vanishes (e.g. a rate → ∞ that switches a term off) onto a
  // plateau where J is rank deficient: that is no proper minimum, so restart from p0 with unit scaling and
  // keep the better of the two.
  if (!xScale && n >= p && rankDeficient(rOf(lm.J), 1e-10)) {
    const again = runLm(fn, layout.x0, evalR, evalRJ, { xtol, ftol, gtol, maxNfev: nfev + maxNfev, bounds, nfev: () => nfev, xScale: layout.x0.map(() => 1) });
    if (dot(again.r, again.r) < dot(lm.r, lm.r)) lm = { ...again, message: `${again.message} (after a restart with unit scaling: the scaled run ended on a plateau where the Jacobian is rank deficient)` };
  }
  // covariance from J's QR at the solution: (JᵀJ)⁻¹ = R⁻¹R⁻ᵀ
  const R = rOf(lm.J);
  const rss = dot(lm.r, lm.r), dof = n - p;
  let cov: number[][];
  if (rankDeficient(R, 1e-15)) cov = R.map((row) => row.map(() => Infinity));
  else {
    cov = invFromR(R);
    const absolute = sigma ? (opts.absoluteSigma ?? nistWithoutSigma) : false;
    const s2 = absolute ? 1 : dof > 0 ? rss / dof : Infinity;
    cov = cov.map((row) => row.map((v) => v * s2));
  }
  const errors = cov.map((row, i) => Math.sqrt(row[i]));
  const activeMask = lm.x.map((v, i) => (bounds && v <= bounds[0][i] ? -1 : bounds && v >= bounds[1][i] ? 1 : 0));
  return {
    values: packOut(layout, lm.x), errors: packOut(layout, errors), covariance: cov, rss, dof, residuals: lm.r, names: layout.names,
    nfev, njev, success: lm.success, message: lm.message, activeMask,
  };
}

interface LmOptions {
  xtol: number; ftol: number; gtol: number; maxNfev: number;
  bounds: [number[], number[]] | null;
  xScale: number[] | null;
  nfev: () => number;
}

/**
 * The LM iteration (Moré 1978; MINPACK lmder's control flow), on the free parameters: those not held at a
 * bound with the gradient pushing outward. Steps are projected onto the bounds.
 */
function runLm(fn: string, x0: number[], evalR: (v: number[]) => number[], evalRJ: (v: number[], start?: boolean) => [number[], Mat], o: LmOptions) {
  const p = x0.length;
  let x = x0.slice();
  let [r, J] = evalRJ(x, true);
  if (r.some((v) => !Number.isFinite(v))) throw new RangeError(`${fn}: the residuals are not finite at the start p0 = [${x0}]`);
  let fnorm = norm(r);
  const diag = new Array<number>(p).fill(0);
  let delta = 0, par = 0, first = true, first2 = true;
  const lb = o.bounds?.[0], ub = o.bounds?.[1];
  const clip = (v: number[]) => (o.bounds ? v.map((e, i) => Math.min(ub![i], Math.max(lb![i], e))) : v);
  for (;;) {
    const g = matTVec(J, r); // ½∇‖r‖²
    const colNorm = Array.from({ length: p }, (_, j) => norm(J.map((row) => row[j])));
    const free = Array.from({ length: p }, (_, j) => !(o.bounds && ((x[j] <= lb![j] && g[j] > 0) || (x[j] >= ub![j] && g[j] < 0))));
    for (let j = 0; j < p; j++) diag[j] = o.xScale ? 1 / o.xScale[j] : Math.max(diag[j], colNorm[j] === 0 ? 1 : colNorm[j]);
    const xnorm = norm(x.map((v, j) => diag[j] * v));
    if (first) { delta = 100 * xnorm || 100; first = false; }
    // gradient test: the cosine between r and each free column of J
    let gnorm = 0;
    if (fnorm > 0) for (let j = 0; j < p; j++) if (free[j] && colNorm[j] > 0) gnorm = Math.max(gnorm, Math.abs(g[j] / fnorm / colNorm[j]));
    if (gnorm <= o.gtol || fnorm === 0) return { x, r, J, success: true, message: fnorm === 0 ? "the residuals are zero" : "gtol: the gradient is orthogonal to the residuals" };
    const fi = free.flatMap((f, j) => (f ? [j] : []));
    for (;;) {
      const Jf = J.map((row) => fi.map((j) => row[j])), df = fi.map((j) => diag[j]);
      const st = lmpar(Jf, r, df, delta, par);
      par = st.par;
      const step = new Array<number>(p).fill(0);
      fi.forEach((j, k) => { step[j] = st.step[k]; });
      const xNew = clip(x.map((v, j) => v + step[j]));
      const dx = xNew.map((v, j) => v - x[j]);
      const pnorm = norm(dx.map((v, j) => diag[j] * v));
      if (first2) { delta = Math.min(delta, pnorm); first2 = false; } // MINPACK: the first step bounds the region
      const rNew = evalR(xNew);
      const fnormNew = rNew.every(Number.isFinite) ? norm(rNew) : Infinity;
      const Jdx = matVec(J, dx), rJdx = dot(r, Jdx), jn = norm(Jdx);
      const actred = 0.1 * fnormNew < fnorm ? 1 - (fnormNew / fnorm) ** 2 : -1;
      const prered = (-2 * rJdx - jn * jn) / (fnorm * fnorm);
      const dirder = rJdx / (fnorm * fnorm);
      const ratio = prered !== 0 ? actred / prered : 0;
      if (ratio <= 0.25) {
        let temp = actred >= 0 ? 0.5 : (0.5 * dirder) / (dirder + 0.5 * actred);
        if (0.1 * fnormNew >= fnorm || temp < 0.1 || !Number.isFinite(temp)) temp = 0.1;
        delta = temp * Math.min(delta, pnorm / 0.1);
        par /= temp;
      } else if (par === 0 || ratio >= 0.75) {
        delta = pnorm / 0.5;
        par *= 0.5;
      }
      const accepted = ratio >= 1e-4;
      if (accepted) {
        x = xNew;
        [r, J] = evalRJ(x);
        fnorm = norm(r);
      }
      const xn = norm(x.map((v, j) => diag[j] * v));
      if (Math.abs(actred) <= o.ftol && prered <= o.ftol && 0.5 * ratio <= 1) return { x, r, J, success: true, message: "ftol: the relative reduction of the sum of squares is below ftol" };
      if (delta <= o.xtol * xn) return { x, r, J, success: true, message: "xtol: the relative step is below xtol" };
      if (pnorm === 0 && !accepted) return { x, r, J, success: true, message: "the projected step is zero: a bound is active" };
      if (o.nfev() >= o.maxNfev) return { x, r, J, success: false, message: `maxNfev: the number of residual evaluations reached ${o.maxNfev}` };
      if (Math.abs(actred) <= 1e-16 && prered <= 1e-16 && 0.5 * ratio <= 1) return { x, r, J, success: true, message: "ftol is too small: no further reduction is possible" };
      if (delta <= 1e-16 * xn) return { x, r, J, success: true, message: "xtol is too small: no further improvement of the parameters is possible" };
      if (accepted) break;
    }
  }
}

/**
 * Moré's LM parameter: λ ≥ 0 with ‖D·δ(λ)‖ ≈ Δ (within 10 %), δ(λ) minimising ‖J·δ + r‖² + λ‖D·δ‖², found by
 * Newton's method on 1/‖Dδ‖ with safeguarding bounds (MINPACK lmpar); δ by QR of [J; √λ·D].
 */
function lmpar(J: Mat, r: number[], d: number[], delta: number, par0: number): { par: number; step: number[]; iter: number } {
  const p = d.length, n = J.length;
  const solve = (lam: number) => {
    const A = lam > 0 ? [...J, ...d.map((dj, j) => { const row = new Array<number>(p).fill(0); row[j] = Math.sqrt(lam) * dj; return row; })] : J;
    const b = lam > 0 ? [...r.map((v) => -v), ...new Array<number>(p).fill(0)] : r.map((v) => -v);
    const { R, qtb } = qrSolveParts(A.length >= p ? A : [...A, ...Array.from({ length: p - A.length }, () => new Array<number>(p).fill(0))], A.length >= p ? b : [...b, ...new Array<number>(p - A.length).fill(0)]);
    return { R, step: rankDeficient(R) ? null : solveUpper(R, qtb) };
  };
  // φ'(λ)·(correction factor): ‖R⁻ᵀ·D²δ/‖Dδ‖‖²
  const wnorm2 = (R: Mat, step: number[], dxnorm: number) => norm(solveUpperT(R, step.map((s, j) => (d[j] * d[j] * s) / dxnorm))) ** 2;
  const s0 = n >= p ? solve(0) : { R: [], step: null };
  let parl = 0;
  if (s0.step) {
    const dx = norm(s0.step.map((s, j) => d[j] * s)), fp = dx - delta;
    if (fp <= 0.1 * delta) return { par: 0, step: s0.step, iter: 0 };
    parl = fp / delta / wnorm2(s0.R, s0.step, dx);
  }
  const g = matTVec(J, r);
  const gnorm = norm(g.map((v, j) => v / d[j]));
  let paru = gnorm / delta;
  if (paru === 0) paru = Number.MIN_VALUE / Math.min(delta, 0.1);
  let par = Math.min(Math.max(par0, parl), paru);
  if (par === 0) par = gnorm / (s0.step ? norm(s0.step.map((s, j) => d[j] * s)) : 1);
  if (!(par > 0) || !Number.isFinite(par)) par = Math.max(1e-3 * paru, Number.MIN_VALUE);
  let best = { par, step: new Array<number>(p).fill(0), iter: 1 };
  for (let iter = 1; iter <= 10; iter++) {
    if (par === 0) par = Math.max(Number.MIN_VALUE, 1e-3 * paru);
    const s = solve(par);
    if (!s.step) { par = Math.max(par * 10, 1e-3 * paru); continue; }
    const dx = norm(s.step.map((v, j) => d[j] * v)), fp = dx - delta;
    best = { par, step: s.step, iter };
    if (Math.abs(fp) <= 0.1 * delta || (parl === 0 && fp <= 0 && iter > 1) || iter === 10) break;
    const parc = fp / delta / wnorm2(s.R, s.step, dx);
    if (fp > 0) parl = Math.max(parl, par);
    if (fp < 0) paru = Math.min(paru, par);
    par = Math.max(parl, par + parc);
  }
  return best;
}
