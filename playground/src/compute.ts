/**
 * @file What the playground's panels show, computed with the library and returned as plain numbers
 * and strings (no DOM here, so Node can run it too): derivatives on a grid, the jaxprs of grad(f)
 * and of jit's optimised program, a Jacobian by JVP columns and by VJP rows (timed per pass), and
 * finite differences against AD.
 */
import { NDArray, grad, linearize, makeJaxpr, np, numeric, vjp } from "../../src/index.js";
import { derivativeFunctions, derivativesOnGrid, optimisedProgram, scalarFunction } from "../../src/expr/programs.js";

export { scalarFunction };
type Fn = (...args: unknown[]) => unknown;
const f64 = (v: number | number[]) => np.array(v, { dtype: "float64" });

/** f, f′, f″, f‴ on the grid `xs` (each `jit(vmap(grad∘…∘grad f))`) and at the point x0, in float64. */
export interface Derivatives {
  xs: number[];
  /** ys[k][i] = f⁽ᵏ⁾(xs[i]), k = 0 … 3. */
  ys: number[][];
  /** f⁽ᵏ⁾(x0), k = 0 … 3. */
  at: number[];
  /** Milliseconds to trace, compile and run the four grid evaluations. */
  ms: number;
}

/**
 * f and its first three derivatives on `num` points of [lo, hi] and at x0.
 * @example derivatives((x) => np.power(x, 3), -2, 2, 5, 1).at // [1, 3, 6, 6]
 */
export function derivatives(f: Fn, lo: number, hi: number, num: number, x0: number): Derivatives {
  const t0 = performance.now();
  const grid = np.linspace(lo, hi, num, { dtype: "float64" });
  const ys = derivativesOnGrid(f, grid, 3);
  const at = derivativeFunctions(f, 3).map((fk) => fk(f64(x0)).item() as number);
  return { xs: Array.from(grid.data() as Float64Array), ys, at, ms: performance.now() - t0 };
}

/** The printed programs of grad(f) at x0. */
export interface Programs {
  grad: string;
  gradEqns: number;
  /** jit(grad(f))'s program after inlining and optimisation (simplify, constant folding, CSE, DCE). */
  optimised: string;
  optimisedEqns: number;
  /** Kernels and routines the optimised program is fused into on the current backend. */
  kernels: number;
}

/**
 * The jaxpr of grad(f), and of the program jit compiles for it.
 * @example programs((x) => np.sin(x), 1).grad // "{ lambda a:f64[]. let b:f64[] = cos a … }"
 */
export function programs(f: Fn, x0: number): Programs {
  const g = grad(scalarFunction(f));
  const traced = makeJaxpr(g)(f64(x0));
  const { jaxpr: opt, kernels } = optimisedProgram(g, f64(x0));
  return { grad: String(traced), gradEqns: traced.eqns.length, optimised: String(opt), optimisedEqns: opt.eqns.length, kernels };
}

/** A Jacobian built by passes: columns by JVPs (one per input), rows by VJPs (one per output). */
export interface JacobianPasses {
  value: number[];
  /** By columns (JVPs of the linearized function): jacobian[i][j] = ∂fᵢ/∂xⱼ. */
  byColumns: number[][];
  byRows: number[][];
  /** Milliseconds of each JVP pass (n) and each VJP pass (m), and of linearize / vjp themselves. */
  columnMs: number[];
  rowMs: number[];
  linearizeMs: number;
  vjpMs: number;
}

/** A function's output as a vector: an array of shape [m], or a list of numbers / scalar arrays stacked. */
export function vectorFunction(f: Fn): (x: NDArray) => NDArray {
  return (x: NDArray) => {
    let y = f(x);
    if (Array.isArray(y)) y = np.stack(y.map((v) => np.asarray(v as number)));
    if (typeof y === "number") y = np.asarray(y);
    if (!(y instanceof NDArray)) throw new TypeError(`F(x) must be a vector (an array, or a list of numbers), got ${typeof y}`);
    if (y.shape.length > 1) throw new TypeError(`F(x) must be a vector (one axis), got shape [${y.shape.join(",")}]`);
    return y.shape.length === 0 ? np.reshape(y, [1]) : y;
  };
}

const basis = (n: number, i: number) => f64(Array.from({ length: n }, (_, k) => (k === i ? 1 : 0)));
const rowsOf = (a: NDArray) => a.toArray() as number[];

/**
 * The Jacobian of F: ℝⁿ → ℝᵐ at x0, column by column (n JVPs) and row by row (m VJPs), each pass timed.
 * @example jacobianPasses((v) => [v[0] * v[1], v[1] ** 3], [2, 3]).byRows // [[3, 2], [0, 27]]
 */
export function jacobianPasses(f: Fn, x0: number[]): JacobianPasses {
  if (!Array.isArray(x0) || x0.length === 0 || x0.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw new TypeError(`the point must be a non-empty list of finite numbers, got ${JSON.stringify(x0)}`);
  }
  const F = vectorFunction(f), x = f64(x0), n = x0.length;
  let t = performance.now();
  const [y, fJvp] = linearize(F, x) as unknown as [NDArray, (v: NDArray) => NDArray];
  const linearizeMs = performance.now() - t;
  const m = y.shape[0];
  const columnMs: number[] = [], cols: number[][] = [];
  for (let j = 0; j < n; j++) {
    t = performance.now();
    const c = rowsOf(fJvp(basis(n, j)));
    columnMs.push(performance.now() - t);
    cols.push(c);
  }
  t = performance.now();
  const [, back] = vjp(F, x) as unknown as [NDArray, (u: NDArray) => NDArray[]];
  const vjpMs = performance.now() - t;
  const rowMs: number[] = [], byRows: number[][] = [];
  for (let i = 0; i < m; i++) {
    t = performance.now();
    const r = rowsOf(back(basis(m, i))[0]);
    rowMs.push(performance.now() - t);
    byRows.push(r);
  }
  const byColumns = Array.from({ length: m }, (_, i) => cols.map((c) => c[i]));
  return { value: rowsOf(y), byColumns, byRows, columnMs, rowMs, linearizeMs, vjpMs };
}

/** Errors of difference quotients against AD, per step h. */
export interface FiniteDifferences {
  hs: number[];
  forward: number[];
  central: number[];
  /** f′(x0) by AD in float64: the reference. */
  ad: number;
  /** |AD in float32 − AD in float64|, and float64's rounding level ε·|f′(x0)|. */
  ad32Error: number;
  ad64Rounding: number;
}

/**
 * |(f(x+h) − f(x))/h − f′(x)| and |(f(x+h) − f(x−h))/2h − f′(x)| for h = 10⁻¹ … 10⁻¹⁵, f′ by AD (float64).
 * @example finiteDifferences((x) => np.sin(x), 1).central[3] // ≈ 1e-9 (h = 10^-2.5)
 */
export function finiteDifferences(f: Fn, x0: number): FiniteDifferences {
  const g = scalarFunction(f);
  const fNum = (x: number) => g(f64(x)).item() as number;
  const ad = grad(g)(f64(x0)).item() as number;
  const ad32 = grad(g)(np.array(x0, { dtype: "float32" })).item() as number;
  const hs = Array.from({ length: 29 }, (_, i) => 10 ** (-1 - i / 2));
  return {
    hs,
    forward: hs.map((h) => Math.abs(numeric.forwardDifference(fNum, x0, h) - ad)),
    central: hs.map((h) => Math.abs(numeric.centralDifference(fNum, x0, h) - ad)),
    ad,
    ad32Error: Math.abs(ad32 - ad),
    ad64Rounding: Number.EPSILON * Math.max(Math.abs(ad), Number.MIN_VALUE),
  };
}
