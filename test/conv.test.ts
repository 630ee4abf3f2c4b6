/**
 * @file conv_general_dilated: the primitive against a direct nested-loop convolution for random
 * shapes/strides/paddings/dilations/groups/layouts (fast-check, 1-D to 3-D, both dtypes), its transposes
 * by the inner-product identity, checkGrads in float64, vmap against a loop, jit against eager, values
 * against scipy/PyTorch computed offline, and the errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { np, lax, jit, vmap, vjp, grad, numeric, makeJaxpr, NDArray } from "../src/index.js";
import { close } from "./util.js";
import { Cfg, naiveConv } from "./conv_reference.js";
import { convTuning } from "../src/primitives/conv_kernel.js";

type F = "float32" | "float64";

// ---- data and configurations ----

const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Small integers (exact in float32 sums) from a seed. */
function ints(n: number, seed: number): number[] {
  let s = seed | 0;
  return Array.from({ length: n }, () => ((s = (Math.imul(s, 1103515245) + 12345) | 0), ((s >>> 8) % 7) - 3));
}
const arr = (v: number[], shape: number[], dtype: F = "float64") => np.array(dtype === "float32" ? Float32Array.from(v) : Float64Array.from(v), { shape });
const flat = (x: NDArray) => Array.from(x.data() as ArrayLike<number>);
const permute = (perm: number[], s: number[]) => perm.map((_, i) => s[perm.indexOf(i)]);

const permArb = (n: number) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n });
const cfgArb: fc.Arbitrary<Cfg> = fc.integer({ min: 1, max: 3 }).chain((ns) => {
  const nd = ns + 2, maxS = ns === 3 ? 4 : 6;
  const v = (min: number, max: number) => fc.array(fc.integer({ min, max }), { minLength: ns, maxLength: ns });
  return fc.record({
    ns: fc.constant(ns), nb: fc.integer({ min: 1, max: 2 }), ci: fc.integer({ min: 1, max: 3 }), og: fc.integer({ min: 1, max: 3 }),
    groups: fc.integer({ min: 1, max: 3 }), batchGroups: fc.boolean(), inS: v(1, maxS), kS: v(1, 3), strides: v(1, 3), ld: v(1, 2), rd: v(1, 2),
    pad: fc.array(fc.tuple(fc.integer({ min: -1, max: 2 }), fc.integer({ min: -1, max: 2 })), { minLength: ns, maxLength: ns }),
    pl: permArb(nd), pr: permArb(nd), po: permArb(nd),
  }).map((a) => {
    const fg = a.batchGroups ? 1 : a.groups, bg = a.batchGroups ? a.groups : 1;
    // logical shapes [N, C, ...spatial] and [O, I, ...spatial], laid out by the permutations
    const lshape = permute(a.pl, [a.nb * bg, a.ci * fg, ...a.inS]);
    const rshape = permute(a.pr, [a.og * a.groups, a.ci, ...a.kS]);
    return { lshape, rshape, strides: a.strides, padding: a.pad, lhsDilation: a.ld, rhsDilation: a.rd, dn: { lhs: a.pl, rhs: a.pr, out: a.po }, fg, bg };
  });
});

const opts = (c: Cfg) => ({ lhsDilation: c.lhsDilation, rhsDilation: c.rhsDilation, dimensionNumbers: c.dn, featureGroupCount: c.fg, batchGroupCount: c.bg });
const convOf = (c: Cfg) => (l: NDArray, r: NDArray) => lax.convGeneralDilated(l, r, c.strides, c.padding, opts(c));

// ---- the primitive against the loop ----

/** Run `body` with every convolution on one kernel path: the direct kernel, im2col + matmul, or kn2row. */
function onPath(path: Path, body: () => void): void {
  convTuning.force = path;
  try {
    body();
  } finally {
    convTuning.force = null;
  }
}
type Path = "direct" | "im2col" | "kn2row";
const PATHS: Path[] = ["direct", "im2col", "kn2row"];

for (const [dtype, path] of (["float32", "float64"] as F[]).flatMap((d) => PATHS.map((q) => [d, q] as const))) {
  test(`conv_general_dilated equals a direct loop: random shapes, strides, paddings, dilations, groups, layouts (1-D/2-D/3-D, ${dtype}, ${path} kernel)`, () => onPath(path, () => {
    fc.assert(fc.property(cfgArb, fc.integer(), (c, seed) => {
      const l = ints(prod(c.lshape), seed), r = ints(prod(c.rshape), seed + 1);
      const want = naiveConv(l, r, c);
      const got = convOf(c)(arr(l, c.lshape, dtype), arr(r, c.rshape, dtype));
      assert.deepEqual(got.shape, want.shape);
      assert.equal(got.dtype, dtype);
      assert.deepEqual(flat(got), want.data);
    }), { numRuns: dtype === "float32" ? 60 : 40, seed: 11 });
  }));
}

for (const path of PATHS) test(`transposes satisfy the inner-product identity ⟨conv(l, r), c⟩ = ⟨l, Tₗᵀc⟩ = ⟨r, Tᵣᵀc⟩ for random configurations (${path} kernel)`, () => onPath(path, () => {
  fc.assert(fc.property(cfgArb, fc.integer(), (c, seed) => {
    const l = arr(ints(prod(c.lshape), seed), c.lshape), r = arr(ints(prod(c.rshape), seed + 1), c.rshape);
    const [y, back] = vjp(convOf(c), l, r);
    const ct = arr(ints(y.size, seed + 2), y.shape);
    const [gl, gr] = back(ct);
    assert.deepEqual(gl.shape, c.lshape);
    assert.deepEqual(gr.shape, c.rshape);
    const dot = (a: NDArray, b: NDArray) => np.sum(np.multiply(a, b)).item() as number;
    const lhsSide = dot(y, ct);
    assert.equal(dot(l, gl), lhsSide);
    assert.equal(dot(r, gr), lhsSide);
  }), { numRuns: 40, seed: 12 });
}));

for (const path of PATHS) test(`checkGrads (float64, to second order) through strided, padded, dilated and grouped convolutions (${path} kernel)`, () => onPath(path, () => {
  const cases: Cfg[] = [
    { lshape: [2, 5, 6, 4], rshape: [3, 2, 2, 6], strides: [2, 1], padding: [[1, 1], [0, 2]], lhsDilation: [1, 1], rhsDilation: [1, 2], dn: { lhs: [0, 3, 1, 2], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] }, fg: 2, bg: 1 },
    { lshape: [4, 3, 5], rshape: [4, 3, 2], strides: [2], padding: [[2, -1]], lhsDilation: [2], rhsDilation: [1], dn: { lhs: [0, 1, 2], rhs: [0, 1, 2], out: [0, 1, 2] }, fg: 1, bg: 2 },
    { lshape: [1, 2, 3, 3, 3], rshape: [2, 2, 2, 2, 1], strides: [1, 2, 1], padding: [[0, 1], [1, 0], [0, 0]], lhsDilation: [1, 1, 2], rhsDilation: [1, 1, 1], dn: { lhs: [0, 1, 2, 3, 4], rhs: [0, 1, 2, 3, 4], out: [0, 1, 2, 3, 4] }, fg: 1, bg: 1 },
  ];
  for (const c of cases) {
    const l = np.multiply(arr(ints(prod(c.lshape), 3), c.lshape), 0.3), r = np.multiply(arr(ints(prod(c.rshape), 4), c.rshape), 0.2);
    // a nonlinear loss so that second derivatives are not trivially zero
    numeric.checkGrads((a: NDArray, b: NDArray) => np.sin(convOf(c)(a, b)), [l, r]);
  }
}));

for (const path of PATHS) test(`vmap over lhs, rhs or both equals a loop (also with feature and batch groups; ${path} kernel)`, () => onPath(path, () => {
  const base: Cfg[] = [
    { lshape: [2, 5, 4, 4], rshape: [3, 3, 2, 6], strides: [1, 2], padding: [[1, 1], [0, 1]], lhsDilation: [1, 1], rhsDilation: [1, 1], dn: { lhs: [0, 3, 1, 2], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] }, fg: 2, bg: 1 },
    { lshape: [4, 3, 5], rshape: [4, 3, 2], strides: [1], padding: [[1, 0]], lhsDilation: [1], rhsDilation: [2], dn: { lhs: [0, 1, 2], rhs: [0, 1, 2], out: [0, 1, 2] }, fg: 1, bg: 2 },
    { lshape: [3, 2, 6], rshape: [4, 2, 3], strides: [2], padding: [[1, 1]], lhsDilation: [1], rhsDilation: [1], dn: { lhs: [0, 1, 2], rhs: [0, 1, 2], out: [2, 0, 1] }, fg: 1, bg: 1 },
  ];
  const B = 3;
  for (const c of base) {
    const f = convOf(c);
    for (const [la, ra] of [[0, null], [null, 0], [0, 0], [2, 1], [c.lshape.length, null], [null, c.rshape.length]] as [number | null, number | null][]) {
      const ls = la === null ? c.lshape : [...c.lshape.slice(0, la), B, ...c.lshape.slice(la)];
      const rsh = ra === null ? c.rshape : [...c.rshape.slice(0, ra), B, ...c.rshape.slice(ra)];
      const l = arr(ints(prod(ls), 7), ls), r = arr(ints(prod(rsh), 8), rsh);
      const got = vmap(f, { inAxes: [la, ra] })(l, r) as NDArray;
      const take = (x: NDArray, ax: number | null, i: number) => (ax === null ? x : np.take(x, i, ax));
      const want = np.stack([...Array(B).keys()].map((i) => f(take(l, la, i), take(r, ra, i))));
      assert.deepEqual(got.shape, want.shape, `inAxes [${la}, ${ra}]`);
      assert.deepEqual(flat(got), flat(want), `inAxes [${la}, ${ra}]`);
    }
  }
}));

test("jit equals eager (forward and gradient) and stages one conv_general_dilated", () => {
  const c: Cfg = { lshape: [2, 6, 6, 3], rshape: [3, 3, 3, 4], strides: [2, 2], padding: [[1, 1], [1, 1]], lhsDilation: [1, 1], rhsDilation: [1, 1], dn: { lhs: [0, 3, 1, 2], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] }, fg: 1, bg: 1 };
  const l = arr(ints(prod(c.lshape), 1), c.lshape, "float32"), r = arr(ints(prod(c.rshape), 2), c.rshape, "float32");
  const f = convOf(c);
  assert.deepEqual(flat(jit(f)(l, r)), flat(f(l, r)));
  const loss = (a: NDArray, b: NDArray) => np.sum(np.square(f(a, b)));
  const [, back] = vjp(loss, l, r);
  const eager = back(np.array(1, { dtype: "float32" }));
  const jitted = jit((a: NDArray, b: NDArray) => vjp(loss, a, b)[1](np.array(1, { dtype: "float32" })))(l, r);
  assert.deepEqual(flat(jitted[0]), flat(eager[0]));
  assert.deepEqual(flat(jitted[1]), flat(eager[1]));
  assert.match(makeJaxpr(f)(l, r).toString(), /conv_general_dilated\[/);
});

// ---- values computed offline (scipy.signal.correlate2d, torch.nn.functional.conv2d/conv_transpose2d/conv3d) ----

/** round(sin(a·i + b), 3) for i = 0..n−1, as the offline script made its inputs. */
const sinData = (shape: number[], a: number, b: number, dtype: F = "float64") =>
  arr(Array.from({ length: prod(shape) }, (_, i) => Math.round(Math.sin(a * i + b) * 1000) / 1000), shape, dtype);

test("values against scipy.signal.correlate2d and PyTorch (float64 and float32)", () => {
  for (const dtype of ["float64", "float32"] as F[]) {
    const tol = dtype === "float64" ? 1e-12 : 2e-6;
    // scipy.signal.correlate2d(x, w, "valid")
    const a = lax.conv(sinData([1, 1, 4, 5], 0.7, 0.1, dtype), sinData([1, 1, 2, 3], 1.3, 0.4, dtype), [1, 1], "VALID");
    close(a, [[1.320223, 2.507572, 2.516819], [-2.053107, -2.675071, -2.039551], [2.524163, 2.501255, 1.302749]], tol);
    // torch conv2d(stride=2, padding=1, dilation=2, groups=2)
    const b = lax.convGeneralDilated(sinData([2, 4, 7, 6], 0.37, 0.2, dtype), sinData([6, 2, 3, 2], 0.91, 0.5, dtype), [2, 2], [[1, 1], [1, 1]], { rhsDilation: [2, 2], featureGroupCount: 2 });
    assert.deepEqual(b.shape, [2, 6, 3, 3]);
    close(np.take(b.reshape([-1]), np.array([0, 1, 17, 50, 107], { dtype: "int32" })), [-0.508552, -0.677642, 0.664138, 1.272796, -0.735301], tol);
    // torch conv_transpose2d(stride=2, padding=1): lax.convTranspose with the kernel transposed, NCHW/OIHW
    const t = lax.convTranspose(sinData([1, 3, 3, 4], 0.53, 0.3, dtype), sinData([3, 2, 3, 3], 0.77, 0.9, dtype), [2, 2], [[1, 1], [1, 1]], { dimensionNumbers: ["NCHW", "OIHW", "NCHW"], transposeKernel: true });
    assert.deepEqual(t.shape, [1, 2, 5, 7]);
    close(np.take(t.reshape([-1]), np.array([0, 6, 7, 33, 69], { dtype: "int32" })), [-0.40928, -1.238637, 0.86597, 0.411346, 0.179368], tol);
    // torch conv3d(stride=(1,2,1), padding=(1,0,1))
    const d = lax.convGeneralDilated(sinData([1, 2, 3, 4, 3], 0.29, 0.7, dtype), sinData([2, 2, 2, 2, 2], 0.61, 0.1, dtype), [1, 2, 1], [[1, 1], [0, 0], [1, 1]]);
    assert.deepEqual(d.shape, [1, 2, 4, 2, 4]);
    close(np.take(d.reshape([-1]), np.array([0, 9, 41, 63], { dtype: "int32" })), [-2.014174, 6.399148, -6.82, 1.870833], tol);
  }
});

test("string padding and dimension numbers follow jax.lax (SAME, SAME_LOWER, VALID; NHWC/HWIO)", () => {
  const x = arr(ints(1 * 5 * 5 * 2, 5), [1, 5, 5, 2]), w = arr(ints(2 * 2 * 2 * 3, 6), [2, 2, 2, 3]);
  const dn = { lhs: [0, 3, 1, 2], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] };
  const viaString = (pad: "SAME" | "SAME_LOWER" | "VALID") => lax.convGeneralDilated(x, w, [2, 2], pad, { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] });
  const viaPairs = (pad: [number, number][]) => lax.convGeneralDilated(x, w, [2, 2], pad, { dimensionNumbers: dn });
  // SAME: out ⌈5/2⌉ = 3, total padding (3−1)·2 + 2 − 5 = 1 → [0, 1]; SAME_LOWER puts it first
  assert.deepEqual(flat(viaString("SAME")), flat(viaPairs([[0, 1], [0, 1]])));
  assert.deepEqual(flat(viaString("SAME_LOWER")), flat(viaPairs([[1, 0], [1, 0]])));
  assert.deepEqual(viaString("VALID").shape, [1, 2, 2, 3]);
  // a conv of a one-hot image with a ones kernel counts the windows covering the hot pixel
  const hot = np.zeros([1, 1, 4, 4], { dtype: "float64" }).at(0, 0, 1, 2).set(1);
  assert.deepEqual(lax.conv(hot, np.ones([1, 1, 3, 3], { dtype: "float64" }), [1, 1], "SAME").toArray(), [[[[0, 1, 1, 1], [0, 1, 1, 1], [0, 1, 1, 1], [0, 0, 0, 0]]]]);
});

test("convTranspose: SAME and VALID output sizes, and the gradient of a strided conv (transposeKernel)", () => {
  const x = arr(ints(2 * 3 * 3 * 2, 9), [2, 3, 3, 2], "float64");
  const w = arr(ints(3 * 3 * 2 * 4, 10), [3, 3, 2, 4], "float64");
  assert.deepEqual(lax.convTranspose(x, w, [2, 2], "SAME").shape, [2, 6, 6, 4]);
  assert.deepEqual(lax.convTranspose(x, w, [2, 2], "VALID").shape, [2, 7, 7, 4]);
  // convTranspose(c, w, transposeKernel) is the lhs-gradient of conv(·, w) with the same strides and padding
  const k = arr(ints(3 * 3 * 4 * 2, 11), [3, 3, 4, 2], "float64"); // HWIO: 4 → 2 features
  const fwd = (a: NDArray) => lax.convGeneralDilated(a, k, [2, 2], [[1, 1], [1, 1]], { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] });
  const input = arr(ints(2 * 6 * 6 * 4, 12), [2, 6, 6, 4]);
  const [y, back] = vjp(fwd, input);
  const ct = arr(ints(y.size, 13), y.shape);
  const [g] = back(ct);
  const viaTranspose = lax.convTranspose(ct, k, [2, 2], [[1, 2], [1, 2]], { transposeKernel: true });
  assert.deepEqual(flat(viaTranspose), flat(g));
});

test("preferredElementType float64 accumulates float32 operands in float64", () => {
  const x = arr([1e8, 1, -1e8], [1, 1, 3], "float32"), w = arr([1, 1, 1], [1, 1, 3], "float32");
  const y = lax.convGeneralDilated(x, w, [1], "VALID", { preferredElementType: "float64" });
  assert.equal(y.dtype, "float64");
  assert.equal(y.item(), 1);
  // the gradient comes back in the operands' dtype
  const [gx, gw] = grad((a: NDArray, b: NDArray) => np.sum(lax.convGeneralDilated(a, b, [1], "SAME", { preferredElementType: "float64" })), { argnums: [0, 1] })(x, w) as NDArray[];
  assert.equal(gx.dtype, "float32");
  assert.equal(gw.dtype, "float32");
  assert.deepEqual(flat(gx), [2, 3, 2]);
  assert.deepEqual(flat(gw), [1e8, 1, -1e8]); // Σ_y x[y + k − 1]: 1e8 + 1, 1, 1 − 1e8 rounded to float32
});

test("bad input: clear errors naming the function, the shapes and what was expected", () => {
  const x = np.zeros([1, 4, 5, 5]), w = np.zeros([2, 3, 3, 3]);
  assert.throws(() => lax.conv(x, w, [1, 1], "SAME"), /conv_general_dilated: lhs features \(4\) must equal rhs input features \(3\) × featureGroupCount \(1\).*lhs f32\[1,4,5,5\]/);
  assert.throws(() => lax.conv(x, np.zeros([2, 4, 3]), [1, 1], "SAME"), /lax.convGeneralDilated: lhs \[1,4,5,5\] and rhs \[2,4,3\] must have the same rank/);
  assert.throws(() => lax.conv(x, np.zeros([2, 4, 3, 3]), [1], "SAME"), /windowStrides must be 2 integers ≥ 1/);
  assert.throws(() => lax.convGeneralDilated(x, np.zeros([2, 4, 3, 3]), [1, 1], "SAME", { lhsDilation: [2, 1] }), /string padding "SAME" is not defined with lhsDilation \[2,1\]/);
  assert.throws(() => lax.conv(x, np.zeros([2, 4, 3, 3]), [1, 1], "FULL" as never), /padding must be "SAME", "SAME_LOWER", "VALID"/);
  assert.throws(() => lax.conv(np.zeros([1, 4, 5, 5], { dtype: "int32" }), np.zeros([2, 4, 3, 3], { dtype: "int32" }), [1, 1], "SAME"), /expected float operands, got int32/);
  assert.throws(() => lax.convGeneralDilated(x, np.zeros([3, 2, 3, 3]), [1, 1], "SAME", { featureGroupCount: 2 }), /rhs output features \(3\) must be divisible by featureGroupCount \(2\)/);
  assert.throws(() => lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO"] as never }), /dimensionNumbers must be three strings/);
  assert.throws(() => lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWOI", "NXYC"] }), /must name the same spatial dimensions/);
  assert.throws(() => (lax.conv as (...a: unknown[]) => NDArray)(x, np.zeros([2, 4, 3, 3]), [1, 1], "SAME", 3), /lax.conv/);
});
