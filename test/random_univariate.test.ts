/** @file random: the univariate distributions of issue 10 — Kolmogorov–Smirnov against closed-form CDFs, CDF values from scipy, moments, support, shapes, jit/vmap, gradients and errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, random, np, jit, vmap, grad } from "../src/index.js";
import { checkGrads } from "../src/numeric/index.js";
import { erfRef } from "./reference.js";
import { mean, variance, ks } from "./util.js";

const flat = (x: NDArray) => Array.from(x.data() as ArrayLike<number>, Number);
const N = 50000;
/** KS distance below the 0.1% critical value 1.95/√n. */
function assertKs(name: string, xs: number[], cdf: (x: number) => number): void {
  const d = ks(xs, cdf);
  assert.ok(d < 1.95 / Math.sqrt(xs.length), `${name}: KS distance ${d}`);
}
/** The empirical CDF at each point agrees with the given values to 4.5 standard errors. */
function assertCdfAt(name: string, xs: number[], points: number[], want: number[]): void {
  points.forEach((x, i) => {
    const f = xs.filter((v) => v <= x).length / xs.length;
    assert.ok(Math.abs(f - want[i]) < 4.5 * Math.sqrt((want[i] * (1 - want[i])) / xs.length), `${name}: F(${x}) = ${f}, want ${want[i]}`);
  });
}
const Phi = (x: number) => 0.5 * (1 + erfRef(x / Math.SQRT2));

test("cauchy, laplace, logistic: KS against their CDFs, float32 and float64", () => {
  for (const dtype of ["float32", "float64"] as const) {
    const c = random.cauchy(random.key(1), [N], { dtype });
    assert.equal(c.dtype, dtype);
    assertKs(`cauchy ${dtype}`, flat(c), (x) => 0.5 + Math.atan(x) / Math.PI);
    assertKs(`laplace ${dtype}`, flat(random.laplace(random.key(2), [N], { dtype })), (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x)));
    assertKs(`logistic ${dtype}`, flat(random.logistic(random.key(3), [N], { dtype })), (x) => 1 / (1 + Math.exp(-x)));
  }
  const l = flat(random.laplace(random.key(4), [N]));
  assert.ok(Math.abs(variance(l) - 2) < 0.08, `laplace variance ${variance(l)}`);
  assert.ok(flat(random.logistic(random.key(5), [N])).every(Number.isFinite));
});

test("lognormal, rayleigh, pareto, weibullMin: KS with parameters; shapes default to the parameters'", () => {
  assertKs("lognormal", flat(random.lognormal(random.key(6), 0.5, [N])), (x) => (x <= 0 ? 0 : Phi(Math.log(x) / 0.5)));
  assertKs("lognormal σ=1", flat(random.lognormal(random.key(6), undefined, [N])), (x) => (x <= 0 ? 0 : Phi(Math.log(x))));
  assertKs("rayleigh", flat(random.rayleigh(random.key(7), 2, [N])), (x) => (x <= 0 ? 0 : 1 - Math.exp(-(x * x) / 8)));
  const p = flat(random.pareto(random.key(8), 3, [N]));
  assert.ok(p.every((v) => v >= 1));
  assertKs("pareto", p, (x) => (x < 1 ? 0 : 1 - x ** -3));
  assertKs("weibullMin", flat(random.weibullMin(random.key(9), 2, 1.5, [N])), (x) => (x <= 0 ? 0 : 1 - Math.exp(-((x / 2) ** 1.5))));
  // array parameters: shape defaults to theirs, and they broadcast against a given shape
  const sig = np.array([0.1, 1, 2]);
  assert.deepEqual(random.lognormal(random.key(0), sig).shape, [3]);
  assert.deepEqual(random.rayleigh(random.key(0), sig, [4, 3]).shape, [4, 3]);
  assert.deepEqual(random.weibullMin(random.key(0), np.array([[1], [2]]), sig).shape, [2, 3]);
  const cols = random.pareto(random.key(10), np.array([2, 4]), [N, 2]);
  const c0 = flat(cols.get(np.s(), 0)), c1 = flat(cols.get(np.s(), 1));
  assertKs("pareto column b=2", c0, (x) => (x < 1 ? 0 : 1 - x ** -2));
  assertKs("pareto column b=4", c1, (x) => (x < 1 ? 0 : 1 - x ** -4));
  assert.equal(random.lognormal(random.key(0), np.array([1, 2], { dtype: "float64" })).dtype, "float64");
});

test("geometric and rademacher: frequencies (int32 by default), mean and variance", () => {
  const g = random.geometric(random.key(11), 0.25, [N]);
  assert.equal(g.dtype, "int32");
  const xs = flat(g);
  assert.ok(xs.every((v) => Number.isInteger(v) && v >= 1));
  for (let k = 1; k <= 5; k++) {
    const want = 0.75 ** (k - 1) * 0.25, f = xs.filter((v) => v === k).length / N;
    assert.ok(Math.abs(f - want) < 4.5 * Math.sqrt((want * (1 - want)) / N), `P(X = ${k}) = ${f}, want ${want}`);
  }
  assert.ok(Math.abs(mean(xs) - 4) < 0.1 && Math.abs(variance(xs) - 12) < 0.8, `${mean(xs)}, ${variance(xs)}`);
  assert.deepEqual(flat(random.geometric(random.key(0), 1, [5])), [1, 1, 1, 1, 1]);
  assert.equal(random.geometric(random.key(0), np.array([0.5, 0.1]), undefined, { dtype: "float32" }).dtype, "float32");
  const r = random.rademacher(random.key(12), [N]);
  assert.equal(r.dtype, "int32");
  const rs = flat(r);
  assert.ok(rs.every((v) => v === 1 || v === -1));
  assert.ok(Math.abs(mean(rs)) < 4.5 / Math.sqrt(N));
  assert.deepEqual(flat(random.rademacher(random.key(12), [6], { dtype: "float32" })), rs.slice(0, 6));
});

test("triangular, maxwell, doubleSidedMaxwell: KS against their CDFs, support, JAX's output shape", () => {
  const [a, c, b] = [1, 2, 5];
  const tri = flat(random.triangular(random.key(13), a, c, b, [N]));
  assert.ok(tri.every((v) => v >= a && v <= b));
  assertKs("triangular", tri, (x) => (x <= a ? 0 : x >= b ? 1 : x <= c ? (x - a) ** 2 / ((b - a) * (c - a)) : 1 - (b - x) ** 2 / ((b - a) * (b - c))));
  // the mode at an end: left = mode
  assertKs("triangular (mode = left)", flat(random.triangular(random.key(14), 0, 0, 1, [N])), (x) => (x <= 0 ? 0 : x >= 1 ? 1 : 1 - (1 - x) ** 2));
  const maxwellCdf = (x: number) => (x <= 0 ? 0 : erfRef(x / Math.SQRT2) - Math.sqrt(2 / Math.PI) * x * Math.exp(-(x * x) / 2));
  assertKs("maxwell", flat(random.maxwell(random.key(15), [N])), maxwellCdf);
  const d = random.doubleSidedMaxwell(random.key(16), 3, 2, [N]);
  assert.deepEqual(d.shape, [N]);
  const ds = flat(d);
  assertKs("|doubleSidedMaxwell − loc|/scale", ds.map((v) => Math.abs(v - 3) / 2), maxwellCdf);
  assert.ok(Math.abs(ds.filter((v) => v > 3).length / N - 0.5) < 4.5 * 0.5 / Math.sqrt(N));
  // JAX's convention: shape followed by the parameters' broadcast shape
  assert.deepEqual(random.doubleSidedMaxwell(random.key(0), np.array([0, 1]), 1, [4]).shape, [4, 2]);
  assert.deepEqual(random.doubleSidedMaxwell(random.key(0), np.array([0, 1]), 1).shape, [2]);
});

test("t, chisquare, f, loggamma: CDF values from scipy, closed forms, moments", () => {
  // scipy.stats.t(5).cdf, f(5, 10).cdf, chi2(3).cdf at these points
  const t5 = flat(random.t(random.key(17), 5, [N]));
  assertCdfAt("t(5)", t5, [-2, -1, -0.5, 0, 0.5, 1, 2, 3], [0.05096973941492914, 0.18160873382456127, 0.3191494358204645, 0.5, 0.6808505641795355, 0.8183912661754387, 0.9490302605850709, 0.9849503760512688]);
  assertCdfAt("t(2.5)", flat(random.t(random.key(18), 2.5, [N])), [-2, -1, 0, 1, 2, 4], [0.078695747878983, 0.20203051363913677, 0.5, 0.7979694863608633, 0.9213042521210171, 0.9804935120793409]);
  assertCdfAt("f(5, 10)", flat(random.f(random.key(19), 5, 10, [N])), [0.25, 0.5, 1, 1.5, 2, 3, 5], [0.06963519939184218, 0.22997511934989842, 0.5348805734622, 0.72671348452423, 0.8358050491002613, 0.9344424379061559, 0.985131199591887]);
  assertCdfAt("chisquare(3)", flat(random.chisquare(random.key(20), 3, [N])), [0.5, 1, 2, 3, 5, 8], [0.08110858834532418, 0.19874804309879915, 0.42759329552912023, 0.6083748237289109, 0.8282028557032665, 0.9539882943107686]);
  // χ²₄: P(X ≤ x) = 1 − e^(−x/2)(1 + x/2); χ²₂ is exponential with mean 2
  assertKs("chisquare(4)", flat(random.chisquare(random.key(21), 4, [N])), (x) => (x <= 0 ? 0 : 1 - Math.exp(-x / 2) * (1 + x / 2)));
  assertKs("chisquare(2)", flat(random.chisquare(random.key(22), 2, [N])), (x) => (x <= 0 ? 0 : 1 - Math.exp(-x / 2)));
  // exp(loggamma(2)) ~ Gamma(2); loggamma(0.1) has mean ψ(0.1) and variance ψ′(0.1) (scipy.special) and stays finite
  assertKs("exp(loggamma(2))", flat(random.loggamma(random.key(23), 2, [N])).map(Math.exp), (x) => (x <= 0 ? 0 : 1 - Math.exp(-x) * (1 + x)));
  const lg = flat(random.loggamma(random.key(24), 0.1, [N], { dtype: "float64" }));
  assert.ok(lg.every(Number.isFinite));
  assert.ok(Math.abs(mean(lg) - -10.423754940411076) < 4.5 * Math.sqrt(101.43329915079275 / N), `mean ${mean(lg)}`);
  assert.ok(Math.abs(variance(lg) / 101.43329915079275 - 1) < 0.1, `variance ${variance(lg)}`);
  assert.deepEqual(random.chisquare(random.key(0), np.array([1, 2, 3])).shape, [3]);
  assert.deepEqual(random.f(random.key(0), np.array([1, 2, 3]), 4, [2, 3]).shape, [2, 3]);
});

test("jit and vmap give the eager draws; keys matter", () => {
  const draws: [string, (k: NDArray) => NDArray][] = [
    ["cauchy", (k) => random.cauchy(k, [3])],
    ["laplace", (k) => random.laplace(k, [3])],
    ["logistic", (k) => random.logistic(k, [3])],
    ["lognormal", (k) => random.lognormal(k, 0.5, [3])],
    ["rayleigh", (k) => random.rayleigh(k, np.array([1, 2, 3]))],
    ["pareto", (k) => random.pareto(k, 2, [3])],
    ["weibullMin", (k) => random.weibullMin(k, 1, 2, [3])],
    ["geometric", (k) => random.geometric(k, 0.3, [3])],
    ["triangular", (k) => random.triangular(k, 0, 0.5, 1, [3])],
    ["maxwell", (k) => random.maxwell(k, [3])],
    ["doubleSidedMaxwell", (k) => random.doubleSidedMaxwell(k, 0, 1, [3])],
    ["rademacher", (k) => random.rademacher(k, [8])],
    ["t", (k) => random.t(k, 4, [3])],
    ["loggamma", (k) => random.loggamma(k, 0.5, [3])],
    ["chisquare", (k) => random.chisquare(k, 3, [3])],
    ["f", (k) => random.f(k, 3, 7, [3])],
  ];
  const keys = random.split(random.key(99), 3);
  for (const [name, f] of draws) {
    const eager = [0, 1, 2].map((i) => f(keys.get(i)).toArray());
    assert.notDeepEqual(eager[0], eager[1], `${name}: keys differ`);
    assert.deepEqual(jit(f)(keys.get(2)).toArray(), eager[2], `${name}: jit`);
    assert.deepEqual((vmap(f)(keys) as NDArray).toArray(), eager, `${name}: vmap`);
  }
});

test("gradients flow to location, scale and shape parameters (reparameterisation)", () => {
  const k = random.key(25);
  // d/dσ mean(exp(σz)) = mean(z·exp(σz)); weibull, triangular, doubleSidedMaxwell are smooth in their parameters
  const z = random.normal(k, [64], { dtype: "float64" });
  const g = grad((s: NDArray) => np.mean(random.lognormal(k, s, [64], { dtype: "float64" })))(np.array(0.7, { dtype: "float64" }));
  assert.ok(Math.abs(flat(g)[0] - mean(flat(np.multiply(z, np.exp(np.multiply(0.7, z)))))) < 1e-12);
  const opts = { dtype: "float64" } as const;
  checkGrads((s: NDArray) => random.rayleigh(k, s, [5], opts), [np.array([1.5], opts)], { order: 1 });
  checkGrads((sc: NDArray, c: NDArray) => random.weibullMin(k, sc, c, [5], opts), [np.array(2, opts), np.array(1.5, opts)], { order: 1 });
  checkGrads((a: NDArray, c: NDArray, b: NDArray) => random.triangular(k, a, c, b, [6], opts), [np.array(0, opts), np.array(1, opts), np.array(3, opts)], { order: 1 });
  checkGrads((loc: NDArray, sc: NDArray) => random.doubleSidedMaxwell(k, loc, sc, [4], opts), [np.array(1, opts), np.array(2, opts)], { order: 1 });
  checkGrads((b: NDArray) => random.pareto(k, b, [4], opts), [np.array(2.5, opts)], { order: 1 });
  // through the gamma draw: d E[χ²_df]/d df = 1 (the mean is df), estimated over many samples
  const dm = grad((df: NDArray) => np.mean(random.chisquare(random.key(26), df, [20000], opts)))(np.array(3, opts));
  assert.ok(Math.abs(flat(dm)[0] - 1) < 0.05, `d mean/d df = ${flat(dm)[0]}`);
});

test("poisson: Knuth below λ = 10 and transformed rejection above (pmf and CDF values from scipy), zeros, arrays of rates", () => {
  const small = random.poisson(random.key(30), 3.5, [N]);
  assert.equal(small.dtype, "int32");
  const xs = flat(small);
  // scipy.stats.poisson(3.5).pmf(0 … 7)
  const pmf = [0.0301973834223185, 0.10569084197811475, 0.18495897346170082, 0.215785469038651, 0.1888122854088196, 0.13216859978617376, 0.07709834987526801, 0.038549174937634004];
  pmf.forEach((want, k) => {
    const f = xs.filter((v) => v === k).length / N;
    assert.ok(Math.abs(f - want) < 4.5 * Math.sqrt((want * (1 - want)) / N), `P(X = ${k}) = ${f}, want ${want}`);
  });
  // scipy.stats.poisson(50).cdf and poisson(12).cdf at these points
  assertCdfAt("poisson(50)", flat(random.poisson(random.key(31), 50, [N])), [40, 45, 50, 55, 60], [0.08607000011796094, 0.2668664740596442, 0.5375166908531476, 0.7844704006939497, 0.927839820186743]);
  assertCdfAt("poisson(12)", flat(random.poisson(random.key(32), 12, [N])), [8, 10, 12, 14, 16], [0.15502778176746304, 0.3472294175541719, 0.5759652485730645, 0.7720245323035448, 0.8987089925601621]);
  const big = flat(random.poisson(random.key(33), 1e6, [2000]));
  assert.ok(Math.abs(mean(big) - 1e6) < 4.5 * Math.sqrt(1e6 / 2000) && Math.abs(variance(big) / 1e6 - 1) < 0.15, `${mean(big)}, ${variance(big)}`);
  // one draw per rate (shape defaults to lam's); λ = 0 gives 0; uint32 output
  const mixed = random.poisson(random.key(34), np.array([0, 2, 30, 0]), [3000, 4], { dtype: "uint32" });
  assert.equal(mixed.dtype, "uint32");
  const col = (j: number) => flat(mixed.get(np.s(), j));
  assert.ok(col(0).every((v) => v === 0) && col(3).every((v) => v === 0));
  assert.ok(Math.abs(mean(col(1)) - 2) < 0.12 && Math.abs(mean(col(2)) - 30) < 0.5, `${mean(col(1))}, ${mean(col(2))}`);
  assert.deepEqual(random.poisson(random.key(0), np.array([1, 2, 3])).shape, [3]);
  // jit and vmap over keys
  const f = (k: NDArray) => random.poisson(k, np.array([4, 40]), [3, 2]);
  const keys = random.split(random.key(35), 2);
  const eager = [0, 1].map((i) => f(keys.get(i)).toArray());
  assert.deepEqual((vmap(f)(keys) as NDArray).toArray(), eager);
  assert.deepEqual(jit(f)(keys.get(1)).toArray(), eager[1]);
  assert.throws(() => random.poisson(random.key(0), -1), /^RangeError: random\.poisson: lam must be a non-negative number below 2\^31, got -1$/);
  assert.throws(() => random.poisson(random.key(0), 1, [2], { dtype: "float32" as never }), /random\.poisson: dtype must be int32 or uint32, got "?float32"?/);
});

test("binomial: inversion (n·q ≤ 10) and BTRS (above) against scipy's pmf/CDF, reflection for p > ½, edge values", () => {
  const small = random.binomial(random.key(40), 10, 0.3, [N]);
  assert.equal(small.dtype, "float32");
  const xs = flat(small);
  assert.ok(xs.every((v) => Number.isInteger(v) && v >= 0 && v <= 10));
  // scipy.stats.binom(10, 0.3).pmf(0 … 6)
  [0.028247524899999984, 0.12106082099999989, 0.2334744405000001, 0.26682793199999977, 0.2001209489999999, 0.10291934519999989, 0.036756908999999956].forEach((want, k) => {
    const f = xs.filter((v) => v === k).length / N;
    assert.ok(Math.abs(f - want) < 4.5 * Math.sqrt((want * (1 - want)) / N), `P(X = ${k}) = ${f}, want ${want}`);
  });
  // scipy.stats.binom(n, p).cdf at these points: BTRS (100, 0.4), reflected BTRS (1000, 0.9), inversion (30, 0.2)
  assertCdfAt("binomial(100, 0.4)", flat(random.binomial(random.key(41), 100, 0.4, [N])), [32, 36, 40, 44, 48], [0.06150390959247444, 0.23861071440275802, 0.5432944858820701, 0.8210983672768939, 0.9576985798108623]);
  assertCdfAt("binomial(1000, 0.9)", flat(random.binomial(random.key(42), 1000, 0.9, [N])), [885, 895, 900, 905, 915], [0.06537196269743897, 0.31377421017656953, 0.5154177095659189, 0.7157798418712737, 0.9514974931008537]);
  assertCdfAt("binomial(30, 0.2)", flat(random.binomial(random.key(43), 30, 0.2, [N])), [3, 5, 6, 8], [0.12271080639416353, 0.427512437590322, 0.6069699197257399, 0.8713492460859559]);
  // p = 0 or 1, n = 0, n = ∞, a negative n, a fractional n (rounds down), float64
  assert.deepEqual(flat(random.binomial(random.key(44), np.array([0, 3, Infinity, -1, 7.5, 4]), np.array([0.5, 0, 0.5, 0.5, 1, 1]))), [0, 0, Infinity, NaN, 7, 4]);
  assert.equal(random.binomial(random.key(0), 5, np.array([0.5], { dtype: "float64" })).dtype, "float64");
  assert.deepEqual(random.binomial(random.key(0), np.array([[5], [50]]), np.array([0.1, 0.5, 0.9])).shape, [2, 3]);
  const f = (k: NDArray) => random.binomial(k, np.array([5, 500]), 0.3, [3, 2]);
  const keys = random.split(random.key(45), 2);
  assert.deepEqual((vmap(f)(keys) as NDArray).toArray(), [0, 1].map((i) => f(keys.get(i)).toArray()));
  assert.deepEqual(jit(f)(keys.get(0)).toArray(), f(keys.get(0)).toArray());
  assert.throws(() => random.binomial(random.key(0), 5, 1.5), /^RangeError: random\.binomial: p must be in \[0, 1\], got 1\.5$/);
  assert.throws(() => random.binomial(random.key(0), -2, 0.5), /^RangeError: random\.binomial: n must be a non-negative number, got -2$/);
});

test("generalizedNormal, ball, orthogonal: distributions (KS), norms, orthogonality, shapes, jit and vmap", () => {
  // p = 2: N(0, ½); p = 1: standard Laplace
  assertKs("generalizedNormal p=2", flat(random.generalizedNormal(random.key(50), 2, [N])), (x) => Phi(x * Math.SQRT2));
  assertKs("generalizedNormal p=1", flat(random.generalizedNormal(random.key(51), 1, [N])), (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x)));
  // uniform in the unit p-ball of dimension d: the p-norm radius r has P(r ≤ t) = t^d
  const radius = (pts: NDArray, p: number) => {
    const v = flat(pts), d = pts.shape[pts.ndim - 1], out: number[] = [];
    for (let i = 0; i < v.length; i += d) out.push(v.slice(i, i + d).reduce((acc, x) => acc + Math.abs(x) ** p, 0) ** (1 / p));
    return out;
  };
  const b3 = random.ball(random.key(52), 3, 2, [20000]);
  assert.deepEqual(b3.shape, [20000, 3]);
  assertKs("ball d=3 radius", radius(b3, 2), (t) => Math.min(1, Math.max(0, t)) ** 3);
  assertKs("ball d=2, p=1 radius", radius(random.ball(random.key(53), 2, 1, [20000]), 1), (t) => Math.min(1, Math.max(0, t)) ** 2);
  // the direction is uniform too: each coordinate of a point in the 3-ball has mean 0 and variance 1/5
  const x0 = flat(b3).filter((_, i) => i % 3 === 0);
  assert.ok(Math.abs(mean(x0)) < 0.02 && Math.abs(variance(x0) - 0.2) < 0.01, `${mean(x0)}, ${variance(x0)}`);
  assert.deepEqual(random.ball(random.key(0), 4).shape, [4]);
  // orthogonal: QQᵀ = I; Haar: the first column is uniform on the sphere, so for n = 3 Q[0, 0] is uniform on [−1, 1]
  const qs = random.orthogonal(random.key(54), 3, [4000], { dtype: "float64" });
  assert.deepEqual(qs.shape, [4000, 3, 3]);
  const eye = np.matmul(qs, np.swapaxes(qs, -1, -2));
  assert.ok(flat(np.max(np.abs(np.subtract(eye, np.eye(3, undefined, { dtype: "float64" }))))) [0] < 1e-12);
  assertKs("orthogonal Q[0,0]", flat(qs).filter((_, i) => i % 9 === 0), (x) => Math.min(1, Math.max(0, (x + 1) / 2)));
  // determinants ±1 in equal proportion (both components of O(3))
  const dets = flat(np.linalg.det(qs));
  assert.ok(dets.every((v) => Math.abs(Math.abs(v) - 1) < 1e-12));
  assert.ok(Math.abs(dets.filter((v) => v > 0).length / 4000 - 0.5) < 0.04);
  // rectangular: orthonormal columns (n > m) or rows (n < m)
  const tall = random.orthogonal(random.key(55), 5, [], { m: 2, dtype: "float64" }), wide = random.orthogonal(random.key(55), 2, [], { m: 5, dtype: "float64" });
  assert.deepEqual([tall.shape, wide.shape], [[5, 2], [2, 5]]);
  const i2 = np.eye(2, undefined, { dtype: "float64" });
  assert.ok(flat(np.max(np.abs(np.subtract(np.matmul(np.transpose(tall), tall), i2))))[0] < 1e-12);
  assert.ok(flat(np.max(np.abs(np.subtract(np.matmul(wide, np.transpose(wide)), i2))))[0] < 1e-12);
  for (const f of [(k: NDArray) => random.ball(k, 3, 1.5, [2]), (k: NDArray) => random.orthogonal(k, 3), (k: NDArray) => random.generalizedNormal(k, 3, [4])]) {
    const keys = random.split(random.key(56), 2);
    const eager = [0, 1].map((i) => f(keys.get(i)).toArray());
    assert.deepEqual((vmap(f)(keys) as NDArray).toArray(), eager);
    assert.deepEqual(jit(f)(keys.get(1)).toArray(), eager[1]);
  }
  assert.throws(() => random.ball(random.key(0), 0), /^RangeError: random\.ball: d must be a positive integer, got 0$/);
  assert.throws(() => random.ball(random.key(0), 2, -1), /^RangeError: random\.ball: p must be a positive finite number, got -1$/);
  assert.throws(() => random.orthogonal(random.key(0), 2.5), /^RangeError: random\.orthogonal: n must be a positive integer, got 2\.5$/);
});

test("wald: KS against the inverse Gaussian CDF; key utilities (PRNGKey, keyData, wrapKeyData, clone)", () => {
  // IG(μ, λ = 1): F(x) = Φ(√(1/x)·(x/μ − 1)) + e^(2/μ)·Φ(−√(1/x)·(x/μ + 1))
  for (const mu of [0.5, 2]) {
    const w = flat(random.wald(random.key(60), mu, [N], { dtype: "float64" }));
    assert.ok(w.every((v) => v > 0));
    assertKs(`wald(${mu})`, w, (x) => (x <= 0 ? 0 : Phi(Math.sqrt(1 / x) * (x / mu - 1)) + Math.exp(2 / mu) * Phi(-Math.sqrt(1 / x) * (x / mu + 1))));
  }
  assert.deepEqual(random.wald(random.key(0), np.array([1, 2])).shape, [2]);
  checkGrads((m: NDArray) => random.wald(random.key(61), m, [4], { dtype: "float64" }), [np.array(1.5, { dtype: "float64" })], { order: 1 });
  // keys are uint32 data already: the JAX names for moving between keys and data are checked identities
  assert.deepEqual(random.PRNGKey(42).toArray(), random.key(42).toArray());
  const ks = random.split(random.key(1), 3);
  assert.equal(random.keyData(ks), ks);
  assert.equal(random.wrapKeyData(ks), ks);
  assert.equal(random.clone(ks.get(0)).shape[0], 2);
  assert.throws(() => random.wrapKeyData(np.array([1, 2, 3], { dtype: "uint32" })), /^TypeError: random\.wrapKeyData: expected keys \(a uint32 array of shape \[\.\.\., 2\]\), got uint32\[3\]$/);
  assert.throws(() => random.keyData(np.array([0, 1])), /random\.keyData: expected keys .*got float32\[2\]/);
});

test("multinomial: counts sum to n, multinomial means and covariances, batches, zero probabilities", () => {
  const m = random.multinomial(random.key(70), 100, np.array([0.2, 0.3, 0.5]), { shape: [4000, 3] });
  assert.deepEqual(m.shape, [4000, 3]);
  assert.equal(m.dtype, "float32");
  const rows = m.toArray() as number[][];
  assert.ok(rows.every((r) => r[0] + r[1] + r[2] === 100 && r.every((v) => Number.isInteger(v) && v >= 0)));
  const col = (j: number) => rows.map((r) => r[j]);
  [0.2, 0.3, 0.5].forEach((pj, j) => {
    // mean n·p, variance n·p(1 − p)
    assert.ok(Math.abs(mean(col(j)) - 100 * pj) < 4.5 * Math.sqrt((100 * pj * (1 - pj)) / 4000), `mean ${j}: ${mean(col(j))}`);
    assert.ok(Math.abs(variance(col(j)) / (100 * pj * (1 - pj)) - 1) < 0.1, `variance ${j}: ${variance(col(j))}`);
  });
  // covariance −n·p₀·p₁
  const m0 = mean(col(0)), m1 = mean(col(1));
  const cov = rows.reduce((acc, r) => acc + (r[0] - m0) * (r[1] - m1), 0) / 3999;
  assert.ok(Math.abs(cov - -6) < 0.8, `cov ${cov}`);
  // a batch of n and p; zero probabilities get no trials
  const b = random.multinomial(random.key(71), np.array([5, 50]), np.array([[0.5, 0.5, 0], [0.1, 0.1, 0.8]])).toArray() as number[][];
  assert.equal(b[0][0] + b[0][1], 5);
  assert.equal(b[0][2], 0);
  assert.equal(b[1][0] + b[1][1] + b[1][2], 50);
  const f = (k: NDArray) => random.multinomial(k, 20, np.array([0.25, 0.25, 0.5]));
  const keys = random.split(random.key(72), 2);
  assert.deepEqual((vmap(f)(keys) as NDArray).toArray(), [0, 1].map((i) => f(keys.get(i)).toArray()));
  assert.throws(() => random.multinomial(random.key(0), 5, np.array([1, 2], { dtype: "int32" })), /^TypeError: random\.multinomial: p must be a float array/);
});

test("permutation with independent: true permutes each slice along the axis on its own", () => {
  const x = np.reshape(np.arange(40, undefined, 1, { dtype: "int32" }), [4, 10]);
  const p = random.permutation(random.key(80), x, { axis: 1, independent: true }).toArray() as number[][];
  p.forEach((r, i) => assert.deepEqual([...r].sort((a, b) => a - b), Array.from({ length: 10 }, (_, j) => 10 * i + j)));
  // the rows are not shuffled alike (the positions of their smallest elements differ)
  assert.ok(new Set(p.map((r) => r.indexOf(Math.min(...r)))).size > 1);
  const q = random.permutation(random.key(81), x, { axis: 0, independent: true }).toArray() as number[][];
  for (let j = 0; j < 10; j++) assert.deepEqual(q.map((r) => r[j]).sort((a, b) => a - b), [j, 10 + j, 20 + j, 30 + j]);
  // uniform: the first element of a shuffled column of 4 lands in each position with probability ¼
  const many = random.permutation(random.key(82), np.broadcastTo(np.arange(4, undefined, 1, { dtype: "int32" }), [4000, 4]), { axis: 1, independent: true }).toArray() as number[][];
  const pos = [0, 0, 0, 0];
  many.forEach((r) => pos[r.indexOf(0)]++);
  pos.forEach((c) => assert.ok(Math.abs(c / 4000 - 0.25) < 0.03, `${pos}`));
  const f = (k: NDArray) => random.permutation(k, x, { axis: 1, independent: true });
  assert.deepEqual(jit(f)(random.key(83)).toArray(), f(random.key(83)).toArray());
  // 1-d: the same as without the option (as JAX)
  assert.deepEqual(random.permutation(random.key(84), np.arange(6), { independent: true }).toArray(), random.permutation(random.key(84), np.arange(6)).toArray());
  assert.throws(() => random.permutation(random.key(0), x, { independent: 1 as never }), /random\.permutation: independent must be a boolean, got 1/);
});

test("truncatedNormal with array bounds: one interval per column (KS), default shape, strict support, gradients", () => {
  const lo = np.array([-1, 0, 1.5]), hi = np.array([0.5, 3, 4]);
  const x = random.truncatedNormal(random.key(90), lo, hi, [20000, 3]);
  assert.deepEqual(x.shape, [20000, 3]);
  const bounds = [[-1, 0.5], [0, 3], [1.5, 4]];
  bounds.forEach(([a, b], j) => {
    const col = flat(x.get(np.s(), j));
    assert.ok(col.every((v) => v > a && v < b), `column ${j} inside (${a}, ${b})`);
    assertKs(`truncatedNormal(${a}, ${b})`, col, (v) => Math.min(1, Math.max(0, (Phi(v) - Phi(a)) / (Phi(b) - Phi(a)))));
  });
  assert.deepEqual(random.truncatedNormal(random.key(0), lo, hi).shape, [3]);
  assert.deepEqual(random.truncatedNormal(random.key(0), -1, np.array([[1], [2]])).shape, [2, 1]);
  assert.equal(random.truncatedNormal(random.key(0), np.array([0], { dtype: "float64" }), 1).dtype, "float64");
  // numbers still give JAX's values: the same draws as before for scalar bounds
  assert.deepEqual(flat(random.truncatedNormal(random.key(91), np.array(-1), np.array(2), [5])).length, 5);
  const opts = { dtype: "float64" } as const;
  checkGrads((a: NDArray, b: NDArray) => random.truncatedNormal(random.key(92), a, b, [4], opts), [np.array(-0.5, opts), np.array(1, opts)], { order: 1 });
  assert.throws(() => random.truncatedNormal(random.key(0), np.array([0, 1]), 2, [3]), /random\.truncatedNormal: lower of shape \[2\] does not broadcast to the sample shape \[3\]/);
});

test("errors name the function, the offending input and what was expected", () => {
  const K = random.key(0);
  assert.throws(() => random.pareto(K, -1), /^RangeError: random\.pareto: b must be positive, got -1$/);
  assert.throws(() => random.geometric(K, 1.5), /^RangeError: random\.geometric: p must be in \(0, 1\], got 1\.5$/);
  assert.throws(() => random.geometric(K, 0.5, [2], { dtype: "uint32" as never }), /random\.geometric: dtype must be int32, float32 or float64/);
  assert.throws(() => random.triangular(K, 2, 1, 3), /^RangeError: random\.triangular: expected left ≤ mode ≤ right and left < right, got left=2, mode=1, right=3$/);
  assert.throws(() => random.rayleigh(K, np.array([1, 2]), [3]), /random\.rayleigh: scale of shape \[2\] does not broadcast to the sample shape \[3\]/);
  assert.throws(() => random.t(K, np.array([true]) as never), /random\.t: df must be a number or a numeric array, got bool\[1\]/);
  assert.throws(() => random.cauchy(K, [2], { dtype: "int32" as never }), /random\.cauchy: dtype must be float32 or float64, got int32/);
  assert.throws(() => random.laplace(np.array([1, 2]), [2]), /random\.laplace: expected a PRNG key/);
  assert.throws(() => random.maxwell(K, [2], { scale: 1 } as never), /random\.maxwell/);
  assert.throws(() => (random.f as (...a: unknown[]) => NDArray)(K, 1), /random\.f/);
});
