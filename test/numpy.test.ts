/**
 * @file Hand-checked values for the np API (creation, math, comparisons and logic, reductions,
 * shape ops, products) and the chainable NDArray methods.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { np, NDArray, setDefaultFloat, grad } from "../src/index.js";

const i32 = (x: number[] | number[][]) => np.array(x, { dtype: "int32" });
const f64 = (x: number[] | number[][] | number) => np.array(x, { dtype: "float64" });

/** Exact comparison of values (NaN equals NaN, -0 and 0 differ), with shape and optionally dtype. */
function same(x: NDArray, want: unknown, dtype?: string): void {
  assert.deepEqual(x.toArray(), want);
  if (dtype) assert.equal(x.dtype, dtype);
}
/** Elementwise closeness for floats. */
function close(x: NDArray, want: number[] | number, tol = 1e-6): void {
  const got = Array.from(x.data() as ArrayLike<number>);
  const w = typeof want === "number" ? [want] : want;
  assert.equal(got.length, w.length, `length: got ${got}`);
  got.forEach((g, i) => {
    if (Number.isNaN(w[i]) || !Number.isFinite(w[i])) return assert.ok(Object.is(g, w[i]), `element ${i}: ${g} vs ${w[i]}`);
    assert.ok(Math.abs(g - w[i]) <= tol * Math.max(1, Math.abs(w[i])), `element ${i}: ${g} vs ${w[i]}`);
  });
}

describe("creation", () => {
  test("zeros, ones, full", () => {
    same(np.zeros([2, 3]), [[0, 0, 0], [0, 0, 0]], "float32");
    same(np.zeros(3, { dtype: "int32" }), [0, 0, 0], "int32");
    same(np.zeros([]), 0);
    same(np.ones(2), [1, 1], "float32");
    same(np.ones([1, 2], { dtype: "bool" }), [[true, true]], "bool");
    same(np.full([2], 7), [7, 7], "float32");
    same(np.full([2], true), [true, true], "bool");
    same(np.full([2], 2.7, { dtype: "int32" }), [2, 2], "int32");
    assert.throws(() => np.zeros([2, -1]), /zeros: invalid shape/);
    assert.throws(() => np.ones([1.5]), /ones: invalid shape/);
  });

  test("*Like keep shape and dtype unless told", () => {
    const x = i32([[1, 2, 3]]);
    same(np.zerosLike(x), [[0, 0, 0]], "int32");
    same(np.onesLike(x), [[1, 1, 1]], "int32");
    same(np.fullLike(x, 5), [[5, 5, 5]], "int32");
    same(np.fullLike(x, 2.5, { dtype: "float32" }), [[2.5, 2.5, 2.5]], "float32");
    same(np.zerosLike(x, { dtype: "bool" }), [[false, false, false]], "bool");
    same(np.onesLike(np.array([true])), [true], "bool");
  });

  test("arange", () => {
    same(np.arange(4), [0, 1, 2, 3], "int32");
    same(np.arange(1, 7, 2), [1, 3, 5], "int32");
    same(np.arange(5, 0, -2), [5, 3, 1], "int32");
    same(np.arange(0, 1, 0.25), [0, 0.25, 0.5, 0.75], "float32");
    same(np.arange(0), [], "int32");
    same(np.arange(3, 1), []);
    same(np.arange(0, 3, 1, { dtype: "float64" }), [0, 1, 2], "float64");
    assert.equal(np.arange(0, 1, 0.1).shape[0], 10);
    assert.throws(() => np.arange(0, 3, 0), /arange: step must not be zero/);
  });

  test("linspace", () => {
    same(np.linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1], "float32");
    same(np.linspace(0, 1, 4, { endpoint: false }), [0, 0.25, 0.5, 0.75]);
    same(np.linspace(2, 3, 1), [2]);
    same(np.linspace(0, 1, 0), []);
    same(np.linspace(1, -1, 3, { dtype: "float64" }), [1, 0, -1], "float64");
    assert.equal(np.linspace(0, 1).shape[0], 50);
    const x = np.linspace(0, 0.3, 4, { dtype: "float64" }).toArray() as number[];
    assert.equal(x[3], 0.3); // the endpoint is exact
    assert.throws(() => np.linspace(0, 1, -1), /linspace: num/);
  });

  test("eye and identity", () => {
    same(np.eye(2), [[1, 0], [0, 1]], "float32");
    same(np.eye(2, 3, { k: 1 }), [[0, 1, 0], [0, 0, 1]]);
    same(np.eye(3, undefined, { k: -1 }), [[0, 0, 0], [1, 0, 0], [0, 1, 0]]);
    same(np.eye(2, 2, { k: 5 }), [[0, 0], [0, 0]]);
    same(np.identity(2, { dtype: "int32" }), [[1, 0], [0, 1]], "int32");
  });
});

describe("elementwise math", () => {
  test("floorDivide rounds toward −∞ (ints and floats)", () => {
    same(np.floorDivide(i32([7, -7, 7, -7, 6, -6]), i32([2, 2, -2, -2, 3, 3])), [3, -4, -4, 3, 2, -2], "int32");
    same(np.floorDivide([7.5, -7.5], 2), [3, -4], "float32");
    same(np.floorDivide(i32([0, 1]), 5), [0, 0]);
  });

  test("mod takes the sign of the divisor; fmod of the dividend", () => {
    same(np.mod(i32([7, -7, 7, -7, 6, -6]), i32([2, 2, -2, -2, 3, 3])), [1, 1, -1, -1, 0, 0], "int32");
    same(np.mod(i32([-1, 5]), 3), [2, 2]);
    same(np.mod([-1.5, 5.5], [1, -2]), [0.5, -0.5], "float32");
    same(np.remainder(i32([-7]), 3), [2]);
    same(np.fmod(i32([-7, 7]), i32([2, -2])), [-1, 1], "int32");
    same(np.fmod([-1.5], 1), [-0.5]);
  });

  test("power of ints stays int and is exact; floats as usual", () => {
    same(np.power(i32([2, 3, -2, 5, 7]), i32([3, 2, 3, 0, 1])), [8, 9, -8, 1, 7], "int32");
    same(np.power(i32([2]), 10), [1024], "int32");
    same(np.power(i32([3]), 19), [1162261467]);
    same(np.power(2, [1, 2, 3]), [2, 4, 8], "float32");
    same(np.power(np.array([4, 9]), 0.5), [2, 3], "float32");
    close(np.power(f64([2]), -1), [0.5]);
  });

  test("round: half to even, with decimals", () => {
    same(np.round([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 0.49999997, 1.2]), [0, 2, 2, 4, -0, -2, -2, 0, 1]);
    same(np.round(f64([1.25, 1.75, -0.25]), 1), [1.2, 1.8, -0.2]);
    same(np.round(i32([3])), [3], "int32");
    same(np.rint([2.5]), [2]);
    same(np.around([-3.5]), [-4]);
  });

  test("floor, ceil, trunc, sign, abs", () => {
    same(np.floor([-1.5, 1.5]), [-2, 1]);
    same(np.ceil([-1.5, 1.5]), [-1, 2]);
    same(np.trunc([-1.7, 1.7]), [-1, 1]);
    same(np.fix([-2.5]), [-2]);
    same(np.sign([-2, 0, 3]), [-1, 0, 1]);
    same(np.sign(i32([-5, 0, 5])), [-1, 0, 1], "int32");
    close(np.sign([NaN]), [NaN]);
    same(np.abs([-1.5, 2]), [1.5, 2]);
    same(np.abs(i32([-3, 3])), [3, 3], "int32");
    same(np.absolute([true]), [true], "bool");
    same(np.negative(i32([1, -2])), [-1, 2]);
    same(np.positive([-1]), [-1]);
  });

  test("clip", () => {
    same(np.clip([-2, 0, 2], -1, 1), [-1, 0, 1], "float32");
    same(np.clip(i32([-2, 0, 2]), 0, null), [0, 0, 2], "int32");
    same(np.clip(i32([-2, 0, 2]), null, 1), [-2, 0, 1]);
    same(np.clip([[1, 5], [3, 9]], [2, 4], 6), [[2, 5], [3, 6]]);
  });

  test("hypot, logaddexp (including infinities)", () => {
    same(np.hypot(3, 4), 5);
    same(np.hypot([0, 0, -5], [0, -3, 12]), [0, 3, 13]);
    close(np.hypot(f64([3e200]), 4e200), [5e200], 1e-15);
    close(np.hypot(f64([3e-200]), 4e-200), [5e-200], 1e-15);
    close(np.logaddexp(0, 0), Math.LN2);
    close(np.logaddexp(f64([1000]), 1000), [1000 + Math.LN2], 1e-15);
    close(np.logaddexp(f64([-1000]), -1000), [-1000 + Math.LN2], 1e-15);
    close(np.logaddexp([-Infinity, -Infinity, -Infinity, Infinity, Infinity], [-Infinity, 0, 3, 1, Infinity]), [-Infinity, 0, 3, Infinity, Infinity]);
  });

  test("exp/log family, trig, division by zero", () => {
    close(np.log2(8), 3);
    close(np.log10(f64([100, 0.001])), [2, -3], 1e-15);
    close(np.exp2([3, -1]), [8, 0.5]);
    // accurate near 0 (relative error, not absolute)
    assert.ok(Math.abs(np.expm1(f64([1e-10])).item() / 1.00000000005e-10 - 1) < 1e-15);
    assert.ok(Math.abs(np.log1p(f64([1e-10])).item() / 9.9999999995e-11 - 1) < 1e-15);
    close(np.reciprocal(4), 0.25);
    same(np.square(3), 9, "int32");
    close(np.sqrt([4, 2]), [2, Math.SQRT2]);
    close(np.cbrt([-8, 27]), [-2, 3]);
    close(np.arctan2(1, -1), (3 * Math.PI) / 4);
    close(np.arctan2(f64([0, -0, 1, -1]), f64([-1, -1, 0, 0])), [Math.PI, -Math.PI, Math.PI / 2, -Math.PI / 2], 1e-15);
    close(np.arcsin([1]), [Math.PI / 2]);
    close(np.arccosh([1]), [0]);
    close(np.arctanh([0.5]), [Math.atanh(0.5)]);
    close(np.divide([1, -1, 0], 0), [Infinity, -Infinity, NaN]);
    close(np.log([0, -1]), [-Infinity, NaN]);
  });

  test("maximum/minimum propagate NaN", () => {
    close(np.maximum([1, NaN, 2], [NaN, 0, 1]), [NaN, NaN, 2]);
    close(np.minimum([1, NaN, 2], [NaN, 0, 1]), [NaN, NaN, 1]);
    same(np.maximum(i32([1, 5]), 3), [3, 5], "int32");
    same(np.minimum([1, 5], 3), [1, 3]);
  });

  test("where (broadcasting all three; non-bool conditions are truthiness)", () => {
    same(np.where([true, false], 1, 2), [1, 2], "int32");
    same(np.where([[true], [false]], [1, 2], 0), [[1, 2], [0, 0]]);
    same(np.where([0, 2, -1], np.array([1, 1, 1]), np.array([0, 0, 0])), [0, 1, 1]);
    same(np.where(true, i32([1, 2]), 7), [1, 2], "int32");
    assert.throws(() => np.where([true, false, true], [1, 2], 0), /where.*\[3\].*\[2\]|where.*\[2\].*\[3\]/);
  });

  test("isnan, isinf, isfinite", () => {
    const x = np.array([1, NaN, Infinity, -Infinity, -0]);
    same(np.isnan(x), [false, true, false, false, false], "bool");
    same(np.isinf(x), [false, false, true, true, false], "bool");
    same(np.isfinite(x), [true, false, false, false, true], "bool");
    same(np.isnan(i32([1])), [false]);
    same(np.isinf(i32([1])), [false]);
    same(np.isfinite(i32([1])), [true]);
  });
});

describe("comparisons and logic", () => {
  test("comparisons broadcast and give bool; NaN compares unequal", () => {
    same(np.equal([1, 2, 3], 2), [false, true, false], "bool");
    same(np.notEqual([1, NaN], [1, NaN]), [false, true]);
    same(np.equal([NaN], [NaN]), [false]);
    same(np.less([[1], [3]], [2, 3]), [[true, true], [false, false]]);
    same(np.lessEqual([1, 2, 3], 2), [true, true, false]);
    same(np.greater([1, 2, 3], 2), [false, false, true]);
    same(np.greaterEqual([1, 2, 3], 2), [false, true, true]);
    same(np.less(np.array([true, false]), true), [false, true]);
  });

  test("logical ops use truthiness", () => {
    same(np.logicalAnd([true, true, false], [true, false, false]), [true, false, false], "bool");
    same(np.logicalOr([0, 2, 0], [0, 0, -1]), [false, true, true], "bool");
    same(np.logicalXor([1, 1, 0], [1, 0, 0]), [false, true, false]);
    same(np.logicalNot([0, 3, NaN]), [true, false, false]);
  });

  test("iterating an array yields its sub-arrays along the first axis (also traced); 0-d arrays refuse", () => {
    const [a, b] = np.arange(6).reshape([2, 3]);
    same(a, [0, 1, 2], "int32");
    same(b, [3, 4, 5], "int32");
    assert.deepEqual([...np.array([1, 2, 3])].map((x) => x.item()), [1, 2, 3]);
    same(grad((x: NDArray) => { const [u, v] = x; return u.mul(v); })(np.array([2, 5])), [5, 2]);
    assert.throws(() => [...np.array(1)], /iteration over a 0-d array \(shape \[\], float32\)/);
  });

  test("bitwise ops on ints; on bools they are logical", () => {
    same(np.bitwiseAnd(i32([12, -1]), i32([10, 5])), [8, 5], "int32");
    // shifts: amounts outside [0, 32) give 0 (left) or the sign (right, int32); uint32 shifts right logically
    same(np.leftShift(i32([1, 3, -1, 5, 5]), i32([2, 31, 1, 32, -1])), [4, -2147483648, -2, 0, 0], "int32");
    same(np.rightShift(i32([-8, 8, -8, 8]), i32([2, 2, 40, 40])), [-2, 2, -1, 0], "int32");
    same(np.rightShift(np.array([4294967288, 8], { dtype: "uint32" }), np.array([2, 40], { dtype: "uint32" })), [1073741822, 0], "uint32");
    assert.throws(() => np.leftShift(np.array([1.5]), 1), /shift_left: expected an integer dtype \(int32 or uint32\), got float32/);
    same(np.bitwiseOr(i32([12]), 10), [14]);
    same(np.bitwiseXor(i32([12]), 10), [6]);
    same(np.bitwiseNot(i32([5, -1])), [-6, 0], "int32");
    same(np.invert(np.array([1], { dtype: "uint32" })), [4294967294], "uint32");
    same(np.bitwiseNot(np.array([true, false])), [false, true], "bool");
    same(np.bitwiseAnd(np.array([true, true]), np.array([true, false])), [true, false], "bool");
  });
});

describe("reductions", () => {
  const m = np.array([[1, 2], [3, 4]]);
  test("sum with axis / keepdims / negative axes", () => {
    same(np.sum(m), 10, "float32");
    same(np.sum(m, 0), [4, 6]);
    same(np.sum(m, { axis: 1 }), [3, 7]);
    same(np.sum(m, -1), [3, 7]);
    same(np.sum(m, { axis: 1, keepdims: true }), [[3], [7]]);
    same(np.sum(m, { axis: [0, 1], keepdims: true }), [[10]]);
    same(np.sum(m, [0, -1]), 10);
    same(np.sum(np.zeros([0])), 0);
    same(np.sum(i32([[1, 2], [3, 4]]), { axis: 0, dtype: "float64" }), [4, 6], "float64");
    assert.throws(() => np.sum(m, 2), /sum: axis 2 is out of bounds/);
    assert.throws(() => np.sum(m, [0, 0]), /sum: repeated axis/);
  });

  test("prod, mean, var, std", () => {
    same(np.prod([1, 2, 3, 4]), 24);
    same(np.prod(m, 1), [2, 12]);
    same(np.prod(np.zeros([0])), 1);
    same(np.mean([1, 2, 3, 4]), 2.5);
    same(np.mean(m, 0), [2, 3]);
    same(np.mean(m, { axis: 1, keepdims: true }), [[1.5], [3.5]]);
    same(np.mean(i32([1, 2])), 1.5, "float32");
    close(np.var_([1, 2, 3, 4]), 1.25);
    close(np.var([1, 2, 3, 4], { ddof: 1 }), 5 / 3);
    close(np.var_([[1, 2], [3, 5]], { axis: 1 }), [0.25, 1]);
    assert.deepEqual(np.var_([[1, 2], [3, 5]], { axis: 1, keepdims: true }).shape, [2, 1]);
    close(np.std([1, 3]), 1);
    close(np.std([1, 3], { ddof: 1 }), Math.SQRT2);
    close(np.std([[1, 3], [2, 2]], 0), [0.5, 0.5]);
  });

  test("max/min with axis and keepdims; NaN propagates; empty throws", () => {
    same(np.max([1, 5, 3]), 5);
    same(np.min([1, 5, 3]), 1);
    same(np.max(m, 0), [3, 4]);
    same(np.min(m, { axis: 1, keepdims: true }), [[1], [3]]);
    same(np.amax(i32([-7, -3])), -3, "int32");
    same(np.amin(np.array([4, 2], { dtype: "uint32" })), 2, "uint32");
    close(np.max([1, NaN, 3]), NaN);
    close(np.min([NaN, 1]), NaN);
    assert.throws(() => np.max(np.zeros([0])), /max: zero-size/);
    assert.throws(() => np.min(np.zeros([2, 0]), 1), /min: zero-size/);
    same(np.max(np.zeros([2, 0]), 0), []);
  });

  test("argmax/argmin: first occurrence, flattened without axis, NaN wins", () => {
    same(np.argmax([1, 5, 3]), 1, "int32");
    same(np.argmax([3, 1, 3]), 0);
    same(np.argmin([4, 1, 3, 1]), 1);
    same(np.argmax([[1, 9], [9, 2]]), 1);
    same(np.argmax([[1, 9], [9, 2]], 0), [1, 0]);
    same(np.argmin([[1, 9], [9, 2]], -1), [0, 1]);
    same(np.argmax([[1, 9], [9, 2]], 1, true), [[1], [0]]);
    same(np.argmax([1, NaN, 3, NaN]), 1);
    same(np.argmin([1, NaN, 0]), 1);
    assert.throws(() => np.argmax(np.zeros([0])), /argmax: attempt to get argmax of an empty sequence/);
  });

  test("all/any with axis (empty: all true, any false)", () => {
    const b = np.array([[true, false], [true, true]]);
    same(np.all(b), false, "bool");
    same(np.all(b, 1), [false, true]);
    same(np.any(b, 0), [true, true]);
    same(np.any(np.array([[false, false], [true, false]]), { axis: 1, keepdims: true }), [[false], [true]]);
    same(np.all([1, 2, 0]), false);
    same(np.any([0, 0, 0.5]), true);
    same(np.all(np.zeros([0])), true);
    same(np.any(np.zeros([0])), false);
  });

  test("argmax/argmin without an axis and keepdims keep every axis as size 1", () => {
    assert.deepEqual(np.argmax(np.ones([2, 3]), null, true).shape, [1, 1]);
    assert.deepEqual(np.argmin(np.ones([2, 3]), null, true).shape, [1, 1]);
  });

  test("mean honours its dtype option", () => {
    assert.equal(np.mean(i32([1, 2]), { dtype: "float64" }).dtype, "float64");
  });

  test("int32 products wrap exactly like int32 arithmetic", () => {
    const wrap = (v: bigint) => Number(BigInt.asIntN(32, v));
    const big = 1162261467; // 3^19
    assert.equal(np.multiply(i32([big]), big).item(), wrap(BigInt(big) ** 2n)); // passes: mul uses Math.imul
    assert.equal(np.prod(i32([big, big])).item(), wrap(BigInt(big) ** 2n));
    assert.equal(np.power(i32([7]), 20).item(), wrap(7n ** 20n));
  });

  test("cumsum/cumprod along an axis, flattened without one", () => {
    same(np.cumsum([1, 2, 3]), [1, 3, 6]);
    same(np.cumsum([[1, 2], [3, 4]]), [1, 3, 6, 10]);
    same(np.cumsum([[1, 2], [3, 4]], 0), [[1, 2], [4, 6]]);
    same(np.cumsum([[1, 2], [3, 4]], -1), [[1, 3], [3, 7]]);
    same(np.cumsum(np.array([true, false, true])), [1, 1, 2], "int32");
    same(np.cumsum(i32([1, 2]), 0, { dtype: "float64" }), [1, 3], "float64");
    same(np.cumprod([1, 2, 3, 4]), [1, 2, 6, 24]);
    same(np.cumprod([[1, 2, 3], [4, 5, 6]], 1), [[1, 2, 6], [4, 20, 120]]);
    same(np.cumprod(i32([[1, 2], [3, 4]]), 0), [[1, 2], [3, 8]], "int32");
  });
});

describe("shape ops", () => {
  const a = np.arange(6);
  test("reshape (with -1), ravel", () => {
    same(np.reshape(a, [2, 3]), [[0, 1, 2], [3, 4, 5]], "int32");
    same(np.reshape(a, [-1, 2]), [[0, 1], [2, 3], [4, 5]]);
    same(np.reshape(np.reshape(a, [2, 3]), -1), [0, 1, 2, 3, 4, 5]);
    same(np.reshape(np.array([7]), []), 7);
    same(np.ravel([[1, 2], [3, 4]]), [1, 2, 3, 4]);
    assert.throws(() => np.reshape(a, [-1, -1]), /reshape: can only specify one unknown dimension/);
    assert.throws(() => np.reshape(a, [4, -1]), /reshape: cannot reshape array of shape \[6\]/);
  });

  test("reshape to a shape of a different size throws", () => {
    assert.throws(() => np.reshape(a, [4, 2]), /reshape.*\[6\].*\[4,2\]/);
  });

  test("transpose, moveaxis, swapaxes", () => {
    const x = np.reshape(a, [2, 3]);
    same(np.transpose(x), [[0, 3], [1, 4], [2, 5]]);
    same(np.transpose(x, [-1, 0]), [[0, 3], [1, 4], [2, 5]]);
    const y = np.reshape(np.arange(24), [2, 3, 4]);
    assert.deepEqual(np.transpose(y).shape, [4, 3, 2]);
    assert.deepEqual(np.transpose(y, [1, 0, 2]).shape, [3, 2, 4]);
    assert.deepEqual(np.moveaxis(np.ones([2, 3, 4]), 0, -1).shape, [3, 4, 2]);
    assert.deepEqual(np.moveaxis(np.ones([2, 3, 4]), -1, 0).shape, [4, 2, 3]);
    same(np.moveaxis(x, 0, 1), [[0, 3], [1, 4], [2, 5]]);
    same(np.swapaxes(x, 0, 1), [[0, 3], [1, 4], [2, 5]]);
    assert.deepEqual(np.swapaxes(y, 0, 2).shape, [4, 3, 2]);
    assert.equal((np.swapaxes(y, 0, 2).toArray() as number[][][])[3][1][0], 7); // y[0][1][3]
    assert.throws(() => np.transpose(x, [0, 0]), /transpose/);
    assert.throws(() => np.transpose(x, [0]), /transpose/);
  });

  test("expandDims, squeeze", () => {
    assert.deepEqual(np.expandDims([1, 2], 0).shape, [1, 2]);
    assert.deepEqual(np.expandDims([1, 2], -1).shape, [2, 1]);
    assert.deepEqual(np.expandDims([1, 2], [0, 2]).shape, [1, 2, 1]);
    same(np.expandDims([1, 2], 1), [[1], [2]]);
    assert.deepEqual(np.squeeze(np.ones([1, 3, 1])).shape, [3]);
    assert.deepEqual(np.squeeze(np.ones([1, 3, 1]), 0).shape, [3, 1]);
    assert.deepEqual(np.squeeze(np.ones([1, 3, 1]), [-1]).shape, [1, 3]);
    assert.throws(() => np.squeeze(np.ones([1, 3]), 1), /squeeze: cannot select axis 1/);
  });

  test("broadcastTo, broadcastArrays", () => {
    same(np.broadcastTo([1, 2], [3, 2]), [[1, 2], [1, 2], [1, 2]]);
    same(np.broadcastTo(5, [2]), [5, 5], "int32");
    same(np.broadcastTo([[1], [2]], [2, 3]), [[1, 1, 1], [2, 2, 2]]);
    assert.throws(() => np.broadcastTo([1, 2, 3], [2, 2]), /\[3\].*\[2,2\]|\[2,2\].*\[3\]/);
    assert.throws(() => np.broadcastTo(np.ones([2, 1]), [2]), /broadcastTo/);
    const [p, q] = np.broadcastArrays([1, 2], [[10], [20]]);
    same(p, [[1, 2], [1, 2]]);
    same(q, [[10, 10], [20, 20]]);
  });

  test("concatenate, stack: shapes, dtypes and errors", () => {
    assert.deepEqual(np.concatenate([np.ones([2, 3]), np.ones([1, 3])]).shape, [3, 3]);
    assert.deepEqual(np.concatenate([np.ones([2, 3]), np.ones([2, 1])], -1).shape, [2, 4]);
    assert.deepEqual(np.stack([np.ones([2]), np.ones([2]), np.ones([2])]).shape, [3, 2]);
    assert.deepEqual(np.stack([np.ones([2]), np.ones([2])], 1).shape, [2, 2]);
    assert.deepEqual(np.stack([np.ones([2]), np.ones([2])], -1).shape, [2, 2]);
    same(np.concatenate([[1, 2]]), [1, 2]);
    assert.equal(np.concatenate([i32([1]), [2.5]]).dtype, "float32");
    assert.throws(() => np.concatenate([np.ones([2, 3]), np.ones([2, 2])]), /concatenate: shapes \[2,3\], \[2,2\] differ outside axis 0/);
    assert.throws(() => np.concatenate([]), /concatenate: need at least one array/);
    assert.throws(() => np.concatenate([np.array(1), np.array(2)]), /concatenate: zero-dimensional/);
    assert.throws(() => np.stack([np.ones([2]), np.ones([3])]), /stack: all input arrays must have the same shape/);
  });

  test("concatenate and stack values", () => {
    same(np.concatenate([[1, 2], [3]]), [1, 2, 3]);
    same(np.concatenate([[[1, 2]], [[3, 4], [5, 6]]]), [[1, 2], [3, 4], [5, 6]]);
    same(np.concatenate([[[1], [2]], [[3], [4]]], 1), [[1, 3], [2, 4]]);
    same(np.stack([[1, 2], [3, 4]]), [[1, 2], [3, 4]]);
    same(np.stack([[1, 2], [3, 4]], 1), [[1, 3], [2, 4]]);
  });
});

describe("products", () => {
  test("matmul: matrices, vectors, batches", () => {
    same(np.matmul([[2, 3, 0], [0, 0, 5]], [2, 3, 1]), [13, 5]);
    same(np.matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]), [[19, 22], [43, 50]]);
    same(np.matmul([1, 2], [[1, 0], [1, 1]]), [3, 2]);
    same(np.matmul([1, 2, 3], [4, 5, 6]), 32);
    same(np.matmul(i32([[1, 2]]), i32([[3], [4]])), [[11]], "int32");
    const batch = np.reshape(np.arange(8), [2, 2, 2]);
    same(np.matmul(batch, i32([[1, 0], [0, 2]])), [[[0, 2], [2, 6]], [[4, 10], [6, 14]]]);
    assert.deepEqual(np.matmul(np.ones([3, 1, 2, 4]), np.ones([5, 4, 6])).shape, [3, 5, 2, 6]);
    assert.throws(() => np.matmul(np.ones([2, 3]), np.ones([2, 3])), /matmul: inner dimensions differ: lhs \[2,3\] · rhs \[2,3\] \(3 ≠ 2\)/);
    assert.throws(() => np.matmul(2, np.ones([2])), /matmul: operands must be at least 1-D/);
  });

  test("dot: scalars, vectors, matrices, N-d", () => {
    same(np.dot([1, 2, 3], [4, 5, 6]), 32);
    same(np.dot(2, [1, 2]), [2, 4]);
    same(np.dot([[1, 2], [3, 4]], [1, 1]), [3, 7]);
    same(np.dot([[1, 2], [3, 4]], [[5, 6], [7, 8]]), [[19, 22], [43, 50]]);
    const a = np.reshape(np.arange(12), [2, 2, 3]);
    const b = np.reshape(np.arange(6), [3, 2]);
    const r = np.dot(a, b);
    assert.deepEqual(r.shape, [2, 2, 2]);
    same(r, [[[10, 13], [28, 40]], [[46, 67], [64, 94]]]);
    const c = np.reshape(np.arange(12), [2, 3, 2]);
    const r2 = np.dot(np.reshape(np.arange(6), [2, 3]), c);
    assert.deepEqual(r2.shape, [2, 2, 2]);
    same(r2, [[[10, 13], [28, 31]], [[28, 40], [100, 112]]]);
    assert.throws(() => np.dot([1, 2], [1, 2, 3]), /dot: shapes \[2\] and \[3\] not aligned/);
  });
});

describe("NDArray methods", () => {
  test("chaining: x.mul(2).sin().sum()", () => {
    const x = np.array([0, 1, 2]);
    close(x.mul(2).sin().sum(), Math.sin(0) + Math.sin(2) + Math.sin(4));
    close(x.add(1).log().exp(), [1, 2, 3]);
    close(x.sub(1).abs().sqrt(), [1, 0, 1]);
    close(x.div(2).neg(), [-0, -0.5, -1]);
    close(x.pow(2), [0, 1, 4]);
    same(i32([-7, 7]).mod(3), [2, 1]);
    close(x.square().mean(), 5 / 3);
    close(x.cos().tan().tanh(), [0, 1, 2].map((v) => Math.tanh(Math.tan(Math.cos(v)))));
  });

  test("comparison, clip and reduction methods", () => {
    const x = np.array([[3, 1], [2, 5]]);
    same(x.gt(2), [[true, false], [false, true]]);
    same(x.ge(2).eq(x.lt(2)), [[false, false], [false, false]]);
    same(x.ne(1).le(false), [[false, true], [false, false]]);
    same(x.clip(2, 4), [[3, 2], [2, 4]]);
    same(x.max(), 5);
    same(x.min(0), [2, 1]);
    same(x.prod({ axis: 1 }), [3, 10]);
    same(x.sum({ axis: 0, keepdims: true }), [[5, 6]]);
    same(x.mean(1), [2, 3.5]);
    same(x.argmax(), 3);
    same(x.argmin(1), [1, 0]);
  });

  test("shape methods and properties", () => {
    const x = np.reshape(np.arange(6), [2, 3]);
    assert.deepEqual(x.shape, [2, 3]);
    assert.equal(x.ndim, 2);
    assert.equal(x.size, 6);
    assert.equal(x.dtype, "int32");
    same(x.T, [[0, 3], [1, 4], [2, 5]]);
    same(x.transpose([1, 0]), [[0, 3], [1, 4], [2, 5]]);
    same(x.reshape([3, 2]), [[0, 1], [2, 3], [4, 5]]);
    same(x.reshape(-1), [0, 1, 2, 3, 4, 5]);
    same(x.ravel(), [0, 1, 2, 3, 4, 5]);
    same(x.flatten(), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(x.expandDims(0).shape, [1, 2, 3]);
    assert.deepEqual(x.expandDims(0).squeeze().shape, [2, 3]);
    same(x.matmul([1, 1, 1]), [3, 12]);
    same(x.dot(i32([[1], [0], [0]])), [[0], [3]]);
    const shape = x.shape;
    shape.push(9);
    assert.deepEqual(x.shape, [2, 3], "shape is a copy");
  });

  test("astype, item, toArray, data", () => {
    const x = np.array([1.5, -2.5]);
    same(x.astype("int32"), [1, -2], "int32");
    same(x.astype("bool"), [true, true], "bool");
    assert.equal(np.array(3).item(), 3);
    assert.equal(np.array([[2.5]]).item(), 2.5);
    assert.equal(np.array(true).item(), true); // as JAX: a bool array gives a JS boolean
    assert.throws(() => np.array([1, 2]).item(), /item: only size-1 arrays/);
    assert.deepEqual(np.eye(2).toArray(), [[1, 0], [0, 1]]);
    assert.deepEqual(np.array(4).toArray(), 4);
    assert.deepEqual(np.array([true]).toArray(), [true]);
    const d = x.data();
    assert.ok(d instanceof Float32Array);
    assert.deepEqual(Array.from(d), [1.5, -2.5]);
    d[0] = 99; // a copy: the array is unchanged
    assert.equal(x.toArray().toString(), "1.5,-2.5");
    assert.ok(i32([1]).data() instanceof Int32Array);
    assert.ok(np.array([1], { dtype: "uint32" }).data() instanceof Uint32Array);
    assert.ok(np.array([true]).data() instanceof Uint8Array);
    assert.ok(f64(1).data() instanceof Float64Array);
  });

  test("methods follow the default float", () => {
    setDefaultFloat("float64");
    try {
      assert.equal(i32([1, 2]).sin().dtype, "float64");
      assert.equal(i32([1, 2]).mean().dtype, "float64");
    } finally {
      setDefaultFloat("float32");
    }
  });
});
