/** @file Printing arrays the way NumPy/JAX do: `Array([[1., 2.], [3., 4.]], dtype=float32)`. */
import { Shape, prod } from "./aval.js";
import { DType, TypedArray, isComplex, isFloat } from "./dtype.js";

const EDGE = 3; // elements shown at each end of a summarised axis
const THRESHOLD = 1000; // arrays larger than this are summarised

/** The shortest decimal that reads back to the same float32 (JAX prints float32 this way). */
function shortest32(v: number): string {
  for (let p = 1; p < 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return s;
  }
  return v.toPrecision(9);
}

function fmtFloat(v: number, allInt: boolean, f32: boolean, sci: boolean): string {
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  if (allInt && !sci) return `${v}.`;
  const digits = f32 ? shortest32(v) : String(Number(v.toPrecision(16)));
  if (sci) {
    const [m, e] = Number(digits).toExponential().split("e");
    const mant = m.includes(".") ? m : `${m}.`;
    const ex = Number(e);
    return `${mant}e${ex < 0 ? "-" : "+"}${String(Math.abs(ex)).padStart(2, "0")}`;
  }
  const plain = Number(digits).toString();
  if (plain.includes("e")) return Number(digits).toFixed(20).replace(/0+$/, "");
  return plain.includes(".") ? plain : `${plain}.`;
}

/** Align decimal points as NumPy does: pad the integer part on the left, the fraction on the right. */
function alignDecimals(strs: string[]): string[] {
  const parts = strs.map((s) => {
    const i = s.indexOf(".");
    return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i)];
  });
  const wi = Math.max(0, ...parts.map((p) => p[0].length));
  const wf = Math.max(0, ...parts.map((p) => p[1].length));
  return parts.map(([a, b]) => a.padStart(wi) + b.padEnd(wf));
}

/** Floats formatted as NumPy does one array of them: a common style (integral, plain or scientific), decimals aligned. */
function floatStrs(values: ArrayLike<number>, f32: boolean, signed = false): string[] {
  const allInt = Array.prototype.every.call(values, (v: number) => !Number.isFinite(v) || Number.isInteger(v));
  const finite = Array.from(values).filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  const sci = finite.length > 0 && (Math.max(...finite) >= 1e16 || Math.min(...finite) < 1e-4 || Math.max(...finite) / Math.min(...finite) > 1e3 && Math.min(...finite) < 1e-3);
  // an imaginary part always shows its sign, −0 too (as NumPy: 1.-0.j)
  const sign = (v: number, s: string) => (!signed || s.startsWith("-") ? s : v < 0 || Object.is(v, -0) ? `-${s}` : `+${s}`);
  const raw = Array.from(values, (v) => sign(v, fmtFloat(v, allInt, f32, sci)));
  return sci ? raw : alignDecimals(raw);
}

/** Complex elements as NumPy prints them, `1.+2.j`: real and imaginary parts each formatted as one float array. */
function complexStrs(data: TypedArray, f32: boolean): string[] {
  const n = data.length / 2;
  const re = floatStrs(Array.from({ length: n }, (_, k) => data[2 * k]), f32);
  const im = floatStrs(Array.from({ length: n }, (_, k) => data[2 * k + 1]), f32, true);
  const w = Math.max(0, ...im.map((s) => s.length));
  return re.map((r, k) => r + `${im[k].trimEnd()}j`.padEnd(w + 1));
}

/** Format the data of an array of the given shape and dtype (complex: interleaved parts). */
export function formatArray(data: TypedArray, shape: Shape, dtype: DType): string {
  const n = prod(shape);
  const summarise = n > THRESHOLD;
  const float = isFloat(dtype);
  const strs =
    isComplex(dtype) ? complexStrs(data, dtype === "complex64")
    : float ? floatStrs(data, dtype === "float32")
    : Array.from(data, (v: number) => (dtype === "bool" ? (v ? "True" : "False") : String(v)));
  const width = Math.max(0, ...strs.map((s) => s.length));
  const pad = (s: string) => s.padStart(width);
  const prefix = "Array(";

  const rec = (dim: number, off: number, indent: string): string => {
    if (dim === shape.length) return pad(strs[off]);
    const d = shape[dim];
    const step = prod(shape.slice(dim + 1));
    const idx = summarise && d > 2 * EDGE ? [...Array(EDGE).keys(), -1, ...Array.from({ length: EDGE }, (_, i) => d - EDGE + i)] : [...Array(d).keys()];
    const parts = idx.map((i) => (i < 0 ? "..." : rec(dim + 1, off + i * step, indent + " ")));
    const sep = dim === shape.length - 1 ? ", " : "," + "\n".repeat(shape.length - 1 - dim) + indent + " ";
    return `[${parts.join(sep)}]`;
  };
  const body = rec(0, 0, " ".repeat(prefix.length));
  return `${prefix}${body}, dtype=${dtype})`;
}
