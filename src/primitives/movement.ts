/**
 * @file Movement primitives: reshape, broadcast_in_dim, transpose, slice, pad, concatenate, rev.
 * All are linear; in kernels they are only index arithmetic inside loads.
 */
import { ShapedArray, fmtShape, prod, stridesOf } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { BDim, Primitive, UndefPrimal } from "../core/primitive.js";
import { Expr, Kernel, bin, fconst, gidx, iadd, iconst, imul, load, outCoords, ravel, select } from "../lower/kernel.js";
import { kernelRules } from "./impl.js";
import { loweredImpl } from "../lower/lowering.js";
import * as L from "../lax/index.js";

const avalOf = (x: NDArray | UndefPrimal): ShapedArray => x.aval;

/** Every movement primitive is linear in its one operand: its jvp applies it to the tangent. */
function linearJvp<P>(apply: (x: NDArray, p: P) => NDArray): Primitive<P>["jvp"] {
  return ([x], [t], p) => [[apply(x, p)], [apply(t, p)]];
}

// ---- reshape ----
const reshapeEval = ([x]: ShapedArray[], { newShape }: { newShape: number[] }) => {
  if (prod(newShape) !== x.size) {
    throw new RangeError(`reshape: cannot reshape array of shape ${fmtShape(x.shape)} (size ${x.size}) into shape ${fmtShape(newShape)} (size ${prod(newShape)})`);
  }
  return [new ShapedArray(newShape, x.dtype)];
};
// reshape is linear; transpose: reshape back
export const reshapeP: Primitive<{ newShape: number[] }> = {
  name: "reshape",
  abstractEval: reshapeEval,
  impl: ([x], p) => {
    reshapeEval([x.aval], p); // eager mode checks the shape rule too
    return [new ConcreteArray(x.buf, ShapedArray.of(p.newShape, x.dtype), x.backend)];
  },
  // row-major data is unchanged: eagerly a view; in a fused kernel an identity load
  lower: ([x]) => ({ kind: "kernel", kernel: { inputs: [x.dtype], out: x.dtype, size: x.size, expr: load(0, gidx, x.dtype) } }),
  jvp: linearJvp((x, { newShape }) => L.reshape(x, newShape)),
  transpose: ([ct], [x]) => [ct && L.reshape(ct, avalOf(x).shape as number[])],
  batch: ([x], [bd], { newShape }, size) => [[L.reshape(L.moveaxis(x, bd as number, 0), [size, ...newShape])], [0]],
};

// ---- broadcast_in_dim ----
export interface BroadcastParams {
  shape: number[];
  dims: number[]; // output axis of each input axis
}
const broadcastEval = ([x]: ShapedArray[], { shape, dims }: BroadcastParams) => {
  const ok = dims.length === x.ndim && dims.every((d, i) => d >= 0 && d < shape.length && (i === 0 || d > dims[i - 1]) && (x.shape[i] === 1 || x.shape[i] === shape[d]));
  if (!ok) throw new RangeError(`broadcast_in_dim: cannot broadcast shape ${fmtShape(x.shape)} to ${fmtShape(shape)} with dims ${fmtShape(dims)}`);
  return [new ShapedArray(shape, x.dtype)];
};
// broadcast is linear; transpose = sum over the broadcast axes
export const broadcastInDimP: Primitive<BroadcastParams> = {
  name: "broadcast_in_dim",
  abstractEval: broadcastEval,
  ...kernelRules("broadcast_in_dim", broadcastEval, ([x], { shape, dims }, o) => {
    const c = outCoords(shape);
    const st = stridesOf(x.shape);
    const idx = ravel(dims.map((d, i) => (x.shape[i] === 1 ? iconst(0) : c[d])), st);
    return { inputs: [x.dtype], out: x.dtype, size: o.size, expr: load(0, idx, x.dtype) };
  }),
  jvp: linearJvp((x, p) => L.broadcastInDim(x, p.shape, p.dims)),
  transpose([ct], [x], { shape, dims }) {
    if (!ct) return [null];
    const xs = avalOf(x).shape;
    const sumAxes = shape.map((_, i) => i).filter((i) => !dims.includes(i) || (xs[dims.indexOf(i)] === 1 && shape[i] !== 1));
    return [L.reshape(L.reduceSum(ct, sumAxes), xs as number[])];
  },
  batch: ([x], [bd], { shape, dims }, size) => [
    [L.broadcastInDim(L.moveaxis(x, bd as number, 0), [size, ...shape], [0, ...dims.map((d) => d + 1)])],
    [0],
  ],
};

// ---- transpose ----
const transposeEval = ([x]: ShapedArray[], { perm }: { perm: number[] }) => {
  const sorted = [...perm].sort((a, b) => a - b);
  if (perm.length !== x.ndim || sorted.some((p, i) => p !== i)) {
    throw new RangeError(`transpose: ${fmtShape(perm)} is not a permutation of the axes of shape ${fmtShape(x.shape)}`);
  }
  return [new ShapedArray(perm.map((p) => x.shape[p]), x.dtype)];
};
// transpose is linear; its transpose is the inverse permutation
export const transposeP: Primitive<{ perm: number[] }> = {
  name: "transpose",
  abstractEval: transposeEval,
  ...kernelRules("transpose", transposeEval, ([x], { perm }, o) => {
    const st = stridesOf(x.shape);
    return { inputs: [x.dtype], out: x.dtype, size: o.size, expr: load(0, ravel(outCoords(o.shape), perm.map((p) => st[p])), x.dtype) };
  }),
  jvp: linearJvp((x, { perm }) => L.transpose(x, perm)),
  transpose([ct], _x, { perm }) {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    return [ct && L.transpose(ct, inv)];
  },
  batch: ([x], [bd], { perm }) => [[L.transpose(L.moveaxis(x, bd as number, 0), [0, ...perm.map((p) => p + 1)])], [0]],
};

// ---- slice (with positive strides) ----
export interface SliceParams {
  start: number[];
  stop: number[];
  step: number[];
}
const sliceEval = ([x]: ShapedArray[], { start, stop, step }: SliceParams) => {
  const ok = start.length === x.ndim && x.shape.every((d, i) => 0 <= start[i] && start[i] <= stop[i] && stop[i] <= d && step[i] >= 1);
  if (!ok) throw new RangeError(`slice: start ${fmtShape(start)} stop ${fmtShape(stop)} step ${fmtShape(step)} do not fit shape ${fmtShape(x.shape)}`);
  return [new ShapedArray(start.map((s, i) => Math.ceil((stop[i] - s) / step[i])), x.dtype)];
};
// slice is linear; transpose: pad the cotangent back with zeros (interior padding for strides)
export const sliceP: Primitive<SliceParams> = {
  name: "slice",
  abstractEval: sliceEval,
  ...kernelRules("slice", sliceEval, ([x], { start, step }, o) => {
    const st = stridesOf(x.shape);
    const idx = ravel(outCoords(o.shape), st.map((s, i) => s * step[i]), start.reduce((a, s, i) => a + s * st[i], 0));
    return { inputs: [x.dtype], out: x.dtype, size: o.size, expr: load(0, idx, x.dtype) };
  }),
  jvp: linearJvp((x, p) => L.slice(x, p.start, p.stop, p.step)),
  transpose([ct], [x], { start, step }) {
    if (!ct) return [null];
    const xs = avalOf(x).shape;
    const config = xs.map((d, i): [number, number, number] => {
      const n = ct.shape[i];
      const used = n === 0 ? 0 : start[i] + (n - 1) * step[i] + 1;
      return n === 0 ? [d, 0, 0] : [start[i], d - used, step[i] - 1];
    });
    return [L.padConfig(ct, config, 0)];
  },
  batch: ([x], [bd], { start, stop, step }, size) => [
    [L.slice(L.moveaxis(x, bd as number, 0), [0, ...start], [size, ...stop], [1, ...step])],
    [0],
  ],
};

// ---- pad: (lo, hi, interior) per axis; lo/hi may be negative (cropping) ----
export interface PadParams {
  config: [number, number, number][];
  value: number;
}
const padEval = ([x]: ShapedArray[], { config }: PadParams) => {
  if (config.length !== x.ndim) throw new RangeError(`pad: config has ${config.length} entries for an array of rank ${x.ndim}`);
  const shape = x.shape.map((d, i) => {
    const [lo, hi, int] = config[i];
    return lo + hi + d + Math.max(0, d - 1) * int;
  });
  if (shape.some((d) => d < 0) || config.some(([, , int]) => int < 0)) {
    throw new RangeError(`pad: config ${JSON.stringify(config)} gives a negative size for shape ${fmtShape(x.shape)}`);
  }
  return [new ShapedArray(shape, x.dtype)];
};
// pad is linear in the operand; transpose: un-crop negative padding, then a strided slice
export const padP: Primitive<PadParams> = {
  name: "pad",
  abstractEval: padEval,
  ...kernelRules("pad", padEval, ([x], { config, value }, o) => {
    const st = stridesOf(x.shape);
    const c = outCoords(o.shape);
    let inside: Expr | null = null;
    const coords = c.map((ci, i) => {
      const [lo, , int] = config[i];
      const rel = iadd(ci, iconst(-lo)); // position relative to the first input element
      const conds: Expr[] = [bin("ge", rel, iconst(0), "bool"), bin("lt", rel, iconst((x.shape[i] - 1) * (int + 1) + 1), "bool")];
      if (int > 0) conds.push(bin("eq", bin("rem", rel, iconst(int + 1), "int32"), iconst(0), "bool"));
      for (const cond of conds) inside = inside ? bin("and", inside, cond, "bool") : cond;
      return int > 0 ? bin("div", rel, iconst(int + 1), "int32") : rel;
    });
    const val = load(0, ravel(coords, st), x.dtype);
    const expr = inside ? select(inside, val, fconst(value, x.dtype)) : val;
    return { inputs: [x.dtype], out: x.dtype, size: o.size, expr };
  }),
  jvp: ([x], [t], p) => [[L.padConfig(x, p.config, p.value)], [L.padConfig(t, p.config, 0)]],
  transpose([ct], [x], { config }) {
    if (!ct) return [null];
    const xs = avalOf(x).shape;
    const uncropped = L.padConfig(ct, config.map(([lo, hi]) => [Math.max(-lo, 0), Math.max(-hi, 0), 0]), 0);
    const start = config.map(([lo]) => Math.max(lo, 0));
    const stop = xs.map((d, i) => (d === 0 ? start[i] : start[i] + (d - 1) * (config[i][2] + 1) + 1));
    return [L.slice(uncropped, start, stop, config.map(([, , int]) => int + 1))];
  },
  batch: ([x], [bd], { config, value }) => [[L.padConfig(L.moveaxis(x, bd as number, 0), [[0, 0, 0], ...config], value)], [0]],
};

// ---- concatenate ----
const concatEval = (xs: ShapedArray[], { axis }: { axis: number }) => {
  const [a] = xs;
  for (const b of xs) {
    if (b.ndim !== a.ndim || b.dtype !== a.dtype || b.shape.some((d, i) => i !== axis && d !== a.shape[i])) {
      throw new RangeError(`concatenate: operands ${xs.map((x) => x.str()).join(", ")} differ outside axis ${axis}`);
    }
  }
  const shape = [...a.shape];
  shape[axis] = xs.reduce((s, x) => s + x.shape[axis], 0);
  return [new ShapedArray(shape, a.dtype)];
};
/** At most this many operands per concatenate kernel; more are concatenated in groups first. */
const MAX_CONCAT_OPERANDS = 64;

/** The concatenation of many operands as a concatenation of concatenated groups of them. */
function concatInGroups(xs: NDArray[], axis: number): NDArray {
  const parts: NDArray[] = [];
  for (let i = 0; i < xs.length; i += MAX_CONCAT_OPERANDS) parts.push(L.concatenate(xs.slice(i, i + MAX_CONCAT_OPERANDS), axis));
  return L.concatenate(parts, axis);
}

/** The concatenation as one kernel selecting among the operands. */
function concatKernel(xs: ShapedArray[], { axis }: { axis: number }, o: ShapedArray): Kernel {
  // operand j covers [start_j, start_j + size_j) along the axis: later operands win from their start on
  const c = outCoords(o.shape);
  let expr: Expr | null = null;
  let start = 0;
  xs.forEach((x, j) => {
    const coords = c.map((ci, i) => (i === axis ? iadd(ci, iconst(-start)) : ci));
    const val = load(j, ravel(coords, stridesOf(x.shape)), x.dtype);
    expr = expr ? select(bin("ge", c[axis], iconst(start), "bool"), val, expr) : val;
    start += x.shape[axis];
  });
  return { inputs: xs.map((x) => x.dtype), out: o.dtype, size: o.size, expr: expr! };
}

// concatenate is linear; transpose: slice the cotangent into the operands' pieces
export const concatenateP: Primitive<{ axis: number }> = {
  name: "concatenate",
  abstractEval: concatEval,
  impl: loweredImpl,
  // one kernel selecting among the operands; many operands (more than a kernel's inputs may be) are
  // concatenated in groups first, so neither the kernel's parameters nor its select chain grow unbounded
  lower: (xs, params, [o]) =>
    xs.length <= MAX_CONCAT_OPERANDS ? { kind: "kernel", kernel: concatKernel(xs, params, o) } : { kind: "call", inAvals: xs, run: (args) => [concatInGroups(args, params.axis) as ConcreteArray] },
  jvp: (xs, ts, { axis }) => [[L.concatenate(xs, axis)], [L.concatenate(ts, axis)]],
  transpose([ct], xs, { axis }) {
    let off = 0;
    return xs.map((x) => {
      const s = avalOf(x).shape;
      const start = s.map((_, i) => (i === axis ? off : 0));
      off += s[axis];
      if (!(x instanceof UndefPrimal) || !ct) return null;
      return L.slice(ct, start, s.map((d, i) => (i === axis ? start[i] + d : d)));
    });
  },
  batch: (xs, dims, { axis }, size) => [[L.concatenate(xs.map((x, i) => L.batchToFront(x, dims[i], size)), axis + 1)], [0]],
};

// ---- rev (flip) ----
const revEval = ([x]: ShapedArray[], { axes }: { axes: number[] }) => {
  if (axes.some((a) => a < 0 || a >= x.ndim)) throw new RangeError(`rev: axes ${fmtShape(axes)} out of bounds for shape ${fmtShape(x.shape)}`);
  return [x];
};
// rev is linear and its own transpose
export const revP: Primitive<{ axes: number[] }> = {
  name: "rev",
  abstractEval: revEval,
  ...kernelRules("rev", revEval, ([x], { axes }, o) => {
    const c = outCoords(o.shape).map((ci, i) => (axes.includes(i) ? iadd(imul(ci, -1), iconst(x.shape[i] - 1)) : ci));
    return { inputs: [x.dtype], out: x.dtype, size: o.size, expr: load(0, ravel(c, stridesOf(x.shape)), x.dtype) };
  }),
  jvp: linearJvp((x, { axes }) => L.rev(x, axes)),
  transpose: ([ct], _x, { axes }) => [ct && L.rev(ct, axes)],
  batch: ([x], [bd], { axes }) => [[L.rev(x, axes.map((a) => (a >= (bd as number) ? a + 1 : a)))], [bd] as BDim[]],
};
