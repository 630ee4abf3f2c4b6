/**
 * @file float32 on the WebAssembly backend: per-op float32 rounding (js and wasm agree bit for bit
 * on exactly rounded chains, SIMD and scalar tails alike; jit equals eager), f32x4 kernels, and the
 * f32x4 transcendentals of mathf32.ts within 2 float32 ulp of fround(Math.f(x)).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { TypedArray } from "../src/core/dtype.js";
import { BinaryOp, Expr, Kernel, UnaryOp, bin, fconst, gidx, load, select, un } from "../src/lower/kernel.js";
import { JsBackend } from "../src/backend/js/index.js";
import { helpers } from "../src/backend/js/codegen.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { F32_UNARY } from "../src/backend/wasm/mathf32.js";
import { Backend } from "../src/backend/backend.js";
import { seededRandom as rng } from "../src/numeric/check.js";
import { jit, np, NDArray } from "../src/index.js";

const js = new JsBackend();
const native = new WasmBackend(), nativeScalar = new WasmBackend({ simd: false });
const imported = new WasmBackend({ nativeMath: false }), importedScalar = new WasmBackend({ nativeMath: false, simd: false });

const x0 = load(0, gidx, "float32"), x1 = load(1, gidx, "float32");
const c = (v: number) => fconst(v, "float32");

function runOn(b: Backend, k: Kernel, ins: TypedArray[]): TypedArray {
  return b.read(b.run(b.compile(k), ins.map((a, j) => b.fromTyped(a, k.inputs[j]))));
}

/** Identical bits (NaNs equal, −0 ≠ +0) of `got` and `want`. */
function sameBits(got: TypedArray, want: TypedArray, what: string, ins: TypedArray[]): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) assert.fail(`${what}: element ${i} of (${ins.map((a) => a[i]).join(", ")}): ${got[i]} vs ${want[i]}`);
  }
}

// ---- float32 ulp distance ----
const u32 = new Uint32Array(1), f32 = new Float32Array(u32.buffer);
/** Position on the ordered line of float32 values (−0 and +0 both at 0). */
const ord = (x: number): number => {
  f32[0] = x;
  return u32[0] & 0x80000000 ? -(u32[0] & 0x7fffffff) : u32[0];
};
/** ulp distance of two float32 values; NaN only matches NaN, and ±0, ±∞ must match exactly. */
const ulps = (a: number, b: number): number => {
  if (Object.is(a, b) || (a !== a && b !== b)) return 0;
  if (a !== a || b !== b || a === 0 || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return a === b && a !== 0 ? 0 : Infinity;
  return Math.abs(ord(a) - ord(b));
};

/** Every `step`-th float32 bit pattern from 0 to +∞ (subnormals included), both signs. */
function bitGrid(step: number): number[] {
  const out: number[] = [];
  for (let b = 0; b <= 0x7f800000; b += step) {
    u32[0] = b;
    out.push(f32[0], -f32[0]);
  }
  return out;
}
const grid = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
const EDGES = [NaN, 0, -0, Infinity, -Infinity, 1e-45, -1e-45, 1.1754942e-38, 1.17549435e-38, -1.17549435e-38, 1e-30, -1e-30,
  1, -1, 0.5, 2, 3.4028235e38, -3.4028235e38, 88.72283, 88.72284, 89, -87.33654, -87.33655, -103.97208, -103.97209, -104,
  -0.99999994, -1.0000001, 0.625, -0.625, 9.01, Math.PI, -Math.PI / 2, 823549.6, 823550, 1e7, -1e10, 2 ** 24, 2 ** 31];

const REF: Record<string, (x: number) => number> = {
  exp: Math.exp, exp2: (x) => Math.pow(2, x), expm1: Math.expm1, log: Math.log, log1p: Math.log1p, sin: Math.sin, cos: Math.cos,
  tanh: Math.tanh, sinh: Math.sinh, cosh: Math.cosh, erf: helpers.erf,
};
const DENSE: Record<string, number[]> = {
  exp: grid(-105, 90, 200001),
  exp2: [...grid(-152, 130, 200001), ...grid(-1, 1, 20001)],
  erf: [...grid(-5, 5, 200001), ...grid(-1e-3, 1e-3, 10001)],
  sinh: [...grid(-92, 92, 100001), ...grid(-2, 2, 100001)],
  cosh: [...grid(-92, 92, 100001), ...grid(-2, 2, 100001)],
  expm1: [...grid(-90, 90, 100001), ...grid(-1, 1, 100001)],
  log: [...grid(0, 4, 100001), ...grid(1 - 1e-3, 1 + 1e-3, 20001)],
  log1p: [...grid(-1, 4, 100001), ...grid(-1e-3, 1e-3, 20001)],
  sin: [...grid(-20, 20, 100001), ...grid(-1e5, 1e5, 50001), ...grid(-1e-5, 1e-5, 1001), ...grid(8e5, 8.5e5, 5001)],
  cos: [...grid(-20, 20, 100001), ...grid(-1e5, 1e5, 50001), ...grid(-1e-5, 1e-5, 1001), ...grid(8e5, 8.5e5, 5001)],
  tanh: [...grid(-12, 12, 100001), ...grid(-1e-3, 1e-3, 10001)],
};

describe("f32x4 transcendentals (mathf32.ts)", () => {
  test("every f32x4 function has a reference and a dense grid here", () => {
    for (const op of F32_UNARY) assert.ok(REF[op] && DENSE[op], op);
  });

  const sparse = bitGrid(1013);
  for (const op of Object.keys(REF) as UnaryOp[]) {
    test(`${op} is within 2 ulp of fround(${op === "erf" ? "erf" : `Math.${op}`}) (dense grids, every 1013th float32, edges; SIMD = scalar)`, () => {
      const xs = Float32Array.from([...DENSE[op], ...sparse, ...EDGES]);
      const k: Kernel = { inputs: ["float32"], out: "float32", size: xs.length, expr: un(op, x0) };
      assert.equal(native.simdLanes(native.compile(k)), 4);
      const y = runOn(native, k, [xs]);
      sameBits(runOn(nativeScalar, k, [xs]), y, `${op} scalar vs SIMD`, [xs]);
      let worst = 0, at = 0;
      for (let i = 0; i < xs.length; i++) {
        const u = ulps(y[i], Math.fround(REF[op](xs[i])));
        if (u > worst) [worst, at] = [u, xs[i]];
      }
      assert.ok(worst <= 2, `${op}(${at}): ${runOn(native, { ...k, size: 1 }, [Float32Array.of(at)])[0]} vs ${Math.fround(REF[op](at))} (${worst} ulp)`);
    });
  }
});

describe("float32 is rounded per op: js and wasm agree bit for bit", () => {
  const r = rng(41);
  const values = (n: number) =>
    Float32Array.from({ length: n }, (_, i) => (i < EDGES.length && r() < 0.5 ? EDGES[i] : r() < 0.3 ? Math.round((r() - 0.5) * 8) / 2 : (r() - 0.5) * 10 ** Math.floor(r() * 8 - 3)));

  /** Exactly rounded float32 chains, selects on float32 comparisons, masks and constants. */
  const chains: [string, Expr][] = [
    ["a·b + 0.1", bin("add", bin("mul", x0, x1), c(0.1))],
    ["(a − b)/(a + b) · a", bin("mul", bin("div", bin("sub", x0, x1), bin("add", x0, x1)), x0)],
    ["sqrt|a| + b·b", bin("add", un("sqrt", un("abs", x0)), bin("mul", x1, x1))],
    ["max/min/neg/rounding", bin("max", un("floor", bin("mul", x0, c(1.7))), bin("min", un("neg", un("ceil", x1)), un("round", bin("mul", x0, c(0.3)))))],
    ["trunc(a/3) − b", bin("sub", un("trunc", bin("div", x0, c(3))), x1)],
    ["sign(a − b)·a", bin("mul", un("sign", bin("sub", x0, x1)), x0)],
    ["where(a < b, a·1.1, b − 0.7)", select(bin("lt", x0, x1, "bool"), bin("mul", x0, c(1.1)), bin("sub", x1, c(0.7)))],
    ["where(isnan(a) | a ≥ 1, 0, a)", select(bin("or", un("isnan", x0, "bool"), bin("ge", x0, c(1), "bool"), "bool"), c(0), x0)],
    ["where(!isfinite(a·b), −1, a·b)", select(un("not", un("isfinite", bin("mul", x0, x1), "bool"), "bool"), c(-1), bin("mul", x0, x1))],
    ["where(a, b, 1/3) (float condition)", select(x0, x1, c(1 / 3))],
    ["a ÷ 0.1 − b·1e30", bin("sub", bin("div", x0, c(0.1)), bin("mul", x1, c(1e30)))],
  ];
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 1000]) {
    test(`exactly rounded float32 chains, ${n} element${n > 1 ? "s" : ""} (f32x4 loop and scalar tail)`, () => {
      const ins = [values(n), values(n)];
      for (const [name, expr] of chains) {
        const k: Kernel = { inputs: ["float32", "float32"], out: "float32", size: n, expr };
        assert.equal(native.simdLanes(native.compile(k)), 4, name);
        const want = runOn(js, k, ins);
        for (const b of [native, nativeScalar, imported, importedScalar]) sameBits(runOn(b, k, ins), want, `${name} [${n}]`, ins);
      }
    });
  }

  test("float32 chains with transcendentals and pow: imported Math functions match js exactly; native math SIMD = scalar", () => {
    const exprs: Expr[] = [
      bin("add", bin("mul", un("sin", x0), x0), un("exp", un("neg", x1))),
      bin("mul", un("tanh", bin("mul", x0, c(0.5))), un("log1p", un("abs", x1))),
      bin("pow", un("abs", x0), c(0.37)),
      un("atan", bin("sub", un("expm1", x0), un("cos", x1))),
      un("exp2", bin("atan2", x0, x1)),
    ];
    for (const n of [1, 3, 4, 7, 9, 1001]) {
      const ins = [values(n), values(n)];
      for (const expr of exprs) {
        const k: Kernel = { inputs: ["float32", "float32"], out: "float32", size: n, expr };
        const want = runOn(js, k, ins);
        sameBits(runOn(imported, k, ins), want, `imported [${n}]`, ins);
        sameBits(runOn(importedScalar, k, ins), want, `imported scalar [${n}]`, ins);
        sameBits(runOn(nativeScalar, k, ins), runOn(native, k, ins), `native SIMD vs scalar [${n}]`, ins);
      }
    }
  });

  test("float32 nodes inside float64 kernels are rounded too (f64x2 loop)", () => {
    const d64 = load(1, gidx, "float64");
    const ops: BinaryOp[] = ["add", "mul", "div"];
    for (const op of ops) {
      const expr: Expr = bin(op, { k: "cast", a: bin(op, x0, c(0.1)), dtype: "float64" }, d64);
      const k: Kernel = { inputs: ["float32", "float64"], out: "float64", size: 37, expr };
      const ins = [values(37), Float64Array.from(values(37), (v) => v * (1 + 1e-9))];
      const want = runOn(js, k, ins);
      for (const b of [native, nativeScalar, imported, importedScalar]) sameBits(runOn(b, k, ins), want, op, ins);
    }
  });
});

describe("jit equals eager for float32", () => {
  test("an elementwise float32 chain without transcendentals gives the same bits under jit", () => {
    const f = (x: NDArray, y: NDArray) =>
      np.where(np.less(x, y), np.add(np.multiply(x, y), 0.1), np.divide(np.subtract(x, np.sqrt(np.abs(y))), np.add(y, 3))).mul(x).add(np.maximum(x, y));
    const r = rng(42);
    for (const n of [1, 5, 8, 1003]) {
      const x = np.array(Float32Array.from({ length: n }, () => (r() - 0.5) * 10)), y = np.array(Float32Array.from({ length: n }, () => (r() - 0.5) * 10));
      const eager = f(x, y).data(), fused = jit(f)(x, y).data();
      assert.equal(fused.constructor, Float32Array);
      sameBits(fused, eager, `jit vs eager [${n}]`, [x.data(), y.data()]);
    }
  });
});
