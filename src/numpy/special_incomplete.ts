/**
 * @file The regularised incomplete gamma and beta functions (jax.scipy.special gammainc, gammaincc,
 * betainc), their inverses in x (gammaincinv, betaincinv) and lbeta: float64 host primitives for the
 * values (iterations to convergence), with JVP rules analytic in x and implicit / forward-mode series
 * in the shape parameters.
 *
 * Why primitives: P(a, x) and I_x(a, b) need a data-dependent number of series or continued-fraction
 * terms (hundreds for a ~ 1e4) to reach ~1e-15; unrolled into elementwise ops they would cost thousands
 * of ops per call for the worst element, or lose accuracy with a fixed count.
 */
import type { NoParams, Primitive } from "../core/primitive.js";
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { FloatDType, getDefaultFloat, isFloat } from "../core/dtype.js";
import { bind, bind1 } from "../core/trace.js";
import * as L from "../lax/index.js";
import { hostPrimitive } from "../linalg/host.js";
import { gammaLogGrad } from "../random/gamma_grad.js";
import { ArrayLike, promoteAndBroadcast } from "./core.js";
import { gammaln, xlog1py, xlogy } from "./special_functions.js";
import { betaincDual, betaincinvScalar, gammaPQ, gammaincinvScalar, logPrefactor } from "./special_kernels.js";

/** Promote and broadcast the operands to one float dtype. */
function floats(op: string, xs: ArrayLike[]): NDArray[] {
  const arrs = promoteAndBroadcast(op, xs);
  if (isFloat(arrs[0].dtype)) return arrs;
  const d: FloatDType = getDefaultFloat();
  return arrs.map((a) => L.convert(a, d));
}

const sameShape = (name: string, avals: ShapedArray[]) => {
  if (avals[0].ndim < 1 || avals.some((v) => !v.equals(avals[0]))) throw new TypeError(`${name}: expected float arrays of one shape [..., n], got ${avals.map((v) => v.str()).join(", ")}`);
};
/**
 * The JVP of a primitive that is itself a derivative (∂P/∂a): constant operands only; a real tangent
 * (a second derivative in the shape parameter) is a clear error.
 */
const noJvp = (what: string, prim: () => Primitive<any>) => (primals: NDArray[], tangents: NDArray[], params: any): [NDArray[], NDArray[]] => {
  if (!tangents.every((t) => L.isZeroTangent(t))) throw new Error(`${what}: no derivative rule (it is differentiated through a custom JVP; derivatives of the shape-parameter derivative are not supported)`);
  const outs = bind(prim(), primals, params);
  return [outs, outs.map((o) => L.zeroTangent(o))];
};

/** [P(a, x), Q(a, x)] elementwise, for arrays of one shape [..., n]. */
const igammaP: Primitive<NoParams> = hostPrimitive<NoParams>({
  name: "igamma",
  coreDims: [1, 1],
  abstractEval(avals) {
    sameShape("igamma", avals);
    return [new ShapedArray(avals[0].shape, avals[0].dtype), new ShapedArray(avals[0].shape, avals[0].dtype)];
  },
  kernel: ([a, x]) => {
    const p = new Float64Array(a.length), q = new Float64Array(a.length);
    a.forEach((ai, i) => ([p[i], q[i]] = gammaPQ(ai, x[i])));
    return [p, q];
  },
  transpose: null,
  // dP = p(x; a)·dx + ∂P/∂a·da, dQ = −dP
  jvp([a, x], [da, dx]) {
    const outs = bind(igammaP, [a, x], {});
    const t = dP(a, x, da, dx);
    return [outs, [t, L.neg(t)]];
  },
});

/** ∂P(a, x)/∂a elementwise: −(xᵃe⁻ˣ/Γ(a))·(−∂P/∂a / pre), the second factor from random.gamma's implicit-gradient series. */
const igammaGradAP: Primitive<NoParams> = hostPrimitive<NoParams>({
  name: "igamma_grad_a",
  coreDims: [1, 1],
  abstractEval(avals) {
    sameShape("igamma_grad_a", avals);
    return [new ShapedArray(avals[0].shape, avals[0].dtype)];
  },
  kernel: ([a, x]) => [
    a.map((ai, i) => {
      const xi = x[i];
      if (!(ai > 0) || !(xi >= 0)) return NaN;
      if (xi === 0 || xi === Infinity || ai === Infinity) return 0;
      const logPre = logPrefactor(ai, xi);
      return logPre < -745 ? 0 : -Math.exp(logPre) * gammaLogGrad(ai, Math.log(xi));
    }),
  ],
  transpose: null,
  jvp: noJvp("igamma_grad_a", () => igammaGradAP),
});

/** [I, ∂I/∂a, ∂I/∂b] (grads) or [I] elementwise for a, b, x of one shape [..., n]. */
const betaincP: Primitive<{ grads: boolean }> = hostPrimitive<{ grads: boolean }>({
  name: "betainc",
  coreDims: [1, 1, 1],
  abstractEval(avals, { grads }) {
    sameShape("betainc", avals);
    return Array.from({ length: grads ? 3 : 1 }, () => new ShapedArray(avals[0].shape, avals[0].dtype));
  },
  kernel: ([a, b, x], _shapes, { grads }) => {
    const outs = Array.from({ length: grads ? 3 : 1 }, () => new Float64Array(a.length));
    a.forEach((ai, i) => {
      const r = betaincDual(ai, b[i], x[i]);
      outs.forEach((o, k) => (o[i] = r[k]));
    });
    return outs;
  },
  transpose: null,
  // dI = x^(a−1)(1−x)^(b−1)/B(a, b)·dx + ∂I/∂a·da + ∂I/∂b·db (∂I/∂a, ∂I/∂b from the dual-number kernel)
  jvp([a, b, x], [da, db, dx], { grads }) {
    if (grads && ![da, db, dx].every((t) => L.isZeroTangent(t))) throw new Error("betainc: second derivatives in a and b are not supported");
    const needAB = !L.isZeroTangent(da) || !L.isZeroTangent(db);
    const outs = bind(betaincP, [a, b, x], { grads: grads || needAB });
    let t = L.zerosLike(x);
    if (!L.isZeroTangent(dx)) t = L.mul(L.exp(L.sub(L.add(xlogy(L.sub(a, 1), x), xlog1py(L.sub(b, 1), L.neg(x))), lbetaArrays(a, b))), dx);
    if (!L.isZeroTangent(da)) t = L.add(t, L.mul(outs[1], da));
    if (!L.isZeroTangent(db)) t = L.add(t, L.mul(outs[2], db));
    return [grads ? outs : [outs[0]], grads ? [t, L.zeroTangent(outs[1]), L.zeroTangent(outs[2])] : [t]];
  },
});

/** The host primitives take flat [n] operands. */
const flat = (x: NDArray) => L.reshape(x, [x.size]);
const dPda = (a: NDArray, x: NDArray): NDArray => bind1(igammaGradAP, [a, x], {});

/** dP = p(x; a)·dx + ∂P/∂a·da, p(x; a) = x^(a−1)e⁻ˣ/Γ(a) the Gamma(a) density (differentiable again in x). */
function dP(a: NDArray, x: NDArray, da: NDArray, dx: NDArray): NDArray {
  let t = L.zerosLike(x);
  if (!L.isZeroTangent(dx)) t = L.mul(L.exp(L.sub(L.sub(xlogy(L.sub(a, 1), x), x), gammaln(a))), dx);
  if (!L.isZeroTangent(da)) t = L.add(t, L.mul(dPda(a, x), da));
  return t;
}
const igamma = (a: NDArray, x: NDArray): NDArray[] => bind(igammaP, [flat(a), flat(x)], {}).map((r) => L.reshape(r, [...a.shape]));

/**
 * The regularised lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a) (scipy's gammainc), for
 * a ≥ 0, x ≥ 0 (NaN elsewhere; P(0, x) = 1 for x > 0). Series for x < a + 1, continued fraction beyond
 * (with the prefactor xᵃe⁻ˣ/Γ(a) computed without cancellation for large a): ~1e-15 relative in
 * float64 for a ≤ 1e3 (measured against mpmath; see docs/stats.md). Differentiable in x (the Gamma
 * density) and in a (the series / continued fraction carried with its a-derivative, the rule
 * random.gamma's implicit gradient uses).
 * NB: JAX differentiates in a through its own series; second derivatives in a are not supported here.
 * @example special.gammainc(2, 1) // 1 − 2/e ≈ 0.26424111765711533
 */
export function gammainc(a: ArrayLike, x: ArrayLike): NDArray {
  const [aa, xx] = floats("gammainc", [a, x]);
  return igamma(aa, xx)[0];
}

/**
 * The regularised upper incomplete gamma function Q(a, x) = 1 − P(a, x) (scipy's gammaincc), computed
 * directly (not as 1 − P), so that tails such as Q(1, 50) = e⁻⁵⁰ keep their digits.
 * @example special.gammaincc(1, 50) // e⁻⁵⁰ ≈ 1.9287498479639178e-22
 */
export function gammaincc(a: ArrayLike, x: ArrayLike): NDArray {
  const [aa, xx] = floats("gammaincc", [a, x]);
  return igamma(aa, xx)[1];
}

/** Stirling's correction ln Γ(z) − ((z − ½) ln z − z + ½ ln 2π) for z ≥ 10, as a composite. */
function stirlingCorrection(z: NDArray): NDArray {
  const inv = L.div(L.fullLike(z, 1), z), f = L.mul(inv, inv);
  let s = L.fullLike(z, 1 / 156);
  for (const c of [691 / 360360, 1 / 1188, 1 / 1680, 1 / 1260, 1 / 360]) s = L.sub(L.fullLike(z, c), L.mul(f, s));
  return L.mul(inv, L.sub(L.fullLike(z, 1 / 12), L.mul(f, s)));
}

/**
 * ln |B(a, b)| as a composite (differentiable). With big = max(a, b) ≥ 10 and small > 0, ln Γ(big) −
 * ln Γ(big + small) by Stirling: −(big − ½)·log1p(small/big) − small·ln(big + small) + small +
 * corr(big) − corr(big + small), so that two large, nearly equal ln Γ are never subtracted
 * (lbeta(708, 0.063) keeps 15 digits, not 12); else ln Γ(a) + ln Γ(b) − ln Γ(a + b).
 */
function lbetaArrays(a: NDArray, b: NDArray): NDArray {
  const big = L.max(a, b), small = L.min(a, b);
  const stir = L.and(L.ge(big, 10), L.gt(small, 0));
  const bs = L.select(stir, big, L.fullLike(big, 10)), ss = L.select(stir, small, L.fullLike(small, 1));
  const diff = L.add(
    L.sub(L.sub(ss, L.mul(L.sub(bs, 0.5), L.log1p(L.div(ss, bs)))), L.mul(ss, L.log(L.add(bs, ss)))),
    L.sub(stirlingCorrection(bs), stirlingCorrection(L.add(bs, ss))),
  );
  const direct = L.sub(L.add(gammaln(a), gammaln(b)), gammaln(L.add(a, b)));
  return L.select(stir, L.add(gammaln(ss), diff), direct);
}

/**
 * ln |B(a, b)|, the log of the beta function Γ(a)Γ(b)/Γ(a + b) (scipy's betaln; `special.betaln`
 * is the same function). Relative error ~1e-14 (measured against mpmath, docs/stats.md).
 * @example special.lbeta(2, 3) // ln(1/12)
 */
export function lbeta(a: ArrayLike, b: ArrayLike): NDArray {
  const [aa, bb] = floats("lbeta", [a, b]);
  return lbetaArrays(aa, bb);
}

/**
 * The regularised incomplete beta function I_x(a, b) = B(x; a, b)/B(a, b) (scipy's betainc), for
 * a, b > 0 and 0 ≤ x ≤ 1 (NaN elsewhere): the continued fraction (after I_x(a, b) = 1 − I_{1−x}(b, a)
 * where it converges faster), ~1e-14 relative in float64 for a, b ≤ 1e3. Differentiable in x
 * (the Beta density) and in a and b: the continued fraction is evaluated on dual numbers, so its
 * derivatives are the converged series' own (to rounding).
 * NB: JAX raises for derivatives in a and b; here they are supported (first order).
 * @example special.betainc(2, 3, 0.5) // 0.6875
 */
export function betainc(a: ArrayLike, b: ArrayLike, x: ArrayLike): NDArray {
  const [aa, bb, xx] = floats("betainc", [a, b, x]);
  return L.reshape(bind1(betaincP, [flat(aa), flat(bb), flat(xx)], { grads: false }), [...aa.shape]);
}

/** x with P(a, x) = p elementwise for a, p of one shape [..., n]. */
const igammaInvP: Primitive<NoParams> = hostPrimitive<NoParams>({
  name: "igamma_inv",
  coreDims: [1, 1],
  abstractEval(avals) {
    sameShape("igamma_inv", avals);
    return [new ShapedArray(avals[0].shape, avals[0].dtype)];
  },
  kernel: ([a, p]) => [a.map((ai, i) => gammaincinvScalar(ai, p[i]))],
  transpose: null,
  // P(a, x(a, p)) = p ⇒ dx = (dp − ∂P/∂a·da)/p(x; a), p(x; a) the Gamma(a) density
  jvp([a, p], [da, dp]) {
    const x = bind1(igammaInvP, [a, p], {});
    let num = L.isZeroTangent(dp) ? L.zerosLike(x) : dp;
    if (!L.isZeroTangent(da)) num = L.sub(num, L.mul(dPda(a, x), da));
    const dens = L.exp(L.sub(L.sub(xlogy(L.sub(a, 1), x), x), gammaln(a)));
    return [[x], [L.div(num, dens)]];
  },
});

/**
 * The inverse of the regularised lower incomplete gamma function in x (scipy's gammaincinv):
 * x ≥ 0 with P(a, x) = p, for a > 0 and 0 ≤ p ≤ 1 (0 at p = 0, ∞ at p = 1, NaN elsewhere).
 * Halley's method from a Wilson–Hilferty guess on the float64 kernel; differentiable in a and p
 * (implicitly: dx = (dp − ∂P/∂a·da)/p(x; a)).
 * @example special.gammaincinv(2, 0.5) // 1.6783469900166612
 */
export function gammaincinv(a: ArrayLike, p: ArrayLike): NDArray {
  const [aa, pp] = floats("gammaincinv", [a, p]);
  return L.reshape(bind1(igammaInvP, [flat(aa), flat(pp)], {}), [...aa.shape]);
}

/** x with I_x(a, b) = p elementwise for a, b, p of one shape [..., n]. */
const ibetaInvP: Primitive<NoParams> = hostPrimitive<NoParams>({
  name: "ibeta_inv",
  coreDims: [1, 1, 1],
  abstractEval(avals) {
    sameShape("ibeta_inv", avals);
    return [new ShapedArray(avals[0].shape, avals[0].dtype)];
  },
  kernel: ([a, b, p]) => [a.map((ai, i) => betaincinvScalar(ai, b[i], p[i]))],
  transpose: null,
  // I(a, b, x(a, b, p)) = p ⇒ dx = (dp − ∂I/∂a·da − ∂I/∂b·db)/(x^(a−1)(1−x)^(b−1)/B(a, b))
  jvp([a, b, p], [da, db, dp]) {
    const x = bind1(ibetaInvP, [a, b, p], {});
    let num = L.isZeroTangent(dp) ? L.zerosLike(x) : dp;
    if (!L.isZeroTangent(da) || !L.isZeroTangent(db)) {
      const [, dIa, dIb] = bind(betaincP, [a, b, x], { grads: true });
      if (!L.isZeroTangent(da)) num = L.sub(num, L.mul(dIa, da));
      if (!L.isZeroTangent(db)) num = L.sub(num, L.mul(dIb, db));
    }
    const dens = L.exp(L.sub(L.add(xlogy(L.sub(a, 1), x), xlog1py(L.sub(b, 1), L.neg(x))), lbetaArrays(a, b)));
    return [[x], [L.div(num, dens)]];
  },
});

/**
 * The inverse of the regularised incomplete beta function in x (scipy's betaincinv): x in [0, 1] with
 * I_x(a, b) = p, for a, b > 0 and 0 ≤ p ≤ 1 (NaN elsewhere). Halley's method on the float64 kernel;
 * differentiable in a, b and p (implicitly). Near x = 1 the accuracy is that of 1 − x.
 * @example special.betaincinv(2, 3, 0.6875) // 0.5
 */
export function betaincinv(a: ArrayLike, b: ArrayLike, p: ArrayLike): NDArray {
  const [aa, bb, pp] = floats("betaincinv", [a, b, p]);
  return L.reshape(bind1(ibetaInvP, [flat(aa), flat(bb), flat(pp)], {}), [...aa.shape]);
}
