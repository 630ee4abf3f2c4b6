/** @file The Poisson distribution with JAX's algorithms: Knuth's product of uniforms for λ < 10, Hörmann's transformed rejection (PTRS) above, each a while loop. */
import { NDArray } from "../core/array.js";
import { fmtShape } from "../core/aval.js";
import { FloatDType } from "../core/dtype.js";
import * as L from "../lax/index.js";
import * as np from "../numpy/index.js";
import { gammaln } from "../numpy/special_functions.js";
import { whileLoop } from "../control/index.js";
import { ShapeArg, checkKey, split } from "./keys.js";
import { uniform } from "./distributions.js";
import { MAX_ITERS, firstAccepted, keyAt } from "./rejection.js";
import { sampleShape } from "./gamma.js";
import { jitArrays } from "../transforms/jit.js";
import { checked, show } from "../numpy/signature.js";


/** Knuth: the number of uniforms whose running product stays above e^(−λ), counted in log space. */
function knuth(key: NDArray, lam: NDArray, s: number[], dtype: FloatDType): NDArray {
  const negLam = L.neg(lam);
  type Carry = [NDArray, NDArray, NDArray, NDArray]; // step, count, key, log of the product
  const init: Carry = [L.full([], 0, "int32"), L.full(s, 0, "int32"), key, L.full(s, 0, dtype)];
  const [, k] = whileLoop(
    ([i, , , logProd]: Carry) => L.and(np.any(L.gt(logProd, negLam)), L.lt(i, MAX_ITERS)),
    ([i, k, rng, logProd]: Carry): Carry => {
      const ks = split(rng);
      const k2 = L.select(L.gt(logProd, negLam), L.add(k, 1), k);
      const u = uniform(keyAt(ks, 1), s, { dtype });
      return [L.add(i, 1), k2, keyAt(ks, 0), L.add(logProd, L.log(u))];
    },
    init,
  );
  return L.sub(k, 1);
}

/** Hörmann's PTRS (transformed rejection with squeeze), for λ ≥ 10: proposals until every element accepts one. */
function rejection(key: NDArray, lam: NDArray, s: number[], dtype: FloatDType): NDArray {
  const logLam = L.log(lam);
  const b = L.add(L.mul(L.sqrt(lam), 2.53), 0.931);
  const a = L.add(L.mul(b, 0.02483), -0.059);
  const invAlpha = L.add(L.div(L.fullLike(b, 1.1328), L.sub(b, 3.4)), 1.1239);
  const vr = L.sub(L.fullLike(b, 0.9277), L.div(L.fullLike(b, 3.6224), L.sub(b, 2)));
  return firstAccepted(key, s, dtype, (u, us, v) => {
    // k = ⌊(2a/us + b)·u + λ + 0.43⌋; accept when log(v·α⁻¹/(a/us² + b)) ≤ −λ + k log λ − log k!
    const k = L.floor(L.add(L.add(L.mul(L.add(L.div(L.mul(a, 2), us), b), u), lam), 0.43));
    const sLog = L.log(L.div(L.mul(v, invAlpha), L.add(L.div(a, L.mul(us, us)), b)));
    const tLog = L.sub(L.add(L.neg(lam), L.mul(k, logLam)), gammaln(L.add(k, 1)));
    const accept1 = L.and(L.ge(us, 0.07), L.le(v, vr));
    const reject = L.or(L.lt(k, 0), L.and(L.lt(us, 0.013), L.gt(v, us)));
    return [k, L.or(accept1, L.and(L.not(reject), L.le(sLog, tLog)))];
  });
}

function poissonImpl(key: NDArray, lam: number | NDArray, shape?: ShapeArg, opts: { dtype?: "int32" | "uint32" } = {}): NDArray {
  checkKey("poisson", key);
  const dtype = opts.dtype ?? "int32";
  if (dtype !== "int32" && dtype !== "uint32") throw new TypeError(`random.poisson: dtype must be int32 or uint32, got ${show(dtype)}`);
  if (typeof lam === "number") {
    if (!(lam >= 0 && lam < 2 ** 31)) throw new RangeError(`random.poisson: lam must be a non-negative number below 2^31, got ${lam}`);
  } else if (!(lam instanceof NDArray) || lam.dtype === "bool") {
    throw new TypeError(`random.poisson: lam must be a number or a numeric array, got ${lam instanceof NDArray ? lam.dtype + fmtShape(lam.shape) : show(lam)}`);
  }
  // as JAX: the rate is converted to float32 (whatever its dtype) and both samplers draw float32 uniforms
  const fdt: FloatDType = "float32";
  const l0 = typeof lam === "number" ? L.full([], lam, fdt) : L.convert(lam, fdt);
  const s = sampleShape("poisson", "lam", l0.shape, shape);
  const l = L.broadcastTo(l0, s);
  const useKnuth = L.or(L.ne(l, l), L.lt(l, 10)); // NaN or λ < 10
  const lamKnuth = L.select(useKnuth, l, L.zerosLike(l));
  const lamRejection = L.select(useKnuth, L.fullLike(l, 1e5), l); // a value that accepts quickly
  // as JAX: both samplers run from the same key over every element, each element keeps its own
  const out = L.select(useKnuth, L.convert(knuth(key, lamKnuth, s, fdt), dtype), L.convert(rejection(key, lamRejection, s, fdt), dtype));
  return L.select(L.eq(l, 0), L.full(s, 0, dtype), out);
}
/**
 * Poisson samples with rate `lam` (≥ 0), int32 by default, with JAX's algorithms (as NumPy's and
 * TensorFlow's): Knuth's product of uniforms for λ < 10 and Hörmann's transformed rejection for
 * λ ≥ 10, each a `whileLoop` until every element is done; `shape` defaults to lam's shape. The same
 * key use and float32 arithmetic as JAX, so draws equal JAX's for the same key.
 * NB: as JAX, the rate is rounded to float32 even when given as float64. Not differentiable (integer output).
 * @example random.poisson(random.key(0), 3.5, [5]) // five int32 counts, mean 3.5
 * @example random.poisson(random.key(0), np.array([1, 100])) // one draw per rate
 */
export const poisson: typeof poissonImpl = checked(jitArrays(poissonImpl), "random.poisson(key, lam, shape?, opts?{dtype})");
