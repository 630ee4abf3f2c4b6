/** @file plot.contour: marching squares against circles and saddles, polylines with NaN gaps, legend labels in linePlot, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, plot } from "../src/index.js";
import { assertWellFormed, axisFromTicks, elements, group, near, pathPieces } from "./plot_svg.js";

/** The pieces of a contour series (split at the NaN gaps). */
function pieces(s: plot.Series): [number, number][][] {
  const x = s.x as number[], y = s.y as number[];
  const out: [number, number][][] = [[]];
  x.forEach((xv, k) => (Number.isNaN(xv) ? out.push([]) : out[out.length - 1].push([xv, y[k]])));
  return out.filter((p) => p.length);
}

const g = np.linspace(-2, 2, 41, { dtype: "float64" }); // h = 0.1
const r2 = np.add(np.square(g.reshape([1, 41])), np.square(g.reshape([41, 1]))); // x² + y², z[i][j] at (x[j], y[i])

test("plot.contour: the level r² of x² + y² is one closed curve within grid tolerance of the circle of radius r", () => {
  for (const r of [1, 1.234, 1.75]) {
    const [s] = plot.contour(g, g, r2, { levels: [r * r] });
    const ps = pieces(s);
    assert.equal(ps.length, 1, `r = ${r}: one piece`);
    const [line] = ps;
    assert.deepEqual(line[0], line[line.length - 1], `r = ${r}: closed`);
    // linear interpolation of a quadratic across a cell of size h = 0.1: the radius is off by less than h²/(8r)·2
    for (const [x, y] of line) near(Math.hypot(x, y), r, 0.1 ** 2 / (4 * r), `r = ${r}: |(${x}, ${y})|`);
    // it goes all the way round: every 10° sector of angle holds a point
    const sectors = new Set(line.map(([x, y]) => Math.floor(((Math.atan2(y, x) + Math.PI) * 18) / Math.PI) % 36));
    assert.equal(sectors.size, 36, `r = ${r}: covers the circle`);
    // each crossing lies on a grid line (x or y a multiple of h)
    for (const [x, y] of line) assert.ok([x, y].some((c) => Math.abs(c * 10 - Math.round(c * 10)) < 1e-9), `(${x}, ${y}) is not on a grid edge`);
  }
  // the default label is the level; colours differ by level
  const two = plot.contour(g, g, r2, { levels: [1, 2.25] });
  assert.deepEqual(two.map((s) => s.label), ["1", "2.25"]);
  assert.notEqual(two[0].color, two[1].color);
});

test("plot.contour: a saddle cell is resolved by the value at its centre", () => {
  const xy = [0, 1];
  // corners bl = 1, br = 0, tl = 0, tr = 1 (z[i][j] at (x[j], y[i]))
  const low = pieces(plot.contour(xy, xy, [[1, 0], [0, 1]], { levels: [0.55] })[0]);
  // centre 0.5 < 0.55: the two high corners are cut off — one piece near (0, 0), one near (1, 1)
  assert.equal(low.length, 2);
  const corner = (p: [number, number][]) => [Math.round((p[0][0] + p[1][0]) / 2), Math.round((p[0][1] + p[1][1]) / 2)];
  assert.deepEqual(low.map(corner).sort(), [[0, 0], [1, 1]].sort());
  const high = pieces(plot.contour(xy, xy, [[1, 0], [0, 1]], { levels: [0.45] })[0]);
  // centre 0.5 > 0.45: the high corners are joined through the centre; the low corners (1, 0), (0, 1) are cut off
  assert.equal(high.length, 2);
  assert.deepEqual(high.map(corner).sort(), [[0, 1], [1, 0]].sort());
  // crossings are interpolated linearly: 0.45 is 55% of the way from 1 to 0 along each edge
  for (const p of high) for (const [x, y] of p) assert.ok([x, y].some((c) => Math.abs(c - 0.55) < 1e-12 || Math.abs(c - 0.45) < 1e-12));
});

test("plot.contour: open lines end at the boundary and at NaN cells; automatic levels are round values inside the range", () => {
  const x = [0, 1, 2, 3];
  const y = [0, 1, 2];
  const z = [[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, NaN, 3]]; // z = x, one NaN
  const [s] = plot.contour(x, y, z, { levels: [0.5] });
  const ps = pieces(s);
  assert.equal(ps.length, 1);
  assert.deepEqual(ps[0].map((p) => p[0]), [0.5, 0.5, 0.5]);
  assert.deepEqual(ps[0].map((p) => p[1]).sort(), [0, 1, 2]);
  const [t] = plot.contour(x, y, z, { levels: [2.5] });
  // the cells touching the NaN are left out: only the bottom cell row's piece is left
  assert.deepEqual(pieces(t).map((p) => p.length), [2]);
  const auto = plot.contour(x, y, [[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3]], { levels: 3 });
  assert.deepEqual(auto.map((q) => q.label), ["1", "2"]);
  // a level no line reaches gives an empty series
  assert.deepEqual(plot.contour(x, y, z, { levels: [10] })[0].x, []);
});

test("plot.contour: likelihood contours in linePlot — closed paths, labels in the legend, the best fit as a scatter point", () => {
  // −2 ln L of a 2-D Gaussian with σx = 1, σy = 0.5 at (0.3, −0.2): Δχ² = 2.30 and 6.18 are the 68% and 95% regions
  const mx = np.linspace(-3, 3, 61, { dtype: "float64" });
  const my = np.linspace(-2, 2, 41, { dtype: "float64" });
  const dchi2 = np.add(np.square(np.subtract(mx.reshape([1, 61]), 0.3)), np.square(np.divide(np.subtract(my.reshape([41, 1]), -0.2), 0.5)));
  const lines = plot.contour(mx, my, dchi2, { levels: [2.3, 6.18], labels: (l) => `Δχ² = ${l}`, color: ["#0072B2", "#D55E00"] });
  const svg = plot.linePlot({ xlabel: "μ", ylabel: "σ", series: [...lines, { x: [0.3], y: [-0.2], line: false, marker: "x", color: "#000000", label: "best fit" }] });
  assertWellFormed(svg);
  const paths = elements(svg, "path", "series");
  assert.equal(paths.length, 2);
  assert.deepEqual(paths.map((p) => p["data-label"]), ["Δχ² = 2.3", "Δχ² = 6.18"]);
  const X = axisFromTicks(svg, "x");
  const Y = axisFromTicks(svg, "y");
  paths.forEach((p, k) => {
    const ps = pathPieces(p.d);
    assert.equal(ps.length, 1, "one closed curve per level");
    const pts = ps[0];
    assert.deepEqual(pts[0], pts[pts.length - 1]);
    // the ellipse's extent along x: 0.3 ± √level
    const xs = pts.map((q) => q[0]);
    const lvl = [2.3, 6.18][k];
    near(Math.max(...xs), X(0.3 + Math.sqrt(lvl)), 2, `level ${lvl} right end`);
    near(Math.min(...xs), X(0.3 - Math.sqrt(lvl)), 2, `level ${lvl} left end`);
  });
  const best = elements(group(svg, "markers"), "path")[0];
  const c = pathPieces(best.d).flat();
  near((c[0][0] + c[1][0]) / 2, X(0.3), 0.05);
  near((c[0][1] + c[1][1]) / 2, Y(-0.2), 0.05);
  assert.match(group(svg, "legend"), />Δχ² = 2\.3<[\s\S]*>Δχ² = 6\.18<[\s\S]*>best fit</);
});

test("plot.contour: bad input names plot.contour, what was given and what was expected", () => {
  assert.throws(() => plot.contour([0, 1], [0, 1, 2], np.ones([2, 2])), /plot\.contour: z must have shape \[y\.length, x\.length\] = \[3, 2\], got \[2,2\]/);
  assert.throws(() => plot.contour([0, 1], [0, 1], [[1, 2], [3]]), /plot\.contour: z must be a 2-D NDArray or list of rows of shape \[y\.length, x\.length\] = \[2, 2\]/);
  assert.throws(() => plot.contour([0], [0, 1], [[1], [2]]), /plot\.contour: x and y need at least 2 grid points each, got 1 and 2/);
  assert.throws(() => plot.contour([0, 1], [0, 1], [[1, 2], [3, 4]], { levels: 0 }), /plot\.contour: levels must be a count ≥ 1 or a list of values, got 0/);
  assert.throws(() => plot.contour([0, 1], [0, 1], [[1, 2], [3, 4]], { levels: [1, 2], labels: ["a"] }), /plot\.contour: labels must be 2 strings \(one per level\) or a function of the level, got \["a"\]/);
  assert.throws(() => plot.contour([0, 1], [0, 1], [[1, 2], [3, 4]], { levels: [1], color: 3 as never }), /plot\.contour: color must be a CSS colour or 1 of them/);
  assert.throws(() => plot.contour([0, 1], [0, 1], [[1, 2], [3, 4]], { level: [1] } as never), /plot\.contour.*level/);
});
