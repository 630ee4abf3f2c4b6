/**
 * @file Indexing: getItem / x.get over every index kind (values from NumPy, worked out by hand),
 * functional updates x.at(...), take, takeAlongAxis, nonzero; their gradients, jvp, vmap, and
 * property tests of random slicing against a naive nested-array reference.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { NDArray, NestedArray, np, grad, jvp, vjp, vmap } from "../src/index.js";
import { check } from "./util.js";


const x24 = () => np.arange(24).reshape([2, 3, 4]); // int32, x[i,j,k] = 12i + 4j + k
const i32 = (v: NestedArray) => np.array(v, { dtype: "int32" });

describe("getItem: basic indexing (NumPy values)", () => {
  const cases: [string, (x: NDArray) => NDArray, number[], NestedArray][] = [
    ["x[1, ::-1]", (x) => x.get(1, "::-1"), [3, 4], [[20, 21, 22, 23], [16, 17, 18, 19], [12, 13, 14, 15]]],
    ["x[..., -1]", (x) => x.get("...", -1), [2, 3], [[3, 7, 11], [15, 19, 23]]],
    ["x[:, 1:, ::2]", (x) => x.get(":", "1:", "::2"), [2, 2, 2], [[[4, 6], [8, 10]], [[16, 18], [20, 22]]]],
    ["x[-1, -3:-1, 3:0:-2]", (x) => x.get(-1, "-3:-1", "3:0:-2"), [2, 2], [[15, 13], [19, 17]]],
    ["x[:, 5:10] (clipped, empty)", (x) => x.get(":", "5:10"), [2, 0, 4], []],
    ["x[0, :, ::-3]", (x) => x.get(0, ":", "::-3"), [3, 2], [[3, 0], [7, 4], [11, 8]]],
    ["x[0, 2:0:-1, -1::-2]", (x) => x.get(0, "2:0:-1", "-1::-2"), [2, 2], [[11, 9], [7, 5]]],
    ["x[0, s(2,0,-1), s(-1,null,-2)]", (x) => x.get(0, np.s(2, 0, -1), np.s(-1, null, -2)), [2, 2], [[11, 9], [7, 5]]],
    ["x[None, 1, ..., None, 2]", (x) => x.get(null, 1, "...", null, 2), [1, 3, 1], [[[14], [18], [22]]]],
    ["x[-1, -1, -1] (scalar)", (x) => x.get(-1, -1, -1), [], 23],
    ["x[1] (trailing axes kept)", (x) => x.get(1).get(2), [4], [20, 21, 22, 23]],
    ["x[...] (whole)", (x) => x.get("..."), [2, 3, 4], [...Array(24).keys()]],
    ["x[np.newaxis, 0, 0, 1:3]", (x) => x.get(np.newaxis, 0, 0, " 1 : 3 "), [1, 2], [[1, 2]]],
    ["x[1, s(1), s(null, 2)]", (x) => x.get(1, np.s(1), np.s(null, 2)), [2, 2], [[16, 17], [20, 21]]],
  ];
  for (const [name, f, shape, values] of cases) test(name, () => check(f(x24()), shape, values, "int32"));

  test("np.getItem accepts array-likes and keeps every dtype", () => {
    check(np.getItem([[1, 2], [3, 4]], ":", -1), [2], [2, 4], "float32");
    check(np.array([1.5, 2.5, 3.5], { dtype: "float64" }).get("::-1"), [3], [3.5, 2.5, 1.5], "float64");
    check(np.array([true, false, true]).get("1:"), [2], [false, true], "bool");
    check(np.array([7, 8, 9], { dtype: "uint32" }).get([2, 0]), [2], [9, 7], "uint32");
    check(np.array(5).get(null), [1], [5]);
  });
});

describe("getItem: advanced indexing", () => {
  const cases: [string, (x: NDArray) => NDArray, number[], NestedArray][] = [
    ["x[[1,0,1]]", (x) => x.get([1, 0, 1]), [3, 3, 4], [x24().get(1).toArray(), x24().get(0).toArray(), x24().get(1).toArray()]],
    ["x[[[0,1],[1,1]], 1]", (x) => x.get([[0, 1], [1, 1]], 1), [2, 2, 4], [[[4, 5, 6, 7], [16, 17, 18, 19]], [[16, 17, 18, 19], [16, 17, 18, 19]]]],
    ["x[0, [-1, 0]]", (x) => x.get(0, [-1, 0]), [2, 4], [[8, 9, 10, 11], [0, 1, 2, 3]]],
    ["x[[0,1], [2,0]]", (x) => x.get([0, 1], [2, 0]), [2, 4], [[8, 9, 10, 11], [12, 13, 14, 15]]],
    ["x[[0,1], :, [2,0]] (separated: dims first)", (x) => x.get([0, 1], ":", [2, 0]), [2, 3], [[2, 6, 10], [12, 16, 20]]],
    ["x[:, [0,2], [1,3]] (adjacent: in place)", (x) => x.get(":", [0, 2], [1, 3]), [2, 2], [[1, 11], [13, 23]]],
    ["x[1, :, [3, 0]] (int counts as advanced)", (x) => x.get(1, ":", [3, 0]), [2, 3], [[15, 19, 23], [12, 16, 20]]],
    ["x[:, [[0],[2]], [1, 3]] (broadcast)", (x) => x.get(":", [[0], [2]], [1, 3]), [2, 2, 2], [[[1, 3], [9, 11]], [[13, 15], [21, 23]]]],
    ["x[[0,1], ..., [1,3]]", (x) => x.get([0, 1], "...", [1, 3]), [2, 3], [[1, 5, 9], [15, 19, 23]]],
    ["x[int32 array [[1],[0]], 2, 1:3]", (x) => x.get(i32([[1], [0]]), 2, "1:3"), [2, 1, 2], [[[21, 22]], [[9, 10]]]],
    ["x[uint32 array]", (x) => x.get(np.array([1], { dtype: "uint32" }), 0, 0), [1], [12]],
    ["x[[]]", (x) => x.get([]), [0, 3, 4], []],
  ];
  for (const [name, f, shape, values] of cases) test(name, () => check(f(x24()), shape, values, "int32"));

  test("an empty ellipsis between advanced indices separates them (NumPy)", () => {
    const z = np.zeros([5, 3, 4]);
    assert.deepEqual(z.get(":", [0, 1], "...", [0, 1]).shape, [2, 5]);
    assert.deepEqual(z.get(":", [0, 1], null, [0, 1]).shape, [2, 5, 1]);
    assert.deepEqual(z.get(":", [0, 1], "...").shape, [5, 2, 4]);
  });

  test("boolean masks (concrete) select like their nonzero indices", () => {
    check(x24().get(":", ":", [true, false, true, false]), [2, 3, 2], [[[0, 2], [4, 6], [8, 10]], [[12, 14], [16, 18], [20, 22]]]);
    check(x24().get(np.array([[true, false, true], [false, false, true]])), [3, 4], [[0, 1, 2, 3], [8, 9, 10, 11], [20, 21, 22, 23]]);
    check(x24().get(1, [true, false, true]), [2, 4], [[12, 13, 14, 15], [20, 21, 22, 23]]);
    check(x24().get(":", [true, false, true], "1:3"), [2, 2, 2], [[[1, 2], [9, 10]], [[13, 14], [21, 22]]]);
    const f = np.array([1, -2, 3, -4], { dtype: "float64" });
    check(f.get(f.gt(0)), [2], [1, 3], "float64");
    check(f.get(np.array([false, false, false, false])), [0], []);
  });
});

describe("getItem: errors", () => {
  const x = x24();
  const cases: [string, () => unknown, RegExp][] = [
    ["int out of range", () => x.get(0, 3), /getItem: index 3 is out of bounds for axis 1 with size 3/],
    ["negative int out of range", () => x.get(-3), /getItem: index -3 is out of bounds for axis 0 with size 2/],
    ["array index out of range", () => x.get(":", ":", [0, 4]), /getItem: index 4 is out of bounds for axis 2 with size 4/],
    ["too many indices", () => x.get(0, 0, 0, 0), /getItem: too many indices for array of shape \[2,3,4\]/],
    ["two ellipses", () => x.get("...", 0, "..."), /single ellipsis/],
    ["float index", () => x.get(1.5), /getItem: indices must be integers, got 1.5/],
    ["float index array", () => x.get(np.array([0.5])), /index arrays must be integers or booleans, got float32/],
    ["bad string", () => x.get("1"), /cannot parse index string "1"/],
    ["zero step", () => x.get("::0"), /step cannot be zero/],
    ["zero step in s()", () => np.s(null, null, 0), /step cannot be zero/],
    ["mixed JS index array", () => x.get([0, true] as any), /only integers \(or only booleans\)/],
    ["mask shape mismatch", () => x.get([true, false, true]), /boolean mask of shape \[3\] does not match the indexed axes \[2\]/],
    ["index arrays that do not broadcast", () => x.get([0, 1], [0, 1, 2]), /getItem: shapes \[2\], \[3\] cannot be broadcast/],
    ["scalar boolean", () => x.get(true as any), /scalar boolean index/],
    ["undefined", () => x.get(undefined as any), /unsupported index/],
  ];
  for (const [name, f, re] of cases) test(name, () => assert.throws(f, re));

  test("a traced boolean mask is rejected with a hint to use np.where", () => {
    const f = (v: NDArray) => np.sum(v.get(v.gt(0)));
    assert.throws(() => grad(f)(np.array([1, -1, 2])), /getItem: a boolean mask index needs concrete values.*np\.where/s);
    assert.throws(() => vmap(f)(np.ones([2, 3])), /needs concrete values/);
  });
});

describe("at: functional updates", () => {
  const x = () => np.arange(0, 12, 1, { dtype: "float32" }).reshape([3, 4]);
  test("set with slices and broadcast values (NumPy value)", () => {
    check(x().at("1:", "::-2").set([10, 20]), [3, 4], [[0, 1, 2, 3], [4, 20, 6, 10], [8, 20, 10, 10]], "float32");
  });
  test("add accumulates repeated indices (as np.add.at)", () => {
    check(x().at([0, 0, 2], [1, 1, 3]).add([1, 2, 3]), [3, 4], [[0, 4, 2, 3], [4, 5, 6, 7], [8, 9, 10, 14]]);
  });
  test("multiply, subtract, divide, get", () => {
    check(x().at(":", [0, 3]).multiply([[2], [3], [4]]), [3, 4], [[0, 1, 2, 6], [12, 5, 6, 21], [32, 9, 10, 44]]);
    check(x().at(1).subtract(1), [3, 4], [[0, 1, 2, 3], [3, 4, 5, 6], [8, 9, 10, 11]]);
    check(x().at(-1, -1).divide(2), [3, 4], [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 5.5]]);
    check(x().at(2, "1:3").get(), [2], [9, 10]);
    check(np.at([1, 2, 3], 0).set(9), [3], [9, 2, 3]);
  });
  test("masks: concrete with array values, scalar values, traced under vmap", () => {
    const a = x();
    check(a.at(a.gt(6)).set(0), [3, 4], [[0, 1, 2, 3], [4, 5, 6, 0], [0, 0, 0, 0]]);
    check(a.at(a.gt(8)).set([1, 2, 3]), [3, 4], [[0, 1, 2, 3], [4, 5, 6, 7], [8, 1, 2, 3]]);
    check(a.at([true, false, true]).add(1), [3, 4], [[1, 2, 3, 4], [4, 5, 6, 7], [9, 10, 11, 12]]);
    const clipNeg = vmap((r: NDArray) => r.at(r.lt(0)).set(0));
    check(clipNeg(np.array([[1, -2], [-3, 4]])), [2, 2], [[1, 0], [0, 4]]);
  });
  test("dtypes: int32, bool and float64 keep their dtype", () => {
    check(i32([1, 2, 3]).at([0, 0]).add(5), [3], [11, 2, 3], "int32");
    check(np.array([true, false, false]).at(1).set(true), [3], [true, true, false], "bool");
    check(np.array([true, false, false]).at([1, 2]).add(true), [3], [true, true, true], "bool");
    check(np.zeros(3, { dtype: "float64" }).at(2).set(0.1), [3], [0, 0, 0.1], "float64", 0);
  });
  test("errors", () => {
    assert.throws(() => x().at(0).set([1, 2, 3]), /at.set: cannot broadcast update values of shape \[3\] to the indexed shape \[4\]/);
    assert.throws(() => i32([1, 2]).at(0).divide(2), /at.divide: needs a float array, got int32/);
    assert.throws(() => x().at(5).set(0), /at.set: index 5 is out of bounds for axis 0 with size 3/);
    assert.throws(() => np.ones(3).at([true, false]).set(0), /does not match/);
  });
});

describe("take, takeAlongAxis, nonzero", () => {
  const a = () => np.array([[4, 1, 3], [2, 5, 0]]);
  test("take (NumPy values)", () => {
    check(np.take(a(), [5, -1, 0]), [3], [0, 0, 4]);
    check(np.take(a(), [[2], [0]], 1), [2, 2, 1], [[[3], [4]], [[0], [2]]]);
    check(np.take(a(), [3, -4, 1], 1, { mode: "clip" }), [2, 3], [[3, 4, 1], [0, 2, 5]]);
    check(np.take(a(), [3, -4, 1], 1, { mode: "wrap" }), [2, 3], [[4, 3, 1], [2, 0, 5]]);
    check(a().take(1, 0), [3], [2, 5, 0]);
    assert.throws(() => np.take(a(), [6]), /take: index 6 is out of bounds for axis 0 with size 6/);
    assert.throws(() => np.take(a(), [true]), /take: indices must be integers/);
  });
  test("takeAlongAxis (NumPy values)", () => {
    check(np.takeAlongAxis(a(), np.argsort(a(), 1), 1), [2, 3], [[1, 3, 4], [0, 2, 5]]);
    check(np.takeAlongAxis(a(), [[0], [1]], 0), [2, 3], [[4, 1, 3], [2, 5, 0]]);
    check(np.takeAlongAxis(a(), [[2, 0]], 1), [2, 2], [[3, 4], [0, 2]]);
    check(np.takeAlongAxis(a(), [5, 0], null), [2], [0, 4]);
    check(np.takeAlongAxis(a(), [[-1]], -1), [2, 1], [[3], [0]]);
    assert.throws(() => np.takeAlongAxis(a(), [0, 1], 1), /takeAlongAxis: indices \[2\] and array \[2,3\] must have the same number of dimensions/);
    assert.throws(() => np.takeAlongAxis(a(), [[3]], 1), /takeAlongAxis: index 3 is out of bounds for axis 1 with size 3/);
  });
  test("nonzero", () => {
    const [r, c] = np.nonzero(np.array([[0, 3], [4, 0]]));
    check(r, [2], [0, 1], "int32");
    check(c, [2], [1, 0], "int32");
    check(np.array([0, 2, 3]).nonzero()[0], [2], [1, 2]);
    assert.throws(() => grad((v: NDArray) => np.sum(np.nonzero(v)[0]))(np.ones(2)), /nonzero: a boolean mask index needs concrete values/);
  });
});

describe("gradients", () => {
  test("grad of sum(x[idx] · w) scatters w (repeated indices add)", () => {
    const w = np.array([1, 2, 3]);
    check(grad((v: NDArray) => np.sum(v.get([0, 2, 2]).mul(w)))(np.zeros(4)), [4], [1, 0, 5, 0]);
  });
  test("grad through negative-step slices, newaxis and ints", () => {
    const w = np.array([[1, 2], [3, 4]]);
    const f = (v: NDArray) => np.sum(v.get(1, "::-2", null).reshape([2]).mul(w.get(0)));
    check(grad(f)(np.zeros([2, 4])), [2, 4], [[0, 0, 0, 0], [0, 2, 0, 1]]);
  });
  test("grad through advanced indices in two places", () => {
    const x = np.zeros([2, 3, 4]);
    const f = (v: NDArray) => np.sum(v.get([0, 1], ":", [2, 0]).mul(np.array([[1, 2, 3], [4, 5, 6]])));
    const g = grad(f)(x);
    const want = Array.from({ length: 2 }, () => Array.from({ length: 3 }, () => [0, 0, 0, 0]));
    [1, 2, 3].forEach((w, j) => (want[0][j][2] = w));
    [4, 5, 6].forEach((w, j) => (want[1][j][0] = w));
    check(g, [2, 3, 4], want);
  });
  test("jvp and vjp of getItem", () => {
    const x = np.array([[1, 2, 3], [4, 5, 6]]);
    const [y, dy] = jvp((v: NDArray) => v.get(":", [2, 0]), [x], [np.array([[10, 20, 30], [40, 50, 60]])]);
    check(y, [2, 2], [[3, 1], [6, 4]]);
    check(dy, [2, 2], [[30, 10], [60, 40]]);
    const [, back] = vjp((v: NDArray) => v.get(-1, "::-1"), x);
    check(back(np.array([1, 2, 3]))[0], [2, 3], [[0, 0, 0], [3, 2, 1]]);
  });
  test("at().set: gradient to x is masked, to v is gathered", () => {
    const f = (x: NDArray, v: NDArray) => np.sum(x.at([1, 3]).set(v).mul(np.array([1, 2, 3, 4])));
    const [gx, gv] = grad(f, { argnums: [0, 1] })(np.ones(4), np.array([5, 6]));
    check(gx, [4], [1, 0, 3, 0]);
    check(gv, [2], [2, 4]);
  });
  test("at().add and at().multiply gradients", () => {
    const w = np.array([1, 2, 3]);
    const fa = (x: NDArray, v: NDArray) => np.sum(x.at([0, 0, 2]).add(v).mul(w));
    const [ax, av] = grad(fa, { argnums: [0, 1] })(np.ones(3), np.ones(3));
    check(ax, [3], [1, 2, 3]);
    check(av, [3], [1, 1, 3]);
    // d/dx sum(w · x·m) = w·m, d/dv_i = w_i · x_i on the updated entries
    const fm = (x: NDArray, v: NDArray) => np.sum(x.at("1:").multiply(v).mul(w));
    const [mx, mv] = grad(fm, { argnums: [0, 1] })(np.array([5, 6, 7]), np.array([2, 3]));
    check(mx, [3], [1, 4, 9]);
    check(mv, [2], [12, 21]);
    const fd = (x: NDArray) => np.sum(x.at(0).divide(4));
    check(grad(fd)(np.array([1, 1])), [2], [0.25, 1]);
  });
  test("take and takeAlongAxis gradients", () => {
    check(grad((v: NDArray) => np.sum(np.take(v, [0, 0, -1], 1)))(np.zeros([2, 3])), [2, 3], [[2, 0, 1], [2, 0, 1]]);
    const idx = i32([[2, 2], [0, 1]]);
    const g = grad((v: NDArray) => np.sum(np.takeAlongAxis(v, idx, 1).mul(np.array([[1, 2], [3, 4]]))))(np.zeros([2, 3]));
    check(g, [2, 3], [[0, 0, 3], [3, 4, 0]]);
  });
});

describe("vmap", () => {
  const xs = () => np.arange(0, 48, 1, { dtype: "float32" }).reshape([2, 3, 4, 2]);
  const same = (a: NDArray, b: NDArray) => check(a, b.shape, b.toArray());
  const fs: [string, (v: NDArray) => NDArray][] = [
    ["slices", (v) => v.get("::-1", "1:3")],
    ["ints and newaxis", (v) => v.get(-1, null, "::2")],
    ["advanced, separated", (v) => v.get([2, 0], ":", [1, 1])],
    ["advanced, adjacent", (v) => v.get(":", [[3], [0]])],
    ["at().set", (v) => v.at(1, [0, 2]).set(-1)],
    ["at().add with repeats", (v) => v.at([0, 0], -1).add(v.get(2, 1))],
    ["take", (v) => np.take(v, [3, 1], 1)],
    ["takeAlongAxis", (v) => np.takeAlongAxis(v, np.argsort(v.neg(), 0), 0)],
  ];
  // the loop over the batch is compared example by example (no stacking needed)
  for (const [name, f] of fs) {
    test(`vmap over x: ${name}`, () => {
      const b = xs();
      const out = vmap(f)(b);
      for (let i = 0; i < 2; i++) same(out.get(i), f(b.get(i)));
    });
  }
  test("vmap over indices and update values", () => {
    const x = np.arange(0, 5, 1, { dtype: "float32" });
    const idx = i32([[0, 4], [3, 3]]);
    const g = vmap((i: NDArray) => x.get(i))(idx);
    check(g, [2, 2], [[0, 4], [3, 3]]);
    const vals = np.array([[10, 20], [30, 40]]);
    const s = vmap((i: NDArray, v: NDArray) => x.at(i).add(v))(idx, vals);
    check(s, [2, 5], [[10, 1, 2, 3, 24], [0, 1, 2, 73, 4]]);
    const t = vmap((v: NDArray) => np.zeros(3).at(1).set(v))(np.array([7, 8]));
    check(t, [2, 3], [[0, 7, 0], [0, 8, 0]]);
  });
});

describe("traced indices", () => {
  test("out-of-range traced indices clamp per axis (NB: as JAX; concrete ones throw)", () => {
    const x = np.arange(12).reshape([3, 4]);
    const idx = i32([5, -1, -9]);
    check(vmap((i: NDArray) => x.get(0, i))(idx), [3], [3, 3, 0]);
    check(vmap((i: NDArray) => x.get(i, i))(idx), [3], [11, 11, 0]);
    check(vmap((i: NDArray) => np.takeAlongAxis(x, i, 1))(i32([[[7]], [[-1]]])), [2, 3, 1], [[[3], [7], [11]], [[3], [7], [11]]]);
  });
});

// ---- property tests against a naive nested-array reference ----

type RefIndex = number | null | { start: number | null; stop: number | null; step: number | null };

/** Python slice semantics written out directly: the list of positions a slice visits. */
function slicePositions(sl: { start: number | null; stop: number | null; step: number | null }, d: number): number[] {
  const step = sl.step ?? 1;
  const out: number[] = [];
  const norm = (v: number) => (v < 0 ? v + d : v);
  if (step > 0) {
    const start = sl.start === null ? 0 : Math.min(Math.max(norm(sl.start), 0), d);
    const stop = sl.stop === null ? d : Math.min(Math.max(norm(sl.stop), 0), d);
    for (let i = start; i < stop; i += step) out.push(i);
  } else {
    const start = sl.start === null ? d - 1 : Math.min(Math.max(norm(sl.start), -1), d - 1);
    const stop = sl.stop === null ? -1 : Math.min(Math.max(norm(sl.stop), -1), d - 1);
    for (let i = start; i > stop; i += step) out.push(i);
  }
  return out;
}
function refIndex(v: NestedArray, shape: number[], idx: RefIndex[]): NestedArray {
  if (idx.length === 0) return v;
  const [first, ...rest] = idx;
  if (first === null) return [refIndex(v, shape, rest)];
  const arr = v as NestedArray[];
  if (typeof first === "number") return refIndex(arr[first < 0 ? first + shape[0] : first], shape.slice(1), rest);
  return slicePositions(first, shape[0]).map((i) => refIndex(arr[i], shape.slice(1), rest));
}
function refShape(shape: number[], idx: RefIndex[]): number[] {
  const out: number[] = [];
  let ax = 0;
  for (const e of idx) {
    if (e === null) out.push(1);
    else if (typeof e === "number") ax++;
    else out.push(slicePositions(e, shape[ax++]).length);
  }
  return [...out, ...shape.slice(ax)];
}

describe("properties", () => {
  const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });
  const bound = fc.option(fc.integer({ min: -6, max: 6 }), { nil: null });
  const sliceArb = fc.record({ start: bound, stop: bound, step: fc.option(fc.integer({ min: -3, max: 3 }).filter((s) => s !== 0), { nil: null }) });

  test("random basic indices (ints, slices with any step, newaxis) match the naive reference", () => {
    const arb = shapeArb.chain((shape) =>
      fc.tuple(
        fc.constant(shape),
        fc.tuple(...shape.map((d) => fc.oneof(fc.integer({ min: -d, max: d - 1 }), sliceArb))).chain((perAxis) =>
          fc.tuple(fc.constant(perAxis), fc.integer({ min: 0, max: perAxis.length }), fc.boolean(), fc.integer({ min: 0, max: perAxis.length })),
        ),
      ),
    );
    fc.assert(
      fc.property(arb, ([shape, [perAxis, keep, useNewaxis, at]]) => {
        const idx: RefIndex[] = perAxis.slice(0, keep);
        if (useNewaxis) idx.splice(Math.min(at, idx.length), 0, null);
        const x = np.arange(shape.reduce((a, b) => a * b, 1)).reshape(shape);
        const args = idx.map((e) => (e === null || typeof e === "number" ? e : Math.random() < 0.5 ? np.s(e.start, e.stop, e.step) : `${e.start ?? ""}:${e.stop ?? ""}:${e.step ?? ""}`));
        const got = x.get(...args);
        assert.deepEqual(got.shape, refShape(shape, idx));
        assert.deepEqual([got.toArray()].flat(Infinity as 1), [refIndex(x.toArray(), shape, idx)].flat(Infinity as 1));
      }),
      { numRuns: 150 },
    );
  });

  test("at(idx).add(v) on a 1-D array matches a naive loop (repeats accumulate)", () => {
    const arb = fc.integer({ min: 1, max: 6 }).chain((n) =>
      fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.integer({ min: -n, max: n - 1 }), fc.integer({ min: -5, max: 5 })), { maxLength: 8 })),
    );
    fc.assert(
      fc.property(arb, ([n, updates]) => {
        const want = Array.from({ length: n }, (_, i) => i);
        for (const [i, v] of updates) want[i < 0 ? i + n : i] += v;
        const got = i32(want.map((_, i) => i)).at(updates.map((u) => u[0])).add(updates.map((u) => u[1]));
        assert.deepEqual(got.toArray(), want);
      }),
      { numRuns: 100 },
    );
  });
});
