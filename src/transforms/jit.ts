/**
 * @file jit: a higher-order primitive carrying a jaxpr. Tracing happens once per input signature;
 * the jaxpr is compiled to fused kernels (src/lower/program.ts). Its jvp, transpose, batching and
 * partial-evaluation rules transform the jaxpr and bind jit again, so grad(jit(f)), jit(grad(f)),
 * vmap(jit(f)) … need no special cases.
 */
import { fmtShape } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { Primitive, UndefPrimal } from "../core/primitive.js";
import { TreeDef, flatten, unflatten } from "../core/pytree.js";
import { bind } from "../core/trace.js";
import { Jaxpr, JaxprEqn, Var } from "../ir/jaxpr.js";
import { isZeroTangent, zeroTangent, zerosLike } from "../lax/index.js";
import { keyJson } from "../lower/kernel.js";
import { runJaxpr } from "../lower/program.js";
import { Tree, checkFn, flattenArrays, traceToJaxpr, withArgs } from "./flatten_fun.js";
import { checkOptions } from "../numpy/signature.js";
import { Traced, avalsIn, jvpJaxpr, transposeJaxpr, vmapJaxpr } from "./jaxpr_rules.js";
import { PartialEvalTracer, partialEvalJaxpr } from "./partial_eval.js";
import { moveBatchAxis } from "./vmap.js";
import type { ArgsOf, Out } from "./types.js";
import { LruMap } from "../core/lru.js";
import { configValue, traceContextKey } from "../core/config.js";

export interface JitParams {
  jaxpr: Jaxpr;
  numConsts: number; // leading inputs that are captured constants (for printing)
  name: string;
}

function bindJit(t: Traced, args: NDArray[], name: string): NDArray[] {
  return bind(jitP, [...t.consts, ...args], { jaxpr: t.jaxpr, numConsts: t.consts.length, name });
}

export const jitP: Primitive<JitParams> = {
  name: "jit",
  abstractEval(avals, { jaxpr, name }) {
    const want = avalsIn(jaxpr);
    if (avals.length !== want.length || avals.some((a, i) => !a.equals(want[i]))) {
      throw new TypeError(`jit(${name}): called with ${avals.map((a) => a.str()).join(", ")} but traced for ${want.map((a) => a.str()).join(", ")}`);
    }
    return jaxpr.outs.map((o) => o.aval);
  },
  impl: (args, { jaxpr }) => runJaxpr(jaxpr, args),
  lower: null, // a nested jit is inlined into the enclosing program
  // jvp of a call = a call of the jvp jaxpr
  jvp(primals, tangents, p) {
    const zero = tangents.map(isZeroTangent);
    const t = jvpJaxpr(p.jaxpr, zero);
    const outs = bindJit(t, [...primals, ...tangents.filter((_, i) => !zero[i])], `jvp(${p.name})`);
    const k = p.jaxpr.outs.length;
    let j = k;
    return [outs.slice(0, k), p.jaxpr.outs.map((o, i) => (t.outZero[i] ? zeroTangent(o.aval) : outs[j++]))];
  },
  // transpose of a call = a call of the transposed jaxpr on (residuals, cotangents)
  transpose(cts, args, p) {
    const undef = args.map((a) => a instanceof UndefPrimal);
    const t = transposeJaxpr(p.jaxpr, undef);
    const residuals = args.filter((a) => !(a instanceof UndefPrimal)) as NDArray[];
    const full = cts.map((c, i) => c ?? zerosLike(p.jaxpr.outs[i].aval));
    const outs = bindJit(t, [...residuals, ...full], `transpose(${p.name})`);
    let k = 0;
    return undef.map((u) => (u ? outs[k++] : null));
  },
  // batching a call = a call of the batched jaxpr (batch axes moved to the front)
  batch(args, dims, p, size) {
    const moved = args.map((a, i) => (dims[i] === null ? a : moveBatchAxis(a, dims[i], 0, size)));
    const t = vmapJaxpr(p.jaxpr, size, dims.map((d) => d !== null));
    const outs = bindJit(t, moved, `vmap(${p.name})`);
    return [outs, outs.map(() => 0)];
  },
  // partial evaluation: run the known part now, stage the unknown part as another jit call
  partialEval(trace, tracers, p) {
    const inUnknowns = tracers.map((t) => !t.pval.known);
    const { known, unknown, outUnknowns, numRes } = partialEvalJaxpr(p.jaxpr, inUnknowns);
    const knownVals = tracers.filter((t) => t.pval.known).map((t) => t.pval.known!);
    const outs1Res = bind(jitP, knownVals, { jaxpr: known, numConsts: 0, name: p.name });
    const outs1 = outs1Res.slice(0, outs1Res.length - numRes);
    const res = outs1Res.slice(outs1Res.length - numRes).map((r) => trace.instantiateConst(trace.fullRaise(r) as PartialEvalTracer));
    const unknownTracers = tracers.filter((t) => !t.pval.known).map((t) => trace.instantiateConst(t));
    const params = { jaxpr: unknown, numConsts: 0, name: p.name };
    const outs2 = trace.stageEqn(jitP, [...res, ...unknownTracers], params, unknown.outs.map((o) => o.aval));
    let i1 = 0, i2 = 0;
    return outUnknowns.map((u) => (u ? outs2[i2++] : outs1[i1++]));
  },
  partialEvalEqn(eqn, unknowns) {
    const p = eqn.params as JitParams;
    const { known, unknown, outUnknowns, numRes } = partialEvalJaxpr(p.jaxpr, unknowns);
    const resVars = known.outs.slice(known.outs.length - numRes).map((v) => new Var(v.aval));
    const outs1 = eqn.outBinders.filter((_, i) => !outUnknowns[i]);
    const outs2 = eqn.outBinders.filter((_, i) => outUnknowns[i]);
    return {
      known: new JaxprEqn(jitP, eqn.inputs.filter((_, i) => !unknowns[i]), { jaxpr: known, numConsts: 0, name: p.name }, [...outs1, ...resVars]),
      unknown: new JaxprEqn(jitP, [...resVars, ...eqn.inputs.filter((_, i) => unknowns[i])], { jaxpr: unknown, numConsts: 0, name: p.name }, outs2),
      outUnknowns,
      residuals: resVars,
    };
  },
};

export interface JitOptions {
  /** Positional arguments treated as compile-time constants (part of the cache key; any JS value). */
  staticArgnums?: number | number[];
}

/**
 * Compile `f`: trace it once per input signature (tree structure, shapes, dtypes, static values)
 * to a jaxpr, fuse it into kernels, and run the compiled program on later calls. The
 * `config.jitCacheSize` most recently used signatures are kept; `config.retraceWarning` warns when
 * `f` is traced too often, naming the argument that changed.
 * @example const f = jit((x) => np.sum(np.sin(x).mul(x))); f(np.arange(3)) // traced once, then cached
 */
export function jit<F extends (...args: any[]) => any>(f: F, opts: JitOptions = {}): (...args: ArgsOf<Parameters<F>>) => Out<ReturnType<F>> {
  checkFn(f, "jit");
  checkOptions("jit", opts, ["staticArgnums"]);
  const statics = new Set(typeof opts.staticArgnums === "number" ? [opts.staticArgnums] : opts.staticArgnums ?? []);
  const cache = new LruMap<string, { traced: Traced; outDef: TreeDef }>(() => configValue("jitCacheSize"));
  const name = f.name || "f";
  let traces = 0; // (counted while the warning is on)
  let lastArgs: string[] = [];
  const jitted = (...args: Tree[]) => {
    const dyn = args.map((_, i) => i).filter((i) => !statics.has(i));
    const [xs, inDef] = flattenArrays(dyn.map((i) => args[i]), "jit");
    const staticKey = args.map((a, i) => (statics.has(i) ? staticKeyOf(a, i) : "_")).join("|");
    const key = `${inDef}|${xs.map((x) => x.aval.str()).join(",")}|${staticKey}|${traceContextKey()}`;
    let hit = cache.get(key);
    if (!hit) {
      const warnAt = configValue("retraceWarning");
      const described = warnAt > 0 ? describeArgs(args, statics) : [];
      // warn past the threshold, then less and less often: at +1, +2, +4, +8 … traces
      if (warnAt > 0 && isPowerOfTwo(++traces - warnAt)) {
        console.warn(`jit(${name}): traced ${traces} times (more than retraceWarning = ${warnAt}); ${explainChange(lastArgs, described)}`);
      }
      lastArgs = described;
      const { closed, outDef } = traceToJaxpr(withArgs(f, args, dyn), inDef, xs.map((x) => x.aval), "jit");
      hit = { traced: { jaxpr: closed.jaxpr, consts: closed.consts }, outDef };
      cache.set(key, hit);
    }
    return unflatten(hit.outDef, bindJit(hit.traced, xs, name));
  };
  return jitted;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** Each argument as a trace sees it: its structure and leaf types, or a static value. */
function describeArgs(args: Tree[], statics: Set<number>): string[] {
  return args.map((a, i) => {
    if (statics.has(i)) return `static ${staticKeyOf(a, i)}`;
    const [leaves, def] = flatten(a);
    const types = leaves.map((l) => (l instanceof NDArray ? l.aval.str() : typeof l === "number" ? "weak scalar" : typeof l));
    return def.kind === "leaf" ? types[0] : `${def} of ${types.join(", ")}`;
  });
}

/** What changed since the previous trace, as JAX's cache-miss explanations. */
function explainChange(before: string[], now: string[]): string {
  if (before.length !== now.length) return `it was called with ${now.length} arguments, before with ${before.length}`;
  const changed = now.map((d, i) => (d === before[i] ? "" : `argument ${i}: ${before[i]} → ${d}`)).filter((s) => s);
  if (changed.length === 0) return "a signature dropped from the cache came back (raise config jitCacheSize)";
  return `this call differs from the previous trace in ${changed.join("; ")}`;
}

function staticKeyOf(v: unknown, i: number): string {
  if (v instanceof NDArray) throw new TypeError(`jit: static argument ${i} is an array (${fmtShape(v.shape)}); static arguments must be hashable JS values`);
  try {
    return keyJson(v) ?? String(v);
  } catch {
    throw new TypeError(`jit: static argument ${i} cannot be used as a cache key`);
  }
}

/** Compiled variants per call structure after which `jitArrays` stops compiling new ones. */
const MAX_VARIANTS = 8;

/**
 * `jit(f)` with every argument leaf that is not an array — numbers, strings, shapes, options — static
 * (part of the cache key), so library functions taking options run as one compiled program when called
 * eagerly (as JAX's jitted `random` functions). When the numbers keep changing from call to call (an
 * annealed parameter, new shapes), compiling each variant would cost more than it saves: after
 * MAX_VARIANTS variants of one structure, new ones run `f` directly. Internal: value checks on array
 * arguments see tracers.
 */
export function jitArrays<F extends (...args: any[]) => any>(f: F): F {
  const cache = new Map<string, (...xs: NDArray[]) => unknown>();
  const variants = new Map<string, number>();
  const name = f.name || "f";
  const wrapped = (...args: unknown[]) => {
    const [leaves, def] = flatten(args);
    const statics = leaves.map((l) => (l instanceof NDArray ? null : l));
    const key = `${def}|${keyJson(statics)}|${traceContextKey()}`;
    let g = cache.get(key);
    if (!g) {
      const structure = `${def}|${keyJson(statics.map((s) => (typeof s === "number" ? "#" : s)))}`;
      const n = variants.get(structure) ?? 0;
      if (n >= MAX_VARIANTS) return f(...args);
      variants.set(structure, n + 1);
      const isArray = leaves.map((l) => l instanceof NDArray);
      const staged = (...arrays: NDArray[]) => {
        let k = 0;
        return f(...(unflatten(def, statics.map((s, i) => (isArray[i] ? arrays[k++] : s))) as unknown[]));
      };
      Object.defineProperty(staged, "name", { value: name });
      cache.set(key, (g = jit(staged)));
    }
    return g(...(leaves.filter((l) => l instanceof NDArray) as NDArray[]));
  };
  return wrapped as F;
}
