/** @file plot.imageGrid: layout, grey levels, captions and its argument checks. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, plot } from "../src/index.js";

test("plot.imageGrid: one black square per image, one rect per non-black pixel with its grey level, captions", () => {
  // two 2×3 images: 0 … 5 and 6 … 11, grey range [0, 10] (11 clips to white)
  const images = np.arange(12, { dtype: "float32" }).reshape([2, 2, 3]);
  const svg = plot.imageGrid(images, { columns: 1, captions: ["a", "b<c"], pixelSize: 2, range: [0, 10], title: "T" });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="(\d+)" height="(\d+)"/);
  // width: 1 column of 3·2 px + gaps 6 + 6 = 18; height: title 22 + 2 rows of (4 + caption 14 + gap 6) + 6 = 76
  assert.match(svg, /width="18" height="76"/);
  assert.equal((svg.match(/<g class="image"/g) ?? []).length, 2);
  assert.match(svg, /<g class="image" transform="translate\(6,28\)"><rect width="6" height="4" fill="black"\/>/);
  assert.match(svg, /<g class="image" transform="translate\(6,52\)">/);
  const greys = [...svg.matchAll(/fill="rgb\((\d+),\1,\1\)"/g)].map((m) => Number(m[1]));
  // pixel 0 is black (not drawn); 1 … 10 → round(25.5·v); 11 clips to 255
  assert.deepEqual(greys, [26, 51, 77, 102, 128, 153, 179, 204, 230, 255, 255]);
  assert.match(svg, /<rect x="2" y="0" width="2" height="2" fill="rgb\(26,26,26\)"\/>/); // pixel (0, 1) of image 0
  assert.match(svg, />a<\/text>/);
  assert.match(svg, />b&lt;c<\/text>/);
  assert.match(svg, />T<\/text>/);
});

test("plot.imageGrid: [n, h, w, 1] images, the default range is the data's, a constant image is black", () => {
  const a = plot.imageGrid(np.array([[[[0], [4]]], [[[2], [2]]]], { dtype: "float64" }));
  const greys = [...a.matchAll(/fill="rgb\((\d+),\1,\1\)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(greys, [255, 128, 128]);
  const b = plot.imageGrid(np.ones([1, 2, 2]));
  assert.equal((b.match(/fill="rgb/g) ?? []).length, 0);
});

test("plot.imageGrid: bad input names the function, what was given and what was expected", () => {
  assert.throws(() => plot.imageGrid(np.ones([2, 3])), /plot\.imageGrid: images must have shape \[n, h, w\] or \[n, h, w, 1\], got \[2,3\]/);
  assert.throws(() => plot.imageGrid(np.ones([1, 2, 2, 3])), /got \[1,2,2,3\]/);
  assert.throws(() => plot.imageGrid([[1]] as never), /plot\.imageGrid: images must be an array/);
  assert.throws(() => plot.imageGrid(np.ones([1, 2, 2]), { range: [1, 0] }), /plot\.imageGrid: range must be \[lo, hi\] with lo < hi/);
  assert.throws(() => plot.imageGrid(np.ones([1, 2, 2]), { captions: ["a", "b"] }), /at most 1 strings/);
  assert.throws(() => plot.imageGrid(np.ones([1, 2, 2]), { columns: 0 }), /columns must be an integer ≥ 1, got 0/);
  assert.throws(() => plot.imageGrid(np.array([[[NaN]]])), /non-finite pixels/);
  assert.throws(() => plot.imageGrid(np.ones([1, 2, 2]), { colour: 1 } as never), /plot\.imageGrid.*colour/);
});
