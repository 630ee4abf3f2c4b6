/**
 * @file The k-split of conv's deep, narrow matmuls (kernel gradients: a batch of matmuls over parts of
 * the batch × positions axis, then their sum — src/primitives/conv_kernel.ts kSplit): the kernel
 * gradient against a direct nested-loop sum, with the split on and off, float32 and float64, eager and jit.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, jit, lax, np, random, vjp } from "../src/index.js";
import { convTuning, kSplit } from "../src/primitives/conv_kernel.js";
import { close } from "./util.js";

test("kSplit: parts only for deep products with few outputs (W9's kernel gradients), dividing k", () => {
  assert.equal(kSplit(9, 32, 100352), 8);
  assert.equal(kSplit(288, 64, 25088), 8);
  assert.equal(kSplit(25088, 64, 288), 1); // a forward pass: many rows
  assert.equal(kSplit(18, 4, 4096), 2);
  assert.equal(kSplit(18, 4, 4097), 1); // no part size divides k
  assert.equal(kSplit(18, 4, 2048), 1); // too short to split
});

test("conv kernel gradients with the k-split equal a direct sum and the unsplit matmul (float32, float64; eager, jit)", () => {
  // [16, 16, 16, 2] * 3×3 "SAME" → 4 features: the kernel gradient is m 18 × n 4 × k 4,096 (2 parts)
  const [k0, k1, k2] = [...random.split(random.key(7), 3)] as NDArray[];
  const [N, H, W, C, F] = [16, 16, 16, 2, 4];
  for (const dtype of ["float32", "float64"] as const) {
    const x = random.normal(k0, [N, H, W, C], { dtype }), w = random.normal(k1, [3, 3, C, F], { dtype }), ct = random.normal(k2, [N, H, W, F], { dtype });
    const dW = (xx: NDArray, ww: NDArray, cc: NDArray) => vjp((v: NDArray) => lax.convGeneralDilated(xx, v, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }), ww)[1](cc)[0];
    // direct: dW[ky, kx, c, f] = Σ_{n, y, x} x[n, y + ky − 1, x + kx − 1, c] · ct[n, y, x, f]
    const xs = x.data(), cs = ct.data();
    const want = new Float64Array(9 * C * F);
    for (let n = 0; n < N; n++)
      for (let y = 0; y < H; y++)
        for (let xx = 0; xx < W; xx++)
          for (let ky = 0; ky < 3; ky++)
            for (let kx = 0; kx < 3; kx++) {
              const yy = y + ky - 1, xi = xx + kx - 1;
              if (yy < 0 || yy >= H || xi < 0 || xi >= W) continue;
              for (let c = 0; c < C; c++)
                for (let f = 0; f < F; f++) want[((ky * 3 + kx) * C + c) * F + f] += xs[((n * H + yy) * W + xi) * C + c] * cs[((n * H + y) * W + xx) * F + f];
            }
    const tol = dtype === "float32" ? 2e-5 : 1e-12;
    const results: number[][] = [];
    for (const split of [true, false]) {
      convTuning.splitK = split;
      try {
        const eager = dW(x, w, ct), jitted = jit(dW)(x, w, ct);
        assert.equal(eager.dtype, dtype);
        close(eager, Array.from(want), tol * 100);
        close(jitted, Array.from(want), tol * 100);
        results.push(Array.from(eager.data() as Float64Array));
      } finally {
        convTuning.splitK = true;
      }
    }
    close(np.array(results[0], { dtype: "float64" }), results[1], tol);
  }
});
