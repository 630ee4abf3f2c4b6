/** @file Panels 2–5 of the playground: each computes with compute.ts and draws into its elements. */
import { plot } from "../../src/index.js";
import { derivatives, finiteDifferences, jacobianPasses, programs } from "./compute.js";
import type { UserFunction } from "../../src/expr/interpret.js";
import { byTest, fmt, setPlot, setTable } from "./view.js";

const NAMES = ["f", "f′", "f″", "f‴"];

/**
 * A y range for curves with a pole (1/x, log x near 0): when the finite values span far more than
 * their 5th–95th percentiles do, those percentiles (padded by 10 %); else undefined (the plot's own range).
 */
export function robustYRange(ys: number[][]): [number, number] | undefined {
  const v = ys.flat().filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length < 20) return undefined;
  const lo = v[Math.floor(0.05 * (v.length - 1))], hi = v[Math.ceil(0.95 * (v.length - 1))];
  if (!(hi > lo) || v[v.length - 1] - v[0] <= 20 * (hi - lo)) return undefined;
  const pad = 0.1 * (hi - lo);
  return [lo - pad, hi + pad];
}

/** Panel 2: f and three derivatives on the grid, and their values at x0. Returns the milliseconds taken. */
export function showDerivatives(f: UserFunction, lo: number, hi: number, x0: number): number {
  const d = derivatives(f, lo, hi, 201, x0);
  const svg = plot.linePlot({
    series: d.ys.map((y, k) => ({ x: d.xs, y, label: NAMES[k], dashed: k === 3 })),
    title: "f and its derivatives: grad nested, vmapped over the grid, jitted",
    xlabel: "x",
    ylim: robustYRange(d.ys),
    width: 720,
    height: 380,
  });
  setPlot(byTest("plot-derivs"), svg, { x: d.xs, y: d.ys });
  setTable(byTest("derivs-at"), d.at.map((v, k) => [`${NAMES[k]}(${fmt(x0)})`, v]));
  byTest("derivs-at").querySelectorAll("td").forEach((td, k) => (td.dataset.test = `deriv-${k}`));
  byTest("derivs-note").textContent = `${d.xs.length} points, jit(vmap(grad(…grad(f)))) for each order: ${d.ms.toFixed(1)} ms (tracing, compiling and running).`;
  return d.ms;
}

/** Panel 3: the jaxpr of grad(f) and the optimised program jit compiles. */
export function showPrograms(f: UserFunction, x0: number): void {
  const p = programs(f, x0);
  byTest("jaxpr-grad").textContent = p.grad;
  byTest("jaxpr-jit").textContent = p.optimised;
  byTest("program-stats").textContent =
    `grad(f): ${p.gradEqns} equations; after inlining and optimisation (simplification, constant folding, CSE, DCE): ${p.optimisedEqns}, fused into ${p.kernels} kernel${p.kernels === 1 ? "" : "s"} on this backend.`;
}

const ms = (t: number) => `${t.toFixed(2)} ms`;

/** Panel 4: a Jacobian by n JVPs and by m VJPs, each pass timed. */
export function showJacobian(F: UserFunction, v0: number[]): void {
  const J = jacobianPasses(F, v0);
  const n = v0.length, m = J.value.length;
  const header = ["", ...v0.map((_, j) => `∂/∂v${j}`)];
  setTable(byTest("jac-cols"), J.byColumns.map((r, i) => [`F${i}`, ...r]), header);
  setTable(byTest("jac-rows"), J.byRows.map((r, i) => [`F${i}`, ...r]), header);
  const total = (a: number[]) => a.reduce((s, t) => s + t, 0);
  byTest("jac-cols-passes").textContent =
    `${n} pass${n === 1 ? "" : "es"} (n = ${n} inputs), after linearize (${ms(J.linearizeMs)}): ${J.columnMs.map(ms).join(", ")} — total ${ms(total(J.columnMs))}.`;
  byTest("jac-rows-passes").textContent =
    `${m} pass${m === 1 ? "" : "es"} (m = ${m} outputs), after vjp (${ms(J.vjpMs)}): ${J.rowMs.map(ms).join(", ")} — total ${ms(total(J.rowMs))}. ` +
    `F(v) = [${J.value.map(fmt).join(", ")}]. The first pass of each includes compiling its kernels.`;
  byTest("jac-verdict").textContent = n === m
    ? `n = m = ${n}: both modes take ${n} passes.`
    : `${n < m ? "Forward" : "Reverse"} mode needs fewer passes here (${Math.min(n, m)} instead of ${Math.max(n, m)}): ` +
      `${n < m ? "columns by JVPs" : "rows by VJPs"} — forward mode costs one pass per input, reverse mode one per output.`;
  byTest("jac-cols").dataset.passes = String(n);
  byTest("jac-rows").dataset.passes = String(m);
}

/** Panel 5: errors of forward and central differences against AD, on log–log axes. */
export function showFiniteDifferences(f: UserFunction, x0: number): void {
  const d = finiteDifferences(f, x0);
  const ends = [d.hs[0], d.hs[d.hs.length - 1]];
  const svg = plot.linePlot({
    series: [
      { x: d.hs, y: d.forward, label: "forward (f(x+h) − f(x))/h", markers: true },
      { x: d.hs, y: d.central, label: "central (f(x+h) − f(x−h))/2h", markers: true },
      { x: ends, y: [d.ad32Error, d.ad32Error], label: "AD in float32 (vs float64)", dashed: true },
      { x: ends, y: [d.ad64Rounding, d.ad64Rounding], label: "AD in float64: rounding ε·|f′|", dashed: true },
    ],
    title: `|difference quotient − f′(${fmt(x0)})| in float64, f′ by AD`,
    xlabel: "h",
    ylabel: "error",
    logX: true,
    logY: true,
    width: 720,
    height: 400,
  });
  setPlot(byTest("plot-fd"), svg, { h: d.hs, forward: d.forward, central: d.central, ad: d.ad });
  const best = (e: number[]) => e.reduce((b, v, i) => (v > 0 && v < e[b] ? i : b), 0);
  const bf = best(d.forward), bc = best(d.central);
  byTest("fd-summary").textContent =
    `f′(${fmt(x0)}) = ${d.ad} by AD. Best forward difference: error ${fmt(d.forward[bf])} at h = ${fmt(d.hs[bf])}; ` +
    `best central: ${fmt(d.central[bc])} at h = ${fmt(d.hs[bc])}. Smaller h trades truncation error for round-off; AD has no step to tune.`;
}
