/**
 * @file The relaxed-SIMD (fused multiply–add) matmul micro-kernels beside the SIMD128 ones: feature
 * detection by validating a tiny module, the ADJOINT_WASM_RELAXED switch, both paths against the
 * reference on every stride pattern and dtype, and the tolerance rule for fused results:
 *
 * - relaxed_madd may round once (fused) or twice (multiply, then add): float results of the two paths
 *   may differ in the last bits, each within the rounding bound the reference tests use (float32
 *   1e-5, float64 1e-13, relative to Σ|aᵢbᵢ|); integers are exact on both;
 * - on one engine the choice is fixed: repeated products and products split across threads are
 *   bit-identical (float64 deterministic per engine and thread count).
 *
 * Without relaxed SIMD in the engine (Node 20 without --experimental-wasm-relaxed-simd) the relaxed
 * cases are skipped and the detection tests check that the SIMD128 path is chosen.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DType, TypedArray, typedArrayCtor } from "../src/core/dtype.js";
import { JsBackend } from "../src/backend/js/index.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import type { RoutineParams } from "../src/backend/backend.js";
import type { MatmulOptions } from "../src/backend/wasm/routines.js";
import { BLOCKING, BLOCKING_RELAXED, defaultBlocking, matmulBytes } from "../src/backend/wasm/matmul.js";
import { engineHasRelaxedSimd, relaxedProbeBytes, useRelaxedSimd } from "../src/backend/wasm/relaxed.js";
import { seededRandom as rng } from "../src/numeric/check.js";

type Params = RoutineParams["matmul"];
const js = new JsBackend();
const wasm = new WasmBackend({ threads: 1 });
const HAS = engineHasRelaxedSimd();
const skipRelaxed = HAS ? false : "the engine has no relaxed SIMD";

function values(d: DType, n: number, r: () => number): TypedArray {
  const a = new (typedArrayCtor(d))(n);
  for (let i = 0; i < n; i++) {
    if (d === "int32") a[i] = Math.floor((r() - 0.5) * 4294967296);
    else a[i] = (r() - 0.5) * 10 ** Math.floor(r() * 4 - 2);
  }
  return a;
}

const strides = (rows: number, cols: number, t: boolean): [number, number, number] => (t ? [rows * cols, 1, rows] : [rows * cols, cols, 1]);

/** The wasm product with `opts`, and the reference's. */
function both(d: DType, a: TypedArray, b: TypedArray, p: Params, opts: MatmulOptions): { got: TypedArray; want: TypedArray } {
  const want = js.read(js.routine("matmul", [js.fromTyped(a, d), js.fromTyped(b, d)], p)[0]);
  const got = wasm.read(wasm.matmul(wasm.fromTyped(a, d), wasm.fromTyped(b, d), p, opts));
  return { got, want };
}

/** Σ_p |a·b| for each output element of a batch-1 contiguous-or-transposed product. */
function absSums(a: TypedArray, b: TypedArray, p: Params): Float64Array {
  const { m, n, k, lhsStrides: [, lm, lk], rhsStrides: [, rk, rn] } = p;
  const s = new Float64Array(p.batch * m * n);
  for (let t = 0; t < p.batch; t++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let q = 0; q < k; q++) acc += Math.abs(a[t * p.lhsStrides[0] + i * lm + q * lk] * b[t * p.rhsStrides[0] + q * rk + j * rn]);
    s[(t * m + i) * n + j] = acc;
  }
  return s;
}

/** Both paths agree with the reference within the rounding rule (integers exactly). */
function checkPath(d: DType, relaxed: boolean, seed: number): void {
  const SHAPES = [[1, 1, 1, 1], [1, 5, 9, 3], [1, 13, 31, 29], [2, 9, 13, 5], [1, 97, 37, 300], [1, 100, 130, 257], [3, 7, 50, 600], [1, 128, 40, 784]];
  for (const [batch, m, n, k] of SHAPES) {
    for (const ta of [false, true]) for (const tb of [false, true]) {
      const r = rng(seed++);
      const p: Params = { batch, m, n, k, lhsStrides: strides(m, k, ta), rhsStrides: strides(k, n, tb) };
      const a = values(d, batch * m * k, r), b = values(d, batch * k * n, r);
      const { got, want } = both(d, a, b, p, { relaxed, gemv: false });
      const label = `${d} relaxed=${relaxed} ${JSON.stringify(p)}`;
      assert.equal(got.constructor, want.constructor, label);
      if (d === "int32") {
        assert.deepEqual(got, want, label);
        continue;
      }
      const tol = d === "float32" ? 1e-5 : 1e-13, sums = absSums(a, b, p);
      for (let i = 0; i < want.length; i++) {
        if (!(Math.abs(got[i] - want[i]) <= tol * sums[i] + 1e-45)) assert.fail(`${label}: element ${i}: wasm ${got[i]}, js ${want[i]} (Σ|ab| = ${sums[i]})`);
      }
    }
  }
}

/** Run `f` with ADJOINT_WASM_RELAXED set to `value` (undefined: unset), restoring it afterwards. */
function withEnv<T>(value: string | undefined, f: () => T): T {
  const old = process.env.ADJOINT_WASM_RELAXED;
  if (value === undefined) delete process.env.ADJOINT_WASM_RELAXED;
  else process.env.ADJOINT_WASM_RELAXED = value;
  try {
    return f();
  } finally {
    if (old === undefined) delete process.env.ADJOINT_WASM_RELAXED;
    else process.env.ADJOINT_WASM_RELAXED = old;
  }
}

describe("relaxed-SIMD detection and the ADJOINT_WASM_RELAXED switch", () => {
  test("detection validates the probe module (f32x4/f64x2.relaxed_madd), and agrees with compiling it", () => {
    const bytes = relaxedProbeBytes();
    assert.equal(engineHasRelaxedSimd(), WebAssembly.validate(bytes));
    if (HAS) assert.ok(new WebAssembly.Module(bytes) instanceof WebAssembly.Module);
    else assert.throws(() => new WebAssembly.Module(bytes), WebAssembly.CompileError);
  });

  test("unset or empty detects; 0 forces SIMD128; 1 requires relaxed SIMD; anything else is an error", () => {
    assert.equal(withEnv(undefined, useRelaxedSimd), HAS);
    assert.equal(withEnv("", useRelaxedSimd), HAS);
    assert.equal(withEnv("0", useRelaxedSimd), false);
    if (HAS) assert.equal(withEnv("1", useRelaxedSimd), true);
    else assert.throws(() => withEnv("1", useRelaxedSimd), /ADJOINT_WASM_RELAXED=1 requires relaxed SIMD.*--experimental-wasm-relaxed-simd/);
    assert.throws(() => withEnv("yes", useRelaxedSimd), /ADJOINT_WASM_RELAXED must be "0" \(SIMD128 only\), "1" \(require relaxed SIMD\) or unset \(detect\), got "yes"/);
  });

  test("a backend reads the switch when it is created: 0 gives the SIMD128 kernels", () => {
    const forced = withEnv("0", () => new WasmBackend({ threads: 1 }));
    assert.equal((forced as unknown as { routines: { relaxed: boolean } }).routines.relaxed, false);
    const env = process.env.ADJOINT_WASM_RELAXED;
    assert.equal((wasm as unknown as { routines: { relaxed: boolean } }).routines.relaxed, env === "0" ? false : HAS);
    // the forced backend computes the SIMD128 path's bits
    const r = rng(3), d = "float32", m = 33, n = 40, k = 70;
    const a = values(d, m * k, r), b = values(d, k * n, r);
    const p: Params = { batch: 1, m, n, k, lhsStrides: [0, k, 1], rhsStrides: [0, n, 1] };
    const got = forced.read(forced.routine("matmul", [forced.fromTyped(a, d), forced.fromTyped(b, d)], p)[0]);
    assert.deepEqual(got, wasm.read(wasm.matmul(wasm.fromTyped(a, d), wasm.fromTyped(b, d), p, { relaxed: false })));
    // the backend option overrides the variable; asking for relaxed kernels the engine lacks is an error
    const opted = withEnv("0", () => new WasmBackend({ threads: 1, relaxed: HAS }));
    assert.equal((opted as unknown as { routines: { relaxed: boolean } }).routines.relaxed, HAS);
    if (!HAS) assert.throws(() => new WasmBackend({ relaxed: true }), /wasm backend: relaxed: true, but this WebAssembly engine does not validate relaxed SIMD/);
  });

  test("the relaxed kernels are generated only with relaxed_madd (0xFD 0x85 0x02 / 0xFD 0x87 0x02) and have their own blocking", () => {
    const has = (bytes: Uint8Array, sub: number) => bytes.some((x, i) => x === 0xfd && bytes[i + 1] === 0x80 + (sub & 0x7f) && bytes[i + 2] === sub >> 7);
    for (const [kind, sub] of [["f32", 0x105], ["f64", 0x107]] as const) {
      const relaxed = matmulBytes(kind, false, true, BLOCKING_RELAXED[kind], true);
      assert.ok(has(relaxed, sub), kind);
      assert.ok(!has(matmulBytes(kind, false, true, BLOCKING[kind], false), sub), kind);
      assert.equal(WebAssembly.validate(relaxed), HAS);
      assert.equal(defaultBlocking(kind, true), BLOCKING_RELAXED[kind]);
      assert.equal(defaultBlocking(kind, false), BLOCKING[kind]);
    }
    // int32 has no relaxed multiply–add: the same SIMD128 kernel either way
    assert.deepEqual(matmulBytes("i32", false, true, BLOCKING.i32, true), matmulBytes("i32", false, true, BLOCKING.i32, false));
    if (!HAS) {
      const one = wasm.fromTyped(new Float32Array(64), "float32");
      const p: Params = { batch: 1, m: 8, n: 8, k: 8, lhsStrides: [0, 8, 1], rhsStrides: [0, 8, 1] };
      assert.throws(() => wasm.matmul(one, one, p, { relaxed: true }), /wasm matmul: relaxed: true, but this WebAssembly engine does not validate relaxed SIMD/);
    }
  });
});

describe("SIMD128 and relaxed-SIMD kernels agree with the reference", () => {
  for (const d of ["float32", "float64", "int32"] as DType[]) {
    test(`${d}: SIMD128 kernels, every transpose pattern`, () => checkPath(d, false, 1));
    test(`${d}: relaxed kernels, every transpose pattern`, { skip: skipRelaxed }, () => checkPath(d, true, 1));
  }

  test("other blockings on the relaxed path (edge tiles, several depth blocks, unrolling)", { skip: skipRelaxed }, () => {
    for (const blocking of [{ mr: 1, nv: 1, unroll: 1, kc: 3, mc: 2, nc: 5 }, { mr: 5, nv: 3, unroll: 3, kc: 7, mc: 10, nc: 12 }, { mr: 6, nv: 2, unroll: 2, kc: 16, mc: 12, nc: 24 }]) {
      for (const d of ["float32", "float64"] as DType[]) {
        const r = rng(11), m = 23, n = 37, k = 41;
        const a = values(d, m * k, r), b = values(d, k * n, r);
        const p: Params = { batch: 1, m, n, k, lhsStrides: [0, 1, m], rhsStrides: [0, n, 1] };
        const { got, want } = both(d, a, b, p, { relaxed: true, blocking, gemv: false });
        const sums = absSums(a, b, p), tol = d === "float32" ? 1e-5 : 1e-13;
        for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= tol * sums[i] + 1e-45, `${d} ${JSON.stringify(blocking)} element ${i}`);
      }
    }
  });

  test("NaN and ±Inf propagate the same on both paths; sums of ±0 are +0", () => {
    for (const d of ["float32", "float64"] as DType[]) {
      const m = 9, n = 11, k = 7, r = rng(5);
      const a = values(d, m * k, r), b = values(d, k * n, r);
      a[3] = NaN;
      a[20] = Infinity;
      b[5] = -Infinity;
      a[40] = -Infinity;
      const z = new (typedArrayCtor(d))(m * k).fill(-0), finite = values(d, k * n, r);
      const p: Params = { batch: 1, m, n, k, lhsStrides: [0, k, 1], rhsStrides: [0, n, 1] };
      for (const relaxed of HAS ? [false, true] : [false]) {
        const { got, want } = both(d, a, b, p, { relaxed, gemv: false });
        for (let i = 0; i < want.length; i++) if (!Number.isFinite(want[i])) assert.ok(Object.is(got[i], want[i]), `${d} relaxed=${relaxed} element ${i}: ${got[i]} vs ${want[i]}`);
        const zeros = both(d, z, finite, p, { relaxed, gemv: false });
        assert.ok(zeros.got.every((v) => Object.is(v, 0)), `${d} relaxed=${relaxed}: (−0)·x sums to +0`);
      }
    }
  });
});

describe("the fused-result rule", () => {
  // a·a − (1 + 2u) with a = 1 + u (u the unit roundoff's double): exactly u², which a multiply rounded
  // before the add loses. The first product (−(1 + 2u)·1) is exact, so only the second step can fuse.
  for (const [d, u] of [["float32", 2 ** -23], ["float64", 2 ** -52]] as [DType, number][]) {
    test(`${d}: SIMD128 rounds the product (0), relaxed gives 0 or the fused u² — whichever, always the same`, () => {
      const a = typedArrayCtor(d).from([-(1 + 2 * u), 1 + u]);
      const b = typedArrayCtor(d).from([1, 1 + u]);
      const p: Params = { batch: 1, m: 1, n: 1, k: 2, lhsStrides: [0, 2, 1], rhsStrides: [0, 1, 1] };
      assert.equal(both(d, a, b, p, { relaxed: false, gemv: false }).got[0], 0);
      if (!HAS) return;
      const fused = both(d, a, b, p, { relaxed: true, gemv: false }).got[0];
      assert.ok(fused === 0 || fused === u * u, `${fused}`);
      for (let i = 0; i < 5; i++) assert.equal(both(d, a, b, p, { relaxed: true, gemv: false }).got[0], fused);
      // in a full tile of a larger product the same element gives the same value
      const m = 12, n = 16, k = 2;
      const big = new (typedArrayCtor(d))(m * k), bigB = new (typedArrayCtor(d))(k * n);
      for (let i = 0; i < m; i++) big.set(a, i * k);
      for (let j = 0; j < n; j++) [bigB[j], bigB[n + j]] = [b[0], b[1]];
      const got = both(d, big, bigB, { batch: 1, m, n, k, lhsStrides: [0, k, 1], rhsStrides: [0, n, 1] }, { relaxed: true, gemv: false }).got;
      assert.ok(got.every((v) => v === fused));
    });
  }

  test("float64 is deterministic per engine and thread count: threads give the one-thread bits", { skip: skipRelaxed }, async () => {
    const threaded = new WasmBackend({ threads: 2 });
    assert.equal(await threaded.startThreads(), true);
    const r = rng(21);
    for (const d of ["float64", "float32"] as DType[]) {
      for (const [m, n, k] of [[128, 512, 784], [300, 70, 513]]) {
        const a = values(d, m * k, r), b = values(d, k * n, r);
        const p: Params = { batch: 1, m, n, k, lhsStrides: [0, k, 1], rhsStrides: [0, n, 1] };
        const one = wasm.read(wasm.matmul(wasm.fromTyped(a, d), wasm.fromTyped(b, d), p, { relaxed: true }));
        const two = threaded.read(threaded.matmul(threaded.fromTyped(a, d), threaded.fromTyped(b, d), p, { relaxed: true }));
        const again = threaded.read(threaded.matmul(threaded.fromTyped(a, d), threaded.fromTyped(b, d), p, { relaxed: true }));
        assert.deepEqual(two, one, `${d} ${m}×${n}×${k}`);
        assert.deepEqual(again, one);
      }
    }
  });
});
