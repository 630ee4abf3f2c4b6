/**
 * @file The shared pytree plumbing of the transformations (src/transforms/flatten_fun.ts): flattenFun,
 * traceToJaxpr, the argnums checks every transformation taking argnums shares, and the undefined
 * outputs control flow, checkpoint and custom rules accept.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, tree, grad, jacfwd, jacrev, hessian, jit, vmap, checkpoint, customJvp, lax, numeric } from "../src/index.js";
import { checkArgnums, flattenFun, normArgnums, traceToJaxpr, withArgs } from "../src/transforms/flatten_fun.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });

test("flattenFun: a pytree function as a flat one, recording its output structure", () => {
  const inDef = tree.structure([{ a: 0, b: 0 }, 0]);
  const [fFlat, outDef] = flattenFun((p: { a: NDArray; b: NDArray }, c: NDArray) => ({ s: np.add(p.a, p.b), t: [c, 2] }), inDef, "test");
  const outs = fFlat(f64(1), f64(2), f64(5));
  assert.deepEqual(outs.map((o) => o.item()), [3, 5, 2]);
  assert.equal(String(outDef()), "{s: *, t: [*, *]}");
  assert.throws(() => flattenFun(() => undefined, inDef, "test")[0](f64(1), f64(2), f64(5)), /test: f returned undefined/);
  assert.throws(() => flattenFun(() => [1, "x"], inDef, "test")[0](f64(1), f64(2), f64(5)), /test: leaf 1 of f's output is "x"/);
  // allowUndefined: nothing returned is an empty tree (JAX's None)
  const [g, gDef] = flattenFun(() => undefined, inDef, "test", { allowUndefined: true });
  assert.deepEqual(g(f64(1), f64(2), f64(5)), []);
  assert.equal(gDef().numLeaves, 0);
});

test("traceToJaxpr: stages once on avals and returns the output structure", () => {
  const x = f64([1, 2, 3]);
  const { closed, outDef } = traceToJaxpr((a: NDArray) => [np.sin(a), { n: np.sum(a) }], tree.structure([0]), [x.aval], "test");
  assert.equal(String(outDef), "[*, {n: *}]");
  assert.deepEqual(closed.outAvals.map((a) => a.str()), ["f64[3]", "f64[]"]);
  assert.equal(closed.jaxpr.eqns.length, 2);
});

test("argnums: one normalisation and range check, the same messages in every transformation", () => {
  assert.deepEqual(normArgnums(1, "op"), [1]);
  assert.deepEqual(normArgnums([0, 2], "op"), [0, 2]);
  for (const bad of ["0", -1, 0.5, [0, -2], null]) {
    assert.throws(() => normArgnums(bad, "op"), /op: argnums must be a non-negative integer or an array of them/);
  }
  assert.throws(() => checkArgnums([0, 2], 2, "op"), /op: argnums 2 is out of range for 2 argument\(s\)/);
  checkArgnums([0, 1], 2, "op");
  const f = (x: NDArray, y: NDArray) => np.sum(np.multiply(x, y));
  for (const [name, t] of [["jacfwd", jacfwd], ["jacrev", jacrev], ["numeric.grad", numeric.grad]] as const) {
    assert.throws(() => (t as any)(f, { argnums: 2 })(f64(1), f64(2)), new RegExp(`${name}: argnums 2 is out of range for 2 argument\\(s\\)`));
    assert.throws(() => (t as any)(f, { argnums: [-1] })(f64(1), f64(2)), new RegExp(`${name}: argnums must be a non-negative integer`));
  }
  assert.throws(() => grad(f, { argnums: [0, 5] })(f64(1), f64(2)), /grad: argnums 5 is out of range for 2 argument\(s\)/);
  // withArgs: f of the selected arguments, the others fixed
  assert.equal(withArgs((a: number, b: number, c: number) => a * 100 + b * 10 + c, [1, 2, 3], [2, 0])(7, 9), 927);
});

test("argnums: values with several arguments through the shared helper (grad, jacrev, hessian, under jit and vmap)", () => {
  const f = (x: NDArray, y: NDArray) => np.sum(np.multiply(np.square(x), y));
  const [gx, gy] = grad(f, { argnums: [0, 1] })(f64([1, 2]), f64([3, 4])) as NDArray[];
  assert.deepEqual(gx.toArray(), [6, 16]); // 2·x·y
  assert.deepEqual(gy.toArray(), [1, 4]); // x²
  assert.deepEqual((jacrev(f, { argnums: 1 })(f64([1, 2]), f64([3, 4])) as NDArray).toArray(), [1, 4]);
  assert.deepEqual((hessian(f)(f64([1, 2]), f64([3, 4])) as NDArray).toArray(), [[6, 0], [0, 8]]); // diag(2·y)
  const jg = jit(grad(f, { argnums: 1 }));
  assert.deepEqual((jg(f64([1, 2]), f64([3, 4])) as NDArray).toArray(), [1, 4]);
  const vg = vmap(grad(f), { inAxes: [0, null] });
  assert.deepEqual((vg(f64([[1, 2], [3, 4]]), f64([1, 1])) as NDArray).toArray(), [[2, 4], [6, 8]]);
});

test("jit: static arguments keep their positions among the traced ones", () => {
  let traces = 0;
  const f = jit((a: NDArray, k: number, b: { v: NDArray }) => {
    traces++;
    return np.add(np.multiply(a, k), b.v);
  }, { staticArgnums: 1 });
  assert.equal((f(f64(2), 3, { v: f64(1) }) as NDArray).item(), 7);
  assert.equal((f(f64(5), 3, { v: f64(1) }) as NDArray).item(), 16);
  assert.equal((f(f64(2), 4, { v: f64(1) }) as NDArray).item(), 9);
  assert.equal(traces, 2, "one trace per static value");
});

test("undefined outputs: checkpoint, customJvp and cond still accept a function returning nothing", () => {
  assert.equal(checkpoint((_x: NDArray) => undefined)(f64(1)), null);
  const c = lax.cond(true, () => undefined, () => undefined);
  assert.equal(c, null);
  const noOut = customJvp((_x: NDArray) => undefined, () => [undefined, undefined] as any);
  assert.equal(noOut(f64(1)), null);
  // checkpoint's leaves are checked with the transformation's name
  assert.throws(() => checkpoint((x: NDArray) => [x, "b"] as any)(f64(1)), /checkpoint: leaf 1 of f's output is "b"/);
});
