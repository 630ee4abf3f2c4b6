/**
 * @file The general (non-symmetric) eigenvalue host kernels (src/linalg/eig_general.ts, eig_complex.ts)
 * and polynomial roots (roots.ts): against numpy.linalg.eig / numpy.roots values (computed offline,
 * embedded), the identity A·V = V·Λ on seeded random matrices (real and complex), det = Π λ,
 * hard cases (defective, rotations, cyclic permutations, companion matrices, triangular and Hessenberg
 * inputs, bad scaling), sizes 0 and 1, and NaN input.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { EigResult, eigGeneral, eigvalsGeneral } from "../src/linalg/eig_general.js";
import { eigComplex, eigvalsComplex } from "../src/linalg/eig_complex.js";
import { polyRoots, polyRootsComplex } from "../src/linalg/roots.js";
import { luKernel } from "../src/linalg/kernels_lu.js";
import { seededRandom } from "../src/numeric/check.js";

const rand = (len: number, seed: number) => {
  const r = seededRandom(seed);
  return Float64Array.from({ length: len }, () => 2 * r() - 1);
};
/** Real row-major matrix → interleaved complex. */
const toComplex = (a: ArrayLike<number>) => {
  const out = new Float64Array(2 * a.length);
  for (let i = 0; i < a.length; i++) out[2 * i] = a[i];
  return out;
};
const maxAbs = (x: ArrayLike<number>) => Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** max |A v_j − λ_j v_j| / (‖A‖max·n) over all j, A complex interleaved. */
function residual(a: Float64Array, n: number, { w, v }: EigResult): number {
  let res = 0;
  const an = Math.max(maxAbs(a), 1e-300);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      let sr = 0, si = 0;
      for (let k = 0; k < n; k++) {
        const ar = a[2 * (i * n + k)], ai = a[2 * (i * n + k) + 1], vr = v![2 * (k * n + j)], vi = v![2 * (k * n + j) + 1];
        sr += ar * vr - ai * vi;
        si += ar * vi + ai * vr;
      }
      const vr = v![2 * (i * n + j)], vi = v![2 * (i * n + j) + 1], lr = w[2 * j], li = w[2 * j + 1];
      res = Math.max(res, Math.hypot(sr - (vr * lr - vi * li), si - (vr * li + vi * lr)));
    }
  return res / (an * Math.max(n, 1));
}
/** Each eigenvector has unit norm and its largest component real and positive. */
function normalised(n: number, v: Float64Array): void {
  for (let j = 0; j < n; j++) {
    let ss = 0, big = 0, at = -1;
    for (let i = 0; i < n; i++) {
      const m = Math.hypot(v[2 * (i * n + j)], v[2 * (i * n + j) + 1]);
      ss += m * m;
      if (m > big * (1 + 1e-8)) (big = m), (at = i);
    }
    assert.ok(Math.abs(ss - 1) < 1e-14, `column ${j}: ‖v‖² = ${ss}`);
    assert.ok(v[2 * (at * n + j) + 1] === 0 && v[2 * (at * n + j)] > 0, `column ${j}: largest component ${v[2 * (at * n + j)]} + ${v[2 * (at * n + j) + 1]}i is not real positive`);
  }
}
/** Our column j equals NumPy's up to a unit phase: |⟨ours, numpy⟩| = 1. */
function sameVectors(n: number, ours: Float64Array, numpy: number[], tol: number): void {
  for (let j = 0; j < n; j++) {
    let re = 0, im = 0;
    for (let i = 0; i < n; i++) {
      const ar = ours[2 * (i * n + j)], ai = ours[2 * (i * n + j) + 1], br = numpy[2 * (i * n + j)], bi = numpy[2 * (i * n + j) + 1];
      re += ar * br + ai * bi;
      im += ar * bi - ai * br;
    }
    assert.ok(Math.abs(Math.hypot(re, im) - 1) < tol, `column ${j}: |⟨v, v_numpy⟩| = ${Math.hypot(re, im)}`);
  }
}
function near(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths ${a.length} vs ${b.length}`);
  const scale = Math.max(1, maxAbs(b));
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * scale || (Number.isNaN(a[i]) && Number.isNaN(b[i])), `${what}[${i}]: ${a[i]} vs ${b[i]} ([${Array.from(a)}])`);
}
/** Complex determinant from LU of the real matrix (real case) as a check of Π λ. */
function det(a: Float64Array, n: number): number {
  const [lu, pivots] = luKernel(a, n);
  let d = 1;
  for (let i = 0; i < n; i++) d *= (pivots[i] !== i ? -1 : 1) * lu[i * n + i];
  return d;
}
function prodEig(w: Float64Array): [number, number] {
  let pr = 1, pi = 0;
  for (let j = 0; j < w.length / 2; j++) [pr, pi] = [pr * w[2 * j] - pi * w[2 * j + 1], pr * w[2 * j + 1] + pi * w[2 * j]];
  return [pr, pi];
}

describe("real general matrices vs numpy.linalg.eig (embedded)", () => {
  test("4×4 with a complex pair: eigenvalues in LAPACK's order, vectors equal up to phase", () => {
    const a = Float64Array.of(4, -2, 1, 0, 3, 1, -1, 2, 0, 2, 3, 1, 1, 0, -2, 2);
    const r = eigGeneral(a, 4);
    near(r.w, [2.629097335594575, 3.094549411542, 2.629097335594575, -3.094549411542, 3.800204527679833, 0.0, 0.9416008011310223, 0.0], 1e-14, "w");
    assert.equal(r.real, false);
    sameVectors(4, r.v!, [-0.005253936972032454, -0.3957163457810911, -0.005253936972032454, 0.3957163457810911, 0.6925171267906295, 0.0, -0.40883466292421095, 0.0, -0.5945706546198772, 0.0, -0.5945706546198772, -0.0, 0.3561957618852932, 0.0, -0.5378721742035787, 0.0, 0.04262511192824823, 0.5262300252149957, 0.04262511192824823, -0.5262300252149957, 0.5740297373336474, 0.0, 0.17463525715011816, 0.0, -0.4551132732098088, -0.06327460340790539, -0.4551132732098088, 0.06327460340790539, -0.25305032893333773, 0.0, 0.7162752749950776, 0.0], 1e-14);
    normalised(4, r.v!);
    // the pair's vectors are conjugates
    for (let i = 0; i < 4; i++) assert.ok(r.v![2 * (i * 4)] === r.v![2 * (i * 4 + 1)] && r.v![2 * (i * 4) + 1] === -r.v![2 * (i * 4 + 1) + 1]);
    assert.ok(residual(toComplex(a), 4, r) < 1e-15);
  });
  test("3×3 with real eigenvalues: real vectors, NumPy's up to sign (we make the largest component positive)", () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 10);
    const r = eigGeneral(a, 3);
    assert.equal(r.real, true);
    near(r.w, [16.707493316124744, 0.0, -0.9057401795217589, 0.0, 0.1982468633970087, 0.0], 1e-14, "w");
    const numpyV = [-0.223513357727852, 0.0, -0.865845781428926, 0.0, 0.27829648598057244, 0.0, -0.5039456275263903, 0.0, 0.08565120135087381, 0.0, -0.8318468022052949, 0.0, -0.8343144391740168, 0.0, 0.4929248974122574, 0.0, 0.48018950795669213, 0.0];
    sameVectors(3, r.v!, numpyV, 1e-14);
    // column 0: NumPy's largest component −0.834 → ours +0.834; column 1: −0.866 → +0.866; column 2: −0.832 → +0.832
    for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) assert.ok(Math.abs(r.v![2 * (i * 3 + j)] + numpyV[2 * (i * 3 + j)]) < 1e-14, `v[${i}][${j}]`);
    assert.ok(r.v!.every((x, k) => k % 2 === 0 || x === 0), "imaginary parts exactly zero");
  });
  test("rotation by 90°: ±i, vectors (1, ∓i)/√2 as NumPy", () => {
    const r = eigGeneral(Float64Array.of(0, -1, 1, 0), 2);
    near(r.w, [0, 1, 0, -1], 0, "w");
    near(r.v!, [0.7071067811865475, 0.0, 0.7071067811865475, 0, 0.0, -0.7071067811865475, 0.0, 0.7071067811865475], 1e-16, "v");
  });
  test("rotation by θ in a 3×3 block matrix: e^{±iθ} and 2", () => {
    const c = Math.cos(0.3), s = Math.sin(0.3);
    const r = eigGeneral(Float64Array.of(c, -s, 0, s, c, 0, 0, 0, 2), 3);
    near(r.w, [c, s, c, -s, 2, 0], 1e-15, "w");
  });
  test("upper Hessenberg input (already reduced)", () => {
    const a = Float64Array.of(2, 3, 1, 5, 1, 4, 2, 1, 0, -1, 3, 2, 0, 0, 2, -1);
    const r = eigGeneral(a, 4);
    near(r.w, [4.457838528691976, 1.3304630141336362, 4.457838528691976, -1.3304630141336362, 0.8414656565287488, 0.0, -1.757142713912699, 0.0], 1e-14, "w");
    assert.ok(residual(toComplex(a), 4, r) < 1e-15);
  });
  test("badly scaled (balancing): eigenvalues 2 − √3, 2, 2 + √3 of a graded tridiagonal", () => {
    const a = Float64Array.of(1, 1e6, 0, 1e-6, 2, 1e6, 0, 1e-6, 3);
    const w = eigvalsGeneral(a, 3);
    const sorted = [w[0], w[2], w[4]].sort((x, y) => x - y);
    near(sorted, [2 - Math.sqrt(3), 2, 2 + Math.sqrt(3)], 1e-14, "balanced");
    const r = eigGeneral(a, 3);
    assert.ok(residual(toComplex(a), 3, r) < 1e-15);
    const unb = eigGeneral(a, 3, { balance: false });
    assert.ok(residual(toComplex(a), 3, unb) < 1e-12, "without balancing the residual is still small relative to ‖A‖");
  });
});

describe("LAPACK's eigenvalue order (numpy.linalg.eigvals, embedded)", () => {
  // a_ij = sin(7i + 3j + 1) + cos(0.37·i·j): full rank, mixed real eigenvalues and complex pairs
  const NUMPY: Record<number, number[]> = {
    10: [4.3623860420944425,  0.0,  -3.2145884009028327,  0.0,  -2.521105644680498,  0.23790169632793318,  -2.521105644680498,  -0.23790169632793318,  -0.5214989486020524,  0.0,  -2.05914801831627,  0.0,  2.661883380160093,  0.31541913197842064,  2.661883380160093,  -0.31541913197842064,  2.051853018397384,  0.0,  2.0605177165889703,  0.0],
    30: [-8.47107200178075,  0.5900091396519178,  -8.47107200178075,  -0.5900091396519178,  -7.633235901150012,  0.0,  -6.434128882966022,  0.0,  10.053635703245458,  0.0,  8.1637040414974,  0.0,  7.744861741389107,  0.0,  6.702756720473096,  0.0,  6.067062458376785,  0.0,  -1.1750347110975228,  0.0,  1.1741727761209055,  0.0,  0.998550276999422,  0.0,  0.05348223423896126,  0.7032035955339497,  0.05348223423896126,  -0.7032035955339497,  0.4703839079185968,  0.0,  -0.6047496548003743,  0.0,  -0.4777922386766239,  0.0,  0.13110659404474156,  0.0,  -0.10929690932688317,  0.0,  0.06007661591322324,  0.0,  -0.05429259576700588,  0.0,  0.02503525070371159,  0.0,  -0.026382563950649772,  0.0,  0.010434828100756344,  0.0,  -0.010558133765871978,  0.0016580437342255197,  -0.010558133765871978,  -0.0016580437342255197,  0.0008927549027202743,  0.0005805386728282209,  0.0008927549027202743,  -0.0005805386728282209,  -3.905950878662394e-05,  0.0,  -0.0009796285927773831,  0.0],
  };
  for (const n of [10, 30]) {
    test(`n = ${n}: the same eigenvalues in the same order`, () => {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = Math.sin(i * 7 + j * 3 + 1) + Math.cos(i * j * 0.37);
      near(eigvalsGeneral(a, n), NUMPY[n], 1e-12, "in order");
      near(eigGeneral(a, n).w, NUMPY[n], 1e-12, "with vectors");
    });
  }
});

describe("identities on seeded random matrices", () => {
  for (const n of [2, 3, 5, 8, 13, 30, 64]) {
    test(`real n = ${n}: A·V = V·Λ to 1e-14·‖A‖, unit vectors, conjugate pairs adjacent, Π λ = det A, eigenvalues alone agree`, () => {
      const a = rand(n * n, 100 + n);
      const r = eigGeneral(a, n);
      assert.ok(residual(toComplex(a), n, r) < 1e-14, `residual ${residual(toComplex(a), n, r)}`);
      normalised(n, r.v!);
      for (let j = 0; j < n; j++) {
        const im = r.w[2 * j + 1];
        if (im > 0) {
          assert.equal(r.w[2 * (j + 1)], r.w[2 * j]);
          assert.equal(r.w[2 * (j + 1) + 1], -im);
          j++;
        } else assert.equal(im, 0, `eigenvalue ${j} with negative imaginary part not after its conjugate`);
      }
      const [pr, pi] = prodEig(r.w), d = det(a, n);
      assert.ok(Math.abs(pr - d) <= 1e-12 * Math.max(1, Math.abs(d)) && Math.abs(pi) <= 1e-12 * Math.max(1, Math.abs(d)), `Π λ = ${pr} + ${pi}i vs det ${d}`);
      near(eigvalsGeneral(a, n), r.w, 1e-12, "eigvals alone");
    });
    test(`complex n = ${n}: A·V = V·Λ, unit vectors, trace = Σ λ`, () => {
      const a = rand(2 * n * n, 200 + n);
      const r = eigComplex(a, n);
      assert.ok(residual(a, n, r) < 1e-14, `residual ${residual(a, n, r)}`);
      normalised(n, r.v!);
      let tr = 0, ti = 0, sr = 0, si = 0;
      for (let i = 0; i < n; i++) (tr += a[2 * (i * n + i)]), (ti += a[2 * (i * n + i) + 1]), (sr += r.w[2 * i]), (si += r.w[2 * i + 1]);
      assert.ok(Math.abs(tr - sr) < 1e-13 * n && Math.abs(ti - si) < 1e-13 * n, "trace");
      near(eigvalsComplex(a, n), r.w, 1e-12, "eigvals alone");
    });
  }
  test("a real matrix through the complex algorithm: the same spectrum", () => {
    const n = 12, a = rand(n * n, 5);
    const key = (w: Float64Array) => Array.from({ length: n }, (_, j) => [w[2 * j], w[2 * j + 1]]).sort((x, y) => Math.round(x[0] * 1e8) - Math.round(y[0] * 1e8) || x[1] - y[1]).flat();
    near(key(eigvalsComplex(toComplex(a), n)), key(eigvalsGeneral(a, n)), 1e-13, "spectrum");
  });
});

describe("property: small integer matrices (repeated and defective eigenvalues are common)", () => {
  test("real and complex n in 1…8 with entries in −2…2: A·V = V·Λ to 1e-13·‖A‖, finite, Π λ = det", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.integer({ min: -2, max: 2 }), { minLength: 2 * n * n, maxLength: 2 * n * n }))), ([n, ints]) => {
        const a = Float64Array.from(ints.slice(0, n * n)), c = Float64Array.from(ints);
        const r = eigGeneral(a, n), rc = eigComplex(c, n);
        if (!r.w.every(Number.isFinite) || !r.v!.every(Number.isFinite) || !rc.v!.every(Number.isFinite)) return false;
        if (maxAbs(a) > 0 && residual(toComplex(a), n, r) > 1e-13) return false;
        if (maxAbs(c) > 0 && residual(c, n, rc) > 1e-13) return false;
        const [pr, pi] = prodEig(r.w), d = det(a, n);
        return Math.abs(pr - d) <= 1e-9 * Math.max(1, Math.abs(d)) && Math.abs(pi) <= 1e-9 * Math.max(1, Math.abs(d));
      }),
      { numRuns: 150, seed: 3 },
    );
  });
});

describe("complex matrices vs numpy.linalg.eig (embedded)", () => {
  test("3×3 complex", () => {
    const a = Float64Array.of(1, 2, 2, -1, 0.5, 0, 0, 0.3, -1, 1, 2, 0, 1, 0, 0, 1, 3, -0.5);
    const r = eigComplex(a, 3);
    near(r.w, [3.320304810154496, 0.17596321436143603, 0.6928426688965738, 2.2686769370815374, -1.0131474790510677, 0.05535984855702576], 1e-14, "w");
    sameVectors(3, r.v!, [0.35911745454017857, 0.20959793218676592, 0.9543500158657435, 0.0, -0.16265145377360257, 0.5923135260489171, 0.3533972911124135, 0.09234246695881529, -0.14740597209706138, 0.0938155153537344, 0.718608243188976, 0.0, 0.8328784929976177, 0.0, -0.1842783499428925, -0.15725032727601354, 0.08412308549571189, -0.3150153817710611], 1e-14);
    normalised(3, r.v!);
  });
});

describe("hard cases", () => {
  test("defective: Jordan blocks give the repeated eigenvalue (to ε^{1/k}) and finite vectors", () => {
    const j2 = eigGeneral(Float64Array.of(1, 1, 0, 1), 2);
    near(j2.w, [1, 0, 1, 0], 0, "2×2 Jordan, already triangular");
    const a = Float64Array.of(2, 1, 0, 0, 2, 1, 0, 0, 2);
    const r = eigGeneral(a, 3);
    for (let j = 0; j < 3; j++) assert.ok(Math.hypot(r.w[2 * j] - 2, r.w[2 * j + 1]) < 1e-5);
    assert.ok(r.v!.every(Number.isFinite));
    // a similarity-transformed Jordan block (not triangular): still λ = 3 three times, to ~ε^{1/3}
    const s = Float64Array.of(1, 2, 0, 0, 1, 3, 1, 0, 1), si = inv3(s);
    const b = mul(mul(s, Float64Array.of(3, 1, 0, 0, 3, 1, 0, 0, 3), 3), si, 3);
    const rb = eigGeneral(b, 3);
    for (let j = 0; j < 3; j++) assert.ok(Math.hypot(rb.w[2 * j] - 3, rb.w[2 * j + 1]) < 1e-4, `λ${j} = ${rb.w[2 * j]} + ${rb.w[2 * j + 1]}i`);
    assert.ok(residual(toComplex(b), 3, rb) < 1e-14);
  });
  test("cyclic permutation (needs exceptional shifts): the cube roots of unity", () => {
    const r = eigGeneral(Float64Array.of(0, 0, 1, 1, 0, 0, 0, 1, 0), 3);
    const got = Array.from({ length: 3 }, (_, j) => [r.w[2 * j], r.w[2 * j + 1]]).sort((x, y) => x[0] - y[0] || y[1] - x[1]).flat();
    near(got, [-0.5, Math.sqrt(3) / 2, -0.5, -Math.sqrt(3) / 2, 1, 0], 1e-15, "roots of unity");
    assert.ok(residual(toComplex(Float64Array.of(0, 0, 1, 1, 0, 0, 0, 1, 0)), 3, r) < 1e-15);
    // the 8×8 shift matrix: the 8th roots of unity
    const n = 8, p = new Float64Array(n * n);
    for (let i = 0; i < n; i++) p[i * n + ((i + 1) % n)] = 1;
    const w = eigvalsGeneral(p, n);
    for (let j = 0; j < n; j++) assert.ok(Math.abs(Math.hypot(w[2 * j], w[2 * j + 1]) - 1) < 1e-14);
  });
  test("triangular inputs: eigenvalues are the diagonal, in order", () => {
    const a = Float64Array.of(3, 1, 4, 1, 0, -5, 9, 2, 0, 0, 6, 5, 0, 0, 0, -3);
    near(eigGeneral(a, 4).w, [3, 0, -5, 0, 6, 0, -3, 0], 0, "upper");
    const lower = Float64Array.of(3, 0, 0, 1, 2, 0, 4, 5, 7);
    const w = eigGeneral(lower, 3).w;
    near([w[0], w[2], w[4]].sort((x, y) => x - y), [2, 3, 7], 1e-15, "lower");
    near(eigComplex(Float64Array.of(1, 1, 2, 0, 0, 0, -1, 2), 2).w, [1, 1, -1, 2], 0, "complex upper");
  });
  test("entries near overflow or underflow (scaled by 2^±600): eigenvalues scale exactly, vectors unchanged", () => {
    const n = 6, a = rand(n * n, 9), c = rand(2 * n * n, 10);
    const base = eigGeneral(a, n), cbase = eigComplex(c, n);
    for (const f of [2 ** 600, 2 ** -600, 2 ** 1000]) {
      const r = eigGeneral(a.map((x) => x * f), n);
      near(r.w.map((x) => x / f), base.w, 1e-15, `real ×${f}`);
      near(r.v!, base.v!, 1e-15, `real vectors ×${f}`);
      const rc = eigComplex(c.map((x) => x * f), n);
      near(rc.w.map((x) => x / f), cbase.w, 1e-15, `complex ×${f}`);
      near(rc.v!, cbase.v!, 1e-15, `complex vectors ×${f}`);
    }
  });
  test("the iteration cap: exhausted → all NaN (never a hang); the default cap is not reached on hard inputs", () => {
    const a = rand(36, 12), c = rand(72, 13);
    const r = eigGeneral(a, 6, { maxIterations: 1 });
    assert.ok(r.w.every(Number.isNaN) && r.v!.every(Number.isNaN));
    assert.ok(eigComplex(c, 6, { maxIterations: 1 }).w.every(Number.isNaN));
    assert.ok(eigGeneral(a, 6, { maxIterations: 30 }).w.every(Number.isFinite));
    // an already triangular matrix needs no iterations at all
    assert.ok(eigGeneral(Float64Array.of(1, 2, 0, 3), 2, { maxIterations: 0 }).w.every(Number.isFinite));
  });
  test("0×0 and 1×1; zero matrix", () => {
    const e = eigGeneral(new Float64Array(0), 0);
    assert.equal(e.w.length, 0);
    assert.equal(e.v!.length, 0);
    const o = eigGeneral(Float64Array.of(-2.5), 1);
    near(o.w, [-2.5, 0], 0, "1×1");
    near(o.v!, [1, 0], 0, "1×1 vector");
    const c = eigComplex(Float64Array.of(1, -2), 1);
    near(c.w, [1, -2], 0, "complex 1×1");
    const z = eigGeneral(new Float64Array(9), 3);
    near(z.w, new Float64Array(6), 0, "zero");
    assert.ok(z.v!.every(Number.isFinite));
  });
  test("NaN or ±Inf input → all-NaN results, no hang", () => {
    for (const bad of [NaN, Infinity]) {
      const a = rand(16, 3);
      a[5] = bad;
      const r = eigGeneral(a, 4);
      assert.ok(r.w.every(Number.isNaN) && r.v!.every(Number.isNaN));
      const c = rand(32, 3);
      c[7] = bad;
      assert.ok(eigComplex(c, 4).w.every(Number.isNaN));
    }
  });
  test("bad sizes are rejected with the function's name", () => {
    assert.throws(() => eigGeneral(new Float64Array(5), 2), /eig: 5 numbers do not hold a 2×2 matrix/);
    assert.throws(() => eigComplex(new Float64Array(4), 2), /eig: 4 numbers do not hold a complex 2×2 matrix \(8 numbers\)/);
    assert.throws(() => polyRootsComplex(new Float64Array(3)), /roots: 3 numbers are not interleaved complex coefficients/);
  });
});

describe("roots (numpy.roots semantics)", () => {
  test("Wilkinson's polynomial of degree 10: NumPy's roots to 1e-9, the true ones to 1e-8", () => {
    const p = [1.0, -55.0, 1320.0, -18150.0, 157773.0, -902055.0, 3416930.0, -8409500.0, 12753576.0, -10628640.0, 3628800.0];
    const r = polyRoots(p);
    near(r, [10.000000000340687, 0.0, 8.99999999849376, 0.0, 8.000000002751277, 0.0, 6.999999997320477, 0.0, 6.000000001506791, 0.0, 4.999999999494381, 0.0, 4.000000000107472, 0.0, 2.999999999983562, 0.0, 2.00000000000165, 0.0, 0.99999999999995, 0.0], 1e-9, "vs NumPy");
    near(r, [10, 0, 9, 0, 8, 0, 7, 0, 6, 0, 5, 0, 4, 0, 3, 0, 2, 0, 1, 0], 1e-8, "exact");
  });
  for (const n of [2, 3, 5, 8, 16]) {
    test(`xⁿ − 1 (n = ${n}): the n-th roots of unity`, () => {
      const p = new Array(n + 1).fill(0);
      p[0] = 1;
      p[n] = -1;
      const r = polyRoots(p);
      assert.equal(r.length, 2 * n);
      const angles = Array.from({ length: n }, (_, j) => {
        assert.ok(Math.abs(Math.hypot(r[2 * j], r[2 * j + 1]) - 1) < 1e-14, `|root ${j}|`);
        return Math.round((Math.atan2(r[2 * j + 1], r[2 * j]) / (2 * Math.PI)) * n + n) % n;
      });
      assert.deepEqual(angles.sort((a, b) => a - b), Array.from({ length: n }, (_, k) => k));
    });
  }
  test("leading zeros stripped, trailing zeros become zero roots, constants have none", () => {
    near(polyRoots([0, 2, -6, 4, 0, 0]), [2, 0, 1, 0, 0, 0, 0, 0], 1e-15, "2x⁴ − 6x³ + 4x²");
    near(polyRoots([0, 0, 1, 0]), [0, 0], 0, "x");
    assert.equal(polyRoots([5]).length, 0);
    assert.equal(polyRoots([0, 0]).length, 0);
    assert.equal(polyRoots([]).length, 0);
    near(polyRoots([2, -3]), [1.5, 0], 0, "linear");
  });
  test("a quartic with a complex pair (NumPy's order) and a complex polynomial", () => {
    near(polyRoots([3, -2, 5, 1, -7]), [0.29292285476187985, 1.5661076909651308, 0.29292285476187985, -1.5661076909651308, 1.0000000000000007, 0.0, -0.9191790428570941, 0.0], 1e-14, "real quartic");
    const c = polyRootsComplex(Float64Array.of(1, 0, 2, 1, 0, -3, 4, 0));
    const key = (w: ArrayLike<number>) => Array.from({ length: w.length / 2 }, (_, j) => [w[2 * j], w[2 * j + 1]]).sort((x, y) => x[0] - y[0]).flat();
    near(key(c), key([-2.6951773698237265, -1.4941856660812864, 0.7120020806638806, 1.3462994895824434, -0.016824710840155348, -0.8521138235011579]), 1e-14, "complex cubic");
    near(polyRootsComplex(Float64Array.of(1, 0, 0, -1)), [0, 1], 0, "x − i");
  });
  test("non-finite coefficients give NaN roots", () => {
    assert.ok(polyRoots([1, NaN, 2]).every(Number.isNaN));
  });
});

function mul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * n + k] * b[k * n + j];
  return c;
}
function inv3(m: Float64Array): Float64Array {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return Float64Array.of(A, -(b * i - c * h), b * f - c * e, B, a * i - c * g, -(a * f - c * d), C, -(a * h - b * g), a * e - b * d).map((x) => x / det);
}
