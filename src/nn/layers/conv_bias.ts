/** @file The bias add of the convolution layers, whose derivative w.r.t. the bias is a matrix product (fast) instead of a sum over the leading axes. */
import { NDArray } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import { customJvp } from "../../transforms/custom.js";

/**
 * Rows per repeated block: the largest power of two that divides m with a block of fewer than 4,096
 * bytes (`rowBytes` a row) — the block's cotangent stays a small buffer (wasm: on the JS heap, not a
 * block of wasm memory between the large ones); the ones column has m / r entries.
 */
function rowsPerBlock(m: number, rowBytes: number): number {
  let r = 1;
  while (m % (2 * r) === 0 && 2 * r * rowBytes < 4096) r *= 2;
  return r;
}

/**
 * y + bias (bias [f] along y's last axis), with the same values and derivatives as `np.add(y, bias)`,
 * but the bias tangent enters as a matrix product ones[M/r, 1] · (db repeated r times)[1, r·f]
 * (M = y.size / f), so that reverse mode transposes it to ones[1, M/r] · ct[M/r, r·f] — the matmul
 * routine (one pass down the rows, SIMD along them) — and a sum over r rows of f, instead of a
 * reduction over the leading axes, which walks columns: measured 16–35 ms → 1.4 ms for the W9 CNN's
 * [128, 28, 28, 32] (wasm, load ≈ 10).
 */
const biasAdd = customJvp(
  (y: NDArray, bias: NDArray) => np.add(y, bias),
  ([y, bias]: NDArray[], [dy, db]: NDArray[]) => {
    const f = bias.shape[0], m = y.size / Math.max(1, f), r = rowsPerBlock(m, f * (y.dtype === "float64" ? 8 : 4));
    // d(y + b) = dy + 1·(1·db): db broadcast to r rows, then that block repeated as a matrix product
    // ones[m/r, 1] · block[1, r·f]; the transpose is 1ᵀ·ct over m/r rows of r·f (the matmul routine),
    // then a sum of the r rows of the [r, f] result (small) — and the column of ones stays small
    const block = np.broadcastTo(db, [r, f]).reshape([1, r * f]);
    const spread = np.matmul(np.ones([m / r, 1], { dtype: y.dtype }), block).reshape(y.shape);
    return [np.add(y, bias), np.add(dy, spread)];
  },
);

/** `matmulGrad` off: the plain `np.add` (for before/after measurements; read when a layer is traced). */
export const convBiasTuning = { matmulGrad: true };

/** y + bias for a channels-last conv output y and bias [features] of y's dtype. */
export function addBias(y: NDArray, bias: NDArray): NDArray {
  return convBiasTuning.matmulGrad ? (biasAdd(y, bias) as NDArray) : np.add(y, bias);
}
