/**
 * @file `adjoint plot "x**3"` (f and its derivatives, by nested grad vmapped over a grid under jit, drawn
 * with `plot.linePlot`) and `adjoint jaxpr "sin(x)*x"` (the jaxpr of f or grad f, or jit's optimised program):
 * a function of x in the playground's safe expression language (src/expr), never JavaScript's eval.
 */
import { NDArray, getBackend, grad, makeJaxpr, np, plot } from "../index.js";
import { compileFunctionOf, type UserFunction } from "../expr/interpret.js";
import { ExprError, formatError } from "../expr/lexer.js";
import { derivativesOnGrid, optimisedProgram, scalarFunction } from "../expr/programs.js";
import { CommandUsageError, parseFlags, wantsHelp } from "./args.js";
import type { CliIo } from "./hf.js";

/** The CLI's I/O, with an optional file writer (tests capture what would be written; default plot.save). */
export interface ExprCliIo extends CliIo {
  writeFile?(path: string, text: string): void | Promise<void>;
}

export const PLOT_USAGE = `usage: adjoint plot EXPR [--order 3] [--from -2] [--to 2] [--points 201] [-o plot.svg] [--title TEXT]

  Plots f(x) = EXPR and its derivatives f′, f″, … up to --order (each grad of the previous, vmapped
  over --points evenly spaced x in [--from, --to] under jit, in float64) and writes the SVG to -o.
  EXPR is a function of x in adjoint's expression language: x**3, sin(x)*exp(-x**2), np.tanh(2*x),
  x > 0 ? x : 0.1*x, or an arrow function such as "x => { const y = x*x; return y*y }".

options:
  --order K      highest derivative, 0 … 7 (default 3: f, f′, f″, f‴)
  --from A       left end of the x range (default -2)
  --to B         right end, B > A (default 2)
  --points N     grid points, 2 … 100000 (default 201)
  -o, --out F    output file, .svg (default plot.svg; .png when plot.save can rasterise)
  --title TEXT   the plot's title (default "f(x) = EXPR")
  -h, --help     this text`;

export const JAXPR_USAGE = `usage: adjoint jaxpr EXPR [--grad] [--jit] [--at 1]

  Prints the jaxpr of f(x) = EXPR traced at a float64 scalar x (--at, default 1), or of grad(f)
  with --grad; with --jit, the program jit compiles instead (calls inlined, then simplified,
  constants folded, common subexpressions shared, dead code removed), as the playground shows it.

options:
  --grad         the jaxpr of grad(f)
  --jit          jit's optimised program (and the number of kernels on the current backend)
  --at X         the point x to trace at (default 1; jaxprs of most f do not depend on it)
  -h, --help     this text`;

/** Derivative labels: f, f′, f″, f‴, f⁽⁴⁾ … */
export function derivativeLabel(k: number): string {
  return k < 4 ? `f${["", "′", "″", "‴"][k]}` : `f⁽${String(k).replace(/\d/g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)])}⁾`;
}

/** Compile EXPR, its syntax errors reported by position (exit 1). */
function compileExpr(cmd: string, src: string): UserFunction {
  try {
    return compileFunctionOf(src, "x");
  } catch (e) {
    throw located(cmd, src, e);
  }
}

/** An expression error as `cmd: line:col: message`, the source line and a caret; others prefixed by `cmd`. */
function located(cmd: string, src: string, e: unknown): Error {
  if (e instanceof ExprError) return new Error(`${cmd}: ${formatError(src, e)}`);
  return new Error(`${cmd}: ${e instanceof Error ? e.message : String(e)}`);
}

function oneExpr(cmd: string, positional: string[], usage: string): string {
  if (positional.length !== 1) {
    throw new CommandUsageError(`${cmd}: expected one expression, got ${positional.length ? positional.map((p) => JSON.stringify(p)).join(", ") : "none"}`, usage);
  }
  return positional[0];
}

/**
 * Run `adjoint plot …`; returns the exit status (usage errors throw a CommandUsageError, expression errors an Error).
 * @example await plotCommand(["x**3", "-o", "cube.svg"], io) // writes cube.svg with f, f′, f″, f‴ on [-2, 2]
 */
export async function plotCommand(args: string[], io: ExprCliIo): Promise<number> {
  const cmd = "adjoint plot";
  if (wantsHelp(args)) { io.stdout(`${PLOT_USAGE}\n`); return 0; }
  const { positional, flags } = parseFlags(cmd, args, {
    order: { kind: "int" }, from: { kind: "number" }, to: { kind: "number" }, points: { kind: "int" }, out: { kind: "string", alias: "o" }, title: { kind: "string" },
  }, PLOT_USAGE);
  const src = oneExpr(cmd, positional, PLOT_USAGE);
  const usage = (msg: string) => new CommandUsageError(`${cmd}: ${msg}`, PLOT_USAGE);
  const order = (flags.order as number | undefined) ?? 3;
  const lo = (flags.from as number | undefined) ?? -2, hi = (flags.to as number | undefined) ?? 2;
  const points = (flags.points as number | undefined) ?? 201;
  const out = (flags.out as string | undefined) ?? "plot.svg";
  if (order < 0 || order > 7) throw usage(`--order must be 0 … 7, got ${order}`);
  if (!(hi > lo)) throw usage(`--to must be greater than --from, got --from ${lo} --to ${hi}`);
  if (points < 2 || points > 100000) throw usage(`--points must be 2 … 100000, got ${points}`);
  const ext = /\.(svg|png)$/i.exec(out)?.[1].toLowerCase();
  if (!ext) throw usage(`-o must name a .svg or .png file, got ${JSON.stringify(out)}`);
  const f = compileExpr(cmd, src);
  let ys: number[][];
  const grid = np.linspace(lo, hi, points, { dtype: "float64" });
  try {
    ys = derivativesOnGrid(f, grid, order);
  } catch (e) {
    throw located(cmd, src, e);
  }
  const xs = grid.data() as Float64Array;
  const labels = ys.map((_, k) => derivativeLabel(k));
  const svg = plot.linePlot({
    title: (flags.title as string | undefined) ?? `f(x) = ${src}`,
    xlabel: "x",
    series: ys.map((y, k) => ({ x: xs, y, label: labels[k] })),
    width: 640,
    height: 420,
  });
  try {
    if (io.writeFile) await io.writeFile(out, svg);
    else await plot.save(out, svg);
  } catch (e) {
    throw new Error(`${cmd}: cannot write ${out}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (ext === "png" && !io.writeFile) await checkPng(out);
  const what = order === 0 ? "f" : `f and ${labels.slice(1).join(", ")}`;
  io.stdout(`wrote ${out}: ${what} of f(x) = ${src} on [${lo}, ${hi}] (${points} points)\n`);
  return 0;
}

/** A .png must hold a PNG: plot.save writes one where it can rasterise; otherwise the file is removed and the run fails. */
async function checkPng(out: string): Promise<void> {
  const fs = await import("node:fs/promises");
  const head = await fs.readFile(out).then((b) => b.subarray(0, 8));
  if (head.length === 8 && head[0] === 0x89 && head.toString("latin1", 1, 4) === "PNG") return;
  await fs.rm(out, { force: true });
  throw new Error(`adjoint plot: plot.save wrote no PNG to ${out} (it rasterises through headless Chromium where available); write an .svg instead`);
}

/**
 * Run `adjoint jaxpr …`; returns the exit status.
 * @example await jaxprCommand(["sin(x)*x", "--grad"], io) // prints { lambda a:f64[]. let b:f64[] = sin a … }
 */
export async function jaxprCommand(args: string[], io: ExprCliIo): Promise<number> {
  const cmd = "adjoint jaxpr";
  if (wantsHelp(args)) { io.stdout(`${JAXPR_USAGE}\n`); return 0; }
  const { positional, flags } = parseFlags(cmd, args, { grad: { kind: "switch" }, jit: { kind: "switch" }, at: { kind: "number" } }, JAXPR_USAGE);
  const src = oneExpr(cmd, positional, JAXPR_USAGE);
  const f = scalarFunction(compileExpr(cmd, src));
  const g = flags.grad ? (grad(f) as (x: NDArray) => NDArray) : f;
  const x = np.array((flags.at as number | undefined) ?? 1, { dtype: "float64" });
  try {
    if (flags.jit) {
      const { jaxpr, kernels } = optimisedProgram(g, x);
      io.stdout(`${String(jaxpr)}\n`);
      io.stderr(`jit(${flags.grad ? "grad(f)" : "f"}): ${jaxpr.eqns.length} equation${jaxpr.eqns.length === 1 ? "" : "s"} after optimisation, ${kernels} kernel${kernels === 1 ? "" : "s"} on the ${getBackend().name} backend\n`);
    } else {
      io.stdout(`${String(makeJaxpr(g)(x))}\n`);
    }
  } catch (e) {
    throw located(cmd, src, e);
  }
  return 0;
}
