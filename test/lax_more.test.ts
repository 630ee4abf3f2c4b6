/**
 * @file lax (issue 10, the rest of jax.lax): special-function wrappers, populationCount, clz,
 * nextafter, reducePrecision (against a NumPy bit-manipulation reference computed offline), shape
 * helpers, optimizationBarrier, convWithGeneralPadding, customRoot and customLinearSolve (implicit
 * derivatives against the analytic / dense ones: jvp, vjp, jit, vmap), strictness errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, lax, grad, jit, jvp, vjp, vmap, NDArray } from "../src/index.js";
import { close } from "./util.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, "float64");
const i32 = (v: number[]) => np.array(v, "int32");
const L = lax as any;

test("lax special wrappers: values (mpmath/scipy) and no promotion", () => {
  close(lax.besselI0e(f64([1, -3])), [0.46575960759364043, 0.2430003541618254], 1e-15);
  close(lax.besselI1e(f64([1])), [0.20791041534970844], 1e-15);
  close(lax.igamma(f64([2]), f64([1])), [0.26424111765711533], 1e-14);
  close(lax.igammac(f64([1]), f64([50])), [1.9287498479639178e-22], 1e-14);
  close(lax.igammaGradA(f64([2]), f64([1])), [-0.2761960457028348], 1e-12);
  close(lax.polygamma(1, f64([1])), [Math.PI ** 2 / 6], 1e-14);
  close(lax.zeta(f64([2]), f64([1])), [Math.PI ** 2 / 6], 1e-14);
  close(lax.betainc(f64([2]), f64([3]), f64([0.5])), [0.6875], 1e-14);
  close(lax.nextafter(f64([1]), f64([2])), [1.0000000000000002], 0);
  // randomGammaGrad: d x/d a at fixed quantile = −(∂P/∂a)/p(x; a); for a = 1: P = 1 − e⁻ˣ
  // ∂P/∂a at a = 1 (mpmath) −0.18017... / density e^{-x}
  const g = lax.randomGammaGrad(f64([1]), f64([0.5])).toArray() as number[];
  const h = 1e-6, P = (a: number) => (lax.igamma(f64([a]), f64([0.5])).toArray() as number[])[0];
  close(g[0], [-((P(1 + h) - P(1 - h)) / (2 * h)) / Math.exp(-0.5)], 1e-7);
  assert.throws(() => L.igamma(f64([1]), np.array([1], "float32")), /lax\.igamma: operand dtypes differ: float64 vs float32/);
  assert.throws(() => L.zeta(i32([2]), i32([1])), /lax\.zeta: expected float operands, got int32/);
  assert.throws(() => L.besselI0e(f64([1]), 2), /lax\.besselI0e: expected at most 1 argument/);
});

test("lax.populationCount / clz: 32-bit patterns (two's complement), x's dtype", () => {
  const p = lax.populationCount(i32([0, 7, -1, -2147483648, 255]));
  assert.equal(p.dtype, "int32");
  close(p, [0, 3, 32, 1, 8], 0);
  close(lax.populationCount(np.array([4294967295, 1], "uint32")), [32, 1], 0);
  close(lax.clz(i32([0, 1, -1, 65536, 2147483647])), [32, 31, 0, 15, 1], 0);
  assert.equal(lax.clz(np.array([1], "uint32")).dtype, "uint32");
  assert.throws(() => L.populationCount(f64([1])), /lax\.populationCount: expected an int32 or uint32 array, got float64/);
});

// numpy: float16 casts (5, 10) with XLA's flush of values below the smallest normal; bf16 (8, 7) by bits
const RP_X = [1.0, 1.00048828125, 1.000732421875, 1.0009765625, 3.1415927410125732, -2.7182817459106445, 65504.0, 65519.0, 65520.0, 100000.0, 6.199999916134402e-05, 6.1034999816911295e-05, 9.999999974752427e-07, -0.0, 0.33333298563957214];
const RP_F16 = [1.0, 1.0, 1.0009765625, 1.0009765625, 3.140625, -2.71875, 65504.0, 65504.0, Infinity, Infinity, 6.198883056640625e-05, 6.103515625e-05, 0, -0.0, 0.333251953125];
const RP_BF16 = [1.0, 1.0, 1.0, 1.0, 3.140625, -2.71875, 65536.0, 65536.0, 65536.0, 99840.0, 6.198883056640625e-05, 6.103515625e-05, 9.98377799987793e-07, -0.0, 0.333984375];

test("lax.reducePrecision: round to nearest even and XLA's exponent clamp (NumPy bit reference)", () => {
  for (const dt of ["float32", "float64"] as const) {
    const x = np.array(RP_X, dt);
    close(lax.reducePrecision(x, 5, 10), RP_F16, 0);
    close(lax.reducePrecision(x, 8, 7), RP_BF16, 0);
    assert.equal(lax.reducePrecision(x, 5, 10).dtype, dt);
  }
  close(lax.reducePrecision(np.array([NaN, Infinity, -Infinity], "float32"), 5, 2), [NaN, Infinity, -Infinity], 0);
  close(lax.reducePrecision(f64([0.1]), 11, 52), [0.1], 0); // no-op at the native precision
  close(lax.reducePrecision(f64([0.1]), 8, 23), [Math.fround(0.1)], 0); // float64 → float32 rounding
  close(jit((x: NDArray) => lax.reducePrecision(x, 5, 10))(np.array(RP_X, "float32")) as NDArray, RP_F16, 0);
  assert.throws(() => L.reducePrecision(f64([1]), 0, 3), /lax\.reducePrecision: exponentBits must be ≥ 1, got 0/);
});

test("lax shape helpers: indexInDim, split, zerosLikeArray, broadcastShapes, broadcastToRank, reduceXor, optimizationBarrier", () => {
  const m = f64([[1, 2], [3, 4]]);
  close(lax.indexInDim(m, 1, 0, false), [3, 4], 0);
  assert.deepEqual(lax.indexInDim(m, -1, 1).shape, [2, 1]);
  close(lax.indexInDim(m, -1, 1), [[2], [4]], 0);
  assert.throws(() => lax.indexInDim(m, 2), /lax\.indexInDim: index 2 is out of range for axis 0 of size 2/);
  const parts = lax.split(np.arange(5), [2, 3]);
  close(parts[0], [0, 1], 0);
  close(parts[1], [2, 3, 4], 0);
  assert.throws(() => lax.split(np.arange(5), [2, 2]), /lax\.split: sizes \[2,2\] must be non-negative and sum to 5/);
  close(lax.zerosLikeArray(f64([1, 2])), [0, 0], 0);
  assert.deepEqual(lax.broadcastShapes([2, 1], [3]), [2, 3]);
  assert.throws(() => lax.broadcastShapes([2], [3]), /broadcast/);
  assert.deepEqual(lax.broadcastToRank(np.ones([3]), 3).shape, [1, 1, 3]);
  close(lax.reduceXor(i32([1, 3, 4]), [0]), [6], 0);
  close(lax.reduceXor(np.array([[1, 2, 4], [7, 7, 1]], "int32"), [1]), [7, 1], 0);
  close(lax.reduceXor(np.array([[true, true], [false, true]]), [0, 1]), [true], 0);
  assert.throws(() => L.reduceXor(f64([1]), [0]), /lax\.reduceXor: expected an integer or bool array, got float64/);
  const t = { a: m, b: [f64([1])] };
  assert.equal(lax.optimizationBarrier(t), t);
  close(grad((x: NDArray) => np.sum(lax.optimizationBarrier(np.square(x))))(f64([3])) as NDArray, [6], 0);
});

test("lax.convWithGeneralPadding: as convGeneralDilated with the same padding and dilations", () => {
  const x = np.arange(16, { dtype: "float64" }).reshape([1, 1, 4, 4]);
  const w = np.array([[[[1, 0], [0, -1]]]], "float64");
  const a = lax.convWithGeneralPadding(x, w, [1, 1], [[1, 0], [0, 1]], [1, 1], [2, 1]);
  const b = lax.convGeneralDilated(x, w, [1, 1], [[1, 0], [0, 1]], { lhsDilation: [1, 1], rhsDilation: [2, 1] });
  close(a, [b.toArray()].flat(Infinity as 1) as number[], 0);
});


test("lax.indexTake, convDimensionNumbers, convGeneralDilatedPatches", () => {
  const m = np.arange(12, { dtype: "float64" }).reshape([3, 4]);
  close(lax.indexTake(m, [i32([0, 2, 1]), i32([1, 3, 0])], [0, 1]), [1, 11, 4], 0);
  close(lax.indexTake(m, [i32([2, 0])], [0]), [[8, 9, 10, 11], [0, 1, 2, 3]], 0);
  const t3 = np.arange(24, { dtype: "float64" }).reshape([2, 3, 4]);
  close(lax.indexTake(t3, [i32([1]), i32([3])], [0, 2]), [[15, 19, 23]], 0); // axes 0 and 2 taken, axis 1 kept
  close(grad((x: NDArray) => np.sum(lax.indexTake(x, [i32([0, 0]), i32([1, 1])], [0, 1])))(m) as NDArray, [[0, 2, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], 0);
  assert.throws(() => lax.indexTake(m, [i32([0])], [0, 1]), /lax\.indexTake: expected one index array per distinct axis/);
  assert.deepEqual(lax.convDimensionNumbers([1, 5, 5, 3], [3, 3, 3, 8], ["NHWC", "HWIO", "NHWC"]), { lhs: [0, 3, 1, 2], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] });
  assert.deepEqual(lax.convDimensionNumbers([1, 3, 5], [8, 3, 2]), { lhs: [0, 1, 2], rhs: [0, 1, 2], out: [0, 1, 2] });
  // patches of a [1, 2, 3, 3] image with a 2×2 window: feature c·4 + (di·2 + dj) at (i, j) is x[c, i+di, j+dj]
  const x = np.arange(18, { dtype: "float64" }).reshape([1, 2, 3, 3]);
  const p = lax.convGeneralDilatedPatches(x, [2, 2], [1, 1], "VALID");
  assert.deepEqual(p.shape, [1, 8, 2, 2]);
  const xv = x.toArray() as number[][][][], pv = p.toArray() as number[][][][];
  for (let c = 0; c < 2; c++) for (let di = 0; di < 2; di++) for (let dj = 0; dj < 2; dj++) for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
    assert.equal(pv[0][c * 4 + di * 2 + dj][i][j], xv[0][c][i + di][j + dj]);
  }
  // channels-last: the same patches, laid out NHWC
  const pl = lax.convGeneralDilatedPatches(np.transpose(x, [0, 2, 3, 1]), [2, 2], [1, 1], "VALID", { dimensionNumbers: ["NHWC", "OIHW", "NHWC"] });
  close(pl, [np.transpose(p, [0, 2, 3, 1]).toArray()].flat(Infinity as 1) as number[], 0);
});

/** Newton's method with fixed steps (the solver is not differentiated: customRoot stops its gradient). */
const newton = (f: (x: NDArray) => NDArray, x0: NDArray): NDArray => {
  let x = x0;
  for (let i = 0; i < 30; i++) {
    const [fx, dfx] = jvp(f, [x], [np.onesLike(x)]) as [NDArray, NDArray];
    x = np.subtract(x, np.divide(fx, dfx));
  }
  return x;
};
const scalarSolve = (g: (v: NDArray) => NDArray, y: NDArray) => np.divide(y, g(np.onesLike(y)));

test("lax.customRoot: √a as the root of x² − a, implicit derivatives 1/(2√a): jvp, vjp, jit, vmap, second order, pytrees", () => {
  const sqrtRoot = (a: NDArray) => lax.customRoot((x: NDArray) => np.subtract(np.square(x), a), np.onesLike(a), newton, scalarSolve) as NDArray;
  close(sqrtRoot(f64(2)), [Math.SQRT2], 1e-15);
  close(grad(sqrtRoot)(f64(2)) as NDArray, [1 / (2 * Math.SQRT2)], 1e-14);
  close(jvp(sqrtRoot, [f64(4)], [f64(1)])[1] as NDArray, [0.25], 1e-14);
  const [y, back] = vjp(sqrtRoot, f64(9));
  close(y as NDArray, [3], 1e-15);
  close(back(f64(2))[0] as NDArray, [1 / 3], 1e-14);
  close(jit(grad(sqrtRoot))(f64(2)) as NDArray, [1 / (2 * Math.SQRT2)], 1e-14);
  close(vmap(grad(sqrtRoot))(f64([1, 4, 16])) as NDArray, [0.5, 0.25, 0.125], 1e-14);
  close(grad(grad(sqrtRoot))(f64(4)) as NDArray, [-1 / 32], 1e-12); // (√a)″ = −¼·a^(−3/2)
  // a pytree root: f(x) = [x₀ − a, x₁·x₀ − 1] ⇒ x = [a, 1/a], dx₁/da = −1/a²; the solver uses only f
  const pair = (a: NDArray) => {
    const f = (x: NDArray[]) => [np.subtract(x[0], a), np.subtract(np.multiply(x[1], x[0]), 1)];
    const solve = (fn: (x: NDArray[]) => NDArray[], g: NDArray[]) => {
      const x0 = np.subtract(g[0], fn(g)[0]); // f₀ is linear in x₀: one step
      return [x0, np.divide(1, x0)];
    };
    const tsolve = (lin: (v: NDArray[]) => NDArray[], r: NDArray[]) => {
      // lin(v) = [v₀, x₁v₀ + x₀v₁]: the lower-triangular system from lin's columns
      const c0 = lin([np.onesLike(r[0]), np.zerosLike(r[1])]), c1 = lin([np.zerosLike(r[0]), np.onesLike(r[1])]);
      const v0 = np.divide(r[0], c0[0]);
      return [v0, np.divide(np.subtract(r[1], np.multiply(c0[1], v0)), c1[1])];
    };
    return (lax.customRoot(f, [f64(1), f64(1)], solve, tsolve) as NDArray[])[1];
  };
  close(pair(f64(2)), [0.5], 1e-15);
  close(grad(pair)(f64(2)) as NDArray, [-0.25], 1e-14);
  // hasAux: the solver also returns its iteration count (no derivative), as JAX's has_aux
  const withAux = (a: NDArray) => {
    const solve = (fn: (x: NDArray) => NDArray, x0: NDArray) => [newton(fn, x0), np.array(30, "int32")];
    return lax.customRoot((x: NDArray) => np.subtract(np.square(x), a), np.onesLike(a), solve, scalarSolve, { hasAux: true }) as [NDArray, NDArray];
  };
  const [r2, iters] = withAux(f64(4));
  close(r2, [2], 1e-15);
  assert.equal(iters.item(), 30);
  close(grad((a: NDArray) => withAux(a)[0])(f64(4)) as NDArray, [0.25], 1e-14);
  assert.throws(() => lax.customRoot((x: NDArray) => x, f64(1), newton, scalarSolve, { hasAux: true }), /lax\.customRoot: with hasAux, solve must return \[solution, aux\]/);
  assert.throws(() => lax.customRoot((x: NDArray) => [x], f64(1), newton, scalarSolve), /lax\.customRoot: f must return the structure of its input/);
  assert.throws(() => (lax as any).customRoot((x: NDArray) => x, f64(1), newton), /lax\.customRoot: argument tangentSolve is missing/);
});

test("lax.customLinearSolve: derivatives in b and in the operator against the dense solve (jvp, vjp, jit; a whileLoop solver)", () => {
  const A0 = f64([[4, 1, 0], [1, 3, 1], [0, 1, 2]]);
  const b0 = f64([1, 2, 3]);
  const dense = (A: NDArray, b: NDArray) => np.linalg.solve(A, b);
  const direct = (A: NDArray, b: NDArray) =>
    lax.customLinearSolve((v: NDArray) => np.matmul(A, v), b, (_mv: unknown, r: NDArray) => np.linalg.solve(A, r), null, { symmetric: true }) as NDArray;
  // conjugate gradients in a whileLoop: not differentiable itself, so every derivative is the implicit one
  const cg = (mv: (v: NDArray) => NDArray, r: NDArray): NDArray => {
    const init = [np.zerosLike(r), r, r, np.array(0, "int32")];
    const out = lax.whileLoop((s: NDArray[]) => np.logicalAnd(np.less(s[3], 20), np.greater(np.sum(np.square(s[1])), 1e-30)), (s: NDArray[]) => {
      const [x, res, p, k] = s;
      const Ap = mv(p), rr = np.sum(np.square(res));
      const alpha = np.divide(rr, np.sum(np.multiply(p, Ap)));
      const x1 = np.add(x, np.multiply(alpha, p)), r1 = np.subtract(res, np.multiply(alpha, Ap));
      const beta = np.divide(np.sum(np.square(r1)), rr);
      return [x1, r1, np.add(r1, np.multiply(beta, p)), np.add(k, 1)];
    }, init) as NDArray[];
    return out[0];
  };
  const viaCg = (A: NDArray, b: NDArray) => lax.customLinearSolve((v: NDArray) => np.matmul(A, v), b, cg, null, { symmetric: true }) as NDArray;
  const flat = (a: NDArray) => [a.toArray()].flat(Infinity as 1) as number[];
  for (const f of [direct, viaCg]) {
    close(f(A0, b0), flat(dense(A0, b0)), 1e-13);
    const dA = f64([[0.1, 0.2, 0], [0.2, -0.3, 0.1], [0, 0.1, 0.4]]), db = f64([0.5, -1, 2]);
    close(jvp(f, [A0, b0], [dA, db])[1] as NDArray, flat(jvp(dense, [A0, b0], [dA, db])[1] as NDArray), 1e-12);
    const loss = (g: typeof dense) => (A: NDArray, b: NDArray) => np.sum(np.multiply(g(A, b), f64([1, -2, 0.5])));
    const gc = grad(loss(f), { argnums: [0, 1] })(A0, b0) as NDArray[];
    const gd = grad(loss(dense), { argnums: [0, 1] })(A0, b0) as NDArray[];
    close(gc[0], flat(gd[0]), 1e-12);
    close(gc[1], flat(gd[1]), 1e-12);
    close(jit(grad(loss(f), { argnums: 1 }))(A0, b0) as NDArray, flat(gd[1]), 1e-12);
  }
  // a pytree right-hand side, the operator's scale closed over: f(s) = Σ A⁻¹b = 3/s + 1, f′ = −3/s²
  const pytree = (s: NDArray) => {
    const mv = (x: NDArray[]) => [np.multiply(s, x[0]), np.multiply(3, x[1])];
    const solve = (_m: unknown, r: NDArray[]) => [np.divide(r[0], s), np.divide(r[1], 3)];
    const out = lax.customLinearSolve(mv, [f64([1, 2]), f64([3])], solve, null, { symmetric: true }) as NDArray[];
    return np.add(np.sum(out[0]), np.sum(out[1]));
  };
  close(pytree(f64(2)), [2.5], 1e-15);
  close(grad(pytree)(f64(2)) as NDArray, [-0.75], 1e-15);
  // hasAux: the solver's extra outputs come back beside x, without derivative
  const withAux = (A: NDArray, b: NDArray) =>
    lax.customLinearSolve((v: NDArray) => np.matmul(A, v), b, (mv: (v: NDArray) => NDArray, r: NDArray) => [cg(mv, r), { residual: np.sum(np.square(np.subtract(mv(cg(mv, r)), r))) }], null, { symmetric: true, hasAux: true }) as [NDArray, { residual: NDArray }];
  const [xa, auxOut] = withAux(A0, b0);
  close(xa, flat(dense(A0, b0)), 1e-13);
  assert.ok((auxOut.residual.item() as number) < 1e-20);
  const gAux = grad((b: NDArray) => np.sum(np.multiply(withAux(A0, b)[0], f64([1, -2, 0.5]))))(b0) as NDArray;
  close(gAux, flat(np.linalg.solve(A0, f64([1, -2, 0.5]))), 1e-12);
  const [, tAux] = jvp((b: NDArray) => withAux(A0, b)[1].residual, [b0], [b0]) as [NDArray, NDArray];
  close(tAux, [0], 0);
  assert.throws(() => lax.customLinearSolve((v: NDArray) => v, b0, (_m: unknown, r: NDArray) => r, null, { hasAux: true }), /lax\.customLinearSolve: with hasAux, solve must return \[x, aux\]/);
  close(jvp(pytree, [f64(2)], [f64(1)])[1] as NDArray, [-0.75], 1e-15);
  assert.throws(() => (lax as any).customLinearSolve((v: NDArray) => v, b0, scalarSolve, null, { symetric: true }), /lax\.customLinearSolve: unknown option "symetric"/);
});
