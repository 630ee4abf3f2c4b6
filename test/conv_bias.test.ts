/**
 * @file The conv layers' bias add (src/nn/layers/conv_bias.ts: the bias tangent as ones·db, so its
 * transpose is a matrix product): the same values and derivatives as np.add — grad, jvp (forward mode),
 * jacfwd, vmap and jit — float32 and float64, conv and convTranspose; checkGrads in float64.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, grad, jacfwd, jit, jvp, nn, np, numeric, random, vmap } from "../src/index.js";
import { convBiasTuning } from "../src/nn/layers/conv_bias.js";
import { close } from "./util.js";

/** f evaluated with the matmul-form bias add on and off. */
function both<T>(f: () => T): [T, T] {
  const saved = convBiasTuning.matmulGrad;
  try {
    convBiasTuning.matmulGrad = true;
    const on = f();
    convBiasTuning.matmulGrad = false;
    return [on, f()];
  } finally {
    convBiasTuning.matmulGrad = saved;
  }
}
const arr = (a: NDArray) => Array.from(a.data() as Float64Array);

test("conv and convTranspose: the bias add gives np.add's values and gradients (grad, jit, vmap; float32 and float64)", () => {
  const [k0, k1, k2] = [...random.split(random.key(3), 3)] as NDArray[];
  for (const dtype of ["float32", "float64"] as const)
    for (const layer of [nn.conv(5, [3, 3], { dtype }), nn.convTranspose(4, [2, 2], { strides: [2, 2], dtype })]) {
      const x = random.normal(k0, [3, 6, 5, 2], { dtype });
      const params = layer.init(k1, x.shape) as { kernel: NDArray; bias: NDArray };
      params.bias = random.normal(k2, params.bias.shape, { dtype });
      const w = random.normal(k2, layer.outputShape(x.shape), { dtype });
      const loss = (p: typeof params, z: NDArray) => np.sum(np.multiply(np.tanh(layer.apply(p, z)), w));
      const [on, off] = both(() => {
        const g = grad(loss, { argnums: [0, 1] })(params, x) as [typeof params, NDArray];
        const gj = jit(grad(loss, { argnums: [0, 1] }))(params, x) as [typeof params, NDArray];
        const one = (p: typeof params, z: NDArray, wi: NDArray) => np.sum(np.multiply(np.tanh(layer.apply(p, z.reshape([1, ...z.shape]))), wi));
        const gv = vmap(grad(one), { inAxes: [null, 0, 0] })(params, x, w) as typeof params;
        return [layer.apply(params, x), g[0].bias, g[0].kernel, g[1], gj[0].bias, gv.bias].map(arr);
      });
      const tol = dtype === "float32" ? 1e-5 : 1e-12;
      on.forEach((a, i) => close(np.array(a, { dtype: "float64" }), off[i], tol));
      assert.deepEqual(on[0], off[0]); // the forward pass is the same np.add
      // vmap over the batch: per-example bias gradients sum to the batch's
      const perExample = np.array(on[5], { dtype: "float64" }).reshape([3, -1]);
      close(np.sum(perExample, 0), on[1], tol * 10);
    }
});

test("forward mode through the bias: jvp and jacfwd agree with np.add (the tangent ones·db)", () => {
  const layer = nn.conv(3, [2, 2], { dtype: "float64" });
  const x = random.normal(random.key(1), [2, 4, 4, 2], { dtype: "float64" });
  const params = layer.init(random.key(2), x.shape) as { kernel: NDArray; bias: NDArray };
  const db = np.array([0.5, -1, 2], { dtype: "float64" });
  const [on, off] = both(() => {
    const [y, dy] = jvp((b: NDArray) => layer.apply({ ...params, bias: b }, x), [params.bias], [db]);
    const J = jacfwd((b: NDArray) => np.sum(layer.apply({ ...params, bias: b }, x), [0, 1, 2]))(params.bias);
    return [y, dy, J].map(arr);
  });
  on.forEach((a, i) => close(np.array(a, { dtype: "float64" }), off[i], 1e-13));
  // d/db of the sum over 2·4·4 positions ("SAME") of (y + b): 32 · I
  close(np.array(on[2], { dtype: "float64" }), [32, 0, 0, 0, 32, 0, 0, 0, 32], 1e-13);
});

test("checkGrads (float64): conv with bias, both modes, w.r.t. input, kernel and bias", () => {
  const layer = nn.conv(2, [3, 3], { dtype: "float64", padding: "VALID" });
  const x = random.normal(random.key(4), [2, 5, 4, 3], { dtype: "float64" });
  const params = layer.init(random.key(5), x.shape) as { kernel: NDArray; bias: NDArray };
  numeric.checkGrads((k: NDArray, b: NDArray, z: NDArray) => np.sin(layer.apply({ kernel: k, bias: b }, z)), [params.kernel, np.array([0.3, -0.2], { dtype: "float64" }), x], { order: 2 });
});
