/** @file np.vectorize as jnp.vectorize: a function over core dimensions (a gufunc `signature`) broadcast over the rest with vmap. */
import { NDArray } from "../core/array.js";
import { broadcastShapes, fmtShape, prod } from "../core/aval.js";
import * as L from "../lax/index.js";
import { vmap } from "../transforms/api.js";
import { ArrayLike, asArray } from "./core.js";
import { show } from "./signature.js";

export interface VectorizeOpts {
  /**
   * Generalized-ufunc signature naming the core dimensions of each input and output, e.g.
   * `"(n),(n)->()"` (a dot product) or `"(m,n)->(n),(m)"`; default: every input and output is a scalar.
   */
  signature?: string;
  /** Positions of arguments passed to `f` unchanged (not broadcast or mapped), e.g. a flag or a function. */
  excluded?: Iterable<number>;
}

/** The vectorized form of `f`: array-likes where `f` takes arrays, the rest unchanged. */
export type Vectorized<F extends (...args: any[]) => any> = (...args: VectorizedArgs<Parameters<F>>) => ReturnType<F>;
type VectorizedArgs<P extends unknown[]> = { [K in keyof P]: P[K] extends NDArray ? ArrayLike : P[K] };

type Core = string[];
const DIMS = String.raw`\(\s*(?:\w+(?:\s*,\s*\w+)*)?\s*\)`;
const LIST = new RegExp(String.raw`^\s*${DIMS}(?:\s*,\s*${DIMS})*\s*$`);

function parseList(s: string): Core[] {
  return [...s.matchAll(new RegExp(DIMS, "g"))].map((m) => m[0].slice(1, -1).split(",").map((d) => d.trim()).filter(Boolean));
}

/** Parse `"(n),(n)->()"` into input and output core dimensions (exported for tests). */
export function parseGufuncSignature(sig: string): { inputs: Core[]; outputs: Core[] } {
  const parts = sig.split("->");
  if (parts.length !== 2 || !LIST.test(parts[0]) || !LIST.test(parts[1])) {
    throw new SyntaxError(`vectorize: not a valid gufunc signature: ${JSON.stringify(sig)}; expected e.g. "(n),(n)->()" or "(m,n)->(n),(m)"`);
  }
  return { inputs: parseList(parts[0]), outputs: parseList(parts[1]) };
}

/** Record each named core dimension's size; a second, different size is an error. */
function bindDims(sizes: Map<string, number>, core: Core, shape: number[], what: string): void {
  if (shape.length < core.length) {
    throw new RangeError(`vectorize: ${what} of shape ${fmtShape(shape)} has fewer dimensions than its core dimensions (${core.join(",")})`);
  }
  const tail = shape.slice(shape.length - core.length);
  core.forEach((d, i) => {
    const known = sizes.get(d);
    if (known === undefined) sizes.set(d, tail[i]);
    else if (known !== tail[i]) throw new RangeError(`vectorize: inconsistent size for core dimension '${d}': ${known} vs ${tail[i]} (${what} of shape ${fmtShape(shape)})`);
  });
}

/**
 * A function over core dimensions made to broadcast over leading ("loop") dimensions, as
 * `jnp.vectorize`: each non-excluded argument's trailing dimensions named in `signature` go to `f`,
 * its leading dimensions broadcast against the other arguments' and are mapped with `vmap` (so the
 * result is jit-able and differentiable as `f` is). Without a signature every argument and output is a
 * scalar (any pytree output is mapped leaf by leaf). With several outputs (`"->(),()"`) `f` returns a list.
 * @example
 * const dot = np.vectorize((a: NDArray, b: NDArray) => np.sum(np.multiply(a, b)), { signature: "(n),(n)->()" });
 * dot(np.ones([4, 3]), [1, 2, 3]) // [6, 6, 6, 6]
 * @example np.vectorize((x: NDArray, p: number) => np.power(x, p), { excluded: [1] })([1, 2, 3], 2) // [1, 4, 9]
 */
export function vectorize<F extends (...args: any[]) => any>(f: F, opts: VectorizeOpts = {}): Vectorized<F> {
  if (typeof f !== "function") throw new TypeError(`vectorize: f must be a function, got ${show(f)}`);
  const sig = opts.signature === undefined ? null : typeof opts.signature === "string" ? parseGufuncSignature(opts.signature) : null;
  if (opts.signature !== undefined && sig === null) throw new TypeError(`vectorize: signature must be a string such as "(n),(n)->()", got ${show(opts.signature)}`);
  const excluded = new Set<number>();
  for (const i of opts.excluded ?? []) {
    if (!Number.isInteger(i) || i < 0) throw new TypeError(`vectorize: excluded must list argument positions (non-negative integers), got ${show(i)}`);
    excluded.add(i);
  }
  const vectorized = (...args: unknown[]): unknown => {
    for (const i of excluded) if (i >= args.length) throw new RangeError(`vectorize: excluded argument ${i} was not given (called with ${args.length} argument(s))`);
    const pos = args.map((_, i) => i).filter((i) => !excluded.has(i));
    const arrays = pos.map((i) => {
      try {
        return asArray(args[i] as ArrayLike);
      } catch (e) {
        throw new TypeError(`vectorize: argument ${i}: ${(e as Error).message} (list it in { excluded } to pass it through unchanged)`);
      }
    });
    const inCore: Core[] = sig ? sig.inputs : arrays.map(() => []);
    if (inCore.length !== arrays.length) {
      throw new TypeError(`vectorize: the signature ${JSON.stringify(opts.signature)} has ${inCore.length} input(s), but the function was called with ${arrays.length} non-excluded argument(s)`);
    }
    const sizes = new Map<string, number>();
    arrays.forEach((a, j) => bindDims(sizes, inCore[j], a.shape, `argument ${pos[j]}`));
    const loops = arrays.map((a, j) => a.shape.slice(0, a.ndim - inCore[j].length));
    const batch = broadcastShapes("vectorize", ...loops);
    const n = prod(batch);

    // each argument: mapped over the flattened loop dimensions, or (no loop dimensions of its own) shared
    const inAxes: (number | null)[] = [];
    const operands = arrays.map((a, j) => {
      const core = a.shape.slice(loops[j].length);
      if (loops[j].every((d) => d === 1)) {
        inAxes.push(null);
        return L.reshape(a, core);
      }
      inAxes.push(0);
      return L.reshape(L.broadcastTo(a, [...batch, ...core]), [n, ...core]);
    });
    const call = (...xs: NDArray[]): unknown => {
      const full = [...args];
      pos.forEach((p, j) => (full[p] = xs[j]));
      const out = f(...full);
      if (sig) checkOutputs(out, sig.outputs, sizes, opts.signature as string);
      return out;
    };
    if (batch.length === 0) return call(...operands);
    // every loop dimension is 1: one call, its outputs given the loop dimensions
    if (inAxes.every((a) => a === null)) return mapLeaves(call(...operands), (leaf) => L.reshape(leaf, [...batch, ...leaf.shape]));
    const out = vmap(call as (...a: NDArray[]) => any, { inAxes })(...operands);
    return mapLeaves(out, (leaf) => L.reshape(leaf, [...batch, ...leaf.shape.slice(1)]));
  };
  return vectorized as Vectorized<F>;
}

function checkOutputs(out: unknown, outputs: Core[], sizes: Map<string, number>, sig: string): void {
  const list = outputs.length === 1 ? [out] : out;
  if (!Array.isArray(list) || list.length !== outputs.length) {
    throw new TypeError(`vectorize: the signature ${JSON.stringify(sig)} has ${outputs.length} outputs, but f returned ${Array.isArray(out) ? `a list of ${out.length}` : show(out)}`);
  }
  list.forEach((o, i) => {
    if (!(o instanceof NDArray)) throw new TypeError(`vectorize: output ${i} of f must be an array, got ${show(o)}`);
    if (o.ndim !== outputs[i].length) {
      throw new RangeError(`vectorize: output ${i} of f has shape ${fmtShape(o.shape)}, but the signature ${JSON.stringify(sig)} gives it ${outputs[i].length} core dimension(s) (${outputs[i].join(",")})`);
    }
    bindDims(sizes, outputs[i], o.shape, `output ${i}`);
  });
}

/** Apply `g` to every NDArray in a nested list/object of outputs. */
function mapLeaves(x: unknown, g: (a: NDArray) => NDArray): unknown {
  if (x instanceof NDArray) return g(x);
  if (Array.isArray(x)) return x.map((v) => mapLeaves(v, g));
  if (x !== null && typeof x === "object") return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, mapLeaves(v, g)]));
  return x;
}
