/**
 * @file JS coercion tells the truth: `+x`, `x > 3`, `x == 1` give the number of a size-1 array, throw
 * NumPy's ambiguity error on larger ones and JAX's concretization error on abstract tracers (jit,
 * vmap, makeJaxpr, control-flow bodies), while grad/jvp see the concrete primal as in JAX;
 * `${x}` prints; `item()`, `data()`, `toArray()`, `toJSON()` follow the same rules.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, grad, valueAndGrad, jvp, vjp, vmap, jit, jacfwd, jacrev, makeJaxpr, checkpoint, lax, setDefaultFloat, getDefaultFloat } from "../src/index.js";

// `any`: TypeScript rejects `x > 0` on an NDArray; JS users (and untyped code) reach coercion anyway
const abs = (a: any) => (a > 0 ? a.mul(a) : a.neg());
const ambiguous = /NDArray: the truth value \(or number\) of an array with more than one element is ambiguous: .*shape \[2\] float32.*x\.gt\(0\), np\.where/;
const abstract = (op: string, name: string, aval = "f32\\[\\]") =>
  new RegExp(`${op}: abstract tracer value where a concrete value is required: the traced array ${aval} has no value while ${name} traces the function.*np\\.where\\(cond, a, b\\), branch with lax\\.cond`);

test("coercion: a size-1 array is its number in comparisons, unary plus and loose equality", () => {
  const x: any = np.array(5);
  assert.equal(x > 3, true);
  assert.equal(x < 3, false);
  assert.equal(+x, 5);
  assert.equal(x == 5, true);
  assert.equal(x + 1, 6); // NB: JS `+` is not array addition: the number 6, not an array
  assert.equal(Number(x), 5);
  assert.equal(x.valueOf(), 5);
  assert.equal(+(np.array([[2.5]]) as any), 2.5);
  assert.equal(+(np.array(-7, { dtype: "int32" }) as any), -7);
  assert.equal(Math.max(np.array(2) as any, 1), 2);
  // bool arrays give booleans
  const b: any = np.array(3).gt(1);
  assert.equal(b.valueOf(), true);
  assert.equal(b == true, true);
  assert.equal(+b, 1);
  assert.equal(`${np.array(false)}`, "Array(False, dtype=bool)");
});

test("coercion: larger and empty arrays throw NumPy's ambiguity error; strings print", () => {
  const v: any = np.array([1, 2]);
  assert.throws(() => v > 0, ambiguous);
  assert.throws(() => +v, ambiguous);
  assert.throws(() => v == 1, ambiguous);
  assert.throws(() => v.valueOf(), ambiguous);
  assert.throws(() => (np.zeros([0]) as any) < 1, /the truth value \(or number\) of an empty array is ambiguous: .*shape \[0\]/);
  assert.equal(`${v}`, "Array([1., 2.], dtype=float32)");
  assert.equal(String(v), "Array([1., 2.], dtype=float32)");
  assert.equal(`${np.eye(2)}`, np.eye(2).toString());
});

test("coercion: under jit, `a > 0 ? … : …` is JAX's concretization error naming jit (never a silent branch)", () => {
  assert.throws(() => jit(abs)(5), abstract("JS coercion", "jit"));
  assert.throws(() => jit(abs)(5), /or pass the value as a static argument \(jit's staticArgnums\)/);
  assert.throws(() => jit((a: any) => np.array(+a))(1), abstract("JS coercion", "jit"));
  assert.throws(() => jit((a: NDArray) => (a.item() > 0 ? a : a.neg()))(np.array(5)), abstract("item", "jit"));
  assert.throws(() => jit((a: NDArray) => a.data()[0])(np.array(5)), abstract("data", "jit"));
  assert.throws(() => jit((a: NDArray) => np.array(a.toArray()))(np.array(5)), abstract("toArray", "jit"));
  assert.throws(() => jit((a: NDArray) => np.array(JSON.stringify(a).length))(np.array(5)), abstract("toJSON", "jit"));
  // the size check comes first (the aval is known): a vector is ambiguous even when traced
  assert.throws(() => jit(abs)(np.array([1, 2])), ambiguous);
  // a static argument is concrete: branching on it is fine
  assert.equal(jit((a: NDArray, s: number) => (s > 0 ? a.mul(s) : a), { staticArgnums: 1 })(np.array(2), 3).item(), 6);
  // np.where is the traced way
  const f = jit((a: NDArray) => np.where(a.gt(0), a.mul(a), a.neg()));
  assert.deepEqual(f(np.array([3, -2])).toArray(), [9, 2]);
});

test("coercion: vmap, makeJaxpr, checkpoint and control-flow bodies name their transformation", () => {
  assert.throws(() => vmap(abs)(np.array([1, -2])), abstract("JS coercion", "vmap"));
  assert.throws(() => vmap((a: NDArray) => np.array(a.item()))(np.array([1, -2])), abstract("item", "vmap"));
  assert.throws(() => vmap(abs)(np.ones([3, 2])), ambiguous);
  assert.throws(() => makeJaxpr(abs)(1), abstract("JS coercion", "makeJaxpr"));
  assert.throws(() => checkpoint(abs)(np.array(1)), abstract("JS coercion", "checkpoint"));
  assert.throws(() => lax.cond(np.array(true), abs, (a: any) => a, np.array(1)), abstract("JS coercion", "cond"));
  assert.throws(() => lax.whileLoop((c: any) => np.array(c < 3), (c: any) => c.add(1), np.array(0)), abstract("JS coercion", "whileLoop"));
  assert.throws(() => lax.scan((c: any, x: any) => [c > x ? c : x, c], np.array(0), np.array([1, 2])), abstract("JS coercion", "scan"));
});

test("coercion: under grad and jvp the primal is concrete, so JS branches work (as in JAX)", () => {
  // d/dx (x > 0 ? x² : −x) = 2x or −1
  assert.equal(grad(abs)(3).item(), 6);
  assert.equal(grad(abs)(-3).item(), -1);
  const [v, g] = valueAndGrad(abs)(np.array(4, { dtype: "float64" }));
  assert.deepEqual([v.item(), g.item(), g.dtype], [16, 8, "float64"]);
  const [y, dy] = jvp(abs, [-2], [1]);
  assert.deepEqual([y.item(), dy.item()], [2, -1]);
  const [y2, back] = vjp(abs, 2);
  assert.deepEqual([y2.item(), back(1)[0].item()], [4, 4]);
  // jacrev runs f once under linearize (concrete); jacfwd batches the tangents with vmap but the primal stays concrete
  assert.equal(jacrev(abs)(2).item(), 4);
  assert.equal(jacfwd(abs)(2).item(), 4);
  // second order: the inner grad's primal is itself a concrete JVP primal
  assert.equal(grad(grad(abs))(3).item(), 2);
  // item() reads the primal; the data of a traced array is refused (it would carry no derivative)
  assert.equal(grad((a: NDArray) => (a.item() > 0 ? a : a.neg()))(-2).item(), -1);
  const dataMsg = (op: string) => new RegExp(`${op}: cannot read the data of the traced array f32\\[2\\] inside grad/jvp: its value is known, but as JS data it would carry no derivative`);
  assert.throws(() => grad((a: NDArray) => np.array(a.toArray()).sum())(np.array([1, 2])), dataMsg("toArray"));
  assert.throws(() => grad((a: NDArray) => np.array(a.data()).sum())(np.array([1, 2])), dataMsg("data"));
  assert.throws(() => grad((a: NDArray) => a.sum().mul(JSON.stringify(a).length))(np.array([1, 2])), dataMsg("toJSON"));
});

test("coercion: grad composed with jit is abstract inside jit, whichever is outside", () => {
  assert.throws(() => jit(grad(abs))(3), abstract("JS coercion", "jit"));
  assert.throws(() => grad(jit(abs))(3), abstract("JS coercion", "jit"));
  assert.throws(() => vmap(grad(abs))(np.array([1, 2])), abstract("JS coercion", "vmap"));
});

test("coercion: `${tracer}` describes the traced value instead of throwing", () => {
  const seen: string[] = [];
  const f = (a: NDArray) => {
    seen.push(`${a}`);
    return a.mul(2);
  };
  jit(f)(np.array([1, 2]));
  vmap(f)(np.array([1, 2]));
  grad((a: NDArray) => f(a).sum())(np.array(3));
  makeJaxpr(f)(np.array(1));
  assert.deepEqual(seen, [
    "Traced<f32[2]>with<jit>",
    "Traced<f32[]>with<vmap>",
    "Traced<f32[]>with<grad/jvp> = Array(3., dtype=float32)",
    "Traced<f32[]>with<makeJaxpr>",
  ]);
});

test("coercion: toJSON gives nested arrays, with the dtype when np.array would not restore it; round trip", () => {
  assert.equal(JSON.stringify(np.array([[1, 2], [3, 4]])), "[[1,2],[3,4]]");
  assert.equal(JSON.stringify(np.array(2.5)), "2.5");
  assert.equal(JSON.stringify(np.array([true, false])), "[true,false]");
  assert.equal(JSON.stringify(np.arange(3)), '{"dtype":"int32","data":[0,1,2]}');
  assert.equal(JSON.stringify({ w: np.zeros([2], { dtype: "float64" }) }), '{"w":{"dtype":"float64","data":[0,0]}}');
  assert.equal(JSON.stringify(np.zeros([2, 0])), "[[],[]]");
  // NB: as any JS number, NaN and ±Infinity become null
  assert.equal(JSON.stringify(np.array([NaN, Infinity])), "[null,null]");
  const revive = (j: any) => (Array.isArray(j) || typeof j !== "object" ? np.array(j) : np.array(j.data, { dtype: j.dtype }));
  for (const x of [np.array([[1.5, -2], [3, 4]]), np.array([true, false, true]), np.arange(6).reshape([2, 3]), np.linspace(0, 1, 3, { dtype: "float64" }), np.array(7, { dtype: "uint32" })]) {
    const back = revive(JSON.parse(JSON.stringify(x)));
    assert.equal(back.dtype, x.dtype);
    assert.deepEqual(back.shape, x.shape);
    assert.deepEqual(back.toArray(), x.toArray());
  }
  const prev = getDefaultFloat();
  setDefaultFloat("float64");
  try {
    assert.equal(JSON.stringify(np.array([1, 2])), "[1,2]");
    assert.equal(JSON.stringify(np.array([1, 2], { dtype: "float32" })), '{"dtype":"float32","data":[1,2]}');
  } finally {
    setDefaultFloat(prev);
  }
});

test("coercion: item() on bool arrays is a boolean, and typed so when the dtype is known", () => {
  const t: boolean = np.array([1, 2]).sum().gt(2).item();
  assert.equal(t, true);
  const n: number = np.array(2).item();
  assert.equal(n, 2);
  assert.equal(np.array([0]).astype("bool").item(), false);
  const allPos: boolean = np.all(np.array([1, 2]).gt(0)).item();
  assert.equal(allPos, true);
  assert.equal(np.any(np.isnan(np.array([1, NaN]))).item(), true);
  assert.throws(() => np.array([1, 2]).item(), /item: only size-1 arrays convert to a JS scalar; got shape \[2\]/);
});
