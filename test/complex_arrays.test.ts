/** @file complex64/complex128 arrays: creation, storage, round trips, printing, promotion, casts and clear errors. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { np, nn, lax, jit, DType } from "../src/index.js";

const c = (re: number, im: number) => ({ re, im });

describe("complex arrays: creation and storage", () => {
  test("np.array of { re, im } values (nested), default complex64; interleaved data()", () => {
    const z = np.array([c(1, 2), c(0, -1)]);
    assert.equal(z.dtype, "complex64");
    assert.deepEqual(z.shape, [2]);
    assert.deepEqual(z.toArray(), [c(1, 2), c(0, -1)]);
    const d = z.data();
    assert.ok(d instanceof Float32Array);
    assert.deepEqual([...d], [1, 2, 0, -1]);
    const m = np.array([[c(1.5, 2), 3], [0, c(3, -0.25)]], { dtype: "complex128" });
    assert.equal(m.dtype, "complex128");
    assert.ok(m.data() instanceof Float64Array);
    assert.deepEqual(m.toArray(), [[c(1.5, 2), c(3, 0)], [c(0, 0), c(3, -0.25)]]);
    assert.deepEqual(np.array(c(1, -1)).item(), c(1, -1));
  });

  test("complexFromInterleaved is the inverse of data(); shape and dtype options", () => {
    const data = new Float64Array([1, 2, 3, -4, 5, 6, -7, 8]);
    const z = np.complexFromInterleaved(data, { shape: [2, 2] });
    assert.equal(z.dtype, "complex128");
    assert.deepEqual(z.shape, [2, 2]);
    assert.deepEqual([...z.data()], [...data]);
    assert.deepEqual(z.toArray(), [[c(1, 2), c(3, -4)], [c(5, 6), c(-7, 8)]]);
    assert.equal(np.complexFromInterleaved(new Float32Array([1, 2])).dtype, "complex64");
    assert.equal(np.complexFromInterleaved([1, 2], { dtype: "complex128" }).dtype, "complex128");
    assert.throws(() => np.complexFromInterleaved(new Float64Array([1, 2, 3])), /complexFromInterleaved: .*even number/);
    assert.throws(() => np.complexFromInterleaved(new Float64Array([1, 2]), { shape: [2] }), /1 complex values do not fill shape \[2\]/);
    assert.throws(() => np.complexFromInterleaved("ab" as never), /expected a Float32Array/);
  });

  test("a real typed array with a complex dtype gives real parts (NumPy's meaning)", () => {
    assert.deepEqual(np.array(new Float64Array([1, 2]), { dtype: "complex128" }).toArray(), [c(1, 0), c(2, 0)]);
  });

  test("zeros, ones, full, eye, arange, linspace, zerosLike with complex dtypes", () => {
    assert.deepEqual(np.zeros([2], "complex64").toArray(), [c(0, 0), c(0, 0)]);
    assert.deepEqual(np.ones(2, { dtype: "complex128" }).toArray(), [c(1, 0), c(1, 0)]);
    assert.deepEqual(np.full([2], 3, "complex64").toArray(), [c(3, 0), c(3, 0)]);
    assert.deepEqual(np.eye(2, { dtype: "complex64" }).toArray(), [[c(1, 0), c(0, 0)], [c(0, 0), c(1, 0)]]);
    assert.deepEqual(np.arange(3, { dtype: "complex128" }).toArray(), [c(0, 0), c(1, 0), c(2, 0)]);
    assert.deepEqual(np.linspace(0, 1, 3, { dtype: "complex64" }).toArray(), [c(0, 0), c(0.5, 0), c(1, 0)]);
    const z = np.array([c(1, 2)], { dtype: "complex128" });
    assert.equal(np.zerosLike(z).dtype, "complex128");
    assert.deepEqual(np.onesLike(z).toArray(), [c(1, 0)]);
  });

  test("np.complex(re, im) broadcasts and promotes its parts; lax.complex is strict", () => {
    const z = np.complex(np.array([1, 2], "float64"), 3);
    assert.equal(z.dtype, "complex128");
    assert.deepEqual(z.toArray(), [c(1, 3), c(2, 3)]);
    assert.equal(np.complex(1, 2).dtype, "complex64");
    assert.equal(np.complex(np.arange(2), 0).dtype, "complex64"); // ints → the default float's complex
    assert.throws(() => np.complex(np.complex(1, 2), 0), /np\.complex: .*parts must be real, got complex64/);
    assert.deepEqual(lax.complex(np.array([1]), np.array([2])).toArray(), [c(1, 2)]);
    assert.throws(() => lax.complex(np.array([1]), np.array([2], "float64")), /lax\.complex/);
  });

  test("real, imag, conj, angle, abs and the property/method forms", () => {
    const z = np.array([c(3, 4), c(-1, -0)], { dtype: "complex128" });
    assert.deepEqual(np.real(z).toArray(), [3, -1]);
    assert.deepEqual(z.real.toArray(), [3, -1]);
    assert.equal(z.real.dtype, "float64");
    assert.deepEqual(np.imag(z).toArray(), [4, -0]);
    assert.deepEqual(z.imag.toArray(), [4, -0]);
    assert.deepEqual(z.conj().toArray(), [c(3, -4), c(-1, 0)]);
    assert.deepEqual(z.conjugate().toArray(), np.conj(z).toArray());
    assert.deepEqual(np.abs(z).toArray(), [5, 1]);
    assert.equal(np.abs(z).dtype, "float64");
    // angle(−1 − 0i) = −π: the sign of the zero imaginary part picks the side of the cut (as NumPy)
    assert.deepEqual(np.angle(z).toArray(), [Math.atan2(4, 3), -Math.PI]);
    assert.deepEqual(np.angle(z, { deg: true }).toArray(), [(Math.atan2(4, 3) * 180) / Math.PI, -180]);
    // real arrays: unchanged semantics
    assert.deepEqual(np.real([1, 2]).toArray(), [1, 2]);
    assert.deepEqual(np.array([1, 2]).imag.toArray(), [0, 0]);
  });

  test("iscomplexobj, isrealobj, iscomplex, isreal", () => {
    const z = np.array([c(1, 0), c(0, 2)]);
    assert.equal(np.iscomplexobj(z), true);
    assert.equal(np.isrealobj(z), false);
    assert.equal(np.iscomplexobj([1, 2]), false);
    assert.deepEqual(np.iscomplex(z).toArray(), [false, true]);
    assert.deepEqual(np.isreal(z).toArray(), [true, false]);
  });

  test("toJSON, item and JS coercion", () => {
    const z = np.array([c(1, 2)]);
    assert.equal(JSON.stringify(z), '{"dtype":"complex64","data":[{"re":1,"im":2}]}');
    assert.throws(() => +np.array(c(1, 2)), /complex array .* has no JS number; use \.item\(\)/);
  });
});

describe("complex arrays: printing as NumPy", () => {
  const cases: [() => unknown, string][] = [
    [() => np.array([c(1, 2), c(0, -1)]), "Array([1.+2.j, 0.-1.j], dtype=complex64)"],
    // NumPy: array([1.5+2.j  , 3. -0.25j]) — parts aligned separately, the imaginary one padded after the j
    [() => np.array([c(1.5, 2), c(3, -0.25)], { dtype: "complex128" }), "Array([1.5+2.j  , 3. -0.25j], dtype=complex128)"],
    [() => np.array(c(1, -0)), "Array(1.-0.j, dtype=complex64)"],
    [() => np.complex(np.array([[1, 2], [3, 4]]), 0), "Array([[1.+0.j, 2.+0.j],\n       [3.+0.j, 4.+0.j]], dtype=complex64)"],
    [() => np.array([c(NaN, Infinity)]), "Array([nan+infj], dtype=complex64)"],
  ];
  cases.forEach(([make, want], i) => test(`case ${i}: ${want.split("\n")[0]}`, () => assert.equal(String(make()), want)));
});

describe("complex arrays: promotion (JAX's lattice)", () => {
  const arr = (d: DType) => np.zeros([2], d);
  // bool < int < float < complex; a complex meets a float by the wider part
  const want: [DType, DType, DType][] = [
    ["complex64", "bool", "complex64"], ["complex64", "int32", "complex64"], ["complex64", "uint32", "complex64"],
    ["complex64", "float32", "complex64"], ["complex64", "float64", "complex128"], ["complex64", "complex64", "complex64"],
    ["complex64", "complex128", "complex128"], ["complex128", "float32", "complex128"], ["complex128", "int32", "complex128"],
    ["complex128", "bool", "complex128"], ["complex128", "complex128", "complex128"], ["float64", "complex64", "complex128"],
  ];
  test("np.promoteTypes and np.add follow the table (symmetric)", () => {
    for (const [a, b, r] of want) {
      assert.equal(np.promoteTypes(a, b), r, `${a} ⊔ ${b}`);
      assert.equal(np.promoteTypes(b, a), r, `${b} ⊔ ${a}`);
      assert.equal(np.add(arr(a), arr(b)).dtype, r, `add ${a} ${b}`);
      assert.equal(np.multiply(arr(b), arr(a)).dtype, r, `multiply ${b} ${a}`);
    }
  });
  test("JS numbers are weak (keep complex64); { re, im } is a weak complex scalar", () => {
    assert.equal(np.multiply(arr("complex64"), 2.5).dtype, "complex64");
    assert.equal(np.add(np.array([1, 2]), c(0, 1)).dtype, "complex64");
    assert.equal(np.add(np.array([1, 2], "float64"), c(0, 1)).dtype, "complex128");
    assert.equal(np.add(np.array([1, 2], { dtype: "int32" }), c(0, 1)).dtype, "complex64");
    assert.deepEqual(np.add(np.array([1, 2]), c(0, 1)).toArray(), [c(1, 1), c(2, 1)]);
    assert.equal(np.resultType("float32", "complex64"), "complex64");
  });
  test("dtype predicates know complex", () => {
    assert.equal(np.issubdtype("complex64", "complexfloating"), true);
    assert.equal(np.issubdtype("complex128", "inexact"), true);
    assert.equal(np.issubdtype("complex64", "floating"), false);
    assert.equal(np.isdtype("complex128", "complex floating"), true);
    assert.equal(np.canCast("float32", "complex64"), true);
    assert.equal(np.canCast("float64", "complex64"), false);
    assert.equal(np.canCast("complex64", "float32"), false);
    assert.equal(np.finfo("complex64").eps, np.finfo("float32").eps);
  });
});

describe("complex arrays: astype (JAX: complex → real drops the imaginary part)", () => {
  const z = np.array([c(1.5, 2), c(0, -1), c(-2.5, 0)], { dtype: "complex128" });
  test("to real, int and bool; real to complex; between complex dtypes; eager = jit", () => {
    for (const run of [(f: () => unknown) => f(), (f: () => unknown) => jit(f as () => never)()]) {
      assert.deepEqual((run(() => z.astype("float32")) as ReturnType<typeof np.array>).toArray(), [1.5, 0, -2.5]);
      assert.deepEqual((run(() => z.astype("int32")) as ReturnType<typeof np.array>).toArray(), [1, 0, -2]);
      assert.deepEqual((run(() => z.astype("bool")) as ReturnType<typeof np.array>).toArray(), [true, true, true]);
      assert.deepEqual((run(() => np.zeros(1, "complex64").astype("bool")) as ReturnType<typeof np.array>).toArray(), [false]);
      assert.deepEqual((run(() => z.astype("complex64")) as ReturnType<typeof np.array>).toArray(), [c(1.5, 2), c(0, -1), c(-2.5, 0)]);
      assert.deepEqual((run(() => np.array([1, 2], { dtype: "int32" }).astype("complex128")) as ReturnType<typeof np.array>).toArray(), [c(1, 0), c(2, 0)]);
    }
  });
});

describe("complex arrays: clear errors", () => {
  const z = np.array([c(1, 2), c(3, 4)]);
  const cases: [string, () => unknown, RegExp][] = [
    ["maximum", () => np.maximum(z, z), /np\.maximum: .*complex64 is not ordered; compare abs\(x\) or real\(x\)/],
    ["minimum", () => np.minimum(z, 1), /np\.minimum: .*complex64 is not ordered/],
    ["floor", () => np.floor(z), /np\.floor: .*complex64 is not ordered/],
    ["ceil", () => np.ceil(z), /np\.ceil: .*complex64 is not ordered/],
    ["sort", () => np.sort(z), /np\.sort: .*complex64 is not ordered/],
    ["argmax", () => np.argmax(z), /np\.argmax: .*complex64 is not ordered/],
    ["max", () => np.max(z), /reduce_max: complex64 is not ordered/],
    ["less", () => np.less(z, z), /np\.less: .*complex64 is not ordered/],
    ["greaterEqual", () => np.greaterEqual(z, 0), /np\.greaterEqual: .*complex64 is not ordered/],
    ["clip", () => np.clip(z, 0, 1), /np\.clip: .*complex64 is not ordered/],
    ["arcsin (not yet complex)", () => np.arcsin(z), /np\.arcsin: .*not defined for complex64/],
    ["array of complex into float", () => np.array([c(1, 2)], { dtype: "float32" }), /np\.array: cannot convert complex numbers \{ re, im \} to float32/],
    ["bitcast", () => z.view("float64"), /complex dtypes cannot be bitcast/],
    // linear algebra is not complex yet: a clear refusal, never a silent cast to real
    ["linalg.solve", () => np.linalg.solve(np.outer(z, z), z), /np\.linalg\.solve: complex64 matrices are not supported yet/],
    ["linalg.inv", () => np.linalg.inv(np.outer(z, z)), /np\.linalg\.inv: complex64 matrices are not supported yet/],
    ["linalg.det", () => np.linalg.det(np.outer(z, z)), /np\.linalg\.det: complex64 matrices are not supported yet/],
    ["linalg.cholesky", () => np.linalg.cholesky(np.outer(z, z)), /np\.linalg\.cholesky: complex64 matrices are not supported yet/],
    ["linalg.lstsq", () => np.linalg.lstsq(np.outer(z, z), z), /np\.linalg\.lstsq: complex64 matrices are not supported yet/],
    ["linalg.eigh", () => np.linalg.eigh(np.outer(z, z)), /np\.linalg\.eigh: expected float32 or float64, got complex64/],
    ["nn.relu", () => nn.relu(z), /nn\.relu: .*complex64 is not ordered/],
  ];
  for (const [name, f, re] of cases) test(name, () => assert.throws(f, re));
});
