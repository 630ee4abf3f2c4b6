/**
 * @file The `adjoint` CLI: `hf fit|cls|limit` on pyhf's 2-bin 1-channel workspace (docs/examples, whose
 * numbers are in ../shared/data/pyhf/expected.json as cli_2bin_1channel), with the model built by a
 * hand-written loader injected through the CLI's adapter; usage errors (exit 2) and the script itself.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { main } from "../src/cli/main.js";
import { parseScan, type ModelLoader } from "../src/cli/hf.js";
import { uncorrelatedBackground, helloWorld } from "./hf_toy_models.js";

const WS = {
  channels: [{ name: "singlechannel", samples: [
    { name: "signal", data: [5.0, 10.0], modifiers: [{ name: "mu", type: "normfactor", data: null }] },
    { name: "background", data: [50.0, 60.0], modifiers: [{ name: "uncorr_bkguncrt", type: "shapesys", data: [5.0, 12.0] }] },
  ] }],
  observations: [{ name: "singlechannel", data: [50.0, 60.0] }],
  measurements: [{ name: "Measurement", config: { poi: "mu", parameters: [] } }],
  version: "1.0.0",
};

type Ws = typeof WS;
/** Builds the uncorrelated-background model of a one-channel workspace of that shape (stands in for hf.Workspace). */
const toyLoader: ModelLoader = (ws, { measurement }) => {
  const w = ws as Ws;
  if (measurement !== undefined && !w.measurements.some((m) => m.name === measurement)) throw new Error(`hf.Workspace.model: no measurement named ${measurement}`);
  const [sig, bkg] = ["normfactor", "shapesys"].map((t) => w.channels[0].samples.find((s) => s.modifiers[0].type === t)!);
  const model = uncorrelatedBackground(sig.data, bkg.data, bkg.modifiers[0].data as number[]);
  return { model, data: [...w.observations[0].data, ...model.config.auxdata] };
};

async function run(args: string[], files: Record<string, string> = { "ws.json": JSON.stringify(WS) }) {
  let out = "", err = "";
  const io = { stdout: (s: string) => { out += s; }, stderr: (s: string) => { err += s; }, readFile: (p: string) => { if (!(p in files)) throw new Error(`ENOENT: no such file ${p}`); return files[p]; } };
  const code = await main(args, io, { loadModel: toyLoader });
  return { code, out, err };
}

test("adjoint hf fit: best fit, errors and twice_nll (table and --json)", async () => {
  const j = await run(["hf", "fit", "ws.json", "--json"]);
  assert.equal(j.code, 0, j.err);
  const r = JSON.parse(j.out);
  assert.ok(Math.abs(r.twice_nll - 23.19636586) < 1e-7 * 23.2);
  assert.ok(Math.abs(r.bestfit.mu) < 1e-3 && Math.abs(r.bestfit["uncorr_bkguncrt[0]"] - 1) < 1e-4 && Math.abs(r.bestfit["uncorr_bkguncrt[1]"] - 1) < 1e-4);
  assert.deepEqual(Object.keys(r.uncertainties), ["mu", "uncorr_bkguncrt[0]", "uncorr_bkguncrt[1]"]);
  const t = await run(["hf", "fit", "ws.json", "--measurement", "Measurement"]);
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /twice_nll = 23\.196365/);
  assert.match(t.out, /uncorr_bkguncrt\[1\] +(0\.9999|1\.0000)/);
});

test("adjoint hf cls: CLs and the expected band of pyhf's `pyhf cls` example", async () => {
  const j = await run(["hf", "cls", "ws.json", "--mu", "1", "--json"]);
  assert.equal(j.code, 0, j.err);
  const r = JSON.parse(j.out);
  assert.ok(Math.abs(r.CLs_obs / 0.3599845631401915 - 1) < 2e-5, `CLs_obs ${r.CLs_obs}`);
  const want = [0.07807427911686156, 0.17472571775474618, 0.35998495263681285, 0.6343568235898907, 0.8809947004472013];
  r.CLs_exp.forEach((v: number, i: number) => assert.ok(Math.abs(v / want[i] - 1) < 2e-5, `CLs_exp[${i}] ${v}`));
  assert.ok(Math.abs(r.CLsb / r.CLb - r.CLs_obs) < 1e-12);
  const t = await run(["hf", "cls", "ws.json", "--mu=1", "--test-stat", "q"]);
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /observed CLs = 0\.3599/);
  assert.match(t.out, /median +0\.3599/);
  const q0 = await run(["hf", "cls", "ws.json", "--test-stat", "q0", "--json"]);
  assert.equal(q0.code, 0, q0.err);
  assert.ok(Math.abs(JSON.parse(q0.out).p0_obs - 0.5) < 1e-3); // data = background: no excess
});

test("adjoint hf limit: a scan (linear interpolation) and root finding agree with hf.infer.upperLimit", async () => {
  const { model, data } = helloWorld();
  const hello = { ...WS, channels: [{ name: "singlechannel", samples: [
    { name: "signal", data: [12, 11], modifiers: [{ name: "mu", type: "normfactor", data: null }] },
    { name: "background", data: [50, 52], modifiers: [{ name: "uncorr_bkguncrt", type: "shapesys", data: [3, 7] }] },
  ] }], observations: [{ name: "singlechannel", data: data.slice(0, 2) }] };
  assert.equal(model.config.nPars, 3);
  const files = { "hello.json": JSON.stringify(hello) };
  const s = await run(["hf", "limit", "hello.json", "--scan", "0:5:11", "--json"], files);
  assert.equal(s.code, 0, s.err);
  const r = JSON.parse(s.out);
  assert.ok(Math.abs(r.obs / 1.0262704738584554 - 1) < 3e-5, `obs ${r.obs}`);
  [0.65765653, 0.87999725, 1.12453992, 1.50243428, 2.09232927].forEach((v, i) => assert.ok(Math.abs(r.exp[i] / v - 1) < 3e-5, `exp[${i}] ${r.exp[i]}`));
  const t = await run(["hf", "limit", "hello.json", "--rtol", "1e-3"], files);
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /observed +1\.01/);
  assert.match(t.out, /expected median +1\.06/);
});

test("adjoint: --help, usage errors (exit 2, naming the bad argument) and runtime errors (exit 1)", async () => {
  const h = await run(["--help"]);
  assert.equal(h.code, 0);
  assert.match(h.out, /adjoint hf cls ws\.json/);
  assert.equal((await run(["hf", "--help"])).code, 0);
  assert.equal((await run(["hf", "cls", "--help"])).code, 0);
  const cases: [string[], RegExp][] = [
    [[], /usage/],
    [["nope"], /adjoint: unknown command "nope" \(expected hf, plot, jaxpr or tour\)/],
    [["hf", "fitt", "ws.json"], /adjoint hf: unknown command "fitt" \(expected fit, cls or limit\)/],
    [["hf", "fit"], /adjoint hf fit: expected one workspace file, got none/],
    [["hf", "fit", "a.json", "b.json"], /expected one workspace file, got "a\.json", "b\.json"/],
    [["hf", "fit", "ws.json", "--mu", "1"], /adjoint hf fit: unknown option --mu \(allowed: --measurement, --json\)/],
    [["hf", "cls", "ws.json", "--mu", "one"], /adjoint hf cls: --mu must be a number, got "one"/],
    [["hf", "cls", "ws.json", "--mu"], /option --mu needs a value/],
    [["hf", "cls", "ws.json", "--test-stat", "qq"], /--test-stat must be qtilde, q or q0, got "qq"/],
    [["hf", "limit", "ws.json", "--scan", "0:5"], /--scan must be START:STOP:N/],
    [["hf", "limit", "ws.json", "--json=yes"], /--json takes no value/],
  ];
  for (const [args, re] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, `${args.join(" ")}: exit ${r.code}`);
    assert.match(r.err, re, args.join(" "));
  }
  const missing = await run(["hf", "fit", "missing.json"]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /adjoint hf fit: cannot read workspace missing\.json: ENOENT/);
  const meas = await run(["hf", "fit", "ws.json", "--measurement", "Other"]);
  assert.equal(meas.code, 1);
  assert.match(meas.err, /no measurement named Other/);
  const outside = await run(["hf", "cls", "ws.json", "--mu", "20"]);
  assert.equal(outside.code, 1);
  assert.match(outside.err, /hf\.infer\.hypotest: poiTest 20 is outside the bounds \[0, 10\]/);
  assert.deepEqual(parseScan("0:1:3"), [0, 0.5, 1]);
});

test("adjoint: the script runs as a program (shebang, dispatch, exit status)", () => {
  const script = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
  const help = spawnSync(process.execPath, ["--import", "tsx", script, "--help"], { encoding: "utf8" });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /adjoint hf limit ws\.json/);
  const bad = spawnSync(process.execPath, ["--import", "tsx", script, "hf", "cls", "ws.json", "--bogus"], { encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown option --bogus/);
});
