/**
 * @file The float64 FFT host kernels (src/fft): against a direct O(n²) DFT for many lengths (powers of
 * two, primes, 1, 0, smooth and awkward composites), against NumPy's values (computed offline, embedded),
 * norms, Parseval, round trips, real transforms (even and odd n, cropped/padded spectra), N-D and
 * strided axes, the bounded plan cache, and errors.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { fft, fftAxis, fftInPlace, fftN, fftPlanCacheSize, fftPlanKind, fftStrided } from "../src/fft/kernels.js";
import { irfft, irfftN, resizeAxis, rfft, rfftN } from "../src/fft/real.js";
import { seededRandom } from "../src/numeric/check.js";

/** The test signals (same formulas as the offline NumPy script). */
const sig = (n: number) => Float64Array.from({ length: n }, (_, j) => Math.sin(0.7 * j) + Math.cos(0.13 * j * j));
function csig(n: number): Float64Array {
  const s = sig(n), out = new Float64Array(2 * n);
  for (let j = 0; j < n; j++) (out[2 * j] = s[j]), (out[2 * j + 1] = Math.cos(0.31 * j + 0.2));
  return out;
}
function randomComplex(n: number, seed: number): Float64Array {
  const r = seededRandom(seed);
  return Float64Array.from({ length: 2 * n }, () => 2 * r() - 1);
}
/** Direct DFT in float64 with exactly reduced angles (j·k mod n). */
function dft(x: Float64Array, n: number, inverse = false): Float64Array {
  const out = new Float64Array(2 * n), sgn = inverse ? 1 : -1;
  const c = Float64Array.from({ length: n }, (_, k) => Math.cos((2 * Math.PI * k) / n));
  const s = Float64Array.from({ length: n }, (_, k) => sgn * Math.sin((2 * Math.PI * k) / n));
  for (let k = 0; k < n; k++) {
    let re = 0, im = 0;
    for (let j = 0, t = 0; j < n; j++, t = (t + k) % n) {
      const xr = x[2 * j], xi = x[2 * j + 1];
      re += xr * c[t] - xi * s[t];
      im += xr * s[t] + xi * c[t];
    }
    out[2 * k] = re;
    out[2 * k + 1] = im;
  }
  return out;
}
const maxAbs = (x: ArrayLike<number>) => Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
function maxErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, `lengths ${a.length} vs ${b.length}`);
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e;
}
function near(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  const e = maxErr(a, b), scale = Math.max(1, maxAbs(b));
  assert.ok(e <= tol * scale, `${what}: max error ${e} > ${tol}·${scale}`);
}
const bound = (n: number) => 1e-13 * Math.max(1, Math.log2(n));

describe("complex FFT vs direct DFT", () => {
  // powers of two, mixed radix (4, 2, 3, 5 written out; one of 7, 11, 13 direct), Bluestein (primes > 13, 255 = 3·5·17, 1001 = 7·11·13, …)
  const lengths = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 30, 31, 32, 49, 60, 64, 77, 97, 100, 121, 127, 128, 169, 210, 243, 255, 256, 257, 360, 512, 625, 729, 1000, 1001, 1021, 1024, 1560, 2048, 2310];
  test("plan kinds by length", () => {
    assert.deepEqual([1, 2, 1024].map(fftPlanKind), ["radix2", "radix2", "radix2"]);
    assert.deepEqual([3, 6, 12, 1000, 7 * 1024, 13 * 360, 100000].map(fftPlanKind), Array(7).fill("mixed"));
    // a prime factor > 13, or two factors of 7, 11, 13
    assert.deepEqual([17, 255, 10007, 2 * 19, 49, 1001, 2310].map(fftPlanKind), Array(7).fill("bluestein"));
  });
  for (const n of lengths) {
    test(`n = ${n}: forward and inverse within 1e-13·log2 n of the DFT, relative to max |X|`, () => {
      const x = randomComplex(n, n);
      const X = fft(x, n), ref = dft(x, n);
      const e = maxErr(X, ref) / Math.max(maxAbs(ref), 1e-300);
      assert.ok(e <= bound(n), `forward: ${e}`);
      const Y = fft(x, n, { inverse: true }), refI = dft(x, n, true).map((v) => v / n);
      assert.ok(maxErr(Y, refI) <= bound(n) * maxAbs(refI), `inverse`);
    });
  }
  test("prime n = 10007 (Bluestein): vs the direct DFT and vs NumPy", () => {
    const n = 10007, x = csig(n);
    const X = fft(x, n), ref = dft(x, n);
    assert.ok(maxErr(X, ref) <= bound(n) * maxAbs(ref), `vs DFT: ${maxErr(X, ref) / maxAbs(ref)}`);
    const numpy = [57.54667654991967, -3.3656730832617736, 17.898534871954322, 25.265935957092424, 14.127294021498344, 88.75937714103586, 17.910822481955613, -31.99731381758209];
    const picks = [0, 1, 5000, 10006].flatMap((k) => [X[2 * k], X[2 * k + 1]]);
    near(picks, numpy, 1e-13 * Math.sqrt(n), "vs NumPy");
  });
  test("n = 2^16: NumPy's values at four frequencies; round trip", () => {
    const n = 65536, x = csig(n);
    const X = fft(x, n);
    const numpy = [320.9433238185309, 1.3346234809641129, 121.72028762939576, 64.51325711832563, 73.44722008584117, -15.786086021008092, 121.72416832386148, -61.8440100850585];
    near([0, 1, 12345, 65535].flatMap((k) => [X[2 * k], X[2 * k + 1]]), numpy, 1e-13 * Math.sqrt(n), "vs NumPy");
    near(fft(X, n, { inverse: true }), x, 1e-14 * 16, "round trip");
  });
  test("n = 0 and empty batches give empty results", () => {
    assert.equal(fft(new Float64Array(0), 0).length, 0);
    assert.equal(fftInPlace(new Float64Array(0), 5, 0).length, 0);
    assert.deepEqual(Array.from(fft(Float64Array.of(2, -3), 1)), [2, -3]);
  });
});

describe("property: random lengths", () => {
  test("n in 1…700 (every plan kind), batches of 1…3: each line equals the direct DFT; the inverse undoes it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 700 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 1e6 }), (n, count, seed) => {
        const x = randomComplex(n * count, seed);
        const X = fft(x, n);
        for (let b = 0; b < count; b++) {
          const ref = dft(x.subarray(2 * n * b, 2 * n * (b + 1)), n);
          if (maxErr(X.subarray(2 * n * b, 2 * n * (b + 1)), ref) > bound(n) * Math.max(maxAbs(ref), 1)) return false;
        }
        return maxErr(fft(X, n, { inverse: true }), x) <= bound(n);
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});

describe("NumPy reference values (numpy.fft, embedded)", () => {
  test("fft n = 7 (backward), ifft n = 6 (ortho), fft n = 5 (forward)", () => {
    near(fft(csig(7), 7), [3.341043595453761, 2.443946640065815, 2.368481171295438, -5.096460311749853, 1.769575773906706, 0.7944190193528966, 0.6112714251770361, 0.8352782999661492, 0.2140112374682786, 0.7795170312574735, 0.36146641623386744, 0.7729816899529616, -1.6658496195350874, 6.330783676043248], 1e-15, "fft7");
    near(fft(csig(6), 6, { inverse: true, norm: "ortho" }), [1.73301508942176, 1.1895823456205201, -0.9579016921637357, 1.9647890165859263, 0.33689724996424103, 0.6113389641604808, 0.4721584292221357, 0.27416045971172226, 0.6898800511672739, -0.07804038335625361, 0.17544061517150347, -1.5611673730556628], 1e-15, "ifft6 ortho");
    near(fft(csig(5), 5, { norm: "forward" }), [1.117983117879448, 0.618423161888582, -0.039750342399041676, -0.33208143396321854, 0.19065401115441435, 0.006114997874891049, 0.1133452575962382, 0.1983448105298693, -0.3822320442310587, 0.489265041511118], 1e-15, "fft5 forward");
  });
  test("rfft n = 10 and n = 9", () => {
    near(rfft(sig(10), 10), [1.842103371841128, 0.0, 4.020580153047479, -5.626367219254261, -1.949666714098106, -2.247883476287102, 2.046537369137315, -0.2282860077192701, 0.1663327687521281, 0.8375822639002544, -0.4096705255187616, 0.0], 1e-15, "rfft10");
    near(rfft(sig(9), 9), [2.274225509437698, 0.0, 2.9819037277989837, -5.833721729907933, -1.9798285217385463, -0.6694867461101768, 0.8869901864568388, -1.7920753965117586, 1.473821852763875, -0.44064715514655717], 1e-15, "rfft9");
  });
  test("irfft of 5 complex values to n = 9, 8, 6 (cropped) and 12 (zero-padded); imaginary DC/Nyquist ignored", () => {
    const X = csig(5);
    near(irfft(X, 9, 1, "backward", 5), [1.1310923531993864, -0.012319625554531958, -0.5200970270665003, -0.04285877364643991, -0.08258517541315138, -0.037683479688176494, 0.08067378775178964, -0.23588103764555512, 0.719658978063179], 1e-15, "n=9");
    near(irfft(X, 8, 1, "backward", 5), [1.2915406413716166, -0.1885952746085139, -0.4689001463677327, 0.0173099611297326, -0.15302967458317507, 0.13560815900932063, -0.24585779650993578, 0.6119241305586877], 1e-15, "n=8");
    near(irfft(X, 6, 1, "backward", 5), [1.538576338699047, -0.5273550003271643, -0.26094724598458074, 0.03026960107835963, -0.1509485672359141, 0.37040487377025255], 1e-15, "n=6");
    near(irfft(X, 12, 1, "backward", 5), [0.8483192648995398, 0.22545081662189664, -0.3365913842246336, -0.32530792692669297, -0.03214408023482993, -0.012167693565480345, -0.11472761240365453, 0.040919279840670855, 0.060505340813842234, -0.176613027021495, 0.074638471149736, 0.7477185510511006], 1e-15, "n=12");
  });
  test("fft2 of a 3×4 complex array; rfftn of a 3×4 real array", () => {
    near(fftN(csig(12), [3, 4], [0, 1]), [3.3949477848409995, -2.036498761903549, -1.8584402673610803, 2.387136559428094, 1.166351821819337, 0.9164273706856325, -3.635232924625714, -0.40648124525059703, 9.106403386570902, 7.563243830022367, 1.5710391036814744, -4.811633056619827, -0.1541297185738158, 0.6515105257425688, -0.5037613429602895, -1.1680655273452487, 4.725877453315178, 3.3583312339954734, -0.9341514661719423, 2.1707770188664925, -1.119837269975941, -0.4792874877693609, 0.2409334394408923, 3.6153384742428543], 1e-15, "fft2");
    const r = rfftN(sig(12), [3, 4]);
    assert.deepEqual(r.shape, [3, 3]);
    near(r.data, [3.3949477848409995, 0.0, -2.746836595993397, 1.3968089023393457, 1.166351821819337, 0.0, 6.91614041994304, 2.102456298013447, 0.9059862715611832, -4.213485765431341, -0.6369834942748783, 0.5653990067559649, 6.91614041994304, -2.102456298013447, -0.718956404566116, 1.669421273105871, -0.6369834942748783, -0.5653990067559649], 1e-15, "rfftn");
    const back = irfftN(r.data, r.shape, [0, 1], 4);
    assert.deepEqual(back.shape, [3, 4]);
    near(back.data, sig(12), 1e-15, "irfftn round trip");
  });
});

describe("identities", () => {
  for (const n of [1, 2, 3, 8, 10, 17, 64, 100, 101, 1024, 4099]) {
    test(`n = ${n}: Parseval, round trips under each norm, linearity, shift theorem`, () => {
      const x = randomComplex(n, 1000 + n), y = randomComplex(n, 2000 + n);
      const X = fft(x, n);
      const e2 = (v: Float64Array) => v.reduce((s, t) => s + t * t, 0);
      assert.ok(Math.abs(e2(X) / n - e2(x)) <= 1e-13 * e2(x), "Parseval");
      for (const norm of ["backward", "ortho", "forward"] as const) near(fft(fft(x, n, { norm }), n, { inverse: true, norm }), x, 1e-14 * Math.max(1, Math.log2(n)), `round trip ${norm}`);
      const o = fft(x, n, { norm: "ortho" });
      assert.ok(Math.abs(e2(o) - e2(x)) <= 1e-13 * e2(x), "ortho is unitary");
      const sum = x.map((v, i) => 2 * v - y[i]);
      const Yf = fft(y, n);
      near(fft(sum, n), X.map((v, i) => 2 * v - Yf[i]), bound(n), "linearity");
      // x shifted by one: X_k · e^{−2πik/n}
      const shifted = new Float64Array(2 * n);
      for (let j = 0; j < n; j++) (shifted[2 * ((j + 1) % n)] = x[2 * j]), (shifted[2 * ((j + 1) % n) + 1] = x[2 * j + 1]);
      const S = fft(shifted, n), want = new Float64Array(2 * n);
      for (let k = 0; k < n; k++) {
        const c = Math.cos((2 * Math.PI * k) / n), s = -Math.sin((2 * Math.PI * k) / n);
        want[2 * k] = X[2 * k] * c - X[2 * k + 1] * s;
        want[2 * k + 1] = X[2 * k] * s + X[2 * k + 1] * c;
      }
      near(S, want, bound(n), "shift");
    });
  }
  test("impulse → constant, constant → impulse, a pure tone → one bin", () => {
    const n = 12, d = new Float64Array(2 * n);
    d[0] = 1;
    near(fft(d, n), Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? 1 : 0)), 1e-15, "impulse");
    const one = Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? 1 : 0));
    near(fft(one, n), Array.from({ length: 2 * n }, (_, i) => (i === 0 ? n : 0)), 1e-15, "constant");
    const tone = new Float64Array(2 * n);
    for (let j = 0; j < n; j++) (tone[2 * j] = Math.cos((2 * Math.PI * 5 * j) / n)), (tone[2 * j + 1] = Math.sin((2 * Math.PI * 5 * j) / n));
    const T = fft(tone, n);
    for (let k = 0; k < n; k++) {
      assert.ok(Math.abs(T[2 * k] - (k === 5 ? n : 0)) < 1e-13 && Math.abs(T[2 * k + 1]) < 1e-13, `bin ${k}`);
    }
  });
});

describe("real transforms", () => {
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 15, 16, 31, 100, 101, 256, 1000]) {
    test(`n = ${n}: rfft = first ⌊n/2⌋+1 terms of the complex FFT; irfft inverts it (each norm); batched`, () => {
      const r = seededRandom(n);
      const count = 3, x = Float64Array.from({ length: n * count }, () => 2 * r() - 1);
      for (const norm of ["backward", "ortho", "forward"] as const) {
        const R = rfft(x, n, count, norm);
        const h = (n >> 1) + 1;
        assert.equal(R.length, 2 * h * count);
        for (let b = 0; b < count; b++) {
          const c = new Float64Array(2 * n);
          for (let j = 0; j < n; j++) c[2 * j] = x[b * n + j];
          near(R.subarray(2 * h * b, 2 * h * (b + 1)), fft(c, n, { norm }).subarray(0, 2 * h), bound(n), `rfft ${norm} line ${b}`);
        }
        near(irfft(R, n, count, norm), x, bound(n), `irfft ${norm}`);
      }
    });
  }
  test("rfft crops or zero-pads the input to n (NumPy's n)", () => {
    const x = sig(10);
    near(rfft(x, 6, 1, "backward", 10), rfft(x.subarray(0, 6), 6), 0, "cropped");
    const padded = new Float64Array(16);
    padded.set(x);
    near(rfft(x, 16, 1, "backward", 10), rfft(padded, 16), 0, "padded");
  });
  test("resizeAxis crops and pads the middle axis of a complex array", () => {
    const x = Float64Array.from({ length: 2 * 2 * 3 * 2 }, (_, i) => i);
    const y = resizeAxis(x, [2, 3, 2], 1, 4, true);
    assert.equal(y.length, 2 * 4 * 2 * 2);
    assert.deepEqual(Array.from(y.subarray(0, 16)), [...Array.from(x.subarray(0, 12)), 0, 0, 0, 0]);
    assert.deepEqual(Array.from(resizeAxis(x, [2, 3, 2], 1, 1, true)), [0, 1, 2, 3, 12, 13, 14, 15]);
  });
});

describe("axes and N-D", () => {
  test("fftAxis along each axis of a 3×5×4 array equals a transform of the gathered lines", () => {
    const shape = [3, 5, 4], x = randomComplex(60, 7);
    for (let axis = 0; axis < 3; axis++) {
      const y = fftAxis(x, shape, axis);
      const n = shape[axis], strides = [20, 4, 1];
      for (let line = 0; line < 60 / n; line++) {
        // the line's start: an index with 0 on `axis`
        const rest = shape.map((_, d) => d).filter((d) => d !== axis);
        const idx = [0, 0, 0];
        let t = line;
        for (let r = rest.length - 1; r >= 0; r--) (idx[rest[r]] = t % shape[rest[r]]), (t = Math.floor(t / shape[rest[r]]));
        const start = idx.reduce((s, v, d) => s + v * strides[d], 0);
        const g = new Float64Array(2 * n), h = new Float64Array(2 * n);
        for (let k = 0; k < n; k++) {
          const at = 2 * (start + k * strides[axis]);
          (g[2 * k] = x[at]), (g[2 * k + 1] = x[at + 1]), (h[2 * k] = y[at]), (h[2 * k + 1] = y[at + 1]);
        }
        near(h, dft(g, n), 1e-14, `axis ${axis} line ${line}`);
      }
    }
  });
  test("fftStrided in place: columns of a 6×5 array (stride 5), every other row, and a negative stride", () => {
    const x = randomComplex(30, 11);
    const cols = fftStrided(Float64Array.from(x), 6, { stride: 5, count: 5, batchStride: 1 });
    near(cols, fftAxis(x, [6, 5], 0), 1e-15, "columns = axis 0");
    const rows = fftStrided(Float64Array.from(x), 5, { offset: 5, count: 3, batchStride: 10, inverse: true, norm: "ortho" });
    for (let r = 0; r < 6; r++) {
      const seg = (a: Float64Array) => a.subarray(10 * r, 10 * r + 10);
      near(seg(rows), r % 2 === 1 ? fft(seg(x), 5, { inverse: true, norm: "ortho" }) : seg(x), 1e-15, `row ${r}`);
    }
    // reversed order in, reversed order out: the same as the transform of the reversed sequence
    const rev = fftStrided(Float64Array.from(x.subarray(0, 10)), 5, { offset: 4, stride: -1 });
    const flipped = new Float64Array(10);
    for (let k = 0; k < 5; k++) (flipped[2 * k] = x[2 * (4 - k)]), (flipped[2 * k + 1] = x[2 * (4 - k) + 1]);
    const F = fft(flipped, 5), want = new Float64Array(10);
    for (let k = 0; k < 5; k++) (want[2 * (4 - k)] = F[2 * k]), (want[2 * (4 - k) + 1] = F[2 * k + 1]);
    near(rev, want, 1e-15, "negative stride");
    assert.throws(() => fftStrided(new Float64Array(10), 5, { stride: 2 }), /fft: strided sequences reach outside the buffer of 5 complex numbers/);
    assert.throws(() => fftStrided(new Float64Array(10), 5, { count: 1.5 }), /fft: count must be a non-negative integer, got 1.5/);
  });
  test("fftN over all axes is separable (order does not matter) and inverts", () => {
    const shape = [4, 3, 6], x = randomComplex(72, 8);
    const a = fftN(x, shape), b = fftN(x, shape, [2, 0, 1]);
    near(a, b, 1e-14, "order");
    near(fftN(a, shape, undefined, true), x, 1e-14, "inverse");
    near(fftN(x, shape, []), x, 0, "no axes: copy");
  });
  test("rfftN with a middle axis halved; irfftN inverts", () => {
    const shape = [4, 6, 3], r = seededRandom(9), x = Float64Array.from({ length: 72 }, () => r());
    const R = rfftN(x, shape, [0, 2, 1]);
    assert.deepEqual(R.shape, [4, 4, 3]);
    const back = irfftN(R.data, R.shape, [0, 2, 1], 6);
    near(back.data, x, 1e-14, "round trip");
  });
});

describe("plans and errors", () => {
  test("the plan cache stays bounded over many lengths", () => {
    for (let n = 3; n < 200; n += 2) fft(randomComplex(n, n), n);
    assert.ok(fftPlanCacheSize() <= 32, `${fftPlanCacheSize()} plans`);
    // a length evicted and re-planned still gives the right answer
    near(fft(csig(7), 7).subarray(0, 2), [3.341043595453761, 2.443946640065815], 1e-15, "re-planned");
  });
  test("bad arguments name the function and what was expected", () => {
    assert.throws(() => fft(new Float64Array(5), 2), /fft: 5 numbers are not a whole number of complex sequences of length 2/);
    assert.throws(() => fftInPlace(new Float64Array(4), 4, 1), /fft: buffer of 4 numbers is too short/);
    assert.throws(() => fft(new Float64Array(4), 2, { norm: "none" as never }), /fft: norm must be "backward", "ortho" or "forward", got "none"/);
    assert.throws(() => fftAxis(new Float64Array(12), [2, 3], 2), /fft: axis 2 out of range for shape \[2,3\]/);
    assert.throws(() => rfft(new Float64Array(3), 0), /rfft: number of output points n must be a positive integer, got 0/);
    assert.throws(() => irfft(new Float64Array(3), 4), /irfft: 3 numbers do not hold 1 lines of 3 complex values/);
    assert.throws(() => fftN(new Float64Array(8), [2, 2], [1, 1]), /fftn: repeated axes/);
  });
  test("NaN and ±Inf propagate without hanging", () => {
    const x = csig(10);
    x[4] = NaN;
    assert.ok(fft(x, 10).some(Number.isNaN));
    const y = csig(8);
    y[0] = Infinity;
    assert.ok(!Number.isFinite(fft(y, 8)[0]));
  });
});
