/**
 * @file The data examples (iris, mnist) run at reduced size (as CI does) on the backend under test:
 * each exits 0, prints its table and verdict with the claimed figures (checked against reference
 * values computed offline), and writes its SVGs to the `--out` directory.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertSvg, runExample } from "./example_runner.js";
import { jit, lax, nn, np } from "../src/index.js";

const run = runExample;

/** The value in the row `label` of a two-column table. */
function cell(out: string, label: string): string {
  const m = new RegExp(`^\\s+${label.replace(/[()‖∇]/g, "\\$&")}\\s{2,}(.+?)\\s*$`, "m").exec(out);
  assert.ok(m, `no row "${label}" in the output:\n${out}`);
  return m[1];
}

test("examples/iris.ts: L-BFGS converges to scipy's optimum, ≥ 95 % test accuracy, table, confusion matrix, loss SVG", () => {
  const r = run("iris", ["iris"]);
  assert.equal(r.status, 0, `iris exited with ${r.status}\nstdout:\n${r.out}\nstderr:\n${r.err}`);
  // scipy.optimize.minimize(method="L-BFGS-B", gtol=1e-12) on the same split and objective: 0.09829387793658018
  assert.equal(Number(cell(r.out, "final loss (train, with L2)")), 0.0982939);
  const iterations = Number(cell(r.out, "iterations"));
  assert.ok(iterations >= 10 && iterations <= 60, `iterations ${iterations}`);
  assert.ok(Number(cell(r.out, "‖∇f‖ at the last iterate")) < 1e-6);
  const acc = Number(/^\s+test accuracy\s+([\d.]+) %$/m.exec(r.out)?.[1]);
  assert.ok(acc >= 95, `test accuracy ${acc} %`);
  // the confusion matrix has 10 flowers per class (stratified 30) and its diagonal is the per-class count correct
  const rows = ["setosa", "versicolor", "virginica"].map((c) => {
    const m = new RegExp(`^\\s+${c}\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$`, "m").exec(r.out);
    assert.ok(m, `no confusion row for ${c}:\n${r.out}`);
    return m.slice(1).map(Number);
  });
  rows.forEach((row) => assert.equal(row.reduce((s, v) => s + v, 0), 10));
  assert.equal((rows[0][0] + rows[1][1] + rows[2][2]) / 30, acc / 100);
  assert.match(r.out, /PASS {2}test accuracy/);
  assert.match(r.out, /iris: all claims hold/);
  const svg = assertSvg(r.svg.iris, "iris");
  assert.match(svg, /data-label="loss"/);
});

test("examples/iris.ts: a bad argument prints the usage and exits with code 2", () => {
  const r = run("iris", [], ["--epochs", "3"]);
  assert.equal(r.status, 2);
  assert.match(r.err, /iris: unknown or incomplete argument "--epochs"\nusage: npx tsx examples\/iris\.ts \[--full\]/);
});

test("nn.softmaxCrossEntropy: closed-over concrete labels are range-checked, also inside jit and lax.cond (regression)", () => {
  const labels = np.array([0, 2, 1], { dtype: "int32" });
  const logits = np.array([[2, 0, 0], [0, 0, 3], [0, 1, 0]], { dtype: "float64" });
  // −log softmax at the label: each row has its label's logit on top
  const want = [2 - Math.log(Math.exp(2) + 2), 3 - Math.log(Math.exp(3) + 2), 1 - Math.log(Math.E + 2)].map((v) => -v);
  const f = jit((z: any) => lax.cond(np.array(true), (zz: any) => nn.softmaxCrossEntropy(zz, labels), (zz: any) => np.zeros([3], { dtype: "float64" }), z));
  const got = Array.from(f(logits).data() as Float64Array);
  got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-12, `${got} vs ${want}`));
  assert.throws(() => nn.softmaxCrossEntropy(logits, np.array([0, 3, 1], { dtype: "int32" })), /softmaxCrossEntropy: labels must be class ids in \[0, 3\), got labels from 0 to 3/);
});

test("examples/mnist.ts (reduced: 1,000 digits): MLP and CNN above their floors, table, memory flat, both SVGs", () => {
  const r = run("mnist", ["mnist", "mnist-errors"]);
  assert.equal(r.status, 0, `mnist exited with ${r.status}\nstdout:\n${r.out}\nstderr:\n${r.err}`);
  // the table: model, params, epochs, steps, final loss, test accuracy, train s, s/epoch, steps/s
  const row = (model: string) => {
    const m = new RegExp(`^\\s+${model}\\S*\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)\\s+([\\d.]+) %\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)$`, "m").exec(r.out);
    assert.ok(m, `no "${model}" row in mnist's table:\n${r.out}`);
    const [params, epochs, steps, loss, acc, , , rate] = m.slice(1).map(Number);
    return { params, epochs, steps, loss, acc, rate };
  };
  const mlp = row("MLP 784-256-128-10"), cnn = row("CNN conv8-pool-conv16-pool-dense10");
  // 784·256 + 256 + 256·128 + 128 + 128·10 + 10; conv 3·3·1·8 + 8, 3·3·8·16 + 16, dense 7·7·16·10 + 10
  assert.equal(mlp.params, 235146);
  assert.equal(cnn.params, 80 + 1168 + 7850);
  assert.equal(mlp.steps, mlp.epochs * 10); // 1,000 digits in batches of 100
  assert.equal(cnn.steps, cnn.epochs * 10);
  // floors below the measured 88.3–88.7 % (MLP) and 84.9–88.6 % (CNN) over seeds 0–2
  assert.ok(mlp.acc >= 85, `MLP ${mlp.acc} %`);
  assert.ok(cnn.acc >= 80, `CNN ${cnn.acc} %`);
  assert.ok(mlp.loss < 0.2 && cnn.loss < 1, `final losses ${mlp.loss}, ${cnn.loss}`);
  assert.ok(mlp.rate > 0 && cnn.rate > 0);
  assert.match(r.out, /PASS {2}MLP: memory flat after the first epoch/);
  assert.match(r.out, /PASS {2}CNN: memory flat after the first epoch/);
  // the confusion matrix: rows sum to the test digits of each class, 2,000 in all
  const cm = [...r.out.matchAll(/^\s+(\d)((?:\s+\d+){10})$/gm)].map((m) => m[2].trim().split(/\s+/).map(Number));
  assert.equal(cm.length, 10, `no 10-row confusion matrix:\n${r.out}`);
  assert.equal(cm.flat().reduce((s, v) => s + v, 0), 2000);
  assert.ok(Math.abs(cm.reduce((s, row, k) => s + row[k], 0) / 20 - cnn.acc) <= 0.05 + 1e-9, "the diagonal is the printed accuracy");
  assert.match(r.out, /mnist: all claims hold/);
  const loss = assertSvg(r.svg.mnist, "mnist");
  for (const l of ["MLP", "CNN"]) assert.match(loss, new RegExp(`data-label="${l}"`));
  const errors = assertSvg(r.svg["mnist-errors"], "mnist-errors");
  const shown = (errors.match(/<g class="image"/g) ?? []).length;
  assert.equal(shown, Math.min(24, Math.round((2000 * (100 - cnn.acc)) / 100)));
  assert.match(errors, /<text[^>]*>\d → \d<\/text>/);
});
