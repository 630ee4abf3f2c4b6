/** @file numeric: finite differences with Richardson extrapolation, numeric grad/jacobian, and checkGrads. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, customJvp, customVjp, jacrev, jvp, np, numeric } from "../src/index.js";
import type { FloatDType } from "../src/index.js";

const f64 = (x: number[] | number[][] | number) => np.array(x, { dtype: "float64" });
const vals = (x: NDArray) => Array.from(x.data());
function close(actual: NDArray | number, expected: number[] | number, tol: number, what = ""): void {
  const a = typeof actual === "number" ? [actual] : vals(actual);
  const e = typeof expected === "number" ? [expected] : expected;
  assert.equal(a.length, e.length, `${what}: length`);
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) <= tol * Math.max(1, Math.abs(e[i])), `${what}[${i}]: ${v} vs ${e[i]} (tol ${tol})`));
}

// ---- scalar JS functions ----

test("derivative: sin, x³, exp, log against their analytic derivatives", () => {
  for (const x of [-1.3, 0, 0.4, 2.5]) {
    close(numeric.derivative(Math.sin, x), Math.cos(x), 1e-11, "sin'");
    close(numeric.derivative((v) => v ** 3, x), 3 * x * x, 1e-11, "(x³)'");
    close(numeric.derivative(Math.exp, x), Math.exp(x), 1e-11, "exp'");
  }
  close(numeric.derivative(Math.log, 0.7), 1 / 0.7, 1e-11, "log'");
});

test("centralDifference and forwardDifference with a given step: O(h²) and O(h) errors", () => {
  const err = (h: number) => Math.abs(numeric.centralDifference(Math.sin, 1, h) - Math.cos(1));
  const ferr = (h: number) => Math.abs(numeric.forwardDifference(Math.sin, 1, h) - Math.cos(1));
  // halving h divides the central error by ≈ 4 and the forward error by ≈ 2
  assert.ok(Math.abs(err(1e-2) / err(5e-3) - 4) < 0.01, `central ratio ${err(1e-2) / err(5e-3)}`);
  assert.ok(Math.abs(ferr(1e-2) / ferr(5e-3) - 2) < 0.01, `forward ratio ${ferr(1e-2) / ferr(5e-3)}`);
  // too small a step: round-off dominates and the error grows again
  assert.ok(err(1e-12) > err(1e-5));
});

test("Richardson extrapolation beats plain central differences at every step", () => {
  const fs: [(x: number) => number, (x: number) => number][] = [
    [Math.sin, Math.cos],
    [Math.exp, Math.exp],
    [Math.tan, (x) => 1 / Math.cos(x) ** 2],
    [(x) => x ** 5, (x) => 5 * x ** 4],
  ];
  for (const [f, df] of fs) {
    for (const h of [1e-1, 1e-2, 1e-3]) {
      const plain = Math.abs(numeric.centralDifference(f, 0.8, h) - df(0.8));
      const rich = Math.abs(numeric.derivative(f, 0.8, { eps: h / Math.max(1, 0.8) }) - df(0.8));
      assert.ok(rich < plain / 100, `h=${h}: Richardson ${rich} vs central ${plain}`);
    }
  }
  // levels: 1 is the plain central difference; each level removes the next even power of h
  assert.equal(numeric.derivative(Math.sin, 0.8, { eps: 0.1, levels: 1 }), numeric.centralDifference(Math.sin, 0.8, 0.1));
  const errs = [1, 2, 3, 4].map((levels) => Math.abs(numeric.derivative(Math.sin, 0.8, { eps: 0.1, levels }) - Math.cos(0.8)));
  errs.slice(1).forEach((e, i) => assert.ok(e < errs[i] / 50, `level ${i + 2}: ${e} vs ${errs[i]}`));
});

test("richardson on vectors extrapolates each component", () => {
  const d = numeric.richardson((h) => Float64Array.of(numeric.centralDifference(Math.sin, 0.3, h), numeric.centralDifference(Math.exp, 0.3, h)), 0.05, 4);
  close(d[0], Math.cos(0.3), 1e-12);
  close(d[1], Math.exp(0.3), 1e-12);
});

// ---- numeric.grad and numeric.jacobian ----

test("numeric.grad: sin, x³ and exp of arrays (summed) give cos, 3x², exp", () => {
  const xs = [-1.2, 0.3, 2.1];
  close(numeric.grad((x: NDArray) => np.sum(np.sin(x)))(f64(xs)), xs.map(Math.cos), 1e-10, "sin");
  close(numeric.grad((x: NDArray) => np.sum(np.multiply(x, np.multiply(x, x))))(f64(xs)), xs.map((v) => 3 * v * v), 1e-10, "x³");
  close(numeric.grad((x: NDArray) => np.sum(np.exp(x)))(f64(xs)), xs.map(Math.exp), 1e-10, "exp");
});

test("numeric.grad: a 2-argument function with argnums, JS numbers and pytrees", () => {
  // f(x, y) = x·sin(y): ∂x = sin y, ∂y = x cos y
  const f = (x: NDArray, y: NDArray) => np.multiply(x, np.sin(y));
  const [gx, gy] = numeric.grad(f, { argnums: [0, 1] })(f64(2), f64(3));
  close(gx, Math.sin(3), 1e-10, "∂x");
  close(gy, 2 * Math.cos(3), 1e-10, "∂y");
  close(numeric.grad(f, { argnums: 1 })(2, 3), 2 * Math.cos(3), 1e-6, "numbers");
  const g = numeric.grad((p: { w: NDArray; b: NDArray }) => np.add(np.sum(np.square(p.w)), np.multiply(p.b, p.b)))({ w: f64([1, -2]), b: f64(3) });
  close(g.w, [2, -4], 1e-10, "w");
  close(g.b, 6, 1e-10, "b");
});

test("numeric.grad keeps each input's shape and dtype, evaluating in float64", () => {
  const x32 = np.array([[0.5, 1], [1.5, 2]], { dtype: "float32" });
  const g = numeric.grad((x: NDArray) => np.sum(np.log(x)))(x32);
  assert.equal(g.dtype, "float32");
  assert.deepEqual(g.shape, [2, 2]);
  close(g, [2, 1, 1 / 1.5, 0.5], 1e-7);
  // evaluation in float64: f sees float64 inputs
  let seen = "";
  numeric.grad((x: NDArray) => ((seen = x.dtype), np.sum(x)))(x32);
  assert.equal(seen, "float64");
});

test("numeric.grad rejects non-scalar outputs and integer inputs", () => {
  assert.throws(() => numeric.grad((x: NDArray) => np.sin(x))(f64([1, 2])), /scalar.*numeric.jacobian/);
  assert.throws(() => numeric.grad((x: NDArray) => np.sum(x))(np.array([1, 2], { dtype: "int32" })), /dtype int32/);
  assert.throws(() => numeric.grad((x: NDArray) => x, { argnums: 2 })(1), /out of range/);
  assert.throws(() => numeric.derivative(Math.sin, 0, { eps: 0 }), /eps/);
});

test("numeric.jacobian: vector → vector map against the analytic Jacobian and jacrev", () => {
  // f(x) = A·x + x³ (elementwise): J = A + diag(3x²)
  const A = f64([[1, 2, 0], [0, -1, 3], [2, 0, 1]]);
  const f = (x: NDArray) => np.add(np.matmul(A, x), np.multiply(x, np.multiply(x, x)));
  const x = [0.5, -1, 2];
  const J = numeric.jacobian(f)(f64(x));
  assert.deepEqual(J.shape, [3, 3]);
  const a = A.toArray() as number[][];
  close(J, a.flatMap((row, i) => row.map((v, j) => v + (i === j ? 3 * x[i] * x[i] : 0))), 1e-9);
  close(J, vals(jacrev(f)(f64(x))), 1e-9, "vs jacrev");
});

test("numeric.jacobian: shape is output shape ++ input shape; pytrees nest like jacrev", () => {
  const X = f64([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]);
  const f = (x: NDArray) => np.sum(np.sin(x), 0);
  const J = numeric.jacobian(f)(X);
  assert.deepEqual(J.shape, [3, 2, 3]);
  close(J, vals(jacrev(f)(X)), 1e-9);
  const g = (p: { u: NDArray; v: NDArray }) => [np.multiply(p.u, p.v), np.sum(p.u)];
  const p = { u: f64([1, 2]), v: f64([3, 4]) };
  const Jn = numeric.jacobian(g)(p);
  const Jr = jacrev(g)(p);
  for (const [i, k] of [[0, "u"], [0, "v"], [1, "u"], [1, "v"]] as const) {
    assert.deepEqual(Jn[i][k].shape, Jr[i][k].shape);
    close(Jn[i][k], vals(Jr[i][k]), 1e-9, `J[${i}].${k}`);
  }
});

// ---- checkGrads on correct functions ----

const correct: [string, (...a: NDArray[]) => NDArray | NDArray[], number[][][]][] = [
  ["polynomial 2x³ − x² + 3", (x) => np.add(np.subtract(np.multiply(2, np.multiply(x, np.multiply(x, x))), np.multiply(x, x)), 3), [[[-1.3, 0.4, 0.9]]]],
  ["trig sin(x)·cos(2x) + tan(x/2)", (x) => np.add(np.multiply(np.sin(x), np.cos(np.multiply(2, x))), np.tan(np.divide(x, 2))), [[[-1.1, 0.2, 1.4]]]],
  ["np.matmul of two matrices", (a, b) => np.matmul(a, b), [[[0.5, -1], [2, 0.3]], [[1, 0.2, -0.7], [0.1, -1.5, 2]]]],
  ["tanh(W·x) (a layer)", (w, x) => np.tanh(np.matmul(w, x)), [[[0.5, -1], [0.2, 0.3], [0.7, 0.1]], [[0.4], [-0.9]]]],
  ["reductions: sum, prod, mean, max", (x) => [np.sum(np.square(x)), np.prod(x, 1), np.mean(np.exp(x), 0), np.max(x, 1)], [[[0.5, 1.2, 0.8], [1.5, 0.7, 1.1]]]],
  ["exp, log, sqrt composite", (x) => np.log(np.add(np.sqrt(x), np.exp(np.negative(x)))), [[[0.3, 1.7, 2.9]]]],
];

for (const dtype of ["float64", "float32"] as FloatDType[]) {
  for (const order of [1, 2]) {
    for (const [name, f, inputs] of correct) {
      test(`checkGrads passes: ${name} (${dtype}, order ${order})`, () => {
        numeric.checkGrads(f, inputs.map((x) => np.array(x, { dtype })), { order });
      });
    }
  }
}

test("checkGrads: pytree arguments; integer leaves are constants", () => {
  const f = (p: { w: NDArray; b: NDArray }, x: NDArray, k: NDArray) => np.sum(np.multiply(np.tanh(np.add(np.matmul(p.w, x), p.b)), k.astype("float64")));
  const p = { w: f64([[0.5, -1], [0.2, 0.3]]), b: f64([0.1, -0.2]) };
  numeric.checkGrads(f, [p, f64([0.4, -0.9]), np.array([1, 2], { dtype: "int32" })]);
  numeric.checkGrads((x: NDArray) => np.sin(x), [0.5]); // a JS number: a default-float scalar
  // non-float outputs are ignored
  numeric.checkGrads((x: NDArray) => ({ y: np.sin(x), i: np.argmax(x) }), [f64([0.1, 0.7, 0.3])]);
});

test("checkGrads: a correct customVjp passes in reverse mode", () => {
  const sq = customVjp((x: NDArray) => np.multiply(x, x), (x: NDArray) => [np.multiply(x, x), x], (x: NDArray, g: NDArray) => [np.multiply(np.multiply(2, x), g)]);
  numeric.checkGrads(sq, [f64([0.5, -1.5])], { modes: ["rev"], order: 2 });
});

// ---- checkGrads on wrong derivatives ----

/** sin with a deliberately wrong JVP rule: 1.01·cos instead of cos. */
const badSin = customJvp(
  (x: NDArray) => np.sin(x),
  ([x]: NDArray[], [t]: NDArray[]) => [np.sin(x), np.multiply(t, np.multiply(np.cos(x), 1.01))],
);

test("checkGrads fails on a wrong JVP rule, naming mode, order, values and tolerance", () => {
  for (const dtype of ["float64", "float32"] as FloatDType[]) {
    const x = np.array([0.3, -0.8, 1.2], { dtype });
    assert.throws(() => numeric.checkGrads(badSin, [x], { order: 1 }), (e: Error) => {
      assert.match(e.message, /^checkGrads: fwd mode, order 1 \(checking f\)/);
      assert.match(e.message, /jvp \[.*\] vs finite difference \[.*\]/);
      assert.match(e.message, /exceeds the tolerance .* \(atol .* \+ rtol .*\)/);
      return true;
    });
    assert.throws(() => numeric.checkGrads(badSin, [x], { modes: ["rev"] }), /checkGrads: rev mode, order 1 \(checking f\): ⟨vjp\(c\), t⟩ = .* but ⟨c, finite difference along t⟩ = /);
  }
});

test("checkGrads: a wrong second derivative passes order 1 and fails order 2", () => {
  // cos with a wrong rule (d cos = +sin), used as the derivative inside sin's rule
  const badCos = customJvp((x: NDArray) => np.cos(x), ([x]: NDArray[], [t]: NDArray[]) => [np.cos(x), np.multiply(t, np.sin(x))]);
  const sin2 = customJvp((x: NDArray) => np.sin(x), ([x]: NDArray[], [t]: NDArray[]) => [np.sin(x), np.multiply(t, badCos(x))]);
  const x = f64([0.3, -0.8, 1.2]);
  numeric.checkGrads(sin2, [x], { order: 1 });
  assert.throws(() => numeric.checkGrads(sin2, [x], { order: 2 }), /checkGrads: fwd mode, order 2 \(checking x ↦ jvp\(f, x, t\)\)/);
});

test("checkGrads fails on a wrong customVjp backward rule", () => {
  const sq = customVjp((x: NDArray) => np.multiply(x, x), (x: NDArray) => [np.multiply(x, x), x], (x: NDArray, g: NDArray) => [np.multiply(x, g)]);
  assert.throws(() => numeric.checkGrads(sq, [f64([0.5, -1.5])], { modes: ["rev"], order: 1 }), /rev mode, order 1/);
});

test("checkGrads is deterministic (seeded directions) and validates its options", () => {
  const x = f64([0.3, -0.8, 1.2]);
  const msg = (seed?: number) => {
    try {
      numeric.checkGrads(badSin, [x], { seed });
    } catch (e) {
      return (e as Error).message;
    }
    return "";
  };
  assert.equal(msg(), msg());
  assert.notEqual(msg(1), msg(2));
  assert.throws(() => numeric.checkGrads(np.sin, [x], { order: 0 }), /order/);
  assert.throws(() => numeric.checkGrads(np.sin, [x], { modes: [] }), /modes/);
  assert.throws(() => numeric.checkGrads(np.sin, [np.array([1, 2], { dtype: "int32" })]), /no float inputs/);
  assert.throws(() => numeric.checkGrads(np.log, [f64([-1, 2])]), /not finite at the given inputs/);
});

test("tolerances: explicit atol/rtol override the dtype defaults", () => {
  const x = f64([0.3, -0.8, 1.2]);
  // a 1 % error passes with a 5 % tolerance
  numeric.checkGrads(badSin, [x], { order: 1, atol: 0.05, rtol: 0.05 });
  assert.ok(numeric.DEFAULT_TOLERANCE.float32.atol > numeric.DEFAULT_TOLERANCE.float64.atol);
});

test("forward mode of np.power with a constant exponent at a negative base", () => {
  const [, dy] = jvp((x: NDArray) => np.power(x, 3), [f64(-2)], [f64(1)]);
  close(dy, 12, 1e-12);
});
