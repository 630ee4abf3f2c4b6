/**
 * @file np statistics (issue 10): quantiles/median/percentile (all methods, nan-aware), average, cov,
 * corrcoef, nan reductions, ptp, countNonzero — values against tables computed offline with NumPy
 * 1.24 (float64), dtypes, axis/keepdims, edge cases, derivatives by checkGrads, jit and vmap.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { NDArray, NestedArray, np, jit, vmap, grad, checkGrads } from "../src/index.js";
import { check, close } from "./util.js";

const f64 = (v: NestedArray) => np.array(v, { dtype: "float64" });
const i32 = (v: NestedArray) => np.array(v, { dtype: "int32" });
// the data of every table: 3 rows × 5 columns; XN has NaNs at [0,1], [2,3], [2,0]
const X = [[0.3, -1.2, 2.5, 0.9, 4.1], [1.1, 0.4, -0.7, 2.2, 0.0], [3.3, -2.0, 1.7, -0.5, 0.8]];
const XN = [[0.3, NaN, 2.5, 0.9, 4.1], [1.1, 0.4, -0.7, 2.2, 0.0], [NaN, -2.0, 1.7, NaN, 0.8]];
// numpy.quantile(X, [0.1, 0.5, 0.75], axis=1, method=…) and friends
const REF = {
  q_linear: [[-0.5999999999999999, -0.42, -1.4], [0.9, 0.4, 0.8], [2.5, 1.1, 1.7]],
  q_lower: [[-1.2, -0.7, -2.0], [0.9, 0.4, 0.8], [2.5, 1.1, 1.7]],
  q_higher: [[0.3, 0.0, -0.5], [0.9, 0.4, 0.8], [2.5, 1.1, 1.7]],
  q_nearest: [[-1.2, -0.7, -2.0], [0.9, 0.4, 0.8], [2.5, 1.1, 1.7]],
  q_midpoint: [[-0.45, -0.35, -1.25], [0.9, 0.4, 0.8], [2.5, 1.1, 1.7]],
  q_all: 0.06000000000000005, // quantile(X, 0.3)
  q_axis01_keep: [[[-0.5399999999999999]], [[2.9799999999999995]]], // quantile(X, [0.2, 0.9], axis=(0,1), keepdims)
  q_axis0: [0.8600000000000001, -1.44, 0.9799999999999999, 0.48, 0.56], // quantile(X, 0.35, axis=0)
  pct: [[0.46, -1.8399999999999999, -0.21999999999999997, -0.22000000000000003, 0.16000000000000003], [1.1, -1.2, 1.7, 0.9, 0.8], [2.86, 0.08000000000000007, 2.34, 1.9400000000000002, 3.44]], // percentile(X, [10, 50, 90], axis=0)
  median_all: 0.8,
  median_ax1: [0.9, 0.4, 0.8],
  nanq: [[0.75, 0.0, -0.5999999999999999], [2.1799999999999997, 0.6799999999999999, 0.98]], // nanquantile(XN, [0.25, 0.6], axis=1)
  nanpct: [0.6200000000000001, -1.04, 1.2200000000000002, 1.4200000000000002, 0.6400000000000001], // nanpercentile(XN, 40, axis=0)
  nanmedian: [1.7, 0.4, 0.8], // nanmedian(XN, axis=1)
  avg_w_ax1: [0.5888888888888889, 1.0740740740740742, -0.288888888888889], // average(X, axis=1, weights=[0.5, 2, 1, 3, 0.25])
  avg_ret: [2.0666666666666664, -1.0666666666666667, 1.0333333333333332, 0.6333333333333334, 1.0833333333333333], // average(X, axis=0, weights=[[1]*5,[2]*5,[3]*5], returned=True)
  cov: [[4.172, -0.97, 1.5285], [-0.97, 1.225, -0.36], [1.5285, -0.36, 4.123]],
  cov_bias: [[3.3376, -0.776, 1.2228], [-0.776, 0.9800000000000001, -0.288], [1.2228, -0.288, 3.2984000000000004]],
  cov_y: [[4.172, -0.97], [-0.97, 1.225]], // cov(X[0], X[1])
  cov_fw_aw: [[2.542266009852216, -0.5844827586206895, 2.057586206896551], [-0.5844827586206895, 1.6628817733990144, -0.8022906403940885], [2.057586206896551, -0.8022906403940885, 3.073571428571428]], // fweights=[1,2,1,3,1], aweights=[0.5,1,2,1,0.25]
  corrcoef: [[1.0, -0.4290733489685382, 0.36854169233681255], [-0.4290733489685382, 1.0, -0.1601871921944302], [0.36854169233681255, -0.1601871921944302, 1.0]],
  corrcoef_xy: [[1.0, 0.36854169233681255], [0.36854169233681255, 1.0]], // corrcoef(X[0], X[2])
  nansum: [7.799999999999999, 3.0, 0.5], // axis=1
  nanprod: [0.33, -0.8, -2.975, 1.9800000000000002, 0.0], // axis=0
  nanmean: [1.9499999999999997, 0.6, 0.16666666666666666], // axis=1
  nanvar: [2.1874999999999996, 0.9800000000000001, 2.4822222222222217], // axis=1
  nanstd1: [0.5656854249492381, 1.6970562748477143, 1.6653327995729061, 0.9192388155425119, 2.1733231083604054], // axis=0, ddof=1
  nanmax: [1.1, 0.4, 2.5, 2.2, 4.1], // axis=0
  nanmin: [0.3, -0.7, -2.0], // axis=1
  nanargmax: [4, 3, 2], // axis=1
  nanargmin: [0, 2, 1, 0, 1], // axis=0
  ptp: [5.3, 2.9000000000000004, 5.3], // axis=1
};

describe("quantile, percentile, median", () => {
  test("every method along an axis, q as a list: shape q.shape + rest", () => {
    for (const m of ["linear", "lower", "higher", "nearest", "midpoint"] as const) {
      const r = np.quantile(f64(X), [0.1, 0.5, 0.75], { axis: 1, method: m });
      assert.deepEqual(r.shape, [3, 3]);
      assert.equal(r.dtype, "float64");
      close(r, REF[`q_${m}`]);
    }
    // NB: "nearest" breaks a tie toward the lower value, as JAX (JAX's documented examples); NumPy
    // rounds the position half to even and gives [2, 3, 4] for the percentiles
    check(np.quantile(np.arange(10), [0.25, 0.5, 0.75], { method: "nearest" }), [3], [2, 4, 7], "float32");
    check(np.percentile(np.arange(7), [25, 50, 75], { method: "nearest" }), [3], [1, 3, 4], "float32");
  });
  test("all axes, several axes with keepdims, axis 0, percentiles, medians", () => {
    close(np.quantile(f64(X), 0.3), [REF.q_all]);
    const k = np.quantile(f64(X), [0.2, 0.9], { axis: [0, 1], keepdims: true });
    assert.deepEqual(k.shape, [2, 1, 1]);
    close(k, REF.q_axis01_keep);
    close(np.quantile(f64(X), 0.35, { axis: 0 }), REF.q_axis0);
    close(np.percentile(f64(X), [10, 50, 90], { axis: 0 }), REF.pct);
    close(np.median(f64(X)), [REF.median_all]);
    close(np.median(f64(X), { axis: 1 }), REF.median_ax1);
    check(np.median(f64(X), { axis: 1, keepdims: true }), [3, 1], [[0.9], [0.4], [0.8]], "float64", 1e-12);
    // q as an array of shape [2, 1]
    check(np.quantile(f64([1, 2, 3, 4]), f64([[0], [1]])), [2, 1], [[1], [4]]);
  });
  test("dtypes: integers give the default float (as JAX); a scalar input; NaN propagates", () => {
    const r = np.median(i32([3, 1, 2, 10]));
    assert.equal(r.dtype, "float32");
    close(r, [2.5]);
    close(np.quantile(7, 0.3), [7]);
    check(np.median(f64([[1, NaN, 3], [1, 2, 3]]), { axis: 1 }), [2], [NaN, 2]);
  });
  test("nan-aware versions ignore NaNs; an all-NaN slice gives NaN", () => {
    close(np.nanquantile(f64(XN), [0.25, 0.6], { axis: 1 }), REF.nanq);
    close(np.nanpercentile(f64(XN), 40, { axis: 0 }), REF.nanpct);
    close(np.nanmedian(f64(XN), { axis: 1 }), REF.nanmedian);
    check(np.nanmedian(f64([[NaN, NaN], [1, NaN]]), { axis: 1 }), [2], [NaN, 1]);
  });
  test("errors: q out of range, bad method, empty axis", () => {
    assert.throws(() => np.quantile([1, 2], 1.5), /np\.quantile: q must be in \[0, 1\]/);
    assert.throws(() => np.percentile([1, 2], [50, 101]), /np\.percentile: q must be in \[0, 100\]/);
    assert.throws(() => np.quantile([1, 2], 0.5, { method: "cubic" as never }), /method must be one of/);
    assert.throws(() => np.median(np.zeros([0])), /empty/);
    assert.throws(() => np.quantile([1, 2], 0.5, { interpolation: "linear" } as never), /unknown option "interpolation"/);
  });
  test("derivatives (checkGrads) for every method and the nan-aware version; jit and vmap agree", () => {
    const x = f64([[0.3, -1.2, 2.5, 0.9], [1.1, 0.4, -0.7, 2.2]]);
    for (const m of ["linear", "lower", "higher", "nearest", "midpoint"] as const) {
      checkGrads((a: NDArray) => np.quantile(a, [0.3, 0.8], { axis: 1, method: m }), [x]);
    }
    checkGrads((a: NDArray) => np.median(a, { axis: 0 }), [x]);
    checkGrads((a: NDArray) => np.nanquantile(a, 0.4, { axis: 1 }), [x]);
    // the median's gradient picks the middle element(s)
    check(grad((a: NDArray) => np.median(a))(f64([5, 1, 3, 2])), [4], [0, 0, 0.5, 0.5]);
    const eager = np.quantile(x, [0.3, 0.5], { axis: 1 });
    close(jit((a: NDArray) => np.quantile(a, [0.3, 0.5], { axis: 1 }))(x), eager.toArray() as number[][]);
    close(vmap((a: NDArray) => np.quantile(a, [0.3, 0.5]), { outAxes: 1 })(x), eager.toArray() as number[][]);
    close(vmap((a: NDArray) => np.nanmedian(a))(f64(XN)), REF.nanmedian);
  });
});

describe("average", () => {
  test("weights along an axis (1-D), full-shape weights with returned, plain mean, keepdims", () => {
    close(np.average(f64(X), { axis: 1, weights: [0.5, 2, 1, 3, 0.25] }), REF.avg_w_ax1);
    const w = np.broadcastTo(f64([[1], [2], [3]]), [3, 5]);
    const [avg, sw] = np.average(f64(X), { axis: 0, weights: w, returned: true });
    close(avg, REF.avg_ret);
    close(sw, [6, 6, 6, 6, 6]);
    const m = np.average(i32([[1, 2], [3, 5]]), { axis: 0, keepdims: true });
    check(m, [1, 2], [[2, 3.5]], "float32");
    const [a2, n2] = np.average(f64([1, 2, 3]), { returned: true });
    check(a2, [], 2), check(n2, [], 3);
    close(np.average([1, 2, 3, 4], { weights: [4, 3, 2, 1] }), [2]);
    close(np.average(f64(X), 1, { weights: [0.5, 2, 1, 3, 0.25] }), REF.avg_w_ax1);
    const [a3, n3] = np.average(f64(X), [0, 1], { returned: true });
    check(a3, [], 0.8599999999999999, "float64", 1e-12), check(n3, [], 15);
  });
  test("errors: weights of a wrong shape or without an axis", () => {
    assert.throws(() => np.average(f64(X), { weights: [1, 2, 3] }), /np\.average: weights of shape \[3\] differ from x's \[3,5\]/);
    assert.throws(() => np.average(f64(X), { axis: 1, weights: [1, 2, 3] }), /weights of length 3 do not match/);
    assert.throws(() => np.average(f64(X), { axis: 1, returned: 1 } as never), /returned must be a boolean/);
  });
  test("derivatives in x and the weights; jit and vmap", () => {
    checkGrads((a: NDArray, w: NDArray) => np.average(a, { axis: 1, weights: w }), [f64(X), f64([0.5, 2, 1, 3, 0.25])]);
    close(jit((a: NDArray) => np.average(a, { axis: 1, weights: [0.5, 2, 1, 3, 0.25] }))(f64(X)), REF.avg_w_ax1);
    close(vmap((a: NDArray) => np.average(a, { weights: [0.5, 2, 1, 3, 0.25] }))(f64(X)), REF.avg_w_ax1);
  });
});

describe("cov and corrcoef", () => {
  test("rows as variables, bias, ddof with rowvar false, a second variable set, frequency and observation weights", () => {
    const c = np.cov(f64(X));
    assert.deepEqual(c.shape, [3, 3]);
    close(c, REF.cov);
    close(np.cov(f64(X), { bias: true }), REF.cov_bias);
    close(np.cov(np.transpose(f64(X)), { rowvar: false, ddof: 0 }), REF.cov_bias);
    close(np.cov(f64(X[0]), f64(X[1])), REF.cov_y);
    close(np.cov(f64(X), { fweights: [1, 2, 1, 3, 1], aweights: [0.5, 1, 2, 1, 0.25] }), REF.cov_fw_aw);
    // a single variable gives a 0-d array; integers give the default float
    const v = np.cov(i32([1, 2, 4]));
    check(v, [], 2.333333, "float32", 1e-5);
    close(np.corrcoef(f64(X)), REF.corrcoef);
    close(np.corrcoef(f64(X[0]), f64(X[2])), REF.corrcoef_xy);
    close(np.corrcoef(f64([1, 2, 4])), [1]);
  });
  test("errors name the function", () => {
    assert.throws(() => np.cov(np.zeros([2, 2, 2])), /np\.cov: m must be 1-D or 2-D, got shape \[2,2,2\]/);
    assert.throws(() => np.cov(f64(X), f64([1, 2])), /same number of observations/);
    assert.throws(() => np.cov(f64(X), { fweights: [1, 2] }), /fweights must be 1-D with one weight per observation \(5\)/);
    assert.throws(() => np.cov(f64(X), { rowVar: false } as never), /unknown option "rowVar"/);
  });
  test("derivatives (checkGrads); jit and vmap", () => {
    const x = f64([[0.3, -1.2, 2.5, 0.9], [1.1, 0.4, -0.7, 2.2]]);
    checkGrads((a: NDArray) => np.cov(a), [x]);
    checkGrads((a: NDArray) => np.cov(a, { aweights: [0.5, 1, 2, 1] }), [x]);
    checkGrads((a: NDArray) => np.corrcoef(a), [f64(X)]);
    close(jit((a: NDArray) => np.cov(a))(f64(X)), REF.cov);
    const xs = np.stack([f64(X), np.multiply(f64(X), 2)]);
    const cs = vmap((a: NDArray) => np.corrcoef(a))(xs);
    close(np.getItem(cs, 1), REF.corrcoef, 1e-12);
  });
});

describe("nan reductions, ptp, countNonzero", () => {
  test("values along axes match NumPy", () => {
    const x = f64(XN);
    close(np.nansum(x, 1), REF.nansum);
    close(np.nanprod(x, 0), REF.nanprod);
    close(np.nanmean(x, 1), REF.nanmean);
    close(np.nanvar(x, 1), REF.nanvar);
    close(np.nanstd(x, { axis: 0, ddof: 1 }), REF.nanstd1);
    close(np.nanmax(x, 0), REF.nanmax);
    close(np.nanmin(x, 1), REF.nanmin);
    check(np.nanargmax(x, 1), [3], REF.nanargmax, "int32");
    check(np.nanargmin(x, 0), [5], REF.nanargmin, "int32");
    check(np.nanargmax(x), [], 4, "int32");
    close(np.ptp(f64(X), 1), REF.ptp);
  });
  test("all-NaN slices, keepdims, integer inputs, empty inputs", () => {
    const x = f64([[NaN, NaN], [1, NaN]]);
    check(np.nanmax(x, 1), [2], [NaN, 1]);
    check(np.nanmean(x, 1), [2], [NaN, 1]);
    check(np.nansum(x, { axis: 1, keepdims: true }), [2, 1], [[0], [1]]);
    check(np.nanargmin(x, { axis: 1, keepdims: true }), [2, 1], [[-1], [0]], "int32"); // NB: −1 as JAX
    check(np.nanvar(f64([1, NaN]), { ddof: 1 }), [], NaN);
    check(np.nansum(i32([1, 2, 3])), [], 6, "int32");
    check(np.nanmean(i32([1, 2])), [], 1.5, "float32");
    check(np.nansum(np.zeros([0])), [], 0);
    assert.throws(() => np.nanmax(np.zeros([0])), /np\.nanmax: zero-size reduction/);
    assert.throws(() => np.nanargmax(np.zeros([0])), /np\.nanargmax: attempt to get nanargmax of an empty sequence/);
    check(np.ptp(i32([[1, 5], [2, 9]]), { axis: 0, keepdims: true }), [1, 2], [[1, 4]], "int32");
    check(np.countNonzero([[0, 1, 2], [3, 0, 0]], { axis: 1 }), [2], [2, 1], "int32");
    check(np.countNonzero([[0, 1, 2], [3, 0, 0]]), [], 3, "int32");
    check(np.countNonzero(np.array([true, false, true]), { keepdims: true }), [1], [2], "int32");
    assert.throws(() => np.ptp(np.array([true, false])), /np\.ptp: not defined for bool/);
    assert.throws(() => np.ptp(f64(X), "a" as never), /^TypeError: np\.ptp: axis must be an integer, a list of integers or null, got "a"/);
    assert.throws(() => np.countNonzero(f64(X), { keepdims: 1 } as never), /^TypeError: np\.countNonzero: keepdims must be a boolean, got 1/);
    assert.throws(() => np.nanmean(f64(X), 2), /np\.nanmean: axis 2 is out of bounds/);
  });
  test("derivatives skip the NaNs (checkGrads on finite data; zero gradient at NaNs); jit and vmap", () => {
    const x = f64([[0.3, -1.2, 2.5], [1.1, 0.4, -0.7]]);
    for (const f of [np.nansum, np.nanprod, np.nanmean, np.nanvar, np.nanstd, np.nanmax, np.nanmin, np.ptp]) {
      checkGrads((a: NDArray) => f(a, 1), [x]);
    }
    check(grad((a: NDArray) => np.nanmean(a))(f64([1, NaN, 3])), [3], [0.5, 0, 0.5]);
    check(grad((a: NDArray) => np.nanvar(a))(f64([1, NaN, 3])), [3], [-1, 0, 1]);
    close(jit((a: NDArray) => np.nanstd(a, { axis: 0, ddof: 1 }))(f64(XN)), REF.nanstd1);
    check(vmap((a: NDArray) => np.nanargmax(a))(f64(XN)), [3], REF.nanargmax);
    close(vmap((a: NDArray) => np.nanmean(a))(f64(XN)), REF.nanmean);
  });
});
