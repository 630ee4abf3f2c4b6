/**
 * @file The tour (`npm start`, `adjoint tour`): a walk through differentiable programming with adjoint —
 * finite differences vs automatic differentiation, the size of derivative programs, JVP and VJP, Jacobians
 * by columns and by rows, higher derivatives, vmap of grad, a jaxpr, derivatives through a loop and a fit
 * with error estimates — ending with a plot written to an SVG file.
 */
import { resolve } from "node:path";
import { NDArray, fit, getDefaultFloat, grad, jacfwd, jacrev, jvp, lax, makeJaxpr, np, numeric, plot, random, setDefaultFloat, vjp, vmap } from "../index.js";

/** Options of the tour. */
export interface TourOptions {
  /** Where the plot goes (default ./tour.svg, resolved against the working directory). */
  out?: string;
  /** Where each printed line goes (default console.log). */
  log?: (line: string) => void;
}

/**
 * Run the tour: print its sections through `log` and write the plot; resolves to the plot's absolute path.
 * NB: it computes in float64 (it measures errors down to 1e-16) and restores the previous default float when done.
 * @example await runTour({ out: "tour.svg" }) // prints the nine sections, writes tour.svg
 */
export async function runTour(opts: TourOptions = {}): Promise<string> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const previous = getDefaultFloat();
  // The tour measures errors down to 1e-16, so it computes in float64 (adjoint, like JAX, defaults to float32).
  setDefaultFloat("float64");
  try {
    return await tour(opts, log);
  } finally {
    setDefaultFloat(previous);
  }
}

async function tour(opts: TourOptions, log: (line: string) => void): Promise<string> {
  // ---- printing helpers ----

  function heading(title: string): void {
    log(`\n${title}\n${"─".repeat(title.length)}`);
  }

  /** A number with up to `digits` significant digits, without float noise (10.399999999999999 → 10.4). */
  function num(v: number, digits = 10): string {
    if (Number.isNaN(v)) return "nan";
    if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
    return String(Number(v.toPrecision(digits)));
  }
  const sci = (v: number) => (v === 0 ? "0" : v.toExponential(1));
  /** The values of an array as JS numbers. */
  const values = (a: NDArray): number[] => Array.from(a.data() as ArrayLike<number>, Number);
  /** An array, or a list of scalar arrays, printed as [a, b, …]. */
  const vec = (a: NDArray | NDArray[]) => `[${(Array.isArray(a) ? a.map((x) => x.item()) : values(a)).map((v) => num(v)).join(", ")}]`;

  /** An aligned table: columns of numbers right-aligned (with their header), text left-aligned. */
  function table(header: string[], rows: string[][]): void {
    const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
    const numeric = (s: string) => /^[−\-+]?[\d.]+(e[−\-+]?\d+)?$|^(nan|inf|-inf)$/.test(s);
    const right = header.map((_, j) => rows.length > 0 && rows.every((r) => numeric(r[j])));
    const line = (r: string[]) => "  " + r.map((c, j) => (right[j] ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join("   ").trimEnd();
    log(line(header));
    log("  " + widths.map((w) => "─".repeat(w)).join("   "));
    rows.forEach((r) => log(line(r)));
  }

  function matrixLines(m: NDArray): string {
    const rows = m.toArray() as number[][];
    return rows.map((r) => "    [" + r.map((v) => num(v).padStart(3)).join(" ") + " ]").join("\n");
  }

  const start = performance.now();
  log("adjoint — a tour of differentiable programming");
  log("=".repeat(47));
  log("Every number below is computed by the library as you watch; the source is examples/tour.ts.");

  // ---- (a) finite differences vs AD ----

  heading("1. Finite differences vs automatic differentiation");
  const f = (x: NDArray) => np.multiply(np.sin(x), np.exp(x));
  const x0 = 1;
  const fJs = (x: number) => f(np.array(x)).item(); // the same f as a JS function of a number, for numeric.*
  const exact = Math.exp(x0) * (Math.sin(x0) + Math.cos(x0)); // f′(x) = eˣ(sin x + cos x), by hand
  const ad = grad(f)(np.array(x0)).item();
  log(`f(x) = sin(x)·exp(x) at x = ${x0}; by hand f′(1) = e·(sin 1 + cos 1) = ${exact}`);
  log("A difference quotient trades truncation error (large h) against round-off (small h):\n");
  const steps = Array.from({ length: 13 }, (_, i) => 10 ** -(i + 1));
  const fdErrors = steps.map((h) => ({
    h,
    fwd: Math.abs(numeric.forwardDifference(fJs, x0, h) - exact),
    cen: Math.abs(numeric.centralDifference(fJs, x0, h) - exact),
  }));
  table(
    ["h", "forward (f(x+h)−f(x))/h", "central (f(x+h)−f(x−h))/2h"],
    fdErrors.map(({ h, fwd, cen }) => [sci(h), sci(fwd), sci(cen)]),
  );
  const best = fdErrors.reduce((a, b) => (b.cen < a.cen ? b : a));
  log(`\n  best central difference: error ${sci(best.cen)} at h = ${sci(best.h)}`);
  const rich = numeric.derivative(fJs, x0);
  log(`  numeric.derivative (central differences + Richardson extrapolation): error ${sci(Math.abs(rich - exact))}`);
  log(`  grad(f)(1) = ${ad}   error ${sci(Math.abs(ad - exact))}   (AD: exact up to float64 rounding, no step to tune)`);

  // ---- (b) size of the derivative program vs depth ----

  heading("2. The derivative of a program is a program — of proportional size");
  const quad = (x: NDArray) => np.add(np.add(np.square(x), np.multiply(3, x)), 4); // x² + 3x + 4
  const composed = (depth: number) => (x: NDArray) => {
    let y = x;
    for (let i = 0; i < depth; i++) y = quad(y);
    return y;
  };
  // What a symbolic differentiator would produce, counted (not computed) by two small recurrences:
  //  - expanded: f∘…∘f (d times) is a polynomial of degree 2^d; expanding its derivative gives one term per
  //    degree 0 … 2^d−1 (all coefficients positive), counted here from the exact BigInt coefficients;
  //  - as an expression tree without sharing: |q(u)| = 3|u| + 6 nodes (u·u + 3·u + 4), and the
  //    derivative 2·u·du + 3·du has |du′| = 2|du| + |u| + 6 nodes.
  let poly: bigint[] = [0n, 1n]; // coefficients of x
  let tree = 1; // |x|
  let dtree = 1; // |dx|
  const sizeRows: string[][] = [];
  for (let d = 1; d <= 6; d++) {
    const sq = Array<bigint>(2 * poly.length - 1).fill(0n);
    poly.forEach((a, i) => poly.forEach((b, j) => (sq[i + j] += a * b)));
    poly = sq.map((c, k) => c + (k < poly.length ? 3n * poly[k] : 0n) + (k === 0 ? 4n : 0n));
    const dTerms = poly.slice(1).filter((c) => c !== 0n).length;
    dtree = 2 * dtree + tree + 6;
    tree = 3 * tree + 6;
    const eqns = makeJaxpr(grad(composed(d)))(1.0).eqns.length;
    sizeRows.push([String(d), String(eqns), num(eqns / d, 3), String(dTerms), String(dtree)]);
  }
  table(["depth", "jaxpr eqns of grad(f)", "eqns per level", "terms of expanded f′", "f′ tree nodes (no sharing)"], sizeRows);
  log("\n  The AD program grows linearly (a fixed number of equations per level); the symbolic");
  log("  derivative swells exponentially (2^d expanded terms; ~3^d tree nodes without sharing).");

  // ---- (c) JVP and VJP ----

  heading("3. Forward mode (JVP) and reverse mode (VJP)");
  const g = (x: NDArray, y: NDArray) => [np.multiply(x, y), np.power(y, 3)]; // g(x, y) = [x·y, y³]
  log(`g(x, y) = [x·y, y³];  g(2, 3) = ${vec(g(np.array(2), np.array(3)))}`);
  const [, t1] = jvp(g, [2, 3], [0, 1]);
  const [, t2] = jvp(g, [2, 3], [1.2, 3.4]);
  const [, back] = vjp(g, 2, 3);
  table(
    ["call", "meaning", "result"],
    [
      ["jvp(g, [2, 3], [0, 1])", "J·(0, 1)  (column ∂/∂y)", vec(t1)],
      ["jvp(g, [2, 3], [1.2, 3.4])", "J·(1.2, 3.4)", vec(t2)],
      ["vjp(g, 2, 3)[1]([4, 5])", "(4, 5)·J", vec(back([4, 5]))],
    ],
  );
  log("\n  One JVP gives a directional derivative (a column combination); one VJP a gradient-like row");
  log("  combination. grad is a VJP with cotangent 1.");

  // ---- (d) Jacobians by columns and by rows ----

  heading("4. Jacobians: columns by forward mode, rows by reverse mode");
  const A = np.array([[2, 3, 0], [0, 0, 5]]);
  const mv = (v: NDArray) => np.matmul(A, v); // matrix-vector program
  const xA = np.array([2, 3, 1]);
  log(`matrix-vector program v ↦ A·v with A = [[2,3,0],[0,0,5]]: at [2, 3, 1] it gives ${vec(mv(xA))}`);
  log("jacfwd(v ↦ A·v) — one JVP per input, each a column:");
  log(matrixLines(jacfwd(mv)(xA)));
  const oneHot = (n: number, i: number) => np.array(Array.from({ length: n }, (_, k) => (k === i ? 1 : 0)));
  const cols = [0, 1, 2].map((j) => vec(jvp(mv, [xA], [oneHot(3, j)])[1]));
  log(`  columns: ${cols.join("  ")}`);
  const B = np.array([[2, 3, 0], [0, 5, 4]]);
  const vm = (v: NDArray) => np.matmul(v, B); // vector-matrix program
  const xB = np.array([2, 3]);
  log(`\nvector-matrix program v ↦ v·B with B = [[2,3,0],[0,5,4]]: at [2, 3] it gives ${vec(vm(xB))}`);
  const [, backB] = vjp(vm, xB);
  const rows = [0, 1, 2].map((i) => vec(backB(oneHot(3, i))[0]));
  log("jacrev(v ↦ v·B) — one VJP per output, each a row (the Jacobian of v·B is Bᵀ):");
  log(matrixLines(jacrev(vm)(xB)));
  log(`  rows: ${rows.join("  ")}`);
  log("\n  Forward mode costs one pass per input, reverse mode one pass per output: pick the smaller.");

  // ---- (e) higher derivatives ----

  heading("5. Higher derivatives by nesting grad: x³ at x = 4");
  const cube = (x: NDArray) => np.multiply(x, np.multiply(x, x));
  let dk: (x: NDArray) => NDArray = cube;
  const derivRows: string[][] = [];
  const byHand = [64, 48, 24, 6, 0];
  const names = ["f", "f′ = grad(f)", "f″ = grad(grad(f))", "f‴", "f⁗"];
  for (let k = 0; k <= 4; k++) {
    derivRows.push([names[k], num(dk(np.array(4)).item()), String(byHand[k])]);
    dk = grad(dk);
  }
  table(["order", "adjoint", "by hand (x³, 3x², 6x, 6, 0)"], derivRows);

  // ---- (f) vmap of grad ----

  heading("6. vmap(grad(sin)) over a grid equals cos");
  const grid = np.linspace(-Math.PI, Math.PI, 9);
  const dsin = vmap(grad(np.sin))(grid);
  const cosg = np.cos(grid);
  const gx = values(grid);
  const gd = values(dsin);
  const gc = values(cosg);
  table(
    ["x", "vmap(grad(sin))(x)", "cos(x)", "|difference|"],
    gx.map((x, i) => [num(x, 6), num(gd[i], 8), num(gc[i], 8), sci(Math.abs(gd[i] - gc[i]))]),
  );
  const maxDiff = Math.max(...gd.map((v, i) => Math.abs(v - gc[i])));
  log(`\n  max |vmap(grad(sin)) − cos| over the grid = ${sci(maxDiff)}`);

  // ---- (g) a jaxpr ----

  heading("7. Reading a derivative program: makeJaxpr(grad(x ↦ sin(x)·x²))");
  const jaxpr = makeJaxpr(grad((x: NDArray) => np.multiply(np.sin(x), np.square(x))))(1.0);
  log(String(jaxpr).replace(/^/gm, "  "));
  log(`\n  ${jaxpr.eqns.length} equations: the forward pass, then the linear (tangent) part transposed.`);

  // ---- (h) derivatives through a loop ----

  heading("8. Through a loop: x(T) of a damped oscillator, 1000 Euler steps in lax.scan");
  // x″ = −k·x − c·x′, x(0) = 1, x′(0) = 0, integrated to T = 2 in steps of h; how does x(T) depend on c?
  const kSpring = 4, hStep = 0.002, nSteps = 1000, T = hStep * nSteps;
  const xAtT = (c: NDArray) => {
    const [[x]] = lax.scan(
      ([x, v]: NDArray[]) => [[x.add(v.mul(hStep)), v.add(x.mul(-kSpring).sub(v.mul(c)).mul(hStep))], null],
      [np.array(1), np.array(0)], null, { length: nSteps });
    return x;
  };
  // the exact solution of the ODE (not of its Euler discretisation): e^{−cT/2}(cos ωT + c/(2ω)·sin ωT), ω = √(k − c²/4)
  const exactX = (c: NDArray) => {
    const w = np.sqrt(np.subtract(kSpring, c.mul(c).div(4)));
    return np.exp(c.mul(-T / 2)).mul(np.cos(w.mul(T)).add(c.div(w.mul(2)).mul(np.sin(w.mul(T)))));
  };
  const c0 = np.array(0.5);
  const dLoop = grad(xAtT)(c0).item();
  const eps = 1e-6;
  const dFd = (xAtT(np.array(0.5 + eps)).item() - xAtT(np.array(0.5 - eps)).item()) / (2 * eps);
  table(
    ["quantity", "value"],
    [
      ["x(T), Euler", num(xAtT(c0).item())],
      ["dx(T)/dc, grad through the scan", num(dLoop)],
      ["dx(T)/dc, central difference (h = 1e-6)", num(dFd)],
      ["dx(T)/dc of the exact solution", num(grad(exactX)(c0).item())],
    ],
  );
  log(`\n  grad ↔ difference quotient: ${sci(Math.abs(dLoop - dFd))}; the exact ODE differs by Euler's O(h) error.`);
  log("  Reverse mode kept only the per-step values the backward loop reads and ran the loop backwards: no unrolling.");

  // ---- (i) a fit with error estimates ----

  heading("9. A χ² fit with errors: y = a·e^(−b·t) by fit.minimize (MIGRAD), HESSE and MINOS");
  // synthetic data: a = 2.5, b = 0.3, Gaussian noise σ = 0.05 drawn from a fixed key
  const tData = np.arange(0, 10, 0.5);
  const sigma = 0.05;
  const yData = np.multiply(2.5, np.exp(tData.mul(-0.3))).add(random.normal(random.key(7), [tData.shape[0]], { dtype: "float64" }).mul(sigma));
  const chi2 = (p: { a: NDArray; b: NDArray }) => np.sum(np.square(yData.sub(p.a.mul(np.exp(tData.mul(p.b.neg())))).div(sigma)));
  // errordef 1: a χ² rises by 1 at one standard deviation. MIGRAD uses grad(chi2) and the exact Hessian;
  // hesse() takes the covariance from the Hessian at the minimum; minos("b") profiles χ² over a.
  const res = fit.minimize(chi2, { a: 1.5, b: 0.2 }, { errordef: 1 }).hesse().minos("b");
  log(String(res).replace(/^(?=.)/gm, "  "));
  const { a: aFit, b: bFit } = res.values as Record<string, number>, { a: aErr, b: bErr } = res.errors as Record<string, number>;
  const mb = res.merrors.b;
  // check Minos's upper error: hold b at b + σ⁺, re-fit a, and χ² must have risen by errordef = 1
  const rise = fit.minimize(chi2, { a: aFit, b: bFit + mb.upper }, { fixed: ["b"] }).fval - res.fval;
  if (!res.valid || !mb.valid || Math.abs(rise - 1) > 1e-3) throw new Error(`tour: the fit is not valid or Minos is off (Δχ² = ${rise})`);
  log(`\n  a = ${num(aFit, 5)} ± ${num(aErr, 2)}, b = ${num(bFit, 5)} ± ${num(bErr, 2)}  (truth 2.5, 0.3; χ²/dof = ${num(res.fval / (tData.shape[0] - 2), 3)}; ${res.nfcn} fcn calls)`);
  log(`  Minos for b: ${num(mb.lower, 3)} / +${num(mb.upper, 3)} (asymmetric); with b held at b + σ⁺ and a re-fitted, χ² rises by ${num(rise, 5)}`);
  log(`  correlation(a, b) = ${num(res.correlation[0][1], 3)}`);

  // ---- the plot ----

  const xs = np.linspace(-2 * Math.PI, 2 * Math.PI, 241);
  const xc = np.linspace(-2, 2, 161);
  const d1 = grad(cube);
  const d2 = grad(d1);
  const d3 = grad(d2);
  // the fitted curve with its ±1σ band: the model's Jacobian in (a, b) by jacfwd, propagated through the covariance
  const tFine = np.linspace(0, 9.5, 96, { dtype: "float64" });
  const model = (p: NDArray) => np.multiply(p.get(0), np.exp(np.multiply(np.negative(p.get(1)), tFine)));
  const pHat = np.array([aFit, bFit], { dtype: "float64" });
  const J = jacfwd(model)(pHat); // [96, 2]
  const sdFit = np.sqrt(np.sum(np.multiply(np.matmul(J, np.array(res.covariance, { dtype: "float64" })), J), 1)); // √diag(J C Jᵀ)
  const yFit = model(pHat);
  const svg = plot.grid(
    [
      plot.linePlot({
        title: "sin and its derivative",
        xlabel: "x",
        series: [
          { x: xs, y: np.sin(xs), label: "sin x" },
          { x: xs, y: vmap(grad(np.sin))(xs), label: "vmap(grad(sin))", dashed: true },
        ],
        width: 440,
      }),
      plot.linePlot({
        title: "x³ and its derivatives",
        xlabel: "x",
        series: [
          { x: xc, y: cube(xc), label: "f = x³" },
          { x: xc, y: vmap(d1)(xc), label: "f′" },
          { x: xc, y: vmap(d2)(xc), label: "f″" },
          { x: xc, y: vmap(d3)(xc), label: "f‴" },
        ],
        width: 440,
      }),
      plot.linePlot({
        title: "difference-quotient error vs h (f = sin·exp, x = 1)",
        xlabel: "step h",
        ylabel: "|error|",
        logX: true,
        logY: true,
        series: [
          { x: steps, y: fdErrors.map((e) => e.fwd), label: "forward" },
          { x: steps, y: fdErrors.map((e) => e.cen), label: "central" },
        ],
        width: 440,
      }),
      plot.linePlot({
        title: "χ² fit of a·e^(−b·t) with its ±1σ band",
        xlabel: "t",
        series: [
          { x: tFine, y: np.add(yFit, sdFit), fillTo: np.subtract(yFit, sdFit), color: "#56B4E9", opacity: 0.5, label: "fit ±1σ" },
          { x: tFine, y: yFit, color: "#0072B2", label: `a = ${num(aFit, 3)}, b = ${num(bFit, 3)}` },
          { x: tData, y: yData, yerr: sigma, line: false, marker: "o", color: "#000000", label: "data ± σ" },
        ],
        width: 440,
      }),
    ],
    { columns: 2, title: "adjoint tour" },
  );
  const out = resolve(opts.out ?? "tour.svg");
  await plot.save(out, svg);
  heading("Plot");
  log(`wrote ${out}  (sin with its derivative; x³ with f′, f″, f‴; finite-difference error vs h; the χ² fit with its ±1σ band)`);
  log(`\ndone in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return out;
}
