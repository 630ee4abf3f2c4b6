/**
 * @file lax.customRoot and lax.customLinearSolve (jax.lax.custom_root / custom_linear_solve): solves
 * whose derivatives come from the implicit function theorem at the solution, not from differentiating
 * the solver. The function's closed-over arrays are made explicit (it is staged to a jaxpr; its consts
 * are the captured values, tracers included), so derivatives with respect to them flow through a
 * customJvp whose rule solves the tangent system.
 */
import { NDArray } from "../core/array.js";
import { TreeDef, flatten, unflatten } from "../core/pytree.js";
import { evalJaxpr } from "../ir/jaxpr.js";
import { show } from "../numpy/signature.js";
import { bind } from "../core/trace.js";
import { jvp, linearTranspose } from "../transforms/api.js";
import { customJvp, customLinP } from "../transforms/custom.js";
import { PartialEvalTracer } from "../transforms/partial_eval.js";
import { Tree, flattenArrays, traceToJaxpr } from "../transforms/flatten_fun.js";
import * as L from "./index.js";

type Fn = (...args: any[]) => any;
const fnArg = (op: string, what: string, f: unknown): Fn => {
  if (typeof f !== "function") throw new TypeError(`lax.${op}: ${what} must be a function, got ${show(f)}`);
  return f as Fn;
};

/** `f` (one pytree argument of structure `def`) staged: its captured arrays and a flat evaluator. */
function stage(op: string, what: string, f: Fn, value: Tree, def: TreeDef, leaves: NDArray[]) {
  const argsDef = flattenArrays([value], `lax.${op}`)[1]; // f takes the one pytree as its only argument
  const { closed, outDef } = traceToJaxpr(f, argsDef, leaves.map((x) => x.aval), `lax.${op}`);
  if (!outDef.equals(def)) throw new TypeError(`lax.${op}: ${what} must return the structure of its input (${def}), got ${outDef}`);
  closed.outAvals.forEach((a, i) => {
    if (!a.equals(leaves[i].aval)) throw new TypeError(`lax.${op}: ${what} output ${i} is ${a.str()}, but its input is ${leaves[i].aval.str()}`);
  });
  const consts = closed.consts as NDArray[];
  const evalFlat = (cs: NDArray[], xs: NDArray[]): NDArray[] => evalJaxpr(closed.jaxpr, [...cs, ...xs]);
  return { consts, evalFlat };
}

const tree = (def: TreeDef, xs: NDArray[]): Tree => unflatten(def, xs);
/** A user solver's result as leaves of structure `def`. */
function leavesOf(op: string, what: string, r: unknown, def: TreeDef): NDArray[] {
  const [xs, d] = flattenArrays(r as Tree, `lax.${op}`);
  if (!d.equals(def)) throw new TypeError(`lax.${op}: ${what} returned structure ${d}, expected ${def}`);
  return xs;
}

/**
 * A root x of `f` (f(x) = 0) found by `solve(f, initialGuess)`, differentiable with respect to the
 * arrays `f` closes over by the implicit function theorem: at the root, ∂f/∂x·dx = −∂f/∂θ·dθ, solved by
 * `tangentSolve(g, y)` (g the linear map v ↦ ∂f/∂x·v; it must return x with g(x) = y — for a scalar,
 * `(g, y) => np.divide(y, g(1))`). The solver itself is never differentiated (it may use whileLoop);
 * neither do the initial guess and the arrays `solve` closes over. `f` maps a pytree to one of the
 * same structure; `solve` and `tangentSolve` return that structure. With `hasAux` (as JAX's
 * `has_aux`), `solve` returns `[solution, aux]` and so does customRoot (aux without derivative).
 * @example
 * const sqrt = (a) => lax.customRoot((x) => np.subtract(np.square(x), a), np.array(1.0), newton, (g, y) => np.divide(y, g(np.array(1.0))));
 * grad(sqrt)(2.0) // 1/(2√2)
 */
export function customRoot(f: Fn, initialGuess: Tree, solve: Fn, tangentSolve: Fn, hasAux: boolean | { hasAux?: boolean } = false): Tree {
  const aux = typeof hasAux === "object" && hasAux !== null ? (hasAux.hasAux ?? false) : hasAux;
  if (typeof aux !== "boolean") throw new TypeError(`lax.customRoot: hasAux must be a boolean, got ${show(aux)}`);
  fnArg("customRoot", "f", f);
  fnArg("customRoot", "solve", solve);
  fnArg("customRoot", "tangentSolve", tangentSolve);
  const [guess, def] = flattenArrays(initialGuess, "lax.customRoot");
  const { consts, evalFlat } = stage("customRoot", "f", f, initialGuess, def, guess);
  const nc = consts.length;
  const fOf = (cs: NDArray[]) => (x: Tree): Tree => tree(def, evalFlat(cs, flatten(x)[0] as NDArray[]));
  // the solver closure-converted too: what it captures becomes explicit inputs (with no derivative);
  // with hasAux it returns [solution, aux], staged as the solution's leaves then aux's
  let auxDef: TreeDef | null = null;
  const solveFlat = (g: Tree): NDArray[] => {
    const r = solve(fOf(consts.map((c) => L.stopGradient(c))), g);
    if (!aux) return leavesOf("customRoot", "solve", r, def);
    if (!Array.isArray(r) || r.length !== 2) throw new TypeError(`lax.customRoot: with hasAux, solve must return [solution, aux], got ${show(r)}`);
    const [ax, ad] = flattenArrays(r[1] as Tree, "lax.customRoot");
    auxDef = ad;
    return [...leavesOf("customRoot", "solve", r[0], def), ...ax];
  };
  const argsDef = flattenArrays([initialGuess], "lax.customRoot")[1];
  const staged = traceToJaxpr(solveFlat, argsDef, guess.map((x) => x.aval), "lax.customRoot").closed;
  const S = { consts: staged.consts as NDArray[], evalFlat: (cs: NDArray[], xs: NDArray[]): NDArray[] => evalJaxpr(staged.jaxpr, [...cs, ...xs]) };
  const nx = guess.length, ns = S.consts.length;
  staged.outAvals.slice(0, nx).forEach((a, i) => {
    if (!a.equals(guess[i].aval)) throw new TypeError(`lax.customRoot: solve output ${i} is ${a.str()}, but the initial guess's is ${guess[i].aval.str()}`);
  });
  const root = customJvp(
    (...args: NDArray[]) => S.evalFlat(args.slice(nc, nc + ns).map((c) => L.stopGradient(c)), args.slice(nc + ns).map((g) => L.stopGradient(g))),
    (primals: Tree[], tangents: Tree[]) => {
      const ps = primals as NDArray[], ts = tangents as NDArray[];
      const cs = ps.slice(0, nc), dcs = ts.slice(0, nc);
      const out = root(...ps) as NDArray[], x = out.slice(0, nx);
      // f(x(θ), θ) = 0 ⇒ ∂f/∂x·dx = −∂f/∂θ·dθ; g(v) = ∂f/∂x·v at the root
      const df = nc === 0 ? x.map((xi) => L.zerosLike(xi)) : (jvp((...c: NDArray[]) => evalFlat(c, x), cs, dcs)[1] as NDArray[]);
      const g = (v: Tree): Tree => tree(def, jvp((...u: NDArray[]) => evalFlat(cs, u), x, flatten(v)[0] as NDArray[])[1] as NDArray[]);
      const dx = leavesOf("customRoot", "tangentSolve", tangentSolve(g, tree(def, df.map((d) => L.neg(d)))), def);
      return [out, [...dx, ...out.slice(nx).map((o) => L.zerosLike(o))]]; // aux gets no derivative
    },
  );
  const out = root(...consts, ...S.consts, ...guess) as NDArray[];
  return aux ? [tree(def, out.slice(0, nx)), unflatten(auxDef!, out.slice(nx))] : tree(def, out);
}

/** Options of `lax.customLinearSolve`. */
export interface CustomLinearSolveOptions {
  /** The operator is symmetric: `solve` also solves the transposed system (default false). */
  symmetric?: boolean;
  /**
   * `solve` returns `[x, aux]` (as JAX's `has_aux`): customLinearSolve then returns `[x, aux]`, aux
   * without derivative (e.g. an iteration count and a residual norm).
   */
  hasAux?: boolean;
}

/** `g` (a linear solver of one pytree argument) staged on the leaves of `def`: its captured arrays and a flat evaluator. */
function stageSolver(op: string, what: string, g: (r: Tree) => unknown, value: Tree, def: TreeDef, leaves: NDArray[]): ReturnType<typeof stage> {
  return stage(op, what, (r: Tree) => g(r) as Tree, value, def, leaves);
}

/**
 * x with matvec(x) = b, from `solve(matvec, b)`, differentiable by implicit differentiation as
 * jax.lax.custom_linear_solve: A·dx = db − dA·x, where dA is the derivative of `matvec` in the
 * arrays it closes over. Forward mode solves the tangent system with `solve`; reverse mode applies
 * `transposeSolve(vecmat, ct)` (vecmat: the transpose of matvec, built by linearTranspose) to the
 * cotangent — `solve` itself when `symmetric`. The solvers are never differentiated (they may use
 * whileLoop); arrays they close over get no derivative (as JAX). b and x are pytrees of one structure.
 * NB: without `transposeSolve` (and not `symmetric`), reverse mode transposes `solve`'s operations,
 * which works only if they are linear primitives (np.linalg.solve, a fixed number of CG steps), not
 * a whileLoop; JAX raises instead.
 * @example
 * const x = lax.customLinearSolve((v) => np.matmul(A, v), b, (mv, r) => np.linalg.solve(A, r), null, { symmetric: true });
 */
export function customLinearSolve(matvec: Fn, b: Tree, solve: Fn, transposeSolve?: Fn | null, opts: CustomLinearSolveOptions = {}): Tree {
  fnArg("customLinearSolve", "matvec", matvec);
  fnArg("customLinearSolve", "solve", solve);
  if (transposeSolve !== undefined && transposeSolve !== null) fnArg("customLinearSolve", "transposeSolve", transposeSolve);
  const symmetric = opts.symmetric ?? false;
  if (typeof symmetric !== "boolean") throw new TypeError(`lax.customLinearSolve: symmetric must be a boolean, got ${show(symmetric)}`);
  const aux = opts.hasAux ?? false;
  if (typeof aux !== "boolean") throw new TypeError(`lax.customLinearSolve: hasAux must be a boolean, got ${show(aux)}`);
  const solutionOf = (r: unknown): unknown => {
    if (!aux) return r;
    if (!Array.isArray(r) || r.length !== 2) throw new TypeError(`lax.customLinearSolve: with hasAux, solve must return [x, aux], got ${show(r)}`);
    return r[0];
  };
  const tsolve: Fn | null = transposeSolve ?? (symmetric ? (m: Fn, r: Tree) => solutionOf(solve(m, r)) : null);
  const [bs, def] = flattenArrays(b, "lax.customLinearSolve");
  const M = stage("customLinearSolve", "matvec", matvec, b, def, bs);
  const mv = (cs: NDArray[]) => (x: Tree): Tree => tree(def, M.evalFlat(cs, flatten(x)[0] as NDArray[]));
  const stopped = M.consts.map((c) => L.stopGradient(c));
  // the solvers closure-converted: what they capture (the operator, matvec's arrays) becomes explicit inputs;
  // with hasAux the solver is staged as the solution's leaves, then aux's
  let auxDef: TreeDef | null = null;
  const solveFlat = (r: Tree): NDArray[] => {
    const out = solve(mv(stopped), r);
    const xs = leavesOf("customLinearSolve", "solve", solutionOf(out), def);
    if (!aux) return xs;
    const [ax, ad] = flattenArrays((out as unknown[])[1] as Tree, "lax.customLinearSolve");
    auxDef = ad;
    return [...xs, ...ax];
  };
  const argsDef = flattenArrays([b], "lax.customLinearSolve")[1];
  const staged = traceToJaxpr(solveFlat, argsDef, bs.map((x) => x.aval), "lax.customLinearSolve").closed;
  staged.outAvals.slice(0, bs.length).forEach((a, i) => {
    if (!a.equals(bs[i].aval)) throw new TypeError(`lax.customLinearSolve: solve output ${i} is ${a.str()}, but b's is ${bs[i].aval.str()}`);
  });
  const S = { consts: staged.consts as NDArray[], evalFlat: (cs: NDArray[], xs: NDArray[]): NDArray[] => evalJaxpr(staged.jaxpr, [...cs, ...xs]) };
  const nb = bs.length;
  const vecmat = (v: Tree): Tree => {
    const t = linearTranspose((...u: NDArray[]) => M.evalFlat(stopped, u), ...bs) as (ct: Tree) => Tree[];
    return tree(def, t(flatten(v)[0] as NDArray[]) as unknown as NDArray[]); // one cotangent per leaf
  };
  const T = tsolve === null ? null : stageSolver("customLinearSolve", "transposeSolve", (r) => tsolve(vecmat, r), b, def, bs);
  const nm = M.consts.length, ns = S.consts.length, nt = T ? T.consts.length : 0;
  const body = customJvp(
    (...args: NDArray[]) => S.evalFlat(args.slice(nm, nm + ns).map((c) => L.stopGradient(c)), args.slice(nm + ns + nt).map((v) => L.stopGradient(v))),
    (primals: Tree[], tangents: Tree[]) => {
      const ps = primals as NDArray[], ts = tangents as NDArray[];
      const mc = ps.slice(0, nm), sc = ps.slice(nm, nm + ns), tc = ps.slice(nm + ns, nm + ns + nt);
      const out = body(...ps) as NDArray[], x = out.slice(0, nb);
      const auxZeros = out.slice(nb).map((o) => L.zerosLike(o)); // aux gets no derivative
      // A·x = b ⇒ A·dx = db − dA·x
      const dAx = nm === 0 ? null : (jvp((...c: NDArray[]) => M.evalFlat(c, x), mc, ts.slice(0, nm))[1] as NDArray[]);
      const rhs = ts.slice(nm + ns + nt).map((d, i) => (dAx ? L.sub(d, dAx[i]) : d));
      // reverse mode (the tangent is being staged for transposition): a linear map whose transpose is transposeSolve
      if (T && rhs.some((r) => r instanceof PartialEvalTracer)) {
        // transposeSolve's captured arrays travel as residuals (known values of the linearization)
        const bwd = (res: NDArray[], cts: NDArray[]) => T.evalFlat(res, cts);
        return [out, [...bind(customLinP, [...tc, ...rhs], { bwd, numRes: nt, outAvals: rhs.map((r) => r.aval) }), ...auxZeros]];
      }
      return [out, [...S.evalFlat(sc, rhs).slice(0, nb), ...auxZeros]];
    },
  );
  const out = body(...M.consts, ...S.consts, ...(T ? T.consts : []), ...bs) as NDArray[];
  return aux ? [tree(def, out.slice(0, nb)), unflatten(auxDef!, out.slice(nb))] : tree(def, out);
}
