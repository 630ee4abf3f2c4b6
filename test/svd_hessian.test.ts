/** @file Second derivatives through svd: reverse-over-reverse agrees with forward-over-reverse, forward-over-forward and reverse-over-forward (issue 10, item 8). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, jacfwd, jacrev, random, NDArray } from "../src/index.js";

const normal = (seed: number, shape: number[]) => random.normal(random.key(seed), shape, { dtype: "float64" });

/** A scalar that depends on every output of svd, weighted so no symmetry hides an error. */
function objective(m: number, n: number, fullMatrices: boolean): (a: NDArray) => NDArray {
  const k = Math.min(m, n);
  const wu = normal(11, fullMatrices ? [m, m] : [m, k]), ws = normal(12, [k]), wv = normal(13, fullMatrices ? [n, n] : [k, n]);
  return (a) => {
    const [u, s, vh] = np.linalg.svd(a, { fullMatrices }) as NDArray[];
    // u and vh enter quadratically (sign-invariant), s linearly and through u·diag(s)
    const us = fullMatrices ? u : np.matmul(u, np.diag(s));
    return np.add(np.add(np.sum(np.multiply(np.multiply(us, wu), u)), np.sum(np.multiply(s, ws))), np.sum(np.multiply(np.multiply(vh, wv), vh)));
  };
}

for (const [m, n, full] of [[4, 3, false], [2, 5, false], [3, 3, false], [4, 3, true], [2, 4, true]] as const) {
  test(`svd ${m}×${n} ${full ? "full" : "reduced"}: the four Hessian modes agree to 1e-12`, () => {
    const f = objective(m, n, full);
    const a = normal(m * 10 + n, [m, n]);
    const fr = jacfwd(jacrev(f))(a) as NDArray;
    const scale = np.max(np.abs(fr)).item() as number;
    assert.ok(scale > 1e-3 && Number.isFinite(scale));
    for (const [name, h] of [["rev∘rev", jacrev(jacrev(f))(a)], ["fwd∘fwd", jacfwd(jacfwd(f))(a)], ["rev∘fwd", jacrev(jacfwd(f))(a)]] as const) {
      const err = (np.max(np.abs(np.subtract(h as NDArray, fr))).item() as number) / scale;
      assert.ok(err < 1e-12, `${name} differs from fwd∘rev by ${err.toExponential(2)} (relative)`);
    }
  });
}
