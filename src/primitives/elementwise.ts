/**
 * @file Elementwise primitives — unary math, binary arithmetic, comparisons, select, casts and
 * stop_gradient — each with all its rules. Operands of an elementwise primitive have equal shapes
 * and dtypes (the numpy layer broadcasts and promotes before binding).
 */
import { ShapedArray, fmtShape, shapeEq } from "../core/aval.js";
import { DType, isComplex, isFloat, isInexact, realDType } from "../core/dtype.js";
import { NDArray } from "../core/array.js";
import { BDim, NoParams, Primitive, UndefPrimal } from "../core/primitive.js";
import { BinaryOp, UnaryOp, bin, cast, gidx, load, select as kselect, un } from "../lower/kernel.js";
import { kernelRules } from "./impl.js";
import * as L from "../lax/index.js";

type DtypeRule = "float" | "numeric" | "any" | "bool-int" | "int";

/** The elementwise primitives defined for complex operands (each has a complex rule in complex_rules.ts). */
const COMPLEX_OK = new Set(["neg", "exp", "log", "log1p", "expm1", "sqrt", "sin", "cos", "tan", "sinh", "cosh", "tanh", "abs", "add", "sub", "mul", "div", "pow", "eq", "ne"]);
/** Those that need an order, which complex numbers do not have. */
const ORDERED = new Set(["sign", "floor", "ceil", "round", "trunc", "rem", "max", "min", "lt", "le", "gt", "ge"]);

/** A TypeError for an op that needs ordered values given a complex dtype. */
export function notOrdered(name: string, d: DType): void {
  if (isComplex(d)) throw new TypeError(`${name}: ${d} is not ordered; compare abs(x) or real(x) instead`);
}

function checkDtype(name: string, d: DType, rule: DtypeRule): void {
  if (isComplex(d)) {
    if (COMPLEX_OK.has(name)) return;
    // NB: JAX orders complex numbers lexicographically in max/min/sort; we refuse (docs/complex.md)
    if (ORDERED.has(name)) throw new TypeError(`${name}: ${d} is not ordered; compare abs(x) or real(x) instead`);
    throw new TypeError(`${name}: not defined for ${d} (complex input is not supported by ${name}; see docs/complex.md)`);
  }
  const ok =
    rule === "any" ||
    (rule === "float" && isFloat(d)) ||
    (rule === "numeric" && d !== "bool") ||
    (rule === "bool-int" && !isFloat(d)) ||
    (rule === "int" && (d === "int32" || d === "uint32"));
  if (!ok) {
    const want = { float: "a float dtype", numeric: "a numeric (non-bool) dtype", "bool-int": "a bool or integer dtype", int: "an integer dtype (int32 or uint32)", any: "" }[rule];
    throw new TypeError(`${name}: expected ${want}, got ${d}`);
  }
}

function sameAvals(name: string, avals: ShapedArray[]): void {
  const a = avals[0];
  for (let i = 1; i < avals.length; i++) {
    const b = avals[i];
    if (!shapeEq(a.shape, b.shape)) throw new RangeError(`${name}: operand shapes differ: ${avals.map((x) => fmtShape(x.shape)).join(" vs ")}`);
    if (a.dtype !== b.dtype) throw new TypeError(`${name}: operand dtypes differ: ${avals.map((x) => x.dtype).join(" vs ")}`);
  }
}

/** Batch an elementwise primitive: bring batch dims to the front and broadcast unbatched operands. */
export function elementwiseBatch(prim: Primitive<NoParams>) {
  return (args: NDArray[], dims: BDim[], _p: unknown, size: number): [NDArray[], BDim[]] => {
    const d0 = dims.find((d) => d !== null)!;
    if (dims.every((d) => d === d0) && args.every((a) => shapeEq(a.shape, args[0].shape))) {
      return [L.bindPrim(prim, args), [d0]];
    }
    const moved = args.map((a, i) => L.batchToFront(a, dims[i], size));
    return [L.bindPrim(prim, moved), [0]];
  };
}

// ---- unary ----

type UnaryJvp = (x: NDArray, out: NDArray, t: NDArray) => NDArray;

/** The `transpose` of a primitive that is not linear in any operand (autodiff never transposes it). */
const nonlinear = null;

/** An elementwise primitive of one operand: its kernel op, dtype rule, JVP and transpose (`nonlinear` if none). */
function unaryPrim(name: string, op: UnaryOp, rule: DtypeRule, jvp: UnaryJvp | "zero", transpose: Primitive["transpose"], outDtype?: DType): Primitive<NoParams> {
  const abstractEval = ([x]: ShapedArray[]) => {
    checkDtype(name, x.dtype, rule);
    return [ShapedArray.of(x.shape, outDtype ?? (name === "abs" ? realDType(x.dtype) : x.dtype))];
  };
  const prim: Primitive<NoParams> = {
    name,
    abstractEval,
    ...kernelRules(name, abstractEval, ([x], _p, o) => ({
      inputs: [x.dtype],
      out: o.dtype,
      size: o.size,
      expr: un(op, load(0, gidx, x.dtype), o.dtype),
    })),
    jvp([x], [t]) {
      const out = L.bindPrim(prim, [x])[0];
      return [[out], [jvp === "zero" || L.isZeroTangent(t) ? L.zeroTangent(out) : jvp(x, out, t)]];
    },
    transpose,
    batch: (args, dims) => [L.bindPrim(prim, args), dims],
  };
  return prim;
}


// d(-x) = -dx
// transpose of negation = negation
export const negP = unaryPrim("neg", "neg", "numeric", (_x, _o, t) => L.neg(t), ([ct]) => [ct && L.neg(ct)]);

export const signP = unaryPrim("sign", "sign", "numeric", "zero", nonlinear); // d(sign x) = 0
export const floorP = unaryPrim("floor", "floor", "float", "zero", nonlinear); // d(floor x) = 0
export const ceilP = unaryPrim("ceil", "ceil", "float", "zero", nonlinear); // d(ceil x) = 0
export const roundP = unaryPrim("round", "round", "float", "zero", nonlinear); // d(round x) = 0
export const truncP = unaryPrim("trunc", "trunc", "float", "zero", nonlinear); // d(trunc x) = 0
export const notP = unaryPrim("not", "not", "bool-int", "zero", nonlinear); // no derivative for logic
export const expP = unaryPrim("exp", "exp", "float", (_x, o, t) => L.mul(t, o), nonlinear); // d(eˣ) = eˣ·dx
export const exp2P = unaryPrim("exp2", "exp2", "float", (_x, o, t) => L.mul(t, L.mul(o, Math.LN2)), nonlinear); // d(2ˣ) = 2ˣ·ln2·dx
export const logP = unaryPrim("log", "log", "float", (x, _o, t) => L.div(t, x), nonlinear); // d(log x) = dx/x
export const log1pP = unaryPrim("log1p", "log1p", "float", (x, _o, t) => L.div(t, L.add(x, 1)), nonlinear); // d(log(1+x)) = dx/(1+x)
export const expm1P = unaryPrim("expm1", "expm1", "float", (_x, o, t) => L.mul(t, L.add(o, 1)), nonlinear); // d(eˣ-1) = eˣ·dx
// d√x = dx/(2√x)   (NB: as JAX, √′(0) = inf)
export const sqrtP = unaryPrim("sqrt", "sqrt", "float", (_x, o, t) => L.div(t, L.mul(o, 2)), nonlinear);
// d∛x = dx/(3·∛x²)
export const cbrtP = unaryPrim("cbrt", "cbrt", "float", (_x, o, t) => L.div(t, L.mul(L.square(o), 3)), nonlinear);
export const sinP = unaryPrim("sin", "sin", "float", (x, _o, t) => L.mul(t, L.cos(x)), nonlinear); // d(sin x) = cos x·dx
export const cosP = unaryPrim("cos", "cos", "float", (x, _o, t) => L.neg(L.mul(t, L.sin(x))), nonlinear); // d(cos x) = -sin x·dx
export const tanP = unaryPrim("tan", "tan", "float", (_x, o, t) => L.mul(t, L.add(L.square(o), 1)), nonlinear); // d(tan x) = (1+tan²x)·dx
// d(asin x) = dx/√(1-x²)
export const asinP = unaryPrim("asin", "asin", "float", (x, _o, t) => L.div(t, L.sqrt(L.sub(L.fullLike(x, 1), L.square(x)))), nonlinear);
// d(acos x) = -dx/√(1-x²)
export const acosP = unaryPrim("acos", "acos", "float", (x, _o, t) => L.neg(L.div(t, L.sqrt(L.sub(L.fullLike(x, 1), L.square(x))))), nonlinear);
export const atanP = unaryPrim("atan", "atan", "float", (x, _o, t) => L.div(t, L.add(L.square(x), 1)), nonlinear); // d(atan x) = dx/(1+x²)
export const sinhP = unaryPrim("sinh", "sinh", "float", (x, _o, t) => L.mul(t, L.cosh(x)), nonlinear); // d(sinh x) = cosh x·dx
export const coshP = unaryPrim("cosh", "cosh", "float", (x, _o, t) => L.mul(t, L.sinh(x)), nonlinear); // d(cosh x) = sinh x·dx
export const tanhP = unaryPrim("tanh", "tanh", "float", (_x, o, t) => L.mul(t, L.sub(L.fullLike(o, 1), L.square(o))), nonlinear); // d(tanh x) = (1-tanh²x)·dx
export const asinhP = unaryPrim("asinh", "asinh", "float", (x, _o, t) => L.div(t, L.sqrt(L.add(L.square(x), 1))), nonlinear); // d(asinh x) = dx/√(x²+1)
// d(acosh x) = dx/(√(x-1)·√(x+1))
export const acoshP = unaryPrim("acosh", "acosh", "float", (x, _o, t) => L.div(t, L.mul(L.sqrt(L.sub(x, 1)), L.sqrt(L.add(x, 1)))), nonlinear);
export const atanhP = unaryPrim("atanh", "atanh", "float", (x, _o, t) => L.div(t, L.sub(L.fullLike(x, 1), L.square(x))), nonlinear); // d(atanh x) = dx/(1-x²)
// d|x| = dx where x ≥ 0, −dx below   (as JAX: |·|′(0) = 1)
// complex: d|z| = Re(conj(z)·dz)/|z|, and 0 at z = 0 (as JAX)
export const absP = unaryPrim("abs", "abs", "numeric", (x, o, t) => {
  if (!isComplex(x.dtype)) return L.select(L.ge(x, 0), t, L.neg(t));
  const safe = L.select(L.eq(o, 0), L.fullLike(o, 1), o);
  return L.real(L.mul(t, L.div(L.conj(x), L.convert(safe, x.dtype))));
}, nonlinear);
// d(erf x) = 2/√π·exp(-x²)·dx
export const erfP = unaryPrim("erf", "erf", "float", (x, _o, t) => L.mul(t, L.mul(L.exp(L.neg(L.square(x))), 2 / Math.sqrt(Math.PI))), nonlinear);

// ---- binary ----

type BinaryJvp = (x: NDArray, y: NDArray, out: NDArray, dx: NDArray, dy: NDArray) => NDArray;

/** An elementwise primitive of two operands of one shape: kernel op, dtype rule, JVP, transpose (`nonlinear` if none). */
function binaryPrim(name: string, op: BinaryOp, rule: DtypeRule, jvp: BinaryJvp | "zero", transpose: Primitive["transpose"], outBool = false): Primitive<NoParams> {
  const abstractEval = (avals: ShapedArray[]) => {
    sameAvals(name, avals);
    checkDtype(name, avals[0].dtype, rule);
    return [ShapedArray.of(avals[0].shape, outBool ? "bool" : avals[0].dtype)];
  };
  const prim: Primitive<NoParams> = {
    name,
    abstractEval,
    ...kernelRules(name, abstractEval, ([x, y], _p, o) => ({
      inputs: [x.dtype, y.dtype],
      out: o.dtype,
      size: o.size,
      expr: bin(op, load(0, gidx, x.dtype), load(1, gidx, y.dtype), o.dtype),
    })),
    jvp([x, y], [dx, dy]) {
      const out = L.bindPrim(prim, [x, y])[0];
      if (jvp === "zero" || (L.isZeroTangent(dx) && L.isZeroTangent(dy))) return [[out], [L.zeroTangent(out)]];
      return [[out], [jvp(x, y, out, dx, dy)]];
    },
    transpose,
    batch: (args, dims, p, size) => elementwiseBatch(prim)(args, dims, p, size),
  };
  return prim;
}

// (x+y)' = dx + dy ; transpose: both operands receive ct
export const addP = binaryPrim("add", "add", "any", (_x, _y, _o, dx, dy) => sumTerms(dx, dy), ([ct], [x, y]) => [
  x instanceof UndefPrimal ? ct : null,
  y instanceof UndefPrimal ? ct : null,
]);
// (x-y)' = dx - dy ; transpose: ct, -ct
export const subP = binaryPrim("sub", "sub", "numeric", (_x, _y, _o, dx, dy) => sumTerms(dx, L.isZeroTangent(dy) ? dy : L.neg(dy)), ([ct], [x, y]) => [
  x instanceof UndefPrimal ? ct : null,
  y instanceof UndefPrimal && ct ? L.neg(ct) : null,
]);
// (x·y)' = dx·y + x·dy ; transpose (linear in one operand): ct·y or x·ct
export const mulP = binaryPrim("mul", "mul", "any", (x, y, _o, dx, dy) => sumTerms(term(dx, () => L.mul(dx, y)), term(dy, () => L.mul(x, dy))), ([ct], [x, y]) => {
  if (x instanceof UndefPrimal && y instanceof UndefPrimal) throw new Error("transpose: mul of two linear values is not linear");
  if (!ct) return [null, null];
  return x instanceof UndefPrimal ? [L.mul(ct, y as NDArray), null] : [null, L.mul(x as NDArray, ct)];
});
// (x/y)' = (dx - (x/y)·dy)/y ; transpose (linear in x): ct/y
export const divP = binaryPrim("div", "div", "numeric", (_x, y, o, dx, dy) => sumTerms(term(dx, () => L.div(dx, y)), term(dy, () => L.neg(L.mul(L.div(o, y), dy)))), ([ct], [x, y]) => {
  if (y instanceof UndefPrimal) throw new Error("transpose: div is not linear in its divisor");
  return [ct && x instanceof UndefPrimal ? L.div(ct, y) : null, null];
});
// rem(x,y) = x - y·trunc(x/y) ⇒ d = dx - trunc(x/y)·dy
export const remP = binaryPrim("rem", "rem", "numeric", (x, y, _o, dx, dy) => L.sub(dx, L.mul(L.trunc(L.div(x, y)), dy)), nonlinear);
// d(xʸ) = y·x^(y-1)·dx + log(x)·xʸ·dy   (as JAX, the dy term is 0 where x = 0; see powDxCoef for the dx term)
// NB: JAX zeroes the dx term wherever y = 0, which makes its Hessian of xʸ asymmetric at (4, 0)
// (∂²/∂y∂x = 0 one way, 1/4 the other); ours is 1/x both ways.
export const powP = binaryPrim("pow", "pow", "numeric", (x, y, o, dx, dy) => {
  if (!isInexact(x.dtype)) return L.zeroTangent(o); // integer powers: no derivative
  const dxTerm = () => L.mul(dx, powDxCoef(x, y, o));
  // double where: log sees 1, not 0, where x = 0, so no −inf enters the backward pass
  const dyTerm = () => L.mul(dy, L.mul(L.log(L.select(L.eq(x, 0), L.fullLike(x, 1), x)), o));
  return sumTerms(term(dx, dxTerm), term(dy, dyTerm));
}, nonlinear);

/**
 * ∂xʸ/∂x = y·x^(y−1), written so that every derivative of it is right and no inf or NaN reaches a
 * backward pass through a discarded branch (the "double where": the unused branch sees safe inputs):
 * - y ≠ 0: y·x^(y−1) with x replaced by 1 where y = 0; where x = 0 its y-dependence is held constant,
 *   matching the dy term's convention (∂xʸ/∂y = 0 at x = 0), so the mixed partials agree there too;
 * - y = 0, x ≠ 0: (y/x)·xʸ — equal to y·x^(y−1) in value (0) and in every y-derivative (so the mixed
 *   partial ∂²xʸ/∂y∂x = 1/x at y = 0 agrees with ∂²/∂x∂y), and all its x-derivatives are exactly 0
 *   without forming 0·x^(−2), which overflows to 0·inf = NaN for tiny x;
 * - y = 0, x = 0: 0 (x⁰ = 1 is constant; the mixed partial is taken as 0 both ways).
 */
function powDxCoef(x: NDArray, y: NDArray, o: NDArray): NDArray {
  const one = L.fullLike(x, 1), yZero = L.eq(y, 0), xZero = L.eq(x, 0);
  const yc = L.select(xZero, L.stopGradient(y), y);
  const general = L.mul(yc, L.pow(L.select(yZero, one, x), L.sub(yc, 1)));
  const xs = L.select(L.and(yZero, L.not(xZero)), x, one), os = L.select(yZero, o, one);
  const atYZero = L.select(xZero, L.zerosLike(x), L.mul(L.div(y, xs), os));
  return L.select(yZero, atYZero, general);
}
// d max(x,y) = dx where x>y, dy where y>x, (dx+dy)/2 on ties (NB: as JAX, ties split ½/½)
export const maxP = binaryPrim("max", "max", "any", (x, y, o, dx, dy) => tieSplit(x, y, o, dx, dy), nonlinear);
// d min(x,y) = dx where x<y, dy where y<x, (dx+dy)/2 on ties
export const minP = binaryPrim("min", "min", "any", (x, y, o, dx, dy) => tieSplit(x, y, o, dx, dy), nonlinear);
// d atan2(y,x) = (x·dy - y·dx)/(x²+y²)   (operands here: first y, then x, as NumPy's arctan2)
export const atan2P = binaryPrim("atan2", "atan2", "float", (y, x, _o, dy, dx) =>
  L.div(L.sub(L.mul(x, dy), L.mul(y, dx)), L.add(L.square(x), L.square(y))),
  nonlinear,
);
export const andP = binaryPrim("and", "and", "bool-int", "zero", nonlinear);
export const orP = binaryPrim("or", "or", "bool-int", "zero", nonlinear);
export const xorP = binaryPrim("xor", "xor", "bool-int", "zero", nonlinear);
// shifts of the 32 bits (amounts outside [0, 32): 0, or the sign for the arithmetic right shift, as XLA); no derivative
export const shiftLeftP = binaryPrim("shift_left", "shl", "int", "zero", nonlinear);
export const shiftRightLogicalP = binaryPrim("shift_right_logical", "shr_u", "int", "zero", nonlinear);
export const shiftRightArithmeticP = binaryPrim("shift_right_arithmetic", "shr_s", "int", "zero", nonlinear);
// comparisons: piecewise constant, zero derivative
export const eqP = binaryPrim("eq", "eq", "any", "zero", nonlinear, true);
export const neP = binaryPrim("ne", "ne", "any", "zero", nonlinear, true);
export const ltP = binaryPrim("lt", "lt", "any", "zero", nonlinear, true);
export const leP = binaryPrim("le", "le", "any", "zero", nonlinear, true);
export const gtP = binaryPrim("gt", "gt", "any", "zero", nonlinear, true);
export const geP = binaryPrim("ge", "ge", "any", "zero", nonlinear, true);

/** A JVP term, skipped (null) when its tangent is a zero tangent: 0·∞ or 0·NaN must not leak in. */
function term(t: NDArray, f: () => NDArray): NDArray | null {
  return L.isZeroTangent(t) ? null : f();
}
function sumTerms(a: NDArray | null, b: NDArray | null): NDArray {
  if (a && !L.isZeroTangent(a)) return b && !L.isZeroTangent(b) ? L.add(a, b) : a;
  return b ?? a!;
}

/**
 * The tangent of max/min: each operand equal to the result contributes its tangent, halved when both
 * are (a tie). Where the result is NaN neither operand equals it, so the tangent is 0 (as JAX).
 */
function tieSplit(x: NDArray, y: NDArray, out: NDArray, dx: NDArray, dy: NDArray): NDArray {
  const xHit = L.eq(x, out), yHit = L.eq(y, out);
  const weight = (hit: NDArray, other: NDArray) => L.select(hit, L.select(other, L.fullLike(out, 0.5), L.fullLike(out, 1)), L.zerosLike(out));
  return sumTerms(term(dx, () => L.mul(dx, weight(xHit, yHit))), term(dy, () => L.mul(dy, weight(yHit, xHit))));
}

// ---- select, cast, stop_gradient ----

const selectEval = ([p, t, f]: ShapedArray[]) => {
  if (p.dtype !== "bool") throw new TypeError(`select: predicate must be bool, got ${p.dtype}`);
  sameAvals("select", [t, f]);
  if (!shapeEq(p.shape, t.shape)) throw new RangeError(`select: predicate shape ${fmtShape(p.shape)} differs from operands ${fmtShape(t.shape)}`);
  return [t];
};
// select(p, t, f)' = select(p, dt, df) ; transpose: ct goes to the chosen branch
export const selectP: Primitive<NoParams> = {
  name: "select",
  abstractEval: selectEval,
  ...kernelRules("select", selectEval, ([p, t, f], _x, o) => ({
    inputs: [p.dtype, t.dtype, f.dtype],
    out: o.dtype,
    size: o.size,
    expr: kselect(load(0, gidx, "bool"), load(1, gidx, t.dtype), load(2, gidx, f.dtype)),
  })),
  jvp: ([p, t, f], [, dt, df]) => [[L.select(p, t, f)], [L.select(p, dt, df)]],
  transpose([ct], [p, t, f]) {
    if (p instanceof UndefPrimal) throw new Error("transpose: select is not linear in its predicate");
    if (!ct) return [null, null, null];
    const z = L.zerosLike(ct);
    return [null, t instanceof UndefPrimal ? L.select(p, ct, z) : null, f instanceof UndefPrimal ? L.select(p, z, ct) : null];
  },
  batch: (args, dims, p, size) => elementwiseBatch(selectP)(args, dims, p, size),
};

const convertEval = ([x]: ShapedArray[], { newDtype }: { newDtype: DType }) => [ShapedArray.of(x.shape, newDtype)];
// d convert(x) = convert(dx) between floats; zero into integer/bool dtypes
export const convertElementTypeP: Primitive<{ newDtype: DType }> = {
  name: "convert_element_type",
  abstractEval: convertEval,
  ...kernelRules("convert_element_type", convertEval, ([x], { newDtype }, o) => ({
    inputs: [x.dtype],
    out: newDtype,
    size: o.size,
    expr: cast(load(0, gidx, x.dtype), newDtype),
  })),
  jvp([x], [t], { newDtype }) {
    const out = L.convert(x, newDtype);
    return [[out], [isInexact(newDtype) && isInexact(x.dtype) ? L.convert(t, newDtype) : L.zerosLike(out)]];
  },
  // transpose of a cast = cast back
  transpose: ([ct], [x]) => [ct && L.convert(ct, (x as UndefPrimal).aval.dtype)],
  batch: ([x], dims, { newDtype }) => [[L.convert(x, newDtype)], dims],
};

const idEval = ([x]: ShapedArray[]) => [x];
// d stop_gradient(x) = 0
export const stopGradientP: Primitive<NoParams> = {
  name: "stop_gradient",
  abstractEval: idEval,
  impl: ([x]) => [x],
  lower: ([x]) => ({ kind: "kernel", kernel: { inputs: [x.dtype], out: x.dtype, size: x.size, expr: load(0, gidx, x.dtype) } }),
  jvp: ([x]) => [[L.stopGradient(x)], [L.zerosLike(x)]],
  transpose: null,
  batch: ([x], dims) => [[L.stopGradient(x)], dims],
};
