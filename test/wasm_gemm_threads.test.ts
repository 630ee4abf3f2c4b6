/**
 * @file Matmuls split across worker threads (gemm.ts, routines.ts): split by columns or rows, the
 * operand every part reads whole is packed once and shared (`prepack`), the parts small — the results
 * are the one-thread bits (float32, float64, int32; SIMD128 and relaxed SIMD), for plain and
 * transposed operand strides, shapes that are not multiples of the register tile, several depth
 * blocks, batches; and a product split by batches (nothing shared). The relaxed-SIMD register tile
 * (6×2 where the engine keeps it in registers, else 4×2) is a choice of speed only: same bits.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { DType, TypedArray, typedArrayCtor } from "../src/core/dtype.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { engineHasRelaxedSimd } from "../src/backend/wasm/relaxed.js";
import { prepackBytes, splitAxis, splitGemm } from "../src/backend/wasm/gemm.js";
import { BLOCKING_RELAXED, v8Major, WIDE_RELAXED_TILE } from "../src/backend/wasm/matmul.js";
import type { RoutineParams } from "../src/backend/backend.js";
import { seededRandom as rng } from "../src/numeric/check.js";

type Params = RoutineParams["matmul"];
const one = new WasmBackend({ threads: 1 });
const two = new WasmBackend({ threads: 2 });
const three = new WasmBackend({ threads: 3 });

function values(d: DType, n: number, r: () => number): TypedArray {
  const a = new (typedArrayCtor(d))(n);
  for (let i = 0; i < n; i++) a[i] = d === "int32" ? Math.floor(r() * 200 - 100) : r() * 2 - 1;
  return a;
}

/** batch × [m, k] · [k, n] with lhs and/or rhs stored transposed. */
function problem(batch: number, m: number, n: number, k: number, lt: boolean, rt: boolean): Params {
  return { batch, m, n, k, lhsStrides: [m * k, lt ? 1 : k, lt ? m : 1], rhsStrides: [k * n, rt ? 1 : n, rt ? k : 1] };
}

describe("wasm matmul across threads: shared packed operands", () => {
  before(async () => {
    assert.equal(await two.startThreads(), true);
    assert.equal(await three.startThreads(), true);
  });

  test("which operand is shared: lhs when split by columns, rhs when split by rows, none by batches", () => {
    assert.equal(splitAxis(1, 128, 512, 4, 8, 8), "cols");
    assert.equal(splitAxis(1, 784, 512, 4, 8, 8), "rows");
    assert.equal(splitAxis(8, 128, 512, 4, 8, 8), "batch");
    assert.equal(splitGemm(1, 128, 512, 4, 8, 8).length, 8);
    assert.equal(prepackBytes("a", 130, 512, 784, 4, 4, 8), 132 * 784 * 4);
    assert.equal(prepackBytes("b", 128, 509, 100, 8, 4, 4), 512 * 100 * 8);
  });

  const relaxed = engineHasRelaxedSimd() ? [false, true] : [false];
  for (const d of ["float32", "float64", "int32"] as DType[]) {
    test(`${d}: threads give the one-thread bits (columns, rows, batches; transposed operands; edges)`, () => {
      const r = rng(d.length * 7);
      const shapes: [number, number, number, number][] = [
        [1, 128, 512, 784], [1, 784, 512, 128], [1, 130, 509, 300], [1, 515, 66, 257], [1, 64, 1000, 9], [2, 100, 300, 260], [6, 40, 40, 40],
      ];
      for (const [batch, m, n, k] of shapes) {
        for (const [lt, rt] of [[false, false], [true, false], [false, true], [true, true]]) {
          const p = problem(batch, m, n, k, lt, rt);
          const a = values(d, batch * m * k, r), b = values(d, batch * k * n, r);
          for (const rx of d === "int32" ? [false] : relaxed) {
            const want = one.read(one.matmul(one.fromTyped(a, d), one.fromTyped(b, d), p, { relaxed: rx }));
            for (const be of [two, three]) {
              const got = be.read(be.matmul(be.fromTyped(a, d), be.fromTyped(b, d), p, { relaxed: rx }));
              assert.ok(got.every((v, i) => Object.is(v, want[i])), `${d} ${batch}×${m}×${n}×${k} lt ${lt} rt ${rt} relaxed ${rx}`);
            }
          }
        }
      }
    });
  }

  test("float32 against a float64 reference (the split and the shared panels compute the product)", () => {
    const r = rng(3);
    const [m, n, k] = [130, 509, 300];
    const a = values("float32", m * k, r), b = values("float32", k * n, r);
    const got = two.read(two.matmul(two.fromTyped(a, "float32"), two.fromTyped(b, "float32"), problem(1, m, n, k, false, false)));
    for (let i = 0; i < m; i += 7) for (let j = 0; j < n; j += 5) {
      let s = 0;
      for (let q = 0; q < k; q++) s += a[i * k + q] * b[q * n + j];
      assert.ok(Math.abs(got[i * n + j] - s) < 1e-4, `(${i}, ${j}): ${got[i * n + j]} vs ${s}`);
    }
  });

  test("relaxed SIMD: the 6×2 and 4×2 register tiles give the same bits; 6×2 is used with V8 ≥ 14", { skip: engineHasRelaxedSimd() ? false : "no relaxed SIMD" }, () => {
    assert.equal(WIDE_RELAXED_TILE, v8Major() >= 14);
    assert.equal(BLOCKING_RELAXED.f32.mr, WIDE_RELAXED_TILE ? 6 : 4);
    const r = rng(17);
    for (const d of ["float32", "float64"] as DType[]) {
      for (const [m, n, k] of [[128, 512, 300], [37, 45, 513]]) {
        for (const [lt, rt] of [[false, false], [true, true]]) {
          const p = problem(1, m, n, k, lt, rt);
          const a = values(d, m * k, r), b = values(d, k * n, r);
          const run = (mr: number) => one.read(one.matmul(one.fromTyped(a, d), one.fromTyped(b, d), p, { relaxed: true, gemv: false, blocking: { mr, nv: 2, unroll: 1, kc: 256, mc: 96, nc: 1024 } }));
          const [four, six] = [run(4), run(6)];
          assert.ok(four.every((v, i) => Object.is(v, six[i])), `${d} ${m}×${n}×${k} lt ${lt} rt ${rt}`);
        }
      }
    }
  });
});
