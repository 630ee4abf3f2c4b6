/**
 * @file Jaxpr snapshots: what tracing produces for small functions, printed exactly; every staged
 * jaxpr type-checks, and evaluating it reproduces the function.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, ClosedJaxpr, np, grad, jvp, vmap, makeJaxpr } from "../src/index.js";
import { Jaxpr, JaxprEqn, Var, evalJaxpr, typecheckJaxpr } from "../src/ir/jaxpr.js";

const snap = (lines: string[]) => lines.join("\n");

/** Type-check a closed jaxpr and evaluate it on `args`. */
function run(closed: ClosedJaxpr, ...args: NDArray[]): NDArray[] {
  typecheckJaxpr(closed.jaxpr);
  return evalJaxpr(closed.jaxpr, [...closed.consts, ...args]);
}

function sameArray(a: NDArray, b: NDArray, tol = 1e-6): void {
  assert.deepEqual(a.shape, b.shape);
  assert.equal(a.dtype, b.dtype);
  const x = ([a.toArray()] as unknown[]).flat(Infinity) as number[];
  const y = ([b.toArray()] as unknown[]).flat(Infinity) as number[];
  x.forEach((v, i) => assert.ok(Math.abs(v - y[i]) <= tol, `element ${i}: ${v} vs ${y[i]}`));
}

interface Case {
  name: string;
  f: (...xs: NDArray[]) => NDArray | NDArray[];
  args: NDArray[];
  expected: string;
}

const s = (v: number) => np.array(v);

const cases: Case[] = [
  {
    name: "sin ∘ sin",
    f: (x) => np.sin(np.sin(x)),
    args: [s(0.5)],
    expected: snap([
      "{ lambda a:f32[]. let",
      "    b:f32[] = sin a",
      "    c:f32[] = sin b",
      "  in (c,) }",
    ]),
  },
  {
    name: "x·y + 1 on scalars (the 1 is an inline literal)",
    f: (x, y) => np.add(np.multiply(x, y), 1),
    args: [s(2), s(3)],
    expected: snap([
      "{ lambda a:f32[] b:f32[]. let",
      "    c:f32[] = mul a b",
      "    d:f32[] = add c 1",
      "  in (d,) }",
    ]),
  },
  {
    name: "x·y + 1 on vectors (the scalar is broadcast)",
    f: (x, y) => np.add(np.multiply(x, y), 1),
    args: [np.array([1, 2, 3]), np.array([4, 5, 6])],
    expected: snap([
      "{ lambda a:f32[3] b:f32[3]. let",
      "    c:f32[3] = mul a b",
      "    d:f32[3] = broadcast_in_dim[shape=(3,) dims=()] 1",
      "    e:f32[3] = add c d",
      "  in (e,) }",
    ]),
  },
  {
    // the forward pass (sin a, cos a, x·sin x) then the transposed tangent program:
    // d/dx (x·sin x) = x·cos x + sin x
    name: "grad(x ↦ x·sin x)",
    f: grad((x: NDArray) => np.multiply(x, np.sin(x))),
    args: [s(0.7)],
    expected: snap([
      "{ lambda a:f32[]. let",
      "    b:f32[] = sin a",
      "    c:f32[] = cos a",
      "    d:f32[] = mul a b",
      "    e:f32[] = mul a 1",
      "    f:f32[] = mul e c",
      "    g:f32[] = mul 1 b",
      "    h:f32[] = add f g",
      "  in (h,) }",
    ]),
  },
  {
    name: "grad(sin ∘ sin): the derivative of a program is a program",
    f: grad((x: NDArray) => np.sin(np.sin(x))),
    args: [s(0.3)],
    expected: snap([
      "{ lambda a:f32[]. let",
      "    b:f32[] = sin a",
      "    c:f32[] = cos a",
      "    d:f32[] = sin b",
      "    e:f32[] = cos b",
      "    f:f32[] = mul 1 e",
      "    g:f32[] = mul f c",
      "  in (g,) }",
    ]),
  },
  {
    // the batch axis rides along: the per-example sum over axis 0 becomes a sum over axis 1
    name: "vmap(x ↦ Σ x²)",
    f: vmap((x: NDArray) => np.sum(np.multiply(x, x))),
    args: [np.ones([3, 2])],
    expected: snap([
      "{ lambda a:f32[3,2]. let",
      "    b:f32[3,2] = mul a a",
      "    c:f32[3] = reduce_sum[axes=(1,)] b",
      "  in (c,) }",
    ]),
  },
  {
    name: "jvp(sin) at x along 1: the primal and tangent programs interleave",
    f: (x) => jvp((y: NDArray) => np.sin(y), [x], [1]) as NDArray[],
    args: [s(1)],
    expected: snap([
      "{ lambda a:f32[]. let",
      "    b:f32[] = sin a",
      "    c:f32[] = cos a",
      "    d:f32[] = mul 1 c",
      "  in (b, d) }",
    ]),
  },
  {
    name: "jvp(y ↦ y·y) with a traced tangent: (y·y)' = t·y + y·t",
    f: (x, t) => jvp((y: NDArray) => np.multiply(y, y), [x], [t])[1],
    args: [s(1.5), s(1)],
    expected: snap([
      "{ lambda a:f32[] b:f32[]. let",
      "    c:f32[] = mul a a",
      "    d:f32[] = mul b a",
      "    e:f32[] = mul a b",
      "    f:f32[] = add d e",
      "  in (f,) }",
    ]),
  },
  {
    name: "a captured non-scalar constant becomes a constvar (before the semicolon)",
    f: (x) => np.sum(np.add(x, np.array([[1, 2, 3], [4, 5, 6]])), 0),
    args: [np.array([1, 1, 1])],
    expected: snap([
      "{ lambda a:f32[2,3]; b:f32[3]. let",
      "    c:f32[2,3] = broadcast_in_dim[shape=(2,3) dims=(1,)] b",
      "    d:f32[2,3] = add c a",
      "    e:f32[3] = reduce_sum[axes=(0,)] d",
      "  in (e,) }",
    ]),
  },
];

for (const c of cases) {
  test(`jaxpr snapshot: ${c.name}`, () => {
    const closed = makeJaxpr(c.f)(...c.args);
    assert.equal(String(closed), c.expected);
  });
  test(`jaxpr evaluation reproduces f: ${c.name}`, () => {
    const closed = makeJaxpr(c.f)(...c.args);
    const outs = run(closed, ...c.args);
    const direct = c.f(...c.args);
    const expected = Array.isArray(direct) ? direct : [direct];
    assert.equal(outs.length, expected.length);
    outs.forEach((o, i) => sameArray(o, expected[i]));
  });
}

test("jaxpr: inspectable eqns, inAvals and outAvals", () => {
  const closed = makeJaxpr((x: NDArray, y: NDArray) => [np.matmul(x, y), np.sum(y)])(np.ones([2, 3]), np.ones([3, 4]));
  assert.deepEqual(closed.eqns.map((e) => e.primitive.name), ["dot_general", "reduce_sum"]);
  assert.deepEqual(closed.inAvals.map(String), ["f32[2,3]", "f32[3,4]"]);
  assert.deepEqual(closed.outAvals.map(String), ["f32[2,4]", "f32[]"]);
  assert.deepEqual(closed.eqns[1].params, { axes: [0, 1] });
});

test("jaxpr: float64 and integer avals print their dtypes", () => {
  const closed = makeJaxpr((x: NDArray, n: NDArray) => np.multiply(x, n.astype("float64")))(
    np.array([1, 2], { dtype: "float64" }),
    np.array([3, 4], { dtype: "int32" }),
  );
  assert.equal(
    String(closed),
    snap([
      "{ lambda a:f64[2] b:i32[2]. let",
      "    c:f64[2] = convert_element_type[newDtype=float64] b",
      "    d:f64[2] = mul a c",
      "  in (d,) }",
    ]),
  );
});

test("jaxpr: a function that ignores its input returns a constant; an input passed through appears as an output", () => {
  const closed = makeJaxpr((x: NDArray, y: NDArray) => [y, np.array([7, 8])])(s(1), s(2));
  assert.equal(closed.eqns.length, 0);
  assert.equal(String(closed), snap(["{ lambda a:f32[2]; b:f32[] c:f32[]. let", "  in (c, a) }"]));
  const [y, k] = run(closed, s(1), s(2));
  assert.equal(y.item(), 2);
  assert.deepEqual(k.toArray(), [7, 8]);
});

test("jaxpr: grad and vmap jaxprs typecheck and evaluate like the functions, also under transformations", () => {
  const f = (x: NDArray) => np.sum(np.tanh(np.matmul(np.array([[1, 2], [3, 4], [5, 6]]), x)));
  const x = np.array([0.1, -0.2]);
  const closed = makeJaxpr(grad(f))(x);
  sameArray(run(closed, x)[0], grad(f)(x));
  // evaluating a jaxpr is binding its equations, so it can itself be transformed
  const viaJaxpr = (y: NDArray) => np.sum(evalJaxpr(closed.jaxpr, [...closed.consts, y])[0]);
  sameArray(grad(viaJaxpr)(x), grad((y: NDArray) => np.sum(grad(f)(y)))(x), 1e-5);
  const batched = vmap((y: NDArray) => evalJaxpr(closed.jaxpr, [...closed.consts, y])[0])(np.array([[0.1, -0.2], [0.3, 0.4]]));
  sameArray(batched, vmap(grad(f))(np.array([[0.1, -0.2], [0.3, 0.4]])));
});

test("jaxpr: the type checker rejects an ill-typed program", () => {
  const closed = makeJaxpr((x: NDArray) => np.sin(x))(s(1));
  const eqn = closed.eqns[0];
  // rebind the output of sin at the wrong shape
  const wrongOut = new Var(np.ones([2]).aval);
  const bad = new Jaxpr(closed.jaxpr.inBinders, [new JaxprEqn(eqn.primitive, eqn.inputs, eqn.params, [wrongOut])], [wrongOut]);
  assert.throws(() => typecheckJaxpr(bad), /typecheckJaxpr: sin produces f32\[\] but binds f32\[2\]/);
});

test("jaxpr: the type checker rejects use of an unbound variable", () => {
  const closed = makeJaxpr((x: NDArray) => np.sin(x))(s(1));
  const bad = new Jaxpr(closed.jaxpr.inBinders, [], closed.jaxpr.outs);
  assert.throws(() => typecheckJaxpr(bad), /typecheckJaxpr: unbound variable of type f32\[\]/);
});

test("linearized (tangent) jaxprs type-check", async () => {
  const { linearizeFlat } = await import("../src/transforms/transpose.js");
  const { typecheckJaxpr } = await import("../src/ir/jaxpr.js");
  const fns: ((x: NDArray) => NDArray[])[] = [
    (x) => [np.sum(np.sin(np.multiply(x, x)))],
    (x) => [np.matmul(x, np.transpose(x)), np.max(x, 0)],
    (x) => [np.cumsum(np.exp(x), 1), np.sort(x, 0)],
  ];
  for (const f of fns) {
    const { jaxpr } = linearizeFlat(f, [np.array([[1, 2, 3], [4, 5, 6]])]);
    typecheckJaxpr(jaxpr);
  }
});
