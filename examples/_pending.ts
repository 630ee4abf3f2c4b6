/**
 * @file TEMPORARY stand-ins for issue 11's `nn.mlp`, `optim.adam`/`optim.applyUpdates` and `data.twoMoons`,
 * which other branches are writing: the examples import `nn`, `optim` and `data` from here so that the
 * merge only changes their one import line (to `../src/index.js`) and deletes this file.
 * Each follows the agreed contract (src/nn/layer.ts; Optax's formulas; sklearn's make_moons) and no more.
 */
import { NDArray, np, random, tree, nn as coreNn } from "../src/index.js";
import type { Layer } from "../src/nn/layer.js";
import type { Shape } from "../src/core/aval.js";

type Dense = { kernel: NDArray; bias: NDArray };

/** An MLP: dense layers (Flax's lecun_normal kernels, zero biases) with `activation` between them. */
function mlp(features: number[], opts: { activation?: (x: NDArray) => NDArray } = {}): Layer<Dense[]> {
  const act = opts.activation ?? coreNn.relu;
  const apply = (params: Dense[], x: NDArray) =>
    params.reduce((h, { kernel, bias }, i) => {
      const y = np.matmul(h, kernel).add(bias);
      return i < params.length - 1 ? act(y) : y;
    }, x);
  return {
    name: `mlp([${features}])`,
    init(key: NDArray, inputShape: Shape) {
      const keys = random.split(key, features.length);
      return features.map((f, i) => {
        const fanIn = i === 0 ? inputShape[inputShape.length - 1] : features[i - 1];
        // lecun_normal: a truncated normal on [−2, 2] rescaled to variance 1/fanIn
        const kernel = random.truncatedNormal(keys.get(i), -2, 2, [fanIn, f]).mul(Math.sqrt(1 / fanIn) / 0.8796256610342398);
        return { kernel, bias: np.zeros([f], { dtype: kernel.dtype }) };
      });
    },
    initState: () => null,
    outputShape: (s: Shape) => [...s.slice(0, -1), features[features.length - 1]],
    apply,
    applyWithState: (params: Dense[], state: null, x: NDArray) => [apply(params, x), state],
  };
}

type Tree = any;
/** Adam with Optax's formulas: m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), update = −lr·m̂/(√v̂ + ε). */
function adam(lr: number, opts: { b1?: number; b2?: number; eps?: number } = {}) {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8 } = opts;
  return {
    init: (params: Tree) => ({ count: np.array(0, { dtype: "int32" }), mu: tree.map(np.zerosLike, params), nu: tree.map(np.zerosLike, params) }),
    update(grads: Tree, state: { count: NDArray; mu: Tree; nu: Tree }, _params?: Tree): [Tree, { count: NDArray; mu: Tree; nu: Tree }] {
      const count = state.count.add(1);
      const t = count.astype("float32");
      const mu = tree.map((m: NDArray, g: NDArray) => m.mul(b1).add(g.mul(1 - b1)), state.mu, grads);
      const nu = tree.map((v: NDArray, g: NDArray) => v.mul(b2).add(g.mul(g).mul(1 - b2)), state.nu, grads);
      const c1 = np.subtract(1, np.power(b1, t)), c2 = np.subtract(1, np.power(b2, t));
      const updates = tree.map((m: NDArray, v: NDArray) => m.div(c1.astype(m.dtype)).div(np.sqrt(v.div(c2.astype(v.dtype))).add(eps)).mul(-lr), mu, nu);
      return [updates, { count, mu, nu }];
    },
  };
}
const applyUpdates = (params: Tree, updates: Tree): Tree => tree.map((p: NDArray, u: NDArray) => p.add(u).astype(p.dtype), params, updates);

/** Two interleaving half circles as sklearn's make_moons (label 0 outer, 1 inner), shuffled, with Gaussian noise. */
function twoMoons(key: NDArray, n: number, opts: { noise?: number; dtype?: "float32" | "float64" } = {}): { x: NDArray; y: NDArray } {
  const { noise = 0, dtype = "float32" } = opts;
  const nOut = Math.floor(n / 2), nIn = n - nOut;
  const tOut = np.linspace(0, Math.PI, nOut, { dtype }), tIn = np.linspace(0, Math.PI, nIn, { dtype });
  const outer = np.stack([np.cos(tOut), np.sin(tOut)], 1);
  const inner = np.stack([np.subtract(1, np.cos(tIn)), np.subtract(0.5, np.sin(tIn))], 1);
  const [kPerm, kNoise] = random.split(key);
  const perm = random.permutation(kPerm, n);
  const x = np.concatenate([outer, inner]).add(random.normal(kNoise, [n, 2], { dtype }).mul(noise));
  const y = np.concatenate([np.zeros([nOut], { dtype: "int32" }), np.ones([nIn], { dtype: "int32" })]);
  return { x: np.take(x, perm, 0), y: np.take(y, perm, 0) };
}

export const nn = { ...coreNn, mlp };
export const optim = { adam, applyUpdates };
export const data = { twoMoons };
