/** @file The SVG writer: well-formed output, one path per series, ticks, log axes, gaps, grids, save. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { np, plot } from "../src/index.js";

/** Check that tags nest and close properly, attributes are quoted and `&` only starts entities. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  const tagRe = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tagRe.exec(svg))) {
    const between = svg.slice(last, m.index);
    assert.ok(!between.includes("<") && !between.includes(">"), `stray angle bracket or malformed tag near: ${between.slice(0, 80)}`);
    last = tagRe.lastIndex;
    const [, close, name, , selfClose] = m;
    if (close) assert.equal(stack.pop(), name, `closing </${name}> does not match`);
    else if (!selfClose) stack.push(name);
  }
  assert.ok(!svg.slice(last).includes("<"), "unparsed tag at the end");
  assert.deepEqual(stack, [], "unclosed tags");
  assert.ok(!/&(?!(amp|lt|gt|quot|#\d+);)/.test(svg), "unescaped &");
  assert.match(svg.trim(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>[\s\S]*<\/svg>$/);
}

const seriesPaths = (svg: string) => [...svg.matchAll(/<path class="series" d="([^"]*)"/g)].map((m) => m[1]);
const tickLabels = (svg: string, axis: "x" | "y") => {
  const group = new RegExp(`<g class="${axis}-ticks"[^>]*>([\\s\\S]*?)</g>`).exec(svg)![1];
  return [...group.matchAll(/<text class="tick-label"[^>]*>(.*?)<\/text>/g)].map((m) => m[1]);
};
const moves = (d: string) => (d.match(/M/g) ?? []).length;

test("plot: a line plot is well-formed SVG with one path per series, a legend and labels", () => {
  const xs = np.linspace(0, 6, 31);
  const svg = plot.linePlot({
    title: "waves <&> more",
    xlabel: "x",
    ylabel: "y",
    series: [
      { x: xs, y: np.sin(xs), label: "sin" },
      { x: xs, y: np.cos(xs), label: "cos", dashed: true },
      { x: [0, 3, 6], y: [0, 0.5, 1] },
    ],
  });
  assertWellFormed(svg);
  const paths = seriesPaths(svg);
  assert.equal(paths.length, 3);
  assert.equal(moves(paths[0]), 1);
  assert.equal((paths[0].match(/L/g) ?? []).length, 30);
  // distinct colours
  const colours = [...svg.matchAll(/<path class="series"[^>]*stroke="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(colours).size, 3);
  assert.ok(svg.includes("waves &lt;&amp;&gt; more"));
  assert.match(svg, /<g class="legend">[\s\S]*>sin<[\s\S]*>cos</);
  assert.ok(!/<g class="legend">[\s\S]*series 3/.test(svg));
  assert.match(svg, /stroke-dasharray/);
  assert.match(svg, /class="xlabel"[^>]*>x</);
  assert.match(svg, /class="ylabel"[^>]*>y</);
  assert.match(svg, /width="480" height="320"/);
});

test("plot: linear ticks are round 1-2-5 values covering the data", () => {
  const svg = plot.linePlot({ series: [{ x: [0, 10], y: [-0.37, 0.93] }], width: 400, height: 300 });
  const ys = tickLabels(svg, "y").map((s) => Number(s.replace("\u2212", "-")));
  assert.ok(ys.length >= 3, `few y ticks: ${ys}`);
  const step = ys[1] - ys[0];
  const mant = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
  assert.ok([1, 2, 5].some((k) => Math.abs(mant - k) < 1e-9), `step ${step} is not 1, 2 or 5 × 10^k`);
  assert.ok(ys[0] <= -0.37 && ys[ys.length - 1] >= 0.93, `ticks ${ys} do not cover the data`);
  ys.forEach((v, i) => i && assert.ok(Math.abs(v - ys[i - 1] - step) < 1e-9));
  const xs = tickLabels(svg, "x");
  assert.deepEqual(xs, ["0", "2", "4", "6", "8", "10"]);
});

test("plot: log axes put ticks at powers of ten and skip non-positive values", () => {
  const h = [1e-1, 1e-3, 1e-5, 1e-7, 1e-9];
  const svg = plot.linePlot({ logX: true, logY: true, series: [{ x: h, y: [1e-2, 1e-6, 0, 1e-10, 1e-8], label: "err" }] });
  assertWellFormed(svg);
  const xl = tickLabels(svg, "x");
  assert.ok(xl.length >= 3);
  for (const l of xl) assert.match(l, /^10<tspan[^>]*>(\u2212)?\d+<\/tspan>$/);
  const yl = tickLabels(svg, "y");
  assert.ok(yl.some((l) => l.includes(">\u221210<")), `no 10^-10 tick in ${yl}`);
  // the zero splits the line into two pieces
  assert.equal(moves(seriesPaths(svg)[0]), 2);
  // small decade ranges are labelled plainly
  const plain = plot.linePlot({ logY: true, series: [{ y: [0.01, 1, 100] }] });
  assert.deepEqual(tickLabels(plain, "y"), ["0.01", "0.1", "1", "10", "100"]);
});

test("plot: NaN and ±Infinity leave gaps, and do not stretch the axes", () => {
  const y = [0, 1, NaN, 2, 3, Infinity, 4, -Infinity, 5];
  const svg = plot.linePlot({ series: [{ y: new Float64Array(y) }] });
  assertWellFormed(svg);
  const [d] = seriesPaths(svg);
  assert.equal(moves(d), 4);
  assert.ok(!/NaN|Infinity/.test(d));
  const ys = tickLabels(svg, "y").map(Number);
  assert.ok(Math.max(...ys) <= 6 && Math.min(...ys) >= 0, `axis stretched: ${ys}`);
  // a series with nothing finite draws an empty path and a default frame
  const empty = plot.linePlot({ series: [{ y: [NaN, NaN] }] });
  assertWellFormed(empty);
  assert.deepEqual(seriesPaths(empty), [""]);
});

test("plot: NDArray inputs of float32/int dtypes, constant data and fixed limits", () => {
  const svg = plot.linePlot({ series: [{ x: np.arange(0, 4), y: np.full([4], 2, { dtype: "int32" }) }], ylim: [0, 5], xlim: [0, 3] });
  assertWellFormed(svg);
  assert.equal(moves(seriesPaths(svg)[0]), 1);
  assert.deepEqual(tickLabels(svg, "y"), ["0", "1", "2", "3", "4", "5"]);
  const flat = plot.linePlot({ series: [{ y: [3, 3, 3] }] });
  assert.ok(tickLabels(flat, "y").length >= 2);
});

test("plot: bad input gives clear errors", () => {
  assert.throws(() => plot.linePlot({ series: [{ x: [1, 2, 3], y: [1, 2] }] }), /series\[0\] has 3 x values but 2 y values/);
  assert.throws(() => plot.linePlot({ series: [{ y: "abc" as any }] }), /series\[0\]\.y must be an NDArray or a list of numbers/);
  assert.throws(() => plot.linePlot({ series: [{ y: [1, 2] }], logY: true, ylim: [0, 1] }), /ylim must be positive/);
  assert.throws(() => plot.grid([]), /non-empty/);
  assert.throws(() => plot.grid(["<g/>"]), /plot 0 is not an SVG/);
});

test("plot: grid lays plots out in columns inside one SVG", () => {
  const a = plot.linePlot({ series: [{ y: [1, 2, 3] }], width: 300, height: 200 });
  const b = plot.linePlot({ series: [{ y: [3, 2, 1] }], width: 300, height: 200 });
  const c = plot.linePlot({ series: [{ y: [1, 3, 2] }], width: 300, height: 250 });
  const svg = plot.grid([a, b, c], { columns: 2, title: "three" });
  assertWellFormed(svg);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="600" height="482"/);
  assert.equal((svg.match(/<svg\b/g) ?? []).length, 4);
  assert.match(svg, /<svg x="300" y="32"/);
  assert.match(svg, /<svg x="0" y="232"/);
  assert.equal(seriesPaths(svg).length, 3);
  // clip-path ids stay unique when plots are combined
  const ids = [...svg.matchAll(/<clipPath id="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, 3);
});

test("plot: save writes the SVG to a file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "adjoint-plot-"));
  try {
    const file = join(dir, "p.svg");
    const svg = plot.linePlot({ series: [{ y: [1, 2] }] });
    await plot.save(file, svg);
    assert.equal(readFileSync(file, "utf8"), svg + "\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
