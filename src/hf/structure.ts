/** @file The Hessian sparsity of a HistFactory model's twice_nll: which main bins each parameter touches (found by perturbing each parameter set once). */
import * as np from "../numpy/index.js";
import type { HessianSparsity } from "../fit/sparsity.js";
import type { HfModel } from "./model_types.js";

const bySpec = new WeakMap<HfModel, HessianSparsity | null>();

/**
 * The sparsity of twice_nll's Hessian: twice_nll is a sum of Poisson terms, one per main bin, and of one
 * constraint term per parameter, so two parameters couple only if they touch a common main bin. A
 * parameter set of one element (normfactor, lumi, normsys, histosys) touching more than one bin is
 * "dense"; element k of a per-bin set (staterror, shapesys, shapefactor) touches bin k of the channels
 * the set modifies. The bins are found by changing each set's values once and comparing the expected
 * main data (null — the full Hessian — if a per-bin set does not line up with its channels' bins). The
 * fit checks each Hessian built from this against one exact Hessian-vector product and falls back to
 * the full Hessian on a mismatch, so a coupling missed here costs time, never correctness.
 */
export function hessianSparsity(model: HfModel): HessianSparsity | null {
  if (bySpec.has(model)) return bySpec.get(model)!;
  const cfg = model.config;
  const init = cfg.suggestedInit(), bounds = cfg.suggestedBounds();
  const offsets: Record<string, number> = {};
  let off = 0;
  for (const ch of cfg.channels) { offsets[ch] = off; off += cfg.channelNbins[ch]; }
  const main = (p: number[]) => model.expectedActualData(np.array(p, { dtype: "float64" })).data() as Float64Array;
  const base = main(init);
  const cells: (number[] | null)[] = init.map(() => []);
  let ok = true;
  for (const name of cfg.parOrder) {
    const set = cfg.parSets[name];
    const p = init.slice();
    for (let k = 0; k < set.size; k++) {
      const i = set.offset + k, [lo, hi] = bounds[i];
      const step = 0.137 * Math.max(1, Math.abs(init[i])) * (1 + 0.1 * k);
      p[i] = init[i] + step <= hi ? init[i] + step : Math.max(lo, init[i] - step);
    }
    const moved = main(p);
    const bins: number[] = [];
    for (let b = 0; b < base.length; b++) if (moved[b] !== base[b]) bins.push(b);
    if (set.size === 1) { cells[set.offset] = bins.length > 1 ? null : bins; continue; }
    // a per-bin set: the channels it modifies must have one bin per element
    const chans = cfg.channels.filter((ch) => bins.some((b) => b >= offsets[ch] && b < offsets[ch] + cfg.channelNbins[ch]));
    if (chans.some((ch) => cfg.channelNbins[ch] !== set.size)) { ok = false; break; }
    for (let k = 0; k < set.size; k++) cells[set.offset + k] = chans.map((ch) => offsets[ch] + k);
  }
  const out = ok ? { cells } : null;
  bySpec.set(model, out);
  return out;
}
