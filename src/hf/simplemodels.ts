/** @file pyhf's `simplemodels`: one-channel signal + background models built from plain arrays. */
import type { HfModel } from "./model_types.js";
import { Model } from "./workspace.js";

const numbers = (fn: string, what: string, v: unknown): number[] => {
  const a = v && typeof (v as { toArray?: unknown }).toArray === "function" ? (v as { toArray(): unknown }).toArray() : v;
  if (!Array.isArray(a) || a.length === 0 || !a.every((x) => typeof x === "number" && Number.isFinite(x))) {
    throw new TypeError(`${fn}: ${what} must be a non-empty array of finite numbers (one per bin), got ${JSON.stringify(a)}`);
  }
  return a as number[];
};
const sameLength = (fn: string, arrays: Record<string, number[]>) => {
  const [first, ...rest] = Object.entries(arrays);
  for (const [k, v] of rest) if (v.length !== first[1].length) throw new RangeError(`${fn}: ${k} has ${v.length} bins, ${first[0]} has ${first[1].length}; expected one length`);
};

/**
 * A signal (scaled by the normfactor "mu") on a background with an uncorrelated per-bin absolute
 * uncertainty (the shapesys "uncorr_bkguncrt"), in one channel "singlechannel" (pyhf's
 * `simplemodels.uncorrelated_background`); pyhf's default interpolation codes.
 * @example
 * const model = hf.simplemodels.uncorrelatedBackground([12, 11], [50, 52], [3, 7]);
 * model.config.parNames // ["mu", "uncorr_bkguncrt[0]", "uncorr_bkguncrt[1]"]
 */
export function uncorrelatedBackground(signal: readonly number[], bkg: readonly number[], bkgUncertainty: readonly number[]): HfModel {
  const fn = "hf.simplemodels.uncorrelatedBackground";
  const s = numbers(fn, "signal", signal), b = numbers(fn, "bkg", bkg), u = numbers(fn, "bkgUncertainty", bkgUncertainty);
  sameLength(fn, { signal: s, bkg: b, bkgUncertainty: u });
  return Model({
    channels: [{
      name: "singlechannel",
      samples: [
        { name: "signal", data: s, modifiers: [{ name: "mu", type: "normfactor", data: null }] },
        { name: "background", data: b, modifiers: [{ name: "uncorr_bkguncrt", type: "shapesys", data: u }] },
      ],
    }],
  });
}

/**
 * A signal (normfactor "mu") on a background whose shape moves between `bkgDown` and `bkgUp` with one
 * correlated parameter (the histosys "correlated_bkg_uncertainty"), in one channel "single_channel"
 * (pyhf's `simplemodels.correlated_background`); histosys code4p.
 * @example
 * const model = hf.simplemodels.correlatedBackground([12, 11], [50, 52], [45, 57], [55, 47]);
 * model.config.parNames // ["correlated_bkg_uncertainty", "mu"]
 */
export function correlatedBackground(signal: readonly number[], bkg: readonly number[], bkgUp: readonly number[], bkgDown: readonly number[]): HfModel {
  const fn = "hf.simplemodels.correlatedBackground";
  const s = numbers(fn, "signal", signal), b = numbers(fn, "bkg", bkg), up = numbers(fn, "bkgUp", bkgUp), dn = numbers(fn, "bkgDown", bkgDown);
  sameLength(fn, { signal: s, bkg: b, bkgUp: up, bkgDown: dn });
  return Model({
    channels: [{
      name: "single_channel",
      samples: [
        { name: "signal", data: s, modifiers: [{ name: "mu", type: "normfactor", data: null }] },
        { name: "background", data: b, modifiers: [{ name: "correlated_bkg_uncertainty", type: "histosys", data: { hi_data: up, lo_data: dn } }] },
      ],
    }],
  });
}
