/**
 * @file The implicit reparameterisation gradient of Gamma(a, 1) samples with respect to a
 * (Figurnov et al. 2018, as JAX's random_gamma_grad): a sample z = F⁻¹(u; a) moves with a as
 * dz/da = −∂P(a, z)/∂a / p(z; a), P the regularised lower incomplete gamma function. It is computed
 * for log z, d(log z)/da = −∂P/∂a / (z·p(z; a)), where the prefactor zᵃe⁻ᶻ/Γ(a) cancels, so tiny
 * samples (small a, underflowing z) stay exact. ∂P/∂a comes from P's series (z < a + 1) or Q = 1 − P's
 * continued fraction, each carried with its derivative in a (forward mode on the recursions).
 */
import type { NoParams } from "../core/primitive.js";
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { bind1 } from "../core/trace.js";
import * as L from "../lax/index.js";
import { hostPrimitive } from "../linalg/host.js";

/** ψ(a) for a > 0: the recurrence up to a ≥ 10, then the asymptotic series (truncation error < 1e-14). */
function digamma(a: number): number {
  let r = 0;
  while (a < 10) r -= 1 / a++;
  const f = 1 / (a * a);
  return r + Math.log(a) - 0.5 / a - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

const EPS = 1e-16, TINY = 1e-300, MAX_ITER = 1_000_000;

/** d(log z)/da of a Gamma(a, 1) sample z, given a > 0 and log z. */
export function gammaLogGrad(a: number, logz: number): number {
  if (!(a > 0) || Number.isNaN(logz)) return NaN;
  if (logz === -Infinity) return 0;
  const z = Math.exp(logz);
  if (!Number.isFinite(z)) return NaN;
  const lnzMinusPsi = logz - digamma(a);
  if (z < a + 1) {
    // P = pre · S, S = Σₙ zⁿ / (a(a+1)…(a+n)); term tₙ = tₙ₋₁·z/(a+n), t₀ = 1/a; carry dtₙ/da alongside
    let t = 1 / a, dt = -1 / (a * a), s = t, ds = dt;
    for (let n = 1; n < MAX_ITER; n++) {
      const r = z / (a + n);
      dt = dt * r - (t * r) / (a + n);
      t *= r;
      s += t;
      ds += dt;
      if (Math.abs(t) < Math.abs(s) * EPS && Math.abs(dt) < (Math.abs(ds) + Math.abs(s)) * EPS) break;
    }
    return -(s * lnzMinusPsi + ds); // −∂P/∂a / pre
  }
  // Q = pre · h, h the continued fraction 1/(z+1−a−) 1·(1−a)/(z+3−a−) 2·(2−a)/(z+5−a−) … (modified Lentz), with h′ = dh/da
  let b = z + 1 - a;
  const db = -1;
  let c = 1 / TINY, dc = 0;
  let d = 1 / b, dd = 1 / (b * b);
  let h = d, dh = dd;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a), dan = i;
    b += 2;
    let D = an * d + b;
    let dD = dan * d + an * dd + db;
    if (Math.abs(D) < TINY) D = TINY;
    let C = b + an / c;
    let dC = db + (dan * c - an * dc) / (c * c);
    if (Math.abs(C) < TINY) C = TINY;
    d = 1 / D;
    dd = -dD / (D * D);
    c = C;
    dc = dC;
    const del = d * c, ddel = dd * c + d * dc;
    h *= del;
    dh = dh * del + (h / del) * ddel;
    if (Math.abs(del - 1) < EPS && Math.abs(ddel) < EPS * (1 + Math.abs(dh / h))) break;
  }
  return lnzMinusPsi * h + dh; // ∂Q/∂a / pre = −∂P/∂a / pre
}

/** d(log z)/da elementwise for arrays a, log z of shape [..., n] (flattened by the caller; vmap adds batch dimensions). */
const gammaLogGradP = hostPrimitive<NoParams>({
  name: "random_gamma_grad",
  coreDims: [1, 1],
  abstractEval([a, lz]) {
    if (a.ndim < 1 || !a.equals(lz)) throw new TypeError(`random_gamma_grad: expected two float arrays of one shape [..., n], got ${a.str()} and ${lz.str()}`);
    return [new ShapedArray(a.shape, a.dtype)];
  },
  kernel: ([a, lz]) => [a.map((ai, i) => gammaLogGrad(ai, lz[i]))],
  transpose: null, // not linear in its operands
  jvp() {
    throw new Error("random.gamma: second derivatives with respect to the shape parameter are not supported: the implicit gradient d(log z)/da has no derivative rule of its own");
  },
});

/** d(log z)/da for arrays of equal shape (a: the shape parameter broadcast to the sample's shape). */
export function logGammaGrad(a: NDArray, logz: NDArray): NDArray {
  const flat = (x: NDArray) => L.reshape(x, [x.size]);
  return L.reshape(bind1(gammaLogGradP, [flat(L.stopGradient(a)), flat(L.stopGradient(logz))], {}), [...a.shape]);
}
