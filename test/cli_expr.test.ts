/**
 * @file `adjoint plot`, `adjoint jaxpr` and `adjoint tour` through `main(argv, io)`: the plotted paths read
 * back into numbers and compared with the library and with derivatives by hand, the printed jaxprs'
 * primitives, the tour's checked lines, usage errors (exit 2, naming the flag) and expression errors
 * (exit 1, line:col and a caret); and the built bin (dist/cli/main.js) run as a program.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NDArray, getDefaultFloat, grad, np } from "../src/index.js";
import { main } from "../src/cli/main.js";
import { parseFlags } from "../src/cli/args.js";
import { derivativeLabel } from "../src/cli/expr.js";

async function run(args: string[]) {
  let out = "", err = "";
  const files: Record<string, string> = {};
  const io = {
    stdout: (s: string) => { out += s; }, stderr: (s: string) => { err += s; },
    readFile: (p: string) => { throw new Error(`ENOENT: ${p}`); },
    writeFile: (p: string, text: string) => { files[p] = text; },
  };
  const code = await main(args, io);
  return { code, out, err, files };
}

const num = (s: string) => Number(s.replace("\u2212", "-"));

/** The series of a linePlot SVG as data: pixel coordinates mapped back through the tick marks of each axis. */
function readSeries(svg: string): Map<string, [number, number][]> {
  const axis = (name: "x" | "y") => {
    const g = new RegExp(`<g class="${name}-ticks"[^>]*>([\\s\\S]*?)</g>`).exec(svg)![1];
    const at = [...g.matchAll(/<line class="tick" x1="([\d.-]+)" y1="([\d.-]+)"/g)].map((m) => Number(m[name === "x" ? 1 : 2]));
    const value = [...g.matchAll(/<text class="tick-label"[^>]*>(.*?)<\/text>/g)].map((m) => num(m[1]));
    assert.equal(at.length, value.length);
    assert.ok(at.length >= 2, `${name}: ${at.length} ticks`);
    const [p0, p1, v0, v1] = [at[0], at[at.length - 1], value[0], value[value.length - 1]];
    return (p: number) => v0 + ((p - p0) / (p1 - p0)) * (v1 - v0);
  };
  const [X, Y] = [axis("x"), axis("y")];
  const series = new Map<string, [number, number][]>();
  for (const m of svg.matchAll(/<path class="series" d="([^"]*)"[^>]*data-label="([^"]+)"/g)) {
    series.set(m[2], [...m[1].matchAll(/[ML]([\d.-]+),([\d.-]+)/g)].map((p) => [X(Number(p[1])), Y(Number(p[2]))]));
  }
  return series;
}

/** The library's f⁽ᵏ⁾(x) by nested grad on one float64 scalar. */
function libDerivative(f: (x: NDArray) => NDArray, k: number, x: number): number {
  let g = f;
  for (let i = 0; i < k; i++) g = grad(g) as (x: NDArray) => NDArray;
  return g(np.array(x, { dtype: "float64" })).item() as number;
}

test("adjoint plot x**3: the paths of f, f′, f″, f‴ read back match 3x², 6x, 6 and the library", async () => {
  const r = await run(["plot", "x**3", "--points", "41", "-o", "cube.svg"]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, "wrote cube.svg: f and f′, f″, f‴ of f(x) = x**3 on [-2, 2] (41 points)\n");
  const svg = r.files["cube.svg"];
  assert.match(svg, /<text class="title"[^>]*>f\(x\) = x\*\*3<\/text>/);
  const series = readSeries(svg);
  assert.deepEqual([...series.keys()], ["f", "f′", "f″", "f‴"]);
  const byHand = [(x: number) => x ** 3, (x: number) => 3 * x * x, (x: number) => 6 * x, () => 6];
  const cube = (x: NDArray) => np.multiply(x, np.multiply(x, x));
  // the y axis spans ≈ 20 units over ≈ 340 px: pixel coordinates have two decimals, so 0.01 units is generous
  for (const [k, label] of ["f", "f′", "f″", "f‴"].entries()) {
    const pts = series.get(label)!;
    assert.equal(pts.length, 41);
    for (const i of [0, 7, 20, 33, 40]) {
      const x = -2 + (4 * i) / 40;
      assert.ok(Math.abs(pts[i][0] - x) < 2e-3, `${label}: x[${i}] = ${pts[i][0]}, expected ${x}`);
      assert.ok(Math.abs(pts[i][1] - byHand[k](x)) < 0.01, `${label}(${x}) = ${pts[i][1]} in the plot, ${byHand[k](x)} by hand`);
      assert.ok(Math.abs(pts[i][1] - libDerivative(cube, k, x)) < 0.01, `${label}(${x}) against the library`);
    }
  }
});

test("adjoint plot: --order, --from/--to, --title; higher labels f⁽⁴⁾ …; sin's derivatives cycle", async () => {
  const r = await run(["plot", "sin(x)", "--order=5", "--from", "-3.5", "--to", "1", "--points", "31", "--title", "sine", "-o", "s.svg"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /wrote s\.svg: f and f′, f″, f‴, f⁽⁴⁾, f⁽⁵⁾ of f\(x\) = sin\(x\) on \[-3\.5, 1\] \(31 points\)/);
  const series = readSeries(r.files["s.svg"]);
  assert.deepEqual([...series.keys()], ["f", "f′", "f″", "f‴", "f⁽⁴⁾", "f⁽⁵⁾"]);
  const cycle = [Math.sin, Math.cos, (x: number) => -Math.sin(x), (x: number) => -Math.cos(x)];
  [...series.values()].forEach((pts, k) => {
    for (const i of [0, 15, 30]) {
      const x = -3.5 + (4.5 * i) / 30;
      assert.ok(Math.abs(pts[i][1] - cycle[k % 4](x)) < 2e-3, `f⁽${k}⁾(${x}) = ${pts[i][1]}`);
    }
  });
  assert.match(r.files["s.svg"], /class="title"[^>]*>sine</);
  assert.deepEqual([0, 1, 4, 10, 12].map(derivativeLabel), ["f", "f′", "f⁽⁴⁾", "f⁽¹⁰⁾", "f⁽¹²⁾"]);
  const zero = await run(["plot", "x => { const y = x * x; return y * y }", "--order", "0", "-o", "q.svg"]);
  assert.equal(zero.code, 0, zero.err);
  assert.deepEqual([...readSeries(zero.files["q.svg"]).keys()], ["f"]);
  assert.match(zero.out, /wrote q\.svg: f of f\(x\) = x => \{/);
});

test("adjoint jaxpr: f, grad f and jit's optimised program contain the expected primitives", async () => {
  const f = await run(["jaxpr", "sin(x)*x"]);
  assert.equal(f.code, 0, f.err);
  assert.match(f.out, /^\{ lambda a:f64\[\]\. let\n\s+b:f64\[\] = sin a\n\s+c:f64\[\] = mul b a\n\s+in \(c,\) \}\n$/);
  const g = await run(["jaxpr", "sin(x)*x", "--grad"]);
  assert.equal(g.code, 0, g.err);
  for (const p of ["sin a", "cos a", "mul", "add"]) assert.ok(g.out.includes(p), `grad's jaxpr has ${p}:\n${g.out}`);
  const eqns = (s: string) => (s.match(/^\s+\w+:f64\[\] = /gm) ?? []).length;
  const j = await run(["jaxpr", "sin(x)*x", "--grad", "--jit", "--at", "1.5"]);
  assert.equal(j.code, 0, j.err);
  assert.match(j.out, /^\{ lambda a:f64\[\]\. let/);
  for (const p of ["sin a", "cos a"]) assert.ok(j.out.includes(p), `optimised program has ${p}:\n${j.out}`);
  assert.ok(!/mul \w+ 1\b|mul 1 /.test(j.out), `multiplications by 1 are simplified away:\n${j.out}`);
  assert.ok(eqns(j.out) < eqns(g.out), `optimised ${eqns(j.out)} < traced ${eqns(g.out)} equations`);
  assert.match(j.err, /^jit\(grad\(f\)\): \d+ equations? after optimisation, \d+ kernels? on the (wasm|js) backend\n$/);
  const jf = await run(["jaxpr", "x ** 2 + 1", "--jit"]);
  assert.equal(jf.code, 0, jf.err);
  assert.match(jf.out, /integer_pow|mul a a/);
  assert.match(jf.err, /^jit\(f\): /);
  // a constant function traces to no equations; grad of a step is 0
  assert.match((await run(["jaxpr", "x > 0 ? 1 : 0", "--grad"])).out, /^\{ lambda a:f64\[\]\./);
});

test("adjoint tour: runs to the end, prints its checked numbers, writes the plot, restores the default float", async () => {
  const dir = mkdtempSync(join(tmpdir(), "adjoint-cli-tour-"));
  try {
    const before = getDefaultFloat();
    const out = join(dir, "t.svg");
    const r = await run(["tour", "-o", out]);
    assert.equal(r.code, 0, r.err);
    assert.equal(getDefaultFloat(), before);
    assert.match(r.out, /g\(2, 3\) = \[6, 27\]/);
    assert.match(r.out, /vjp\(g, 2, 3\)\[1\]\(\[4, 5\]\).*\[12, 143\]/);
    assert.match(r.out, /grad\(f\)\(1\) = 3\.75604922709472\d*\s+error (0|\d\.\de-1[5-7])\b/);
    assert.match(r.out, /dx\(T\)\/dc, grad through the scan\s+0\.30619345/);
    assert.ok(r.out.includes(`wrote ${out}`), r.out.slice(-400));
    assert.match(readFileSync(out, "utf8"), /data-label="f‴"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("adjoint plot|jaxpr|tour: --help (exit 0), usage errors (exit 2, naming the flag), expression errors (exit 1, line:col and caret)", async () => {
  for (const [args, re] of [[["--help"], /adjoint plot EXPR[\s\S]*adjoint jaxpr EXPR[\s\S]*adjoint tour/], [["plot", "--help"], /^usage: adjoint plot EXPR/], [["jaxpr", "-h"], /^usage: adjoint jaxpr EXPR/], [["tour", "--help"], /^usage: adjoint tour/]] as [string[], RegExp][]) {
    const r = await run(args);
    assert.equal(r.code, 0, args.join(" "));
    assert.match(r.out, re);
  }
  const usage: [string[], RegExp][] = [
    [["plot"], /^adjoint plot: expected one expression, got none\n\nusage: adjoint plot/],
    [["plot", "x", "y"], /adjoint plot: expected one expression, got "x", "y"/],
    [["plot", "x", "--bogus", "1"], /adjoint plot: unknown option --bogus \(allowed: --order, --from, --to, --points, -o, --out, --title\)/],
    [["plot", "x", "-q"], /adjoint plot: unknown option -q/],
    [["plot", "x", "--from"], /adjoint plot: option --from needs a value/],
    [["plot", "x", "--to="], /adjoint plot: option --to needs a value/],
    [["plot", "x", "--from", "two"], /adjoint plot: --from must be a number, got "two"/],
    [["plot", "x", "--points", "2.5"], /adjoint plot: --points must be an integer, got "2\.5"/],
    [["plot", "x", "--points", "1"], /adjoint plot: --points must be 2 … 100000, got 1/],
    [["plot", "x", "--order", "8"], /adjoint plot: --order must be 0 … 7, got 8/],
    [["plot", "x", "--order", "1", "--order", "2"], /adjoint plot: option --order given twice/],
    [["plot", "x", "--from", "1", "--to", "-1"], /adjoint plot: --to must be greater than --from, got --from 1 --to -1/],
    [["plot", "x", "-o", "out.pdf"], /adjoint plot: -o must name a \.svg or \.png file, got "out\.pdf"/],
    [["jaxpr", "x", "--at", "nan"], /adjoint jaxpr: --at must be a number, got "nan"/],
    [["jaxpr", "x", "--grad=yes"], /adjoint jaxpr: --grad takes no value/],
    [["jaxpr", "x", "--order", "2"], /adjoint jaxpr: unknown option --order \(allowed: --grad, --jit, --at\)/],
    [["tour", "extra"], /adjoint tour: takes no arguments, got "extra"/],
  ];
  for (const [args, re] of usage) {
    const r = await run(args);
    assert.equal(r.code, 2, `${args.join(" ")}: exit ${r.code} ${r.err}`);
    assert.match(r.err, re, args.join(" "));
    assert.deepEqual(r.files, {});
  }
  const expr: [string[], string][] = [
    [["jaxpr", "sin(x)*"], "adjoint jaxpr: 1:8: expected an expression, got the end of the input\nsin(x)*\n       ^\n"],
    [["plot", "sinn(x) + 1"], "adjoint plot: 1:1: unknown name \"sinn\"; did you mean \"sin\"? ("],
    [["plot", "x => {\n  const y = x * 2\n  return y.foo\n}"], "adjoint plot: 3:10: arrays have no member \"foo\""],
    [["plot", "[x, x]"], "adjoint plot: f(x) must be a number (an array of shape []), got a list of 2"],
    [["jaxpr", "exp(-x**2)"], "adjoint jaxpr: 1:7: a unary \"-\" directly before \"**\" is ambiguous"],
  ];
  for (const [args, start] of expr) {
    const r = await run(args);
    assert.equal(r.code, 1, `${args.join(" ")}: exit ${r.code}`);
    assert.ok(r.err.startsWith(start), `${JSON.stringify(r.err)} should start with ${JSON.stringify(start)}`);
  }
  let unwritableErr = "";
  const unwritable = await main(["plot", "x", "-o", join(tmpdir(), "adjoint-no-such-dir", "deeper", "f.svg")], { stdout: () => {}, stderr: (s) => { unwritableErr += s; }, readFile: () => "" });
  assert.equal(unwritable, 1);
  assert.match(unwritableErr, /^adjoint plot: cannot write .*f\.svg: ENOENT/);
  const caret = (await run(["plot", "x => {\n  const y = x * 2\n  return y.foo\n}"])).err.split("\n");
  assert.deepEqual(caret.slice(1, 3), ["  return y.foo", "         ^~~~~"]);
  // `--` ends the options: an expression may start with "-"
  const neg = await run(["jaxpr", "--", "-x"]);
  assert.equal(neg.code, 0, neg.err);
  assert.match(neg.out, /neg a/);
  assert.deepEqual(parseFlags("t", ["a", "--n=3", "-o", "-2"], { n: { kind: "int" }, out: { kind: "string", alias: "o" } }, ""), { positional: ["a"], flags: { n: 3, out: "-2" } });
});

test("adjoint plot -o f.png: a PNG where plot.save can rasterise, otherwise exit 1 and no file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "adjoint-cli-png-"));
  try {
    const out = join(dir, "f.png");
    let said = "", err = "";
    const io = { stdout: (s: string) => { said += s; }, stderr: (s: string) => { err += s; }, readFile: () => "" };
    const code = await main(["plot", "x**2", "--points", "11", "-o", out], io);
    if (code === 0) {
      assert.deepEqual([...readFileSync(out).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.match(said, /^wrote .*f\.png: f and f′, f″, f‴/);
    } else {
      assert.equal(code, 1);
      assert.match(err, /adjoint plot: plot\.save wrote no PNG to .*f\.png .*write an \.svg instead/);
      assert.ok(!existsSync(out), "no SVG text left in a .png file");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "dist", "cli", "main.js");

test("adjoint: the built bin (dist/cli/main.js) plots, prints a jaxpr and exits with the right status", {
  skip: process.env.ADJOINT_BACKEND === "js" ? "runs in the wasm pass" : !existsSync(BIN) ? "dist/ not built (npm run build)" : false,
}, () => {
  const dir = mkdtempSync(join(tmpdir(), "adjoint-cli-bin-"));
  try {
    const p = spawnSync(process.execPath, [BIN, "plot", "x**3", "--points", "11", "-o", "c.svg"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    assert.equal(p.status, 0, p.stderr);
    assert.equal(p.stdout, "wrote c.svg: f and f′, f″, f‴ of f(x) = x**3 on [-2, 2] (11 points)\n");
    const svg = readFileSync(join(dir, "c.svg"), "utf8");
    assert.deepEqual([...readSeries(svg).keys()], ["f", "f′", "f″", "f‴"]);
    const j = spawnSync(process.execPath, [BIN, "jaxpr", "sin(x)*x", "--grad"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    assert.equal(j.status, 0, j.stderr);
    assert.match(j.stdout, /cos a/);
    const bad = spawnSync(process.execPath, [BIN, "plot", "x", "--points"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /option --points needs a value/);
    const err = spawnSync(process.execPath, [BIN, "jaxpr", "x +"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    assert.equal(err.status, 1);
    assert.match(err.stderr, /^adjoint jaxpr: 1:4: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
