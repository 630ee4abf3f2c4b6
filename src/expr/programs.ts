/**
 * @file What the playground and the CLI compute from a user's function of x: f and its derivatives on a
 * grid (`jit(vmap(grad∘…∘grad f))`), and the program jit compiles for a function (inlined and optimised).
 */
import { NDArray, getBackend, grad, jit, makeJaxpr, np, vmap } from "../index.js";
import type { Jaxpr } from "../index.js";
// jit's optimised program is not public API: this is what src/lower/program.ts compiles
import { optimize } from "../ir/passes.js";
import { compileProgram, inlineCalls } from "../lower/program.js";
import type { Backend } from "../backend/backend.js";

type Fn = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * `f` as a function of one number to one number: its result checked, a number made an array, an
 * integer or boolean result (a step such as `x > 0 ? 1 : 0`) cast to x's dtype (piecewise constant: f′ = 0).
 * @example scalarFunction((x) => 2)(np.array(1.5)) // an array 2 (float32)
 */
export function scalarFunction(f: Fn): (x: NDArray) => NDArray {
  return (x: NDArray) => {
    const y = f(x);
    if (typeof y === "number") return np.asarray(y);
    if (!(y instanceof NDArray)) throw new TypeError(`f(x) must be a number (an array of shape []), got ${Array.isArray(y) ? `a list of ${y.length}` : typeof y}`);
    if (y.shape.length !== 0) throw new TypeError(`f(x) must be a number (an array of shape []) for a number x, got shape [${y.shape.join(",")}]`);
    return y.dtype === "float32" || y.dtype === "float64" ? y : y.astype(x.dtype);
  };
}

/** f, grad f, grad grad f, … (orders 0 … `order`) of a scalar function. */
export function derivativeFunctions(f: Fn, order: number): ((x: NDArray) => NDArray)[] {
  if (!Number.isInteger(order) || order < 0) throw new RangeError(`derivativeFunctions: order must be an integer ≥ 0, got ${order}`);
  const fs: ((x: NDArray) => NDArray)[] = [scalarFunction(f)];
  for (let k = 1; k <= order; k++) fs.push(grad(fs[k - 1]) as (x: NDArray) => NDArray);
  return fs;
}

/**
 * f⁽ᵏ⁾ on the points `grid` for k = 0 … `order`, each as `jit(vmap(grad∘…∘grad f))(grid)`: ys[k][i] = f⁽ᵏ⁾(grid[i]).
 * @example derivativesOnGrid((x) => np.power(x, 3), np.array([1, 2], { dtype: "float64" }), 3) // [[1, 8], [3, 12], [6, 12], [6, 6]]
 */
export function derivativesOnGrid(f: Fn, grid: NDArray, order: number): number[][] {
  return derivativeFunctions(f, order).map((fk) => Array.from((jit(vmap(fk))(grid) as NDArray).data() as ArrayLike<number>, Number));
}

/** The program jit compiles for a function at some arguments. */
export interface OptimisedProgram {
  /** After inlining calls and optimisation (simplify, constant folding, CSE, DCE). */
  jaxpr: Jaxpr;
  /** Kernels and routines the program is fused into on the current backend. */
  kernels: number;
}

/**
 * The optimised program `jit(f)` runs at `args`, as the playground shows it.
 * @example String(optimisedProgram(grad(np.sin), np.array(1)).jaxpr) // "{ lambda a:f32[]. let b:f32[] = cos a in (b,) }"
 */
export function optimisedProgram(f: Fn, ...args: unknown[]): OptimisedProgram {
  const call = makeJaxpr(jit(f))(...args);
  const inner = (call.jaxpr.eqns[0]?.params as { jaxpr?: Jaxpr } | undefined)?.jaxpr;
  if (call.jaxpr.eqns.length !== 1 || !inner) throw new Error("optimisedProgram: jit(f) did not trace to one jit call");
  const opt = optimize(inlineCalls(inner));
  const program = compileProgram(opt, getBackend() as unknown as Backend);
  return { jaxpr: opt, kernels: program.steps.length };
}
