/** @file plot.linePlot's series kinds read back from the SVG: scatter markers, error bars, steps, band opacity, histograms, log axes, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, plot } from "../src/index.js";
import { assertWellFormed, axisFromTicks, elements, group, near, pathPieces } from "./plot_svg.js";

test("plot kinds: a scatter (line: false) draws each marker shape at its data point and no line", () => {
  const x = [0.5, 1, 2, 3.5];
  const y = [2, -1, 0.25, 3];
  for (const marker of ["o", "s", "^", "x"] as const) {
    const svg = plot.linePlot({ series: [{ x, y, line: false, marker, label: "pts" }] });
    assertWellFormed(svg);
    assert.equal(elements(svg, "path", "series").length, 0, "no line");
    const X = axisFromTicks(svg, "x");
    const Y = axisFromTicks(svg, "y");
    const g = group(svg, "markers");
    // the centre of each marker, by shape
    const centres: [number, number][] =
      marker === "o" ? elements(g, "circle").map((c) => [Number(c.cx), Number(c.cy)])
      : marker === "s" ? elements(g, "rect").map((r) => [Number(r.x) + 3, Number(r.y) + 3])
      : elements(g, "path").map((p) => {
          const pts = pathPieces(p.d).flat();
          const xs = pts.map((q) => q[0]), ys = pts.map((q) => q[1]);
          return [(Math.min(...xs) + Math.max(...xs)) / 2, marker === "x" ? (Math.min(...ys) + Math.max(...ys)) / 2 : ys[0] + 3.2 * 1.15];
        });
    assert.equal(centres.length, 4, marker);
    centres.forEach(([cx, cy], j) => {
      near(cx, X(x[j]), 0.05, `${marker} x[${j}]`);
      near(cy, Y(y[j]), 0.05, `${marker} y[${j}]`);
    });
    // the legend shows the marker, without a line sample
    const legend = group(svg, "legend");
    assert.ok(!/<line /.test(legend), `${marker}: a line in the legend of a scatter`);
    assert.match(legend, marker === "o" ? /<circle / : marker === "s" ? /<rect [^>]*width="6"/ : /<path /);
  }
  // markers: true is the circle, with the line kept
  const both = plot.linePlot({ series: [{ y: [1, 2, 3], markers: true }] });
  assert.equal(elements(both, "path", "series").length, 1);
  assert.equal(elements(group(both, "markers"), "circle").length, 3);
});

test("plot kinds: error bars — symmetric, [lower, upper], an array [2, n], scalar — span y ± err in data units", () => {
  const x = [1, 2, 3];
  const y = [10, 20, 15];
  const cases: [string, plot.ErrorBars, number[], number[]][] = [
    ["symmetric", [1, 2, 3], [1, 2, 3], [1, 2, 3]],
    ["[lo, hi]", [[1, 1, 1], np.array([4, 5, 6])], [1, 1, 1], [4, 5, 6]],
    ["[2, n]", np.array([[0.5, 0.5, 0.5], [2, 2, 2]]), [0.5, 0.5, 0.5], [2, 2, 2]],
    ["scalar", 2.5, [2.5, 2.5, 2.5], [2.5, 2.5, 2.5]],
  ];
  for (const [name, yerr, lo, hi] of cases) {
    const svg = plot.linePlot({ series: [{ x, y, yerr, xerr: 0.25, marker: "o", line: false }] });
    assertWellFormed(svg);
    const X = axisFromTicks(svg, "x");
    const Y = axisFromTicks(svg, "y");
    const bars = elements(svg, "line", "yerr");
    assert.equal(bars.length, 3, name);
    bars.forEach((b, j) => {
      near(Number(b.x1), X(x[j]), 0.05, `${name} bar ${j} x`);
      near(Number(b.y1), Y(y[j] - lo[j]), 0.05, `${name} bar ${j} lower end`);
      near(Number(b.y2), Y(y[j] + hi[j]), 0.05, `${name} bar ${j} upper end`);
    });
    const xbars = elements(svg, "line", "xerr");
    xbars.forEach((b, j) => {
      near(Number(b.x1), X(x[j] - 0.25), 0.05, `${name} xerr ${j}`);
      near(Number(b.x2), X(x[j] + 0.25), 0.05, `${name} xerr ${j}`);
      near(Number(b.y1), Y(y[j]), 0.05);
    });
    // the axis covers the bars
    assert.ok(Y(Math.max(...y.map((v, j) => v + hi[j]))) >= 13.9, `${name}: bars above the frame`);
  }
});

test("plot kinds: steps — post, pre and mid — put the corners where matplotlib's drawstyles do", () => {
  const x = [0, 1, 3];
  const y = [1, 2, 0];
  const want: Record<string, [number, number][]> = {
    post: [[0, 1], [1, 1], [1, 2], [3, 2], [3, 0]],
    pre: [[0, 1], [0, 2], [1, 2], [1, 0], [3, 0]],
    mid: [[0, 1], [0.5, 1], [0.5, 2], [1, 2], [2, 2], [2, 0], [3, 0]],
  };
  for (const step of ["post", "pre", "mid"] as const) {
    const svg = plot.linePlot({ series: [{ x, y, step }] });
    const X = axisFromTicks(svg, "x");
    const Y = axisFromTicks(svg, "y");
    const [piece] = pathPieces(elements(svg, "path", "series")[0].d);
    assert.equal(piece.length, want[step].length, step);
    piece.forEach(([a, b], k) => {
      near(a, X(want[step][k][0]), 0.05, `${step} vertex ${k} x`);
      near(b, Y(want[step][k][1]), 0.05, `${step} vertex ${k} y`);
    });
  }
  // a gap splits the steps
  const gap = plot.linePlot({ series: [{ y: [1, 2, NaN, 3, 4], step: "post" }] });
  assert.equal(pathPieces(elements(gap, "path", "series")[0].d).length, 2);
});

test("plot kinds: band opacity is the fill's opacity, also in the legend", () => {
  const svg = plot.linePlot({ series: [{ y: [2, 3], fillTo: [0, 1], opacity: 0.35, color: "#00ff00", label: "±1σ" }] });
  assert.equal(elements(svg, "path", "band")[0]["fill-opacity"], "0.35");
  assert.match(group(svg, "legend"), /<rect [^>]*fill="#00ff00" fill-opacity="0.35"/);
});

// reference values from NumPy 1.24: np.histogram(v, bins=7) etc. with v as below
const v = Array.from({ length: 120 }, (_, k) => ((k * 37) % 101) / 10 + 0.013 * (k % 7));
const w = Array.from({ length: 120 }, (_, k) => 0.5 + (k % 3));

test("plot.histogram: counts and edges equal np.histogram's, bars are drawn at those heights over those edges", () => {
  const h = plot.histogram(v, { bins: 7, label: "data", color: "#000000" });
  assert.deepEqual(h.y, [19, 15, 18, 17, 17, 17, 17]);
  const edges = [0.0, 1.4322857142857142, 2.8645714285714283, 4.296857142857142, 5.729142857142857, 7.161428571428571, 8.593714285714285, 10.026];
  h.binEdges.forEach((e, k) => near(e, edges[k], 1e-12, `edge ${k}`));
  h.x.forEach((c, k) => near(c, (edges[k] + edges[k + 1]) / 2, 1e-12, `centre ${k}`));
  assert.equal(h.yerr, undefined);
  const svg = plot.linePlot({ series: [h] });
  assertWellFormed(svg);
  const X = axisFromTicks(svg, "x");
  const Y = axisFromTicks(svg, "y");
  const [outline] = pathPieces(elements(svg, "path", "histogram")[0].d);
  // up from 0 at the first edge, across each bin, down to 0 at the last edge
  assert.equal(outline.length, 2 + 2 * 7);
  near(outline[0][1], Y(0), 0.05, "baseline");
  near(outline[outline.length - 1][1], Y(0), 0.05, "baseline");
  for (let k = 0; k < 7; k++) {
    const [a, b] = [outline[1 + 2 * k], outline[2 + 2 * k]];
    near(a[0], X(edges[k]), 0.05, `bin ${k} left`);
    near(b[0], X(edges[k + 1]), 0.05, `bin ${k} right`);
    near(a[1], Y(h.y[k]), 0.05, `bin ${k} height`);
    near(b[1], Y(h.y[k]), 0.05, `bin ${k} height`);
  }
  // the y axis starts at 0 (bars stand on it), the legend shows a bar outline
  assert.match(group(svg, "y-ticks"), />0<\/text>/);
  assert.match(group(svg, "legend"), /<path d="M[^"]*" fill="none" stroke="#000000"/);
});

test("plot.histogram: √N and √Σw² error bars, ranges, weights, explicit edges and NumPy's density", () => {
  const a = plot.histogram(v, { bins: 7, errorBars: true });
  assert.deepEqual(a.yerr, a.y.map(Math.sqrt));
  const b = plot.histogram(np.array(v, { dtype: "float64" }), { bins: 5, range: [1, 9], weights: w, errorBars: true });
  [33.0, 26.5, 29.5, 27.0, 28.0].forEach((c, k) => near(b.y[k], c, 1e-9, `weighted bin ${k}`));
  [8.18535277187245, 7.123903424387503, 7.533259586659682, 7.3824115301167, 7.14142842854285].forEach((e, k) => near(b.yerr![k], e, 1e-9, `√Σw² ${k}`));
  assert.deepEqual(b.binEdges, [1.0, 2.6, 4.2, 5.800000000000001, 7.4, 9.0]); // NumPy 1.24's, to the last bit
  const d = plot.histogram(v, { bins: [0, 1, 3, 6, 10.5], density: true, errorBars: true });
  [0.1, 0.1, 0.1, 0.08888888888888888].forEach((c, k) => near(d.y[k], c, 1e-12, `density ${k}`));
  // the errors scale as the bars: √N / (N_total · width), N = 12, 24, 36, 48
  [12, 24, 36, 48].forEach((n, k) => near(d.yerr![k], Math.sqrt(n) / (120 * [1, 2, 3, 4.5][k]), 1e-12, `density error ${k}`));
  // float32 data bins in float32 as np.histogram does
  const f = plot.histogram(np.array([0, 0.1, 0.2, 0.3], { dtype: "float32" }), { bins: 3 });
  assert.deepEqual(f.binEdges, Array.from(np.histogram(np.array([0, 0.1, 0.2, 0.3], { dtype: "float32" }), 3)[1].data() as Float32Array, Number));
});

test("plot.histogram: the fit-over-histogram figure — data with error bars at the bin centres under a density curve", () => {
  const h = plot.histogram(v, { bins: 10, range: [0, 10], density: true, errorBars: true, label: "data" });
  const xs = np.linspace(0, 10, 50);
  const svg = plot.linePlot({ series: [h, { x: xs, y: np.full([50], 0.1), label: "uniform" }] });
  assertWellFormed(svg);
  const X = axisFromTicks(svg, "x");
  const Y = axisFromTicks(svg, "y");
  const bars = elements(svg, "line", "yerr");
  assert.equal(bars.length, 10);
  bars.forEach((bar, k) => {
    near(Number(bar.x1), X(k + 0.5), 0.05, `error bar ${k} at the bin centre`);
    near(Number(bar.y1), Y(h.y[k] - h.yerr![k]), 0.05);
    near(Number(bar.y2), Y(h.y[k] + h.yerr![k]), 0.05);
  });
  assert.equal(elements(svg, "path", "series").length, 1);
  assert.match(group(svg, "legend"), />data<[\s\S]*>uniform</);
});

test("plot kinds: log axes with error bars, histograms and scatter — zeros reach the axis, negatives are an error", () => {
  const svg = plot.linePlot({ logY: true, series: [{ x: [1, 2, 3], y: [1, 10, 100], yerr: [[1, 5, 50], [1, 5, 50]], line: false, marker: "s" }] });
  assertWellFormed(svg);
  const Y = axisFromTicks(svg, "y", true);
  const bars = elements(svg, "line", "yerr");
  const frame = elements(svg, "rect", "frame")[0];
  near(Number(bars[0].y1), Number(frame.y) + Number(frame.height), 0.05, "a bar down to 0 ends at the bottom of the frame");
  near(Number(bars[1].y1), Y(5), 0.05);
  near(Number(bars[2].y2), Y(150), 0.05);
  // a log-scale histogram: empty bins drop to the bottom of the frame
  const h = plot.histogram([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5, 5, 5], { bins: 3, range: [0, 6] });
  assert.deepEqual(h.y, [10, 0, 3]);
  const lh = plot.linePlot({ logY: true, series: [h] });
  const bottom = Number(elements(lh, "rect", "frame")[0].y) + Number(elements(lh, "rect", "frame")[0].height);
  const [outline] = pathPieces(elements(lh, "path", "histogram")[0].d);
  near(outline[3][1], bottom, 0.05, "the empty bin");
  near(outline[1][1], axisFromTicks(lh, "y", true)(10), 0.05);
  assert.throws(() => plot.linePlot({ logY: true, series: [{ y: [1, 10], yerr: [2, 1] }] }), /plot\.linePlot: series\[0\] has an error bar reaching y = 1 − 2 = -1 < 0 at point 0 on a log y axis/);
  assert.throws(() => plot.linePlot({ logX: true, series: [{ x: [1, 10], y: [1, 1], xerr: [0.5, 11] }] }), /plot\.linePlot: series\[0\] has an error bar reaching x = 10 − 11 = -1 < 0 at point 1 on a log x axis/);
});

test("plot kinds: bad series and histogram input name the function, what was given and what was expected", () => {
  assert.throws(() => plot.linePlot({ series: [{ y: [1, 2], yerr: [1, 2, 3] }] }), /plot\.linePlot: series\[0\]\.yerr has 3 values but the series has 2 points/);
  assert.throws(() => plot.linePlot({ series: [{ y: [1, 2], yerr: [[1, 1], [1]] }] }), /plot\.linePlot: series\[0\]\.yerr\[1\] has 1 values but the series has 2 points/);
  assert.throws(() => plot.linePlot({ series: [{ y: [1, 2], yerr: [-1, 1] }] }), /plot\.linePlot: series\[0\]\.yerr must be ≥ 0 \(an extent, not a position\), got -1 at point 0/);
  assert.throws(() => plot.linePlot({ series: [{ y: [1, 2], yerr: np.ones([3, 2]) }] }), /yerr as an array must have shape \[n\] or \[2, n\], got \[3,2\]/);
  assert.throws(() => plot.linePlot({ series: [{ y: [1, 2], marker: "*" as never }] }), /plot\.linePlot: series\[0\]\.marker must be "o", "s", "\^" or "x", got "\*"/);
  assert.throws(() => plot.linePlot({ series: [{ y: [1, 2], step: "before" as never }] }), /series\[0\]\.step must be "mid", "pre" or "post", got "before"/);
  assert.throws(() => plot.linePlot({ series: [{ y: [1, 2], opacity: 2 }] }), /series\[0\]\.opacity must be a number in \[0, 1\], got 2/);
  assert.throws(() => plot.linePlot({ series: [{ y: [1, 2], colour: "red" } as never] }), /plot\.linePlot: series\[0\] has an unknown option "colour"/);
  assert.throws(() => plot.linePlot({ series: [{ y: [1, 2], binEdges: [0, 1] }] }), /series\[0\] has 2 binEdges for 2 bins \(expected 3\)/);
  assert.throws(() => plot.linePlot({ series: [{ y: [1, 2], binEdges: [0, 2, 1] }] }), /binEdges must be finite and increasing/);
  assert.throws(() => plot.linePlot({ series: [{ y: [1, 2], line: "no" as never }] }), /series\[0\]\.line must be a boolean, got "no"/);
  assert.throws(() => plot.histogram([1, 2], { bins: 0 }), /plot\.histogram: bins must be an integer ≥ 1 or the bin edges, got 0/);
  assert.throws(() => plot.histogram([1, 2], { weights: [1] }), /plot\.histogram: weights has 1 values but values has 2/);
  assert.throws(() => plot.histogram([1, NaN]), /plot\.histogram: values has non-finite entries; give a range/);
  assert.throws(() => plot.histogram([], {}), /plot\.histogram: values is empty/);
  assert.throws(() => plot.histogram([1, 2], { range: [2, 1] }), /plot\.histogram: range must be \[lo, hi\] with finite lo < hi, got \[2,1\]/);
  assert.throws(() => plot.histogram("abc" as never), /plot\.histogram: values must be an NDArray or a list of numbers, got "abc"/);
  assert.throws(() => plot.histogram([1, 2], { bin: 3 } as never), /plot\.histogram.*bin/);
});

test("plot.histogram: spread into a scatter, the bins become points with error bars and no outline", () => {
  const h = plot.histogram(v, { bins: 4, errorBars: true });
  const svg = plot.linePlot({ series: [{ ...h, line: false, marker: "o" }] });
  assert.equal(elements(svg, "path", "histogram").length, 0);
  const X = axisFromTicks(svg, "x");
  const Y = axisFromTicks(svg, "y");
  const dots = elements(group(svg, "markers"), "circle");
  assert.equal(dots.length, 4);
  dots.forEach((d, k) => {
    near(Number(d.cx), X(h.x[k]), 0.05);
    near(Number(d.cy), Y(h.y[k]), 0.05);
  });
  assert.equal(elements(svg, "line", "yerr").length, 4);
});

test("plot kinds: markers are drawn whole at the frame's edge, above the lines; points outside fixed limits are left out", () => {
  const svg = plot.linePlot({ xlim: [0, 2], series: [{ x: [0, 1, 2, 3], y: [1, 2, 3, 4], marker: "o" }, { y: [0, 4] }] });
  assertWellFormed(svg);
  const dots = elements(group(svg, "markers"), "circle");
  assert.equal(dots.length, 3, "x = 3 is outside xlim");
  const frame = elements(svg, "rect", "frame")[0];
  near(Number(dots[0].cx), Number(frame.x), 0.05, "the first point sits on the left edge");
  assert.ok(svg.indexOf('class="marker-group"') > svg.indexOf('class="series-group"'), "markers above every line");
  assert.doesNotMatch(/<g class="marker-group"[^>]*>/.exec(svg)![0], /clip-path/);
});
