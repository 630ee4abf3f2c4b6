/**
 * @file The gallery's examples from the lecture, computed with the library: the seed's
 * g(x, y) = [x·y, y³] with its JVPs and VJP, the nested quadratic whose symbolic derivative swells
 * while the AD program grows linearly, and a small network trained with Adam on a 1-D regression.
 */
import { NDArray, grad, jit, jvp, makeJaxpr, nn, np, optim, random, valueAndGrad, vjp } from "../../src/index.js";

/** The seed example at (x, y) = (2, 3). */
export interface Seed {
  value: number[];
  /** J·(1, 0) and J·(0, 1): the columns, one JVP each. */
  columns: number[][];
  /** J·(1.2, 3.4). */
  jvp: number[];
  /** (4, 5)·J. */
  vjp: number[];
}

const g = (x: NDArray, y: NDArray) => [np.multiply(x, y), np.power(y, 3)];
const f64 = (a: number, b: number): [NDArray, NDArray] => [np.array(a, { dtype: "float64" }), np.array(b, { dtype: "float64" })];
const nums = (a: unknown) => (a as NDArray[]).map((v) => v.item() as number);

/**
 * g(x, y) = [x·y, y³] at (2, 3): its value, JVPs and a VJP.
 * @example seed().vjp // [12, 143]
 */
export function seed(): Seed {
  const [value, t] = jvp(g, f64(2, 3), f64(1.2, 3.4));
  const columns = [[1, 0], [0, 1]].map((d) => nums(jvp(g, f64(2, 3), f64(d[0], d[1]))[1]));
  const [, back] = vjp(g, ...f64(2, 3));
  return { value: nums(value), columns, jvp: nums(t), vjp: nums(back(f64(4, 5))) };
}

/** Sizes of the derivative of q∘…∘q (depth d) for q(u) = u² + 3u + 4. */
export interface SwellRow {
  depth: number;
  /** Equations in the jaxpr of grad(f): the AD program. */
  adEqns: number;
  /** Terms of f′ written as an expanded polynomial (degree 2^d − 1: one per power). */
  expandedTerms: number;
  /** Nodes of f′ as an expression tree without shared subexpressions (symbolic differentiation). */
  treeNodes: number;
}

const quad = (u: NDArray) => np.add(np.add(np.multiply(u, u), np.multiply(3, u)), 4);

/**
 * For depth 1 … maxDepth: the AD program's size against the symbolic derivative's.
 * @example swell(3).map((r) => r.expandedTerms) // [2, 4, 8]
 */
export function swell(maxDepth: number): SwellRow[] {
  const rows: SwellRow[] = [];
  let coef: bigint[] = [0n, 1n]; // the polynomial f(x) = x, by coefficients
  // tree sizes without sharing: q(u) = u·u + 3·u + 4 has 4 operators, 2 constants and u three times,
  // |q(u)| = 3|u| + 6; its derivative du·u + u·du + 3·du has 5 operators, 1 constant, du three times
  // and u twice: 3|du| + 2|u| + 6 nodes
  let u = 1, du = 1;
  for (let d = 1; d <= maxDepth; d++) {
    const sq = new Array<bigint>(2 * coef.length - 1).fill(0n);
    for (let i = 0; i < coef.length; i++) for (let j = 0; j < coef.length; j++) sq[i + j] += coef[i] * coef[j];
    coef = sq.map((c, k) => c + 3n * (coef[k] ?? 0n) + (k === 0 ? 4n : 0n));
    du = 3 * du + 2 * u + 6;
    u = 3 * u + 6;
    const f = (x: NDArray) => {
      let y = x;
      for (let k = 0; k < d; k++) y = quad(y);
      return y;
    };
    const adEqns = makeJaxpr(grad(f))(1.0).eqns.length;
    rows.push({ depth: d, adEqns, expandedTerms: coef.slice(1).filter((c) => c !== 0n).length, treeNodes: du });
  }
  return rows;
}

/** A training run: the loss per step and the fitted curve. */
export interface Training {
  losses: number[];
  xs: number[];
  targets: number[];
  fitted: number[];
  ms: number;
}

/**
 * A 1-32-32-1 tanh MLP fitted by full-batch Adam (learning rate 0.01) to y = sin(3x) + noise on [−1, 1].
 * @example train(300).losses.at(-1) // < 0.02
 */
export function train(steps: number, seedValue = 0): Training {
  const t0 = performance.now();
  const [kData, kInit] = random.split(random.key(seedValue), 2);
  const x = np.reshape(np.linspace(-1, 1, 64), [64, 1]);
  const y = np.add(np.sin(np.multiply(3, x)), np.multiply(0.05, random.normal(kData, [64, 1])));
  const net = nn.mlp([32, 32, 1], { activation: np.tanh });
  type P = ReturnType<typeof net.init>;
  const loss = (p: P) => np.mean(np.square(np.subtract(net.apply(p, x), y)));
  const opt = optim.adam(0.01);
  const step = jit((p: P, s: unknown) => {
    const [l, gr] = valueAndGrad(loss)(p);
    const [upd, s2] = opt.update(gr, s as never, p);
    return [optim.applyUpdates(p, upd), s2, l] as [P, unknown, NDArray];
  });
  let params = net.init(kInit, [64, 1]);
  let state: unknown = opt.init(params);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    let l: NDArray;
    [params, state, l] = step(params, state);
    losses.push(l.item() as number);
  }
  const flat = (a: NDArray) => Array.from(a.data() as ArrayLike<number>, Number);
  return { losses, xs: flat(x), targets: flat(y), fitted: flat(net.apply(params, x)), ms: performance.now() - t0 };
}
