/**
 * @file customJvp and customVjp: the user's rule is what every transformation uses, nested and
 * batched; customVjp is reverse-only and forward mode gives a clear error (as JAX).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  NDArray, np, grad, valueAndGrad, jvp, vjp, vmap, jacfwd, jacrev, hessian, linearize, makeJaxpr, customJvp, customVjp,
  setDefaultFloat, getDefaultFloat, jit, ClosedJaxpr,
} from "../src/index.js";

let saved: ReturnType<typeof getDefaultFloat>;
before(() => {
  saved = getDefaultFloat();
  setDefaultFloat("float64");
});
after(() => setDefaultFloat(saved));

const A = (v: number | number[]) => np.array(v, { dtype: "float64" });
type Nested = number | Nested[];
function close(actual: NDArray, expected: Nested, tol = 1e-12): void {
  const a = ([actual.toArray()] as unknown[]).flat(Infinity) as number[];
  const e = ([expected] as unknown[]).flat(Infinity) as number[];
  assert.equal(a.length, e.length, `got ${JSON.stringify(actual.toArray())}, expected ${JSON.stringify(expected)}`);
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) <= tol * Math.max(1, Math.abs(e[i])), `got ${JSON.stringify(actual.toArray())}, expected ${JSON.stringify(expected)}`));
}

// sin with a deliberately scaled rule (10·cos x) so the tests can tell the rule from the true derivative
const scaledSin = customJvp(
  (x: NDArray) => np.sin(x),
  ([x]: NDArray[], [t]: NDArray[]) => [np.sin(x), np.multiply(np.multiply(np.cos(x), t), 10)],
);
const xs = [0, 0.5, 2];

test("customJvp: evaluation runs f", () => {
  close(scaledSin(A(0.5)), Math.sin(0.5));
  close(scaledSin(A(xs)), xs.map(Math.sin));
});

test("customJvp: jvp and grad use the rule", () => {
  const [y, dy] = jvp(scaledSin, [A(0.5)], [A(2)]);
  close(y, Math.sin(0.5));
  close(dy, 20 * Math.cos(0.5));
  close(grad(scaledSin)(A(0.5)), 10 * Math.cos(0.5));
  const [, back] = vjp(scaledSin, A(xs));
  close(back(A([1, 1, 1]))[0], xs.map((x) => 10 * Math.cos(x)));
});

test("customJvp: vmap of f, vmap(grad), grad of vmap and Jacobians use the rule", () => {
  close(vmap(scaledSin)(A(xs)), xs.map(Math.sin));
  const expected = xs.map((x) => 10 * Math.cos(x));
  close(vmap(grad(scaledSin))(A(xs)), expected);
  close(grad((v: NDArray) => np.sum(vmap(scaledSin)(v)))(A(xs)), expected);
  close(jacfwd(scaledSin)(A(xs)), xs.map((x, i) => xs.map((_, j) => (i === j ? 10 * Math.cos(x) : 0))));
  close(jacrev(scaledSin)(A(xs)), xs.map((x, i) => xs.map((_, j) => (i === j ? 10 * Math.cos(x) : 0))));
  // vmap of jvp with mapped tangents
  close(vmap((x: NDArray, t: NDArray) => jvp(scaledSin, [x], [t])[1])(A(xs), A([1, 2, 3])), xs.map((x, i) => 10 * Math.cos(x) * (i + 1)));
});

test("customJvp: nested derivatives differentiate the rule itself", () => {
  // the rule's tangent is 10·cos(x)·t, so the second derivative is −10·sin x
  close(grad(grad(scaledSin))(A(0.5)), -10 * Math.sin(0.5));
  close(jvp(grad(scaledSin), [A(0.5)], [A(1)])[1], -10 * Math.sin(0.5));
  close(hessian(scaledSin)(A(0.5)), -10 * Math.sin(0.5));
});

test("customJvp: a numerically safe rule (log1p(eˣ) with a sigmoid tangent) is finite where the naive derivative is not", () => {
  const softplus = customJvp(
    (x: NDArray) => np.log1p(np.exp(x)),
    ([x]: NDArray[], [t]: NDArray[]) => [np.log1p(np.exp(x)), np.multiply(t, np.divide(1, np.add(1, np.exp(np.negative(x)))))],
  );
  close(grad(softplus)(A(0)), 0.5);
  // naive: eˣ/(1 + eˣ) = inf/inf at x = 1000; the rule gives 1
  close(grad(softplus)(A(1000)), 1);
  assert.ok(Number.isNaN(grad((x: NDArray) => np.log1p(np.exp(x)))(A(1000)).item()));
});

test("customJvp: pytree arguments and outputs, several arguments", () => {
  const g = customJvp(
    (p: { a: NDArray }, y: NDArray) => ({ s: np.multiply(p.a, y) }),
    ([p, y]: any[], [tp, ty]: any[]) => [
      { s: np.multiply(p.a, y) },
      { s: np.multiply(np.add(np.multiply(tp.a, y), np.multiply(p.a, ty)), 2) }, // twice the true tangent
    ],
  );
  const [gp, gy] = grad((p: { a: NDArray }, y: NDArray) => g(p, y).s, { argnums: [0, 1] })({ a: A(2) }, A(3));
  close(gp.a, 6);
  close(gy, 4);
  const [out, dout] = jvp(g, [{ a: A(2) }, A(3)], [{ a: A(1) }, A(0)]);
  close(out.s, 6);
  close(dout.s, 6);
});

test("customJvp: a function closing over an outer tracer", () => {
  // h_z(x) = x·z with a correct rule; d/dz h_z(2) = 2
  const outer = (z: NDArray) => customJvp((x: NDArray) => np.multiply(x, z), ([x]: NDArray[], [t]: NDArray[]) => [np.multiply(x, z), np.multiply(t, z)])(A(2));
  close(grad(outer)(A(3)), 2);
  // d/dz [rule-derivative at z²]: ∂/∂z (10·cos(z²)·2z) … via grad of grad
  close(grad((z: NDArray) => scaledSin(np.multiply(z, z)))(A(0.5)), 10 * Math.cos(0.25) * 2 * 0.5);
});

test("customJvp: a rule returning the wrong structure or shape is a clear error", () => {
  const bad = customJvp((x: NDArray) => np.sin(x), ([x]: NDArray[]) => [np.sin(x), [np.cos(x)]]);
  assert.throws(() => jvp(bad, [A(1)], [A(1)]), /customJvp: the rule returned structures \* and \[\*\], but f returns \*/);
  const badShape = customJvp((x: NDArray) => np.sin(x), ([x]: NDArray[]) => [np.sin(x), A([1, 2])]);
  assert.throws(() => grad(badShape)(A(1)), /customJvp: tangent output 0 is f64\[2\], but f's output is f64\[\]/);
});

// ---- customVjp ----

// sin whose backward pass clips the gradient to [−0.1, 0.1]
const clippedSin = customVjp(
  (x: NDArray) => np.sin(x),
  (x: NDArray) => [np.sin(x), np.cos(x)],
  (cosx: NDArray, g: NDArray) => [np.clip(np.multiply(g, cosx), -0.1, 0.1)],
);
const clip = (v: number) => Math.min(0.1, Math.max(-0.1, v));

test("customVjp: evaluation runs f; grad, vjp and jacrev use bwd", () => {
  close(clippedSin(A(0.5)), Math.sin(0.5));
  close(grad(clippedSin)(A(0.5)), 0.1);
  close(grad(clippedSin)(A(1.55)), Math.cos(1.55)); // inside the clip range
  const pts = [0.5, 1.55, 2];
  const [y, back] = vjp(clippedSin, A(pts));
  close(y, pts.map(Math.sin));
  close(back(A([1, 1, 1]))[0], pts.map((x) => clip(Math.cos(x))));
  close(back(A([0.01, 0.01, 0.01]))[0], pts.map((x) => clip(0.01 * Math.cos(x))));
  close(jacrev(clippedSin)(A(pts)), pts.map((x, i) => pts.map((_, j) => (i === j ? clip(Math.cos(x)) : 0))));
  const [v, gv] = valueAndGrad(clippedSin)(A(2));
  close(v, Math.sin(2));
  close(gv, -0.1);
});

test("customVjp: vmap(grad(f)) and grad(Σ vmap(f)) use bwd", () => {
  const pts = [0.5, 1.55, 2];
  const expected = pts.map((x) => clip(Math.cos(x)));
  close(vmap(grad(clippedSin))(A(pts)), expected);
  close(grad((v: NDArray) => np.sum(vmap(clippedSin)(v)))(A(pts)), expected);
  close(vmap(clippedSin)(A(pts)), pts.map(Math.sin));
});

test("customVjp: several arguments, pytree residuals, closure over an outer tracer", () => {
  // x·y with a bwd that scales the y-cotangent by 3 (so the rule is observable)
  const mul = customVjp(
    (x: NDArray, y: NDArray) => np.multiply(x, y),
    (x: NDArray, y: NDArray) => [np.multiply(x, y), { x, y }],
    (r: { x: NDArray; y: NDArray }, g: NDArray) => [np.multiply(g, r.y), np.multiply(np.multiply(g, r.x), 3)],
  );
  const [gx, gy] = grad(mul, { argnums: [0, 1] })(A(2), A(5));
  close(gx, 5);
  close(gy, 6);
  // d/dz mul(z, z²) = z² + 3·z·2z = 7z² at z = 2
  close(grad((z: NDArray) => mul(z, np.multiply(z, z)))(A(2)), 28);
  const [bx, by] = vmap(grad(mul, { argnums: [0, 1] }))(A([1, 2]), A([3, 4]));
  close(bx, [3, 4]);
  close(by, [3, 6]);
  // null residuals
  const double = customVjp((x: NDArray) => np.multiply(x, 2), (x: NDArray) => [np.multiply(x, 2), null], (_r: null, g: NDArray) => [np.multiply(g, 2)]);
  close(grad(double)(A(1)), 2);
});

test("customVjp: second order differentiates bwd (reverse over reverse)", () => {
  // bwd = g·cos x with residual cos x; d/dx of that is −sin x
  const mySin = customVjp((x: NDArray) => np.sin(x), (x: NDArray) => [np.sin(x), np.cos(x)], (c: NDArray, g: NDArray) => [np.multiply(g, c)]);
  close(grad(grad(mySin))(A(0.5)), -Math.sin(0.5));
  close(hessian(mySin)(A(0.5)), -Math.sin(0.5));
  // the second-derivative tensor of an elementwise map: ∂²yᵢ/∂xⱼ∂xₖ is nonzero only for i = j = k
  const T = jacrev(jacrev(mySin))(A([0.5, 1]));
  assert.deepEqual(T.shape, [2, 2, 2]);
  close(T, [[[-Math.sin(0.5), 0], [0, 0]], [[0, 0], [0, -Math.sin(1)]]]);
});

test("customVjp: jaxprs of grad inline fwd and bwd", () => {
  const closed = makeJaxpr(grad(clippedSin))(A(0.5));
  assert.deepEqual(closed.eqns.map((e) => e.primitive.name), ["sin", "cos", "mul", "max", "min"]);
});

test("customVjp under forward mode is a clear error (as JAX)", () => {
  const msg = /customVjp: cannot apply forward-mode differentiation.*use vjp\/grad\/jacrev/;
  assert.throws(() => jvp(clippedSin, [A(0.5)], [A(1)]), msg);
  assert.throws(() => jacfwd(clippedSin)(A([0.5, 1])), msg);
  assert.throws(() => linearize(clippedSin, A(0.5))[1](A(1)), msg);
  assert.throws(() => jvp(vmap(clippedSin), [A([0.5, 1])], [A([1, 1])]), msg);
  assert.throws(() => vmap((x: NDArray) => jvp(clippedSin, [x], [A(1)])[1])(A([0.5, 1])), msg);
});

test("customVjp: a bwd returning the wrong number or shape of cotangents is a clear error", () => {
  const badCount = customVjp((x: NDArray) => np.sin(x), (x: NDArray) => [np.sin(x), x], (_r: NDArray, g: NDArray) => g as any);
  assert.throws(() => grad(badCount)(A(1)), /customVjp: bwd must return an array with one cotangent per primal \(1\)/);
  const badShape = customVjp((x: NDArray) => np.sin(x), (x: NDArray) => [np.sin(x), x], (_r: NDArray) => [A([1, 2])]);
  assert.throws(() => grad(badShape)(A(1)), /customVjp: bwd cotangent 0 is f64\[2\], but the primal is f64\[\]/);
});

// ---- issue 10: custom_jvp_call / custom_vjp_call carry the jaxpr of their function (jit compiles it, never re-traces f) ----
test("customJvp/customVjp under jit: the call carries f's jaxpr, so compiling traces f once; vmap maps that jaxpr", () => {
  let calls = 0;
  const c = np.array(3, { dtype: "float64" });
  const f = customJvp((x: NDArray) => (calls++, np.multiply(np.sin(x), c)), ([x]: NDArray[], [t]: NDArray[]) => [np.multiply(np.sin(x), c), np.multiply(t, np.multiply(np.cos(x), c))]);
  const g = jit((x: NDArray) => f(x) as NDArray);
  const x = np.array([0.5, 1], { dtype: "float64" });
  const want = [3 * Math.sin(0.5), 3 * Math.sin(1)];
  close(g(x), want);
  assert.equal(calls, 1, "f is traced once (when called under jit's tracing), not again by the compiler");
  close(g(x), want);
  assert.equal(calls, 1, "the compiled program is reused");
  const v = customVjp((x: NDArray) => np.multiply(x, c), (x: NDArray) => [np.multiply(x, c), null], (_r: unknown, ct: NDArray) => [np.multiply(ct, c)]);
  close(jit(vmap((x: NDArray) => v(x) as NDArray))(x), [1.5, 3]);
  close(jit(grad((x: NDArray) => np.sum(v(np.sin(x)) as NDArray)))(x), [3 * Math.cos(0.5), 3 * Math.cos(1)]);
  const eqn = makeJaxpr((y: NDArray) => f(y) as NDArray)(x).jaxpr.eqns[0];
  assert.equal(eqn.primitive.name, "custom_jvp_call");
  assert.ok(eqn.params.call instanceof ClosedJaxpr, "params.call: f's jaxpr");
  assert.deepEqual(eqn.params.call.jaxpr.eqns.map((e: { primitive: { name: string } }) => e.primitive.name), ["sin", "broadcast_in_dim", "mul"]);
});

test("customJvp under jit: a function capturing a jit-traced value is a clear error (pass it as an argument)", () => {
  const h = jit((y: NDArray) => customJvp((a: NDArray) => np.multiply(a, y), ([a]: NDArray[], [t]: NDArray[]) => [np.multiply(a, y), np.multiply(t, y)])(np.array(2)) as NDArray);
  assert.throws(() => h(np.array(3)), /jit: custom_jvp_call: the customJvp\/customVjp function captures a value traced by an enclosing transformation; pass it to the function as an argument instead/);
});
