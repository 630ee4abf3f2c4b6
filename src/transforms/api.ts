/**
 * @file The public, pytree-aware transformations: jvp, vjp, grad, valueAndGrad, vmap, linearize,
 * linearTranspose, makeJaxpr. Each flattens its arguments, calls a `…Flat` core and unflattens.
 */
import { HolomorphicOptions, checkHolomorphicAt, checkInputs, checkOutputs } from "./holomorphic.js";
import { ShapedArray, fmtShape, normAxis } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { isComplex, isFloat } from "../core/dtype.js";
import { BDim, UndefPrimal } from "../core/primitive.js";
import { TreeDef, broadcastPrefix, flatten, unflatten } from "../core/pytree.js";
import { ClosedJaxpr, evalJaxpr } from "../ir/jaxpr.js";
import { convert, fullLike } from "../lax/index.js";
import { jvpFlat } from "./jvp.js";
import { backwardPass, instantiateZeros, linearizeFlat, linearizedFn, vjpFlat } from "./transpose.js";
import { vmapFlat } from "./vmap.js";
import type { ArgOf, ArgsOf, Argnums, AuxOf, GradAt, GradsOf, MainOf, Out } from "./types.js";
import { checkOptions, show } from "../numpy/signature.js";
import { Tree, checkArgnums, checkFn, flattenArrays, flattenFun, flattenOutput, leafToArray, normArgnums, traceToJaxpr, withArgs } from "./flatten_fun.js";

export type { Tree };
export { checkFn, flattenOutput, leafToArray };

/** Any function a transformation takes; its parameter and result types carry through (see types.ts). */
type Fn = (...args: any[]) => any;

/**
 * Forward mode: the value of `f(...primals)` and its derivative along `tangents`.
 * NB: integer and bool values have no tangent (JAX's float0, which adjoint has no dtype for): the
 * tangent of an integer/bool primal must have its shape and dtype and is ignored, and integer/bool
 * outputs get zero tangents of their own dtype (JAX: float0 zeros).
 * @example const [y, dy] = jvp((x) => np.sin(x), [1.0], [1.0]) // dy = cos(1)
 */
export function jvp<F extends Fn>(f: F, primals: ArgsOf<Parameters<F>>, tangents: ArgsOf<Parameters<F>>): [Out<ReturnType<F>>, Out<ReturnType<F>>];
export function jvp(f: Fn, primals: Tree[], tangents: Tree[]): [Tree, Tree] {
  checkFn(f, "jvp");
  if (!Array.isArray(primals) || !Array.isArray(tangents)) throw new TypeError("jvp: primals and tangents must be arrays (one entry per argument of f)");
  const [ps, pdef] = flattenArrays(primals, "jvp");
  const [tls, tdef] = flatten(tangents);
  if (!pdef.equals(tdef)) throw new TypeError(`jvp: primals and tangents have different tree structures: ${pdef} vs ${tdef}`);
  const ts = tls.map((t, i) => leafToArray(t, "jvp", typeof t === "number" ? ps[i].dtype : undefined));
  ts.forEach((t, i) => {
    const p = ps[i];
    if (!t.aval.equals(p.aval)) throw new TypeError(`jvp: tangent ${i} has shape/dtype ${t.aval.str()} but its primal has ${p.aval.str()}`);
  });
  const [fFlat, outDef] = flattenFun(f, pdef, "jvp");
  const [po, to] = jvpFlat(fFlat, ps, ts);
  return [unflatten(outDef(), po), unflatten(outDef(), to)];
}

/** vjp's options, given after the primals (as JAX's `has_aux` keyword). */
export interface VjpOptions {
  /** f returns `[output, aux]`; aux is returned third, undifferentiated. */
  hasAux: boolean;
}
/** A trailing `{ hasAux }` (a plain object with that one boolean key) is vjp's options, not a primal. */
function isVjpOptions(x: unknown): x is VjpOptions {
  if (typeof x !== "object" || x === null || Object.getPrototypeOf(x) !== Object.prototype) return false;
  const keys = Object.keys(x);
  return keys.length === 1 && keys[0] === "hasAux" && typeof (x as VjpOptions).hasAux === "boolean";
}

/**
 * Reverse mode: `[f(...primals), vjpFn]`; `vjpFn(cotangent)` returns one cotangent per primal. With a
 * trailing `{ hasAux: true }`, f returns `[output, aux]` and vjp returns `[output, vjpFn, aux]` (as JAX).
 * NB: a last primal that is exactly `{ hasAux: <boolean> }` is read as the options.
 * NB: the cotangent of an integer/bool primal is zeros of its dtype (JAX: float0 zeros); nothing flows
 * through integer values (`grad`, `jacfwd` and `jacrev` refuse integer inputs, as JAX's `grad`).
 * @example const [y, back] = vjp((x, y) => np.multiply(x, y), 2, 3); back(1) // [3, 2]
 * @example const [y, back, aux] = vjp((x) => [np.sin(x), np.cos(x)], 1, { hasAux: true })
 */
export function vjp<F extends Fn>(
  f: F,
  ...primals: [...ArgsOf<Parameters<F>>, { hasAux: true }]
): [Out<MainOf<ReturnType<F>>>, (ct: ArgOf<Out<MainOf<ReturnType<F>>>>) => GradsOf<Parameters<F>>, Out<AuxOf<ReturnType<F>>>];
export function vjp<F extends Fn>(f: F, ...primals: ArgsOf<Parameters<F>>): [Out<ReturnType<F>>, (ct: ArgOf<Out<ReturnType<F>>>) => GradsOf<Parameters<F>>];
export function vjp(f: Fn, ...args: Tree[]): [Tree, (ct: Tree) => Tree[]] | [Tree, (ct: Tree) => Tree[], Tree] {
  checkFn(f, "vjp");
  const hasAux = args.length > 1 && isVjpOptions(args[args.length - 1]) ? (args[args.length - 1] as unknown as VjpOptions).hasAux : false;
  const primals = hasAux || (args.length > 1 && isVjpOptions(args[args.length - 1])) ? args.slice(0, -1) : args;
  const [ps, pdef] = flattenArrays(primals, "vjp");
  let auxDef: TreeDef | null = null, nOut = 0;
  const g = hasAux
    ? (...xs: Tree[]) => {
        const r = f(...xs);
        if (!Array.isArray(r) || r.length !== 2) throw new TypeError(`vjp: with hasAux, f must return [output, aux], got ${show(r)}`);
        const [outs, od] = flattenOutput(r[0], "vjp");
        const [auxLeaves, ad] = flattenOutput(r[1], "vjp");
        auxDef = ad;
        nOut = outs.length;
        return [unflatten(od, outs), ...auxLeaves] as Tree;
      }
    : f;
  const [fFlat, outDef] = flattenFun(g, pdef, "vjp");
  const [all, vjpFlatFn] = vjpFlat(fFlat, ps);
  // with hasAux the staged output is [output, ...auxLeaves]: split them again
  const fullDef = outDef();
  const od = hasAux ? fullDef.children[0] : fullDef;
  const outs = hasAux ? all.slice(0, nOut) : all;
  const vjpFn = (ct: Tree): Tree[] => {
    const [cls, cdef] = flatten(ct);
    if (!cdef.equals(od)) throw new TypeError(`vjp: cotangent has tree structure ${cdef}, but the output has ${od}`);
    const cts = cls.map((c, i) => {
      const a = leafToArray(c, "vjp", typeof c === "number" ? outs[i].dtype : undefined);
      if (!a.aval.equals(outs[i].aval)) throw new TypeError(`vjp: cotangent ${i} has shape/dtype ${a.aval.str()} but the output has ${outs[i].aval.str()}`);
      return a;
    });
    return unflatten(pdef, vjpFlatFn(hasAux ? [...cts, ...all.slice(nOut).map(() => null)] : cts)) as Tree[];
  };
  if (hasAux) return [unflatten(od, outs), vjpFn, unflatten(auxDef!, all.slice(nOut))];
  return [unflatten(od, outs), vjpFn];
}

export interface GradOptions<N extends Argnums = Argnums, A extends boolean = boolean> extends HolomorphicOptions {
  /** Which positional argument(s) to differentiate with respect to (default 0). */
  argnums?: N;
  /** f returns `[output, aux]`; aux is passed through undifferentiated. */
  hasAux?: A;
}
/** What `valueAndGrad(f)` returns as its value: f's output, or `[output, aux]` with `hasAux`. */
type ValueOf<R, A extends boolean> = A extends true ? [Out<MainOf<R>>, Out<AuxOf<R>>] : Out<R>;

/**
 * `valueAndGrad(f)(...args)` → `[f(...args), ∇f]` (with `hasAux`: `[[value, aux], grad]`).
 * @example valueAndGrad((x) => np.square(x))(3) // [9, 6]
 */
export function valueAndGrad<F extends Fn, const N extends Argnums = 0, A extends boolean = false>(
  f: F,
  opts?: GradOptions<N, A>,
): (...args: ArgsOf<Parameters<F>>) => [ValueOf<ReturnType<F>, A>, GradAt<Parameters<F>, N>];
export function valueAndGrad(f: Fn, opts: GradOptions = {}): (...args: Tree[]) => [Tree, Tree] {
  checkFn(f, "grad");
  checkOptions("grad", opts, ["argnums", "hasAux", "holomorphic", "checkHolomorphic"]);
  const { argnums = 0, hasAux = false, holomorphic = false, checkHolomorphic = true } = opts;
  const nums = normArgnums(argnums, "grad");
  return (...args: Tree[]) => {
    checkArgnums(nums, args.length, "grad");
    const [leaves, ddef] = flattenArrays(nums.map((i) => args[i]), "grad");
    // float inputs; complex ones too (JAX's convention, docs/complex.md); only complex with holomorphic
    checkInputs("grad", leaves, holomorphic, true);
    const fd = withArgs(f, args, nums);
    let auxDef: TreeDef | null = null;
    const fFlat = (...xs: NDArray[]) => {
      let value = fd(...unflatten(ddef, xs));
      if (value === undefined) throw new TypeError("grad: f returned undefined; it must return a scalar (a missing return?)");
      let auxLeaves: NDArray[] = [];
      if (hasAux) {
        if (!Array.isArray(value) || value.length !== 2) throw new TypeError("grad: with hasAux, f must return [output, aux]");
        [auxLeaves, auxDef] = flattenArrays(value[1], "grad");
        value = value[0];
      }
      const [vleaves, vdef] = flatten(value);
      if (vdef.kind !== "leaf") {
        throw new TypeError(
          `grad: f must return a scalar, got a tree ${vdef} of ${vleaves.length} leaves. For several outputs use jacrev(f) or vjp(f, ...); ` +
            `to return extra values, use { hasAux: true } and return [output, aux]`,
        );
      }
      const v = leafToArray(value, "grad");
      if (v.ndim !== 0) {
        throw new TypeError(
          `grad: f must return a scalar (shape []), got ${v.aval.str()}. For a non-scalar output use jacrev(f) for the Jacobian or vjp(f, ...) for vector-Jacobian products`,
        );
      }
      if (!isFloat(v.dtype) && !isComplex(v.dtype)) throw new TypeError(`grad: f must return a float scalar, got ${v.dtype}`);
      checkOutputs("grad", [v], holomorphic, "vjp");
      return [v, ...auxLeaves];
    };
    const [outs, back] = vjpFlat(fFlat, leaves);
    if (holomorphic && checkHolomorphic) checkHolomorphicAt("grad", (...xs) => fFlat(...xs).slice(0, 1), leaves);
    const cts = back([fullLike(outs[0], 1), ...outs.slice(1).map(() => null)]);
    const grads = unflatten(ddef, cts) as Tree[];
    const result = typeof argnums === "number" ? grads[0] : grads;
    return [hasAux ? [outs[0], unflatten(auxDef!, outs.slice(1))] : outs[0], result];
  };
}

/**
 * The gradient of a scalar function. Complex inputs follow JAX's convention: for a real-valued f of
 * z = x + iy, the result is ∂f/∂x − i·∂f/∂y (the conjugate of the steepest-ascent direction: descend
 * with z − lr·conj(g)). With `{ holomorphic: true }`, f maps complex to complex and the result is
 * f′(z); our check that f is holomorphic (skip with `checkHolomorphic: false`) is explained in docs/complex.md.
 * @example grad((x) => np.multiply(x, np.multiply(x, x)))(4).item() // 48
 * @example grad((z) => np.multiply(z, z), { holomorphic: true })(np.complex(1, 2)).item() // { re: 2, im: 4 }
 */
export function grad<F extends Fn, const N extends Argnums = 0, A extends boolean = false>(
  f: F,
  opts?: GradOptions<N, A>,
): (...args: ArgsOf<Parameters<F>>) => A extends true ? [GradAt<Parameters<F>, N>, Out<AuxOf<ReturnType<F>>>] : GradAt<Parameters<F>, N>;
export function grad(f: Fn, opts: GradOptions = {}): (...args: Tree[]) => Tree {
  const vg = valueAndGrad(f, opts);
  return (...args) => {
    const [value, g] = vg(...args);
    return opts.hasAux ? [g, (value as [Tree, Tree])[1]] : g;
  };
}

export interface VmapOptions {
  /** Mapped axis per argument (number, null = not mapped, or a pytree prefix of the argument); default 0. */
  inAxes?: Tree;
  /** Where the mapped axis goes in each output (number, null, or a pytree prefix); default 0. */
  outAxes?: Tree;
  /** The batch size, needed only when no input is mapped. */
  axisSize?: number;
}

const isAxis = (x: unknown) => x === null || typeof x === "number";
/** Expand an axis spec (a pytree prefix of `value` with numbers/null as leaves) into one entry per leaf. */
function axesPerLeaf(spec: Tree, value: Tree, what: string): BDim[] {
  return broadcastPrefix(spec, value, isAxis, `vmap: ${what}`) as BDim[];
}

/**
 * Vectorising map: `vmap(f)(xs)` applies `f` to slices of `xs` along `inAxes` and stacks the results.
 * @example vmap((x) => np.sum(x))(np.ones([3, 4])) // [4, 4, 4]
 */
export function vmap<F extends Fn>(f: F, opts?: VmapOptions): (...args: ArgsOf<Parameters<F>>) => Out<ReturnType<F>>;
export function vmap(f: Fn, opts: VmapOptions = {}): (...args: Tree[]) => Tree {
  checkFn(f, "vmap");
  checkOptions("vmap", opts, ["inAxes", "outAxes", "axisSize"]);
  const { inAxes = 0, outAxes = 0 } = opts;
  return (...args: Tree[]) => {
    if (Array.isArray(inAxes) && inAxes.length !== args.length) {
      throw new TypeError(`vmap: inAxes has ${inAxes.length} entries but f was called with ${args.length} argument(s)`);
    }
    const [xs, def] = flattenArrays(args, "vmap");
    const dims = axesPerLeaf(Array.isArray(inAxes) ? inAxes : args.map(() => inAxes), args, "inAxes");
    let size: number | undefined = opts.axisSize;
    const sizes: string[] = [];
    const normDims = dims.map((d, i) => {
      if (d === null) return null;
      const ax = normAxis(d, xs[i].ndim, "vmap");
      sizes.push(`argument leaf ${i} has size ${xs[i].shape[ax]} along axis ${d} (shape ${fmtShape(xs[i].shape)})`);
      if (size === undefined) size = xs[i].shape[ax];
      else if (size !== xs[i].shape[ax]) throw new RangeError(`vmap: inconsistent sizes for the mapped axis: ${sizes.join("; ")}`);
      return ax;
    });
    if (size === undefined) throw new RangeError("vmap: no argument is mapped (all inAxes are null); pass axisSize");
    const [fFlat, outDef] = flattenFun(f, def, "vmap");
    let outDims: BDim[] | null = null;
    const fFlatChecked = (...ins: NDArray[]) => {
      const outs = fFlat(...ins);
      const od = outDef();
      outDims = axesPerLeaf(outAxes, unflatten(od, outs), "outAxes").map((d, i) => (d === null ? null : normAxis(d, outs[i].ndim + 1, "vmap")));
      return outs;
    };
    const outs = vmapFlat(fFlatChecked, normDims, xs, size, () => outDims!);
    return unflatten(outDef(), outs);
  };
}

/**
 * `[f(...primals), fJvp]` where `fJvp(...tangents)` evaluates the linear map (the JVP at `primals`) without re-running f.
 * @example const [y, lin] = linearize(np.sin, 1.0); lin(1.0) // cos(1)
 */
export function linearize<F extends Fn>(f: F, ...primals: ArgsOf<Parameters<F>>): [Out<ReturnType<F>>, (...tangents: ArgsOf<Parameters<F>>) => Out<ReturnType<F>>];
export function linearize(f: Fn, ...primals: Tree[]): [Tree, (...tangents: Tree[]) => Tree] {
  checkFn(f, "linearize");
  const [ps, pdef] = flattenArrays(primals, "linearize");
  const [fFlat, outDef] = flattenFun(f, pdef, "linearize");
  const { primalsOut, jaxpr, consts } = linearizeFlat(fFlat, ps);
  const lin = linearizedFn(jaxpr, consts);
  const od = outDef();
  const fJvp = (...tangents: Tree[]) => {
    const [tls, tdef] = flatten(tangents);
    if (!tdef.equals(pdef)) throw new TypeError(`linearize: tangents have tree structure ${tdef}, expected ${pdef}`);
    const ts = tls.map((t, i) => leafToArray(t, "linearize", typeof t === "number" ? ps[i].dtype : undefined));
    return unflatten(od, lin(ts));
  };
  return [unflatten(od, primalsOut), fJvp];
}

/**
 * The transpose of a linear function `f` (its adjoint), given example primals for shapes and dtypes.
 * @example const fT = linearTranspose((x) => np.multiply(x, 2), 1.0); fT(1.0) // [2]
 */
export function linearTranspose<F extends Fn>(f: F, ...primals: ArgsOf<Parameters<F>>): (ct: ArgOf<Out<ReturnType<F>>>) => GradsOf<Parameters<F>>;
export function linearTranspose(f: Fn, ...primals: Tree[]): (ct: Tree) => Tree[] {
  checkFn(f, "linearTranspose");
  const [ps, pdef] = flattenArrays(primals, "linearTranspose");
  const { closed, outDef: od } = traceToJaxpr(f, pdef, ps.map((p) => p.aval), "linearTranspose");
  const avals = closed.inAvals;
  return (ct: Tree) => {
    const [cls, cdef] = flatten(ct);
    if (!cdef.equals(od)) throw new TypeError(`linearTranspose: cotangent has tree structure ${cdef}, expected ${od}`);
    const cts = cls.map((c, i) => leafToArray(c, "linearTranspose", typeof c === "number" ? closed.outAvals[i].dtype : undefined));
    const args = [...closed.consts, ...avals.map((a) => new UndefPrimal(a))];
    const out = backwardPass(closed.jaxpr, args, cts).slice(closed.consts.length);
    return unflatten(pdef, instantiateZeros(out, avals));
  };
}

/**
 * Stage a function to a jaxpr for inspection: `makeJaxpr(f)(...args).toString()`.
 * @example console.log(String(makeJaxpr((x) => np.sin(np.sin(x)))(1.0)))
 */
export function makeJaxpr<F extends Fn>(f: F): (...args: ArgsOf<Parameters<F>>) => ClosedJaxpr;
export function makeJaxpr(f: Fn): (...args: Tree[]) => ClosedJaxpr {
  checkFn(f, "makeJaxpr");
  return (...args: Tree[]) => {
    const [xs, def] = flattenArrays(args, "makeJaxpr");
    return traceToJaxpr(f, def, xs.map((x) => x.aval), "makeJaxpr").closed;
  };
}

/** Evaluate a closed jaxpr on arguments (under any transformation). */
export function evalClosedJaxpr(closed: ClosedJaxpr, ...args: NDArray[]): NDArray[] {
  return evalJaxpr(closed.jaxpr, [...closed.consts, ...args]);
}

export { ShapedArray, convert };
