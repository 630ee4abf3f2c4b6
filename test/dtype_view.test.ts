/** @file x.view(dtype): bitcasts between same-width dtypes (bitcast_convert_type), eager, under jit and vmap, with derivatives and errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, grad, jit, makeJaxpr, np, vmap } from "../src/index.js";

// bit patterns of IEEE-754 binary32 (checked with NumPy: np.float32(x).view(np.int32))
const F = [1, -2, 0.5, 0, -0, Infinity, -Infinity, 1.401298464324817e-45];
const I = [1065353216, -1073741824, 1056964608, 0, -2147483648, 2139095040, -8388608, 1];
const U = I.map((v) => v >>> 0);

test("view: float32 ↔ int32 ↔ uint32 keep the bits", () => {
  const x = np.array(F, { dtype: "float32" });
  const i = x.view("int32"), u = x.view("uint32");
  assert.equal(i.dtype, "int32");
  assert.deepEqual(i.toArray(), I);
  assert.equal(u.dtype, "uint32");
  assert.deepEqual(u.toArray(), U);
  assert.deepEqual(i.view("float32").toArray(), F);
  assert.deepEqual(u.view("float32").toArray(), F);
  assert.deepEqual(i.view("uint32").toArray(), U);
  assert.deepEqual(u.view("int32").toArray(), I);
  // a quiet NaN's pattern, and back: NaN payloads survive
  const nan = np.array([0x7fc00001, -1], { dtype: "int32" });
  assert.deepEqual(nan.view("float32").view("int32").toArray(), [0x7fc00001, -1]);
  assert.equal(x.view("float32"), x); // same dtype: the array itself
  // shapes kept, scalars and empty arrays
  assert.deepEqual(np.ones([2, 0, 3], { dtype: "float32" }).view("int32").shape, [2, 0, 3]);
  assert.equal(np.array(1, { dtype: "float32" }).view("int32").item(), 1065353216);
});

test("view: under jit and vmap, zero derivative, staged as bitcast_convert_type", () => {
  const x = np.array(F.slice(0, 4), { dtype: "float32" });
  // the next float up: bits + 1
  const nextUp = (a: NDArray) => np.add(a.view("int32"), 1).view("float32");
  assert.deepEqual(jit(nextUp)(x).toArray(), [1.0000001192092896, -2.000000238418579, 0.5000000596046448, 1.401298464324817e-45]);
  assert.deepEqual(vmap(nextUp)(x.reshape([2, 2])).toArray(), [[1.0000001192092896, -2.000000238418579], [0.5000000596046448, 1.401298464324817e-45]]);
  assert.deepEqual(vmap((a: NDArray) => a.view("uint32"), { inAxes: 1 })(x.reshape([2, 2])).toArray(), [[U[0], U[2]], [U[1], U[3]]]);
  assert.deepEqual(grad((a: NDArray) => np.sum(nextUp(a)))(x).toArray(), [0, 0, 0, 0]);
  assert.match(String(makeJaxpr((a: NDArray) => a.view("int32"))(x)), /bitcast_convert_type/);
});

test("view: dtypes of another width raise", () => {
  assert.throws(() => np.ones([2], { dtype: "float64" }).view("int32"), /x\.view: bitcast_convert_type: float64 \(64 bits\) cannot be reinterpreted as int32 \(32 bits\); no other dtype has 64 bits/);
  assert.throws(() => np.ones([2], { dtype: "float32" }).view("bool"), /float32 \(32 bits\) cannot be reinterpreted as bool \(8 bits\); same-width dtypes: int32, uint32/);
  assert.throws(() => np.ones([2]).view("int8" as never), /view: unknown dtype "int8"/);
  assert.throws(() => (np.ones([2]) as any).view("int32", 1), /x\.view: expected at most 2 arguments/);
});
