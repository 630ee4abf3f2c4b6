/**
 * @file Inference on the real workspace builder: every pyhf reference case with CLs values
 * (test/fixtures/pyhf/expected.json, workspaces beside it) through hf.Workspace → model → hypotest, the
 * hello-world fit and 11-point limit scan, and the CLI's default adapter on a workspace file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { hf } from "../src/index.js";
import { mle, infer } from "../src/hf/infer_index.js";
import { main } from "../src/cli/main.js";

const dir = fileURLToPath(new URL("./fixtures/pyhf/", import.meta.url));
interface Case { id: string; workspace: string; settings: Record<string, any>; expected: Record<string, any>; tolerance: { suggested_for_independent_implementation: Record<string, number> } }
const cases = (): Case[] => JSON.parse(readFileSync(`${dir}expected.json`, "utf8")).cases;
const load = (c: Case) => {
  const ws = hf.Workspace.fromJSON(JSON.parse(readFileSync(`${dir}${c.workspace}`, "utf8")));
  const ms = c.settings.modifier_settings;
  const model = ws.model(typeof ms === "object" ? { modifierSettings: { normsys: ms.normsys, histosys: ms.histosys } } : {});
  return { model, data: ws.data(model) };
};
const rel = (a: number, e: number, tol: number, what: string) => assert.ok(Math.abs(a - e) <= tol * Math.abs(e), `${what}: ${a} vs ${e} (rel ${Math.abs(a / e - 1)} > ${tol})`);

test("hf.infer.hypotest on every pyhf reference workspace with CLs values, to the suggested tolerances", () => {
  const withCls = cases().filter((c) => "CLs_obs" in c.expected);
  assert.ok(withCls.length >= 5);
  for (const c of withCls) {
    const { model, data } = load(c);
    const tol = c.tolerance.suggested_for_independent_implementation;
    const [cls, band] = infer.hypotest(c.settings.poi_test ?? 1, data, model, { testStat: c.settings.test_stat ?? "qtilde", returnExpectedSet: true });
    rel(cls, c.expected.CLs_obs, tol.CLs_obs_rel ?? tol.CLs_rel, `${c.id} CLs_obs`);
    band.forEach((v, i) => rel(v, c.expected.CLs_exp[i], tol.CLs_exp_rel ?? tol.CLs_rel, `${c.id} CLs_exp[${i}]`));
  }
});

test("hf.mle.fit and a limit scan on the hello-world workspace", () => {
  const c = cases().find((x) => x.id === "hello_world_mle")!;
  const { model, data } = load(c);
  const [best, nll] = mle.fit(data, model, { returnFitval: true });
  rel(nll, c.expected["free fit twice_nll"], 1e-8, "twice_nll");
  (best.toArray() as number[]).forEach((v, i) => assert.ok(Math.abs(v - c.expected["free fit bestfit (mu bounded to [0, 10])"][i]) < 2e-4));
  const u = cases().find((x) => x.id === "hello_world_upper_limits")!;
  const [obs, exp] = infer.upperLimit(data, model, { scan: Array.from({ length: 11 }, (_, i) => i / 2) });
  const want = u.expected["scan np.linspace(0, 5, 11)"];
  rel(obs, want.obs, 3e-5, "obs");
  exp.forEach((v, i) => rel(v, want.exp[i], 3e-5, `exp[${i}]`));
});

test("adjoint hf cls: the CLI's default adapter (hf.Workspace) on the 2-bin 1-channel workspace file", async () => {
  const c = cases().find((x) => x.id === "cli_2bin_1channel")!;
  let out = "", err = "";
  const io = { stdout: (s: string) => { out += s; }, stderr: (s: string) => { err += s; }, readFile: (p: string) => readFileSync(p, "utf8") };
  assert.equal(await main(["hf", "cls", `${dir}${c.workspace}`, "--json"], io), 0, err);
  const r = JSON.parse(out);
  rel(r.CLs_obs, c.expected.CLs_obs, 2e-5, "CLs_obs");
  r.CLs_exp.forEach((v: number, i: number) => rel(v, c.expected.CLs_exp[i], 2e-5, `CLs_exp[${i}]`));
});
