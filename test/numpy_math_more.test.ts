/**
 * @file np math additions (issue 10): NumPy 2 aliases, copysign/fmax/fmin/divmod/modf/nanToNum/
 * signbit/sinc/logaddexp2/floatPower/isneginf/isposinf/nextafter, isclose family, isscalar,
 * resultType, diff/ediff1d/cross/kron/trapezoid/interp/unwrap, cumulativeSum/Prod, histogram,
 * bincount, digitize — values against tables computed offline with NumPy 1.24 (float64), dtypes,
 * edge cases, derivatives by checkGrads, jit and vmap.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { NDArray, NestedArray, np, jit, vmap, grad, checkGrads } from "../src/index.js";
import { check, close } from "./util.js";

const f64 = (v: NestedArray) => np.array(v, { dtype: "float64" });
const f32 = (v: NestedArray) => np.array(v, { dtype: "float32" });
const i32 = (v: NestedArray) => np.array(v, { dtype: "int32" });
const X = [[0.3, -1.2, 2.5, 0.9, 4.1], [1.1, 0.4, -0.7, 2.2, 0.0], [3.3, -2.0, 1.7, -0.5, 0.8]];
const PH = [0, 3, 6.5, 0.2, -3.5, 2.9, 9.0, 12.0];
// NumPy 1.24 results (see each comment for the call)
const REF = {
  sinc: [1.0, 0.9999999998355066, 0.9003163161571062, 0.6366197723675814, 3.8981718325193755e-17, 0.12732395447351627, -0.06959948848655191], // sinc([0, 1e-5, -0.25, 0.5, 1, 2.5, -3.7])
  logaddexp2: [1.0, 3.321928094887362, -49.228446696836386, 1000.5849625007212], // logaddexp2([0, 1, -50, 1000], [0, 3, -50.5, 999])
  nextafter: [1.0000000000000002, 0.9999999999999999, 5e-324, -1.0000000000000002, 1.9999999999999998, 1.00000000000005e-310, 2.225073858507201e-308, 2.225073858507202e-308, 1.7976931348623157e308, -1.7976931348623157e308, 3.0, 0.10000000000000002, 1.0000000000000002e300, -5e-324, 3.9999999999999996],
  nextafter32: [1.0000001192092896, 0.9999999403953552, -1.401298464324817e-45, 1.9999998807907104, 1.0000086230961192e-40, Infinity],
  diff2: [[5.2, -5.300000000000001, 4.8], [-0.4, 4.0, -5.1000000000000005], [9.0, -5.9, 3.5]], // diff(X, n=2, axis=1)
  diff_ax0_pre_app: [[0.3, -1.2, 2.5, 0.9, 4.1], [0.8, 1.6, -3.2, 1.3000000000000003, -4.1], [2.1999999999999997, -2.4, 2.4, -2.7, 0.8], [-3.0, 0.8, 0.8, 1.4, 3.3]], // diff(X, axis=0, prepend=0, append=X[:1])
  cross3: [[-7.169999999999999, 5.0200000000000005, 3.27], [1.54, 0.48999999999999994, 2.7], [-0.7500000000000001, 0.24999999999999956, 1.75]], // cross(X[:, :3], X[:, 2:5])
  cross23: [[-4.919999999999999, -1.2299999999999998, 3.27], [0.0, -0.0, 2.7], [-1.6, -2.64, 1.75]], // cross(X[:, :2], X[:, 2:5])
  cross22: [2.3099999999999996, -0.8800000000000001, 1.6400000000000001], // cross(X[:, :2], X[:, 3:5])
  kron: [[0.27, 0.66, -0.15, -1.08, -2.64, 0.6], [0.9900000000000001, 2.4200000000000004, -0.55, 0.36000000000000004, 0.8800000000000001, -0.2]], // kron(X[:2, :2], X[:, 3])
  trap: [4.4, 2.45, 1.25], // trapezoid(X, axis=1)
  trap_x: [6.275, 2.8000000000000003, 0.7749999999999999], // trapezoid(X, x=[0, 0.5, 1.5, 2, 4], axis=1)
  trap_dx: [0.8700000000000001, -0.36, 0.42000000000000004, 0.72, 0.7349999999999999], // trapezoid(X, dx=0.3, axis=0)
  interp: [1.5, 1.5, 0.625, -2.0, 2.0200000000000014, 4.0, 4.0], // interp([-1, 0, 0.25, 1, 2.7, 3, 5], [0, 1, 2.5, 3], [1.5, -2, 0.7, 4])
  interp_lr: [-7.0, 0.625, 9.0], // … at [-1, 0.25, 5] with left=-7, right=9
  interp_period: [7.5, 5.0, 8.75, 6.25, 3.0, 3.25, 3.5, 3.75], // NumPy's docstring example with period=360
  unwrap: [0.0, 3.0, 0.21681469282041377, 0.2, 2.7831853071795862, 2.9, 2.7168146928204138, 5.716814692820414],
  unwrap_disc: [0.0, 3.0, 6.5, 6.483185307179586, 2.7831853071795862, 2.9, 2.7168146928204138, 5.716814692820414], // discont=4
  unwrap_period: [0.0, 5.0, 1.0, 3.0, -1.5], // unwrap([0, 5, 11, 3, 8.5], period=10)
  unwrap_rev: [12.0, 9.0, 9.183185307179587, 9.066370614359172, 6.483185307179586, 6.500000000000001, 9.283185307179586, 6.283185307179587], // unwrap(PH[::-1])
  hist: [4.0, 5.0, 4.0, 2.0], // histogram(X, bins=4)
  hist_edges: [-2.0, -0.4750000000000001, 1.0499999999999998, 2.5749999999999993, 4.1],
  hist_d: [0.15384615384615385, 0.46153846153846156, 0.20512820512820512, 0.15384615384615385], // bins=[-2, 0, 0.5, 2, 3], weights=1.5, density
  hist_range: [5.0, 2.0, 2.0], // bins=3, range=(0, 3)
  isclose: [true, false, true, false, false, true], // isclose([1, 1.0001, inf, nan, -inf, 0], [1.00001, 1, inf, nan, inf, 1e-9])
  isclose_t: [true, true, true, true, false], // … rtol=1e-3, atol=0, equal_nan=True against [1.00001, 1, inf, nan, 101]
};

describe("NumPy 2 aliases and elementwise additions", () => {
  test("aliases equal the arc-functions and power", () => {
    const x = f64([-0.5, 0.25, 0.9]);
    close(np.acos(x), np.arccos(x).toArray() as number[]);
    close(np.asin(x), np.arcsin(x).toArray() as number[]);
    close(np.atan(x), np.arctan(x).toArray() as number[]);
    close(np.atanh(x), np.arctanh(x).toArray() as number[]);
    close(np.asinh(x), np.arcsinh(x).toArray() as number[]);
    close(np.acosh(f64([1, 2])), np.arccosh(f64([1, 2])).toArray() as number[]);
    close(np.atan2(1, -1), [(3 * Math.PI) / 4], 1e-7);
    check(np.pow(i32([2, 3]), 2), [2], [4, 9], "int32");
  });
  test("sinc, logaddexp2, copysign, signbit, fmax/fmin, divmod, modf, nanToNum, floatPower, isposinf/isneginf", () => {
    close(np.sinc(f64([0, 1e-5, -0.25, 0.5, 1, 2.5, -3.7])), REF.sinc, 1e-15);
    check(np.sinc(i32([0, 1])), [2], [1, 0], "float32");
    close(np.logaddexp2(f64([0, 1, -50, 1000]), f64([0, 3, -50.5, 999])), REF.logaddexp2);
    const cs = np.copysign(f64([1.5, -2, 0, 3]), f64([-1, 2, -0, 0]));
    close(cs, [-1.5, 2, 0, 3]);
    assert.ok(Object.is((cs.toArray() as number[])[2], -0));
    check(np.signbit(f64([-1, -0, 0, 2, -Infinity])), [5], [true, true, false, false, true], "bool");
    check(np.signbit(i32([-3, 0, 4])), [3], [true, false, false], "bool");
    check(np.fmax(f64([1, NaN, 3, NaN]), f64([2, 0, NaN, NaN])), [4], [2, 0, 3, NaN]);
    check(np.fmin(f64([1, NaN, 3, NaN]), f64([2, 0, NaN, NaN])), [4], [1, 0, 3, NaN]);
    check(np.fmax(i32([1, 5]), 3), [2], [3, 5], "int32");
    const [q, r] = np.divmod(i32([7, -7, 7]), i32([2, 2, -2]));
    check(q, [3], [3, -4, -4], "int32");
    check(r, [3], [1, 1, -1], "int32");
    const [fr, wh] = np.modf(f64([2.5, -1.25, 0, 7, -Infinity]));
    check(fr, [5], [0.5, -0.25, 0, 0, -0]);
    check(wh, [5], [2, -1, 0, 7, -Infinity]);
    check(np.nanToNum(f64([NaN, Infinity, -Infinity, 2])), [4], [0, Number.MAX_VALUE, -Number.MAX_VALUE, 2]);
    check(np.nanToNum(f32([NaN, Infinity])), [2], [0, 3.4028234663852886e38], "float32");
    check(np.nanToNum(f64([NaN, Infinity, -Infinity]), { nan: 1, posinf: 2, neginf: -3 }), [3], [1, 2, -3]);
    check(np.nanToNum(i32([1, 2])), [2], [1, 2], "int32");
    check(np.floatPower(i32([2, 4]), -1), [2], [0.5, 0.25], "float32");
    check(np.isposinf(f64([-Infinity, 0, Infinity, NaN])), [4], [false, false, true, false], "bool");
    check(np.isneginf(f64([-Infinity, 0, Infinity, NaN])), [4], [true, false, false, false], "bool");
    check(np.isneginf(i32([1])), [1], [false], "bool");
  });
  test("nextafter steps one ulp (float64 and float32, subnormals, powers of two, infinities)", () => {
    const x = f64([1, 1, 0, -1, 2, 1e-310, 2.2250738585072014e-308, 2.2250738585072014e-308, Infinity, -Infinity, 3, 0.1, 1e300, -0, 4]);
    const y = f64([2, 0, 1, -2, 0, 1, 0, 1, 0, 0, 3, 1, Infinity, -1, -Infinity]);
    assert.deepEqual(np.nextafter(x, y).toArray(), REF.nextafter);
    const x32 = f32([1, 1, 0, 2, 1e-40, 3.4028235e38]), y32 = f32([2, 0, -1, 0, 1, Infinity]);
    assert.deepEqual(np.nextafter(x32, y32).toArray(), REF.nextafter32);
    check(np.nextafter(f64([NaN, 1]), f64([1, NaN])), [2], [NaN, NaN]);
    // spacing: NumPy 1.24 values; the float32 ones are JAX's documented example
    assert.deepEqual(np.spacing(f64([0, 1, -1, 0.1, 1e-310, 1.7976931348623157e308, Infinity, NaN, -0])).toArray(), [5e-324, 2.220446049250313e-16, -2.220446049250313e-16, 1.3877787807814457e-17, 5e-324, Infinity, NaN, NaN, 5e-324]);
    assert.deepEqual(np.spacing(f32([0, 0.25, 0.5, 0.75, 1])).toArray(), [1.401298464324817e-45, 2.9802322387695312e-8, 5.960464477539063e-8, 5.960464477539063e-8, 1.1920928955078125e-7]);
    check(np.fabs(i32([-1, 2])), [2], [1, 2], "float32");
  });
  test("isclose, allclose, arrayEqual, arrayEquiv", () => {
    check(np.isclose(f64([1, 1.0001, Infinity, NaN, -Infinity, 0]), f64([1.00001, 1, Infinity, NaN, Infinity, 1e-9])), [6], REF.isclose, "bool");
    check(np.isclose(f64([1, 1.0001, Infinity, NaN, 100]), f64([1.00001, 1, Infinity, NaN, 101]), { rtol: 1e-3, atol: 0, equalNan: true }), [5], REF.isclose_t, "bool");
    assert.equal(np.allclose([1, 2], [1, 2 + 1e-9]).item(), true);
    assert.equal(np.allclose(f64([1, NaN]), f64([1, NaN])).item(), false);
    assert.equal(np.allclose(f64([1, NaN]), f64([1, NaN]), { equalNan: true }).item(), true);
    assert.equal(np.arrayEqual([1, 2], [1, 2]).item(), true);
    assert.equal(np.arrayEqual([1, 2], [1, 2, 3]).item(), false);
    assert.equal(np.arrayEqual(f64([NaN]), f64([NaN])).item(), false);
    assert.equal(np.arrayEqual(f64([NaN]), f64([NaN]), { equalNan: true }).item(), true);
    assert.equal(np.arrayEquiv([1, 1], 1).item(), true);
    assert.equal(np.arrayEquiv([[1, 2]], [[1], [2]]).item(), false);
    assert.equal(np.arrayEquiv([1, 2], [1, 2, 3]).item(), false);
    assert.throws(() => np.isclose(1, 1, { rtol: "x" } as never), /np\.isclose: rtol and atol must be numbers/);
    assert.throws(() => np.isclose(1, 1, { equal_nan: true } as never), /unknown option "equal_nan"/);
    assert.equal(jit((a: NDArray, b: NDArray) => np.allclose(a, b))(f64([1, 2]), f64([1, 2.1])).item(), false);
  });
  test("isscalar and resultType", () => {
    assert.equal(np.isscalar(1.5), true);
    assert.equal(np.isscalar(true), true);
    assert.equal(np.isscalar(np.array(2)), true); // NB: as JAX (NumPy: false)
    assert.equal(np.isscalar(np.array([2])), false);
    assert.equal(np.isscalar([1]), false);
    assert.equal(np.resultType(i32([1]), 1.5), "float32");
    assert.equal(np.resultType(i32([1]), 1), "int32");
    assert.equal(np.resultType("int32", "float64"), "float64");
    assert.equal(np.resultType(f32([1]), "float64"), "float64");
    assert.equal(np.resultType(true, i32([1])), "int32");
    assert.throws(() => np.resultType("float16" as never), /resultType/);
    assert.throws(() => np.resultType(), /at least one/);
  });
  test("derivatives (checkGrads): sinc at and near 0, logaddexp2, copysign, fmax/fmin", () => {
    checkGrads((x: NDArray) => np.sinc(x), [f64([0, 1e-3, -0.25, 0.5, 1.3])], { order: 3 });
    // sinc′(0) = 0 and sinc″(0) = −π²/3
    check(grad((x: NDArray) => np.sinc(x))(f64(0)), [], 0);
    close(grad(grad((x: NDArray) => np.sinc(x)))(f64(0)), [-(Math.PI ** 2) / 3], 1e-12);
    checkGrads((x: NDArray, y: NDArray) => np.logaddexp2(x, y), [f64([0, 1, -5]), f64([0.5, 3, -5.5])]);
    checkGrads((x: NDArray) => np.copysign(x, f64([-1, 2, -3])), [f64([1.5, -2, 0.7])]);
    checkGrads((x: NDArray, y: NDArray) => np.fmax(x, y), [f64([1, NaN, 3]), f64([2, 0, NaN])].map((a) => np.nanToNum(a, { nan: 0.5 })));
    check(grad((x: NDArray) => np.sum(np.fmin(x, f64([NaN, 0]))))(f64([1, 2])), [2], [1, 0]);
    close(vmap((x: NDArray) => np.sinc(x))(f64([0, 0.5])), [1, 2 / Math.PI]);
  });
});

describe("diff, ediff1d, cross, kron", () => {
  test("values against NumPy", () => {
    close(np.diff(f64(X), { n: 2, axis: 1 }), REF.diff2);
    close(np.diff(f64(X), { axis: 0, prepend: 0, append: f64([X[0]]) }), REF.diff_ax0_pre_app);
    check(np.diff([1, 4, 9, 16]), [3], [3, 5, 7], "float32");
    check(np.diff(i32([1, 4, 9, 16]), 2), [2], [2, 2], "int32");
    check(np.diff(np.array([true, true, false])), [2], [false, true], "bool");
    check(np.diff(f64([1, 2]), 0), [2], [1, 2]);
    check(np.diff(f64([1, 2]), 5), [0], []);
    check(np.ediff1d([[1, 2], [4, 7]], { toBegin: -9, toEnd: [0, 0] }), [6], [-9, 1, 2, 3, 0, 0]);
    check(np.ediff1d([]), [0], []);
    close(np.cross(f64(X.map((r) => r.slice(0, 3))), f64(X.map((r) => r.slice(2, 5)))), REF.cross3);
    close(np.cross(np.transpose(f64(X.map((r) => r.slice(0, 3)))), f64(X.map((r) => r.slice(2, 5))), { axisa: 0, axisc: 0 }), np.transpose(f64(REF.cross3)).toArray() as number[][]);
    close(np.cross(f64(X.map((r) => r.slice(0, 2))), f64(X.map((r) => r.slice(2, 5)))), REF.cross23);
    close(np.cross(f64(X.map((r) => r.slice(0, 2))), f64(X.map((r) => r.slice(3, 5)))), REF.cross22);
    check(np.cross(i32([1, 0, 0]), i32([0, 1, 0])), [3], [0, 0, 1], "int32");
    close(np.kron(f64([X[0].slice(0, 2), X[1].slice(0, 2)]), f64(X.map((r) => r[3]))), REF.kron);
    check(np.kron(i32([1, 10]), i32([1, 2, 3])), [6], [1, 2, 3, 10, 20, 30], "int32");
    check(np.kron(3, f64([1, 2])), [2], [3, 6]);
  });
  test("errors", () => {
    assert.throws(() => np.diff(f64(1)), /np\.diff: requires an input with at least one dimension/);
    assert.throws(() => np.diff(f64([1, 2]), -1), /np\.diff: n must be an integer ≥ 0, got -1/);
    assert.throws(() => np.diff(f64([[1, 2]]), { axis: 0, prepend: f64([1, 2, 3]) }), /prepend of shape \[3\] does not fit/);
    assert.throws(() => np.cross(f64([1, 2, 3, 4]), f64([1, 2, 3])), /np\.cross: incompatible vector dimensions 4 and 3/);
  });
  test("derivatives (checkGrads); jit and vmap", () => {
    checkGrads((x: NDArray) => np.diff(x, { n: 2, axis: 0, append: 1 }), [f64(X)]);
    checkGrads((a: NDArray, b: NDArray) => np.cross(a, b), [f64([[1, 2, 3], [0.5, -1, 2]]), f64([0.3, 0.7, -1.1])]);
    checkGrads((a: NDArray, b: NDArray) => np.cross(a, b), [f64([1, 2]), f64([0.3, 0.7])]);
    checkGrads((a: NDArray, b: NDArray) => np.kron(a, b), [f64([[1, 2], [3, 4]]), f64([0.5, -1, 2])]);
    close(jit((x: NDArray) => np.diff(x, 2))(f64(X)), REF.diff2);
    close(vmap((a: NDArray, b: NDArray) => np.cross(a, b))(f64(X.map((r) => r.slice(0, 3))), f64(X.map((r) => r.slice(2, 5)))), REF.cross3);
    close(vmap((a: NDArray) => np.kron(a, f64(X.map((r) => r[3]))))(f64([X[0].slice(0, 2), X[1].slice(0, 2)])), REF.kron);
  });
});

describe("trapezoid, interp, unwrap, cumulativeSum/Prod", () => {
  test("values against NumPy", () => {
    close(np.trapezoid(f64(X)), REF.trap);
    close(np.trapezoid(f64(X), [0, 0.5, 1.5, 2, 4]), REF.trap_x, 1e-12);
    close(np.trapezoid(f64(X), { dx: 0.3, axis: 0 }), REF.trap_dx);
    check(np.trapezoid(i32([1, 2, 3])), [], 4, "float32");
    check(np.trapezoid(f64([])), [], 0);
    close(np.interp(f64([-1, 0, 0.25, 1, 2.7, 3, 5]), f64([0, 1, 2.5, 3]), f64([1.5, -2, 0.7, 4])), REF.interp, 1e-12);
    close(np.interp(f64([-1, 0.25, 5]), f64([0, 1, 2.5, 3]), f64([1.5, -2, 0.7, 4]), { left: -7, right: 9 }), REF.interp_lr);
    close(np.interp(f64([-180, -170, -185, 185, -10, -5, 0, 365]), f64([190, -190, 350, -350]), f64([5, 10, 3, 4]), { period: 360 }), REF.interp_period);
    check(np.interp(f64([0, 1, 2]), f64([1]), f64([5])), [3], [5, 5, 5]);
    check(np.interp(2, [1, 3], [10, 30]), [], 20);
    close(np.unwrap(f64(PH)), REF.unwrap);
    close(np.unwrap(f64(PH), { discont: 4 }), REF.unwrap_disc);
    close(np.unwrap(f64([0, 5, 11, 3, 8.5]), { period: 10 }), REF.unwrap_period);
    close(np.unwrap(f64([PH, [...PH].reverse()]), { axis: 1 }), [REF.unwrap, REF.unwrap_rev]);
    check(np.cumulativeSum([1, 2, 3], { includeInitial: true }), [4], [0, 1, 3, 6]);
    check(np.cumulativeSum(i32([[1, 2], [3, 4]]), { axis: 0 }), [2, 2], [[1, 2], [4, 6]], "int32");
    check(np.cumulativeProd(f64([[1, 2], [3, 4]]), { axis: 1, includeInitial: true }), [2, 3], [[1, 1, 2], [1, 3, 12]]);
    check(np.cumulativeSum(np.array([true, true]), { dtype: "float64" }), [2], [1, 2], "float64");
    check(np.cumsum(5), [1], [5]); // a scalar gives a 1-D result, as NumPy
    check(np.cumprod(f64(2)), [1], [2]);
    check(np.cumsum(5, 0), [1], [5]);
    check(np.cumprod(f64(3), { axis: -1 }), [1], [3]);
    assert.throws(() => np.cumsum(5, 1), /np\.cumsum: axis 1 is out of bounds for an array of rank 1/);
  });
  test("errors", () => {
    assert.throws(() => np.cumulativeSum(f64([[1, 2]])), /np\.cumulativeSum: axis is required for a 2-D input/);
    assert.throws(() => np.cumulativeSum(f64(1)), /at least one dimension/);
    assert.throws(() => np.interp([1], [1, 2], [1, 2, 3]), /np\.interp: xp and fp must be 1-D of the same length/);
    assert.throws(() => np.interp([1], [], []), /must not be empty/);
    assert.throws(() => np.trapezoid(f64([1, 2]), f64([1, 2, 3])), /np\.trapezoid: x of length 3 does not match/);
    assert.throws(() => np.unwrap(f64([1, 2]), { discount: 1 } as never), /unknown option "discount"/);
  });
  test("derivatives (checkGrads); jit and vmap", () => {
    checkGrads((y: NDArray, x: NDArray) => np.trapezoid(y, x), [f64(X), f64([0, 0.5, 1.5, 2, 4])]);
    const xp = f64([0, 1, 2.5, 3]), fp = f64([1.5, -2, 0.7, 4]);
    checkGrads((x: NDArray, xp: NDArray, fp: NDArray) => np.interp(x, xp, fp), [f64([-1, 0.25, 0.8, 2.7, 5]), xp, fp]);
    checkGrads((p: NDArray) => np.unwrap(p), [f64(PH)]);
    checkGrads((x: NDArray) => np.cumulativeProd(x, { includeInitial: true }), [f64([0.5, -2, 1.5])]);
    close(jit((x: NDArray) => np.interp(x, xp, fp))(f64([-1, 0, 0.25, 1, 2.7, 3, 5])), REF.interp, 1e-12);
    close(vmap((x: NDArray) => np.interp(x, xp, fp))(f64([-1, 0, 0.25, 1, 2.7, 3, 5])), REF.interp, 1e-12);
    close(vmap((y: NDArray) => np.trapezoid(y))(f64(X)), REF.trap);
    close(jit((p: NDArray) => np.unwrap(p))(f64(PH)), REF.unwrap);
  });
});

describe("histogram, bincount, digitize", () => {
  test("values against NumPy (counts are floats, as JAX)", () => {
    const [h, e] = np.histogram(f64(X), 4);
    check(h, [4], REF.hist, "float64");
    close(e, REF.hist_edges, 1e-15);
    const [hd] = np.histogram(f64(X), f64([-2, 0, 0.5, 2, 3]), { weights: np.fullLike(f64(X), 1.5), density: true });
    close(hd, REF.hist_d);
    const [hr, er] = np.histogram(f64(X), 3, { range: [0, 3] });
    check(hr, [3], REF.hist_range);
    check(er, [4], [0, 1, 2, 3]);
    const [h1, e1] = np.histogram([2, 2], 2);
    check(h1, [2], [0, 2]);
    check(e1, [3], [1.5, 2, 2.5]);
    const [h10] = np.histogram(i32([1, 2, 3]));
    assert.equal(h10.shape[0], 10);
    assert.equal(h10.dtype, "float32");
    check(np.bincount([0, 3, 3, 1, 7, 3]), [8], [1, 1, 0, 3, 0, 0, 0, 1], "int32");
    check(np.bincount([0, 3, 3, 1], { weights: f64([0.5, 1, 2, -1]), minlength: 6 }), [6], [0.5, -1, 0, 3, 0, 0], "float64");
    check(np.bincount(i32([0, 3, 3, 1]), { length: 2 }), [2], [1, 1]);
    check(np.bincount(i32([])), [0], []);
    const xs = f64([-1, 0, 0.5, 1, 2.5, 3, 4]);
    check(np.digitize(xs, f64([0, 1, 2.5, 3])), [7], [0, 1, 1, 2, 3, 4, 4], "int32");
    check(np.digitize(xs, f64([0, 1, 2.5, 3]), true), [7], [0, 0, 1, 1, 2, 3, 4], "int32");
    check(np.digitize(xs, f64([3, 2.5, 1, 0])), [7], [4, 3, 3, 2, 1, 0, 0], "int32");
    check(np.digitize(xs, f64([3, 2.5, 1, 0]), { right: true }), [7], [4, 4, 3, 3, 2, 1, 0], "int32");
  });
  test("errors and jit (bincount needs a static length under jit, as JAX)", () => {
    assert.throws(() => np.bincount([0, -1]), /np\.bincount: x must be non-negative/);
    assert.throws(() => np.bincount([0.5]), /np\.bincount: x must hold integers/);
    // the stack's first line carries the message once renamed (not "np.np.bincount")
    assert.throws(() => np.bincount([0, -1]), (e: Error) => e.stack!.split("\n")[0] === "RangeError: np.bincount: x must be non-negative, got -1");
    assert.throws(() => np.bincount([[0]]), /x must be 1-D/);
    assert.throws(() => jit((x: NDArray) => np.bincount(x))(i32([0, 1])), /np\.bincount: the number of bins depends on the data.*pass a static \{ length \}/);
    check(jit((x: NDArray) => np.bincount(x, { length: 3 }))(i32([0, 1, 1, 5, -2])), [3], [2, 2, 0]); // as JAX: −2 counts as 0, 5 is dropped
    assert.throws(() => np.histogram([1, 2], 0), /np\.histogram: bins must be a positive integer/);
    assert.throws(() => np.histogram([1, 2], 2, { range: [3, 1] }), /range must be \[lo, hi\]/);
    assert.throws(() => np.histogram([1, 2], "auto" as never), /np\.histogram: bins must be a positive integer or an array of edges, got "auto" \(NumPy's named bin rules/);
    const [hj] = jit((x: NDArray) => np.histogram(x, 4))(f64(X));
    check(hj, [4], REF.hist);
    check(vmap((x: NDArray) => np.histogram(x, f64([-2, 0, 2, 5]))[0])(f64(X)), [3, 3], [[1, 2, 2], [1, 3, 1], [2, 2, 1]]);
    check(vmap((x: NDArray) => np.digitize(x, f64([0, 1, 2.5, 3])))(f64([[-1, 0.5], [3, 4]])), [2, 2], [[0, 1], [4, 4]]);
  });
  test("weighted histogram and bincount are differentiable in the weights", () => {
    checkGrads((w: NDArray) => np.histogram(f64([0.5, 1, 2.5, 3, 0.7]), f64([0, 1, 2, 3]), { weights: w })[0], [f64([1, 2, 3, 4, 5])]);
    checkGrads((w: NDArray) => np.bincount([0, 2, 2, 1], { weights: w }), [f64([0.5, 1, 2, -1])]);
  });
});

describe("gradient, heaviside, degrees/radians, gcd/lcm, nancumsum/nancumprod, histogramBinEdges", () => {
  // NumPy 1.24: gradient(X, 2.0, [0, 0.5, 1.5, 2, 4]) and gradient(X, axis=0)
  const G0 = [[0.4, 0.8, -1.6, 0.6500000000000001, -2.05], [0.75, -0.2, -0.2, -0.35, -0.825], [1.0999999999999999, -1.2, 1.2, -1.35, 0.4]];
  const G1 = [[-3.0, -0.7666666666666666, -0.9000000000000001, -2.2399999999999998, 1.5999999999999999], [-1.4000000000000001, -1.3000000000000003, 3.5, 4.42, -1.1], [-10.6, -5.833333333333333, -1.6999999999999997, -3.39, 0.65]];
  const GA0 = [[0.8, 1.6, -3.2, 1.3000000000000003, -4.1], [1.5, -0.4, -0.4, -0.7, -1.65], [2.1999999999999997, -2.4, 2.4, -2.7, 0.8]];
  test("gradient: uniform and coordinate spacings, one axis or all, against NumPy", () => {
    check(np.gradient([1, 2, 4, 7, 11]) as NDArray, [5], [1, 1.5, 2.5, 3.5, 4], "float32");
    close(np.gradient(f64([1, 2, 4, 7, 11]), 0.5) as NDArray, [2, 3, 5, 7, 8]);
    close(np.gradient(f64([1, 2, 4, 7, 11]), f64([0, 1, 1.5, 3, 3.2])) as NDArray, [1.0, 2.9999999999999996, 3.4999999999999996, 17.88235294117645, 19.999999999999982], 1e-12);
    const [g0, g1] = np.gradient(f64(X), 2, f64([0, 0.5, 1.5, 2, 4])) as NDArray[];
    close(g0, G0, 1e-12);
    close(g1, G1, 1e-12);
    close(np.gradient(f64(X), { axis: 0 }) as NDArray, GA0, 1e-12);
    check(np.gradient(f64([1, 3])) as NDArray, [2], [2, 2]);
    assert.throws(() => np.gradient(f64([1])), /np\.gradient: each differentiated axis needs at least 2 samples/);
    assert.throws(() => np.gradient(f64(X), 1, 2, 3), /expected 0, 1 or 2 spacings/);
    assert.throws(() => np.gradient(f64(X), { axes: 0 } as never), /unknown option "axes"/);
  });
  test("gradient is linear in f and differentiable in the coordinates; jit and vmap", () => {
    checkGrads((y: NDArray, x: NDArray) => np.gradient(y, x) as NDArray, [f64([1, 2, 4, 7, 11]), f64([0, 1, 1.5, 3, 3.2])]);
    close(jit((y: NDArray) => np.gradient(y, { axis: 0 }) as NDArray)(f64(X)), GA0, 1e-12);
    close(vmap((y: NDArray) => np.gradient(y) as NDArray, { inAxes: 1, outAxes: 1 })(f64(X)), GA0, 1e-12);
  });
  test("heaviside, degrees, radians, gcd, lcm", () => {
    check(np.heaviside(f64([-1.5, 0, 2, NaN]), 0.5), [4], [0, 0.5, 1, NaN], "float64");
    check(np.heaviside(i32([-1, 0, 1]), 1), [3], [0, 1, 1], "float32");
    close(np.degrees(f64([Math.PI, -Math.PI / 2])), [180, -90]);
    close(np.radians(f64([180, 90])), [Math.PI, Math.PI / 2]);
    close(np.rad2deg(f64(1)), [180 / Math.PI]);
    close(np.deg2rad(f64(1)), [Math.PI / 180]);
    check(np.gcd(i32([12, -18, 0, 7, 0, 1071, 1836311903]), i32([18, 12, 5, 13, 0, 462, 1134903170])), [7], [6, 6, 5, 1, 0, 21, 1], "int32");
    check(np.lcm(i32([4, -6, 0, 7]), i32([6, 4, 3, 3])), [4], [12, 12, 0, 21], "int32");
    assert.throws(() => np.gcd(f64([1]), 2), /np\.gcd: integer arguments expected, got float64/);
    checkGrads((x: NDArray) => np.degrees(x), [f64([0.3, -1])]);
    check(vmap((a: NDArray) => np.gcd(a, 12))(i32([18, 8, 5])), [3], [6, 4, 1]);
  });
  test("nancumsum, nancumprod, histogramBinEdges", () => {
    const xn = f64([[1, NaN, 2], [NaN, 3, 4]]);
    check(np.nancumsum(xn, 1), [2, 3], [[1, 1, 3], [0, 3, 7]], "float64");
    check(np.nancumprod(xn), [6], [1, 1, 2, 2, 6, 24], "float64");
    check(np.nancumsum(i32([1, 2])), [2], [1, 3], "int32");
    checkGrads((x: NDArray) => np.nancumprod(x, 0), [f64([0.5, -2, 1.5])]);
    close(np.histogramBinEdges(f64(X), 4), REF.hist_edges, 1e-15);
    check(np.histogramBinEdges([1, 2, 4], 3), [4], [1, 2, 3, 4]);
    check(np.histogramBinEdges(f64([5]), { range: [0, 1] }), [11], [0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, 1]);
    assert.throws(() => np.histogramBinEdges([1], f64([1])), /np\.histogramBinEdges: bin edges must be 1-D with at least 2 entries/);
  });
});

describe("frexp and ldexp", () => {
  test("values against NumPy (float64, float32, subnormals, the largest float, specials)", () => {
    const x = f64([8, 0.75, -3.5, 0, Infinity, -Infinity, NaN, 5e-324, 1.7976931348623157e308, 1e-310, 1, 0.1]);
    const [m, e] = np.frexp(x);
    check(m, [12], [0.5, 0.75, -0.875, 0, Infinity, -Infinity, NaN, 0.5, 0.9999999999999999, 0.5752618031559393, 0.5, 0.8], "float64", 0);
    check(e, [12], [4, 0, 2, 0, 0, 0, 0, -1073, 1024, -1029, 1, -3], "int32");
    const [m32, e32] = np.frexp(f32([8, 1e-40, 3.4e38]));
    check(m32, [3], [0.5, 0.5444488525390625, 0.999170184135437], "float32", 0);
    check(e32, [3], [4, -132, 128], "int32");
    const r = np.ldexp(f64([0.75, 0.5, 1, 1, 3, -1, 0.75]), i32([3, 1025, -1074, -1075, -1073, 1024, 0]));
    assert.deepEqual(r.toArray(), [6, Infinity, 5e-324, 0, 3e-323, -Infinity, 0.75]);
    check(np.ldexp(i32([3]), 2), [1], [12], "float32");
    // the round trip
    const [mm, ee] = np.frexp(x);
    check(np.ldexp(mm, ee), [12], x.toArray() as number[], "float64", 0);
    assert.throws(() => np.ldexp(1, 0.5), /np\.ldexp: the exponent must be an integer/);
  });
  test("derivatives: d frexp(x)[0] = 2^−e, d ldexp(x, n) = 2ⁿ; jit and vmap", () => {
    checkGrads((a: NDArray) => np.frexp(a)[0], [f64([3, -0.375, 95])]); // away from powers of two (the finite differences step across none)
    checkGrads((a: NDArray) => np.ldexp(a, i32([2, -3, 0])), [f64([3, -0.3, 100])]);
    check(jit((a: NDArray) => np.frexp(a)[1])(f64([8, 0.1])), [2], [4, -3]);
    check(vmap((a: NDArray) => np.ldexp(a, 3))(f64([1, 0.5])), [2], [8, 4]);
  });
});

describe("histogramdd and histogram2d", () => {
  // NumPy 1.24 on the samples X.T (5 samples × 3 dimensions)
  test("values against NumPy: shared and per-dimension bins, ranges, weights, density", () => {
    const S = np.transpose(f64(X));
    const [h, e] = np.histogramdd(S, 2);
    check(h, [2, 2, 2], [[[1, 0], [1, 1]], [[0, 2], [0, 0]]], "float64");
    close(e[0], [-1.2, 1.45, 4.1]), close(e[1], [-0.7, 0.7500000000000002, 2.2]), close(e[2], [-2.0, 0.6499999999999999, 3.3]);
    const [hd, ed] = np.histogramdd(S, [2, f64([-1, 0, 1, 3]), 3], { range: [[0, 4], null, null], weights: f64([1, 2, 3, 4, 5]), density: true });
    close(hd, [[[0, 0, 0], [0, 0, 0], [0.07075471698113207, 0, 0.01768867924528302]], [[0, 0, 0.10613207547169812], [0, 0, 0], [0, 0, 0]]], 1e-12);
    close(ed[0], [0, 2, 4]), close(ed[2], [-2.0, -0.2333333333333334, 1.5333333333333332, 3.3], 1e-12);
    // a list of D coordinate arrays, as NumPy
    check(np.histogramdd([f64(X[0]), f64(X[1]), f64(X[2])], 2)[0], [2, 2, 2], [[[1, 0], [1, 1]], [[0, 2], [0, 0]]]);
    const [h2, xe, ye] = np.histogram2d(f64(X[0]), f64(X[1]), [3, 2]);
    check(h2, [3, 2], [[1, 1], [0, 1], [2, 0]]);
    close(xe, [-1.2, 0.5666666666666667, 2.333333333333333, 4.1], 1e-12), close(ye, [-0.7, 0.7500000000000002, 2.2]);
    check(np.histogram2d(f64(X[0]), f64(X[2]), f64([-2, 0, 2, 5]))[0], [3, 3], [[1, 0, 0], [1, 0, 1], [0, 2, 0]]);
    check(np.histogram2d([0, 1, 1], [0, 1, 0], 2)[0], [2, 2], [[1, 0], [1, 1]]);
  });
  test("errors; jit and vmap; differentiable in the weights", () => {
    assert.throws(() => np.histogramdd(f64([1, 2])), /np\.histogramdd: sample must have shape \[N, D\], got \[2\]/);
    assert.throws(() => np.histogramdd(np.zeros([4, 2]), [2, 2, 2]), /bins must be a number or a list of 2 counts or edge arrays/);
    assert.throws(() => np.histogramdd(np.zeros([4, 2]), { range: [[0, 1]] }), /range must list one \[lo, hi\] \(or null\) per dimension \(2\)/);
    assert.throws(() => np.histogram2d(f64([1, 2]), f64([1, 2, 3])), /np\.histogram2d: the coordinate arrays must be 1-D of one length/);
    check(jit((a: NDArray, b: NDArray) => np.histogram2d(a, b, f64([-2, 0, 2, 5]))[0])(f64(X[0]), f64(X[2])), [3, 3], [[1, 0, 0], [1, 0, 1], [0, 2, 0]]);
    const hs = vmap((s: NDArray) => np.histogramdd(s, [f64([-3, 0, 5]), f64([-3, 0, 5])])[0])(np.stack([np.transpose(f64(X.slice(0, 2))), np.transpose(f64(X.slice(1, 3)))]));
    check(hs, [2, 2, 2], [[[0, 1], [1, 3]], [[0, 1], [2, 2]]]);
    checkGrads((w: NDArray) => np.histogram2d(f64(X[0]), f64(X[1]), 2, { weights: w, density: true })[0], [f64([1, 2, 3, 4, 5])]);
  });
});

describe("i0", () => {
  test("values against NumPy across the series/asymptotic switch, float32, derivative I₁ (scipy), jit and vmap", () => {
    const xs = [0, 0.5, -1.5, 3, -7.25, 12, 19.5, 20.5, 35, -60, 200, 700];
    const ref = [1.0, 1.0634833707413234, 1.6467231897728911, 4.880792585865024, 212.55834116279757, 18948.92534929631, 26760525.339838758, 70922869.834317, 107338818494514.08, 5.894077055609801e24, 2.0396871734097245e85, 1.5295933476718735e302];
    close(np.i0(f64(xs)), ref, 4e-15);
    check(np.i0(f64([800])), [1], [Infinity]);
    const r32 = np.i0(f32([3]));
    assert.equal(r32.dtype, "float32");
    close(r32, [4.880792585865024], 1e-6);
    // I₀′ = I₁ (scipy.special.i1)
    close(vmap(grad((v: NDArray) => np.i0(v)))(f64([0, 0.5, -1.5, 3, -7.25, 12])), [0.0, 0.25789430539089636, -0.9816664285779079, 3.9533702174026093, -197.30156586563817, 18141.348781638833], 1e-13);
    checkGrads((v: NDArray) => np.i0(v), [f64([0.3, -2, 19.9, 25])]);
    close(jit((v: NDArray) => np.i0(v))(f64(xs)), ref, 4e-15);
  });
});
