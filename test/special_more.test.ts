/**
 * @file special: gammainc, gammaincc, betainc, lbeta, ndtr, logNdtr, ndtri, digamma, erfinv against
 * mpmath (40 digits, computed offline with /usr/bin/python3 and embedded); derivatives by checkGrads
 * in float64 and against mpmath's derivatives in the shape parameters; jit, vmap, float32, errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, special as S, grad, jit, vmap, checkGrads } from "../src/index.js";
import { close } from "./util.js";

const f64 = (v: number | number[]) => np.array(v, "float64");
// [a, x, P, Q, ∂P/∂a] (mpmath)
const GAMMAINC: number[][] = [[0.5, 0.2, 0.4729107431344619, 0.5270892568655381, -0.8201614064863388], [2, 1, 0.26424111765711533, 0.7357588823428847, -0.2761960457028348], [10, 12, 0.7576078383294876, 0.24239216167051233, -0.09717797203717965], [100, 90, 0.15822098918643016, 0.8417790108135699, -0.02461191684397991], [1000, 1010, 0.6276789447369947, 0.3723210552630053, -0.011945731337225441], [1, 50, 1.0, 1.9287498479639178e-22, -8.696451043167613e-22], [3.5, 0.01, 8.530580469428509e-09, 0.9999999914694195, -5.113686724534386e-08], [0.1, 5, 0.9998560610341533, 0.000143938965846734, -0.0017539473155578874], [25, 30, 0.8427579727616084, 0.1572420272383916, -0.04690876717713714]];
// [a, b, x, I, ∂I/∂a, ∂I/∂b] (mpmath)
const BETAINC: number[][] = [[2, 3, 0.5, 0.6875, -0.1952886866349624, 0.1541084939249829], [0.5, 2.5, 0.9, 0.9988855624584926, -0.003133428713882813, 0.0027622845564714833], [10, 20, 0.3, 0.3640040810719442, -0.10220667666987013, 0.04695810996651497], [1.5, 0.7, 0.05, 0.007204655338423396, -0.0227100511475204, 0.012490801429280383], [50, 40, 0.6, 0.8011534179744886, -0.025192192090502403, 0.03451124069969983], [3, 3, 0.999, 0.999999990014994, -7.814097031666331e-09, 6.448197440716848e-08]];
// [x, Φ(x), log Φ(x)] (mpmath)
const NDTR: number[][] = [[-40, 0.0, -804.6084420137538], [-10, 7.619853024160525e-24, -53.23128515051247], [-3.5, 0.00023262907903552504, -8.366065308344092], [-1, 0.15865525393145705, -1.8410216450092636], [0, 0.5, -0.6931471805599453], [0.5, 0.6914624612740131, -0.3689464152886564], [3, 0.9986501019683699, -0.0013508099647481938], [6, 0.9999999990134123, -9.865876455243758e-10], [9, 1.0, -1.1285884059538405e-19]];
const NDTRI: number[][] = [[1e-300, -37.0470962993612], [1e-10, -6.361340902404057], [0.001, -3.0902323061678136], [0.3, -0.5244005127080408], [0.5, 0.0], [0.975, 1.9599639845400538], [0.999, 3.090232306167813]];

/** max relative error of got vs want (exact matches of 0 and ±∞ count as 0). */
function relErr(got: number[], want: number[]): number {
  return Math.max(...got.map((g, i) => (g === want[i] ? 0 : Math.abs(g - want[i]) / Math.abs(want[i]))));
}
const col = (t: number[][], j: number) => t.map((r) => r[j]);

test("special.gammainc / gammaincc: mpmath values to 1e-13 relative in float64 (a up to 1000, tails)", () => {
  const a = f64(col(GAMMAINC, 0)), x = f64(col(GAMMAINC, 1));
  assert.ok(relErr(S.gammainc(a, x).toArray() as number[], col(GAMMAINC, 2)) < 1e-13);
  assert.ok(relErr(S.gammaincc(a, x).toArray() as number[], col(GAMMAINC, 3)) < 1e-13);
  close(S.gammainc(f64([0, 1, 2, -1, 1]), f64([0, 0, Infinity, 1, -1])), [NaN, 0, 1, NaN, NaN]);
  close(S.gammainc(0, 2), [1]); // P(0, x) = 1 for x > 0, as scipy
  // small a: Q from its own series, not 1 − P (mpmath)
  const q = S.gammaincc(f64([0.01, 0.5, 1e-5]), f64([1e-3, 1.2, 0.5])).toArray() as number[];
  assert.ok(relErr(q, [0.061429347473871014, 0.12133525035848215, 5.59776528542266e-06]) < 1e-13, `${q}`);
  // a ≫ x: the prefactor from ln(x/a), not log1p of a rounded t (mpmath)
  assert.ok(relErr(S.gammainc(f64([34.15478581840035]), f64([0.0015247788160426305])).toArray() as number[], [1.2135000011829587e-135]) < 1e-13);
  close(S.lbeta(f64(708.2052162765726), f64(0.0634752261308479)), [2.3071531736994664], 1e-14);
});

test("special.gammainc: derivatives in a (mpmath, 1e-9) and x; checkGrads in float64", () => {
  for (const [a, x, , , dA] of GAMMAINC.filter((r) => r[0] <= 100)) {
    const g = grad((aa: any) => S.gammainc(aa, f64(x)))(f64(a)).item() as number;
    assert.ok(Math.abs(g - dA) <= 1e-9 * Math.abs(dA), `∂P/∂a at (${a}, ${x}): ${g} vs ${dA}`);
    const gq = grad((aa: any) => S.gammaincc(aa, f64(x)))(f64(a)).item() as number;
    assert.ok(Math.abs(gq + dA) <= 1e-9 * Math.abs(dA));
  }
  checkGrads((a: any, x: any) => S.gammainc(a, x), [f64([0.7, 3, 12]), f64([0.4, 4.5, 10])], { order: 1 });
  checkGrads((a: any, x: any) => S.gammaincc(a, x), [f64([0.7, 3, 12]), f64([0.4, 4.5, 10])], { order: 1 });
  checkGrads((x: any) => S.gammainc(f64(2.5), x), [f64([0.5, 3])], { order: 2 }); // second derivative in x
});

test("special.betainc: mpmath values (1e-13) and derivatives in a, b (1e-9) and x", () => {
  const [a, b, x] = [0, 1, 2].map((j) => f64(col(BETAINC, j)));
  assert.ok(relErr(S.betainc(a, b, x).toArray() as number[], col(BETAINC, 3)) < 1e-13);
  for (const [ai, bi, xi, , dA, dB] of BETAINC) {
    const ga = grad((v: any) => S.betainc(v, f64(bi), f64(xi)))(f64(ai)).item() as number;
    const gb = grad((v: any) => S.betainc(f64(ai), v, f64(xi)))(f64(bi)).item() as number;
    assert.ok(Math.abs(ga - dA) <= 1e-9 * Math.abs(dA), `∂I/∂a at ${ai}, ${bi}, ${xi}: ${ga} vs ${dA}`);
    assert.ok(Math.abs(gb - dB) <= 1e-9 * Math.abs(dB), `∂I/∂b at ${ai}, ${bi}, ${xi}: ${gb} vs ${dB}`);
  }
  checkGrads((a: any, b: any, x: any) => S.betainc(a, b, x), [f64([2, 0.8]), f64([3, 4.5]), f64([0.3, 0.6])], { order: 1 });
  close(S.betainc(f64([2, 2, 2, -1]), f64([3, 3, 3, 1]), f64([0, 1, 1.5, 0.5])), [0, 1, NaN, NaN]);
});

test("special.gammaincinv: mpmath values (1e-13), P(a, x(a, p)) = p, implicit derivatives", () => {
  // [a, p, x] (mpmath findroot)
  const T = [[2, 0.5, 1.6783469900166605], [0.5, 0.01, 7.854392895485099e-05], [10, 0.999, 22.65737330906293], [100, 0.3, 94.52429935888071], [0.05, 0.9, 0.07631711390918851], [1000, 1e-10, 811.7987627175607], [1, 0.999999, 13.815510557935518]];
  assert.ok(relErr(S.gammaincinv(f64(col(T, 0)), f64(col(T, 1))).toArray() as number[], col(T, 2)) < 1e-13);
  const x = S.gammaincinv(f64([3.5, 50]), f64([1e-200, 1e-5]));
  assert.ok(relErr(S.gammainc(f64([3.5, 50]), x).toArray() as number[], [1e-200, 1e-5]) < 1e-12);
  close(S.gammaincinv(f64([2, 2, 2, -1]), f64([0, 1, 1.5, 0.5])), [0, Infinity, NaN, NaN]);
  // mpmath: d/da and d/dp of x(2.5, 0.3)
  close(grad((a: any) => S.gammaincinv(a, f64(0.3)))(f64(2.5)), [0.8177800117760157], 1e-9);
  close(grad((p: any) => S.gammaincinv(f64(2.5), p))(f64(0.3)), [3.2429558361175146], 1e-9);
  checkGrads((a: any, p: any) => S.gammaincinv(a, p), [f64([0.7, 3, 12]), f64([0.2, 0.5, 0.9])], { order: 1 });
});

test("special.betaincinv: scipy values (1e-13), I(a, b, x(a, b, p)) = p, implicit derivatives", () => {
  const a = [2, 0.5, 10, 0.3, 50, 1, 2.5, 0.05], b = [3, 2.5, 20, 0.4, 40, 1, 0.5, 3], p = [0.6875, 0.01, 0.999, 0.5, 1e-8, 0.3, 0.9, 0.5];
  const want = [0.4999999999999999, 3.4699031978688755e-05, 0.6112722896392121, 0.34317039842153724, 0.27340198514315545, 0.3, 0.9965181105251797, 2.193496667523453e-07];
  const x = S.betaincinv(f64(a), f64(b), f64(p));
  assert.ok(relErr(x.toArray() as number[], want) < 1e-13);
  assert.ok(relErr(S.betainc(f64(a), f64(b), x).toArray() as number[], p) < 1e-14);
  close(S.betaincinv(f64([2, 2, 2, -1]), f64([3, 3, 3, 1]), f64([0, 1, 1.5, 0.5])), [0, 1, NaN, NaN]);
  close(grad((u: any) => S.betaincinv(u, f64(3), f64(0.4)))(f64(2)), [0.1405809356268578], 1e-9); // mpmath
  checkGrads((u: any, v: any, q: any) => S.betaincinv(u, v, q), [f64([2, 0.8]), f64([3, 4.5]), f64([0.3, 0.6])], { order: 1 });
});

test("special.polygamma: mpmath values (1e-13), n = 0 is digamma, derivative is the next order", () => {
  const T = [[1, 1, 1.6449340668482264], [1, 0.01, 10001.621213528313], [2, 3.7, -0.09539530872855403], [3, 0.5, 97.40909103400244], [5, 12, 0.00011820829051081491], [10, 2.2, -631.6662252340698], [1, 150, 0.006688938271165994]];
  for (const [n, x, want] of T) {
    const got = S.polygamma(n, f64([x])).toArray() as number[];
    assert.ok(relErr(got, [want]) < 1e-13, `polygamma(${n}, ${x}) = ${got[0]}, expected ${want}`);
  }
  close(S.polygamma(0, f64([1])), [-0.5772156649015329], 1e-15);
  close(S.polygamma(1, f64([0, -1])), [NaN, NaN]);
  close(grad((x: any) => S.polygamma(1, x))(f64(3.7)), S.polygamma(2, f64(3.7)).toArray() as number, 1e-12);
  assert.throws(() => S.polygamma(1.5, 2), /special\.polygamma: n must be a non-negative integer, got 1\.5/);
});

test("special.lbeta / betaln, digamma, erfinv: mpmath values", () => {
  close(S.lbeta(f64([2, 0.5, 100, 1e-3]), f64([3, 0.5, 200, 5])), [-2.4849066497880004, 1.1447298858494002, -192.13419227497894, 6.905672657062075], 1e-13);
  close(S.betaln(2, 3), [-2.4849066497880004], 1e-6);
  close(S.digamma(f64([1, 0.5, 3.7, 20, -1.5])), [-0.5772156649015329, -1.9635100260214235, 1.1671535393615113, 2.970523992242149, 0.7031566406452432], 1e-13);
  close(S.erfinv(f64([0.5, -0.9, 0.999, 1e-5])), [0.4769362762044699, -1.1630871536766743, 2.3267537655135246, 8.862269254759594e-6], 1e-12);
});

test("special.ndtr / logNdtr / ndtri: mpmath values to 1e-13 relative, far tails included", () => {
  const x = f64(col(NDTR, 0));
  assert.ok(relErr(S.ndtr(x).toArray() as number[], col(NDTR, 1)) < 1e-13);
  assert.ok(relErr(S.logNdtr(x).toArray() as number[], col(NDTR, 2)) < 1e-13);
  const q = S.ndtri(f64(col(NDTRI, 0))).toArray() as number[];
  q.forEach((v, i) => assert.ok(Math.abs(v - NDTRI[i][1]) <= 1e-13 * Math.max(1, Math.abs(NDTRI[i][1])), `ndtri(${NDTRI[i][0]}): ${v}`));
  close(S.ndtri(f64([0, 1, -0.1, 1.1, NaN])), [-Infinity, Infinity, NaN, NaN, NaN]);
  // Φ⁻¹ ∘ Φ is the identity, and its derivative 1/φ
  checkGrads((p: any) => S.ndtri(p), [f64([0.01, 0.3, 0.9])], { order: 1 });
  checkGrads((v: any) => S.logNdtr(v), [f64([-20, -2, 0.3, 7])], { order: 2 });
  checkGrads((v: any) => S.ndtr(v), [f64([-5, 0.3])], { order: 2 });
});

test("special: float32 (to 1e-6), broadcasting, jit and vmap", () => {
  const p = S.gammainc(np.array([2, 10], "float32"), 1);
  assert.equal(p.dtype, "float32");
  close(p, [0.26424111765711533, 1.1142547833872067e-7], 1e-6);
  assert.equal(S.ndtri(np.array([0.3], "float32")).dtype, "float32");
  close(S.ndtri(np.array([0.3], "float32")), [-0.5244005127080408], 1e-6);
  close(S.betainc(np.array([2], "float32"), 3, np.array([[0.5], [0.2]], "float32")), [[0.6875], [0.1808]], 1e-6);
  const a = f64([0.5, 2, 10]), x = f64([0.2, 1, 12]);
  close(jit((u: any, v: any) => S.gammainc(u, v))(a, x), col(GAMMAINC, 2).slice(0, 3), 1e-14);
  close(vmap((u: any, v: any) => S.gammaincc(u, v))(a, x), col(GAMMAINC, 3).slice(0, 3), 1e-14);
  close(vmap(grad((u: any) => S.gammainc(u, f64(1))))(f64([2])), [-0.2761960457028348], 1e-9);
  close(jit(grad((u: any) => S.betainc(u, f64(3), f64(0.5))))(f64(2)), [-0.1952886866349624], 1e-9);
});

test("special: strict arguments name the function", () => {
  const s = S as any;
  assert.throws(() => s.gammainc(1), /special\.gammainc: argument x is missing/);
  assert.throws(() => s.betainc(1, 2, 0.5, 3), /special\.betainc: expected at most 3 arguments/);
  assert.throws(() => s.ndtri({ p: 0.5 }), /special\.ndtri: argument p must not be an options object/);
  assert.throws(() => s.gammainc(np.ones([2]), np.ones([3])), /gammainc/);
});
