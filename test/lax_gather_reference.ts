/**
 * @file Element-by-element reference semantics of XLA/JAX gather and scatter with dimension numbers
 * (as the XLA operation-semantics page states them), on plain JS arrays, for test/lax_gather.test.ts.
 * Written as loops over output (gather) or update (scatter) elements, independent of the composite.
 */

export interface Flat {
  shape: number[];
  data: number[];
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
function unravel(i: number, s: number[]): number[] {
  const out = new Array(s.length);
  for (let d = s.length - 1; d >= 0; d--) {
    out[d] = i % s[d];
    i = Math.floor(i / s[d]);
  }
  return out;
}
function ravel(c: number[], s: number[]): number {
  let f = 0;
  for (let d = 0; d < s.length; d++) f = f * s[d] + c[d];
  return f;
}

/** The operand start of the window of index batch position g (clamped, and whether it was in bounds). */
function windowStart(op: number[], idx: Flat, g: number[], startMap: number[], opBatch: number[], idxBatch: number[], win: number[], clip: boolean): [number[], boolean] {
  const k = idx.shape[idx.shape.length - 1];
  const start = op.map(() => 0);
  let ok = true;
  for (let j = 0; j < k; j++) {
    const d = startMap[j];
    let v = idx.data[ravel([...g, j], idx.shape)];
    const hi = op[d] - win[d];
    if (v < 0 || v > hi) ok = false;
    if (clip) v = Math.min(Math.max(v, 0), hi);
    start[d] = v;
  }
  opBatch.forEach((d, i) => (start[d] = g[idxBatch[i]]));
  return [start, ok];
}

export interface GatherDN {
  offsetDims: number[];
  collapsedSliceDims: number[];
  startIndexMap: number[];
  operandBatchingDims?: number[];
  startIndicesBatchingDims?: number[];
}

export function refGather(x: Flat, idx: Flat, dn: GatherDN, sliceSizes: number[], mode: "clip" | "fill", fill: number): Flat {
  const ob = dn.operandBatchingDims ?? [], ib = dn.startIndicesBatchingDims ?? [];
  const batchShape = idx.shape.slice(0, -1);
  const windowDims = x.shape.map((_, d) => d).filter((d) => !dn.collapsedSliceDims.includes(d) && !ob.includes(d));
  const rank = batchShape.length + windowDims.length;
  const outShape: number[] = [];
  for (let p = 0, b = 0; p < rank; p++) outShape.push(dn.offsetDims.includes(p) ? sliceSizes[windowDims[dn.offsetDims.indexOf(p)]] : batchShape[b++]);
  const data: number[] = [];
  for (let i = 0; i < size(outShape); i++) {
    const c = unravel(i, outShape);
    const g = c.filter((_, p) => !dn.offsetDims.includes(p));
    const [start, ok] = windowStart(x.shape, idx, g, dn.startIndexMap, ob, ib, sliceSizes, true);
    if (mode === "fill" && !ok) {
      data.push(fill);
      continue;
    }
    const pos = [...start];
    dn.offsetDims.forEach((p, j) => (pos[windowDims[j]] += c[p]));
    data.push(x.data[ravel(pos, x.shape)]);
  }
  return { shape: outShape, data };
}

export interface ScatterDN {
  updateWindowDims: number[];
  insertedWindowDims: number[];
  scatterDimsToOperandDims: number[];
  operandBatchingDims?: number[];
  scatterIndicesBatchingDims?: number[];
}

/** Apply the updates one by one in row-major update order with `combine(old, update)`. */
export function refScatter(x: Flat, idx: Flat, u: Flat, dn: ScatterDN, combine: (a: number, b: number) => number, mode: "clip" | "drop"): Flat {
  const ob = dn.operandBatchingDims ?? [], ib = dn.scatterIndicesBatchingDims ?? [];
  const windowDims = x.shape.map((_, d) => d).filter((d) => !dn.insertedWindowDims.includes(d) && !ob.includes(d));
  const win = x.shape.map(() => 1);
  windowDims.forEach((d, j) => (win[d] = u.shape[dn.updateWindowDims[j]]));
  const out = [...x.data];
  for (let i = 0; i < size(u.shape); i++) {
    const c = unravel(i, u.shape);
    const g = c.filter((_, p) => !dn.updateWindowDims.includes(p));
    const [start, ok] = windowStart(x.shape, idx, g, dn.scatterDimsToOperandDims, ob, ib, win, mode === "clip");
    if (!ok && mode === "drop") continue;
    const pos = [...start];
    dn.updateWindowDims.forEach((p, j) => (pos[windowDims[j]] += c[p]));
    const f = ravel(pos, x.shape);
    out[f] = combine(out[f], u.data[i]);
  }
  return { shape: [...x.shape], data: out };
}
