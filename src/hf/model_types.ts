/**
 * @file The contract between a HistFactory model (built from a pyhf workspace, src/hf/model.ts) and the
 * inference on it (MLE fits, test statistics, CLs, limits: src/hf/mle.ts, infer.ts): what pyhf calls
 * `model.config`, `model.logpdf`, `model.expected_data`, in camelCase. Parameters are one flat float64
 * vector in pyhf's order; data are main bins (channels sorted by name) followed by the auxiliary data.
 */
import type { NDArray } from "../core/array.js";

/** One named parameter set: a scalar (normfactor, lumi, normsys, histosys) or one slot per bin (shapesys, shapefactor, staterror). */
export interface ParameterSet {
  name: string;
  /** The modifier type that made it, e.g. "normsys". */
  type: "normfactor" | "lumi" | "normsys" | "histosys" | "shapefactor" | "shapesys" | "staterror";
  /** Where its slots start in the flat parameter vector, and how many there are. */
  offset: number;
  size: number;
  /** Constrained (has auxiliary data and a constraint term). */
  constrained: boolean;
  inits: number[];
  bounds: [number, number][];
  fixed: boolean[];
  /** Constraint widths where pyhf has them (normsys/histosys 1, lumi σ, staterror δ); null otherwise. */
  sigmas: number[] | null;
  /** Auxiliary data of this set (empty when unconstrained). */
  auxdata: number[];
  /** The constraint term: a Normal (normsys, histosys, lumi, staterror), a Poisson (shapesys) or none. */
  constraint?: "normal" | "poisson" | null;
  /** shapesys: the Poisson rate scale τ per bin (expected auxdata γ·τ); null otherwise. */
  factors?: number[] | null;
  /** Bins whose factor is held at 1 because their uncertainty is zero (shapesys, staterror). */
  masked?: readonly boolean[];
}

/** pyhf's `model.config`, read-only. */
export interface ModelConfig {
  /** Flat parameter names in order, multi-bin sets as `name[i]`. */
  parNames: readonly string[];
  /** Parameter set names in order. */
  parOrder: readonly string[];
  parSets: Readonly<Record<string, ParameterSet>>;
  /** The parameter of interest's name and flat index (null when the measurement has none). */
  poiName: string | null;
  poiIndex: number | null;
  nPars: number;
  nAuxdata: number;
  /** Channels sorted by name, their bin counts, samples sorted by name (union over channels). */
  channels: readonly string[];
  channelNbins: Readonly<Record<string, number>>;
  samples: readonly string[];
  /** Auxiliary data in parameter order. */
  auxdata: readonly number[];
  suggestedInit(): number[];
  suggestedBounds(): [number, number][];
  suggestedFixed(): boolean[];
  /** The index of a flat parameter name such as "mu" or "uncorr_bkguncrt[1]" (a clear error if unknown). */
  parIndex(name: string): number;
}

/**
 * A HistFactory model. Every method takes and returns NDArrays, is traceable (works under grad, jit,
 * vmap), and accepts `pars` as a float64 NDArray of shape [nPars] (or a number array).
 */
export interface HfModel {
  config: ModelConfig;
  /** log L(pars | data) for data = main ++ auxdata (shape [nMain + nAuxdata]): a scalar. */
  logpdf(pars: NDArray | readonly number[], data: NDArray | readonly number[]): NDArray;
  /** Expected main data, and auxdata after them unless `includeAuxdata: false`. */
  expectedData(pars: NDArray | readonly number[], opts?: { includeAuxdata?: boolean }): NDArray;
  expectedActualData(pars: NDArray | readonly number[]): NDArray;
  expectedAuxdata(pars: NDArray | readonly number[]): NDArray;
  /** Number of main bins (sum over channels). */
  nMain: number;
}
