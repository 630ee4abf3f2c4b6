/** @file random: gamma, loggamma, beta, dirichlet, poisson and binomial draw JAX's numbers — JAX's published values, a step-by-step scalar replay of its algorithms on the split keys, jit/vmap, statistics and the implicit gradient. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, random, np, jit, vmap, grad, jvp, config } from "../src/index.js";

const flat = (x: NDArray) => Array.from(x.data() as ArrayLike<number>, Number);
const item = (x: NDArray) => flat(x)[0];
const row = (keys: NDArray, i: number) => keys.get(i) as NDArray;
type F = "float32" | "float64";
const rounder = (dtype: F) => (dtype === "float32" ? Math.fround : (x: number) => x);

/** Run `f` under JAX's legacy Threefry layout (`jax_threefry_partitionable` off), restoring the default after. */
function legacy<T>(f: () => T): T {
  config.update({ threefryPartitionable: false });
  try {
    return f();
  } finally {
    config.update({ threefryPartitionable: true });
  }
}

/** Agreement to `rel` relative (JAX's tables print float32 values to 6 decimals). */
function near(got: number[], want: number[], rel: number, what: string): void {
  assert.equal(got.length, want.length, what);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= rel * Math.max(Math.abs(want[i]), 1e-3), `${what}[${i}]: ${g} vs ${want[i]}`));
}

/** The empirical CDF at each point agrees with scipy's to 4.5 standard errors. */
function cdfAt(name: string, xs: number[], points: number[], want: number[]): void {
  points.forEach((x, i) => {
    const f = xs.filter((v) => v <= x).length / xs.length;
    assert.ok(Math.abs(f - want[i]) < 4.5 * Math.sqrt((want[i] * (1 - want[i])) / xs.length), `${name}: F(${x}) = ${f}, want ${want[i]}`);
  });
}

// ---- JAX's published values ----

// JAX's tests/random_lax_test.py (`_RANDOM_VALUES_CASES`, threefry2x32, float32, shape (5,) or (2,)): key
// PRNGKey(zlib.adler32(name + "threefry2x32")), run with jax_threefry_partitionable off (the test is
// skipped under the partitionable scheme, so JAX publishes no values for the default scheme).
test("JAX's published values (legacy scheme): gamma, loggamma, beta, dirichlet, poisson", () => legacy(() => {
  const seed = { gamma: 1038747260, loggamma: 1440221118, beta: 923534869, dirichlet: 1590822961, poisson: 1349191556 };
  near(flat(random.gamma(random.key(seed.gamma), 0.8, [5])), [0.824221, 1.724476, 0.502882, 5.386132, 0.685543], 2e-6, "gamma");
  near(flat(random.loggamma(random.key(seed.loggamma), 0.8, [5])), [0.240559, -3.575443, -0.450946, -2.161372, -2.943277], 2e-6, "loggamma");
  near(flat(random.beta(random.key(seed.beta), 0.8, 0.9, [5])), [0.13259, 0.824893, 0.948363, 0.964155, 0.235448], 4e-6, "beta");
  const dz = random.dirichlet(random.key(seed.dirichlet), np.array([0.5, 0.6, 0.7]), [2]);
  assert.deepEqual(dz.shape, [2, 3]);
  near(flat(dz), [0.003128, 0.009694, 0.987178, 0.025938, 0.479091, 0.494971], 2e-4, "dirichlet");
  assert.deepEqual(flat(random.poisson(random.key(seed.poisson), 5, [5])), [7, 3, 6, 11, 6]);
  // the same under jit, and for a key passed in under vmap
  near(flat(jit((k: NDArray) => random.gamma(k, 0.8, [5]))(random.key(seed.gamma))), [0.824221, 1.724476, 0.502882, 5.386132, 0.685543], 2e-6, "jit(gamma)");
  const vk = np.stack([random.key(seed.poisson), random.key(seed.poisson)]);
  assert.deepEqual(vmap((k: NDArray) => random.poisson(k, 5, [5]))(vk).toArray(), [[7, 3, 6, 11, 6], [7, 3, 6, 11, 6]]);
}));

// the same table's other threefry2x32 cases: the distributions built on uniform/normal draws
test("JAX's published values (legacy scheme): the other distributions of the same table", () => legacy(() => {
  const key = (seed: number) => random.key(seed);
  const printed = 6e-7; // the table prints 6 decimals
  const cases: [string, NDArray, number[], number?][] = [
    ["cauchy", random.cauchy(key(1175914230), [5]), [-0.088416, -10.169713, 3.49677, -1.18056, 0.34556], 1e-5],
    ["double_sided_maxwell", random.doubleSidedMaxwell(key(3634826421), 1, 2, [5]), [-2.408914, -3.370437, 3.235352, -0.907734, -1.708732]],
    ["exponential", random.exponential(key(1942292768), [5]), [0.526067, 0.043046, 0.039932, 0.46427, 0.123886]],
    ["gumbel", random.gumbel(key(1179715317), [5]), [2.06701, 0.911726, 0.145736, 0.185427, -0.00711]],
    ["laplace", random.laplace(key(1291781963), [5]), [0.578939, -0.204902, 0.555733, 0.911053, -0.96456]],
    ["logistic", random.logistic(key(1466238935), [5]), [0.19611, -1.709053, -0.274093, -0.208322, -1.675489]],
    ["maxwell", random.maxwell(key(1331627891), [5]), [3.070779, 0.908479, 1.521317, 0.875551, 1.306137]],
    ["multivariate_normal", random.multivariateNormal(key(3497659512), np.ones([3]), np.eye(3), [2]) /* JAX: mean ones((1, 3)) */, [1.067826, 1.215599, 0.234166, -0.237534, 1.32591, 1.413987]],
    ["normal", random.normal(key(1193674498), [5]), [-1.173234, -1.511662, 0.070593, -0.099764, 1.052845]],
    ["pareto", random.pareto(key(1192560388), 0.5, [5]), [2.751398, 1.281863, 87.85448, 1.254542, 2.824487]],
    ["truncated_normal", random.truncatedNormal(key(2846034731), 0, 2, [5]), [0.582807, 1.709771, 0.159513, 0.861376, 0.36148]],
    ["uniform", random.uniform(key(1338574713), [5]), [0.298671, 0.073213, 0.873356, 0.260549, 0.412797]],
    ["weibull_min", random.weibullMin(key(1921059088), 1, 1, [5]), [1.605863, 0.841809, 0.224218, 0.4826, 0.027901]],
  ];
  for (const [name, x, want, rtol] of cases) {
    flat(x).forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= (rtol ?? 2e-6) * Math.abs(want[i]) + printed, `${name}[${i}]: ${g} vs ${want[i]}`));
  }
  assert.deepEqual(flat(random.bernoulli(key(1612777541), 0.5, [5])), [0, 1, 1, 1, 0]);
  assert.deepEqual(flat(random.rademacher(key(1719994501), [5])), [-1, -1, -1, -1, 1]);
  assert.deepEqual(flat(random.randint(key(1319372649), [5], 0, 10)), [0, 5, 7, 7, 5]);
  assert.deepEqual(flat(random.bits(key(942802475), [5])), [1978747883, 4134381225, 3628107870, 689687174, 2788938207]);
}));

// ---- the algorithms replayed step by step on the split keys (any scheme, any dtype) ----

/**
 * JAX's `_gamma_one`, one element at a time in plain JS, drawing every normal and uniform eagerly from
 * the keys JAX uses: split(key, n)[i] per element; per element split → (loop key, boost key); per
 * round split in 3 → (next, normals, uniform); normals retried on split → (next, draw) while 1 + c·x ≤ 0.
 */
function gammaReplay(key: NDArray, alpha: number, n: number, dtype: F, logSpace: boolean): number[] {
  const keys = random.split(key, n);
  return Array.from({ length: n }, (_, i) => gammaOneReplay(row(keys, i), alpha, dtype, logSpace));
}

function gammaOneReplay(elementKey: NDArray, alpha: number, dtype: F, logSpace: boolean): number {
  const r = rounder(dtype);
  const third = r(1 / 3);
  const a = alpha >= 1 ? r(alpha) : r(r(alpha) + 1);
  const d = r(a - third), c = r(third / r(Math.sqrt(d)));
  const [loopKey, boostKey] = random.split(elementKey);
  let k = loopKey as NDArray, V = 0;
  for (;;) {
    const [next, kx, ku] = random.split(k, 3);
    k = next as NDArray;
    let x = 0, v = -1, kk = kx as NDArray;
    while (v <= 0) {
      const [kNext, kDraw] = random.split(kk);
      kk = kNext as NDArray;
      x = item(random.normal(kDraw as NDArray, [], { dtype }));
      v = r(1 + r(x * c));
    }
    const X = r(x * x);
    V = r(r(v * v) * v);
    const U = item(random.uniform(ku as NDArray, [], { dtype }));
    const squeezed = U < r(1 - r(r(X * X) * r(0.0331)));
    if (squeezed || Math.log(U) < r(r(X * 0.5) + r(d * r(r(1 - V) + r(Math.log(V)))))) break;
  }
  const u = item(random.uniform(boostKey as NDArray, [], { dtype }));
  if (logSpace) {
    const logU = r(Math.log1p(-u));
    const boost = alpha >= 1 || logU === 0 ? 0 : r(logU * r(1 / r(alpha)));
    return r(r(r(Math.log(d)) + r(Math.log(V))) + boost);
  }
  const boost = alpha >= 1 ? 1 : r(Math.pow(r(1 - u), r(1 / r(alpha))));
  return r(r(d * V) * boost);
}

test("gamma and loggamma replay JAX's per-element Marsaglia–Tsang loop on the split keys (float32, float64, both schemes)", () => {
  const cases: [number, F, boolean][] = [[0.8, "float32", false], [0.3, "float32", true], [2.5, "float32", false], [7, "float64", true], [0.05, "float64", false], [1, "float64", false]];
  const check = () => {
    for (const [a, dtype, logSpace] of cases) {
      const k = random.key(Math.round(a * 1000) + (logSpace ? 1 : 0));
      const got = flat((logSpace ? random.loggamma : random.gamma)(k, a, [6], { dtype }));
      const want = gammaReplay(k, a, 6, dtype, logSpace);
      near(got, want, dtype === "float32" ? 4e-6 : 1e-13, `${logSpace ? "log" : ""}gamma(${a}) ${dtype}`);
    }
  };
  check();
  legacy(check);
  // gamma is not exp(loggamma) bit for bit (the boost is U^(1/α) there), but the two agree to rounding, as JAX promises
  const k = random.key(9);
  near(flat(np.exp(random.loggamma(k, 0.4, [50], { dtype: "float64" }))), flat(random.gamma(k, 0.4, [50], { dtype: "float64" })), 1e-12, "exp(loggamma) vs gamma");
});

test("beta, dirichlet, t, chisquare, f, generalizedNormal use JAX's keys for their gamma draws", () => {
  const k = random.key(21);
  const [k0, k1] = [row(random.split(k), 0), row(random.split(k), 1)];
  const lg = (kk: NDArray, a: number) => gammaReplay(kk, a, 4, "float64", true);
  // beta: log-gammas on the two halves of a split
  const [la, lb] = [lg(k0, 0.7), lg(k1, 2)];
  near(flat(random.beta(k, 0.7, 2, [4], { dtype: "float64" })), la.map((x, i) => 1 / (1 + Math.exp(lb[i] - x))), 1e-13, "beta");
  // dirichlet: one key per element of the [batch, k] sample (row-major), normalised
  const al = [0.5, 1.5, 3];
  const keys = random.split(k, 6);
  const ld = [0, 1, 2, 3, 4, 5].map((j) => gammaOneReplay(row(keys, j), al[j % 3], "float64", true));
  const want = [0, 1].flatMap((b) => {
    const e = ld.slice(3 * b, 3 * b + 3).map(Math.exp);
    return e.map((v) => v / (e[0] + e[1] + e[2]));
  });
  near(flat(random.dirichlet(k, np.array(al, { dtype: "float64" }), [2])), want, 1e-13, "dirichlet");
  // t: a normal on the first key, Gamma(df/2) on the second; z·√((df/2)/g)
  const z = flat(random.normal(k0, [4], { dtype: "float64" }));
  const g = gammaReplay(k1, 1.5, 4, "float64", false);
  near(flat(random.t(k, 3, [4], { dtype: "float64" })), z.map((zi, i) => zi * Math.sqrt(1.5 / g[i])), 1e-13, "t");
  // chisquare = 2·exp(loggamma(df/2)); f = (χ²(dfnum)/dfnum)/(χ²(dfden)/dfden) with the denominator on the first key
  near(flat(random.chisquare(k, 5, [4], { dtype: "float64" })), lg(k, 2.5).map((x) => 2 * Math.exp(x)), 1e-13, "chisquare");
  const num = lg(k1, 2).map((x) => (2 * Math.exp(x)) / 4), den = lg(k0, 3).map((x) => (2 * Math.exp(x)) / 6);
  near(flat(random.f(k, 4, 6, [4], { dtype: "float64" })), num.map((x, i) => x / den[i]), 1e-13, "f");
  // generalizedNormal: ±Gamma(1/p)^(1/p), the gamma on the first key
  const gn = flat(random.generalizedNormal(k, 1.5, [4], { dtype: "float64" }));
  const gg = gammaReplay(k0, 1 / 1.5, 4, "float64", false);
  near(gn.map(Math.abs), gg.map((x) => Math.pow(x, 1 / 1.5)), 1e-13, "generalizedNormal");
});

/** log Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; ~1e-15 relative) — the test's own, for PTRS's acceptance bound. */
function lgamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let s = c[0];
  for (let i = 1; i < 9; i++) s += c[i] / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/** JAX's `_poisson`: element j of each round's uniform draws, Knuth (split → carry, draw) below 10, PTRS (split in 3 → carry, u, v) above; float32. */
function poissonReplay(key: NDArray, lams: number[]): number[] {
  const f = Math.fround, n = lams.length;
  return lams.map((lam0, j) => {
    const lam = f(lam0);
    if (lam === 0) return 0;
    let rng = key;
    if (lam < 10) {
      let k = 0, logProd = 0;
      while (logProd > -lam) {
        const [next, sub] = random.split(rng);
        rng = next as NDArray;
        k++;
        logProd = f(logProd + f(Math.log(flat(random.uniform(sub as NDArray, [n]))[j])));
      }
      return k - 1;
    }
    const logLam = f(Math.log(lam)), b = f(f(2.53 * f(Math.sqrt(lam))) + f(0.931));
    const a = f(f(0.02483 * b) - f(0.059)), invAlpha = f(f(1.1239) + f(f(1.1328) / f(b - f(3.4)))), vr = f(f(0.9277) - f(f(3.6224) / f(b - 2)));
    for (;;) {
      const [next, ku, kv] = random.split(rng, 3);
      rng = next as NDArray;
      const u = f(flat(random.uniform(ku as NDArray, [n]))[j] - 0.5), v = flat(random.uniform(kv as NDArray, [n]))[j];
      const us = f(0.5 - Math.abs(u));
      const k = Math.floor(f(f(f(f(f(2 * a) / us) + b) * u) + lam) + f(0.43));
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v * invAlpha / (a / (us * us) + b)) <= -lam + k * logLam - lgamma(k + 1)) return k;
    }
  });
}

test("poisson replays JAX's Knuth and PTRS loops (shared round keys, element-wise acceptance), both schemes", () => {
  const lams = [0, 0.7, 4, 9.99, 10, 37, 250, 1e5];
  const check = () => {
    const k = random.key(77);
    assert.deepEqual(flat(random.poisson(k, np.array(lams))), poissonReplay(k, lams));
    // a float64 rate is drawn in float32, as JAX (the same numbers as a float32 rate)
    assert.deepEqual(flat(random.poisson(k, np.array(lams, { dtype: "float64" }))), poissonReplay(k, lams));
  };
  check();
  legacy(check);
});

/** JAX's δ(k) for BTRS, with its clamp of k to [0, 9] (see src/random/binomial.ts), each operation rounded to `dtype`. */
function stirling(k: number, dtype: F): number {
  const f = rounder(dtype);
  const kc = Math.min(Math.max(k, 0), 9);
  if (k <= 9) {
    let lf = 0;
    const m = Math.floor(kc);
    for (let j = 2; j <= m; j++) lf += Math.log(j);
    return lf - (m + 0.5) * Math.log(m + 1) + (m + 1) - 0.5 * Math.log(2 * Math.PI);
  }
  const s = f(f(kc + 1) * f(kc + 1));
  return f(f(f(1 / 12) - f(f(f(1 / 360) - f(f(1 / 1260) / s)) / s)) / f(kc + 1));
}

/** JAX's `_binomial` in `dtype` (each operation rounded to it): inversion (split → draw, carry — the other order than poisson) or BTRS (split in 3). */
function binomialReplay(key: NDArray, ns: number[], ps: number[], dtype: F = "float64"): number[] {
  const f = rounder(dtype), size = ns.length;
  const draw = (k: NDArray, j: number) => flat(random.uniform(k, [size], { dtype }))[j];
  return ns.map((n0r, j) => {
    const n0 = f(n0r), p = f(ps[j]), q = p < 0.5 ? p : f(1 - p), n = Math.floor(n0);
    let rng = key, k: number;
    if (f(n0 * q) <= 10) {
      let gaps = 0, sum = 0;
      const l1q = f(Math.log1p(-q));
      while (sum <= n) {
        const [sub, next] = random.split(rng);
        rng = next as NDArray;
        gaps++;
        sum = f(sum + Math.ceil(f(f(Math.log(draw(sub as NDArray, j))) / l1q)));
      }
      k = gaps - 1;
    } else {
      const sd = f(Math.sqrt(f(f(n * q) * f(1 - q)))), b = f(f(1.15) + f(f(2.53) * sd));
      const a = f(f(f(-0.0873) + f(f(0.0248) * b)) + f(f(0.01) * q)), c = f(f(n * q) + 0.5);
      const vr = f(f(0.92) - f(f(4.2) / b)), r = f(q / f(1 - q)), alpha = f(f(f(2.83) + f(f(5.1) / b)) * sd), m = Math.floor(f(f(n + 1) * q));
      const st = (x: number) => f(stirling(x, dtype));
      for (;;) {
        const [next, ku, kv] = random.split(rng, 3);
        rng = next as NDArray;
        const u = f(draw(ku as NDArray, j) - 0.5), v0 = draw(kv as NDArray, j);
        const us = f(0.5 - Math.abs(u));
        const kk = Math.floor(f(f(f(f(f(2 * a) / us) + b) * u) + c));
        if (us >= 0.07 && v0 <= vr) { k = kk; break; }
        if (kk < 0 || kk > n) continue;
        const v = f(Math.log(f(f(v0 * alpha) / f(f(a / f(us * us)) + b))));
        const t1 = f(f(m + 0.5) * f(Math.log(f(f(m + 1) / f(r * f(f(n - m) + 1))))));
        const t2 = f(f(n + 1) * f(Math.log(f(f(f(n - m) + 1) / f(f(n - kk) + 1)))));
        const t3 = f(f(kk + 0.5) * f(Math.log(f(f(r * f(f(n - kk) + 1)) / f(kk + 1)))));
        const ub = f(f(f(f(f(f(t1 + t2) + t3) + st(m)) + st(n - m)) - st(kk)) - st(n - kk));
        if (v <= ub) { k = kk; break; }
      }
    }
    return p < 0.5 ? k : n - k;
  });
}

test("binomial replays JAX's inversion and BTRS loops (key order, reflection, fractional n), float64, both schemes", () => {
  const ns = [10, 20.9, 7, 60, 400, 1000, 3], ps = [0.3, 0.5, 0.9, 0.45, 0.97, 0.02, 0.5];
  const check = () => {
    const k = random.key(5);
    const got = flat(random.binomial(k, np.array(ns, { dtype: "float64" }), np.array(ps, { dtype: "float64" })));
    assert.deepEqual(got, binomialReplay(k, ns, ps));
  };
  check();
  legacy(check);
  // float32 (JAX's default): the same loops in float32 arithmetic
  const k32 = random.key(15);
  assert.deepEqual(flat(random.binomial(k32, np.array(ns), np.array(ps))), binomialReplay(k32, ns, ps, "float32"));
  // the draw runs in p's dtype, the result takes `dtype`; special values as JAX
  const k = random.key(6);
  const b32 = random.binomial(k, 30, np.array([0.2, 0.7]), undefined, { dtype: "float64" });
  assert.equal(b32.dtype, "float64");
  assert.deepEqual(flat(b32), flat(random.binomial(k, 30, np.array([0.2, 0.7]))));
  assert.deepEqual(flat(random.binomial(k, np.array([Infinity, Infinity, NaN, 5]), np.array([0, 0.7, 0.5, NaN]))), [Infinity, Infinity, NaN, NaN]);
});

test("multinomial replays JAX's stick breaking: one binomial per category on split(key, k), on the trials left", () => {
  const p = [[0.2, 0.3, 0.5], [0.6, 0.05, 0.35]], n = [50, 700];
  const check = () => {
    const k = random.key(8);
    const got = random.multinomial(k, np.array(n, { dtype: "float64" }), np.array(p, { dtype: "float64" })).toArray() as number[][];
    const keys = random.split(k, 3);
    const tails = p.map((r) => [r[0] + (r[1] + r[2]), r[1] + r[2], r[2]]); // JAX's reverse cumsum
    let left = [...n];
    const want = p.map(() => [] as number[]);
    for (let i = 0; i < 3; i++) {
      const c = binomialReplay(row(keys, i), left, p.map((r, b) => Math.min(Math.max(r[i] / tails[b][i], 0), 1)));
      c.forEach((ci, b) => want[b].push(ci));
      left = left.map((l, b) => l - c[b]);
    }
    assert.deepEqual(got, want);
    got.forEach((r, b) => assert.equal(r[0] + r[1] + r[2], n[b]));
  };
  check();
  legacy(check);
});

// ---- transformations ----

test("jit and vmap give the eager values; vmap over keys = one draw per key", () => {
  const k = random.key(3);
  const a = np.array([0.2, 1, 4.5]);
  for (const f of [(kk: NDArray) => random.gamma(kk, a, [2, 3]), (kk: NDArray) => random.loggamma(kk, 0.6, [4]), (kk: NDArray) => random.binomial(kk, 40, 0.35, [4]), (kk: NDArray) => random.poisson(kk, np.array([3, 30]), [2, 2])]) {
    assert.deepEqual(flat(jit(f)(k)), flat(f(k)));
    const keys = random.split(k, 3);
    assert.deepEqual((vmap(f)(keys) as NDArray).toArray(), [0, 1, 2].map((i) => f(row(keys, i)).toArray()));
  }
  // vmap over the concentration with a shared key: each row is the draw for that concentration
  const rows = vmap((al: NDArray) => random.gamma(k, al, [3]))(a) as NDArray;
  assert.deepEqual(rows.toArray(), [0.2, 1, 4.5].map((al) => random.gamma(k, al, [3]).toArray()));
  // empty draws
  assert.deepEqual(random.gamma(k, 2, [0, 3]).shape, [0, 3]);
});

// ---- statistics against scipy ----

test("gamma and binomial (BTRS with JAX's Stirling clamp): empirical CDFs against scipy", () => {
  const N = 6000;
  // scipy.stats.gamma(0.3).cdf, gamma(7.5).cdf, binom(60, 0.45).cdf, binom(400, 0.97).cdf at these points
  cdfAt("gamma(0.3)", flat(random.gamma(random.key(40), 0.3, [N])), [0.001, 0.01, 0.1, 0.3, 1, 2], [0.1402424589248674, 0.27924099635901484, 0.5459128495917965, 0.7269573437103662, 0.9156741562411086, 0.977974019172853]);
  cdfAt("gamma(7.5) f64", flat(random.gamma(random.key(41), 7.5, [N], { dtype: "float64" })), [4, 6, 7.5, 9, 12], [0.07621729668453238, 0.3209709429095853, 0.5485827887742752, 0.7373344393276775, 0.9349065136011695]);
  cdfAt("binomial(60, 0.45)", flat(random.binomial(random.key(42), 60, 0.45, [N])), [20, 24, 27, 30, 34], [0.044611980118909246, 0.2592479324954974, 0.5532397330219838, 0.818271371985337, 0.9739152234881382]);
  cdfAt("binomial(400, 0.97)", flat(random.binomial(random.key(43), 400, 0.97, [N])), [380, 385, 388, 391, 394], [0.019595571250259576, 0.22519594613857033, 0.5401481852739805, 0.8489466495976734, 0.9809832115724104]);
});

// ---- the implicit (reparameterisation) derivative in the shape parameter ----

/** The regularised lower incomplete gamma P(a, z) by its series (z < a + 30 here), the test's own. */
function gammaP(a: number, z: number): number {
  let term = 1 / a, sum = term;
  for (let n = 1; n < 2000 && Math.abs(term) > 1e-18 * sum; n++) sum += term *= z / (a + n);
  return Math.exp(a * Math.log(z) - z - lgamma(a)) * sum;
}

test("d sample/d a is JAX's implicit gradient: −∂P(a, z)/∂a / p(z; a) at the drawn z (finite differences in a), eager, jit, jvp", () => {
  const k = random.key(12);
  for (const a of [0.4, 2.5, 9]) {
    const aa = np.array(a, { dtype: "float64" });
    const z = flat(random.gamma(k, aa, [5]));
    const g = flat(vmap((i: NDArray) => grad((al: NDArray) => np.sum(np.multiply(random.gamma(k, al, [5]), np.equal(np.arange(5), i))))(aa))(np.arange(5)) as NDArray);
    const h = 1e-5;
    z.forEach((zi, i) => {
      const dP = (gammaP(a + h, zi) - gammaP(a - h, zi)) / (2 * h);
      const pdf = Math.exp((a - 1) * Math.log(zi) - zi - lgamma(a));
      assert.ok(Math.abs(g[i] - -dP / pdf) <= 1e-6 * Math.abs(g[i]) + 1e-9, `a = ${a}, z = ${zi}: ${g[i]} vs ${-dP / pdf}`);
    });
    // loggamma's derivative is d(log z)/da = (dz/da)/z; jit(grad) and jvp agree with grad
    const lgGrad = flat(jvp((al: NDArray) => random.loggamma(k, al, [5]), [aa], [np.array(1, { dtype: "float64" })])[1] as NDArray);
    near(lgGrad, g.map((gi, i) => gi / z[i]), 1e-10, `loggamma'(${a})`);
    const s = (al: NDArray) => np.sum(random.gamma(k, al, [5]));
    near([jit(grad(s))(aa).item()], [g.reduce((x, y) => x + y, 0)], 1e-12, "jit(grad)");
  }
});

test("bad input: errors name the function, what was given and what was expected", () => {
  const k = random.key(0);
  const cases: [() => unknown, RegExp][] = [
    [() => random.gamma(k, np.array([1, 2], { dtype: "int32" })), /^TypeError: random\.gamma: a must be a positive number or a float array, got int32\[2\]$/],
    [() => random.gamma(k, 1, [2], { dtype: "int32" as never }), /^TypeError: random\.gamma: dtype must be float32 or float64, got int32$/],
    [() => random.loggamma(k, 0), /^RangeError: random\.loggamma: a must be positive, got 0$/],
    [() => random.beta(k, 1, 2, [2], { dtype: "int32" as never }), /^TypeError: random\.beta: dtype must be float32 or float64, got int32$/],
    [() => random.dirichlet(k, np.array([1, 2]), [2], { dtype: "int32" as never }), /^TypeError: random\.dirichlet: dtype must be float32 or float64, got int32$/],
    [() => random.binomial(k, 5, 1.5), /^RangeError: random\.binomial: p must be in \[0, 1\], got 1\.5$/],
    [() => random.gamma(k, np.ones([3]), [2, 2]), /^RangeError: random\.gamma: a of shape \[3\] does not broadcast to the sample shape \[2,2\]$/],
  ];
  for (const [f, re] of cases) assert.throws(f, (e: Error) => re.test(`${e.name}: ${e.message}`) || assert.fail(`${e.name}: ${e.message}`));
});
