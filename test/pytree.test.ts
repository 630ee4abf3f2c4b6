/** @file Pytrees: flatten/unflatten/map/leaves/structure, user node types, errors, and pytrees through transformations. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, tree, grad, jvp, vjp, vmap, jacfwd, jacrev, valueAndGrad, jit, flattenUtil } from "../src/index.js";

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

test("pytree: isLeaf makes whole subtrees leaves in flatten, leaves, structure and map", () => {
  const t = { a: [1, 2], b: [[3], 4], c: null };
  const pairs = (x: unknown) => Array.isArray(x) && x.every((v) => typeof v === "number");
  const [ls, def] = tree.flatten(t, { isLeaf: pairs });
  assert.deepEqual(ls, [[1, 2], [3], 4]);
  assert.equal(String(def), "{a: *, b: [*, *], c: null}");
  assert.deepEqual(tree.leaves(t, { isLeaf: pairs }), ls);
  assert.ok(tree.structure(t, { isLeaf: pairs }).equals(def));
  assert.deepEqual(tree.unflatten(def, ["A", "B", "C"]), { a: "A", b: ["B", "C"], c: null });
  // null can be made a leaf; isLeaf is asked about the root too
  assert.deepEqual(tree.leaves([null, 1], { isLeaf: (x) => x === null }), [null, 1]);
  assert.deepEqual(tree.leaves([1, 2], { isLeaf: Array.isArray }), [[1, 2]]);
  // map: a trailing { isLeaf } is the options, with one tree or several
  assert.deepEqual(tree.map((p: number[] | number) => (Array.isArray(p) ? p.length : -p), t, { isLeaf: pairs }), { a: 2, b: [1, -4], c: null });
  assert.deepEqual(tree.map((p: number[], q: number[]) => p.length + q.length, [[1], [2, 3]], [[4, 5], [6]], { isLeaf: pairs }), [3, 3]);
  // ... unless the first tree is itself such an object: then it is a tree like the others
  const fn1 = () => 1, fn2 = () => 2;
  assert.deepEqual(tree.map((a: () => number, b: () => number) => a() + b(), { isLeaf: fn1 }, { isLeaf: fn2 }), { isLeaf: 3 });
  // an object with other keys, or a non-function isLeaf, is a tree
  assert.throws(() => tree.map((a: number) => a, [1], { isLeaf: pairs, other: 1 }), /tree\.map: argument 1 has structure/);
});

test("pytree: a 100,000-deep tree flattens, unflattens, maps, prints and compares without overflowing the stack", () => {
  const depth = 100_000;
  let t: unknown = 1;
  for (let i = 0; i < depth; i++) t = i % 2 ? [t] : { k: t };
  const [ls, def] = tree.flatten(t);
  assert.deepEqual(ls, [1]);
  assert.equal(def.numLeaves, 1);
  assert.ok(def.equals(tree.structure(t)));
  assert.ok(!def.equals(tree.structure([t])));
  assert.equal(String(def).length, 5 * (depth / 2) + 2 * (depth / 2) + 1); // "{k: " … "}" and "[" … "]" around "*"
  let back: any = tree.map((v: number) => v + 1, t);
  let d = 0;
  while (typeof back === "object") {
    back = Array.isArray(back) ? back[0] : back.k;
    d++;
  }
  assert.deepEqual([d, back], [depth, 2]);
  // deep through a transformation's entry point too
  let deepArr: unknown = np.array(3);
  for (let i = 0; i < 20_000; i++) deepArr = [deepArr];
  let gd: any = grad((x: unknown) => {
    let v: any = x;
    while (Array.isArray(v)) v = v[0];
    return np.multiply(v, v);
  })(deepArr);
  while (Array.isArray(gd)) gd = gd[0];
  assert.equal(num(gd), 6);
});

test("pytree: a circular tree is a clear error with its path, not a stack overflow; shared subtrees are fine", () => {
  const a: any[] = [1];
  a.push(a);
  assert.throws(() => tree.flatten(a), /tree\.flatten: the tree contains a cycle at path \[1\] /);
  const o: any = { x: [np.array(1)], y: { z: null } };
  o.y.z = o;
  assert.throws(() => tree.leaves(o), /cycle at path \.y\.z /);
  assert.throws(() => tree.map((v: unknown) => v, o), /cycle at path \.y\.z /);
  // a long cycle (found below the depth from which ancestors are tracked)
  const ring: any = { next: null };
  let cur = ring;
  for (let i = 0; i < 200; i++) cur = cur.next = { next: null };
  cur.next = ring;
  assert.throws(() => tree.flatten(ring), /cycle at path (\.next){201} /);
  // the transformations' entry points report it (the path starts at the argument's index)
  assert.throws(() => grad((p: any) => np.sum(p.x[0]))(o), /cycle at path \[0\]\.y\.z /);
  assert.throws(() => jit((p: any) => p.x[0])(o), /cycle at path \[0\]\.y\.z /);
  assert.throws(() => vmap((p: any) => p.x[0])(o), /cycle/);
  // the same subtree in two places is a DAG, not a cycle
  const shared = [np.array(1), np.array(2)];
  assert.equal(tree.leaves({ p: shared, q: shared }).length, 4);
});

test("flattenUtil.ravelPytree: flat vector in the promoted dtype; unravel rebuilds the tree and the dtypes", () => {
  const t = { w: np.array([[1, 2], [3, 4]]), b: np.array([5, 6], { dtype: "float64" }), n: [np.array([7], { dtype: "int32" }), 8] };
  const [flat, unravel] = flattenUtil.ravelPytree(t);
  assert.equal(flat.dtype, "float64");
  assert.deepEqual(flat.toArray(), [5, 6, 7, 8, 1, 2, 3, 4]); // leaves in tree order (sorted keys)
  const back = unravel(flat);
  assert.equal(String(tree.structure(back)), "{b: *, n: [*, *], w: *}");
  assert.deepEqual([back.w.dtype, back.b.dtype, (back.n[0] as NDArray).dtype, (back.n[1] as unknown as NDArray).dtype], ["float32", "float64", "int32", "float32"]);
  assert.deepEqual(back.w.toArray(), [[1, 2], [3, 4]]);
  assert.deepEqual((unravel(np.multiply(flat, 2)).n[0] as NDArray).toArray(), [14]);
  // float32 leaves alone stay float32; an empty tree is an empty default-float vector
  assert.equal(flattenUtil.ravelPytree([np.ones([2]), np.zeros([1, 3])])[0].dtype, "float32");
  const [e, ue] = flattenUtil.ravelPytree({ a: [], b: null });
  assert.deepEqual([e.shape, e.dtype], [[0], "float32"]);
  assert.deepEqual(ue(e), { a: [], b: null });
  // strict unravel
  assert.throws(() => unravel(np.zeros([7], { dtype: "float64" })), /unravel: expected an array of shape \[8\] \(the size of the raveled tree \{b: \*, n: \[\*, \*\], w: \*\}\), got \[7\]/);
  assert.throws(() => unravel(np.zeros([2, 4], { dtype: "float64" })), /got \[2,4\]|got \[2, 4\]/);
  assert.throws(() => unravel(np.zeros([8])), /unravel: expected an array of dtype float64 \(as ravelPytree made it\), got float32/);
  assert.throws(() => unravel([1, 2] as never), /unravel: expected an array of shape \[8\]/);
  assert.throws(() => flattenUtil.ravelPytree({ s: "text" }), /ravelPytree: expected arrays, numbers or booleans as leaves/);
});

test("flattenUtil.ravelPytree under grad, jit and vmap: unravel is differentiable", () => {
  const params = { w: np.array([[1, -2], [3, 0.5]], { dtype: "float64" }), b: np.array([0.25, -1], { dtype: "float64" }) };
  const loss = (p: typeof params) => np.sum(np.tanh(np.add(np.matmul(p.w, p.b), p.b)));
  const [flat, unravel] = flattenUtil.ravelPytree(params);
  // the gradient of loss∘unravel is the raveled gradient of loss
  const gFlat = grad((v: NDArray) => loss(unravel(v)))(flat);
  const [gRaveled] = flattenUtil.ravelPytree(grad(loss)(params));
  assert.deepEqual(gFlat.toArray(), gRaveled.toArray());
  assert.deepEqual(jit(grad((v: NDArray) => loss(unravel(v))))(flat).toArray(), gRaveled.toArray());
  // ravel and unravel inside jit
  const roundTrip = jit((p: typeof params) => {
    const [v, un] = flattenUtil.ravelPytree(p);
    return un(np.multiply(v, 3));
  });
  assert.deepEqual(roundTrip(params).b.toArray(), [0.75, -3]);
  // vmap over a batch of flat vectors
  const stacked = np.stack([flat, np.multiply(flat, -1)]);
  assert.deepEqual(vmap((v: NDArray) => unravel(v).b)(stacked).toArray(), [[0.25, -1], [-0.25, 1]]);
  // and vmap of ravel over a batch of trees
  const flats = vmap((p: typeof params) => flattenUtil.ravelPytree(p)[0])({ w: np.stack([params.w, params.w]), b: np.stack([params.b, params.b]) });
  assert.deepEqual(flats.shape, [2, 6]);
});

test("pytree: printing quotes keys that are not identifiers", () => {
  const def = tree.structure({ "a b": 1, c: 2, "1x": 3, $ok_1: 4, "": 5, 'q"': 6 });
  assert.equal(String(def), '{"": *, $ok_1: *, "1x": *, "a b": *, c: *, "q\\"": *}');
});
