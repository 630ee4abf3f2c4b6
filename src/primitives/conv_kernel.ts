/**
 * @file The conv_general_dilated kernels on every backend (float32 and float64), run as one call step:
 * im2col (one gather kernel reading the padded, dilated, strided windows) into the backend's matmul
 * routine (SIMD on wasm) and a layout kernel; the kn2row form for input gradients (conv_kn2row.ts); and
 * one direct kernel for small convolutions.
 */
import { ShapedArray, prod, stridesOf } from "../core/aval.js";
import { ConcreteArray } from "../core/array.js";
import { Backend, Buf, Executable, Im2colParams } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import { Expr, Kernel, bin, cast, fconst, gidx, iadd, iconst, imul, load, outCoords, ravel, ridx, select, unravel } from "../lower/kernel.js";
import { Lowering } from "../lower/lowering.js";
import type { ConvParams } from "./conv.js";
import { convGeometry } from "./conv.js";
import { Kn2rowPlan, kn2rowPlan, preferKn2row } from "./conv_kn2row.js";
import { windowPositions } from "./conv_window.js";

/** Is `s` the identity permutation? */
const isIdentity = (s: number[]) => s.every((a, i) => a === i);

/** The steps and the matmul shape of one convolution signature (null kernels are skipped). */
interface ConvPlan {
  im2col: Kernel; // the window matrix as a kernel (any backend, any geometry)
  fastIm2col: Im2colParams | null; // the same matrix by the im2col routine (1-D/2-D, no lhs dilation, same dtype)
  packRhs: Kernel | null; // null when rhs already is a [k, n] matrix through strides
  unpack: Kernel | null; // null when the matmul result already is the output layout
  groups: number;
  m: number; // output rows per group: batch × output positions
  k: number; // window size × input features per group
  n: number; // output features per group
  lhsStrides: [number, number, number]; // of the im2col matrix read as [groups, m, k]
  rhsStrides: [number, number, number]; // of rhs (or its packed copy) read as [groups, k, n]
}

/** Are `axes` of a tensor with `strides` nested (each the next's stride × size, size-1 axes ignored)? Their innermost stride, or null. */
function nestedStride(axes: number[], shape: readonly number[], strides: number[]): number | null {
  const big = axes.filter((a) => shape[a] !== 1);
  for (let i = 0; i + 1 < big.length; i++) if (strides[big[i]] !== strides[big[i + 1]] * shape[big[i + 1]]) return null;
  return big.length ? strides[big[big.length - 1]] : 1;
}

export function plan([lhs, rhs]: ShapedArray[], p: ConvParams, out: ShapedArray): ConvPlan {
  const g = convGeometry(lhs, rhs, p);
  const dt = out.dtype;
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  const fg = p.featureGroupCount, bg = p.batchGroupCount, { groups, nOut, og, ci: cg } = g;
  const ns = g.inSpatial.length;
  const pOut = prod(g.outSpatial), kWin = prod(g.kSpatial);
  const m = nOut * pOut, k = kWin * cg, n = og;

  // im2col: [groups, nOut, ...outSpatial, ...kSpatial, cg] (k ordered as [...kSpatial, cg]); windows outside
  // the (dilated) input read 0. When lhs's batch axis is more contiguous than its feature axis (the weight
  // gradient, whose "batch" is the input features), it is written transposed, [groups, cg, ...kSpatial,
  // ...outSpatial, nOut] (k ordered as [cg, ...kSpatial]), so that the innermost loop reads along that
  // axis; the matmul reads it through strides.
  const lst = stridesOf(lhs.shape), rst = stridesOf(rhs.shape);
  const kOrder = (bi: boolean) => (bi ? [rs[1], ...rs.slice(2)] : [...rs.slice(2), rs[1]]);
  const nests = (bi: boolean) => rhs.dtype === dt && nestedStride(kOrder(bi), rhs.shape, rst) !== null;
  // with one batch element either form reads lhs alike: take the one that needs no packed copy of rhs
  const batchInner = nOut > 1 ? lst[ls[0]] < lst[ls[1]] : nests(true) && !nests(false);
  const colShape = batchInner ? [groups, cg, ...g.kSpatial, ...g.outSpatial, nOut] : [groups, nOut, ...g.outSpatial, ...g.kSpatial, cg];
  const cc = outCoords(colShape);
  const cgIdx = cc[0];
  const cn = batchInner ? cc[2 + 2 * ns] : cc[1];
  const cc_o = batchInner ? cc.slice(ns + 2, 2 * ns + 2) : cc.slice(2, 2 + ns);
  const cc_k = batchInner ? cc.slice(2, ns + 2) : cc.slice(2 + ns, 2 + 2 * ns);
  const cc_c = batchInner ? cc[1] : cc[2 + 2 * ns];
  const { pos: sp, inside } = windowPositions(cc_o, cc_k, p, g.inSpatial);
  const batchIdx = bg > 1 ? iadd(imul(cgIdx, nOut), cn) : cn;
  const featIdx = fg > 1 ? iadd(imul(cgIdx, cg), cc_c) : cc_c;
  const lhsIdx = ravel([batchIdx, featIdx, ...sp], [lst[ls[0]], lst[ls[1]], ...ls.slice(2).map((a) => lst[a])]);
  const val = cast(load(0, lhsIdx, lhs.dtype), dt);
  const im2col: Kernel = { inputs: [lhs.dtype], out: dt, size: prod(colShape), expr: inside ? select(inside, val, fconst(0, dt)) : val };
  const fastIm2col = ns <= 2 && ns >= 1 && p.lhsDilation.every((d) => d === 1) && lhs.dtype === dt ? im2colParams(lhs, p, g, batchInner) : null;

  // rhs read as [groups, k, n] in im2col's k order: through strides when its axes nest, else packed
  const kAxes = kOrder(batchInner);
  const kStride = rhs.dtype === dt ? nestedStride(kAxes, rhs.shape, rst) : null;
  let packRhs: Kernel | null = null;
  let rhsStrides: [number, number, number] = [og * rst[rs[0]], kStride ?? 0, rst[rs[0]]];
  if (kStride === null) {
    const kShape = kAxes.map((a) => rhs.shape[a]);
    const rc = outCoords([groups, ...kShape, og]);
    const kc = rc.slice(1, ns + 2); // in kAxes order
    const at = (axis: number) => kc[kAxes.indexOf(axis)];
    const rIdx = ravel([iadd(imul(rc[0], og), rc[ns + 2]), at(rs[1]), ...rs.slice(2).map(at)], [rst[rs[0]], rst[rs[1]], ...rs.slice(2).map((a) => rst[a])]);
    packRhs = { inputs: [rhs.dtype], out: dt, size: groups * k * n, expr: cast(load(0, rIdx, rhs.dtype), dt) };
    rhsStrides = [k * n, n, 1];
  }

  // the matmul gives [groups, nOut, ...outSpatial, og] (batchInner: [groups, ...outSpatial, nOut, og]); read it in the output layout
  const rows = batchInner ? [...os.slice(2), os[0]] : [os[0], ...os.slice(2)];
  const nhwc = groups === 1 && isIdentity([...rows, os[1]]);
  let unpack: Kernel | null = null;
  if (!nhwc) {
    const oc = outCoords(out.shape);
    const feat = oc[os[1]];
    const grp = bin("div", feat, iconst(og), "int32"), j = bin("rem", feat, iconst(og), "int32");
    const row = ravel(rows.map((a) => oc[a]), stridesOf(rows.map((a) => out.shape[a])));
    const idx = iadd(iadd(imul(grp, m * n), imul(row, n)), j);
    unpack = { inputs: [dt], out: dt, size: out.size, expr: load(0, idx, dt) };
  }
  return { im2col, fastIm2col, packRhs, unpack, groups, m, k, n, lhsStrides: batchInner ? [m * k, 1, m] : [m * k, k, 1], rhsStrides };
}

/**
 * The im2col routine's view of the window matrix (1 or 2 spatial axes, no lhs dilation): rows (group, batch,
 * output position) with taps (kernel positions) of runs over the input features — or, batchInner, rows
 * (group, input feature, kernel position) with taps (output positions) of runs over the batch.
 */
function im2colParams(lhs: ShapedArray, p: ConvParams, g: ReturnType<typeof convGeometry>, batchInner: boolean): Im2colParams {
  const { lhs: ls } = p.dimensionNumbers;
  const lst = stridesOf(lhs.shape);
  const bStride = lst[ls[0]], fStride = lst[ls[1]];
  const gs = p.batchGroupCount > 1 ? g.nOut * bStride : p.featureGroupCount > 1 ? g.ci * fStride : 0;
  // per spatial axis [u size, v size, stride of u, stride of v, lo, input size, input stride], a leading unit axis for 1-D
  const axes = g.inSpatial.map((d, i) => {
    const [o, kk, s, r] = [g.outSpatial[i], g.kSpatial[i], p.windowStrides[i], p.rhsDilation[i]];
    return batchInner ? [kk, o, r, s, p.padding[i][0], d, lst[ls[2 + i]]] : [o, kk, s, r, p.padding[i][0], d, lst[ls[2 + i]]];
  });
  if (axes.length === 1) axes.unshift([1, 1, 0, 0, 0, 1, 0]);
  const [Y, X] = axes;
  return {
    outer: [g.groups, batchInner ? g.ci : g.nOut, Y[0], X[0]],
    inner: [Y[1], X[1]],
    run: batchInner ? g.nOut : g.ci,
    strides: [gs, batchInner ? fStride : bStride, Y[6], X[6], 0, 0, batchInner ? bStride : fStride],
    window: [[Y[2], Y[3], Y[4]], [X[2], X[3], X[4]]],
    inSize: [Y[5], X[5]],
    sum: false,
  };
}

/**
 * The convolution as one direct kernel: out[n, o, y] = Σ_{c, k} lhs[…] · rhs[o, c, k], the window and
 * input features as the reduction (used for small convolutions, where it beats three dispatches, and fuses under jit).
 */
export function directKernel([lhs, rhs]: ShapedArray[], p: ConvParams, out: ShapedArray): Kernel {
  const g = convGeometry(lhs, rhs, p);
  const dt = out.dtype;
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  const fg = p.featureGroupCount, bg = p.batchGroupCount, { groups, nOut, og, ci: cg } = g;
  const ns = g.inSpatial.length;
  const oc = outCoords(out.shape);
  const rc = unravel(ridx, [...g.kSpatial, cg]);
  const feat = oc[os[1]], grp = og === g.o ? iconst(0) : bin("div", feat, iconst(og), "int32");
  const lst = stridesOf(lhs.shape), rst = stridesOf(rhs.shape);
  const { pos: sp, inside } = windowPositions(os.slice(2).map((a) => oc[a]), rc, p, g.inSpatial);
  const batchIdx = bg > 1 ? iadd(imul(grp, nOut), oc[os[0]]) : oc[os[0]];
  const featIdx = fg > 1 ? iadd(imul(grp, cg), rc[ns]) : rc[ns];
  const lhsIdx = ravel([batchIdx, featIdx, ...sp], [lst[ls[0]], lst[ls[1]], ...ls.slice(2).map((a) => lst[a])]);
  const rhsIdx = ravel([feat, rc[ns], ...rc.slice(0, ns)], [rst[rs[0]], rst[rs[1]], ...rs.slice(2).map((a) => rst[a])]);
  const prodE = bin("mul", cast(load(0, lhsIdx, lhs.dtype), dt), cast(load(1, rhsIdx, rhs.dtype), dt));
  return { inputs: [lhs.dtype, rhs.dtype], out: dt, size: out.size, expr: inside ? select(inside, prodE, fconst(0, dt)) : prodE, reduce: { op: "sum", size: prod(g.kSpatial) * cg } };
}

/**
 * Below `directMacs` multiply-adds a convolution runs as one direct kernel (see convLowering). `force`
 * picks one form for every convolution (tests reach every path with it).
 */
export const convTuning: {
  directMacs: number;
  force: null | "direct" | "im2col" | "kn2row";
  /** Build the im2col matrix and kn2row's tap sum with the generic kernels even where the im2col routine applies (tests). */
  slowIm2col: boolean;
  /** Split a long reduction (see kSplit) into a batch of matmuls and a sum of their results; false: one matmul. */
  splitK: boolean;
  /** For profiling (bench/conv_profile.ts): called after each step of a convolution with its wall time. */
  trace: null | ((form: string, step: string, ms: number, shape: { m: number; k: number; n: number; groups: number }) => void);
} = { directMacs: 32768, force: null, slowIm2col: false, splitK: true, trace: null };

/**
 * Parts of the reduction axis for a small, deep product (the kernel gradient: m·n = taps × features,
 * k = batch × positions): the matmul routine spreads its threads over rows and columns, of which such a
 * product has few, and walks the whole k per tile; as a batch of P matmuls over k/P (then a sum of the P
 * results) the threads take whole parts. Measured (wasm, 2 threads, load ≈ 14): conv1's kernel gradient
 * m 9 × n 32 × k 100,352 9.2 → 4.5 ms (P = 4–8), conv2's 288 × 64 × 25,088 42.9 → 32.9 ms (P = 8).
 */
export function kSplit(m: number, n: number, k: number): number {
  if (k < 8 * (m + n)) return 1;
  for (const p of [8, 4, 2]) if (k % p === 0 && k / p >= 2048) return p;
  return 1;
}

/** A plan's compiled kernels on one backend. */
interface Compiled {
  im2col?: [Executable | null, Executable | null]; // packRhs, unpack
  kn2row?: [Executable | null, Executable]; // packLhs, packRhs
  // the generic window-matrix and tap-sum kernels, compiled only where the im2col routine does not apply
  im2colKernel?: Executable;
  gatherKernel?: Executable;
  sumParts?: Executable; // the sum of a k-split matmul's parts
  direct?: Executable;
  zeros: Executable;
}

/**
 * conv_general_dilated as a call step (kernels compiled once per backend): a direct kernel for small
 * convolutions; otherwise im2col kernel → matmul routine → layout kernel, or kn2row's matmul → gather
 * kernel when the input has fewer positions or more features than the output (input gradients).
 */
export function convLowering(avals: ShapedArray[], p: ConvParams, [out]: ShapedArray[]): Lowering {
  // measured (wasm, 3×3 SAME NHWC): the direct kernel wins below ~30k multiply-adds (one dispatch
  // instead of three); im2col + matmul is ~40× faster at 128×28×28×32 → 64 (0.65 s vs 24 s)
  const macs = (out.size * prod(avals[1].shape)) / Math.max(1, avals[1].shape[p.dimensionNumbers.rhs[0]]);
  const kn2row = preferKn2row(avals, p);
  const zero = out.size === 0 || prod(avals[1].shape) === 0;
  const compiled = new WeakMap<Backend, Compiled>();
  let im2colPl: ConvPlan | undefined, kn2rowPl: Kn2rowPlan | undefined; // built on first use
  const run = ([lhs, rhs]: ConcreteArray[]): ConcreteArray[] => {
    const b = getBackend();
    let c = compiled.get(b);
    if (!c) compiled.set(b, (c = { zeros: b.compile({ inputs: [], out: out.dtype, size: out.size, expr: fconst(0, out.dtype) }) }));
    const done = (buf: Buf) => [new ConcreteArray(buf, out, b)];
    if (zero) return done(b.run(c.zeros, []));
    const form = convTuning.force ?? (macs < convTuning.directMacs ? "direct" : kn2row ? "kn2row" : "im2col");
    const trace = convTuning.trace;
    let shape = { m: out.size, k: macs / Math.max(1, out.size), n: 1, groups: 1 };
    const step = <T>(name: string, f: () => T): T => {
      if (!trace) return f();
      const t0 = performance.now();
      const r = f();
      trace(form, name, performance.now() - t0, shape);
      return r;
    };
    if (form === "direct") {
      c.direct ??= b.compile(directKernel(avals, p, out));
      const direct = c.direct;
      return done(step("direct", () => b.run(direct, [lhs.bufOn(b), rhs.bufOn(b)])));
    }
    if (form === "kn2row") {
      const pl = (kn2rowPl ??= kn2rowPlan(avals, p, out));
      shape = { m: pl.m, k: pl.k, n: pl.n, groups: pl.groups };
      c.kn2row ??= [pl.packLhs && b.compile(pl.packLhs), b.compile(pl.packRhs)];
      const [packL, packR] = c.kn2row;
      const x = packL ? step("packLhs", () => b.run(packL, [lhs.bufOn(b)])) : lhs.bufOn(b);
      const w = step("packRhs", () => b.run(packR, [rhs.bufOn(b)]));
      const [z] = step("matmul", () => b.routine("matmul", [x, w], { batch: pl.groups, m: pl.m, n: pl.n, k: pl.k, lhsStrides: [pl.m * pl.k, pl.k, 1], rhsStrides: [pl.k * pl.n, pl.n, 1] }));
      if (packL) b.release(x);
      b.release(w);
      const fast = pl.fastGather;
      const res = step("gather", () => (fast && !convTuning.slowIm2col ? b.routine("im2col", [z], fast)[0] : b.run((c.gatherKernel ??= b.compile(pl.gather)), [z])));
      b.release(z);
      return done(res);
    }
    const pl = (im2colPl ??= plan(avals, p, out));
    shape = { m: pl.m, k: pl.k, n: pl.n, groups: pl.groups };
    c.im2col ??= [pl.packRhs && b.compile(pl.packRhs), pl.unpack && b.compile(pl.unpack)];
    const [packRhs, unpack] = c.im2col;
    const fast = pl.fastIm2col;
    const col = step("im2col", () => (fast && !convTuning.slowIm2col ? b.routine("im2col", [lhs.bufOn(b)], fast)[0] : b.run((c.im2colKernel ??= b.compile(pl.im2col)), [lhs.bufOn(b)])));
    const w: Buf = packRhs ? step("packRhs", () => b.run(packRhs, [rhs.bufOn(b)])) : rhs.bufOn(b);
    const parts = pl.groups === 1 && convTuning.splitK ? kSplit(pl.m, pl.n, pl.k) : 1;
    let prodBuf: Buf;
    if (parts > 1) {
      // a batch of matmuls over k/parts each, then their sum: out[i] = Σ_p z[p, i]
      const kp = pl.k / parts, mn = pl.m * pl.n;
      const [z] = step("matmul", () => b.routine("matmul", [col, w], {
        batch: parts, m: pl.m, n: pl.n, k: kp, lhsStrides: [kp * pl.lhsStrides[2], pl.lhsStrides[1], pl.lhsStrides[2]], rhsStrides: [kp * pl.rhsStrides[1], pl.rhsStrides[1], pl.rhsStrides[2]],
      }));
      const sum = (c.sumParts ??= b.compile({ inputs: [out.dtype], out: out.dtype, size: mn, expr: load(0, iadd(gidx, imul(ridx, mn)), out.dtype), reduce: { op: "sum", size: parts } }));
      prodBuf = step("sum parts", () => b.run(sum, [z]));
      b.release(z);
    } else {
      [prodBuf] = step("matmul", () => b.routine("matmul", [col, w], {
        batch: pl.groups, m: pl.m, n: pl.n, k: pl.k, lhsStrides: pl.lhsStrides, rhsStrides: pl.rhsStrides,
      }));
    }
    b.release(col);
    if (packRhs) b.release(w);
    if (!unpack) return done(prodBuf);
    const res = step("unpack", () => b.run(unpack, [prodBuf]));
    b.release(prodBuf);
    return done(res);
  };
  return { kind: "call", run, inAvals: avals };
}
