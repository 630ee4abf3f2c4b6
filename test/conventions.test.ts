/**
 * @file Derivatives at kinks and singular points follow JAX's conventions:
 * - maximum/minimum split a tie ½/½ between the operands (so relu written as maximum(x, 0) has
 *   slope ½ at 0, as jnp.maximum does; a dedicated relu would define relu′(0) = 0);
 * - max/min reductions split the cotangent equally among all tied extrema;
 * - sqrt′(0) = +inf, abs′(0) = 1 (JAX's select(x ≥ 0, dx, −dx)), relu′(0) = 0, sign′ = floor′ = ceil′ = round′ = 0;
 * - where/select passes the gradient only to the branch it picked;
 * - pow(x, y) has a finite x-derivative at x = 0 for y ≥ 1, ∂/∂x x⁰ = 0 and ∂/∂y xʸ = 0 at x = 0;
 *   its Hessian is symmetric everywhere.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFloat64 } from "./util.js";
import { NDArray, np, nn, grad, jvp, vmap, jacrev } from "../src/index.js";

useFloat64();

const A = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });
const vals = (x: NDArray | NDArray[]) => (Array.isArray(x) ? x.map((a) => a.toArray()) : x.toArray());

test("conventions: maximum and minimum split a tie ½/½ (grad and jvp)", () => {
  assert.deepEqual(vals(grad((x: NDArray, y: NDArray) => np.maximum(x, y), { argnums: [0, 1] })(A(2), A(2))), [0.5, 0.5]);
  assert.deepEqual(vals(grad((x: NDArray, y: NDArray) => np.minimum(x, y), { argnums: [0, 1] })(A(2), A(2))), [0.5, 0.5]);
  // away from a tie the larger (smaller) operand takes it all
  assert.deepEqual(vals(grad((x: NDArray, y: NDArray) => np.maximum(x, y), { argnums: [0, 1] })(A(3), A(2))), [1, 0]);
  assert.deepEqual(vals(grad((x: NDArray, y: NDArray) => np.minimum(x, y), { argnums: [0, 1] })(A(3), A(2))), [0, 1]);
  // forward mode agrees: d max(x, y) along (1, 0) at a tie is ½
  assert.equal(jvp((x: NDArray, y: NDArray) => np.maximum(x, y), [A(2), A(2)], [A(1), A(0)])[1].item(), 0.5);
  // elementwise over a vector, and relu written with maximum
  assert.deepEqual(vals(vmap(grad((x: NDArray) => np.maximum(x, 0)))(A([-1, 0, 2]))), [0, 0.5, 1]);
  assert.deepEqual(vals(grad((x: NDArray) => np.sum(np.maximum(x, A([1, 1, 1]))))(A([0, 1, 2]))), [0, 0.5, 1]);
});

test("conventions: clip at its bounds takes half the gradient (clip = minimum(maximum(x, lo), hi))", () => {
  assert.deepEqual(vals(vmap(grad((x: NDArray) => np.clip(x, -1, 1)))(A([-2, -1, 0, 1, 2]))), [0, 0.5, 1, 0.5, 0]);
});

test("conventions: max/min reductions split the gradient equally among ties", () => {
  assert.deepEqual(vals(grad((x: NDArray) => np.max(x))(A([1, 3, 3, 2]))), [0, 0.5, 0.5, 0]);
  const third = vals(grad((x: NDArray) => np.max(x))(A([3, 3, 3]))) as number[];
  third.forEach((v) => assert.ok(Math.abs(v - 1 / 3) < 1e-15));
  assert.deepEqual(vals(grad((x: NDArray) => np.min(x))(A([1, 3, 1, 2]))), [0.5, 0, 0.5, 0]);
  assert.deepEqual(vals(grad((x: NDArray) => np.max(x))(A([1, 5, 3]))), [0, 1, 0]);
  // along an axis: each row splits independently
  assert.deepEqual(vals(grad((x: NDArray) => np.sum(np.max(x, 1)))(A([[1, 3, 3], [2, 2, 0]]))), [[0, 0.5, 0.5], [0.5, 0.5, 0]]);
  // forward mode: the tangent is the mean of the tangents at the tied maxima
  assert.equal(jvp((x: NDArray) => np.max(x), [A([1, 3, 3])], [A([0, 1, 0])])[1].item(), 0.5);
  // the Jacobian of a row-wise max
  assert.deepEqual(vals(jacrev((x: NDArray) => np.max(x, 0))(A([[4, 1], [4, 2]]))), [[[0.5, 0], [0.5, 0]], [[0, 0], [0, 1]]]);
});

test("conventions: sqrt′(0) = +inf (and 1/x-type singularities are infinite, not NaN)", () => {
  assert.equal(grad((x: NDArray) => np.sqrt(x))(A(0)).item(), Infinity);
  assert.equal(jvp((x: NDArray) => np.sqrt(x), [A(0)], [A(1)])[1].item(), Infinity);
  assert.equal(grad((x: NDArray) => np.log(x))(A(0)).item(), Infinity);
  assert.equal(grad((x: NDArray) => np.sqrt(x))(A(4)).item(), 0.25);
});

test("conventions: abs′(0) = 1 (as JAX: select(x ≥ 0, dx, −dx)), abs′ = sign elsewhere", () => {
  assert.deepEqual(vals(vmap(grad((x: NDArray) => np.abs(x)))(A([-2, 0, 3]))), [-1, 1, 1]);
  assert.equal(jvp((x: NDArray) => np.abs(x), [A(0)], [A(1)])[1].item(), 1);
  assert.equal(grad((x: NDArray) => np.abs(x))(A(-0)).item(), 1); // −0 ≥ 0
});

test("conventions: sign, floor, ceil, round and trunc have zero derivative everywhere", () => {
  const pts = A([-1.5, -1, 0, 0.3, 2.5]);
  for (const [name, fn] of [
    ["sign", np.sign],
    ["floor", np.floor],
    ["ceil", np.ceil],
    ["round", np.round],
    ["trunc", np.trunc],
  ] as const) {
    assert.deepEqual(vals(vmap(grad((x: NDArray) => fn(x)))(pts)), [0, 0, 0, 0, 0], name);
    assert.deepEqual(vals(jvp((x: NDArray) => fn(x), [pts], [A([1, 1, 1, 1, 1])])[1]), [0, 0, 0, 0, 0], name);
  }
  // used inside a larger expression they contribute nothing: d/dx (x − floor x) = 1
  assert.equal(grad((x: NDArray) => np.subtract(x, np.floor(x)))(A(2.7)).item(), 1);
});

test("conventions: where() passes the gradient to the branch it picked", () => {
  // where(x > 0, x², 3x): 2x on the positive side, 3 elsewhere (including x = 0)
  const f = (x: NDArray) => np.sum(np.where(np.greater(x, 0), np.square(x), np.multiply(x, 3)));
  assert.deepEqual(vals(grad(f)(A([-1, 0, 2]))), [3, 3, 4]);
  // the unpicked branch gets exactly zero, so the "double where" trick keeps NaNs out
  const safeSqrt = (x: NDArray) => np.sum(np.where(np.greater(x, 0), np.sqrt(np.where(np.greater(x, 0), x, 1)), 0));
  assert.deepEqual(vals(grad(safeSqrt)(A([-1, 0, 4]))), [0, 0, 0.25]);
  // the condition itself is not differentiated; gradient w.r.t. both branch arrays
  const [ga, gb] = grad((a: NDArray, b: NDArray) => np.sum(np.where([true, false, true], a, b)), { argnums: [0, 1] })(A([1, 2, 3]), A([4, 5, 6]));
  assert.deepEqual([ga.toArray(), gb.toArray()], [[1, 0, 1], [0, 1, 0]]);
});

test("conventions: pow has a finite derivative at x = 0", () => {
  const dpow = (y: number) => grad((x: NDArray) => np.power(x, y))(A(0)).item();
  assert.equal(dpow(1), 1);
  assert.equal(dpow(2), 0);
  assert.equal(dpow(3), 0);
  // x⁰ = 1 is constant, so its derivative is 0 even at x = 0 (not 0·0⁻¹ = NaN)
  assert.equal(dpow(0), 0);
  // second derivative of x² at 0
  assert.equal(grad(grad((x: NDArray) => np.power(x, 2)))(A(0)).item(), 2);
  // ∂/∂y xʸ = xʸ·log x is taken as 0 at x = 0 (not 0·(−inf) = NaN)
  assert.deepEqual(vals(grad((x: NDArray, y: NDArray) => np.power(x, y), { argnums: [0, 1] })(A(0), A(2))), [0, 0]);
  // negative base with an integer exponent: d/dx x³ = 3x²
  assert.equal(grad((x: NDArray) => np.power(x, 3))(A(-2)).item(), 12);
  // a fractional power at 0 is singular, as sqrt
  assert.equal(dpow(0.5), Infinity);
});

test("conventions: each row of the README's kink table", () => {
  const d = (f: (x: NDArray) => NDArray, x: number) => grad(f)(A(x)).item();
  assert.equal(d((x) => nn.relu(x), 0), 0);
  assert.equal(d((x) => nn.relu6(x), 0), 0);
  assert.equal(d((x) => nn.relu6(x), 6), 0);
  assert.equal(d((x) => np.abs(x), 0), 1);
  assert.deepEqual(vals(grad((x: NDArray, y: NDArray) => np.maximum(x, y), { argnums: [0, 1] })(A(1), A(1))), [0.5, 0.5]);
  assert.deepEqual(vals(grad((x: NDArray, y: NDArray) => np.maximum(x, y), { argnums: [0, 1] })(A(NaN), A(1))), [0, 0]);
  assert.deepEqual(vals(grad((x: NDArray) => np.min(x))(A([2, 2]))), [0.5, 0.5]);
  assert.equal(d((x) => np.sqrt(x), 0), Infinity);
  assert.equal(d((x) => np.power(x, 0), 0), 0);
  assert.equal(grad((y: NDArray) => np.power(A(0), y))(A(2)).item(), 0);
  assert.equal(grad(grad((x: NDArray) => np.power(x, 0)))(A(0)).item(), 0);
  assert.equal(grad(grad(grad((x: NDArray) => np.power(x, 1))))(A(0)).item(), 0);
  assert.deepEqual(vals(grad((x: NDArray, y: NDArray) => np.hypot(x, y), { argnums: [0, 1] })(A(0), A(0))), [0, 0]);
  for (const f of [np.floor, np.ceil, np.round, np.trunc, np.sign]) assert.equal(d((x) => f(x), 0), 0);
  assert.equal(d((x) => np.where(np.less(x, 1), x, 0), 1), 0);
});
