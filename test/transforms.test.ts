/**
 * @file The composition matrix: every transformation nested in the others, checked against analytic
 * derivatives (float64), with matmul, reductions and broadcasting inside.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  NDArray, np, grad, valueAndGrad, jvp, vjp, vmap, jacfwd, jacrev, hessian, linearize, linearTranspose, stopGradient, jit,
  setDefaultFloat, getDefaultFloat, tree,
} from "../src/index.js";

type Nested = number | Nested[];
let saved: ReturnType<typeof getDefaultFloat>;
before(() => {
  saved = getDefaultFloat();
  setDefaultFloat("float64");
});
after(() => setDefaultFloat(saved));

const A = (v: Nested) => np.array(v as number[], { dtype: "float64" });

/** Elementwise closeness of an array (or number) to nested expected values, with shape check. */
function close(actual: NDArray | number, expected: NDArray | Nested, tol = 1e-10, what = ""): void {
  const a = typeof actual === "number" ? actual : actual.toArray();
  const e = expected instanceof NDArray ? expected.toArray() : expected;
  if (actual instanceof NDArray && expected instanceof NDArray) assert.deepEqual(actual.shape, expected.shape, `${what} shape`);
  const fa = ([a] as unknown[]).flat(Infinity) as number[];
  const fe = ([e] as unknown[]).flat(Infinity) as number[];
  const msg = `${what}: got ${JSON.stringify(a)}, expected ${JSON.stringify(e)}`;
  assert.equal(fa.length, fe.length, msg);
  fa.forEach((v, i) => assert.ok(Math.abs(v - fe[i]) <= tol * Math.max(1, Math.abs(fe[i])), msg));
}

/** Two pytrees of arrays have the same structure and close leaves. */
function treeClose(actual: unknown, expected: unknown, tol = 1e-10): void {
  const [la, da] = tree.flatten(actual);
  const [le, de] = tree.flatten(expected);
  assert.ok(da.equals(de), `structure ${da} vs ${de}`);
  la.forEach((l, i) => close(l as NDArray, le[i] as NDArray, tol, `leaf ${i}`));
}

// f(x) = x²·sin x and its first three derivatives
const f = (x: NDArray) => np.multiply(np.square(x), np.sin(x));
const f1 = (x: number) => 2 * x * Math.sin(x) + x * x * Math.cos(x);
const f2 = (x: number) => 2 * Math.sin(x) + 4 * x * Math.cos(x) - x * x * Math.sin(x);
const f3 = (x: number) => 6 * Math.cos(x) - 6 * x * Math.sin(x) - x * x * Math.cos(x);
const xs = [-1.3, 0.2, 0.7, 2.1];

// ---- nested derivatives of a scalar function ----

test("grad(grad(grad(f))) matches f‴", () => {
  const g3 = grad(grad(grad(f)));
  for (const x of xs) close(g3(A(x)), f3(x));
});

test("jvp of grad gives f″; vjp of jvp gives f″", () => {
  for (const x of xs) {
    const [g, dg] = jvp(grad(f), [A(x)], [A(1)]);
    close(g, f1(x));
    close(dg, f2(x));
    const tangentOf = (y: NDArray) => jvp(f, [y], [A(1)])[1];
    const [t, back] = vjp(tangentOf, A(x));
    close(t, f1(x));
    close(back(A(1))[0], f2(x));
  }
});

test("vmap(grad(f)), grad of a summed vmap, and vmap of jvp agree with f′ on a grid", () => {
  const grid = A(xs);
  const expected = xs.map(f1);
  close(vmap(grad(f))(grid), expected);
  close(grad((v: NDArray) => np.sum(vmap(f)(v)))(grid), expected);
  close(vmap((x: NDArray) => jvp(f, [x], [A(1)])[1])(grid), expected);
  // second order under vmap
  close(vmap(grad(grad(f)))(grid), xs.map(f2));
});

test("jvp of vmap with a batched tangent, and vmap of jvp with mapped tangents", () => {
  const grid = A(xs);
  const dirs = A([1, 2, -1, 0.5]);
  const [y, dy] = jvp(vmap(f), [grid], [dirs]);
  close(y, xs.map((x) => x * x * Math.sin(x)));
  close(dy, xs.map((x, i) => f1(x) * [1, 2, -1, 0.5][i]));
  const tangents = vmap((t: NDArray) => jvp(f, [A(0.7)], [t])[1])(dirs);
  close(tangents, [1, 2, -1, 0.5].map((t) => t * f1(0.7)));
});

// ---- Hessians and Jacobians ----

// g(x) = Σ eˣⁱ·xᵢ + (Σ xᵢ)²: ∇g = eˣ(1 + x) + 2Σx, H = diag(eˣ(2 + x)) + 2·𝟙
const g = (x: NDArray) => np.add(np.sum(np.multiply(np.exp(x), x)), np.square(np.sum(x)));
const gHess = (x: number[]) => x.map((xi, i) => x.map((_, j) => (i === j ? Math.exp(xi) * (2 + xi) : 0) + 2));

test("jacfwd(jacrev(g)) = hessian(g) = jacrev(jacfwd(g)) = jacrev(jacrev(g)) = analytic", () => {
  const xv = [0.3, -0.5, 1.2];
  const x = A(xv);
  const H = gHess(xv);
  close(hessian(g)(x), H);
  close(jacfwd(jacrev(g))(x), H);
  close(jacrev(jacfwd(g))(x), H);
  close(jacrev(jacrev(g))(x), H);
  close(jacfwd(jacfwd(g))(x), H);
  close(jacfwd(grad(g))(x), H);
});

test("jacfwd = jacrev on a non-square map with several input and output pytrees (shape = output ++ input)", () => {
  // h({a: [2], b: [3,2]}, c: [4]) = [ (b·a)·c₀ , { s: Σa² + Σc } ]
  const h = (p: { a: NDArray; b: NDArray }, c: NDArray) => [
    np.multiply(np.matmul(p.b, p.a), np.sum(np.multiply(c, A([1, 0, 0, 0])))),
    { s: np.add(np.sum(np.square(p.a)), np.sum(c)) },
  ] as const;
  const av = [0.5, -2], bv = [[1, 2], [3, 4], [5, 6]], cv = [1.5, 2, 3, 4];
  const p = { a: A(av), b: A(bv) };
  const c = A(cv);
  const jf = jacfwd(h, { argnums: [0, 1] })(p, c);
  const jr = jacrev(h, { argnums: [0, 1] })(p, c);
  treeClose(jr, jf);
  // structure: output tree with the (argnums) input tree inside each output leaf
  assert.equal(String(tree.structure(jf)), "[[{a: *, b: *}, *], {s: [{a: *, b: *}, *]}]");
  const [[d0, dc0], { s: [ds, dcs] }] = jf;
  assert.deepEqual(d0.a.shape, [3, 2]);
  assert.deepEqual(d0.b.shape, [3, 3, 2]);
  assert.deepEqual(dc0.shape, [3, 4]);
  assert.deepEqual(ds.a.shape, [2]);
  assert.deepEqual(ds.b.shape, [3, 2]);
  assert.deepEqual(dcs.shape, [4]);
  const ba = bv.map((row) => row[0] * av[0] + row[1] * av[1]);
  close(d0.a, bv.map((row) => row.map((v) => v * cv[0])));
  close(d0.b, [0, 1, 2].map((i) => [0, 1, 2].map((k) => av.map((al) => (i === k ? al * cv[0] : 0)))));
  close(dc0, ba.map((v) => [v, 0, 0, 0]));
  close(ds.a, av.map((v) => 2 * v));
  close(ds.b, [[0, 0], [0, 0], [0, 0]]);
  close(dcs, [1, 1, 1, 1]);
  // a single argnum gives the bare block, not a 1-tuple
  const jc = jacrev(h, { argnums: 1 })(p, c);
  close(jc[0], dc0);
  close(jc[1].s, dcs);
});

test("jacfwd and jacrev of a matrix-valued function of a matrix", () => {
  // F(X) = X·W with X [2,3], W [3,2]: ∂F_ij/∂X_kl = δ_ik W_lj
  const Wv = [[1, 2], [3, 4], [5, 6]];
  const W = A(Wv);
  const F = (X: NDArray) => np.matmul(X, W);
  const X = A([[1, 0, 2], [0.5, -1, 3]]);
  const expected = [0, 1].map((i) => [0, 1].map((j) => [0, 1].map((k) => [0, 1, 2].map((l) => (i === k ? Wv[l][j] : 0)))));
  const jf = jacfwd(F)(X);
  assert.deepEqual(jf.shape, [2, 2, 2, 3]);
  close(jf, expected);
  close(jacrev(F)(X), expected);
});

test("hessian of a function of a dict of arrays", () => {
  // L({w, b}) = Σw²·b + b³: H_ww = 2b·I, H_wb = H_bw = 2w, H_bb = 6b
  const L = (p: { w: NDArray; b: NDArray }) => np.add(np.multiply(np.sum(np.square(p.w)), p.b), np.power(p.b, 3));
  const wv = [1.5, -0.5];
  const bv = 0.7;
  const H = hessian(L)({ w: A(wv), b: A(bv) });
  assert.equal(String(tree.structure(H)), "{b: {b: *, w: *}, w: {b: *, w: *}}");
  close(H.w.w, [[2 * bv, 0], [0, 2 * bv]]);
  close(H.w.b, wv.map((v) => 2 * v));
  close(H.b.w, wv.map((v) => 2 * v));
  close(H.b.b, 6 * bv);
  assert.deepEqual(H.b.b.shape, []);
});

test("hessian with argnums [0, 1] returns the blocks [[h00, h01], [h10, h11]]", () => {
  // q(x, y) = Σ x²·y: h00 = diag(2y), h01 = h10 = diag(2x), h11 = 0
  const q = (x: NDArray, y: NDArray) => np.sum(np.multiply(np.square(x), y));
  const xv = [1, 2], yv = [3, -4];
  const H = hessian(q, { argnums: [0, 1] })(A(xv), A(yv));
  const diag = (v: number[]) => v.map((a, i) => v.map((_, j) => (i === j ? a : 0)));
  close(H[0][0], diag(yv.map((v) => 2 * v)));
  close(H[0][1], diag(xv.map((v) => 2 * v)));
  close(H[1][0], diag(xv.map((v) => 2 * v)));
  close(H[1][1], [[0, 0], [0, 0]]);
});

// ---- vmap ----

test("vmap(vmap(f)) maps over two axes; matches a matmul", () => {
  const v = A([1, -2, 0.5, 3]);
  const X = A([[[1, 2, 3, 4], [0, 1, 0, 1], [2, 2, 2, 2]], [[-1, 0, 1, 0], [5, 4, 3, 2], [1, 1, 1, 1]]]);
  const dotV = (x: NDArray) => np.sum(np.multiply(x, v));
  const out = vmap(vmap(dotV))(X);
  assert.deepEqual(out.shape, [2, 3]);
  close(out, np.matmul(X, v));
  // inner map over the second axis of the outer slice
  const outT = vmap(vmap(dotV, { inAxes: 1 }), { inAxes: 0 })(np.transpose(X, [0, 2, 1]));
  close(outT, np.matmul(X, v));
});

test("vmap inAxes per argument, with null and nested pytree prefixes", () => {
  const x = A([[1, 2, 3], [4, 5, 6]]); // mapped along axis 1 → 3 slices of shape [2]
  const y = A([10, 20]); // not mapped
  const out = vmap((a: NDArray, b: NDArray) => np.sum(np.multiply(a, b)), { inAxes: [1, null] })(x, y);
  close(out, [1 * 10 + 4 * 20, 2 * 10 + 5 * 20, 3 * 10 + 6 * 20]);
  // nested prefix: {a: 0, b: [1, null]} for a dict argument
  const p = { a: A([1, 2, 3]), b: [A([[1, 1, 1], [2, 2, 2]]), A(100)] as [NDArray, NDArray] };
  const fn = (q: { a: NDArray; b: [NDArray, NDArray] }) => np.add(np.multiply(q.a, np.sum(q.b[0])), q.b[1]);
  const r = vmap(fn, { inAxes: [{ a: 0, b: [1, null] }] })(p);
  close(r, [1 * 3 + 100, 2 * 3 + 100, 3 * 3 + 100]);
  // a whole-argument number applies to every leaf of that argument
  const r2 = vmap((q: [NDArray, NDArray]) => np.subtract(q[0], q[1]), { inAxes: [0] })([A([5, 6]), A([1, 2])]);
  close(r2, [4, 4]);
});

test("vmap outAxes (number, per-output, null) and axisSize", () => {
  const x = A([[1, 2, 3], [4, 5, 6]]);
  // each slice [3] → [3] scaled; outAxes 1 puts the batch (2) last
  const scaled = vmap((r: NDArray) => np.multiply(r, 2), { outAxes: 1 })(x);
  assert.deepEqual(scaled.shape, [3, 2]);
  close(scaled, [[2, 8], [4, 10], [6, 12]]);
  // per-output outAxes and an unbatched output kept unmapped with null
  const c = A([7, 8, 9]);
  const [o1, o2] = vmap((r: NDArray) => [np.add(r, c), c], { outAxes: [1, null] })(x);
  close(o1, [[8, 11], [10, 13], [12, 15]]);
  close(o2, [7, 8, 9]);
  // no mapped input: axisSize gives the batch size
  const rep = vmap((s: NDArray) => np.multiply(s, 3), { inAxes: [null], axisSize: 4 })(A(2));
  close(rep, [6, 6, 6, 6]);
  // negative axes
  const neg = vmap((col: NDArray) => np.sum(col), { inAxes: -1 })(x);
  close(neg, [5, 7, 9]);
});

test("vmap of grad over a batch with matmul, broadcasting and reductions matches a loop", () => {
  // per-example loss ℓ(w; x) = mean(tanh(W·x + b)²) with w = {W, b}
  const params = { W: A([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]), b: A([0.05, -0.1]) };
  const batch = A([[1, 2, 3], [-1, 0.5, 2], [0, 0, 1], [2, -1, -2]]);
  const loss = (p: typeof params, x: NDArray) => np.mean(np.square(np.tanh(np.add(np.matmul(p.W, x), p.b))));
  const perExample = vmap(grad(loss), { inAxes: [null, 0] })(params, batch);
  assert.deepEqual(perExample.W.shape, [4, 2, 3]);
  assert.deepEqual(perExample.b.shape, [4, 2]);
  for (let i = 0; i < 4; i++) {
    const xi = A((batch.toArray() as number[][])[i]);
    const gi = grad(loss)(params, xi);
    close(np.sum(np.multiply(perExample.W, A(Array.from({ length: 4 }, (_, k) => [[k === i ? 1 : 0]]))), 0), gi.W);
    // analytic: ∂ℓ/∂b = (2/2)·tanh(z)(1 − tanh²z)
    const z = (np.add(np.matmul(params.W, xi), params.b).toArray() as number[]);
    close(gi.b, z.map((zj) => Math.tanh(zj) * (1 - Math.tanh(zj) ** 2)));
    close(gi.W, z.map((zj) => (xi.toArray() as number[]).map((xk) => Math.tanh(zj) * (1 - Math.tanh(zj) ** 2) * xk)));
  }
  // grad of the batch mean = mean of the per-example grads
  const batchLoss = (p: typeof params) => np.mean(vmap((x: NDArray) => loss(p, x))(batch));
  const gb = grad(batchLoss)(params);
  close(gb.W, np.mean(perExample.W, 0));
  close(gb.b, np.mean(perExample.b, 0));
});

// ---- grad options ----

test("grad with argnums (number and array), hasAux, and valueAndGrad", () => {
  const h = (x: NDArray, y: NDArray, z: NDArray) => np.multiply(np.multiply(x, np.square(y)), np.exp(z));
  const args = [A(2), A(3), A(0)] as const;
  close(grad(h)(...args), 9); // ∂/∂x = y²eᶻ
  close(grad(h, { argnums: 1 })(...args), 12); // 2xy eᶻ
  const [gz, gx] = grad(h, { argnums: [2, 0] })(...args);
  close(gz, 18);
  close(gx, 9);
  const [value, gy] = valueAndGrad(h, { argnums: 1 })(...args);
  close(value, 18);
  close(gy, 12);
  // hasAux: f returns [output, aux]; aux is passed through
  const withAux = (x: NDArray) => [np.square(x), { doubled: np.multiply(x, 2), label: [np.sum(x)] }];
  const [gr, aux] = grad(withAux, { hasAux: true })(A(3));
  close(gr, 6);
  close(aux.doubled, 6);
  close(aux.label[0], 3);
  const [[v2, aux2], g2] = valueAndGrad(withAux, { hasAux: true })(A(3));
  close(v2, 9);
  close(aux2.doubled, 6);
  close(g2, 6);
  // gradient w.r.t. a pytree argument has the argument's structure
  const gp = grad((p: { u: NDArray; v: NDArray[] }) => np.add(np.sum(p.u), np.multiply(p.v[0], p.v[1])))({ u: A([1, 2]), v: [A(3), A(4)] });
  close(gp.u, [1, 1]);
  close(gp.v[0], 4);
  close(gp.v[1], 3);
});

// ---- linearize, linearTranspose, stopGradient ----

test("linearize: value and fJvp match jvp", () => {
  const k = (x: NDArray, y: NDArray) => np.sum(np.multiply(np.sin(x), np.matmul(A([[1, 2], [3, 4]]), y)));
  const x = A([0.3, 0.9]), y = A([1.5, -2]);
  const [value, fJvp] = linearize(k, x, y);
  const tx = A([1, -1]), ty = A([0.5, 2]);
  const [v2, t2] = jvp(k, [x, y], [tx, ty]);
  close(value, v2);
  close(fJvp(tx, ty), t2);
  // linear in the tangents
  close(fJvp(np.multiply(tx, 3), np.multiply(ty, 3)), np.multiply(t2, 3));
  // pytree-valued
  const [pv, pj] = linearize((p: { a: NDArray }) => ({ out: [np.exp(p.a)] }), { a: A([0, 1]) });
  close(pv.out[0], [1, Math.E]);
  close(pj({ a: A([2, 2]) }).out[0], [2, 2 * Math.E]);
});

test("linearTranspose matches the vjp of a linear function", () => {
  const M = A([[1, 2, 3], [4, 5, 6]]);
  const lin = (x: NDArray, y: NDArray) => np.add(np.matmul(M, x), np.multiply(y, 2));
  const x = A([0, 0, 0]), y = A([0, 0]);
  const fT = linearTranspose(lin, x, y);
  const ct = A([1, -1]);
  const [cx, cy] = fT(ct);
  close(cx, [1 - 4, 2 - 5, 3 - 6]); // Mᵀ·ct
  close(cy, [2, -2]);
  const [, back] = vjp(lin, A([1, 2, 3]), A([4, 5]));
  const [vx, vy] = back(ct);
  close(cx, vx);
  close(cy, vy);
  // summation and broadcasting transpose to each other
  const bT = linearTranspose((s: NDArray) => np.broadcastTo(s, [2, 3]), A(0));
  close(bT(A([[1, 2, 3], [4, 5, 6]]))[0], 21);
});

test("stopGradient blocks derivatives in every mode", () => {
  const h = (x: NDArray) => np.multiply(x, stopGradient(np.square(x)));
  close(grad(h)(A(3)), 9); // d/dx (x · c) with c = x² held constant
  close(jvp(h, [A(3)], [A(1)])[1], 9);
  close(jacfwd(h)(A(3)), 9);
  close(grad(grad(h))(A(3)), 0);
  close(vmap(grad(h))(A([1, 2])), [1, 4]);
});

// ---- closures over outer tracers (perturbation confusion) ----

test("closing over an outer tracer: d/dx [x · d/dy (x + y)] = 1", () => {
  const inner = (x: NDArray) => grad((y: NDArray) => np.add(x, y))(A(4));
  close(grad((x: NDArray) => np.multiply(x, inner(x)))(A(2.5)), 1);
  // forward over reverse and reverse over forward
  close(jvp((x: NDArray) => np.multiply(x, inner(x)), [A(2.5)], [A(1)])[1], 1);
  const innerFwd = (x: NDArray) => jvp((y: NDArray) => np.add(x, y), [A(4)], [A(1)])[1];
  close(grad((x: NDArray) => np.multiply(x, innerFwd(x)))(A(2.5)), 1);
});

test("closing over an outer tracer: d/dx [d/dy (x·y)] = 1 and d/dx [x · d/dy (x·y)] = 2x", () => {
  close(grad((x: NDArray) => grad((y: NDArray) => np.multiply(x, y))(A(7)))(A(3)), 1);
  close(grad((x: NDArray) => np.multiply(x, grad((y: NDArray) => np.multiply(x, y))(A(7))))(A(3)), 6);
  // vmap inside grad closing over the differentiated variable
  const h = (s: NDArray) => np.sum(vmap((r: NDArray) => np.multiply(s, np.sin(r)))(A([0.1, 0.2, 0.3])));
  close(grad(h)(A(2)), [0.1, 0.2, 0.3].reduce((a, r) => a + Math.sin(r), 0));
  // grad inside vmap closing over the mapped variable
  const k = vmap((s: NDArray) => grad((y: NDArray) => np.multiply(s, np.square(y)))(A(3)));
  close(k(A([1, 2, 3])), [6, 12, 18]);
});

test("Jacobians of functions that close over outer tracers", () => {
  // d/dx Σ jacrev(y ↦ x·y)(y₀) over a vector: the inner Jacobian is x·I, so the sum is n·x → derivative n
  const outer = (x: NDArray) => np.sum(jacrev((y: NDArray) => np.multiply(x, y))(A([1, 2, 3])));
  close(grad(outer)(A(0.5)), 3);
  const outerF = (x: NDArray) => np.sum(jacfwd((y: NDArray) => np.multiply(np.square(x), y))(A([1, 2])));
  close(grad(outerF)(A(1.5)), 2 * 2 * 1.5);
});

// ---- mixed numerics: matmul, reductions, broadcasting under every transformation ----

test("a two-layer network: grad vs finite differences, jacfwd vs jacrev, vmap vs loop, hessian symmetric", () => {
  const W1 = A([[0.2, -0.1], [0.4, 0.3], [-0.5, 0.1]]);
  const b1 = A([0.1, 0, -0.1]);
  const w2 = A([0.7, -0.3, 0.2]);
  const net = (x: NDArray) => np.sum(np.multiply(np.tanh(np.add(np.matmul(W1, x), b1)), w2));
  const x0 = [0.3, -0.8];
  // finite differences
  const g = grad(net)(A(x0)).toArray() as number[];
  const h = 1e-6;
  for (let i = 0; i < 2; i++) {
    const up = x0.map((v, j) => (j === i ? v + h : v));
    const dn = x0.map((v, j) => (j === i ? v - h : v));
    const fd = (net(A(up)).item() - net(A(dn)).item()) / (2 * h);
    assert.ok(Math.abs(g[i] - fd) < 1e-8, `∂/∂x${i}: ${g[i]} vs ${fd}`);
  }
  // vector output: jacfwd = jacrev
  const layer = (x: NDArray) => np.tanh(np.add(np.matmul(W1, x), b1));
  close(jacfwd(layer)(A(x0)), jacrev(layer)(A(x0)));
  // hessian is symmetric and both mode orders agree
  const H = hessian(net)(A(x0));
  close(H, np.transpose(H));
  close(H, jacrev(jacfwd(net))(A(x0)));
  // batched gradients vs a loop
  const xsb = [[0.3, -0.8], [1, 1], [-2, 0.5]];
  const gb = vmap(grad(net))(A(xsb));
  xsb.forEach((xi, i) => close(np.sum(np.multiply(gb, A([0, 1, 2].map((k) => [k === i ? 1 : 0]))), 0), grad(net)(A(xi))));
});

test("reductions with axes and keepdims, and broadcasting, under grad/jvp/vmap", () => {
  // r(X) = Σ_ij (X_ij − mean_j X_ij)² · c_j  (row-centred, column-weighted)
  const c = A([1, 2, 3]);
  const r = (X: NDArray) => np.sum(np.multiply(np.square(np.subtract(X, np.mean(X, { axis: 1, keepdims: true }))), c));
  const Xv = [[1, 2, 4], [0, -1, 3]];
  const X = A(Xv);
  // ∂r/∂X_ij = 2 c_j d_ij − (2/n) Σ_k c_k d_ik, with d = X − rowmean
  const expected = Xv.map((row) => {
    const m = row.reduce((a, b) => a + b) / 3;
    const d = row.map((v) => v - m);
    const s = d.reduce((a, dk, k) => a + [1, 2, 3][k] * dk, 0);
    return d.map((dj, j) => 2 * [1, 2, 3][j] * dj - (2 / 3) * s);
  });
  const gX = grad(r)(X);
  close(gX, expected);
  const T = A([[1, 0, 0], [0, 1, -1]]);
  close(jvp(r, [X], [T])[1], np.sum(np.multiply(gX, T)));
  // the gradient is linear in X (r is quadratic), so the batch [X, 2X] has gradients [g, 2g]
  const batched = vmap(grad(r))(A([Xv, Xv.map((row) => row.map((v) => 2 * v))]));
  close(batched, [expected, expected.map((row) => row.map((v) => 2 * v))]);
  // max reduction along an axis: gradient selects the maximiser
  close(grad((Y: NDArray) => np.sum(np.max(Y, 0)))(X), [[1, 1, 1], [0, 0, 0]]);
});

test("stack/concatenate under vmap, grad and Jacobians", () => {
  const pair = (x: NDArray) => np.stack([x, np.sin(x)], 1); // [n] → [n, 2]
  const x = A([0.5, 1]);
  close(pair(x), [[0.5, Math.sin(0.5)], [1, Math.sin(1)]]);
  close(vmap((r: NDArray) => np.concatenate([r, np.multiply(r, 2)]))(A([[1, 2], [3, 4]])), [[1, 2, 2, 4], [3, 4, 6, 8]]);
  close(grad((v: NDArray) => np.sum(np.multiply(pair(v), A([[1, 2], [3, 4]]))))(x), [1 + 2 * Math.cos(0.5), 3 + 4 * Math.cos(1)]);
  close(jacfwd(pair)(x), jacrev(pair)(x));
});

test("vjp with { hasAux: true } returns [output, vjpFn, aux], as JAX; aux is not differentiated", () => {
  const f = (x: NDArray) => [np.sin(x), { c: np.cos(x), n: x.sum() }] as [NDArray, { c: NDArray; n: NDArray }];
  const x = np.array([0.5, 1], { dtype: "float64" });
  const [y, back, aux] = vjp(f, x, { hasAux: true });
  assert.deepEqual(y.toArray(), [Math.sin(0.5), Math.sin(1)]);
  assert.deepEqual(aux.c.toArray(), [Math.cos(0.5), Math.cos(1)]);
  assert.equal(aux.n.item(), 1.5);
  assert.deepEqual(back(np.array([2, 3], { dtype: "float64" }))[0].toArray(), [2 * Math.cos(0.5), 3 * Math.cos(1)]);
  // the same under jit, and { hasAux: false } is the plain form
  assert.equal(jit((v: NDArray) => vjp((u: NDArray) => [u.mul(u), u.add(1)] as [NDArray, NDArray], v, { hasAux: true })[2])(np.array(3)).item(), 4);
  assert.equal(vjp((u: NDArray) => u.mul(u), np.array(3), { hasAux: false } as any).length, 2);
  assert.throws(() => vjp(((u: NDArray) => np.sin(u)) as any, 1, { hasAux: true }), /vjp: with hasAux, f must return \[output, aux\]/);
});
