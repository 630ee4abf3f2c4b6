/**
 * @file The jaxpr passes (src/ir/passes.ts): dce, cse, foldConstants, simplify and optimize. Each
 * result type-checks, leaves its input untouched, and computes bit-for-bit the same values as the
 * original program — on random inputs and on NaN, ±0 and ±Inf, which is what proves the rewrites
 * IEEE-safe. Snapshots pin the optimised programs of a few grad/jvp/vmap jaxprs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, ClosedJaxpr, np, grad, jvp, vmap, makeJaxpr, customJvp, stopGradient } from "../src/index.js";
import { ShapedArray } from "../src/core/aval.js";
import { ConcreteArray } from "../src/core/array.js";
import { DType } from "../src/core/dtype.js";
import { Primitive } from "../src/core/primitive.js";
import { Jaxpr, JaxprEqn, Lit, Var, evalJaxpr, typecheckJaxpr } from "../src/ir/jaxpr.js";
import { cse, dce, foldConstants, optimize, simplify } from "../src/ir/passes.js";
import { primitives } from "../src/primitives/registry.js";
import * as L from "../src/lax/index.js";

const snap = (lines: string[]) => lines.join("\n");
const prim = (name: string): Primitive => primitives.get(name)!;
const s = (v: number) => np.array(v);

// ---- helpers: exact comparison on many inputs ----

/** Bit-level equality of values as JS sees them: NaN equals NaN, −0 differs from +0. */
function assertSameBits(a: NDArray, b: NDArray, what: string): void {
  assert.deepEqual(a.shape, b.shape, `${what}: shape`);
  assert.equal(a.dtype, b.dtype, `${what}: dtype`);
  const x = a.data(), y = b.data();
  for (let i = 0; i < x.length; i++) assert.ok(Object.is(x[i], y[i]), `${what}: element ${i}: ${x[i]} vs ${y[i]}`);
}

function run(j: ClosedJaxpr | Jaxpr, args: NDArray[]): NDArray[] {
  return j instanceof ClosedJaxpr ? evalJaxpr(j.jaxpr, [...j.consts, ...args]) : evalJaxpr(j, args);
}

/** A small deterministic generator (no dependence on Math.random). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SPECIAL = [NaN, -0, 0, Infinity, -Infinity, 1, -1, 0.5];

/** Argument lists for avals: random values, then each special value everywhere (floats only). */
function inputsFor(avals: readonly ShapedArray[], seed = 7): NDArray[][] {
  const rand = lcg(seed);
  const fill = (a: ShapedArray, f: () => number): NDArray => {
    const data = Array.from({ length: a.size }, f);
    return np.array(data, { dtype: a.dtype }).reshape([...a.shape]);
  };
  const sets: NDArray[][] = [];
  for (let k = 0; k < 3; k++) {
    sets.push(avals.map((a) => fill(a, () => (a.dtype === "bool" ? Number(rand() < 0.5) : a.dtype.startsWith("float") ? rand() * 4 - 2 : Math.floor(rand() * 10 - 5)))));
  }
  if (avals.every((a) => a.dtype.startsWith("float"))) {
    for (const v of SPECIAL) sets.push(avals.map((a) => fill(a, () => v)));
    // mixed specials, so that e.g. x and y differ in a binary op
    sets.push(avals.map((a, j) => fill(a, () => SPECIAL[Math.floor(rand() * SPECIAL.length + j) % SPECIAL.length])));
  }
  return sets;
}

/** `after` type-checks and agrees bit for bit with `before` on random and special inputs. */
function assertEquivalent(before: ClosedJaxpr | Jaxpr, after: ClosedJaxpr | Jaxpr): void {
  typecheckJaxpr(after instanceof ClosedJaxpr ? after.jaxpr : after);
  const inAvals = before instanceof ClosedJaxpr ? before.inAvals : before.inBinders.map((v) => v.aval);
  const afterAvals = after instanceof ClosedJaxpr ? after.inAvals : after.inBinders.map((v) => v.aval);
  assert.deepEqual(afterAvals.map(String), inAvals.map(String), "the signature is unchanged");
  for (const args of inputsFor(inAvals)) {
    const want = run(before, args);
    const got = run(after, args);
    assert.equal(got.length, want.length);
    got.forEach((g, i) => assertSameBits(g, want[i], `output ${i} on [${args.map((a) => a.data().join(",")).join("; ")}]`));
  }
}

/** Apply a pass, checking that the input is left untouched and the result is equivalent. */
function checked<J extends ClosedJaxpr | Jaxpr>(j: J, pass: (j: J) => J): J {
  const printed = String(j);
  const eqns = [...j.eqns];
  const out = pass(j);
  assert.equal(String(j), printed, "the input jaxpr was mutated");
  assert.ok(j.eqns.length === eqns.length && j.eqns.every((e, i) => e === eqns[i]), "the input's equations were mutated");
  assertEquivalent(j, out);
  return out;
}

const names = (j: ClosedJaxpr | Jaxpr) => j.eqns.map((e) => e.primitive.name);

const cube = (x: NDArray) => np.multiply(np.multiply(x, x), x);

// ---- dce ----

test("dce: grad(x ↦ x·x·x) loses only the dead forward mul", () => {
  const closed = makeJaxpr(grad(cube))(s(2));
  assert.equal(closed.eqns.length, 8);
  const out = checked(closed, (j) => dce(j));
  assert.equal(out.eqns.length, 7);
  assert.ok(!out.eqns.some((e) => e.outBinders[0] === closed.eqns[1].outBinders[0]), "the forward result c = mul b a is gone");
});

test("dce: usedOutputs prunes outputs and what only they need; inputs stay unless pruneInputs", () => {
  const closed = makeJaxpr((x: NDArray, y: NDArray) => [np.sin(x), np.exp(y), np.multiply(x, x)])(s(1), s(2));
  const j = closed.jaxpr;
  const kept = dce(j, [true, false, true]);
  typecheckJaxpr(kept);
  assert.deepEqual(names(kept), ["sin", "mul"]);
  assert.equal(kept.outs.length, 2);
  assert.equal(kept.inBinders.length, 2, "inputs kept by default");
  const pruned = dce(j, [true, false, true], { pruneInputs: true });
  typecheckJaxpr(pruned.jaxpr);
  assert.deepEqual(pruned.usedInputs, [true, false]);
  assert.equal(pruned.jaxpr.inBinders.length, 1);
  const [a, b] = evalJaxpr(pruned.jaxpr, [s(0.3)]);
  assert.equal(a.item(), Math.fround(Math.sin(0.3)));
  assert.equal(b.item(), Math.fround(0.3 * 0.3));
  assert.throws(() => dce(j, [true]), /dce: usedOutputs has 1 flags for a jaxpr with 3 outputs/);
  // nothing dead: the very same jaxpr comes back
  assert.equal(dce(j), j);
});

test("dce: on a ClosedJaxpr, unused consts go and user inputs stay", () => {
  const c1 = np.array([1, 2, 3]), c2 = np.array([4, 5, 6]);
  const closed = makeJaxpr((x: NDArray, y: NDArray) => [np.add(x, c1), np.multiply(y, c2)])(np.ones([3]), np.ones([3]));
  assert.equal(closed.consts.length, 2);
  const out = dce(closed, [true, false]);
  typecheckJaxpr(out.jaxpr);
  assert.equal(out.consts.length, 1);
  assert.deepEqual(out.inAvals.map(String), ["f32[3]", "f32[3]"]);
  assert.deepEqual(run(out, [np.ones([3]), np.ones([3])])[0].toArray(), [2, 3, 4]);
});

test("dce: a dead multi-output equation goes; a half-used one stays", () => {
  const closed = makeJaxpr((x: NDArray) => [np.sort(x), np.argsort(np.negative(x))])(np.array([3, 1, 2]));
  const j = closed.jaxpr;
  const firstOnly = dce(j, [true, false]);
  typecheckJaxpr(firstOnly);
  assert.equal(names(firstOnly).filter((n) => n === "neg").length, 0);
  assert.ok(names(firstOnly).includes("sort"));
});

// ---- cse ----

test("cse: sin x + sin x computes sin once", () => {
  const closed = makeJaxpr((x: NDArray) => np.add(np.sin(x), np.sin(x)))(s(1));
  const out = dce(checked(closed, (j) => cse(j)));
  assert.equal(String(out), snap(["{ lambda a:f32[]. let", "    b:f32[] = sin a", "    c:f32[] = add b b", "  in (c,) }"]));
});

test("cse: commutative operands match (x·y, y·x), non-commutative ones do not (x−y, y−x)", () => {
  const closed = makeJaxpr((x: NDArray, y: NDArray) => [np.add(np.multiply(x, y), np.multiply(y, x)), np.add(np.subtract(x, y), np.subtract(y, x))])(s(1), s(2));
  const out = dce(checked(closed, (j) => cse(j)));
  assert.deepEqual(names(out), ["mul", "add", "sub", "sub", "add"]);
});

test("cse: params compare structurally; different params are different computations", () => {
  const closed = makeJaxpr((x: NDArray) => [np.sum(x, 0), np.sum(x, 0), np.sum(x, 1)])(np.ones([2, 3]));
  // rebuild the equations with fresh (structurally equal) param objects, so identity cannot be what matches
  const j = closed.jaxpr;
  const fresh = new Jaxpr(j.inBinders, j.eqns.map((e) => new JaxprEqn(e.primitive, e.inputs, structuredClone(e.params), e.outBinders)), j.outs);
  const out = dce(checked(fresh, (j) => cse(j)));
  assert.deepEqual(out.eqns.map((e) => e.params.axes), [[0], [1]]);
  assert.equal(out.outs[0], out.outs[1]);
});

test("cse: literals match by value and dtype: 0 ≠ −0, 1:f32 ≠ 1:i32", () => {
  const a = new Var(new ShapedArray([], "float32"));
  const lit = (v: number, dtype: DType) => new Lit(ConcreteArray.fromTyped(dtype === "int32" ? new Int32Array([v]) : new Float32Array([v]), [], dtype));
  const add = prim("add"), bcast = prim("broadcast_in_dim");
  const out = (d: DType, n = 2) => new Var(new ShapedArray(n ? [n] : [], d));
  const [b, c, d] = [out("float32", 0), out("float32", 0), out("float32", 0)];
  const [e, f, g] = [out("float32"), out("int32"), out("float32")];
  const j = new Jaxpr(
    [a],
    [
      new JaxprEqn(add, [a, lit(0, "float32")], {}, [b]),
      new JaxprEqn(add, [a, lit(-0, "float32")], {}, [c]),
      new JaxprEqn(add, [a, lit(0, "float32")], {}, [d]),
      new JaxprEqn(bcast, [lit(1, "float32")], { shape: [2], dims: [] }, [e]),
      new JaxprEqn(bcast, [lit(1, "int32")], { shape: [2], dims: [] }, [f]),
      new JaxprEqn(bcast, [lit(1, "float32")], { shape: [2], dims: [] }, [g]),
    ],
    [b, c, d, e, f, g],
  );
  typecheckJaxpr(j);
  const merged = dce(checked(j, (j) => cse(j)));
  assert.equal(merged.eqns.length, 4);
  assert.deepEqual(merged.outs.map((o) => merged.outs.indexOf(o)), [0, 1, 0, 3, 4, 3]);
  // the −0 literal survives: on x = −0, x + 0 = +0 but x + (−0) = −0
  const [p, q] = evalJaxpr(merged, [s(-0)]);
  assert.ok(Object.is(p.item(), 0) && Object.is(q.item(), -0));
});

test("cse: identical consts are merged (then dce drops the copy)", () => {
  const c1 = np.array([1, 2, 3]), c2 = np.array([1, 2, 3]), c3 = np.array([1, 2, 4]);
  const closed = makeJaxpr((x: NDArray) => [np.add(x, c1), np.add(x, c2), np.add(x, c3)])(np.ones([3]));
  assert.equal(closed.consts.length, 3);
  const out = dce(checked(closed, (j) => cse(j)));
  assert.equal(out.consts.length, 2);
  assert.equal(out.eqns.length, 2);
});

// ---- foldConstants ----

test("foldConstants: an all-literal equation becomes a literal", () => {
  const closed = makeJaxpr((x: NDArray) => np.multiply(x, np.add(np.array(2), 1)))(s(1));
  assert.equal(String(closed), snap(["{ lambda a:f32[]. let", "    b:f32[] = add 2 1", "    c:f32[] = mul a b", "  in (c,) }"]));
  const out = checked(closed, (j) => foldConstants(j));
  // the folded b is gone; the printer names variables afresh, so the product now prints as b
  assert.equal(String(out), snap(["{ lambda a:f32[]. let", "    b:f32[] = mul a 3", "  in (b,) }"]));
});

test("foldConstants: equations on consts become new consts (small results only)", () => {
  const c = np.array([[1, 2, 3], [4, 5, 6]]);
  const closed = makeJaxpr((x: NDArray) => np.add(x, np.exp(np.multiply(c, 2))))(np.ones([2, 3]));
  assert.deepEqual(names(closed), ["broadcast_in_dim", "mul", "exp", "add"]);
  const folded = checked(closed, (j) => foldConstants(j));
  assert.deepEqual(names(folded), ["add"]);
  const out = dce(folded);
  assert.equal(out.consts.length, 1, "the original const is dropped by dce");
  assertSameBits(out.consts[0], np.exp(np.multiply(c, 2)), "folded const");
  // a result over the size limit is left alone
  const big = makeJaxpr((x: NDArray) => np.add(x, np.multiply(np.ones([2000]), 2)))(np.ones([2000]));
  assert.equal(foldConstants(big).eqns.length, big.eqns.length);
  assert.ok(foldConstants(big, { maxFoldSize: 4096 }).eqns.length < big.eqns.length);
});

test("foldConstants: folds every kind of primitive, e.g. sort and argmax of constants", () => {
  const c = np.array([3, 1, 2]);
  const closed = makeJaxpr((x: NDArray) => [np.add(x, np.sort(c)), np.argmax(c)])(np.ones([3]));
  const out = dce(checked(closed, (j) => foldConstants(j)));
  assert.deepEqual(names(out), ["add"]);
  assert.equal((out.jaxpr.outs[1] as Lit).val.item(), 0);
});

test("foldConstants: never evaluates custom_* calls or calls carrying a jaxpr", () => {
  const twice = customJvp((x: NDArray) => np.multiply(x, 2), ([x]: NDArray[], [t]: NDArray[]) => [np.multiply(x, 2), np.multiply(t, 2)]);
  const closed = makeJaxpr((x: NDArray) => np.add(x, twice(np.array(3)) as NDArray))(s(1));
  assert.ok(names(closed).includes("custom_jvp_call"));
  const out = optimize(closed);
  assert.ok(names(out).includes("custom_jvp_call"));
  assertEquivalent(closed, out);
});

// A stand-in for jit's higher-order call primitive: params carry a closed jaxpr, evaluated opaquely.
let callCount = 0;
const fakeCall: Primitive<{ jaxpr: ClosedJaxpr }> = {
  name: "fake_call",
  abstractEval: (_avals, { jaxpr }) => jaxpr.outAvals,
  lower: null,
  impl: (args, { jaxpr }) => {
    callCount++;
    return run(jaxpr, args) as ConcreteArray[];
  },
  jvp: () => {
    throw new Error("fake_call: no jvp");
  },
  transpose: null,
  batch: () => {
    throw new Error("fake_call: no batch");
  },
};

test("passes treat a jaxpr-carrying call as opaque: dead → removed, identical → merged, constant → not folded", () => {
  const inner = makeJaxpr((x: NDArray) => np.multiply(np.sin(x), 1))(s(0));
  const f32 = new ShapedArray([], "float32");
  const a = new Var(f32), [b, c, d, e, f] = [0, 1, 2, 3, 4].map(() => new Var(f32));
  const two = new Lit(ConcreteArray.fromTyped(new Float32Array([2]), [], "float32"));
  const j = new Jaxpr(
    [a],
    [
      new JaxprEqn(fakeCall, [a], { jaxpr: inner }, [b]),
      new JaxprEqn(fakeCall, [a], { jaxpr: inner }, [c]), // identical: merged
      new JaxprEqn(fakeCall, [two], { jaxpr: inner }, [d]), // constant input: kept as a call
      new JaxprEqn(fakeCall, [b], { jaxpr: inner }, [e]), // dead: removed
      new JaxprEqn(prim("add"), [c, d], {}, [f]),
    ],
    [b, f],
  );
  typecheckJaxpr(j);
  callCount = 0;
  const out = optimize(j);
  assert.equal(callCount, 0, "optimize never ran the call");
  assert.deepEqual(names(out), ["fake_call", "fake_call", "add"]);
  assert.equal(out.eqns[0].params.jaxpr, inner, "not inlined, not rewritten");
  assertEquivalent(j, out);
});

test("foldConstants uses impl, so it folds to concrete values even while a function is being staged", () => {
  const closed = makeJaxpr((x: NDArray) => np.multiply(x, np.exp(np.array([1, 2]))))(np.ones([2]));
  let folded: ClosedJaxpr | undefined;
  // inside makeJaxpr every bind is staged, even on constants: folding must not go through bind
  makeJaxpr((x: NDArray) => {
    folded = dce(foldConstants(closed));
    return np.sum(np.multiply(x, x));
  })(np.ones([2]));
  assert.deepEqual(names(folded!), ["mul"]);
  assert.ok(folded!.consts[0] instanceof ConcreteArray);
  assertEquivalent(closed, folded!);
});

// ---- simplify ----

test("simplify: x·1, 1·x, x/1, x−0, x+(−0), neg(neg x) and identity casts all vanish", () => {
  const closed = makeJaxpr((x: NDArray) =>
    // NB: a literal −0 is written np.array(-0): np.add(x, -0) currently turns the weak scalar −0 into +0
    np.negative(np.negative(np.add(np.subtract(np.divide(np.multiply(1, np.multiply(x, 1)), 1), 0), np.array(-0)))).astype("float32"),
  )(s(1));
  assert.equal(closed.eqns.length, 7);
  const out = dce(checked(closed, (j) => simplify(j)));
  assert.equal(String(out), snap(["{ lambda a:f32[]. let", "  in (a,) }"]));
});

test("simplify: never x+0, x−(−0), x·0, x−x, x/x, 0−x (each is wrong for NaN, ±0 or Inf)", () => {
  const unsafe = (x: NDArray) => [
    np.add(x, 0), np.subtract(x, np.array(-0)), np.multiply(x, 0), np.multiply(0, x),
    np.subtract(x, x), np.divide(x, x), np.subtract(0, x), np.add(0, x),
  ];
  const closed = makeJaxpr(unsafe)(s(1));
  const out = checked(closed, (j) => optimize(j));
  // only the duplicates 0·x = x·0 and 0+x = x+0 are merged (by cse)
  assert.equal(closed.eqns.length, 8);
  assert.deepEqual(names(out), ["add", "sub", "mul", "sub", "div", "sub"]);
  // the IEEE cases these rewrites would get wrong
  const [p, q, r, , t, u, v] = run(out, [s(-0)]);
  assert.ok(Object.is(p.item(), 0), "−0 + 0 = +0");
  assert.ok(Object.is(q.item(), 0), "−0 − (−0) = +0");
  assert.ok(Object.is(r.item(), -0), "−0 · 0 = −0");
  assert.ok(Object.is(t.item(), 0));
  assert.ok(Number.isNaN(u.item()), "0/0 = NaN");
  assert.ok(Object.is(v.item(), 0), "0 − (−0) = +0, unlike neg(−0)");
  const [, , r2, , t2] = run(out, [s(Infinity)]);
  assert.ok(Number.isNaN(r2.item()), "Inf·0 = NaN");
  assert.ok(Number.isNaN(t2.item()), "Inf − Inf = NaN");
});

test("simplify: integers have no NaN or −0: x+0 → x and x·0 → 0", () => {
  const closed = makeJaxpr((x: NDArray) => np.add(np.multiply(np.add(x, 0), 0), np.subtract(x, 0)))(np.array([1, 2], { dtype: "int32" }));
  const out = checked(closed, (j) => optimize(j));
  // x·0 → the zeros (folded to a const), then zeros + x → x: nothing is left to compute
  assert.deepEqual(names(out), []);
  assert.equal(out.jaxpr.outs[0], out.jaxpr.inBinders[0]);
  assertSameBits(run(out, [np.array([7, -3], { dtype: "int32" })])[0], np.array([7, -3], { dtype: "int32" }), "x·0 + x");
});

test("simplify: movement identities, reshape∘reshape, select with equal branches or a constant predicate", () => {
  const closed = makeJaxpr((x: NDArray, p: NDArray) => [
    L.reshape(L.reshape(x, [6]), [3, 2]),
    L.reshape(L.reshape(x, [6]), [2, 3]),
    L.bindPrim(prim("transpose"), [x], { perm: [0, 1] })[0],
    L.bindPrim(prim("reshape"), [x], { newShape: [2, 3] })[0],
    L.slice(x, [0, 0], [2, 3], [1, 1]),
    L.padConfig(x, [[0, 0, 0], [0, 0, 0]], 0),
    L.rev(x, []),
    L.bindPrim(prim("reduce_sum"), [x], { axes: [] })[0],
    L.concatenate([x], 0),
    L.select(p, x, x),
    L.select(L.broadcastInDim(np.array(true), [2, 3], []), x, np.exp(x)),
  ])(np.ones([2, 3]), np.ones([2, 3], { dtype: "bool" }));
  const out = dce(checked(closed, (j) => simplify(j)));
  assert.deepEqual(names(out), ["reshape"]);
  assert.deepEqual(out.eqns[0].inputs, [out.jaxpr.inBinders[0]], "one reshape straight from x");
  assert.ok(out.jaxpr.outs.slice(1).every((o) => o === out.jaxpr.inBinders[0]), "every other output is x itself");
});

test("simplify: exact cast round trips only (f32→f64→f32 yes, i32→f32→i32 no)", () => {
  const closed = makeJaxpr((x: NDArray, n: NDArray) => [x.astype("float64").astype("float32"), n.astype("float32").astype("int32")])(
    s(1),
    np.array(1, { dtype: "int32" }),
  );
  const out = dce(checked(closed, (j) => simplify(j)));
  assert.deepEqual(names(out), ["convert_element_type", "convert_element_type"]);
  assert.equal(out.jaxpr.outs[0], out.jaxpr.inBinders[0]);
  // 2^24 + 1 does not survive float32: the int round trip is not the identity
  assert.equal(run(out, [s(0), np.array(16777217, { dtype: "int32" })])[1].item(), 16777216);
});

test("simplify: ones recognised through broadcasts and uniform consts (vmap of grad)", () => {
  const closed = makeJaxpr(vmap(grad((x: NDArray) => np.sum(np.tanh(x)))))(np.ones([3, 2]));
  const out = dce(checked(closed, (j) => simplify(j)));
  // `mul ones (1 − tanh²)` goes, the ones being a broadcast of a broadcast of 1; tanh·tanh stays
  assert.equal(closed.eqns.filter((e) => e.primitive.name === "mul").length, 2);
  assert.equal(out.eqns.filter((e) => e.primitive.name === "mul").length, 1);
  const ones = makeJaxpr((x: NDArray) => np.multiply(x, np.ones([2, 3])))(np.ones([2, 3]));
  assert.equal(ones.consts.length, 1);
  assert.equal(dce(checked(ones, (j) => simplify(j))).eqns.length, 0);
});

test("simplify keeps stop_gradient: an optimised jaxpr differentiates like the original", () => {
  const closed = makeJaxpr((x: NDArray) => np.multiply(np.multiply(x, stopGradient(x)), 1))(s(3));
  const out = checked(closed, (j) => optimize(j));
  assert.deepEqual(names(out), ["stop_gradient", "mul"]);
  const viaJaxpr = (j: ClosedJaxpr) => grad((x: NDArray) => run(j, [x])[0]);
  assert.equal(viaJaxpr(out)(s(3)).item(), 3);
  assert.equal(viaJaxpr(closed)(s(3)).item(), 3);
});

// ---- optimize: the pipeline on transformed programs ----

interface Case {
  name: string;
  f: (...xs: NDArray[]) => NDArray | NDArray[];
  args: NDArray[];
  before: number;
  expected: string;
}

const cases: Case[] = [
  {
    // the forward x·x·x is dead, `mul b 1` and `mul 1 a` are identities, x·e and e·x are one product
    name: "grad(x ↦ x·x·x)",
    f: grad(cube),
    args: [s(2)],
    before: 8,
    expected: snap([
      "{ lambda a:f32[]. let",
      "    b:f32[] = mul a a",
      "    c:f32[] = add b b",
      "    d:f32[] = add c b",
      "  in (d,) }",
    ]),
  },
  {
    name: "grad(x ↦ x·sin x)",
    f: grad((x: NDArray) => np.multiply(x, np.sin(x))),
    args: [s(0.7)],
    before: 7,
    expected: snap([
      "{ lambda a:f32[]. let",
      "    b:f32[] = sin a",
      "    c:f32[] = cos a",
      "    d:f32[] = mul a c",
      "    e:f32[] = add d b",
      "  in (e,) }",
    ]),
  },
  {
    name: "jvp(sin) along 1",
    f: (x) => jvp((y: NDArray) => np.sin(y), [x], [1]) as NDArray[],
    args: [s(1)],
    before: 3,
    expected: snap(["{ lambda a:f32[]. let", "    b:f32[] = sin a", "    c:f32[] = cos a", "  in (b, c) }"]),
  },
  {
    // the ones broadcast for the cotangent fold away; 1 − tanh² stays (it is not an identity); the 1 of
    // 1 − tanh² is a broadcast literal (folded into a small constant)
    name: "vmap(grad(x ↦ Σ tanh x))",
    f: vmap(grad((x: NDArray) => np.sum(np.tanh(x)))),
    args: [np.ones([3, 2])],
    before: 9,
    expected: snap([
      "{ lambda a:f32[3,2]; b:f32[3,2]. let",
      "    c:f32[3,2] = tanh b",
      "    d:f32[3,2] = mul c c",
      "    e:f32[3,2] = sub a d",
      "  in (e,) }",
    ]),
  },
];

for (const c of cases) {
  test(`optimize: ${c.name}`, () => {
    const closed = makeJaxpr(c.f)(...c.args);
    assert.equal(closed.eqns.length, c.before);
    const out = checked(closed, (j) => optimize(j));
    assert.equal(String(out), c.expected);
    // a fixed point: optimising again returns the very same object
    assert.equal(optimize(out), out);
  });
}

test("optimize: the quadratic x²+3x+4 nested 6 times — grad loses its dead and identity equations", () => {
  const q = (x: NDArray) => np.add(np.add(np.multiply(x, x), np.multiply(3, x)), 4);
  let f = (x: NDArray) => x;
  for (let i = 0; i < 6; i++) {
    const g = f;
    f = (x) => q(g(x));
  }
  const closed = makeJaxpr(grad(f))(s(0.1));
  const out = checked(closed, (j) => optimize(j));
  assert.equal(closed.eqns.length, 54);
  assert.equal(out.eqns.length, 42);
  assert.ok(!String(out).includes(" 1\n"), "no multiplication by the seed 1 is left");
  // and it still is the derivative
  assertSameBits(run(out, [s(0.1)])[0], grad(f)(s(0.1)), "grad");
});

test("optimize: on a bare Jaxpr, and with maxRounds", () => {
  const closed = makeJaxpr(grad(cube))(s(2));
  const out = optimize(closed.jaxpr);
  assert.ok(out instanceof Jaxpr);
  assert.equal(out.eqns.length, 3);
  assertEquivalent(closed.jaxpr, out);
  assert.ok(optimize(closed, { maxRounds: 0 }) === closed);
});
