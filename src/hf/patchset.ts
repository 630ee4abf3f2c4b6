/**
 * @file pyhf patchsets: a set of named JSON Patches (e.g. one signal hypothesis each) for one
 * background-only workspace, verified against its digest before a patch is applied.
 */
import { checked } from "../numpy/signature.js";
import { digest } from "./digest.js";
import { applyPatch, type PatchOperation } from "./jsonpatch.js";
import { assertSchema } from "./jsonschema.js";
import { fromJSON as workspaceFromJSON, type Workspace } from "./workspace.js";

/** One patch of a patchset: its name, its values (one per label) and the JSON Patch. */
export interface Patch {
  readonly name: string;
  readonly values: readonly (number | string)[];
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly patch: readonly PatchOperation[];
  /** The patched workspace (validated), without checking the digest. */
  apply(ws: Workspace | object): Workspace;
}

/** A pyhf patchset (pyhf.PatchSet): an immutable value. */
export interface PatchSet {
  readonly description: string;
  readonly labels: readonly string[];
  readonly digests: Readonly<Record<string, string>>;
  readonly references: Readonly<Record<string, string>>;
  readonly version: string;
  readonly patches: readonly Patch[];
  /** The patch with this name, or with these values (one per label; a single value when there is one label). */
  patch(key: string | number | readonly (number | string)[]): Patch;
  /** Check that `ws` is the workspace the patchset was made for (every digest it records); throws if not. */
  verify(ws: Workspace | object): void;
  /** Verify `ws`, then apply the patch `key` (see `patch`): a new, validated workspace. */
  apply(ws: Workspace | object, key: string | number | readonly (number | string)[], opts?: { verify?: boolean }): Workspace;
}

interface PatchSetJSON {
  metadata: { description: string; labels: string[]; digests: Record<string, string>; references: Record<string, string> };
  patches: { metadata: { name: string; values: (number | string)[] } & Record<string, unknown>; patch: PatchOperation[] }[];
  version: string;
}

const specOf = (ws: Workspace | object): object => (typeof (ws as Workspace).toJSON === "function" ? (ws as Workspace).toJSON() : ws);
const keyOf = (values: readonly (number | string)[]) => JSON.stringify(values);

/**
 * Read a pyhf patchset (schema-checked, plus pyhf's checks: unique patch names and values, one value per label).
 * @example
 * const ps = hf.PatchSet.fromJSON(patchsetJson);
 * const ws = ps.apply(hf.Workspace.fromJSON(bkgOnlyJson), [1000, 100]); // the patch whose values are [1000, 100]
 */
export function fromJSON(obj: unknown): PatchSet {
  const fn = "hf.PatchSet.fromJSON";
  assertSchema(fn, "patchset.json", obj);
  const ps = JSON.parse(JSON.stringify(obj)) as PatchSetJSON;
  const labels = ps.metadata.labels;
  const byName = new Map<string, Patch>(), byValues = new Map<string, Patch>();
  const patches = ps.patches.map((p, i) => {
    const { name, values } = p.metadata;
    if (values.length !== labels.length) throw new Error(`${fn}: patches[${i}].metadata.values: has ${values.length} values, expected ${labels.length} (one per label: ${labels.join(", ")})`);
    if (byName.has(name)) throw new Error(`${fn}: patches[${i}].metadata.name: the name ${JSON.stringify(name)} is used by two patches`);
    if (byValues.has(keyOf(values))) throw new Error(`${fn}: patches[${i}].metadata.values: the values ${JSON.stringify(values)} are used by two patches (${JSON.stringify(byValues.get(keyOf(values))!.name)} and ${JSON.stringify(name)})`);
    const patch: Patch = Object.freeze({
      name,
      values: Object.freeze(values.slice()),
      metadata: Object.freeze({ ...p.metadata }),
      patch: Object.freeze(p.patch.map((o) => Object.freeze(o))),
      apply: checked((ws: Workspace | object) => fromJSON_ws(applyPatch(specOf(ws), p.patch, "hf.Patch.apply"), "hf.Patch.apply"), "hf.Patch.apply(ws*)"),
    });
    byName.set(name, patch);
    byValues.set(keyOf(values), patch);
    return patch;
  });
  const find = (key: string | number | readonly (number | string)[]): Patch => {
    const byKey = typeof key === "string" ? byName.get(key) ?? (labels.length === 1 ? byValues.get(keyOf([key])) : undefined) : byValues.get(keyOf(Array.isArray(key) ? key : [key as number]));
    if (!byKey) {
      const some = patches.slice(0, 5).map((p) => `${p.name} ${JSON.stringify(p.values)}`).join(", ");
      throw new RangeError(`hf.PatchSet.patch: no patch is named or has the values ${JSON.stringify(key)}; patches are ${some}${patches.length > 5 ? ", …" : ""} (values for labels ${JSON.stringify(labels)})`);
    }
    return byKey;
  };
  const verify = (ws: Workspace | object) => {
    const spec = specOf(ws);
    for (const [alg, want] of Object.entries(ps.metadata.digests)) {
      if (alg !== "sha256" && alg !== "md5") throw new Error(`hf.PatchSet.verify: cannot compute a ${alg} digest (sha256 and md5 are supported)`);
      const got = digest(spec, { algorithm: alg });
      if (got.toLowerCase() !== want.toLowerCase() && digest(spec, { algorithm: alg, integers: "int" }) !== want.toLowerCase()) {
        throw new Error(`hf.PatchSet.verify: the workspace's ${alg} digest ${got} differs from the patchset's ${want}: the patchset was made for another workspace (pass { verify: false } to apply it anyway)`);
      }
    }
  };
  return Object.freeze({
    description: ps.metadata.description,
    labels: Object.freeze(labels.slice()),
    digests: Object.freeze({ ...ps.metadata.digests }),
    references: Object.freeze({ ...ps.metadata.references }),
    version: ps.version,
    patches: Object.freeze(patches),
    patch: checked(find, "hf.PatchSet.patch(key*)"),
    verify: checked(verify, "hf.PatchSet.verify(ws*)"),
    apply: checked((ws: Workspace | object, key: string | number | readonly (number | string)[], opts: { verify?: boolean } = {}) => {
      const p = find(key);
      if (opts.verify !== false) {
        try {
          verify(ws);
        } catch (e) {
          throw new Error((e as Error).message.replace(/^hf\.PatchSet\.verify/, "hf.PatchSet.apply"));
        }
      }
      return fromJSON_ws(applyPatch(specOf(ws), p.patch, "hf.PatchSet.apply"), "hf.PatchSet.apply");
    }, "hf.PatchSet.apply(ws*, key*, opts?{verify})"),
  });
}

/** The patched spec as a validated workspace; schema errors name the caller. */
function fromJSON_ws(spec: unknown, fn: string): Workspace {
  try {
    return workspaceFromJSON(spec);
  } catch (e) {
    const msg = (e as Error).message.replace(/^hf\.Workspace\.fromJSON:/, `${fn}: the patched workspace is invalid:`);
    throw e instanceof TypeError ? new TypeError(msg) : new Error(msg);
  }
}
