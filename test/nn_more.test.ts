/** @file nn additions of issue 10: softSign … selu, glu, standardize, logsumexp `where`, dotProductAttention (values vs NumPy, derivatives, jit, vmap). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, checkGrads, grad, jit, nn, np, vmap } from "../src/index.js";
import { close } from "./util.js";

const f64 = (v: number[] | number[][]) => np.array(v, { dtype: "float64" });
const X = [-3, -1.5, -0.2, 0, 0.7, 2.5];

// references computed offline with NumPy 1.24 (float64)
test("nn elementwise additions: values against NumPy", () => {
  close(nn.softSign(f64(X)), [-0.75, -0.6, -0.16666666666666669, 0.0, 0.4117647058823529, 0.7142857142857143]);
  close(nn.hardTanh(f64(X)), [-1, -1, -0.2, 0, 0.7, 1]);
  close(nn.hardSigmoid(f64(X)), [0.0, 0.25, 0.4666666666666666, 0.5, 0.6166666666666667, 0.9166666666666666]);
  close(nn.hardSwish(f64(X)), [-0.0, -0.375, -0.09333333333333332, 0.0, 0.43166666666666664, 2.2916666666666665]);
  close(nn.hardSilu(f64(X)), nn.hardSwish(f64(X)).toArray() as number[]);
  close(nn.celu(f64(X), 0.7), [-0.6903653492868648, -0.6178765837340244, -0.17396589484729985, 0.0, 0.7, 2.5]);
  close(nn.selu(f64(X)), [-1.6705687287671118, -1.3658143533672527, -0.31868934352950046, 0.0, 0.7354906911488363, 2.626752468388701]);
  close(nn.log1mexp(f64([1e-10, 0.1, 0.5, Math.LN2, 1, 5, 40])),
    [-23.025850929990455, -2.3521684610440907, -0.9327521295671886, -0.6931471805599453, -0.458675145387082, -0.006760749449488557, -4.248354255291589e-18]);
  close(nn.log1mexp(f64([0, -1])), [-Infinity, NaN]);
  // dtypes: ints become the default float, float64 stays
  assert.equal(nn.softSign(np.array([1, 2], { dtype: "int32" })).dtype, "float32");
  assert.equal(nn.selu(f64([1])).dtype, "float64");
  assert.equal(nn.hardTanh(np.array(2)).shape.length, 0);
  assert.deepEqual(nn.celu(np.zeros([0, 3])).shape, [0, 3]);
});

test("nn elementwise additions: derivatives (checkGrads) and JAX's values at the kinks", () => {
  const pts = f64([-2.3, -0.4, 0.3, 1.7]);
  for (const f of [nn.softSign, nn.selu, (x: NDArray) => nn.celu(x, 0.6), nn.hardSwish, nn.hardSigmoid, nn.hardTanh]) checkGrads(f, [pts], { order: 2 });
  checkGrads(nn.log1mexp, [f64([0.3, 0.5, 0.9, 3, 20])], { order: 2 });
  // d log1mexp = 1/expm1(x), finite on both sides of log 2 (no NaN from the other branch)
  const g = vmap(grad((x: NDArray) => nn.log1mexp(x)))(f64([0.1, Math.LN2, 2]));
  close(g, [0.1, Math.LN2, 2].map((x) => 1 / Math.expm1(x)), 1e-12);
  // hardTanh: slope 1 on the closed interval [−1, 1] (as JAX's where(x > 1, …, where(x < −1, …, x)))
  close(vmap(grad((x: NDArray) => nn.hardTanh(x)))(f64([-1, 1, 1.5])), [1, 1, 0]);
  // celu at 0: derivative 1
  close(grad((x: NDArray) => nn.celu(x, 2))(f64([0]).reshape([])), [1]);
});

test("nn.glu: halves along an axis", () => {
  const g = np.array(Array.from({ length: 12 }, (_, i) => i / 5 - 1), { dtype: "float64" }).reshape([3, 4]);
  close(nn.glu(g), [[-0.35434369377420455, -0.3210498719100384], [-0.10996679946249555, 0.0], [0.438635147178003, 0.6148198267992142]]);
  const g2 = np.array(Array.from({ length: 8 }, (_, i) => i / 3 - 1), { dtype: "float64" }).reshape([4, 2]);
  close(nn.glu(g2, 0), [[-0.5825702064623146, -0.4405042458438782], [-0.24368619287666832, 0.0]]);
  close(nn.glu(g2, -2), nn.glu(g2, 0).toArray() as number[][]);
  assert.throws(() => nn.glu(np.zeros([3])), /nn\.glu: the size of axis -1 must be even, got shape \[3\]/);
  assert.throws(() => nn.glu(np.zeros([2]), 1), /glu/);
  assert.throws(() => nn.glu(np.zeros([2]), { axis: 0 } as never), /nn\.glu: argument axis must not be an options object/);
  checkGrads((x: NDArray) => nn.glu(x, 0), [g2], { order: 2 });
});

test("nn.standardize: axis, where, given mean/variance, epsilon", () => {
  const s = f64([[1, 2, 4, 7], [0, -1, 3, 3]]);
  close(nn.standardize(s), [[-1.0910884120486357, -0.6546530472291815, 0.21821768240972714, 1.52752377686809], [-0.7001389437576996, -1.2602500987638592, 0.9801945212607794, 0.9801945212607794]], 1e-12);
  const w = np.array([[true, true, false, true], [true, false, true, true]]);
  close(nn.standardize(s, { where: w }), [[-0.8890002437594553, -0.5080001392911173, 0.2540000696455586, 1.3970003830505726], [-1.4142100268524473, -2.1213150402786707, 0.7071050134262237, 0.7071050134262237]], 1e-12);
  const want0 = [[0.8451542547285166, 0.9784921095801632, 0.8451542547285166, 0.9877295966495897], [-0.8451542547285166, -0.9784921095801632, -0.8451542547285166, -0.9877295966495897]];
  close(nn.standardize(s, { axis: 0, epsilon: 0.1 }), want0, 1e-12);
  close(nn.standardize(s, 0), nn.standardize(s, { axis: 0 }).toArray() as number[][]); // JAX's positional axis
  close(nn.standardize(s, { mean: 1, variance: f64([4, 1, 1, 0.25]), epsilon: 0 }), [[0, 1, 3, 12], [-0.5, -2, 2, 4]]);
  close(nn.standardize(f64([1, 2, 3]), { axis: null, epsilon: 0 }), [-Math.sqrt(1.5), 0, Math.sqrt(1.5)], 1e-12);
  assert.throws(() => nn.standardize(s, { eps: 1 } as never), /nn\.standardize: unknown option "eps"/);
  assert.throws(() => nn.standardize(s, { where: [true, false] }), /nn\.standardize: shapes \[2,4\], \[2\] cannot be broadcast/);
  checkGrads((x: NDArray) => nn.standardize(x, { where: w }), [s], { order: 2 });
});

test("nn.logsumexp / logSumExp: where", () => {
  const s = f64([[1, 2, 4, 7], [0, -1, 3, 3]]);
  const w = np.array([[true, true, false, true], [true, false, true, true]]);
  close(nn.logsumexp(s, { axis: 1, where: w }), [7.0091744845917345, 3.7177359186667025], 1e-13);
  close(nn.logSumExp(s, { axis: 1, where: w, keepdims: true }), [[7.0091744845917345], [3.7177359186667025]], 1e-13);
  close(nn.logsumexp(s, 1), [7.0573286242556375, 3.726631620430614], 1e-13); // positional axis, as JAX
  // nothing selected: −∞ and a zero gradient
  const none = np.array([false, false]);
  close(nn.logsumexp(f64([1, 2]), { where: none }), [-Infinity]);
  close(grad((x: NDArray) => nn.logsumexp(x, { where: none }))(f64([1, 2])), [0, 0]);
  // gradient = softmax over the selected entries, 0 elsewhere
  const gs = grad((x: NDArray) => nn.logsumexp(x, { where: np.array([true, false, true]) }))(f64([0, 9, 0]));
  close(gs, [0.5, 0, 0.5]);
  checkGrads((x: NDArray) => nn.logsumexp(x, { axis: 1, where: w }), [s], { order: 2 });
  assert.throws(() => nn.logsumexp(s, { where: np.array([1, 0]) }), /where must be a bool array/);
});

/** Deterministic test inputs: sin(c + Σᵢ idxᵢ·(0.37 + 0.21 i + 0.05 c)), as the NumPy reference script builds them. */
function arr(shape: number[], c: number): NDArray {
  const n = shape.reduce((a, b) => a * b, 1), out: number[] = [];
  for (let f = 0; f < n; f++) {
    let z = c, r = f;
    for (let i = shape.length - 1; i >= 0; i--) {
      z += (r % shape[i]) * (0.37 + 0.21 * i + 0.05 * c);
      r = Math.floor(r / shape[i]);
    }
    out.push(Math.sin(z));
  }
  return np.array(out, { dtype: "float64" }).reshape(shape);
}

// computed offline by a per-(b, n, t) NumPy loop: softmax(scale q·k + bias, masked with −0.7·finfo.max) · v
const ATT = {
  plain: [[[[-0.345071655300293, -0.73425701827353, -0.254797885391279], [-0.37178412908453, -0.759109306888242, -0.248389107159718], [-0.754615262402037, -0.400863321110128, 0.427119998032836], [-0.735580561641225, -0.210640876156045, 0.563492256748066]], [[-0.35085789943985, -0.760809863628631, -0.270704648946319], [-0.47518353101666, -0.722423210602945, -0.115018086052368], [-0.746357411091419, -0.271896375037331, 0.524224902242062], [-0.675828518133141, -0.002632390428543, 0.673677921274014]], [[-0.435493910351087, -0.740173291801468, -0.169209077206482], [-0.602177807863257, -0.635812940516205, 0.082734605958266], [-0.699929232538882, -0.073239151345751, 0.640094685527375], [-0.593148173803964, 0.183055424864999, 0.742699857890095]]], [[[-0.620016900033883, -0.613400826796064, 0.118883832085583], [-0.647882620654461, -0.632413828266039, 0.131216408078167], [-0.70276824589943, -0.025308886303833, 0.682091521503668], [-0.594414055965824, 0.163744474289605, 0.728189178488788]], [[-0.635703901617721, -0.644464020111929, 0.109192984982846], [-0.69534213206769, -0.537995237138412, 0.255813536814619], [-0.632606115019852, 0.104765598864403, 0.718196977765485], [-0.448962027591518, 0.353431463673002, 0.737706655838972]], [[-0.678830303713032, -0.57864309624832, 0.20609342856951], [-0.733098747862216, -0.373420008391006, 0.42802398065705], [-0.500987441122162, 0.290771948282255, 0.7385408191916], [-0.297429991237387, 0.510204536315385, 0.714254281971306]]]],
  causalBias: [[[[0.141120008059867, -0.845983701075446, -0.832267442223901], [0.141120008059867, -0.845983701075446, -0.832267442223901], [-0.716245569123971, -0.929548106410525, -0.043171885208729], [-0.716245569123971, -0.929548106410525, -0.043171885208729]], [[-0.287946419625327, -0.932272206919895, -0.473696556398941], [-0.388853122714082, -0.952565308587608, -0.389368807645877], [-0.907491911305169, -0.603149692633992, 0.414733762476918], [-0.882672501538151, -0.645508756271136, 0.355308061703128]], [[-0.571436311942085, -0.837970129475537, -0.113164235511572], [-0.50954406718723, -0.863442774527057, -0.195866991445718], [-0.84768861085653, -0.550103175294444, 0.398268134259977], [-0.817909175820397, -0.528549414716019, 0.386097580224065]]], [[[-0.369440958544477, -0.999101721687185, -0.44680005240543], [-0.369440958544477, -0.999101721687185, -0.44680005240543], [-0.968318614166707, -0.623479545278686, 0.45895148637769], [-0.968318614166707, -0.623479545278686, 0.45895148637769]], [[-0.688926747229043, -0.86150919966913, -0.01490462931296], [-0.766098494739715, -0.828273745246406, 0.089419649645234], [-0.914320901040179, -0.165597596244081, 0.779031824427554], [-0.921229103005615, -0.224176761862571, 0.738082319487737]], [[-0.82095724871715, -0.608093351250668, 0.324160254975038], [-0.796377638842172, -0.667550196590223, 0.251005895908459], [-0.848452012853405, -0.142432981187225, 0.732087844888063], [-0.817756128847143, -0.134489777223696, 0.707881359000767]]]],
  maskWindow: [[[[-0.567582773822254, -0.599666310352181, 0.07767046082184], [-0.567582773822254, -0.599666310352181, 0.07767046082184], [-0.660174671753926, -0.068235571598549, 0.604427923714808], [-0.660174671753926, -0.068235571598549, 0.604427923714808]], [[-0.148049925850668, -0.904137963264856, -0.590608079789882], [-0.212188114635679, -0.917036638436637, -0.537007784628305], [-0.857985074583318, -0.687642566028644, 0.296198370503206], [-0.884477261258723, -0.642428589072517, 0.359629240656618]], [[-0.723240336252994, -0.838447905893788, 0.038249457466525], [-0.761734185995382, -0.804683347715364, 0.104328103134691], [-0.886012537261838, -0.091819269742268, 0.810998500220096], [-0.864629398953753, -0.024698764709274, 0.844451128575571]]], [[[-0.692786674573565, -0.344774086812858, 0.411114905762852], [-0.692786674573565, -0.344774086812858, 0.411114905762852], [-0.463255973161176, 0.28498891034772, 0.696084754497786], [-0.463255973161176, 0.28498891034772, 0.696084754497786]], [[-0.583831225314039, -0.906770549078841, -0.156977536810637], [-0.632109933349138, -0.885978421749255, -0.091712183008737], [-0.928358593471988, -0.284632377505357, 0.695821090512115], [-0.920701746351965, -0.219704959661549, 0.741208312908559]], [[-0.894989358228583, -0.772764487555987, 0.263660182372778], [-0.894989358228583, -0.772764487555987, 0.263660182372778], [-0.888095571982755, 0.056784132307078, 0.934486781760646], [-0.888095571982755, 0.056784132307078, 0.934486781760646]]]],
  lens: [[[[-0.267210951373634, -0.847679316862962, -0.425321758297931], [-0.314126409042806, -0.850222057047212, -0.380483655490153], [-0.821989416267976, -0.539702267621827, 0.381066219987543], [-0.839058125623992, -0.397077628174144, 0.514655677293578]], [[-0.291527552953994, -0.851101623761567, -0.403801095491434], [-0.413230401384114, -0.839335116133693, -0.272485305883205], [-0.835779800925544, -0.439310703790932, 0.476873990636392], [-0.841331226842919, -0.269078811259076, 0.621500596828177]], [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]], [[[-0.369440958544477, -0.999101721687185, -0.44680005240543], [-0.369440958544477, -0.999101721687185, -0.44680005240543], [-0.968318614166707, -0.623479545278686, 0.45895148637769], [-0.968318614166707, -0.623479545278686, 0.45895148637769]], [[-0.369440958544477, -0.999101721687185, -0.44680005240543], [-0.369440958544477, -0.999101721687185, -0.44680005240543], [-0.968318614166707, -0.623479545278686, 0.45895148637769], [-0.968318614166707, -0.623479545278686, 0.45895148637769]], [[-0.369440958544477, -0.999101721687185, -0.44680005240543], [-0.369440958544477, -0.999101721687185, -0.44680005240543], [-0.968318614166707, -0.623479545278686, 0.45895148637769], [-0.968318614166707, -0.623479545278686, 0.45895148637769]]]],
  unbatched: [[[0.141120008059867, -0.845983701075446, -0.832267442223901], [0.141120008059867, -0.845983701075446, -0.832267442223901], [-0.716245569123971, -0.929548106410525, -0.043171885208729], [-0.716245569123971, -0.929548106410525, -0.043171885208729]], [[-0.139153640585317, -0.902348852969616, -0.59804270688331], [-0.212996994402884, -0.917199310279541, -0.536331803670724], [-0.858033252651035, -0.68756034095337, 0.296313724392073], [-0.8884999726759, -0.635563063642476, 0.36926091390028]], [[-0.376248206280373, -0.84449527669095, -0.313683222548116], [-0.528054144805474, -0.815367478580177, -0.138080604605295], [-0.841827076731879, -0.309929381792387, 0.588622556685516], [-0.83548380510914, -0.178164370364137, 0.689927989695573]]],
};

test("nn.dotProductAttention: [B, T, N, H] with grouped key/value heads, bias, masks, lengths, windows", () => {
  const q = arr([2, 3, 4, 3], 1), k = arr([2, 4, 2, 3], 2), v = arr([2, 4, 2, 3], 3);
  close(nn.dotProductAttention(q, k, v), ATT.plain, 1e-13);
  close(nn.dotProductAttention(q, k, v, { bias: arr([1, 4, 3, 4], 4), isCausal: true }), ATT.causalBias, 1e-13);
  const mask = np.greater(arr([2, 1, 3, 4], 5), -0.3);
  // row t = 0 of the window [t − 1, t] is fully masked: uniform weights, as JAX
  close(nn.dotProductAttention(q, k, v, { mask, localWindowSize: [1, 0], scale: 0.5 }), ATT.maskWindow, 1e-13);
  // JAX's positional bias and mask
  close(nn.dotProductAttention(q, k, v, null, mask, { localWindowSize: [1, 0], scale: 0.5 }), ATT.maskWindow, 1e-13);
  close(nn.dotProductAttention(q, k, v, arr([1, 4, 3, 4], 4), null, { isCausal: true }), ATT.causalBias, 1e-13);
  close(nn.dotProductAttention(q, k, v, { querySeqLengths: [2, 3], keyValueSeqLengths: [3, 1] }), ATT.lens, 1e-13);
  const [q0, k0, v0] = [q, k, v].map((a) => a.get(0));
  const un = nn.dotProductAttention(q0, k0, v0, { isCausal: true });
  assert.deepEqual(un.shape, [3, 4, 3]);
  close(un, ATT.unbatched, 1e-13);
  // float32 inputs stay float32
  const r32 = nn.dotProductAttention(q.astype("float32"), k.astype("float32"), v.astype("float32"));
  assert.equal(r32.dtype, "float32");
  close(r32, ATT.plain, 1e-6);
});

test("nn.dotProductAttention: strict shapes and options", () => {
  const q = arr([1, 2, 4, 3], 1), k = arr([1, 5, 3, 3], 2);
  assert.throws(() => nn.dotProductAttention(q, k, k), /query heads \(4\) must be a multiple of the key\/value heads \(3\)/);
  assert.throws(() => nn.dotProductAttention(q, arr([1, 5, 2, 3], 2), arr([1, 5, 2, 2], 2)), /key and value must have the same shape/);
  assert.throws(() => nn.dotProductAttention(q, arr([1, 5, 2, 2], 2), arr([1, 5, 2, 2], 2)), /must agree on the batch and head dimensions/);
  const k2 = arr([1, 5, 2, 3], 2);
  assert.throws(() => nn.dotProductAttention(q, k2, k2, { mask: np.ones([2, 5]) }), /mask must be a bool array/);
  assert.throws(() => nn.dotProductAttention(q, k2, k2, { bias: np.ones([3, 5]) }), /nn\.dotProductAttention: shapes \[1,4,2,5\], \[3,5\] cannot be broadcast/);
  assert.throws(() => nn.dotProductAttention(q, k2, k2, { causal: true } as never), /nn\.dotProductAttention: unknown option "causal"/);
  assert.throws(() => nn.dotProductAttention(q, k2, k2, null, null, { bias: 1 } as never), /nn\.dotProductAttention: unknown option "bias"/);
  assert.throws(() => (nn as any).dotProductAttention(q, k2, k2, { isCausal: true }, null), /dotProductAttention: options must come last/);
  assert.throws(() => nn.dotProductAttention(q, k2, k2, { keyValueSeqLengths: [1, 2] }), /keyValueSeqLengths must have shape \[1\]/);
});

test("nn.dotProductAttention: derivatives, jit and vmap", () => {
  const q = arr([1, 3, 2, 2], 1), k = arr([1, 3, 1, 2], 2), v = arr([1, 3, 1, 2], 3), bias = arr([1, 1, 3, 3], 4);
  checkGrads((a: NDArray, b: NDArray, c: NDArray, d: NDArray) => nn.dotProductAttention(a, b, c, { bias: d, isCausal: true }), [q, k, v, bias], { order: 2 });
  const f = (a: NDArray, b: NDArray, c: NDArray) => nn.dotProductAttention(a, b, c, { isCausal: true, keyValueSeqLengths: [2] });
  close(jit(f)(q, k, v), f(q, k, v).toArray() as number[], 1e-13);
  // vmap over an extra leading axis = the batch dimension
  const Q = arr([2, 3, 4, 3], 1), K = arr([2, 4, 2, 3], 2), V = arr([2, 4, 2, 3], 3);
  close(vmap((a: NDArray, b: NDArray, c: NDArray) => nn.dotProductAttention(a, b, c))(Q, K, V), ATT.plain, 1e-13);
});

test("nn additions under jit and vmap", () => {
  const x = f64([[-2, -0.5, 0.5, 2], [0.1, 0.2, 3, -4]]);
  for (const f of [nn.softSign, nn.hardSwish, nn.selu, (a: NDArray) => nn.celu(a, 0.5), (a: NDArray) => nn.glu(a), (a: NDArray) => nn.standardize(a)]) {
    const want = f(x).toArray() as number[][];
    close(jit(f)(x), want, 1e-13);
    close(vmap(f)(x), want, 1e-13);
  }
  close(vmap((r: NDArray) => nn.logsumexp(r, { where: np.greater(r, 0) }))(x), [Math.log(Math.exp(0.5) + Math.exp(2)), Math.log(Math.exp(0.1) + Math.exp(0.2) + Math.exp(3))], 1e-13);
});

test("nn.squareplus, sparsePlus, sparseSigmoid, mish: values against NumPy, derivatives", () => {
  close(nn.squareplus(f64(X)), [0.30277563773199456, 0.5, 0.904987562112089, 1.0, 1.4094810050208544, 2.850781059358212]);
  close(nn.squareplus(f64(X), 0.5), [0.041103500742244004, 0.07915619758884995, 0.26742346141747675, 0.3535533905932738, 0.84749371855331, 2.549038105676658]);
  close(nn.sparsePlus(f64(X)), [0.0, 0.0, 0.16000000000000003, 0.25, 0.7224999999999999, 2.5]);
  close(nn.sparseSigmoid(f64(X)), [0.0, 0.0, 0.4, 0.5, 0.85, 1.0]);
  close(nn.mish(f64(X)), [-0.14564746127562458, -0.29809974216680674, -0.1071447808683571, 0.0, 0.5611483776438518, 2.471392304557881]);
  const pts = f64([-2.3, -0.4, 0.3, 1.7]);
  for (const f of [nn.squareplus, nn.sparsePlus, nn.sparseSigmoid, nn.mish]) checkGrads(f, [pts], { order: 2 });
  // sparsePlus′ = sparseSigmoid
  close(vmap(grad((x: NDArray) => nn.sparsePlus(x)))(f64(X)), nn.sparseSigmoid(f64(X)).toArray() as number[], 1e-14);
  assert.throws(() => nn.squareplus(f64(X), { b: 1 } as never), /nn\.squareplus: argument b must not be an options object/);
});

test("nn.softmax / logSoftmax: JAX's where", () => {
  const s = f64([[1, 2, 4, 7], [0, -1, 3, 3]]);
  const w = np.array([[true, true, false, true], [true, false, true, true]]);
  // NumPy: exp(x − lse) on the selected entries (lse from the logsumexp test), 0 / −∞ elsewhere
  const lse = [7.0091744845917345, 3.7177359186667025];
  const want = [[1, 2, 4, 7], [0, -1, 3, 3]].map((r, i) => r.map((v, j) => ((w.toArray() as boolean[][])[i][j] ? Math.exp(v - lse[i]) : 0)));
  close(nn.softmax(s, { where: w }), want, 1e-14);
  close(nn.softmax(s, -1, { where: w }), want, 1e-14);
  close(nn.logSoftmax(s, { axis: 1, where: w }), want.map((r) => r.map((v) => (v === 0 ? -Infinity : Math.log(v)))), 1e-14);
  close(nn.softmax(s, { axis: 0, where: w }), nn.softmax(s.T, { where: w.T }).T.toArray() as number[][], 1e-14);
  // nothing selected: zeros (−∞ for logSoftmax), zero gradients, no NaN
  const none = np.array([false, false, false]);
  close(nn.softmax(f64([1, 2, 3]), { where: none }), [0, 0, 0]);
  close(nn.logSoftmax(f64([1, 2, 3]), { where: none }), [-Infinity, -Infinity, -Infinity]);
  close(grad((x: NDArray) => np.sum(np.multiply(nn.softmax(x, { where: none }), f64([1, 2, 3]))))(f64([1, 2, 3])), [0, 0, 0]);
  // an unselected huge entry does not overflow the value or the gradient
  close(grad((x: NDArray) => nn.logSoftmax(x, { where: np.array([true, true, false]) }).get(0))(f64([0, 0, 1e308])), [0.5, -0.5, 0]);
  checkGrads((x: NDArray) => nn.softmax(x, { where: w }), [s], { order: 2 });
  checkGrads((x: NDArray) => np.where(w, nn.logSoftmax(x, -1, { where: w }), 0), [s], { order: 2 });
  close(jit((x: NDArray) => nn.softmax(x, { where: w }))(s), want, 1e-14);
  close(vmap((x: NDArray, m: NDArray) => nn.softmax(x, { where: m }))(s, w), want, 1e-14);
  close(nn.softmax(s, 0), nn.softmax(s, { axis: 0 }).toArray() as number[][]);
  assert.throws(() => nn.softmax(s, { axis: 0 }, { where: w }), /softmax: options \{ axis, where \} must come last/);
  assert.throws(() => nn.softmax(s, { mask: w } as never), /nn\.softmax: unknown option "mask"; expected one of: axis, where/);
});

test("nn.oneHot: JAX's axis", () => {
  const lab = np.array([[0, 2], [1, 5]], { dtype: "int32" });
  const last = nn.oneHot(lab, 3);
  assert.deepEqual(nn.oneHot(lab, 3, { axis: -1 }).toArray(), last.toArray());
  const a0 = nn.oneHot(lab, 3, { axis: 0, dtype: "int32" });
  assert.deepEqual(a0.shape, [3, 2, 2]);
  assert.equal(a0.dtype, "int32");
  assert.deepEqual(a0.toArray(), [[[1, 0], [0, 0]], [[0, 0], [1, 0]], [[0, 1], [0, 0]]]);
  assert.deepEqual(nn.oneHot(lab, 3, { axis: 1 }).shape, [2, 3, 2]);
  assert.deepEqual(nn.oneHot(lab, 3, { axis: -2 }).toArray(), nn.oneHot(lab, 3, { axis: 1 }).toArray());
  assert.throws(() => nn.oneHot(lab, 3, { axis: 3 }), /nn\.oneHot: axis 3 is out of bounds for an array of rank 3/);
});
