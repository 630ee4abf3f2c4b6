/** @file `adjoint hf fit|cls|limit ws.json`: HistFactory fits, CLs and upper limits of a pyhf JSON workspace from the command line, as readable tables or JSON. */
import type { NDArray } from "../core/array.js";
import type { HfModel } from "../hf/model_types.js";
import { mle, infer } from "../hf/infer_index.js";

/** A usage error: the CLI prints it with the usage line and exits with status 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** What the CLI reads from and writes to (injectable for tests). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
}

/** The model and its observed data (main ++ auxdata) built from a workspace. */
export interface LoadedModel {
  model: HfModel;
  data: NDArray | readonly number[];
}

/** Builds the model of a workspace's measurement: the one adapter between the CLI and the workspace builder. */
export type ModelLoader = (workspace: unknown, opts: { measurement?: string }) => LoadedModel | Promise<LoadedModel>;

/**
 * The default loader: `hf.Workspace.fromJSON(obj, { validate: true })`, then `ws.model({ measurementName })`
 * and `ws.data(model)` (src/hf/index.ts, the workspace builder).
 */
export const loadWorkspaceModel: ModelLoader = async (workspace, { measurement }) => {
  const where = "../hf/index.js"; // resolved at run time: the builder lives beside the inference
  const hf = (await import(where).catch((e: Error) => { throw new Error(`adjoint hf: the workspace builder (hf.Workspace) could not be loaded: ${e.message}`); })) as { Workspace: { fromJSON(obj: unknown, opts: { validate: boolean }): { model(o: { measurementName?: string }): HfModel; data(m: HfModel): NDArray | number[] } } };
  const ws = hf.Workspace.fromJSON(workspace, { validate: true });
  const model = ws.model(measurement === undefined ? {} : { measurementName: measurement });
  return { model, data: ws.data(model) };
};

export const HF_USAGE = `usage:
  adjoint hf fit ws.json [--measurement NAME] [--json]
  adjoint hf cls ws.json [--mu 1] [--test-stat qtilde|q|q0] [--measurement NAME] [--json]
  adjoint hf limit ws.json [--scan START:STOP:N] [--level 0.05] [--rtol 1e-4] [--measurement NAME] [--json]`;

const FLAGS: Record<string, readonly string[]> = {
  fit: ["measurement", "json"],
  cls: ["measurement", "json", "mu", "test-stat"],
  limit: ["measurement", "json", "scan", "level", "rtol"],
};

/** Split `args` into one positional file and `--key value` / `--key=value` / `--json` options. */
function parse(cmd: string, args: string[]): { file: string; opts: Record<string, string | true> } {
  const opts: Record<string, string | true> = {};
  const files: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (!a.startsWith("--")) { files.push(a); continue; }
    const eq = a.indexOf("=");
    const key = a.slice(2, eq < 0 ? undefined : eq);
    if (!FLAGS[cmd].includes(key)) throw new UsageError(`adjoint hf ${cmd}: unknown option ${a.slice(0, eq < 0 ? undefined : eq)} (allowed: ${FLAGS[cmd].map((f) => `--${f}`).join(", ")})`);
    if (key === "json") { if (eq >= 0) throw new UsageError(`adjoint hf ${cmd}: --json takes no value`); opts.json = true; continue; }
    const v = eq >= 0 ? a.slice(eq + 1) : args[++k];
    if (v === undefined || v === "") throw new UsageError(`adjoint hf ${cmd}: option --${key} needs a value`);
    opts[key] = v;
  }
  if (files.length !== 1) throw new UsageError(`adjoint hf ${cmd}: expected one workspace file, got ${files.length ? files.map((f) => JSON.stringify(f)).join(", ") : "none"}`);
  return { file: files[0], opts };
}

function num(cmd: string, key: string, v: string | true | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const x = Number(v);
  if (v === true || v.trim() === "" || !Number.isFinite(x)) throw new UsageError(`adjoint hf ${cmd}: --${key} must be a number, got ${JSON.stringify(v)}`);
  return x;
}

/** `START:STOP:N` → N evenly spaced points (numpy.linspace). */
export function parseScan(s: string): number[] {
  const parts = s.split(":").map(Number);
  if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x)) || !Number.isInteger(parts[2]) || parts[2] < 2 || !(parts[1] > parts[0]))
    throw new UsageError(`adjoint hf limit: --scan must be START:STOP:N with START < STOP and an integer N ≥ 2, got ${JSON.stringify(s)}`);
  const [a, b, n] = parts;
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

/** Band labels by the expected limit they give: entry 0 (t = +2 in −μ̂/σ space, the smallest CLs) is the band's lower edge, −2σ. */
const BAND = ["−2σ", "−1σ", "median", "+1σ", "+2σ"];
const g = (v: number) => (Math.abs(v) < 1e-4 && v !== 0 ? v.toExponential(6) : v.toFixed(6)).padStart(14);

/**
 * Run `adjoint hf <fit|cls|limit> …`; returns the exit status (0 ok; usage errors throw UsageError).
 * @example await hfCommand(["cls", "ws.json", "--mu", "1"], io, loadWorkspaceModel) // prints CLs and the band
 */
export async function hfCommand(args: string[], io: CliIo, load: ModelLoader = loadWorkspaceModel): Promise<number> {
  const cmd = args[0];
  if (cmd === undefined || cmd === "--help" || cmd === "-h" || cmd === "help") { io.stdout(`${HF_USAGE}\n`); return cmd === undefined ? 2 : 0; }
  if (!(cmd in FLAGS)) throw new UsageError(`adjoint hf: unknown command ${JSON.stringify(cmd)} (expected fit, cls or limit)`);
  if (args.includes("--help") || args.includes("-h")) { io.stdout(`${HF_USAGE}\n`); return 0; }
  const { file, opts } = parse(cmd, args.slice(1));
  const measurement = typeof opts.measurement === "string" ? opts.measurement : undefined;
  const testStat = opts["test-stat"] ?? "qtilde";
  if (testStat !== "qtilde" && testStat !== "q" && testStat !== "q0") throw new UsageError(`adjoint hf cls: --test-stat must be qtilde, q or q0, got ${JSON.stringify(testStat)}`);
  const mu = num(cmd, "mu", opts.mu, testStat === "q0" ? 0 : 1);
  const level = num(cmd, "level", opts.level, 0.05);
  const rtol = num(cmd, "rtol", opts.rtol, 1e-4);
  const scan = typeof opts.scan === "string" ? parseScan(opts.scan) : undefined;
  let ws: unknown;
  try {
    ws = JSON.parse(io.readFile(file));
  } catch (e) {
    throw new Error(`adjoint hf ${cmd}: cannot read workspace ${file}: ${(e as Error).message}`);
  }
  const { model, data } = await load(ws, { measurement });
  const names = model.config.parNames;
  const json = opts.json === true;
  if (cmd === "fit") {
    const [best, twiceNll] = mle.fit(data, model, { returnUncertainties: true, returnFitval: true });
    const rows = best.toArray() as number[][];
    if (json) {
      io.stdout(`${JSON.stringify({ bestfit: Object.fromEntries(names.map((n, i) => [n, rows[i][0]])), uncertainties: Object.fromEntries(names.map((n, i) => [n, rows[i][1]])), twice_nll: twiceNll }, null, 2)}\n`);
      return 0;
    }
    const w = Math.max(9, ...names.map((n) => n.length));
    io.stdout([`maximum-likelihood fit of ${file}${measurement ? ` (measurement ${measurement})` : ""}`, `  twice_nll = ${twiceNll.toFixed(8)}`, "", `  ${"parameter".padEnd(w)} ${"value".padStart(14)} ${"error".padStart(14)}`, ...names.map((n, i) => `  ${n.padEnd(w)} ${g(rows[i][0])} ${g(rows[i][1])}`), ""].join("\n"));
    return 0;
  }
  if (cmd === "cls") {
    const [cls, tail, band] = infer.hypotest(mu, data, model, { testStat, returnTail: true, returnExpectedSet: true });
    if (json) {
      io.stdout(`${JSON.stringify(testStat === "q0" ? { p0_obs: cls, p0_exp: band, CLb: tail[0] } : { CLs_obs: cls, CLs_exp: band, CLsb: tail[0], CLb: tail[1] }, null, 2)}\n`);
      return 0;
    }
    const what = testStat === "q0" ? "p0" : "CLs";
    const lines = [`hypothesis test of ${file}: ${names[model.config.poiIndex ?? 0]} = ${mu}, test statistic ${testStat}`, `  observed ${what} = ${cls.toPrecision(8)}`];
    if (testStat !== "q0") lines.push(`  CLsb = ${tail[0].toPrecision(8)}   CLb = ${tail[1].toPrecision(8)}`);
    lines.push(`  expected ${what}:`, ...BAND.map((k, i) => `    ${k.padEnd(7)} ${band[i].toPrecision(8)}`), "");
    io.stdout(lines.join("\n"));
    return 0;
  }
  const [obs, exp] = scan ? infer.upperLimit(data, model, { scan, level }) : infer.upperLimit(data, model, { level, rtol });
  if (json) {
    io.stdout(`${JSON.stringify({ obs, exp, level, method: scan ? `scan ${scan[0]}..${scan[scan.length - 1]} (${scan.length} points)` : "root finding" }, null, 2)}\n`);
    return 0;
  }
  const lines = [`upper limit on ${names[model.config.poiIndex ?? 0]} at CLs = ${level} for ${file} (${scan ? `scan of ${scan.length} points` : "root finding"})`, `  observed   ${obs.toPrecision(7)}`];
  BAND.forEach((k, i) => lines.push(`  expected ${k.padEnd(7)} ${exp[i].toPrecision(7)}`));
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}
