/** @file The binomial and multinomial distributions with JAX's algorithms: geometric-sum inversion for count·min(p, 1−p) ≤ 10, Kachitvichyanukul–Schmeiser's BTRS rejection above, each a while loop. */
import { NDArray } from "../core/array.js";
import { broadcastShapes, fmtShape } from "../core/aval.js";
import { FloatDType, getDefaultFloat, isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import * as np from "../numpy/index.js";
import { whileLoop } from "../control/index.js";
import { ShapeArg, checkKey, split } from "./keys.js";
import { floatDtype, uniform } from "./distributions.js";
import { MAX_ITERS, firstAccepted, keyAt } from "./rejection.js";
import { sampleShape } from "./gamma.js";
import { jitArrays } from "../transforms/jit.js";
import { checked, show } from "../numpy/signature.js";


/** Stirling's error δ(k) = log k! − (k + ½)·log(k + 1) + (k + 1) − ½·log 2π for k = 0 … 9, in float64 from exact sums of logs. */
const STIRLING_TAIL = Array.from({ length: 10 }, (_, k) => {
  let logFact = 0;
  for (let j = 2; j <= k; j++) logFact += Math.log(j);
  return logFact - (k + 0.5) * Math.log(k + 1) + (k + 1) - 0.5 * Math.log(2 * Math.PI);
});

/**
 * δ(k) as JAX's BTRS uses it: the table for k ≤ 9, the series 1/(12(k+1)) − 1/(360(k+1)³) + 1/(1260(k+1)⁵)
 * above — evaluated, as in JAX, at k clamped to [0, 9].
 * NB: so every k > 9 gets δ(9)'s series value (≈ 0.00833) instead of ≈ 1/(12(k+1)). We keep JAX's
 * clamp to draw JAX's numbers; the terms nearly cancel in the acceptance bound (its error is below
 * 1e-3 wherever the pmf is not negligible), and the statistical tests bound the effect.
 */
function stirlingTail(k: NDArray): NDArray {
  const kc = L.min(L.max(k, L.fullLike(k, 0)), L.fullLike(k, 9));
  const k1 = L.add(kc, 1);
  const sq = L.mul(k1, k1);
  // (1/12 − (1/360 − 1/1260/(k+1)²)/(k+1)²)/(k+1)
  const series = L.div(L.sub(L.fullLike(k, 1 / 12), L.div(L.sub(L.fullLike(k, 1 / 360), L.div(L.fullLike(k, 1 / 1260), sq)), sq)), k1);
  const fk = L.floor(kc);
  let table = L.fullLike(k, STIRLING_TAIL[9]);
  for (let j = 8; j >= 0; j--) table = L.select(L.le(fk, j), L.fullLike(k, STIRLING_TAIL[j]), table);
  return L.select(L.le(k, 9), table, series);
}

/** Inversion: count the geometric(q) gaps that fit in `count` trials (a draw of Binomial(count, q)). */
function inversion(key: NDArray, count: NDArray, q: NDArray, s: number[], dtype: FloatDType): NDArray {
  const log1mq = L.log1p(L.neg(q));
  type Carry = [NDArray, NDArray, NDArray, NDArray]; // step, number of gaps, their sum, key
  const init: Carry = [L.full([], 0, "int32"), L.full(s, 0, dtype), L.full(s, 0, dtype), key];
  const [, k] = whileLoop(
    ([i, , sum]: Carry) => L.and(np.any(L.le(sum, count)), L.lt(i, MAX_ITERS)),
    ([i, n, sum, rng]: Carry): Carry => {
      const ks = split(rng); // as JAX here: the first key draws, the second carries on
      const n2 = L.select(L.le(sum, count), L.add(n, 1), n);
      const gap = L.ceil(L.div(L.log(uniform(keyAt(ks, 0), s, { dtype })), log1mq)); // a geometric(q) gap
      return [L.add(i, 1), n2, L.add(sum, gap), keyAt(ks, 1)];
    },
    init,
  );
  return L.sub(k, 1);
}

/** BTRS (transformed rejection with squeeze, Kachitvichyanukul & Schmeiser 1993): proposals until every element accepts one; sums in JAX's order, for JAX's rounding. */
function btrs(key: NDArray, count: NDArray, q: NDArray, s: number[], dtype: FloatDType): NDArray {
  const one = L.fullLike(q, 1);
  const sd = L.sqrt(L.mul(L.mul(count, q), L.sub(one, q)));
  const b = L.add(L.mul(sd, 2.53), 1.15);
  const a = L.add(L.add(L.mul(b, 0.0248), -0.0873), L.mul(q, 0.01));
  const c = L.add(L.mul(count, q), 0.5);
  const vr = L.sub(L.fullLike(b, 0.92), L.div(L.fullLike(b, 4.2), b));
  const r = L.div(q, L.sub(one, q));
  const alpha = L.mul(L.add(L.div(L.fullLike(b, 5.1), b), 2.83), sd);
  const m = L.floor(L.mul(L.add(count, 1), q)); // the mode
  const nm1 = L.add(L.sub(count, m), 1);
  const mTerm = L.mul(L.add(m, 0.5), L.log(L.div(L.add(m, 1), L.mul(r, nm1))));
  return firstAccepted(key, s, dtype, (u, us, v0) => {
    const accept1 = L.and(L.ge(us, 0.07), L.le(v0, vr));
    const k = L.floor(L.add(L.mul(L.add(L.div(L.mul(a, 2), us), b), u), c)); // k = ⌊(2a/us + b)·u + c⌋
    const reject = L.or(L.lt(k, 0), L.gt(k, count));
    const v = L.log(L.div(L.mul(v0, alpha), L.add(L.div(a, L.mul(us, us)), b)));
    // log of the ratio of the pmf at k to the pmf at the mode, through Stirling's formula
    const nk1 = L.add(L.sub(count, k), 1);
    let bound = L.add(mTerm, L.mul(L.add(count, 1), L.log(L.div(nm1, nk1))));
    bound = L.add(bound, L.mul(L.add(k, 0.5), L.log(L.div(L.mul(r, nk1), L.add(k, 1)))));
    bound = L.add(L.add(bound, stirlingTail(m)), stirlingTail(L.sub(count, m)));
    bound = L.sub(L.sub(bound, stirlingTail(k)), stirlingTail(L.sub(count, k)));
    return [k, L.or(accept1, L.and(L.not(reject), L.le(v, bound)))];
  });
}

function binomialImpl(key: NDArray, n: number | NDArray, p: number | NDArray, shape?: ShapeArg, opts: { dtype?: FloatDType } = {}): NDArray {
  checkKey("binomial", key);
  if (typeof n === "number" && !(n >= 0)) throw new RangeError(`random.binomial: n must be a non-negative number, got ${n}`);
  if (typeof p === "number" && !(p >= 0 && p <= 1)) throw new RangeError(`random.binomial: p must be in [0, 1], got ${p}`);
  for (const [name, v] of [["n", n], ["p", p]] as const) {
    if (typeof v !== "number" && (!(v instanceof NDArray) || v.dtype === "bool")) {
      throw new TypeError(`random.binomial: ${name} must be a number or a numeric array, got ${v instanceof NDArray ? v.dtype + fmtShape(v.shape) : show(v)}`);
    }
  }
  // as JAX: the draw runs in p's float dtype (a number p takes the requested dtype), the result is cast to `dtype`
  const pFloat = p instanceof NDArray && isFloat(p.dtype) ? (p.dtype as FloatDType) : null;
  const dtype = floatDtype("binomial", opts.dtype ?? pFloat ?? getDefaultFloat());
  const work = pFloat ?? dtype;
  const n0 = typeof n === "number" ? L.full([], n, work) : L.convert(n, work);
  const p0 = typeof p === "number" ? L.full([], p, work) : L.convert(p, work);
  const s = sampleShape("binomial", "n, p", broadcastShapes("random.binomial", n0.shape, p0.shape), shape);
  const count0 = L.broadcastTo(n0, s), prob = L.broadcastTo(p0, s);
  // draw with q = min(p, 1 − p) and reflect: Binomial(n, p) = n − Binomial(n, 1 − p)
  const pLow = L.lt(prob, 0.5);
  const qRaw = L.select(pLow, prob, L.sub(L.fullLike(prob, 1), prob));
  const badQ = L.or(L.ne(qRaw, qRaw), L.lt(qRaw, 0)); // NaN, or p > 1
  const badCount = L.or(L.ne(count0, count0), L.lt(count0, 0)); // NaN or negative
  const invalid = L.or(badQ, badCount);
  const infinite = L.eq(count0, Infinity);
  const q = L.select(badQ, L.fullLike(qRaw, 0.01), qRaw);
  const useInversion = L.or(badCount, L.le(L.mul(count0, q), 10)); // decided before n is rounded down, as JAX
  const count = L.floor(count0); // a fractional n rounds down, as NumPy
  // each sampler sees harmless parameters where the other one is used, or where the result is replaced below
  // (JAX passes n = ∞ on to BTRS, whose loop never ends when q = 0)
  const countInv = L.select(useInversion, count, L.zerosLike(count));
  const spare = L.or(useInversion, L.or(infinite, invalid));
  const countBtrs = L.select(spare, L.fullLike(count, 1e4), count);
  const qBtrs = L.select(spare, L.fullLike(q, 0.5), q);
  let out = L.select(useInversion, inversion(key, countInv, q, s, work), btrs(key, countBtrs, qBtrs, s, work));
  out = L.select(invalid, L.fullLike(out, NaN), out);
  out = L.select(L.and(infinite, L.not(invalid)), L.fullLike(out, Infinity), out);
  out = L.select(L.or(L.or(pLow, badCount), L.or(L.ne(qRaw, qRaw), infinite)), out, L.sub(count, out));
  return L.convert(out, dtype);
}
/**
 * Binomial samples: successes in `n` trials of probability `p` (numbers or arrays broadcasting to
 * `shape`, which defaults to their broadcast shape), as floats like JAX's `random.binomial(key, n, p,
 * shape)`, with its algorithms and key use, so draws equal JAX's: inversion by geometric gaps when
 * n·min(p, 1 − p) ≤ 10, BTRS rejection above, each a `whileLoop` until every element is done. The draw
 * runs in p's float dtype (a number p: `dtype`'s), as JAX. A fractional n rounds down; n = ∞ gives ∞
 * and NaN or negative parameters give NaN (as JAX).
 * @example random.binomial(random.key(0), 10, 0.3, [5]) // five float32 counts in 0 … 10, mean 3
 */
export const binomial: typeof binomialImpl = checked(jitArrays(binomialImpl), "random.binomial(key, n, p, shape?, opts?{dtype})");

function multinomialImpl(key: NDArray, n: number | NDArray, p: NDArray, opts: { shape?: ShapeArg; dtype?: FloatDType } = {}): NDArray {
  checkKey("multinomial", key);
  if (!(p instanceof NDArray) || !isFloat(p.dtype) || p.ndim < 1) {
    throw new TypeError(`random.multinomial: p must be a float array of at least one dimension (the last one the categories), got ${p instanceof NDArray ? p.dtype + fmtShape(p.shape) : show(p)}`);
  }
  if (typeof n === "number" ? !(n >= 0) : !(n instanceof NDArray) || n.dtype === "bool") {
    throw new RangeError(`random.multinomial: n must be a non-negative number or a numeric array, got ${n instanceof NDArray ? n.dtype + fmtShape(n.shape) : show(n)}`);
  }
  // as JAX: the draws run in the promoted dtype of n and p, the counts are cast to `dtype` (default: that dtype)
  const work: FloatDType = p.dtype === "float64" || (n instanceof NDArray && n.dtype === "float64") ? "float64" : (p.dtype as FloatDType);
  const dtype = floatDtype("multinomial", opts.dtype ?? work);
  const s = opts.shape == null ? p.shape : sampleShape("multinomial", "p", p.shape, opts.shape);
  if (s.length === 0) throw new RangeError("random.multinomial: shape must have at least one dimension (the categories)");
  const k = s[s.length - 1], batch = s.slice(0, -1);
  const nn = typeof n === "number" ? L.full([], n, work) : L.convert(n, work);
  let remainder = L.broadcastTo(nn, batch); // throws when n does not broadcast to the batch shape
  const pb = np.moveaxis(L.broadcastTo(L.convert(p, work), s), -1, 0); // [k, ...batch]
  // category i takes Binomial(remainder, pᵢ / (pᵢ + … + p_k)) of the trials left (stick breaking, as JAX)
  const tail = np.flip(np.cumsum(np.flip(pb, 0), 0), 0); // pᵢ + … + p_k
  const ratios = L.div(pb, L.select(L.eq(tail, 0), L.fullLike(tail, 1), tail));
  const keys = split(key, k);
  const counts: NDArray[] = [];
  for (let i = 0; i < k; i++) {
    const ratio = np.clip(L.reshape(L.slice(ratios, [i, ...batch.map(() => 0)], [i + 1, ...batch]), batch), 0, 1);
    const c = binomial(keyAt(keys, i), remainder, ratio, undefined, { dtype: work });
    remainder = L.sub(remainder, c);
    counts.push(c);
  }
  return L.convert(np.stack(counts, -1), dtype);
}
/**
 * Counts of `n` trials over categories with probabilities `p` (the last axis of `p`, which should sum
 * to 1), as JAX's `random.multinomial(key, n, p, shape=…)`: one binomial draw per category on the trials
 * left (stick breaking); `shape` (default p's shape) ends with the number of categories, `n` broadcasts
 * to the other dimensions. Floats, as JAX.
 * @example random.multinomial(random.key(0), 10, np.array([0.2, 0.3, 0.5])) // three counts summing to 10
 */
export const multinomial: typeof multinomialImpl = checked(jitArrays(multinomialImpl), "random.multinomial(key, n, p, opts?{shape,dtype})");
