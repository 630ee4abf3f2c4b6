/**
 * @file More univariate distributions with JAX's algorithms and parameterisations: cauchy, laplace,
 * logistic, lognormal, rayleigh, pareto, weibullMin, geometric, triangular, maxwell,
 * doubleSidedMaxwell, rademacher, t, chisquare, f, loggamma, wald — each a composite of uniform/normal/gamma
 * draws, so it runs under jit and vmap and differentiates in its location/scale parameters.
 */
import { NDArray } from "../core/array.js";
import { broadcastShapes, fmtShape } from "../core/aval.js";
import { DType, FloatDType, getDefaultFloat, isFloat } from "../core/dtype.js";
import * as L from "../lax/index.js";
import * as np from "../numpy/index.js";
import { ShapeArg, checkKey, split, toShape } from "./keys.js";
import { bernoulli, exponential, floatDtype, nextafter, normal, uniform } from "./distributions.js";
import { gamma, logGamma, sampleShape } from "./gamma.js";
import { jitArrays } from "../transforms/jit.js";
import { checked, show } from "../numpy/signature.js";

type FloatOpts = { dtype?: FloatDType };
type Param = number | NDArray;

/** Each parameter broadcast to the sample shape `s` (lax operands share one shape). */
const to = (arrays: NDArray[], s: number[]): NDArray[] => arrays.map((a) => L.broadcastTo(a, s));

const keyAt = (keys: NDArray, i: number) => L.reshape(L.slice(keys, [i, 0], [i + 1, 2]), [2]);

/** Checked parameters as arrays of one float dtype: `opts.dtype`, else float64 if any array is, else the default float. */
function params(fn: string, named: [string, Param, "positive" | "unit" | "any"][], dtype: DType | undefined): { dtype: FloatDType; arrays: NDArray[]; shape: number[] } {
  for (const [name, v, rule] of named) {
    if (typeof v === "number") {
      const ok = rule === "positive" ? v > 0 : rule === "unit" ? v > 0 && v <= 1 : !Number.isNaN(v);
      if (!ok) throw new RangeError(`random.${fn}: ${name} must be ${rule === "positive" ? "positive" : rule === "unit" ? "in (0, 1]" : "a number"}, got ${v}`);
    } else if (!(v instanceof NDArray) || v.dtype === "bool") {
      throw new TypeError(`random.${fn}: ${name} must be a number or a numeric array, got ${v instanceof NDArray ? v.dtype + fmtShape(v.shape) : show(v)}`);
    }
  }
  const wide = named.some(([, v]) => v instanceof NDArray && v.dtype === "float64");
  const dt = floatDtype(fn, dtype ?? (wide ? "float64" : getDefaultFloat()));
  const arrays = named.map(([, v]) => (typeof v === "number" ? L.full([], v, dt) : L.convert(v, dt)));
  return { dtype: dt, arrays, shape: broadcastShapes(`random.${fn}`, ...arrays.map((a) => a.shape)) };
}

/** The machine epsilon and the smallest normal number of `dtype`. */
const EPS = { float32: 2 ** -23, float64: 2 ** -52 } as const;
const TINY = { float32: 2 ** -126, float64: 2 ** -1022 } as const;

function cauchyImpl(key: NDArray, shape: ShapeArg = [], opts: FloatOpts = {}): NDArray {
  checkKey("cauchy", key);
  const dtype = floatDtype("cauchy", opts.dtype);
  const u = uniform(key, toShape("cauchy", shape), { dtype, minval: EPS[dtype], maxval: 1 });
  return L.tan(L.mul(L.sub(u, 0.5), Math.PI)); // tan(π(u − ½))
}
/**
 * Standard Cauchy samples of `shape`: tan(π(u − ½)) with u uniform in [ε, 1), as JAX's `random.cauchy`.
 * @example random.cauchy(random.key(0), [3]) // median 0, scale 1, no mean
 */
export const cauchy: typeof cauchyImpl = checked(jitArrays(cauchyImpl), "random.cauchy(key, shape?, opts?{dtype})");

function laplaceImpl(key: NDArray, shape: ShapeArg = [], opts: FloatOpts = {}): NDArray {
  checkKey("laplace", key);
  const dtype = floatDtype("laplace", opts.dtype);
  const u = uniform(key, toShape("laplace", shape), { dtype, minval: nextafter(-1, 0, dtype), maxval: 1 });
  return L.mul(L.sign(u), L.log1p(L.neg(L.abs(u)))); // sign(u)·log(1 − |u|)
}
/**
 * Standard Laplace samples (density ½e^(−|x|)) of `shape`: sign(u)·log(1 − |u|) with u uniform in
 * (−1, 1), as JAX's `random.laplace`.
 * @example random.laplace(random.key(0), [3])
 */
export const laplace: typeof laplaceImpl = checked(jitArrays(laplaceImpl), "random.laplace(key, shape?, opts?{dtype})");

function logisticImpl(key: NDArray, shape: ShapeArg = [], opts: FloatOpts = {}): NDArray {
  checkKey("logistic", key);
  const dtype = floatDtype("logistic", opts.dtype);
  const u = uniform(key, toShape("logistic", shape), { dtype, minval: TINY[dtype], maxval: 1 });
  return L.sub(L.log(u), L.log1p(L.neg(u))); // logit(u)
}
/**
 * Standard logistic samples of `shape`: log(u) − log(1 − u), as JAX's `random.logistic`.
 * @example random.logistic(random.key(0), [3])
 */
export const logistic: typeof logisticImpl = checked(jitArrays(logisticImpl), "random.logistic(key, shape?, opts?{dtype})");

function lognormalImpl(key: NDArray, sigma: Param = 1, shape?: ShapeArg, opts: FloatOpts = {}): NDArray {
  checkKey("lognormal", key);
  const p = params("lognormal", [["sigma", sigma ?? 1, "positive"]], opts.dtype);
  const s = sampleShape("lognormal", "sigma", p.shape, shape);
  return L.exp(L.mul(normal(key, s, { dtype: p.dtype }), to(p.arrays, s)[0])); // exp(σ·z)
}
/**
 * Log-normal samples exp(σ·z), z ~ N(0, 1), as JAX's `random.lognormal(key, sigma, shape)`; `shape`
 * defaults to sigma's shape. Differentiable in `sigma`.
 * @example random.lognormal(random.key(0), 0.5, [3])
 */
export const lognormal: typeof lognormalImpl = checked(jitArrays(lognormalImpl), "random.lognormal(key, sigma?, shape?, opts?{dtype})");

function rayleighImpl(key: NDArray, scale: Param = 1, shape?: ShapeArg, opts: FloatOpts = {}): NDArray {
  checkKey("rayleigh", key);
  const p = params("rayleigh", [["scale", scale ?? 1, "positive"]], opts.dtype);
  const s = sampleShape("rayleigh", "scale", p.shape, shape);
  const u = uniform(key, s, { dtype: p.dtype });
  return L.mul(to(p.arrays, s)[0], L.sqrt(L.mul(L.log(u), -2))); // scale·√(−2 log u)
}
/**
 * Rayleigh samples scale·√(−2 log u), as JAX's `random.rayleigh(key, scale, shape)`; `shape` defaults
 * to scale's shape. Differentiable in `scale`.
 * @example random.rayleigh(random.key(0), 2, [3])
 */
export const rayleigh: typeof rayleighImpl = checked(jitArrays(rayleighImpl), "random.rayleigh(key, scale?, shape?, opts?{dtype})");

function paretoImpl(key: NDArray, b: Param, shape?: ShapeArg, opts: FloatOpts = {}): NDArray {
  checkKey("pareto", key);
  const p = params("pareto", [["b", b, "positive"]], opts.dtype);
  const s = sampleShape("pareto", "b", p.shape, shape);
  return L.exp(L.div(exponential(key, s, { dtype: p.dtype }), to(p.arrays, s)[0])); // exp(e/b), e ~ Exp(1)
}
/**
 * Pareto samples with shape parameter `b` and scale 1 (support [1, ∞), P(X > x) = x^(−b)): exp(e/b)
 * for e standard exponential, as JAX's `random.pareto(key, b, shape)`; `shape` defaults to b's shape.
 * @example random.pareto(random.key(0), 3, [3]) // values ≥ 1
 */
export const pareto: typeof paretoImpl = checked(jitArrays(paretoImpl), "random.pareto(key, b, shape?, opts?{dtype})");

function weibullMinImpl(key: NDArray, scale: Param, concentration: Param, shape?: ShapeArg, opts: FloatOpts = {}): NDArray {
  checkKey("weibullMin", key);
  const p = params("weibullMin", [["scale", scale, "positive"], ["concentration", concentration, "positive"]], opts.dtype);
  const s = sampleShape("weibullMin", "scale, concentration", p.shape, shape);
  const u = uniform(key, s, { dtype: p.dtype });
  const [sc, k] = to(p.arrays, s);
  return L.mul(L.pow(L.neg(L.log1p(L.neg(u))), L.div(L.fullLike(k, 1), k)), sc); // (−log(1 − u))^(1/k)·scale
}
/**
 * Weibull samples (P(X > x) = e^(−(x/scale)^concentration)) by inversion, (−log(1 − u))^(1/c)·scale,
 * as JAX's `random.weibull_min(key, scale, concentration, shape)`; `shape` defaults to the parameters'
 * broadcast shape. Differentiable in both parameters.
 * @example random.weibullMin(random.key(0), 1, 1.5, [3])
 */
export const weibullMin: typeof weibullMinImpl = checked(jitArrays(weibullMinImpl), "random.weibullMin(key, scale, concentration, shape?, opts?{dtype})");

function geometricImpl(key: NDArray, p: Param, shape?: ShapeArg, opts: { dtype?: "int32" | "float32" | "float64" } = {}): NDArray {
  checkKey("geometric", key);
  const dtype = opts.dtype ?? "int32";
  if (dtype !== "int32" && !isFloat(dtype)) throw new TypeError(`random.geometric: dtype must be int32, float32 or float64, got ${show(dtype)}`);
  const pp = params("geometric", [["p", p, "unit"]], undefined);
  const s = sampleShape("geometric", "p", pp.shape, shape);
  const u = uniform(key, s, { dtype: pp.dtype });
  // the number of Bernoulli(p) trials up to the first success: ⌊log(1 − u) / log(1 − p)⌋ + 1
  const g = L.add(L.floor(L.div(L.log1p(L.neg(u)), L.log1p(L.neg(to(pp.arrays, s)[0])))), 1);
  return L.convert(g, dtype);
}
/**
 * Geometric samples (trials up to and including the first success, support 1, 2, …) with success
 * probability `p` in (0, 1], int32 by default: ⌊log(1 − u)/log(1 − p)⌋ + 1, as JAX's
 * `random.geometric(key, p, shape)`; `shape` defaults to p's shape.
 * @example random.geometric(random.key(0), 0.25, [5]) // mean 4
 */
export const geometric: typeof geometricImpl = checked(jitArrays(geometricImpl), "random.geometric(key, p, shape?, opts?{dtype})");

function triangularImpl(key: NDArray, left: Param, mode: Param, right: Param, shape?: ShapeArg, opts: FloatOpts = {}): NDArray {
  checkKey("triangular", key);
  if (typeof left === "number" && typeof mode === "number" && typeof right === "number" && !(left <= mode && mode <= right && left < right)) {
    throw new RangeError(`random.triangular: expected left ≤ mode ≤ right and left < right, got left=${left}, mode=${mode}, right=${right}`);
  }
  const p = params("triangular", [["left", left, "any"], ["mode", mode, "any"], ["right", right, "any"]], opts.dtype);
  const s = sampleShape("triangular", "left, mode, right", p.shape, shape);
  const [a, c, b] = to(p.arrays, s);
  const u = uniform(key, s, { dtype: p.dtype });
  const width = L.sub(b, a);
  const fc = L.div(L.sub(c, a), width); // the CDF at the mode
  // inversion: a + √(u·(b − a)(c − a)) below the mode, b − √((1 − u)(b − a)(b − c)) above
  const below = L.add(a, L.sqrt(L.mul(u, L.mul(width, L.sub(c, a)))));
  const above = L.sub(b, L.sqrt(L.mul(L.sub(L.fullLike(u, 1), u), L.mul(width, L.sub(b, c)))));
  return np.where(np.less(u, fc), below, above);
}
/**
 * Triangular samples on [left, right] with peak at `mode`, by inversion of the CDF, as JAX's
 * `random.triangular(key, left, mode, right, shape)`; `shape` defaults to the parameters' broadcast
 * shape. Differentiable in the three parameters.
 * @example random.triangular(random.key(0), 0, 1, 3, [4]) // values in [0, 3]
 */
export const triangular: typeof triangularImpl = checked(jitArrays(triangularImpl), "random.triangular(key, left, mode, right, shape?, opts?{dtype})");

function maxwellImpl(key: NDArray, shape: ShapeArg = [], opts: FloatOpts = {}): NDArray {
  checkKey("maxwell", key);
  const dtype = floatDtype("maxwell", opts.dtype);
  const s = toShape("maxwell", shape);
  const z = normal(key, [...s, 3], { dtype });
  return L.sqrt(np.sum(L.mul(z, z), { axis: -1 })); // |z| for z ~ N(0, I₃)
}
/**
 * Maxwell (chi with 3 degrees of freedom) samples of `shape`: the length of a 3-d standard normal
 * vector, as JAX's `random.maxwell`.
 * @example random.maxwell(random.key(0), [3]) // mean 2√(2/π) ≈ 1.596
 */
export const maxwell: typeof maxwellImpl = checked(jitArrays(maxwellImpl), "random.maxwell(key, shape?, opts?{dtype})");

function rademacherImpl(key: NDArray, shape: ShapeArg = [], opts: { dtype?: "int32" | "float32" | "float64" } = {}): NDArray {
  checkKey("rademacher", key);
  const dtype = opts.dtype ?? "int32";
  if (dtype !== "int32" && !isFloat(dtype)) throw new TypeError(`random.rademacher: dtype must be int32, float32 or float64, got ${show(dtype)}`);
  const b = L.convert(bernoulli(key, 0.5, toShape("rademacher", shape)), dtype);
  return L.sub(L.mul(b, 2), 1); // 2·b − 1 ∈ {−1, 1}
}
/**
 * Random signs −1 or 1 with equal probability (int32 by default), 2·bernoulli(½) − 1, as JAX's `random.rademacher`.
 * @example random.rademacher(random.key(0), [4]) // e.g. [1, -1, -1, 1]
 */
export const rademacher: typeof rademacherImpl = checked(jitArrays(rademacherImpl), "random.rademacher(key, shape?, opts?{dtype})");

function doubleSidedMaxwellImpl(key: NDArray, loc: Param, scale: Param, shape: ShapeArg = [], opts: FloatOpts = {}): NDArray {
  checkKey("doubleSidedMaxwell", key);
  const p = params("doubleSidedMaxwell", [["loc", loc, "any"], ["scale", scale, "positive"]], opts.dtype);
  const s = [...toShape("doubleSidedMaxwell", shape), ...p.shape];
  const keys = split(key);
  const m = maxwell(keyAt(keys, 0), s, { dtype: p.dtype });
  const sign = rademacher(keyAt(keys, 1), s, { dtype: p.dtype });
  const [lc, sc] = to(p.arrays, s);
  return L.add(L.mul(L.mul(sign, m), sc), lc); // ±maxwell·scale + loc
}
/**
 * Double-sided Maxwell samples ±m·scale + loc (m Maxwell, the sign uniform), as JAX's
 * `random.double_sided_maxwell(key, loc, scale, shape)`: the result has shape [...shape, ...the
 * parameters' broadcast shape] (JAX's convention for this function). Differentiable in loc and scale.
 * @example random.doubleSidedMaxwell(random.key(0), 0, 1, [4]) // float32[4], values away from 0
 */
export const doubleSidedMaxwell: typeof doubleSidedMaxwellImpl = checked(jitArrays(doubleSidedMaxwellImpl), "random.doubleSidedMaxwell(key, loc, scale, shape?, opts?{dtype})");

function tImpl(key: NDArray, df: Param, shape?: ShapeArg, opts: FloatOpts = {}): NDArray {
  checkKey("t", key);
  const p = params("t", [["df", df, "positive"]], opts.dtype);
  const s = sampleShape("t", "df", p.shape, shape);
  const keys = split(key);
  const z = normal(keyAt(keys, 0), s, { dtype: p.dtype });
  const half = L.mul(to(p.arrays, s)[0], 0.5);
  const g = gamma(keyAt(keys, 1), half, s);
  return L.mul(z, L.sqrt(L.div(half, g))); // z·√((df/2)/g), g ~ Gamma(df/2): z / √(χ²/df)
}
/**
 * Student's t samples with `df` degrees of freedom: z/√(χ²_df/df) (z normal, χ² through a gamma draw),
 * as JAX's `random.t(key, df, shape)`; `shape` defaults to df's shape. Differentiable in `df`.
 * @example random.t(random.key(0), 5, [3])
 */
export const t: typeof tImpl = checked(jitArrays(tImpl), "random.t(key, df, shape?, opts?{dtype})");

function loggammaImpl(key: NDArray, a: Param, shape?: ShapeArg, opts: FloatOpts = {}): NDArray {
  checkKey("loggamma", key);
  const p = params("loggamma", [["a", a, "positive"]], opts.dtype);
  return logGamma(key, p.arrays[0], sampleShape("loggamma", "a", p.shape, shape));
}
/**
 * The logarithm of Gamma(a, 1) samples, computed in log space so that small `a` (where the samples
 * underflow to 0) still gives finite values, as JAX's `random.loggamma(key, a, shape)`; `shape`
 * defaults to a's shape. JAX's values for the same key (its per-element rejection loops, the α < 1 boost
 * added in log space). Differentiable in `a`.
 * @example random.loggamma(random.key(0), 0.01, [3]) // finite, around −100
 */
export const loggamma: typeof loggammaImpl = checked(jitArrays(loggammaImpl), "random.loggamma(key, a, shape?, opts?{dtype})");

function chisquareImpl(key: NDArray, df: Param, shape?: ShapeArg, opts: FloatOpts = {}): NDArray {
  checkKey("chisquare", key);
  const p = params("chisquare", [["df", df, "positive"]], opts.dtype);
  const s = sampleShape("chisquare", "df", p.shape, shape);
  return L.mul(L.exp(logGamma(key, L.mul(p.arrays[0], 0.5), s)), 2); // χ²_df = 2·Gamma(df/2)
}
/**
 * Chi-square samples with `df` degrees of freedom, 2·Gamma(df/2), as JAX's `random.chisquare(key, df, shape)`;
 * `shape` defaults to df's shape. Differentiable in `df`.
 * @example random.chisquare(random.key(0), 4, [3]) // mean 4
 */
export const chisquare: typeof chisquareImpl = checked(jitArrays(chisquareImpl), "random.chisquare(key, df, shape?, opts?{dtype})");

function fImpl(key: NDArray, dfnum: Param, dfden: Param, shape?: ShapeArg, opts: FloatOpts = {}): NDArray {
  checkKey("f", key);
  const p = params("f", [["dfnum", dfnum, "positive"], ["dfden", dfden, "positive"]], opts.dtype);
  const s = sampleShape("f", "dfnum, dfden", p.shape, shape);
  const keys = split(key); // JAX's order: the denominator's key first
  const [dn, dd] = to(p.arrays, s);
  const num = L.div(chisquare(keyAt(keys, 1), dn, s), dn);
  const den = L.div(chisquare(keyAt(keys, 0), dd, s), dd);
  return L.div(num, den); // (χ²_n/n) / (χ²_d/d)
}
/**
 * F-distribution samples (χ²_dfnum/dfnum)/(χ²_dfden/dfden), as JAX's `random.f(key, dfnum, dfden, shape)`;
 * `shape` defaults to the parameters' broadcast shape. Differentiable in both.
 * @example random.f(random.key(0), 5, 10, [3])
 */
export const f: typeof fImpl = checked(jitArrays(fImpl), "random.f(key, dfnum, dfden, shape?, opts?{dtype})");

function waldImpl(key: NDArray, mean: Param, shape?: ShapeArg, opts: FloatOpts = {}): NDArray {
  checkKey("wald", key);
  const p = params("wald", [["mean", mean, "positive"]], opts.dtype);
  const s = sampleShape("wald", "mean", p.shape, shape);
  const [mu] = to(p.arrays, s);
  const keys = split(key);
  const v = normal(keyAt(keys, 0), s, { dtype: p.dtype });
  const z = uniform(keyAt(keys, 1), s, { dtype: p.dtype });
  // Michael, Schucany & Haas: x = μ + μ²y/2 − (μ/2)·√(4μy + μ²y²) with y = v², then x or μ²/x
  const y = L.mul(v, v);
  const mu2 = L.mul(mu, mu);
  const x = L.sub(L.add(mu, L.mul(L.mul(mu2, y), 0.5)), L.mul(L.mul(mu, 0.5), L.sqrt(L.add(L.mul(L.mul(mu, y), 4), L.mul(mu2, L.mul(y, y))))));
  return L.select(L.le(z, L.div(mu, L.add(mu, x))), x, L.div(mu2, x));
}
/**
 * Wald (inverse Gaussian) samples with mean `mean` and shape parameter 1, by Michael, Schucany and
 * Haas' transformation of a normal draw, as JAX's `random.wald(key, mean, shape)`; `shape` defaults to
 * mean's shape. Differentiable in `mean`.
 * @example random.wald(random.key(0), 2, [3]) // positive, mean 2
 */
export const wald: typeof waldImpl = checked(jitArrays(waldImpl), "random.wald(key, mean, shape?, opts?{dtype})");
