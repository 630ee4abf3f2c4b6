/**
 * @file Complex operations against NumPy reference values (test/complex_ref.ts) in complex128 and
 * complex64 — branch cuts with signed zeros included — eagerly and under jit; vmap = loop and
 * jit = eager as properties (fast-check).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { np, jit, vmap, grad, lax, random, NDArray, DType } from "../src/index.js";
import { compileProgram } from "../src/lower/program.js";
import { getBackend } from "../src/backend/registry.js";
import { makeJaxpr } from "../src/index.js";
import { Z, W, unary as numpyUnary, binary, intpow, reduce } from "./complex_ref.js";

// NumPy's log1p(1e-5 − 2e-5i) has a real part 8e-12 off (relative); ours is exact to double (mpmath, 40 digits)
const unary: Record<string, (number | C)[]> = { ...numpyUnary, log1p: numpyUnary.log1p.map((v, k) => (k === 4 ? ([1.000014999633335083415e-5, -1.999979999933339333257e-5] as C) : v)) };

type C = [number, number];
const TOL: Record<string, number> = { complex128: 1e-13, complex64: 3e-6 };
const cplx = (pairs: C[], dtype: DType) => np.complexFromInterleaved(pairs.flat(), { dtype: dtype as "complex64" });

/** |got − want| ≤ tol·|want| + tiny per element (complex: the distance in the plane). */
function near(got: NDArray, want: (number | C)[], tol: number, label: string): void {
  const g = got.toArray() as unknown[];
  const flat = (Array.isArray(g) ? g.flat(Infinity) : [g]) as ({ re: number; im: number } | number | boolean)[];
  assert.equal(flat.length, want.length, `${label}: size`);
  flat.forEach((v, k) => {
    const w = want[k];
    if (typeof v === "boolean") return assert.equal(v, Boolean(w), `${label}[${k}]`);
    const [gr, gi] = typeof v === "number" ? [v, 0] : [v.re, v.im];
    const [wr, wi] = typeof w === "number" ? [w, 0] : w;
    if (!Number.isFinite(wr) || !Number.isFinite(wi)) return assert.deepEqual([gr, gi], [wr, wi], `${label}[${k}]`);
    const d = Math.hypot(gr - wr, gi - wi), m = Math.hypot(wr, wi);
    assert.ok(d <= tol * m + 1e-300, `${label}[${k}]: got ${gr} ${gi >= 0 ? "+" : "-"} ${Math.abs(gi)}i, want ${wr} ${wi >= 0 ? "+" : "-"} ${Math.abs(wi)}i (|Δ| ${d.toExponential(2)})`);
  });
}
/** The exact parts, signed zeros included (for the branch cuts). */
function parts(x: NDArray): number[] {
  return [...x.data()].map(Number);
}

const UNARY: [string, (x: NDArray) => NDArray, number?][] = [
  ["exp", np.exp], ["log", np.log], ["sqrt", np.sqrt], ["sin", np.sin], ["cos", np.cos], ["tan", np.tan],
  ["sinh", np.sinh], ["cosh", np.cosh], ["tanh", np.tanh], ["expm1", np.expm1], ["log1p", np.log1p], ["abs", np.abs],
  ["angle", (x) => np.angle(x)], ["square", np.square], ["reciprocal", np.reciprocal], ["conj", np.conj], ["real", np.real],
  ["imag", np.imag], ["negative", np.negative], ["sign", np.sign], ["isfinite", np.isfinite],
];
const BINARY: [string, (x: NDArray, y: NDArray) => NDArray][] = [
  ["add", np.add], ["subtract", np.subtract], ["multiply", np.multiply], ["divide", np.divide], ["power", np.power],
  ["equal", np.equal], ["notEqual", np.notEqual],
];

for (const dtype of ["complex128", "complex64"] as DType[]) {
  const tol = TOL[dtype];
  // complex64 inputs are the rounded values: the looser tolerance covers the rounding of z itself
  const z = cplx(Z, dtype), w = cplx(W, dtype);
  describe(`complex ops vs NumPy (${dtype})`, () => {
    for (const [name, f] of UNARY) {
      test(`${name}(z), eager and jit`, () => {
        // tan/tanh near |Im| = 25 and sin/cos/sinh/cosh of large parts lose relative accuracy in float32 arguments
        const t = dtype === "complex64" && ["tan", "sinh", "cosh", "sin", "cos", "exp"].includes(name) ? 3e-5 : tol;
        near(f(z), unary[name] as (number | C)[], t, name);
        near(jit(f)(z), unary[name] as (number | C)[], t, `jit ${name}`);
      });
    }
    for (const [name, f] of BINARY) {
      test(`${name}(z, w), eager and jit`, () => {
        const t = dtype === "complex64" && name === "power" ? 3e-5 : tol;
        near(f(z, w), binary[name] as (number | C)[], t, name);
        near(jit(f)(z, w), binary[name] as (number | C)[], t, `jit ${name}`);
      });
    }
    test("integer powers z**n are repeated products (as NumPy)", () => {
      for (const n of [2, 3, -2, 0, 5]) near(np.power(z, n), intpow[String(n)] as C[], tol * 4, `z**${n}`);
    });
    test("reductions and products: sum, prod, mean (axis), matmul, dot, vdot (conjugates), einsum, outer, inner, tensordot", () => {
      const r = (k: string) => reduce[k] as C[];
      const t = tol * 8;
      near(np.sum(z), r("sum"), t, "sum");
      near(np.prod(z.get("0:7")), r("prod"), t, "prod");
      near(np.mean(z), r("mean"), t, "mean");
      const z34 = z.reshape([3, 4]);
      near(np.sum(z34, 0), r("sum_axis0"), t, "sum axis 0");
      near(np.prod(z34, 1), r("prod_axis1"), t, "prod axis 1");
      near(np.mean(z34, 1), r("mean_axis1"), t, "mean axis 1");
      assert.deepEqual(np.sum(z34, { axis: 1, keepdims: true }).shape, [3, 1]);
      const m = z.get("0:6").reshape([2, 3]), m2 = w.get("0:6").reshape([3, 2]);
      near(np.matmul(m, m2), r("matmul"), t, "matmul");
      near(jit(np.matmul)(m, m2), r("matmul"), t, "jit matmul");
      near(np.vdot(z, w), r("vdot"), t, "vdot");
      near(np.dot(z, w), r("dot"), t, "dot");
      near(np.einsum("ij,jk->ik", m, m2), r("einsum"), t, "einsum");
      near(np.outer(z.get("0:3"), w.get("0:2")), r("outer"), t, "outer");
      near(np.inner(z, w), r("inner"), t, "inner");
      near(np.tensordot(z34, w.reshape([4, 3]), 1), r("tensordot"), t, "tensordot");
    });
  });
}

describe("branch cuts follow the sign of a zero imaginary part (as NumPy / C99)", () => {
  const at = (re: number, im: number) => np.complexFromInterleaved(new Float64Array([re, im]));
  test("sqrt, log, angle, power on the negative real axis", () => {
    assert.deepEqual(parts(np.sqrt(at(-1, 0))), [0, 1]);
    assert.deepEqual(parts(np.sqrt(at(-1, -0))), [0, -1]);
    assert.deepEqual(parts(np.log(at(-1, 0))), [0, Math.PI]);
    assert.deepEqual(parts(np.log(at(-1, -0))), [0, -Math.PI]);
    assert.equal(np.angle(at(-1, -0)).item(), -Math.PI);
    assert.equal(np.angle(at(-0, -0)).item(), -Math.PI);
    assert.ok(Object.is(parts(np.sqrt(at(4, -0)))[1], -0), "sqrt(4 − 0i) keeps −0");
    assert.deepEqual(parts(np.sqrt(at(0, 0))), [0, 0]);
    const p = parts(np.power(at(-1, -0), at(0.5, 0)));
    assert.ok(Math.abs(p[0]) < 1e-15 && p[1] === -1);
    assert.deepEqual(parts(np.power(at(0, 0), at(0, 0))), [1, 0]);
    assert.deepEqual(parts(np.power(at(0, 0), at(2, 0))), [0, 0]);
  });
  test("isfinite, isnan, isinf look at both parts", () => {
    const x = np.complexFromInterleaved(new Float64Array([1, NaN, Infinity, 0, 1, 2]));
    assert.deepEqual(np.isnan(x).toArray(), [true, false, false]);
    assert.deepEqual(np.isinf(x).toArray(), [false, true, false]);
    assert.deepEqual(np.isfinite(x).toArray(), [false, false, true]);
  });
});

describe("movement, indexing and selection on complex arrays", () => {
  const z = np.complexFromInterleaved(new Float64Array([1, 2, 3, -4, 5, 6, -7, 8, 9, 0, 0, -1]), { shape: [2, 3] });
  const v = (x: NDArray) => x.toArray();
  test("eager and jit agree on reshape, transpose, broadcast, slice, concatenate, stack, pad, flip, gather, where", () => {
    const ops: [string, (x: NDArray) => NDArray][] = [
      ["reshape", (x) => x.reshape([3, 2])], ["transpose", (x) => x.T], ["broadcast", (x) => np.broadcastTo(x, [2, 2, 3])],
      ["slice", (x) => x.get(":", "1:")], ["reverse slice", (x) => x.get(1, "::-1")], ["concatenate", (x) => np.concatenate([x, x], 1)],
      ["stack", (x) => np.stack([x, np.conj(x)])], ["pad", (x) => np.pad(x, [[0, 1], [1, 0]])], ["pad value", (x) => np.pad(x, 1, { constantValues: 2 })],
      ["flip", (x) => np.flip(x)], ["take", (x) => np.take(x, np.array([2, 0], { dtype: "int32" }), 1)], ["index array", (x) => x.get(np.array([1, 0, 1], { dtype: "int32" }))],
      ["where", (x) => np.where(np.array([true, false, true]), x, np.conj(x))], ["cumsum", (x) => np.cumsum(x, 1)],
      ["at set", (x) => x.at(0, 1).set(np.complex(7, 7))], ["at add", (x) => x.at(1).add(np.complex(0, 1))],
    ];
    for (const [name, f] of ops) assert.deepEqual(v(jit(f)(z)), v(f(z)), name);
    assert.deepEqual(v(z.T), [[{ re: 1, im: 2 }, { re: -7, im: 8 }], [{ re: 3, im: -4 }, { re: 9, im: 0 }], [{ re: 5, im: 6 }, { re: 0, im: -1 }]]);
    assert.deepEqual(v(z.get(1, "::-1")), [{ re: 0, im: -1 }, { re: 9, im: 0 }, { re: -7, im: 8 }]);
    assert.deepEqual(v(np.pad(z.get(0, "0:1"), 1, { constantValues: 2 })), [{ re: 2, im: 0 }, { re: 1, im: 2 }, { re: 2, im: 0 }]);
    assert.deepEqual(v(np.take(z, np.array([2, 0], { dtype: "int32" }), 1)), [[{ re: 5, im: 6 }, { re: 1, im: 2 }], [{ re: 0, im: -1 }, { re: -7, im: 8 }]]);
    assert.deepEqual((v(z.at(0, 1).set(np.complex(7, 7))) as unknown[])[0], [{ re: 1, im: 2 }, { re: 7, im: 7 }, { re: 5, im: 6 }]);
  });
  test("a jitted complex program fuses into real kernels (no complex dtype reaches the backend)", () => {
    const f = jit((a: NDArray, b: NDArray) => np.sum(np.exp(np.multiply(a, b)).real));
    const a = np.complex(np.linspace(0, 1, 5, { dtype: "float64" }), 0.5), b = np.complex(1, np.linspace(-1, 1, 5, { dtype: "float64" }));
    const want = np.sum(np.real(np.exp(np.multiply(a, b)))).item() as number;
    assert.ok(Math.abs((f(a, b).item() as number) - want) < 1e-13 * Math.abs(want));
    // the parts are re-read by each consumer, not copied out: few kernels, all real
    const prog = compileProgram(makeJaxpr((x: NDArray, y: NDArray) => np.sum(np.exp(np.multiply(x, y)).real))(a, b).jaxpr, getBackend());
    assert.ok(prog.steps.length <= 4, `${prog.steps.length} steps`);
    for (const st of prog.steps) if (st.lowering.kind === "kernel") assert.ok(!st.lowering.kernel.out.startsWith("complex"));
  });
});

describe("random.normal with complex dtypes (as JAX: parts N(0, ½))", () => {
  test("dtype, moments, and eager = jit", () => {
    const z = random.normal(random.key(3), [40000], { dtype: "complex128" });
    assert.equal(z.dtype, "complex128");
    const re = np.real(z), im = np.imag(z);
    for (const p of [re, im]) {
      assert.ok(Math.abs(np.mean(p).item() as number) < 0.01);
      assert.ok(Math.abs((np.var(p).item() as number) - 0.5) < 0.015);
    }
    assert.ok(Math.abs((np.mean(np.multiply(re, im)).item() as number)) < 0.01, "independent parts");
    assert.equal(random.normal(random.key(0), [3], { dtype: "complex64" }).dtype, "complex64");
    const j = jit((k: NDArray) => random.normal(k, [4], { dtype: "complex64" }))(random.key(5));
    assert.deepEqual(j.toArray(), random.normal(random.key(5), [4], { dtype: "complex64" }).toArray());
  });
});

describe("properties: jit = eager, vmap = loop (fast-check)", () => {
  const part = fc.double({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true });
  const arr = (n: number) => fc.array(part, { minLength: 2 * n, maxLength: 2 * n }).map((xs) => np.complexFromInterleaved(new Float64Array(xs)));
  const fns: [string, (x: NDArray, y: NDArray) => NDArray][] = [
    ["exp(x)·y + x/(y+3)", (x, y) => np.add(np.multiply(np.exp(x), y), np.divide(x, np.add(y, 3 + 0.5)))],
    ["sum(conj(x)·y) + |x|", (x, y) => np.add(np.sum(np.multiply(np.conj(x), y)), np.sum(np.abs(x)))],
    ["sqrt(x)·log1p(y·y)", (x, y) => np.multiply(np.sqrt(x), np.log1p(np.multiply(y, y)))],
    ["outer(x, y) @ x", (x, y) => np.matmul(np.outer(x, y), x)],
  ];
  for (const [name, f] of fns) {
    test(name, () => {
      fc.assert(
        fc.property(arr(3), arr(3), arr(3), arr(3), (x0, y0, x1, y1) => {
          const close = (a: NDArray, b: NDArray) => {
            const p = [...a.data()], q = [...b.data()];
            return p.every((v, i) => Math.abs(v - q[i]) <= 1e-12 * (1 + Math.abs(q[i])) || (Number.isNaN(v) && Number.isNaN(q[i])));
          };
          const batched = vmap(f)(np.stack([x0, x1]), np.stack([y0, y1]));
          const loop = np.stack([f(x0, y0), f(x1, y1)]);
          return close(jit(f)(x0, y0), f(x0, y0)) && close(batched, loop);
        }),
        { numRuns: 12, seed: 13 },
      );
    });
  }
});

describe("control flow carries complex values (eagerly, under jit, vmap and grad)", () => {
  const z = np.complex(np.array([1, 2], "float64"), np.array([0.5, -1], "float64"));
  const c0 = np.complex(np.array(0, "float64"), 0);
  const scanF = (zz: NDArray) => lax.scan((c: NDArray, x: NDArray) => [np.add(c, x), np.multiply(c, x)], c0, zz)[1] as NDArray;
  const condF = (a: NDArray) => lax.cond(np.array(true), (b: NDArray) => np.multiply(b, b), (b: NDArray) => b, a) as NDArray;
  const loopF = (a: NDArray) => lax.foriLoop(0, 3, (_i: NDArray, b: NDArray) => np.multiply(b, np.complex(0, 1)), a) as NDArray;
  test("scan, cond and foriLoop: eager = jit = the hand-computed values", () => {
    const C = (re: number, im: number) => ({ re, im });
    for (const run of [<T>(f: T) => f, <T>(f: T) => jit(f as never) as T]) {
      assert.deepEqual(run(scanF)(z).toArray(), [C(0, 0), C(2.5, 0)]); // ys = [0, z0·z1]
      assert.deepEqual(run(condF)(z).toArray(), [C(0.75, 1), C(3, -4)]);
      assert.deepEqual(run(loopF)(z).toArray(), [C(0.5, -1), C(-1, -2)]); // z·i³ = −i·z
    }
    assert.deepEqual(vmap(condF)(z).toArray(), condF(z).toArray());
  });
  test("grad through scan and cond (JAX's convention)", () => {
    const g = grad((a: NDArray) => np.real(lax.scan((c: NDArray, x: NDArray) => [np.multiply(c, x), c], np.complex(np.array(1, "float64"), 0), a)[0] as NDArray))(z);
    assert.deepEqual(g.toArray(), [{ re: 2, im: -1 }, { re: 1, im: 0.5 }]); // grad Re(z₀z₁) = (z₁, z₀)
    const h = jit(grad((a: NDArray) => np.sum(np.abs(condF(a)))))(z);
    assert.deepEqual(h.toArray(), [{ re: 2, im: -1 }, { re: 4, im: 2 }]); // Σ|z²| = Σ|z|²: 2·conj(z)
  });
});

describe("statistics and norms of complex arrays are real (as NumPy)", () => {
  const z = np.complexFromInterleaved(new Float64Array([1, 2, 3, -1, 0, 0.5]));
  test("var, std (ddof), linalg.norm (vector, Frobenius, 1-norm); the spectral norm is not wired yet", () => {
    // NumPy: var 3.055555555555556, var(ddof=1) 4.583333333333334, std 1.7480147469502527, norm 3.905124837953327, norm(outer(z, z), 1) 18.652206641949665
    const near = (x: NDArray, want: number) => assert.ok(Math.abs((x.item() as number) - want) < 1e-14 * want, `${x} vs ${want}`);
    assert.equal(np.var(z).dtype, "float64");
    near(np.var(z), 3.055555555555556);
    near(np.var(z, { ddof: 1 }), 4.583333333333334);
    near(np.std(z), 1.7480147469502527);
    near(np.linalg.norm(z), 3.905124837953327);
    near(np.linalg.norm(np.outer(z, z), { ord: 1 }), 18.652206641949665);
    assert.throws(() => np.linalg.norm(np.outer(z, z), { ord: 2 }), /norm: the spectral norm of a complex128 matrix needs the complex SVD/);
  });
});
