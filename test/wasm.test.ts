/**
 * @file The WebAssembly backend: its binary encoder, kernels checked against the reference backend
 * (every op × dtype on random and edge inputs, casts, selects, reductions, index arithmetic, SIMD vs
 * scalar code), native float64 math against Math.*, routines, and memory reuse.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import v8 from "node:v8";
import vm from "node:vm";
import { DType, TypedArray, typedArrayCtor } from "../src/core/dtype.js";
import { BinaryOp, Expr, Kernel, ReduceOp, UnaryOp, bin, cast, gidx, iadd, iconst, imod, idiv, imul, load, ridx, select, un, fconst } from "../src/lower/kernel.js";
import { JsBackend } from "../src/backend/js/index.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { F64, FuncBuilder, I32, ModuleBuilder, Op, Simd, sleb, uleb, V128 } from "../src/backend/wasm/encoder.js";
import { sizeClass } from "../src/backend/wasm/memory.js";
import { MAX_PENDING } from "../src/backend/wasm/buffers.js";
import { MATH_CONSTANTS } from "../src/backend/wasm/mathlib.js";
import { Backend, RoutineParams } from "../src/backend/backend.js";
import { seededRandom as rng } from "../src/numeric/check.js";
import { fixedPointConstants } from "./util.js";

const DTYPES: DType[] = ["bool", "int32", "uint32", "float32", "float64"];
const js = new JsBackend();
/** Exact comparisons use the imported Math functions; native math is checked separately to ≤ 1 ulp. */
const wasm = new WasmBackend({ nativeMath: false });
const wasmScalar = new WasmBackend({ nativeMath: false, simd: false });

// ---- inputs ----

const EDGES: Record<string, number[]> = {
  bool: [0, 1],
  int32: [0, 1, -1, 2, -2, 3, 7, -7, 31, 32, 100, -100, 2147483647, -2147483648, -2147483647, 65536],
  uint32: [0, 1, 2, 3, 7, 31, 32, 100, 2147483647, 2147483648, 4294967295, 65536],
  float32: [NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5, -0.5, 1.5, -2.5, 2.5, 3.4e38, -3.4e38, 1e-40, 1e-7, 3.14159, -88.7, 89, 2147483648, -2147483649, 4294967296 * 3 + 5, 1e10],
  float64: [NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5, -0.5, 1.5, -2.5, 2.5, 1.7e308, -1e-310, 5e-324, 1e-7, Math.PI, -745.2, 709.9, 2147483648, -2147483649.5, 4294967296 * 3 + 5, 0.49999999999999994, 1e300],
};

function randomValues(d: DType, n: number, r: () => number): number[] {
  return Array.from({ length: n }, () => {
    switch (d) {
      case "bool": return r() < 0.5 ? 0 : 1;
      case "int32": return r() < 0.3 ? Math.floor((r() - 0.5) * 20) : Math.floor((r() - 0.5) * 4294967296);
      case "uint32": return r() < 0.3 ? Math.floor(r() * 20) : Math.floor(r() * 4294967296);
      default: return r() < 0.3 ? Math.round((r() - 0.5) * 8) / 2 : (r() - 0.5) * 10 ** Math.floor(r() * 8 - 3);
    }
  });
}

function typed(d: DType, xs: number[]): TypedArray {
  return new (typedArrayCtor(d))(xs);
}

/** Run a kernel on a backend. */
function runOn(b: Backend, k: Kernel, ins: TypedArray[]): TypedArray {
  return b.read(b.run(b.compile(k), ins.map((a, j) => b.fromTyped(a, k.inputs[j]))));
}

/** The kernel gives identical bits (NaNs equal, −0 ≠ +0) on wasm (SIMD and scalar) and on js. */
function same(k: Kernel, ins: TypedArray[], what = ""): void {
  const want = runOn(js, k, ins);
  for (const b of [wasm, wasmScalar]) {
    const got = runOn(b, k, ins);
    assert.equal(got.constructor, want.constructor, what);
    for (let i = 0; i < want.length; i++) {
      if (!Object.is(got[i], want[i])) {
        const args = ins.map((a) => a[i % a.length]);
        assert.fail(`${what} ${b === wasm ? "simd" : "scalar"}: element ${i} of (${args.join(", ")}): wasm ${got[i]}, js ${want[i]}`);
      }
    }
  }
}

const x0 = (d: DType) => load(0, gidx, d);
const x1 = (d: DType) => load(1, gidx, d);

const UNARY: UnaryOp[] = [
  "neg", "abs", "sign", "floor", "ceil", "round", "trunc", "not", "exp", "exp2", "expm1", "log", "log2", "log1p",
  "sqrt", "cbrt", "erf", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh",
  "atanh", "isnan", "isinf", "isfinite",
];
const BINARY: BinaryOp[] = ["add", "sub", "mul", "div", "rem", "pow", "max", "min", "atan2", "and", "or", "xor", "shl", "shr_u", "shr_s", "eq", "ne", "lt", "le", "gt", "ge"];
const PREDICATE = new Set(["isnan", "isinf", "isfinite", "eq", "ne", "lt", "le", "gt", "ge"]);

// ---------------------------------------------------------------------------------------------

describe("wasm encoder", () => {
  test("LEB128", () => {
    const enc = (f: (o: number[], v: number) => void, v: number) => {
      const o: number[] = [];
      f(o, v);
      return o;
    };
    assert.deepEqual(enc(uleb, 0), [0]);
    assert.deepEqual(enc(uleb, 127), [0x7f]);
    assert.deepEqual(enc(uleb, 128), [0x80, 0x01]);
    assert.deepEqual(enc(uleb, 624485), [0xe5, 0x8e, 0x26]);
    assert.deepEqual(enc(sleb, 0), [0]);
    assert.deepEqual(enc(sleb, -1), [0x7f]);
    assert.deepEqual(enc(sleb, 63), [0x3f]);
    assert.deepEqual(enc(sleb, 64), [0xc0, 0x00]);
    assert.deepEqual(enc(sleb, -64), [0x40]);
    assert.deepEqual(enc(sleb, -65), [0xbf, 0x7f]);
    assert.deepEqual(enc(sleb, -123456), [0xc0, 0xbb, 0x78]);
    assert.deepEqual(enc(sleb, -2147483648), [0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  test("a module with imported memory and function, locals, loops and calls", () => {
    const m = new ModuleBuilder();
    m.importMemory("env", "mem", 1);
    const twice = m.importFunction("m", "twice", [F64], [F64]);
    // sum(n): Σ_{i<n} twice(i) with an explicit loop
    const f = new FuncBuilder([I32], [F64]);
    const acc = f.local(F64), i = f.local(I32);
    f.f64(0).set(acc).i32(0).set(i);
    f.block(Op.block).get(i).get(0).op(Op.i32_ge_s).brIf(0).block(Op.loop);
    f.get(acc).get(i).op(Op.f64_convert_i32_s).call(twice).op(Op.f64_add).set(acc);
    f.get(i).i32(1).op(Op.i32_add).tee(i).get(0).op(Op.i32_lt_s).brIf(0);
    f.op(Op.end, Op.end).get(acc);
    m.exportFunction("sum", m.addFunction(f));
    // store(p, x): mem[p] = f32(x)
    const g = new FuncBuilder([I32, F64], []);
    g.get(0).get(1).op(Op.f32_demote_f64).mem(Op.f32_store);
    m.exportFunction("store", m.addFunction(g));
    const bytes = m.encode();
    assert.ok(WebAssembly.validate(bytes));
    const memory = new WebAssembly.Memory({ initial: 1 });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { mem: memory }, m: { twice: (x: number) => 2 * x } });
    const ex = inst.exports as { sum: (n: number) => number; store: (p: number, x: number) => void };
    assert.equal(ex.sum(10), 90);
    assert.equal(ex.sum(0), 0);
    ex.store(8, 1.1);
    assert.equal(new Float32Array(memory.buffer)[2], Math.fround(1.1));
  });

  test("constants of every type and SIMD128 lanes", () => {
    const m = new ModuleBuilder();
    m.importMemory("env", "mem", 1);
    const consts = new FuncBuilder([], [F64]);
    consts.f64(-0.1).f32(1.5).op(Op.f64_promote_f32).op(Op.f64_add).i32(-2147483648).op(Op.f64_convert_i32_s).op(Op.f64_add);
    consts.i64(-5n).op(Op.f64_convert_i64_s).op(Op.f64_add);
    m.exportFunction("consts", m.addFunction(consts));
    // v(p): f32x4 at p ← (f32x4 at p) * 2 + [1, 2, 3, 4]
    const v = new FuncBuilder([I32], []);
    const t = v.local(V128);
    v.get(0).simdMem(Simd.v128_load, 0).f32(2).simd(Simd.f32x4_splat).simd(Simd.f32x4_mul).set(t);
    v.get(0).get(t).v128Const(new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer)).simd(Simd.f32x4_add).simdMem(Simd.v128_store, 0);
    m.exportFunction("v", m.addFunction(v));
    const bytes = m.encode();
    assert.ok(WebAssembly.validate(bytes));
    const memory = new WebAssembly.Memory({ initial: 1 });
    const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { mem: memory } }).exports as {
      consts: () => number;
      v: (p: number) => void;
    };
    assert.equal(ex.consts(), -0.1 + 1.5 - 2147483648 - 5);
    const f = new Float32Array(memory.buffer, 16, 4);
    f.set([10, 20, 30, 40]);
    ex.v(16);
    assert.deepEqual([...f], [21, 42, 63, 84]);
  });
});

describe("wasm kernels agree with the reference backend bit for bit", () => {
  test("every unary op on every dtype, edge and random inputs", () => {
    const r = rng(1);
    for (const d of DTYPES) {
      const xs = typed(d, [...EDGES[d], ...randomValues(d, 200, r)]);
      for (const op of UNARY) {
        const od: DType = PREDICATE.has(op) ? "bool" : d;
        same({ inputs: [d], out: od, size: xs.length, expr: un(op, x0(d), od) }, [xs], `${op}:${d}`);
      }
    }
  });

  test("every binary op on every dtype, all pairs of edge values and random inputs", () => {
    const r = rng(2);
    for (const d of DTYPES) {
      const e = EDGES[d];
      const a = [...e.flatMap((v) => e.map(() => v)), ...randomValues(d, 300, r)];
      const b = [...e.flatMap(() => e), ...randomValues(d, 300, r)];
      for (const op of BINARY) {
        const od: DType = PREDICATE.has(op) ? "bool" : d;
        same({ inputs: [d, d], out: od, size: a.length, expr: bin(op, x0(d), x1(d), od) }, [typed(d, a), typed(d, b)], `${op}:${d}`);
      }
    }
  });

  test("binary ops with mixed operand dtypes", () => {
    const r = rng(3);
    const pairs: [DType, DType][] = [["int32", "uint32"], ["uint32", "int32"], ["bool", "int32"], ["int32", "float64"], ["float32", "float64"]];
    for (const [da, db] of pairs) {
      const a = [...EDGES[da], ...randomValues(da, 100, r)];
      const b = [...EDGES[db].slice(0, a.length), ...randomValues(db, a.length, r)].slice(0, a.length);
      for (const op of BINARY) {
        const od: DType = PREDICATE.has(op) ? "bool" : da;
        same({ inputs: [da, db], out: od, size: a.length, expr: bin(op, x0(da), x1(db), od) }, [typed(da, a), typed(db, b)], `${op}:${da},${db}`);
      }
    }
  });

  test("casts between every pair of dtypes", () => {
    const r = rng(4);
    for (const from of DTYPES) {
      const xs = typed(from, [...EDGES[from], ...randomValues(from, 100, r)]);
      for (const to of DTYPES) same({ inputs: [from], out: to, size: xs.length, expr: cast(x0(from), to) }, [xs], `${from}→${to}`);
    }
  });

  test("select on bool, int and float conditions; constants of every dtype", () => {
    for (const cd of DTYPES) {
      const c = typed(cd, EDGES[cd]);
      for (const d of DTYPES) {
        const t = typed(d, EDGES[d].slice(0, c.length).concat(randomValues(d, c.length, rng(5))).slice(0, c.length));
        const expr = select(x0(cd), load(1, gidx, d), fconst(d === "bool" ? 1 : 7.5, d));
        same({ inputs: [cd, d], out: d, size: c.length, expr }, [c, t], `select ${cd} ? ${d}`);
      }
    }
  });

  test("fused float expressions (random trees)", () => {
    const r = rng(6);
    const ops: BinaryOp[] = ["add", "sub", "mul", "div", "max", "min", "pow"];
    const uns: UnaryOp[] = ["neg", "abs", "sqrt", "exp", "sin", "floor", "round", "tanh"];
    for (const d of ["float32", "float64"] as DType[]) {
      for (let trial = 0; trial < 40; trial++) {
        const build = (depth: number): Expr => {
          const p = r();
          if (depth === 0 || p < 0.2) return p < 0.05 ? fconst(0.1, d) : load(Math.floor(r() * 2), gidx, d);
          if (p < 0.5) return un(uns[Math.floor(r() * uns.length)], build(depth - 1));
          if (p < 0.6) return cast(cast(build(depth - 1), d === "float32" ? "float64" : "float32"), d);
          return bin(ops[Math.floor(r() * ops.length)], build(depth - 1), build(depth - 1));
        };
        const n = 37;
        const ins = [typed(d, randomValues(d, n, r)), typed(d, [...EDGES[d], ...randomValues(d, n, r)].slice(0, n))];
        same({ inputs: [d, d], out: d, size: n, expr: build(4) }, ins, `tree ${trial}:${d}`);
      }
    }
  });
});

describe("wasm reductions and index arithmetic", () => {
  const ROWS = 5;
  const rowKernel = (op: ReduceOp, d: DType, cols: number): Kernel => ({
    inputs: [d],
    out: op === "argmax" || op === "argmin" ? "int32" : d,
    size: ROWS,
    expr: load(0, iadd(imul(gidx, cols), ridx), d),
    reduce: { op, size: cols },
  });

  test("sum, prod, max, min, argmax, argmin over every dtype (NaN, ties, empty)", () => {
    const r = rng(7);
    for (const d of DTYPES) {
      for (const cols of [0, 1, 3, 17]) {
        const base = [...EDGES[d], ...randomValues(d, ROWS * cols, r)];
        const xs = typed(d, base.slice(0, ROWS * cols));
        for (const op of ["sum", "prod", "max", "min", "argmax", "argmin"] as ReduceOp[]) same(rowKernel(op, d, cols), [xs], `${op}:${d}:${cols}`);
      }
    }
    // a NaN after the max, ties: the first occurrence wins; NaN wins
    const f = new Float64Array([1, 3, 3, NaN, 2, 0, -0, 0, 5, 5, NaN, NaN, -Infinity, -Infinity, 0, 1, 2, 3, 4, 5]);
    for (const op of ["argmax", "argmin", "max", "min"] as ReduceOp[]) same(rowKernel(op, "float64", 4), [f], op);
  });

  test("a dot product kernel accumulates like the reference (float32 in doubles)", () => {
    const [m, kk, n] = [7, 13, 5];
    const r = rng(8);
    const a = typed("float32", randomValues("float32", m * kk, r)), b = typed("float32", randomValues("float32", kk * n, r));
    const row = idiv(gidx, n), col = imod(gidx, n);
    const expr = bin("mul", load(0, iadd(imul(row, kk), ridx), "float32"), load(1, iadd(imul(ridx, n), col), "float32"));
    same({ inputs: ["float32", "float32"], out: "float32", size: m * n, expr, reduce: { op: "sum", size: kk } }, [a, b], "dot");
  });

  test("transpose, pad with negative offsets, gather with clamping, concatenate of short inputs", () => {
    const r = rng(9);
    const x = typed("float32", randomValues("float32", 24, r));
    // transpose [2,3,4] → [4,2,3]
    const [i0, i1, i2] = [idiv(gidx, 6), imod(idiv(gidx, 3), 2), imod(gidx, 3)];
    same({ inputs: ["float32"], out: "float32", size: 24, expr: load(0, iadd(iadd(imul(i1, 12), imul(i2, 4)), i0), "float32") }, [x], "transpose");
    // pad a length-24 vector by 3 on the left: index gidx − 3 is negative in the unselected branch
    const rel = iadd(gidx, iconst(-3));
    const inside = bin("and", bin("ge", rel, iconst(0), "bool"), bin("lt", rel, iconst(24), "bool"), "bool");
    same({ inputs: ["float32"], out: "float32", size: 30, expr: select(inside, load(0, rel, "float32"), fconst(-1, "float32")) }, [x], "pad");
    // gather with an int index input, clamped into range
    const idx = typed("int32", [0, 5, -3, 100, 23, 7]);
    const pos = bin("max", bin("min", load(1, gidx, "int32"), iconst(23)), iconst(0));
    same({ inputs: ["float32", "int32"], out: "float32", size: 6, expr: load(0, pos, "float32") }, [x, idx], "gather");
    // concatenate [3] and [4]: the first input is read at gidx beyond its length in the unselected branch
    const a = typed("float64", [1, 2, 3]), b = typed("float64", [4, 5, 6, 7]);
    const expr = select(bin("ge", gidx, iconst(3), "bool"), load(1, iadd(gidx, iconst(-3)), "float64"), load(0, gidx, "float64"));
    same({ inputs: ["float64", "float64"], out: "float64", size: 7, expr }, [a, b], "concatenate");
  });

  test("integer index arithmetic with int32 extremes", () => {
    const xi = typed("int32", EDGES.int32);
    const expr = bin("add", bin("mul", x0("int32"), iconst(65537)), bin("rem", x0("int32"), iconst(7)));
    same({ inputs: ["int32"], out: "int32", size: xi.length, expr }, [xi], "int arithmetic");
    const dv = bin("div", x0("int32"), iconst(-1));
    same({ inputs: ["int32"], out: "int32", size: xi.length, expr: dv }, [xi], "div by -1");
  });
});

describe("wasm SIMD", () => {
  const f32 = (n: number, seed: number) => typed("float32", [...EDGES.float32, ...randomValues("float32", n, rng(seed))].slice(0, n));
  const f64 = (n: number, seed: number) => typed("float64", [...EDGES.float64, ...randomValues("float64", n, rng(seed))].slice(0, n));

  test("vectorised kernels (f32x4 and f64x2) match scalar code and the reference, with scalar tails", () => {
    const cases: [string, Kernel, number][] = [];
    for (const n of [1, 2, 3, 4, 5, 7, 8, 33, 1001]) {
      cases.push([`f32 mul ${n}`, { inputs: ["float32", "float32"], out: "float32", size: n, expr: bin("mul", x0("float32"), x1("float32")) }, 4]);
      cases.push([`f32 sqrt ${n}`, { inputs: ["float32"], out: "float32", size: n, expr: un("sqrt", x0("float32")) }, 4]);
      cases.push([`f32 fused ${n}`, { inputs: ["float32", "float32"], out: "float32", size: n, expr: bin("add", bin("mul", x0("float32"), x1("float32")), fconst(0.1, "float32")) }, 4]);
      cases.push([`f64 div ${n}`, { inputs: ["float64", "float64"], out: "float64", size: n, expr: bin("div", x0("float64"), x1("float64")) }, 2]);
      cases.push([`f64 max/round ${n}`, { inputs: ["float64", "float64"], out: "float64", size: n, expr: un("round", bin("max", x0("float64"), x1("float64"))) }, 2]);
      cases.push([`mixed ${n}`, { inputs: ["float32", "float64"], out: "float64", size: n, expr: bin("min", cast(x0("float32"), "float64"), un("exp", x1("float64"))) }, 2]);
      cases.push([`f64→f32 ${n}`, { inputs: ["float64"], out: "float32", size: n, expr: cast(un("sin", x0("float64")), "float32") }, 2]);
    }
    for (const [name, k, lanes] of cases) {
      assert.equal(wasm.simdLanes(wasm.compile(k)), lanes, name);
      assert.equal(wasmScalar.simdLanes(wasmScalar.compile(k)), 0, name);
      const ins = k.inputs.map((d, j) => (d === "float32" ? f32(k.size, j + 1) : f64(k.size, j + 11)));
      same(k, ins, name);
    }
  });

  test("kernels with integers or strided loads stay scalar", () => {
    const ks: Kernel[] = [
      { inputs: ["int32"], out: "int32", size: 8, expr: bin("add", x0("int32"), x0("int32")) },
      { inputs: ["float32"], out: "float32", size: 4, expr: load(0, imul(gidx, 2), "float32") },
    ];
    for (const k of ks) assert.equal(wasm.simdLanes(wasm.compile(k)), 0);
  });
});

describe("wasm native float64 math", () => {
  const bits = new BigInt64Array(1), f = new Float64Array(bits.buffer);
  /** Position on the ordered line of doubles (so ulp distance is a difference). */
  const ord = (x: number): bigint => {
    f[0] = x;
    return bits[0] < 0n ? -(bits[0] & 0x7fffffffffffffffn) : bits[0];
  };
  const ulps = (a: number, b: number): number => (Object.is(a, b) || (a !== a && b !== b) ? 0 : a !== a || b !== b ? Infinity : Math.abs(Number(ord(a) - ord(b))));
  const EDGE = [NaN, 0, -0, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-310, 1, -1, 2, 0.5, Math.SQRT2, Math.SQRT1_2,
    709.782712893384, 709.7827128933841, 710, -708.4, -745.1332191019411, -745.1332191019412, -746, 1e-17, -1e-300, 1.7976931348623157e308,
    Math.PI, Math.PI / 2, -Math.PI / 2, Math.PI / 4, 3 * Math.PI / 4, 1e5 * Math.PI, 823549, 823551, -1e6, 1e22];
  const grid = (lo: number, hi: number, n: number) => Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  const native = new WasmBackend(), nativeScalar = new WasmBackend({ simd: false });
  const cases: [UnaryOp, (x: number) => number, Float64Array[]][] = [
    ["exp", Math.exp, [grid(-746, 710, 200001), grid(-1, 1, 100001)]],
    ["log", Math.log, [grid(0, 4, 200001), Float64Array.from(grid(-700, 700, 100001), Math.exp), grid(1e300, 1.7e308, 1001)]],
    ["sin", Math.sin, [grid(-20, 20, 200001), grid(-1e6, 1e6, 100001), grid(-1e-6, 1e-6, 1001)]],
    ["cos", Math.cos, [grid(-20, 20, 200001), grid(-1e6, 1e6, 100001), grid(-1e-6, 1e-6, 1001)]],
  ];
  for (const [op, ref, grids] of cases) {
    test(`${op} is within 1 ulp of Math.${op} (dense grids and edge values; SIMD and scalar)`, () => {
      for (const xs of [...grids, Float64Array.from(EDGE)]) {
        const k: Kernel = { inputs: ["float64"], out: "float64", size: xs.length, expr: un(op, x0("float64")) };
        for (const b of [native, nativeScalar]) {
          const y = runOn(b, k, [xs]);
          for (let i = 0; i < xs.length; i++) {
            const u = ulps(y[i], ref(xs[i]));
            if (u > 1) assert.fail(`${op}(${xs[i]}): ${y[i]} vs Math ${ref(xs[i])} (${u} ulp)`);
          }
        }
      }
    });
  }

  test("float32 kernels with native math stay within 1 float32 ulp of the reference", () => {
    const xs = typed("float32", [...EDGES.float32, ...randomValues("float32", 2000, rng(12))]);
    for (const op of ["exp", "log", "sin", "cos"] as UnaryOp[]) {
      const k: Kernel = { inputs: ["float32"], out: "float32", size: xs.length, expr: un(op, x0("float32")) };
      const [got, want] = [runOn(native, k, [xs]), runOn(js, k, [xs])];
      for (let i = 0; i < xs.length; i++) {
        const ok = Object.is(got[i], want[i]) || Math.abs(got[i] - want[i]) <= Math.abs(want[i]) * 2 ** -23;
        assert.ok(ok, `${op}(${xs[i]}): ${got[i]} vs ${want[i]}`);
      }
    }
  });

  test("the split constants are ln 2 and π/2 to ~150 bits (re-derived with BigInt series)", () => {
    const P = 300n;
    const { ONE, LN2: ln2, PI } = fixedPointConstants(P);
    const pio2 = PI / 2n;
    /** The exact value of a double in units of 2^-P. */
    const fix = (d: number): bigint => {
      f[0] = Math.abs(d);
      const e = Number((bits[0] >> 52n) & 0x7ffn), m = (bits[0] & ((1n << 52n) - 1n)) | 1n << 52n;
      const v = e - 1075 + Number(P) >= 0 ? m << BigInt(e - 1075 + Number(P)) : m >> BigInt(-(e - 1075 + Number(P)));
      return d < 0 ? -v : v;
    };
    const C = MATH_CONSTANTS;
    const err = (v: bigint) => Number(v < 0n ? -v : v) / Number(ONE);
    assert.ok(err(ln2 - fix(C.LN2_HI) - fix(C.LN2_LO)) < 2 ** -85);
    assert.ok(err(pio2 - fix(C.PIO2_1) - fix(C.PIO2_2) - fix(C.PIO2_3) - fix(C.PIO2_4)) < 2 ** -150);
    for (const hi of [C.LN2_HI, C.PIO2_1, C.PIO2_2, C.PIO2_3]) {
      f[0] = hi;
      assert.equal(bits[0] & ((1n << 20n) - 1n), 0n, `${hi} keeps ≤ 33 significant bits`);
    }
  });
});

describe("wasm routines", () => {
  test("sort, cumulative and scatter_add agree with the reference", () => {
    const x = new Float32Array([3, NaN, -1, 2, 2, -0, 0, 5, 1, 4, -2, 6]);
    const onBoth = (f: (b: Backend) => TypedArray[]) => {
      const [a, c] = [f(js), f(wasm)];
      assert.deepEqual(c.map((t) => [...t]), a.map((t) => [...t]));
    };
    onBoth((b) => b.routine("sort", [b.fromTyped(x, "float32")], { shape: [3, 4] }).map((r) => b.read(r)));
    for (const op of ["sum", "prod", "max", "min"] as const) {
      for (const reverse of [false, true]) {
        onBoth((b) => b.routine("cumulative", [b.fromTyped(x, "float32")], { shape: [3, 4], axis: 1, op, reverse }).map((r) => b.read(r)));
      }
    }
    const idx = new Int32Array([2, 0, 2]);
    const upd = new Float64Array([1, 2, 3, 4, 5, 6]);
    onBoth((b) => b.routine("scatter_add", [b.fromTyped(idx, "int32"), b.fromTyped(upd, "float64")], { outShape: [2, 3], axis: 1, idxSize: 3 }).map((r) => b.read(r)));
  });

  /** The routine gives identical bits (NaNs equal, −0 ≠ +0) on wasm and js. */
  const sameRoutine = <N extends "sort" | "cumulative" | "scatter_add">(name: N, ins: [TypedArray, DType][], params: RoutineParams[N], what: string) => {
    const run = (b: Backend) => b.routine(name, ins.map(([a, d]) => b.fromTyped(a, d)), params).map((r) => b.read(r));
    const [want, got] = [run(js), run(wasm)];
    assert.equal(got.length, want.length, what);
    want.forEach((w, o) => {
      assert.equal(got[o].constructor, w.constructor, what);
      assert.equal(got[o].length, w.length, what);
      for (let i = 0; i < w.length; i++) if (!Object.is(got[o][i], w[i])) assert.fail(`${what}: output ${o}[${i}]: wasm ${got[o][i]}, js ${w[i]}`);
    });
  };
  /** Random values with many duplicates and the dtype's edge values (NaN, ±0, ±Inf …). */
  const routineValues = (d: DType, n: number, r: () => number) => {
    const edges = EDGES[d], rand = randomValues(d, 16, r);
    return typed(d, Array.from({ length: n }, () => (r() < 0.3 ? edges[Math.floor(r() * edges.length)] : rand[Math.floor(r() * rand.length)])));
  };
  const SHAPES = [[0], [1], [7], [3, 4], [2, 3, 5], [4, 1, 6], [64, 300]];

  test("sort: every dtype and shape, stable, NaN last, ±0 tied (small and wasm-resident buffers)", () => {
    const r = rng(31);
    for (const d of DTYPES) for (const shape of [[], ...SHAPES]) {
      const x = routineValues(d, shape.reduce((a, b) => a * b, 1), r);
      sameRoutine("sort", [[x, d]], { shape }, `sort ${d} [${shape}]`);
    }
  });

  test("cumulative: every op, direction, axis and dtype, accumulated in the stored dtype", () => {
    const r = rng(32);
    for (const d of DTYPES) for (const shape of SHAPES) for (let axis = 0; axis < shape.length; axis++) {
      const x = routineValues(d, shape.reduce((a, b) => a * b, 1), r);
      for (const op of ["sum", "prod", "max", "min"] as const) {
        for (const reverse of [false, true]) sameRoutine("cumulative", [[x, d]], { shape, axis, op, reverse }, `cumulative ${op} ${d} [${shape}] axis ${axis}${reverse ? " reverse" : ""}`);
      }
    }
  });

  test("scatter_add: every axis and dtype, repeated and clamped (negative, too large) indices", () => {
    const r = rng(33);
    for (const d of DTYPES) for (const outShape of [[5], [3, 4], [2, 3, 5], [40, 9, 30]]) for (let axis = 0; axis < outShape.length; axis++) {
      const dim = outShape[axis];
      for (const idxSize of [0, 1, 4, 2 * dim + 3]) {
        const idx = new Int32Array(Array.from({ length: idxSize }, () => Math.floor((r() - 0.2) * 1.5 * dim)));
        if (idxSize > 2) idx[0] = idx[1] = -2147483648;
        const upd = routineValues(d, (outShape.reduce((a, b) => a * b, 1) / dim) * idxSize, r);
        sameRoutine("scatter_add", [[idx, "int32"], [upd, d]], { outShape, axis, idxSize }, `scatter_add ${d} [${outShape}] axis ${axis} × ${idxSize}`);
      }
    }
  });
});

describe("wasm memory", () => {
  test("size classes waste at most a quarter and are 16-byte multiples", () => {
    for (let n = 1; n < 1e6; n = Math.ceil(n * 1.37)) {
      const c = sizeClass(n);
      assert.ok(c >= n && c % 16 === 0 && (n < 64 || c <= n * 1.25), `class of ${n}: ${c}`);
    }
  });

  test("allocate/release loops reuse memory: byteLength stays flat", () => {
    const b = new WasmBackend();
    const k: Kernel = { inputs: ["float32"], out: "float32", size: 100000, expr: un("exp", x0("float32")) };
    const exe = b.compile(k);
    const x = b.fromTyped(new Float32Array(100000).fill(1), "float32");
    let first = 0;
    for (let it = 0; it < 200; it++) {
      const y = b.run(exe, [x]);
      const z = b.alloc("float64", 1000 + (it % 7) * 100);
      b.release(y);
      b.release(z);
      if (it === 1) first = b.memory.buffer.byteLength;
    }
    assert.equal(b.memory.buffer.byteLength, first);
    assert.equal(b.memoryStats().live, sizeClass(400000));
  });

  test("freed blocks of mixed sizes coalesce into a larger block before the memory grows", () => {
    const b = new WasmBackend();
    const smalls = Array.from({ length: 100 }, (_, i) => b.alloc("float64", 1000 + i * 37)); // ≈ 2.3 MB in all
    smalls.forEach((s) => b.release(s));
    const capacity = b.memory.buffer.byteLength;
    for (let i = 0; i < 20; i++) b.release(b.alloc("float64", 200000)); // 1.6 MB
    assert.equal(b.memory.buffer.byteLength, capacity);
  });

  test("a synchronous loop that never releases stays bounded: buffers are evicted and restored intact", () => {
    const b = new WasmBackend();
    const k: Kernel = { inputs: ["float64"], out: "float64", size: 100000, expr: bin("add", x0("float64"), fconst(1, "float64")) };
    const exe = b.compile(k);
    let x = b.fromTyped(new Float64Array(100000), "float64");
    const keptData = Float64Array.from({ length: 1000 }, (_, i) => i);
    const kept = b.fromTyped(keptData, "float64");
    for (let it = 0; it < 200; it++) x = b.run(exe, [x]); // 160 MB allocated, none released
    assert.ok(b.memoryStats().evictions > 0);
    assert.ok(b.memory.buffer.byteLength < 64 * 2 ** 20, `capacity ${b.memory.buffer.byteLength}`);
    const y = b.read(x);
    assert.ok(y.every((v) => v === 200));
    assert.deepEqual(b.read(kept), keptData);
    // an evicted buffer is restored when a kernel reads it
    const k3: Kernel = { inputs: ["float64"], out: "float64", size: 1000, expr: bin("mul", x0("float64"), fconst(2, "float64")) };
    assert.deepEqual(b.read(b.run(b.compile(k3), [kept])), keptData.map((v) => 2 * v));
  });

  test("small buffers live on the JS heap and are staged into wasm memory only during a call", () => {
    const b = new WasmBackend();
    const k: Kernel = { inputs: ["float32", "float32"], out: "float32", size: 3, expr: bin("add", x0("float32"), x1("float32")) };
    const exe = b.compile(k);
    const a = b.fromTyped(new Float32Array([1, 2, 3]), "float32");
    let y = b.run(exe, [a, a]);
    const live = b.memoryStats().live; // the staging block
    for (let i = 1; i < 10000; i++) y = b.run(exe, [y, a]);
    assert.deepEqual([...b.read(y)], [10001, 20002, 30003]);
    assert.equal(b.memoryStats().live, live);
    assert.equal(b.memoryStats().resident, 0);
    // a small output aliasing its input
    const x = b.fromTyped(new Float32Array([1, 2, 3]), "float32");
    b.run(exe, [x, x], x);
    assert.deepEqual([...b.read(x)], [2, 4, 6]);
  });

  test("run rejects mismatched buffers instead of corrupting memory", () => {
    const b = new WasmBackend();
    const k: Kernel = { inputs: ["float32"], out: "float32", size: 2000, expr: un("neg", x0("float32")) };
    const exe = b.compile(k);
    const x = b.alloc("float32", 2000);
    assert.throws(() => b.run(exe, [b.alloc("float64", 2000)]), /input 0 is float64/);
    assert.throws(() => b.run(exe, [x], b.alloc("float32", 1000)), /output buffer/);
    assert.throws(() => b.run(exe, [x], b.alloc("int32", 2000)), /output buffer/);
    b.release(x);
    assert.throws(() => b.run(exe, [x]), /released/);
  });

  // each FinalizationRegistry registration stays on the heap until an event-loop turn, so a long
  // synchronous loop reuses the handles of buffers released explicitly instead of registering new ones
  test("handles of released large buffers are recycled (after a delay), so synchronous loops do not grow the registry", () => {
    const b = new WasmBackend();
    const seen = new Set<unknown>();
    for (let i = 0; i < 1000; i++) {
      const buf = b.alloc("float32", 5000);
      seen.add(buf);
      b.release(buf);
    }
    assert.ok(seen.size <= 70, `${seen.size} distinct handles for 1000 buffers`);
    const x = b.alloc("float32", 5000);
    b.release(x);
    assert.notEqual(b.alloc("float32", 5000), x); // a just-released handle is not handed out again at once
  });

  // FinalizationRegistry records of dead buffers wait for an event-loop turn: a synchronous loop must not pile them up
  test("at most MAX_PENDING buffers are registered between two event-loop turns; the rest come back by eviction", async () => {
    const b = new WasmBackend();
    for (let i = 0; i < 3 * MAX_PENDING; i++) b.alloc("float32", 2000); // 8 KB each, never released
    assert.equal(b.memoryStats().pending, MAX_PENDING);
    assert.ok(b.memoryStats().evictions > 0); // 24 MB made in all: the unregistered ones were evicted
    assert.ok(b.memoryStats().capacity < 16 * 2 ** 20, `capacity ${b.memoryStats().capacity}`);
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(b.memoryStats().pending, 0); // the loop turned: registering again
    b.alloc("float32", 2000);
    assert.equal(b.memoryStats().pending, 1);
  });

  test("unreachable buffers return to the allocator (FinalizationRegistry)", async () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const b = new WasmBackend();
    for (let i = 0; i < 100; i++) b.alloc("float32", 10000);
    assert.equal(b.memoryStats().live, 100 * sizeClass(40000));
    for (let round = 0; round < 10 && b.memoryStats().live > 0; round++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(b.memoryStats().live, 0);
    assert.ok(b.memoryStats().cached >= 100 * sizeClass(40000));
  });

  test("views survive memory.grow; read returns a copy; release is idempotent", () => {
    const b = new WasmBackend();
    const data = Float64Array.from({ length: 1000 }, (_, i) => i); // large enough to live in wasm memory
    const a = b.fromTyped(data, "float64");
    const before = b.memory.buffer;
    const huge = b.alloc("float64", 4_000_000); // forces growth
    assert.notEqual(b.memory.buffer, before);
    const got = b.read(a);
    assert.deepEqual(got, data);
    got[0] = 99;
    assert.deepEqual(b.read(a), data);
    const k: Kernel = { inputs: ["float64"], out: "float64", size: 1000, expr: bin("mul", x0("float64"), fconst(2, "float64")) };
    assert.deepEqual(b.read(b.run(b.compile(k), [a])), data.map((v) => 2 * v));
    b.release(huge);
    b.release(huge);
    assert.throws(() => b.read(huge), /released/);
  });
});
