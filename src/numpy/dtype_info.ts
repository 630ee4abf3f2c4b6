/** @file Dtype introspection as NumPy: iinfo, finfo, canCast, issubdtype, isdtype. */
import { NDArray } from "../core/array.js";
import { DType, DTYPES, checkDType } from "../core/dtype.js";
import { show } from "./signature.js";

/** Integer dtype names iinfo knows (the machine limits of NumPy's types; adjoint computes in int32/uint32). */
export type IntName = "int8" | "int16" | "int32" | "uint8" | "uint16" | "uint32";
export interface IInfo {
  bits: number;
  min: number;
  max: number;
  dtype: IntName;
  kind: "i" | "u";
}
export interface FInfo {
  bits: number;
  /** 2^−nmant: the gap between 1 and the next float. */
  eps: number;
  /** The gap between 1 and the float below it. */
  epsneg: number;
  max: number;
  min: number;
  /** The smallest positive normal number (= smallestNormal). */
  tiny: number;
  smallestNormal: number;
  smallestSubnormal: number;
  /** 10^−precision. */
  resolution: number;
  /** Decimal digits of precision. */
  precision: number;
  maxexp: number;
  minexp: number;
  nmant: number;
  nexp: number;
  dtype: "float32" | "float64";
}

const INTS: Record<IntName, [number, boolean]> = { int8: [8, true], int16: [16, true], int32: [32, true], uint8: [8, false], uint16: [16, false], uint32: [32, false] };
const ABSENT = ["int64", "uint64", "float16", "bfloat16"];

/** The dtype name of a dtype string or an array, for the info functions. */
function nameOf(op: string, x: unknown): string {
  if (x instanceof NDArray) return x.dtype;
  if (typeof x === "string") return x;
  throw new TypeError(`${op}: expected a dtype name or an array, got ${show(x)}`);
}
function absent(op: string, d: string): never {
  throw new TypeError(`${op}: ${d} is not a dtype adjoint has (it computes in ${DTYPES.join(", ")})`);
}

/**
 * Machine limits of an integer dtype, as `np.iinfo`: `{ bits, min, max, dtype, kind }`. Takes a
 * dtype name (`int8`…`int32`, `uint8`…`uint32`) or an integer array.
 * NB: int64/uint64 do not exist here (as JAX without x64) and are an error, as is bool (as NumPy).
 * @example np.iinfo("int32").max // 2147483647
 */
export function iinfo(dtype: IntName | DType | NDArray): IInfo {
  const d = nameOf("iinfo", dtype);
  if (d in INTS) {
    const [bits, signed] = INTS[d as IntName];
    return { bits, min: signed ? -(2 ** (bits - 1)) : 0, max: signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1, dtype: d as IntName, kind: signed ? "i" : "u" };
  }
  if (ABSENT.includes(d)) absent("iinfo", d);
  throw new TypeError(`iinfo: ${JSON.stringify(d)} is not an integer dtype; expected one of ${Object.keys(INTS).join(", ")}`);
}

const F32: FInfo = {
  bits: 32, eps: 2 ** -23, epsneg: 2 ** -24, max: 3.4028234663852886e38, min: -3.4028234663852886e38, tiny: 2 ** -126, smallestNormal: 2 ** -126,
  smallestSubnormal: 2 ** -149, resolution: 1e-6, precision: 6, maxexp: 128, minexp: -126, nmant: 23, nexp: 8, dtype: "float32",
};
const F64: FInfo = {
  bits: 64, eps: 2 ** -52, epsneg: 2 ** -53, max: Number.MAX_VALUE, min: -Number.MAX_VALUE, tiny: 2 ** -1022, smallestNormal: 2 ** -1022,
  smallestSubnormal: Number.MIN_VALUE, resolution: 1e-15, precision: 15, maxexp: 1024, minexp: -1022, nmant: 52, nexp: 11, dtype: "float64",
};

/**
 * Machine limits of a float dtype, as `np.finfo`: `{ bits, eps, epsneg, max, min, tiny,
 * smallestNormal, smallestSubnormal, resolution, precision, maxexp, minexp, nmant, nexp, dtype }`.
 * Takes "float32", "float64" or a float array. Values are exact JS numbers (float32's as doubles).
 * @example np.finfo("float32").eps // 1.1920928955078125e-7
 */
export function finfo(dtype: DType | NDArray): FInfo {
  const d = nameOf("finfo", dtype);
  // as NumPy, a complex dtype's limits are those of its parts (finfo(complex64) is finfo(float32))
  if (d === "float32" || d === "complex64") return { ...F32 };
  if (d === "float64" || d === "complex128") return { ...F64 };
  if (ABSENT.includes(d)) absent("finfo", d);
  throw new TypeError(`finfo: ${JSON.stringify(d)} is not a floating dtype; expected float32 or float64`);
}

export type Casting = "no" | "equiv" | "safe" | "same_kind" | "unsafe";
// NumPy's np.can_cast tables over our dtypes (computed with NumPy): to-dtypes for each from-dtype
const C: DType[] = ["complex64", "complex128"];
const SAFE: Record<DType, DType[]> = {
  bool: ["bool", "int32", "uint32", "float32", "float64", ...C], int32: ["int32", "float64", "complex128"], uint32: ["uint32", "float64", "complex128"],
  float32: ["float32", "float64", ...C], float64: ["float64", "complex128"], complex64: [...C], complex128: ["complex128"],
};
const SAME_KIND: Record<DType, DType[]> = {
  bool: ["bool", "int32", "uint32", "float32", "float64", ...C], int32: ["int32", "float32", "float64", ...C], uint32: ["int32", "uint32", "float32", "float64", ...C],
  float32: ["float32", "float64", ...C], float64: ["float32", "float64", ...C], complex64: [...C], complex128: [...C],
};

/**
 * Whether a cast from `from` (a dtype or an array's dtype) to `to` is allowed under `casting`, as
 * `np.can_cast`: "no"/"equiv" only the same dtype, "safe" (default) value-preserving, "same_kind"
 * also within a kind (float64 → float32), "unsafe" always.
 * @example np.canCast("int32", "float64") // true
 * @example np.canCast("int32", "float32") // false (not every int32 is a float32)
 */
export function canCast(from: DType | NDArray, to: DType, casting: Casting = "safe"): boolean {
  const f = checkDType(from instanceof NDArray ? from.dtype : from, "canCast"), t = checkDType(to, "canCast");
  switch (casting) {
    case "no":
    case "equiv":
      return f === t;
    case "safe":
      return SAFE[f].includes(t);
    case "same_kind":
      return SAME_KIND[f].includes(t);
    case "unsafe":
      return true;
    default:
      throw new TypeError(`canCast: casting must be "no", "equiv", "safe", "same_kind" or "unsafe", got ${show(casting)}`);
  }
}

/** NumPy's abstract scalar types, by name (np.number → "number"). */
export type DTypeCategory = "generic" | "number" | "integer" | "signedinteger" | "unsignedinteger" | "inexact" | "floating" | "complexfloating" | "bool";
const CATEGORIES: Record<DTypeCategory, DType[]> = {
  generic: [...DTYPES], number: ["int32", "uint32", "float32", "float64", ...C], integer: ["int32", "uint32"], signedinteger: ["int32"],
  unsignedinteger: ["uint32"], inexact: ["float32", "float64", ...C], floating: ["float32", "float64"], complexfloating: [...C], bool: ["bool"],
};

/**
 * Whether `arg1` is `arg2` or below it in NumPy's type hierarchy: `arg2` is a dtype or a category
 * name — "generic", "number", "integer", "signedinteger", "unsignedinteger", "inexact", "floating",
 * "complexfloating", "bool" (NumPy's np.number, np.integer, …). Categories name themselves too.
 * @example np.issubdtype("float32", "floating") // true
 * @example np.issubdtype("int32", "float64") // false
 */
export function issubdtype(arg1: DType | DTypeCategory, arg2: DType | DTypeCategory): boolean {
  const kind = (x: unknown, which: string): DType[] => {
    if (typeof x === "string" && x in CATEGORIES) return CATEGORIES[x as DTypeCategory];
    if (typeof x === "string" && (DTYPES as readonly string[]).includes(x)) return [x as DType];
    throw new TypeError(`issubdtype: ${which} must be a dtype (${DTYPES.join(", ")}) or a category (${Object.keys(CATEGORIES).join(", ")}), got ${show(x)}`);
  };
  const a = kind(arg1, "arg1"), b = kind(arg2, "arg2");
  if (arg1 in CATEGORIES && arg1 !== "bool") {
    // a category is a subtype of itself and of the categories above it
    const up: Record<string, string[]> = {
      generic: ["generic"], number: ["number", "generic"], integer: ["integer", "number", "generic"], signedinteger: ["signedinteger", "integer", "number", "generic"],
      unsignedinteger: ["unsignedinteger", "integer", "number", "generic"], inexact: ["inexact", "number", "generic"],
      floating: ["floating", "inexact", "number", "generic"], complexfloating: ["complexfloating", "inexact", "number", "generic"],
    };
    return up[arg1].includes(arg2);
  }
  return a.every((d) => b.includes(d));
}

/** The Array API kinds `isdtype` accepts. */
export type DTypeKind = "bool" | "signed integer" | "unsigned integer" | "integral" | "real floating" | "complex floating" | "numeric";
const KINDS: Record<DTypeKind, DType[]> = {
  bool: ["bool"], "signed integer": ["int32"], "unsigned integer": ["uint32"], integral: ["int32", "uint32"], "real floating": ["float32", "float64"],
  "complex floating": ["complex64", "complex128"], numeric: ["int32", "uint32", "float32", "float64", "complex64", "complex128"],
};

/**
 * Whether `dtype` is of `kind`, as the Array API's `isdtype` (`np.isdtype`): a kind name — "bool",
 * "signed integer", "unsigned integer", "integral", "real floating", "complex floating", "numeric" —
 * a dtype, or a list of them (any matches).
 * @example np.isdtype("float32", "real floating") // true
 * @example np.isdtype("int32", ["bool", "unsigned integer"]) // false
 */
export function isdtype(dtype: DType, kind: DTypeKind | DType | (DTypeKind | DType)[]): boolean {
  const d = checkDType(dtype, "isdtype");
  const one = (k: unknown): boolean => {
    if (typeof k === "string" && k in KINDS) return KINDS[k as DTypeKind].includes(d);
    if (typeof k === "string" && (DTYPES as readonly string[]).includes(k)) return k === d;
    throw new TypeError(`isdtype: kind must be a dtype or one of ${Object.keys(KINDS).map((s) => JSON.stringify(s)).join(", ")} (or a list of them), got ${show(k)}`);
  };
  return Array.isArray(kind) ? kind.map(one).some(Boolean) : one(kind);
}
