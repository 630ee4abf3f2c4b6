/**
 * @file The complex rules: each primitive that takes complex input, written with real lax ops on the
 * real views [...S, 2] of its operands (src/lower/complex.ts runs them, eagerly and under jit). The
 * formulas follow C99's complex functions (as NumPy): signed zeros pick the side of a branch cut.
 */
import { NDArray } from "../core/array.js";
import { NoParams, Primitive } from "../core/primitive.js";
import { isComplex, realDType } from "../core/dtype.js";
import { registerComplexRule as reg, registerComplexRules } from "../lower/complex.js";
import * as E from "./elementwise.js";
import * as R from "./reduce.js";
import * as M from "./movement.js";
import * as X from "./indexing.js";
import * as C from "./complex.js";
import { dotGeneralP, DotParams } from "./dot.js";
import * as L from "../lax/index.js";

type Pair = [NDArray, NDArray];

/** The real and imaginary parts [S] of a real view [...S, 2]. */
function parts(v: NDArray): Pair {
  const s = v.shape.slice(0, -1), z = v.shape.map(() => 0);
  const part = (k: number) => L.reshape(L.slice(v, [...z.slice(0, -1), k], [...s, k + 1]), s);
  return [part(0), part(1)];
}
/** The real view [...S, 2] of the complex number with parts `re`, `im` [S]. */
function pack(re: NDArray, im: NDArray): NDArray {
  const s = [...re.shape, 1];
  return L.concatenate([L.reshape(re, s), L.reshape(im, s)], re.ndim);
}
const fill = (like: NDArray, v: number) => L.fullLike(like, v);
const sel = (c: NDArray, t: NDArray | number, f: NDArray | number, like: NDArray) =>
  L.select(c, typeof t === "number" ? fill(like, t) : t, typeof f === "number" ? fill(like, f) : f);
/** x < 0 or x = −0 (the sign bit; false for NaN). */
const signbit = (x: NDArray) => L.or(L.lt(x, 0), L.lt(L.div(fill(x, 1), x), 0));
/** |x| with the sign of s. */
const copysign = (x: NDArray, s: NDArray) => sel(signbit(s), L.neg(L.abs(x)), L.abs(x), x);

// ---- complex functions of parts (x, y) = (re z, im z) ----

/** |x + iy| without overflow or underflow: m·√(1 + (n/m)²), m = max(|x|, |y|), n = min; inf if either part is. */
export function cabs(x: NDArray, y: NDArray): NDArray {
  const ax = L.abs(x), ay = L.abs(y);
  const m = L.max(ax, ay), n = L.min(ax, ay);
  const q = L.div(n, sel(L.eq(m, 0), 1, m, m));
  const r = L.mul(m, L.sqrt(L.add(L.mul(q, q), 1)));
  return sel(L.or(L.eq(ax, Infinity), L.eq(ay, Infinity)), Infinity, r, r);
}
const cmul = ([a, b]: Pair, [c, d]: Pair): Pair => [L.sub(L.mul(a, c), L.mul(b, d)), L.add(L.mul(a, d), L.mul(b, c))];
/** (a + ib)/(c + id) by Smith's algorithm (no overflow of c² + d²). */
function cdiv([a, b]: Pair, [c, d]: Pair): Pair {
  const big = L.ge(L.abs(c), L.abs(d));
  // |c| ≥ |d|: r = d/c, den = c + d·r ; else r = c/d, den = d + c·r
  const p = L.select(big, c, d), q = L.select(big, d, c);
  const r = L.div(q, p), den = L.add(p, L.mul(q, r));
  const re1 = L.div(L.add(a, L.mul(b, r)), den), im1 = L.div(L.sub(b, L.mul(a, r)), den);
  const re2 = L.div(L.add(L.mul(a, r), b), den), im2 = L.div(L.sub(L.mul(b, r), a), den);
  return [L.select(big, re1, re2), L.select(big, im1, im2)];
}
function cexp([x, y]: Pair): Pair {
  const e = L.exp(x);
  // an imaginary part of ±0 stays exact (so exp(inf + 0i) = inf + 0i, as C99)
  const yZero = L.eq(y, 0);
  return [sel(yZero, e, L.mul(e, L.cos(y)), e), sel(yZero, y, L.mul(e, L.sin(y)), y)];
}
const clog = ([x, y]: Pair): Pair => [L.log(cabs(x, y)), L.atan2(y, x)];
/** The principal square root (C99 csqrt): re ≥ 0, im with the sign of y (−0 included). */
function csqrt([x, y]: Pair): Pair {
  const t = L.sqrt(L.mul(L.add(cabs(x, y), L.abs(x)), 0.5));
  const twoT = L.mul(t, 2);
  const pos: Pair = [t, L.div(y, twoT)];
  const neg: Pair = [L.div(L.abs(y), twoT), copysign(t, y)];
  const xNeg = L.lt(x, 0), zero = L.eq(t, 0), yInf = L.eq(L.abs(y), Infinity);
  const re = sel(yInf, Infinity, sel(zero, fill(x, 0), L.select(xNeg, neg[0], pos[0]), x), x);
  const im = sel(yInf, y, sel(zero, y, L.select(xNeg, neg[1], pos[1]), y), y);
  return [re, im];
}
const csin = ([x, y]: Pair): Pair => [L.mul(L.sin(x), L.cosh(y)), L.mul(L.cos(x), L.sinh(y))];
const ccos = ([x, y]: Pair): Pair => [L.mul(L.cos(x), L.cosh(y)), L.neg(L.mul(L.sin(x), L.sinh(y)))];
const csinh = ([x, y]: Pair): Pair => [L.mul(L.sinh(x), L.cos(y)), L.mul(L.cosh(x), L.sin(y))];
const ccosh = ([x, y]: Pair): Pair => [L.mul(L.cosh(x), L.cos(y)), L.mul(L.sinh(x), L.sin(y))];
/**
 * tanh(x + iy) = (sinh x·cosh x + i·sin y·cos y)/(sinh²x + cos²y) — a denominator without
 * cancellation; for |x| > 20 the real part is ±1 to double precision (and sinh x·cosh x would overflow).
 */
function ctanh([x, y]: Pair): Pair {
  const sx = L.sinh(x), den = L.add(L.mul(sx, sx), L.square(L.cos(y)));
  const re = L.div(L.mul(sx, L.cosh(x)), den);
  const im = L.div(L.mul(L.sin(y), L.cos(y)), den);
  return [L.select(L.gt(L.abs(x), 20), copysign(fill(x, 1), x), re), im];
}
// tan z = −i·tanh(iz): tanh(−y + ix) = (u + iv) ⇒ tan z = v − iu
function ctan([x, y]: Pair): Pair {
  const [u, v] = ctanh([L.neg(y), x]);
  return [v, L.neg(u)];
}
/** eᶻ − 1, accurate near 0: re = expm1(x)·cos y − 2 sin²(y/2), im = eˣ·sin y. */
function cexpm1([x, y]: Pair): Pair {
  const s = L.sin(L.mul(y, 0.5));
  const re = L.sub(L.mul(L.expm1(x), L.cos(y)), L.mul(L.mul(s, s), 2));
  return [re, sel(L.eq(y, 0), y, L.mul(L.exp(x), L.sin(y)), y)];
}
/** log(1 + z), accurate near 0: re = ½·log1p(2x + x² + y²) for small z, log|1 + z| otherwise. */
function clog1p([x, y]: Pair): Pair {
  const small = L.and(L.lt(L.abs(x), 0.5), L.lt(L.abs(y), 0.5));
  const xs = sel(small, x, 0, x), ys = sel(small, y, 0, y); // (double where: no overflow in the unused branch)
  const reSmall = L.mul(L.log1p(L.add(L.mul(xs, L.add(xs, 2)), L.mul(ys, ys))), 0.5);
  const x1 = L.add(x, 1);
  return [L.select(small, reSmall, L.log(cabs(x1, y))), L.atan2(y, x1)];
}
/** aᵇ = exp(b·log a); 0ᵇ = 1 for b = 0, 0 for Re b > 0 with Im b = 0, NaN otherwise (as NumPy). */
function cpow(a: Pair, b: Pair): Pair {
  const [lr, li] = clog(a);
  const [er, ei] = cexp(cmul(b, [lr, li]));
  const aZero = L.and(L.eq(a[0], 0), L.eq(a[1], 0)), bZero = L.and(L.eq(b[0], 0), L.eq(b[1], 0));
  const toZero = L.and(L.gt(b[0], 0), L.eq(b[1], 0));
  const atZeroRe = sel(bZero, 1, sel(toZero, 0, NaN, er), er), atZeroIm = sel(L.or(bZero, toZero), 0, NaN, ei);
  return [L.select(aZero, atZeroRe, er), L.select(aZero, atZeroIm, ei)];
}

// ---- registration ----

/** An elementwise complex → complex function of the parts. */
function unary(prim: Primitive<NoParams>, f: (z: Pair) => Pair): void {
  reg(prim, ([v]) => [pack(...f(parts(v)))]);
}
function binary(prim: Primitive<NoParams>, f: (a: Pair, b: Pair) => Pair): void {
  reg(prim, ([u, v]) => [pack(...f(parts(u), parts(v)))]);
}

// (installed on first use: at load, the primitive modules are still initialising — an import cycle)
registerComplexRules(() => {
  reg(E.addP, ([u, v]) => [L.add(u, v)]);
  reg(E.subP, ([u, v]) => [L.sub(u, v)]);
  reg(E.negP, ([v]) => [L.neg(v)]);
  binary(E.mulP, cmul);
  binary(E.divP, cdiv);
  binary(E.powP, cpow);
  unary(E.expP, cexp);
  unary(E.logP, clog);
  unary(E.sqrtP, csqrt);
  unary(E.sinP, csin);
  unary(E.cosP, ccos);
  unary(E.tanP, ctan);
  unary(E.sinhP, csinh);
  unary(E.coshP, ccosh);
  unary(E.tanhP, ctanh);
  unary(E.expm1P, cexpm1);
  unary(E.log1pP, clog1p);
  reg(E.absP, ([v]) => [cabs(...parts(v))]);
  reg(E.eqP, ([u, v]) => {
    const [a, b] = parts(u), [c, d] = parts(v);
    return [L.and(L.eq(a, c), L.eq(b, d))];
  });
  reg(E.neP, ([u, v]) => {
    const [a, b] = parts(u), [c, d] = parts(v);
    return [L.or(L.ne(a, c), L.ne(b, d))];
  });
  reg(E.selectP, ([p, t, f]) => [L.select(L.broadcastInDim(p, t.shape, p.shape.map((_, i) => i)), t, f)]);
  reg(E.stopGradientP, ([v]) => [v]);
  // convert: real → complex puts the value in the real part; complex → real keeps the real part (as
  // JAX's astype; NB: NumPy also warns, ComplexWarning), complex → bool is z ≠ 0
  reg(E.convertElementTypeP, ([v], { newDtype }, [x]) => {
    if (isComplex(x.dtype) && isComplex(newDtype)) return [L.convert(v, realDType(newDtype))];
    if (isComplex(newDtype)) {
      const re = L.convert(v, realDType(newDtype));
      return [pack(re, L.zerosLike(re))];
    }
    const [re, im] = parts(v);
    if (newDtype === "bool") return [L.or(L.ne(re, 0), L.ne(im, 0))];
    return [L.convert(re, newDtype)];
  });

  reg(C.realP, ([v]) => [parts(v)[0]]);
  reg(C.imagP, ([v]) => [parts(v)[1]]);
  reg(C.conjP, ([v]) => {
    const [re, im] = parts(v);
    return [pack(re, L.neg(im))];
  });
  reg(C.complexP, ([x, y]) => [pack(x, y)]);

  // ---- reductions ----
  reg(R.reduceSumP, ([v], { axes }) => [L.reduceSum(v, axes)]);
  // a product of n complex numbers: ⌈log₂ n⌉ rounds of pairwise products (each one fused kernel)
  reg(R.reduceProdP, ([v], { axes }, [x]) => {
    const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const keptShape = kept.map((i) => x.shape[i]);
    const n = axes.reduce((p, a) => p * x.shape[a], 1), k = keptShape.reduce((p, d) => p * d, 1);
    let [re, im] = parts(L.reshape(L.transpose(v, [...kept, ...axes, x.ndim]), [k, n, 2]));
    if (n === 0) return [pack(L.full(keptShape, 1, realDType(x.dtype)), L.full(keptShape, 0, realDType(x.dtype)))];
    for (let m = n; m > 1; m = Math.ceil(m / 2)) {
      if (m % 2) {
        re = L.pad(re, [0, 0], [0, 1], 1);
        im = L.pad(im, [0, 0], [0, 1], 0);
      }
      const half = (p: NDArray, o: number) => L.slice(p, [0, o], [k, m + (m % 2)], [1, 2]);
      [re, im] = cmul([half(re, 0), half(im, 0)], [half(re, 1), half(im, 1)]);
    }
    return [pack(L.reshape(re, keptShape), L.reshape(im, keptShape))];
  });

  // ---- movement: the same op on the real view, the parts axis carried along at the end ----
  reg(M.reshapeP, ([v], { newShape }) => [L.reshape(v, [...newShape, 2])]);
  reg(M.broadcastInDimP, ([v], { shape, dims }) => [L.broadcastInDim(v, [...shape, 2], [...dims, shape.length])]);
  reg(M.transposeP, ([v], { perm }) => [L.transpose(v, [...perm, perm.length])]);
  reg(M.sliceP, ([v], { start, stop, step }) => [L.slice(v, [...start, 0], [...stop, 2], [...step, 1])]);
  reg(M.padP, ([v], { config, value }) => {
    if (value === 0) return [L.padConfig(v, [...config, [0, 0, 0]], 0)];
    const [re, im] = parts(v); // the padding value is real: its imaginary part is 0
    return [pack(L.padConfig(re, config, value), L.padConfig(im, config, 0))];
  });
  reg(M.concatenateP, (vs, { axis }) => [L.concatenate(vs, axis)]);
  reg(M.revP, ([v], { axes }) => [L.rev(v, axes)]);
  reg(X.gatherP, ([v, idx], { axis }) => [L.gather(v, idx, axis)]);
  reg(X.scatterAddP, ([v, idx], { axis, shape }) => [L.scatterAdd(v, idx, axis, [...shape, 2])]);
  reg(X.cumsumP, ([v], { axis, reverse }) => [L.cumsum(v, axis, reverse)]);

  // ---- dot_general: four real products, (a + ib)·(c + id) = (ac − bd) + i(ad + bc) ----
  reg(dotGeneralP, ([u, v], p: DotParams, [x, y]) => {
    const dot = (l: NDArray, r: NDArray) => L.dotGeneral(l, r, p);
    if (!isComplex(y.dtype)) {
      const [a, b] = parts(u);
      return [pack(dot(a, v), dot(b, v))];
    }
    if (!isComplex(x.dtype)) {
      const [c, d] = parts(v);
      return [pack(dot(u, c), dot(u, d))];
    }
    const [a, b] = parts(u), [c, d] = parts(v);
    return [pack(L.sub(dot(a, c), dot(b, d)), L.add(dot(a, d), dot(b, c)))];
  });
});

/** The parts of a complex array's real view, and back (for complex rules elsewhere). */
export { parts as complexParts, pack as complexPack };
