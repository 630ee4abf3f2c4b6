/**
 * @file Jacobians: jacfwd pushes the standard basis forward (vmap of jvp, column by column),
 * jacrev pulls it back (vmap of vjp, row by row); hessian = jacfwd(jacrev). A Jacobian block has
 * shape output shape ++ input shape; the result nests the input structure inside the output structure.
 */
import { prod } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { isComplex, typedArrayCtor, DType } from "../core/dtype.js";
import { unflatten } from "../core/pytree.js";
import { reshape, slice, transpose, zerosLike } from "../lax/index.js";
import { HolomorphicOptions, checkHolomorphicAt, checkInputs, checkOutputs } from "./holomorphic.js";
import { Tree, checkArgnums, checkFn, flattenArrays, flattenFun, normArgnums, withArgs } from "./flatten_fun.js";
import { jvpFlat } from "./jvp.js";
import { vjpFlat } from "./transpose.js";
import { vmapFlat } from "./vmap.js";
import type { ArgsOf, Argnums, GradAt, JacOf } from "./types.js";

export interface JacOptions<N extends Argnums = Argnums> extends HolomorphicOptions {
  /** Which positional argument(s) to differentiate with respect to (default 0). */
  argnums?: N;
}
type Fn = (...args: any[]) => any;
/** The Jacobian of `F` with respect to the arguments `N` selects: f's output tree, each leaf an input-shaped tree. */
type Jacobian<F extends Fn, N extends Argnums> = JacOf<ReturnType<F>, GradAt<Parameters<F>, N>>;

/** One basis block per leaf: rows offset..offset+size of the n×n identity, shaped [n, ...shape]. */
function basis(shapes: number[][], dtypes: DType[]): NDArray[] {
  const n = shapes.reduce((s, sh) => s + prod(sh), 0);
  let off = 0;
  return shapes.map((sh, i) => {
    const size = prod(sh), per = isComplex(dtypes[i]) ? 2 : 1; // complex: interleaved parts, 1 + 0i
    const data = new (typedArrayCtor(dtypes[i]))(n * size * per);
    for (let k = 0; k < size; k++) data[((off + k) * size + k) * per] = 1;
    off += size;
    return ConcreteArray.fromTyped(data, [n, ...sh], dtypes[i]);
  });
}

/** Split a stacked [n, ...a] block into per-leaf pieces and arrange each as `outer ++ inner` shape. */
function blocks(stacked: NDArray, leafShapes: number[][], ownShape: number[], stackedFirst: boolean): NDArray[] {
  let off = 0;
  return leafShapes.map((sh) => {
    const size = prod(sh);
    const start = stacked.shape.map(() => 0);
    const stop = [...stacked.shape];
    start[0] = off;
    stop[0] = off + size;
    off += size;
    const piece = reshape(slice(stacked, start, stop), [...sh, ...ownShape]);
    if (!stackedFirst) return piece;
    // [...sh, ...own] → [...own, ...sh]
    const perm = [...ownShape.map((_, i) => sh.length + i), ...sh.map((_, i) => i)];
    return transpose(piece, perm);
  });
}

function prepare(f: Fn, argnums: Argnums, args: Tree[], op: "jacfwd" | "jacrev", holomorphic: boolean) {
  checkFn(f, op);
  const nums = normArgnums(argnums, op);
  checkArgnums(nums, args.length, op);
  const [xs, inDef] = flattenArrays(nums.map((i) => args[i]), op);
  // as JAX: jacfwd takes complex inputs only with holomorphic (jacrev: any inexact input, real outputs)
  checkInputs(op, xs, holomorphic, op === "jacrev");
  const [fFlat, outDef] = flattenFun(withArgs(f, args, nums), inDef, op);
  const pack = (perOut: NDArray[][]): Tree => {
    const inner = perOut.map((row) => {
      const t = unflatten(inDef, row) as Tree[];
      return typeof argnums === "number" ? t[0] : t;
    });
    return unflatten(outDef(), inner);
  };
  return { xs, fFlat, pack };
}

/**
 * Jacobian by forward mode (one JVP per input element, batched with vmap).
 * @example jacfwd((x) => np.multiply(x, x))(np.array([1, 2])) // [[2, 0], [0, 4]]
 */
export function jacfwd<F extends Fn, const N extends Argnums = 0>(f: F, opts?: JacOptions<N>): (...args: ArgsOf<Parameters<F>>) => Jacobian<F, N>;
export function jacfwd(f: Fn, opts: JacOptions = {}): (...args: Tree[]) => Tree {
  const { argnums = 0, holomorphic = false, checkHolomorphic = true } = opts;
  return (...args: Tree[]) => {
    const { xs, fFlat, pack } = prepare(f, argnums, args, "jacfwd", holomorphic);
    if (holomorphic) {
      checkOutputs("jacfwd", jvpFlat(fFlat, xs, xs.map((x) => zerosLike(x)))[0], true, "jvp");
      if (checkHolomorphic) checkHolomorphicAt("jacfwd", fFlat, xs);
    }
    const inShapes = xs.map((x) => x.shape);
    const n = inShapes.reduce((s, sh) => s + prod(sh), 0);
    const push = (...ts: NDArray[]) => jvpFlat(fFlat, xs, ts)[1];
    const outs = vmapFlat(push, xs.map(() => 0), basis(inShapes, xs.map((x) => x.dtype)), n);
    return pack(outs.map((o) => blocks(o, inShapes, o.shape.slice(1), true)));
  };
}

/**
 * Jacobian by reverse mode (one VJP per output element, batched with vmap).
 * @example jacrev((x) => np.multiply(x, x))(np.array([1, 2])) // [[2, 0], [0, 4]]
 */
export function jacrev<F extends Fn, const N extends Argnums = 0>(f: F, opts?: JacOptions<N>): (...args: ArgsOf<Parameters<F>>) => Jacobian<F, N>;
export function jacrev(f: Fn, opts: JacOptions = {}): (...args: Tree[]) => Tree {
  const { argnums = 0, holomorphic = false, checkHolomorphic = true } = opts;
  return (...args: Tree[]) => {
    const { xs, fFlat, pack } = prepare(f, argnums, args, "jacrev", holomorphic);
    const [outs, back] = vjpFlat(fFlat, xs);
    checkOutputs("jacrev", outs, holomorphic, "vjp");
    if (holomorphic && checkHolomorphic) checkHolomorphicAt("jacrev", fFlat, xs);
    const outShapes = outs.map((o) => o.shape);
    const m = outShapes.reduce((s, sh) => s + prod(sh), 0);
    const pull = (...cts: NDArray[]) => back(cts);
    const grads = vmapFlat(pull, outs.map(() => 0), basis(outShapes, outs.map((o) => o.dtype)), m);
    // grads[i]: [m, ...inShape_i] → per output j: [...outShape_j, ...inShape_i]
    const perIn = grads.map((g) => blocks(g, outShapes, g.shape.slice(1), false));
    return pack(outShapes.map((_, j) => perIn.map((row) => row[j])));
  };
}

/**
 * Hessian: jacfwd of jacrev. With `argnums: [0, 1]` it returns the nested blocks `[[h00, h01], [h10, h11]]`.
 * @example hessian((x) => np.sum(np.power(x, 3)))(np.array([1, 2])) // [[6, 0], [0, 12]]
 */
export function hessian<F extends Fn, const N extends Argnums = 0>(
  f: F,
  opts?: JacOptions<N>,
): (...args: ArgsOf<Parameters<F>>) => JacOf<Jacobian<F, N>, GradAt<Parameters<F>, N>>;
export function hessian(f: Fn, opts: JacOptions = {}): (...args: Tree[]) => Tree {
  return jacfwd(jacrev(f, opts), opts);
}
