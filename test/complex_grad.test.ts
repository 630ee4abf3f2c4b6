/**
 * @file Derivatives of complex functions with JAX's convention: checkGrads (finite differences along
 * complex directions, the Re(a·b) inner-product identity, second order) for every complex op in
 * complex128; grad of real-valued functions of z; holomorphic grad/jacfwd/jacrev vs analytic
 * derivatives; the holomorphic check; jvp/vjp; clear errors.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { np, grad, valueAndGrad, jacfwd, jacrev, jvp, vjp, jit, vmap, NDArray } from "../src/index.js";
import { checkGrads } from "../src/numeric/index.js";

const c128 = (pairs: [number, number][]) => np.complexFromInterleaved(new Float64Array(pairs.flat()));
const z = c128([[0.7, -0.4], [-1.2, 0.9]]);
const w = c128([[0.3, 0.5], [1.1, -0.6]]);
const item = (x: NDArray) => x.item() as unknown as { re: number; im: number };
const closeC = (got: { re: number; im: number }, re: number, im: number, tol = 1e-12) =>
  assert.ok(Math.hypot(got.re - re, got.im - im) <= tol * (1 + Math.hypot(re, im)), `got ${got.re} + ${got.im}i, want ${re} + ${im}i`);

describe("checkGrads on every complex op (complex128, order 2)", () => {
  const ops: [string, (a: NDArray, b: NDArray) => NDArray][] = [
    ["add", np.add], ["subtract", np.subtract], ["multiply", np.multiply], ["divide", np.divide], ["power", np.power],
    ["negative", (a) => np.negative(a)], ["exp", (a) => np.exp(a)], ["log", (a) => np.log(a)], ["sqrt", (a) => np.sqrt(a)],
    ["sin", (a) => np.sin(a)], ["cos", (a) => np.cos(a)], ["tan", (a) => np.tan(a)], ["sinh", (a) => np.sinh(a)],
    ["cosh", (a) => np.cosh(a)], ["tanh", (a) => np.tanh(a)], ["expm1", (a) => np.expm1(a)], ["log1p", (a) => np.log1p(a)],
    ["square", (a) => np.square(a)], ["reciprocal", (a) => np.reciprocal(a)], ["integer power", (a) => np.power(a, 3)],
    ["abs (→ real)", (a) => np.abs(a)], ["angle (→ real)", (a) => np.angle(a)], ["real", (a) => np.real(a)], ["imag", (a) => np.imag(a)],
    ["conj", (a) => np.conj(a)], ["complex", (a, b) => np.complex(np.real(a), np.imag(b))], ["astype float64", (a) => a.astype("float64")],
    ["sum", (a) => np.sum(a)], ["prod", (a) => np.prod(a)], ["mean", (a) => np.mean(a)],
    ["matmul", (a, b) => np.matmul(a.reshape([2, 1]), b.reshape([1, 2]))], ["vdot", np.vdot], ["einsum", (a, b) => np.einsum("i,j->ij", a, b)],
    ["where", (a, b) => np.where(np.array([true, false]), a, b)], ["concatenate", (a, b) => np.concatenate([a, b])],
    ["flip", (a) => np.flip(a)], ["pad", (a) => np.pad(a, 1)], ["take", (a) => np.take(a, np.array([1, 1, 0], { dtype: "int32" }))],
    ["broadcast + transpose", (a) => np.broadcastTo(a, [3, 2]).T], ["cumsum", (a) => np.cumsum(a)],
  ];
  for (const [name, f] of ops) test(name, () => checkGrads(f, [z, w]));
  test("mixed real and complex inputs", () => {
    checkGrads((x: NDArray, a: NDArray) => np.multiply(np.exp(np.multiply(a, x)), x), [np.array([0.3, -0.2], { dtype: "float64" }), z]);
  });
});

describe("grad of real-valued functions of complex inputs (JAX's convention: ∂f/∂x − i·∂f/∂y)", () => {
  test("|z|² gives 2·conj(z) — also written with abs, and under jit and vmap", () => {
    const z0 = c128([[1.5, -0.5]]).reshape([]);
    const f1 = (v: NDArray) => np.real(np.multiply(v, np.conj(v)));
    const f2 = (v: NDArray) => np.square(np.abs(v));
    closeC(item(grad(f1)(z0)), 3, 1);
    closeC(item(grad(f2)(z0)), 3, 1);
    closeC(item(jit(grad(f1))(z0)), 3, 1);
    assert.deepEqual(vmap(grad(f1))(z).toArray(), [{ re: 1.4, im: 0.8 }, { re: -2.4, im: -1.8 }]);
  });
  test("the documented gradient-descent step z ← z − lr·conj(g) minimises a complex least-squares loss", () => {
    // loss(c) = Σ |A·c − b|² over complex c; the minimiser solves the normal equations
    const A = c128([[1, 0.5], [0.2, -1], [0.3, 0.3], [-0.4, 0.1], [0.9, -0.2], [0.1, 0.8]]).reshape([3, 2]);
    const b = c128([[1, 1], [0, -2], [0.5, 0.25]]);
    const loss = (cv: NDArray) => np.sum(np.square(np.abs(np.subtract(np.matmul(A, cv), b))));
    let cv = np.zeros([2], "complex128");
    const step = jit((v: NDArray) => np.subtract(v, np.multiply(0.2, np.conj(grad(loss)(v)))));
    for (let k = 0; k < 300; k++) cv = step(cv);
    // at the minimum the (Wirtinger) gradient vanishes: Aᴴ(Ac − b) = 0
    const resid = np.matmul(np.conj(A.T), np.subtract(np.matmul(A, cv), b));
    assert.ok((np.max(np.abs(resid)).item() as number) < 1e-10);
    const [value, g] = valueAndGrad(loss)(cv);
    assert.ok((np.max(np.abs(g)).item() as number) < 1e-9);
    assert.ok((value.item() as number) >= 0);
  });
  test("a real loss of complex parameters through exp, division and a complex sum", () => {
    // f(z) = Re Σ g(z), g = exp(z)/(1 + z²) holomorphic: ∂f/∂x = Re g′, ∂f/∂y = −Im g′, so JAX's grad is g′(z) itself
    const f = (v: NDArray) => np.real(np.sum(np.divide(np.exp(v), np.add(1, np.square(v)))));
    const g = grad(f)(z);
    const gp = (v: NDArray) => np.divide(np.multiply(np.exp(v), np.subtract(np.add(1, np.square(v)), np.multiply(2, v))), np.square(np.add(1, np.square(v))));
    const want = gp(z).toArray() as { re: number; im: number }[];
    (g.toArray() as { re: number; im: number }[]).forEach((v, k) => closeC(v, want[k].re, want[k].im));
  });
});

describe("holomorphic derivatives f′(z)", () => {
  const z0 = c128([[0.8, -0.6]]).reshape([]);
  const cases: [string, (v: NDArray) => NDArray, (v: NDArray) => NDArray][] = [
    ["z²", (v) => np.multiply(v, v), (v) => np.multiply(2, v)],
    ["exp", (v) => np.exp(v), (v) => np.exp(v)],
    ["1/z", (v) => np.reciprocal(v), (v) => np.negative(np.reciprocal(np.square(v)))],
    ["sin", (v) => np.sin(v), (v) => np.cos(v)],
    ["log", (v) => np.log(v), (v) => np.reciprocal(v)],
    ["sqrt", (v) => np.sqrt(v), (v) => np.divide(0.5, np.sqrt(v))],
    ["tanh", (v) => np.tanh(v), (v) => np.subtract(1, np.square(np.tanh(v)))],
    ["z^w (w fixed)", (v) => np.power(v, np.complex(0.5, 1.5)), (v) => np.multiply(np.complex(0.5, 1.5), np.power(v, np.complex(-0.5, 1.5)))],
  ];
  for (const [name, f, df] of cases) {
    test(`${name}: grad, jacfwd and jacrev with holomorphic give f′(z)`, () => {
      const want = item(df(z0));
      closeC(item(grad(f, { holomorphic: true })(z0)), want.re, want.im);
      closeC(item(jacfwd(f, { holomorphic: true })(z0) as NDArray), want.re, want.im);
      closeC(item(jacrev(f, { holomorphic: true })(z0) as NDArray), want.re, want.im);
    });
  }
  test("jacfwd = jacrev = diag(f′) on a vector; jvp/vjp of a holomorphic map multiply by f′ (no conjugate, as JAX)", () => {
    const J1 = jacfwd((v: NDArray) => np.exp(v), { holomorphic: true })(z) as NDArray;
    const J2 = jacrev((v: NDArray) => np.exp(v), { holomorphic: true })(z) as NDArray;
    assert.deepEqual(J1.toArray(), J2.toArray());
    const e = np.exp(z).toArray() as { re: number; im: number }[];
    const J = J1.toArray() as { re: number; im: number }[][];
    closeC(J[0][0], e[0].re, e[0].im);
    closeC(J[1][0], 0, 0);
    const t = c128([[1, 2], [-0.5, 0.25]]);
    const [, tangent] = jvp((v: NDArray) => np.exp(v), [z], [t]);
    const [, back] = vjp((v: NDArray) => np.exp(v), z);
    assert.deepEqual((tangent as NDArray).toArray(), np.multiply(np.exp(z), t).toArray());
    assert.deepEqual(((back(t) as NDArray[])[0]).toArray(), np.multiply(np.exp(z), t).toArray());
  });
  test("not holomorphic: conj(z), z·conj(z), Re z + 0i are detected; checkHolomorphic: false skips the check", () => {
    const bad: [string, (v: NDArray) => NDArray][] = [
      ["conj", (v) => np.conj(v)],
      ["|z|² as complex", (v) => np.multiply(v, np.conj(v))],
      ["real part", (v) => np.complex(np.real(v), 0)],
    ];
    for (const [name, f] of bad) {
      assert.throws(() => grad(f, { holomorphic: true })(z0), /grad: f is not holomorphic at this point.*checkHolomorphic: false/, name);
      assert.throws(() => jacfwd(f, { holomorphic: true })(z0), /jacfwd: f is not holomorphic/, name);
      assert.throws(() => jacrev(f, { holomorphic: true })(z0), /jacrev: f is not holomorphic/, name);
    }
    // without the check, JAX's value: the VJP at cotangent 1 (for conj: 1)
    closeC(item(grad((v: NDArray) => np.conj(v), { holomorphic: true, checkHolomorphic: false })(z0)), 1, 0);
    // z·conj(z) is complex-differentiable at 0 only: no error there
    closeC(item(grad((v: NDArray) => np.multiply(v, np.conj(v)), { holomorphic: true })(np.complex(np.array(0, "float64"), 0))), 0, 0);
  });
});

describe("clear errors (JAX's rules)", () => {
  const z0 = c128([[0.8, -0.6]]).reshape([]);
  test("complex output without holomorphic", () => {
    assert.throws(() => grad((v: NDArray) => np.multiply(v, v))(z0), /grad requires real-valued outputs .* but got complex128\. For holomorphic differentiation, pass \{ holomorphic: true \}/);
    assert.throws(() => jacrev((v: NDArray) => np.exp(v))(z), /jacrev requires real-valued outputs .*use vjp directly/);
  });
  test("holomorphic with real inputs or outputs", () => {
    assert.throws(() => grad((v: NDArray) => np.exp(v), { holomorphic: true })(np.array(1, "float64")), /grad with holomorphic: true requires inputs with complex dtype, but got float64/);
    assert.throws(() => grad((v: NDArray) => np.abs(v), { holomorphic: true })(z0), /grad with holomorphic: true requires outputs with complex dtype, but got float64/);
    assert.throws(() => jacfwd((v: NDArray) => np.abs(v), { holomorphic: true })(z), /jacfwd with holomorphic: true requires outputs with complex dtype/);
  });
  test("jacfwd of complex inputs needs holomorphic (as JAX); unknown options are refused", () => {
    assert.throws(() => jacfwd((v: NDArray) => np.abs(v))(z), /jacfwd requires real-valued inputs .* but got complex128.*use jvp directly/);
    assert.throws(() => grad((v: NDArray) => np.abs(v), { holomorhpic: true } as never), /grad: unknown option "holomorhpic"/);
  });
});
