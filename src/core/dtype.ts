/** @file Dtypes, the default float, type promotion (JAX's lattice) and weak JS scalars. */

export type DType = "bool" | "int32" | "uint32" | "float32" | "float64" | "complex64" | "complex128";
export type FloatDType = "float32" | "float64";
/** The complex dtypes: stored interleaved (re, im) in a float32 resp. float64 buffer of twice the size (docs/complex.md). */
export type ComplexDType = "complex64" | "complex128";
/** Float or complex: the dtypes that carry derivatives. */
export type InexactDType = FloatDType | ComplexDType;
export type TypedArray = Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array;

export const DTYPES: readonly DType[] = ["bool", "int32", "uint32", "float32", "float64", "complex64", "complex128"];

let defaultFloat: FloatDType = "float32";

/**
 * Set the dtype that JS numbers and float-producing ops default to (JAX's default is float32).
 * @example setDefaultFloat("float64"); np.array([1, 2]).dtype // "float64"
 */
export function setDefaultFloat(dtype: FloatDType): void {
  if (dtype !== "float32" && dtype !== "float64") {
    throw new TypeError(`setDefaultFloat: expected "float32" or "float64", got ${JSON.stringify(dtype)}`);
  }
  defaultFloat = dtype;
}

/** The current default float dtype. @example getDefaultFloat() // "float32" */
export function getDefaultFloat(): FloatDType {
  return defaultFloat;
}

export function isFloat(d: DType): d is FloatDType {
  return d === "float32" || d === "float64";
}
export function isComplex(d: DType): d is ComplexDType {
  return d === "complex64" || d === "complex128";
}
/** Float or complex (the dtypes that carry derivatives, as JAX's `inexact`). */
export function isInexact(d: DType): d is InexactDType {
  return isFloat(d) || isComplex(d);
}
/**
 * The real dtype of a complex dtype's parts (complex64 → float32, complex128 → float64); a real dtype
 * is returned as is. It is also the dtype of the buffer that stores a complex array (interleaved).
 * @example realDType("complex64") // "float32"
 */
export function realDType(d: DType): DType {
  return d === "complex64" ? "float32" : d === "complex128" ? "float64" : d;
}
/**
 * The complex dtype with parts of float dtype `d` (float32 → complex64, float64 → complex128; other
 * real dtypes → the complex of the default float); a complex dtype is returned as is.
 * @example complexDType("float64") // "complex128"
 */
export function complexDType(d: DType): ComplexDType {
  if (isComplex(d)) return d;
  return (d === "float32" || d === "float64" ? d : defaultFloat) === "float64" ? "complex128" : "complex64";
}
export function isInt(d: DType): boolean {
  return d === "int32" || d === "uint32";
}

export function checkDType(d: unknown, op = "dtype"): DType {
  if (typeof d !== "string" || !(DTYPES as readonly string[]).includes(d)) {
    throw new TypeError(`${op}: unknown dtype ${JSON.stringify(d)}; expected one of ${DTYPES.join(", ")}`);
  }
  return d as DType;
}

const SHORT: Record<DType, string> = { bool: "bool", int32: "i32", uint32: "u32", float32: "f32", float64: "f64", complex64: "c64", complex128: "c128" };
export function shortName(d: DType): string {
  return SHORT[d];
}

/**
 * JAX's promotion lattice restricted to our dtypes: bool < int < float < complex, float32 < float64,
 * complex64 < complex128; a complex meets a float by the wider of their parts (complex64 ⊔ float64 =
 * complex128, complex64 ⊔ float32 = complex64).
 * NB: int32 ⊔ uint32 is int64 in JAX; with 64-bit integers absent (as JAX without x64) it is int32.
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (isComplex(a) || isComplex(b)) {
    const wide = realDType(a) === "float64" || realDType(b) === "float64";
    return wide ? "complex128" : "complex64";
  }
  if (a === "bool") return b;
  if (b === "bool") return a;
  if (isFloat(a) && isFloat(b)) return "float64";
  if (isFloat(a)) return a;
  if (isFloat(b)) return b;
  return "int32";
}

/** The TypedArray that stores dtype `d` (complex: the float array of its interleaved parts, 2 per element). */
export function typedArrayCtor(d: DType) {
  switch (d) {
    case "complex64": return Float32Array;
    case "complex128": return Float64Array;
    case "bool": return Uint8Array;
    case "int32": return Int32Array;
    case "uint32": return Uint32Array;
    case "float32": return Float32Array;
    case "float64": return Float64Array;
  }
}

/** The dtype a typed array holds (Uint8Array is read as bool). */
export function dtypeOfTypedArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Int32Array) return "int32";
  if (a instanceof Uint32Array) return "uint32";
  return "bool";
}

/** Round a JS number to what the dtype stores (complex: what one of its parts stores). */
export function castScalar(v: number, d: DType): number {
  switch (d) {
    case "complex64": return Math.fround(v);
    case "complex128": return v;
    case "bool": return v ? 1 : 0;
    case "int32": return Number.isFinite(v) ? Math.trunc(v) | 0 : 0;
    case "uint32": return Number.isFinite(v) ? Math.trunc(v) >>> 0 : 0;
    case "float32": return Math.fround(v);
    case "float64": return v;
  }
}

/**
 * The dtype a weakly typed JS scalar takes next to an operand of dtype `other` (JAX's weak types):
 * it adopts `other`, unless a non-integer meets an integer/bool dtype (then the default float).
 */
export function weakScalarDType(v: number | boolean, other: DType | null): DType {
  if (typeof v === "boolean") return other ?? "bool";
  // NB: a JS number alone is int32 only when it is an integer that fits (1e200 is a float to a JS user)
  if (other === null) return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? "int32" : defaultFloat;
  if (isFloat(other) || isComplex(other)) return other;
  if (Number.isInteger(v)) return other === "bool" ? "int32" : other;
  return defaultFloat;
}
