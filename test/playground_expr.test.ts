/**
 * @file The playground's expression language (src/expr, shared with the CLI) and what its panels compute
 * (playground/src/compute.ts, gallery.ts), in Node on both backends: values and derivatives against
 * hand-derived formulas, errors with their positions, and that nothing outside the library is reachable.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { NDArray, grad, jacfwd, jit, np, vmap } from "../src/index.js";
import { compile, evaluateSource } from "../src/expr/interpret.js";
import { ExprError, formatError, tokenize } from "../src/expr/lexer.js";
import { derivatives, finiteDifferences, jacobianPasses, programs } from "../playground/src/compute.js";
import { seed, swell, train } from "../playground/src/gallery.js";
import { robustYRange } from "../playground/src/panels.js";
import { close } from "./util.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });
type F = (x: NDArray) => NDArray;

// [source, f(x) by hand, f′(x) by hand]
const CASES: [string, (x: number) => number, (x: number) => number][] = [
  ["x => x ** 3", (x) => x ** 3, (x) => 3 * x ** 2],
  ["x => np.sin(x) * x", (x) => Math.sin(x) * x, (x) => Math.cos(x) * x + Math.sin(x)],
  ["(x: number): number => { const a: number = x * 2; let b = a - 1 / x; return b }", (x) => 2 * x - 1 / x, (x) => 2 + 1 / x ** 2],
  ["x => x > 0 ? x ** 2 : -x / 2", (x) => (x > 0 ? x * x : -x / 2), (x) => (x > 0 ? 2 * x : -0.5)],
  ["x => -(x ** 2) + 2 ** -x", (x) => -(x ** 2) + 2 ** -x, (x) => -2 * x - Math.LN2 * 2 ** -x],
  ["x => 2 ** 3 ** 2 * x + 10 % 4", (x) => 512 * x + 2, () => 512],
  ["x => np.sum(np.array([1, 2, 3]) * x) / 6", (x) => x, () => 1],
  ["x => grad(np.sin)(x) + x.square() // comment", (x) => Math.cos(x) + x * x, (x) => -Math.sin(x) + 2 * x],
  ["x => lax.cond(x > 0, y => y * 3, y => -y, x)", (x) => (x > 0 ? 3 * x : -x), (x) => (x > 0 ? 3 : -1)],
  ["x => /* tanh */ np.tanh(x) * pi", (x) => Math.tanh(x) * Math.PI, (x) => Math.PI * (1 - Math.tanh(x) ** 2)],
  ["(x) => ((a, b) => a * b)(x, x + 1)", (x) => x * (x + 1), (x) => 2 * x + 1],
  ["x => x >= 1 && x < 2 ? x : 0.5", (x) => (x >= 1 && x < 2 ? x : 0.5), (x) => (x >= 1 && x < 2 ? 1 : 0)],
];

test("expressions: values, grad, and jit(vmap(grad)) agree with hand-derived formulas (float64)", () => {
  const xs = [-1.5, -0.25, 0.5, 1.25, 1.75];
  for (const [src, fx, dfx] of CASES) {
    const f = compile(src) as unknown as F;
    for (const x of xs) {
      close((f(f64(x)) as NDArray).item() as number, [fx(x)], 1e-13);
      close(grad(f)(f64(x)), [dfx(x)], 1e-12);
    }
    close(jit(vmap(grad(f)))(f64(xs)), xs.map(dfx), 1e-12);
  }
});

test("expressions: lists, indexing (also negative), array members, float32 stays float32", () => {
  const F = compile("v => [v[0] * v[1], v[-1] ** 3, v.sum()]") as unknown as (v: NDArray) => NDArray[];
  const out = F(f64([2, 3, 5]));
  assert.deepEqual(out.map((a) => a.item()), [6, 125, 10]);
  const J = jacfwd((v: NDArray) => np.stack(F(v)))(f64([2, 3, 5]));
  close(J, [[3, 2, 0], [0, 0, 75], [1, 1, 1]], 1e-14);
  const g = compile("x => np.sin(x) * 2") as unknown as F;
  assert.equal(g(np.array([1, 2], { dtype: "float32" })).dtype, "float32");
  assert.equal(evaluateSource("[1, 2, 3].length"), 3);
  assert.equal(evaluateSource("[1, 2, 3][-1]"), 3);
  close(evaluateSource("np.linalg.det(np.eye(3) * 2)") as NDArray, [8], 1e-12);
});

// [source, expected "line:col: message" (a regular expression)]
const ERRORS: [string, RegExp][] = [
  ["x => x +", /^1:9: expected an expression, got the end of the input$/m],
  ["x => np.sin(x", /^1:14: expected "," or "\)", got the end of the input$/m],
  ["x => 'a'", /^1:6: strings are not part of the language$/m],
  ["x => -x ** 2", /^1:9: a unary "-" directly before "\*\*" is ambiguous/m],
  ["x => window.alert(1)", /^1:6: unknown name "window"/m],
  ["x => globalThis", /^1:6: unknown name "globalThis"/m],
  ["x => sin(x)", /^1:6: unknown name "sin"; did you mean np\.sin\? \(/m],
  ["(alpha) => alpah * 2", /^1:12: unknown name "alpah"; did you mean "alpha"\? \(/m],
  ["x => this", /^1:6: "this" is not part of the playground's language/m],
  ["x => new Function(x)", /^1:6: "new" is not part of/m],
  ["x => x.constructor", /^1:6: arrays have no member "constructor"/m],
  ["x => np.sin.constructor", /^1:6: cannot read "constructor" of a function/m],
  ["x => np.__proto__", /^1:6: np.__proto__ does not exist/m],
  ["x => np.toString()", /^1:6: np.toString does not exist/m],
  ["x => [1].map", /^1:6: cannot read "map" of a list of 1/m],
  ["x => x = 1", /^1:8: expected the end of the expression, got "="/m],
  ["x => {\n  const a = 1;\n  return b\n}", /^3:10: unknown name "b"/m],
  ["x => np.add(np.ones(3), np.ones(4))", /^1:6: np.add: shapes \[3\], \[4\] cannot be broadcast/m],
  ["x => np.sin(x, 2)", /^1:6: np.sin: expected at most 1 argument/m],
  ["(x, x) => x", /^1:5: duplicate parameter "x"/m],
  ["x => { const a = 1; const a = 2; return a }", /^1:21: "a" is already declared/m],
  ["1 + 2", /^1:1: expected a function, such as x => x \*\* 3/m],
  ["x => 1x", /^1:6: invalid number "1x"/m],
  ["x => (f => f(f))(f => f(f))", /too deep: a function calls itself without end/],
  ["x => x(1)", /^1:6: x is not a function \(it is an array float64\[\]\)/m],
  ["x => x[1.5]", /^1:6: np.getItem: indices must be integers, got 1.5/m],
  ["x => [np]", /^1:7: np is a namespace, not a value/m],
];

test("errors name the place (line:col with a caret under the span) and what was expected", () => {
  for (const [src, want] of ERRORS) {
    let err: unknown;
    try {
      (compile(src) as unknown as F)(f64(0.5));
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof ExprError, `${src}: expected an ExprError, got ${err}`);
    const text = formatError(src, err);
    assert.match(text, want, `${src}:\n${text}`);
    const [, line, caret] = text.split("\n").slice(-3);
    assert.ok(src.includes(line), `${src}: the source line is shown: ${line}`);
    assert.match(caret, /^ *\^~*$/, `${src}: caret line ${JSON.stringify(caret)}`);
  }
  assert.deepEqual(tokenize("x=>x**3").map((t) => t.text), ["x", "=>", "x", "**", "3", ""]);
});

test("nothing but the library is reachable: random programs over dangerous names only give values or ExprErrors", () => {
  const words = ["x", "np", "lax", "nn", "constructor", "__proto__", "prototype", "Function", "globalThis", "window", "document", "eval",
    "call", "apply", "bind", "sin", "grad", "valueOf", "toString", "shape", "length", ".", "(", ")", "[", "]", "=>", ",", "1", "+", "?", ":"];
  const forbidden = new Set<unknown>([globalThis, Function, Object, eval, Object.prototype, Function.prototype]);
  fc.assert(fc.property(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 9 }), (toks) => {
    const src = toks.join(" ").replace(/ \. /g, ".");
    try {
      const v = evaluateSource(src);
      assert.ok(!forbidden.has(v), `${src} reached ${String(v)}`);
      if (typeof v === "function") assert.ok(!forbidden.has(v), src);
      assert.ok(v === undefined || ["number", "boolean", "function", "object"].includes(typeof v), `${src}: ${typeof v}`);
      if (typeof v === "object" && v !== null) assert.ok(v instanceof NDArray || Array.isArray(v) || Object.getPrototypeOf(v) === null, `${src}: ${String(v)}`);
    } catch (e) {
      assert.ok(e instanceof ExprError, `${src}: ${e}`);
    }
  }), { numRuns: 400, seed: 14 });
});

test("panel 2: f … f‴ on the grid and at x0 (sin(x)·x, by hand)", () => {
  const d = derivatives(compile("x => np.sin(x) * x"), -2, 2, 41, 0.7);
  const hand = [
    (x: number) => Math.sin(x) * x,
    (x: number) => Math.sin(x) + x * Math.cos(x),
    (x: number) => 2 * Math.cos(x) - x * Math.sin(x),
    (x: number) => -3 * Math.sin(x) - x * Math.cos(x),
  ];
  assert.equal(d.xs.length, 41);
  close(d.xs[0], [-2], 0);
  close(d.xs[40], [2], 0);
  d.ys.forEach((y, k) => close(f64(y), d.xs.map(hand[k]), 1e-13));
  close(f64(d.at), hand.map((h) => h(0.7)), 1e-13);
  const cube = derivatives(compile("x => x ** 3"), -1, 1, 3, 1);
  assert.deepEqual(cube.ys, [[-1, 0, 1], [3, 0, 3], [-6, 0, 6], [6, 6, 6]]);
  assert.deepEqual(cube.at, [1, 3, 6, 6]);
  const step = derivatives(compile("x => x > 0 ? 1 : 0"), -1, 1, 3, 0.5);
  assert.deepEqual(step.ys, [[0, 0, 1], [0, 0, 0], [0, 0, 0], [0, 0, 0]], "an integer step is a function with f′ = 0");
  // a pole: the plot's y range follows the bulk of the values, not the spikes next to x = 0
  const pole = derivatives(compile("x => 1 / x"), -2, 2, 200, 1);
  const [ylo, yhi] = robustYRange(pole.ys) ?? [NaN, NaN];
  assert.ok(ylo > -1e4 && yhi < 1e4 && yhi > 10, `y range [${ylo}, ${yhi}]`);
  assert.equal(robustYRange(d.ys), undefined, "no pole: the plot's own range");
  assert.throws(() => derivatives(compile("x => [x, x]"), -1, 1, 3, 0), /f\(x\) must be a number \(an array of shape \[\]\), got a list of 2/);
});

test("panel 3: the jaxpr of grad(f) and the smaller optimised program jit compiles", () => {
  const p = programs(compile("x => x ** 3"), 1);
  assert.match(p.grad, /^\{ lambda a:f64\[\]\. let/);
  assert.equal(p.gradEqns, p.grad.split("\n").length - 2);
  assert.ok(p.optimisedEqns < p.gradEqns, `${p.optimisedEqns} < ${p.gradEqns}`);
  assert.doesNotMatch(p.optimised, /mul a 1|mul 1 /, "x·1 is simplified away");
  assert.ok(p.kernels >= 1 && p.kernels <= p.optimisedEqns, `${p.kernels} kernels`);
});

test("panel 4: a Jacobian by n JVP passes and by m VJP passes equals jacfwd", () => {
  const src = "v => [v[0] * v[1], v[1] ** 3, np.sin(v[0] + v[2])]";
  const J = jacobianPasses(compile(src), [2, 3, 1]);
  const ref = jacfwd((v: NDArray) => np.stack([v.get(0).mul(v.get(1)), v.get(1).pow(3), np.sin(v.get(0).add(v.get(2)))]))(f64([2, 3, 1]));
  close(f64(J.byColumns), ref.toArray() as number[][], 1e-15);
  close(f64(J.byRows), ref.toArray() as number[][], 1e-15);
  assert.equal(J.columnMs.length, 3);
  assert.equal(J.rowMs.length, 3);
  assert.ok([...J.columnMs, ...J.rowMs, J.linearizeMs, J.vjpMs].every((t) => t >= 0 && Number.isFinite(t)));
  const wide = jacobianPasses(compile("v => v.sum()"), [1, 2, 3, 4]);
  assert.deepEqual([wide.columnMs.length, wide.rowMs.length], [4, 1], "ℝ⁴ → ℝ: four JVPs, one VJP");
  assert.deepEqual(wide.byRows, [[1, 1, 1, 1]]);
  assert.throws(() => jacobianPasses(compile("v => v"), []), /non-empty list of finite numbers/);
});

test("panel 5: difference quotients against AD (sin(x)·eˣ at 1): truncation error O(h) and O(h²), then round-off", () => {
  const d = finiteDifferences(compile("x => np.sin(x) * np.exp(x)"), 1);
  const e = Math.E, s = Math.sin(1), c = Math.cos(1);
  close(d.ad, [e * (s + c)], 1e-15);
  // leading truncation errors at h = 0.1 (up to higher orders): forward |f″|·h/2, central |f‴|·h²/6
  const f2 = 2 * e * c, f3 = 2 * e * (c - s);
  assert.ok(Math.abs(d.forward[0] / (Math.abs(f2) * 0.05) - 1) < 0.2, `forward ${d.forward[0]}`);
  assert.ok(Math.abs(d.central[0] / (Math.abs(f3) * 0.01 / 6) - 1) < 0.05, `central ${d.central[0]}`);
  assert.ok(Math.min(...d.forward) < 1e-7 && Math.min(...d.forward) > 1e-10, `best forward ${Math.min(...d.forward)}`);
  assert.ok(Math.min(...d.central) < 1e-9, `best central ${Math.min(...d.central)}`);
  assert.ok(d.forward[d.forward.length - 1] > 1e-3, "round-off dominates at h = 1e-15");
  assert.ok(d.ad32Error > 0 && d.ad32Error < 1e-5, `float32 AD error ${d.ad32Error}`);
  assert.equal(d.hs.length, 29);
});

/**
 * A symbolic differentiator on expression trees, without sharing: d(a + b) = da + db, d(a + c) = da,
 * d(c·b) = c·db, d(a·b) = da·b + a·db — to count the nodes the swell formula predicts.
 */
type Ex = "x" | number | [string, Ex, Ex];
const size = (e: Ex): number => (Array.isArray(e) ? 1 + size(e[1]) + size(e[2]) : 1);
const deriv = (e: Ex): Ex => {
  if (!Array.isArray(e)) return e === "x" ? 1 : 0;
  const [op, a, b] = e;
  if (op === "+") return typeof b === "number" ? deriv(a) : ["+", deriv(a), deriv(b)];
  if (typeof a === "number") return ["*", a, deriv(b)];
  return ["+", ["*", deriv(a), b], ["*", a, deriv(b)]];
};

test("gallery: the seed's JVP/VJP numbers, the swell of the nested quadratic, a training curve", () => {
  const s = seed();
  assert.deepEqual(s.value, [6, 27]);
  assert.deepEqual(s.columns, [[3, 0], [2, 27]]);
  close(f64(s.jvp), [10.4, 91.8], 1e-15);
  assert.deepEqual(s.vjp, [12, 143]);

  const rows = swell(6);
  assert.deepEqual(rows.map((r) => r.expandedTerms), [2, 4, 8, 16, 32, 64], "f′ has degree 2^d − 1 with every power present");
  const per = rows[0].adEqns;
  assert.deepEqual(rows.map((r) => r.adEqns), rows.map((r) => per * r.depth), "the AD program grows linearly");
  // the same counts from explicit trees of q(u) = u·u + 3·u + 4, nested and differentiated
  let u: Ex = "x";
  for (let d = 1; d <= 5; d++) {
    u = ["+", ["+", ["*", u, u], ["*", 3, u]], 4];
    assert.equal(size(deriv(u)), rows[d - 1].treeNodes, `depth ${d}`);
  }

  const t = train(150);
  assert.equal(t.losses.length, 150);
  assert.ok(t.losses[149] < t.losses[0] / 10, `loss ${t.losses[0]} → ${t.losses[149]}`);
  assert.deepEqual([t.xs.length, t.targets.length, t.fitted.length], [64, 64, 64]);
});
