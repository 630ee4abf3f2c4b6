/** @file Panel 6 of the playground: the gallery of the lecture's examples (gallery.ts), drawn. */
import { plot } from "../../src/index.js";
import { seed, swell, train } from "./gallery.js";
import { byTest, fmt, setPlot, setTable } from "./view.js";

/** The seed's numbers and the swell of the nested quadratic. */
export function showSeedAndSwell(): void {
  const s = seed();
  setTable(byTest("gallery-seed"), [
    ["g(2, 3)", s.value.map(fmt).join(", ")],
    ["jvp(g, [2, 3], [1, 0]): column ∂g/∂x", s.columns[0].map(fmt).join(", ")],
    ["jvp(g, [2, 3], [0, 1]): column ∂g/∂y", s.columns[1].map(fmt).join(", ")],
    ["jvp(g, [2, 3], [1.2, 3.4]): J·(1.2, 3.4)", s.jvp.map(fmt).join(", ")],
    ["vjp(g, 2, 3)[1]([4, 5]): (4, 5)·J", s.vjp.map(fmt).join(", ")],
  ]);
  byTest("gallery-seed").dataset.values = JSON.stringify(s);
  const rows = swell(8);
  const depth = rows.map((r) => r.depth);
  const svg = plot.linePlot({
    series: [
      { x: depth, y: rows.map((r) => r.treeNodes), label: "symbolic f′, tree nodes (no sharing)", markers: true },
      { x: depth, y: rows.map((r) => r.expandedTerms), label: "symbolic f′, expanded terms", markers: true },
      { x: depth, y: rows.map((r) => r.adEqns), label: "AD: equations of grad(f)", markers: true },
    ],
    title: "size of the derivative vs nesting depth",
    xlabel: "depth d",
    ylabel: "size",
    logY: true,
    width: 480,
    height: 320,
  });
  setPlot(byTest("plot-swell"), svg, rows);
  setTable(byTest("gallery-swell"), rows.map((r) => [String(r.depth), r.adEqns, r.expandedTerms, r.treeNodes]), ["depth", "AD eqns", "expanded terms", "tree nodes"]);
}

/** Train the small network and draw its loss curve and fit. */
export function showTraining(seedValue: number): void {
  const t = train(300, seedValue);
  const steps = t.losses.map((_, i) => i + 1);
  setPlot(byTest("plot-train-loss"), plot.linePlot({
    series: [{ x: steps, y: t.losses, label: "training loss (mean squared error)" }],
    title: "training curve", xlabel: "step", ylabel: "loss", logY: true, width: 480, height: 300,
  }), { losses: t.losses });
  setPlot(byTest("plot-train-fit"), plot.linePlot({
    series: [
      { x: t.xs, y: t.targets, label: "data", markers: true, color: "#999999" },
      { x: t.xs, y: t.fitted, label: "network after 300 steps" },
    ],
    title: "the fit", xlabel: "x", ylabel: "y", width: 480, height: 300,
  }), { x: t.xs, targets: t.targets, fitted: t.fitted });
  byTest("train-summary").textContent =
    `seed ${seedValue}: loss ${fmt(t.losses[0])} → ${fmt(t.losses[t.losses.length - 1])} in 300 jitted Adam steps, ${(t.ms / 1000).toFixed(2)} s (${((300 * 1000) / t.ms).toFixed(0)} steps/s).`;
}
