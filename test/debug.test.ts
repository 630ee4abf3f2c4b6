/** @file debug.print / debug.callback: concrete values under jit (on every run), vmap, grad and control flow; program order; the passes keep them. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, debug, grad, jit, jvp, lax, makeJaxpr, np, vmap, checkpoint, hessian } from "../src/index.js";
import { dce, cse, optimize } from "../src/ir/passes.js";

/** Run `fn` with debug.print captured; returns the printed lines. */
function capture(fn: () => unknown): string[] {
  const lines: string[] = [];
  const prev = debug.setPrinter((l) => lines.push(l));
  try {
    fn();
  } finally {
    debug.setPrinter(prev);
  }
  return lines;
}
const s = (x: NDArray | number[]) => (Array.isArray(x) ? String(np.array(x)) : String(x));

const f = (x: NDArray) => {
  debug.print("x = {}", x);
  const y = np.multiply(x, x);
  debug.print("y = {y}", { y });
  return np.sum(y);
};

test("debug.print: eager, positional and named fields, pytrees, braces, number specs", () => {
  assert.deepEqual(capture(() => f(np.array([1, 2]))), [`x = ${s([1, 2])}`, `y = ${s([1, 4])}`]);
  const a = np.array(1.5), b = np.array([1, 2], { dtype: "int32" });
  assert.deepEqual(capture(() => debug.print("{1} {0} {{literal}} {b}", a, "two", { b })), [`two ${s(a)} {literal} ${s(b)}`]);
  assert.deepEqual(capture(() => debug.print("tree {}", { w: [a, 3], k: null })), [`tree {k: null, w: [${s(a)}, 3]}`]);
  assert.deepEqual(capture(() => debug.print("{:.3f} {:.2e} {:.1f}", np.array(Math.PI, { dtype: "float64" }), 12345, np.array([2.25]))), ["3.142 1.23e+4 2.3"]);
  assert.deepEqual(capture(() => debug.print("no values")), ["no values"]);
});

test("debug.print: clear errors for bad formats and missing values, at the call", () => {
  assert.throws(() => debug.print("{", 1), /debug\.print: unclosed '\{' at position 0/);
  assert.throws(() => debug.print("a } b"), /debug\.print: single '\}'/);
  assert.throws(() => debug.print("{} {}", np.array(1)), /needs at least 2 positional values, got 1/);
  assert.throws(() => debug.print("{x}", np.array(1)), /last argument must be an object of named values/);
  assert.throws(() => debug.print("{x}", { y: 1 }), /no value named 'x' \(named values: y\)/);
  assert.throws(() => debug.print("{} {0}", 1, 2), /cannot mix automatic/);
  assert.throws(() => debug.print("{:>8}", 1), /format spec ':>8' is not supported/);
  assert.throws(() => debug.print("{:.2f}", np.array([1, 2])), /needs a number or a one-element array/);
  assert.throws(() => debug.callback(42 as never), /debug\.callback: expected a function/);
  assert.throws(() => debug.setPrinter("x" as never), /debug\.setPrinter: expected a function/);
});

test("debug.print under jit prints on every call of the compiled function, in program order", () => {
  const jf = jit(f);
  const lines = capture(() => {
    jf(np.array([1, 2]));
    jf(np.array([3, 4]));
    jf(np.array([3, 4]));
  });
  assert.deepEqual(lines, [`x = ${s([1, 2])}`, `y = ${s([1, 4])}`, `x = ${s([3, 4])}`, `y = ${s([9, 16])}`, `x = ${s([3, 4])}`, `y = ${s([9, 16])}`]);
  // tracing alone prints nothing
  assert.deepEqual(capture(() => makeJaxpr(f)(np.array([1, 2]))), []);
  // a print with no array values is staged too
  const hello = jit(() => (debug.print("hello"), np.array(1)));
  assert.deepEqual(capture(() => (hello(), hello())), ["hello", "hello"]);
});

test("debug.print survives DCE, CSE and constant folding: unused, duplicate and constant prints all run", () => {
  const g = jit((x: NDArray) => {
    debug.print("a {}", x);
    debug.print("a {}", x);
    debug.print("c {}", np.array(7));
    lax.scan((c: NDArray, t: NDArray) => (debug.print("t {}", t), [c, c]), np.array(0), np.array([1, 2])); // outputs unused
    lax.cond(np.array(true), () => (debug.print("T"), np.array(1)), () => (debug.print("F"), np.array(2))); // all-constant: not folded
    return np.array(0);
  });
  assert.deepEqual(capture(() => g(np.array(1))), [`a ${s(np.array(1))}`, `a ${s(np.array(1))}`, `c ${s(np.array(7))}`, `t ${s(np.array(1))}`, `t ${s(np.array(2))}`, "T"]);
  assert.deepEqual(capture(() => g(np.array(1))).length, 6, "the second run prints everything again");
  const j = makeJaxpr((x: NDArray) => {
    debug.print("{}", x);
    debug.print("{}", x);
    return x;
  })(np.array(1)).jaxpr;
  assert.equal(dce(j).eqns.length, 2);
  assert.equal(dce(cse(j)).eqns.length, 2);
  assert.equal(optimize(j).eqns.length, 2);
  assert.match(String(makeJaxpr((x: NDArray) => (debug.print("{}", x), x))(np.array(1))), /^ {4}debug_callback\[callback=<fn print>\] a$/m);
});

test("debug.print under vmap prints once per batch element (as JAX); unbatched values once", () => {
  const xs = np.array([[1, 2], [3, 4]]);
  const per = [`x = ${s([1, 2])}`, `x = ${s([3, 4])}`, `y = ${s([1, 4])}`, `y = ${s([9, 16])}`];
  assert.deepEqual(capture(() => vmap(f)(xs)), per);
  assert.deepEqual(capture(() => jit(vmap(f))(xs)), per);
  assert.deepEqual(capture(() => vmap(jit(f))(xs)), per);
  // a batch axis other than 0, and an unbatched value beside a batched one
  const lines = capture(() => vmap((x: NDArray, c: NDArray) => (debug.print("{} {}", x, c), x), { inAxes: [1, null] })(xs, np.array(9)));
  assert.deepEqual(lines, [`${s([1, 3])} ${s(np.array(9))}`, `${s([2, 4])} ${s(np.array(9))}`]);
  assert.deepEqual(capture(() => vmap((x: NDArray) => (debug.print("once"), x))(xs)), ["once"]);
});

test("debug.print under grad and jvp prints the primal values only; jit(grad) and grad(jit) on every call", () => {
  const x = np.array([1, 2]);
  const primal = [`x = ${s([1, 2])}`, `y = ${s([1, 4])}`];
  let g: NDArray | undefined;
  assert.deepEqual(capture(() => (g = grad(f)(x))), primal);
  assert.deepEqual(g!.toArray(), [2, 4]);
  assert.deepEqual(capture(() => jvp(f, [x], [np.array([1, 0])])), primal);
  const jg = jit(grad(f));
  assert.deepEqual(capture(() => (jg(x), jg(np.array([3, 4])))), [...primal, `x = ${s([3, 4])}`, `y = ${s([9, 16])}`]);
  assert.deepEqual(capture(() => grad(jit(f))(x)), primal);
  // forward-over-reverse: the primal is printed once (the tangents are batched, the primal is not)
  assert.deepEqual(capture(() => hessian(f)(x)), primal);
  // NB: checkpoint recomputes its function in the backward pass, and so prints again (as JAX's remat)
  assert.deepEqual(capture(() => grad(checkpoint(f))(x)), [...primal, ...primal]);
});

test("debug.print inside lax.scan, cond and whileLoop bodies prints each step, also under jit and grad", () => {
  const body = (c: NDArray, t: NDArray): [NDArray, NDArray] => {
    debug.print("c={:.1f} t={:.1f}", c, t);
    return [np.add(c, np.multiply(t, t)), c];
  };
  const run = (xs: NDArray) => lax.scan(body, np.array(0), xs)[0];
  const steps = ["c=0.0 t=1.0", "c=1.0 t=2.0", "c=5.0 t=3.0"];
  const xs = np.array([1, 2, 3]);
  assert.deepEqual(capture(() => run(xs)), steps);
  const jr = jit(run);
  assert.deepEqual(capture(() => (jr(xs), jr(xs))), [...steps, ...steps]);
  let g: NDArray | undefined;
  assert.deepEqual(capture(() => (g = jit(grad(run))(xs))), steps);
  assert.deepEqual(g!.toArray(), [2, 4, 6]);
  // a print of a loop-invariant value (from the consts alone) is not hoisted out of the loop by reverse mode
  const w = np.array([1, 2]);
  const inv = (v: NDArray, ys: NDArray) => lax.scan((c: NDArray, y: NDArray) => {
    const n = np.sum(np.multiply(v, v));
    debug.print("n={:.0f}", n);
    return [np.add(c, np.multiply(n, y)), c];
  }, np.array(0), ys)[0];
  assert.deepEqual(capture(() => grad(inv)(w, xs)), ["n=5", "n=5", "n=5"]);
  assert.deepEqual(capture(() => jit(grad(inv))(w, xs)), ["n=5", "n=5", "n=5"]);
  const branch = jit((x: NDArray) => lax.cond(np.greater(x, 0), (y: NDArray) => (debug.print("pos"), y), (y: NDArray) => (debug.print("neg"), y), x));
  assert.deepEqual(capture(() => (branch(np.array(1)), branch(np.array(-1)))), ["pos", "neg"]);
  const loop = jit((n: NDArray) => lax.whileLoop((c: NDArray) => np.less(c, n), (c: NDArray) => (debug.print("i={}", c), np.add(c, 1)), np.array(0, { dtype: "int32" })));
  assert.deepEqual(capture(() => loop(np.array(2, { dtype: "int32" }))), [`i=${s(np.array(0, { dtype: "int32" }))}`, `i=${s(np.array(1, { dtype: "int32" }))}`]);
});

test("debug.callback passes concrete arrays (pytrees, static leaves as given) that the callback may keep", () => {
  const seen: unknown[][] = [];
  const h = jit((x: NDArray) => {
    const y = np.multiply(x, 2);
    debug.callback((v: { y: NDArray; tag: string }, n: number) => seen.push([v.y, v.tag, n]), { y, tag: "t" }, 5);
    return np.add(y, 1); // y's buffer is released after its last use: the callback got a copy
  });
  h(np.array([1, 2]));
  h(np.array([3, 4]));
  assert.equal(seen.length, 2);
  assert.deepEqual(seen.map(([y, tag, n]) => [(y as NDArray).toArray(), tag, n]), [[[2, 4], "t", 5], [[6, 8], "t", 5]]);
  assert.ok(!((seen[0][0] as object) as { _trace?: unknown })._trace, "a concrete array");
  const perElement: number[] = [];
  vmap((x: NDArray) => (debug.callback((v: NDArray) => perElement.push(v.item()), x), x))(np.array([5, 6, 7]));
  assert.deepEqual(perElement, [5, 6, 7]);
});

test("debug.setPrinter returns the previous printer and null restores console.log", () => {
  const mine = () => {};
  const prev = debug.setPrinter(mine);
  assert.equal(debug.setPrinter(null), mine);
  const orig = console.log;
  const out: string[] = [];
  console.log = (l: string) => out.push(l);
  try {
    debug.print("to console {}", 1);
  } finally {
    console.log = orig;
    debug.setPrinter(prev);
  }
  assert.deepEqual(out, ["to console 1"]);
});
