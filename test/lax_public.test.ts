/**
 * @file The public `lax` namespace's thin wrappers (as jax.lax): values per family in float32 and
 * float64, lax's strictness (no broadcasting except 0-d operands, no promotion) with errors naming the
 * function, and jit / grad / vmap through them. Reference numbers from scipy (erfc, gammaln, erfinv)
 * and numpy (logaddexp.accumulate), computed offline.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, checkGrads, grad, jit, lax, np, vmap } from "../src/index.js";
import { check, close } from "./util.js";

const f64 = (v: number[] | number[][] | number[][][] | number) => np.array(v, { dtype: "float64" });
const i32 = (v: number[] | number[][] | number) => np.array(v, { dtype: "int32" });

test("lax elementwise: arithmetic, 0-d operands and weak JS numbers, C-style integer division and remainder", () => {
  check(lax.add(np.array([1, 2]), np.array([3, 4])), [2], [4, 6], "float32");
  check(lax.add(f64([1, 2]), f64(10)), [2], [11, 12], "float64"); // a 0-d operand broadcasts
  check(lax.mul(i32([2, 3]), 4), [2], [8, 12], "int32"); // a JS number takes the array's dtype
  check(lax.div(i32([7, -7]), 2), [2], [3, -3], "int32");
  check(lax.rem(f64([-7, 7]), 3), [2], [-1, 1], "float64");
  check(lax.pow(f64([2]), f64([10])), [1], [1024]);
  check(lax.max(np.array([1, 5]), np.array([3, 2])), [2], [3, 5]);
  check(lax.min(np.array([1, 5]), np.array([3, 2])), [2], [1, 2]);
  close(lax.atan2(f64([1]), f64([-1])), [(3 * Math.PI) / 4]);
  check(lax.neg(i32([1, -2])), [2], [-1, 2], "int32");
  check(lax.sign(np.array([-3, 0, 2])), [3], [-1, 0, 1]);
  check(lax.abs(f64([-1.5])), [1], [1.5], "float64");
  check(lax.floor(np.array([1.5, -1.5])), [2], [1, -2]);
  check(lax.ceil(np.array([1.5, -1.5])), [2], [2, -1]);
  check(lax.square(i32([-3])), [1], [9], "int32");
  check(lax.reciprocal(f64([4])), [1], [0.25], "float64");
  check(lax.add(2, 3), [], 5); // two JS numbers: default-float scalars
});

test("lax.round: away from zero by default (as jax.lax.round), to nearest even on request", () => {
  check(lax.round(np.array([0.5, 1.5, -2.5, 2.4999, -0.5, 3])), [6], [1, 2, -3, 2, -1, 3]);
  check(lax.round(f64([0.5, 1.5, -2.5]), "toNearestEven"), [3], [0, 2, -2], "float64");
  check(lax.round(f64([0.5]), 1), [1], [0]);
  close(lax.round(f64(0.49999999999999994)), [0]); // x − trunc(x) is exact: no false half-way
  assert.throws(() => lax.round(np.ones([1]), 2 as never), /lax\.round: roundingMethod must be/);
  assert.throws(() => lax.round(i32([1])), /lax\.round: expected a float dtype, got int32/);
});

test("lax elementwise: transcendental functions and composites against references", () => {
  close(lax.exp(f64([0, 1])), [1, Math.E]);
  close(lax.exp2(f64([3])), [8]);
  close(lax.log(f64([Math.E])), [1]);
  close(lax.log1p(f64([1e-10])), [1e-10 - 5e-21]);
  close(lax.expm1(f64([1e-10])), [1e-10 + 5e-21]);
  close(lax.sqrt(f64([9])), [3]);
  close(lax.rsqrt(f64([4])), [0.5]);
  close(lax.cbrt(f64([-8])), [-2]);
  close(lax.sin(f64([1])), [Math.sin(1)]);
  close(lax.cos(f64([1])), [Math.cos(1)]);
  close(lax.tan(f64([1])), [Math.tan(1)]);
  close(lax.asin(f64([0.5])), [Math.asin(0.5)]);
  close(lax.acos(f64([0.5])), [Math.acos(0.5)]);
  close(lax.atan(f64([2])), [Math.atan(2)]);
  close(lax.sinh(f64([1])), [Math.sinh(1)]);
  close(lax.cosh(f64([1])), [Math.cosh(1)]);
  close(lax.tanh(f64([1])), [Math.tanh(1)]);
  close(lax.asinh(f64([2])), [Math.asinh(2)]);
  close(lax.acosh(f64([2])), [Math.acosh(2)]);
  close(lax.atanh(f64([0.5])), [Math.atanh(0.5)]);
  close(lax.logistic(f64([0, 2, -800])), [0.5, 1 / (1 + Math.exp(-2)), 0]);
  close(lax.erf(f64([0.5])), [0.5204998778130465]);
  close(lax.erfc(f64([3])), [2.2090496998585445e-5], 1e-12);
  close(lax.erfc(np.array([3])), [2.2090496713644825e-5], 1e-6);
  close(lax.erfInv(f64([0.5, -0.9])), [0.4769362762044699, -1.1630871536766743], 1e-12);
  close(lax.lgamma(f64([0.5, 5, -2.5])), [0.5723649429247, 3.1780538303479458, -0.05624371649767401], 1e-12);
  check(lax.isFinite(np.array([1, Infinity, NaN, -Infinity])), [4], [true, false, false, false], "bool");
  check(lax.integerPow(np.array([2, 3]), 3), [2], [8, 27], "float32");
  check(lax.integerPow(i32([2, -3]), 2), [2], [4, 9], "int32");
  close(lax.integerPow(f64([2, 4]), -2), [0.25, 0.0625]);
  check(lax.integerPow(f64([0]), 0), [1], [1]);
});

test("lax comparisons, logic and shifts; select, selectN, clamp", () => {
  check(lax.eq(np.array([1, 2]), np.array([1, 3])), [2], [true, false], "bool");
  check(lax.ne(np.array([1, NaN]), np.array([1, NaN])), [2], [false, true]);
  check(lax.lt(i32([1, 2]), 2), [2], [true, false]);
  check(lax.le(i32([1, 2]), 2), [2], [true, true]);
  check(lax.gt(i32([1, 2]), 1), [2], [false, true]);
  check(lax.ge(i32([1, 2]), 2), [2], [false, true]);
  check(lax.bitwiseAnd(i32([12]), 10), [1], [8], "int32");
  check(lax.bitwiseOr(i32([12]), 10), [1], [14]);
  check(lax.bitwiseXor(i32([12]), 10), [1], [6]);
  check(lax.bitwiseNot(np.array([true, false])), [2], [false, true], "bool");
  check(lax.bitwiseAnd(np.array([true, true]), false), [2], [false, false], "bool");
  check(lax.shiftLeft(i32([1]), 4), [1], [16]);
  check(lax.shiftRightLogical(i32([-16]), 28), [1], [15]);
  check(lax.shiftRightArithmetic(i32([-16]), 2), [1], [-4]);
  check(lax.select(np.array([true, false]), np.array([1, 2]), np.array([3, 4])), [2], [1, 4]);
  check(lax.select(np.array(false), np.array([1, 2]), np.array([3, 4])), [2], [3, 4]); // a 0-d predicate
  check(lax.selectN(i32([2, 0, 1]), np.array([1, 1, 1]), np.array([2, 2, 2]), np.array([3, 3, 3])), [3], [3, 1, 2]);
  check(lax.selectN(np.array([true, false]), i32([1, 1]), i32([2, 2])), [2], [2, 1], "int32");
  check(lax.clamp(0, np.array([-1, 0.5, 2, NaN]), 1), [4], [0, 0.5, 1, NaN]);
  check(lax.clamp(f64([0, 0]), f64([-1, 3]), f64(2)), [2], [0, 2], "float64");
  // JAX's clamp derivative: 1 strictly inside, 0 outside and at the bounds
  check(vmap(grad((x: NDArray) => lax.clamp(0, x, 1)))(np.array([-1, 0, 0.5, 1, 2])), [5], [0, 0, 1, 0, 0]);
  check(grad((lo: NDArray) => lax.clamp(lo, f64(-1), f64(2)))(f64(0)), [], 1);
});

test("lax casts: convertElementType saturates and truncates, bitcastConvertType reinterprets", () => {
  check(lax.convertElementType(np.array([1.7, -1.7, NaN, 1e10]), "int32"), [4], [1, -1, 0, 2147483647], "int32");
  check(lax.convertElementType(i32([3]), "float64"), [1], [3], "float64");
  check(lax.bitcastConvertType(np.array([1]), "int32"), [1], [1065353216], "int32");
  assert.throws(() => lax.convertElementType(np.ones([1]), "float16" as never), /lax\.convertElementType: unknown dtype "float16"/);
});

test("lax strictness: mismatched shapes or dtypes, lists and non-representable scalars are errors naming the function", () => {
  assert.throws(() => lax.add(np.ones([2]), np.ones([3])), (e: Error) => e instanceof RangeError && /^lax\.add: operand shapes differ: \[2\] vs \[3\]/.test(e.message));
  assert.throws(() => lax.mul(np.ones([2, 1]), np.ones([2, 3])), /lax\.mul: operand shapes differ: \[2,1\] vs \[2,3\]/);
  assert.throws(() => lax.add(np.ones([2]), np.ones([2], "float64")), (e: Error) => e instanceof TypeError && /^lax\.add: operand dtypes differ: float32 vs float64/.test(e.message));
  assert.throws(() => lax.select(np.array([true]), i32([1]), np.array([1])), /lax\.select: operand dtypes differ: float32 vs int32/);
  assert.throws(() => lax.add(i32([1]), 1.5), /lax\.add: the JS number 1\.5 is not an int32 value/);
  assert.throws(() => lax.add([1, 2] as never, 1), /lax\.add: x must be an NDArray or a JS number, got \[1,2\]/);
  assert.throws(() => lax.sin(i32([1])), /lax\.sin: expected a float dtype, got int32/);
  assert.throws(() => lax.rsqrt(i32([1])), /lax\.rsqrt: expected a float dtype, got int32/);
  assert.throws(() => lax.selectN(np.array([1, 2]), np.ones([2])), /lax\.selectN: which must be bool or int32, got float32/);
  assert.throws(() => lax.bitwiseAnd(np.ones([1]), np.ones([1])), /lax\.bitwiseAnd: expected bool or integer operands, got float32/);
  assert.throws(() => lax.shiftLeft(np.array([true]), true), /lax\.shiftLeft: expected integer operands, got bool/);
  assert.throws(() => lax.integerPow(np.ones([1]), 1.5), /lax\.integerPow: y must be an integer/);
  assert.throws(() => (lax.add as any)(np.ones([2]), np.ones([2]), np.ones([2])), /lax\.add: expected at most 2 arguments/);
});

test("lax shapes: broadcastInDim, broadcast, reshape, squeeze, expandDims, transpose, rev", () => {
  check(lax.broadcastInDim(np.array([1, 2]), [3, 2], [1]), [3, 2], [[1, 2], [1, 2], [1, 2]]);
  check(lax.broadcastInDim(np.ones([1, 2]), [3, 2], [0, 1]), [3, 2], [[1, 1], [1, 1], [1, 1]]);
  assert.throws(() => lax.broadcastInDim(np.ones([2]), [3, 4], [1]), /lax\.broadcastInDim: operand axis 0 of size 2 cannot become axis 1 of size 4/);
  assert.throws(() => lax.broadcastInDim(np.ones([2, 2]), [2, 2], [1, 0]), /strictly increasing/);
  assert.deepEqual(lax.broadcast(np.array([1, 2]), [4, 3]).shape, [4, 3, 2]);
  check(lax.reshape(i32([0, 1, 2, 3, 4, 5]), [2, 3]), [2, 3], [[0, 1, 2], [3, 4, 5]], "int32");
  check(lax.reshape(i32([[0, 1, 2], [3, 4, 5]]), [6], [1, 0]), [6], [0, 3, 1, 4, 2, 5]); // transposed first
  assert.throws(() => lax.reshape(np.ones([6]), [4]), /lax\.reshape: cannot reshape \[6\] \(6 elements\) to \[4\]/);
  assert.deepEqual(lax.squeeze(np.ones([1, 3, 1]), [0, 2]).shape, [3]);
  assert.throws(() => lax.squeeze(np.ones([2, 3]), [1]), /lax\.squeeze: axis 1 of \[2,3\] has size 3, not 1/);
  assert.deepEqual(lax.expandDims(np.ones([3]), [0, -1]).shape, [1, 3, 1]);
  assert.deepEqual(lax.transpose(np.ones([2, 3, 4]), [2, 0, 1]).shape, [4, 2, 3]);
  assert.throws(() => lax.transpose(np.ones([2, 3]), [0]), /lax\.transpose: permutation \[0\] is not a permutation/);
  assert.throws(() => lax.transpose(np.ones([2, 3]), [0, -1]), /lax\.transpose: permutation entry -1 is out of range/);
  check(lax.rev(i32([[1, 2], [3, 4]]), [0, 1]), [2, 2], [[4, 3], [2, 1]]);
});

test("lax.pad (low, high, interior) with negative cropping and a traced padding value; slice, sliceInDim, concatenate", () => {
  check(lax.pad(np.array([1, 2]), 0, [[1, 2, 1]]), [6], [0, 1, 0, 2, 0, 0]);
  check(lax.pad(i32([1, 2, 3]), 9, [[-1, 1, 0]]), [3], [2, 3, 9], "int32");
  check(lax.pad(f64([[1, 2]]), f64(5), [[1, 0, 0], [0, 1, 1]]), [2, 4], [[5, 5, 5, 5], [1, 5, 2, 5]], "float64");
  check(grad((v: NDArray) => lax.pad(f64([1, 2]), v, [[1, 2, 1]]).sum())(f64(0)), [], 4); // d/dvalue = number of padded slots
  check(jit((v: NDArray) => lax.pad(np.array([1]), v, [[1, 1, 0]]))(np.array(7)), [3], [7, 1, 7]);
  assert.throws(() => lax.pad(np.ones([2]), 0, [[1, 1]] as never), /lax\.pad: paddingConfig must be 1 \(low, high, interior\) triples/);
  assert.throws(() => lax.pad(np.ones([2]), i32(0), [[1, 1, 0]]), /lax\.pad: paddingValue must be a 0-d float32 array/);
  check(lax.slice(i32([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), [1], [8], [3]), [3], [1, 4, 7]);
  assert.throws(() => lax.slice(np.ones([4]), [0], [5]), /lax\.slice: axis 0 of size 4: need 0 ≤ start ≤ limit ≤ 4/);
  check(lax.sliceInDim(i32([[0, 1, 2], [3, 4, 5]]), 1, null, 1, 1), [2, 2], [[1, 2], [4, 5]]);
  check(lax.sliceInDim(i32([0, 1, 2, 3]), -3, -1), [2], [1, 2]);
  check(lax.concatenate([np.array([1]), np.array([2, 3])], 0), [3], [1, 2, 3]);
  assert.throws(() => lax.concatenate([np.ones([1, 2]), np.ones([1, 3])], 0), /lax\.concatenate: operand shapes \[1,2\], \[1,3\] differ off dimension 0/);
});

test("lax dynamic slicing: clamped starts, traced starts under jit and vmap, gradients", () => {
  const x = i32([0, 1, 2, 3, 4]);
  check(lax.dynamicSlice(x, [1], [3]), [3], [1, 2, 3], "int32");
  check(lax.dynamicSlice(x, [i32(4)], [2]), [2], [3, 4]); // clamped to 3, as XLA
  check(lax.dynamicSlice(x, [-2], [2]), [2], [0, 1]);
  check(jit((s: NDArray) => lax.dynamicSlice(x, [s], [2]))(i32(2)), [2], [2, 3]);
  check(vmap((s: NDArray) => lax.dynamicSlice(x, [s], [2]))(i32([0, 3, 9])), [3, 2], [[0, 1], [3, 4], [3, 4]]);
  const m = i32([[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
  check(lax.dynamicSlice(m, [1, i32(1)], [2, 2]), [2, 2], [[4, 5], [7, 8]]);
  check(lax.dynamicSliceInDim(m, 1, 1, 1), [3, 1], [[1], [4], [7]]);
  check(lax.dynamicIndexInDim(m, 2, 0, false), [3], [6, 7, 8]);
  check(lax.dynamicIndexInDim(m, 2), [1, 3], [[6, 7, 8]]);
  check(lax.dynamicUpdateSlice(np.zeros([4]), np.array([1, 2]), [1]), [4], [0, 1, 2, 0]);
  check(lax.dynamicUpdateSlice(np.zeros([4]), np.array([1, 2]), [i32(3)]), [4], [0, 0, 1, 2]); // clamped
  check(lax.dynamicUpdateSlice(np.zeros([3, 3]), np.ones([2, 2]), [1, i32(0)]), [3, 3], [[0, 0, 0], [1, 1, 0], [1, 1, 0]]);
  check(lax.dynamicUpdateSliceInDim(np.zeros([2, 3]), np.ones([2, 1]), 2, 1), [2, 3], [[0, 0, 1], [0, 0, 1]]);
  check(vmap((s: NDArray) => lax.dynamicUpdateSlice(np.zeros([3]), np.array([5]), [s]))(i32([0, 2])), [2, 3], [[5, 0, 0], [0, 0, 5]]);
  const w = f64([1, 2, 3, 4]);
  // d/d(operand) is 1 outside the window, d/d(update) reads the weights inside it
  checkGrads((op: NDArray, u: NDArray) => lax.dynamicUpdateSlice(op, u, [1]).mul(w).sum(), [f64([0.5, -1, 2, 3]), f64([0.25, 1.5])]);
  checkGrads((op: NDArray) => lax.dynamicSlice(op, [i32(2)], [2]).mul(f64([3, 5])).sum(), [f64([0.5, -1, 2, 3])]);
  check(grad((u: NDArray) => lax.dynamicUpdateSlice(np.zeros([4], "float64"), u, [1]).mul(w).sum())(f64([1, 1])), [2], [2, 3]);
  assert.throws(() => lax.dynamicSlice(x, [np.array(1)], [2]), /lax\.dynamicSlice: startIndices\[0\] must be a JS integer or a 0-d int32 array/);
  assert.throws(() => lax.dynamicSlice(x, [0], [6]), /lax\.dynamicSlice: sliceSizes \[6\] must have one size ≤ the operand's per axis/);
  assert.throws(() => lax.dynamicUpdateSlice(np.zeros([4]), i32([1]), [0]), /lax\.dynamicUpdateSlice: update dtype int32 differs from the operand's float32/);
});

test("lax creation: iota, broadcastedIota, full (also from a traced 0-d value), fullLike", () => {
  check(lax.iota("int32", 4), [4], [0, 1, 2, 3], "int32");
  check(lax.iota("float64", 3), [3], [0, 1, 2], "float64");
  check(lax.broadcastedIota("int32", [2, 3], 1), [2, 3], [[0, 1, 2], [0, 1, 2]]);
  check(lax.full([2], 7, "int32"), [2], [7, 7], "int32");
  check(lax.full([2, 1], 0.5), [2, 1], [[0.5], [0.5]], "float32");
  check(lax.fullLike(i32([0, 0]), 3), [2], [3, 3], "int32");
  check(lax.fullLike(np.zeros([2]), 1, "float64", [3]), [3], [1, 1, 1], "float64");
  check(grad((v: NDArray) => lax.full([3], v).sum())(f64(2)), [], 3);
  assert.throws(() => lax.full([2], np.ones([2])), /lax\.full: fillValue must be a scalar/);
});

test("lax.dotGeneral with JAX's dimension numbers, and lax.dot", () => {
  const a = f64([[1, 2, 3], [4, 5, 6]]), b = f64([[1, 0], [0, 1], [1, 1]]);
  check(lax.dotGeneral(a, b, [[[1], [0]], [[], []]]), [2, 2], [[4, 5], [10, 11]], "float64");
  check(lax.dotGeneral(a, a, [[[1], [1]], [[0], [0]]]), [2], [14, 77]); // batched row dots
  const x = np.ones([5, 2, 3]), y = np.ones([5, 3, 4]);
  assert.deepEqual(lax.dotGeneral(x, y, [[[2], [1]], [[0], [0]]]).shape, [5, 2, 4]);
  check(lax.dotGeneral(i32([[1, 2]]), i32([[3], [4]]), [[[1], [0]], [[], []]], { preferredElementType: "float64" }), [1, 1], [[11]], "float64");
  check(lax.dot(np.array([[1, 2], [3, 4]]), np.array([1, 1])), [2], [3, 7]);
  check(lax.dot(np.array([1, 2]), np.array([3, 4])), [], 11);
  assert.throws(() => lax.dotGeneral(a, b, [[[0], [0]], [[], []]]), /lax\.dotGeneral: contracting axes differ in size: lhs \[2,3\] axis 0 \(2\) vs rhs \[3,2\] axis 0 \(3\)/);
  assert.throws(() => lax.dotGeneral(a, np.ones([3, 2]), [[[1], [0]], [[], []]]), /lax\.dotGeneral: operand dtypes differ: float64 vs float32/);
  assert.throws(() => lax.dotGeneral(a, b, [[1, 0]] as never), /lax\.dotGeneral: dimensionNumbers must be/);
  assert.throws(() => lax.dot(np.ones([2, 3]), np.ones([2])), /lax\.dot: inner dimensions differ: lhs \[2,3\] · rhs \[2\] \(3 ≠ 2\)/);
  assert.throws(() => (lax.dotGeneral as any)(a, b, [[[1], [0]], [[], []]], { precison: "high" }), /lax\.dotGeneral: unknown option "precison"/);
  checkGrads((p: NDArray, q: NDArray) => lax.dotGeneral(p, q, [[[1], [0]], [[], []]]), [a, b]);
});

test("lax reductions, argmax/argmin and cumulative scans", () => {
  const m = f64([[1, 5], [7, 2]]);
  check(lax.reduceSum(m, [0]), [2], [8, 7], "float64");
  check(lax.reduceProd(m, [1]), [2], [5, 14]);
  check(lax.reduceMax(m, [0, 1]), [], 7);
  check(lax.reduceMin(i32([[1, 5], [7, 2]]), [1]), [2], [1, 2], "int32");
  check(lax.reduceAnd(np.array([[true, false], [true, true]]), [1]), [2], [false, true], "bool");
  check(lax.reduceOr(np.array([[true, false], [false, false]]), [1]), [2], [true, false], "bool");
  check(lax.argmax(m, 1), [2], [1, 0], "int32");
  check(lax.argmin(m, 0, "uint32"), [2], [0, 1], "uint32");
  assert.throws(() => lax.reduceSum(m, [-1]), /lax\.reduceSum: axes entry -1 is out of range for an array of rank 2/);
  assert.throws(() => lax.reduceAnd(m, [0]), /lax\.reduceAnd: expected a bool operand, got float64/);
  check(lax.cumsum(np.array([1, 2, 3])), [3], [1, 3, 6]);
  check(lax.cumsum(np.array([1, 2, 3]), { reverse: true }), [3], [6, 5, 3]);
  check(lax.cumsum(i32([[1, 2], [3, 4]]), 1), [2, 2], [[1, 3], [3, 7]], "int32");
  check(lax.cumprod(f64([1, 2, 3]), 0, { reverse: true }), [3], [6, 6, 3]);
  check(lax.cummax(np.array([1, 3, 2, 5])), [4], [1, 3, 3, 5]);
  check(lax.cummin(i32([3, 1, 2, 0]), { axis: 0, reverse: true }), [4], [0, 0, 0, 0]);
  close(lax.cumlogsumexp(f64([0.5, -1, 2])), [0.5, 0.7014132779827524, 2.241311296657157]);
  check(lax.cumlogsumexp(f64([-Infinity, -Infinity])), [2], [-Infinity, -Infinity]);
  checkGrads((v: NDArray) => lax.cumlogsumexp(v), [f64([0.5, -1, 2])]);
  checkGrads((v: NDArray) => lax.cumprod(v, { reverse: true }), [f64([0.5, -1, 2])]);
  assert.throws(() => lax.cumsum(np.array([true])), /lax\.cumsum: bool operand/);
  assert.throws(() => lax.cumlogsumexp(i32([1])), /lax\.cumlogsumexp: expected a float dtype, got int32/);
});

test("lax.sort (dimension, several operands by numKeys) and lax.topK", () => {
  check(lax.sort(np.array([3, NaN, 1, 2])) as NDArray, [4], [1, 2, 3, NaN]);
  check(lax.sort(i32([[3, 1], [1, 2]]), 0) as NDArray, [2, 2], [[1, 1], [3, 2]], "int32");
  const [k, v] = lax.sort([np.array([2, 1, 2]), i32([10, 20, 30])], { numKeys: 1 }) as NDArray[];
  check(k, [3], [1, 2, 2]);
  check(v, [3], [20, 10, 30], "int32"); // stable: equal keys keep their order
  const [a, b] = lax.sort([np.array([2, 1, 2, 1]), np.array([3, 5, 1, 4])], { numKeys: 2 }) as NDArray[];
  check(a, [4], [1, 1, 2, 2]);
  check(b, [4], [4, 5, 1, 3]);
  checkGrads((x: NDArray) => (lax.sort([f64([2, 1, 3]), x]) as NDArray[])[1], [f64([0.5, -1, 2])]);
  assert.throws(() => lax.sort([np.ones([2]), np.ones([3])]), /lax\.sort: operand shapes differ: \[2\] vs \[3\]/);
  assert.throws(() => lax.sort(np.ones([2]), { numKeys: 2 }), /lax\.sort: numKeys must be in \[1, 1\], got 2/);
  const [tv, ti] = lax.topK(np.array([1, 5, 3, 5]), 2);
  check(tv, [2], [5, 5]);
  check(ti, [2], [1, 3], "int32");
  assert.throws(() => lax.topK(np.ones([2]), 3), /lax\.topK: k = 3 is larger than the last axis/);
});

test("lax wrappers compose with jit, grad and vmap (and stopGradient blocks gradients)", () => {
  const f = (x: NDArray) => lax.reduceSum(lax.mul(lax.sin(x), lax.broadcastInDim(lax.iota("float64", 3), [2, 3], [1])), [0, 1]);
  const x = f64([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]);
  close(jit(f)(x), [f(x).item()]);
  close(grad(f)(x), [[0, Math.cos(0.2), 2 * Math.cos(0.3)], [0, Math.cos(0.5), 2 * Math.cos(0.6)]]);
  checkGrads(f, [x], { order: 2 });
  check(vmap((r: NDArray) => lax.dot(r, f64([1, 2, 3])))(x), [2], [1.4, 3.2]);
  check(grad((y: NDArray) => lax.mul(lax.stopGradient(y), y))(f64(3)), [], 3);
  checkGrads((y: NDArray) => lax.clamp(-1, lax.mul(y, y), 1), [f64([0.5, -0.7, 2])]);
  checkGrads((y: NDArray) => lax.logistic(lax.integerPow(y, -3)), [f64([0.5, -0.7, 2])]);
  checkGrads((y: NDArray) => lax.erfInv(y), [f64([0.3, -0.6])]);
});

test("lax.digamma against scipy (poles as scipy), its derivative against the trigamma function; collapse, batchMatmul, sortKeyVal, dynamicUpdateIndexInDim", () => {
  const xs = [1, 0.5, 2.5, 10, 1e-8, -0.5, -2.5, -7.3, 123.456, 1e6];
  const want = [
    -0.5772156649015329, -1.9635100260214235, 0.7031566406452432, 2.251752589066721, -100000000.57721564, 0.03648997397857651,
    1.1031566406452433, 4.33730730551005, 4.811829323828985, 13.81551005796419,
  ];
  close(lax.digamma(f64(xs)), want, 1e-13);
  check(lax.digamma(f64([0, -1, -3])), [3], [-Infinity, NaN, NaN], "float64");
  close(lax.digamma(np.array([2.5])), [0.7031566500663757], 1e-7);
  close(vmap(grad((x: NDArray) => lax.digamma(x)))(f64([2.5, -0.5])), [0.4903577561002349, 8.934802200544679], 1e-11);
  checkGrads((x: NDArray) => lax.digamma(x), [f64([0.3, 4.2, -1.7])]);
  assert.throws(() => lax.digamma(i32([1])), /lax\.digamma: expected a float dtype, got int32/);
  assert.deepEqual(lax.collapse(np.ones([2, 3, 4]), 1, 3).shape, [2, 12]);
  assert.deepEqual(lax.collapse(np.ones([2, 3, 4]), 0).shape, [24]);
  check(lax.batchMatmul(f64([[[1, 2]], [[3, 4]]]), f64([[[1], [1]], [[2], [0]]])), [2, 1, 1], [[[3]], [[6]]], "float64");
  assert.throws(() => lax.batchMatmul(np.ones([2, 2, 3]), np.ones([3, 3, 4])), /lax\.batchMatmul: needs operands of equal rank ≥ 2 with equal batch dimensions/);
  const [k, v] = lax.sortKeyVal(np.array([3, 1, 2]), i32([30, 10, 20]));
  check(k, [3], [1, 2, 3]);
  check(v, [3], [10, 20, 30], "int32");
  check(lax.dynamicUpdateIndexInDim(np.zeros([2, 2]), np.array([7, 8]), 1, 0), [2, 2], [[0, 0], [7, 8]]);
  check(lax.dynamicUpdateIndexInDim(np.zeros([2, 2]), np.array([[7], [8]]), i32(0), 1), [2, 2], [[7, 0], [8, 0]]);
});
