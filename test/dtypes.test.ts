/**
 * @file Dtypes: JAX's promotion lattice, weak JS scalars, the default float, float-only ops on
 * integers, np.array dtype inference and printing.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { np, NDArray, DType, promoteTypes, setDefaultFloat, getDefaultFloat } from "../src/index.js";

const DTYPES: DType[] = ["bool", "int32", "uint32", "float32", "float64"];
const arr = (dtype: DType) => np.array([1, 0], { dtype });

/** Run `fn` with float64 as the default float, restoring the previous default after. */
function withFloat64<T>(fn: () => T): T {
  const prev = getDefaultFloat();
  setDefaultFloat("float64");
  try {
    return fn();
  } finally {
    setDefaultFloat(prev);
  }
}

describe("promotion lattice", () => {
  // Written out by hand: bool < int32, uint32 < float32 < float64; int32 ⊔ uint32 = int32 (no int64).
  const table: Record<string, Record<string, DType>> = {
    bool: { bool: "bool", int32: "int32", uint32: "uint32", float32: "float32", float64: "float64" },
    int32: { bool: "int32", int32: "int32", uint32: "int32", float32: "float32", float64: "float64" },
    uint32: { bool: "uint32", int32: "int32", uint32: "uint32", float32: "float32", float64: "float64" },
    float32: { bool: "float32", int32: "float32", uint32: "float32", float32: "float32", float64: "float64" },
    float64: { bool: "float64", int32: "float64", uint32: "float64", float32: "float64", float64: "float64" },
  };

  test("promoteTypes follows the table (and is symmetric)", () => {
    for (const a of DTYPES) for (const b of DTYPES) assert.equal(promoteTypes(a, b), table[a][b], `${a} ⊔ ${b}`);
  });

  test("np binary ops on arrays of every dtype pair promote by the table", () => {
    for (const a of DTYPES) {
      for (const b of DTYPES) {
        const want = table[a][b];
        assert.equal(np.add(arr(a), arr(b)).dtype, want, `add ${a} ${b}`);
        assert.equal(np.maximum(arr(a), arr(b)).dtype, want, `maximum ${a} ${b}`);
        assert.equal(np.less(arr(a), arr(b)).dtype, "bool", `less ${a} ${b}`);
        assert.equal(np.concatenate([arr(a), arr(b)]).shape[0], 4);
        assert.equal(np.concatenate([arr(a), arr(b)]).dtype, want, `concatenate ${a} ${b}`);
      }
    }
  });

  test("int32 + uint32 → int32 keeps small values", () => {
    const r = np.add(np.array([1, -2], { dtype: "int32" }), np.array([3, 1], { dtype: "uint32" }));
    assert.equal(r.dtype, "int32");
    assert.deepEqual(r.toArray(), [4, -1]);
  });

  test("comparisons mix dtypes by promoting first: int32 < 1.5 compares as floats", () => {
    assert.deepEqual(np.less(np.array([1, 2], { dtype: "int32" }), 1.5).toArray(), [true, false]);
    assert.deepEqual(np.equal(np.array([1, 2], { dtype: "int32" }), np.array([1, 2.5])).toArray(), [true, false]);
  });
});

describe("weak JS scalars", () => {
  const f32 = np.array([1, 2]);
  const f64 = np.array([1, 2], { dtype: "float64" });
  const i32 = np.array([1, 2], { dtype: "int32" });
  const u32 = np.array([1, 2], { dtype: "uint32" });
  const b = np.array([true, false]);
  const cases: [string, () => NDArray, DType][] = [
    ["f32 * 2", () => np.multiply(f32, 2), "float32"],
    ["f32 * 2.5", () => np.multiply(f32, 2.5), "float32"],
    ["2 * f32 (scalar first)", () => np.multiply(2, f32), "float32"],
    ["f64 + 1", () => np.add(f64, 1), "float64"],
    ["f32 + true", () => np.add(f32, true), "float32"],
    ["i32 + 1", () => np.add(i32, 1), "int32"],
    ["i32 + 1.5 → default float", () => np.add(i32, 1.5), "float32"],
    ["i32 + true", () => np.add(i32, true), "int32"],
    ["u32 + 1", () => np.add(u32, 1), "uint32"],
    ["u32 + 1.5", () => np.add(u32, 1.5), "float32"],
    ["bool + 1", () => np.add(b, 1), "int32"],
    ["bool + 1.5", () => np.add(b, 1.5), "float32"],
    ["bool + true", () => np.add(b, true), "bool"],
    ["np.add(2, 3)", () => np.add(2, 3), "int32"],
    ["np.add(2, 3.5)", () => np.add(2, 3.5), "float32"],
    ["np.add(true, false)", () => np.add(true, false), "bool"],
    ["where(c, i32, 1.5)", () => np.where([true, false], i32, 1.5), "float32"],
    ["where(c, f32, 0)", () => np.where([true, false], f32, 0), "float32"],
    ["maximum(i32, 0)", () => np.maximum(i32, 0), "int32"],
    ["x.mul(2) on f64", () => f64.mul(2), "float64"],
    ["x.add(0.5) on i32", () => i32.add(0.5), "float32"],
  ];
  for (const [name, f, want] of cases) {
    test(`${name} → ${want}`, () => assert.equal(f().dtype, want));
  }

  test("values: np.add(2, 3) is 5 with shape []; i32 + 1.5 is exact", () => {
    const r = np.add(2, 3);
    assert.deepEqual(r.shape, []);
    assert.equal(r.item(), 5);
    assert.deepEqual(np.add(i32, 1.5).toArray(), [2.5, 3.5]);
    assert.deepEqual(np.add(b, 1).toArray(), [2, 1]);
  });

  test("a weak scalar does not widen: f32 * 0.1 rounds the scalar to float32", () => {
    const r = np.multiply(np.array([1]), 0.1);
    assert.equal(r.dtype, "float32");
    assert.equal(r.item(), Math.fround(0.1));
  });
});

describe("setDefaultFloat", () => {
  test("float64 default: creation, float-only ops on ints, weak non-integers", () => {
    withFloat64(() => {
      const i32 = np.array([1, 2], { dtype: "int32" });
      assert.equal(getDefaultFloat(), "float64");
      assert.equal(np.array([1, 2]).dtype, "float64");
      assert.equal(np.array(0.1).item(), 0.1);
      assert.equal(np.zeros(2).dtype, "float64");
      assert.equal(np.ones([2]).dtype, "float64");
      assert.equal(np.full([2], 3).dtype, "float64");
      assert.equal(np.eye(2).dtype, "float64");
      assert.equal(np.linspace(0, 1, 3).dtype, "float64");
      assert.equal(np.arange(0, 1, 0.5).dtype, "float64");
      assert.equal(np.arange(3).dtype, "int32");
      assert.equal(np.sin(i32).dtype, "float64");
      assert.equal(np.divide(i32, 2).dtype, "float64");
      assert.equal(np.mean(i32).dtype, "float64");
      assert.equal(np.add(i32, 1.5).dtype, "float64");
      assert.equal(np.add(1.5, 2).dtype, "float64");
      // arrays keep their dtype: weak scalars adopt it
      assert.equal(np.multiply(np.array([1, 2], { dtype: "float32" }), 2.5).dtype, "float32");
    });
    assert.equal(getDefaultFloat(), "float32", "restored");
    assert.equal(np.array([1]).dtype, "float32");
  });

  test("rejects anything but float32/float64", () => {
    assert.throws(() => setDefaultFloat("float16" as never), /setDefaultFloat.*float16/);
    assert.throws(() => setDefaultFloat("int32" as never), TypeError);
    assert.equal(getDefaultFloat(), "float32");
  });
});

describe("ops on integers and bools", () => {
  const i32 = np.array([4, 9], { dtype: "int32" });
  const b = np.array([true, false]);
  test("float-only math casts ints and bools to the default float", () => {
    for (const f of [np.sin, np.cos, np.exp, np.log, np.sqrt, np.tanh, np.log1p, np.arctan, np.cbrt, np.log2]) {
      assert.equal(f(i32).dtype, "float32", f.name);
      assert.equal(f(b).dtype, "float32", f.name);
    }
    assert.deepEqual(np.sqrt(i32).toArray(), [2, 3]);
    assert.equal(np.divide(i32, np.array([2, 2], { dtype: "int32" })).dtype, "float32");
    assert.deepEqual(np.divide(np.array([1, 3], { dtype: "int32" }), 2).toArray(), [0.5, 1.5]);
    assert.equal(np.arctan2(i32, i32).dtype, "float32");
    assert.equal(np.hypot(i32, i32).dtype, "float32");
    assert.equal(np.mean(i32).dtype, "float32");
    assert.equal(np.std(i32).dtype, "float32");
    assert.equal(withFloat64(() => np.exp(i32).dtype), "float64");
  });

  test("integer-preserving ops keep ints", () => {
    for (const [name, r] of [
      ["floor", np.floor(i32)], ["ceil", np.ceil(i32)], ["round", np.round(i32)], ["trunc", np.trunc(i32)],
      ["abs", np.abs(i32)], ["sign", np.sign(i32)], ["negative", np.negative(i32)], ["square", np.square(i32)],
      ["power", np.power(i32, 2)], ["floorDivide", np.floorDivide(i32, 2)], ["mod", np.mod(i32, 2)],
      ["sum", np.sum(i32)], ["prod", np.prod(i32)], ["max", np.max(i32)], ["cumsum", np.cumsum(i32)],
    ] as [string, NDArray][]) {
      assert.equal(r.dtype, "int32", name);
    }
    assert.equal(np.abs(np.array([1], { dtype: "uint32" })).dtype, "uint32");
  });

  test("bools: sums count (int32), logic stays bool, arg-reductions give int32", () => {
    assert.equal(np.sum(b).dtype, "int32");
    assert.equal(np.sum(np.array([true, true, true])).item(), 3);
    assert.equal(np.cumsum(b).dtype, "int32");
    assert.equal(np.prod(b).dtype, "int32");
    assert.equal(np.all(i32).dtype, "bool");
    assert.equal(np.any(i32).dtype, "bool");
    assert.equal(np.logicalNot(i32).dtype, "bool");
    assert.equal(np.isnan(i32).dtype, "bool");
    assert.equal(np.argmax(b).dtype, "int32");
    assert.equal(np.argmin(np.array([3, 1])).dtype, "int32");
  });

  test("astype converts values: floats truncate toward zero into ints; nonzero (and NaN) is true", () => {
    assert.deepEqual(np.array([1.7, -1.7, 2.5]).astype("int32").toArray(), [1, -1, 2]);
    assert.deepEqual(np.array([0, 2, -1, NaN]).astype("bool").toArray(), [false, true, true, true]);
    assert.deepEqual(np.array([true, false]).astype("float32").toArray(), [1, 0]);
    assert.deepEqual(np.array([-1], { dtype: "int32" }).astype("uint32").toArray(), [4294967295]);
    assert.equal(np.array([1]).astype("float64").dtype, "float64");
    assert.throws(() => np.array([1]).astype("int64" as never), /astype.*int64/);
  });
});

describe("np.array dtype inference", () => {
  const cases: [string, () => NDArray, DType, number[]][] = [
    ["numbers → default float", () => np.array([1, 2]), "float32", [2]],
    ["non-integers → default float", () => np.array([[0.5], [1.5]]), "float32", [2, 1]],
    ["booleans → bool", () => np.array([true, false]), "bool", [2]],
    ["a boolean scalar → bool", () => np.array(true), "bool", []],
    ["a number scalar → default float", () => np.array(3), "float32", []],
    ["numbers and booleans → default float", () => np.array([1, true]), "float32", [2]],
    ["Int32Array → int32", () => np.array(Int32Array.from([1, 2])), "int32", [2]],
    ["Uint32Array → uint32", () => np.array(Uint32Array.from([1, 2])), "uint32", [2]],
    ["Float32Array → float32", () => np.array(Float32Array.from([1, 2])), "float32", [2]],
    ["Float64Array → float64", () => np.array(Float64Array.from([1, 2])), "float64", [2]],
    ["Uint8Array → bool", () => np.array(Uint8Array.from([1, 0])), "bool", [2]],
    ["explicit dtype wins", () => np.array([1.9, 2], { dtype: "int32" }), "int32", [2]],
    ["TypedArray with explicit dtype", () => np.array(Int32Array.from([1, 2]), { dtype: "float64" }), "float64", [2]],
    ["TypedArray with a shape", () => np.array(Int32Array.from([1, 2, 3, 4, 5, 6]), { shape: [2, 3] }), "int32", [2, 3]],
    ["an NDArray with a dtype converts", () => np.array(np.array([1.5]), { dtype: "int32" }), "int32", [1]],
  ];
  for (const [name, f, dtype, shape] of cases) {
    test(name, () => {
      const x = f();
      assert.equal(x.dtype, dtype);
      assert.deepEqual(x.shape, shape);
    });
  }

  test("values survive inference; explicit int dtype truncates", () => {
    assert.deepEqual(np.array([1.9, -1.9], { dtype: "int32" }).toArray(), [1, -1]);
    assert.deepEqual(np.array(Int32Array.from([1, 2]), { dtype: "float64" }).toArray(), [1, 2]);
    assert.deepEqual(np.array(Uint8Array.from([1, 0])).toArray(), [true, false]);
    assert.equal(withFloat64(() => np.array([0.1]).item()), 0.1);
    assert.equal(np.array([0.1]).item(), Math.fround(0.1));
  });

  test("ragged, non-numeric and unknown-dtype input is rejected with clear errors", () => {
    assert.throws(() => np.array([[1, 2], [3]] as never), /array: ragged/);
    assert.throws(() => np.array(["a"] as never), /array: expected numbers or booleans/);
    assert.throws(() => np.array([1], { dtype: "float16" as never }), /array: unknown dtype "float16"/);
    assert.throws(() => np.array(Int32Array.from([1, 2, 3]), { shape: [2, 2] }), /array/);
  });
});

describe("printing", () => {
  test("like JAX: Array([...], dtype=...)", () => {
    assert.equal(np.array([1, 2]).toString(), "Array([1., 2.], dtype=float32)");
    assert.equal(np.array([1, 2], { dtype: "float64" }).toString(), "Array([1., 2.], dtype=float64)");
    assert.equal(np.array([1, -2], { dtype: "int32" }).toString(), "Array([ 1, -2], dtype=int32)");
    assert.equal(np.array([7], { dtype: "uint32" }).toString(), "Array([7], dtype=uint32)");
    assert.equal(np.array([true, false]).toString(), "Array([ True, False], dtype=bool)");
    assert.equal(np.array(3).toString(), "Array(3., dtype=float32)");
    assert.equal(np.array(2.5).toString(), "Array(2.5, dtype=float32)");
    assert.equal(np.array([[1, 2], [3, 4]]).toString(), "Array([[1., 2.],\n       [3., 4.]], dtype=float32)");
    assert.equal(np.zeros([2, 1, 2]).toString(), "Array([[[0., 0.]],\n\n       [[0., 0.]]], dtype=float32)");
    assert.equal(np.array([NaN, Infinity, -Infinity]).toString(), "Array([ nan,  inf, -inf], dtype=float32)");
    assert.equal(String(np.array([1.5, -2.5])), "Array([ 1.5, -2.5], dtype=float32)");
    assert.equal(np.zeros([0]).toString(), "Array([], dtype=float32)");
  });

  test("large arrays are summarised with ...", () => {
    assert.equal(np.arange(2000).toString(), "Array([   0,    1,    2, ..., 1997, 1998, 1999], dtype=int32)");
  });

  test("like JAX: fractional parts aligned and float32 shortest round-trip digits", () => {
    assert.equal(np.array([0.1, 0.25]).toString(), "Array([0.1 , 0.25], dtype=float32)");
    assert.equal(np.array([1 / 3, 2 / 3]).toString(), "Array([0.33333334, 0.6666667 ], dtype=float32)");
  });
});

test("JS numbers alone: an integer that does not fit int32 is a float (order does not matter); against an int array it is an error", () => {
  assert.equal(np.add(3, 4).dtype, "int32");
  assert.equal(np.add(3, 1e200).dtype, getDefaultFloat());
  assert.equal(np.add(1e200, 3).dtype, getDefaultFloat());
  assert.equal(np.multiply(3e9, 2).item(), 6e9);
  assert.throws(() => np.add(np.array([1], { dtype: "int32" }), 1e10), /np\.add: the JS number 10000000000 is out of range for int32/);
});
