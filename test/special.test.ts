/** @file special: logsumexp, erf, erfc, xlogy, xlog1py, expit, logit, gammaln — values, stability, derivatives, vmap. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, special, nn, grad, jvp, vjp, vmap } from "../src/index.js";
import { erfRef } from "./reference.js";
import { close } from "./util.js";

type DT = "float32" | "float64";
const DTYPES: DT[] = ["float32", "float64"];
const tolOf = (d: DT) => (d === "float32" ? 2e-6 : 1e-13);
const a = (v: number | number[] | number[][], dtype: DT = "float64") => np.array(v, { dtype });


const lseRef = (xs: number[]) => Math.log(xs.reduce((s, x) => s + Math.exp(x), 0));

test("logsumexp: values, axes, keepdims, large and −∞ inputs", () => {
  for (const d of DTYPES) {
    const tol = tolOf(d);
    close(special.logsumexp(a([0, 0], d)), Math.LN2, tol);
    assert.equal(special.logsumexp(a([1, 2, 3], d)).dtype, d);
    close(special.logsumexp(a([1, 2, 3], d)), lseRef([1, 2, 3]), tol);
    const m = [[1, 2, 3], [-1, 0.5, 4]];
    close(special.logsumexp(a(m, d), { axis: 1 }), m.map(lseRef), tol);
    close(special.logsumexp(a(m, d), { axis: 0 }), [0, 1, 2].map((j) => lseRef([m[0][j], m[1][j]])), tol);
    close(special.logsumexp(a(m, d), { axis: -1, keepdims: true }), m.map((r) => [lseRef(r)]), tol);
    assert.deepEqual(special.logsumexp(a(m, d), { axis: [0, 1], keepdims: true }).shape, [1, 1]);
    close(special.logsumexp(a(m, d)), lseRef(m.flat()), tol);
    // no overflow or underflow: the max is subtracted first
    close(special.logsumexp(a([1000, 1000], d)), 1000 + Math.LN2, tol);
    close(special.logsumexp(a([-1000, -1000], d)), -1000 + Math.LN2, tol);
    // rows of −∞ give −∞; +∞ gives +∞; NaN propagates
    close(special.logsumexp(a([[-Infinity, -Infinity], [0, -Infinity]], d), { axis: 1 }), [-Infinity, 0], tol);
    close(special.logsumexp(a([1, Infinity], d)), Infinity);
    close(special.logsumexp(a([1, NaN], d)), NaN);
  }
  // integer inputs become the default float
  assert.ok(["float32", "float64"].includes(special.logsumexp(np.array([1, 2], { dtype: "int32" })).dtype));
});

test("logsumexp: weights b and the signed variant", () => {
  close(special.logsumexp(a([1, 2, 3]), { b: a([1, 2, 0.5]) }), Math.log(Math.E + 2 * Math.E ** 2 + 0.5 * Math.E ** 3));
  close(special.logsumexp(a([[1, 2], [3, 4]]), { b: 2, axis: 1 }), [Math.log(2) + lseRef([1, 2]), Math.log(2) + lseRef([3, 4])]);
  close(special.logsumexp(a([0, 0]), { b: a([1, -2]) }), NaN); // negative sum: NaN, as JAX without return_sign
  const [v, s] = special.logsumexpWithSign(a([0, 0]), { b: a([1, -2]) });
  close(v, 0);
  close(s, -1);
  const [v2, s2] = special.logsumexpWithSign(a([[0, Math.log(3)]]), { b: a([[-1, 1]]), axis: 1, keepdims: true });
  close(v2, [[Math.LN2]]);
  close(s2, [[1]]);
  // b = 0 entries drop out exactly
  close(special.logsumexp(a([5, 1000]), { b: a([1, 0]) }), 5);
});

test("logsumexp: gradient is softmax (also at large inputs), jvp and vmap", () => {
  for (const d of DTYPES) {
    const x = [1, 2, 3, -4];
    const s = x.map((v) => Math.exp(v - lseRef(x)));
    close(grad((z: NDArray) => special.logsumexp(z))(a(x, d)), s, tolOf(d));
    close(grad((z: NDArray) => special.logsumexp(z))(a([1000, 1000], d)), [0.5, 0.5], tolOf(d));
    close(grad((z: NDArray) => special.logsumexp(z))(a([0, -Infinity], d)), [1, 0], tolOf(d));
    // d lse along t = Σ softmax·t
    const t = [0.5, -1, 2, 1];
    const [, dy] = jvp((z: NDArray) => special.logsumexp(z), [a(x, d)], [a(t, d)]);
    close(dy, s.reduce((acc, si, i) => acc + si * t[i], 0), tolOf(d));
    // rows: ∂/∂x Σ_rows lse(row) = softmax of each row
    const m = [[1, 2, 3], [0, 0, 0]];
    close(grad((z: NDArray) => np.sum(special.logsumexp(z, { axis: 1 })))(a(m, d)), nn.softmax(a(m, d)).toArray() as number[][], tolOf(d));
  }
  const rows = a([[1, 2, 3], [4, 5, 7], [-1, 0, 0]]);
  close(vmap((r: NDArray) => special.logsumexp(r))(rows), [[1, 2, 3], [4, 5, 7], [-1, 0, 0]].map(lseRef));
  // the weights get a gradient too: ∂/∂b log Σ b eˣ = eˣ / Σ b eˣ
  const [, back] = vjp((b: NDArray) => special.logsumexp(a([0, 1]), { b }), a([1, 1]));
  const [gb] = back(a(1)) as NDArray[];
  close(gb, [1 / (1 + Math.E), Math.E / (1 + Math.E)]);
});

test("erf and erfc: values (float32/float64), tails, derivatives", () => {
  const xs = [-2, -1, -0.3, 0, 0.2, 1, 1.7, 2]; // |x| ≤ 2, where the series reference is accurate to ~1e-15
  for (const d of DTYPES) {
    close(special.erf(a(xs, d)), xs.map(erfRef), d === "float32" ? 2e-7 : 1e-14);
    close(special.erfc(a(xs, d)), xs.map((x) => 1 - erfRef(x)), d === "float32" ? 2e-7 : 1e-14);
    assert.equal(special.erfc(a(xs, d)).dtype, d);
  }
  // tail values (relative accuracy where 1 − erf(x) would round to 0)
  const tail: [number, number][] = [[2, 0.004677734981047266], [3, 2.209049699858544e-5], [5, 1.5374597944280349e-12], [10, 2.0884875837625447e-45], [-3, 2 - 2.209049699858544e-5]];
  for (const [x, ref] of tail) {
    const v = special.erfc(a(x)).item();
    assert.ok(Math.abs(v - ref) <= 1e-14 * ref, `erfc(${x}) = ${v}, expected ${ref}`);
  }
  close(special.erfc(a([Infinity, -Infinity, NaN])), [0, 2, NaN]);
  // d erf = −d erfc = 2/√π e^(−x²), in the tail too
  for (const x of [-1, 0, 0.5, 2.5, 6]) {
    const ref = (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);
    close(grad((z: NDArray) => special.erf(z))(a(x)), ref, 1e-13);
    const g = grad((z: NDArray) => special.erfc(z))(a(x)).item();
    assert.ok(Math.abs(g + ref) <= 1e-12 * ref, `erfc'(${x}) = ${g}, expected ${-ref}`);
  }
  close(vmap((z: NDArray) => special.erfc(z))(a([0, 3])), [1, 2.209049699858544e-5]);
});

test("xlogy and xlog1py: 0 where x = 0, finite gradients there", () => {
  for (const d of DTYPES) {
    const tol = tolOf(d);
    close(special.xlogy(a([2, 0, 0, 0, 0, 3], d), a([3, 0, -1, Infinity, 5, 0], d)), [2 * Math.log(3), 0, 0, 0, 0, -Infinity], tol);
    close(special.xlog1py(a([2, 0, 0, 0], d), a([3, -1, -2, Infinity], d)), [2 * Math.log(4), 0, 0, 0], tol);
    assert.equal(special.xlogy(a([1], d), 2).dtype, d);
    // at x = 0: ∂/∂y = 0, ∂/∂x = log y (finite y > 0) and 0 where log y is not finite
    const gx = grad((x: NDArray, y: NDArray) => np.sum(special.xlogy(x, y)), { argnums: [0, 1] });
    const [dx, dy] = gx(a([0, 0, 0, 2], d), a([0, 3, -1, 4], d)) as NDArray[];
    close(dx, [0, Math.log(3), 0, Math.log(4)], tol);
    close(dy, [0, 0, 0, 0.5], tol);
    const g1 = grad((x: NDArray, y: NDArray) => np.sum(special.xlog1py(x, y)), { argnums: [0, 1] });
    const [ex, ey] = g1(a([0, 0, 3], d), a([-1, 2, 1], d)) as NDArray[];
    close(ex, [0, Math.log(3), Math.log(2)], tol);
    close(ey, [0, 0, 1.5], tol);
  }
  close(special.xlogy(a([[1], [2]]), a([1, Math.E])), [[0, 1], [0, 2]]); // broadcasting
  assert.equal(special.xlogy(0, 0).item(), 0);
});

test("expit and logit: stable values, inverse pair, derivatives", () => {
  const ref = (x: number) => 1 / (1 + Math.exp(-x));
  for (const d of DTYPES) {
    const tol = tolOf(d);
    const xs = [-1000, -40, -3, 0, 0.5, 3, 40, 1000];
    const s = special.expit(a(xs, d));
    assert.equal(s.dtype, d);
    close(s, xs.map(ref), tol);
    // relative accuracy deep in the lower tail (no 1 − 1 cancellation)
    const small = special.expit(a([-30], d)).item();
    assert.ok(Math.abs(small / Math.exp(-30) - 1) < 1e-6, `expit(-30) = ${small}`);
    // σ' = σ(1 − σ): finite and correct at both extremes and at 0
    close(grad((x: NDArray) => np.sum(special.expit(x)))(a(xs, d)), xs.map((x) => ref(x) * (1 - ref(x))), tol);
    const ps = [0.01, 0.25, 0.5, 0.9];
    close(special.logit(a(ps, d)), ps.map((p) => Math.log(p / (1 - p))), tol * 10);
    close(special.expit(special.logit(a(ps, d))), ps, tol * 10);
    close(grad((p: NDArray) => np.sum(special.logit(p)))(a(ps, d)), ps.map((p) => 1 / (p * (1 - p))), tol * 10);
  }
  close(special.logit(a([0, 1])), [-Infinity, Infinity]);
  close(special.expit(a([NaN])), [NaN]);
});

/** ln Γ at integers and half-integers, from factorials (independent of the library). */
const lnFact = (n: number) => Array.from({ length: n }, (_, i) => Math.log(i + 1)).reduce((s, v) => s + v, 0);
const EULER = 0.5772156649015329;

test("gammaln: integers, half-integers, reflection, poles, large arguments", () => {
  const ints = [1, 2, 3, 5, 10, 20, 50, 171];
  close(special.gammaln(a(ints)), ints.map((n) => lnFact(n - 1)), 1e-14);
  // Γ(n + ½) = (2n)! √π / (4ⁿ n!)
  const halves = [0, 1, 2, 5, 12];
  close(special.gammaln(a(halves.map((n) => n + 0.5))), halves.map((n) => lnFact(2 * n) + 0.5 * Math.log(Math.PI) - n * Math.log(4) - lnFact(n)), 1e-14);
  // reflection: Γ(−½) = −2√π, Γ(−3/2) = 4√π/3, Γ(−5/2) = −8√π/15 → log of the absolute value
  close(special.gammaln(a([-0.5, -1.5, -2.5])), [Math.log(2 * Math.sqrt(Math.PI)), Math.log((4 * Math.sqrt(Math.PI)) / 3), Math.log((8 * Math.sqrt(Math.PI)) / 15)], 1e-14);
  // near zero: ln Γ(x) ≈ −ln x − γx
  close(special.gammaln(a([1e-8])), [-Math.log(1e-8) - EULER * 1e-8], 1e-14);
  close(special.gammaln(a([0, -1, -7, Infinity])), [Infinity, Infinity, Infinity, Infinity]);
  // large: Stirling directly (ln Γ(1001) = ln 1000!)
  close(special.gammaln(a([1001])), [lnFact(1000)], 1e-14);
  // float32
  const g32 = special.gammaln(a([0.5, 3, 10], "float32"));
  assert.equal(g32.dtype, "float32");
  close(g32, [0.5 * Math.log(Math.PI), Math.log(2), lnFact(9)], 1e-6);
});

test("gammaln: derivative is digamma", () => {
  // ψ(1) = −γ, ψ(n + 1) = −γ + Hₙ, ψ(½) = −γ − 2 ln 2, ψ(1 − x) − ψ(x) = π cot(πx)
  const H = (n: number) => Array.from({ length: n }, (_, i) => 1 / (i + 1)).reduce((s, v) => s + v, 0);
  const g = (x: number) => grad((z: NDArray) => special.gammaln(z))(a(x)).item();
  close(g(1), -EULER, 1e-12);
  close(g(5), -EULER + H(4), 1e-12);
  close(g(30), -EULER + H(29), 1e-12);
  close(g(0.5), -EULER - 2 * Math.LN2, 1e-12);
  close(g(-0.5), -EULER - 2 * Math.LN2 + 2, 1e-12); // ψ(x + 1) = ψ(x) + 1/x with x = −½
  close(vmap((z: NDArray) => special.gammaln(z))(a([1, 2, 3, 4])), [0, 0, Math.log(2), Math.log(6)], 1e-14);
});
