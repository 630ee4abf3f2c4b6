/**
 * @file `np.linalg.eig` / `eigvals` of general (non-symmetric) real or complex matrices, and `np.roots`
 * through the companion matrix — complex results, as JAX's. The host primitive works on real views
 * (a complex matrix enters as its float array [..., n, n, 2]; results leave as [..., n, 2] and
 * [..., n, n, 2]), and the public functions reassemble complex arrays with `lax.complex`.
 */
import { ShapedArray, fmtShape } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { bind } from "../core/trace.js";
import { getDefaultFloat, isComplex, isFloat, realDType } from "../core/dtype.js";
import type { Primitive } from "../core/primitive.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray } from "../numpy/core.js";
import { einsum } from "../numpy/einsum.js";
import { show } from "../numpy/signature.js";
import { hostPrimitive } from "./host.js";
import { eigGeneral } from "./eig_general.js";
import { eigComplex } from "./eig_complex.js";
import { complexInv } from "./complex_lu.js";

export interface EigParams {
  /** The eigenvectors are wanted by the user (then, as JAX, no derivative). */
  vectors: boolean;
}

const NO_VECTOR_DERIVATIVE =
  "np.linalg.eig: eig has a derivative rule for its eigenvalues only, as JAX's eig (eigenvectors are defined up to a phase); differentiate np.linalg.eigvals instead";

/** A complex array from its real view [..., 2]. */
const fromView = (v: NDArray): NDArray => {
  const s = v.shape.slice(0, -1);
  const part = (k: number) => L.reshape(L.slice(v, v.shape.map(() => 0).map((z, i) => (i === v.ndim - 1 ? k : z)), v.shape.map((d, i) => (i === v.ndim - 1 ? k + 1 : d))), s);
  return L.complex(part(0), part(1));
};
/** The real view [..., 2] of a complex array. */
const toView = (z: NDArray): NDArray => {
  const s = [...z.shape, 1];
  return L.concatenate([L.reshape(L.real(z), s), L.reshape(L.imag(z), s)], z.ndim);
};

// outputs (real views): w [..., n, 2], V [..., n, n, 2] (columns are eigenvectors), V⁻¹ [..., n, n, 2]
// JVP (eigenvalues only): ẇ = diag(V⁻¹ Ȧ V)
function eigPrimitive(complexInput: boolean): Primitive<EigParams> {
  const core = complexInput ? 3 : 2;
  const prim: Primitive<EigParams> = hostPrimitive<EigParams>({
    name: complexInput ? "eig_complex" : "eig",
    coreDims: [core],
    abstractEval([a]) {
      const sq = a.shape.slice(a.ndim - core, a.ndim - core + 2);
      if (a.ndim < core || sq[0] !== sq[1] || (complexInput && a.shape[a.ndim - 1] !== 2)) throw new RangeError(`eig: expected square matrices, got ${a.str()}`);
      if (!isFloat(a.dtype)) throw new TypeError(`eig: expected a float view, got ${a.dtype}`);
      const batch = a.shape.slice(0, a.ndim - core);
      const n = sq[0];
      const mat = new ShapedArray([...batch, n, n, 2], a.dtype);
      return [new ShapedArray([...batch, n, 2], a.dtype), mat, mat];
    },
    kernel([a], [shape]) {
      const n = shape[0];
      const r = complexInput ? eigComplex(a, n) : eigGeneral(a, n);
      const v = r.v!;
      return [r.w, v, complexInv(v, n)];
    },
    transpose: null, // not linear in its operand
    jvp([a], [da], params) {
      if (params.vectors) throw new Error(NO_VECTOR_DERIVATIVE);
      const outs = bind(prim, [a], params);
      const [, v, vinv] = outs;
      const dA = complexInput ? fromView(da) : L.complex(da, L.mul(da, 0));
      const dw = einsum("...ij,...jk,...ki->...i", fromView(vinv), dA, fromView(v));
      // the eigenvectors are internal here (eigvals): no tangent is read
      return [outs, [toView(dw), L.mul(v, 0), L.mul(vinv, 0)]];
    },
  });
  return prim;
}
export const eigP = eigPrimitive(false);
export const eigComplexP = eigPrimitive(true);

/** The operand as a float or complex square matrix stack, and its primitive form (real or real view). */
function operand(op: string, x: ArrayLike): { view: NDArray; complexInput: boolean; n: number } {
  let a = asArray(x);
  if (!isFloat(a.dtype) && !isComplex(a.dtype)) a = L.convert(a, getDefaultFloat());
  if (a.ndim < 2 || a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) {
    throw new RangeError(`np.linalg.${op}: expected square matrices (rank ≥ 2), got shape ${fmtShape(a.shape)}`);
  }
  const complexInput = isComplex(a.dtype);
  return { view: complexInput ? toView(a) : a, complexInput, n: a.shape[a.ndim - 1] };
}

/**
 * The eigenvalues of general square matrices (batched over leading dimensions), complex as JAX's
 * `jnp.linalg.eigvals` (complex64 for float32 input, complex128 for float64): balancing, Hessenberg
 * reduction and Francis double-shift QR (LAPACK dgeev's pipeline), a complex-conjugate pair adjacent
 * with the positive imaginary part first. Differentiable: ẇ = diag(V⁻¹ Ȧ V) (distinct eigenvalues).
 * @example np.linalg.eigvals([[0, -1], [1, 0]]) // [0+1j, 0-1j]
 */
export function eigvals(x: ArrayLike): NDArray {
  const { view, complexInput } = operand("eigvals", x);
  const [w] = bind(complexInput ? eigComplexP : eigP, [view], { vectors: false });
  return fromView(w);
}

/**
 * Eigenvalues and right eigenvectors `[w, v]` of general square matrices: `a @ v[:, j] = w[j] v[:, j]`,
 * each column of unit 2-norm with its largest component real (LAPACK's normalisation; NB: also made
 * positive, so a column may differ from NumPy's by its sign). Complex results, as JAX's. NB: as JAX,
 * no derivative rule (eigenvectors are defined up to a phase); differentiate `eigvals` for the eigenvalues'.
 * @example const [w, v] = np.linalg.eig([[2, 0], [0, 3]]) // w = [2+0j, 3+0j]
 */
export function eig(x: ArrayLike): [NDArray, NDArray] {
  const { view, complexInput } = operand("eig", x);
  const [w, v] = bind(complexInput ? eigComplexP : eigP, [view], { vectors: true });
  return [fromView(w), fromView(v)];
}

/** Options of `roots`. */
export interface RootsOpts {
  /**
   * Strip the leading zero coefficients first (default true, as JAX; needs concrete coefficients). With
   * false the call is traceable: each leading zero gives a NaN root, at the end (as JAX).
   */
  stripZeros?: boolean;
}

/**
 * The roots of the polynomial with coefficients `p` (highest power first), as the eigenvalues of its
 * companion matrix — complex, as JAX's `jnp.roots` (NB: NumPy returns floats when all roots are real).
 * @example np.roots([1, -3, 2]) // [2+0j, 1+0j]
 */
export function roots(p: ArrayLike, opts: RootsOpts = {}): NDArray {
  const { stripZeros = true } = opts;
  if (typeof stripZeros !== "boolean") throw new TypeError(`np.roots: stripZeros must be a boolean, got ${show(stripZeros)}`);
  let c = asArray(p);
  if (!isFloat(c.dtype) && !isComplex(c.dtype)) c = L.convert(c, getDefaultFloat());
  if (c.ndim === 0) c = L.reshape(c, [1]);
  if (c.ndim !== 1) throw new RangeError(`np.roots: expected a 1-D array of coefficients, got shape ${fmtShape(c.shape)}`);
  if (stripZeros) {
    let vals: number[];
    try {
      vals = Array.from(c.data() as unknown as Iterable<number>, Number);
    } catch {
      throw new TypeError("np.roots: stripping leading zeros needs concrete coefficients (not traced: jit, vmap, grad); pass { stripZeros: false } to trace it");
    }
    const step = isComplex(c.dtype) ? 2 : 1;
    let leading = 0;
    while (leading < c.shape[0] && vals.slice(leading * step, leading * step + step).every((v) => v === 0)) leading++;
    return companionRoots(L.slice(c, [leading], [c.shape[0]]));
  }
  // traceable (as JAX): rotate the leading zeros to the end, and report a NaN root for each of them
  const len = c.shape[0];
  if (len < 2) return companionRoots(c);
  const isZero = L.eq(c, L.mul(c, 0));
  const iota = ConcreteArray.fromTyped(Int32Array.from({ length: len }, (_, i) => i), [len], "int32");
  // leading zeros = index of the first nonzero coefficient (len when all are zero)
  const nz = L.reduceMin(L.select(isZero, L.full([len], len, "int32"), iota), [0]);
  const rolled = L.gather(c, L.rem(L.add(iota, L.broadcastTo(L.min(nz, len - 1), [len])), len), 0);
  const r = companionRoots(rolled);
  const n = len - 1;
  const keep = L.lt(L.slice(iota, [0], [n]), L.broadcastTo(L.sub(n, nz), [n]));
  return L.select(keep, r, L.complex(L.full([n], NaN, realDType(r.dtype)), L.full([n], NaN, realDType(r.dtype))));
}

/** The eigenvalues of the companion matrix of coefficients `c` (c[0] ≠ 0 expected). */
function companionRoots(c: NDArray): NDArray {
  const n = c.shape[0] - 1;
  const cdt = isComplex(c.dtype) ? c.dtype : realDType(c.dtype) === "float64" ? "complex128" : "complex64";
  if (n < 1) return L.convert(L.reshape(L.slice(c, [0], [0]), [0]), cdt);
  // first row −p[1:]/p[0], ones on the subdiagonal
  const first = L.div(L.neg(L.slice(c, [1], [n + 1])), L.broadcastTo(L.reshape(L.slice(c, [0], [1]), []), [n]));
  if (n === 1) return eigvals(L.reshape(first, [1, 1]));
  const ones = Float64Array.from({ length: (n - 1) * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
  const sub = L.convert(ConcreteArray.fromTyped(ones, [n - 1, n], "float64"), c.dtype);
  return eigvals(L.concatenate([L.reshape(first, [1, n]), sub], 0));
}
