/** @file plot.subplots with shared axes, and plot.save to .svg and .png (headless Chromium when present). */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { plot } from "../src/index.js";
import { assertWellFormed, group } from "./plot_svg.js";

/** The nested panel SVGs of a figure. */
const panels = (svg: string) => [...svg.matchAll(/<svg x="[\d.]+" y="[\d.]+"[\s\S]*?<\/svg>/g)].map((m) => m[0]);
const labels = (svg: string, axis: "x" | "y") => [...group(svg, `${axis}-ticks`).matchAll(/<text class="tick-label"[^>]*>([^<]*)</g)].map((m) => m[1]);
const ticks = (svg: string, axis: "x" | "y") => (group(svg, `${axis}-ticks`).match(/class="tick"/g) ?? []).length;

test("plot.subplots: shared axes span the union of all panels' data; inner tick labels are dropped", () => {
  const svg = plot.subplots(
    [
      { series: [{ x: [0, 1, 2], y: [1, 2, 3] }], title: "a" },
      { series: [{ x: [0, 4], y: [10, 2] }], title: "b" },
      { series: [{ x: [-1, 2], y: [0.5, 1] }], title: "c" },
      { series: [{ x: [0, 1], y: [5, 6] }], title: "d" },
    ],
    { columns: 2, sharex: true, sharey: true, title: "four" },
  );
  assertWellFormed(svg);
  const ps = panels(svg);
  assert.equal(ps.length, 4);
  assert.match(svg, /class="title"[^>]*>four</);
  // the y range of every panel covers 0.5 … 10: the same ticks everywhere, labelled only in the first column
  assert.deepEqual(labels(ps[0], "y"), ["0", "2", "4", "6", "8", "10"]);
  assert.deepEqual(labels(ps[2], "y"), ["0", "2", "4", "6", "8", "10"]);
  assert.deepEqual(labels(ps[1], "y"), []);
  assert.deepEqual(labels(ps[3], "y"), []);
  assert.equal(ticks(ps[1], "y"), 6, "unlabelled panels keep their tick marks");
  // the x range −1 … 4 everywhere, labelled only on the bottom row
  assert.deepEqual(labels(ps[2], "x"), ["\u22121", "0", "1", "2", "3", "4"]);
  assert.deepEqual(labels(ps[3], "x"), labels(ps[2], "x"));
  assert.deepEqual(labels(ps[0], "x"), []);
  assert.equal(ticks(ps[0], "x"), 6);
  // the panels sit in a 2 × 2 grid
  assert.deepEqual([...svg.matchAll(/<svg x="([\d.]+)" y="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]), [[0, 32], [480, 32], [0, 352], [480, 352]]);
});

test("plot.subplots: unshared panels keep their own ranges; one shared axis; a short last row keeps its labels", () => {
  const p = [{ series: [{ y: [0, 1] }] }, { series: [{ y: [0, 100] }] }, { series: [{ x: [0, 9], y: [0, 1] }] }];
  const own = panels(plot.subplots(p, { columns: 2 }));
  assert.notDeepEqual(labels(own[0], "y"), labels(own[1], "y"));
  const sx = panels(plot.subplots(p, { columns: 2, sharex: true }));
  assert.notDeepEqual(labels(sx[0], "y"), labels(sx[1], "y"), "y is not shared");
  assert.deepEqual(labels(sx[0], "x"), [], "a panel above another drops its x labels");
  assert.ok(labels(sx[1], "x").length > 0, "nothing under panel 1: its x labels stay");
  assert.equal(labels(sx[1], "x").at(-1), "8", "x from 0 to 9 (tight), ticks every 2");
  // a log panel and a linear panel cannot share
  assert.throws(() => plot.subplots([{ series: [{ y: [1, 2] }], logY: true }, { series: [{ y: [1, 2] }] }], { sharey: true }), /plot\.subplots: sharey needs every panel on the same y scale, but panels 0 are log/);
  assert.throws(() => plot.subplots([{ series: [{ x: [1], y: [1, 2] }] }]), /plot\.subplots: panel 0: series\[0\] has 1 x values but 2 y values/);
  assert.throws(() => plot.subplots([]), /plot\.subplots: expected a non-empty array/);
  assert.throws(() => plot.subplots(p, { columns: 0 }), /plot\.subplots: columns must be an integer ≥ 1, got 0/);
  assert.throws(() => plot.subplots(p, { sharez: true } as never), /plot\.subplots.*sharez/);
});

const chromium = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && fs.existsSync(p));

test("plot.save: .svg gets the SVG text and returns the path", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "adjoint-plot-"));
  try {
    const svg = plot.linePlot({ series: [{ y: [1, 2] }] });
    assert.equal(await plot.save(path.join(dir, "p.svg"), svg), path.join(dir, "p.svg"));
    assert.equal(fs.readFileSync(path.join(dir, "p.svg"), "utf8"), svg + "\n");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("plot.save: .png is rasterised by headless Chromium at the SVG's size", { skip: chromium ? false : "Chromium not installed (apt-get install chromium, or set CHROMIUM): PNG output not tested", timeout: 90_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "adjoint-plot-"));
  try {
    const svg = plot.heatmap([[1, 2], [3, 4]], { width: 300, height: 200 });
    const file = path.join(dir, "h.png");
    assert.equal(await plot.save(file, svg), file);
    const png = fs.readFileSync(file);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
    assert.equal(png.subarray(12, 16).toString("latin1"), "IHDR");
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [300, 200], "width × height");
    assert.ok(png.length > 1000, `a nearly empty PNG (${png.length} bytes)`);
    assert.ok(!fs.existsSync(path.join(dir, "h.svg")));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("plot.save: without Chromium a .png request writes the SVG next to it, with a warning", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "adjoint-plot-"));
  const saved = process.env.CHROMIUM;
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on("warning", onWarning);
  try {
    process.env.CHROMIUM = "none"; // as if no Chromium were installed
    const svg = plot.linePlot({ series: [{ y: [1, 2] }] });
    const written = await plot.save(path.join(dir, "f.png"), svg);
    assert.equal(written, path.join(dir, "f.svg"));
    assert.equal(fs.readFileSync(written, "utf8"), svg + "\n");
    await new Promise((r) => setImmediate(r));
    assert.ok(warnings.some((w) => /plot\.save: no Chromium found to write .*f\.png.*wrote the SVG to .*f\.svg/.test(w)), `warnings: ${warnings}`);
  } finally {
    process.off("warning", onWarning);
    if (saved !== undefined) process.env.CHROMIUM = saved;
    else delete process.env.CHROMIUM;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
