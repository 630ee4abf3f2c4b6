/**
 * @file lax.reduce (the monoid computations as reduction primitives, any other computation by
 * pairwise halving, pytrees of operands) and lax.associativeScan (cumulative sums/products/maxima,
 * non-commutative operators — affine maps and 2×2 matrix products — against sequential loops, reverse,
 * axes): values, derivatives by checkGrads in float64, jit, vmap and errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, checkGrads, grad, jit, lax, np, vmap } from "../src/index.js";
import { check, close } from "./util.js";

const f64 = (v: unknown) => np.array(v as number[], { dtype: "float64" });
const i32 = (v: unknown) => np.array(v as number[], { dtype: "int32" });
const addFn = (a: NDArray, b: NDArray) => np.add(a, b); // not recognised: the generic path
const X = () => f64([[1, 5, 3], [4, -2, 6]]);

test("lax.reduce with lax.add / mul / max / min / bitwiseAnd / bitwiseOr: the reduction, and a non-identity init folded in once", () => {
  check(lax.reduce(X(), 0, lax.add, [0]), [3], [5, 3, 9], "float64");
  check(lax.reduce(X(), 10, lax.add, [1]), [2], [19, 18]);
  check(lax.reduce(X(), 1, lax.mul, [0, 1]), [], -720);
  check(lax.reduce(X(), 2, lax.mul, [1]), [2], [30, -96]);
  check(lax.reduce(X(), -Infinity, lax.max, [0]), [3], [4, 5, 6]);
  check(lax.reduce(X(), 4.5, lax.max, [0]), [3], [4.5, 5, 6]);
  check(lax.reduce(X(), Infinity, lax.min, [1]), [2], [1, -2]);
  check(lax.reduce(i32([[3, 7], [-1, 2]]), 0, lax.add, [0]), [2], [2, 9], "int32");
  check(lax.reduce(i32([[3, 7], [-1, 2]]), -2147483648, lax.max, [1]), [2], [7, 2], "int32");
  check(lax.reduce(np.array([[1, 2], [3, 4]]), np.array(0.5), lax.add, [0, 1]), [], 10.5, "float32");
  check(lax.reduce(np.array([[true, false], [true, true]]), true, lax.bitwiseAnd, [1]), [2], [false, true], "bool");
  check(lax.reduce(np.array([[true, false], [false, false]]), false, lax.bitwiseOr, [1]), [2], [true, false], "bool");
  check(lax.reduce(i32([12, 10, 14]), -1, lax.bitwiseAnd, [0]), [], 8, "int32"); // integers: bitwise, by the generic path
  check(lax.reduce(X(), 0, np.add, [0]), [3], [5, 3, 9]);
  check(lax.reduce(X(), 0, lax.add, []), [2, 3], [[1, 5, 3], [4, -2, 6]]); // no dims: each element with the init
});

test("lax.reduce with any other computation: pairwise halving over odd lengths and several dims, init applied once", () => {
  const x = np.arange(2 * 7 * 3, { dtype: "float64" }).reshape([2, 7, 3]).sin();
  for (const dims of [[1], [0, 2], [2, 0], [0, 1, 2]]) close(lax.reduce(x, 0, addFn, dims), lax.reduce(x, 0, lax.add, dims).toArray() as number[], 1e-14);
  check(lax.reduce(f64([1, 2, 3, 4, 5]), 100, addFn, [0]), [], 115); // 100 once, not per pad
  check(lax.reduce(f64([2, 3, 7]), 1, (a: NDArray, b: NDArray) => np.multiply(a, b), [0]), [], 42);
  check(lax.reduce(np.zeros([2, 0]), 7, addFn, [1]), [2], [7, 7]); // an empty reduction is the init
  // log-sum-exp as a reduction with logaddexp
  const v = [0.5, -1, 2, 3.25, -0.5, 1];
  check(lax.reduce(f64(v), -Infinity, (a: NDArray, b: NDArray) => np.logaddexp(a, b), [0]), [], Math.log(v.reduce((s, t) => s + Math.exp(t), 0)), "float64", 1e-13);
  // a pytree: max and argmax (first of ties) over (value, index) pairs — as the JAX docs' example
  const vals = f64([[3, 9, 1, 9], [-1, -5, -1, -7]]);
  const ids = np.broadcastTo(np.arange(4, { dtype: "int32" }), [2, 4]);
  const pick = ([v1, i1]: NDArray[], [v2, i2]: NDArray[]) => {
    const first = np.logicalOr(np.greater(v1, v2), np.logicalAnd(np.equal(v1, v2), np.less(i1, i2)));
    return [np.where(first, v1, v2), np.where(first, i1, i2)];
  };
  const [m, am] = lax.reduce([vals, ids], [-Infinity, 0], pick, [1]) as NDArray[];
  check(m, [2], [9, -1], "float64");
  check(am, [2], [1, 0], "int32");
  // an object pytree
  const r = lax.reduce({ s: f64([1, 2, 3]), p: f64([1, 2, 3]) }, { s: 0, p: 1 }, (a: any, b: any) => ({ s: np.add(a.s, b.s), p: np.multiply(a.p, b.p) }), [0]) as { s: NDArray; p: NDArray };
  check(r.s, [], 6);
  check(r.p, [], 6);
});

test("lax.reduce: derivatives in float64 (both paths), jit and vmap", () => {
  const x = f64([[0.5, -1, 2], [3, 0.25, -2]]);
  checkGrads((a: NDArray) => lax.reduce(a, 1.5, lax.mul, [1]), [x]);
  checkGrads((a: NDArray) => lax.reduce(a, -Infinity, lax.max, [0]), [x]);
  checkGrads((a: NDArray) => lax.reduce(a, -Infinity, (p: NDArray, q: NDArray) => np.logaddexp(p, q), [0, 1]), [x]);
  checkGrads((a: NDArray, b: NDArray) => lax.reduce([a, b], [0, 0], ([p, q]: NDArray[], [r, s]: NDArray[]) => [np.add(p, r), np.add(q, s)], [1])[1], [x, x.cos()]);
  // d/dx log Σ exp = softmax
  const e = [0.5, -1, 2].map(Math.exp), z = e.reduce((a, b) => a + b);
  close(grad((a: NDArray) => lax.reduce(a, -Infinity, (p: NDArray, q: NDArray) => np.logaddexp(p, q), [0]))(f64([0.5, -1, 2])), e.map((t) => t / z));
  const lse = (a: NDArray) => lax.reduce(a, -Infinity, (p: NDArray, q: NDArray) => np.logaddexp(p, q), [0]);
  close(jit(lse)(x), lse(x).toArray() as number[]);
  close(vmap(lse)(x), [0, 1].map((i) => lse(x.get(i)).toArray() as number));
  close(vmap(lse, { inAxes: 1 })(x), [0, 1, 2].map((j) => lse(np.take(x, j, 1)).toArray() as number));
});

test("lax.reduce: errors name lax.reduce and what is wrong", () => {
  const x = X();
  const bad: [() => unknown, RegExp][] = [
    [() => lax.reduce([x, x], [0], addFn, [0]), /lax\.reduce: operands \(\[\*, \*\], 2 arrays\) and initValues \(\[\*\], 1 values\) must have the same structure/],
    [() => lax.reduce(x, 0, addFn, [2]), /lax\.reduce: dimensions entry 2 is out of range for an array of rank 2/],
    [() => lax.reduce(x, 0, addFn, [0, 0]), /lax\.reduce: dimensions \[0,0\] repeats an axis/],
    [() => lax.reduce([x, x], [0, 0], (a: NDArray[]) => a[0], [0]), /lax\.reduce: the function returned a \* but its inputs are \[\*, \*\]/],
    [() => lax.reduce(x, 0, (a: NDArray) => np.sum(a), [1]), /lax\.reduce: the function returned leaf 0 of shape \[\] float64; expected \[2,1\] float64/],
    [() => lax.reduce([x, f64([1, 2])], [0, 0], addFn as never, [0]), /lax\.reduce: operand shapes differ: \[2,3\] vs \[2\]/],
    [() => lax.reduce(x, i32(0), lax.add, [0]), /lax\.reduce: initValue dtype int32 differs from its operand's float64/],
    [() => lax.reduce(i32([1]), 0.5, lax.add, [0]), /lax\.reduce: initValue 0\.5 is not a int32 value/],
    [() => lax.reduce(x, f64([0, 0]), lax.add, [0]), /lax\.reduce: initValue must be a scalar, got an array of shape \[2\]/],
    [() => (lax.reduce as any)(x, 0, "add", [0]), /lax\.reduce: computation must be a function/],
  ];
  bad.forEach(([f, re], i) => assert.throws(f, re, `case ${i}`));
});

// ---- associativeScan ----

const affine = ([a1, b1]: NDArray[], [a2, b2]: NDArray[]) => [np.multiply(a2, a1), np.add(np.multiply(a2, b1), b2)];
/** h_t = a_t·h_{t−1} + b_t from h = 0, sequentially (or from the end with `reverse`). */
function recurrence(a: number[], b: number[], reverse = false): number[] {
  const out = new Array(a.length);
  let h = 0;
  for (let k = 0; k < a.length; k++) {
    const t = reverse ? a.length - 1 - k : k;
    h = a[t] * h + b[t];
    out[t] = h;
  }
  return out;
}

test("lax.associativeScan: cumulative sum / product / max for lengths 1–9, reverse, axis 1 and −1", () => {
  for (let n = 1; n <= 9; n++) {
    const v = Array.from({ length: n }, (_, i) => ((i * 7) % 5) - 1.5);
    const cum = (f: (a: number, b: number) => number, xs: number[]) => xs.map((_, i) => xs.slice(0, i + 1).reduce(f));
    close(lax.associativeScan(lax.add, f64(v)), cum((a, b) => a + b, v));
    close(lax.associativeScan(lax.mul, f64(v)), cum((a, b) => a * b, v));
    close(lax.associativeScan(lax.max, f64(v)), cum((a, b) => Math.max(a, b), v));
    close(lax.associativeScan(lax.add, f64(v), { reverse: true }), cum((a, b) => a + b, [...v].reverse()).reverse());
  }
  const m = i32([[1, 2, 3], [4, 5, 6]]);
  check(lax.associativeScan(lax.add, m, { axis: 1 }), [2, 3], [[1, 3, 6], [4, 9, 15]], "int32");
  check(lax.associativeScan(lax.add, m, { axis: -1, reverse: true }), [2, 3], [[6, 5, 3], [15, 11, 6]], "int32");
  check(lax.associativeScan(lax.mul, np.array([[1, 2], [3, 4], [5, 6]])), [3, 2], [[1, 2], [3, 8], [15, 48]], "float32");
  check(lax.associativeScan(lax.bitwiseOr, np.array([false, true, false])), [3], [false, true, true], "bool");
  check(lax.associativeScan(lax.add, np.zeros([0, 2])), [0, 2], []);
});

test("lax.associativeScan: non-commutative operators — affine maps (a linear recurrence) and 2×2 matrix products — against loops", () => {
  const n = 11;
  const a = Array.from({ length: n }, (_, i) => 0.5 + 0.1 * ((i * 3) % 7)), b = Array.from({ length: n }, (_, i) => Math.sin(i) + 0.25);
  const [, h] = lax.associativeScan(affine, [f64(a), f64(b)]) as NDArray[];
  close(h, recurrence(a, b), 1e-13);
  const [, hr] = lax.associativeScan(affine, [f64(a), f64(b)], { reverse: true }) as NDArray[];
  close(hr, recurrence(a, b, true), 1e-13); // h_t = a_t·h_{t+1} + b_t
  // prefix products M_0·M_1·…·M_t of 2×2 matrices stored as a pytree {p, q, r, s} of [n] arrays
  const mats = Array.from({ length: 6 }, (_, i) => [[1 + i, -1], [0.5 * i, 2 - i]]);
  const tree = { p: f64(mats.map((m) => m[0][0])), q: f64(mats.map((m) => m[0][1])), r: f64(mats.map((m) => m[1][0])), s: f64(mats.map((m) => m[1][1])) };
  type M = typeof tree;
  const matmul = (x: M, y: M): M => ({
    p: np.add(np.multiply(x.p, y.p), np.multiply(x.q, y.r)), q: np.add(np.multiply(x.p, y.q), np.multiply(x.q, y.s)),
    r: np.add(np.multiply(x.r, y.p), np.multiply(x.s, y.r)), s: np.add(np.multiply(x.r, y.q), np.multiply(x.s, y.s)),
  });
  const out = lax.associativeScan(matmul, tree);
  let acc = [[1, 0], [0, 1]];
  mats.forEach((m, t) => {
    acc = [[acc[0][0] * m[0][0] + acc[0][1] * m[1][0], acc[0][0] * m[0][1] + acc[0][1] * m[1][1]], [acc[1][0] * m[0][0] + acc[1][1] * m[1][0], acc[1][0] * m[0][1] + acc[1][1] * m[1][1]]];
    close(np.stack([out.p.get(t), out.q.get(t), out.r.get(t), out.s.get(t)]), acc.flat());
  });
});

test("lax.associativeScan: derivatives in float64, jit and vmap", () => {
  const a = f64([0.9, 0.5, 1.2, 0.7, 0.3]), b = f64([0.1, -0.4, 0.8, 0.25, -1]);
  checkGrads((p: NDArray, q: NDArray) => lax.associativeScan(affine, [p, q])[1], [a, b]);
  checkGrads((p: NDArray, q: NDArray) => lax.associativeScan(affine, [p, q], { reverse: true })[1], [a, b]);
  checkGrads((p: NDArray) => lax.associativeScan(lax.mul, p), [a]);
  // ∂h_T/∂b_t = Π_{k>t} a_k
  const av = a.toArray() as number[];
  close(grad((q: NDArray) => lax.associativeScan(affine, [a, q])[1].get(4))(b), av.map((_, t) => av.slice(t + 1).reduce((s, v) => s * v, 1)));
  const scan = (p: NDArray, q: NDArray) => lax.associativeScan(affine, [p, q])[1];
  close(jit(scan)(a, b), recurrence(av, b.toArray() as number[]));
  const A = np.stack([a, a.mul(0.5)]), B = np.stack([b, b.neg()]);
  close(vmap(scan)(A, B), [0, 1].map((i) => recurrence(A.get(i).toArray() as number[], B.get(i).toArray() as number[])));
  close(lax.associativeScan(affine, [A, B], { axis: 1 })[1], [0, 1].map((i) => recurrence(A.get(i).toArray() as number[], B.get(i).toArray() as number[])));
});

test("lax.associativeScan: errors name lax.associativeScan and what is wrong", () => {
  const bad: [() => unknown, RegExp][] = [
    [() => lax.associativeScan(affine, [f64([1, 2]), f64([1, 2, 3])]), /lax\.associativeScan: leaf 1 of elems has shape \[3\]; every leaf needs length 2 along axis 0/],
    [() => lax.associativeScan(lax.add, f64([1, 2]), { axis: 1 }), /lax\.associativeScan: axis 1 is out of range for leaf 0 of rank 1/],
    [() => lax.associativeScan(lax.add, f64(1)), /lax\.associativeScan: leaf 0 of elems is 0-d/],
    [() => lax.associativeScan((p: NDArray[]) => p[0] as never, [f64([1, 2]), f64([1, 2])]), /lax\.associativeScan: the function returned a \* but its inputs are \[\*, \*\]/],
    [() => lax.associativeScan((p: NDArray) => np.sum(p), f64([1, 2, 3])), /lax\.associativeScan: the function returned leaf 0 of shape \[\] float64; expected \[1\] float64/],
    [() => lax.associativeScan(lax.add, [1, 2] as never), /lax\.associativeScan: leaf 0 of elems is 1; expected an NDArray/],
    [() => (lax.associativeScan as any)(lax.add, f64([1]), { revers: true }), /lax\.associativeScan: unknown option "revers"; expected one of: reverse, axis/],
  ];
  bad.forEach(([f, re], i) => assert.throws(f, re, `case ${i}`));
});
