/**
 * @file checkGrads: test a function's forward- and reverse-mode derivatives against float64 finite
 * differences along seeded random directions, and recursively the derivative functions themselves.
 */
import { NDArray } from "../core/array.js";
import { FloatDType, isComplex, isInexact } from "../core/dtype.js";
import { flatten, unflatten } from "../core/pytree.js";
import { convert } from "../lax/index.js";
import { Tree, jvp, leafToArray, vjp } from "../transforms/api.js";
import { DEFAULT_EPS, DEFAULT_LEVELS, centralVec, concatValues, fromValues, richardson, toFloat64Values } from "./finite.js";

export type GradMode = "fwd" | "rev";

export interface CheckGradsOptions {
  /** Check derivatives up to this order (2 also checks the derivative functions themselves). Default 2. */
  order?: number;
  /** "fwd" checks jvp, "rev" checks vjp (and, with "fwd", the identity ⟨vjp(c), t⟩ = ⟨c, jvp(t)⟩). Default both. */
  modes?: GradMode[];
  /** Absolute tolerance (default by dtype: 1e-6 for float64, 2e-3 when any input or output is float32). */
  atol?: number;
  /** Relative tolerance (defaults as atol). */
  rtol?: number;
  /** Base finite-difference step, scaled by max(1, max |x|). Default 1e-3. */
  eps?: number;
  /** Richardson levels of the finite differences. Default 3. */
  levels?: number;
  /** Seed of the random directions (default 0: every run draws the same directions). */
  seed?: number;
}

/** Default tolerances: float64 finite differences are accurate to ~1e-12, so the AD dtype dominates. */
export const DEFAULT_TOLERANCE: Record<FloatDType, { atol: number; rtol: number }> = {
  float32: { atol: 2e-3, rtol: 2e-3 },
  float64: { atol: 1e-6, rtol: 1e-6 },
};

type FlatFn = (...xs: NDArray[]) => NDArray[];

interface Ctx {
  modes: GradMode[];
  atol?: number;
  rtol?: number;
  eps: number;
  levels: number;
  /** Uniform in [0, 1). */
  random: () => number;
}

/** mulberry32: a tiny seeded PRNG (uniform in [0, 1)), enough for reproducible test inputs and directions. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random array like `x` with entries uniform in [-1, 1] (complex: both parts, so directions are complex). */
function randomLike(x: NDArray, random: () => number): NDArray {
  const n = isComplex(x.dtype) ? 2 * x.size : x.size;
  return fromValues(Float64Array.from({ length: n }, () => 2 * random() - 1), x.shape, x.dtype);
}

const concat = concatValues;
/**
 * The pairing of cotangents with tangents, Σ Re(aₖ·bₖ) over the values of `layout` (interleaved
 * parts for complex leaves): JAX's convention, in which the VJP is the transpose of the JVP as a
 * real-linear map (docs/complex.md). For real leaves it is the dot product.
 */
function pairing(layout: NDArray[]): (a: Float64Array, b: Float64Array) => number {
  const sign = new Float64Array(layout.reduce((s, x) => s + (isComplex(x.dtype) ? 2 : 1) * x.size, 0)).fill(1);
  let off = 0;
  for (const x of layout) {
    if (isComplex(x.dtype)) for (let k = 0; k < x.size; k++) sign[off + 2 * k + 1] = -1; // Re(a·b) = aᵣbᵣ − aᵢbᵢ
    off += (isComplex(x.dtype) ? 2 : 1) * x.size;
  }
  return (a, b) => a.reduce((s, v, i) => s + sign[i] * v * b[i], 0);
}
const absDot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + Math.abs(v * b[i]), 0);
const norm1 = (a: Float64Array) => a.reduce((s, v) => s + Math.abs(v), 0);
const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(8)).toString() : String(v));
const fmtVec = (a: Float64Array, at: number) => {
  const lo = Math.max(0, Math.min(at - 2, a.length - 6));
  const shown = [...a.slice(lo, lo + 6)].map(fmt).join(", ");
  return `[${lo > 0 ? "…, " : ""}${shown}${lo + 6 < a.length ? ", …" : ""}]`;
};
const domainHint = (...vs: Float64Array[]) =>
  vs.some((v) => v.some((x) => !Number.isFinite(x))) ? " (non-finite values: is every input inside f's domain, farther than eps from a kink?)" : "";

/** The directional derivative of F at xs along ts, by Richardson-extrapolated central differences in float64. */
function directionalDerivative(F: FlatFn, xs: NDArray[], ts: NDArray[], ctx: Ctx): Float64Array {
  const x64 = xs.map(toFloat64Values);
  const t64 = ts.map(toFloat64Values);
  const scale = Math.max(1, ...x64.map((x) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  const wide = (x: NDArray) => (isComplex(x.dtype) ? "complex128" : "float64");
  const at = (s: number) => concat(F(...x64.map((x, i) => fromValues(x.map((v, n) => v + s * t64[i][n]), xs[i].shape, wide(xs[i])))));
  return richardson((s) => centralVec(at, s), ctx.eps * scale, ctx.levels);
}

function tolerance(xs: NDArray[], outs: NDArray[], ctx: Ctx): { atol: number; rtol: number } {
  const low = [...xs, ...outs].some((a) => a.dtype === "float32" || a.dtype === "complex64");
  const d = DEFAULT_TOLERANCE[low ? "float32" : "float64"];
  return { atol: ctx.atol ?? d.atol, rtol: ctx.rtol ?? d.rtol };
}

/** Check F at xs: jvp vs finite differences, vjp by the inner-product identity and vs finite differences; then recurse. */
function checkAt(F: FlatFn, xs: NDArray[], order: number, depth: number, label: string, ctx: Ctx): void {
  const outs = F(...xs);
  if (outs.length === 0 || xs.length === 0) return;
  const { atol, rtol } = tolerance(xs, outs, ctx);
  const where = (mode: GradMode) => `checkGrads: ${mode} mode, order ${depth} (checking ${label})`;
  const values = concat(outs);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new Error(
      `checkGrads: order ${depth} (checking ${label}): the function itself is not finite at the given inputs: ` +
        `output ${fmtVec(values, bad)} has ${values[bad]} at element ${bad}; choose inputs inside its domain`,
    );
  }
  const ts = xs.map((x) => randomLike(x, ctx.random));
  const t = concat(ts);
  const fd = directionalDerivative(F, xs, ts, ctx);
  const fwd = ctx.modes.includes("fwd");
  const rev = ctx.modes.includes("rev");

  let dy: Float64Array | null = null;
  if (fwd) {
    const d = concat(jvp(F, xs, ts)[1] as NDArray[]);
    dy = d;
    d.forEach((v, n) => {
      const tol = atol + rtol * Math.abs(fd[n]);
      if (!(Math.abs(v - fd[n]) <= tol)) {
        throw new Error(
          `${where("fwd")}: the JVP along a random tangent differs from the finite difference at element ${n}: ` +
            `jvp ${fmtVec(d, n)} vs finite difference ${fmtVec(fd, n)}; |${fmt(v)} − ${fmt(fd[n])}| = ${fmt(Math.abs(v - fd[n]))} ` +
            `exceeds the tolerance ${fmt(tol)} (atol ${atol} + rtol ${rtol}·|finite difference|)${domainHint(d, fd)}`,
        );
      }
    });
  }

  let c: NDArray[] = [];
  if (rev) {
    c = outs.map((o) => randomLike(o, ctx.random));
    const cv = concat(c);
    const ct = concat(vjp(F, ...xs)[1](c) as NDArray[]);
    const dotIn = pairing(xs), dot = pairing(outs);
    const lhs = dotIn(ct, t);
    // per-element tolerances summed over the products: atol·Σ|cᵢ| + rtol·Σ|cᵢ·yᵢ|
    const compare = (rhs: number, rhsText: string, tol: number, tolText: string) => {
      if (!(Math.abs(lhs - rhs) <= tol)) {
        throw new Error(
          `${where("rev")}: ⟨vjp(c), t⟩ = ${fmt(lhs)} but ${rhsText} = ${fmt(rhs)} for random t and c; ` +
            `|difference| ${fmt(Math.abs(lhs - rhs))} exceeds the tolerance ${fmt(tol)} (${tolText}, atol ${atol}, rtol ${rtol})${domainHint(ct, fd)}`,
        );
      }
    };
    if (dy) {
      const tol = atol * Math.max(norm1(cv), norm1(t)) + rtol * Math.max(absDot(cv, dy), absDot(ct, t));
      compare(dot(cv, dy), "⟨c, jvp(t)⟩", tol, "atol·max(Σ|c|, Σ|t|) + rtol·max(Σ|c·jvp(t)|, Σ|vjp(c)·t|)");
    }
    compare(dot(cv, fd), "⟨c, finite difference along t⟩", atol * norm1(cv) + rtol * absDot(cv, fd), "atol·Σ|c| + rtol·Σ|c·finite difference|");
  }

  if (order <= 1) return;
  if (fwd) {
    // x ↦ jvp(F, x, t): the forward derivative along a fixed t, itself checked
    const G: FlatFn = (...ys) => jvp(F, ys, ts.map((ti, i) => convert(ti, ys[i].dtype)))[1] as NDArray[];
    checkAt(G, xs, order - 1, depth + 1, `x ↦ jvp(${label}, x, t)`, ctx);
  }
  if (rev) {
    // x ↦ vjp(F, x)(c): the reverse derivative for a fixed c, itself checked
    const H: FlatFn = (...ys) => {
      const [os, back] = vjp(F, ...ys);
      return back(c.map((ci, j) => convert(ci, (os as NDArray[])[j].dtype))) as NDArray[];
    };
    checkAt(H, xs, order - 1, depth + 1, `x ↦ vjp(${label}, x)(c)`, ctx);
  }
}

/**
 * Check `f`'s derivatives at `args` (one entry per positional argument; pytrees allowed) against
 * float64 finite differences along seeded random directions: forward mode compares the JVP with a
 * central difference; reverse mode checks ⟨vjp(c), t⟩ against ⟨c, jvp(t)⟩ (with "fwd") and against
 * the finite difference; `order` 2 repeats this on x ↦ jvp(f, x, t) and x ↦ vjp(f, x)(c). Float
 * and complex leaves are differentiated, other leaves are constants; integer and bool outputs are
 * ignored. Complex leaves (complex128 for accuracy) take complex directions (both parts perturbed)
 * and the identity pairs values by Re(a·b), JAX's convention (docs/complex.md).
 * Throws an Error naming the mode, order, the compared values and the tolerance.
 * @example checkGrads((x) => np.sin(np.multiply(x, x)), [np.array([0.5, 1.5], { dtype: "float64" })])
 */
export function checkGrads(f: (...args: any[]) => Tree, args: Tree[], opts: CheckGradsOptions = {}): void {
  const { order = 2, modes = ["fwd", "rev"], atol, rtol, eps = DEFAULT_EPS, levels = DEFAULT_LEVELS, seed = 0 } = opts;
  if (!Array.isArray(args)) throw new TypeError("checkGrads: args must be an array with one entry per positional argument of f");
  if (!Number.isInteger(order) || order < 1) throw new RangeError(`checkGrads: order must be a positive integer, got ${order}`);
  if (modes.length === 0 || modes.some((m) => m !== "fwd" && m !== "rev")) {
    throw new TypeError(`checkGrads: modes must be a non-empty list of "fwd" and "rev", got ${JSON.stringify(modes)}`);
  }
  if (!(eps > 0)) throw new RangeError(`checkGrads: eps must be positive, got ${eps}`);
  const [leaves, def] = flatten(args);
  const values = leaves.map((l) => (l instanceof NDArray || typeof l === "number" || typeof l === "boolean" ? leafToArray(l, "checkGrads") : l));
  const diffAt = values.flatMap((v, i) => (v instanceof NDArray && isInexact(v.dtype) ? [i] : []));
  if (diffAt.length === 0) throw new TypeError("checkGrads: no float inputs to differentiate (integer and boolean leaves are held constant)");
  const F: FlatFn = (...xs) => {
    const full = [...values];
    diffAt.forEach((p, k) => (full[p] = xs[k]));
    const [outs] = flatten(f(...(unflatten(def, full) as Tree[])));
    return outs.map((o) => leafToArray(o, "checkGrads")).filter((o) => isInexact(o.dtype));
  };
  const ctx: Ctx = { modes, atol, rtol, eps, levels, random: seededRandom(seed) };
  checkAt(F, diffAt.map((i) => values[i] as NDArray), order, 1, "f", ctx);
}
