/** @file `adjoint tour`: the tour of differentiable programming (src/tour/tour.ts, also `npm start`), printed, with its plot written to -o. */
import { runTour } from "../tour/tour.js";
import { CommandUsageError, parseFlags, wantsHelp } from "./args.js";
import type { CliIo } from "./hf.js";

export const TOUR_USAGE = `usage: adjoint tour [-o tour.svg]

  A walk through differentiable programming with adjoint, every number computed as you watch:
  finite differences vs AD, the size of derivative programs, JVP and VJP, Jacobians by columns and
  rows, higher derivatives, vmap of grad, a jaxpr, a derivative through a loop, a fit with errors;
  then a plot of sin, x³ and their derivatives and the finite-difference error.

options:
  -o, --out F    where the plot goes (default tour.svg)
  -h, --help     this text`;

/**
 * Run `adjoint tour …`; returns the exit status.
 * @example await tourCommand(["-o", "tour.svg"], io) // prints the tour, writes tour.svg
 */
export async function tourCommand(args: string[], io: CliIo): Promise<number> {
  if (wantsHelp(args)) { io.stdout(`${TOUR_USAGE}\n`); return 0; }
  const { positional, flags } = parseFlags("adjoint tour", args, { out: { kind: "string", alias: "o" } }, TOUR_USAGE);
  if (positional.length) throw new CommandUsageError(`adjoint tour: takes no arguments, got ${positional.map((p) => JSON.stringify(p)).join(", ")}`, TOUR_USAGE);
  await runTour({ out: flags.out as string | undefined, log: (line) => io.stdout(`${line}\n`) });
  return 0;
}
