/** @file MINOS: asymmetric errors where the profile of fcn (the others re-minimised) rises by errordef, by a safeguarded secant search on √(ΔF). */
import type { Counters, Problem } from "./problem.js";
import { migrad } from "./migrad.js";
import { defaultMaxfcn } from "./problem.js";

/** Minos errors of one parameter: signed offsets from the best value (lower < 0 < upper). */
export interface MinosError {
  lower: number;
  upper: number;
  /** Both sides were found. */
  valid: boolean;
  lowerValid: boolean;
  upperValid: boolean;
  /** A side ran into the parameter's limit before fcn rose by errordef. */
  atLowerLimit: boolean;
  atUpperLimit: boolean;
  /** The profile found a lower fcn than the minimum: the fit had not converged. */
  newMinimum: boolean;
  nfcn: number;
}

/** The profile min over the other free parameters of fcn with parameter i held at t (external). */
function profile(prob: Problem, free: boolean[], ext: number[], i: number, t: number, cnt: Counters): { fval: number; ext: number[] } {
  const fr = free.slice();
  fr[i] = false;
  const c = ext.slice();
  c[i] = t;
  const u0 = prob.toInternal(c, fr);
  const nFree = fr.filter(Boolean).length;
  const st = migrad(prob.compile(fr), u0, c, { edmGoal: 0.002 * Math.min(prob.tol, 0.01) * prob.errordef, strategy: prob.strategy, maxfcn: cnt.nfcn + defaultMaxfcn(nFree) }, cnt);
  return { fval: st.fval, ext: prob.toExternal(st.u, c, fr) };
}

/**
 * Minos errors of parameter i from the minimum (ext, fmin) with the parabolic error `err` as first guess.
 * The crossing is found to |ΔF − errordef| < 1e-4·errordef.
 */
export function minosFor(prob: Problem, free: boolean[], ext: number[], fmin: number, i: number, err: number, cnt: Counters): MinosError {
  const up = prob.errordef, qT = Math.sqrt(up), x0 = ext[i], n0 = cnt.nfcn;
  let newMinimum = false;
  const side = (s: 1 | -1): { off: number; valid: boolean; atLimit: boolean } => {
    const lim = s > 0 ? prob.limits[i].upper : prob.limits[i].lower;
    let lo = 0, hi = Infinity; // distances |t − x0| bracketing the crossing: q(lo) < qT ≤ q(hi)
    let dPrev = 0, qPrev = 0, d = err > 0 && Number.isFinite(err) ? err : Math.max(1e-3, 1e-3 * Math.abs(x0));
    let start = ext;
    for (let it = 0; it < 40; it++) {
      let atLimit = false;
      if (Number.isFinite(lim) && s * (x0 + s * d - lim) >= 0) { d = s * (lim - x0); atLimit = true; }
      const pr = profile(prob, free, start, i, x0 + s * d, cnt);
      if (!Number.isFinite(pr.fval)) { hi = Math.min(hi, d); d = (lo + d) / 2; continue; }
      const df = pr.fval - fmin;
      if (df < -1e-3 * up) newMinimum = true;
      if (Math.abs(df - up) < 1e-4 * up) return { off: s * d, valid: true, atLimit };
      const q = Math.sqrt(Math.max(df, 0));
      if (q < qT) {
        lo = Math.max(lo, d);
        if (atLimit) return { off: s * d, valid: false, atLimit: true };
      } else hi = Math.min(hi, d);
      start = pr.ext;
      // secant on q(d) ≈ linear, then kept inside the bracket (bisection otherwise)
      let next = q !== qPrev ? d + ((qT - q) * (d - dPrev)) / (q - qPrev) : 2 * d;
      if (!(next > lo && next < hi) || !Number.isFinite(next)) next = Number.isFinite(hi) ? (lo + hi) / 2 : Math.min(4 * d, Math.max(2 * d, next || 2 * d));
      if (!Number.isFinite(hi) && next > 4 * d) next = 4 * d;
      dPrev = d;
      qPrev = q;
      d = next;
    }
    return { off: s * d, valid: false, atLimit: false };
  };
  const lo = side(-1), hi = side(1);
  return {
    lower: lo.off, upper: hi.off, lowerValid: lo.valid && !newMinimum, upperValid: hi.valid && !newMinimum, valid: lo.valid && hi.valid && !newMinimum,
    atLowerLimit: lo.atLimit, atUpperLimit: hi.atLimit, newMinimum, nfcn: cnt.nfcn - n0,
  };
}
