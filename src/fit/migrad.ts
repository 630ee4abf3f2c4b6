/** @file MIGRAD: Minuit's variable-metric minimiser in internal coordinates — Davidon (DFP/BFGS) updates of the inverse Hessian, a parabolic line search, the EDM stop rule. */
import { type Mat, dot, matVec } from "./dense.js";
import type { Compiled, Counters } from "./problem.js";
import { posdefInverse } from "./hesse.js";
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";

/** What MIGRAD returns, in internal coordinates. */
export interface MigradState {
  u: number[];
  fval: number;
  grad: number[];
  /** The inverse-Hessian estimate W of fcn (not scaled by errordef). */
  W: Mat;
  edm: number;
  valid: boolean;
  /** The final W came from an exact, positive-definite Hessian (or a variable-metric estimate never reset). */
  accurate: boolean;
  reason: string;
}

export interface MigradOptions {
  edmGoal: number;
  strategy: 0 | 1 | 2;
  maxfcn: number;
  /** A starting metric (inverse Hessian in the internal coordinates of the free parameters) in place of the exact Hessian's at u0, e.g. a related fit's. */
  W0?: Mat;
}

/** W = H⁻¹ from the exact AD Hessian if that is positive definite, else null (or, with `force`, made positive definite). */
function exactMetric(f: Compiled, u: number[], c: number[], cnt: Counters, force = false): Mat | null {
  const H = f.hessian(u, c, cnt);
  if (H.some((r) => r.some((v) => !Number.isFinite(v)))) return null;
  return force ? posdefInverse(H, f.inverse).W : f.inverse(H);
}

/**
 * The starting metric for strategy ≥ 1: the exact Hessian's inverse where it is positive definite, else
 * (far from the minimum, on a limit) the inverse of its absolute diagonal — a big step along a direction of
 * negative curvature would run onto a plateau — or, with `shifted`, the inverse of H with its diagonal
 * shifted until it is positive definite (Minuit's MnPosDef: short, gradient-like first steps).
 */
function startMetric(f: Compiled, u: number[], c: number[], cnt: Counters, shifted: boolean): Mat | null {
  const H = f.hessian(u, c, cnt);
  if (H.some((r) => r.some((v) => !Number.isFinite(v)))) return null;
  if (shifted) return posdefInverse(H, f.inverse).W;
  return f.inverse(H) ?? H.map((r, i) => r.map((v, j) => (i === j ? (v !== 0 ? 1 / Math.abs(v) : 1) : 0)));
}

/**
 * Leave a saddle point along the eigenvector of the Hessian's most negative eigenvalue λ: try steps
 * ±α·v, α = 1/√|λ| · 2ᵏ scaled up and down, and keep the lowest point found below fval (null if none).
 */
function escapeSaddle(f: Compiled, u: number[], c: number[], fval: number, cnt: Counters): { u: number[] } | null {
  const H = f.hessian(u, c, cnt);
  if (H.some((r) => r.some((v) => !Number.isFinite(v)))) return null;
  const [w, V] = np.linalg.eigh(np.array(H, { dtype: "float64" })) as [NDArray, NDArray];
  const lam = (w.data() as Float64Array)[0];
  if (!(lam < 0)) return null;
  const vd = V.data() as Float64Array, n = u.length;
  const v = Array.from({ length: n }, (_, i) => vd[i * n]);
  let best: number[] | null = null, fb = fval;
  for (let k = -10; k <= 10; k++) {
    const a = 2 ** k / Math.sqrt(-lam);
    for (const s of [1, -1]) {
      const t = u.map((x, i) => x + s * a * v[i]);
      const ft = f.value(t, c, cnt);
      if (Number.isFinite(ft) && ft < fb) { fb = ft; best = t; }
    }
  }
  return best && fb < fval - 1e-12 * Math.abs(fval) ? { u: best } : null;
}

/** Diagonal metric from forward differences of the gradient (Minuit's strategy 0 start): Wᵢᵢ = 1/|g′ᵢ|. */
function diagMetric(f: Compiled, u: number[], c: number[], g: number[], cnt: Counters): Mat {
  return u.map((ui, i) => {
    const h = 1e-4 * Math.max(1, Math.abs(ui));
    const v = u.slice();
    v[i] += h;
    const [, g2] = f.valueGrad(v, c, cnt);
    const d = Math.abs((g2[i] - g[i]) / h);
    const row = u.map(() => 0);
    row[i] = d > 0 && Number.isFinite(d) ? 1 / d : 1;
    return row;
  });
}


/**
 * Minimise f from internal u0 with the constants c. Stops when EDM = ½·gᵀWg < edmGoal (after, with
 * strategy ≥ 1, replacing W by the exact inverse Hessian and checking again), at the call limit, or when
 * the line search finds no lower point (accepted if EDM < 10·edmGoal, as Minuit does).
 *
 * With strategy ≥ 1 and a Hessian at u0 that is not positive definite, the first run starts from the
 * inverse absolute diagonal of H; if it ends where the Hessian is not positive definite (a parameter ran
 * onto a plateau, as MGH17 from NIST's start 1, where b5 runs off to 10⁵), MIGRAD starts again from u0
 * with Minuit's shifted (MnPosDef) metric, whose short first steps follow a different path, and keeps the
 * better valid result. Both runs count against maxfcn.
 */
export function migrad(f: Compiled, u0: number[], c: number[], o: MigradOptions, cnt: Counters): MigradState {
  const n0 = cnt.nfcn;
  const st = variableMetric(f, u0, c, o, cnt, false);
  if (st.valid || o.strategy < 1 || !/not positive definite/.test(st.reason) || cnt.nfcn >= o.maxfcn) return st;
  const st2 = variableMetric(f, u0, c, o, cnt, true);
  if (st2.valid && !(st2.fval > st.fval)) return st2;
  return { ...st, reason: `${st.reason}; a second run from the start with a shifted metric ${st2.valid ? `ended higher (fcn ${st2.fval})` : `failed too (${st2.reason})`}; ${cnt.nfcn - n0} calls in all` };
}

function variableMetric(f: Compiled, u0: number[], c: number[], o: MigradOptions, cnt: Counters, shifted: boolean): MigradState {
  const n = u0.length;
  // W·g for the current metric and gradient, kept across the in-place metric update (one n² product per iteration)
  let memo: { W: Mat; g: number[]; v: number[] } | null = null;
  const Wtimes = (W: Mat, g: number[]) => (memo && memo.W === W && memo.g === g ? memo.v : (memo = { W, g, v: matVec(W, g) }).v);
  const edmOf = (g: number[], W: Mat) => 0.5 * dot(g, Wtimes(W, g));
  let u = u0.slice();
  let [fval, g] = f.valueGrad(u, c, cnt);
  const fail = (reason: string, W: Mat, edm = NaN): MigradState => ({ u, fval, grad: g, W, edm, valid: false, accurate: false, reason });
  const eye = () => u.map((_, i) => u.map((__, j) => (i === j ? 1 : 0)));
  if (!Number.isFinite(fval) || g.some((v) => !Number.isFinite(v))) return fail(`fcn or its gradient is not finite at the start (fcn = ${fval})`, eye());
  if (n === 0) return { u, fval, grad: g, W: [], edm: 0, valid: true, accurate: true, reason: "" };
  // the starting metric: the exact Hessian's inverse (made positive definite where it is not, e.g. at a
  // start on a limit), or with strategy 0 a diagonal one from gradient steps
  let accurate = true;
  let W = (!shifted && o.W0 ? o.W0.map((r) => r.slice()) : null) ?? (o.strategy >= 1 ? startMetric(f, u, c, cnt, shifted) : null) ?? diagMetric(f, u, c, g, cnt);
  let edm = edmOf(g, W);
  let resets = 0, notPd = 0, hesseDone = false;
  for (;;) {
    if (edm < o.edmGoal) {
      if (o.strategy >= 1 && !hesseDone) {
        // Minuit's strategy ≥ 1: recompute the metric exactly at the candidate minimum and check again
        hesseDone = true;
        const He = exactMetric(f, u, c, cnt);
        if (He) { W = He; accurate = true; edm = edmOf(g, W); if (edm < o.edmGoal) break; continue; }
        // not a minimum yet (a saddle or a flat valley the variable metric under-estimated): go on from the
        // Hessian made positive definite, as Minuit does, a few times at most
        accurate = false;
        if (notPd++ >= 3) return { u, fval, grad: g, W, edm, valid: false, accurate, reason: "the Hessian at the minimum is not positive definite" };
        // a saddle point: step along the direction of most negative curvature (both ways), then go on
        const esc = escapeSaddle(f, u, c, fval, cnt);
        if (esc) {
          u = esc.u;
          [fval, g] = f.valueGrad(u, c, cnt);
          W = exactMetric(f, u, c, cnt, true) ?? W;
          edm = edmOf(g, W);
          hesseDone = false;
          continue;
        }
        W = exactMetric(f, u, c, cnt, true) ?? W;
        edm = edmOf(g, W);
        if (edm < o.edmGoal) return { u, fval, grad: g, W, edm, valid: false, accurate, reason: "the Hessian at the minimum is not positive definite (a saddle point or a flat direction)" };
        hesseDone = false;
        continue;
      }
      break;
    }
    if (cnt.nfcn >= o.maxfcn) return { ...fail(`call limit: ${cnt.nfcn} fcn calls reached maxfcn = ${o.maxfcn} (EDM ${edm.toPrecision(3)} above the goal ${o.edmGoal.toPrecision(3)})`, W, edm) };
    if (o.strategy === 2) {
      // strategy 2: the exact Hessian at every iterate where it is positive definite (Newton steps)
      const He = exactMetric(f, u, c, cnt);
      if (He) W = He;
    }
    let step = Wtimes(W, g).map((v) => -v);
    let gdel = dot(step, g);
    if (!(gdel < 0)) {
      // not a descent direction: W lost positive definiteness; restart from the exact (or diagonal) metric
      W = exactMetric(f, u, c, cnt, true) ?? diagMetric(f, u, c, g, cnt);
      accurate = false;
      step = Wtimes(W, g).map((v) => -v);
      gdel = dot(step, g);
      if (!(gdel < 0)) return fail("no descent direction: the metric is not positive definite", W, edm);
    }
    // parabolic line search along the Newton direction (Armijo acceptance, extrapolation when promising);
    // each trial point is evaluated with its gradient, so the accepted point needs no further call
    // (one compiled value-and-gradient call per iteration when the full step is accepted)
    const at = (l: number) => u.map((v, i) => v + l * step[i]);
    let lam = 1, flam = Infinity, glam: number[] = g, found = false;
    for (let it = 0; it < 15 && cnt.nfcn < o.maxfcn; it++) {
      const [fl, gl] = f.valueGrad(at(lam), c, cnt);
      flam = Number.isFinite(fl) && gl.every(Number.isFinite) ? fl : Infinity;
      glam = gl;
      if (flam <= fval + 1e-4 * lam * gdel) { found = true; break; }
      const curv = (flam - fval - gdel * lam) / (lam * lam);
      const next = Number.isFinite(flam) && curv > 0 ? -gdel / (2 * curv) : 0.1 * lam;
      lam = Math.min(0.5 * lam, Math.max(0.1 * lam, next));
    }
    if (found && lam === 1 && cnt.nfcn < o.maxfcn) {
      // the parabola through f(0), f′(0) and f(1) says whether to go further (to λ = 4 at most)
      const curv = flam - fval - gdel;
      const best = curv > 0 ? -gdel / (2 * curv) : 4;
      if (best > 1.5) {
        const l2 = Math.min(best, 4);
        const [f2, g2] = f.valueGrad(at(l2), c, cnt);
        if (Number.isFinite(f2) && g2.every(Number.isFinite) && f2 < flam) { lam = l2; flam = f2; glam = g2; }
      }
    }
    if (!found) {
      if (cnt.nfcn >= o.maxfcn) return fail(`call limit: ${cnt.nfcn} fcn calls reached maxfcn = ${o.maxfcn} in a line search`, W, edm);
      if (edm < 10 * o.edmGoal) break;
      if (resets++ < 2) {
        W = exactMetric(f, u, c, cnt, true) ?? diagMetric(f, u, c, g, cnt);
        edm = edmOf(g, W);
        continue;
      }
      return fail(`no improvement in the line search (EDM ${edm.toPrecision(3)} above the goal ${o.edmGoal.toPrecision(3)})`, W, edm);
    }
    const u1 = at(lam);
    const f1 = flam, g1 = glam;
    // Davidon's update (Minuit2 DavidonErrorUpdator): DFP, plus the BFGS term when δᵀγ > γᵀWγ
    const dx = u1.map((v, i) => v - u[i]), dg = g1.map((v, i) => v - g[i]);
    const delgam = dot(dx, dg), Wg = matVec(W, dg), gvg = dot(dg, Wg);
    if (delgam > 0 && gvg > 0) {
      const flnu = dx.map((v, i) => v / delgam - Wg[i] / gvg);
      const bfgs = delgam > gvg;
      // in place (no new n × n matrix per iteration); the same arithmetic as Minuit2's updator
      for (let i = 0; i < n; i++) {
        const Wi = W[i];
        for (let j = 0; j < n; j++) Wi[j] = Wi[j] + (dx[i] * dx[j]) / delgam - (Wg[i] * Wg[j]) / gvg + (bfgs ? gvg * flnu[i] * flnu[j] : 0);
      }
    }
    // W·g1 is computed once (for the EDM) and reused as the next step's direction
    memo = null;
    u = u1;
    fval = f1;
    g = g1;
    edm = edmOf(g, W);
    hesseDone = false;
  }
  return { u, fval, grad: g, W, edm, valid: true, accurate, reason: "" };
}
