/** @file The tour (`npm start`) runs to completion in a fresh directory, prints the lecture's numbers and writes tour.svg. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const tourPath = fileURLToPath(new URL("../examples/tour.ts", import.meta.url));

test("tour: runs in a temporary directory, prints the key numbers and writes tour.svg", () => {
  const cwd = mkdtempSync(join(tmpdir(), "adjoint-tour-"));
  try {
    const t0 = Date.now();
    // `--import tsx` is resolved from the cwd, so give node the loader's absolute URL.
    const res = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), tourPath], { cwd, encoding: "utf8", timeout: 60_000 });
    const seconds = (Date.now() - t0) / 1000;
    assert.equal(res.status, 0, `tour exited with ${res.status}\nstdout:\n${res.stdout}\nstderr:\n${res.stderr}`);
    assert.ok(seconds < 30, `the tour took ${seconds} s (budget 30 s)`);
    const out = res.stdout;
    const has = (re: RegExp, what: string) => assert.match(out, re, `missing ${what} in the tour's output:\n${out}`);

    // (a) finite differences vs AD: h from 1e-1 to 1e-13, and AD's error
    has(/1\.0e-1\b/, "h = 1e-1");
    has(/1\.0e-13\b/, "h = 1e-13");
    has(/grad\(f\)\(1\) = 3\.75604922709472\d*\s+error (0|\d\.\de-1[5-7])\b/, "AD's exact derivative of sin·exp at 1");
    // (b) the derivative program grows linearly: a fixed number of equations per level, and 2^d expanded terms
    const sizeRows = [...out.matchAll(/^\s+([1-6])\s+(\d+)\s+([\d.]+)\s+(\d+)\s+(\d+)$/gm)];
    assert.equal(sizeRows.length, 6, "six depth rows");
    const eqns = sizeRows.map((m) => Number(m[2]));
    eqns.forEach((e, i) => assert.equal(e, eqns[0] * (i + 1), `jaxpr size not linear in depth: ${eqns}`));
    assert.deepEqual(sizeRows.map((m) => Number(m[4])), [2, 4, 8, 16, 32, 64]);
    // (c) JVP/VJP of g(x, y) = [x·y, y³] at (2, 3)
    has(/g\(2, 3\) = \[6, 27\]/, "g(2, 3)");
    has(/jvp\(g, \[2, 3\], \[0, 1\]\).*\[2, 27\]/, "jvp with (0, 1)");
    has(/jvp\(g, \[2, 3\], \[1\.2, 3\.4\]\).*\[10\.4, 91\.8\]/, "jvp with (1.2, 3.4)");
    has(/vjp\(g, 2, 3\)\[1\]\(\[4, 5\]\).*\[12, 143\]/, "vjp with (4, 5)");
    // (d) Jacobians by columns and rows
    has(/at \[2, 3, 1\] it gives \[13, 5\]/, "the matrix-vector program's value");
    has(/\[\s+2\s+3\s+0 \]\n\s+\[\s+0\s+0\s+5 \]/, "jacfwd's matrix");
    has(/columns: \[2, 0\]  \[3, 0\]  \[0, 5\]/, "the columns");
    has(/at \[2, 3\] it gives \[4, 21, 12\]/, "the vector-matrix program's value");
    has(/\[\s+2\s+0 \]\n\s+\[\s+3\s+5 \]\n\s+\[\s+0\s+4 \]/, "jacrev's matrix");
    // (e) x³ and its derivatives at 4
    const derivs = [...out.matchAll(/^\s+(f|f′ = grad\(f\)|f″ = grad\(grad\(f\)\)|f‴|f⁗)\s+(-?\d+)\s+(\d+)$/gm)].map((m) => Number(m[2]));
    assert.deepEqual(derivs, [64, 48, 24, 6, 0]);
    // (f) vmap(grad(sin)) vs cos
    const maxDiff = /max \|vmap\(grad\(sin\)\) − cos\| over the grid = (\S+)/.exec(out);
    assert.ok(maxDiff && Number(maxDiff[1]) < 1e-12, `vmap(grad(sin)) differs from cos: ${maxDiff?.[1]}`);
    // (g) a printed jaxpr
    has(/\{ lambda a:f64\[\]\. let[\s\S]*sin a[\s\S]*cos a[\s\S]*in \(\w+,\) \}/, "a printed jaxpr");

    // (h) through a loop: grad of the 1000-step Euler scan agrees with the difference quotient
    const loopGap = /grad ↔ difference quotient: (\S+);/.exec(out);
    assert.ok(loopGap && Number(loopGap[1]) < 1e-8, `grad through the scan vs FD: ${loopGap?.[1]}`);
    has(/dx\(T\)\/dc, grad through the scan\s+0\.30619345/, "the loop's derivative");
    // (i) the fit converges near the truth with sensible errors
    const fit = /a = ([\d.]+) ± ([\d.]+), b = ([\d.]+) ± ([\d.]+)/.exec(out);
    assert.ok(fit, "the fitted parameters");
    const [a, da, b, db] = fit!.slice(1).map(Number);
    assert.ok(Math.abs(a - 2.5) < 3 * da && Math.abs(b - 0.3) < 3 * db && da > 0.01 && da < 0.1 && db > 0.001 && db < 0.02, `fit a = ${a} ± ${da}, b = ${b} ± ${db}`);
    // fit.minimize's table, HESSE errors, and Minos errors for b bracketing the parabolic one (χ² checked to rise by 1 there)
    has(/fit\.minimize: valid minimum\n\s+fval = [\d.]+\s+edm = \S+ \(goal 2\.000e-4\)\s+errordef = 1/, "the fit's status");
    has(/^\s+1 b\s+0\.29\d+\s+0\.006\d+\s+-0\.006\d+\s+0\.006\d+$/m, "b's row with its Minos errors");
    const minos = /Minos for b: -([\d.]+) \/ \+([\d.]+) \(asymmetric\); .* χ² rises by ([\d.]+)/.exec(out);
    assert.ok(minos, "the Minos line");
    const [lo, hi, rise] = minos!.slice(1).map(Number);
    assert.ok(lo < db && db < hi && hi / lo < 1.05, `Minos −${lo} / +${hi} around the parabolic ${db}`);
    assert.ok(Math.abs(rise - 1) < 1e-3, `χ² rise at b + σ⁺: ${rise}`);

    // the plot
    const svgPath = join(cwd, "tour.svg");
    assert.ok(existsSync(svgPath), "tour.svg was not written in the working directory");
    has(new RegExp(`wrote ${svgPath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`), "where the plot was written");
    const svg = readFileSync(svgPath, "utf8");
    assert.match(svg.trim(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>$/);
    assert.equal((svg.match(/<svg\b/g) ?? []).length, (svg.match(/<\/svg>/g) ?? []).length);
    const labels = [...svg.matchAll(/<path class="series"[^>]*data-label="([^"]+)"/g)].map((m) => m[1]);
    for (const l of ["sin x", "vmap(grad(sin))", "f = x³", "f′", "f″", "f‴"]) assert.ok(labels.includes(l), `no series "${l}" in tour.svg (has ${labels})`);
    for (const d of svg.matchAll(/<path class="series" d="([^"]*)"/g)) assert.match(d[1], /^M[\d.,\-LM]+$/);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
