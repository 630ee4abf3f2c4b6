/**
 * @file Sorting and manipulation: sort/argsort (stability, NaNs, axes, gradients, vmap), split,
 * arraySplit, tile, repeat, flip, roll, pad (every mode), the stacking helpers and the methods;
 * expected values are NumPy's, worked out by hand. Includes fast-check properties.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { NDArray, NestedArray, np, grad, jvp, vmap } from "../src/index.js";
import { check } from "./util.js";

const i32 = (v: NestedArray) => np.array(v, { dtype: "int32" });
const a23 = () => np.array([[4, 1, 3], [2, 5, 0]]);


describe("sort and argsort", () => {
  test("values along axes (NumPy)", () => {
    check(np.sort(a23()), [2, 3], [[1, 3, 4], [0, 2, 5]]);
    check(np.sort(a23(), 0), [2, 3], [[2, 1, 0], [4, 5, 3]]);
    check(np.argsort(a23(), 0), [2, 3], [[1, 0, 1], [0, 1, 0]], "int32");
    check(np.sort(a23(), null), [6], [0, 1, 2, 3, 4, 5]);
    check(np.argsort(a23(), -1), [2, 3], [[1, 2, 0], [2, 0, 1]], "int32");
  });
  test("stable, NaNs last, every dtype", () => {
    check(np.argsort(i32([2, 1, 2, 1, 0])), [5], [4, 1, 3, 0, 2]);
    const withNaN = np.array([NaN, 1, -Infinity, NaN, 0], { dtype: "float64" });
    check(np.sort(withNaN), [5], [-Infinity, 0, 1, NaN, NaN], "float64");
    check(np.argsort(withNaN), [5], [2, 4, 1, 0, 3]);
    check(np.sort(i32([3, -1, 2])), [3], [-1, 2, 3], "int32");
    check(np.sort(np.array([true, false, true])), [3], [false, true, true], "bool");
    check(np.sort(np.array([3, 1], { dtype: "uint32" })), [2], [1, 3], "uint32");
  });
  test("errors", () => {
    assert.throws(() => np.sort(np.array(3)), /sort: axis -1 is out of bounds for an array of rank 0/);
    assert.throws(() => np.argsort(a23(), 2), /argsort: axis 2 is out of bounds for an array of rank 2/);
    check(np.sort(np.array(3), null), [1], [3]);
  });
  test("gradient routes each cotangent to the element it came from", () => {
    // sort([3, 1, 2]) = [1, 2, 3] takes elements [1, 2, 0]: d/dx sum(w · sort(x)) = [w2, w0, w1]
    check(grad((x: NDArray) => np.sum(np.sort(x).mul(np.array([10, 20, 30]))))(np.array([3, 1, 2])), [3], [30, 10, 20]);
    const g = grad((x: NDArray) => np.sum(np.sort(x, 0).mul(np.array([[1, 2, 3], [4, 5, 6]]))))(a23());
    check(g, [2, 3], [[4, 2, 6], [1, 5, 3]]);
    const [y, dy] = jvp((x: NDArray) => x.sort(), [np.array([2, 0, 1])], [np.array([0.2, 0.0, 0.1])]);
    check(y, [3], [0, 1, 2]);
    check(dy, [3], [0, 0.1, 0.2]);
  });
  test("vmap of sort/argsort along each axis matches a loop", () => {
    const b = np.array([[[3, 1, 2], [0, 5, 4]], [[9, 7, 8], [6, 6, 1]]]);
    for (const axis of [0, 1, -1]) {
      const s = vmap((x: NDArray) => np.sort(x, axis))(b);
      const p = vmap((x: NDArray) => np.argsort(x, axis))(b);
      for (let i = 0; i < 2; i++) {
        check(s.get(i), [2, 3], np.sort(b.get(i), axis).toArray());
        check(p.get(i), [2, 3], np.argsort(b.get(i), axis).toArray());
      }
    }
    const sAxis1 = vmap((x: NDArray) => x.sort(), { inAxes: 1 })(b);
    for (let j = 0; j < 2; j++) check(sAxis1.get(j), [2, 3], np.sort(b.get(":", j)).toArray());
  });
  test("property: argsort is a permutation that sorts, stably", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 1, maxLength: 20 }), (xs) => {
        const p = np.argsort(i32(xs)).toArray() as number[];
        assert.deepEqual([...p].sort((u, v) => u - v), xs.map((_, i) => i));
        for (let k = 1; k < p.length; k++) {
          const [u, v] = [xs[p[k - 1]], xs[p[k]]];
          assert.ok(u < v || (u === v && p[k - 1] < p[k]), `not stable-sorted at ${k}`);
        }
        assert.deepEqual(np.sort(i32(xs)).toArray(), [...xs].sort((u, v) => u - v));
      }),
      { numRuns: 100 },
    );
  });
});

describe("split, tile, repeat", () => {
  const vals = (xs: NDArray[]) => xs.map((x) => x.toArray());
  test("split and arraySplit (NumPy)", () => {
    assert.deepEqual(vals(np.split(np.arange(6), 3)), [[0, 1], [2, 3], [4, 5]]);
    assert.deepEqual(vals(np.split(np.arange(6), [2, -1])), [[0, 1], [2, 3, 4], [5]]);
    assert.deepEqual(vals(np.split(np.arange(6), [4, 2])), [[0, 1, 2, 3], [], [2, 3, 4, 5]]);
    assert.deepEqual(vals(np.split(np.arange(6), [-10, 10])), [[], [0, 1, 2, 3, 4, 5], []]);
    assert.deepEqual(vals(np.split(a23(), 3, 1)), [[[4], [2]], [[1], [5]], [[3], [0]]]);
    assert.deepEqual(vals(np.arraySplit(np.arange(7), 3)), [[0, 1, 2], [3, 4], [5, 6]]);
    assert.throws(() => np.split(np.arange(5), 2), /split: array split does not result in an equal division: axis 0 of size 5/);
    assert.throws(() => np.split(np.arange(5), 0), /split: number of sections must be a positive integer/);
  });
  test("gradient through split", () => {
    const f = (x: NDArray) => {
      const [p, q] = np.split(x, [1]);
      return np.sum(p.mul(2)).add(np.sum(q.mul(3)));
    };
    check(grad(f)(np.ones(3)), [3], [2, 3, 3]);
  });
  test("tile (NumPy)", () => {
    check(np.tile([1, 2], 2), [4], [1, 2, 1, 2]);
    check(np.tile(i32([[1, 2]]), [2, 1, 2]), [2, 1, 4], [[[1, 2, 1, 2]], [[1, 2, 1, 2]]], "int32");
    check(np.tile([[1, 2], [3, 4]], 2), [2, 4], [[1, 2, 1, 2], [3, 4, 3, 4]]);
    check(np.tile([1, 2, 3], 0), [0], []);
    assert.throws(() => np.tile([1], -1), /tile: each repetition count must be a non-negative integer, got -1/);
    check(grad((x: NDArray) => np.sum(np.tile(x, [3, 2])))(np.ones(2)), [2], [6, 6]);
  });
  test("repeat (NumPy)", () => {
    check(np.repeat(a23(), 2), [12], [4, 4, 1, 1, 3, 3, 2, 2, 5, 5, 0, 0]);
    check(np.repeat(a23(), [1, 0, 2], 1), [2, 3], [[4, 3, 3], [2, 0, 0]]);
    check(np.repeat(a23(), 2, 0), [4, 3], [[4, 1, 3], [4, 1, 3], [2, 5, 0], [2, 5, 0]]);
    check(np.repeat(np.array([true, false]), i32([2, 1])), [3], [true, true, false], "bool");
    check(np.repeat(7, 3), [3], [7, 7, 7]);
    assert.throws(() => np.repeat(a23(), [1, 2], 1), /repeat: got 2 repeat counts for axis 1 of size 3/);
    assert.throws(() => np.repeat([1], 1.5), /repeat: each repeat count must be a non-negative integer, got 1.5/);
    check(grad((x: NDArray) => np.sum(np.repeat(x, [1, 0, 3]).mul(np.array([1, 2, 3, 4]))))(np.ones(3)), [3], [1, 0, 9]);
    assert.throws(() => vmap((r: NDArray) => np.repeat([1, 2], r))(i32([[1, 2]])), /repeat: repeats must be concrete/);
  });
});

describe("flip, roll", () => {
  test("flip (NumPy)", () => {
    check(np.flip(a23()), [2, 3], [[0, 5, 2], [3, 1, 4]]);
    check(np.flip(a23(), 1), [2, 3], [[3, 1, 4], [0, 5, 2]]);
    check(np.flip(a23(), [-2]), [2, 3], [[2, 5, 0], [4, 1, 3]]);
    assert.throws(() => np.flip(a23(), 2), /flip: axis 2 is out of bounds/);
  });
  test("roll (NumPy)", () => {
    check(np.roll([1, 2, 3, 4], 1), [4], [4, 1, 2, 3]);
    check(np.roll(a23(), 1), [2, 3], [[0, 4, 1], [3, 2, 5]]);
    check(np.roll(a23(), -1, 1), [2, 3], [[1, 3, 4], [5, 0, 2]]);
    check(np.roll(a23(), [1, 2], [0, 1]), [2, 3], [[5, 0, 2], [1, 3, 4]]);
    check(np.roll(i32([0, 1, 2, 3, 4]), 7), [5], [3, 4, 0, 1, 2], "int32");
    assert.throws(() => np.roll(a23(), [1, 2], [0, 1, 0]), /roll: shift \[1,2\] and axis \[0,1,0\] must have the same length/);
    check(grad((x: NDArray) => np.sum(np.roll(x, 1).mul(np.array([1, 2, 3]))))(np.zeros(3)), [3], [2, 3, 1]);
  });
});

describe("pad", () => {
  const m = () => i32([[1, 2], [3, 4]]);
  test("constant mode and padWidth forms (NumPy)", () => {
    check(np.pad(m(), 1), [4, 4], [[0, 0, 0, 0], [0, 1, 2, 0], [0, 3, 4, 0], [0, 0, 0, 0]], "int32");
    check(np.pad(m(), [[1, 0], [0, 2]], { constantValues: 9 }), [3, 4], [[9, 9, 9, 9], [1, 2, 9, 9], [3, 4, 9, 9]]);
    check(np.pad([1, 2], 1, { constantValues: [7, 8] }), [4], [7, 1, 2, 8]);
    check(np.pad([1, 2], [[2]]), [6], [0, 0, 1, 2, 0, 0]);
    // NB: axes are padded in order, so the corners take the last axis' values (as NumPy)
    check(np.pad([[1]], 1, { constantValues: [[2, 3], [4, 5]] }), [3, 3], [[4, 2, 5], [4, 1, 5], [4, 3, 5]]);
  });
  test("non-finite constants each get their own kernel (JSON would key them all as null)", () => {
    for (const v of [-Infinity, NaN, Infinity]) check(np.pad([1, 2], 1, { constantValues: v }), [4], [v, 1, 2, v]);
  });
  test("edge, reflect, symmetric, wrap (NumPy)", () => {
    check(np.pad(m(), [1, 2], { mode: "edge" }), [5, 5], [[1, 1, 2, 2, 2], [1, 1, 2, 2, 2], [3, 3, 4, 4, 4], [3, 3, 4, 4, 4], [3, 3, 4, 4, 4]]);
    check(np.pad([1, 2, 3], [4, 5], { mode: "reflect" }), [12], [1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2]);
    check(np.pad([1, 2, 3], [4, 5], { mode: "symmetric" }), [12], [3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1, 2]);
    check(np.pad([1, 2, 3], [4, 5], { mode: "wrap" }), [12], [3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2]);
    check(np.pad(m(), 1, { mode: "wrap" }), [4, 4], [[4, 3, 4, 3], [2, 1, 2, 1], [4, 3, 4, 3], [2, 1, 2, 1]]);
    check(np.pad([5], 3, { mode: "reflect" }), [7], [5, 5, 5, 5, 5, 5, 5]);
  });
  test("errors", () => {
    assert.throws(() => np.pad(m(), -1), /pad: each pad width must be a non-negative integer, got -1/);
    assert.throws(() => np.pad(m(), [[1, 1], [1, 1], [1, 1]]), /pad: cannot read padWidth .* for an array of rank 2/);
    assert.throws(() => np.pad(m(), 1, { mode: "mean" as any }), /pad: unknown mode "mean"/);
    assert.throws(() => np.pad(np.zeros([0]), 1, { mode: "edge" }), /pad: cannot pad the empty axis 0/);
  });
  test("gradients: constant pad crops; edge pad counts the copies", () => {
    check(grad((x: NDArray) => np.sum(np.pad(x, 2).mul(np.arange(0, 6, 1, { dtype: "float32" }))))(np.ones(2)), [2], [2, 3]);
    check(grad((x: NDArray) => np.sum(np.pad(x, [2, 1], { mode: "edge" })))(np.ones(3)), [3], [3, 1, 2]);
    check(grad((x: NDArray) => np.sum(np.pad(x, 2, { mode: "reflect" })))(np.ones(3)), [3], [2, 3, 2]);
  });
});

describe("stacking", () => {
  test("atleast1d/2d/3d", () => {
    assert.deepEqual(np.atleast1d(5).shape, [1]);
    assert.deepEqual(np.atleast2d([1, 2]).shape, [1, 2]);
    assert.deepEqual(np.atleast3d([[1, 2]]).shape, [1, 2, 1]);
    assert.deepEqual(np.atleast3d([1, 2]).shape, [1, 2, 1]);
    assert.deepEqual(np.atleast3d(np.ones([1, 2, 3, 4])).shape, [1, 2, 3, 4]);
  });
  test("hstack, vstack, dstack, columnStack (NumPy)", () => {
    check(np.hstack([[[1], [2]], [[3, 4], [5, 6]]]), [2, 3], [[1, 3, 4], [2, 5, 6]]);
    check(np.hstack([[1, 2], [3]]), [3], [1, 2, 3]);
    check(np.vstack([[1, 2], [[3, 4], [5, 6]]]), [3, 2], [[1, 2], [3, 4], [5, 6]]);
    check(np.dstack([[1, 2], [3, 4]]), [1, 2, 2], [[[1, 3], [2, 4]]]);
    check(np.columnStack([[1, 2], [[3, 4], [5, 6]]]), [2, 3], [[1, 3, 4], [2, 5, 6]]);
    check(np.hstack([i32([1]), np.array([2.5], { dtype: "float64" })]), [2], [1, 2.5], "float64");
  });
  test("stacking errors name the op", () => {
    assert.throws(() => np.vstack([]), /vstack: need at least one array/);
    assert.throws(() => np.vstack([[1, 2], [1, 2, 3]]), /concatenate: shapes \[1,2\], \[1,3\] differ outside axis 0/);
  });
});

describe("methods", () => {
  test("sort, argsort, take, flip, repeat, cumsum, cumprod, swapaxes, get, at", () => {
    const x = np.array([3, 1, 2]);
    check(x.sort(), [3], [1, 2, 3]);
    check(x.argsort(), [3], [1, 2, 0]);
    check(x.take([2, 0]), [2], [2, 3]);
    check(x.flip(), [3], [2, 1, 3]);
    check(x.repeat(2), [6], [3, 3, 1, 1, 2, 2]);
    check(x.cumsum(), [3], [3, 4, 6]);
    check(x.cumprod(), [3], [3, 3, 6]);
    check(a23().swapaxes(0, 1), [3, 2], [[4, 2], [1, 5], [3, 0]]);
    check(a23().get(1, "::-1"), [3], [0, 5, 2]);
    check(a23().at(0, 0).set(-1).sort(null), [6], [-1, 0, 1, 2, 3, 5]);
  });
});
