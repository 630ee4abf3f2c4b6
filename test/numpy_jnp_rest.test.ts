/**
 * @file The last jax.numpy functions of issue 10: einsumPath (NumPy's path and report, and paths fed back
 * to einsum), poly/polyder/polyint/polydiv, tril/triuIndicesFrom, maskIndices, frombuffer, fromiter,
 * place, astype, bitwiseInvert. Reference numbers are NumPy 1.24's, computed offline and embedded.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { NestedArray, checkGrads, grad, jit, nn, np, random, vmap } from "../src/index.js";
import { check, close } from "./util.js";

const f64 = (v: NestedArray) => np.array(v, { dtype: "float64" });

describe("einsumPath", () => {
  const a = np.ones([2, 3]), b = np.ones([3, 4]), c = np.ones([4, 5]);
  test("path and report as NumPy's greedy einsum_path", () => {
    const [path, report] = np.einsumPath("ij,jk,kl->il", a, b, c);
    assert.deepEqual(path, ["einsum_path", [1, 2], [0, 1]]);
    assert.equal(report, [
      "  Complete contraction:  ij,jk,kl->il",
      "         Naive scaling:  4",
      "     Optimized scaling:  3",
      "      Naive FLOP count:  3.600e+02",
      "  Optimized FLOP count:  1.810e+02",
      "   Theoretical speedup:  1.989",
      "  Largest intermediate:  1.500e+01 elements",
      "-".repeat(74),
      "scaling                  current                                remaining",
      "-".repeat(74),
      "   3                   kl,jk->jl                                ij,jl->il",
      "   3                   jl,ij->il                                   il->il",
    ].join("\n"));
    const ops = [np.ones([10, 20]), np.ones([20, 30]), np.ones([30, 5]), np.ones([5, 40])];
    const [p4, r4] = np.einsumPath("ab,bc,cd,de->ae", ...ops);
    assert.deepEqual(p4, ["einsum_path", [1, 2], [0, 2], [0, 1]]);
    assert.match(r4, /Theoretical speedup: {2}399\.967\n {2}Largest intermediate: {2}4\.000e\+02 elements/);
    assert.match(r4, / {3}3 {19}cd,bc->db {29}ab,de,db->ae\n/);
    assert.deepEqual(np.einsumPath("ab,bc,cd,de->ae", ...ops, { optimize: "optimal" })[0], ["einsum_path", [1, 2], [0, 2], [0, 1]]);
    // sublist form, one operand
    assert.deepEqual(np.einsumPath(np.ones([3, 3]), [0, 0])[0], ["einsum_path"]);
  });
  test("a path fed back to einsum gives the same result, in any valid order", () => {
    const x = f64([[1, 2, 3], [4, 5, 6]]), y = np.arange(12, { dtype: "float64" }).reshape([3, 4]), z = np.linspace(-1, 1, 20, { dtype: "float64" }).reshape([4, 5]);
    const want = np.einsum("ij,jk,kl->il", x, y, z, { optimize: false });
    for (const optimize of [["einsum_path", [1, 2], [0, 1]], [[0, 1], [0, 1]], [[0, 2], [0, 1]]] as const) {
      close(np.einsum("ij,jk,kl->il", x, y, z, { optimize }), want.toArray() as NestedArray, 1e-12);
    }
    close(np.einsum("ij,jk,kl->il", x, y, z, { optimize: np.einsumPath("ij,jk,kl->il", x, y, z)[0] }), want.toArray() as NestedArray, 1e-12);
    // the path under jit and grad
    const f = (u: any) => np.einsum("ij,jk,kl->il", u, y, z, { optimize: [[1, 2], [0, 1]] }).sum();
    close(jit(grad(f))(x), grad((u: any) => np.einsum("ij,jk,kl->il", u, y, z).sum())(x).toArray() as NestedArray, 1e-12);
  });
  test("bad paths and options are errors", () => {
    assert.throws(() => np.einsum("ij,jk,kl->il", a, b, c, { optimize: [[0, 1]] }), /einsum: the path contracts 3 operands to 2, not to one; it needs 2 pairwise steps/);
    assert.throws(() => np.einsum("ij,jk,kl->il", a, b, c, { optimize: [[0, 3], [0, 1]] }), /einsum: path step 0 \[0,3\] must name two different operands among the 3 left/);
    assert.throws(() => np.einsum("ij,jk->ik", a, b, { optimize: [[0, 1, 2]] }), /einsum: path step 0 must be a pair of operand positions/);
    assert.throws(() => np.einsumPath("ij,jk->ik", a, b, { optimize: "fast" as any }), /einsumPath: optimize must be true, false, "greedy", "optimal", "auto" or a path/);
    assert.throws(() => np.einsumPath("ij,jk->ik", a, np.ones([4, 2])), /einsumPath: index 'j' has size 3 in operand 0 but 4 in operand 1/);
  });
});

describe("polynomials: poly, polyder, polyint, polydiv", () => {
  test("poly from roots and from a matrix (characteristic polynomial)", () => {
    close(np.poly(f64([0.5, -1.25, 3])), [1, -2.25, -2.875, 1.875], 1e-14);
    close(np.poly([1, 2]), [1, -3, 2], 1e-6);
    close(np.poly(3), [1, -3], 1e-6);
    close(np.poly(f64([])), [1], 0);
    close(np.poly([[1, 2], [3, 4]]), [1, -5, -2], 1e-6);
    const A = f64([[2.041, -2.556, 0.418, -0.568, -0.453], [-0.216, -2.02, -0.232, -0.865, 3.323], [0.226, -0.353, -0.281, -0.668, -1.055], [-0.391, 0.482, -0.239, 0.958, -0.2], [0.024, 1.546, 0.545, -0.505, -0.183]]);
    close(np.poly(A), [1.0, -0.5149999999999907, -9.851316000000025, 16.095518598000023, -0.4114382611360021, -1.8268504449454157], 1e-12);
    assert.equal(np.poly([1, 2]).dtype, "float32");
    assert.throws(() => np.poly(np.zeros([2, 3])), /np.poly: expected a 1-D array of roots or a non-empty square matrix, got shape \[2,3\]/);
  });
  test("poly is differentiable (roots and matrix) and jit = eager", () => {
    checkGrads((r: any) => np.poly(r), [f64([0.5, -1.25, 3])], { order: 2, modes: ["fwd", "rev"] });
    checkGrads((m: any) => np.poly(m), [f64([[1, 2, 0.5], [0.3, -1, 2], [1.5, 0.2, 0.7]])], { order: 1, modes: ["fwd", "rev"] });
    // the constant term of a cubic is −r₁r₂r₃: its derivative in rᵢ is −∏_{j≠i} rⱼ
    close(grad((r: any) => np.poly(r).get(3))(f64([0.5, -1.25, 3])), [3.75, -1.5, 0.625], 1e-14);
    close(jit((r: any) => np.poly(r))(f64([1, 2, 3])), np.poly(f64([1, 2, 3])).toArray() as NestedArray, 0);
  });
  test("polyder and polyint (NumPy's constants order), JAX's empty derivative", () => {
    close(np.polyder([1, 1, 1, 1]), [3, 2, 1], 0);
    close(np.polyder(f64([2, -3, 0, 5, 1]), 2), [24, -18, 0], 0);
    check(np.polyder([1, 2], 3), [0], []);
    close(np.polyder([5]), [], 0);
    close(np.polyint([3, 2, 1]), [1, 1, 1, 0], 1e-7);
    close(np.polyint(f64([1, 2, 3]), 2, [4, 5]), [0.08333333333333333, 0.3333333333333333, 1.5, 4.0, 5.0], 1e-15);
    close(np.polyint(f64([1, 2, 3]), 3, 7), [0.016666666666666666, 0.08333333333333333, 0.5, 3.5, 7.0, 7.0], 1e-15);
    close(np.polyint(f64([1, 2]), 0), [1, 2], 0);
    assert.equal(np.polyder(np.array([1, 2, 3], { dtype: "int32" })).dtype, "float32");
    // polyder ∘ polyint = identity
    const p = f64([0.3, -2, 1.5, 4]);
    close(np.polyder(np.polyint(p, 2, [1, 2]), 2), p.toArray() as NestedArray, 1e-14);
    checkGrads((q: any, k: any) => np.polyint(q, 2, k), [p, f64([1, -1])], { order: 1, modes: ["fwd", "rev"] });
    assert.throws(() => np.polyint([1, 2], 2, [1, 2, 3]), /np.polyint: k must be a number or hold m = 2 integration constants, got shape \[3\]/);
    assert.throws(() => np.polyder([1, 2], -1), /np.polyder: the order m must be a non-negative integer, got -1/);
    assert.throws(() => np.polyder([[1, 2]]), /np.polyder: p must be a 1-D array of coefficients, got shape \[1,2\]/);
  });
  test("polydiv: JAX's shapes (remainder keeps the dividend's length), NumPy's trimmed form on request", () => {
    const [q, r] = np.polydiv(f64([5, 7, 9]), f64([4, 1]));
    close(q, [1.25, 1.4375], 0);
    close(r, [0, 0, 7.5625], 0);
    const [q2, r2] = np.polydiv(f64([3, 5, 2]), f64([2, 1]), { trimLeadingZeros: true });
    close(q2, [1.5, 1.75], 0);
    close(r2, [0.25], 0);
    const [q3, r3] = np.polydiv(f64([1, 2]), f64([1, 2, 3]));
    close(q3, [0], 0);
    close(r3, [1, 2], 0);
    const [q4, r4] = np.polydiv(f64([1, 0, 0, 0, -1]), f64([1, -1]), { trimLeadingZeros: true });
    close(q4, [1, 1, 1, 1], 0);
    close(r4, [0], 0);
    // u = q·v + r
    const u = f64([2, -1, 0.5, 3, 1]), v = f64([0.5, 2, -1]);
    const [qq, rr] = np.polydiv(u, v);
    close(np.polyadd(np.polymul(qq, v), rr), [0, 0, ...(u.toArray() as number[])].slice(-5), 1e-13);
    checkGrads((a: any, b: any) => np.polydiv(a, b)[0], [u, v], { order: 1, modes: ["fwd", "rev"] });
    checkGrads((a: any, b: any) => np.polydiv(a, b)[1], [u, v], { order: 1, modes: ["fwd", "rev"] });
    close(jit((a: any, b: any) => np.polydiv(a, b))(u, v)[1], rr.toArray() as NestedArray, 0);
  });
});

describe("indices from shapes and masks", () => {
  test("trilIndicesFrom, triuIndicesFrom, maskIndices (NumPy)", () => {
    const [i, j] = np.trilIndicesFrom(np.zeros([3, 4]), -1);
    check(i, [3], [1, 2, 2], "int32");
    check(j, [3], [0, 0, 1], "int32");
    const [u, w] = np.triuIndicesFrom(np.zeros([2, 3]), 1);
    check(u, [3], [0, 0, 1]);
    check(w, [3], [1, 2, 2]);
    const [mi, mj] = np.maskIndices(3, np.triu, 1);
    check(mi, [3], [0, 0, 1], "int32");
    check(mj, [3], [1, 2, 2], "int32");
    const [di] = np.maskIndices(2, (m) => np.tril(m, -5));
    check(di, [0], []);
    assert.throws(() => np.trilIndicesFrom(np.zeros([2, 2, 2])), /np.trilIndicesFrom: expected a 2-D array, got shape \[2,2,2\]/);
    assert.throws(() => np.maskIndices(2, (() => np.zeros([3])) as any), /np.maskIndices: maskFunc must return an array of shape \[2, 2\], got shape \[3\]/);
    assert.throws(() => np.maskIndices(2, 5 as any), /np.maskIndices: maskFunc must be a function/);
  });
});

describe("arrays from raw data", () => {
  test("frombuffer: dtypes, count, offset (unaligned too), views", () => {
    const ints = new Int32Array([1, 2, 3, 4]);
    check(np.frombuffer(ints.buffer, "int32", { count: 2, offset: 4 }), [2], [2, 3], "int32");
    check(np.frombuffer(ints, { dtype: "int32", offset: 8 }), [2], [3, 4], "int32");
    check(np.frombuffer(new Float32Array([1.5, -2]).buffer), [2], [1.5, -2], "float32");
    check(np.frombuffer(new Float64Array([0.1, 1e300]).buffer, "float64"), [2], [0.1, 1e300], "float64");
    const bytes = new Uint8Array(9);
    new DataView(bytes.buffer).setFloat64(1, Math.PI, true);
    check(np.frombuffer(bytes, "float64", { offset: 1 }), [1], [Math.PI], "float64");
    check(np.frombuffer(new DataView(bytes.buffer, 1, 8), "float64"), [1], [Math.PI], "float64");
    check(np.frombuffer(new Uint8Array([0, 2, 1]), "bool"), [3], [false, true, true], "bool");
    const a = np.frombuffer(ints.buffer, "int32");
    ints[0] = 99;
    check(a, [4], [1, 2, 3, 4], "int32"); // a copy
    assert.throws(() => np.frombuffer(new Uint8Array(6), "float32"), /np.frombuffer: 6 bytes after offset 0 are not a multiple of the float32 element size 4/);
    assert.throws(() => np.frombuffer(new Uint8Array(8), "float32", { count: 3 }), /np.frombuffer: cannot read 3 float32 elements \(12 bytes\) from 8 bytes after offset 0/);
    assert.throws(() => np.frombuffer([1, 2] as any), /np.frombuffer: expected an ArrayBuffer, a typed array or a DataView/);
    assert.throws(() => np.frombuffer(new Uint8Array(8), "float32", { size: 3 } as any), /size/);
  });
  test("fromiter: generators, count, saturating conversion, errors", () => {
    function* squares() { for (let i = 0; ; i++) yield i * i; }
    check(np.fromiter(squares(), "int32", { count: 4 }), [4], [0, 1, 4, 9], "int32");
    check(np.fromiter(new Set([1.5, 2.5]), { dtype: "float64" }), [2], [1.5, 2.5], "float64");
    check(np.fromiter([1e10, NaN, -1e10], "int32"), [3], [2147483647, 0, -2147483648], "int32");
    check(np.fromiter([true, false], "bool"), [2], [true, false], "bool");
    check(np.fromiter([], "float32"), [0], []);
    assert.throws(() => np.fromiter([1, 2], "int32", { count: 3 }), /np.fromiter: the iterable ended after 2 items; count asked for 3/);
    assert.throws(() => np.fromiter([1, "2"] as any, "int32"), /np.fromiter: item 1 is "2"; expected a number or a boolean/);
    assert.throws(() => (np.fromiter as any)([1, 2]), /np.fromiter: (a dtype is required|argument dtype is missing)/);
  });
});

describe("place, astype, bitwiseInvert", () => {
  test("place fills the masked positions in turn, repeating vals (NumPy), under jit and vmap", () => {
    const a = np.arange(6).reshape([2, 3]);
    check(np.place(a, np.greater(a, 2), [44, 55], { inplace: false }), [2, 3], [[0, 1, 2], [44, 55, 44]], "int32");
    check(np.place(np.arange(7, { dtype: "float64" }), [1, 0, 1, 0, 1, 0, 1], [9.5]), [7], [9.5, 1, 9.5, 3, 9.5, 5, 9.5], "float64");
    const f = jit((x: any) => np.place(x, np.greater(x, 0.5), f64([-1, -2])));
    check(f(f64([0.1, 0.9, 0.7, 0.2, 0.8])), [5], [0.1, -1, -2, 0.2, -1], "float64");
    check(vmap((x: any) => np.place(x, np.less(x, 0), [0]))(f64([[-1, 2], [3, -4]])), [2, 2], [[0, 2], [3, 0]], "float64");
    // differentiable in arr and vals
    close(grad((v: any) => np.place(f64([1, 2, 3]), [1, 0, 1], v).sum())(f64([5])), [2], 0);
    assert.throws(() => np.place(a, np.greater(a, 2), [44], { inplace: true }), /np.place: arrays are immutable, so place cannot work in place \(got inplace: true\); pass \{ inplace: false \}/);
    assert.throws(() => np.place(a, [1, 0], [1]), /np.place: mask must have as many elements as arr \(6\), got shape \[2\]/);
    assert.throws(() => np.place(a, np.greater(a, 2), []), /np.place: vals is empty/);
  });
  test("put: flat indices, NumPy's repetition of v, JAX's clip/wrap modes, last value wins, jit/vmap/grad", () => {
    check(np.put(np.arange(5), [0, 2], [-44, -55], { inplace: false }), [5], [-44, 1, -55, 3, 4], "int32");
    check(np.put(np.arange(5), 22, -5, { mode: "clip" }), [5], [0, 1, 2, 3, -5], "int32");
    check(np.put(np.arange(5), [-1, -100], [7, 8]), [5], [8, 1, 2, 3, 7], "int32"); // −1 is the last (JAX), −100 clips to 0
    check(np.put(np.arange(5), [-1, 7], [9, 8], { mode: "wrap" }), [5], [0, 1, 8, 3, 9], "int32");
    check(np.put(np.arange(5), [1, 1, 3], [7, 8, 9]), [5], [0, 8, 2, 9, 4], "int32");
    check(np.put(np.zeros([2, 3]), np.arange(6), [1, 2]), [2, 3], [[1, 2, 1], [2, 1, 2]]);
    check(np.put(np.zeros([2]), [], [1]), [2], [0, 0]);
    check(jit((a: any, i: any) => np.put(a, i, 5))(np.zeros([4]), np.array([3, 0], { dtype: "int32" })), [4], [5, 0, 0, 5]);
    check(vmap((i: any) => np.put(np.zeros([3]), i, 1))(np.array([[0], [2]], { dtype: "int32" })), [2, 3], [[1, 0, 0], [0, 0, 1]]);
    close(grad((v: any) => np.put(np.zeros([4], "float64"), [1, 1, 2], v).sum())(f64([1, 2, 3])), [0, 1, 1], 0);
    close(grad((a: any) => np.put(a, [1], 0).sum())(f64([1, 2, 3])), [1, 0, 1], 0);
    assert.throws(() => np.put(np.zeros([3]), [0], [1], { inplace: true }), /np.put: arrays are immutable, so put cannot work in place/);
    assert.throws(() => np.put(np.zeros([3]), [0], [1], { mode: "raise" as any }), /np.put: mode must be "clip" or "wrap", got "raise"/);
    assert.throws(() => np.put(np.zeros([3]), [0], []), /np.put: v is empty/);
    assert.throws(() => np.put(np.zeros([3]), [true], [1]), /np.put: ind must hold integer indices, got a bool array/);
  });
  test("astype as a function; bitwiseInvert as the Array API's name of bitwiseNot", () => {
    check(np.astype(np.array([1.7, -2.5, 1e10, NaN]), "int32"), [4], [1, -2, 2147483647, 0], "int32");
    check(np.astype([1, 0], "bool"), [2], [true, false], "bool");
    assert.throws(() => np.astype([1], "int64" as any), /astype: unknown dtype "int64"/);
    check(np.bitwiseInvert(np.array([0, 5], { dtype: "int32" })), [2], [-1, -6], "int32");
    check(np.bitwiseInvert(np.array([true, false])), [2], [false, true], "bool");
  });
});

describe("jax.nn re-exports and random.keyImpl", () => {
  test("nn.tanh, nn.identity (differentiable, strict), random.keyImpl", () => {
    close(nn.tanh(f64([0, 1])), [0, Math.tanh(1)], 1e-15);
    close(grad((x: any) => nn.tanh(x).sum())(f64([0.5])), [1 - Math.tanh(0.5) ** 2], 1e-15);
    check(nn.identity([1, 2]), [2], [1, 2]);
    close(grad((x: any) => nn.identity(x).sum())(f64([3])), [1], 0);
    assert.equal(random.keyImpl(random.key(0)), "threefry2x32");
    assert.equal(random.keyImpl(random.split(random.key(0), 3)), "threefry2x32");
    assert.throws(() => random.keyImpl(np.zeros([3])), /random.keyImpl: expected keys \(a uint32 array of shape \[..., 2\]\), got float32\[3\]/);
    assert.throws(() => (nn.identity as any)(1, 2), /nn.identity: expected at most 1 argument/);
  });
});
