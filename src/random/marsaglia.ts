/**
 * @file The per-element Gamma(α, 1) sampler with JAX's key usage: Marsaglia–Tsang rejection, one
 * `whileLoop` per element (batched by `vmap` over the elements' keys), so draws equal JAX's
 * `random.gamma` / `random.loggamma` for the same key, shape and dtype.
 */
import { NDArray } from "../core/array.js";
import { FloatDType } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { whileLoop } from "../control/index.js";
import { vmap } from "../transforms/api.js";
import { split } from "./keys.js";
import { normal, uniform } from "./distributions.js";

const keyAt = (keys: NDArray, i: number): NDArray => L.reshape(L.slice(keys, [i, 0], [i + 1, 2]), [2]);

/**
 * One Gamma(α, 1) draw (or its logarithm with `logSpace`) from one key, for a float scalar α > 0.
 * The key use is JAX's `_gamma_one`: split once — the first half runs the rejection loop, the second
 * draws the α < 1 boost. Each round splits its key in three (carry on, normals, the uniform); the
 * normals come from an inner loop that splits again until v = 1 + c·x is positive. The proposal d·v³
 * (d = α − ⅓, c = 1/√(9d)) is accepted by the squeeze u < 1 − 0.0331·x⁴ or by
 * log u < x²/2 + d·(1 − v³ + log v³). For α < 1 the draw is Gamma(α + 1)·U^(1/α), with U = 1 − uniform
 * (or, in log space, log1p(−uniform)/α — the exponential draw JAX uses).
 * @example gammaOne(random.key(0), L.full([], 0.8, "float32"), false) // a float32 scalar
 */
export function gammaOne(key: NDArray, alpha: NDArray, logSpace: boolean): NDArray {
  const dtype = alpha.dtype as FloatDType;
  const one = L.fullLike(alpha, 1);
  const noBoost = L.ge(alpha, one);
  const a = L.select(noBoost, alpha, L.add(alpha, one));
  const d = L.sub(a, 1 / 3);
  const c = L.div(L.fullLike(d, 1 / 3), L.sqrt(d)); // ⅓/√d = 1/√(9d)

  // the loop runs while the proposal is rejected: neither the squeeze nor the full test accepts it
  type Round = [NDArray, NDArray, NDArray, NDArray]; // key, x², v³, u
  const rejected = ([, x2, v3, u]: Round): NDArray => {
    const squeeze = L.sub(one, L.mul(L.mul(x2, x2), 0.0331));
    const full = L.add(L.mul(x2, 0.5), L.mul(d, L.add(L.sub(one, v3), L.log(v3))));
    return L.and(L.ge(u, squeeze), L.ge(L.log(u), full));
  };
  const round = ([k]: Round): Round => {
    const ks = split(k, 3);
    // x ~ N(0, 1) until v = 1 + c·x > 0, each try on a fresh split of the normals' key
    type Try = [NDArray, NDArray, NDArray]; // key, x, v
    const [, x, v] = whileLoop(
      ([, , vi]: Try) => L.le(vi, 0),
      ([kx]: Try): Try => {
        const kk = split(kx);
        const xi = normal(keyAt(kk, 1), [], { dtype });
        return [keyAt(kk, 0), xi, L.add(L.mul(xi, c), 1)];
      },
      [keyAt(ks, 1), L.zerosLike(alpha), L.fullLike(alpha, -1)] as Try,
    );
    const u = uniform(keyAt(ks, 2), [], { dtype });
    return [keyAt(ks, 0), L.mul(x, x), L.mul(L.mul(v, v), v), u];
  };
  const halves = split(key);
  // the initial state (x² = 0, v³ = 1, u = 2) is rejected, so the first round always runs
  const [, , v3] = whileLoop(rejected, round, [keyAt(halves, 0), L.zerosLike(alpha), one, L.fullLike(alpha, 2)] as Round);
  const boostKey = keyAt(halves, 1);
  if (logSpace) {
    // log Gamma(α) = log Gamma(α + 1) + log(U)/α; a zero log U (a zero uniform) adds nothing
    const logU = L.log1p(L.neg(uniform(boostKey, [], { dtype })));
    const logBoost = L.select(L.or(noBoost, L.eq(logU, 0)), L.zerosLike(alpha), L.mul(logU, L.div(one, alpha)));
    return L.add(L.add(L.log(d), L.log(v3)), logBoost);
  }
  const boost = L.select(noBoost, one, L.pow(L.sub(one, uniform(boostKey, [], { dtype })), L.div(one, alpha)));
  return L.mul(L.mul(d, v3), boost);
}

/**
 * Gamma(α, 1) draws (or their logarithms) for an array of concentrations: the key is split into one
 * key per element (row-major), each element runs `gammaOne` on its key, as JAX's `random_gamma`.
 * Not differentiable by itself (the caller attaches the implicit reparameterisation gradient).
 * @example marsagliaTsang(random.key(0), np.full([5], 0.8), false) // = JAX's random.gamma(key, 0.8, (5,))
 */
export function marsagliaTsang(key: NDArray, alpha: NDArray, logSpace: boolean): NDArray {
  const n = alpha.size;
  if (n === 0) return L.zerosLike(alpha);
  const keys = split(key, n);
  const one = vmap((k: NDArray, a: NDArray) => gammaOne(k, a, logSpace));
  return L.reshape(one(keys, L.reshape(L.stopGradient(alpha), [n])) as NDArray, alpha.shape);
}
