/**
 * @file special (issue 10, the rest of jax.scipy.special): gamma, gammasgn, beta, factorial, poch,
 * multigammaln, entr, relEntr, klDiv, bernoulli, softmax/logSoftmax, i0/i0e/i1/i1e, exp1, expi, expn,
 * spence, erfcx, zeta, hyp1f1 against mpmath (60–120 digits, computed offline with /usr/bin/python3 and
 * embedded) and scipy's edge values; derivatives by checkGrads in float64 and the identities;
 * float32, broadcasting, jit, vmap, errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, special as S, grad, jit, vmap, checkGrads, NDArray } from "../src/index.js";
import { close } from "./util.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, "float64");
const vals = (a: NDArray) => [a.toArray()].flat(Infinity as 1) as number[];
/** max relative error of got vs want (equal values, ±∞ and NaN pairs count as 0). */
function relErr(got: number[], want: number[]): number {
  return Math.max(...got.map((g, i) => (g === want[i] || (Number.isNaN(g) && Number.isNaN(want[i])) ? 0 : Math.abs(g - want[i]) / Math.abs(want[i]))));
}
function within(name: string, got: NDArray, want: number[], tol: number): void {
  const e = relErr(vals(got), want);
  assert.ok(e <= tol, `${name}: max relative error ${e} > ${tol} (got [${vals(got)}], want [${want}])`);
}
// mpmath references (/usr/bin/python3, mpmath, see the file header)
const GAMMA_X = [1e-300, 1e-08, 0.1, 0.5, 1, 1.5, 2.5, 5, 10, 19.9, 20.1, 30, 100, 170.5, -0.5, -1.5, -2.5, -10.3];
const GAMMA = [9.999999999999999e+299, 99999999.42278434, 9.51350769866873, 1.772453850905516, 1.0, 0.886226925452758, 1.329340388179137, 24.0, 362880.0, 9.040614007954752e+16, 1.6376232006547363e+17, 8.841761993739702e+30, 9.332621544394415e+155, 5.56209241456e+305, -3.544907701811032, 2.363271801207355, -0.9453087204829419, -5.26236323953561e-07];
const BESSEL_X = [1e-10, 0.1, 1, 2.5, 10, 19.9, 20, 20.1, 35, 100, 700, 10000.0, -3, -25];
const I0E = [0.9999999999, 0.9071009257823011, 0.46575960759364043, 0.27004644161220276, 0.1278333371634286, 0.0900085888643896, 0.08978031188482602, 0.08955376362061344, 0.06767837835041363, 0.03994437929909668, 0.015081295651531358, 0.003989472674604732, 0.2430003541618254, 0.0801967735474367];
const I0 = [1.0, 1.0025015629340956, 1.2660658777520084, 3.289839144050123, 2815.7166284662544, 39513376.52006682, 43558282.559553534, 48017874.1071365, 107338818494514.06, 1.0737517071310738e+42, 1.5295933476718737e+302, Infinity, 4.8807925858650245, 5774560606.4663105];
const I1E = [4.9999999995e-11, 0.045298446808809324, 0.20791041534970844, 0.20658464953126657, 0.12126268138445552, 0.0877171021317061, 0.08750622218328867, 0.08729685184320159, 0.06670443172949143, 0.03974415302513025, 0.015070519444716848, 0.003989273195983662, -0.19682671329730086, -0.07857611331929278];
const I1 = [5e-11, 0.050062526047092694, 0.565159103992485, 2.5167162452886984, 2670.9883037012546, 38507423.87486228, 42454973.38512777, 46807739.533029884, 105794126051896.27, 1.0683693903381625e+42, 1.5285003902339006e+302, Infinity, -3.9533702174026093, -5657865129.878701];
const EX_X = [1e-10, 0.01, 0.5, 1, 1.01, 2, 5, 10, 30, 50, 100, 700];
const EXP1 = [22.448635265138925, 4.037929576538114, 0.5597735947761608, 0.21938393439552029, 0.21574162379448997, 0.04890051070806112, 0.0011482955912753257, 4.156968929685325e-06, 3.0215520106888124e-15, 3.783264029550459e-24, 3.683597761682032e-46, 1.406518766234033e-307];
const EXPI_X = [1e-10, 0.01, 0.5, 1, 1.01, 2, 5, 10, 30, 50, 100, 700, -0.5, -5, -50, 0.3725, 39.9, 40.1];
const EXPI = [-22.448635264938925, -4.017929465426669, 0.4542199048631736, 1.8951178163559368, 1.9223010854424862, 4.95423435600189, 40.18527535580318, 2492.2289762418777, 368973209407.2742, 1.058563689713169e+20, 2.71555274485388e+41, 1.4509787360525608e+301, -0.5597735947761608, -0.0011482955912753257, -3.783264029550459e-24, -2.8874183188745963e-05, 5479032048901894.0, 6657825191607100.0];
const EXPN_N = [0, 1, 2, 3, 5, 10, 30, 2, 7, 4];
const EXPN_X = [0.5, 0.9, 1.1, 2, 0.3, 5, 20, 1e-05, 1, 1.7];
const EXPN = [1.2130613194252668, 0.26018393932599965, 0.12828108870843535, 0.03013337979781589, 0.16893441335261664, 0.0004691048076578119, 4.1715656194570075e-11, 0.9998806428519994, 0.051399066738249656, 0.035997028964144556];
const SPENCE_X = [0, 0.001, 0.5, 0.9, 1.2, 2, 5, 100, 1000000.0];
const SPENCE = [1.6449340668482264, 1.6370226052761176, 0.5822405264650125, 0.1026177910993911, -0.19080013777753557, -0.8224670334241132, -2.369939796998366, -12.192421669033171, -97.07908523994168];
const ERFCX_X = [-5, -1, 0, 0.5, 1.9, 2, 2.1, 5, 50, 100000.0];
const ERFCX = [144009798674.66104, 5.008980080762283, 1.0, 0.6156903441929259, 0.26650937366167265, 0.25539567631050575, 0.24511912334517233, 0.11070463773306863, 0.011281536265323773, 5.6418958351954685e-06];
const ZETA_X = [1.001, 1.5, 2, 2, 3, 5.5, 10, 20, 45, 2, 3];
const ZETA_Q = [1, 0.5, 1, 3.7, 0.01, 2, 25, 0.3, 30, 10000.0, 1e-05];
const ZETA = [1000.5772884760116, 4.776537947554833, 1.6449340668482264, 0.3100378576700383, 1000001.1701993385, 0.025204579954685693, 3.471829456465984e-14, 28679719907.929695, 4.407470021440624e-67, 0.00010000500016666666, 1000000000000001.0];
const HYP_A = [1, 0.5, 2.5, 10, 0.3, 3, 5, 1.5];
const HYP_B = [1, 1.5, 0.7, 12, 4, 3.5, 2, 8];
const HYP_X = [2, 10, -3, 50, -20, 0.1, -8, 30];
const HYP1F1 = [7.38905609893065, 1168.230463579439, -0.03631350893591125, 1.6252368593173158e+20, 0.5632062376525723, 1.0896419641606954, -0.00011182087596750395, 13450138.97464545];
const POCH_Z = [3, 0.5, -2.5, 10, 1.5, -3];
const POCH_M = [2, 3.5, 1.5, -2.5, 0.25, 2];
const POCH = [12.0, 3.385137501286538, Infinity, 0.0051566752254127764, 1.03705100855444, 6.0];
const BETA = [0.08333333333333333, 3.141592653589793, 3.7611918744516215, 1.0539424603796545e-21];
const MULTIGAMMALN = [1.5963125911388552, 14.81555349558536, 0.0];
const BERN = [1.0, -0.5, 0.16666666666666666, 0.0, -0.03333333333333333, 0.0, 0.023809523809523808, 0.0, -0.03333333333333333, 0.0, 0.07575757575757576, 0.0, -0.2531135531135531, 0.0, 1.1666666666666667, 0.0, -7.092156862745098, 0.0, 54.971177944862156, 0.0, -529.1242424242424, 0.0, 6192.123188405797, 0.0, -86580.25311355312, 0.0, 1425517.1666666667, 0.0, -27298231.067816094, 0.0, 601580873.9006424];


test("special: values against mpmath in float64 (relative error bounds as measured, docs/stats.md)", () => {
  within("gamma", S.gamma(f64(GAMMA_X)), GAMMA, 3e-14);
  within("i0e", S.i0e(f64(BESSEL_X)), I0E, 2e-15);
  within("i1e", S.i1e(f64(BESSEL_X)), I1E, 2e-15);
  within("i0", S.i0(f64(BESSEL_X)), I0, 2e-15);
  within("i1", S.i1(f64(BESSEL_X)), I1, 2e-15);
  within("exp1", S.exp1(f64(EX_X)), EXP1, 2e-15);
  within("expn", S.expn(f64(EXPN_N), f64(EXPN_X)), EXPN, 2e-15);
  // Ei has a zero at x ≈ 0.3725: there the error is absolute (~1e-16), not relative
  const ei = vals(S.expi(f64(EXPI_X)));
  EXPI_X.forEach((x, i) => assert.ok(Math.abs(ei[i] - EXPI[i]) <= (x === 0.3725 ? 1e-16 : 5e-15 * Math.abs(EXPI[i])), `expi(${x}) = ${ei[i]} vs ${EXPI[i]}`));
  within("spence", S.spence(f64(SPENCE_X)), SPENCE, 1e-15);
  within("erfcx", S.erfcx(f64(ERFCX_X)), ERFCX, 3e-14);
  within("zeta", S.zeta(f64(ZETA_X), f64(ZETA_Q)), ZETA, 1e-14);
  within("hyp1f1", S.hyp1f1(f64(HYP_A), f64(HYP_B), f64(HYP_X)), HYP1F1, 1e-14);
  within("poch", S.poch(f64(POCH_Z), f64(POCH_M)), POCH, 1e-14);
  within("beta", S.beta(f64([2, 0.5, -0.5, 30]), f64([3, 0.5, 0.2, 40])), BETA, 2e-14);
  close(np.stack([S.multigammaln(f64(2), 3), S.multigammaln(f64(5.5), 4), S.multigammaln(f64(1), 1)]), MULTIGAMMALN, 1e-14); // absolute, as gammaln
  within("factorial", S.factorial(f64([0, 1, 5, 10, 0.5])), [1, 1, 120, 3628800, 0.886226925452758], 2e-14);
});

test("special: edge values (0, poles, negative, ±∞, NaN) as scipy", () => {
  const E = f64([0, -1, -2.5, Infinity, -Infinity, NaN]);
  close(S.gamma(E), [Infinity, Infinity, -0.9453087204829419, Infinity, -Infinity, NaN]);
  close(S.gammasgn(f64([0, -1, -2.5, -1.5, 3, Infinity, NaN])), [0, 0, -1, 1, 1, 1, NaN]);
  close(S.factorial(f64([-1, 171, NaN])), [0, Infinity, NaN]);
  close(S.i0e(E), [1, 0.46575960759364043, 0.27004644161220276, 0, 0, NaN], 1e-15);
  close(S.i1e(E), [0, -0.20791041534970844, -0.20658464953126657, 0, 0, NaN], 1e-15);
  close(S.i0(f64([Infinity, -Infinity, 800])), [Infinity, Infinity, Infinity]);
  close(S.i1(f64([Infinity, -Infinity])), [Infinity, -Infinity]);
  close(S.exp1(E), [Infinity, NaN, NaN, 0, NaN, NaN]);
  close(S.expi(f64([0, Infinity, -Infinity, NaN])), [-Infinity, Infinity, 0, NaN]);
  close(S.expn(f64([0, 1, 2, 3, -1, 2.5, 2]), f64([0, 0, 0, 0, 1, 1, Infinity])), [Infinity, Infinity, 1, 0.5, NaN, NaN, 0]);
  close(S.spence(f64([0, 1, -1, Infinity, NaN])), [Math.PI ** 2 / 6, 0, NaN, -Infinity, NaN], 1e-15);
  close(S.erfcx(f64([Infinity, -Infinity, -30, NaN])), [0, Infinity, Infinity, NaN]);
  close(S.entr(f64([0, -1, 1, Infinity, NaN])), [0, -Infinity, 0, -Infinity, NaN]);
  close(S.relEntr(f64([0, 0, 1, 1, NaN]), f64([0, 1, 0, -1, 1])), [0, 0, Infinity, Infinity, NaN]);
  close(S.klDiv(f64([0, 0, 1, 1]), f64([0, 2, 0, 2])), [0, 2, Infinity, 1 - Math.LN2]);
  close(S.zeta(f64([1, 0.5, 2, 2, 2, Infinity, Infinity, Infinity, 2, NaN]), f64([1, 1, 0, -1, -1.5, 0.5, 1, 2, Infinity, 1])), [Infinity, NaN, Infinity, Infinity, NaN, Infinity, 1, 0, 0, NaN]);
  close(S.hyp1f1(f64([0, 1, -1, 2]), f64([0, 0, 0.5, 2]), f64([1, 1, 4, 0])), [1, Infinity, -7, 1]);
  close(S.poch(f64([1, -2, 0, -3]), f64([0, 3, -1, 2])), [1, 0, -1, 6], 1e-14);
  close(S.beta(f64([0]), f64([1])), [Infinity]);
});

test("special.bernoulli: B₀…B₃₀ (B₁ = −½, as scipy/JAX) in the default float; errors", () => {
  const b = S.bernoulli(30);
  assert.deepEqual(b.shape, [31]);
  within("bernoulli", b, BERN, b.dtype === "float64" ? 1e-14 : 1e-7);
  close(S.bernoulli(0), [1]);
  assert.throws(() => S.bernoulli(-1), /special\.bernoulli: n must be a non-negative integer, got -1/);
  assert.throws(() => S.bernoulli(2.5 as number), /n must be a non-negative integer/);
});

test("special: float32 in, float32 out (computed in float64); ints promote; broadcasting", () => {
  const x32 = np.array([0.5, 2, 10], "float32");
  for (const [name, f, ref] of [
    ["i0e", S.i0e, [0.6450352704491501, 0.308508322553671, 0.1278333371634286]],
    ["exp1", S.exp1, [0.5597735947761608, 0.04890051070806112, 4.156968929685325e-06]],
    ["gamma", S.gamma, [1.772453850905516, 1, 362880]],
    ["erfcx", S.erfcx, [0.6156903441929259, 0.25539567631050575, 0.0561409927438226]],
  ] as [string, (x: NDArray) => NDArray, number[]][]) {
    const y = f(x32);
    assert.equal(y.dtype, "float32", name);
    within(`${name} float32`, y, ref, 1e-7);
  }
  assert.equal(S.zeta(np.array([2], "float32"), np.array([1], "float32")).dtype, "float32");
  assert.equal(S.spence(np.array([2], "int32")).dtype, np.array(0.5).dtype); // ints → the default float
  const z = S.zeta(f64([2, 3]), f64([[1], [2]]));
  assert.deepEqual(z.shape, [2, 2]);
  close(z, [[1.6449340668482264, 1.2020569031595942], [0.6449340668482264, 0.2020569031595942]], 1e-14);
  assert.deepEqual(S.hyp1f1(f64([1, 2]), f64(3), f64([[0.5], [1], [2]])).shape, [3, 2]);
  assert.throws(() => S.zeta(f64([2, 3]), f64([1, 2, 3])), /zeta/);
});

test("special: jit and vmap agree with eager", () => {
  const x = f64([0.3, 1.7, 25]);
  for (const f of [S.i0e, S.i1, S.exp1, S.expi, S.spence, S.erfcx, S.gamma, S.entr] as ((x: NDArray) => NDArray)[]) {
    close(jit(f)(x) as NDArray, vals(f(x)), 1e-15);
    close(vmap(f)(x) as NDArray, vals(f(x)), 1e-15);
  }
  const q = f64([0.5, 2, 7]);
  close(jit((a: NDArray, b: NDArray) => S.zeta(a, b))(x.add(1.5), q) as NDArray, vals(S.zeta(x.add(1.5), q)), 1e-15);
  close(vmap((a: NDArray, b: NDArray) => S.hyp1f1(a, 2, b))(x, q) as NDArray, vals(S.hyp1f1(x, 2, q)), 1e-15);
  close(vmap((n: NDArray, b: NDArray) => S.expn(n, b))(f64([1, 2, 5]), q) as NDArray, vals(S.expn(f64([1, 2, 5]), q)), 1e-15);
});

test("special: derivatives by the identities, at the kinks as JAX (i0e′(0) = 0, i1e′(0) = ½)", () => {
  const g = (f: (x: NDArray) => NDArray, at: number) => (grad((x: NDArray) => f(x))(f64(at)) as NDArray).item() as number;
  assert.equal(g(S.i0e, 0), 0);
  assert.equal(g(S.i1e, 0), 0.5);
  assert.equal(g(S.i1, 0), 0.5);
  assert.equal(g(S.i0, 0), 0);
  close(g(S.i0, 2.5), [vals(S.i1(f64(2.5)))[0]], 1e-15); // I₀′ = I₁
  close(g(S.exp1, 2), [-Math.exp(-2) / 2], 1e-15); // E₁′ = −e⁻ˣ/x
  close(g(S.expi, 3), [Math.exp(3) / 3], 1e-15); // Ei′ = eˣ/x
  close(g((x) => S.expn(3, x), 1.5), [-vals(S.expn(2, f64(1.5)))[0]], 1e-15); // Eₙ′ = −Eₙ₋₁
  close(g(S.spence, 2), [Math.log(2) / (1 - 2)], 1e-13); // spence′ = ln z/(1 − z)
  close(g((q) => S.zeta(3, q), 2), [-3 * vals(S.zeta(f64(4), f64(2)))[0]], 1e-13); // ∂ζ/∂q = −x·ζ(x+1, q)
  close(g((x) => S.hyp1f1(2, 3, x), 1.5), [(2 / 3) * vals(S.hyp1f1(f64(3), f64(4), f64(1.5)))[0]], 1e-13); // M′ = (a/b)·M(a+1, b+1)
  close(g(S.gamma, 5), [24 * (25 / 12 - 0.5772156649015329)], 1e-13); // Γ′ = Γψ
  close(g(S.entr, 2), [-Math.log(2) - 1], 1e-15);
  close(g(S.gammasgn, -0.5), [0]);
});

test("special: checkGrads in float64 (forward and reverse, finite differences and the inner-product identity)", () => {
  const x = f64([0.4, 3, 27]);
  for (const f of [S.i0e, S.i1e, S.i0, S.i1, S.exp1, S.expi, S.erfcx, S.gamma, S.entr]) checkGrads(f as (x: NDArray) => NDArray, [x]);
  checkGrads((z: NDArray) => S.spence(z), [f64([0.2, 0.7, 3])], { order: 1 });
  checkGrads((t: NDArray) => S.expn(2, t), [f64([0.4, 1.3, 6])], { order: 2 });
  checkGrads((s: NDArray, q: NDArray) => S.zeta(s, q), [f64([1.5, 3, 7]), f64([0.5, 2, 25])], { order: 1 });
  checkGrads((a: NDArray, b: NDArray, t: NDArray) => S.hyp1f1(a, b, t), [f64([0.5, 2]), f64([1.5, 3]), f64([-2, 4])], { order: 1 });
  checkGrads((a: NDArray, b: NDArray) => S.beta(a, b), [f64([0.5, 2, -0.5]), f64([1.5, 3, 0.2])], { order: 1 });
  checkGrads((z: NDArray, m: NDArray) => S.poch(z, m), [f64([0.5, 3]), f64([1.5, 2.2])], { order: 1 });
  checkGrads((a: NDArray, b: NDArray) => S.relEntr(a, b), [f64([0.5, 3]), f64([1.5, 2.2])], { order: 1 });
  checkGrads((a: NDArray, b: NDArray) => S.klDiv(a, b), [f64([0.5, 3]), f64([1.5, 2.2])], { order: 1 });
  checkGrads((a: NDArray) => S.multigammaln(a, 3), [f64([2.5, 4])], { order: 1 });
});

test("special.softmax / logSoftmax: scipy's default axis = all axes; an axis as nn's", () => {
  close(S.softmax(f64([[1, 1], [1, 1]])), [[0.25, 0.25], [0.25, 0.25]], 1e-15);
  close(S.softmax(f64([[0, Math.log(3)], [0, 0]]), 1), [[0.25, 0.75], [0.5, 0.5]], 1e-15);
  close(S.logSoftmax(f64([0, 0]), { axis: 0 }), [-Math.LN2, -Math.LN2], 1e-15);
  close(S.logSoftmax(f64([[0, 0], [0, 0]])), [[-Math.log(4), -Math.log(4)], [-Math.log(4), -Math.log(4)]], 1e-15);
});

test("special: bad input names the function and what was expected", () => {
  const Sx = S as any;
  assert.throws(() => Sx.factorial(3, true), /special\.factorial: only exact = false is supported \(as JAX\), got true/);
  assert.throws(() => Sx.multigammaln(2, 0), /special\.multigammaln: d must be a positive integer, got 0/);
  assert.throws(() => Sx.zeta(2), /special\.zeta: argument q is missing/);
  assert.throws(() => Sx.hyp1f1(1, 2), /special\.hyp1f1: argument x is missing/);
  assert.throws(() => Sx.i0e(1, 2), /special\.i0e: expected at most 1 argument \(x\), got 2/);
  assert.throws(() => Sx.softmax([1, 2], { axes: 0 }), /special\.softmax: unknown option "axes"; expected one of: axis/);
});
