/** @file lax control flow: cond, switch, whileLoop, foriLoop, scan, map — values, every transformation, errors. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { NDArray, checkGrads, checkpoint, grad, hessian, jacfwd, jacrev, jit, jvp, lax, makeJaxpr, np, valueAndGrad, vjp, vmap } from "../src/index.js";
import { close } from "./util.js";

const f64 = (x: unknown) => np.array(x as number[], { dtype: "float64" });

describe("scan", () => {
  test("carry and stacked ys; reverse; length without xs; pytrees", () => {
    const [c, ys] = lax.scan((c: NDArray, x: NDArray) => [c.add(x), c.mul(x)], np.array(0), np.arange(1, 4));
    close(c, 6);
    close(ys, [0, 2, 9]);
    const [cr, yr] = lax.scan((c: NDArray, x: NDArray) => [c.add(x), c], np.array(0), np.array([1, 2, 3]), { reverse: true });
    close(cr, 6);
    close(yr, [5, 3, 0]); // ys stay in index order
    const [cl, yl] = lax.scan((c: NDArray) => [c.mul(2), c], np.array(1), null, { length: 4 });
    close(cl, 16);
    close(yl, [1, 2, 4, 8]);
    const [pc, py] = lax.scan(
      (c: { a: NDArray; b: NDArray[] }, x: { u: NDArray; v: NDArray }) => [{ a: c.a.add(x.u), b: [c.b[0].mul(x.v)] }, { s: x.u.add(x.v) }],
      { a: np.zeros([2]), b: [np.ones([])] },
      { u: np.array([[1, 2], [3, 4]]), v: np.array([2, 5]) },
    );
    close(pc.a, [4, 6]);
    close(pc.b[0], 10);
    close(py.s, [[3, 4], [8, 9]]);
  });

  test("zero-length scan returns init and empty ys", () => {
    const [c, ys] = lax.scan((c: NDArray, x: NDArray) => [c.add(x), x], np.array(5), np.zeros([0]));
    close(c, 5);
    assert.deepEqual(ys.shape, [0]);
  });

  // x'' = −k x − c x' by explicit Euler, 1000 steps: d x_N / d c against the exact derivative of the recursion
  test("gradient through a 1000-step Euler integrator of a damped oscillator", () => {
    const k = 4, h = 0.002, N = 1000;
    const simulate = (c: NDArray) => {
      const [[x]] = lax.scan(([x, v]: NDArray[]) => [[x.add(v.mul(h)), v.add(x.mul(-k).sub(v.mul(c)).mul(h))], null], [f64(1), f64(0)], null, { length: N });
      return x;
    };
    const c0 = 0.5;
    const g = grad(simulate)(f64(c0)).item();
    // independent truth: s_{n+1} = A s_n, A = [[1, h], [−hk, 1 − hc]]; ds/dc by forward recursion in plain JS
    let x = 1, v = 0, dx = 0, dv = 0;
    for (let n = 0; n < N; n++) {
      [x, v, dx, dv] = [x + h * v, v + h * (-k * x - c0 * v), dx + h * dv, dv + h * (-k * dx - c0 * dv - v)];
    }
    close(simulate(f64(c0)), x, 1e-12);
    close(g, dx, 1e-10);
    // central finite differences
    const e = 1e-6;
    const fd = (simulate(f64(c0 + e)).item() - simulate(f64(c0 - e)).item()) / (2 * e);
    close(g, fd, 1e-6);
    // the continuous solution x(t) = e^{−ct/2}(cos ωt + c/(2ω) sin ωt), ω = √(k − c²/4), differentiated by adjoint itself
    const analytic = (c: NDArray) => {
      const t = h * N;
      const w = np.sqrt(np.subtract(k, c.mul(c).div(4)));
      return np.exp(c.mul(-t / 2)).mul(np.cos(w.mul(t)).add(c.div(w.mul(2)).mul(np.sin(w.mul(t)))));
    };
    close(g, grad(analytic)(f64(c0)).item(), 2e-2); // Euler's O(h) discretisation error
    close(jit(grad(simulate))(f64(c0)), g, 1e-12);
    close(jvp(simulate, [f64(c0)], [f64(1)])[1], g, 1e-12);
  });

  test("jvp = vjp identity, jacfwd = jacrev, second derivatives (checkGrads)", () => {
    const W = f64([[0.9, -0.2], [0.3, 0.8]]);
    const f = (h0: NDArray, xs: NDArray) => {
      const [h, ys] = lax.scan((h: NDArray, x: NDArray) => {
        const hn = np.tanh(np.matmul(W, h).add(x));
        return [hn, np.sum(hn.mul(hn))];
      }, h0, xs);
      return np.sum(h).add(np.sum(ys));
    };
    const h0 = f64([0.1, -0.4]), xs = f64([[0.5, 0.2], [-0.3, 0.7], [0.1, 0.1]]);
    checkGrads(f, [h0, xs], { order: 2, modes: ["fwd", "rev"] });
    const g = (xs: NDArray) => lax.scan((h: NDArray, x: NDArray) => [np.sin(h.mul(x)).add(x), h.mul(x)], f64([0.3, 0.6]), xs)[1];
    close(jacfwd(g)(xs), jacrev(g)(xs).toArray(), 1e-12);
    // ⟨jvp t, c⟩ = ⟨t, vjpᵀ c⟩
    const t = f64([[1, 0.5], [-1, 2], [0.25, 0.75]]), ct = f64([[0.3, -1], [2, 0.1], [0.5, 0.5]]);
    const [, jt] = jvp(g, [xs], [t]);
    const [, back] = vjp(g, xs);
    close(np.sum(jt.mul(ct)), np.sum(back(ct)[0].mul(t)).item(), 1e-12);
  });

  test("grad and hessian of a scan in reverse direction and with consts (parameters closed over)", () => {
    const theta = f64([0.7, -1.3]);
    const loss = (th: NDArray) => {
      const [c] = lax.scan((c: NDArray, x: NDArray) => [c.mul(th.get(0)).add(np.sin(x.mul(th.get(1)))), null], f64(0.5), f64([1, 2, 3, 4]), { reverse: true });
      return c.mul(c);
    };
    checkGrads(loss, [theta], { order: 2, modes: ["fwd", "rev"] });
    close(hessian(loss)(theta), jacfwd(jacrev(loss))(theta).toArray(), 1e-12);
  });

  test("nested scans: values and gradients", () => {
    const inner = (a: NDArray, row: NDArray) => lax.scan((s: NDArray, x: NDArray) => [s.mul(a).add(x), s], f64(0), row)[0];
    const outer = (a: NDArray, M: NDArray) => lax.scan((acc: NDArray, row: NDArray) => [acc.add(inner(a, row)), null], f64(0), M)[0];
    const M = f64([[1, 2, 3], [4, 5, 6]]);
    // inner(a, [p, q, r]) = p a² + q a + r
    const a = 1.5;
    close(outer(f64(a), M), 1 * a * a + 2 * a + 3 + 4 * a * a + 5 * a + 6, 1e-14);
    close(grad(outer)(f64(a), M), 2 * a + 2 + 8 * a + 5, 1e-14);
    checkGrads(outer, [f64(a), M], { order: 2, modes: ["fwd", "rev"] });
    close(jit(grad(outer))(f64(a), M), 2 * a + 2 + 8 * a + 5, 1e-14);
  });

  test("vmap of scan = a loop over the batch (batched xs, init and consts)", () => {
    const f = (c0: NDArray, xs: NDArray, k: NDArray) => lax.scan((c: NDArray, x: NDArray) => [c.mul(k).add(x), c.add(x)], c0, xs);
    const c0 = f64([1, 2, 3]), xs = f64([[1, 2], [3, 4], [5, 6]]), k = f64([0.5, -1, 2]);
    const [cb, yb] = vmap(f)(c0, xs, k);
    for (let b = 0; b < 3; b++) {
      const [c, y] = f(c0.get(b), xs.get(b), k.get(b));
      close(cb.get(b), c.item(), 1e-14);
      close(yb.get(b), y.toArray(), 1e-14);
    }
    // only xs batched, along axis 1
    const [cx] = vmap((xs: NDArray) => f(f64(1), xs, f64(2)), { inAxes: 1 })(xs.T);
    close(cx, [0, 1, 2].map((b) => f(f64(1), xs.get(b), f64(2))[0].item()), 1e-14);
    // grad of vmap and vmap of grad agree
    const loss = (k: NDArray) => np.sum(f(f64(1), f64([1, 2, 3]), k)[1]);
    close(vmap(grad(loss))(k), [0, 1, 2].map((b) => grad(loss)(k.get(b)).item()), 1e-13);
  });

  test("jit of scan (a call inside the compiled program) matches eager", () => {
    const f = (xs: NDArray) => {
      const [c, ys] = lax.scan((c: NDArray, x: NDArray) => [c.add(np.exp(x)), c.mul(2)], np.array(0), xs);
      return np.sum(ys).add(c);
    };
    const xs = np.linspace(0, 1, 7);
    close(jit(f)(xs), f(xs).item(), 1e-6);
    close(jit(grad(f))(xs), grad(f)(xs).toArray() as number[], 1e-6);
  });

  test("errors: carry type changes, mismatched lengths, bad return", () => {
    assert.throws(() => lax.scan((c: NDArray, x: NDArray) => [c.astype("int32"), x], np.array(0), np.arange(3)), /scan: f must return the carry with the structure, shapes and dtypes it takes.*only dtypes differ/);
    assert.throws(() => lax.foriLoop(0, 2.5, (_i: NDArray, x: NDArray) => x, np.array(0)), /foriLoop: bounds must be integers, got 2.5/);
    assert.throws(() => lax.scan(((c: NDArray) => [[c, c], null]) as never, np.array(0), null, { length: 2 }), /scan: f must return the carry/);
    assert.throws(() => lax.scan((c: NDArray, x: NDArray[]) => [c, x], np.array(0), [np.zeros([2]), np.zeros([3])]), /scan: xs leaves have leading axes \[2,3\]/);
    assert.throws(() => lax.scan((c: NDArray) => [c, c], np.array(0), null), /number of iterations must be given/);
    assert.throws(() => lax.scan(((c: NDArray) => c) as never, np.array(0), np.arange(2)), /pair \[newCarry, y\]/);
  });
});

describe("map", () => {
  test("sequential map, differentiable", () => {
    close(lax.map((x: NDArray) => x.mul(x), np.arange(4)), [0, 1, 4, 9]);
    const xs = f64([0.5, 1, 2]);
    close(grad((xs: NDArray) => np.sum(lax.map((x: NDArray) => np.sin(x), xs)))(xs), [Math.cos(0.5), Math.cos(1), Math.cos(2)], 1e-14);
  });
});

describe("cond and switch", () => {
  const branchT = (y: NDArray) => y.mul(y);
  const branchF = (y: NDArray) => np.sin(y).neg();
  test("values, both modes, jit", () => {
    close(lax.cond(np.array(true), branchT, branchF, np.array(3)), 9);
    close(lax.cond(false, branchT, branchF, f64(0.5)), -Math.sin(0.5), 1e-15);
    const f = (x: NDArray) => lax.cond(x.gt(0), branchT, branchF, x);
    close(grad(f)(f64(3)), 6);
    close(grad(f)(f64(-1)), -Math.cos(-1), 1e-15);
    close(jit(grad(f))(f64(-1)), -Math.cos(-1), 1e-15);
    checkGrads(f, [f64(0.7)], { order: 2, modes: ["fwd", "rev"] });
    checkGrads(f, [f64(-0.7)], { order: 2, modes: ["fwd", "rev"] });
    close(jit(f)(f64(-2)), Math.sin(2), 1e-15);
  });

  test("vmap: batched predicate (both branches run, each element selects) and batched operands only", () => {
    const f = (x: NDArray) => lax.cond(x.gt(0), branchT, branchF, x);
    const xs = f64([-2, 3, 0.5, -0.1]);
    close(vmap(f)(xs), [Math.sin(2), 9, 0.25, Math.sin(0.1)], 1e-15);
    close(vmap(grad(f))(xs), [-Math.cos(-2), 6, 1, -Math.cos(-0.1)], 1e-15);
    close(grad((xs: NDArray) => np.sum(vmap(f)(xs)))(xs), [-Math.cos(-2), 6, 1, -Math.cos(-0.1)], 1e-15);
    // unbatched predicate, batched operand
    const g = (p: boolean) => vmap((x: NDArray) => lax.cond(p, branchT, branchF, x))(xs);
    close(g(true), [4, 9, 0.25, 0.01], 1e-15);
    // switch with a batched index
    const s = vmap((i: NDArray, x: NDArray) => lax.switch(i, [(y: NDArray) => y.add(1), (y: NDArray) => y.mul(10), (y: NDArray) => y.neg()], x));
    close(s(np.array([0, 1, 2, 7, -3], { dtype: "int32" }), f64([1, 2, 3, 4, 5])), [2, 20, -3, -4, 6]);
  });

  test("switch clamps the index; closures over outer values; pytrees", () => {
    const k = f64(2);
    const br = [(x: NDArray) => x.add(k), (x: NDArray) => x.mul(k), (x: NDArray) => x.sub(k)];
    close(lax.switch(0, br, f64(5)), 7);
    close(lax.switch(1, br, f64(5)), 10);
    close(lax.switch(9, br, f64(5)), 3);
    close(lax.switch(-4, br, f64(5)), 7);
    close(grad((k2: NDArray) => lax.switch(1, [(x: NDArray) => x.add(k2), (x: NDArray) => x.mul(k2)], f64(5)))(f64(2)), 5);
    const out = lax.cond(true, (a: { p: NDArray }, b: NDArray) => ({ p: a.p.add(b), q: [b] }), (a: { p: NDArray }, b: NDArray) => ({ p: b, q: [a.p] }), { p: f64(1) }, f64(2));
    close(out.p, 3);
    close(out.q[0], 2);
  });

  test("errors: branches of different types; non-scalar predicate", () => {
    assert.throws(() => lax.cond(true, (x: NDArray) => x, (x: NDArray) => x.astype("int32"), np.array(1)), /cond: branches must return the same structure and types/);
    assert.throws(() => lax.cond(np.array([true, false]), (x: NDArray) => x, (x: NDArray) => x, np.array(1)), /cond: the predicate must be a scalar/);
    assert.throws(() => lax.switch(np.array(1.5), [(x: NDArray) => x], np.array(1)), /switch: the index must be an integer scalar/);
  });
});

describe("whileLoop and foriLoop", () => {
  test("whileLoop values; jvp through a data-dependent trip count; reverse mode raises", () => {
    close(lax.whileLoop((x: NDArray) => x.lt(100), (x: NDArray) => x.mul(2), np.array(1)), 128);
    // Newton's iteration for √a until converged: d√a/da = 1/(2√a)
    const sqrt = (a: NDArray) =>
      lax.whileLoop((s: NDArray[]) => np.logicalAnd(np.abs(s[0].mul(s[0]).sub(a)).gt(1e-14), s[1].lt(100)), ([x, n]: NDArray[]) => [x.add(a.div(x)).div(2), n.add(1)], [a, np.array(0, { dtype: "int32" })])[0];
    close(sqrt(f64(2)), Math.SQRT2, 1e-15);
    close(jvp(sqrt, [f64(2)], [f64(1)])[1], 1 / (2 * Math.SQRT2), 1e-12);
    close(jacfwd(sqrt)(f64(9)), 1 / 6, 1e-12);
    close(jit((a: NDArray) => jvp(sqrt, [a], [f64(1)])[1])(f64(2)), 1 / (2 * Math.SQRT2), 1e-12);
    assert.throws(() => grad(sqrt)(f64(2)), /whileLoop: reverse-mode differentiation .* Use lax.foriLoop with static .* or lax.scan/);
  });

  test("whileLoop under vmap: elements with different trip counts", () => {
    const collatzSteps = (n: NDArray) =>
      lax.whileLoop((s: NDArray[]) => s[0].gt(1), ([m, k]: NDArray[]) => [np.where(np.equal(np.remainder(m, 2), 0), np.floorDivide(m, 2), m.mul(3).add(1)), k.add(1)], [n, np.array(0, { dtype: "int32" })])[1];
    const ns = np.array([1, 6, 7, 27], { dtype: "int32" });
    close(vmap(collatzSteps)(ns), [0, 8, 16, 111]);
    close(jit(vmap(collatzSteps))(ns), [0, 8, 16, 111]);
  });

  test("grad of a foriLoop Newton iteration (static trip count → scan)", () => {
    const newtonSqrt = (a: NDArray) => lax.foriLoop(0, 8, (_i: NDArray, x: NDArray) => x.add(a.div(x)).div(2), a);
    close(newtonSqrt(f64(3)), Math.sqrt(3), 1e-15);
    close(grad(newtonSqrt)(f64(3)), 1 / (2 * Math.sqrt(3)), 1e-12);
    close(jit(grad(newtonSqrt))(f64(3)), 1 / (2 * Math.sqrt(3)), 1e-12);
    checkGrads(newtonSqrt, [f64(3)], { order: 2, modes: ["fwd", "rev"] });
    // the loop index is available; bounds may be traced (then it is a while loop: forward mode only)
    close(lax.foriLoop(2, 5, (i: NDArray, x: NDArray) => x.add(i), np.array(0, { dtype: "int32" })), 9);
    const dyn = (n: NDArray, x: NDArray) => lax.foriLoop(np.array(0, { dtype: "int32" }), n, (_i: NDArray, y: NDArray) => y.mul(x), f64(1));
    close(jit(dyn)(np.array(3, { dtype: "int32" }), f64(2)), 8);
    close(jvp((x: NDArray) => jit(dyn)(np.array(3, { dtype: "int32" }), x), [f64(2)], [f64(1)])[1], 12);
  });

  test("valueAndGrad through cond inside scan (piecewise dynamics)", () => {
    const f = (k: NDArray) => lax.scan((c: NDArray, x: NDArray) => [lax.cond(c.gt(1), (y: NDArray) => y.mul(0.5), (y: NDArray) => y.mul(k).add(x), c), c], f64(0.2), f64([0.1, 0.2, 0.3, 0.4, 0.5]))[0];
    const [v, g] = valueAndGrad(f)(f64(1.8));
    const e = 1e-6;
    close(g, (f(f64(1.8 + e)).item() - f(f64(1.8 - e)).item()) / (2 * e), 1e-7);
    close(v, f(f64(1.8)).item(), 0);
  });
});

describe("checkpoint", () => {
  const W = f64([[0.5, -0.3, 0.2], [0.1, 0.4, -0.6], [0.3, 0.2, 0.1]]);
  const layer = (h: NDArray, x: NDArray) => {
    let z = h;
    for (let i = 0; i < 4; i++) z = np.tanh(np.matmul(W, z).add(x));
    return z;
  };
  const loss = (body: typeof layer) => (h0: NDArray, xs: NDArray) => np.sum(lax.scan((h: NDArray, x: NDArray) => [body(h, x), null], h0, xs)[0]);
  const h0 = f64([0.1, 0.2, -0.3]);
  const xs = np.sin(np.arange(60, undefined, undefined, { dtype: "float64" }).reshape([20, 3]));

  test("same values and derivatives as without it, under every transformation", () => {
    const plain = loss(layer), remat = loss(checkpoint(layer));
    close(remat(h0, xs), plain(h0, xs).item(), 1e-15);
    close(grad(remat)(h0, xs), grad(plain)(h0, xs).toArray(), 1e-14);
    close(jit(grad(remat))(h0, xs), grad(plain)(h0, xs).toArray(), 1e-14);
    close(grad(jit(remat))(h0, xs), grad(plain)(h0, xs).toArray(), 1e-14);
    close(vmap(grad(remat), { inAxes: [0, null] })(np.stack([h0, h0.mul(2)]), xs), vmap(grad(plain), { inAxes: [0, null] })(np.stack([h0, h0.mul(2)]), xs).toArray(), 1e-14);
    checkGrads(checkpoint((h: NDArray) => np.sum(layer(h, f64([0.1, 0, 0.2])))), [h0], { order: 2, modes: ["fwd", "rev"] });
  });

  // reverse mode stores per step only what the transposed body needs: all four tanh outputs without
  // checkpoint, only the carry with it (the residuals are the known scan's stacked outputs)
  test("a long scan's stored residuals shrink to the carry", () => {
    const stored = (f: (h0: NDArray, xs: NDArray) => NDArray) =>
      makeJaxpr(grad(f))(h0, xs).eqns.filter((e) => e.primitive.name === "scan").map((e) => e.outBinders.reduce((s, v) => s + v.aval.size, 0)).reduce((a, b) => a + b, 0);
    const plain = stored(loss(layer)), remat = stored(loss(checkpoint(layer)));
    // both: the final carry and the backward loop's cotangent (3 + 3); stored per step: the carry (20·3) with
    // checkpoint, the four tanh outputs (4·20·3) without
    assert.equal(remat, 20 * 3 + 6);
    assert.equal(plain, 4 * 20 * 3 + 6);
  });
});

describe("control flow inside jit under differentiation (partial evaluation inside jaxprs)", () => {
  test("grad(jit(f)) with scan, cond and foriLoop inside", () => {
    const f = (a: NDArray, xs: NDArray) => {
      const [c] = lax.scan((c: NDArray, x: NDArray) => [lax.cond(x.gt(0), (y: NDArray) => y.mul(a).add(x), (y: NDArray) => np.sin(y), c), null], f64(0.3), xs);
      return lax.foriLoop(0, 3, (_i: NDArray, y: NDArray) => y.mul(a), c);
    };
    const xs = f64([0.5, -1, 2, -0.5, 1]);
    close(grad(jit(f))(f64(1.1), xs), grad(f)(f64(1.1), xs).item(), 1e-14);
    close(jit(grad(jit(f)))(f64(1.1), xs), grad(f)(f64(1.1), xs).item(), 1e-14);
    checkGrads((a: NDArray) => jit(f)(a, xs), [f64(1.1)], { order: 2, modes: ["fwd", "rev"] });
  });
});

// properties: random lengths, directions, values — each primitive against a plain JS loop, and its
// reverse mode against forward mode by ⟨jvp t, c⟩ = ⟨t, vjpᵀ c⟩
describe("properties (fast-check)", () => {
  const vals = (n: number) => fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n });
  test("scan = a JS loop (affine recurrence), and its vjp is the transpose of its jvp", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }).chain((n) => fc.tuple(vals(n), vals(n), fc.double({ min: -1.5, max: 1.5, noNaN: true }), fc.boolean())), ([xs, ts, a, reverse]) => {
        const f = (xs: NDArray) => lax.scan((c: NDArray, x: NDArray) => [c.mul(a).add(np.sin(x)), c.mul(x)], f64(0.5), xs, { reverse })[1];
        const order = reverse ? [...xs.keys()].reverse() : [...xs.keys()];
        const want = new Array<number>(xs.length);
        let c = 0.5;
        for (const i of order) [want[i], c] = [c * xs[i], c * a + Math.sin(xs[i])];
        const X = f64(xs);
        close(f(X), want, 1e-13);
        if (!xs.length) return;
        const [, jt] = jvp(f, [X], [f64(ts)]);
        const [, back] = vjp(f, X);
        const ct = f64(ts.map((t) => t * 0.5 - 1));
        close(np.sum(jt.mul(ct)), np.sum(back(ct)[0].mul(f64(ts))).item(), 1e-12);
      }),
      { numRuns: 40 },
    );
  });
  test("checkpoint: same values, gradients and second derivatives as the plain function", () => {
    const v = fc.double({ min: -1.5, max: 1.5, noNaN: true });
    fc.assert(
      fc.property(fc.tuple(v, v, v), fc.tuple(v, v), (w, x) => {
        const f = (p: NDArray, q: NDArray) => np.sum(np.tanh(np.multiply(p, np.sum(q))).mul(np.sin(p)));
        const W = f64(w), X = f64(x);
        close(checkpoint(f)(W, X), f(W, X).item(), 1e-14);
        close(grad(checkpoint(f), { argnums: [0, 1] })(W, X)[1], (grad(f, { argnums: [0, 1] })(W, X) as NDArray[])[1].toArray(), 1e-13);
        close(hessian(checkpoint(f))(W, X), hessian(f)(W, X).toArray(), 1e-12);
      }),
      { numRuns: 25 },
    );
  });
  test("switch = indexing the branch list (clamped); whileLoop = a JS while loop", () => {
    fc.assert(
      fc.property(fc.integer({ min: -3, max: 6 }), fc.double({ min: -3, max: 3, noNaN: true }), (i, x) => {
        const fs = [(y: number) => y + 1, (y: number) => y * y, (y: number) => Math.cos(y)];
        const out = lax.switch(i, [(y: NDArray) => y.add(1), (y: NDArray) => y.mul(y), (y: NDArray) => np.cos(y)], f64(x));
        close(out, fs[Math.min(Math.max(i, 0), 2)](x), 1e-15);
        let y = x, n = 0;
        while (y < 10 && n < 50) [y, n] = [y * 1.5 + 1, n + 1];
        const [wy, wn] = lax.whileLoop(([y, n]: NDArray[]) => np.logicalAnd(y.lt(10), n.lt(50)), ([y, n]: NDArray[]) => [y.mul(1.5).add(1), n.add(1)], [f64(x), np.array(0, { dtype: "int32" })]);
        close(wy, y, 1e-14);
        close(wn, n);
      }),
      { numRuns: 40 },
    );
  });
});
