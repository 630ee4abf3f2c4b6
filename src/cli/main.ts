#!/usr/bin/env node
/** @file The `adjoint` command (package.json "bin"): dispatch to sub-commands (`adjoint hf|plot|jaxpr|tour …`), `--help`, usage errors → exit status 2. */
import "../numpy/methods.js"; // NDArray methods (x.add, x.astype …), as the package entry installs them
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type CliIo, type ModelLoader, HF_USAGE, UsageError, hfCommand, loadWorkspaceModel } from "./hf.js";
import { CommandUsageError } from "./args.js";
import { type ExprCliIo, jaxprCommand, plotCommand } from "./expr.js";
import { tourCommand } from "./tour.js";

export const USAGE = `adjoint — differentiable programming for TypeScript

${HF_USAGE}

  fit    maximum-likelihood fit: best-fit parameters, HESSE errors and twice_nll
  cls    asymptotic CLs (and CLsb, CLb, the expected band) at a POI value
  limit  observed and expected upper limits on the POI at CLs = level

  adjoint plot EXPR [--order 3] [--from -2] [--to 2] [--points 201] [-o plot.svg] [--title TEXT]
         f(x) = EXPR (such as "x**3") and its derivatives up to --order, plotted to an SVG file
  adjoint jaxpr EXPR [--grad] [--jit] [--at 1]
         the jaxpr of f (or grad f), or jit's optimised program
  adjoint tour [-o tour.svg]
         a tour of differentiable programming, ending with a plot

  Each command takes --help. EXPR is a function of x in the playground's safe expression language.

options:
  -h, --help  this text`;

const nodeIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (p) => readFileSync(p, "utf8"),
};

/**
 * Run the CLI on `argv` (without node and the script); returns the exit status: 0 done, 1 failed
 * (unreadable workspace, failed fit, an error in an expression), 2 usage error (the message names the bad argument).
 * @example await main(["hf", "cls", "ws.json", "--mu", "1", "--json"]) // prints {"CLs_obs": …, "CLs_exp": […]}
 * @example await main(["plot", "x**3", "-o", "cube.svg"]) // writes cube.svg: f, f′, f″, f‴ on [-2, 2]
 */
export async function main(argv: string[], io: ExprCliIo = nodeIo, deps: { loadModel?: ModelLoader } = {}): Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    if (cmd === undefined) { io.stderr(`${USAGE}\n`); return 2; }
    if (cmd === "--help" || cmd === "-h" || cmd === "help") { io.stdout(`${USAGE}\n`); return 0; }
    if (cmd === "hf") return await hfCommand(rest, io, deps.loadModel ?? loadWorkspaceModel);
    if (cmd === "plot") return await plotCommand(rest, io);
    if (cmd === "jaxpr") return await jaxprCommand(rest, io);
    if (cmd === "tour") return await tourCommand(rest, io);
    throw new UsageError(`adjoint: unknown command ${JSON.stringify(cmd)} (expected hf, plot, jaxpr or tour)`);
  } catch (e) {
    if (e instanceof CommandUsageError) { io.stderr(`${e.message}\n\n${e.usage}\n`); return 2; }
    if (e instanceof UsageError) { io.stderr(`${e.message}\n\n${argv[0] === "hf" ? HF_USAGE : USAGE}\n`); return 2; }
    io.stderr(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

const invoked = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (invoked) main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
