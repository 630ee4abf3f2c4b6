/**
 * @file The `hf` namespace: HistFactory binned likelihoods from pyhf JSON — workspaces, patches and
 * patchsets, models with every modifier and interpolation code — each checked against its signature.
 */
import { checked } from "../numpy/signature.js";
import * as ws from "./workspace.js";
import * as sm from "./simplemodels.js";
import * as ip from "./interp.js";
import * as js from "./jsonschema.js";
import * as jp from "./jsonpatch.js";
import * as dg from "./digest.js";
import * as ps from "./patchset.js";

// errors name the function and the JSON path already
const c = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig, { renameErrors: false });

export type { HfModel, ModelConfig, ParameterSet } from "./model_types.js";
import type { Workspace as WorkspaceT } from "./workspace.js";
/** A pyhf workspace value (what `hf.Workspace.fromJSON` returns). */
export type Workspace = WorkspaceT;
export type { WorkspaceModelOptions, PruneOptions, RenameOptions } from "./workspace.js";
export type { ModelOptions, ModifierSetting } from "./model.js";
export type { InterpCode } from "./interp.js";
export type { SchemaError, SchemaName } from "./jsonschema.js";
export type { PatchOperation } from "./jsonpatch.js";
export type { Patch } from "./patchset.js";
import type { PatchSet as PatchSetT } from "./patchset.js";
/** A pyhf patchset value (what `hf.PatchSet.fromJSON` returns). */
export type PatchSet = PatchSetT;
export type { WorkspaceSpec, ModelSpec, ChannelSpec, SampleSpec, ModifierSpec, ModifierType, Measurement, Observation, ParameterConfig } from "./spec.js";

/** pyhf workspaces: `hf.Workspace.fromJSON(obj, { validate })`. */
export const Workspace = { fromJSON: c(ws.fromJSON, "hf.Workspace.fromJSON(obj*, opts?{validate})") };
export const Model = c(ws.Model, "hf.Model(spec*, opts?{poiName,modifierSettings,clipSampleData,clipBinData,validate})");
/** pyhf's `simplemodels`. */
export const simplemodels = {
  uncorrelatedBackground: c(sm.uncorrelatedBackground, "hf.simplemodels.uncorrelatedBackground(signal, bkg, bkgUncertainty)"),
  correlatedBackground: c(sm.correlatedBackground, "hf.simplemodels.correlatedBackground(signal, bkg, bkgUp, bkgDown)"),
};
export const interpolate = c(ip.interpolate, "hf.interpolate(code, alpha, lo, nom, hi)");
export const schemaErrors = c(js.schemaErrors, "hf.schemaErrors(name, value*)");
/** pyhf patchsets: `hf.PatchSet.fromJSON(obj)`. */
export const PatchSet = { fromJSON: c(ps.fromJSON, "hf.PatchSet.fromJSON(obj*)") };
export const applyPatch = c(<T>(doc: T, patch: readonly jp.PatchOperation[]) => jp.applyPatch(doc, patch), "hf.applyPatch(doc*, patch*)");
export const digest = c(dg.digest, "hf.digest(obj*, opts?{algorithm,integers})");

// ---- inference (mle, infer) ----
export * from "./infer_index.js";
