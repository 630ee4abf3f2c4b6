/**
 * @file pyhf workspaces from JSON: schema validation (errors with the JSON path), pyhf's semantic checks,
 * JSON Patch (RFC 6902 / 6901), patchsets with digest verification, prune / rename, immutability.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { hf } from "../src/index.js";

const FIX = new URL("./fixtures/", import.meta.url);
const readJSON = (rel: string) => JSON.parse(readFileSync(new URL(rel, FIX), "utf8"));
const WORKSPACES = readdirSync(new URL("pyhf/workspaces/", FIX)).filter((f) => f.endsWith(".json"));
const hello = () => readJSON("pyhf/workspaces/hello_world_uncorrelated_background.json");
const rich = () => readJSON("hf/rich.json");

test("hf workspace: every shipped workspace validates against pyhf's schema and reads", () => {
  assert.ok(WORKSPACES.length >= 7);
  for (const f of [...WORKSPACES.map((w) => `pyhf/workspaces/${w}`), "hf/rich.json"]) {
    const obj = readJSON(f);
    assert.deepEqual(hf.schemaErrors("workspace.json", obj), [], f);
    const ws = hf.Workspace.fromJSON(obj);
    assert.deepEqual(ws.toJSON(), obj, `${f}: toJSON round trip`);
    assert.deepEqual(JSON.parse(JSON.stringify(ws)), obj);
    assert.deepEqual(ws.measurementNames, obj.measurements.map((m: { name: string }) => m.name));
  }
  const ws = hf.Workspace.fromJSON(rich());
  assert.deepEqual(ws.channels, ["CR", "SR"]);
  assert.deepEqual(ws.samples, ["bkg1", "bkg2", "signal"]);
  assert.deepEqual(ws.modifiers, ["bkg1_shape", "k_bkg", "lumi", "mu", "sf_cr", "staterror_CR", "staterror_SR", "syst1", "syst2", "syst3"]);
  assert.deepEqual(ws.modifierTypes.filter(([n]) => n === "syst1"), [["syst1", "histosys"], ["syst1", "normsys"]]);
  assert.deepEqual(ws.channelNbins, { SR: 3, CR: 2 });
  assert.equal(ws.getMeasurement().name, "meas");
  assert.equal(ws.getMeasurement("bkg_only").config.poi, "k_bkg");
  assert.throws(() => ws.getMeasurement("nope"), /hf\.Workspace\.getMeasurement: no measurement is named "nope"; measurements are \["meas","bkg_only"\]/);
  assert.deepEqual(hf.schemaErrors("patchset.json", readJSON("hf/patchset_hello_world.json")), []);
});

/** Mutations of a valid workspace and the error each must give (the JSON path, what was expected). */
const SCHEMA_CASES: [string, (w: any) => void, RegExp][] = [
  ["a normsys hi that is a string", (w) => (w.channels[0].samples[1].modifiers[0].data.hi = "x"), /^hf\.Workspace\.fromJSON: channels\[0\]\.samples\[1\]\.modifiers\[0\]\.data\.hi: expected a finite number, got string "x"/],
  ["a missing version", (w) => delete w.version, /^hf\.Workspace\.fromJSON: \(root\): missing required property "version"/],
  ["a wrong version", (w) => (w.version = "2.0.0"), /^hf\.Workspace\.fromJSON: version: expected "1\.0\.0", got string "2\.0\.0"/],
  ["an unknown top-level key", (w) => (w.extra = 1), /^hf\.Workspace\.fromJSON: extra: unexpected property "extra"; expected only "channels", "measurements", "observations", "version"/],
  ["an empty channel list", (w) => (w.channels = []), /^hf\.Workspace\.fromJSON: channels: expected an array of at least 1 item, got 0/],
  ["sample data not numbers", (w) => (w.channels[0].samples[0].data = [1, null]), /channels\[0\]\.samples\[0\]\.data\[1\]: expected a finite number, got null/],
  ["a NaN in observations", (w) => (w.observations[0].data[0] = NaN), /observations\[0\]\.data\[0\]: expected a finite number, got number NaN/],
  ["a lumi not named lumi", (w) => (w.channels[0].samples[0].modifiers[0] = { name: "lumi2", type: "lumi", data: null }), /channels\[0\]\.samples\[0\]\.modifiers\[0\]\.name: expected "lumi", got string "lumi2"/],
  ["an unknown modifier type", (w) => (w.channels[0].samples[0].modifiers[0].type = "magic"), /channels\[0\]\.samples\[0\]\.modifiers\[0\]\.type: expected one of "histosys", "lumi", "normfactor", "normsys", "shapefactor", "shapesys", "staterror", got string "magic"/],
  ["a histosys without lo_data", (w) => (w.channels[0].samples[1].modifiers[0] = { name: "h", type: "histosys", data: { hi_data: [1, 2] } }), /channels\[0\]\.samples\[1\]\.modifiers\[0\]\.data: missing required property "lo_data"/],
  ["a measurement without config", (w) => delete w.measurements[0].config, /measurements\[0\]: missing required property "config"/],
  ["a parameter with fixed not boolean", (w) => (w.measurements[0].config.parameters = [{ name: "mu", fixed: 1 }]), /measurements\[0\]\.config\.parameters\[0\]\.fixed: expected a boolean, got number 1/],
  ["not an object", (w) => Object.keys(w).forEach((k) => delete w[k]), /missing required property/],
];

test("hf workspace: schema violations name the JSON path and what was expected", () => {
  for (const [what, mutate, re] of SCHEMA_CASES) {
    const w = readJSON("pyhf/workspaces/validation_1bin_normsys.json");
    mutate(w);
    assert.throws(() => hf.Workspace.fromJSON(w), (e: Error) => e instanceof TypeError && re.test(e.message), what);
    assert.ok(hf.schemaErrors("workspace.json", w).length > 0, what);
  }
  assert.throws(() => hf.Workspace.fromJSON("text" as never), /\(root\): expected an object, got string "text"/);
  assert.throws(() => hf.Model({ channels: [] }), /^TypeError: hf\.Model: channels: expected an array of at least 1 item/);
  // validate: false skips the schema (the caller vouches for the input)
  const w = hello();
  w.extra = 1;
  assert.equal(hf.Workspace.fromJSON(w, { validate: false }).channels[0], "singlechannel");
});

/** pyhf's checks beyond the schema. */
const SEMANTIC_CASES: [string, (w: any) => void, RegExp][] = [
  ["duplicate channel names", (w) => w.channels.push(JSON.parse(JSON.stringify(w.channels[0]))), /channels\[2\]\.name: duplicate channel name "SR" \(also at channels\[0\]\)/],
  ["duplicate sample names", (w) => (w.channels[0].samples[1].name = "signal"), /channels\[0\]\.samples\[1\]\.name: duplicate sample name "signal"/],
  ["samples of different bin counts", (w) => w.channels[0].samples[1].data.push(1), /channels\[0\]\.samples\[1\]\.data: has 4 bins, expected 3 \(the bin count of channels\[0\]\.samples\[0\]\)/],
  ["observations with the wrong bin count", (w) => w.observations[0].data.pop(), /observations\[0\]\.data: has 2 bins, expected 3 \(the bin count of channel "SR"\)/],
  ["an observation of no channel", (w) => (w.observations[1].name = "XR"), /observations\[1\]\.name: no channel is named "XR"/],
  ["a shapesys of the wrong length", (w) => w.channels[0].samples[1].modifiers[2].data.pop(), /channels\[0\]\.samples\[1\]\.modifiers\[2\]\.data: has 2 entries, expected 3 \(one per bin of channel "SR"\)/],
  ["a histosys hi_data of the wrong length", (w) => w.channels[0].samples[0].modifiers[3].data.hi_data.pop(), /modifiers\[3\]\.data\.hi_data: has 2 entries, expected 3/],
  ["a shapesys name used twice", (w) => w.channels[1].samples[0].modifiers.push({ name: "bkg1_shape", type: "shapesys", data: [1, 1] }), /the shapesys name "bkg1_shape" is used twice \(also at channels\[0\]\.samples\[1\]\.modifiers\[2\]\)/],
  ["one name, two incompatible types", (w) => w.channels[1].samples[0].modifiers.push({ name: "mu", type: "shapefactor", data: null }), /the name "mu" is a shapefactor here but a normfactor at channels\[0\]\.samples\[0\]\.modifiers\[0\]/],
  ["the same modifier twice on a sample", (w) => w.channels[0].samples[0].modifiers.push({ name: "mu", type: "normfactor", data: null }), /the normfactor modifier "mu" appears twice on sample "signal"/],
  ["a normsys factor of 0", (w) => (w.channels[1].samples[0].modifiers[1].data.lo = 0), /channels\[1\]\.samples\[0\]\.modifiers\[1\]\.data\.lo: a normsys factor must be > 0, got 0/],
  ["a negative uncertainty", (w) => (w.channels[0].samples[1].modifiers[2].data[0] = -1), /uncertainties must be ≥ 0/],
  ["a shared shapefactor of two bin counts", (w) => w.channels[0].samples[1].modifiers.push({ name: "sf_cr", type: "shapefactor", data: null }), /channels\[1\]\.samples\[0\]\.modifiers\[0\]: the shapefactor "sf_cr" has 2 bins here but 3 at channels\[0\]/],
  ["duplicate measurements", (w) => (w.measurements[1].name = "meas"), /measurements\[1\]\.name: duplicate measurement name "meas"/],
  ["duplicate parameter entries", (w) => w.measurements[0].config.parameters.push({ name: "lumi", auxdata: [1], sigmas: [0.1], inits: [1], bounds: [[0, 2]] }), /measurements\[0\]\.config\.parameters\[3\]\.name: duplicate parameter name "lumi"/],
];

test("hf workspace: pyhf's semantic checks name the JSON path and the problem", () => {
  for (const [what, mutate, re] of SEMANTIC_CASES) {
    const w = rich();
    mutate(w);
    assert.throws(() => hf.Workspace.fromJSON(w), (e: Error) => /^hf\.Workspace\.fromJSON: /.test(e.message) && re.test(e.message), what);
  }
});

test("hf workspace: measurement overrides are checked against the modifier type", () => {
  const bad: [string, (w: any) => void, RegExp][] = [
    ["a normfactor with auxdata", (w) => w.measurements[0].config.parameters.push({ name: "mu", auxdata: [1] }), /config\.parameters entry "mu": a normfactor parameter does not use "auxdata" \(it uses inits, bounds, fixed\)/],
    ["inits of the wrong length", (w) => w.measurements[0].config.parameters.push({ name: "sf_cr", inits: [1] }), /config\.parameters entry "sf_cr"\.inits: has 1 entries, expected 2/],
    ["reversed bounds", (w) => w.measurements[0].config.parameters.push({ name: "mu", bounds: [[5, 1]] }), /bounds\[0\]: expected \[lower, upper\] with lower ≤ upper, got \[5,1\]/],
    ["a lumi without its settings", (w) => (w.measurements[0].config.parameters = w.measurements[0].config.parameters.filter((p: any) => p.name !== "lumi")), /the lumi parameter "lumi" needs auxdata, sigmas, inits, bounds/],
    ["a zero sigma", (w) => (w.measurements[0].config.parameters[0].sigmas = [0]), /sigmas: widths must be > 0/],
    ["a POI that does not exist", (w) => (w.measurements[0].config.poi = "nope"), /hf\.Workspace\.model: poi: the parameter of interest "nope" is not a parameter of the model/],
  ];
  for (const [what, mutate, re] of bad) {
    const w = rich();
    mutate(w);
    const ws = hf.Workspace.fromJSON(w);
    assert.throws(() => ws.model(), re, what);
  }
});

test("hf JSON Patch: RFC 6902 operations, RFC 6901 pointers, errors naming the operation", () => {
  const doc = { a: { b: [1, 2, 3] }, "m~n": 1, "c/d": 2 };
  const cases: [unknown[], unknown][] = [
    [[{ op: "add", path: "/a/b/-", value: 4 }], { a: { b: [1, 2, 3, 4] }, "m~n": 1, "c/d": 2 }],
    [[{ op: "add", path: "/a/b/0", value: 0 }], { a: { b: [0, 1, 2, 3] }, "m~n": 1, "c/d": 2 }],
    [[{ op: "remove", path: "/a/b/1" }], { a: { b: [1, 3] }, "m~n": 1, "c/d": 2 }],
    [[{ op: "replace", path: "/m~0n", value: 5 }], { a: { b: [1, 2, 3] }, "m~n": 5, "c/d": 2 }],
    [[{ op: "remove", path: "/c~1d" }], { a: { b: [1, 2, 3] }, "m~n": 1 }],
    [[{ op: "move", from: "/a/b", path: "/x" }], { a: {}, "m~n": 1, "c/d": 2, x: [1, 2, 3] }],
    [[{ op: "copy", from: "/a/b/2", path: "/a/b/0" }], { a: { b: [3, 1, 2, 3] }, "m~n": 1, "c/d": 2 }],
    [[{ op: "test", path: "/a/b", value: [1, 2, 3] }, { op: "add", path: "/t", value: true }], { a: { b: [1, 2, 3] }, "m~n": 1, "c/d": 2, t: true }],
    [[{ op: "replace", path: "", value: [1] }], [1]],
    [[{ op: "add", path: "/a/c", value: { deep: [1] } }, { op: "add", path: "/a/c/deep/-", value: 2 }], { a: { b: [1, 2, 3], c: { deep: [1, 2] } }, "m~n": 1, "c/d": 2 }],
  ];
  for (const [patch, want] of cases) {
    const before = JSON.stringify(doc);
    assert.deepEqual(hf.applyPatch(doc, patch as never), want, JSON.stringify(patch));
    assert.equal(JSON.stringify(doc), before, "the input is unchanged");
  }
  const bad: [unknown[], RegExp][] = [
    [[{ op: "test", path: "/a/b/0", value: 2 }], /^Error: hf\.applyPatch: patch operation 0 \(test "\/a\/b\/0"\) does not apply: test failed: the value is 1, expected 2/],
    [[{ op: "add", path: "/t", value: 1 }, { op: "remove", path: "/nope" }], /patch operation 1 \(remove "\/nope"\) does not apply: the target does not exist/],
    [[{ op: "add", path: "/a/b/7", value: 1 }], /patch operation 0 \(add "\/a\/b\/7"\) does not apply: index 7 is out of range for an array of length 3/],
    [[{ op: "add", path: "/x/y", value: 1 }], /does not apply: \/x does not exist/],
    [[{ op: "replace", path: "/a/b/-", value: 1 }], /names no element here/],
    [[{ op: "move", from: "/a", path: "/a/b/x" }], /cannot move a value into one of its own children/],
    [[{ op: "add", path: "a", value: 1 }], /must be empty or start with "\/"/],
    [[{ op: "add", path: "/a/b/01", value: 1 }], /"01" is not an array index/],
    [[{ op: "frobnicate", path: "/a" }], /^TypeError: hf\.applyPatch: \[0\]\.op: expected one of "add", "replace", "test", "remove", "move", "copy", got string "frobnicate"/],
    [[{ op: "add", path: "/a" }], /^TypeError: hf\.applyPatch: \[0\]: missing required property "value"/],
    [[{ op: "copy", path: "/a" }], /^TypeError: hf\.applyPatch: \[0\]: missing required property "from"/],
  ];
  for (const [patch, re] of bad) assert.throws(() => hf.applyPatch(doc, patch as never), re, JSON.stringify(patch));
});

test("hf patchsets: apply by name or values, verify the digest, clear errors", () => {
  const ps = hf.PatchSet.fromJSON(readJSON("hf/patchset_hello_world.json"));
  assert.deepEqual(ps.labels, ["m1", "m2"]);
  assert.deepEqual(ps.patches.map((p) => p.name), ["sig_100_0", "sig_200_50", "sig_300_50"]);
  const ws = hf.Workspace.fromJSON(hello());
  ps.verify(ws);
  ps.verify(hello()); // a plain spec too
  const w1 = ps.apply(ws, [300, 50]);
  assert.deepEqual(w1.toJSON().channels[0].samples[0].data, [20, 25]);
  assert.deepEqual(ps.apply(ws, "sig_100_0").toJSON().channels[0].samples[0].data, [6, 4]);
  assert.deepEqual(ps.patch([200, 50]).name, "sig_200_50");
  // the patched workspace is a full workspace: its model differs in the signal only
  const m = w1.model();
  assert.deepEqual(m.expectedActualData([1, 1, 1]).toArray(), [70, 77]);
  // the digest is pyhf's (computed offline by Python's hashlib over json.dumps(sort_keys=True))
  assert.equal(hf.digest(hello()), ps.digests.sha256);
  assert.equal(hf.digest(hello(), { algorithm: "md5" }), ps.digests.md5);
  // another workspace fails verification
  const other = hello();
  other.observations[0].data[0] = 52;
  assert.throws(() => ps.apply(other, "sig_100_0"), /^Error: hf\.PatchSet\.apply: the workspace's md5 digest [0-9a-f]{32} differs from the patchset's 9c2c35b91970518c399c2795f2c9b915|^Error: hf\.PatchSet\.apply: the workspace's sha256 digest/);
  assert.deepEqual(ps.apply(other, "sig_100_0", { verify: false }).toJSON().observations[0].data, [52, 48]);
  assert.throws(() => ps.patch("nope"), /hf\.PatchSet\.patch: no patch is named or has the values "nope"; patches are sig_100_0 \[100,0\]/);
  assert.throws(() => ps.patch([1, 2]), /no patch is named or has the values \[1,2\]/);
  // a patch that does not apply names the operation
  const broken = readJSON("hf/patchset_hello_world.json");
  broken.patches[0].patch[1].value = "background";
  assert.throws(() => hf.PatchSet.fromJSON(broken).apply(ws, "sig_100_0"), /hf\.PatchSet\.apply: patch operation 1 \(test "\/channels\/0\/samples\/0\/name"\) does not apply: test failed/);
  // a patch that makes an invalid workspace says so
  const invalid = readJSON("hf/patchset_hello_world.json");
  invalid.patches[0].patch[0].value = [1];
  assert.throws(() => hf.PatchSet.fromJSON(invalid).apply(ws, "sig_100_0"), /hf\.PatchSet\.apply: the patched workspace is invalid: channels\[0\]\.samples\[1\]\.data: has 2 bins, expected 1/);
  // patchset checks
  const dupe = readJSON("hf/patchset_hello_world.json");
  dupe.patches[1].metadata.name = "sig_100_0";
  assert.throws(() => hf.PatchSet.fromJSON(dupe), /patches\[1\]\.metadata\.name: the name "sig_100_0" is used by two patches/);
  const nvals = readJSON("hf/patchset_hello_world.json");
  nvals.patches[2].metadata.values = [1];
  assert.throws(() => hf.PatchSet.fromJSON(nvals), /patches\[2\]\.metadata\.values: has 1 values, expected 2 \(one per label: m1, m2\)/);
  const noDigest = readJSON("hf/patchset_hello_world.json");
  noDigest.metadata.digests = {};
  assert.throws(() => hf.PatchSet.fromJSON(noDigest), /hf\.PatchSet\.fromJSON: metadata\.digests: expected an object with at least 1 property/);
  const badRef = readJSON("hf/patchset_hello_world.json");
  badRef.metadata.references.hepdata = "ins12";
  assert.throws(() => hf.PatchSet.fromJSON(badRef), /metadata\.references\.hepdata: expected a string matching \/\^ins\[0-9\]\{7\}\$\/, got "ins12"/);
});

test("hf digest: pyhf's documented values and Python's float formatting", () => {
  assert.equal(hf.digest({ a: 2.0, b: 3.0, c: 1.0 }), "a38f6093800189b79bc22ef677baf90c75705af2cfc7ff594159eca54eaa7928");
  assert.equal(hf.digest({ a: 2.0, b: 3.0, c: 1.0 }, { algorithm: "md5" }), "2c0633f242928eb55c3672fed5ba8612");
  // integers: "int" writes integral numbers as Python ints ({"a": 2, …})
  assert.notEqual(hf.digest({ a: 2 }, { integers: "int" }), hf.digest({ a: 2 }));
  assert.throws(() => hf.digest({}, { algorithm: "sha1" as never }), /hf\.digest: unknown algorithm "sha1"/);
});

test("hf workspace: prune and rename return new, validated workspaces", () => {
  const ws = hf.Workspace.fromJSON(rich());
  const p = ws.prune({ modifiers: ["syst2"], modifierTypes: ["staterror"], samples: ["bkg2"] });
  assert.ok(!p.modifiers.includes("syst2") && !p.modifiers.includes("staterror_SR") && !p.modifiers.includes("sf_cr"));
  assert.deepEqual(p.samples, ["bkg1", "signal"]);
  assert.deepEqual(p.model().config.parOrder, ["syst1", "lumi", "k_bkg", "mu", "bkg1_shape"]);
  assert.ok(ws.modifiers.includes("syst2"), "the original is unchanged");
  const noCR = ws.prune({ channels: ["CR"], measurements: ["bkg_only"] });
  assert.deepEqual(noCR.channels, ["SR"]);
  assert.deepEqual(noCR.measurementNames, ["meas"]);
  assert.deepEqual(noCR.toJSON().observations.map((o) => o.name), ["SR"]);
  assert.deepEqual(noCR.toJSON().measurements[0].config.parameters.map((x) => x.name), ["lumi", "syst3", "k_bkg"]);
  assert.throws(() => ws.prune({ modifiers: ["mu"] }), /hf\.Workspace\.prune: pruning modifier "mu" removes the POI of measurement "meas"/);
  assert.throws(() => ws.prune({ samples: ["bkg1", "signal"] }), /hf\.Workspace\.prune: channels\[0\]\.samples: expected an array of at least 1 item, got 0/);
  assert.throws(() => ws.prune({ modifierTypes: ["magic" as never] }), /unknown modifier type "magic"/);
  assert.throws(() => ws.prune({ notAnOption: 1 } as never), /hf\.Workspace\.prune: unknown option "notAnOption"/);
  const r = ws.rename({ modifiers: { mu: "mu_sig", syst1: "jes" }, channels: { SR: "signal_region" }, samples: { bkg1: "ttbar" }, measurements: { meas: "main" } });
  assert.deepEqual(r.channels, ["CR", "signal_region"]);
  assert.deepEqual(r.measurementNames, ["main", "bkg_only"]);
  const m = r.model();
  assert.equal(m.config.poiName, "mu_sig");
  assert.deepEqual(m.config.parOrder, ["syst2", "jes", "lumi", "k_bkg", "mu_sig", "syst3", "sf_cr", "bkg1_shape", "staterror_CR", "staterror_SR"]);
  // renaming changes no number: log L at the same point is the same (channel order CR, SR is kept)
  const m0 = ws.model();
  const x = m0.config.suggestedInit().map((v, i) => v + 0.01 * i);
  assert.equal(m.logpdf(x, r.data(m)).item(), m0.logpdf(x, ws.data(m0)).item());
  assert.throws(() => ws.rename({ channels: { SR: "CR" } }), /hf\.Workspace\.rename: channels\[1\]\.name: duplicate channel name "CR"/);
});

test("hf workspace: values are immutable; data follows the model's channel order", () => {
  const ws = hf.Workspace.fromJSON(readJSON("pyhf/workspaces/validation_2bin_2channel_coupledshapefactor.json"));
  assert.throws(() => ((ws as any).channels = []), TypeError);
  const spec = ws.toJSON();
  spec.channels[0].name = "changed"; // a copy
  assert.deepEqual(ws.channels, ["control", "signal"]);
  const m = ws.model();
  assert.deepEqual(ws.data(m), [200, 300, 220, 230]);
  assert.throws(() => ws.data({} as never), /hf\.Workspace\.data: expected a model/);
  assert.throws(() => ws.data(m, 1 as never), /hf\.Workspace\.data: argument opts must/);
});
