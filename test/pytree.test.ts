/** @file Pytrees: flatten/unflatten/map/leaves/structure, user node types, errors, and pytrees through transformations. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, tree, grad, jvp, vjp, vmap, jacfwd, jacrev, valueAndGrad } from "../src/index.js";

class Point {
  constructor(readonly x: unknown, readonly y: unknown, readonly label = "p") {}
}
tree.registerNode(
  Point,
  (p) => [[p.x, p.y], p.label],
  (label, [x, y]) => new Point(x, y, label),
);

const num = (a: unknown) => (a as NDArray).item();

test("pytree: flatten nested arrays and objects, keys in sorted order, depth first", () => {
  const t = { b: [1, [2, 3]], a: { z: 4, y: 5 }, c: 6 };
  const [leaves, def] = tree.flatten(t);
  assert.deepEqual(leaves, [5, 4, 1, 2, 3, 6]);
  assert.equal(String(def), "{a: {y: *, z: *}, b: [*, [*, *]], c: *}");
  assert.equal(def.numLeaves, 6);
  assert.deepEqual(tree.leaves(t), leaves);
  assert.ok(tree.structure(t).equals(def));
  // unflatten rebuilds the same shape (objects with sorted keys)
  const back = tree.unflatten(def, leaves);
  assert.deepEqual(back, { a: { y: 5, z: 4 }, b: [1, [2, 3]], c: 6 });
  assert.deepEqual(Object.keys(back), ["a", "b", "c"]);
  // new leaves in the same structure
  assert.deepEqual(tree.unflatten(def, ["A", "B", "C", "D", "E", "F"]), { a: { y: "A", z: "B" }, b: ["C", ["D", "E"]], c: "F" });
});

test("pytree: null and undefined are empty nodes; arrays, numbers, booleans and strings are leaves", () => {
  const x = np.array([1, 2]);
  const [leaves, def] = tree.flatten([null, x, { k: undefined, m: true }, "s", 3]);
  assert.equal(leaves.length, 4);
  assert.equal(leaves[0], x);
  assert.deepEqual(leaves.slice(1), [true, "s", 3]);
  assert.equal(String(def), "[null, *, {k: null, m: *}, *, *]");
  assert.deepEqual(tree.leaves(null), []);
  assert.equal(String(tree.structure(null)), "null");
  assert.equal(String(tree.structure(7)), "*");
  assert.deepEqual(tree.leaves([[], {}]), []);
  assert.equal(String(tree.structure([[], {}])), "[[], {}]");
  assert.deepEqual(tree.unflatten(def, [1, 2, 3, 4]), [null, 1, { k: null, m: 2 }, 3, 4]);
});

test("pytree: structures compare by kind, keys and arity", () => {
  const s = tree.structure;
  assert.ok(s({ a: 1, b: [2] }).equals(s({ b: [np.ones([3])], a: "x" })));
  assert.ok(!s({ a: 1, b: 2 }).equals(s({ a: 1, c: 2 })));
  assert.ok(!s([1, 2]).equals(s([1, 2, 3])));
  assert.ok(!s([1, 2]).equals(s({ 0: 1, 1: 2 })));
  assert.ok(!s([1, null]).equals(s([1, 2])));
  assert.ok(!s([1, [2]]).equals(s([1, 2])));
});

test("pytree: map over one and several trees", () => {
  assert.deepEqual(tree.map((v: number) => v * 10, { a: [1, 2], b: 3 }), { a: [10, 20], b: 30 });
  assert.deepEqual(tree.map((a: number, b: number, c: number) => a + b + c, [1, { k: 2 }], [10, { k: 20 }], [100, { k: 200 }]), [111, { k: 222 }]);
  // null subtrees stay null
  assert.deepEqual(tree.map((v: number) => v + 1, [null, 1]), [null, 2]);
  // arrays are leaves
  const out = tree.map((a: NDArray) => np.multiply(a, 2), { w: np.array([1, 2]) });
  assert.deepEqual(out.w.toArray(), [2, 4]);
});

test("pytree: mismatch errors print both structures", () => {
  assert.throws(
    () => tree.map((a: number, b: number) => a + b, [1, { a: 2 }], [1, { b: 2 }]),
    (e: Error) => /\[\*, \{b: \*\}\]/.test(e.message) && /\[\*, \{a: \*\}\]/.test(e.message),
  );
  assert.throws(() => tree.map((a: number, b: number) => a + b, [1, 2], [1, 2, 3]), /\[\*, \*, \*\].*\[\*, \*\]/);
  const def = tree.structure([1, [2, 3]]);
  assert.throws(() => tree.unflatten(def, [1, 2]), /\[\*, \[\*, \*\]\] has 3 leaves, got 2/);
});

test("pytree: user classes via tree.registerNode", () => {
  const p = new Point(1, [2, 3], "origin");
  const [leaves, def] = tree.flatten({ p, q: 4 });
  assert.deepEqual(leaves, [1, 2, 3, 4]);
  assert.equal(String(def), "{p: Point(*, [*, *]), q: *}");
  const back = tree.unflatten(def, [10, 20, 30, 40]);
  assert.ok(back.p instanceof Point);
  assert.equal(back.p.label, "origin");
  assert.deepEqual([back.p.x, back.p.y, back.q], [10, [20, 30], 40]);
  const mapped = tree.map((v: number) => -v, p);
  assert.ok(mapped instanceof Point);
  assert.deepEqual([mapped.x, mapped.y], [-1, [-2, -3]]);
  // aux data is part of the structure
  assert.ok(!tree.structure(new Point(1, 2, "a")).equals(tree.structure(new Point(1, 2, "b"))));
  assert.ok(tree.structure(new Point(1, 2, "a")).equals(tree.structure(new Point(5, 6, "a"))));
  // an unregistered class instance is a leaf
  class Opaque {}
  const o = new Opaque();
  assert.deepEqual(tree.leaves([o]), [o]);
});

test("pytree: grad, valueAndGrad and jacobians take and return pytrees (including user classes)", () => {
  // E(p) = x² + 3·Σy
  const energy = (p: Point) => np.add(np.square(p.x as NDArray), np.multiply(np.sum(p.y as NDArray), 3));
  const g = grad(energy)(new Point(np.array(2), np.array([1, 1, 1]), "pt"));
  assert.ok(g instanceof Point);
  assert.equal(g.label, "pt");
  assert.equal(num(g.x), 4);
  assert.deepEqual((g.y as NDArray).toArray(), [3, 3, 3]);
  const [v, g2] = valueAndGrad((d: { a: NDArray[]; b: NDArray }) => np.multiply(np.multiply(d.a[0], d.a[1]), d.b))({ a: [np.array(2), np.array(3)], b: np.array(4) });
  assert.equal(num(v), 24);
  assert.deepEqual([num(g2.a[0]), num(g2.a[1]), num(g2.b)], [12, 8, 6]);
  // Jacobian blocks nest the input structure inside the output structure
  const J = jacfwd((p: Point) => ({ s: np.multiply(p.x as NDArray, p.y as NDArray) }))(new Point(np.array(2), np.array(5)));
  assert.ok(J.s instanceof Point);
  assert.equal(num(J.s.x), 5);
  assert.equal(num(J.s.y), 2);
  const Jr = jacrev((p: Point) => ({ s: np.multiply(p.x as NDArray, p.y as NDArray) }))(new Point(np.array(2), np.array(5)));
  assert.equal(num(Jr.s.x), 5);
  assert.equal(num(Jr.s.y), 2);
});

test("pytree: jvp and vjp with nested primals, tangents and cotangents", () => {
  const f = (d: { u: NDArray; v: [NDArray, NDArray] }) => ({ sum: np.add(d.u, d.v[0]), prod: [np.multiply(d.v[0], d.v[1])] });
  const primal = { u: np.array(1), v: [np.array(2), np.array(3)] as [NDArray, NDArray] };
  const tangent = { u: np.array(1), v: [np.array(0), np.array(1)] as [NDArray, NDArray] };
  const [out, dout] = jvp(f, [primal], [tangent]);
  assert.equal(String(tree.structure(out)), "{prod: [*], sum: *}");
  assert.equal(num(out.sum), 3);
  assert.equal(num(out.prod[0]), 6);
  assert.equal(num(dout.sum), 1);
  assert.equal(num(dout.prod[0]), 2);
  const [, back] = vjp(f, primal);
  const [ct] = back({ sum: np.array(1), prod: [np.array(10)] });
  assert.equal(String(tree.structure(ct)), "{u: *, v: [*, *]}");
  assert.deepEqual([num(ct.u), num(ct.v[0]), num(ct.v[1])], [1, 1 + 30, 20]);
  // JS numbers are accepted as leaves in primals, tangents and cotangents
  const [y, dy] = jvp((a: NDArray, b: NDArray) => np.multiply(a, b), [2, 3], [1, 0]);
  assert.deepEqual([num(y), num(dy)], [6, 3]);
});

test("pytree: vmap over dicts, lists and user classes; outputs keep their structure", () => {
  const batch = { w: np.array([[1, 2], [3, 4], [5, 6]]), p: new Point(np.array([1, 2, 3]), np.array(10)) };
  const out = vmap((b: typeof batch) => ({ total: np.add(np.sum(b.w), b.p.x as NDArray), pair: [b.p.y, np.multiply(b.p.x as NDArray, 2)] }), {
    inAxes: [{ w: 0, p: new Point(0, null) }],
  })(batch);
  assert.equal(String(tree.structure(out)), "{pair: [*, *], total: *}");
  assert.deepEqual(out.total.toArray(), [4, 9, 14]);
  assert.deepEqual(out.pair[0].toArray(), [10, 10, 10]);
  assert.deepEqual(out.pair[1].toArray(), [2, 4, 6]);
});
