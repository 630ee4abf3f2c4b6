/**
 * @file np.einsum's sublist form and its `optimize` contraction order: values against NumPy 1.24
 * (tables computed offline), the order chosen (read from the jaxpr's dot_generals, against
 * `np.einsum_path(…, optimize="greedy")`), derivatives by checkGrads, jit and vmap, errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, jit, vmap, makeJaxpr, checkGrads } from "../src/index.js";
import { check } from "./util.js";

const f64 = (v: any) => np.array(v, { dtype: "float64" });
const A = f64([[4.25, 2.0, -4.75], [-0.875, 5.0, -0.5]]);
const B = f64([[4.5, -2.75, -3.75, 3.75], [2.75, -4.5, -1.625, 4.875], [0.375, -5.0, 0.875, 4.75]]);
const C = f64([[0.5, -5.0], [0.875, 4.75], [-2.125, -4.25], [3.125, 3.375]]);
const D2 = f64([[3.75, 2.875], [-4.5, -1.75]]);
const v = f64([-4.0, -2.5, 4.625]);
const AB = [[22.84375, 3.0625, -23.34375, 3.125], [9.625, -17.59375, -5.28125, 18.71875]];
const ABC = [[73.47265625, 10.0859375], [59.13671875, -46.07421875]];

/** Output shapes of the dot_generals in the jaxpr of `f`, in order. */
const dots = (f: (...a: NDArray[]) => NDArray, ...args: NDArray[]): string[] =>
  [...makeJaxpr(f)(...args).toString().matchAll(/:f\d+\[([\d,]*)\] = dot_general/g)].map((m) => `[${m[1]}]`);

test("einsum sublist form: as NumPy (explicit and implicit output, ellipsis, scalar output, trace)", () => {
  check(np.einsum(A, [0, 1], B, [1, 2], [0, 2]), [2, 4], AB, "float64", 1e-12);
  check(np.einsum(A, [0, 1], B, [1, 2]), [2, 4], AB, "float64", 1e-12); // implicit: labels used once, sorted
  check(np.einsum(A, [0, 1], v, [1]), [2], [-43.96875, -11.3125], "float64", 1e-12);
  check(np.einsum(A, [0, 1], []), [], 5.125, "float64", 1e-12);
  check(np.einsum(f64([[1, 2], [3, 4]]), [0, 0]), [], 5, "float64");
  check(np.einsum(A, [26, 51], [51, 26]), [3, 2], np.transpose(A).toArray()); // 26 = 'A', 51 = 'Z'
  const D = f64([[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[-1, 0, 2], [0, 3, 0], [5, 0, -4]]]);
  check(np.einsum(D, ["...", 0, 0], ["..."]), [2], [15, -2], "float64");
  // the same as the string form, dtype rules included
  const i = np.array([[1, 2], [3, 4]], { dtype: "int32" });
  check(np.einsum(i, [0, 1], i, [1, 2], [0, 2]), [2, 2], [[7, 10], [15, 22]], "int32");
  check(np.einsum([1, 2, 3], [0], [4, 5, 6], [0], []), [], 32, "float32");
});

test("einsum optimize: greedy (default) contracts the smallest pair first, as NumPy's greedy path; false goes left to right", () => {
  const chain = (o?: boolean | "greedy") => (a: NDArray, b: NDArray, c: NDArray) => (o === undefined ? np.einsum("ij,jk,kl->il", a, b, c) : np.einsum("ij,jk,kl->il", a, b, c, { optimize: o }));
  // NumPy: einsum_path("ij,jk,kl->il", [2,3], [3,4], [4,2], optimize="greedy") = [(1, 2), (0, 1)]
  assert.deepEqual(dots(chain(), A, B, C), ["[3,2]", "[2,2]"]);
  assert.deepEqual(dots(chain("greedy"), A, B, C), ["[3,2]", "[2,2]"]);
  assert.deepEqual(dots(chain(true), A, B, C), ["[3,2]", "[2,2]"]);
  assert.deepEqual(dots(chain(false), A, B, C), ["[2,4]", "[2,2]"]);
  for (const o of [undefined, true, false] as const) check(chain(o)(A, B, C), [2, 2], ABC, "float64", 1e-12);
  // a matrix–matrix–vector product: greedy never forms the 10×10 matrix
  const mv = (a: NDArray, b: NDArray, c: NDArray) => np.einsum("ij,jk,k->i", a, b, c);
  assert.deepEqual(dots(mv, np.ones([10, 2]), np.ones([2, 10]), np.ones([10])), ["[2]", "[10]"]);
  // the most memory freed, not the smallest result: NumPy's greedy path for "ij,k,jk->i" on [5,3], [2], [3,2] is [(0, 2), (0, 1)]
  assert.deepEqual(dots((a, b, c) => np.einsum("ij,k,jk->i", a, b, c), np.ones([5, 3]), np.ones([2]), np.ones([3, 2])), ["[5,2]", "[5]"]);
  // outer products last: "i,j,jk->ik" contracts (1, 2) first, then the outer product with i
  assert.deepEqual(dots((a, b, c) => np.einsum("i,j,jk->ik", a, b, c), np.ones([4]), np.ones([3]), np.ones([3, 2])), ["[2]", "[4,2]"]);
  // four operands, closed loop (a scalar): the same value either way
  for (const optimize of [true, false]) check(np.einsum("ij,jk,kl,li->", A, B, C, D2, { optimize }), [], 480.78369140625, "float64", 1e-11);
  // three vectors, all outer products
  check(np.einsum("i,j,k->ijk", [1, 2], [3, 4, 5], [0.5, -1]), [2, 3, 2], [[[1.5, -3], [2, -4], [2.5, -5]], [[3, -6], [4, -8], [5, -10]]], "float32");
  // "optimal" searches every order: NumPy's einsum_path("ij,jk,kl,lm->im", [10,8], [8,6], [6,3], [3,4]) gives
  // optimal [(1, 2), (0, 2), (0, 1)] and greedy [(0, 1), (0, 2), (0, 1)]; "auto" (JAX's default name) is greedy
  const four = (o: "optimal" | "greedy" | "auto") => (a: NDArray, b: NDArray, c: NDArray, d: NDArray) => np.einsum("ij,jk,kl,lm->im", a, b, c, d, { optimize: o });
  const shapes = [np.ones([10, 8]), np.ones([8, 6]), np.ones([6, 3]), np.ones([3, 4])];
  assert.deepEqual(dots(four("optimal"), ...shapes), ["[8,3]", "[10,3]", "[4,10]"]);
  assert.deepEqual(dots(four("greedy"), ...shapes), ["[10,6]", "[3,10]", "[4,10]"]);
  assert.deepEqual(dots(four("auto"), ...shapes), ["[10,6]", "[3,10]", "[4,10]"]);
  for (const optimize of ["optimal", "auto"] as const) {
    check(np.einsum("ij,jk,kl,li->", A, B, C, D2, { optimize }), [], 480.78369140625, "float64", 1e-11);
    check(np.einsum("ij,jk,kl->il", A, B, C, { optimize }), [2, 2], ABC, "float64", 1e-12);
  }
  // the sublist form takes the options too
  check(np.einsum(A, [0, 1], B, [1, 2], C, [2, 3], [0, 3], { optimize: false }), [2, 2], ABC, "float64", 1e-12);
});

test("einsum sublist and optimize: derivatives (checkGrads), jit and vmap", () => {
  checkGrads((a: NDArray, b: NDArray, c: NDArray) => np.einsum(a, [0, 1], b, [1, 2], c, [2, 3], [0, 3]), [A, B, C]);
  checkGrads((a: NDArray, b: NDArray, c: NDArray) => np.einsum("ij,jk,kl->il", a, b, c, { optimize: false }), [A, B, C]);
  checkGrads((a: NDArray, c: NDArray) => np.einsum("ij,j,i->", a, v, c), [A, f64([0.5, -1.5])]);
  checkGrads((a: NDArray, b: NDArray, c: NDArray) => np.einsum("ij,jk,kl,li->", a, b, c, D2, { optimize: "optimal" }), [A, B, C]);
  check(jit((a: NDArray, b: NDArray, c: NDArray) => np.einsum(a, [0, 1], b, [1, 2], c, [2, 3], [0, 3]))(A, B, C), [2, 2], ABC, "float64", 1e-12);
  // vmap over the rows of A: each row is "j,jk,kl->l"
  const rows = vmap((r: NDArray) => np.einsum(r, [1], B, [1, 2], C, [2, 3], [3]))(A);
  check(rows, [2, 2], ABC, "float64", 1e-12);
});

test("einsum sublist and optimize: errors name the problem", () => {
  const E: any = np.einsum;
  assert.throws(() => E(A, [0, 52]), /np\.einsum: the sublist of operand 0 has the label 52; expected integers 0–51 or "\.\.\."/);
  assert.throws(() => E(A, [0, 1.5]), /np\.einsum: the sublist of operand 0 has the label 1\.5/);
  assert.throws(() => E(A, "ij"), /np\.einsum: the sublist of operand 0 must be a list of axis labels .* got "ij"/);
  assert.throws(() => E(A, [0, 1], B, [1, 2], "ac"), /np\.einsum: the output sublist must be a list/);
  assert.throws(() => E(A, [0, 1], B, [0, 3], [1, 3]), /np\.einsum: .*index 'a' has size 2 in operand 0 but 3 in operand 1/);
  assert.throws(() => E("ij,jk->ik", A, B, { optimise: true }), /np\.einsum: unknown option "optimise"; expected one of: optimize/);
  assert.throws(() => E("ij,jk->ik", A, B, { optimize: "best" }), /np\.einsum: optimize must be true, false, "greedy", "optimal", "auto" or a path such as \["einsum_path", \[0, 1\]\], got "best"/);
  assert.throws(() => E("ij,jk->ik", A, { optimize: true }, B), /np\.einsum: an options object may only come last/);
  assert.throws(() => E(null, [0]), /np\.einsum: the first argument must be a subscripts string or an operand/);
});
