/** @file A minimisation problem in Minuit's internal coordinates: options read and checked, fcn compiled (value, AD gradient, AD Hessian) per set of fixed parameters. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { jit, valueAndGrad, hessian, grad, jvp, vmap } from "../public/transforms.js";
import { show, isPlainObject } from "../numpy/signature.js";
import { type Mat, invSpd } from "./dense.js";
import { type HessianSparsity, type Structure, structureOf, fromSeeds } from "./sparsity.js";
import { type ParamLayout, layoutOf, userParams, perParam, paramIndex, f64 } from "./params.js";
import { type Limit, externalMap, toInt, toExt, dExt } from "./transform.js";

/** Options of `fit.minimize`. */
export interface MinimizeOptions {
  /** How much fcn rises for one standard deviation: 1 for χ² (default), 0.5 for −log L. */
  errordef?: number;
  /** Per parameter `[lower, upper]` (null or ±Infinity for an open side): an array or an object by name. */
  limits?: readonly (readonly [number | null, number | null] | null | undefined)[] | Record<string, readonly [number | null, number | null] | null>;
  /** Parameters held at their start: booleans per parameter, names, or an object by name. */
  fixed?: readonly boolean[] | readonly string[] | Record<string, boolean>;
  /** MIGRAD stops when EDM < 0.002·tol·errordef (default tol 0.1). */
  tol?: number;
  /** 0: diagonal starting metric from gradient steps, no final HESSE; 1 (default): exact AD Hessian at the start and at the candidate minimum; 2: also at every iterate (Newton steps; for ill-conditioned problems). */
  strategy?: 0 | 1 | 2;
  /** Call limit (default 200 + 100·n + 5·n², n free parameters, as Minuit). */
  maxfcn?: number;
  /** Names of the parameters when x0 is an array (default x0, x1, …). */
  names?: readonly string[];
  /**
   * true (default): exact AD gradient and Hessian. false: Minuit's way without a user gradient — central
   * differences of fcn for the gradient and second differences for the Hessian (to compare with iminuit).
   * A function: a user gradient in external coordinates (receiving fcn's form, returning n numbers or an
   * array); the Hessian is then differenced from it.
   */
  grad?: boolean | ((p: any) => unknown);
}

/** Evaluation counts, shared by everything run on one problem. */
export interface Counters { nfcn: number; ngrad: number }

/** The compiled internal functions for one set of free parameters; each adds its cost to the counters. */
export interface Compiled {
  value(u: number[], c: number[], cnt: Counters): number;
  valueGrad(u: number[], c: number[], cnt: Counters): [number, number[]];
  hessian(u: number[], c: number[], cnt: Counters): Mat;
  /** H⁻¹ of a Hessian from `hessian` if it is positive definite, else null (block elimination when fcn's Hessian sparsity is known). */
  inverse(H: Mat): Mat | null;
}

/**
 * Internal extras of a problem (not part of fit.minimize's options): arrays passed to fcn after the
 * parameters (data, so that fits of new data reuse the compiled functions), and a known Hessian sparsity.
 */
export interface ProblemExtras {
  args?: readonly NDArray[];
  sparsity?: HessianSparsity;
}

/** A checked minimisation problem. */
export interface Problem {
  fn: string;
  layout: ParamLayout;
  limits: Limit[];
  fixed: boolean[];
  errordef: number;
  tol: number;
  strategy: 0 | 1 | 2;
  maxfcn: number | undefined;
  compile(free: boolean[]): Compiled;
  /** Internal values of the free parameters from external values. */
  toInternal(ext: number[], free: boolean[]): number[];
  /** External values (all parameters) from internal free values and constants. */
  toExternal(u: number[], c: number[], free: boolean[]): number[];
  /** d ext/d int of the free parameters. */
  jacobian(u: number[], free: boolean[]): number[];
}

const toNum = (x: NDArray) => Number(x.item());

/** Read and check the options of `fit.minimize` and compile fcn lazily. */
export function makeProblem(fn: string, fcn: unknown, x0: unknown, opts: MinimizeOptions, extras: ProblemExtras = {}): Problem {
  if (typeof fcn !== "function") throw new TypeError(`${fn}: fcn must be a function of the parameters returning a scalar, got ${show(fcn)}`);
  const layout = layoutOf(fn, x0, "x0", opts.names);
  const n = layout.x0.length;
  const errordef = opts.errordef ?? 1;
  if (typeof errordef !== "number" || !(errordef > 0) || !Number.isFinite(errordef)) throw new RangeError(`${fn}: errordef must be a finite number > 0 (1 for χ², 0.5 for −log L), got ${show(errordef)}`);
  const tol = opts.tol ?? 0.1;
  if (typeof tol !== "number" || !(tol > 0) || !Number.isFinite(tol)) throw new RangeError(`${fn}: tol must be a finite number > 0, got ${show(tol)}`);
  const strategy = opts.strategy ?? 1;
  if (strategy !== 0 && strategy !== 1 && strategy !== 2) throw new RangeError(`${fn}: strategy must be 0, 1 or 2, got ${show(strategy)}`);
  if (opts.maxfcn !== undefined && (typeof opts.maxfcn !== "number" || !Number.isInteger(opts.maxfcn) || opts.maxfcn < 1)) throw new RangeError(`${fn}: maxfcn must be an integer ≥ 1, got ${show(opts.maxfcn)}`);
  if (opts.grad !== undefined && typeof opts.grad !== "boolean" && typeof opts.grad !== "function") throw new TypeError(`${fn}: grad must be true, false or a gradient function, got ${show(opts.grad)}`);
  const limits = perParam<Limit>(fn, layout, opts.limits, "limits", { lower: -Infinity, upper: Infinity }, (v, name) => {
    if (!Array.isArray(v) || v.length !== 2) throw new TypeError(`${fn}: limits for ${name} must be [lower, upper] (null for an open side), got ${show(v)}`);
    const lo = v[0] === null || v[0] === undefined ? -Infinity : v[0], hi = v[1] === null || v[1] === undefined ? Infinity : v[1];
    if (typeof lo !== "number" || typeof hi !== "number" || Number.isNaN(lo) || Number.isNaN(hi)) throw new TypeError(`${fn}: limits for ${name} must be numbers or null, got ${show(v)}`);
    if (!(lo < hi)) throw new RangeError(`${fn}: limits for ${name}: lower ${lo} must be below upper ${hi}`);
    return { lower: lo, upper: hi };
  });
  let fixed: boolean[];
  if (Array.isArray(opts.fixed) && opts.fixed.length > 0 && opts.fixed.every((v) => typeof v === "string")) {
    fixed = layout.names.map(() => false);
    for (const k of opts.fixed as string[]) fixed[paramIndex(fn, layout, k, "fixed")] = true;
  } else fixed = perParam(fn, layout, opts.fixed, "fixed", false, (v, name) => {
    if (typeof v !== "boolean") throw new TypeError(`${fn}: fixed for ${name} must be a boolean, got ${show(v)}`);
    return v;
  });
  // compiled functions are shared by every fit of the same fcn (and layout, limits, free set): a second
  // fit — a refit, a Minos profile, a toy study, a benchmark — traces and compiles nothing again
  const cache = typeof opts.grad === "function" ? new Map<string, Fns>() : cacheOf(fcn as object);
  // the extra arguments (data) are arguments of the compiled functions, not constants: a fit of new data
  // of the same shape reuses them; the problem binds its own arrays
  const args = extras.args ?? [];
  const sp = extras.sparsity;
  const base = JSON.stringify([fn, layout.names, layout.named, limits.map((l) => [String(l.lower), String(l.upper)]), opts.grad === false, args.map((a) => [a.shape, a.dtype]), sp ? sp.cells : null]);
  const compiledCache = new Map<string, Compiled>();
  const compile = (free: boolean[]): Compiled => {
    const key = `${base}|${free.map((f) => (f ? 1 : 0)).join("")}`;
    const mine = compiledCache.get(key);
    if (mine) return mine;
    const fns = compileFns(key, free);
    const cArr = fns.constants();
    const nFree = free.filter(Boolean).length;
    const value = (u: number[], c: number[], cnt: Counters) => { cnt.nfcn++; return toNum(fns.val(f64(u), cArr(c), ...args)); };
    let compiled: Compiled = {
      value,
      valueGrad: (u, c, cnt) => {
        cnt.nfcn++;
        cnt.ngrad++;
        const [v, g] = fns.vg(f64(u), cArr(c), ...args) as [NDArray, NDArray];
        return [toNum(v), Array.from(g.data() as Float64Array)];
      },
      hessian: (u, c, cnt) => {
        cnt.nfcn++;
        const st = fns.structure;
        if (st && !st.broken) {
          // a few Hessian-vector products (seeds of a colouring) instead of n; the last seed checks them
          cnt.ngrad += st.nSeeds;
          const HV = fns.hvps(f64(u), cArr(c), st.seeds, ...args).data() as Float64Array;
          const H = fromSeeds(st, HV, nFree);
          if (H) return H;
          st.broken = true; // a coupling the sparsity did not declare: the full Hessian from now on
        }
        cnt.ngrad += nFree;
        const h = (fns.hs(f64(u), cArr(c), ...args) as NDArray).data() as Float64Array;
        return Array.from({ length: nFree }, (_, i) => Array.from(h.subarray(i * nFree, (i + 1) * nFree)));
      },
      inverse: (H) => fns.inverse(H),
    };
    compiled = finishCompiled(compiled, value, free, nFree);
    compiledCache.set(key, compiled);
    return compiled;
  };
  /** The jit-compiled functions of fcn for one free set, shared by every problem of the same fcn. */
  const compileFns = (key: string, free: boolean[]): Fns => {
    const hit = cache.get(key);
    if (hit) return hit;
    const ext = externalMap(limits, free);
    const F = (u: NDArray, c: NDArray, ...a: NDArray[]): NDArray => {
      const out = (fcn as (p: unknown, ...a: unknown[]) => unknown)(userParams(layout, ext(u, c)), ...a);
      if (!(out instanceof NDArray) && typeof out !== "number") throw new TypeError(`${fn}: fcn must return a scalar NDArray, got ${show(out)}`);
      const o = out instanceof NDArray ? out : np.array(out);
      if (o.size !== 1) throw new RangeError(`${fn}: fcn must return a scalar, got shape [${o.shape}]`);
      return np.reshape(o, []).astype("float64");
    };
    const val = jit(F), vg = jit(valueAndGrad(F)), hs = jit(hessian(F));
    const idx = free.flatMap((f, i) => (f ? [i] : []));
    const gF = grad(F);
    // Hessian-vector products of the seed rows V: jvp of the gradient (forward over reverse), vmapped
    const hvps = jit((u: NDArray, c: NDArray, V: NDArray, ...a: NDArray[]) => vmap((v: NDArray) => (jvp((x: NDArray) => gF(x, c, ...a), [u], [v]) as [NDArray, NDArray])[1])(V));
    const structure = sp && typeof opts.grad !== "function" && opts.grad !== false ? structureOf(sp.cells, idx) : null;
    const fns: Fns = {
      val, vg, hs, hvps, structure,
      inverse: (H) => (structure ? structure.invert(H) : invSpd(H)),
      // the constants (fixed parameters) stay the same array through a minimisation: upload them once
      constants: () => {
        let lastC: number[] | null = null, lastCArr: NDArray | null = null;
        return (c: number[]) => (c === lastC ? lastCArr! : ((lastC = c), (lastCArr = f64(c))));
      },
    };
    cache.set(key, fns);
    return fns;
  };
  /** The finite-difference and user-gradient variants. */
  const finishCompiled = (compiled: Compiled, value: Compiled["value"], free: boolean[], nFree: number): Compiled => {
    const idx = free.flatMap((f, i) => (f ? [i] : []));
    const step = (x: number, p: number) => p * Math.max(1, Math.abs(x));
    if (opts.grad === false) {
      // central differences, h = ε^(1/3)·max(1, |u|); second differences, h = ε^(1/4)·max(1, |u|)
      const at = (u: number[], i: number, d: number, j = -1, e = 0) => u.map((x, k) => x + (k === i ? d : 0) + (k === j ? e : 0));
      compiled = {
        value,
        valueGrad: (u, c, cnt) => {
          const f0 = value(u, c, cnt);
          return [f0, u.map((x, i) => { const h = step(x, 6e-6); return (value(at(u, i, h), c, cnt) - value(at(u, i, -h), c, cnt)) / (2 * h); })];
        },
        hessian: (u, c, cnt) => {
          const f0 = value(u, c, cnt), h = u.map((x) => step(x, 1.2e-4));
          const H = u.map(() => u.map(() => 0));
          for (let i = 0; i < nFree; i++) {
            H[i][i] = (value(at(u, i, h[i]), c, cnt) - 2 * f0 + value(at(u, i, -h[i]), c, cnt)) / (h[i] * h[i]);
            for (let j = 0; j < i; j++) {
              const s = value(at(u, i, h[i], j, h[j]), c, cnt) - value(at(u, i, h[i], j, -h[j]), c, cnt) - value(at(u, i, -h[i], j, h[j]), c, cnt) + value(at(u, i, -h[i], j, -h[j]), c, cnt);
              H[i][j] = H[j][i] = s / (4 * h[i] * h[j]);
            }
          }
          return H;
        },
        inverse: invSpd,
      };
    } else if (typeof opts.grad === "function") {
      const user = opts.grad as (p: unknown) => unknown;
      const gradInt = (u: number[], c: number[], cnt: Counters): number[] => {
        cnt.ngrad++;
        const e = c.slice();
        idx.forEach((i, k) => { e[i] = toExt(limits[i], u[k]); });
        const out = user(userParams(layout, f64(e)));
        const ge = out instanceof NDArray ? Array.from(out.data() as ArrayLike<number>, Number) : Array.isArray(out) ? out : null;
        if (!ge || ge.length !== n || ge.some((v) => typeof v !== "number")) throw new TypeError(`${fn}: grad must return ${n} numbers (an array or NDArray), got ${show(out)}`);
        return idx.map((i, k) => ge[i] * dExt(limits[i], u[k]));
      };
      compiled = {
        value,
        valueGrad: (u, c, cnt) => [value(u, c, cnt), gradInt(u, c, cnt)],
        hessian: (u, c, cnt) => {
          const H = u.map((x, i) => {
            const h = step(x, 6e-6), up = u.slice(), dn = u.slice();
            up[i] += h;
            dn[i] -= h;
            const a = gradInt(up, c, cnt), b = gradInt(dn, c, cnt);
            return a.map((v, j) => (v - b[j]) / (2 * h));
          });
          return H.map((r, i) => r.map((v, j) => (v + H[j][i]) / 2));
        },
        inverse: invSpd,
      };
    }
    return compiled;
  };
  const freeIdx = (free: boolean[]) => free.flatMap((f, i) => (f ? [i] : []));
  return {
    fn, layout, limits, fixed, errordef, tol, strategy, maxfcn: opts.maxfcn, compile,
    toInternal: (e, free) => freeIdx(free).map((i) => toInt(limits[i], e[i])),
    toExternal: (u, c, free) => {
      const out = c.slice();
      freeIdx(free).forEach((i, k) => { out[i] = toExt(limits[i], u[k]); });
      return out;
    },
    jacobian: (u, free) => freeIdx(free).map((i, k) => dExt(limits[i], u[k])),
  };
}

/** The jit-compiled functions of fcn for one free set. */
interface Fns {
  val: (...a: NDArray[]) => NDArray;
  vg: (...a: NDArray[]) => unknown;
  hs: (...a: NDArray[]) => unknown;
  hvps: (...a: NDArray[]) => NDArray;
  structure: Structure | null;
  inverse(H: Mat): Mat | null;
  constants(): (c: number[]) => NDArray;
}

const compiledByFcn = new WeakMap<object, Map<string, Fns>>();
/** The compiled functions of one fcn, by layout, limits and free set (freed with fcn). */
function cacheOf(fcn: object): Map<string, Fns> {
  let m = compiledByFcn.get(fcn);
  if (!m) compiledByFcn.set(fcn, (m = new Map()));
  return m;
}

/** Minuit's default call limit for n free parameters: 200 + 100·n + 5·n². */
export const defaultMaxfcn = (n: number) => 200 + 100 * n + 5 * n * n;
export { isPlainObject };
