/** @file A known Hessian sparsity of fcn: a colouring of its columns (few Hessian-vector products instead of n), the Hessian rebuilt from them, and its inverse by block elimination. */
import { NDArray } from "../core/array.js";
import * as np from "../numpy/index.js";
import { type Mat, zerosMat, invSpdBlocked } from "./dense.js";

/**
 * Which parameters' second derivatives can be non-zero: per parameter (external index) the "cells" it
 * touches (two parameters couple only if they share a cell, e.g. a histogram bin), or null for a parameter
 * that may couple with every other (its column is computed as a whole).
 */
export interface HessianSparsity { cells: readonly (readonly number[] | null)[] }

/** A colouring for one free set: seed rows (unit vectors of the dense parameters, one row per colour, a check row). */
export interface Structure {
  dense: number[];
  blocks: number[][];
  /** Per free parameter: the sparse parameters it couples with (itself included); for dense ones []. */
  nbr: number[][];
  color: number[];
  seeds: NDArray;
  nSeeds: number;
  check: Float64Array;
  broken: boolean;
  invert(H: Mat): Mat | null;
}

/** Worth it only if the dense part is small: otherwise null (the full Hessian). */
export function structureOf(cells: readonly (readonly number[] | null)[], idx: readonly number[]): Structure | null {
  const n = idx.length;
  if (n < 32) return null;
  const dense: number[] = [], sparse: number[] = [];
  idx.forEach((e, k) => (cells[e] === null ? dense : sparse).push(k));
  if (dense.length > n / 4) return null;
  const byCell = new Map<number, number[]>();
  for (const k of sparse) for (const c of cells[idx[k]]!) { const l = byCell.get(c); if (l) l.push(k); else byCell.set(c, [k]); }
  const nbr: number[][] = idx.map(() => []);
  for (const k of sparse) nbr[k] = [...new Set([k, ...cells[idx[k]]!.flatMap((c) => byCell.get(c)!)])];
  // blocks: connected components of the sparse parameters (union–find)
  const parent = idx.map((_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k])));
  for (const k of sparse) for (const j of nbr[k]) parent[find(j)] = find(k);
  const comp = new Map<number, number[]>();
  for (const k of sparse) { const r = find(k); const l = comp.get(r); if (l) l.push(k); else comp.set(r, [k]); }
  const blocks = [...comp.values()];
  if (blocks.some((b) => b.length > 64)) return null;
  // distance-2 colouring of the sparse columns within the sparse rows (the dense rows come from the dense columns)
  const color = idx.map(() => -1);
  let ncol = 0;
  for (const k of sparse) {
    const used = new Set<number>();
    for (const i of nbr[k]) for (const j of nbr[i]) if (color[j] >= 0) used.add(color[j]);
    let c = 0;
    while (used.has(c)) c++;
    color[k] = c;
    ncol = Math.max(ncol, c + 1);
  }
  if (dense.length + ncol + 1 > n / 2) return null;
  const check = Float64Array.from(idx, (_, k) => Math.sin(1.7 * k + 0.3));
  const rows: number[][] = [];
  for (const g of dense) { const r = new Array<number>(n).fill(0); r[g] = 1; rows.push(r); }
  for (let c = 0; c < ncol; c++) rows.push(color.map((x) => (x === c ? 1 : 0)));
  rows.push(Array.from(check));
  const seeds = np.array(rows, { dtype: "float64" });
  return {
    dense, blocks, nbr, color, seeds, nSeeds: rows.length, check, broken: false,
    invert: (H) => invSpdBlocked(H, dense, blocks),
  };
}

/** The Hessian from the seed products HV (rows × n), or null if the check row disagrees (an undeclared coupling). */
export function fromSeeds(st: Structure, HV: Float64Array, n: number): Mat | null {
  const H = zerosMat(n, n), nd = st.dense.length;
  st.dense.forEach((g, r) => { for (let i = 0; i < n; i++) H[i][g] = H[g][i] = HV[r * n + i]; });
  for (let k = 0; k < n; k++) {
    if (st.color[k] < 0) continue;
    const row = (nd + st.color[k]) * n;
    for (const i of st.nbr[k]) H[i][k] = HV[row + i];
  }
  // symmetrise the sparse part (each entry was read twice, once per column)
  for (let k = 0; k < n; k++) if (st.color[k] >= 0) for (const i of st.nbr[k]) if (i > k) H[i][k] = H[k][i] = (H[i][k] + H[k][i]) / 2;
  // check: H·r against the exact product of the last seed
  const last = (st.nSeeds - 1) * n;
  let err = 0, scale = 0, hmax = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const Hi = H[i];
    for (let j = 0; j < n; j++) { s += Hi[j] * st.check[j]; hmax = Math.max(hmax, Math.abs(Hi[j])); }
    err = Math.max(err, Math.abs(s - HV[last + i]));
    scale = Math.max(scale, Math.abs(HV[last + i]));
  }
  return err <= 1e-8 * (scale + hmax * Math.sqrt(n)) ? H : null;
}
