/**
 * @file Static types of issue 11's layers, initializers and losses, checked by `tsc -p test/types`:
 * parameter and state types of each layer, and misspelled options that must be compile errors.
 */
import { NDArray, nn, np, random } from "../../src/index.js";

type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
const check = <T extends true>() => {};
const key = random.key(0);
const x = np.ones([4, 3]);

const d = nn.dense(2);
const dp = d.init(key, [4, 3]);
check<Equal<typeof dp, nn.DenseParams>>();
check<Equal<ReturnType<typeof d.apply>, NDArray>>();
const bn = nn.batchNorm();
const st = bn.initState([4, 3]);
check<Equal<typeof st, nn.BatchNormState>>();
check<Equal<ReturnType<typeof bn.applyWithState>, [NDArray, nn.BatchNormState]>>();
check<Equal<ReturnType<typeof nn.dense>, nn.Layer<nn.DenseParams>>>();
check<Equal<ReturnType<ReturnType<typeof nn.embedding>["attend"]>, NDArray>>();
check<Equal<ReturnType<typeof nn.initializers.heNormal>, nn.Initializer>>();
check<Equal<ReturnType<typeof nn.softmaxCrossEntropy>, NDArray>>();
nn.sequential(nn.dense(4), nn.relu, (h: NDArray) => np.tanh(h), nn.dropout(0.1));
nn.initializers.varianceScaling(2, "fanIn", "truncatedNormal", { inAxis: -2, batchAxis: [0] });
nn.softmaxCrossEntropy(x, np.zeros([4], "int32"), { labelSmoothing: 0.1, axis: -1 });

// @ts-expect-error -- Flax's snake_case option is use_bias; ours is useBias
nn.dense(2, { use_bias: false });
// @ts-expect-error -- the modes are camelCase ("fanIn")
nn.initializers.varianceScaling(1, "fan_in", "normal");
// @ts-expect-error -- labelSmoothing, not smoothing
nn.softmaxCrossEntropy(x, x, { smoothing: 0.1 });
// @ts-expect-error -- applyWithState takes no state option (the state is its second argument)
bn.applyWithState(bn.init(key, [4, 3]), st, x, { state: st });
// @ts-expect-error -- a layer's params are typed: dense has no `weights`
d.apply({ weights: x }, x);
