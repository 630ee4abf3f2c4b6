/** @file jit: caching per signature, fusion, and composition with every transformation. */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  NDArray, np, nn, grad, jit, vmap, jvp, vjp, jacfwd, jacrev, hessian, linearize, makeJaxpr, customJvp, customVjp, valueAndGrad,
} from "../src/index.js";
import { compileProgram } from "../src/lower/program.js";
import { getBackend } from "../src/backend/registry.js";

const close = (a: NDArray | number, b: NDArray | number, tol = 1e-5) => {
  const x = typeof a === "number" ? [a] : Array.from(a.data() as ArrayLike<number>);
  const y = typeof b === "number" ? [b] : Array.from(b.data() as ArrayLike<number>);
  assert.equal(x.length, y.length, "sizes");
  x.forEach((v, i) => assert.ok(Math.abs(v - y[i]) <= tol * (1 + Math.abs(y[i])), `element ${i}: ${v} vs ${y[i]}`));
};

const f = (x: NDArray) => np.sum(np.add(np.multiply(np.multiply(np.sin(x), x), x), np.exp(np.negative(x))));
const df = (x: number) => Math.cos(x) * x * x + 2 * x * Math.sin(x) - Math.exp(-x);
const xs = np.linspace(-1, 2, 7, { dtype: "float64" });

test("jit traces once per signature and reuses the compiled program", () => {
  let traces = 0;
  const g = jit((x: NDArray) => {
    traces++;
    return x.mul(2).add(1);
  });
  g(np.array([1, 2]));
  g(np.array([3, 4]));
  assert.equal(traces, 1);
  g(np.array([1, 2, 3])); // new shape
  g(np.array([1, 2], { dtype: "float64" })); // new dtype
  assert.equal(traces, 3);
  assert.deepEqual(g(np.array([5, 6])).toArray(), [11, 13]);
});

test("staticArgnums: static values are part of the cache key", () => {
  let traces = 0;
  const h = jit((x: NDArray, n: number) => {
    traces++;
    return x.mul(n);
  }, { staticArgnums: 1 });
  assert.equal(h(np.array(2), 3).item(), 6);
  assert.equal(h(np.array(2), 4).item(), 8);
  assert.equal(h(np.array(5), 3).item(), 15);
  assert.equal(traces, 2);
  assert.throws(() => h(np.array(2), np.array(3) as any), /jit: static argument 1 is an array/);
});

test("jit(grad), grad(jit), vmap(jit), jit(vmap), jvp(jit), vjp(jit) agree with the analytic gradient", () => {
  const want = np.array((xs.toArray() as number[]).map(df), { dtype: "float64" });
  close(grad(f)(xs), want, 1e-12);
  close(jit(grad(f))(xs), want, 1e-12);
  close(grad(jit(f))(xs), want, 1e-12);
  close(jit(grad(jit(f)))(xs), want, 1e-12);
  const batch = np.stack([xs, xs.mul(0.5)]);
  const perRow = vmap(grad(f))(batch);
  close(vmap(jit(grad(f)))(batch), perRow, 1e-12);
  close(jit(vmap(grad(f)))(batch), perRow, 1e-12);
  const t = np.onesLike(xs);
  close(jvp(jit(f), [xs], [t])[1], jvp(f, [xs], [t])[1], 1e-12);
  const [, back] = vjp(jit(f), xs);
  close(back(np.array(1, { dtype: "float64" }))[0], want, 1e-12);
});

test("higher order and Jacobians through jit", () => {
  const cube = jit((x: NDArray) => x.mul(x).mul(x));
  assert.equal(grad(cube)(4).item(), 48);
  assert.equal(grad(grad(cube))(4).item(), 24);
  assert.equal(grad(grad(grad(cube)))(4).item(), 6);
  assert.equal(jit(grad(grad(cube)))(4).item(), 24);
  const g = (v: NDArray) => np.tanh(np.matmul(np.array([[1, 2], [3, 4], [5, 6]], { dtype: "float64" }), v));
  const v = np.array([0.1, -0.2], { dtype: "float64" });
  close(jacfwd(jit(g))(v), jacrev(g)(v), 1e-12);
  close(jacrev(jit(g))(v), jacfwd(g)(v), 1e-12);
  const s = (v: NDArray) => np.sum(np.power(v, 3));
  close(hessian(jit(s))(v), hessian(s)(v), 1e-12);
  close(jit(hessian(s))(v), hessian(s)(v), 1e-12);
});

test("linearize and valueAndGrad of a jit function; pytrees in and out", () => {
  const model = jit((p: { w: NDArray; b: NDArray }, x: NDArray) => ({ y: np.add(np.matmul(x, p.w), p.b), n: np.sum(p.w) }));
  const p = { w: np.array([[1, 2], [3, 4]], { dtype: "float64" }), b: np.array([0.5, -0.5], { dtype: "float64" }) };
  const x = np.array([[1, 1]], { dtype: "float64" });
  const out = model(p, x);
  assert.deepEqual(out.y.toArray(), [[4.5, 5.5]]);
  assert.equal(out.n.item(), 10);
  const loss = (q: typeof p) => np.sum(np.square(model(q, x).y));
  const [val, g] = valueAndGrad(loss)(p);
  assert.equal(val.item(), 4.5 ** 2 + 5.5 ** 2);
  assert.deepEqual(g.b.toArray(), [9, 11]);
  assert.deepEqual(g.w.toArray(), [[9, 11], [9, 11]]);
  const [y, lin] = linearize(jit(np.sin), 1.0);
  close(y, Math.sin(1));
  close(lin(2.0), 2 * Math.cos(1));
});

test("nested jit, closures over arrays, routines (sort, cumsum, scatter) inside jit", () => {
  const w = np.array([3, 1, 2]);
  const inner = jit((x: NDArray) => np.sort(x.mul(w)));
  const outer = jit((x: NDArray) => np.cumsum(inner(x)).add(inner(x)));
  const x = np.array([1, 2, 3]);
  const eager = np.cumsum(np.sort(x.mul(w))).add(np.sort(x.mul(w)));
  assert.deepEqual(outer(x).toArray(), eager.toArray());
  const upd = jit((x: NDArray) => x.at(np.array([0, 0, 2], { dtype: "int32" })).add(1));
  assert.deepEqual(upd(np.zeros([3])).toArray(), [2, 0, 1]);
  close(grad((x: NDArray) => np.sum(outer(x)))(x), grad((x: NDArray) => np.sum(np.cumsum(np.sort(x.mul(w))).add(np.sort(x.mul(w)))))(x));
});

test("customJvp and customVjp inside jit keep their rules", () => {
  const softplus = customJvp(
    (x: NDArray) => np.log1p(np.exp(x)),
    ([x]: NDArray[], [t]: NDArray[]) => [np.log1p(np.exp(x)), np.multiply(t, nn.sigmoid(x)).mul(2)], // deliberately doubled
  );
  const gj = jit(grad((x: NDArray) => softplus(x)));
  close(gj(0.3), 2 / (1 + Math.exp(-0.3)));
  close(jit(softplus)(0.3), Math.log1p(Math.exp(0.3)));
  const clip = customVjp((x: NDArray) => x.mul(1), (x: NDArray) => [x.mul(1), null], (_r: null, g: NDArray) => [np.clip(g, -1, 1)]);
  assert.equal(jit(grad((x: NDArray) => clip(x).mul(5)))(2).item(), 1);
  assert.equal(grad(jit((x: NDArray) => clip(x).mul(5)))(2).item(), 1);
});

test("fusion: an elementwise chain becomes one kernel; a reduction absorbs its producers", () => {
  const backend = getBackend();
  const chain = makeJaxpr((x: NDArray) => np.exp(np.sin(x.mul(2)).add(1)))(np.ones([10]));
  assert.equal(compileProgram(chain.jaxpr, backend).steps.length, 1);
  const red = makeJaxpr((x: NDArray) => np.sum(np.sin(x).mul(x)))(np.ones([10]));
  assert.equal(compileProgram(red.jaxpr, backend).steps.length, 1);
  const gradProgram = makeJaxpr(grad(f))(xs);
  const eagerOps = gradProgram.eqns.length;
  const steps = compileProgram(gradProgram.jaxpr, backend).steps.length;
  assert.ok(steps < eagerOps / 2, `fused ${eagerOps} equations into ${steps} kernels`);
});

test("jit: results in float32 match eager to rounding; NaN and Inf pass through", () => {
  const g = (x: NDArray) => np.where(np.isnan(x), 0, np.exp(x).div(np.add(x, 1)));
  const x = np.array([0.5, NaN, Infinity, -Infinity, -1]);
  const e = g(x).toArray() as number[], j = jit(g)(x).toArray() as number[];
  assert.deepEqual(j.map(Number.isNaN), e.map(Number.isNaN));
  j.forEach((v: number, i: number) => Number.isFinite(e[i]) && assert.ok(Math.abs(v - e[i]) <= 1e-6 * Math.abs(e[i])));
  assert.equal(j[2], e[2]);
});

// the reference backend's code generator once printed an integer subtraction of a negative literal as `a--5`
test("jit: literals with a sign inside fused integer and float kernels", () => {
  const x = np.array([1, 2, -3], { dtype: "int32" });
  assert.deepEqual(jit((v: NDArray) => v.sub(-5).mul(-2).sub(-0))(x).toArray(), [-12, -14, -4]);
  const y = np.array([1.5, -2], { dtype: "float64" });
  assert.deepEqual(jit((v: NDArray) => v.sub(-Infinity).add(v.sub(-0.5)))(y).toArray(), [Infinity, Infinity]);
});
