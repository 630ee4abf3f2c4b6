/** @file Deep programs: chains of 10,000 ops under jit, grad, vmap and jvp, checked against plain JS Math. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, grad, jit, jvp, makeJaxpr, vmap } from "../src/index.js";
import { compileProgram } from "../src/lower/program.js";
import { getBackend } from "../src/backend/registry.js";
import { Expr, bin, exprNodes, gidx, load, select, un } from "../src/lower/kernel.js";
import { close } from "./util.js";

const N = 10_000;

/**
 * One op of a chain and its plain-JS value and derivative. A cycle exp → ·½ → log → +0.69 → sin has
 * derivative ∏ cos over the sin steps, so a 10,000-op chain keeps a gradient far from 0 and ∞.
 */
const CYCLE: { op: (x: NDArray) => NDArray; f: (x: number) => number; df: (x: number) => number }[] = [
  { op: (x) => np.exp(x), f: Math.exp, df: Math.exp },
  { op: (x) => x.mul(0.5), f: (x) => x * 0.5, df: () => 0.5 },
  { op: (x) => np.log(x), f: Math.log, df: (x) => 1 / x },
  { op: (x) => x.add(0.69), f: (x) => x + 0.69, df: () => 1 },
  { op: (x) => np.sin(x), f: Math.sin, df: Math.cos },
];
const chain = (x: NDArray, n = N) => {
  for (let i = 0; i < n; i++) x = CYCLE[i % CYCLE.length].op(x);
  return x;
};
/** The chain's value and derivative at x in float64 JS, op by op (forward mode by hand). */
function chainRef(x: number, n = N): [number, number] {
  let d = 1;
  for (let i = 0; i < n; i++) {
    const s = CYCLE[i % CYCLE.length];
    d *= s.df(x);
    x = s.f(x);
  }
  return [x, d];
}

const x0 = [0.3, 1, 1.7];
const xs = np.array(x0, { dtype: "float64" });
const ref = x0.map((x) => chainRef(x));
const values = ref.map(([v]) => v);
const derivs = ref.map(([, d]) => d);
// the in-module float64 exp/log/sin are within 2 ulp of Math's, so errors grow at most linearly along the chain
const TOL = 1e-10;

test("deep: the sanity of the reference chain (a gradient neither vanishing nor overflowing)", () => {
  for (const d of derivs) assert.ok(Math.abs(d) > 1e-60 && Math.abs(d) < 1, `derivative ${d}`);
});

test("deep: a 10,000-op elementwise chain under jit equals plain JS Math and the eager result", () => {
  const eager = chain(xs);
  close(eager, values, TOL);
  close(jit((x: NDArray) => chain(x))(xs), values, TOL);
});

test("deep: the issue's program — 250 and 10,000 × (sin, add) in float32 under jit", () => {
  const v = np.array([0.5, 1, 1.5]);
  for (const n of [250, N]) {
    const f = (x: NDArray) => {
      for (let i = 0; i < n; i++) x = np.sin(x).add(0.1);
      return x;
    };
    const expected = [0.5, 1, 1.5].map((x) => {
      for (let i = 0; i < n; i++) x = Math.fround(Math.fround(Math.sin(x)) + Math.fround(0.1));
      return x;
    });
    close(jit(f)(v), expected, 1e-6);
  }
});

test("deep: grad and jit(grad) of a 10,000-op chain (linearize + transpose of 10,000 equations)", () => {
  const g = (x: NDArray) => chain(x).sum();
  close(grad(g)(xs), derivs, TOL);
  close(jit(grad(g))(xs), derivs, TOL);
});

test("deep: jvp of jit and vmap of jit over a 10,000-op chain", () => {
  const f = jit((x: NDArray) => chain(x));
  const [y, dy] = jvp(f, [xs], [np.onesLike(xs)]);
  close(y, values, TOL);
  close(dy, derivs, TOL);
  const rows = np.array([x0, x0.map((x) => x + 0.25)], { dtype: "float64" });
  const expected = [x0, x0.map((x) => x + 0.25)].map((r) => r.map((x) => chainRef(x)[0]));
  close(vmap(f)(rows), expected, TOL);
});

test("deep: a left-deep tree x + x·c (each value used twice), 10,000 levels, under jit and jit(grad)", () => {
  const f = (x: NDArray) => {
    for (let i = 0; i < N; i++) x = np.add(x, np.multiply(x, 1e-4));
    return x;
  };
  const k = 1.0001 ** N;
  close(jit(f)(xs), x0.map((x) => x * k), 1e-11);
  close(jit(grad((x: NDArray) => f(x).sum()))(xs), x0.map(() => k), 1e-11);
});

test("deep: 10,000 ops mixing reductions and broadcasts under jit, grad and vmap", () => {
  // each step: x ← sin(x) − mean(x, axis 1) + 0.1 (a reduction broadcast back over the row): 1,200
  // steps of 9 primitives (sin, reduce_sum, reshape, div, sub, add and three broadcasts): 10,800
  const STEPS = 1200;
  const f = (x: NDArray) => {
    for (let i = 0; i < STEPS; i++) x = np.sin(x).sub(x.mean({ axis: 1, keepdims: true })).add(0.1);
    return x;
  };
  const rowsJs = [x0, [0.2, -0.4, 0.9]];
  const expected = rowsJs.map((r) => {
    for (let i = 0; i < STEPS; i++) {
      const m = (r[0] + r[1] + r[2]) / 3;
      r = r.map((x) => Math.sin(x) - m + 0.1);
    }
    return r;
  });
  const rows = np.array(rowsJs, { dtype: "float64" });
  close(jit(f)(rows), expected, TOL);
  close(vmap(jit((r: NDArray) => f(r.reshape([1, 3])).reshape([3])))(rows), expected, TOL);
  const h = (x: NDArray) => f(x).sum();
  const gJit = jit(grad(h))(rows);
  close(gJit, grad(h)(rows).toArray() as number[][], TOL);
  // the gradient of a sum of the outputs: a finite-difference check in plain JS on one entry
  const eps = 1e-6;
  const sumAt = (dx: number) => {
    let r = [x0[0] + dx, x0[1], x0[2]];
    for (let i = 0; i < STEPS; i++) {
      const m = (r[0] + r[1] + r[2]) / 3;
      r = r.map((x) => Math.sin(x) - m + 0.1);
    }
    return r[0] + r[1] + r[2];
  };
  close((gJit.toArray() as number[][])[0][0], (sumAt(eps) - sumAt(-eps)) / (2 * eps), 1e-6);
});

test("deep: 10,000 chained transposes, a balanced tree of 8,192 terms and many inputs under jit", () => {
  const m = np.arange(12).astype("float64").reshape([3, 4]);
  const t = jit((x: NDArray) => {
    for (let i = 0; i < N; i++) x = x.T.mul(1.0001);
    return x;
  })(m);
  assert.deepEqual(t.shape, [3, 4]);
  close(t, Array.from({ length: 12 }, (_, i) => i * 1.0001 ** N), 1e-11);
  // Σ_i w·(i/N) as one right-deep expression: w is read 10,000 times
  const s = jit((w: NDArray) => {
    let acc = np.zerosLike(w);
    for (let i = 0; i < N; i++) acc = w.mul(i / N).add(acc);
    return acc;
  })(xs);
  close(s, x0.map((x) => (x * (N - 1)) / 2), 1e-12);
  // a balanced tree: 8,192 terms w·sin(i) summed pairwise (13 levels, every term fused where it fits)
  const terms = 8192;
  const tree = jit((w: NDArray) => {
    let level = Array.from({ length: terms }, (_, i) => w.mul(Math.sin(i)));
    while (level.length > 1) level = Array.from({ length: level.length / 2 }, (_, i) => level[2 * i].add(level[2 * i + 1]));
    return level[0];
  })(xs);
  const treeRef = (x: number) => {
    let level = Array.from({ length: terms }, (_, i) => x * Math.sin(i));
    while (level.length > 1) level = Array.from({ length: level.length / 2 }, (_, i) => level[2 * i] + level[2 * i + 1]);
    return level[0];
  };
  close(tree, x0.map(treeRef), 1e-13);
  // 1,000 separate inputs summed: more inputs than one kernel reads
  const parts = Array.from({ length: 1000 }, (_, i) => np.full([3], i, { dtype: "float64" }));
  close(jit((ps: NDArray[]) => ps.reduce((a, b) => a.add(b)))(parts), [499500, 499500, 499500], 0);
});

test("deep: 300 nested jit calls", () => {
  let h = (x: NDArray) => x;
  for (let i = 0; i < 300; i++) {
    const inner = h;
    h = jit((x: NDArray) => np.sin(inner(x)));
  }
  const expected = x0.map((x) => {
    for (let i = 0; i < 300; i++) x = Math.sin(x);
    return x;
  });
  close(h(xs), expected, TOL);
  close(grad((x: NDArray) => h(x).sum())(xs), x0.map((x) => {
    let d = 1;
    for (let i = 0; i < 300; i++) {
      d *= Math.cos(x);
      x = Math.sin(x);
    }
    return d;
  }), TOL);
});

test("deep: the jaxpr of a 10,000-op gradient prints; the fusion budget bounds every kernel", () => {
  const jaxpr = makeJaxpr(grad((x: NDArray) => chain(x).sum()))(xs);
  assert.ok(jaxpr.jaxpr.eqns.length > N, `${jaxpr.jaxpr.eqns.length} equations`);
  const text = String(jaxpr);
  assert.ok(text.split("\n").length > N);
  const prog = compileProgram(makeJaxpr((x: NDArray) => chain(x))(xs).jaxpr, getBackend());
  const sizes = prog.steps.map((s) => (s.lowering.kind === "kernel" ? exprNodes(s.lowering.kernel.expr) : 0));
  assert.ok(prog.steps.length > 10 && Math.max(...sizes) <= 256, `${prog.steps.length} steps, largest ${Math.max(...sizes)} nodes`);
  // an ordinary chain stays one fused kernel
  const short = compileProgram(makeJaxpr((x: NDArray) => chain(x, 20))(xs).jaxpr, getBackend());
  assert.equal(short.steps.length, 1);
});

test("deep: concatenating 3,000 operands (more than one kernel reads), eagerly, under jit and grad", () => {
  const pieces = Array.from({ length: 3000 }, (_, i) => np.full([2], i, { dtype: "float64" }));
  const expected = Array.from({ length: 6000 }, (_, i) => Math.floor(i / 2));
  close(np.concatenate(pieces), expected, 0);
  close(jit((ps: NDArray[]) => np.concatenate(ps))(pieces), expected, 0);
  const w = Array.from({ length: 6000 }, (_, i) => i % 7);
  const g = grad((x: NDArray) => np.concatenate(Array.from({ length: 3000 }, (_, i) => x.mul(i))).mul(np.array(w, { dtype: "float64" })).sum())(np.array([1, 2], { dtype: "float64" }));
  // d/dx_k Σ_i i·x_k·w[2i+k]
  close(g, [0, 1].map((k) => Array.from({ length: 3000 }, (_, i) => i * w[2 * i + k]).reduce((a, b) => a + b)), 1e-12);
});

test("deep: kernels share structurally equal subexpressions, and only those (NaN, ±Infinity and ±0 differ)", () => {
  const b = getBackend();
  const c = (value: number): Expr => ({ k: "const", value, dtype: "float64" });
  const neg = (a: Expr): Expr => un("neg", a);
  const x = load(0, gidx, "float64");
  const flag = bin("gt", x, c(0), "bool");
  const pick = (t: number, f: number) => select(flag, neg(c(t)), neg(c(f)));
  const cases: [number, number][] = [[NaN, Infinity], [Infinity, -Infinity], [0, -0], [2, 2]];
  for (const [t, f] of cases) {
    // the same subtree built twice (a structural copy) is one value; different constants are not
    const expr = bin("mul", pick(t, f), bin("mul", neg(x), neg(load(0, gidx, "float64"))));
    const out = Array.from(b.read(b.run(b.compile({ inputs: ["float64"], out: "float64", size: 2, expr }), [b.fromTyped(new Float64Array([1, -1]), "float64")])));
    const want = [-t, -f];
    out.forEach((v, i) => assert.ok(Object.is(v, want[i]), `${t}/${f}: element ${i} is ${v}, expected ${want[i]}`));
  }
});
