/**
 * @file np.linalg part 1 — cholesky, solveTriangular, solve, inv, det, slogdet, matrixPower, expm:
 * values vs SciPy (embedded) and known exact results, identities, float32, batching, vmap and jit
 * vs eager, gradients (checkGrads, and the cofactor gradient of det at singular matrices), singular
 * inputs and error messages.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { NDArray, NestedArray, np, grad, jit, vmap, checkGrads } from "../src/index.js";
import { luFactor, permuteRows } from "../src/linalg/lu.js";
import { keepTriangle } from "../src/linalg/ops.js";
import { close } from "./util.js";

const f64 = (v: NestedArray) => np.array(v, { dtype: "float64" });
const f32 = (v: NestedArray) => np.array(v, { dtype: "float32" });
const la = np.linalg;

// SPD A, general M (det 2.0052), right-hand sides B; reference values from NumPy/SciPy (float64)
const A = [[4, 1, -2, 0.5], [1, 3, 0.5, -1], [-2, 0.5, 5, 1], [0.5, -1, 1, 2.5]];
const M = [[0.3, -1.2, 2.0, 0.7], [1.5, 0.2, -0.4, 1.1], [-0.9, 2.2, 0.6, -1.3], [0.4, -0.8, 1.7, 0.9]];
const B = [[1, 2], [0, -1], [3, 0.5], [-2, 1]];
const REF = {
  chol: [[2.0, 0.0, 0.0, 0.0], [0.5, 1.6583123951777, 0.0, 0.0], [-1.0, 0.6030226891555273, 1.9069251784911847, 0.0], [0.25, -0.6784005252999682, 0.8700346126866029, 1.1046775547642853]],
  solveMB: [[9.841412327947335, 1.4796529024536218], [-2.3927787751845195, -0.8667464592060645], [1.8920805904647917, 1.0886694594055457], [-12.29702772790744, -2.3733293437063647]],
  invM: [[2.7767803710353083, 1.1101137043686413, 0.2842609216038302, -3.105924596050269], [-1.0283263514861358, 0.08278475962497507, 0.2952323957709953, 1.125074805505685], [0.6443247556353481, 0.08876920007979253, 0.25633353281468185, -0.23937761819269887], [-3.3652503490923595, -0.587472571314582, -0.3480949531218833, 3.9437462597247146]],
  detM: 2.005200000000001,
  logdetM: 0.6957438064072119,
  triU: [[57.65432098765433, -36.04938271604938], [12.592592592592593, -4.629629629629628], [0.18518518518518454, 3.2407407407407414], [-2.2222222222222223, 1.1111111111111112]],
  triLT: [705.925925925926, -133.14814814814815, 11.296296296296296, -2.2222222222222223],
  triLunit: [[1.0, 2.0], [-1.5, -4.0], [7.2, 11.1], [-15.84, -21.87]],
  // expm of M·c for c = 0.005 (degree 3), 0.1 (degree 7), 1 (degree 13), 12 (degree 13 with 4 squarings)
  expmSmall: [[1.001459616094707, -0.005959195787662438, 0.010043147099056874, 0.003461376057709227], [0.007519212341585407, 1.0009561098768376, -0.001942876300169222, 0.0055346202917076716], [-0.004475158067482915, 0.011048261303827476, 1.0029433636159388, -0.006501762518828349], [0.001971850424724518, -0.003969982455105698, 0.008545735914601182, 1.0044748852763195]],
  expmMid: [[1.013895454930892, -0.10143751671768456, 0.21544179718205833, 0.05371005903079784], [0.15642404671552002, 1.003442594258036, -0.015350114366072568, 0.12278413637694248], [-0.07845621933715205, 0.23739909159942005, 1.0374367009934764, -0.12888460294711562], [0.028644894006954056, -0.06599136822658425, 0.1871600240422743, 1.079153455272195]],
  expmM: [[0.6649568071948901, 1.60092777488287, 1.8614683578366267, -0.6515364318295507], [1.2635814964441123, 1.5990212094429739, 2.6785062094914873, 1.1578312362652405], [0.9975711848038289, 2.1777568516277057, 0.8852778594803902, 0.08917403678311633], [-0.01912715190743043, 1.7453290495117475, 2.262889728723412, 0.8952985758204163]],
  expmBig: [[32788489.577693485, 62943989.75871191, 63313450.31284072, 13896003.554875104], [60821771.23010646, 116759418.15339826, 117444756.2827279, 25776725.9395878], [41097564.953421146, 78894908.2282103, 79357987.77546737, 17417454.669601224], [48261823.35392389, 92648123.86129054, 93191937.68197264, 20453728.505005103]],
  pow5: [[16.12512, -109.536, 92.39572, 55.78388], [70.80072, -11.98264, -80.24988, 49.02076], [-78.19776, 98.77048, 28.71868, -86.55788], [23.15684, -88.10456, 64.11248, 51.56364]],
  powm3: [[110.33960443886988, 31.285115522911287, 13.810887551558146, -125.98858896511243], [-42.46256753801173, -11.950717639809929, -5.1942275409522995, 48.633857289725604], [16.511882322696614, 4.775243296424162, 2.1238504792453714, -18.840929824166476], [-142.68058112726808, -40.360801220053375, -17.64706616325995, 163.06647340331708]],
};
const INVHILB4 = [[16, -120, 240, -140], [-120, 1200, -2700, 1680], [240, -2700, 6480, -4200], [-140, 1680, -4200, 2800]];
const hilbert = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 1 / (i + j + 1)));
const scaled = (x: number[][], c: number) => x.map((r) => r.map((v) => v * c));
const flat = (x: NDArray) => Array.from(x.data() as ArrayLike<number>);

/** A batch [3, 4, 4] of well-conditioned (and SPD, for spd = true) matrices. */
function batch(spd: boolean): NDArray {
  const mats = [0, 1, 2].map((k) => (spd ? A.map((r, i) => r.map((v, j) => v + (i === j ? k : 0.1 * k))) : M.map((r, i) => r.map((v, j) => v + (i === j ? k : -0.2 * k)))));
  return f64(mats);
}

describe("values vs SciPy and exact results (float64)", () => {
  test("cholesky, lower and upper", () => {
    close(la.cholesky(f64(A)), REF.chol, 1e-14);
    close(la.cholesky(f64(A), { upper: true }), np.transpose(f64(REF.chol)).toArray() as number[][], 1e-14);
    close(la.cholesky([[4, 2], [2, 5]]), [[2, 0], [1, 2]], 1e-6); // integers promote to the default float
  });
  test("solveTriangular: upper, lower transposed with a vector, unit diagonal", () => {
    close(la.solveTriangular(f64(M), f64(B)), REF.triU, 1e-13);
    close(la.solveTriangular(f64(M), f64([1, 0, 3, -2]), { lower: true, trans: 1 }), REF.triLT, 1e-13);
    close(la.solveTriangular(f64(M), f64([1, 0, 3, -2]), { lower: true, trans: "T" }), REF.triLT, 1e-13);
    close(la.solveTriangular(f64(M), f64(B), { lower: true, unitDiagonal: true }), REF.triLunit, 1e-13);
  });
  test("solve, inv, det, slogdet", () => {
    close(la.solve(f64(M), f64(B)), REF.solveMB, 1e-13);
    close(la.solve(f64(M), f64([1, 0, 3, -2])), REF.solveMB.map((r) => r[0]), 1e-13);
    close(la.inv(f64(M)), REF.invM, 1e-13);
    close(la.det(f64(M)), REF.detM, 1e-14);
    const [s, l] = la.slogdet(f64(M));
    close(s, 1, 0);
    close(l, REF.logdetM, 1e-14);
    const [s2, l2] = la.slogdet(f64([[2, 0], [0, -3]]));
    close(s2, -1, 0);
    close(l2, Math.log(6), 1e-15);
    close(la.det(f64([[1, 2], [3, 4]])), -2, 1e-15);
  });
  test("Hilbert inverse has integer entries; solve(H, H·1) = 1", () => {
    close(la.inv(f64(hilbert(4))), INVHILB4, 1e-11);
    const h = f64(hilbert(6));
    close(la.solve(h, np.sum(h, 1)), [1, 1, 1, 1, 1, 1], 1e-8); // cond(H₆) ≈ 1.5e7
    close(la.det(f64(hilbert(4))), 1 / 6048000, 1e-12);
  });
  test("matrixPower: positive, negative, zero; integer matrices keep their dtype", () => {
    close(la.matrixPower(f64(M), 5), REF.pow5, 1e-13);
    close(la.matrixPower(f64(M), -3), REF.powm3, 1e-12);
    close(la.matrixPower(f64(M), 0), np.eye(4).toArray() as number[][], 0);
    close(la.matrixPower(f64(M), 1), M, 0);
    const p = la.matrixPower(np.array([[1, 1], [0, 1]], { dtype: "int32" }), 10);
    assert.equal(p.dtype, "int32");
    close(p, [[1, 10], [0, 1]], 0);
  });
  test("expm: rotation, nilpotent, diagonal, zero; SciPy at every Padé degree and with squaring", () => {
    const c = Math.cos(1), s = Math.sin(1);
    close(la.expm(f64([[0, 1], [-1, 0]])), [[c, s], [-s, c]], 1e-15);
    close(la.expm(f64([[0, 1, 2], [0, 0, 3], [0, 0, 0]])), [[1, 1, 3.5], [0, 1, 3], [0, 0, 1]], 1e-15); // I + N + N²/2
    close(la.expm(f64([[1, 0], [0, -2]])), [[Math.E, 0], [0, Math.exp(-2)]], 1e-15);
    close(la.expm(f64([[0, 0], [0, 0]])), [[1, 0], [0, 1]], 0);
    close(la.expm(f64(scaled(M, 0.005))), REF.expmSmall, 1e-15);
    close(la.expm(f64(scaled(M, 0.1))), REF.expmMid, 1e-15);
    close(la.expm(f64(M)), REF.expmM, 1e-14);
    close(la.expm(f64(scaled(M, 12))), REF.expmBig, 1e-12);
    close(la.expm(f64([[-50, 0], [0, 10]])), [[Math.exp(-50), 0], [0, Math.exp(10)]], 1e-13);
  });
});

describe("identities", () => {
  test("L·Lᵀ = A, A·solve(A, b) = b, P·A = L·U, inv(A)·A = I, det(A)·det(inv A) = 1", () => {
    const a = f64(A), m = f64(M);
    const l = la.cholesky(a);
    close(np.matmul(l, np.transpose(l)), A, 1e-14);
    close(np.matmul(m, la.solve(m, f64(B))), B, 1e-13);
    const [lu, , perm] = luFactor(m);
    const lower = np.add(keepTriangle(lu, true, false), np.eye(4, 4, { dtype: "float64" }));
    close(np.matmul(lower, keepTriangle(lu, false, true)), permuteRows(m, perm).toArray() as number[][], 1e-15);
    close(np.matmul(la.inv(m), m), np.eye(4).toArray() as number[][], 1e-14);
    close(np.multiply(la.det(m), la.det(la.inv(m))), 1, 1e-13);
    const [s, ld] = la.slogdet(m);
    close(np.multiply(s, np.exp(ld)), REF.detM, 1e-14);
  });
});

describe("properties (fast-check)", () => {
  // random 3×3 matrices made diagonally dominant (so invertible and well conditioned), random b
  const matrix = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 9, maxLength: 9 }).map((v) => f64(v.map((x, i) => x + (i % 4 === 0 ? 4 * Math.sign(x || 1) : 0))).reshape([3, 3]));
  const vector = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }).map((v) => f64(v));
  test("A·solve(A, b) = b, det(A·B) = det A·det B, slogdet agrees with det, inv(inv A) = A", () => {
    fc.assert(
      fc.property(matrix, matrix, vector, (a, b, v) => {
        close(np.matmul(a, la.solve(a, v)), flat(v), 1e-13);
        const dab = la.det(np.matmul(a, b)).item(), da = la.det(a).item(), db = la.det(b).item();
        assert.ok(Math.abs(dab - da * db) <= 1e-12 * Math.abs(da * db));
        const [s, l] = la.slogdet(a);
        close(np.multiply(s, np.exp(l)), da, 1e-13);
        close(la.inv(la.inv(a)), a.toArray() as number[][], 1e-13);
      }),
      { numRuns: 25, seed: 7 },
    );
  });
});

describe("float32", () => {
  test("results within float32 tolerance, dtype kept", () => {
    const checks: [NDArray, NestedArray, number][] = [
      [la.cholesky(f32(A)), REF.chol, 1e-6],
      [la.solve(f32(M), f32(B)), REF.solveMB, 2e-5],
      [la.inv(f32(M)), REF.invM, 2e-5],
      [la.det(f32(M)), REF.detM, 1e-5],
      [la.slogdet(f32(M))[1], REF.logdetM, 1e-5],
      [la.solveTriangular(f32(M), f32(B)), REF.triU, 1e-5],
      [la.expm(f32(M)), REF.expmM, 1e-5],
      [la.expm(f32(scaled(M, 0.1))), REF.expmMid, 1e-6],
      [la.matrixPower(f32(M), -3), REF.powm3, 1e-5],
    ];
    for (const [x, ref, tol] of checks) {
      assert.equal(x.dtype, "float32");
      close(x, ref as number[], tol);
    }
  });
});

describe("batching, vmap and jit", () => {
  const fns: [string, (a: NDArray) => NDArray, boolean][] = [
    ["cholesky", (a) => la.cholesky(a), true],
    ["solve", (a) => la.solve(a, f64(B)), false],
    ["solve (vector)", (a) => la.solve(a, f64([1, 0, 3, -2])), false],
    ["inv", (a) => la.inv(a), false],
    ["det", (a) => la.det(a), false],
    ["logdet", (a) => la.slogdet(a)[1], false],
    ["solveTriangular", (a) => la.solveTriangular(a, np.broadcastTo(f64(B), [...a.shape.slice(0, -2), 4, 2]), { lower: true }), false],
    ["matrixPower", (a) => la.matrixPower(a, 3), false],
    ["expm", (a) => la.expm(a), false],
  ];
  for (const [name, f, spd] of fns) {
    test(`${name}: batched [3, 4, 4], vmap and jit agree with a loop`, () => {
      const x = batch(spd);
      const loop = [0, 1, 2].map((k) => f(np.getItem(x, k)).toArray());
      close(f(x), loop as number[][], 1e-13);
      close(vmap(f)(x), loop as number[][], 1e-13);
      close(jit(f)(x), loop as number[][], 1e-13);
      close(jit(vmap(f))(x), loop as number[][], 1e-13);
    });
  }
  test("vmap over b only, over a along axis 1, and jit of grad agree with eager", () => {
    const bs = f64([[1, 0, 3, -2], [2, -1, 0.5, 1]]);
    const loop = [0, 1].map((k) => la.solve(f64(M), np.getItem(bs, k)).toArray());
    close(vmap((b: NDArray) => la.solve(f64(M), b))(bs), loop as number[][], 1e-13);
    const x = batch(false);
    const moved = np.moveaxis(x, 0, 1); // [4, 3, 4]
    close(vmap((a: NDArray) => la.det(a), { inAxes: 1 })(moved), flat(la.det(x)), 1e-13);
    const g = (a: NDArray, b: NDArray) => np.sum(np.square(la.solve(a, b)));
    const eager = grad(g, { argnums: [0, 1] })(f64(M), f64(B)) as NDArray[];
    const jitted = jit(grad(g, { argnums: [0, 1] }))(f64(M), f64(B)) as NDArray[];
    eager.forEach((e, i) => close(jitted[i], e.toArray() as number[][], 1e-13));
    close(jit(grad((a: NDArray) => la.det(a)))(f64([[1, 2], [2, 4]])), [[4, -2], [-2, 1]], 1e-15);
  });
  test("batch dimensions of a and b broadcast", () => {
    const x = batch(false);
    const b = f64([[[1], [2], [3], [4]]]); // [1, 4, 1]
    const out = la.solve(x, b);
    assert.deepEqual(out.shape, [3, 4, 1]);
    const bb = np.broadcastTo(f64([[1], [2], [3], [4]]), [3, 4, 1]);
    close(np.matmul(x, out), bb.toArray() as number[][][], 1e-13);
    assert.deepEqual(la.solve(f64(M), np.ones([2, 4, 3], { dtype: "float64" })).shape, [2, 4, 3]);
    assert.deepEqual(la.solveTriangular(x, f64([[1, 2, 3, 4]])).shape, [3, 4]); // a vector: one dimension fewer than a
  });
});

describe("gradients", () => {
  const m = f64(M), a = f64(A), b = f64(B);
  test("checkGrads: cholesky, solveTriangular, solve, inv (fwd and rev, order 2)", () => {
    checkGrads((x: NDArray) => la.cholesky(x), [a]);
    checkGrads((x: NDArray, y: NDArray) => la.solveTriangular(x, y, { lower: true }), [m, b]);
    checkGrads((x: NDArray, y: NDArray) => la.solveTriangular(x, y, { trans: 1, unitDiagonal: true }), [m, b], { order: 1 });
    checkGrads((x: NDArray, y: NDArray) => la.solve(x, y), [m, b]);
    checkGrads((x: NDArray) => la.inv(x), [m]);
  });
  test("checkGrads: det, slogdet, matrixPower, expm, the lu primitive", () => {
    checkGrads((x: NDArray) => la.det(x), [m]);
    checkGrads((x: NDArray) => la.slogdet(x), [m]);
    checkGrads((x: NDArray) => la.matrixPower(x, 3), [m]);
    checkGrads((x: NDArray) => la.matrixPower(x, -2), [m], { order: 1 });
    checkGrads((x: NDArray) => la.expm(x), [f64(scaled(M, 0.5))], { order: 1 });
    checkGrads((x: NDArray) => la.expm(x), [f64(scaled(M, 3))], { order: 1 }); // with squarings
    checkGrads((x: NDArray) => luFactor(x)[0], [m]);
  });
  test("batched gradients agree with a loop", () => {
    const x = batch(false);
    const g = grad((y: NDArray) => np.sum(la.det(y)))(x);
    const loop = [0, 1, 2].map((k) => grad((y: NDArray) => la.det(y))(np.getItem(x, k)).toArray());
    close(g, loop as number[][][], 1e-13);
    // d det(A)/dA = det(A)·A⁻ᵀ at invertible A
    close(grad((y: NDArray) => la.det(y))(m), np.multiply(REF.detM, np.transpose(f64(REF.invM))).toArray() as number[][], 1e-13);
  });
  test("det: the gradient at singular matrices is the cofactor matrix", () => {
    const gdet = (x: NestedArray) => grad((y: NDArray) => la.det(y))(f64(x));
    close(gdet([[1, 2], [2, 4]]), [[4, -2], [-2, 1]], 1e-15);
    close(gdet([[0, 0], [0, 1]]), [[1, 0], [0, 0]], 0); // zero pivot first (JAX gives 0 here)
    close(gdet([[2, 1, 3], [1, 4, 5], [3, 5, 8]]), [[7, 7, -7], [7, 7, -7], [-7, -7, 7]], 1e-14); // rank 2
    close(gdet([[0, 1, 2], [0, 3, 4], [0, 5, 6]]), [[-2, 0, 0], [4, 0, 0], [-2, 0, 0]], 1e-14); // zero first column
    close(gdet([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), [[-3, 6, -3], [6, -12, 6], [-3, 6, -3]], 1e-14);
    close(gdet([[1, 2, 3, -1], [0, 1, 1, 2], [2, -1, 1, 3], [1, 1, 2, 0]]), [[-9, -9, 9, 0], [0, 0, 0, 0], [-3, -3, 3, 0], [15, 15, -15, 0]], 1e-13); // rank 3 (SymPy)
    close(gdet([[1, 2, 3], [2, 4, 6], [3, 6, 9]]), [[0, 0, 0], [0, 0, 0], [0, 0, 0]], 0); // rank 1
    close(gdet(np.zeros([4, 4]).toArray() as number[][]), np.zeros([4, 4]).toArray() as number[][], 0);
    close(gdet([[5]]), [[1]], 0);
    // also under jit and vmap
    const sing = f64([[[1, 2], [2, 4]], [[0, 0], [0, 1]]]);
    const expected = [[[4, -2], [-2, 1]], [[1, 0], [0, 0]]];
    close(jit(vmap(grad((y: NDArray) => la.det(y))))(sing), expected, 1e-15);
  });
});

describe("singular and non-positive-definite inputs", () => {
  test("solve and inv of a singular matrix give non-finite values, as JAX (no hang, no throw)", () => {
    const s = f64([[1, 2], [2, 4]]);
    assert.ok(flat(la.solve(s, f64([1, 1]))).some((v) => !Number.isFinite(v)));
    assert.ok(flat(la.inv(s)).some((v) => !Number.isFinite(v)));
    close(la.det(s), 0, 0);
    const [sign, logdet] = la.slogdet(s);
    close(sign, 0, 0);
    close(logdet, -Infinity, 0);
  });
  test("cholesky of a matrix that is not positive definite is all NaN", () => {
    close(la.cholesky(f64([[1, 2], [2, 1]])), [[NaN, NaN], [NaN, NaN]], 0);
    close(la.cholesky(f64([[[4, 0], [0, 1]], [[-1, 0], [0, 1]]])), [[[2, 0], [0, 1]], [[NaN, NaN], [NaN, NaN]]], 0);
  });
});

describe("errors", () => {
  test("shapes, exponents and options are checked with clear messages", () => {
    assert.throws(() => la.solve(f64([[1, 2, 3], [4, 5, 6]]), f64([1, 2])), /solve: expected a \(batch of\) square matrices \[\.\.\., n, n\], got shape \[2,3\]/);
    assert.throws(() => la.solve(f64(M), f64([1, 2, 3])), /solve: b \[3\] does not match a \[4,4\]: expected b of shape \[\.\.\., 4\]/);
    assert.throws(() => la.solve(f64(M), f64([[1], [2]])), /solve: b \[2,1\] does not match a \[4,4\]: expected b of shape \[\.\.\., 4, k\]/);
    assert.throws(() => la.inv(f64([1, 2])), /inv: expected a \(batch of\) square matrices/);
    assert.throws(() => la.det(f64([[1, 2]])), /det: expected a \(batch of\) square matrices \[\.\.\., n, n\], got shape \[1,2\]/);
    assert.throws(() => la.slogdet(5), /slogdet: expected a \(batch of\) square matrices/);
    assert.throws(() => la.cholesky(f64([[1, 2, 3]])), /cholesky: expected a \(batch of\) square matrices/);
    assert.throws(() => la.expm(f64([1])), /expm: expected a \(batch of\) square matrices/);
    assert.throws(() => la.matrixPower(f64(M), 1.5), /matrixPower: the exponent must be an integer, got 1.5/);
    assert.throws(() => la.matrixPower(f64([1, 2]), 2), /matrixPower: expected a \(batch of\) square matrices/);
    assert.throws(() => la.solveTriangular(f64(M), f64(B), { trans: 3 as 0 }), /solveTriangular: trans must be 0, 1, 2, "N", "T" or "C", got 3/);
    assert.throws(() => la.solveTriangular(f64(M), f64([[1, 2, 3]])), /solveTriangular: b \[1,3\] does not match a \[4,4\]/);
    assert.throws(() => la.solve(np.ones([2, 3, 3]), np.ones([4, 3, 1])), /solve/);
  });
});
