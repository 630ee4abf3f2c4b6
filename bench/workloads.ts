/**
 * @file The workloads W1–W6 of issue 3 and W7–W8 of issue 4 (control flow, linear algebra): their
 * inputs (seeded, identical for every library), their analytic answers, and the checks every result
 * must pass. Nothing here depends on a library.
 */
import { fmt, normal32, uniform32, rng } from "./util.js";
import { checkW9Loss, W9Data, w9Data } from "./w9.js";

export type RowId = "W1" | "W2" | "W3" | "W4-f32" | "W4-f64" | "W5" | "W6-fwd" | "W6-rev" | "W7-fwd" | "W7-grad" | "W8-eigh" | "W8-svd" | "W9-mlp" | "W9-cnn";

export interface RowSpec {
  id: RowId;
  workload: "W1" | "W2" | "W3" | "W4" | "W5" | "W6" | "W7" | "W8" | "W9";
  label: string;
  /** What the table shows: a time per call (lower is better) or a rate (higher is better). */
  unit: "µs/call" | "ms" | "ms/step" | "ms/epoch" | "GFLOP/s";
  /** For rates: floating-point operations per call. */
  flops?: number;
}

export const ROWS: RowSpec[] = [
  { id: "W1", workload: "W1", label: "W1 grad x·x·x, scalar → JS number", unit: "µs/call" },
  { id: "W2", workload: "W2", label: "W2 grad Σ sin(x)x²+e^(−x), 1e6 f32", unit: "ms" },
  { id: "W3", workload: "W3", label: "W3 MLP 784-512-512-10 train step, batch 128", unit: "ms/step" },
  { id: "W4-f32", workload: "W4", label: "W4 matmul 1024² float32", unit: "GFLOP/s", flops: 2 * 1024 ** 3 },
  { id: "W4-f64", workload: "W4", label: "W4 matmul 1024² float64", unit: "GFLOP/s", flops: 2 * 1024 ** 3 },
  { id: "W5", workload: "W5", label: "W5 Hessian 100×100 of Σ log1p((Ax)²)", unit: "ms" },
  { id: "W6-fwd", workload: "W6", label: "W6 Jacobian 1000×1000 tanh(Wx), jacfwd", unit: "ms" },
  { id: "W6-rev", workload: "W6", label: "W6 Jacobian 1000×1000 tanh(Wx), jacrev", unit: "ms" },
  { id: "W7-fwd", workload: "W7", label: "W7 scan 10,000 Euler steps (damped oscillator), x(T)", unit: "ms" },
  { id: "W7-grad", workload: "W7", label: "W7 scan 10,000 Euler steps, d x(T)/d c", unit: "ms" },
  { id: "W8-eigh", workload: "W8", label: "W8 eigh 200×200 float64 (values and vectors)", unit: "ms" },
  { id: "W8-svd", workload: "W8", label: "W8 svd 200×200 float64 (u, s, vh)", unit: "ms" },
  // ---- issue 11: W9 ----
  { id: "W9-mlp", workload: "W9", label: "W9 MNIST epoch, MLP 784-512-512-10, batch 128 (test acc.)", unit: "ms/epoch" },
  { id: "W9-cnn", workload: "W9", label: "W9 MNIST epoch, CNN conv32-pool-conv64-pool-dense, batch 128 (test acc.)", unit: "ms/epoch" },
];

/** The value a table cell shows for a median time in milliseconds. */
export function displayValue(row: RowSpec, ms: number): number {
  if (row.unit === "µs/call") return ms * 1000;
  if (row.unit === "GFLOP/s") return row.flops! / (ms * 1e6);
  return ms;
}

// ---------------------------------------------------------------------------------------------
// Inputs and analytic answers

export interface W1Data { x: number; expected: number }
export interface W2Data { n: number; x: Float32Array; expected: Float64Array; scale: Float64Array }
export interface W3Data {
  batch: number;
  sizes: number[];
  lr: number;
  x: Float32Array; // [batch, 784]
  labels: Int32Array; // [batch]
  y: Float32Array; // one-hot [batch, 10]
  /** w1, b1, w2, b2, w3, b3 (weights are [in, out]) */
  params: Float32Array[];
  shapes: number[][];
  refLoss: number;
  refGrads: Float64Array[];
}
export interface W4Data { n: number; a32: Float32Array; b32: Float32Array; a64: Float64Array; b64: Float64Array; probes: [number, number][] }
export interface W5Data { n: number; A: Float32Array; x: Float32Array; H: Float64Array }
export interface W6Data { n: number; W: Float32Array; x: Float32Array; J: Float64Array }
/** x'' = −k·x − c·x' by explicit Euler from x = x0, v = 0; `x`, `dxdc`: x(T) and d x(T)/d c in float64. */
export interface W7Data { steps: number; k: number; h: number; c: number; x0: number; x: number; dxdc: number; anchorMs: { fwd: number; grad: number } }
/** B (float32 values, seeded), A = (B + Bᵀ)/2 in float64; eig: eigenvalues of A ascending; sv: singular values of B descending. */
export interface W8Data { n: number; B: Float32Array; A: Float64Array; eig: Float64Array; sv: Float64Array }

export const PARAM_NAMES = ["w1", "b1", "w2", "b2", "w3", "b3"] as const;

export function w1Data(): W1Data {
  return { x: 1.5, expected: 3 * 1.5 * 1.5 };
}

export function w2Data(): W2Data {
  const n = 1_000_000;
  const x = uniform32(n, 2, -3, 3);
  const expected = new Float64Array(n);
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i], s = Math.sin(v), c = Math.cos(v), e = Math.exp(-v);
    expected[i] = c * v * v + 2 * v * s - e; // d/dx [sin(x)x² + e^(−x)]
    scale[i] = Math.abs(c) * v * v + Math.abs(2 * v * s) + e;
  }
  return { n, x, expected, scale };
}

/** C[m×n] = op(A)·op(B) in float64; op = transpose when the flag is set. A is m×k (or k×m). */
function mm(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, ta = false, tb = false): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const av = ta ? a[p * m + i] : a[i * k + p];
      if (av === 0) continue;
      const row = i * n;
      if (tb) for (let j = 0; j < n; j++) c[row + j] += av * b[j * k + p];
      else {
        const off = p * n;
        for (let j = 0; j < n; j++) c[row + j] += av * b[off + j];
      }
    }
  }
  return c;
}

/** An independent float64 forward and backward pass of the MLP (plain loops, hand-written backprop). */
function mlpReference(d: Omit<W3Data, "refLoss" | "refGrads">): { loss: number; grads: Float64Array[] } {
  const B = d.batch;
  const [n0, n1, n2, n3] = d.sizes;
  const [w1, b1, w2, b2, w3, b3] = d.params;
  const affine = (inp: ArrayLike<number>, w: Float32Array, b: Float32Array, k: number, n: number) => {
    const z = mm(inp, w, B, k, n);
    for (let i = 0; i < B; i++) for (let j = 0; j < n; j++) z[i * n + j] += b[j];
    return z;
  };
  const z1 = affine(d.x, w1, b1, n0, n1);
  const h1 = z1.map((v) => (v > 0 ? v : 0));
  const z2 = affine(h1, w2, b2, n1, n2);
  const h2 = z2.map((v) => (v > 0 ? v : 0));
  const z3 = affine(h2, w3, b3, n2, n3);
  let loss = 0;
  const dz3 = new Float64Array(B * n3);
  for (let i = 0; i < B; i++) {
    let mx = -Infinity;
    for (let j = 0; j < n3; j++) mx = Math.max(mx, z3[i * n3 + j]);
    let se = 0;
    for (let j = 0; j < n3; j++) se += Math.exp(z3[i * n3 + j] - mx);
    const lse = mx + Math.log(se);
    for (let j = 0; j < n3; j++) {
      const ls = z3[i * n3 + j] - lse;
      loss -= d.y[i * n3 + j] * ls;
      dz3[i * n3 + j] = (Math.exp(ls) - d.y[i * n3 + j]) / B;
    }
  }
  loss /= B;
  const colSum = (g: Float64Array, n: number) => {
    const s = new Float64Array(n);
    for (let i = 0; i < B; i++) for (let j = 0; j < n; j++) s[j] += g[i * n + j];
    return s;
  };
  const gw3 = mm(h2, dz3, n2, B, n3, true);
  const gb3 = colSum(dz3, n3);
  const dz2 = mm(dz3, w3, B, n3, n2, false, true).map((v, i) => (z2[i] > 0 ? v : 0));
  const gw2 = mm(h1, dz2, n1, B, n2, true);
  const gb2 = colSum(dz2, n2);
  const dz1 = mm(dz2, w2, B, n2, n1, false, true).map((v, i) => (z1[i] > 0 ? v : 0));
  const gw1 = mm(d.x, dz1, n0, B, n1, true);
  const gb1 = colSum(dz1, n1);
  return { loss, grads: [gw1, gb1, gw2, gb2, gw3, gb3] };
}

export function w3Data(): W3Data {
  const batch = 128;
  const sizes = [784, 512, 512, 10];
  const x = uniform32(batch * sizes[0], 31, 0, 1);
  const u = rng(32);
  const labels = Int32Array.from({ length: batch }, () => Math.floor(u() * 10));
  const y = new Float32Array(batch * 10);
  labels.forEach((l, i) => (y[i * 10 + l] = 1));
  const params: Float32Array[] = [];
  const shapes: number[][] = [];
  for (let l = 0; l < 3; l++) {
    const [fi, fo] = [sizes[l], sizes[l + 1]];
    params.push(normal32(fi * fo, 40 + l, Math.sqrt(2 / fi)));
    params.push(normal32(fo, 50 + l, 0.01));
    shapes.push([fi, fo], [fo]);
  }
  const base = { batch, sizes, lr: 0.02, x, labels, y, params, shapes };
  const ref = mlpReference(base);
  return { ...base, refLoss: ref.loss, refGrads: ref.grads };
}

export function w4Data(): W4Data {
  const n = 1024;
  const a32 = normal32(n * n, 41), b32 = normal32(n * n, 42);
  const u = rng(43);
  const probes = Array.from({ length: 32 }, () => [Math.floor(u() * n), Math.floor(u() * n)] as [number, number]);
  return { n, a32, b32, a64: Float64Array.from(a32), b64: Float64Array.from(b32), probes };
}

export function w5Data(): W5Data {
  const n = 100;
  const A = normal32(n * n, 51, 1 / Math.sqrt(n));
  const x = normal32(n, 52);
  // u = A x; H = Aᵀ diag(2(1−u²)/(1+u²)²) A
  const dvec = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let u = 0;
    for (let j = 0; j < n; j++) u += A[i * n + j] * x[j];
    dvec[i] = (2 * (1 - u * u)) / (1 + u * u) ** 2;
  }
  const H = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      const a = A[k * n + i] * dvec[k];
      for (let j = 0; j < n; j++) H[i * n + j] += a * A[k * n + j];
    }
  }
  return { n, A, x, H };
}

export function w6Data(): W6Data {
  const n = 1000;
  const W = normal32(n * n, 61, 1 / Math.sqrt(n));
  const x = normal32(n, 62);
  // J = diag(1 − tanh²(Wx)) W
  const J = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += W[i * n + j] * x[j];
    const t = Math.tanh(s), d = 1 - t * t;
    for (let j = 0; j < n; j++) J[i * n + j] = d * W[i * n + j];
  }
  return { n, W, x, J };
}

type W7Params = Pick<W7Data, "steps" | "k" | "h" | "c" | "x0">;

/** The W7 recursion in plain JS numbers: x(T). */
function euler(d: W7Params): number {
  const { k, h, c } = d;
  let x = d.x0, v = 0;
  for (let n = 0; n < d.steps; n++) [x, v] = [x + h * v, v + h * (-k * x - c * v)];
  return x;
}

/** The same with its forward-mode derivative alongside: [x(T), d x(T)/d c]. */
function eulerWithDerivative(d: W7Params): [number, number] {
  const { k, h, c } = d;
  let x = d.x0, v = 0, dx = 0, dv = 0;
  for (let n = 0; n < d.steps; n++) [x, v, dx, dv] = [x + h * v, v + h * (-k * x - c * v), dx + h * dv, dv + h * (-k * dx - c * dv - v)];
  return [x, dx];
}

/** Milliseconds per call of `f`, best of 9 samples (batched so a sample lasts ≳ 5 ms): the anchor timings of W7. */
function timeMs(f: () => void): number {
  for (let i = 0; i < 500; i++) f();
  let batch = 1;
  for (let t0 = performance.now(); performance.now() - t0 < 5; batch *= 2) for (let b = 0; b < batch; b++) f();
  const xs: number[] = [];
  for (let r = 0; r < 9; r++) {
    const t0 = performance.now();
    for (let b = 0; b < batch; b++) f();
    xs.push((performance.now() - t0) / batch);
  }
  return Math.min(...xs);
}

export function w7Data(): W7Data {
  const base = { steps: 10_000, k: 4, h: 0.001, c: 0.5, x0: 1 };
  const [x, dxdc] = eulerWithDerivative(base);
  const anchorMs = { fwd: timeMs(() => euler(base)), grad: timeMs(() => eulerWithDerivative(base)) };
  return { ...base, x, dxdc, anchorMs };
}

/** Eigenvalues (ascending) of a symmetric n×n matrix by cyclic Jacobi rotations, plain float64 loops. */
function jacobiEigenvalues(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  let total = 0;
  for (let i = 0; i < n * n; i++) total += m[i] * m[i];
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q] ** 2;
    if (off <= 1e-34 * total) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        // rotation Jᵀ M J that zeroes M[p, q] (Numerical Recipes' choice of the smaller angle)
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p], mkq = m[k * n + q];
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k], mqk = m[q * n + k];
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => m[i * n + i]).sort();
}

export function w8Data(): W8Data {
  const n = 200;
  const B = normal32(n * n, 81);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = (B[i * n + j] + B[j * n + i]) * 0.5;
  const eig = jacobiEigenvalues(A, n);
  // singular values of B: √ of the eigenvalues of BᵀB, descending
  const sv = jacobiEigenvalues(mm(B, B, n, n, n, true), n).map((l) => Math.sqrt(Math.max(l, 0))).reverse();
  return { n, B, A, eig, sv };
}

export type AnyData = W1Data | W2Data | W3Data | W4Data | W5Data | W6Data | W7Data | W8Data | W9Data;
export type { W9Data };

/** Inputs for a workload, built once and shared by the rows of that workload (W9 loads MNIST: async). */
export function makeData(w: RowSpec["workload"]): AnyData | Promise<AnyData> {
  switch (w) {
    case "W1": return w1Data();
    case "W2": return w2Data();
    case "W3": return w3Data();
    case "W4": return w4Data();
    case "W5": return w5Data();
    case "W6": return w6Data();
    case "W7": return w7Data();
    case "W8": return w8Data();
    case "W9": return w9Data();
  }
}

// ---------------------------------------------------------------------------------------------
// Checks

/** What one call of a case returns: a JS number (W1: the derivative; W3: the loss) or the flat result. */
export type Out = number | Float32Array | Float64Array;
export interface Check { ok: boolean; detail: string }

const e = (v: number) => v.toExponential(1);

function checkDense(out: Out, expected: Float64Array, rtolOfMax: number, what: string): Check {
  if (typeof out === "number" || out.length !== expected.length) {
    return { ok: false, detail: `${what}: wrong size (${typeof out === "number" ? "a number" : out.length} vs ${expected.length})` };
  }
  let maxRef = 0, maxErr = 0;
  for (let i = 0; i < expected.length; i++) {
    maxRef = Math.max(maxRef, Math.abs(expected[i]));
    const d = Math.abs(out[i] - expected[i]);
    maxErr = Number.isNaN(d) ? Infinity : Math.max(maxErr, d);
  }
  const rel = maxErr / maxRef;
  let transposed = "";
  const n = Math.round(Math.sqrt(expected.length));
  if (!(rel <= rtolOfMax) && n * n === expected.length) {
    let errT = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) errT = Math.max(errT, Math.abs(out[j * n + i] - expected[i * n + j]));
    if (errT / maxRef <= rtolOfMax) transposed = " — the result is the transpose of the right answer";
  }
  return { ok: rel <= rtolOfMax, detail: `${what}: max |err| / max |ref| = ${e(rel)} (tol ${e(rtolOfMax)})${transposed}` };
}

/** Checks a result of the first call against the analytic answer. `params` is the W3 state after that call. */
export function checkFirst(row: RowId, data: AnyData, out: Out, params?: Float32Array[]): Check {
  switch (row) {
    case "W1": {
      const d = data as W1Data;
      const err = typeof out === "number" ? Math.abs(out - d.expected) : NaN;
      return { ok: err <= 1e-5, detail: `3x² at ${d.x}: got ${out}, expected ${d.expected}` };
    }
    case "W2": {
      const d = data as W2Data;
      if (typeof out === "number" || out.length !== d.n) return { ok: false, detail: "wrong size" };
      let worst = 0;
      for (let i = 0; i < d.n; i++) {
        const r = Math.abs(out[i] - d.expected[i]) / (d.scale[i] + 1e-3);
        worst = Number.isNaN(r) ? Infinity : Math.max(worst, r);
      }
      return { ok: worst <= 1e-5, detail: `vs cos(x)x²+2x·sin(x)−e^(−x): max |err|/scale = ${e(worst)} (tol 1e-5)` };
    }
    case "W3": {
      const d = data as W3Data;
      if (typeof out !== "number") return { ok: false, detail: "loss is not a number" };
      const lossErr = Math.abs(out - d.refLoss) / Math.max(1, d.refLoss);
      if (!(lossErr <= 1e-4)) return { ok: false, detail: `first loss ${out} vs reference ${d.refLoss}` };
      if (!params) return { ok: false, detail: "no parameters to check" };
      // (p_before − p_after) / lr is the gradient of the first step: compare it with the reference backprop.
      let worst = 0;
      for (let t = 0; t < 6; t++) {
        const p0 = d.params[t], p1 = params[t], g = d.refGrads[t];
        if (!p1 || p1.length !== p0.length) return { ok: false, detail: `parameter ${PARAM_NAMES[t]}: wrong size` };
        let num = 0, den = 0;
        for (let i = 0; i < p0.length; i++) {
          const est = (p0[i] - p1[i]) / d.lr;
          num += (est - g[i]) ** 2;
          den += g[i] ** 2;
        }
        const rel = Math.sqrt(num / den);
        worst = Number.isNaN(rel) ? Infinity : Math.max(worst, rel);
      }
      return {
        ok: worst <= 1e-2,
        detail: `loss ${out.toFixed(5)} (ref ${d.refLoss.toFixed(5)}); SGD step vs float64 backprop: max rel. L2 err ${e(worst)} (tol 1e-2)`,
      };
    }
    case "W4-f32":
    case "W4-f64": {
      const d = data as W4Data;
      if (typeof out === "number" || out.length !== d.n * d.n) return { ok: false, detail: "wrong size" };
      if (row === "W4-f64" && !(out instanceof Float64Array)) return { ok: false, detail: "result is not float64" };
      const tol = row === "W4-f32" ? 1e-4 : 1e-12;
      let worst = 0;
      for (const [i, j] of d.probes) {
        let s = 0, sa = 0;
        for (let k = 0; k < d.n; k++) {
          const p = d.a64[i * d.n + k] * d.b64[k * d.n + j];
          s += p;
          sa += Math.abs(p);
        }
        const r = Math.abs(out[i * d.n + j] - s) / sa;
        worst = Number.isNaN(r) ? Infinity : Math.max(worst, r);
      }
      return { ok: worst <= tol, detail: `${d.probes.length} entries vs float64 dot products: max |err|/Σ|aᵢbᵢ| = ${e(worst)} (tol ${e(tol)})` };
    }
    case "W5":
      return checkDense(out, (data as W5Data).H, 2e-4, "vs Aᵀ diag(2(1−u²)/(1+u²)²) A");
    case "W6-fwd":
    case "W6-rev":
      return checkDense(out, (data as W6Data).J, 2e-4, "vs diag(1−tanh²(Wx)) W");
    case "W7-fwd":
    case "W7-grad": {
      const d = data as W7Data;
      const ref = row === "W7-fwd" ? d.x : d.dxdc;
      const rel = typeof out === "number" ? Math.abs(out - ref) / Math.abs(ref) : NaN;
      return { ok: rel <= 1e-9, detail: `${row === "W7-fwd" ? "x(T)" : "d x(T)/d c"} = ${out} vs the float64 recursion ${ref}: rel. err ${e(rel)} (tol 1e-9)` };
    }
    case "W8-eigh":
    case "W8-svd": {
      const d = data as W8Data;
      if (!(out instanceof Float64Array)) return { ok: false, detail: "result is not float64" };
      return row === "W8-eigh"
        ? checkDense(out, d.eig, 1e-10, "eigenvalues (ascending) vs cyclic Jacobi in JS")
        : checkDense(out, d.sv, 1e-8, "singular values (descending) vs √eig(BᵀB) by cyclic Jacobi in JS");
    }
    case "W9-mlp":
    case "W9-cnn":
      return checkW9Loss(data as W9Data, out);
  }
}

/** A line under the table that is no library's cell: W7's recursion as a bare JS loop over numbers. */
export function anchorNote(row: RowSpec, data: AnyData): string | null {
  if (row.workload !== "W7") return null;
  const d = data as W7Data;
  const ms = row.id === "W7-fwd" ? d.anchorMs.fwd : d.anchorMs.grad;
  const what = row.id === "W7-fwd" ? "the recursion" : "the recursion with its forward-mode derivative (4 numbers a step)";
  return `${row.id} anchor, not a library: ${what} as a bare JS loop over numbers takes ${fmt(ms * 1000)} µs (${fmt(ms)} ms; best of 9 samples, timed while preparing the inputs).`;
}

/** Checks after all timed calls (W3: the loss went down). */
export function checkLast(row: RowId, first: Out, last: Out): Check | null {
  if (row !== "W3") return null;
  const ok = typeof first === "number" && typeof last === "number" && last < first;
  return { ok, detail: `loss ${typeof first === "number" ? first.toFixed(4) : first} → ${typeof last === "number" ? last.toFixed(4) : last}` };
}
