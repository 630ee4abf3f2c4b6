/**
 * @file bitcast_convert_type (as XLA's BitcastConvertType): the same bits read as another dtype of the
 * same width (float32 ↔ int32 ↔ uint32), and the public `view(x, dtype)` behind `x.view(dtype)`.
 */
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { DType, TypedArray, checkDType, typedArrayCtor } from "../core/dtype.js";
import { Primitive } from "../core/primitive.js";
import { bind1 } from "../core/trace.js";
import * as L from "../lax/index.js";
import { loweredImpl } from "../lower/lowering.js";

/** Bytes per element; bool is 1 but has no partner, float64 is 8 and has none either. */
const WIDTH: Partial<Record<DType, number>> = { bool: 1, int32: 4, uint32: 4, float32: 4, float64: 8 };
const partners = (d: DType) => (Object.keys(WIDTH) as DType[]).filter((e) => e !== d && WIDTH[e] === WIDTH[d]);

function bitcastEval([x]: ShapedArray[], { newDtype }: { newDtype: DType }): ShapedArray[] {
  if (WIDTH[x.dtype] === undefined || WIDTH[newDtype] === undefined) throw new TypeError(`bitcast_convert_type: complex dtypes cannot be bitcast (got ${x.dtype} → ${newDtype}); use real/imag`);
  if (WIDTH[x.dtype] !== WIDTH[newDtype]) {
    const ok = partners(x.dtype);
    throw new TypeError(`bitcast_convert_type: ${x.dtype} (${WIDTH[x.dtype]! * 8} bits) cannot be reinterpreted as ${newDtype} (${WIDTH[newDtype]! * 8} bits); ` +
      (ok.length ? `same-width dtypes: ${ok.join(", ")}` : `no other dtype has ${WIDTH[x.dtype]! * 8} bits`));
  }
  return [new ShapedArray(x.shape, newDtype)];
}

// NB: lowered as a host step (a copy of the buffer read through another typed-array view), so it does
// not fuse into kernels; the bits, NaN payloads included, are kept exactly.
// d bitcast(x) = 0: the result's bits are not a differentiable function of x (as JAX)
export const bitcastConvertTypeP: Primitive<{ newDtype: DType }> = {
  name: "bitcast_convert_type",
  abstractEval: bitcastEval,
  impl: loweredImpl,
  lower: (_avals, { newDtype }) => ({
    kind: "host",
    run: ([a]: TypedArray[]) => [new (typedArrayCtor(newDtype))(a.slice().buffer) as TypedArray],
    outDtypes: [newDtype],
  }),
  jvp([x], _t, params) {
    const out = bind1(bitcastConvertTypeP, [x], params);
    return [[out], [L.zerosLike(out)]];
  },
  transpose: null,
  batch: ([x], dims, params) => [[bind1(bitcastConvertTypeP, [x], params)], dims],
};

/**
 * The same bits read as `dtype` (NumPy's and JAX's `x.view(dtype)`), for dtypes of the same width:
 * float32 ↔ int32 ↔ uint32. Works eagerly, under jit and vmap; its derivative is zero.
 * NB: NumPy also views across widths (changing the last dimension); there is no other 64-bit dtype
 * for float64 and no other 8-bit one for bool, so those raise.
 * @example np.array(1, { dtype: "float32" }).view("int32") // 1065353216
 */
export function view(x: NDArray, dtype: DType): NDArray {
  const d = checkDType(dtype, "view");
  if (d === x.dtype) return x;
  // int32 ↔ uint32: convert already reinterprets the 32 bits, and stays fusable
  if ((d === "int32" || d === "uint32") && (x.dtype === "int32" || x.dtype === "uint32")) return L.convert(x, d);
  return bind1(bitcastConvertTypeP, [x], { newDtype: d });
}
