/**
 * @file Naive references for the windowed reductions and selections, on flat row-major float64
 * arrays: every window tap located by the definition (x = o·stride + k·windowDilation − lo in the
 * base-dilated, padded operand), reductions and selections by plain loops.
 */

export interface RWParams {
  windowDimensions: number[];
  windowStrides: number[];
  padding: [number, number][];
  baseDilation: number[];
  windowDilation: number[];
}

const prodOf = (s: number[]) => s.reduce((a, b) => a * b, 1);
const dil = (d: number, r: number) => (d === 0 ? 0 : 1 + r * (d - 1));

/** The row-major multi-indices of `shape`. */
function indices(shape: number[]): number[][] {
  return shape.reduce<number[][]>((acc, d) => acc.flatMap((t) => Array.from({ length: d }, (_, j) => [...t, j])), [[]]);
}

/** The output shape, and for each output position (row-major) the flat operand index of each tap (row-major), null for padding and holes. */
export function windowTaps(shape: number[], p: RWParams): { outShape: number[]; taps: (number | null)[][] } {
  const outShape = shape.map((d, i) => {
    const padded = dil(d, p.baseDilation[i]) + p.padding[i][0] + p.padding[i][1];
    const w = dil(p.windowDimensions[i], p.windowDilation[i]);
    return padded < w ? 0 : Math.floor((padded - w) / p.windowStrides[i]) + 1;
  });
  const ks = indices(p.windowDimensions);
  const taps = indices(outShape).map((o) => ks.map((k) => {
    let flat = 0;
    for (let i = 0; i < shape.length; i++) {
      const x = o[i] * p.windowStrides[i] + k[i] * p.windowDilation[i] - p.padding[i][0];
      if (x < 0 || x >= dil(shape[i], p.baseDilation[i]) || x % p.baseDilation[i] !== 0) return null;
      flat = flat * shape[i] + x / p.baseDilation[i];
    }
    return flat;
  }));
  return { outShape, taps };
}

/** reduce_window with `op` from `init` (padding and holes read `init`). */
export function naiveReduceWindow(x: number[], shape: number[], p: RWParams, op: "sum" | "max" | "min", init?: number): { shape: number[]; data: number[] } {
  const { outShape, taps } = windowTaps(shape, p);
  const id = init ?? (op === "sum" ? 0 : op === "max" ? -Infinity : Infinity);
  const f = op === "sum" ? (a: number, b: number) => a + b : op === "max" ? Math.max : Math.min;
  return { shape: outShape, data: taps.map((t) => t.reduce<number>((acc, i) => f(acc, i === null ? id : x[i]), id)) };
}

/**
 * The selected flat operand index of each window, or null: the first maximum ("ge") / minimum ("le") in
 * window order, padding reading ∓∞ (so it can be the first extremum), a NaN taken over any number;
 * null when the selected tap is padding or NaN.
 */
export function naiveSelection(x: number[], shape: number[], p: RWParams, select: "ge" | "le"): (number | null)[] {
  const { taps } = windowTaps(shape, p);
  const pad = select === "ge" ? -Infinity : Infinity;
  const better = (v: number, best: number) => (select === "ge" ? v > best : v < best) || (Number.isNaN(v) && !Number.isNaN(best));
  return taps.map((t) => {
    let bi = -1, best = pad;
    t.forEach((i, k) => {
      const v = i === null ? pad : x[i];
      if (bi < 0 || better(v, best)) (bi = k), (best = v);
    });
    const sel = bi < 0 ? null : t[bi];
    return sel === null || Number.isNaN(x[sel]) ? null : sel;
  });
}

/** select_and_gather_add: t at each window's selected element (0 when none). */
export function naiveSelectGather(t: number[], x: number[], shape: number[], p: RWParams, select: "ge" | "le"): { shape: number[]; data: number[] } {
  const { outShape } = windowTaps(shape, p);
  return { shape: outShape, data: naiveSelection(x, shape, p, select).map((i) => (i === null ? 0 : t[i])) };
}

/** select_and_scatter_add: each window's source value added at its selected element. */
export function naiveSelectScatter(s: number[], x: number[], shape: number[], p: RWParams, select: "ge" | "le"): { shape: number[]; data: number[] } {
  const out = new Array<number>(prodOf(shape)).fill(0);
  naiveSelection(x, shape, p, select).forEach((i, o) => {
    if (i !== null) out[i] += s[o];
  });
  return { shape, data: out };
}

/** Window params with dilations defaulting to 1. */
export function rwp(windowDimensions: number[], windowStrides: number[], padding: [number, number][], baseDilation = windowDimensions.map(() => 1), windowDilation = windowDimensions.map(() => 1)): RWParams {
  return { windowDimensions, windowStrides, padding, baseDilation, windowDilation };
}

/** The reduce_window cases of the primitive table (test/cases.ts) and their references (test/primitives.test.ts). */
export interface RWCase {
  label: string;
  prim: "reduce_window_sum" | "reduce_window_max" | "reduce_window_min" | "select_and_gather_add" | "select_and_scatter_add";
  /** The operand's shape (the source of a scatter has the windows' shape). */
  shape: number[];
  ints: boolean;
  p: RWParams;
  select?: "ge" | "le";
}
export const RW_CASES: RWCase[] = [
  { label: "reduce_window_sum_pad_stride", prim: "reduce_window_sum", shape: [4, 5], ints: true, p: rwp([2, 3], [1, 2], [[1, 0], [1, 1]]) },
  { label: "reduce_window_sum_dilated", prim: "reduce_window_sum", shape: [5, 4], ints: false, p: rwp([2, 2], [2, 1], [[0, 1], [2, 0]], [2, 1], [1, 2]) },
  { label: "reduce_window_max_pool2x2", prim: "reduce_window_max", shape: [2, 4, 4, 3], ints: true, p: rwp([1, 2, 2, 1], [1, 2, 2, 1], [[0, 0], [0, 0], [0, 0], [0, 0]]) },
  { label: "reduce_window_max_overlap_pad", prim: "reduce_window_max", shape: [2, 5, 6], ints: false, p: rwp([1, 3, 4], [1, 1, 2], [[0, 0], [1, 1], [2, 1]]) },
  { label: "reduce_window_min_dilated", prim: "reduce_window_min", shape: [6, 5], ints: true, p: rwp([2, 2], [1, 2], [[1, 0], [0, 1]], [1, 2], [2, 1]) },
  { label: "select_and_gather_add_ge", prim: "select_and_gather_add", shape: [4, 6], ints: true, p: rwp([2, 3], [1, 2], [[1, 0], [1, 1]]), select: "ge" },
  { label: "select_and_gather_add_le_dilated", prim: "select_and_gather_add", shape: [5, 4], ints: false, p: rwp([2, 2], [2, 1], [[0, 1], [1, 0]], [2, 1], [1, 2]), select: "le" },
  { label: "select_and_scatter_add_pool", prim: "select_and_scatter_add", shape: [2, 4, 6], ints: true, p: rwp([1, 2, 2], [1, 2, 2], [[0, 0], [0, 0], [0, 0]]), select: "ge" },
  { label: "select_and_scatter_add_overlap", prim: "select_and_scatter_add", shape: [4, 6], ints: false, p: rwp([2, 3], [1, 2], [[1, 0], [1, 1]]), select: "le" },
];
