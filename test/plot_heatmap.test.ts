/** @file plot.heatmap and its colour maps read back from the SVG: cell positions and colours, colour bar ticks, NaN cells, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, plot } from "../src/index.js";
import { assertWellFormed, axisFromTicks, elements, group, near } from "./plot_svg.js";

const cellAt = (svg: string, px: number, py: number) => elements(svg, "rect", "cell").filter((r) => px > Number(r.x) && px < Number(r.x) + Number(r.width) && py > Number(r.y) && py < Number(r.y) + Number(r.height));

test("plot.heatmap: a matrix — row 0 on top, index ticks at the cell centres, min and max at the colour map's ends", () => {
  const z = np.array([[0, 1, 2], [3, 4, 5]], { dtype: "float32" });
  const svg = plot.heatmap(z, { title: "J", xlabel: "input", ylabel: "output" });
  assertWellFormed(svg);
  assert.deepEqual([...group(svg, "x-ticks").matchAll(/class="tick-label"[^>]*>(\d+)</g)].map((m) => m[1]), ["0", "1", "2"]);
  assert.deepEqual([...group(svg, "y-ticks").matchAll(/class="tick-label"[^>]*>(\d+)</g)].map((m) => m[1]), ["0", "1"]);
  const X = axisFromTicks(svg, "x");
  const Y = axisFromTicks(svg, "y");
  assert.ok(Y(0) < Y(1), "row 0 is above row 1");
  const cells = elements(svg, "rect", "cell");
  assert.equal(cells.length, 6);
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 3; j++) {
      const [c] = cellAt(svg, X(j), Y(i));
      assert.ok(c, `no cell at (${i}, ${j})`);
      assert.equal(c.fill, plot.colorAt("viridis", (3 * i + j) / 5), `colour of (${i}, ${j})`);
      near(Number(c.x) + Number(c.width) / 2, X(j), 0.05);
    }
  }
  assert.equal(cellAt(svg, X(0), Y(0))[0].fill, "#440154", "the minimum is viridis(0)");
  assert.equal(cellAt(svg, X(2), Y(1))[0].fill, "#fde725", "the maximum is viridis(1)");
  assert.match(svg, /class="title"[^>]*>J</);
  assert.match(svg, /class="xlabel"[^>]*>input</);
});

test("plot.heatmap: the colour bar spans the range with round ticks placed linearly along it", () => {
  const svg = plot.heatmap([[0, 2.5, 5]], { colormap: "magma", height: 320 });
  const bar = elements(svg, "rect", "colorbar-bar")[0];
  const [top, h] = [Number(bar.y), Number(bar.height)];
  const labels = [...group(svg, "colorbar").matchAll(/<text class="colorbar-label" x="[\d.]+" y="([\d.]+)"[^>]*>([^<]*)</g)].map((m) => ({ y: Number(m[1]), v: Number(m[2]) }));
  assert.deepEqual(labels.map((l) => l.v), [0, 1, 2, 3, 4, 5]);
  for (const l of labels) near(l.y, top + h - (l.v / 5) * h, 0.05, `tick ${l.v}`);
  // the gradient runs from magma(0) at the bottom to magma(1) at the top
  const stops = elements(svg, "stop");
  assert.equal(stops[0]["stop-color"], "#000004");
  assert.equal(stops[stops.length - 1]["stop-color"], "#fcfdbf");
  // the middle value is the middle sample of the table
  assert.equal(elements(svg, "rect", "cell")[1].fill, "#b73779");
  assert.equal(plot.heatmap([[1, 2]], { colorbar: false }).includes("colorbar"), false);
});

test("plot.heatmap: RdBu is centred at 0 (or at `center`), a fixed range clamps, grey levels interpolate in linear light", () => {
  const svg = plot.heatmap([[-1, 0, 3]], { colormap: "RdBu" });
  assert.equal(elements(svg, "g", "colorbar")[0]["data-range"], "-3 3");
  const fills = elements(svg, "rect", "cell").map((c) => c.fill);
  assert.deepEqual(fills.slice(1), ["#f7f7f7", "#053061"], "0 is the neutral middle, 3 the blue end");
  assert.equal(fills[0], plot.colorAt("RdBu", 1 / 3));
  const c = plot.heatmap([[1, 2, 9]], { colormap: "RdBu", center: 2 });
  assert.equal(elements(c, "g", "colorbar")[0]["data-range"], "-5 9");
  assert.equal(elements(c, "rect", "cell")[1].fill, "#f7f7f7");
  const g = plot.heatmap([[-5, 0.5, 7]], { colormap: "gray", range: [0, 1] });
  assert.deepEqual(elements(g, "rect", "cell").map((r) => r.fill), ["#000000", "#bcbcbc", "#ffffff"]);
  // 0.5 in linear light is sRGB 0.7354 → 188 = 0xbc
  assert.equal(plot.colorAt("gray", 0.5), "#bcbcbc");
  assert.equal(plot.colorAt("viridis", 0), "#440154");
  assert.equal(plot.colorAt("viridis", 1), "#fde725");
  assert.equal(plot.colorAt("viridis", 0.5), "#21918c");
  assert.equal(plot.colorAt("viridis", 7), "#fde725", "clamped");
});

test("plot.heatmap: x/y coordinates (centres or edges) place the cells, y upwards; equal runs merge into one rect", () => {
  const z = [[1, 1, 1], [1, 1, 2]];
  const svg = plot.heatmap(z, { x: [10, 20, 30], y: [0, 1, 3], colormap: "gray", range: [0, 2] });
  assertWellFormed(svg);
  const X = axisFromTicks(svg, "x");
  const Y = axisFromTicks(svg, "y");
  const cells = elements(svg, "rect", "cell");
  assert.equal(cells.length, 3, "row 0 is one run of three cells, row 1 two runs");
  // row 0 spans y ∈ [0, 1] (given edges), from x = 5 to 35 (centres 10, 20, 30)
  near(Number(cells[0].x), X(5), 0.05);
  near(Number(cells[0].x) + Number(cells[0].width), X(35), 0.05);
  near(Number(cells[0].y) + Number(cells[0].height), Y(0), 0.05);
  near(Number(cells[0].y), Y(1), 0.05);
  assert.ok(Y(3) < Y(0), "y grows upwards");
  assert.equal(cellAt(svg, X(30), Y(2))[0].fill, "#ffffff");
});

test("plot.heatmap: NaN cells are hatched, counted and listed; ±Infinity take the end colours", () => {
  const svg = plot.heatmap(np.array([[1, NaN, 2], [Infinity, -Infinity, NaN]]));
  assertWellFormed(svg);
  const nan = elements(svg, "rect", "nan");
  assert.equal(nan.length, 2);
  assert.match(nan[0].fill, /^url\(#adjoint-nan-\d+\)$/);
  assert.match(svg, /<text class="nan-note"[^>]*>2 NaN cells \(hatched\): \(0, 1\), \(1, 2\)</);
  assert.equal(elements(svg, "rect", "colorbar-nan").length, 1);
  const fills = elements(svg, "rect", "cell").filter((c) => c.class === "cell").map((c) => c.fill);
  assert.deepEqual(fills, ["#440154", "#fde725", "#fde725", "#440154"]);
});

test("plot.heatmap: bad input names plot.heatmap, what was given and what was expected", () => {
  assert.throws(() => plot.heatmap(np.ones([2, 2]), { colormap: "jet" as never }), /plot\.heatmap: unknown colormap "jet" \(known: viridis, magma, gray, RdBu\)/);
  assert.throws(() => plot.heatmap(np.ones([4])), /plot\.heatmap: z must be a 2-D array \[rows, cols\], got shape \[4\]/);
  assert.throws(() => plot.heatmap([[1, 2], [3]]), /plot\.heatmap: z must be a 2-D NDArray or a list of equal-length rows of numbers/);
  assert.throws(() => plot.heatmap(np.ones([2, 3]), { x: [1, 2] }), /plot\.heatmap: x has 2 values for 3 columns \(expected 3 centres or 4 edges\)/);
  assert.throws(() => plot.heatmap(np.ones([2, 3]), { y: [2, 1] }), /plot\.heatmap: y must be finite and increasing/);
  assert.throws(() => plot.heatmap(np.ones([2, 2]), { range: [0, 1], center: 0 }), /plot\.heatmap: give range or center, not both/);
  assert.throws(() => plot.heatmap(np.ones([2, 2]), { range: [1, 1] }), /plot\.heatmap: range must be \[lo, hi\] with finite lo < hi/);
  assert.throws(() => plot.heatmap(np.ones([2, 2]), { cmap: "gray" } as never), /plot\.heatmap.*cmap/);
  assert.throws(() => plot.colorAt("hot" as never, 0.5), /plot\.colorAt: unknown colormap "hot"/);
});

test("plot.heatmap: names for the columns and rows label every cell's tick", () => {
  const svg = plot.heatmap([[1, 2, 3], [4, 5, 6]], { xTickLabels: ["a<b", "c", "d"], yTickLabels: ["r0", "r1"] });
  assertWellFormed(svg);
  assert.deepEqual([...group(svg, "x-ticks").matchAll(/class="tick-label"[^>]*>([^<]*)</g)].map((m) => m[1]), ["a&lt;b", "c", "d"]);
  assert.deepEqual([...group(svg, "y-ticks").matchAll(/class="tick-label"[^>]*>([^<]*)</g)].map((m) => m[1]), ["r0", "r1"]);
  assert.throws(() => plot.heatmap([[1, 2]], { xTickLabels: ["a"] }), /plot\.heatmap: xTickLabels must be 2 strings \(one per column\), got \["a"\]/);
  assert.throws(() => plot.heatmap([[1, 2]], { y: [0], yTickLabels: ["a"] }), /plot\.heatmap: give y or yTickLabels, not both/);
});

test("plot.heatmap: series over the cells — contour lines and a marker in the cells' coordinates, with a legend", () => {
  const g = np.linspace(-2, 2, 21, { dtype: "float64" });
  const z = np.add(np.square(g.reshape([1, 21])), np.square(g.reshape([21, 1])));
  const lines = plot.contour(g, g, z, { levels: [1], labels: ["r = 1"], color: "#ffffff" });
  const svg = plot.heatmap(z, { x: g, y: g, colormap: "magma", series: [...lines, { x: [0.5], y: [-1], line: false, marker: "o", color: "#00ff00", label: "point" }] });
  assertWellFormed(svg);
  const X = axisFromTicks(svg, "x");
  const Y = axisFromTicks(svg, "y");
  // the series come after (over) the cells
  assert.ok(svg.indexOf('class="series-group"') > svg.indexOf('class="cells"'));
  const [dot] = elements(group(svg, "markers"), "circle");
  near(Number(dot.cx), X(0.5), 0.05);
  near(Number(dot.cy), Y(-1), 0.05);
  const [path] = elements(svg, "path", "series");
  assert.equal(path["data-label"], "r = 1");
  for (const [a, b] of [...path.d.matchAll(/[ML]([\d.-]+),([\d.-]+)/g)].map((m) => [Number(m[1]), Number(m[2])])) {
    near(Math.hypot((a - X(0)) / (X(1) - X(0)), (b - Y(0)) / (Y(1) - Y(0))), 1, 0.015, "the r = 1 contour, mapped back");
  }
  assert.match(group(svg, "legend"), />r = 1<[\s\S]*>point</);
  assert.throws(() => plot.heatmap(z, { series: [{ y: [1] }] }), /plot\.heatmap: series over the cells need the x and y coordinates of the cells/);
  assert.throws(() => plot.heatmap(z, { x: g, y: g, series: [{ y: [1], x: [1, 2] }] }), /plot\.heatmap: series\[0\] has 2 x values but 1 y values/);
});

test("plot.heatmap and plot.contour: a 400 × 400 grid (160,000 values) draws without exceeding argument limits", () => {
  const g = np.linspace(-1, 1, 400, { dtype: "float64" });
  const z = np.add(np.square(g.reshape([1, 400])), np.square(g.reshape([400, 1])));
  const svg = plot.heatmap(z, { x: g, y: g, colorbar: true });
  assert.equal(elements(svg, "g", "colorbar")[0]["data-range"].split(" ").map(Number)[1], 2);
  const [c] = plot.contour(g, g, z, { levels: 2 });
  assert.equal(c.label, "0.5");
  assert.ok((c.x as number[]).length > 100);
});
