/** @file The lecture's worked examples, with their exact numbers (float64 throughout). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, grad, jvp, vjp, jacfwd, jacrev, makeJaxpr } from "../src/index.js";

const F64 = { dtype: "float64" } as const;
const x64 = (v: number | number[] | number[][]) => np.array(v, F64);
/** The j-th standard basis vector of length n. */
const basisVector = (n: number, j: number) => x64(Array.from({ length: n }, (_, i) => (i === j ? 1 : 0)));

/** Assert that an array (or number) equals `expected` elementwise within `tol`. */
function close(actual: NDArray | number, expected: number | number[] | number[][], tol = 1e-12): void {
  const a = typeof actual === "number" ? actual : actual.toArray();
  const flatA = ([a] as unknown[]).flat(Infinity) as number[];
  const flatE = ([expected] as unknown[]).flat(Infinity) as number[];
  assert.equal(flatA.length, flatE.length, `size: got ${JSON.stringify(a)}, expected ${JSON.stringify(expected)}`);
  flatA.forEach((v, i) => assert.ok(Math.abs(v - flatE[i]) <= tol, `element ${i}: got ${JSON.stringify(a)}, expected ${JSON.stringify(expected)}`));
}

// f(x, y) = [x·y, y³]
const f = (x: NDArray, y: NDArray) => [np.multiply(x, y), np.power(y, 3)];

test("lecture: f(x, y) = [x·y, y³] at (2, 3) is [6, 27]", () => {
  const [u, v] = f(x64(2), x64(3));
  close(u, 6);
  close(v, 27);
});

test("lecture: jvp of f at (2, 3) along (0, 1) is [2, 27]", () => {
  const [primals, tangents] = jvp(f, [x64(2), x64(3)], [x64(0), x64(1)]);
  close(primals[0], 6);
  close(primals[1], 27);
  // ∂(xy)/∂y = x = 2, ∂(y³)/∂y = 3y² = 27
  close(tangents[0], 2);
  close(tangents[1], 27);
});

test("lecture: jvp of f at (2, 3) along (1.2, 3.4) is [10.4, 91.8]", () => {
  const [, tangents] = jvp(f, [x64(2), x64(3)], [x64(1.2), x64(3.4)]);
  // 1.2·3 + 2·3.4 = 10.4; 27·3.4 = 91.8
  close(tangents[0], 10.4);
  close(tangents[1], 91.8);
});

test("lecture: vjp of f at (2, 3) with cotangent (4, 5) is [12, 143]", () => {
  const [out, back] = vjp(f, x64(2), x64(3));
  close(out[0], 6);
  close(out[1], 27);
  const [cx, cy] = back([x64(4), x64(5)]);
  // x̄ = 4·y = 12; ȳ = 4·x + 5·3y² = 8 + 135 = 143
  close(cx, 12);
  close(cy, 143);
});

test("lecture: x³ at 4 and its derivatives by nested grad: 64 → 48, 24, 6, 0", () => {
  const cube = (x: NDArray) => np.multiply(x, np.multiply(x, x));
  let g: (x: NDArray) => NDArray = cube;
  const values = [g(x64(4)).item()];
  for (let k = 0; k < 4; k++) {
    g = grad(g);
    values.push(g(x64(4)).item());
  }
  assert.deepEqual(values, [64, 48, 24, 6, 0]);
});

test("lecture: the matrix-vector program; jacfwd and jvps with basis vectors recover the matrix column by column", () => {
  const A = x64([[2, 3, 0], [0, 0, 5]]);
  const mv = (v: NDArray) => np.matmul(A, v);
  const x = x64([2, 3, 1]);
  close(mv(x), [13, 5]);
  const J = jacfwd(mv)(x);
  assert.deepEqual(J.shape, [2, 3]);
  close(J, [[2, 3, 0], [0, 0, 5]]);
  const columns = [0, 1, 2].map((j) => {
    const e = basisVector(3, j);
    const [y, col] = jvp(mv, [x], [e]);
    close(y, [13, 5]);
    return col.toArray() as number[];
  });
  // column j of the matrix is J·e_j
  assert.deepEqual(columns, [[2, 0], [3, 0], [0, 5]]);
});

test("lecture: the vector-matrix program; jacrev and vjps with basis cotangents recover the Jacobian row by row", () => {
  const B = x64([[2, 3, 0], [0, 5, 4]]);
  const vm = (v: NDArray) => np.matmul(v, B);
  const x = x64([2, 3]);
  close(vm(x), [4, 21, 12]);
  // y = v·B, so ∂y_i/∂v_j = B[j][i]: the Jacobian is Bᵀ (3×2)
  const J = jacrev(vm)(x);
  assert.deepEqual(J.shape, [3, 2]);
  close(J, [[2, 0], [3, 5], [0, 4]]);
  const [, back] = vjp(vm, x);
  const rows = [0, 1, 2].map((i) => back(basisVector(3, i))[0].toArray() as number[]);
  assert.deepEqual(rows, [[2, 0], [3, 5], [0, 4]]);
});

test("lecture: the derivative program of a composed quadratic grows linearly with depth", () => {
  const q = (x: NDArray) => np.add(np.add(np.square(x), np.multiply(3, x)), 4);
  const compose = (depth: number) => (x: NDArray) => {
    for (let i = 0; i < depth; i++) x = q(x);
    return x;
  };
  const sizes: number[] = [];
  for (let depth = 1; depth <= 6; depth++) {
    const fd = compose(depth);
    const n = makeJaxpr(grad(fd))(x64(0.5)).eqns.length;
    sizes.push(n);
    // a constant number of equations per level (forward pass + one backward step each)
    assert.ok(n <= 12 * depth, `depth ${depth}: ${n} equations exceeds 12 per level`);
  }
  // linear growth: every added level adds the same number of equations
  const steps = sizes.slice(1).map((n, i) => n - sizes[i]);
  assert.ok(steps.every((s) => s === steps[0] && s > 0), `equations per depth ${JSON.stringify(sizes)} do not grow linearly`);
  // a symbolic derivative (an expression tree without sharing) instead multiplies its size by
  // more than 3 per level: q(u) = u·u + 3·u + 4 repeats u three times, and d/dx by the product
  // rule repeats u and du again. Sizes: S(q(u)) = 3·S(u) + 6, D(q(u)) = 3·S(u) + 3·D(u) + 11.
  let S = 1, D = 1;
  const symbolic: number[] = [];
  for (let depth = 1; depth <= 6; depth++) {
    [S, D] = [3 * S + 6, 3 * S + 3 * D + 11];
    symbolic.push(D);
  }
  assert.ok(symbolic.slice(1).every((d, i) => d > 3 * symbolic[i]));
  assert.ok(symbolic[5] > 100 * sizes[5], `symbolic ${symbolic[5]} vs jaxpr ${sizes[5]}`);
  // and the value is right: d/dx q(q(x)) = q'(q(x))·q'(x) with q'(x) = 2x + 3
  const x = 0.5, qx = x * x + 3 * x + 4;
  close(grad(compose(2))(x64(x)), (2 * qx + 3) * (2 * x + 3), 1e-9);
});
