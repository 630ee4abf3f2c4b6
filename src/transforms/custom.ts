/**
 * @file customJvp and customVjp: user-defined derivative rules, as higher-order primitives whose
 * params carry the (flattened) functions and the jaxpr of the primal function, traced when called
 * (`call`: what jit compiles). customVjp's JVP emits `custom_lin`, a linear primitive whose
 * transpose is the user's bwd; applying forward mode to it is a clear error, as in JAX.
 */
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { Primitive } from "../core/primitive.js";
import { TreeDef, flatten, unflatten } from "../core/pytree.js";
import { ClosedJaxpr } from "../ir/jaxpr.js";
import { bind } from "../core/trace.js";
import { batchToFront, zerosLike } from "../lax/index.js";
import { FlatFn, Tree, checkFn, flattenArrays, flattenFun, leafToArray, traceToJaxpr } from "./flatten_fun.js";
import { vmapFlat } from "./vmap.js";
import { vmapJaxpr } from "./jaxpr_rules.js";

function batchedAvals(avals: ShapedArray[], size: number): ShapedArray[] {
  return avals.map((a) => new ShapedArray([size, ...a.shape], a.dtype));
}
const allZero = (n: number) => Array<number>(n).fill(0);

/**
 * `params` with `call` mapped over axis 0 of every argument (the batch rules move all batch dims to
 * the front; captured constants stay unbatched leading inputs). Traced on first read — jit reads it,
 * eager vmap never does.
 */
function withBatchedCall<P extends { call: ClosedJaxpr }>(params: Omit<P, "call">, call: ClosedJaxpr, size: number): P {
  let mapped: ClosedJaxpr | undefined;
  return Object.defineProperty(params, "call", {
    enumerable: true,
    get(): ClosedJaxpr {
      if (mapped) return mapped;
      const nc = call.consts.length, n = call.jaxpr.inBinders.length;
      const t = vmapJaxpr(call.jaxpr, size, Array.from({ length: n }, (_, i) => i >= nc));
      return (mapped = new ClosedJaxpr(t.jaxpr, [...t.consts, ...call.consts]));
    },
  }) as P;
}

// ---- custom_jvp_call ----
interface CustomJvpParams {
  f: FlatFn;
  /** f traced to a jaxpr (its consts: the values f captured); jit compiles this. */
  call: ClosedJaxpr;
  rule: (primals: NDArray[], tangents: NDArray[]) => [NDArray[], NDArray[]];
  outAvals: ShapedArray[];
}
export const customJvpCallP: Primitive<CustomJvpParams> = {
  name: "custom_jvp_call",
  abstractEval: (_a, p) => p.outAvals,
  impl: (args, p) => p.f(...args) as any,
  lower: null, // jit inlines p.call
  // the user's rule is the JVP
  jvp: (primals, tangents, p) => p.rule(primals, tangents),
  transpose: null,
  batch(args, dims, p, size) {
    const xs = args.map((a, i) => batchToFront(a, dims[i], size));
    const n = xs.length;
    const f: FlatFn = (...ys) => vmapFlat(p.f, allZero(n), ys, size);
    const rule = (ps: NDArray[], ts: NDArray[]): [NDArray[], NDArray[]] => {
      const both = vmapFlat((...pt) => {
        const [po, to] = p.rule(pt.slice(0, n), pt.slice(n));
        return [...po, ...to];
      }, allZero(2 * n), [...ps, ...ts], size);
      return [both.slice(0, both.length / 2), both.slice(both.length / 2)];
    };
    const outs = bind(customJvpCallP, xs, withBatchedCall<CustomJvpParams>({ f, rule, outAvals: batchedAvals(p.outAvals, size) }, p.call, size));
    return [outs, outs.map(() => 0)];
  },
};

// ---- custom_vjp_call and custom_lin ----
interface CustomVjpParams {
  f: FlatFn;
  /** f traced to a jaxpr (its consts: the values f captured); jit compiles this. */
  call: ClosedJaxpr;
  fwd: (...xs: NDArray[]) => [NDArray[], NDArray[]]; // outputs, residuals
  bwd: (res: NDArray[], cts: NDArray[]) => NDArray[];
  outAvals: ShapedArray[];
}
interface CustomLinParams {
  bwd: CustomVjpParams["bwd"];
  numRes: number;
  outAvals: ShapedArray[];
}

const forwardModeError = () =>
  new TypeError(
    "customVjp: cannot apply forward-mode differentiation (jvp, jacfwd, linearize's JVP or hessian's outer jacfwd) to a function " +
      "with a customVjp rule; use vjp/grad/jacrev, or give the function a customJvp rule instead",
  );

export const customLinP: Primitive<CustomLinParams> = {
  name: "custom_lin",
  abstractEval: (_a, p) => p.outAvals,
  impl: () => {
    throw forwardModeError();
  },
  lower: null,
  jvp: () => {
    throw forwardModeError();
  },
  // transpose = the user's bwd applied to the residuals and the output cotangents
  transpose(cts, args, p) {
    const res = args.slice(0, p.numRes) as NDArray[];
    const full = cts.map((c, i) => c ?? zerosLike(p.outAvals[i]));
    const ctsIn = p.bwd(res, full);
    return [...res.map(() => null), ...ctsIn];
  },
  batch(args, dims, p, size) {
    const xs = args.map((a, i) => batchToFront(a, dims[i], size));
    const bwd = (res: NDArray[], cts: NDArray[]) =>
      vmapFlat((...rc) => p.bwd(rc.slice(0, res.length), rc.slice(res.length)), allZero(res.length + cts.length), [...res, ...cts], size);
    const outs = bind(customLinP, xs, { bwd, numRes: p.numRes, outAvals: batchedAvals(p.outAvals, size) });
    return [outs, outs.map(() => 0)];
  },
};

export const customVjpCallP: Primitive<CustomVjpParams> = {
  name: "custom_vjp_call",
  abstractEval: (_a, p) => p.outAvals,
  impl: (args, p) => p.f(...args) as any,
  lower: null, // jit inlines p.call
  // JVP: run fwd on the primals; the tangents flow through custom_lin, whose transpose is bwd
  jvp(primals, tangents, p) {
    const [outs, res] = p.fwd(...primals);
    const tOut = bind(customLinP, [...res, ...tangents], { bwd: p.bwd, numRes: res.length, outAvals: p.outAvals });
    return [outs, tOut];
  },
  transpose: null,
  batch(args, dims, p, size) {
    const xs = args.map((a, i) => batchToFront(a, dims[i], size));
    const n = xs.length;
    const f: FlatFn = (...ys) => vmapFlat(p.f, allZero(n), ys, size);
    const fwd = (...ys: NDArray[]): [NDArray[], NDArray[]] => {
      let nOut = 0;
      const both = vmapFlat((...zs) => {
        const [o, r] = p.fwd(...zs);
        nOut = o.length;
        return [...o, ...r];
      }, allZero(n), ys, size);
      return [both.slice(0, nOut), both.slice(nOut)];
    };
    const bwd = (res: NDArray[], cts: NDArray[]) =>
      vmapFlat((...rc) => p.bwd(rc.slice(0, res.length), rc.slice(res.length)), allZero(res.length + cts.length), [...res, ...cts], size);
    const outs = bind(customVjpCallP, xs, withBatchedCall<CustomVjpParams>({ f, fwd, bwd, outAvals: batchedAvals(p.outAvals, size) }, p.call, size));
    return [outs, outs.map(() => 0)];
  },
};

// ---- public wrappers ----

/** Trace `f` abstractly: its jaxpr, output structure and avals; and f as a flat function. */
function flatInfo(f: (...a: Tree[]) => Tree, inDef: TreeDef, xs: NDArray[], op: string): [FlatFn, TreeDef, ShapedArray[], ClosedJaxpr] {
  const { closed, outDef } = traceToJaxpr(f, inDef, xs.map((x) => x.aval), op, { allowUndefined: true });
  return [flattenFun(f, inDef, op, { allowUndefined: true })[0], outDef, closed.outAvals, closed];
}

/**
 * A function with a custom JVP rule: `rule(primals, tangents)` → `[primalOut, tangentOut]`.
 * @example
 * const logExp = customJvp((x) => np.log1p(np.exp(x)), ([x], [t]) => [np.log1p(np.exp(x)), np.multiply(t, nn.sigmoid(x))]);
 */
export function customJvp(f: (...args: any[]) => Tree, rule: (primals: Tree[], tangents: Tree[]) => [Tree, Tree]): (...args: Tree[]) => Tree {
  checkFn(f, "customJvp");
  checkFn(rule, "customJvp (the jvp rule)");
  return (...args: Tree[]) => {
    const [xs, inDef] = flattenArrays(args, "customJvp");
    const [fFlat, outDef, outAvals, call] = flatInfo(f, inDef, xs, "customJvp");
    const ruleFlat = (ps: NDArray[], ts: NDArray[]): [NDArray[], NDArray[]] => {
      const r = rule(unflatten(inDef, ps), unflatten(inDef, ts));
      if (!Array.isArray(r) || r.length !== 2) throw new TypeError("customJvp: the rule must return [primalOut, tangentOut]");
      const [po, pdef] = flattenArrays(r[0], "customJvp");
      const [to, tdef] = flattenArrays(r[1], "customJvp");
      if (!pdef.equals(outDef) || !tdef.equals(outDef)) {
        throw new TypeError(`customJvp: the rule returned structures ${pdef} and ${tdef}, but f returns ${outDef}`);
      }
      to.forEach((t, i) => {
        if (!t.aval.equals(outAvals[i])) throw new TypeError(`customJvp: tangent output ${i} is ${t.aval.str()}, but f's output is ${outAvals[i].str()}`);
      });
      return [po, to];
    };
    return unflatten(outDef, bind(customJvpCallP, xs, { f: fFlat, call, rule: ruleFlat, outAvals }));
  };
}

/**
 * A function with a custom VJP: `fwd(...primals)` → `[out, residuals]`, `bwd(residuals, cotangent)` → one cotangent per primal.
 * Reverse mode only: forward mode raises a clear error (as JAX).
 * @example
 * const clipGrad = customVjp((x) => x, (x) => [x, null], (_r, g) => [np.clip(g, -1, 1)]);
 */
export function customVjp(
  f: (...args: any[]) => Tree,
  fwd: (...args: any[]) => [Tree, Tree],
  bwd: (residuals: any, cotangent: any) => Tree[],
): (...args: Tree[]) => Tree {
  checkFn(f, "customVjp");
  checkFn(fwd, "customVjp (fwd)");
  checkFn(bwd, "customVjp (bwd)");
  return (...args: Tree[]) => {
    const [xs, inDef] = flattenArrays(args, "customVjp");
    const [fFlat, outDef, outAvals, call] = flatInfo(f, inDef, xs, "customVjp");
    let resDef: TreeDef | null = null;
    const fwdFlat = (...ys: NDArray[]): [NDArray[], NDArray[]] => {
      const r = fwd(...unflatten(inDef, ys));
      if (!Array.isArray(r) || r.length !== 2) throw new TypeError("customVjp: fwd must return [output, residuals]");
      const [o, od] = flattenArrays(r[0], "customVjp");
      if (!od.equals(outDef)) throw new TypeError(`customVjp: fwd returned output structure ${od}, but f returns ${outDef}`);
      const [res, rd] = flattenArrays(r[1], "customVjp");
      resDef = rd;
      return [o, res];
    };
    const bwdFlat = (res: NDArray[], cts: NDArray[]): NDArray[] => {
      const out = bwd(unflatten(resDef!, res), unflatten(outDef, cts));
      if (!Array.isArray(out) || out.length !== args.length) {
        throw new TypeError(`customVjp: bwd must return an array with one cotangent per primal (${args.length}), got ${Array.isArray(out) ? out.length : typeof out}`);
      }
      const [cs, cdef] = flatten(out);
      if (!cdef.equals(inDef)) throw new TypeError(`customVjp: bwd returned structure ${cdef}, but the primals have ${inDef}`);
      return cs.map((c, i) => {
        const a = leafToArray(c, "customVjp", typeof c === "number" ? xs[i].dtype : undefined);
        if (!a.aval.equals(xs[i].aval)) throw new TypeError(`customVjp: bwd cotangent ${i} is ${a.aval.str()}, but the primal is ${xs[i].aval.str()}`);
        return a;
      });
    };
    return unflatten(outDef, bind(customVjpCallP, xs, { f: fFlat, call, fwd: fwdFlat, bwd: bwdFlat, outAvals }));
  };
}
