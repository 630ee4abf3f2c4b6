/** @file random: Threefry known answers, JAX's published values, determinism under jit/vmap, statistics (moments, Kolmogorov–Smirnov), shapes, gradients and errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { NDArray, random, np, jit, vmap, grad, jvp, jacfwd, config } from "../src/index.js";
import { gammaLogGrad } from "../src/random/gamma_grad.js";
import { close, mean, variance, ks } from "./util.js";
import { threefry2x32Words } from "../src/random/threefry.js";
import { threefryRef } from "../src/backend/threefry_spec.js";
import { erfRef } from "./reference.js";

const u32 = (v: number[]) => np.array(v, { dtype: "uint32" });
const scalarU32 = (v: number) => u32([v]).reshape([]);
const flat = (x: NDArray) => Array.from(x.data() as ArrayLike<number>, Number);
const K0 = random.key(0);
const row = (keys: NDArray, i: number) => keys.get(i);

/** Run `f` under JAX's legacy Threefry layout (`jax_threefry_partitionable` off), restoring the default after. */
function legacy<T>(f: () => T): T {
  config.update({ threefryPartitionable: false });
  try {
    return f();
  } finally {
    config.update({ threefryPartitionable: true });
  }
}

/** Relative agreement to `ulps` float32 ulps (published float32 values are printed to ~8 digits). */
function closeF32(got: number[], want: number[], rel = 3e-7): void {
  assert.equal(got.length, want.length);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= rel * Math.max(1, Math.abs(want[i])), `element ${i}: ${g} vs ${want[i]}`));
}

// ---- Threefry-2x32-20 ----

test("threefry2x32: Random123 known-answer vectors", () => {
  // Random123's kat_vectors (as quoted in its ports' tests): "threefry2x32 20 ctr0 ctr1 key0 key1 → out0 out1"
  const cases = [
    { key: [0, 0], ctr: [0, 0], out: [0x6b200159, 0x99ba4efe] },
    { key: [0xffffffff, 0xffffffff], ctr: [0xffffffff, 0xffffffff], out: [0x1cb996fc, 0xbb002be7] },
    { key: [0x13198a2e, 0x03707344], ctr: [0x243f6a88, 0x85a308d3], out: [0xc4923a9c, 0x483df7a0] },
  ];
  for (const c of cases) {
    const [a, b] = threefry2x32Words(scalarU32(c.key[0]), scalarU32(c.key[1]), u32([c.ctr[0]]), u32([c.ctr[1]]));
    assert.deepEqual([flat(a)[0], flat(b)[0]], c.out, `key ${c.key.map((v) => v.toString(16))}`);
    // the same under jit, and batched over counters
    const jitted = jit((k0: NDArray, k1: NDArray, x0: NDArray, x1: NDArray) => threefry2x32Words(k0, k1, x0, x1));
    const [ja, jb] = jitted(scalarU32(c.key[0]), scalarU32(c.key[1]), u32([c.ctr[0], c.ctr[0]]), u32([c.ctr[1], c.ctr[1]])) as NDArray[];
    assert.deepEqual([flat(ja), flat(jb)], [[c.out[0], c.out[0]], [c.out[1], c.out[1]]]);
  }
});

// the routine (SIMD lanes on wasm, four pairs a step plus a scalar tail) against the plain-JS reference,
// with one key pair and with one key pair per counter (as under vmap over keys)
test("threefry2x32 routine = the reference loop, scalar and per-counter keys, any length", () => {
  const rnd = (n: number, seed: number) => Uint32Array.from({ length: n }, (_, i) => (Math.imul(i + seed, 2654435761) ^ (i * 40503 + seed)) >>> 0);
  for (const n of [0, 1, 3, 4, 5, 1003]) {
    const [x0, x1, k0, k1] = [rnd(n, 1), rnd(n, 2), rnd(n, 3), rnd(n, 4)];
    for (const vectorKey of [false, true]) {
      const kk0 = vectorKey ? k0 : k0.slice(0, 1), kk1 = vectorKey ? k1 : k1.slice(0, 1);
      const want0 = new Uint32Array(n), want1 = new Uint32Array(n);
      threefryRef(n ? kk0 : new Uint32Array(1), n ? kk1 : new Uint32Array(1), x0, x1, want0, want1, vectorKey);
      const arr = (a: Uint32Array, shape: number[]) => np.array(Array.from(a), { dtype: "uint32" }).reshape(shape);
      const ks = vectorKey ? [arr(kk0, [n]), arr(kk1, [n])] : [arr(n ? kk0 : new Uint32Array(1), []), arr(n ? kk1 : new Uint32Array(1), [])];
      const [y0, y1] = threefry2x32Words(ks[0], ks[1], arr(x0, [n]), arr(x1, [n]));
      assert.deepEqual([flat(y0), flat(y1)], [Array.from(want0), Array.from(want1)], `n = ${n}, vectorKey = ${vectorKey}`);
    }
  }
});

test("threefry2x32 (property): the routine equals the reference loop on random keys and counters", () => {
  const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
  fc.assert(
    fc.property(fc.array(fc.tuple(u32, u32, u32, u32), { minLength: 1, maxLength: 37 }), fc.boolean(), (rows, vectorKey) => {
      const col = (j: number) => Uint32Array.from(rows, (r) => r[j]);
      const [k0, k1, x0, x1] = [col(0), col(1), col(2), col(3)];
      const n = rows.length;
      const want0 = new Uint32Array(n), want1 = new Uint32Array(n);
      threefryRef(k0, k1, x0, x1, want0, want1, vectorKey);
      const arr = (a: Uint32Array, shape: number[]) => np.array(Array.from(a), { dtype: "uint32" }).reshape(shape);
      const keys = vectorKey ? [arr(k0, [n]), arr(k1, [n])] : [arr(k0.slice(0, 1), []), arr(k1.slice(0, 1), [])];
      const [y0, y1] = threefry2x32Words(keys[0], keys[1], arr(x0, [n]), arr(x1, [n]));
      assert.deepEqual([flat(y0), flat(y1)], [Array.from(want0), Array.from(want1)]);
    }),
    { numRuns: 50 },
  );
});

// ---- JAX's published values ----

test("default scheme (JAX ≥ 0.5, jax_threefry_partitionable): JAX's published values", () => {
  assert.equal(config.get().threefryPartitionable, true);
  // jax.random module docs: random.uniform(key(0)) → 0.947667; key, subkey = split(key); uniform(subkey) → 0.00729382
  closeF32(flat(random.uniform(K0)), [0.947667], 1e-6);
  const [k, sub] = random.split(K0);
  closeF32(flat(random.uniform(sub)), [0.00729382], 1e-6);
  // the exact words behind them: Threefry of the counter pair (0, i) under the key, both words kept by split,
  // xor'ed by 32-bit bits (Random123's known answer for key (0, 0), counter (0, 0) is 0x6b200159, 0x99ba4efe)
  assert.deepEqual(flat(random.bits(K0)), [(0x6b200159 ^ 0x99ba4efe) >>> 0]);
  assert.deepEqual(random.split(K0).toArray(), [[0x6b200159, 0x99ba4efe], flat(sub)]);
  assert.deepEqual(flat(random.uniform(K0)), [Math.fround((((0x6b200159 ^ 0x99ba4efe) >>> 0) >>> 9) * 2 ** -23)]);
  assert.notDeepEqual(flat(k), flat(K0));
  // JAX's test_threefry_split_fold_in_symmetry: fold_in(key, i) = split(key, n)[i] in this scheme
  const k72 = random.key(72);
  const s3 = random.split(k72, 3);
  [0, 1, 2].forEach((i) => assert.deepEqual(flat(random.foldIn(k72, i)), flat(row(s3, i))));
  // split(key, [2, 3]) numbers its keys in row-major order: the same keys as split(key, 6)
  assert.deepEqual(flat(random.split(k72, [2, 3])), flat(random.split(k72, 6)));
  // element i of a draw does not depend on the draw's size (the point of the partitionable layout)
  assert.deepEqual(flat(random.bits(k72, [3])), flat(random.bits(k72, [7])).slice(0, 3));
  assert.deepEqual(flat(random.uniform(k72, [2], { dtype: "float64" })), flat(random.uniform(k72, [5], { dtype: "float64" })).slice(0, 2));
  // fold_in is the same in both schemes (JAX's testPRNGValues: fold_in(key(0), 4) = [2285895361, 433833334])
  assert.deepEqual(flat(random.foldIn(K0, 4)), [2285895361, 433833334]);
});

test("legacy scheme (config threefryPartitionable: false): JAX's published values before 0.5", () => legacy(() => {
  // jax.random module docs before 0.5: uniform(key(0)) → 0.41845703, uniform(split(key)[1]) → 0.10536897
  closeF32(flat(random.uniform(K0)), [0.41845703]);
  closeF32(flat(random.uniform(row(random.split(K0), 1))), [0.10536897]);
  // JAX's tests/random_test.py testPRNGValues (skipped under the partitionable scheme)
  assert.deepEqual(random.randint(K0, [3, 3], 0, 8).toArray(), [[2, 1, 3], [6, 1, 5], [6, 3, 4]]);
  assert.deepEqual(random.split(K0, 4).toArray(), [[2285895361, 1501764800], [1518642379, 4090693311], [433833334, 4221794875], [839183663, 3740430601]]);
  assert.deepEqual(flat(random.foldIn(K0, 4)), [2285895361, 433833334]);
  // Deep Learning with Python, 3rd ed., §3.5.3: normal(key(123), (3,)) and normal(split(key, 1)[0], (3,))
  closeF32(flat(random.normal(random.key(123), [3])), [-0.1470326, 0.5524756, 1.648498]);
  closeF32(flat(random.normal(row(random.split(random.key(123), 1), 0), [3])), [0.5362355, -1.1920372, 2.450225]);
    assert.equal(K0.dtype, "uint32");
    assert.deepEqual(K0.toArray(), [0, 0]);
    assert.deepEqual(random.key(42).toArray(), [0, 42]);
    assert.deepEqual(random.key(2 ** 32 + 5).toArray(), [1, 5]);
    // JAX docs, "🔪 JAX - The Sharp Bits 🔪" notebook (Common Gotchas), section "JAX PRNG" (as in its Korean
    // translation of the docs): PRNGKey(0) → [0 0]; normal(key, (1,)) → [-0.20584226]; split → new key
    // [4146024105 967050713], subkey [2718843009 1272950319] → normal [-1.2515389]; split again → key
    // [2384771982 3928867769], subkey [1278412471 2182328957] → normal [-0.58665055]; then
    // `key, *subkeys = split(key, 4)` → normals [-0.37533438], [0.98645043], [0.14553197].
    // normal(key(0)) = -0.20584226 is also in JAX's jax.experimental.key_reuse docstring.
    closeF32(flat(random.normal(K0, [1])), [-0.20584226]);
    closeF32(flat(random.normal(K0)), [-0.20584226]);
    const s1 = random.split(K0);
    assert.deepEqual(s1.toArray(), [[4146024105, 967050713], [2718843009, 1272950319]]);
    closeF32(flat(random.normal(row(s1, 1), [1])), [-1.2515389]);
    const s2 = random.split(row(s1, 0));
    assert.deepEqual(s2.toArray(), [[2384771982, 3928867769], [1278412471, 2182328957]]);
    closeF32(flat(random.normal(row(s2, 1), [1])), [-0.58665055]);
    const s3 = random.split(row(s2, 0), 4);
    closeF32([1, 2, 3].map((i) => flat(random.normal(row(s3, i), [1]))[0]), [-0.37533438, 0.98645043, 0.14553197]);
    // A JAX walkthrough page ("verified, jax 0.4.38 CPU", before jax_threefry_partitionable became the
    // default in 0.5): bits(key(0), (4,)) = [4146024105 967050713 2718843009 1272950319] and
    // normal(key(0), (4,)) = normal(key(0), (2, 2)).reshape(4) = [1.8160863 -0.75488514 0.33988908 -0.53483534].
    assert.deepEqual(flat(random.bits(K0, [4])), [4146024105, 967050713, 2718843009, 1272950319]);
    closeF32(flat(random.normal(K0, [4])), [1.8160863, -0.75488514, 0.33988908, -0.53483534]);
    closeF32(flat(random.normal(K0, [2, 2])), [1.8160863, -0.75488514, 0.33988908, -0.53483534]);
}));

test("the scheme switch retraces compiled draws; key seeds from int arrays (JAX's test_prng_seeds_and_keys)", () => {
  const f = jit((k: NDArray) => random.uniform(k, [3]));
  const now = flat(f(K0));
  const old = legacy(() => flat(f(K0)));
  assert.notDeepEqual(now, old);
  assert.deepEqual(old, legacy(() => flat(random.uniform(K0, [3]))));
  assert.deepEqual(flat(f(K0)), now);
  assert.throws(() => config.update({ threefryPartitionable: 1 as never }), /^TypeError: config\.update: threefryPartitionable must be a boolean, got 1$/);
  // seeds: numbers, and traced int32/uint32 arrays (int32 taken modulo 2³², as JAX with 32-bit ints)
  const i32 = (v: number) => np.array(v, { dtype: "int32" });
  assert.deepEqual(random.key(i32(1)).toArray(), [0, 1]);
  assert.deepEqual(random.key(i32(-2)).toArray(), [0, 4294967294]);
  assert.deepEqual(random.key(np.array(2 ** 31 + 100, { dtype: "uint32" })).toArray(), [0, 2147483748]);
  assert.deepEqual(random.key(2 ** 31 + 99).toArray(), [0, 2147483747]);
  assert.deepEqual((vmap(random.key)(np.arange(3)) as NDArray).toArray(), [[0, 0], [0, 1], [0, 2]]);
  assert.deepEqual((jit(random.key)(i32(5)) as NDArray).toArray(), [0, 5]);
  // a key per seed, then a draw per key, all under one jit(vmap)
  const draws = jit(vmap((s: NDArray) => random.uniform(random.key(s), [2])))(np.arange(3)) as NDArray;
  assert.deepEqual(draws.toArray(), [0, 1, 2].map((s) => flat(random.uniform(random.key(s), [2]))));
  assert.throws(() => random.key(np.array([1, 2])), /^TypeError: random\.key: an array seed must be an int32 or uint32 array of shape \[\].*got float32\[2\]/);
  assert.throws(() => random.key(np.array(1.5)), /random\.key: an array seed must be an int32 or uint32 array/);
});

test("uniform is built from the bits exactly as JAX: (bits >>> 9)·2⁻²³, and 64-bit words for float64 (legacy layout)", () => legacy(() => {
  const b = flat(random.bits(K0, [7]));
  assert.deepEqual(flat(random.uniform(K0, [7])), b.map((v) => Math.fround((v >>> 9) * 2 ** -23)));
  const w = flat(random.bits(K0, [14])); // float64: high words then low words, 52 top bits
  const u64 = flat(random.uniform(K0, [7], { dtype: "float64" }));
  assert.deepEqual(u64, w.slice(0, 7).map((hi, i) => (hi * 2 ** 20 + Math.floor(w[7 + i] / 2 ** 12)) * 2 ** -52));
  // scaled: u·(max − min) + min in float32
  const s = flat(random.uniform(K0, [7], { minval: -2, maxval: 3 }));
  assert.deepEqual(s, b.map((v) => Math.max(-2, Math.fround(Math.fround(Math.fround((v >>> 9) * 2 ** -23) * 5) - 2))));
  // odd sizes pad the counters with one 0 and drop the extra word
  const b5 = flat(random.bits(K0, [5]));
  assert.equal(new Set(b5).size, 5);
}));

test("uniform from the partitionable words: float32 from their xor, float64 from (high, low) = (word 0, word 1)", () => {
  const k = random.key(1701);
  const [w0, w1] = threefry2x32Words(scalarU32(0), scalarU32(1701), u32(Array(7).fill(0)), u32([0, 1, 2, 3, 4, 5, 6])).map(flat);
  const x = w0.map((v, i) => (v ^ w1[i]) >>> 0);
  assert.deepEqual(flat(random.bits(k, [7])), x);
  assert.deepEqual(flat(random.bits(k, [7, 1])), x);
  assert.deepEqual(flat(random.uniform(k, [7])), x.map((v) => Math.fround((v >>> 9) * 2 ** -23)));
  assert.deepEqual(flat(random.uniform(k, [7], { dtype: "float64" })), w0.map((hi, i) => (hi * 2 ** 20 + Math.floor(w1[i] / 2 ** 12)) * 2 ** -52));
  assert.deepEqual(random.split(k, 7).toArray(), w0.map((a, i) => [a, w1[i]]));
  assert.deepEqual(random.bits(k, [0, 3]).shape, [0, 3]);
  assert.deepEqual(random.split(k, 0).shape, [0, 2]);
});

// ---- determinism: eager = jit = vmap, on both backends ----

const DRAWS: [string, (k: NDArray) => NDArray][] = [
  ["bits", (k) => random.bits(k, [5])],
  ["uniform f32", (k) => random.uniform(k, [5], { minval: -1, maxval: 2 })],
  ["uniform f64", (k) => random.uniform(k, [5], { dtype: "float64" })],
  ["normal f32", (k) => random.normal(k, [2, 3])],
  ["normal f64", (k) => random.normal(k, [3], { dtype: "float64" })],
  ["bernoulli", (k) => random.bernoulli(k, 0.3, [6])],
  ["randint", (k) => random.randint(k, [6], -5, 9)],
  ["exponential", (k) => random.exponential(k, [4])],
  ["gumbel", (k) => random.gumbel(k, [4])],
  ["categorical", (k) => random.categorical(k, np.array([[0, 1, 2], [2, 0, -1]]), { shape: [4, 2] })],
  ["permutation", (k) => random.permutation(k, 7)],
  ["choice", (k) => random.choice(k, 9, [3], { replace: false })],
  ["choice p", (k) => random.choice(k, 3, [4], { p: np.array([0.2, 0.3, 0.5]) })],
  ["truncatedNormal", (k) => random.truncatedNormal(k, -1, 2, [4])],
  ["gamma", (k) => random.gamma(k, np.array([0.5, 3]), [3, 2])],
  ["beta", (k) => random.beta(k, 2, 0.5, [3])],
  ["dirichlet", (k) => random.dirichlet(k, np.array([1, 2, 3]), [2])],
  ["multivariateNormal", (k) => random.multivariateNormal(k, np.array([1, -1]), np.array([[2, 0.5], [0.5, 1]]), [3])],
  ["split", (k) => random.split(k, 3)],
  ["foldIn", (k) => random.foldIn(k, 12345)],
];

// Draws through a matrix product: vmap turns the matrix–vector product into a matrix product, and where
// the engine has relaxed SIMD the matmul kernel multiply–adds fused (docs/architecture.md, Routines), so
// eager and batched results may differ in the last float32 bit; everything else is bit-identical.
const PRODUCT_DRAWS = new Set(["multivariateNormal"]);
function same(name: string, actual: unknown, expected: unknown, what: string): void {
  if (!PRODUCT_DRAWS.has(name)) return assert.deepEqual(actual, expected, what);
  const a = (actual as unknown[]).flat(4) as number[], e = (expected as unknown[]).flat(4) as number[];
  assert.equal(a.length, e.length, what);
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) <= 1e-6 * Math.max(1, Math.abs(e[i])), `${what}: ${v} vs ${e[i]} at ${i}`));
}

test("determinism: same key → same numbers; eager = jit = vmap over keys", () => {
  const keys = random.split(random.key(7), 3);
  for (const [name, f] of DRAWS) {
    const eager = [0, 1, 2].map((i) => f(row(keys, i)).toArray());
    assert.deepEqual(f(row(keys, 0)).toArray(), eager[0], `${name}: repeatable`);
    assert.notDeepEqual(eager[0], eager[1], `${name}: keys differ`);
    const jf = jit(f);
    same(name, jf(row(keys, 1)).toArray(), eager[1], `${name}: jit`);
    same(name, (vmap(f)(keys) as NDArray).toArray(), eager, `${name}: vmap`);
    same(name, (jit(vmap(f))(keys) as NDArray).toArray(), eager, `${name}: jit(vmap)`);
  }
  // the brief's example: one normal per key
  const z = vmap((k: NDArray) => random.normal(k))(random.split(K0, 5)) as NDArray;
  assert.deepEqual(z.shape, [5]);
  assert.deepEqual(flat(z), [0, 1, 2, 3, 4].map((i) => flat(random.normal(row(random.split(K0, 5), i)))[0]));
});

test("split and foldIn: distinct keys, prefix-free counters, traced data", () => {
  const ks = random.split(K0, 1000);
  const words = new Set(flat(ks));
  assert.equal(words.size, 2000);
  assert.deepEqual(random.split(K0, [2, 3]).shape, [2, 3, 2]);
  assert.deepEqual(flat(random.split(K0, [2, 3])), flat(random.split(K0, 6)));
  const f = [0, 1, 2, 2 ** 32 - 1].map((d) => flat(random.foldIn(K0, d)).join());
  assert.equal(new Set([...f, flat(K0).join()]).size, 5);
  // fold_in(key, d) hashes the counter pair (0, d): split's key d (partitionable); legacy split(key, 1) hashes the counters 0, 1 — the same pair
  assert.deepEqual(flat(random.foldIn(K0, 1)), flat(row(random.split(K0, 2), 1)));
  legacy(() => assert.deepEqual(flat(random.foldIn(K0, 1)), flat(random.split(K0, 1))));
  // data may be a traced integer (vmap over steps)
  const steps = np.arange(4, undefined, 1, { dtype: "int32" });
  const batched = vmap((d: NDArray) => random.foldIn(K0, d))(steps) as NDArray;
  assert.deepEqual(batched.toArray(), [0, 1, 2, 3].map((d) => random.foldIn(K0, d).toArray()));
  // streams from split keys are uncorrelated
  const n = 20000;
  const a = flat(random.uniform(row(ks, 0), [n])), b = flat(random.uniform(row(ks, 1), [n]));
  const ma = mean(a), mb = mean(b);
  const corr = a.reduce((s, v, i) => s + (v - ma) * (b[i] - mb), 0) / Math.sqrt(a.reduce((s, v) => s + (v - ma) ** 2, 0) * b.reduce((s, v) => s + (v - mb) ** 2, 0));
  assert.ok(Math.abs(corr) < 4 / Math.sqrt(n), `corr ${corr}`);
});

// ---- statistics ----

const N = 100000;
const KS_CRIT = 1.95 / Math.sqrt(N); // α = 0.001
/** Checks the mean and variance within 5 standard errors (the variance's from the fourth moment). */
function moments(name: string, xs: number[], mu: number, sigma2: number, kurt: number): void {
  const m = mean(xs), v = variance(xs), n = xs.length;
  assert.ok(Math.abs(m - mu) < 5 * Math.sqrt(sigma2 / n), `${name}: mean ${m} vs ${mu}`);
  assert.ok(Math.abs(v - sigma2) < 5 * sigma2 * Math.sqrt((kurt - 1) / n), `${name}: variance ${v} vs ${sigma2}`);
}
/** erfc by its continued fraction in the tails, 1 − erf (series) near 0. */
function erfcRef(x: number): number {
  if (x < 0) return 2 - erfcRef(-x);
  if (x < 2.5) return 1 - erfRef(x);
  let f = x;
  for (let n = 80; n >= 1; n--) f = x + n / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
const Phi = (x: number) => 0.5 * erfcRef(-x / Math.SQRT2);

test("uniform: moments, KS, range [minval, maxval), float32 and float64", () => {
  for (const dtype of ["float32", "float64"] as const) {
    const xs = flat(random.uniform(random.key(1), [N], { dtype }));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    moments(`uniform ${dtype}`, xs, 0.5, 1 / 12, 1.8);
    const d = ks(xs, (x) => x);
    assert.ok(d < KS_CRIT, `uniform ${dtype}: KS ${d}`);
    const ys = flat(random.uniform(random.key(2), [N], { dtype, minval: -3, maxval: 5 }));
    assert.ok(ys.every((y) => y >= -3 && y < 5));
    assert.ok(ks(ys, (y) => (y + 3) / 8) < KS_CRIT);
  }
  // array bounds broadcast over the sample shape
  const lo = np.array([0, 10, 100]), hi = np.array([1, 20, 200]);
  const b = random.uniform(random.key(3), [1000, 3], { minval: lo, maxval: hi });
  const cols = [0, 1, 2].map((j) => flat(b.get(np.s(), j)));
  cols.forEach((c, j) => assert.ok(c.every((v) => v >= [0, 10, 100][j] && v < [1, 20, 200][j])));
});

test("normal: moments, KS against Φ, tails, float64 accuracy of erfinv", () => {
  for (const dtype of ["float32", "float64"] as const) {
    const xs = flat(random.normal(random.key(4), [N], { dtype }));
    moments(`normal ${dtype}`, xs, 0, 1, 3);
    const d = ks(xs, Phi);
    assert.ok(d < KS_CRIT, `normal ${dtype}: KS ${d}`);
    assert.ok(xs.every(Number.isFinite));
    const tail = xs.filter((x) => Math.abs(x) > 3).length / N; // 2·Φ(−3) = 0.0027
    assert.ok(Math.abs(tail - 0.0027) < 5 * Math.sqrt(0.0027 / N), `tail mass ${tail}`);
  }
  // float64: z = √2·erfinv(u), so Φ(z) = (u + 1)/2 to ~1e-15 (the uniform in (−1, 1) from the same bits);
  // the float32 polynomial alone would be off by ~1e-7 relative. (The tolerance covers the reference Φ's own error.)
  const z = flat(random.normal(random.key(5), [2000], { dtype: "float64" }));
  const u = flat(random.uniform(random.key(5), [2000], { dtype: "float64", minval: -1 + 2 ** -53, maxval: 1 }));
  z.forEach((zi, i) => {
    const p = (u[i] + 1) / 2;
    const got = Phi(zi);
    assert.ok(Math.abs(got - p) <= 1e-13 * Math.min(p, 1 - p) + 2e-15, `element ${i}: Φ(${zi}) = ${got} vs ${p}`);
  });
});

test("exponential and gumbel: moments and KS", () => {
  const e = flat(random.exponential(random.key(6), [N]));
  assert.ok(e.every((v) => v >= 0 && Number.isFinite(v)));
  moments("exponential", e, 1, 1, 9);
  assert.ok(ks(e, (x) => 1 - Math.exp(-x)) < KS_CRIT);
  const e64 = flat(random.exponential(random.key(6), [N], { dtype: "float64" }));
  assert.ok(ks(e64, (x) => 1 - Math.exp(-x)) < KS_CRIT);
  const g = flat(random.gumbel(random.key(7), [N]));
  moments("gumbel", g, 0.5772156649015329, Math.PI ** 2 / 6, 5.4);
  assert.ok(ks(g, (x) => Math.exp(-Math.exp(-x))) < KS_CRIT);
});

test("truncatedNormal: support, KS against the truncated CDF", () => {
  for (const [lo, hi] of [[-1, 2], [0.5, 3], [-Infinity, 0]] as const) {
    const xs = flat(random.truncatedNormal(random.key(8), lo, hi, [N]));
    assert.ok(xs.every((x) => x > lo && x < hi), `support (${lo}, ${hi})`);
    const z = Phi(hi) - Phi(lo);
    const d = ks(xs, (x) => (Phi(x) - Phi(lo)) / z);
    assert.ok(d < KS_CRIT, `truncated (${lo}, ${hi}): KS ${d}`);
  }
});

test("bernoulli: frequency, array p, default shape", () => {
  const b = random.bernoulli(random.key(9), 0.3, [N]);
  assert.equal(b.dtype, "bool");
  const f = mean(flat(b));
  assert.ok(Math.abs(f - 0.3) < 5 * Math.sqrt(0.21 / N), `frequency ${f}`);
  assert.ok(flat(random.bernoulli(random.key(9), 0, [1000])).every((v) => v === 0));
  assert.ok(flat(random.bernoulli(random.key(9), 1, [1000])).every((v) => v === 1));
  const p = np.array([0.1, 0.9]);
  assert.deepEqual(random.bernoulli(random.key(9), p).shape, [2]);
  const m = random.bernoulli(random.key(10), p, [20000, 2]);
  const cols = [0, 1].map((j) => mean(flat(m.get(np.s(), j))));
  cols.forEach((c, j) => assert.ok(Math.abs(c - [0.1, 0.9][j]) < 5 * Math.sqrt(0.09 / 20000), `column ${j}: ${c}`));
  assert.deepEqual(random.bernoulli(K0).shape, []);
});

test("randint: range, uniform counts (χ²), dtypes, the full uint32 range", () => {
  const r = random.randint(random.key(11), [N], -3, 7);
  assert.equal(r.dtype, "int32");
  const xs = flat(r);
  const counts = new Array(10).fill(0);
  xs.forEach((v) => {
    assert.ok(Number.isInteger(v) && v >= -3 && v < 7);
    counts[v + 3]++;
  });
  const chi2 = counts.reduce((s, c) => s + (c - N / 10) ** 2 / (N / 10), 0);
  assert.ok(chi2 < 27.9, `χ² ${chi2} (9 dof, p = 0.001 at 27.9)`);
  const big = flat(random.randint(random.key(12), [N], 0, 2 ** 32, { dtype: "uint32" }));
  assert.ok(big.every((v) => v >= 0 && v < 2 ** 32));
  moments("randint uint32", big, (2 ** 32 - 1) / 2, (2 ** 64 - 1) / 12, 1.8);
  const wide = flat(random.randint(random.key(13), [N], -(2 ** 31), 2 ** 31 - 1));
  assert.ok(wide.some((v) => v < -(2 ** 30)) && wide.some((v) => v > 2 ** 30));
  // array bounds
  const lo = np.array([0, 100], { dtype: "int32" }), hi = np.array([2, 105], { dtype: "int32" });
  const rb = random.randint(random.key(14), [500, 2], lo, hi);
  assert.ok(flat(rb.get(np.s(), 0)).every((v) => v === 0 || v === 1));
  assert.ok(flat(rb.get(np.s(), 1)).every((v) => v >= 100 && v < 105));
});

test("categorical: frequencies follow softmax(logits), axis and shape", () => {
  const p = [0.1, 0.2, 0.7];
  const c = random.categorical(random.key(15), np.log(np.array(p)), { shape: [N] });
  assert.equal(c.dtype, "int32");
  const xs = flat(c);
  p.forEach((pi, j) => {
    const f = xs.filter((v) => v === j).length / N;
    assert.ok(Math.abs(f - pi) < 5 * Math.sqrt((pi * (1 - pi)) / N), `class ${j}: ${f}`);
  });
  // a batch of distributions along axis 0
  const logits = np.log(np.array([[0.9, 0.05], [0.1, 0.95]])); // columns are distributions
  const d = random.categorical(random.key(16), logits, { axis: 0, shape: [5000, 2] });
  assert.deepEqual(d.shape, [5000, 2]);
  const c0 = mean(flat(d.get(np.s(), 0))), c1 = mean(flat(d.get(np.s(), 1)));
  assert.ok(Math.abs(c0 - 0.1) < 0.03 && Math.abs(c1 - 0.95) < 0.03, `${c0}, ${c1}`);
  assert.deepEqual(random.categorical(K0, np.zeros([4, 3])).shape, [4]);
});

test("categorical: JAX's shape broadcasting, and replace: false (Gumbel top-k)", () => {
  // logits' batch dimensions of size 1 broadcast to shape's trailing dimensions
  const lg = np.log(np.array([[0.1, 0.2, 0.7]])); // batch [1], 3 categories
  const b = random.categorical(random.key(3), lg, { shape: [2000, 4] });
  assert.deepEqual(b.shape, [2000, 4]);
  const counts = [0, 1, 2].map((j) => flat(b).filter((v) => v === j).length / 8000);
  counts.forEach((f, j) => assert.ok(Math.abs(f - [0.1, 0.2, 0.7][j]) < 0.03, `class ${j}: ${f}`));
  // the four columns are different draws
  assert.notDeepEqual(flat(b.get(np.s(), 0)), flat(b.get(np.s(), 1)));
  // axis 0 with broadcasting: logits [3, 1] → batch [1] → shape [5, 6]
  assert.deepEqual(random.categorical(K0, np.zeros([3, 1]), { axis: 0, shape: [5, 6] }).shape, [5, 6]);
  assert.throws(() => random.categorical(K0, np.zeros([2, 3]), { shape: [5, 3] }), /random\.categorical: shape \[5, ?3\] is not compatible with the batch shape \[2\]/);
  assert.throws(() => random.categorical(K0, np.zeros([2, 3]), { shape: [] }), /not compatible/);
  // without replacement: each batch element's k samples are distinct categories
  const perm = random.categorical(random.key(4), np.zeros([6]), { shape: [6], replace: false });
  assert.deepEqual([...flat(perm)].sort(), [0, 1, 2, 3, 4, 5]);
  assert.equal(perm.dtype, "int32");
  const two = random.categorical(random.key(5), np.zeros([3, 10]), { shape: [4, 3], replace: false }); // 4 draws for each of 3 rows
  assert.deepEqual(two.shape, [4, 3]);
  for (let r = 0; r < 3; r++) assert.equal(new Set(flat(two.get(np.s(), r))).size, 4);
  // along axis 0: logits [10, 3] → batch [3]
  const ax0 = random.categorical(random.key(5), np.zeros([10, 3]), { axis: 0, shape: [4, 3], replace: false });
  for (let r = 0; r < 3; r++) assert.equal(new Set(flat(ax0.get(np.s(), r))).size, 4);
  // the first draw without replacement has the softmax distribution; later ones avoid what was taken
  const p = [0.5, 0.3, 0.2];
  const keys = random.split(random.key(6), 4000);
  const firsts = vmap((k: NDArray) => random.categorical(k, np.log(np.array(p)), { shape: [2], replace: false }))(keys) as NDArray;
  const f0 = flat(firsts.get(np.s(), 0)), f1 = flat(firsts.get(np.s(), 1));
  p.forEach((pi, j) => assert.ok(Math.abs(f0.filter((v) => v === j).length / 4000 - pi) < 0.03, `first draw, class ${j}`));
  assert.ok(f0.every((v, i) => v !== f1[i]));
  // second draw given the first was 0: categories 1, 2 with probabilities 0.3/0.5, 0.2/0.5
  const after0 = f1.filter((_, i) => f0[i] === 0);
  assert.ok(Math.abs(after0.filter((v) => v === 1).length / after0.length - 0.6) < 0.05);
  // jit gives the same draws
  const jf = jit((k: NDArray) => random.categorical(k, np.zeros([3, 10]), { shape: [4, 3], replace: false }));
  assert.deepEqual(jf(random.key(5)).toArray(), two.toArray());
  assert.throws(() => random.categorical(K0, np.zeros([3]), { shape: [4], replace: false }), /random\.categorical: cannot draw 4 samples \(shape \[4\]\) without replacement from 3 categories/);
  assert.throws(() => random.categorical(K0, np.zeros([1, 3]), { shape: [2, 5], replace: false }), /must end with the batch shape \[1\]/);
  assert.throws(() => random.categorical(K0, np.zeros([3]), { replace: 0 as never }), /random\.categorical: replace must be a boolean, got 0/);
});

test("permutation: a permutation, uniform positions over keys, arrays along an axis", () => {
  const p = flat(random.permutation(K0, 10));
  assert.deepEqual([...p].sort((a, b) => a - b), [...Array(10).keys()]);
  assert.deepEqual(flat(random.permutation(K0, 0)), []);
  // large enough for two sorting rounds (n > 1625)
  const big = flat(random.permutation(K0, 3000));
  assert.deepEqual([...big].sort((a, b) => a - b), [...Array(3000).keys()]);
  // over many keys, the first element is uniform on 0 … 4
  const first = flat(vmap((k: NDArray) => random.permutation(k, 5).get(0))(random.split(random.key(17), 20000)) as NDArray);
  const counts = [0, 1, 2, 3, 4].map((j) => first.filter((v) => v === j).length);
  const chi2 = counts.reduce((s, c) => s + (c - 4000) ** 2 / 4000, 0);
  assert.ok(chi2 < 18.5, `χ² ${chi2} (4 dof)`);
  const x = np.arange(12).reshape([3, 4]);
  const rows = random.permutation(random.key(18), x);
  assert.deepEqual(rows.shape, [3, 4]);
  assert.deepEqual((rows.toArray() as number[][]).map((r) => r[0]).sort((a, b) => a - b), [0, 4, 8]);
  const cols = random.permutation(random.key(18), x, { axis: 1 }).toArray() as number[][];
  assert.deepEqual([...cols[0]].sort((a, b) => a - b), [0, 1, 2, 3]);
  assert.deepEqual(cols[1], cols[0].map((v) => v + 4));
});

test("choice: with and without replacement, probabilities, arrays and shapes", () => {
  const a = flat(random.choice(random.key(19), 5, [N]));
  [0, 1, 2, 3, 4].forEach((j) => assert.ok(Math.abs(a.filter((v) => v === j).length / N - 0.2) < 5 * Math.sqrt(0.16 / N)));
  const nr = flat(random.choice(random.key(20), 10, [10], { replace: false }));
  assert.deepEqual([...nr].sort((x, y) => x - y), [...Array(10).keys()]);
  const p = np.array([0.5, 0, 0.2, 0.3]);
  const w = flat(random.choice(random.key(21), 4, [N], { p }));
  [0.5, 0, 0.2, 0.3].forEach((pj, j) => {
    const f = w.filter((v) => v === j).length / N;
    assert.ok(Math.abs(f - pj) < 5 * Math.sqrt((pj * (1 - pj)) / N) + 1e-12, `p class ${j}: ${f}`);
  });
  const wr = flat(random.choice(random.key(22), 4, [3], { p, replace: false }));
  assert.equal(new Set(wr).size, 3);
  assert.ok(!wr.includes(1), "a zero-probability element is never drawn without replacement");
  const arr = np.array([[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(random.choice(random.key(23), arr, [4, 5]).shape, [4, 5, 2]);
  assert.deepEqual(random.choice(random.key(23), arr, [7], { axis: 1 }).shape, [3, 7]);
  assert.deepEqual(random.choice(random.key(23), 3).shape, []);
  assert.deepEqual(random.choice(random.key(23), 3, [], { p: np.array([0.2, 0.3, 0.5]) }).shape, []);
  assert.deepEqual(random.choice(random.key(23), arr, [], { p: np.array([0.2, 0.3, 0.5]) }).shape, [2]);
});

test("gamma, beta, dirichlet: KS against closed-form CDFs, moments, support", () => {
  const n = 20000, crit = 1.95 / Math.sqrt(n);
  const cdfs: [number, (x: number) => number][] = [
    [0.5, (x) => erfRef(Math.sqrt(Math.min(x, 9)))], // Gamma(½) = χ²₁/2: P = erf(√x)
    [1, (x) => 1 - Math.exp(-x)],
    [2, (x) => 1 - Math.exp(-x) * (1 + x)],
  ];
  for (const [a, cdf] of cdfs) {
    for (const dtype of a === 2 ? (["float32", "float64"] as const) : (["float32"] as const)) {
      const xs = flat(random.gamma(random.key(30), a, [n], { dtype }));
      assert.ok(xs.every((x) => x >= 0 && Number.isFinite(x)));
      const d = ks(xs, cdf);
      assert.ok(d < crit, `gamma(${a}) ${dtype}: KS ${d}`);
    }
  }
  for (const a of [0.1, 4.5, 30]) {
    const xs = flat(random.gamma(random.key(31), a, [n]));
    moments(`gamma(${a})`, xs, a, a, 3 + 6 / a);
  }
  // per-element concentrations
  const g = random.gamma(random.key(32), np.array([1, 10]), [n, 2]);
  assert.ok(Math.abs(mean(flat(g.get(np.s(), 1))) - 10) < 5 * Math.sqrt(10 / n));
  // Beta(½, ½) is the arcsine law: P = (2/π)·asin(√x)
  const b = flat(random.beta(random.key(33), 0.5, 0.5, [n]));
  assert.ok(b.every((x) => x >= 0 && x <= 1));
  assert.ok(ks(b, (x) => (2 / Math.PI) * Math.asin(Math.sqrt(x))) < crit);
  const b25 = flat(random.beta(random.key(34), 2, 5, [n]));
  moments("beta(2, 5)", b25, 2 / 7, 10 / (49 * 8), 2.1);
  // tiny concentrations stay finite thanks to the log-space boost
  assert.ok(flat(random.beta(random.key(35), 0.01, 0.01, [1000])).every((x) => x >= 0 && x <= 1));
  const alpha = [1, 2, 7];
  const dz = random.dirichlet(random.key(36), np.array(alpha), [n]);
  assert.deepEqual(dz.shape, [n, 3]);
  const rows = dz.toArray() as number[][];
  assert.ok(rows.every((r) => Math.abs(r[0] + r[1] + r[2] - 1) < 1e-5));
  alpha.forEach((ai, j) => {
    const m = ai / 10, v = (m * (1 - m)) / 11;
    assert.ok(Math.abs(mean(rows.map((r) => r[j])) - m) < 5 * Math.sqrt(v / n), `dirichlet component ${j}`);
  });
});

test("multivariateNormal: sample mean and covariance, the Cholesky factor, gradients", () => {
  const mu = [1, -1, 0];
  const cov = [[2, 0.6, 0], [0.6, 1, 0.3], [0, 0.3, 0.5]];
  const n = 50000;
  const xs = random.multivariateNormal(random.key(40), np.array(mu, { dtype: "float64" }), np.array(cov, { dtype: "float64" }), [n]);
  assert.deepEqual(xs.shape, [n, 3]);
  assert.equal(xs.dtype, "float64");
  const rows = xs.toArray() as number[][];
  const m = [0, 1, 2].map((j) => mean(rows.map((r) => r[j])));
  m.forEach((mj, j) => assert.ok(Math.abs(mj - mu[j]) < 5 * Math.sqrt(cov[j][j] / n), `mean ${j}: ${mj}`));
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const c = rows.reduce((s, r) => s + (r[i] - m[i]) * (r[j] - m[j]), 0) / (n - 1);
      const se = Math.sqrt((cov[i][i] * cov[j][j] + cov[i][j] ** 2) / n);
      assert.ok(Math.abs(c - cov[i][j]) < 5 * se, `cov[${i}][${j}]: ${c} vs ${cov[i][j]}`);
    }
  }
  // with the identity covariance the samples are exactly mean + z
  const z = flat(random.normal(random.key(41), [4, 2], { dtype: "float64" }));
  const id = flat(random.multivariateNormal(random.key(41), np.array([3, 4], { dtype: "float64" }), np.eye(2, undefined, { dtype: "float64" }), [4]));
  id.forEach((v, i) => assert.ok(Math.abs(v - (z[i] + [3, 4][i % 2])) < 1e-15));
  // a diagonal covariance scales each coordinate by its standard deviation
  const dg = flat(random.multivariateNormal(random.key(41), np.zeros([2], { dtype: "float64" }), np.array([[4, 0], [0, 9]], { dtype: "float64" }), [4]));
  dg.forEach((v, i) => assert.ok(Math.abs(v - z[i] * [2, 3][i % 2]) < 1e-14));
  // d/dmean of the sample sum = the number of samples, per coordinate
  const g = grad((m0: NDArray) => np.sum(random.multivariateNormal(random.key(42), m0, np.array([[1, 0.2], [0.2, 1]]), [5])))(np.array([0, 0])) as NDArray;
  assert.deepEqual(flat(g), [5, 5]);
});

// ---- shapes, dtypes, gradients ----

test("shapes and dtypes", () => {
  assert.equal(random.uniform(K0).dtype, "float32");
  assert.deepEqual(random.uniform(K0).shape, []);
  assert.equal(random.uniform(K0, [2], { dtype: "float64" }).dtype, "float64");
  assert.deepEqual(random.normal(K0, [2, 3, 4]).shape, [2, 3, 4]);
  assert.equal(random.normal(K0, 3, { dtype: "float64" }).dtype, "float64");
  assert.equal(random.bits(K0, [3]).dtype, "uint32");
  assert.equal(random.randint(K0, [3], 0, 5, { dtype: "uint32" }).dtype, "uint32");
  assert.equal(random.exponential(K0, [2], { dtype: "float64" }).dtype, "float64");
  assert.deepEqual(random.uniform(K0, [0, 3]).shape, [0, 3]);
  assert.deepEqual(random.split(K0, 0).shape, [0, 2]);
  assert.equal(random.split(K0).dtype, "uint32");
  assert.equal(random.permutation(K0, 4).dtype, "int32");
});

test("gradients flow through samples to the parameters (reparameterisation), not to keys", () => {
  const z = random.normal(random.key(24), [1000]);
  const zbar = mean(flat(z));
  const loss = (mu: NDArray, sigma: NDArray) => np.mean(np.add(mu, np.multiply(sigma, random.normal(random.key(24), [1000]))));
  const [gmu, gsigma] = grad(loss, { argnums: [0, 1] })(np.array(0.5), np.array(2)) as NDArray[];
  assert.ok(Math.abs(gmu.item() - 1) < 1e-6);
  assert.ok(Math.abs(gsigma.item() - zbar) < 1e-6, `${gsigma.item()} vs ${zbar}`);
  // d/dmaxval mean(uniform(lo, hi)) = mean(u)
  const u = mean(flat(random.uniform(random.key(25), [1000])));
  const gu = grad((hi: NDArray) => np.mean(random.uniform(random.key(25), [1000], { minval: 0, maxval: hi })))(np.array(3));
  assert.ok(Math.abs((gu as NDArray).item() - u) < 1e-6);
  // and under jit, with the key as an argument
  const g2 = jit(grad((mu: NDArray, k: NDArray) => np.sum(np.square(np.subtract(random.normal(k, [10]), mu)))))(np.array(0.1), random.key(26)) as NDArray;
  const zz = flat(random.normal(random.key(26), [10]));
  assert.ok(Math.abs(g2.item() - zz.reduce((s, v) => s - 2 * (v - 0.1), 0)) < 1e-4);
});

// ---- errors ----

test("errors name the function, the offending input and what was expected", () => {
  const throwsMsg = (f: () => unknown, re: RegExp) => assert.throws(f, (e: Error) => re.test(e.message) || assert.fail(`message: ${e.message}`));
  throwsMsg(() => random.normal(np.array([0, 0]) as NDArray), /random\.normal: expected a PRNG key \(uint32 of shape \[2\].*got float32\[2\]/);
  throwsMsg(() => random.uniform(random.split(K0, 3)), /random\.uniform: .*got uint32\[3,2\].*vmap/);
  throwsMsg(() => random.key(-1), /random\.key: seed must be a non-negative integer.*-1/);
  throwsMsg(() => random.key(1.5), /random\.key: seed/);
  throwsMsg(() => random.randint(K0, [3], 5, 5), /random\.randint: minval must be less than maxval, got minval=5, maxval=5/);
  throwsMsg(() => random.randint(K0, [3], 0, 2.5), /random\.randint: maxval must be an integer/);
  throwsMsg(() => random.bernoulli(K0, 1.5), /random\.bernoulli: p must be in \[0, 1\], got 1\.5/);
  throwsMsg(() => random.bernoulli(K0, np.array([0.5, -0.1])), /random\.bernoulli: p must be in \[0, 1\].*-0\.1/);
  throwsMsg(() => random.uniform(K0, [2], { dtype: "int32" as any }), /random\.uniform: dtype must be float32 or float64, got int32/);
  throwsMsg(() => random.uniform(K0, [2], { minval: np.zeros([3]) }), /random\.uniform: minval of shape \[3\] does not broadcast to the sample shape \[2\]/);
  throwsMsg(() => random.normal(K0, [-1]), /random\.normal: shape must be non-negative integers/);
  throwsMsg(() => random.choice(K0, 3, [4], { replace: false }), /random\.choice: cannot take 4 samples .* from 3 without replacement/);
  throwsMsg(() => random.choice(K0, 3, [4], { p: np.array([0.5, 0.5]) }), /random\.choice: p must be a 1-d float array of length 3, got float32\[2\]/);
  throwsMsg(() => random.categorical(K0, np.zeros([4, 3]), { shape: [5] }), /random\.categorical: shape \[5\] is not compatible with the batch shape \[4\]/);
  throwsMsg(() => random.foldIn(K0, -2), /random\.foldIn: data must be an integer in \[0, 2\^32\), got -2/);
  throwsMsg(() => random.truncatedNormal(K0, 1, 0), /random\.truncatedNormal: expected lower < upper/);
  throwsMsg(() => random.permutation(K0, 2.5), /random\.permutation: n must be a non-negative integer/);
  throwsMsg(() => random.gamma(K0, -1), /random\.gamma: a must be positive, got -1/);
  throwsMsg(() => random.gamma(K0, np.ones([3]), [2]), /random\.gamma: a of shape \[3\] does not broadcast to the sample shape \[2\]/);
  throwsMsg(() => random.dirichlet(K0, np.array(1)), /random\.dirichlet: alpha must have at least one dimension/);
  throwsMsg(() => random.multivariateNormal(K0, np.zeros([2]), np.eye(3)), /random\.multivariateNormal: expected mean \[..., n\] and cov \[..., n, n\] with the same n, got mean \[2\] and cov \[3,3\]/);
});

test("gamma-family draws: scale parameters are differentiable", () => {
  const k = random.key(3);
  const g = random.gamma(k, 2.5, [100]);
  // d/dθ mean(θ·G) = mean(G)
  const d = grad((th: NDArray) => np.mean(np.multiply(th, random.gamma(k, 2.5, [100]))))(2.0);
  assert.ok(Math.abs(d.item() - np.mean(g).item()) < 1e-5 * Math.abs(np.mean(g).item()));
});

// d(log z)/da = −∂P(a, z)/∂a / (z·p(z; a)) against 50-digit mpmath (mp.diff of gammainc, regularized)
test("gamma's implicit shape gradient matches high-precision values (series and continued-fraction regions)", () => {
  const ref: [number, number, number][] = [
    [0.1, -11.512925464970228, 110.89279600203115], [0.5, -1.203972804325936, 3.3660064864961822],
    [1.0, 0.69314718055994531, 0.81584573117485038], [2.5, 0.0, 0.65079385968628221],
    [2.5, 1.791759469228055, 0.26716444153670687], [30, 3.2188758248682007, 0.03666726398942629],
    [30, 3.6888794541139363, 0.028928185660828496], [500, 6.253828811575473, 0.0019616894358287816],
    [0.01, -184.20680743952365, 18364.592198165498], [1e4, 9.2153279134872218, 9.9752492749905554e-5],
    [3.0, -4.6051701859880913, 1.9588658948523626], [0.7, 2.7080502011022101, 0.2610665888851958],
  ];
  for (const [a, lz, want] of ref) assert.ok(Math.abs(gammaLogGrad(a, lz) - want) <= 2e-13 * Math.abs(want), `a = ${a}, log z = ${lz}: ${gammaLogGrad(a, lz)} vs ${want}`);
});

// pathwise (reparameterised) derivatives of expectations: E[z] = a, E[log z] = ψ(a), E[Beta(a, b)] = a/(a+b)
test("gamma, beta, dirichlet: derivatives in the shape parameters give the derivatives of their means", () => {
  const n = 20000;
  const k = random.key(11);
  const meanAndSe = (x: NDArray) => [np.mean(x).item(), np.std(x).item() / Math.sqrt(n)];
  const per = (f: (a: NDArray) => NDArray, a: number) => jacfwd(f)(np.array(a, { dtype: "float64" })); // per-sample derivatives
  const [m1, se1] = meanAndSe(per((a) => random.gamma(k, a, [n]), 2.5));
  assert.ok(Math.abs(m1 - 1) < 5 * se1, `d E[z]/da = ${m1} ± ${se1}, expected 1`);
  const [m2, se2] = meanAndSe(per((a) => np.log(random.gamma(k, a, [n])), 0.3));
  const trigamma03 = 12.245370129620052; // ψ′(0.3)
  assert.ok(Math.abs(m2 - trigamma03) < 5 * se2, `d E[log z]/da = ${m2} ± ${se2}, expected ${trigamma03}`);
  const [m3, se3] = meanAndSe(per((a) => random.beta(k, a, 3, [n]), 2));
  assert.ok(Math.abs(m3 - 3 / 25) < 5 * se3, `d E[Beta(a, 3)]/da = ${m3} ± ${se3}, expected 0.12`);
  // reverse mode, jit and vmap agree with forward mode
  const f = (a: NDArray) => np.mean(random.gamma(k, a, [1000]));
  const g1 = grad(f)(np.array(2.5, { dtype: "float64" })).item();
  close(jit(grad(f))(np.array(2.5, { dtype: "float64" })), g1, 1e-12);
  close(jvp(f, [np.array(2.5, { dtype: "float64" })], [np.array(1, { dtype: "float64" })])[1], g1, 1e-12);
  close(vmap(grad(f))(np.array([2.5, 0.5], { dtype: "float64" })), [g1, grad(f)(np.array(0.5, { dtype: "float64" })).item()], 1e-12);
  // dirichlet: E[x₀] = α₀/Σα, so d/dα₀ = (Σα − α₀)/(Σα)²
  const alpha = np.array([1.5, 2, 0.5], { dtype: "float64" });
  const d0 = grad((al: NDArray) => np.mean(random.dirichlet(k, al, [n]).get(":", 0)))(alpha).toArray() as number[];
  close(d0[0], 2.5 / 16, 0.05);
  close(d0[1], -1.5 / 16, 0.05);
  assert.throws(() => grad(grad(f))(np.array(2.5, { dtype: "float64" })), /second derivatives with respect to the shape parameter are not supported/);
});

// draws compile per call structure; when a number keeps changing (an annealed parameter), later
// variants run without compiling — the values must not depend on which path ran
test("draws with a parameter that changes every call: compiled and uncompiled variants agree", () => {
  const k = random.key(5);
  const u = random.uniform(k, [6]);
  for (let i = 0; i < 12; i++) {
    const hi = 1 + i * 0.37;
    assert.deepEqual(random.uniform(k, [6], { maxval: hi }).toArray(), np.maximum(0, np.multiply(u, Math.fround(hi))).toArray(), `maxval ${hi}`);
  }
  const g = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5].map((a) => random.gamma(k, a, [3]).toArray());
  assert.deepEqual(g[10], random.gamma(k, 5.5, [3]).toArray()); // repeatable on the uncompiled path
  assert.ok(g.every((v) => (v as number[]).every((x) => x > 0)));
});
