/**
 * @file The primitives of complex parts — real, imag, complex (two real arrays → one complex) and
 * conj — with all their rules. Their complex rules (how they run) are in complex_rules.ts. Derivatives
 * follow JAX: the VJP is the transpose of the JVP as a real-linear map (docs/complex.md).
 */
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { complexDType, isComplex, isFloat, realDType } from "../core/dtype.js";
import { NoParams, Primitive, UndefPrimal } from "../core/primitive.js";
import { loweredImpl } from "../lower/lowering.js";
import { bind1 } from "../core/trace.js";
import { elementwiseBatch } from "./elementwise.js";
import * as L from "../lax/index.js";

function complexOnly(name: string, x: ShapedArray): void {
  if (!isComplex(x.dtype)) throw new TypeError(`${name}: expected a complex dtype (complex64 or complex128), got ${x.dtype}`);
}
/** Complex primitives never lower to a kernel themselves: src/lower/complex.ts runs their complex rules. */
const viaComplexRule = (name: string) => () => {
  throw new Error(`internal: ${name} reached a kernel; complex equations are replaced by their complex rules first`);
};

function partPrim(name: string, jvp: (t: NDArray) => NDArray, transpose: (ct: NDArray) => NDArray): Primitive<NoParams> {
  const prim: Primitive<NoParams> = {
    name,
    abstractEval([x]) {
      complexOnly(name, x);
      return [ShapedArray.of(x.shape, realDType(x.dtype))];
    },
    impl: loweredImpl,
    lower: viaComplexRule(name),
    jvp: ([x], [t]) => [[bind1(prim, [x])], [L.isZeroTangent(t) ? L.zeroTangent(ShapedArray.of(x.shape, realDType(x.dtype))) : jvp(t)]],
    transpose: ([ct]) => [ct && transpose(ct)],
    batch: ([x], dims) => [[bind1(prim, [x])], dims],
  };
  return prim;
}

// d re(z) = re(dz) ; transpose: ct ↦ complex(ct, 0)   (⟨re dz, c⟩ = Re⟨dz, c + 0i⟩)
export const realP = partPrim("real", (t) => L.real(t), (ct) => L.complex(ct, L.zerosLike(ct)));
// d im(z) = im(dz) ; transpose: ct ↦ complex(0, −ct)   (JAX's convention: a cotangent u + iv pairs with dz as Re(dz·(u + iv)))
export const imagP = partPrim("imag", (t) => L.imag(t), (ct) => L.complex(L.zerosLike(ct), L.neg(ct)));

// d conj(z) = conj(dz) ; transpose: conj(ct)
export const conjP: Primitive<NoParams> = {
  name: "conj",
  abstractEval([x]) {
    complexOnly("conj", x);
    return [x];
  },
  impl: loweredImpl,
  lower: viaComplexRule("conj"),
  jvp: ([x], [t]) => [[L.conj(x)], [L.isZeroTangent(t) ? t : L.conj(t)]],
  transpose: ([ct]) => [ct && L.conj(ct)],
  batch: ([x], dims) => [[L.conj(x)], dims],
};

// d complex(x, y) = complex(dx, dy) ; transpose: ct ↦ (re ct, −im ct)
export const complexP: Primitive<NoParams> = {
  name: "complex",
  abstractEval([x, y]) {
    if (!isFloat(x.dtype) || x.dtype !== y.dtype) {
      throw new TypeError(`complex: expected two arrays of one float dtype (float32 or float64), got ${x.dtype} and ${y.dtype}`);
    }
    if (x.shape.length !== y.shape.length || x.shape.some((d, i) => d !== y.shape[i])) {
      throw new RangeError(`complex: operand shapes differ: [${x.shape}] vs [${y.shape}]`);
    }
    return [ShapedArray.of(x.shape, complexDType(x.dtype))];
  },
  impl: loweredImpl,
  lower: viaComplexRule("complex"),
  jvp([x, y], [dx, dy]) {
    const out = L.complex(x, y);
    if (L.isZeroTangent(dx) && L.isZeroTangent(dy)) return [[out], [L.zeroTangent(out)]];
    return [[out], [L.complex(dx, dy)]];
  },
  transpose([ct], [x, y]) {
    if (!ct) return [null, null];
    return [x instanceof UndefPrimal ? L.real(ct) : null, y instanceof UndefPrimal ? L.neg(L.imag(ct)) : null];
  },
  batch: (args, dims, p, size) => elementwiseBatch(complexP)(args, dims, p, size),
};
