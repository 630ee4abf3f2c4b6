/** @file Further elementwise math and numerical derivatives: heaviside, degrees/radians, gcd, lcm, gradient. */
import { fmtShape, normAxes } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { getDefaultFloat, isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, promoteAndBroadcast, resultDType, toFloat } from "./core.js";
import { show } from "./signature.js";

type A = ArrayLike;

/**
 * The Heaviside step: 0 for x < 0, `h0` at 0, 1 for x > 0. Its derivative is 0.
 * NB: NaN gives NaN, as NumPy (JAX returns `h0` there).
 * @example np.heaviside([-1, 0, 2], 0.5) // [0, 0.5, 1]
 */
export function heaviside(x: A, h0: A): NDArray {
  const d = resultDType([x, h0]);
  const [a, h] = promoteAndBroadcast("heaviside", [x, h0], isFloat(d) ? d : getDefaultFloat());
  const step = L.select(L.lt(a, 0), L.zerosLike(a), L.select(L.gt(a, 0), L.fullLike(a, 1), h));
  return L.select(L.ne(a, a), a, L.stopGradient(step));
}
/** Radians to degrees. @example np.degrees(Math.PI) // 180 */
export const degrees = (x: A): NDArray => L.mul(toFloat(x), 180 / Math.PI);
/** Degrees to radians. @example np.radians(180) // π */
export const radians = (x: A): NDArray => L.mul(toFloat(x), Math.PI / 180);
export const rad2deg = degrees;
export const deg2rad = radians;

function ints(op: string, x: A, y: A): [NDArray, NDArray] {
  const [a, b] = promoteAndBroadcast(op, [x, y]);
  if (isFloat(a.dtype) || a.dtype === "bool") throw new TypeError(`${op}: integer arguments expected, got ${a.dtype}`);
  return [L.abs(a), L.abs(b)];
}
/** Euclid's algorithm, unrolled: 47 remainder steps cover every 32-bit pair (Fibonacci worst case). */
function euclid(a: NDArray, b: NDArray): NDArray {
  for (let k = 0; k < 47; k++) {
    const zero = L.eq(b, 0);
    const safe = L.select(zero, L.fullLike(b, 1), b);
    [a, b] = [L.select(zero, a, b), L.select(zero, b, L.rem(a, safe))];
  }
  return a;
}
/** Greatest common divisor of |x| and |y| (integers; gcd(0, 0) = 0). @example np.gcd([12, 7], [18, 13]) // [6, 1] */
export function gcd(x: A, y: A): NDArray {
  return euclid(...ints("gcd", x, y));
}
/** Least common multiple of |x| and |y| (0 if either is 0). @example np.lcm([4, 7], [6, 3]) // [12, 21] */
export function lcm(x: A, y: A): NDArray {
  const [a, b] = ints("lcm", x, y);
  const g = euclid(a, b);
  const zero = L.eq(g, 0);
  return L.select(zero, g, L.mul(L.div(a, L.select(zero, L.fullLike(g, 1), g)), b));
}

/** Elements [start, stop) of `a` along `axis`. */
function part(a: NDArray, axis: number, start: number, stop: number): NDArray {
  const lo = a.shape.map(() => 0), hi = [...a.shape];
  lo[axis] = start, hi[axis] = stop;
  return L.slice(a, lo, hi);
}

/**
 * Numerical derivative of sampled values along each axis (or the given `axis`): second-order central
 * differences inside, one-sided first-order differences at the ends (NumPy's `edge_order=1`). Each
 * spacing is a number (uniform, default 1) or the 1-D coordinates along that axis (non-uniform).
 * One axis gives an array, several give a list.
 * @example np.gradient([1, 2, 4, 7, 11]) // [1, 1.5, 2.5, 3.5, 4]
 * @example np.gradient([[1, 2], [4, 8]], 1, 0.5) // [[[3, 6], [3, 6]], [[2, 2], [8, 8]]]
 */
export function gradient(f: A, ...spacing: (number | A | { axis?: number | number[] | null })[]): NDArray | NDArray[] {
  let axisOpt: number | number[] | null | undefined;
  const last = spacing[spacing.length - 1];
  if (typeof last === "object" && last !== null && !Array.isArray(last) && !(last instanceof NDArray) && !ArrayBuffer.isView(last)) {
    axisOpt = (last as { axis?: number | number[] | null }).axis;
    spacing = spacing.slice(0, -1);
  }
  const y = toFloat(f);
  if (axisOpt !== undefined && axisOpt !== null && typeof axisOpt !== "number" && !Array.isArray(axisOpt)) throw new TypeError(`gradient: axis must be an integer, a list of integers or null, got ${show(axisOpt)}`);
  const axes = normAxes(axisOpt, y.ndim, "gradient");
  if (spacing.length > 1 && spacing.length !== axes.length) throw new TypeError(`gradient: expected 0, 1 or ${axes.length} spacings (one per axis), got ${spacing.length}`);
  const out = axes.map((ax, k) => {
    const n = y.shape[ax];
    if (n < 2) throw new RangeError(`gradient: each differentiated axis needs at least 2 samples, got shape ${fmtShape(y.shape)} along axis ${ax}`);
    const sp = spacing.length === 0 ? 1 : spacing.length === 1 ? spacing[0] : spacing[k];
    const bcast = (v: NDArray, lo: number, hi: number) => L.broadcastInDim(part(v, 0, lo, hi), [...y.shape.slice(0, ax), hi - lo, ...y.shape.slice(ax + 1)], [ax]);
    if (typeof sp === "number" || (sp instanceof NDArray && sp.ndim === 0)) {
      const h = typeof sp === "number" ? sp : L.convert(sp, y.dtype);
      const hb = (v: NDArray) => (typeof h === "number" ? h : L.broadcastTo(h, v.shape));
      const first = L.sub(part(y, ax, 1, 2), part(y, ax, 0, 1));
      const lastD = L.sub(part(y, ax, n - 1, n), part(y, ax, n - 2, n - 1));
      const inner = L.mul(L.sub(part(y, ax, 2, n), part(y, ax, 0, n - 2)), 0.5);
      const d = L.concatenate(n > 2 ? [first, inner, lastD] : [first, lastD], ax);
      return L.div(d, hb(d));
    }
    const x = L.convert(toFloat(sp as A), y.dtype);
    if (x.ndim !== 1 || x.shape[0] !== n) throw new RangeError(`gradient: coordinates of shape ${fmtShape(x.shape)} must be 1-D with ${n} entries (axis ${ax} of ${fmtShape(y.shape)})`);
    const dx = L.sub(part(x, 0, 1, n), part(x, 0, 0, n - 1)); // n − 1 steps
    const first = L.div(L.sub(part(y, ax, 1, 2), part(y, ax, 0, 1)), bcast(dx, 0, 1));
    const lastD = L.div(L.sub(part(y, ax, n - 1, n), part(y, ax, n - 2, n - 1)), bcast(dx, n - 2, n - 1));
    if (n === 2) return L.concatenate([first, lastD], ax);
    // f′(xᵢ) ≈ a·f[i−1] + b·f[i] + c·f[i+1] with h₁ = xᵢ − xᵢ₋₁, h₂ = xᵢ₊₁ − xᵢ (exact for quadratics)
    const h1 = part(dx, 0, 0, n - 2), h2 = part(dx, 0, 1, n - 1);
    const a = L.div(L.neg(h2), L.mul(h1, L.add(h1, h2)));
    const b = L.div(L.sub(h2, h1), L.mul(h1, h2));
    const c = L.div(h1, L.mul(h2, L.add(h1, h2)));
    const inner = L.add(L.add(L.mul(bcast(a, 0, n - 2), part(y, ax, 0, n - 2)), L.mul(bcast(b, 0, n - 2), part(y, ax, 1, n - 1))), L.mul(bcast(c, 0, n - 2), part(y, ax, 2, n)));
    return L.concatenate([first, inner, lastD], ax);
  });
  return out.length === 1 ? out[0] : out;
}

/** ⌊log₂|x|⌋ for finite nonzero x (subnormals included), exactly: log2 corrected by one either way. */
function exponent(ax: NDArray): NDArray {
  let e = L.floor(L.div(L.log(ax), Math.LN2));
  e = L.select(L.gt(L.exp2(e), ax), L.sub(e, 1), e);
  return L.select(L.le(L.exp2(L.add(e, 1)), ax), L.add(e, 1), e);
}
/**
 * Split x into mantissa and exponent: x = m · 2^e with 0.5 ≤ |m| < 1 (m = x, e = 0 for 0, ±∞ and
 * NaN). The exponent is int32.
 * @example np.frexp([8, 0.75]) // [[0.5, 0.75], [4, 0]]
 */
export function frexp(x: A): [NDArray, NDArray] {
  const a = toFloat(x);
  const ax = L.abs(a);
  const special = L.or(L.eq(ax, 0), L.not(L.eq(L.sub(a, a), 0))); // 0, ±∞, NaN
  const safe = L.select(special, L.fullLike(ax, 1), ax);
  const e = L.add(exponent(safe), 1);
  // m = x / 2^e in two exact steps (2^e alone overflows for the largest floats)
  const m = L.div(L.div(a, L.exp2(L.stopGradient(L.sub(e, 1)))), 2);
  return [L.select(special, a, m), L.convert(L.select(special, L.zerosLike(e), e), "int32")];
}
/**
 * x · 2ⁿ for integer n (the inverse of `frexp`), exact where the result is representable.
 * @example np.ldexp(0.75, 3) // 6
 */
export function ldexp(x: A, n: A): NDArray {
  const d = resultDType([x]);
  const fd = isFloat(d) ? d : getDefaultFloat();
  const nn = asArray(n);
  if (isFloat(nn.dtype)) throw new TypeError(`ldexp: the exponent must be an integer array or number, got ${nn.dtype}`);
  const [a, k] = promoteAndBroadcast("ldexp", [L.convert(asArray(x), fd), L.convert(nn, fd)], fd);
  const [lo, hi] = fd === "float64" ? [-1074, 1023] : [-149, 127];
  // one multiplication (one rounding) where 2ⁿ is a float; else two halves
  const direct = L.mul(a, L.exp2(L.max(L.min(k, L.fullLike(k, hi)), L.fullLike(k, lo))));
  const k1 = L.floor(L.mul(k, 0.5));
  const split = L.mul(L.mul(a, L.exp2(k1)), L.exp2(L.sub(k, k1)));
  return L.select(L.and(L.ge(k, lo), L.le(k, hi)), direct, split);
}

/**
 * The modified Bessel function of the first kind of order 0, I₀(x) = Σ (x²/4)ᵏ/(k!)² (even in x).
 * Up to |x| = 20 the power series (40 terms, all positive: no cancellation); beyond, the asymptotic
 * expansion eˣ/√(2πx)·Σ ((2k−1)!!)²/(k!·(8x)ᵏ) (20 terms), with eˣ applied in two halves so the result
 * overflows only where I₀ itself does. Differentiable (I₀′ = I₁).
 * @example np.i0([0, 1]) // [1, 1.2660658777520082]
 */
export function i0(x: A): NDArray {
  const a = L.abs(toFloat(x));
  const small = L.le(a, 20);
  // power series on min(|x|, 20)
  const s = L.select(small, a, L.fullLike(a, 20));
  const q = L.mul(L.mul(s, s), 0.25);
  let term = L.fullLike(a, 1), series = L.fullLike(a, 1);
  for (let k = 1; k < 40; k++) {
    term = L.div(L.mul(term, q), k * k);
    series = L.add(series, term);
  }
  // asymptotic expansion on max(|x|, 20)
  const b = L.select(small, L.fullLike(a, 20), a);
  let t = L.fullLike(a, 1), sum = L.fullLike(a, 1);
  for (let k = 0; k < 19; k++) {
    t = L.div(L.mul(t, (2 * k + 1) ** 2), L.mul(b, 8 * (k + 1)));
    sum = L.add(sum, t);
  }
  const half = L.exp(L.mul(b, 0.5));
  const asym = L.mul(half, L.mul(L.div(half, L.sqrt(L.mul(b, 2 * Math.PI))), sum));
  return L.select(small, series, asym);
}
