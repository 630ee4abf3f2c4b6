/** @file plot.linePlot's filled bands (`fillTo`) and point markers: geometry, gaps, axes, legend, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, plot } from "../src/index.js";

/** Tags nest and close properly. */
function assertBalanced(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)(?:\s+[\w:-]+="[^"<]*")*\s*(\/?)>/g)) {
    if (m[1]) assert.equal(stack.pop(), m[2], `closing </${m[2]}> does not match`);
    else if (!m[3]) stack.push(m[2]);
  }
  assert.deepEqual(stack, [], "unclosed tags");
}

const bands = (svg: string) => [...svg.matchAll(/<path class="band" d="([^"]*)" fill="([^"]+)"/g)].map((m) => ({ d: m[1], fill: m[2] }));
const lines = (svg: string) => [...svg.matchAll(/<path class="series" d="([^"]*)"/g)].map((m) => m[1]);
/** The vertices of each closed polygon of a band path. */
const polygons = (d: string) => d.split("Z").filter(Boolean).map((p) => [...p.matchAll(/[ML]([\d.-]+),([\d.-]+)/g)].map((m) => [Number(m[1]), Number(m[2])]));

test("plot bands: fillTo draws a closed polygon between two curves, under the lines, with a swatch in the legend", () => {
  const x = [0, 1, 2, 3];
  const svg = plot.linePlot({
    width: 400,
    height: 300,
    series: [
      { x, y: [3, 4, 5, 6], fillTo: [1, 2, 3, 4], color: "#ffff00", label: "±2σ" },
      { x, y: [2.5, 3.5, 4.5, 5.5], fillTo: np.array([1.5, 2.5, 3.5, 4.5]), color: "#00ff00", label: "±1σ" },
      { x, y: [2, 3, 4, 5], dashed: true, label: "median" },
    ],
  });
  assertBalanced(svg);
  const b = bands(svg);
  assert.deepEqual(b.map((q) => q.fill), ["#ffff00", "#00ff00"]);
  // bands come before (under) the line; the band series draw no line of their own
  assert.ok(svg.indexOf('class="band-group"') < svg.indexOf('class="series-group"'));
  assert.equal(lines(svg).length, 1);
  for (const { d } of b) {
    const [poly] = polygons(d);
    assert.equal(polygons(d).length, 1);
    assert.equal(poly.length, 8, "4 points forwards along y, 4 back along fillTo");
    assert.ok(d.endsWith("Z"));
    // the way back has the same x coordinates in reverse
    assert.deepEqual(poly.slice(4).map((p) => p[0]), poly.slice(0, 4).map((p) => p[0]).reverse());
    // y grows downwards in SVG: the upper edge is above the lower edge at every x
    for (let k = 0; k < 4; k++) assert.ok(poly[k][1] < poly[7 - k][1]);
  }
  // the ±2σ band is wider than the ±1σ band at every x
  const [outer] = polygons(b[0].d);
  const [inner] = polygons(b[1].d);
  for (let k = 0; k < 4; k++) assert.ok(outer[k][1] < inner[k][1] && outer[7 - k][1] > inner[7 - k][1]);
  // legend: filled swatches for the bands, a dashed line for the median
  const legend = /<g class="legend">([\s\S]*?)<\/g>/.exec(svg)![1];
  assert.equal((legend.match(/<rect [^>]*fill="#(ffff00|00ff00)"/g) ?? []).length, 2);
  assert.match(legend, /<line [^>]*stroke-dasharray/);
  assert.match(legend, />±2σ<[\s\S]*>±1σ<[\s\S]*>median</);
});

test("plot bands: the y axis covers both edges; a gap on either edge splits the band", () => {
  const svg = plot.linePlot({ series: [{ y: [10, 11, 12, 13, 14, 15], fillTo: [-5, -4, NaN, -2, -1, 0] }] });
  const ticks = [...svg.matchAll(/<text class="tick-label"[^>]*>([^<]*)<\/text>/g)].map((m) => Number(m[1].replace("\u2212", "-"))).filter(Number.isFinite);
  assert.ok(Math.min(...ticks) <= -5 && Math.max(...ticks) >= 15, `ticks ${ticks} do not cover both edges`);
  const polys = polygons(bands(svg)[0].d);
  assert.deepEqual(polys.map((p) => p.length), [4, 6], "points 0–1 and 3–5 form two polygons");
  // a single plottable point between gaps fills nothing; on a log axis non-positive values are gaps too
  const log = plot.linePlot({ logY: true, series: [{ y: [1, 10, 100, 1000], fillTo: [0.1, 0, 10, 100] }] });
  assert.deepEqual(polygons(bands(log)[0].d).map((p) => p.length), [4]);
  const lone = plot.linePlot({ series: [{ y: [1, 2, 3], fillTo: [0, NaN, 0] }] });
  assert.equal(bands(lone)[0].d, "");
});

test("plot markers: one dot per plottable point, in the series colour, and in the legend", () => {
  const svg = plot.linePlot({ series: [{ y: [0.5, 0.2, NaN, 0.05], markers: true, color: "#000000", label: "observed" }, { y: [1, 1, 1, 1] }] });
  assertBalanced(svg);
  const g = /<g class="markers" fill="#000000" stroke="none">(.*?)<\/g>/.exec(svg);
  assert.ok(g, "no marker group");
  assert.equal((g[1].match(/<circle /g) ?? []).length, 3);
  assert.equal((svg.match(/<g class="markers"/g) ?? []).length, 1, "the unmarked series has no markers");
  assert.match(/<g class="legend">([\s\S]*?)<\/g>/.exec(svg)![1], /<circle [^>]*fill="#000000"/);
});

test("plot bands: fillTo of the wrong length or type is a clear error", () => {
  assert.throws(() => plot.linePlot({ series: [{ y: [1, 2, 3], fillTo: [0, 0] }] }), /plot\.linePlot: series\[0\] has 2 fillTo values but 3 y values/);
  assert.throws(() => plot.linePlot({ series: [{ y: [1, 2] }, { y: [1, 2], fillTo: "low" as any }] }), /plot\.linePlot: series\[1\]\.fillTo must be an NDArray or a list of numbers/);
});
