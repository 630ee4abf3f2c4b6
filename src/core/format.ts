/** @file Printing arrays the way NumPy/JAX do: `Array([[1., 2.], [3., 4.]], dtype=float32)`. */
import { Shape, prod } from "./aval.js";
import { DType, TypedArray, isFloat } from "./dtype.js";

const EDGE = 3; // elements shown at each end of a summarised axis
const THRESHOLD = 1000; // arrays larger than this are summarised

function fmtFloat(v: number, allInt: boolean): string {
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  if (allInt && Math.abs(v) < 1e16) return `${v}.`;
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    const [m, e] = v.toExponential(7).split("e");
    const mant = m.replace(/0+$/, "").replace(/\.$/, "");
    const ex = Number(e);
    return `${mant}e${ex < 0 ? "-" : "+"}${String(Math.abs(ex)).padStart(2, "0")}`;
  }
  let s = v.toPrecision(8);
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, ".");
  return s;
}

/** Format the data of an array of the given shape and dtype. */
export function formatArray(data: TypedArray, shape: Shape, dtype: DType): string {
  const n = prod(shape);
  const summarise = n > THRESHOLD;
  const float = isFloat(dtype);
  const allInt = float && Array.prototype.every.call(data, (v: number) => !Number.isFinite(v) || Number.isInteger(v));
  const fmt = (v: number) => (dtype === "bool" ? (v ? "True" : "False") : float ? fmtFloat(v, allInt) : String(v));
  const strs = Array.from(data, fmt);
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
