/**
 * @file The wasm backend's matmul routine (blocked SIMD kernel and matrix–vector path) against the
 * reference backend: many shapes (1×1, k = 0, sizes that are not multiples of the SIMD width or the
 * blocks, batches), every stride pattern (transposed lhs/rhs/both, batch stride 0, padded and
 * non-unit strides), float32/float64 within a rounding tolerance relative to Σ|aᵢbᵢ|, int32/uint32
 * exactly; code generated for other register and cache blockings; NaN/Inf/±0 semantics.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DType, TypedArray, typedArrayCtor } from "../src/core/dtype.js";
import { JsBackend } from "../src/backend/js/index.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import type { RoutineParams } from "../src/backend/backend.js";
import type { Blocking } from "../src/backend/wasm/matmul.js";
import type { MatmulOptions } from "../src/backend/wasm/routines.js";
import { seededRandom as rng } from "../src/numeric/check.js";

type Params = RoutineParams["matmul"];
type S3 = [number, number, number];
const js = new JsBackend();
const wasm = new WasmBackend();

/** Elements an operand needs: the largest index it is read at, plus one. */
function extent(batch: number, rows: number, cols: number, [sb, sr, sc]: S3): number {
  if (batch === 0 || rows === 0 || cols === 0) return 0;
  return (batch - 1) * sb + (rows - 1) * sr + (cols - 1) * sc + 1;
}

function values(d: DType, n: number, r: () => number): TypedArray {
  const a = new (typedArrayCtor(d))(n);
  for (let i = 0; i < n; i++) {
    if (d === "int32") a[i] = r() < 0.5 ? Math.floor((r() - 0.5) * 20) : Math.floor((r() - 0.5) * 4294967296);
    else if (d === "uint32") a[i] = Math.floor(r() * 4294967296);
    else a[i] = r() < 0.2 ? Math.round((r() - 0.5) * 8) : (r() - 0.5) * 10 ** Math.floor(r() * 4 - 2);
  }
  return a;
}

/** Σ_p |lhs[b,i,p]·rhs[b,p,j]| for every output element, in float64. */
function absSums(a: TypedArray, b: TypedArray, p: Params): Float64Array {
  const { batch, m, n, k, lhsStrides: [lb, lm, lk], rhsStrides: [rb, rk, rn] } = p;
  const s = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let q = 0; q < k; q++) acc += Math.abs(a[t * lb + i * lm + q * lk] * b[t * rb + q * rk + j * rn]);
    s[(t * m + i) * n + j] = acc;
  }
  return s;
}

/** wasm agrees with js: exactly for integers, within `tol`·Σ|aᵢbᵢ| for floats (non-finite values identical). */
function check(d: DType, p: Params, opts: MatmulOptions = {}, seed = 1, what = ""): void {
  const r = rng(seed);
  const a = values(d, extent(p.batch, p.m, p.k, p.lhsStrides), r);
  const b = values(d, extent(p.batch, p.k, p.n, p.rhsStrides), r);
  checkOn(d, a, b, p, opts, what);
}

function checkOn(d: DType, a: TypedArray, b: TypedArray, p: Params, opts: MatmulOptions = {}, what = ""): void {
  const want = js.read(js.routine("matmul", [js.fromTyped(a, d), js.fromTyped(b, d)], p)[0]);
  const wa = wasm.fromTyped(a, d), wb = wasm.fromTyped(b, d);
  const got = wasm.read(Object.keys(opts).length ? wasm.matmul(wa, wb, p, opts) : wasm.routine("matmul", [wa, wb], p)[0]);
  const label = `${what} ${d} ${JSON.stringify(p)} ${JSON.stringify(opts)}`;
  assert.equal(got.length, want.length, label);
  assert.equal(got.constructor, want.constructor, label);
  if (d !== "float32" && d !== "float64") {
    for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) assert.fail(`${label}: element ${i}: wasm ${got[i]}, js ${want[i]}`);
    return;
  }
  const tol = d === "float32" ? 1e-5 : 1e-13;
  const sums = absSums(a, b, p);
  for (let i = 0; i < want.length; i++) {
    const [g, w] = [got[i], want[i]];
    if (!Number.isFinite(w) || !Number.isFinite(g)) {
      if (!Object.is(g, w)) assert.fail(`${label}: element ${i}: wasm ${g}, js ${w}`);
    } else if (Math.abs(g - w) > tol * sums[i] + (d === "float32" ? 1e-45 : 0)) {
      assert.fail(`${label}: element ${i}: wasm ${g}, js ${w} (Σ|ab| = ${sums[i]})`);
    }
  }
}

/** Contiguous strides of a [batch, rows, cols] operand, or of its transpose stored [batch, cols, rows]. */
const contiguous = (rows: number, cols: number, transposed: boolean): S3 => (transposed ? [rows * cols, 1, rows] : [rows * cols, cols, 1]);

const SHAPES: [number, number, number, number][] = [
  // batch, m, n, k
  [1, 1, 1, 1], [1, 1, 1, 7], [1, 2, 3, 4], [1, 4, 8, 4], [1, 5, 9, 3], [1, 7, 1, 13], [1, 1, 11, 6], [1, 3, 17, 1],
  [1, 13, 31, 29], [1, 33, 65, 9], [2, 9, 13, 5], [3, 4, 4, 4], [4, 1, 7, 9], [5, 6, 1, 3], [1, 97, 37, 300],
  [1, 100, 130, 257], [2, 31, 41, 70], [1, 16, 1030, 5],
];
const DTYPES: DType[] = ["float32", "float64", "int32", "uint32"];

describe("wasm matmul agrees with the reference", () => {
  for (const d of DTYPES) {
    test(`${d}: every shape × transposed lhs/rhs`, () => {
      let seed = 1;
      for (const [batch, m, n, k] of SHAPES) {
        for (const ta of [false, true]) for (const tb of [false, true]) {
          check(d, { batch, m, n, k, lhsStrides: contiguous(m, k, ta), rhsStrides: contiguous(k, n, tb) }, {}, seed++);
        }
      }
    });
  }

  test("empty products: k = 0 gives zeros; m = 0, n = 0 or batch = 0 give empty outputs", () => {
    for (const d of DTYPES) {
      for (const [batch, m, n, k] of [[1, 3, 4, 0], [2, 5, 1, 0], [1, 1, 1, 0], [1, 0, 4, 3], [1, 4, 0, 3], [0, 2, 2, 2], [1, 300, 40, 0]]) {
        const p: Params = { batch, m, n, k, lhsStrides: [m * k, k, 1], rhsStrides: [k * n, n, 1] };
        check(d, p);
        const out = wasm.read(wasm.routine("matmul", [wasm.fromTyped(new Float64Array(batch * m * k), d), wasm.fromTyped(new Float64Array(batch * k * n), d)], p)[0]);
        assert.equal(out.length, batch * m * n);
        assert.ok(out.every((v) => Object.is(v, 0)));
      }
    }
  });

  test("batch strides 0 (a broadcast operand on either side or both)", () => {
    let seed = 100;
    for (const d of DTYPES) {
      for (const [batch, m, n, k] of [[3, 5, 7, 6], [4, 1, 9, 5], [2, 8, 1, 11], [5, 17, 20, 33], [3, 1, 1, 4]]) {
        for (const ta of [false, true]) for (const tb of [false, true]) {
          const ls = contiguous(m, k, ta), rs = contiguous(k, n, tb);
          for (const [lb, rb] of [[ls[0], 0], [0, rs[0]], [0, 0]]) {
            check(d, { batch, m, n, k, lhsStrides: [lb, ls[1], ls[2]], rhsStrides: [rb, rs[1], rs[2]] }, {}, seed++);
          }
        }
      }
    }
  });

  test("non-contiguous operands: padded rows, every other element, strides 0 within a matrix", () => {
    let seed = 200;
    const cases: [number, number, number, number, S3, S3][] = [
      [1, 5, 6, 7, [0, 9, 1], [0, 8, 1]], // padded rows
      [1, 5, 6, 7, [0, 16, 2], [0, 1, 11]], // every other element; transposed rhs with padding
      [2, 4, 9, 3, [40, 2, 13], [50, 20, 2]], // both strided, batch padding
      [1, 6, 5, 4, [0, 0, 1], [0, 5, 1]], // every lhs row the same (row stride 0)
      [1, 6, 5, 4, [0, 4, 1], [0, 0, 1]], // every rhs row the same
      [1, 6, 5, 4, [0, 1, 0], [0, 1, 0]], // columns broadcast on both sides
      [3, 7, 10, 9, [0, 1, 7], [100, 11, 1]], // lhs shared and transposed
      [2, 1, 12, 8, [19, 0, 2], [100, 1, 9]], // a strided row times a transposed matrix
      [2, 12, 1, 8, [100, 9, 1], [19, 2, 0]], // a matrix times a strided column
      [1, 40, 1, 300, [0, 1, 41], [0, 3, 0]], // transposed matrix times strided column
      [1, 10, 1, 9, [0, 20, 2], [0, 1, 0]], // strided matrix (neither stride 1) times a column
    ];
    for (const d of DTYPES) for (const [batch, m, n, k, ls, rs] of cases) check(d, { batch, m, n, k, lhsStrides: ls, rhsStrides: rs }, {}, seed++);
  });

  test("matrix–vector shapes through the blocked kernel too (gemv: false)", () => {
    let seed = 300;
    for (const d of DTYPES) {
      for (const [batch, m, n, k] of [[1, 1, 9, 7], [1, 9, 1, 7], [2, 1, 1, 5], [3, 1, 40, 17]]) {
        for (const ta of [false, true]) for (const tb of [false, true]) {
          check(d, { batch, m, n, k, lhsStrides: contiguous(m, k, ta), rhsStrides: contiguous(k, n, tb) }, { gemv: false }, seed++);
        }
      }
    }
  });

  test("large matrix–vector products (SIMD dot and axpy paths with tails)", () => {
    let seed = 400;
    for (const d of ["float32", "float64", "int32"] as DType[]) {
      for (const [m, n, k] of [[301, 1, 515], [1, 301, 515], [70, 1, 3], [1, 70, 2]]) {
        for (const ta of [false, true]) for (const tb of [false, true]) {
          check(d, { batch: 2, m, n, k, lhsStrides: contiguous(m, k, ta), rhsStrides: contiguous(k, n, tb) }, {}, seed++);
        }
      }
    }
  });

  test("code generated for other register and cache blockings (edge tiles, several depth blocks, unrolling)", () => {
    const blockings: Blocking[] = [
      { mr: 1, nv: 1, unroll: 1, kc: 3, mc: 2, nc: 5 },
      { mr: 3, nv: 1, unroll: 2, kc: 5, mc: 7, nc: 9 },
      { mr: 4, nv: 2, unroll: 4, kc: 8, mc: 8, nc: 16 },
      { mr: 5, nv: 3, unroll: 3, kc: 7, mc: 10, nc: 12 },
      { mr: 2, nv: 4, unroll: 1, kc: 64, mc: 6, nc: 32 },
    ];
    let seed = 500;
    for (const d of DTYPES) {
      for (const blocking of blockings) {
        for (const [batch, m, n, k] of [[1, 1, 1, 1], [1, 11, 13, 17], [2, 9, 35, 21], [1, 1, 20, 9], [1, 20, 1, 9]]) {
          for (const ta of [false, true]) for (const tb of [false, true]) {
            check(d, { batch, m, n, k, lhsStrides: contiguous(m, k, ta), rhsStrides: contiguous(k, n, tb) }, { blocking, gemv: false }, seed++);
          }
        }
      }
    }
  });

  test("NaN and ±Inf propagate as in the reference; sums of ±0 are +0", () => {
    for (const d of ["float32", "float64"] as DType[]) {
      const m = 9, n = 11, k = 7;
      const r = rng(7);
      const a = values(d, m * k, r), b = values(d, k * n, r);
      a[3] = NaN;
      a[20] = Infinity;
      b[5] = -Infinity;
      b[30] = 0;
      a[40] = -Infinity;
      for (const tb of [false, true]) checkOn(d, a, b, { batch: 1, m, n, k, lhsStrides: [0, k, 1], rhsStrides: contiguous(k, n, tb) });
      // −0·x and 0·(−x): every product is −0 or +0, the reference's sum starts at +0
      const z = new (typedArrayCtor(d))(m * k).fill(-0), y = values(d, k * n, r);
      for (const [mm, nn] of [[m, n], [1, n], [m, 1]]) {
        const p: Params = { batch: 1, m: mm, n: nn, k, lhsStrides: [0, k, 1], rhsStrides: [0, nn, 1] };
        const got = wasm.read(wasm.routine("matmul", [wasm.fromTyped(z.subarray(0, mm * k), d), wasm.fromTyped(y.subarray(0, k * nn), d)], p)[0]);
        const want = js.read(js.routine("matmul", [js.fromTyped(z.subarray(0, mm * k), d), js.fromTyped(y.subarray(0, k * nn), d)], p)[0]);
        assert.deepEqual([...got].map((v) => Object.is(v, 0)), [...want].map((v) => Object.is(v, 0)));
      }
    }
  });

  test("float32 accumulates in float32 lanes: within k·2⁻²⁴·Σ|aᵢbᵢ| of the reference, not always equal", () => {
    // 1 + 4095 terms of 2⁻²⁴: float64 accumulation keeps them all, a float32 lane starting at 1 loses its share
    const k = 4096;
    const a = new Float32Array(k).fill(1), b = new Float32Array(k).fill(2 ** -24);
    b[0] = 1;
    const p: Params = { batch: 1, m: 1, n: 1, k, lhsStrides: [0, 0, 1], rhsStrides: [0, 1, 0] };
    const want = js.read(js.routine("matmul", [js.fromTyped(a, "float32"), js.fromTyped(b, "float32")], p)[0])[0];
    for (const opts of [{}, { gemv: false }]) {
      const got = wasm.read(wasm.matmul(wasm.fromTyped(a, "float32"), wasm.fromTyped(b, "float32"), p, opts))[0];
      assert.notEqual(got, want);
      assert.ok(Math.abs(got - want) <= k * 2 ** -24 * (1 + (k - 1) * 2 ** -24), `${got} vs ${want}`);
    }
  });

  test("large operands (resident in wasm memory) and repeated calls keep memory flat", () => {
    const d = "float32", m = 150, n = 140, k = 130;
    const r = rng(9);
    const a = wasm.fromTyped(values(d, m * k, r), d), b = wasm.fromTyped(values(d, k * n, r), d);
    const p: Params = { batch: 1, m, n, k, lhsStrides: [0, 1, m], rhsStrides: [0, n, 1] };
    const first = wasm.read(wasm.routine("matmul", [a, b], p)[0]);
    for (let i = 0; i < 5; i++) wasm.release(wasm.routine("matmul", [a, b], p)[0]);
    const bytes = wasm.memoryBytes();
    for (let i = 0; i < 50; i++) {
      const out = wasm.routine("matmul", [a, b], p)[0];
      if (i === 49) assert.deepEqual(wasm.read(out), first);
      wasm.release(out);
    }
    assert.equal(wasm.memoryBytes(), bytes);
    checkOn(d, wasm.read(a), wasm.read(b), p);
  });

  test("bool operands fall back to the reference implementation", () => {
    const a = new Uint8Array([1, 0, 1, 1, 0, 1]), b = new Uint8Array([1, 1, 0, 1, 1, 1]);
    const p: Params = { batch: 1, m: 2, n: 2, k: 3, lhsStrides: [0, 3, 1], rhsStrides: [0, 2, 1] };
    const want = js.read(js.routine("matmul", [js.fromTyped(a, "bool"), js.fromTyped(b, "bool")], p)[0]);
    const got = wasm.read(wasm.routine("matmul", [wasm.fromTyped(a, "bool"), wasm.fromTyped(b, "bool")], p)[0]);
    assert.deepEqual(got, want);
  });
});
