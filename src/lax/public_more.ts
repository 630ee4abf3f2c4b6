/**
 * @file More public `lax` functions (jax.lax): special-function wrappers, bit counting, nextafter,
 * reducePrecision, small shape helpers, optimizationBarrier and convWithGeneralPadding — strict as the
 * other lax wrappers (one dtype, equal shapes; src/lax/strict.ts); registered in src/public/lax.ts.
 */
import { NDArray } from "../core/array.js";
import { broadcastShapes as npBroadcastShapes } from "../core/aval.js";
import { isFloat } from "../core/dtype.js";
import { view } from "../primitives/bitcast.js";
import { show } from "../numpy/signature.js";
import { nextafter as npNextafter } from "../numpy/math_more.js";
import { i0e, i1e } from "../numpy/special_bessel.js";
import { betainc as spBetainc, gammainc, gammaincc } from "../numpy/special_incomplete.js";
import { polygamma as spPolygamma } from "../numpy/special_polygamma.js";
import { zeta as spZeta } from "../numpy/special_zeta.js";
import { gammaln } from "../numpy/special_functions.js";
import { jvp } from "../transforms/api.js";
import { ConvDimensionSpec, ConvPadding, convDimensionNumbers as convDimsOf, convGeneralDilated } from "./conv.js";
import { ConcreteArray } from "../core/array.js";
const np1d = (v: number[]): NDArray => ConcreteArray.fromTyped(Float64Array.from(v), [v.length], "float64");
import * as L from "./index.js";
import { LaxOperand, intArg, intList, laxArray, laxAxis, laxOperands } from "./strict.js";

type X = LaxOperand;
/** The operands as arrays of one float dtype and shape (or a TypeError naming `lax.fn`). */
function floatOps(fn: string, names: string[], vals: X[]): NDArray[] {
  const arrs = laxOperands(fn, names, vals);
  if (!isFloat(arrs[0].dtype)) throw new TypeError(`lax.${fn}: expected float operands, got ${arrs[0].dtype} (lax does not promote: convert with lax.convertElementType)`);
  return arrs;
}
function intOp(fn: string, x: X): NDArray {
  const a = laxArray(fn, "x", x);
  if (a.dtype !== "int32" && a.dtype !== "uint32") throw new TypeError(`lax.${fn}: expected an int32 or uint32 array, got ${a.dtype}`);
  return a;
}

// ---- special functions (each as its special.* counterpart, without promotion) ----
/** e^(−|x|)·I₀(x). @example lax.besselI0e(np.array([1])) // [0.4657596] */
export const besselI0e = (x: X): NDArray => i0e(floatOps("besselI0e", ["x"], [x])[0]);
/** e^(−|x|)·I₁(x). @example lax.besselI1e(np.array([1])) // [0.2079104] */
export const besselI1e = (x: X): NDArray => i1e(floatOps("besselI1e", ["x"], [x])[0]);
/** The regularised lower incomplete gamma P(a, x). @example lax.igamma(np.array([2]), np.array([1])) // [0.2642411] */
export const igamma = (a: X, x: X): NDArray => gammainc(...(floatOps("igamma", ["a", "x"], [a, x]) as [NDArray, NDArray]));
/** The regularised upper incomplete gamma Q(a, x). @example lax.igammac(np.array([1]), np.array([1])) // [e⁻¹] */
export const igammac = (a: X, x: X): NDArray => gammaincc(...(floatOps("igammac", ["a", "x"], [a, x]) as [NDArray, NDArray]));
/**
 * ∂P(a, x)/∂a, the derivative of the regularised lower incomplete gamma in its shape parameter.
 * @example lax.igammaGradA(np.array([2], "float64"), np.array([1], "float64")) // [-0.2761960457028348]
 */
export function igammaGradA(a: X, x: X): NDArray {
  const [aa, xx] = floatOps("igammaGradA", ["a", "x"], [a, x]);
  return jvp((t: NDArray) => gammainc(t, xx), [aa], [L.fullLike(aa, 1)])[1] as NDArray;
}
/**
 * ∂x/∂a for a Gamma(a, 1) sample x held at its quantile (the reparameterisation gradient):
 * −(∂P/∂a)/p(x; a), p the Gamma(a) density.
 * @example lax.randomGammaGrad(np.array([1], "float64"), np.array([0.5], "float64")) // [0.4180450...]
 */
export function randomGammaGrad(a: X, x: X): NDArray {
  const [aa, xx] = floatOps("randomGammaGrad", ["a", "x"], [a, x]);
  const dens = L.exp(L.sub(L.sub(L.mul(L.sub(aa, 1), L.log(xx)), xx), gammaln(aa)));
  return L.neg(L.div(igammaGradA(aa, xx), dens));
}
/**
 * ψ⁽ᵐ⁾(x). NB: m is a JS non-negative integer (JAX: an array of x's dtype).
 * @example lax.polygamma(1, np.array([1])) // [π²/6]
 */
export function polygamma(m: number, x: X): NDArray {
  const a = floatOps("polygamma", ["x"], [x])[0];
  intArg("polygamma", "m", m);
  return spPolygamma(m, a);
}
/** The Hurwitz zeta function ζ(x, q). @example lax.zeta(np.array([2]), np.array([1])) // [π²/6] */
export const zeta = (x: X, q: X): NDArray => spZeta(...(floatOps("zeta", ["x", "q"], [x, q]) as [NDArray, NDArray]));
/** The regularised incomplete beta I_x(a, b). @example lax.betainc(np.array([2]), np.array([3]), np.array([0.5])) // [0.6875] */
export const betainc = (a: X, b: X, x: X): NDArray => spBetainc(...(floatOps("betainc", ["a", "b", "x"], [a, b, x]) as [NDArray, NDArray, NDArray]));
/** The next float after x toward y. @example lax.nextafter(np.array([1], "float64"), np.array([2], "float64")) // [1.0000000000000002] */
export const nextafter = (x: X, y: X): NDArray => npNextafter(...(floatOps("nextafter", ["x", "y"], [x, y]) as [NDArray, NDArray]));

// ---- bits ----
/** The number of set bits of each 32-bit pattern (SWAR), as uint32. */
function popcount32(u: NDArray): NDArray {
  const shr = (y: NDArray, k: number) => L.shiftRightLogical(y, k);
  let v = L.sub(u, L.and(shr(u, 1), 0x55555555));
  v = L.add(L.and(v, 0x33333333), L.and(shr(v, 2), 0x33333333));
  v = L.and(L.add(v, shr(v, 4)), 0x0f0f0f0f);
  return L.and(L.add(L.add(v, shr(v, 8)), L.add(shr(v, 16), shr(v, 24))), 0xff);
}
const asBits = (a: NDArray): NDArray => (a.dtype === "uint32" ? a : view(a, "uint32"));
const backTo = (u: NDArray, like: NDArray): NDArray => (like.dtype === "uint32" ? u : view(u, like.dtype));
/**
 * The number of 1 bits of each element's 32-bit pattern (two's complement for int32), in x's dtype.
 * @example lax.populationCount(np.array([7, -1], "int32")) // [3, 32]
 */
export function populationCount(x: X): NDArray {
  const a = intOp("populationCount", x);
  return backTo(popcount32(asBits(a)), a);
}
/**
 * The number of leading zero bits of each element's 32-bit pattern, in x's dtype (32 for 0).
 * @example lax.clz(np.array([1, 0, -1], "int32")) // [31, 32, 0]
 */
export function clz(x: X): NDArray {
  const a = intOp("clz", x);
  let v = asBits(a);
  for (const k of [1, 2, 4, 8, 16]) v = L.or(v, L.shiftRightLogical(v, k)); // smear the top bit down
  return backTo(L.sub(L.fullLike(v, 32), popcount32(v)), a);
}

/**
 * Round to `mantissaBits` explicit mantissa bits (to nearest, ties to even) and to the range of
 * `exponentBits` exponent bits, as XLA's ReducePrecision: beyond the largest finite value ±∞,
 * below the smallest normal ±0 (no subnormals), NaN kept; the dtype is unchanged.
 * @example lax.reducePrecision(np.array([1.0004, 70000]), 5, 10) // [1, Infinity] (as float16)
 */
export function reducePrecision(x: X, exponentBits: number, mantissaBits: number): NDArray {
  const a = floatOps("reducePrecision", ["x"], [x])[0];
  const eb = intArg("reducePrecision", "exponentBits", exponentBits), mb = intArg("reducePrecision", "mantissaBits", mantissaBits);
  if (eb < 1) throw new RangeError(`lax.reducePrecision: exponentBits must be ≥ 1, got ${eb}`);
  if (mb < 0) throw new RangeError(`lax.reducePrecision: mantissaBits must be ≥ 0, got ${mb}`);
  const f64 = a.dtype === "float64";
  const [nativeE, nativeM] = f64 ? [11, 52] : [8, 23];
  let r = a;
  const ax = L.abs(a);
  if (mb < nativeM) {
    // e = ⌊log₂|x|⌋ (corrected where log2 rounds across a power of two); ulp = 2^(e − mb); |x|/ulp is exact
    const safe = L.select(L.or(L.eq(ax, 0), L.eq(ax, Infinity)), L.fullLike(ax, 1), L.select(L.ne(ax, ax), L.fullLike(ax, 1), ax));
    let e = L.floor(L.div(L.log(safe), Math.LN2));
    e = L.select(L.gt(L.exp2(e), safe), L.sub(e, 1), e);
    e = L.select(L.le(L.exp2(L.add(e, 1)), safe), L.add(e, 1), e);
    // scale in two exact steps so neither 2^(mb − e) nor its inverse overflows
    const k = L.sub(L.fullLike(e, mb), e);
    const k1 = L.floor(L.mul(k, 0.5)), k2 = L.sub(k, k1);
    const scaled = L.mul(L.mul(safe, L.exp2(k1)), L.exp2(k2));
    const rounded = L.mul(L.mul(L.round(scaled), L.exp2(L.neg(k1))), L.exp2(L.neg(k2)));
    r = L.select(L.eq(safe, ax), L.mul(L.sign(a), rounded), a);
    r = L.select(L.eq(a, 0), a, r);
  }
  if (eb < nativeE) {
    const bias = 2 ** (eb - 1) - 1;
    const maxFinite = (2 - 2 ** -Math.min(mb, nativeM)) * 2 ** bias, minNormal = 2 ** (1 - bias);
    const rr = L.abs(r);
    r = L.select(L.gt(rr, L.fullLike(rr, maxFinite)), L.mul(L.sign(r), L.fullLike(r, Infinity)), r);
    r = L.select(L.lt(rr, L.fullLike(rr, minNormal)), L.mul(r, 0), r);
  }
  return L.select(L.ne(a, a), a, r);
}

// ---- shapes ----
/**
 * The slice at `index` along `axis` (negative indices count from the end), kept as size 1 unless `keepdims` is false.
 * @example lax.indexInDim(np.array([[1, 2], [3, 4]]), 1, 0, false) // [3, 4]
 */
export function indexInDim(operand: X, index: number, axis = 0, keepdims = true): NDArray {
  const a = laxArray("indexInDim", "operand", operand);
  const ax = laxAxis("indexInDim", "axis", axis, a.ndim);
  const n = a.shape[ax];
  let i = intArg("indexInDim", "index", index);
  if (i < -n || i >= n) throw new RangeError(`lax.indexInDim: index ${i} is out of range for axis ${ax} of size ${n}`);
  if (i < 0) i += n;
  const lo = a.shape.map(() => 0), hi = [...a.shape];
  lo[ax] = i, hi[ax] = i + 1;
  const s = L.slice(a, lo, hi);
  if (typeof keepdims !== "boolean") throw new TypeError(`lax.indexInDim: keepdims must be a boolean, got ${show(keepdims)}`);
  return keepdims ? s : L.reshape(s, a.shape.filter((_, k) => k !== ax));
}
/**
 * Split `operand` along `axis` into pieces of the given `sizes` (which must sum to that axis's size).
 * @example lax.split(np.arange(5), [2, 3]) // [[0, 1], [2, 3, 4]]
 */
export function split(operand: X, sizes: number[], axis = 0): NDArray[] {
  const a = laxArray("split", "operand", operand);
  const ax = laxAxis("split", "axis", axis, a.ndim);
  const ss = intList("split", "sizes", sizes);
  const total = ss.reduce((p, q) => p + q, 0);
  if (ss.some((v) => v < 0) || total !== a.shape[ax]) throw new RangeError(`lax.split: sizes ${JSON.stringify(ss)} must be non-negative and sum to ${a.shape[ax]} (axis ${ax} of [${a.shape}]), got ${total}`);
  let start = 0;
  return ss.map((size) => {
    const lo = a.shape.map(() => 0), hi = [...a.shape];
    lo[ax] = start, hi[ax] = start + size;
    start += size;
    return L.slice(a, lo, hi);
  });
}
/** Zeros of x's shape and dtype. @example lax.zerosLikeArray(np.ones([2])) // [0, 0] */
export const zerosLikeArray = (x: X): NDArray => L.zerosLike(laxArray("zerosLikeArray", "x", x));
/** The broadcast shape of several shapes (NumPy's rule). @example lax.broadcastShapes([2, 1], [3]) // [2, 3] */
export function broadcastShapes(...shapes: number[][]): number[] {
  shapes.forEach((s, i) => intList("broadcastShapes", `shape ${i}`, s));
  return npBroadcastShapes("lax.broadcastShapes", ...shapes);
}
/** x with leading size-1 axes up to `rank` (unchanged if it has that many). @example lax.broadcastToRank(np.ones([3]), 2).shape // [1, 3] */
export function broadcastToRank(x: X, rank: number): NDArray {
  const a = laxArray("broadcastToRank", "x", x);
  const r = intArg("broadcastToRank", "rank", rank);
  return r <= a.ndim ? a : L.reshape(a, [...Array<number>(r - a.ndim).fill(1), ...a.shape]);
}
/**
 * Bitwise XOR over `axes` (int32, uint32 or bool): pairwise halving, log₂ n steps.
 * @example lax.reduceXor(np.array([1, 3, 4], "int32"), [0]) // 6
 */
export function reduceXor(operand: X, axes: number[]): NDArray {
  const a = laxArray("reduceXor", "operand", operand);
  if (isFloat(a.dtype)) throw new TypeError(`lax.reduceXor: expected an integer or bool array, got ${a.dtype}`);
  const ax = intList("reduceXor", "axes", axes).map((v) => laxAxis("reduceXor", "axes entry", v, a.ndim));
  const keep = a.shape.map((_, i) => i).filter((i) => !ax.includes(i));
  const n = ax.reduce((p, i) => p * a.shape[i], 1);
  let v = L.reshape(L.transpose(a, [...keep, ...ax]), [...keep.map((i) => a.shape[i]), n]);
  const last = keep.length;
  let len = n;
  if (len === 0) return L.full(keep.map((i) => a.shape[i]), 0, a.dtype);
  const sl = (lo: number, hi: number) => L.slice(v, v.shape.map(() => 0).map((z, i) => (i === last ? lo : z)), v.shape.map((d, i) => (i === last ? hi : d)));
  while (len > 1) {
    const half = Math.floor(len / 2);
    const folded = L.xor(sl(0, half), sl(half, 2 * half));
    v = len % 2 === 1 ? L.concatenate([folded, sl(2 * half, len)], last) : folded;
    len = v.shape[last];
  }
  return L.reshape(v, keep.map((i) => a.shape[i]));
}

/**
 * The identity (JAX uses it to stop XLA from moving computations across it; adjoint's compiler
 * does not reorder across function boundaries in a way this could prevent, so it is documentation).
 * NB: returns its argument unchanged, any pytree.
 * @example lax.optimizationBarrier([x, y]) // [x, y]
 */
export function optimizationBarrier<T>(operand: T): T {
  return operand;
}

/**
 * convGeneralDilated with explicit padding and dilations as positional arguments (jax.lax.conv_with_general_padding).
 * @example lax.convWithGeneralPadding(x, w, [1, 1], [[1, 1], [1, 1]], [1, 1], [1, 1])
 */
export function convWithGeneralPadding(lhs: X, rhs: X, windowStrides: number[], padding: [number, number][] | "SAME" | "VALID", lhsDilation?: number[] | null, rhsDilation?: number[] | null, dimensionNumbers?: ConvDimensionSpec | null): NDArray {
  return convGeneralDilated(lhs as NDArray, rhs as NDArray, windowStrides, padding, {
    ...(lhsDilation ? { lhsDilation } : {}),
    ...(rhsDilation ? { rhsDilation } : {}),
    ...(dimensionNumbers ? { dimensionNumbers } : {}),
  });
}

/**
 * Gather along several axes at once: element j of the result is `src` at index `idxs[i][j]` on
 * `axes[i]`, all other axes kept (in order) after the leading index axis (jax.lax.index_take).
 * Indices are clamped into range (as XLA's gather).
 * @example lax.indexTake(np.arange(12).reshape([3, 4]), [i32([0, 2]), i32([1, 3])], [0, 1]) // [1, 11]
 */
export function indexTake(src: X, idxs: X[], axes: number[]): NDArray {
  const a = laxArray("indexTake", "src", src);
  if (!Array.isArray(idxs)) throw new TypeError(`lax.indexTake: idxs must be a list of index arrays, got ${show(idxs)}`);
  const ax = intList("indexTake", "axes", axes).map((v) => laxAxis("indexTake", "axes entry", v, a.ndim));
  if (ax.length !== idxs.length || new Set(ax).size !== ax.length) throw new RangeError(`lax.indexTake: expected one index array per distinct axis, got ${idxs.length} index arrays for axes ${JSON.stringify(ax)}`);
  const ix = idxs.map((v, i) => {
    const t = laxArray("indexTake", `idxs[${i}]`, v);
    if (t.dtype !== "int32" && t.dtype !== "uint32") throw new TypeError(`lax.indexTake: idxs[${i}] must be an integer array, got ${t.dtype}`);
    if (t.ndim !== 1) throw new RangeError(`lax.indexTake: idxs[${i}] must be 1-D, got shape [${t.shape}]`);
    return L.convert(t, "int32");
  });
  const n = ix.length ? ix[0].shape[0] : 0;
  if (ix.some((t) => t.shape[0] !== n)) throw new RangeError(`lax.indexTake: the index arrays differ in length: ${ix.map((t) => t.shape[0]).join(" vs ")}`);
  const rest = a.shape.map((_, i) => i).filter((i) => !ax.includes(i));
  const sizes = ax.map((i) => a.shape[i]);
  const flat = L.reshape(L.transpose(a, [...ax, ...rest]), [sizes.reduce((p, q) => p * q, 1), ...rest.map((i) => a.shape[i])]);
  let lin = L.full([n], 0, "int32");
  ix.forEach((t, i) => {
    const c = L.max(L.min(t, L.full([n], sizes[i] - 1, "int32")), L.full([n], 0, "int32"));
    lin = L.add(L.mul(lin, sizes[i]), c);
  });
  return L.gather(flat, lin, 0);
}

/**
 * The dimension numbers as axis permutations `{ lhs, rhs, out }` ([batch, feature, ...spatial] /
 * [out-feature, in-feature, ...spatial]) for operands of these shapes (jax.lax.conv_dimension_numbers).
 * @example lax.convDimensionNumbers([1, 5, 5, 3], [3, 3, 3, 8], ["NHWC", "HWIO", "NHWC"]) // { lhs: [0, 3, 1, 2], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] }
 */
export function convDimensionNumbers(lhsShape: number[], rhsShape: number[], dimensionNumbers?: ConvDimensionSpec | null): { lhs: number[]; rhs: number[]; out: number[] } {
  const l = intList("convDimensionNumbers", "lhsShape", lhsShape), r = intList("convDimensionNumbers", "rhsShape", rhsShape);
  if (l.length !== r.length || l.length < 2) throw new RangeError(`lax.convDimensionNumbers: lhs and rhs must have one rank ≥ 2, got [${l}] and [${r}]`);
  return convDimsOf("lax.convDimensionNumbers", l.length, dimensionNumbers);
}

/** Options of `lax.convGeneralDilatedPatches`. */
export interface PatchesOptions {
  lhsDilation?: number[];
  rhsDilation?: number[];
  dimensionNumbers?: ConvDimensionSpec | null;
  precision?: unknown;
  preferredElementType?: null;
}
/**
 * The patches a convolution with a window of `filterShape` sees (jax.lax.conv_general_dilated_patches):
 * the feature dimension of the result has size C·∏filterShape, ordered (C, *filterShape), laid out as
 * `dimensionNumbers`' output (default NCHW-style: [N, C·K, ...spatial]). A convolution with a one-hot
 * kernel and featureGroupCount = C, so it is differentiable and runs on the conv primitive.
 * @example lax.convGeneralDilatedPatches(np.ones([1, 2, 4, 4]), [2, 2], [1, 1], "VALID").shape // [1, 8, 3, 3]
 */
export function convGeneralDilatedPatches(lhs: X, filterShape: number[], windowStrides: number[], padding: ConvPadding, opts: PatchesOptions = {}): NDArray {
  const a = floatOps("convGeneralDilatedPatches", ["lhs"], [lhs])[0];
  const fs = intList("convGeneralDilatedPatches", "filterShape", filterShape);
  if (fs.length !== a.ndim - 2) throw new RangeError(`lax.convGeneralDilatedPatches: filterShape must have ${a.ndim - 2} entries (one per spatial dimension of [${a.shape}]), got ${JSON.stringify(fs)}`);
  const dn = convDimsOf("lax.convGeneralDilatedPatches", a.ndim, opts.dimensionNumbers);
  const x = L.transpose(a, dn.lhs); // [N, C, ...spatial]
  const C = x.shape[1], K = fs.reduce((p, q) => p * q, 1);
  // one-hot kernel [C·K, 1, ...filterShape]: output feature c·K + k reads input channel c at window offset k
  const data = new Array<number>(C * K * K).fill(0);
  for (let c = 0; c < C; c++) for (let k = 0; k < K; k++) data[(c * K + k) * K + k] = 1;
  const kernel = L.reshape(L.convert(np1d(data), a.dtype), [C * K, 1, ...fs]);
  const out = convGeneralDilated(x, kernel, windowStrides, padding, { lhsDilation: opts.lhsDilation, rhsDilation: opts.rhsDilation, featureGroupCount: C });
  const inv = dn.out.map(() => 0);
  dn.out.forEach((axis, i) => (inv[axis] = i));
  return L.transpose(out, inv);
}
