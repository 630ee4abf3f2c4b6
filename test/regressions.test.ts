/**
 * @file Regression tests for wrong values found by differential testing (issue 10, item 8): each
 * case is checked against its analytic or IEEE/NumPy value, on whichever backend runs the file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, nn, special, grad, hessian, jit, vmap, jvp, vjp, checkGrads } from "../src/index.js";
import { close, useFloat64 } from "./util.js";

useFloat64();

const A = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });

test("hypot: exact second derivatives at ties, no overflow, inf and (0, 0) as NumPy/JAX", () => {
  const h = (v: NDArray) => np.hypot(v.get(0), v.get(1));
  // [[y², −xy], [−xy, x²]]/r³
  for (const [x, y] of [[1, 1], [3, 4], [-2, 2], [1e-3, 5]]) {
    const r3 = Math.hypot(x, y) ** 3;
    close(hessian(h)(A([x, y])), [[(y * y) / r3, (-x * y) / r3], [(-x * y) / r3, (x * x) / r3]]);
  }
  close(grad(grad((x: NDArray) => np.hypot(x, 2)))(A(0)), [0.5]);
  close(grad(grad((x: NDArray) => np.hypot(x, 2)))(A(2)), [4 / 8 ** 1.5]);
  close(np.hypot(A(1e200), A(1e200)), [Math.SQRT2 * 1e200]);
  close(np.hypot(A(1e-200), A(1e-200)), [Math.SQRT2 * 1e-200]);
  close(grad((x: NDArray) => np.hypot(x, A(1e200)))(A(1e200)), [Math.SQRT1_2]);
  close(np.hypot(A([0, Infinity, NaN, -Infinity, 3, NaN]), A([0, NaN, Infinity, 1, -4, 1])), [0, Infinity, Infinity, Infinity, 5, NaN]);
  assert.deepEqual(grad((x: NDArray, y: NDArray) => np.hypot(x, y), { argnums: [0, 1] })(A(0), A(0)).map((g) => g.item()), [0, 0]);
  checkGrads((x: NDArray, y: NDArray) => np.hypot(x, y), [A([1, -2, 0.5]), A([1, 2, 3])], { order: 2 });
  close(jit((x: NDArray, y: NDArray) => np.hypot(x, y))(A([3, 1]), A([4, 1])), [5, Math.SQRT2]);
  close(vmap(grad(grad((x: NDArray) => np.hypot(x, 2))))(A([0, 2])), [0.5, 4 / 8 ** 1.5]);
});

test("pow: symmetric Hessian with analytic entries, also at x = 0 and y = 0", () => {
  const H = hessian((v: NDArray) => np.power(v.get(0), v.get(1)));
  // f = xʸ: f_xx = y(y−1)x^(y−2), f_xy = x^(y−1)(1 + y ln x), f_yy = xʸ ln²x
  const exact = (x: number, y: number) => {
    const fxy = x ** (y - 1) * (1 + y * Math.log(x));
    return [[y * (y - 1) * x ** (y - 2), fxy], [fxy, x ** y * Math.log(x) ** 2]];
  };
  for (const [x, y] of [[4, 0], [2, 3], [0.5, -1.5], [1, 0], [3, 1], [1e-3, 0]]) close(H(A([x, y])), exact(x, y), 1e-12);
  // at x = 0 (∂/∂y taken as 0 there, as JAX): x² has f_xx = 2; x⁰ is constant; x³ has f_xx = 0
  close(H(A([0, 2])), [[2, 0], [0, 0]]);
  close(H(A([0, 0])), [[0, 0], [0, 0]]);
  close(H(A([0, 3])), [[0, 0], [0, 0]]);
  close(H(A([0, 1])), [[0, 0], [0, 0]]);
  checkGrads((x: NDArray, y: NDArray) => np.power(x, y), [A([0.7, 2, 3]), A([0, 1.5, -1])], { order: 3 });
});

test("pow: no NaN in higher derivatives of x⁰ and x¹ (the double where)", () => {
  const d2 = grad(grad((x: NDArray) => np.power(x, 0)));
  for (const x of [0, 1e-200, -1e-200, 1e-320, 2]) close(d2(A(x)), [0]);
  close(grad(grad(grad((x: NDArray) => np.power(x, 1))))(A(0)), [0]);
  close(grad(grad(grad((x: NDArray) => np.power(x, 1))))(A(1e-200)), [0]);
  close(grad(grad((x: NDArray) => np.power(x, 2)))(A(1e-200)), [2]);
  close(grad(grad(grad((x: NDArray) => np.power(x, 2))))(A(0)), [0]);
  close(jvp((x: NDArray) => grad((t: NDArray) => np.power(t, 0))(x), [A(0)], [A(1)])[1], [0]);
  close(vmap(grad(grad((x: NDArray) => np.power(x, 0))))(A([0, 1e-200, 3])), [0, 0, 0]);
  close(jit(grad(grad((x: NDArray) => np.power(x, 0))))(A(1e-200)), [0]);
});

test("pow: IEEE values at base ±1 (pow(1, y) = 1 for any y, pow(−1, ±inf) = 1)", () => {
  const x = A([1, 1, 1, -1, -1, 2, NaN, -1]), y = A([Infinity, -Infinity, NaN, Infinity, -Infinity, NaN, 0, 3]);
  const want = [1, 1, 1, 1, 1, NaN, 1, -1];
  close(np.power(x, y), want);
  close(jit((a: NDArray, b: NDArray) => np.power(a, b))(x, y), want);
  close(np.power(np.array([1, 1], { dtype: "float32" }), np.array([Infinity, NaN], { dtype: "float32" })), [1, 1]);
});

test("relu and relu6 propagate NaN", () => {
  close(nn.relu(A([NaN, -1, 0, 2])), [NaN, 0, 0, 2]);
  close(nn.relu6(A([NaN, -1, 3, 7])), [NaN, 0, 3, 6]);
  close(jit((x: NDArray) => nn.relu(x))(A([NaN, 1])), [NaN, 1]);
  close(vmap(grad((x: NDArray) => nn.relu(x)))(A([-1, 0, 1])), [0, 0, 1]);
});

test("abs′(0) = 1 as JAX", () => {
  close(grad((x: NDArray) => np.abs(x))(A(0)), [1]);
  close(vmap(grad((x: NDArray) => np.abs(x)))(A([-3, 0, 3])), [-1, 1, 1]);
  close(jit(grad((x: NDArray) => np.abs(x)))(A(0)), [1]);
});

test("special.erfc′ is 0 at ±inf and in the float64 tail; gammaln at subnormal and near-pole arguments", () => {
  const dErfc = vmap(grad((x: NDArray) => special.erfc(x)));
  close(dErfc(A([Infinity, -Infinity, 30, -30, 0])), [0, 0, 0, 0, -2 / Math.sqrt(Math.PI)]);
  close(dErfc(A([3])), [(-2 / Math.sqrt(Math.PI)) * Math.exp(-9)]);
  close(special.erfc(A([Infinity, -Infinity, 30, NaN])), [0, 2, 0, NaN]);
  close(jit((x: NDArray) => grad((t: NDArray) => special.erfc(t))(x))(A(Infinity)), [0]);
  // ln|Γ(x)| and ψ(x) from mpmath (30 digits)
  const xs = [5e-324, 1e-300, 1e-8, -1e-8, -2.0000001, -3e-6, 1e-5, -0.9999999, 2.5e-6];
  const lg = [744.44007192138126231, 690.77552789821370518, 18.420680738180208884, 18.420680749724522182, 15.424948379756534468, 12.716900000950561306, 11.512919692895825626, 16.118095693763122348, 12.899218383056097116];
  const psi = [-Infinity, -9.9999999999999997494e299, -100000000.57721564636, 99999999.422784316557, 10000000.939149834356, 333332.75611273361034, -100000.57719921567289, -9999999.5824789588889, -400000.57721155254116];
  close(special.gammaln(A(xs)), lg, 1e-14);
  close(vmap(grad((x: NDArray) => special.gammaln(x)))(A(xs)), psi, 1e-13);
  close(special.gammaln(A([0, -1, -2.5, 0.5, 100])), [Infinity, Infinity, -0.05624371649767401, 0.5723649429247, 359.1342053695754], 1e-13);
  checkGrads((x: NDArray) => special.gammaln(x), [A([-2.5, 0.3, 3, -1.7])], { order: 2 });
});

test("expm is traceable: a constant inside jit, and jit/vmap agree with eager and scipy", () => {
  close(jit((x: NDArray) => np.add(x, np.linalg.expm(np.eye(2))))(np.zeros([2, 2])), [[Math.E, 0], [0, Math.E]], 1e-15);
  const M = A([[1, 2, 0], [-3, 0.5, 1], [0, 4, -2]]);
  // scipy.linalg.expm(s·M)
  const ref: Record<number, number[][]> = {
    0.001: [[1.0009974976661464, 0.0020014999153226236, 9.998333955396325e-7], [-0.0030022498729839362, 1.0004991223541069, 0.0009992502075680026], [-5.999000373237795e-6, 0.0039970008302720106, 0.9980039963353736]],
    1: [[-2.3988169938365944, 1.9041012717762476, 0.6528099200017001], [-2.85615190766437, -1.5692224717772554, -0.027164244114426483], [-3.9168595200101994, -0.10865697645770502, 0.45711789851391027]],
    10: [[-115108.48272266735, 19606.304387386914, 16341.591677109409], [-29409.456581080427, -87326.87546529528, -14709.235321970666], [-98049.55006265653, -58836.94128788268, -1529.0121290403822]],
  };
  const jexpm = jit((a: NDArray) => np.linalg.expm(a));
  for (const s of [0.001, 1, 10]) {
    const a = np.multiply(M, s);
    close(np.linalg.expm(a), ref[s], 1e-13);
    close(jexpm(a), ref[s], 1e-13);
    close(jit(() => np.linalg.expm(np.multiply(A([[1, 2, 0], [-3, 0.5, 1], [0, 4, -2]]), s)))(), ref[s], 1e-13);
  }
  close(vmap((a: NDArray) => np.linalg.expm(a))(np.stack([np.multiply(M, 0.001), M])), [ref[0.001], ref[1]], 1e-13);
});

test("prod over an empty axis: derivatives are empty or zero; det of 0×0", () => {
  assert.deepEqual(grad((x: NDArray) => np.prod(x))(np.zeros([0])).shape, [0]);
  const [, t] = jvp((x: NDArray) => np.prod(x, 1), [np.zeros([2, 0])], [np.zeros([2, 0])]);
  close(t, [0, 0]);
  const [y, back] = vjp((x: NDArray) => np.prod(x, 1), np.zeros([2, 0]));
  close(y, [1, 1]);
  assert.deepEqual(back(np.ones([2]))[0].shape, [2, 0]);
  assert.deepEqual(grad((x: NDArray) => np.sum(np.prod(x, 0)))(np.zeros([0, 3])).shape, [0, 3]);
  // d/dx Π over a non-empty axis still works alongside (product of the others)
  close(grad((x: NDArray) => np.prod(x))(A([2, 3, 0])), [0, 0, 6]);
  assert.deepEqual(hessian((x: NDArray) => np.linalg.det(x))(np.zeros([0, 0])).shape, [0, 0, 0, 0]);
  close(np.linalg.det(np.zeros([0, 0])), [1]);
  close(jit(grad((x: NDArray) => np.prod(x)))(np.zeros([0])), []);
});

test("grad(det) is finite where the cofactors are, even if det overflows", () => {
  close(grad((x: NDArray) => np.linalg.det(x))(A([[1e200, 0], [0, 1e200]])), [[1e200, 0], [0, 1e200]]);
  close(grad((x: NDArray) => np.linalg.det(x))(A([[1e200, 0, 0], [0, 1e200, 0], [0, 0, 1e-200]])), [[1, 0, 0], [0, 1, 0], [0, 0, Infinity]]);
  // badly scaled rows: det(A)·A⁻ᵀ from NumPy
  const B = A([[2e150, 1e150, 0], [1, 3, 1], [0, 1e-150, 4e-150]]);
  const g = (grad((x: NDArray) => np.linalg.det(x))(B).toArray() as number[][]).flat();
  const want = [11e-150, -4e-150, 1e-150, -4, 8, -2, 1e150, -2e150, 5e150];
  g.forEach((v, i) => assert.ok(Math.abs(v / want[i] - 1) < 1e-14, `element ${i}: ${v} vs ${want[i]}`));
  close(np.linalg.det(B), [18]);
  checkGrads((x: NDArray) => np.linalg.det(x), [A([[2, 1, 0], [1, 3, 1], [0, 1, 4]])], { order: 2 });
  close(vmap(grad((x: NDArray) => np.linalg.det(x)))(np.stack([A([[1e200, 0], [0, 1e200]]), A([[1, 2], [3, 4]])])), [[[1e200, 0], [0, 1e200]], [[4, -3], [-2, 1]]]);
  close(jit(grad((x: NDArray) => np.linalg.det(x)))(A([[1e200, 0], [0, 1e200]])), [[1e200, 0], [0, 1e200]]);
});

test("integer primals carry no tangent (JAX's float0): ignored in jvp, zero cotangents in vjp", () => {
  const I = (v: number) => np.array(v, { dtype: "int32" });
  const f = (x: NDArray, n: NDArray) => np.multiply(x, n);
  const [y, t] = jvp(f, [A(2), I(3)], [A(1), I(1)]);
  close(y, [6]);
  close(t, [3]); // n's tangent 1 is ignored: d(x·n) = n·dx
  // an integer computation: the output tangent is an integer zero
  const [yi, ti] = jvp((n: NDArray) => np.multiply(n, n), [I(3)], [I(1)]);
  assert.deepEqual([yi.item(), ti.item(), ti.dtype], [9, 0, "int32"]);
  // float → int: zero tangent of the integer dtype
  const [, tf] = jvp((x: NDArray) => np.floor(x).astype("int32"), [A(3.5)], [A(1)]);
  assert.deepEqual([tf.item(), tf.dtype], [0, "int32"]);
  const [, back] = vjp(f, A(2), I(3));
  const [gx, gn] = back(A(1));
  assert.deepEqual([gx.item(), gn.item(), gn.dtype], [3, 0, "int32"]);
  const [, backInt] = vjp((n: NDArray) => np.multiply(n, n), I(3));
  assert.deepEqual([backInt(I(1))[0].item(), backInt(I(1))[0].dtype], [0, "int32"]);
  // the same through jit
  const fj = jit(f);
  assert.deepEqual(jvp(fj, [A(2), I(3)], [A(1), I(1)]).map((a) => a.item()), [6, 3]);
  assert.deepEqual(vjp(fj, A(2), I(3))[1](A(1)).map((a) => a.item()), [3, 0]);
  // grad refuses integer inputs, as jax.grad
  assert.throws(() => grad((n: NDArray) => np.multiply(n, 2.5))(I(2)), /grad: .*int32/);
  // the float path through an integer index still differentiates
  close(grad((x: NDArray) => np.sum(np.multiply(x, np.arange(3).astype("float64"))))(A([1, 1, 1])), [0, 1, 2]);
});
