/**
 * @file The tour (`npm start`): a walk through differentiable programming with adjoint — finite
 * differences vs automatic differentiation, the size of derivative programs, JVP and VJP, Jacobians by
 * columns and by rows, higher derivatives, vmap of grad, a jaxpr, derivatives through a loop and a
 * fit with error estimates — ending with a plot in tour.svg. Its body is src/tour/tour.ts (also `adjoint tour`).
 * Usage: `npx tsx examples/tour.ts [path/to/output.svg]` (default: ./tour.svg).
 */
import { runTour } from "../src/tour/tour.js";

await runTour({ out: process.argv[2] });
