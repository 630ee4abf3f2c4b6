/** @file The narrow Backend interface: buffers, kernels and named routines. Nothing else reaches a backend. */
import { DType, TypedArray } from "../core/dtype.js";
import { Kernel } from "../lower/kernel.js";

/** An opaque buffer owned by a backend. */
export interface Buf {
  readonly dtype: DType;
  readonly size: number;
}

/** A compiled kernel, runnable many times. */
export interface Executable {
  readonly kernel: Kernel;
}

/** Named routines: operations that are not one loop (sorting, scans, scatters). */
export type RoutineName = "sort" | "cumulative" | "scatter_add" | "matmul" | "threefry" | "im2col" | "pool_scatter";
export interface RoutineParams {
  sort: { shape: number[] }; // sort along the last axis → [values, int32 permutation]
  cumulative: { shape: number[]; axis: number; op: "sum" | "prod" | "max" | "min"; reverse: boolean };
  scatter_add: { outShape: number[]; axis: number; idxSize: number }; // inputs [indices, updates]
  /**
   * Batched matrix product out[b, i, j] = Σ_p lhs[b, i, p] · rhs[b, p, j] into a contiguous [batch, m, n];
   * operands are read through strides (elements) for (batch, row, column), so transposed operands need no copy.
   */
  matmul: { batch: number; m: number; n: number; k: number; lhsStrides: [number, number, number]; rhsStrides: [number, number, number] };
  /** Threefry-2x32-20 of n counter pairs: inputs [k0, k1, x0, x1] (uint32; keys of size 1, or n when vectorKey) → [y0, y1]. */
  threefry: { n: number; vectorKey: boolean };
  /** The window gather of a 1-D/2-D convolution (see Im2colParams): input [x] → [rows, vy, vx, run] (with `sum`: [rows, run]), x's dtype. */
  im2col: Im2colParams;
  /** The gradient of non-overlapping max/min pooling (see PoolScatterParams): inputs [x, s] → x's shape (float dtypes). */
  pool_scatter: PoolScatterParams;
}

/**
 * out[((r·VY + vy)·VX + vx)·L + l] = in[g·gs + p·ps + y·ys + x·xs + vy·tys + vx·txs + l·ls] for row
 * r = ((g·P + p)·UY + uy)·UX + ux, where y = uy·suY + vy·svY − loY and x = ux·suX + vx·svX − loX; 0 where
 * y ∉ [0, H) or x ∉ [0, W). With `sum`, the taps are added instead: out[r·L + l] = Σ over the taps inside
 * (vy, vx in order) of the same element (float dtypes). Sizes and strides in elements.
 */
export interface Im2colParams {
  outer: [number, number, number, number]; // G, P, UY, UX
  inner: [number, number]; // VY, VX
  run: number; // L
  strides: [number, number, number, number, number, number, number]; // gs, ps, ys, xs, tys, txs, ls
  window: [[number, number, number], [number, number, number]]; // [su, sv, lo] for y and x
  inSize: [number, number]; // H, W
  sum: boolean;
}

/**
 * x read as [A, KY, B, KX, L] (windows of KY·KX taps that tile x exactly: a reshape of [.., H, .., W, ..]
 * with H = A'·KY, W = B'·KX), s as [A, B, L]: out[a, ky, b, kx, l] = s[a, b, l] at the window's first
 * (row-major) tap equal to its maximum ("max") or minimum ("min"), 0 at the other taps and in windows
 * holding a NaN. Sizes in elements.
 */
export interface PoolScatterParams {
  outer: number; // A
  window: [number, number]; // KY, KX
  inner: number; // B
  run: number; // L
  op: "max" | "min";
}

export interface Backend {
  readonly name: string;
  /** The largest buffer it can hold: bytes, and elements (a TypedArray's maximum length). See src/core/limits.ts. */
  readonly limits: { readonly bytes: number; readonly elements: number };
  /** A buffer holding a copy of `data`. */
  fromTyped(data: TypedArray, dtype: DType): Buf;
  /** A copy of the buffer's contents. */
  read(buf: Buf): TypedArray;
  /** A buffer of `size` elements for the caller to fill (contents unspecified). */
  alloc(dtype: DType, size: number): Buf;
  compile(kernel: Kernel): Executable;
  /** Run a compiled kernel into `out` (or a fresh buffer) and return it. */
  run(exe: Executable, inputs: Buf[], out?: Buf): Buf;
  /**
   * A hint from the runtime (never from users) that a buffer is dead, e.g. a jit program's
   * intermediate; unreachable buffers are reclaimed anyway (garbage collection / FinalizationRegistry).
   */
  release(buf: Buf): void;
  routine<N extends RoutineName>(name: N, inputs: Buf[], params: RoutineParams[N]): Buf[];
}
