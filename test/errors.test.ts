/**
 * @file Bad input gives a clear error that names the operation and shows the offending shapes or
 * dtypes — eagerly and under transformations. Each case asserts on the message, not just a throw.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, tree, grad, valueAndGrad, jvp, vjp, vmap, jacfwd, jacrev, hessian, linearize, linearTranspose, makeJaxpr, jit } from "../src/index.js";

const ones = (shape: number[]) => np.ones(shape);
const ints = (v: number[]) => np.array(v, { dtype: "int32" });

test("errors: broadcasting mismatch names the op and both shapes (eager, grad, vmap, makeJaxpr)", () => {
  const msg = /add: shapes \[2,3\], \[4\] cannot be broadcast together/;
  assert.throws(() => np.add(ones([2, 3]), ones([4])), msg);
  assert.throws(() => grad((x: NDArray) => np.sum(np.add(x, ones([4]))))(ones([2, 3])), msg);
  assert.throws(() => makeJaxpr((x: NDArray) => np.add(x, ones([4])))(ones([2, 3])), msg);
  // under vmap the per-example shapes are reported
  assert.throws(() => vmap((x: NDArray) => np.multiply(x, ones([4])))(ones([5, 3])), /multiply: shapes \[3\], \[4\] cannot be broadcast together/);
  assert.throws(() => np.where([true, false], ones([3]), 0), /where: shapes \[2\], \[3\] cannot be broadcast/);
});

test("errors: matmul inner-dimension mismatch shows both shapes and the two sizes", () => {
  assert.throws(() => np.matmul(ones([3, 4]), ones([5, 2])), /matmul: inner dimensions differ: lhs \[3,4\] · rhs \[5,2\] \(4 ≠ 5\)/);
  assert.throws(() => np.matmul(ones([3, 4]), ones([5])), /matmul: inner dimensions differ: lhs \[3,4\] · rhs \[5\] \(4 ≠ 5\)/);
  assert.throws(() => grad((w: NDArray) => np.sum(np.matmul(w, ones([5]))))(ones([3, 4])), /matmul: inner dimensions differ/);
  assert.throws(() => vmap((x: NDArray) => np.matmul(ones([2, 3]), x))(ones([7, 4])), /matmul: inner dimensions differ: lhs \[2,3\] · rhs \[4\] \(3 ≠ 4\)/);
  assert.throws(() => np.matmul(ones([]), ones([2])), /matmul: operands must be at least 1-D, got shapes \[\] and \[2\]/);
  assert.throws(() => np.dot(ones([2, 3]), ones([2, 3])), /dot: shapes \[2,3\] and \[2,3\] not aligned/);
});

test("errors: an out-of-range axis names the op, the axis and the rank", () => {
  const x = ones([2, 3]);
  assert.throws(() => np.sum(x, 2), /sum: axis 2 is out of bounds for an array of rank 2/);
  assert.throws(() => np.sum(x, -3), /sum: axis -3 is out of bounds for an array of rank 2/);
  assert.throws(() => np.max(x, { axis: 5 }), /max: axis 5 is out of bounds for an array of rank 2/);
  assert.throws(() => np.mean(x, [0, 2]), /mean: axis 2 is out of bounds/);
  assert.throws(() => np.argmax(x, 2), /argmax: axis 2 is out of bounds for an array of rank 2/);
  assert.throws(() => np.sum(x, [0, 0]), /sum: repeated axis/);
  assert.throws(() => np.moveaxis(x, 0, 4), /moveaxis: axis 4 is out of bounds/);
  assert.throws(() => np.transpose(x, [0, 0]), /transpose: axes \[0,0\] are not a permutation of the 2 axes of shape \[2,3\]/);
  assert.throws(() => grad((y: NDArray) => np.sum(np.sum(y, 3)))(x), /sum: axis 3 is out of bounds for an array of rank 2/);
  // vmap's inAxes are checked against each argument
  assert.throws(() => vmap((y: NDArray) => np.sum(y), { inAxes: 3 })(x), /vmap: axis 3 is out of bounds for an array of rank 2/);
  assert.throws(() => vmap((y: NDArray) => y)(ones([])), /vmap: axis 0 is out of bounds for an array of rank 0/);
});

test("errors: reshape size mismatch names both shapes and sizes (eager, method, grad, makeJaxpr)", () => {
  const msg = /reshape: cannot reshape array of shape \[2,3\] \(size 6\) into shape \[4,2\] \(size 8\)/;
  assert.throws(() => np.reshape(ones([2, 3]), [4, 2]), msg);
  assert.throws(() => ones([2, 3]).reshape([5]), /reshape: cannot reshape array of shape \[2,3\] \(size 6\) into shape \[5\]/);
  assert.throws(() => makeJaxpr((x: NDArray) => np.reshape(x, [4, 2]))(ones([2, 3])), msg);
  assert.throws(() => grad((x: NDArray) => np.sum(np.reshape(x, [4, 2])))(ones([2, 3])), msg);
  assert.throws(() => np.reshape(ones([2, 3]), [4, -1]), /reshape: cannot reshape array of shape \[2,3\] \(size 6\) into shape \[4,-1\]/);
  assert.throws(() => np.reshape(ones([2, 3]), [-1, -1]), /reshape: can only specify one unknown dimension/);
});

test("errors: reshape size mismatch under vmap reports the per-example shapes", () => {
  const msg = /reshape: cannot reshape array of shape \[2,3\] \(size 6\) into shape \[4,2\] \(size 8\)/;
  assert.throws(() => vmap((x: NDArray) => np.reshape(x, [4, 2]))(ones([5, 2, 3])), msg);
});

test("errors: grad of a non-scalar output shows the shape and suggests jacrev or vjp", () => {
  const msg = /grad: f must return a scalar \(shape \[\]\), got f32\[3\]\. For a non-scalar output use jacrev\(f\) .* or vjp\(f, \.\.\.\)/;
  assert.throws(() => grad((x: NDArray) => np.sin(x))(ones([3])), msg);
  assert.throws(() => valueAndGrad((x: NDArray) => np.multiply(x, ones([3])))(1), /grad: f must return a scalar \(shape \[\]\), got f32\[3\]/);
  assert.throws(() => grad((x: NDArray) => [x, x])(1), /grad: f must return a scalar, got a tree \[\*, \*\] of 2 leaves\. For several outputs use jacrev\(f\) or vjp/);
  assert.throws(() => grad((x: NDArray) => np.argmax(np.multiply(x, ones([2]))))(1), /grad: f must return a float scalar, got int32/);
});

test("errors: grad and Jacobians with respect to an integer input name the dtype and the leaf", () => {
  assert.throws(() => grad((x: NDArray) => np.sum(x))(ints([1, 2])), /grad: differentiating with respect to an input of dtype int32 \(leaf 0\); grad requires float inputs/);
  assert.throws(
    () => grad((x: NDArray, n: NDArray) => np.sum(np.multiply(x, n)), { argnums: [0, 1] })(ones([2]), ints([1, 2])),
    /grad: differentiating with respect to an input of dtype int32 \(leaf 1\)/,
  );
  assert.throws(() => jacfwd((x: NDArray) => x)(ints([1])), /jacfwd: differentiating with respect to an input of dtype int32/);
  assert.throws(() => jacrev((x: NDArray) => x)(np.array([true])), /jacrev: differentiating with respect to an input of dtype bool/);
  assert.throws(() => hessian((x: NDArray) => np.sum(x))(ints([1])), /differentiating with respect to an input of dtype int32/);
  // an integer argument that is not differentiated is fine
  assert.equal(grad((x: NDArray, n: NDArray) => np.multiply(x, n))(np.array(2), ints([3]).reshape([])).item(), 3);
});

test("errors: jvp with mismatched primal/tangent trees, shapes or dtypes prints both", () => {
  // @ts-expect-error -- tangents for one of two arguments (the static types catch it too)
  assert.throws(() => jvp((x: NDArray, y: NDArray) => x, [1, 2], [1]), /jvp: primals and tangents have different tree structures: \[\*, \*\] vs \[\*\]/);
  assert.throws(
    // @ts-expect-error -- keys f does not declare (the static types catch it too)
    () => jvp((p: { a: NDArray }) => p.a, [{ a: 1, b: 2 }], [{ a: 1, c: 2 }]),
    /jvp: primals and tangents have different tree structures: \[\{a: \*, b: \*\}\] vs \[\{a: \*, c: \*\}\]/,
  );
  assert.throws(() => jvp((x: NDArray) => x, [ones([3])], [ones([2])]), /jvp: tangent 0 has shape\/dtype f32\[2\] but its primal has f32\[3\]/);
  assert.throws(() => jvp((x: NDArray) => x, [ones([3])], [np.ones([3], { dtype: "float64" })]), /jvp: tangent 0 has shape\/dtype f64\[3\] but its primal has f32\[3\]/);
  assert.throws(() => jvp((x: NDArray) => x, 1 as any, 1 as any), /jvp: primals and tangents must be arrays \(one entry per argument of f\)/);
  // the same checks for vjp cotangents and linearize tangents
  assert.throws(() => vjp((x: NDArray) => [x, x], 1)[1]([1]), /vjp: cotangent has tree structure \[\*\], but the output has \[\*, \*\]/);
  assert.throws(() => vjp((x: NDArray) => np.sin(x), ones([3]))[1](ones([2])), /vjp: cotangent 0 has shape\/dtype f32\[2\] but the output has f32\[3\]/);
  // @ts-expect-error -- two primals for a one-argument f (the static types catch it too)
  assert.throws(() => linearize((x: NDArray) => x, 1, 2)[1](1), /linearize: tangents have tree structure \[\*\], expected \[\*, \*\]/);
  // @ts-expect-error -- a list cotangent for an array output (the static types catch it too)
  assert.throws(() => linearTranspose((x: NDArray) => x, 1)([1, 2]), /linearTranspose: cotangent has tree structure \[\*, \*\], expected \*/);
});

test("errors: inconsistent vmap axis sizes list every mapped argument", () => {
  assert.throws(
    () => vmap((x: NDArray, y: NDArray) => np.add(x, y))(ones([3]), ones([4])),
    /vmap: inconsistent sizes for the mapped axis: argument leaf 0 has size 3 along axis 0 \(shape \[3\]\); argument leaf 1 has size 4 along axis 0 \(shape \[4\]\)/,
  );
  assert.throws(
    () => vmap((p: { a: NDArray; b: NDArray }) => np.add(p.a, p.b), { inAxes: [{ a: 0, b: 1 }] })({ a: ones([3, 2]), b: ones([2, 4]) }),
    /vmap: inconsistent sizes.*size 3 along axis 0 \(shape \[3,2\]\).*size 4 along axis 1 \(shape \[2,4\]\)/,
  );
  assert.throws(() => vmap((x: NDArray) => x, { axisSize: 5 })(ones([3])), /vmap: inconsistent sizes/);
  assert.throws(() => vmap((x: NDArray) => x, { inAxes: null })(ones([3])), /vmap: no argument is mapped \(all inAxes are null\); pass axisSize/);
  assert.throws(() => vmap((x: NDArray, y: NDArray) => x, { inAxes: [0] })(ones([3]), ones([3])), /vmap: inAxes has 1 entries but f was called with 2 argument\(s\)/);
  assert.throws(
    // @ts-expect-error -- a key f does not declare (the static types catch it too)
    () => vmap((p: { a: NDArray }) => p.a, { inAxes: [{ a: 0, c: 0 }] })({ a: ones([2]), b: ones([2]) }),
    /vmap: inAxes \[\{a: 0, c: 0\}\] is not a prefix of the structure \[\{a: \*, b: \*\}\]/,
  );
  assert.throws(() => vmap((x: NDArray) => x, { outAxes: null })(ones([3])), /vmap: outAxes is null for output 0, but that output depends on the mapped axis/);
});

test("errors: a string leaf passed to (or returned from) a transformation names the transformation", () => {
  const leafMsg = (op: string) => new RegExp(`${op}: expected arrays, numbers or booleans as leaves, got a string \\(hello\\)`);
  // @ts-expect-error -- a string is not an array leaf (the static types catch it too)
  assert.throws(() => grad((x: NDArray) => x)("hello"), leafMsg("grad"));
  // @ts-expect-error -- a string is not an array leaf (the static types catch it too)
  assert.throws(() => jvp((x: NDArray) => x, ["hello"], ["hello"]), leafMsg("jvp"));
  // @ts-expect-error -- a string is not an array leaf (the static types catch it too)
  assert.throws(() => vjp((x: NDArray) => x, "hello"), leafMsg("vjp"));
  assert.throws(() => vmap((p: any) => p.a)({ a: ones([2]), name: "hello" }), leafMsg("vmap"));
  // @ts-expect-error -- a string is not an array leaf (the static types catch it too)
  assert.throws(() => jacfwd((x: NDArray) => x)("hello"), leafMsg("jacfwd"));
  // @ts-expect-error -- a string is not an array leaf (the static types catch it too)
  assert.throws(() => jacrev((x: NDArray) => x)("hello"), leafMsg("jacrev"));
  // @ts-expect-error -- a string is not an array leaf (the static types catch it too)
  assert.throws(() => linearize((x: NDArray) => x, "hello"), leafMsg("linearize"));
  // @ts-expect-error -- a string is not an array leaf (the static types catch it too)
  assert.throws(() => makeJaxpr((x: NDArray) => x)("hello"), leafMsg("makeJaxpr"));
  assert.throws(() => grad((x: NDArray) => "hello")(1), leafMsg("grad"));
  // other non-array leaves are named by their type
  // @ts-expect-error -- a Map is not an array leaf (the static types catch it too)
  assert.throws(() => grad((x: NDArray) => x)(new Map()), /grad: expected arrays, numbers or booleans as leaves, got a Map/);
});

test("errors: grad options out of range or malformed", () => {
  assert.throws(() => grad((x: NDArray) => x, { argnums: 2 })(1), /grad: argnums 2 is out of range for 1 argument\(s\)/);
  assert.throws(() => jacrev((x: NDArray) => x, { argnums: [0, 3] })(1), /jacrev: argnums 3 is out of range for 1 argument\(s\)/);
  assert.throws(() => grad((x: NDArray) => x, { hasAux: true })(1), /grad: with hasAux, f must return \[output, aux\]/);
});

test("errors: reading a traced value, and a tracer escaping its transformation, are explained", () => {
  // under grad the primal is concrete (as in JAX), so this branches; under jit the value is abstract
  assert.equal(grad((x: NDArray) => (x.item() > 0 ? x : np.negative(x)))(-1).item(), -1);
  assert.throws(
    () => jit((x: NDArray) => (x.item() > 0 ? x : np.negative(x)))(np.array(1)),
    /item: abstract tracer value where a concrete value is required: the traced array f32\[\] has no value while jit traces.*np\.where/,
  );
  assert.throws(() => vmap((x: NDArray) => x.toArray() as any)(ones([2])), /toArray: abstract tracer value .* traced array f32\[\] has no value while vmap/);
  let leaked: NDArray | null = null;
  grad((x: NDArray) => {
    leaked = x;
    return x;
  })(1);
  assert.throws(() => np.add(leaked!, 1), /a tracer escaped its transformation: Traced<f32\[\]>.*was used after the transformation that created it returned/);
  assert.throws(() => grad((y: NDArray) => np.add(leaked!, y))(1), /a tracer escaped its transformation/);
  assert.throws(() => vmap((y: NDArray) => np.add(leaked!, y))(ones([2])), /a tracer escaped its transformation/);
});

test("errors: pytree mismatches print both structures", () => {
  assert.throws(() => tree.map((a: number, b: number) => a + b, { a: 1 }, { b: 1 }), /tree\.map: argument 1 has structure \{b: \*\}, expected \{a: \*\}/);
  assert.throws(() => tree.unflatten(tree.structure([1, 2]), [1]), /tree\.unflatten: structure \[\*, \*\] has 2 leaves, got 1/);
});
